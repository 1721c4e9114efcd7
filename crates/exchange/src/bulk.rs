//! Loading a large stream on several threads in bounded memory: the file is read in
//! chunks cut at newlines, each worker parses whole chunks into its own [`Loader`], and
//! the loaders are merged at the end. Documents (small by design) are read as usual.

use crate::error::{ExchangeError, Location};
use crate::fast;
use crate::load::{Loaded, Loader, Relevance};
use crate::parse::{parse_line, sniff_type};
use crate::reader::{Reader, stream_header, trim};
use crate::record::{Initiative, RecordType, UsedFor};
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex};
use tdkt_domain::rules::{AwardEntry, EmploymentPeriod};

const CHUNK: usize = 1 << 20;

fn add_person(loader: &mut Loader, p: fast::PersonLine, line: u64) -> Result<(), ExchangeError> {
    let employment = p
        .employment
        .iter()
        .map(|e| EmploymentPeriod {
            kind: e.0,
            from: e.1,
            to: e.2,
            transfer_from: e.3.map(str::to_string),
        })
        .collect();
    loader.add_person(p.id, p.gender, p.unit, employment, line)
}

fn add_initiative(
    loader: &mut Loader,
    i: fast::InitiativeLine,
    line: u64,
) -> Option<Result<(), ExchangeError>> {
    if i.used_for.iter().any(|u| !(1945..=2200).contains(&u.1)) {
        return None;
    }
    Some(loader.add_initiative_with(i.id, &i.authors, line, || {
        Initiative {
            id: i.id.to_string(),
            title: i.title.to_string(),
            authors: i.authors.iter().map(|a| a.to_string()).collect(),
            category: i.category,
            level: i.level,
            recognized_on: i.recognized_on,
            effect_confirmed: i.effect_confirmed,
            used_for: i
                .used_for
                .iter()
                .map(|u| UsedFor {
                    award: u.0,
                    year: u.1,
                })
                .collect(),
        }
    }))
}

/// The fast path for the common line types; None sends the line to the full parser.
fn fast_line(loader: &mut Loader, s: &str, line: u64) -> Option<Result<(), ExchangeError>> {
    // The two commonest lines in the exact compact layout, without sniffing.
    let ninth = s.as_bytes().get(9).copied();
    let exact_rating = if ninth == Some(b'r') {
        fast::rating_exact(s)
    } else {
        None
    };
    if let Some(r) = exact_rating {
        return Some(loader.add_rating(r.subject, r.year, r.rating, line));
    }
    let exact_award = if ninth == Some(b'a') {
        fast::award_exact(s)
    } else {
        None
    };
    if let Some(a) = exact_award {
        let entry = AwardEntry {
            award: a.award,
            year: a.year,
            kind: a.kind,
            decided_on: a.decided_on,
        };
        loader.add_award(a.subject, entry, line);
        return Some(Ok(()));
    }
    // People and initiatives in the exact layout, also without sniffing.
    let exact_person = if ninth == Some(b'p') {
        fast::person_exact(s)
    } else {
        None
    };
    if let Some(p) = exact_person {
        return Some(add_person(loader, p, line));
    }
    let exact_initiative = if ninth == Some(b'i') {
        fast::initiative_exact(s)
    } else {
        None
    };
    if let Some(i) = exact_initiative {
        return add_initiative(loader, i, line);
    }
    let ty = sniff_type(s.as_bytes()).ok()?;
    match ty {
        RecordType::Rating => {
            let r = fast::rating_exact(s).or_else(|| fast::rating(s))?;
            Some(loader.add_rating(r.subject, r.year, r.rating, line))
        }
        RecordType::Award => {
            let a = fast::award_exact(s).or_else(|| fast::award(s))?;
            loader.add_award(
                a.subject,
                AwardEntry {
                    award: a.award,
                    year: a.year,
                    kind: a.kind,
                    decided_on: a.decided_on,
                },
                line,
            );
            Some(Ok(()))
        }
        RecordType::Initiative => {
            let i = fast::initiative(s)?;
            add_initiative(loader, i, line)
        }
        RecordType::Person => {
            let p = fast::person(s)?;
            Some(add_person(loader, p, line))
        }
        _ => None,
    }
}

/// Reads a file of either encoding into the rules engine's input, using `threads`
/// workers for a stream. Memory: the loaded histories plus about
/// (2 × threads + 1) × 4 MiB of buffers.
pub fn load_path(
    path: &Path,
    relevance: Relevance,
    threads: usize,
) -> Result<Loaded, ExchangeError> {
    let name = path.display().to_string();
    let f = File::open(path).map_err(|e| {
        ExchangeError::new(
            &name,
            Location::File,
            None,
            format!("không mở được tệp: {e}"),
        )
    })?;
    let size = f.metadata().map_or(0, |m| m.len());
    load_sized(f, &name, relevance, threads, size)
}

/// Same as [`load_path`] from any reader.
pub fn load_stream<R: Read + Send>(
    r: R,
    name: &str,
    relevance: Relevance,
    threads: usize,
) -> Result<Loaded, ExchangeError> {
    load_sized(r, name, relevance, threads, 0)
}

/// A subject of a real file takes at least about a kilobyte (a person line and a few
/// ratings and awards); reserving for that many avoids regrowing the tables by copying
/// (capacity never touched costs address space, not memory).
const BYTES_PER_SUBJECT: u64 = 1000;

fn load_sized<R: Read + Send>(
    r: R,
    name: &str,
    relevance: Relevance,
    threads: usize,
    size: u64,
) -> Result<Loaded, ExchangeError> {
    let io = |e: std::io::Error| {
        ExchangeError::new(name, Location::File, None, format!("lỗi đọc tệp: {e}"))
    };
    let mut r = BufReader::with_capacity(1 << 16, r);
    let mut first = Vec::new();
    r.read_until(b'\n', &mut first).map_err(io)?;
    if first.is_empty() || !stream_header(name, trim(&first))? {
        // A document, or something the ordinary reader will explain.
        let mut reader = Reader::new(BufReader::new(Cursor::new(first).chain(r)), name)?;
        let mut loader = Loader::new(name, relevance);
        while let Some(rec) = reader.next_located() {
            let (rec, loc) = rec?;
            loader.add(rec, loc)?;
        }
        return loader.finish();
    }
    let threads = threads.max(1);
    let t0 = std::time::Instant::now();
    let (tx, rx) = sync_channel::<(Vec<u8>, usize, u64)>(threads * 2);
    // Buffers come back for reuse: fewer fresh pages for the kernel to clear.
    let (back_tx, back_rx) = std::sync::mpsc::channel::<Vec<u8>>();
    let rx = Arc::new(Mutex::new(rx));
    let stop = AtomicU64::new(u64::MAX);
    let results: Vec<(Loader, Option<ExchangeError>)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let rx = Arc::clone(&rx);
                let back = back_tx.clone();
                let stop = &stop;
                s.spawn(move || {
                    let mut loader = Loader::new(name, relevance);
                    loader
                        .reserve((size / BYTES_PER_SUBJECT / threads as u64).min(1 << 26) as usize);
                    let mut error: Option<ExchangeError> = None;
                    loop {
                        let msg = match rx.lock() {
                            Ok(guard) => guard.recv(),
                            Err(_) => break,
                        };
                        let Ok((buffer, used, start)) = msg else {
                            break;
                        };
                        let chunk = &buffer[..used];
                        if error.is_some() || start > stop.load(Ordering::Relaxed) {
                            continue;
                        }
                        let mut line = start;
                        let mut pos = 0;
                        // One UTF-8 check per chunk; lines are cut at ASCII newlines.
                        let text = simdutf8::basic::from_utf8(chunk).ok();
                        while pos < chunk.len() {
                            let end = memchr::memchr(b'\n', &chunk[pos..])
                                .map_or(chunk.len(), |e| pos + e);
                            let raw = &chunk[pos..end];
                            let ws = |c: Option<&u8>| c.is_some_and(u8::is_ascii_whitespace);
                            let l = if ws(raw.first()) || ws(raw.last()) {
                                trim(raw)
                            } else {
                                raw
                            };
                            if !l.is_empty() {
                                let fast = text
                                    .and_then(|t| t.get(pos..end))
                                    .map(|t| {
                                        let b = t.as_bytes();
                                        let ws =
                                            |c: Option<&u8>| c.is_some_and(u8::is_ascii_whitespace);
                                        if ws(b.first()) || ws(b.last()) {
                                            t.trim()
                                        } else {
                                            t
                                        }
                                    })
                                    .and_then(|t| fast_line(&mut loader, t, line));
                                let r = match fast {
                                    Some(r) => r,
                                    None => parse_line(l)
                                        .map_err(|e| e.at(name, Location::Line(line)))
                                        .and_then(|rec| loader.add(rec, Location::Line(line))),
                                };
                                if let Err(e) = r {
                                    stop.fetch_min(line, Ordering::Relaxed);
                                    error = Some(e);
                                    break;
                                }
                            }
                            line += 1;
                            pos = end + 1;
                        }
                        let _ = back.send(buffer);
                    }
                    // Sorting by id happens here, on every worker at once.
                    loader.seal();
                    (loader, error)
                })
            })
            .collect();
        let mut line = 2u64;
        let mut leftover: Vec<u8> = Vec::new();
        let mut read_error = None;
        loop {
            // Buffers keep their length between uses: zeroed once, never again.
            let mut buf = back_rx.try_recv().unwrap_or_default();
            let need = CHUNK.max(leftover.len() * 2);
            if buf.len() < need {
                buf.resize(need, 0);
            }
            buf[..leftover.len()].copy_from_slice(&leftover);
            let mut filled = leftover.len();
            leftover.clear();
            let mut eof = false;
            while filled < buf.len() {
                match r.read(&mut buf[filled..]) {
                    Ok(0) => {
                        eof = true;
                        break;
                    }
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        read_error = Some(io(e));
                        eof = true;
                        break;
                    }
                }
            }
            let cut = if eof {
                filled
            } else {
                memchr::memrchr(b'\n', &buf[..filled]).map_or(0, |p| p + 1)
            };
            leftover.extend_from_slice(&buf[cut..filled]);
            if cut > 0 {
                let lines = memchr::memchr_iter(b'\n', &buf[..cut]).count() as u64;
                let start = line;
                line += lines;
                if tx.send((buf, cut, start)).is_err() {
                    break;
                }
            }
            if eof || line > stop.load(Ordering::Relaxed) {
                break;
            }
        }
        drop(tx);
        drop(back_tx);
        let mut out = Vec::new();
        for w in workers {
            match w.join() {
                Ok(r) => out.push(r),
                Err(_) => out.push((
                    Loader::new(name, relevance),
                    Some(ExchangeError::new(
                        name,
                        Location::File,
                        None,
                        "lỗi nội bộ khi đọc song song",
                    )),
                )),
            }
        }
        if let Some(e) = read_error {
            out.push((Loader::new(name, relevance), Some(e)));
        }
        out
    });
    let mut loaders = Vec::new();
    let mut first_error: Option<ExchangeError> = None;
    for (l, e) in results {
        if let Some(e) = e {
            let better = match (&first_error, &e.location) {
                (None, _) => true,
                (Some(f), Location::Line(n)) => matches!(f.location, Location::Line(m) if *n < m),
                _ => false,
            };
            if better {
                first_error = Some(e);
            }
        }
        loaders.push(l);
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    let t_parse = t0.elapsed();
    let mut loaded = crate::load::finish_all(loaders)?;
    loaded.phases = vec![("parse", t_parse), ("finish", t0.elapsed())];
    Ok(loaded)
}
