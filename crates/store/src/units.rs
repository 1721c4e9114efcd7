//! Units: one tree across levels (province → departments → communes → base
//! units → their phòng and đoàn thể). Paths (`/1/4/9/`) make subtree questions
//! prefix tests. Renames, moves and merges keep history.

use crate::write::Change;
use crate::{Actor, Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use std::sync::Arc;
use tdkt_domain::auth::Action;
use tdkt_domain::error::{Error, FieldError};
use tdkt_domain::org::{Level, ValidUnit};
use tdkt_domain::text::{fold, sort_key};

#[derive(Debug, Clone, Serialize, sqlx::FromRow, PartialEq, Eq)]
pub struct Unit {
    pub id: i64,
    pub code: String,
    pub parent_id: Option<i64>,
    pub path: String,
    pub depth: i64,
    pub kind: String,
    pub level: String,
    pub name: String,
    pub short_name: String,
    pub active: bool,
    pub merged_into: Option<i64>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct UnitName {
    pub name: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct UnitEvent {
    pub kind: String,
    pub other_unit_id: Option<i64>,
    pub on_date: NaiveDate,
    pub note: String,
}

/// What [`Store::unit_facts`] reads.
#[derive(Debug, Clone, Default)]
pub struct UnitFacts {
    pub events: Vec<UnitEvent>,
    pub names: Vec<UnitName>,
    pub blocs: Vec<(crate::blocs::Bloc, String, Option<i64>)>,
    pub people: i64,
}

#[derive(sqlx::FromRow)]
struct FactRow {
    what: String,
    t1: Option<String>,
    t2: Option<String>,
    t3: Option<String>,
    n1: Option<i64>,
    n2: Option<i64>,
    n3: Option<i64>,
    d1: Option<NaiveDate>,
    d2: Option<NaiveDate>,
}

/// How long this process may show a unit tree another process changed.
pub use crate::tree_cache::TTL as TREE_COPY_TTL;

/// The active units an actor sees, in tree order, from the shared tree.
pub struct VisibleUnits {
    tree: std::sync::Arc<crate::tree_cache::UnitTree>,
    scopes: Vec<String>,
}

impl VisibleUnits {
    pub fn iter(&self) -> impl Iterator<Item = &Unit> {
        self.tree
            .iter()
            .filter(|u| u.active && self.scopes.iter().any(|s| u.path.starts_with(s.as_str())))
    }
}

macro_rules! unit_select {
    ($tail:literal) => {
        $crate::units::unit_select!($tail, "")
    };
    ($tail:literal, $more:literal) => {
        concat!("SELECT id, code, parent_id, path, depth, kind, level, name, short_name, active, merged_into", $more, " FROM units ", $tail)
    };
}
pub(crate) use unit_select;

impl Store {
    /// The levels of the tree, highest first (from the in-process copy,
    /// see [`crate::tree_cache`]).
    pub async fn levels(&self) -> Result<Vec<Level>> {
        let generation = self.tree.generation();
        if let Some(l) = self.tree.levels(generation) {
            return Ok(l.as_ref().clone());
        }
        let _one = self.tree.lock_loading().await;
        let generation = self.tree.generation();
        if let Some(l) = self.tree.levels(generation) {
            return Ok(l.as_ref().clone());
        }
        let rows: Vec<(String, String, i64)> = on_pool!(&self.db, p =>
            sqlx::query_as("SELECT code, name, rank FROM unit_levels ORDER BY rank, code").fetch_all(p).await)
        .map_err(internal)?;
        let levels: Vec<Level> = rows
            .into_iter()
            .map(|(code, name, rank)| Level {
                code,
                name,
                rank: rank as i32,
            })
            .collect();
        self.tree.put_levels(generation, Arc::new(levels.clone()));
        Ok(levels)
    }

    /// Every unit, active or not, in tree order with siblings in Vietnamese
    /// name order: the in-process copy (see [`crate::tree_cache`]).
    pub(crate) async fn unit_tree(&self) -> Result<Arc<crate::tree_cache::UnitTree>> {
        let generation = self.tree.generation();
        if let Some(t) = self.tree.units(generation) {
            return Ok(t);
        }
        let _one = self.tree.lock_loading().await;
        // Another request may have loaded it while this one waited.
        let generation = self.tree.generation();
        if let Some(t) = self.tree.units(generation) {
            return Ok(t);
        }
        let rows: Vec<(Unit, Vec<u8>)> = on_pool!(&self.db, p => {
            let rows = sqlx::query(unit_select!("", ", sort_key")).fetch_all(p).await;
            rows.and_then(|rows| rows.iter().map(|r| {
                use sqlx::Row;
                Ok((<Unit as sqlx::FromRow<_>>::from_row(r)?, r.try_get::<Vec<u8>, _>("sort_key")?))
            }).collect::<Result<Vec<_>, sqlx::Error>>())
        })
        .map_err(internal)?;
        let tree = Arc::new(crate::tree_cache::UnitTree::new(tree_order(rows)));
        self.tree.put_units(generation, tree.clone());
        Ok(tree)
    }

    /// A unit by id, from the in-process tree (pages that check a unit's path
    /// would otherwise send one statement each); a unit another process created
    /// since the tree was read is looked up in the database.
    pub async fn unit(&self, id: i64) -> Result<Unit> {
        if let Some(u) = self.unit_tree().await?.get(id) {
            return Ok(u.clone());
        }
        on_pool!(&self.db, p => sqlx::query_as::<_, Unit>(unit_select!("WHERE id = $1")).bind(id).fetch_optional(p).await)
            .map_err(internal)?
            .ok_or_else(|| Error::NotFound("đơn vị".into()))
    }

    pub async fn unit_by_code(&self, code: &str) -> Result<Option<Unit>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Unit>(unit_select!("WHERE code = $1")).bind(code).fetch_optional(p).await)
            .map_err(internal)
    }

    /// A unit the actor may see, or NotFound (never "forbidden": that would
    /// confirm the unit exists).
    pub async fn visible_unit(&self, actor: &Actor, id: i64) -> Result<Unit> {
        let u = self.unit(id).await?;
        if actor.can(Action::View, &u.path) {
            Ok(u)
        } else {
            self.access(
                actor.user_id,
                &actor.username,
                "denied",
                "",
                "",
                &format!("đơn vị #{id}"),
            )
            .await?;
            Err(Error::NotFound("đơn vị".into()))
        }
    }

    /// Every unit the actor may see, in tree order with siblings in Vietnamese
    /// name order (the whole tree's order: units of separate subtrees keep
    /// the places they have in it).
    pub async fn visible_units(&self, actor: &Actor, include_inactive: bool) -> Result<Vec<Unit>> {
        let scopes = actor.scopes(Action::View);
        // As many subtrees as the SQL lists take (`like_patterns`).
        let scopes = &scopes[..scopes.len().min(crate::actor::MAX_SCOPES)];
        if scopes.is_empty() {
            return Ok(vec![]);
        }
        Ok(self
            .unit_tree()
            .await?
            .iter()
            .filter(|u| {
                (include_inactive || u.active)
                    && scopes.iter().any(|s| u.path.starts_with(s.as_str()))
            })
            .cloned()
            .collect())
    }

    /// The units `actor` sees (active ones), borrowed from the in-process tree: pages
    /// that only show a picker need not copy thousands of units per request.
    pub async fn visible_unit_tree(&self, actor: &Actor) -> Result<VisibleUnits> {
        let scopes = actor.scopes(Action::View);
        let scopes = scopes[..scopes.len().min(crate::actor::MAX_SCOPES)].to_vec();
        Ok(VisibleUnits {
            tree: self.unit_tree().await?,
            scopes,
        })
    }

    /// The units right under `id`, in name order, from the in-process tree (see
    /// [`crate::tree_cache`]).
    pub async fn children(&self, id: i64) -> Result<Vec<Unit>> {
        Ok(self
            .unit_tree()
            .await?
            .iter()
            .filter(|u| u.parent_id == Some(id))
            .cloned()
            .collect())
    }

    /// Ancestors from the root down to the parent, from the in-process tree.
    pub async fn ancestors(&self, unit: &Unit) -> Result<Vec<Unit>> {
        let tree = self.unit_tree().await?;
        unit.path
            .split('/')
            .filter_map(|s| s.parse::<i64>().ok())
            .filter(|i| *i != unit.id)
            .map(|i| {
                tree.get(i)
                    .cloned()
                    .ok_or_else(|| Error::NotFound("đơn vị".into()))
            })
            .collect()
    }

    /// Units by id from the in-process tree (names for a page; those missing are left out).
    pub async fn units_by_id(&self, ids: &[i64]) -> Result<std::collections::HashMap<i64, Unit>> {
        let tree = self.unit_tree().await?;
        Ok(ids
            .iter()
            .filter_map(|id| tree.get(*id))
            .map(|u| (u.id, u.clone()))
            .collect())
    }

    pub async fn unit_names(&self, id: i64) -> Result<Vec<UnitName>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, UnitName>(
            "SELECT name, valid_from, valid_to FROM unit_names WHERE unit_id = $1 ORDER BY valid_from").bind(id).fetch_all(p).await)
        .map_err(internal)
    }

    /// The unit's name on a given day (a 2021 award shows the 2021 name).
    pub async fn unit_name_on(&self, id: i64, on: NaiveDate) -> Result<String> {
        let name: Option<String> = on_pool!(&self.db, p => sqlx::query_scalar(
            "SELECT name FROM unit_names WHERE unit_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)
             ORDER BY valid_from DESC LIMIT 1").bind(id).bind(on).fetch_optional(p).await)
        .map_err(internal)?;
        match name {
            Some(n) => Ok(n),
            None => Ok(self.unit(id).await?.name),
        }
    }

    /// What a unit's page shows of it besides its history, in one statement: its
    /// events, its names over time, its blocs (newest year first, with its role and
    /// rank) and its active people (the count kept by migration 0006). Each row says
    /// which it is in `what`; the columns are shared.
    pub async fn unit_facts(&self, id: i64) -> Result<UnitFacts> {
        let rows: Vec<FactRow> = on_pool!(&self.db, p => sqlx::query_as::<_, FactRow>(
            "SELECT 'event' AS what, kind AS t1, note AS t2, CAST(NULL AS TEXT) AS t3, other_unit_id AS n1, id AS n2,
                    CAST(NULL AS BIGINT) AS n3, on_date AS d1, CAST(NULL AS DATE) AS d2
               FROM unit_events WHERE unit_id = $1
             UNION ALL SELECT 'name', name, NULL, NULL, NULL, NULL, NULL, valid_from, valid_to FROM unit_names WHERE unit_id = $1
             UNION ALL SELECT 'bloc', b.code, b.name, m.role, b.id, b.year, m.rank, NULL, NULL
               FROM blocs b JOIN bloc_members m ON m.bloc_id = b.id WHERE m.unit_id = $1
             UNION ALL SELECT 'people', NULL, NULL, NULL, CAST(active AS BIGINT), NULL, NULL, NULL, NULL FROM people_counts WHERE unit_id = $1")
            .bind(id).fetch_all(p).await)
        .map_err(internal)?;
        let mut f = UnitFacts::default();
        let mut events = Vec::new();
        for r in rows {
            let text = |t: Option<String>| t.unwrap_or_default();
            match r.what.as_str() {
                "event" => events.push((
                    r.n2.unwrap_or(0),
                    UnitEvent {
                        kind: text(r.t1),
                        other_unit_id: r.n1,
                        on_date: r.d1.unwrap_or_default(),
                        note: text(r.t2),
                    },
                )),
                "name" => f.names.push(UnitName {
                    name: text(r.t1),
                    valid_from: r.d1.unwrap_or_default(),
                    valid_to: r.d2,
                }),
                "bloc" => f.blocs.push((
                    crate::blocs::Bloc {
                        id: r.n1.unwrap_or(0),
                        code: text(r.t1),
                        name: text(r.t2),
                        year: r.n2.unwrap_or(0),
                        ..Default::default()
                    },
                    text(r.t3),
                    r.n3,
                )),
                _ => f.people = r.n1.unwrap_or(0),
            }
        }
        events.sort_by_key(|(id, e)| (e.on_date, *id));
        f.events = events.into_iter().map(|(_, e)| e).collect();
        f.names.sort_by_key(|n| n.valid_from);
        f.blocs.sort_by_key(|(b, _, _)| std::cmp::Reverse(b.year));
        Ok(f)
    }

    pub async fn count_active_people_in(&self, unit_id: i64) -> Result<i64> {
        // The unit's own row of the counts kept by migration 0006 (no count over people).
        let n: Option<i64> = on_pool!(&self.db, p => sqlx::query_scalar("SELECT CAST(active AS BIGINT) FROM people_counts WHERE unit_id = $1").bind(unit_id).fetch_optional(p).await)
            .map_err(internal)?;
        Ok(n.unwrap_or(0))
    }
}

/// Depth-first order, siblings by collation key.
fn tree_order(rows: Vec<(Unit, Vec<u8>)>) -> Vec<Unit> {
    use std::collections::{HashMap, HashSet};
    let ids: HashSet<i64> = rows.iter().map(|(u, _)| u.id).collect();
    let mut children: HashMap<Option<i64>, Vec<(Unit, Vec<u8>)>> = HashMap::new();
    for (u, k) in rows {
        // A visible unit whose parent is not visible is a root of this view.
        let parent = u.parent_id.filter(|p| ids.contains(p));
        children.entry(parent).or_default().push((u, k));
    }
    for v in children.values_mut() {
        v.sort_by(|a, b| a.1.cmp(&b.1));
    }
    let mut out = Vec::new();
    let mut stack: Vec<Unit> = children
        .remove(&None)
        .unwrap_or_default()
        .into_iter()
        .rev()
        .map(|(u, _)| u)
        .collect();
    while let Some(u) = stack.pop() {
        if let Some(kids) = children.remove(&Some(u.id)) {
            stack.extend(kids.into_iter().rev().map(|(k, _)| k));
        }
        out.push(u);
    }
    out
}

impl WriteTx<'_> {
    async fn unit_by_id(&mut self, id: i64) -> Result<Unit> {
        on_tx!(&mut self.tx, c => sqlx::query_as::<_, Unit>(unit_select!("WHERE id = $1")).bind(id).fetch_optional(c).await)
            .map_err(internal)?
            .ok_or_else(|| Error::NotFound("đơn vị".into()))
    }

    async fn unit_code_taken(&mut self, code: &str, except: Option<i64>) -> Result<bool> {
        let id: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT id FROM units WHERE code = $1").bind(code).fetch_optional(c).await)
            .map_err(internal)?;
        Ok(matches!(id, Some(i) if Some(i) != except))
    }

    /// Creates a unit under `parent_id` (or a root, for the system and
    /// administrators of the whole installation).
    pub async fn create_unit(&mut self, u: &ValidUnit, on: NaiveDate) -> Result<Unit> {
        let parent = match u.parent_id {
            Some(pid) => Some(
                self.unit_by_id(pid)
                    .await
                    .map_err(|_| Error::invalid("parent_id", "Đơn vị cấp trên không tồn tại."))?,
            ),
            None => None,
        };
        match &parent {
            Some(p) => self.require(Action::ManageUnits, &p.path)?,
            None => {
                if !self.actor.is_system()
                    && !self
                        .actor
                        .scopes(Action::ManageUnits)
                        .iter()
                        .any(|s| s == "/")
                {
                    return Err(Error::invalid("parent_id", "Hãy chọn đơn vị cấp trên."));
                }
            }
        }
        if let Some(p) = &parent
            && !p.active
        {
            return Err(Error::invalid(
                "parent_id",
                "Đơn vị cấp trên đã ngừng hoạt động.",
            ));
        }
        if self.unit_code_taken(&u.code, None).await? {
            return Err(Error::Conflict(FieldError::new(
                "code",
                format!("Mã đơn vị «{}» đã được dùng.", u.code),
            )));
        }
        let depth = parent.as_ref().map(|p| p.depth + 1).unwrap_or(0);
        let now = self.now;
        self.tree_changed();
        let id: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "INSERT INTO units (code, parent_id, path, depth, kind, level, name, short_name, name_search, sort_key, active, created_at, updated_at)
             VALUES ($1, $2, '', $3, $4, $5, $6, $7, $8, $9, TRUE, $10, $10) RETURNING id")
            .bind(&u.code).bind(u.parent_id).bind(depth).bind(u.kind.code()).bind(&u.level).bind(&u.name).bind(&u.short_name)
            .bind(fold(&format!("{} {} {}", u.name, u.short_name, u.code))).bind(sort_key(&u.name)).bind(now)
            .fetch_one(c).await)
        .map_err(|e| if crate::is_unique_violation(&e) {
            Error::Conflict(FieldError::new("code", format!("Mã đơn vị «{}» đã được dùng.", u.code)))
        } else { internal(e) })?;
        let path = format!(
            "{}{}/",
            parent.as_ref().map(|p| p.path.as_str()).unwrap_or("/"),
            id
        );
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE units SET path = $1 WHERE id = $2").bind(&path).bind(id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO unit_names (unit_id, name, valid_from) VALUES ($1, $2, $3)")
            .bind(id).bind(&u.name).bind(on).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        self.unit_event(id, "create", None, on, "").await?;
        let unit = self.unit_by_id(id).await?;
        self.audit(Change {
            action: "create",
            entity: "unit",
            entity_id: id.to_string(),
            unit_path: &unit.path,
            summary: format!("Tạo đơn vị «{}» ({})", unit.name, unit.code),
            old: None,
            new: Some(json!(unit)),
        })
        .await?;
        Ok(unit)
    }

    async fn unit_event(
        &mut self,
        unit_id: i64,
        kind: &str,
        other: Option<i64>,
        on: NaiveDate,
        note: &str,
    ) -> Result<()> {
        let now = self.now;
        on_tx!(&mut self.tx, c => sqlx::query(
            "INSERT INTO unit_events (unit_id, kind, other_unit_id, on_date, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(unit_id).bind(kind).bind(other).bind(on).bind(note).bind(now).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        Ok(())
    }

    /// Edits a unit. A new name takes effect on `on`; the old one is kept for
    /// the days before. A new parent moves the whole subtree.
    pub async fn update_unit(&mut self, id: i64, u: &ValidUnit, on: NaiveDate) -> Result<Unit> {
        let old = self.unit_by_id(id).await?;
        self.require(Action::ManageUnits, &old.path)?;
        if self.unit_code_taken(&u.code, Some(id)).await? {
            return Err(Error::Conflict(FieldError::new(
                "code",
                format!("Mã đơn vị «{}» đã được dùng.", u.code),
            )));
        }
        self.tree_changed();
        if u.parent_id != old.parent_id {
            match u.parent_id {
                Some(pid) => self.move_unit(&old, pid, on).await?,
                None => {
                    return Err(Error::invalid(
                        "parent_id",
                        "Không thể chuyển đơn vị thành đơn vị gốc.",
                    ));
                }
            }
        }
        if u.name != old.name {
            self.rename_history(id, &u.name, on).await?;
        }
        let now = self.now;
        on_tx!(&mut self.tx, c => sqlx::query(
            "UPDATE units SET code = $1, kind = $2, level = $3, name = $4, short_name = $5, name_search = $6, sort_key = $7, updated_at = $8 WHERE id = $9")
            .bind(&u.code).bind(u.kind.code()).bind(&u.level).bind(&u.name).bind(&u.short_name)
            .bind(fold(&format!("{} {} {}", u.name, u.short_name, u.code))).bind(sort_key(&u.name)).bind(now).bind(id)
            .execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        let new = self.unit_by_id(id).await?;
        let summary = if old.name != new.name {
            format!(
                "Đổi tên đơn vị «{}» thành «{}» từ ngày {}",
                old.name,
                new.name,
                tdkt_domain::text::format_date(on)
            )
        } else {
            format!("Sửa thông tin đơn vị «{}»", new.name)
        };
        self.audit(Change {
            action: "update",
            entity: "unit",
            entity_id: id.to_string(),
            unit_path: &new.path,
            summary,
            old: Some(json!(old)),
            new: Some(json!(new)),
        })
        .await?;
        Ok(new)
    }

    async fn rename_history(&mut self, id: i64, name: &str, on: NaiveDate) -> Result<()> {
        let Some(day_before) = on.pred_opt() else {
            return Err(Error::invalid("on", "Ngày không hợp lệ."));
        };
        // A second rename on the same day replaces the first.
        on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM unit_names WHERE unit_id = $1 AND valid_from = $2").bind(id).bind(on).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query(
            "UPDATE unit_names SET valid_to = $1 WHERE unit_id = $2 AND valid_from < $3 AND (valid_to IS NULL OR valid_to >= $3)")
            .bind(day_before).bind(id).bind(on).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO unit_names (unit_id, name, valid_from) VALUES ($1, $2, $3)")
            .bind(id).bind(name).bind(on).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        self.unit_event(id, "rename", None, on, name).await
    }

    async fn move_unit(&mut self, unit: &Unit, new_parent_id: i64, on: NaiveDate) -> Result<()> {
        let parent = self
            .unit_by_id(new_parent_id)
            .await
            .map_err(|_| Error::invalid("parent_id", "Đơn vị cấp trên không tồn tại."))?;
        self.require(Action::ManageUnits, &parent.path)?;
        if parent.path.starts_with(&unit.path) {
            return Err(Error::invalid(
                "parent_id",
                "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.",
            ));
        }
        let new_path = format!("{}{}/", parent.path, unit.id);
        let delta = parent.depth + 1 - unit.depth;
        let old_len = unit.path.chars().count() as i64;
        let pattern = format!("{}%", unit.path);
        self.tree_changed();
        // Rewrite the prefix of every path in the subtree, and of its people.
        on_tx!(&mut self.tx, c => sqlx::query(
            "UPDATE units SET path = $1 || SUBSTR(path, CAST($2 AS INTEGER)), depth = depth + $3 WHERE path LIKE $4")
            .bind(&new_path).bind(old_len + 1).bind(delta).bind(&pattern).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE people SET unit_path = $1 || SUBSTR(unit_path, CAST($2 AS INTEGER)) WHERE unit_path LIKE $3")
            .bind(&new_path).bind(old_len + 1).bind(&pattern).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE units SET parent_id = $1 WHERE id = $2").bind(new_parent_id).bind(unit.id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        self.unit_event(unit.id, "move", Some(new_parent_id), on, &parent.name)
            .await
    }

    /// Stops a unit from taking part (no one may still work in it).
    pub async fn deactivate_unit(&mut self, id: i64, on: NaiveDate) -> Result<Unit> {
        let old = self.unit_by_id(id).await?;
        self.require(Action::ManageUnits, &old.path)?;
        let active_children: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM units WHERE parent_id = $1 AND active = TRUE").bind(id).fetch_one(c).await)
        .map_err(internal)?;
        let people: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM people WHERE unit_id = $1 AND active = TRUE").bind(id).fetch_one(c).await)
        .map_err(internal)?;
        if active_children > 0 || people > 0 {
            return Err(Error::invalid(
                "active",
                format!(
                    "Đơn vị còn {active_children} đơn vị trực thuộc và {people} người đang công tác; hãy chuyển họ sang đơn vị khác trước (hoặc dùng chức năng sáp nhập)."
                ),
            ));
        }
        self.set_unit_active(&old, false, None, on).await
    }

    pub async fn reactivate_unit(&mut self, id: i64, on: NaiveDate) -> Result<Unit> {
        let old = self.unit_by_id(id).await?;
        self.require(Action::ManageUnits, &old.path)?;
        self.set_unit_active(&old, true, None, on).await
    }

    async fn set_unit_active(
        &mut self,
        old: &Unit,
        active: bool,
        merged_into: Option<i64>,
        on: NaiveDate,
    ) -> Result<Unit> {
        let now = self.now;
        self.tree_changed();
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE units SET active = $1, merged_into = $2, updated_at = $3 WHERE id = $4")
            .bind(active).bind(merged_into).bind(now).bind(old.id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        self.unit_event(
            old.id,
            if active { "reactivate" } else { "deactivate" },
            merged_into,
            on,
            "",
        )
        .await?;
        let new = self.unit_by_id(old.id).await?;
        self.audit(Change {
            action: if active { "reactivate" } else { "deactivate" },
            entity: "unit",
            entity_id: old.id.to_string(),
            unit_path: &old.path,
            summary: format!(
                "{} đơn vị «{}»",
                if active {
                    "Khôi phục hoạt động"
                } else {
                    "Ngừng hoạt động"
                },
                old.name
            ),
            old: Some(json!(old)),
            new: Some(json!(new)),
        })
        .await?;
        Ok(new)
    }

    /// Merges `from` into `into` on `on`: its people and sub-units move to
    /// `into`, `from` stops with `merged_into` set; history stays with `from`.
    pub async fn merge_units(&mut self, from_id: i64, into_id: i64, on: NaiveDate) -> Result<Unit> {
        if from_id == into_id {
            return Err(Error::invalid(
                "into",
                "Không thể sáp nhập đơn vị vào chính nó.",
            ));
        }
        let from = self.unit_by_id(from_id).await?;
        let into = self.unit_by_id(into_id).await?;
        self.require(Action::ManageUnits, &from.path)?;
        self.require(Action::ManageUnits, &into.path)?;
        if into.path.starts_with(&from.path) {
            return Err(Error::invalid(
                "into",
                "Không thể sáp nhập đơn vị vào đơn vị cấp dưới của nó.",
            ));
        }
        let kids: Vec<Unit> = on_tx!(&mut self.tx, c => sqlx::query_as::<_, Unit>(unit_select!("WHERE parent_id = $1")).bind(from_id).fetch_all(c).await)
            .map_err(internal)?;
        for k in kids {
            self.move_unit(&k, into_id, on).await?;
        }
        let people: Vec<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT id FROM people WHERE unit_id = $1 AND active = TRUE").bind(from_id).fetch_all(c).await)
            .map_err(internal)?;
        for pid in people {
            self.transfer_person(
                pid,
                into_id,
                on,
                &format!("Sáp nhập «{}» vào «{}»", from.name, into.name),
            )
            .await?;
        }
        self.unit_event(into_id, "absorb", Some(from_id), on, &from.name)
            .await?;
        let _ = self
            .set_unit_active(&from, false, Some(into_id), on)
            .await?;
        self.audit(Change {
            action: "merge",
            entity: "unit",
            entity_id: from_id.to_string(),
            unit_path: &into.path,
            summary: format!(
                "Sáp nhập «{}» vào «{}» từ ngày {}",
                from.name,
                into.name,
                tdkt_domain::text::format_date(on)
            ),
            old: Some(json!(from)),
            new: Some(json!({"merged_into": into_id})),
        })
        .await?;
        self.unit_by_id(from_id).await
    }
}

impl Store {
    /// Every unit, active or not, by id (for import and export by the system).
    pub async fn all_units(&self) -> Result<Vec<Unit>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Unit>(unit_select!("ORDER BY id")).fetch_all(p).await).map_err(internal)
    }
}

impl WriteTx<'_> {
    /// Adds or renames a level of the tree (levels are configuration: the 2025
    /// reform removed districts without any code change).
    pub async fn put_level(&mut self, level: &Level) -> Result<()> {
        if !self.actor.can_somewhere(Action::ManageUsers) {
            return Err(Error::Forbidden);
        }
        if !tdkt_domain::org::valid_code(&level.code) {
            return Err(Error::invalid(
                "code",
                "Mã cấp chỉ gồm chữ, số, «-», «_», «.» (tối đa 40 ký tự).",
            ));
        }
        if level.name.trim().is_empty() {
            return Err(Error::invalid("name", "Tên cấp không được để trống."));
        }
        let old: Option<(String, i64)> = on_tx!(&mut self.tx, c => sqlx::query_as("SELECT name, rank FROM unit_levels WHERE code = $1")
            .bind(&level.code).fetch_optional(c).await)
        .map_err(internal)?;
        self.tree_changed();
        on_tx!(&mut self.tx, c => sqlx::query(
            "INSERT INTO unit_levels (code, name, rank) VALUES ($1, $2, $3) ON CONFLICT (code) DO UPDATE SET name = excluded.name, rank = excluded.rank")
            .bind(&level.code).bind(level.name.trim()).bind(level.rank as i64).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        self.audit(Change {
            action: if old.is_some() { "update" } else { "create" },
            entity: "level",
            entity_id: level.code.clone(),
            unit_path: "",
            summary: format!("Cấp đơn vị «{}»: {}", level.code, level.name.trim()),
            old: old.map(|(n, r)| json!({"name": n, "rank": r})),
            new: Some(json!({"name": level.name.trim(), "rank": level.rank})),
        })
        .await
    }
}
