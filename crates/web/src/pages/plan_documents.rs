//! The plan and the registration report as state documents (NĐ 30/2020):
//! Word for the drafter to finish, PDF for sending.

use super::plans::{UnitLine, download, overview};
use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::Datelike;
use tdkt_documents::nd30::{
    AdminDocument, Align, Block, Column, DocKind, IssueDate, Signature, Table, document_symbol,
    to_docx, to_pdf,
};
use tdkt_domain::auth::Action;
use tdkt_domain::emulation::plan::{Line, lines};
use tdkt_domain::error::Error;
use tdkt_store::emulation::Plan;

fn blocks(text: &str) -> Vec<Block> {
    lines(text)
        .into_iter()
        .map(|l| match l {
            Line::Paragraph(t) => Block::para(t),
            Line::Numbered(n, t) => Block::numbered(n.parse().unwrap_or(1), t),
            Line::Lettered(c, t) => Block::lettered(c.chars().next().unwrap_or('a'), t),
            Line::Bullet(t) => Block::bullet(t),
        })
        .collect()
}

/// Issuer, parent body and the abbreviation used in numbers ("BDT").
async fn letterhead(st: &AppState, p: &Plan) -> Result<(String, Option<String>, String), Error> {
    let unit = st.store.unit(p.unit_id).await?;
    let parent = match unit.parent_id {
        Some(pid) => Some(st.store.unit(pid).await?.name.to_uppercase()),
        None => None,
    };
    let issuer = if unit.short_name.trim().is_empty() {
        unit.name.clone()
    } else {
        unit.short_name.clone()
    };
    let abbr = unit
        .code
        .split('-')
        .next()
        .unwrap_or(&unit.code)
        .to_string();
    Ok((issuer.to_uppercase(), parent, abbr))
}

fn place_of(p: &Plan) -> String {
    if p.place.trim().is_empty() {
        "…".into()
    } else {
        p.place.clone()
    }
}

/// Splits "Lưu: VT, VP" off the recipients.
fn recipients(p: &Plan) -> (Vec<String>, String) {
    let mut out = Vec::new();
    let mut archive = "VT".to_string();
    for r in p.recipient_list() {
        match r.strip_prefix("Lưu:") {
            Some(rest) => archive = rest.trim().trim_end_matches('.').to_string(),
            None => out.push(r),
        }
    }
    (out, archive)
}

pub async fn plan_document(st: &AppState, p: &Plan) -> Result<AdminDocument, Error> {
    let (issuer, parent, abbr) = letterhead(st, p).await?;
    let mut body = blocks(&p.preamble);
    body.push(Block::section(1, "MỤC ĐÍCH, YÊU CẦU"));
    body.extend(blocks(&p.purpose));
    body.push(Block::section(2, "NỘI DUNG THỰC HIỆN"));
    body.extend(blocks(&p.content));
    body.push(Block::section(3, "TỔ CHỨC THỰC HIỆN"));
    body.extend(blocks(&p.organisation));
    let (recipients, archive) = recipients(p);
    Ok(AdminDocument {
        parent_body: parent,
        number: Some(if p.number.trim().is_empty() {
            document_symbol(None, DocKind::KeHoach, &abbr)
        } else {
            p.number.trim().to_string()
        }),
        date: match p.signed_on {
            Some(d) => IssueDate::On(d),
            None => IssueDate::Blank {
                year: Some(p.year as i32),
            },
        },
        summary: p.title.clone(),
        body,
        signature: Signature {
            prefix: None,
            authority: None,
            position: p.signer_position.clone(),
            signer: p.signer.clone(),
        },
        recipients,
        archive,
        ..AdminDocument::new(DocKind::KeHoach, issuer, place_of(p))
    })
}

/// The report of the year's registration, sent upward (báo cáo kết quả đăng ký thi đua).
pub async fn report_document(
    st: &AppState,
    p: &Plan,
    units: &[UnitLine],
) -> Result<AdminDocument, Error> {
    let (issuer, parent, abbr) = letterhead(st, p).await?;
    let unit = st.store.unit(p.unit_id).await?;
    let accepted = units
        .iter()
        .filter(|u| u.status_code == "da-tiep-nhan")
        .count();
    let people: usize = units.iter().map(|u| u.people).sum();
    let ldtt: usize = units.iter().map(|u| u.ldtt).sum();
    let cstdcs: usize = units.iter().map(|u| u.cstdcs).sum();
    let collectives: Vec<&UnitLine> = units.iter().filter(|u| !u.collective.is_empty()).collect();
    let plan_ref = match (p.number.trim(), p.signed_on) {
        ("", Some(d)) => format!("Kế hoạch ngày {}", tdkt_domain::text::format_date(d)),
        ("", None) => "Kế hoạch".to_string(),
        (n, Some(d)) => format!("Kế hoạch số {n} ngày {}", tdkt_domain::text::format_date(d)),
        (n, None) => format!("Kế hoạch số {n}"),
    };
    let mut body = vec![Block::para(format!(
        "Thực hiện {plan_ref} về {}, {} báo cáo kết quả đăng ký thi đua năm {} như sau:",
        lowercase_first(&p.title),
        unit.name,
        p.year
    ))];
    body.push(Block::section(1, "KẾT QUẢ ĐĂNG KÝ THI ĐUA"));
    body.push(Block::numbered(
        1,
        format!(
            "Số đơn vị đã đăng ký và được tiếp nhận: {accepted}/{} đơn vị.",
            units.len()
        ),
    ));
    body.push(Block::numbered(
        2,
        format!(
            "Tập thể: {} tập thể đăng ký danh hiệu thi đua{}.",
            collectives.len(),
            if collectives.is_empty() {
                String::new()
            } else {
                format!(
                    " ({})",
                    collectives
                        .iter()
                        .map(|u| format!("{}: {}", u.unit_name, u.collective))
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            }
        ),
    ));
    body.push(Block::numbered(
        3,
        format!("Cá nhân: {people} người đăng ký; trong đó {ldtt} người đăng ký danh hiệu “Lao động tiên tiến”, {cstdcs} người đăng ký danh hiệu “Chiến sĩ thi đua cơ sở”."),
    ));
    body.push(Block::Table(Table {
        columns: vec![
            Column::new("STT", 10.0, Align::Center),
            Column::new("Đơn vị", 60.0, Align::Left),
            Column::new("Số người", 18.0, Align::Center),
            Column::new("LĐTT", 15.0, Align::Center),
            Column::new("CSTĐCS", 18.0, Align::Center),
            Column::new("Danh hiệu tập thể", 40.0, Align::Left),
        ],
        rows: units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                vec![
                    (i + 1).to_string(),
                    u.unit_name.clone(),
                    u.people.to_string(),
                    u.ldtt.to_string(),
                    u.cstdcs.to_string(),
                    u.collective.clone(),
                ]
            })
            .chain(std::iter::once(vec![
                String::new(),
                "Tổng cộng".into(),
                people.to_string(),
                ldtt.to_string(),
                cstdcs.to_string(),
                String::new(),
            ]))
            .collect(),
    }));
    body.push(Block::section(2, "ĐÁNH GIÁ"));
    body.push(Block::para(if accepted == units.len() {
        "Các đơn vị đã tổ chức đăng ký thi đua đầy đủ, đúng thời gian quy định; nội dung đăng ký gắn với nhiệm vụ chính trị, chỉ tiêu công tác năm của đơn vị.".to_string()
    } else {
        format!("Còn {} đơn vị chưa hoàn thành đăng ký thi đua; Văn phòng tiếp tục đôn đốc để tổng hợp bổ sung.", units.len() - accepted)
    }));
    body.push(Block::para(format!(
        "Trên đây là báo cáo kết quả đăng ký thi đua năm {} của {}./.",
        p.year, unit.name
    )));
    let today = st.today();
    Ok(AdminDocument {
        parent_body: parent,
        number: Some(document_symbol(None, DocKind::BaoCao, &abbr)),
        date: IssueDate::Blank {
            year: Some(today.year()),
        },
        summary: format!("Kết quả đăng ký thi đua năm {}", p.year),
        kinh_gui: vec!["Ban Thi đua - Khen thưởng tỉnh".into()],
        body,
        signature: Signature {
            prefix: None,
            authority: None,
            position: p.signer_position.clone(),
            signer: p.signer.clone(),
        },
        recipients: vec!["Như trên".into(), "Lãnh đạo Ban".into()],
        archive: "VT, VP".into(),
        ..AdminDocument::new(DocKind::BaoCao, issuer, place_of(p))
    })
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(crate) async fn render(
    doc: AdminDocument,
    pdf: bool,
    name: String,
) -> Result<Response, AppError> {
    // Rendering is CPU work: keep it off the async workers.
    let bytes = tokio::task::spawn_blocking(move || if pdf { to_pdf(&doc) } else { to_docx(&doc) })
        .await
        .map_err(tdkt_store::internal)?
        .map_err(|e| Error::invalid("document", e.to_string()))?;
    Ok(if pdf {
        download(bytes, "application/pdf", &format!("{name}.pdf"))
    } else {
        download(
            bytes,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &format!("{name}.docx"),
        )
    })
}

pub async fn plan_docx(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    plan_file(&st, &auth, id, false).await
}

pub async fn plan_pdf(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    plan_file(&st, &auth, id, true).await
}

async fn plan_file(st: &AppState, auth: &Auth, id: i64, pdf: bool) -> Result<Response, AppError> {
    let p = st.store.plan(&auth.actor, id).await?;
    render(
        plan_document(st, &p).await?,
        pdf,
        format!("ke-hoach-{}", p.year),
    )
    .await
}

async fn report(st: &AppState, auth: &Auth, id: i64, pdf: bool) -> Result<Response, AppError> {
    let p = st.store.plan(&auth.actor, id).await?;
    auth.actor.require(Action::Review, &p.unit_path)?;
    let units = overview(st, auth, &p).await?;
    render(
        report_document(st, &p, &units).await?,
        pdf,
        format!("bao-cao-dang-ky-{}", p.year),
    )
    .await
}

pub async fn report_docx(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    report(&st, &auth, id, false).await
}

pub async fn report_pdf(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    report(&st, &auth, id, true).await
}
