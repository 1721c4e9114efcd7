//! `tdkt import` refuses hostile sheets as the web upload does: within the
//! same limits, with the reason, writing nothing; and takes a well-made one
//! (its signature block left out).

mod common;

use common::{run, text};

fn people_in(db: &str) -> usize {
    let o = run(&["export", "--database", db, "--encoding", "document"]);
    assert!(o.status.success(), "{}", text(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    doc["people"].as_array().map(Vec::len).unwrap_or(0)
}

#[test]
fn hostile_sheets_are_refused_with_the_reason() {
    use tdkt_documents::hostile;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("t.sqlite").display());
    let o = run(&["migrate", "--database", &db]);
    assert!(o.status.success(), "{}", text(&o));
    let cases: [(&str, Vec<u8>, &[&str], &str); 4] = [
        (
            "bom.xlsx",
            hostile::zip_bomb(4),
            &[],
            "giải nén vượt quá 256 MB",
        ),
        ("goc.xlsx", hostile::sparse_corners(), &[], "XFD1048576"),
        (
            "loi.xlsx",
            hostile::faulty_cells(2_000),
            &["--max-rows", "1000"],
            "vượt giới hạn 1.000 dòng",
        ),
        (
            "loi-it.xlsx",
            hostile::faulty_cells(500),
            &[],
            "1.800 lỗi khác",
        ),
    ];
    for (name, bytes, flags, reason) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let mut args = vec!["import", "--database", &db];
        args.extend_from_slice(flags);
        args.push(path.to_str().unwrap());
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", text(&o));
        assert!(text(&o).contains(reason), "{name}: {}", text(&o));
        assert!(
            text(&o).lines().count() < 260,
            "{name}: the problems are capped"
        );
    }
    assert_eq!(people_in(&db), 0);
    // The binary .xls of old is refused with what to do.
    let xls = dir.path().join("cu.xls");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0u8; 1024]);
    std::fs::write(&xls, ole).unwrap();
    let o = run(&["import", "--database", &db, xls.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("Excel Workbook (.xlsx)"), "{}", text(&o));

    // A well-made sheet of the same workbook family is taken, once a unit exists.
    let units = dir.path().join("units.ndjson");
    std::fs::write(
        &units,
        "{\"format\": \"tdkt-exchange/1\"}\n{\"type\": \"unit\", \"id\": \"VP\", \"name\": \"Văn phòng\", \"parent\": null, \"kind\": \"agency\"}\n",
    )
    .unwrap();
    let o = run(&["import", "--database", &db, units.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, row) in [
        ["STT", "Họ và tên", "Giới tính", "Đơn vị"],
        ["1", "Nguyễn Văn An", "Nam", "Văn phòng"],
        ["2", "Hà Thị Lan", "Nữ", "VP"],
        ["", "", "", "Khánh Hòa, ngày 15 tháng 3 năm 2026"],
        ["", "NGƯỜI LẬP BIỂU", "", ""],
    ]
    .iter()
    .enumerate()
    {
        for (j, v) in row.iter().enumerate() {
            ws.write(i as u32, j as u16, *v).unwrap();
        }
    }
    let good = dir.path().join("tot.xlsx");
    std::fs::write(&good, wb.save_to_buffer().unwrap()).unwrap();
    let o = run(&["import", "--database", &db, good.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("thêm 2 người"), "{}", text(&o));
    assert_eq!(people_in(&db), 2);
}
