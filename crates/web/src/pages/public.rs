//! Pages anyone may open without signing in: the published lists of the
//! council (proposed awardees during the comment period, the decided awards
//! after it) and the confirmation a certificate's QR code points to — the
//! name, the award and the decision, nothing more.

use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use tdkt_domain::codes::AwardCode;
use tdkt_domain::commendation::ballot::Outcome;
use tdkt_store::council::CouncilSession;

/// One line of a published list.
pub struct PublicLine {
    pub item_id: i64,
    pub name: String,
    pub unit: String,
    pub award: &'static str,
    pub status: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "public_disclosure.html")]
pub(crate) struct DisclosurePage {
    agency: String,
    s: CouncilSession,
    open: bool,
    until: String,
    from: String,
    proposed: Vec<PublicLine>,
    decided: Vec<PublicLine>,
    signed_in: bool,
    csrf: String,
    errors: Vec<String>,
    notice: Option<&'static str>,
}

pub(crate) async fn disclosure_page(
    st: &AppState,
    id: i64,
    auth: Option<&Auth>,
    errors: Vec<String>,
) -> Result<DisclosurePage, AppError> {
    let today = st.today();
    let (s, items) = st.store.disclosed_session(id, today).await?;
    let open = s.disclosure_until.is_some_and(|u| today <= u);
    let mut proposed = Vec::new();
    let mut decided = Vec::new();
    for it in items {
        let Some(outcome) = it.conclusion() else {
            continue;
        };
        if !outcome.awarded() {
            continue;
        }
        let award = it.given_award().map_or("", AwardCode::label);
        let unit = if it.person_id.is_some() {
            it.unit_name.clone()
        } else {
            String::new()
        };
        let line = |status: String| PublicLine {
            item_id: it.id,
            name: it.name.clone(),
            unit: unit.clone(),
            award,
            status,
        };
        match (&it.decision, it.upward_decision.is_empty()) {
            (Some(d), _) => decided.push(line(format!("Quyết định số {d}"))),
            (None, false) => decided.push(line(format!("Quyết định số {}", it.upward_decision))),
            (None, true) => proposed.push(line(match outcome {
                Outcome::ProposeUp => "Đề nghị cấp trên khen thưởng".to_string(),
                _ => "Đề nghị khen thưởng".to_string(),
            })),
        }
    }
    Ok(DisclosurePage {
        agency: st.config.agency_name.clone(),
        open,
        from: s.disclosure_from.vn(),
        until: s.disclosure_until.vn(),
        s,
        proposed,
        decided,
        signed_in: auth.is_some(),
        csrf: auth.map(|a| a.csrf.clone()).unwrap_or_default(),
        errors,
        notice: None,
    })
}

pub async fn disclosure(
    State(st): State<AppState>,
    auth: Option<Auth>,
    Path(id): Path<i64>,
    Query(n): Query<super::Notice>,
) -> Result<DisclosurePage, AppError> {
    let mut p = disclosure_page(&st, id, auth.as_ref(), vec![]).await?;
    if n.tb.as_deref() == Some("da-gop-y") {
        p.notice = Some("Đã ghi góp ý của bạn; Hội đồng sẽ xem xét.");
    }
    Ok(p)
}

#[derive(Template, WebTemplate)]
#[template(path = "public_index.html")]
pub(crate) struct IndexPage {
    agency: String,
    sessions: Vec<CouncilSession>,
}

pub async fn index(State(st): State<AppState>) -> Result<IndexPage, AppError> {
    Ok(IndexPage {
        agency: st.config.agency_name.clone(),
        sessions: st.store.disclosed_sessions(st.today()).await?,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "public_award.html")]
pub(crate) struct AwardPage {
    agency: String,
    a: tdkt_store::decisions::PublicAward,
    award: &'static str,
}

/// What a certificate's QR code opens: the award exists, for this name, by this decision.
pub async fn verify(
    State(st): State<AppState>,
    Path(code): Path<String>,
) -> Result<AwardPage, AppError> {
    let code: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(32)
        .collect();
    let a = st.store.public_award(&code.to_uppercase()).await?;
    Ok(AwardPage {
        agency: st.config.agency_name.clone(),
        award: AwardCode::parse(&a.award).map_or("", |x| x.label()),
        a,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "public_exemplars.html")]
pub(crate) struct ExemplarsPage {
    agency: String,
    items: Vec<tdkt_store::exemplars::ExemplarFull>,
}

/// The exemplars the Office chose to publish, with their people and awards.
pub async fn exemplars(State(st): State<AppState>) -> Result<ExemplarsPage, AppError> {
    Ok(ExemplarsPage {
        agency: st.config.agency_name.clone(),
        items: st.store.published_exemplars().await?,
    })
}
