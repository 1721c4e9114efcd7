//! The staff list and its search against a plain scan, on both databases:
//! whichever way a page is read (name order walked, scope read and sorted,
//! trigram index, common term walked with "hơn 1.000"), it shows exactly the
//! people a `LIKE` over every row finds, in the same order, before and after
//! people are created, renamed, imported, moved and deactivated. And the
//! in-process copy of the unit tree follows every write.

use chrono::NaiveDate;
use tdkt_domain::text::fold;
use tdkt_store::import::ImportPerson;
use tdkt_store::people::{PeopleFilter, SEARCH_COUNT_CAP, like_contains};
use tdkt_store::{Actor, Store};
use tdkt_tests::{on_both, seed};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Family names as often as in Vietnam (Nguyễn about two in five), so that
/// "nguyen" is a common term; given names spread over the alphabet.
const FAMILIES: &[(&str, u32)] = &[
    ("Nguyễn", 40),
    ("Trần", 11),
    ("Lê", 10),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 3),
    ("Bùi", 3),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 1),
    ("Dương", 1),
];
const MIDDLES: &[&str] = &["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu"];
const GIVENS: &[&str] = &[
    "An", "Anh", "Ân", "Ánh", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hương", "Khánh", "Lan",
    "Linh", "Mai", "Nam", "Phương", "Quỳnh", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến",
];

fn name(i: u64) -> String {
    // A fixed pseudo-random sequence: the same people on every run.
    let x = i
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407)
        >> 33;
    let mut f = (x % 100) as u32;
    let family = FAMILIES
        .iter()
        .find(|(_, w)| {
            if f < *w {
                true
            } else {
                f -= w;
                false
            }
        })
        .map(|(n, _)| *n)
        .unwrap_or("Lý");
    let middle = MIDDLES[((x >> 8) % MIDDLES.len() as u64) as usize];
    let given = GIVENS[((x >> 16) % GIVENS.len() as u64) as usize];
    format!("{family} {middle} {given}")
}

fn row(i: u32, code: &str, full_name: &str, unit_id: i64) -> ImportPerson {
    ImportPerson {
        row: i + 2,
        code_given: true,
        person: seed::person_input(code, full_name, unit_id, "")
            .validate(d(2026, 1, 1))
            .unwrap(),
    }
}

struct Tree {
    root: i64,
    /// 3,000 people: a large scope (more than the 2,000 read whole).
    big: i64,
    /// 800 people: a small scope.
    small: i64,
}

async fn tree(store: &Store) -> Tree {
    let sys = Actor::system("test");
    let levels = store.levels().await.unwrap();
    let mut w = store.begin(&sys).await.unwrap();
    let root = seed::agency(&mut w, &levels, "BDT", "Ban Dân tộc", None, "so-nganh").await;
    let big = seed::department(&mut w, &levels, "VP", "Văn phòng", root).await;
    let small = seed::department(&mut w, &levels, "CS", "Phòng Chính sách", root).await;
    w.commit().await.unwrap();
    // Imported: the bulk path (SQLite), which fills the index per batch.
    let rows: Vec<ImportPerson> = (0..3800u32)
        .map(|i| {
            let unit = if i < 3000 { big } else { small };
            row(i, &format!("S{i:05}"), &name(i as u64), unit)
        })
        .collect();
    let mut w = store.begin_people_import(&sys, rows.len()).await.unwrap();
    w.import_people("DS", rows).await.unwrap();
    w.commit().await.unwrap();
    // Created one by one: the form's path.
    let mut w = store.begin(&sys).await.unwrap();
    seed::person(&mut w, "R1", "Nguyễn Văn An", small, "").await;
    seed::person(&mut w, "R2", "Tạ Thị Ánh \"Ngọc\"", big, "").await;
    seed::person(&mut w, "R3_X", "Lò Văn Trăm%_x", root, "").await;
    w.commit().await.unwrap();
    Tree { root, big, small }
}

/// Ids a plain scan finds, in list order: today's definition of a search.
async fn plain_scan(store: &Store, scope: &str, include_inactive: bool, q: &str) -> Vec<i64> {
    let (lo, hi) = tdkt_store::actor::subtree_range(scope);
    let pattern = like_contains(&fold(q));
    let sql =
        "SELECT id FROM people WHERE unit_path >= $1 AND unit_path < $2 AND (active = TRUE OR $3)
               AND name_search LIKE $4 ESCAPE '\\' ORDER BY sort_key, unit_path, name_search, id";
    match &store.db {
        tdkt_store::Db::Sqlite { read, .. } => sqlx::query_scalar(sql)
            .bind(&lo)
            .bind(&hi)
            .bind(include_inactive)
            .bind(&pattern)
            .fetch_all(read)
            .await
            .unwrap(),
        tdkt_store::Db::Postgres { pool: p, .. } => sqlx::query_scalar(sql)
            .bind(&lo)
            .bind(&hi)
            .bind(include_inactive)
            .bind(&pattern)
            .fetch_all(p)
            .await
            .unwrap(),
    }
}

/// Pages through the list (and looks at page 1 and a deep page of 50) and
/// compares with the plain scan. `large`: the scope holds more than 2,000
/// people, so a common term is not counted through.
async fn same_as_scan(
    store: &Store,
    unit: Option<i64>,
    large: bool,
    include_inactive: bool,
    q: &str,
) -> Vec<i64> {
    let sys = Actor::system("test");
    let scope = match unit {
        Some(u) => store.unit(u).await.unwrap().path,
        None => "/".to_string(),
    };
    let want = plain_scan(store, &scope, include_inactive, q).await;
    let filter = |page: i64, per_page: i64| PeopleFilter {
        q: q.into(),
        unit_id: unit,
        include_inactive,
        page,
        per_page,
    };
    let common = want.len() as i64 > SEARCH_COUNT_CAP;
    let mut got = Vec::new();
    for page in 1.. {
        let p = store.list_people(&sys, &filter(page, 500)).await.unwrap();
        let ctx = format!("{q:?} in {scope} (inactive {include_inactive}), page {page}");
        if !q.is_empty() {
            assert_eq!(p.capped, large && common, "{ctx}");
        }
        if p.capped {
            assert!(p.total > SEARCH_COUNT_CAP, "{ctx}");
        } else {
            assert_eq!(p.total, want.len() as i64, "{ctx}");
        }
        // The pager offers a next page exactly when there is one.
        let more = (want.len() as i64) > page * 500;
        assert_eq!(p.pages() > page, more, "{ctx}: total {}", p.total);
        if p.items.is_empty() {
            break;
        }
        got.extend(p.items.iter().map(|r| r.id));
        if !more {
            break;
        }
    }
    assert_eq!(got, want, "{q:?} in {scope} (inactive {include_inactive})");
    for (page, per_page) in [(1, 50), (17, 50)] {
        let p = store
            .list_people(&sys, &filter(page, per_page))
            .await
            .unwrap();
        let from = ((page - 1) * per_page) as usize;
        let expected: Vec<i64> = want
            .iter()
            .skip(from)
            .take(per_page as usize)
            .copied()
            .collect();
        let shown: Vec<i64> = p.items.iter().map(|r| r.id).collect();
        assert_eq!(
            shown, expected,
            "{q:?} in {scope}, page {page} of {per_page}"
        );
    }
    want
}

/// Rare, common, short, with and without diacritics, codes, LIKE's own
/// wildcards, quotes, in every kind of scope.
async fn all_kinds(store: &Store, t: &Tree) {
    const TERMS: &[&str] = &[
        "",
        "nguyen van an",
        "Nguyễn Văn An",
        "NGUYỄN",
        "nguyen",
        "van",
        "thi anh",
        "quynh",
        "s01234",
        "s00",
        "an",
        "Ân",
        "b",
        "%",
        "trăm%_",
        "r3_",
        "_x",
        "\"ngoc\"",
        "anh \"",
        "zzz",
    ];
    for q in TERMS {
        same_as_scan(store, None, true, false, q).await;
        same_as_scan(store, Some(t.big), true, false, q).await;
        same_as_scan(store, Some(t.small), false, false, q).await;
    }
    same_as_scan(store, None, true, true, "nguyen").await;
    same_as_scan(store, Some(t.small), false, true, "an").await;
}

/// The URL of the database `store` is open on.
async fn url_of(store: &Store) -> String {
    match &store.db {
        tdkt_store::Db::Sqlite { read, .. } => {
            let file: String =
                sqlx::query_scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")
                    .fetch_one(read)
                    .await
                    .unwrap();
            format!("sqlite://{file}")
        }
        tdkt_store::Db::Postgres { pool: p, .. } => {
            let name: String = sqlx::query_scalar("SELECT current_database()")
                .fetch_one(p)
                .await
                .unwrap();
            let admin = tdkt_tests::postgres_admin_url();
            format!("{}/{name}", &admin[..admin.rfind('/').unwrap()])
        }
    }
}

/// SQLite's index holds what the table holds (FTS5 compares them itself).
async fn index_in_step(store: &Store) {
    if let tdkt_store::Db::Sqlite { read, .. } = &store.db {
        sqlx::query("INSERT INTO people_fts (people_fts, rank) VALUES ('integrity-check', 1)")
            .execute(read)
            .await
            .expect("people_fts differs from people");
    }
}

on_both!(search_matches_a_plain_scan, |store: Store| async move {
    let t = tree(&store).await;
    let sys = Actor::system("test");
    // The bulk import counted its 3,800 people once (the per-unit counts).
    assert_eq!(store.scope_stats(&sys, 2026).await.unwrap().people, 3_803);
    index_in_step(&store).await;
    all_kinds(&store, &t).await;
    let an = same_as_scan(&store, Some(t.small), false, false, "nguyen van an").await;
    let r1 = store.person_id_by_code("R1").await.unwrap().unwrap();
    assert!(an.contains(&r1), "«nguyen van an» finds «Nguyễn Văn An»");

    // Renamed by the form; created; moved; deactivated.
    let mut w = store.begin(&sys).await.unwrap();
    w.update_person(
        r1,
        &seed::valid_person("R1", "Trịnh Thị Xuyến", t.small, ""),
        d(2026, 3, 1),
    )
    .await
    .unwrap();
    let r4 = seed::person(&mut w, "R4", "Nguyễn Văn Ăn", t.small, "").await;
    let moved = store.person_id_by_code("S03001").await.unwrap().unwrap();
    w.transfer_person(moved, t.big, d(2026, 3, 1), "")
        .await
        .unwrap();
    let gone = store.person_id_by_code("S00007").await.unwrap().unwrap();
    w.set_person_active(gone, false).await.unwrap();
    w.commit().await.unwrap();
    assert_eq!(
        same_as_scan(&store, None, true, false, "xuyen").await,
        vec![r1]
    );
    assert!(
        !same_as_scan(&store, None, true, false, "nguyen van an")
            .await
            .contains(&r1)
    );
    assert!(
        same_as_scan(&store, Some(t.small), false, false, "nguyen van an")
            .await
            .contains(&r4)
    );
    assert!(
        same_as_scan(&store, Some(t.big), true, false, "s03001")
            .await
            .contains(&moved)
    );
    assert!(
        !same_as_scan(&store, None, true, false, "s00007")
            .await
            .contains(&gone)
    );
    assert!(
        same_as_scan(&store, None, true, true, "s00007")
            .await
            .contains(&gone)
    );

    // Imported again: a new name for one, and new people.
    let mut rows = vec![row(0, "S00010", "Khổng Minh Quý", t.big)];
    rows.extend(
        (0..40u32).map(|i| row(i + 1, &format!("N{i:03}"), &name(9000 + i as u64), t.small)),
    );
    let mut w = store.begin(&sys).await.unwrap();
    let report = w.import_people("DS", rows).await.unwrap();
    w.commit().await.unwrap();
    assert_eq!((report.created, report.updated), (40, 1));
    let renamed = store.person_id_by_code("S00010").await.unwrap().unwrap();
    assert_eq!(
        same_as_scan(&store, None, true, false, "khong minh").await,
        vec![renamed]
    );
    assert_eq!(
        same_as_scan(&store, Some(t.root), true, false, "n03")
            .await
            .len(),
        10
    );
    index_in_step(&store).await;
    all_kinds(&store, &t).await;
});

on_both!(search_scopes_of_an_account, |store: Store| async move {
    // A clerk of the small unit sees its people only, whatever the term.
    let t = tree(&store).await;
    let sys = Actor::system("test");
    let mut w = store.begin(&sys).await.unwrap();
    let id = seed::account(
        &mut w,
        "clerk.cs",
        tdkt_domain::auth::Role::UnitClerk,
        t.small,
    )
    .await;
    w.commit().await.unwrap();
    let clerk = store
        .actor_for(&store.user(id).await.unwrap())
        .await
        .unwrap();
    let scope = store.unit(t.small).await.unwrap().path;
    for q in ["", "nguyen", "s0", "s01", "nguyen van an", "zzz"] {
        let want = plain_scan(&store, &scope, false, q).await;
        let got = store
            .list_people(
                &clerk,
                &PeopleFilter {
                    q: q.into(),
                    page: 1,
                    per_page: 500,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(got.total, want.len() as i64, "{q:?}");
        let ids: Vec<i64> = got.items.iter().map(|r| r.id).collect();
        assert_eq!(ids, want[..want.len().min(500)], "{q:?}");
    }
});

on_both!(unit_tree_copy_follows_writes, |store: Store| async move {
    let sys = Actor::system("test");
    let levels = store.levels().await.unwrap();
    let mut w = store.begin(&sys).await.unwrap();
    let root = seed::agency(&mut w, &levels, "BDT", "Ban Dân tộc", None, "so-nganh").await;
    w.commit().await.unwrap();
    let names = |units: Vec<tdkt_store::units::Unit>| -> Vec<String> {
        units.into_iter().map(|u| u.name).collect()
    };
    assert_eq!(
        names(store.visible_units(&sys, false).await.unwrap()),
        ["Ban Dân tộc"]
    );

    // Created: visible on the next read.
    let mut w = store.begin(&sys).await.unwrap();
    let b = seed::department(&mut w, &levels, "B", "Phòng Bình", root).await;
    let a = seed::department(&mut w, &levels, "A", "Phòng Ánh", root).await;
    w.commit().await.unwrap();
    assert_eq!(
        names(store.visible_units(&sys, false).await.unwrap()),
        ["Ban Dân tộc", "Phòng Ánh", "Phòng Bình"]
    );
    // A write that is dropped changes nothing.
    let mut w = store.begin(&sys).await.unwrap();
    seed::department(&mut w, &levels, "C", "Phòng Cũ", root).await;
    drop(w);
    assert_eq!(store.visible_units(&sys, false).await.unwrap().len(), 3);
    // Renamed (and so re-sorted), moved, deactivated.
    let mut w = store.begin(&sys).await.unwrap();
    let input = tdkt_domain::org::UnitInput {
        code: "A".into(),
        name: "Phòng Yên".into(),
        kind: "department".into(),
        level: "phong".into(),
        parent_id: Some(root),
        ..Default::default()
    };
    let v = input.clone().validate(&levels).unwrap();
    w.update_unit(a, &v, d(2026, 2, 1)).await.unwrap();
    w.commit().await.unwrap();
    assert_eq!(
        names(store.visible_units(&sys, false).await.unwrap()),
        ["Ban Dân tộc", "Phòng Bình", "Phòng Yên"]
    );
    let mut w = store.begin(&sys).await.unwrap();
    let v = tdkt_domain::org::UnitInput {
        parent_id: Some(b),
        ..input
    }
    .validate(&levels)
    .unwrap();
    w.update_unit(a, &v, d(2026, 2, 2)).await.unwrap();
    w.commit().await.unwrap();
    let units = store.visible_units(&sys, false).await.unwrap();
    assert_eq!(units[2].path, format!("/{root}/{b}/{a}/"));
    let mut w = store.begin(&sys).await.unwrap();
    w.deactivate_unit(a, d(2026, 3, 1)).await.unwrap();
    w.commit().await.unwrap();
    assert_eq!(store.visible_units(&sys, false).await.unwrap().len(), 2);
    assert_eq!(store.visible_units(&sys, true).await.unwrap().len(), 3);
    // An account sees its subtree only.
    let mut w = store.begin(&sys).await.unwrap();
    let id = seed::account(&mut w, "xem.b", tdkt_domain::auth::Role::Viewer, b).await;
    w.commit().await.unwrap();
    let viewer = store
        .actor_for(&store.user(id).await.unwrap())
        .await
        .unwrap();
    assert_eq!(
        names(store.visible_units(&viewer, true).await.unwrap()),
        ["Phòng Bình", "Phòng Yên"]
    );
    // Levels.
    let mut w = store.begin(&sys).await.unwrap();
    w.put_level(&tdkt_domain::org::Level {
        code: "to".into(),
        name: "Tổ".into(),
        rank: 9,
    })
    .await
    .unwrap();
    w.commit().await.unwrap();
    assert!(store.levels().await.unwrap().iter().any(|l| l.code == "to"));

    // Another process's write shows within the copy's lifetime.
    let other = Store::connect(&url_of(&store).await).await.unwrap();
    let mut w = other.begin(&sys).await.unwrap();
    seed::department(&mut w, &levels, "D", "Phòng Đông", root).await;
    w.commit().await.unwrap();
    other.db.close().await;
    tokio::time::sleep(tdkt_store::units::TREE_COPY_TTL).await;
    assert!(
        names(store.visible_units(&sys, false).await.unwrap()).contains(&"Phòng Đông".to_string())
    );
});

on_both!(
    list_page_counts_and_unit_pickers,
    |store: Store| async move {
        use reqwest::StatusCode;
        let f = crate::fixture::build(&store, Some(&["vanphong"])).await;
        let sys = Actor::system("test");
        // More than 2,000 people in Ban Dân tộc, "nguyen" in more than 1,000.
        let rows: Vec<ImportPerson> = (0..2100u32)
            .map(|i| {
                row(
                    i,
                    &format!("H{i:05}"),
                    &format!("Nguyễn {}", &name(i as u64)[..]),
                    f.vp,
                )
            })
            .collect();
        let mut w = store.begin_people_import(&sys, rows.len()).await.unwrap();
        w.import_people("DS", rows).await.unwrap();
        w.commit().await.unwrap();
        let base = tdkt_tests::http::serve(store.clone(), tdkt_tests::http::config()).await;
        let (c, csrf) = tdkt_tests::http::login(&base, "vanphong").await;
        let get = async |path: &str| -> String {
            let r = c.get(format!("{base}{path}")).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            r.text().await.unwrap()
        };
        let page = get("/can-bo?q=nguyen").await;
        assert!(page.contains("hơn 1.000 người – trang 1</p>"), "{page}");
        assert!(page.contains("rel=\"next\""), "{page}");
        let page = get("/can-bo?q=nguyen&trang=3").await;
        assert!(page.contains("hơn 1.000 người – trang 3</p>"), "{page}");
        let page = get("/can-bo?q=khac").await;
        assert!(
            page.contains("1 người</p>") && page.contains("Đỗ Văn Khác"),
            "{page}"
        );
        let page = get("/can-bo").await;
        assert!(page.contains("2.103 người – trang 1/43</p>"), "{page}");

        // A unit created, then renamed, is in the next page's picker.
        let agency = f.agency.to_string();
        let r = c
            .post(format!("{base}/don-vi/moi"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("code", "PML"),
                ("name", "Phòng Mới Lập"),
                ("kind", "department"),
                ("level", "phong"),
                ("parent_id", agency.as_str()),
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
        let page = get("/can-bo").await;
        assert!(page.contains("— Phòng Mới Lập</option>"), "{page}");
        let id = store.unit_by_code("PML").await.unwrap().unwrap().id;
        let r = c
            .post(format!("{base}/don-vi/{id}/sua"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("code", "PML"),
                ("name", "Phòng Đổi Tên"),
                ("kind", "department"),
                ("level", "phong"),
                ("parent_id", agency.as_str()),
                ("on_date", "01/04/2026"),
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
        let page = get("/can-bo").await;
        assert!(
            page.contains("— Phòng Đổi Tên</option>") && !page.contains("Phòng Mới Lập"),
            "{page}"
        );
    }
);
