//! The three legal regimes and how the decision date chooses one (docs/rules/index.md).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A legal regime: the set of texts in force on a decision date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Regime {
    /// Luật TĐKT 2003 (sửa đổi 2005, 2009, 2013) + NĐ 91/2017/NĐ-CP + TT 12/2019/TT-BNV:
    /// decisions before 01/01/2024.
    Nd91_2017,
    /// Luật TĐKT 2022 + NĐ 98/2023/NĐ-CP + TT 01/2024/TT-BNV: decisions 01/01/2024 – 30/06/2025.
    Nd98_2023,
    /// Luật TĐKT 2022 + NĐ 152/2025/NĐ-CP + TT 15/2025/TT-BNV: decisions from 01/07/2025.
    Nd152_2025,
}

impl Regime {
    pub const ALL: [Regime; 3] = [Regime::Nd91_2017, Regime::Nd98_2023, Regime::Nd152_2025];

    /// The identifier used in `tdkt-exchange/1` output and in override files.
    pub const fn id(self) -> &'static str {
        match self {
            Regime::Nd91_2017 => "ND91-2017",
            Regime::Nd98_2023 => "ND98-2023",
            Regime::Nd152_2025 => "ND152-2025",
        }
    }

    /// Vietnamese description of the texts the regime consists of.
    pub const fn label(self) -> &'static str {
        match self {
            Regime::Nd91_2017 => {
                "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Nghị định 91/2017/NĐ-CP, Thông tư 12/2019/TT-BNV"
            }
            Regime::Nd98_2023 => {
                "Luật Thi đua, khen thưởng 2022, Nghị định 98/2023/NĐ-CP, Thông tư 01/2024/TT-BNV"
            }
            Regime::Nd152_2025 => {
                "Luật Thi đua, khen thưởng 2022, Nghị định 152/2025/NĐ-CP, Thông tư 15/2025/TT-BNV"
            }
        }
    }

    pub fn parse(id: &str) -> Option<Regime> {
        Regime::ALL.into_iter().find(|r| r.id() == id)
    }

    /// First day the regime applies to (None = open start).
    pub fn effective_from(self) -> Option<NaiveDate> {
        match self {
            Regime::Nd91_2017 => None,
            Regime::Nd98_2023 => NaiveDate::from_ymd_opt(2024, 1, 1),
            Regime::Nd152_2025 => NaiveDate::from_ymd_opt(2025, 7, 1),
        }
    }

    /// The regime in force on a decision (or proposal) date. NĐ 98/2023 and Luật 2022
    /// took effect on 01/01/2024; NĐ 152/2025 on 01/07/2025 (its Đ59 repeals NĐ 98).
    /// Transitional rules for dossiers pending on those dates were not retrieved [U]:
    /// the decision date alone decides.
    pub fn on(date: NaiveDate) -> Regime {
        if date >= ymd(2025, 7, 1) {
            Regime::Nd152_2025
        } else if date >= ymd(2024, 1, 1) {
            Regime::Nd98_2023
        } else {
            Regime::Nd91_2017
        }
    }

    /// Regimes B and C share Luật 2022.
    pub const fn is_law_2022(self) -> bool {
        !matches!(self, Regime::Nd91_2017)
    }
}

/// A date known to be valid (the constants of this module).
pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

impl fmt::Display for Regime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Regime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Regime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Regime::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "chế độ pháp lý không hợp lệ «{s}» (ND91-2017 | ND98-2023 | ND152-2025)"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_by_decision_date() {
        assert_eq!(Regime::on(ymd(2021, 12, 31)), Regime::Nd91_2017);
        assert_eq!(Regime::on(ymd(2023, 12, 31)), Regime::Nd91_2017);
        assert_eq!(Regime::on(ymd(2024, 1, 1)), Regime::Nd98_2023);
        assert_eq!(Regime::on(ymd(2025, 6, 30)), Regime::Nd98_2023);
        assert_eq!(Regime::on(ymd(2025, 7, 1)), Regime::Nd152_2025);
        for r in Regime::ALL {
            assert_eq!(Regime::parse(r.id()), Some(r));
        }
    }
}
