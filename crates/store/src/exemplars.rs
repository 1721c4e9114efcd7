//! The register of exemplars (see `tdkt_domain::emulation::exemplar`): kept
//! by the units that find them (who may register titles there) and by the
//! Office; the Office or the agency head decides which appear on the public
//! page. Each exemplar names its people (by their codes, within its unit)
//! and the awards it led to (awards of those people or of the unit).

use crate::actor::{scope_ranges, subtree_range};
use crate::write::Change;
use crate::{Actor, Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::NaiveDate;
use serde_json::json;
use tdkt_domain::auth::Action;
use tdkt_domain::emulation::exemplar::{ExemplarKind, ExemplarText};
use tdkt_domain::error::{Error, FieldError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Exemplar {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_path: String,
    pub kind: String,
    pub title: String,
    pub story: String,
    pub movement_id: Option<i64>,
    pub movement_title: Option<String>,
    pub recognised_on: NaiveDate,
    pub source: String,
    pub published: bool,
    pub created_by: String,
}

impl Exemplar {
    pub fn kind_label(&self) -> &'static str {
        ExemplarKind::parse(&self.kind).map_or("", ExemplarKind::label)
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExemplarPerson {
    pub exemplar_id: i64,
    pub person_id: i64,
    pub code: String,
    pub full_name: String,
    pub position: String,
    pub unit_name: String,
}

/// An award linked to an exemplar, or one that could be (of its people or unit).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExemplarAward {
    pub exemplar_id: i64,
    pub award_id: i64,
    pub name: String,
    pub award: String,
    pub year: i64,
    pub decision_number: String,
    pub linked: bool,
}

impl ExemplarAward {
    pub fn award_label(&self) -> &'static str {
        tdkt_domain::codes::AwardCode::parse(&self.award).map_or("", |a| a.label())
    }
}

/// An exemplar with its people and linked awards.
pub type ExemplarFull = (Exemplar, Vec<ExemplarPerson>, Vec<ExemplarAward>);

macro_rules! exemplar_select {
    ($where:literal) => {
        concat!(
            "SELECT e.id, e.unit_id, u.name AS unit_name, u.path AS unit_path, e.kind, e.title, e.story,
                    e.movement_id, m.name AS movement_title, e.recognised_on, e.source, e.published, e.created_by
             FROM exemplars e JOIN units u ON u.id = e.unit_id LEFT JOIN movements m ON m.id = e.movement_id ",
            $where
        )
    };
}

const PEOPLE_SQL: &str = "SELECT x.exemplar_id, p.id AS person_id, p.code, p.full_name, COALESCE(p.position, '') AS position,
        pu.name AS unit_name
     FROM exemplar_people x JOIN people p ON p.id = x.person_id JOIN units pu ON pu.id = p.unit_id
     WHERE x.exemplar_id = $1 ORDER BY p.sort_key";

/// The awards an exemplar may link: its people's (through `awards_person`)
/// and its unit's collectives' (the subtree's units, then `awards_unit`),
/// those linked first, then the newest. `$2`/`$3` bound the unit's subtree.
const AWARDS_SQL: &str = "SELECT * FROM (
        SELECT CAST($1 AS BIGINT) AS exemplar_id, a.id AS award_id, p.full_name AS name, a.award, a.year, a.decision_number,
               EXISTS (SELECT 1 FROM exemplar_awards l WHERE l.exemplar_id = $1 AND l.award_id = a.id) AS linked
        FROM exemplar_people x JOIN awards a ON a.person_id = x.person_id JOIN people p ON p.id = x.person_id
        WHERE x.exemplar_id = $1
        UNION ALL
        SELECT CAST($1 AS BIGINT), a.id, au.name, a.award, a.year, a.decision_number,
               EXISTS (SELECT 1 FROM exemplar_awards l WHERE l.exemplar_id = $1 AND l.award_id = a.id)
        FROM units au JOIN awards a ON a.unit_id = au.id
        WHERE au.path >= $2 AND au.path < $3
     ) c ORDER BY linked DESC, year DESC, award_id DESC LIMIT 200";

/// The awards linked to the published exemplars (the public page).
const PUBLIC_AWARDS_SQL: &str = "SELECT l.exemplar_id, a.id AS award_id, COALESCE(p.full_name, au.name) AS name, a.award, a.year,
        a.decision_number, TRUE AS linked
     FROM exemplars e JOIN exemplar_awards l ON l.exemplar_id = e.id JOIN awards a ON a.id = l.award_id
     LEFT JOIN people p ON p.id = a.person_id LEFT JOIN units au ON au.id = a.unit_id
     WHERE e.published ORDER BY l.exemplar_id, a.year DESC, a.id DESC";

/// The people of the published exemplars (the public page).
const PUBLIC_PEOPLE_SQL: &str = "SELECT x.exemplar_id, p.id AS person_id, p.code, p.full_name, COALESCE(p.position, '') AS position,
        pu.name AS unit_name
     FROM exemplars e JOIN exemplar_people x ON x.exemplar_id = e.id JOIN people p ON p.id = x.person_id
     JOIN units pu ON pu.id = p.unit_id
     WHERE e.published ORDER BY x.exemplar_id, p.sort_key";

impl Store {
    /// Exemplars of the actor's subtrees, newest first (a year, a kind).
    pub async fn exemplars(
        &self,
        actor: &Actor,
        year: Option<i32>,
        kind: Option<ExemplarKind>,
    ) -> Result<Vec<Exemplar>> {
        let Some(r) = scope_ranges(&actor.scopes(Action::View)) else {
            return Ok(vec![]);
        };
        let (from, to) = match year {
            Some(y) => (
                NaiveDate::from_ymd_opt(y, 1, 1),
                NaiveDate::from_ymd_opt(y, 12, 31),
            ),
            None => (None, None),
        };
        on_pool!(&self.db, p => sqlx::query_as::<_, Exemplar>(exemplar_select!(
            "WHERE ((u.path >= $1 AND u.path < $2) OR (u.path >= $3 AND u.path < $4)
                OR (u.path >= $5 AND u.path < $6) OR (u.path >= $7 AND u.path < $8))
               AND (CAST($9 AS DATE) IS NULL OR e.recognised_on BETWEEN $9 AND $10)
               AND (CAST($11 AS TEXT) IS NULL OR e.kind = $11)
             ORDER BY e.recognised_on DESC, e.id DESC LIMIT 2000"))
            .bind(&r[0]).bind(&r[1]).bind(&r[2]).bind(&r[3]).bind(&r[4]).bind(&r[5]).bind(&r[6]).bind(&r[7])
            .bind(from).bind(to).bind(kind.map(ExemplarKind::code)).fetch_all(p).await)
        .map_err(internal)
    }

    async fn exemplar_full(&self, e: Exemplar) -> Result<ExemplarFull> {
        let people: Vec<ExemplarPerson> =
            on_pool!(&self.db, p => sqlx::query_as::<_, ExemplarPerson>(PEOPLE_SQL)
            .bind(e.id).fetch_all(p).await)
            .map_err(internal)?;
        let (lo, hi) = subtree_range(&e.unit_path);
        let awards: Vec<ExemplarAward> =
            on_pool!(&self.db, p => sqlx::query_as::<_, ExemplarAward>(AWARDS_SQL)
            .bind(e.id).bind(&lo).bind(&hi).fetch_all(p).await)
            .map_err(internal)?;
        Ok((e, people, awards))
    }

    /// One exemplar the actor sees, with its people and the awards it could link.
    pub async fn exemplar(&self, actor: &Actor, id: i64) -> Result<ExemplarFull> {
        let e: Option<Exemplar> = on_pool!(&self.db, p => sqlx::query_as::<_, Exemplar>(exemplar_select!("WHERE e.id = $1"))
            .bind(id).fetch_optional(p).await)
        .map_err(internal)?;
        let e = e
            .filter(|e| actor.can(Action::View, &e.unit_path))
            .ok_or_else(|| Error::NotFound("điển hình".into()))?;
        self.exemplar_full(e).await
    }

    /// What the public page shows: the newest hundred published exemplars,
    /// with their people and the awards linked to them (three statements).
    pub async fn published_exemplars(&self) -> Result<Vec<ExemplarFull>> {
        let list: Vec<Exemplar> =
            on_pool!(&self.db, p => sqlx::query_as::<_, Exemplar>(exemplar_select!(
            "WHERE e.published ORDER BY e.recognised_on DESC, e.id DESC LIMIT 100"))
            .fetch_all(p).await)
            .map_err(internal)?;
        let people: Vec<ExemplarPerson> =
            on_pool!(&self.db, p => sqlx::query_as::<_, ExemplarPerson>(PUBLIC_PEOPLE_SQL).fetch_all(p).await)
                .map_err(internal)?;
        let awards: Vec<ExemplarAward> =
            on_pool!(&self.db, p => sqlx::query_as::<_, ExemplarAward>(PUBLIC_AWARDS_SQL).fetch_all(p).await)
                .map_err(internal)?;
        Ok(list
            .into_iter()
            .map(|e| {
                let mine = people
                    .iter()
                    .filter(|p| p.exemplar_id == e.id)
                    .cloned()
                    .collect();
                let linked = awards
                    .iter()
                    .filter(|a| a.exemplar_id == e.id)
                    .cloned()
                    .collect();
                (e, mine, linked)
            })
            .collect())
    }
}

/// Who may keep a unit's exemplars: those who register its titles, and the Office.
fn may_keep(actor: &Actor, path: &str) -> Result<()> {
    if actor.can(Action::Register, path) || actor.can(Action::Review, path) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

impl WriteTx<'_> {
    async fn exemplar_row(&mut self, id: i64) -> Result<Exemplar> {
        let e: Option<Exemplar> = on_tx!(&mut self.tx, c => sqlx::query_as::<_, Exemplar>(exemplar_select!("WHERE e.id = $1"))
            .bind(id).fetch_optional(c).await)
        .map_err(internal)?;
        e.ok_or_else(|| Error::NotFound("điển hình".into()))
    }

    /// Creates (`id` None) or rewrites an exemplar and its people, given by
    /// their codes (one per line or separated by commas), all within `unit_id`.
    pub async fn save_exemplar(
        &mut self,
        id: Option<i64>,
        unit_id: i64,
        movement_id: Option<i64>,
        t: &ExemplarText,
        person_codes: &str,
    ) -> Result<i64> {
        let path: Option<String> =
            on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT path FROM units WHERE id = $1")
            .bind(unit_id).fetch_optional(c).await)
            .map_err(internal)?;
        let path = path.ok_or_else(|| Error::invalid("unit_id", "Chọn đơn vị của điển hình."))?;
        may_keep(self.actor, &path)?;
        let old = match id {
            Some(i) => {
                let e = self.exemplar_row(i).await?;
                may_keep(self.actor, &e.unit_path)?;
                Some(e)
            }
            None => None,
        };
        if let Some(m) = movement_id {
            let found: Option<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
                "SELECT u.path FROM movements m JOIN units u ON u.id = m.unit_id WHERE m.id = $1")
                .bind(m).fetch_optional(c).await)
            .map_err(internal)?;
            if !found.is_some_and(|p| self.actor.can(Action::View, &p)) {
                return Err(Error::invalid("movement_id", "Phong trào không tồn tại."));
            }
        }
        // Who the exemplar named before: they stay acceptable after moving to
        // another unit (a typo in the title must not need them removed).
        let before: Vec<(i64, String, String)> = match id {
            Some(i) => on_tx!(&mut self.tx, c => sqlx::query_as(
                "SELECT p.id, p.full_name, p.code FROM exemplar_people x JOIN people p ON p.id = x.person_id WHERE x.exemplar_id = $1")
                .bind(i).fetch_all(c).await)
            .map_err(internal)?,
            None => vec![],
        };
        // People: each code once, each found, each within the unit's subtree.
        let (lo, hi) = subtree_range(&path);
        let mut people: Vec<(i64, String)> = Vec::new();
        let mut wrong: Vec<String> = Vec::new();
        let codes: Vec<&str> = person_codes
            .split(['\n', ',', ';'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        if codes.len() > 200 {
            return Err(Error::invalid(
                "people",
                "Tối đa 200 người cho một điển hình.",
            ));
        }
        for code in codes {
            if let Some((pid, name, _)) = before.iter().find(|b| b.2 == code) {
                if !people.iter().any(|q| q.0 == *pid) {
                    people.push((*pid, name.clone()));
                }
                continue;
            }
            let found: Option<(i64, String)> = on_tx!(&mut self.tx, c => sqlx::query_as(
                "SELECT p.id, p.full_name FROM people p JOIN units u ON u.id = p.unit_id
                 WHERE p.code = $1 AND u.path >= $2 AND u.path < $3")
                .bind(code).bind(&lo).bind(&hi).fetch_optional(c).await)
            .map_err(internal)?;
            match found {
                Some(p) if !people.iter().any(|q| q.0 == p.0) => people.push(p),
                Some(_) => {}
                None => wrong.push(code.to_string()),
            }
        }
        if !wrong.is_empty() {
            return Err(Error::Validation(vec![FieldError::new(
                "people",
                format!(
                    "Không có người mã {} trong đơn vị đã chọn.",
                    wrong.join(", ")
                ),
            )]));
        }
        let now = self.now;
        let by = self.actor.display_name.clone();
        // A published exemplar changed by someone who may not publish leaves
        // the public page until the Office publishes it again.
        let published = old
            .as_ref()
            .is_some_and(|o| o.published && self.actor.can(Action::Review, &path));
        let id = match id {
            Some(i) => {
                on_tx!(&mut self.tx, c => sqlx::query(
                    "UPDATE exemplars SET unit_id = $1, kind = $2, title = $3, story = $4, movement_id = $5, recognised_on = $6,
                         source = $7, updated_at = $8, published = $9 WHERE id = $10")
                    .bind(unit_id).bind(t.kind.code()).bind(&t.title).bind(&t.story).bind(movement_id).bind(t.recognised_on)
                    .bind(&t.source).bind(now).bind(published).bind(i).execute(c).await.map(|_| ()))
                .map_err(internal)?;
                on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM exemplar_people WHERE exemplar_id = $1").bind(i).execute(c).await.map(|_| ()))
                    .map_err(internal)?;
                i
            }
            None => on_tx!(&mut self.tx, c => sqlx::query_scalar(
                "INSERT INTO exemplars (unit_id, kind, title, story, movement_id, recognised_on, source, created_by, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id")
                .bind(unit_id).bind(t.kind.code()).bind(&t.title).bind(&t.story).bind(movement_id).bind(t.recognised_on)
                .bind(&t.source).bind(&by).bind(now).fetch_one(c).await)
            .map_err(internal)?,
        };
        for (pid, _) in &people {
            on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO exemplar_people (exemplar_id, person_id) VALUES ($1, $2)")
                .bind(id).bind(pid).execute(c).await.map(|_| ()))
            .map_err(internal)?;
        }
        // Links to awards of people no longer named, or of another unit, go
        // (and are written in the audit line).
        let (lo, hi) = subtree_range(&path);
        let dropped: Vec<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT l.award_id FROM exemplar_awards l WHERE l.exemplar_id = $1 AND NOT EXISTS (
                 SELECT 1 FROM awards a WHERE a.id = l.award_id
                   AND (a.person_id IN (SELECT person_id FROM exemplar_people WHERE exemplar_id = $1)
                        OR a.unit_id IN (SELECT id FROM units WHERE path >= $2 AND path < $3)))")
            .bind(id).bind(&lo).bind(&hi).fetch_all(c).await)
        .map_err(internal)?;
        for a in &dropped {
            on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM exemplar_awards WHERE exemplar_id = $1 AND award_id = $2")
                .bind(id).bind(a).execute(c).await.map(|_| ()))
            .map_err(internal)?;
        }
        let names: Vec<&str> = people.iter().map(|p| p.1.as_str()).collect();
        self.audit(Change {
            action: if old.is_some() { "update" } else { "create" },
            entity: "exemplar",
            entity_id: id.to_string(),
            unit_path: &path,
            summary: format!(
                "{} điển hình «{}»{}",
                if old.is_some() { "Sửa" } else { "Ghi" },
                t.title,
                if old.as_ref().is_some_and(|o| o.published) && !published {
                    " (thôi công bố cho đến khi Văn phòng công bố lại)"
                } else {
                    ""
                }
            ),
            old: old.map(|o| json!({"title": o.title, "kind": o.kind, "unit_id": o.unit_id, "recognised_on": o.recognised_on,
                "source": o.source, "story": o.story, "movement_id": o.movement_id, "published": o.published,
                "people": before.iter().map(|b| b.1.as_str()).collect::<Vec<_>>()})),
            new: Some(json!({"title": t.title, "kind": t.kind.code(), "unit_id": unit_id, "recognised_on": t.recognised_on,
                "source": t.source, "story": t.story, "people": names, "movement_id": movement_id, "published": published,
                "awards_unlinked": dropped})),
        })
        .await?;
        Ok(id)
    }

    /// Sets which of the awards the page `shown` are linked: those in
    /// `linked` (each an award of the exemplar's people or unit); links to
    /// awards the page did not show stay as they are.
    pub async fn set_exemplar_awards(
        &mut self,
        id: i64,
        shown: &[i64],
        linked: &[i64],
    ) -> Result<()> {
        let e = self.exemplar_row(id).await?;
        may_keep(self.actor, &e.unit_path)?;
        let (lo, hi) = subtree_range(&e.unit_path);
        let mut linked: Vec<i64> = linked.to_vec();
        linked.sort_unstable();
        linked.dedup();
        for a in &linked {
            let ok: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
                "SELECT a.id FROM awards a WHERE a.id = $1
                   AND (a.person_id IN (SELECT person_id FROM exemplar_people WHERE exemplar_id = $2)
                        OR a.unit_id IN (SELECT id FROM units WHERE path >= $3 AND path < $4))")
                .bind(a).bind(id).bind(&lo).bind(&hi).fetch_optional(c).await)
            .map_err(internal)?;
            if ok.is_none() {
                return Err(Error::invalid(
                    "awards",
                    format!("Khen thưởng số {a} không thuộc người hoặc đơn vị của điển hình."),
                ));
            }
        }
        let before: Vec<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT award_id FROM exemplar_awards WHERE exemplar_id = $1 ORDER BY award_id")
            .bind(id).fetch_all(c).await)
        .map_err(internal)?;
        for a in shown
            .iter()
            .filter(|a| before.contains(a) && !linked.contains(a))
        {
            on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM exemplar_awards WHERE exemplar_id = $1 AND award_id = $2")
                .bind(id).bind(a).execute(c).await.map(|_| ()))
            .map_err(internal)?;
        }
        for a in linked.iter().filter(|a| !before.contains(a)) {
            on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO exemplar_awards (exemplar_id, award_id) VALUES ($1, $2)")
                .bind(id).bind(a).execute(c).await.map(|_| ()))
            .map_err(internal)?;
        }
        let after: Vec<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT award_id FROM exemplar_awards WHERE exemplar_id = $1 ORDER BY award_id")
            .bind(id).fetch_all(c).await)
        .map_err(internal)?;
        self.audit(Change {
            action: "update",
            entity: "exemplar",
            entity_id: id.to_string(),
            unit_path: &e.unit_path,
            summary: format!(
                "Gắn {} khen thưởng với điển hình «{}»",
                after.len(),
                e.title
            ),
            old: Some(json!({"awards": before})),
            new: Some(json!({"awards": after})),
        })
        .await
    }

    /// Shows or hides an exemplar on the public page (the Office, the agency head).
    pub async fn publish_exemplar(&mut self, id: i64, published: bool) -> Result<()> {
        let e = self.exemplar_row(id).await?;
        self.require(Action::Review, &e.unit_path)?;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE exemplars SET published = $1, updated_at = $2 WHERE id = $3")
            .bind(published).bind(self.now).bind(id).execute(c).await.map(|_| ()))
        .map_err(internal)?;
        self.audit(Change {
            action: "update",
            entity: "exemplar",
            entity_id: id.to_string(),
            unit_path: &e.unit_path,
            summary: format!(
                "{} điển hình «{}» trên trang công khai",
                if published {
                    "Công bố"
                } else {
                    "Thôi công bố"
                },
                e.title
            ),
            old: Some(json!({"published": e.published})),
            new: Some(json!({"published": published})),
        })
        .await
    }
}
