//! Bonus amounts: coefficient × mức lương cơ sở in force on the decision date.
//!
//! Titles (same in NĐ 91/2017 Đ70–71, NĐ 98/2023 Đ54, NĐ 152/2025 Đ50): CSTĐ toàn quốc
//! 4,5; CSTĐ tỉnh 3,0; CSTĐCS 1,0; LĐTT 0,3; TTLĐXS 1,5; TTLĐTT 0,8; Cờ Chính phủ 12,0;
//! Cờ tỉnh 8,0. Forms of award for collectives (NĐ 152/2025 Đ54): BK Thủ tướng 7; BK tỉnh
//! 3; Giấy khen 0,6; HCLĐ hạng Ba 9. Individual forms are half the collective amount
//! (BK Thủ tướng 3,5 is reported by the press [S]; the rest [U]). NĐ 91/2017 Đ72 forms
//! (BK Thủ tướng 1,5/3,0; BK tỉnh 1,0/2,0; Giấy khen 0,3/0,6; HCLĐ III 3,0/6,0) are
//! from memory [U]. All are parameters (`bonus_individual`, `bonus_collective`).

use super::params::Params;
use super::regime::Regime;
use crate::codes::{AwardCode, SubjectKind};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

pub(crate) fn national_coefficients(
    regime: Regime,
) -> (BTreeMap<AwardCode, f64>, BTreeMap<AwardCode, f64>) {
    use AwardCode::*;
    let titles_individual = [(CstdTq, 4.5), (CstdTinh, 3.0), (Cstdcs, 1.0), (Ldtt, 0.3)];
    let titles_collective = [(Ttldxs, 1.5), (Ttldtt, 0.8), (CoCp, 12.0), (CoTinh, 8.0)];
    let (forms_individual, forms_collective) = match regime {
        Regime::Nd91_2017 => (
            [(BkTtg, 1.5), (BkTinh, 1.0), (GiayKhen, 0.3), (Hcld3, 3.0)],
            [(BkTtg, 3.0), (BkTinh, 2.0), (GiayKhen, 0.6), (Hcld3, 6.0)],
        ),
        Regime::Nd98_2023 | Regime::Nd152_2025 => (
            [(BkTtg, 3.5), (BkTinh, 1.5), (GiayKhen, 0.3), (Hcld3, 4.5)],
            [(BkTtg, 7.0), (BkTinh, 3.0), (GiayKhen, 0.6), (Hcld3, 9.0)],
        ),
    };
    let ind = titles_individual
        .into_iter()
        .chain(forms_individual)
        .collect();
    let col = titles_collective
        .into_iter()
        .chain(forms_collective)
        .collect();
    (ind, col)
}

/// A bonus: the coefficient, the base salary on the date, and their product in đồng.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bonus {
    pub award: AwardCode,
    pub coefficient: f64,
    pub base_salary: u64,
    pub amount: u64,
    pub on: NaiveDate,
}

/// The bonus for an award decided on `on`, for an individual or a collective; None when
/// no coefficient or base salary is known.
pub fn bonus(award: AwardCode, kind: SubjectKind, on: NaiveDate, params: &Params) -> Option<Bonus> {
    let table = match kind {
        SubjectKind::Individual => &params.bonus_individual,
        SubjectKind::Collective => &params.bonus_collective,
    };
    let coefficient = *table.get(&award)?;
    let base_salary = params.base_salary_on(on)?;
    // Coefficients have at most one decimal in the decrees: compute in tenths exactly.
    let tenths = (coefficient * 10.0).round() as u64;
    let amount = tenths * base_salary / 10;
    Some(Bonus {
        award,
        coefficient,
        base_salary,
        amount,
        on,
    })
}

/// "702.000 đ" — Vietnamese thousands separator.
pub fn format_vnd(amount: u64) -> String {
    let s = amount.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out.push_str(" đ");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::regime::ymd;

    #[test]
    fn amounts() {
        let p = Params::national(Regime::Nd152_2025);
        let b = bonus(
            AwardCode::Ldtt,
            SubjectKind::Individual,
            ymd(2025, 12, 20),
            &p,
        )
        .unwrap();
        assert_eq!(b.amount, 702_000);
        let b = bonus(
            AwardCode::Cstdcs,
            SubjectKind::Individual,
            ymd(2023, 12, 20),
            &p,
        )
        .unwrap();
        assert_eq!(b.amount, 1_800_000);
        let b = bonus(
            AwardCode::CoCp,
            SubjectKind::Collective,
            ymd(2020, 1, 2),
            &p,
        )
        .unwrap();
        assert_eq!(b.amount, 12 * 1_490_000);
        assert_eq!(format_vnd(702_000), "702.000 đ");
        assert_eq!(format_vnd(8_190_000), "8.190.000 đ");
        assert!(
            bonus(
                AwardCode::Ldtt,
                SubjectKind::Collective,
                ymd(2025, 1, 1),
                &p
            )
            .is_none()
        );
    }
}
