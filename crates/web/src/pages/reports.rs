//! Reports the Office sends up: the statutory statistics (TT 02/2023/TT-BNV,
//! forms 0601.N–0603.N) of a body's year, on the page and as the workbook in
//! the forms' layout (docs/reports.md).

use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Datelike;
use serde::Deserialize;
use tdkt_domain::auth::Action;
use tdkt_domain::error::Error;
use tdkt_domain::reports::emphasis::{YearShares, shares, trend_svg};
use tdkt_domain::reports::statutory::{Form, form_0601, form_0602, form_0603};
use tdkt_store::units::Unit;

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    nam: Option<String>,
    #[serde(rename = "don-vi")]
    don_vi: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports.html")]
pub(crate) struct ReportsPage {
    l: Layout,
    year: i32,
    body: Unit,
    /// Units the actor may report for (id, name), the chosen one first.
    bodies: Vec<(i64, String)>,
    forms: Vec<Form>,
    /// The shares of the last five years, oldest first.
    trend: Vec<YearShares>,
    /// The chosen year's shares for each unit directly under the body.
    by_unit: Vec<(String, YearShares)>,
}

/// Years the trend covers: the chosen one and the four before.
const TREND_YEARS: i32 = 5;

/// The shares of the trend years, and of the chosen year unit by unit.
async fn emphases(
    st: &AppState,
    body: &Unit,
    year: i32,
) -> Result<(Vec<YearShares>, Vec<(String, YearShares)>), AppError> {
    let notes = st
        .store
        .award_notes(body.id, year - TREND_YEARS + 1, year)
        .await?;
    let all: Vec<_> = notes.iter().map(|(_, n)| *n).collect();
    let trend = shares(&all, year - TREND_YEARS + 1..=year);
    let children = st.store.children(body.id).await?;
    let mut by_unit = Vec::new();
    for c in &children {
        let mine: Vec<_> = notes
            .iter()
            .filter(|(p, _)| p.starts_with(&c.path))
            .map(|(_, n)| *n)
            .collect();
        if let Some(s) = shares(&mine, [year]).pop().filter(|s| s.awards > 0) {
            by_unit.push((c.name.clone(), s));
        }
    }
    let direct: Vec<_> = notes
        .iter()
        .filter(|(p, _)| !children.iter().any(|c| p.starts_with(&c.path)))
        .map(|(_, n)| *n)
        .collect();
    if let Some(s) = shares(&direct, [year]).pop().filter(|s| s.awards > 0) {
        by_unit.insert(0, (format!("{} (trực tiếp)", body.name), s));
    }
    Ok((trend, by_unit))
}

/// The trend as an SVG chart, for the page's <img>.
pub async fn trend_chart(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    use axum::response::IntoResponse;
    let (year, body, _) = chosen(&st, &auth, &q).await?;
    let (trend, _) = emphases(&st, &body, year).await?;
    let svg = trend_svg(
        &trend,
        &format!(
            "Tỷ lệ khen thưởng theo định hướng, {} – {}",
            year - TREND_YEARS + 1,
            year
        ),
    );
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "image/svg+xml; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "private, max-age=60"),
        ],
        svg,
    )
        .into_response())
}

/// The units whose reports the actor makes: where it may review or keep the
/// history (the Office, the agency head), agencies only.
async fn bodies(st: &AppState, auth: &Auth) -> Result<Vec<Unit>, AppError> {
    let units = st.store.visible_units(&auth.actor, false).await?;
    Ok(units
        .into_iter()
        .filter(|u| {
            u.kind == "agency"
                && (auth.actor.can(Action::Review, &u.path)
                    || auth.actor.can(Action::ManageHistory, &u.path))
        })
        .collect())
}

async fn chosen(
    st: &AppState,
    auth: &Auth,
    q: &ReportQuery,
) -> Result<(i32, Unit, Vec<Unit>), AppError> {
    let list = bodies(st, auth).await?;
    if list.is_empty() {
        return Err(AppError(Error::Forbidden));
    }
    let body = match q.don_vi {
        Some(id) => list
            .iter()
            .find(|u| u.id == id)
            .cloned()
            .ok_or(AppError(Error::Forbidden))?,
        // The actor's own agency: the deepest one it reports for.
        None => list
            .iter()
            .max_by_key(|u| u.depth)
            .cloned()
            .ok_or(AppError(Error::Forbidden))?,
    };
    let year = match q.nam.as_deref().map(str::trim) {
        None | Some("") => st.today().year(),
        Some(t) => t
            .parse::<i32>()
            .ok()
            .filter(|y| (1990..=2100).contains(y))
            .ok_or_else(|| AppError(Error::invalid("nam", format!("Năm «{t}» không hợp lệ."))))?,
    };
    Ok((year, body, list))
}

async fn forms(st: &AppState, body: &Unit, year: i32) -> Result<Vec<Form>, AppError> {
    let facts = st.store.year_facts(body.id, year).await?;
    Ok(vec![
        form_0601(&facts.movements),
        form_0602(&facts.awards, facts.province),
        form_0603(&facts.awards, facts.province),
    ])
}

pub async fn statistics(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportQuery>,
) -> Result<ReportsPage, AppError> {
    let (year, body, list) = chosen(&st, &auth, &q).await?;
    let forms = forms(&st, &body, year).await?;
    let (trend, by_unit) = emphases(&st, &body, year).await?;
    Ok(ReportsPage {
        trend,
        by_unit,
        l: Layout::new(&auth, format!("Báo cáo thống kê năm {year}"), "/bao-cao"),
        year,
        bodies: list.into_iter().map(|u| (u.id, u.name)).collect(),
        body,
        forms,
    })
}

/// The three forms as one workbook in their layout.
pub async fn statistics_xlsx(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let (year, body, _) = chosen(&st, &auth, &q).await?;
    let forms = forms(&st, &body, year).await?;
    let today = st.today();
    let bytes = tdkt_documents::statistics_sheet::write_forms(
        &forms,
        &tdkt_documents::statistics_sheet::Reporter {
            body: body.name.clone(),
            receiver: "Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương)".into(),
            year,
            date_line: tdkt_documents::nd30::date_line(&st.config.place, today.into()),
        },
    )
    .map_err(tdkt_store::internal)?;
    Ok(super::plans::download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!(
            "thong-ke-tdkt-{year}-{}.xlsx",
            body.code.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        ),
    ))
}
