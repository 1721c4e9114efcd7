//! The rules engine for one person: "what could they reach, what is missing",
//! and a full check of one title, condition by condition with the clause.

use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use tdkt_domain::codes::{AwardCode, SubjectKind};
use tdkt_domain::rules::{Regime, Subject, advise, evaluate};

/// One suggestion of the advice list.
pub struct Suggestion {
    pub code: &'static str,
    pub label: &'static str,
    pub outcome: &'static str,
    pub eligible: bool,
    pub missing: Vec<String>,
}

/// The year whose titles are being considered: the latest rated year, or last year.
pub fn evaluation_year(h: &tdkt_domain::rules::History, today: NaiveDate) -> i32 {
    h.ratings
        .keys()
        .next_back()
        .copied()
        .unwrap_or(today.year() - 1)
}

/// The nearest titles and forms for a person, from the history the page already read.
pub fn suggestions(st: &AppState, h: &tdkt_domain::rules::History, year: i32) -> Vec<Suggestion> {
    let on = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    advise(&Subject::Individual(h), year, on, &st.config.rules, 5)
        .into_iter()
        .map(|a| Suggestion {
            code: a.award.code(),
            label: a.award.label(),
            outcome: a.outcome.label(),
            eligible: a.outcome == tdkt_domain::rules::Outcome::Eligible,
            missing: a.missing,
        })
        .collect()
}

pub struct Row {
    pub met: &'static str,
    pub class: &'static str,
    pub detail: String,
    pub missing: String,
    pub citation: String,
    pub unverified: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "eligibility.html")]
pub(crate) struct Page {
    l: Layout,
    person_id: i64,
    person_name: String,
    award: &'static str,
    year: i32,
    on: String,
    regime: &'static str,
    /// The override applied, with the document it rests on (none: national levels).
    rules: Option<String>,
    outcome: &'static str,
    outcome_code: &'static str,
    rows: Vec<Row>,
    awards: Vec<(&'static str, &'static str, bool)>,
}

#[derive(Deserialize, Default)]
pub struct Q {
    #[serde(default)]
    danh_hieu: String,
    #[serde(default)]
    nam: String,
    #[serde(default)]
    ngay: String,
}

pub async fn check(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(q): Query<Q>,
) -> Result<Page, AppError> {
    let p = st.store.visible_person(&auth.actor, id).await?;
    let history = st
        .store
        .history(tdkt_store::history::Subject::Person(id))
        .await?;
    let h = tdkt_store::history::rules_history_of(
        &p,
        history.unit_code.as_deref().unwrap_or_default(),
        &history,
        &history.employment,
    );
    let award = AwardCode::parse(q.danh_hieu.trim()).unwrap_or(AwardCode::Ldtt);
    if !award.applies_to_kind(SubjectKind::Individual) {
        return Err(AppError(tdkt_domain::error::Error::invalid(
            "danh_hieu",
            "Danh hiệu này dành cho tập thể.",
        )));
    }
    let year = q
        .nam
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1990..=2100).contains(y))
        .unwrap_or_else(|| evaluation_year(&h, st.today()));
    let on = tdkt_domain::text::parse_date(&q.ngay)
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default());
    let v = evaluate(&Subject::Individual(&h), award, year, on, &st.config.rules);
    let rows = v
        .conditions
        .iter()
        .map(|c| Row {
            met: match c.met {
                Some(true) => "Đạt",
                Some(false) => "Chưa đạt",
                None => "Chưa rõ",
            },
            class: match c.met {
                Some(true) => "ok",
                Some(false) => "no",
                None => "unknown",
            },
            detail: c.detail.clone(),
            missing: c.missing.clone().unwrap_or_default(),
            citation: c.citation.to_string(),
            unverified: c.unverified,
        })
        .collect();
    Ok(Page {
        l: Layout::new(&auth, format!("Xét điều kiện – {}", p.full_name), "/can-bo"),
        person_id: id,
        person_name: p.full_name,
        award: award.label(),
        year,
        on: tdkt_domain::text::format_date(on),
        regime: Regime::on(on).label(),
        rules: st
            .config
            .rules
            .name
            .as_ref()
            .map(|n| match &st.config.rules.source {
                Some(src) => format!("{n} ({src})"),
                None => n.clone(),
            }),
        outcome: v.outcome.label(),
        outcome_code: v.outcome.code(),
        rows,
        awards: AwardCode::ALL
            .iter()
            .filter(|a| a.applies_to_kind(SubjectKind::Individual))
            .map(|a| (a.code(), a.label(), *a == award))
            .collect(),
    })
}
