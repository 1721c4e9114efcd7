//! Errors that name the file, the place (line of a stream, array and index of a
//! document) and the field, in Vietnamese.

use std::fmt;

/// Where in the input a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (empty, unreadable, wrong format line).
    File,
    /// A line of the stream encoding (1-based).
    Line(u64),
    /// A record of the document encoding: array name and 0-based index.
    Record { array: &'static str, index: usize },
    /// The document's top-level object.
    Document,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Line(n) => write!(f, ", dòng {n}"),
            Location::Record { array, index } => write!(
                f,
                ", mảng «{array}», bản ghi số {} (chỉ số {index})",
                index + 1
            ),
            Location::Document => write!(f, ", đối tượng gốc"),
        }
    }
}

/// An invalid or unreadable input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ExchangeError {
    /// File name (or "<stdin>", "<bộ nhớ>").
    pub source_name: String,
    pub location: Location,
    /// The field at fault, as a path (`rating`, `employment[1].from`).
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for ExchangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tệp {}{}", self.source_name, self.location)?;
        if let Some(field) = &self.field {
            write!(f, ", trường «{field}»")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl ExchangeError {
    pub fn new(
        source_name: &str,
        location: Location,
        field: Option<String>,
        message: impl Into<String>,
    ) -> ExchangeError {
        ExchangeError {
            source_name: source_name.to_string(),
            location,
            field,
            message: message.into(),
        }
    }
}

/// A problem inside one record, before it is placed in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Option<String>,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: Some(field.into()),
            message: message.into(),
        }
    }
    pub fn at(self, source_name: &str, location: Location) -> ExchangeError {
        ExchangeError::new(source_name, location, self.field, self.message)
    }
}

/// Turns a serde_json message into Vietnamese where it is one of the common ones.
pub(crate) fn translate(msg: &str) -> String {
    let m = msg.split(" at line ").next().unwrap_or(msg);
    if let Some(rest) = m.strip_prefix("missing field ") {
        return format!("thiếu trường bắt buộc {rest}");
    }
    if m.starts_with("EOF while parsing") {
        return "dữ liệu JSON bị cắt cụt (tệp không trọn vẹn)".to_string();
    }
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        return format!("kiểu giá trị không hợp lệ: {rest}");
    }
    if m.starts_with("expected")
        || m.starts_with("trailing")
        || m.starts_with("key must")
        || m.starts_with("control character")
    {
        return format!("JSON không hợp lệ ({m})");
    }
    if let Some(rest) = m.strip_prefix("invalid value: ") {
        return format!("giá trị không hợp lệ: {rest}");
    }
    if let Some(rest) = m.strip_prefix("duplicate field ") {
        return format!("trường bị lặp {rest}");
    }
    m.to_string()
}
