//! The administration commands end to end on a SQLite file: migrate, import
//! (interchange, all or nothing), export in both encodings, accounts, backup.

use std::path::Path;
use std::process::{Command, Stdio};

mod common;

use common::{BIN, run, text};

fn spec(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/exchange")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn import_export_round_trip_and_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("t.sqlite").display());
    let o = run(&["migrate", "--database", &db]);
    assert!(o.status.success(), "{}", text(&o));

    // A file with a bad date: nothing is written.
    let bad = dir.path().join("bad.ndjson");
    std::fs::write(
        &bad,
        "{\"format\": \"tdkt-exchange/1\"}\n{\"type\": \"unit\", \"id\": \"A\", \"name\": \"Cơ quan A\", \"parent\": null, \"kind\": \"agency\"}\n{\"type\": \"person\", \"id\": \"P1\", \"name\": \"Lê Văn Một\", \"gender\": \"nam\", \"unit\": \"A\", \"employment\": [{\"kind\": \"cong-chuc\", \"from\": \"2021-02-30\", \"to\": null}]}\n",
    )
    .unwrap();
    let o = run(&["import", "--database", &db, bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("dòng 3"), "{}", text(&o));
    let o = run(&["export", "--database", &db, "--encoding", "document"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        doc["units"].as_array().map(|a| a.len()),
        Some(0),
        "nothing written"
    );

    // A reference to nobody: nothing is written either, not even the unit before it.
    let orphan = dir.path().join("orphan.ndjson");
    std::fs::write(
        &orphan,
        "{\"format\": \"tdkt-exchange/1\"}\n{\"type\": \"unit\", \"id\": \"A\", \"name\": \"Cơ quan A\", \"parent\": null, \"kind\": \"agency\"}\n{\"type\": \"rating\", \"subject\": \"KHONG-CO\", \"year\": 2021, \"rating\": \"HTT\"}\n",
    )
    .unwrap();
    let o = run(&["import", "--database", &db, orphan.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("KHONG-CO"), "{}", text(&o));
    let o = run(&["export", "--database", &db, "--encoding", "document"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["units"].as_array().map(|a| a.len()), Some(0));

    // The spec's example imports and comes back out.
    let o = run(&["import", "--database", &db, &spec("example.json")]);
    assert!(o.status.success(), "{}", text(&o));
    let out = dir.path().join("out.ndjson");
    let o = run(&[
        "export",
        "--database",
        &db,
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["format"], "tdkt-exchange/1");
    let of = |t: &str| lines.iter().filter(|l| l["type"] == t).count();
    assert_eq!(of("unit"), 3);
    assert_eq!(of("person"), 2);
    assert_eq!(of("rating"), 4);
    assert_eq!(of("award"), 2);
    assert_eq!(of("initiative"), 2);
    assert_eq!(of("leave"), 1);
    assert_eq!(of("vote"), 1);
    assert_eq!(of("bloc"), 1);
    assert_eq!(of("fact"), 1);
    let hong = lines
        .iter()
        .find(|l| l["type"] == "person" && l["id"] == "NV001")
        .unwrap();
    assert_eq!(hong["name"], "Lê Thị Hồng");
    assert_eq!(hong["employment"].as_array().unwrap().len(), 2);
    let sk = lines
        .iter()
        .find(|l| l["type"] == "initiative" && l["id"] == "SK-2020-03")
        .unwrap();
    assert_eq!(sk["used_for"][0]["award"], "CSTDCS");
    let award = lines
        .iter()
        .find(|l| l["type"] == "award" && l["award"] == "CSTDCS")
        .unwrap();
    assert_eq!(award["decision"]["number"], "86/QĐ-BDT");
    // The export is valid input for the rules engine, and gives the same
    // verdicts as the file it was imported from.
    let summary = |input: &str| {
        let o = run(&[
            "eligibility",
            "--input",
            input,
            "--award",
            "LDTT",
            "--year",
            "2021",
            "--on",
            "2021-12-20",
            "--format",
            "summary",
        ]);
        assert!(o.status.success(), "{}", text(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let exported = summary(out.to_str().unwrap());
    assert_eq!(exported, summary(&spec("example.json")));
    let counted: u64 = ["eligible", "not_eligible", "postponed", "incomplete"]
        .iter()
        .map(|k| exported[k].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 2, "both people judged: {exported}");
    assert!(exported["eligible"].as_u64().unwrap() >= 1, "{exported}");

    // Importing the same data again (the stream encoding this time) changes nothing.
    let o = run(&["import", "--database", &db, &spec("example.ndjson")]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["export", "--database", &db, "--encoding", "document"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["awards"].as_array().unwrap().len(), 2);
    assert_eq!(doc["ratings"].as_array().unwrap().len(), 4);
}

/// (locked, [(role, unit code)], whether the password signs in) of an
/// account, read from the database the commands wrote.
fn account(db: &str, username: &str, password: &str) -> (bool, Vec<(String, String)>, bool) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let store = tdkt_store::Store::open(db).await.unwrap();
        let u = store.user_by_name(username).await.unwrap().unwrap();
        let mut roles = Vec::new();
        for r in store.user_roles(u.id).await.unwrap() {
            let code = store.unit(r.unit_id).await.unwrap().code;
            roles.push((r.role, code));
        }
        let signs_in = matches!(
            store.login(username, password, "127.0.0.1", "test").await,
            Ok(tdkt_store::users::LoginOutcome::Ok(_))
        );
        store.db.close().await;
        (u.locked, roles, signs_in)
    })
}

#[test]
fn accounts_and_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("t.sqlite").display());
    let o = run(&["import", "--database", &db, &spec("example.json")]);
    assert!(o.status.success(), "{}", text(&o));
    let add = |pw: &str| {
        let mut c = Command::new(BIN)
            .args([
                "user",
                "add",
                "quantri",
                "--name",
                "Quản trị",
                "--role",
                "admin",
                "--unit",
                "BDT-KH",
                "--password-stdin",
                "--database",
                &db,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        c.stdin
            .take()
            .unwrap()
            .write_all(format!("{pw}\n").as_bytes())
            .unwrap();
        c.wait_with_output().unwrap()
    };
    let o = add("ngan");
    assert!(!o.status.success());
    assert!(text(&o).contains("ít nhất 8 ký tự"), "{}", text(&o));
    let o = add("mat-khau-du-dai");
    assert!(o.status.success(), "{}", text(&o));
    // The account exists with its role on the unit, and its password signs in.
    let (locked, roles, signs_in) = account(&db, "quantri", "mat-khau-du-dai");
    assert!(!locked);
    assert_eq!(roles, vec![("admin".to_string(), "BDT-KH".to_string())]);
    assert!(signs_in);
    let o = add("mat-khau-du-dai");
    assert!(!o.status.success(), "duplicate username");
    assert!(text(&o).contains("quantri"), "{}", text(&o));
    let o = run(&["user", "lock", "quantri", "--database", &db]);
    assert!(o.status.success(), "{}", text(&o));
    let (locked, _, signs_in) = account(&db, "quantri", "mat-khau-du-dai");
    assert!(locked, "locked in the database");
    assert!(!signs_in, "a locked account signed in");
    let o = run(&["user", "unlock", "quantri", "--database", &db]);
    assert!(o.status.success(), "{}", text(&o));
    let (locked, _, signs_in) = account(&db, "quantri", "mat-khau-du-dai");
    assert!(!locked);
    assert!(signs_in);
    let o = run(&["user", "lock", "khongco", "--database", &db]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("khongco"),
        "names the unknown account: {}",
        text(&o)
    );
    let backup = dir.path().join("sao-luu.sqlite");
    let o = run(&[
        "backup",
        "--database",
        &db,
        "--output",
        backup.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let copy = format!("sqlite:{}", backup.display());
    let o = run(&["export", "--database", &copy, "--encoding", "document"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["people"].as_array().unwrap().len(), 2);
    // Never overwrites a backup.
    assert!(
        !run(&[
            "backup",
            "--database",
            &db,
            "--output",
            backup.to_str().unwrap()
        ])
        .status
        .success()
    );
}

#[test]
fn our_own_export_round_trips_what_the_register_keeps() {
    use chrono::NaiveDate;
    use tdkt_documents::staff_sheet::{StaffExportRow, write_staff};
    let dir = tempfile::tempdir().unwrap();
    let a = format!("sqlite:{}", dir.path().join("a.sqlite").display());
    let b = format!("sqlite:{}", dir.path().join("b.sqlite").display());
    assert!(
        run(&["import", "--database", &a, &spec("example.json")])
            .status
            .success()
    );
    let sheet = dir.path().join("ds.xlsx");
    let rows = vec![StaffExportRow {
        code: "NV010".into(),
        full_name: "Đinh Thị Mười".into(),
        birth_date: NaiveDate::from_ymd_opt(1990, 2, 3),
        gender_label: "Nữ".into(),
        position: "Văn thư".into(),
        unit_name: "VP".into(),
        category_label: "Cán bộ".into(),
        is_manager: false,
        employment_start: NaiveDate::from_ymd_opt(2015, 6, 1),
        email: "muoi@example.vn".into(),
        phone: "0905 123 456".into(),
    }];
    std::fs::write(
        &sheet,
        write_staff(
            "Ban Dân tộc",
            &rows,
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    let o = run(&["import", "--database", &a, sheet.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let first = dir.path().join("a.ndjson");
    assert!(
        run(&[
            "export",
            "--database",
            &a,
            "--output",
            first.to_str().unwrap()
        ])
        .status
        .success()
    );
    let o = run(&["import", "--database", &b, first.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let second = dir.path().join("b.ndjson");
    assert!(
        run(&[
            "export",
            "--database",
            &b,
            "--output",
            second.to_str().unwrap()
        ])
        .status
        .success()
    );
    let people = |f: &std::path::Path| -> Vec<serde_json::Value> {
        std::fs::read_to_string(f)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|v| v["type"] == "person" || v["type"] == "unit")
            .collect()
    };
    assert_eq!(people(&first), people(&second));
    let muoi = people(&second)
        .into_iter()
        .find(|p| p["id"] == "NV010")
        .unwrap();
    assert_eq!(muoi["birth_date"], "1990-02-03");
    assert_eq!(muoi["staff_category"], "can-bo");
    assert_eq!(muoi["email"], "muoi@example.vn");
    assert_eq!(muoi["phone"], "0905 123 456");
}

#[test]
fn serve_refuses_a_wrong_rule_file_before_opening_anything() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("tinh.toml");
    std::fs::write(&rules, "[regime.\"ND152-2025\"]\nnew_hire_min_month = 24\n").unwrap();
    let db_file = dir.path().join("t.sqlite");
    let db = format!("sqlite:{}", db_file.display());
    let o = run(&[
        "serve",
        "--database",
        &db,
        "--addr",
        "127.0.0.1:0",
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let t = text(&o);
    assert!(
        t.contains("tệp quy định") && t.contains("new_hire_min_month"),
        "{t}"
    );
    assert!(!db_file.exists(), "the database was created: {t}");
    // A missing file is named too.
    let o = run(&["serve", "--database", &db, "--rules", "/khong/co/tep.toml"]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("không đọc được tệp quy định"),
        "{}",
        text(&o)
    );
}

#[test]
fn import_dates_come_from_the_configured_clock() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("t.sqlite").display());
    // A fixed "today" (the `today` setting, here from TDKT_TODAY): the units the
    // import opens take it as the first day of their names.
    let o = Command::new(BIN)
        .args(["import", "--database", &db, &spec("example.json")])
        .env("TDKT_TODAY", "2026-06-15")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let froms = rt.block_on(async {
        let store = tdkt_store::Store::open(&db).await.unwrap();
        let mut froms = Vec::new();
        for u in store.all_units().await.unwrap() {
            for n in store.unit_names(u.id).await.unwrap() {
                froms.push(n.valid_from);
            }
        }
        store.db.close().await;
        froms
    });
    assert!(!froms.is_empty());
    let day = chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
    assert!(froms.iter().all(|d| *d == day), "{froms:?}");
    // A malformed date is refused with its value, before anything is written.
    let o = Command::new(BIN)
        .args(["import", "--database", &db, &spec("example.json")])
        .env("TDKT_TODAY", "15/06/2026")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(text(&o).contains("15/06/2026"), "{}", text(&o));
}

/// A transfer in (`transfer_from` on an employment period) survives import and export,
/// and the eligibility read from the database treats it as continuous service.
#[test]
fn transfer_in_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("t.sqlite").display());
    assert!(run(&["migrate", "--database", &db]).status.success());
    let input = dir.path().join("in.ndjson");
    std::fs::write(
        &input,
        "{\"format\": \"tdkt-exchange/1\"}\n{\"type\": \"unit\", \"id\": \"A\", \"name\": \"Cơ quan A\", \"parent\": null, \"kind\": \"agency\"}\n{\"type\": \"person\", \"id\": \"P1\", \"name\": \"Lê Văn Một\", \"gender\": \"nam\", \"unit\": \"A\", \"employment\": [{\"kind\": \"cong-chuc\", \"from\": \"2025-10-01\", \"to\": null, \"transfer_from\": \"UBND huyện Khánh Sơn\"}]}\n{\"type\": \"rating\", \"subject\": \"P1\", \"year\": 2025, \"rating\": \"HTT\"}\n",
    )
    .unwrap();
    let o = run(&["import", "--database", &db, input.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let out = dir.path().join("out.ndjson");
    let o = run(&[
        "export",
        "--database",
        &db,
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let exported = std::fs::read_to_string(&out).unwrap();
    let person: serde_json::Value = exported
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|l| l["type"] == "person")
        .unwrap();
    assert_eq!(
        person["employment"][0]["transfer_from"],
        "UBND huyện Khánh Sơn"
    );
    let o = run(&[
        "eligibility",
        "--input",
        out.to_str().unwrap(),
        "--award",
        "LDTT",
        "--year",
        "2025",
        "--on",
        "2025-12-20",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["results"][0]["verdict"], "eligible", "{v}");
}
