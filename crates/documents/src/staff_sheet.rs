//! The staff sheet (danh sách cán bộ) as offices keep it: STT, Họ và tên,
//! Ngày sinh, Giới tính, Chức vụ, Đơn vị… Headers are found by name (with or
//! without diacritics, in any order, below a title block); every problem is
//! reported with sheet, row and column, and nothing is guessed.

use crate::workbook::{CheckedWorkbook, SheetLimits, owned, text_of};
use crate::xlsx::{cell_bool, cell_date, cell_text, column_letter, take_cell_text};
use calamine::{Data, DataRef};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};
use tdkt_domain::error::{FieldError, Location, Problems};
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
    /// Số thứ tự: read only to tell people from headings and footers.
    Stt,
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
            Col::Stt => "STT",
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
            Col::Stt => "stt",
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
    Some(if is(&["stt", "tt", "so tt", "so thu tu"]) {
        Col::Stt
    } else if is(&[
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
    })
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

/// Reads the first sheet that has a "Họ và tên" header, within the default
/// limits. All errors at once (the first ones, and how many more).
pub fn read_staff(bytes: &[u8]) -> Result<StaffSheet, Vec<FieldError>> {
    let limits = SheetLimits::default();
    let mut rows = Vec::new();
    let mut errors = Problems::with_cap(limits.max_problems);
    let header = stream_staff(
        bytes,
        &limits,
        |_| {},
        |_, r| match r {
            Ok(row) => rows.push(row),
            Err(e) => errors.extend(e),
        },
    )?;
    if !errors.is_empty() {
        return Err(errors.into_errors());
    }
    Ok(StaffSheet {
        sheet: header.sheet.clone(),
        rows,
        has_code_column: header.has_code_column(),
        header,
    })
}

/// Reads a staff sheet row by row without holding it whole: `on_header` is
/// called once the header row is found, then `on_row` for every person row
/// with the header and the row or its located problems, in sheet order.
/// Problems that stop the reading (not an `.xlsx`, past the limits, no
/// header, missing columns, no data) are returned as `Err`.
pub fn stream_staff(
    bytes: &[u8],
    limits: &SheetLimits,
    mut on_header: impl FnMut(&StaffHeader),
    mut on_row: impl FnMut(&StaffHeader, Result<StaffRow, Vec<FieldError>>),
) -> Result<StaffHeader, Vec<FieldError>> {
    let mut wb = CheckedWorkbook::open(bytes, limits).map_err(|e| vec![e])?;
    let names = wb.sheet_names();
    if names.is_empty() {
        return Err(vec![FieldError::new(
            "file",
            "Tệp không có trang tính nào.",
        )]);
    }
    for name in &names {
        let mut scan = Scan::new(name, &mut on_header, &mut on_row);
        // Cell by cell, so rows flow on while the file is still being read.
        wb.cells(name, |r, c, v| scan.push(r, c, v))?;
        if let Some(header) = scan.finish()? {
            return Ok(header);
        }
    }
    Err(vec![FieldError::new(
        "file",
        format!(
            "Không tìm thấy dòng tiêu đề có cột «Họ và tên» trong {HEADER_SEARCH_ROWS} dòng đầu của các trang: {}.",
            names
                .iter()
                .take(10)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )])
}

/// Gathers the cells of one sheet, in row order, into rows: first looking for
/// the header, then handing each data row on until the table ends.
///
/// Offices end a list with a signature block ("Khánh Hòa, ngày … tháng …",
/// "NGƯỜI LẬP BIỂU", the signer's name) and sometimes group it under headings
/// ("I. VĂN PHÒNG"). The table ends at a footer or signature line, or at a row
/// with no STT, no name and no code; a blank row ends it only until another
/// numbered person follows (then it was a separator). Nothing that looks like
/// a person is dropped silently: one found after the footer is a problem.
struct Scan<'s, H, R> {
    sheet: &'s str,
    on_header: &'s mut H,
    on_row: &'s mut R,
    header: Option<StaffHeader>,
    first_row: Option<u32>,
    /// 0-based row being gathered, and its cells.
    row: Option<u32>,
    cells: Vec<(usize, Data)>,
    /// The row's cells by sheet column (kept to be reused row after row).
    dense: Vec<Data>,
    /// Which sheet columns the header maps: only their cells are kept.
    mapped: Vec<bool>,
    /// What the row's other cells hold, seen without keeping them.
    extra: Extra,
    data_rows: usize,
    /// The last row handed on or skipped (0-based), to see gaps.
    last_row: Option<u32>,
    end: TableEnd,
}

/// The unmapped cells of a row: whether any holds text, and whether one
/// reads as a footer or signature line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Extra {
    any: bool,
    footer: bool,
}

/// Text longer than this is neither a header nor a footer line.
const SHORT_TEXT: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableEnd {
    Open,
    /// A blank row (1-based) after data: the end unless a person follows.
    Blank(u32),
    /// A footer or signature line (1-based): nothing after it is read.
    Footer(u32),
}

/// What a row under the header is, before its fields are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Blank,
    /// "(1) (2) (3)…" under the header.
    Numbering,
    /// "I. VĂN PHÒNG", "A": a heading of a group of people.
    GroupHeading,
    /// A signature block, a total, a note: the table is over.
    Footer,
    /// Has a name and a number (STT) or a code.
    Person,
    /// Anything else with a name: read as a person, with its problems.
    Other,
}

impl<'s, H, R> Scan<'s, H, R>
where
    H: FnMut(&StaffHeader),
    R: FnMut(&StaffHeader, Result<StaffRow, Vec<FieldError>>),
{
    fn new(sheet: &'s str, on_header: &'s mut H, on_row: &'s mut R) -> Self {
        Scan {
            sheet,
            on_header,
            on_row,
            header: None,
            first_row: None,
            row: None,
            cells: Vec::new(),
            dense: Vec::new(),
            mapped: Vec::new(),
            extra: Extra::default(),
            data_rows: 0,
            last_row: None,
            end: TableEnd::Open,
        }
    }

    /// Takes one cell; `false` once there is nothing more to read: no header
    /// where one is looked for.
    fn push(&mut self, row: u32, col: usize, value: &DataRef<'_>) -> Result<bool, Vec<FieldError>> {
        if self.row != Some(row) {
            self.flush()?;
            let first = *self.first_row.get_or_insert(row);
            if self.header.is_none() && row >= first + HEADER_SEARCH_ROWS {
                return Ok(false);
            }
            self.row = Some(row);
        }
        let text = text_of(value);
        if self.header.is_none() {
            // A header is short text; nothing else is kept while looking for it.
            if let Some(t) = text.filter(|t| t.len() <= SHORT_TEXT) {
                self.cells.push((col, Data::String(t.to_string())));
            }
        } else if self.mapped.get(col).copied().unwrap_or(false) {
            self.cells.push((col, owned(value)));
        } else if let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) {
            self.extra.any = true;
            if t.len() <= SHORT_TEXT && footer_text(t) {
                self.extra.footer = true;
            }
        }
        Ok(true)
    }

    fn flush(&mut self) -> Result<(), Vec<FieldError>> {
        let Some(row) = self.row.take() else {
            return Ok(());
        };
        let Some(header) = &self.header else {
            let cols: Vec<(usize, Col)> = std::mem::take(&mut self.cells)
                .iter()
                .filter_map(|(j, c)| classify(&cell_text(c)).map(|col| (*j, col)))
                .collect();
            if cols.iter().any(|(_, c)| *c == Col::Name) {
                let header = header_of(self.sheet, row + 1, cols)?;
                self.mapped = vec![false; header.width()];
                for (j, _) in &header.cols {
                    self.mapped[*j] = true;
                }
                (self.on_header)(&header);
                self.header = Some(header);
                self.last_row = Some(row);
            }
            return Ok(());
        };
        self.dense.clear();
        self.dense.resize(header.width(), Data::Empty);
        for (j, v) in self.cells.drain(..) {
            self.dense[j] = v;
        }
        let extra = std::mem::take(&mut self.extra);
        // Rows with nothing stored are not in the file: a gap is a blank row.
        if let Some(last) = self.last_row
            && row > last + 1
            && self.data_rows > 0
            && self.end == TableEnd::Open
        {
            self.end = TableEnd::Blank(last + 2);
        }
        self.last_row = Some(row);
        let kind = row_kind(header, &self.dense, extra);
        match (self.end, kind) {
            (TableEnd::Footer(_), RowKind::Person) if personal(header, &self.dense) => {
                let TableEnd::Footer(at) = self.end else {
                    return Ok(());
                };
                (self.on_row)(
                    header,
                    Err(vec![err(
                        self.sheet,
                        Some(row + 1),
                        header.find(Col::Name).map(column_letter),
                        "full_name",
                        format!(
                            "Dòng này có dữ liệu cán bộ nhưng nằm dưới phần cuối bảng (dòng {at}); hãy chuyển nó lên trong bảng hoặc xóa đi."
                        ),
                    )]),
                );
            }
            (TableEnd::Footer(_), _) => {}
            (_, RowKind::Blank) => {
                if self.data_rows > 0 && self.end == TableEnd::Open {
                    self.end = TableEnd::Blank(row + 1);
                }
            }
            (_, RowKind::Numbering | RowKind::GroupHeading) => {}
            (_, RowKind::Footer) if self.data_rows > 0 => self.end = TableEnd::Footer(row + 1),
            (TableEnd::Blank(_), RowKind::Person) => {
                // The blank row only separated groups.
                self.end = TableEnd::Open;
                self.hand_on(row);
            }
            (TableEnd::Blank(at), _) => self.end = TableEnd::Footer(at),
            _ => self.hand_on(row),
        }
        Ok(())
    }

    fn hand_on(&mut self, row: u32) {
        let Some(header) = &self.header else {
            return;
        };
        if let Some(r) = parse_row(header, row + 1, &mut self.dense) {
            self.data_rows += 1;
            (self.on_row)(header, r);
        }
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

fn text_at(header: &StaffHeader, r: &[Data], col: Col) -> String {
    header
        .find(col)
        .and_then(|j| r.get(j))
        .map(cell_text)
        .unwrap_or_default()
}

/// STT as a positive whole number ("1", "12.", 3.0).
fn numbered(header: &StaffHeader, r: &[Data]) -> bool {
    match header.find(Col::Stt).and_then(|j| r.get(j)) {
        Some(Data::Int(i)) => *i > 0,
        Some(Data::Float(f)) => *f >= 1.0 && f.fract() == 0.0,
        Some(Data::String(s)) => {
            let t = s.trim().trim_end_matches('.');
            !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) && t != "0"
        }
        _ => false,
    }
}

/// "I", "II.", "IV", "A", "b)": the numbering of a group heading.
fn group_numbering(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ')']);
    !t.is_empty()
        && (t.chars().all(|c| "IVXLivxl".contains(c))
            || (t.chars().count() == 1 && t.chars().all(|c| c.is_alphabetic())))
}

/// The lines that close a Vietnamese list: place and date, titles of
/// signers, "ký tên", totals, notes.
fn footer_text(text: &str) -> bool {
    let f = fold(text);
    let f = f.trim_start_matches(['(', '-', '*', ' ']);
    const STARTS: [&str; 20] = [
        "nguoi lap",
        "nguoi ky",
        "thu truong",
        "giam doc",
        "pho giam doc",
        "truong ban",
        "pho truong ban",
        "truong phong",
        "chanh van phong",
        "ky ten",
        "ky, ghi ro",
        "ky ghi ro",
        "ky va ghi ro",
        "xac nhan cua",
        "noi nhan",
        "tong cong",
        "tong so",
        "ghi chu:",
        "kt. ",
        "tm. ",
    ];
    if STARTS.iter().any(|s| f.starts_with(s)) {
        return true;
    }
    // "Khánh Hòa, ngày … tháng … năm …", "Nha Trang, ngày 15 tháng 3 năm 2021".
    f.contains("ngay") && f.contains("thang") && f.contains("nam") && f.contains(',')
}

/// A row with a person's facts: a number, a code, a gender or a birth date
/// (read as such).
/// Such a row is never a footer, whatever its position says ("Trưởng phòng"
/// is a position and a signer's title alike).
fn personal(header: &StaffHeader, r: &[Data]) -> bool {
    // A gender or a date as such: a signer's title may sit in any column.
    let birth = header.find(Col::Birth).and_then(|j| r.get(j));
    numbered(header, r)
        || !text_at(header, r, Col::Code).is_empty()
        || tdkt_domain::org::parse_gender(&text_at(header, r, Col::Gender)).is_some()
        || birth.is_some_and(|c| matches!(cell_date(c), Ok(Some(_))))
}

fn row_kind(header: &StaffHeader, r: &[Data], extra: Extra) -> RowKind {
    // Nearly every row: numbered, with a name. Nothing else to look at.
    if numbered(header, r)
        && header
            .find(Col::Name)
            .and_then(|j| r.get(j))
            .is_some_and(|c| matches!(c, Data::String(s) if !s.trim().is_empty() && !s.trim_start().starts_with('(')))
    {
        return RowKind::Person;
    }
    let name = text_at(header, r, Col::Name);
    let code = text_at(header, r, Col::Code);
    let stt = text_at(header, r, Col::Stt);
    let personal = personal(header, r);
    let mut any = extra.any;
    let mut numbering = !extra.any;
    let mut footer = extra.footer;
    // A number alone (a template's pre-numbered empty line) is a blank row.
    let stt_col = header.find(Col::Stt);
    for (j, c) in r.iter().enumerate() {
        if Some(j) == stt_col {
            continue;
        }
        match c {
            Data::Empty => {}
            Data::String(s) if s.trim().is_empty() => {}
            Data::String(s) => {
                any = true;
                let t = s.trim();
                if !(t.starts_with('(') && t.ends_with(')')) {
                    numbering = false;
                }
                if t.len() <= SHORT_TEXT && footer_text(t) {
                    footer = true;
                }
            }
            _ => {
                any = true;
                numbering = false;
            }
        }
    }
    if !any {
        return RowKind::Blank;
    }
    if numbering {
        return RowKind::Numbering;
    }
    // A footer line has no person's facts, and in the name column at most a
    // signer's title: a name beside a footer-like text is read, not dropped.
    if footer && !personal && (name.is_empty() || footer_text(&name)) {
        return RowKind::Footer;
    }
    if name.is_empty() && code.is_empty() && stt.is_empty() {
        return if personal {
            RowKind::Other
        } else {
            RowKind::Footer
        };
    }
    if group_numbering(&stt)
        && code.is_empty()
        && text_at(header, r, Col::Gender).is_empty()
        && text_at(header, r, Col::Birth).is_empty()
    {
        return RowKind::GroupHeading;
    }
    if !name.is_empty() && (personal || looks_listed(header, r)) {
        RowKind::Person
    } else {
        RowKind::Other
    }
}

/// A row with the facts of a list (gender or unit).
fn looks_listed(header: &StaffHeader, r: &[Data]) -> bool {
    !text_at(header, r, Col::Gender).is_empty() || !text_at(header, r, Col::Unit).is_empty()
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
    let blank = header.cols.iter().all(|(j, col)| match r.get(*j) {
        _ if *col == Col::Stt => true,
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
                    "{} «{}» không phải ngày hợp lệ (ngày/tháng/năm, ví dụ 15/03/1985).",
                    col.header(),
                    tdkt_domain::text::clip(&t, 80)
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
            format!(
                "Cột «Lãnh đạo, quản lý» ghi «{}»: hãy ghi «x» (có) hoặc để trống (không).",
                tdkt_domain::text::clip(&t, 80)
            ),
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
    use tdkt_domain::error::MAX_REPORTED_PROBLEMS;

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
            &SheetLimits::default(),
            |_| headers += 1,
            |h, r| seen.push((h.sheet.clone(), r.unwrap())),
        )
        .unwrap();
        assert_eq!(headers, 1);
        assert_eq!(header.sheet, "DS");
        assert_eq!(header.row, 4);
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

    fn names_of(bytes: &[u8]) -> Result<Vec<(String, u32)>, Vec<String>> {
        read_staff(bytes)
            .map(|s| s.rows.into_iter().map(|r| (r.full_name, r.row)).collect())
            .map_err(|e| e.iter().map(|e| e.to_string()).collect())
    }

    #[test]
    fn the_signature_block_under_the_table_is_not_read_as_people() {
        let bytes = sheet_with(&[
            &["BAN DÂN TỘC TỈNH KHÁNH HÒA"],
            &["STT", "Họ và tên", "Giới tính", "Đơn vị"],
            &["1", "Nguyễn Văn An", "Nam", "VP"],
            &["2", "Hà Thị Lan", "Nữ", "VP"],
            &["", "Lê Văn Ba", "Nam", "Trưởng phòng"],
            &["", "", "", "Khánh Hòa, ngày … tháng … năm 2021"],
            &["", "NGƯỜI LẬP BIỂU", "", "THỦ TRƯỞNG ĐƠN VỊ"],
            &["", "", "", "(Ký, ghi rõ họ tên)"],
            &["", "Trần Thị Bích", "", "Lê Văn Cường"],
        ]);
        assert_eq!(
            names_of(&bytes).unwrap(),
            [
                ("Nguyễn Văn An".to_string(), 3),
                ("Hà Thị Lan".to_string(), 4),
                ("Lê Văn Ba".to_string(), 5)
            ]
        );
        // Right under the last person, with the signer's name in the name column.
        let bytes = sheet_with(&[
            &["STT", "Họ và tên", "Giới tính", "Đơn vị"],
            &["1", "Nguyễn Văn An", "Nam", "VP"],
            &["", "Người lập biểu", "", ""],
            &["", "Trần Thị Bích", "", ""],
        ]);
        assert_eq!(names_of(&bytes).unwrap().len(), 1);
    }

    #[test]
    fn blank_rows_and_group_headings_inside_the_table() {
        let bytes = sheet_with(&[
            &["STT", "Họ và tên", "Giới tính", "Đơn vị"],
            &["I", "VĂN PHÒNG", "", ""],
            &["1", "Nguyễn Văn An", "Nam", "VP"],
            &["", "", "", ""],
            &["II.", "PHÒNG CHÍNH SÁCH", "", ""],
            &["2", "Hà Thị Lan", "Nữ", "Phòng Chính sách"],
            &["3", "", "", ""],
            &["", "Tổng cộng: 2 người", "", ""],
            &["", "", "", ""],
            &["", "Trần Thị Bích", "", ""],
        ]);
        assert_eq!(
            names_of(&bytes).unwrap(),
            [
                ("Nguyễn Văn An".to_string(), 3),
                ("Hà Thị Lan".to_string(), 6)
            ]
        );
    }

    #[test]
    fn a_person_below_the_footer_is_a_problem_not_lost() {
        let bytes = sheet_with(&[
            &["STT", "Họ và tên", "Giới tính", "Đơn vị"],
            &["1", "Nguyễn Văn An", "Nam", "VP"],
            &["", "", "", "Khánh Hòa, ngày 15 tháng 3 năm 2021"],
            &["2", "Hà Thị Lan", "Nữ", "VP"],
        ]);
        let errs = names_of(&bytes).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].starts_with("trang «DS», dòng 4, cột B") && errs[0].contains("dòng 3"),
            "{errs:?}"
        );
    }

    #[test]
    fn problems_are_capped_with_a_count() {
        let mut rows: Vec<Vec<String>> = vec![vec![
            "STT".into(),
            "Họ và tên".into(),
            "Ngày sinh".into(),
            "Giới tính".into(),
            "Đơn vị".into(),
        ]];
        for i in 1..=500 {
            rows.push(vec![
                i.to_string(),
                format!("Người {i}"),
                "31/02/1990".into(),
                "Nam".into(),
                "VP".into(),
            ]);
        }
        let refs: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
        let errs = names_of(&sheet_with(&slices)).unwrap_err();
        assert_eq!(errs.len(), MAX_REPORTED_PROBLEMS + 1);
        assert!(
            errs.last().unwrap().contains("300 lỗi khác"),
            "{:?}",
            errs.last()
        );
    }
}
