//! Who does the emulation and commendation work in a body (forms 0604.N and
//! 0605.N): the Office marks the units that are such organisations and the
//! people who do the work, with the year they began and their training.

use super::reports::{ReportQuery, chosen};
use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use tdkt_domain::auth::Action;
use tdkt_domain::error::Error;
use tdkt_domain::reports::workforce::{OrgKind, Training};
use tdkt_store::reports::workforce::{WorkPerson, WorkUnit};
use tdkt_store::units::Unit;

#[derive(Template, WebTemplate)]
#[template(path = "workforce.html")]
pub(crate) struct WorkforcePage {
    l: Layout,
    body: Unit,
    bodies: Vec<(i64, String)>,
    units: Vec<WorkUnit>,
    people: Vec<WorkPerson>,
    /// Units of the body that may be marked (id, name).
    choices: Vec<(i64, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    trainings: Vec<(&'static str, &'static str)>,
    can_write: bool,
    errors: Vec<String>,
}

async fn page(
    st: &AppState,
    auth: &Auth,
    body: Option<i64>,
    errors: Vec<String>,
) -> Result<WorkforcePage, AppError> {
    let (_, body, list) = chosen(st, auth, &ReportQuery::of(None, body)).await?;
    let (units, people) = st.store.workforce(body.id).await?;
    let choices = st
        .store
        .visible_units(&auth.actor, false)
        .await?
        .into_iter()
        .filter(|u| u.path.starts_with(&body.path) && u.kind != "organisation")
        .map(|u| (u.id, u.name))
        .collect();
    Ok(WorkforcePage {
        l: Layout::new(
            auth,
            "Tổ chức, cán bộ làm công tác thi đua, khen thưởng",
            "/bao-cao",
        ),
        can_write: auth.actor.can(Action::Review, &body.path),
        bodies: list.into_iter().map(|u| (u.id, u.name)).collect(),
        body,
        units,
        people,
        choices,
        kinds: OrgKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        trainings: Training::ALL
            .iter()
            .map(|t| (t.code(), t.label()))
            .collect(),
        errors,
    })
}

#[derive(Deserialize, Default)]
pub struct BodyQuery {
    #[serde(rename = "don-vi")]
    don_vi: Option<i64>,
    tb: Option<String>,
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<BodyQuery>,
) -> Result<WorkforcePage, AppError> {
    let mut p = page(&st, &auth, q.don_vi, vec![]).await?;
    p.l = p.l.with_notice(q.tb.as_deref());
    Ok(p)
}

#[derive(Deserialize)]
pub struct UnitForm {
    csrf: String,
    #[serde(rename = "don-vi")]
    don_vi: i64,
    unit_id: i64,
    #[serde(default)]
    kind: String,
}

/// Back to the body's page with `notice`, or the page again with what was wrong.
async fn back(
    st: &AppState,
    auth: &Auth,
    don_vi: i64,
    result: Result<(), Error>,
    notice: &str,
) -> Result<Response, AppError> {
    super::respond(
        result,
        |_| format!("/bao-cao/cong-tac-tdkt?don-vi={don_vi}&tb={notice}"),
        async |e| page(st, auth, Some(don_vi), super::error_messages(&e)).await,
    )
    .await
}

pub async fn set_unit(
    State(st): State<AppState>,
    auth: Auth,
    axum::Form(f): axum::Form<UnitForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let kind = match f.kind.trim() {
            "" => None,
            k => Some(OrgKind::parse(k).map_err(|_| Error::invalid("kind", "Chọn loại tổ chức."))?),
        };
        let mut w = st.store.begin(&auth.actor).await?;
        w.set_work_unit(f.unit_id, kind).await?;
        w.commit().await
    }
    .await;
    back(&st, &auth, f.don_vi, result, "da-luu").await
}

#[derive(Deserialize)]
pub struct PersonForm {
    csrf: String,
    #[serde(rename = "don-vi")]
    don_vi: i64,
    code: String,
    since_year: String,
    #[serde(default)]
    training: String,
}

pub async fn set_person(
    State(st): State<AppState>,
    auth: Auth,
    axum::Form(f): axum::Form<PersonForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let since = f.since_year.trim().parse::<i32>().map_err(|_| {
            Error::invalid(
                "since_year",
                "Ghi năm bắt đầu làm công tác thi đua, khen thưởng (ví dụ 2015).",
            )
        })?;
        let training = match f.training.trim() {
            "" => None,
            t => Some(
                Training::parse(t)
                    .map_err(|_| Error::invalid("training", "Chọn trình độ đào tạo."))?,
            ),
        };
        let mut w = st.store.begin(&auth.actor).await?;
        w.set_work_person(f.don_vi, &f.code, since, training, st.today())
            .await?;
        w.commit().await
    }
    .await;
    back(&st, &auth, f.don_vi, result, "da-luu").await
}

#[derive(Deserialize)]
pub struct RemoveForm {
    csrf: String,
    #[serde(rename = "don-vi")]
    don_vi: i64,
}

pub async fn remove_person(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<RemoveForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.remove_work_person(id).await?;
        w.commit().await
    }
    .await;
    back(&st, &auth, f.don_vi, result, "da-xoa").await
}
