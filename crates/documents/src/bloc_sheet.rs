//! A bloc's scoring table as offices keep it in Excel: Mục | Nội dung |
//! Điểm tối đa | Điểm tự chấm | Điểm thẩm định | Ghi chú (then, optionally,
//! Hướng dẫn chấm and Tài liệu kiểm chứng). Groups are rows whose Mục is a
//! Roman numeral; "Điểm thưởng" / "Điểm cộng" and "Điểm trừ" rows open the
//! bonus and penalty sections; the "Tổng cộng" row states the total; a row
//! without a Mục under a line adds to that line's guidance.
//!
//! The same sheet carries a member's scores: a blank table to fill in, and
//! read back for its own scores.

use crate::table_sheet::{HeaderCells, find_column, read_table};
use crate::workbook::SheetLimits;
use crate::xlsx::column_letter;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use tdkt_domain::emulation::bloc::{Group, Item, ItemKind, Points, Score, ScoreTable};
use tdkt_domain::error::{FieldError, Location, Problems};
use tdkt_domain::text::{clip, fold};

const CODE: usize = 0;
const CONTENT: usize = 1;
const MAX: usize = 2;
const OWN: usize = 3;
const ASSESSED: usize = 4;
const NOTE: usize = 5;
const GUIDANCE: usize = 6;
const EVIDENCE: usize = 7;

fn header(heads: &HeaderCells) -> Option<Vec<Option<usize>>> {
    let own = find_column(heads, |h| h.contains("tu cham") || h.contains("tu nhan"));
    let assessed = find_column(heads, |h| {
        h.contains("tham dinh") || h.contains("cham cheo")
    });
    // "Điểm đạt được" is the assessed score beside a "tự chấm" column, and the
    // member's own score on a sheet without one.
    let reached = find_column(heads, |h| h.contains("dat duoc"));
    let (own, assessed) = match (own, assessed) {
        (None, a) => (reached, a),
        (o, None) => (o, reached),
        (o, a) => (o, a),
    };
    Some(vec![
        Some(find_column(heads, |h| {
            matches!(h, "muc" | "stt" | "tt" | "so tt" | "ma")
        })?),
        Some(find_column(heads, |h| {
            h.starts_with("noi dung") || h.starts_with("tieu chi")
        })?),
        Some(find_column(heads, |h| {
            h.contains("toi da") || h == "diem chuan" || h == "thang diem"
        })?),
        own,
        assessed,
        find_column(heads, |h| h == "ghi chu"),
        find_column(heads, |h| h.contains("huong dan")),
        find_column(heads, |h| {
            h.contains("kiem chung") || h.contains("minh chung")
        }),
    ])
}

/// Points as a cell holds them: typed ("9,5") or a formula's result
/// (33.300000000000004 is 33,3).
fn cell_points(t: &str) -> Option<Points> {
    Points::parse(t).or_else(|| {
        let f: f64 = t.parse().ok()?;
        let cents = (f * 100.0).round();
        (f.is_finite() && f >= 0.0 && (f * 100.0 - cents).abs() < 1e-6 && cents < 1e12)
            .then_some(Points(cents as i64))
    })
}

/// A line's scores as the sheet gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetScore {
    pub row: u32,
    pub code: String,
    pub own: Option<Points>,
    pub assessed: Option<Points>,
    pub note: String,
}

/// A read table: its sheet, the table, the scores written in it, the problems.
#[derive(Debug)]
pub struct ReadTable {
    pub sheet: String,
    pub table: ScoreTable,
    pub scores: Vec<SheetScore>,
    pub problems: Problems,
}

/// A group's Mục: I, II, … (a lone C or L is a section letter, as A and B are).
fn is_roman(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 7
        && code.chars().all(|c| "IVXLC".contains(c))
        && !matches!(code, "C" | "L")
}

/// "a)", "b.", "đ" → the letter of a line's part.
fn sub_letter(code: &str) -> Option<&str> {
    let l = code.trim_end_matches([')', '.']);
    let mut chars = l.chars();
    let first = chars.next()?;
    (chars.next().is_none() && (first.is_ascii_lowercase() || first == 'đ')).then_some(l)
}

/// The Mục as written, without a trailing dot ("II." → "II", "1.2." → "1.2").
fn clean_code(text: &str) -> String {
    text.trim().trim_end_matches('.').trim().to_string()
}

/// Reads the first sheet with Mục, Nội dung and Điểm tối đa columns, within
/// `limits`. `Err` only when no sheet has such a header.
pub fn read_score_table(bytes: &[u8], limits: &SheetLimits) -> Result<ReadTable, Vec<FieldError>> {
    let mut table = ScoreTable::default();
    let mut scores = Vec::new();
    let mut problems = Problems::with_cap(limits.max_problems);
    let mut kind = ItemKind::Criterion;
    let mut group = String::new();
    let mut group_max: Vec<(String, Points, u32)> = Vec::new();
    let mut total_seen = false;
    let mut parent = String::new();
    let mut item_rows: Vec<u32> = Vec::new();
    let found = read_table(bytes, limits, header, |sheet, row, texts, columns| {
        let at = |field: usize| Location {
            sheet: Some(sheet.to_string()),
            row: Some(row),
            column: columns.get(field).copied().flatten().map(column_letter),
        };
        let code = clean_code(&texts[CODE]);
        let content = texts[CONTENT].trim().to_string();
        let folded = fold(&content);
        let max_text = texts[MAX].trim();
        let points = |field: usize, what: &str, problems: &mut Problems| -> Option<Points> {
            let t = texts[field].trim();
            if t.is_empty() {
                return None;
            }
            let p = cell_points(t);
            if p.is_none() {
                problems.push(
                    FieldError::new(
                        "points",
                        format!(
                            "{what} «{}» không phải số điểm (ví dụ 10 hoặc 9,5).",
                            clip(t, 40)
                        ),
                    )
                    .at(at(field)),
                );
            }
            p
        };
        let code_folded = fold(&code);
        if (folded.starts_with("tong") && (code.is_empty() || code_folded.starts_with("tong")))
            || (content.is_empty() && code_folded.starts_with("tong"))
        {
            total_seen = true;
            match points(MAX, "Tổng điểm", &mut problems) {
                Some(p) => table.total = p,
                None => problems.push(
                    FieldError::new("total", "Dòng «Tổng cộng» chưa ghi tổng điểm tối đa.")
                        .at(at(MAX)),
                ),
            }
            return;
        }
        let letter = code.len() == 1 && code.chars().all(|c| c.is_ascii_uppercase());
        // "Điểm thưởng", "ĐIỂM TRỪ (tối đa 10 điểm)", or "B | Điểm cộng": a section.
        // A guidance line that mentions "điểm trừ" in passing is not.
        let opens = |phrase: &str| {
            folded.starts_with(phrase) || ((letter || is_roman(&code)) && folded.contains(phrase))
        };
        let section = if opens("diem thuong") || opens("diem cong") {
            Some(ItemKind::Bonus)
        } else if opens("diem tru") {
            Some(ItemKind::Penalty)
        } else {
            None
        };
        let heading = code.is_empty() || is_roman(&code) || letter;
        if let (Some(k), true) = (section, heading) {
            kind = k;
            group.clear();
            return;
        }
        if letter && !is_roman(&code) {
            // "A. Tiêu chí chấm điểm": the criteria section, without a group.
            kind = ItemKind::Criterion;
            group.clear();
            return;
        }
        if is_roman(&code) && kind == ItemKind::Criterion {
            if content.is_empty() {
                problems.push(
                    FieldError::new("group", format!("Mục {code}: thiếu tên nhóm tiêu chí."))
                        .at(at(CONTENT)),
                );
            }
            if let Some(m) = points(MAX, "Điểm tối đa", &mut problems) {
                group_max.push((code.clone(), m, row));
            }
            table.groups.push(Group {
                code: code.clone(),
                name: content,
            });
            group = code;
            return;
        }
        if code.is_empty() {
            if content.is_empty() {
                return;
            }
            match table.items.last_mut() {
                Some(last) => {
                    if !last.guidance.is_empty() {
                        last.guidance.push('\n');
                    }
                    last.guidance.push_str(&content);
                }
                None => problems.push(
                    FieldError::new("code", "Dòng chưa ghi Mục (số thứ tự tiêu chí).").at(at(CODE)),
                ),
            }
            return;
        }
        // "a)", "b)" under a line are its parts: "1.2.a", "1.2.b".
        let code = match sub_letter(&code) {
            Some(l) if !parent.is_empty() => format!("{parent}.{l}"),
            _ => {
                parent = code.clone();
                code
            }
        };
        let max = match points(MAX, "Điểm tối đa", &mut problems) {
            Some(m) => m,
            None => {
                if max_text.is_empty() {
                    problems.push(
                        FieldError::new("max", format!("Mục {code}: chưa ghi điểm tối đa."))
                            .at(at(MAX)),
                    );
                }
                return;
            }
        };
        let own = points(OWN, "Điểm tự chấm", &mut problems);
        let assessed = points(ASSESSED, "Điểm thẩm định", &mut problems);
        let note = texts[NOTE].trim().to_string();
        let guidance = texts[GUIDANCE].trim().to_string();
        let guidance = if guidance.is_empty()
            && columns.get(GUIDANCE).copied().flatten().is_none()
            && own.is_none()
            && assessed.is_none()
        {
            // A bare table: its Ghi chú is how the line is scored.
            note.clone()
        } else {
            guidance
        };
        if own.is_some() || assessed.is_some() || (!note.is_empty() && guidance != note) {
            scores.push(SheetScore {
                row,
                code: code.clone(),
                own,
                assessed,
                note: if guidance == note {
                    String::new()
                } else {
                    note
                },
            });
        }
        item_rows.push(row);
        table.items.push(Item {
            code,
            kind,
            group: if kind == ItemKind::Criterion {
                group.clone()
            } else {
                String::new()
            },
            content,
            max,
            guidance,
            evidence: texts[EVIDENCE].trim().to_string(),
        });
    })?;
    let Some(sheet) = found else {
        return Err(vec![FieldError::new(
            "file",
            "Không tìm thấy dòng tiêu đề có các cột «Mục», «Nội dung» và «Điểm tối đa».",
        )]);
    };
    // A line whose Mục heads others ("1" over "1.1", "1.2") is a heading: its
    // maximum must be its parts' sum, and only the parts are scored.
    let heads: Vec<usize> = (0..table.items.len())
        .filter(|&i| {
            let prefix = format!("{}.", table.items[i].code);
            table.items.iter().any(|j| j.code.starts_with(&prefix))
        })
        .collect();
    for &i in &heads {
        let prefix = format!("{}.", table.items[i].code);
        let parts: Points = (0..table.items.len())
            .filter(|j| !heads.contains(j) && table.items[*j].code.starts_with(&prefix))
            .map(|j| table.items[j].max)
            .sum();
        if parts != table.items[i].max {
            problems.push(
                FieldError::new(
                    "max",
                    format!(
                        "Mục {}: điểm tối đa ghi {}, nhưng các mục con cộng lại là {parts}.",
                        table.items[i].code, table.items[i].max
                    ),
                )
                .at(Location {
                    sheet: Some(sheet.clone()),
                    row: Some(item_rows[i]),
                    column: None,
                }),
            );
        }
    }
    let head_codes: Vec<String> = heads.iter().map(|&i| table.items[i].code.clone()).collect();
    table.items.retain(|i| !head_codes.contains(&i.code));
    scores.retain(|x| !head_codes.contains(&x.code));
    if !total_seen {
        // Without a «Tổng cộng» row the criteria state their own total.
        table.total = table.criteria_max();
    }
    for (code, max, row) in group_max {
        let sum = table.group_max(&code);
        if sum != max {
            problems.push(
                FieldError::new(
                    "max",
                    format!(
                        "Nhóm {code}: điểm tối đa ghi {max}, nhưng các tiêu chí cộng lại là {sum}."
                    ),
                )
                .at(Location {
                    sheet: Some(sheet.clone()),
                    row: Some(row),
                    column: None,
                }),
            );
        }
    }
    Ok(ReadTable {
        sheet,
        table,
        scores,
        problems,
    })
}

/// A member's scores on a line: the points, its own note, the assessors' note.
pub type LineScore = (Score, String, String);

/// Writes the table, with one member's scores when `score` gives them
/// (its own, the assessed, the note).
pub fn write_score_table(
    title: &str,
    subtitle: &str,
    table: &ScoreTable,
    score: &dyn Fn(&str) -> Option<LineScore>,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Bảng chấm điểm")?;
    let font = "Times New Roman";
    let title_f = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_align(FormatAlign::Center)
        .set_font_name(font);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_font_name(font);
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_font_name(font);
    let bold = cell.clone().set_bold();
    let num = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("0.##")
        .set_font_name(font);
    let bold_num = num.clone().set_bold();
    ws.merge_range(0, 0, 0, 8, title, &title_f)?;
    ws.merge_range(
        1,
        0,
        1,
        8,
        subtitle,
        &Format::new()
            .set_italic()
            .set_align(FormatAlign::Center)
            .set_font_name(font),
    )?;
    let heads = [
        "Mục",
        "Nội dung",
        "Điểm tối đa",
        "Điểm tự chấm",
        "Điểm thẩm định",
        "Ghi chú",
        "Hướng dẫn chấm",
        "Tài liệu kiểm chứng",
        "Ghi chú thẩm định",
    ];
    for (j, h) in heads.iter().enumerate() {
        ws.write_with_format(3, j as u16, *h, &head)?;
    }
    for (j, w) in [7.0, 60.0, 10.0, 10.0, 10.0, 30.0, 40.0, 30.0, 30.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(j as u16, *w)?;
    }
    let pts = |p: Points| p.0 as f64 / 100.0;
    let mut r = 4u32;
    let line =
        |ws: &mut rust_xlsxwriter::Worksheet, r: &mut u32, it: &Item| -> Result<(), XlsxError> {
            ws.write_with_format(*r, 0, &it.code, &cell)?;
            ws.write_with_format(*r, 1, &it.content, &cell)?;
            ws.write_with_format(*r, 2, pts(it.max), &num)?;
            let (s, note, assessed_note) = score(&it.code).unwrap_or_default();
            match s.own {
                Some(p) => ws.write_with_format(*r, 3, pts(p), &num)?,
                None => ws.write_with_format(*r, 3, "", &num)?,
            };
            match s.assessed {
                Some(p) => ws.write_with_format(*r, 4, pts(p), &num)?,
                None => ws.write_with_format(*r, 4, "", &num)?,
            };
            ws.write_with_format(*r, 5, &note, &cell)?;
            ws.write_with_format(*r, 6, &it.guidance, &cell)?;
            ws.write_with_format(*r, 7, &it.evidence, &cell)?;
            ws.write_with_format(*r, 8, &assessed_note, &cell)?;
            *r += 1;
            Ok(())
        };
    let heading = |ws: &mut rust_xlsxwriter::Worksheet,
                   r: &mut u32,
                   code: &str,
                   text: &str,
                   max: Option<Points>|
     -> Result<(), XlsxError> {
        ws.write_with_format(*r, 0, code, &bold)?;
        ws.write_with_format(*r, 1, text, &bold)?;
        match max {
            Some(m) => ws.write_with_format(*r, 2, pts(m), &bold_num)?,
            None => ws.write_with_format(*r, 2, "", &bold_num)?,
        };
        for j in 3..9 {
            ws.write_with_format(*r, j, "", &cell)?;
        }
        *r += 1;
        Ok(())
    };
    if table.groups.is_empty() {
        for it in table.criteria() {
            line(ws, &mut r, it)?;
        }
    } else {
        for g in &table.groups {
            heading(ws, &mut r, &g.code, &g.name, Some(table.group_max(&g.code)))?;
            for it in table.criteria().filter(|i| i.group == g.code) {
                line(ws, &mut r, it)?;
            }
        }
    }
    for (kind, text) in [
        (ItemKind::Bonus, "ĐIỂM THƯỞNG"),
        (ItemKind::Penalty, "ĐIỂM TRỪ"),
    ] {
        let items: Vec<&Item> = table.items.iter().filter(|i| i.kind == kind).collect();
        if items.is_empty() {
            continue;
        }
        heading(ws, &mut r, "", text, None)?;
        for it in items {
            line(ws, &mut r, it)?;
        }
    }
    heading(ws, &mut r, "", "TỔNG CỘNG", Some(table.total))?;
    ws.set_freeze_panes(4, 0)?;
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdkt_domain::emulation::bloc::Threshold;

    fn limits() -> SheetLimits {
        SheetLimits::default()
    }

    fn table() -> ScoreTable {
        let item = |code: &str, kind, group: &str, max: i64| Item {
            code: code.into(),
            kind,
            group: group.into(),
            content: format!("Nội dung {code}"),
            max: Points::whole(max),
            guidance: format!("Hướng dẫn {code}"),
            evidence: "Báo cáo".into(),
        };
        ScoreTable {
            total: Points::whole(100),
            groups: vec![
                Group {
                    code: "I".into(),
                    name: "Nhiệm vụ chuyên môn".into(),
                },
                Group {
                    code: "II".into(),
                    name: "Công tác thi đua".into(),
                },
            ],
            items: vec![
                item("1", ItemKind::Criterion, "I", 60),
                item("2", ItemKind::Criterion, "II", 25),
                item("3", ItemKind::Criterion, "II", 15),
                item("T1", ItemKind::Bonus, "", 15),
                item("TR1", ItemKind::Penalty, "", 5),
            ],
            thresholds: vec![Threshold {
                label: "x".into(),
                min_total: Points::ZERO,
                min_share: 0,
            }],
        }
    }

    #[test]
    fn the_exported_table_reads_back_with_its_scores() {
        let t = table();
        let bytes = write_score_table("BẢNG CHẤM ĐIỂM", "năm 2021", &t, &|code| {
            (code == "1").then(|| {
                (
                    Score {
                        own: Some(Points(5750)),
                        assessed: Some(Points(5500)),
                    },
                    "BC số 12".into(),
                    "Thiếu chỉ tiêu 3".into(),
                )
            })
        })
        .unwrap();
        let r = read_score_table(&bytes, &limits()).unwrap();
        assert!(r.problems.is_empty(), "{:?}", r.problems.kept());
        let mut want = t.clone();
        want.thresholds.clear();
        assert_eq!(r.table, want);
        assert_eq!(r.scores.len(), 1);
        assert_eq!(r.scores[0].own, Some(Points(5750)));
        // The assessors' note has its own column: the member's note comes back alone.
        assert_eq!(r.scores[0].note, "BC số 12");
        assert_eq!(r.scores[0].assessed, Some(Points(5500)));
    }

    #[test]
    fn nested_lines_parts_formula_results_and_passing_mentions() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_row(0, 0, ["Mục", "Nội dung", "Điểm tối đa", "Điểm đạt được"])
            .unwrap();
        ws.write_row(1, 0, ["1", "Chuyên môn", "60"]).unwrap();
        ws.write_row(2, 0, ["1.1", "Chỉ tiêu", "40"]).unwrap();
        ws.write_row(3, 0, ["", "- Chậm báo cáo: điểm trừ 1 điểm/lần"])
            .unwrap();
        ws.write_row(4, 0, ["1.2", "Báo cáo", "20"]).unwrap();
        ws.write_row(5, 0, ["a)", "Đúng hạn", "10"]).unwrap();
        ws.write_row(6, 0, ["b)", "Đủ nội dung", "10"]).unwrap();
        ws.write(6, 3, 33.3 - 23.3).unwrap();
        ws.write_row(7, 0, ["2", "Thi đua", "40"]).unwrap();
        ws.write_row(8, 0, ["C", "Điểm trừ"]).unwrap();
        ws.write_row(9, 0, ["C1", "Kỷ luật", "10"]).unwrap();
        ws.write_row(10, 0, ["Tổng cộng", "", "100"]).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let r = read_score_table(&bytes, &limits()).unwrap();
        assert!(r.problems.is_empty(), "{:?}", r.problems.kept());
        let codes: Vec<(&str, ItemKind)> = r
            .table
            .items
            .iter()
            .map(|i| (i.code.as_str(), i.kind))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("1.1", ItemKind::Criterion),
                ("1.2.a", ItemKind::Criterion),
                ("1.2.b", ItemKind::Criterion),
                ("2", ItemKind::Criterion),
                ("C1", ItemKind::Penalty),
            ]
        );
        assert_eq!(
            r.table.items[0].guidance,
            "- Chậm báo cáo: điểm trừ 1 điểm/lần"
        );
        assert_eq!(r.table.total, Points::whole(100));
        assert_eq!(r.table.check(), Ok(()));
        // Without a «tự chấm» column, «Điểm đạt được» is the member's own score.
        assert_eq!(r.scores[0].code, "1.2.b");
        assert_eq!(r.scores[0].own, Some(Points::whole(10)));
    }

    #[test]
    fn an_office_sheet_with_sections_and_bad_cells() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write(0, 0, "BẢNG ĐIỂM KHỐI THI ĐUA").unwrap();
        ws.write_row(
            2,
            0,
            [
                "TT",
                "Nội dung tiêu chí",
                "Điểm tối đa",
                "Điểm tự nhận",
                "Điểm đạt được",
                "Ghi chú",
            ],
        )
        .unwrap();
        ws.write_row(3, 0, ["I.", "Thực hiện nhiệm vụ", "70"])
            .unwrap();
        ws.write_row(4, 0, ["1.", "Hoàn thành chỉ tiêu", "50", "45", "42,5"])
            .unwrap();
        ws.write_row(5, 0, ["", "- Đạt 100 %: 50 điểm"]).unwrap();
        ws.write_row(6, 0, ["2", "Báo cáo đúng hạn", "mười"])
            .unwrap();
        ws.write_row(7, 0, ["B", "Điểm cộng"]).unwrap();
        ws.write_row(8, 0, ["B1", "Cờ thi đua Chính phủ", "15"])
            .unwrap();
        ws.write_row(9, 0, ["", "Tổng cộng", "100"]).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let r = read_score_table(&bytes, &limits()).unwrap();
        let msgs: Vec<String> = r.problems.kept().iter().map(|e| e.to_string()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("«mười»") && m.contains("dòng 7") && m.contains("cột C")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("Nhóm I") && m.contains("70")),
            "{msgs:?}"
        );
        assert_eq!(r.table.items[0].guidance, "- Đạt 100 %: 50 điểm");
        // "Điểm tự nhận" and "Điểm đạt được" are the member's and the assessed scores.
        assert_eq!(
            (r.scores[0].own, r.scores[0].assessed),
            (Some(Points::whole(45)), Some(Points(4250)))
        );
        assert_eq!(r.table.items[1].kind, ItemKind::Bonus);
        assert_eq!(r.table.items[1].code, "B1");
        assert_eq!(r.table.total, Points::whole(100));
        // The table itself is refused: 50 ≠ 100.
        assert!(r.table.check().is_err());
    }
}
