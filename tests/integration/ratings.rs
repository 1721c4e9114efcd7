//! Annual ratings over HTTP: a department's clerk rates its people on the
//! unit's page and from the personnel office's sheet; the Office rates the
//! collectives; bad lines refuse the whole change — on both databases.

use reqwest::StatusCode;
use tdkt_domain::auth::Role;
use tdkt_store::history::Subject;
use tdkt_store::{Actor, Store};
use tdkt_tests::http::{login, upload};
use tdkt_tests::{on_both, seed};

struct App {
    base: String,
    store: Store,
    dept: i64,
    people: Vec<i64>,
    outsider: i64,
}

async fn spawn(store: Store) -> App {
    let sys = Actor::system("test");
    let levels = store.levels().await.unwrap();
    let mut w = store.begin(&sys).await.unwrap();
    let agency = seed::agency(&mut w, &levels, "BDT", "Ban Dân tộc", None, "so-nganh").await;
    let dept = seed::department(&mut w, &levels, "PCS", "Phòng Chính sách", agency).await;
    let other = seed::department(&mut w, &levels, "VP", "Văn phòng", agency).await;
    let mut people = Vec::new();
    for (code, name, unit) in [
        ("P1", "Lê Văn Một", dept),
        ("P2", "Trần Thị Hai", dept),
        ("P3", "Hồ Văn Ba", dept),
        ("V1", "Đỗ Văn Khác", other),
    ] {
        people.push(seed::person(&mut w, code, name, unit, "01/01/2010").await);
    }
    let outsider = people.pop().unwrap();
    seed::accounts(
        &mut w,
        &[
            ("vanphong", Role::Secretariat, agency),
            ("canbo", Role::UnitClerk, dept),
            ("xem", Role::Viewer, agency),
        ],
    )
    .await;
    w.commit().await.unwrap();
    App {
        base: tdkt_tests::http::serve(store.clone(), tdkt_tests::http::config()).await,
        store,
        dept,
        people,
        outsider,
    }
}

async fn rating_of(store: &Store, s: Subject, year: i64) -> Option<String> {
    store
        .history(s)
        .await
        .unwrap()
        .ratings
        .into_iter()
        .find(|r| r.year == year)
        .map(|r| r.rating)
}

on_both!(ratings_by_form_and_by_sheet, |store: Store| async move {
    let app = spawn(store).await;
    let (p1, p2, p3) = (app.people[0], app.people[1], app.people[2]);
    let url = format!("{}/don-vi/{}/xep-loai", app.base, app.dept);
    let (clerk, csrf) = login(&app.base, "canbo").await;
    // The home page sends the clerk to the unit's ratings (2025 owed in June 2026).
    let home = clerk
        .get(format!("{}/", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        home.contains(&format!("/don-vi/{}/xep-loai?nam=2025", app.dept)),
        "{home}"
    );
    let page = clerk
        .get(format!("{url}?nam=2025"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Lê Văn Một") && page.contains("0</strong> trên 3"),
        "{page}"
    );
    assert!(!page.contains("Đỗ Văn Khác"));
    assert!(!page.contains("name=\"dv_"), "collectives are the Office's");

    let post = |pairs: Vec<(String, String)>| {
        let c = clerk.clone();
        let url = url.clone();
        async move { c.post(url).form(&pairs).send().await.unwrap() }
    };
    let form = |extra: &[(String, &str)]| -> Vec<(String, String)> {
        let mut v = vec![
            ("csrf".to_string(), csrf.clone()),
            ("nam".to_string(), "2025".to_string()),
        ];
        v.extend(extra.iter().map(|(k, val)| (k.clone(), val.to_string())));
        v
    };
    let r = post(form(&[
        (format!("xl_{p1}"), "HTT"),
        (format!("xl_{p2}"), "HTXS"),
        (format!("xl_{p3}"), ""),
    ]))
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        rating_of(&app.store, Subject::Person(p1), 2025)
            .await
            .as_deref(),
        Some("HTT")
    );
    assert_eq!(
        rating_of(&app.store, Subject::Person(p2), 2025)
            .await
            .as_deref(),
        Some("HTXS")
    );
    assert_eq!(rating_of(&app.store, Subject::Person(p3), 2025).await, None);

    // Someone of another unit, a made-up code, a collective: refused whole.
    for bad in [
        form(&[
            (format!("xl_{p1}"), "KHT"),
            (format!("xl_{}", app.outsider), "HTT"),
        ]),
        form(&[(format!("xl_{p1}"), "KHT"), (format!("xl_{p2}"), "GIOI")]),
        form(&[
            (format!("xl_{p1}"), "KHT"),
            (format!("dv_{}", app.dept), "HTXS"),
        ]),
    ] {
        let r = post(bad).await;
        assert!(
            [StatusCode::UNPROCESSABLE_ENTITY, StatusCode::FORBIDDEN].contains(&r.status()),
            "{}",
            r.status()
        );
        let body = r.text().await.unwrap();
        assert!(
            body.contains("không có thay đổi nào được ghi") || body.contains("quyền"),
            "{body}"
        );
        assert_eq!(
            rating_of(&app.store, Subject::Person(p1), 2025)
                .await
                .as_deref(),
            Some("HTT")
        );
    }
    assert_eq!(
        rating_of(&app.store, Subject::Unit(app.dept), 2025).await,
        None
    );

    // Cleared.
    let r = post(form(&[(format!("xl_{p2}"), "")])).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(rating_of(&app.store, Subject::Person(p2), 2025).await, None);

    // The personnel office's sheet: names without codes, full wording. A bad line
    // (unknown person, unknown rating) refuses the file with its row and column.
    let bad = tdkt_tests::http::sheet(
        "Xếp loại",
        &[
            &["DANH SÁCH XẾP LOẠI"],
            &[],
            &["STT", "Họ và tên", "Chức vụ", "Kết quả xếp loại"],
            &[
                "1",
                "Lê Văn Một",
                "Chuyên viên",
                "Hoàn thành xuất sắc nhiệm vụ",
            ],
            &["2", "Nguyễn Không Có", "Chuyên viên", "HTT"],
            &["3", "Hồ Văn Ba", "Chuyên viên", "Giỏi"],
        ],
    );
    let r = upload(
        &clerk,
        format!("{url}/tai-len?nam=2025"),
        &csrf,
        &[("nam", "2025".into())],
        "xl.xlsx",
        bad,
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("dòng 5") && body.contains("Nguyễn Không Có"),
        "{body}"
    );
    assert!(body.contains("dòng 6") && body.contains("Giỏi"), "{body}");
    assert_eq!(
        rating_of(&app.store, Subject::Person(p1), 2025)
            .await
            .as_deref(),
        Some("HTT")
    );

    let good = tdkt_tests::http::sheet(
        "Xếp loại",
        &[
            &["STT", "Họ và tên", "Chức vụ", "Kết quả xếp loại"],
            &[
                "1",
                "le van mot",
                "Chuyên viên",
                "Hoàn thành xuất sắc nhiệm vụ",
            ],
            &["2", "Trần Thị Hai", "Chuyên viên", ""],
            &["3", "Hồ Văn Ba", "Chuyên viên", "HT"],
        ],
    );
    let r = upload(
        &clerk,
        format!("{url}/tai-len?nam=2025"),
        &csrf,
        &[("nam", "2025".into())],
        "xl.xlsx",
        good,
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    assert_eq!(
        rating_of(&app.store, Subject::Person(p1), 2025)
            .await
            .as_deref(),
        Some("HTXS")
    );
    assert_eq!(rating_of(&app.store, Subject::Person(p2), 2025).await, None);
    assert_eq!(
        rating_of(&app.store, Subject::Person(p3), 2025)
            .await
            .as_deref(),
        Some("HT")
    );

    // The template lists the unit's people with what is recorded.
    let bytes = clerk
        .get(format!("{url}/mau.xlsx?nam=2025"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let (_, rows, problems) =
        tdkt_documents::rating_sheet::read_ratings(&bytes, &Default::default()).unwrap();
    assert!(problems.is_empty());
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.code.as_str(), r.rating.code()))
        .collect();
    assert_eq!(got.len(), 2);
    assert!(
        got.contains(&("P1", "HTXS")) && got.contains(&("P3", "HT")),
        "{got:?}"
    );

    // Every change is in the log with what it replaced.
    let filter = tdkt_store::audit::AuditFilter {
        entity: Some("rating".into()),
        per_page: 100,
        ..Default::default()
    };
    let log = app
        .store
        .audit_log(&Actor::system("test"), &filter)
        .await
        .unwrap()
        .items;
    assert!(
        log.iter()
            .any(|e| e.entity == "rating"
                && e.old_value.as_deref().is_some_and(|o| o.contains("HTT"))),
        "{log:?}"
    );

    // The Office rates the department as a collective; a viewer rates nothing.
    let (office, ocsrf) = login(&app.base, "vanphong").await;
    let r = office
        .post(&url)
        .form(&[
            ("csrf", ocsrf.as_str()),
            ("nam", "2025"),
            (&format!("dv_{}", app.dept), "HTXS"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        rating_of(&app.store, Subject::Unit(app.dept), 2025)
            .await
            .as_deref(),
        Some("HTXS")
    );
    let (viewer, vcsrf) = login(&app.base, "xem").await;
    let r = viewer
        .post(&url)
        .form(&[
            ("csrf", vcsrf.as_str()),
            ("nam", "2025"),
            (&format!("xl_{p1}"), "KHT"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        rating_of(&app.store, Subject::Person(p1), 2025)
            .await
            .as_deref(),
        Some("HTXS")
    );
});

on_both!(
    disciplines_matters_and_leaves_on_the_profile,
    |store: Store| async move {
        let app = spawn(store).await;
        let p1 = app.people[0];
        let url = format!("{}/can-bo/{p1}/lich-su", app.base);
        let (office, csrf) = login(&app.base, "vanphong").await;
        // A leave without its end, a discipline of an unknown form, a matter in the future: refused.
        for bad in [
            vec![
                ("loai", "nghi"),
                ("kind", "thai-san"),
                ("from", "01/03/2026"),
            ],
            vec![
                ("loai", "ky-luat"),
                ("kind", "phat-tien"),
                ("from", "01/03/2026"),
            ],
            vec![
                ("loai", "vu-viec"),
                ("kind", "thanh-tra"),
                ("from", "01/01/2027"),
            ],
            vec![
                ("loai", "nghi"),
                ("kind", "dao-tao"),
                ("from", "01/03/2026"),
                ("to", "01/02/2026"),
            ],
        ] {
            let mut form = vec![("csrf", csrf.as_str())];
            form.extend(bad);
            let r = office.post(&url).form(&form).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
            assert!(
                r.text()
                    .await
                    .unwrap()
                    .contains("không có thay đổi nào được ghi")
            );
        }
        for form in [
            vec![
                ("loai", "nghi"),
                ("kind", "thai-san"),
                ("from", "01/01/2025"),
                ("to", "30/06/2025"),
            ],
            vec![
                ("loai", "ky-luat"),
                ("kind", "khien-trach"),
                ("from", "15/02/2026"),
                ("to", "15/02/2027"),
            ],
            vec![
                ("loai", "vu-viec"),
                ("kind", "thanh-tra"),
                ("from", "01/06/2026"),
            ],
        ] {
            let mut f = vec![("csrf", csrf.as_str())];
            f.extend(form);
            let r = office.post(&url).form(&f).send().await.unwrap();
            assert_eq!(
                r.status(),
                StatusCode::SEE_OTHER,
                "{}",
                r.text().await.unwrap()
            );
        }
        let h = app.store.rules_history(p1).await.unwrap();
        assert_eq!(
            (h.leaves.len(), h.disciplines.len(), h.proceedings.len()),
            (1, 1, 1)
        );
        let page = office
            .get(format!("{}/can-bo/{p1}", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Đang thanh tra, kiểm tra") && page.contains("đang xem xét"),
            "{page}"
        );
        // A department's clerk does not record them.
        let (clerk, ccsrf) = login(&app.base, "canbo").await;
        let r = clerk
            .post(&url)
            .form(&[
                ("csrf", ccsrf.as_str()),
                ("loai", "vu-viec"),
                ("kind", "to-cao"),
                ("from", "01/06/2026"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
);
