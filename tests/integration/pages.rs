//! The pages no other test reached: movements, blocs, notifications, unit
//! levels, unit deactivate/reactivate/merge, person transfers, account
//! management, password change, the edit forms, the registration template and
//! the report PDF — content and effect (database state, audit lines) and the
//! refusal for a role that may not, on both databases.

use crate::fixture::{self, Fixture};
use reqwest::StatusCode;
use tdkt_store::audit::AuditFilter;
use tdkt_store::{Actor, Store};
use tdkt_tests::http::{client, login_csrf};
use tdkt_tests::on_both;

struct App {
    base: String,
    store: Store,
    f: Fixture,
}

async fn spawn(store: Store) -> App {
    let f = fixture::build(&store, None).await;
    App {
        base: tdkt_tests::http::serve(store.clone(), tdkt_tests::http::config()).await,
        store,
        f,
    }
}

impl App {
    async fn login(&self, user: &str) -> (reqwest::Client, String) {
        tdkt_tests::http::login(&self.base, user).await
    }

    async fn get(&self, c: &reqwest::Client, path: &str) -> (StatusCode, String) {
        let r = c.get(format!("{}{path}", self.base)).send().await.unwrap();
        let s = r.status();
        (s, r.text().await.unwrap())
    }

    async fn post(
        &self,
        c: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        c.post(format!("{}{path}", self.base))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Audit lines about one entity, newest first (read as the system).
    async fn audit(&self, entity: &str, id: i64) -> Vec<tdkt_store::audit::AuditEntry> {
        let sys = Actor::system("test");
        self.store
            .audit_log(
                &sys,
                &AuditFilter {
                    entity: Some(entity.into()),
                    entity_id: Some(id.to_string()),
                    page: 1,
                    per_page: 100,
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .items
    }
}

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().to_string()
}

/// Signs in with a given password; the status of the login POST.
async fn try_login(base: &str, user: &str, password: &str) -> (reqwest::Client, StatusCode) {
    let c = client();
    let token = login_csrf(&c, base).await;
    let r = c
        .post(format!("{base}/dang-nhap"))
        .form(&[
            ("csrf", token.as_str()),
            ("username", user),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    (c, r.status())
}

on_both!(movements_launch_and_advance, |store: Store| async move {
    let app = spawn(store).await;
    let (vp, csrf) = app.login("vanphong").await;
    let (s, list) = app.get(&vp, "/phong-trao").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        list.contains("Phong trào thi đua công tác dân tộc"),
        "{list}"
    );
    let agency = app.f.agency.to_string();
    let r = app
        .post(
            &vp,
            "/phong-trao",
            &[
                ("csrf", csrf.as_str()),
                ("unit_id", agency.as_str()),
                ("name", "Thi đua chuyển đổi số"),
                ("kind", "theo-dot"),
                ("scope", "Ban Dân tộc"),
                ("start", "01/03/2026"),
                ("end", "30/11/2026"),
                ("targets", "100 % hồ sơ điện tử\nKhông giấy tờ"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let loc = location(&r);
    let id: i64 = loc
        .trim_start_matches("/phong-trao/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let sys = Actor::system("test");
    let m = app.store.movement(&sys, id).await.unwrap();
    assert_eq!(m.name, "Thi đua chuyển đổi số");
    assert_eq!(m.status, "chua-bat-dau");
    let (s, view) = app.get(&vp, &loc).await;
    assert_eq!(s, StatusCode::OK);
    assert!(view.contains("Thi đua chuyển đổi số") && view.contains("Không giấy tờ"));
    // Advance: the status moves on, and the audit log says so.
    let r = app
        .post(
            &vp,
            &format!("/phong-trao/{id}/trang-thai"),
            &[("csrf", csrf.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let m = app.store.movement(&sys, id).await.unwrap();
    assert_ne!(m.status, "chua-bat-dau");
    let log = app.audit("movement", id).await;
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0].action, "status");
    assert_eq!(log[0].actor, "vanphong");
    assert_eq!(log[1].action, "create");
    // A department clerk launches nothing and advances nothing.
    let (cb, ccsrf) = app.login("canbo").await;
    let r = app
        .post(
            &cb,
            "/phong-trao",
            &[
                ("csrf", ccsrf.as_str()),
                ("unit_id", agency.as_str()),
                ("name", "Phong trào của cán bộ"),
                ("kind", "thuong-xuyen"),
                ("start", "01/03/2026"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let all = app.store.movements(&sys).await.unwrap();
    assert!(!all.iter().any(|m| m.name == "Phong trào của cán bộ"));
    let before = app.store.movement(&sys, id).await.unwrap().status;
    let r = app
        .post(
            &cb,
            &format!("/phong-trao/{id}/trang-thai"),
            &[("csrf", ccsrf.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.store.movement(&sys, id).await.unwrap().status, before);
});

on_both!(blocs_list_and_members, |store: Store| async move {
    let app = spawn(store).await;
    let (c, _) = app.login("xem").await;
    let (s, list) = app.get(&c, "/khoi-thi-dua").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        list.contains("Khối thi đua các cơ quan tham mưu tổng hợp"),
        "{list}"
    );
    assert!(list.contains(&format!("/khoi-thi-dua/{}", app.f.bloc)));
    let (s, view) = app.get(&c, &format!("/khoi-thi-dua/{}", app.f.bloc)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(view.contains("Ban Dân tộc"), "{view}");
    assert!(view.contains("Khối trưởng"), "the leader's role: {view}");
    let (s, _) = app.get(&c, "/khoi-thi-dua/999999").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
});

on_both!(notifications_and_mark_read, |store: Store| async move {
    let app = spawn(store).await;
    // The head submits the department's registration: the Office is told.
    let (head, hcsrf) = app.login("truongphong").await;
    let r = app
        .post(
            &head,
            &format!("/dang-ky/{}/thao-tac", app.f.registration),
            &[("csrf", hcsrf.as_str()), ("action", "gui")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (office, ocsrf) = app.login("vanphong").await;
    let (s, page) = app.get(&office, "/thong-bao").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Phòng Chính sách đã gửi đăng ký"), "{page}");
    let office_actor = app
        .store
        .actor_for(&app.store.user_by_name("vanphong").await.unwrap().unwrap())
        .await
        .unwrap();
    let unread = |n: &[tdkt_store::emulation::Notification]| n.iter().filter(|x| !x.read).count();
    let before = app.store.notifications(&office_actor, 200).await.unwrap();
    assert!(unread(&before) >= 1);
    let r = app
        .post(&office, "/thong-bao/da-doc", &[("csrf", ocsrf.as_str())])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/thong-bao");
    let after = app.store.notifications(&office_actor, 200).await.unwrap();
    assert_eq!(unread(&after), 0);
    assert_eq!(after.len(), before.len());
    // Reading is per account: the administrator's copy is still unread.
    let admin_actor = app
        .store
        .actor_for(&app.store.user_by_name("admin").await.unwrap().unwrap())
        .await
        .unwrap();
    assert!(unread(&app.store.notifications(&admin_actor, 200).await.unwrap()) >= 1);
    // Without the session's token nothing is marked.
    let (a, _) = app.login("admin").await;
    let r = app.post(&a, "/thong-bao/da-doc", &[("csrf", "sai")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(unread(&app.store.notifications(&admin_actor, 200).await.unwrap()) >= 1);
});

// A plan published by the agency tells the clerks and heads of the units that
// register (its departments), once each — also the administrator, whose grant
// covers every department's copy. (Found by this test: the notice used to be
// left at the agency only, which no department's grant covers.)
on_both!(
    published_plan_reaches_the_departments,
    |store: Store| async move {
        let app = spawn(store).await;
        let title = "Kế hoạch «Phát động phong trào thi đua năm 2026» đã ban hành";
        for who in ["canbo", "truongphong", "admin"] {
            let (c, _) = app.login(who).await;
            let (s, page) = app.get(&c, "/thong-bao").await;
            assert_eq!(s, StatusCode::OK);
            assert_eq!(page.matches(title).count(), 1, "{who}: {page}");
        }
        // Neither the Office (not its audience) nor a viewer is told.
        for who in ["vanphong", "xem"] {
            let (c, _) = app.login(who).await;
            let (_, page) = app.get(&c, "/thong-bao").await;
            assert!(!page.contains(title), "{who}: {page}");
        }
        // Read once, read everywhere it is shown.
        let clerk = app
            .store
            .actor_for(&app.store.user_by_name("canbo").await.unwrap().unwrap())
            .await
            .unwrap();
        let (c, csrf) = app.login("canbo").await;
        let r = app
            .post(&c, "/thong-bao/da-doc", &[("csrf", csrf.as_str())])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let n = app.store.notifications(&clerk, 200).await.unwrap();
        assert_eq!(n.len(), 1, "{n:?}");
        assert!(n[0].read);
    }
);

on_both!(unit_levels_list_and_save, |store: Store| async move {
    let app = spawn(store).await;
    let (a, csrf) = app.login("admin").await;
    let (s, page) = app.get(&a, "/cap-don-vi").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("so-nganh") && page.contains("phong"),
        "{page}"
    );
    let r = app
        .post(
            &a,
            "/cap-don-vi",
            &[
                ("csrf", csrf.as_str()),
                ("code", "xa"),
                ("name", "Cấp xã"),
                ("rank", "7"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let levels = app.store.levels().await.unwrap();
    let xa = levels.iter().find(|l| l.code == "xa").expect("saved");
    assert_eq!((xa.name.as_str(), xa.rank), ("Cấp xã", 7));
    let (_, page) = app.get(&a, "/cap-don-vi").await;
    assert!(page.contains("Cấp xã"));
    // A rank that is not a number: shown back, nothing saved.
    let r = app
        .post(
            &a,
            "/cap-don-vi",
            &[
                ("csrf", csrf.as_str()),
                ("code", "thon"),
                ("name", "Cấp thôn"),
                ("rank", "tám"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Thứ bậc phải là một số nguyên")
    );
    assert!(
        !app.store
            .levels()
            .await
            .unwrap()
            .iter()
            .any(|l| l.code == "thon")
    );
    // Only account administrators keep the list.
    let (v, vcsrf) = app.login("vanphong").await;
    assert_eq!(app.get(&v, "/cap-don-vi").await.0, StatusCode::FORBIDDEN);
    let r = app
        .post(
            &v,
            "/cap-don-vi",
            &[
                ("csrf", vcsrf.as_str()),
                ("code", "ap"),
                ("name", "Cấp ấp"),
                ("rank", "9"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(
        !app.store
            .levels()
            .await
            .unwrap()
            .iter()
            .any(|l| l.code == "ap")
    );
});

on_both!(
    unit_deactivate_reactivate_and_merge,
    |store: Store| async move {
        let app = spawn(store).await;
        let (v, csrf) = app.login("vanphong").await;
        let spare = app.f.spare;
        let r = app
            .post(
                &v,
                &format!("/don-vi/{spare}/ngung"),
                &[("csrf", csrf.as_str())],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(!app.store.unit(spare).await.unwrap().active);
        let log = app.audit("unit", spare).await;
        assert_eq!(log[0].actor, "vanphong");
        let r = app
            .post(
                &v,
                &format!("/don-vi/{spare}/khoi-phuc"),
                &[("csrf", csrf.as_str())],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(app.store.unit(spare).await.unwrap().active);
        assert_eq!(app.audit("unit", spare).await.len(), log.len() + 1);
        // Merge Kế hoạch – Tổng hợp into Văn phòng.
        let into = app.f.vp.to_string();
        let r = app
            .post(
                &v,
                &format!("/don-vi/{}/sap-nhap", app.f.spare2),
                &[
                    ("csrf", csrf.as_str()),
                    ("into", into.as_str()),
                    ("on_date", "01/06/2026"),
                ],
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{}",
            r.text().await.unwrap()
        );
        let merged = app.store.unit(app.f.spare2).await.unwrap();
        assert_eq!(merged.merged_into, Some(app.f.vp));
        assert!(!merged.active);
        let events = app.store.unit_facts(app.f.spare2).await.unwrap().events;
        assert!(
            events.iter().any(|e| e.other_unit_id == Some(app.f.vp)),
            "{events:?}"
        );
        let (_, page) = app.get(&v, &format!("/don-vi/{}", app.f.spare2)).await;
        assert!(page.contains("Văn phòng"), "{page}");
        // A bad date is named and changes nothing.
        let r = app
            .post(
                &v,
                &format!("/don-vi/{spare}/sap-nhap"),
                &[
                    ("csrf", csrf.as_str()),
                    ("into", into.as_str()),
                    ("on_date", "31/02/2026"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("31/02/2026"));
        assert!(app.store.unit(spare).await.unwrap().active);
        // A department head manages no units; a clerk does not see other units.
        let (h, hcsrf) = app.login("truongphong").await;
        let r = app
            .post(
                &h,
                &format!("/don-vi/{}/ngung", app.f.pcs),
                &[("csrf", hcsrf.as_str())],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert!(app.store.unit(app.f.pcs).await.unwrap().active);
        let (cb, ccsrf) = app.login("canbo").await;
        let r = app
            .post(
                &cb,
                &format!("/don-vi/{spare}/ngung"),
                &[("csrf", ccsrf.as_str())],
            )
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert!(app.store.unit(spare).await.unwrap().active);
    }
);

on_both!(person_transfer_in, |store: Store| async move {
    let app = spawn(store).await;
    let (v, csrf) = app.login("vanphong").await;
    let url = format!("/can-bo/{}/chuyen-den", app.f.p1);
    // A date that starts no period of work: refused, nothing recorded.
    let r = app
        .post(
            &v,
            &url,
            &[
                ("csrf", csrf.as_str()),
                ("from_agency", "UBND huyện Khánh Sơn"),
                ("on_date", "15/03/2012"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("01/01/2010"));
    assert!(
        app.store.employment(app.f.p1).await.unwrap()[0]
            .transfer_from
            .is_none()
    );
    let r = app
        .post(
            &v,
            &url,
            &[
                ("csrf", csrf.as_str()),
                ("from_agency", "UBND huyện Khánh Sơn"),
                ("on_date", "01/01/2010"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let e = app.store.employment(app.f.p1).await.unwrap();
    assert_eq!(e[0].transfer_from.as_deref(), Some("UBND huyện Khánh Sơn"));
    // The rules read it: service continues from the old agency.
    let h = app.store.rules_history(app.f.p1).await.unwrap();
    let s = h
        .service_on(chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(), 0)
        .unwrap();
    assert_eq!(s.transferred_in.map(|t| t.0), Some("UBND huyện Khánh Sơn"));
    let (_, page) = app.get(&v, &format!("/can-bo/{}", app.f.p1)).await;
    assert!(
        page.contains("chuyển công tác từ UBND huyện Khánh Sơn"),
        "{page}"
    );
});

on_both!(person_transfer, |store: Store| async move {
    let app = spawn(store).await;
    let (v, csrf) = app.login("vanphong").await;
    let to = app.f.vp.to_string();
    let url = format!("/can-bo/{}/dieu-chuyen", app.f.p2);
    let r = app
        .post(
            &v,
            &url,
            &[
                ("csrf", csrf.as_str()),
                ("unit_id", to.as_str()),
                ("on_date", "01/05/2026"),
                ("note", "Theo QĐ 12/QĐ-BDT"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let p = app.store.person(app.f.p2).await.unwrap();
    assert_eq!(p.unit_id, app.f.vp);
    // The placement history: hired into Phòng Chính sách, then this transfer.
    let t = app.store.transfers(app.f.p2).await.unwrap();
    assert_eq!(t.len(), 2, "{t:?}");
    let last = t
        .iter()
        .find(|x| x.to_unit_id == app.f.vp)
        .expect("the transfer");
    assert_eq!(last.from_unit_id, Some(app.f.pcs));
    assert_eq!(
        last.on_date,
        chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
    );
    assert_eq!(last.note, "Theo QĐ 12/QĐ-BDT");
    let (_, page) = app.get(&v, &format!("/can-bo/{}", app.f.p2)).await;
    assert!(
        page.contains("01/05/2026") && page.contains("Theo QĐ 12/QĐ-BDT"),
        "{page}"
    );
    assert!(!app.audit("person", app.f.p2).await.is_empty());
    // A bad date: named, nothing moves.
    let back = app.f.pcs.to_string();
    let r = app
        .post(
            &v,
            &url,
            &[
                ("csrf", csrf.as_str()),
                ("unit_id", back.as_str()),
                ("on_date", "32/05/2026"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("32/05/2026"));
    assert_eq!(app.store.person(app.f.p2).await.unwrap().unit_id, app.f.vp);
    // The clerk of Phòng Chính sách cannot reach Văn phòng's people.
    let (cb, ccsrf) = app.login("canbo").await;
    let r = app
        .post(
            &cb,
            &format!("/can-bo/{}/dieu-chuyen", app.f.v1),
            &[
                ("csrf", ccsrf.as_str()),
                ("unit_id", back.as_str()),
                ("on_date", "01/06/2026"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.store.person(app.f.v1).await.unwrap().unit_id, app.f.vp);
});

on_both!(edit_forms_show_and_save, |store: Store| async move {
    let app = spawn(store).await;
    let (v, csrf) = app.login("vanphong").await;
    // Unit.
    let (s, form) = app.get(&v, &format!("/don-vi/{}/sua", app.f.pcs)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(form.contains("value=\"Phòng Chính sách\""), "{form}");
    let parent = app.f.agency.to_string();
    let r = app
        .post(
            &v,
            &format!("/don-vi/{}/sua", app.f.pcs),
            &[
                ("csrf", csrf.as_str()),
                ("code", "PCS"),
                ("name", "Phòng Chính sách dân tộc"),
                ("kind", "department"),
                ("level", "phong"),
                ("parent_id", parent.as_str()),
                ("on_date", "01/04/2026"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    assert_eq!(
        app.store.unit(app.f.pcs).await.unwrap().name,
        "Phòng Chính sách dân tộc"
    );
    let names = app.store.unit_names(app.f.pcs).await.unwrap();
    assert_eq!(names.len(), 2, "the old name is kept with its dates");
    // Person.
    let (s, form) = app.get(&v, &format!("/can-bo/{}/sua", app.f.p1)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(form.contains("value=\"Lê Văn Một\""), "{form}");
    let unit = app.f.pcs.to_string();
    let r = app
        .post(
            &v,
            &format!("/can-bo/{}/sua", app.f.p1),
            &[
                ("csrf", csrf.as_str()),
                ("code", "P1"),
                ("full_name", "Lê Văn Một"),
                ("gender", "nam"),
                ("position", "Phó Trưởng phòng"),
                ("staff_category", "cong-chuc"),
                ("unit_id", unit.as_str()),
                ("employment_start", "01/01/2010"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    assert_eq!(
        app.store.person(app.f.p1).await.unwrap().position,
        "Phó Trưởng phòng"
    );
    let log = app.audit("person", app.f.p1).await;
    assert_eq!(log[0].action, "update");
    assert!(
        log[0]
            .new_value
            .as_deref()
            .unwrap()
            .contains("Phó Trưởng phòng")
    );
    // Plan.
    let (s, form) = app.get(&v, &format!("/ke-hoach/{}/sua", app.f.plan)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        form.contains("Phát động phong trào thi đua năm 2026"),
        "{form}"
    );
    let agency = app.f.agency.to_string();
    let r = app
        .post(
            &v,
            &format!("/ke-hoach/{}/sua", app.f.plan),
            &[
                ("csrf", csrf.as_str()),
                ("unit_id", agency.as_str()),
                ("movement_id", ""),
                ("year", "2026"),
                ("title", "Phát động thi đua năm 2026 (sửa)"),
                ("registration_due", "30/11/2026"),
                ("signer", "Đặng Văn Tuấn"),
                ("signer_position", "TRƯỞNG BAN"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let sys = Actor::system("test");
    assert_eq!(
        app.store.plan(&sys, app.f.plan).await.unwrap().title,
        "Phát động thi đua năm 2026 (sửa)"
    );
    assert_eq!(
        app.store
            .plan_due(
                app.f.plan,
                tdkt_domain::emulation::plan::MilestoneKind::Registration
            )
            .await
            .unwrap(),
        Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
    );
    // A viewer edits nothing.
    let (x, xcsrf) = app.login("xem").await;
    assert_eq!(
        app.get(&x, &format!("/ke-hoach/{}/sua", app.f.plan))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let r = app
        .post(
            &x,
            &format!("/don-vi/{}/sua", app.f.pcs),
            &[
                ("csrf", xcsrf.as_str()),
                ("code", "PCS"),
                ("name", "Đổi bởi người xem"),
                ("kind", "department"),
                ("level", "phong"),
                ("parent_id", parent.as_str()),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.unit(app.f.pcs).await.unwrap().name,
        "Phòng Chính sách dân tộc"
    );
});

on_both!(
    accounts_grant_revoke_lock_reset,
    |store: Store| async move {
        let app = spawn(store).await;
        let (a, csrf) = app.login("admin").await;
        let id = app.f.spare_user;
        let (s, page) = app.get(&a, &format!("/tai-khoan/{id}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            page.contains("nguoi.xem.pcs") && page.contains("Người xem"),
            "{page}"
        );
        // Grant a second role, then revoke it.
        let vp = app.f.vp.to_string();
        let r = app
            .post(
                &a,
                &format!("/tai-khoan/{id}/vai-tro"),
                &[
                    ("csrf", csrf.as_str()),
                    ("role", "unit_clerk"),
                    ("unit_id", vp.as_str()),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let roles = app.store.user_roles(id).await.unwrap();
        assert_eq!(roles.len(), 2);
        let added = roles.iter().find(|r| r.role == "unit_clerk").unwrap();
        assert_eq!(added.unit_id, app.f.vp);
        let r = app
            .post(
                &a,
                &format!("/tai-khoan/{id}/vai-tro/{}/xoa", added.id),
                &[("csrf", csrf.as_str())],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let roles = app.store.user_roles(id).await.unwrap();
        assert_eq!(roles.len(), 1);
        assert_eq!(roles[0].role, "viewer");
        // Lock: the account cannot sign in; unlock: it can.
        let r = app
            .post(
                &a,
                &format!("/tai-khoan/{id}/khoa"),
                &[("csrf", csrf.as_str()), ("locked", "1")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(app.store.user(id).await.unwrap().locked);
        let (_, s) = try_login(&app.base, "nguoi.xem.pcs", "mat-khau-dai").await;
        assert_ne!(s, StatusCode::SEE_OTHER, "a locked account signed in");
        let r = app
            .post(
                &a,
                &format!("/tai-khoan/{id}/khoa"),
                &[("csrf", csrf.as_str()), ("locked", "0")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(!app.store.user(id).await.unwrap().locked);
        let (_, s) = try_login(&app.base, "nguoi.xem.pcs", "mat-khau-dai").await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        // Reset: the new password works, the old does not, and it must be changed.
        let r = app
            .post(
                &a,
                &format!("/tai-khoan/{id}/mat-khau"),
                &[("csrf", csrf.as_str()), ("password", "mat-khau-moi-2026")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(app.store.user(id).await.unwrap().must_change_password);
        let (_, s) = try_login(&app.base, "nguoi.xem.pcs", "mat-khau-dai").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        let (_, s) = try_login(&app.base, "nguoi.xem.pcs", "mat-khau-moi-2026").await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        // Every change is in the audit log.
        let (_, log) = app.get(&a, "/nhat-ky").await;
        assert!(log.contains("nguoi.xem.pcs"), "{log}");
        // The Office manages no accounts: refused, nothing changes.
        let (v, vcsrf) = app.login("vanphong").await;
        assert_eq!(
            app.get(&v, &format!("/tai-khoan/{id}")).await.0,
            StatusCode::FORBIDDEN
        );
        let r = app
            .post(
                &v,
                &format!("/tai-khoan/{id}/khoa"),
                &[("csrf", vcsrf.as_str()), ("locked", "1")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert!(!app.store.user(id).await.unwrap().locked);
        let r = app
            .post(
                &v,
                &format!("/tai-khoan/{id}/vai-tro"),
                &[
                    ("csrf", vcsrf.as_str()),
                    ("role", "admin"),
                    ("unit_id", vp.as_str()),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.store.user_roles(id).await.unwrap().len(), 1);
    }
);

on_both!(password_change, |store: Store| async move {
    let app = spawn(store).await;
    let (c, csrf) = app.login("xem").await;
    let (s, form) = app.get(&c, "/doi-mat-khau").await;
    assert_eq!(s, StatusCode::OK);
    assert!(form.contains("name=\"new_password\""), "{form}");
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        let (c, csrf, url) = (
            c.clone(),
            csrf.clone(),
            format!("{}/doi-mat-khau", app.base),
        );
        async move {
            c.post(url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("current", current),
                    ("new_password", new),
                    ("confirm", confirm),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let r = change("mat-khau-dai", "mat-khau-moi-1", "mat-khau-moi-2").await;
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Hai lần nhập mật khẩu mới không khớp")
    );
    let r = change("sai-mat-khau", "mat-khau-moi-1", "mat-khau-moi-1").await;
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Mật khẩu hiện tại không đúng")
    );
    // Nothing changed so far: the old password still signs in.
    let (_, s) = try_login(&app.base, "xem", "mat-khau-dai").await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let r = change("mat-khau-dai", "mat-khau-moi-1", "mat-khau-moi-1").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/dang-nhap"));
    // The session ended; the new password works, the old does not.
    let r = c.get(format!("{}/", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/dang-nhap"));
    let (_, s) = try_login(&app.base, "xem", "mat-khau-dai").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (_, s) = try_login(&app.base, "xem", "mat-khau-moi-1").await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(
        !app.store
            .user(app.f.users[6])
            .await
            .unwrap()
            .must_change_password
    );
});

on_both!(registration_template_xlsx, |store: Store| async move {
    let app = spawn(store).await;
    let (cb, _) = app.login("canbo").await;
    let r = cb
        .get(format!(
            "{}/ke-hoach/{}/dang-ky/{}/mau.xlsx",
            app.base, app.f.plan, app.f.pcs
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("dang-ky-2026-PCS.xlsx")
    );
    let bytes = r.bytes().await.unwrap();
    use calamine::Reader;
    let mut wb =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let name = wb.sheet_names()[0].clone();
    let cells: Vec<String> = wb
        .worksheet_range(&name)
        .unwrap()
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(cells.iter().any(|c| c == "Lê Văn Một"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "Trần Thị Hai"));
    assert!(cells.iter().any(|c| c == "P1"));
    assert!(
        !cells.iter().any(|c| c == "Đỗ Văn Khác"),
        "another unit's person"
    );
    // Another unit's template is not the clerk's.
    let r = cb
        .get(format!(
            "{}/ke-hoach/{}/dang-ky/{}/mau.xlsx",
            app.base, app.f.plan, app.f.vp
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
});

on_both!(report_pdf, |store: Store| async move {
    let app = spawn(store).await;
    let (v, _) = app.login("vanphong").await;
    let r = v
        .get(format!("{}/ke-hoach/{}/bao-cao.pdf", app.base, app.f.plan))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("bao-cao-dang-ky-2026.pdf")
    );
    let pdf = r.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() > 5_000, "{} bytes", pdf.len());
    let tail = &pdf[pdf.len().saturating_sub(64)..];
    assert!(
        tail.windows(5).any(|w| w == b"%%EOF"),
        "a complete PDF ends with %%EOF"
    );
    // The Word twin of the same report names the department that registered.
    let docx = v
        .get(format!("{}/ke-hoach/{}/bao-cao.docx", app.base, app.f.plan))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx.to_vec())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("Phòng Chính sách"), "{xml}");
    // A department's clerk does not draw the Office's report.
    let (cb, _) = app.login("canbo").await;
    let r = cb
        .get(format!("{}/ke-hoach/{}/bao-cao.pdf", app.base, app.f.plan))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
});
