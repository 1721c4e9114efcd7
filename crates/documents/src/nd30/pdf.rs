//! Writes the laid-out pages as PDF with krilla: fonts embedded as subsets,
//! text kept extractable (each glyph maps back to its Vietnamese letters).
//! The drawing helpers are shared with the certificates, which print onto
//! pre-printed blanks with the same fonts.

use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Data, Document};

use super::DocError;
use super::fonts::{Face4, Fonts};
use super::layout::{Layout, Op, PAGE_H, PAGE_W, Piece};
use super::model::{AdminDocument, clean};

/// The four faces as krilla fonts, indexed by [`Face4::index`].
pub(crate) fn krilla_fonts() -> Result<Vec<Font>, DocError> {
    [
        Face4::Regular,
        Face4::Bold,
        Face4::Italic,
        Face4::BoldItalic,
    ]
    .into_iter()
    .map(|face| Font::new(Data::from(face.data()), 0).ok_or(DocError::Font))
    .collect()
}

/// Draws a run of glyphs with its baseline at (x, y), in the current fill.
pub(crate) fn draw_piece(surface: &mut Surface<'_>, fonts: &[Font], x: f32, y: f32, piece: &Piece) {
    let Some(font) = fonts.get(piece.face.index()) else {
        return;
    };
    let glyphs: Vec<KrillaGlyph> = piece
        .glyphs
        .iter()
        .map(|g| {
            KrillaGlyph::new(
                GlyphId::new(u32::from(g.id)),
                g.advance,
                g.x_offset,
                g.y_offset,
                0.0,
                g.start..g.end,
                None,
            )
        })
        .collect();
    surface.draw_glyphs(
        Point::from_xy(x, y),
        &glyphs,
        font.clone(),
        &piece.text,
        piece.size,
        false,
    );
}

/// Draws a laid-out op moved by (dx, dy): text in black, rules as thin black lines.
pub(crate) fn draw_op(surface: &mut Surface<'_>, fonts: &[Font], op: &Op, dx: f32, dy: f32) {
    match op {
        Op::Text { x, y, piece } => draw_piece(surface, fonts, x + dx, y + dy, piece),
        Op::Rule { x1, y1, x2, y2 } => {
            let mut pb = PathBuilder::new();
            pb.move_to(x1 + dx, y1 + dy);
            pb.line_to(x2 + dx, y2 + dy);
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    width: 0.6,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                // Text is drawn with the default fill only.
                surface.set_stroke(None);
            }
        }
    }
}

pub(crate) fn render(doc: &AdminDocument) -> Result<Vec<u8>, DocError> {
    let fonts = Fonts::get().ok_or(DocError::Font)?;
    let layout = Layout::new(fonts);
    let pages = layout.document(doc).map_err(DocError::InvalidTable)?;
    let krilla_fonts = krilla_fonts()?;

    let mut document = Document::new();
    let mut title = clean(&doc.title);
    if !doc.summary.trim().is_empty() {
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(&clean(&doc.summary).replace('\n', " "));
    }
    document.set_metadata(
        Metadata::new()
            .title(title)
            .language("vi".to_owned())
            .creator("tdkt".to_owned()),
    );
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
        .ok_or_else(|| DocError::Pdf("khổ giấy không hợp lệ".to_owned()))?;
    for page_out in &pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let number = page_out.number.map(|n| layout.page_number(n));
        // The number first, so text extraction reads it at the top of the page.
        for op in number.iter().chain(page_out.ops.iter()) {
            draw_op(&mut surface, &krilla_fonts, op, 0.0, 0.0);
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| DocError::Pdf(format!("{e:?}")))
}
