//! Nomination dossiers (hồ sơ đề nghị khen thưởng): the Office's board of
//! every dossier by state; one dossier's page — its nominees with the rules
//! engine's verdict and reason, the citations, the unit's evaluation meeting,
//! the files, what is missing, the suggestions, the documents and the flow.

use super::people::{UnitOption, unit_options_around};
use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::HashSet;
use tdkt_documents::dossier_docs::{self, DossierDoc, MeetingLine, NomineeLine, ReportDoc};
use tdkt_documents::nd30::to_docx;
use tdkt_domain::auth::Action;
use tdkt_domain::codes::{AwardCode, AwardKind, SubjectKind};
use tdkt_domain::emulation::dossier::{
    DossierAction, DossierPart, DossierStatus, MeetingInput, Missing, carried, missing_parts,
    non_manager_share,
};
use tdkt_domain::emulation::plan::MilestoneKind;
use tdkt_domain::error::Error;
use tdkt_domain::rules::{Outcome, Params, Regime, Subject as RuleSubject};
use tdkt_store::dossiers::{Dossier, DossierFilter, DossierView, Nominee};
use tdkt_store::history::Subject;

/// The rules of a dossier's year: its decisions come at the year's end.
pub(crate) fn params_for(st: &AppState, year: i64) -> &Params {
    let on = NaiveDate::from_ymd_opt(year as i32, 12, 31).unwrap_or_default();
    st.config.rules.params(Regime::on(on))
}

pub(crate) fn decision_day(year: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(year as i32, 12, 31).unwrap_or_default()
}

// ---------------------------------------------------------------- the board

#[derive(Deserialize, Default)]
pub struct BoardQuery {
    nam: Option<String>,
    trang_thai: Option<String>,
    tb: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "dossiers.html")]
pub(crate) struct BoardPage {
    l: Layout,
    year: i32,
    years: Vec<(i32, bool)>,
    status: String,
    statuses: Vec<(&'static str, &'static str, usize)>,
    items: Vec<Dossier>,
    units: Vec<UnitOption>,
    kinds: Vec<(&'static str, &'static str)>,
    plans: Vec<(i64, String)>,
    can_create: bool,
    errors: Vec<String>,
}

async fn board_page(
    st: &AppState,
    auth: &Auth,
    year: i32,
    status: Option<DossierStatus>,
    errors: Vec<String>,
) -> Result<BoardPage, AppError> {
    let all = st
        .store
        .dossiers(
            &auth.actor,
            &DossierFilter {
                year: Some(year),
                status: None,
            },
        )
        .await?;
    let statuses = DossierStatus::ALL
        .iter()
        .map(|s| {
            (
                s.code(),
                s.label(),
                all.iter().filter(|d| d.state() == *s).count(),
            )
        })
        .collect();
    let items = all
        .into_iter()
        .filter(|d| status.is_none_or(|s| d.state() == s))
        .collect();
    let can_create = auth.actor.can_somewhere(Action::Register);
    let (units, plans) = if can_create {
        let tree = st.store.visible_unit_tree(&auth.actor).await?;
        let mine: Vec<&tdkt_store::units::Unit> = tree
            .iter()
            .filter(|u| auth.actor.can(Action::Register, &u.path))
            .collect();
        let first = auth
            .actor
            .grants
            .iter()
            .find(|g| g.role.allows(Action::Register))
            .map(|g| g.unit_id);
        let plans = super::plans::plans_with_deadline(st, auth, MilestoneKind::Dossier)
            .await?
            .into_iter()
            .map(|(p, _)| (p.id, format!("{} ({})", p.title, p.year)))
            .collect();
        (unit_options_around(&mine, first, first), plans)
    } else {
        (vec![], vec![])
    };
    let this_year = st.today().year();
    Ok(BoardPage {
        l: Layout::new(auth, "Hồ sơ đề nghị khen thưởng", "/ho-so"),
        years: (this_year - 5..=this_year + 1)
            .rev()
            .map(|y| (y, y == year))
            .collect(),
        status: status.map(|s| s.code().to_string()).unwrap_or_default(),
        statuses,
        items,
        units,
        kinds: AwardKind::ALL
            .iter()
            .map(|k| (k.code(), k.label()))
            .collect(),
        plans,
        can_create,
        year,
        errors,
    })
}

pub async fn board(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<BoardQuery>,
) -> Result<BoardPage, AppError> {
    let year = q
        .nam
        .as_deref()
        .and_then(|y| y.trim().parse().ok())
        .unwrap_or_else(|| st.today().year());
    let status = q
        .trang_thai
        .as_deref()
        .and_then(|s| DossierStatus::parse(s).ok());
    let mut p = board_page(&st, &auth, year, status, vec![]).await?;
    p.l = p.l.with_notice(q.tb.as_deref());
    Ok(p)
}

#[derive(Deserialize)]
pub struct CreateForm {
    csrf: String,
    unit_id: String,
    year: String,
    kind: String,
    #[serde(default)]
    plan_id: String,
}

pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<CreateForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let year: i32 = f.year.trim().parse().unwrap_or_else(|_| st.today().year());
    let result = async {
        let unit_id: i64 = f
            .unit_id
            .parse()
            .map_err(|_| Error::invalid("unit_id", "Chọn đơn vị."))?;
        let kind = AwardKind::parse(&f.kind)
            .map_err(|_| Error::invalid("kind", "Chọn loại hình khen thưởng."))?;
        let plan_id = f.plan_id.trim().parse().ok();
        let mut w = st.store.begin(&auth.actor).await?;
        let id = w.create_dossier(unit_id, year, plan_id, kind).await?;
        w.commit().await?;
        Ok(id)
    }
    .await;
    super::respond(
        result,
        |id| format!("/ho-so/{id}?tb=da-tao-ho-so"),
        async |e| board_page(&st, &auth, year, None, super::error_messages(&e)).await,
    )
    .await
}

// ---------------------------------------------------------------- one dossier

/// A nominee's line on the page.
pub struct NomineeView {
    pub n: Nominee,
    pub award_label: &'static str,
    pub verdict: &'static str,
    pub verdict_class: &'static str,
    /// Why not (the engine's unmet conditions, with their clause).
    pub reasons: Vec<String>,
    /// The vote falls short of a majority of those present.
    pub short_vote: bool,
    pub files: Vec<tdkt_store::dossiers::DossierFile>,
}

/// Someone the engine finds eligible whom nobody nominated.
pub struct Suggestion {
    pub person_id: i64,
    pub name: String,
    pub award: &'static str,
    pub manager: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "dossier_view.html")]
pub(crate) struct ViewPage {
    l: Layout,
    d: Dossier,
    status: &'static str,
    due: String,
    late: bool,
    nominees: Vec<NomineeView>,
    general_files: Vec<tdkt_store::dossiers::DossierFile>,
    missing: Vec<Missing>,
    suggestions: Vec<Suggestion>,
    non_manager_pct: String,
    events: Vec<(String, String, &'static str, String)>,
    can_edit: bool,
    can_submit: bool,
    can_confirm: bool,
    can_attach: bool,
    office_actions: Vec<(&'static str, &'static str)>,
    awards_person: Vec<(&'static str, &'static str)>,
    awards_unit: Vec<(&'static str, &'static str)>,
    collectives: Vec<(i64, String)>,
    parts: Vec<(&'static str, &'static str)>,
    today: String,
    max_mb: u64,
    errors: Vec<String>,
}

fn outcome_view(code: Option<&str>) -> (&'static str, &'static str) {
    match code.and_then(|c| Outcome::ALL.into_iter().find(|o| o.code() == c)) {
        Some(o @ Outcome::Eligible) => (o.label(), "ok"),
        Some(o @ Outcome::NotEligible) => (o.label(), "no"),
        Some(o) => (o.label(), "unknown"),
        None => ("Chưa kiểm tra", "unknown"),
    }
}

/// The unmet conditions of a stored verdict, as "detail – missing (clause)".
fn reasons_of(verdict_json: Option<&str>) -> Vec<String> {
    let Some(v) = verdict_json.and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
    else {
        return vec![];
    };
    v["conditions"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .filter(|c| c["met"] == serde_json::Value::Bool(false) || c["met"].is_null())
                .map(|c| {
                    let mut s = c["detail"].as_str().unwrap_or("").to_string();
                    if let Some(m) = c["missing"].as_str().filter(|m| !m.is_empty()) {
                        s.push_str(&format!(" – {m}"));
                    }
                    if let Some(cit) = c["citation"].as_str().filter(|m| !m.is_empty()) {
                        s.push_str(&format!(" ({cit})"));
                    }
                    if c["met"].is_null() {
                        s.insert_str(0, "Chưa rõ: ");
                    }
                    s
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn view_page(
    st: &AppState,
    auth: &Auth,
    id: i64,
    errors: Vec<String>,
) -> Result<ViewPage, AppError> {
    let v = st.store.dossier(&auth.actor, id).await?;
    let d = v.dossier.clone();
    let state = d.state();
    let params = params_for(st, d.year);
    let missing = missing_parts(&v.facts(), params);
    let last = match (v.due, d.extension_until) {
        (Some(due), Some(e)) => Some(due.max(e)),
        (due, _) => due,
    };
    let present = d.meeting_present.unwrap_or(0).max(0) as u32;
    let nominees: Vec<NomineeView> = v
        .nominees
        .iter()
        .map(|n| {
            let (verdict, verdict_class) = outcome_view(n.verdict.as_deref());
            NomineeView {
                award_label: n.award_code().map_or("", |a| a.label()),
                verdict,
                verdict_class,
                reasons: reasons_of(n.verdict_json.as_deref()),
                short_vote: d.meeting_on.is_some()
                    && n.votes_agree
                        .is_some_and(|a| !carried(a.max(0) as u32, present)),
                files: v
                    .files
                    .iter()
                    .filter(|f| f.nominee_id == Some(n.id))
                    .cloned()
                    .collect(),
                n: n.clone(),
            }
        })
        .collect();
    let managers: Vec<bool> = v
        .nominees
        .iter()
        .filter(|n| n.person_id.is_some())
        .map(|n| n.is_manager)
        .collect();
    let can_edit = state.editable() && auth.actor.can(Action::Register, &d.unit_path);
    let office = auth.actor.can(Action::Review, &d.unit_path);
    let suggestions = if can_edit || office {
        suggestions(st, auth, &d).await?
    } else {
        vec![]
    };
    let collectives = if can_edit {
        let tree = st.store.visible_unit_tree(&auth.actor).await?;
        tree.iter()
            .filter(|u| u.active && u.path.starts_with(&d.unit_path))
            .map(|u| (u.id, u.name.clone()))
            .collect()
    } else {
        vec![]
    };
    Ok(ViewPage {
        l: Layout::new(
            auth,
            format!("Hồ sơ đề nghị khen thưởng năm {} – {}", d.year, d.unit_name),
            "/ho-so",
        ),
        status: state.label(),
        due: last.vn(),
        late: state.editable() && last.is_some_and(|x| st.today() > x),
        general_files: v
            .files
            .iter()
            .filter(|f| f.nominee_id.is_none())
            .cloned()
            .collect(),
        nominees,
        missing,
        suggestions,
        non_manager_pct: non_manager_share(&managers)
            .map(|p| format!("{p:.1}").replace('.', ","))
            .unwrap_or_default(),
        events: super::event_lines(&v.events, |a| {
            DossierAction::parse(a).map_or("", |a| a.label())
        }),
        can_edit,
        can_submit: state.editable() && auth.actor.can(Action::Submit, &d.unit_path),
        can_confirm: state.editable()
            && d.meeting_on.is_some()
            && d.confirmed_at.is_none()
            && auth.actor.can(Action::Submit, &d.unit_path),
        can_attach: can_edit
            || (office && matches!(state, DossierStatus::Received | DossierStatus::Reviewing)),
        office_actions: if office {
            [
                DossierAction::Receive,
                DossierAction::Review,
                DossierAction::Return,
                DossierAction::Ready,
                DossierAction::Extend,
            ]
            .into_iter()
            .filter(|a| state.after(*a).is_ok())
            .map(|a| (a.code(), a.label()))
            .collect()
        } else {
            vec![]
        },
        awards_person: AwardCode::ALL
            .iter()
            .filter(|a| a.applies_to_kind(SubjectKind::Individual))
            .map(|a| (a.code(), a.label()))
            .collect(),
        awards_unit: AwardCode::ALL
            .iter()
            .filter(|a| a.applies_to_kind(SubjectKind::Collective))
            .map(|a| (a.code(), a.label()))
            .collect(),
        collectives,
        parts: DossierPart::ALL
            .iter()
            .filter(|p| !matches!(p, DossierPart::ToTrinh | DossierPart::DanhSach))
            .map(|p| (p.code(), p.label()))
            .collect(),
        today: st.today().format("%d/%m/%Y").to_string(),
        max_mb: st.config.max_file_bytes / (1024 * 1024),
        errors,
        d,
    })
}

/// People of the unit the engine finds eligible for LĐTT or CSTĐCS whom no dossier
/// of the year names (the unit's largest lists are read once; a province-size
/// unit is capped).
async fn suggestions(st: &AppState, auth: &Auth, d: &Dossier) -> Result<Vec<Suggestion>, Error> {
    const MAX_PEOPLE: usize = 300;
    let nominated: HashSet<(i64, String)> = st
        .store
        .nominated_in(&d.unit_path, d.year as i32)
        .await?
        .into_iter()
        .filter_map(|(p, _, a)| p.map(|p| (p, a)))
        .collect();
    let people = st
        .store
        .unit_ratings(&auth.actor, d.unit_id, d.year as i32)
        .await?
        .people;
    let params = params_for(st, d.year);
    let on = decision_day(d.year);
    let mut out = Vec::new();
    for p in people.iter().take(MAX_PEOPLE) {
        // Only people rated this year can be eligible; skip the others without a read.
        if p.rating.is_none() {
            continue;
        }
        let h = st.store.rules_history(p.id).await?;
        for award in [AwardCode::Cstdcs, AwardCode::Ldtt] {
            if nominated.contains(&(p.id, award.code().to_string())) {
                break;
            }
            let outcome = tdkt_domain::rules::evaluate_outcome(
                &RuleSubject::Individual(&h),
                award,
                d.year as i32,
                on,
                params,
            );
            if outcome == Outcome::Eligible {
                out.push(Suggestion {
                    person_id: p.id,
                    name: p.full_name.clone(),
                    award: award.label(),
                    manager: p.is_manager,
                });
                break;
            }
        }
    }
    Ok(out)
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(n): Query<super::Notice>,
) -> Result<ViewPage, AppError> {
    let mut p = view_page(&st, &auth, id, vec![]).await?;
    p.l = p.l.with_notice(n.tb.as_deref());
    Ok(p)
}

async fn recheck(st: &AppState, auth: &Auth, id: i64) -> Result<(), Error> {
    let v = st.store.dossier(&auth.actor, id).await?;
    let found = st.store.dossier_verdicts(&v, &st.config.rules).await?;
    let mut w = st.store.begin(&auth.actor).await?;
    w.store_verdicts(id, &found).await?;
    w.commit().await
}

/// The end of a form on the dossier's page: back to it, or the page again with the errors.
async fn answer(
    st: &AppState,
    auth: &Auth,
    id: i64,
    result: Result<(), Error>,
) -> Result<Response, AppError> {
    super::respond(
        result,
        |()| format!("/ho-so/{id}?tb=da-luu"),
        async |e| view_page(st, auth, id, super::error_messages(&e)).await,
    )
    .await
}

#[derive(Deserialize)]
pub struct NomineeForm {
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    unit: String,
    award: String,
    #[serde(default)]
    citation: String,
}

pub async fn add_nominee(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<NomineeForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let award = AwardCode::parse(&f.award)
            .map_err(|_| Error::invalid("award", "Chọn danh hiệu, hình thức khen thưởng."))?;
        let subject = match (f.code.trim(), f.unit.trim().parse::<i64>().ok()) {
            ("", Some(u)) => Subject::Unit(u),
            ("", None) => return Err(Error::invalid("code", "Ghi mã cán bộ hoặc chọn tập thể.")),
            (code, _) => {
                let pid = match st.store.person_id_by_code(code).await? {
                    Some(p) => Some(p),
                    None => st.store.person_id_by_code(&code.to_uppercase()).await?,
                };
                Subject::Person(pid.ok_or_else(|| {
                    Error::invalid("code", format!("Không có cán bộ mã «{code}»."))
                })?)
            }
        };
        let mut w = st.store.begin(&auth.actor).await?;
        w.add_nominee(id, subject, award, &f.citation).await?;
        w.commit().await?;
        recheck(&st, &auth, id).await
    }
    .await;
    answer(&st, &auth, id, result).await
}

#[derive(Deserialize)]
pub struct NomineeEdit {
    csrf: String,
    #[serde(default)]
    citation: String,
    #[serde(default)]
    votes: String,
    #[serde(default)]
    remove: Option<String>,
}

pub async fn edit_nominee(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, nid)): Path<(i64, i64)>,
    Form(f): Form<NomineeEdit>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        if f.remove.is_some() {
            w.remove_nominee(id, nid).await?;
        } else {
            let votes = match f.votes.trim() {
                "" => None,
                v => Some(v.parse::<u32>().map_err(|_| {
                    Error::invalid("votes", format!("Số phiếu «{v}» không hợp lệ."))
                })?),
            };
            w.update_nominee(id, nid, &f.citation, votes).await?;
        }
        w.commit().await
    }
    .await;
    answer(&st, &auth, id, result).await
}

#[derive(Deserialize)]
pub struct MeetingForm {
    csrf: String,
    #[serde(default)]
    held_on: String,
    #[serde(default)]
    present: String,
    #[serde(default)]
    total: String,
    #[serde(default)]
    chair: String,
    #[serde(default)]
    secretary: String,
    #[serde(default)]
    notes: String,
    /// The unit head's confirmation instead of a new record.
    #[serde(default)]
    confirm: Option<String>,
}

pub async fn meeting(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<MeetingForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let today = st.today();
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        if f.confirm.is_some() {
            w.confirm_meeting(id).await?;
        } else {
            let m = MeetingInput {
                held_on: f.held_on.clone(),
                present: f.present.clone(),
                total: f.total.clone(),
                chair: f.chair.clone(),
                secretary: f.secretary.clone(),
                notes: f.notes.clone(),
            }
            .validate(today)?;
            w.record_meeting(id, &m).await?;
        }
        w.commit().await
    }
    .await;
    answer(&st, &auth, id, result).await
}

#[derive(Deserialize)]
pub struct ActForm {
    csrf: String,
    action: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    extend_to: String,
}

pub async fn act(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<ActForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let today = st.today();
    let result = async {
        if f.action == "kiem-tra" {
            return recheck(&st, &auth, id).await;
        }
        let action = DossierAction::parse(&f.action)
            .map_err(|_| Error::invalid("action", "Thao tác không hợp lệ."))?;
        let extend_to = match action {
            DossierAction::Extend => {
                Some(tdkt_domain::text::parse_date(&f.extend_to).ok_or_else(|| {
                    Error::invalid(
                        "extend_to",
                        format!(
                            "Ngày gia hạn «{}» không hợp lệ (ngày/tháng/năm).",
                            f.extend_to
                        ),
                    )
                })?)
            }
            _ => None,
        };
        let v = st.store.dossier(&auth.actor, id).await?;
        // What the engine finds goes with the dossier when it is submitted.
        let found = if action == DossierAction::Submit {
            st.store.dossier_verdicts(&v, &st.config.rules).await?
        } else {
            vec![]
        };
        let params = params_for(&st, v.dossier.year);
        let mut w = st.store.begin(&auth.actor).await?;
        if !found.is_empty() {
            w.store_verdicts(id, &found).await?;
        }
        w.dossier_action(id, action, &f.note, extend_to, today, params)
            .await?;
        w.commit().await
    }
    .await;
    answer(&st, &auth, id, result).await
}

/// A file for the dossier: `part`, optionally `nominee`, then `file` (streamed).
pub async fn upload(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    mut mp: Multipart,
) -> Result<Response, AppError> {
    // Permission and state before the body is read.
    let d = st.store.dossier(&auth.actor, id).await?.dossier;
    let may = (d.state().editable() && auth.actor.can(Action::Register, &d.unit_path))
        || (matches!(
            d.state(),
            DossierStatus::Received | DossierStatus::Reviewing
        ) && auth.actor.can(Action::Review, &d.unit_path));
    if !may {
        return Err(AppError(
            if auth.actor.can(Action::Register, &d.unit_path) {
                Error::invalid(
                    "status",
                    format!(
                        "Hồ sơ đang ở trạng thái «{}»: không thêm tệp được.",
                        d.state().label().to_lowercase()
                    ),
                )
            } else {
                Error::Forbidden
            },
        ));
    }
    let mut csrf = String::new();
    let mut part = String::new();
    let mut nominee = String::new();
    let mut stored = None;
    let refused = async |status: axum::http::StatusCode, msg: String| {
        Ok::<Response, AppError>(
            (status, view_page(&st, &auth, id, vec![msg]).await?).into_response(),
        )
    };
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                let msg = if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    format!(
                        "Tệp quá lớn: tối đa {} MB.",
                        st.config.max_file_bytes / (1024 * 1024)
                    )
                } else {
                    format!("Không đọc được dữ liệu gửi lên: {e}")
                };
                return refused(e.status(), msg).await;
            }
        };
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "part" => part = field.text().await.unwrap_or_default(),
            "nominee" => nominee = field.text().await.unwrap_or_default(),
            "file" => {
                // The token comes first in the form: nothing is written without it.
                auth.check_csrf(&csrf)?;
                match crate::files::receive(field, &st.config.files_dir, st.config.max_file_bytes)
                    .await
                {
                    Ok(s) => stored = Some(s),
                    Err(r) => return refused(r.status, r.message).await,
                }
            }
            _ => {}
        }
    }
    auth.check_csrf(&csrf)?;
    let result = async {
        let s = stored.ok_or_else(|| Error::invalid("file", "Chưa chọn tệp."))?;
        let part = DossierPart::parse(&part)
            .map_err(|_| Error::invalid("part", "Chọn thành phần hồ sơ của tệp."))?;
        let nominee_id = nominee.trim().parse::<i64>().ok();
        let mut w = st.store.begin(&auth.actor).await?;
        w.add_dossier_file(
            id,
            nominee_id,
            part,
            &s.name,
            &s.sha256,
            s.size as i64,
            s.mime,
        )
        .await?;
        w.commit().await
    }
    .await;
    answer(&st, &auth, id, result).await
}

pub async fn download(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, fid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let v = st.store.dossier(&auth.actor, id).await?;
    let f = v
        .files
        .into_iter()
        .find(|f| f.id == fid)
        .ok_or_else(|| AppError(Error::NotFound("tệp".into())))?;
    let bytes = tokio::fs::read(crate::files::path_of(&st.config.files_dir, &f.sha256))
        .await
        .map_err(|_| AppError(Error::NotFound("tệp trên máy chủ".into())))?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&f.mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&crate::files::attachment(&f.file_name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    Ok(res)
}

#[derive(Deserialize)]
pub struct RemoveFile {
    csrf: String,
}

pub async fn remove_file(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, fid)): Path<(i64, i64)>,
    Form(f): Form<RemoveFile>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.remove_dossier_file(id, fid).await?;
        w.commit().await
    }
    .await;
    answer(&st, &auth, id, result).await
}

// ---------------------------------------------------------------- documents

/// The legal bases of a dossier's year.
pub(crate) fn basis(year: i64) -> Vec<String> {
    match Regime::on(decision_day(year)) {
        Regime::Nd91_2017 => vec![
            "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013".into(),
            "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng".into(),
        ],
        Regime::Nd98_2023 => vec![
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022".into(),
            "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng".into(),
        ],
        Regime::Nd152_2025 => vec![
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022".into(),
            "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng".into(),
        ],
    }
}

async fn dossier_doc(st: &AppState, v: &DossierView) -> Result<DossierDoc, Error> {
    let d = &v.dossier;
    let unit = st.store.unit(d.unit_id).await?;
    let agency = match unit.parent_id {
        Some(p) => st.store.unit(p).await?.name,
        None => st.config.agency_name.clone(),
    };
    let council_of = match unit.parent_id {
        Some(_) => agency.clone(),
        None => unit.name.clone(),
    };
    Ok(DossierDoc {
        agency,
        unit: d.unit_name.clone(),
        place: "…".into(),
        year: d.year as i32,
        kind: d.kind_label().to_string(),
        council: format!("Hội đồng Thi đua – Khen thưởng {council_of}"),
        basis: basis(d.year),
        nominees: v
            .nominees
            .iter()
            .map(|n| NomineeLine {
                name: n.name.clone(),
                position_unit: if n.person_id.is_some() {
                    [n.position.as_str(), n.unit_name.as_str()]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                } else {
                    String::new()
                },
                award: n
                    .award_code()
                    .map_or(n.award.clone(), |a| a.label().to_string()),
                citation: n.citation.clone(),
                votes: n.votes_agree.map(|x| x.max(0) as u32),
                individual: n.person_id.is_some(),
            })
            .collect(),
        meeting: d.meeting_on.map(|held_on| MeetingLine {
            held_on,
            present: d.meeting_present.unwrap_or(0).max(0) as u32,
            total: d.meeting_total.unwrap_or(0).max(0) as u32,
            chair: d.meeting_chair.clone(),
            secretary: d.meeting_secretary.clone(),
            notes: d.meeting_notes.clone(),
        }),
    })
}

/// Which document of a dossier, and in which format.
#[derive(Clone, Copy)]
enum Doc {
    ToTrinh,
    BienBan,
}

/// A dossier's tờ trình or biên bản, made from its data, as Word or PDF.
async fn document(
    st: &AppState,
    auth: &Auth,
    id: i64,
    which: Doc,
    as_pdf: bool,
) -> Result<Response, AppError> {
    let v = st.store.dossier(&auth.actor, id).await?;
    let data = dossier_doc(st, &v).await?;
    let (doc, name) = match which {
        Doc::ToTrinh => (
            dossier_docs::to_trinh(&data),
            format!("to-trinh-ho-so-{id}"),
        ),
        Doc::BienBan => (
            dossier_docs::bien_ban(&data),
            format!("bien-ban-binh-xet-ho-so-{id}"),
        ),
    };
    if as_pdf {
        let bytes = tdkt_documents::nd30::to_pdf(&doc).map_err(tdkt_store::internal)?;
        Ok(super::plans::download(
            bytes,
            "application/pdf",
            &format!("{name}.pdf"),
        ))
    } else {
        docx(&doc, &format!("{name}.docx"))
    }
}

/// A document in the state layout as a Word download.
pub(crate) fn docx(
    doc: &tdkt_documents::nd30::AdminDocument,
    name: &str,
) -> Result<Response, AppError> {
    let bytes = to_docx(doc).map_err(tdkt_store::internal)?;
    Ok(super::plans::download(
        bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        name,
    ))
}

pub async fn to_trinh_docx(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    document(&st, &auth, id, Doc::ToTrinh, false).await
}

pub async fn to_trinh_pdf(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    document(&st, &auth, id, Doc::ToTrinh, true).await
}

pub async fn bien_ban_docx(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    document(&st, &auth, id, Doc::BienBan, false).await
}

pub async fn bien_ban_pdf(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    document(&st, &auth, id, Doc::BienBan, true).await
}

pub async fn report_docx(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, nid)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let v = st.store.dossier(&auth.actor, id).await?;
    let n = v
        .nominees
        .iter()
        .find(|n| n.id == nid)
        .ok_or_else(|| AppError(Error::NotFound("người được đề nghị".into())))?;
    let h = st.store.history(n.subject()).await?;
    let birth = match n.person_id {
        Some(p) => st.store.person(p).await?.birth_date,
        None => None,
    };
    let agency = dossier_doc(&st, &v).await?.agency;
    let r = ReportDoc {
        agency,
        unit: v.dossier.unit_name.clone(),
        place: "…".into(),
        year: v.dossier.year as i32,
        award: n
            .award_code()
            .map_or(n.award.clone(), |a| a.label().to_string()),
        individual: n.person_id.is_some(),
        name: n.name.clone(),
        birth,
        position: n.position.clone(),
        citation: n.citation.clone(),
        initiatives: h
            .initiatives
            .iter()
            .filter(|i| i.recognized_on.is_some())
            .map(|i| {
                format!(
                    "{} «{}» ({}, {})",
                    i.code,
                    i.title,
                    tdkt_domain::codes::InitiativeLevel::parse(&i.level)
                        .map_or("", |l| l.label())
                        .to_lowercase(),
                    i.recognized_on.vn()
                )
            })
            .collect(),
        awards: h
            .awards
            .iter()
            .map(|a| {
                (
                    a.year as i32,
                    AwardCode::parse(&a.award).map_or(a.award.clone(), |x| x.label().to_string()),
                    match a.decision_date {
                        Some(d) => format!("{} ngày {}", a.decision_number, d.vn()),
                        None => a.decision_number.clone(),
                    },
                )
            })
            .collect(),
        ratings: h
            .ratings
            .iter()
            .rev()
            .take(5)
            .map(|r| {
                (
                    r.year as i32,
                    tdkt_domain::codes::Rating::parse(&r.rating)
                        .map_or(r.rating.clone(), |x| x.label().to_string()),
                )
            })
            .collect(),
    };
    docx(
        &dossier_docs::bao_cao(&r),
        &format!("bao-cao-thanh-tich-{nid}.docx"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_come_from_the_unmet_and_unknown_conditions() {
        let j = r#"{"verdict":"ineligible","conditions":[
            {"met":true,"detail":"Xếp loại HTT","citation":"Đ24"},
            {"met":false,"detail":"Mới tuyển dụng 4 tháng","missing":"cần đủ 6 tháng","citation":"TT 01/2024"},
            {"met":null,"detail":"Kỷ luật","citation":""}]}"#;
        assert_eq!(
            reasons_of(Some(j)),
            vec![
                "Mới tuyển dụng 4 tháng – cần đủ 6 tháng (TT 01/2024)".to_string(),
                "Chưa rõ: Kỷ luật".to_string()
            ]
        );
        assert!(reasons_of(None).is_empty());
        assert!(reasons_of(Some("not json")).is_empty());
    }

    #[test]
    fn the_bases_follow_the_regime() {
        assert!(basis(2021)[1].contains("91/2017"));
        assert!(basis(2024)[1].contains("98/2023"));
        assert!(basis(2026)[1].contains("152/2025"));
    }
}
