//! Properties of the rules (issue 3, item 6).

use super::common::{run_back, vote_passes};
use super::params::Rounding;
use super::*;
use crate::codes::{AwardCode, AwardKind, EmploymentKind, Rating, SubjectKind};
use chrono::NaiveDate;
use proptest::prelude::*;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn person() -> History {
    let mut h = History::new("NV", SubjectKind::Individual);
    h.employment.push(EmploymentPeriod::new(
        EmploymentKind::CongChuc,
        d(2000, 1, 1),
        None,
    ));
    h
}

fn award(h: &mut History, a: AwardCode, y: i32) {
    h.awards.push(AwardEntry {
        award: a,
        year: y,
        kind: AwardKind::CongTrang,
        decided_on: None,
    });
}

fn rating_strategy() -> impl Strategy<Value = Option<Rating>> {
    prop_oneof![
        Just(None),
        Just(Some(Rating::Htxs)),
        Just(Some(Rating::Htt)),
        Just(Some(Rating::Ht)),
        Just(Some(Rating::Kht)),
    ]
}

/// A history from 2015 to 2024 with a BK tỉnh, ratings and CSTĐCS drawn at random.
fn history_strategy() -> impl Strategy<Value = (History, i32)> {
    (
        2012i32..2020,
        proptest::collection::vec((rating_strategy(), any::<bool>()), 10),
    )
        .prop_map(|(bk, years)| {
            let mut h = person();
            award(&mut h, AwardCode::BkTinh, bk);
            for (i, (r, cs)) in years.into_iter().enumerate() {
                let y = 2015 + i as i32;
                if let Some(r) = r {
                    h.ratings.insert(y, r);
                }
                if cs {
                    award(&mut h, AwardCode::Cstdcs, y);
                }
            }
            (h, bk)
        })
}

fn eligible(h: &History, a: AwardCode, year: i32, on: NaiveDate) -> bool {
    evaluate(&Subject::Individual(h), a, year, on, &RuleBook::national()).outcome
        == Outcome::Eligible
}

/// A history that meets BK_TTG route b for 2024 by construction: a BK tỉnh in
/// `bk` (2012–2019), every year `bk+1..=2024` rated HTT or HTXS, at least three
/// CSTĐCS in those years; the years before the run are drawn at random.
fn qualifying_history_strategy() -> impl Strategy<Value = (History, i32)> {
    (
        2012i32..2020,
        proptest::collection::vec((rating_strategy(), any::<bool>(), any::<bool>()), 15),
    )
        .prop_map(|(bk, years)| {
            let mut h = person();
            award(&mut h, AwardCode::BkTinh, bk);
            let mut cs_in_run = 0;
            for (i, (r, htxs, cs)) in years.into_iter().enumerate() {
                let y = 2010 + i as i32;
                if y > bk {
                    h.ratings
                        .insert(y, if htxs { Rating::Htxs } else { Rating::Htt });
                    if cs {
                        cs_in_run += 1;
                    }
                } else if let Some(r) = r {
                    h.ratings.insert(y, r);
                }
                if cs {
                    award(&mut h, AwardCode::Cstdcs, y);
                }
            }
            // Top the run up to three CSTĐCS, from its last year back.
            let mut y = 2024;
            while cs_in_run < 3 {
                if !h.has_award(AwardCode::Cstdcs, y, false) {
                    award(&mut h, AwardCode::Cstdcs, y);
                    cs_in_run += 1;
                }
                y -= 1;
            }
            (h, bk)
        })
}

/// Runs `body` on `cases` values of `strategy`; `body` returns whether the
/// property's premise held (its assertions ran). Fails when a property fails or
/// when fewer than `min_share` of the cases reached the assertions — a property
/// whose premise is never met proves nothing.
fn check_reaching<S: Strategy>(
    name: &str,
    strategy: S,
    cases: u32,
    min_share: f64,
    body: impl Fn(S::Value) -> Result<bool, TestCaseError>,
) {
    use std::sync::atomic::{AtomicU32, Ordering};
    let reached = AtomicU32::new(0);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases,
        ..ProptestConfig::default()
    });
    let r = runner.run(&strategy, |v| {
        if body(v)? {
            reached.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    });
    if let Err(e) = r {
        panic!("{name}: {e}");
    }
    let n = reached.load(Ordering::Relaxed);
    // Shrinking never happens on success, so the runner ran exactly `cases` bodies.
    assert!(
        f64::from(n) >= min_share * f64::from(cases),
        "{name}: only {n} of {cases} cases met the premise"
    );
}

/// Adding a qualifying year (HTT or better, with a CSTĐCS) at the end of a run that
/// was eligible keeps it eligible for the "consecutive to the time of proposal" rule.
#[test]
fn adding_a_qualifying_year_keeps_bk_ttg() {
    check_reaching(
        "adding_a_qualifying_year_keeps_bk_ttg",
        qualifying_history_strategy(),
        200,
        0.9,
        |(h, _)| {
            let on = d(2025, 9, 1);
            if !eligible(&h, AwardCode::BkTtg, 2024, on) {
                return Ok(false);
            }
            let mut h2 = h.clone();
            h2.ratings.insert(2025, Rating::Htt);
            prop_assert!(eligible(&h2, AwardCode::BkTtg, 2025, d(2026, 3, 1)));
            let mut h3 = h.clone();
            h3.ratings.insert(2025, Rating::Htxs);
            award(&mut h3, AwardCode::Cstdcs, 2025);
            prop_assert!(eligible(&h3, AwardCode::BkTtg, 2025, d(2026, 3, 1)));
            Ok(true)
        },
    );
}

/// A break (missing year or a rating below HTT) inside the run always resets it:
/// a run that met BK_TTG.b no longer does, since its only BK tỉnh precedes the break.
#[test]
fn a_break_resets_the_run() {
    check_reaching(
        "a_break_resets_the_run",
        (qualifying_history_strategy(), 0i32..100, any::<bool>()),
        200,
        0.9,
        |((h, bk), gap, missing)| {
            let b_of = |h: &History| {
                evaluate(
                    &Subject::Individual(h),
                    AwardCode::BkTtg,
                    2024,
                    d(2025, 9, 1),
                    &RuleBook::national(),
                )
                .conditions
                .iter()
                .find(|c| c.rule == "BK_TTG.b")
                .map(|c| c.met)
            };
            if b_of(&h) != Some(Some(true)) {
                return Ok(false);
            }
            // A year inside the run bk+1..=2024.
            let gap_year = bk + 1 + gap % (2024 - bk);
            let mut h = h;
            if missing {
                h.ratings.remove(&gap_year);
            } else {
                h.ratings.insert(gap_year, Rating::Ht);
            }
            prop_assert_eq!(b_of(&h), Some(Some(false)), "break in {}", gap_year);
            Ok(true)
        },
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    /// "Consecutive" runs: a run never counts past a break, and adding a good year at
    /// the end lengthens it by exactly one.
    #[test]
    fn run_back_properties(years in proptest::collection::vec(any::<bool>(), 1..30)) {
        let end = 2000 + years.len() as i32 - 1;
        let good = |y: i32| years[(y - 2000) as usize];
        let n = run_back(end, 2000, good);
        prop_assert!(n as usize <= years.len());
        for k in 0..n { prop_assert!(good(end - k)); }
        if (n as usize) < years.len() { prop_assert!(!good(end - n)); }
        let mut more = years.clone();
        more.push(true);
        let good2 = |y: i32| more[(y - 2000) as usize];
        prop_assert_eq!(run_back(end + 1, 2000, good2), n + 1);
        let mut broken = years.clone();
        broken.push(false);
        let good3 = |y: i32| broken[(y - 2000) as usize];
        prop_assert_eq!(run_back(end + 1, 2000, good3), 0);
    }

    /// A vote share is monotone: more agree votes never turn a pass into a fail.
    #[test]
    fn vote_share_is_monotone(members in 1u32..60, agree in 0u32..60, t in prop_oneof![Just(0.8), Just(0.9), 0.5f64..1.0]) {
        let agree = agree.min(members);
        if vote_passes(agree, members, t) && agree < members {
            prop_assert!(vote_passes(agree + 1, members, t));
        }
        // Denominator = all members: absent members count against.
        if members > 1 && !vote_passes(agree, members - 1, t) {
            prop_assert!(!vote_passes(agree, members, t));
        }
    }

    /// The CSTĐCS cap never exceeds 15 % of the LĐTT count, rounded down.
    #[test]
    fn cap_never_exceeds_15_percent(ldtt in 0u32..100_000) {
        let limit = Rounding::Floor.apply(0.15, ldtt);
        prop_assert!(limit as u64 * 100 <= 15 * ldtt as u64);
        prop_assert!((limit as u64 + 1) * 100 > 15 * ldtt as u64);
        let p = Params::national(Regime::Nd91_2017);
        let mut tally = caps::CapTally::default();
        for i in 0..ldtt.min(300) { tally.add("A", true, i % 3 == 0); }
        for c in tally.finish(AwardCode::Cstdcs, &p) {
            prop_assert!(c.limit as u64 * 100 <= 15 * c.basis as u64);
        }
    }

    /// The verdict does not depend on the order of the facts in the history.
    #[test]
    fn verdicts_do_not_depend_on_order((h, _) in history_strategy(), seed in any::<u64>()) {
        let mut h2 = h.clone();
        let n = h2.awards.len();
        // A deterministic shuffle of the awards.
        for i in (1..n).rev() {
            let j = (seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) % (i as u64 + 1)) as usize;
            h2.awards.swap(i, j);
        }
        for a in [AwardCode::BkTtg, AwardCode::BkTinh, AwardCode::CstdTinh, AwardCode::Hcld3] {
            let on = d(2025, 9, 1);
            let v1 = evaluate(&Subject::Individual(&h), a, 2024, on, &RuleBook::national());
            let v2 = evaluate(&Subject::Individual(&h2), a, 2024, on, &RuleBook::national());
            prop_assert_eq!(v1, v2);
        }
    }

    /// The quiet evaluation used by bulk runs always agrees with the explained one.
    #[test]
    fn quiet_and_explained_agree((h, _) in history_strategy(), year in 2016i32..2025, month in 1u32..13) {
        let on = d(year + 1, month, 1);
        let book = RuleBook::national();
        for a in AwardCode::ALL.iter().filter(|a| a.applies_to_kind(SubjectKind::Individual)) {
            let v = evaluate(&Subject::Individual(&h), *a, year, on, &book);
            prop_assert_eq!(evaluate_outcome(&Subject::Individual(&h), *a, year, on, book.params(Regime::on(on))), v.outcome);
        }
    }
}

#[test]
fn advice_names_what_is_missing() {
    let mut h = person();
    h.ratings.insert(2024, Rating::Htxs);
    h.ratings.insert(2025, Rating::Htxs);
    h.initiatives.push(InitiativeEntry {
        id: "SK1".into(),
        category: crate::codes::InitiativeCategory::SangKien,
        level: crate::codes::InitiativeLevel::CoSo,
        recognized_on: d(2025, 10, 1),
        effect_confirmed: true,
        used_for: vec![],
    });
    let advice = advise(
        &Subject::Individual(&h),
        2025,
        d(2025, 12, 20),
        &RuleBook::national(),
        12,
    );
    let bk = advice
        .iter()
        .find(|a| a.award == AwardCode::BkTinh)
        .unwrap();
    assert_eq!(bk.outcome, Outcome::NotEligible);
    assert!(
        bk.missing
            .iter()
            .any(|m| m == "cần thêm 1 sáng kiến cấp cơ sở"),
        "{:?}",
        bk.missing
    );
    // LĐTT is met now and comes first.
    assert_eq!(advice[0].award, AwardCode::Ldtt);
    assert_eq!(advice[0].distance, 0);
    let tinh = advice
        .iter()
        .find(|a| a.award == AwardCode::CstdTinh)
        .unwrap();
    assert!(
        tinh.missing.iter().any(|m| m.contains("CSTĐCS")),
        "{:?}",
        tinh.missing
    );
}

#[test]
fn women_tie_break_is_surfaced() {
    let mut people = Vec::new();
    for (id, g) in [
        ("A", crate::codes::Gender::Nu),
        ("B", crate::codes::Gender::Nam),
    ] {
        let mut h = person();
        h.id = id.into();
        h.gender = Some(g);
        h.unit = Some("U".into());
        h.ratings.insert(2025, Rating::Htt);
        people.push(h);
    }
    let unit = History {
        unit: None,
        ..History::new("U", SubjectKind::Collective)
    };
    let pop = Population::new(people, vec![unit], vec![]);
    let r = pop.evaluate(
        AwardCode::Ldtt,
        2025,
        d(2025, 12, 20),
        None,
        &RuleBook::national(),
    );
    let t = r.tie_break.clone().unwrap();
    assert_eq!(t.preferred, vec!["A".to_string()]);
    assert_eq!(t.citation, "NĐ 152/2025 Đ4 k6");
    // Not under NĐ 91/2017.
    let r = pop.evaluate(
        AwardCode::Ldtt,
        2021,
        d(2021, 12, 20),
        None,
        &RuleBook::national(),
    );
    assert!(r.tie_break.is_none());
    let json = serde_json::to_value(pop.evaluate(
        AwardCode::Ldtt,
        2025,
        d(2025, 12, 20),
        None,
        &RuleBook::national(),
    ))
    .unwrap();
    assert_eq!(json["regime"], "ND152-2025");
    assert_eq!(json["results"][0]["verdict"], "eligible");
    assert!(json["results"][0]["conditions"][0]["citation"].is_string());
    assert_eq!(json["bonus"][0]["exact"], 702_000);
    assert_eq!(json["bonus"][0]["amount"], 710_000);
}
