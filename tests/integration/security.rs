//! Issue 9, "other findings": the client address behind a proxy, the login
//! throttle, the redirect after login, scoped logs and accounts, locked
//! accounts, forced password change, separation of duties, visibility of
//! drafts, blocs and codes, secure cookies — on both databases.

use reqwest::StatusCode;
use tdkt_domain::auth::Role;
use tdkt_domain::emulation::plan::PlanInput;
use tdkt_domain::emulation::registration::RegistrationAction;
use tdkt_domain::error::Error;
use tdkt_store::emulation::NewEntry;
use tdkt_store::users::{LoginOutcome, PasswordCheck};
use tdkt_store::{Actor, Store};
use tdkt_tests::http::{client, csrf_of, login_csrf};
use tdkt_tests::on_both;
use tdkt_tests::seed;

const PW: &str = seed::PASSWORD;

struct Tree {
    root: i64,
    vp: i64,
    cs: i64,
    /// Person id of "Trần Thị Bình" (code NV2, Phòng Chính sách).
    binh: i64,
}

/// Ban Dân tộc with Văn phòng and Phòng Chính sách, three people, and the
/// accounts: admin (root), vanphong and vanphong2 (Office, root), admin.vp
/// (administrator of Văn phòng only), clerk.vp (clerk of Văn phòng),
/// head.cs (head of Phòng Chính sách), and "trong" with no role at all.
async fn seed(store: &Store) -> Tree {
    let sys = Actor::system("test");
    let levels = store.levels().await.unwrap();
    let mut w = store.begin(&sys).await.unwrap();
    let root = seed::agency(&mut w, &levels, "BDT", "Ban Dân tộc", None, "so-nganh").await;
    let vp = seed::department(&mut w, &levels, "VP", "Văn phòng", root).await;
    let cs = seed::department(&mut w, &levels, "CS", "Phòng Chính sách", root).await;
    // A second top-level unit nobody works in (a ministry that launches
    // movements): it does not make the root administrator less than whole-tree.
    seed::agency(
        &mut w,
        &levels,
        "UBDT",
        "Ủy ban Dân tộc",
        None,
        "trung-uong",
    )
    .await;
    let mut binh = 0;
    for (code, name, unit) in [
        ("NV1", "Nguyễn Văn An", vp),
        ("NV2", "Trần Thị Bình", cs),
        ("NV3", "Lê Đức Cường", cs),
    ] {
        let p = seed::person(&mut w, code, name, unit, "").await;
        if code == "NV2" {
            binh = p;
        }
    }
    seed::accounts(
        &mut w,
        &[
            ("admin", Role::Admin, root),
            ("vanphong", Role::Secretariat, root),
            ("vanphong2", Role::Secretariat, root),
            ("admin.vp", Role::Admin, vp),
            ("clerk.vp", Role::UnitClerk, vp),
            ("head.cs", Role::UnitHead, cs),
        ],
    )
    .await;
    w.create_user("trong", "Không vai trò", PW, false)
        .await
        .unwrap();
    w.commit().await.unwrap();
    Tree { root, vp, cs, binh }
}

async fn actor(store: &Store, username: &str) -> Actor {
    let u = store.user_by_name(username).await.unwrap().unwrap();
    store.actor_for(&u).await.unwrap()
}

async fn serve(store: Store, config: tdkt_web::WebConfig) -> String {
    tdkt_tests::http::serve(store, config).await
}

/// Posts the login form with `password`, adding `headers`; returns the response.
async fn try_login(
    base: &str,
    c: &reqwest::Client,
    user: &str,
    password: &str,
    next: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let token = login_csrf(c, base).await;
    let mut rq = c.post(format!("{base}/dang-nhap")).form(&[
        ("csrf", token.as_str()),
        ("username", user),
        ("password", password),
        ("next", next),
    ]);
    for (k, v) in headers {
        rq = rq.header(*k, *v);
    }
    rq.send().await.unwrap()
}

// 1. Behind a trusted proxy the client is the hop the proxy appended.
on_both!(
    forwarded_for_takes_the_proxy_hop,
    |store: Store| async move {
        seed(&store).await;
        let base = serve(
            store.clone(),
            tdkt_web::WebConfig {
                trust_proxy: true,
                ..Default::default()
            },
        )
        .await;
        // The client invents a new first entry each time; the proxy appends
        // the address it really saw.
        for i in 0..5 {
            let xff = format!("10.9.8.{i}, 203.0.113.9");
            let r = try_login(
                &base,
                &client(),
                "admin",
                "sai-mat-khau",
                "/",
                &[("x-forwarded-for", &xff)],
            )
            .await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
        let log = store.access_log(1, 50).await.unwrap();
        let failed: Vec<_> = log
            .items
            .iter()
            .filter(|e| e.event == "login_failed")
            .collect();
        assert_eq!(failed.len(), 5);
        assert!(
            failed.iter().all(|e| e.ip == "203.0.113.9"),
            "{:?}",
            failed.iter().map(|e| &e.ip).collect::<Vec<_>>()
        );
        // Rotating the first entry does not escape the throttle.
        let r = try_login(
            &base,
            &client(),
            "admin",
            PW,
            "/",
            &[("x-forwarded-for", "10.9.8.77, 203.0.113.9")],
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert!(r.text().await.unwrap().contains("thử lại sau"));
        // Without trust_proxy the header means nothing: the peer is the client.
        let base2 = serve(store.clone(), Default::default()).await;
        let r = try_login(
            &base2,
            &client(),
            "clerk.vp",
            "sai",
            "/",
            &[("x-forwarded-for", "198.51.100.1")],
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let log = store.access_log(1, 1).await.unwrap();
        assert_eq!(log.items[0].ip, "127.0.0.1");
    }
);

// 2. A stranger's guesses slow down the stranger, not the owner elsewhere;
// the wait grows with each failure and is capped.
on_both!(
    stranger_cannot_lock_out_the_owner,
    |store: Store| async move {
        seed(&store).await;
        for _ in 0..5 {
            assert!(matches!(
                store.login("admin", "sai", "6.6.6.6", "ua").await.unwrap(),
                LoginOutcome::Failed
            ));
        }
        // The stranger's address must wait, even with the right password…
        let LoginOutcome::Throttled(first) =
            store.login("admin", PW, "6.6.6.6", "ua").await.unwrap()
        else {
            panic!("the guessing address is not throttled");
        };
        assert!((1..=30).contains(&first), "{first}");
        // …while the owner signs in from the office.
        assert!(matches!(
            store.login("admin", PW, "10.0.0.5", "ua").await.unwrap(),
            LoginOutcome::Ok(_)
        ));
        // The delay doubles with each further failure once the last has passed.
        let expire = "UPDATE login_throttle SET blocked_until = NULL";
        let run = |sql: &'static str| {
            let db = &store.db;
            async move {
                match db {
                    tdkt_store::Db::Sqlite { write, .. } => {
                        sqlx::query(sql).execute(write).await.unwrap();
                    }
                    tdkt_store::Db::Postgres { pool: p, .. } => {
                        sqlx::query(sql).execute(p).await.unwrap();
                    }
                }
            }
        };
        run(expire).await;
        assert!(matches!(
            store.login("admin", "sai", "6.6.6.6", "ua").await.unwrap(),
            LoginOutcome::Failed
        ));
        let LoginOutcome::Throttled(second) =
            store.login("admin", PW, "6.6.6.6", "ua").await.unwrap()
        else {
            panic!("not throttled after the sixth failure");
        };
        assert!(second > 30 && second <= 60, "{second}");
        for _ in 0..12 {
            run(expire).await;
            store.login("admin", "sai", "6.6.6.6", "ua").await.unwrap();
        }
        let LoginOutcome::Throttled(capped) =
            store.login("admin", PW, "6.6.6.6", "ua").await.unwrap()
        else {
            panic!("not throttled");
        };
        assert!(
            capped <= tdkt_store::users::MAX_DELAY_SECS && capped > 450,
            "{capped}"
        );
        // Other accounts from that address are not concerned (below the
        // per-address allowance).
        assert!(matches!(
            store.login("vanphong", PW, "6.6.6.6", "ua").await.unwrap(),
            LoginOutcome::Ok(_)
        ));
        // Stale counts are swept; live ones stay.
        let n = store.purge_throttle().await.unwrap();
        assert_eq!(n, 0);
        run("UPDATE login_throttle SET window_start = '2000-01-01 00:00:00+00:00', blocked_until = NULL WHERE key LIKE 'ip:%'").await;
        assert_eq!(store.purge_throttle().await.unwrap(), 1);
        // Unlocking lifts the account's delays.
        let a = store.user_by_name("admin").await.unwrap().unwrap();
        let sys = Actor::system("test");
        let mut w = store.begin(&sys).await.unwrap();
        w.set_locked(a.id, true).await.unwrap();
        w.set_locked(a.id, false).await.unwrap();
        w.commit().await.unwrap();
        assert!(matches!(
            store.login("admin", PW, "6.6.6.6", "ua").await.unwrap(),
            LoginOutcome::Ok(_)
        ));
    }
);

// 3. After login only a local path is followed.
on_both!(
    login_redirects_only_to_local_paths,
    |store: Store| async move {
        seed(&store).await;
        let base = serve(store, Default::default()).await;
        for (next, expected) in [
            ("/%09/evil.example/x", "/"),
            ("//evil.example", "/"),
            ("/%5Cevil.example", "/"),
            ("https://evil.example/", "/"),
            ("/can-bo?trang=2", "/can-bo?trang=2"),
        ] {
            let r = try_login(&base, &client(), "admin", PW, next, &[]).await;
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next}");
            assert_eq!(r.headers()["location"], expected, "{next}");
        }
        // The login form does not carry a foreign `next` either.
        let page = client()
            .get(format!("{base}/dang-nhap?next=%2F%09%2Fevil.example"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!page.contains("evil.example"));
    }
);

// 4. A subtree administrator: only its subtree's audit lines, no access
// log, and no account without roles.
on_both!(subtree_admin_is_scoped, |store: Store| async move {
    let t = seed(&store).await;
    let vp_admin = actor(&store, "admin.vp").await;
    let root_admin = actor(&store, "admin").await;
    // Changes in both departments, and unit-less ones (account creation).
    let log = store
        .audit_log(&vp_admin, &Default::default())
        .await
        .unwrap();
    assert!(log.total > 0);
    assert!(
        !log.items
            .iter()
            .any(|e| e.entity == "user" && e.action == "create"),
        "unit-less audit lines shown to a subtree administrator"
    );
    assert!(
        !log.items
            .iter()
            .any(|e| e.summary.contains("Trần Thị Bình")),
        "another department's changes shown"
    );
    let all = store
        .audit_log(&root_admin, &Default::default())
        .await
        .unwrap();
    assert!(
        all.items
            .iter()
            .any(|e| e.entity == "user" && e.action == "create")
    );
    assert_eq!(
        store.access_log_for(&vp_admin, 1, 10).await.err(),
        Some(Error::Forbidden)
    );
    assert!(store.access_log_for(&root_admin, 1, 10).await.is_ok());
    // The account without roles: only the whole-tree administrator.
    let trong = store.user_by_name("trong").await.unwrap().unwrap().id;
    let mut w = store.begin(&vp_admin).await.unwrap();
    assert_eq!(
        w.set_password(trong, "chiem-quyen-123", false).await,
        Err(Error::Forbidden)
    );
    assert_eq!(w.set_locked(trong, true).await, Err(Error::Forbidden));
    assert_eq!(
        w.grant_role(trong, Role::Viewer, t.vp).await,
        Err(Error::Forbidden)
    );
    drop(w);
    // It still creates its own accounts and gives them their first role.
    let mut w = store.begin(&vp_admin).await.unwrap();
    let id = w
        .create_user("moi.vp", "Mới", "mat-khau-moi-1", true)
        .await
        .unwrap();
    w.grant_role(id, Role::UnitClerk, t.vp).await.unwrap();
    w.commit().await.unwrap();
    let mut w = store.begin(&root_admin).await.unwrap();
    w.set_password(trong, "mat-khau-moi-2", true).await.unwrap();
    w.commit().await.unwrap();

    // Over HTTP: the pages agree.
    let base = serve(store.clone(), Default::default()).await;
    let (c, _) = tdkt_tests::http::login(&base, "admin.vp").await;
    let r = c
        .get(format!("{base}/nhat-ky/truy-cap"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c
        .get(format!("{base}/tai-khoan/{trong}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let list = c
        .get(format!("{base}/tai-khoan"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!list.contains("Không vai trò"));
    assert!(list.contains("moi.vp"));
    let (c, _) = tdkt_tests::http::login(&base, "admin").await;
    let r = c
        .get(format!("{base}/nhat-ky/truy-cap"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let _ = (t.root, t.cs);
});

// 5. A locked account answers the same whatever the password.
on_both!(
    locked_account_is_no_password_oracle,
    |store: Store| async move {
        seed(&store).await;
        let u = store.user_by_name("clerk.vp").await.unwrap().unwrap();
        let sys = Actor::system("test");
        let mut w = store.begin(&sys).await.unwrap();
        w.set_locked(u.id, true).await.unwrap();
        w.commit().await.unwrap();
        assert!(matches!(
            store.login("clerk.vp", PW, "1.1.1.1", "ua").await.unwrap(),
            LoginOutcome::Locked
        ));
        assert!(matches!(
            store
                .login("clerk.vp", "sai", "1.1.1.1", "ua")
                .await
                .unwrap(),
            LoginOutcome::Locked
        ));
        // Over HTTP: the same status and the same page.
        let base = serve(store.clone(), Default::default()).await;
        let right = try_login(&base, &client(), "clerk.vp", PW, "/", &[]).await;
        let (s1, b1) = (right.status(), right.text().await.unwrap());
        let wrong = try_login(&base, &client(), "clerk.vp", "sai-nua", "/", &[]).await;
        let (s2, b2) = (wrong.status(), wrong.text().await.unwrap());
        assert_eq!(s1, s2);
        assert!(b1.contains("đang bị khóa"));
        assert!(b2.contains("đang bị khóa"));
    }
);

// 6. "Must change password" is enforced, not only shown.
on_both!(
    must_change_password_is_enforced,
    |store: Store| async move {
        let t = seed(&store).await;
        let sys = Actor::system("test");
        let mut w = store.begin(&sys).await.unwrap();
        let id = w.create_user("moi", "Mới", PW, true).await.unwrap();
        w.grant_role(id, Role::Viewer, t.root).await.unwrap();
        w.commit().await.unwrap();
        let base = serve(store.clone(), Default::default()).await;
        let c = client();
        let r = try_login(&base, &c, "moi", PW, "/", &[]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        for page in [
            "/",
            "/can-bo",
            "/don-vi",
            "/ke-hoach",
            "/khong-co-trang-nay/x",
        ] {
            let r = c.get(format!("{base}{page}")).send().await.unwrap();
            if page.starts_with("/khong-co") {
                // Unknown pages are not found, for anybody.
                assert_eq!(r.status(), StatusCode::NOT_FOUND);
                continue;
            }
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{page}");
            assert_eq!(r.headers()["location"], "/doi-mat-khau", "{page}");
        }
        let r = c.get(format!("{base}/api/me")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"], "must_change_password");
        for open in ["/healthz", "/static/app.css", "/doi-mat-khau"] {
            let r = c.get(format!("{base}{open}")).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{open}");
        }
        let page = c
            .get(format!("{base}/doi-mat-khau"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = csrf_of(&page);
        let r = c
            .post(format!("{base}/doi-mat-khau"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("current", PW),
                ("new_password", "mat-khau-cua-toi"),
                ("confirm", "mat-khau-cua-toi"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let c = client();
        let r = try_login(&base, &c, "moi", "mat-khau-cua-toi", "/can-bo", &[]).await;
        assert_eq!(r.headers()["location"], "/can-bo");
        let r = c.get(format!("{base}/can-bo")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let r = c.get(format!("{base}/api/me")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
);

// 7. The current-password check is throttled and logged.
on_both!(
    password_change_is_throttled_and_logged,
    |store: Store| async move {
        seed(&store).await;
        let base = serve(store.clone(), Default::default()).await;
        let (c, csrf) = tdkt_tests::http::login(&base, "clerk.vp").await;
        let post = |current: &'static str| {
            let c = c.clone();
            let csrf = csrf.clone();
            let url = format!("{base}/doi-mat-khau");
            async move {
                c.post(url)
                    .form(&[
                        ("csrf", csrf.as_str()),
                        ("current", current),
                        ("new_password", "mat-khau-moi-9"),
                        ("confirm", "mat-khau-moi-9"),
                    ])
                    .send()
                    .await
                    .unwrap()
            }
        };
        for _ in 0..5 {
            let r = post("doan-sai").await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
            assert!(
                r.text()
                    .await
                    .unwrap()
                    .contains("Mật khẩu hiện tại không đúng")
            );
        }
        // Now even the right one waits.
        let r = post(PW).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(r.text().await.unwrap().contains("thử lại sau"));
        let log = store.access_log(1, 50).await.unwrap();
        assert_eq!(
            log.items
                .iter()
                .filter(|e| e.event == "password_check_failed" && e.username == "clerk.vp")
                .count(),
            5
        );
        assert!(
            log.items
                .iter()
                .any(|e| e.event == "password_check_throttled")
        );
        // The store's check agrees, and a right password from elsewhere passes.
        let u = store.user_by_name("clerk.vp").await.unwrap().unwrap();
        assert_eq!(
            store
                .check_current_password(u.id, "clerk.vp", PW, "10.1.1.1", "ua")
                .await
                .unwrap(),
            PasswordCheck::Right
        );
    }
);

/// A published plan of the root unit with a registration of Văn phòng
/// holding one entry; returns (plan id, registration id).
async fn published_plan(store: &Store, t: &Tree) -> (i64, i64) {
    let sys = Actor::system("test");
    let year = chrono::Utc::now().date_naive().format("%Y").to_string();
    let plan = PlanInput {
        year: year.clone(),
        title: "Kế hoạch thi đua".into(),
        registration_due: format!("31/12/{year}"),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let mut w = store.begin(&sys).await.unwrap();
    let plan_id = w.create_plan(t.root, None, &plan).await.unwrap();
    w.publish_plan(plan_id).await.unwrap();
    w.commit().await.unwrap();
    let an = store.person_id_by_code("NV1").await.unwrap().unwrap();
    let mut w = store.begin(&sys).await.unwrap();
    let rid = w
        .save_registration(
            plan_id,
            t.vp,
            &[NewEntry {
                person_id: Some(an),
                unit_id: None,
                award: tdkt_domain::codes::AwardCode::Ldtt,
                targets: String::new(),
            }],
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    (plan_id, rid)
}

// 8. Who submitted a registration does not accept or return it.
on_both!(separation_of_duties, |store: Store| async move {
    let t = seed(&store).await;
    let (_, rid) = published_plan(&store, &t).await;
    let office = actor(&store, "vanphong").await;
    let office2 = actor(&store, "vanphong2").await;
    let today = chrono::Utc::now().date_naive();
    let mut w = store.begin(&office).await.unwrap();
    w.registration_action(rid, RegistrationAction::Submit, "", today, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    assert_eq!(
        store.registration(rid).await.unwrap().submitted_by,
        office.user_id
    );
    for action in [RegistrationAction::Accept, RegistrationAction::Return] {
        let mut w = store.begin(&office).await.unwrap();
        let e = w
            .registration_action(rid, action, "lý do", today, None)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("phân tách nhiệm vụ"), "{e}");
    }
    // Another Office account may.
    let mut w = store.begin(&office2).await.unwrap();
    w.registration_action(rid, RegistrationAction::Return, "thiếu", today, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    // With the setting off, one account may do both.
    let mut w = store.begin(&office).await.unwrap();
    w.registration_action(rid, RegistrationAction::Submit, "", today, None)
        .await
        .unwrap();
    w.set_separate_duties(false);
    w.registration_action(rid, RegistrationAction::Accept, "", today, None)
        .await
        .unwrap();
    w.commit().await.unwrap();
    // Over HTTP with the default setting: refused, in Vietnamese.
    let (_, rid2) = {
        let sys = Actor::system("test");
        let mut w = store.begin(&sys).await.unwrap();
        let plan = PlanInput {
            year: today.format("%Y").to_string(),
            title: "Kế hoạch hai".into(),
            registration_due: format!("31/12/{}", today.format("%Y")),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let p = w.create_plan(t.root, None, &plan).await.unwrap();
        w.publish_plan(p).await.unwrap();
        let an = store.person_id_by_code("NV1").await.unwrap().unwrap();
        let r = w
            .save_registration(
                p,
                t.vp,
                &[NewEntry {
                    person_id: Some(an),
                    unit_id: None,
                    award: tdkt_domain::codes::AwardCode::Ldtt,
                    targets: String::new(),
                }],
            )
            .await
            .unwrap();
        w.commit().await.unwrap();
        (p, r)
    };
    let base = serve(store.clone(), Default::default()).await;
    let (c, csrf) = tdkt_tests::http::login(&base, "vanphong").await;
    let act = |a: &'static str| {
        let c = c.clone();
        let csrf = csrf.clone();
        let url = format!("{base}/dang-ky/{rid2}/thao-tac");
        async move {
            c.post(url)
                .form(&[("csrf", csrf.as_str()), ("action", a)])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(act("gui").await.status(), StatusCode::SEE_OTHER);
    // The page offers the submitter no accept or return buttons…
    let page = c
        .get(format!("{base}/dang-ky/{rid2}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("phân tách nhiệm vụ"));
    assert!(!page.contains("Tiếp nhận</button>"));
    // …and a crafted post is refused.
    let r = act("tiep-nhan").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("phân tách nhiệm vụ"));
});

// 9. Drafts, blocs and staff codes are seen only where they belong.
on_both!(
    visibility_of_drafts_blocs_and_codes,
    |store: Store| async move {
        let t = seed(&store).await;
        let sys = Actor::system("test");
        let clerk = actor(&store, "clerk.vp").await;
        let office = actor(&store, "vanphong").await;
        let head_cs = actor(&store, "head.cs").await;
        let admin = actor(&store, "admin").await;
        // A draft plan of the root unit: its Office sees it, the units below do not.
        let year = chrono::Utc::now().date_naive().format("%Y").to_string();
        let plan = PlanInput {
            year: year.clone(),
            title: "Dự thảo kế hoạch".into(),
            registration_due: format!("31/12/{year}"),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let mut w = store.begin(&sys).await.unwrap();
        let draft = w.create_plan(t.root, None, &plan).await.unwrap();
        w.commit().await.unwrap();
        assert!(store.plan(&office, draft).await.is_ok());
        assert!(
            store
                .plans(&office)
                .await
                .unwrap()
                .iter()
                .any(|p| p.id == draft)
        );
        assert!(matches!(
            store.plan(&clerk, draft).await,
            Err(Error::NotFound(_))
        ));
        assert!(
            !store
                .plans(&clerk)
                .await
                .unwrap()
                .iter()
                .any(|p| p.id == draft)
        );
        let mut w = store.begin(&sys).await.unwrap();
        w.publish_plan(draft).await.unwrap();
        w.commit().await.unwrap();
        assert!(store.plan(&clerk, draft).await.is_ok());

        // A bloc whose only member is Phòng Chính sách.
        let mut w = store.begin(&sys).await.unwrap();
        let bloc = w.create_bloc("KHOI-1", "Khối 1", 2026).await.unwrap();
        w.put_bloc_member(bloc.id, t.cs, "leader", None)
            .await
            .unwrap();
        let empty = w.create_bloc("KHOI-2", "Khối trống", 2026).await.unwrap();
        w.commit().await.unwrap();
        assert!(store.bloc_for(&head_cs, bloc.id).await.is_ok());
        assert!(store.bloc_for(&admin, bloc.id).await.is_ok());
        assert!(store.bloc_for(&admin, empty.id).await.is_ok());
        assert!(store.bloc_for(&office, empty.id).await.is_ok());
        assert!(matches!(
            store.bloc_for(&clerk, bloc.id).await,
            Err(Error::NotFound(_))
        ));
        assert!(store.blocs_for(&clerk).await.unwrap().is_empty());
        assert_eq!(store.blocs_for(&head_cs).await.unwrap().len(), 1);
        assert_eq!(store.blocs_for(&admin).await.unwrap().len(), 2);

        // A code in use elsewhere: refused without naming whose.
        let v = seed::valid_person("NV2", "Hồ Văn Mới", t.vp, "");
        let mut w = store.begin(&clerk).await.unwrap();
        let e = w.create_person(&v).await.unwrap_err();
        assert_eq!(e.field_errors()[0].message, "Mã cán bộ này đã được dùng.");
        drop(w);
        // Someone who may see the holder is told who.
        let mut w = store.begin(&admin).await.unwrap();
        let e = w.create_person(&v).await.unwrap_err();
        assert!(e.to_string().contains("Trần Thị Bình"), "{e}");
        drop(w);

        // Over HTTP.
        let base = serve(store.clone(), Default::default()).await;
        let (c, csrf) = tdkt_tests::http::login(&base, "clerk.vp").await;
        let r = c
            .get(format!("{base}/khoi-thi-dua/{}", bloc.id))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let list = c
            .get(format!("{base}/khoi-thi-dua"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!list.contains("Khối 1"));
        let r = c
            .post(format!("{base}/can-bo/moi"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("code", "NV2"),
                ("full_name", "Hồ Văn Mới"),
                ("gender", "nam"),
                ("staff_category", "cong-chuc"),
                ("unit_id", &t.vp.to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        let body = r.text().await.unwrap();
        assert!(body.contains("Mã cán bộ này đã được dùng."));
        assert!(!body.contains("Trần Thị Bình"));
        assert!(!body.contains("Chính sách"));
        let (c, _) = tdkt_tests::http::login(&base, "head.cs").await;
        let r = c
            .get(format!("{base}/khoi-thi-dua/{}", bloc.id))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let _ = t.binh;
    }
);

// 10. Secure cookies send HSTS; plain local HTTP keeps working.
on_both!(secure_cookies_and_hsts, |store: Store| async move {
    seed(&store).await;
    // Default (the local demo): no Secure flag, no HSTS, login works.
    let base = serve(store.clone(), Default::default()).await;
    let r = try_login(&base, &client(), "admin", PW, "/", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(r.headers().get("strict-transport-security").is_none());
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(!cookie.contains("Secure"), "{cookie}");
    // Secure cookies: HSTS on every response, Secure on the session cookie.
    let base = serve(
        store.clone(),
        tdkt_web::WebConfig {
            secure_cookies: true,
            ..Default::default()
        },
    )
    .await;
    let r = client()
        .get(format!("{base}/dang-nhap"))
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
    let r = try_login(&base, &client(), "admin", PW, "/", &[]).await;
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("tdkt_session="))
        .unwrap();
    assert!(session.contains("Secure"), "{session}");
    // Behind a trusted proxy that says HTTPS.
    let base = serve(
        store.clone(),
        tdkt_web::WebConfig {
            trust_proxy: true,
            ..Default::default()
        },
    )
    .await;
    let r = client()
        .get(format!("{base}/healthz"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("strict-transport-security").is_some());
    let r = client()
        .get(format!("{base}/healthz"))
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("strict-transport-security").is_none());
});
