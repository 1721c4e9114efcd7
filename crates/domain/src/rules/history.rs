//! The facts of one subject (a person or a collective) that the rules read.
//!
//! The store fills a [`History`] from the database; the interchange loader fills it
//! from `tdkt-exchange/1` records. Nothing here is computed: it is the record, as
//! kept, and the rules decide what it means.

use crate::codes::{
    AwardCode, AwardKind, DisciplineForm, EmploymentKind, FactKey, Gender, InitiativeCategory,
    InitiativeLevel, LeaveKind, ProceedingKind, Rating, SubjectKind, TrainingResult,
};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// Everything recorded about one subject.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The person's or unit's id.
    pub id: String,
    pub kind: SubjectKind,
    /// People only.
    pub gender: Option<Gender>,
    /// People: the unit they belong to; units: the parent unit.
    pub unit: Option<String>,
    /// People only: periods of work at the agency, any order. Touching or overlapping
    /// periods count as one stretch whatever their kind. When empty, the LĐTT new-hire
    /// condition is unknown (`met: null`, verdict `incomplete`) rather than presumed.
    pub employment: Vec<EmploymentPeriod>,
    /// Annual performance rating by evaluation year.
    pub ratings: BTreeMap<i32, Rating>,
    pub awards: Vec<AwardEntry>,
    /// Initiatives and research the subject is an author of.
    pub initiatives: Vec<InitiativeEntry>,
    pub disciplines: Vec<DisciplineEntry>,
    pub proceedings: Vec<ProceedingEntry>,
    pub leaves: Vec<LeaveEntry>,
    pub votes: Vec<VoteEntry>,
    pub facts: Vec<FactEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmploymentPeriod {
    pub kind: EmploymentKind,
    pub from: NaiveDate,
    /// None while it lasts.
    pub to: Option<NaiveDate>,
    /// The period began with a transfer (điều động, luân chuyển, chuyển công tác) from
    /// this unit or agency: service continues from before it, whatever the gap.
    pub transfer_from: Option<String>,
}

impl EmploymentPeriod {
    pub fn new(kind: EmploymentKind, from: NaiveDate, to: Option<NaiveDate>) -> EmploymentPeriod {
        EmploymentPeriod {
            kind,
            from,
            to,
            transfer_from: None,
        }
    }
}

/// One uninterrupted stretch of service, as the rules read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service<'h> {
    /// First day of the stretch (of the first period recorded in it).
    pub from: NaiveDate,
    /// Last day (NaiveDate::MAX while it lasts).
    pub to: NaiveDate,
    /// Set when the stretch began with a transfer in from elsewhere: the months before
    /// it were served at the old unit, so it is not a new recruitment.
    pub transferred_in: Option<(&'h str, NaiveDate)>,
    /// Gaps of at most `gap_days` joined without a recorded transfer (from, to of the gap).
    pub bridged: Vec<(NaiveDate, NaiveDate)>,
    /// Kind of the period in force at the end of the stretch.
    pub kind: EmploymentKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AwardEntry {
    pub award: AwardCode,
    /// The evaluation year the award is for.
    pub year: i32,
    pub kind: AwardKind,
    /// Date of the decision, when known (CSTĐ toàn quốc timing, NĐ 91 Đ48 k1 a).
    pub decided_on: Option<NaiveDate>,
}

/// One use of an initiative as the basis of an award (`used_for` in the interchange format).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AwardUse {
    pub award: AwardCode,
    pub year: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitiativeEntry {
    pub id: String,
    pub category: InitiativeCategory,
    pub level: InitiativeLevel,
    pub recognized_on: NaiveDate,
    pub effect_confirmed: bool,
    pub used_for: Vec<AwardUse>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisciplineEntry {
    pub form: DisciplineForm,
    pub decided_on: NaiveDate,
    /// End of the discipline period; None when not recorded (the verdict is then
    /// incomplete while `Params::discipline_max_months` could still be running).
    pub ends_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProceedingEntry {
    pub kind: ProceedingKind,
    pub opened_on: NaiveDate,
    /// None while open.
    pub closed_on: Option<NaiveDate>,
}

impl ProceedingEntry {
    /// Open on `date`: opened on or before it and not closed by then.
    pub fn open_on(&self, date: NaiveDate) -> bool {
        self.opened_on <= date && self.closed_on.is_none_or(|c| c > date)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeaveEntry {
    pub kind: LeaveKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub result: Option<TrainingResult>,
}

/// A council ballot on one proposal: agree out of the whole membership
/// (docs/rules/index.md, "Council votes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteEntry {
    pub award: AwardCode,
    pub year: i32,
    pub council_members: u32,
    pub agree: u32,
    pub disagree: u32,
    pub abstain: u32,
}

/// Name of a fact: one of the known keys, or a key this version does not know
/// (kept so that a province's own rules can read it, e.g. `registered`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactName {
    Known(FactKey),
    Other(String),
}

impl FactName {
    pub fn parse(key: &str) -> FactName {
        match FactKey::parse(key) {
            Ok(k) => FactName::Known(k),
            Err(_) => FactName::Other(key.to_string()),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            FactName::Known(k) => k.code(),
            FactName::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FactValue {
    Bool(bool),
    Number(f64),
}

impl FactValue {
    /// A number counts as true when non-zero.
    pub fn truthy(self) -> bool {
        match self {
            FactValue::Bool(b) => b,
            FactValue::Number(n) => n != 0.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FactEntry {
    pub year: i32,
    pub key: FactName,
    pub value: FactValue,
}

impl History {
    pub fn new(id: impl Into<String>, kind: SubjectKind) -> History {
        History {
            id: id.into(),
            kind,
            gender: None,
            unit: None,
            employment: Vec::new(),
            ratings: BTreeMap::new(),
            awards: Vec::new(),
            initiatives: Vec::new(),
            disciplines: Vec::new(),
            proceedings: Vec::new(),
            leaves: Vec::new(),
            votes: Vec::new(),
            facts: Vec::new(),
        }
    }

    pub fn rating(&self, year: i32) -> Option<Rating> {
        self.ratings.get(&year).copied()
    }

    /// Years (ascending) for which the subject holds `award`; with `cong_trang_only`
    /// awards of other kinds (đột xuất, chuyên đề…) are left out (NĐ 152/2025 Đ4 k3).
    pub fn award_years(&self, award: AwardCode, cong_trang_only: bool) -> Vec<i32> {
        let mut v: Vec<i32> = self
            .awards
            .iter()
            .filter(|a| a.award == award && (!cong_trang_only || a.kind == AwardKind::CongTrang))
            .map(|a| a.year)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    pub fn has_award(&self, award: AwardCode, year: i32, cong_trang_only: bool) -> bool {
        self.awards.iter().any(|a| {
            a.award == award
                && a.year == year
                && (!cong_trang_only || a.kind == AwardKind::CongTrang)
        })
    }

    /// The recorded value of a fact for a year, if any. When several are recorded
    /// the most negative wins (a judgement `false` is never hidden by a `true`).
    pub fn fact(&self, key: FactKey, year: i32) -> Option<bool> {
        self.fact_named(key.code(), year)
    }

    pub fn fact_named(&self, key: &str, year: i32) -> Option<bool> {
        let mut out: Option<bool> = None;
        for f in &self.facts {
            if f.year == year && f.key.as_str() == key {
                let v = f.value.truthy();
                out = Some(out.map_or(v, |o| o && v));
            }
        }
        out
    }

    /// The vote held on a proposal of `award` for `year`; the last recorded wins.
    pub fn vote(&self, award: AwardCode, year: i32) -> Option<&VoteEntry> {
        self.votes
            .iter()
            .rev()
            .find(|v| v.award == award && v.year == year)
    }

    /// Proceedings open on the date (NĐ 152/2025 Đ4 k4).
    pub fn open_proceedings(&self, on: NaiveDate) -> impl Iterator<Item = &ProceedingEntry> {
        self.proceedings.iter().filter(move |p| p.open_on(on))
    }

    /// The stretches of service, earliest first. Periods that touch or overlap are
    /// joined whatever their kind (a contract followed by a civil service appointment at
    /// the same agency is one stretch, BNV answer in docs/rules/ldtt.md, case T05); a
    /// period with `transfer_from` continues the stretch before it across any gap; a
    /// gap of at most `gap_days` days is joined and reported in `bridged`.
    pub fn services(&self, gap_days: u32) -> Vec<Service<'_>> {
        let mut periods: Vec<&EmploymentPeriod> = self.employment.iter().collect();
        periods.sort_by_key(|p| (p.from, p.to.unwrap_or(NaiveDate::MAX)));
        let mut out: Vec<Service> = Vec::new();
        for p in periods {
            let to = p.to.unwrap_or(NaiveDate::MAX);
            if let Some(last) = out.last_mut() {
                let next_day = last.to.succ_opt().unwrap_or(NaiveDate::MAX);
                let touches = p.from <= next_day;
                let gap = (p.from - next_day).num_days();
                if touches || p.transfer_from.is_some() || gap <= gap_days as i64 {
                    if !touches && p.transfer_from.is_none() {
                        last.bridged
                            .push((next_day, p.from.pred_opt().unwrap_or(p.from)));
                    }
                    if to >= last.to {
                        last.to = to;
                        last.kind = p.kind;
                    }
                    continue;
                }
            }
            out.push(Service {
                from: p.from,
                to,
                transferred_in: p.transfer_from.as_deref().map(|t| (t, p.from)),
                bridged: Vec::new(),
                kind: p.kind,
            });
        }
        out
    }

    /// The stretch of service covering `date`, if employed that day.
    pub fn service_on(&self, date: NaiveDate, gap_days: u32) -> Option<Service<'_>> {
        self.services(gap_days)
            .into_iter()
            .find(|s| s.from <= date && date <= s.to)
    }

    /// Start of the uninterrupted employment that covers `date` (touching or overlapping
    /// periods, and transfers, only). None when not employed on `date` or nothing recorded.
    pub fn continuous_employment_start(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.service_on(date, 0).map(|s| s.from)
    }

    /// The employment kind in force on `date`, if any.
    pub fn employment_kind_on(&self, date: NaiveDate) -> Option<EmploymentKind> {
        self.employment
            .iter()
            .filter(|p| p.from <= date && p.to.is_none_or(|t| t >= date))
            .max_by_key(|p| p.from)
            .map(|p| p.kind)
    }
}

/// Whole months of work from `from` to `to`, both days included
/// (2021-03-15 → 2021-12-31 is 9 months; 2021-03-01 → 2021-12-31 is 10).
pub fn whole_months(from: NaiveDate, to: NaiveDate) -> u32 {
    if to < from {
        return 0;
    }
    let end = to.succ_opt().unwrap_or(to);
    let mut m = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32 + 1;
    while m > 0 {
        match from.checked_add_months(chrono::Months::new(m as u32)) {
            Some(d) if d <= end => return m as u32,
            _ => m -= 1,
        }
    }
    0
}

/// 31 December of a year.
pub fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// 1 January of a year.
pub fn year_start(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn months() {
        assert_eq!(whole_months(d(2021, 3, 15), d(2021, 12, 31)), 9);
        assert_eq!(whole_months(d(2024, 3, 15), d(2024, 12, 31)), 9);
        assert_eq!(whole_months(d(2024, 1, 1), d(2024, 12, 31)), 12);
        assert_eq!(whole_months(d(2021, 3, 1), d(2021, 12, 31)), 10);
        assert_eq!(whole_months(d(2021, 3, 2), d(2021, 12, 31)), 9);
        assert_eq!(whole_months(d(2021, 6, 30), d(2021, 12, 31)), 6);
        assert_eq!(whole_months(d(2021, 7, 1), d(2021, 12, 31)), 6);
        assert_eq!(whole_months(d(2021, 7, 2), d(2021, 12, 31)), 5);
    }

    #[test]
    fn continuous_employment_joins_kinds() {
        let mut h = History::new("P", SubjectKind::Individual);
        h.employment.push(EmploymentPeriod::new(
            EmploymentKind::CongChuc,
            d(2024, 9, 1),
            None,
        ));
        h.employment.push(EmploymentPeriod::new(
            EmploymentKind::HopDong,
            d(2024, 1, 1),
            Some(d(2024, 8, 31)),
        ));
        assert_eq!(
            h.continuous_employment_start(d(2024, 12, 31)),
            Some(d(2024, 1, 1))
        );
    }

    #[test]
    fn transfers_and_short_gaps_continue_service() {
        let mut h = History::new("P", SubjectKind::Individual);
        h.employment.push(EmploymentPeriod::new(
            EmploymentKind::CongChuc,
            d(2020, 1, 1),
            Some(d(2025, 8, 29)),
        ));
        h.employment.push(EmploymentPeriod::new(
            EmploymentKind::CongChuc,
            d(2025, 9, 3),
            None,
        ));
        // A gap of four days is bridged (and reported) when allowed, not otherwise.
        let s = h.service_on(d(2025, 12, 31), 7).unwrap();
        assert_eq!(s.from, d(2020, 1, 1));
        assert_eq!(s.bridged, vec![(d(2025, 8, 30), d(2025, 9, 2))]);
        assert_eq!(
            h.service_on(d(2025, 12, 31), 0).unwrap().from,
            d(2025, 9, 3)
        );
        // A recorded transfer bridges any gap.
        h.employment[1].from = d(2025, 11, 3);
        h.employment[1].transfer_from = Some("Sở Nội vụ".into());
        let s = h.service_on(d(2025, 12, 31), 0).unwrap();
        assert_eq!(s.from, d(2020, 1, 1));
        assert!(s.bridged.is_empty());
        // Transferred in from another agency with nothing recorded before: not a new hire.
        let mut t = History::new("Q", SubjectKind::Individual);
        t.employment.push(EmploymentPeriod {
            transfer_from: Some("UBND huyện Khánh Sơn".into()),
            ..EmploymentPeriod::new(EmploymentKind::CongChuc, d(2025, 10, 1), None)
        });
        let s = t.service_on(d(2025, 12, 31), 0).unwrap();
        assert_eq!(
            s.transferred_in,
            Some(("UBND huyện Khánh Sơn", d(2025, 10, 1)))
        );
    }
}
