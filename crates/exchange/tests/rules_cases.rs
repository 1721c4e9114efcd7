//! The worked cases of docs/rules/ (T01–T27 and variants), written in the interchange
//! format under testdata/rules/. Each file holds the records and a `tests` array (an
//! extra top-level key, ignored by readers): award, year, `on` (optional), subject,
//! the expected verdict and regime, and optionally the expected `met` of named
//! conditions, caps, the number of eligible subjects, and a rules override (TOML).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tdkt_domain::codes::AwardCode;
use tdkt_domain::rules::{
    Outcome, Population, Regime, RuleBook, Subject, evaluate, evaluate_outcome,
};
use tdkt_exchange::{Loader, Reader, Relevance};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/rules")
}

pub fn load(path: &Path) -> Population {
    let mut reader = Reader::open(path).unwrap();
    let mut loader = Loader::new(&path.display().to_string(), Relevance::all());
    while let Some(rec) = reader.next_located() {
        let (rec, loc) = rec.unwrap();
        loader.add(rec, loc).unwrap();
    }
    loader.finish().unwrap().population
}

fn outcome(s: &str) -> Outcome {
    match s {
        "eligible" => Outcome::Eligible,
        "not_eligible" => Outcome::NotEligible,
        "postponed" => Outcome::Postponed,
        "incomplete" => Outcome::Incomplete,
        other => panic!("verdict {other}"),
    }
}

#[test]
fn worked_cases() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 27,
        "expected the worked cases, found {}",
        files.len()
    );
    let mut count = 0;
    let mut seen = BTreeMap::new();
    for path in &files {
        let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let pop = load(path);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        seen.insert(name[..3].to_string(), ());
        for t in doc["tests"].as_array().unwrap() {
            count += 1;
            let award = AwardCode::parse(t["award"].as_str().unwrap()).unwrap();
            let year = t["year"].as_i64().unwrap() as i32;
            let on = match t.get("on").and_then(|v| v.as_str()) {
                Some(s) => tdkt_exchange::parse_date(s).unwrap(),
                None => chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap(),
            };
            let book = match t.get("rules").and_then(|v| v.as_str()) {
                Some(toml) => RuleBook::from_toml(toml).unwrap(),
                None => RuleBook::national(),
            };
            let ctx = format!(
                "{name}: {} {year} on {on} ({})",
                award.code(),
                t["why"].as_str().unwrap_or("")
            );
            assert_eq!(Regime::on(on).id(), t["regime"].as_str().unwrap(), "{ctx}");
            let id = t["subject"].as_str().unwrap();
            let subject = if let Some(h) = pop.people().iter().find(|h| h.id == id) {
                Subject::Individual(h)
            } else {
                let u = pop.units().iter().find(|h| h.id == id).expect("subject");
                Subject::Collective(pop.collective(u, year))
            };
            let v = evaluate(&subject, award, year, on, &book);
            assert_eq!(
                v.outcome,
                outcome(t["verdict"].as_str().unwrap()),
                "{ctx}\n{}",
                v.render_text()
            );
            // The quiet evaluation used by bulk runs agrees.
            assert_eq!(
                evaluate_outcome(&subject, award, year, on, book.params(Regime::on(on))),
                v.outcome,
                "{ctx}"
            );
            if let Some(conds) = t.get("conditions").and_then(|c| c.as_object()) {
                for (rule, met) in conds {
                    let c = v
                        .conditions
                        .iter()
                        .find(|c| c.rule == rule.as_str())
                        .unwrap_or_else(|| {
                            panic!("{ctx}: no condition {rule}\n{}", v.render_text())
                        });
                    assert_eq!(c.met, met.as_bool(), "{ctx}: {rule}\n{}", v.render_text());
                    assert!(!c.citation.is_empty());
                }
            }
            for c in &v.conditions {
                assert!(
                    !c.citation.is_empty() && !c.detail.is_empty(),
                    "{ctx}: empty text in {}",
                    c.rule
                );
                // Explanations never print a sentinel year.
                assert!(
                    !c.detail.contains("2147483")
                        && !c.missing.as_deref().unwrap_or("").contains("2147483"),
                    "{ctx}: sentinel in {}: {}",
                    c.rule,
                    c.detail
                );
            }
            let find = |rule: &str| {
                v.conditions
                    .iter()
                    .find(|c| c.rule == rule)
                    .unwrap_or_else(|| panic!("{ctx}: no condition {rule}\n{}", v.render_text()))
            };
            // Conditions resting on an open reading say so; verified ones do not.
            for rule in t
                .get("unverified")
                .and_then(|u| u.as_array())
                .into_iter()
                .flatten()
            {
                let c = find(rule.as_str().unwrap());
                assert!(
                    c.unverified,
                    "{ctx}: {} should be flagged unverified\n{}",
                    c.rule,
                    v.render_text()
                );
            }
            for rule in t
                .get("verified")
                .and_then(|u| u.as_array())
                .into_iter()
                .flatten()
            {
                let c = find(rule.as_str().unwrap());
                assert!(
                    !c.unverified,
                    "{ctx}: {} should not be flagged\n{}",
                    c.rule,
                    v.render_text()
                );
            }
            if let Some(texts) = t.get("detail_contains").and_then(|d| d.as_object()) {
                for (rule, text) in texts {
                    let c = find(rule);
                    let want = text.as_str().unwrap();
                    assert!(
                        c.detail.contains(want),
                        "{ctx}: {rule} should say «{want}»\n{}",
                        v.render_text()
                    );
                }
            }
            if let Some(b) = t.get("bonus").and_then(|b| b.as_object()) {
                let report = pop.evaluate(award, year, on, Some(&[id.to_string()]), &book);
                for (kind, want) in b {
                    let got = report
                        .bonuses
                        .iter()
                        .find(|(k, _)| serde_json::to_value(k).unwrap() == kind.as_str())
                        .unwrap_or_else(|| panic!("{ctx}: no {kind} bonus"));
                    assert_eq!(
                        got.1.amount,
                        want["amount"].as_u64().unwrap(),
                        "{ctx}: {kind}"
                    );
                    assert_eq!(
                        got.1.unverified,
                        want["unverified"].as_bool().unwrap_or(false),
                        "{ctx}: {kind} unverified"
                    );
                }
            }
            if t.get("caps").is_some() || t.get("eligible_count").is_some() {
                let report = pop.evaluate(award, year, on, None, &book);
                if let Some(n) = t.get("eligible_count") {
                    assert_eq!(
                        report.count(Outcome::Eligible) as u64,
                        n.as_u64().unwrap(),
                        "{ctx}"
                    );
                }
                if let Some(caps) = t.get("caps").and_then(|c| c.as_array()) {
                    assert_eq!(report.caps.len(), caps.len(), "{ctx}: {:?}", report.caps);
                    for (got, want) in report.caps.iter().zip(caps) {
                        assert_eq!(got.scope, want["scope"].as_str().unwrap(), "{ctx}");
                        assert_eq!(got.limit as u64, want["limit"].as_u64().unwrap(), "{ctx}");
                        assert_eq!(
                            got.eligible as u64,
                            want["eligible"].as_u64().unwrap(),
                            "{ctx}"
                        );
                    }
                }
            }
        }
    }
    for i in 1..=40 {
        assert!(
            seen.contains_key(&format!("T{i:02}")),
            "worked case T{i:02} missing"
        );
    }
    assert!(count >= 50, "{count} tests");
}
