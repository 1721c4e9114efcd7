//! The baseline of the import benchmark: calamine alone reading every cell of
//! the first sheet of a workbook. `calamine_read FILE.xlsx`.

use calamine::Reader;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("cách dùng: calamine_read TỆP.xlsx");
        std::process::exit(2);
    };
    let mut wb = match calamine::open_workbook_auto(&path) {
        Ok(wb) => wb,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let name = wb.sheet_names()[0].clone();
    match wb.worksheet_range(&name) {
        Ok(r) => println!("{} ô", r.used_cells().count()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
