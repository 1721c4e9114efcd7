//! The staff sheet (danh sách cán bộ) as offices keep it: STT, Họ và tên,
//! Ngày sinh, Giới tính, Chức vụ, Đơn vị… Headers are found by name (with or
//! without diacritics, in any order, below a title block); every problem is
//! reported with sheet, row and column, and nothing is guessed.

use crate::xlsx::{cell_bool, cell_date, cell_text, column_letter};
use calamine::{Data, Reader};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};
use std::io::Cursor;
use tdkt_domain::error::{FieldError, Location};
use tdkt_domain::text::fold;

/// One data row, as typed (codes and unit text are resolved by the caller).
#[derive(Debug, Clone, PartialEq)]
pub struct StaffRow {
    /// Row number as Excel shows it (1-based).
    pub row: u32,
    pub code: String,
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub gender: String,
    pub position: String,
    pub unit: String,
    pub staff_category: String,
    pub is_manager: bool,
    pub employment_start: Option<NaiveDate>,
    pub email: String,
    pub phone: String,
}

#[derive(Debug, Clone)]
pub struct StaffSheet {
    pub sheet: String,
    pub rows: Vec<StaffRow>,
    /// Whether the sheet has a code column (otherwise people are matched by
    /// name and birth date, and new ones get generated codes).
    pub has_code_column: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Col {
    Code,
    Name,
    Birth,
    Gender,
    Position,
    Unit,
    Category,
    Manager,
    Start,
    Email,
    Phone,
}

impl Col {
    fn header(self) -> &'static str {
        match self {
            Col::Code => "Mã cán bộ",
            Col::Name => "Họ và tên",
            Col::Birth => "Ngày sinh",
            Col::Gender => "Giới tính",
            Col::Position => "Chức vụ",
            Col::Unit => "Đơn vị",
            Col::Category => "Loại cán bộ",
            Col::Manager => "Lãnh đạo, quản lý",
            Col::Start => "Ngày bắt đầu công tác",
            Col::Email => "Thư điện tử",
            Col::Phone => "Điện thoại",
        }
    }

    fn field(self) -> &'static str {
        match self {
            Col::Code => "code",
            Col::Name => "full_name",
            Col::Birth => "birth_date",
            Col::Gender => "gender",
            Col::Position => "position",
            Col::Unit => "unit",
            Col::Category => "staff_category",
            Col::Manager => "is_manager",
            Col::Start => "employment_start",
            Col::Email => "email",
            Col::Phone => "phone",
        }
    }
}

/// The export's column order (and the template's).
const EXPORT_COLUMNS: [Col; 11] = [
    Col::Code,
    Col::Name,
    Col::Birth,
    Col::Gender,
    Col::Position,
    Col::Unit,
    Col::Category,
    Col::Manager,
    Col::Start,
    Col::Email,
    Col::Phone,
];

fn classify(header: &str) -> Option<Col> {
    let h = fold(header).replace(['.', ',', ':', '(', ')', '*', '/'], " ");
    let h = h.split_whitespace().collect::<Vec<_>>().join(" ");
    let is = |opts: &[&str]| opts.iter().any(|o| h == *o);
    Some(
        if is(&[
            "ma can bo",
            "ma cb",
            "ma nhan vien",
            "ma so",
            "ma",
            "ma so can bo",
            "ma ccvc",
            "ma dinh danh",
        ]) {
            Col::Code
        } else if is(&[
            "ho va ten",
            "ho ten",
            "ho va ten can bo",
            "ho va ten nguoi lao dong",
            "ten",
        ]) {
            Col::Name
        } else if is(&["ngay sinh", "ngay thang nam sinh", "sinh ngay"]) {
            Col::Birth
        } else if is(&["gioi tinh", "nam nu", "gioi"]) {
            Col::Gender
        } else if is(&["chuc vu", "chuc danh", "chuc vu chuc danh"]) {
            Col::Position
        } else if is(&[
            "don vi",
            "phong",
            "don vi cong tac",
            "phong ban",
            "ma don vi",
            "phong ban don vi",
        ]) {
            Col::Unit
        } else if is(&[
            "loai can bo",
            "ngach",
            "loai hinh",
            "doi tuong",
            "loai",
            "phan loai",
        ]) {
            Col::Category
        } else if is(&[
            "lanh dao quan ly",
            "lanh dao",
            "quan ly",
            "giu chuc vu quan ly",
            "lanh dao quan ly x",
        ]) {
            Col::Manager
        } else if is(&[
            "ngay bat dau cong tac",
            "ngay vao co quan",
            "ngay tuyen dung",
            "ngay bat dau lam viec",
            "ngay vao lam",
        ]) {
            Col::Start
        } else if is(&["email", "thu dien tu", "e mail"]) {
            Col::Email
        } else if is(&["dien thoai", "so dien thoai", "sdt", "so dt"]) {
            Col::Phone
        } else {
            return None;
        },
    )
}

fn err(
    sheet: &str,
    row: Option<u32>,
    column: Option<String>,
    field: &str,
    message: String,
) -> FieldError {
    FieldError::new(field, message).at(Location {
        sheet: Some(sheet.to_string()),
        row,
        column,
    })
}

/// Reads the first sheet that has a "Họ và tên" header. All errors at once.
pub fn read_staff(bytes: &[u8]) -> Result<StaffSheet, Vec<FieldError>> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        vec![FieldError::new(
            "file",
            format!(
                "Không đọc được tệp: không phải bảng tính Excel (.xlsx, .xls, .ods) hợp lệ ({e})."
            ),
        )]
    })?;
    let names = wb.sheet_names().to_vec();
    if names.is_empty() {
        return Err(vec![FieldError::new(
            "file",
            "Tệp không có trang tính nào.",
        )]);
    }
    for name in &names {
        let range = match wb.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                return Err(vec![err(
                    name,
                    None,
                    None,
                    "file",
                    format!("Không đọc được trang tính: {e}"),
                )]);
            }
        };
        if let Some(sheet) = parse_range(name, &range)? {
            return Ok(sheet);
        }
    }
    Err(vec![FieldError::new(
        "file",
        format!(
            "Không tìm thấy dòng tiêu đề có cột «Họ và tên» trong 15 dòng đầu của các trang: {}.",
            names.join(", ")
        ),
    )])
}

fn parse_range(
    sheet: &str,
    range: &calamine::Range<Data>,
) -> Result<Option<StaffSheet>, Vec<FieldError>> {
    let (start_row, start_col) = range.start().unwrap_or((0, 0));
    let rows: Vec<&[Data]> = range.rows().collect();
    // Find the header row among the first rows (a title block often sits above).
    let mut header: Option<(usize, Vec<(usize, Col)>)> = None;
    for (i, r) in rows.iter().take(15).enumerate() {
        let cols: Vec<(usize, Col)> = r
            .iter()
            .enumerate()
            .filter_map(|(j, c)| classify(&cell_text(c)).map(|col| (j, col)))
            .collect();
        if cols.iter().any(|(_, c)| *c == Col::Name) {
            header = Some((i, cols));
            break;
        }
    }
    let Some((hi, cols)) = header else {
        return Ok(None);
    };
    let excel_row = |i: usize| start_row + i as u32 + 1;
    let letter = |j: usize| column_letter(start_col as usize + j);
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (j, c) in &cols {
        if !seen.insert(*c) {
            errors.push(err(
                sheet,
                Some(excel_row(hi)),
                Some(letter(*j)),
                c.field(),
                format!("Cột «{}» xuất hiện hai lần.", c.header()),
            ));
        }
    }
    for required in [Col::Name, Col::Gender, Col::Unit] {
        if !cols.iter().any(|(_, c)| *c == required) {
            errors.push(err(
                sheet,
                Some(excel_row(hi)),
                None,
                required.field(),
                format!("Thiếu cột «{}».", required.header()),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let find = |col: Col| cols.iter().find(|(_, c)| *c == col).map(|(j, _)| *j);
    let get = |r: &[Data], col: Col| -> Data {
        find(col)
            .and_then(|j| r.get(j))
            .cloned()
            .unwrap_or(Data::Empty)
    };
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate().skip(hi + 1) {
        let rown = excel_row(i);
        // Skip blank lines and the "(1) (2) (3)…" numbering row some templates carry.
        let blank = cols.iter().all(|(j, _)| match r.get(*j) {
            None | Some(Data::Empty) => true,
            Some(Data::String(s)) => {
                let t = s.trim();
                t.is_empty() || (t.starts_with('(') && t.ends_with(')'))
            }
            _ => false,
        });
        if blank {
            continue;
        }
        let at = |col: Col| Some(letter(find(col).unwrap_or(0)));
        let text = |col: Col| cell_text(&get(r, col));
        let mut row = StaffRow {
            row: rown,
            code: text(Col::Code),
            full_name: text(Col::Name),
            birth_date: None,
            gender: text(Col::Gender),
            position: text(Col::Position),
            unit: text(Col::Unit),
            staff_category: text(Col::Category),
            is_manager: false,
            employment_start: None,
            email: text(Col::Email),
            phone: text(Col::Phone),
        };
        if row.full_name.is_empty() {
            errors.push(err(
                sheet,
                Some(rown),
                at(Col::Name),
                "full_name",
                "Họ và tên không được để trống.".into(),
            ));
        }
        for (col, slot) in [
            (Col::Birth, &mut row.birth_date),
            (Col::Start, &mut row.employment_start),
        ] {
            match cell_date(&get(r, col)) {
                Ok(d) => *slot = d,
                Err(t) => errors.push(err(
                    sheet,
                    Some(rown),
                    at(col),
                    col.field(),
                    format!(
                        "{} «{t}» không phải ngày hợp lệ (ngày/tháng/năm, ví dụ 15/03/1985).",
                        col.header()
                    ),
                )),
            }
        }
        match cell_bool(&get(r, Col::Manager)) {
            Ok(b) => row.is_manager = b,
            Err(t) => errors.push(err(
                sheet,
                Some(rown),
                at(Col::Manager),
                "is_manager",
                format!(
                    "Cột «Lãnh đạo, quản lý» ghi «{t}»: hãy ghi «x» (có) hoặc để trống (không)."
                ),
            )),
        }
        out.push(row);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if out.is_empty() {
        return Err(vec![err(
            sheet,
            Some(excel_row(hi)),
            None,
            "file",
            "Trang tính không có dòng dữ liệu nào dưới dòng tiêu đề.".into(),
        )]);
    }
    Ok(Some(StaffSheet {
        sheet: sheet.to_string(),
        rows: out,
        has_code_column: find(Col::Code).is_some(),
    }))
}

/// The column letter of a field in sheets this module reads, for errors found
/// later (unknown unit, duplicate code) — `None` if the sheet lacks it.
pub fn column_of(sheet: &StaffSheet, bytes: &[u8], field: &str) -> Option<String> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).ok()?;
    let range = wb.worksheet_range(&sheet.sheet).ok()?;
    let (_, start_col) = range.start().unwrap_or((0, 0));
    for r in range.rows().take(15) {
        for (j, c) in r.iter().enumerate() {
            if classify(&cell_text(c)).map(|c| c.field()) == Some(field) {
                return Some(column_letter(start_col as usize + j));
            }
        }
    }
    None
}

/// A row of the export.
#[derive(Debug, Clone)]
pub struct StaffExportRow {
    pub code: String,
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub gender_label: String,
    pub position: String,
    pub unit_name: String,
    pub category_label: String,
    pub is_manager: bool,
    pub employment_start: Option<NaiveDate>,
    pub email: String,
    pub phone: String,
}

/// Writes the staff list under a title block (agency, title, date), in the
/// column order `read_staff` reads back.
pub fn write_staff(
    agency: &str,
    rows: &[StaffExportRow],
    today: NaiveDate,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách cán bộ")?;
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center)
        .set_font_name("Times New Roman");
    let sub = Format::new()
        .set_italic()
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
        .set_font_name("Times New Roman");
    let center = cell.clone().set_align(FormatAlign::Center);
    let date = center.clone().set_num_format("dd/mm/yyyy");
    let ncols = EXPORT_COLUMNS.len() as u16;
    ws.merge_range(0, 0, 0, ncols, &agency.to_uppercase(), &title)?;
    ws.merge_range(
        1,
        0,
        1,
        ncols,
        "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC VÀ NGƯỜI LAO ĐỘNG",
        &title,
    )?;
    ws.merge_range(
        2,
        0,
        2,
        ncols,
        &format!("(Xuất {})", tdkt_domain::text::format_date_long(today)),
        &sub,
    )?;
    let hr = 4u32;
    ws.write_with_format(hr, 0, "STT", &head)?;
    for (j, c) in EXPORT_COLUMNS.iter().enumerate() {
        ws.write_with_format(hr, j as u16 + 1, c.header(), &head)?;
    }
    let widths = [
        6.0, 12.0, 28.0, 12.0, 10.0, 24.0, 30.0, 18.0, 10.0, 14.0, 26.0, 14.0,
    ];
    for (j, w) in widths.iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    ws.set_row_height(hr, 32)?;
    ws.set_freeze_panes(hr + 1, 3)?;
    for (i, r) in rows.iter().enumerate() {
        let row = hr + 1 + i as u32;
        ws.write_with_format(row, 0, (i + 1) as f64, &center)?;
        ws.write_with_format(row, 1, &r.code, &cell)?;
        ws.write_with_format(row, 2, &r.full_name, &cell)?;
        write_date(ws, row, 3, r.birth_date, &date, &center)?;
        ws.write_with_format(row, 4, &r.gender_label, &center)?;
        ws.write_with_format(row, 5, &r.position, &cell)?;
        ws.write_with_format(row, 6, &r.unit_name, &cell)?;
        ws.write_with_format(row, 7, &r.category_label, &cell)?;
        ws.write_with_format(row, 8, if r.is_manager { "x" } else { "" }, &center)?;
        write_date(ws, row, 9, r.employment_start, &date, &center)?;
        ws.write_with_format(row, 10, &r.email, &cell)?;
        ws.write_with_format(row, 11, &r.phone, &cell)?;
    }
    if !rows.is_empty() {
        ws.autofilter(hr, 0, hr + rows.len() as u32, ncols)?;
    }
    wb.save_to_buffer()
}

fn write_date(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    d: Option<NaiveDate>,
    date: &Format,
    empty: &Format,
) -> Result<(), XlsxError> {
    use chrono::Datelike;
    match d {
        Some(d) => {
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, col, &dt, date)?;
        }
        None => {
            ws.write_blank(row, col, empty)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn sample() -> Vec<StaffExportRow> {
        vec![StaffExportRow {
            code: "NV001".into(),
            full_name: "Lê Thị Hồng".into(),
            birth_date: Some(d(1988, 5, 12)),
            gender_label: "Nữ".into(),
            position: "Chuyên viên".into(),
            unit_name: "Văn phòng Ban".into(),
            category_label: "Công chức".into(),
            is_manager: false,
            employment_start: Some(d(2016, 9, 1)),
            email: "hong@example.vn".into(),
            phone: "0258 3822 123".into(),
        }]
    }

    #[test]
    fn export_reads_back() {
        let bytes = write_staff("Ban Dân tộc tỉnh Khánh Hòa", &sample(), d(2026, 11, 27)).unwrap();
        let sheet = read_staff(&bytes).unwrap();
        assert!(sheet.has_code_column);
        assert_eq!(sheet.rows.len(), 1);
        let r = &sheet.rows[0];
        assert_eq!(r.row, 6);
        assert_eq!(r.full_name, "Lê Thị Hồng");
        assert_eq!(r.birth_date, Some(d(1988, 5, 12)));
        assert_eq!(r.unit, "Văn phòng Ban");
        assert_eq!(r.employment_start, Some(d(2016, 9, 1)));
        assert!(!r.is_manager);
    }

    fn sheet_with(rows: &[&[&str]]) -> Vec<u8> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("DS").unwrap();
        for (i, r) in rows.iter().enumerate() {
            for (j, v) in r.iter().enumerate() {
                ws.write(i as u32, j as u16, *v).unwrap();
            }
        }
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn text_headers_without_marks_and_every_error_located() {
        let bytes = sheet_with(&[
            &["DANH SACH"],
            &[
                "STT",
                "Ho va ten",
                "Ngay sinh",
                "Gioi tinh",
                "Don vi",
                "Lanh dao",
            ],
            &["1", "Nguyễn Văn An", "15/03/1985", "Nam", "VP", "x"],
            &["2", "", "30/02/1990", "Nữ", "VP", "có lẽ"],
            &["", "", "", "", "", ""],
        ]);
        let errs = read_staff(&bytes).unwrap_err();
        let texts: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(errs.len(), 3, "{texts:?}");
        assert_eq!(errs[0].location.as_ref().unwrap().row, Some(4));
        assert_eq!(
            errs[0].location.as_ref().unwrap().column.as_deref(),
            Some("B")
        );
        assert!(
            texts[1].contains("30/02/1990") && texts[1].contains("cột C"),
            "{texts:?}"
        );
        assert!(texts[2].contains("có lẽ"));
        assert!(texts[0].starts_with("trang «DS», dòng 4, cột B"));
    }

    #[test]
    fn missing_columns_and_bad_files() {
        let bytes = sheet_with(&[&["STT", "Họ và tên", "Ngày sinh"], &["1", "A B", ""]]);
        let errs = read_staff(&bytes).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(errs[0].message.contains("Giới tính"));
        assert!(
            read_staff(b"not a spreadsheet").unwrap_err()[0]
                .message
                .contains("Không đọc được tệp")
        );
        let none = sheet_with(&[&["a", "b"], &["c", "d"]]);
        assert!(
            read_staff(&none).unwrap_err()[0]
                .message
                .contains("Họ và tên")
        );
    }
}

/// Validates every row against the registry: the unit resolved, the person's
/// fields checked. Returns (row, person, code given) or every problem found.
pub fn to_people(
    sheet: &StaffSheet,
    bytes: &[u8],
    units: &tdkt_domain::org::UnitResolver,
    today: NaiveDate,
) -> Result<Vec<(u32, tdkt_domain::org::ValidPerson, bool)>, Vec<FieldError>> {
    use tdkt_domain::org::PersonInput;
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(sheet.rows.len());
    let mut letters: std::collections::HashMap<&str, Option<String>> =
        std::collections::HashMap::new();
    let mut letter = |field: &'static str| {
        letters
            .entry(field)
            .or_insert_with(|| column_of(sheet, bytes, field))
            .clone()
    };
    for r in &sheet.rows {
        let unit_id = match units.resolve(&r.unit) {
            Ok(id) => Some(id),
            Err(msg) => {
                errors.push(err(&sheet.sheet, Some(r.row), letter("unit"), "unit", msg));
                None
            }
        };
        let input = PersonInput {
            code: if sheet.has_code_column {
                r.code.clone()
            } else {
                "TAM".into()
            },
            full_name: r.full_name.clone(),
            gender: r.gender.clone(),
            birth_date: String::new(),
            position: r.position.clone(),
            is_manager: r.is_manager,
            staff_category: if r.staff_category.trim().is_empty() {
                "khac".into()
            } else {
                r.staff_category.clone()
            },
            unit_id: unit_id.unwrap_or(0),
            employment_start: String::new(),
            email: r.email.clone(),
            phone: r.phone.clone(),
        };
        match input.validate_dated(r.birth_date, r.employment_start, today) {
            Ok(p) if unit_id.is_some() => out.push((r.row, p, sheet.has_code_column)),
            Ok(_) => {}
            Err(e) => {
                for f in e.field_errors() {
                    let field: &'static str = match f.field.as_str() {
                        "code" => "code",
                        "full_name" => "full_name",
                        "gender" => "gender",
                        "birth_date" => "birth_date",
                        "employment_start" => "employment_start",
                        "staff_category" => "staff_category",
                        "email" => "email",
                        "phone" => "phone",
                        _ => "position",
                    };
                    errors.push(err(
                        &sheet.sheet,
                        Some(r.row),
                        letter(field),
                        field,
                        f.message.clone(),
                    ));
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
