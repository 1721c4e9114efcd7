//! Staff sheets in and out (.xlsx): upload validates everything first and
//! writes nothing unless every row is right; export gives the same columns.

use crate::AppState;
use crate::auth::Auth;
use crate::error::AppError;
use crate::layout::Layout;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tdkt_documents::staff_sheet::{StaffExportRow, write_staff};
use tdkt_domain::auth::Action;
use tdkt_domain::error::{Error, FieldError};
use tdkt_store::import::ImportReport;
use tdkt_store::people::PeopleFilter;

#[derive(Template, WebTemplate)]
#[template(path = "import.html")]
pub(crate) struct ImportPage {
    l: Layout,
    errors: Vec<String>,
    report: Option<ImportReport>,
    file_name: String,
    max_mb: usize,
}

fn page(
    st: &AppState,
    auth: &Auth,
    errors: Vec<String>,
    report: Option<ImportReport>,
    file_name: String,
) -> ImportPage {
    ImportPage {
        l: Layout::new(auth, "Nhập danh sách cán bộ", "/nhap-can-bo"),
        errors,
        report,
        file_name,
        max_mb: st.config.max_upload_bytes / (1024 * 1024),
    }
}

pub async fn form(State(st): State<AppState>, auth: Auth) -> Result<ImportPage, AppError> {
    if !auth.actor.can_somewhere(Action::ManagePeople) {
        return Err(AppError(Error::Forbidden));
    }
    Ok(page(&st, &auth, vec![], None, String::new()))
}

fn lines(errs: &[FieldError]) -> Vec<String> {
    errs.iter().map(|e| e.to_string()).collect()
}

pub async fn upload(
    State(st): State<AppState>,
    auth: Auth,
    mut mp: Multipart,
) -> Result<Response, AppError> {
    if !auth.actor.can_somewhere(Action::ManagePeople) {
        return Err(AppError(Error::Forbidden));
    }
    let too_big = format!(
        "Tệp quá lớn: tối đa {} MB.",
        st.config.max_upload_bytes / (1024 * 1024)
    );
    let mut csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                let msg = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    too_big.clone()
                } else {
                    format!("Không đọc được dữ liệu gửi lên: {e}")
                };
                return Ok(
                    (e.status(), page(&st, &auth, vec![msg], None, String::new())).into_response(),
                );
            }
        };
        match field.name() {
            Some("csrf") => csrf = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or("").to_string();
                match field.bytes().await {
                    Ok(b) => file = Some((name, b.to_vec())),
                    Err(e) => {
                        let msg = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                            too_big.clone()
                        } else {
                            format!("Không đọc được tệp: {e}")
                        };
                        return Ok(
                            (e.status(), page(&st, &auth, vec![msg], None, name)).into_response()
                        );
                    }
                }
            }
            _ => {}
        }
    }
    auth.check_csrf(&csrf)?;
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(
                &st,
                &auth,
                vec!["Chưa chọn tệp Excel.".into()],
                None,
                String::new(),
            ),
        )
            .into_response());
    };
    match import_bytes(&st, &auth, &bytes).await {
        Ok(report) => Ok(page(&st, &auth, vec![], Some(report), name).into_response()),
        Err(e @ (Error::Validation(_) | Error::Conflict(_))) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&st, &auth, lines(e.field_errors()), None, name),
        )
            .into_response()),
        Err(e) => Err(AppError(e)),
    }
}

/// Imports an uploaded sheet into the units the user manages (see
/// [`crate::staff_import`]; a large load refreshes the planner's statistics).
pub async fn import_bytes(st: &AppState, auth: &Auth, bytes: &[u8]) -> Result<ImportReport, Error> {
    let units: Vec<_> = st
        .store
        .visible_units(&auth.actor, false)
        .await?
        .into_iter()
        .filter(|u| auth.actor.can(Action::ManagePeople, &u.path))
        .collect();
    crate::staff_import::import_staff_sheet(
        &st.store,
        &auth.actor,
        bytes.to_vec(),
        &units,
        super::today(),
    )
    .await
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
        write_staff(&st.config.agency_name, &rows, super::today()).map_err(tdkt_store::internal)?;
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
