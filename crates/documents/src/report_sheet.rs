//! Working reports as workbooks: each sheet one titled table (the body on
//! top, the title and period, the ruled grid with a bold header and bold
//! total rows), as the Office pastes into its written report.

use crate::sheet_style::{Styles, merge};
use rust_xlsxwriter::{Workbook, XlsxError};

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(i64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Cell {
        Cell::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Number(n)
    }
}

pub struct Row {
    pub cells: Vec<Cell>,
    /// A total or heading row, set bold.
    pub strong: bool,
}

impl Row {
    pub fn plain(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            strong: false,
        }
    }

    pub fn strong(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            strong: true,
        }
    }
}

pub struct Sheet {
    /// The tab's name (at most 31 characters, no `[]:*?/\`).
    pub name: String,
    /// Upper-case title line ("TỔNG HỢP THI ĐUA, KHEN THƯỞNG").
    pub title: String,
    /// The line under it ("Quý II năm 2021").
    pub subtitle: String,
    /// Header texts and column widths (characters).
    pub columns: Vec<(String, f64)>,
    pub rows: Vec<Row>,
}

/// `body` heads every sheet ("BAN DÂN TỘC TỈNH KHÁNH HÒA").
pub fn write(body: &str, sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let st = Styles::new(12.0);
    let (bold, title, italic_center) = (&st.bold, &st.title, &st.italic_center);
    let (head, cell, cell_bold, num, num_bold) = (
        &st.head,
        &st.cell,
        &st.cell_bold,
        &st.number,
        &st.number_bold,
    );
    for s in sheets {
        let ws = wb.add_worksheet();
        let name: String = s
            .name
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        ws.set_name(&name)?;
        let last = s.columns.len().max(1) as u16 - 1;
        for (j, (_, w)) in s.columns.iter().enumerate() {
            ws.set_column_width(j as u16, *w)?;
        }
        merge(ws, 0, 0, 0, last, &body.to_uppercase(), bold)?;
        merge(ws, 2, 0, 2, last, &s.title, title)?;
        merge(ws, 3, 0, 3, last, &s.subtitle, italic_center)?;
        let top = 5;
        for (j, (h, _)) in s.columns.iter().enumerate() {
            ws.write_with_format(top, j as u16, h, head)?;
        }
        ws.set_freeze_panes(top + 1, 0)?;
        for (i, r) in s.rows.iter().enumerate() {
            let row = top + 1 + i as u32;
            for (j, c) in r.cells.iter().enumerate() {
                let col = j as u16;
                match c {
                    Cell::Text(t) => {
                        ws.write_with_format(row, col, t, if r.strong { cell_bold } else { cell })?
                    }
                    Cell::Number(n) => ws.write_number_with_format(
                        row,
                        col,
                        *n as f64,
                        if r.strong { num_bold } else { num },
                    )?,
                    Cell::Empty => ws.write_with_format(row, col, "", cell)?,
                };
            }
        }
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn each_sheet_holds_its_titled_table() {
        let sheets = vec![Sheet {
            name: "Theo đơn vị".into(),
            title: "TỔNG HỢP".into(),
            subtitle: "Quý II năm 2021".into(),
            columns: vec![("Đơn vị".into(), 40.0), ("Đăng ký".into(), 12.0)],
            rows: vec![
                Row::plain(vec!["Phòng A".into(), Cell::from(3u64)]),
                Row::strong(vec!["Cộng".into(), Cell::from(3u64)]),
            ],
        }];
        let bytes = write("Ban Dân tộc", &sheets).unwrap();
        let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let r = x.worksheet_range("Theo đơn vị").unwrap();
        assert_eq!(
            r.get_value((0, 0)),
            Some(&Data::String("BAN DÂN TỘC".into()))
        );
        assert_eq!(r.get_value((5, 1)), Some(&Data::String("Đăng ký".into())));
        assert_eq!(r.get_value((6, 0)), Some(&Data::String("Phòng A".into())));
        assert_eq!(r.get_value((7, 1)), Some(&Data::Float(3.0)));
    }
}
