//! The contract of `tdkt eligibility` (docs/exchange.md, §6 "The eligibility
//! command"), through the built binary: output shapes of the three formats, regime
//! choice, subject filter, override file, and bad input (non-zero exit, a message
//! naming file, line or record, and field).

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use common::bin;

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}

/// A file in a fresh temporary directory (no extra dependency needed).
fn temp_file(name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "tdkt-cli-{}-{}",
        std::process::id(),
        name.replace('.', "-")
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

fn run(args: &[&str]) -> Output {
    bin().arg("eligibility").args(args).output().unwrap()
}

fn stdout_json(o: &Output) -> serde_json::Value {
    assert!(
        o.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn json_output_has_the_contract_shape() {
    let input = data("exchange/example.json");
    let o = run(&[
        "--input",
        input.to_str().unwrap(),
        "--award",
        "CSTDCS",
        "--year",
        "2021",
        "--on",
        "2021-12-20",
    ]);
    let v = stdout_json(&o);
    assert_eq!(v["regime"], "ND91-2017");
    assert_eq!(v["award"], "CSTDCS");
    assert_eq!(v["year"], 2021);
    assert_eq!(v["on"], "2021-12-20");
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["subject"], "NV001");
    assert_eq!(results[0]["verdict"], "eligible");
    assert_eq!(results[1]["verdict"], "not_eligible");
    for c in results[0]["conditions"].as_array().unwrap() {
        assert!(c["rule"].is_string() && c["detail"].is_string() && c["citation"].is_string());
        assert!(c["met"].is_boolean() || c["met"].is_null());
    }
    // NĐ 91/2017 Đ9 k3: at most 15 % of LĐTT per agency.
    assert_eq!(v["caps"][0]["scope"], "BDT-KH");
    assert!(v["caps"][0]["limit"].is_u64() && v["caps"][0]["eligible"].is_u64());
    // The stream encoding gives the same answer.
    let stream = data("exchange/example.ndjson");
    let o2 = run(&[
        "--input",
        stream.to_str().unwrap(),
        "--award",
        "CSTDCS",
        "--year",
        "2021",
        "--on",
        "2021-12-20",
    ]);
    assert_eq!(stdout_json(&o2), v);
}

#[test]
fn summary_and_table_formats() {
    let input = data("rules/T11-cstdcs-cap-15.json");
    let p = input.to_str().unwrap();
    let v = stdout_json(&run(&[
        "--input",
        p,
        "--award",
        "CSTDCS",
        "--year",
        "2021",
        "--on",
        "2021-12-20",
        "--format",
        "summary",
    ]));
    assert_eq!(
        v,
        serde_json::json!({"eligible": 4, "not_eligible": 16, "postponed": 0, "incomplete": 0})
    );
    let o = run(&[
        "--input",
        p,
        "--award",
        "CSTDCS",
        "--year",
        "2021",
        "--on",
        "2021-12-20",
        "--format",
        "table",
    ]);
    assert!(o.status.success());
    let t = String::from_utf8(o.stdout).unwrap();
    assert!(t.contains("CHIẾN SĨ THI ĐUA CƠ SỞ"), "{t}");
    assert!(t.contains("ND91-2017"), "{t}");
    assert!(
        t.contains("Đủ điều kiện") && t.contains("Không đủ điều kiện"),
        "{t}"
    );
    assert!(t.contains("tối đa 3"), "{t}");
    assert!(t.contains("NĐ 91/2017 Đ9 k3"), "{t}");
}

#[test]
fn on_chooses_the_regime_and_defaults_to_year_end() {
    let input = data("rules/T11-cstdcs-cap-15.json");
    let p = input.to_str().unwrap();
    let v = stdout_json(&run(&["--input", p, "--award", "CSTDCS", "--year", "2021"]));
    assert_eq!(v["on"], "2021-12-31");
    assert_eq!(v["regime"], "ND91-2017");
    let v = stdout_json(&run(&[
        "--input",
        p,
        "--award",
        "CSTDCS",
        "--year",
        "2021",
        "--on",
        "2025-07-01",
    ]));
    assert_eq!(v["regime"], "ND152-2025");
    assert_eq!(v["caps"], serde_json::json!([]));
    let v = stdout_json(&run(&[
        "--input",
        p,
        "--award",
        "LDTT",
        "--year",
        "2021",
        "--on",
        "2024-01-01",
    ]));
    assert_eq!(v["regime"], "ND98-2023");
}

#[test]
fn subject_filter_and_override_file() {
    let input = data("rules/T11-cstdcs-cap-15.json");
    let p = input.to_str().unwrap();
    let v = stdout_json(&run(&[
        "--input",
        p,
        "--award",
        "CSTDCS",
        "--year",
        "2021",
        "--on",
        "2025-08-01",
        "--subject",
        "NV01",
        "--subject",
        "NV05",
    ]));
    let ids: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["subject"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["NV01", "NV05"]);
    let rules = temp_file(
        "tinh.toml",
        "name = \"Tỉnh thử\"\n[regime.\"ND152-2025\"]\ncstdcs_cap_ratio = 0.10\n",
    );
    let v = stdout_json(&run(&[
        "--input",
        p,
        "--award",
        "CSTDCS",
        "--year",
        "2021",
        "--on",
        "2025-08-01",
        "--rules",
        rules.to_str().unwrap(),
    ]));
    assert_eq!(v["caps"][0]["limit"], 2);
    assert_eq!(v["caps"][0]["eligible"], 4);
    // The seed's province file: it keeps the national levels (its comments say
    // so), so its verdicts are the national ones…
    let kh = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/rules/khanh-hoa.toml");
    let with_rules = |rules: &str| {
        stdout_json(&run(&[
            "--input",
            p,
            "--award",
            "CSTDCS",
            "--year",
            "2021",
            "--on",
            "2021-12-20",
            "--rules",
            rules,
        ]))
    };
    let national = stdout_json(&run(&[
        "--input",
        p,
        "--award",
        "CSTDCS",
        "--year",
        "2021",
        "--on",
        "2021-12-20",
    ]));
    let v = with_rules(kh.to_str().unwrap());
    assert_eq!(v["regime"], "ND91-2017");
    assert_eq!(v["results"], national["results"]);
    assert_eq!(v["caps"][0]["limit"], 3, "15 % of the LĐTT, as nationally");
    // …and it is what the engine applies: the same file with the ND91 cap at
    // 10 % changes the verdict on the cap.
    let text = std::fs::read_to_string(&kh).unwrap();
    assert!(text.contains("cstdcs_cap_ratio = 0.15"));
    let tighter = temp_file(
        "khanh-hoa-10.toml",
        &text.replacen("cstdcs_cap_ratio = 0.15", "cstdcs_cap_ratio = 0.10", 1),
    );
    let v = with_rules(tighter.to_str().unwrap());
    assert_eq!(v["caps"][0]["limit"], 2);
    assert_ne!(v["caps"], national["caps"]);
    // Unknown subject, bad override: errors.
    let o = run(&[
        "--input",
        p,
        "--award",
        "CSTDCS",
        "--year",
        "2021",
        "--subject",
        "NV99",
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("NV99"));
    // A subject of the wrong kind is bad input too, not an empty answer.
    for (award, subject, says) in [
        ("TTLDTT", "NV01", "là cá nhân"),
        ("LDTT", "VP", "là đơn vị"),
    ] {
        let o = run(&[
            "--input",
            p,
            "--award",
            award,
            "--year",
            "2021",
            "--subject",
            subject,
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{award} {subject}: {err}");
        assert!(err.contains(subject) && err.contains(says), "{err}");
        assert!(o.stdout.is_empty());
    }
    let bad = temp_file("sai.toml", "[all]\nnew_hire_month = 3\n");
    let o = run(&[
        "--input",
        p,
        "--award",
        "LDTT",
        "--year",
        "2021",
        "--rules",
        bad.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("new_hire_month"));
}

const HEAD: &str = "{\"format\": \"tdkt-exchange/1\"}\n\
{\"type\": \"unit\", \"id\": \"U\", \"name\": \"Cơ quan\", \"parent\": null, \"kind\": \"agency\"}\n\
{\"type\": \"person\", \"id\": \"NV001\", \"name\": \"Lê Thị Hồng\", \"gender\": \"nu\", \"unit\": \"U\", \"employment\": [{\"kind\": \"cong-chuc\", \"from\": \"2018-01-01\", \"to\": null}]}\n";

/// Runs on a bad stream; expects failure, no panic, and the words in the message.
fn bad(name: &str, body: &str, words: &[&str]) {
    let p = temp_file(name, &format!("{HEAD}{body}"));
    let o = run(&[
        "--input",
        p.to_str().unwrap(),
        "--award",
        "LDTT",
        "--year",
        "2021",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{name}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(o.stdout.is_empty(), "{name}: nothing on stdout");
    assert!(err.contains(name), "{name}: {err}");
    for w in words {
        assert!(err.contains(w), "{name}: «{err}» lacks «{w}»");
    }
}

#[test]
fn bad_input_names_file_line_and_field() {
    bad(
        "ma-xep-loai.ndjson",
        "{\"type\": \"rating\", \"subject\": \"NV001\", \"year\": 2021, \"rating\": \"XS\"}\n",
        &["dòng 4", "trường «rating»", "XS"],
    );
    bad(
        "ma-danh-hieu.ndjson",
        "{\"type\": \"award\", \"subject\": \"NV001\", \"award\": \"LĐTT\", \"year\": 2021}\n",
        &["dòng 4", "trường «award»"],
    );
    bad(
        "ngay.ndjson",
        "{\"type\": \"leave\", \"person\": \"NV001\", \"kind\": \"thai-san\", \"from\": \"2021-02-30\", \"to\": \"2021-08-01\"}\n",
        &["dòng 4", "trường «from»", "2021-02-30"],
    );
    bad(
        "nguoi-la.ndjson",
        "{\"type\": \"rating\", \"subject\": \"NV404\", \"year\": 2021, \"rating\": \"HTT\"}\n",
        &["dòng 4", "trường «subject»", "NV404"],
    );
    bad(
        "trung-ma.ndjson",
        "{\"type\": \"unit\", \"id\": \"U\", \"name\": \"Khác\", \"parent\": null, \"kind\": \"agency\"}\n",
        &["dòng 4", "trường «id»", "trùng mã"],
    );
    bad(
        "cat-cut.ndjson",
        "{\"type\": \"rating\", \"subject\": \"NV001\", \"ye",
        &["dòng 4", "cắt cụt"],
    );
    bad(
        "loai-la.ndjson",
        "{\"type\": \"huy-chuong\", \"subject\": \"NV001\"}\n",
        &["dòng 4", "trường «type»", "huy-chuong"],
    );
    // A document: array and index are named.
    let doc = temp_file(
        "tai-lieu.json",
        r#"{"format": "tdkt-exchange/1", "units": [{"id": "U", "name": "x", "parent": null, "kind": "agency"}],
            "people": [{"id": "NV001", "name": "A", "gender": "nu", "unit": "U"}],
            "ratings": [{"subject": "NV001", "year": 2021, "rating": "TOT"}]}"#,
    );
    let o = run(&[
        "--input",
        doc.to_str().unwrap(),
        "--award",
        "LDTT",
        "--year",
        "2021",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("mảng «ratings», bản ghi số 1") && err.contains("trường «rating»"),
        "{err}"
    );
    // Bad arguments: each message names the argument and the bad value.
    for (args, words) in [
        (vec!["--award", "XYZ", "--year", "2021"], ["--award", "XYZ"]),
        (
            vec!["--award", "LDTT", "--year", "2021", "--on", "2021-02-30"],
            ["--on", "2021-02-30"],
        ),
        (
            vec!["--award", "LDTT", "--year", "1800"],
            ["--year", "1800"],
        ),
        (vec!["--award", "LDTT", "--year", "hai"], ["--year", "hai"]),
    ] {
        let input = data("exchange/example.json");
        let mut a = vec!["--input", input.to_str().unwrap()];
        a.extend(args.iter().copied());
        let o = run(&a);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{args:?}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(o.stdout.is_empty(), "{args:?}: nothing on stdout");
        for w in words {
            assert!(err.contains(w), "{args:?}: «{err}» lacks «{w}»");
        }
    }
    let o = run(&[
        "--input",
        "/không/có/tệp.json",
        "--award",
        "LDTT",
        "--year",
        "2021",
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("/không/có/tệp.json"));
}

#[test]
fn synth_is_deterministic_and_readable() {
    let dir = std::env::temp_dir().join(format!("tdkt-synth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("a.ndjson"), dir.join("b.ndjson"));
    for p in [&a, &b] {
        let o = bin()
            .args([
                "synth",
                "--people",
                "300",
                "--seed",
                "7",
                "--output",
                p.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let v = stdout_json(&run(&[
        "--input",
        a.to_str().unwrap(),
        "--award",
        "BK_TTG",
        "--year",
        "2025",
        "--format",
        "summary",
    ]));
    let total: u64 = ["eligible", "not_eligible", "postponed", "incomplete"]
        .iter()
        .map(|k| v[k].as_u64().unwrap())
        .sum();
    // 300 people and 2 agencies with 3 departments each.
    assert_eq!(total, 308);
}

/// Every override file shipped in config/rules/ is accepted, and a province's criteria
/// take part in the verdict (Bắc Ninh's Cờ thi đua needs its two recorded facts).
#[test]
fn shipped_rule_files_load_and_apply() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/rules");
    let input = data("rules/T30-co-tinh-a-no-provincial-criteria.json");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let o = run(&[
            "--input",
            input.to_str().unwrap(),
            "--award",
            "CO_TINH",
            "--year",
            "2025",
            "--on",
            "2025-12-20",
            "--rules",
            path.to_str().unwrap(),
        ]);
        assert!(
            o.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let r = v["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["subject"] == "BDT-KH")
            .unwrap()
            .clone();
        let bac_ninh = path.file_name().unwrap() == "bac-ninh-2025.toml";
        assert_eq!(
            r["verdict"],
            if bac_ninh { "not_eligible" } else { "eligible" },
            "{}",
            path.display()
        );
        if bac_ninh {
            let rules: Vec<&str> = r["conditions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["rule"].as_str().unwrap())
                .collect();
            assert!(rules.contains(&"criteria.exceeded_targets"), "{rules:?}");
        }
    }
}
