//! The bloc's ranking: totals after assessment with bonus and penalty, the
//! tie-break, the year-end meeting and its votes on the proposals, what still
//! stops publication, publication and the recorded reopening; the minutes.

use super::super::Notice;
use super::field;
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
use serde::Deserialize;
use tdkt_domain::emulation::bloc::{Stage, TieBreak};
use tdkt_domain::error::{Error, FieldError};
use tdkt_domain::text::format_percent;
use tdkt_store::blocs::ranking::Standing;
use tdkt_store::blocs::year::Meeting;
use tdkt_store::blocs::{Bloc, BlocRights};

pub(crate) struct RankRow {
    unit_id: i64,
    rank: u32,
    name: String,
    own: String,
    criteria: String,
    bonus: String,
    penalty: String,
    total: String,
    grade: String,
    women: String,
    tie: &'static str,
    /// Level on points with another member: the vote box is shown.
    tied: bool,
    tie_votes: String,
    differences: usize,
    submitted: bool,
}

pub(crate) struct ProposalRow {
    unit_id: i64,
    name: String,
    award: &'static str,
    rank: u32,
    total: String,
    agree: String,
    result: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "bloc_ranking.html")]
pub(crate) struct RankingPage {
    l: Layout,
    b: Bloc,
    rows: Vec<RankRow>,
    any_tie: bool,
    proposals: Vec<ProposalRow>,
    warning: Option<String>,
    blockers: Vec<String>,
    scoring: bool,
    published: bool,
    rights: BlocRights,
    meeting_on: String,
    published_at: String,
    reopenings: Vec<(String, String, String)>,
    errors: Vec<String>,
}

fn rows_of(st: &Standing) -> Vec<RankRow> {
    st.members
        .iter()
        .map(|m| RankRow {
            unit_id: m.member.unit_id,
            rank: m.place.rank,
            name: m.member.unit_name.clone(),
            own: m.own_total.to_string(),
            criteria: m.tally.criteria.to_string(),
            bonus: m.tally.bonus.to_string(),
            penalty: m.tally.penalty.to_string(),
            total: m.tally.total.to_string(),
            grade: m.tally.grade.clone().unwrap_or_default(),
            women: if m.people > 0 {
                format!(
                    "{} %{}",
                    format_percent(m.women as f64 * 100.0 / m.people as f64),
                    if m.women_majority {
                        " (được ưu tiên)"
                    } else {
                        ""
                    }
                )
            } else {
                "—".into()
            },
            tie: m.place.tie.label(),
            tied: m.place.tie != TieBreak::None && m.place.tie != TieBreak::Women,
            tie_votes: m
                .member
                .tie_votes
                .map(|v| v.to_string())
                .unwrap_or_default(),
            differences: m.differences,
            submitted: m.member.submitted_at.is_some(),
        })
        .collect()
}

async fn page(
    st: &AppState,
    auth: &Auth,
    id: i64,
    errors: Vec<String>,
) -> Result<RankingPage, AppError> {
    let b = st.store.bloc_for(&auth.actor, id).await?;
    let (_, rights) = st.store.bloc_rights(&auth.actor, id).await?;
    let standing = st
        .store
        .bloc_standing(&b, super::women_rule(st, b.year))
        .await?;
    let rows = rows_of(&standing);
    let proposals = standing
        .proposals
        .iter()
        .map(|p| ProposalRow {
            unit_id: p.unit_id,
            name: p.unit_name.clone(),
            award: p.award.label(),
            rank: p.rank,
            total: p.total.to_string(),
            agree: p.agree.map(|a| a.to_string()).unwrap_or_default(),
            result: match p.carried {
                Some(true) => "Thông qua",
                Some(false) => "Không thông qua",
                None => "Chưa biểu quyết",
            },
        })
        .collect();
    let stage = b.stage();
    let reopenings = st
        .store
        .bloc_reopenings(id)
        .await?
        .into_iter()
        .map(|r| (r.at.vn(), r.actor, r.reason))
        .collect();
    Ok(RankingPage {
        l: Layout::new(
            auth,
            format!("Xếp hạng – {} năm {}", b.name, b.year),
            "/khoi-thi-dua",
        ),
        any_tie: rows.iter().any(|r| r.tied),
        rows,
        proposals,
        warning: standing.warning.clone(),
        blockers: if stage == Stage::Scoring {
            standing.blockers(&b)
        } else {
            vec![]
        },
        scoring: stage == Stage::Scoring,
        published: stage == Stage::Published,
        rights,
        meeting_on: b.meeting_on.vn(),
        published_at: b.published_at.vn(),
        reopenings,
        errors,
        b,
    })
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<RankingPage, AppError> {
    let mut p = page(&st, &auth, id, vec![]).await?;
    p.l = p.l.with_notice(n.tb.as_deref());
    Ok(p)
}

async fn done<T>(
    st: &AppState,
    auth: &Auth,
    id: i64,
    result: Result<T, Error>,
    tb: &str,
) -> Result<Response, AppError> {
    super::super::respond(
        result,
        |_| format!("/khoi-thi-dua/{id}/xep-hang?tb={tb}"),
        async |e| page(st, auth, id, super::super::error_messages(&e)).await,
    )
    .await
}

/// `PREFIX_UNIT` fields as numbers ("" = none).
fn numbers(pairs: &[(String, String)], prefix: &str) -> Result<Vec<(i64, Option<i64>)>, Error> {
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for (k, v) in pairs {
        let Some(unit) = k.strip_prefix(prefix).and_then(|x| x.parse::<i64>().ok()) else {
            continue;
        };
        let v = v.trim();
        if v.is_empty() {
            out.push((unit, None));
        } else {
            match v.parse::<i64>() {
                Ok(n) => out.push((unit, Some(n))),
                Err(_) => errs.push(FieldError::new(
                    k.clone(),
                    format!("«{v}» không phải số phiếu."),
                )),
            }
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(Error::Validation(errs))
    }
}

pub async fn tie_votes(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    auth.check_csrf(field(&pairs, "csrf"))?;
    let result = async {
        let votes = numbers(&pairs, "v_")?;
        let mut w = st.store.begin(&auth.actor).await?;
        w.record_tie_votes(id, &votes).await?;
        w.commit().await
    }
    .await;
    done(&st, &auth, id, result, "da-luu").await
}

#[derive(Deserialize)]
pub struct MeetingForm {
    csrf: String,
    on: String,
    place: String,
    present: String,
    #[serde(default)]
    notes: String,
}

pub async fn meeting(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<MeetingForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let on = super::super::form_date("Ngày họp", &f.on)?;
        let present = f
            .present
            .trim()
            .parse::<i64>()
            .map_err(|_| Error::invalid("present", "Số đơn vị dự họp phải là một số."))?;
        let mut w = st.store.begin(&auth.actor).await?;
        w.save_bloc_meeting(
            id,
            &Meeting {
                on,
                place: f.place.clone(),
                present,
                notes: f.notes.clone(),
            },
        )
        .await?;
        w.commit().await
    }
    .await;
    done(&st, &auth, id, result, "da-luu").await
}

pub async fn proposal_votes(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    auth.check_csrf(field(&pairs, "csrf"))?;
    let result = async {
        let mut votes = Vec::new();
        for (unit, v) in numbers(&pairs, "a_")? {
            match v {
                Some(v) => votes.push((unit, v)),
                None => {
                    return Err(Error::invalid(
                        "agree",
                        "Ghi số phiếu đồng ý cho mọi đơn vị trong danh sách đề nghị.",
                    ));
                }
            }
        }
        let mut w = st.store.begin(&auth.actor).await?;
        let year = st.store.bloc(id).await?.year;
        w.record_proposal_votes(id, &votes, super::women_rule(&st, year))
            .await?;
        w.commit().await
    }
    .await;
    done(&st, &auth, id, result, "da-luu").await
}

pub async fn publish(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<super::super::CsrfOnly>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        let year = st.store.bloc(id).await?.year;
        w.publish_bloc(id, super::women_rule(&st, year)).await?;
        w.commit().await
    }
    .await;
    done(&st, &auth, id, result, "khoi-cong-bo").await
}

#[derive(Deserialize)]
pub struct ReopenForm {
    csrf: String,
    reason: String,
}

pub async fn reopen(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<ReopenForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.reopen_bloc(id, &f.reason).await?;
        w.commit().await
    }
    .await;
    done(&st, &auth, id, result, "khoi-mo-lai").await
}

/// The minutes of the year-end meeting, with the ranking annexed.
pub async fn minutes_docx(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    use tdkt_documents::bloc_docs::{MinutesDoc, ProposalVote, RankLine, minutes};
    let b = st.store.bloc_for(&auth.actor, id).await?;
    let standing = st
        .store
        .bloc_standing(&b, super::women_rule(&st, b.year))
        .await?;
    let members = st.store.bloc_members(id).await?;
    let (parent_body, _) = super::leader_and_parent(&st, &members).await?;
    let chair = members
        .iter()
        .find(|m| m.role == "leader")
        .map(|m| m.unit_name.clone())
        .unwrap_or_default();
    // "UBND tỉnh Khánh Hòa" → the council of "tỉnh Khánh Hòa".
    let province = ["UBND ", "Ủy ban nhân dân ", "Ủy ban Nhân dân "]
        .iter()
        .find_map(|p| parent_body.strip_prefix(p))
        .unwrap_or(&parent_body)
        .to_string();
    let doc = minutes(&MinutesDoc {
        council: format!("Hội đồng Thi đua – Khen thưởng {province}"),
        warning: standing.warning.clone(),
        parent_body,
        bloc: b.name.clone(),
        year: b.year as i32,
        place: st.config.place.clone(),
        held_on: b.meeting_on,
        venue: b.meeting_place.clone(),
        present: b.meeting_present.unwrap_or(0).clamp(0, u32::MAX as i64) as u32,
        members: members.len() as u32,
        chair: format!("Đại diện {chair}"),
        notes: b.meeting_notes.clone(),
        ranking: standing
            .members
            .iter()
            .map(|m| RankLine {
                rank: m.place.rank,
                name: m.member.unit_name.clone(),
                own: m.own_total.to_string(),
                total: m.tally.total.to_string(),
                grade: m.tally.grade.clone().unwrap_or_default(),
                note: m.place.tie.label().to_string(),
            })
            .collect(),
        proposals: standing
            .proposals
            .iter()
            .map(|p| ProposalVote {
                name: p.unit_name.clone(),
                award: p.award.label().to_string(),
                agree: p.agree.map(|a| a.clamp(0, u32::MAX as i64) as u32),
                present: p.present.map(|a| a.clamp(0, u32::MAX as i64) as u32),
                carried: p.carried,
            })
            .collect(),
    });
    super::super::dossiers::docx(
        &doc,
        &format!("bien-ban-{}-{}.docx", super::ascii(&b.code), b.year),
    )
}
