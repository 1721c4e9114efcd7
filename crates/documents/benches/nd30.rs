//! The seed's 2021 plan to .docx (goal ≤ 100 ms) and to PDF (goal ≤ 1 s).
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tdkt_documents::nd30::{samples, to_docx, to_pdf};

fn seed_plan(c: &mut Criterion) {
    let doc = samples::seed_plan_2021();
    let mut group = c.benchmark_group("nd30");
    group.sample_size(20);
    group.bench_function("seed_plan_docx", |b| {
        b.iter(|| to_docx(black_box(&doc)).map(|v| v.len()))
    });
    group.bench_function("seed_plan_pdf", |b| {
        b.iter(|| to_pdf(black_box(&doc)).map(|v| v.len()))
    });
    group.finish();
}

criterion_group!(benches, seed_plan);
criterion_main!(benches);
