//! The emulation fund report as a workbook: the first sheet sums the fund by
//! year and category (carried in, each kind of income and spending, carried
//! out), the second is the chosen year's book with its running balance.
//! Amounts are whole đồng shown with the thousands dot ("#.##0" in a
//! Vietnamese Excel).

use crate::sheet_style::Styles;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Workbook, XlsxError};
use tdkt_domain::commendation::fund::{Category, Direction, YearBalance};

pub struct BookRow {
    pub entry_on: NaiveDate,
    pub voucher: String,
    pub description: String,
    pub category: String,
    pub income: Option<i64>,
    pub spending: Option<i64>,
}

pub struct FundReport {
    /// "Ban Dân tộc tỉnh Khánh Hòa".
    pub body: String,
    pub year: i32,
    /// Oldest first; the last is `year`.
    pub balances: Vec<YearBalance>,
    pub book: Vec<BookRow>,
    /// "Khánh Hòa, ngày … tháng … năm …".
    pub date_line: String,
    pub organising_limit: u32,
}

pub fn write(r: &FundReport) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let st = Styles::new(12.0);
    let (plain, bold, title, italic_center) = (&st.plain, &st.bold, &st.title, &st.italic_center);
    let (head, cell, cell_bold) = (&st.head, &st.cell, &st.cell_bold);
    let (money, money_bold, date) = (&st.number, &st.number_bold, &st.date);

    // Sheet 1: the balances by category.
    let ws = wb.add_worksheet();
    ws.set_name("Tổng hợp")?;
    let last_col = r.balances.len() as u16 + 1;
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 52)?;
    for j in 2..=last_col {
        ws.set_column_width(j, 17)?;
    }
    ws.merge_range(0, 0, 0, last_col, &r.body.to_uppercase(), bold)?;
    ws.merge_range(
        2,
        0,
        2,
        last_col,
        "BÁO CÁO TÌNH HÌNH TRÍCH LẬP VÀ SỬ DỤNG QUỸ THI ĐUA, KHEN THƯỞNG",
        title,
    )?;
    let span = match (r.balances.first(), r.balances.last()) {
        (Some(a), Some(b)) if a.year != b.year => format!("Từ năm {} đến năm {}", a.year, b.year),
        _ => format!("Năm {}", r.year),
    };
    ws.merge_range(
        3,
        0,
        3,
        last_col,
        &format!("{span} (đơn vị tính: đồng)"),
        italic_center,
    )?;
    let top = 5;
    ws.write_with_format(top, 0, "STT", head)?;
    ws.write_with_format(top, 1, "Nội dung", head)?;
    for (j, b) in r.balances.iter().enumerate() {
        ws.write_with_format(top, j as u16 + 2, format!("Năm {}", b.year), head)?;
    }
    let mut row = top + 1;
    let mut line = |ws: &mut rust_xlsxwriter::Worksheet,
                    number: &str,
                    label: &str,
                    value: &dyn Fn(&YearBalance) -> i64,
                    strong: bool|
     -> Result<(), XlsxError> {
        ws.write_with_format(row, 0, number, if strong { cell_bold } else { cell })?;
        ws.write_with_format(row, 1, label, if strong { cell_bold } else { cell })?;
        for (j, b) in r.balances.iter().enumerate() {
            ws.write_number_with_format(
                row,
                j as u16 + 2,
                value(b) as f64,
                if strong { money_bold } else { money },
            )?;
        }
        row += 1;
        Ok(())
    };
    line(ws, "I", "Số dư đầu năm", &|b| b.opening, true)?;
    line(ws, "II", "Thu trong năm", &|b| b.income, true)?;
    let mut n = 0;
    for c in Category::ALL
        .into_iter()
        .filter(|c| c.direction() == Direction::Income)
    {
        n += 1;
        line(ws, &n.to_string(), c.label(), &move |b| b.amount(c), false)?;
    }
    line(ws, "III", "Chi trong năm", &|b| b.spending, true)?;
    n = 0;
    for c in Category::ALL
        .into_iter()
        .filter(|c| c.direction() == Direction::Spending)
    {
        n += 1;
        line(ws, &n.to_string(), c.label(), &move |b| b.amount(c), false)?;
    }
    line(
        ws,
        "IV",
        "Số dư cuối năm (I + II − III)",
        &|b| b.closing,
        true,
    )?;
    row += 1;
    ws.merge_range(
        row,
        0,
        row,
        last_col,
        &format!(
            "Chi tổ chức, chỉ đạo phong trào thi đua không quá {} % tổng quỹ của năm (số dư đầu năm và số thu trong năm).",
            r.organising_limit
        ),
        &plain.clone().set_italic(),
    )?;
    row += 2;
    let half = last_col / 2 + 1;
    ws.merge_range(row, half, row, last_col, &r.date_line, italic_center)?;
    ws.merge_range(
        row + 1,
        0,
        row + 1,
        half - 1,
        "NGƯỜI LẬP BIỂU",
        &st.bold_center,
    )?;
    ws.merge_range(
        row + 1,
        half,
        row + 1,
        last_col,
        "THỦ TRƯỞNG CƠ QUAN",
        &st.bold_center,
    )?;

    // Sheet 2: the year's book.
    let ws = wb.add_worksheet();
    ws.set_name(format!("Sổ quỹ {}", r.year))?;
    for (j, w) in [6.0, 12.0, 14.0, 50.0, 36.0, 16.0, 16.0, 17.0]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(j as u16, w)?;
    }
    ws.merge_range(0, 0, 0, 7, &r.body.to_uppercase(), bold)?;
    ws.merge_range(
        2,
        0,
        2,
        7,
        &format!("SỔ QUỸ THI ĐUA, KHEN THƯỞNG NĂM {}", r.year),
        title,
    )?;
    ws.merge_range(3, 0, 3, 7, "(đơn vị tính: đồng)", italic_center)?;
    let top = 5;
    for (j, h) in [
        "STT",
        "Ngày",
        "Số chứng từ",
        "Nội dung",
        "Loại",
        "Thu",
        "Chi",
        "Tồn quỹ",
    ]
    .into_iter()
    .enumerate()
    {
        ws.write_with_format(top, j as u16, h, head)?;
    }
    let opening = r.balances.last().map_or(0, |b| b.opening);
    ws.write_with_format(top + 1, 0, "", cell)?;
    ws.write_with_format(top + 1, 1, "", cell)?;
    ws.write_with_format(top + 1, 2, "", cell)?;
    ws.write_with_format(top + 1, 3, "Số dư đầu năm", cell_bold)?;
    ws.write_with_format(top + 1, 4, "", cell)?;
    ws.write_with_format(top + 1, 5, "", cell)?;
    ws.write_with_format(top + 1, 6, "", cell)?;
    ws.write_number_with_format(top + 1, 7, opening as f64, money_bold)?;
    let mut balance = opening;
    let mut row = top + 2;
    let number_cell = st
        .cell
        .clone()
        .set_align(rust_xlsxwriter::FormatAlign::Center);
    for (i, b) in r.book.iter().enumerate() {
        balance += b.income.unwrap_or(0) - b.spending.unwrap_or(0);
        ws.write_number_with_format(row, 0, (i + 1) as f64, &number_cell)?;
        let on = ExcelDateTime::from_ymd(
            b.entry_on.year() as u16,
            b.entry_on.month() as u8,
            b.entry_on.day() as u8,
        )?;
        ws.write_datetime_with_format(row, 1, &on, date)?;
        ws.write_with_format(row, 2, &b.voucher, cell)?;
        ws.write_with_format(row, 3, &b.description, cell)?;
        ws.write_with_format(row, 4, &b.category, cell)?;
        match b.income {
            Some(v) => ws.write_number_with_format(row, 5, v as f64, money)?,
            None => ws.write_with_format(row, 5, "", cell)?,
        };
        match b.spending {
            Some(v) => ws.write_number_with_format(row, 6, v as f64, money)?,
            None => ws.write_with_format(row, 6, "", cell)?,
        };
        ws.write_number_with_format(row, 7, balance as f64, money)?;
        row += 1;
    }
    let income: i64 = r.book.iter().filter_map(|b| b.income).sum();
    let spending: i64 = r.book.iter().filter_map(|b| b.spending).sum();
    ws.merge_range(row, 0, row, 4, "Cộng", cell_bold)?;
    ws.write_number_with_format(row, 5, income as f64, money_bold)?;
    ws.write_number_with_format(row, 6, spending as f64, money_bold)?;
    ws.write_number_with_format(row, 7, balance as f64, money_bold)?;
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use tdkt_domain::commendation::fund::balances;

    #[test]
    fn the_report_sums_by_category_and_runs_the_balance() {
        let sums = vec![
            (2020, Category::Budget, 10_000_000),
            (2021, Category::Budget, 20_000_000),
            (2021, Category::Bonus, 1_490_000),
        ];
        let d = |m, day| NaiveDate::from_ymd_opt(2021, m, day).unwrap();
        let r = FundReport {
            body: "Ban Dân tộc tỉnh Khánh Hòa".into(),
            year: 2021,
            balances: balances(&sums, 2020..=2021),
            book: vec![
                BookRow {
                    entry_on: d(3, 1),
                    voucher: "PT-01".into(),
                    description: "Trích lập quỹ năm 2021".into(),
                    category: Category::Budget.label().into(),
                    income: Some(20_000_000),
                    spending: None,
                },
                BookRow {
                    entry_on: d(12, 20),
                    voucher: "15/QĐ-BDT".into(),
                    description: "Tiền thưởng theo Quyết định số 15/QĐ-BDT".into(),
                    category: Category::Bonus.label().into(),
                    income: None,
                    spending: Some(1_490_000),
                },
            ],
            date_line: "Khánh Hòa, ngày 31 tháng 12 năm 2021".into(),
            organising_limit: 20,
        };
        let bytes = write(&r).unwrap();
        let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(x.sheet_names(), ["Tổng hợp", "Sổ quỹ 2021"]);
        let s = x.worksheet_range("Tổng hợp").unwrap();
        let find = |label: &str| {
            s.rows()
                .find(|row| row.get(1) == Some(&Data::String(label.into())))
                .unwrap_or_else(|| panic!("{label}"))
                .to_vec()
        };
        assert_eq!(find("Số dư đầu năm")[2], Data::Float(0.0));
        assert_eq!(find("Số dư đầu năm")[3], Data::Float(10_000_000.0));
        assert_eq!(find("Chi tiền thưởng")[3], Data::Float(1_490_000.0));
        assert_eq!(
            find("Số dư cuối năm (I + II − III)")[3],
            Data::Float(28_510_000.0)
        );
        let b = x.worksheet_range("Sổ quỹ 2021").unwrap();
        let last = b.rows().next_back().unwrap().to_vec();
        assert_eq!(last[0], Data::String("Cộng".into()));
        assert_eq!(last[7], Data::Float(28_510_000.0));
    }
}
