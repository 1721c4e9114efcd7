//! A 1,000-recipient award decision to .docx (goal ≤ 1 s) and to PDF (goal
//! ≤ 3 s); 1,000 certificates to one PDF (goal ≤ 5 s).
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tdkt_documents::certificate::{BlankKind, Certificate, certificates_pdf, default_template};
use tdkt_documents::decision_docs::{DecisionDoc, DecisionRecipient, decision};
use tdkt_documents::nd30::{Signature, to_docx, to_pdf};

const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"];
const GIVEN: [&str; 8] = [
    "Thị Hồng Nhung",
    "Văn Đức",
    "Minh Tuấn",
    "Thị Ánh",
    "Quốc Việt",
    "Thu Hà",
    "Hữu Phước",
    "Ngọc Yến",
];

fn name(i: usize) -> String {
    format!("{} {} {i}", FAMILY[i % 8], GIVEN[i / 8 % 8])
}

fn big_decision() -> DecisionDoc {
    DecisionDoc {
        parent_body: Some("UBND TỈNH KHÁNH HÒA".into()),
        issuer: "SỞ NỘI VỤ".into(),
        issuer_in_text: "Sở Nội vụ tỉnh Khánh Hòa".into(),
        number: Some("120/QĐ-SNV".into()),
        signed_on: NaiveDate::from_ymd_opt(2021, 12, 20),
        year: 2021,
        place: "Khánh Hòa".into(),
        summary: "Về việc khen thưởng thành tích năm 2021".into(),
        authority_line: "GIÁM ĐỐC SỞ NỘI VỤ TỈNH KHÁNH HÒA".into(),
        basis: vec![
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022".into(),
            "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng".into(),
        ],
        proposer: Some("Theo đề nghị của Trưởng phòng Công tác thi đua, khen thưởng".into()),
        articles: Vec::new(),
        signature: Signature {
            prefix: None,
            authority: None,
            position: "Giám đốc".into(),
            signer: "Đặng Văn Tuấn".into(),
        },
        recipients: vec!["Như Điều 3".into()],
        archive: "VT, TĐKT".into(),
        recipients_list: (0..1000)
            .map(|i| DecisionRecipient {
                name: name(i),
                position_unit: "Chuyên viên Phòng Tổng hợp, Văn phòng Sở".into(),
                award: if i % 5 == 0 { "Chiến sĩ thi đua cơ sở" } else { "Lao động tiên tiến" }.into(),
                citation: "Đã hoàn thành xuất sắc nhiệm vụ năm 2021".into(),
                bonus: Some(if i % 5 == 0 { 1_490_000 } else { 447_000 }),
                individual: i % 10 != 9,
            })
            .collect(),
    }
}

fn certificates() -> Vec<Certificate> {
    (0..1000)
        .map(|i| Certificate {
            name: format!("Bà {}", name(i)),
            position: "Chuyên viên Phòng Tổng hợp, Văn phòng Sở Nội vụ tỉnh Khánh Hòa".into(),
            citation: "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2021, góp phần vào sự nghiệp xây dựng chủ nghĩa xã hội và bảo vệ Tổ quốc".into(),
            award: "Giấy khen".into(),
            decision_line: "Quyết định số 120/QĐ-SNV ngày 20/12/2021".into(),
            date_line: "Khánh Hòa, ngày 20 tháng 12 năm 2021".into(),
            signer_position: "GIÁM ĐỐC".into(),
            signer_name: "Đặng Văn Tuấn".into(),
            verify_url: format!("https://tdkt.example.vn/xac-minh/2021-{i:05}-7f3a9c"),
        })
        .collect()
}

fn decisions(c: &mut Criterion) {
    let doc = decision(&big_decision());
    let certs = certificates();
    let template = default_template(BlankKind::GiayKhen);
    let mut group = c.benchmark_group("decision");
    group.sample_size(10);
    group.bench_function("1000_recipients_docx", |b| {
        b.iter(|| to_docx(black_box(&doc)).map(|v| v.len()))
    });
    group.bench_function("1000_recipients_pdf", |b| {
        b.iter(|| to_pdf(black_box(&doc)).map(|v| v.len()))
    });
    group.bench_function("1000_certificates_pdf", |b| {
        b.iter(|| certificates_pdf(black_box(&template), black_box(&certs)).map(|v| v.len()))
    });
    group.finish();
}

criterion_group!(benches, decisions);
criterion_main!(benches);
