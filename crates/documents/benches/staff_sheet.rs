//! Reading a 50,000-row staff sheet: our parser against calamine alone (the
//! issue's goal compares the whole import with calamine's read; see
//! BENCHMARKS.md for the end-to-end figure).

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tdkt_documents::staff_sheet::{StaffExportRow, read_staff, write_staff};

fn sheet(n: usize) -> Vec<u8> {
    let rows: Vec<StaffExportRow> = (0..n)
        .map(|i| StaffExportRow {
            code: format!("CB{i:06}"),
            full_name: format!("Nguyễn Văn Số {i}"),
            birth_date: NaiveDate::from_ymd_opt(
                1970 + (i % 30) as i32,
                1 + (i % 12) as u32,
                1 + (i % 28) as u32,
            ),
            gender_label: if i % 2 == 0 {
                "Nam".into()
            } else {
                "Nữ".into()
            },
            position: "Chuyên viên".into(),
            unit_name: format!("Phòng {}", i % 50),
            category_label: "Công chức".into(),
            is_manager: i % 10 == 0,
            employment_start: NaiveDate::from_ymd_opt(2000 + (i % 20) as i32, 3, 1),
            email: String::new(),
            phone: String::new(),
        })
        .collect();
    write_staff(
        "Cơ quan thử",
        &rows,
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
    )
    .unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let bytes = sheet(50_000);
    let mut g = c.benchmark_group("staff_sheet_50k");
    g.sample_size(10);
    // calamine's streaming cell reader, the one read_staff uses for .xlsx,
    // taking each value as read_staff does.
    g.bench_function("calamine_cells_only", |b| {
        b.iter(|| {
            use calamine::Reader;
            let mut wb = calamine::Xlsx::new(std::io::Cursor::new(black_box(&bytes))).unwrap();
            let name = wb.sheet_names()[0].clone();
            let mut cells = wb.worksheet_cells_reader(&name).unwrap();
            let mut n = 0usize;
            while let Some(cell) = cells.next_cell().unwrap() {
                black_box(calamine::Data::from(cell.get_value().clone()));
                n += 1;
            }
            black_box(n)
        })
    });
    g.bench_function("read_staff", |b| {
        b.iter(|| black_box(read_staff(black_box(&bytes)).unwrap().rows.len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
