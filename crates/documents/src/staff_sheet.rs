//! The staff sheet (danh sách cán bộ) as offices keep it: STT, Họ và tên,
//! Ngày sinh, Giới tính, Chức vụ, Đơn vị… Headers are found by name (with or
//! without diacritics, in any order, below a title block); every problem is
//! reported with sheet, row and column, and nothing is guessed.

use crate::xlsx::{cell_bool, cell_date, cell_text, column_letter, take_cell_text};
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
    pub header: StaffHeader,
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

/// Where the columns of a staff sheet are, as its header row says.
#[derive(Debug, Clone)]
pub struct StaffHeader {
    pub sheet: String,
    /// The header's row as Excel shows it (1-based).
    pub row: u32,
    /// Rows below the header, as the sheet declares its size (a hint).
    pub rows_hint: u32,
    /// (0-based column on the sheet, meaning).
    cols: Vec<(usize, Col)>,
}

impl StaffHeader {
    fn find(&self, col: Col) -> Option<usize> {
        self.cols.iter().find(|(_, c)| *c == col).map(|(j, _)| *j)
    }

    /// Whether the sheet has a code column (otherwise people are matched by
    /// name and birth date, and new ones get generated codes).
    pub fn has_code_column(&self) -> bool {
        self.find(Col::Code).is_some()
    }

    /// The column letter of a field (`"unit"`, `"full_name"`…), for problems
    /// found after reading (unknown unit, duplicate code).
    pub fn column_letter(&self, field: &str) -> Option<String> {
        self.cols
            .iter()
            .find(|(_, c)| c.field() == field)
            .map(|(j, _)| column_letter(*j))
    }

    fn width(&self) -> usize {
        self.cols.iter().map(|(j, _)| j + 1).max().unwrap_or(0)
    }
}

/// Rows searched for the header below the first filled row (a title block often sits above).
const HEADER_SEARCH_ROWS: u32 = 15;

/// Reads the first sheet that has a "Họ và tên" header. All errors at once.
pub fn read_staff(bytes: &[u8]) -> Result<StaffSheet, Vec<FieldError>> {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let header = stream_staff(
        bytes,
        |_| {},
        |_, r| match r {
            Ok(row) => rows.push(row),
            Err(mut e) => errors.append(&mut e),
        },
    )?;
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(StaffSheet {
        sheet: header.sheet.clone(),
        rows,
        has_code_column: header.has_code_column(),
        header,
    })
}

/// Reads a staff sheet row by row without holding it whole: `on_header` is
/// called once the header row is found, then `on_row` for every filled row
/// with the header and the row or its located problems, in sheet order. Problems that stop
/// the reading (not a spreadsheet, no header, missing columns, no data) are
/// returned as `Err`.
pub fn stream_staff(
    bytes: &[u8],
    mut on_header: impl FnMut(&StaffHeader),
    mut on_row: impl FnMut(&StaffHeader, Result<StaffRow, Vec<FieldError>>),
) -> Result<StaffHeader, Vec<FieldError>> {
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
    let unreadable = |name: &str, e: &dyn std::fmt::Display| {
        vec![err(
            name,
            None,
            None,
            "file",
            format!("Không đọc được trang tính: {e}"),
        )]
    };
    for name in &names {
        let found = match &mut wb {
            // .xlsx cell by cell, so rows flow on while the file is still being read.
            calamine::Sheets::Xlsx(x) => {
                let mut cells = x
                    .worksheet_cells_reader(name)
                    .map_err(|e| unreadable(name, &e))?;
                let mut scan =
                    Scan::new(name, cells.dimensions().end.0, &mut on_header, &mut on_row);
                while let Some(cell) = cells.next_cell().map_err(|e| unreadable(name, &e))? {
                    let (r, c) = cell.get_position();
                    if !scan.push(r, c as usize, || Data::from(cell.get_value().clone()))? {
                        break;
                    }
                }
                scan.finish()?
            }
            other => {
                let range = other
                    .worksheet_range(name)
                    .map_err(|e| unreadable(name, &e))?;
                let (r0, c0) = range.start().unwrap_or((0, 0));
                let last = range.end().map(|e| e.0).unwrap_or(0);
                let mut scan = Scan::new(name, last, &mut on_header, &mut on_row);
                'rows: for (i, row) in range.rows().enumerate() {
                    for (j, v) in row.iter().enumerate() {
                        if !scan.push(r0 + i as u32, c0 as usize + j, || v.clone())? {
                            break 'rows;
                        }
                    }
                }
                scan.finish()?
            }
        };
        if let Some(header) = found {
            return Ok(header);
        }
    }
    Err(vec![FieldError::new(
        "file",
        format!(
            "Không tìm thấy dòng tiêu đề có cột «Họ và tên» trong {HEADER_SEARCH_ROWS} dòng đầu của các trang: {}.",
            names.join(", ")
        ),
    )])
}

/// Gathers the cells of one sheet, in row order, into rows: first looking for
/// the header, then handing each data row on.
struct Scan<'s, H, R> {
    sheet: &'s str,
    last_row: u32,
    on_header: &'s mut H,
    on_row: &'s mut R,
    header: Option<StaffHeader>,
    /// Which sheet columns the header maps (only those cells are kept).
    mapped: Vec<bool>,
    first_row: Option<u32>,
    /// 0-based row being gathered, and its cells.
    row: Option<u32>,
    cells: Vec<(usize, Data)>,
    /// The row's cells by sheet column (kept to be reused row after row).
    dense: Vec<Data>,
    data_rows: usize,
}

impl<'s, H, R> Scan<'s, H, R>
where
    H: FnMut(&StaffHeader),
    R: FnMut(&StaffHeader, Result<StaffRow, Vec<FieldError>>),
{
    /// `last_row`: the sheet's last row (0-based) as it declares it.
    fn new(sheet: &'s str, last_row: u32, on_header: &'s mut H, on_row: &'s mut R) -> Self {
        Scan {
            sheet,
            last_row,
            on_header,
            on_row,
            header: None,
            mapped: Vec::new(),
            first_row: None,
            row: None,
            cells: Vec::new(),
            dense: Vec::new(),
            data_rows: 0,
        }
    }

    /// Takes one cell; `false` once the sheet has no header where one is looked for.
    fn push(
        &mut self,
        row: u32,
        col: usize,
        value: impl FnOnce() -> Data,
    ) -> Result<bool, Vec<FieldError>> {
        if self.row != Some(row) {
            self.flush()?;
            let first = *self.first_row.get_or_insert(row);
            if self.header.is_none() && row >= first + HEADER_SEARCH_ROWS {
                return Ok(false);
            }
            self.row = Some(row);
        }
        if self.header.is_none() || self.mapped.get(col).copied().unwrap_or(false) {
            self.cells.push((col, value()));
        }
        Ok(true)
    }

    fn flush(&mut self) -> Result<(), Vec<FieldError>> {
        let Some(row) = self.row.take() else {
            return Ok(());
        };
        match &self.header {
            None => {
                let cols: Vec<(usize, Col)> = std::mem::take(&mut self.cells)
                    .iter()
                    .filter_map(|(j, c)| classify(&cell_text(c)).map(|col| (*j, col)))
                    .collect();
                if cols.iter().any(|(_, c)| *c == Col::Name) {
                    let mut header = header_of(self.sheet, row + 1, cols)?;
                    header.rows_hint = self.last_row.saturating_sub(row);
                    self.mapped = vec![false; header.width()];
                    for (j, _) in &header.cols {
                        self.mapped[*j] = true;
                    }
                    (self.on_header)(&header);
                    self.header = Some(header);
                }
            }
            Some(header) => {
                self.dense.clear();
                self.dense.resize(self.mapped.len(), Data::Empty);
                for (j, v) in self.cells.drain(..) {
                    self.dense[j] = v;
                }
                if let Some(r) = parse_row(header, row + 1, &mut self.dense) {
                    self.data_rows += 1;
                    (self.on_row)(header, r);
                }
            }
        }
        Ok(())
    }

    /// The header, if the sheet had one.
    fn finish(mut self) -> Result<Option<StaffHeader>, Vec<FieldError>> {
        self.flush()?;
        match self.header {
            Some(h) if self.data_rows == 0 => Err(vec![err(
                self.sheet,
                Some(h.row),
                None,
                "file",
                "Trang tính không có dòng dữ liệu nào dưới dòng tiêu đề.".into(),
            )]),
            h => Ok(h),
        }
    }
}

/// Checks the header row: no column twice, the required ones present.
fn header_of(
    sheet: &str,
    row: u32,
    cols: Vec<(usize, Col)>,
) -> Result<StaffHeader, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (j, c) in &cols {
        if !seen.insert(*c) {
            errors.push(err(
                sheet,
                Some(row),
                Some(column_letter(*j)),
                c.field(),
                format!("Cột «{}» xuất hiện hai lần.", c.header()),
            ));
        }
    }
    for required in [Col::Name, Col::Gender, Col::Unit] {
        if !cols.iter().any(|(_, c)| *c == required) {
            errors.push(err(
                sheet,
                Some(row),
                None,
                required.field(),
                format!("Thiếu cột «{}».", required.header()),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(StaffHeader {
        sheet: sheet.to_string(),
        row,
        rows_hint: 0,
        cols,
    })
}

static EMPTY: Data = Data::Empty;

/// One data row (`r` indexed by sheet column); `None` for a blank line or the
/// "(1) (2) (3)…" numbering row some templates carry.
fn parse_row(
    header: &StaffHeader,
    rown: u32,
    r: &mut [Data],
) -> Option<Result<StaffRow, Vec<FieldError>>> {
    let blank = header.cols.iter().all(|(j, _)| match r.get(*j) {
        None | Some(Data::Empty) => true,
        Some(Data::String(s)) => {
            let t = s.trim();
            t.is_empty() || (t.starts_with('(') && t.ends_with(')'))
        }
        _ => false,
    });
    if blank {
        return None;
    }
    let sheet = header.sheet.as_str();
    let mut text = |col: Col| {
        header
            .find(col)
            .and_then(|j| r.get_mut(j))
            .map(take_cell_text)
            .unwrap_or_default()
    };
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
    let get = |col: Col| -> &Data { header.find(col).and_then(|j| r.get(j)).unwrap_or(&EMPTY) };
    let at = |col: Col| header.find(col).map(column_letter);
    let mut errors = Vec::new();
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
        match cell_date(get(col)) {
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
    match cell_bool(get(Col::Manager)) {
        Ok(b) => row.is_manager = b,
        Err(t) => errors.push(err(
            sheet,
            Some(rown),
            at(Col::Manager),
            "is_manager",
            format!("Cột «Lãnh đạo, quản lý» ghi «{t}»: hãy ghi «x» (có) hoặc để trống (không)."),
        )),
    }
    Some(if errors.is_empty() {
        Ok(row)
    } else {
        Err(errors)
    })
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

/// Validates every row against the registry: the unit resolved, the person's
/// fields checked. Returns (row, person, code given) or every problem found.
pub fn to_people(
    sheet: &StaffSheet,
    units: &tdkt_domain::org::UnitResolver,
    today: NaiveDate,
) -> Result<Vec<(u32, tdkt_domain::org::ValidPerson, bool)>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(sheet.rows.len());
    for r in &sheet.rows {
        match to_person(&sheet.header, r.clone(), units, today) {
            Ok(p) => out.push((r.row, p, sheet.has_code_column)),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Validates one row against the registry: the unit resolved among `units`,
/// the person's fields checked, every problem located on the sheet.
pub fn to_person(
    header: &StaffHeader,
    r: StaffRow,
    units: &tdkt_domain::org::UnitResolver,
    today: NaiveDate,
) -> Result<tdkt_domain::org::ValidPerson, Vec<FieldError>> {
    use tdkt_domain::org::PersonInput;
    let mut errors = Vec::new();
    let unit_id = match units.resolve(&r.unit) {
        Ok(id) => Some(id),
        Err(msg) => {
            errors.push(err(
                &header.sheet,
                Some(r.row),
                header.column_letter("unit"),
                "unit",
                msg,
            ));
            None
        }
    };
    let input = PersonInput {
        code: if header.has_code_column() {
            r.code
        } else {
            "TAM".into()
        },
        full_name: r.full_name,
        gender: r.gender,
        birth_date: String::new(),
        position: r.position,
        is_manager: r.is_manager,
        staff_category: if r.staff_category.trim().is_empty() {
            "khac".into()
        } else {
            r.staff_category
        },
        unit_id: unit_id.unwrap_or(0),
        employment_start: String::new(),
        email: r.email,
        phone: r.phone,
    };
    match input.validate_dated(r.birth_date, r.employment_start, today) {
        Ok(p) if errors.is_empty() => return Ok(p),
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
                    &header.sheet,
                    Some(r.row),
                    header.column_letter(field),
                    field,
                    f.message.clone(),
                ));
            }
        }
    }
    Err(errors)
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
    fn streams_rows_of_the_first_sheet_with_a_header() {
        let mut wb = Workbook::new();
        let notes = wb.add_worksheet();
        notes.set_name("Ghi chú").unwrap();
        notes.write(0, 0, "Danh sách ở trang sau").unwrap();
        let ws = wb.add_worksheet();
        ws.set_name("DS").unwrap();
        let rows: [&[&str]; 5] = [
            &["BAN DÂN TỘC"],
            &["STT", "Họ và tên", "Giới tính", "Đơn vị", "Ghi chú"],
            &["(1)", "(2)", "(3)", "(4)", "(5)"],
            &["1", "Y Bhin Niê", "Nam", "VP", "bỏ qua"],
            &["2", "Hà Thị Lan", "nữ", "Phòng Chính sách", ""],
        ];
        for (i, r) in rows.iter().enumerate() {
            for (j, v) in r.iter().enumerate() {
                ws.write(i as u32 + 2, j as u16 + 1, *v).unwrap();
            }
        }
        let bytes = wb.save_to_buffer().unwrap();
        let mut seen = Vec::new();
        let mut headers = 0;
        let header = stream_staff(
            &bytes,
            |_| headers += 1,
            |h, r| seen.push((h.sheet.clone(), r.unwrap())),
        )
        .unwrap();
        assert_eq!(headers, 1);
        assert_eq!(header.sheet, "DS");
        assert_eq!(header.row, 4);
        assert_eq!(header.rows_hint, 3);
        assert!(!header.has_code_column());
        assert_eq!(header.column_letter("unit").as_deref(), Some("E"));
        let names: Vec<(&str, u32)> = seen
            .iter()
            .map(|(_, r)| (r.full_name.as_str(), r.row))
            .collect();
        assert_eq!(names, [("Y Bhin Niê", 6), ("Hà Thị Lan", 7)]);
        assert_eq!(seen[1].1.unit, "Phòng Chính sách");
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
