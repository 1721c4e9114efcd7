//! The baseline of the import benchmark: calamine alone reading every cell of
//! the first sheet of a workbook with the streaming cell reader
//! (`worksheet_cells_reader`), the reader the staff import uses, taking each
//! value as the import does. `calamine_read FILE.xlsx`.

use calamine::{Data, Reader};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("cách dùng: calamine_read TỆP.xlsx");
        std::process::exit(2);
    };
    let mut wb: calamine::Xlsx<_> = match calamine::open_workbook(&path) {
        Ok(wb) => wb,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let name = wb.sheet_names()[0].clone();
    let mut cells = match wb.worksheet_cells_reader(&name) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let mut n = 0usize;
    let mut text = 0usize;
    loop {
        match cells.next_cell() {
            Ok(Some(cell)) => {
                n += 1;
                if let Data::String(s) = Data::from(cell.get_value().clone()) {
                    text += s.len();
                }
            }
            Ok(None) => break,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
    }
    println!("{n} ô ({text} byte chữ)");
}
