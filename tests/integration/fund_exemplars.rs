//! The emulation fund, exemplars and the working reports on both databases,
//! on the shared fixture: a signed decision's bonuses leave the fund and its
//! cancellation gives them back; hand entries are checked and removed only
//! with a reason; an exemplar links only its people's awards and shows on
//! the public page once published; the period report and the awardee list
//! count the decision in its quarter.

use chrono::NaiveDate;
use tdkt_domain::codes::{AwardCode, AwardKind};
use tdkt_domain::commendation::fund::{Category, EntryInput};
use tdkt_domain::error::Error;
use tdkt_domain::reports::period::Period;
use tdkt_domain::rules::{Params, Regime};
use tdkt_store::history::{NewAward, Subject};
use tdkt_store::{Actor, Store};
use tdkt_tests::{TODAY, on_both};

fn field(e: Error) -> String {
    e.field_errors()
        .first()
        .map(|f| f.field.clone())
        .unwrap_or_else(|| format!("{e:?}"))
}

on_both!(
    the_fund_follows_decisions_and_the_office,
    |store: Store| async move {
        let f = crate::fixture::build(&store, Some(&[])).await;
        let sys = Actor::system("test");
        let params = Params::national(Regime::Nd152_2025);
        let fund = |store: &Store| {
            let store = store.clone();
            async move { store.fund_balances(f.agency, 2025, 2026).await.unwrap() }
        };
        let b = fund(&store).await;
        assert_eq!(
            (b[1].opening, b[1].income, b[1].spending, b[1].closing),
            (0, 10_000_000, 0, 10_000_000)
        );

        // Signing writes one spending line: the sum of the decision's bonuses.
        let signed_on = NaiveDate::from_ymd_opt(2026, 6, 13).unwrap();
        let mut w = store.begin(&sys).await.unwrap();
        let symbol = w
            .sign_decision(f.decision, Some(signed_on), "Đặng Văn Tuấn", TODAY, &params)
            .await
            .unwrap();
        w.commit().await.unwrap();
        let bonus: i64 = store
            .decision(&sys, f.decision)
            .await
            .unwrap()
            .1
            .iter()
            .filter_map(|r| r.bonus)
            .sum();
        assert!(bonus > 0, "an LĐTT carries a bonus");
        let entries = store.fund_entries(f.agency, 2026).await.unwrap();
        assert_eq!(entries.len(), 2);
        let paid = &entries[1];
        assert_eq!(
            (paid.category(), paid.amount, paid.entry_on),
            (Some(Category::Bonus), bonus, signed_on)
        );
        assert_eq!(paid.voucher, symbol);
        assert_eq!(paid.decision_id, Some(f.decision));
        assert_eq!(fund(&store).await[1].closing, 10_000_000 - bonus);

        // A decision's line cannot be removed by hand; a hand line needs a reason.
        let mut w = store.begin(&sys).await.unwrap();
        assert_eq!(
            field(
                w.remove_fund_entry(paid.id, "Ghi nhầm số tiền")
                    .await
                    .unwrap_err()
            ),
            "id"
        );
        assert_eq!(
            field(w.remove_fund_entry(f.fund_entry, "x").await.unwrap_err()),
            "reason"
        );
        drop(w);

        // An exemplar of V1 linked to the decision's award.
        let v1_award = store.history(Subject::Person(f.v1)).await.unwrap().awards[0].id;
        let mut w = store.begin(&sys).await.unwrap();
        let good_deed = w
            .save_exemplar(
                None,
                f.vp,
                None,
                &tdkt_domain::emulation::exemplar::ExemplarInput {
                    kind: "dien-hinh".into(),
                    title: "Văn thư mẫu mực".into(),
                    story: "Mười năm giữ sổ văn thư không một sai sót, được cả cơ quan tin cậy."
                        .into(),
                    recognised_on: "01/06/2026".into(),
                    source: String::new(),
                }
                .check(TODAY)
                .unwrap(),
                "V1",
            )
            .await
            .unwrap();
        w.set_exemplar_awards(good_deed, &[v1_award], &[v1_award])
            .await
            .unwrap();
        w.commit().await.unwrap();

        // Cancelling gives the bonuses back the day it is cancelled; the
        // exemplar's link to the award goes with the award, named in the audit.
        let mut w = store.begin(&sys).await.unwrap();
        w.cancel_decision(f.decision, "Sai đối tượng", TODAY)
            .await
            .unwrap();
        w.commit().await.unwrap();
        assert!(
            store
                .exemplar(&sys, good_deed)
                .await
                .unwrap()
                .2
                .iter()
                .all(|a| !a.linked)
        );
        let log = store
            .audit_log(
                &sys,
                &tdkt_store::audit::AuditFilter {
                    entity: Some("decision".into()),
                    entity_id: Some(f.decision.to_string()),
                    page: 1,
                    per_page: 10,
                    no_total: false,
                },
            )
            .await
            .unwrap();
        let cancel = log
            .items
            .iter()
            .find(|e| e.action == "cancel")
            .expect("the cancellation's audit line");
        let new: serde_json::Value =
            serde_json::from_str(cancel.new_value.as_deref().unwrap()).unwrap();
        assert_eq!(
            new["exemplar_links_removed"],
            serde_json::json!([[good_deed, v1_award]])
        );
        let entries = store.fund_entries(f.agency, 2026).await.unwrap();
        let back = &entries[2];
        assert_eq!(
            (back.category(), back.amount, back.entry_on, back.income()),
            (Some(Category::Returned), bonus, TODAY, true)
        );
        assert_eq!(fund(&store).await[1].closing, 10_000_000);

        // A bad entry names its field and writes nothing; a good one is audited.
        let input = |amount: &str| EntryInput {
            entry_on: "10/06/2026".into(),
            category: "to-chuc".into(),
            amount: amount.into(),
            description: "Hội nghị tổng kết phong trào".into(),
            voucher: String::new(),
        };
        assert_eq!(
            field(input("3,5 triệu").check(TODAY).unwrap_err()),
            "amount"
        );
        assert_eq!(
            field(
                input("3.000.000")
                    .check(NaiveDate::from_ymd_opt(2026, 6, 9).unwrap())
                    .unwrap_err()
            ),
            "entry_on"
        );
        let mut w = store.begin(&sys).await.unwrap();
        w.add_fund_entry(f.agency, &input("3.000.000").check(TODAY).unwrap())
            .await
            .unwrap();
        w.remove_fund_entry(f.fund_entry, "Ghi nhầm số tiền")
            .await
            .unwrap();
        w.commit().await.unwrap();
        let b = fund(&store).await;
        assert_eq!(
            (b[1].income, b[1].spending, b[1].closing),
            (bonus, bonus + 3_000_000, -3_000_000)
        );
        assert_eq!(b[1].amount(Category::Organising), 3_000_000);
        // With no money in the year, any organising spending is over the limit.
        assert!(b[1].organising_over(20));
        // A department's fund is not a fund: only agencies keep one.
        let mut w = store.begin(&sys).await.unwrap();
        assert!(matches!(
            w.add_fund_entry(f.pcs, &input("1.000").check(TODAY).unwrap())
                .await,
            Err(Error::NotFound(_))
        ));
    }
);

on_both!(
    exemplars_link_their_peoples_awards_and_publish,
    |store: Store| async move {
        let f = crate::fixture::build(&store, Some(&["canbo"])).await;
        let sys = Actor::system("test");
        let mut w = store.begin(&sys).await.unwrap();
        let award = |code, year| NewAward {
            award: code,
            year,
            kind: AwardKind::CongTrang,
            decision_number: "5/QĐ-BDT".into(),
            decision_date: NaiveDate::from_ymd_opt(year, 12, 20),
            issuer: "Trưởng Ban".into(),
            unit_name: String::new(),
        };
        w.add_award(Subject::Person(f.p1), &award(AwardCode::Ldtt, 2025))
            .await
            .unwrap();
        w.add_award(Subject::Person(f.v1), &award(AwardCode::Ldtt, 2025))
            .await
            .unwrap();
        w.commit().await.unwrap();
        let (e, people, awards) = store.exemplar(&sys, f.exemplar).await.unwrap();
        assert_eq!(
            people.iter().map(|p| p.person_id).collect::<Vec<_>>(),
            [f.p1]
        );
        assert_eq!(awards.len(), 1, "only P1's award may be linked: {awards:?}");
        assert!(!awards[0].linked && !e.published);
        let p1_award = awards[0].award_id;

        // An award of someone not named is refused; P1's is linked.
        let v1_award = store.history(Subject::Person(f.v1)).await.unwrap().awards[0].id;
        let mut w = store.begin(&sys).await.unwrap();
        assert_eq!(
            field(
                w.set_exemplar_awards(f.exemplar, &[v1_award], &[v1_award])
                    .await
                    .unwrap_err()
            ),
            "awards"
        );
        drop(w);
        let mut w = store.begin(&sys).await.unwrap();
        w.set_exemplar_awards(f.exemplar, &[p1_award], &[p1_award, p1_award])
            .await
            .unwrap();
        w.commit().await.unwrap();

        // A person of another unit, or an unknown code, is named in the error.
        let text = store.exemplar(&sys, f.exemplar).await.unwrap().0;
        let t = tdkt_domain::emulation::exemplar::ExemplarInput {
            kind: text.kind.clone(),
            title: text.title.clone(),
            story: text.story.clone(),
            recognised_on: "01/03/2026".into(),
            source: text.source.clone(),
        }
        .check(TODAY)
        .unwrap();
        let mut w = store.begin(&sys).await.unwrap();
        let err = w
            .save_exemplar(Some(f.exemplar), f.pcs, None, &t, "P1\nV1, KHONGCO")
            .await
            .unwrap_err();
        let msg = err.field_errors()[0].message.clone();
        assert!(
            msg.contains("V1") && msg.contains("KHONGCO") && !msg.contains("P1"),
            "{msg}"
        );
        drop(w);

        // Not on the public page until published; then with its linked award only.
        assert!(store.published_exemplars().await.unwrap().is_empty());
        let mut w = store.begin(&sys).await.unwrap();
        w.publish_exemplar(f.exemplar, true).await.unwrap();
        w.commit().await.unwrap();
        let public = store.published_exemplars().await.unwrap();
        assert_eq!(public.len(), 1);
        assert_eq!(
            public[0].2.iter().map(|a| a.award_id).collect::<Vec<_>>(),
            [p1_award]
        );

        // The unit's clerk may correct it, but it leaves the public page until
        // the Office publishes it again.
        let clerk = {
            let u = store.user_by_name("canbo").await.unwrap().unwrap();
            store.actor_for(&u).await.unwrap()
        };
        let mut w = store.begin(&clerk).await.unwrap();
        w.save_exemplar(Some(f.exemplar), f.pcs, None, &t, "P1")
            .await
            .unwrap();
        assert!(matches!(
            w.publish_exemplar(f.exemplar, true).await,
            Err(Error::Forbidden)
        ));
        drop(w);
        let mut w = store.begin(&clerk).await.unwrap();
        w.save_exemplar(Some(f.exemplar), f.pcs, None, &t, "P1")
            .await
            .unwrap();
        w.commit().await.unwrap();
        assert!(store.published_exemplars().await.unwrap().is_empty());
        let (e, _, awards) = store.exemplar(&sys, f.exemplar).await.unwrap();
        assert!(!e.published);
        assert!(
            awards.iter().any(|a| a.award_id == p1_award && a.linked),
            "links kept"
        );
        // Saving the links of the awards shown leaves others alone.
        let mut w = store.begin(&sys).await.unwrap();
        w.set_exemplar_awards(f.exemplar, &[], &[]).await.unwrap();
        w.commit().await.unwrap();
        assert!(
            store
                .exemplar(&sys, f.exemplar)
                .await
                .unwrap()
                .2
                .iter()
                .any(|a| a.linked)
        );

        // Renaming the people drops the links to awards of those no longer named.
        let mut w = store.begin(&sys).await.unwrap();
        w.save_exemplar(Some(f.exemplar), f.pcs, None, &t, "P2")
            .await
            .unwrap();
        w.commit().await.unwrap();
        let (_, people, awards) = store.exemplar(&sys, f.exemplar).await.unwrap();
        assert_eq!(
            people.iter().map(|p| p.person_id).collect::<Vec<_>>(),
            [f.p2]
        );
        assert!(awards.iter().all(|a| !a.linked));
        let listed = store.exemplars(&sys, Some(2026), None).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert!(
            store
                .exemplars(&sys, Some(2025), None)
                .await
                .unwrap()
                .is_empty()
        );
    }
);

on_both!(
    working_reports_count_the_period,
    |store: Store| async move {
        let f = crate::fixture::build(&store, Some(&[])).await;
        let sys = Actor::system("test");
        let params = Params::national(Regime::Nd152_2025);
        let mut w = store.begin(&sys).await.unwrap();
        w.sign_decision(
            f.decision,
            NaiveDate::from_ymd_opt(2026, 6, 14),
            "Đặng Văn Tuấn",
            TODAY,
            &params,
        )
        .await
        .unwrap();
        w.commit().await.unwrap();
        let q2 = Period::parse(2026, "quy", 2).unwrap();
        let (from, to) = q2.range();
        let facts = store.period_facts(f.agency, from, to, None).await.unwrap();
        let total = |l: &[(String, String, i64)]| l.iter().map(|x| x.2).sum::<i64>();
        assert_eq!(total(&facts.awarded), 1);
        assert_eq!(facts.awarded[0].1, "LDTT");
        assert_eq!(facts.decisions.len(), 1);
        assert!(facts.decisions[0].bonuses > 0);
        let may = Period::parse(2026, "thang", 5).unwrap().range();
        let in_may = store
            .period_facts(f.agency, may.0, may.1, None)
            .await
            .unwrap();
        assert_eq!((total(&in_may.awarded), in_may.decisions.len()), (0, 0));
        let awardees = store.awardees(f.agency, 2026).await.unwrap();
        assert_eq!(awardees.len(), 1);
        assert!(awardees[0].individual);
        assert_eq!(awardees[0].award, "LDTT");
        let per_person = store.person_awards(f.agency, 2022, 2026).await.unwrap();
        assert_eq!(per_person.len(), 1);
        assert_eq!(per_person[0].person_id, f.v1);
        let by_title = store
            .awards_by_year_title(f.agency, 2022, 2026)
            .await
            .unwrap();
        assert_eq!(by_title, vec![(2026, "LDTT".to_string(), 1)]);
    }
);

on_both!(
    the_offices_marks_fill_forms_0604_and_0605,
    |store: Store| async move {
        use tdkt_domain::reports::workforce::{OrgKind, Training, form_0604, form_0605};
        let f = crate::fixture::build(&store, Some(&[])).await;
        let sys = Actor::system("test");
        let mut w = store.begin(&sys).await.unwrap();
        w.set_work_unit(f.vp, Some(OrgKind::HomeAffairsDivision))
            .await
            .unwrap();
        w.set_work_unit(f.pcs, Some(OrgKind::HomeAffairsBoard))
            .await
            .unwrap();
        w.set_work_unit(f.pcs, None).await.unwrap();
        w.set_work_person(f.agency, "P1", 2015, Some(Training::University), TODAY)
            .await
            .unwrap();
        w.set_work_person(f.agency, "P2", 2024, None, TODAY)
            .await
            .unwrap();
        // Again for P2: updated, not doubled.
        w.set_work_person(f.agency, "P2", 2023, Some(Training::Postgraduate), TODAY)
            .await
            .unwrap();
        assert_eq!(
            field(
                w.set_work_person(f.agency, "KHONGCO", 2015, None, TODAY)
                    .await
                    .unwrap_err()
            ),
            "code"
        );
        assert_eq!(
            field(
                w.set_work_person(f.agency, "P1", 2027, None, TODAY)
                    .await
                    .unwrap_err()
            ),
            "since_year"
        );
        w.commit().await.unwrap();
        let (units, people) = store.workforce(f.agency).await.unwrap();
        assert_eq!(units.iter().map(|u| u.unit_id).collect::<Vec<_>>(), [f.vp]);
        assert_eq!(people.len(), 2);
        let orgs: Vec<OrgKind> = units
            .iter()
            .filter_map(|u| OrgKind::parse(&u.kind).ok())
            .collect();
        assert_eq!(form_0604(&orgs).cell("4", 0), Some(1));
        let counted: Vec<_> = people
            .iter()
            .filter(|p| p.counted())
            .map(|p| p.fact())
            .collect();
        let form = form_0605(&counted, 2026);
        assert_eq!(form.rows[0].cells[0], Some(counted.len() as u64));
        let mut w = store.begin(&sys).await.unwrap();
        w.remove_work_person(f.p2).await.unwrap();
        assert!(matches!(
            w.remove_work_person(f.p2).await,
            Err(Error::NotFound(_))
        ));
        w.commit().await.unwrap();
        assert_eq!(store.workforce(f.agency).await.unwrap().1.len(), 1);
    }
);
