//! Writes the hostile uploads of the upload benchmark into DIR:
//! `goc.xlsx` (A1 and XFD1048576), `bom.xlsx` (8 GiB of XML),
//! `loi.xlsx` (500,000 rows, two million faulty cells) and
//! `loi-it.xlsx` (20,000 rows, 80,000 faulty cells).
//! Usage: hostile_files DIR

use tdkt_documents::hostile;

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&dir)?;
    for (name, bytes) in [
        ("goc.xlsx", hostile::sparse_corners()),
        ("bom.xlsx", hostile::zip_bomb(8)),
        ("loi.xlsx", hostile::faulty_cells(500_000)),
        ("loi-it.xlsx", hostile::faulty_cells(20_000)),
    ] {
        std::fs::write(dir.join(name), &bytes)?;
        println!("{name}: {} bytes", bytes.len());
    }
    Ok(())
}
