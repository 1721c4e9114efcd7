//! Both encodings carry the same records: the spec's examples read alike, and writing
//! then reading gives the records back; the order of records does not change verdicts.

use std::path::Path;
use tdkt_domain::codes::AwardCode;
use tdkt_domain::rules::{Population, RuleBook};
use tdkt_exchange::{Encoding, Location, Reader, Record, Relevance, Writer, bulk, read_all};

/// The examples of docs/exchange.md: example.json and example.ndjson.
fn spec(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/exchange")
        .join(name)
}

fn records(path: &Path) -> Vec<Record> {
    Reader::open(path)
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

#[test]
fn spec_examples_agree_and_round_trip() {
    let (doc, stream) = (spec("example.json"), spec("example.ndjson"));
    let a = records(&doc);
    let b = records(&stream);
    assert_eq!(a, b);
    assert_eq!(Reader::open(&doc).unwrap().encoding(), Encoding::Document);
    assert_eq!(Reader::open(&stream).unwrap().encoding(), Encoding::Stream);
    for enc in [Encoding::Stream, Encoding::Document] {
        let mut w = Writer::new(Vec::new(), enc).unwrap();
        for r in &a {
            w.write(r).unwrap();
        }
        let bytes = w.finish().unwrap();
        let back = read_all(&bytes[..], "bộ nhớ").unwrap();
        assert_eq!(back, a, "{enc:?}");
    }
}

#[test]
fn document_writer_needs_canonical_order() {
    let recs = read_all(
        &b"{\"format\":\"tdkt-exchange/1\"}\n{\"type\":\"rating\",\"subject\":\"A\",\"year\":2021,\"rating\":\"HTT\"}\n{\"type\":\"unit\",\"id\":\"A\",\"name\":\"x\",\"parent\":null,\"kind\":\"agency\"}\n"[..],
        "x",
    )
    .unwrap();
    let mut w = Writer::new(Vec::new(), Encoding::Document).unwrap();
    w.write(&recs[0]).unwrap();
    assert!(w.write(&recs[1]).is_err());
}

fn verdicts(pop: &Population, award: AwardCode, year: i32, on: &str) -> String {
    let on = tdkt_exchange::parse_date(on).unwrap();
    serde_json::to_string(&pop.evaluate(award, year, on, None, &RuleBook::national())).unwrap()
}

/// Verdicts do not depend on record order: every worked case, records reversed and
/// rotated, written as a stream, read back by the parallel loader.
#[test]
fn verdicts_do_not_depend_on_record_order() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/rules");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let recs = records(&path);
        let original = bulk::load_path(&path, Relevance::all(), 1)
            .unwrap()
            .population;
        for variant in 0..3 {
            let mut shuffled = recs.clone();
            match variant {
                0 => shuffled.reverse(),
                1 => shuffled.rotate_left(recs.len() / 3),
                _ => shuffled.sort_by_key(|r| format!("{r:?}").len()),
            }
            let mut w = Writer::new(Vec::new(), Encoding::Stream).unwrap();
            for r in &shuffled {
                w.write(r).unwrap();
            }
            let bytes = w.finish().unwrap();
            let pop = bulk::load_stream(&bytes[..], "xáo-trộn.ndjson", Relevance::all(), 2)
                .unwrap()
                .population;
            for t in doc["tests"].as_array().unwrap() {
                let award = AwardCode::parse(t["award"].as_str().unwrap()).unwrap();
                let year = t["year"].as_i64().unwrap() as i32;
                let on = t
                    .get("on")
                    .and_then(|v| v.as_str())
                    .map_or_else(|| format!("{year}-12-31"), str::to_string);
                assert_eq!(
                    verdicts(&original, award, year, &on),
                    verdicts(&pop, award, year, &on),
                    "{}",
                    path.display()
                );
                n += 1;
            }
        }
    }
    assert!(n > 100);
}

#[test]
fn streams_are_read_in_bounded_memory_one_record_at_a_time() {
    // An endless-looking stream: the reader yields records without reading ahead.
    struct Lines(u64);
    impl std::io::Read for Lines {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let line = if self.0 == 0 {
                "{\"format\": \"tdkt-exchange/1\"}\n".to_string()
            } else {
                format!(
                    "{{\"type\": \"rating\", \"subject\": \"P{}\", \"year\": 2021, \"rating\": \"HTT\"}}\n",
                    self.0
                )
            };
            self.0 += 1;
            let n = line.len().min(buf.len());
            buf[..n].copy_from_slice(&line.as_bytes()[..n]);
            Ok(n)
        }
    }
    let mut r = Reader::new(std::io::BufReader::with_capacity(4096, Lines(0)), "vô tận").unwrap();
    for i in 1..=10_000u64 {
        let Some(Ok((Record::Rating(x), Location::Line(l)))) = r.next_located() else {
            panic!("record {i}")
        };
        assert_eq!(x.subject, format!("P{i}"));
        assert_eq!(l, i + 1);
    }
}

/// A stream large enough that each of two loaders holds more than 10,000 subjects, so
/// that their tables are merged in two halves on two threads: the population is the
/// one a single loader builds, in the same order, subjects split across loaders
/// included.
#[test]
fn a_large_stream_merged_in_halves_matches_one_loader() {
    let mut text = String::from("{\"format\":\"tdkt-exchange/1\"}\n");
    text.push_str("{\"type\":\"unit\",\"id\":\"U1\",\"name\":\"Phòng 1\",\"parent\":null,\"kind\":\"agency\"}\n");
    let people = 30_000;
    for i in 0..people {
        text.push_str(&format!(
            "{{\"type\":\"person\",\"id\":\"P{i:06}\",\"name\":\"Người {i}\",\"gender\":\"nu\",\"unit\":\"U1\",\"position\":\"Chuyên viên\",\"manager\":false,\"employment\":[{{\"kind\":\"cong-chuc\",\"from\":\"2019-01-01\",\"to\":null}}]}}\n"
        ));
        text.push_str(&format!(
            "{{\"type\":\"rating\",\"subject\":\"P{i:06}\",\"year\":2024,\"rating\":\"HTT\"}}\n"
        ));
    }
    // Ratings of people declared near the start, read by whichever loader takes the end.
    for i in 0..50 {
        text.push_str(&format!(
            "{{\"type\":\"rating\",\"subject\":\"P{:06}\",\"year\":2025,\"rating\":\"HTXS\"}}\n",
            i * 600
        ));
    }
    let one = bulk::load_stream(text.as_bytes(), "lớn.ndjson", Relevance::all(), 1)
        .unwrap()
        .population;
    let two = bulk::load_stream(text.as_bytes(), "lớn.ndjson", Relevance::all(), 2)
        .unwrap()
        .population;
    assert_eq!(one.people().len(), people);
    assert_eq!(one.people(), two.people());
    assert_eq!(one.units(), two.units());
    let late = &two.people()[600];
    assert_eq!(late.id, "P000600");
    assert_eq!(late.ratings.len(), 2);
    assert!(two.people().windows(2).all(|w| w[0].id < w[1].id));
}
