//! From records to the rules engine's input: one [`History`] per person and unit, the
//! blocs, with every reference checked (a rating for an unknown person is an error, so
//! is a duplicate id or a second rating of the same year).
//!
//! Records may come in any order; the result does not depend on it (people and units
//! are sorted by id, initiatives by id, duplicates that would make the order matter —
//! two ratings or two votes for the same year — are errors).

use crate::error::{ExchangeError, Location};
use crate::record::*;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use tdkt_domain::codes::{AwardCode, SubjectKind};
use tdkt_domain::rules::{
    self, AwardEntry, AwardUse, DisciplineEntry, EmploymentPeriod, FactEntry, FactName, History,
    InitiativeEntry, LeaveEntry, Population, ProceedingEntry, Regime, VoteEntry,
};

/// Which record types to keep (the others are still parsed, validated and their
/// references checked). Lets a bulk run of one award keep memory small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relevance {
    keep: [bool; 12],
}

impl Default for Relevance {
    fn default() -> Self {
        Relevance::all()
    }
}

impl Relevance {
    pub fn all() -> Relevance {
        Relevance { keep: [true; 12] }
    }

    /// What evaluating `award` under `regime` reads.
    pub fn for_award(award: AwardCode, regime: Regime) -> Relevance {
        use AwardCode::*;
        let mut r = Relevance::all();
        let a = regime == Regime::Nd91_2017;
        let needs_initiatives = match award {
            Ldtt | CoTinh | CoCp | GiayKhen => false,
            BkTtg | Hcld3 => a,
            _ => true,
        };
        let needs_leaves = matches!(award, Ldtt | Cstdcs | Ttldtt | Ttldxs);
        let needs_blocs = matches!(award, CoTinh | CoCp);
        r.set(RecordType::Initiative, needs_initiatives);
        r.set(RecordType::Leave, needs_leaves);
        r.set(RecordType::Bloc, needs_blocs);
        r
    }

    pub fn set(&mut self, t: RecordType, keep: bool) {
        self.keep[t as usize] = keep;
    }
    pub fn keeps(&self, t: RecordType) -> bool {
        self.keep[t as usize]
    }
}

type Ref = (Location, &'static str);

#[derive(Debug)]
struct Entry {
    h: History,
    declared: Option<(RecordType, Location)>,
    first_ref: Option<Ref>,
    want_person: Option<Ref>,
    want_unit: Option<Ref>,
}

impl Entry {
    fn new(id: &str) -> Entry {
        Entry {
            h: History::new(id, SubjectKind::Individual),
            declared: None,
            first_ref: None,
            want_person: None,
            want_unit: None,
        }
    }
}

fn earlier(a: &Location, b: &Location) -> bool {
    match (a, b) {
        (Location::Line(x), Location::Line(y)) => x < y,
        (
            Location::Record {
                array: aa,
                index: ai,
            },
            Location::Record {
                array: ba,
                index: bi,
            },
        ) => {
            let pos = |n: &str| RecordType::ALL.iter().position(|t| t.array_name() == n);
            (pos(aa), ai) < (pos(ba), bi)
        }
        _ => false,
    }
}

fn keep_first(slot: &mut Option<Ref>, r: Option<Ref>) {
    if let Some(r) = r {
        match slot {
            Some(s) if !earlier(&r.0, &s.0) => {}
            _ => *slot = Some(r),
        }
    }
}

/// Accumulates records; [`Loader::finish`] checks references and builds the population.
#[derive(Debug)]
pub struct Loader {
    source: String,
    relevance: Relevance,
    entries: FxHashMap<String, Entry>,
    agency: Option<(Agency, Location)>,
    initiatives: Vec<(Initiative, Location)>,
    initiative_ids: HashMap<String, Location>,
    blocs: Vec<(Bloc, Location)>,
    bloc_ids: HashMap<String, Location>,
    records: u64,
}

/// What the loader produced.
#[derive(Debug)]
pub struct Loaded {
    pub agency: Option<Agency>,
    pub population: Population,
    pub records: u64,
}

impl Loader {
    pub fn new(source_name: &str, relevance: Relevance) -> Loader {
        Loader {
            source: source_name.to_string(),
            relevance,
            entries: FxHashMap::default(),
            agency: None,
            initiatives: Vec::new(),
            initiative_ids: HashMap::new(),
            blocs: Vec::new(),
            bloc_ids: HashMap::new(),
            records: 0,
        }
    }

    fn err(&self, loc: Location, field: &str, msg: impl Into<String>) -> ExchangeError {
        ExchangeError::new(&self.source, loc, Some(field.to_string()), msg)
    }

    fn entry(&mut self, id: &str) -> &mut Entry {
        if !self.entries.contains_key(id) {
            self.entries.insert(id.to_string(), Entry::new(id));
        }
        // The entry was just ensured.
        self.entries.get_mut(id).unwrap_or_else(|| unreachable!())
    }

    fn touch(&mut self, id: &str, loc: &Location, field: &'static str) -> &mut Entry {
        let e = self.entry(id);
        if e.first_ref.is_none() {
            e.first_ref = Some((loc.clone(), field));
        }
        e
    }

    fn declare(
        &mut self,
        id: &str,
        ty: RecordType,
        loc: &Location,
    ) -> Result<&mut Entry, ExchangeError> {
        let source = self.source.clone();
        let e = self.entry(id);
        if let Some((t, l)) = &e.declared {
            let what = if *t == ty {
                "trùng mã"
            } else {
                "mã đã dùng cho"
            };
            return Err(ExchangeError::new(
                &source,
                loc.clone(),
                Some("id".into()),
                format!("{what} «{id}» ({} đã khai báo tại{})", t.type_name(), l),
            ));
        }
        e.declared = Some((ty, loc.clone()));
        Ok(e)
    }

    /// Adds one record read at `loc`.
    pub fn add(&mut self, rec: Record, loc: Location) -> Result<(), ExchangeError> {
        self.records += 1;
        let keep = self.relevance.keeps(rec.record_type());
        match rec {
            Record::Agency(a) => {
                if let Some((_, l)) = &self.agency {
                    return Err(self.err(
                        loc,
                        "id",
                        format!("chỉ được có một cơ quan (đã có tại{l})"),
                    ));
                }
                self.agency = Some((a, loc));
            }
            Record::Unit(u) => {
                let parent = u.parent.clone();
                let e = self.declare(&u.id, RecordType::Unit, &loc)?;
                e.h.kind = SubjectKind::Collective;
                e.h.unit = parent.clone();
                if let Some(p) = parent {
                    let pe = self.touch(&p, &loc, "parent");
                    keep_first(&mut pe.want_unit, Some((loc, "parent")));
                }
            }
            Record::Person(p) => {
                let e = self.declare(&p.id, RecordType::Person, &loc)?;
                e.h.kind = SubjectKind::Individual;
                e.h.gender = Some(p.gender);
                e.h.unit = Some(p.unit.clone());
                e.h.employment = p
                    .employment
                    .iter()
                    .map(|x| EmploymentPeriod {
                        kind: x.kind,
                        from: x.from,
                        to: x.to,
                    })
                    .collect();
                let ue = self.touch(&p.unit, &loc, "unit");
                keep_first(&mut ue.want_unit, Some((loc, "unit")));
            }
            Record::Rating(r) => {
                let source = self.source.clone();
                let e = self.touch(&r.subject, &loc, "subject");
                if let Some(old) = e.h.ratings.insert(r.year, r.rating) {
                    return Err(ExchangeError::new(
                        &source,
                        loc,
                        Some("year".into()),
                        format!(
                            "trùng xếp loại năm {} của «{}» (đã có {})",
                            r.year,
                            r.subject,
                            old.code()
                        ),
                    ));
                }
            }
            Record::Award(a) => {
                let e = self.touch(&a.subject, &loc, "subject");
                e.h.awards.push(AwardEntry {
                    award: a.award,
                    year: a.year,
                    kind: a.kind,
                    decided_on: a.decision.map(|d| d.date),
                });
            }
            Record::Initiative(i) => {
                if let Some(l) = self.initiative_ids.get(&i.id) {
                    return Err(self.err(
                        loc,
                        "id",
                        format!("trùng mã sáng kiến «{}» (đã có tại{l})", i.id),
                    ));
                }
                self.initiative_ids.insert(i.id.clone(), loc.clone());
                for a in &i.authors {
                    let e = self.touch(a, &loc, "authors");
                    keep_first(&mut e.want_person, Some((loc.clone(), "authors")));
                }
                if keep {
                    self.initiatives.push((i, loc));
                }
            }
            Record::Discipline(d) => {
                let e = self.touch(&d.subject, &loc, "subject");
                if keep {
                    e.h.disciplines.push(DisciplineEntry {
                        form: d.form,
                        decided_on: d.decided_on,
                        ends_on: d.ends_on,
                    });
                }
            }
            Record::Proceeding(p) => {
                let e = self.touch(&p.subject, &loc, "subject");
                if keep {
                    e.h.proceedings.push(ProceedingEntry {
                        kind: p.kind,
                        opened_on: p.opened_on,
                        closed_on: p.closed_on,
                    });
                }
            }
            Record::Leave(l) => {
                let e = self.touch(&l.person, &loc, "person");
                keep_first(&mut e.want_person, Some((loc.clone(), "person")));
                if keep {
                    e.h.leaves.push(LeaveEntry {
                        kind: l.kind,
                        from: l.from,
                        to: l.to,
                        result: l.result,
                    });
                }
            }
            Record::Vote(v) => {
                let source = self.source.clone();
                let e = self.touch(&v.subject, &loc, "subject");
                if e.h.vote(v.award, v.year).is_some() {
                    return Err(ExchangeError::new(
                        &source,
                        loc,
                        Some("award".into()),
                        format!(
                            "trùng kết quả bỏ phiếu {} năm {} của «{}»",
                            v.award.code(),
                            v.year,
                            v.subject
                        ),
                    ));
                }
                e.h.votes.push(VoteEntry {
                    award: v.award,
                    year: v.year,
                    council_members: v.council_members,
                    agree: v.agree,
                    disagree: v.disagree,
                    abstain: v.abstain,
                });
            }
            Record::Bloc(b) => {
                if let Some(l) = self.bloc_ids.get(&b.id) {
                    return Err(self.err(
                        loc,
                        "id",
                        format!("trùng mã khối thi đua «{}» (đã có tại{l})", b.id),
                    ));
                }
                self.bloc_ids.insert(b.id.clone(), loc.clone());
                for m in &b.members {
                    self.touch(m, &loc, "members");
                }
                for m in &b.ranking {
                    self.touch(m, &loc, "ranking");
                    if !b.members.contains(m) {
                        return Err(self.err(
                            loc,
                            "ranking",
                            format!("«{m}» được xếp hạng nhưng không là thành viên của khối"),
                        ));
                    }
                }
                if keep {
                    self.blocs.push((b, loc));
                }
            }
            Record::Fact(f) => {
                let e = self.touch(&f.subject, &loc, "subject");
                e.h.facts.push(FactEntry {
                    year: f.year,
                    key: FactName::parse(&f.key),
                    value: match f.value {
                        FactValue::Bool(b) => rules::FactValue::Bool(b),
                        FactValue::Number(n) => rules::FactValue::Number(n),
                    },
                });
            }
        }
        Ok(())
    }

    /// Merges a loader that read another part of the same file.
    pub fn merge(&mut self, other: Loader) -> Result<(), ExchangeError> {
        self.records += other.records;
        if let Some((a, l)) = other.agency {
            if let Some((_, l0)) = &self.agency {
                return Err(self.err(l, "id", format!("chỉ được có một cơ quan (đã có tại{l0})")));
            }
            self.agency = Some((a, l));
        }
        for (id, l) in other.initiative_ids {
            if let Some(l0) = self.initiative_ids.get(&id) {
                let (first, second) = if earlier(l0, &l) {
                    (l0.clone(), l)
                } else {
                    (l, l0.clone())
                };
                return Err(self.err(
                    second,
                    "id",
                    format!("trùng mã sáng kiến «{id}» (đã có tại{first})"),
                ));
            }
            self.initiative_ids.insert(id, l);
        }
        self.initiatives.extend(other.initiatives);
        for (id, l) in other.bloc_ids {
            if self.bloc_ids.contains_key(&id) {
                return Err(self.err(l, "id", format!("trùng mã khối thi đua «{id}»")));
            }
            self.bloc_ids.insert(id, l);
        }
        self.blocs.extend(other.blocs);
        for (id, o) in other.entries {
            let Some(e) = self.entries.get_mut(&id) else {
                self.entries.insert(id, o);
                continue;
            };
            match (&e.declared, o.declared) {
                (Some((t, l0)), Some((_, l))) => {
                    let (first, second) = if earlier(l0, &l) {
                        (l0.clone(), l)
                    } else {
                        (l, l0.clone())
                    };
                    return Err(ExchangeError::new(
                        &self.source,
                        second,
                        Some("id".into()),
                        format!("trùng mã «{id}» ({} đã khai báo tại{first})", t.type_name()),
                    ));
                }
                (None, Some((t, l))) => {
                    e.declared = Some((t, l));
                    e.h.kind = o.h.kind;
                    e.h.gender = o.h.gender;
                    e.h.unit = o.h.unit;
                    e.h.employment = o.h.employment;
                }
                _ => {}
            }
            for (y, r) in o.h.ratings {
                if e.h.ratings.insert(y, r).is_some() {
                    let loc = o.first_ref.as_ref().map_or(Location::File, |r| r.0.clone());
                    return Err(ExchangeError::new(
                        &self.source,
                        loc,
                        Some("year".into()),
                        format!("trùng xếp loại năm {y} của «{id}»"),
                    ));
                }
            }
            for v in &o.h.votes {
                if e.h.vote(v.award, v.year).is_some() {
                    let loc = o.first_ref.as_ref().map_or(Location::File, |r| r.0.clone());
                    return Err(ExchangeError::new(
                        &self.source,
                        loc,
                        Some("award".into()),
                        format!(
                            "trùng kết quả bỏ phiếu {} năm {} của «{id}»",
                            v.award.code(),
                            v.year
                        ),
                    ));
                }
            }
            e.h.votes.extend(o.h.votes);
            e.h.awards.extend(o.h.awards);
            e.h.disciplines.extend(o.h.disciplines);
            e.h.proceedings.extend(o.h.proceedings);
            e.h.leaves.extend(o.h.leaves);
            e.h.facts.extend(o.h.facts);
            keep_first(&mut e.first_ref, o.first_ref);
            keep_first(&mut e.want_person, o.want_person);
            keep_first(&mut e.want_unit, o.want_unit);
        }
        Ok(())
    }

    /// Checks every reference and builds the population (people and units sorted by id).
    pub fn finish(self) -> Result<Loaded, ExchangeError> {
        let mut errors: Vec<ExchangeError> = Vec::new();
        for (id, e) in &self.entries {
            match &e.declared {
                None => {
                    if let Some((loc, field)) = &e.first_ref {
                        errors.push(ExchangeError::new(
                            &self.source,
                            loc.clone(),
                            Some(field.to_string()),
                            format!("«{id}» không phải là cá nhân hay đơn vị nào có trong tệp"),
                        ));
                    }
                }
                Some((t, _)) => {
                    if let (RecordType::Unit, Some((loc, field))) = (t, &e.want_person) {
                        errors.push(ExchangeError::new(
                            &self.source,
                            loc.clone(),
                            Some(field.to_string()),
                            format!("«{id}» là đơn vị, không phải cá nhân"),
                        ));
                    }
                    if let (RecordType::Person, Some((loc, field))) = (t, &e.want_unit) {
                        errors.push(ExchangeError::new(
                            &self.source,
                            loc.clone(),
                            Some(field.to_string()),
                            format!("«{id}» là cá nhân, không phải đơn vị"),
                        ));
                    }
                }
            }
        }
        if let Some(first) = errors.into_iter().reduce(|a, b| {
            if earlier(&b.location, &a.location) {
                b
            } else {
                a
            }
        }) {
            return Err(first);
        }
        let Loader {
            entries,
            agency,
            mut initiatives,
            blocs,
            records,
            ..
        } = self;
        let mut entries = entries;
        initiatives.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        for (i, _) in &initiatives {
            let entry = InitiativeEntry {
                id: i.id.clone(),
                category: i.category,
                level: i.level,
                recognized_on: i.recognized_on,
                effect_confirmed: i.effect_confirmed,
                used_for: i
                    .used_for
                    .iter()
                    .map(|u| AwardUse {
                        award: u.award,
                        year: u.year,
                    })
                    .collect(),
            };
            let mut authors = i.authors.clone();
            authors.sort();
            authors.dedup();
            for a in authors {
                if let Some(e) = entries.get_mut(&a) {
                    e.h.initiatives.push(entry.clone());
                }
            }
        }
        let mut people = Vec::new();
        let mut units = Vec::new();
        for (_, e) in entries.drain() {
            match e.declared {
                Some((RecordType::Unit, _)) => units.push(e.h),
                Some(_) => people.push(e.h),
                None => {}
            }
        }
        people.sort_by(|a, b| a.id.cmp(&b.id));
        units.sort_by(|a, b| a.id.cmp(&b.id));
        let mut blocs: Vec<rules::Bloc> = blocs
            .into_iter()
            .map(|(b, _)| rules::Bloc {
                id: b.id,
                name: b.name,
                year: b.year,
                members: b.members,
                ranking: b.ranking,
            })
            .collect();
        blocs.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Loaded {
            agency: agency.map(|a| a.0),
            population: Population::new(people, units, blocs),
            records,
        })
    }
}
