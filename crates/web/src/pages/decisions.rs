//! Award decisions: the register by year, one decision's page — its text
//! (editable while a draft), the annexed list with citations and bonuses,
//! signing by the head (the number comes from the register), cancelling and
//! replacing — its Word and PDF files, and the certificates of its recipients
//! printed on the agency's blanks; the council session's minutes and upward
//! tờ trình.

use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use tdkt_documents::certificate::{Certificate, CertificateTemplate, certificates_pdf};
use tdkt_documents::decision_docs::{
    self, BallotLine, CouncilMinutes, DecisionDoc, DecisionRecipient, UpwardProposal,
};
use tdkt_documents::nd30::{AdminDocument, SignPrefix, Signature};
use tdkt_domain::auth::Action;
use tdkt_domain::codes::AwardCode;
use tdkt_domain::commendation::ballot::{Outcome, within_agency};
use tdkt_domain::commendation::council::Attendance;
use tdkt_domain::commendation::decision::{DecisionInput, DecisionStatus, SIGN_PREFIXES};
use tdkt_domain::error::Error;
use tdkt_domain::rules::Regime;
use tdkt_domain::text::format_money;
use tdkt_store::decisions::{Decision, Recipient};

use super::plan_documents::render;

// ---------------------------------------------------------------- the register

#[derive(Deserialize, Default)]
pub struct ListQuery {
    nam: Option<String>,
    tb: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "decisions.html")]
pub(crate) struct ListPage {
    l: Layout,
    items: Vec<Decision>,
    year: Option<i32>,
    years: Vec<(i32, bool)>,
    /// (issuer id, issuer name, last number this year) for the Office.
    registers: Vec<(i64, String, i64)>,
    this_year: i32,
    errors: Vec<String>,
}

async fn list_page(
    st: &AppState,
    auth: &Auth,
    year: Option<i32>,
    errors: Vec<String>,
) -> Result<ListPage, AppError> {
    let items = st.store.decisions(&auth.actor, year).await?;
    let this_year = st.today().year();
    let mut registers = Vec::new();
    for c in st.store.councils(&auth.actor).await? {
        if auth.actor.can(Action::Review, &c.unit_path)
            && !registers
                .iter()
                .any(|r: &(i64, String, i64)| r.0 == c.unit_id)
        {
            let last = st.store.last_decision_number(c.unit_id, this_year).await?;
            registers.push((c.unit_id, c.unit_name.clone(), last));
        }
    }
    Ok(ListPage {
        l: Layout::new(auth, "Quyết định khen thưởng", "/quyet-dinh"),
        items,
        year,
        years: (this_year - 6..=this_year)
            .rev()
            .map(|y| (y, Some(y) == year))
            .collect(),
        registers,
        this_year,
        errors,
    })
}

pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    // No year chosen: every year (the register is read by decision number).
    let year = q.nam.as_deref().and_then(|y| y.trim().parse().ok());
    let mut p = list_page(&st, &auth, year, vec![]).await?;
    p.l = p.l.with_notice(q.tb.as_deref());
    Ok(p)
}

#[derive(Deserialize)]
pub struct RegisterForm {
    csrf: String,
    issuer: i64,
    next_number: String,
}

/// The Office moves the register forward past numbers given outside the system.
pub async fn set_register(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<RegisterForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let year = st.today().year();
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.set_next_decision_number(f.issuer, year, &f.next_number)
            .await?;
        w.commit().await
    }
    .await;
    super::respond(
        result,
        |()| "/quyet-dinh?tb=da-luu".to_string(),
        async |e| list_page(&st, &auth, None, super::error_messages(&e)).await,
    )
    .await
}

fn text_input(pairs: &[(String, String)]) -> DecisionInput {
    let v = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    DecisionInput {
        summary: v("summary"),
        authority_line: v("authority_line"),
        basis: v("basis"),
        proposer: v("proposer"),
        articles: v("articles"),
        signer: v("signer"),
        signer_position: v("signer_position"),
        sign_prefix: v("sign_prefix"),
        sign_authority: v("sign_authority"),
        recipients: {
            let r = v("recipients");
            if r.trim().is_empty() {
                "Như Điều 3\nCác cá nhân, tập thể có tên tại Điều 1".into()
            } else {
                r
            }
        },
    }
}

/// A draft from the council session's page (the items ticked there).
pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let value = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map_or("", |(_, v)| v.as_str())
    };
    auth.check_csrf(value("csrf"))?;
    let session: i64 = value("session").parse().unwrap_or(0);
    let result = async {
        let t = text_input(&pairs).validate()?;
        let issuer: i64 = value("issuer")
            .parse()
            .map_err(|_| Error::invalid("issuer", "Chọn cơ quan ban hành."))?;
        let items: Vec<i64> = pairs
            .iter()
            .filter(|(k, _)| k == "item")
            .filter_map(|(_, v)| v.parse().ok())
            .collect();
        let replaces = value("replaces").parse().ok();
        let mut w = st.store.begin(&auth.actor).await?;
        let id = w
            .create_decision(session, issuer, &items, &t, replaces)
            .await?;
        w.commit().await?;
        Ok(id)
    }
    .await;
    super::respond(
        result,
        |id| format!("/quyet-dinh/{id}?tb=da-tao"),
        async |e| {
            super::council::session_page_for(&st, &auth, session, super::error_messages(&e)).await
        },
    )
    .await
}

// ---------------------------------------------------------------- one decision

pub struct RecipientLine {
    pub r: Recipient,
    pub award: &'static str,
    pub bonus: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "decision_view.html")]
pub(crate) struct ViewPage {
    l: Layout,
    d: Decision,
    status: &'static str,
    /// ("I. Cá nhân", lines), ("II. Tập thể", lines), the empty ones left out.
    sections: Vec<(String, Vec<RecipientLine>)>,
    people_count: usize,
    units_count: usize,
    total_bonus: String,
    can_edit: bool,
    can_sign: bool,
    can_cancel: bool,
    can_replace: bool,
    prefixes: Vec<(&'static str, &'static str)>,
    templates: Vec<(i64, String)>,
    errors: Vec<String>,
    today: String,
    articles: String,
    default_articles: String,
    /// (when, who, what) from the audit log.
    history: Vec<(String, String, String)>,
}

fn prefix_of(code: &str) -> Option<SignPrefix> {
    match code {
        "KT" => Some(SignPrefix::Kt),
        "TM" => Some(SignPrefix::Tm),
        "Q" => Some(SignPrefix::Q),
        "TL" => Some(SignPrefix::Tl),
        "TUQ" => Some(SignPrefix::Tuq),
        _ => None,
    }
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn position_unit(r: &Recipient) -> String {
    if r.individual() {
        [r.position.as_str(), r.unit_name.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        r.parent_unit_name.clone()
    }
}

/// The decision as the documents crate lays it out.
fn decision_doc(st: &AppState, d: &Decision, recipients: &[Recipient]) -> DecisionDoc {
    DecisionDoc {
        parent_body: d.issuer_parent.as_ref().map(|p| p.to_uppercase()),
        issuer: d.issuer_name.to_uppercase(),
        issuer_in_text: d.issuer_name.clone(),
        number: d.symbol.clone(),
        signed_on: d.signed_on,
        year: d.year as i32,
        place: st.config.place.clone(),
        summary: d.summary.clone(),
        authority_line: d.authority_line.clone(),
        basis: lines(&d.basis),
        proposer: Some(d.proposer.clone()).filter(|p| !p.trim().is_empty()),
        articles: tdkt_domain::commendation::decision::articles_of(&d.articles),
        signature: Signature {
            prefix: prefix_of(&d.sign_prefix),
            authority: Some(d.sign_authority.clone()).filter(|a| !a.trim().is_empty()),
            position: d.signer_position.clone(),
            signer: d.signer.clone(),
        },
        recipients: lines(&d.recipients),
        archive: "VT, VP".into(),
        recipients_list: recipients
            .iter()
            .map(|r| DecisionRecipient {
                name: r.name.clone(),
                position_unit: position_unit(r),
                award: r
                    .award_code()
                    .map_or(r.award.clone(), |a| a.label().to_string()),
                citation: r.citation.clone(),
                bonus: r
                    .bonus
                    .map(|b| b.max(0) as u64)
                    .or_else(|| draft_bonus(st, d, r)),
                individual: r.individual(),
            })
            .collect(),
    }
}

/// Before signing, a draft shows the bonus as it would be if signed today.
fn draft_bonus(st: &AppState, d: &Decision, r: &Recipient) -> Option<u64> {
    if d.state() != DecisionStatus::Draft {
        return None;
    }
    let on = st.today();
    let kind = if r.individual() {
        tdkt_domain::codes::SubjectKind::Individual
    } else {
        tdkt_domain::codes::SubjectKind::Collective
    };
    tdkt_domain::rules::bonus::bonus(
        r.award_code()?,
        kind,
        on,
        st.config.rules.params(Regime::on(on)),
    )
    .map(|b| b.amount)
}

async fn view_page(
    st: &AppState,
    auth: &Auth,
    id: i64,
    errors: Vec<String>,
) -> Result<ViewPage, AppError> {
    let (d, recipients) = st.store.decision(&auth.actor, id).await?;
    let state = d.state();
    let can_edit = state == DecisionStatus::Draft && auth.actor.can(Action::Review, &d.issuer_path);
    let decide = auth.actor.can(Action::Decide, &d.issuer_path);
    let mut total = 0u64;
    let (mut people, mut units) = (Vec::new(), Vec::new());
    for r in recipients {
        let b = r
            .bonus
            .map(|b| b.max(0) as u64)
            .or_else(|| draft_bonus(st, &d, &r));
        total += b.unwrap_or(0);
        let line = RecipientLine {
            award: r.award_code().map_or("", AwardCode::label),
            bonus: b.map(|b| format_money(b as i64)).unwrap_or_default(),
            r,
        };
        if line.r.individual() {
            people.push(line);
        } else {
            units.push(line);
        }
    }
    let templates = st
        .store
        .certificate_templates()
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    // Left empty, the articles follow the recipients and the signing date;
    // the page shows what they would say.
    let default_articles = {
        let (_, recipients) = st.store.decision(&auth.actor, id).await?;
        decision_docs::default_articles(&decision_doc(st, &d, &recipients)).join("\n\n")
    };
    let articles = d.articles.clone();
    let (people_count, units_count) = (people.len(), units.len());
    let sections: Vec<(String, Vec<RecipientLine>)> = [("Cá nhân", people), ("Tập thể", units)]
        .into_iter()
        .filter(|(_, l)| !l.is_empty())
        .enumerate()
        .map(|(i, (t, l))| {
            (
                format!("{}. {t}", tdkt_documents::nd30::roman(i as u32 + 1)),
                l,
            )
        })
        .collect();
    Ok(ViewPage {
        sections,
        people_count,
        units_count,
        l: Layout::new(
            auth,
            d.symbol
                .clone()
                .map_or("Dự thảo quyết định khen thưởng".into(), |s| {
                    format!("Quyết định số {s}")
                }),
            "/quyet-dinh",
        ),
        status: state.label(),
        total_bonus: format_money(total as i64),
        can_edit,
        can_sign: state == DecisionStatus::Draft && decide,
        can_cancel: state == DecisionStatus::Signed && decide,
        can_replace: state == DecisionStatus::Cancelled
            && d.replaced_by.is_none()
            && auth.actor.can(Action::Review, &d.issuer_path)
            && d.session_id.is_some(),
        prefixes: SIGN_PREFIXES.to_vec(),
        templates,
        errors,
        today: st.today().vn(),
        articles,
        default_articles,
        history: st
            .store
            .decision_history(id)
            .await?
            .into_iter()
            .map(|(at, who, what)| (at.vn(), who, what))
            .collect(),
        d,
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

async fn answer(
    st: &AppState,
    auth: &Auth,
    id: i64,
    result: Result<(), Error>,
) -> Result<Response, AppError> {
    super::respond(
        result,
        |()| format!("/quyet-dinh/{id}?tb=da-luu"),
        async |e| view_page(st, auth, id, super::error_messages(&e)).await,
    )
    .await
}

pub async fn update(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let csrf = pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map_or("", |(_, v)| v.as_str());
    auth.check_csrf(csrf)?;
    let result = async {
        let t = text_input(&pairs).validate()?;
        let mut w = st.store.begin(&auth.actor).await?;
        w.update_decision(id, &t).await?;
        w.commit().await
    }
    .await;
    answer(&st, &auth, id, result).await.map(refusal_logged)
}

fn refusal_logged(res: Response) -> Response {
    super::refusal_logged(res, "decision_refused")
}

#[derive(Deserialize)]
pub struct RecipientForm {
    csrf: String,
    recipient: i64,
    #[serde(default)]
    citation: String,
    #[serde(default)]
    remove: Option<String>,
}

pub async fn recipient(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<RecipientForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        match f.remove {
            Some(_) => w.remove_recipient(id, f.recipient).await?,
            None => {
                w.set_recipient_citation(id, f.recipient, &f.citation)
                    .await?
            }
        }
        w.commit().await
    }
    .await;
    answer(&st, &auth, id, result).await
}

#[derive(Deserialize)]
pub struct SignForm {
    csrf: String,
    signed_on: String,
    #[serde(default)]
    signer: String,
}

pub async fn sign(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<SignForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let today = st.today();
    let result = async {
        let on: Option<NaiveDate> = tdkt_domain::text::parse_date(&f.signed_on);
        let params = st.config.rules.params(Regime::on(on.unwrap_or(today)));
        let mut w = st.store.begin(&auth.actor).await?;
        w.sign_decision(id, on, &f.signer, today, params).await?;
        w.commit().await
    }
    .await;
    super::respond(
        result,
        |()| format!("/quyet-dinh/{id}?tb=da-ky"),
        async |e| view_page(&st, &auth, id, super::error_messages(&e)).await,
    )
    .await
    .map(refusal_logged)
}

#[derive(Deserialize)]
pub struct CancelForm {
    csrf: String,
    reason: String,
}

pub async fn cancel(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<CancelForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.cancel_decision(id, &f.reason, st.today()).await?;
        w.commit().await
    }
    .await;
    answer(&st, &auth, id, result).await
}

/// A new draft with the cancelled decision's text and recipients, naming it.
pub async fn replace(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<super::CsrfOnly>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let (d, recipients) = st.store.decision(&auth.actor, id).await?;
        let session = d.session_id.ok_or_else(|| {
            Error::invalid("session", "Quyết định không lập từ phiên họp của Hội đồng.")
        })?;
        let t = DecisionInput {
            summary: d.summary.clone(),
            authority_line: d.authority_line.clone(),
            basis: d.basis.clone(),
            proposer: d.proposer.clone(),
            articles: String::new(),
            signer: d.signer.clone(),
            signer_position: d.signer_position.clone(),
            sign_prefix: d.sign_prefix.clone(),
            sign_authority: d.sign_authority.clone(),
            recipients: d.recipients.clone(),
        }
        .validate()?;
        let items: Vec<i64> = recipients.iter().filter_map(|r| r.item_id).collect();
        let mut w = st.store.begin(&auth.actor).await?;
        let new = w
            .create_decision(session, d.issuer_unit_id, &items, &t, Some(id))
            .await?;
        w.commit().await?;
        Ok(new)
    }
    .await;
    super::respond(
        result,
        |new| format!("/quyet-dinh/{new}?tb=da-tao"),
        async |e| view_page(&st, &auth, id, super::error_messages(&e)).await,
    )
    .await
}

async fn decision_file(
    st: &AppState,
    auth: &Auth,
    id: i64,
    pdf: bool,
) -> Result<Response, AppError> {
    let (d, recipients) = st.store.decision(&auth.actor, id).await?;
    let doc = decision_docs::decision(&decision_doc(st, &d, &recipients));
    let name = match &d.symbol {
        Some(s) => format!("quyet-dinh-{}", s.replace('/', "-")),
        None => format!("du-thao-quyet-dinh-{id}"),
    };
    render(doc, pdf, name).await
}

pub async fn docx(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    decision_file(&st, &auth, id, false).await
}

pub async fn pdf(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    decision_file(&st, &auth, id, true).await
}

#[derive(Deserialize)]
pub struct CertQuery {
    mau: Option<i64>,
}

/// The public address the QR codes point to: the `public_url` setting, or
/// the address this request came to.
pub(crate) fn public_base(st: &AppState, headers: &HeaderMap) -> String {
    if let Some(u) = st
        .config
        .public_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
    {
        return u.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if st.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// Every certificate of a signed decision, one page each, on the chosen blank.
pub async fn certificates(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(q): Query<CertQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (d, recipients) = st.store.decision(&auth.actor, id).await?;
    let (Some(symbol), Some(on)) = (d.symbol.clone(), d.signed_on) else {
        return Err(AppError(Error::invalid(
            "status",
            "Chỉ in giấy khen của quyết định đã ký.",
        )));
    };
    let template = super::certificates::template_or_default(&st, q.mau).await?;
    let base = public_base(&st, &headers);
    let signer_position = Signature {
        prefix: prefix_of(&d.sign_prefix),
        authority: Some(d.sign_authority.clone()).filter(|a| !a.trim().is_empty()),
        position: d.signer_position.clone(),
        signer: d.signer.clone(),
    }
    .title_lines()
    .join("\n");
    let certs: Vec<Certificate> = recipients
        .iter()
        .map(|r| Certificate {
            name: r.name.clone(),
            position: position_unit(r),
            citation: r.citation.clone(),
            award: r
                .award_code()
                .map_or(r.award.clone(), |a| a.label().to_string()),
            decision_line: format!("Quyết định số {symbol} ngày {}", on.vn()),
            date_line: tdkt_documents::nd30::date_line(&st.config.place, on.into()),
            signer_position: signer_position.clone(),
            signer_name: d.signer.clone(),
            verify_url: r
                .public_code
                .as_ref()
                .map(|c| format!("{base}/xac-minh/{c}"))
                .unwrap_or_default(),
        })
        .collect();
    let bytes = tokio::task::spawn_blocking(move || certificates_pdf(&template, &certs))
        .await
        .map_err(tdkt_store::internal)?
        .map_err(|e| Error::invalid("template", e.to_string()))?;
    Ok(super::plans::download(
        bytes,
        "application/pdf",
        &format!("giay-khen-{}.pdf", symbol.replace('/', "-")),
    ))
}

// ---------------------------------------------------------------- session documents

fn minutes(
    st: &AppState,
    v: &tdkt_store::council::SessionView,
    agency: &str,
    parent: Option<String>,
) -> CouncilMinutes {
    let s = &v.session;
    let name_of = |m: &tdkt_store::council::CouncilMember| {
        let mut n = m.display_name.clone();
        if !m.title.is_empty() {
            n.push_str(&format!(", {}", m.title));
        }
        format!("{n} — {}", m.council_role().label())
    };
    let by_role = |role: tdkt_domain::commendation::council::CouncilRole| {
        v.members
            .iter()
            .find(|m| m.council_role() == role)
            .map(|m| m.display_name.clone())
            .unwrap_or_default()
    };
    CouncilMinutes {
        parent_body: parent,
        council: "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG".into(),
        agency_in_text: agency.to_string(),
        place: st.config.place.clone(),
        held_on: s.held_on,
        year: s.year as i32,
        chair: by_role(tdkt_domain::commendation::council::CouncilRole::Chair),
        secretary: by_role(tdkt_domain::commendation::council::CouncilRole::Secretary),
        present: v
            .members
            .iter()
            .filter(|m| v.attendance_of(m.id) == Some(Attendance::Present))
            .map(name_of)
            .collect(),
        absent: v
            .members
            .iter()
            .filter(|m| v.attendance_of(m.id) != Some(Attendance::Present))
            .map(|m| {
                let written = v.attendance_of(m.id) == Some(Attendance::Written);
                format!(
                    "{}{}",
                    name_of(m),
                    if written {
                        " (có ý kiến bằng văn bản)"
                    } else {
                        ""
                    }
                )
            })
            .collect(),
        members_total: s.members_total.unwrap_or(v.members.len() as i64).max(0) as u32,
        lines: v
            .items
            .iter()
            .map(|i| BallotLine {
                name: i.name.clone(),
                award: i.award_code().map_or("", AwardCode::label).to_string(),
                agree: i.agree.unwrap_or(0).max(0) as u32,
                disagree: i.disagree.unwrap_or(0).max(0) as u32,
                abstain: i.abstain.unwrap_or(0).max(0) as u32,
                members: s.members_total.unwrap_or(0).max(0) as u32,
                threshold_percent: i.threshold.map(|t| t * 100.0),
                outcome: match (i.conclusion(), i.given_award()) {
                    (Some(Outcome::Downgrade), Some(a)) => format!("Khen thưởng {}", a.label()),
                    (Some(o), _) => o.label().to_string(),
                    (None, _) => String::new(),
                },
            })
            .collect(),
        notes: s.notes.clone(),
    }
}

async fn session_file(
    st: &AppState,
    auth: &Auth,
    id: i64,
    which: &str,
    pdf: bool,
) -> Result<Response, AppError> {
    let v = st.store.council_session(&auth.actor, id).await?;
    let s = &v.session;
    let agency = st.store.unit(s.unit_id).await?;
    let parent = match agency.parent_id {
        Some(p) => Some(st.store.unit(p).await?.name.to_uppercase()),
        None => None,
    };
    let doc: AdminDocument = match which {
        // The council's minutes carry the agency above the council's name.
        "bien-ban" => decision_docs::council_minutes(&minutes(
            st,
            &v,
            &agency.name,
            Some(agency.name.to_uppercase()),
        )),
        _ => {
            let head = st.store.unit_head(s.unit_id).await?;
            let upward: Vec<DecisionRecipient> = v
                .items
                .iter()
                .filter(|i| {
                    i.conclusion().is_some_and(|o| o.awarded())
                        && i.given_award().is_some_and(|a| !within_agency(a))
                })
                .map(|i| DecisionRecipient {
                    name: i.name.clone(),
                    position_unit: if i.person_id.is_some() {
                        format!("{}, {}", i.position, i.unit_name)
                    } else {
                        i.dossier_unit.clone()
                    },
                    award: i.given_award().map_or("", AwardCode::label).to_string(),
                    citation: i.citation.clone(),
                    bonus: None,
                    individual: i.person_id.is_some(),
                })
                .collect();
            decision_docs::upward_to_trinh(&UpwardProposal {
                parent_body: parent,
                issuer: agency.name.to_uppercase(),
                number: None,
                signed_on: None,
                year: s.year as i32,
                place: st.config.place.clone(),
                to: "Chủ tịch Ủy ban nhân dân tỉnh".into(),
                via: Some("Sở Nội vụ (Ban Thi đua – Khen thưởng)".into()),
                basis: super::dossiers::basis(s.year),
                council_line: format!(
                    "Căn cứ kết quả họp và bỏ phiếu của Hội đồng Thi đua – Khen thưởng {} ngày {}",
                    agency.name,
                    s.held_on.vn()
                ),
                signature: Signature {
                    prefix: None,
                    authority: None,
                    position: head
                        .as_ref()
                        .map_or("Thủ trưởng cơ quan".into(), |h| h.1.clone()),
                    signer: head.map(|h| h.0).unwrap_or_default(),
                },
                recipients_list: upward,
            })
        }
    };
    render(doc, pdf, format!("{which}-phien-hop-{id}")).await
}

pub async fn minutes_docx(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    session_file(&st, &auth, id, "bien-ban", false).await
}

pub async fn minutes_pdf(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    session_file(&st, &auth, id, "bien-ban", true).await
}

pub async fn upward_docx(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    session_file(&st, &auth, id, "to-trinh", false).await
}

pub async fn upward_pdf(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    session_file(&st, &auth, id, "to-trinh", true).await
}

/// A template's layout, parsed (the default Bằng khen blank when none is stored).
pub(crate) fn parse_template(json: &str) -> Result<CertificateTemplate, Error> {
    serde_json::from_str(json)
        .map_err(|e| Error::invalid("layout", format!("Mẫu in không đọc được: {e}")))
}

// ---------------------------------------------------------------- the registry

#[derive(Deserialize, Default)]
pub struct RegistryQuery {
    nam: Option<String>,
    danh_hieu: Option<String>,
}

pub struct RegistryRow {
    pub r: tdkt_store::decisions::RegistryLine,
    pub award: &'static str,
    pub date: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "registry.html")]
pub(crate) struct RegistryPage {
    l: Layout,
    year: i32,
    years: Vec<(i32, bool)>,
    award: String,
    awards: Vec<(&'static str, &'static str)>,
    rows: Vec<RegistryRow>,
    more: bool,
}

/// The award registry (sổ khen thưởng) of a year: every award the units the
/// user sees received, from the agency's decisions and from superior bodies.
pub async fn registry(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<RegistryQuery>,
) -> Result<RegistryPage, AppError> {
    let this_year = st.today().year();
    let year = q
        .nam
        .as_deref()
        .and_then(|y| y.trim().parse().ok())
        .filter(|y| (1990..=this_year + 1).contains(y))
        .unwrap_or(this_year - 1);
    let award = q
        .danh_hieu
        .as_deref()
        .and_then(|a| AwardCode::parse(a).ok());
    let mut lines = st.store.award_registry(&auth.actor, year, award).await?;
    let limit = tdkt_store::decisions::REGISTRY_LIMIT;
    let more = lines.len() > limit;
    lines.truncate(limit);
    Ok(RegistryPage {
        l: Layout::new(&auth, format!("Sổ khen thưởng năm {year}"), "/quyet-dinh"),
        years: (this_year - 10..=this_year)
            .rev()
            .map(|y| (y, y == year))
            .collect(),
        year,
        award: award.map(|a| a.code().to_string()).unwrap_or_default(),
        awards: AwardCode::ALL
            .iter()
            .map(|a| (a.code(), a.label()))
            .collect(),
        rows: lines
            .into_iter()
            .map(|r| RegistryRow {
                award: AwardCode::parse(&r.award).map_or("", |a| a.label()),
                date: r.decision_date.vn(),
                r,
            })
            .collect(),
        more,
    })
}
