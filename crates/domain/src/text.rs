//! Vietnamese text: diacritic-blind search keys, name parts, collation sort keys,
//! and the number and date formats offices write.

use chrono::{Datelike, NaiveDate};
use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use std::sync::OnceLock;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Folds text for search: decomposes, drops every combining mark, maps `đ` to `d`,
/// lowercases and squeezes whitespace. "Nguyễn Văn Đức" → "nguyen van duc".
/// (SQLite's FTS `remove_diacritics` misses `đ`, hence our own column.)
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`], appended to `out`.
pub fn fold_into(s: &str, out: &mut String) {
    let start = out.len();
    let mut last_space = true;
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            return;
        }
        match c {
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
        last_space = false;
    };
    for c in s.chars() {
        if c.is_ascii() {
            push(c, out);
        } else {
            // Char by char: the marks NFD would reorder are all dropped, so
            // the string-wide reordering pass is not needed.
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    push(d, out);
                }
            });
        }
    }
    if out.len() > start && out.ends_with(' ') {
        out.pop();
    }
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
    let (family, middle, given) = name_words(full);
    NameParts {
        family: family.to_string(),
        middle: middle.into_owned(),
        given: given.to_string(),
    }
}

/// [`split_name`] without copying: family, middle and given names as slices
/// of `full` (the middle one rebuilt only when its words are not single-spaced).
pub fn name_words(full: &str) -> (&str, std::borrow::Cow<'_, str>, &str) {
    let t = full.trim();
    let (Some(first), Some(last)) = (t.find(char::is_whitespace), t.rfind(char::is_whitespace))
    else {
        return ("", std::borrow::Cow::Borrowed(""), t);
    };
    let last_len = t[last..].chars().next().map_or(1, char::len_utf8);
    let middle = t[first..last].trim();
    let single_spaced =
        !middle.contains("  ") && !middle.contains(|c: char| c.is_whitespace() && c != ' ');
    let middle = if single_spaced {
        std::borrow::Cow::Borrowed(middle)
    } else {
        std::borrow::Cow::Owned(squeeze_spaces(middle))
    };
    (&t[..first], middle, &t[last + last_len..])
}

/// Normalises a name as typed: NFC, single spaces, each word capitalised.
pub fn normalize_name(s: &str) -> String {
    // Text from Word and Excel is nearly always composed already.
    let nfc: std::borrow::Cow<str> = if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfc().collect())
    };
    let mut out = String::with_capacity(nfc.len());
    for w in nfc.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut cs = w.chars();
        if let Some(f) = cs.next() {
            out.extend(f.to_uppercase());
            for c in cs {
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

/// `s` with runs of whitespace as single spaces and none at either end.
pub fn squeeze_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
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
    parts: std::collections::HashMap<String, Vec<u8>, foldhash::fast::RandomState>,
}

impl NameSortKeys {
    pub fn key(&mut self, full: &str) -> Vec<u8> {
        let (family, middle, given) = name_words(full);
        self.key_of_words(family, &middle, given)
    }

    /// The key of a name already split by [`name_words`].
    pub fn key_of_words(&mut self, family: &str, middle: &str, given: &str) -> Vec<u8> {
        let mut key = Vec::with_capacity(4 * (family.len() + middle.len() + given.len() + 2));
        for (i, part) in [given, family, middle].into_iter().enumerate() {
            if i > 0 {
                key.push(0);
            }
            match self.parts.get(part) {
                Some(k) => key.extend_from_slice(k),
                None => {
                    let mut k = Vec::new();
                    push_key(&mut k, part);
                    key.extend_from_slice(&k);
                    self.parts.insert(part.to_string(), k);
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

/// `text` for quoting in a message: at most `max` characters, then "…"
/// (a cell of 30,000 characters must not be repeated in every message).
pub fn clip(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some((i, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..i])),
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
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
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
/// A percentage with one decimal and the Vietnamese decimal comma, without a
/// trailing ",0": 66.666 → "66,7", 80.0 → "80".
pub fn format_percent(p: f64) -> String {
    let tenths = (p * 10.0).round() as i64;
    let whole = format_number(tenths / 10);
    match (tenths % 10).abs() {
        0 => whole,
        d => format!("{whole},{d}"),
    }
}

/// `15/03/2021`. Written out rather than through `format("%d/%m/%Y")`, which
/// parses its pattern on every call (a tenth of a staff list page's time).
pub fn format_date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
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

    /// The definitions the fast versions must agree with.
    fn fold_reference(s: &str) -> String {
        let mut out = String::new();
        let mut last_space = true;
        for c in s.nfd() {
            if is_combining_mark(c) {
                continue;
            }
            let c = match c {
                'đ' | 'Đ' | 'ð' | 'Ð' => 'd',
                c => c,
            };
            if c.is_whitespace() {
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
                continue;
            }
            out.extend(c.to_lowercase());
            last_space = false;
        }
        if out.ends_with(' ') {
            out.pop();
        }
        out
    }

    fn normalize_name_reference(s: &str) -> String {
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

    /// Every Vietnamese letter in both forms (composed and decomposed), odd
    /// whitespace, and a sweep of the Latin, Greek, Cyrillic and Hangul blocks.
    fn samples() -> Vec<String> {
        let letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        let mut out: Vec<String> = vec![
            letters.to_string(),
            letters.to_uppercase(),
            letters.nfd().collect(),
            letters.to_uppercase().nfd().collect(),
            " \tNguyễn\u{a0}\u{a0}Văn\u{2003}Đức \n".into(),
            "Nguye\u{302}\u{303}n ĐẶNG ǅ ß İ ΐ".into(),
            "a\u{323}\u{302} o\u{31b}\u{301} e\u{301}\u{323}".into(),
            String::new(),
            "   ".into(),
        ];
        let ranges = [
            (0x80u32, 0x250u32),
            (0x300, 0x370),
            (0x370, 0x500),
            (0x1e00, 0x1f00),
            (0xac00, 0xac40),
        ];
        for (a, b) in ranges {
            let s: String = (a..b).filter_map(char::from_u32).collect();
            out.push(s.clone());
            out.push(s.chars().map(|c| format!("{c} ")).collect());
        }
        out
    }

    #[test]
    fn fast_fold_and_name_agree_with_their_definitions() {
        for s in samples() {
            assert_eq!(fold(&s), fold_reference(&s), "fold({s:?})");
            assert_eq!(
                normalize_name(&s),
                normalize_name_reference(&s),
                "normalize_name({s:?})"
            );
        }
    }

    #[test]
    fn percentages_with_a_decimal_comma() {
        assert_eq!(format_percent(200.0 / 3.0), "66,7");
        assert_eq!(format_percent(80.0), "80");
        assert_eq!(format_percent(7.0 * 100.0 / 9.0), "77,8");
        assert_eq!(format_percent(1234.5), "1.234,5");
    }

    #[test]
    fn name_words_split_family_middle_given() {
        for (s, want) in [
            ("Nguyễn Thị Minh Khai", ("Nguyễn", "Thị Minh", "Khai")),
            ("  Lê\u{a0} Văn  Tám ", ("Lê", "Văn", "Tám")),
            ("Hà", ("", "", "Hà")),
            ("Tôn Nữ", ("Tôn", "", "Nữ")),
            ("", ("", "", "")),
            ("  ", ("", "", "")),
            (
                "Công Tằng Tôn Nữ Thị Bích",
                ("Công", "Tằng Tôn Nữ Thị", "Bích"),
            ),
            ("A\tB\u{2003}C  \t D E", ("A", "B C D", "E")),
        ] {
            let (f, m, g) = name_words(s);
            assert_eq!((f, m.as_ref(), g), want, "{s:?}");
            let mut keys = NameSortKeys::default();
            assert_eq!(keys.key(s), name_sort_key(s), "{s:?}");
        }
    }

    #[test]
    fn squeezes_spaces() {
        assert_eq!(
            squeeze_spaces("  Phó \t Trưởng  phòng "),
            "Phó Trưởng phòng"
        );
        assert_eq!(squeeze_spaces(""), "");
    }

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

#[cfg(test)]
mod clip_tests {
    #[test]
    fn clips_by_characters() {
        assert_eq!(super::clip("Phòng Chính sách", 80), "Phòng Chính sách");
        assert_eq!(super::clip("Phòng Chính sách", 5), "Phòng…");
        assert_eq!(super::clip(&"đ".repeat(100), 3), "đđđ…");
    }
}
