//! The look the Office's workbooks share: Times New Roman, a bold centred
//! title, ruled cells with a bold centred header, whole numbers with the
//! thousands separator, dates as dd/mm/yyyy; and merged title lines that
//! stay single cells on a one-column table.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

pub struct Styles {
    pub plain: Format,
    pub bold: Format,
    pub title: Format,
    pub center: Format,
    pub bold_center: Format,
    pub italic_center: Format,
    pub head: Format,
    pub cell: Format,
    pub cell_bold: Format,
    /// A bordered whole number, right-aligned, "1.234.567" in a Vietnamese Excel.
    pub number: Format,
    pub number_bold: Format,
    pub date: Format,
}

impl Styles {
    /// `size`: the body's font size in points (the title is two larger).
    pub fn new(size: f64) -> Styles {
        let plain = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(size)
            .set_text_wrap();
        let bold = plain.clone().set_bold();
        let center = plain.clone().set_align(FormatAlign::Center);
        let cell = plain.clone().set_border(FormatBorder::Thin);
        let number = cell
            .clone()
            .set_num_format("#,##0")
            .set_align(FormatAlign::Right);
        Styles {
            title: bold
                .clone()
                .set_font_size(size + 2.0)
                .set_align(FormatAlign::Center),
            bold_center: bold.clone().set_align(FormatAlign::Center),
            italic_center: center.clone().set_italic(),
            head: bold
                .clone()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin),
            cell_bold: bold.clone().set_border(FormatBorder::Thin),
            number_bold: number.clone().set_bold(),
            date: cell
                .clone()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Center),
            number,
            cell,
            center,
            bold,
            plain,
        }
    }
}

/// A merged range, or the one cell when the range is a single cell (the
/// halves of a one-column form).
pub fn merge(
    ws: &mut Worksheet,
    r1: u32,
    c1: u16,
    r2: u32,
    c2: u16,
    text: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    if r1 == r2 && c1 >= c2 {
        ws.write_with_format(r1, c1, text, f).map(|_| ())
    } else {
        ws.merge_range(r1, c1, r2, c2, text, f).map(|_| ())
    }
}
