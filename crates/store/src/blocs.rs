//! Emulation blocs (khối, cụm thi đua): member agencies by year, leader and
//! deputy, and the year's ranking. Scoring tables come with the bloc workflow.

use crate::write::Change;
use crate::{Actor, Result, Store, WriteTx, internal, on_pool, on_tx};
use serde::Serialize;
use serde_json::json;
use tdkt_domain::auth::Action;
use tdkt_domain::error::{Error, FieldError};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Bloc {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub year: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct BlocMember {
    pub unit_id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub role: String,
    pub rank: Option<i64>,
}

pub fn bloc_role_label(role: &str) -> &'static str {
    match role {
        "leader" => "Khối trưởng",
        "deputy" => "Khối phó",
        _ => "Thành viên",
    }
}

impl Store {
    pub async fn blocs(&self, year: Option<i64>) -> Result<Vec<Bloc>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Bloc>(
            "SELECT id, code, name, year FROM blocs WHERE ($1 OR year = $2) ORDER BY year DESC, name")
            .bind(year.is_none()).bind(year.unwrap_or(0)).fetch_all(p).await)
        .map_err(internal)
    }

    pub async fn bloc(&self, id: i64) -> Result<Bloc> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Bloc>("SELECT id, code, name, year FROM blocs WHERE id = $1").bind(id).fetch_optional(p).await)
            .map_err(internal)?
            .ok_or_else(|| Error::NotFound("khối thi đua".into()))
    }

    pub async fn bloc_by_code(&self, code: &str) -> Result<Option<Bloc>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Bloc>("SELECT id, code, name, year FROM blocs WHERE code = $1").bind(code).fetch_optional(p).await)
            .map_err(internal)
    }

    pub async fn bloc_members(&self, bloc_id: i64) -> Result<Vec<BlocMember>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, BlocMember>(
            "SELECT m.unit_id, u.code AS unit_code, u.name AS unit_name, m.role, m.rank
             FROM bloc_members m JOIN units u ON u.id = m.unit_id WHERE m.bloc_id = $1
             ORDER BY CASE m.role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, u.sort_key")
            .bind(bloc_id).fetch_all(p).await)
        .map_err(internal)
    }

    /// Blocs `actor` may see: all for an administrator or Office of the whole
    /// tree; otherwise those with a member unit inside one of the actor's
    /// subtrees, or that the actor's own unit lies in (a member agency's
    /// staff see their bloc and its other members).
    pub async fn blocs_for(&self, actor: &Actor) -> Result<Vec<Bloc>> {
        let all = self.blocs(None).await?;
        if self.whole_tree(actor, Action::ManageUnits).await? {
            return Ok(all);
        }
        let members: Vec<(i64, String)> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT m.bloc_id, u.path FROM bloc_members m JOIN units u ON u.id = m.unit_id")
            .fetch_all(p).await)
        .map_err(internal)?;
        Ok(all
            .into_iter()
            .filter(|b| {
                members
                    .iter()
                    .any(|(id, path)| *id == b.id && near_member(actor, path))
            })
            .collect())
    }

    /// One bloc, if `actor` may see it ([`Store::blocs_for`]); otherwise not found.
    pub async fn bloc_for(&self, actor: &Actor, id: i64) -> Result<Bloc> {
        let b = self.bloc(id).await?;
        if self.whole_tree(actor, Action::ManageUnits).await? {
            return Ok(b);
        }
        let paths: Vec<String> = on_pool!(&self.db, p => sqlx::query_scalar(
            "SELECT u.path FROM bloc_members m JOIN units u ON u.id = m.unit_id WHERE m.bloc_id = $1")
            .bind(id).fetch_all(p).await)
        .map_err(internal)?;
        if paths.iter().any(|p| near_member(actor, p)) {
            Ok(b)
        } else {
            Err(Error::NotFound("khối thi đua".into()))
        }
    }
}

/// Whether one of the actor's grants covers the member unit at `path`, or
/// lies inside it.
fn near_member(actor: &Actor, path: &str) -> bool {
    actor
        .grants
        .iter()
        .any(|g| path.starts_with(&g.unit_path) || g.unit_path.starts_with(path))
}

impl WriteTx<'_> {
    pub async fn create_bloc(&mut self, code: &str, name: &str, year: i64) -> Result<Bloc> {
        if !self.actor.can_somewhere(Action::ManageUnits) {
            return Err(Error::Forbidden);
        }
        let mut errs = tdkt_domain::error::Errors::default();
        if !tdkt_domain::org::valid_code(code) {
            errs.add("code", "Mã khối không hợp lệ.");
        }
        if name.trim().is_empty() {
            errs.add("name", "Tên khối không được để trống.");
        }
        if !(1990..=2100).contains(&year) {
            errs.add("year", "Năm không hợp lệ.");
        }
        errs.finish()?;
        let exists: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT id FROM blocs WHERE code = $1").bind(code).fetch_optional(c).await)
            .map_err(internal)?;
        if exists.is_some() {
            return Err(Error::Conflict(FieldError::new(
                "code",
                format!("Mã khối «{code}» đã được dùng."),
            )));
        }
        let now = self.now;
        let id: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar("INSERT INTO blocs (code, name, year, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(code).bind(name.trim()).bind(year).bind(now).fetch_one(c).await)
        .map_err(internal)?;
        self.audit(Change {
            action: "create",
            entity: "bloc",
            entity_id: id.to_string(),
            unit_path: "",
            summary: format!("Tạo khối thi đua «{}» năm {year}", name.trim()),
            old: None,
            new: Some(json!({"code": code, "name": name, "year": year})),
        })
        .await?;
        Ok(Bloc {
            id,
            code: code.into(),
            name: name.trim().into(),
            year,
        })
    }

    /// Adds or updates a member; `role` is leader, deputy or member.
    pub async fn put_bloc_member(
        &mut self,
        bloc_id: i64,
        unit_id: i64,
        role: &str,
        rank: Option<i64>,
    ) -> Result<()> {
        if !matches!(role, "leader" | "deputy" | "member") {
            return Err(Error::invalid(
                "role",
                "Vai trò trong khối phải là Khối trưởng, Khối phó hoặc Thành viên.",
            ));
        }
        let path: Option<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT path FROM units WHERE id = $1").bind(unit_id).fetch_optional(c).await)
            .map_err(internal)?;
        let Some(path) = path else {
            return Err(Error::invalid("unit_id", "Đơn vị không tồn tại."));
        };
        if !self.actor.can_somewhere(Action::ManageUnits) {
            return Err(Error::Forbidden);
        }
        if role == "leader" {
            // One leader per bloc and year: the previous one becomes a member.
            on_tx!(&mut self.tx, c => sqlx::query("UPDATE bloc_members SET role = 'member' WHERE bloc_id = $1 AND role = 'leader' AND unit_id <> $2")
                .bind(bloc_id).bind(unit_id).execute(c).await.map(|r| r.rows_affected())).map_err(internal)?;
        }
        on_tx!(&mut self.tx, c => sqlx::query(
            "INSERT INTO bloc_members (bloc_id, unit_id, role, rank) VALUES ($1, $2, $3, $4)
             ON CONFLICT (bloc_id, unit_id) DO UPDATE SET role = excluded.role, rank = excluded.rank")
            .bind(bloc_id).bind(unit_id).bind(role).bind(rank).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        self.audit(Change {
            action: "put",
            entity: "bloc_member",
            entity_id: format!("{bloc_id}:{unit_id}"),
            unit_path: &path,
            summary: format!("Thành viên khối: {}", bloc_role_label(role)),
            old: None,
            new: Some(json!({"bloc_id": bloc_id, "unit_id": unit_id, "role": role, "rank": rank})),
        })
        .await
    }
}
