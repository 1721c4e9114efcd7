//! Initiatives over HTTP: a department's clerk enters one with two authors,
//! its head submits it by the plan's deadline, the Office returns it, it is
//! completed and put to the initiative council, recognised at the base level,
//! then at the province's; its use for an award is recorded once and a second,
//! forbidden use is refused — on both databases.

use reqwest::StatusCode;
use tdkt_domain::auth::Role;
use tdkt_store::{Actor, Store};
use tdkt_tests::http::{id_in, location, login, post_form};
use tdkt_tests::{on_both, seed};

struct App {
    base: String,
    store: Store,
    dept: i64,
}

async fn spawn(store: Store) -> App {
    let sys = Actor::system("test");
    let levels = store.levels().await.unwrap();
    let mut w = store.begin(&sys).await.unwrap();
    let agency = seed::agency(&mut w, &levels, "BDT", "Ban Dân tộc", None, "so-nganh").await;
    let dept = seed::department(&mut w, &levels, "PCS", "Phòng Chính sách", agency).await;
    let other = seed::department(&mut w, &levels, "VP", "Văn phòng", agency).await;
    for (code, name, unit) in [
        ("P1", "Lê Văn Một", dept),
        ("P2", "Trần Thị Hai", dept),
        ("V1", "Đỗ Văn Khác", other),
    ] {
        seed::person(&mut w, code, name, unit, "01/01/2010").await;
    }
    seed::accounts(
        &mut w,
        &[
            ("vanphong", Role::Secretariat, agency),
            ("canbo", Role::UnitClerk, dept),
            ("truongphong", Role::UnitHead, dept),
        ],
    )
    .await;
    w.commit().await.unwrap();
    App {
        base: tdkt_tests::http::serve(store.clone(), tdkt_tests::http::config()).await,
        store,
        dept,
    }
}

/// The Office publishes a 2026 plan whose initiative deadline is `due`.
async fn plan(app: &App, office: &reqwest::Client, csrf: &str, due: &str) -> i64 {
    let agency = app
        .store
        .unit(app.dept)
        .await
        .unwrap()
        .parent_id
        .unwrap()
        .to_string();
    let r = office
        .post(format!("{}/ke-hoach/moi", app.base))
        .form(&[
            ("csrf", csrf),
            ("unit_id", agency.as_str()),
            ("movement_id", ""),
            ("year", "2026"),
            ("title", "Phát động thi đua năm 2026"),
            ("purpose", "- Tạo không khí thi đua"),
            ("content", "1. Đăng ký thi đua"),
            ("organisation", "1. Các phòng gửi đăng ký"),
            ("registration_due", "30/06/2026"),
            ("initiative_due", due),
            ("recipients", "- Các Phòng thuộc Ban"),
            ("signer", "Đặng Văn Tuấn"),
            ("signer_position", "TRƯỞNG BAN"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let id = id_in(&location(&r), "/ke-hoach/");
    let r = office
        .post(format!("{}/ke-hoach/{id}/ban-hanh", app.base))
        .form(&[("csrf", csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    id
}

on_both!(
    initiative_from_entry_to_province,
    |store: Store| async move {
        let app = spawn(store).await;
        let (office, ocsrf) = login(&app.base, "vanphong").await;
        let plan_id = plan(&app, &office, &ocsrf, "01/11/2026").await.to_string();
        let (clerk, ccsrf) = login(&app.base, "canbo").await;
        let dept = app.dept.to_string();
        let form = |title: &str, shares: (&str, &str), benefit: &str| -> Vec<(String, String)> {
            [
                ("csrf", ccsrf.as_str()),
                ("unit_id", dept.as_str()),
                ("plan_id", plan_id.as_str()),
                ("year", ""),
                ("title", title),
                ("category", "sang-kien"),
                ("description", "Quét, lập chỉ mục hồ sơ chính sách"),
                ("applied_at", "Phòng Chính sách"),
                ("benefit", benefit),
                ("ma_1", "P1"),
                ("tl_1", shares.0),
                ("ma_2", "p2"),
                ("tl_2", shares.1),
            ]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
        };
        // Shares that do not add up, an author nobody knows: refused, nothing created.
        let r = clerk
            .post(format!("{}/sang-kien/moi", app.base))
            .form(&form("Số hóa hồ sơ", ("60", "30"), ""))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("90%"));
        let mut bad = form("Số hóa hồ sơ", ("", ""), "");
        bad.push(("ma_3".into(), "KHONGCO".into()));
        let r = clerk
            .post(format!("{}/sang-kien/moi", app.base))
            .form(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("KHONGCO"));
        let list = clerk
            .get(format!("{}/sang-kien?nam=tat-ca", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(list.contains("Chưa có sáng kiến"), "{list}");

        // A draft without its benefit is kept; it cannot be submitted yet.
        let r = clerk
            .post(format!("{}/sang-kien/moi", app.base))
            .form(&form("Số hóa hồ sơ chính sách dân tộc", ("70", "30"), ""))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{}",
            r.text().await.unwrap()
        );
        let id = id_in(&location(&r), "/sang-kien/");
        let url = format!("{}/sang-kien/{id}", app.base);
        let page = clerk.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(
            page.contains("SK-2026-001") && page.contains("Trần Thị Hai") && page.contains("70%"),
            "{page}"
        );
        let (head, hcsrf) = login(&app.base, "truongphong").await;
        let (s, body) = post_form(
            &head,
            &format!("{url}/thao-tac"),
            &[("csrf", &hcsrf), ("action", "nop")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("hiệu quả, lợi ích"), "{body}");

        // Completed, submitted by the head; the Office returns it, it is fixed and resubmitted.
        let r = clerk
            .post(format!("{url}/sua"))
            .form(&form(
                "Số hóa hồ sơ chính sách dân tộc",
                ("70", "30"),
                "Tra cứu nhanh gấp 5 lần",
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{}",
            r.text().await.unwrap()
        );
        let (s, _) = post_form(
            &head,
            &format!("{url}/thao-tac"),
            &[("csrf", &hcsrf), ("action", "nop")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        // The clerk may not judge it; the Office must give a reason to return it.
        let (s, _) = post_form(
            &clerk,
            &format!("{url}/thao-tac"),
            &[("csrf", &ccsrf), ("action", "dua-ra-xet")],
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, body) = post_form(
            &office,
            &format!("{url}/thao-tac"),
            &[("csrf", &ocsrf), ("action", "tra-lai")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (s, _) = post_form(
            &office,
            &format!("{url}/thao-tac"),
            &[
                ("csrf", &ocsrf),
                ("action", "tra-lai"),
                ("note", "Bổ sung số liệu hiệu quả"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let page = clerk.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Bổ sung số liệu hiệu quả"));
        let (s, _) = post_form(
            &head,
            &format!("{url}/thao-tac"),
            &[("csrf", &hcsrf), ("action", "nop")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);

        // Not recognised before the council has it; then recognised at the base level.
        let recognise = [
            ("csrf", ocsrf.as_str()),
            ("action", "cong-nhan"),
            ("decision_number", "45/QĐ-BDT"),
            ("decided_on", "10/06/2026"),
            ("issuer", "Ban Dân tộc"),
            ("effect_confirmed", "on"),
        ];
        let (s, _) = post_form(&office, &format!("{url}/thao-tac"), &recognise).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, _) = post_form(
            &office,
            &format!("{url}/thao-tac"),
            &[("csrf", &ocsrf), ("action", "dua-ra-xet")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let mut future = recognise;
        future[3] = ("decided_on", "10/07/2026");
        let (s, body) = post_form(&office, &format!("{url}/thao-tac"), &future).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (s, _) = post_form(&office, &format!("{url}/thao-tac"), &recognise).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let p1 = app
            .store
            .rules_history(id_of(&app.store, "P1").await)
            .await
            .unwrap();
        assert_eq!(p1.initiatives.len(), 1, "the engine now sees it");
        assert!(p1.initiatives[0].effect_confirmed);

        // The province's recognition comes back; a lower or earlier one is refused.
        let higher = |level: &'static str, date: &'static str| {
            vec![
                ("csrf", ocsrf.clone()),
                ("action", "cap-tren".to_string()),
                ("level", level.to_string()),
                ("decision_number", "1234/QĐ-UBND".to_string()),
                ("decided_on", date.to_string()),
                ("issuer", "UBND tỉnh Khánh Hòa".to_string()),
            ]
        };
        let r = office
            .post(format!("{url}/thao-tac"))
            .form(&higher("tinh", "01/06/2026"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let r = office
            .post(format!("{url}/thao-tac"))
            .form(&higher("tinh", "14/06/2026"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let page = office.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(
            page.contains("1234/QĐ-UBND")
                && page.contains("45/QĐ-BDT")
                && page.contains("Cấp tỉnh"),
            "{page}"
        );

        // Its use for CSTĐCS 2026 is recorded; a form of award may not reuse it.
        let (s, _) = post_form(
            &office,
            &format!("{url}/su-dung"),
            &[("csrf", &ocsrf), ("award", "CSTDCS"), ("year", "2026")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (s, body) = post_form(
            &office,
            &format!("{url}/su-dung"),
            &[("csrf", &ocsrf), ("award", "BK_TINH"), ("year", "2026")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("chỉ làm căn cứ một lần"), "{body}");
        let p1 = app
            .store
            .rules_history(id_of(&app.store, "P1").await)
            .await
            .unwrap();
        assert_eq!(p1.initiatives[0].used_for.len(), 1);

        // Every step is on the page with who did it.
        for step in [
            "Nộp",
            "Trả lại để bổ sung",
            "Đưa ra Hội đồng sáng kiến",
            "Công nhận",
            "Ghi nhận công nhận cấp tỉnh",
        ] {
            assert!(page.contains(step), "{step}");
        }
    }
);

on_both!(
    initiatives_after_the_deadline_need_an_extension,
    |store: Store| async move {
        let app = spawn(store).await;
        let (office, ocsrf) = login(&app.base, "vanphong").await;
        // TODAY is 15/06/2026: the deadline has passed.
        let plan_id = plan(&app, &office, &ocsrf, "01/06/2026").await.to_string();
        let (head, hcsrf) = login(&app.base, "truongphong").await;
        let dept = app.dept.to_string();
        let r = head
            .post(format!("{}/sang-kien/moi", app.base))
            .form(&[
                ("csrf", hcsrf.as_str()),
                ("unit_id", dept.as_str()),
                ("plan_id", plan_id.as_str()),
                ("title", "Sổ tay chính sách"),
                ("category", "sang-kien"),
                ("description", "d"),
                ("applied_at", "a"),
                ("benefit", "b"),
                ("ma_1", "P1"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let id = id_in(&location(&r), "/sang-kien/");
        let url = format!("{}/sang-kien/{id}/thao-tac", app.base);
        let (s, body) = post_form(&head, &url, &[("csrf", &hcsrf), ("action", "nop")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Đã quá hạn nộp sáng kiến"), "{body}");
        let (s, _) = post_form(
            &office,
            &url,
            &[
                ("csrf", &ocsrf),
                ("action", "gia-han"),
                ("extend_to", "20/06/2026"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (s, _) = post_form(&head, &url, &[("csrf", &hcsrf), ("action", "nop")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        // An author from outside the clerk's unit is not in the clerk's sight.
        let (clerk, ccsrf) = login(&app.base, "canbo").await;
        let r = clerk
            .post(format!("{}/sang-kien/moi", app.base))
            .form(&[
                ("csrf", ccsrf.as_str()),
                ("unit_id", dept.as_str()),
                ("year", "2026"),
                ("title", "Khác"),
                ("category", "de-tai"),
                ("ma_1", "V1"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
);

async fn id_of(store: &Store, code: &str) -> i64 {
    store.person_id_by_code(code).await.unwrap().unwrap()
}
