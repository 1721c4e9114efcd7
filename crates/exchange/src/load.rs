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

/// A location packed in 8 bytes: a stream line, or (array + 1) << 48 | index for a
/// document record; keeps per-subject bookkeeping small for national-scale files.
pub type Pos = u64;

const DOC: u64 = 1 << 48;

pub fn pack(loc: &Location) -> Pos {
    match loc {
        Location::Line(n) => *n,
        Location::Record { array, index } => {
            let a = RecordType::ALL
                .iter()
                .position(|t| t.array_name() == *array)
                .unwrap_or(0) as u64;
            (a + 1) * DOC + *index as u64
        }
        Location::File | Location::Document => 0,
    }
}

pub fn unpack(p: Pos) -> Location {
    if p == 0 {
        Location::File
    } else if p < DOC {
        Location::Line(p)
    } else {
        let a = (p / DOC - 1) as usize;
        Location::Record {
            array: RecordType::ALL.get(a).map_or("?", |t| t.array_name()),
            index: (p % DOC) as usize,
        }
    }
}

type Ref = (Pos, &'static str);

/// The first eight bytes of an id, big-endian, zero-padded: ordering these integers
/// orders the ids (ties are broken by the full ids).
fn prefix_key(id: &str) -> u64 {
    let mut b = [0u8; 8];
    for (d, s) in b.iter_mut().zip(id.as_bytes()) {
        *d = *s;
    }
    u64::from_be_bytes(b)
}

fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(id)
}

/// Id equality without a library call for the short ids of bulk files.
fn same_id(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len()
        && if a.len() <= 24 {
            a.iter().zip(b).all(|(x, y)| x == y)
        } else {
            a == b
        }
}

/// Ids with where they were read, in one text buffer (no allocation per id); sorted
/// when sealed so duplicates across loaders are found by a linear merge.
#[derive(Debug, Default)]
struct IdList {
    text: String,
    items: Vec<(u32, u32, Pos)>,
}

impl IdList {
    fn push(&mut self, id: &str, pos: Pos) {
        let start = self.text.len() as u32;
        self.text.push_str(id);
        self.items.push((start, id.len() as u32, pos));
    }
    fn get(&self, k: usize) -> Option<(&str, Pos)> {
        let (s, l, p) = *self.items.get(k)?;
        Some((self.text.get(s as usize..(s + l) as usize).unwrap_or(""), p))
    }
    fn sort(&mut self) {
        let text = &self.text;
        let key = |x: &(u32, u32, Pos)| {
            (
                text.get(x.0 as usize..(x.0 + x.1) as usize).unwrap_or(""),
                x.2,
            )
        };
        self.items.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
    }
}

#[derive(Debug)]
struct Entry {
    h: History,
    declared: Option<(RecordType, Pos)>,
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

fn earlier_loc(a: &Location, b: &Location) -> bool {
    pack(a) < pack(b)
}

fn keep_first(slot: &mut Option<Ref>, r: Option<Ref>) {
    if let Some(r) = r {
        match slot {
            Some(s) if r.0 >= s.0 => {}
            _ => *slot = Some(r),
        }
    }
}

/// Accumulates records; [`Loader::finish`] checks references and builds the population.
/// Several loaders that read parts of one file are combined by [`finish_all`].
#[derive(Debug)]
pub struct Loader {
    source: String,
    relevance: Relevance,
    /// Hash of a subject id → index in `entries`: no key is stored (the entry holds the
    /// id), which saves an allocation per subject. Ids whose hash is taken by another
    /// id go to `collisions`.
    index: FxHashMap<u64, u32>,
    collisions: FxHashMap<Box<str>, u32>,
    entries: Vec<Entry>,
    /// The subject of the previous record: files are often grouped by subject.
    last: Option<u32>,
    agency: Option<(Agency, Pos)>,
    initiatives: Vec<(Initiative, Pos)>,
    /// Every initiative id with where it was read; duplicates are found after sorting.
    initiative_ids: IdList,
    blocs: Vec<(Bloc, Pos)>,
    bloc_ids: IdList,
    records: u64,
    sealed: bool,
}

/// What the loader produced.
#[derive(Debug)]
pub struct Loaded {
    pub agency: Option<Agency>,
    pub population: Population,
    pub records: u64,
    /// Cumulative time at the end of each loading phase (for `TDKT_TIMING`).
    pub phases: Vec<(&'static str, std::time::Duration)>,
}

impl Loader {
    pub fn new(source_name: &str, relevance: Relevance) -> Loader {
        Loader {
            source: source_name.to_string(),
            relevance,
            index: FxHashMap::default(),
            collisions: FxHashMap::default(),
            entries: Vec::new(),
            last: None,
            agency: None,
            initiatives: Vec::new(),
            initiative_ids: IdList::default(),
            blocs: Vec::new(),
            bloc_ids: IdList::default(),
            records: 0,
            sealed: false,
        }
    }

    /// Room for about `subjects` people and units, so that the table does not grow by
    /// copying (untouched capacity costs address space, not memory).
    pub fn reserve(&mut self, subjects: usize) {
        self.entries.reserve(subjects);
        self.index.reserve(subjects);
    }

    /// Records added so far.
    pub fn records(&self) -> u64 {
        self.records
    }

    fn err(&self, loc: Location, field: &str, msg: impl Into<String>) -> ExchangeError {
        ExchangeError::new(&self.source, loc, Some(field.to_string()), msg)
    }

    fn entry(&mut self, id: &str) -> &mut Entry {
        if let Some(l) = self
            .last
            .filter(|l| same_id(&self.entries[*l as usize].h.id, id))
        {
            return &mut self.entries[l as usize];
        }
        let h = id_hash(id);
        let i = match self.index.get(&h) {
            Some(&i) if same_id(&self.entries[i as usize].h.id, id) => i as usize,
            Some(_) => match self.collisions.get(id) {
                Some(&i) => i as usize,
                None => {
                    let i = self.entries.len();
                    self.collisions.insert(id.into(), i as u32);
                    self.entries.push(Entry::new(id));
                    i
                }
            },
            None => {
                let i = self.entries.len();
                self.index.insert(h, i as u32);
                self.entries.push(Entry::new(id));
                i
            }
        };
        self.last = Some(i as u32);
        &mut self.entries[i]
    }

    fn touch(&mut self, id: &str, loc: &Location, field: &'static str) -> &mut Entry {
        self.touch_at(id, pack(loc), field)
    }

    fn touch_at(&mut self, id: &str, pos: Pos, field: &'static str) -> &mut Entry {
        let e = self.entry(id);
        if e.first_ref.is_none() {
            e.first_ref = Some((pos, field));
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
                format!(
                    "{what} «{id}» ({} đã khai báo tại{})",
                    t.type_name(),
                    unpack(*l)
                ),
            ));
        }
        e.declared = Some((ty, pack(loc)));
        Ok(e)
    }

    /// A rating (fast path of large streams; the same checks as [`Loader::add`]).
    pub fn add_rating(
        &mut self,
        subject: &str,
        year: i32,
        rating: tdkt_domain::codes::Rating,
        pos: Pos,
    ) -> Result<(), ExchangeError> {
        self.records += 1;
        let e = self.touch_at(subject, pos, "subject");
        if let Some(old) = e.h.ratings.insert(year, rating) {
            return Err(ExchangeError::new(
                &self.source,
                unpack(pos),
                Some("year".into()),
                format!(
                    "trùng xếp loại năm {year} của «{subject}» (đã có {})",
                    old.code()
                ),
            ));
        }
        Ok(())
    }

    /// An award (fast path).
    pub fn add_award(&mut self, subject: &str, entry: AwardEntry, pos: Pos) {
        self.records += 1;
        let awards = &mut self.touch_at(subject, pos, "subject").h.awards;
        if awards.capacity() == 0 {
            // One allocation for the usual handful of awards instead of three.
            awards.reserve(8);
        }
        awards.push(entry);
    }

    /// An initiative (fast path): its id is checked for duplicates at the end, the
    /// authors are references; the record is built only when kept.
    pub fn add_initiative_with(
        &mut self,
        id: &str,
        authors: &[&str],
        pos: Pos,
        build: impl FnOnce() -> Initiative,
    ) -> Result<(), ExchangeError> {
        self.records += 1;
        self.initiative_ids.push(id, pos);
        for a in authors {
            let e = self.touch_at(a, pos, "authors");
            keep_first(&mut e.want_person, Some((pos, "authors")));
        }
        if self.relevance.keeps(RecordType::Initiative) {
            self.initiatives.push((build(), pos));
        }
        Ok(())
    }

    /// A person (fast path).
    pub fn add_person(
        &mut self,
        id: &str,
        gender: tdkt_domain::codes::Gender,
        unit: &str,
        employment: Vec<EmploymentPeriod>,
        pos: Pos,
    ) -> Result<(), ExchangeError> {
        self.records += 1;
        let loc = unpack(pos);
        let e = self.declare(id, RecordType::Person, &loc)?;
        e.h.kind = SubjectKind::Individual;
        e.h.gender = Some(gender);
        e.h.unit = Some(unit.to_string());
        e.h.employment = employment;
        let ue = self.touch_at(unit, pos, "unit");
        keep_first(&mut ue.want_unit, Some((pos, "unit")));
        Ok(())
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
                        format!("chỉ được có một cơ quan (đã có tại{})", unpack(*l)),
                    ));
                }
                self.agency = Some((a, pack(&loc)));
            }
            Record::Unit(u) => {
                let parent = u.parent.clone();
                let e = self.declare(&u.id, RecordType::Unit, &loc)?;
                e.h.kind = SubjectKind::Collective;
                e.h.unit = parent.clone();
                if let Some(p) = parent {
                    let pe = self.touch(&p, &loc, "parent");
                    keep_first(&mut pe.want_unit, Some((pack(&loc), "parent")));
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
                        // A blank name records no transfer.
                        transfer_from: x.transfer_from.clone().filter(|t| !t.trim().is_empty()),
                    })
                    .collect();
                let ue = self.touch(&p.unit, &loc, "unit");
                keep_first(&mut ue.want_unit, Some((pack(&loc), "unit")));
            }
            Record::Rating(r) => {
                self.records -= 1;
                self.add_rating(&r.subject, r.year, r.rating, pack(&loc))?;
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
                self.records -= 1;
                let id = i.id.clone();
                let authors = i.authors.clone();
                let refs: Vec<&str> = authors.iter().map(|s| s.as_str()).collect();
                self.add_initiative_with(&id, &refs, pack(&loc), || i)?;
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
                keep_first(&mut e.want_person, Some((pack(&loc), "person")));
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
                let pos = pack(&loc);
                self.bloc_ids.push(&b.id, pos);
                for m in &b.members {
                    self.touch_at(m, pos, "members");
                }
                for m in &b.ranking {
                    self.touch_at(m, pos, "ranking");
                    if !b.members.contains(m) {
                        return Err(self.err(
                            loc,
                            "ranking",
                            format!("«{m}» được xếp hạng nhưng không là thành viên của khối"),
                        ));
                    }
                }
                if keep {
                    self.blocs.push((b, pos));
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

    /// Sorts what was read by id, ready to be combined; run by each worker in parallel.
    pub fn seal(&mut self) {
        if self.sealed {
            return;
        }
        self.index = FxHashMap::default();
        self.collisions = FxHashMap::default();
        self.last = None;
        // Sort an index, then permute in place: entries are large, and new vectors
        // would touch as much fresh memory again.
        // Sort by the first eight bytes of the id as an integer, the rest only on ties:
        // most ids differ early, and this avoids a string comparison call each time.
        let entries = &self.entries;
        let mut keyed: Vec<(u64, u32)> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (prefix_key(&e.h.id), i as u32))
            .collect();
        keyed.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| entries[a.1 as usize].h.id.cmp(&entries[b.1 as usize].h.id))
        });
        let order: Vec<u32> = keyed.into_iter().map(|(_, i)| i).collect();
        // dest[i]: where the entry now at i must go.
        let mut dest = vec![0u32; order.len()];
        for (k, &src) in order.iter().enumerate() {
            dest[src as usize] = k as u32;
        }
        for i in 0..dest.len() {
            while dest[i] as usize != i {
                let j = dest[i] as usize;
                self.entries.swap(i, j);
                dest.swap(i, j);
            }
        }
        self.initiative_ids.sort();
        self.bloc_ids.sort();
        self.sealed = true;
    }

    /// Checks every reference and builds the population (people and units sorted by id).
    pub fn finish(self) -> Result<Loaded, ExchangeError> {
        finish_all(vec![self])
    }
}

/// The duplicate id (with both positions) that appears earliest, from lists each sorted
/// by (id, pos) — the loaders sort theirs in parallel.
fn duplicate_ids(lists: &[IdList]) -> Option<(String, Pos, Pos)> {
    let mut heads = vec![0usize; lists.len()];
    let mut prev: Option<(&str, Pos)> = None;
    let mut found: Option<(String, Pos, Pos)> = None;
    loop {
        let mut min: Option<(usize, (&str, Pos))> = None;
        for (k, list) in lists.iter().enumerate() {
            let Some(x) = list.get(heads[k]) else {
                continue;
            };
            if min.is_none_or(|(_, m)| x < m) {
                min = Some((k, x));
            }
        }
        let Some((k, x)) = min else { break };
        heads[k] += 1;
        if let Some(p) = prev.filter(|p| p.0 == x.0 && found.as_ref().is_none_or(|f| x.1 < f.2)) {
            found = Some((x.0.to_string(), p.1.min(x.1), p.1.max(x.1)));
        }
        prev = Some(x);
    }
    found
}

/// Merges `o` (the same subject read by another loader) into `e`.
fn merge_entry(source: &str, e: &mut Entry, o: Entry) -> Result<(), ExchangeError> {
    let id = e.h.id.clone();
    match (&e.declared, o.declared) {
        (Some((t, l0)), Some((_, l))) => {
            let (first, second) = if *l0 < l { (*l0, l) } else { (l, *l0) };
            return Err(ExchangeError::new(
                source,
                unpack(second),
                Some("id".into()),
                format!(
                    "trùng mã «{id}» ({} đã khai báo tại{})",
                    t.type_name(),
                    unpack(first)
                ),
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
    let loc = || o.first_ref.as_ref().map_or(Location::File, |r| unpack(r.0));
    for (y, r) in o.h.ratings {
        if e.h.ratings.insert(y, r).is_some() {
            return Err(ExchangeError::new(
                source,
                loc(),
                Some("year".into()),
                format!("trùng xếp loại năm {y} của «{id}»"),
            ));
        }
    }
    for v in &o.h.votes {
        if e.h.vote(v.award, v.year).is_some() {
            return Err(ExchangeError::new(
                source,
                loc(),
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
    Ok(())
}

/// k-way merge of sorted entry lists (equal ids are one subject), checking each
/// subject's references and moving its history once, into people or units. `room`:
/// people that will be added to the result afterwards (another half's), so that it
/// is allocated once.
fn merge_lists(
    source: &str,
    entry_lists: Vec<&mut [Entry]>,
    room: usize,
) -> (Vec<History>, Vec<History>, Vec<ExchangeError>) {
    let total: usize = entry_lists.iter().map(|v| v.len()).sum();
    let mut errors: Vec<ExchangeError> = Vec::new();
    let mut people: Vec<History> = Vec::with_capacity(total + room);
    let mut units: Vec<History> = Vec::new();
    let finalize = |e: Entry,
                    people: &mut Vec<History>,
                    units: &mut Vec<History>,
                    errors: &mut Vec<ExchangeError>| {
        let id = &e.h.id;
        match &e.declared {
            None => {
                if let Some((loc, field)) = &e.first_ref {
                    errors.push(ExchangeError::new(
                        source,
                        unpack(*loc),
                        Some(field.to_string()),
                        format!("«{id}» không phải là cá nhân hay đơn vị nào có trong tệp"),
                    ));
                }
            }
            Some((t, _)) => {
                if let (RecordType::Unit, Some((loc, field))) = (t, &e.want_person) {
                    errors.push(ExchangeError::new(
                        source,
                        unpack(*loc),
                        Some(field.to_string()),
                        format!("«{id}» là đơn vị, không phải cá nhân"),
                    ));
                }
                if let (RecordType::Person, Some((loc, field))) = (t, &e.want_unit) {
                    errors.push(ExchangeError::new(
                        source,
                        unpack(*loc),
                        Some(field.to_string()),
                        format!("«{id}» là cá nhân, không phải đơn vị"),
                    ));
                }
                if *t == RecordType::Unit {
                    units.push(e.h);
                } else {
                    people.push(e.h);
                }
            }
        }
    };
    // Entries are taken out of the slices (leaving cheap empty ones), so both halves of
    // the loaders' tables can be merged at once without copying them first.
    let mut lists = entry_lists;
    let mut heads = vec![0usize; lists.len()];
    let mut pending: Option<Entry> = None;
    loop {
        // The list whose head has the smallest id.
        let mut min: Option<usize> = None;
        for k in 0..lists.len() {
            let Some(e) = lists[k].get(heads[k]) else {
                continue;
            };
            let smaller = match min {
                None => true,
                Some(m) => lists[m].get(heads[m]).is_none_or(|x| e.h.id < x.h.id),
            };
            if smaller {
                min = Some(k);
            }
        }
        let Some(k) = min else { break };
        let e = std::mem::replace(&mut lists[k][heads[k]], Entry::new(""));
        heads[k] += 1;
        match pending.as_mut() {
            Some(p) if p.h.id == e.h.id => {
                if let Err(err) = merge_entry(source, p, e) {
                    errors.push(err);
                }
            }
            _ => {
                if let Some(p) = pending.replace(e) {
                    finalize(p, &mut people, &mut units, &mut errors);
                }
            }
        }
    }
    if let Some(p) = pending.take() {
        finalize(p, &mut people, &mut units, &mut errors);
    }
    (people, units, errors)
}

/// Combines loaders that read parts of one file (in any order), checks every reference
/// and builds the population. The earliest problem in the file is reported.
pub fn finish_all(mut loaders: Vec<Loader>) -> Result<Loaded, ExchangeError> {
    let source = loaders
        .first()
        .map_or_else(String::new, |l| l.source.clone());
    let records = loaders.iter().map(|l| l.records).sum();
    let mut errors: Vec<ExchangeError> = Vec::new();
    let mut agency: Option<(Agency, Pos)> = None;
    let mut initiatives = Vec::new();
    let mut blocs = Vec::new();
    let mut id_lists = Vec::new();
    let mut bloc_lists = Vec::new();
    let mut entry_lists = Vec::new();
    for l in loaders.iter_mut() {
        l.seal();
    }
    for l in loaders {
        if let Some((a, p)) = l.agency {
            match &agency {
                Some((_, p0)) => errors.push(ExchangeError::new(
                    &source,
                    unpack((*p0).max(p)),
                    Some("id".into()),
                    format!(
                        "chỉ được có một cơ quan (đã có tại{})",
                        unpack((*p0).min(p))
                    ),
                )),
                None => agency = Some((a, p)),
            }
        }
        initiatives.extend(l.initiatives);
        blocs.extend(l.blocs);
        id_lists.push(l.initiative_ids);
        bloc_lists.push(l.bloc_ids);
        entry_lists.push(l.entries);
    }
    if let Some((id, first, second)) = duplicate_ids(&id_lists) {
        errors.push(ExchangeError::new(
            &source,
            unpack(second),
            Some("id".into()),
            format!("trùng mã sáng kiến «{id}» (đã có tại{})", unpack(first)),
        ));
    }
    if let Some((id, first, second)) = duplicate_ids(&bloc_lists) {
        errors.push(ExchangeError::new(
            &source,
            unpack(second),
            Some("id".into()),
            format!("trùng mã khối thi đua «{id}» (đã có tại{})", unpack(first)),
        ));
    }
    std::thread::spawn(move || drop((id_lists, bloc_lists)));
    // Merge on two threads: split every sorted list at the same id (the median of the
    // longest list); each half is merged independently.
    let pivot: Option<String> = entry_lists
        .iter()
        .max_by_key(|v| v.len())
        .filter(|v| v.len() > 10_000)
        .map(|v| v[v.len() / 2].h.id.clone());
    let (mut people, mut units) = match pivot {
        None => {
            let (p, u, e) = merge_lists(
                &source,
                entry_lists.iter_mut().map(|v| v.as_mut_slice()).collect(),
                0,
            );
            errors.extend(e);
            (p, u)
        }
        Some(pivot) => {
            let mut low: Vec<&mut [Entry]> = Vec::new();
            let mut high: Vec<&mut [Entry]> = Vec::new();
            for v in entry_lists.iter_mut() {
                let at = v.partition_point(|e| e.h.id < pivot);
                let (l, h) = v.split_at_mut(at);
                low.push(l);
                high.push(h);
            }
            // The low half's people get room for the high half's: appending them then
            // copies one half once, where growing would copy it and touch a third
            // table (fresh pages cost more than the copy on a virtual machine).
            let high_len: usize = high.iter().map(|v| v.len()).sum();
            let src = source.as_str();
            let (a, b) = std::thread::scope(|s| {
                let h = s.spawn(move || merge_lists(src, high, 0));
                let a = merge_lists(src, low, high_len);
                (a, h.join())
            });
            let (mut p, mut u, e) = a;
            errors.extend(e);
            match b {
                Ok((p2, u2, e2)) => {
                    p.extend(p2);
                    u.extend(u2);
                    errors.extend(e2);
                }
                Err(_) => errors.push(ExchangeError::new(
                    &source,
                    Location::File,
                    None,
                    "lỗi nội bộ khi gộp dữ liệu",
                )),
            }
            (p, u)
        }
    };
    units.shrink_to_fit();
    let _ = &mut people;

    if let Some(first) = errors.into_iter().reduce(|a, b| {
        if earlier_loc(&b.location, &a.location) {
            b
        } else {
            a
        }
    }) {
        return Err(first);
    }
    initiatives.sort_by(|a: &(Initiative, Pos), b| a.0.id.cmp(&b.0.id));
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
            if let Ok(k) = people.binary_search_by(|h| h.id.as_str().cmp(a.as_str())) {
                people[k].initiatives.push(entry.clone());
            }
        }
    }
    let mut blocs: Vec<rules::Bloc> = blocs
        .into_iter()
        .map(|(b, _): (Bloc, Pos)| rules::Bloc {
            id: b.id,
            name: b.name,
            year: b.year,
            members: b.members,
            ranking: b.ranking,
        })
        .collect();
    blocs.sort_by(|a, b| a.id.cmp(&b.id));
    let population = Population::new(people, units, blocs);
    Ok(Loaded {
        agency: agency.map(|a| a.0),
        population,
        records,
        phases: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealing_sorts_like_plain_string_order() {
        let ids = [
            "P10",
            "P1",
            "Đ1",
            "P0000001",
            "P00000010",
            "P0000001x",
            "A",
            "a",
            "P1 ",
            "ÁB",
            "AB",
        ];
        let mut l = Loader::new("t", Relevance::all());
        for (k, id) in ids.iter().enumerate() {
            l.add_rating(id, 2020, tdkt_domain::codes::Rating::Htt, k as u64 + 1)
                .unwrap();
        }
        l.seal();
        let got: Vec<&str> = l.entries.iter().map(|e| e.h.id.as_str()).collect();
        let mut want = ids.to_vec();
        want.sort();
        assert_eq!(got, want);
    }

    #[test]
    fn hash_collisions_keep_subjects_apart() {
        let mut l = Loader::new("t", Relevance::all());
        l.add_rating("A", 2020, tdkt_domain::codes::Rating::Htt, 1)
            .unwrap();
        // Pretend "B" hashes like "A".
        let a = l.index[&id_hash("A")];
        l.index.insert(id_hash("B"), a);
        l.last = None;
        l.add_rating("B", 2020, tdkt_domain::codes::Rating::Ht, 2)
            .unwrap();
        l.last = None;
        l.add_rating("B", 2021, tdkt_domain::codes::Rating::Htxs, 3)
            .unwrap();
        l.last = None;
        l.add_rating("A", 2021, tdkt_domain::codes::Rating::Kht, 4)
            .unwrap();
        assert_eq!(l.entries.len(), 2);
        let get = |id: &str| {
            l.entries
                .iter()
                .find(|e| e.h.id == id)
                .map(|e| e.h.ratings.len())
        };
        assert_eq!(get("A"), Some(2));
        assert_eq!(get("B"), Some(2));
        assert_eq!(l.collisions.len(), 1);
    }
}
