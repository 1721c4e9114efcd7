//! Ratings sheets (kết quả đánh giá, xếp loại chất lượng): the list the
//! personnel office already keeps — STT, Mã cán bộ, Họ và tên, Chức vụ, Đơn
//! vị, Xếp loại — read for one year's ratings, and the template of a unit's
//! people to fill in.

use crate::table_sheet::{HeaderCells, find_column, read_table};
use crate::workbook::SheetLimits;
use crate::xlsx::column_letter;
use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};
use tdkt_domain::codes::Rating;
use tdkt_domain::error::{FieldError, Location, Problems};
use tdkt_domain::text::fold;

/// One person's line of a ratings sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingRow {
    pub row: u32,
    /// Column letter of the cell naming the person (code if given, else name).
    pub column: String,
    /// Code if the sheet has the column, else empty.
    pub code: String,
    pub name: String,
    /// The unit as the sheet writes it, if it has the column (to tell namesakes apart).
    pub unit: String,
    pub rating: Rating,
}

/// A read ratings sheet: its name, the good rows, the problems of the others.
pub type ReadRatings = (String, Vec<RatingRow>, Problems);

/// Reads a rating as offices write it: "HTXS", "HTXSNV", "Hoàn thành xuất sắc
/// nhiệm vụ", "Hoàn thành tốt", "KHT"… (case and diacritics aside).
pub fn parse_rating(text: &str) -> Option<Rating> {
    let f: String = fold(text).split_whitespace().collect::<Vec<_>>().join(" ");
    let f = f.trim_end_matches('.');
    let long = f.strip_suffix(" nhiem vu").unwrap_or(f);
    let short = f.strip_suffix("nv").unwrap_or(f);
    [
        (Rating::Htxs, "htxs", "hoan thanh xuat sac"),
        (Rating::Htt, "htt", "hoan thanh tot"),
        (Rating::Ht, "ht", "hoan thanh"),
        (Rating::Kht, "kht", "khong hoan thanh"),
    ]
    .into_iter()
    .find(|(_, abbr, words)| short == *abbr || long == *words)
    .map(|(r, _, _)| r)
}

const NAME: usize = 0;
const RATING: usize = 1;
const CODE: usize = 2;
const UNIT: usize = 3;

/// "Họ và tên" and a rating column ("Xếp loại", "Kết quả đánh giá, xếp loại…",
/// "Mức xếp loại") are required; "Mã cán bộ" and "Đơn vị" optional.
fn header(heads: &HeaderCells) -> Option<Vec<Option<usize>>> {
    Some(vec![
        Some(find_column(heads, |h| matches!(h, "ho va ten" | "ho ten"))?),
        Some(find_column(heads, |h| {
            h.contains("xep loai") || h.starts_with("danh gia")
        })?),
        find_column(heads, |h| matches!(h, "ma can bo" | "ma cb" | "ma")),
        find_column(heads, |h| {
            matches!(h, "don vi" | "phong" | "don vi cong tac" | "phong, ban")
        }),
    ])
}

/// Reads the first sheet with a "Họ và tên" and a "Xếp loại" column, cell by
/// cell within `limits`. A person listed without a rating is skipped (the
/// template lists everyone); `Err` only when the file cannot be read as such
/// a sheet.
pub fn read_ratings(bytes: &[u8], limits: &SheetLimits) -> Result<ReadRatings, Vec<FieldError>> {
    let mut out = Vec::new();
    let mut errors = Problems::with_cap(limits.max_problems);
    let found = read_table(bytes, limits, header, |sheet, row, texts, columns| {
        let column = |field: usize| columns.get(field).copied().flatten().map(column_letter);
        let at = |field: usize| Location {
            sheet: Some(sheet.to_string()),
            row: Some(row),
            column: column(field),
        };
        let (name, rating, code, unit) = (&texts[NAME], &texts[RATING], &texts[CODE], &texts[UNIT]);
        if name.is_empty() && code.is_empty() {
            if !rating.is_empty() {
                errors.push(FieldError::new("name", "Thiếu họ và tên.").at(at(NAME)));
            }
            return;
        }
        if rating.is_empty() {
            return;
        }
        match parse_rating(rating) {
            Some(r) => out.push(RatingRow {
                row,
                column: column(if code.is_empty() { NAME } else { CODE }).unwrap_or_default(),
                code: code.clone(),
                name: name.clone(),
                unit: unit.clone(),
                rating: r,
            }),
            None => errors.push(
                FieldError::new(
                    "rating",
                    format!(
                        "Xếp loại «{}» không rõ: ghi HTXS, HTT, HT, KHT hoặc tên đầy đủ (Hoàn thành tốt nhiệm vụ…).",
                        tdkt_domain::text::clip(rating, 80)
                    ),
                )
                .at(at(RATING)),
            ),
        }
    })?;
    match found {
        Some(name) => Ok((name, out, errors)),
        None => Err(vec![FieldError::new(
            "file",
            "Không tìm thấy dòng tiêu đề có cột «Họ và tên» và «Xếp loại».",
        )]),
    }
}

/// One person's line of the template.
pub struct TemplateLine {
    pub code: String,
    pub name: String,
    pub position: String,
    pub unit: String,
    pub rating: Option<Rating>,
}

/// The ratings template of a unit for `year`: its people, their rating if one is
/// recorded, the rating column restricted to the four codes.
pub fn write_template(
    unit: &str,
    year: i32,
    people: &[TemplateLine],
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(format!("Xếp loại {year}"))?;
    let font = "Times New Roman";
    let title = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_align(FormatAlign::Center)
        .set_font_name(font);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_text_wrap()
        .set_font_name(font);
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_font_name(font);
    ws.merge_range(
        0,
        0,
        0,
        6,
        &format!(
            "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM {year} – {}",
            unit.to_uppercase()
        ),
        &title,
    )?;
    ws.merge_range(
        1,
        0,
        1,
        6,
        "Cột «Xếp loại»: HTXS (hoàn thành xuất sắc), HTT (hoàn thành tốt), HT (hoàn thành), KHT (không hoàn thành nhiệm vụ); để trống nếu chưa xếp loại.",
        &Format::new().set_italic().set_font_name(font),
    )?;
    let heads = [
        "STT",
        "Mã cán bộ",
        "Họ và tên",
        "Chức vụ",
        "Đơn vị",
        "Xếp loại",
        "Ghi chú",
    ];
    for (j, h) in heads.iter().enumerate() {
        ws.write_with_format(3, j as u16, *h, &head)?;
    }
    for (j, w) in [6.0, 12.0, 30.0, 24.0, 30.0, 12.0, 30.0].iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    for (i, p) in people.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_with_format(r, 0, (i + 1) as f64, &cell)?;
        ws.write_with_format(r, 1, &p.code, &cell)?;
        ws.write_with_format(r, 2, &p.name, &cell)?;
        ws.write_with_format(r, 3, &p.position, &cell)?;
        ws.write_with_format(r, 4, &p.unit, &cell)?;
        ws.write_with_format(r, 5, p.rating.map(|r| r.code()).unwrap_or(""), &cell)?;
        ws.write_with_format(r, 6, "", &cell)?;
    }
    if !people.is_empty() {
        let codes = DataValidation::new()
            .allow_list_strings(&["HTXS", "HTT", "HT", "KHT"])?
            .set_error_title("Xếp loại không hợp lệ")?
            .set_error_message("Ghi một trong HTXS, HTT, HT, KHT.")?;
        ws.add_data_validation(4, 5, 3 + people.len() as u32, 5, &codes)?;
    }
    ws.set_freeze_panes(4, 0)?;
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_as_offices_write_them() {
        for (text, want) in [
            ("HTXS", Some(Rating::Htxs)),
            ("htxsnv", Some(Rating::Htxs)),
            ("Hoàn thành xuất sắc nhiệm vụ", Some(Rating::Htxs)),
            ("  Hoàn thành  tốt nhiệm vụ. ", Some(Rating::Htt)),
            ("HTTNV", Some(Rating::Htt)),
            ("Hoàn thành nhiệm vụ", Some(Rating::Ht)),
            ("HT", Some(Rating::Ht)),
            ("Không hoàn thành nhiệm vụ", Some(Rating::Kht)),
            ("KHT", Some(Rating::Kht)),
            ("Tốt", None),
            ("HTX", None),
            ("", None),
        ] {
            assert_eq!(parse_rating(text), want, "{text}");
        }
    }

    fn people() -> Vec<TemplateLine> {
        vec![
            TemplateLine {
                code: "CB001".into(),
                name: "Nguyễn Văn An".into(),
                position: "Chuyên viên".into(),
                unit: "Văn phòng".into(),
                rating: Some(Rating::Htt),
            },
            TemplateLine {
                code: "CB002".into(),
                name: "Trần Thị Bình".into(),
                position: "Chánh Văn phòng".into(),
                unit: "Văn phòng".into(),
                rating: None,
            },
        ]
    }

    #[test]
    fn the_template_reads_back_with_its_ratings() {
        let bytes = write_template("Văn phòng", 2025, &people()).unwrap();
        let (sheet, rows, problems) = read_ratings(&bytes, &SheetLimits::default()).unwrap();
        assert_eq!(sheet, "Xếp loại 2025");
        assert!(problems.is_empty());
        assert_eq!(rows.len(), 1, "the unrated line is skipped");
        assert_eq!(rows[0].code, "CB001");
        assert_eq!(rows[0].column, "B");
        assert_eq!(rows[0].row, 5);
        assert_eq!(rows[0].unit, "Văn phòng");
        assert_eq!(rows[0].rating, Rating::Htt);
    }

    #[test]
    fn a_personnel_office_sheet_without_codes_and_bad_cells() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write(0, 0, "DANH SÁCH ĐÁNH GIÁ").unwrap();
        for (j, h) in [
            "STT",
            "Họ và tên",
            "Phòng",
            "Kết quả đánh giá, xếp loại chất lượng",
        ]
        .iter()
        .enumerate()
        {
            ws.write(2, j as u16, *h).unwrap();
        }
        ws.write_row(
            3,
            0,
            ["1", "Lê Văn Cường", "Thanh tra", "Hoàn thành tốt nhiệm vụ"],
        )
        .unwrap();
        ws.write_row(4, 0, ["2", "Phạm Thị Dung", "Thanh tra", "Giỏi"])
            .unwrap();
        ws.write_row(5, 0, ["3", "", "", "HT"]).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let (_, rows, problems) = read_ratings(&bytes, &SheetLimits::default()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].name.as_str(), rows[0].column.as_str()),
            ("Lê Văn Cường", "B")
        );
        assert_eq!(rows[0].unit, "Thanh tra");
        let found: Vec<(Option<u32>, Option<String>)> = problems
            .kept()
            .iter()
            .map(|p| {
                (
                    p.location.as_ref().and_then(|l| l.row),
                    p.location.as_ref().and_then(|l| l.column.clone()),
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (Some(5), Some("D".to_string())),
                (Some(6), Some("B".to_string()))
            ]
        );
        assert!(problems.kept()[0].message.contains("Giỏi"));
    }

    #[test]
    fn a_sheet_without_the_columns_is_refused_whole() {
        let mut wb = Workbook::new();
        wb.add_worksheet().write(0, 0, "Họ và tên").unwrap();
        let errs =
            read_ratings(&wb.save_to_buffer().unwrap(), &SheetLimits::default()).unwrap_err();
        assert!(errs[0].message.contains("Xếp loại"));
    }
}
