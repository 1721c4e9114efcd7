//! A bloc's documents in the NĐ 30/2020 layout: the covenant (giao ước thi
//! đua) its members sign at the start of the year, and the minutes (biên bản)
//! of the year-end meeting that ranks them and votes the proposals.

use crate::nd30::{
    AdminDocument, Align, Annex, Block, Column, DocKind, IssueDate, Signature, Table,
};
use chrono::NaiveDate;
use tdkt_domain::text::format_date;

/// A member as the documents list it.
#[derive(Debug, Clone)]
pub struct MemberLine {
    pub name: String,
    /// "Khối trưởng", "Khối phó", "Thành viên".
    pub role: String,
    /// Who signed the covenant for it, and when.
    pub signed: Option<(String, NaiveDate)>,
}

/// What the covenant says.
#[derive(Debug, Clone)]
pub struct CovenantDoc {
    /// The provincial body the bloc belongs to ("UBND TỈNH KHÁNH HÒA").
    pub parent_body: String,
    pub bloc: String,
    pub year: i32,
    pub place: String,
    pub signed_on: Option<NaiveDate>,
    pub text: String,
    pub targets: Vec<String>,
    pub members: Vec<MemberLine>,
    pub leader: String,
}

/// The giao ước: the agreed text, the targets numbered, and the members with
/// who signed for each; the bloc leader signs on behalf of the bloc.
pub fn covenant(d: &CovenantDoc) -> AdminDocument {
    let mut body: Vec<Block> = Vec::new();
    body.push(Block::para(format!(
        "Thực hiện phong trào thi đua năm {}, các đơn vị thành viên {} thống nhất ký kết giao ước thi đua với các nội dung sau:",
        d.year, d.bloc
    )));
    body.push(Block::section(1, "NỘI DUNG GIAO ƯỚC"));
    for p in d.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        body.push(Block::para(p));
    }
    body.push(Block::section(2, "CÁC CHỈ TIÊU THI ĐUA"));
    for (i, t) in d.targets.iter().enumerate() {
        body.push(Block::numbered(
            i as u32 + 1,
            t.trim_end_matches(['.', ';']).to_string() + ".",
        ));
    }
    body.push(Block::section(3, "TỔ CHỨC THỰC HIỆN"));
    body.push(Block::para(
        "Các đơn vị thành viên tổ chức quán triệt, phát động và thực hiện các nội dung giao ước; cuối năm tự chấm điểm theo bảng chấm điểm đã thống nhất, gửi Khối trưởng tổng hợp, thẩm định, bình xét và đề nghị khen thưởng theo quy định.",
    ));
    body.push(Block::Heading("CÁC ĐƠN VỊ THÀNH VIÊN KÝ GIAO ƯỚC".into()));
    body.push(Block::Table(Table {
        columns: vec![
            Column::new("STT", 8.0, Align::Center),
            Column::new("Đơn vị", 50.0, Align::Left),
            Column::new("Vai trò", 20.0, Align::Left),
            Column::new("Người ký", 38.0, Align::Left),
            Column::new("Ngày ký", 20.0, Align::Center),
        ],
        rows: d
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let (who, on) = match &m.signed {
                    Some((who, on)) => (who.clone(), format_date(*on)),
                    None => (String::new(), String::new()),
                };
                vec![(i + 1).to_string(), m.name.clone(), m.role.clone(), who, on]
            })
            .collect(),
    }));
    AdminDocument {
        parent_body: Some(d.parent_body.to_uppercase()),
        date: d
            .signed_on
            .map(IssueDate::On)
            .unwrap_or(IssueDate::Blank { year: Some(d.year) }),
        title: "GIAO ƯỚC THI ĐUA".into(),
        summary: format!("Năm {} của {}", d.year, d.bloc),
        body,
        signature: Signature {
            prefix: Some(crate::nd30::SignPrefix::Tm),
            authority: Some(d.bloc.clone()),
            position: "Khối trưởng".into(),
            signer: d.leader.clone(),
        },
        recipients: vec![
            "Các đơn vị thành viên Khối".into(),
            "Cơ quan thường trực Hội đồng TĐKT tỉnh".into(),
        ],
        archive: "VT".into(),
        ..AdminDocument::new(DocKind::ChuongTrinh, d.bloc.to_uppercase(), d.place.clone())
    }
}

/// A member's line in the minutes.
#[derive(Debug, Clone)]
pub struct RankLine {
    pub rank: u32,
    pub name: String,
    /// Own total, total after assessment, grade by the table's thresholds.
    pub own: String,
    pub total: String,
    pub grade: String,
    pub note: String,
}

/// A proposal and its vote.
#[derive(Debug, Clone)]
pub struct ProposalVote {
    pub name: String,
    pub award: String,
    pub agree: Option<u32>,
    pub present: Option<u32>,
    /// `None` while the bloc has not voted on it.
    pub carried: Option<bool>,
}

/// What the minutes say.
#[derive(Debug, Clone)]
pub struct MinutesDoc {
    pub parent_body: String,
    pub bloc: String,
    pub year: i32,
    pub place: String,
    pub held_on: Option<NaiveDate>,
    pub venue: String,
    pub present: u32,
    pub members: u32,
    pub chair: String,
    pub notes: String,
    pub ranking: Vec<RankLine>,
    pub proposals: Vec<ProposalVote>,
    /// To whom the bloc sends its proposals.
    pub council: String,
    /// Why no proposal can be made yet (members level on points).
    pub warning: Option<String>,
}

/// The biên bản of the bloc's year-end meeting: who attended, the ranking
/// with each member's points, the votes on the proposals; the ranking table
/// annexed.
pub fn minutes(d: &MinutesDoc) -> AdminDocument {
    let date = d.held_on.map(IssueDate::On).unwrap_or(IssueDate::Blank {
        year: Some(d.year + 1),
    });
    let mut body = vec![Block::para(format!(
        "Vào {}{}, {} tổ chức họp tổng kết, chấm điểm, bình xét thi đua năm {}.",
        crate::nd30::date_words(date),
        if d.venue.trim().is_empty() {
            String::new()
        } else {
            format!(", tại {}", d.venue.trim())
        },
        d.bloc,
        d.year
    ))];
    body.push(Block::section(1, "THÀNH PHẦN"));
    body.push(Block::bullet(format!(
        "Chủ trì: {} (Khối trưởng).",
        d.chair
    )));
    body.push(Block::bullet(format!(
        "Có mặt đại diện {}/{} đơn vị thành viên.",
        d.present, d.members
    )));
    body.push(Block::section(2, "KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG"));
    body.push(Block::para(
        "Trên cơ sở kết quả tự chấm điểm của các đơn vị và kết quả thẩm định, chấm chéo, Khối thống nhất kết quả xếp hạng như sau (chi tiết tại Phụ lục kèm theo):",
    ));
    for r in &d.ranking {
        body.push(Block::bullet(format!(
            "Hạng {}: {} — {} điểm{}.",
            r.rank,
            r.name,
            r.total,
            if r.grade.is_empty() {
                String::new()
            } else {
                format!(", {}", r.grade)
            }
        )));
    }
    body.push(Block::section(3, "BIỂU QUYẾT ĐỀ NGHỊ KHEN THƯỞNG"));
    if let Some(w) = &d.warning {
        body.push(Block::para(w.clone()));
    }
    if d.proposals.is_empty() {
        if d.warning.is_none() {
            body.push(Block::para("Khối không đề nghị khen thưởng."));
        }
    } else {
        body.push(Block::Table(Table {
            columns: vec![
                Column::new("STT", 8.0, Align::Center),
                Column::new("Đơn vị", 50.0, Align::Left),
                Column::new("Hình thức đề nghị", 44.0, Align::Left),
                Column::new("Đồng ý", 18.0, Align::Center),
                Column::new("Kết quả", 20.0, Align::Center),
            ],
            rows: d
                .proposals
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    vec![
                        (i + 1).to_string(),
                        p.name.clone(),
                        p.award.clone(),
                        match (p.agree, p.present) {
                            (Some(a), Some(n)) => format!("{a}/{n}"),
                            _ => String::new(),
                        },
                        match p.carried {
                            Some(true) => "Thông qua",
                            Some(false) => "Không thông qua",
                            None => "Chưa biểu quyết",
                        }
                        .into(),
                    ]
                })
                .collect(),
        }));
    }
    if !d.notes.trim().is_empty() {
        for p in d.notes.lines().map(str::trim).filter(|l| !l.is_empty()) {
            body.push(Block::para(p));
        }
    }
    let carried: Vec<String> = d
        .proposals
        .iter()
        .filter(|p| p.carried == Some(true))
        .map(|p| format!("{} ({})", p.name, p.award))
        .collect();
    body.push(Block::para(if carried.is_empty() {
        "Biên bản được thông qua tại cuộc họp.".to_string()
    } else {
        format!(
            "Khối thống nhất đề nghị {} xem xét, khen thưởng: {}. Biên bản được thông qua tại cuộc họp.",
            d.council,
            carried.join("; ")
        )
    }));
    AdminDocument {
        parent_body: Some(d.parent_body.to_uppercase()),
        date,
        summary: format!(
            "Họp tổng kết, bình xét thi đua năm {} của {}",
            d.year, d.bloc
        ),
        body,
        signature: Signature {
            prefix: Some(crate::nd30::SignPrefix::Tm),
            authority: Some(d.bloc.clone()),
            position: "Khối trưởng".into(),
            signer: d.chair.clone(),
        },
        recipients: vec![d.council.clone(), "Các đơn vị thành viên Khối".into()],
        archive: "VT".into(),
        annexes: vec![Annex {
            label: None,
            title: "KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG".into(),
            subtitle: Some(format!(
                "(Kèm theo Biên bản họp của {} năm {})",
                d.bloc, d.year
            )),
            blocks: vec![Block::Table(Table {
                columns: vec![
                    Column::new("Hạng", 10.0, Align::Center),
                    Column::new("Đơn vị", 50.0, Align::Left),
                    Column::new("Tự chấm", 16.0, Align::Center),
                    Column::new("Sau thẩm định", 18.0, Align::Center),
                    Column::new("Xếp loại", 26.0, Align::Left),
                    Column::new("Ghi chú", 30.0, Align::Left),
                ],
                rows: d
                    .ranking
                    .iter()
                    .map(|r| {
                        vec![
                            r.rank.to_string(),
                            r.name.clone(),
                            r.own.clone(),
                            r.total.clone(),
                            r.grade.clone(),
                            r.note.clone(),
                        ]
                    })
                    .collect(),
            })],
        }],
        ..AdminDocument::new(DocKind::BienBan, d.bloc.to_uppercase(), d.place.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_covenant_lists_targets_and_who_signed() {
        let d = CovenantDoc {
            parent_body: "UBND tỉnh Khánh Hòa".into(),
            bloc: "Khối thi đua các cơ quan tham mưu tổng hợp".into(),
            year: 2021,
            place: "Khánh Hòa".into(),
            signed_on: NaiveDate::from_ymd_opt(2021, 3, 5),
            text: "Đoàn kết, hợp tác.".into(),
            targets: vec![
                "Hoàn thành 100 % nhiệm vụ".into(),
                "Không có cán bộ bị kỷ luật".into(),
            ],
            members: vec![MemberLine {
                name: "Ban Dân tộc tỉnh".into(),
                role: "Khối trưởng".into(),
                signed: Some((
                    "Đặng Văn Tuấn".into(),
                    NaiveDate::from_ymd_opt(2021, 3, 5).unwrap(),
                )),
            }],
            leader: "Đặng Văn Tuấn".into(),
        };
        let doc = covenant(&d);
        assert_eq!(doc.title, "GIAO ƯỚC THI ĐUA");
        assert!(
            doc.body
                .contains(&Block::numbered(2, "Không có cán bộ bị kỷ luật."))
        );
        let bytes = crate::nd30::to_docx(&doc).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
