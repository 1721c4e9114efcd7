//! Bằng khen and Giấy khen printed onto pre-printed blanks.
//!
//! Offices buy blanks that already carry the ornaments, the national emblem
//! and the title, and print only the variable text onto them. A template is
//! therefore a page size and, per field, where its text goes; the PDF holds
//! those texts and a QR code that links to the award's public record, nothing
//! else. [`preview_pdf`] adds a light box and the name of each field so the
//! secretary can check a template against a blank held up to the light.
//!
//! Templates are kept by the store as JSON ([`CertificateTemplate`] is serde).

use krilla::Document;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::Font;
use qrcode::{EcLevel, QrCode};
use serde::{Deserialize, Serialize};

use crate::nd30::DocError;
use crate::nd30::fonts::Fonts;
use crate::nd30::layout::{HAlign, Layout, MM, ParaStyle, Styled};
use crate::nd30::pdf::{draw_op, draw_piece, krilla_fonts};

/// The kinds of blank with a default template.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum BlankKind {
    /// A3 landscape, 420 × 297 mm.
    BangKhen,
    /// A4 landscape, 297 × 210 mm.
    GiayKhen,
}

/// Where a blank is printed and what goes where.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CertificateTemplate {
    pub name: String,
    pub page_width_mm: f32,
    pub page_height_mm: f32,
    pub fields: Vec<FieldPlacement>,
}

/// The variable texts of a certificate, and its QR code.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum CertField {
    Name,
    /// Chức vụ, đơn vị.
    Position,
    Citation,
    Award,
    /// "Quyết định số 12/QĐ-BDT ngày 20/12/2021".
    DecisionLine,
    /// "Khánh Hòa, ngày 20 tháng 12 năm 2021".
    DateLine,
    SignerPosition,
    SignerName,
    Qr,
}

impl CertField {
    pub const ALL: [CertField; 9] = [
        CertField::Name,
        CertField::Position,
        CertField::Citation,
        CertField::Award,
        CertField::DecisionLine,
        CertField::DateLine,
        CertField::SignerPosition,
        CertField::SignerName,
        CertField::Qr,
    ];

    /// The field's name as the secretary knows it.
    pub fn label(self) -> &'static str {
        match self {
            CertField::Name => "Họ và tên",
            CertField::Position => "Chức vụ, đơn vị",
            CertField::Citation => "Thành tích",
            CertField::Award => "Danh hiệu, hình thức",
            CertField::DecisionLine => "Số, ngày quyết định",
            CertField::DateLine => "Địa danh, ngày tháng",
            CertField::SignerPosition => "Chức vụ người ký",
            CertField::SignerName => "Họ tên người ký",
            CertField::Qr => "Mã QR",
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum TextAlign {
    Left,
    #[default]
    Center,
    Right,
}

/// One field on the page. A text wraps within `width_mm`, its first line's
/// top at `y_mm`; the QR code is a square of side `width_mm`, its quiet zone
/// included.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct FieldPlacement {
    pub field: CertField,
    pub x_mm: f32,
    /// From the top of the page.
    pub y_mm: f32,
    pub width_mm: f32,
    /// Unused for the QR code.
    pub font_size_pt: f32,
    pub bold: bool,
    pub italic: bool,
    pub align: TextAlign,
}

/// Line height of a field's text, as a multiple of its size.
const LINE: f32 = 1.25;
/// Light modules around the QR code (ISO/IEC 18004 asks for 4): the blank's
/// ornaments must not touch the code for phones to find it.
const QUIET: usize = 4;
const PAGE_MIN_MM: f32 = 100.0;
const PAGE_MAX_MM: f32 = 500.0;
const SIZE_MIN_PT: f32 = 6.0;
const SIZE_MAX_PT: f32 = 72.0;
const WIDTH_MIN_MM: f32 = 10.0;
const QR_MIN_MM: f32 = 15.0;

/// "12,5" (the Vietnamese decimal comma).
fn num(v: f32) -> String {
    format!("{v}").replace('.', ",")
}

fn text(
    field: CertField,
    (x_mm, y_mm, width_mm): (f32, f32, f32),
    font_size_pt: f32,
    bold: bool,
    italic: bool,
    align: TextAlign,
) -> FieldPlacement {
    FieldPlacement {
        field,
        x_mm,
        y_mm,
        width_mm,
        font_size_pt,
        bold,
        italic,
        align,
    }
}

/// A template for the common blanks. The blank carries the title ("BẰNG
/// KHEN", "GIẤY KHEN"), so the award is not placed; add it for blanks that
/// leave the title to be printed.
pub fn default_template(kind: BlankKind) -> CertificateTemplate {
    use CertField::*;
    use TextAlign::{Center, Left};
    match kind {
        // The text block sits below the printed "TẶNG" / "BẰNG KHEN" (about
        // 120 mm down); the decision and the QR code bottom left, the
        // signature bottom right, inside a 30 mm ornamental border.
        BlankKind::BangKhen => CertificateTemplate {
            name: "Bằng khen (A3 ngang)".to_owned(),
            page_width_mm: 420.0,
            page_height_mm: 297.0,
            fields: vec![
                text(Name, (70.0, 128.0, 280.0), 32.0, true, false, Center),
                text(Position, (70.0, 146.0, 280.0), 18.0, false, false, Center),
                text(Citation, (70.0, 160.0, 280.0), 18.0, false, true, Center),
                text(DateLine, (230.0, 205.0, 150.0), 15.0, false, true, Center),
                text(
                    SignerPosition,
                    (230.0, 214.0, 150.0),
                    15.0,
                    true,
                    false,
                    Center,
                ),
                text(SignerName, (230.0, 252.0, 150.0), 16.0, true, false, Center),
                text(DecisionLine, (45.0, 228.0, 150.0), 13.0, false, false, Left),
                text(Qr, (45.0, 238.0, 26.0), 0.0, false, false, Left),
            ],
        },
        BlankKind::GiayKhen => CertificateTemplate {
            name: "Giấy khen (A4 ngang)".to_owned(),
            page_width_mm: 297.0,
            page_height_mm: 210.0,
            fields: vec![
                text(Name, (50.0, 90.0, 197.0), 24.0, true, false, Center),
                text(Position, (50.0, 103.0, 197.0), 14.0, false, false, Center),
                text(Citation, (50.0, 113.0, 197.0), 14.0, false, true, Center),
                text(DateLine, (160.0, 145.0, 110.0), 13.0, false, true, Center),
                text(
                    SignerPosition,
                    (160.0, 152.0, 110.0),
                    13.0,
                    true,
                    false,
                    Center,
                ),
                text(SignerName, (160.0, 180.0, 110.0), 14.0, true, false, Center),
                text(DecisionLine, (30.0, 158.0, 110.0), 11.0, false, false, Left),
                text(Qr, (30.0, 166.0, 20.0), 0.0, false, false, Left),
            ],
        },
    }
}

impl CertificateTemplate {
    /// Everything that would print off the page or unreadably, one Vietnamese
    /// sentence each.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        let (w, h) = (self.page_width_mm, self.page_height_mm);
        let page_ok = [w, h]
            .iter()
            .all(|v| v.is_finite() && (PAGE_MIN_MM..=PAGE_MAX_MM).contains(v));
        if !page_ok {
            problems.push(format!(
                "Khổ giấy phải từ {} đến {} mm mỗi chiều (đang là {} × {} mm).",
                num(PAGE_MIN_MM),
                num(PAGE_MAX_MM),
                num(w),
                num(h)
            ));
        }
        let mut seen: Vec<CertField> = Vec::new();
        for f in &self.fields {
            let label = f.field.label();
            if seen.contains(&f.field) {
                problems.push(format!("Trường «{label}» được đặt hơn một lần."));
                continue;
            }
            seen.push(f.field);
            let qr = f.field == CertField::Qr;
            let numbers = [f.x_mm, f.y_mm, f.width_mm, f.font_size_pt];
            if numbers.iter().any(|v| !v.is_finite()) {
                problems.push(format!("Trường «{label}» có số đo không hợp lệ."));
                continue;
            }
            if !qr && !(SIZE_MIN_PT..=SIZE_MAX_PT).contains(&f.font_size_pt) {
                problems.push(format!(
                    "Cỡ chữ của trường «{label}» phải từ {} đến {} pt (đang là {} pt).",
                    num(SIZE_MIN_PT),
                    num(SIZE_MAX_PT),
                    num(f.font_size_pt)
                ));
            }
            if qr && f.width_mm < QR_MIN_MM {
                problems.push(format!(
                    "Mã QR phải có cạnh ít nhất {} mm (đang là {} mm).",
                    num(QR_MIN_MM),
                    num(f.width_mm)
                ));
            } else if f.width_mm < WIDTH_MIN_MM {
                problems.push(format!(
                    "Trường «{label}» phải rộng ít nhất {} mm (đang là {} mm).",
                    num(WIDTH_MIN_MM),
                    num(f.width_mm)
                ));
            }
            // A text needs room for one line at least; the code its whole square.
            let height = if qr {
                f.width_mm
            } else {
                f.font_size_pt.clamp(SIZE_MIN_PT, SIZE_MAX_PT) * LINE / MM
            };
            if page_ok
                && (f.x_mm < 0.0
                    || f.y_mm < 0.0
                    || f.x_mm + f.width_mm > w + 0.01
                    || f.y_mm + height > h + 0.01)
            {
                problems.push(format!("Trường «{label}» nằm ngoài trang giấy."));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// What one certificate says.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Certificate {
    pub name: String,
    pub position: String,
    pub citation: String,
    pub award: String,
    pub decision_line: String,
    pub date_line: String,
    pub signer_position: String,
    pub signer_name: String,
    /// The public page that confirms the award; encoded in the QR code.
    pub verify_url: String,
}

impl Certificate {
    fn text(&self, field: CertField) -> &str {
        match field {
            CertField::Name => &self.name,
            CertField::Position => &self.position,
            CertField::Citation => &self.citation,
            CertField::Award => &self.award,
            CertField::DecisionLine => &self.decision_line,
            CertField::DateLine => &self.date_line,
            CertField::SignerPosition => &self.signer_position,
            CertField::SignerName => &self.signer_name,
            CertField::Qr => &self.verify_url,
        }
    }
}

/// A QR code's modules, row by row, `true` for dark; without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QrMatrix {
    pub width: usize,
    pub dark: Vec<bool>,
}

pub(crate) fn qr_matrix(data: &str) -> Result<QrMatrix, DocError> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .map_err(|_| DocError::Pdf("đường dẫn xác minh quá dài để in thành mã QR".to_owned()))?;
    let width = code.width();
    let dark = code
        .into_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Ok(QrMatrix { width, dark })
}

/// One page per certificate, on the template's page size.
pub fn certificates_pdf(
    t: &CertificateTemplate,
    certs: &[Certificate],
) -> Result<Vec<u8>, DocError> {
    render(t, certs, false)
}

/// One page with the sample, and each field's area boxed in light grey with
/// its name, to check the template against a blank.
pub fn preview_pdf(t: &CertificateTemplate, sample: &Certificate) -> Result<Vec<u8>, DocError> {
    render(t, std::slice::from_ref(sample), true)
}

fn render(
    t: &CertificateTemplate,
    certs: &[Certificate],
    preview: bool,
) -> Result<Vec<u8>, DocError> {
    t.validate().map_err(DocError::InvalidTemplate)?;
    if certs.is_empty() {
        return Err(DocError::Nothing("Không có ai để in giấy khen."));
    }
    let fonts = Fonts::get().ok_or(DocError::Font)?;
    let layout = Layout::new(fonts);
    let kfonts = krilla_fonts()?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(t.name.clone())
            .language("vi".to_owned())
            .creator("tdkt".to_owned()),
    );
    let settings = PageSettings::from_wh(t.page_width_mm * MM, t.page_height_mm * MM)
        .ok_or_else(|| DocError::Pdf("khổ giấy không hợp lệ".to_owned()))?;
    for cert in certs {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for f in &t.fields {
            let (x, y, w) = (f.x_mm * MM, f.y_mm * MM, f.width_mm * MM);
            let height = if f.field == CertField::Qr {
                let url = cert.verify_url.trim();
                if !url.is_empty() {
                    draw_qr(&mut surface, &qr_matrix(url)?, x, y, w);
                }
                w
            } else {
                draw_text(&mut surface, &kfonts, &layout, f, cert.text(f.field))
            };
            if preview {
                let one_line = f.font_size_pt * LINE;
                draw_box(
                    &mut surface,
                    &kfonts,
                    &layout,
                    f.field,
                    x,
                    y,
                    w,
                    height.max(one_line),
                );
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| DocError::Pdf(format!("{e:?}")))
}

/// The field's text wrapped in its width; returns its height in points.
fn draw_text(
    surface: &mut Surface<'_>,
    fonts: &[Font],
    layout: &Layout<'_>,
    f: &FieldPlacement,
    text: &str,
) -> f32 {
    if text.trim().is_empty() {
        return 0.0;
    }
    let style = ParaStyle {
        align: match f.align {
            TextAlign::Left => HAlign::Left,
            TextAlign::Center => HAlign::Center,
            TextAlign::Right => HAlign::Right,
        },
        first_indent: 0.0,
        rest_indent: 0.0,
        line: LINE,
    };
    let lines = layout.paragraph(
        &[Styled::new(text.trim(), f.bold, f.italic, f.font_size_pt)],
        f.width_mm * MM,
        style,
    );
    let mut h = 0.0;
    for line in lines {
        for op in &line.ops {
            draw_op(surface, fonts, op, f.x_mm * MM, f.y_mm * MM + h);
        }
        h += line.height;
    }
    h
}

/// Dark modules as filled rectangles, one per horizontal run, in a square of
/// side `side` at (x, y) that includes the quiet zone.
fn draw_qr(surface: &mut Surface<'_>, qr: &QrMatrix, x: f32, y: f32, side: f32) {
    let module = side / (qr.width + 2 * QUIET) as f32;
    let mut pb = PathBuilder::new();
    for (row, cells) in qr.dark.chunks(qr.width).enumerate() {
        let mut col = 0;
        while col < cells.len() {
            if !cells[col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < cells.len() && cells[col] {
                col += 1;
            }
            let rect = Rect::from_xywh(
                x + (start + QUIET) as f32 * module,
                y + (row + QUIET) as f32 * module,
                (col - start) as f32 * module,
                module,
            );
            if let Some(rect) = rect {
                pb.push_rect(rect);
            }
        }
    }
    if let Some(path) = pb.finish() {
        surface.set_stroke(None);
        surface.set_fill(Some(Fill::default()));
        surface.draw_path(&path);
        surface.set_fill(None);
    }
}

/// A light-grey frame around a field's area with its name above it.
#[allow(clippy::too_many_arguments)]
fn draw_box(
    surface: &mut Surface<'_>,
    fonts: &[Font],
    layout: &Layout<'_>,
    field: CertField,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
) {
    let grey = |l: u8| luma::Color::new(l).into();
    let mut pb = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(x, y, w, h) {
        pb.push_rect(rect);
    }
    if let Some(path) = pb.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: grey(190),
            width: 0.5,
            ..Stroke::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
    let lines = layout.paragraph(
        &[Styled::new(field.label(), false, true, 7.0)],
        w.max(60.0),
        ParaStyle {
            align: HAlign::Left,
            first_indent: 0.0,
            rest_indent: 0.0,
            line: 1.0,
        },
    );
    // Above the frame, or inside it where the frame touches the top edge.
    let baseline_y = if y >= 8.0 { y - 1.5 } else { y + 7.0 };
    surface.set_fill(Some(Fill {
        paint: grey(120),
        ..Fill::default()
    }));
    for line in lines.iter().take(1) {
        for op in &line.ops {
            if let crate::nd30::layout::Op::Text { x: px, piece, .. } = op {
                draw_piece(surface, fonts, x + px, baseline_y, piece);
            }
        }
    }
    surface.set_fill(None);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert(i: usize) -> Certificate {
        Certificate {
            name: format!("Bà Nguyễn Thị Hồng Nhung {i}"),
            position: "Chuyên viên Phòng Chính sách, Ban Dân tộc tỉnh Khánh Hòa".into(),
            citation: "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2021, góp phần vào sự nghiệp xây dựng chủ nghĩa xã hội và bảo vệ Tổ quốc".into(),
            award: "Chiến sĩ thi đua cơ sở".into(),
            decision_line: "Quyết định số 12/QĐ-BDT ngày 20/12/2021".into(),
            date_line: "Khánh Hòa, ngày 20 tháng 12 năm 2021".into(),
            signer_position: "TRƯỞNG BAN".into(),
            signer_name: "Đặng Văn Tuấn".into(),
            verify_url: format!("https://tdkt.example.vn/xac-minh/2021-{i:05}-7f3a9c"),
        }
    }

    fn pages(bytes: &[u8]) -> Vec<String> {
        let doc = lopdf::Document::load_mem(bytes).unwrap();
        doc.get_pages()
            .keys()
            .map(|n| {
                doc.extract_text(&[*n])
                    .unwrap()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn the_default_templates_are_valid() {
        for kind in [BlankKind::BangKhen, BlankKind::GiayKhen] {
            assert_eq!(default_template(kind).validate(), Ok(()), "{kind:?}");
        }
    }

    #[test]
    fn one_page_per_certificate_with_the_names() {
        for kind in [BlankKind::BangKhen, BlankKind::GiayKhen] {
            let t = default_template(kind);
            let certs: Vec<Certificate> = (1..=3).map(cert).collect();
            let bytes = certificates_pdf(&t, &certs).unwrap();
            let text = pages(&bytes);
            assert_eq!(text.len(), 3);
            for (i, page) in text.iter().enumerate() {
                for want in [
                    format!("Bà Nguyễn Thị Hồng Nhung {}", i + 1),
                    "Khánh Hòa, ngày 20 tháng 12 năm 2021".to_owned(),
                    "Quyết định số 12/QĐ-BDT ngày 20/12/2021".to_owned(),
                    "Đặng Văn Tuấn".to_owned(),
                ] {
                    assert!(page.contains(&want), "{want} not on page {i}: {page}");
                }
                // Only the variable text: no field names outside the preview.
                assert!(!page.contains("Họ và tên"));
            }
            // The page size is the template's.
            let doc = lopdf::Document::load_mem(&bytes).unwrap();
            let (_, first) = doc.get_pages().into_iter().next().unwrap();
            let page = doc.get_dictionary(first).unwrap();
            let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
            let w = media[2].as_float().unwrap();
            assert!((w - t.page_width_mm * MM).abs() < 0.5, "{w}");
        }
    }

    #[test]
    fn the_preview_names_each_field() {
        let t = default_template(BlankKind::GiayKhen);
        let text = pages(&preview_pdf(&t, &cert(1)).unwrap());
        assert_eq!(text.len(), 1);
        for f in &t.fields {
            assert!(text[0].contains(f.field.label()), "{:?}", f.field);
        }
        assert!(text[0].contains("Bà Nguyễn Thị Hồng Nhung 1"));
    }

    #[test]
    fn the_qr_matrix_is_a_sane_square() {
        let qr = qr_matrix(&cert(12345).verify_url).unwrap();
        // Version 1 is 21 modules, each version adds 4; a URL this long needs 3 or 4.
        assert!((21..=41).contains(&qr.width), "{}", qr.width);
        assert_eq!((qr.width - 21) % 4, 0);
        assert_eq!(qr.dark.len(), qr.width * qr.width);
        // Finder patterns: the corners of the three squares are dark.
        let at = |x: usize, y: usize| qr.dark[y * qr.width + x];
        let w = qr.width;
        assert!(at(0, 0) && at(6, 6) && at(w - 1, 0) && at(0, w - 1));
        assert!(!at(7, 7), "separator is light");
        // A module stays legible on the smallest allowed square.
        let module_mm = QR_MIN_MM / (qr.width + 2 * QUIET) as f32;
        assert!(module_mm > 0.3, "{module_mm}");
        assert!(qr_matrix(&"x".repeat(5000)).is_err());
    }

    #[test]
    fn bad_templates_are_refused_in_vietnamese() {
        let mut t = default_template(BlankKind::BangKhen);
        t.fields[0].x_mm = 400.0;
        t.fields[1].font_size_pt = 200.0;
        t.fields.push(t.fields[2].clone());
        let Err(problems) = t.validate() else {
            panic!("accepted")
        };
        assert!(problems.contains(&"Trường «Họ và tên» nằm ngoài trang giấy.".to_owned()));
        assert!(problems.contains(
            &"Cỡ chữ của trường «Chức vụ, đơn vị» phải từ 6 đến 72 pt (đang là 200 pt).".to_owned()
        ));
        assert!(problems.contains(&"Trường «Thành tích» được đặt hơn một lần.".to_owned()));
        let err = certificates_pdf(&t, &[cert(1)]).unwrap_err();
        assert!(matches!(err, DocError::InvalidTemplate(_)));
        assert!(
            err.to_string().starts_with("Mẫu in không hợp lệ: "),
            "{err}"
        );
        assert!(err.to_string().contains("nằm ngoài trang giấy"));

        let mut t = default_template(BlankKind::GiayKhen);
        t.page_width_mm = 50.0;
        t.fields.retain(|f| f.field == CertField::Qr);
        t.fields[0].width_mm = 10.0;
        t.fields[0].y_mm = f32::NAN;
        let problems = t.validate().unwrap_err();
        assert_eq!(
            problems,
            vec![
                "Khổ giấy phải từ 100 đến 500 mm mỗi chiều (đang là 50 × 210 mm).".to_owned(),
                "Trường «Mã QR» có số đo không hợp lệ.".to_owned(),
            ]
        );
        t.fields[0].y_mm = 180.0;
        t.page_width_mm = 297.0;
        assert_eq!(
            t.validate().unwrap_err(),
            vec!["Mã QR phải có cạnh ít nhất 15 mm (đang là 10 mm).".to_owned()]
        );
        t.fields[0].width_mm = 40.0;
        assert_eq!(
            t.validate().unwrap_err(),
            vec!["Trường «Mã QR» nằm ngoài trang giấy.".to_owned()]
        );
    }

    #[test]
    fn nothing_to_print_is_an_error() {
        let err = certificates_pdf(&default_template(BlankKind::GiayKhen), &[]).unwrap_err();
        assert_eq!(err.to_string(), "Không có ai để in giấy khen.");
    }

    #[test]
    fn templates_round_trip_through_json() {
        let mut t = default_template(BlankKind::BangKhen);
        t.fields.push(text(
            CertField::Award,
            (70.0, 110.0, 280.0),
            20.5,
            true,
            true,
            TextAlign::Right,
        ));
        let json = serde_json::to_string(&t).unwrap();
        assert!(json.contains(r#""field":"signer-position""#), "{json}");
        assert!(json.contains(r#""align":"right""#));
        assert!(json.contains(r#""field":"decision-line""#));
        let back: CertificateTemplate = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
        assert_eq!(
            serde_json::to_string(&BlankKind::GiayKhen).unwrap(),
            r#""giay-khen""#
        );
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let t = default_template(BlankKind::BangKhen);
        let certs = [cert(1), cert(2)];
        assert_eq!(
            certificates_pdf(&t, &certs).unwrap(),
            certificates_pdf(&t, &certs).unwrap()
        );
    }
}
