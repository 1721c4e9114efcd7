//! A province's blocs at year end: 30 blocs × 15 member agencies × 60
//! criteria (27,000 scores), every member scored and submitted. Measured: the
//! ranking of all 30 blocs as their pages compute it — read each bloc, its
//! members, table, scores and head counts, add up, rank with the tie-break,
//! draw the proposals (goal: ≤ 200 ms for the 30).
//!
//! On SQLite always; on PostgreSQL too when `TDKT_BENCH_POSTGRES` names a
//! database (`createdb -h 127.0.0.1 -U postgres tdkt_bench` then
//! `TDKT_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/tdkt_bench`); each
//! run adds its own blocs under fresh codes.
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tdkt_domain::emulation::bloc::{Group, Item, ItemKind, Points, ScoreTable};
use tdkt_domain::org::UnitInput;
use tdkt_store::blocs::scoring::ScoreInput;
use tdkt_store::{Actor, Store};

const BLOCS: usize = 30;
const MEMBERS: usize = 15;
const CRITERIA: usize = 60;

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// 60 criteria in four groups: 40 of 1,5 points and 20 of 2 (100 in all).
fn table() -> ScoreTable {
    let items = (0..CRITERIA)
        .map(|i| Item {
            code: format!("{}.{}", i / 15 + 1, i % 15 + 1),
            kind: ItemKind::Criterion,
            group: ["I", "II", "III", "IV"][i / 15].into(),
            content: format!("Tiêu chí {i}"),
            max: Points(if i < 40 { 150 } else { 200 }),
            guidance: String::new(),
            evidence: String::new(),
        })
        .collect();
    ScoreTable {
        total: Points::whole(100),
        groups: ["I", "II", "III", "IV"]
            .iter()
            .map(|g| Group {
                code: (*g).into(),
                name: format!("Nhóm {g}"),
            })
            .collect(),
        items,
        thresholds: vec![],
    }
}

async fn seed(store: &Store, run: &str) -> Vec<i64> {
    let sys = Actor::system("bench");
    let levels = store.levels().await.expect("levels");
    let mut w = store.begin(&sys).await.expect("begin");
    let root = w
        .create_unit(
            &UnitInput {
                code: format!("TINH-{run}"),
                name: "UBND tỉnh".into(),
                kind: "agency".into(),
                level: "tinh".into(),
                ..Default::default()
            }
            .validate(&levels)
            .expect("unit"),
            d(2015, 1, 1),
        )
        .await
        .expect("root")
        .id;
    let t = table();
    let mut blocs = Vec::with_capacity(BLOCS);
    for b in 0..BLOCS {
        let bloc = w
            .create_bloc(&format!("K{b}-{run}"), &format!("Khối thi đua {b}"), 2025)
            .await
            .expect("bloc")
            .id;
        let mut members = Vec::with_capacity(MEMBERS);
        for m in 0..MEMBERS {
            let v = UnitInput {
                code: format!("S{b}-{m}-{run}"),
                name: format!("Sở {b}-{m}"),
                kind: "agency".into(),
                level: "so-nganh".into(),
                parent_id: Some(root),
                ..Default::default()
            }
            .validate(&levels)
            .expect("unit");
            let id = w.create_unit(&v, d(2015, 1, 1)).await.expect("unit").id;
            let role = if m == 0 { "leader" } else { "member" };
            w.put_bloc_member(bloc, id, role, None)
                .await
                .expect("member");
            members.push(id);
        }
        w.replace_score_table(bloc, &t).await.expect("table");
        w.start_scoring(bloc).await.expect("start");
        let rows = w.score_table_in(bloc).await.expect("table rows");
        for (m, unit) in members.iter().enumerate() {
            let scores: Vec<ScoreInput> = rows
                .ids
                .iter()
                .zip(&rows.table.items)
                .enumerate()
                .map(|(i, (id, item))| ScoreInput {
                    item_id: *id,
                    // Distinct totals, some lines short of their maximum.
                    points: Some(Points(item.max.0 - ((i + m) % 4) as i64 * 25)),
                    note: String::new(),
                })
                .collect();
            w.save_own_scores(bloc, *unit, &scores)
                .await
                .expect("scores");
            w.submit_scores(bloc, *unit).await.expect("submit");
        }
        blocs.push(bloc);
    }
    w.commit().await.expect("commit");
    blocs
}

fn rank_all(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut stores = vec![(
        "sqlite",
        format!("sqlite:{}", dir.path().join("bench.sqlite").display()),
    )];
    if let Ok(url) = std::env::var("TDKT_BENCH_POSTGRES") {
        stores.push(("postgres", url));
    }
    let run = format!(
        "{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|t| t.as_secs())
            .unwrap_or(0)
    );
    let mut group = c.benchmark_group("blocs");
    group.sample_size(10);
    for (name, url) in stores {
        let store = rt.block_on(Store::open(&url)).expect("store");
        let blocs = rt.block_on(seed(&store, &run));
        group.bench_function(format!("rank_30_blocs_x15_x60/{name}"), |b| {
            b.iter(|| {
                rt.block_on(async {
                    let mut leaders = 0;
                    for id in &blocs {
                        let bloc = store.bloc(*id).await.expect("bloc");
                        let st = store
                            .bloc_standing(&bloc, Some(0.7))
                            .await
                            .expect("standing");
                        assert_eq!(st.members.len(), MEMBERS);
                        leaders += st.members.iter().filter(|m| m.place.rank == 1).count();
                    }
                    black_box(leaders)
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, rank_all);
criterion_main!(benches);
