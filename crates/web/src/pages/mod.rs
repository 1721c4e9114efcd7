//! The HTML pages, one module per area.

pub mod assets;
pub mod audit;
pub mod blocs;
pub mod certificates;
pub mod council;
pub mod decisions;
pub mod dossiers;
pub mod eligibility;
pub mod exemplars;
pub mod fund;
pub mod history;
pub mod home;
pub mod import;
pub mod initiatives;
pub mod levels;
pub mod login;
pub mod movements;
pub mod notifications;
pub mod people;
pub mod plan_documents;
pub mod plans;
pub mod public;
pub mod ratings;
pub mod registrations;
pub mod reports;
pub mod units;
pub mod users;
pub mod workforce;
pub mod working_reports;

use crate::error::AppError;
use tdkt_domain::error::Error;

pub async fn not_found() -> AppError {
    AppError(Error::NotFound("trang".into()))
}

/// `?tb=` after a redirect.
#[derive(serde::Deserialize, Default)]
pub struct Notice {
    pub tb: Option<String>,
}

/// The form of a simple POST that carries only the CSRF token.
#[derive(serde::Deserialize)]
pub struct CsrfOnly {
    pub csrf: String,
}

/// A failed form's errors: the first message of each field (shown beside it)
/// and the messages that belong to no field (shown on top).
pub fn form_errors(err: Option<Error>) -> (std::collections::HashMap<String, String>, Vec<String>) {
    let mut fields = std::collections::HashMap::new();
    let mut general = Vec::new();
    if let Some(e) = err {
        if e.field_errors().is_empty() {
            general.push(e.to_string());
        }
        for fe in e.field_errors() {
            fields
                .entry(fe.field.clone())
                .or_insert_with(|| fe.message.clone());
        }
    }
    (fields, general)
}

/// Whether an error is the user's to fix on the form (shown back on it) rather
/// than a page of its own.
/// A date typed in a form field `on_date` (ngày/tháng/năm); `what` names it in the
/// message ("Ngày điều chuyển").
pub fn form_date(what: &str, value: &str) -> Result<chrono::NaiveDate, Error> {
    tdkt_domain::text::parse_date(value).ok_or_else(|| {
        Error::invalid(
            "on_date",
            format!("{what} «{value}» không hợp lệ (ngày/tháng/năm)."),
        )
    })
}

/// An error as the lines a form shows above itself: each field's message (with the
/// sheet, row and column when it has them), or the error itself.
/// A unit's code as it may stand in a file name ("BDT-KH" → "BDT_KH").
pub fn file_code(code: &str) -> String {
    code.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
}

pub fn error_messages(e: &Error) -> Vec<String> {
    if e.field_errors().is_empty() {
        vec![e.to_string()]
    } else {
        e.field_errors().iter().map(|f| f.to_string()).collect()
    }
}

/// A workflow's steps as the history table of its page shows them: when, who, the
/// action's label (`label` names a code) and the note.
pub fn event_lines(
    events: &[tdkt_store::emulation::FlowEvent],
    label: impl Fn(&str) -> &'static str,
) -> Vec<(String, String, &'static str, String)> {
    use crate::fmt::Vn;
    events
        .iter()
        .map(|e| (e.at.vn(), e.actor.clone(), label(&e.action), e.note.clone()))
        .collect()
}

pub fn is_form_error(e: &Error) -> bool {
    matches!(
        e,
        Error::Validation(_) | Error::Conflict(_) | Error::Forbidden
    )
}

/// The end of a form submission: on success go to `redirect(value)`; on an
/// error the user can fix, show the form again (`page`) with the right status;
/// anything else is an error page.
pub async fn respond<T, P: axum::response::IntoResponse>(
    result: Result<T, Error>,
    redirect: impl FnOnce(T) -> String,
    page: impl AsyncFnOnce(Error) -> Result<P, AppError>,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    match result {
        Ok(v) => Ok(axum::response::Redirect::to(&redirect(v)).into_response()),
        Err(e) if is_form_error(&e) => {
            let status = crate::error::status_of(&e);
            Ok((status, page(e).await?).into_response())
        }
        Err(e) => Err(AppError(e)),
    }
}

/// Marks a refused request (4xx) for the access log under `event` (who, when,
/// which path — never what was asked, so a refused ballot reveals no choice).
pub fn refusal_logged(
    mut res: axum::response::Response,
    event: &'static str,
) -> axum::response::Response {
    if res.status().is_client_error() {
        res.extensions_mut().insert(crate::error::Refused(event));
    }
    res
}
