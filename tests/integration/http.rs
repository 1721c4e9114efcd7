//! HTTP tests through the real router on a real port: login, sessions,
//! CSRF, scoping, pages, import, the JSON API — on both databases.

use reqwest::StatusCode;
use tdkt_domain::auth::Role;
use tdkt_domain::org::PersonInput;
use tdkt_store::{Actor, Store};
use tdkt_tests::http::{client, csrf_of, login_csrf, send_file};
use tdkt_tests::on_both;
use tdkt_tests::seed;

struct App {
    base: String,
    store: Store,
    vp: i64,
    cs: i64,
}

async fn seed(store: &Store) -> (i64, i64, i64) {
    let sys = Actor::system("test");
    let levels = store.levels().await.unwrap();
    let mut w = store.begin(&sys).await.unwrap();
    let root = seed::agency(&mut w, &levels, "BDT", "Ban Dân tộc", None, "so-nganh").await;
    let vp = seed::department(&mut w, &levels, "VP", "Văn phòng", root).await;
    let cs = seed::department(&mut w, &levels, "CS", "Phòng Chính sách", root).await;
    for (code, name, unit) in [
        ("NV1", "Nguyễn Văn An", vp),
        ("NV2", "Trần Thị Bình", cs),
        ("NV3", "Lê Đức Cường", cs),
    ] {
        seed::person(&mut w, code, name, unit, "").await;
    }
    seed::accounts(
        &mut w,
        &[
            ("admin", Role::Admin, root),
            ("clerk", Role::UnitClerk, vp),
            ("viewer", Role::Viewer, root),
        ],
    )
    .await;
    w.commit().await.unwrap();
    (root, vp, cs)
}

async fn spawn(store: Store) -> App {
    let (_, vp, cs) = seed(&store).await;
    let config = tdkt_web::WebConfig {
        max_upload_bytes: 200_000,
        ..tdkt_tests::http::config()
    };
    App {
        base: tdkt_tests::http::serve(store.clone(), config).await,
        store,
        vp,
        cs,
    }
}

on_both!(login_csrf_and_sessions, |store: Store| async move {
    let app = spawn(store).await;
    let c = client();
    // Pages need a session.
    let r = c.get(format!("{}/can-bo", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/dang-nhap")
    );
    // Health.
    assert_eq!(
        c.get(format!("{}/healthz", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    // Login without the form's token is refused.
    let r = c
        .post(format!("{}/dang-nhap", app.base))
        .form(&[
            ("csrf", "x"),
            ("username", "admin"),
            ("password", "mat-khau-dai"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Wrong password: Vietnamese message.
    let page = c
        .get(format!("{}/dang-nhap", app.base))
        .send()
        .await
        .unwrap();
    assert!(
        page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    let page = page.text().await.unwrap();
    assert!(page.contains("<html lang=\"vi\">"));
    let token = csrf_of(&page);
    let r = c
        .post(format!("{}/dang-nhap", app.base))
        .form(&[
            ("csrf", token.as_str()),
            ("username", "admin"),
            ("password", "sai-mat-khau"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Tên đăng nhập hoặc mật khẩu không đúng")
    );

    let (c, csrf) = login_as(&app, "admin").await;
    let set = c.get(format!("{}/", app.base)).send().await.unwrap();
    assert_eq!(set.status(), StatusCode::OK);
    // The home page greets the account and counts what its scope holds:
    // three units, three people; its tasks are those of the fixed today
    // (15/06/2026: the 2025 ratings are due).
    let home = set.text().await.unwrap();
    assert!(home.contains("Xin chào, admin"), "{home}");
    assert!(home.contains("Quản trị hệ thống"), "the role: {home}");
    assert!(
        home.contains("<dt>Đơn vị đang hoạt động</dt><dd>3</dd>")
            && home.contains("<dt>Cán bộ, người lao động</dt><dd>3</dd>"),
        "{home}"
    );
    assert!(
        home.contains("3 người chưa có xếp loại chất lượng năm 2025")
            && home.contains("3 hồ sơ cán bộ thiếu ngày sinh"),
        "{home}"
    );
    // A form posted without the session's token changes nothing.
    let r = c
        .post(format!("{}/can-bo/moi", app.base))
        .form(&[
            ("csrf", "sai"),
            ("code", "NV9"),
            ("full_name", "Hồ Văn Chín"),
            ("gender", "nam"),
            ("staff_category", "cong-chuc"),
            ("unit_id", &app.vp.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("CSRF"));
    // A cross-site post is refused before any handler.
    let r = c
        .post(format!("{}/dang-xuat", app.base))
        .header("origin", "http://evil.example")
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // With the token: created, then visible.
    let r = c
        .post(format!("{}/can-bo/moi", app.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("code", "NV9"),
            ("full_name", "hồ văn chín"),
            ("gender", "nam"),
            ("staff_category", "cong-chuc"),
            ("unit_id", &app.vp.to_string()),
            ("birth_date", "01/02/1990"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let list = c
        .get(format!("{}/can-bo?q=ho+van+chin", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("Hồ Văn Chín"));
    assert!(list.contains("01/02/1990"));
    // A bad date is shown back on the form, in Vietnamese, and nothing is saved.
    let r = c
        .post(format!("{}/can-bo/moi", app.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("code", "NV10"),
            ("full_name", "Lê Văn Mười"),
            ("gender", "nam"),
            ("staff_category", "cong-chuc"),
            ("unit_id", &app.vp.to_string()),
            ("birth_date", "30/02/1990"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Ngày sinh «30/02/1990» không hợp lệ")
    );
    let list = c
        .get(format!("{}/can-bo?q=muoi", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!list.contains("Lê Văn Mười"));
    // Logout ends the session.
    let r = c
        .post(format!("{}/dang-xuat", app.base))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        c.get(format!("{}/can-bo", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::SEE_OTHER
    );
});

on_both!(scoped_to_units, |store: Store| async move {
    let app = spawn(store).await;
    let (c, csrf) = login_as(&app, "clerk").await;
    // The clerk's home page counts Văn phòng only.
    let home = c
        .get(format!("{}/", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        home.contains("<dt>Đơn vị đang hoạt động</dt><dd>1</dd>")
            && home.contains("<dt>Cán bộ, người lao động</dt><dd>1</dd>"),
        "{home}"
    );
    let list = c
        .get(format!("{}/can-bo", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("Nguyễn Văn An"));
    assert!(!list.contains("Trần Thị Bình"));
    // Another unit's person and unit: not found (nothing revealed).
    let api: serde_json::Value = c
        .get(format!("{}/api/people?q=binh", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["total"], 0);
    let r = c
        .get(format!("{}/don-vi/{}", app.base, app.cs))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = c
        .get(format!("{}/can-bo?don_vi={}", app.base, app.cs))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Creating in another unit is refused.
    let r = c
        .post(format!("{}/can-bo/moi", app.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("code", "NV8"),
            ("full_name", "Lý Văn Tám"),
            ("gender", "nam"),
            ("staff_category", "cong-chuc"),
            ("unit_id", &app.cs.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Clerks manage no accounts and read no audit log.
    assert_eq!(
        c.get(format!("{}/tai-khoan", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        c.get(format!("{}/nhat-ky", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    // A viewer sees all but changes nothing.
    let (v, vcsrf) = login_as(&app, "viewer").await;
    let list = v
        .get(format!("{}/can-bo", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("Trần Thị Bình"));
    let r = v
        .post(format!("{}/can-bo/moi", app.base))
        .form(&[
            ("csrf", vcsrf.as_str()),
            ("code", "NV7"),
            ("full_name", "Lý Văn Bảy"),
            ("gender", "nam"),
            ("staff_category", "cong-chuc"),
            ("unit_id", &app.vp.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Every refusal is in the access log, with who asked.
    let (a, _) = login_as(&app, "admin").await;
    let log = a
        .get(format!("{}/nhat-ky/truy-cap", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(log.matches("Từ chối truy cập").count() >= 4, "{log}");
    assert!(log.contains("clerk") && log.contains("viewer"));
});

async fn upload(
    c: &reqwest::Client,
    app: &App,
    csrf: &str,
    bytes: Vec<u8>,
) -> (StatusCode, String) {
    let url = format!("{}/nhap-can-bo", app.base);
    send_file(c, url, csrf, "ds.xlsx", bytes).await
}

on_both!(staff_import_all_or_nothing, |store: Store| async move {
    let app = spawn(store).await;
    let (c, csrf) = login_as(&app, "admin").await;
    let header: &[&str] = &[
        "STT",
        "Mã cán bộ",
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Chức vụ",
        "Đơn vị",
    ];
    let bad = tdkt_tests::http::sheet(
        "Danh sách",
        &[
            &["DANH SÁCH CÁN BỘ"],
            header,
            &[
                "1",
                "NV20",
                "Phạm Văn Hai Mươi",
                "15/03/1985",
                "Nam",
                "Chuyên viên",
                "VP",
            ],
            &[
                "2",
                "NV21",
                "Phạm Thị Hai Mốt",
                "30/02/1990",
                "Nữ",
                "Chuyên viên",
                "VP",
            ],
            &[
                "3",
                "NV22",
                "Phạm Văn Hai Hai",
                "01/01/1991",
                "Nam",
                "Chuyên viên",
                "Phòng Không Có",
            ],
            &[
                "4",
                "NV20",
                "Phạm Văn Trùng",
                "01/01/1992",
                "Nam",
                "Chuyên viên",
                "VP",
            ],
            &["5", "NV24", "", "01/01/1993", "Nữ", "Chuyên viên", "VP"],
        ],
    );
    let (status, page) = upload(&c, &app, &csrf, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("không có dữ liệu nào được ghi"), "{page}");
    assert!(page.contains("dòng 4, cột D"), "{page}");
    assert!(page.contains("dòng 7, cột C"), "{page}");
    let list = c
        .get(format!("{}/can-bo?q=pham", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!list.contains("Phạm Văn Hai Mươi"));
    // Unknown unit and duplicate code are found after the sheet parses.
    let bad2 = tdkt_tests::http::sheet(
        "Danh sách",
        &[
            header,
            &[
                "1",
                "NV20",
                "Phạm Văn Hai Mươi",
                "15/03/1985",
                "Nam",
                "Chuyên viên",
                "VP",
            ],
            &[
                "2",
                "NV22",
                "Phạm Văn Hai Hai",
                "01/01/1991",
                "Nam",
                "Chuyên viên",
                "Phòng Không Có",
            ],
        ],
    );
    let (status, page) = upload(&c, &app, &csrf, bad2).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Phòng Không Có") && page.contains("dòng 3, cột G"),
        "{page}"
    );
    let dup = tdkt_tests::http::sheet(
        "Danh sách",
        &[
            header,
            &["1", "NV20", "Phạm Văn A", "", "Nam", "", "VP"],
            &["2", "NV20", "Phạm Văn B", "", "Nam", "", "VP"],
        ],
    );
    let (status, page) = upload(&c, &app, &csrf, dup).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("trùng với dòng 2"), "{page}");
    // Not a spreadsheet.
    let (status, page) = upload(&c, &app, &csrf, b"hello".to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Không đọc được tệp"));
    // Too big.
    let (status, page) = upload(&c, &app, &csrf, vec![b'x'; 300_000]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.contains("Tệp quá lớn"), "{page}");
    // A good sheet: created, then a re-import updates.
    let good = tdkt_tests::http::sheet(
        "Danh sách",
        &[
            header,
            &[
                "1",
                "NV20",
                "Phạm Văn Hai Mươi",
                "15/03/1985",
                "Nam",
                "Chuyên viên",
                "Văn phòng",
            ],
            &["2", "NV1", "Nguyễn Văn An", "", "Nam", "Trưởng phòng", "VP"],
        ],
    );
    let (status, page) = upload(&c, &app, &csrf, good).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("thêm mới 1 người, cập nhật 1 người"),
        "{page}"
    );
    // Export lists them and reads back.
    let x = c
        .get(format!("{}/can-bo/xuat.xlsx", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), StatusCode::OK);
    let bytes = x.bytes().await.unwrap();
    let back = tdkt_documents::staff_sheet::read_staff(&bytes).unwrap();
    assert!(
        back.rows
            .iter()
            .any(|r| r.full_name == "Phạm Văn Hai Mươi" && r.position == "Chuyên viên")
    );
    assert!(
        back.rows
            .iter()
            .any(|r| r.full_name == "Nguyễn Văn An" && r.position == "Trưởng phòng")
    );
    // The audit log shows the import.
    let log = c
        .get(format!("{}/nhat-ky", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(log.contains("Nhập danh sách cán bộ từ trang «Danh sách»: thêm 1, cập nhật 1"));
});

on_both!(json_api, |store: Store| async move {
    let app = spawn(store).await;
    let anon = client();
    let r = anon
        .get(format!("{}/api/people", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "unauthenticated");
    let (c, _) = login_as(&app, "admin").await;
    let me: serde_json::Value = c
        .get(format!("{}/api/me", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = me["csrf_token"].as_str().unwrap().to_string();
    let people: serde_json::Value = c
        .get(format!("{}/api/people?q=NGUYEN", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(people["total"], 1);
    let body = serde_json::json!({"code": "NV50", "full_name": "Đỗ Thị Năm", "gender": "nu", "staff_category": "vien-chuc", "unit_id": app.vp, "birth_date": "1990-05-05"});
    let r = c
        .post(format!("{}/api/people", app.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "no CSRF header");
    let r = c
        .post(format!("{}/api/people", app.base))
        .header("x-csrf-token", &token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = c
        .post(format!("{}/api/people", app.base))
        .header("x-csrf-token", &token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let err: serde_json::Value = r.json().await.unwrap();
    assert_eq!(err["fields"][0]["field"], "code");
    let r = c
        .post(format!("{}/api/people", app.base))
        .header("x-csrf-token", &token)
        .header("content-type", "application/json")
        .body("{oops")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Every documented GET answers with the documented content: each path has
    // a check below, and a path without one fails.
    let r = c
        .get(format!("{}/api/openapi.json", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/json");
    let doc: serde_json::Value = r.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let an = people["items"][0]["id"].as_i64().unwrap();
    let sys = Actor::system("test");
    let mut w = app.store.begin(&sys).await.unwrap();
    w.put_rating(
        tdkt_store::history::Subject::Person(an),
        2025,
        tdkt_domain::codes::Rating::Htt,
    )
    .await
    .unwrap();
    w.commit().await.unwrap();
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        if ops.get("get").is_none() {
            continue;
        }
        let id = if path.starts_with("/api/units") {
            app.vp
        } else {
            an
        };
        let url = path.replace("{id}", &id.to_string());
        let r = c.get(format!("{}{}", app.base, url)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()["content-type"], "application/json", "{path}");
        let v: serde_json::Value = r.json().await.unwrap();
        let codes = |items: &serde_json::Value, key: &str| -> Vec<String> {
            items
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x[key].as_str().unwrap().to_string())
                .collect()
        };
        match path.as_str() {
            "/api/me" => {
                assert_eq!(v["username"], "admin");
                assert_eq!(v["csrf_token"], token.as_str());
                assert_eq!(v["grants"][0]["role"], "admin", "{v}");
            }
            "/api/units" => {
                let mut got = codes(&v["items"], "code");
                got.sort();
                assert_eq!(got, ["BDT", "CS", "VP"], "{v}");
            }
            "/api/units/{id}" => {
                assert_eq!(v["unit"]["code"], "VP");
                assert_eq!(v["unit"]["id"], app.vp);
                assert_eq!(v["names"][0]["name"], "Văn phòng", "{v}");
            }
            "/api/people" => {
                assert_eq!(v["total"], 4, "three seeded and NV50: {v}");
                assert_eq!(v["total_capped"], false, "{v}");
                assert_eq!(
                    (v["page"].clone(), v["per_page"].clone()),
                    (1.into(), 50.into())
                );
                let names = codes(&v["items"], "full_name");
                assert!(names.iter().any(|n| n == "Đỗ Thị Năm"), "{v}");
            }
            "/api/people/{id}" => {
                assert_eq!(v["person"]["full_name"], "Nguyễn Văn An");
                assert_eq!(v["person"]["unit_id"], app.vp);
                assert!(
                    v["transfers"].is_array() && v["employment"].is_array(),
                    "{v}"
                );
            }
            "/api/people/{id}/history" => {
                assert_eq!(v["ratings"][0]["year"], 2025, "{v}");
                assert_eq!(v["ratings"][0]["rating"], "HTT", "{v}");
                assert!(v["awards"].as_array().unwrap().is_empty());
            }
            other => panic!("{other}: documented GET without a content check here"),
        }
        checked += 1;
    }
    assert_eq!(checked, 6);
});

async fn login_as(app: &App, user: &str) -> (reqwest::Client, String) {
    tdkt_tests::http::login(&app.base, user).await
}

on_both!(
    client_address_is_not_taken_from_headers,
    |store: Store| async move {
        let app = spawn(store).await;
        let c = client();
        let token = login_csrf(&c, &app.base).await;
        let r = c
            .post(format!("{}/dang-nhap", app.base))
            .header("x-forwarded-for", "203.0.113.9")
            .header("x-tdkt-client-ip", "198.51.100.7")
            .form(&[
                ("csrf", token.as_str()),
                ("username", "admin"),
                ("password", "sai"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let (a, _) = login_as(&app, "admin").await;
        let log = a
            .get(format!("{}/nhat-ky/truy-cap", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(log.contains("127.0.0.1"), "{log}");
        assert!(
            !log.contains("203.0.113.9") && !log.contains("198.51.100.7"),
            "{log}"
        );
    }
);

on_both!(
    eligibility_applies_the_configured_rule_book,
    |store: Store| async move {
        let (_, vp, _) = seed(&store).await;
        let sys = Actor::system("test");
        let mut w = store.begin(&sys).await.unwrap();
        let v = PersonInput {
            gender: "nu".into(),
            ..seed::person_input("NV9", "Phạm Thị Mới", vp, "01/03/2025")
        }
        .validate(seed::people_on())
        .unwrap();
        let id = w.create_person(&v).await.unwrap().id;
        w.commit().await.unwrap();
        let book = tdkt_domain::rules::RuleBook::from_toml(
            "name = \"Tỉnh Thử\"\nsource = \"QĐ 1/2026/QĐ-UBND\"\n[regime.\"ND152-2025\"]\nnew_hire_min_months = 24\n",
        )
        .unwrap();
        let national = tdkt_tests::http::serve(store.clone(), tdkt_tests::http::config()).await;
        let local = tdkt_tests::http::serve(
            store.clone(),
            tdkt_web::WebConfig {
                rules: std::sync::Arc::new(book),
                ..tdkt_tests::http::config()
            },
        )
        .await;
        let mut pages = Vec::new();
        for base in [&national, &local] {
            let (c, _) = tdkt_tests::http::login(base, "admin").await;
            let r = c
                .get(format!("{base}/can-bo/{id}/xet?danh_hieu=LDTT&nam=2025"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            pages.push(r.text().await.unwrap());
        }
        // Ten months of work by 31/12/2025: enough nationally, not under the override.
        assert!(
            pages[0].contains("10 tháng (yêu cầu từ 6 tháng"),
            "{}",
            pages[0]
        );
        assert!(!pages[0].contains("quy định riêng của"));
        assert!(
            pages[1].contains("10 tháng (yêu cầu từ 24 tháng"),
            "{}",
            pages[1]
        );
        assert!(pages[1].contains("áp dụng quy định riêng của Tỉnh Thử (QĐ 1/2026/QĐ-UBND)"));
    }
);
