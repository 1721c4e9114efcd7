//! Staff sheets in and out (.xlsx): upload validates everything first and
//! writes nothing unless every row is right; export gives the same columns.

use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::layout::Layout;
use crate::{staff_import, uploads};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use tdkt_documents::staff_sheet::{StaffExportRow, write_staff};
use tdkt_domain::auth::Action;
use tdkt_domain::error::{Error, FieldError};
use tdkt_store::import::ImportReport;
use tdkt_store::people::PeopleFilter;
use tdkt_store::units::Unit;

#[derive(Template, WebTemplate)]
#[template(path = "import.html")]
pub(crate) struct ImportPage {
    l: Layout,
    errors: Vec<String>,
    report: Option<ImportReport>,
    file_name: String,
    max_mb: usize,
    max_rows: String,
    /// Unit names of the file that matched nothing, to map once for the file.
    misses: Vec<Miss>,
}

pub(crate) struct Miss {
    name: String,
    /// (id, name, suggested) of the units the user may fill; the suggestion
    /// is marked, never chosen for the user.
    options: Vec<(i64, String, bool)>,
}

fn page(st: &AppState, auth: &Auth, file_name: String) -> ImportPage {
    ImportPage {
        l: Layout::new(auth, "Nhập danh sách cán bộ", "/nhap-can-bo"),
        errors: vec![],
        report: None,
        file_name,
        max_mb: st.config.max_upload_bytes / (1024 * 1024),
        max_rows: tdkt_domain::text::format_number(i64::from(st.config.sheet_limits.max_rows)),
        misses: vec![],
    }
}

fn refused(
    st: &AppState,
    auth: &Auth,
    status: StatusCode,
    file_name: String,
    errors: Vec<String>,
) -> Response {
    let mut p = page(st, auth, file_name);
    p.errors = errors;
    (status, p).into_response()
}

pub async fn form(State(st): State<AppState>, auth: Auth) -> Result<ImportPage, AppError> {
    if !auth.actor.can_somewhere(Action::ManagePeople) {
        return Err(AppError(Error::Forbidden));
    }
    Ok(page(&st, &auth, String::new()))
}

fn lines(errs: &[FieldError]) -> Vec<String> {
    errs.iter().map(|e| e.to_string()).collect()
}

/// The upload: permission first, then the body within its limit, the CSRF
/// token, the sheet read and checked whole (no database writer held), and
/// only a sheet without problems is stored.
pub async fn upload(
    State(st): State<AppState>,
    auth: Auth,
    mp: Multipart,
) -> Result<Response, AppError> {
    if !auth.actor.can_somewhere(Action::ManagePeople) {
        return Err(AppError(Error::Forbidden));
    }
    let form = match uploads::read_form(mp, st.config.max_upload_bytes).await {
        Ok(f) => f,
        Err(e) => return Ok(refused(&st, &auth, e.status, e.file_name, vec![e.message])),
    };
    auth.check_csrf(&form.csrf)?;
    if form.bytes.is_empty() {
        return Ok(refused(
            &st,
            &auth,
            StatusCode::UNPROCESSABLE_ENTITY,
            String::new(),
            vec!["Chưa chọn tệp Excel.".into()],
        ));
    }
    let units = fillable_units(&st, &auth).await?;
    let aliases = aliases_of(&form.fields, &units);
    let resolver = staff_import::resolver(&units, &aliases);
    let limits = st.config.sheet_limits;
    let today = st.today();
    let bytes = form.bytes;
    let (checked, resolver) = uploads::parse(move || {
        let checked = staff_import::check_sheet(&bytes, &resolver, &limits, today);
        (checked, resolver)
    })
    .await?;
    let name = form.file_name;
    let result = match checked {
        Ok(sheet) => staff_import::store_sheet(&st.store, &auth.actor, sheet).await,
        Err(problems) => Err(Error::Validation(problems)),
    };
    match result {
        Ok(report) => {
            let mut p = page(&st, &auth, name);
            p.report = Some(report);
            Ok(p.into_response())
        }
        Err(e @ (Error::Validation(_) | Error::Conflict(_))) => {
            let mut p = page(&st, &auth, name);
            p.errors = lines(e.field_errors());
            p.misses = resolver
                .misses()
                .into_iter()
                .map(|(name, suggestion)| Miss {
                    name,
                    options: units
                        .iter()
                        .map(|u| (u.id, u.name.clone(), suggestion == Some(u.id)))
                        .collect(),
                })
                .collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
        Err(e) => Err(AppError(e)),
    }
}

/// The units the user may fill with people, in the registry's order.
async fn fillable_units(st: &AppState, auth: &Auth) -> Result<Vec<Unit>, Error> {
    Ok(st
        .store
        .visible_units(&auth.actor, false)
        .await?
        .into_iter()
        .filter(|u| auth.actor.can(Action::ManagePeople, &u.path))
        .collect())
}

/// The mapping chosen on the form (`ten_N` = name in the file, `don_vi_N` =
/// unit id), kept only for units the user may fill.
fn aliases_of(fields: &HashMap<String, String>, units: &[Unit]) -> HashMap<String, i64> {
    let mut out = HashMap::new();
    for (key, name) in fields {
        let Some(n) = key.strip_prefix("ten_") else {
            continue;
        };
        let Some(id) = fields
            .get(&format!("don_vi_{n}"))
            .and_then(|v| v.parse::<i64>().ok())
        else {
            continue;
        };
        if units.iter().any(|u| u.id == id) && !name.trim().is_empty() {
            out.insert(name.clone(), id);
        }
    }
    out
}

#[derive(Deserialize, Default)]
pub struct ExportQuery {
    #[serde(default)]
    don_vi: String,
}

pub async fn export(
    State(st): State<AppState>,
    auth: Auth,
    Query(q): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let unit_id = q.don_vi.parse::<i64>().ok();
    if let Some(u) = unit_id {
        st.store.visible_unit(&auth.actor, u).await?;
    }
    let mut rows = Vec::new();
    let mut page_no = 1;
    loop {
        let page = st
            .store
            .list_people(
                &auth.actor,
                &PeopleFilter {
                    unit_id,
                    page: page_no,
                    per_page: 500,
                    ..Default::default()
                },
            )
            .await?;
        let n = page.items.len();
        for p in page.items {
            let person = st.store.person(p.id).await?;
            rows.push(StaffExportRow {
                code: p.code,
                full_name: p.full_name,
                birth_date: p.birth_date,
                gender_label: crate::fmt::gender_label(&p.gender).into(),
                position: p.position,
                unit_name: p.unit_name,
                category_label: crate::fmt::category_label(&p.staff_category).into(),
                is_manager: p.is_manager,
                employment_start: person.employment_start,
                email: person.email,
                phone: person.phone,
            });
        }
        if n < 500 {
            break;
        }
        page_no += 1;
    }
    let bytes =
        write_staff(&st.config.agency_name, &rows, st.today()).map_err(tdkt_store::internal)?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"danh-sach-can-bo.xlsx\""),
    );
    Ok(res)
}
