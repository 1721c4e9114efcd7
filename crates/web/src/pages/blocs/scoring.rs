//! One member's scores: its own, entered by its office with the evidence and
//! submitted; the assessors' beside them, differences marked; the leader's
//! return with a reason; every change kept.

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
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use tdkt_domain::emulation::bloc::{Points, Score, Stage, tally};
use tdkt_domain::error::{Error, FieldError, Location};
use tdkt_store::blocs::scoring::ScoreInput;
use tdkt_store::blocs::{Bloc, BlocMember};

/// Which scores the page lets the actor enter.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Own,
    Assess,
    Read,
}

pub(crate) struct Row {
    heading: bool,
    id: i64,
    code: String,
    content: String,
    max: String,
    /// The input's maximum ("10.5") for the browser's own check.
    max_input: String,
    guidance: String,
    evidence: String,
    own: String,
    own_note: String,
    assessed: String,
    assessed_note: String,
    differs: bool,
    needs_reason: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "bloc_scoring.html")]
pub(crate) struct ScoringPage {
    l: Layout,
    b: Bloc,
    m: BlocMember,
    mode: Mode,
    rows: Vec<Row>,
    own_total: String,
    total: String,
    grade: String,
    unscored: usize,
    differences: usize,
    submitted: String,
    can_submit: bool,
    can_return: bool,
    edits: Vec<(String, String, &'static str, String, String, String)>,
    errors: Vec<String>,
}

fn input_value(p: Option<Points>) -> String {
    p.map(|p| p.to_string()).unwrap_or_default()
}

async fn page(
    st: &AppState,
    auth: &Auth,
    id: i64,
    unit: i64,
    errors: Vec<String>,
) -> Result<ScoringPage, AppError> {
    let b = st.store.bloc_for(&auth.actor, id).await?;
    let (members, rights) = st.store.bloc_rights(&auth.actor, id).await?;
    let m = members
        .into_iter()
        .find(|m| m.unit_id == unit)
        .ok_or_else(|| AppError(Error::NotFound("thành viên của khối".into())))?;
    let table = st.store.score_table(&b).await?;
    let rows_db = st.store.bloc_scores(id).await?;
    let mine: HashMap<i64, &tdkt_store::blocs::scoring::ScoreRow> = rows_db
        .iter()
        .filter(|r| r.unit_id == unit)
        .map(|r| (r.item_id, r))
        .collect();
    let scoring = b.stage() == Stage::Scoring;
    let mode = if scoring && m.submitted_at.is_none() && rights.scores_for.contains(&unit) {
        Mode::Own
    } else if scoring && m.submitted_at.is_some() && rights.may_assess(unit) {
        Mode::Assess
    } else {
        Mode::Read
    };
    let score_of = |code: &str| {
        table
            .id_of(code)
            .and_then(|i| mine.get(&i))
            .map(|r| r.score())
            .unwrap_or_default()
    };
    let t = tally(&table.table, score_of);
    let own_t = tally(&table.table, |c| Score {
        own: score_of(c).own,
        assessed: None,
    });
    let rows = super::table::lines(&table.table)
        .into_iter()
        .map(|(line, item)| {
            let id = item.and_then(|i| table.id_of(&i.code)).unwrap_or(0);
            let r = mine.get(&id);
            let s = r.map(|r| r.score()).unwrap_or_default();
            Row {
                heading: item.is_none(),
                id,
                code: line.code,
                content: line.content,
                max: line.max,
                max_input: item
                    .map(|i| format!("{}", i.max.0 as f64 / 100.0))
                    .unwrap_or_default(),
                guidance: item.map(|i| i.guidance.clone()).unwrap_or_default(),
                evidence: item.map(|i| i.evidence.clone()).unwrap_or_default(),
                own: input_value(s.own),
                own_note: r.map(|r| r.own_note.clone()).unwrap_or_default(),
                assessed: input_value(s.assessed),
                assessed_note: r.map(|r| r.assessed_note.clone()).unwrap_or_default(),
                differs: s.differs(),
                needs_reason: item
                    .is_some_and(|i| i.kind != tdkt_domain::emulation::bloc::ItemKind::Criterion),
            }
        })
        .collect();
    let edits = st
        .store
        .score_edits(id, unit)
        .await?
        .into_iter()
        .map(|e| {
            (
                e.at.vn(),
                e.actor,
                if e.stage == "own" {
                    "Tự chấm"
                } else {
                    "Thẩm định"
                },
                e.item_code,
                format!(
                    "{} → {}",
                    e.old_points
                        .map(|p| Points(p).to_string())
                        .unwrap_or_else(|| "—".into()),
                    e.new_points
                        .map(|p| Points(p).to_string())
                        .unwrap_or_else(|| "—".into())
                ),
                e.note,
            )
        })
        .collect();
    let differences = mine.values().filter(|r| r.score().differs()).count();
    Ok(ScoringPage {
        l: Layout::new(
            auth,
            format!("Chấm điểm – {}", m.unit_name),
            "/khoi-thi-dua",
        ),
        mode,
        rows,
        own_total: own_t.total.to_string(),
        total: t.total.to_string(),
        grade: t.grade.clone().unwrap_or_default(),
        unscored: t.unscored,
        differences,
        submitted: m.submitted_at.vn(),
        can_submit: scoring && m.submitted_at.is_none() && rights.signs_for.contains(&unit),
        can_return: scoring && m.submitted_at.is_some() && rights.steward,
        edits,
        errors,
        b,
        m,
    })
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, unit)): Path<(i64, i64)>,
    Query(n): Query<Notice>,
) -> Result<ScoringPage, AppError> {
    let mut p = page(&st, &auth, id, unit, vec![]).await?;
    p.l = p.l.with_notice(n.tb.as_deref());
    Ok(p)
}

/// `p_ITEM` = points ("" clears), `n_ITEM` = the note; `side` = own or assessed.
fn inputs_from(pairs: &[(String, String)]) -> Result<Vec<ScoreInput>, Error> {
    let mut notes: HashMap<i64, String> = HashMap::new();
    for (k, v) in pairs {
        if let Some(id) = k.strip_prefix("n_").and_then(|x| x.parse().ok()) {
            notes.insert(id, v.clone());
        }
    }
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for (k, v) in pairs {
        let Some(id) = k.strip_prefix("p_").and_then(|x| x.parse::<i64>().ok()) else {
            continue;
        };
        let v = v.trim();
        let points = if v.is_empty() {
            None
        } else {
            match Points::parse(v) {
                Some(p) => Some(p),
                None => {
                    errs.push(FieldError::new(
                        k.clone(),
                        format!("«{v}» không phải số điểm (ví dụ 10 hoặc 9,5)."),
                    ));
                    continue;
                }
            }
        };
        out.push(ScoreInput {
            item_id: id,
            points,
            note: notes.remove(&id).unwrap_or_default(),
        });
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(Error::Validation(errs))
    }
}

pub async fn save(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, unit)): Path<(i64, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    auth.check_csrf(field(&pairs, "csrf"))?;
    let result = async {
        let inputs = inputs_from(&pairs)?;
        let mut w = st.store.begin(&auth.actor).await?;
        let n = if field(&pairs, "side") == "assessed" {
            w.save_assessed_scores(id, unit, &inputs).await?
        } else {
            w.save_own_scores(id, unit, &inputs).await?
        };
        w.commit().await?;
        Ok(n)
    }
    .await;
    super::super::respond(
        result,
        |_| format!("/khoi-thi-dua/{id}/cham-diem/{unit}?tb=da-luu"),
        async |e| page(&st, &auth, id, unit, super::super::error_messages(&e)).await,
    )
    .await
}

pub async fn submit(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, unit)): Path<(i64, i64)>,
    Form(f): Form<super::super::CsrfOnly>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.submit_scores(id, unit).await?;
        w.commit().await
    }
    .await;
    super::super::respond(
        result,
        |_| format!("/khoi-thi-dua/{id}/cham-diem/{unit}?tb=khoi-da-gui"),
        async |e| page(&st, &auth, id, unit, super::super::error_messages(&e)).await,
    )
    .await
}

#[derive(Deserialize)]
pub struct ReturnForm {
    csrf: String,
    reason: String,
}

pub async fn give_back(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, unit)): Path<(i64, i64)>,
    Form(f): Form<ReturnForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.return_scores(id, unit, &f.reason).await?;
        w.commit().await
    }
    .await;
    super::super::respond(
        result,
        |_| format!("/khoi-thi-dua/{id}/cham-diem/{unit}?tb=khoi-tra-lai"),
        async |e| page(&st, &auth, id, unit, super::super::error_messages(&e)).await,
    )
    .await
}

/// The member's scores in the table's Excel layout.
pub async fn export(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, unit)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let b = st.store.bloc_for(&auth.actor, id).await?;
    let m = st
        .store
        .bloc_members(id)
        .await?
        .into_iter()
        .find(|m| m.unit_id == unit)
        .ok_or_else(|| AppError(Error::NotFound("thành viên của khối".into())))?;
    let table = st.store.score_table(&b).await?;
    let scores: HashMap<i64, tdkt_store::blocs::scoring::ScoreRow> = st
        .store
        .bloc_scores(id)
        .await?
        .into_iter()
        .filter(|r| r.unit_id == unit)
        .map(|r| (r.item_id, r))
        .collect();
    let bytes = tdkt_documents::bloc_sheet::write_score_table(
        &format!(
            "BẢNG CHẤM ĐIỂM THI ĐUA NĂM {} – {}",
            b.year,
            m.unit_name.to_uppercase()
        ),
        &b.name,
        &table.table,
        &|code| {
            let r = table.id_of(code).and_then(|i| scores.get(&i))?;
            Some((r.score(), r.own_note.clone(), r.assessed_note.clone()))
        },
    )
    .map_err(tdkt_store::internal)?;
    Ok(super::super::plans::xlsx(
        bytes,
        &format!("cham-diem-{}-{}.xlsx", super::ascii(&m.unit_code), b.year),
    ))
}

/// The member's own scores from the table's sheet, filled in Excel: every
/// line must be one of the bloc's, every score within its maximum, or
/// nothing is saved.
pub async fn upload(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, unit)): Path<(i64, i64)>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let b = st.store.bloc_for(&auth.actor, id).await?;
    let (members, rights) = st.store.bloc_rights(&auth.actor, id).await?;
    if !rights.scores_for.contains(&unit) {
        return Err(AppError(Error::Forbidden));
    }
    let submitted = members
        .iter()
        .any(|m| m.unit_id == unit && m.submitted_at.is_some());
    if b.stage() != Stage::Scoring || submitted {
        let e = Error::invalid(
            "stage",
            "Không nhập được điểm tự chấm lúc này: khối chưa mở chấm điểm, hoặc đơn vị đã gửi kết quả.",
        );
        return Ok((
            crate::error::status_of(&e),
            page(&st, &auth, id, unit, super::super::error_messages(&e)).await?,
        )
            .into_response());
    }
    let form = match crate::uploads::read_form(mp, st.config.max_upload_bytes).await {
        Ok(f) => f,
        Err(e) => {
            return Ok(
                (e.status, page(&st, &auth, id, unit, vec![e.message]).await?).into_response(),
            );
        }
    };
    auth.check_csrf(&form.csrf)?;
    let limits = st.config.sheet_limits;
    let bytes = form.bytes;
    let result = async {
        if bytes.is_empty() {
            return Err(Error::invalid("file", "Chưa chọn tệp Excel."));
        }
        let read = crate::uploads::parse(move || {
            tdkt_documents::bloc_sheet::read_score_table(&bytes, &limits)
        })
        .await?
        .map_err(Error::Validation)?;
        let table = st.store.score_table(&b).await?;
        let mut problems = read.problems;
        let mut inputs = Vec::new();
        for s in &read.scores {
            let at = Location {
                sheet: Some(read.sheet.clone()),
                row: Some(s.row),
                column: Some("A".into()),
            };
            match table.id_of(&s.code) {
                Some(item_id) => {
                    if s.own.is_some() {
                        inputs.push(ScoreInput {
                            item_id,
                            points: s.own,
                            note: s.note.clone(),
                        });
                    }
                }
                None => problems.push(
                    FieldError::new(
                        "code",
                        format!("Mục «{}» không có trong bảng điểm của khối.", s.code),
                    )
                    .at(at),
                ),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Validation(problems.into_errors()));
        }
        if inputs.is_empty() {
            return Err(Error::invalid(
                "file",
                format!("Trang «{}» chưa ghi điểm tự chấm ở dòng nào.", read.sheet),
            ));
        }
        let mut w = st.store.begin(&auth.actor).await?;
        let n = w.save_own_scores(id, unit, &inputs).await?;
        w.commit().await?;
        Ok(n)
    }
    .await;
    super::super::respond(
        result,
        |_| format!("/khoi-thi-dua/{id}/cham-diem/{unit}?tb=da-nhap"),
        async |e| page(&st, &auth, id, unit, super::super::error_messages(&e)).await,
    )
    .await
}
