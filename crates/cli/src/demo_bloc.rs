//! The demo's 2021 bloc year, as the seed describes it: Ban Dân tộc chairs
//! "Khối thi đua các cơ quan tham mưu tổng hợp"; the members sign the covenant
//! in March, agree the scoring table, run the quarterly programme, score
//! themselves in December, the leader cross-scores, the bloc meets, ranks and
//! votes its proposals, and publishes. The scores are illustrative; the
//! table's shape follows the provincial tables of docs/blocs.md.

use chrono::NaiveDate;
use std::collections::HashMap;
use tdkt_domain::emulation::bloc::{Group, Item, ItemKind, Points, ScoreTable, Threshold};
use tdkt_store::WriteTx;
use tdkt_store::blocs::scoring::ScoreInput;
use tdkt_store::blocs::year::Meeting;

fn err(e: tdkt_domain::error::Error) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

/// (Mục, group, content, max, guidance, evidence); groups are "I", "II", "III".
const CRITERIA: &[(&str, &str, &str, i64, &str, &str)] = &[
    (
        "1.1",
        "I",
        "Hoàn thành các chỉ tiêu, nhiệm vụ chính trị, chuyên môn được UBND tỉnh giao trong năm",
        20,
        "Hoàn thành 100 % chỉ tiêu: 20 điểm; mỗi chỉ tiêu không đạt trừ 2 điểm",
        "Báo cáo tổng kết năm",
    ),
    (
        "1.2",
        "I",
        "Tham mưu ban hành văn bản đúng tiến độ, chất lượng",
        20,
        "Đúng hạn 100 %: 20 điểm; mỗi văn bản chậm trừ 1 điểm",
        "Danh mục văn bản, báo cáo kiểm tra",
    ),
    (
        "1.3",
        "I",
        "Thực hiện cải cách hành chính, chuyển đổi số",
        20,
        "Theo chỉ số cải cách hành chính năm của đơn vị",
        "Kết quả chỉ số CCHC",
    ),
    (
        "2.1",
        "II",
        "Tổ chức phát động, đăng ký thi đua đúng thời gian; sơ kết, tổng kết",
        10,
        "Đăng ký đúng hạn: 5 điểm; sơ kết, tổng kết đầy đủ: 5 điểm",
        "Kế hoạch, bản đăng ký, báo cáo",
    ),
    (
        "2.2",
        "II",
        "Thực hiện giao ước thi đua và tham gia hoạt động của Khối",
        15,
        "Tham gia đủ hoạt động của Khối: 15 điểm; vắng mỗi hoạt động trừ 3 điểm",
        "Biên bản hoạt động của Khối",
    ),
    (
        "3.1",
        "III",
        "Xây dựng tổ chức Đảng, đoàn thể trong sạch, vững mạnh",
        10,
        "Tổ chức Đảng HTXS: 10 điểm; HTT: 8 điểm",
        "Quyết định xếp loại tổ chức Đảng",
    ),
    (
        "3.2",
        "III",
        "Thực hành tiết kiệm, phòng, chống tham nhũng, tiêu cực",
        5,
        "Không có vi phạm: 5 điểm",
        "Báo cáo công tác PCTN",
    ),
];

const BONUS: &[(&str, ItemKind, &str, i64)] = &[
    (
        "T1",
        ItemKind::Bonus,
        "Được tặng Cờ thi đua của Chính phủ năm trước",
        15,
    ),
    (
        "T2",
        ItemKind::Bonus,
        "Được tặng Cờ thi đua của UBND tỉnh năm trước",
        10,
    ),
    (
        "T3",
        ItemKind::Bonus,
        "Có mô hình mới, cách làm sáng tạo được tỉnh ghi nhận",
        5,
    ),
    (
        "TR1",
        ItemKind::Penalty,
        "Gửi báo cáo, đăng ký thi đua chậm",
        5,
    ),
    (
        "TR2",
        ItemKind::Penalty,
        "Có cán bộ, công chức bị kỷ luật trong năm",
        10,
    ),
];

fn table() -> ScoreTable {
    let item =
        |code: &str, kind, group: &str, content: &str, max: i64, guidance: &str, evidence: &str| {
            Item {
                code: code.into(),
                kind,
                group: group.into(),
                content: content.into(),
                max: Points::whole(max),
                guidance: guidance.into(),
                evidence: evidence.into(),
            }
        };
    let mut items: Vec<Item> = CRITERIA
        .iter()
        .map(|(c, g, t, m, h, e)| item(c, ItemKind::Criterion, g, t, *m, h, e))
        .collect();
    items.extend(
        BONUS
            .iter()
            .map(|(c, k, t, m)| item(c, *k, "", t, *m, "", "Quyết định, văn bản liên quan")),
    );
    ScoreTable {
        total: Points::whole(100),
        groups: vec![
            Group {
                code: "I".into(),
                name: "Thực hiện nhiệm vụ chính trị, chuyên môn".into(),
            },
            Group {
                code: "II".into(),
                name: "Công tác thi đua, khen thưởng và hoạt động của Khối".into(),
            },
            Group {
                code: "III".into(),
                name: "Xây dựng Đảng, đoàn thể; phòng, chống tham nhũng".into(),
            },
        ],
        items,
        thresholds: vec![
            Threshold {
                label: "Hoàn thành xuất sắc nhiệm vụ".into(),
                min_total: Points::whole(90),
                min_share: 85,
            },
            Threshold {
                label: "Hoàn thành tốt nhiệm vụ".into(),
                min_total: Points::whole(80),
                min_share: 80,
            },
            Threshold {
                label: "Hoàn thành nhiệm vụ".into(),
                min_total: Points::whole(70),
                min_share: 70,
            },
        ],
    }
}

/// Each member's own scores (criteria in table order, then T1, T2, T3, TR1,
/// TR2 in hundredths) and the assessed ones where the leader disagreed.
type MemberScores = (
    &'static str,
    &'static str,
    [i64; 7],
    [i64; 5],
    &'static [(&'static str, i64, &'static str)],
);
const SCORES: &[MemberScores] = &[
    (
        "BDT-KH",
        "Đặng Văn Tuấn, Trưởng Ban",
        [2000, 2000, 1900, 1000, 1500, 1000, 500],
        [0, 1000, 500, 0, 0],
        &[],
    ),
    (
        "CTK-KH",
        "Lãnh đạo Cục Thống kê tỉnh",
        [2000, 1900, 1900, 1000, 1500, 1000, 500],
        [0, 0, 500, 0, 0],
        &[("T3", 0, "Mô hình chưa được tỉnh ghi nhận bằng văn bản")],
    ),
    (
        "VP-UBND-KH",
        "Lãnh đạo Văn phòng UBND tỉnh",
        [2000, 2000, 1800, 1000, 1200, 1000, 500],
        [0, 0, 0, 0, 0],
        &[],
    ),
    (
        "VP-DDBQH-HDND-KH",
        "Lãnh đạo Văn phòng Đoàn ĐBQH và HĐND tỉnh",
        [1900, 1900, 1800, 1000, 1400, 1000, 500],
        [0, 0, 0, 0, 0],
        &[("1.2", 1800, "Hai văn bản tham mưu chậm so với kế hoạch")],
    ),
    (
        "SNV-KH",
        "Lãnh đạo Sở Nội vụ",
        [2000, 1900, 1900, 1000, 1500, 800, 500],
        [0, 0, 0, 0, 0],
        &[],
    ),
    (
        "SKHDT-KH",
        "Lãnh đạo Sở Kế hoạch và Đầu tư",
        [1900, 1800, 1900, 1000, 1200, 1000, 500],
        [0, 0, 0, 200, 0],
        &[],
    ),
    (
        "BQL-KKT-VP",
        "Lãnh đạo Ban Quản lý Khu kinh tế Vân Phong",
        [1800, 1800, 1700, 800, 1200, 800, 500],
        [0, 0, 0, 0, 0],
        &[],
    ),
];

const NOTES: &[(&str, &str)] = &[
    ("T2", "Cờ thi đua của UBND tỉnh năm 2020"),
    ("T3", "Mô hình «Một cửa điện tử» trong tiếp nhận hồ sơ"),
    ("TR1", "Báo cáo 6 tháng gửi chậm 02 ngày"),
];

pub(crate) fn at(y: i32, m: u32, day: u32, hour: u32) -> chrono::DateTime<chrono::Utc> {
    d(y, m, day)
        .and_hms_opt(hour, 0, 0)
        .unwrap_or_default()
        .and_utc()
}

/// Runs the 2021 bloc's year on `bloc` (members already set); its steps are
/// dated on the days of 2021 they stand for (the clock is set back for them).
/// 2021 is under NĐ 91/2017: no women tie-break (NĐ 152/2025 Đ4 k6 came later).
pub async fn load(w: &mut WriteTx<'_>, bloc: i64, ids: &HashMap<&str, i64>) -> anyhow::Result<()> {
    let now = w.now;
    w.now = at(2021, 3, 5, 2);
    let r = year(w, bloc, ids).await;
    w.now = now;
    r
}

async fn year(w: &mut WriteTx<'_>, bloc: i64, ids: &HashMap<&str, i64>) -> anyhow::Result<()> {
    w.save_covenant(
        bloc,
        "Các đơn vị thành viên Khối thi đua các cơ quan tham mưu tổng hợp cam kết đoàn kết, hợp tác, chia sẻ kinh nghiệm; thi đua hoàn thành xuất sắc nhiệm vụ chính trị năm 2021, góp phần thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVIII.",
        "Hoàn thành 100 % chỉ tiêu, nhiệm vụ được UBND tỉnh giao trong năm\n\
         Tham mưu, ban hành văn bản đúng tiến độ, bảo đảm chất lượng\n\
         Tổ chức Đảng, đoàn thể đạt trong sạch, vững mạnh; không có cán bộ bị kỷ luật\n\
         Tham gia đầy đủ các hoạt động của Khối; gửi báo cáo, đăng ký thi đua đúng hạn",
        d(2021, 3, 5),
    )
    .await
    .map_err(err)?;
    for (code, signer, ..) in SCORES {
        w.sign_covenant(bloc, ids[code], signer)
            .await
            .map_err(err)?;
    }
    for (q, title, from, to, host) in [
        (
            1,
            "Hội nghị ký kết giao ước thi đua năm 2021",
            d(2021, 3, 5),
            d(2021, 3, 5),
            "BDT-KH",
        ),
        (
            2,
            "Hội thảo trao đổi kinh nghiệm chuyển đổi số trong tham mưu tổng hợp",
            d(2021, 5, 20),
            d(2021, 5, 20),
            "SKHDT-KH",
        ),
        (
            3,
            "Sơ kết 6 tháng, kiểm tra chéo giữa các thành viên",
            d(2021, 7, 15),
            d(2021, 7, 30),
            "VP-UBND-KH",
        ),
        (
            4,
            "Tổng kết, chấm điểm, bình xét thi đua năm 2021",
            d(2021, 12, 10),
            d(2021, 12, 15),
            "BDT-KH",
        ),
    ] {
        w.add_programme_item(bloc, q, title, from, to, Some(ids[host]))
            .await
            .map_err(err)?;
    }
    w.replace_score_table(bloc, &table()).await.map_err(err)?;
    w.start_scoring(bloc).await.map_err(err)?;
    w.now = at(2021, 12, 10, 2);
    let t = w.score_table_in(bloc).await.map_err(err)?;
    let codes: Vec<&str> = CRITERIA
        .iter()
        .map(|c| c.0)
        .chain(BONUS.iter().map(|b| b.0))
        .collect();
    for (unit, _, criteria, extra, assessed) in SCORES {
        let own: Vec<ScoreInput> = codes
            .iter()
            .zip(criteria.iter().chain(extra.iter()))
            .filter_map(|(code, p)| {
                let note = NOTES
                    .iter()
                    .find(|n| n.0 == *code && *p > 0)
                    .map(|n| n.1)
                    .unwrap_or(if code.starts_with('T') {
                        ""
                    } else {
                        "Báo cáo tổng kết năm 2021"
                    });
                Some(ScoreInput {
                    item_id: t.id_of(code)?,
                    points: Some(Points(*p)),
                    note: note.into(),
                })
            })
            .collect();
        w.save_own_scores(bloc, ids[unit], &own)
            .await
            .map_err(err)?;
        w.submit_scores(bloc, ids[unit]).await.map_err(err)?;
        let cross: Vec<ScoreInput> = assessed
            .iter()
            .filter_map(|(code, p, note)| {
                Some(ScoreInput {
                    item_id: t.id_of(code)?,
                    points: Some(Points(*p)),
                    note: (*note).into(),
                })
            })
            .collect();
        if !cross.is_empty() {
            w.save_assessed_scores(bloc, ids[unit], &cross)
                .await
                .map_err(err)?;
        }
    }
    w.now = at(2021, 12, 15, 8);
    w.save_bloc_meeting(
        bloc,
        &Meeting {
            on: d(2021, 12, 15),
            place: "Hội trường Ban Dân tộc tỉnh".into(),
            present: SCORES.len() as i64,
            notes: "Các thành viên thống nhất kết quả thẩm định của Khối trưởng; Cục Thống kê tỉnh và Văn phòng Đoàn ĐBQH và HĐND tỉnh đồng ý điều chỉnh điểm theo ý kiến thẩm định.".into(),
        },
    )
    .await
    .map_err(err)?;
    let standing = w.bloc_standing_in(bloc, None).await.map_err(err)?;
    let votes: Vec<(i64, i64)> = standing
        .proposals
        .iter()
        .map(|p| {
            (
                p.unit_id,
                SCORES.len() as i64 - if p.rank == 1 { 0 } else { 1 },
            )
        })
        .collect();
    w.record_proposal_votes(bloc, &votes, None)
        .await
        .map_err(err)?;
    w.publish_bloc(bloc, None).await.map_err(err)?;
    Ok(())
}
