//! Errors as users see them: a Vietnamese page with the right status (the
//! JSON API has its own form in `api`). Internal errors show only a reference.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tdkt_domain::error::Error;

#[derive(Debug)]
pub struct AppError(pub Error);

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        AppError(e)
    }
}

pub fn status_of(e: &Error) -> StatusCode {
    match e {
        Error::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        Error::Forbidden | Error::Csrf => StatusCode::FORBIDDEN,
        Error::Unauthenticated => StatusCode::UNAUTHORIZED,
        Error::Conflict(_) => StatusCode::CONFLICT,
        Error::Locked => StatusCode::FORBIDDEN,
        Error::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
        Error::MustChangePassword => StatusCode::FORBIDDEN,
        Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Marks a response as a refusal, for the access log (see `security::guard`).
#[derive(Clone, Copy)]
pub struct Refused(pub &'static str);

pub fn refusal_event(e: &Error) -> Option<&'static str> {
    match e {
        Error::Csrf => Some("csrf_rejected"),
        Error::Forbidden => Some("denied"),
        _ => None,
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: String,
    details: Vec<String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if self.0 == Error::Unauthenticated {
            return Redirect::to("/dang-nhap?het_phien=1").into_response();
        }
        if self.0 == Error::MustChangePassword {
            return Redirect::to("/doi-mat-khau").into_response();
        }
        let status = status_of(&self.0);
        let title = match status {
            StatusCode::NOT_FOUND => "Không tìm thấy",
            StatusCode::FORBIDDEN => "Không được phép",
            StatusCode::INTERNAL_SERVER_ERROR => "Lỗi hệ thống",
            _ => "Không thực hiện được",
        };
        let details = self
            .0
            .field_errors()
            .iter()
            .map(|f| f.to_string())
            .collect();
        let message = match &self.0 {
            Error::Validation(_) => "Dữ liệu chưa hợp lệ:".to_string(),
            other => other.to_string(),
        };
        let refusal = refusal_event(&self.0);
        let page = ErrorPage {
            title,
            message,
            details,
        };
        let mut res = match page.render() {
            Ok(html) => (status, axum::response::Html(html)).into_response(),
            Err(_) => (status, title.to_string()).into_response(),
        };
        if let Some(event) = refusal {
            res.extensions_mut().insert(Refused(event));
        }
        res
    }
}
