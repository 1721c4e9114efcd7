//! "What is missing": for a person or collective, the titles and forms of award nearest
//! to reach and what each still lacks — the seed's call to discover and encourage people.

use super::params::RuleBook;
use super::verdict::{Outcome, Verdict};
use super::{Subject, evaluate};
use crate::codes::AwardCode;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    pub award: AwardCode,
    pub outcome: Outcome,
    /// What is still needed, in Vietnamese ("cần thêm 1 sáng kiến cấp cơ sở").
    pub missing: Vec<String>,
    /// Rough distance: the sum of the shortfalls (0 = eligible now).
    pub distance: u32,
}

/// Advice from a verdict.
pub fn from_verdict(v: &Verdict) -> Advice {
    let mut missing = Vec::new();
    let mut distance = 0;
    for c in v.blocking() {
        distance += c.shortfall.max(1);
        // For a "one of" group, every alternative route, nearest first.
        let mut alts: Vec<&super::Condition> = v
            .conditions
            .iter()
            .filter(|a| {
                a.alternative_of.as_deref() == Some(&*c.rule)
                    && a.met != Some(true)
                    && a.missing.is_some()
            })
            .collect();
        alts.sort_by_key(|a| a.shortfall);
        let texts: Vec<String> = if alts.is_empty() {
            vec![c.missing.clone().unwrap_or_else(|| c.detail.clone())]
        } else {
            alts.iter()
                .enumerate()
                .filter_map(|(i, a)| {
                    a.missing.as_ref().map(|m| {
                        if i == 0 {
                            m.clone()
                        } else {
                            format!("hoặc {m}")
                        }
                    })
                })
                .collect()
        };
        for text in texts {
            if !missing.contains(&text) {
                missing.push(text);
            }
        }
    }
    Advice {
        award: v.award,
        outcome: v.outcome,
        missing,
        distance,
    }
}

/// Evaluates every award that applies to the subject and returns the nearest `limit`,
/// eligible ones first, then by distance, then by the order of the ladder.
pub fn advise(
    subject: &Subject,
    year: i32,
    on: NaiveDate,
    book: &RuleBook,
    limit: usize,
) -> Vec<Advice> {
    let kind = subject.kind();
    let mut out: Vec<(usize, Advice)> = AwardCode::ALL
        .iter()
        .enumerate()
        .filter(|(_, a)| a.applies_to_kind(kind))
        .map(|(i, a)| (i, from_verdict(&evaluate(subject, *a, year, on, book))))
        .collect();
    out.sort_by_key(|(i, a)| (a.distance, *i));
    out.into_iter().take(limit).map(|(_, a)| a).collect()
}
