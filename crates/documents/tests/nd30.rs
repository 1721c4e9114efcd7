//! NĐ 30 documents: what a reader of the Word file and of the PDF finds.
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use chrono::NaiveDate;
use quick_xml::events::Event;
use tdkt_documents::nd30::{
    AdminDocument, Align, Annex, Block, Column, DocError, DocKind, IssueDate, NUMBER_BLANK,
    SignPrefix, Signature, Span, Table, document_symbol, samples, to_docx, to_pdf,
};

const SEED: &str = include_str!("nd30/seed_plan_2021.txt");
const QUOC_HIEU: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
const TIEU_NGU: &str = "Độc lập - Tự do - Hạnh phúc";

/// Every part of the .docx package by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut parts = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        parts.insert(f.name().unwrap().into_owned(), s);
    }
    parts
}

/// Parses a part with a real XML parser (fails on malformed markup) and
/// returns the text of each `w:p` paragraph, `w:tab` as '\t', `w:br` as '\n'.
fn paragraphs(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    let mut in_t = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().0 == "w:p" => cur = Some(String::new()),
            Event::Empty(e) if e.name().0 == "w:p" => out.push(String::new()),
            Event::End(e) if e.name().0 == "w:p" => out.push(cur.take().unwrap()),
            Event::Start(e) if e.name().0 == "w:t" => in_t = true,
            Event::End(e) if e.name().0 == "w:t" => in_t = false,
            Event::Empty(e) if e.name().0 == "w:tab" => {
                if let Some(c) = cur.as_mut() {
                    c.push('\t')
                }
            }
            Event::Empty(e) if e.name().0 == "w:br" => {
                if let Some(c) = cur.as_mut() {
                    c.push('\n')
                }
            }
            Event::Text(t) if in_t => {
                let text = t.xml_content(quick_xml::XmlVersion::Implicit1_0);
                cur.as_mut()
                    .expect("text inside a paragraph")
                    .push_str(&text);
            }
            Event::GeneralRef(r) if in_t => {
                let name = r.into_inner();
                let c = match name.as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unexpected entity {other}"),
                };
                cur.as_mut().unwrap().push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Attributes of every element with this name, in document order.
fn elements(xml: &str, name: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().0 == name => {
                out.push(
                    e.attributes()
                        .map(|a| {
                            let a = a.unwrap();
                            (
                                a.key.0.to_owned(),
                                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .unwrap()
                                    .into_owned(),
                            )
                        })
                        .collect(),
                );
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn attr<'a>(m: &'a BTreeMap<String, String>, k: &str) -> &'a str {
    m.get(k).map(String::as_str).unwrap_or("")
}

/// Text of each page of a PDF, as a PDF reader extracts it.
fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let doc = lopdf::Document::load_mem(bytes).expect("a readable PDF");
    let pages = doc.get_pages();
    pages
        .keys()
        .map(|n| doc.extract_text(&[*n]).expect("extractable text"))
        .collect()
}

/// Whitespace-insensitive: PDF extraction breaks lines where the layout did.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn docx_of_the_seed_plan_has_the_nd30_header_signature_and_every_seed_line() {
    let bytes = to_docx(&samples::seed_plan_2021()).unwrap();
    let parts = unzip(&bytes);
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/header1.xml",
    ] {
        assert!(parts.contains_key(part), "missing {part}");
    }
    for (name, xml) in &parts {
        // every part is well-formed
        elements(xml, "never-there");
        assert!(!name.is_empty());
    }
    let doc = &parts["word/document.xml"];
    let paras = paragraphs(doc);
    let has = |s: &str| paras.iter().any(|p| p == s);
    assert!(has(QUOC_HIEU));
    assert!(has(TIEU_NGU));
    assert!(has("UBND TỈNH KHÁNH HÒA"));
    assert!(has("BAN DÂN TỘC"));
    assert!(
        has(&format!("Số: {NUMBER_BLANK}/KH-BDT")),
        "draft number line"
    );
    assert!(has("Khánh Hòa, ngày     tháng     năm 2021"));
    assert!(has("- Lưu: VT, VP."));
    // Every non-empty line of the seed is a paragraph of the document, verbatim.
    for line in SEED.lines().map(str::trim).filter(|l| !l.is_empty()) {
        assert!(has(line), "seed line missing from the .docx: {line}");
    }
    // Order: the signer's position comes after the last article, the name after it.
    let pos = |s: &str| paras.iter().position(|p| p == s).unwrap();
    assert!(pos("III. TỔ CHỨC THỰC HIỆN") < pos("TRƯỞNG BAN"));
    assert!(pos("TRƯỞNG BAN") < pos("Đặng Văn Tuấn"));
    assert!(pos("Nơi nhận:(VBĐT)") < pos("- Ủy ban Dân tộc;"));
}

#[test]
fn docx_sets_times_new_roman_on_all_four_slots_and_the_a4_page() {
    let parts = unzip(&to_docx(&samples::seed_plan_2021()).unwrap());
    for part in ["word/styles.xml", "word/document.xml", "word/header1.xml"] {
        let fonts = elements(&parts[part], "w:rFonts");
        assert!(!fonts.is_empty(), "{part} sets no font");
        for f in fonts {
            for slot in ["w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"] {
                assert_eq!(attr(&f, slot), "Times New Roman", "{part} {slot}");
            }
        }
    }
    let sect = &parts["word/document.xml"];
    let size = &elements(sect, "w:pgSz")[0];
    assert_eq!((attr(size, "w:w"), attr(size, "w:h")), ("11906", "16838"));
    let mar = &elements(sect, "w:pgMar")[0];
    // 20 mm top and bottom, 30 mm left, 15 mm right (in twentieths of a point).
    assert_eq!(attr(mar, "w:top"), "1134");
    assert_eq!(attr(mar, "w:bottom"), "1134");
    assert_eq!(attr(mar, "w:left"), "1701");
    assert_eq!(attr(mar, "w:right"), "850");
    // No page number on page 1: a distinct first-page header.
    assert_eq!(elements(sect, "w:titlePg").len(), 1);
    assert!(parts["word/header1.xml"].contains(" PAGE "));
    // 14 pt body by default.
    let sz = &elements(&parts["word/styles.xml"], "w:sz")[0];
    assert_eq!(attr(sz, "w:val"), "28");
}

fn decision_on(date: NaiveDate) -> AdminDocument {
    AdminDocument {
        date: IssueDate::On(date),
        ..samples::sample_decision()
    }
}

#[test]
fn dates_and_numbers_are_zero_padded_as_nd30_says() {
    let cases = [
        ((2021, 1, 5), "Khánh Hòa, ngày 05 tháng 01 năm 2021"),
        ((2021, 2, 14), "Khánh Hòa, ngày 14 tháng 02 năm 2021"),
        ((2021, 3, 9), "Khánh Hòa, ngày 09 tháng 3 năm 2021"),
        ((2021, 11, 20), "Khánh Hòa, ngày 20 tháng 11 năm 2021"),
    ];
    for ((y, m, d), expected) in cases {
        let mut doc = decision_on(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        doc.number = Some(document_symbol(Some(7), DocKind::QuyetDinh, "UBND"));
        let paras = paragraphs(&unzip(&to_docx(&doc).unwrap())["word/document.xml"]);
        assert!(
            paras.iter().any(|p| p == expected),
            "{expected} not in {paras:?}"
        );
        assert!(paras.iter().any(|p| p == "Số: 07/QĐ-UBND"));
        let pdf = squash(&pdf_pages(&to_pdf(&doc).unwrap())[0]);
        assert!(pdf.contains(expected), "{expected} not in the PDF: {pdf}");
        assert!(pdf.contains("Số: 07/QĐ-UBND"));
    }
}

#[test]
fn decision_has_authority_basis_articles_signature_and_attached_list() {
    let doc = samples::sample_decision();
    let parts = unzip(&to_docx(&doc).unwrap());
    let xml = &parts["word/document.xml"];
    let paras = paragraphs(xml);
    let has = |s: &str| paras.iter().any(|p| p == s);
    assert!(has("QUYẾT ĐỊNH"));
    assert!(has("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"));
    assert!(has("ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA"));
    assert!(has("Căn cứ Luật Thi đua, khen thưởng;"));
    assert!(has(
        "Theo đề nghị của Trưởng Ban Thi đua - Khen thưởng tỉnh tại Tờ trình số 12/TTr-BTĐKT ngày 02 tháng 01 năm 2026."
    ));
    assert!(has("QUYẾT ĐỊNH:"));
    assert!(has(
        "Điều 2. Kèm theo Bằng khen được tặng tiền thưởng theo quy định."
    ));
    assert!(has("KT. CHỦ TỊCH"));
    assert!(has("PHÓ CHỦ TỊCH"));
    assert!(has("- Như Điều 3;"));
    assert!(has("- Lưu: VT, NC."));
    assert!(has("DANH SÁCH"));
    assert!(has(
        "(Kèm theo Quyết định số 15/QĐ-UBND ngày 05 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa)"
    ));
    assert!(has("Bà Trần Thị Bình"));
    // "Điều 1." is bold, the rest of the article is not.
    assert!(xml.contains(r#"<w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">Điều 1.</w:t>"#));
    // The attached list is its own section whose page numbers start again.
    let sections = elements(xml, "w:sectPr");
    assert_eq!(sections.len(), 2);
    let restarts = elements(xml, "w:pgNumType");
    assert_eq!(restarts.len(), 1);
    assert_eq!(attr(&restarts[0], "w:start"), "1");
    // The list tables repeat their header row on each page.
    assert_eq!(elements(xml, "w:tblHeader").len(), 2);

    let pages = pdf_pages(&to_pdf(&doc).unwrap());
    assert_eq!(pages.len(), 2, "decision on one page, list on the next");
    let p1 = squash(&pages[0]);
    assert!(p1.contains("KT. CHỦ TỊCH") && p1.contains("Nguyễn Văn An"));
    let p2 = squash(&pages[1]);
    assert!(
        p2.starts_with("DANH SÁCH"),
        "annex page shows no number: {p2}"
    );
    for cell in [
        "STT",
        "Họ và tên",
        "Bà Trần Thị Bình",
        "Phòng Chính sách",
        "II. Tập thể",
    ] {
        assert!(p2.contains(cell), "{cell} not on the annex page: {p2}");
    }
}

#[test]
fn pdf_of_the_seed_plan_embeds_the_fonts_and_keeps_vietnamese_text() {
    let bytes = to_pdf(&samples::seed_plan_2021()).unwrap();
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    // Four embedded TrueType subsets of Liberation Serif.
    let mut embedded = Vec::new();
    for obj in pdf.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.has(b"FontFile2") {
            let name = dict.get(b"FontName").unwrap().as_name().unwrap();
            embedded.push(String::from_utf8_lossy(name).into_owned());
        }
    }
    embedded.sort();
    assert_eq!(embedded.len(), 4, "{embedded:?}");
    assert!(
        embedded.iter().all(|n| n.contains("LiberationSerif")),
        "{embedded:?}"
    );

    let pages = pdf_pages(&bytes);
    assert!(pages.len() >= 2);
    let all = squash(&pages.join("\n"));
    for expected in [
        QUOC_HIEU,
        TIEU_NGU,
        "UBND TỈNH KHÁNH HÒA",
        "BAN DÂN TỘC",
        "KẾ HOẠCH",
        "Phát động Phong trào thi đua công tác dân tộc năm 2021",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Nơi nhận:(VBĐT)",
        "- Ban TĐ-KT tỉnh;",
        "- Lưu: VT, VP.",
        "TRƯỞNG BAN",
        "Đặng Văn Tuấn",
    ] {
        assert!(all.contains(expected), "{expected} not in the PDF text");
    }
    // Every word of the seed survives (line breaks and justification aside).
    let words: Vec<&str> = SEED.split_whitespace().collect();
    let text = all.replace(' ', "");
    let mut at = 0;
    for w in words {
        match text[at..].find(w) {
            Some(i) => at += i + w.len(),
            None => panic!("seed word {w:?} missing or out of order in the PDF"),
        }
    }
    // Page 1 carries no number; page 2 starts with "2".
    assert!(!pages[0].trim_start().starts_with('1'));
    assert!(pages[1].trim_start().starts_with("2\n") || pages[1].trim_start().starts_with("2 "));
}

fn long_document() -> AdminDocument {
    let mut doc = samples::seed_plan_2021();
    let body = doc.body.clone();
    for _ in 0..4 {
        doc.body.extend(body.iter().cloned());
    }
    doc.annexes.push(Annex {
        label: Some("Phụ lục I".to_owned()),
        title: "Danh sách đăng ký thi đua".to_owned(),
        subtitle: Some(doc.attached_note("Ban Dân tộc")),
        blocks: vec![Block::Table(Table {
            columns: vec![
                Column::new("STT", 0.5, Align::Center),
                Column::new("Họ và tên", 2.5, Align::Left),
                Column::new("Danh hiệu đăng ký", 2.0, Align::Left),
            ],
            rows: (1..=80)
                .map(|i| {
                    vec![
                        i.to_string(),
                        format!("Nguyễn Thị Hồng Nhung {i}"),
                        "Chiến sĩ thi đua cơ sở".to_owned(),
                    ]
                })
                .collect(),
        })],
    });
    doc
}

#[test]
fn long_documents_number_pages_from_two_and_annexes_on_their_own() {
    let doc = long_document();
    let pages = pdf_pages(&to_pdf(&doc).unwrap());
    assert!(pages.len() >= 10, "{} pages", pages.len());
    let first_line = |p: &str| p.split_whitespace().next().unwrap_or("").to_owned();
    let annex_start = pages
        .iter()
        .position(|p| squash(p).starts_with("Phụ lục I"))
        .expect("the annex starts a page without a number");
    assert!(annex_start >= 8);
    assert_ne!(first_line(&pages[0]), "1");
    for (i, page) in pages[1..annex_start].iter().enumerate() {
        assert_eq!(first_line(page), (i + 2).to_string(), "page {}", i + 2);
    }
    // The annex runs over several pages numbered 2, 3… with the table header repeated.
    assert!(pages.len() - annex_start >= 2);
    for (i, page) in pages[annex_start + 1..].iter().enumerate() {
        assert_eq!(first_line(page), (i + 2).to_string());
        assert!(
            squash(page).contains("STT Họ và tên Danh hiệu đăng ký"),
            "header row repeated"
        );
    }
    let last = squash(pages.last().unwrap());
    assert!(last.contains("Nguyễn Thị Hồng Nhung 80"));
    // Every row made it, once.
    let all = squash(&pages.join("\n"));
    for i in 1..=80 {
        assert_eq!(all.matches(&format!("Nhung {i} ")).count(), 1, "row {i}");
    }
}

const HOSTILE: &str = r##"#set page(width: 1pt) *bold* _x_ [link] <w:t>&amp; "quoted" 'single' \n\\ ]]> <!-- --> {{x}} $math$ `raw` @ref // comment"##;

#[test]
fn user_text_is_never_markup() {
    let mut doc = samples::seed_plan_2021();
    doc.summary = HOSTILE.to_owned();
    doc.issuer = format!("BAN <b>{HOSTILE}");
    doc.body.insert(
        0,
        Block::Paragraph(vec![Span::plain(HOSTILE), Span::bold("</w:r>")]),
    );
    doc.recipients.push(HOSTILE.to_owned());
    doc.signature.signer = format!("{HOSTILE}\u{0}\u{1b}");
    doc.annexes.push(Annex {
        label: Some("Phụ lục <I>".to_owned()),
        title: "x".to_owned(),
        subtitle: None,
        blocks: vec![Block::Table(Table {
            columns: vec![Column::new("<th>&", 1.0, Align::Left)],
            rows: vec![vec![HOSTILE.to_owned()]],
        })],
    });
    let parts = unzip(&to_docx(&doc).unwrap());
    let paras = paragraphs(&parts["word/document.xml"]);
    let count = paras.iter().filter(|p| p.contains(HOSTILE)).count();
    // summary, body, recipient, signer, table cell; the issuer upper-cased.
    assert!(count >= 5, "{count}: {paras:?}");
    assert!(paras.iter().any(|p| p == &format!("{HOSTILE}</w:r>")));
    assert!(
        paras.iter().any(|p| p == HOSTILE),
        "control characters dropped from the signer"
    );
    assert!(paras.iter().any(|p| p == "<th>&"));
    assert!(paras.iter().any(|p| p == &format!("- {HOSTILE};")));
    assert!(
        paras
            .iter()
            .any(|p| p == &format!("BAN <B>{}", HOSTILE.to_uppercase()))
    );
    let core = elements(&parts["docProps/core.xml"], "dc:title");
    assert_eq!(core.len(), 1);

    let pdf = squash(&pdf_pages(&to_pdf(&doc).unwrap()).join("\n"));
    assert!(pdf.contains(&squash(HOSTILE)), "{pdf}");
}

#[test]
fn decomposed_vietnamese_prints_as_composed_letters() {
    let mut doc = samples::seed_plan_2021();
    // "Việt Nam" and "Hồ" typed with combining marks (NFD).
    let nfd = "Vie\u{0323}\u{0302}t Nam Ho\u{0302}\u{0300}";
    doc.body.insert(0, Block::para(nfd));
    let paras = paragraphs(&unzip(&to_docx(&doc).unwrap())["word/document.xml"]);
    assert!(paras.iter().any(|p| p == "Việt Nam Hồ"));
    let pdf = squash(&pdf_pages(&to_pdf(&doc).unwrap())[0]);
    assert!(pdf.contains("Việt Nam Hồ"), "{pdf}");
}

#[test]
fn output_is_deterministic() {
    let doc = samples::sample_decision();
    assert_eq!(to_docx(&doc).unwrap(), to_docx(&doc).unwrap());
    assert_eq!(to_pdf(&doc).unwrap(), to_pdf(&doc).unwrap());
    let plan = samples::seed_plan_2021();
    assert_eq!(to_pdf(&plan).unwrap(), to_pdf(&plan).unwrap());
}

#[test]
fn kinh_gui_block_for_reports_sent_upward() {
    let mut doc = AdminDocument::new(DocKind::BaoCao, "BAN DÂN TỘC", "Khánh Hòa");
    doc.summary = "Kết quả thực hiện phong trào thi đua năm 2021".to_owned();
    doc.kinh_gui = vec![
        "Ủy ban Dân tộc".to_owned(),
        "Ban Thi đua - Khen thưởng tỉnh".to_owned(),
    ];
    doc.body = vec![Block::para("Nội dung báo cáo./.")];
    doc.signature = Signature {
        prefix: Some(SignPrefix::Q),
        authority: None,
        position: "Trưởng ban".to_owned(),
        signer: "Trần Văn B".to_owned(),
    };
    let paras = paragraphs(&unzip(&to_docx(&doc).unwrap())["word/document.xml"]);
    assert!(
        paras.iter().any(|p| p == "Kính gửi:\t- Ủy ban Dân tộc;"),
        "{paras:?}"
    );
    assert!(
        paras
            .iter()
            .any(|p| p == "- Ban Thi đua - Khen thưởng tỉnh.")
    );
    assert!(paras.iter().any(|p| p == "Q. TRƯỞNG BAN"));
    let pdf = squash(&pdf_pages(&to_pdf(&doc).unwrap())[0]);
    assert!(
        pdf.contains("Kính gửi: - Ủy ban Dân tộc; - Ban Thi đua - Khen thưởng tỉnh."),
        "{pdf}"
    );

    doc.kinh_gui.truncate(1);
    let paras = paragraphs(&unzip(&to_docx(&doc).unwrap())["word/document.xml"]);
    assert!(paras.iter().any(|p| p == "Kính gửi: Ủy ban Dân tộc."));
}

#[test]
fn cong_van_prints_its_v_v_line_under_the_number() {
    let mut doc = AdminDocument::new(DocKind::CongVan, "BAN DÂN TỘC", "Khánh Hòa");
    doc.number = Some(document_symbol(Some(120), DocKind::CongVan, "BDT-VP"));
    doc.summary = "V/v đăng ký thi đua năm 2021".to_owned();
    doc.kinh_gui = vec!["Các phòng thuộc Ban".to_owned()];
    doc.body = vec![Block::para("Đề nghị các phòng gửi đăng ký về Văn phòng./.")];
    let pages = pdf_pages(&to_pdf(&doc).unwrap());
    let p1 = squash(&pages[0]);
    assert!(p1.contains("Số: 120/BDT-VP"));
    assert!(p1.contains("V/v đăng ký thi đua năm 2021"));
    let paras = paragraphs(&unzip(&to_docx(&doc).unwrap())["word/document.xml"]);
    assert!(paras.iter().any(|p| p == "V/v đăng ký thi đua năm 2021"));
    assert!(!paras.iter().any(|p| p == "CÔNG VĂN"));
}

#[test]
fn invalid_documents_are_refused_in_vietnamese() {
    let mut doc = samples::seed_plan_2021();
    doc.issuer = "  ".to_owned();
    let err = to_docx(&doc).unwrap_err();
    assert_eq!(err, DocError::Missing("tên cơ quan ban hành"));
    assert_eq!(err.to_string(), "Văn bản thiếu tên cơ quan ban hành");
    assert!(to_pdf(&doc).is_err());

    let mut doc = samples::seed_plan_2021();
    doc.body.push(Block::Table(Table {
        columns: vec![Column::new("A", 1.0, Align::Left)],
        rows: vec![vec!["1".to_owned(), "2".to_owned()]],
    }));
    for err in [to_docx(&doc).unwrap_err(), to_pdf(&doc).unwrap_err()] {
        assert_eq!(
            err.to_string(),
            "Bảng không hợp lệ: dòng 1 có 2 ô nhưng bảng chỉ có 1 cột"
        );
    }
}

#[test]
fn a_word_longer_than_the_line_is_broken_not_lost() {
    let mut doc = samples::seed_plan_2021();
    let long = "x".repeat(400);
    doc.body
        .insert(0, Block::para(format!("Đường dẫn: {long} hết.")));
    let pdf = squash(&pdf_pages(&to_pdf(&doc).unwrap())[0]).replace(' ', "");
    assert!(pdf.contains(&format!("Đườngdẫn:{long}hết.")));
}
