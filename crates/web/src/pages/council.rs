//! The Emulation & Commendation Council: councils by term and their members;
//! a session's page — agenda from the dossiers ready for council,
//! attendance, recusals, the secret ballot (each member's own form, the
//! secretary's entry of written opinions, the chair's close), the tallies
//! and the outcome per nominee, publication for comment, decisions drafted
//! from it, and the superior bodies' decisions on what went upward.

use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use serde::Deserialize;
use tdkt_domain::auth::Action;
use tdkt_domain::codes::AwardCode;
use tdkt_domain::commendation::ballot::{
    Choice, Outcome, OutcomeInput, lower_awards, threshold_label, within_agency,
};
use tdkt_domain::commendation::council::{
    Attendance, CouncilInput, CouncilRole, SessionInput, SessionStatus, quorum_needed,
};
use tdkt_domain::error::Error;
use tdkt_store::council::{Council, CouncilMember, CouncilSession, Item, SessionView};

use super::dossiers::params_for;

// ---------------------------------------------------------------- councils

#[derive(Template, WebTemplate)]
#[template(path = "councils.html")]
pub(crate) struct CouncilsPage {
    l: Layout,
    councils: Vec<(Council, Vec<CouncilSession>)>,
    pending: Vec<tdkt_store::council::PendingVote>,
    units: Vec<(i64, String)>,
    can_manage: bool,
    errors: Vec<String>,
    this_year: i32,
}

async fn councils_page(
    st: &AppState,
    auth: &Auth,
    errors: Vec<String>,
) -> Result<CouncilsPage, AppError> {
    let mut councils = Vec::new();
    for c in st.store.councils(&auth.actor).await? {
        let sessions = st.store.council_sessions(c.id).await?;
        councils.push((c, sessions));
    }
    let pending = match auth.actor.user_id {
        Some(u) => st.store.pending_votes(u).await?,
        None => vec![],
    };
    let can_manage = auth.actor.can_somewhere(Action::Review);
    let units = if can_manage {
        st.store
            .visible_unit_tree(&auth.actor)
            .await?
            .iter()
            .filter(|u| auth.actor.can(Action::Review, &u.path))
            .map(|u| (u.id, u.name.clone()))
            .collect()
    } else {
        vec![]
    };
    Ok(CouncilsPage {
        l: Layout::new(auth, "Hội đồng Thi đua – Khen thưởng", "/hoi-dong"),
        councils,
        pending,
        units,
        can_manage,
        errors,
        this_year: st.today().year(),
    })
}

pub async fn councils(
    State(st): State<AppState>,
    auth: Auth,
    Query(n): Query<super::Notice>,
) -> Result<CouncilsPage, AppError> {
    let mut p = councils_page(&st, &auth, vec![]).await?;
    p.l = p.l.with_notice(n.tb.as_deref());
    Ok(p)
}

#[derive(Deserialize)]
pub struct CouncilForm {
    csrf: String,
    unit_id: String,
    name: String,
    from_year: String,
    to_year: String,
}

pub async fn create_council(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<CouncilForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let term = CouncilInput {
            name: f.name.clone(),
            from_year: f.from_year.clone(),
            to_year: f.to_year.clone(),
        }
        .validate()?;
        let unit = f
            .unit_id
            .trim()
            .parse::<i64>()
            .map_err(|_| Error::invalid("unit_id", "Chọn cơ quan của Hội đồng."))?;
        let mut w = st.store.begin(&auth.actor).await?;
        let id = w.create_council(unit, &term).await?;
        w.commit().await?;
        Ok(id)
    }
    .await;
    super::respond(
        result,
        |id| format!("/hoi-dong/{id}?tb=da-tao"),
        async |e| councils_page(&st, &auth, super::error_messages(&e)).await,
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "council_view.html")]
pub(crate) struct CouncilPage {
    l: Layout,
    c: Council,
    members: Vec<(CouncilMember, &'static str)>,
    sessions: Vec<CouncilSession>,
    users: Vec<(i64, String)>,
    roles: Vec<(&'static str, &'static str)>,
    can_manage: bool,
    errors: Vec<String>,
    today: String,
    year: i32,
}

async fn council_page(
    st: &AppState,
    auth: &Auth,
    id: i64,
    errors: Vec<String>,
) -> Result<CouncilPage, AppError> {
    let (c, members) = st.store.council(&auth.actor, id).await?;
    let can_manage = auth.actor.can(Action::Review, &c.unit_path);
    let users = if can_manage {
        st.store
            .list_users()
            .await?
            .into_iter()
            .filter(|u| !u.locked)
            .map(|u| (u.id, format!("{} ({})", u.display_name, u.username)))
            .collect()
    } else {
        vec![]
    };
    let sessions = st.store.council_sessions(id).await?;
    let today = st.today();
    Ok(CouncilPage {
        l: Layout::new(auth, c.name.clone(), "/hoi-dong"),
        members: members
            .into_iter()
            .map(|m| {
                let label = m.council_role().label();
                (m, label)
            })
            .collect(),
        sessions,
        users,
        roles: CouncilRole::ALL
            .iter()
            .map(|r| (r.code(), r.label()))
            .collect(),
        can_manage,
        errors,
        today: today.vn(),
        year: today.year() - 1,
        c,
    })
}

pub async fn council(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(n): Query<super::Notice>,
) -> Result<CouncilPage, AppError> {
    let mut p = council_page(&st, &auth, id, vec![]).await?;
    p.l = p.l.with_notice(n.tb.as_deref());
    Ok(p)
}

#[derive(Deserialize)]
pub struct MemberForm {
    csrf: String,
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    standing: Option<String>,
    #[serde(default)]
    remove: Option<i64>,
}

pub async fn put_member(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<MemberForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        match f.remove {
            Some(member) => w.remove_council_member(id, member).await?,
            None => {
                let user = f
                    .user_id
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| Error::invalid("user_id", "Chọn tài khoản của thành viên."))?;
                let role = CouncilRole::parse(f.role.trim())
                    .map_err(|_| Error::invalid("role", "Chọn vai trò trong Hội đồng."))?;
                w.put_council_member(id, user, role, &f.title, f.standing.is_some())
                    .await?
            }
        }
        w.commit().await
    }
    .await;
    super::respond(
        result,
        |()| format!("/hoi-dong/{id}?tb=da-luu"),
        async |e| council_page(&st, &auth, id, super::error_messages(&e)).await,
    )
    .await
}

#[derive(Deserialize)]
pub struct SessionForm {
    csrf: String,
    held_on: String,
    year: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    ballot_all: Option<String>,
}

pub async fn create_session(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<SessionForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let (c, _) = st.store.council(&auth.actor, id).await?;
        let s = SessionInput {
            held_on: f.held_on.clone(),
            year: f.year.clone(),
            place: f.place.clone(),
            notes: f.notes.clone(),
            ballot_all: f.ballot_all.is_some(),
        }
        .validate((c.from_year as i32, c.to_year as i32))?;
        let mut w = st.store.begin(&auth.actor).await?;
        let sid = w.create_session(id, &s).await?;
        w.commit().await?;
        Ok(sid)
    }
    .await;
    super::respond(
        result,
        |sid| format!("/phien-hop/{sid}?tb=da-tao"),
        async |e| council_page(&st, &auth, id, super::error_messages(&e)).await,
    )
    .await
}

// ---------------------------------------------------------------- a session

pub struct ItemLine {
    pub it: Item,
    pub award_label: &'static str,
    pub threshold: String,
    /// "7/9 thành viên đồng ý (77,8 %), cần 8 (80 %)" once closed.
    pub result: String,
    pub passes: Option<bool>,
    pub outcome: String,
    pub outcome_code: String,
    pub recused: Vec<String>,
    pub i_voted: bool,
    pub i_recused: bool,
    pub lower: Vec<(&'static str, &'static str)>,
    pub upward: bool,
    pub in_agency: bool,
    pub comments: usize,
}

pub struct MemberLine {
    pub m: CouncilMember,
    pub role: &'static str,
    pub attendance: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "council_session.html")]
pub(crate) struct SessionPage {
    l: Layout,
    s: CouncilSession,
    status: &'static str,
    members: Vec<MemberLine>,
    present: usize,
    quorum: u32,
    items: Vec<ItemLine>,
    /// (nominee id, name, award, unit)
    candidates: Vec<(i64, String, &'static str, String)>,
    has_decidable: bool,
    has_upward: bool,
    attendances: Vec<(&'static str, &'static str)>,
    outcomes: Vec<(&'static str, &'static str)>,
    comments: Vec<tdkt_store::council::Comment>,
    decisions: Vec<tdkt_store::decisions::Decision>,
    can_manage: bool,
    can_vote: bool,
    is_chair: bool,
    is_member: bool,
    /// The Office, the chair or the secretary may open the vote.
    can_open: bool,
    can_record_written: bool,
    written_members: Vec<(i64, String)>,
    receipts: Vec<(String, String)>,
    errors: Vec<String>,
    today: String,
    disclosure_days: u32,
    issuers: Vec<(i64, String)>,
    default_summary: String,
    default_authority: String,
    default_basis: String,
    default_proposer: String,
    default_signer: String,
    default_position: String,
}

pub(crate) fn item_lines(v: &SessionView) -> Vec<ItemLine> {
    v.items
        .iter()
        .map(|it| {
            let vote = it.vote(v.session.members_total);
            let outcome = it.conclusion();
            let given = it.given_award();
            let recused = v
                .recusals
                .iter()
                .filter(|(i, _, _)| *i == it.id)
                .filter_map(|(_, m, _)| v.members.iter().find(|x| x.id == *m))
                .map(|m| m.display_name.clone())
                .collect();
            let me = v.me.as_ref().map(|m| m.id);
            ItemLine {
                award_label: it.award_code().map_or("", |a| a.label()),
                threshold: threshold_label(it.threshold),
                result: vote.map(|x| x.summary()).unwrap_or_default(),
                passes: vote.map(|x| x.passes()),
                outcome: match (outcome, given) {
                    (Some(Outcome::Downgrade), Some(a)) => {
                        format!("{}: {}", Outcome::Downgrade.label(), a.label())
                    }
                    (Some(o), _) => o.label().to_string(),
                    (None, _) => String::new(),
                },
                outcome_code: outcome.map(|o| o.code().to_string()).unwrap_or_default(),
                recused,
                i_voted: me.is_some_and(|_| v.my_votes.contains(&it.id)),
                i_recused: me.is_some_and(|m| v.recused(it.id, m)),
                lower: it
                    .award_code()
                    .map(|a| {
                        lower_awards(a, it.kind())
                            .into_iter()
                            .map(|b| (b.code(), b.label()))
                            .collect()
                    })
                    .unwrap_or_default(),
                upward: outcome.is_some_and(|o| o.awarded())
                    && given.is_some_and(|a| !within_agency(a)),
                in_agency: outcome.is_some_and(|o| o.awarded()) && given.is_some_and(within_agency),
                comments: v
                    .comments
                    .iter()
                    .filter(|c| c.item_id == Some(it.id))
                    .count(),
                it: it.clone(),
            }
        })
        .collect()
}

async fn session_page(
    st: &AppState,
    auth: &Auth,
    id: i64,
    errors: Vec<String>,
    receipts: Vec<(String, String)>,
) -> Result<SessionPage, AppError> {
    let v = st.store.council_session(&auth.actor, id).await?;
    let s = v.session.clone();
    let can_manage = auth.actor.can(Action::Review, &s.unit_path);
    let state = s.state();
    let candidates = if can_manage && state == SessionStatus::Preparing {
        st.store.agenda_candidates(&s).await?
    } else {
        vec![]
    };
    let params = params_for(st, s.year);
    let members: Vec<MemberLine> = v
        .members
        .iter()
        .map(|m| MemberLine {
            role: m.council_role().label(),
            attendance: v.attendance_of(m.id).map_or("", |a| a.code()),
            m: m.clone(),
        })
        .collect();
    let present = members
        .iter()
        .filter(|m| m.attendance == Attendance::Present.code())
        .count();
    let is_chair = v.is_chair();
    let is_member = v.me.is_some();
    let can_open = can_manage
        || v.me.as_ref().is_some_and(|m| {
            matches!(
                m.council_role(),
                CouncilRole::Chair | CouncilRole::Secretary
            )
        });
    let can_vote = state == SessionStatus::Voting
        && v.me
            .as_ref()
            .is_some_and(|m| v.attendance_of(m.id) == Some(Attendance::Present));
    let can_record_written = state == SessionStatus::Voting
        && (can_manage
            || v.me
                .as_ref()
                .is_some_and(|m| m.council_role() == CouncilRole::Secretary));
    let written_members = v
        .members
        .iter()
        .filter(|m| v.attendance_of(m.id) == Some(Attendance::Written))
        .map(|m| (m.id, m.display_name.clone()))
        .collect();
    let decisions = st.store.session_decisions(id).await?;
    let issuers = if can_manage {
        let unit = st.store.unit(s.unit_id).await?;
        vec![(unit.id, unit.name)]
    } else {
        vec![]
    };
    let agency = st.store.unit(s.unit_id).await?;
    let head = st.store.unit_head(s.unit_id).await?;
    let items = item_lines(&v);
    let has_decidable = items.iter().any(|x| x.in_agency && x.it.decision.is_none());
    let has_upward = items
        .iter()
        .any(|x| x.upward && x.it.upward_decision.is_empty());
    let candidates = candidates
        .into_iter()
        .map(|c| (c.nominee_id, c.name, award_label(&c.award), c.unit_name))
        .collect();
    Ok(SessionPage {
        has_decidable,
        has_upward,
        l: Layout::new(
            auth,
            format!("Phiên họp {} – năm {}", s.council_name, s.year),
            "/hoi-dong",
        ),
        status: state.label(),
        quorum: quorum_needed(v.members.len() as u32, params.council_quorum),
        members,
        present,
        items,
        candidates,
        attendances: Attendance::ALL
            .iter()
            .map(|a| (a.code(), a.label()))
            .collect(),
        outcomes: Outcome::ALL.iter().map(|o| (o.code(), o.label())).collect(),
        comments: v.comments.clone(),
        decisions,
        can_manage,
        can_vote,
        is_chair,
        is_member,
        can_open,
        can_record_written,
        written_members,
        receipts,
        errors,
        today: st.today().vn(),
        disclosure_days: params.disclosure_days,
        issuers,
        default_summary: format!("Về việc khen thưởng thành tích năm {}", s.year),
        default_authority: format!(
            "{} {}",
            head.as_ref().map_or("Thủ trưởng", |h| h.1.as_str()),
            agency.name
        )
        .to_uppercase(),
        default_basis: super::dossiers::basis(s.year).join("\n"),
        default_proposer: format!(
            "Theo đề nghị của Hội đồng Thi đua – Khen thưởng tại phiên họp ngày {}",
            s.held_on.vn()
        ),
        default_signer: head.as_ref().map(|h| h.0.clone()).unwrap_or_default(),
        default_position: head.map_or_else(|| "Thủ trưởng cơ quan".into(), |h| h.1),
        s,
    })
}

pub(crate) async fn session_page_for(
    st: &AppState,
    auth: &Auth,
    id: i64,
    errors: Vec<String>,
) -> Result<SessionPage, AppError> {
    session_page(st, auth, id, errors, vec![]).await
}

pub async fn session(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(n): Query<super::Notice>,
) -> Result<SessionPage, AppError> {
    let mut p = session_page(&st, &auth, id, vec![], vec![]).await?;
    p.l = p.l.with_notice(n.tb.as_deref());
    Ok(p)
}

async fn answer(
    st: &AppState,
    auth: &Auth,
    id: i64,
    result: Result<(), Error>,
) -> Result<Response, AppError> {
    super::respond(
        result,
        |()| format!("/phien-hop/{id}?tb=da-luu"),
        async |e| session_page(st, auth, id, super::error_messages(&e), vec![]).await,
    )
    .await
}

fn ids_of(pairs: &[(String, String)], key: &str) -> Vec<i64> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .filter_map(|(_, v)| v.trim().parse().ok())
        .collect()
}

fn value_of<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

fn csrf_of(auth: &Auth, pairs: &[(String, String)]) -> Result<(), AppError> {
    auth.check_csrf(value_of(pairs, "csrf"))
}

/// The Office's preparation: agenda, attendance, recusals.
pub async fn prepare(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    csrf_of(&auth, &pairs)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        match value_of(&pairs, "do") {
            "them" => {
                let ids = ids_of(&pairs, "nominee");
                if ids.is_empty() {
                    return Err(Error::invalid(
                        "nominee",
                        "Chọn người, tập thể để đưa vào chương trình.",
                    ));
                }
                w.add_session_items(id, &ids).await?;
            }
            "bo" => {
                let item = value_of(&pairs, "item").parse().unwrap_or(0);
                w.remove_session_item(id, item).await?;
            }
            "diem-danh" => {
                let marks: Vec<(i64, Attendance)> = pairs
                    .iter()
                    .filter_map(|(k, v)| {
                        let m = k.strip_prefix("att_")?.parse().ok()?;
                        Some((m, Attendance::parse(v).ok()?))
                    })
                    .collect();
                w.set_attendance(id, &marks).await?;
            }
            "rut" | "bo-rut" => {
                let item = value_of(&pairs, "item").parse().unwrap_or(0);
                let member = value_of(&pairs, "member").parse().unwrap_or(0);
                w.set_recusal(
                    id,
                    item,
                    member,
                    value_of(&pairs, "do") == "rut",
                    value_of(&pairs, "reason"),
                )
                .await?;
            }
            "mo" => {
                let s = st.store.council_session(&auth.actor, id).await?.session;
                w.open_vote(id, params_for(&st, s.year)).await?;
            }
            _ => return Err(Error::invalid("do", "Thao tác không hợp lệ.")),
        }
        w.commit().await
    }
    .await;
    answer(&st, &auth, id, result).await
}

/// A member's ballot: one choice per item. The answer is the page itself,
/// with the receipts shown this once (never in a URL or a log).
pub async fn vote(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    csrf_of(&auth, &pairs)?;
    let choices: Vec<(i64, Choice)> = pairs
        .iter()
        .filter_map(|(k, v)| {
            Some((
                k.strip_prefix("item_")?.parse().ok()?,
                Choice::parse(v).ok()?,
            ))
        })
        .collect();
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        let receipts = w.cast_ballots(id, &choices).await?;
        w.commit().await?;
        Ok(receipts)
    }
    .await;
    match result {
        Ok(receipts) => {
            let v = st.store.council_session(&auth.actor, id).await?;
            let names: Vec<(String, String)> = receipts
                .into_iter()
                .map(|(item, r)| {
                    let name = v
                        .items
                        .iter()
                        .find(|i| i.id == item)
                        .map(|i| {
                            format!(
                                "{} – {}",
                                i.name,
                                i.award_code().map_or("", |a| a.short_label())
                            )
                        })
                        .unwrap_or_default();
                    (name, r)
                })
                .collect();
            let mut p = session_page(&st, &auth, id, vec![], names).await?;
            p.l.notice = Some("Đã ghi phiếu của bạn. Hãy ghi lại mã phiếu để tự kiểm tra khi kết quả được công bố.".into());
            Ok(p.into_response())
        }
        Err(e) if super::is_form_error(&e) => {
            let status = crate::error::status_of(&e);
            let page = session_page(&st, &auth, id, super::error_messages(&e), vec![]).await?;
            Ok(refusal_logged((status, page).into_response()))
        }
        Err(e) => Err(AppError(e)),
    }
}

fn refusal_logged(res: Response) -> Response {
    super::refusal_logged(res, "ballot_refused")
}

/// The secretary enters an absent member's written opinion.
pub async fn written(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    csrf_of(&auth, &pairs)?;
    let member = value_of(&pairs, "member").parse::<i64>().unwrap_or(0);
    let choices: Vec<(i64, Choice)> = pairs
        .iter()
        .filter_map(|(k, v)| {
            Some((
                k.strip_prefix("item_")?.parse().ok()?,
                Choice::parse(v).ok()?,
            ))
        })
        .collect();
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.record_written_ballot(id, member, &choices).await?;
        w.commit().await
    }
    .await;
    answer(&st, &auth, id, result).await.map(refusal_logged)
}

pub async fn close(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<super::CsrfOnly>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.close_vote(id).await?;
        w.commit().await
    }
    .await;
    answer(&st, &auth, id, result).await.map(refusal_logged)
}

/// After the close: an item's outcome, the publication, the superior body's decision.
pub async fn conclude(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    csrf_of(&auth, &pairs)?;
    let result = async {
        let v = st.store.council_session(&auth.actor, id).await?;
        let mut w = st.store.begin(&auth.actor).await?;
        match value_of(&pairs, "do") {
            "ket-luan" => {
                let item_id = value_of(&pairs, "item").parse::<i64>().unwrap_or(0);
                let item = v
                    .items
                    .iter()
                    .find(|i| i.id == item_id)
                    .ok_or_else(|| Error::NotFound("mục trong chương trình".into()))?;
                let award = item
                    .award_code()
                    .ok_or_else(|| Error::invalid("award", "Danh hiệu không hợp lệ."))?;
                let c = OutcomeInput {
                    outcome: value_of(&pairs, "outcome").into(),
                    lower_award: value_of(&pairs, "lower_award").into(),
                    reason: value_of(&pairs, "reason").into(),
                }
                .validate(
                    award,
                    item.kind(),
                    item.vote(v.session.members_total).as_ref(),
                )?;
                w.set_outcome(id, item_id, &c).await?;
            }
            "cong-khai" => {
                let from = super::form_date("Ngày bắt đầu công khai", value_of(&pairs, "from"))?;
                w.open_disclosure(id, from, params_for(&st, v.session.year).disclosure_days)
                    .await?;
            }
            "cap-tren" => {
                let date = super::form_date("Ngày quyết định", value_of(&pairs, "date"))?;
                w.record_upward_decision(
                    id,
                    &ids_of(&pairs, "item"),
                    value_of(&pairs, "number"),
                    date,
                    value_of(&pairs, "issuer"),
                )
                .await?;
            }
            _ => return Err(Error::invalid("do", "Thao tác không hợp lệ.")),
        }
        w.commit().await
    }
    .await;
    answer(&st, &auth, id, result).await
}

/// One item's published ballots: its name and award, (receipt, choice) by
/// receipt, and the tally against the rule.
pub struct PublishedItem {
    pub name: String,
    pub ballots: Vec<(String, &'static str)>,
    pub summary: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "council_ballots.html")]
pub(crate) struct BallotsPage {
    l: Layout,
    s: CouncilSession,
    items: Vec<PublishedItem>,
}

/// Every ballot of a closed session by receipt: each voter finds theirs,
/// anyone recounts.
pub async fn ballots(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<BallotsPage, AppError> {
    let all = st.store.published_ballots(&auth.actor, id).await?;
    let v = st.store.council_session(&auth.actor, id).await?;
    let items = v
        .items
        .iter()
        .filter(|i| i.threshold.is_some())
        .map(|i| {
            let list: Vec<(String, &'static str)> = all
                .iter()
                .filter(|b| b.item_id == i.id)
                .map(|b| {
                    (
                        b.receipt.clone(),
                        Choice::parse(&b.choice).map_or("", |c| c.label()),
                    )
                })
                .collect();
            let summary = i
                .vote(v.session.members_total)
                .map(|x| x.summary())
                .unwrap_or_default();
            PublishedItem {
                name: format!("{} – {}", i.name, i.award_code().map_or("", |a| a.label())),
                ballots: list,
                summary,
            }
        })
        .collect();
    Ok(BallotsPage {
        l: Layout::new(&auth, "Phiếu bầu đã công bố", "/hoi-dong"),
        s: v.session,
        items,
    })
}

#[derive(Deserialize)]
pub struct CommentForm {
    csrf: String,
    #[serde(default)]
    item: String,
    body: String,
}

/// A staff member's comment on a published list (signed in; the public page links here).
pub async fn comment(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<CommentForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let today = st.today();
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.add_disclosure_comment(id, f.item.trim().parse().ok(), &f.body, today)
            .await?;
        w.commit().await
    }
    .await;
    match result {
        Ok(()) => Ok(
            axum::response::Redirect::to(&format!("/cong-khai/{id}?tb=da-gop-y")).into_response(),
        ),
        Err(e) if super::is_form_error(&e) => Ok((
            crate::error::status_of(&e),
            super::public::disclosure_page(&st, id, Some(&auth), super::error_messages(&e)).await?,
        )
            .into_response()),
        Err(e) => Err(AppError(e)),
    }
}

/// Award codes for the agenda's labels.
pub fn award_label(code: &str) -> &'static str {
    AwardCode::parse(code).map_or("", |a| a.label())
}
