//! The records of `tdkt-exchange/1`, one struct per type. Unknown fields are ignored
//! (later versions and other systems may add some); every field of the spec is kept.

use crate::error::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tdkt_domain::codes::{
    AwardCode, AwardKind, DisciplineForm, EmploymentKind, Gender, InitiativeCategory,
    InitiativeLevel, LeaveKind, ProceedingKind, Rating, TrainingResult, UnitKind,
};

/// The format identifier on the stream's first line and in the document.
pub const FORMAT: &str = "tdkt-exchange/1";

/// The record types, in the canonical order of the document encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordType {
    Agency,
    Unit,
    Person,
    Rating,
    Award,
    Initiative,
    Discipline,
    Proceeding,
    Leave,
    Vote,
    Bloc,
    Fact,
}

impl RecordType {
    pub const ALL: [RecordType; 12] = [
        RecordType::Agency,
        RecordType::Unit,
        RecordType::Person,
        RecordType::Rating,
        RecordType::Award,
        RecordType::Initiative,
        RecordType::Discipline,
        RecordType::Proceeding,
        RecordType::Leave,
        RecordType::Vote,
        RecordType::Bloc,
        RecordType::Fact,
    ];

    /// `"type"` value in the stream encoding.
    pub const fn type_name(self) -> &'static str {
        match self {
            RecordType::Agency => "agency",
            RecordType::Unit => "unit",
            RecordType::Person => "person",
            RecordType::Rating => "rating",
            RecordType::Award => "award",
            RecordType::Initiative => "initiative",
            RecordType::Discipline => "discipline",
            RecordType::Proceeding => "proceeding",
            RecordType::Leave => "leave",
            RecordType::Vote => "vote",
            RecordType::Bloc => "bloc",
            RecordType::Fact => "fact",
        }
    }

    /// Key in the document encoding (`agency` holds one object, the others arrays).
    pub const fn array_name(self) -> &'static str {
        match self {
            RecordType::Agency => "agency",
            RecordType::Unit => "units",
            RecordType::Person => "people",
            RecordType::Rating => "ratings",
            RecordType::Award => "awards",
            RecordType::Initiative => "initiatives",
            RecordType::Discipline => "disciplines",
            RecordType::Proceeding => "proceedings",
            RecordType::Leave => "leaves",
            RecordType::Vote => "votes",
            RecordType::Bloc => "blocs",
            RecordType::Fact => "facts",
        }
    }

    pub fn from_type_name(s: &str) -> Option<RecordType> {
        // Called once per line of a bulk stream: a match, not a search.
        Some(match s {
            "rating" => RecordType::Rating,
            "award" => RecordType::Award,
            "person" => RecordType::Person,
            "initiative" => RecordType::Initiative,
            "unit" => RecordType::Unit,
            "agency" => RecordType::Agency,
            "discipline" => RecordType::Discipline,
            "proceeding" => RecordType::Proceeding,
            "leave" => RecordType::Leave,
            "vote" => RecordType::Vote,
            "bloc" => RecordType::Bloc,
            "fact" => RecordType::Fact,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub province: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: String,
    pub name: String,
    /// Parent unit id; None for the agency itself.
    #[serde(default)]
    pub parent: Option<String>,
    pub kind: UnitKind,
    /// Extension: the level code of the tree (`so-nganh`, `phong`…) and the short name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employment {
    pub kind: EmploymentKind,
    #[serde(with = "crate::date")]
    pub from: NaiveDate,
    #[serde(default, with = "crate::date::option")]
    pub to: Option<NaiveDate>,
    /// Extension: the period began with a transfer from this unit or agency (service
    /// continues; not a new recruitment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_from: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub gender: Gender,
    pub unit: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub manager: bool,
    #[serde(default)]
    pub employment: Vec<Employment>,
    /// Extension fields tdkt writes so its own exports round-trip (the
    /// spec allows extra fields; other readers ignore them).
    #[serde(default, flatten)]
    pub extra: PersonExtra,
}

/// What a staff register keeps beyond the interchange format's fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PersonExtra {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::date::option"
    )]
    pub birth_date: Option<NaiveDate>,
    /// Staff category code (`can-bo`, `cong-chuc`, …), finer than `employment.kind`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// False for people no longer in post (kept for their history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingRecord {
    pub subject: String,
    pub year: i32,
    pub rating: Rating,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub number: String,
    #[serde(with = "crate::date")]
    pub date: NaiveDate,
    #[serde(default)]
    pub issuer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardRecord {
    pub subject: String,
    pub award: AwardCode,
    pub year: i32,
    #[serde(default)]
    pub kind: AwardKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsedFor {
    pub award: AwardCode,
    pub year: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Initiative {
    pub id: String,
    pub title: String,
    pub authors: Vec<String>,
    pub category: InitiativeCategory,
    pub level: InitiativeLevel,
    #[serde(with = "crate::date")]
    pub recognized_on: NaiveDate,
    #[serde(default)]
    pub effect_confirmed: bool,
    #[serde(default)]
    pub used_for: Vec<UsedFor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discipline {
    pub subject: String,
    pub form: DisciplineForm,
    #[serde(with = "crate::date")]
    pub decided_on: NaiveDate,
    #[serde(default, with = "crate::date::option")]
    pub ends_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proceeding {
    pub subject: String,
    pub kind: ProceedingKind,
    #[serde(with = "crate::date")]
    pub opened_on: NaiveDate,
    #[serde(default, with = "crate::date::option")]
    pub closed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leave {
    pub person: String,
    pub kind: LeaveKind,
    #[serde(with = "crate::date")]
    pub from: NaiveDate,
    #[serde(with = "crate::date")]
    pub to: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<TrainingResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub subject: String,
    pub award: AwardCode,
    pub year: i32,
    pub council_members: u32,
    pub agree: u32,
    #[serde(default)]
    pub disagree: u32,
    #[serde(default)]
    pub abstain: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bloc {
    pub id: String,
    pub name: String,
    pub year: i32,
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub ranking: Vec<String>,
}

/// A fact's value: a boolean or a number.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FactValue {
    Bool(bool),
    Number(f64),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub subject: String,
    pub year: i32,
    /// One of the known keys (`spirit`, `movement_achievement`, …) or another key,
    /// kept as is (spec: "more may be added").
    pub key: String,
    pub value: FactValue,
}

/// One record of any type.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Agency(Agency),
    Unit(Unit),
    Person(Person),
    Rating(RatingRecord),
    Award(AwardRecord),
    Initiative(Initiative),
    Discipline(Discipline),
    Proceeding(Proceeding),
    Leave(Leave),
    Vote(Vote),
    Bloc(Bloc),
    Fact(Fact),
}

impl Record {
    pub fn record_type(&self) -> RecordType {
        match self {
            Record::Agency(_) => RecordType::Agency,
            Record::Unit(_) => RecordType::Unit,
            Record::Person(_) => RecordType::Person,
            Record::Rating(_) => RecordType::Rating,
            Record::Award(_) => RecordType::Award,
            Record::Initiative(_) => RecordType::Initiative,
            Record::Discipline(_) => RecordType::Discipline,
            Record::Proceeding(_) => RecordType::Proceeding,
            Record::Leave(_) => RecordType::Leave,
            Record::Vote(_) => RecordType::Vote,
            Record::Bloc(_) => RecordType::Bloc,
            Record::Fact(_) => RecordType::Fact,
        }
    }

    /// Checks what the types alone cannot: years in range, periods in order, votes that
    /// add up, non-empty ids.
    pub fn validate(&self) -> Result<(), FieldError> {
        fn year(y: i32) -> Result<(), FieldError> {
            if (1945..=2200).contains(&y) {
                Ok(())
            } else {
                Err(FieldError::new("year", format!("năm không hợp lệ: {y}")))
            }
        }
        fn id(field: &str, s: &str) -> Result<(), FieldError> {
            if s.trim().is_empty() {
                Err(FieldError::new(field, "mã định danh rỗng"))
            } else {
                Ok(())
            }
        }
        fn order(field: &str, a: NaiveDate, b: Option<NaiveDate>) -> Result<(), FieldError> {
            match b {
                Some(b) if b < a => Err(FieldError::new(
                    field,
                    format!("ngày kết thúc {b} trước ngày bắt đầu {a}"),
                )),
                _ => Ok(()),
            }
        }
        match self {
            Record::Agency(a) => id("id", &a.id),
            Record::Unit(u) => id("id", &u.id),
            Record::Person(p) => {
                id("id", &p.id)?;
                id("unit", &p.unit)?;
                for (i, e) in p.employment.iter().enumerate() {
                    order(&format!("employment[{i}].to"), e.from, e.to)?;
                }
                Ok(())
            }
            Record::Rating(r) => {
                id("subject", &r.subject)?;
                year(r.year)
            }
            Record::Award(a) => {
                id("subject", &a.subject)?;
                year(a.year)
            }
            Record::Initiative(i) => {
                id("id", &i.id)?;
                if i.authors.is_empty() {
                    return Err(FieldError::new(
                        "authors",
                        "sáng kiến phải có ít nhất một tác giả",
                    ));
                }
                for u in &i.used_for {
                    year(u.year).map_err(|e| FieldError {
                        field: Some("used_for.year".into()),
                        ..e
                    })?;
                }
                Ok(())
            }
            Record::Discipline(d) => {
                id("subject", &d.subject)?;
                order("ends_on", d.decided_on, d.ends_on)
            }
            Record::Proceeding(p) => {
                id("subject", &p.subject)?;
                order("closed_on", p.opened_on, p.closed_on)
            }
            Record::Leave(l) => {
                id("person", &l.person)?;
                order("to", l.from, Some(l.to))
            }
            Record::Vote(v) => {
                id("subject", &v.subject)?;
                year(v.year)?;
                if v.council_members == 0 {
                    return Err(FieldError::new(
                        "council_members",
                        "số thành viên Hội đồng phải lớn hơn 0",
                    ));
                }
                if v.agree as u64 + v.disagree as u64 + v.abstain as u64 > v.council_members as u64
                {
                    return Err(FieldError::new(
                        "agree",
                        format!(
                            "tổng phiếu ({} + {} + {}) vượt số thành viên Hội đồng ({})",
                            v.agree, v.disagree, v.abstain, v.council_members
                        ),
                    ));
                }
                Ok(())
            }
            Record::Bloc(b) => {
                id("id", &b.id)?;
                year(b.year)
            }
            Record::Fact(f) => {
                id("subject", &f.subject)?;
                id("key", &f.key)?;
                year(f.year)
            }
        }
    }
}
