//! The demo's 2021 year end, up to "ready for council": the year's ratings,
//! the initiatives of the CSTĐCS candidates recognised (one returned first
//! for more figures), and every department's dossier complete — nominees
//! with their citations, the evaluation meeting confirmed by the head, the
//! achievement reports — submitted by 20/11/2021; Phòng Chính sách's returned
//! and fixed; the Office passes them all to the council. The new recruit of
//! Văn phòng stays in its dossier, flagged by the rules engine as not eligible.

use chrono::Datelike;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;
use tdkt_documents::dossier_docs::{ReportDoc, bao_cao};
use tdkt_domain::codes::{AwardCode, AwardKind, InitiativeCategory, InitiativeLevel, Rating};
use tdkt_domain::emulation::dossier::{DossierAction, DossierPart, Meeting};
use tdkt_domain::emulation::initiative::{InitiativeAction, Recognition, ValidInitiative};
use tdkt_domain::rules::{Params, RuleBook};
use tdkt_store::history::Subject;
use tdkt_store::{Actor, Store, WriteTx};

fn err(e: tdkt_domain::error::Error) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

/// The CSTĐCS candidates of 2021 (their registration names them) and their initiative.
const CANDIDATES: &[(&str, &str)] = &[
    (
        "BDT004",
        "Quy trình số hóa văn bản đến, đi của Văn phòng Ban",
    ),
    (
        "BDT006",
        "Sổ tay nghiệp vụ văn thư, lưu trữ vùng đồng bào dân tộc thiểu số",
    ),
    (
        "BDT013",
        "Quy trình thanh tra việc thực hiện chính sách dân tộc cấp huyện",
    ),
    (
        "BDT020",
        "Cơ sở dữ liệu đối tượng thụ hưởng chính sách dân tộc",
    ),
    (
        "BDT028",
        "Bảng theo dõi tiến độ Chương trình mục tiêu quốc gia giai đoạn 2021 - 2025",
    ),
];

/// The departments and the collective title each registered.
const DEPARTMENTS: &[(&str, AwardCode)] = &[
    ("VP", AwardCode::Ttldxs),
    ("TTR", AwardCode::Ttldtt),
    ("PCS", AwardCode::Ttldxs),
    ("KHTH", AwardCode::Ttldtt),
];

/// One staff member as the demo loaded them: (id, code, unit code, start).
pub type Staff<'a> = [(i64, &'a str, &'a str, NaiveDate)];

/// Everything but the engine's verdicts (they are read after this commits).
pub async fn load(
    w: &mut WriteTx<'_>,
    ids: &HashMap<&str, i64>,
    staff: &Staff<'_>,
    plan_id: i64,
    files_dir: &Path,
    params: &Params,
) -> anyhow::Result<()> {
    // Ratings of 2021: the candidates excel, one person only completes, the rest do well.
    for (pid, code, _, start) in staff {
        if *start > d(2021, 10, 1) {
            continue;
        }
        let r = if CANDIDATES.iter().any(|(c, _)| c == code) {
            Rating::Htxs
        } else if *code == "BDT035" {
            Rating::Ht
        } else {
            Rating::Htt
        };
        w.put_rating(Subject::Person(*pid), 2021, r)
            .await
            .map_err(err)?;
    }
    for (unit, title) in DEPARTMENTS {
        let r = if *title == AwardCode::Ttldxs {
            Rating::Htxs
        } else {
            Rating::Htt
        };
        w.put_rating(Subject::Unit(ids[unit]), 2021, r)
            .await
            .map_err(err)?;
    }

    // Initiatives: submitted by 01/11, put to the council, recognised on 05/11.
    let unit_of = |code: &str| staff.iter().find(|s| s.1 == code).map(|s| (s.0, s.2));
    for (i, (code, title)) in CANDIDATES.iter().enumerate() {
        let Some((_, unit)) = unit_of(code) else {
            continue;
        };
        let mut v = ValidInitiative {
            title: title.to_string(),
            category: InitiativeCategory::SangKien,
            description: format!(
                "{title}: xây dựng quy trình, biểu mẫu và hướng dẫn áp dụng tại đơn vị."
            ),
            applied_at: "Ban Dân tộc tỉnh Khánh Hòa".into(),
            benefit: String::new(),
            authors: vec![(code.to_string(), None)],
        };
        let id = w
            .create_initiative(ids[unit], Some(plan_id), 2021, &v)
            .await
            .map_err(err)?;
        v.benefit =
            "Rút ngắn thời gian xử lý công việc, giảm sai sót, được áp dụng tại các phòng của Ban."
                .into();
        w.update_initiative(id, &v).await.map_err(err)?;
        w.initiative_action(
            id,
            InitiativeAction::Submit,
            "",
            None,
            None,
            d(2021, 10, 20),
        )
        .await
        .map_err(err)?;
        if i == 2 {
            w.initiative_action(
                id,
                InitiativeAction::Return,
                "Bổ sung số liệu về hiệu quả áp dụng.",
                None,
                None,
                d(2021, 10, 22),
            )
            .await
            .map_err(err)?;
            v.benefit =
                "Rút ngắn 30% thời gian thanh tra; áp dụng tại 3 huyện trong năm 2021.".into();
            w.update_initiative(id, &v).await.map_err(err)?;
            w.initiative_action(
                id,
                InitiativeAction::Submit,
                "",
                None,
                None,
                d(2021, 10, 25),
            )
            .await
            .map_err(err)?;
        }
        w.initiative_action(
            id,
            InitiativeAction::Review,
            "",
            None,
            None,
            d(2021, 10, 28),
        )
        .await
        .map_err(err)?;
        let rec = Recognition {
            level: InitiativeLevel::CoSo,
            decided_on: d(2021, 11, 5),
            decision_number: "52/QĐ-BDT".into(),
            issuer: "Trưởng Ban Dân tộc tỉnh Khánh Hòa".into(),
            effect_confirmed: true,
        };
        w.initiative_action(
            id,
            InitiativeAction::Recognize,
            "Hội đồng sáng kiến Ban nhất trí",
            Some(&rec),
            None,
            d(2021, 11, 5),
        )
        .await
        .map_err(err)?;
    }

    // Dossiers: one per department, nominees as registered.
    for (unit, collective) in DEPARTMENTS {
        let uid = ids[unit];
        let dossier = w
            .create_dossier(uid, 2021, Some(plan_id), AwardKind::CongTrang)
            .await
            .map_err(err)?;
        let people: Vec<&(i64, &str, &str, NaiveDate)> = staff
            .iter()
            // The one rated "only completes" is not put forward by the unit.
            .filter(|s| s.2 == *unit && s.3 <= d(2021, 3, 15) && s.1 != "BDT035")
            .collect();
        for (pid, code, _, _) in &people {
            w.add_nominee(
                dossier,
                Subject::Person(*pid),
                AwardCode::Ldtt,
                "Hoàn thành tốt nhiệm vụ được giao năm 2021",
            )
            .await
            .map_err(err)?;
            if CANDIDATES.iter().any(|(c, _)| c == code) {
                w.add_nominee(
                    dossier,
                    Subject::Person(*pid),
                    AwardCode::Cstdcs,
                    "Hoàn thành xuất sắc nhiệm vụ năm 2021, có sáng kiến được công nhận cấp cơ sở",
                )
                .await
                .map_err(err)?;
            }
        }
        // Phòng Chính sách first sends its collective without a worded citation.
        let citation = if *unit == "PCS" {
            ""
        } else {
            "Tập thể hoàn thành xuất sắc nhiệm vụ năm 2021"
        };
        w.add_nominee(dossier, Subject::Unit(uid), *collective, citation)
            .await
            .map_err(err)?;
        let present = people.len() as u32;
        w.record_meeting(
            dossier,
            &Meeting {
                held_on: d(2021, 11, 12),
                present,
                total: present,
                chair: "Trưởng đơn vị".into(),
                secretary: "Cán bộ phụ trách thi đua".into(),
                notes: "Các ý kiến thống nhất với danh sách đề nghị.".into(),
            },
        )
        .await
        .map_err(err)?;
        attach_reports(w, dossier, unit, present, files_dir).await?;
        w.confirm_meeting(dossier).await.map_err(err)?;
        if *unit == "PCS" {
            // Completeness refuses the missing citation: the unit cannot submit it as is.
            w.now = crate::demo_bloc::at(2021, 11, 16, 2);
            if w.dossier_action(
                dossier,
                DossierAction::Submit,
                "",
                None,
                d(2021, 11, 16),
                params,
            )
            .await
            .is_ok()
            {
                anyhow::bail!("hồ sơ thiếu nội dung khen thưởng mà vẫn gửi được");
            }
            fill_citations(w, dossier, present).await?;
        }
        let mut steps = vec![
            (DossierAction::Submit, "", d(2021, 11, 18)),
            (DossierAction::Receive, "", d(2021, 11, 19)),
        ];
        if *unit == "PCS" {
            steps.push((
                DossierAction::Return,
                "Nội dung khen thưởng của tập thể cần nêu kết quả cụ thể (số hồ sơ chính sách đã giải quyết).",
                d(2021, 11, 19),
            ));
        }
        run_steps(w, dossier, &steps, params).await?;
        if *unit == "PCS" {
            for nid in collectives(w, dossier).await? {
                w.update_nominee(
                    dossier,
                    nid,
                    "Tập thể hoàn thành xuất sắc nhiệm vụ năm 2021: giải quyết 100% hồ sơ chính sách đúng hạn, 2 sáng kiến cấp cơ sở",
                    Some(present),
                )
                .await
                .map_err(err)?;
            }
            let again = [
                (DossierAction::Submit, "", d(2021, 11, 20)),
                (DossierAction::Receive, "", d(2021, 11, 22)),
            ];
            run_steps(w, dossier, &again, params).await?;
        }
        let last = [
            (DossierAction::Review, "", d(2021, 11, 23)),
            (DossierAction::Ready, "", d(2021, 11, 25)),
        ];
        run_steps(w, dossier, &last, params).await?;
    }
    Ok(())
}

/// Takes a dossier through `steps` (action, note, day).
async fn run_steps(
    w: &mut WriteTx<'_>,
    dossier: i64,
    steps: &[(DossierAction, &str, NaiveDate)],
    params: &Params,
) -> anyhow::Result<()> {
    for (action, note, day) in steps {
        w.now = crate::demo_bloc::at(day.year(), day.month(), day.day(), 2);
        w.dossier_action(dossier, *action, note, None, *day, params)
            .await
            .map_err(err)?;
    }
    Ok(())
}

/// The collectives among a dossier's nominees, read in the transaction.
async fn collectives(w: &mut WriteTx<'_>, dossier: i64) -> anyhow::Result<Vec<i64>> {
    Ok(w.dossier_nominee_lines(dossier)
        .await
        .map_err(err)?
        .into_iter()
        .filter(|l| !l.4)
        .map(|l| l.0)
        .collect())
}

/// The collective gets a worded citation.
async fn fill_citations(w: &mut WriteTx<'_>, dossier: i64, present: u32) -> anyhow::Result<()> {
    for nid in collectives(w, dossier).await? {
        w.update_nominee(
            dossier,
            nid,
            "Tập thể hoàn thành xuất sắc nhiệm vụ năm 2021",
            Some(present),
        )
        .await
        .map_err(err)?;
    }
    Ok(())
}

/// Votes for everyone and the achievement reports the law asks for (every
/// nominee but LĐTT), made from the report template.
async fn attach_reports(
    w: &mut WriteTx<'_>,
    dossier: i64,
    unit: &str,
    present: u32,
    files_dir: &Path,
) -> anyhow::Result<()> {
    for (nid, name, award, citation, individual) in
        w.dossier_nominee_lines(dossier).await.map_err(err)?
    {
        w.update_nominee(dossier, nid, &citation, Some(present))
            .await
            .map_err(err)?;
        let Ok(award) = AwardCode::parse(&award) else {
            continue;
        };
        if !tdkt_domain::emulation::dossier::report_required(award) {
            continue;
        }
        let doc = bao_cao(&ReportDoc {
            agency: "Ban Dân tộc tỉnh Khánh Hòa".into(),
            unit: unit.into(),
            place: "Khánh Hòa".into(),
            year: 2021,
            award: award.label().into(),
            individual,
            name: name.clone(),
            birth: None,
            position: String::new(),
            citation,
            initiatives: vec![],
            awards: vec![],
            ratings: vec![],
        });
        let bytes = tdkt_documents::nd30::to_docx(&doc).map_err(|e| anyhow::anyhow!("{e}"))?;
        let s = tdkt_web::files::store_bytes(
            files_dir,
            &format!("Báo cáo thành tích - {name}.docx"),
            &bytes,
        )?;
        w.add_dossier_file(
            dossier,
            Some(nid),
            DossierPart::BaoCao,
            &s.name,
            &s.sha256,
            s.size as i64,
            s.mime,
        )
        .await
        .map_err(err)?;
    }
    Ok(())
}

/// Stores the engine's verdict on every 2021 nominee that has none yet (after the
/// year end committed; again on a later start if that was cut short).
pub async fn ensure_verdicts(store: &Store, book: &RuleBook) -> anyhow::Result<()> {
    let actor = Actor::system("tdkt demo (kiểm tra điều kiện)");
    let list = store
        .dossiers(
            &actor,
            &tdkt_store::dossiers::DossierFilter {
                year: Some(2021),
                status: None,
            },
        )
        .await
        .map_err(err)?;
    for d in list {
        let v = store.dossier(&actor, d.id).await.map_err(err)?;
        if v.nominees.iter().all(|n| n.checked_at.is_some()) {
            continue;
        }
        let found = store.dossier_verdicts(&v, book).await.map_err(err)?;
        let mut w = store.begin(&actor).await.map_err(err)?;
        w.store_verdicts(d.id, &found).await.map_err(err)?;
        w.commit().await.map_err(err)?;
    }
    Ok(())
}
