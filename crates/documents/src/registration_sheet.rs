//! Registration sheets (bản đăng ký thi đua) in Excel: what a department's
//! clerk uploads — STT, Mã cán bộ, Họ và tên, Danh hiệu đăng ký, Chỉ tiêu —
//! and the Office's aggregate (tổng hợp) of every unit's registration.

use crate::table_sheet::{HeaderCells, find_column, read_table};
use crate::workbook::SheetLimits;
use crate::xlsx::column_letter;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use tdkt_domain::codes::AwardCode;
use tdkt_domain::error::{FieldError, Location, Problems};
use tdkt_domain::text::fold;

/// One person's line of an uploaded registration.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistrationRow {
    pub row: u32,
    /// Column letter of the cell naming the person (code if given, else name),
    /// for errors found when the name is looked up.
    pub column: String,
    /// Code if the sheet has the column, else empty.
    pub code: String,
    pub name: String,
    pub titles: Vec<AwardCode>,
    pub targets: String,
}

/// Reads a title as offices write it: "LĐTT", "Lao động tiên tiến",
/// "CSTĐCS", codes like "LDTT"; several may be joined by "," ";" "+" or "và".
pub fn parse_titles(text: &str) -> Result<Vec<AwardCode>, String> {
    let mut out = Vec::new();
    let f = fold(text).replace(" va ", ",");
    for part in f
        .split([',', ';', '+', '/', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let code = AwardCode::ALL.iter().copied().find(|a| {
            fold(a.code()) == part
                || fold(a.label()) == part
                || fold(a.short_label()) == part
                || fold(&a.short_label().replace(' ', "")) == part.replace(' ', "")
        });
        match code {
            Some(c) if !out.contains(&c) => out.push(c),
            Some(_) => {}
            None => return Err(part.to_string()),
        }
    }
    Ok(out)
}

fn err(sheet: &str, row: u32, column: Option<String>, field: &str, message: String) -> FieldError {
    FieldError::new(field, message).at(Location {
        sheet: Some(sheet.to_string()),
        row: Some(row),
        column,
    })
}

/// A read registration sheet: its name, the good rows, and the problems of
/// the other rows (the caller adds its own and refuses the whole file if any).
pub type ReadSheet = (String, Vec<RegistrationRow>, Problems);

/// Fields of a registration sheet, in the order [`header`] answers their columns.
const NAME: usize = 0;
const TITLE: usize = 1;
const CODE: usize = 2;
const TARGETS: usize = 3;

/// The columns of a registration sheet's header: "Họ và tên" and "Danh hiệu…"
/// are required, "Mã cán bộ" and "Chỉ tiêu…" optional.
fn header(heads: &HeaderCells) -> Option<Vec<Option<usize>>> {
    Some(vec![
        Some(find_column(heads, |h| matches!(h, "ho va ten" | "ho ten"))?),
        Some(find_column(heads, |h| h.starts_with("danh hieu"))?),
        find_column(heads, |h| matches!(h, "ma can bo" | "ma cb" | "ma")),
        find_column(heads, |h| h.starts_with("chi tieu")),
    ])
}

/// Reads the first sheet with a "Họ và tên" header and a "Danh hiệu" column
/// (in its first rows), cell by cell within `limits`; `Err` only when the
/// file itself cannot be read as such a sheet.
pub fn read_registration(bytes: &[u8], limits: &SheetLimits) -> Result<ReadSheet, Vec<FieldError>> {
    let mut out = Vec::new();
    let mut errors = Problems::with_cap(limits.max_problems);
    let found = read_table(bytes, limits, header, |sheet, row, texts, columns| {
        let column = |field: usize| columns.get(field).copied().flatten().map(column_letter);
        let (person, title, code, targets) =
            (&texts[NAME], &texts[TITLE], &texts[CODE], &texts[TARGETS]);
        if code.is_empty() && person.is_empty() && title.is_empty() {
            return;
        }
        if person.is_empty() && code.is_empty() {
            errors.push(err(
                sheet,
                row,
                column(NAME),
                "name",
                "Thiếu họ và tên.".into(),
            ));
            return;
        }
        match parse_titles(title) {
            // A person listed without a title does not register (the template lists everyone).
            Ok(titles) if titles.is_empty() => {}
            Ok(titles) => out.push(RegistrationRow {
                row,
                column: column(if code.is_empty() { NAME } else { CODE }).unwrap_or_default(),
                code: code.clone(),
                name: person.clone(),
                titles,
                targets: targets.clone(),
            }),
            Err(bad) => errors.push(err(
                sheet,
                row,
                column(TITLE),
                "titles",
                format!(
                    "Danh hiệu «{}» không rõ: ghi LĐTT, CSTĐCS, CSTĐ tỉnh… hoặc tên đầy đủ.",
                    tdkt_domain::text::clip(&bad, 80)
                ),
            )),
        }
    })?;
    match found {
        Some(name) => Ok((name, out, errors)),
        None => Err(vec![FieldError::new(
            "file",
            "Không tìm thấy dòng tiêu đề có cột «Họ và tên» và «Danh hiệu đăng ký».",
        )]),
    }
}

/// One unit's line of the aggregate.
#[derive(Debug, Clone)]
pub struct UnitSummary {
    pub unit: String,
    pub status: String,
    pub people: u32,
    pub registered: u32,
    pub ldtt: u32,
    pub cstdcs: u32,
    pub other: u32,
    pub collective: String,
}

/// One entry of the detail sheet.
#[derive(Debug, Clone)]
pub struct EntryLine {
    pub unit: String,
    pub code: String,
    pub name: String,
    pub title: String,
    pub targets: String,
}

/// The Office's aggregate workbook: a summary sheet by unit and a detail sheet.
pub fn write_aggregate(
    agency: &str,
    plan_title: &str,
    units: &[UnitSummary],
    entries: &[EntryLine],
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let title = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_align(FormatAlign::Center)
        .set_font_name("Times New Roman");
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_font_name("Times New Roman");
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_font_name("Times New Roman")
        .set_text_wrap();
    let num = cell.clone().set_align(FormatAlign::Center);
    let bold_num = num.clone().set_bold();
    {
        let ws = wb.add_worksheet();
        ws.set_name("Tổng hợp")?;
        ws.merge_range(0, 0, 0, 8, &agency.to_uppercase(), &title)?;
        ws.merge_range(1, 0, 1, 8, "TỔNG HỢP ĐĂNG KÝ THI ĐUA", &title)?;
        ws.merge_range(2, 0, 2, 8, plan_title, &title)?;
        let heads = [
            "STT",
            "Đơn vị",
            "Trạng thái",
            "Số người",
            "Số người đăng ký",
            "LĐTT",
            "CSTĐCS",
            "Danh hiệu khác",
            "Danh hiệu tập thể",
        ];
        for (j, h) in heads.iter().enumerate() {
            ws.write_with_format(4, j as u16, *h, &head)?;
        }
        for (j, w) in [6.0, 34.0, 22.0, 10.0, 12.0, 8.0, 10.0, 12.0, 26.0]
            .iter()
            .enumerate()
        {
            ws.set_column_width(j as u16, *w)?;
        }
        let mut totals = [0u32; 5];
        for (i, u) in units.iter().enumerate() {
            let r = 5 + i as u32;
            ws.write_with_format(r, 0, (i + 1) as f64, &num)?;
            ws.write_with_format(r, 1, &u.unit, &cell)?;
            ws.write_with_format(r, 2, &u.status, &cell)?;
            for (j, v) in [u.people, u.registered, u.ldtt, u.cstdcs, u.other]
                .iter()
                .enumerate()
            {
                ws.write_with_format(r, 3 + j as u16, *v as f64, &num)?;
                totals[j] += v;
            }
            ws.write_with_format(r, 8, &u.collective, &cell)?;
        }
        let r = 5 + units.len() as u32;
        ws.merge_range(r, 0, r, 2, "Tổng cộng", &bold_num)?;
        for (j, v) in totals.iter().enumerate() {
            ws.write_with_format(r, 3 + j as u16, *v as f64, &bold_num)?;
        }
        ws.write_with_format(r, 8, "", &cell)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Chi tiết")?;
        let heads = [
            "STT",
            "Đơn vị",
            "Mã",
            "Họ và tên / Tập thể",
            "Danh hiệu đăng ký",
            "Chỉ tiêu",
        ];
        for (j, h) in heads.iter().enumerate() {
            ws.write_with_format(0, j as u16, *h, &head)?;
        }
        for (j, w) in [6.0, 30.0, 12.0, 30.0, 30.0, 40.0].iter().enumerate() {
            ws.set_column_width(j as u16, *w)?;
        }
        for (i, e) in entries.iter().enumerate() {
            let r = 1 + i as u32;
            ws.write_with_format(r, 0, (i + 1) as f64, &num)?;
            ws.write_with_format(r, 1, &e.unit, &cell)?;
            ws.write_with_format(r, 2, &e.code, &cell)?;
            ws.write_with_format(r, 3, &e.name, &cell)?;
            ws.write_with_format(r, 4, &e.title, &cell)?;
            ws.write_with_format(r, 5, &e.targets, &cell)?;
        }
        if !entries.is_empty() {
            ws.autofilter(0, 0, entries.len() as u32, 5)?;
        }
        ws.set_freeze_panes(1, 0)?;
    }
    wb.save_to_buffer()
}

/// The template a clerk fills: the unit's people, a title column to complete.
pub fn write_template(
    unit: &str,
    people: &[(String, String, String)],
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Đăng ký")?;
    let title = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_align(FormatAlign::Center)
        .set_font_name("Times New Roman");
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_font_name("Times New Roman");
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_font_name("Times New Roman");
    ws.merge_range(
        0,
        0,
        0,
        5,
        &format!("BẢN ĐĂNG KÝ THI ĐUA – {}", unit.to_uppercase()),
        &title,
    )?;
    ws.merge_range(1, 0, 1, 5, "Cột «Danh hiệu đăng ký»: ghi LĐTT, CSTĐCS (cách nhau bằng dấu phẩy); để trống nếu không đăng ký.", &Format::new().set_italic())?;
    for (j, h) in [
        "STT",
        "Mã cán bộ",
        "Họ và tên",
        "Chức vụ",
        "Danh hiệu đăng ký",
        "Chỉ tiêu",
    ]
    .iter()
    .enumerate()
    {
        ws.write_with_format(3, j as u16, *h, &head)?;
    }
    for (j, w) in [6.0, 12.0, 30.0, 24.0, 24.0, 40.0].iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    for (i, (code, name, position)) in people.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_with_format(r, 0, (i + 1) as f64, &cell)?;
        ws.write_with_format(r, 1, code, &cell)?;
        ws.write_with_format(r, 2, name, &cell)?;
        ws.write_with_format(r, 3, position, &cell)?;
        ws.write_with_format(r, 4, "", &cell)?;
        ws.write_with_format(r, 5, "", &cell)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::cell_text;
    use calamine::Reader;
    use std::io::Cursor;

    #[test]
    fn titles_as_offices_write_them() {
        assert_eq!(parse_titles("LĐTT"), Ok(vec![AwardCode::Ldtt]));
        assert_eq!(
            parse_titles("LĐTT, CSTĐCS"),
            Ok(vec![AwardCode::Ldtt, AwardCode::Cstdcs])
        );
        assert_eq!(
            parse_titles("Lao động tiên tiến và Chiến sĩ thi đua cơ sở"),
            Ok(vec![AwardCode::Ldtt, AwardCode::Cstdcs])
        );
        assert_eq!(parse_titles("cstdcs"), Ok(vec![AwardCode::Cstdcs]));
        assert_eq!(parse_titles(""), Ok(vec![]));
        assert_eq!(parse_titles("LĐTT, Anh hùng"), Err("anh hung".into()));
    }

    #[test]
    fn template_round_trip_and_located_errors() {
        let bytes = write_template(
            "Phòng Chính sách",
            &[("NV1".into(), "Lê Văn A".into(), "Chuyên viên".into())],
        )
        .unwrap();
        let (_, rows, errs) = read_registration(&bytes, &SheetLimits::default()).unwrap();
        assert!(
            rows.is_empty() && errs.is_empty(),
            "an unfilled template registers nobody"
        );
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (i, r) in [
            ["STT", "Mã cán bộ", "Họ và tên", "Danh hiệu đăng ký"],
            ["1", "NV1", "Lê Văn A", "LĐTT"],
            ["2", "NV2", "Lê Văn B", "Huy chương"],
        ]
        .iter()
        .enumerate()
        {
            for (j, v) in r.iter().enumerate() {
                ws.write(i as u32, j as u16, *v).unwrap();
            }
        }
        let bytes = wb.save_to_buffer().unwrap();
        let (_, rows, errs) = read_registration(&bytes, &SheetLimits::default()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].column, "B");
        let errs = errs.into_errors();
        assert_eq!(errs.len(), 1);
        assert!(errs[0].to_string().contains("dòng 3, cột D"), "{}", errs[0]);
    }

    #[test]
    fn aggregate_opens_with_its_sheets() {
        let units = vec![UnitSummary {
            unit: "Phòng Chính sách".into(),
            status: "Đã tiếp nhận".into(),
            people: 10,
            registered: 9,
            ldtt: 9,
            cstdcs: 2,
            other: 0,
            collective: "Tập thể lao động tiên tiến".into(),
        }];
        let entries = vec![EntryLine {
            unit: "Phòng Chính sách".into(),
            code: "NV1".into(),
            name: "Lê Văn A".into(),
            title: "LĐTT".into(),
            targets: String::new(),
        }];
        let bytes = write_aggregate("Ban Dân tộc", "Kế hoạch 2021", &units, &entries).unwrap();
        let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(
            wb.sheet_names(),
            vec!["Tổng hợp".to_string(), "Chi tiết".to_string()]
        );
        let r = wb.worksheet_range("Tổng hợp").unwrap();
        assert_eq!(cell_text(r.get_value((5, 1)).unwrap()), "Phòng Chính sách");
        assert_eq!(cell_text(r.get_value((6, 5)).unwrap()), "9");
    }
}
