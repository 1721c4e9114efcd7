//! The marks behind forms 0604.N and 0605.N: which units of a body are
//! organisations of the emulation and commendation work, and which of its
//! people do the work (since when, with what training). Kept by the Office
//! (a role that reviews the unit); every change is audited.

use crate::actor::subtree_range;
use crate::write::Change;
use crate::{Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::NaiveDate;
use serde_json::json;
use tdkt_domain::auth::Action;
use tdkt_domain::error::Error;
use tdkt_domain::reports::workforce::{OrgKind, StaffFact, Training};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WorkUnit {
    pub unit_id: i64,
    pub name: String,
    pub kind: String,
}

impl WorkUnit {
    pub fn kind_label(&self) -> &'static str {
        OrgKind::parse(&self.kind).map_or("", |k| k.label())
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WorkPerson {
    pub person_id: i64,
    pub code: String,
    pub full_name: String,
    pub unit_name: String,
    pub gender: String,
    pub birth_date: Option<NaiveDate>,
    pub staff_category: String,
    pub since_year: i64,
    pub training: Option<String>,
}

impl WorkPerson {
    pub fn training_label(&self) -> &'static str {
        self.training
            .as_deref()
            .and_then(|t| Training::parse(t).ok())
            .map_or("", |t| t.label())
    }

    /// The form counts civil servants (công chức) [U]: docs/reports.md.
    pub fn counted(&self) -> bool {
        self.staff_category == "cong-chuc"
    }

    pub fn fact(&self) -> StaffFact {
        StaffFact {
            woman: self.gender == "nu",
            birth: self.birth_date,
            training: self
                .training
                .as_deref()
                .and_then(|t| Training::parse(t).ok()),
            since_year: self.since_year as i32,
        }
    }
}

impl Store {
    /// The marked units and the marked active people of the body's subtree.
    pub async fn workforce(&self, body: i64) -> Result<(Vec<WorkUnit>, Vec<WorkPerson>)> {
        let unit = self.unit(body).await?;
        let (lo, hi) = subtree_range(&unit.path);
        let units: Vec<WorkUnit> = on_pool!(&self.db, p => sqlx::query_as::<_, WorkUnit>(
            "SELECT t.unit_id, u.name, t.kind FROM tdkt_units t JOIN units u ON u.id = t.unit_id
             WHERE u.path >= $1 AND u.path < $2 AND u.active ORDER BY u.sort_key")
            .bind(&lo).bind(&hi).fetch_all(p).await)
        .map_err(internal)?;
        let people: Vec<WorkPerson> = on_pool!(&self.db, p => sqlx::query_as::<_, WorkPerson>(
            "SELECT p.id AS person_id, p.code, p.full_name, u.name AS unit_name, p.gender, p.birth_date, p.staff_category,
                    t.since_year, t.training
             FROM tdkt_staff t JOIN people p ON p.id = t.person_id JOIN units u ON u.id = p.unit_id
             WHERE u.path >= $1 AND u.path < $2 AND p.active ORDER BY p.sort_key")
            .bind(&lo).bind(&hi).fetch_all(p).await)
        .map_err(internal)?;
        Ok((units, people))
    }
}

impl WriteTx<'_> {
    /// Marks a unit as an organisation of the work (`None` takes the mark off).
    pub async fn set_work_unit(&mut self, unit_id: i64, kind: Option<OrgKind>) -> Result<()> {
        let row: Option<(String, String)> =
            on_tx!(&mut self.tx, c => sqlx::query_as("SELECT path, name FROM units WHERE id = $1")
            .bind(unit_id).fetch_optional(c).await)
            .map_err(internal)?;
        let (path, name) = row.ok_or_else(|| Error::NotFound("đơn vị".into()))?;
        self.require(Action::Review, &path)?;
        let now = self.now;
        let before: Option<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT kind FROM tdkt_units WHERE unit_id = $1")
            .bind(unit_id).fetch_optional(c).await)
        .map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM tdkt_units WHERE unit_id = $1").bind(unit_id).execute(c).await.map(|_| ()))
            .map_err(internal)?;
        if let Some(k) = kind {
            on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO tdkt_units (unit_id, kind, updated_at) VALUES ($1, $2, $3)")
                .bind(unit_id).bind(k.code()).bind(now).execute(c).await.map(|_| ()))
            .map_err(internal)?;
        }
        self.audit(Change {
            action: "update",
            entity: "tdkt_unit",
            entity_id: unit_id.to_string(),
            unit_path: &path,
            summary: match kind {
                Some(k) => format!(
                    "Ghi {name} là tổ chức làm công tác thi đua, khen thưởng ({})",
                    k.label()
                ),
                None => format!("Bỏ {name} khỏi các tổ chức làm công tác thi đua, khen thưởng"),
            },
            old: Some(json!({"kind": before})),
            new: Some(json!({"kind": kind.map(|k| k.code())})),
        })
        .await
    }

    /// Marks the person of `code` (within `body`) as doing the work since
    /// `since_year`, with their training; again for the same person updates it.
    pub async fn set_work_person(
        &mut self,
        body: i64,
        code: &str,
        since_year: i32,
        training: Option<Training>,
        today: NaiveDate,
    ) -> Result<i64> {
        use chrono::Datelike;
        let body_path: Option<String> =
            on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT path FROM units WHERE id = $1")
            .bind(body).fetch_optional(c).await)
            .map_err(internal)?;
        let body_path = body_path.ok_or_else(|| Error::NotFound("đơn vị".into()))?;
        // The right over the body first: its staff codes are not for others to probe.
        self.require(Action::Review, &body_path)?;
        let (lo, hi) = subtree_range(&body_path);
        let found: Option<(i64, String, String)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT p.id, p.full_name, u.path FROM people p JOIN units u ON u.id = p.unit_id
             WHERE p.code = $1 AND p.active AND u.path >= $2 AND u.path < $3")
            .bind(code.trim()).bind(&lo).bind(&hi).fetch_optional(c).await)
        .map_err(internal)?;
        let (pid, name, path) = found.ok_or_else(|| {
            Error::invalid(
                "code",
                format!("Không có cán bộ mã «{}» trong đơn vị.", code.trim()),
            )
        })?;
        self.require(Action::Review, &path)?;
        if !(1950..=today.year()).contains(&since_year) {
            return Err(Error::invalid(
                "since_year",
                format!(
                    "Năm bắt đầu làm công tác thi đua, khen thưởng phải từ 1950 đến {}.",
                    today.year()
                ),
            ));
        }
        let now = self.now;
        let before: Option<(i64, Option<String>)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT since_year, training FROM tdkt_staff WHERE person_id = $1")
            .bind(pid).fetch_optional(c).await)
        .map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM tdkt_staff WHERE person_id = $1").bind(pid).execute(c).await.map(|_| ()))
            .map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO tdkt_staff (person_id, since_year, training, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(pid).bind(i64::from(since_year)).bind(training.map(|t| t.code())).bind(now).execute(c).await.map(|_| ()))
        .map_err(internal)?;
        self.audit(Change {
            action: "update",
            entity: "tdkt_staff",
            entity_id: pid.to_string(),
            unit_path: &path,
            summary: format!("Ghi {name} làm công tác thi đua, khen thưởng từ năm {since_year}"),
            old: before.map(|(y, t)| json!({"since_year": y, "training": t})),
            new: Some(json!({"since_year": since_year, "training": training.map(|t| t.code())})),
        })
        .await?;
        Ok(pid)
    }

    pub async fn remove_work_person(&mut self, person_id: i64) -> Result<()> {
        // The right over the person first, then whether the mark exists.
        let found: Option<(String, String)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT p.full_name, u.path FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1")
            .bind(person_id).fetch_optional(c).await)
        .map_err(internal)?;
        let (name, path) = found.ok_or_else(|| Error::NotFound("cán bộ".into()))?;
        self.require(Action::Review, &path)?;
        let before: Option<(i64, Option<String>)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT since_year, training FROM tdkt_staff WHERE person_id = $1")
            .bind(person_id).fetch_optional(c).await)
        .map_err(internal)?;
        let removed = on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM tdkt_staff WHERE person_id = $1").bind(person_id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        if removed == 0 {
            return Err(Error::NotFound(
                "cán bộ làm công tác thi đua, khen thưởng".into(),
            ));
        }
        self.audit(Change {
            action: "delete",
            entity: "tdkt_staff",
            entity_id: person_id.to_string(),
            unit_path: &path,
            summary: format!("Bỏ {name} khỏi danh sách làm công tác thi đua, khen thưởng"),
            old: before.map(|(y, t)| json!({"since_year": y, "training": t})),
            new: None,
        })
        .await
    }
}
