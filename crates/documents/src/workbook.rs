//! Opening an uploaded workbook as the hostile thing it may be. Before a
//! sheet is parsed the file must be an `.xlsx` (a zip) whose parts inflate
//! to no more than a limit; its sheets are then read cell by cell, never as
//! a grid, and refused as soon as they declare or reach more rows or columns
//! than the limits allow. A 1.5 KB sheet that declares `A1:XFD1048576`, or a
//! zip bomb of gigabytes of XML, costs a fraction of a second and a page of
//! explanation, not the server.

use calamine::{Data, DataRef, Reader, Xlsx};
use std::io::{Cursor, Read};
use tdkt_domain::error::{FieldError, Location, MAX_REPORTED_PROBLEMS};
use tdkt_domain::text::format_number;

/// What an uploaded sheet may be; settings of the server and of `tdkt import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetLimits {
    /// All parts of the `.xlsx` together, inflated.
    pub max_unzipped_bytes: u64,
    /// Rows of a sheet (as Excel numbers them: the last allowed row).
    pub max_rows: u32,
    /// Columns of a sheet.
    pub max_columns: u32,
    /// Cells stored in one sheet (filled or formatted).
    pub max_cells: u64,
    /// Problems kept and shown; the rest are counted.
    pub max_problems: usize,
}

/// Parts of a zip looked at; an `.xlsx` has a few dozen.
const MAX_ZIP_ENTRIES: usize = 10_000;

impl Default for SheetLimits {
    /// Room for a province's staff list (a 300,000-row sheet inflates to
    /// about 150 MB of XML), far below what would strain the server.
    fn default() -> Self {
        SheetLimits {
            max_unzipped_bytes: 256 * 1024 * 1024,
            max_rows: 300_000,
            max_columns: 1_000,
            max_cells: 10_000_000,
            max_problems: MAX_REPORTED_PROBLEMS,
        }
    }
}

fn file_error(message: String) -> FieldError {
    FieldError::new("file", message)
}

fn mib(bytes: u64) -> String {
    format_number((bytes / (1024 * 1024)) as i64)
}

/// An `.xlsx` whose size once inflated was checked.
pub struct CheckedWorkbook<'b> {
    xlsx: Xlsx<Cursor<&'b [u8]>>,
    limits: SheetLimits,
    /// Cells read so far, over every sheet (the cell limit is the workbook's).
    cells_read: u64,
}

/// Excel's own limit on the text of one cell.
const MAX_CELL_CHARS: usize = 32_767;

/// Sheets looked at for a table; an office's workbook has a handful.
pub const MAX_SHEETS: usize = 50;

impl<'b> CheckedWorkbook<'b> {
    /// Checks what the file is and how large it inflates, then opens it.
    pub fn open(bytes: &'b [u8], limits: &SheetLimits) -> Result<Self, FieldError> {
        check_format(bytes)?;
        check_zip(bytes, limits)?;
        let xlsx = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
            file_error(format!(
                "Không đọc được tệp: không phải bảng tính Excel (.xlsx) hợp lệ ({e})."
            ))
        })?;
        Ok(CheckedWorkbook {
            xlsx,
            limits: *limits,
            cells_read: 0,
        })
    }

    /// The sheets, in order: the first [`MAX_SHEETS`] of them.
    pub fn sheet_names(&self) -> Vec<String> {
        let mut names = self.xlsx.sheet_names();
        names.truncate(MAX_SHEETS);
        names
    }

    pub fn limits(&self) -> &SheetLimits {
        &self.limits
    }

    /// Hands every stored cell of `sheet` to `on_cell(row, column, value)`
    /// (0-based) in sheet order, until it answers `false`. A sheet that
    /// declares, or holds, a cell beyond the limits is refused at once.
    pub fn cells(
        &mut self,
        sheet: &str,
        mut on_cell: impl FnMut(u32, usize, &DataRef<'_>) -> Result<bool, Vec<FieldError>>,
    ) -> Result<(), Vec<FieldError>> {
        let limits = self.limits;
        let unreadable = |e: &dyn std::fmt::Display| {
            vec![at_sheet(
                sheet,
                None,
                format!("Không đọc được trang tính: {e}"),
            )]
        };
        let mut cells = self
            .xlsx
            .worksheet_cells_reader(sheet)
            .map_err(|e| unreadable(&e))?;
        let declared = cells.dimensions();
        check_extent(sheet, declared.end.0, declared.end.1, &limits, true)?;
        let mut last: Option<(u32, u32)> = None;
        while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
            let (r, c) = cell.get_position();
            check_extent(sheet, r, c, &limits, false)?;
            // Excel writes each cell once, row after row: a cell repeated or
            // out of order can only be meant to make the reader work twice.
            if last.is_some_and(|l| (r, c) <= l) {
                return Err(vec![at_sheet(
                    sheet,
                    Some(r + 1),
                    format!(
                        "Ô {}{} lặp lại hoặc sai thứ tự: tệp không do Excel tạo ra đúng cách. Hãy mở bằng Excel và lưu lại.",
                        crate::xlsx::column_letter(c as usize),
                        r + 1
                    ),
                )]);
            }
            last = Some((r, c));
            if let Some(t) = text_of(cell.get_value())
                && t.len() > MAX_CELL_CHARS
                && t.chars().count() > MAX_CELL_CHARS
            {
                return Err(vec![at_sheet(
                    sheet,
                    Some(r + 1),
                    format!(
                        "Ô {}{} có hơn {} ký tự, quá giới hạn một ô của Excel.",
                        crate::xlsx::column_letter(c as usize),
                        r + 1,
                        format_number(MAX_CELL_CHARS as i64)
                    ),
                )]);
            }
            self.cells_read += 1;
            if self.cells_read > limits.max_cells {
                return Err(vec![at_sheet(
                    sheet,
                    Some(r + 1),
                    format!(
                        "Bảng tính có hơn {} ô (kể cả ô chỉ có định dạng), vượt giới hạn của một bảng tính được nhận. Hãy xóa các ô thừa hoặc chia thành nhiều tệp.",
                        format_number(limits.max_cells as i64)
                    ),
                )]);
            }
            if !on_cell(r, c as usize, cell.get_value())? {
                break;
            }
        }
        Ok(())
    }
}

/// A cell's value as calamine's owned type.
pub fn owned(value: &DataRef<'_>) -> Data {
    Data::from(value.clone())
}

/// A text cell's text, borrowed (numbers, dates and blanks: `None`).
pub fn text_of<'a>(value: &'a DataRef<'_>) -> Option<&'a str> {
    match value {
        DataRef::String(t) => Some(t),
        DataRef::SharedString(t) => Some(t),
        _ => None,
    }
}

fn at_sheet(sheet: &str, row: Option<u32>, message: String) -> FieldError {
    FieldError::new("file", message).at(Location {
        sheet: Some(sheet.to_string()),
        row,
        column: None,
    })
}

/// `row`, `col` 0-based; `declared`: the sheet's own statement of its size.
fn check_extent(
    sheet: &str,
    row: u32,
    col: u32,
    limits: &SheetLimits,
    declared: bool,
) -> Result<(), Vec<FieldError>> {
    let (rows, cols) = (u64::from(row) + 1, u64::from(col) + 1);
    if rows <= u64::from(limits.max_rows) && cols <= u64::from(limits.max_columns) {
        return Ok(());
    }
    let cell = format!("{}{}", crate::xlsx::column_letter(col as usize), rows);
    let what = if declared {
        format!("Trang tính khai báo vùng dữ liệu đến ô {cell}")
    } else {
        format!("Trang tính có dữ liệu ở ô {cell}")
    };
    Err(vec![at_sheet(
        sheet,
        (!declared).then_some(row + 1),
        format!(
            "{what} ({} dòng, {} cột), vượt giới hạn {} dòng và {} cột. Hãy xóa các dòng, cột thừa (kể cả ô chỉ có định dạng) rồi lưu lại.",
            format_number(rows as i64),
            format_number(cols as i64),
            format_number(i64::from(limits.max_rows)),
            format_number(i64::from(limits.max_columns)),
        ),
    )])
}

/// Parts calamine reads whole when the workbook opens, beside the sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartKind {
    /// The shared strings: one `String` each, and a capacity reserved from
    /// the `uniqueCount` it declares.
    SharedStrings,
    /// Styles, the workbook, relationships: small in any real file; a style
    /// entry copies its font (name included) as often as it is named.
    Small,
    /// Sheets (read cell by cell, within their own limits), images, themes.
    Other,
}

/// Shared strings one workbook may hold (a 300,000-row list has about
/// four distinct texts a row).
const MAX_SHARED_STRINGS: u64 = 5_000_000;
/// Size of a small part, inflated.
const MAX_SMALL_PART: u64 = 16 * 1024 * 1024;
/// An attribute value (or other quoted run) in a small part.
const MAX_SMALL_QUOTED: u64 = 4096;

/// Watches one part as it is inflated: its size, the strings it declares or
/// holds, the longest quoted run; `refused` says why it stopped.
struct PartScan {
    kind: PartKind,
    bytes: u64,
    /// The first bytes (where `<sst uniqueCount="…">` sits).
    head: Vec<u8>,
    /// `<` seen: every shared string has at least one element.
    tags: u64,
    in_quote: bool,
    quoted: u64,
    refused: Option<String>,
}

impl PartScan {
    fn new(name: &str, _limits: &SheetLimits) -> Self {
        let lc = name.to_ascii_lowercase();
        let kind = if lc.ends_with("sharedstrings.xml") {
            PartKind::SharedStrings
        } else if lc.ends_with("styles.xml")
            || lc.ends_with("workbook.xml")
            || lc.ends_with(".rels")
        {
            PartKind::Small
        } else {
            PartKind::Other
        };
        PartScan {
            kind,
            bytes: 0,
            head: Vec::new(),
            tags: 0,
            in_quote: false,
            quoted: 0,
            refused: None,
        }
    }

    fn refuse(&mut self, why: String) -> std::io::Error {
        self.refused = Some(why);
        std::io::Error::other("refused")
    }

    /// Checks what could only be seen whole: the declared string count.
    fn finish(&self) -> Result<(), String> {
        if self.kind != PartKind::SharedStrings {
            return Ok(());
        }
        let head = String::from_utf8_lossy(&self.head);
        for attr in ["uniqueCount=\"", "count=\""] {
            if let Some(i) = head.find(attr) {
                let digits: String = head[i + attr.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                if digits.len() > 12 || digits.parse::<u64>().is_ok_and(|n| n > MAX_SHARED_STRINGS)
                {
                    return Err(too_many_strings());
                }
            }
        }
        Ok(())
    }
}

fn too_many_strings() -> String {
    format!(
        "Bảng tính có hơn {} chuỗi văn bản khác nhau, vượt giới hạn của một bảng tính được nhận. Hãy chia danh sách thành nhiều tệp.",
        format_number(MAX_SHARED_STRINGS as i64)
    )
}

impl std::io::Write for PartScan {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes += buf.len() as u64;
        if self.head.len() < 4096 {
            let room = 4096 - self.head.len();
            self.head.extend_from_slice(&buf[..buf.len().min(room)]);
        }
        match self.kind {
            PartKind::SharedStrings => {
                self.tags += memchr::memchr_iter(b'<', buf).count() as u64;
                // `<si/>` is the smallest string: one element.
                if self.tags > MAX_SHARED_STRINGS * 4 {
                    return Err(self.refuse(too_many_strings()));
                }
            }
            PartKind::Small => {
                if self.bytes > MAX_SMALL_PART {
                    return Err(self.refuse(format!(
                        "Phần định dạng của bảng tính lớn hơn {} MB: tệp không phải bảng tính Excel thông thường. Hãy mở bằng Excel và lưu lại.",
                        mib(MAX_SMALL_PART)
                    )));
                }
                for &b in buf {
                    if b == b'"' {
                        self.in_quote = !self.in_quote;
                        self.quoted = 0;
                    } else if self.in_quote {
                        self.quoted += 1;
                        if self.quoted > MAX_SMALL_QUOTED {
                            return Err(self.refuse(
                                "Phần định dạng của bảng tính có một giá trị dài bất thường: tệp không phải bảng tính Excel thông thường. Hãy mở bằng Excel và lưu lại.".into(),
                            ));
                        }
                    }
                }
            }
            PartKind::Other => {}
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An `.xlsx` is a zip; the older binary `.xls`, a password-protected file
/// (both OLE compound files) and OpenDocument are refused with what to do:
/// their readers build whole grids before any limit could be checked.
fn check_format(bytes: &[u8]) -> Result<(), FieldError> {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(&OLE) {
        return Err(file_error(
            "Tệp là bảng tính Excel 97–2003 (.xls) hoặc có đặt mật khẩu: hãy mở bằng Excel hoặc LibreOffice, bỏ mật khẩu nếu có và lưu lại dưới dạng «Excel Workbook (.xlsx)».".into(),
        ));
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(file_error(
            "Không đọc được tệp: không phải bảng tính Excel (.xlsx). Hãy lưu bảng tính dưới dạng «Excel Workbook (.xlsx)» rồi tải lên lại.".into(),
        ));
    }
    Ok(())
}

/// Inflates every part into nothing, counting: refuses the file once the
/// parts together pass the limit. The sizes a zip declares are not trusted.
fn check_zip(bytes: &[u8], limits: &SheetLimits) -> Result<(), FieldError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        file_error(format!(
            "Không đọc được tệp: không phải bảng tính Excel (.xlsx) hợp lệ ({e})."
        ))
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(file_error(format!(
            "Tệp có {} phần bên trong, không phải một bảng tính Excel thông thường.",
            format_number(zip.len() as i64)
        )));
    }
    let too_big = || {
        file_error(format!(
            "Tệp khi giải nén vượt quá {} MB, giới hạn của một bảng tính được nhận. Hãy chia danh sách thành nhiều tệp, hoặc xóa các trang tính và hình ảnh không cần thiết.",
            mib(limits.max_unzipped_bytes)
        ))
    };
    let mut names = Vec::new();
    let mut left = limits.max_unzipped_bytes;
    for i in 0..zip.len() {
        // Directories too: calamine opens whatever path a relationship names.
        let mut part = zip.by_index(i).map_err(|e| unreadable(&e))?;
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        let mut scan = PartScan::new(&name, limits);
        match std::io::copy(&mut (&mut part).take(left + 1), &mut scan) {
            Ok(n) if n > left => return Err(too_big()),
            Ok(n) => left -= n,
            Err(_) if scan.refused.is_some() => {
                return Err(file_error(scan.refused.unwrap_or_default()));
            }
            Err(e) => return Err(unreadable(&e)),
        }
        scan.finish().map_err(file_error)?;
        names.push(name);
    }
    if names.iter().any(|n| n == "content.xml") && !names.iter().any(|n| n.starts_with("xl/")) {
        return Err(file_error(
            "Tệp là bảng tính OpenDocument (.ods): hãy lưu lại dưới dạng «Excel Workbook (.xlsx)» rồi tải lên.".into(),
        ));
    }
    if names
        .iter()
        .any(|n| n.ends_with(".bin") && n.starts_with("xl/workbook"))
    {
        return Err(file_error(
            "Tệp là bảng tính Excel nhị phân (.xlsb): hãy lưu lại dưới dạng «Excel Workbook (.xlsx)» rồi tải lên.".into(),
        ));
    }
    if !names.iter().any(|n| n.starts_with("xl/")) {
        return Err(file_error(
            "Không đọc được tệp: tệp nén này không phải bảng tính Excel (.xlsx).".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::Workbook as Writer;

    fn small() -> SheetLimits {
        SheetLimits {
            max_unzipped_bytes: 1024 * 1024,
            max_rows: 100,
            max_columns: 20,
            max_cells: 1_000,
            max_problems: 10,
        }
    }

    fn collect(bytes: &[u8], limits: &SheetLimits) -> Result<Vec<(u32, usize)>, Vec<FieldError>> {
        let mut wb = CheckedWorkbook::open(bytes, limits).map_err(|e| vec![e])?;
        let sheet = wb.sheet_names()[0].clone();
        let mut seen = Vec::new();
        wb.cells(&sheet, |r, c, _| {
            seen.push((r, c));
            Ok(true)
        })?;
        Ok(seen)
    }

    #[test]
    fn a_sheet_declaring_the_whole_grid_is_refused_before_reading() {
        let mut w = Writer::new();
        let ws = w.add_worksheet();
        ws.write(0, 0, "a").unwrap();
        ws.write(1_048_575, 16_383, "z").unwrap();
        let bytes = w.save_to_buffer().unwrap();
        assert!(bytes.len() < 10_000);
        let errs = collect(&bytes, &SheetLimits::default()).unwrap_err();
        assert_eq!(errs.len(), 1);
        let msg = errs[0].to_string();
        assert!(msg.contains("XFD1048576"), "{msg}");
        assert!(msg.contains("1.048.576 dòng"), "{msg}");
        assert!(msg.contains("300.000 dòng"), "{msg}");
    }

    #[test]
    fn cells_past_the_limit_are_refused_where_they_are() {
        let mut w = Writer::new();
        let ws = w.add_worksheet();
        for r in 0..150u32 {
            ws.write(r, 0, "x").unwrap();
        }
        let bytes = w.save_to_buffer().unwrap();
        let ok = SheetLimits {
            max_rows: 150,
            ..small()
        };
        assert_eq!(collect(&bytes, &ok).unwrap().len(), 150);
        let errs = collect(&bytes, &small()).unwrap_err();
        assert!(errs[0].to_string().contains("A150"), "{}", errs[0]);
    }

    #[test]
    fn cells_are_counted() {
        let mut w = Writer::new();
        let ws = w.add_worksheet();
        for r in 0..60u32 {
            for c in 0..20u16 {
                ws.write(r, c, 1).unwrap();
            }
        }
        let bytes = w.save_to_buffer().unwrap();
        let errs = collect(&bytes, &small()).unwrap_err();
        assert!(errs[0].message.contains("hơn 1.000 ô"), "{}", errs[0]);
        assert_eq!(errs[0].location.as_ref().unwrap().row, Some(51));
    }

    #[test]
    fn inflated_size_is_counted_not_trusted() {
        let mut w = Writer::new();
        let ws = w.add_worksheet();
        for r in 0..90u32 {
            ws.write(r, 0, format!("{r} {}", "x".repeat(20_000)))
                .unwrap();
        }
        let bytes = w.save_to_buffer().unwrap();
        let errs = collect(&bytes, &small()).unwrap_err();
        assert!(
            errs[0].message.contains("giải nén vượt quá 1 MB"),
            "{}",
            errs[0]
        );
        let roomy = SheetLimits {
            max_unzipped_bytes: 8 * 1024 * 1024,
            ..small()
        };
        assert_eq!(collect(&bytes, &roomy).unwrap().len(), 90);
    }

    #[test]
    fn other_formats_say_what_to_do() {
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend([0u8; 512]);
        let e = collect(&ole, &small()).unwrap_err();
        assert!(e[0].message.contains(".xls"), "{}", e[0]);
        let e = collect(b"STT,Ho va ten\n1,A", &small()).unwrap_err();
        assert!(e[0].message.contains("Excel Workbook (.xlsx)"), "{}", e[0]);
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        z.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, b"<office:document-content/>").unwrap();
        let ods = z.finish().unwrap().into_inner();
        let e = collect(&ods, &small()).unwrap_err();
        assert!(e[0].message.contains(".ods"), "{}", e[0]);
    }
}
