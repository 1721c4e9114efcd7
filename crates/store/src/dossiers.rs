//! Nomination dossiers (see `tdkt_domain::emulation::dossier`): the board of
//! every dossier by state, one dossier with its nominees, meeting, files and
//! steps; the writes of the unit (nominees, citations, meeting, files), of its
//! head (confirming the meeting, submitting) and of the Office (receiving,
//! appraising, returning, passing to the council). Completeness is decided
//! inside the transaction that submits, from what the tables hold.

use crate::actor::{scope_ranges, subtree_range};
use crate::history::Subject;
use crate::write::Change;
use crate::{Actor, Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use tdkt_domain::auth::{Action, Role};
use tdkt_domain::codes::{AwardCode, AwardKind, SubjectKind};
use tdkt_domain::emulation::dossier::{
    DossierAction, DossierFacts, DossierPart, DossierStatus, Meeting, Missing, NomineeFacts,
    check_votes, missing_parts,
};
use tdkt_domain::emulation::plan::MilestoneKind;
use tdkt_domain::emulation::registration::within_deadline;
use tdkt_domain::error::{Error, FieldError};
use tdkt_domain::rules::Params;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Dossier {
    pub id: i64,
    pub year: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_path: String,
    pub plan_id: Option<i64>,
    pub kind: String,
    pub status: String,
    pub meeting_on: Option<NaiveDate>,
    pub meeting_present: Option<i64>,
    pub meeting_total: Option<i64>,
    pub meeting_chair: String,
    pub meeting_secretary: String,
    pub meeting_notes: String,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub confirmed_by: String,
    pub return_reason: String,
    pub extension_until: Option<NaiveDate>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<i64>,
    pub nominees: i64,
}

impl Dossier {
    pub fn state(&self) -> DossierStatus {
        DossierStatus::parse(&self.status).unwrap_or(DossierStatus::Draft)
    }

    pub fn kind_label(&self) -> &'static str {
        AwardKind::parse(&self.kind).map_or("", |k| k.label())
    }
}

/// One nominee with what the page shows of them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Nominee {
    pub id: i64,
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub name: String,
    pub code: String,
    pub position: String,
    pub is_manager: bool,
    pub gender: String,
    pub unit_name: String,
    pub award: String,
    pub citation: String,
    pub votes_agree: Option<i64>,
    pub verdict: Option<String>,
    pub verdict_json: Option<String>,
    pub checked_at: Option<DateTime<Utc>>,
    /// A recognised initiative of the person (the certification the law asks for).
    pub has_initiative: bool,
}

impl Nominee {
    pub fn subject(&self) -> Subject {
        match (self.person_id, self.unit_id) {
            (Some(p), _) => Subject::Person(p),
            (None, Some(u)) => Subject::Unit(u),
            (None, None) => Subject::Unit(0),
        }
    }

    pub fn award_code(&self) -> Option<AwardCode> {
        AwardCode::parse(&self.award).ok()
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DossierFile {
    pub id: i64,
    pub dossier_id: i64,
    pub nominee_id: Option<i64>,
    pub part: String,
    pub file_name: String,
    pub sha256: String,
    pub size: i64,
    pub mime: String,
    pub uploaded_at: DateTime<Utc>,
    pub uploaded_by: String,
}

pub use crate::emulation::FlowEvent as DossierEvent;

/// A dossier with everything its page shows.
#[derive(Debug, Clone)]
pub struct DossierView {
    pub dossier: Dossier,
    pub nominees: Vec<Nominee>,
    pub files: Vec<DossierFile>,
    pub events: Vec<DossierEvent>,
    /// The plan's deadline for dossiers, if it has one.
    pub due: Option<NaiveDate>,
}

impl DossierView {
    /// What the completeness check needs, from what was read.
    pub fn facts(&self) -> DossierFacts {
        facts_of(&self.dossier, &self.nominees, &self.files)
    }
}

fn facts_of(d: &Dossier, nominees: &[Nominee], files: &[DossierFile]) -> DossierFacts {
    let has = |n: Option<i64>, part: DossierPart| {
        files
            .iter()
            .any(|f| f.nominee_id == n && f.part == part.code())
    };
    DossierFacts {
        meeting_confirmed: d.meeting_on.is_some() && d.confirmed_at.is_some(),
        minutes_uploaded: has(None, DossierPart::BienBan),
        nominees: nominees
            .iter()
            .filter_map(|n| {
                Some(NomineeFacts {
                    name: n.name.clone(),
                    award: n.award_code()?,
                    individual: n.person_id.is_some(),
                    citation: n.citation.clone(),
                    has_report: has(Some(n.id), DossierPart::BaoCao),
                    has_certificate: n.has_initiative || has(Some(n.id), DossierPart::ChungNhan),
                    has_votes: n.votes_agree.is_some(),
                })
            })
            .collect(),
    }
}

/// Which dossiers the board shows.
#[derive(Debug, Clone, Default)]
pub struct DossierFilter {
    pub year: Option<i32>,
    pub status: Option<DossierStatus>,
}

macro_rules! dossier_columns {
    () => {
        "d.id, d.year, d.unit_id, u.name AS unit_name, u.path AS unit_path, d.plan_id, d.kind, d.status,
         d.meeting_on, d.meeting_present, d.meeting_total, d.meeting_chair, d.meeting_secretary, d.meeting_notes,
         d.confirmed_at, d.confirmed_by, d.return_reason, d.extension_until, d.submitted_at, d.submitted_by,
         (SELECT COUNT(*) FROM dossier_nominees n WHERE n.dossier_id = d.id) AS nominees"
    };
}

/// Nominees of one dossier ($1), people and collectives, in the order they were added.
const NOMINEES_SQL: &str = "SELECT n.id, n.person_id, n.unit_id,
        COALESCE(p.full_name, nu.name) AS name, COALESCE(p.code, nu.code) AS code,
        COALESCE(p.position, '') AS position, COALESCE(p.is_manager, FALSE) AS is_manager,
        COALESCE(p.gender, '') AS gender, COALESCE(pu.name, nu.name) AS unit_name,
        n.award, n.citation, n.votes_agree, n.verdict, n.verdict_json, n.checked_at,
        EXISTS (SELECT 1 FROM initiative_authors a JOIN initiatives i ON i.id = a.initiative_id
                WHERE a.person_id = n.person_id AND i.recognized_on IS NOT NULL) AS has_initiative
     FROM dossier_nominees n
     LEFT JOIN people p ON p.id = n.person_id LEFT JOIN units pu ON pu.id = p.unit_id
     LEFT JOIN units nu ON nu.id = n.unit_id
     WHERE n.dossier_id = $1 ORDER BY n.id";

const FILES_SQL: &str = "SELECT id, dossier_id, nominee_id, part, file_name, sha256, size, mime, uploaded_at, uploaded_by
     FROM dossier_files WHERE dossier_id = $1 ORDER BY id";

impl Store {
    /// The board: dossiers of the actor's subtrees, by year and unit.
    pub async fn dossiers(&self, actor: &Actor, f: &DossierFilter) -> Result<Vec<Dossier>> {
        let Some(r) = scope_ranges(&actor.scopes(Action::View)) else {
            return Ok(vec![]);
        };
        on_pool!(&self.db, p => sqlx::query_as::<_, Dossier>(concat!(
            "SELECT ", dossier_columns!(), " FROM dossiers d JOIN units u ON u.id = d.unit_id
             WHERE ((u.path >= $1 AND u.path < $2) OR (u.path >= $3 AND u.path < $4)
                 OR (u.path >= $5 AND u.path < $6) OR (u.path >= $7 AND u.path < $8))
               AND (CAST($9 AS BIGINT) IS NULL OR d.year = $9) AND (CAST($10 AS TEXT) IS NULL OR d.status = $10)
             ORDER BY d.year DESC, u.path, d.kind LIMIT 5000"))
            .bind(&r[0]).bind(&r[1]).bind(&r[2]).bind(&r[3]).bind(&r[4]).bind(&r[5]).bind(&r[6]).bind(&r[7])
            .bind(f.year.map(i64::from)).bind(f.status.map(|s| s.code())).fetch_all(p).await)
        .map_err(internal)
    }

    /// One dossier, if the actor sees its unit.
    pub async fn dossier(&self, actor: &Actor, id: i64) -> Result<DossierView> {
        let dossier = on_pool!(&self.db, p => sqlx::query_as::<_, Dossier>(concat!(
            "SELECT ", dossier_columns!(), " FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE d.id = $1"))
            .bind(id).fetch_optional(p).await)
        .map_err(internal)?
        .filter(|d| actor.can(Action::View, &d.unit_path))
        .ok_or_else(|| Error::NotFound("hồ sơ".into()))?;
        let nominees = on_pool!(&self.db, p => sqlx::query_as::<_, Nominee>(NOMINEES_SQL).bind(id).fetch_all(p).await)
            .map_err(internal)?;
        let files = on_pool!(&self.db, p => sqlx::query_as::<_, DossierFile>(FILES_SQL).bind(id).fetch_all(p).await)
            .map_err(internal)?;
        let events = on_pool!(&self.db, p => sqlx::query_as::<_, DossierEvent>(
            "SELECT at, actor, action, note FROM dossier_events WHERE dossier_id = $1 ORDER BY id")
            .bind(id).fetch_all(p).await)
        .map_err(internal)?;
        let due = match dossier.plan_id {
            Some(plan) => self.plan_due(plan, MilestoneKind::Dossier).await?,
            None => None,
        };
        Ok(DossierView {
            dossier,
            nominees,
            files,
            events,
            due,
        })
    }

    /// People and collectives of a unit's subtree already nominated for `year`
    /// (any dossier, any award): (person or unit id, award).
    pub async fn nominated_in(
        &self,
        unit_path: &str,
        year: i32,
    ) -> Result<Vec<(Option<i64>, Option<i64>, String)>> {
        let (lo, hi) = subtree_range(unit_path);
        on_pool!(&self.db, p => sqlx::query_as::<_, (Option<i64>, Option<i64>, String)>(
            "SELECT n.person_id, n.unit_id, n.award FROM dossier_nominees n JOIN dossiers d ON d.id = n.dossier_id
             JOIN units u ON u.id = d.unit_id WHERE d.year = $3 AND u.path >= $1 AND u.path < $2")
            .bind(&lo).bind(&hi).bind(i64::from(year)).fetch_all(p).await)
        .map_err(internal)
    }
}

impl WriteTx<'_> {
    async fn dossier_row(&mut self, id: i64) -> Result<Dossier> {
        on_tx!(&mut self.tx, c => sqlx::query_as::<_, Dossier>(concat!(
            "SELECT ", dossier_columns!(), " FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE d.id = $1"))
            .bind(id).fetch_optional(c).await)
        .map_err(internal)?
        .ok_or_else(|| Error::NotFound("hồ sơ".into()))
    }

    /// The dossier, if this actor may change its content now: the unit's
    /// clerk or head while it is a draft or returned.
    async fn editable_dossier(&mut self, id: i64) -> Result<Dossier> {
        let d = self.dossier_row(id).await?;
        self.require(Action::Register, &d.unit_path)?;
        d.state().after(DossierAction::Edit)?;
        Ok(d)
    }

    async fn dossier_event(&mut self, id: i64, action: DossierAction, note: &str) -> Result<()> {
        let (now, actor) = (self.now, self.actor.display_name.clone());
        on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO dossier_events (dossier_id, at, actor, action, note) VALUES ($1, $2, $3, $4, $5)")
            .bind(id).bind(now).bind(&actor).bind(action.code()).bind(note).execute(c).await.map(|_| ()))
        .map_err(internal)?;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE dossiers SET updated_at = $1 WHERE id = $2")
            .bind(now).bind(id).execute(c).await.map(|_| ()))
        .map_err(internal)
    }

    async fn dossier_audit(
        &mut self,
        d: &Dossier,
        action: &str,
        summary: String,
        new: serde_json::Value,
    ) -> Result<()> {
        self.audit(Change {
            action,
            entity: "dossier",
            entity_id: d.id.to_string(),
            unit_path: &d.unit_path,
            summary,
            old: None,
            new: Some(new),
        })
        .await
    }

    /// A new dossier of `unit_id` for `year` and `kind` (one per unit, year and kind).
    pub async fn create_dossier(
        &mut self,
        unit_id: i64,
        year: i32,
        plan_id: Option<i64>,
        kind: AwardKind,
    ) -> Result<i64> {
        let unit_path = self.unit_path_of(unit_id).await?;
        self.require(Action::Register, &unit_path)?;
        if !(1990..=2100).contains(&year) {
            return Err(Error::invalid("year", format!("Năm {year} không hợp lệ.")));
        }
        if let Some(plan) = plan_id {
            let (plan_path, _, published) = self.plan_row(plan).await?;
            if !published || !unit_path.starts_with(&plan_path) {
                return Err(Error::invalid(
                    "plan_id",
                    "Kế hoạch không áp dụng cho đơn vị này.",
                ));
            }
        }
        let existing: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT id FROM dossiers WHERE unit_id = $1 AND year = $2 AND kind = $3")
            .bind(unit_id).bind(i64::from(year)).bind(kind.code()).fetch_optional(c).await)
        .map_err(internal)?;
        if existing.is_some() {
            return Err(Error::Conflict(FieldError::new(
                "kind",
                format!(
                    "Đơn vị đã có hồ sơ «{}» năm {year}: mở hồ sơ đó để bổ sung.",
                    kind.label()
                ),
            )));
        }
        let now = self.now;
        let id: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "INSERT INTO dossiers (year, unit_id, plan_id, kind, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id")
            .bind(i64::from(year)).bind(unit_id).bind(plan_id).bind(kind.code()).bind(DossierStatus::Draft.code()).bind(now)
            .fetch_one(c).await)
        .map_err(internal)?;
        self.dossier_event(id, DossierAction::Edit, "Tạo hồ sơ")
            .await?;
        let d = self.dossier_row(id).await?;
        self.dossier_audit(
            &d,
            "create",
            format!(
                "Tạo hồ sơ đề nghị khen thưởng năm {year} ({})",
                kind.label()
            ),
            json!({"year": year, "kind": kind.code()}),
        )
        .await?;
        Ok(id)
    }

    /// Adds a person or a collective of the dossier's unit for `award`.
    pub async fn add_nominee(
        &mut self,
        dossier_id: i64,
        subject: Subject,
        award: AwardCode,
        citation: &str,
    ) -> Result<i64> {
        let d = self.editable_dossier(dossier_id).await?;
        let (lo, hi) = subtree_range(&d.unit_path);
        let (kind, found): (SubjectKind, Option<(String, bool)>) = match subject {
            Subject::Person(id) => (
                SubjectKind::Individual,
                on_tx!(&mut self.tx, c => sqlx::query_as("SELECT full_name, active FROM people WHERE id = $1 AND unit_path >= $2 AND unit_path < $3")
                    .bind(id).bind(&lo).bind(&hi).fetch_optional(c).await)
                .map_err(internal)?,
            ),
            Subject::Unit(id) => (
                SubjectKind::Collective,
                on_tx!(&mut self.tx, c => sqlx::query_as("SELECT name, active FROM units WHERE id = $1 AND path >= $2 AND path < $3")
                    .bind(id).bind(&lo).bind(&hi).fetch_optional(c).await)
                .map_err(internal)?,
            ),
        };
        let Some((name, true)) = found else {
            return Err(Error::invalid(
                "subject",
                format!(
                    "Chỉ đề nghị cán bộ, tập thể đang hoạt động thuộc {}.",
                    d.unit_name
                ),
            ));
        };
        if !award.applies_to_kind(kind) {
            return Err(Error::invalid(
                "award",
                format!(
                    "«{}» không dành cho {}.",
                    award.label(),
                    if kind == SubjectKind::Individual {
                        "cá nhân"
                    } else {
                        "tập thể"
                    }
                ),
            ));
        }
        let (pid, uid) = match subject {
            Subject::Person(id) => (Some(id), None),
            Subject::Unit(id) => (None, Some(id)),
        };
        let dup: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT id FROM dossier_nominees WHERE dossier_id = $1 AND award = $2 AND (person_id = $3 OR unit_id = $4)")
            .bind(dossier_id).bind(award.code()).bind(pid).bind(uid).fetch_optional(c).await)
        .map_err(internal)?;
        if dup.is_some() {
            return Err(Error::invalid(
                "subject",
                format!("{name} đã có trong hồ sơ với «{}».", award.label()),
            ));
        }
        let now = self.now;
        let id: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "INSERT INTO dossier_nominees (dossier_id, person_id, unit_id, award, citation, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(dossier_id).bind(pid).bind(uid).bind(award.code()).bind(citation.trim()).bind(now).fetch_one(c).await)
        .map_err(internal)?;
        self.dossier_event(
            dossier_id,
            DossierAction::Edit,
            &format!("Thêm {name} – {}", award.short_label()),
        )
        .await?;
        self.dossier_audit(
            &d,
            "update",
            format!("Đề nghị {} cho {name}", award.label()),
            json!({"person_id": pid, "unit_id": uid, "award": award.code()}),
        )
        .await?;
        Ok(id)
    }

    /// Changes a nominee's citation and the unit's vote count.
    pub async fn update_nominee(
        &mut self,
        dossier_id: i64,
        nominee_id: i64,
        citation: &str,
        votes_agree: Option<u32>,
    ) -> Result<()> {
        let d = self.editable_dossier(dossier_id).await?;
        if let (Some(v), Some(present)) = (votes_agree, d.meeting_present) {
            check_votes(v, present.max(0) as u32)?;
        }
        if citation.chars().count() > 2_000 {
            return Err(Error::invalid(
                "citation",
                "Nội dung khen thưởng dài quá 2.000 ký tự.",
            ));
        }
        let n = on_tx!(&mut self.tx, c => sqlx::query(
            "UPDATE dossier_nominees SET citation = $1, votes_agree = $2 WHERE id = $3 AND dossier_id = $4")
            .bind(citation.trim()).bind(votes_agree.map(i64::from)).bind(nominee_id).bind(dossier_id)
            .execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        if n == 0 {
            return Err(Error::NotFound("người được đề nghị".into()));
        }
        self.dossier_audit(
            &d,
            "update",
            "Cập nhật nội dung khen thưởng, số phiếu".into(),
            json!({"nominee": nominee_id, "citation": citation.trim(), "votes_agree": votes_agree}),
        )
        .await
    }

    pub async fn remove_nominee(&mut self, dossier_id: i64, nominee_id: i64) -> Result<()> {
        let d = self.editable_dossier(dossier_id).await?;
        let n = on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM dossier_nominees WHERE id = $1 AND dossier_id = $2")
            .bind(nominee_id).bind(dossier_id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        if n == 0 {
            return Err(Error::NotFound("người được đề nghị".into()));
        }
        self.dossier_event(
            dossier_id,
            DossierAction::Edit,
            "Bỏ một người, tập thể khỏi hồ sơ",
        )
        .await?;
        self.dossier_audit(
            &d,
            "update",
            "Bỏ khỏi hồ sơ đề nghị".into(),
            json!({"nominee": nominee_id}),
        )
        .await
    }

    /// Records the unit's evaluation meeting; its confirmation is asked again.
    pub async fn record_meeting(&mut self, dossier_id: i64, m: &Meeting) -> Result<()> {
        let d = self.editable_dossier(dossier_id).await?;
        let over: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT MAX(votes_agree) FROM dossier_nominees WHERE dossier_id = $1")
            .bind(dossier_id).fetch_one(c).await)
        .map_err(internal)?;
        if let Some(v) = over {
            check_votes(v.max(0) as u32, m.present)?;
        }
        on_tx!(&mut self.tx, c => sqlx::query(
            "UPDATE dossiers SET meeting_on = $1, meeting_present = $2, meeting_total = $3, meeting_chair = $4,
                 meeting_secretary = $5, meeting_notes = $6, confirmed_at = NULL, confirmed_by = '' WHERE id = $7")
            .bind(m.held_on).bind(i64::from(m.present)).bind(i64::from(m.total)).bind(&m.chair).bind(&m.secretary).bind(&m.notes).bind(dossier_id)
            .execute(c).await.map(|_| ()))
        .map_err(internal)?;
        self.dossier_event(
            dossier_id,
            DossierAction::Edit,
            &format!(
                "Ghi kết quả họp bình xét ngày {}",
                tdkt_domain::text::format_date(m.held_on)
            ),
        )
        .await?;
        self.dossier_audit(
            &d,
            "update",
            "Ghi kết quả họp bình xét".into(),
            json!({"held_on": m.held_on, "present": m.present, "total": m.total}),
        )
        .await
    }

    /// The unit head confirms the meeting's record (xác nhận của thủ trưởng đơn vị).
    pub async fn confirm_meeting(&mut self, dossier_id: i64) -> Result<()> {
        let d = self.dossier_row(dossier_id).await?;
        self.require(Action::Submit, &d.unit_path)?;
        d.state().after(DossierAction::Edit)?;
        if d.meeting_on.is_none() {
            return Err(Error::invalid(
                "meeting",
                "Chưa ghi kết quả họp bình xét để xác nhận.",
            ));
        }
        let (now, by) = (self.now, self.actor.display_name.clone());
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE dossiers SET confirmed_at = $1, confirmed_by = $2 WHERE id = $3")
            .bind(now).bind(&by).bind(dossier_id).execute(c).await.map(|_| ()))
        .map_err(internal)?;
        self.dossier_event(
            dossier_id,
            DossierAction::Edit,
            "Trưởng đơn vị xác nhận kết quả bình xét",
        )
        .await?;
        self.dossier_audit(
            &d,
            "confirm",
            "Xác nhận kết quả họp bình xét".into(),
            json!({"by": by}),
        )
        .await
    }

    /// Names an uploaded file (already stored under its hash) in the dossier.
    /// The unit adds files while it edits; the Office may add during appraisal.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_dossier_file(
        &mut self,
        dossier_id: i64,
        nominee_id: Option<i64>,
        part: DossierPart,
        file_name: &str,
        sha256: &str,
        size: i64,
        mime: &str,
    ) -> Result<i64> {
        let d = self.dossier_row(dossier_id).await?;
        self.may_attach(&d)?;
        if let Some(n) = nominee_id {
            let ok: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT id FROM dossier_nominees WHERE id = $1 AND dossier_id = $2")
                .bind(n).bind(dossier_id).fetch_optional(c).await)
            .map_err(internal)?;
            if ok.is_none() {
                return Err(Error::invalid(
                    "nominee",
                    "Người được đề nghị không thuộc hồ sơ này.",
                ));
            }
        }
        let (now, by) = (self.now, self.actor.display_name.clone());
        let id: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "INSERT INTO dossier_files (dossier_id, nominee_id, part, file_name, sha256, size, mime, uploaded_at, uploaded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
            .bind(dossier_id).bind(nominee_id).bind(part.code()).bind(file_name).bind(sha256).bind(size).bind(mime).bind(now).bind(&by)
            .fetch_one(c).await)
        .map_err(internal)?;
        self.dossier_event(
            dossier_id,
            DossierAction::Edit,
            &format!("Tải lên {}: {file_name}", part.label()),
        )
        .await?;
        self.dossier_audit(
            &d,
            "upload",
            format!("Tải lên {}: {file_name}", part.label()),
            json!({"file": id, "sha256": sha256, "size": size}),
        )
        .await?;
        Ok(id)
    }

    fn may_attach(&self, d: &Dossier) -> Result<()> {
        let unit_edits = d.state().editable() && self.actor.can(Action::Register, &d.unit_path);
        let office_appraises = matches!(
            d.state(),
            DossierStatus::Received | DossierStatus::Reviewing
        ) && self.actor.can(Action::Review, &d.unit_path);
        if unit_edits || office_appraises {
            Ok(())
        } else if !self.actor.can(Action::Register, &d.unit_path)
            && !self.actor.can(Action::Review, &d.unit_path)
        {
            Err(Error::Forbidden)
        } else {
            Err(Error::invalid(
                "status",
                format!(
                    "Hồ sơ đang ở trạng thái «{}»: không thêm, bớt tệp được.",
                    d.state().label().to_lowercase()
                ),
            ))
        }
    }

    pub async fn remove_dossier_file(&mut self, dossier_id: i64, file_id: i64) -> Result<()> {
        let d = self.dossier_row(dossier_id).await?;
        self.may_attach(&d)?;
        let n = on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM dossier_files WHERE id = $1 AND dossier_id = $2")
            .bind(file_id).bind(dossier_id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        if n == 0 {
            return Err(Error::NotFound("tệp".into()));
        }
        self.dossier_event(dossier_id, DossierAction::Edit, "Xóa một tệp")
            .await?;
        self.dossier_audit(
            &d,
            "update",
            "Xóa tệp khỏi hồ sơ".into(),
            json!({"file": file_id}),
        )
        .await
    }

    /// A dossier's nominees as the transaction sees them: (id, name, award,
    /// citation, is a person).
    pub async fn dossier_nominee_lines(
        &mut self,
        dossier_id: i64,
    ) -> Result<Vec<(i64, String, String, String, bool)>> {
        let rows = on_tx!(&mut self.tx, c => sqlx::query_as::<_, Nominee>(NOMINEES_SQL).bind(dossier_id).fetch_all(c).await)
            .map_err(internal)?;
        Ok(rows
            .into_iter()
            .map(|n| (n.id, n.name, n.award, n.citation, n.person_id.is_some()))
            .collect())
    }

    /// Keeps the rules engine's verdict on each nominee with the facts it read:
    /// (nominee, outcome code, verdict as JSON, facts as JSON).
    pub async fn store_verdicts(
        &mut self,
        dossier_id: i64,
        verdicts: &[(i64, String, String, String)],
    ) -> Result<()> {
        let d = self.dossier_row(dossier_id).await?;
        if !self.actor.can(Action::Register, &d.unit_path)
            && !self.actor.can(Action::Review, &d.unit_path)
        {
            return Err(Error::Forbidden);
        }
        let now = self.now;
        for (nominee, outcome, verdict, facts) in verdicts {
            on_tx!(&mut self.tx, c => sqlx::query(
                "UPDATE dossier_nominees SET verdict = $1, verdict_json = $2, facts_json = $3, checked_at = $4 WHERE id = $5 AND dossier_id = $6")
                .bind(outcome).bind(verdict).bind(facts).bind(now).bind(nominee).bind(dossier_id).execute(c).await.map(|_| ()))
            .map_err(internal)?;
        }
        Ok(())
    }

    /// What the dossier lacks, read in this transaction.
    async fn missing_now(&mut self, d: &Dossier, params: &Params) -> Result<Vec<Missing>> {
        let nominees = on_tx!(&mut self.tx, c => sqlx::query_as::<_, Nominee>(NOMINEES_SQL).bind(d.id).fetch_all(c).await)
            .map_err(internal)?;
        let files = on_tx!(&mut self.tx, c => sqlx::query_as::<_, DossierFile>(FILES_SQL).bind(d.id).fetch_all(c).await)
            .map_err(internal)?;
        Ok(missing_parts(&facts_of(d, &nominees, &files), params))
    }

    /// Moves a dossier through its flow. Submitting needs it complete and in time
    /// (or within the extension); the Office passes to the council only a
    /// complete one. `today` is the day in Vietnam.
    pub async fn dossier_action(
        &mut self,
        id: i64,
        action: DossierAction,
        note: &str,
        extend_to: Option<NaiveDate>,
        today: NaiveDate,
        params: &Params,
    ) -> Result<DossierStatus> {
        let d = self.dossier_row(id).await?;
        match action {
            DossierAction::Edit => self.require(Action::Register, &d.unit_path)?,
            DossierAction::Submit => self.require(Action::Submit, &d.unit_path)?,
            _ => {
                // The Office of the agency the unit belongs to (its parent's subtree).
                let office_path = match d.plan_id {
                    Some(p) => self.plan_row(p).await?.0,
                    None => d.unit_path.clone(),
                };
                self.require(Action::Review, &office_path)?
            }
        }
        let new = d.state().after(action)?;
        let note = note.trim();
        let now = self.now;
        let incomplete = |m: &[Missing]| {
            let list: Vec<String> = m
                .iter()
                .map(|x| match &x.nominee {
                    Some(n) => format!("{n}: {}", x.what),
                    None => x.what.clone(),
                })
                .collect();
            Error::invalid(
                "parts",
                format!("Hồ sơ chưa đủ thành phần: {}", list.join(" ")),
            )
        };
        match action {
            DossierAction::Submit => {
                if let Some(plan) = d.plan_id
                    && let Some(due) = self.plan_milestone(plan, MilestoneKind::Dossier).await?
                {
                    within_deadline(
                        today,
                        due,
                        d.extension_until,
                        "nộp hồ sơ đề nghị khen thưởng",
                    )?;
                }
                let missing = self.missing_now(&d, params).await?;
                if !missing.is_empty() {
                    return Err(incomplete(&missing));
                }
                let by = self.actor.user_id;
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE dossiers SET status = $1, submitted_at = $2, submitted_by = $3, return_reason = '' WHERE id = $4")
                    .bind(new.code()).bind(now).bind(by).bind(id).execute(c).await.map(|_| ()))
                .map_err(internal)?;
                self.notify(
                    &d.unit_path,
                    &[Role::Secretariat],
                    &format!(
                        "{} đã gửi hồ sơ đề nghị khen thưởng năm {}.",
                        d.unit_name, d.year
                    ),
                    &format!("/ho-so/{id}"),
                )
                .await?;
            }
            DossierAction::Return => {
                if note.is_empty() {
                    return Err(Error::invalid(
                        "note",
                        "Hãy ghi lý do trả lại để đơn vị bổ sung.",
                    ));
                }
                if self.separate_duties
                    && d.submitted_by.is_some()
                    && d.submitted_by == self.actor.user_id
                {
                    return Err(Error::invalid(
                        "action",
                        "Bạn là người đã gửi hồ sơ này nên không thể tự trả lại (phân tách nhiệm vụ).",
                    ));
                }
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE dossiers SET status = $1, return_reason = $2 WHERE id = $3")
                    .bind(new.code()).bind(note).bind(id).execute(c).await.map(|_| ()))
                .map_err(internal)?;
                self.notify(
                    &d.unit_path,
                    &[Role::UnitClerk, Role::UnitHead],
                    &format!(
                        "Văn phòng trả lại hồ sơ đề nghị khen thưởng của {}: {note}",
                        d.unit_name
                    ),
                    &format!("/ho-so/{id}"),
                )
                .await?;
            }
            DossierAction::Ready => {
                let missing = self.missing_now(&d, params).await?;
                if !missing.is_empty() {
                    return Err(incomplete(&missing));
                }
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE dossiers SET status = $1 WHERE id = $2")
                    .bind(new.code()).bind(id).execute(c).await.map(|_| ()))
                .map_err(internal)?;
            }
            DossierAction::Receive | DossierAction::Review => {
                if self.separate_duties
                    && d.submitted_by.is_some()
                    && d.submitted_by == self.actor.user_id
                {
                    return Err(Error::invalid(
                        "action",
                        "Bạn là người đã gửi hồ sơ này nên không thể tự tiếp nhận, thẩm định (phân tách nhiệm vụ).",
                    ));
                }
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE dossiers SET status = $1 WHERE id = $2")
                    .bind(new.code()).bind(id).execute(c).await.map(|_| ()))
                .map_err(internal)?;
            }
            DossierAction::Extend => {
                let until = tdkt_domain::emulation::registration::extension_date(extend_to, today)?;
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE dossiers SET extension_until = $1 WHERE id = $2")
                    .bind(until).bind(id).execute(c).await.map(|_| ()))
                .map_err(internal)?;
                self.notify(
                    &d.unit_path,
                    &[Role::UnitClerk, Role::UnitHead],
                    &format!(
                        "Văn phòng gia hạn nộp hồ sơ của {} đến {}.",
                        d.unit_name,
                        tdkt_domain::text::format_date(until)
                    ),
                    &format!("/ho-so/{id}"),
                )
                .await?;
            }
            DossierAction::Edit => {}
        }
        let note_text = match (action, extend_to) {
            (DossierAction::Extend, Some(u)) => tdkt_domain::text::format_date(u),
            _ => note.to_string(),
        };
        self.dossier_event(id, action, &note_text).await?;
        self.audit(Change {
            action: action.code(),
            entity: "dossier",
            entity_id: id.to_string(),
            unit_path: &d.unit_path,
            summary: format!(
                "{}: hồ sơ của {} năm {}{}",
                action.label(),
                d.unit_name,
                d.year,
                if note_text.is_empty() {
                    String::new()
                } else {
                    format!(" ({note_text})")
                }
            ),
            old: Some(json!({"status": d.status})),
            new: Some(json!({"status": new.code()})),
        })
        .await?;
        Ok(new)
    }
}

/// What the rules engine reads of one nominee: the rules' view of the person or
/// unit, a unit's members (its active people), and the recorded history as the
/// tables hold it (kept with the verdict as the facts it used).
pub struct NomineeHistory {
    pub nominee_id: i64,
    pub history: tdkt_domain::rules::History,
    pub members: Vec<tdkt_domain::rules::History>,
    /// A collective's places in its blocs' rankings.
    pub blocs: Vec<tdkt_domain::rules::BlocStanding>,
    pub facts: crate::history::History,
}

impl Store {
    /// The histories the engine needs for `nominees` (one read per person).
    pub async fn nominee_histories(&self, nominees: &[Nominee]) -> Result<Vec<NomineeHistory>> {
        let mut out = Vec::with_capacity(nominees.len());
        for n in nominees {
            match (n.person_id, n.unit_id) {
                (Some(pid), _) => {
                    let (history, facts) = self.person_rules_history(pid).await?;
                    out.push(NomineeHistory {
                        nominee_id: n.id,
                        history,
                        members: vec![],
                        blocs: vec![],
                        facts,
                    });
                }
                (None, Some(uid)) => {
                    let unit = self.unit(uid).await?;
                    let parent = match unit.parent_id {
                        Some(p) => Some(self.unit(p).await?.code),
                        None => None,
                    };
                    let facts = self.history(Subject::Unit(uid)).await?;
                    let history =
                        crate::history::unit_rules_history(&unit, parent.as_deref(), &facts);
                    let (lo, hi) = subtree_range(&unit.path);
                    let ids: Vec<i64> = on_pool!(&self.db, p => sqlx::query_scalar(
                        "SELECT id FROM people WHERE active = TRUE AND unit_path >= $1 AND unit_path < $2 ORDER BY id")
                        .bind(&lo).bind(&hi).fetch_all(p).await)
                    .map_err(internal)?;
                    let mut members = Vec::with_capacity(ids.len());
                    for id in ids {
                        members.push(self.person_rules_history(id).await?.0);
                    }
                    out.push(NomineeHistory {
                        nominee_id: n.id,
                        history,
                        members,
                        blocs: self.bloc_standings_of(uid).await?,
                        facts,
                    });
                }
                (None, None) => {}
            }
        }
        Ok(out)
    }

    /// The rules engine's verdict on each nominee of `v` under `book`, decided at
    /// the end of the dossier's year, with the facts it read: (nominee, outcome
    /// code, verdict as JSON, facts as JSON), ready for [`WriteTx::store_verdicts`].
    pub async fn dossier_verdicts(
        &self,
        v: &DossierView,
        book: &tdkt_domain::rules::RuleBook,
    ) -> Result<Vec<(i64, String, String, String)>> {
        use tdkt_domain::rules::{Collective, Subject as RuleSubject, evaluate};
        let year = v.dossier.year as i32;
        let on = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        let histories = self.nominee_histories(&v.nominees).await?;
        let mut out = Vec::with_capacity(histories.len());
        for h in &histories {
            let Some(n) = v.nominees.iter().find(|n| n.id == h.nominee_id) else {
                continue;
            };
            let Some(award) = n.award_code() else {
                continue;
            };
            let subject = if n.person_id.is_some() {
                RuleSubject::Individual(&h.history)
            } else {
                RuleSubject::Collective(Collective {
                    unit: &h.history,
                    members: h.members.iter().collect(),
                    blocs: h.blocs.clone(),
                })
            };
            let verdict = evaluate(&subject, award, year, on, book);
            out.push((
                h.nominee_id,
                verdict.outcome.code().to_string(),
                serde_json::to_string(&verdict).map_err(internal)?,
                serde_json::to_string(&h.facts).map_err(internal)?,
            ));
        }
        Ok(out)
    }
}
