//! The periods of the working reports: a month, a quarter, a half-year or a
//! year, as the Office names them ("quý II năm 2021", "6 tháng đầu năm 2021").

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    Month(u32),
    Quarter(u32),
    Half(u32),
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub year: i32,
    pub kind: PeriodKind,
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl Period {
    /// From the report form's fields: `ky` is "thang", "quy", "6-thang" or
    /// "nam", `so` the month (1–12), quarter (1–4) or half (1–2).
    pub fn parse(year: i32, ky: &str, so: u32) -> Option<Period> {
        let kind = match ky {
            "thang" if (1..=12).contains(&so) => PeriodKind::Month(so),
            "quy" if (1..=4).contains(&so) => PeriodKind::Quarter(so),
            "6-thang" if (1..=2).contains(&so) => PeriodKind::Half(so),
            "nam" => PeriodKind::Year,
            _ => return None,
        };
        (1900..=2200)
            .contains(&year)
            .then_some(Period { year, kind })
    }

    pub fn ky(self) -> &'static str {
        match self.kind {
            PeriodKind::Month(_) => "thang",
            PeriodKind::Quarter(_) => "quy",
            PeriodKind::Half(_) => "6-thang",
            PeriodKind::Year => "nam",
        }
    }

    pub fn so(self) -> u32 {
        match self.kind {
            PeriodKind::Month(n) | PeriodKind::Quarter(n) | PeriodKind::Half(n) => n,
            PeriodKind::Year => 1,
        }
    }

    /// First and last day, both included.
    pub fn range(self) -> (NaiveDate, NaiveDate) {
        let (first, last) = match self.kind {
            PeriodKind::Month(m) => (m, m),
            PeriodKind::Quarter(q) => (q * 3 - 2, q * 3),
            PeriodKind::Half(h) => (h * 6 - 5, h * 6),
            PeriodKind::Year => (1, 12),
        };
        let start = NaiveDate::from_ymd_opt(self.year, first, 1).unwrap_or(NaiveDate::MIN);
        let next = if last == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, last + 1, 1)
        };
        let end = next.and_then(|n| n.pred_opt()).unwrap_or(NaiveDate::MAX);
        (start, end)
    }

    /// "tháng 3 năm 2021", "quý II năm 2021", "6 tháng đầu năm 2021", "năm 2021".
    pub fn label(self) -> String {
        match self.kind {
            PeriodKind::Month(m) => format!("tháng {m} năm {}", self.year),
            PeriodKind::Quarter(q) => {
                format!("quý {} năm {}", ROMAN[(q as usize - 1).min(3)], self.year)
            }
            PeriodKind::Half(1) => format!("6 tháng đầu năm {}", self.year),
            PeriodKind::Half(_) => format!("6 tháng cuối năm {}", self.year),
            PeriodKind::Year => format!("năm {}", self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ranges_cover_whole_months() {
        let p = |ky, so| Period::parse(2024, ky, so).unwrap().range();
        assert_eq!(p("thang", 2), (d(2024, 2, 1), d(2024, 2, 29)));
        assert_eq!(p("thang", 12), (d(2024, 12, 1), d(2024, 12, 31)));
        assert_eq!(p("quy", 2), (d(2024, 4, 1), d(2024, 6, 30)));
        assert_eq!(p("6-thang", 2), (d(2024, 7, 1), d(2024, 12, 31)));
        assert_eq!(p("nam", 0), (d(2024, 1, 1), d(2024, 12, 31)));
    }

    #[test]
    fn labels_are_the_offices_words() {
        let l = |ky, so| Period::parse(2021, ky, so).unwrap().label();
        assert_eq!(l("thang", 3), "tháng 3 năm 2021");
        assert_eq!(l("quy", 4), "quý IV năm 2021");
        assert_eq!(l("6-thang", 1), "6 tháng đầu năm 2021");
        assert_eq!(l("6-thang", 2), "6 tháng cuối năm 2021");
        assert_eq!(l("nam", 1), "năm 2021");
    }

    #[test]
    fn out_of_range_numbers_are_refused() {
        assert!(Period::parse(2021, "thang", 13).is_none());
        assert!(Period::parse(2021, "quy", 0).is_none());
        assert!(Period::parse(2021, "6-thang", 3).is_none());
        assert!(Period::parse(2021, "tuan", 1).is_none());
        assert!(Period::parse(99999, "nam", 1).is_none());
    }
}
