//! The HTML pages, one module per area.

pub mod assets;
pub mod audit;
pub mod blocs;
pub mod eligibility;
pub mod home;
pub mod import;
pub mod levels;
pub mod login;
pub mod movements;
pub mod notifications;
pub mod people;
pub mod plan_documents;
pub mod plans;
pub mod registrations;
pub mod units;
pub mod users;

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

/// Today in Vietnam (UTC+7).
pub fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
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
pub fn is_form_error(e: &Error) -> bool {
    matches!(
        e,
        Error::Validation(_) | Error::Conflict(_) | Error::Forbidden
    )
}
