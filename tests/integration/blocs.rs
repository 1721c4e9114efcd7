//! An emulation bloc's year on both databases: the standing body creates it,
//! the leader writes the covenant and the members sign it, the table comes
//! from an Excel sheet (bad sheets and bad totals refused whole), members
//! score themselves within the maximums and submit, the leader and the deputy
//! cross-score, the women rule breaks a tie, the meeting votes, publication
//! locks everything and hands the rank to the rules engine, and a recorded
//! reopening withdraws it.

use reqwest::StatusCode;
use tdkt_domain::auth::Role;
use tdkt_domain::emulation::bloc::{Points, Stage, TieBreak};
use tdkt_domain::error::Error;
use tdkt_store::blocs::scoring::ScoreInput;
use tdkt_store::blocs::year::Meeting;
use tdkt_store::{Actor, Store};
use tdkt_tests::http::{login, sheet, upload};
use tdkt_tests::{on_both, seed};

/// The bloc's year (2026) is under NĐ 152/2025: collectives of ≥ 70 % women first.
const WOMEN: Option<f64> = Some(0.7);

async fn actor(store: &Store, name: &str) -> Actor {
    let u = store.user_by_name(name).await.unwrap().unwrap();
    store.actor_for(&u).await.unwrap()
}

fn msg(e: &Error) -> String {
    let mut s = e.to_string();
    for f in e.field_errors() {
        s.push_str(&format!(" | {f}"));
    }
    s
}

/// The table as offices write it: 100 points in two groups, a bonus and a penalty.
fn table_sheet(last_max: &str) -> Vec<u8> {
    sheet(
        "Bảng điểm",
        &[
            &[
                "Mục",
                "Nội dung",
                "Điểm tối đa",
                "Điểm tự chấm",
                "Điểm thẩm định",
                "Ghi chú",
            ],
            &["I", "Nhiệm vụ chuyên môn", "70"],
            &["1", "Hoàn thành chỉ tiêu được giao", "40"],
            &["2", "Tham mưu đúng hạn", "30"],
            &["II", "Công tác thi đua", ""],
            &["3", "Tham gia hoạt động của Khối", last_max],
            &["", "Điểm thưởng"],
            &["T1", "Cờ thi đua của Chính phủ năm trước", "15"],
            &["", "Điểm trừ"],
            &["TR1", "Báo cáo chậm", "5"],
            &["", "Tổng cộng", "100"],
        ],
    )
}

on_both!(
    a_bloc_year_from_covenant_to_published_ranking,
    |store: Store| async move {
        let sys = Actor::system("test");
        let levels = store.levels().await.unwrap();
        let mut w = store.begin(&sys).await.unwrap();
        let root = seed::unit(&mut w, &levels, "UBND", "UBND tỉnh", None, "agency", "tinh").await;
        let a = seed::agency(&mut w, &levels, "A", "Sở A", Some(root), "so-nganh").await;
        let b = seed::agency(&mut w, &levels, "B", "Sở B", Some(root), "so-nganh").await;
        let c = seed::agency(&mut w, &levels, "C", "Sở C", Some(root), "so-nganh").await;
        // Sở A: three women of four (≥ 70 %: the tie-break of NĐ 152/2025 Đ4 k6).
        for (i, gender) in ["nu", "nu", "nu", "nam"].iter().enumerate() {
            let mut p = seed::person_input(&format!("A{i}"), "Nguyễn Thị Lan", a, "01/01/2010");
            p.gender = gender.to_string();
            w.create_person(&p.validate(seed::people_on()).unwrap())
                .await
                .unwrap();
        }
        seed::person(&mut w, "B1", "Trần Văn Bình", b, "01/01/2010").await;
        seed::accounts(
            &mut w,
            &[
                ("admin", Role::Admin, root),
                ("a_office", Role::Secretariat, a),
                ("b_office", Role::Secretariat, b),
                ("c_office", Role::Secretariat, c),
            ],
        )
        .await;
        w.commit().await.unwrap();
        let (admin, lead, deputy, member) = (
            actor(&store, "admin").await,
            actor(&store, "a_office").await,
            actor(&store, "b_office").await,
            actor(&store, "c_office").await,
        );

        // The standing body sets up the year; a member office cannot.
        let mut w = store.begin(&member).await.unwrap();
        assert!(matches!(
            w.create_bloc("K1", "Khối 1", 2026).await,
            Err(Error::Forbidden)
        ));
        drop(w);
        let mut w = store.begin(&admin).await.unwrap();
        let bloc = w.create_bloc("K1", "Khối tham mưu", 2026).await.unwrap().id;
        w.put_bloc_member(bloc, a, "leader", None).await.unwrap();
        w.put_bloc_member(bloc, b, "deputy", None).await.unwrap();
        w.put_bloc_member(bloc, c, "member", None).await.unwrap();
        w.commit().await.unwrap();

        // Covenant: the leader writes it, each member signs for itself only.
        let on = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        let mut w = store.begin(&member).await.unwrap();
        assert!(matches!(
            w.save_covenant(bloc, "Đoàn kết", "Chỉ tiêu 1", on).await,
            Err(Error::Forbidden)
        ));
        drop(w);
        let mut w = store.begin(&lead).await.unwrap();
        w.save_covenant(
            bloc,
            "Đoàn kết, hợp tác",
            "Hoàn thành 100 % chỉ tiêu\nKhông có cán bộ bị kỷ luật",
            on,
        )
        .await
        .unwrap();
        w.sign_covenant(bloc, a, "").await.unwrap();
        let e = w.sign_covenant(bloc, c, "").await.unwrap_err();
        assert!(msg(&e).contains("chỉ ký giao ước cho mình"));
        w.commit().await.unwrap();
        for (who, unit) in [(&deputy, b), (&member, c)] {
            let mut w = store.begin(who).await.unwrap();
            w.sign_covenant(bloc, unit, "Giám đốc Sở").await.unwrap();
            w.commit().await.unwrap();
        }
        let mut w = store.begin(&lead).await.unwrap();
        let e = w.save_covenant(bloc, "Khác", "Khác", on).await.unwrap_err();
        assert!(msg(&e).contains("Đã có đơn vị ký"), "{}", msg(&e));
        drop(w);
        let members = store.bloc_members(bloc).await.unwrap();
        assert!(members.iter().all(|m| m.signed_at.is_some()));
        assert_eq!(
            members
                .iter()
                .find(|m| m.unit_id == c)
                .unwrap()
                .signed_by
                .as_deref(),
            Some("Giám đốc Sở")
        );

        // The table from Excel: a bad cell, then a total that does not add up,
        // are refused whole; the good sheet replaces the (empty) table.
        let base = tdkt_tests::http::serve(store.clone(), tdkt_tests::http::config()).await;
        let (client, csrf) = login(&base, "a_office").await;
        let url = format!("{base}/khoi-thi-dua/{bloc}/bang-diem/nhap");
        let r = upload(
            &client,
            url.clone(),
            &csrf,
            &[],
            "bang-diem.xlsx",
            table_sheet("ba mươi"),
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = r.text().await.unwrap();
        assert!(
            body.contains("«ba mươi»") && body.contains("dòng 6") && body.contains("cột C"),
            "{body}"
        );
        let r = upload(
            &client,
            url.clone(),
            &csrf,
            &[],
            "bang-diem.xlsx",
            table_sheet("20"),
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = r.text().await.unwrap();
        assert!(
            body.contains("cộng lại là 90") && body.contains("(100)"),
            "{body}"
        );
        let b0 = store.bloc(bloc).await.unwrap();
        assert!(store.score_table(&b0).await.unwrap().table.items.is_empty());
        let r = upload(
            &client,
            url.clone(),
            &csrf,
            &[],
            "bang-diem.xlsx",
            table_sheet("30"),
        )
        .await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{}",
            r.text().await.unwrap()
        );
        let t = store.score_table(&b0).await.unwrap();
        assert_eq!(t.table.items.len(), 5);
        assert_eq!(t.table.criteria_max(), Points::whole(100));
        let id = |code: &str| t.id_of(code).unwrap();

        // Nobody scores before the table is fixed; only the leader fixes it.
        let mut w = store.begin(&member).await.unwrap();
        let e = w
            .save_own_scores(
                bloc,
                c,
                &[ScoreInput {
                    item_id: id("1"),
                    points: Some(Points::whole(40)),
                    note: String::new(),
                }],
            )
            .await
            .unwrap_err();
        assert!(msg(&e).contains("chưa bắt đầu chấm"));
        assert!(matches!(w.start_scoring(bloc).await, Err(Error::Forbidden)));
        drop(w);
        let mut w = store.begin(&lead).await.unwrap();
        w.start_scoring(bloc).await.unwrap();
        w.commit().await.unwrap();
        let mut w = store.begin(&lead).await.unwrap();
        assert!(msg(&w.replace_score_table(bloc, &t.table).await.unwrap_err()).contains("đã chốt"));
        drop(w);

        // Self-scoring: within the maximum, reasons for a bonus, own unit only.
        let s = |code: &str, p: i64, note: &str| ScoreInput {
            item_id: id(code),
            points: Some(Points(p)),
            note: note.into(),
        };
        let mut w = store.begin(&member).await.unwrap();
        let e = w
            .save_own_scores(bloc, c, &[s("1", 4050, "")])
            .await
            .unwrap_err();
        assert!(msg(&e).contains("vượt điểm tối đa 40"), "{}", msg(&e));
        let e = w
            .save_own_scores(bloc, c, &[s("T1", 1500, " ")])
            .await
            .unwrap_err();
        assert!(msg(&e).contains("phải ghi lý do"));
        let e = w
            .save_own_scores(bloc, b, &[s("1", 4000, "")])
            .await
            .unwrap_err();
        assert!(msg(&e).contains("chỉ tự chấm điểm của mình"));
        w.save_own_scores(bloc, c, &[s("1", 3800, "Báo cáo số 12"), s("2", 2950, "")])
            .await
            .unwrap();
        let e = w.submit_scores(bloc, c).await.unwrap_err();
        assert!(msg(&e).contains("mục 3"), "{}", msg(&e));
        w.save_own_scores(
            bloc,
            c,
            &[s("3", 3000, ""), s("T1", 1500, "Cờ Chính phủ 2025")],
        )
        .await
        .unwrap();
        w.submit_scores(bloc, c).await.unwrap();
        w.commit().await.unwrap();
        let mut w = store.begin(&member).await.unwrap();
        assert!(
            msg(&w
                .save_own_scores(bloc, c, &[s("1", 4000, "")])
                .await
                .unwrap_err())
            .contains("đã gửi")
        );
        drop(w);
        // A and B reach the same total: 95.
        for (who, unit, one) in [(&lead, a, 4000), (&deputy, b, 4000)] {
            let mut w = store.begin(who).await.unwrap();
            w.save_own_scores(
                bloc,
                unit,
                &[s("1", one, ""), s("2", 2500, ""), s("3", 3000, "")],
            )
            .await
            .unwrap();
            w.submit_scores(bloc, unit).await.unwrap();
            w.commit().await.unwrap();
        }

        // Cross-scoring: the leader assesses the others, the deputy the leader.
        let mut w = store.begin(&lead).await.unwrap();
        assert!(
            msg(&w
                .save_assessed_scores(bloc, a, &[s("1", 3900, "")])
                .await
                .unwrap_err())
            .contains("không tự thẩm định")
        );
        w.save_assessed_scores(bloc, c, &[s("T1", 0, "Chưa có quyết định tặng Cờ")])
            .await
            .unwrap();
        assert!(msg(&w.return_scores(bloc, b, " ").await.unwrap_err()).contains("lý do"));
        w.commit().await.unwrap();
        let mut w = store.begin(&member).await.unwrap();
        assert!(matches!(
            w.save_assessed_scores(bloc, a, &[s("1", 3900, "")]).await,
            Err(Error::Forbidden)
        ));
        drop(w);
        let mut w = store.begin(&deputy).await.unwrap();
        w.save_assessed_scores(bloc, a, &[s("1", 4000, "Đúng")])
            .await
            .unwrap();
        w.commit().await.unwrap();

        let edits = store.score_edits(bloc, c).await.unwrap();
        let t1: Vec<_> = edits.iter().filter(|e| e.item_code == "T1").collect();
        assert_eq!(t1.len(), 2, "own and assessed");
        assert_eq!(
            (t1[0].stage.as_str(), t1[0].old_points, t1[0].new_points),
            ("assessed", None, Some(0))
        );

        // Ranking: C 97,5 after assessment; A and B 95, A first by the women rule.
        let st = store
            .bloc_standing(&store.bloc(bloc).await.unwrap(), WOMEN)
            .await
            .unwrap();
        let order: Vec<(i64, u32, String)> = st
            .members
            .iter()
            .map(|m| (m.member.unit_id, m.place.rank, m.tally.total.to_string()))
            .collect();
        assert_eq!(
            order,
            vec![
                (c, 1, "97,5".into()),
                (a, 2, "95".into()),
                (b, 3, "95".into())
            ]
        );
        assert_eq!(st.members[1].place.tie, TieBreak::Women);
        assert_eq!(st.members[0].differences, 1);
        let codes: Vec<(i64, &str)> = st
            .proposals
            .iter()
            .map(|p| (p.unit_id, p.award.award_code()))
            .collect();
        assert_eq!(codes, vec![(c, "CO_TINH"), (a, "BK_TINH"), (b, "BK_TINH")]);

        // Publication waits for the meeting and its votes.
        let mut w = store.begin(&lead).await.unwrap();
        let e = w.publish_bloc(bloc, WOMEN).await.unwrap_err();
        assert!(msg(&e).contains("cuộc họp"), "{}", msg(&e));
        drop(w);
        let mut w = store.begin(&lead).await.unwrap();
        let on = chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
        let e = w
            .save_bloc_meeting(
                bloc,
                &Meeting {
                    on,
                    place: String::new(),
                    present: 4,
                    notes: String::new(),
                },
            )
            .await
            .unwrap_err();
        assert!(msg(&e).contains("từ 1 đến 3"));
        w.save_bloc_meeting(
            bloc,
            &Meeting {
                on,
                place: "Hội trường".into(),
                present: 3,
                notes: String::new(),
            },
        )
        .await
        .unwrap();
        w.commit().await.unwrap();
        let mut w = store.begin(&lead).await.unwrap();
        assert!(
            msg(&w
                .record_proposal_votes(bloc, &[(c, 4)], WOMEN)
                .await
                .unwrap_err())
            .contains("từ 0 đến 3")
        );
        w.record_proposal_votes(bloc, &[(c, 3), (a, 2), (b, 1)], WOMEN)
            .await
            .unwrap();
        w.publish_bloc(bloc, WOMEN).await.unwrap();
        w.commit().await.unwrap();
        let published = store.bloc(bloc).await.unwrap();
        assert_eq!(published.stage(), Stage::Published);
        let st = store.bloc_standing(&published, WOMEN).await.unwrap();
        assert_eq!(
            st.proposals.iter().map(|p| p.carried).collect::<Vec<_>>(),
            vec![Some(true), Some(true), Some(false)]
        );
        let standings = store.bloc_standings_of(c).await.unwrap();
        assert_eq!(
            (standings[0].rank, standings[0].size, standings[0].year),
            (Some(1), 3, 2026)
        );

        // Locked: no score, member or programme change; reopening needs a reason.
        let mut w = store.begin(&lead).await.unwrap();
        assert!(
            msg(&w
                .save_assessed_scores(bloc, b, &[s("1", 3000, "")])
                .await
                .unwrap_err())
            .contains("khóa")
        );
        drop(w);
        let mut w = store.begin(&admin).await.unwrap();
        assert!(
            msg(&w
                .put_bloc_member(bloc, c, "leader", None)
                .await
                .unwrap_err())
            .contains("không đổi thành viên")
        );
        drop(w);
        let mut w = store.begin(&member).await.unwrap();
        assert!(matches!(
            w.reopen_bloc(bloc, "Sửa điểm thẩm định mục 1").await,
            Err(Error::Forbidden)
        ));
        drop(w);
        let mut w = store.begin(&lead).await.unwrap();
        assert!(msg(&w.reopen_bloc(bloc, "sửa").await.unwrap_err()).contains("lý do"));
        w.reopen_bloc(bloc, "Sở B khiếu nại điểm mục 2, khối xem lại")
            .await
            .unwrap();
        w.commit().await.unwrap();
        assert_eq!(store.bloc(bloc).await.unwrap().stage(), Stage::Scoring);
        assert!(store.bloc_standings_of(c).await.unwrap().is_empty());
        // The bloc votes again on what it corrects.
        let reopened = store.bloc(bloc).await.unwrap();
        let st = store.bloc_standing(&reopened, WOMEN).await.unwrap();
        assert!(st.proposals.iter().all(|p| p.agree.is_none()));
        let re = store.bloc_reopenings(bloc).await.unwrap();
        assert_eq!(re.len(), 1);
        assert!(re[0].reason.contains("khiếu nại"));

        // The pages read it back for a member office.
        let (client, _) = login(&base, "c_office").await;
        let page = client
            .get(format!("{base}/khoi-thi-dua/{bloc}/xep-hang"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("97,5") && page.contains("ưu tiên tập thể có tỷ lệ nữ"),
            "{page}"
        );
        assert!(!page.contains("/cong-bo"), "a member cannot publish");
        let r = client
            .get(format!("{base}/khoi-thi-dua/{bloc}/bien-ban.docx"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
);
