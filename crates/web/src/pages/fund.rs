//! The emulation fund of an agency (docs/fund.md): the year's book with its
//! running balance, the balances of five years by category, the Office's
//! entries, and the fund report as a workbook.

use super::reports::{ReportQuery, chosen};
use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::fmt::Vn;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use tdkt_domain::auth::Action;
use tdkt_domain::commendation::fund::{Category, EntryInput, YearBalance};
use tdkt_domain::text::format_money;
use tdkt_store::fund::FundEntry;
use tdkt_store::units::Unit;

/// Years the balance table covers: the chosen one and the four before.
const YEARS: i32 = 5;

/// A line of the book: the entry and the balance after it.
pub struct BookLine {
    pub e: FundEntry,
    pub label: &'static str,
    pub balance: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "fund.html")]
pub(crate) struct FundPage {
    l: Layout,
    year: i32,
    body: Unit,
    bodies: Vec<(i64, String)>,
    balances: Vec<YearBalance>,
    this_year: YearBalance,
    book: Vec<BookLine>,
    categories: Vec<(&'static str, &'static str, &'static str)>,
    can_write: bool,
    organising_limit: u32,
    organising_over: bool,
    errors: Vec<String>,
    input: EntryInput,
}

/// "1.490.000 đ"; takes the values templates hand over by reference too.
pub(crate) fn money(v: impl std::borrow::Borrow<i64>) -> String {
    format_money(*v.borrow())
}

impl FundPage {
    fn cat(&self, b: &YearBalance, code: &str) -> String {
        Category::parse(code).map_or_else(String::new, |c| money(b.amount(c)))
    }
}

/// The limit on organising spending of the year's rule book.
fn organising_limit(st: &AppState, year: i32) -> u32 {
    super::blocs::year_params(st, i64::from(year)).fund_organising_percent
}

async fn page(
    st: &AppState,
    auth: &Auth,
    q: &ReportQuery,
    errors: Vec<String>,
    input: EntryInput,
) -> Result<FundPage, AppError> {
    let (year, body, list) = chosen(st, auth, q).await?;
    let balances = st
        .store
        .fund_balances(body.id, year - YEARS + 1, year)
        .await?;
    let this_year = balances.last().cloned().unwrap_or_default();
    let entries = st.store.fund_entries(body.id, year).await?;
    let mut running = this_year.opening;
    let book = entries
        .into_iter()
        .map(|e| {
            running += if e.income() { e.amount } else { -e.amount };
            BookLine {
                label: e.category().map_or("", Category::label),
                balance: money(running),
                e,
            }
        })
        .collect();
    let limit = organising_limit(st, year);
    Ok(FundPage {
        l: Layout::new(
            auth,
            format!("Quỹ thi đua, khen thưởng năm {year}"),
            "/bao-cao",
        ),
        organising_over: this_year.organising_over(limit),
        organising_limit: limit,
        can_write: auth.actor.can(Action::Review, &body.path),
        year,
        bodies: list.into_iter().map(|u| (u.id, u.name)).collect(),
        body,
        balances,
        this_year,
        book,
        categories: Category::ALL
            .into_iter()
            .filter(|c| c.entered_by_hand())
            .map(|c| {
                let side = match c.direction() {
                    tdkt_domain::commendation::fund::Direction::Income => "Thu",
                    tdkt_domain::commendation::fund::Direction::Spending => "Chi",
                };
                (c.code(), side, c.label())
            })
            .collect(),
        errors,
        input,
    })
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportQuery>,
    Query(n): Query<super::Notice>,
) -> Result<FundPage, AppError> {
    let mut p = page(&st, &auth, &q, vec![], EntryInput::default()).await?;
    p.l = p.l.with_notice(n.tb.as_deref());
    Ok(p)
}

#[derive(Deserialize)]
pub struct EntryForm {
    csrf: String,
    #[serde(rename = "don-vi")]
    don_vi: i64,
    entry_on: String,
    category: String,
    amount: String,
    description: String,
    #[serde(default)]
    voucher: String,
}

pub async fn add(
    State(st): State<AppState>,
    auth: Auth,
    axum::Form(f): axum::Form<EntryForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let input = EntryInput {
        entry_on: f.entry_on.clone(),
        category: f.category.clone(),
        amount: f.amount.clone(),
        description: f.description.clone(),
        voucher: f.voucher.clone(),
    };
    let today = st.today();
    let result = async {
        let e = input.check(today)?;
        let mut w = st.store.begin(&auth.actor).await?;
        w.add_fund_entry(f.don_vi, &e).await?;
        w.commit().await?;
        Ok(e.year)
    }
    .await;
    let q = ReportQuery::of(None, Some(f.don_vi));
    super::respond(
        result,
        |y| format!("/quy-thi-dua?nam={y}&don-vi={}&tb=da-ghi-so", f.don_vi),
        async |e| page(&st, &auth, &q, super::error_messages(&e), input).await,
    )
    .await
}

#[derive(Deserialize)]
pub struct RemoveForm {
    csrf: String,
    reason: String,
    #[serde(rename = "don-vi")]
    don_vi: i64,
    nam: i32,
}

pub async fn remove(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<RemoveForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.remove_fund_entry(id, &f.reason).await?;
        w.commit().await
    }
    .await;
    let q = ReportQuery::of(Some(f.nam), Some(f.don_vi));
    super::respond(
        result,
        |_| format!("/quy-thi-dua?nam={}&don-vi={}&tb=da-xoa", f.nam, f.don_vi),
        async |e| {
            page(
                &st,
                &auth,
                &q,
                super::error_messages(&e),
                EntryInput::default(),
            )
            .await
        },
    )
    .await
}

/// The fund report: the balances by category over five years, and the
/// year's book with its running balance.
pub async fn report_xlsx(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let p = page(&st, &auth, &q, vec![], EntryInput::default()).await?;
    let report = tdkt_documents::fund_sheet::FundReport {
        body: p.body.name.clone(),
        year: p.year,
        balances: p.balances.clone(),
        book: p
            .book
            .iter()
            .map(|b| tdkt_documents::fund_sheet::BookRow {
                entry_on: b.e.entry_on,
                voucher: b.e.voucher.clone(),
                description: b.e.description.clone(),
                category: b.label.to_string(),
                income: b.e.income().then_some(b.e.amount),
                spending: (!b.e.income()).then_some(b.e.amount),
            })
            .collect(),
        date_line: tdkt_documents::nd30::date_line(&st.config.place, st.today().into()),
        organising_limit: p.organising_limit,
    };
    let bytes = tdkt_documents::fund_sheet::write(&report).map_err(tdkt_store::internal)?;
    let code = super::file_code(&p.body.code);
    Ok(super::plans::xlsx(
        bytes,
        &format!("quy-thi-dua-{}-{code}.xlsx", p.year),
    ))
}
