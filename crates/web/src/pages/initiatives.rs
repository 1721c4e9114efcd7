//! Initiatives and research (sáng kiến, đề tài): the register with filters,
//! the authors' unit's form, and one initiative's page with its flow — submit,
//! return, put to the initiative council, recognise or not, record a higher
//! recognition, and each use as the basis of an award.

use super::people::{UnitOption, unit_options_around};
use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::HashMap;
use tdkt_domain::auth::Action;
use tdkt_domain::codes::{AwardCode, InitiativeCategory, InitiativeLevel};
use tdkt_domain::emulation::initiative::{
    AuthorInput, InitiativeAction, InitiativeInput, InitiativeStatus, Recognition,
};
use tdkt_domain::emulation::plan::MilestoneKind;
use tdkt_domain::error::Error;
use tdkt_store::initiatives::{AuthorRow, Initiative, InitiativeFilter, InitiativeView};

/// Author lines a form offers beyond those already filled.
const SPARE_AUTHOR_LINES: usize = 3;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    nam: Option<String>,
    trang_thai: Option<String>,
    ke_hoach: Option<String>,
    tb: Option<String>,
}

pub struct ListLine {
    pub i: Initiative,
    pub authors: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "initiatives.html")]
pub(crate) struct ListPage {
    l: Layout,
    items: Vec<ListLine>,
    year: Option<i32>,
    /// (year, chosen)
    years: Vec<(i32, bool)>,
    status: String,
    statuses: Vec<(&'static str, &'static str)>,
    counts: Vec<(&'static str, usize)>,
    can_create: bool,
}

fn opt_int(v: Option<&str>) -> Option<i64> {
    v.map(str::trim)
        .filter(|t| !t.is_empty())
        .and_then(|t| t.parse().ok())
}

pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let this_year = st.today().year();
    // No year chosen: this year's; "tat-ca": every year.
    let year = match q.nam.as_deref() {
        Some("tat-ca") => None,
        other => Some(opt_int(other).map_or(this_year, |y| y as i32)),
    };
    let status = q
        .trang_thai
        .as_deref()
        .and_then(|s| InitiativeStatus::parse(s).ok());
    let rows = st
        .store
        .initiatives(
            &auth.actor,
            &InitiativeFilter {
                year,
                status,
                plan_id: opt_int(q.ke_hoach.as_deref()),
            },
        )
        .await?;
    let counts = InitiativeStatus::ALL
        .iter()
        .map(|s| {
            (
                s.label(),
                rows.iter().filter(|(i, _)| i.state() == *s).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    Ok(ListPage {
        l: Layout::new(&auth, "Sáng kiến, đề tài", "/sang-kien").with_notice(q.tb.as_deref()),
        items: rows
            .into_iter()
            .map(|(i, a)| ListLine {
                authors: author_names(&a),
                i,
            })
            .collect(),
        year,
        years: (this_year - 5..=this_year + 1)
            .rev()
            .map(|y| (y, year == Some(y)))
            .collect(),
        status: status.map(|s| s.code().to_string()).unwrap_or_default(),
        statuses: InitiativeStatus::ALL
            .iter()
            .map(|s| (s.code(), s.label()))
            .collect(),
        counts,
        can_create: auth.actor.can_somewhere(Action::Register),
    })
}

fn author_names(a: &[AuthorRow]) -> String {
    a.iter()
        .map(|x| match x.share {
            Some(s) => format!("{} ({s}%)", x.full_name),
            None => x.full_name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The initiative form as typed.
#[derive(Default, Clone)]
pub struct FormValues {
    pub unit_id: String,
    pub plan_id: String,
    pub year: String,
    pub input: InitiativeInput,
}

impl FormValues {
    fn from_pairs(pairs: &[(String, String)]) -> FormValues {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(a, _)| a == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let mut authors = Vec::new();
        for i in 1..=tdkt_domain::emulation::initiative::MAX_AUTHORS + SPARE_AUTHOR_LINES {
            let (code, share) = (get(&format!("ma_{i}")), get(&format!("tl_{i}")));
            if !code.is_empty() || !share.is_empty() {
                authors.push(AuthorInput { code, share });
            }
        }
        FormValues {
            unit_id: get("unit_id"),
            plan_id: get("plan_id"),
            year: get("year"),
            input: InitiativeInput {
                title: get("title"),
                category: get("category"),
                description: get("description"),
                applied_at: get("applied_at"),
                benefit: get("benefit"),
                authors,
            },
        }
    }

    fn of(v: &InitiativeView) -> FormValues {
        let i = &v.initiative;
        FormValues {
            unit_id: i.unit_id.map(|u| u.to_string()).unwrap_or_default(),
            plan_id: i.plan_id.map(|p| p.to_string()).unwrap_or_default(),
            year: i.year.map(|y| y.to_string()).unwrap_or_default(),
            input: InitiativeInput {
                title: i.title.clone(),
                category: i.category.clone(),
                description: i.description.clone(),
                applied_at: i.applied_at.clone(),
                benefit: i.benefit.clone(),
                authors: v
                    .authors
                    .iter()
                    .map(|a| AuthorInput {
                        code: a.code.clone(),
                        share: a.share.map(|s| s.to_string()).unwrap_or_default(),
                    })
                    .collect(),
            },
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "initiative_form.html")]
pub(crate) struct FormPage {
    l: Layout,
    heading: String,
    action: String,
    /// `None`: editing (the unit and plan stay).
    units: Option<Vec<UnitOption>>,
    plans: Vec<(i64, String, bool)>,
    f: FormValues,
    author_lines: Vec<(usize, String, String)>,
    categories: Vec<(&'static str, &'static str)>,
    errors: HashMap<String, String>,
    general: Vec<String>,
}

impl FormPage {
    fn err(&self, field: &str) -> String {
        self.errors.get(field).cloned().unwrap_or_default()
    }
}

async fn form_page(
    st: &AppState,
    auth: &Auth,
    editing: Option<i64>,
    f: FormValues,
    err: Option<Error>,
) -> Result<FormPage, AppError> {
    let (errors, general) = super::form_errors(err);
    let (units, plans) = if editing.is_none() {
        let tree = st.store.visible_unit_tree(&auth.actor).await?;
        let mine: Vec<&tdkt_store::units::Unit> = tree
            .iter()
            .filter(|u| auth.actor.can(Action::Register, &u.path))
            .collect();
        let chosen = f.unit_id.parse().ok();
        let plans = super::plans::plans_with_deadline(st, auth, MilestoneKind::Initiative)
            .await?
            .into_iter()
            .map(|(p, due)| {
                (
                    p.id,
                    format!("{} ({}) – hạn nộp sáng kiến {}", p.title, p.year, due.vn()),
                    f.plan_id == p.id.to_string(),
                )
            })
            .collect();
        (Some(unit_options_around(&mine, chosen, chosen)), plans)
    } else {
        (None, vec![])
    };
    let mut author_lines: Vec<(usize, String, String)> = f
        .input
        .authors
        .iter()
        .enumerate()
        .map(|(i, a)| (i + 1, a.code.clone(), a.share.clone()))
        .collect();
    let n = author_lines.len();
    author_lines
        .extend((n + 1..=n + SPARE_AUTHOR_LINES).map(|i| (i, String::new(), String::new())));
    Ok(FormPage {
        l: Layout::new(auth, "Sáng kiến, đề tài", "/sang-kien"),
        heading: if editing.is_some() {
            "Sửa sáng kiến, đề tài".into()
        } else {
            "Nộp sáng kiến, đề tài".into()
        },
        action: match editing {
            Some(id) => format!("/sang-kien/{id}/sua"),
            None => "/sang-kien/moi".into(),
        },
        units,
        plans,
        author_lines,
        categories: InitiativeCategory::ALL
            .iter()
            .map(|c| (c.code(), c.label()))
            .collect(),
        f,
        errors,
        general,
    })
}

pub async fn new_form(State(st): State<AppState>, auth: Auth) -> Result<FormPage, AppError> {
    if !auth.actor.can_somewhere(Action::Register) {
        return Err(AppError(Error::Forbidden));
    }
    let f = FormValues {
        year: st.today().year().to_string(),
        unit_id: auth
            .actor
            .grants
            .iter()
            .find(|g| g.role.allows(Action::Register))
            .map(|g| g.unit_id.to_string())
            .unwrap_or_default(),
        input: InitiativeInput {
            category: InitiativeCategory::SangKien.code().into(),
            ..Default::default()
        },
        ..Default::default()
    };
    form_page(&st, &auth, None, f, None).await
}

fn csrf_of(pairs: &[(String, String)]) -> &str {
    pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    auth.check_csrf(csrf_of(&pairs))?;
    let f = FormValues::from_pairs(&pairs);
    let result = async {
        let v = f.input.validate(false)?;
        let unit_id: i64 = f
            .unit_id
            .parse()
            .map_err(|_| Error::invalid("unit_id", "Chọn đơn vị của tác giả."))?;
        let plan_id = opt_int(Some(&f.plan_id));
        let year = match plan_id {
            Some(p) => st.store.plan(&auth.actor, p).await?.year as i32,
            None => f
                .year
                .trim()
                .parse()
                .map_err(|_| Error::invalid("year", "Năm không hợp lệ."))?,
        };
        let mut w = st.store.begin(&auth.actor).await?;
        let id = w.create_initiative(unit_id, plan_id, year, &v).await?;
        w.commit().await?;
        Ok(id)
    }
    .await;
    super::respond(
        result,
        |id| format!("/sang-kien/{id}?tb=da-tao-sang-kien"),
        async |e| form_page(&st, &auth, None, f.clone(), Some(e)).await,
    )
    .await
}

pub async fn edit_form(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<FormPage, AppError> {
    let v = st.store.initiative(&auth.actor, id).await?;
    let path = v.initiative.unit_path.as_deref().unwrap_or("/");
    if !auth.actor.can(Action::Register, path) {
        return Err(AppError(Error::Forbidden));
    }
    form_page(&st, &auth, Some(id), FormValues::of(&v), None).await
}

pub async fn update(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    auth.check_csrf(csrf_of(&pairs))?;
    let f = FormValues::from_pairs(&pairs);
    let result = async {
        let v = f.input.validate(false)?;
        let mut w = st.store.begin(&auth.actor).await?;
        w.update_initiative(id, &v).await?;
        w.commit().await
    }
    .await;
    super::respond(
        result,
        |()| format!("/sang-kien/{id}?tb=da-luu"),
        async |e| form_page(&st, &auth, Some(id), f.clone(), Some(e)).await,
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "initiative_view.html")]
pub(crate) struct ViewPage {
    l: Layout,
    v: InitiativeView,
    status: &'static str,
    due: String,
    late: bool,
    events: Vec<(String, String, &'static str, String)>,
    recognitions: Vec<(String, String, String, String)>,
    uses: Vec<(String, i64)>,
    can_edit: bool,
    can_submit: bool,
    can_review: bool,
    /// Actions the Office may take now: (code, label).
    office_actions: Vec<(&'static str, &'static str)>,
    higher_levels: Vec<(&'static str, &'static str)>,
    awards: Vec<(&'static str, &'static str)>,
    today: String,
    errors: Vec<String>,
}

async fn view_page(
    st: &AppState,
    auth: &Auth,
    id: i64,
    errors: Vec<String>,
) -> Result<ViewPage, AppError> {
    let v = st.store.initiative(&auth.actor, id).await?;
    let i = &v.initiative;
    let state = i.state();
    let unit_path = i.unit_path.clone().unwrap_or_default();
    let review_path = match i.plan_id {
        Some(p) => st.store.plan(&auth.actor, p).await?.unit_path,
        None => unit_path.clone(),
    };
    let in_flow = i.unit_path.is_some();
    let can_review = in_flow && auth.actor.can(Action::Review, &review_path);
    let last = match (v.due, i.extension_until) {
        (Some(d), Some(e)) => Some(d.max(e)),
        (d, _) => d,
    };
    let office_actions = [
        InitiativeAction::Review,
        InitiativeAction::Return,
        InitiativeAction::Reject,
        InitiativeAction::Extend,
    ]
    .into_iter()
    .filter(|a| can_review && state.after(*a).is_ok())
    .map(|a| (a.code(), a.label()))
    .collect();
    let held = InitiativeLevel::parse(&i.level).ok();
    Ok(ViewPage {
        l: Layout::new(auth, i.title.clone(), "/sang-kien"),
        status: state.label(),
        due: last.vn(),
        late: state.editable() && last.is_some_and(|d| st.today() > d),
        events: super::event_lines(&v.events, |a| {
            InitiativeAction::parse(a).map_or("", |a| a.label())
        }),
        recognitions: v
            .recognitions
            .iter()
            .map(|r| {
                (
                    InitiativeLevel::parse(&r.level)
                        .map_or("", |l| l.label())
                        .to_string(),
                    r.decision_number.clone(),
                    r.decided_on.vn(),
                    r.issuer.clone(),
                )
            })
            .collect(),
        uses: v
            .uses
            .iter()
            .map(|u| {
                (
                    AwardCode::parse(&u.award).map_or(u.award.clone(), |a| a.label().to_string()),
                    u.year,
                )
            })
            .collect(),
        can_edit: in_flow && state.editable() && auth.actor.can(Action::Register, &unit_path),
        can_submit: in_flow && state.editable() && auth.actor.can(Action::Submit, &unit_path),
        can_review,
        office_actions,
        higher_levels: InitiativeLevel::ALL
            .iter()
            .filter(|l| held.is_some_and(|h| l.rank() > h.rank()))
            .map(|l| (l.code(), l.label()))
            .collect(),
        awards: AwardCode::ALL
            .iter()
            .map(|a| (a.code(), a.label()))
            .collect(),
        today: st.today().format("%d/%m/%Y").to_string(),
        errors,
        v,
    })
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

#[derive(Deserialize)]
pub struct ActForm {
    csrf: String,
    action: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    decision_number: String,
    #[serde(default)]
    decided_on: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    effect_confirmed: Option<String>,
    #[serde(default)]
    extend_to: String,
}

fn date_field(field: &str, what: &str, value: &str) -> Result<NaiveDate, Error> {
    tdkt_domain::text::parse_date(value).ok_or_else(|| {
        Error::invalid(
            field,
            format!("{what} «{value}» không hợp lệ (ngày/tháng/năm)."),
        )
    })
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
        let action = InitiativeAction::parse(&f.action)
            .map_err(|_| Error::invalid("action", "Thao tác không hợp lệ."))?;
        let recognition = match action {
            InitiativeAction::Recognize | InitiativeAction::RecordHigher => Some(Recognition {
                level: if action == InitiativeAction::Recognize {
                    InitiativeLevel::CoSo
                } else {
                    InitiativeLevel::parse(&f.level)
                        .map_err(|_| Error::invalid("level", "Chọn cấp công nhận."))?
                },
                decided_on: date_field("decided_on", "Ngày quyết định", &f.decided_on)?,
                decision_number: f.decision_number.clone(),
                issuer: f.issuer.clone(),
                effect_confirmed: f.effect_confirmed.is_some(),
            }),
            _ => None,
        };
        let extend_to = match action {
            InitiativeAction::Extend => {
                Some(date_field("extend_to", "Ngày gia hạn", &f.extend_to)?)
            }
            _ => None,
        };
        let mut w = st.store.begin(&auth.actor).await?;
        w.initiative_action(id, action, &f.note, recognition.as_ref(), extend_to, today)
            .await?;
        w.commit().await
    }
    .await;
    super::respond(
        result,
        |()| format!("/sang-kien/{id}?tb=da-luu"),
        async |e| view_page(&st, &auth, id, super::error_messages(&e)).await,
    )
    .await
}

#[derive(Deserialize)]
pub struct UseForm {
    csrf: String,
    award: String,
    year: String,
}

/// Records the initiative as the basis of an award (the reuse rules decide).
pub async fn record_use(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<UseForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let award = AwardCode::parse(&f.award)
            .map_err(|_| Error::invalid("award", "Chọn danh hiệu, hình thức khen thưởng."))?;
        let year: i32 = f
            .year
            .trim()
            .parse()
            .ok()
            .filter(|y| (1990..=2100).contains(y))
            .ok_or_else(|| Error::invalid("year", "Năm không hợp lệ."))?;
        let params = tdkt_domain::rules::Params::national(tdkt_domain::rules::Regime::on(
            NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
        ));
        let mut w = st.store.begin(&auth.actor).await?;
        w.record_initiative_use(id, award, year, &params).await?;
        w.commit().await
    }
    .await;
    super::respond(
        result,
        |()| format!("/sang-kien/{id}?tb=da-luu"),
        async |e| view_page(&st, &auth, id, super::error_messages(&e)).await,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_lines_are_read_in_order_and_blank_ones_dropped() {
        let pairs: Vec<(String, String)> = [
            ("ma_1", "P1"),
            ("tl_1", "70"),
            ("ma_2", ""),
            ("tl_2", ""),
            ("ma_3", "P3"),
            ("tl_3", "30"),
            ("title", "Số hóa"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let f = FormValues::from_pairs(&pairs);
        assert_eq!(
            f.input.authors,
            vec![
                AuthorInput {
                    code: "P1".into(),
                    share: "70".into()
                },
                AuthorInput {
                    code: "P3".into(),
                    share: "30".into()
                }
            ]
        );
        assert_eq!(f.input.title, "Số hóa");
    }
}
