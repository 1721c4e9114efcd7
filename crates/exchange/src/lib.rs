//! `tdkt-exchange/1`: the public interchange format of tdkt (docs/exchange.md).
//!
//! - [`Reader`] reads either encoding, auto-detected, from a path or any `BufRead`,
//!   yielding owned [`Record`]s one at a time; a stream is read in bounded memory.
//! - [`Writer`] writes either encoding, streaming (the document encoding needs records
//!   grouped by type in canonical order).
//! - [`Loader`] turns records into the rules engine's input (`tdkt_domain::rules::Population`),
//!   checking references; [`bulk::load_stream`] does the same for large streams on
//!   several threads.
//!
//! Errors ([`ExchangeError`]) name the file, the line (stream) or the array and index
//! (document), and the field, in Vietnamese.
//!
//! ```
//! use tdkt_exchange::{Encoding, Reader, Record, Writer};
//! let text = "{\"format\": \"tdkt-exchange/1\"}\n{\"type\": \"rating\", \"subject\": \"NV001\", \"year\": 2021, \"rating\": \"HTT\"}\n";
//! let records: Vec<Record> = Reader::new(text.as_bytes(), "mẫu").unwrap().collect::<Result<_, _>>().unwrap();
//! let mut w = Writer::new(Vec::new(), Encoding::Document).unwrap();
//! for r in &records { w.write(r).unwrap(); }
//! let doc = String::from_utf8(w.finish().unwrap()).unwrap();
//! assert!(doc.contains("\"ratings\":["));
//! ```

pub mod bulk;
mod date;
pub mod error;
pub mod fast;
pub mod load;
pub mod parse;
pub mod reader;
pub mod record;
pub mod writer;

pub use error::{ExchangeError, FieldError, Location};
pub use load::{Loaded, Loader, Relevance};
pub use reader::{Encoding, Reader, read_all, read_document};
pub use record::*;
pub use writer::Writer;

/// Strict `YYYY-MM-DD` parsing, as used for every date of the format.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    date::parse(s)
}
