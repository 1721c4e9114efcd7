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
        Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
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
        let status = status_of(&self.0);
        let title = match status {
            StatusCode::NOT_FOUND => "Không tìm thấy",
            StatusCode::FORBIDDEN => "Không được phép",
            StatusCode::INTERNAL_SERVER_ERROR => "Lỗi hệ thống",
            _ => "Không thực hiện được",
        };
        let details = self.0.field_errors().iter().map(|f| f.to_string()).collect();
        let message = match &self.0 {
            Error::Validation(_) => "Dữ liệu chưa hợp lệ:".to_string(),
            other => other.to_string(),
        };
        let page = ErrorPage { title, message, details };
        match page.render() {
            Ok(html) => (status, axum::response::Html(html)).into_response(),
            Err(_) => (status, title.to_string()).into_response(),
        }
    }
}
