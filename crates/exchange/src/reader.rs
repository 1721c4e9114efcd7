//! Reading either encoding, auto-detected: a stream's first line is an object holding
//! only `format`; anything else is a document.

use crate::error::{ExchangeError, FieldError, Location, translate};
use crate::parse::{parse_line, parse_value};
use crate::record::{FORMAT, Record, RecordType};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Records of a document with where each was read (or the error in its place).
pub type LocatedRecords = Vec<Result<(Record, Location), ExchangeError>>;

/// The two encodings of `tdkt-exchange/1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// JSON Lines: a `{"format": …}` line, then one record a line with `"type"`.
    Stream,
    /// One JSON object with one array per record type.
    Document,
}

enum Inner<R> {
    Stream {
        r: R,
        line: u64,
        buf: Vec<u8>,
    },
    Document {
        items: std::vec::IntoIter<Result<(Record, Location), ExchangeError>>,
    },
}

/// Yields the records of a file one at a time, as owned values. A stream is read line
/// by line in bounded memory; a document (meant for small files) is parsed whole.
/// Errors name the file, the line (stream) or array and index (document), and the
/// field; reading goes on after a bad record, so a caller may list every problem.
pub struct Reader<R> {
    source: String,
    encoding: Encoding,
    inner: Inner<R>,
}

impl Reader<BufReader<File>> {
    /// Opens a file by path; the path is used in error messages.
    pub fn open(path: &Path) -> Result<Reader<BufReader<File>>, ExchangeError> {
        let name = path.display().to_string();
        let f = File::open(path).map_err(|e| {
            ExchangeError::new(
                &name,
                Location::File,
                None,
                format!("không mở được tệp: {e}"),
            )
        })?;
        Reader::new(BufReader::with_capacity(1 << 20, f), &name)
    }
}

/// Whether a first line announces the stream encoding (an object holding only `format`).
pub(crate) fn stream_header(source: &str, first: &[u8]) -> Result<bool, ExchangeError> {
    let Ok(map) = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(first)
    else {
        return Ok(false);
    };
    if map.len() != 1 {
        return Ok(false);
    }
    match map.get("format") {
        Some(serde_json::Value::String(s)) if s == FORMAT => Ok(true),
        Some(v) => Err(ExchangeError::new(
            source,
            Location::Line(1),
            Some("format".into()),
            format!("định dạng không được hỗ trợ {v} (cần \"{FORMAT}\")"),
        )),
        None => Ok(false),
    }
}

impl<R: BufRead> Reader<R> {
    /// Wraps a buffered reader; `source_name` names it in errors ("<stdin>", a path…).
    pub fn new(mut r: R, source_name: &str) -> Result<Reader<R>, ExchangeError> {
        let io = |e: std::io::Error| {
            ExchangeError::new(
                source_name,
                Location::File,
                None,
                format!("lỗi đọc tệp: {e}"),
            )
        };
        let mut first = Vec::new();
        r.read_until(b'\n', &mut first).map_err(io)?;
        if first.iter().all(|b| b.is_ascii_whitespace()) && {
            // The whole file may be blank.
            let mut probe = Vec::new();
            r.read_to_end(&mut probe).map_err(io)?;
            first.extend_from_slice(&probe);
            first.iter().all(|b| b.is_ascii_whitespace())
        } {
            return Err(ExchangeError::new(
                source_name,
                Location::File,
                None,
                "tệp rỗng",
            ));
        }
        if stream_header(source_name, &first)? {
            return Ok(Reader {
                source: source_name.to_string(),
                encoding: Encoding::Stream,
                inner: Inner::Stream {
                    r,
                    line: 1,
                    buf: Vec::new(),
                },
            });
        }
        let mut all = first;
        r.read_to_end(&mut all).map_err(io)?;
        let items = read_document(source_name, &all)?;
        Ok(Reader {
            source: source_name.to_string(),
            encoding: Encoding::Document,
            inner: Inner::Document {
                items: items.into_iter(),
            },
        })
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    pub fn source_name(&self) -> &str {
        &self.source
    }
}

/// Parses a whole document into its records in canonical order (errors in place).
pub fn read_document(source: &str, bytes: &[u8]) -> Result<LocatedRecords, ExchangeError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        let loc = if e.line() > 0 {
            Location::Line(e.line() as u64)
        } else {
            Location::Document
        };
        ExchangeError::new(source, loc, None, translate(&e.to_string()))
    })?;
    let serde_json::Value::Object(mut map) = value else {
        return Err(ExchangeError::new(
            source,
            Location::Document,
            None,
            "tài liệu phải là một đối tượng JSON",
        ));
    };
    match map.get("format") {
        Some(serde_json::Value::String(s)) if s == FORMAT => {}
        Some(v) => {
            return Err(ExchangeError::new(
                source,
                Location::Document,
                Some("format".into()),
                format!("định dạng không được hỗ trợ {v} (cần \"{FORMAT}\")"),
            ));
        }
        None => {
            return Err(ExchangeError::new(
                source,
                Location::Document,
                Some("format".into()),
                "thiếu trường «format»",
            ));
        }
    }
    let mut out = Vec::new();
    for ty in RecordType::ALL {
        let name = ty.array_name();
        let Some(v) = map.remove(name) else { continue };
        let loc = |index| Location::Record { array: name, index };
        match (ty, v) {
            (_, serde_json::Value::Null) => {}
            (RecordType::Agency, v) => out.push(
                parse_value(ty, v)
                    .map(|r| (r, loc(0)))
                    .map_err(|e| e.at(source, loc(0))),
            ),
            (_, serde_json::Value::Array(items)) => {
                for (i, v) in items.into_iter().enumerate() {
                    out.push(
                        parse_value(ty, v)
                            .map(|r| (r, loc(i)))
                            .map_err(|e| e.at(source, loc(i))),
                    );
                }
            }
            (_, _) => {
                return Err(
                    FieldError::new(name, "phải là một mảng").at(source, Location::Document)
                );
            }
        }
    }
    Ok(out)
}

impl<R: BufRead> Reader<R> {
    /// The next record with where it was read (line of a stream, array and index of a
    /// document), for messages about references checked later.
    pub fn next_located(&mut self) -> Option<Result<(Record, Location), ExchangeError>> {
        match &mut self.inner {
            Inner::Document { items } => items.next(),
            Inner::Stream { r, line, buf } => loop {
                buf.clear();
                match r.read_until(b'\n', buf) {
                    Ok(0) => return None,
                    Ok(_) => {}
                    Err(e) => {
                        return Some(Err(ExchangeError::new(
                            &self.source,
                            Location::Line(*line + 1),
                            None,
                            format!("lỗi đọc tệp: {e}"),
                        )));
                    }
                }
                *line += 1;
                let trimmed = trim(buf);
                if trimmed.is_empty() {
                    continue;
                }
                let at = Location::Line(*line);
                return Some(
                    parse_line(trimmed)
                        .map(|r| (r, at.clone()))
                        .map_err(|e| e.at(&self.source, at)),
                );
            },
        }
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Record, ExchangeError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_located().map(|r| r.map(|(rec, _)| rec))
    }
}

/// A line without surrounding whitespace (and without the `\r` of CRLF files).
pub(crate) fn trim(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}

/// Reads everything from a `Read` (convenience for tests and small inputs).
pub fn read_all<R: Read>(r: R, source_name: &str) -> Result<Vec<Record>, ExchangeError> {
    Reader::new(BufReader::new(r), source_name)?.collect()
}
