//! Writing either encoding, streaming.

use crate::reader::Encoding;
use crate::record::{FORMAT, Record, RecordType};
use std::io::{self, Write};

/// Writes records. The stream encoding takes records in any order. The document
/// encoding needs them grouped by type in the canonical order (agency, units, people,
/// ratings, awards, initiatives, disciplines, proceedings, leaves, votes, blocs, facts),
/// at most one agency; an out-of-order record is an error (`InvalidInput`). Every array
/// is written, empty when it has no record, as in `testdata/exchange/example.json`.
pub struct Writer<W: Write> {
    w: W,
    encoding: Encoding,
    /// Document: the type whose array is open, and whether it has an element yet.
    open: Option<(RecordType, bool)>,
    /// Document: next type whose key has not been written.
    next: usize,
    count: u64,
    buf: Vec<u8>,
}

fn body(rec: &Record, out: &mut Vec<u8>) -> io::Result<()> {
    let r = match rec {
        Record::Agency(x) => serde_json::to_writer(&mut *out, x),
        Record::Unit(x) => serde_json::to_writer(&mut *out, x),
        Record::Person(x) => serde_json::to_writer(&mut *out, x),
        Record::Rating(x) => serde_json::to_writer(&mut *out, x),
        Record::Award(x) => serde_json::to_writer(&mut *out, x),
        Record::Initiative(x) => serde_json::to_writer(&mut *out, x),
        Record::Discipline(x) => serde_json::to_writer(&mut *out, x),
        Record::Proceeding(x) => serde_json::to_writer(&mut *out, x),
        Record::Leave(x) => serde_json::to_writer(&mut *out, x),
        Record::Vote(x) => serde_json::to_writer(&mut *out, x),
        Record::Bloc(x) => serde_json::to_writer(&mut *out, x),
        Record::Fact(x) => serde_json::to_writer(&mut *out, x),
    };
    r.map_err(io::Error::other)
}

impl<W: Write> Writer<W> {
    pub fn new(mut w: W, encoding: Encoding) -> io::Result<Writer<W>> {
        match encoding {
            Encoding::Stream => writeln!(w, "{{\"format\":\"{FORMAT}\"}}")?,
            Encoding::Document => write!(w, "{{\"format\":\"{FORMAT}\"")?,
        }
        Ok(Writer {
            w,
            encoding,
            open: None,
            next: 0,
            count: 0,
            buf: Vec::with_capacity(256),
        })
    }

    /// Records written so far.
    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn write(&mut self, rec: &Record) -> io::Result<()> {
        self.buf.clear();
        let ty = rec.record_type();
        match self.encoding {
            Encoding::Stream => {
                self.buf.extend_from_slice(b"{\"type\":\"");
                self.buf.extend_from_slice(ty.type_name().as_bytes());
                self.buf.extend_from_slice(b"\",");
                let mut b = std::mem::take(&mut self.buf);
                let start = b.len();
                body(rec, &mut b)?;
                // Drop the body's own opening brace.
                b.remove(start);
                b.push(b'\n');
                self.w.write_all(&b)?;
                self.buf = b;
            }
            Encoding::Document => {
                let idx = RecordType::ALL.iter().position(|t| *t == ty).unwrap_or(0);
                match self.open {
                    Some((open, _)) if open == ty && ty != RecordType::Agency => {
                        self.w.write_all(b",\n")?;
                    }
                    _ => {
                        if idx < self.next {
                            return Err(io::Error::new(
                                io::ErrorKind::InvalidInput,
                                format!(
                                    "bản ghi «{}» đến sau khi mảng của nó đã đóng: tài liệu cần các bản ghi theo thứ tự loại",
                                    ty.type_name()
                                ),
                            ));
                        }
                        self.close_open()?;
                        while self.next < idx {
                            self.empty(RecordType::ALL[self.next])?;
                        }
                        if ty == RecordType::Agency {
                            self.w.write_all(b",\n\"agency\":")?;
                        } else {
                            write!(self.w, ",\n\"{}\":[\n", ty.array_name())?;
                        }
                        self.open = Some((ty, true));
                        self.next = idx + 1;
                    }
                }
                let mut b = std::mem::take(&mut self.buf);
                body(rec, &mut b)?;
                self.w.write_all(&b)?;
                self.buf = b;
            }
        }
        self.count += 1;
        Ok(())
    }

    fn close_open(&mut self) -> io::Result<()> {
        if self
            .open
            .take()
            .is_some_and(|(t, _)| t != RecordType::Agency)
        {
            self.w.write_all(b"\n]")?;
        }
        Ok(())
    }

    fn empty(&mut self, t: RecordType) -> io::Result<()> {
        if t != RecordType::Agency {
            write!(self.w, ",\n\"{}\":[]", t.array_name())?;
        }
        self.next += 1;
        Ok(())
    }

    /// Closes the document (or flushes the stream) and gives the writer back.
    pub fn finish(mut self) -> io::Result<W> {
        if self.encoding == Encoding::Document {
            self.close_open()?;
            while self.next < RecordType::ALL.len() {
                self.empty(RecordType::ALL[self.next])?;
            }
            self.w.write_all(b"\n}\n")?;
        }
        self.w.flush()?;
        Ok(self.w)
    }
}
