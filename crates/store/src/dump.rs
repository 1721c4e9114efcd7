//! Reading whole tables page by page (keyset on id), for `tdkt export`: the
//! memory used stays that of one page whatever the size of the database.
//! Subjects come back as codes (the ids of the interchange format).

use crate::{Result, Store, internal, on_pool};
use chrono::NaiveDate;

/// Rows per page.
pub const PAGE: i64 = 5000;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PersonDump {
    pub id: i64,
    pub code: String,
    pub full_name: String,
    pub gender: String,
    pub birth_date: Option<NaiveDate>,
    pub position: String,
    pub is_manager: bool,
    pub staff_category: String,
    pub unit_code: String,
    pub employment_start: Option<NaiveDate>,
    pub email: String,
    pub phone: String,
    pub active: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EmploymentDump {
    pub person_id: i64,
    pub kind: String,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
    pub transfer_from: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RatingDump {
    pub id: i64,
    pub subject: String,
    pub year: i64,
    pub rating: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AwardDump {
    pub id: i64,
    pub subject: String,
    pub award: String,
    pub year: i64,
    pub kind: String,
    pub decision_number: String,
    pub decision_date: Option<NaiveDate>,
    pub issuer: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InitiativeDump {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub category: String,
    pub level: String,
    pub recognized_on: Option<NaiveDate>,
    pub effect_confirmed: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DisciplineDump {
    pub id: i64,
    pub subject: String,
    pub form: String,
    pub decided_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProceedingDump {
    pub id: i64,
    pub subject: String,
    pub kind: String,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LeaveDump {
    pub id: i64,
    pub person: String,
    pub kind: String,
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
    pub result: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VoteDump {
    pub id: i64,
    pub subject: String,
    pub award: String,
    pub year: i64,
    pub council_members: i64,
    pub agree: i64,
    pub disagree: i64,
    pub abstain: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FactDump {
    pub id: i64,
    pub subject: String,
    pub year: i64,
    pub key: String,
    pub value: String,
}

impl Store {
    pub async fn count_rows(&self) -> Result<i64> {
        on_pool!(&self.db, p => sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM units) + (SELECT COUNT(*) FROM people) + (SELECT COUNT(*) FROM ratings)
                  + (SELECT COUNT(*) FROM awards) + (SELECT COUNT(*) FROM initiatives) + (SELECT COUNT(*) FROM disciplines)
                  + (SELECT COUNT(*) FROM proceedings) + (SELECT COUNT(*) FROM leaves) + (SELECT COUNT(*) FROM votes)
                  + (SELECT COUNT(*) FROM blocs) + (SELECT COUNT(*) FROM facts)").fetch_one(p).await)
        .map_err(internal)
    }

    pub async fn dump_people(&self, after: i64) -> Result<Vec<PersonDump>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, PersonDump>(
            "SELECT p.id, p.code, p.full_name, p.gender, p.birth_date, p.position, p.is_manager, p.staff_category,
                    u.code AS unit_code, p.employment_start, p.email, p.phone, p.active
             FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id > $1 ORDER BY p.id LIMIT $2")
            .bind(after).bind(PAGE).fetch_all(p).await)
        .map_err(internal)
    }

    /// Employment periods of the people with ids in `[from, to]`.
    pub async fn dump_employment(&self, from: i64, to: i64) -> Result<Vec<EmploymentDump>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, EmploymentDump>(
            "SELECT person_id, kind, from_date, to_date, transfer_from FROM person_employment WHERE person_id BETWEEN $1 AND $2 ORDER BY person_id, from_date")
            .bind(from).bind(to).fetch_all(p).await)
        .map_err(internal)
    }

    pub async fn dump_ratings(&self, after: i64) -> Result<Vec<RatingDump>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, RatingDump>(
            "SELECT r.id, COALESCE(p.code, u.code) AS subject, r.year, r.rating FROM ratings r
             LEFT JOIN people p ON p.id = r.person_id LEFT JOIN units u ON u.id = r.unit_id
             WHERE r.id > $1 ORDER BY r.id LIMIT $2").bind(after).bind(PAGE).fetch_all(p).await)
        .map_err(internal)
    }

    pub async fn dump_awards(&self, after: i64) -> Result<Vec<AwardDump>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, AwardDump>(
            "SELECT a.id, COALESCE(p.code, u.code) AS subject, a.award, a.year, a.kind, a.decision_number, a.decision_date, a.issuer
             FROM awards a LEFT JOIN people p ON p.id = a.person_id LEFT JOIN units u ON u.id = a.unit_id
             WHERE a.id > $1 ORDER BY a.id LIMIT $2").bind(after).bind(PAGE).fetch_all(p).await)
        .map_err(internal)
    }

    pub async fn dump_initiatives(&self, after: i64) -> Result<Vec<InitiativeDump>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, InitiativeDump>(
            "SELECT id, code, title, category, level, recognized_on, effect_confirmed FROM initiatives WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after).bind(PAGE).fetch_all(p).await)
        .map_err(internal)
    }

    /// Author codes and uses of one initiative.
    pub async fn initiative_links(&self, id: i64) -> Result<(Vec<String>, Vec<(String, i64)>)> {
        let authors: Vec<String> = on_pool!(&self.db, p => sqlx::query_scalar(
            "SELECT p.code FROM initiative_authors a JOIN people p ON p.id = a.person_id WHERE a.initiative_id = $1 ORDER BY p.code")
            .bind(id).fetch_all(p).await)
        .map_err(internal)?;
        let uses: Vec<(String, i64)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT award, year FROM initiative_uses WHERE initiative_id = $1 ORDER BY year, award").bind(id).fetch_all(p).await)
        .map_err(internal)?;
        Ok((authors, uses))
    }

    pub async fn dump_disciplines(&self, after: i64) -> Result<Vec<DisciplineDump>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, DisciplineDump>(
            "SELECT d.id, COALESCE(p.code, u.code) AS subject, d.form, d.decided_on, d.ends_on FROM disciplines d
             LEFT JOIN people p ON p.id = d.person_id LEFT JOIN units u ON u.id = d.unit_id
             WHERE d.id > $1 ORDER BY d.id LIMIT $2").bind(after).bind(PAGE).fetch_all(p).await)
        .map_err(internal)
    }

    pub async fn dump_proceedings(&self, after: i64) -> Result<Vec<ProceedingDump>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, ProceedingDump>(
            "SELECT d.id, COALESCE(p.code, u.code) AS subject, d.kind, d.opened_on, d.closed_on FROM proceedings d
             LEFT JOIN people p ON p.id = d.person_id LEFT JOIN units u ON u.id = d.unit_id
             WHERE d.id > $1 ORDER BY d.id LIMIT $2").bind(after).bind(PAGE).fetch_all(p).await)
        .map_err(internal)
    }

    pub async fn dump_leaves(&self, after: i64) -> Result<Vec<LeaveDump>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, LeaveDump>(
            "SELECT l.id, p.code AS person, l.kind, l.from_date, l.to_date, l.result FROM leaves l JOIN people p ON p.id = l.person_id
             WHERE l.id > $1 ORDER BY l.id LIMIT $2").bind(after).bind(PAGE).fetch_all(p).await)
        .map_err(internal)
    }

    pub async fn dump_votes(&self, after: i64) -> Result<Vec<VoteDump>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, VoteDump>(
            "SELECT v.id, COALESCE(p.code, u.code) AS subject, v.award, v.year, v.council_members, v.agree, v.disagree, v.abstain
             FROM votes v LEFT JOIN people p ON p.id = v.person_id LEFT JOIN units u ON u.id = v.unit_id
             WHERE v.id > $1 ORDER BY v.id LIMIT $2").bind(after).bind(PAGE).fetch_all(p).await)
        .map_err(internal)
    }

    pub async fn dump_facts(&self, after: i64) -> Result<Vec<FactDump>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, FactDump>(
            "SELECT f.id, COALESCE(p.code, u.code) AS subject, f.year, f.key, f.value FROM facts f
             LEFT JOIN people p ON p.id = f.person_id LEFT JOIN units u ON u.id = f.unit_id
             WHERE f.id > $1 ORDER BY f.id LIMIT $2").bind(after).bind(PAGE).fetch_all(p).await)
        .map_err(internal)
    }
}
