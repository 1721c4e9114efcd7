//! Parsing one record: from a stream line (with its `type`) or from a document element.

use crate::error::{FieldError, translate};
use crate::record::*;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::borrow::Cow;

fn with_path_error<'de, T: Deserialize<'de>>(d: impl serde::Deserializer<'de>) -> FieldError
where
{
    match serde_path_to_error::deserialize::<_, T>(d) {
        Ok(_) => FieldError {
            field: None,
            message: "bản ghi không hợp lệ".into(),
        },
        Err(e) => {
            let path = e.path().to_string();
            let field = (path != "." && !path.is_empty() && path != "?").then_some(path);
            FieldError {
                field,
                message: translate(&e.inner().to_string()),
            }
        }
    }
}

fn de_line<T: DeserializeOwned>(line: &[u8]) -> Result<T, FieldError> {
    match serde_json::from_slice::<T>(line) {
        Ok(v) => Ok(v),
        // Parse again, tracking the path, only when there is an error to explain.
        Err(_) => Err(with_path_error::<T>(
            &mut serde_json::Deserializer::from_slice(line),
        )),
    }
}

#[derive(Deserialize)]
struct TypeOnly<'a> {
    #[serde(rename = "type", borrow, default)]
    ty: Option<Cow<'a, str>>,
}

/// The record type of a stream line. Lines written as `{"type": "…", …}` are read
/// without parsing the rest; others are parsed for their `type` field.
pub fn sniff_type(line: &[u8]) -> Result<RecordType, FieldError> {
    let fast = line
        .strip_prefix(b"{\"type\":")
        .map(|r| r.strip_prefix(b" ").unwrap_or(r))
        .and_then(|r| r.strip_prefix(b"\""))
        .and_then(|r| {
            let end = memchr::memchr(b'"', r)?;
            let name = &r[..end];
            (!name.contains(&b'\\')).then_some(name)
        });
    let name: Cow<str> = match fast {
        Some(n) => Cow::Borrowed(
            std::str::from_utf8(n).map_err(|_| FieldError::new("type", "không phải UTF-8"))?,
        ),
        None => {
            let t: TypeOnly = serde_json::from_slice(line).map_err(|e| FieldError {
                field: None,
                message: translate(&e.to_string()),
            })?;
            t.ty.ok_or_else(|| {
                FieldError::new("type", "thiếu trường bắt buộc «type» (loại bản ghi)")
            })?
        }
    };
    RecordType::from_type_name(&name).ok_or_else(|| {
        FieldError::new(
            "type",
            format!(
                "loại bản ghi không hợp lệ «{name}» (hợp lệ: {})",
                RecordType::ALL.map(|t| t.type_name()).join(", ")
            ),
        )
    })
}

/// Parses and validates one stream line.
pub fn parse_line(line: &[u8]) -> Result<Record, FieldError> {
    let ty = sniff_type(line)?;
    let rec = parse_typed(ty, line)?;
    rec.validate()?;
    Ok(rec)
}

/// Parses a line already known to be of type `ty` (the `type` field is ignored).
pub fn parse_typed(ty: RecordType, line: &[u8]) -> Result<Record, FieldError> {
    Ok(match ty {
        RecordType::Agency => Record::Agency(de_line(line)?),
        RecordType::Unit => Record::Unit(de_line(line)?),
        RecordType::Person => Record::Person(de_line(line)?),
        RecordType::Rating => Record::Rating(de_line(line)?),
        RecordType::Award => Record::Award(de_line(line)?),
        RecordType::Initiative => Record::Initiative(de_line(line)?),
        RecordType::Discipline => Record::Discipline(de_line(line)?),
        RecordType::Proceeding => Record::Proceeding(de_line(line)?),
        RecordType::Leave => Record::Leave(de_line(line)?),
        RecordType::Vote => Record::Vote(de_line(line)?),
        RecordType::Bloc => Record::Bloc(de_line(line)?),
        RecordType::Fact => Record::Fact(de_line(line)?),
    })
}

fn de_value<T: DeserializeOwned>(v: serde_json::Value) -> Result<T, FieldError> {
    match serde_path_to_error::deserialize::<_, T>(v) {
        Ok(v) => Ok(v),
        Err(e) => {
            let path = e.path().to_string();
            let field = (path != "." && !path.is_empty() && path != "?").then_some(path);
            Err(FieldError {
                field,
                message: translate(&e.inner().to_string()),
            })
        }
    }
}

/// Parses and validates one element of a document array.
pub fn parse_value(ty: RecordType, v: serde_json::Value) -> Result<Record, FieldError> {
    if !v.is_object() {
        return Err(FieldError {
            field: None,
            message: "bản ghi phải là một đối tượng JSON".into(),
        });
    }
    let rec = match ty {
        RecordType::Agency => Record::Agency(de_value(v)?),
        RecordType::Unit => Record::Unit(de_value(v)?),
        RecordType::Person => Record::Person(de_value(v)?),
        RecordType::Rating => Record::Rating(de_value(v)?),
        RecordType::Award => Record::Award(de_value(v)?),
        RecordType::Initiative => Record::Initiative(de_value(v)?),
        RecordType::Discipline => Record::Discipline(de_value(v)?),
        RecordType::Proceeding => Record::Proceeding(de_value(v)?),
        RecordType::Leave => Record::Leave(de_value(v)?),
        RecordType::Vote => Record::Vote(de_value(v)?),
        RecordType::Bloc => Record::Bloc(de_value(v)?),
        RecordType::Fact => Record::Fact(de_value(v)?),
    };
    rec.validate()?;
    Ok(rec)
}
