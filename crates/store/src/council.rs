//! The council (see `tdkt_domain::commendation`): members by term, sessions
//! with their agenda of dossier nominees, attendance and recusals, the secret
//! ballot, the close that reveals the tallies and writes them where the rules
//! engine reads council votes, the outcome per nominee, the publication for
//! comment, and the registration of awards decided by superior bodies.
//!
//! The ballot is kept in two tables that share nothing but the item:
//! `ballot_voters` (which member has voted on an item — no choice, no time)
//! and `ballots` (a random receipt and the choice — no member, no time). Both
//! are keyed so that their stored order is not the order of voting, and at the
//! close the ballots are rewritten in receipt order. Nothing the server keeps
//! links a member to a choice; the voter alone is shown the receipt, and after
//! the close every ballot is listed by receipt so each voter can find theirs
//! and anyone can recount.

use crate::actor::subtree_range;
use crate::write::Change;
use crate::{Actor, Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use tdkt_domain::auth::Action;
use tdkt_domain::codes::{AwardCode, SubjectKind};
use tdkt_domain::commendation::ballot::{
    Choice, Conclusion, Outcome, Tally, VoteResult, ballot_threshold, proposed_outcome,
};
use tdkt_domain::commendation::council::{
    Attendance, CouncilRole, CouncilTerm, MemberFacts, NomineeRef, Session, SessionStatus,
    check_members, check_quorum, has_chair, recused,
};
use tdkt_domain::emulation::dossier::DossierStatus;
use tdkt_domain::error::{Error, FieldError};
use tdkt_domain::rules::Params;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Council {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_path: String,
    pub name: String,
    pub from_year: i64,
    pub to_year: i64,
    /// The reading account sits on this council.
    pub is_member: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CouncilMember {
    pub id: i64,
    pub council_id: i64,
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub person_id: Option<i64>,
    pub person_unit_id: Option<i64>,
    pub role: String,
    pub title: String,
    pub standing: bool,
}

impl CouncilMember {
    pub fn council_role(&self) -> CouncilRole {
        CouncilRole::parse(&self.role).unwrap_or(CouncilRole::Member)
    }

    fn facts(&self) -> MemberFacts {
        MemberFacts {
            role: self.council_role(),
            person_id: self.person_id,
            unit_ids: self.person_unit_id.into_iter().collect(),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CouncilSession {
    pub id: i64,
    pub council_id: i64,
    pub council_name: String,
    pub unit_id: i64,
    pub unit_path: String,
    pub year: i64,
    pub held_on: NaiveDate,
    pub place: String,
    pub notes: String,
    pub ballot_all: bool,
    pub status: String,
    pub members_total: Option<i64>,
    pub opened_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub disclosure_from: Option<NaiveDate>,
    pub disclosure_until: Option<NaiveDate>,
}

impl CouncilSession {
    pub fn state(&self) -> SessionStatus {
        SessionStatus::parse(&self.status).unwrap_or(SessionStatus::Preparing)
    }

    /// Whether the public page lists this session's proposals on `day`.
    pub fn disclosed_on(&self, day: NaiveDate) -> bool {
        self.disclosure_from.is_some_and(|f| f <= day)
    }
}

/// One nominee on the agenda.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Item {
    pub id: i64,
    pub session_id: i64,
    pub nominee_id: i64,
    pub dossier_id: i64,
    pub dossier_unit: String,
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub name: String,
    pub position: String,
    pub unit_name: String,
    pub is_manager: bool,
    pub gender: String,
    pub award: String,
    pub citation: String,
    pub verdict: Option<String>,
    pub threshold: Option<f64>,
    pub agree: Option<i64>,
    pub disagree: Option<i64>,
    pub abstain: Option<i64>,
    pub outcome: Option<String>,
    pub outcome_award: Option<String>,
    pub outcome_reason: String,
    pub upward_decision: String,
    pub voters: i64,
    /// Number of the signed decision that gave the award, if any.
    pub decision: Option<String>,
}

impl Item {
    pub fn award_code(&self) -> Option<AwardCode> {
        AwardCode::parse(&self.award).ok()
    }

    pub fn kind(&self) -> SubjectKind {
        if self.person_id.is_some() {
            SubjectKind::Individual
        } else {
            SubjectKind::Collective
        }
    }

    fn nominee_ref(&self) -> NomineeRef {
        match (self.person_id, self.unit_id) {
            (Some(p), _) => NomineeRef::Person(p),
            (None, u) => NomineeRef::Unit(u.unwrap_or_default()),
        }
    }

    pub fn conclusion(&self) -> Option<Outcome> {
        self.outcome.as_deref().and_then(|o| Outcome::parse(o).ok())
    }

    /// The award given: the one nominated, or the lower one of a downgrade.
    pub fn given_award(&self) -> Option<AwardCode> {
        self.outcome_award
            .as_deref()
            .and_then(|a| AwardCode::parse(a).ok())
            .or_else(|| self.award_code())
    }

    /// The vote against its rule, once closed.
    pub fn vote(&self, members: Option<i64>) -> Option<VoteResult> {
        Some(VoteResult {
            tally: Tally {
                agree: self.agree?.max(0) as u32,
                disagree: self.disagree?.max(0) as u32,
                abstain: self.abstain?.max(0) as u32,
            },
            members: members?.max(0) as u32,
            threshold: self.threshold?,
        })
    }
}

/// A session with everything its page shows.
#[derive(Debug, Clone)]
pub struct SessionView {
    pub session: CouncilSession,
    pub members: Vec<CouncilMember>,
    /// (member id, attendance)
    pub attendance: Vec<(i64, String)>,
    pub items: Vec<Item>,
    /// (item id, member id, reason)
    pub recusals: Vec<(i64, i64, String)>,
    /// The member the actor is, if any.
    pub me: Option<CouncilMember>,
    /// Items the actor has voted on.
    pub my_votes: Vec<i64>,
    pub comments: Vec<Comment>,
}

impl SessionView {
    pub fn attendance_of(&self, member_id: i64) -> Option<Attendance> {
        self.attendance
            .iter()
            .find(|(m, _)| *m == member_id)
            .and_then(|(_, a)| Attendance::parse(a).ok())
    }

    pub fn recused(&self, item_id: i64, member_id: i64) -> bool {
        self.recusals
            .iter()
            .any(|(i, m, _)| *i == item_id && *m == member_id)
    }

    pub fn is_chair(&self) -> bool {
        self.me
            .as_ref()
            .is_some_and(|m| m.council_role() == CouncilRole::Chair)
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Comment {
    pub id: i64,
    pub item_id: Option<i64>,
    pub author: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

/// A ballot as listed after the close, for each voter to find theirs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PublishedBallot {
    pub item_id: i64,
    pub receipt: String,
    pub choice: String,
}

/// A dossier nominee that may go on a session's agenda.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Candidate {
    pub nominee_id: i64,
    pub name: String,
    pub unit_name: String,
    pub award: String,
}

/// A session a member still has to vote in.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PendingVote {
    pub session_id: i64,
    pub council_name: String,
    pub year: i64,
    pub items: i64,
}

macro_rules! session_columns {
    () => {
        "s.id, s.council_id, c.name AS council_name, c.unit_id, u.path AS unit_path, s.year, s.held_on, s.place, s.notes, s.ballot_all,
         s.status, s.members_total, s.opened_at, s.closed_at, s.disclosure_from, s.disclosure_until
         FROM council_sessions s JOIN councils c ON c.id = s.council_id JOIN units u ON u.id = c.unit_id"
    };
}

const MEMBERS_SQL: &str = "SELECT m.id, m.council_id, m.user_id, us.username, COALESCE(p.full_name, us.display_name) AS display_name, us.person_id,
        p.unit_id AS person_unit_id, m.role, m.title, m.standing
     FROM council_members m JOIN users us ON us.id = m.user_id LEFT JOIN people p ON p.id = us.person_id
     WHERE m.council_id = $1
     ORDER BY CASE m.role WHEN 'chu-tich' THEN 0 WHEN 'pho-chu-tich' THEN 1 WHEN 'uy-vien' THEN 2 ELSE 3 END, m.id";

macro_rules! items_select {
    ($where:literal) => {
        concat!("SELECT i.id, i.session_id, i.nominee_id, n.dossier_id, du.name AS dossier_unit,
        n.person_id, n.unit_id, COALESCE(p.full_name, nu.name) AS name, COALESCE(p.position, '') AS position,
        COALESCE(pu.name, nu.name) AS unit_name, COALESCE(p.is_manager, FALSE) AS is_manager,
        COALESCE(p.gender, '') AS gender, n.award, n.citation, n.verdict,
        i.threshold, i.agree, i.disagree, i.abstain, i.outcome, i.outcome_award, i.outcome_reason, i.upward_decision,
        (SELECT COUNT(*) FROM ballot_voters v WHERE v.item_id = i.id) AS voters,
        (SELECT MAX(dc.symbol) FROM decision_recipients r JOIN decisions dc ON dc.id = r.decision_id
          WHERE r.item_id = i.id AND dc.status = 'da-ky') AS decision
     FROM session_items i JOIN dossier_nominees n ON n.id = i.nominee_id
     JOIN dossiers d ON d.id = n.dossier_id JOIN units du ON du.id = d.unit_id
     LEFT JOIN people p ON p.id = n.person_id LEFT JOIN units pu ON pu.id = p.unit_id
     LEFT JOIN units nu ON nu.id = n.unit_id ", $where)
    };
}

const ITEMS_SQL: &str = items_select!("WHERE i.session_id = $1 ORDER BY n.award, du.path, i.id");

/// A receipt or a public code: `len` letters and digits that cannot be misread
/// (no 0/O, 1/I), from the operating system's random source.
pub(crate) fn random_code(len: usize) -> Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).map_err(internal)?;
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect())
}

impl Store {
    /// Councils the actor can see.
    pub async fn councils(&self, actor: &Actor) -> Result<Vec<Council>> {
        let rows = on_pool!(&self.db, p => sqlx::query_as::<_, Council>(
            "SELECT c.id, c.unit_id, u.name AS unit_name, u.path AS unit_path, c.name, c.from_year, c.to_year,
                    EXISTS (SELECT 1 FROM council_members m WHERE m.council_id = c.id AND m.user_id = $1) AS is_member
             FROM councils c JOIN units u ON u.id = c.unit_id ORDER BY c.to_year DESC, c.id DESC")
            .bind(actor.user_id).fetch_all(p).await)
        .map_err(internal)?;
        Ok(rows
            .into_iter()
            .filter(|c| c.is_member || actor.can(Action::View, &c.unit_path))
            .collect())
    }

    pub async fn council(&self, actor: &Actor, id: i64) -> Result<(Council, Vec<CouncilMember>)> {
        let c = on_pool!(&self.db, p => sqlx::query_as::<_, Council>(
            "SELECT c.id, c.unit_id, u.name AS unit_name, u.path AS unit_path, c.name, c.from_year, c.to_year,
                    EXISTS (SELECT 1 FROM council_members m WHERE m.council_id = c.id AND m.user_id = $2) AS is_member
             FROM councils c JOIN units u ON u.id = c.unit_id WHERE c.id = $1")
            .bind(id).bind(actor.user_id).fetch_optional(p).await)
        .map_err(internal)?
        .filter(|c| c.is_member || actor.can(Action::View, &c.unit_path))
        .ok_or_else(|| Error::NotFound("hội đồng".into()))?;
        let members = on_pool!(&self.db, p => sqlx::query_as::<_, CouncilMember>(MEMBERS_SQL).bind(id).fetch_all(p).await)
            .map_err(internal)?;
        Ok((c, members))
    }

    /// Sessions of a council, newest first.
    pub async fn council_sessions(&self, council_id: i64) -> Result<Vec<CouncilSession>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, CouncilSession>(concat!("SELECT ", session_columns!(),
            " WHERE s.council_id = $1 ORDER BY s.held_on DESC, s.id DESC"))
            .bind(council_id).fetch_all(p).await)
        .map_err(internal)
    }

    async fn session_row(&self, id: i64) -> Result<CouncilSession> {
        on_pool!(&self.db, p => sqlx::query_as::<_, CouncilSession>(concat!("SELECT ", session_columns!(), " WHERE s.id = $1"))
            .bind(id).fetch_optional(p).await)
        .map_err(internal)?
        .ok_or_else(|| Error::NotFound("phiên họp".into()))
    }

    /// One session, if the actor sees the council's unit.
    pub async fn council_session(&self, actor: &Actor, id: i64) -> Result<SessionView> {
        let session = self.session_row(id).await?;
        let members = on_pool!(&self.db, p => sqlx::query_as::<_, CouncilMember>(MEMBERS_SQL).bind(session.council_id).fetch_all(p).await)
            .map_err(internal)?;
        // Members sit on the council whatever their role's scope (a department head).
        let member = members.iter().any(|m| Some(m.user_id) == actor.user_id);
        if !member && !actor.can(Action::View, &session.unit_path) {
            return Err(Error::NotFound("phiên họp".into()));
        }
        let attendance = on_pool!(&self.db, p => sqlx::query_as::<_, (i64, String)>(
            "SELECT member_id, attendance FROM session_attendance WHERE session_id = $1")
            .bind(id).fetch_all(p).await)
        .map_err(internal)?;
        let items = self.session_items(id).await?;
        let recusals = on_pool!(&self.db, p => sqlx::query_as::<_, (i64, i64, String)>(
            "SELECT r.item_id, r.member_id, r.reason FROM item_recusals r JOIN session_items i ON i.id = r.item_id WHERE i.session_id = $1")
            .bind(id).fetch_all(p).await)
        .map_err(internal)?;
        let me = members
            .iter()
            .find(|m| Some(m.user_id) == actor.user_id)
            .cloned();
        let my_votes = match &me {
            Some(m) => on_pool!(&self.db, p => sqlx::query_scalar::<_, i64>(
                "SELECT v.item_id FROM ballot_voters v JOIN session_items i ON i.id = v.item_id WHERE i.session_id = $1 AND v.member_id = $2")
                .bind(id).bind(m.id).fetch_all(p).await)
            .map_err(internal)?,
            None => vec![],
        };
        let comments = self.disclosure_comments(id).await?;
        Ok(SessionView {
            session,
            members,
            attendance,
            items,
            recusals,
            me,
            my_votes,
            comments,
        })
    }

    pub async fn session_items(&self, session_id: i64) -> Result<Vec<Item>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Item>(ITEMS_SQL).bind(session_id).fetch_all(p).await)
            .map_err(internal)
    }

    pub async fn disclosure_comments(&self, session_id: i64) -> Result<Vec<Comment>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Comment>(
            "SELECT id, item_id, author, body, at FROM disclosure_comments WHERE session_id = $1 ORDER BY id")
            .bind(session_id).fetch_all(p).await)
        .map_err(internal)
    }

    /// Nominees of dossiers ready for the council, of the council's unit and
    /// `year`, that are on no agenda yet (or were deferred).
    pub async fn agenda_candidates(&self, session: &CouncilSession) -> Result<Vec<Candidate>> {
        let (lo, hi) = subtree_range(&session.unit_path);
        on_pool!(&self.db, p => sqlx::query_as::<_, Candidate>(
            "SELECT n.id AS nominee_id, COALESCE(p.full_name, nu.name) AS name, du.name AS unit_name, n.award
             FROM dossier_nominees n JOIN dossiers d ON d.id = n.dossier_id JOIN units du ON du.id = d.unit_id
             LEFT JOIN people p ON p.id = n.person_id LEFT JOIN units nu ON nu.id = n.unit_id
             WHERE d.year = $1 AND d.status = $2 AND du.path >= $3 AND du.path < $4
               AND NOT EXISTS (SELECT 1 FROM session_items i WHERE i.nominee_id = n.id AND COALESCE(i.outcome, '') <> 'hoan')
             ORDER BY du.path, n.award, n.id LIMIT 5000")
            .bind(session.year).bind(DossierStatus::Ready.code()).bind(&lo).bind(&hi).fetch_all(p).await)
        .map_err(internal)
    }

    /// The ballots of a closed session by receipt; refused before the close.
    pub async fn published_ballots(
        &self,
        actor: &Actor,
        session_id: i64,
    ) -> Result<Vec<PublishedBallot>> {
        let s = self.council_session(actor, session_id).await?.session;
        if s.state() != SessionStatus::Closed {
            return Err(Error::invalid(
                "status",
                "Chỉ công bố phiếu sau khi Chủ tịch Hội đồng kết thúc bỏ phiếu.",
            ));
        }
        on_pool!(&self.db, p => sqlx::query_as::<_, PublishedBallot>(
            "SELECT b.item_id, b.receipt, b.choice FROM ballots b JOIN session_items i ON i.id = b.item_id
             WHERE i.session_id = $1 ORDER BY b.item_id, b.receipt")
            .bind(session_id).fetch_all(p).await)
        .map_err(internal)
    }

    /// Sessions open for voting where this user, a member, has items left.
    pub async fn pending_votes(&self, user_id: i64) -> Result<Vec<PendingVote>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, PendingVote>(
            "SELECT s.id AS session_id, c.name AS council_name, s.year,
                    (SELECT COUNT(*) FROM session_items i WHERE i.session_id = s.id AND i.threshold IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM ballot_voters v WHERE v.item_id = i.id AND v.member_id = m.id)
                       AND NOT EXISTS (SELECT 1 FROM item_recusals r WHERE r.item_id = i.id AND r.member_id = m.id)) AS items
             FROM council_sessions s JOIN councils c ON c.id = s.council_id
             JOIN council_members m ON m.council_id = c.id AND m.user_id = $1
             JOIN session_attendance a ON a.session_id = s.id AND a.member_id = m.id AND a.attendance = 'co-mat'
             WHERE s.status = 'bo-phieu' ORDER BY s.held_on")
            .bind(user_id).fetch_all(p).await)
        .map_err(internal)
        .map(|v| v.into_iter().filter(|p| p.items > 0).collect())
    }

    /// Sessions whose proposals or results are public on `day` (newest first).
    pub async fn disclosed_sessions(&self, day: NaiveDate) -> Result<Vec<CouncilSession>> {
        on_pool!(&self.db, p => sqlx::query_as::<_, CouncilSession>(concat!("SELECT ", session_columns!(),
            " WHERE s.disclosure_from IS NOT NULL AND s.disclosure_from <= $1 ORDER BY s.year DESC, s.id DESC LIMIT 200"))
            .bind(day).fetch_all(p).await)
        .map_err(internal)
    }

    /// A session for the public page (no login): only once published.
    pub async fn disclosed_session(
        &self,
        id: i64,
        day: NaiveDate,
    ) -> Result<(CouncilSession, Vec<Item>)> {
        let s = self.session_row(id).await?;
        if !s.disclosed_on(day) {
            return Err(Error::NotFound("trang công khai".into()));
        }
        let items = self.session_items(id).await?;
        Ok((s, items))
    }
}

impl WriteTx<'_> {
    async fn council_row(&mut self, id: i64) -> Result<Council> {
        on_tx!(&mut self.tx, c => sqlx::query_as::<_, Council>(
            "SELECT c.id, c.unit_id, u.name AS unit_name, u.path AS unit_path, c.name, c.from_year, c.to_year, FALSE AS is_member
             FROM councils c JOIN units u ON u.id = c.unit_id WHERE c.id = $1")
            .bind(id).fetch_optional(c).await)
        .map_err(internal)?
        .ok_or_else(|| Error::NotFound("hội đồng".into()))
    }

    async fn members_of(&mut self, council_id: i64) -> Result<Vec<CouncilMember>> {
        on_tx!(&mut self.tx, c => sqlx::query_as::<_, CouncilMember>(MEMBERS_SQL).bind(council_id).fetch_all(c).await)
            .map_err(internal)
    }

    pub(crate) async fn session_for_update(&mut self, id: i64) -> Result<CouncilSession> {
        on_tx!(&mut self.tx, c => sqlx::query_as::<_, CouncilSession>(concat!("SELECT ", session_columns!(), " WHERE s.id = $1"))
            .bind(id).fetch_optional(c).await)
        .map_err(internal)?
        .ok_or_else(|| Error::NotFound("phiên họp".into()))
    }

    pub(crate) async fn item_row(&mut self, item_id: i64) -> Result<Item> {
        on_tx!(&mut self.tx, c => sqlx::query_as::<_, Item>(items_select!("WHERE i.id = $1")).bind(item_id).fetch_optional(c).await)
            .map_err(internal)?
            .ok_or_else(|| Error::NotFound("người được đề nghị".into()))
    }

    async fn council_audit(
        &mut self,
        path: &str,
        action: &str,
        entity: &str,
        id: i64,
        summary: String,
        new: serde_json::Value,
    ) -> Result<()> {
        self.audit(Change {
            action,
            entity,
            entity_id: id.to_string(),
            unit_path: path,
            summary,
            old: None,
            new: Some(new),
        })
        .await
    }

    /// A council of `unit_id` (the Office manages it: `Review` on the unit).
    pub async fn create_council(&mut self, unit_id: i64, t: &CouncilTerm) -> Result<i64> {
        let path = self.unit_path_of(unit_id).await?;
        self.require(Action::Review, &path)?;
        let now = self.now;
        let id: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "INSERT INTO councils (unit_id, name, from_year, to_year, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(unit_id).bind(&t.name).bind(i64::from(t.from_year)).bind(i64::from(t.to_year)).bind(now).fetch_one(c).await)
        .map_err(internal)?;
        self.council_audit(
            &path,
            "create",
            "council",
            id,
            format!("Thành lập {} ({}–{})", t.name, t.from_year, t.to_year),
            json!({"name": t.name, "from": t.from_year, "to": t.to_year}),
        )
        .await?;
        Ok(id)
    }

    /// Adds (or changes the role of) a member: a user account.
    pub async fn put_council_member(
        &mut self,
        council_id: i64,
        user_id: i64,
        role: CouncilRole,
        title: &str,
        standing: bool,
    ) -> Result<()> {
        let c = self.council_row(council_id).await?;
        self.require(Action::Review, &c.unit_path)?;
        let user: Option<(String, bool)> = on_tx!(&mut self.tx, x => sqlx::query_as(
            "SELECT display_name, locked FROM users WHERE id = $1").bind(user_id).fetch_optional(x).await)
        .map_err(internal)?;
        let Some((name, false)) = user else {
            return Err(Error::invalid(
                "user_id",
                "Chọn một tài khoản đang hoạt động.",
            ));
        };
        let mut roles: Vec<CouncilRole> = self
            .members_of(council_id)
            .await?
            .iter()
            .filter(|m| m.user_id != user_id)
            .map(|m| m.council_role())
            .collect();
        roles.push(role);
        check_members(&roles)?;
        on_tx!(&mut self.tx, x => sqlx::query("DELETE FROM council_members WHERE council_id = $1 AND user_id = $2 AND NOT EXISTS
                (SELECT 1 FROM session_attendance a WHERE a.member_id = council_members.id)")
            .bind(council_id).bind(user_id).execute(x).await.map(|_| ()))
        .map_err(internal)?;
        let updated = on_tx!(&mut self.tx, x => sqlx::query("UPDATE council_members SET role = $3, title = $4, standing = $5 WHERE council_id = $1 AND user_id = $2")
            .bind(council_id).bind(user_id).bind(role.code()).bind(title.trim()).bind(standing).execute(x).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        if updated == 0 {
            on_tx!(&mut self.tx, x => sqlx::query("INSERT INTO council_members (council_id, user_id, role, title, standing) VALUES ($1, $2, $3, $4, $5)")
                .bind(council_id).bind(user_id).bind(role.code()).bind(title.trim()).bind(standing).execute(x).await.map(|_| ()))
            .map_err(internal)?;
        }
        self.council_audit(
            &c.unit_path,
            "put",
            "council_member",
            council_id,
            format!("{name}: {} của {}", role.label(), c.name),
            json!({"user": user_id, "role": role.code(), "title": title.trim()}),
        )
        .await
    }

    /// Removes a member who has not yet sat in a session.
    pub async fn remove_council_member(&mut self, council_id: i64, member_id: i64) -> Result<()> {
        let c = self.council_row(council_id).await?;
        self.require(Action::Review, &c.unit_path)?;
        let sat: Option<i64> = on_tx!(&mut self.tx, x => sqlx::query_scalar(
            "SELECT session_id FROM session_attendance WHERE member_id = $1 LIMIT 1").bind(member_id).fetch_optional(x).await)
        .map_err(internal)?;
        if sat.is_some() {
            return Err(Error::invalid(
                "member",
                "Thành viên đã dự họp: giữ lại trong danh sách để biên bản đúng.",
            ));
        }
        let gone = on_tx!(&mut self.tx, x => sqlx::query("DELETE FROM council_members WHERE id = $1 AND council_id = $2")
            .bind(member_id).bind(council_id).execute(x).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        if gone == 0 {
            return Err(Error::NotFound("thành viên".into()));
        }
        self.council_audit(
            &c.unit_path,
            "delete",
            "council_member",
            council_id,
            format!("Bỏ một thành viên khỏi {}", c.name),
            json!({"member": member_id}),
        )
        .await
    }

    /// A session of the council for an evaluation year; every member starts as present.
    pub async fn create_session(&mut self, council_id: i64, s: &Session) -> Result<i64> {
        let c = self.council_row(council_id).await?;
        self.require(Action::Review, &c.unit_path)?;
        let now = self.now;
        let id: i64 = on_tx!(&mut self.tx, x => sqlx::query_scalar(
            "INSERT INTO council_sessions (council_id, year, held_on, place, notes, ballot_all, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
            .bind(council_id).bind(i64::from(s.year)).bind(s.held_on).bind(&s.place).bind(&s.notes).bind(s.ballot_all).bind(SessionStatus::Preparing.code()).bind(now)
            .fetch_one(x).await)
        .map_err(internal)?;
        on_tx!(&mut self.tx, x => sqlx::query("INSERT INTO session_attendance (session_id, member_id, attendance) SELECT $1, id, 'co-mat' FROM council_members WHERE council_id = $2")
            .bind(id).bind(council_id).execute(x).await.map(|_| ()))
        .map_err(internal)?;
        self.council_audit(
            &c.unit_path,
            "create",
            "council_session",
            id,
            format!("Phiên họp {} xét khen thưởng năm {}", c.name, s.year),
            json!({"year": s.year, "held_on": s.held_on}),
        )
        .await?;
        Ok(id)
    }

    async fn preparing_session(&mut self, id: i64) -> Result<CouncilSession> {
        let s = self.session_for_update(id).await?;
        self.require(Action::Review, &s.unit_path)?;
        s.state().preparing()?;
        Ok(s)
    }

    /// Puts nominees of ready dossiers on the agenda.
    pub async fn add_session_items(
        &mut self,
        session_id: i64,
        nominee_ids: &[i64],
    ) -> Result<usize> {
        let s = self.preparing_session(session_id).await?;
        let (lo, hi) = subtree_range(&s.unit_path);
        let mut added = 0;
        for nid in nominee_ids {
            let ok: Option<(String, String)> = on_tx!(&mut self.tx, x => sqlx::query_as(
                "SELECT d.status, n.award FROM dossier_nominees n JOIN dossiers d ON d.id = n.dossier_id JOIN units u ON u.id = d.unit_id
                 WHERE n.id = $1 AND d.year = $2 AND u.path >= $3 AND u.path < $4")
                .bind(nid).bind(s.year).bind(&lo).bind(&hi).fetch_optional(x).await)
            .map_err(internal)?;
            match ok {
                Some((status, _)) if status == DossierStatus::Ready.code() => {}
                _ => {
                    return Err(Error::invalid(
                        "nominee",
                        "Chỉ đưa vào chương trình người, tập thể của hồ sơ đã sẵn sàng trình Hội đồng, cùng năm xét.",
                    ));
                }
            }
            let elsewhere: Option<i64> = on_tx!(&mut self.tx, x => sqlx::query_scalar(
                "SELECT session_id FROM session_items WHERE nominee_id = $1 AND COALESCE(outcome, '') <> 'hoan'")
                .bind(nid).fetch_optional(x).await)
            .map_err(internal)?;
            if elsewhere.is_some() {
                continue;
            }
            on_tx!(&mut self.tx, x => sqlx::query("INSERT INTO session_items (session_id, nominee_id) VALUES ($1, $2)")
                .bind(session_id).bind(nid).execute(x).await.map(|_| ()))
            .map_err(internal)?;
            added += 1;
        }
        self.council_audit(
            &s.unit_path,
            "put",
            "council_session",
            session_id,
            format!("Đưa {added} người, tập thể vào chương trình phiên họp"),
            json!({"nominees": nominee_ids}),
        )
        .await?;
        Ok(added)
    }

    pub async fn remove_session_item(&mut self, session_id: i64, item_id: i64) -> Result<()> {
        let s = self.preparing_session(session_id).await?;
        let gone = on_tx!(&mut self.tx, x => sqlx::query("DELETE FROM session_items WHERE id = $1 AND session_id = $2")
            .bind(item_id).bind(session_id).execute(x).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        if gone == 0 {
            return Err(Error::NotFound("mục trong chương trình".into()));
        }
        self.council_audit(
            &s.unit_path,
            "delete",
            "council_session",
            session_id,
            "Bỏ một mục khỏi chương trình".into(),
            json!({"item": item_id}),
        )
        .await
    }

    /// Records who attends (present, absent with a written opinion, absent).
    pub async fn set_attendance(
        &mut self,
        session_id: i64,
        marks: &[(i64, Attendance)],
    ) -> Result<()> {
        let s = self.preparing_session(session_id).await?;
        let members = self.members_of(s.council_id).await?;
        for (member, a) in marks {
            if !members.iter().any(|m| m.id == *member) {
                return Err(Error::invalid(
                    "member",
                    "Chỉ điểm danh thành viên của Hội đồng.",
                ));
            }
            on_tx!(&mut self.tx, x => sqlx::query("DELETE FROM session_attendance WHERE session_id = $1 AND member_id = $2")
                .bind(session_id).bind(member).execute(x).await.map(|_| ()))
            .map_err(internal)?;
            on_tx!(&mut self.tx, x => sqlx::query("INSERT INTO session_attendance (session_id, member_id, attendance) VALUES ($1, $2, $3)")
                .bind(session_id).bind(member).bind(a.code()).execute(x).await.map(|_| ()))
            .map_err(internal)?;
        }
        let present = marks
            .iter()
            .filter(|(_, a)| *a == Attendance::Present)
            .count();
        self.council_audit(&s.unit_path, "put", "council_session", session_id,
            format!("Điểm danh: {present}/{} thành viên có mặt", members.len()),
            json!({"attendance": marks.iter().map(|(m, a)| json!([m, a.code()])).collect::<Vec<_>>()})).await
    }

    /// A member steps aside from one item (or comes back), with the reason.
    pub async fn set_recusal(
        &mut self,
        session_id: i64,
        item_id: i64,
        member_id: i64,
        on: bool,
        reason: &str,
    ) -> Result<()> {
        let s = self.preparing_session(session_id).await?;
        let item = self.item_row(item_id).await?;
        if item.session_id != session_id {
            return Err(Error::NotFound("mục trong chương trình".into()));
        }
        on_tx!(&mut self.tx, x => sqlx::query("DELETE FROM item_recusals WHERE item_id = $1 AND member_id = $2")
            .bind(item_id).bind(member_id).execute(x).await.map(|_| ()))
        .map_err(internal)?;
        if on {
            on_tx!(&mut self.tx, x => sqlx::query("INSERT INTO item_recusals (item_id, member_id, reason) SELECT $1, id, $3 FROM council_members WHERE id = $2 AND council_id = $4")
                .bind(item_id).bind(member_id).bind(reason.trim()).bind(s.council_id).execute(x).await.map(|_| ()))
            .map_err(internal)?;
        }
        self.council_audit(
            &s.unit_path,
            "put",
            "recusal",
            item_id,
            format!(
                "{} thành viên khỏi việc xét {}",
                if on { "Rút" } else { "Bỏ rút" },
                item.name
            ),
            json!({"member": member_id, "on": on}),
        )
        .await
    }

    /// Opens the vote: quorum checked, the members counted (the denominator of
    /// every threshold), each item's threshold fixed from the rules of the
    /// year, and members recused from themselves and their own unit.
    pub async fn open_vote(&mut self, session_id: i64, params: &Params) -> Result<()> {
        let s = self.session_for_update(session_id).await?;
        let members = self.members_of(s.council_id).await?;
        let me = members
            .iter()
            .find(|m| Some(m.user_id) == self.actor.user_id);
        let chair_or_office = me.is_some_and(|m| {
            matches!(
                m.council_role(),
                CouncilRole::Chair | CouncilRole::Secretary
            )
        }) || self.actor.can(Action::Review, &s.unit_path);
        if !chair_or_office {
            return Err(Error::Forbidden);
        }
        s.state().preparing()?;
        let roles: Vec<CouncilRole> = members.iter().map(|m| m.council_role()).collect();
        if !has_chair(&roles) {
            return Err(Error::invalid(
                "members",
                "Hội đồng chưa có Chủ tịch: không thể mở bỏ phiếu.",
            ));
        }
        let attendance: Vec<(i64, String)> = on_tx!(&mut self.tx, x => sqlx::query_as(
            "SELECT member_id, attendance FROM session_attendance WHERE session_id = $1").bind(session_id).fetch_all(x).await)
        .map_err(internal)?;
        let present = attendance
            .iter()
            .filter(|(_, a)| a == Attendance::Present.code())
            .count() as u32;
        check_quorum(present, members.len() as u32, params.council_quorum)?;
        let items: Vec<Item> = on_tx!(&mut self.tx, x => sqlx::query_as::<_, Item>(ITEMS_SQL).bind(session_id).fetch_all(x).await)
            .map_err(internal)?;
        if items.is_empty() {
            return Err(Error::invalid(
                "items",
                "Chương trình chưa có người, tập thể nào để xét.",
            ));
        }
        for item in &items {
            let threshold = item
                .award_code()
                .and_then(|a| ballot_threshold(a, params, s.ballot_all));
            on_tx!(&mut self.tx, x => sqlx::query("UPDATE session_items SET threshold = $1 WHERE id = $2")
                .bind(threshold).bind(item.id).execute(x).await.map(|_| ()))
            .map_err(internal)?;
            for m in &members {
                if recused(&m.facts(), item.nominee_ref()) {
                    on_tx!(&mut self.tx, x => sqlx::query("INSERT INTO item_recusals (item_id, member_id, reason) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                        .bind(item.id).bind(m.id).bind("Tự rút: người được xét là bản thân hoặc đơn vị mình").execute(x).await.map(|_| ()))
                    .map_err(internal)?;
                }
            }
        }
        let now = self.now;
        on_tx!(&mut self.tx, x => sqlx::query("UPDATE council_sessions SET status = $1, members_total = $2, opened_at = $3 WHERE id = $4")
            .bind(SessionStatus::Voting.code()).bind(members.len() as i64).bind(now).bind(session_id).execute(x).await.map(|_| ()))
        .map_err(internal)?;
        self.council_audit(
            &s.unit_path,
            "open_vote",
            "council_session",
            session_id,
            format!(
                "Mở bỏ phiếu kín: {present}/{} thành viên có mặt",
                members.len()
            ),
            json!({"present": present, "members": members.len()}),
        )
        .await
    }

    async fn insert_ballot(
        &mut self,
        item_id: i64,
        member_id: i64,
        choice: Choice,
        written: bool,
    ) -> Result<String> {
        on_tx!(&mut self.tx, x => sqlx::query("INSERT INTO ballot_voters (item_id, member_id, written) VALUES ($1, $2, $3)")
            .bind(item_id).bind(member_id).bind(written).execute(x).await.map(|_| ()))
        .map_err(|e| if crate::is_unique_violation(&e) {
            Error::Conflict(FieldError::new("ballot", "Thành viên đã bỏ phiếu cho người, tập thể này: mỗi người chỉ bỏ một phiếu."))
        } else { internal(e) })?;
        let receipt = random_code(10)?;
        on_tx!(&mut self.tx, x => sqlx::query("INSERT INTO ballots (item_id, receipt, choice) VALUES ($1, $2, $3)")
            .bind(item_id).bind(&receipt).bind(choice.code()).execute(x).await.map(|_| ()))
        .map_err(internal)?;
        Ok(receipt)
    }

    /// Checks that `member` may vote on `item` now.
    async fn may_vote(
        &mut self,
        s: &CouncilSession,
        item: &Item,
        member: &CouncilMember,
        written: bool,
    ) -> Result<()> {
        s.state().voting()?;
        if item.session_id != s.id {
            return Err(Error::NotFound("mục trong chương trình".into()));
        }
        if item.threshold.is_none() {
            return Err(Error::invalid(
                "item",
                format!(
                    "«{}» không cần bỏ phiếu kín.",
                    item.award_code().map_or("", |a| a.label())
                ),
            ));
        }
        let att: Option<String> = on_tx!(&mut self.tx, x => sqlx::query_scalar(
            "SELECT attendance FROM session_attendance WHERE session_id = $1 AND member_id = $2").bind(s.id).bind(member.id).fetch_optional(x).await)
        .map_err(internal)?;
        let expected = if written {
            Attendance::Written
        } else {
            Attendance::Present
        };
        if att.as_deref() != Some(expected.code()) {
            return Err(Error::invalid(
                "attendance",
                if written {
                    "Chỉ ghi ý kiến bằng văn bản của thành viên vắng mặt đã gửi ý kiến."
                } else {
                    "Thành viên không có mặt tại phiên họp: không bỏ phiếu trên hệ thống."
                },
            ));
        }
        let recusal: Option<i64> = on_tx!(&mut self.tx, x => sqlx::query_scalar(
            "SELECT member_id FROM item_recusals WHERE item_id = $1 AND member_id = $2").bind(item.id).bind(member.id).fetch_optional(x).await)
        .map_err(internal)?;
        if recusal.is_some() {
            return Err(Error::invalid(
                "recusal",
                format!("Thành viên đã rút khỏi việc xét {}.", item.name),
            ));
        }
        Ok(())
    }

    /// A member's ballots on the session's items (one form), each once. Returns
    /// (item id, receipt) for the voter alone to keep.
    pub async fn cast_ballots(
        &mut self,
        session_id: i64,
        choices: &[(i64, Choice)],
    ) -> Result<Vec<(i64, String)>> {
        let s = self.session_for_update(session_id).await?;
        let members = self.members_of(s.council_id).await?;
        let Some(me) = members
            .into_iter()
            .find(|m| Some(m.user_id) == self.actor.user_id)
        else {
            return Err(Error::Forbidden);
        };
        if choices.is_empty() {
            return Err(Error::invalid(
                "ballot",
                "Chọn ý kiến cho ít nhất một người, tập thể.",
            ));
        }
        let mut receipts = Vec::new();
        for (item_id, choice) in choices {
            let item = self.item_row(*item_id).await?;
            self.may_vote(&s, &item, &me, false).await?;
            receipts.push((
                *item_id,
                self.insert_ballot(*item_id, me.id, *choice, false).await?,
            ));
        }
        self.council_audit(
            &s.unit_path,
            "vote",
            "ballot",
            session_id,
            format!(
                "{} đã bỏ phiếu kín ({} mục)",
                me.display_name,
                receipts.len()
            ),
            json!({"items": receipts.iter().map(|(i, _)| i).collect::<Vec<_>>()}),
        )
        .await?;
        Ok(receipts)
    }

    /// The secretary records an absent member's written opinion (the law lets
    /// absent members vote in writing); it goes into the box like any ballot.
    pub async fn record_written_ballot(
        &mut self,
        session_id: i64,
        member_id: i64,
        choices: &[(i64, Choice)],
    ) -> Result<()> {
        let s = self.session_for_update(session_id).await?;
        let members = self.members_of(s.council_id).await?;
        let me = members
            .iter()
            .find(|m| Some(m.user_id) == self.actor.user_id);
        if me.is_none_or(|m| m.council_role() != CouncilRole::Secretary)
            && !self.actor.can(Action::Review, &s.unit_path)
        {
            return Err(Error::Forbidden);
        }
        let Some(member) = members.iter().find(|m| m.id == member_id).cloned() else {
            return Err(Error::invalid(
                "member",
                "Chọn thành viên vắng mặt đã gửi ý kiến.",
            ));
        };
        for (item_id, choice) in choices {
            let item = self.item_row(*item_id).await?;
            self.may_vote(&s, &item, &member, true).await?;
            self.insert_ballot(*item_id, member.id, *choice, true)
                .await?;
        }
        self.council_audit(
            &s.unit_path,
            "vote",
            "ballot",
            session_id,
            format!(
                "Ghi ý kiến bằng văn bản của {} ({} mục)",
                member.display_name,
                choices.len()
            ),
            json!({"member": member_id}),
        )
        .await
    }

    /// The chair closes the vote: each item's box is counted and checked
    /// against the members who voted, the tallies become visible, the ballots
    /// are rewritten in receipt order, the results go where the rules engine
    /// reads council votes, and each item gets the outcome the result implies.
    pub async fn close_vote(&mut self, session_id: i64) -> Result<()> {
        let s = self.session_for_update(session_id).await?;
        let members = self.members_of(s.council_id).await?;
        let chair = members.iter().find(|m| {
            Some(m.user_id) == self.actor.user_id && m.council_role() == CouncilRole::Chair
        });
        if chair.is_none() {
            return Err(Error::Forbidden);
        }
        s.state().voting()?;
        let total = s.members_total.unwrap_or(members.len() as i64);
        let items: Vec<Item> = on_tx!(&mut self.tx, x => sqlx::query_as::<_, Item>(ITEMS_SQL).bind(session_id).fetch_all(x).await)
            .map_err(internal)?;
        for item in &items {
            let Some(award) = item.award_code() else {
                continue;
            };
            let vote = match item.threshold {
                Some(threshold) => {
                    let ballots: Vec<(String, String)> = on_tx!(&mut self.tx, x => sqlx::query_as(
                        "SELECT receipt, choice FROM ballots WHERE item_id = $1 ORDER BY receipt").bind(item.id).fetch_all(x).await)
                    .map_err(internal)?;
                    let tally =
                        Tally::of(ballots.iter().filter_map(|(_, c)| Choice::parse(c).ok()));
                    tally
                        .check(item.voters.max(0) as u32)
                        .map_err(|e| Error::invalid("tally", format!("{}: {e}", item.name)))?;
                    on_tx!(&mut self.tx, x => sqlx::query("DELETE FROM ballots WHERE item_id = $1").bind(item.id).execute(x).await.map(|_| ()))
                        .map_err(internal)?;
                    for (receipt, choice) in &ballots {
                        on_tx!(&mut self.tx, x => sqlx::query("INSERT INTO ballots (item_id, receipt, choice) VALUES ($1, $2, $3)")
                            .bind(item.id).bind(receipt).bind(choice).execute(x).await.map(|_| ()))
                        .map_err(internal)?;
                    }
                    on_tx!(&mut self.tx, x => sqlx::query("UPDATE session_items SET agree = $1, disagree = $2, abstain = $3 WHERE id = $4")
                        .bind(i64::from(tally.agree)).bind(i64::from(tally.disagree)).bind(i64::from(tally.abstain)).bind(item.id)
                        .execute(x).await.map(|_| ()))
                    .map_err(internal)?;
                    let (pid, uid) = (item.person_id, item.unit_id);
                    on_tx!(&mut self.tx, x => sqlx::query("DELETE FROM votes WHERE (person_id = $1 OR unit_id = $2) AND award = $3 AND year = $4")
                        .bind(pid).bind(uid).bind(award.code()).bind(s.year).execute(x).await.map(|_| ()))
                    .map_err(internal)?;
                    on_tx!(&mut self.tx, x => sqlx::query(
                        "INSERT INTO votes (person_id, unit_id, award, year, council_members, agree, disagree, abstain) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                        .bind(pid).bind(uid).bind(award.code()).bind(s.year).bind(total)
                        .bind(i64::from(tally.agree)).bind(i64::from(tally.disagree)).bind(i64::from(tally.abstain)).execute(x).await.map(|_| ()))
                    .map_err(internal)?;
                    Some(VoteResult {
                        tally,
                        members: total.max(0) as u32,
                        threshold,
                    })
                }
                None => None,
            };
            let (outcome, reason) = proposed_outcome(award, vote.as_ref());
            on_tx!(&mut self.tx, x => sqlx::query("UPDATE session_items SET outcome = $1, outcome_award = $2, outcome_reason = $3 WHERE id = $4")
                .bind(outcome.code()).bind(award.code()).bind(&reason).bind(item.id).execute(x).await.map(|_| ()))
            .map_err(internal)?;
        }
        let now = self.now;
        on_tx!(&mut self.tx, x => sqlx::query("UPDATE council_sessions SET status = $1, closed_at = $2 WHERE id = $3")
            .bind(SessionStatus::Closed.code()).bind(now).bind(session_id).execute(x).await.map(|_| ()))
        .map_err(internal)?;
        self.council_audit(
            &s.unit_path,
            "close_vote",
            "council_session",
            session_id,
            format!(
                "Chủ tịch Hội đồng kết thúc bỏ phiếu, công bố kết quả {} mục",
                items.len()
            ),
            json!({"items": items.len()}),
        )
        .await
    }

    /// The council's conclusion for one item, after the close; not once the
    /// item is in a signed decision.
    pub async fn set_outcome(
        &mut self,
        session_id: i64,
        item_id: i64,
        c: &Conclusion,
    ) -> Result<()> {
        let s = self.session_for_update(session_id).await?;
        self.require(Action::Review, &s.unit_path)?;
        if s.state() != SessionStatus::Closed {
            return Err(Error::invalid(
                "status",
                "Ghi kết luận sau khi kết thúc bỏ phiếu.",
            ));
        }
        let item = self.item_row(item_id).await?;
        if item.session_id != session_id {
            return Err(Error::NotFound("mục trong chương trình".into()));
        }
        let in_decision: Option<i64> = on_tx!(&mut self.tx, x => sqlx::query_scalar(
            "SELECT r.decision_id FROM decision_recipients r JOIN decisions d ON d.id = r.decision_id WHERE r.item_id = $1 AND d.status <> 'da-huy' LIMIT 1")
            .bind(item_id).fetch_optional(x).await)
        .map_err(internal)?;
        if in_decision.is_some() {
            return Err(Error::invalid(
                "outcome",
                "Người, tập thể này đã có trong một quyết định: bỏ khỏi dự thảo (hoặc hủy quyết định) trước khi đổi kết luận.",
            ));
        }
        let old = json!({"outcome": item.outcome, "award": item.outcome_award, "reason": item.outcome_reason});
        on_tx!(&mut self.tx, x => sqlx::query("UPDATE session_items SET outcome = $1, outcome_award = $2, outcome_reason = $3 WHERE id = $4")
            .bind(c.outcome.code()).bind(c.award.code()).bind(&c.reason).bind(item_id).execute(x).await.map(|_| ()))
        .map_err(internal)?;
        self.audit(Change {
            action: "put",
            entity: "council_outcome",
            entity_id: item_id.to_string(),
            unit_path: &s.unit_path,
            summary: format!("Kết luận cho {}: {}", item.name, c.outcome.label()),
            old: Some(old),
            new: Some(
                json!({"outcome": c.outcome.code(), "award": c.award.code(), "reason": c.reason}),
            ),
        })
        .await
    }

    /// Publishes the proposals for comment from `from` for the days the rules set.
    pub async fn open_disclosure(
        &mut self,
        session_id: i64,
        from: NaiveDate,
        days: u32,
    ) -> Result<NaiveDate> {
        let s = self.session_for_update(session_id).await?;
        self.require(Action::Review, &s.unit_path)?;
        if s.state() != SessionStatus::Closed {
            return Err(Error::invalid(
                "status",
                "Công khai sau khi Hội đồng đã bỏ phiếu và kết luận.",
            ));
        }
        let until = from + chrono::Days::new(u64::from(days));
        on_tx!(&mut self.tx, x => sqlx::query("UPDATE council_sessions SET disclosure_from = $1, disclosure_until = $2 WHERE id = $3")
            .bind(from).bind(until).bind(session_id).execute(x).await.map(|_| ()))
        .map_err(internal)?;
        self.council_audit(
            &s.unit_path,
            "publish",
            "council_session",
            session_id,
            format!(
                "Công khai danh sách đề nghị khen thưởng từ {} đến {}",
                tdkt_domain::text::format_date(from),
                tdkt_domain::text::format_date(until)
            ),
            json!({"from": from, "until": until}),
        )
        .await?;
        Ok(until)
    }

    /// A staff member's comment on the published list, during the comment period.
    pub async fn add_disclosure_comment(
        &mut self,
        session_id: i64,
        item_id: Option<i64>,
        body: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let s = self.session_for_update(session_id).await?;
        let Some(user_id) = self.actor.user_id else {
            return Err(Error::Forbidden);
        };
        let open = match (s.disclosure_from, s.disclosure_until) {
            (Some(f), Some(u)) => f <= today && today <= u,
            _ => false,
        };
        if !open {
            return Err(Error::invalid(
                "body",
                "Ngoài thời gian lấy ý kiến: không nhận góp ý.",
            ));
        }
        let body = body.trim();
        if body.is_empty() || body.chars().count() > 4000 {
            return Err(Error::invalid(
                "body",
                "Ghi nội dung góp ý (tối đa 4.000 ký tự).",
            ));
        }
        if let Some(i) = item_id {
            let item = self.item_row(i).await?;
            if item.session_id != session_id {
                return Err(Error::NotFound("người được đề nghị".into()));
            }
        }
        let (now, author) = (self.now, self.actor.display_name.clone());
        on_tx!(&mut self.tx, x => sqlx::query("INSERT INTO disclosure_comments (session_id, item_id, user_id, author, body, at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(session_id).bind(item_id).bind(user_id).bind(&author).bind(body).bind(now).execute(x).await.map(|_| ()))
        .map_err(internal)?;
        self.council_audit(
            &s.unit_path,
            "create",
            "disclosure_comment",
            session_id,
            format!("{author} góp ý danh sách công khai"),
            json!({"item": item_id}),
        )
        .await
    }

    /// Records the decision of a superior body on items proposed upward: the
    /// awards go into the registry the rules engine reads.
    pub async fn record_upward_decision(
        &mut self,
        session_id: i64,
        item_ids: &[i64],
        number: &str,
        date: NaiveDate,
        issuer: &str,
    ) -> Result<usize> {
        let s = self.session_for_update(session_id).await?;
        self.require(Action::Review, &s.unit_path)?;
        if number.trim().is_empty() || issuer.trim().is_empty() {
            return Err(Error::invalid(
                "number",
                "Ghi số quyết định và cơ quan ban hành.",
            ));
        }
        if item_ids.is_empty() {
            return Err(Error::invalid(
                "items",
                "Chọn người, tập thể có trong quyết định của cấp trên.",
            ));
        }
        let now = self.now;
        for id in item_ids {
            let item = self.item_row(*id).await?;
            let upward = item.conclusion().is_some_and(|o| o.awarded())
                && item
                    .given_award()
                    .is_some_and(|a| !tdkt_domain::commendation::ballot::within_agency(a));
            if item.session_id != session_id || !upward {
                return Err(Error::invalid(
                    "items",
                    format!(
                        "{}: chỉ ghi quyết định cấp trên cho người, tập thể đã được đề nghị lên.",
                        item.name
                    ),
                ));
            }
            let Some(award) = item.given_award() else {
                continue;
            };
            let kind: String = on_tx!(&mut self.tx, x => sqlx::query_scalar("SELECT kind FROM dossiers WHERE id = $1").bind(item.dossier_id).fetch_one(x).await)
                .map_err(internal)?;
            on_tx!(&mut self.tx, x => sqlx::query(
                "INSERT INTO awards (person_id, unit_id, award, year, kind, decision_number, decision_date, issuer, unit_name, citation, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .bind(item.person_id).bind(item.unit_id).bind(award.code()).bind(s.year).bind(&kind).bind(number.trim()).bind(date)
                .bind(issuer.trim()).bind(&item.unit_name).bind(&item.citation).bind(now).execute(x).await.map(|_| ()))
            .map_err(|e| if crate::is_unique_violation(&e) {
                Error::Conflict(FieldError::new("number", format!("{} đã được ghi nhận quyết định {}.", item.name, number.trim())))
            } else { internal(e) })?;
            on_tx!(&mut self.tx, x => sqlx::query("UPDATE session_items SET upward_decision = $1 WHERE id = $2")
                .bind(format!("{} ngày {} của {}", number.trim(), tdkt_domain::text::format_date(date), issuer.trim())).bind(id).execute(x).await.map(|_| ()))
            .map_err(internal)?;
        }
        self.council_audit(&s.unit_path, "create", "award", session_id,
            format!("Ghi nhận quyết định {} của {} cho {} người, tập thể", number.trim(), issuer.trim(), item_ids.len()),
            json!({"number": number.trim(), "date": date, "issuer": issuer.trim(), "items": item_ids})).await?;
        Ok(item_ids.len())
    }
}
