//! The embedded fonts (Liberation Serif: Times New Roman's metrics, every
//! Vietnamese letter) and text measurement, shared by the PDF layout and by
//! the Word writer (which sizes its header rules from the same widths).

use std::sync::OnceLock;

use rustybuzz::{Direction, Face, UnicodeBuffer};

/// The font name written into Word files: NĐ 30 prescribes Times New Roman,
/// which every office machine has; Liberation Serif has the same metrics.
pub const WORD_FONT: &str = "Times New Roman";

static REGULAR: &[u8] = include_bytes!("../../fonts/LiberationSerif-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/LiberationSerif-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../fonts/LiberationSerif-Italic.ttf");
static BOLD_ITALIC: &[u8] = include_bytes!("../../fonts/LiberationSerif-BoldItalic.ttf");

/// One of the four styles of the serif family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum Face4 {
    #[default]
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face4 {
    pub(crate) fn of(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => Face4::Regular,
            (true, false) => Face4::Bold,
            (false, true) => Face4::Italic,
            (true, true) => Face4::BoldItalic,
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn data(self) -> &'static [u8] {
        match self {
            Face4::Regular => REGULAR,
            Face4::Bold => BOLD,
            Face4::Italic => ITALIC,
            Face4::BoldItalic => BOLD_ITALIC,
        }
    }
}

/// A shaped glyph; advances and offsets in em units.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShapedGlyph {
    pub id: u16,
    /// Byte range of its cluster in the shaped text.
    pub start: usize,
    pub end: usize,
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
}

pub(crate) struct Fonts {
    faces: [Face<'static>; 4],
    /// Ascender and descender (positive, below the baseline) in em units.
    pub ascent: f32,
    pub descent: f32,
}

impl Fonts {
    /// The parsed faces, once per process.
    pub(crate) fn get() -> Option<&'static Fonts> {
        static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
        FONTS
            .get_or_init(|| {
                let face = |f: Face4| Face::from_slice(f.data(), 0);
                let regular = face(Face4::Regular)?;
                let upem = regular.units_per_em() as f32;
                let ascent = regular.ascender() as f32 / upem;
                let descent = -(regular.descender() as f32) / upem;
                Some(Fonts {
                    faces: [
                        regular,
                        face(Face4::Bold)?,
                        face(Face4::Italic)?,
                        face(Face4::BoldItalic)?,
                    ],
                    ascent,
                    descent,
                })
            })
            .as_ref()
    }

    /// Shapes one run of text (one style, left to right). Vietnamese needs a
    /// shaper rather than a character-to-glyph map: a letter typed with
    /// combining marks is composed, or the marks positioned, by the font's
    /// own tables.
    pub(crate) fn shape(&self, face: Face4, text: &str) -> Vec<ShapedGlyph> {
        let face_ref = &self.faces[face.index()];
        let upem = face_ref.units_per_em() as f32;
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(Direction::LeftToRight);
        buffer.guess_segment_properties();
        let out = rustybuzz::shape(face_ref, &[], buffer);
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            // A cluster ends where the next different cluster starts.
            let end = infos[i + 1..]
                .iter()
                .map(|n| n.cluster as usize)
                .find(|&c| c != start)
                .unwrap_or(text.len());
            glyphs.push(ShapedGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                start,
                end: end.max(start),
                advance: pos.x_advance as f32 / upem,
                x_offset: pos.x_offset as f32 / upem,
                y_offset: pos.y_offset as f32 / upem,
            });
        }
        glyphs
    }

    /// Width of `text` in points.
    pub(crate) fn width(&self, face: Face4, size: f32, text: &str) -> f32 {
        self.shape(face, text)
            .iter()
            .map(|g| g.advance)
            .sum::<f32>()
            * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_letters_have_glyphs_and_marks_compose() {
        let fonts = Fonts::get().unwrap();
        for face in [
            Face4::Regular,
            Face4::Bold,
            Face4::Italic,
            Face4::BoldItalic,
        ] {
            let glyphs = fonts.shape(face, "Cộng hòa xã hội chủ nghĩa Việt Nam ĐỘC LẬP ỨNG ỰC Ỹ");
            assert!(
                glyphs.iter().all(|g| g.id != 0),
                "{face:?} lacks a Vietnamese glyph"
            );
        }
        // "ệ" typed as e + dot below + circumflex shapes to the same single glyph.
        let composed = fonts.shape(Face4::Regular, "ệ");
        let decomposed = fonts.shape(Face4::Regular, "e\u{0323}\u{0302}");
        assert_eq!(composed.len(), 1);
        assert_eq!(decomposed[0].id, composed[0].id);
    }

    #[test]
    fn times_metrics() {
        let fonts = Fonts::get().unwrap();
        // Times New Roman: "M" is 0.889 em wide, the space 0.25 em.
        assert!((fonts.width(Face4::Regular, 10.0, "M") - 8.89).abs() < 0.01);
        assert!((fonts.width(Face4::Regular, 10.0, " ") - 2.5).abs() < 0.01);
    }
}
