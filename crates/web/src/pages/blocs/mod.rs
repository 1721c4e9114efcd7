//! Emulation blocs: the list, a bloc's year (members, programme, covenant),
//! its scoring table ([`table`]), each member's scores ([`scoring`]) and the
//! ranking with its proposals ([`ranking`]). What each actor may do comes from
//! the store ([`tdkt_store::blocs::BlocRights`]); a page only shows the forms
//! the store would accept.

pub mod ranking;
pub mod scoring;
pub mod table;

use super::Notice;
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
use tdkt_domain::emulation::bloc::Stage;
use tdkt_domain::error::Error;
use tdkt_store::blocs::year::{BlocSettings, ProgrammeItem};
use tdkt_store::blocs::{Bloc, BlocMember, BlocRights, bloc_role_label};

#[derive(Template, WebTemplate)]
#[template(path = "blocs_list.html")]
pub(crate) struct ListPage {
    l: Layout,
    blocs: Vec<(Bloc, &'static str)>,
    /// The provincial standing body creates blocs.
    can_create: bool,
    year: i32,
    errors: Vec<String>,
}

async fn list_page(st: &AppState, auth: &Auth, errors: Vec<String>) -> Result<ListPage, AppError> {
    use chrono::Datelike;
    let blocs = st
        .store
        .blocs_for(&auth.actor)
        .await?
        .into_iter()
        .map(|b| {
            let stage = b.stage().label();
            (b, stage)
        })
        .collect();
    Ok(ListPage {
        l: Layout::new(auth, "Khối, cụm thi đua", "/khoi-thi-dua"),
        blocs,
        can_create: st
            .store
            .whole_tree(&auth.actor, tdkt_domain::auth::Action::ManageUnits)
            .await?,
        year: st.today().year(),
        errors,
    })
}

pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    Query(n): Query<Notice>,
) -> Result<ListPage, AppError> {
    let mut p = list_page(&st, &auth, vec![]).await?;
    p.l = p.l.with_notice(n.tb.as_deref());
    Ok(p)
}

#[derive(Deserialize)]
pub struct CreateForm {
    csrf: String,
    code: String,
    name: String,
    year: String,
    /// A bloc of an earlier year whose members are carried over.
    #[serde(default)]
    from: String,
}

/// A bloc for a year; with `from`, the members of that earlier bloc come
/// along (roles too: the leader is then changed on the new bloc's page).
pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<CreateForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let year = f
            .year
            .trim()
            .parse::<i64>()
            .map_err(|_| Error::invalid("year", "Năm không hợp lệ."))?;
        let from = match f.from.trim().parse::<i64>() {
            Ok(id) => st.store.bloc_members(id).await?,
            Err(_) => vec![],
        };
        let p = year_params(&st, year);
        let quotas = BlocSettings {
            flag_quota: i64::from(p.bloc_flag_quota),
            commendation_quota: i64::from(p.bloc_commendation_quota),
            vote_percent: 50,
        };
        let mut w = st.store.begin(&auth.actor).await?;
        let b = w.create_bloc(f.code.trim(), &f.name, year).await?;
        for m in &from {
            w.put_bloc_member(b.id, m.unit_id, &m.role, None).await?;
        }
        w.set_bloc_settings(b.id, &quotas).await?;
        w.commit().await?;
        Ok(b.id)
    }
    .await;
    super::respond(
        result,
        |id| format!("/khoi-thi-dua/{id}?tb=da-tao"),
        async |e| list_page(&st, &auth, super::error_messages(&e)).await,
    )
    .await
}

#[derive(Deserialize)]
pub struct MemberForm {
    csrf: String,
    unit: String,
    role: String,
}

pub async fn put_member(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<MemberForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let unit = f
            .unit
            .trim()
            .parse::<i64>()
            .map_err(|_| Error::invalid("unit", "Chọn đơn vị."))?;
        st.store.bloc_for(&auth.actor, id).await?;
        let mut w = st.store.begin(&auth.actor).await?;
        w.put_bloc_member(id, unit, f.role.trim(), None).await?;
        w.commit().await
    }
    .await;
    done(&st, &auth, id, result, "?tb=da-luu#thanh-vien").await
}

pub async fn remove_member(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, unit)): Path<(i64, i64)>,
    Form(f): Form<super::CsrfOnly>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.remove_bloc_member(id, unit).await?;
        w.commit().await
    }
    .await;
    done(&st, &auth, id, result, "?tb=da-xoa#thanh-vien").await
}

/// A member's line on the bloc's page.
pub(crate) struct MemberLine {
    m: BlocMember,
    role: &'static str,
    signed: String,
    submitted: String,
    /// The actor may sign the covenant for it now.
    can_sign: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "bloc_view.html")]
pub(crate) struct ViewPage {
    l: Layout,
    b: Bloc,
    stage: &'static str,
    preparing: bool,
    published: bool,
    members: Vec<MemberLine>,
    programme: Vec<(ProgrammeItem, String, String)>,
    targets: Vec<String>,
    signed: usize,
    rights: BlocRights,
    /// Lines of the table and its total, for the summary.
    table_lines: usize,
    table_total: String,
    /// The same bloc in other years: (id, year, leader).
    years: Vec<(i64, i64, String)>,
    /// Agencies the standing body may add (id, name).
    agencies: Vec<(i64, String)>,
    /// The women tie-break's share in percent, when the year's regime has it.
    women: Option<String>,
    errors: Vec<String>,
}

async fn view_page(
    st: &AppState,
    auth: &Auth,
    id: i64,
    errors: Vec<String>,
) -> Result<ViewPage, AppError> {
    let b = st.store.bloc_for(&auth.actor, id).await?;
    let (members, rights) = st.store.bloc_rights(&auth.actor, id).await?;
    let table = st.store.score_table(&b).await?;
    let programme = st
        .store
        .bloc_programme(id)
        .await?
        .into_iter()
        .map(|p| {
            let from = p.starts_on.vn();
            let to = p.ends_on.vn();
            (p, from, to)
        })
        .collect();
    let mut years = Vec::new();
    // Only the years this actor may see (a member may have joined in one year only).
    for other in st.store.blocs_for(&auth.actor).await? {
        if other.name == b.name && other.id != b.id {
            let leader = st
                .store
                .bloc_members(other.id)
                .await?
                .into_iter()
                .find(|m| m.role == "leader")
                .map(|m| m.unit_name)
                .unwrap_or_default();
            years.push((other.id, other.year, leader));
        }
    }
    let agencies = if rights.standing && b.stage() == Stage::Preparing {
        st.store
            .all_units()
            .await?
            .into_iter()
            .filter(|u| {
                u.active && u.kind == "agency" && !members.iter().any(|m| m.unit_id == u.id)
            })
            .map(|u| (u.id, u.name))
            .collect()
    } else {
        vec![]
    };
    let year = b.year;
    let stage = b.stage();
    let signed = members.iter().filter(|m| m.signed_at.is_some()).count();
    let members = members
        .into_iter()
        .map(|m| MemberLine {
            role: bloc_role_label(&m.role),
            signed: match (&m.signed_by, &m.signed_at) {
                (Some(who), Some(at)) => format!("{who}, {}", at.vn()),
                _ => String::new(),
            },
            submitted: m.submitted_at.vn(),
            can_sign: m.signed_at.is_none()
                && rights.signs_for.contains(&m.unit_id)
                && !b.covenant_text.is_empty()
                && stage != Stage::Published,
            m,
        })
        .collect();
    Ok(ViewPage {
        l: Layout::new(
            auth,
            format!("{} – năm {}", b.name, b.year),
            "/khoi-thi-dua",
        ),
        stage: stage.label(),
        preparing: stage == Stage::Preparing,
        published: stage == Stage::Published,
        targets: b.targets().into_iter().map(String::from).collect(),
        table_lines: table.table.items.len(),
        table_total: table.table.total.to_string(),
        b,
        members,
        programme,
        signed,
        rights,
        years,
        agencies,
        women: women_rule(st, year).map(|x| tdkt_domain::text::format_percent(x * 100.0)),
        errors,
    })
}

pub async fn view(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<ViewPage, AppError> {
    let mut p = view_page(&st, &auth, id, vec![]).await?;
    p.l = p.l.with_notice(n.tb.as_deref());
    Ok(p)
}

/// Ends a bloc form: back to `to` with a notice, or the bloc's page with the errors.
async fn done(
    st: &AppState,
    auth: &Auth,
    id: i64,
    result: Result<(), Error>,
    to: &str,
) -> Result<Response, AppError> {
    super::respond(
        result,
        |_| format!("/khoi-thi-dua/{id}{to}"),
        async |e| view_page(st, auth, id, super::error_messages(&e)).await,
    )
    .await
}

#[derive(Deserialize)]
pub struct ProgrammeForm {
    csrf: String,
    quarter: String,
    title: String,
    starts_on: String,
    ends_on: String,
    #[serde(default)]
    host: String,
}

pub async fn add_programme(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<ProgrammeForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let quarter = f
            .quarter
            .trim()
            .parse::<i64>()
            .map_err(|_| Error::invalid("quarter", "Quý phải từ 1 đến 4."))?;
        let from = super::form_date("Ngày bắt đầu", &f.starts_on)?;
        let to = super::form_date("Ngày kết thúc", &f.ends_on)?;
        let host = f.host.trim().parse::<i64>().ok();
        let mut w = st.store.begin(&auth.actor).await?;
        w.add_programme_item(id, quarter, &f.title, from, to, host)
            .await?;
        w.commit().await
    }
    .await;
    done(&st, &auth, id, result, "?tb=da-luu#chuong-trinh").await
}

pub async fn delete_programme(
    State(st): State<AppState>,
    auth: Auth,
    Path((id, item)): Path<(i64, i64)>,
    Form(f): Form<super::CsrfOnly>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.delete_programme_item(id, item).await?;
        w.commit().await
    }
    .await;
    done(&st, &auth, id, result, "?tb=da-xoa#chuong-trinh").await
}

#[derive(Deserialize)]
pub struct CovenantForm {
    csrf: String,
    text: String,
    targets: String,
    on: String,
}

pub async fn save_covenant(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<CovenantForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let on = super::form_date("Ngày ký giao ước", &f.on)?;
        let mut w = st.store.begin(&auth.actor).await?;
        w.save_covenant(id, &f.text, &f.targets, on).await?;
        w.commit().await
    }
    .await;
    done(&st, &auth, id, result, "?tb=da-luu#giao-uoc").await
}

#[derive(Deserialize)]
pub struct SignForm {
    csrf: String,
    unit: i64,
    #[serde(default)]
    signer: String,
}

pub async fn sign_covenant(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<SignForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let mut w = st.store.begin(&auth.actor).await?;
        w.sign_covenant(id, f.unit, &f.signer).await?;
        w.commit().await
    }
    .await;
    done(&st, &auth, id, result, "?tb=khoi-da-ky#giao-uoc").await
}

#[derive(Deserialize)]
pub struct SettingsForm {
    csrf: String,
    flag_quota: String,
    commendation_quota: String,
    vote_percent: String,
}

pub async fn save_settings(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(f): Form<SettingsForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    let result = async {
        let n = |field: &str, v: &str| {
            v.trim()
                .parse::<i64>()
                .map_err(|_| Error::invalid(field, format!("«{}» không phải một số.", v.trim())))
        };
        let s = BlocSettings {
            flag_quota: n("flag_quota", &f.flag_quota)?,
            commendation_quota: n("commendation_quota", &f.commendation_quota)?,
            vote_percent: n("vote_percent", &f.vote_percent)?,
        };
        let mut w = st.store.begin(&auth.actor).await?;
        w.set_bloc_settings(id, &s).await?;
        w.commit().await
    }
    .await;
    done(&st, &auth, id, result, "?tb=da-luu#quy-dinh").await
}

/// The covenant as a Word document in the state layout.
pub async fn covenant_docx(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    use tdkt_documents::bloc_docs::{CovenantDoc, MemberLine as DocMember, covenant};
    let b = st.store.bloc_for(&auth.actor, id).await?;
    let members = st.store.bloc_members(id).await?;
    let (parent_body, leader) = leader_and_parent(&st, &members).await?;
    let doc = covenant(&CovenantDoc {
        parent_body,
        bloc: b.name.clone(),
        year: b.year as i32,
        place: st.config.place.clone(),
        signed_on: b.covenant_on,
        text: b.covenant_text.clone(),
        targets: b.targets().into_iter().map(String::from).collect(),
        members: members
            .iter()
            .map(|m| DocMember {
                name: m.unit_name.clone(),
                role: bloc_role_label(&m.role).to_string(),
                signed: match (&m.signed_by, m.signed_at) {
                    (Some(who), Some(at)) => {
                        Some((who.clone(), (at + chrono::Duration::hours(7)).date_naive()))
                    }
                    _ => None,
                },
            })
            .collect(),
        leader,
    });
    super::dossiers::docx(
        &doc,
        &format!("giao-uoc-{}-{}.docx", ascii(&b.code), b.year),
    )
}

/// The body above the bloc (the leader's parent: "UBND tỉnh Khánh Hòa") and
/// who signed the covenant for the leader.
pub(crate) async fn leader_and_parent(
    st: &AppState,
    members: &[BlocMember],
) -> Result<(String, String), AppError> {
    let Some(leader) = members.iter().find(|m| m.role == "leader") else {
        return Ok((st.config.agency_name.clone(), String::new()));
    };
    let unit = st.store.unit(leader.unit_id).await?;
    let parent = match unit.parent_id {
        Some(p) => st.store.unit(p).await?.name,
        None => unit.name.clone(),
    };
    Ok((parent, leader.signed_by.clone().unwrap_or_default()))
}

/// A field of a form read as pairs (forms with one field per line).
pub(crate) fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// The rules of the regime in force at the end of the bloc's year.
pub(crate) fn year_params(st: &AppState, year: i64) -> &tdkt_domain::rules::Params {
    let end = chrono::NaiveDate::from_ymd_opt(year as i32, 12, 31).unwrap_or_default();
    st.config.rules.params(tdkt_domain::rules::Regime::on(end))
}

/// The women tie-break of the bloc's year (NĐ 152/2025 Đ4 k6), if its regime has one.
pub(crate) fn women_rule(st: &AppState, year: i64) -> Option<f64> {
    let p = year_params(st, year);
    p.women_priority.then_some(p.women_collective_share)
}

/// A code made safe for a file name.
pub(crate) fn ascii(code: &str) -> String {
    code.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_")
}
