//! The store contract: the same stories on SQLite and PostgreSQL.

use chrono::NaiveDate;
use tdkt_domain::auth::Role;
use tdkt_domain::codes::{AwardCode, AwardKind, Rating};
use tdkt_domain::error::Error;
use tdkt_domain::org::{PersonInput, UnitInput};
use tdkt_store::history::{NewAward, Subject};
use tdkt_store::people::PeopleFilter;
use tdkt_store::users::LoginOutcome;
use tdkt_store::{Actor, Store};
use tdkt_tests::on_both;
use tdkt_tests::seed;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn unit(
    store: &Store,
    actor: &Actor,
    code: &str,
    name: &str,
    parent: Option<i64>,
    kind: &str,
    level: &str,
) -> i64 {
    let levels = store.levels().await.unwrap();
    let mut w = store.begin(actor).await.unwrap();
    let id = seed::unit(&mut w, &levels, code, name, parent, kind, level).await;
    w.commit().await.unwrap();
    id
}

async fn person(
    store: &Store,
    actor: &Actor,
    code: &str,
    name: &str,
    unit_id: i64,
) -> Result<i64, Error> {
    let v = seed::person_input(code, name, unit_id, "01/01/2015").validate(seed::people_on())?;
    let mut w = store.begin(actor).await?;
    let p = w.create_person(&v).await?;
    w.commit().await?;
    Ok(p.id)
}

struct Tree {
    root: i64,
    vp: i64,
    cs: i64,
}

async fn tree(store: &Store) -> Tree {
    let sys = Actor::system("test");
    let root = unit(
        store,
        &sys,
        "BDT",
        "Ban Dân tộc",
        None,
        "agency",
        "so-nganh",
    )
    .await;
    let vp = unit(
        store,
        &sys,
        "VP",
        "Văn phòng",
        Some(root),
        "department",
        "phong",
    )
    .await;
    let cs = unit(
        store,
        &sys,
        "CS",
        "Phòng Chính sách",
        Some(root),
        "department",
        "phong",
    )
    .await;
    Tree { root, vp, cs }
}

async fn user_with(store: &Store, name: &str, role: Role, unit_id: i64) -> Actor {
    let sys = Actor::system("test");
    let mut w = store.begin(&sys).await.unwrap();
    let id = seed::account(&mut w, name, role, unit_id).await;
    w.commit().await.unwrap();
    let u = store.user(id).await.unwrap();
    store.actor_for(&u).await.unwrap()
}

on_both!(
    people_sorted_searched_and_scoped,
    |store: Store| async move {
        let t = tree(&store).await;
        let sys = Actor::system("test");
        for (code, name, u) in [
            ("A1", "Trần Văn Bình", t.vp),
            ("A2", "Nguyễn Văn An", t.vp),
            ("A3", "Đặng Thị Ân", t.cs),
            ("A4", "Lê Thị Ánh", t.cs),
            ("A5", "Võ Đức", t.vp),
        ] {
            person(&store, &sys, code, name, u).await.unwrap();
        }
        let all = store
            .list_people(
                &sys,
                &PeopleFilter {
                    per_page: 50,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let names: Vec<_> = all.items.iter().map(|p| p.full_name.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "Nguyễn Văn An",
                "Lê Thị Ánh",
                "Đặng Thị Ân",
                "Trần Văn Bình",
                "Võ Đức"
            ]
        );
        assert_eq!(all.total, 5);

        let found = store
            .list_people(
                &sys,
                &PeopleFilter {
                    q: "nguyen van an".into(),
                    per_page: 50,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(found.items.len(), 1);
        assert_eq!(found.items[0].full_name, "Nguyễn Văn An");
        let found = store
            .list_people(
                &sys,
                &PeopleFilter {
                    q: "DUC".into(),
                    per_page: 50,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(found.items[0].full_name, "Võ Đức");
        // LIKE wildcards typed by users are literal.
        let none = store
            .list_people(
                &sys,
                &PeopleFilter {
                    q: "%".into(),
                    per_page: 50,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(none.total, 0);

        let clerk = user_with(&store, "clerk.vp", Role::UnitClerk, t.vp).await;
        let mine = store
            .list_people(
                &clerk,
                &PeopleFilter {
                    per_page: 50,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(mine.total, 3);
        assert!(mine.items.iter().all(|p| p.unit_id == t.vp));
        // Another unit's person is invisible, and may not be created there.
        let other = store
            .list_people(
                &sys,
                &PeopleFilter {
                    q: "anh".into(),
                    per_page: 50,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert!(
            store
                .visible_person(&clerk, other.items[0].id)
                .await
                .is_err()
        );
        assert_eq!(
            person(&store, &clerk, "X1", "Phan Văn Xa", t.cs).await,
            Err(Error::Forbidden)
        );
        assert!(
            person(&store, &clerk, "X2", "Phan Văn Gần", t.vp)
                .await
                .is_ok()
        );
        // Paging.
        let p2 = store
            .list_people(
                &sys,
                &PeopleFilter {
                    per_page: 2,
                    page: 2,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(p2.items.len(), 2);
        assert_eq!(p2.pages(), 3);
    }
);

on_both!(
    duplicate_code_leaves_nothing_behind,
    |store: Store| async move {
        let t = tree(&store).await;
        let sys = Actor::system("test");
        person(&store, &sys, "NV1", "Lê Văn Một", t.vp)
            .await
            .unwrap();
        let before = store
            .audit_log(&sys, &Default::default())
            .await
            .unwrap()
            .total;
        let err = person(&store, &sys, "NV1", "Lê Văn Hai", t.vp)
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::Conflict(ref f) if f.field == "code"),
            "{err:?}"
        );
        let after = store
            .audit_log(&sys, &Default::default())
            .await
            .unwrap()
            .total;
        assert_eq!(before, after);
        let all = store
            .list_people(
                &sys,
                &PeopleFilter {
                    per_page: 10,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(all.total, 1);
    }
);

on_both!(
    units_rename_move_merge_keep_history,
    |store: Store| async move {
        let t = tree(&store).await;
        let sys = Actor::system("test");
        let levels = store.levels().await.unwrap();
        let pid = person(&store, &sys, "NV9", "Hồ Thị Chín", t.cs)
            .await
            .unwrap();
        // Rename from 2025-07-01: 2021 still shows the old name.
        let mut v = UnitInput {
            code: "CS".into(),
            name: "Phòng Chính sách dân tộc".into(),
            kind: "department".into(),
            level: "phong".into(),
            parent_id: Some(t.root),
            ..Default::default()
        }
        .validate(&levels)
        .unwrap();
        let mut w = store.begin(&sys).await.unwrap();
        w.update_unit(t.cs, &v, d(2025, 7, 1)).await.unwrap();
        w.commit().await.unwrap();
        assert_eq!(
            store.unit_name_on(t.cs, d(2021, 6, 1)).await.unwrap(),
            "Phòng Chính sách"
        );
        assert_eq!(
            store.unit_name_on(t.cs, d(2025, 8, 1)).await.unwrap(),
            "Phòng Chính sách dân tộc"
        );
        // Move CS under VP: the subtree and its people follow.
        v.parent_id = Some(t.vp);
        let mut w = store.begin(&sys).await.unwrap();
        let moved = w.update_unit(t.cs, &v, d(2025, 8, 1)).await.unwrap();
        w.commit().await.unwrap();
        assert_eq!(moved.path, format!("/{}/{}/{}/", t.root, t.vp, t.cs));
        assert_eq!(moved.depth, 2);
        assert_eq!(store.person(pid).await.unwrap().unit_path, moved.path);
        // A unit cannot move under itself.
        v.parent_id = Some(t.cs);
        let mut w = store.begin(&sys).await.unwrap();
        let mut vp = v.clone();
        vp.code = "VP".into();
        vp.name = "Văn phòng".into();
        assert!(w.update_unit(t.vp, &vp, d(2025, 8, 1)).await.is_err());
        drop(w);
        // Merge CS into VP: people move, CS stops, with merged_into set.
        let mut w = store.begin(&sys).await.unwrap();
        let merged = w.merge_units(t.cs, t.vp, d(2025, 9, 1)).await.unwrap();
        w.commit().await.unwrap();
        assert!(!merged.active);
        assert_eq!(merged.merged_into, Some(t.vp));
        assert_eq!(store.person(pid).await.unwrap().unit_id, t.vp);
        let transfers = store.transfers(pid).await.unwrap();
        assert_eq!(transfers.len(), 2);
        assert_eq!(
            transfers[1].from_unit_name.as_deref(),
            Some("Phòng Chính sách dân tộc")
        );
    }
);

on_both!(history_and_profile, |store: Store| async move {
    let t = tree(&store).await;
    let sys = Actor::system("test");
    let pid = person(&store, &sys, "NV1", "Lê Thị Hồng", t.vp)
        .await
        .unwrap();
    let mut w = store.begin(&sys).await.unwrap();
    w.put_rating(Subject::Person(pid), 2020, Rating::Htxs)
        .await
        .unwrap();
    w.put_rating(Subject::Person(pid), 2020, Rating::Htt)
        .await
        .unwrap();
    w.put_rating(Subject::Unit(t.vp), 2021, Rating::Htxs)
        .await
        .unwrap();
    let award = NewAward {
        award: AwardCode::Ldtt,
        year: 2020,
        kind: AwardKind::CongTrang,
        decision_number: "85/QĐ-BDT".into(),
        decision_date: Some(d(2020, 12, 22)),
        issuer: "Trưởng Ban".into(),
        unit_name: "Văn phòng".into(),
    };
    w.add_award(Subject::Person(pid), &award).await.unwrap();
    w.add_award(Subject::Person(pid), &award).await.unwrap();
    w.commit().await.unwrap();
    let h = store.history(Subject::Person(pid)).await.unwrap();
    assert_eq!(h.ratings.len(), 1);
    assert_eq!(h.ratings[0].rating, "HTT");
    assert_eq!(h.awards.len(), 1);
    assert_eq!(h.awards[0].decision_date, Some(d(2020, 12, 22)));
    let hu = store.history(Subject::Unit(t.vp)).await.unwrap();
    assert_eq!(hu.ratings.len(), 1);
    // A viewer may not write history.
    let viewer = user_with(&store, "viewer1", Role::Viewer, t.root).await;
    let mut w = store.begin(&viewer).await.unwrap();
    assert_eq!(
        w.put_rating(Subject::Person(pid), 2021, Rating::Htt).await,
        Err(Error::Forbidden)
    );
});

on_both!(
    login_throttle_lock_and_sessions,
    |store: Store| async move {
        let t = tree(&store).await;
        let _ = user_with(&store, "thuky", Role::Secretariat, t.root).await;
        assert!(matches!(
            store
                .login("thuky", "mat-khau-dai", "1.1.1.1", "ua")
                .await
                .unwrap(),
            LoginOutcome::Ok(_)
        ));
        assert!(matches!(
            store.login("thuky", "sai", "1.1.1.1", "ua").await.unwrap(),
            LoginOutcome::Failed
        ));
        assert!(matches!(
            store
                .login("khongco", "sai", "2.2.2.2", "ua")
                .await
                .unwrap(),
            LoginOutcome::Failed
        ));
        for _ in 0..4 {
            store.login("thuky", "sai", "1.1.1.1", "ua").await.unwrap();
        }
        // That address must wait now, even with the right password…
        assert!(matches!(
            store
                .login("thuky", "mat-khau-dai", "1.1.1.1", "ua")
                .await
                .unwrap(),
            LoginOutcome::Throttled(_)
        ));
        // …but the guesses do not lock the owner out from elsewhere.
        assert!(matches!(
            store
                .login("thuky", "mat-khau-dai", "3.3.3.3", "ua")
                .await
                .unwrap(),
            LoginOutcome::Ok(_)
        ));
        let u = store.user_by_name("thuky").await.unwrap().unwrap();
        let sys = Actor::system("test");
        let mut w = store.begin(&sys).await.unwrap();
        w.set_locked(u.id, true).await.unwrap();
        w.set_locked(u.id, false).await.unwrap();
        w.set_locked(u.id, true).await.unwrap();
        w.commit().await.unwrap();
        assert!(matches!(
            store
                .login("thuky", "mat-khau-dai", "4.4.4.4", "ua")
                .await
                .unwrap(),
            LoginOutcome::Locked
        ));
        let log = store.access_log(1, 50).await.unwrap();
        assert!(log.items.iter().any(|e| e.event == "login_failed"));
        assert!(log.items.iter().any(|e| e.event == "login_locked"));

        let mut w = store.begin(&sys).await.unwrap();
        w.set_locked(u.id, false).await.unwrap();
        w.commit().await.unwrap();
        let (token, csrf) = store.create_session(u.id, "ip", "ua").await.unwrap();
        let s = store
            .session(&token, chrono::Duration::minutes(30))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(s.csrf_token, csrf);
        assert!(
            store
                .session("khong-phai", chrono::Duration::minutes(30))
                .await
                .unwrap()
                .is_none()
        );
        // Idle longer than the timeout: gone.
        assert!(
            store
                .session(&token, chrono::Duration::seconds(-1))
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .session(&token, chrono::Duration::minutes(30))
                .await
                .unwrap()
                .is_none()
        );
    }
);

on_both!(audit_records_old_and_new, |store: Store| async move {
    let t = tree(&store).await;
    let clerk = user_with(&store, "clerk", Role::UnitClerk, t.vp).await;
    let pid = person(&store, &clerk, "NV7", "Mai Văn Bảy", t.vp)
        .await
        .unwrap();
    let v = PersonInput {
        code: "NV7".into(),
        full_name: "Mai Văn Bảy".into(),
        gender: "nam".into(),
        staff_category: "vien-chuc".into(),
        unit_id: t.vp,
        position: "Chuyên viên chính".into(),
        ..Default::default()
    }
    .validate(d(2026, 1, 1))
    .unwrap();
    let mut w = store.begin(&clerk).await.unwrap();
    w.update_person(pid, &v, d(2026, 1, 1)).await.unwrap();
    w.commit().await.unwrap();
    let sys = Actor::system("test");
    let log = store
        .audit_log(
            &sys,
            &tdkt_store::audit::AuditFilter {
                entity: Some("person".into()),
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(log.total, 2);
    let upd = &log.items[0];
    assert_eq!(upd.action, "update");
    assert_eq!(upd.actor, "clerk");
    assert!(upd.old_value.as_deref().unwrap().contains("cong-chuc"));
    assert!(
        upd.new_value
            .as_deref()
            .unwrap()
            .contains("Chuyên viên chính")
    );
    // The clerk of another unit sees none of it.
    let other = user_with(&store, "clerk2", Role::UnitHead, t.cs).await;
    let theirs = store.audit_log(&other, &Default::default()).await.unwrap();
    assert_eq!(theirs.total, 0);
});

on_both!(
    subtree_admin_cannot_take_over_wider_accounts,
    |store: Store| async move {
        let t = tree(&store).await;
        let root_admin = user_with(&store, "quantri", Role::Admin, t.root).await;
        let vp_admin = user_with(&store, "quantri.vp", Role::Admin, t.vp).await;
        let clerk = user_with(&store, "thuky.vp", Role::UnitClerk, t.vp).await;
        let root_id = root_admin.user_id.unwrap();
        // The VP administrator manages VP's accounts…
        let mut w = store.begin(&vp_admin).await.unwrap();
        w.set_password(clerk.user_id.unwrap(), "mat-khau-moi-1", true)
            .await
            .unwrap();
        w.commit().await.unwrap();
        // …but not the province's administrator, nor may grant roles above VP.
        let mut w = store.begin(&vp_admin).await.unwrap();
        assert_eq!(
            w.set_password(root_id, "chiem-quyen-123", false).await,
            Err(Error::Forbidden)
        );
        assert_eq!(w.set_locked(root_id, true).await, Err(Error::Forbidden));
        assert_eq!(
            w.grant_role(clerk.user_id.unwrap(), Role::Admin, t.root)
                .await,
            Err(Error::Forbidden)
        );
        drop(w);
        assert!(matches!(
            store
                .login("quantri", "mat-khau-dai", "9.9.9.9", "ua")
                .await
                .unwrap(),
            LoginOutcome::Ok(_)
        ));
    }
);

/// The writer refuses a row whose reference leads nowhere (and keeps the
/// people of `unit` it had).
async fn assert_foreign_keys_checked(store: &Store, unit: i64) {
    let before = store
        .list_people(
            &Actor::system("test"),
            &PeopleFilter {
                unit_id: Some(unit),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .total;
    let orphan = "INSERT INTO person_employment (person_id, kind, from_date) VALUES (987654321, 'cong-chuc', '2020-01-01')";
    let refused = match &store.db {
        tdkt_store::Db::Sqlite { write, .. } => sqlx::query(orphan).execute(write).await.is_err(),
        tdkt_store::Db::Postgres { pool: p, .. } => sqlx::query(orphan).execute(p).await.is_err(),
    };
    assert!(refused, "a dangling reference was accepted");
    let after = store
        .list_people(
            &Actor::system("test"),
            &PeopleFilter {
                unit_id: Some(unit),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .total;
    assert_eq!(before, after);
}

on_both!(bulk_import_rebuilds_indexes, |store: Store| async move {
    use tdkt_store::import::ImportPerson;
    let t = tree(&store).await;
    let sys = Actor::system("test");
    let rows: Vec<ImportPerson> = (0..6000)
        .map(|i| ImportPerson {
            row: i + 2,
            code_given: true,
            person: PersonInput {
                code: format!("B{i:05}"),
                full_name: format!(
                    "Ngô Văn Số {}",
                    ["An", "Bình", "Cường", "Dũng"][i as usize % 4]
                ),
                gender: "nam".into(),
                staff_category: "cong-chuc".into(),
                unit_id: if i % 2 == 0 { t.vp } else { t.cs },
                ..Default::default()
            }
            .validate(d(2026, 1, 1))
            .unwrap(),
        })
        .collect();
    // A large load that fails (a code repeated on its last row) keeps nothing
    // and leaves the writer checking foreign keys again.
    let mut bad = rows.clone();
    bad[5999].person.code = "B00003".into();
    let mut w = store.begin_people_import(&sys, bad.len()).await.unwrap();
    assert!(w.import_people("DS", bad).await.is_err());
    drop(w);
    assert_foreign_keys_checked(&store, t.vp).await;
    let mut w = store.begin_people_import(&sys, rows.len()).await.unwrap();
    let report = w.import_people("DS", rows).await.unwrap();
    w.commit().await.unwrap();
    assert_eq!(report.created, 6000);
    assert_foreign_keys_checked(&store, t.vp).await;
    let page = store
        .list_people(
            &sys,
            &PeopleFilter {
                per_page: 3,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(page.total, 6000);
    assert!(page.items.iter().all(|p| p.full_name.ends_with(" An")));
    let vp_only = store
        .list_people(
            &sys,
            &PeopleFilter {
                unit_id: Some(t.vp),
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(vp_only.total, 3000);
    // The indexes are back.
    let names: Vec<String> = match &store.db {
        tdkt_store::Db::Sqlite { read, .. } => sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people'",
        )
        .fetch_all(read)
        .await
        .unwrap(),
        tdkt_store::Db::Postgres { pool: p, .. } => {
            sqlx::query_scalar("SELECT indexname::text FROM pg_indexes WHERE tablename = 'people'")
                .fetch_all(p)
                .await
                .unwrap()
        }
    };
    for n in ["people_sort", "people_unit", "people_unit_path"] {
        assert!(names.iter().any(|x| x == n), "{n} missing: {names:?}");
    }
    // The planner's statistics of `people` were refreshed with the load.
    let counted: i64 = match &store.db {
        tdkt_store::Db::Sqlite { read, .. } => {
            let stat: String = sqlx::query_scalar(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'people' AND idx = 'people_sort'",
            )
            .fetch_one(read)
            .await
            .unwrap();
            stat.split(' ').next().unwrap().parse().unwrap()
        }
        tdkt_store::Db::Postgres { pool: p, .. } => sqlx::query_scalar(
            "SELECT reltuples::bigint FROM pg_class WHERE relname = 'people' AND relkind = 'r'",
        )
        .fetch_one(p)
        .await
        .unwrap(),
    };
    assert!(counted >= 6000, "statistics still count {counted} people");
    // The writer's page cache, changed for the load, is back to its size.
    if let tdkt_store::Db::Sqlite { write, .. } = &store.db {
        let pages: i64 = sqlx::query_scalar("PRAGMA cache_size")
            .fetch_one(write)
            .await
            .unwrap();
        assert_eq!(pages, -32000);
    }
});

on_both!(
    streamed_import_keeps_nothing_on_a_late_problem,
    |store: Store| async move {
        use tdkt_store::import::ImportPerson;
        let t = tree(&store).await;
        let sys = Actor::system("test");
        let person = |i: u32, code: String, name: &str, birth: Option<NaiveDate>| ImportPerson {
            row: i + 2,
            code_given: !code.is_empty(),
            person: PersonInput {
                code: if code.is_empty() { "TAM".into() } else { code },
                full_name: name.into(),
                gender: "nu".into(),
                staff_category: "vien-chuc".into(),
                unit_id: t.cs,
                birth_date: birth
                    .map(|b| b.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
                employment_start: "01/09/2015".into(),
                ..Default::default()
            }
            .validate(d(2026, 1, 1))
            .unwrap(),
        };
        // Three batches; the third repeats a code of the first.
        let mut w = store.begin(&sys).await.unwrap();
        let mut imp = w.start_people_import("DS", 2500);
        for b in 0..3u32 {
            let rows: Vec<ImportPerson> = (b * 1000..(b * 1000 + 1000).min(2500))
                .map(|i| {
                    let code = if i == 2400 {
                        "S00007".to_string()
                    } else {
                        format!("S{i:05}")
                    };
                    person(i, code, "Đỗ Thị Mai", None)
                })
                .collect();
            w.import_people_batch(&mut imp, rows).await.unwrap();
        }
        imp.add_problems(vec![
            tdkt_domain::error::FieldError::new("gender", "lỗi đọc").at(
                tdkt_domain::error::Location {
                    sheet: Some("DS".into()),
                    row: Some(5),
                    column: Some("E".into()),
                },
            ),
        ]);
        let err = w.finish_people_import(imp).await.unwrap_err();
        drop(w);
        let problems = err.field_errors();
        assert_eq!(problems.len(), 2, "{problems:?}");
        // In sheet order, whichever side found them.
        assert_eq!(problems[0].location.as_ref().unwrap().row, Some(5));
        assert!(
            problems[1].message.contains("trùng với dòng 9"),
            "{problems:?}"
        );
        assert_eq!(problems[1].location.as_ref().unwrap().row, Some(2402));
        let page = store
            .list_people(
                &sys,
                &PeopleFilter {
                    per_page: 50,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(page.total, 0, "the first batches were rolled back");

        // A sheet without codes: matched by name and birth date, else a new code.
        let mut w = store.begin(&sys).await.unwrap();
        let first = vec![
            person(0, String::new(), "Đỗ Thị Mai", Some(d(1990, 4, 2))),
            person(1, String::new(), "Đỗ Thị Mai", Some(d(1991, 4, 2))),
        ];
        let r = w.import_people("DS", first).await.unwrap();
        w.commit().await.unwrap();
        assert_eq!(r.created, 2);
        let mut again = person(0, String::new(), "Đỗ Thị Mai", Some(d(1990, 4, 2)));
        again.person.position = "Kế toán".into();
        let mut w = store.begin(&sys).await.unwrap();
        let r = w
            .import_people(
                "DS",
                vec![
                    again,
                    person(2, String::new(), "Đỗ Thị Mai", Some(d(1991, 4, 2))),
                    person(3, String::new(), "Lý Văn Ba", Some(d(1980, 1, 1))),
                ],
            )
            .await
            .unwrap();
        w.commit().await.unwrap();
        assert_eq!((r.created, r.updated, r.unchanged), (1, 1, 1));
        let page = store
            .list_people(
                &sys,
                &PeopleFilter {
                    per_page: 50,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(page.total, 3);
        let mut codes: Vec<&str> = page.items.iter().map(|p| p.code.as_str()).collect();
        codes.sort();
        assert_eq!(codes, ["CB000001", "CB000002", "CB000003"]);
        assert!(page.items.iter().any(|p| p.position == "Kế toán"));
        // Each new person has a first placement and an employment period.
        for p in &page.items {
            let moves = store.transfers(p.id).await.unwrap();
            assert_eq!(moves.len(), 1);
            assert_eq!(moves[0].to_unit_id, t.cs);
            assert_eq!(moves[0].on_date, d(2015, 9, 1));
            let jobs = store.employment(p.id).await.unwrap();
            assert_eq!(jobs.len(), 1);
            assert_eq!(jobs[0].kind, "vien-chuc");
        }
    }
);

// The home page's figures come from per-unit counts kept by triggers and by the
// insert paths (migration 0006): after creating, rating, transferring, editing,
// deactivating and merging they equal what the people themselves say.
on_both!(
    scope_counts_follow_every_change,
    |store: Store| async move {
        let t = tree(&store).await;
        let sys = Actor::system("test");
        let mk = |code: &str, name: &str, unit: i64, gender: &str, manager: bool, start: &str| {
            PersonInput {
                gender: gender.into(),
                is_manager: manager,
                ..seed::person_input(code, name, unit, start)
            }
            .validate(seed::people_on())
            .unwrap()
        };
        let mut w = store.begin(&sys).await.unwrap();
        let p1 = w
            .create_person(&mk("C1", "Lê Thị Một", t.vp, "nu", true, "01/01/2015"))
            .await
            .unwrap()
            .id;
        let p2 = w
            .create_person(&mk("C2", "Trần Văn Hai", t.vp, "nam", false, "01/01/2015"))
            .await
            .unwrap()
            .id;
        let p3 = w
            .create_person(&mk("C3", "Đỗ Thị Ba", t.cs, "nu", false, "01/01/2015"))
            .await
            .unwrap()
            .id;
        let p4 = w
            .create_person(&mk("C4", "Vũ Văn Bốn", t.cs, "nam", false, ""))
            .await
            .unwrap()
            .id;
        w.put_rating(Subject::Person(p1), 2026, Rating::Htt)
            .await
            .unwrap();
        w.put_rating(Subject::Person(p2), 2026, Rating::Htt)
            .await
            .unwrap();
        w.put_rating(Subject::Person(p3), 2026, Rating::Ht)
            .await
            .unwrap();
        w.commit().await.unwrap();
        let s = store.scope_stats(&sys, 2026).await.unwrap();
        assert_eq!(
            (
                s.people,
                s.women,
                s.managers,
                s.missing_start,
                s.missing_rating
            ),
            (4, 2, 1, 1, 1)
        );
        let mut w = store.begin(&sys).await.unwrap();
        w.transfer_person(p1, t.cs, d(2026, 3, 1), "")
            .await
            .unwrap();
        w.set_person_active(p2, false).await.unwrap();
        // Same rating again: no double count.
        w.put_rating(Subject::Person(p3), 2026, Rating::Htt)
            .await
            .unwrap();
        w.update_person(
            p4,
            &mk("C4", "Vũ Thị Bốn", t.cs, "nu", true, "01/02/2020"),
            d(2026, 3, 1),
        )
        .await
        .unwrap();
        w.commit().await.unwrap();
        let s = store.scope_stats(&sys, 2026).await.unwrap();
        // p1, p3, p4 active; all women; p1 and p4 managers; p4 still unrated.
        assert_eq!(
            (
                s.people,
                s.women,
                s.managers,
                s.missing_start,
                s.missing_rating
            ),
            (3, 3, 2, 0, 1)
        );
        let mut w = store.begin(&sys).await.unwrap();
        w.merge_units(t.cs, t.vp, d(2026, 6, 1)).await.unwrap();
        w.set_person_active(p2, true).await.unwrap();
        w.commit().await.unwrap();
        let s = store.scope_stats(&sys, 2026).await.unwrap();
        assert_eq!(
            (
                s.people,
                s.women,
                s.managers,
                s.missing_start,
                s.missing_rating,
                s.units
            ),
            (4, 3, 2, 0, 1, 2)
        );
        // The same figures for a unit head's scope: only Văn phòng, where everyone now is.
        let head = {
            let mut w = store.begin(&sys).await.unwrap();
            let u = seed::account(&mut w, "truongvp", Role::UnitHead, t.vp).await;
            w.commit().await.unwrap();
            store
                .actor_for(&store.user(u).await.unwrap())
                .await
                .unwrap()
        };
        let s = store.scope_stats(&head, 2026).await.unwrap();
        assert_eq!((s.people, s.missing_rating, s.units), (4, 1, 1));
    }
);
