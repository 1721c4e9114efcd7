//! The history the rules engine reads — ratings, awards with their decisions,
//! initiatives, disciplines and open proceedings, leaves, council votes,
//! findings — for people and units. Imported with `tdkt import` now; later
//! workflows (registration, council, decisions) write it too.

use crate::write::Change;
use crate::{Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use tdkt_domain::auth::Action;
use tdkt_domain::codes::{
    AwardCode, AwardKind, DisciplineForm, InitiativeCategory, InitiativeLevel, LeaveKind,
    ProceedingKind, Rating,
};
use tdkt_domain::error::Error;

/// Whose history: a person or a unit (collective).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Subject {
    Person(i64),
    Unit(i64),
}

/// Picks the query for a person or for a unit (each uses its own index).
macro_rules! by_subject {
    ($s:expr, $person:literal, $unit:literal) => {
        match $s {
            Subject::Person(_) => $person,
            Subject::Unit(_) => $unit,
        }
    };
}

fn subject_id(s: Subject) -> i64 {
    match s {
        Subject::Person(id) | Subject::Unit(id) => id,
    }
}

impl Subject {
    fn ids(self) -> (Option<i64>, Option<i64>) {
        match self {
            Subject::Person(id) => (Some(id), None),
            Subject::Unit(id) => (None, Some(id)),
        }
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RatingRow {
    pub year: i64,
    pub rating: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AwardRow {
    pub id: i64,
    pub award: String,
    pub year: i64,
    pub kind: String,
    pub decision_number: String,
    pub decision_date: Option<NaiveDate>,
    pub issuer: String,
    pub unit_name: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct InitiativeRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub category: String,
    pub level: String,
    pub recognized_on: Option<NaiveDate>,
    pub effect_confirmed: bool,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct InitiativeUse {
    pub initiative_id: i64,
    pub award: String,
    pub year: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct DisciplineRow {
    pub form: String,
    pub decided_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ProceedingRow {
    pub kind: String,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct LeaveRow {
    pub kind: String,
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
    pub result: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct VoteRow {
    pub award: String,
    pub year: i64,
    pub council_members: i64,
    pub agree: i64,
    pub disagree: i64,
    pub abstain: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct FactRow {
    pub year: i64,
    pub key: String,
    pub value: String,
}

/// Everything recorded about one subject: the achievement profile.
#[derive(Debug, Clone, Serialize, Default)]
pub struct History {
    /// People only: periods of work, placements (with their row id), and the unit's
    /// code and name, read in the same statement for the person's page.
    #[serde(skip)]
    pub employment: Vec<crate::people::Employment>,
    #[serde(skip)]
    pub transfers: Vec<(i64, crate::people::Transfer)>,
    #[serde(skip)]
    pub unit_code: Option<String>,
    #[serde(skip)]
    pub unit_name: Option<String>,
    pub ratings: Vec<RatingRow>,
    pub awards: Vec<AwardRow>,
    pub initiatives: Vec<InitiativeRow>,
    pub initiative_uses: Vec<InitiativeUse>,
    pub disciplines: Vec<DisciplineRow>,
    pub proceedings: Vec<ProceedingRow>,
    pub leaves: Vec<LeaveRow>,
    pub votes: Vec<VoteRow>,
    pub facts: Vec<FactRow>,
}

/// A council ballot's result: the share is `agree / members` (all members,
/// not those present).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct VoteCount {
    pub members: i64,
    pub agree: i64,
    pub disagree: i64,
    pub abstain: i64,
}

/// An award as recorded.
#[derive(Debug, Clone)]
pub struct NewAward {
    pub award: AwardCode,
    pub year: i32,
    pub kind: AwardKind,
    pub decision_number: String,
    pub decision_date: Option<NaiveDate>,
    pub issuer: String,
    /// The unit's name as printed at the time (kept when the unit is renamed).
    pub unit_name: String,
}

#[derive(Debug, Clone)]
pub struct NewInitiative {
    pub code: String,
    pub title: String,
    pub category: InitiativeCategory,
    pub level: InitiativeLevel,
    pub recognized_on: Option<NaiveDate>,
    pub effect_confirmed: bool,
    pub authors: Vec<i64>,
    pub used_for: Vec<(AwardCode, i32)>,
}

/// One line of the history read: every table in one statement (a round trip per page,
/// not one per table); `k` says which table, the other columns are its fields.
#[derive(Debug, sqlx::FromRow)]
struct HistoryLine {
    k: String,
    id: Option<i64>,
    y: Option<i64>,
    s1: Option<String>,
    s2: Option<String>,
    s3: Option<String>,
    s4: Option<String>,
    s5: Option<String>,
    d1: Option<NaiveDate>,
    d2: Option<NaiveDate>,
    n1: Option<i64>,
    n2: Option<i64>,
    n3: Option<i64>,
    n4: Option<i64>,
    b: Option<bool>,
}

/// The history of one subject as one UNION ALL, each arm on its table's subject index.
/// `$col` is `person_id` or `unit_id`; initiatives and leaves belong to people only.
macro_rules! history_sql {
    ($col:literal, $people_only:literal) => {
        concat!(
            "SELECT CAST('rating' AS TEXT) AS k, CAST(NULL AS BIGINT) AS id, CAST(year AS BIGINT) AS y,
                    CAST(rating AS TEXT) AS s1, CAST(NULL AS TEXT) AS s2, CAST(NULL AS TEXT) AS s3,
                    CAST(NULL AS TEXT) AS s4, CAST(NULL AS TEXT) AS s5, CAST(NULL AS DATE) AS d1,
                    CAST(NULL AS DATE) AS d2, CAST(NULL AS BIGINT) AS n1, CAST(NULL AS BIGINT) AS n2,
                    CAST(NULL AS BIGINT) AS n3, CAST(NULL AS BIGINT) AS n4, CAST(NULL AS BOOLEAN) AS b
             FROM ratings WHERE ", $col, " = $1
             UNION ALL SELECT 'award', id, year, award, kind, decision_number, issuer, unit_name,
                    decision_date, NULL, NULL, NULL, NULL, NULL, NULL FROM awards WHERE ", $col, " = $1
             UNION ALL SELECT 'discipline', NULL, NULL, form, NULL, NULL, NULL, NULL, decided_on, ends_on,
                    NULL, NULL, NULL, NULL, NULL FROM disciplines WHERE ", $col, " = $1
             UNION ALL SELECT 'proceeding', NULL, NULL, kind, NULL, NULL, NULL, NULL, opened_on, closed_on,
                    NULL, NULL, NULL, NULL, NULL FROM proceedings WHERE ", $col, " = $1
             UNION ALL SELECT 'vote', NULL, year, award, NULL, NULL, NULL, NULL, NULL, NULL,
                    council_members, agree, disagree, abstain, NULL FROM votes WHERE ", $col, " = $1
             UNION ALL SELECT 'fact', NULL, year, key, value, NULL, NULL, NULL, NULL, NULL,
                    NULL, NULL, NULL, NULL, NULL FROM facts WHERE ", $col, " = $1",
            $people_only
        )
    };
}

impl Store {
    pub async fn history(&self, s: Subject) -> Result<History> {
        let sql = match s {
            Subject::Person(_) => history_sql!(
                "person_id",
                "
             UNION ALL SELECT 'initiative', i.id, NULL, i.code, i.title, i.category, i.level, NULL,
                    i.recognized_on, NULL, NULL, NULL, NULL, NULL, i.effect_confirmed
                    FROM initiatives i JOIN initiative_authors a ON a.initiative_id = i.id WHERE a.person_id = $1
             UNION ALL SELECT 'use', u.initiative_id, u.year, u.award, NULL, NULL, NULL, NULL, NULL, NULL,
                    NULL, NULL, NULL, NULL, NULL
                    FROM initiative_uses u JOIN initiative_authors a ON a.initiative_id = u.initiative_id WHERE a.person_id = $1
             UNION ALL SELECT 'leave', NULL, NULL, kind, result, NULL, NULL, NULL, from_date, to_date,
                    NULL, NULL, NULL, NULL, NULL FROM leaves WHERE person_id = $1
             UNION ALL SELECT 'employment', id, NULL, kind, transfer_from, NULL, NULL, NULL, from_date, to_date,
                    NULL, NULL, NULL, NULL, NULL FROM person_employment WHERE person_id = $1
             UNION ALL SELECT 'transfer', t.id, NULL, t.note, f.name, u.name, NULL, NULL, t.on_date, NULL,
                    t.from_unit_id, t.to_unit_id, NULL, NULL, NULL
                    FROM person_transfers t JOIN units u ON u.id = t.to_unit_id LEFT JOIN units f ON f.id = t.from_unit_id
                    WHERE t.person_id = $1
             UNION ALL SELECT 'unit', NULL, NULL, u.code, u.name, NULL, NULL, NULL, NULL, NULL,
                    NULL, NULL, NULL, NULL, NULL FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1"
            ),
            Subject::Unit(_) => history_sql!("unit_id", ""),
        };
        // Through sqlx, whose prepared statement is kept per connection: this UNION of
        // fourteen arms costs more to prepare than its rows cost to pass over. (That
        // was measured when the rusqlite path prepared on every call; its readers now
        // keep statements too — `Store::hot_rows` — and the person page may gain
        // from them: not measured yet.)
        let lines = on_pool!(&self.db, p => sqlx::query_as::<_, HistoryLine>(sql)
            .bind(subject_id(s)).fetch_all(p).await)
        .map_err(internal)?;
        Ok(History::from_lines(lines))
    }
}

impl History {
    /// Splits the lines by table, each in the order the pages show it.
    fn from_lines(lines: Vec<HistoryLine>) -> History {
        let mut h = History::default();
        for l in lines {
            let text = |v: Option<String>| v.unwrap_or_default();
            match l.k.as_str() {
                "rating" => h.ratings.push(RatingRow {
                    year: l.y.unwrap_or_default(),
                    rating: text(l.s1),
                }),
                "award" => h.awards.push(AwardRow {
                    id: l.id.unwrap_or_default(),
                    award: text(l.s1),
                    year: l.y.unwrap_or_default(),
                    kind: text(l.s2),
                    decision_number: text(l.s3),
                    decision_date: l.d1,
                    issuer: text(l.s4),
                    unit_name: text(l.s5),
                }),
                "initiative" => h.initiatives.push(InitiativeRow {
                    id: l.id.unwrap_or_default(),
                    code: text(l.s1),
                    title: text(l.s2),
                    category: text(l.s3),
                    level: text(l.s4),
                    recognized_on: l.d1,
                    effect_confirmed: l.b.unwrap_or(false),
                }),
                "use" => h.initiative_uses.push(InitiativeUse {
                    initiative_id: l.id.unwrap_or_default(),
                    award: text(l.s1),
                    year: l.y.unwrap_or_default(),
                }),
                "discipline" => {
                    if let Some(decided_on) = l.d1 {
                        h.disciplines.push(DisciplineRow {
                            form: text(l.s1),
                            decided_on,
                            ends_on: l.d2,
                        })
                    }
                }
                "proceeding" => {
                    if let Some(opened_on) = l.d1 {
                        h.proceedings.push(ProceedingRow {
                            kind: text(l.s1),
                            opened_on,
                            closed_on: l.d2,
                        })
                    }
                }
                "leave" => {
                    if let (Some(from_date), Some(to_date)) = (l.d1, l.d2) {
                        h.leaves.push(LeaveRow {
                            kind: text(l.s1),
                            from_date,
                            to_date,
                            result: l.s2,
                        })
                    }
                }
                "vote" => h.votes.push(VoteRow {
                    award: text(l.s1),
                    year: l.y.unwrap_or_default(),
                    council_members: l.n1.unwrap_or_default(),
                    agree: l.n2.unwrap_or_default(),
                    disagree: l.n3.unwrap_or_default(),
                    abstain: l.n4.unwrap_or_default(),
                }),
                "employment" => {
                    if let Some(from_date) = l.d1 {
                        h.employment.push(crate::people::Employment {
                            kind: text(l.s1),
                            from_date,
                            to_date: l.d2,
                            transfer_from: l.s2,
                        })
                    }
                }
                "transfer" => {
                    if let (Some(on_date), Some(to_unit_id)) = (l.d1, l.n2) {
                        h.transfers.push((
                            l.id.unwrap_or_default(),
                            crate::people::Transfer {
                                from_unit_id: l.n1,
                                from_unit_name: l.s2,
                                to_unit_id,
                                to_unit_name: text(l.s3),
                                on_date,
                                note: text(l.s1),
                            },
                        ))
                    }
                }
                "unit" => {
                    h.unit_code = l.s1;
                    h.unit_name = l.s2;
                }
                "fact" => h.facts.push(FactRow {
                    year: l.y.unwrap_or_default(),
                    key: text(l.s1),
                    value: text(l.s2),
                }),
                _ => {}
            }
        }
        h.ratings.sort_by_key(|r| r.year);
        h.awards
            .sort_by(|a, b| (a.year, &a.award).cmp(&(b.year, &b.award)));
        h.initiatives
            .sort_by(|a, b| (a.recognized_on, &a.code).cmp(&(b.recognized_on, &b.code)));
        h.initiative_uses.sort_by_key(|u| u.year);
        h.disciplines.sort_by_key(|d| d.decided_on);
        h.proceedings.sort_by_key(|d| d.opened_on);
        h.leaves.sort_by_key(|l| l.from_date);
        h.votes.sort_by_key(|v| v.year);
        h.facts
            .sort_by(|a, b| (a.year, &a.key).cmp(&(b.year, &b.key)));
        h.employment.sort_by_key(|e| e.from_date);
        h.transfers.sort_by_key(|(id, t)| (t.on_date, *id));
        h
    }
}

impl WriteTx<'_> {
    /// The path of the unit a subject belongs to, for permissions and the audit log.
    async fn subject_path(&mut self, s: Subject) -> Result<String> {
        let path: Option<String> = match s {
            Subject::Person(id) => on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT unit_path FROM people WHERE id = $1").bind(id).fetch_optional(c).await),
            Subject::Unit(id) => on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT path FROM units WHERE id = $1").bind(id).fetch_optional(c).await),
        }
        .map_err(internal)?;
        path.ok_or_else(|| Error::NotFound("đối tượng".into()))
    }

    async fn history_change(
        &mut self,
        s: Subject,
        action: &str,
        entity: &str,
        summary: String,
        new: serde_json::Value,
    ) -> Result<()> {
        let path = self.subject_path(s).await?;
        self.require(Action::ManageHistory, &path)?;
        let id = match s {
            Subject::Person(i) => format!("person:{i}"),
            Subject::Unit(i) => format!("unit:{i}"),
        };
        self.audit(Change {
            action,
            entity,
            entity_id: id,
            unit_path: &path,
            summary,
            old: None,
            new: Some(new),
        })
        .await
    }

    /// Records (or corrects) a year's rating.
    pub async fn put_rating(&mut self, s: Subject, year: i32, rating: Rating) -> Result<()> {
        let (pid, uid) = s.ids();
        self.history_change(
            s,
            "put",
            "rating",
            format!("Xếp loại năm {year}: {}", rating.label()),
            json!({"year": year, "rating": rating.code()}),
        )
        .await?;
        let existing: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            by_subject!(s, "SELECT id FROM ratings WHERE person_id = $1 AND year = $2", "SELECT id FROM ratings WHERE unit_id = $1 AND year = $2"))
            .bind(subject_id(s)).bind(year as i64).fetch_optional(c).await).map_err(internal)?;
        match existing {
            Some(id) => on_tx!(&mut self.tx, c => sqlx::query("UPDATE ratings SET rating = $1 WHERE id = $2").bind(rating.code()).bind(id).execute(c).await.map(|_| ())),
            None => on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO ratings (person_id, unit_id, year, rating) VALUES ($1, $2, $3, $4)")
                .bind(pid).bind(uid).bind(year as i64).bind(rating.code()).execute(c).await.map(|_| ())),
        }
        .map_err(internal)
    }

    /// Records an award; the same award, year, kind and decision twice is one.
    pub async fn add_award(&mut self, s: Subject, a: &NewAward) -> Result<()> {
        let (pid, uid) = s.ids();
        self.history_change(
            s,
            "create",
            "award",
            format!("Ghi nhận {} năm {}{}", a.award.label(), a.year, if a.decision_number.is_empty() { String::new() } else { format!(" (QĐ {})", a.decision_number) }),
            json!({"award": a.award.code(), "year": a.year, "kind": a.kind.code(), "decision": a.decision_number}),
        )
        .await?;
        let exists: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            by_subject!(s, "SELECT id FROM awards WHERE person_id = $1 AND award = $2 AND year = $3 AND kind = $4 AND decision_number = $5", "SELECT id FROM awards WHERE unit_id = $1 AND award = $2 AND year = $3 AND kind = $4 AND decision_number = $5"))
            .bind(subject_id(s)).bind(a.award.code()).bind(a.year as i64).bind(a.kind.code()).bind(&a.decision_number)
            .fetch_optional(c).await).map_err(internal)?;
        if exists.is_some() {
            return Ok(());
        }
        let now = self.now;
        on_tx!(&mut self.tx, c => sqlx::query(
            "INSERT INTO awards (person_id, unit_id, award, year, kind, decision_number, decision_date, issuer, unit_name, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
            .bind(pid).bind(uid).bind(a.award.code()).bind(a.year as i64).bind(a.kind.code()).bind(&a.decision_number)
            .bind(a.decision_date).bind(&a.issuer).bind(&a.unit_name).bind(now).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        Ok(())
    }

    /// Records an initiative (by code: a second import updates it).
    pub async fn put_initiative(&mut self, i: &NewInitiative) -> Result<i64> {
        for author in &i.authors {
            let path = self.subject_path(Subject::Person(*author)).await?;
            self.require(Action::ManageHistory, &path)?;
        }
        let now = self.now;
        let existing: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT id FROM initiatives WHERE code = $1").bind(&i.code).fetch_optional(c).await)
            .map_err(internal)?;
        let id = match existing {
            Some(id) => {
                on_tx!(&mut self.tx, c => sqlx::query(
                    "UPDATE initiatives SET title = $1, category = $2, level = $3, recognized_on = $4, effect_confirmed = $5,
                         status = CASE WHEN $4 IS NULL THEN status ELSE 'cong-nhan' END WHERE id = $6")
                    .bind(&i.title).bind(i.category.code()).bind(i.level.code()).bind(i.recognized_on).bind(i.effect_confirmed).bind(id)
                    .execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
                on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM initiative_authors WHERE initiative_id = $1").bind(id).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
                on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM initiative_uses WHERE initiative_id = $1").bind(id).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
                id
            }
            None => on_tx!(&mut self.tx, c => sqlx::query_scalar(
                "INSERT INTO initiatives (code, title, category, level, recognized_on, effect_confirmed, created_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
                .bind(&i.code).bind(&i.title).bind(i.category.code()).bind(i.level.code()).bind(i.recognized_on).bind(i.effect_confirmed).bind(now)
                .bind(if i.recognized_on.is_some() { "cong-nhan" } else { "da-nop" })
                .fetch_one(c).await).map_err(internal)?,
        };
        for author in &i.authors {
            on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO initiative_authors (initiative_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id).bind(*author).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
        }
        // The recognition as imported, once (a second import of the same one adds nothing).
        if let Some(on) = i.recognized_on {
            on_tx!(&mut self.tx, c => sqlx::query(
                "INSERT INTO initiative_recognitions (initiative_id, level, decided_on, created_at)
                 SELECT $1, $2, $3, $4 WHERE NOT EXISTS
                   (SELECT 1 FROM initiative_recognitions WHERE initiative_id = $1 AND level = $2 AND decided_on = $3)")
                .bind(id).bind(i.level.code()).bind(on).bind(now).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
        }
        for (award, year) in &i.used_for {
            on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO initiative_uses (initiative_id, award, year) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .bind(id).bind(award.code()).bind(*year as i64).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
        }
        let path = match i.authors.first() {
            Some(a) => self.subject_path(Subject::Person(*a)).await?,
            None => String::new(),
        };
        self.audit(Change {
            action: if existing.is_some() { "update" } else { "create" },
            entity: "initiative",
            entity_id: id.to_string(),
            unit_path: &path,
            summary: format!("Ghi nhận sáng kiến «{}» ({})", i.title, i.level.label()),
            old: None,
            new: Some(json!({"code": i.code, "title": i.title, "level": i.level.code(), "authors": i.authors})),
        })
        .await?;
        Ok(id)
    }

    pub async fn add_discipline(
        &mut self,
        s: Subject,
        form: DisciplineForm,
        decided_on: NaiveDate,
        ends_on: Option<NaiveDate>,
    ) -> Result<()> {
        let (pid, uid) = s.ids();
        self.history_change(
            s,
            "create",
            "discipline",
            format!("Ghi nhận kỷ luật: {}", form.label()),
            json!({"form": form.code(), "decided_on": decided_on, "ends_on": ends_on}),
        )
        .await?;
        on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO disciplines (person_id, unit_id, form, decided_on, ends_on) VALUES ($1, $2, $3, $4, $5)")
            .bind(pid).bind(uid).bind(form.code()).bind(decided_on).bind(ends_on).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
        Ok(())
    }

    pub async fn add_proceeding(
        &mut self,
        s: Subject,
        kind: ProceedingKind,
        opened_on: NaiveDate,
        closed_on: Option<NaiveDate>,
    ) -> Result<()> {
        let (pid, uid) = s.ids();
        self.history_change(
            s,
            "create",
            "proceeding",
            format!("Ghi nhận: {}", kind.label()),
            json!({"kind": kind.code(), "opened_on": opened_on, "closed_on": closed_on}),
        )
        .await?;
        on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO proceedings (person_id, unit_id, kind, opened_on, closed_on) VALUES ($1, $2, $3, $4, $5)")
            .bind(pid).bind(uid).bind(kind.code()).bind(opened_on).bind(closed_on).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
        Ok(())
    }

    pub async fn add_leave(
        &mut self,
        person_id: i64,
        kind: LeaveKind,
        from: NaiveDate,
        to: NaiveDate,
        result: Option<&str>,
    ) -> Result<()> {
        if to < from {
            return Err(Error::invalid(
                "to",
                "Ngày kết thúc nghỉ phải sau ngày bắt đầu.",
            ));
        }
        self.history_change(
            Subject::Person(person_id),
            "create",
            "leave",
            format!("Ghi nhận {}", kind.label().to_lowercase()),
            json!({"kind": kind.code(), "from": from, "to": to}),
        )
        .await?;
        on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO leaves (person_id, kind, from_date, to_date, result) VALUES ($1, $2, $3, $4, $5)")
            .bind(person_id).bind(kind.code()).bind(from).bind(to).bind(result).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
        Ok(())
    }

    pub async fn put_vote(
        &mut self,
        s: Subject,
        award: AwardCode,
        year: i32,
        v: VoteCount,
    ) -> Result<()> {
        let VoteCount {
            members,
            agree,
            disagree,
            abstain,
        } = v;
        if members <= 0
            || agree < 0
            || disagree < 0
            || abstain < 0
            || agree + disagree + abstain > members
        {
            return Err(Error::invalid(
                "votes",
                "Số phiếu không hợp lệ: tổng số phiếu không được vượt số thành viên Hội đồng.",
            ));
        }
        let (pid, uid) = s.ids();
        self.history_change(
            s,
            "put",
            "vote",
            format!(
                "Kết quả bỏ phiếu {} năm {year}: {agree}/{members} đồng ý",
                award.short_label()
            ),
            json!({"award": award.code(), "year": year, "members": members, "agree": agree}),
        )
        .await?;
        on_tx!(&mut self.tx, c => sqlx::query(
            by_subject!(s, "DELETE FROM votes WHERE person_id = $1 AND award = $2 AND year = $3", "DELETE FROM votes WHERE unit_id = $1 AND award = $2 AND year = $3"))
            .bind(subject_id(s)).bind(award.code()).bind(year as i64).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query(
            "INSERT INTO votes (person_id, unit_id, award, year, council_members, agree, disagree, abstain) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(pid).bind(uid).bind(award.code()).bind(year as i64).bind(members).bind(agree).bind(disagree).bind(abstain).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        Ok(())
    }

    /// Records a finding (`spirit`, `movement_achievement`…); the value is JSON (bool or number).
    pub async fn put_fact(
        &mut self,
        s: Subject,
        year: i32,
        key: &str,
        value: &serde_json::Value,
    ) -> Result<()> {
        let (pid, uid) = s.ids();
        self.history_change(
            s,
            "put",
            "fact",
            format!("Nhận định «{key}» năm {year}: {value}"),
            json!({"year": year, "key": key, "value": value}),
        )
        .await?;
        on_tx!(&mut self.tx, c => sqlx::query(
            by_subject!(s, "DELETE FROM facts WHERE person_id = $1 AND year = $2 AND key = $3", "DELETE FROM facts WHERE unit_id = $1 AND year = $2 AND key = $3"))
            .bind(subject_id(s)).bind(year as i64).bind(key).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO facts (person_id, unit_id, year, key, value) VALUES ($1, $2, $3, $4, $5)")
            .bind(pid).bind(uid).bind(year as i64).bind(key).bind(value.to_string()).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
        Ok(())
    }
}

/// Builds the rules engine's view of a person's history from the tables.
impl Store {
    pub async fn rules_history(&self, person_id: i64) -> Result<tdkt_domain::rules::History> {
        Ok(self.person_rules_history(person_id).await?.0)
    }

    /// The rules' view of a person and the history as the tables hold it.
    pub(crate) async fn person_rules_history(
        &self,
        id: i64,
    ) -> Result<(tdkt_domain::rules::History, History)> {
        let p = self.person(id).await?;
        let h = self.history(Subject::Person(id)).await?;
        let rules = rules_history_of(
            &p,
            h.unit_code.as_deref().unwrap_or_default(),
            &h,
            &h.employment,
        );
        Ok((rules, h))
    }
}

/// The rules engine's view of a person from what the pages already read (no query).
pub fn rules_history_of(
    p: &crate::people::Person,
    unit_code: &str,
    h: &History,
    employment: &[crate::people::Employment],
) -> tdkt_domain::rules::History {
    {
        use tdkt_domain::codes::{EmploymentKind, Gender, SubjectKind};
        use tdkt_domain::rules::history as rh;
        let mut out = tdkt_domain::rules::History::new(p.code.clone(), SubjectKind::Individual);
        out.gender = Gender::parse(&p.gender).ok();
        out.unit = Some(unit_code.to_string());
        out.employment = employment
            .iter()
            .filter_map(|e| {
                EmploymentKind::parse(&e.kind)
                    .ok()
                    .map(|kind| rh::EmploymentPeriod {
                        kind,
                        from: e.from_date,
                        to: e.to_date,
                        transfer_from: e.transfer_from.clone(),
                    })
            })
            .collect();
        if out.employment.is_empty() {
            // A person entered by hand has a start date but no periods yet.
            if let (Some(from), Ok(cat)) = (
                p.employment_start,
                tdkt_domain::codes::StaffCategory::parse(&p.staff_category),
            ) {
                out.employment
                    .push(rh::EmploymentPeriod::new(cat.employment_kind(), from, None));
            }
        }
        records_into(&mut out, h);
        out
    }
}

/// The rules engine's view of a unit (a collective) from its history.
pub fn unit_rules_history(
    unit: &crate::units::Unit,
    parent_code: Option<&str>,
    h: &History,
) -> tdkt_domain::rules::History {
    let mut out = tdkt_domain::rules::History::new(
        unit.code.clone(),
        tdkt_domain::codes::SubjectKind::Collective,
    );
    out.unit = parent_code.map(str::to_string);
    records_into(&mut out, h);
    out
}

/// Copies what the tables record — ratings, awards, initiatives and their uses,
/// disciplines, proceedings, leaves, votes, findings — into the rules' view.
fn records_into(out: &mut tdkt_domain::rules::History, h: &History) {
    use tdkt_domain::codes::TrainingResult;
    use tdkt_domain::rules::history as rh;
    for r in &h.ratings {
        if let Ok(x) = Rating::parse(&r.rating) {
            out.ratings.insert(r.year as i32, x);
        }
    }
    out.awards = h
        .awards
        .iter()
        .filter_map(|a| {
            Some(rh::AwardEntry {
                award: AwardCode::parse(&a.award).ok()?,
                year: a.year as i32,
                kind: AwardKind::parse(&a.kind).unwrap_or_default(),
                decided_on: a.decision_date,
            })
        })
        .collect();
    out.initiatives = h
        .initiatives
        .iter()
        .filter_map(|i| {
            Some(rh::InitiativeEntry {
                id: i.code.clone(),
                category: InitiativeCategory::parse(&i.category).ok()?,
                level: InitiativeLevel::parse(&i.level).ok()?,
                recognized_on: i.recognized_on?,
                effect_confirmed: i.effect_confirmed,
                used_for: h
                    .initiative_uses
                    .iter()
                    .filter(|u| u.initiative_id == i.id)
                    .filter_map(|u| {
                        Some(rh::AwardUse {
                            award: AwardCode::parse(&u.award).ok()?,
                            year: u.year as i32,
                        })
                    })
                    .collect(),
            })
        })
        .collect();
    out.disciplines = h
        .disciplines
        .iter()
        .filter_map(|d| {
            Some(rh::DisciplineEntry {
                form: DisciplineForm::parse(&d.form).ok()?,
                decided_on: d.decided_on,
                ends_on: d.ends_on,
            })
        })
        .collect();
    out.proceedings = h
        .proceedings
        .iter()
        .filter_map(|d| {
            Some(rh::ProceedingEntry {
                kind: ProceedingKind::parse(&d.kind).ok()?,
                opened_on: d.opened_on,
                closed_on: d.closed_on,
            })
        })
        .collect();
    out.leaves = h
        .leaves
        .iter()
        .filter_map(|l| {
            Some(rh::LeaveEntry {
                kind: LeaveKind::parse(&l.kind).ok()?,
                from: l.from_date,
                to: l.to_date,
                result: l
                    .result
                    .as_deref()
                    .and_then(|r| TrainingResult::parse(r).ok()),
            })
        })
        .collect();
    out.votes = h
        .votes
        .iter()
        .filter_map(|v| {
            Some(rh::VoteEntry {
                award: AwardCode::parse(&v.award).ok()?,
                year: v.year as i32,
                council_members: v.council_members.max(0) as u32,
                agree: v.agree.max(0) as u32,
                disagree: v.disagree.max(0) as u32,
                abstain: v.abstain.max(0) as u32,
            })
        })
        .collect();
    out.facts = h
        .facts
        .iter()
        .filter_map(|f| {
            let value = match serde_json::from_str::<serde_json::Value>(&f.value).ok()? {
                serde_json::Value::Bool(b) => rh::FactValue::Bool(b),
                serde_json::Value::Number(n) => rh::FactValue::Number(n.as_f64()?),
                _ => return None,
            };
            Some(rh::FactEntry {
                year: f.year as i32,
                key: rh::FactName::parse(&f.key),
                value,
            })
        })
        .collect();
}
