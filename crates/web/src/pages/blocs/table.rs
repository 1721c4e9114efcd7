//! The bloc's scoring table: shown by group with its bonus and penalty lines
//! and thresholds; imported from and exported to the Excel layout offices
//! use; fixed when scoring starts.

use super::super::Notice;
use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tdkt_domain::emulation::bloc::{Item, ItemKind, Points, Stage, Threshold};
use tdkt_domain::error::{Error, FieldError};
use tdkt_store::blocs::{Bloc, BlocRights};

/// A line of the table as the page shows it.
pub(crate) struct Line {
    pub(crate) heading: bool,
    pub(crate) code: String,
    pub(crate) content: String,
    pub(crate) max: String,
    pub(crate) guidance: String,
    pub(crate) evidence: String,
}

/// The table's rows in the order of the sheet: groups with their criteria,
/// then the bonus and the penalty lines.
pub(crate) fn lines(t: &tdkt_domain::emulation::bloc::ScoreTable) -> Vec<(Line, Option<&Item>)> {
    let line = |i: &Item| Line {
        heading: false,
        code: i.code.clone(),
        content: i.content.clone(),
        max: i.max.to_string(),
        guidance: i.guidance.clone(),
        evidence: i.evidence.clone(),
    };
    let heading = |code: &str, content: &str, max: String| Line {
        heading: true,
        code: code.into(),
        content: content.into(),
        max,
        guidance: String::new(),
        evidence: String::new(),
    };
    let mut out = Vec::new();
    if t.groups.is_empty() {
        out.extend(t.criteria().map(|i| (line(i), Some(i))));
    } else {
        for g in &t.groups {
            out.push((
                heading(&g.code, &g.name, t.group_max(&g.code).to_string()),
                None,
            ));
            out.extend(
                t.criteria()
                    .filter(|i| i.group == g.code)
                    .map(|i| (line(i), Some(i))),
            );
        }
    }
    for (kind, text) in [
        (ItemKind::Bonus, "Điểm thưởng"),
        (ItemKind::Penalty, "Điểm trừ"),
    ] {
        let items: Vec<&Item> = t.items.iter().filter(|i| i.kind == kind).collect();
        if !items.is_empty() {
            out.push((heading("", text, String::new()), None));
            out.extend(items.into_iter().map(|i| (line(i), Some(i))));
        }
    }
    out
}

#[derive(Template, WebTemplate)]
#[template(path = "bloc_table.html")]
pub(crate) struct TablePage {
    l: Layout,
    b: Bloc,
    lines: Vec<Line>,
    total: String,
    criteria_sum: String,
    thresholds: Vec<(String, String, u32)>,
    thresholds_text: String,
    preparing: bool,
    rights: BlocRights,
    errors: Vec<String>,
}

async fn page(
    st: &AppState,
    auth: &Auth,
    id: i64,
    errors: Vec<String>,
) -> Result<TablePage, AppError> {
    let b = st.store.bloc_for(&auth.actor, id).await?;
    let (_, rights) = st.store.bloc_rights(&auth.actor, id).await?;
    let t = st.store.score_table(&b).await?.table;
    let thresholds_text = t
        .thresholds
        .iter()
        .map(|x| format!("{}; {}; {}", x.label, x.min_total, x.min_share))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(TablePage {
        l: Layout::new(
            auth,
            format!("Bảng chấm điểm – {} năm {}", b.name, b.year),
            "/khoi-thi-dua",
        ),
        lines: lines(&t).into_iter().map(|(l, _)| l).collect(),
        total: t.total.to_string(),
        criteria_sum: t.criteria_max().to_string(),
        thresholds: t
            .thresholds
            .iter()
            .map(|x| (x.label.clone(), x.min_total.to_string(), x.min_share))
            .collect(),
        thresholds_text,
        preparing: b.stage() == Stage::Preparing,
        b,
        rights,
        errors,
    })
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<TablePage, AppError> {
    let mut p = page(&st, &auth, id, vec![]).await?;
    p.l = p.l.with_notice(n.tb.as_deref());
    Ok(p)
}

/// The table (blank scores) as the Excel sheet offices fill in.
pub async fn export(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let b = st.store.bloc_for(&auth.actor, id).await?;
    let t = st.store.score_table(&b).await?.table;
    let bytes = tdkt_documents::bloc_sheet::write_score_table(
        &format!("BẢNG CHẤM ĐIỂM THI ĐUA NĂM {}", b.year),
        &b.name,
        &t,
        &|_| None,
    )
    .map_err(tdkt_store::internal)?;
    Ok(super::super::plans::xlsx(
        bytes,
        &format!("bang-diem-{}-{}.xlsx", super::ascii(&b.code), b.year),
    ))
}

/// Replaces the table from an Excel sheet: permission and stage first, then
/// the file's size and shape; one bad cell or a total that does not add up
/// and nothing is saved.
pub async fn upload(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let b = st.store.bloc_for(&auth.actor, id).await?;
    let (_, rights) = st.store.bloc_rights(&auth.actor, id).await?;
    if !rights.steward {
        return Err(AppError(Error::Forbidden));
    }
    if b.stage() != Stage::Preparing {
        let e = Error::invalid(
            "stage",
            "Khối đã bắt đầu chấm điểm: bảng điểm đã chốt, không nhập lại được.",
        );
        return Ok((
            crate::error::status_of(&e),
            page(&st, &auth, id, super::super::error_messages(&e)).await?,
        )
            .into_response());
    }
    let form = match crate::uploads::read_form(mp, st.config.max_upload_bytes).await {
        Ok(f) => f,
        Err(e) => {
            return Ok((e.status, page(&st, &auth, id, vec![e.message]).await?).into_response());
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
        let mut problems = read.problems;
        let mut table = read.table;
        if problems.is_empty()
            && let Err(errs) = table.check()
        {
            for e in errs {
                problems.push(e.at(tdkt_domain::error::Location {
                    sheet: Some(read.sheet.clone()),
                    ..Default::default()
                }));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Validation(problems.into_errors()));
        }
        table.thresholds = st.store.score_table(&b).await?.table.thresholds;
        let mut w = st.store.begin(&auth.actor).await?;
        let n = w.replace_score_table(id, &table).await?;
        w.commit().await?;
        Ok(n)
    }
    .await;
    super::super::respond(
        result,
        |_| format!("/khoi-thi-dua/{id}/bang-diem?tb=da-nhap"),
        async |e| page(&st, &auth, id, super::super::error_messages(&e)).await,
    )
    .await
}

#[derive(Deserialize)]
pub struct ThresholdsForm {
    csrf: String,
    thresholds: String,
}

/// Lines "Hoàn thành xuất sắc; 90; 85": the label, the least total, the
/// least share of each criterion's maximum (percent).
fn parse_thresholds(text: &str) -> Result<Vec<Threshold>, Error> {
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split(';').map(str::trim).collect();
        let bad = || {
            FieldError::new(
                "thresholds",
                format!(
                    "Dòng {}: ghi «Tên xếp loại; điểm tối thiểu; % tối thiểu của mỗi tiêu chí», ví dụ «Hoàn thành xuất sắc; 90; 85».",
                    i + 1
                ),
            )
        };
        match parts.as_slice() {
            [label, total, share] => match (
                Points::parse(total),
                share.trim_end_matches('%').trim().parse::<u32>(),
            ) {
                (Some(t), Ok(s)) => out.push(Threshold {
                    label: label.to_string(),
                    min_total: t,
                    min_share: s,
                }),
                _ => errs.push(bad()),
            },
            _ => errs.push(bad()),
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(Error::Validation(errs))
    }
}

pub async fn save_thresholds(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<ThresholdsForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let t = parse_thresholds(&f.thresholds)?;
        let mut w = st.store.begin(&auth.actor).await?;
        w.set_thresholds(id, &t).await?;
        w.commit().await
    }
    .await;
    super::super::respond(
        result,
        |_| format!("/khoi-thi-dua/{id}/bang-diem?tb=da-luu"),
        async |e| page(&st, &auth, id, super::super::error_messages(&e)).await,
    )
    .await
}

pub async fn start_scoring(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<super::super::CsrfOnly>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.start_scoring(id).await?;
        w.commit().await
    }
    .await;
    super::done(&st, &auth, id, result, "?tb=khoi-bat-dau-cham").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_read_line_by_line() {
        let t = parse_thresholds("Hoàn thành xuất sắc; 90; 85\n\nHoàn thành tốt; 80; 80%").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[1].min_share, 80);
        assert_eq!(t[0].min_total, Points::whole(90));
        let e = parse_thresholds("Xuất sắc 90 85").unwrap_err();
        assert!(e.field_errors()[0].message.contains("Dòng 1"));
    }
}
