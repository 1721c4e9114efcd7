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
use tdkt_domain::reports::emphasis::{Counts, YearShares, shares, trend_svg};
use tdkt_domain::reports::statutory::{Form, form_0601, form_0602, form_0603};
use tdkt_store::units::Unit;

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    pub(crate) nam: Option<String>,
    #[serde(rename = "don-vi")]
    pub(crate) don_vi: Option<i64>,
}

impl ReportQuery {
    pub(crate) fn of(year: Option<i32>, body: Option<i64>) -> ReportQuery {
        ReportQuery {
            nam: year.map(|y| y.to_string()),
            don_vi: body,
        }
    }
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

/// The shares of the trend years, and (with `by_unit`) of the chosen year
/// for each unit directly under the body and the body's own people.
async fn emphases(
    st: &AppState,
    body: &Unit,
    year: i32,
    by_unit: bool,
) -> Result<(Vec<YearShares>, Vec<(String, YearShares)>), AppError> {
    let counts = st
        .store
        .award_counts(body.id, year - TREND_YEARS + 1, year)
        .await?;
    let by_year: Vec<(i32, Counts)> = counts.iter().map(|(_, y, c)| (*y, *c)).collect();
    let trend = shares(&by_year, year - TREND_YEARS + 1..=year);
    if !by_unit {
        return Ok((trend, vec![]));
    }
    // A unit's path begins with its ancestors' ("/1/4/" under "/1/"): the
    // child a row belongs to is its path cut one level below the body.
    let children = st.store.children(body.id).await?;
    let paths: Vec<&str> = children.iter().map(|c| c.path.as_str()).collect();
    let child_of = |path: &str| tdkt_domain::reports::working::child_of(&body.path, &paths, path);
    let mut per_child = vec![Counts::default(); children.len()];
    let mut direct = Counts::default();
    for (path, y, c) in &counts {
        if *y != year {
            continue;
        }
        match child_of(path) {
            Some(i) => per_child[i] += *c,
            None => direct += *c,
        }
    }
    let mut rows = Vec::new();
    if direct.awards > 0 {
        rows.push((
            format!("{} (trực tiếp)", body.name),
            YearShares::of(year, direct),
        ));
    }
    for (c, n) in children.iter().zip(per_child) {
        if n.awards > 0 {
            rows.push((c.name.clone(), YearShares::of(year, n)));
        }
    }
    Ok((trend, rows))
}

/// The trend as an SVG chart, for the page's <img>.
pub async fn trend_chart(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let (year, body, _) = chosen(&st, &auth, &q).await?;
    let (trend, _) = emphases(&st, &body, year, false).await?;
    Ok(svg(trend_svg(
        &trend,
        &format!(
            "Tỷ lệ khen thưởng theo định hướng, {} – {}",
            year - TREND_YEARS + 1,
            year
        ),
    )))
}

/// The units whose reports the actor makes: where it may review or keep the
/// history (the Office, the agency head), agencies only.
pub(crate) async fn bodies(st: &AppState, auth: &Auth) -> Result<Vec<Unit>, AppError> {
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

pub(crate) async fn chosen(
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
    use tdkt_domain::reports::workforce::{OrgKind, StaffFact, form_0604, form_0605};
    let facts = st.store.year_facts(body.id, year).await?;
    let (units, people) = st.store.workforce(body.id).await?;
    let orgs: Vec<OrgKind> = units
        .iter()
        .filter_map(|u| OrgKind::parse(&u.kind).ok())
        .collect();
    // Those who began the work after the report's year are not yet counted.
    let staff: Vec<StaffFact> = people
        .iter()
        .filter(|p| p.counted() && p.since_year <= i64::from(year))
        .map(|p| p.fact())
        .collect();
    Ok(vec![
        form_0601(&facts.movements),
        form_0602(&facts.awards, facts.province),
        form_0603(&facts.awards, facts.province),
        form_0604(&orgs),
        form_0605(&staff, year),
    ])
}

pub async fn statistics(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportQuery>,
) -> Result<ReportsPage, AppError> {
    let (year, body, list) = chosen(&st, &auth, &q).await?;
    let forms = forms(&st, &body, year).await?;
    let (trend, by_unit) = emphases(&st, &body, year, true).await?;
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

/// Who reports to whom, for the heading of the workbook and the PDF.
fn reporter(st: &AppState, body: &Unit, year: i32) -> tdkt_documents::statistics_sheet::Reporter {
    tdkt_documents::statistics_sheet::Reporter {
        body: body.name.clone(),
        receiver: "Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương)".into(),
        year,
        date_line: tdkt_documents::nd30::date_line(&st.config.place, st.today().into()),
    }
}

/// The forms as one workbook in their layout.
pub async fn statistics_xlsx(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let (year, body, _) = chosen(&st, &auth, &q).await?;
    let forms = forms(&st, &body, year).await?;
    let bytes = tdkt_documents::statistics_sheet::write_forms(&forms, &reporter(&st, &body, year))
        .map_err(tdkt_store::internal)?;
    Ok(super::plans::xlsx(
        bytes,
        &format!("thong-ke-tdkt-{year}-{}.xlsx", super::file_code(&body.code)),
    ))
}

/// The forms as a report in the state layout, as a PDF to sign and send.
pub async fn statistics_pdf(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let (year, body, _) = chosen(&st, &auth, &q).await?;
    let forms = forms(&st, &body, year).await?;
    let today = st.today();
    let parent = match body.parent_id {
        Some(p) => Some(st.store.unit(p).await?.name.to_uppercase()),
        None => None,
    };
    let doc = tdkt_documents::statistics_sheet::forms_document(
        &forms,
        &reporter(&st, &body, year),
        parent,
        &st.config.place,
        today,
    );
    let name = format!("thong-ke-tdkt-{year}-{}.pdf", super::file_code(&body.code));
    super::plan_documents::render(doc, true, name).await
}

fn svg(body: String) -> Response {
    use axum::response::IntoResponse;
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "image/svg+xml; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "private, max-age=60"),
        ],
        body,
    )
        .into_response()
}

/// Awards of the last five years by title (the five most given, the rest together).
pub async fn awards_chart(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    use tdkt_domain::reports::charts::{Bar, PALETTE, stacked_bars_svg};
    let (year, body, _) = chosen(&st, &auth, &q).await?;
    let from = year - TREND_YEARS + 1;
    let rows = st.store.awards_by_year_title(body.id, from, year).await?;
    let mut totals: std::collections::BTreeMap<&str, i64> = Default::default();
    for (_, a, n) in &rows {
        *totals.entry(a.as_str()).or_default() += n;
    }
    let mut top: Vec<(&str, i64)> = totals.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown: Vec<&str> = top.iter().take(PALETTE.len() - 1).map(|t| t.0).collect();
    let rest = top.len() > shown.len();
    // Titles the code list does not know go with the rest.
    let shown: Vec<&str> = shown
        .into_iter()
        .filter(|a| tdkt_domain::codes::AwardCode::parse(a).is_ok())
        .collect();
    let rest = rest
        || top
            .iter()
            .any(|t| tdkt_domain::codes::AwardCode::parse(t.0).is_err());
    let mut series: Vec<(&'static str, &'static str)> = shown
        .iter()
        .zip(PALETTE)
        .map(|(a, c)| {
            (
                tdkt_domain::codes::AwardCode::parse(a).map_or("", |x| x.label()),
                c,
            )
        })
        .collect();
    if rest {
        series.push(("Danh hiệu, hình thức khác", PALETTE[PALETTE.len() - 1]));
    }
    let bars: Vec<Bar> = (from..=year)
        .map(|y| {
            let mut values = vec![0u64; series.len()];
            for (ry, a, n) in &rows {
                if *ry != i64::from(y) {
                    continue;
                }
                let k = shown
                    .iter()
                    .position(|s| s == a)
                    .unwrap_or(series.len() - 1);
                values[k] += (*n).max(0) as u64;
            }
            Bar {
                label: y.to_string(),
                values,
                notes: vec![],
            }
        })
        .collect();
    Ok(svg(stacked_bars_svg(
        &format!("Khen thưởng theo năm và danh hiệu, {from} – {year}"),
        &bars,
        &series,
    )))
}

/// The body's registrations this year against their deadlines, one series per plan.
pub async fn registrations_chart(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    use tdkt_domain::emulation::registration::{DeadlineStatus, RegistrationStatus};
    use tdkt_domain::reports::charts::{Bar, PALETTE, stacked_bars_svg};
    let (year, body, _) = chosen(&st, &auth, &q).await?;
    let today = st.today();
    let plans: Vec<_> = st
        .store
        .published_plans_overview(&auth.actor)
        .await?
        .into_iter()
        .filter(|o| o.plan.unit_id == body.id && o.plan.year == i64::from(year))
        .take(PALETTE.len())
        .collect();
    let mut values = vec![vec![0u64; plans.len()]; DeadlineStatus::ALL.len()];
    // The units of each status and plan, named in the segment's tooltip.
    let mut units = vec![vec![Vec::<&str>::new(); plans.len()]; DeadlineStatus::ALL.len()];
    for (k, o) in plans.iter().enumerate() {
        for u in &o.participants {
            let reg = o.registrations.iter().find(|r| r.unit_id == u.id);
            let sent_on = reg
                .filter(|r| {
                    matches!(
                        r.state(),
                        RegistrationStatus::Submitted | RegistrationStatus::Accepted
                    )
                })
                .and_then(|r| r.submitted_at)
                .map(tdkt_domain::clock::vietnam_date);
            let last = match (o.registration_due, reg.and_then(|r| r.extension_until)) {
                (Some(d), Some(e)) => Some(d.max(e)),
                (d, _) => d,
            };
            let s = DeadlineStatus::of(sent_on, last, today);
            if let Some(i) = DeadlineStatus::ALL.iter().position(|x| *x == s) {
                values[i][k] += 1;
                units[i][k].push(u.name.as_str());
            }
        }
    }
    let series: Vec<(&str, &str)> = plans
        .iter()
        .zip(PALETTE)
        .map(|(o, c)| (o.plan.title.as_str(), c))
        .collect();
    let bars: Vec<Bar> = DeadlineStatus::ALL
        .iter()
        .zip(values)
        .zip(units)
        .map(|((s, v), names)| Bar {
            label: s.label().to_string(),
            values: v,
            notes: names.iter().map(|n| n.join(", ")).collect(),
        })
        .collect();
    Ok(svg(stacked_bars_svg(
        &format!("Đăng ký thi đua năm {year} theo hạn gửi (số đơn vị)"),
        &bars,
        &series,
    )))
}
