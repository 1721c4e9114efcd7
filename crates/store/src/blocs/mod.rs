//! Emulation blocs (khối, cụm thi đua): member agencies by year, leader and
//! deputy, and the bloc's year — programme and covenant ([`year`]), scoring
//! table ([`table`]), scores ([`scoring`]), ranking, proposals and publication
//! ([`ranking`]). The rules a score and a ranking follow are in
//! `tdkt_domain::emulation::bloc`.

pub mod ranking;
pub mod scoring;
pub mod table;
pub mod year;

use crate::write::Change;
use crate::{Actor, Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use tdkt_domain::auth::Action;
use tdkt_domain::emulation::bloc::Stage;
use tdkt_domain::error::{Error, FieldError};

#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct Bloc {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub year: i64,
    pub stage: String,
    /// The stated total of the scoring table, in hundredths of a point.
    pub table_total: i64,
    /// Flags (Cờ thi đua) and collective Bằng khen the bloc may propose.
    pub flag_quota: i64,
    pub commendation_quota: i64,
    /// A proposal carries with more than this share of the members present.
    pub vote_percent: i64,
    pub covenant_text: String,
    /// The covenant's targets, one per line.
    pub covenant_targets: String,
    pub covenant_on: Option<NaiveDate>,
    /// The year-end meeting that ranks the members and votes the proposals.
    pub meeting_on: Option<NaiveDate>,
    pub meeting_place: String,
    pub meeting_present: Option<i64>,
    pub meeting_notes: String,
    pub published_at: Option<DateTime<Utc>>,
}

impl Bloc {
    pub fn stage(&self) -> Stage {
        Stage::parse(&self.stage).unwrap_or(Stage::Preparing)
    }

    pub fn targets(&self) -> Vec<&str> {
        self.covenant_targets
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

macro_rules! bloc_q {
    ($tail:literal) => {
        concat!(
            "SELECT id, code, name, year, stage, table_total, flag_quota, commendation_quota, vote_percent,
             covenant_text, covenant_targets, covenant_on, meeting_on, meeting_place, meeting_present, meeting_notes, published_at
             FROM blocs ",
            $tail
        )
    };
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct BlocMember {
    pub unit_id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub unit_path: String,
    pub role: String,
    pub rank: Option<i64>,
    pub signed_at: Option<DateTime<Utc>>,
    pub signed_by: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub returned_note: String,
    pub tie_votes: Option<i64>,
}

/// A bloc's members, leader and deputy first, then in name order.
const MEMBERS_SQL: &str = "SELECT m.unit_id, u.code AS unit_code, u.name AS unit_name, u.path AS unit_path, m.role, m.rank,
        m.signed_at, m.signed_by, m.submitted_at, m.returned_note, m.tie_votes
     FROM bloc_members m JOIN units u ON u.id = m.unit_id WHERE m.bloc_id = $1
     ORDER BY CASE m.role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, u.sort_key";

pub fn bloc_role_label(role: &str) -> &'static str {
    match role {
        "leader" => "Khối trưởng",
        "deputy" => "Khối phó",
        _ => "Thành viên",
    }
}

/// What an actor may do in one bloc.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BlocRights {
    /// The provincial standing body: the whole tree's unit managers.
    pub standing: bool,
    /// Runs the bloc's year (programme, covenant text, table, meeting,
    /// publication): the leader agency's office, or the standing body.
    pub steward: bool,
    /// Cross-scores (thẩm định): the leader's and the deputy's offices, and
    /// the standing body.
    pub assessor: bool,
    /// The leader or deputy units the actor acts for (they do not assess themselves).
    pub assessor_units: Vec<i64>,
    /// Members whose own scores the actor enters (a role held at that agency).
    pub scores_for: Vec<i64>,
    /// Members for which the actor signs the covenant and submits the scores.
    pub signs_for: Vec<i64>,
}

impl BlocRights {
    pub fn may_assess(&self, unit: i64) -> bool {
        self.standing || (self.assessor && !self.assessor_units.contains(&unit))
    }

    /// Whether the actor takes part in the bloc at all beyond reading it.
    pub fn acts(&self) -> bool {
        self.steward || self.assessor || !self.scores_for.is_empty() || !self.signs_for.is_empty()
    }
}

/// Rights from the actor's grants: a member agency acts through roles held
/// at that agency itself (a department's head does not speak for the bloc
/// member above it, nor the province's administrator for a member).
pub fn rights(actor: &Actor, members: &[BlocMember], standing: bool) -> BlocRights {
    let at = |action: Action, path: &str| {
        actor
            .grants
            .iter()
            .any(|g| g.unit_path == path && g.role.allows(action))
    };
    let mut r = BlocRights {
        standing,
        steward: standing,
        assessor: standing,
        ..Default::default()
    };
    if actor.is_system() {
        // Imports and the demo act for every member.
        r.scores_for = members.iter().map(|m| m.unit_id).collect();
        r.signs_for = r.scores_for.clone();
        return r;
    }
    for m in members {
        if matches!(m.role.as_str(), "leader" | "deputy") && at(Action::Review, &m.unit_path) {
            r.assessor = true;
            r.assessor_units.push(m.unit_id);
            if m.role == "leader" {
                r.steward = true;
            }
        }
        if at(Action::Register, &m.unit_path) {
            r.scores_for.push(m.unit_id);
        }
        if at(Action::Submit, &m.unit_path) {
            r.signs_for.push(m.unit_id);
        }
    }
    r
}

impl Store {
    pub async fn blocs(&self, year: Option<i64>) -> Result<Vec<Bloc>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Bloc>(
            bloc_q!("WHERE ($1 OR year = $2) ORDER BY year DESC, name"))
            .bind(year.is_none()).bind(year.unwrap_or(0)).fetch_all(p).await)
        .map_err(internal)
    }

    pub async fn bloc(&self, id: i64) -> Result<Bloc> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Bloc>(bloc_q!("WHERE id = $1")).bind(id).fetch_optional(p).await)
            .map_err(internal)?
            .ok_or_else(|| Error::NotFound("khối thi đua".into()))
    }

    pub async fn bloc_by_code(&self, code: &str) -> Result<Option<Bloc>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Bloc>(bloc_q!("WHERE code = $1")).bind(code).fetch_optional(p).await)
            .map_err(internal)
    }

    pub async fn bloc_members(&self, bloc_id: i64) -> Result<Vec<BlocMember>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, BlocMember>(MEMBERS_SQL).bind(bloc_id).fetch_all(p).await)
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

/// A bloc where a unit the actor holds a role at is a member, not yet published.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BlocTask {
    pub bloc_id: i64,
    pub name: String,
    pub year: i64,
    pub stage: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub role: String,
    pub to_sign: bool,
    pub to_submit: bool,
}

/// Units of the actor's roles a home page looks up (more are rare; the first four count).
const TASK_UNITS: usize = 4;

impl Store {
    /// What the blocs of the actor's own agencies wait for: signing, scoring,
    /// or (for the leader) the year to run. One indexed statement.
    pub async fn bloc_tasks(&self, actor: &Actor) -> Result<Vec<BlocTask>> {
        let mut units: Vec<i64> = actor.grants.iter().map(|g| g.unit_id).collect();
        units.dedup();
        if units.is_empty() {
            return Ok(vec![]);
        }
        units.resize(TASK_UNITS, -1);
        on_pool!(&self.db, p => sqlx::query_as::<_, BlocTask>(
            "SELECT b.id AS bloc_id, b.name, b.year, b.stage, m.unit_id, u.name AS unit_name, m.role,
                    (m.signed_at IS NULL AND b.covenant_text <> '') AS to_sign,
                    (b.stage = 'scoring' AND m.submitted_at IS NULL) AS to_submit
             FROM bloc_members m JOIN blocs b ON b.id = m.bloc_id JOIN units u ON u.id = m.unit_id
             WHERE m.unit_id IN ($1, $2, $3, $4) AND b.stage <> 'published'
             ORDER BY b.year DESC, b.name")
            .bind(units[0]).bind(units[1]).bind(units[2]).bind(units[3]).fetch_all(p).await)
        .map_err(internal)
    }

    /// The bloc's members and what `actor` may do in it.
    pub async fn bloc_rights(
        &self,
        actor: &Actor,
        bloc_id: i64,
    ) -> Result<(Vec<BlocMember>, BlocRights)> {
        let members = self.bloc_members(bloc_id).await?;
        let standing = self.whole_tree(actor, Action::ManageUnits).await?;
        let r = rights(actor, &members, standing);
        Ok((members, r))
    }
}

/// The bloc, its members and the actor's rights, read inside a change.
pub(crate) struct InTx {
    pub bloc: Bloc,
    pub members: Vec<BlocMember>,
    pub rights: BlocRights,
}

impl InTx {
    pub fn member(&self, unit_id: i64) -> Result<&BlocMember> {
        self.members
            .iter()
            .find(|m| m.unit_id == unit_id)
            .ok_or_else(|| Error::invalid("unit_id", "Đơn vị này không phải thành viên của khối."))
    }

    /// Refuses unless the bloc is at `stage`, saying what the stage allows.
    pub fn require_stage(&self, stage: Stage) -> Result<()> {
        let now = self.bloc.stage();
        if now == stage {
            return Ok(());
        }
        Err(Error::invalid(
            "stage",
            match now {
                Stage::Published => "Khối đã công bố kết quả: mọi thay đổi bị khóa; muốn sửa phải mở lại (ghi rõ lý do).".to_string(),
                Stage::Preparing => "Khối chưa bắt đầu chấm điểm.".to_string(),
                Stage::Scoring => "Khối đang chấm điểm: bảng điểm và giao ước đã chốt.".to_string(),
            },
        ))
    }

    pub fn require_steward(&self) -> Result<()> {
        if self.rights.steward {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }

    pub fn unit_path(&self, unit_id: i64) -> &str {
        self.members
            .iter()
            .find(|m| m.unit_id == unit_id)
            .map(|m| m.unit_path.as_str())
            .unwrap_or("")
    }

    pub fn leader_path(&self) -> &str {
        self.members
            .iter()
            .find(|m| m.role == "leader")
            .map(|m| m.unit_path.as_str())
            .unwrap_or("")
    }
}

impl WriteTx<'_> {
    pub(crate) async fn bloc_in_tx(&mut self, bloc_id: i64) -> Result<InTx> {
        let bloc: Option<Bloc> = on_tx!(&mut self.tx, c => sqlx::query_as::<_, Bloc>(bloc_q!("WHERE id = $1")).bind(bloc_id).fetch_optional(c).await)
            .map_err(internal)?;
        let bloc = bloc.ok_or_else(|| Error::NotFound("khối thi đua".into()))?;
        let members: Vec<BlocMember> = on_tx!(&mut self.tx, c => sqlx::query_as::<_, BlocMember>(MEMBERS_SQL).bind(bloc_id).fetch_all(c).await)
        .map_err(internal)?;
        let standing = self.whole_tree(Action::ManageUnits).await?;
        let rights = rights(self.actor, &members, standing);
        if !rights.acts()
            && !members
                .iter()
                .any(|m| near_member(self.actor, &m.unit_path))
        {
            return Err(Error::NotFound("khối thi đua".into()));
        }
        Ok(InTx {
            bloc,
            members,
            rights,
        })
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
    /// A bloc for a year, created by the provincial standing body.
    pub async fn create_bloc(&mut self, code: &str, name: &str, year: i64) -> Result<Bloc> {
        if !self.whole_tree(Action::ManageUnits).await? {
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
            stage: Stage::Preparing.code().into(),
            table_total: 10_000,
            flag_quota: 1,
            commendation_quota: 2,
            vote_percent: 50,
            ..Default::default()
        })
    }

    /// Adds or updates a member; `role` is leader, deputy or member. The
    /// provincial standing body sets a bloc's members each year (the leader
    /// rotates: a new leader turns the previous one into a member) while the
    /// bloc prepares its year.
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
        if !self.whole_tree(Action::ManageUnits).await? {
            return Err(Error::Forbidden);
        }
        let stage: Option<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT stage FROM blocs WHERE id = $1").bind(bloc_id).fetch_optional(c).await)
            .map_err(internal)?;
        match stage.as_deref() {
            None => return Err(Error::NotFound("khối thi đua".into())),
            Some("preparing") => {}
            Some(_) => {
                // Who leads and who assesses is fixed once members score.
                return Err(Error::invalid(
                    "stage",
                    "Khối đã bắt đầu chấm điểm: không đổi thành viên, khối trưởng, khối phó được nữa.",
                ));
            }
        }
        let path: Option<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT path FROM units WHERE id = $1").bind(unit_id).fetch_optional(c).await)
            .map_err(internal)?;
        let Some(path) = path else {
            return Err(Error::invalid("unit_id", "Đơn vị không tồn tại."));
        };
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

    /// Removes a member while the bloc prepares its year (nothing scored yet).
    pub async fn remove_bloc_member(&mut self, bloc_id: i64, unit_id: i64) -> Result<()> {
        let b = self.bloc_in_tx(bloc_id).await?;
        if !b.rights.standing {
            return Err(Error::Forbidden);
        }
        b.require_stage(Stage::Preparing)?;
        let m = b.member(unit_id)?;
        if m.signed_at.is_some() {
            return Err(Error::invalid(
                "unit_id",
                "Đơn vị đã ký giao ước: không rút khỏi khối được.",
            ));
        }
        let path = m.unit_path.clone();
        on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM bloc_members WHERE bloc_id = $1 AND unit_id = $2")
            .bind(bloc_id).bind(unit_id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        self.audit(Change {
            action: "delete",
            entity: "bloc_member",
            entity_id: format!("{bloc_id}:{unit_id}"),
            unit_path: &path,
            summary: format!(
                "Rút {} khỏi khối «{}» năm {}",
                m.unit_name, b.bloc.name, b.bloc.year
            ),
            old: Some(json!({"role": m.role})),
            new: None,
        })
        .await
    }
}
