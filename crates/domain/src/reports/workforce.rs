//! Forms 0604.N and 0605.N of TT 02/2023/TT-BNV: the organisations that do
//! the emulation and commendation work, and the civil servants who do it —
//! by age, training and years in the work (docs/reports.md). The Office
//! marks which units are such organisations and which people do the work;
//! the forms count those marks.

use super::statutory::{Form, row};
use chrono::{Datelike, NaiveDate};

crate::codes::vocabulary_pub! {
    /// The rows of 0604.N.
    OrgKind, "loại tổ chức làm công tác thi đua, khen thưởng" {
        Department = "cap-vu", "Cấp Vụ (Vụ, Ban Thi đua – Khen thưởng thuộc bộ, ngành)";
        DivisionOfDepartment = "phong-thuoc-vu", "Phòng thuộc Vụ";
        HomeAffairsBoard = "ban-thuoc-snv", "Ban Thi đua – Khen thưởng thuộc Sở Nội vụ";
        HomeAffairsDivision = "phong-thuoc-snv", "Phòng thuộc Sở Nội vụ";
    }
}

crate::codes::vocabulary_pub! {
    /// The training rows of 0605.N.
    Training, "trình độ đào tạo" {
        Elementary = "so-cap", "Sơ cấp";
        Intermediate = "trung-cap", "Trung cấp";
        College = "cao-dang", "Cao đẳng";
        University = "dai-hoc", "Đại học";
        Postgraduate = "tren-dai-hoc", "Trên đại học";
    }
}

/// A civil servant doing the work, as 0605.N counts them.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffFact {
    pub woman: bool,
    pub birth: Option<NaiveDate>,
    pub training: Option<Training>,
    /// The year they began the emulation and commendation work.
    pub since_year: i32,
}

/// 0604.N: the organisations of each kind in the body.
pub fn form_0604(orgs: &[OrgKind]) -> Form {
    let n = |k: OrgKind| Some(orgs.iter().filter(|o| **o == k).count() as u64);
    let mut rows = vec![row("", "Tổng số", vec![Some(orgs.len() as u64)], true)];
    for (i, k) in OrgKind::ALL.iter().enumerate() {
        rows.push(row(&(i + 1).to_string(), k.label(), vec![n(*k)], false));
    }
    Form {
        code: "0604.N/BNV-TĐKT",
        title: "SỐ LƯỢNG TỔ CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG",
        unit: "Đơn vị tính: Tổ chức",
        columns: vec!["Số lượng".into()],
        rows,
    }
}

/// Age bands of 0605.N (age reached in the report's year).
const AGES: [(&str, u32, u32); 6] = [
    ("Từ 30 tuổi trở xuống", 0, 30),
    ("Từ 31 đến 40 tuổi", 31, 40),
    ("Từ 41 đến 50 tuổi", 41, 50),
    ("Từ 51 đến 55 tuổi", 51, 55),
    ("Từ 56 đến 60 tuổi", 56, 60),
    ("Trên 60 tuổi", 61, u32::MAX),
];

/// 0605.N: the civil servants doing the work at the end of `year`, with the
/// women among them, by age, training and years in the work. People whose
/// birth date or training is not recorded count in the total only.
pub fn form_0605(staff: &[StaffFact], year: i32) -> Form {
    let cells = |f: &dyn Fn(&StaffFact) -> bool| {
        let sel: Vec<&StaffFact> = staff.iter().filter(|s| f(s)).collect();
        vec![
            Some(sel.len() as u64),
            Some(sel.iter().filter(|s| s.woman).count() as u64),
        ]
    };
    let age = |s: &StaffFact| s.birth.map(|b| (year - b.year()).max(0) as u32);
    let mut rows = vec![row("", "Tổng số", cells(&|_| true), true)];
    rows.push(row("I", "Theo độ tuổi", vec![None, None], true));
    for (i, (label, lo, hi)) in AGES.iter().enumerate() {
        rows.push(row(
            &(i + 1).to_string(),
            label,
            cells(&|s| age(s).is_some_and(|a| (*lo..=*hi).contains(&a))),
            false,
        ));
    }
    rows.push(row("II", "Theo trình độ đào tạo", vec![None, None], true));
    for (i, t) in Training::ALL.iter().enumerate() {
        rows.push(row(
            &(i + 1).to_string(),
            t.label(),
            cells(&|s| s.training == Some(*t)),
            false,
        ));
    }
    rows.push(row(
        "III",
        "Theo thời gian làm công tác thi đua, khen thưởng",
        vec![None, None],
        true,
    ));
    let years = |s: &StaffFact| (year - s.since_year).max(0);
    for (i, (label, lo, hi)) in [
        ("Dưới 5 năm", 0, 4),
        ("Từ 5 năm đến dưới 10 năm", 5, 9),
        ("Từ 10 năm trở lên", 10, i32::MAX),
    ]
    .iter()
    .enumerate()
    {
        rows.push(row(
            &(i + 1).to_string(),
            label,
            cells(&|s| (*lo..=*hi).contains(&years(s))),
            false,
        ));
    }
    Form {
        code: "0605.N/BNV-TĐKT",
        title: "SỐ LƯỢNG CÔNG CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG",
        unit: "Đơn vị tính: Người",
        columns: vec!["Tổng số".into(), "Trong đó: Nữ".into()],
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(
        woman: bool,
        birth_year: Option<i32>,
        training: Option<Training>,
        since_year: i32,
    ) -> StaffFact {
        StaffFact {
            woman,
            birth: birth_year.map(|y| NaiveDate::from_ymd_opt(y, 6, 1).unwrap()),
            training,
            since_year,
        }
    }

    #[test]
    fn form_0604_counts_each_kind() {
        let f = form_0604(&[
            OrgKind::HomeAffairsBoard,
            OrgKind::HomeAffairsDivision,
            OrgKind::HomeAffairsDivision,
        ]);
        assert_eq!(f.rows[0].cells, vec![Some(3)]);
        assert_eq!(f.cell("3", 0), Some(1));
        assert_eq!(f.cell("4", 0), Some(2));
        assert_eq!(f.cell("1", 0), Some(0));
    }

    #[test]
    fn form_0605_bands_age_training_and_years() {
        use Training::*;
        let staff = vec![
            s(true, Some(1996), Some(University), 2022), // 30 in 2026, 4 years
            s(false, Some(1985), Some(Postgraduate), 2016), // 41, 10 years
            s(true, Some(1970), Some(University), 2021), // 56, 5 years
            s(true, None, None, 2026),                   // unknown age and training
        ];
        let f = form_0605(&staff, 2026);
        assert_eq!(f.rows[0].cells, vec![Some(4), Some(3)]);
        // Age rows follow heading "I": 1..6.
        let age_rows: Vec<Option<u64>> = f.rows[2..8].iter().map(|r| r.cells[0]).collect();
        assert_eq!(
            age_rows,
            vec![Some(1), Some(0), Some(1), Some(0), Some(1), Some(0)]
        );
        let uni = f.rows.iter().find(|r| r.label == "Đại học").unwrap();
        assert_eq!(uni.cells, vec![Some(2), Some(2)]);
        let ten = f
            .rows
            .iter()
            .find(|r| r.label == "Từ 10 năm trở lên")
            .unwrap();
        assert_eq!(ten.cells, vec![Some(1), Some(0)]);
        let under5 = f.rows.iter().find(|r| r.label == "Dưới 5 năm").unwrap();
        assert_eq!(under5.cells, vec![Some(2), Some(2)]);
    }
}
