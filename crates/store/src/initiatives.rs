//! Initiatives and research on their way to recognition (see
//! `tdkt_domain::emulation::initiative`): what the authors' unit submits, the
//! Office's review, the recognitions, each use as the basis of an award, and
//! every step with who and when. `initiatives.level` / `recognized_on` hold the
//! highest recognition, which the rules engine reads.

use crate::actor::scope_ranges;
use crate::write::Change;
use crate::{Actor, Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use tdkt_domain::auth::{Action, Role};
use tdkt_domain::codes::{AwardCode, InitiativeCategory, InitiativeLevel};
use tdkt_domain::emulation::initiative::{
    InitiativeAction, InitiativeStatus, Recognition, ValidInitiative,
};
use tdkt_domain::emulation::plan::MilestoneKind;
use tdkt_domain::emulation::registration::within_deadline;
use tdkt_domain::error::{Error, FieldError};
use tdkt_domain::rules::Params;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Initiative {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub category: String,
    pub level: String,
    pub status: String,
    pub year: Option<i64>,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub unit_path: Option<String>,
    pub plan_id: Option<i64>,
    pub description: String,
    pub applied_at: String,
    pub benefit: String,
    pub decision_number: String,
    pub recognized_on: Option<NaiveDate>,
    pub effect_confirmed: bool,
    pub return_reason: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub extension_until: Option<NaiveDate>,
}

impl Initiative {
    pub fn state(&self) -> InitiativeStatus {
        InitiativeStatus::parse(&self.status).unwrap_or(InitiativeStatus::Draft)
    }

    pub fn category_label(&self) -> &'static str {
        InitiativeCategory::parse(&self.category).map_or("", |c| c.label())
    }

    pub fn level_label(&self) -> &'static str {
        InitiativeLevel::parse(&self.level).map_or("", |l| l.label())
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuthorRow {
    pub initiative_id: i64,
    pub person_id: i64,
    pub code: String,
    pub full_name: String,
    pub unit_name: String,
    pub share: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RecognitionRow {
    pub level: String,
    pub decided_on: NaiveDate,
    pub decision_number: String,
    pub issuer: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UseRow {
    pub award: String,
    pub year: i64,
}

pub use crate::emulation::FlowEvent as InitiativeEvent;

/// One initiative with everything its page shows.
#[derive(Debug, Clone)]
pub struct InitiativeView {
    pub initiative: Initiative,
    pub authors: Vec<AuthorRow>,
    pub recognitions: Vec<RecognitionRow>,
    pub uses: Vec<UseRow>,
    pub events: Vec<InitiativeEvent>,
    /// The plan's deadline for initiatives, if it has one.
    pub due: Option<NaiveDate>,
}

/// Which initiatives a list shows.
#[derive(Debug, Clone, Default)]
pub struct InitiativeFilter {
    pub year: Option<i32>,
    pub status: Option<InitiativeStatus>,
    pub plan_id: Option<i64>,
}

/// The columns of [`Initiative`] (`i`: initiatives, `u`: its unit).
macro_rules! columns {
    () => {
        "i.id, i.code, i.title, i.category, i.level, i.status, i.year, i.unit_id,
         u.name AS unit_name, u.path AS unit_path, i.plan_id, i.description, i.applied_at, i.benefit,
         i.decision_number, i.recognized_on, i.effect_confirmed, i.return_reason, i.submitted_at,
         i.extension_until"
    };
}

/// A list's filter: the actor's subtrees ($1–$8) by the unit `u`; year, status and
/// plan ($9–$11), each "any" when NULL, so one statement serves every combination.
macro_rules! list_filter {
    () => {
        "WHERE ((u.path >= $1 AND u.path < $2) OR (u.path >= $3 AND u.path < $4)
            OR (u.path >= $5 AND u.path < $6) OR (u.path >= $7 AND u.path < $8))
          AND (CAST($9 AS BIGINT) IS NULL OR i.year = $9) AND (CAST($10 AS TEXT) IS NULL OR i.status = $10)
          AND (CAST($11 AS BIGINT) IS NULL OR i.plan_id = $11)"
    };
}

impl Store {
    /// Initiatives of the actor's subtrees (by the submitting unit), newest year
    /// first, then by code; with their authors.
    pub async fn initiatives(
        &self,
        actor: &Actor,
        f: &InitiativeFilter,
    ) -> Result<Vec<(Initiative, Vec<AuthorRow>)>> {
        let Some(r) = scope_ranges(&actor.scopes(Action::View)) else {
            return Ok(vec![]);
        };
        let year = f.year.map(i64::from);
        let status = f.status.map(|s| s.code());
        // A province's year is a few thousand; the list stops at 2,000.
        let items: Vec<Initiative> = on_pool!(&self.db, p => sqlx::query_as::<_, Initiative>(concat!(
            "SELECT ", columns!(), " FROM initiatives i JOIN units u ON u.id = i.unit_id ", list_filter!(),
            " ORDER BY i.year DESC, i.code LIMIT 2000"))
            .bind(&r[0]).bind(&r[1]).bind(&r[2]).bind(&r[3]).bind(&r[4]).bind(&r[5]).bind(&r[6]).bind(&r[7])
            .bind(year).bind(status).bind(f.plan_id).fetch_all(p).await)
        .map_err(internal)?;
        let authors: Vec<AuthorRow> = on_pool!(&self.db, p => sqlx::query_as::<_, AuthorRow>(concat!(
            "SELECT a.initiative_id, a.person_id, p.code, p.full_name, pu.name AS unit_name, a.share
             FROM initiative_authors a JOIN initiatives i ON i.id = a.initiative_id
             JOIN units u ON u.id = i.unit_id JOIN people p ON p.id = a.person_id
             JOIN units pu ON pu.id = p.unit_id ", list_filter!(),
            " ORDER BY a.initiative_id, COALESCE(a.share, 0) DESC, p.sort_key"))
            .bind(&r[0]).bind(&r[1]).bind(&r[2]).bind(&r[3]).bind(&r[4]).bind(&r[5]).bind(&r[6]).bind(&r[7])
            .bind(year).bind(status).bind(f.plan_id).fetch_all(p).await)
        .map_err(internal)?;
        let mut by: std::collections::HashMap<i64, Vec<AuthorRow>> = Default::default();
        for a in authors {
            by.entry(a.initiative_id).or_default().push(a);
        }
        Ok(items
            .into_iter()
            .map(|i| {
                let a = by.remove(&i.id).unwrap_or_default();
                (i, a)
            })
            .collect())
    }

    /// One initiative, if the actor sees its unit (or, for an imported one without
    /// a unit, one of its authors).
    pub async fn initiative(&self, actor: &Actor, id: i64) -> Result<InitiativeView> {
        let initiative: Initiative = on_pool!(&self.db, p => sqlx::query_as::<_, Initiative>(concat!(
            "SELECT ", columns!(), " FROM initiatives i LEFT JOIN units u ON u.id = i.unit_id WHERE i.id = $1"))
            .bind(id).fetch_optional(p).await)
        .map_err(internal)?
        .ok_or_else(|| Error::NotFound("sáng kiến".into()))?;
        let authors: Vec<AuthorRow> = on_pool!(&self.db, p => sqlx::query_as::<_, AuthorRow>(
            "SELECT a.initiative_id, a.person_id, p.code, p.full_name, pu.name AS unit_name, a.share
             FROM initiative_authors a JOIN people p ON p.id = a.person_id JOIN units pu ON pu.id = p.unit_id
             WHERE a.initiative_id = $1 ORDER BY COALESCE(a.share, 0) DESC, p.sort_key")
            .bind(id).fetch_all(p).await)
        .map_err(internal)?;
        let visible = match &initiative.unit_path {
            Some(path) => actor.can(Action::View, path),
            None => {
                let mut any = false;
                for a in &authors {
                    if let Ok(p) = self.person(a.person_id).await {
                        any |= actor.can(Action::View, &p.unit_path);
                    }
                }
                any
            }
        };
        if !visible {
            return Err(Error::NotFound("sáng kiến".into()));
        }
        let recognitions = on_pool!(&self.db, p => sqlx::query_as::<_, RecognitionRow>(
            "SELECT level, decided_on, decision_number, issuer FROM initiative_recognitions WHERE initiative_id = $1 ORDER BY decided_on, id")
            .bind(id).fetch_all(p).await)
        .map_err(internal)?;
        let uses = on_pool!(&self.db, p => sqlx::query_as::<_, UseRow>(
            "SELECT award, year FROM initiative_uses WHERE initiative_id = $1 ORDER BY year, award")
            .bind(id).fetch_all(p).await)
        .map_err(internal)?;
        let events = on_pool!(&self.db, p => sqlx::query_as::<_, InitiativeEvent>(
            "SELECT at, actor, action, note FROM initiative_events WHERE initiative_id = $1 ORDER BY id")
            .bind(id).fetch_all(p).await)
        .map_err(internal)?;
        let due = match initiative.plan_id {
            Some(plan) => self.plan_due(plan, MilestoneKind::Initiative).await?,
            None => None,
        };
        Ok(InitiativeView {
            initiative,
            authors,
            recognitions,
            uses,
            events,
            due,
        })
    }
}

/// What an action needs to know of an initiative, read inside the transaction.
#[derive(sqlx::FromRow)]
struct Row {
    status: String,
    title: String,
    level: String,
    recognized_on: Option<NaiveDate>,
    unit_path: Option<String>,
    unit_name: Option<String>,
    plan_id: Option<i64>,
    extension_until: Option<NaiveDate>,
}

impl WriteTx<'_> {
    async fn initiative_row(&mut self, id: i64) -> Result<Row> {
        on_tx!(&mut self.tx, c => sqlx::query_as::<_, Row>(
            "SELECT i.status, i.title, i.level, i.recognized_on, u.path AS unit_path, u.name AS unit_name, i.plan_id, i.extension_until
             FROM initiatives i LEFT JOIN units u ON u.id = i.unit_id WHERE i.id = $1")
            .bind(id).fetch_optional(c).await)
        .map_err(internal)?
        .ok_or_else(|| Error::NotFound("sáng kiến".into()))
    }

    /// The people an initiative names by staff code: each must exist, be at
    /// work and be within the actor's sight.
    async fn authors_of(&mut self, v: &ValidInitiative) -> Result<Vec<(i64, Option<u8>)>> {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for (code, share) in &v.authors {
            // Codes are written in capitals; one typed in small letters is read so too.
            let upper = code.to_uppercase();
            let found: Option<(i64, String, bool)> = on_tx!(&mut self.tx, c => sqlx::query_as(
                "SELECT id, unit_path, active FROM people WHERE code = $1 OR code = $2 ORDER BY code = $1 DESC LIMIT 1")
                .bind(code).bind(&upper).fetch_optional(c).await)
            .map_err(internal)?;
            match found {
                Some((id, path, true)) if self.actor.can(Action::View, &path) => {
                    out.push((id, *share))
                }
                _ => errors.push(FieldError::new(
                    "authors",
                    format!("Không có cán bộ đang công tác mã «{code}» trong phạm vi của bạn."),
                )),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(Error::Validation(errors))
        }
    }

    async fn put_authors(&mut self, id: i64, authors: &[(i64, Option<u8>)]) -> Result<()> {
        on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM initiative_authors WHERE initiative_id = $1")
            .bind(id).execute(c).await.map(|_| ()))
        .map_err(internal)?;
        for (person, share) in authors {
            on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO initiative_authors (initiative_id, person_id, share) VALUES ($1, $2, $3)")
                .bind(id).bind(person).bind(share.map(i64::from)).execute(c).await.map(|_| ()))
            .map_err(internal)?;
        }
        Ok(())
    }

    async fn initiative_event(
        &mut self,
        id: i64,
        action: InitiativeAction,
        note: &str,
    ) -> Result<()> {
        let (now, actor) = (self.now, self.actor.display_name.clone());
        on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO initiative_events (initiative_id, at, actor, action, note) VALUES ($1, $2, $3, $4, $5)")
            .bind(id).bind(now).bind(&actor).bind(action.code()).bind(note).execute(c).await.map(|_| ()))
        .map_err(internal)
    }

    /// A new initiative of `unit_id` (a draft), for `plan_id`'s deadline if given.
    pub async fn create_initiative(
        &mut self,
        unit_id: i64,
        plan_id: Option<i64>,
        year: i32,
        v: &ValidInitiative,
    ) -> Result<i64> {
        let unit_path = self.unit_path_of(unit_id).await?;
        self.require(Action::Register, &unit_path)?;
        if !(1990..=2100).contains(&year) {
            return Err(Error::invalid("year", format!("Năm {year} không hợp lệ.")));
        }
        if let Some(plan) = plan_id {
            let (plan_path, _, published) = self.plan_row(plan).await?;
            let plan_year: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT year FROM plans WHERE id = $1")
                .bind(plan).fetch_one(c).await)
            .map_err(internal)?;
            if !published || !unit_path.starts_with(&plan_path) {
                return Err(Error::invalid(
                    "plan_id",
                    "Kế hoạch không áp dụng cho đơn vị này.",
                ));
            }
            if plan_year != i64::from(year) {
                return Err(Error::invalid(
                    "year",
                    format!("Kế hoạch là của năm {plan_year}, không phải năm {year}."),
                ));
            }
        }
        let authors = self.authors_of(v).await?;
        let seq: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM initiatives WHERE year = $1 AND unit_id IS NOT NULL")
            .bind(i64::from(year)).fetch_one(c).await)
        .map_err(internal)?;
        // A code per year in order of entry; an imported code of the same shape is skipped.
        let mut n = seq + 1;
        let code = loop {
            let code = format!("SK-{year}-{n:03}");
            let taken: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT id FROM initiatives WHERE code = $1")
                .bind(&code).fetch_optional(c).await)
            .map_err(internal)?;
            if taken.is_none() {
                break code;
            }
            n += 1;
        };
        let now = self.now;
        let id: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "INSERT INTO initiatives (code, title, category, level, recognized_on, effect_confirmed, created_at,
                 status, year, unit_id, plan_id, description, applied_at, benefit)
             VALUES ($1, $2, $3, 'co-so', NULL, FALSE, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
            .bind(&code).bind(&v.title).bind(v.category.code()).bind(now)
            .bind(InitiativeStatus::Draft.code()).bind(i64::from(year)).bind(unit_id).bind(plan_id)
            .bind(&v.description).bind(&v.applied_at).bind(&v.benefit).fetch_one(c).await)
        .map_err(internal)?;
        self.put_authors(id, &authors).await?;
        self.initiative_event(id, InitiativeAction::Edit, "Tạo mới")
            .await?;
        self.audit(Change {
            action: "create",
            entity: "initiative",
            entity_id: id.to_string(),
            unit_path: &unit_path,
            summary: format!("Tạo sáng kiến {code} «{}»", v.title),
            old: None,
            new: Some(initiative_json(v)),
        })
        .await?;
        Ok(id)
    }

    /// Changes a draft or returned initiative.
    pub async fn update_initiative(&mut self, id: i64, v: &ValidInitiative) -> Result<()> {
        let r = self.initiative_row(id).await?;
        let unit_path = r.unit_path.clone().unwrap_or_default();
        self.require(Action::Register, &unit_path)?;
        InitiativeStatus::parse(&r.status)
            .map_err(|_| Error::invalid("status", "Trạng thái không rõ."))?
            .after(InitiativeAction::Edit)?;
        let authors = self.authors_of(v).await?;
        on_tx!(&mut self.tx, c => sqlx::query(
            "UPDATE initiatives SET title = $1, category = $2, description = $3, applied_at = $4, benefit = $5 WHERE id = $6")
            .bind(&v.title).bind(v.category.code()).bind(&v.description).bind(&v.applied_at).bind(&v.benefit).bind(id)
            .execute(c).await.map(|_| ()))
        .map_err(internal)?;
        self.put_authors(id, &authors).await?;
        self.initiative_event(id, InitiativeAction::Edit, "")
            .await?;
        self.audit(Change {
            action: "update",
            entity: "initiative",
            entity_id: id.to_string(),
            unit_path: &unit_path,
            summary: format!("Cập nhật sáng kiến «{}»", v.title),
            old: Some(json!({"title": r.title})),
            new: Some(initiative_json(v)),
        })
        .await
    }

    /// Moves an initiative through its workflow. `recognition` goes with
    /// Recognize and RecordHigher, `extend_to` with Extend; `today` is the day
    /// in Vietnam, for the deadline.
    pub async fn initiative_action(
        &mut self,
        id: i64,
        action: InitiativeAction,
        note: &str,
        recognition: Option<&Recognition>,
        extend_to: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<InitiativeStatus> {
        let r = self.initiative_row(id).await?;
        let unit_path = r.unit_path.clone().ok_or_else(|| {
            Error::invalid(
                "status",
                "Sáng kiến nhập từ dữ liệu cũ: không có quy trình xét.",
            )
        })?;
        let review_path = match r.plan_id {
            Some(plan) => self.plan_row(plan).await?.0,
            None => unit_path.clone(),
        };
        match action {
            InitiativeAction::Edit => self.require(Action::Register, &unit_path)?,
            InitiativeAction::Submit => self.require(Action::Submit, &unit_path)?,
            _ => self.require(Action::Review, &review_path)?,
        }
        let current = InitiativeStatus::parse(&r.status)
            .map_err(|_| Error::invalid("status", "Trạng thái không rõ."))?;
        let new = current.after(action)?;
        let note = note.trim();
        let now = self.now;
        let unit_name = r.unit_name.clone().unwrap_or_default();
        match action {
            InitiativeAction::Submit => {
                if let Some(plan) = r.plan_id
                    && let Some(due) = self.plan_milestone(plan, MilestoneKind::Initiative).await?
                {
                    within_deadline(today, due, r.extension_until, "nộp sáng kiến")?;
                }
                // What the council needs must be there by now.
                let (d, a, b): (String, String, String) = on_tx!(&mut self.tx, c => sqlx::query_as(
                    "SELECT description, applied_at, benefit FROM initiatives WHERE id = $1")
                    .bind(id).fetch_one(c).await)
                .map_err(internal)?;
                let mut missing = Vec::new();
                for (v, what) in [
                    (d, "mô tả nội dung"),
                    (a, "phạm vi áp dụng"),
                    (b, "hiệu quả, lợi ích"),
                ] {
                    if v.trim().is_empty() {
                        missing.push(what);
                    }
                }
                if !missing.is_empty() {
                    return Err(Error::invalid(
                        "description",
                        format!("Chưa nộp được: cần ghi {}.", missing.join(", ")),
                    ));
                }
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE initiatives SET status = $1, submitted_at = $2, return_reason = '' WHERE id = $3")
                    .bind(new.code()).bind(now).bind(id).execute(c).await.map(|_| ()))
                .map_err(internal)?;
                self.notify(
                    &review_path,
                    &[Role::Secretariat],
                    &format!("{unit_name} đã nộp sáng kiến «{}».", r.title),
                    &format!("/sang-kien/{id}"),
                )
                .await?;
            }
            InitiativeAction::Return | InitiativeAction::Reject => {
                if note.is_empty() {
                    return Err(Error::invalid("note", "Hãy ghi lý do."));
                }
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE initiatives SET status = $1, return_reason = $2 WHERE id = $3")
                    .bind(new.code()).bind(note).bind(id).execute(c).await.map(|_| ()))
                .map_err(internal)?;
                self.notify(
                    &unit_path,
                    &[Role::UnitClerk, Role::UnitHead],
                    &format!(
                        "Sáng kiến «{}»: {} – {note}",
                        r.title,
                        action.label().to_lowercase()
                    ),
                    &format!("/sang-kien/{id}"),
                )
                .await?;
            }
            InitiativeAction::Review | InitiativeAction::Edit => {
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE initiatives SET status = $1 WHERE id = $2")
                    .bind(new.code()).bind(id).execute(c).await.map(|_| ()))
                .map_err(internal)?;
            }
            InitiativeAction::Extend => {
                let until = tdkt_domain::emulation::registration::extension_date(extend_to, today)?;
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE initiatives SET extension_until = $1 WHERE id = $2")
                    .bind(until).bind(id).execute(c).await.map(|_| ()))
                .map_err(internal)?;
            }
            InitiativeAction::Recognize | InitiativeAction::RecordHigher => {
                let rec = recognition.ok_or_else(|| {
                    Error::invalid("decision_number", "Cần quyết định công nhận.")
                })?;
                let held = match (InitiativeLevel::parse(&r.level), r.recognized_on) {
                    (Ok(l), Some(on)) => Some((l, on)),
                    _ => None,
                };
                rec.check(action, held, today)?;
                // The base recognition also confirms the effect; a higher one keeps it confirmed.
                on_tx!(&mut self.tx, c => sqlx::query(
                    "UPDATE initiatives SET status = $1, level = $2, recognized_on = $3, decision_number = $4,
                         effect_confirmed = (effect_confirmed OR $5), return_reason = '' WHERE id = $6")
                    .bind(new.code()).bind(rec.level.code()).bind(rec.decided_on).bind(rec.decision_number.trim())
                    .bind(rec.effect_confirmed).bind(id).execute(c).await.map(|_| ()))
                .map_err(internal)?;
                on_tx!(&mut self.tx, c => sqlx::query(
                    "INSERT INTO initiative_recognitions (initiative_id, level, decided_on, decision_number, issuer, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(id).bind(rec.level.code()).bind(rec.decided_on).bind(rec.decision_number.trim())
                    .bind(rec.issuer.trim()).bind(now).execute(c).await.map(|_| ()))
                .map_err(internal)?;
                self.notify(
                    &unit_path,
                    &[Role::UnitClerk, Role::UnitHead],
                    &format!(
                        "Sáng kiến «{}» được công nhận {} (QĐ {}).",
                        r.title,
                        rec.level.label().to_lowercase(),
                        rec.decision_number.trim()
                    ),
                    &format!("/sang-kien/{id}"),
                )
                .await?;
            }
        }
        let note_text = match (action, recognition, extend_to) {
            (InitiativeAction::Recognize | InitiativeAction::RecordHigher, Some(rec), _) => {
                format!(
                    "{}, QĐ {} ngày {}{}",
                    rec.level.label(),
                    rec.decision_number.trim(),
                    tdkt_domain::text::format_date(rec.decided_on),
                    if note.is_empty() {
                        String::new()
                    } else {
                        format!(" – {note}")
                    }
                )
            }
            (InitiativeAction::Extend, _, Some(until)) => tdkt_domain::text::format_date(until),
            _ => note.to_string(),
        };
        self.initiative_event(id, action, &note_text).await?;
        self.audit(Change {
            action: action.code(),
            entity: "initiative",
            entity_id: id.to_string(),
            unit_path: &unit_path,
            summary: format!(
                "{}: sáng kiến «{}»{}",
                action.label(),
                r.title,
                if note_text.is_empty() {
                    String::new()
                } else {
                    format!(" ({note_text})")
                }
            ),
            old: Some(json!({"status": r.status, "level": r.level})),
            new: Some(json!({"status": new.code()})),
        })
        .await?;
        Ok(new)
    }

    /// Records that a recognised initiative is the basis of `award` for `year`,
    /// refusing a use the reuse rules forbid (docs/rules: Luật 2022 Đ5 k2 c).
    pub async fn record_initiative_use(
        &mut self,
        id: i64,
        award: AwardCode,
        year: i32,
        params: &Params,
    ) -> Result<()> {
        let r = self.initiative_row(id).await?;
        let path = match &r.unit_path {
            Some(p) => p.clone(),
            None => String::new(),
        };
        if path.is_empty() {
            self.require(Action::ManageHistory, "/")?;
        } else {
            self.require(Action::Review, &path)?;
        }
        let Some(recognized_on) = r.recognized_on else {
            return Err(Error::invalid(
                "award",
                "Sáng kiến chưa được công nhận: chưa dùng làm căn cứ khen thưởng được.",
            ));
        };
        let uses: Vec<(String, i64)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT award, year FROM initiative_uses WHERE initiative_id = $1")
            .bind(id).fetch_all(c).await)
        .map_err(internal)?;
        let entry = tdkt_domain::rules::history::InitiativeEntry {
            id: id.to_string(),
            category: InitiativeCategory::SangKien,
            level: InitiativeLevel::parse(&r.level).unwrap_or(InitiativeLevel::CoSo),
            recognized_on,
            effect_confirmed: true,
            used_for: uses
                .iter()
                .filter_map(|(a, y)| {
                    Some(tdkt_domain::rules::history::AwardUse {
                        award: AwardCode::parse(a).ok()?,
                        year: *y as i32,
                    })
                })
                .collect(),
        };
        if !tdkt_domain::rules::common::initiative_usable(&entry, award, year, params) {
            let before: Vec<String> = uses.iter().map(|(a, y)| format!("{a} năm {y}")).collect();
            return Err(Error::invalid(
                "award",
                format!(
                    "Sáng kiến đã dùng làm căn cứ cho {}: không dùng lại cho {} năm {year} (mỗi sáng kiến chỉ làm căn cứ một lần).",
                    before.join(", "),
                    award.label()
                ),
            ));
        }
        on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO initiative_uses (initiative_id, award, year) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(id).bind(award.code()).bind(i64::from(year)).execute(c).await.map(|_| ()))
        .map_err(internal)?;
        self.audit(Change {
            action: "use",
            entity: "initiative",
            entity_id: id.to_string(),
            unit_path: &path,
            summary: format!(
                "Sáng kiến «{}» làm căn cứ đề nghị {} năm {year}",
                r.title,
                award.label()
            ),
            old: None,
            new: Some(json!({"award": award.code(), "year": year})),
        })
        .await
    }

    /// The due date of a plan's milestone, read in the transaction.
    pub(crate) async fn plan_milestone(
        &mut self,
        plan: i64,
        kind: MilestoneKind,
    ) -> Result<Option<NaiveDate>> {
        on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT due_date FROM plan_milestones WHERE plan_id = $1 AND kind = $2")
            .bind(plan).bind(kind.code()).fetch_optional(c).await)
        .map_err(internal)
    }
}

fn initiative_json(v: &ValidInitiative) -> serde_json::Value {
    json!({
        "title": v.title,
        "category": v.category.code(),
        "authors": v.authors.iter().map(|(c, s)| json!({"code": c, "share": s})).collect::<Vec<_>>(),
    })
}
