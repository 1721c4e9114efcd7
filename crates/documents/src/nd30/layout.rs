//! A small page layout for the NĐ 30 documents: paragraphs broken into lines
//! (greedy, at spaces, justified), the two-column header, the signature block,
//! ruled tables, and pagination with page numbers. The output is a list of
//! pages of positioned glyph runs and rules, which `pdf.rs` writes.
//!
//! Why not a general typesetter: these documents have a fixed shape, and a
//! page engine of our own keeps the PDF route to one small PDF writer (krilla)
//! and a shaper (rustybuzz) instead of a whole typesetting system.

use std::rc::Rc;

use super::fonts::{Face4, Fonts, ShapedGlyph};
use super::model::{AdminDocument, Align, Annex, Block, Signature, Span, Table, clean, roman};

pub(crate) const MM: f32 = 72.0 / 25.4;
pub(crate) const PAGE_W: f32 = 210.0 * MM;
pub(crate) const PAGE_H: f32 = 297.0 * MM;
pub(crate) const MARGIN_TOP: f32 = 20.0 * MM;
pub(crate) const MARGIN_BOTTOM: f32 = 20.0 * MM;
pub(crate) const MARGIN_LEFT: f32 = 30.0 * MM;
pub(crate) const MARGIN_RIGHT: f32 = 15.0 * MM;
pub(crate) const TEXT_W: f32 = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT;

/// Body text size (NĐ 30: 13–14 pt).
pub(crate) const BODY: f32 = 14.0;
/// Line height as a multiple of the font size ("single" for Times is ~1.15).
const LINE: f32 = 1.2;
pub(crate) const HEADER_LINE: f32 = 1.15;
/// First-line indent of body paragraphs (NĐ 30: 1 cm or 1.27 cm).
pub(crate) const INDENT: f32 = 10.0 * MM;
/// Space after each body paragraph (NĐ 30: at least 6 pt).
pub(crate) const PARA_AFTER: f32 = 6.0;
/// Share of the text width given to the left header column (issuer, number).
pub(crate) const HEADER_LEFT: f32 = 0.4;
/// Share of the text width given to "Nơi nhận" beside the signature.
pub(crate) const SIGN_LEFT: f32 = 0.45;
/// Height left blank for the handwritten signature and the seal.
pub(crate) const SIGN_SPACE: f32 = 75.0;
/// The rule under the issuer: this share of its longest line (NĐ 30: 1/3 to 1/2).
pub(crate) const ISSUER_RULE: f32 = 0.5;
/// The rule under the trích yếu: this share of its longest line, at least the minimum.
pub(crate) const SUMMARY_RULE: f32 = 0.4;
pub(crate) const SUMMARY_RULE_MIN: f32 = 40.0;
const TABLE_SIZE: f32 = 13.0;
const CELL_PAD_X: f32 = 3.0;
const CELL_PAD_Y: f32 = 2.0;

/// A run of glyphs in one style, ready to draw.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    pub face: Face4,
    pub size: f32,
    pub text: String,
    pub glyphs: Vec<ShapedGlyph>,
    pub width: f32,
}

/// Something drawn on a page; coordinates in points from the top left.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        piece: Rc<Piece>,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
}

impl Op {
    fn shifted(&self, dx: f32, dy: f32) -> Op {
        match self {
            Op::Text { x, y, piece } => Op::Text {
                x: x + dx,
                y: y + dy,
                piece: piece.clone(),
            },
            Op::Rule { x1, y1, x2, y2 } => Op::Rule {
                x1: x1 + dx,
                y1: y1 + dy,
                x2: x2 + dx,
                y2: y2 + dy,
            },
        }
    }
}

/// A laid-out page.
#[derive(Debug, Default)]
pub(crate) struct PageOut {
    pub ops: Vec<Op>,
    /// The printed page number (pages numbered from 2 within a group).
    pub number: Option<u32>,
}

/// Text of one style inside a paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Styled {
    pub text: String,
    pub face: Face4,
    pub size: f32,
}

impl Styled {
    pub(crate) fn new(text: &str, bold: bool, italic: bool, size: f32) -> Self {
        Styled {
            text: clean(text),
            face: Face4::of(bold, italic),
            size,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum HAlign {
    Left,
    Center,
    Right,
    Justify,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ParaStyle {
    pub align: HAlign,
    pub first_indent: f32,
    /// Indent of every line after the first (hanging lists).
    pub rest_indent: f32,
    pub line: f32,
}

impl ParaStyle {
    fn body() -> Self {
        ParaStyle {
            align: HAlign::Justify,
            first_indent: INDENT,
            rest_indent: 0.0,
            line: LINE,
        }
    }
    fn centered(line: f32) -> Self {
        ParaStyle {
            align: HAlign::Center,
            first_indent: 0.0,
            rest_indent: 0.0,
            line,
        }
    }
}

/// One line of a paragraph, positioned within its box (x from the box's left,
/// baseline from the line's top).
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    pub ops: Vec<Op>,
    pub height: f32,
    /// Width of the longest run of ink, for rules sized to the text above.
    pub natural: f32,
}

enum Token {
    Word(Vec<Rc<Piece>>, f32),
    Gap(f32),
    Newline,
}

pub(crate) struct Layout<'f> {
    fonts: &'f Fonts,
}

impl<'f> Layout<'f> {
    pub(crate) fn new(fonts: &'f Fonts) -> Self {
        Layout { fonts }
    }

    fn piece(&self, face: Face4, size: f32, text: &str) -> Rc<Piece> {
        let glyphs = self.fonts.shape(face, text);
        let width = glyphs.iter().map(|g| g.advance).sum::<f32>() * size;
        Rc::new(Piece {
            face,
            size,
            text: text.to_owned(),
            glyphs,
            width,
        })
    }

    pub(crate) fn text_width(&self, face: Face4, size: f32, text: &str) -> f32 {
        self.fonts.width(face, size, text)
    }

    /// Words (pieces glued across style changes), the spaces between them, and
    /// hard line breaks.
    fn tokens(&self, spans: &[Styled]) -> Vec<Token> {
        let mut out: Vec<Token> = Vec::new();
        let mut word: Vec<Rc<Piece>> = Vec::new();
        let mut word_w = 0.0;
        let flush = |out: &mut Vec<Token>, word: &mut Vec<Rc<Piece>>, w: &mut f32| {
            if !word.is_empty() {
                out.push(Token::Word(std::mem::take(word), *w));
                *w = 0.0;
            }
        };
        // Neighbouring spans of one style are one run: fewer, longer glyph runs.
        let mut merged: Vec<Styled> = Vec::with_capacity(spans.len());
        for span in spans {
            match merged.last_mut() {
                Some(last) if last.face == span.face && last.size == span.size => {
                    last.text.push_str(&span.text)
                }
                _ => merged.push(span.clone()),
            }
        }
        for span in &merged {
            let space_w = self.fonts.width(span.face, span.size, " ");
            let mut rest = span.text.as_str();
            while !rest.is_empty() {
                let cut = rest.find([' ', '\n']).unwrap_or(rest.len());
                if cut > 0 {
                    let p = self.piece(span.face, span.size, &rest[..cut]);
                    word_w += p.width;
                    word.push(p);
                    rest = &rest[cut..];
                    continue;
                }
                flush(&mut out, &mut word, &mut word_w);
                if rest.starts_with('\n') {
                    out.push(Token::Newline);
                } else if let Some(Token::Gap(g)) = out.last_mut() {
                    *g += space_w;
                } else {
                    out.push(Token::Gap(space_w));
                }
                rest = &rest[1..];
            }
        }
        flush(&mut out, &mut word, &mut word_w);
        out
    }

    /// Splits a word wider than a line at glyph clusters.
    fn split_word(&self, pieces: &[Rc<Piece>], avail: f32) -> Vec<(Vec<Rc<Piece>>, f32)> {
        let mut chunks = Vec::new();
        let mut cur: Vec<Rc<Piece>> = Vec::new();
        let mut cur_w = 0.0;
        for p in pieces {
            let mut start_glyph = 0;
            let mut acc = 0.0;
            for (i, g) in p.glyphs.iter().enumerate() {
                let w = g.advance * p.size;
                if cur_w + acc + w > avail && (cur_w + acc) > 0.0 && i > start_glyph {
                    let sub = self.sub_piece(p, start_glyph, i);
                    cur_w += sub.width;
                    cur.push(sub);
                    chunks.push((std::mem::take(&mut cur), cur_w));
                    cur_w = 0.0;
                    acc = 0.0;
                    start_glyph = i;
                } else if cur_w + acc + w > avail && !cur.is_empty() && i == start_glyph {
                    chunks.push((std::mem::take(&mut cur), cur_w));
                    cur_w = 0.0;
                }
                acc += w;
            }
            if start_glyph < p.glyphs.len() {
                let sub = self.sub_piece(p, start_glyph, p.glyphs.len());
                cur_w += sub.width;
                cur.push(sub);
            }
        }
        if !cur.is_empty() {
            chunks.push((cur, cur_w));
        }
        chunks
    }

    fn sub_piece(&self, p: &Piece, from: usize, to: usize) -> Rc<Piece> {
        let start = p.glyphs.get(from).map(|g| g.start).unwrap_or(0);
        let end = p.glyphs.get(to).map(|g| g.start).unwrap_or(p.text.len());
        let glyphs: Vec<ShapedGlyph> = p.glyphs[from..to]
            .iter()
            .map(|g| ShapedGlyph {
                start: g.start - start,
                end: g.end.min(end).saturating_sub(start),
                ..g.clone()
            })
            .collect();
        let width = glyphs.iter().map(|g| g.advance).sum::<f32>() * p.size;
        Rc::new(Piece {
            face: p.face,
            size: p.size,
            text: p.text.get(start..end).unwrap_or("").to_owned(),
            glyphs,
            width,
        })
    }

    /// Breaks a paragraph into lines of at most `width` points.
    pub(crate) fn paragraph(&self, spans: &[Styled], width: f32, style: ParaStyle) -> Vec<Line> {
        let base_size = spans.iter().map(|s| s.size).fold(0.0, f32::max).max(1.0);
        let tokens = self.tokens(spans);
        // (gap before, pieces, width) per word of the current line
        let mut lines: Vec<Line> = Vec::new();
        let mut cur: Vec<(f32, Vec<Rc<Piece>>, f32)> = Vec::new();
        let mut pending_gap = 0.0;
        let mut leading_gap = 0.0;
        let mut cur_w = 0.0;
        let indent_of = |n: usize| {
            if n == 0 {
                style.first_indent
            } else {
                style.rest_indent
            }
        };
        let emit = |cur: &mut Vec<(f32, Vec<Rc<Piece>>, f32)>,
                    cur_w: &mut f32,
                    leading: f32,
                    last: bool,
                    lines: &mut Vec<Line>| {
            let indent = indent_of(lines.len());
            let line = self.finish_line(
                cur,
                *cur_w,
                leading,
                width - indent,
                indent,
                style,
                last,
                base_size,
            );
            lines.push(line);
            cur.clear();
            *cur_w = 0.0;
        };
        for tok in tokens {
            match tok {
                Token::Gap(g) => {
                    if cur.is_empty() {
                        // Spaces typed at the start of a line are kept only on the
                        // paragraph's first line ("Số:      /KH").
                        if lines.is_empty() {
                            leading_gap += g;
                        }
                    } else {
                        pending_gap += g;
                    }
                }
                Token::Newline => {
                    emit(&mut cur, &mut cur_w, leading_gap, true, &mut lines);
                    leading_gap = 0.0;
                    pending_gap = 0.0;
                }
                Token::Word(pieces, w) => {
                    let avail = width - indent_of(lines.len());
                    if cur.is_empty() {
                        if leading_gap + w > avail {
                            let chunks = self.split_word(&pieces, avail - leading_gap);
                            let n = chunks.len();
                            for (i, (ps, cw)) in chunks.into_iter().enumerate() {
                                cur.push((0.0, ps, cw));
                                cur_w = cw;
                                if i + 1 < n {
                                    emit(&mut cur, &mut cur_w, leading_gap, true, &mut lines);
                                    leading_gap = 0.0;
                                }
                            }
                        } else {
                            cur.push((0.0, pieces, w));
                            cur_w = w;
                        }
                    } else if leading_gap + cur_w + pending_gap + w <= avail + 0.01 {
                        cur.push((pending_gap, pieces, w));
                        cur_w += pending_gap + w;
                    } else {
                        emit(&mut cur, &mut cur_w, leading_gap, false, &mut lines);
                        leading_gap = 0.0;
                        let avail = width - indent_of(lines.len());
                        if w > avail {
                            let chunks = self.split_word(&pieces, avail);
                            let n = chunks.len();
                            for (i, (ps, cw)) in chunks.into_iter().enumerate() {
                                cur.push((0.0, ps, cw));
                                cur_w = cw;
                                if i + 1 < n {
                                    emit(&mut cur, &mut cur_w, 0.0, true, &mut lines);
                                }
                            }
                        } else {
                            cur.push((0.0, pieces, w));
                            cur_w = w;
                        }
                    }
                    pending_gap = 0.0;
                }
            }
        }
        if !cur.is_empty() || lines.is_empty() || leading_gap > 0.0 {
            emit(&mut cur, &mut cur_w, leading_gap, true, &mut lines);
        }
        lines
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_line(
        &self,
        words: &[(f32, Vec<Rc<Piece>>, f32)],
        natural: f32,
        leading: f32,
        avail: f32,
        indent: f32,
        style: ParaStyle,
        last: bool,
        base_size: f32,
    ) -> Line {
        let size = words
            .iter()
            .flat_map(|(_, ps, _)| ps.iter().map(|p| p.size))
            .fold(base_size, f32::max);
        let height = size * style.line;
        let ink = (self.fonts.ascent + self.fonts.descent) * size;
        let baseline = (height - ink) / 2.0 + self.fonts.ascent * size;
        let natural_all = natural + leading;
        let gaps = words.len().saturating_sub(1);
        let (mut x, extra) = match style.align {
            HAlign::Left => (indent, 0.0),
            HAlign::Center => (indent + (avail - natural_all).max(0.0) / 2.0, 0.0),
            HAlign::Right => (indent + (avail - natural_all).max(0.0), 0.0),
            HAlign::Justify => {
                let extra = if last || gaps == 0 {
                    0.0
                } else {
                    ((avail - natural_all) / gaps as f32).max(0.0)
                };
                (indent, extra)
            }
        };
        x += leading;
        let mut ops = Vec::new();
        for (i, (gap, pieces, _)) in words.iter().enumerate() {
            if i > 0 {
                x += gap + extra;
            }
            for p in pieces {
                if !p.glyphs.is_empty() {
                    ops.push(Op::Text {
                        x,
                        y: baseline,
                        piece: p.clone(),
                    });
                }
                x += p.width;
            }
        }
        Line {
            ops,
            height,
            natural: natural_all,
        }
    }

    /// A block of lines stacked from y = 0; returns the ops and the height.
    fn stack(lines: Vec<Line>, x: f32, y: f32, ops: &mut Vec<Op>) -> f32 {
        let mut h = 0.0;
        for l in lines {
            for op in l.ops {
                ops.push(op.shifted(x, y + h));
            }
            h += l.height;
        }
        h
    }

    fn centered_lines(
        &self,
        text: &str,
        bold: bool,
        italic: bool,
        size: f32,
        width: f32,
    ) -> Vec<Line> {
        let mut lines = Vec::new();
        for part in clean(text).split('\n') {
            lines.extend(self.paragraph(
                &[Styled::new(part, bold, italic, size)],
                width,
                ParaStyle::centered(HEADER_LINE),
            ));
        }
        lines
    }

    /// Distance from a line's top to its baseline.
    pub(crate) fn baseline(&self, size: f32, line: f32) -> f32 {
        (size * line - (self.fonts.ascent + self.fonts.descent) * size) / 2.0
            + self.fonts.ascent * size
    }

    /// Width of the longest line `text` takes in a column `width` wide.
    pub(crate) fn widest(&self, text: &str, bold: bool, size: f32, width: f32) -> f32 {
        self.centered_lines(text, bold, false, size, width)
            .iter()
            .map(|l| l.natural)
            .fold(0.0, f32::max)
    }

    /// Rule centred in a column, `len` long, at `y`.
    fn rule(ops: &mut Vec<Op>, col_x: f32, col_w: f32, len: f32, y: f32) {
        let x1 = col_x + (col_w - len) / 2.0;
        ops.push(Op::Rule {
            x1,
            y1: y,
            x2: x1 + len,
            y2: y,
        });
    }

    /// The header: issuer and number on the left, quốc hiệu, tiêu ngữ and the
    /// date on the right, each with its rule; then tên loại and trích yếu.
    fn header(&self, doc: &AdminDocument) -> (Vec<Op>, f32) {
        let mut ops = Vec::new();
        let left_w = TEXT_W * HEADER_LEFT;
        let right_x = left_w;
        let right_w = TEXT_W - left_w;
        let gap_rule = 3.0;

        // Left: parent body, issuer (bold), rule.
        let mut lh = 0.0;
        if let Some(parent) = doc.parent_body.as_deref().filter(|p| !p.trim().is_empty()) {
            let lines = self.centered_lines(&parent.to_uppercase(), false, false, 13.0, left_w);
            lh += Self::stack(lines, 0.0, lh, &mut ops);
        }
        let issuer = self.centered_lines(&doc.issuer.to_uppercase(), true, false, 13.0, left_w);
        let issuer_w = issuer.iter().map(|l| l.natural).fold(0.0, f32::max);
        lh += Self::stack(issuer, 0.0, lh, &mut ops);
        lh += gap_rule;
        Self::rule(&mut ops, 0.0, left_w, issuer_w * ISSUER_RULE, lh);

        // Right: quốc hiệu, tiêu ngữ, rule as long as the tiêu ngữ.
        let mut rh = 0.0;
        let qh = self.centered_lines(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            true,
            false,
            12.0,
            right_w,
        );
        rh += Self::stack(qh, right_x, rh, &mut ops);
        let tn = self.centered_lines("Độc lập - Tự do - Hạnh phúc", true, false, 13.0, right_w);
        let tn_w = tn.iter().map(|l| l.natural).fold(0.0, f32::max);
        rh += Self::stack(tn, right_x, rh, &mut ops);
        rh += gap_rule;
        Self::rule(&mut ops, right_x, right_w, tn_w, rh);

        // Second row: number (and the công văn's V/v) left, date right, on one line.
        let row2 = lh.max(rh) + 8.0;
        // The 13 pt number sits on the baseline of the 14 pt date.
        let mut lh2 = row2 + self.baseline(BODY, HEADER_LINE) - self.baseline(13.0, HEADER_LINE);
        let number = self.centered_lines(&doc.number_line(), false, false, 13.0, left_w);
        lh2 += Self::stack(number, 0.0, lh2, &mut ops);
        if doc.title.trim().is_empty() && !doc.summary.trim().is_empty() {
            let vv = self.centered_lines(&doc.summary, false, false, 12.0, left_w);
            lh2 += Self::stack(vv, 0.0, lh2 + 2.0, &mut ops) + 2.0;
        }
        let date = self.centered_lines(&doc.date_line(), false, true, BODY, right_w);
        let rh2 = row2 + Self::stack(date, right_x, row2, &mut ops);
        let mut h = lh2.max(rh2);

        // Tên loại, trích yếu, rule.
        if !doc.title.trim().is_empty() {
            h += 14.0;
            let title = self.centered_lines(&doc.title.to_uppercase(), true, false, BODY, TEXT_W);
            let mut widest = title.iter().map(|l| l.natural).fold(0.0, f32::max);
            h += Self::stack(title, 0.0, h, &mut ops);
            if !doc.summary.trim().is_empty() {
                let summary = self.centered_lines(&doc.summary, true, false, BODY, TEXT_W);
                widest = summary.iter().map(|l| l.natural).fold(0.0, f32::max);
                h += Self::stack(summary, 0.0, h, &mut ops);
            }
            h += gap_rule;
            Self::rule(
                &mut ops,
                0.0,
                TEXT_W,
                (widest * SUMMARY_RULE).max(SUMMARY_RULE_MIN),
                h,
            );
            h += 4.0;
        }
        (ops, h)
    }

    /// "Kính gửi:" and its recipients, the list aligned after the label.
    fn kinh_gui(&self, doc: &AdminDocument, flow: &mut Vec<Flow>) {
        let items = doc.kinh_gui_lines();
        if items.is_empty() {
            return;
        }
        flow.push(Flow::Space(6.0));
        let label = "Kính gửi: ";
        let label_w = self.text_width(Face4::Regular, BODY, label);
        if items.len() == 1 {
            let spans = [Styled::new(
                &format!("{label}{}", items[0]),
                false,
                false,
                BODY,
            )];
            let total = self.text_width(Face4::Regular, BODY, &spans[0].text);
            let style = if total <= TEXT_W * 0.8 {
                ParaStyle::centered(LINE)
            } else {
                ParaStyle {
                    align: HAlign::Left,
                    first_indent: 0.0,
                    rest_indent: label_w,
                    line: LINE,
                }
            };
            for l in self.paragraph(&spans, TEXT_W, style) {
                flow.push(Flow::line(l, 0.0, false));
            }
        } else {
            let x0 = TEXT_W * 0.15;
            let width = TEXT_W - x0 - label_w;
            for (i, item) in items.iter().enumerate() {
                let mut lines = self.paragraph(
                    &[Styled::new(item, false, false, BODY)],
                    width,
                    ParaStyle {
                        align: HAlign::Left,
                        first_indent: 0.0,
                        rest_indent: 0.0,
                        line: LINE,
                    },
                );
                if let Some(first) = lines.first_mut().filter(|_| i == 0) {
                    let label_piece = self.piece(Face4::Regular, BODY, label.trim_end());
                    let y = first
                        .ops
                        .iter()
                        .find_map(|op| match op {
                            Op::Text { y, .. } => Some(*y),
                            Op::Rule { .. } => None,
                        })
                        .unwrap_or(BODY);
                    let label_op = Op::Text {
                        x: -label_w,
                        y,
                        piece: label_piece,
                    };
                    first.ops.insert(0, label_op);
                }
                for l in lines {
                    flow.push(Flow::line(l, x0 + label_w, false));
                }
            }
        }
        flow.push(Flow::Space(6.0));
    }

    fn spans(spans: &[Span], size: f32) -> Vec<Styled> {
        spans
            .iter()
            .map(|s| Styled::new(&s.text, s.bold, s.italic, size))
            .collect()
    }

    fn push_paragraph(
        &self,
        flow: &mut Vec<Flow>,
        spans: &[Styled],
        style: ParaStyle,
        keep_next: bool,
    ) {
        let lines = self.paragraph(spans, TEXT_W, style);
        let n = lines.len();
        for (i, l) in lines.into_iter().enumerate() {
            // Keep a paragraph's first line with its second (no orphan line).
            let keep = (keep_next && i + 1 == n) || (i == 0 && n > 1);
            flow.push(Flow::line(l, 0.0, keep));
        }
        flow.push(Flow::Space(PARA_AFTER));
    }

    fn blocks(&self, blocks: &[Block], flow: &mut Vec<Flow>) -> Result<(), String> {
        for (i, block) in blocks.iter().enumerate() {
            match block {
                Block::Section { numeral, title } => {
                    let text = format!("{}. {}", roman(*numeral), title.trim());
                    self.push_paragraph(
                        flow,
                        &[Styled::new(&text, true, false, BODY)],
                        ParaStyle::body(),
                        true,
                    );
                }
                Block::Numbered { number, text } => {
                    let mut spans = vec![Styled::new(&format!("{number}. "), false, false, BODY)];
                    spans.extend(Self::spans(text, BODY));
                    self.push_paragraph(flow, &spans, ParaStyle::body(), false);
                }
                Block::Lettered { letter, text } => {
                    let mut spans = vec![Styled::new(&format!("{letter}) "), false, false, BODY)];
                    spans.extend(Self::spans(text, BODY));
                    self.push_paragraph(flow, &spans, ParaStyle::body(), false);
                }
                Block::Bullet(text) => {
                    let mut spans = vec![Styled::new("- ", false, false, BODY)];
                    spans.extend(Self::spans(text, BODY));
                    self.push_paragraph(flow, &spans, ParaStyle::body(), false);
                }
                Block::Paragraph(text) => {
                    self.push_paragraph(flow, &Self::spans(text, BODY), ParaStyle::body(), false);
                }
                Block::Article {
                    number,
                    title,
                    text,
                } => {
                    let mut spans =
                        vec![Styled::new(&format!("Điều {number}."), true, false, BODY)];
                    match title.as_deref().filter(|t| !t.trim().is_empty()) {
                        Some(t) => {
                            spans.push(Styled::new(&format!(" {}", t.trim()), true, false, BODY));
                            let has_text = text.iter().any(|s| !s.text.trim().is_empty());
                            self.push_paragraph(flow, &spans, ParaStyle::body(), has_text);
                            if has_text {
                                self.push_paragraph(
                                    flow,
                                    &Self::spans(text, BODY),
                                    ParaStyle::body(),
                                    false,
                                );
                            }
                        }
                        None => {
                            spans.push(Styled::new(" ", false, false, BODY));
                            spans.extend(Self::spans(text, BODY));
                            self.push_paragraph(flow, &spans, ParaStyle::body(), false);
                        }
                    }
                }
                Block::Heading(text) => {
                    flow.push(Flow::Space(6.0));
                    let lines = self.centered_lines(text, true, false, BODY, TEXT_W);
                    for l in lines {
                        flow.push(Flow::line(l, 0.0, true));
                    }
                    flow.push(Flow::Space(PARA_AFTER));
                }
                Block::Note(text) => {
                    let lines = self.centered_lines(text, false, true, BODY, TEXT_W);
                    let keep = matches!(blocks.get(i + 1), Some(Block::Table(_)));
                    for l in lines {
                        flow.push(Flow::line(l, 0.0, keep));
                    }
                    flow.push(Flow::Space(PARA_AFTER));
                }
                Block::Table(t) => {
                    self.table(t, flow)?;
                    flow.push(Flow::Space(PARA_AFTER));
                }
                Block::PageBreak => flow.push(Flow::PageBreak),
            }
        }
        Ok(())
    }

    fn table(&self, t: &Table, flow: &mut Vec<Flow>) -> Result<(), String> {
        let widths = column_widths(t, TEXT_W)?;
        let header: Vec<(String, HAlign, bool)> = t
            .columns
            .iter()
            .map(|c| (c.header.clone(), HAlign::Center, true))
            .collect();
        let header_box = Rc::new(self.table_row(&header, &widths));
        flow.push(Flow::Box(FlowBox {
            ops: header_box.ops.clone(),
            height: header_box.height,
            keep_next: true,
            repeat: None,
        }));
        for row in &t.rows {
            let cells: Vec<(String, HAlign, bool)> = t
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let align = match c.align {
                        Align::Left => HAlign::Left,
                        Align::Center => HAlign::Center,
                        Align::Right => HAlign::Right,
                    };
                    (row.get(i).cloned().unwrap_or_default(), align, false)
                })
                .collect();
            let b = self.table_row(&cells, &widths);
            flow.push(Flow::Box(FlowBox {
                ops: b.ops,
                height: b.height,
                keep_next: false,
                repeat: Some(header_box.clone()),
            }));
        }
        Ok(())
    }

    fn table_row(&self, cells: &[(String, HAlign, bool)], widths: &[f32]) -> FlowBox {
        let mut ops = Vec::new();
        let mut height: f32 = 0.0;
        let mut x = 0.0;
        let mut laid = Vec::new();
        for ((text, align, bold), w) in cells.iter().zip(widths) {
            let lines = self.paragraph(
                &[Styled::new(text, *bold, false, TABLE_SIZE)],
                w - 2.0 * CELL_PAD_X,
                ParaStyle {
                    align: *align,
                    first_indent: 0.0,
                    rest_indent: 0.0,
                    line: HEADER_LINE,
                },
            );
            let h: f32 = lines.iter().map(|l| l.height).sum();
            height = height.max(h + 2.0 * CELL_PAD_Y);
            laid.push((x, lines));
            x += w;
        }
        for (cx, lines) in laid {
            Self::stack(lines, cx + CELL_PAD_X, CELL_PAD_Y, &mut ops);
        }
        // Borders: top, bottom and every column edge.
        ops.push(Op::Rule {
            x1: 0.0,
            y1: 0.0,
            x2: TEXT_W,
            y2: 0.0,
        });
        ops.push(Op::Rule {
            x1: 0.0,
            y1: height,
            x2: TEXT_W,
            y2: height,
        });
        let mut edge = 0.0;
        ops.push(Op::Rule {
            x1: 0.0,
            y1: 0.0,
            x2: 0.0,
            y2: height,
        });
        for w in widths {
            edge += w;
            ops.push(Op::Rule {
                x1: edge,
                y1: 0.0,
                x2: edge,
                y2: height,
            });
        }
        FlowBox {
            ops,
            height,
            keep_next: false,
            repeat: None,
        }
    }

    /// Nơi nhận on the left, its label on the line of the signer's position;
    /// the signature on the right. With a second signer, the two signatures
    /// share the row and Nơi nhận goes below them.
    fn signature(&self, doc: &AdminDocument) -> FlowBox {
        if let Some(co) = &doc.co_signature {
            return self.co_signed(doc, co);
        }
        // Nơi nhận is written first and the signature after it: the order a
        // reader (and text extraction) follows, as in the paper original.
        let mut ops = Vec::new();
        let mut right_ops = Vec::new();
        let left_w = TEXT_W * SIGN_LEFT;
        let right_w = TEXT_W - left_w;
        let rh = self.signer(&doc.signature, left_w, right_w, 0.0, &mut right_ops);
        // The label's baseline sits on the first title line's baseline.
        let top = self.baseline(BODY, HEADER_LINE) - self.baseline(12.0, HEADER_LINE);
        let lh = top + self.recipients(doc, left_w, top, &mut ops);
        ops.append(&mut right_ops);
        FlowBox {
            ops,
            height: lh.max(rh),
            keep_next: false,
            repeat: None,
        }
    }

    /// Two signers side by side, their names on one line, then Nơi nhận.
    fn co_signed(&self, doc: &AdminDocument, co: &Signature) -> FlowBox {
        let mut ops = Vec::new();
        let half = TEXT_W / 2.0;
        let names_at = self
            .signature_titles(co, half)
            .max(self.signature_titles(&doc.signature, half));
        let lh = self.signer(co, 0.0, half, names_at, &mut ops);
        let rh = self.signer(&doc.signature, half, half, names_at, &mut ops);
        let mut h = lh.max(rh) + 12.0;
        h += self.recipients(doc, half, h, &mut ops);
        FlowBox {
            ops,
            height: h,
            keep_next: false,
            repeat: None,
        }
    }

    /// Height of a signature's title lines in a column `width` wide.
    fn signature_titles(&self, sig: &Signature, width: f32) -> f32 {
        sig.title_lines()
            .iter()
            .flat_map(|t| self.centered_lines(t, true, false, BODY, width))
            .map(|l| l.height)
            .sum()
    }

    /// A signature's title lines centred in its column, the signing space,
    /// and the name `names_at` below the top; returns the height.
    fn signer(&self, sig: &Signature, x: f32, width: f32, names_at: f32, ops: &mut Vec<Op>) -> f32 {
        let mut h = 0.0;
        for t in sig.title_lines() {
            let lines = self.centered_lines(&t, true, false, BODY, width);
            h += Self::stack(lines, x, h, ops);
        }
        h = h.max(names_at) + SIGN_SPACE;
        let signer = clean(&sig.signer);
        if !signer.trim().is_empty() {
            let lines = self.centered_lines(&signer, true, false, BODY, width);
            h += Self::stack(lines, x, h, ops);
        }
        h
    }

    /// "Nơi nhận:" and its lines in a column `width` wide from `top`; returns the height.
    fn recipients(&self, doc: &AdminDocument, width: f32, top: f32, ops: &mut Vec<Op>) -> f32 {
        let mut label = vec![Styled::new("Nơi nhận:", true, true, 12.0)];
        if let Some(note) = doc
            .recipients_note
            .as_deref()
            .filter(|n| !n.trim().is_empty())
        {
            label.push(Styled::new(note.trim(), true, true, 12.0));
        }
        let label_lines = self.paragraph(
            &label,
            width,
            ParaStyle {
                align: HAlign::Left,
                first_indent: 0.0,
                rest_indent: 0.0,
                line: HEADER_LINE,
            },
        );
        let mut h = Self::stack(label_lines, 0.0, top, ops);
        let dash_w = self.text_width(Face4::Regular, 11.0, "- ");
        for item in doc.recipient_lines() {
            let lines = self.paragraph(
                &[Styled::new(&item, false, false, 11.0)],
                width - 6.0,
                ParaStyle {
                    align: HAlign::Left,
                    first_indent: 0.0,
                    rest_indent: dash_w,
                    line: HEADER_LINE,
                },
            );
            h += Self::stack(lines, 0.0, top + h, ops);
        }
        h
    }

    fn annex(&self, annex: &Annex, flow: &mut Vec<Flow>) -> Result<(), String> {
        flow.push(Flow::NewGroup);
        if let Some(label) = annex.label.as_deref().filter(|l| !l.trim().is_empty()) {
            for l in self.centered_lines(label, true, false, BODY, TEXT_W) {
                flow.push(Flow::line(l, 0.0, true));
            }
        }
        if !annex.title.trim().is_empty() {
            for l in self.centered_lines(&annex.title.to_uppercase(), true, false, BODY, TEXT_W) {
                flow.push(Flow::line(l, 0.0, true));
            }
        }
        if let Some(sub) = annex.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
            for l in self.centered_lines(sub, false, true, BODY, TEXT_W) {
                flow.push(Flow::line(l, 0.0, true));
            }
        }
        flow.push(Flow::Space(12.0));
        self.blocks(&annex.blocks, flow)
    }

    /// The whole document as pages.
    pub(crate) fn document(&self, doc: &AdminDocument) -> Result<Vec<PageOut>, String> {
        let mut flow = Vec::new();
        let (ops, height) = self.header(doc);
        flow.push(Flow::Box(FlowBox {
            ops,
            height,
            keep_next: false,
            repeat: None,
        }));
        if let Some(a) = doc
            .authority_line
            .as_deref()
            .filter(|a| !a.trim().is_empty())
        {
            flow.push(Flow::Space(6.0));
            for l in self.centered_lines(&a.to_uppercase(), true, false, BODY, TEXT_W) {
                flow.push(Flow::line(l, 0.0, true));
            }
        }
        self.kinh_gui(doc, &mut flow);
        flow.push(Flow::Space(6.0));
        for basis in doc.basis_lines() {
            self.push_paragraph(
                &mut flow,
                &[Styled::new(&basis, false, true, BODY)],
                ParaStyle::body(),
                false,
            );
        }
        self.blocks(&doc.body, &mut flow)?;
        // The signature never stands alone on a page: the body's last line
        // goes over with it.
        if let Some(Flow::Box(last)) = flow.iter_mut().rev().find(|f| matches!(f, Flow::Box(_))) {
            last.keep_next = true;
        }
        flow.push(Flow::Space(6.0));
        flow.push(Flow::Box(self.signature(doc)));
        for annex in &doc.annexes {
            self.annex(annex, &mut flow)?;
        }
        Ok(self.paginate(flow))
    }

    fn paginate(&self, flow: Vec<Flow>) -> Vec<PageOut> {
        let top = MARGIN_TOP;
        let bottom = PAGE_H - MARGIN_BOTTOM;
        let mut pages = vec![PageOut {
            ops: Vec::new(),
            number: Some(1),
        }];
        let mut group_page = 1;
        let mut y = top;
        let new_page = |pages: &mut Vec<PageOut>, group_page: &mut u32, restart: bool| {
            *group_page = if restart { 1 } else { *group_page + 1 };
            pages.push(PageOut {
                ops: Vec::new(),
                number: Some(*group_page),
            });
        };
        for (i, item) in flow.iter().enumerate() {
            match item {
                Flow::Space(s) => {
                    if y > top {
                        y += s;
                    }
                }
                Flow::PageBreak => {
                    new_page(&mut pages, &mut group_page, false);
                    y = top;
                }
                Flow::NewGroup => {
                    new_page(&mut pages, &mut group_page, true);
                    y = top;
                }
                Flow::Box(b) => {
                    let mut needed = b.height;
                    if b.keep_next {
                        // The next box and the space before it.
                        let mut gap = 0.0;
                        for f in &flow[i + 1..] {
                            match f {
                                Flow::Space(s) => gap += s,
                                Flow::Box(n) => {
                                    needed += gap + n.height;
                                    break;
                                }
                                Flow::PageBreak | Flow::NewGroup => break,
                            }
                        }
                    }
                    if y + needed > bottom + 0.01 && y > top {
                        new_page(&mut pages, &mut group_page, false);
                        y = top;
                        if let Some(h) = &b.repeat {
                            if let Some(page) = pages.last_mut() {
                                page.ops
                                    .extend(h.ops.iter().map(|op| op.shifted(MARGIN_LEFT, y)));
                            }
                            y += h.height;
                        }
                    }
                    if let Some(page) = pages.last_mut() {
                        page.ops
                            .extend(b.ops.iter().map(|op| op.shifted(MARGIN_LEFT, y)));
                    }
                    y += b.height;
                }
            }
        }
        // Page 1 of each group shows no number.
        for p in &mut pages {
            if p.number == Some(1) {
                p.number = None;
            }
        }
        pages
    }

    /// The page number, centred in the top margin.
    pub(crate) fn page_number(&self, n: u32) -> Op {
        let piece = self.piece(Face4::Regular, 13.0, &n.to_string());
        Op::Text {
            x: MARGIN_LEFT + (TEXT_W - piece.width) / 2.0,
            y: MARGIN_TOP / 2.0 + 4.0,
            piece,
        }
    }
}

/// Column widths in points from the relative weights; checks the shape.
pub(crate) fn column_widths(t: &Table, total: f32) -> Result<Vec<f32>, String> {
    if t.columns.is_empty() {
        return Err("bảng không có cột nào".to_owned());
    }
    if t.columns
        .iter()
        .any(|c| !(c.width.is_finite() && c.width > 0.0))
    {
        return Err("độ rộng cột phải là số dương".to_owned());
    }
    if let Some((i, row)) = t
        .rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.len() > t.columns.len())
    {
        return Err(format!(
            "dòng {} có {} ô nhưng bảng chỉ có {} cột",
            i + 1,
            row.len(),
            t.columns.len()
        ));
    }
    let sum: f32 = t.columns.iter().map(|c| c.width).sum();
    Ok(t.columns.iter().map(|c| c.width / sum * total).collect())
}

#[derive(Debug, Clone)]
pub(crate) struct FlowBox {
    ops: Vec<Op>,
    height: f32,
    /// Move to the next page together with the following box.
    keep_next: bool,
    /// A table header to repeat when this row starts a new page.
    repeat: Option<Rc<FlowBox>>,
}

#[derive(Debug, Clone)]
pub(crate) enum Flow {
    Box(FlowBox),
    /// Vertical space, dropped at the top of a page.
    Space(f32),
    PageBreak,
    /// A new page whose numbering starts again (annexes).
    NewGroup,
}

impl Flow {
    fn line(l: Line, x: f32, keep_next: bool) -> Flow {
        Flow::Box(FlowBox {
            ops: l.ops.iter().map(|op| op.shifted(x, 0.0)).collect(),
            height: l.height,
            keep_next,
            repeat: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nd30::samples;

    /// (x, baseline, width) of the first glyph run whose text is `word`.
    fn find(ops: &[Op], word: &str) -> (f32, f32, f32) {
        ops.iter()
            .find_map(|op| match op {
                Op::Text { x, y, piece } if piece.text == word => Some((*x, *y, piece.width)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{word} not laid out"))
    }

    fn rules(ops: &[Op]) -> Vec<(f32, f32, f32)> {
        ops.iter()
            .filter_map(|op| match op {
                Op::Rule { x1, y1, x2, .. } => Some((*x1, *x2, *y1)),
                Op::Text { .. } => None,
            })
            .collect()
    }

    #[test]
    fn header_columns_rules_and_the_number_beside_the_date() {
        let fonts = Fonts::get().unwrap();
        let layout = Layout::new(fonts);
        let doc = samples::seed_plan_2021();
        let (ops, _) = layout.header(&doc);
        let left_w = TEXT_W * HEADER_LEFT;
        // Quốc hiệu in the right column, the issuer in the left one, each centred.
        let (cx, _, _) = find(&ops, "CỘNG");
        assert!(cx > left_w);
        let (bx, _, _) = find(&ops, "BAN");
        assert!(bx < left_w);
        // "Số:" and the place and date share a baseline.
        let (_, so_y, _) = find(&ops, "Số:");
        let (_, date_y, _) = find(&ops, "Khánh");
        assert!((so_y - date_y).abs() < 0.01, "{so_y} vs {date_y}");
        let r = rules(&ops);
        assert_eq!(r.len(), 3, "issuer, tiêu ngữ and trích yếu rules");
        // Tiêu ngữ rule as long as the line, starting where its text starts.
        let tn_w = layout.widest("Độc lập - Tự do - Hạnh phúc", true, 13.0, TEXT_W);
        let (dx, _, _) = find(&ops, "Độc");
        let tn_rule = r.iter().find(|(x1, _, _)| *x1 > left_w).unwrap();
        assert!((tn_rule.1 - tn_rule.0 - tn_w).abs() < 0.01);
        assert!((tn_rule.0 - dx).abs() < 0.01);
        // Issuer rule: between a third and a half of the issuer line, centred under it.
        let issuer_w = layout.widest("BAN DÂN TỘC", true, 13.0, left_w);
        let ir = r.iter().find(|(x2, _, _)| *x2 < left_w).unwrap();
        let len = ir.1 - ir.0;
        assert!(len >= issuer_w / 3.0 - 0.01 && len <= issuer_w / 2.0 + 0.01);
        assert!(((ir.0 + ir.1) / 2.0 - left_w / 2.0).abs() < 0.01);
        // Rules lie below their text.
        let (_, issuer_y, _) = find(&ops, "BAN");
        assert!(ir.2 > issuer_y + fonts.descent * 13.0);
    }

    #[test]
    fn noi_nhan_label_sits_on_the_line_of_the_position() {
        let fonts = Fonts::get().unwrap();
        let layout = Layout::new(fonts);
        let doc = samples::seed_plan_2021();
        let block = layout.signature(&doc);
        let (lx, ly, _) = find(&block.ops, "Nơi");
        let (px, py, _) = find(&block.ops, "TRƯỞNG");
        assert!((ly - py).abs() < 0.01, "label {ly} vs position {py}");
        assert!(lx < TEXT_W * SIGN_LEFT && px > TEXT_W * SIGN_LEFT);
        // The signer's name is below the signing space, centred under the position.
        let (nx, ny, nw) = find(&block.ops, "Đặng");
        assert!(ny - py >= SIGN_SPACE);
        let (_, _, tw) = find(&block.ops, "Tuấn");
        let name_w = layout.text_width(Face4::Bold, BODY, "Đặng Văn Tuấn");
        let centre = TEXT_W * SIGN_LEFT + (TEXT_W * (1.0 - SIGN_LEFT)) / 2.0;
        assert!((nx + name_w / 2.0 - centre).abs() < 0.5, "{nx} {nw} {tw}");
    }

    #[test]
    fn justified_lines_fill_the_width_and_the_last_does_not() {
        let fonts = Fonts::get().unwrap();
        let layout = Layout::new(fonts);
        let text = "Phát động phong trào thi đua nhằm tạo không khí thi đua sôi nổi, cổ vũ các tập thể, cá nhân phát huy tinh thần sáng tạo, dám nghĩ, dám làm.";
        let lines = layout.paragraph(
            &[Styled::new(text, false, false, BODY)],
            TEXT_W,
            ParaStyle::body(),
        );
        assert!(lines.len() >= 2);
        let right_edge = |l: &Line| {
            l.ops
                .iter()
                .filter_map(|op| match op {
                    Op::Text { x, piece, .. } => Some(x + piece.width),
                    Op::Rule { .. } => None,
                })
                .fold(0.0, f32::max)
        };
        let first_x = match &lines[0].ops[0] {
            Op::Text { x, .. } => *x,
            Op::Rule { .. } => panic!(),
        };
        assert!((first_x - INDENT).abs() < 0.01, "first-line indent");
        for l in &lines[..lines.len() - 1] {
            assert!((right_edge(l) - TEXT_W).abs() < 0.05);
        }
        assert!(right_edge(lines.last().unwrap()) < TEXT_W - 1.0);
    }

    #[test]
    fn a_second_signer_shares_the_row_and_noi_nhan_goes_below() {
        let fonts = Fonts::get().unwrap();
        let layout = Layout::new(fonts);
        let mut doc = samples::seed_plan_2021();
        doc.signature = Signature {
            prefix: Some(crate::nd30::SignPrefix::Tm),
            authority: Some("Hội đồng".into()),
            position: "Chủ tịch".into(),
            signer: "Nguyễn Văn Ánh".into(),
        };
        doc.co_signature = Some(Signature {
            position: "Thư ký".into(),
            signer: "Lê Thị Thư".into(),
            ..Signature::default()
        });
        let block = layout.signature(&doc);
        let (sx, sy, _) = find(&block.ops, "Lê");
        let (cx, cy, _) = find(&block.ops, "Ánh");
        assert!((sy - cy).abs() < 0.01, "names on one line: {sy} vs {cy}");
        assert!(sx < TEXT_W / 2.0 && cx > TEXT_W / 2.0);
        // Two title lines on the right, one on the left: both start at the top.
        let (_, ty, _) = find(&block.ops, "THƯ");
        let (_, tm_y, _) = find(&block.ops, "TM.");
        assert!((ty - tm_y).abs() < 0.01);
        let (nx, ny, _) = find(&block.ops, "Nơi");
        assert!(ny > sy && nx < 1.0, "Nơi nhận below the names, at the left");
        let bottom = block
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Text { y, .. } => Some(*y),
                Op::Rule { .. } => None,
            })
            .fold(0.0, f32::max);
        assert!(block.height > bottom);
    }

    #[test]
    fn the_signature_page_carries_some_of_the_body() {
        let fonts = Fonts::get().unwrap();
        let layout = Layout::new(fonts);
        let mut base = samples::seed_plan_2021();
        base.annexes.clear();
        for n in 1..40 {
            let mut doc = base.clone();
            doc.body = (0..n)
                .map(|i| Block::para(format!("Nội dung đoạn {i} của văn bản.")))
                .collect();
            let pages = layout.document(&doc).unwrap();
            let signed = pages
                .iter()
                .find(|p| {
                    p.ops
                        .iter()
                        .any(|op| matches!(op, Op::Text { piece, .. } if piece.text == "Đặng"))
                })
                .unwrap();
            assert!(
                signed
                    .ops
                    .iter()
                    .any(|op| matches!(op, Op::Text { piece, .. } if piece.text == "đoạn")),
                "{n} paragraphs: the signature is alone on its page"
            );
        }
    }

    #[test]
    fn odd_input_still_lays_out() {
        let fonts = Fonts::get().unwrap();
        let layout = Layout::new(fonts);
        let mut doc = AdminDocument::new(crate::nd30::DocKind::ThongBao, "X", "Y");
        doc.summary = "😀 中文 \n\n   ".to_owned();
        doc.body = vec![
            Block::para(""),
            Block::Table(Table {
                columns: vec![crate::nd30::Column::new("A", 1.0, Align::Left)],
                rows: vec![vec![], vec!["😀".to_owned()]],
            }),
            Block::PageBreak,
            Block::PageBreak,
        ];
        let pages = layout.document(&doc).unwrap();
        assert_eq!(pages.len(), 3);
        assert!(crate::nd30::to_pdf(&doc).unwrap().starts_with(b"%PDF-"));
    }
}
