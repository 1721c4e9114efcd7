//! Bonus amounts: coefficient × mức lương cơ sở in force on the decision date, rounded
//! up to the next 10.000 đồng (NĐ 152/2025 Đ49; parameter `bonus_round_up_to`).
//!
//! Verified coefficients (docs/rules/index.md, "Bonus"):
//! - NĐ 91/2017 Đ69–Đ73: CSTĐ toàn quốc 4,5; CSTĐ tỉnh 3,0; CSTĐCS 1,0; LĐTT 0,3;
//!   TTLĐTT 0,8; BK Thủ tướng 3,5; BK tỉnh 1,0; Giấy khen 0,3 (0,15 when a commune
//!   chairman awards it: set it in the override file); collectives twice the individual.
//! - NĐ 152/2025 Đ54 k1 and Đ51: Giấy khen 0,3; BK tỉnh 1,5; BK Thủ tướng 3,5; HCLĐ hạng
//!   Ba 4,5; collectives twice.
//!
//! Every other amount (the titles under NĐ 98/2023 and NĐ 152/2025, TTLĐXS and the Cờ
//! under NĐ 91/2017, HCLĐ hạng Ba under NĐ 91/2017, the forms under NĐ 98/2023, the
//! rounding outside NĐ 152/2025) is carried over from the same tables and reported with
//! `unverified: true`. All are parameters (`bonus_individual`, `bonus_collective`).

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
            [(BkTtg, 3.5), (BkTinh, 1.0), (GiayKhen, 0.3), (Hcld3, 4.5)],
            [(BkTtg, 7.0), (BkTinh, 2.0), (GiayKhen, 0.6), (Hcld3, 9.0)],
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

/// Whether the national coefficient of `award` under `regime` was verified against the
/// decree (the list in this module's header).
pub fn coefficient_verified(regime: Regime, award: AwardCode) -> bool {
    use AwardCode::*;
    match regime {
        Regime::Nd91_2017 => matches!(
            award,
            CstdTq | CstdTinh | Cstdcs | Ldtt | Ttldtt | BkTtg | BkTinh | GiayKhen
        ),
        Regime::Nd98_2023 => false,
        Regime::Nd152_2025 => matches!(award, GiayKhen | BkTinh | BkTtg | Hcld3),
    }
}

/// A bonus: the coefficient, the base salary on the date, and their product in đồng.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bonus {
    pub award: AwardCode,
    pub coefficient: f64,
    pub base_salary: u64,
    /// Coefficient × base salary, before rounding.
    pub exact: u64,
    /// The amount paid: `exact` rounded up to `bonus_round_up_to`.
    pub amount: u64,
    pub on: NaiveDate,
    /// The coefficient or the rounding was not verified against the decree in force.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unverified: bool,
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
    // Coefficients have at most two decimals (0,15): compute in hundredths exactly.
    let hundredths = (coefficient * 100.0).round() as u64;
    let exact = hundredths * base_salary / 100;
    let step = params.bonus_round_up_to.max(1);
    let amount = exact.div_ceil(step) * step;
    let national = super::bonus::national_coefficients(params.regime);
    let national = match kind {
        SubjectKind::Individual => national.0,
        SubjectKind::Collective => national.1,
    };
    // A coefficient the agency set itself is its own; a national one is as verified as
    // the table says. Rounding is verified in NĐ 152/2025 only.
    let coefficient_unverified =
        national.get(&award) == Some(&coefficient) && !coefficient_verified(params.regime, award);
    let rounding_unverified = amount != exact && params.regime != Regime::Nd152_2025;
    Some(Bonus {
        award,
        coefficient,
        base_salary,
        exact,
        amount,
        on,
        unverified: coefficient_unverified || rounding_unverified,
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
        assert_eq!((b.exact, b.amount), (702_000, 710_000));
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
        // Rounded up to the next 10.000 đ: 0,3 × 1.490.000 = 447.000 → 450.000.
        let a = Params::national(Regime::Nd91_2017);
        let b = bonus(
            AwardCode::Ldtt,
            SubjectKind::Individual,
            ymd(2021, 12, 20),
            &a,
        )
        .unwrap();
        assert_eq!((b.exact, b.amount), (447_000, 450_000));
        assert!(b.unverified, "rounding under NĐ 91 is not verified");
        let b = bonus(
            AwardCode::BkTtg,
            SubjectKind::Individual,
            ymd(2021, 12, 20),
            &a,
        )
        .unwrap();
        assert_eq!((b.coefficient, b.amount), (3.5, 5_220_000));
        let b = bonus(
            AwardCode::Cstdcs,
            SubjectKind::Individual,
            ymd(2021, 12, 20),
            &a,
        )
        .unwrap();
        assert_eq!((b.amount, b.unverified), (1_490_000, false));
        let b = bonus(
            AwardCode::BkTinh,
            SubjectKind::Individual,
            ymd(2025, 12, 20),
            &p,
        )
        .unwrap();
        assert_eq!(
            (b.coefficient, b.amount, b.unverified),
            (1.5, 3_510_000, false)
        );
        let b = bonus(
            AwardCode::CoTinh,
            SubjectKind::Collective,
            ymd(2025, 12, 20),
            &p,
        )
        .unwrap();
        assert!(b.unverified, "titles under NĐ 152 not verified");
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
