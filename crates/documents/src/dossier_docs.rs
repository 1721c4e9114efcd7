//! The documents of a nomination dossier, made from its data in the NĐ
//! 30/2020 layout: the unit's tờ trình with the danh sách đề nghị annexed,
//! the biên bản of its evaluation meeting, and a báo cáo thành tích prefilled
//! for each nominee (the outline of the NĐ 152/2025 forms) for the unit to
//! finish in Word.

use crate::nd30::{
    AdminDocument, Align, Annex, Block, Column, DocKind, IssueDate, Signature, Table,
};
use chrono::NaiveDate;
use tdkt_domain::text::format_date;

/// One line of the danh sách.
#[derive(Debug, Clone)]
pub struct NomineeLine {
    pub name: String,
    /// "Chuyên viên, Phòng Chính sách" / the parent unit of a collective.
    pub position_unit: String,
    pub award: String,
    pub citation: String,
    pub votes: Option<u32>,
    pub individual: bool,
}

/// The unit's evaluation meeting.
#[derive(Debug, Clone)]
pub struct MeetingLine {
    pub held_on: NaiveDate,
    pub present: u32,
    pub total: u32,
    pub chair: String,
    pub secretary: String,
    pub notes: String,
}

/// What the tờ trình and the biên bản say.
#[derive(Debug, Clone)]
pub struct DossierDoc {
    /// The agency above the unit ("BAN DÂN TỘC TỈNH KHÁNH HÒA"); the letterhead's first line.
    pub agency: String,
    pub unit: String,
    pub place: String,
    pub year: i32,
    /// "Công trạng và thành tích" (the kind of commendation).
    pub kind: String,
    /// To whom the tờ trình goes ("Hội đồng Thi đua – Khen thưởng Ban Dân tộc").
    pub council: String,
    /// Căn cứ lines (the law and decree of the regime, the agency's own rules).
    pub basis: Vec<String>,
    pub nominees: Vec<NomineeLine>,
    pub meeting: Option<MeetingLine>,
}

fn annex(d: &DossierDoc) -> Annex {
    Annex {
        label: None,
        title: "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG".into(),
        subtitle: Some(format!("(Kèm theo Tờ trình của {} năm {})", d.unit, d.year)),
        blocks: vec![Block::Table(Table {
            columns: vec![
                Column::new("STT", 8.0, Align::Center),
                Column::new("Họ và tên / Tập thể", 32.0, Align::Left),
                Column::new("Chức vụ, đơn vị", 32.0, Align::Left),
                Column::new("Danh hiệu, hình thức", 28.0, Align::Left),
                Column::new("Nội dung khen thưởng", 50.0, Align::Left),
            ],
            rows: d
                .nominees
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    vec![
                        (i + 1).to_string(),
                        n.name.clone(),
                        n.position_unit.clone(),
                        n.award.clone(),
                        n.citation.clone(),
                    ]
                })
                .collect(),
        })],
    }
}

/// Counts per award in order of first appearance: "Danh hiệu «…»: 3 cá nhân, 1 tập thể".
fn counts(d: &DossierDoc) -> Vec<String> {
    let mut order: Vec<&str> = Vec::new();
    for n in &d.nominees {
        if !order.contains(&n.award.as_str()) {
            order.push(&n.award);
        }
    }
    order
        .iter()
        .map(|a| {
            let people = d
                .nominees
                .iter()
                .filter(|n| n.award == *a && n.individual)
                .count();
            let units = d
                .nominees
                .iter()
                .filter(|n| n.award == *a && !n.individual)
                .count();
            let mut parts = Vec::new();
            if people > 0 {
                parts.push(format!("{people:02} cá nhân"));
            }
            if units > 0 {
                parts.push(format!("{units:02} tập thể"));
            }
            format!("{a}: {}", parts.join(", "))
        })
        .collect()
}

/// The unit's tờ trình to the council, with the danh sách annexed.
pub fn to_trinh(d: &DossierDoc) -> AdminDocument {
    let mut body: Vec<Block> = d
        .basis
        .iter()
        .map(|b| Block::para(format!("{};", b.trim_end_matches([';', '.']))))
        .collect();
    body.push(Block::para(match &d.meeting {
        Some(m) => format!(
            "Căn cứ kết quả họp bình xét thi đua, khen thưởng của {} {},",
            d.unit,
            crate::nd30::date_words(IssueDate::On(m.held_on))
        ),
        None => format!(
            "Căn cứ kết quả bình xét thi đua, khen thưởng của {},",
            d.unit
        ),
    }));
    body.push(Block::para(format!(
        "{} kính trình {} xem xét, đề nghị khen thưởng năm {} ({}) cho các cá nhân, tập thể sau:",
        d.unit,
        d.council,
        d.year,
        d.kind.to_lowercase()
    )));
    for (i, c) in counts(d).into_iter().enumerate() {
        body.push(Block::numbered(i as u32 + 1, format!("{c}.")));
    }
    body.push(Block::Note("(Có danh sách kèm theo)".into()));
    body.push(Block::para(format!(
        "Kính trình {} xem xét, quyết định./.",
        d.council
    )));
    AdminDocument {
        parent_body: Some(d.agency.to_uppercase()),
        date: IssueDate::Blank { year: Some(d.year) },
        summary: format!("Về việc đề nghị khen thưởng năm {}", d.year),
        kinh_gui: vec![d.council.clone()],
        body,
        signature: Signature {
            prefix: None,
            authority: None,
            position: "Trưởng đơn vị".into(),
            signer: String::new(),
        },
        recipients: vec!["Như trên".into()],
        archive: "VT".into(),
        annexes: vec![annex(d)],
        ..AdminDocument::new(DocKind::ToTrinh, d.unit.to_uppercase(), d.place.clone())
    }
}

/// The biên bản of the unit's evaluation meeting, with each nominee's vote.
pub fn bien_ban(d: &DossierDoc) -> AdminDocument {
    let mut body = Vec::new();
    let (date, present, total, chair, secretary, notes) = match &d.meeting {
        Some(m) => (
            IssueDate::On(m.held_on),
            m.present,
            m.total,
            m.chair.clone(),
            m.secretary.clone(),
            m.notes.clone(),
        ),
        None => (
            IssueDate::Blank { year: Some(d.year) },
            0,
            0,
            String::new(),
            String::new(),
            String::new(),
        ),
    };
    body.push(Block::para(format!(
        "Vào {}, {} tổ chức họp bình xét thi đua, khen thưởng năm {}.",
        crate::nd30::date_words(date),
        d.unit,
        d.year
    )));
    body.push(Block::section(1, "THÀNH PHẦN"));
    body.push(Block::bullet(format!("Chủ trì: {chair}")));
    body.push(Block::bullet(format!("Thư ký: {secretary}")));
    body.push(Block::bullet(format!(
        "Có mặt {present}/{total} người (tổng số người của đơn vị: {total})."
    )));
    body.push(Block::section(2, "NỘI DUNG VÀ KẾT QUẢ BÌNH XÉT"));
    body.push(Block::para(
        "Cuộc họp đã nghe báo cáo thành tích, thảo luận và biểu quyết. Kết quả như sau:",
    ));
    body.push(Block::Table(Table {
        columns: vec![
            Column::new("STT", 8.0, Align::Center),
            Column::new("Họ và tên / Tập thể", 36.0, Align::Left),
            Column::new("Danh hiệu, hình thức đề nghị", 34.0, Align::Left),
            Column::new("Số phiếu đồng ý", 18.0, Align::Center),
            Column::new("Tỷ lệ", 14.0, Align::Center),
        ],
        rows: d
            .nominees
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let (votes, share) = match n.votes {
                    Some(v) if present > 0 => (
                        format!("{v}/{present}"),
                        format!("{:.1}%", v as f64 * 100.0 / present as f64).replace('.', ","),
                    ),
                    Some(v) => (v.to_string(), String::new()),
                    None => (String::new(), String::new()),
                };
                vec![
                    (i + 1).to_string(),
                    n.name.clone(),
                    n.award.clone(),
                    votes,
                    share,
                ]
            })
            .collect(),
    }));
    if !notes.is_empty() {
        body.push(Block::para(notes));
    }
    body.push(Block::para(format!(
        "Cuộc họp thống nhất đề nghị {} khen thưởng các cá nhân, tập thể nêu trên. Biên bản được thông qua tại cuộc họp.",
        d.council
    )));
    body.push(Block::para(format!("THƯ KÝ: {secretary}")));
    AdminDocument {
        parent_body: Some(d.agency.to_uppercase()),
        date,
        summary: format!("Họp bình xét thi đua, khen thưởng năm {}", d.year),
        body,
        signature: Signature {
            prefix: None,
            authority: None,
            position: "Chủ trì cuộc họp".into(),
            signer: chair,
        },
        recipients: vec![],
        archive: "VT".into(),
        ..AdminDocument::new(DocKind::BienBan, d.unit.to_uppercase(), d.place.clone())
    }
}

/// What the báo cáo thành tích is prefilled with.
#[derive(Debug, Clone)]
pub struct ReportDoc {
    pub agency: String,
    pub unit: String,
    pub place: String,
    pub year: i32,
    pub award: String,
    pub individual: bool,
    pub name: String,
    pub birth: Option<NaiveDate>,
    pub position: String,
    pub citation: String,
    /// Recognised initiatives: "SK-2021-003 Số hóa hồ sơ (cấp cơ sở, 45/QĐ-BDT)".
    pub initiatives: Vec<String>,
    /// (year, award, decision) already received.
    pub awards: Vec<(i32, String, String)>,
    /// Ratings by year: (year, rating label).
    pub ratings: Vec<(i32, String)>,
}

/// A báo cáo thành tích in the outline of the NĐ 152/2025 forms (công trạng, cá
/// nhân / tập thể), with what the system knows filled in and the rest left for
/// the unit to write.
pub fn bao_cao(r: &ReportDoc) -> AdminDocument {
    let mut body = Vec::new();
    if r.individual {
        body.push(Block::section(1, "SƠ LƯỢC LÝ LỊCH"));
        body.push(Block::bullet(format!("Họ tên: {}", r.name)));
        body.push(Block::bullet(format!(
            "Ngày, tháng, năm sinh: {}",
            r.birth.map(format_date).unwrap_or_default()
        )));
        body.push(Block::bullet(format!(
            "Chức vụ, đơn vị công tác: {}, {}",
            r.position, r.unit
        )));
        body.push(Block::bullet("Trình độ chuyên môn, nghiệp vụ: …"));
        body.push(Block::section(2, "THÀNH TÍCH ĐẠT ĐƯỢC"));
        body.push(Block::numbered(1, "Quyền hạn, nhiệm vụ được giao: …"));
        body.push(Block::numbered(
            2,
            format!("Thành tích đạt được năm {}: {}", r.year, r.citation),
        ));
        body.push(Block::numbered(3, "Sáng kiến, đề tài, giải pháp:"));
    } else {
        body.push(Block::section(1, "SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"));
        body.push(Block::para(format!(
            "{}: chức năng, nhiệm vụ, cơ cấu tổ chức, số người: …",
            r.name
        )));
        body.push(Block::section(2, "THÀNH TÍCH ĐẠT ĐƯỢC"));
        body.push(Block::numbered(
            1,
            format!("Kết quả thực hiện nhiệm vụ năm {}: {}", r.year, r.citation),
        ));
        body.push(Block::numbered(2, "Sáng kiến, giải pháp, mô hình mới:"));
    }
    if r.initiatives.is_empty() {
        body.push(Block::bullet("…"));
    }
    for i in &r.initiatives {
        body.push(Block::bullet(i.clone()));
    }
    if !r.ratings.is_empty() {
        body.push(Block::para("Kết quả đánh giá, xếp loại:"));
        for (y, x) in &r.ratings {
            body.push(Block::bullet(format!("Năm {y}: {x}")));
        }
    }
    body.push(Block::section(3, "CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"));
    body.push(Block::Table(Table {
        columns: vec![
            Column::new("Năm", 12.0, Align::Center),
            Column::new("Danh hiệu, hình thức khen thưởng", 50.0, Align::Left),
            Column::new("Số, ngày quyết định", 38.0, Align::Left),
        ],
        rows: r
            .awards
            .iter()
            .map(|(y, a, d)| vec![y.to_string(), a.clone(), d.clone()])
            .collect(),
    }));
    AdminDocument {
        parent_body: Some(r.agency.to_uppercase()),
        date: IssueDate::Blank { year: Some(r.year) },
        summary: format!("Thành tích đề nghị {} năm {}", r.award, r.year),
        title: "BÁO CÁO THÀNH TÍCH".into(),
        body,
        signature: Signature {
            prefix: None,
            authority: None,
            position: if r.individual {
                "Người báo cáo"
            } else {
                "Thủ trưởng đơn vị"
            }
            .into(),
            signer: if r.individual {
                r.name.clone()
            } else {
                String::new()
            },
        },
        recipients: vec![],
        archive: "VT".into(),
        ..AdminDocument::new(DocKind::BaoCao, r.unit.to_uppercase(), r.place.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(n: usize) -> DossierDoc {
        DossierDoc {
            agency: "Ban Dân tộc tỉnh Khánh Hòa".into(),
            unit: "Phòng Chính sách".into(),
            place: "Khánh Hòa".into(),
            year: 2021,
            kind: "Công trạng và thành tích".into(),
            council: "Hội đồng Thi đua – Khen thưởng Ban Dân tộc".into(),
            basis: vec!["Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003".into()],
            nominees: (0..n)
                .map(|i| NomineeLine {
                    name: format!("Người {i}"),
                    position_unit: "Chuyên viên".into(),
                    award: if i % 3 == 0 {
                        "Chiến sĩ thi đua cơ sở"
                    } else {
                        "Lao động tiên tiến"
                    }
                    .into(),
                    citation: "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2021".into(),
                    votes: Some(15),
                    individual: true,
                })
                .collect(),
            meeting: Some(MeetingLine {
                held_on: NaiveDate::from_ymd_opt(2021, 11, 15).unwrap(),
                present: 18,
                total: 20,
                chair: "Nguyễn Văn Trưởng".into(),
                secretary: "Lê Thị Thư".into(),
                notes: String::new(),
            }),
        }
    }

    fn text_of(docx: &[u8]) -> String {
        use std::io::Read;
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut s = String::new();
        z.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    #[test]
    fn the_to_trinh_counts_and_lists_every_nominee() {
        let d = doc(4);
        let t = to_trinh(&d);
        assert_eq!(t.kind, DocKind::ToTrinh);
        let xml = text_of(&crate::nd30::to_docx(&t).unwrap());
        assert!(xml.contains("Chiến sĩ thi đua cơ sở: 02 cá nhân"), "{xml}");
        assert!(xml.contains("Lao động tiên tiến: 02 cá nhân"));
        assert!(xml.contains("Người 3") && xml.contains("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"));
        assert!(xml.contains("ngày 15 tháng 11 năm 2021"));
    }

    #[test]
    fn the_minutes_carry_the_votes() {
        let xml = text_of(&crate::nd30::to_docx(&bien_ban(&doc(2))).unwrap());
        assert!(xml.contains("15/18") && xml.contains("83,3%"), "{xml}");
        assert!(xml.contains("Có mặt 18/20 người"));
    }

    #[test]
    fn a_report_is_prefilled() {
        let r = ReportDoc {
            agency: "Ban Dân tộc".into(),
            unit: "Phòng Chính sách".into(),
            place: "Khánh Hòa".into(),
            year: 2021,
            award: "Chiến sĩ thi đua cơ sở".into(),
            individual: true,
            name: "Lê Văn Một".into(),
            birth: NaiveDate::from_ymd_opt(1985, 3, 15),
            position: "Chuyên viên".into(),
            citation: "Hoàn thành xuất sắc nhiệm vụ".into(),
            initiatives: vec!["SK-2021-001 Số hóa hồ sơ".into()],
            awards: vec![(
                2020,
                "Lao động tiên tiến".into(),
                "12/QĐ-BDT ngày 20/01/2021".into(),
            )],
            ratings: vec![(2021, "Hoàn thành xuất sắc nhiệm vụ".into())],
        };
        let xml = text_of(&crate::nd30::to_docx(&bao_cao(&r)).unwrap());
        for want in [
            "BÁO CÁO THÀNH TÍCH",
            "15/03/1985",
            "SK-2021-001",
            "12/QĐ-BDT",
        ] {
            assert!(xml.contains(want), "{want}");
        }
    }
}
