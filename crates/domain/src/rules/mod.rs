//! The rules engine: regimes, parameters, eligibility with explanations, caps, advice
//! and bonus amounts. Pure: no IO, no async.
//!
//! ```text
//! regime.rs   which texts are in force on the decision date (ND91-2017 | ND98-2023 | ND152-2025)
//! params.rs   every threshold with its national default per regime; the override file
//! history.rs  the facts of one subject (what the store / the interchange loader fills)
//! common.rs   consecutive runs, presumed facts, votes, initiative reuse, postponement
//! titles/     one file per title or form of award, each rule with its citation
//! verdict.rs  Verdict, Condition (met / not met / unknown), Vietnamese rendering
//! population.rs  a whole agency or province: members of collectives, reports, caps, tie-break
//! caps.rs     ratio caps (CSTĐCS ≤ 15 % of LĐTT under NĐ 91/2017, Cờ Chính phủ ≤ 20 %)
//! advice.rs   "what is missing": the nearest titles and forms and what each still needs
//! bonus.rs    coefficient × base salary on the decision date
//! ```
//!
//! Typical use:
//! ```
//! use tdkt_domain::codes::{AwardCode, Rating, SubjectKind};
//! use tdkt_domain::rules::{evaluate, History, RuleBook, Subject, Outcome};
//! let mut h = History::new("NV001", SubjectKind::Individual);
//! h.ratings.insert(2025, Rating::Htt);
//! h.employment.push(tdkt_domain::rules::EmploymentPeriod::new(
//!     tdkt_domain::codes::EmploymentKind::CongChuc,
//!     chrono::NaiveDate::from_ymd_opt(2019, 3, 1).unwrap(),
//!     None,
//! ));
//! let on = chrono::NaiveDate::from_ymd_opt(2025, 12, 20).unwrap();
//! let v = evaluate(&Subject::Individual(&h), AwardCode::Ldtt, 2025, on, &RuleBook::national());
//! assert_eq!(v.outcome, Outcome::Eligible);
//! println!("{}", v.render_text());
//! ```

pub mod advice;
pub mod bonus;
pub mod caps;
pub mod common;
pub mod history;
pub mod params;
pub mod population;
pub mod regime;
mod titles;
pub mod verdict;

#[cfg(test)]
mod proptests;

pub use advice::{Advice, advise};
pub use bonus::{Bonus, bonus};
pub use caps::Cap;
pub use history::{
    AwardEntry, AwardUse, DisciplineEntry, EmploymentPeriod, FactEntry, FactName, FactValue,
    History, InitiativeEntry, LeaveEntry, ProceedingEntry, Service, VoteEntry,
};
pub use params::{CollectiveHeadcount, Criterion, OverrideError, Params, Rounding, RuleBook};
pub use population::{Bloc, Population, Report, TieBreak};
pub use regime::Regime;
pub use verdict::{Condition, Outcome, Verdict};

use crate::codes::{AwardCode, SubjectKind};
use chrono::NaiveDate;
use common::Ctx;

/// A collective with what its evaluation needs beyond its own history: the members'
/// histories (ratings, titles, disciplines) and its standings in emulation blocs.
#[derive(Debug, Clone)]
pub struct Collective<'a> {
    pub unit: &'a History,
    /// People counted in the collective for the evaluation year.
    pub members: Vec<&'a History>,
    pub blocs: Vec<BlocStanding>,
}

/// The unit's place in a bloc's ranking for a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlocStanding {
    pub bloc: String,
    pub year: i32,
    /// 1 = leading; None when the unit is a member but not ranked.
    pub rank: Option<u32>,
    pub size: u32,
}

/// What is evaluated: a person, or a collective with its members.
#[derive(Debug, Clone)]
pub enum Subject<'a> {
    Individual(&'a History),
    Collective(Collective<'a>),
}

impl<'a> Subject<'a> {
    pub fn history(&self) -> &'a History {
        match self {
            Subject::Individual(h) => h,
            Subject::Collective(c) => c.unit,
        }
    }
    pub fn kind(&self) -> SubjectKind {
        match self {
            Subject::Individual(_) => SubjectKind::Individual,
            Subject::Collective(_) => SubjectKind::Collective,
        }
    }
}

/// Evaluates `award` for evaluation year `year`, decided (or proposed) on `on`, under
/// the regime in force that day with the rule book's parameters.
pub fn evaluate(
    subject: &Subject,
    award: AwardCode,
    year: i32,
    on: NaiveDate,
    book: &RuleBook,
) -> Verdict {
    evaluate_with(subject, award, year, on, book.params(Regime::on(on)))
}

/// Only the outcome of [`evaluate`], without building the Vietnamese explanations
/// (for bulk runs; the conditions are the same, so the outcome always agrees).
pub fn evaluate_outcome(
    subject: &Subject,
    award: AwardCode,
    year: i32,
    on: NaiveDate,
    params: &Params,
) -> Outcome {
    let ctx = Ctx {
        explain: false,
        h: subject.history(),
        award,
        year,
        on,
        p: params,
    };
    match subject {
        Subject::Individual(_) => titles::individual_verdict(&ctx).outcome,
        Subject::Collective(c) => titles::collective_verdict(&ctx, c).outcome,
    }
}

/// Same as [`evaluate`] with explicit parameters (their regime is used as is).
pub fn evaluate_with(
    subject: &Subject,
    award: AwardCode,
    year: i32,
    on: NaiveDate,
    params: &Params,
) -> Verdict {
    let ctx = Ctx {
        explain: true,
        h: subject.history(),
        award,
        year,
        on,
        p: params,
    };
    match subject {
        Subject::Individual(_) => titles::individual_verdict(&ctx),
        Subject::Collective(c) => titles::collective_verdict(&ctx, c),
    }
}
