//! Writes the laid-out pages as PDF with krilla: fonts embedded as subsets,
//! text kept extractable (each glyph maps back to its Vietnamese letters).

use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Data, Document};

use super::DocError;
use super::fonts::{Face4, Fonts};
use super::layout::{Layout, Op, PAGE_H, PAGE_W};
use super::model::{AdminDocument, clean};

pub(crate) fn render(doc: &AdminDocument) -> Result<Vec<u8>, DocError> {
    let fonts = Fonts::get().ok_or(DocError::Font)?;
    let layout = Layout::new(fonts);
    let pages = layout.document(doc).map_err(DocError::InvalidTable)?;

    let mut krilla_fonts = Vec::with_capacity(4);
    for face in [
        Face4::Regular,
        Face4::Bold,
        Face4::Italic,
        Face4::BoldItalic,
    ] {
        krilla_fonts.push(Font::new(Data::from(face.data()), 0).ok_or(DocError::Font)?);
    }

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
            match op {
                Op::Text { x, y, piece } => {
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
                        Point::from_xy(*x, *y),
                        &glyphs,
                        krilla_fonts[piece.face.index()].clone(),
                        &piece.text,
                        piece.size,
                        false,
                    );
                }
                Op::Rule { x1, y1, x2, y2 } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1, *y1);
                    pb.line_to(*x2, *y2);
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
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| DocError::Pdf(format!("{e:?}")))
}
