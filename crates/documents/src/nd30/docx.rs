//! Writes the document as WordprocessingML (.docx) directly.
//!
//! Why not docx-rs: it cannot set page margins or restart page numbers on a
//! later section (annexes are numbered on their own), and it numbers
//! paragraphs from a thread-local counter. The parts we need are few, and
//! writing them ourselves keeps every byte deterministic.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::DocError;
use super::fonts::{Fonts, WORD_FONT};
use super::layout::{
    BODY, HEADER_LEFT, HEADER_LINE, INDENT, ISSUER_RULE, Layout, MARGIN_BOTTOM, MARGIN_LEFT,
    MARGIN_RIGHT, MARGIN_TOP, MM, PAGE_H, PAGE_W, PARA_AFTER, SIGN_LEFT, SIGN_SPACE, SUMMARY_RULE,
    SUMMARY_RULE_MIN, TEXT_W, column_widths,
};
use super::model::{AdminDocument, Align, Annex, Block, Signature, Span, Table, clean, roman};

/// Points to twentieths of a point.
fn tw(pt: f32) -> i64 {
    (pt * 20.0).round() as i64
}

/// Escapes text for XML character data and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[derive(Clone, Copy, Default)]
struct RunStyle {
    bold: bool,
    italic: bool,
    /// Points; `None` keeps the 14 pt default.
    size: Option<f32>,
}

impl RunStyle {
    fn new(bold: bool, italic: bool, size: f32) -> Self {
        RunStyle {
            bold,
            italic,
            size: Some(size),
        }
    }
}

#[derive(Clone, Copy)]
enum Jc {
    Left,
    Center,
    Right,
    Both,
}

impl Jc {
    fn val(self) -> &'static str {
        match self {
            Jc::Left => "left",
            Jc::Center => "center",
            Jc::Right => "right",
            Jc::Both => "both",
        }
    }
}

/// Paragraph properties we use.
#[derive(Clone, Copy)]
struct Para {
    jc: Jc,
    first_line: i64,
    left: i64,
    right: i64,
    hanging: i64,
    before: i64,
    after: i64,
    /// Line spacing in 240ths of a line ("auto" rule).
    line: i64,
    keep_next: bool,
    /// A top border (the short rules of the header).
    top_rule: bool,
}

impl Para {
    fn body() -> Self {
        Para {
            jc: Jc::Both,
            first_line: tw(INDENT),
            left: 0,
            right: 0,
            hanging: 0,
            before: 0,
            after: tw(PARA_AFTER),
            line: 288,
            keep_next: false,
            top_rule: false,
        }
    }
    fn centered() -> Self {
        Para {
            jc: Jc::Center,
            first_line: 0,
            after: 0,
            line: 240,
            ..Para::body()
        }
    }
    fn left() -> Self {
        Para {
            jc: Jc::Left,
            ..Para::centered()
        }
    }
}

struct Writer {
    xml: String,
    /// `<w:rFonts …/>` with the four slots, written into every run so a
    /// paragraph pasted elsewhere keeps Times New Roman for Vietnamese.
    fonts: String,
}

impl Writer {
    fn new() -> Self {
        let f = esc(WORD_FONT);
        Writer {
            xml: String::with_capacity(64 * 1024),
            fonts: format!(
                r#"<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}" w:eastAsia="{f}"/>"#
            ),
        }
    }

    fn open_p(&mut self, p: Para) {
        let x = &mut self.xml;
        x.push_str("<w:p><w:pPr>");
        if p.keep_next {
            x.push_str("<w:keepNext/>");
        }
        if p.top_rule {
            x.push_str(
                r#"<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>"#,
            );
        }
        let _ = write!(
            x,
            r#"<w:spacing w:before="{}" w:after="{}" w:line="{}" w:lineRule="auto"/>"#,
            p.before, p.after, p.line
        );
        if p.first_line != 0 || p.left != 0 || p.right != 0 || p.hanging != 0 {
            x.push_str("<w:ind");
            if p.left != 0 {
                let _ = write!(x, r#" w:left="{}""#, p.left);
            }
            if p.right != 0 {
                let _ = write!(x, r#" w:right="{}""#, p.right);
            }
            if p.hanging != 0 {
                let _ = write!(x, r#" w:hanging="{}""#, p.hanging);
            } else if p.first_line != 0 {
                let _ = write!(x, r#" w:firstLine="{}""#, p.first_line);
            }
            x.push_str("/>");
        }
        let _ = write!(x, r#"<w:jc w:val="{}"/></w:pPr>"#, p.jc.val());
    }

    fn close_p(&mut self) {
        self.xml.push_str("</w:p>");
    }

    /// A run; '\n' in the text becomes a line break.
    fn run(&mut self, text: &str, s: RunStyle) {
        let text = clean(text);
        let mut first = true;
        for part in text.split('\n') {
            self.xml.push_str("<w:r><w:rPr>");
            self.xml.push_str(&self.fonts);
            if s.bold {
                self.xml.push_str("<w:b/><w:bCs/>");
            }
            if s.italic {
                self.xml.push_str("<w:i/><w:iCs/>");
            }
            if let Some(size) = s.size {
                let hp = (size * 2.0).round() as i64;
                let _ = write!(self.xml, r#"<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>"#);
            }
            self.xml.push_str("</w:rPr>");
            if !first {
                self.xml.push_str("<w:br/>");
            }
            first = false;
            if !part.is_empty() {
                let _ = write!(self.xml, r#"<w:t xml:space="preserve">{}</w:t>"#, esc(part));
            }
            self.xml.push_str("</w:r>");
        }
    }

    fn tab(&mut self) {
        self.xml.push_str("<w:r><w:tab/></w:r>");
    }

    fn para(&mut self, p: Para, text: &str, s: RunStyle) {
        self.open_p(p);
        self.run(text, s);
        self.close_p();
    }

    fn spans(&mut self, p: Para, lead: Option<(&str, RunStyle)>, spans: &[Span]) {
        self.open_p(p);
        if let Some((text, s)) = lead {
            self.run(text, s);
        }
        for span in spans {
            self.run(
                &span.text,
                RunStyle {
                    bold: span.bold,
                    italic: span.italic,
                    size: None,
                },
            );
        }
        self.close_p();
    }

    /// A short centred rule: an empty paragraph whose top border spans `len`
    /// points, centred in a column `col` points wide.
    fn rule(&mut self, col: f32, len: f32) {
        let side = tw(((col - len) / 2.0).max(0.0));
        self.open_p(Para {
            left: side,
            right: side,
            top_rule: true,
            line: 120,
            ..Para::centered()
        });
        self.run(
            "",
            RunStyle {
                size: Some(4.0),
                ..RunStyle::default()
            },
        );
        self.close_p();
    }

    fn page_break(&mut self) {
        self.xml
            .push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#);
    }

    /// A borderless layout table with the given column widths (points).
    fn open_layout_table(&mut self, widths: &[f32]) {
        let x = &mut self.xml;
        let _ = write!(
            x,
            r#"<w:tbl><w:tblPr><w:tblW w:w="{}" w:type="dxa"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#,
            tw(widths.iter().sum())
        );
        for w in widths {
            let _ = write!(x, r#"<w:gridCol w:w="{}"/>"#, tw(*w));
        }
        x.push_str("</w:tblGrid>");
    }

    fn open_cell(&mut self, width: f32) {
        let _ = write!(
            self.xml,
            r#"<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/></w:tcPr>"#,
            tw(width)
        );
    }
}

pub(crate) fn render(doc: &AdminDocument) -> Result<Vec<u8>, DocError> {
    let fonts = Fonts::get().ok_or(DocError::Font)?;
    let layout = Layout::new(fonts);
    let mut w = Writer::new();

    header(&mut w, &layout, doc);
    if let Some(a) = doc
        .authority_line
        .as_deref()
        .filter(|a| !a.trim().is_empty())
    {
        w.para(
            Para {
                before: 120,
                ..Para::centered()
            },
            &a.to_uppercase(),
            RunStyle::new(true, false, BODY),
        );
    }
    kinh_gui(&mut w, &layout, doc);
    for (i, basis) in doc.basis_lines().iter().enumerate() {
        w.para(
            Para {
                before: if i == 0 { 120 } else { 0 },
                ..Para::body()
            },
            basis,
            RunStyle::new(false, true, BODY),
        );
    }
    blocks(&mut w, &doc.body)?;
    // As in the PDF: the body's last paragraph goes with the signature.
    if let Some(at) = w.xml.rfind("<w:p><w:pPr>") {
        let at = at + "<w:p><w:pPr>".len();
        if !w.xml[at..].starts_with("<w:keepNext/>") {
            w.xml.insert_str(at, "<w:keepNext/>");
        }
    }
    signature(&mut w, doc);

    // Each annex is a section of its own, numbered from 1, so the section
    // properties of what precedes it close that part.
    for (i, annex) in doc.annexes.iter().enumerate() {
        w.xml.push_str("<w:p><w:pPr>");
        w.xml.push_str(&section_properties(i > 0));
        w.xml.push_str("</w:pPr></w:p>");
        annex_content(&mut w, annex)?;
    }
    let last = section_properties(!doc.annexes.is_empty());

    let f = esc(WORD_FONT);
    let mut document = String::with_capacity(w.xml.len() + 2048);
    document.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>"#
    ));
    document.push_str(&w.xml);
    document.push_str(&last);
    document.push_str("</w:body></w:document>");

    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}" w:eastAsia="{f}"/><w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#
    );
    let page_header = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>{fonts}<w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:rPr>{fonts}<w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:rPr>{fonts}<w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr>{fonts}<w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:t>2</w:t></w:r><w:r><w:rPr>{fonts}<w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>"#,
        fonts = w.fonts
    );
    let first_header = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p/></w:hdr>"#;
    let mut title = clean(&doc.title);
    if !doc.summary.trim().is_empty() {
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(&clean(&doc.summary).replace('\n', " "));
    }
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:language>vi-VN</dc:language><dc:creator>tdkt</dc:creator></cp:coreProperties>"#,
        esc(&title)
    );

    let parts: [(&str, &str); 9] = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", &core),
        ("word/document.xml", &document),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", &styles),
        ("word/settings.xml", SETTINGS),
        ("word/header1.xml", &page_header),
        ("word/header2.xml", first_header),
    ];
    zip_parts(&parts).map_err(|e| DocError::Docx(e.to_string()))
}

/// `<w:sectPr>`: A4, NĐ 30 margins, the page number header from page 2.
fn section_properties(restart_numbering: bool) -> String {
    let mm = |v: f32| tw(v);
    let mut s = String::from(
        r#"<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader1"/><w:headerReference w:type="first" r:id="rIdHeader2"/>"#,
    );
    let _ = write!(
        s,
        r#"<w:pgSz w:w="{}" w:h="{}"/><w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="{}" w:footer="{}" w:gutter="0"/>"#,
        mm(PAGE_W),
        mm(PAGE_H),
        mm(MARGIN_TOP),
        mm(MARGIN_RIGHT),
        mm(MARGIN_BOTTOM),
        mm(MARGIN_LEFT),
        mm(8.0 * MM),
        mm(8.0 * MM)
    );
    if restart_numbering {
        s.push_str(r#"<w:pgNumType w:start="1"/>"#);
    }
    s.push_str(r#"<w:cols w:space="720"/><w:titlePg/></w:sectPr>"#);
    s
}

fn header(w: &mut Writer, layout: &Layout<'_>, doc: &AdminDocument) {
    let left_w = TEXT_W * HEADER_LEFT;
    let right_w = TEXT_W - left_w;
    w.open_layout_table(&[left_w, right_w]);

    // Row 1: bodies | quốc hiệu, tiêu ngữ.
    w.xml.push_str("<w:tr>");
    w.open_cell(left_w);
    if let Some(parent) = doc.parent_body.as_deref().filter(|p| !p.trim().is_empty()) {
        w.para(
            Para::centered(),
            &parent.to_uppercase(),
            RunStyle::new(false, false, 13.0),
        );
    }
    let issuer = doc.issuer.to_uppercase();
    w.para(Para::centered(), &issuer, RunStyle::new(true, false, 13.0));
    w.rule(
        left_w,
        layout.widest(&clean(&issuer), true, 13.0, left_w) * ISSUER_RULE,
    );
    w.xml.push_str("</w:tc>");
    w.open_cell(right_w);
    w.para(
        Para::centered(),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        RunStyle::new(true, false, 12.0),
    );
    let tn = "Độc lập - Tự do - Hạnh phúc";
    w.para(Para::centered(), tn, RunStyle::new(true, false, 13.0));
    w.rule(right_w, layout.widest(tn, true, 13.0, right_w));
    w.xml.push_str("</w:tc></w:tr>");

    // Row 2: number (and V/v) | place and date.
    w.xml.push_str("<w:tr>");
    w.open_cell(left_w);
    // The 13 pt number on the baseline of the 14 pt date beside it.
    let lower = layout.baseline(BODY, HEADER_LINE) - layout.baseline(13.0, HEADER_LINE);
    w.para(
        Para {
            before: 80 + tw(lower),
            ..Para::centered()
        },
        &doc.number_line(),
        RunStyle::new(false, false, 13.0),
    );
    if doc.title.trim().is_empty() && !doc.summary.trim().is_empty() {
        w.para(
            Para {
                before: 40,
                ..Para::centered()
            },
            &doc.summary,
            RunStyle::new(false, false, 12.0),
        );
    }
    w.xml.push_str("</w:tc>");
    w.open_cell(right_w);
    w.para(
        Para {
            before: 80,
            ..Para::centered()
        },
        &doc.date_line(),
        RunStyle::new(false, true, BODY),
    );
    w.xml.push_str("</w:tc></w:tr></w:tbl>");

    if !doc.title.trim().is_empty() {
        w.para(
            Para {
                before: 280,
                ..Para::centered()
            },
            &doc.title.to_uppercase(),
            RunStyle::new(true, false, BODY),
        );
        let mut widest = layout.widest(&clean(&doc.title.to_uppercase()), true, BODY, TEXT_W);
        if !doc.summary.trim().is_empty() {
            w.para(
                Para::centered(),
                &doc.summary,
                RunStyle::new(true, false, BODY),
            );
            widest = layout.widest(&clean(&doc.summary), true, BODY, TEXT_W);
        }
        w.rule(TEXT_W, (widest * SUMMARY_RULE).max(SUMMARY_RULE_MIN));
    }
}

fn kinh_gui(w: &mut Writer, layout: &Layout<'_>, doc: &AdminDocument) {
    let items = doc.kinh_gui_lines();
    if items.is_empty() {
        return;
    }
    let label = "Kính gửi:";
    if items.len() == 1 {
        w.para(
            Para {
                before: 120,
                after: 120,
                line: 288,
                ..Para::centered()
            },
            &format!("{label} {}", items[0]),
            RunStyle::new(false, false, BODY),
        );
        return;
    }
    let label_w = layout.text_width(super::fonts::Face4::Regular, BODY, "Kính gửi: ");
    let x0 = TEXT_W * 0.15;
    let n = items.len();
    for (i, item) in items.iter().enumerate() {
        let p = Para {
            jc: Jc::Left,
            first_line: 0,
            left: tw(x0 + label_w),
            right: 0,
            hanging: if i == 0 { tw(label_w) } else { 0 },
            before: if i == 0 { 120 } else { 0 },
            after: if i + 1 == n { 120 } else { 0 },
            line: 288,
            keep_next: false,
            top_rule: false,
        };
        w.open_p(p);
        if i == 0 {
            w.run(label, RunStyle::new(false, false, BODY));
            w.tab();
        }
        w.run(item, RunStyle::new(false, false, BODY));
        w.close_p();
    }
}

fn blocks(w: &mut Writer, blocks: &[Block]) -> Result<(), DocError> {
    let plain = RunStyle::default();
    for block in blocks {
        match block {
            Block::Section { numeral, title } => w.para(
                Para {
                    keep_next: true,
                    ..Para::body()
                },
                &format!("{}. {}", roman(*numeral), title.trim()),
                RunStyle {
                    bold: true,
                    ..plain
                },
            ),
            Block::Numbered { number, text } => {
                w.spans(Para::body(), Some((&format!("{number}. "), plain)), text)
            }
            Block::Lettered { letter, text } => {
                w.spans(Para::body(), Some((&format!("{letter}) "), plain)), text)
            }
            Block::Bullet(text) => w.spans(Para::body(), Some(("- ", plain)), text),
            Block::Paragraph(text) => w.spans(Para::body(), None, text),
            Block::Article {
                number,
                title,
                text,
            } => {
                let label = format!("Điều {number}.");
                let bold = RunStyle {
                    bold: true,
                    ..plain
                };
                match title.as_deref().filter(|t| !t.trim().is_empty()) {
                    Some(t) => {
                        let has_text = text.iter().any(|s| !s.text.trim().is_empty());
                        w.open_p(Para {
                            keep_next: has_text,
                            ..Para::body()
                        });
                        w.run(&label, bold);
                        w.run(&format!(" {}", t.trim()), bold);
                        w.close_p();
                        if has_text {
                            w.spans(Para::body(), None, text);
                        }
                    }
                    None => {
                        w.open_p(Para::body());
                        w.run(&label, bold);
                        w.run(" ", plain);
                        for span in text {
                            w.run(
                                &span.text,
                                RunStyle {
                                    bold: span.bold,
                                    italic: span.italic,
                                    size: None,
                                },
                            );
                        }
                        w.close_p();
                    }
                }
            }
            Block::Heading(text) => w.para(
                Para {
                    before: 120,
                    after: tw(PARA_AFTER),
                    keep_next: true,
                    ..Para::centered()
                },
                text,
                RunStyle {
                    bold: true,
                    ..plain
                },
            ),
            Block::Note(text) => w.para(
                Para {
                    after: tw(PARA_AFTER),
                    keep_next: true,
                    ..Para::centered()
                },
                text,
                RunStyle {
                    italic: true,
                    ..plain
                },
            ),
            Block::Table(t) => table(w, t)?,
            Block::PageBreak => w.page_break(),
        }
    }
    Ok(())
}

/// A ruled table spanning the text width; its header row repeats on each page.
fn table(w: &mut Writer, t: &Table) -> Result<(), DocError> {
    let widths = column_widths(t, TEXT_W).map_err(DocError::InvalidTable)?;
    let x = &mut w.xml;
    let _ = write!(
        x,
        r#"<w:tbl><w:tblPr><w:tblW w:w="{}" w:type="dxa"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#,
        tw(TEXT_W)
    );
    for wd in &widths {
        let _ = write!(x, r#"<w:gridCol w:w="{}"/>"#, tw(*wd));
    }
    x.push_str("</w:tblGrid>");
    let cell = |w: &mut Writer, width: f32, text: &str, jc: Jc, bold: bool| {
        w.open_cell(width);
        w.para(
            Para {
                jc,
                before: 40,
                after: 40,
                ..Para::centered()
            },
            text,
            RunStyle::new(bold, false, 13.0),
        );
        w.xml.push_str("</w:tc>");
    };
    w.xml
        .push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (c, wd) in t.columns.iter().zip(&widths) {
        cell(w, *wd, &c.header, Jc::Center, true);
    }
    w.xml.push_str("</w:tr>");
    for row in &t.rows {
        w.xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (i, (c, wd)) in t.columns.iter().zip(&widths).enumerate() {
            let jc = match c.align {
                Align::Left => Jc::Left,
                Align::Center => Jc::Center,
                Align::Right => Jc::Right,
            };
            cell(
                w,
                *wd,
                row.get(i).map(String::as_str).unwrap_or(""),
                jc,
                false,
            );
        }
        w.xml.push_str("</w:tr>");
    }
    w.xml.push_str("</w:tbl>");
    // Word needs a paragraph between a table and what follows.
    w.para(
        Para {
            after: tw(PARA_AFTER),
            ..Para::left()
        },
        "",
        RunStyle::default(),
    );
    Ok(())
}

/// Nơi nhận (left, label on the line of the position) and the signature
/// (right); with a second signer, both signatures side by side and Nơi nhận
/// in a row below.
fn signature(w: &mut Writer, doc: &AdminDocument) {
    // Space before the block, kept with it.
    w.para(
        Para {
            keep_next: true,
            ..Para::left()
        },
        "",
        RunStyle::default(),
    );
    let left_w = TEXT_W * SIGN_LEFT;
    let right_w = TEXT_W - left_w;
    match &doc.co_signature {
        None => {
            w.open_layout_table(&[left_w, right_w]);
            w.xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            w.open_cell(left_w);
            recipients(w, doc);
            w.xml.push_str("</w:tc>");
            w.open_cell(right_w);
            signer(w, &doc.signature, 0, false);
            w.xml.push_str("</w:tc></w:tr></w:tbl>");
        }
        Some(co) => {
            let half = TEXT_W / 2.0;
            // Padded to the same number of title lines, so the names share a line.
            let lines = co
                .title_lines()
                .len()
                .max(doc.signature.title_lines().len());
            w.open_layout_table(&[half, half]);
            // The signatures kept on the page of the Nơi nhận row below them.
            w.xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            w.open_cell(half);
            signer(w, co, lines, true);
            w.xml.push_str("</w:tc>");
            w.open_cell(half);
            signer(w, &doc.signature, lines, true);
            w.xml
                .push_str("</w:tc></w:tr><w:tr><w:trPr><w:cantSplit/></w:trPr>");
            w.open_cell(half);
            w.para(
                Para {
                    before: 240,
                    ..Para::left()
                },
                "",
                RunStyle::new(false, false, 6.0),
            );
            recipients(w, doc);
            w.xml.push_str("</w:tc>");
            w.open_cell(half);
            w.para(Para::centered(), "", RunStyle::default());
            w.xml.push_str("</w:tc></w:tr></w:tbl>");
        }
    }
}

/// "Nơi nhận:" and its lines, inside a cell.
fn recipients(w: &mut Writer, doc: &AdminDocument) {
    w.open_p(Para::left());
    w.run("Nơi nhận:", RunStyle::new(true, true, 12.0));
    if let Some(note) = doc
        .recipients_note
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        w.run(note.trim(), RunStyle::new(true, true, 12.0));
    }
    w.close_p();
    let dash = tw(7.0);
    for item in doc.recipient_lines() {
        w.para(
            Para {
                left: dash,
                hanging: dash,
                ..Para::left()
            },
            &item,
            RunStyle::new(false, false, 11.0),
        );
    }
}

/// A signature inside a cell: its title lines (padded with empty lines to
/// `min_lines`), the signing space, the name; `keep_next` keeps the row with
/// the next one.
fn signer(w: &mut Writer, sig: &Signature, min_lines: usize, keep_next: bool) {
    let lines = sig.title_lines();
    let pad = min_lines.max(1).saturating_sub(lines.len());
    let p = Para {
        keep_next,
        ..Para::centered()
    };
    for l in &lines {
        w.para(p, l, RunStyle::new(true, false, BODY));
    }
    for _ in 0..pad {
        w.para(p, "", RunStyle::new(true, false, BODY));
    }
    w.para(
        Para {
            before: tw(SIGN_SPACE),
            ..p
        },
        &sig.signer,
        RunStyle::new(true, false, BODY),
    );
}

fn annex_content(w: &mut Writer, annex: &Annex) -> Result<(), DocError> {
    let bold = RunStyle::new(true, false, BODY);
    if let Some(label) = annex.label.as_deref().filter(|l| !l.trim().is_empty()) {
        w.para(
            Para {
                keep_next: true,
                ..Para::centered()
            },
            label,
            bold,
        );
    }
    if !annex.title.trim().is_empty() {
        w.para(
            Para {
                keep_next: true,
                ..Para::centered()
            },
            &annex.title.to_uppercase(),
            bold,
        );
    }
    if let Some(sub) = annex.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        w.para(
            Para {
                keep_next: true,
                ..Para::centered()
            },
            sub,
            RunStyle::new(false, true, BODY),
        );
    }
    w.para(
        Para {
            after: 120,
            ..Para::centered()
        },
        "",
        RunStyle::default(),
    );
    blocks(w, &annex.blocks)
}

fn zip_parts(parts: &[(&str, &str)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // A fixed timestamp: the same document gives the same bytes.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (name, content) in parts {
        zip.start_file(*name, options)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdHeader1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdHeader2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/></Relationships>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }
}
