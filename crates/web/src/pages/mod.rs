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
