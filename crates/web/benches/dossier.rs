//! A province-size dossier: 500 nominees (400 LĐTT, 100 CSTĐCS), each with
//! four years of ratings and awards and the CSTĐCS ones with an initiative, on
//! SQLite. Measured: the check the dossier page runs (read the dossier, read
//! every nominee's history, the rules engine on each) and the tờ trình with its
//! danh sách rendered to .docx (goal: both together ≤ 1 s).
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tdkt_documents::dossier_docs::{DossierDoc, NomineeLine, to_trinh};
use tdkt_documents::nd30::to_docx;
use tdkt_domain::codes::{AwardCode, AwardKind, InitiativeCategory, InitiativeLevel, Rating};
use tdkt_domain::org::{PersonInput, UnitInput};
use tdkt_domain::rules::RuleBook;
use tdkt_store::history::{NewAward, NewInitiative, Subject};
use tdkt_store::{Actor, Store};

const NOMINEES: usize = 500;

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// A Vietnamese name (names hold no digits): family, middle and given name by `i`.
fn name(i: usize) -> String {
    const FAMILY: [&str; 6] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ"];
    const MIDDLE: [&str; 4] = ["Văn", "Thị", "Minh", "Thu"];
    const GIVEN: [&str; 10] = [
        "An", "Bình", "Cường", "Dũng", "Hà", "Lan", "Mai", "Nam", "Sơn", "Tâm",
    ];
    format!(
        "{} {} {}",
        FAMILY[i % 6],
        MIDDLE[(i / 6) % 4],
        GIVEN[(i / 24) % 10]
    )
}

async fn seed(store: &Store) -> i64 {
    let sys = Actor::system("bench");
    let levels = store.levels().await.expect("levels");
    let mut w = store.begin(&sys).await.expect("begin");
    let mut unit = async |code: &str, parent: Option<i64>, kind: &str, level: &str| {
        let v = UnitInput {
            code: code.into(),
            name: format!("Đơn vị {code}"),
            kind: kind.into(),
            level: level.into(),
            parent_id: parent,
            ..Default::default()
        }
        .validate(&levels)
        .expect("unit");
        w.create_unit(&v, d(2015, 1, 1))
            .await
            .expect("create unit")
            .id
    };
    let agency = unit("SO", None, "agency", "tinh").await;
    let dept = unit("PHONG", Some(agency), "department", "phong").await;
    let dossier = w
        .create_dossier(dept, 2025, None, AwardKind::CongTrang)
        .await
        .expect("dossier");
    for i in 0..NOMINEES {
        let v = PersonInput {
            code: format!("P{i:04}"),
            full_name: name(i),
            gender: if i % 2 == 0 { "nam" } else { "nu" }.into(),
            staff_category: "cong-chuc".into(),
            unit_id: dept,
            employment_start: "01/01/2012".into(),
            position: "Chuyên viên".into(),
            ..Default::default()
        }
        .validate(d(2026, 1, 1))
        .expect("person");
        let pid = w.create_person(&v).await.expect("create person").id;
        let cstdcs = i % 5 == 0;
        for year in 2022..=2025 {
            let r = if cstdcs { Rating::Htxs } else { Rating::Htt };
            w.put_rating(Subject::Person(pid), year, r)
                .await
                .expect("rating");
            if year < 2025 {
                w.add_award(
                    Subject::Person(pid),
                    &NewAward {
                        award: AwardCode::Ldtt,
                        year,
                        kind: AwardKind::CongTrang,
                        decision_number: format!("{}/QĐ-SO", year - 2000),
                        decision_date: Some(d(year, 12, 20)),
                        issuer: "Giám đốc Sở".into(),
                        unit_name: "Phòng".into(),
                    },
                )
                .await
                .expect("award");
            }
        }
        let award = if cstdcs {
            w.put_initiative(&NewInitiative {
                code: format!("SK-{i}"),
                title: format!("Sáng kiến {i}"),
                category: InitiativeCategory::SangKien,
                level: InitiativeLevel::CoSo,
                recognized_on: Some(d(2025, 10, 1)),
                effect_confirmed: true,
                authors: vec![pid],
                used_for: vec![],
            })
            .await
            .expect("initiative");
            AwardCode::Cstdcs
        } else {
            AwardCode::Ldtt
        };
        w.add_nominee(
            dossier,
            Subject::Person(pid),
            award,
            "Hoàn thành tốt nhiệm vụ năm 2025",
        )
        .await
        .expect("nominee");
    }
    w.commit().await.expect("commit");
    dossier
}

fn dossier_500(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite:{}", dir.path().join("bench.sqlite").display());
    let store = rt.block_on(Store::open(&url)).expect("store");
    let id = rt.block_on(seed(&store));
    let actor = Actor::system("bench");
    let book = RuleBook::national();
    let mut group = c.benchmark_group("dossier");
    group.sample_size(10);
    group.bench_function("check_500_nominees", |b| {
        b.iter(|| {
            rt.block_on(async {
                let v = store.dossier(&actor, id).await.expect("dossier");
                let found = store.dossier_verdicts(&v, &book).await.expect("verdicts");
                assert_eq!(found.len(), NOMINEES);
                black_box(found.len())
            })
        })
    });
    let v = rt.block_on(store.dossier(&actor, id)).expect("dossier");
    group.bench_function("to_trinh_docx_500_nominees", |b| {
        b.iter(|| {
            let doc = DossierDoc {
                agency: "Sở".into(),
                unit: v.dossier.unit_name.clone(),
                place: "Khánh Hòa".into(),
                year: 2025,
                kind: "Công trạng và thành tích".into(),
                council: "Hội đồng Thi đua – Khen thưởng Sở".into(),
                basis: vec!["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022".into()],
                nominees: v
                    .nominees
                    .iter()
                    .map(|n| NomineeLine {
                        name: n.name.clone(),
                        position_unit: format!("{}, {}", n.position, n.unit_name),
                        award: n.award.clone(),
                        citation: n.citation.clone(),
                        votes: None,
                        individual: true,
                    })
                    .collect(),
                meeting: None,
            };
            to_docx(&to_trinh(black_box(&doc))).map(|x| x.len())
        })
    });
    group.finish();
}

criterion_group!(benches, dossier_500);
criterion_main!(benches);
