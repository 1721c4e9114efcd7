//! The working reports (docs/reports.md): a month's, quarter's, half-year's
//! or year's registrations, nominations, decisions and awards by unit, title
//! and kind; the awardees of a year; each person's awards over five years —
//! on the page and as workbooks.

use super::reports::{ReportQuery, chosen};
use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Datelike;
use serde::Deserialize;
use tdkt_documents::report_sheet::{Cell, Row, Sheet};
use tdkt_domain::codes::{AwardCode, AwardKind};
use tdkt_domain::error::Error;
use tdkt_domain::reports::period::Period;
use tdkt_domain::reports::working::{PeriodTables, PersonYears, by_person, summarise};
use tdkt_store::reports::working::{Awardee, DecisionLine, LIST_LIMIT};
use tdkt_store::units::Unit;

#[derive(Deserialize, Default)]
pub struct PeriodQuery {
    nam: Option<String>,
    #[serde(rename = "don-vi")]
    don_vi: Option<i64>,
    ky: Option<String>,
    so: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "report_period.html")]
pub(crate) struct PeriodPage {
    l: Layout,
    period: Period,
    label: String,
    from: String,
    to: String,
    body: Unit,
    bodies: Vec<(i64, String)>,
    tables: PeriodTables,
    by_kind: Vec<(&'static str, i64)>,
    decisions: Vec<DecisionLine>,
}

struct PeriodData {
    period: Period,
    body: Unit,
    bodies: Vec<(i64, String)>,
    tables: PeriodTables,
    by_kind: Vec<(&'static str, i64)>,
    decisions: Vec<DecisionLine>,
}

async fn period_data(st: &AppState, auth: &Auth, q: &PeriodQuery) -> Result<PeriodData, AppError> {
    // The year and the body are read as every report reads them.
    let report = ReportQuery {
        nam: q.nam.clone(),
        don_vi: q.don_vi,
    };
    let (year, body, list) = chosen(st, auth, &report).await?;
    let ky = match q.ky.as_deref().map(str::trim) {
        None | Some("") => "quy",
        Some(k @ ("thang" | "quy" | "6-thang" | "nam")) => k,
        Some(_) => {
            return Err(AppError(Error::invalid(
                "ky",
                "Chọn kỳ báo cáo: tháng, quý, 6 tháng hoặc năm.",
            )));
        }
    };
    let (what, max) = match ky {
        "thang" => ("Tháng", 12),
        "quy" => ("Quý", 4),
        "6-thang" => ("Nửa năm", 2),
        _ => ("", 1),
    };
    let month = st.today().month();
    let so = match q.so.as_deref().map(str::trim) {
        None | Some("") => match ky {
            "thang" => month,
            "quy" => month.div_ceil(3),
            "6-thang" => month.div_ceil(6),
            _ => 1,
        },
        // The year has no number; whatever was typed for another kind is ignored.
        Some(_) if ky == "nam" => 1,
        Some(t) => t
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                AppError(Error::invalid(
                    "so",
                    format!("{what} phải là số từ 1 đến {max} (đã ghi «{t}»)."),
                ))
            })?,
    };
    let period = Period::parse(year, ky, so)
        .ok_or_else(|| AppError(Error::invalid("ky", "Kỳ báo cáo không hợp lệ.")))?;
    let (from, to) = period.range();
    let whole_year =
        matches!(period.kind, tdkt_domain::reports::period::PeriodKind::Year).then_some(year);
    let facts = st.store.period_facts(body.id, from, to, whole_year).await?;
    let children: Vec<(String, String)> = st
        .store
        .children(body.id)
        .await?
        .into_iter()
        .map(|c| (c.path, c.name))
        .collect();
    let tables = summarise(
        &body.path,
        &body.name,
        &children,
        [&facts.registered, &facts.nominated, &facts.awarded],
    );
    let by_kind = facts
        .awarded_by_kind
        .iter()
        .map(|(k, n)| (AwardKind::parse(k).map_or("Khác", |k| k.label()), *n))
        .collect();
    Ok(PeriodData {
        period,
        bodies: list.into_iter().map(|u| (u.id, u.name)).collect(),
        body,
        tables,
        by_kind,
        decisions: facts.decisions,
    })
}

pub async fn period(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<PeriodQuery>,
) -> Result<PeriodPage, AppError> {
    let d = period_data(&st, &auth, &q).await?;
    let (from, to) = d.period.range();
    Ok(PeriodPage {
        l: Layout::new(&auth, format!("Báo cáo {}", d.period.label()), "/bao-cao"),
        label: d.period.label(),
        from: from.vn(),
        to: to.vn(),
        period: d.period,
        body: d.body,
        bodies: d.bodies,
        tables: d.tables,
        by_kind: d.by_kind,
        decisions: d.decisions,
    })
}

fn triple_rows(rows: &[(String, [u64; 3])], total: [u64; 3]) -> Vec<Row> {
    let mut out: Vec<Row> = rows
        .iter()
        .enumerate()
        .map(|(i, (name, t))| {
            Row::plain(vec![
                Cell::from((i + 1) as u64),
                name.as_str().into(),
                t[0].into(),
                t[1].into(),
                t[2].into(),
            ])
        })
        .collect();
    out.push(Row::strong(vec![
        Cell::Empty,
        "Cộng".into(),
        total[0].into(),
        total[1].into(),
        total[2].into(),
    ]));
    out
}

fn triple_columns(first: &str) -> Vec<(String, f64)> {
    vec![
        ("STT".into(), 6.0),
        (first.into(), 48.0),
        ("Đăng ký thi đua (lượt)".into(), 16.0),
        ("Đề nghị khen thưởng (lượt)".into(), 16.0),
        ("Được khen thưởng".into(), 16.0),
    ]
}

pub async fn period_xlsx(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let d = period_data(&st, &auth, &q).await?;
    let label = d.period.label();
    let subtitle = format!("Kỳ báo cáo: {label}");
    let sheets = vec![
        Sheet {
            name: "Theo đơn vị".into(),
            title: "TỔNG HỢP THI ĐUA, KHEN THƯỞNG THEO ĐƠN VỊ".into(),
            subtitle: subtitle.clone(),
            columns: triple_columns("Đơn vị"),
            rows: triple_rows(&d.tables.by_unit, d.tables.total),
        },
        Sheet {
            name: "Theo danh hiệu".into(),
            title: "TỔNG HỢP THEO DANH HIỆU, HÌNH THỨC KHEN THƯỞNG".into(),
            subtitle: subtitle.clone(),
            columns: triple_columns("Danh hiệu, hình thức"),
            rows: triple_rows(&d.tables.by_award, d.tables.total),
        },
        Sheet {
            name: "Theo loại hình".into(),
            title: "KHEN THƯỞNG THEO LOẠI HÌNH".into(),
            subtitle: subtitle.clone(),
            columns: vec![
                ("STT".into(), 6.0),
                ("Loại hình khen thưởng".into(), 48.0),
                ("Số lượng".into(), 14.0),
            ],
            rows: d
                .by_kind
                .iter()
                .enumerate()
                .map(|(i, (k, n))| {
                    Row::plain(vec![Cell::from((i + 1) as u64), (*k).into(), (*n).into()])
                })
                .collect(),
        },
        Sheet {
            name: "Quyết định".into(),
            title: "CÁC QUYẾT ĐỊNH KHEN THƯỞNG ĐÃ KÝ".into(),
            subtitle,
            columns: vec![
                ("STT".into(), 6.0),
                ("Số, ký hiệu".into(), 16.0),
                ("Ngày ký".into(), 13.0),
                ("Trích yếu".into(), 60.0),
                ("Số người, tập thể".into(), 14.0),
                ("Tiền thưởng (đồng)".into(), 18.0),
            ],
            rows: d
                .decisions
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    Row::plain(vec![
                        Cell::from((i + 1) as u64),
                        x.symbol.as_str().into(),
                        x.signed_on.vn().into(),
                        x.summary.as_str().into(),
                        x.recipients.into(),
                        x.bonuses.into(),
                    ])
                })
                .collect(),
        },
    ];
    let bytes =
        tdkt_documents::report_sheet::write(&d.body.name, &sheets).map_err(tdkt_store::internal)?;
    Ok(super::plans::xlsx(
        bytes,
        &format!(
            "bao-cao-{}-{}-{}-{}.xlsx",
            d.period.ky(),
            d.period.so(),
            d.period.year,
            super::file_code(&d.body.code)
        ),
    ))
}

/// Years the table of awards per person covers: the chosen one and the four before.
const PERSON_YEARS: i32 = 5;
/// Rows the page shows of each list (the workbook holds them all).
const PAGE_ROWS: usize = 500;

#[derive(Template, WebTemplate)]
#[template(path = "report_awardees.html")]
pub(crate) struct AwardeesPage {
    l: Layout,
    year: i32,
    body: Unit,
    bodies: Vec<(i64, String)>,
    awardees: Vec<Awardee>,
    awardees_total: usize,
    years: Vec<i32>,
    people: Vec<PersonYears>,
    people_total: usize,
    capped: bool,
}

pub(crate) fn award_label(code: &str) -> &'static str {
    AwardCode::parse(code).map_or("", |a| a.label())
}

pub(crate) fn kind_label(code: &str) -> &'static str {
    AwardKind::parse(code).map_or("", |k| k.label())
}

async fn awardee_data(
    st: &AppState,
    auth: &Auth,
    q: &ReportQuery,
) -> Result<(i32, Unit, Vec<Unit>, Vec<Awardee>, Vec<PersonYears>, bool), AppError> {
    let (year, body, list) = chosen(st, auth, q).await?;
    let awardees = st.store.awardees(body.id, year).await?;
    let from = year - PERSON_YEARS + 1;
    let rows: Vec<(i64, String, String, i64, String)> = st
        .store
        .person_awards(body.id, from, year)
        .await?
        .into_iter()
        .map(|r| (r.person_id, r.full_name, r.unit_name, r.year, r.award))
        .collect();
    let capped = awardees.len() as i64 >= LIST_LIMIT || rows.len() as i64 >= LIST_LIMIT;
    let people = by_person(&rows, from..=year);
    Ok((year, body, list, awardees, people, capped))
}

pub async fn awardees(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportQuery>,
) -> Result<AwardeesPage, AppError> {
    let (year, body, list, mut awardees, mut people, capped) = awardee_data(&st, &auth, &q).await?;
    let (awardees_total, people_total) = (awardees.len(), people.len());
    awardees.truncate(PAGE_ROWS);
    people.truncate(PAGE_ROWS);
    Ok(AwardeesPage {
        l: Layout::new(
            &auth,
            format!("Danh sách khen thưởng năm {year}"),
            "/bao-cao",
        ),
        years: (year - PERSON_YEARS + 1..=year).collect(),
        year,
        bodies: list.into_iter().map(|u| (u.id, u.name)).collect(),
        body,
        awardees,
        awardees_total,
        people,
        people_total,
        capped,
    })
}

pub async fn awardees_xlsx(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let (year, body, _, awardees, people, _) = awardee_data(&st, &auth, &q).await?;
    let years: Vec<i32> = (year - PERSON_YEARS + 1..=year).collect();
    let mut person_columns = vec![
        ("STT".to_string(), 6.0),
        ("Họ và tên".into(), 26.0),
        ("Đơn vị".into(), 30.0),
    ];
    person_columns.extend(years.iter().map(|y| (format!("Năm {y}"), 28.0)));
    person_columns.push(("Tổng số".into(), 10.0));
    let sheets = vec![
        Sheet {
            name: format!("Khen thưởng {year}"),
            title: format!("DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG NĂM {year}"),
            subtitle: body.name.clone(),
            columns: vec![
                ("STT".into(), 6.0),
                ("Họ và tên / Tên tập thể".into(), 30.0),
                ("Chức vụ".into(), 20.0),
                ("Đơn vị".into(), 30.0),
                ("Danh hiệu, hình thức".into(), 30.0),
                ("Loại hình".into(), 18.0),
                ("Quyết định".into(), 16.0),
                ("Ngày".into(), 12.0),
                ("Cơ quan quyết định".into(), 26.0),
            ],
            rows: awardees
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    Row::plain(vec![
                        Cell::from((i + 1) as u64),
                        a.name.as_str().into(),
                        a.position.as_str().into(),
                        a.unit_name.as_str().into(),
                        award_label(&a.award).into(),
                        kind_label(&a.kind).into(),
                        a.decision_number.as_str().into(),
                        a.decision_date.map(|d| d.vn()).unwrap_or_default().into(),
                        a.issuer.as_str().into(),
                    ])
                })
                .collect(),
        },
        Sheet {
            name: "Theo người qua các năm".into(),
            title: "KHEN THƯỞNG CỦA TỪNG NGƯỜI QUA CÁC NĂM".into(),
            subtitle: format!(
                "{}, từ năm {} đến năm {year}",
                body.name,
                year - PERSON_YEARS + 1
            ),
            columns: person_columns,
            rows: people
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let mut cells = vec![
                        Cell::from((i + 1) as u64),
                        p.name.as_str().into(),
                        p.unit.as_str().into(),
                    ];
                    cells.extend(p.years.iter().map(|y| Cell::from(y.join("; "))));
                    cells.push(Cell::from(p.total as u64));
                    Row::plain(cells)
                })
                .collect(),
        },
    ];
    let bytes =
        tdkt_documents::report_sheet::write(&body.name, &sheets).map_err(tdkt_store::internal)?;
    Ok(super::plans::xlsx(
        bytes,
        &format!(
            "danh-sach-khen-thuong-{year}-{}.xlsx",
            super::file_code(&body.code)
        ),
    ))
}
