//! Invalid input is an error naming the file, the line (stream) or the record (document),
//! and the field — through the plain reader and through the parallel bulk loader.

use tdkt_exchange::{ExchangeError, Location, Relevance, bulk};

const HEAD: &str = "{\"format\": \"tdkt-exchange/1\"}\n\
{\"type\": \"unit\", \"id\": \"U\", \"name\": \"Cơ quan\", \"parent\": null, \"kind\": \"agency\"}\n\
{\"type\": \"person\", \"id\": \"NV001\", \"name\": \"Lê Thị Hồng\", \"gender\": \"nu\", \"unit\": \"U\", \"employment\": []}\n";

fn bulk_err(body: &str, threads: usize) -> ExchangeError {
    let text = format!("{HEAD}{body}");
    bulk::load_stream(text.as_bytes(), "dữ-liệu.ndjson", Relevance::all(), threads).unwrap_err()
}

fn check(body: &str, line: u64, field: Option<&str>, words: &str) {
    for threads in [1, 2] {
        let e = bulk_err(body, threads);
        assert_eq!(e.location, Location::Line(line), "{e}");
        assert_eq!(e.field.as_deref(), field, "{e}");
        assert!(
            e.to_string().contains(words),
            "«{e}» should contain «{words}»"
        );
        assert!(e.to_string().starts_with("tệp dữ-liệu.ndjson, dòng"), "{e}");
    }
}

#[test]
fn unknown_rating_code() {
    check(
        "{\"type\": \"rating\", \"subject\": \"NV001\", \"year\": 2021, \"rating\": \"XS\"}\n",
        4,
        Some("rating"),
        "XS",
    );
}

#[test]
fn unknown_award_code() {
    check(
        "{\"type\": \"award\", \"subject\": \"NV001\", \"award\": \"LĐTT\", \"year\": 2021}\n",
        4,
        Some("award"),
        "LĐTT",
    );
}

#[test]
fn impossible_date() {
    check(
        "{\"type\": \"discipline\", \"subject\": \"NV001\", \"form\": \"khien-trach\", \"decided_on\": \"2021-02-30\", \"ends_on\": null}\n",
        4,
        Some("decided_on"),
        "2021-02-30",
    );
    check(
        "{\"type\": \"award\", \"subject\": \"NV001\", \"award\": \"LDTT\", \"year\": 2021, \"decision\": {\"number\": \"1\", \"date\": \"2021-02-30\"}}\n",
        4,
        Some("decision.date"),
        "2021-02-30",
    );
}

#[test]
fn rating_for_unknown_person() {
    check(
        "{\"type\": \"rating\", \"subject\": \"NV999\", \"year\": 2021, \"rating\": \"HTT\"}\n",
        4,
        Some("subject"),
        "NV999",
    );
}

#[test]
fn duplicate_ids_and_ratings() {
    check(
        "{\"type\": \"person\", \"id\": \"NV001\", \"name\": \"X\", \"gender\": \"nam\", \"unit\": \"U\"}\n",
        4,
        Some("id"),
        "trùng mã",
    );
    check(
        "{\"type\": \"rating\", \"subject\": \"NV001\", \"year\": 2021, \"rating\": \"HTT\"}\n{\"type\": \"rating\", \"subject\": \"NV001\", \"year\": 2021, \"rating\": \"HT\"}\n",
        5,
        Some("year"),
        "trùng xếp loại",
    );
    let sk = "{\"type\": \"initiative\", \"id\": \"SK1\", \"title\": \"t\", \"authors\": [\"NV001\"], \"category\": \"sang-kien\", \"level\": \"co-so\", \"recognized_on\": \"2021-10-01\"}\n";
    check(&format!("{sk}{sk}"), 5, Some("id"), "SK1");
}

#[test]
fn truncated_file() {
    check(
        "{\"type\": \"rating\", \"subject\": \"NV001\", \"year\": 2021, \"rat",
        4,
        None,
        "cắt cụt",
    );
}

#[test]
fn unknown_record_type_and_missing_type() {
    check(
        "{\"type\": \"medal\", \"subject\": \"NV001\"}\n",
        4,
        Some("type"),
        "medal",
    );
    check(
        "{\"subject\": \"NV001\", \"year\": 2021, \"rating\": \"HTT\"}\n",
        4,
        Some("type"),
        "type",
    );
}

#[test]
fn the_earliest_error_is_reported_across_chunks() {
    // Many valid lines, then two errors far apart: the first one is named.
    let mut body = String::new();
    for y in 1950..2150 {
        body.push_str(&format!(
            "{{\"type\": \"rating\", \"subject\": \"NV001\", \"year\": {y}, \"rating\": \"HTT\"}}\n"
        ));
    }
    body.push_str(
        "{\"type\": \"rating\", \"subject\": \"NV404\", \"year\": 2021, \"rating\": \"HTT\"}\n",
    );
    body.push_str(
        "{\"type\": \"rating\", \"subject\": \"NV001\", \"year\": 2021, \"rating\": \"??\"}\n",
    );
    let e = bulk_err(&body, 2);
    // The parse error (line 205) comes after the unknown subject (line 204), but a
    // parse error stops reading, so references are not checked: it is reported.
    assert!(matches!(e.location, Location::Line(204 | 205)), "{e}");
}

#[test]
fn document_errors_name_array_and_index() {
    let doc = r#"{"format": "tdkt-exchange/1",
      "units": [{"id": "U", "name": "Cơ quan", "parent": null, "kind": "agency"}],
      "people": [{"id": "NV001", "name": "A", "gender": "nu", "unit": "U"}],
      "ratings": [{"subject": "NV001", "year": 2020, "rating": "HTT"}, {"subject": "NV001", "year": 2021, "rating": "TOT"}]}"#;
    let e = bulk::load_stream(doc.as_bytes(), "a.json", Relevance::all(), 2).unwrap_err();
    assert_eq!(
        e.location,
        Location::Record {
            array: "ratings",
            index: 1
        },
        "{e}"
    );
    assert_eq!(e.field.as_deref(), Some("rating"));
    assert!(
        e.to_string().contains("mảng «ratings», bản ghi số 2"),
        "{e}"
    );
    let doc = r#"{"format": "tdkt-exchange/1", "people": [{"id": "NV001", "name": "A", "gender": "nu", "unit": "KHONG-CO"}]}"#;
    let e = bulk::load_stream(doc.as_bytes(), "b.json", Relevance::all(), 1).unwrap_err();
    assert_eq!(
        e.location,
        Location::Record {
            array: "people",
            index: 0
        },
        "{e}"
    );
    assert_eq!(e.field.as_deref(), Some("unit"));
    let e = bulk::load_stream(
        &b"{\"format\": \"tdkt-exchange/2\"}\n"[..],
        "c.ndjson",
        Relevance::all(),
        1,
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("format"));
    let e = bulk::load_stream(&b""[..], "d.ndjson", Relevance::all(), 1).unwrap_err();
    assert!(e.to_string().contains("rỗng"), "{e}");
}

#[test]
fn unknown_fields_and_fact_keys_are_accepted() {
    let body = "{\"type\": \"rating\", \"subject\": \"NV001\", \"year\": 2021, \"rating\": \"HTT\", \"note\": {\"x\": [1, 2]}}\n\
{\"type\": \"fact\", \"subject\": \"NV001\", \"year\": 2021, \"key\": \"registered\", \"value\": true}\n";
    let text = format!("{HEAD}{body}");
    let loaded = bulk::load_stream(text.as_bytes(), "ok.ndjson", Relevance::all(), 2).unwrap();
    let p = &loaded.population.people()[0];
    assert_eq!(p.facts.len(), 1);
    assert_eq!(p.fact_named("registered", 2021), Some(true));
}
