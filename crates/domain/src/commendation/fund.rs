//! The emulation fund (quỹ thi đua, khen thưởng) of an agency: what comes in
//! (the budget's allocation, contributions, bonuses given back when a
//! decision is cancelled) and what goes out (bonuses, certificates and
//! frames, organising the movements), the balance carried from year to year,
//! and the check that organising the movements takes no more than the share
//! of the year's fund the rule book allows (`fund_organising_percent`, 20 %
//! by default [U]; docs/fund.md).

use crate::error::Error;

type Result<T> = std::result::Result<T, Error>;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    Income,
    Spending,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Direction::Income => "thu",
            Direction::Spending => "chi",
        }
    }

    pub fn parse(s: &str) -> Option<Direction> {
        match s {
            "thu" => Some(Direction::Income),
            "chi" => Some(Direction::Spending),
            _ => None,
        }
    }
}

/// What an entry is for. `Bonus` and `Returned` are written by the system
/// when a decision is signed or cancelled; the others by the Office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Trích lập từ ngân sách nhà nước.
    Budget,
    /// Đóng góp, tài trợ của cá nhân, tổ chức.
    Contribution,
    /// Thu hồi tiền thưởng (quyết định bị hủy, khen thưởng bị thu hồi).
    Returned,
    /// Thu khác.
    OtherIncome,
    /// Chi tiền thưởng theo quyết định khen thưởng.
    Bonus,
    /// In giấy chứng nhận, bằng khen, giấy khen, làm khung, huy hiệu.
    Printing,
    /// Tổ chức, chỉ đạo, tổng kết phong trào thi đua.
    Organising,
    /// Chi khác.
    OtherSpending,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::Budget,
        Category::Contribution,
        Category::Returned,
        Category::OtherIncome,
        Category::Bonus,
        Category::Printing,
        Category::Organising,
        Category::OtherSpending,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Budget => "ngan-sach",
            Category::Contribution => "dong-gop",
            Category::Returned => "thu-hoi",
            Category::OtherIncome => "thu-khac",
            Category::Bonus => "tien-thuong",
            Category::Printing => "in-an",
            Category::Organising => "to-chuc",
            Category::OtherSpending => "chi-khac",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Budget => "Trích lập từ ngân sách",
            Category::Contribution => "Đóng góp, tài trợ của cá nhân, tổ chức",
            Category::Returned => "Thu hồi tiền thưởng",
            Category::OtherIncome => "Thu khác",
            Category::Bonus => "Chi tiền thưởng",
            Category::Printing => "Chi in giấy chứng nhận, bằng khen, giấy khen, làm khung",
            Category::Organising => "Chi tổ chức, chỉ đạo, tổng kết phong trào thi đua",
            Category::OtherSpending => "Chi khác",
        }
    }

    pub fn direction(self) -> Direction {
        match self {
            Category::Budget
            | Category::Contribution
            | Category::Returned
            | Category::OtherIncome => Direction::Income,
            _ => Direction::Spending,
        }
    }

    /// Entries the Office types in (bonuses and their return come from decisions).
    pub fn entered_by_hand(self) -> bool {
        !matches!(self, Category::Bonus | Category::Returned)
    }
}

/// An entry as the Office types it, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct EntryInput {
    pub entry_on: String,
    pub category: String,
    pub amount: String,
    pub description: String,
    pub voucher: String,
}

/// A checked entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub year: i32,
    pub entry_on: NaiveDate,
    pub category: Category,
    pub amount: i64,
    pub description: String,
    pub voucher: String,
}

/// The largest single entry (a thousand billion đồng): beyond it a typing error is likelier.
const MAX_AMOUNT: i64 = 1_000_000_000_000;

/// "1.234.567", "1 234 567 đ", "1234567" → 1234567. Decimals are refused:
/// the fund is kept in whole đồng.
pub fn parse_amount(s: &str) -> Option<i64> {
    let s = s
        .trim()
        .trim_end_matches("đồng")
        .trim_end_matches('đ')
        .trim();
    if s.is_empty() || s.contains(',') {
        return None;
    }
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 18 {
        return None;
    }
    // Dots must group thousands ("1.234"), not stand for a decimal ("1.5").
    if s.contains('.') && s.split('.').skip(1).any(|g| g.len() != 3) {
        return None;
    }
    digits.parse().ok()
}

impl EntryInput {
    /// Checks a hand-typed entry; `today` bounds the date (no entries in the future).
    pub fn check(&self, today: NaiveDate) -> Result<Entry> {
        let entry_on = crate::text::parse_date(&self.entry_on).ok_or_else(|| {
            Error::invalid(
                "entry_on",
                "Ngày ghi sổ không hợp lệ (ghi dạng 15/03/2021).",
            )
        })?;
        if entry_on > today {
            return Err(Error::invalid(
                "entry_on",
                "Ngày ghi sổ không thể sau hôm nay.",
            ));
        }
        let category = Category::parse(self.category.trim())
            .ok_or_else(|| Error::invalid("category", "Chọn nội dung thu hoặc chi."))?;
        if !category.entered_by_hand() {
            return Err(Error::invalid(
                "category",
                "Tiền thưởng và thu hồi tiền thưởng được ghi tự động theo quyết định khen thưởng.",
            ));
        }
        let amount = parse_amount(&self.amount)
            .filter(|a| (1..=MAX_AMOUNT).contains(a))
            .ok_or_else(|| {
                Error::invalid(
                    "amount",
                    "Số tiền phải là số đồng nguyên dương, tối đa 1.000 tỷ đồng (ví dụ 1.500.000).",
                )
            })?;
        let description = crate::text::squeeze_spaces(&self.description);
        if description.chars().count() < 5 {
            return Err(Error::invalid(
                "description",
                "Ghi nội dung thu, chi (ít nhất 5 ký tự).",
            ));
        }
        if description.chars().count() > 500 {
            return Err(Error::invalid(
                "description",
                "Nội dung quá dài (tối đa 500 ký tự).",
            ));
        }
        let voucher = crate::text::squeeze_spaces(&self.voucher);
        if voucher.chars().count() > 100 {
            return Err(Error::invalid(
                "voucher",
                "Số chứng từ quá dài (tối đa 100 ký tự).",
            ));
        }
        Ok(Entry {
            year: entry_on.year(),
            entry_on,
            category,
            amount,
            description,
            voucher,
        })
    }
}

/// One year of the fund: carried in, in and out by category, carried out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct YearBalance {
    pub year: i32,
    pub opening: i64,
    pub by_category: BTreeMap<Category, i64>,
    pub income: i64,
    pub spending: i64,
    pub closing: i64,
}

impl YearBalance {
    pub fn amount(&self, c: Category) -> i64 {
        self.by_category.get(&c).copied().unwrap_or(0)
    }

    /// Organising spending over the year's new money (opening balance plus
    /// income), in percent; `None` when the year had no money.
    pub fn organising_percent(&self) -> Option<f64> {
        let base = self.opening + self.income;
        (base > 0).then(|| self.amount(Category::Organising) as f64 * 100.0 / base as f64)
    }

    /// Whether organising the movements took more than `limit` percent.
    pub fn organising_over(&self, limit: u32) -> bool {
        let base = self.opening + self.income;
        let spent = self.amount(Category::Organising);
        spent > 0 && spent * 100 > base.max(0) * i64::from(limit)
    }
}

/// The balances of `years` from the sums per (year, category): each year
/// opens with what the years before left, the years before the first asked
/// for included.
pub fn balances(
    sums: &[(i32, Category, i64)],
    years: std::ops::RangeInclusive<i32>,
) -> Vec<YearBalance> {
    let signed = |c: Category, a: i64| match c.direction() {
        Direction::Income => a,
        Direction::Spending => -a,
    };
    let mut opening: i64 = sums
        .iter()
        .filter(|(y, _, _)| y < years.start())
        .map(|(_, c, a)| signed(*c, *a))
        .sum();
    let mut out = Vec::new();
    for year in years {
        let mut b = YearBalance {
            year,
            opening,
            ..YearBalance::default()
        };
        for (_, c, a) in sums.iter().filter(|(y, _, _)| *y == year) {
            *b.by_category.entry(*c).or_insert(0) += a;
            match c.direction() {
                Direction::Income => b.income += a,
                Direction::Spending => b.spending += a,
            }
        }
        b.closing = b.opening + b.income - b.spending;
        opening = b.closing;
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn amounts_are_whole_dong_with_thousands_dots() {
        assert_eq!(parse_amount("1.234.567"), Some(1_234_567));
        assert_eq!(parse_amount("1 234 567 đ"), Some(1_234_567));
        assert_eq!(parse_amount("1234567đồng"), Some(1_234_567));
        assert_eq!(parse_amount("500000"), Some(500_000));
        assert_eq!(parse_amount("1.5"), None);
        assert_eq!(parse_amount("1,5"), None);
        assert_eq!(parse_amount("12.34.567"), None);
        assert_eq!(parse_amount("-5"), None);
        assert_eq!(parse_amount(""), None);
        assert_eq!(parse_amount("99999999999999999999"), None);
    }

    fn input(on: &str, cat: &str, amount: &str) -> EntryInput {
        EntryInput {
            entry_on: on.into(),
            category: cat.into(),
            amount: amount.into(),
            description: "Trích lập quỹ năm 2021".into(),
            voucher: "PT-01".into(),
        }
    }

    #[test]
    fn a_typed_entry_is_checked_field_by_field() {
        let today = day(2021, 6, 1);
        let e = input("15/03/2021", "ngan-sach", "20.000.000")
            .check(today)
            .unwrap();
        assert_eq!(
            (e.year, e.amount, e.category),
            (2021, 20_000_000, Category::Budget)
        );
        let field = |i: EntryInput| match i.check(today) {
            Err(Error::Validation(v)) => v[0].field.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(field(input("31/02/2021", "ngan-sach", "1")), "entry_on");
        assert_eq!(field(input("15/07/2021", "ngan-sach", "1")), "entry_on");
        assert_eq!(field(input("15/03/2021", "tien-thuong", "1")), "category");
        assert_eq!(field(input("15/03/2021", "thu-hoi", "1")), "category");
        assert_eq!(field(input("15/03/2021", "xyz", "1")), "category");
        assert_eq!(field(input("15/03/2021", "in-an", "0")), "amount");
        assert_eq!(field(input("15/03/2021", "in-an", "1,5")), "amount");
        let mut short = input("15/03/2021", "in-an", "1");
        short.description = " a ".into();
        assert_eq!(field(short), "description");
    }

    #[test]
    fn each_year_opens_with_what_the_years_before_left() {
        let sums = vec![
            (2020, Category::Budget, 10_000_000),
            (2020, Category::Bonus, 4_000_000),
            (2021, Category::Budget, 20_000_000),
            (2021, Category::Bonus, 15_000_000),
            (2021, Category::Returned, 1_000_000),
            (2021, Category::Organising, 6_000_000),
            (2023, Category::Printing, 500_000),
        ];
        let b = balances(&sums, 2021..=2023);
        assert_eq!(b.len(), 3);
        assert_eq!(
            (b[0].opening, b[0].income, b[0].spending, b[0].closing),
            (6_000_000, 21_000_000, 21_000_000, 6_000_000)
        );
        assert_eq!(b[0].amount(Category::Bonus), 15_000_000);
        assert_eq!((b[1].opening, b[1].closing), (6_000_000, 6_000_000));
        assert_eq!(
            (b[2].opening, b[2].spending, b[2].closing),
            (6_000_000, 500_000, 5_500_000)
        );
        // 6 of 27 million is 22 %: over a 20 % limit, not over 25 %.
        assert!(b[0].organising_over(20));
        assert!(!b[0].organising_over(25));
        assert!((b[0].organising_percent().unwrap() - 22.22).abs() < 0.01);
        assert!(!b[1].organising_over(20));
    }

    #[test]
    fn categories_round_trip_and_know_their_side() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.code()), Some(c));
        }
        assert_eq!(Category::Returned.direction(), Direction::Income);
        assert_eq!(Category::Printing.direction(), Direction::Spending);
    }
}
