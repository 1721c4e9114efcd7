//! The statutory statistics of TT 02/2023/TT-BNV as a workbook: one sheet per
//! form in its layout — the form's code and receiving date at the top left,
//! the reporting and receiving bodies at the top right, the title and year,
//! the grid with its lettered and numbered header row, the signatures below.

use crate::sheet_style::merge;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use tdkt_domain::reports::statutory::Form;

/// Who reports, for the heading of every sheet.
#[derive(Debug, Clone)]
pub struct Reporter {
    /// "Ban Dân tộc tỉnh Khánh Hòa".
    pub body: String,
    /// "Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương)".
    pub receiver: String,
    pub year: i32,
    /// "Khánh Hòa, ngày … tháng … năm …".
    pub date_line: String,
}

/// The forms, one sheet each, in the order given.
pub fn write_forms(forms: &[Form], r: &Reporter) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let font = "Times New Roman";
    let plain = Format::new()
        .set_font_name(font)
        .set_font_size(11)
        .set_text_wrap();
    let bold = plain.clone().set_bold();
    let center = plain.clone().set_align(FormatAlign::Center);
    let title = bold
        .clone()
        .set_font_size(13)
        .set_align(FormatAlign::Center);
    let italic_center = center.clone().set_italic();
    let head = bold
        .clone()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let cell = plain.clone().set_border(FormatBorder::Thin);
    let cell_bold = bold.clone().set_border(FormatBorder::Thin);
    let num = center.clone().set_border(FormatBorder::Thin);
    let num_bold = num.clone().set_bold();
    for f in forms {
        let ws = wb.add_worksheet();
        ws.set_name(f.code.split('/').next().unwrap_or(f.code))?;
        let last = (f.columns.len() + 1) as u16;
        let mid = last / 2;
        ws.set_column_width(0, 7)?;
        ws.set_column_width(1, 46)?;
        for j in 2..=last {
            ws.set_column_width(j, 12)?;
        }
        merge(ws, 0, 0, 0, mid, &format!("Biểu số: {}", f.code), &bold)?;
        merge(
            ws,
            1,
            0,
            1,
            mid,
            "Ban hành kèm theo Thông tư số 02/2023/TT-BNV",
            &plain,
        )?;
        merge(
            ws,
            2,
            0,
            2,
            mid,
            "Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo",
            &plain,
        )?;
        merge(
            ws,
            0,
            mid + 1,
            0,
            last,
            &format!("Đơn vị báo cáo: {}", r.body),
            &plain,
        )?;
        merge(
            ws,
            1,
            mid + 1,
            1,
            last,
            &format!("Đơn vị nhận báo cáo: {}", r.receiver),
            &plain,
        )?;
        merge(ws, 4, 0, 4, last, f.title, &title)?;
        merge(
            ws,
            5,
            0,
            5,
            last,
            &format!("Năm {}", r.year),
            &italic_center,
        )?;
        merge(ws, 6, 0, 6, last, f.unit, &italic_center)?;
        // Header: A (number), B (row), then the columns; under them their letters/numbers.
        ws.set_row_height(8, 60)?;
        ws.write_with_format(8, 0, "STT", &head)?;
        ws.write_with_format(8, 1, "Chỉ tiêu", &head)?;
        ws.write_with_format(9, 0, "A", &head)?;
        ws.write_with_format(9, 1, "B", &head)?;
        for (j, c) in f.columns.iter().enumerate() {
            ws.write_with_format(8, 2 + j as u16, c, &head)?;
            ws.write_with_format(9, 2 + j as u16, (j + 1).to_string(), &head)?;
        }
        for (i, row) in f.rows.iter().enumerate() {
            let r_ = 10 + i as u32;
            let (lf, nf) = if row.heading {
                (&cell_bold, &num_bold)
            } else {
                (&cell, &num)
            };
            ws.write_with_format(r_, 0, &row.number, lf)?;
            ws.write_with_format(r_, 1, &row.label, lf)?;
            for (j, v) in row.cells.iter().enumerate() {
                match v {
                    Some(n) => ws.write_with_format(r_, 2 + j as u16, *n as f64, nf)?,
                    None => ws.write_with_format(r_, 2 + j as u16, "", nf)?,
                };
            }
        }
        let foot = 11 + f.rows.len() as u32;
        merge(ws, foot, mid + 1, foot, last, &r.date_line, &italic_center)?;
        merge(
            ws,
            foot + 1,
            0,
            foot + 1,
            mid,
            "NGƯỜI LẬP BIỂU",
            &bold.clone().set_align(FormatAlign::Center),
        )?;
        merge(
            ws,
            foot + 1,
            mid + 1,
            foot + 1,
            last,
            "THỦ TRƯỞNG ĐƠN VỊ",
            &bold.clone().set_align(FormatAlign::Center),
        )?;
        merge(
            ws,
            foot + 2,
            0,
            foot + 2,
            mid,
            "(Ký, họ tên)",
            &italic_center,
        )?;
        merge(
            ws,
            foot + 2,
            mid + 1,
            foot + 2,
            last,
            "(Ký, họ tên, đóng dấu)",
            &italic_center,
        )?;
        ws.set_freeze_panes(10, 2)?;
    }
    wb.save_to_buffer()
}

/// The forms as one report in the state layout (NĐ 30/2020), for the PDF
/// the Office signs and sends: each form a titled table under the heading.
pub fn forms_document(
    forms: &[Form],
    r: &Reporter,
    parent_body: Option<String>,
    place: &str,
    on: chrono::NaiveDate,
) -> crate::nd30::AdminDocument {
    use crate::nd30::{AdminDocument, Align, Block, Column, DocKind, IssueDate, Signature, Table};
    let mut body = Vec::new();
    for f in forms {
        body.push(Block::Heading(format!("Biểu số {}", f.code)));
        body.push(Block::Heading(f.title.to_uppercase()));
        body.push(Block::Note(format!("Năm {} – {}", r.year, f.unit)));
        let share = 48.0 / f.columns.len().max(1) as f32;
        let mut columns = vec![
            Column::new("STT", 6.0, Align::Center),
            Column::new("Chỉ tiêu", 30.0, Align::Left),
        ];
        columns.extend(
            f.columns
                .iter()
                .map(|c| Column::new(c.clone(), share, Align::Center)),
        );
        body.push(Block::Table(Table {
            columns,
            rows: f
                .rows
                .iter()
                .map(|row| {
                    let mut cells = vec![row.number.clone(), row.label.clone()];
                    cells.extend(
                        row.cells
                            .iter()
                            .map(|c| c.map(|n| n.to_string()).unwrap_or_default()),
                    );
                    cells
                })
                .collect(),
        }));
    }
    AdminDocument {
        parent_body,
        date: IssueDate::On(on),
        title: "BÁO CÁO".into(),
        summary: format!("Thống kê thi đua, khen thưởng năm {}", r.year),
        kinh_gui: vec![r.receiver.clone()],
        body,
        signature: Signature {
            prefix: None,
            authority: None,
            position: "Thủ trưởng cơ quan".into(),
            signer: String::new(),
        },
        recipients: vec![r.receiver.clone()],
        archive: "VT".into(),
        ..AdminDocument::new(DocKind::BaoCao, r.body.to_uppercase(), place.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};
    use tdkt_domain::codes::{AwardCode, AwardKind};
    use tdkt_domain::reports::statutory::{AwardFact, SubjectClass, form_0603};

    #[test]
    fn a_form_reads_back_cell_for_cell() {
        let f = form_0603(
            &[AwardFact {
                award: AwardCode::BkTinh,
                kind: AwardKind::CongTrang,
                subject: SubjectClass::Worker,
            }],
            true,
        );
        let bytes = write_forms(
            std::slice::from_ref(&f),
            &Reporter {
                body: "Ban Dân tộc tỉnh Khánh Hòa".into(),
                receiver: "Bộ Nội vụ".into(),
                year: 2021,
                date_line: "Khánh Hòa, ngày 15 tháng 12 năm 2021".into(),
            },
        )
        .unwrap();
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = wb.worksheet_range("0603.N").unwrap();
        // Row "Tổng số" (first data row, sheet row 11): collectives 0, individuals 1.
        assert_eq!(
            range.get_value((10, 1)).map(|v| v.to_string()),
            Some("Tổng số".into())
        );
        assert_eq!(
            range.get_value((10, 3)).map(|v| v.to_string()),
            Some("1".into())
        );
        assert_eq!(
            range.get_value((9, 2)).map(|v| v.to_string()),
            Some("1".into())
        );
    }
}
