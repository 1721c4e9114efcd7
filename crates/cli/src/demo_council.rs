//! The demo's 2021 year, finished: the agency's council of nine (term
//! 2021–2026) meets on 10/12/2021 on every nominee of the four dossiers ready
//! for it, by secret ballot; members step aside from themselves and their own
//! department; an absent member's written opinion is entered by the
//! secretary; the chair closes the vote (the Office's recruit of 15/03/2021
//! falls short); the list is published for comment; the head signs the two
//! decisions within the agency's authority (numbers 60 and 61 of the 2021
//! register); the TTLĐXS proposals go upward and the province's decision is
//! recorded; the certificate templates of the two usual blanks are stored.
//!
//! Each step runs as the account that does it in an office, through the same
//! checks as the web pages.

use chrono::NaiveDate;
use tdkt_documents::certificate::{BlankKind, default_template};
use tdkt_domain::commendation::ballot::{Choice, within_agency};
use tdkt_domain::commendation::council::{Attendance, CouncilRole, CouncilTerm, Session};
use tdkt_domain::commendation::decision::DecisionInput;
use tdkt_domain::rules::{Regime, RuleBook};
use tdkt_store::{Actor, Store};

const META_KEY: &str = "demo_council";

/// (username, council role, title) of the nine members, chair first.
pub const MEMBERS: &[(&str, CouncilRole, &str)] = &[
    ("truongban", CouncilRole::Chair, "Trưởng Ban"),
    ("phoban", CouncilRole::ViceChair, "Phó Trưởng Ban"),
    ("hoidong", CouncilRole::Member, "Phó Trưởng Ban"),
    ("vanphong", CouncilRole::Secretary, "Chánh Văn phòng"),
    (
        "truongphong",
        CouncilRole::Member,
        "Trưởng phòng Chính sách",
    ),
    ("chanhthanhtra", CouncilRole::Member, "Chánh Thanh tra"),
    (
        "truongphongkh",
        CouncilRole::Member,
        "Trưởng phòng Kế hoạch – Tổng hợp",
    ),
    ("congdoan", CouncilRole::Member, "Chủ tịch Công đoàn cơ sở"),
    ("doanthanhnien", CouncilRole::Member, "Bí thư Chi đoàn"),
];

/// The member whose opinion arrives in writing.
const ABSENT: &str = "doanthanhnien";

fn err(e: tdkt_domain::error::Error) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

async fn actor(store: &Store, username: &str) -> anyhow::Result<Actor> {
    let u = store
        .user_by_name(username)
        .await
        .map_err(err)?
        .ok_or_else(|| anyhow::anyhow!("thiếu tài khoản mẫu {username}"))?;
    store.actor_for(&u).await.map_err(err)
}

/// Runs the council year once (after the year end and its verdicts).
pub async fn ensure_loaded(store: &Store, book: &RuleBook) -> anyhow::Result<()> {
    if store.meta(META_KEY).await.map_err(err)?.is_some() {
        return Ok(());
    }
    let params = book.params(Regime::on(d(2021, 12, 31)));
    let office = actor(store, "vanphong").await?;
    let chair = actor(store, "truongban").await?;
    let agency = store
        .unit_by_code("BDT-KH")
        .await
        .map_err(err)?
        .ok_or_else(|| anyhow::anyhow!("thiếu đơn vị BDT-KH"))?;

    // The council, its members, the session and its agenda.
    let mut w = store.begin(&office).await.map_err(err)?;
    let council = w
        .create_council(
            agency.id,
            &CouncilTerm {
                name: "Hội đồng Thi đua – Khen thưởng Ban Dân tộc tỉnh Khánh Hòa".into(),
                from_year: 2021,
                to_year: 2026,
            },
        )
        .await
        .map_err(err)?;
    for (username, role, title) in MEMBERS {
        let u = store
            .user_by_name(username)
            .await
            .map_err(err)?
            .ok_or_else(|| anyhow::anyhow!("thiếu tài khoản mẫu {username}"))?;
        w.put_council_member(council, u.id, *role, title, *role != CouncilRole::Member)
            .await
            .map_err(err)?;
    }
    let session = w
        .create_session(
            council,
            &Session {
                held_on: d(2021, 12, 10),
                year: 2021,
                place: "Phòng họp Ban Dân tộc".into(),
                notes: "Xét đề nghị khen thưởng năm 2021 của các phòng; bỏ phiếu kín mọi trường hợp theo Quy chế của Ban.".into(),
                ballot_all: true,
            },
        )
        .await
        .map_err(err)?;
    w.commit().await.map_err(err)?;
    let view = store.council_session(&office, session).await.map_err(err)?;
    let candidates = store.agenda_candidates(&view.session).await.map_err(err)?;
    let mut w = store.begin(&office).await.map_err(err)?;
    let ids: Vec<i64> = candidates.iter().map(|c| c.nominee_id).collect();
    w.add_session_items(session, &ids).await.map_err(err)?;
    let marks: Vec<(i64, Attendance)> = view
        .members
        .iter()
        .map(|m| {
            let a = if m.username == ABSENT {
                Attendance::Written
            } else {
                Attendance::Present
            };
            (m.id, a)
        })
        .collect();
    w.set_attendance(session, &marks).await.map_err(err)?;
    w.commit().await.map_err(err)?;

    // The chair opens the vote; each member present casts a ballot.
    let mut w = store.begin(&chair).await.map_err(err)?;
    w.open_vote(session, params).await.map_err(err)?;
    w.commit().await.map_err(err)?;
    let view = store.council_session(&office, session).await.map_err(err)?;
    // The Office's recruit of 15/03/2021 has served under ten months: most disagree.
    let recruit = view
        .items
        .iter()
        .find(|i| i.verdict.as_deref() == Some("not_eligible"));
    for (k, (username, _, _)) in MEMBERS.iter().enumerate() {
        if *username == ABSENT {
            continue;
        }
        let a = actor(store, username).await?;
        let me = store.council_session(&a, session).await.map_err(err)?;
        let Some(member) = me.me.as_ref() else {
            continue;
        };
        let choices: Vec<(i64, Choice)> = me
            .items
            .iter()
            .filter(|i| i.threshold.is_some() && !me.recused(i.id, member.id))
            .map(|i| {
                let c = if recruit.is_some_and(|r| r.id == i.id) {
                    if k < 2 {
                        Choice::Agree
                    } else {
                        Choice::Disagree
                    }
                } else if k == 7 && i.person_id.is_none() {
                    Choice::Abstain
                } else {
                    Choice::Agree
                };
                (i.id, c)
            })
            .collect();
        let mut w = store.begin(&a).await.map_err(err)?;
        w.cast_ballots(session, &choices).await.map_err(err)?;
        w.commit().await.map_err(err)?;
    }
    let absent = view
        .members
        .iter()
        .find(|m| m.username == ABSENT)
        .map(|m| m.id)
        .unwrap_or_default();
    let written: Vec<(i64, Choice)> = view
        .items
        .iter()
        .filter(|i| i.threshold.is_some() && !view.recused(i.id, absent))
        .map(|i| {
            let c = if recruit.is_some_and(|r| r.id == i.id) {
                Choice::Disagree
            } else {
                Choice::Agree
            };
            (i.id, c)
        })
        .collect();
    let mut w = store.begin(&office).await.map_err(err)?;
    w.record_written_ballot(session, absent, &written)
        .await
        .map_err(err)?;
    w.commit().await.map_err(err)?;
    let mut w = store.begin(&chair).await.map_err(err)?;
    w.close_vote(session).await.map_err(err)?;
    w.commit().await.map_err(err)?;

    // Published for comment; one comment from a member of staff.
    let mut w = store.begin(&office).await.map_err(err)?;
    w.open_disclosure(session, d(2021, 12, 13), params.disclosure_days)
        .await
        .map_err(err)?;
    w.commit().await.map_err(err)?;
    let staff = actor(store, "canbo").await?;
    let mut w = store.begin(&staff).await.map_err(err)?;
    w.add_disclosure_comment(
        session,
        None,
        "Thống nhất với danh sách đề nghị khen thưởng năm 2021.",
        d(2021, 12, 14),
    )
    .await
    .map_err(err)?;
    w.commit().await.map_err(err)?;

    // Two decisions within the agency's authority, the register moved to 60 first.
    let view = store.council_session(&office, session).await.map_err(err)?;
    let in_agency = |individual: bool| -> Vec<i64> {
        view.items
            .iter()
            .filter(|i| {
                i.conclusion().is_some_and(|o| o.awarded())
                    && i.given_award().is_some_and(within_agency)
                    && i.person_id.is_some() == individual
            })
            .map(|i| i.id)
            .collect()
    };
    let basis = [
        "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013",
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        "Căn cứ Quyết định số 12/2020/QĐ-UBND của Ủy ban nhân dân tỉnh Khánh Hòa ban hành Quy định về công tác thi đua, khen thưởng trên địa bàn tỉnh",
    ]
    .join("\n");
    let text = |summary: &str| {
        DecisionInput {
        summary: summary.into(),
        authority_line: "TRƯỞNG BAN BAN DÂN TỘC TỈNH KHÁNH HÒA".into(),
        basis: basis.clone(),
        proposer: "Theo đề nghị của Hội đồng Thi đua – Khen thưởng Ban tại phiên họp ngày 10 tháng 12 năm 2021 và Chánh Văn phòng Ban".into(),
        articles: String::new(),
        signer: "Đặng Văn Tuấn".into(),
        signer_position: "Trưởng Ban".into(),
        sign_prefix: String::new(),
        sign_authority: String::new(),
        recipients: "Như Điều 3\nỦy ban nhân dân tỉnh (để báo cáo)\nSở Nội vụ (Ban Thi đua – Khen thưởng)".into(),
    }
    };
    let mut w = store.begin(&office).await.map_err(err)?;
    w.set_next_decision_number(agency.id, 2021, "60")
        .await
        .map_err(err)?;
    let people_decision = w
        .create_decision(
            session,
            agency.id,
            &in_agency(true),
            &text("Về việc công nhận danh hiệu «Lao động tiên tiến», «Chiến sĩ thi đua cơ sở» năm 2021")
                .validate()
                .map_err(err)?,
            None,
        )
        .await
        .map_err(err)?;
    let units_decision = w
        .create_decision(
            session,
            agency.id,
            &in_agency(false),
            &text("Về việc công nhận danh hiệu «Tập thể lao động tiên tiến» năm 2021")
                .validate()
                .map_err(err)?,
            None,
        )
        .await
        .map_err(err)?;
    for (name, kind) in [
        ("Bằng khen (A3 ngang)", BlankKind::BangKhen),
        ("Giấy khen (A4 ngang)", BlankKind::GiayKhen),
    ] {
        let t = default_template(kind);
        let json = serde_json::to_string(&t)?;
        w.save_certificate_template(None, name, &json)
            .await
            .map_err(err)?;
    }
    w.commit().await.map_err(err)?;
    let today = d(2021, 12, 20);
    let sign_params = book.params(Regime::on(today));
    let mut w = store.begin(&chair).await.map_err(err)?;
    for id in [people_decision, units_decision] {
        w.sign_decision(id, Some(today), "", today, sign_params)
            .await
            .map_err(err)?;
    }
    w.commit().await.map_err(err)?;

    // The province's decision on the TTLĐXS proposals arrives in January.
    let upward: Vec<i64> = view
        .items
        .iter()
        .filter(|i| {
            i.conclusion().is_some_and(|o| o.awarded())
                && i.given_award().is_some_and(|a| !within_agency(a))
        })
        .map(|i| i.id)
        .collect();
    let mut w = store.begin(&office).await.map_err(err)?;
    if !upward.is_empty() {
        w.record_upward_decision(
            session,
            &upward,
            "215/QĐ-UBND",
            d(2022, 1, 24),
            "Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa",
        )
        .await
        .map_err(err)?;
    }
    crate::demo_fund::load(&mut w, store, agency.id).await?;
    w.set_meta(META_KEY, "2021").await.map_err(err)?;
    w.commit().await.map_err(err)?;
    Ok(())
}
