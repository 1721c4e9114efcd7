//! A fast path for the common lines of large streams (ratings, awards, initiatives,
//! people). It reads a strict subset of JSON — strings without escapes, integers — and
//! answers either with the fields or with `None`, in which case the line goes through
//! the full serde parser, which alone decides what is an error and explains it. The
//! fast path never rejects: it only accepts lines it is sure are valid.

use chrono::NaiveDate;
use tdkt_domain::codes::{
    AwardCode, AwardKind, EmploymentKind, Gender, InitiativeCategory, InitiativeLevel, Rating,
};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Val<'a> {
    Str(&'a str),
    Int(i64),
    Float,
    Bool(bool),
    Null,
    /// Span of an array or object, brackets included.
    Arr(&'a [u8]),
    Obj(&'a [u8]),
}

pub struct Scan<'a> {
    b: &'a [u8],
    s: &'a str,
    i: usize,
}

impl<'a> Scan<'a> {
    pub fn new(s: &'a str) -> Scan<'a> {
        Scan {
            b: s.as_bytes(),
            s,
            i: 0,
        }
    }
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\r' | b'\n') {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }
    fn string(&mut self) -> Option<&'a str> {
        self.ws();
        if self.b.get(self.i) != Some(&b'"') {
            return None;
        }
        let start = self.i + 1;
        // Short strings dominate: a plain loop beats a SIMD search here. Escapes and
        // control characters send the line to the full parser.
        let mut end = start;
        loop {
            let c = *self.b.get(end)?;
            if c == b'"' {
                break;
            }
            if c == b'\\' || c < 0x20 {
                return None;
            }
            end += 1;
        }
        self.i = end + 1;
        // Both ends are ASCII quotes, so the slice is on char boundaries.
        self.s.get(start..end)
    }
    fn value(&mut self, depth: u32) -> Option<Val<'a>> {
        self.ws();
        let c = *self.b.get(self.i)?;
        match c {
            b'"' => self.string().map(Val::Str),
            b't' => self.lit(b"true").map(|_| Val::Bool(true)),
            b'f' => self.lit(b"false").map(|_| Val::Bool(false)),
            b'n' => self.lit(b"null").map(|_| Val::Null),
            b'[' | b'{' => {
                if depth > 8 {
                    return None;
                }
                let start = self.i;
                self.i += 1;
                let close = if c == b'[' { b']' } else { b'}' };
                self.ws();
                if self.b.get(self.i) == Some(&close) {
                    self.i += 1;
                } else {
                    loop {
                        if c == b'{' {
                            self.string()?;
                            self.eat(b':')?;
                        }
                        self.value(depth + 1)?;
                        self.ws();
                        match self.b.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(x) if *x == close => {
                                self.i += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
                let span = &self.b[start..self.i];
                Some(if c == b'[' {
                    Val::Arr(span)
                } else {
                    Val::Obj(span)
                })
            }
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                if c == b'-' {
                    self.i += 1;
                }
                let ds = self.i;
                while self.i < self.b.len() && self.b[self.i].is_ascii_digit() {
                    self.i += 1;
                }
                let digits = self.i - ds;
                if digits == 0 || (digits > 1 && self.b[ds] == b'0') {
                    return None;
                }
                let mut float = false;
                if self.b.get(self.i) == Some(&b'.') {
                    float = true;
                    self.i += 1;
                    let f = self.i;
                    while self.i < self.b.len() && self.b[self.i].is_ascii_digit() {
                        self.i += 1;
                    }
                    if self.i == f {
                        return None;
                    }
                }
                if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
                    float = true;
                    self.i += 1;
                    if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                        self.i += 1;
                    }
                    let f = self.i;
                    while self.i < self.b.len() && self.b[self.i].is_ascii_digit() {
                        self.i += 1;
                    }
                    if self.i == f {
                        return None;
                    }
                }
                if float {
                    return Some(Val::Float);
                }
                if digits > 15 {
                    return None;
                }
                self.s.get(start..self.i)?.parse().ok().map(Val::Int)
            }
            _ => None,
        }
    }
    fn lit(&mut self, l: &[u8]) -> Option<()> {
        if self.b[self.i..].starts_with(l) {
            self.i += l.len();
            Some(())
        } else {
            None
        }
    }

    /// Iterates the members of an object (the whole input must be one object).
    pub fn object(s: &'a str, mut f: impl FnMut(&'a str, Val<'a>) -> Option<()>) -> Option<()> {
        let mut sc = Scan::new(s);
        sc.eat(b'{')?;
        sc.ws();
        if sc.b.get(sc.i) == Some(&b'}') {
            sc.i += 1;
        } else {
            loop {
                let k = sc.string()?;
                sc.eat(b':')?;
                let v = sc.value(0)?;
                f(k, v)?;
                sc.ws();
                match sc.b.get(sc.i) {
                    Some(b',') => sc.i += 1,
                    Some(b'}') => {
                        sc.i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        sc.ws();
        (sc.i == sc.b.len()).then_some(())
    }

    /// Iterates the elements of an array span.
    pub fn array(span: &'a [u8], mut f: impl FnMut(Val<'a>) -> Option<()>) -> Option<()> {
        let s = std::str::from_utf8(span).ok()?;
        let mut sc = Scan::new(s);
        sc.eat(b'[')?;
        sc.ws();
        if sc.b.get(sc.i) == Some(&b']') {
            return Some(());
        }
        loop {
            let v = sc.value(0)?;
            f(v)?;
            sc.ws();
            match sc.b.get(sc.i) {
                Some(b',') => sc.i += 1,
                Some(b']') => return Some(()),
                _ => return None,
            }
        }
    }
}

fn span_str(span: &[u8]) -> Option<&str> {
    std::str::from_utf8(span).ok()
}

/// Sets a field once; a second occurrence sends the line to the full parser.
fn once<T>(slot: &mut Option<T>, v: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(v);
    Some(())
}

fn year(v: Val) -> Option<i32> {
    match v {
        Val::Int(n) if (1945..=2200).contains(&n) => Some(n as i32),
        _ => None,
    }
}

fn id<'a>(v: Val<'a>) -> Option<&'a str> {
    match v {
        Val::Str(s) if !s.trim().is_empty() => Some(s),
        _ => None,
    }
}

fn date(v: Val) -> Option<NaiveDate> {
    match v {
        Val::Str(s) => crate::date::parse(s).ok(),
        _ => None,
    }
}

fn opt_date(v: Val) -> Option<Option<NaiveDate>> {
    match v {
        Val::Null => Some(None),
        v => date(v).map(Some),
    }
}

fn code<T>(
    v: Val,
    parse: impl Fn(&str) -> Result<T, tdkt_domain::codes::UnknownCode>,
) -> Option<T> {
    match v {
        Val::Str(s) => parse(s).ok(),
        _ => None,
    }
}

pub struct RatingLine<'a> {
    pub subject: &'a str,
    pub year: i32,
    pub rating: Rating,
}

pub fn rating(line: &str) -> Option<RatingLine<'_>> {
    let (mut subject, mut y, mut r) = (None, None, None);
    Scan::object(line, |k, v| match k {
        "subject" => once(&mut subject, id(v)?),
        "year" => once(&mut y, year(v)?),
        "rating" => once(&mut r, code(v, Rating::parse)?),
        _ => Some(()),
    })?;
    Some(RatingLine {
        subject: subject?,
        year: y?,
        rating: r?,
    })
}

pub struct AwardLine<'a> {
    pub subject: &'a str,
    pub award: AwardCode,
    pub year: i32,
    pub kind: AwardKind,
    pub decided_on: Option<NaiveDate>,
}

pub fn award(line: &str) -> Option<AwardLine<'_>> {
    let (mut subject, mut a, mut y, mut kind, mut decision) = (None, None, None, None, None);
    Scan::object(line, |k, v| match k {
        "subject" => once(&mut subject, id(v)?),
        "award" => once(&mut a, code(v, AwardCode::parse)?),
        "year" => once(&mut y, year(v)?),
        "kind" => once(&mut kind, code(v, AwardKind::parse)?),
        "decision" => once(
            &mut decision,
            match v {
                Val::Null => None,
                Val::Obj(span) => {
                    let (mut number, mut d, mut issuer) = (None, None, None);
                    Scan::object(span_str(span)?, |k, v| match k {
                        "number" => once(&mut number, matches!(v, Val::Str(_)).then_some(())?),
                        "date" => once(&mut d, date(v)?),
                        "issuer" => once(&mut issuer, matches!(v, Val::Str(_)).then_some(())?),
                        _ => Some(()),
                    })?;
                    number?;
                    Some(d?)
                }
                _ => return None,
            },
        ),
        _ => Some(()),
    })?;
    Some(AwardLine {
        subject: subject?,
        award: a?,
        year: y?,
        kind: kind.unwrap_or_default(),
        decided_on: decision.flatten(),
    })
}

/// Up to four items without allocating (more send the line to the full parser).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Few<T: Copy> {
    items: [T; 4],
    len: usize,
}

impl<T: Copy> Few<T> {
    fn new(fill: T) -> Few<T> {
        Few {
            items: [fill; 4],
            len: 0,
        }
    }
    fn push(&mut self, x: T) -> Option<()> {
        *self.items.get_mut(self.len)? = x;
        self.len += 1;
        Some(())
    }
    pub fn as_slice(&self) -> &[T] {
        &self.items[..self.len]
    }
}

impl<T: Copy> std::ops::Deref for Few<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

pub struct InitiativeLine<'a> {
    pub id: &'a str,
    pub authors: Few<&'a str>,
    pub title: &'a str,
    pub category: InitiativeCategory,
    pub level: InitiativeLevel,
    pub recognized_on: NaiveDate,
    pub effect_confirmed: bool,
    pub used_for: Few<(AwardCode, i32)>,
}

pub fn initiative(line: &str) -> Option<InitiativeLine<'_>> {
    let (mut iid, mut title, mut authors, mut cat, mut level, mut rec, mut eff, mut used) =
        (None, None, None, None, None, None, None, None);
    Scan::object(line, |k, v| match k {
        "id" => once(&mut iid, id(v)?),
        "title" => once(
            &mut title,
            if let Val::Str(s) = v { Some(s) } else { None }?,
        ),
        "authors" => {
            let Val::Arr(span) = v else { return None };
            let mut list = Few::new("");
            Scan::array(span, |v| {
                list.push(if let Val::Str(s) = v { Some(s) } else { None }?)
            })?;
            if list.is_empty() || list.iter().any(|s| s.trim().is_empty()) {
                return None;
            }
            once(&mut authors, list)
        }
        "category" => once(&mut cat, code(v, InitiativeCategory::parse)?),
        "level" => once(&mut level, code(v, InitiativeLevel::parse)?),
        "recognized_on" => once(&mut rec, date(v)?),
        "effect_confirmed" => once(&mut eff, if let Val::Bool(b) = v { Some(b) } else { None }?),
        "used_for" => {
            let Val::Arr(span) = v else { return None };
            let mut list = Few::new((AwardCode::Ldtt, 0));
            Scan::array(span, |v| {
                let Val::Obj(o) = v else { return None };
                let (mut a, mut y) = (None, None);
                Scan::object(span_str(o)?, |k, v| match k {
                    "award" => once(&mut a, code(v, AwardCode::parse)?),
                    "year" => once(&mut y, year(v)?),
                    _ => Some(()),
                })?;
                list.push((a?, y?))
            })?;
            once(&mut used, list)
        }
        _ => Some(()),
    })?;
    Some(InitiativeLine {
        id: iid?,
        authors: authors?,
        title: title?,
        category: cat?,
        level: level?,
        recognized_on: rec?,
        effect_confirmed: eff.unwrap_or(false),
        used_for: used.unwrap_or(Few::new((AwardCode::Ldtt, 0))),
    })
}

pub struct PersonLine<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub gender: Gender,
    pub unit: &'a str,
    pub position: &'a str,
    pub manager: bool,
    /// kind, from, to, transfer_from.
    pub employment: Vec<(
        EmploymentKind,
        NaiveDate,
        Option<NaiveDate>,
        Option<&'a str>,
    )>,
}

pub fn person(line: &str) -> Option<PersonLine<'_>> {
    let (mut pid, mut name, mut gender, mut unit, mut position, mut manager, mut emp) =
        (None, None, None, None, None, None, None);
    Scan::object(line, |k, v| match k {
        "id" => once(&mut pid, id(v)?),
        "name" => once(&mut name, if let Val::Str(s) = v { Some(s) } else { None }?),
        "gender" => once(&mut gender, code(v, Gender::parse)?),
        "unit" => once(&mut unit, id(v)?),
        "position" => once(
            &mut position,
            if let Val::Str(s) = v { Some(s) } else { None }?,
        ),
        "manager" => once(
            &mut manager,
            if let Val::Bool(b) = v { Some(b) } else { None }?,
        ),
        "employment" => {
            let Val::Arr(span) = v else { return None };
            let mut list = Vec::with_capacity(2);
            Scan::array(span, |v| {
                let Val::Obj(o) = v else { return None };
                let (mut kind, mut from, mut to, mut transfer) = (None, None, None, None);
                Scan::object(span_str(o)?, |k, v| match k {
                    "kind" => once(&mut kind, code(v, EmploymentKind::parse)?),
                    "from" => once(&mut from, date(v)?),
                    "to" => once(&mut to, opt_date(v)?),
                    "transfer_from" => once(
                        &mut transfer,
                        match v {
                            Val::Null => None,
                            Val::Str(s) if !s.trim().is_empty() && !s.contains('\\') => Some(s),
                            _ => return None,
                        },
                    ),
                    _ => Some(()),
                })?;
                let (from, to) = (from?, to.flatten());
                if to.is_some_and(|t| t < from) {
                    return None;
                }
                list.push((kind?, from, to, transfer.flatten()));
                Some(())
            })?;
            once(&mut emp, list)
        }
        _ => Some(()),
    })?;
    Some(PersonLine {
        id: pid?,
        name: name?,
        gender: gender?,
        unit: unit?,
        position: position.unwrap_or(""),
        manager: manager.unwrap_or(false),
        employment: emp.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_canonical_and_defers_the_rest() {
        let r = rating(r#"{"type": "rating", "subject": "NV001", "year": 2021, "rating": "HTT"}"#)
            .unwrap();
        assert_eq!((r.subject, r.year, r.rating), ("NV001", 2021, Rating::Htt));
        // Anything unusual goes to the full parser.
        assert!(
            rating(r#"{"type":"rating","subject":"NV\u0030","year":2021,"rating":"HTT"}"#)
                .is_none()
        );
        assert!(
            rating(r#"{"type":"rating","subject":"NV001","year":2021.0,"rating":"HTT"}"#).is_none()
        );
        assert!(
            rating(r#"{"type":"rating","subject":"NV001","year":2021,"rating":"XS"}"#).is_none()
        );
        assert!(
            rating(r#"{"type":"rating","subject":"NV001","year":2021,"rating":"HTT","year":2022}"#)
                .is_none()
        );
        assert!(
            rating(r#"{"type":"rating","subject":"NV001","year":2021,"rating":"HTT"} x"#).is_none()
        );
        assert!(
            rating(r#"{"type":"rating","subject":"NV001","year":2021,"rating":"HTT""#).is_none()
        );
        let a = award(r#"{"type":"award","subject":"P","award":"BK_TINH","year":2019,"kind":"dot-xuat","decision":{"number":"1","date":"2020-03-15","issuer":"x"},"extra":[1,{"a":null}]}"#).unwrap();
        assert_eq!(a.kind, AwardKind::DotXuat);
        assert!(award(r#"{"type":"award","subject":"P","award":"BK_TINH","year":2019,"decision":{"number":"1","date":"2021-02-30"}}"#).is_none());
        let p = person(r#"{"type":"person","id":"P1","name":"Lê Thị Hồng","gender":"nu","unit":"VP","employment":[{"kind":"cong-chuc","from":"2018-01-01","to":null}]}"#).unwrap();
        assert_eq!(p.name, "Lê Thị Hồng");
        let i = initiative(r#"{"type":"initiative","id":"SK1","title":"t","authors":["P1"],"category":"sang-kien","level":"co-so","recognized_on":"2021-10-25","effect_confirmed":true,"used_for":[{"award":"CSTDCS","year":2020}]}"#).unwrap();
        assert_eq!(i.used_for.as_slice(), &[(AwardCode::Cstdcs, 2020)]);
    }
}

/// Cursor over the exact compact layout that `Writer` and `tdkt synth` produce
/// (`{"type":"rating","subject":"…","year":2021,"rating":"HTT"}`): no key dispatch, no
/// whitespace. Anything else returns None and goes through [`Scan`].
struct Exact<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Exact<'a> {
    fn new(s: &'a str) -> Exact<'a> {
        Exact {
            s,
            b: s.as_bytes(),
            i: 0,
        }
    }
    fn lit(&mut self, l: &[u8]) -> Option<()> {
        // A byte loop: for these short literals a memcmp call costs more than it saves.
        let b = self.b.get(self.i..self.i + l.len())?;
        for k in 0..l.len() {
            if b[k] != l[k] {
                return None;
            }
        }
        self.i += l.len();
        Some(())
    }
    /// The string body up to the closing quote (which is consumed).
    fn until_quote(&mut self) -> Option<&'a str> {
        let start = self.i;
        loop {
            let c = *self.b.get(self.i)?;
            if c == b'"' {
                let out = self.s.get(start..self.i)?;
                self.i += 1;
                return Some(out);
            }
            if c == b'\\' || c < 0x20 {
                return None;
            }
            self.i += 1;
        }
    }
    fn year(&mut self) -> Option<i32> {
        let d = self.b.get(self.i..self.i + 4)?;
        if !d.iter().all(u8::is_ascii_digit) || d[0] == b'0' {
            return None;
        }
        if self.b.get(self.i + 4).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        self.i += 4;
        let y = d.iter().fold(0i32, |a, c| a * 10 + (c - b'0') as i32);
        (1945..=2200).contains(&y).then_some(y)
    }
    fn end(&self) -> bool {
        self.i == self.b.len()
    }
}

fn nonblank(s: &str) -> Option<&str> {
    match s.as_bytes().first() {
        // An ASCII letter or digit first: certainly not blank (the usual id).
        Some(c) if c.is_ascii_graphic() => Some(s),
        _ => (!s.trim().is_empty()).then_some(s),
    }
}

/// A rating line in the exact compact layout.
pub fn rating_exact(line: &str) -> Option<RatingLine<'_>> {
    let mut c = Exact::new(line);
    c.lit(b"{\"type\":\"rating\",\"subject\":\"")?;
    let subject = nonblank(c.until_quote()?)?;
    c.lit(b",\"year\":")?;
    let year = c.year()?;
    c.lit(b",\"rating\":\"")?;
    let rating = rating_code(c.until_quote()?)?;
    c.lit(b"}")?;
    c.end().then_some(RatingLine {
        subject,
        year,
        rating,
    })
}

/// An award line in the exact compact layout (with or without a decision).
pub fn award_exact(line: &str) -> Option<AwardLine<'_>> {
    let mut c = Exact::new(line);
    c.lit(b"{\"type\":\"award\",\"subject\":\"")?;
    let subject = nonblank(c.until_quote()?)?;
    c.lit(b",\"award\":\"")?;
    let award = award_code(c.until_quote()?)?;
    c.lit(b",\"year\":")?;
    let year = c.year()?;
    c.lit(b",\"kind\":\"")?;
    let kind = award_kind(c.until_quote()?)?;
    let decided_on = if c.lit(b"}").is_some() {
        None
    } else {
        c.lit(b",\"decision\":{\"number\":\"")?;
        c.until_quote()?;
        c.lit(b",\"date\":\"")?;
        let d = crate::date::parse(c.until_quote()?).ok()?;
        c.lit(b",\"issuer\":\"")?;
        c.until_quote()?;
        c.lit(b"}}")?;
        Some(d)
    };
    c.end().then_some(AwardLine {
        subject,
        award,
        year,
        kind,
        decided_on,
    })
}

#[cfg(test)]
mod exact_tests {
    use super::*;

    #[test]
    fn exact_layout_agrees_with_the_scanner() {
        let lines = [
            r#"{"type":"rating","subject":"P0000001","year":2016,"rating":"HTXS"}"#,
            r#"{"type":"award","subject":"P1","award":"LDTT","year":2016,"kind":"cong-trang"}"#,
            r#"{"type":"award","subject":"P1","award":"BK_TINH","year":2019,"kind":"dot-xuat","decision":{"number":"12/QĐ","date":"2020-03-15","issuer":"Chủ tịch"}}"#,
        ];
        let r = rating_exact(lines[0]).unwrap();
        let g = rating(lines[0]).unwrap();
        assert_eq!((r.subject, r.year, r.rating), (g.subject, g.year, g.rating));
        for l in &lines[1..] {
            let a = award_exact(l).unwrap();
            let g = award(l).unwrap();
            assert_eq!(
                (a.subject, a.award, a.year, a.kind, a.decided_on),
                (g.subject, g.award, g.year, g.kind, g.decided_on)
            );
        }
        // Deviations are left to the general path.
        for bad in [
            r#"{"type":"rating","subject":"P1","year":2016,"rating":"HTXS","x":1}"#,
            r#"{"type":"rating","subject":"P1","year":20160,"rating":"HTXS"}"#,
            r#"{"type":"rating","subject":"P1","year":2016,"rating":"XS"}"#,
            r#"{"type":"rating","subject":"P\u0031","year":2016,"rating":"HTXS"}"#,
            r#"{"type":"rating","subject":" ","year":2016,"rating":"HTXS"}"#,
        ] {
            assert!(rating_exact(bad).is_none(), "{bad}");
        }
        assert!(award_exact(r#"{"type":"award","subject":"P1","award":"LDTT","year":2016,"kind":"cong-trang","decision":{"number":"1","date":"2021-02-30","issuer":"x"}}"#).is_none());
    }
}

impl<'a> Exact<'a> {
    fn bool(&mut self) -> Option<bool> {
        if self.lit(b"true").is_some() {
            Some(true)
        } else {
            self.lit(b"false").map(|_| false)
        }
    }
    fn date(&mut self) -> Option<NaiveDate> {
        crate::date::parse(self.until_quote()?).ok()
    }
}

/// An initiative line in the exact compact layout of `Writer`.
pub fn initiative_exact(line: &str) -> Option<InitiativeLine<'_>> {
    let mut c = Exact::new(line);
    c.lit(b"{\"type\":\"initiative\",\"id\":\"")?;
    let id = nonblank(c.until_quote()?)?;
    c.lit(b",\"title\":\"")?;
    let title = c.until_quote()?;
    c.lit(b",\"authors\":[")?;
    let mut authors = Few::new("");
    loop {
        c.lit(b"\"")?;
        authors.push(nonblank(c.until_quote()?)?)?;
        if c.lit(b"]").is_some() {
            break;
        }
        c.lit(b",")?;
    }
    c.lit(b",\"category\":\"")?;
    let category = InitiativeCategory::parse(c.until_quote()?).ok()?;
    c.lit(b",\"level\":\"")?;
    let level = InitiativeLevel::parse(c.until_quote()?).ok()?;
    c.lit(b",\"recognized_on\":\"")?;
    let recognized_on = c.date()?;
    c.lit(b",\"effect_confirmed\":")?;
    let effect_confirmed = c.bool()?;
    c.lit(b",\"used_for\":[")?;
    let mut used_for = Few::new((AwardCode::Ldtt, 0));
    if c.lit(b"]").is_none() {
        loop {
            c.lit(b"{\"award\":\"")?;
            let a = AwardCode::parse(c.until_quote()?).ok()?;
            c.lit(b",\"year\":")?;
            let y = c.year()?;
            c.lit(b"}")?;
            used_for.push((a, y))?;
            if c.lit(b"]").is_some() {
                break;
            }
            c.lit(b",")?;
        }
    }
    c.lit(b"}")?;
    c.end().then_some(InitiativeLine {
        id,
        authors,
        title,
        category,
        level,
        recognized_on,
        effect_confirmed,
        used_for,
    })
}

/// A person line in the exact compact layout of `Writer`.
pub fn person_exact(line: &str) -> Option<PersonLine<'_>> {
    let mut c = Exact::new(line);
    c.lit(b"{\"type\":\"person\",\"id\":\"")?;
    let id = nonblank(c.until_quote()?)?;
    c.lit(b",\"name\":\"")?;
    let name = c.until_quote()?;
    c.lit(b",\"gender\":\"")?;
    let gender = Gender::parse(c.until_quote()?).ok()?;
    c.lit(b",\"unit\":\"")?;
    let unit = nonblank(c.until_quote()?)?;
    c.lit(b",\"position\":\"")?;
    let position = c.until_quote()?;
    c.lit(b",\"manager\":")?;
    let manager = c.bool()?;
    c.lit(b",\"employment\":[")?;
    let mut employment = Vec::with_capacity(2);
    if c.lit(b"]").is_none() {
        loop {
            c.lit(b"{\"kind\":\"")?;
            let kind = EmploymentKind::parse(c.until_quote()?).ok()?;
            c.lit(b",\"from\":\"")?;
            let from = c.date()?;
            c.lit(b",\"to\":")?;
            let to = if c.lit(b"null").is_some() {
                None
            } else {
                c.lit(b"\"")?;
                Some(c.date()?)
            };
            c.lit(b"}")?;
            if to.is_some_and(|t| t < from) {
                return None;
            }
            employment.push((kind, from, to, None));
            if c.lit(b"]").is_some() {
                break;
            }
            c.lit(b",")?;
        }
    }
    c.lit(b"}")?;
    c.end().then_some(PersonLine {
        id,
        name,
        gender,
        unit,
        position,
        manager,
        employment,
    })
}

#[cfg(test)]
mod exact_more_tests {
    use super::*;

    #[test]
    fn initiative_and_person_exact_agree_with_the_scanner() {
        let i = r#"{"type":"initiative","id":"SK-P1-1","title":"Sáng kiến 1","authors":["P1","P2"],"category":"sang-kien","level":"co-so","recognized_on":"2016-10-03","effect_confirmed":true,"used_for":[{"award":"CSTDCS","year":2016}]}"#;
        let (a, b) = (initiative_exact(i).unwrap(), initiative(i).unwrap());
        assert_eq!(
            (a.id, a.authors, a.title, a.used_for, a.recognized_on),
            (b.id, b.authors, b.title, b.used_for, b.recognized_on)
        );
        let p = r#"{"type":"person","id":"P1","name":"Lê Thị Hồng","gender":"nu","unit":"A-P1","position":"Chuyên viên","manager":false,"employment":[{"kind":"hop-dong","from":"2016-09-01","to":"2017-12-31"},{"kind":"cong-chuc","from":"2018-01-01","to":null}]}"#;
        let (a, b) = (person_exact(p).unwrap(), person(p).unwrap());
        assert_eq!(
            (a.id, a.name, a.unit, a.employment.clone()),
            (b.id, b.name, b.unit, b.employment)
        );
        assert!(person_exact(&p.replace("2017-12-31", "2015-12-31")).is_none());
        assert!(initiative_exact(&i.replace("2016-10-03", "2016-02-30")).is_none());
        assert!(initiative_exact(&i.replace("[\"P1\",\"P2\"]", "[]")).is_none());
    }
}

/// Codes of the hot lines, matched on fixed-size arrays (compared inline, without a call
/// per candidate as a string match would make).
fn arr<const N: usize>(b: &[u8]) -> Option<[u8; N]> {
    b.try_into().ok()
}

pub fn rating_code(s: &str) -> Option<Rating> {
    let b = s.as_bytes();
    match b.len() {
        4 => (arr::<4>(b)? == *b"HTXS").then_some(Rating::Htxs),
        3 => match arr::<3>(b)? {
            x if x == *b"HTT" => Some(Rating::Htt),
            x if x == *b"KHT" => Some(Rating::Kht),
            _ => None,
        },
        2 => (arr::<2>(b)? == *b"HT").then_some(Rating::Ht),
        _ => None,
    }
}

pub fn award_code(s: &str) -> Option<AwardCode> {
    let b = s.as_bytes();
    use AwardCode::*;
    let table: &[(&[u8], AwardCode)] = match b.len() {
        4 => &[(b"LDTT", Ldtt)],
        5 => &[(b"CO_CP", CoCp), (b"HCLD3", Hcld3)],
        6 => &[
            (b"CSTDCS", Cstdcs),
            (b"BK_TTG", BkTtg),
            (b"TTLDTT", Ttldtt),
            (b"TTLDXS", Ttldxs),
        ],
        7 => &[
            (b"BK_TINH", BkTinh),
            (b"CSTD_TQ", CstdTq),
            (b"CO_TINH", CoTinh),
        ],
        9 => &[(b"CSTD_TINH", CstdTinh), (b"GIAY_KHEN", GiayKhen)],
        _ => &[],
    };
    table
        .iter()
        .find(|(code, _)| code.iter().zip(b).all(|(x, y)| x == y))
        .map(|(_, a)| *a)
}

pub fn award_kind(s: &str) -> Option<AwardKind> {
    let b = s.as_bytes();
    use AwardKind::*;
    let table: &[(&[u8], AwardKind)] = match b.len() {
        10 => &[(b"cong-trang", CongTrang)],
        8 => &[(b"dot-xuat", DotXuat), (b"nien-han", NienHan)],
        9 => &[
            (b"chuyen-de", ChuyenDe),
            (b"cong-hien", CongHien),
            (b"doi-ngoai", DoiNgoai),
        ],
        _ => &[],
    };
    table
        .iter()
        .find(|(code, _)| code.iter().zip(b).all(|(x, y)| x == y))
        .map(|(_, k)| *k)
}

#[cfg(test)]
mod code_tests {
    use super::*;

    #[test]
    fn byte_matching_agrees_with_the_vocabularies() {
        for r in Rating::ALL {
            assert_eq!(rating_code(r.code()), Some(*r));
        }
        for a in AwardCode::ALL {
            assert_eq!(award_code(a.code()), Some(*a));
        }
        for k in AwardKind::ALL {
            assert_eq!(award_kind(k.code()), Some(*k));
        }
        for bad in [
            "",
            "H",
            "HTX",
            "htt",
            "LDTX",
            "CSTD_TINX",
            "cong-tranh",
            "LĐTT",
        ] {
            assert_eq!(rating_code(bad), None);
            assert_eq!(award_code(bad), None);
            assert_eq!(award_kind(bad), None);
        }
    }
}
