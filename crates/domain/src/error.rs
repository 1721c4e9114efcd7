//! The one error vocabulary of tdkt. Each variant has a Vietnamese message here;
//! the web layer maps it to an HTTP status and a JSON form, the CLI prints it.

use serde::Serialize;
use std::fmt;

/// Where in an uploaded file a problem sits: sheet, row (1-based, as Excel shows
/// it) and column letter or header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(s) = &self.sheet {
            parts.push(format!("trang «{s}»"));
        }
        if let Some(r) = self.row {
            parts.push(format!("dòng {r}"));
        }
        if let Some(c) = &self.column {
            parts.push(format!("cột {c}"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// One thing wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Machine name of the field (`full_name`, `birth_date`…).
    pub field: String,
    /// What is wrong, in Vietnamese, for people.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
            location: None,
        }
    }
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(l) => write!(f, "{l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("Dữ liệu chưa hợp lệ: {}", join(.0))]
    Validation(Vec<FieldError>),
    #[error("Không tìm thấy {0}.")]
    NotFound(String),
    #[error("Bạn không có quyền thực hiện thao tác này.")]
    Forbidden,
    #[error("Phiên làm việc đã hết hạn hoặc chưa đăng nhập. Vui lòng đăng nhập lại.")]
    Unauthenticated,
    #[error("{0}")]
    Conflict(FieldError),
    #[error("Tài khoản đang bị khóa. Liên hệ quản trị hệ thống.")]
    Locked,
    #[error(
        "Biểu mẫu đã hết hạn hoặc không hợp lệ (mã chống giả mạo CSRF). Vui lòng tải lại trang và thử lại."
    )]
    Csrf,
    #[error("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {0} giây.")]
    Throttled(u64),
    #[error(
        "Lỗi hệ thống (mã tham chiếu {0}). Xin lỗi vì sự bất tiện; vui lòng thử lại hoặc báo quản trị."
    )]
    Internal(String),
}

fn join(errs: &[FieldError]) -> String {
    errs.iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    /// Stable machine code for the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation",
            Error::NotFound(_) => "not_found",
            Error::Forbidden => "forbidden",
            Error::Unauthenticated => "unauthenticated",
            Error::Conflict(_) => "conflict",
            Error::Locked => "locked",
            Error::Csrf => "csrf",
            Error::Throttled(_) => "throttled",
            Error::Internal(_) => "internal",
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Validation(v) => v,
            Error::Conflict(f) => std::slice::from_ref(f),
            _ => &[],
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Error::Validation(vec![FieldError::new(field, message)])
    }
}

/// Collects field errors while validating a form; `finish` fails if any.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn finish(self) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(self.0))
        }
    }
}

/// How many problems of one file are kept and shown: a sheet with millions
/// of faulty cells must not grow the server or the page without bound.
pub const MAX_REPORTED_PROBLEMS: usize = 200;

/// Problems of one file: the first `cap` kept as found, the rest only counted.
#[derive(Debug, Clone)]
pub struct Problems<T = FieldError> {
    kept: Vec<T>,
    total: usize,
    cap: usize,
}

impl<T> Default for Problems<T> {
    fn default() -> Self {
        Problems::with_cap(MAX_REPORTED_PROBLEMS)
    }
}

impl<T> Problems<T> {
    pub fn with_cap(cap: usize) -> Self {
        Problems {
            kept: Vec::new(),
            total: 0,
            cap,
        }
    }

    pub fn push(&mut self, problem: T) {
        self.total += 1;
        if self.kept.len() < self.cap {
            self.kept.push(problem);
        }
    }

    pub fn extend(&mut self, problems: impl IntoIterator<Item = T>) {
        for p in problems {
            self.push(p);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Every problem found, kept or not.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Whether more were found than kept.
    pub fn is_full(&self) -> bool {
        self.total > self.kept.len()
    }

    pub fn kept(&self) -> &[T] {
        &self.kept
    }

    pub fn sort_by_key<K: Ord>(&mut self, key: impl FnMut(&T) -> K) {
        self.kept.sort_by_key(key);
    }

    /// The problems kept and how many more were left out.
    pub fn into_parts(self) -> (Vec<T>, usize) {
        let more = self.total - self.kept.len();
        (self.kept, more)
    }
}

impl Problems<FieldError> {
    /// The kept problems, then one line that counts those left out.
    pub fn into_errors(self) -> Vec<FieldError> {
        let (mut kept, more) = self.into_parts();
        if more > 0 {
            kept.push(FieldError::new("file", more_problems_message(more)));
        }
        kept
    }
}

impl Problems<String> {
    /// The kept problems, then one line that counts those left out.
    pub fn into_lines(self) -> Vec<String> {
        let (mut kept, more) = self.into_parts();
        if more > 0 {
            kept.push(more_problems_message(more));
        }
        kept
    }
}

/// "… and 1.999.800 more", said once under the problems shown.
pub fn more_problems_message(more: usize) -> String {
    format!(
        "… và {} lỗi khác không hiển thị: hãy sửa các lỗi trên (thường cùng một nguyên nhân) rồi tải lên lại.",
        crate::text::format_number(more as i64)
    )
}

#[cfg(test)]
mod problems_tests {
    use super::*;

    #[test]
    fn keeps_the_first_and_counts_the_rest() {
        let mut p = Problems::with_cap(3);
        assert!(p.is_empty());
        for i in 0..2_000_000u32 {
            p.push(FieldError::new("x", format!("lỗi {i}")));
        }
        assert_eq!(p.total(), 2_000_000);
        assert!(p.is_full());
        let errs = p.into_errors();
        assert_eq!(errs.len(), 4);
        assert_eq!(errs[0].message, "lỗi 0");
        assert_eq!(errs[2].message, "lỗi 2");
        assert!(
            errs[3].message.contains("1.999.997 lỗi khác"),
            "{}",
            errs[3]
        );
    }

    #[test]
    fn under_the_cap_nothing_is_added() {
        let mut p: Problems<String> = Problems::with_cap(3);
        p.extend(["a".to_string(), "b".to_string()]);
        assert!(!p.is_full());
        assert_eq!(p.into_lines(), ["a", "b"]);
    }
}
