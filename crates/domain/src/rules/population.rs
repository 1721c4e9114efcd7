//! A whole agency (or province): people, units and blocs, from which collectives get
//! their members; evaluation of every subject with caps and the women tie-break.

use super::bonus::{Bonus, bonus};
use super::caps::{Cap, CapTally, cap_rule};
use super::history::{History, year_end, year_start};
use super::params::{Params, RuleBook};
use super::regime::Regime;
use super::verdict::{Outcome, Verdict};
use super::{BlocStanding, Collective, Subject, evaluate_with};
use crate::codes::{AwardCode, Gender, SubjectKind};
use chrono::NaiveDate;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;

/// An emulation bloc (khối / cụm thi đua) for one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bloc {
    pub id: String,
    pub name: String,
    pub year: i32,
    pub members: Vec<String>,
    /// Member ids, first = leading.
    pub ranking: Vec<String>,
}

/// People, units and blocs of an agency or a province.
#[derive(Debug, Clone, Default)]
pub struct Population {
    people: Vec<History>,
    units: Vec<History>,
    blocs: Vec<Bloc>,
    unit_index: HashMap<String, usize>,
    people_by_unit: HashMap<String, Vec<usize>>,
    children: HashMap<String, Vec<String>>,
}

impl Population {
    /// People are histories of kind Individual whose `unit` is their unit; units are
    /// histories of kind Collective whose `unit` is their parent (None for an agency).
    pub fn new(people: Vec<History>, units: Vec<History>, blocs: Vec<Bloc>) -> Population {
        let mut unit_index = HashMap::with_capacity_and_hasher(units.len(), Default::default());
        let mut children: HashMap<String, Vec<String>> = HashMap::default();
        for (i, u) in units.iter().enumerate() {
            unit_index.insert(u.id.clone(), i);
            if let Some(p) = &u.unit {
                children.entry(p.clone()).or_default().push(u.id.clone());
            }
        }
        let mut people_by_unit: HashMap<String, Vec<usize>> =
            HashMap::with_capacity_and_hasher(units.len(), Default::default());
        for (i, p) in people.iter().enumerate() {
            if let Some(u) = &p.unit {
                // Clone the unit id only the first time it is seen.
                match people_by_unit.get_mut(u.as_str()) {
                    Some(v) => v.push(i),
                    None => {
                        people_by_unit.insert(u.clone(), vec![i]);
                    }
                }
            }
        }
        Population {
            people,
            units,
            blocs,
            unit_index,
            people_by_unit,
            children,
        }
    }

    pub fn people(&self) -> &[History] {
        &self.people
    }
    pub fn units(&self) -> &[History] {
        &self.units
    }
    pub fn blocs(&self) -> &[Bloc] {
        &self.blocs
    }

    /// The agency (root unit) a unit belongs to.
    pub fn agency_of(&self, unit: &str) -> String {
        let mut cur = unit.to_string();
        let mut seen = HashSet::default();
        while let Some(&i) = self.unit_index.get(&cur) {
            if !seen.insert(cur.clone()) {
                break;
            }
            match &self.units[i].unit {
                Some(p) if self.unit_index.contains_key(p) => cur = p.clone(),
                _ => break,
            }
        }
        cur
    }

    /// People of the unit and the units under it, working at some time in the year
    /// (everyone when no employment is recorded).
    pub fn members(&self, unit: &str, year: i32) -> Vec<&History> {
        let mut out = Vec::new();
        let mut stack = vec![unit.to_string()];
        let mut seen = HashSet::default();
        while let Some(u) = stack.pop() {
            if !seen.insert(u.clone()) {
                continue;
            }
            if let Some(ps) = self.people_by_unit.get(&u) {
                for &i in ps {
                    let p = &self.people[i];
                    let works = p.employment.is_empty()
                        || p.employment.iter().any(|e| {
                            e.from <= year_end(year) && e.to.is_none_or(|t| t >= year_start(year))
                        });
                    if works {
                        out.push(p);
                    }
                }
            }
            if let Some(cs) = self.children.get(&u) {
                stack.extend(cs.iter().cloned());
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    pub fn standings(&self, unit: &str) -> Vec<BlocStanding> {
        self.blocs
            .iter()
            .filter(|b| b.members.iter().any(|m| m == unit) || b.ranking.iter().any(|m| m == unit))
            .map(|b| BlocStanding {
                bloc: b.id.clone(),
                year: b.year,
                rank: b
                    .ranking
                    .iter()
                    .position(|m| m == unit)
                    .map(|p| p as u32 + 1),
                size: b.members.len().max(b.ranking.len()) as u32,
            })
            .collect()
    }

    pub fn collective<'a>(&'a self, unit: &'a History, year: i32) -> Collective<'a> {
        Collective {
            unit,
            members: self.members(&unit.id, year),
            blocs: self.standings(&unit.id),
        }
    }

    /// The collective as `award` needs it: members are gathered only for the awards
    /// whose rules read them (TTLĐTT, TTLĐXS, and Cờ Chính phủ through Cờ tỉnh's
    /// standings), which keeps bulk runs of other awards cheap.
    pub fn collective_for<'a>(
        &'a self,
        award: AwardCode,
        unit: &'a History,
        year: i32,
    ) -> Collective<'a> {
        let members = match award {
            AwardCode::Ttldtt | AwardCode::Ttldxs => self.members(&unit.id, year),
            _ => Vec::new(),
        };
        let blocs = match award {
            AwardCode::CoTinh | AwardCode::CoCp => self.standings(&unit.id),
            _ => Vec::new(),
        };
        Collective {
            unit,
            members,
            blocs,
        }
    }

    /// Evaluates every subject the award applies to (or those listed) and adds caps,
    /// the tie-break and the bonus.
    pub fn evaluate(
        &self,
        award: AwardCode,
        year: i32,
        on: NaiveDate,
        only: Option<&[String]>,
        book: &RuleBook,
    ) -> Report {
        let regime = Regime::on(on);
        let p = book.params(regime);
        let wanted: Option<HashSet<&str>> = only.map(|v| v.iter().map(|s| s.as_str()).collect());
        let keep = |id: &str| wanted.as_ref().is_none_or(|w| w.contains(id));
        let mut results = Vec::new();
        let mut kinds = Vec::new();
        if award.applies_to_kind(SubjectKind::Individual) {
            for h in self.people.iter().filter(|h| keep(&h.id)) {
                results.push(evaluate_with(&Subject::Individual(h), award, year, on, p));
                kinds.push(SubjectKind::Individual);
            }
        }
        if award.applies_to_kind(SubjectKind::Collective) {
            for u in self.units.iter().filter(|h| keep(&h.id)) {
                let col = self.collective_for(award, u, year);
                results.push(evaluate_with(&Subject::Collective(col), award, year, on, p));
                kinds.push(SubjectKind::Collective);
            }
        }
        let caps = self.caps(award, year, on, p, &results);
        let tie_break = self.tie_break(p, year, &results);
        let bonuses = [SubjectKind::Individual, SubjectKind::Collective]
            .into_iter()
            .filter(|k| award.applies_to_kind(*k))
            .filter_map(|k| bonus(award, k, on, p).map(|b| (k, b)))
            .collect();
        Report {
            regime,
            award,
            year,
            on,
            results,
            caps,
            tie_break,
            bonuses,
        }
    }

    fn caps(
        &self,
        award: AwardCode,
        year: i32,
        on: NaiveDate,
        p: &Params,
        results: &[Verdict],
    ) -> Vec<Cap> {
        if cap_rule(award, p).is_none() {
            return Vec::new();
        }
        let eligible: HashSet<&str> = results
            .iter()
            .filter(|v| v.outcome == Outcome::Eligible)
            .map(|v| v.subject.as_str())
            .collect();
        let evaluated: HashSet<&str> = results.iter().map(|v| v.subject.as_str()).collect();
        let mut tally = CapTally::default();
        match award {
            AwardCode::Cstdcs => {
                for h in &self.people {
                    let scope = h
                        .unit
                        .as_deref()
                        .map_or_else(|| "*".to_string(), |u| self.agency_of(u));
                    let basis = holds_or_qualifies(h, AwardCode::Ldtt, year, on, p) == Some(true);
                    tally.add(&scope, basis, eligible.contains(h.id.as_str()));
                }
                // Only scopes with someone evaluated are reported.
                let scopes: HashSet<String> = self
                    .people
                    .iter()
                    .filter(|h| evaluated.contains(h.id.as_str()))
                    .map(|h| {
                        h.unit
                            .as_deref()
                            .map_or_else(|| "*".to_string(), |u| self.agency_of(u))
                    })
                    .collect();
                tally
                    .finish(award, p)
                    .into_iter()
                    .filter(|c| scopes.contains(&c.scope))
                    .collect()
            }
            AwardCode::CoCp => {
                for u in &self.units {
                    let col = self.collective(u, year);
                    let basis =
                        u.has_award(AwardCode::CoTinh, year, p.only_cong_trang_prerequisites)
                            || evaluate_with(
                                &Subject::Collective(col),
                                AwardCode::CoTinh,
                                year,
                                on,
                                p,
                            )
                            .outcome
                                == Outcome::Eligible;
                    tally.add("*", basis, eligible.contains(u.id.as_str()));
                }
                tally.finish(award, p)
            }
            _ => Vec::new(),
        }
    }

    fn tie_break(&self, p: &Params, year: i32, results: &[Verdict]) -> Option<TieBreak> {
        if !p.women_priority {
            return None;
        }
        let eligible: Vec<&Verdict> = results
            .iter()
            .filter(|v| v.outcome == Outcome::Eligible)
            .collect();
        if eligible.len() < 2 {
            return None;
        }
        let mut preferred = Vec::new();
        for v in &eligible {
            if let Some(h) = self.people.iter().find(|h| h.id == v.subject) {
                if h.gender == Some(Gender::Nu) {
                    preferred.push(v.subject.clone());
                }
            } else if self.unit_index.contains_key(&v.subject) {
                let members = self.members(&v.subject, year);
                let women = members
                    .iter()
                    .filter(|m| m.gender == Some(Gender::Nu))
                    .count();
                if !members.is_empty()
                    && women as f64 / members.len() as f64 >= p.women_collective_share - 1e-9
                {
                    preferred.push(v.subject.clone());
                }
            }
        }
        Some(TieBreak::new(eligible.len(), preferred, p))
    }
}

/// Holds the award for the year (recorded, công trạng) or qualifies for it now.
pub fn holds_or_qualifies(
    h: &History,
    award: AwardCode,
    year: i32,
    on: NaiveDate,
    p: &Params,
) -> Option<bool> {
    if h.has_award(award, year, false) {
        return Some(true);
    }
    match evaluate_with(&Subject::Individual(h), award, year, on, p).outcome {
        Outcome::Eligible => Some(true),
        Outcome::Incomplete => None,
        _ => Some(false),
    }
}

/// NĐ 152/2025 Đ4 k6: when several qualify, women (or collectives with ≥ 70 % women) first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TieBreak {
    pub rule: String,
    pub citation: String,
    pub detail: String,
    pub preferred: Vec<String>,
}

impl TieBreak {
    pub fn new(eligible: usize, preferred: Vec<String>, p: &Params) -> TieBreak {
        TieBreak {
            rule: "tie_break.women".into(),
            citation: "NĐ 152/2025 Đ4 k6".into(),
            detail: format!(
                "{eligible} đối tượng cùng đủ điều kiện: ưu tiên cá nhân nữ hoặc tập thể có tỉ lệ nữ từ {} trở lên ({} đối tượng)",
                super::common::pct(p.women_collective_share),
                preferred.len()
            ),
            preferred,
        }
    }
}

/// The answer for a whole input: the JSON object of docs/exchange.md (plus extras).
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub regime: Regime,
    pub award: AwardCode,
    pub year: i32,
    pub on: NaiveDate,
    pub results: Vec<Verdict>,
    pub caps: Vec<Cap>,
    pub tie_break: Option<TieBreak>,
    pub bonuses: Vec<(SubjectKind, Bonus)>,
}

impl Report {
    pub fn count(&self, o: Outcome) -> usize {
        self.results.iter().filter(|v| v.outcome == o).count()
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for v in &self.results {
            s.add(v.outcome);
        }
        s
    }
}

/// Subjects per verdict (`--format summary`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub eligible: u64,
    pub not_eligible: u64,
    pub postponed: u64,
    pub incomplete: u64,
}

impl Summary {
    pub fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Eligible => self.eligible += 1,
            Outcome::NotEligible => self.not_eligible += 1,
            Outcome::Postponed => self.postponed += 1,
            Outcome::Incomplete => self.incomplete += 1,
        }
    }
    pub fn merge(&mut self, o: Summary) {
        self.eligible += o.eligible;
        self.not_eligible += o.not_eligible;
        self.postponed += o.postponed;
        self.incomplete += o.incomplete;
    }
}

#[derive(Serialize)]
struct BonusOut<'a> {
    subject_kind: SubjectKind,
    #[serde(flatten)]
    bonus: &'a Bonus,
}

impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("regime", &self.regime)?;
        m.serialize_entry("award", &self.award)?;
        m.serialize_entry("year", &self.year)?;
        m.serialize_entry("on", &self.on.format("%Y-%m-%d").to_string())?;
        m.serialize_entry("results", &self.results)?;
        m.serialize_entry("caps", &self.caps)?;
        if let Some(t) = &self.tie_break {
            m.serialize_entry("tie_break", t)?;
        }
        let b: Vec<BonusOut> = self
            .bonuses
            .iter()
            .map(|(k, b)| BonusOut {
                subject_kind: *k,
                bonus: b,
            })
            .collect();
        m.serialize_entry("bonus", &b)?;
        m.end()
    }
}
