//! Movements, launch plans and registrations: the start of the emulation
//! year. Every change goes through the write gate (permission + audit) and
//! the state machine of `tdkt_domain::emulation`.

use crate::db::Bind;
use crate::write::Change;
use crate::{Actor, Result, Store, WriteTx, internal, on_pool, on_tx};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use tdkt_domain::auth::{Action, Role};
use tdkt_domain::codes::{AwardCode, SubjectKind};
use tdkt_domain::emulation::movement::{MovementStatus, ValidMovement};
use tdkt_domain::emulation::plan::{MilestoneKind, ValidPlan};
use tdkt_domain::emulation::registration::{
    RegistrationAction, RegistrationStatus, check_title, may_submit,
};
use tdkt_domain::error::{Error, FieldError};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Movement {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub scope: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_path: String,
    pub parent_id: Option<i64>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub status: String,
    pub targets: String,
}

impl Movement {
    pub fn target_list(&self) -> Vec<String> {
        serde_json::from_str(&self.targets).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Plan {
    pub id: i64,
    pub movement_id: Option<i64>,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_path: String,
    pub year: i64,
    pub number: String,
    pub title: String,
    pub preamble: String,
    pub purpose: String,
    pub content: String,
    pub organisation: String,
    pub recipients: String,
    pub place: String,
    pub signed_on: Option<NaiveDate>,
    pub signer: String,
    pub signer_position: String,
    pub published: bool,
    /// The deadline for registrations (the plan's milestone `dang-ky`), read with
    /// the plan: the registration pages show it.
    pub registration_due: Option<NaiveDate>,
}

impl Plan {
    pub fn recipient_list(&self) -> Vec<String> {
        serde_json::from_str(&self.recipients).unwrap_or_default()
    }
}

/// A count of a registration's entries (see [`Store::plan_registrations`]).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlanTally {
    pub registration_id: i64,
    /// An award code, or [`PlanTally::PEOPLE`] for the number of people registered.
    pub award: String,
    /// Whether the award is the unit's own (a collective title).
    pub collective: bool,
    pub n: i64,
}

impl PlanTally {
    /// The row that counts a registration's people (each once, whatever their titles).
    pub const PEOPLE: &'static str = "*";
}

/// A published plan with what the home page needs of it.
#[derive(Debug, Clone)]
pub struct PlanOverview {
    pub plan: Plan,
    pub registration_due: Option<NaiveDate>,
    pub registrations: Vec<Registration>,
    /// The issuing unit first, then its active direct sub-units.
    pub participants: Vec<crate::units::Unit>,
    pub milestones: Vec<PlanMilestone>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PlanMilestone {
    pub kind: String,
    pub label: String,
    pub due_date: NaiveDate,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Registration {
    pub id: i64,
    pub plan_id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_path: String,
    pub status: String,
    pub extension_until: Option<NaiveDate>,
    pub return_reason: String,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The account that last submitted it (none when the system did).
    pub submitted_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
}

impl Registration {
    pub fn state(&self) -> RegistrationStatus {
        RegistrationStatus::parse(&self.status).unwrap_or(RegistrationStatus::Draft)
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Entry {
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub subject_code: String,
    pub subject_name: String,
    pub award: String,
    pub targets: String,
    /// What the registration form's hints ask of the person, read with the entry
    /// (a statement less per form): still on the staff, when they began, and
    /// whether a period of work began with a transfer in (not a new recruit).
    pub person_active: Option<bool>,
    pub employment_start: Option<NaiveDate>,
    pub transferred_in: bool,
}

/// One step of a workflow (registration, initiative, dossier): when, who, the
/// action's code and the note.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct FlowEvent {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub note: String,
}

pub type RegistrationEvent = FlowEvent;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Notification {
    pub id: i64,
    pub text: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// What a unit registers: a title for a person or for the unit itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub award: AwardCode,
    pub targets: String,
}

macro_rules! movement_q {
    ($tail:literal) => {
        concat!(
            "SELECT m.id, m.name, m.kind, m.scope, m.unit_id, u.name AS unit_name, u.path AS unit_path, m.parent_id,
                m.start_date, m.end_date, m.status, m.targets FROM movements m JOIN units u ON u.id = m.unit_id ",
            $tail
        )
    };
}
macro_rules! plan_q {
    ($tail:literal) => {
        concat!(
            "SELECT p.id, p.movement_id, p.unit_id, u.name AS unit_name, u.path AS unit_path, p.year, p.number, p.title,
                p.preamble, p.purpose, p.content, p.organisation, p.recipients, p.place, p.signed_on, p.signer, p.signer_position, p.published,
                (SELECT m.due_date FROM plan_milestones m WHERE m.plan_id = p.id AND m.kind = 'dang-ky') AS registration_due
                FROM plans p JOIN units u ON u.id = p.unit_id ",
            $tail
        )
    };
}
/// The columns of a [`Registration`] (`r`, its unit `u`), in the order of
/// [`registration_row`]: statements that read more after them start with these.
macro_rules! registration_cols {
    () => {
        "r.id, r.plan_id, r.unit_id, u.name AS unit_name, u.path AS unit_path, r.status, r.extension_until, r.return_reason,
         r.submitted_at, r.submitted_by, r.decided_at"
    };
}
macro_rules! registration_q {
    ($tail:literal) => {
        concat!(
            "SELECT ",
            registration_cols!(),
            " FROM registrations r JOIN units u ON u.id = r.unit_id ",
            $tail
        )
    };
}

/// A registration and one of its tallies (none when it has no entries).
#[derive(sqlx::FromRow)]
struct RegistrationTally {
    #[sqlx(flatten)]
    reg: Registration,
    award: Option<String>,
    collective: Option<bool>,
    n: Option<i64>,
}

/// A registration and one of its events (none when it has none).
#[derive(sqlx::FromRow)]
struct RegistrationEventRow {
    #[sqlx(flatten)]
    reg: Registration,
    ev_at: Option<DateTime<Utc>>,
    ev_actor: Option<String>,
    ev_action: Option<String>,
    ev_note: Option<String>,
}

/// The columns of an [`Entry`] after `$before`, read `$from` (which names the
/// entries `e`) `$where`, in the entries' order: the unit's own first, then
/// people in name order. Each entry brings what the form's hints ask of its
/// person.
macro_rules! entries_q {
    ($before:expr, $from:literal, $where:literal) => {
        concat!(
            "SELECT ", $before, "e.person_id, e.unit_id, COALESCE(pp.code, uu.code) AS subject_code, COALESCE(pp.full_name, uu.name) AS subject_name,
                    e.award, e.targets, pp.active AS person_active, pp.employment_start,
                    EXISTS (SELECT 1 FROM person_employment pe WHERE pe.person_id = e.person_id AND pe.transfer_from IS NOT NULL) AS transferred_in ",
            $from, " LEFT JOIN people pp ON pp.id = e.person_id LEFT JOIN units uu ON uu.id = e.unit_id ",
            $where, " ORDER BY e.unit_id IS NULL, pp.sort_key, e.award"
        )
    };
}

/// An [`Entry`] from the columns of [`entries_q!`] starting at `at`, through rusqlite.
fn entry_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Entry> {
    Ok(Entry {
        person_id: r.get(at)?,
        unit_id: r.get(at + 1)?,
        subject_code: r.get(at + 2)?,
        subject_name: r.get(at + 3)?,
        award: r.get(at + 4)?,
        targets: r.get(at + 5)?,
        person_active: r.get(at + 6)?,
        employment_start: crate::db::sqlite_date(r, at + 7)?,
        transferred_in: r.get(at + 8)?,
    })
}

/// A registration and one of its entries (none when it has none).
struct RegistrationEntryRow {
    reg: Registration,
    entry: Option<Entry>,
}

/// By position: the registration's `unit_id` and the entry's share a name.
impl<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> for RegistrationEntryRow {
    fn from_row(r: &'r sqlx::postgres::PgRow) -> std::result::Result<Self, sqlx::Error> {
        use sqlx::Row;
        let reg = Registration {
            id: r.try_get(0)?,
            plan_id: r.try_get(1)?,
            unit_id: r.try_get(2)?,
            unit_name: r.try_get(3)?,
            unit_path: r.try_get(4)?,
            status: r.try_get(5)?,
            extension_until: r.try_get(6)?,
            return_reason: r.try_get(7)?,
            submitted_at: r.try_get(8)?,
            submitted_by: r.try_get(9)?,
            decided_at: r.try_get(10)?,
        };
        let award: Option<String> = r.try_get(15)?;
        let entry = match award {
            None => None,
            Some(award) => Some(Entry {
                person_id: r.try_get(11)?,
                unit_id: r.try_get(12)?,
                subject_code: r.try_get(13)?,
                subject_name: r.try_get(14)?,
                award,
                targets: r.try_get(16)?,
                person_active: r.try_get(17)?,
                employment_start: r.try_get(18)?,
                transferred_in: r.try_get(19)?,
            }),
        };
        Ok(RegistrationEntryRow { reg, entry })
    }
}

/// A row of [`registration_q!`], read through rusqlite.
fn registration_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Registration> {
    Ok(Registration {
        id: r.get(0)?,
        plan_id: r.get(1)?,
        unit_id: r.get(2)?,
        unit_name: r.get(3)?,
        unit_path: r.get(4)?,
        status: r.get(5)?,
        extension_until: crate::db::sqlite_date(r, 6)?,
        return_reason: r.get(7)?,
        submitted_at: crate::db::sqlite_datetime(r, 8)?,
        submitted_by: r.get(9)?,
        decided_at: crate::db::sqlite_datetime(r, 10)?,
    })
}

/// Whether `actor` may see something of the unit at `path`: inside one of
/// their subtrees, or above it (a movement launched by a superior body is
/// seen by the bodies below).
fn sees(actor: &Actor, path: &str) -> bool {
    actor.can(Action::View, path)
        || actor.is_system()
        || actor.grants.iter().any(|g| g.unit_path.starts_with(path))
}

/// Whether `actor` may see a plan: a published plan like its unit's other
/// things (own subtree or above); a draft only its owning unit's managers
/// and Office (who may review there: the plan's authors), not the units below.
pub fn sees_plan(actor: &Actor, plan: &Plan) -> bool {
    if plan.published {
        sees(actor, &plan.unit_path)
    } else {
        actor.can(Action::Review, &plan.unit_path)
    }
}

impl Store {
    /// Movements the actor sees: their own subtrees' and those launched above them.
    pub async fn movements(&self, actor: &Actor) -> Result<Vec<Movement>> {
        let all = on_pool!(&self.db, p => sqlx::query_as::<_, Movement>(movement_q!("ORDER BY m.start_date DESC, m.id DESC")).fetch_all(p).await)
            .map_err(internal)?;
        Ok(all
            .into_iter()
            .filter(|m| sees(actor, &m.unit_path))
            .collect())
    }

    pub async fn movement(&self, actor: &Actor, id: i64) -> Result<Movement> {
        let m = on_pool!(&self.db, p => sqlx::query_as::<_, Movement>(movement_q!("WHERE m.id = $1")).bind(id).fetch_optional(p).await)
            .map_err(internal)?
            .ok_or_else(|| Error::NotFound("phong trào".into()))?;
        if sees(actor, &m.unit_path) {
            Ok(m)
        } else {
            Err(Error::NotFound("phong trào".into()))
        }
    }

    pub async fn plans(&self, actor: &Actor) -> Result<Vec<Plan>> {
        let all = on_pool!(&self.db, p => sqlx::query_as::<_, Plan>(plan_q!("ORDER BY p.year DESC, p.id DESC")).fetch_all(p).await)
            .map_err(internal)?;
        Ok(all.into_iter().filter(|p| sees_plan(actor, p)).collect())
    }

    /// The published plans `actor` sees, each with its registration deadline, its
    /// registrations, its participants and its milestones: four queries whatever the
    /// number of plans (the home page's task list).
    /// Kept a few seconds per user (see [`crate::figures_cache`]).
    pub async fn published_plans_overview(&self, actor: &Actor) -> Result<Vec<PlanOverview>> {
        self.figures
            .plans_overview
            .get_or_load(actor.cache_key(), self.read_published_plans_overview(actor))
            .await
    }

    async fn read_published_plans_overview(&self, actor: &Actor) -> Result<Vec<PlanOverview>> {
        let plans: Vec<Plan> = on_pool!(&self.db, p => sqlx::query_as::<_, Plan>(
            plan_q!("WHERE p.published = TRUE ORDER BY p.year DESC, p.id DESC")).fetch_all(p).await)
        .map_err(internal)?
        .into_iter()
        .filter(|p| sees_plan(actor, p))
        .collect();
        if plans.is_empty() {
            return Ok(vec![]);
        }
        let mut regs = on_pool!(&self.db, p => sqlx::query_as::<_, Registration>(registration_q!(
            "WHERE r.plan_id IN (SELECT id FROM plans WHERE published = TRUE) ORDER BY u.sort_key")).fetch_all(p).await)
            .map_err(internal)?;
        #[derive(sqlx::FromRow)]
        struct Due {
            plan_id: i64,
            kind: String,
            label: String,
            due_date: NaiveDate,
        }
        let mut milestones = on_pool!(&self.db, p => sqlx::query_as::<_, Due>(
            "SELECT plan_id, kind, label, due_date FROM plan_milestones
             WHERE plan_id IN (SELECT id FROM plans WHERE published = TRUE) ORDER BY due_date").fetch_all(p).await)
            .map_err(internal)?;
        // The issuing units and their active direct sub-units (see plan_participants).
        let units = on_pool!(&self.db, p => sqlx::query_as::<_, crate::units::Unit>(crate::units::unit_select!(
            "WHERE id IN (SELECT unit_id FROM plans WHERE published = TRUE)
                OR (parent_id IN (SELECT unit_id FROM plans WHERE published = TRUE) AND active = TRUE AND kind <> 'organisation')
             ORDER BY sort_key")).fetch_all(p).await)
            .map_err(internal)?;
        let registration = MilestoneKind::Registration.code();
        Ok(plans
            .into_iter()
            .map(|plan| {
                let mut participants: Vec<crate::units::Unit> = units
                    .iter()
                    .filter(|u| u.id == plan.unit_id)
                    .cloned()
                    .collect();
                participants.extend(
                    units
                        .iter()
                        .filter(|u| {
                            u.parent_id == Some(plan.unit_id)
                                && u.active
                                && u.kind != "organisation"
                        })
                        .cloned(),
                );
                let (mine, rest): (Vec<Registration>, Vec<Registration>) =
                    std::mem::take(&mut regs)
                        .into_iter()
                        .partition(|r| r.plan_id == plan.id);
                regs = rest;
                let (own, rest): (Vec<Due>, Vec<Due>) = std::mem::take(&mut milestones)
                    .into_iter()
                    .partition(|m| m.plan_id == plan.id);
                milestones = rest;
                PlanOverview {
                    registration_due: own
                        .iter()
                        .find(|m| m.kind == registration)
                        .map(|m| m.due_date),
                    milestones: own
                        .into_iter()
                        .map(|m| PlanMilestone {
                            kind: m.kind,
                            label: m.label,
                            due_date: m.due_date,
                        })
                        .collect(),
                    registrations: mine,
                    participants,
                    plan,
                }
            })
            .collect())
    }

    /// The plans of a movement that `actor` sees (drafts only to their authors).
    pub async fn plans_of_movement(&self, actor: &Actor, movement_id: i64) -> Result<Vec<Plan>> {
        let all = on_pool!(&self.db, p => sqlx::query_as::<_, Plan>(plan_q!("WHERE p.movement_id = $1 ORDER BY p.id")).bind(movement_id).fetch_all(p).await)
            .map_err(internal)?;
        Ok(all.into_iter().filter(|p| sees_plan(actor, p)).collect())
    }

    /// A plan as stored, kept a few seconds (see [`crate::figures_cache`]): every
    /// registration page reads its plan, which changes a few times a year.
    async fn plan_row(&self, id: i64) -> Result<Option<Plan>> {
        self.figures
            .plans
            .get_or_load(id.to_string(), async {
                on_pool!(&self.db, p => sqlx::query_as::<_, Plan>(plan_q!("WHERE p.id = $1")).bind(id).fetch_optional(p).await)
                    .map_err(internal)
            })
            .await
    }

    pub async fn plan(&self, actor: &Actor, id: i64) -> Result<Plan> {
        let p = self
            .plan_row(id)
            .await?
            .ok_or_else(|| Error::NotFound("kế hoạch".into()))?;
        if sees_plan(actor, &p) {
            Ok(p)
        } else {
            Err(Error::NotFound("kế hoạch".into()))
        }
    }

    /// A plan a unit registers for: [`Store::plan`], except that a draft
    /// under the actor's eyes answers "not published yet" (without showing it).
    pub async fn plan_to_register(&self, actor: &Actor, id: i64) -> Result<Plan> {
        let p = self
            .plan_row(id)
            .await?
            .ok_or_else(|| Error::NotFound("kế hoạch".into()))?;
        if sees_plan(actor, &p) {
            Ok(p)
        } else if !p.published && sees(actor, &p.unit_path) {
            Err(Error::invalid(
                "plan",
                "Kế hoạch chưa ban hành: chưa nhận đăng ký.",
            ))
        } else {
            Err(Error::NotFound("kế hoạch".into()))
        }
    }

    /// A plan's milestones, kept like the plan ([`Store::plan_row`]).
    pub async fn milestones(&self, plan_id: i64) -> Result<Vec<PlanMilestone>> {
        self.figures
            .milestones
            .get_or_load(
                plan_id.to_string(),
                self.hot_rows(
                    "SELECT kind, label, due_date FROM plan_milestones WHERE plan_id = $1 ORDER BY due_date",
                    &[Bind::Int(plan_id)],
                    |r| {
                        Ok(PlanMilestone {
                            kind: r.get(0)?,
                            label: r.get(1)?,
                            due_date: crate::db::sqlite_date(r, 2)?.unwrap_or_default(),
                        })
                    },
                ),
            )
            .await
    }

    pub async fn plan_due(&self, plan_id: i64, kind: MilestoneKind) -> Result<Option<NaiveDate>> {
        on_pool!(&self.db, p => sqlx::query_scalar("SELECT due_date FROM plan_milestones WHERE plan_id = $1 AND kind = $2")
            .bind(plan_id).bind(kind.code()).fetch_optional(p).await)
        .map_err(internal)
    }

    /// The units that register for a plan: the issuing unit itself (its
    /// leaders) and its active direct sub-units (phòng, or member agencies).
    pub async fn plan_participants(&self, plan: &Plan) -> Result<Vec<crate::units::Unit>> {
        // From the in-process tree: the issuing unit, then its sub-units in name order.
        let tree = self.unit_tree().await?;
        let mut out: Vec<crate::units::Unit> = tree
            .iter()
            .filter(|u| u.id == plan.unit_id)
            .cloned()
            .collect();
        if out.is_empty() {
            return Err(Error::NotFound("đơn vị".into()));
        }
        out.extend(
            tree.iter()
                .filter(|u| {
                    u.parent_id == Some(plan.unit_id) && u.active && u.kind != "organisation"
                })
                .cloned(),
        );
        Ok(out)
    }

    pub async fn registrations(&self, plan_id: i64) -> Result<Vec<Registration>> {
        self.hot_rows(
            registration_q!("WHERE r.plan_id = $1 ORDER BY u.sort_key"),
            &[Bind::Int(plan_id)],
            registration_row,
        )
        .await
    }

    pub async fn registration(&self, id: i64) -> Result<Registration> {
        on_pool!(&self.db, p => sqlx::query_as::<_, Registration>(registration_q!("WHERE r.id = $1")).bind(id).fetch_optional(p).await)
            .map_err(internal)?
            .ok_or_else(|| Error::NotFound("bản đăng ký".into()))
    }

    pub async fn registration_of(
        &self,
        plan_id: i64,
        unit_id: i64,
    ) -> Result<Option<Registration>> {
        Ok(self
            .hot_rows(
                registration_q!("WHERE r.plan_id = $1 AND r.unit_id = $2"),
                &[Bind::Int(plan_id), Bind::Int(unit_id)],
                registration_row,
            )
            .await?
            .pop())
    }

    /// The plan's registrations with what they hold, counted in the database (per
    /// registration, entries by award and kind, and the number of people: one short
    /// row each; a province's plan holds tens of thousands of entries), in one
    /// statement: the plan's page shows both.
    pub async fn plan_registrations(
        &self,
        plan_id: i64,
    ) -> Result<(Vec<Registration>, Vec<PlanTally>)> {
        let rows = self
            .hot_rows(
                concat!("SELECT ", registration_cols!(), ", t.award, t.collective, t.n
                 FROM registrations r JOIN units u ON u.id = r.unit_id
                 LEFT JOIN (
                     SELECT e.registration_id, e.award, e.unit_id IS NOT NULL AS collective, COUNT(*) AS n
                     FROM registration_entries e JOIN registrations r2 ON r2.id = e.registration_id
                     WHERE r2.plan_id = $1 GROUP BY e.registration_id, e.award, e.unit_id IS NOT NULL
                     UNION ALL
                     SELECT e.registration_id, '*', FALSE, COUNT(DISTINCT e.person_id)
                     FROM registration_entries e JOIN registrations r2 ON r2.id = e.registration_id
                     WHERE r2.plan_id = $1 AND e.person_id IS NOT NULL GROUP BY e.registration_id
                 ) t ON t.registration_id = r.id
                 WHERE r.plan_id = $1 ORDER BY u.sort_key, r.id"),
                &[Bind::Int(plan_id)],
                |r| {
                    Ok(RegistrationTally {
                        reg: registration_row(r)?,
                        award: r.get(11)?,
                        collective: r.get(12)?,
                        n: r.get(13)?,
                    })
                },
            )
            .await?;
        let mut regs: Vec<Registration> = Vec::new();
        let mut tallies = Vec::new();
        for row in rows {
            if let (Some(award), Some(collective), Some(n)) = (row.award, row.collective, row.n) {
                tallies.push(PlanTally {
                    registration_id: row.reg.id,
                    award,
                    collective,
                    n,
                });
            }
            if regs.last().map(|r| r.id) != Some(row.reg.id) {
                regs.push(row.reg);
            }
        }
        Ok((regs, tallies))
    }

    /// A registration with its history (oldest first), in one statement.
    pub async fn registration_with_events(
        &self,
        id: i64,
    ) -> Result<(Registration, Vec<RegistrationEvent>)> {
        let rows = on_pool!(&self.db, p => sqlx::query_as::<_, RegistrationEventRow>(
            concat!("SELECT ", registration_cols!(), ", ev.at AS ev_at, ev.actor AS ev_actor, ev.action AS ev_action, ev.note AS ev_note
             FROM registrations r JOIN units u ON u.id = r.unit_id
             LEFT JOIN registration_events ev ON ev.registration_id = r.id
             WHERE r.id = $1 ORDER BY ev.id"))
            .bind(id).fetch_all(p).await)
        .map_err(internal)?;
        let mut events = Vec::new();
        let mut reg = None;
        for row in rows {
            if let (Some(at), Some(actor), Some(action), Some(note)) =
                (row.ev_at, row.ev_actor, row.ev_action, row.ev_note)
            {
                events.push(FlowEvent {
                    at,
                    actor,
                    action,
                    note,
                });
            }
            reg.get_or_insert(row.reg);
        }
        let reg = reg.ok_or_else(|| Error::NotFound("bản đăng ký".into()))?;
        Ok((reg, events))
    }

    /// A registration's entries, the unit's own first, then people in name order.
    /// On SQLite through the rusqlite readers (a whole department's entries are
    /// thousands of rows, each handed over by sqlx's worker thread otherwise).
    pub async fn entries(&self, registration_id: i64) -> Result<Vec<Entry>> {
        self.hot_rows(
            entries_q!(
                "",
                "FROM registration_entries e",
                "WHERE e.registration_id = $1"
            ),
            &[Bind::Int(registration_id)],
            |r| entry_row(r, 0),
        )
        .await
    }

    /// The registration of `unit_id` for `plan_id`, if any, with its entries (as
    /// [`Store::entries`]), in one statement: the registration form shows both.
    pub async fn registration_of_with_entries(
        &self,
        plan_id: i64,
        unit_id: i64,
    ) -> Result<Option<(Registration, Vec<Entry>)>> {
        let rows = self
            .hot_rows(
                entries_q!(
                    concat!(registration_cols!(), ", "),
                    "FROM registrations r JOIN units u ON u.id = r.unit_id
                     LEFT JOIN registration_entries e ON e.registration_id = r.id",
                    "WHERE r.plan_id = $1 AND r.unit_id = $2"
                ),
                &[Bind::Int(plan_id), Bind::Int(unit_id)],
                |r| {
                    Ok(RegistrationEntryRow {
                        reg: registration_row(r)?,
                        entry: match r.get_ref(15)? {
                            rusqlite::types::ValueRef::Null => None,
                            _ => Some(entry_row(r, 11)?),
                        },
                    })
                },
            )
            .await?;
        let mut out: Option<(Registration, Vec<Entry>)> = None;
        for row in rows {
            let (_, entries) = out.get_or_insert_with(|| (row.reg, Vec::new()));
            entries.extend(row.entry);
        }
        Ok(out)
    }

    /// Notifications for the actor's roles and subtrees, newest first (kept a few
    /// seconds per user, see [`crate::figures_cache`]).
    pub async fn notifications(&self, actor: &Actor, limit: i64) -> Result<Vec<Notification>> {
        self.figures
            .notifications
            .get_or_load(
                format!("{}:{limit}", actor.cache_key()),
                self.read_notifications(actor, limit),
            )
            .await
    }

    async fn read_notifications(&self, actor: &Actor, limit: i64) -> Result<Vec<Notification>> {
        let Some(uid) = actor.user_id else {
            return Ok(vec![]);
        };
        // (id, unit path, roles, text, created, link, read by this user)
        type Row = (i64, String, String, String, DateTime<Utc>, String, bool);
        // Only the user's subtrees, newest first, in a window a few times the list
        // (roles and copies are sorted out below): not the whole table per page.
        let Some(r) = crate::actor::scope_ranges(&actor.scopes(Action::View)) else {
            return Ok(vec![]);
        };
        let window = (limit.max(1) * 8).min(500);
        let rows: Vec<Row> = on_pool!(&self.db, p => sqlx::query_as(
            "SELECT n.id, n.unit_path, n.roles, n.text, n.created_at, n.link,
                    EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = $1)
             FROM notifications n
             WHERE (n.unit_path >= $2 AND n.unit_path < $3) OR (n.unit_path >= $4 AND n.unit_path < $5)
                OR (n.unit_path >= $6 AND n.unit_path < $7) OR (n.unit_path >= $8 AND n.unit_path < $9)
             ORDER BY n.id DESC LIMIT $10")
            .bind(uid).bind(&r[0]).bind(&r[1]).bind(&r[2]).bind(&r[3]).bind(&r[4]).bind(&r[5]).bind(&r[6]).bind(&r[7])
            .bind(window).fetch_all(p).await)
        .map_err(internal)?;
        // Copies of one event left for several units (same text, link and
        // time) are shown once: the newest copy this reader may see.
        let mut seen = std::collections::HashSet::new();
        Ok(rows
            .into_iter()
            .filter(|(_, path, roles, ..)| {
                actor.grants.iter().any(|g| {
                    path.starts_with(&g.unit_path)
                        && roles
                            .split(',')
                            .any(|r| r == g.role.code() || g.role == Role::Admin)
                })
            })
            .filter(|(_, _, _, text, created_at, link, _)| {
                seen.insert((text.clone(), link.clone(), *created_at))
            })
            .take(limit.max(0) as usize)
            .map(|(id, _, _, text, created_at, link, read)| Notification {
                id,
                text,
                link,
                created_at,
                read,
            })
            .collect())
    }

    pub async fn mark_read(&self, user_id: i64, ids: &[i64]) -> Result<()> {
        let mut tx = self.db.begin().await.map_err(internal)?;
        for id in ids {
            on_tx!(&mut tx, c => sqlx::query("INSERT INTO notification_reads (notification_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(*id).bind(user_id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        }
        tx.commit().await.map_err(internal)?;
        // The notifications kept for the home page are stale now.
        crate::figures_cache::written();
        Ok(())
    }
}

impl WriteTx<'_> {
    pub(crate) async fn unit_path_of(&mut self, unit_id: i64) -> Result<String> {
        let p: Option<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT path FROM units WHERE id = $1").bind(unit_id).fetch_optional(c).await)
            .map_err(internal)?;
        p.ok_or_else(|| Error::invalid("unit_id", "Đơn vị không tồn tại."))
    }

    /// Leaves a notice for the holders of `roles` over the unit at `unit_path`.
    pub async fn notify(
        &mut self,
        unit_path: &str,
        roles: &[Role],
        text: &str,
        link: &str,
    ) -> Result<()> {
        let roles = roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",");
        let now = self.now;
        on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO notifications (unit_path, roles, text, link, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(unit_path).bind(&roles).bind(text).bind(link).bind(now).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        Ok(())
    }

    /// Launches a movement from `unit_id`, or relaunches `parent_id` received from above.
    pub async fn create_movement(
        &mut self,
        unit_id: i64,
        parent_id: Option<i64>,
        m: &ValidMovement,
    ) -> Result<i64> {
        let path = self.unit_path_of(unit_id).await?;
        self.require(Action::Review, &path)?;
        let now = self.now;
        let id: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "INSERT INTO movements (name, kind, scope, unit_id, parent_id, start_date, end_date, status, targets, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id")
            .bind(&m.name).bind(m.kind.code()).bind(&m.scope).bind(unit_id).bind(parent_id).bind(m.start).bind(m.end)
            .bind(MovementStatus::ChuaBatDau.code()).bind(json!(m.targets).to_string()).bind(now)
            .fetch_one(c).await)
        .map_err(internal)?;
        self.audit(Change {
            action: if parent_id.is_some() {
                "relaunch"
            } else {
                "create"
            },
            entity: "movement",
            entity_id: id.to_string(),
            unit_path: &path,
            summary: format!(
                "{} phong trào «{}»",
                if parent_id.is_some() {
                    "Tiếp nhận và phát động lại"
                } else {
                    "Phát động"
                },
                m.name
            ),
            old: None,
            new: Some(json!(m)),
        })
        .await?;
        Ok(id)
    }

    pub async fn advance_movement(&mut self, id: i64) -> Result<MovementStatus> {
        let row: Option<(String, String, String)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT m.status, u.path, m.name FROM movements m JOIN units u ON u.id = m.unit_id WHERE m.id = $1").bind(id).fetch_optional(c).await)
        .map_err(internal)?;
        let Some((status, path, name)) = row else {
            return Err(Error::NotFound("phong trào".into()));
        };
        self.require(Action::Review, &path)?;
        let old = MovementStatus::parse(&status).unwrap_or(MovementStatus::ChuaBatDau);
        let Some(new) = old.next() else {
            return Err(Error::invalid("status", "Phong trào đã kết thúc."));
        };
        let now = self.now;
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE movements SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(new.code()).bind(now).bind(id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        self.audit(Change {
            action: "status",
            entity: "movement",
            entity_id: id.to_string(),
            unit_path: &path,
            summary: format!("Phong trào «{name}»: {} → {}", old.label(), new.label()),
            old: Some(json!({"status": old.code()})),
            new: Some(json!({"status": new.code()})),
        })
        .await?;
        Ok(new)
    }

    pub async fn create_plan(
        &mut self,
        unit_id: i64,
        movement_id: Option<i64>,
        p: &ValidPlan,
    ) -> Result<i64> {
        let path = self.unit_path_of(unit_id).await?;
        self.require(Action::Review, &path)?;
        let now = self.now;
        let id: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "INSERT INTO plans (movement_id, unit_id, year, number, title, preamble, purpose, content, organisation, recipients, place,
                signed_on, signer, signer_position, published, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, FALSE, $15, $15) RETURNING id")
            .bind(movement_id).bind(unit_id).bind(p.year as i64).bind(&p.number).bind(&p.title).bind(&p.preamble).bind(&p.purpose)
            .bind(&p.content).bind(&p.organisation).bind(json!(p.recipients).to_string()).bind(&p.place).bind(p.signed_on)
            .bind(&p.signer).bind(&p.signer_position).bind(now)
            .fetch_one(c).await)
        .map_err(internal)?;
        self.put_milestones(id, p).await?;
        self.audit(Change {
            action: "create",
            entity: "plan",
            entity_id: id.to_string(),
            unit_path: &path,
            summary: format!("Soạn kế hoạch «{}»", p.title),
            old: None,
            new: Some(json!(p)),
        })
        .await?;
        Ok(id)
    }

    async fn put_milestones(&mut self, plan_id: i64, p: &ValidPlan) -> Result<()> {
        on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM plan_milestones WHERE plan_id = $1").bind(plan_id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        for m in &p.milestones {
            on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO plan_milestones (plan_id, kind, label, due_date) VALUES ($1, $2, $3, $4)")
                .bind(plan_id).bind(m.kind.code()).bind(&m.label).bind(m.due).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        }
        Ok(())
    }

    pub async fn update_plan(&mut self, id: i64, p: &ValidPlan) -> Result<()> {
        let row: Option<(String, bool)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT u.path, p.published FROM plans p JOIN units u ON u.id = p.unit_id WHERE p.id = $1").bind(id).fetch_optional(c).await)
        .map_err(internal)?;
        let Some((path, _published)) = row else {
            return Err(Error::NotFound("kế hoạch".into()));
        };
        self.require(Action::Review, &path)?;
        let now = self.now;
        on_tx!(&mut self.tx, c => sqlx::query(
            "UPDATE plans SET year = $1, number = $2, title = $3, preamble = $4, purpose = $5, content = $6, organisation = $7,
                recipients = $8, place = $9, signed_on = $10, signer = $11, signer_position = $12, updated_at = $13 WHERE id = $14")
            .bind(p.year as i64).bind(&p.number).bind(&p.title).bind(&p.preamble).bind(&p.purpose).bind(&p.content)
            .bind(&p.organisation).bind(json!(p.recipients).to_string()).bind(&p.place).bind(p.signed_on).bind(&p.signer)
            .bind(&p.signer_position).bind(now).bind(id)
            .execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        self.put_milestones(id, p).await?;
        self.audit(Change {
            action: "update",
            entity: "plan",
            entity_id: id.to_string(),
            unit_path: &path,
            summary: format!("Sửa kế hoạch «{}»", p.title),
            old: None,
            new: Some(json!(p)),
        })
        .await
    }

    /// Publishes a plan: units may register from now on.
    pub async fn publish_plan(&mut self, id: i64) -> Result<()> {
        let row: Option<(String, String, bool)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT u.path, p.title, p.published FROM plans p JOIN units u ON u.id = p.unit_id WHERE p.id = $1").bind(id).fetch_optional(c).await)
        .map_err(internal)?;
        let Some((path, title, published)) = row else {
            return Err(Error::NotFound("kế hoạch".into()));
        };
        self.require(Action::Review, &path)?;
        if published {
            return Ok(());
        }
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE plans SET published = TRUE WHERE id = $1").bind(id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        // The units that register (as `Store::plan_participants`): the issuing
        // unit and its active direct sub-units. A notice is read by grants at or
        // above its unit, so each participant gets its own copy; the copies are
        // one event (same text, link and time), shown once to any reader.
        let below: Vec<String> = on_tx!(&mut self.tx, c => sqlx::query_scalar(
            "SELECT u.path FROM units u JOIN plans p ON u.parent_id = p.unit_id
             WHERE p.id = $1 AND u.active AND u.kind <> 'organisation' ORDER BY u.path")
            .bind(id).fetch_all(c).await)
        .map_err(internal)?;
        let text = format!("Kế hoạch «{title}» đã ban hành: các đơn vị đăng ký thi đua.");
        let link = format!("/ke-hoach/{id}");
        for unit_path in std::iter::once(&path).chain(&below) {
            self.notify(unit_path, &[Role::UnitClerk, Role::UnitHead], &text, &link)
                .await?;
        }
        self.audit(Change {
            action: "publish",
            entity: "plan",
            entity_id: id.to_string(),
            unit_path: &path,
            summary: format!("Ban hành kế hoạch «{title}»"),
            old: Some(json!({"published": false})),
            new: Some(json!({"published": true})),
        })
        .await
    }

    pub(crate) async fn plan_row(&mut self, plan_id: i64) -> Result<(String, String, bool)> {
        let row: Option<(String, String, bool)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT u.path, p.title, p.published FROM plans p JOIN units u ON u.id = p.unit_id WHERE p.id = $1").bind(plan_id).fetch_optional(c).await)
        .map_err(internal)?;
        row.ok_or_else(|| Error::NotFound("kế hoạch".into()))
    }

    async fn registration_row(&mut self, id: i64) -> Result<Registration> {
        on_tx!(&mut self.tx, c => sqlx::query_as::<_, Registration>(registration_q!("WHERE r.id = $1")).bind(id).fetch_optional(c).await)
            .map_err(internal)?
            .ok_or_else(|| Error::NotFound("bản đăng ký".into()))
    }

    async fn event(
        &mut self,
        registration_id: i64,
        action: RegistrationAction,
        note: &str,
    ) -> Result<()> {
        let now = self.now;
        let actor = self.actor.display_name.clone();
        on_tx!(&mut self.tx, c => sqlx::query("INSERT INTO registration_events (registration_id, at, actor, action, note) VALUES ($1, $2, $3, $4, $5)")
            .bind(registration_id).bind(now).bind(&actor).bind(action.code()).bind(note).execute(c).await.map(|r| r.rows_affected()))
        .map_err(internal)?;
        Ok(())
    }

    /// Replaces a unit's entries for a plan (creating its draft the first time).
    /// Every entry must fit: a person of the unit's subtree, a title that applies.
    pub async fn save_registration(
        &mut self,
        plan_id: i64,
        unit_id: i64,
        entries: &[NewEntry],
    ) -> Result<i64> {
        let (plan_path, _, published) = self.plan_row(plan_id).await?;
        if !published {
            return Err(Error::invalid(
                "plan",
                "Kế hoạch chưa ban hành: chưa nhận đăng ký.",
            ));
        }
        let unit_path = self.unit_path_of(unit_id).await?;
        if !unit_path.starts_with(&plan_path) {
            return Err(Error::invalid(
                "unit_id",
                "Đơn vị không thuộc phạm vi của kế hoạch.",
            ));
        }
        self.require(Action::Register, &unit_path)?;
        let existing: Option<(i64, String)> = on_tx!(&mut self.tx, c => sqlx::query_as(
            "SELECT id, status FROM registrations WHERE plan_id = $1 AND unit_id = $2").bind(plan_id).bind(unit_id).fetch_optional(c).await)
        .map_err(internal)?;
        let now = self.now;
        let id = match existing {
            Some((id, status)) => {
                RegistrationStatus::parse(&status).unwrap_or(RegistrationStatus::Draft).after(RegistrationAction::Edit)?;
                id
            }
            None => on_tx!(&mut self.tx, c => sqlx::query_scalar(
                "INSERT INTO registrations (plan_id, unit_id, status, updated_at) VALUES ($1, $2, $3, $4) RETURNING id")
                .bind(plan_id).bind(unit_id).bind(RegistrationStatus::Draft.code()).bind(now).fetch_one(c).await)
            .map_err(internal)?,
        };
        let mut errors = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let (kind, path): (SubjectKind, Option<String>) = match (e.person_id, e.unit_id) {
                (Some(pid), None) => (
                    SubjectKind::Individual,
                    on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT unit_path FROM people WHERE id = $1 AND active = TRUE").bind(pid).fetch_optional(c).await)
                        .map_err(internal)?,
                ),
                (None, Some(uid)) => (SubjectKind::Collective, Some(self.unit_path_of(uid).await?)),
                _ => {
                    errors.push(FieldError::new("entries", format!("Dòng {}: thiếu người hoặc tập thể đăng ký.", i + 1)));
                    continue;
                }
            };
            match path {
                Some(p) if p.starts_with(&unit_path) => {}
                _ => {
                    errors.push(FieldError::new(
                        "entries",
                        format!(
                            "Dòng {}: người hoặc tập thể không thuộc đơn vị đăng ký.",
                            i + 1
                        ),
                    ));
                    continue;
                }
            }
            if let Err(msg) = check_title(kind, e.award) {
                errors.push(FieldError::new("entries", format!("Dòng {}: {msg}", i + 1)));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for e in entries {
            if !seen.insert((e.person_id, e.unit_id, e.award)) {
                errors.push(FieldError::new(
                    "entries",
                    format!(
                        "«{}» được đăng ký hai lần cho cùng một người/tập thể.",
                        e.award.label()
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        on_tx!(&mut self.tx, c => sqlx::query("DELETE FROM registration_entries WHERE registration_id = $1").bind(id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        for chunk in entries.chunks(500) {
            on_tx!(&mut self.tx, c => {
                let mut qb = sqlx::QueryBuilder::new("INSERT INTO registration_entries (registration_id, person_id, unit_id, award, targets) ");
                qb.push_values(chunk, |mut b, e| {
                    b.push_bind(id).push_bind(e.person_id).push_bind(e.unit_id).push_bind(e.award.code()).push_bind(e.targets.clone());
                });
                qb.build().execute(c).await.map(|r| r.rows_affected())
            })
            .map_err(internal)?;
        }
        on_tx!(&mut self.tx, c => sqlx::query("UPDATE registrations SET updated_at = $1 WHERE id = $2").bind(now).bind(id).execute(c).await.map(|r| r.rows_affected()))
            .map_err(internal)?;
        self.event(
            id,
            RegistrationAction::Edit,
            &format!("{} mục đăng ký", entries.len()),
        )
        .await?;
        self.audit(Change {
            action: "update",
            entity: "registration",
            entity_id: id.to_string(),
            unit_path: &unit_path,
            summary: format!("Cập nhật đăng ký thi đua ({} mục)", entries.len()),
            old: None,
            new: Some(json!(entries.iter().map(|e| json!({"person_id": e.person_id, "unit_id": e.unit_id, "award": e.award.code(), "targets": e.targets})).collect::<Vec<_>>())),
        })
        .await?;
        Ok(id)
    }

    /// Moves a registration through its workflow; `today` is the day in
    /// Vietnam, for the deadline.
    pub async fn registration_action(
        &mut self,
        id: i64,
        action: RegistrationAction,
        note: &str,
        today: NaiveDate,
        extend_to: Option<NaiveDate>,
    ) -> Result<RegistrationStatus> {
        let r = self.registration_row(id).await?;
        let (plan_path, plan_title, _) = self.plan_row(r.plan_id).await?;
        match action {
            RegistrationAction::Submit => self.require(Action::Submit, &r.unit_path)?,
            RegistrationAction::Return
            | RegistrationAction::Accept
            | RegistrationAction::Extend => self.require(Action::Review, &plan_path)?,
            RegistrationAction::Edit => self.require(Action::Register, &r.unit_path)?,
        }
        let new = r.state().after(action)?;
        // Separation of duties: who submitted it does not also judge it.
        if self.separate_duties
            && matches!(
                action,
                RegistrationAction::Accept | RegistrationAction::Return
            )
            && r.submitted_by.is_some()
            && r.submitted_by == self.actor.user_id
        {
            return Err(Error::invalid(
                "action",
                "Bạn là người đã gửi bản đăng ký này nên không thể tự tiếp nhận hoặc trả lại (phân tách nhiệm vụ). Đề nghị một cán bộ khác của Văn phòng thực hiện.",
            ));
        }
        let now = self.now;
        match action {
            RegistrationAction::Submit => {
                let due: Option<NaiveDate> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT due_date FROM plan_milestones WHERE plan_id = $1 AND kind = $2")
                    .bind(r.plan_id).bind(MilestoneKind::Registration.code()).fetch_optional(c).await)
                .map_err(internal)?;
                if let Some(due) = due {
                    may_submit(today, due, r.extension_until)?;
                }
                let n: i64 = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM registration_entries WHERE registration_id = $1").bind(id).fetch_one(c).await)
                    .map_err(internal)?;
                if n == 0 {
                    return Err(Error::invalid("entries", "Bản đăng ký chưa có mục nào."));
                }
                let by = self.actor.user_id;
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE registrations SET status = $1, submitted_at = $2, submitted_by = $3, updated_at = $2 WHERE id = $4")
                    .bind(new.code()).bind(now).bind(by).bind(id).execute(c).await.map(|r| r.rows_affected()))
                .map_err(internal)?;
                self.notify(
                    &plan_path,
                    &[Role::Secretariat],
                    &format!(
                        "{} đã gửi đăng ký thi đua (kế hoạch «{plan_title}»).",
                        r.unit_name
                    ),
                    &format!("/dang-ky/{id}"),
                )
                .await?;
            }
            RegistrationAction::Return => {
                if note.trim().is_empty() {
                    return Err(Error::invalid(
                        "note",
                        "Hãy ghi lý do trả lại để đơn vị sửa.",
                    ));
                }
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE registrations SET status = $1, return_reason = $2, decided_at = $3, updated_at = $3 WHERE id = $4")
                    .bind(new.code()).bind(note.trim()).bind(now).bind(id).execute(c).await.map(|r| r.rows_affected()))
                .map_err(internal)?;
                self.notify(
                    &r.unit_path,
                    &[Role::UnitClerk, Role::UnitHead],
                    &format!(
                        "Văn phòng trả lại đăng ký của {}: {}",
                        r.unit_name,
                        note.trim()
                    ),
                    &format!("/dang-ky/{id}"),
                )
                .await?;
            }
            RegistrationAction::Accept => {
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE registrations SET status = $1, return_reason = '', decided_at = $2, updated_at = $2 WHERE id = $3")
                    .bind(new.code()).bind(now).bind(id).execute(c).await.map(|r| r.rows_affected()))
                .map_err(internal)?;
                self.notify(
                    &r.unit_path,
                    &[Role::UnitClerk, Role::UnitHead],
                    &format!(
                        "Văn phòng đã tiếp nhận đăng ký thi đua của {}.",
                        r.unit_name
                    ),
                    &format!("/dang-ky/{id}"),
                )
                .await?;
            }
            RegistrationAction::Extend => {
                let until = tdkt_domain::emulation::registration::extension_date(extend_to, today)?;
                on_tx!(&mut self.tx, c => sqlx::query("UPDATE registrations SET extension_until = $1, updated_at = $2 WHERE id = $3")
                    .bind(until).bind(now).bind(id).execute(c).await.map(|r| r.rows_affected()))
                .map_err(internal)?;
                self.notify(
                    &r.unit_path,
                    &[Role::UnitClerk, Role::UnitHead],
                    &format!(
                        "Văn phòng gia hạn gửi đăng ký của {} đến {}.",
                        r.unit_name,
                        tdkt_domain::text::format_date(until)
                    ),
                    &format!("/dang-ky/{id}"),
                )
                .await?;
            }
            RegistrationAction::Edit => {}
        }
        let note_text = match action {
            RegistrationAction::Extend => extend_to
                .map(tdkt_domain::text::format_date)
                .unwrap_or_default(),
            _ => note.trim().to_string(),
        };
        self.event(id, action, &note_text).await?;
        self.audit(Change {
            action: action.code(),
            entity: "registration",
            entity_id: id.to_string(),
            unit_path: &r.unit_path,
            summary: format!(
                "{}: đăng ký của {}{}",
                action.label(),
                r.unit_name,
                if note_text.is_empty() {
                    String::new()
                } else {
                    format!(" ({note_text})")
                }
            ),
            old: Some(json!({"status": r.status})),
            new: Some(json!({"status": new.code()})),
        })
        .await?;
        Ok(new)
    }

    /// Creates empty registrations for participants that have none (so the
    /// aggregate shows who has not registered).
    pub async fn ensure_registration(&mut self, plan_id: i64, unit_id: i64) -> Result<i64> {
        let existing: Option<i64> = on_tx!(&mut self.tx, c => sqlx::query_scalar("SELECT id FROM registrations WHERE plan_id = $1 AND unit_id = $2")
            .bind(plan_id).bind(unit_id).fetch_optional(c).await)
        .map_err(internal)?;
        if let Some(id) = existing {
            return Ok(id);
        }
        let unit_path = self.unit_path_of(unit_id).await?;
        self.require(Action::Register, &unit_path)?;
        let now = self.now;
        on_tx!(&mut self.tx, c => sqlx::query_scalar("INSERT INTO registrations (plan_id, unit_id, status, updated_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(plan_id).bind(unit_id).bind(RegistrationStatus::Draft.code()).bind(now).fetch_one(c).await)
        .map_err(internal)
    }
}
