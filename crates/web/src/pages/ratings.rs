//! A unit's annual ratings (xếp loại chất lượng): its people, a hundred to a
//! page, each with a choice of HTXS / HTT / HT / KHT; its collectives for the
//! Office; the personnel office's sheet in and the template out. The rules
//! engine reads these ratings for every title.

use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use serde::Deserialize;
use tdkt_domain::auth::Action;
use tdkt_domain::codes::Rating;
use tdkt_domain::error::{Error, FieldError, Location};
use tdkt_domain::roster::Roster;
use tdkt_store::history::Subject;
use tdkt_store::ratings::{RatedPerson, RatedUnit, UnitRatings};
use tdkt_store::units::Unit;

/// People per page.
const PAGE: usize = 100;

/// The year whose ratings are owed on `today`: they are made in December, so
/// before that it is last year's.
pub fn rating_year(today: chrono::NaiveDate) -> i32 {
    if today.month() == 12 {
        today.year()
    } else {
        today.year() - 1
    }
}

#[derive(Deserialize, Default)]
pub struct RatingsQuery {
    nam: Option<String>,
    trang: Option<String>,
    tb: Option<String>,
}

/// The four ratings, for the choices of every line: (code, label).
fn choices() -> Vec<(&'static str, &'static str)> {
    Rating::ALL.iter().map(|r| (r.code(), r.label())).collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "ratings.html")]
pub(crate) struct RatingsPage {
    l: Layout,
    unit: Unit,
    year: i32,
    years: Vec<i32>,
    people: Vec<RatedPerson>,
    units: Vec<RatedUnit>,
    /// Depth of the unit itself, to indent its sub-units.
    base_depth: i64,
    choices: Vec<(&'static str, &'static str)>,
    total: i64,
    rated: i64,
    by_rating: Vec<(&'static str, i64)>,
    page_no: usize,
    pages: usize,
    can_rate: bool,
    can_rate_units: bool,
    errors: Vec<String>,
}

fn parse_year(text: Option<&str>, default: i32) -> Result<i32, Error> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(default),
        Some(t) => t
            .parse::<i32>()
            .ok()
            .filter(|y| (1990..=2100).contains(y))
            .ok_or_else(|| Error::invalid("nam", format!("Năm «{t}» không hợp lệ."))),
    }
}

async fn page(
    st: &AppState,
    auth: &Auth,
    unit_id: i64,
    year: i32,
    page_no: usize,
    errors: Vec<String>,
) -> Result<RatingsPage, AppError> {
    let unit = st.store.visible_unit(&auth.actor, unit_id).await?;
    let UnitRatings { people, units } = st.store.unit_ratings(&auth.actor, unit_id, year).await?;
    let tally = tdkt_store::ratings::tally(&people);
    let pages = people.len().div_ceil(PAGE).max(1);
    let page_no = page_no.clamp(1, pages);
    let this_year = st.today().year();
    let base_depth = units.first().map(|u| u.depth).unwrap_or(0);
    Ok(RatingsPage {
        l: Layout::new(
            auth,
            format!("Xếp loại năm {year} – {}", unit.name),
            "/don-vi",
        ),
        can_rate: auth.actor.can(Action::Rate, &unit.path),
        can_rate_units: auth.actor.can(Action::ManageHistory, &unit.path),
        total: people.len() as i64,
        rated: tally.0 as i64,
        by_rating: Rating::ALL
            .iter()
            .zip(tally.1)
            .map(|(r, n)| (r.code(), n as i64))
            .collect(),
        people: people
            .into_iter()
            .skip((page_no - 1) * PAGE)
            .take(PAGE)
            .collect(),
        units,
        base_depth,
        choices: choices(),
        years: (this_year - 5..=this_year).rev().collect(),
        page_no,
        pages,
        year,
        unit,
        errors,
    })
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Path(unit_id): Path<i64>,
    Query(q): Query<RatingsQuery>,
) -> Result<Response, AppError> {
    let year = parse_year(q.nam.as_deref(), rating_year(st.today()))?;
    let page_no = q.trang.as_deref().and_then(|t| t.parse().ok()).unwrap_or(1);
    let mut p = page(&st, &auth, unit_id, year, page_no, vec![]).await?;
    p.l = p.l.with_notice(q.tb.as_deref());
    Ok(p.into_response())
}

/// The changes a page of the form asks for: `xl_PERSON` and `dv_UNIT` = a rating
/// code or "" (none). Anything else is ignored; a bad code refuses the form.
fn changes_from(pairs: &[(String, String)]) -> Result<Vec<(Subject, Option<Rating>)>, Error> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (k, v) in pairs {
        let subject = if let Some(id) = k.strip_prefix("xl_") {
            id.parse().ok().map(Subject::Person)
        } else if let Some(id) = k.strip_prefix("dv_") {
            id.parse().ok().map(Subject::Unit)
        } else {
            continue;
        };
        let Some(subject) = subject else {
            errors.push(FieldError::new(k.clone(), "Dòng không hợp lệ."));
            continue;
        };
        let v = v.trim();
        if v.is_empty() {
            out.push((subject, None));
            continue;
        }
        match Rating::parse(v) {
            Ok(r) => out.push((subject, Some(r))),
            Err(_) => errors.push(FieldError::new(
                k.clone(),
                format!("Xếp loại «{v}» không hợp lệ."),
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::Validation(errors))
    }
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

pub async fn save(
    State(st): State<AppState>,
    auth: Auth,
    Path(unit_id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    auth.check_csrf(field(&pairs, "csrf").unwrap_or(""))?;
    let year = parse_year(field(&pairs, "nam"), rating_year(st.today()))?;
    // "Save and go to page N" names the page to show next.
    let page_no: usize = field(&pairs, "sang")
        .or(field(&pairs, "trang"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    // The gate before the form is read: who may rate nothing here hears so first.
    let unit = st.store.visible_unit(&auth.actor, unit_id).await?;
    if !auth.actor.can(Action::Rate, &unit.path)
        && !auth.actor.can(Action::ManageHistory, &unit.path)
    {
        return Err(AppError(Error::Forbidden));
    }
    let result = async {
        let changes = changes_from(&pairs)?;
        let mut w = st.store.begin(&auth.actor).await?;
        let n = w.set_ratings(unit_id, year, &changes).await?;
        w.commit().await?;
        Ok::<_, Error>(n)
    }
    .await;
    super::respond(
        result,
        |_| format!("/don-vi/{unit_id}/xep-loai?nam={year}&trang={page_no}&tb=da-luu"),
        async |e| {
            page(
                &st,
                &auth,
                unit_id,
                year,
                page_no,
                super::error_messages(&e),
            )
            .await
        },
    )
    .await
}

pub async fn template(
    State(st): State<AppState>,
    auth: Auth,
    Path(unit_id): Path<i64>,
    Query(q): Query<RatingsQuery>,
) -> Result<Response, AppError> {
    let year = parse_year(q.nam.as_deref(), rating_year(st.today()))?;
    let unit = st.store.visible_unit(&auth.actor, unit_id).await?;
    let r = st.store.unit_ratings(&auth.actor, unit_id, year).await?;
    let lines: Vec<tdkt_documents::rating_sheet::TemplateLine> = r
        .people
        .into_iter()
        .map(|p| tdkt_documents::rating_sheet::TemplateLine {
            rating: p.rating.as_deref().and_then(|r| Rating::parse(r).ok()),
            code: p.code,
            name: p.full_name,
            position: p.position,
            unit: p.unit_name,
        })
        .collect();
    let bytes = tdkt_documents::rating_sheet::write_template(&unit.name, year, &lines)
        .map_err(tdkt_store::internal)?;
    Ok(super::plans::download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("xep-loai-{year}-{}.xlsx", super::file_code(&unit.code)),
    ))
}

/// The personnel office's sheet: every line must name a person of the unit and
/// a known rating, or nothing is saved. Lines without a rating change nothing.
pub async fn upload(
    State(st): State<AppState>,
    auth: Auth,
    Path(unit_id): Path<i64>,
    Query(q): Query<RatingsQuery>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let unit = st.store.visible_unit(&auth.actor, unit_id).await?;
    if !auth.actor.can(Action::Rate, &unit.path) {
        return Err(AppError(Error::Forbidden));
    }
    let default_year = parse_year(q.nam.as_deref(), rating_year(st.today()))?;
    let form = match crate::uploads::read_form(mp, st.config.max_upload_bytes).await {
        Ok(f) => f,
        Err(e) => {
            return Ok((
                e.status,
                page(&st, &auth, unit_id, default_year, 1, vec![e.message]).await?,
            )
                .into_response());
        }
    };
    auth.check_csrf(&form.csrf)?;
    let year = parse_year(form.fields.get("nam").map(String::as_str), default_year)?;
    let limits = st.config.sheet_limits;
    let bytes = form.bytes;
    let result = async {
        if bytes.is_empty() {
            return Err(Error::invalid("file", "Chưa chọn tệp Excel."));
        }
        let (sheet, rows, mut errors) = crate::uploads::parse(move || {
            tdkt_documents::rating_sheet::read_ratings(&bytes, &limits)
        })
        .await?
        .map_err(Error::Validation)?;
        let people = st
            .store
            .unit_ratings(&auth.actor, unit_id, year)
            .await?
            .people;
        let roster = Roster::new(people.iter().map(|p| {
            (
                p.id,
                p.code.as_str(),
                p.full_name.as_str(),
                p.unit_name.as_str(),
            )
        }));
        let mut changes = Vec::new();
        let mut seen = std::collections::HashMap::new();
        for r in rows {
            let loc = Location {
                sheet: Some(sheet.clone()),
                row: Some(r.row),
                column: Some(r.column.clone()),
            };
            match roster.find(&r.code, &r.name, &r.unit) {
                Ok(pid) => {
                    if let Some(first) = seen.insert(pid, r.row) {
                        errors.push(
                            FieldError::new(
                                "name",
                                format!("«{}» đã có ở dòng {first}: mỗi người một dòng.", r.name),
                            )
                            .at(loc),
                        );
                    } else {
                        changes.push((Subject::Person(pid), Some(r.rating)));
                    }
                }
                Err(msg) => errors.push(FieldError::new("name", msg).at(loc)),
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.location.as_ref().and_then(|l| l.row));
            return Err(Error::Validation(errors.into_errors()));
        }
        if changes.is_empty() {
            return Err(Error::invalid(
                "file",
                format!("Trang «{sheet}» không có dòng nào ghi xếp loại."),
            ));
        }
        let mut w = st.store.begin(&auth.actor).await?;
        let n = w.set_ratings(unit_id, year, &changes).await?;
        w.commit().await?;
        Ok(n)
    }
    .await;
    super::respond(
        result,
        |_| format!("/don-vi/{unit_id}/xep-loai?nam={year}&tb=da-nhap"),
        async |e| page(&st, &auth, unit_id, year, 1, super::error_messages(&e)).await,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn the_form_names_people_and_units_by_id() {
        let got = changes_from(&pairs(&[
            ("csrf", "x"),
            ("xl_5", "HTT"),
            ("xl_6", ""),
            ("dv_2", "HTXS"),
            ("nam", "2025"),
        ]))
        .unwrap();
        assert_eq!(
            got,
            vec![
                (Subject::Person(5), Some(Rating::Htt)),
                (Subject::Person(6), None),
                (Subject::Unit(2), Some(Rating::Htxs)),
            ]
        );
    }

    #[test]
    fn a_bad_code_or_line_refuses_the_form() {
        assert!(changes_from(&pairs(&[("xl_5", "GIOI")])).is_err());
        assert!(changes_from(&pairs(&[("xl_x", "HTT")])).is_err());
    }

    #[test]
    fn ratings_owed_are_last_years_until_december() {
        let d = |m| chrono::NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
        assert_eq!(rating_year(d(6)), 2025);
        assert_eq!(rating_year(d(12)), 2026);
    }
}
