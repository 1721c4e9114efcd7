//! Vietnamese text: diacritic-blind search keys, name parts, collation sort keys,
//! and the number and date formats offices write.

use chrono::{Datelike, NaiveDate};
use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for search: decomposes, drops every combining mark, maps `đ` to `d`,
/// lowercases and squeezes whitespace. "Nguyễn Văn Đức" → "nguyen van duc".
/// (SQLite's FTS `remove_diacritics` misses `đ`, hence our own column.)
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            'ð' | 'Ð' => 'd',
            c => c,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            continue;
        }
        for l in c.to_lowercase() {
            out.push(l);
        }
        last_space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A full Vietnamese name split the way offices sort it: family name first,
/// given name (tên) last, the rest in the middle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameParts {
    pub family: String,
    pub middle: String,
    pub given: String,
}

/// Splits "Nguyễn Thị Minh Khai" into family "Nguyễn", middle "Thị Minh", given "Khai".
pub fn split_name(full: &str) -> NameParts {
    let words: Vec<&str> = full.split_whitespace().collect();
    match words.len() {
        0 => NameParts {
            family: String::new(),
            middle: String::new(),
            given: String::new(),
        },
        1 => NameParts {
            family: String::new(),
            middle: String::new(),
            given: words[0].into(),
        },
        n => NameParts {
            family: words[0].into(),
            middle: words[1..n - 1].join(" "),
            given: words[n - 1].into(),
        },
    }
}

/// Normalises a name as typed: NFC, single spaces, each word capitalised.
pub fn normalize_name(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(|c| c.to_lowercase()))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

fn collator() -> Option<&'static CollatorBorrowed<'static>> {
    static COLLATOR: OnceLock<Option<CollatorBorrowed<'static>>> = OnceLock::new();
    COLLATOR
        .get_or_init(|| {
            let locale = icu_locale_core::locale!("vi");
            Collator::try_new(locale.into(), CollatorOptions::default()).ok()
        })
        .as_ref()
}

/// Compares two strings in Vietnamese collation order (a < ă < â < b … đ after d;
/// tones after letters).
pub fn compare_vi(a: &str, b: &str) -> std::cmp::Ordering {
    match collator() {
        Some(c) => c.compare(a, b),
        None => a.cmp(b),
    }
}

/// Sort key of a person's name as bytes: the given name first, then the family
/// and middle names, each in Vietnamese collation. Stored beside the name so the
/// database orders 10 000 people by an index instead of calling a collation.
/// Keys change with ICU versions: `tdkt migrate` recomputes them (see store).
pub fn name_sort_key(full: &str) -> Vec<u8> {
    let parts = split_name(full);
    let mut key = Vec::with_capacity(full.len() * 4);
    push_key(&mut key, &parts.given);
    key.push(0);
    push_key(&mut key, &parts.family);
    key.push(0);
    push_key(&mut key, &parts.middle);
    key
}

/// [`name_sort_key`] for many names at once: the keys of the words seen are
/// kept, since a staff list repeats few family, middle and given names.
#[derive(Default)]
pub struct NameSortKeys {
    parts: std::collections::HashMap<String, Vec<u8>>,
}

impl NameSortKeys {
    pub fn key(&mut self, full: &str) -> Vec<u8> {
        let parts = split_name(full);
        let mut key = Vec::with_capacity(full.len() * 4);
        for (i, part) in [&parts.given, &parts.family, &parts.middle]
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                key.push(0);
            }
            match self.parts.get(part.as_str()) {
                Some(k) => key.extend_from_slice(k),
                None => {
                    let mut k = Vec::new();
                    push_key(&mut k, part);
                    key.extend_from_slice(&k);
                    self.parts.insert(part.clone(), k);
                }
            }
        }
        key
    }
}

/// Sort key of any label (unit names, titles) in Vietnamese collation.
pub fn sort_key(s: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(s.len() * 4);
    push_key(&mut key, s);
    key
}

fn push_key(key: &mut Vec<u8>, s: &str) {
    match collator() {
        Some(c) => {
            let mut k: Vec<u8> = Vec::new();
            let Ok(()) = c.write_sort_key_to(s, &mut k);
            // Bytes 0 and 1 never appear inside ICU keys except as level
            // separators (1); shifting keeps our 0 separator lowest.
            key.extend(k.into_iter().map(|b| b.saturating_add(1)));
        }
        None => key.extend(s.bytes().map(|b| b.saturating_add(1))),
    }
}

/// `1234567` → `1.234.567` (Vietnamese thousands separator).
pub fn format_number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// `1234567` → `1.234.567 đ`.
pub fn format_money(dong: i64) -> String {
    format!("{} đ", format_number(dong))
}

/// `15/03/2021`.
pub fn format_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `ngày 15 tháng 3 năm 2021` — the running-text form.
pub fn format_date_long(d: NaiveDate) -> String {
    format!("ngày {} tháng {} năm {}", d.day(), d.month(), d.year())
}

/// `ngày 05 tháng 01 năm 2020` — NĐ 30/2020 pads days below 10 and months 1 and 2.
pub fn format_date_document(d: NaiveDate) -> String {
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!("ngày {:02} tháng {} năm {}", d.day(), month, d.year())
}

/// Parses a date as offices type it: `15/03/2021`, `15-03-2021`, `15.03.2021`,
/// `2021-03-15`. A day that does not exist (30/02) is an error, not a guess.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).map(str::trim).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let day: u32 = parts[0].parse().ok()?;
    let month: u32 = parts[1].parse().ok()?;
    let year: i32 = parts[2].parse().ok()?;
    if parts[2].len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_drops_marks_and_d() {
        assert_eq!(fold("Nguyễn Văn  Đức"), "nguyen van duc");
        assert_eq!(fold("  ĐẶNG   Thị Ngọc Ánh "), "dang thi ngoc anh");
        assert_eq!(fold("Trương Thị Hường"), "truong thi huong");
    }

    #[test]
    fn cached_name_keys_equal_fresh_ones() {
        let mut keys = NameSortKeys::default();
        for name in [
            "Nguyễn Văn An",
            "Nguyễn Văn Ân",
            "Lê An",
            "An",
            "",
            "Trần Thị Minh Khai",
            "Nguyễn Văn An",
        ] {
            assert_eq!(keys.key(name), name_sort_key(name), "{name}");
        }
    }

    #[test]
    fn split() {
        let p = split_name("Nguyễn Thị Minh Khai");
        assert_eq!(p.family, "Nguyễn");
        assert_eq!(p.middle, "Thị Minh");
        assert_eq!(p.given, "Khai");
        assert_eq!(split_name("An").given, "An");
    }

    #[test]
    fn normalize() {
        assert_eq!(normalize_name("  nguyễn   văn AN "), "Nguyễn Văn An");
    }

    #[test]
    fn sort_by_given_name_then_family() {
        let mut names = vec![
            "Trần Văn Bình",
            "Lê Thị Ánh",
            "Nguyễn Văn An",
            "Đặng Văn An",
            "Phạm Thị Ân",
            "Hoàng Đức",
            "Võ Văn Dũng",
        ];
        names.sort_by_key(|n| name_sort_key(n));
        assert_eq!(
            names,
            vec![
                "Đặng Văn An", // same given name: family Đặng < Nguyễn
                "Nguyễn Văn An",
                "Lê Thị Ánh",
                "Phạm Thị Ân",
                "Trần Văn Bình",
                "Võ Văn Dũng",
                "Hoàng Đức",
            ]
        );
    }

    #[test]
    fn collation_orders_vietnamese_letters() {
        use std::cmp::Ordering::*;
        assert_eq!(compare_vi("Dũng", "Đức"), Less);
        assert_eq!(compare_vi("Đức", "Em"), Less);
        assert_eq!(compare_vi("an", "ăn"), Less);
        assert_eq!(compare_vi("ăn", "ân"), Less);
        assert_eq!(compare_vi("ân", "bé"), Less);
        assert_eq!(compare_vi("o", "ô"), Less);
        assert_eq!(compare_vi("ô", "ơ"), Less);
        assert_eq!(compare_vi("u", "ư"), Less);
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(format_number(1234567), "1.234.567");
        assert_eq!(format_number(-1000), "-1.000");
        assert_eq!(format_number(999), "999");
        assert_eq!(format_money(2_340_000), "2.340.000 đ");
        let d = NaiveDate::from_ymd_opt(2021, 3, 15).unwrap();
        assert_eq!(format_date(d), "15/03/2021");
        assert_eq!(format_date_long(d), "ngày 15 tháng 3 năm 2021");
        let d2 = NaiveDate::from_ymd_opt(2020, 1, 5).unwrap();
        assert_eq!(format_date_document(d2), "ngày 05 tháng 01 năm 2020");
        assert_eq!(parse_date("15/03/2021"), Some(d));
        assert_eq!(parse_date("2021-03-15"), Some(d));
        assert_eq!(parse_date("30/02/2021"), None);
        assert_eq!(parse_date("15/3/21"), None);
        assert_eq!(parse_date("abc"), None);
    }
}
