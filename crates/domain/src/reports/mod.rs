//! Reports the Office sends up: the statutory statistics of TT 02/2023/TT-BNV
//! ([`statutory`]), the shares the seed's plan emphasises ([`emphasis`]), and how the registry's facts map onto their rows
//! (docs/reports.md).

pub mod charts;
pub mod emphasis;
pub mod period;
pub mod statutory;
pub mod workforce;
pub mod working;

use crate::text::fold;
use chrono::{Datelike, NaiveDate};
use statutory::{LaunchLevel, MovementScope, SubjectClass};

/// The column of 0601.N a movement falls in, by the level rank of the unit
/// that launched it (−1 central, 0 province, 1 provincial department, larger
/// below): a provincial department (sở, ban, ngành) counts with the province.
pub fn launch_level(rank: i32) -> LaunchLevel {
    match rank {
        r if r < 0 => LaunchLevel::Central,
        0 | 1 => LaunchLevel::MinistryProvince,
        _ => LaunchLevel::Agency,
    }
}

/// The scope row of 0601.N: a movement of a bloc says so in its scope
/// ("Khối thi đua…", "Cụm thi đua…"); otherwise the launching level decides.
pub fn movement_scope(rank: i32, scope: &str) -> MovementScope {
    let s = fold(scope);
    if s.contains("khoi thi dua") || s.contains("cum thi dua") {
        return MovementScope::Bloc;
    }
    match rank {
        r if r < 0 => MovementScope::National,
        0 => MovementScope::MinistryLocal,
        _ => MovementScope::Agency,
    }
}

/// Whole months from `start` to `end`, both days counted: 01/01–31/12 is 12,
/// 15/03–14/04 is 1.
pub fn months_between(start: NaiveDate, end: NaiveDate) -> u32 {
    let covered = |m: u32| {
        start
            .checked_add_months(chrono::Months::new(m))
            .and_then(|d| d.pred_opt())
            .is_some_and(|last| last <= end)
    };
    let rough = ((end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32)
        .max(0) as u32;
    (rough.saturating_sub(1)..=rough + 1)
        .rev()
        .find(|m| covered(*m))
        .unwrap_or(0)
}

/// The subject row of 0602.N / 0603.N for an award's recipient: a
/// collective; or a person by whether they hold a managerial post and where —
/// at a province-level body (rank ≤ 0), at a provincial department or agency
/// (rank 1, or any agency), or in a department below.
pub fn subject_class(
    collective: bool,
    is_manager: bool,
    unit_kind: &str,
    unit_rank: i32,
) -> SubjectClass {
    if collective {
        return SubjectClass::Collective;
    }
    if !is_manager {
        return SubjectClass::Worker;
    }
    match (unit_kind, unit_rank) {
        (_, r) if r <= 0 => SubjectClass::LeaderMinistryProvince,
        ("agency", _) | (_, 1) => SubjectClass::LeaderDepartment,
        _ => SubjectClass::OtherLeader,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_of_common_periods() {
        assert_eq!(months_between(d(2021, 1, 1), d(2021, 12, 31)), 12);
        assert_eq!(months_between(d(2021, 3, 1), d(2021, 8, 31)), 6);
        assert_eq!(months_between(d(2021, 1, 1), d(2025, 12, 31)), 60);
        assert_eq!(months_between(d(2021, 3, 15), d(2021, 4, 14)), 1);
    }

    #[test]
    fn who_is_who_in_the_forms() {
        assert_eq!(
            subject_class(true, true, "agency", 1),
            SubjectClass::Collective
        );
        assert_eq!(
            subject_class(false, false, "agency", 1),
            SubjectClass::Worker
        );
        assert_eq!(
            subject_class(false, true, "agency", 1),
            SubjectClass::LeaderDepartment
        );
        assert_eq!(
            subject_class(false, true, "agency", 0),
            SubjectClass::LeaderMinistryProvince
        );
        assert_eq!(
            subject_class(false, true, "department", 5),
            SubjectClass::OtherLeader
        );
        assert_eq!(launch_level(1), LaunchLevel::MinistryProvince);
        assert_eq!(
            movement_scope(1, "Khối thi đua các cơ quan tham mưu"),
            MovementScope::Bloc
        );
        assert_eq!(movement_scope(-1, ""), MovementScope::National);
    }
}
