//! The statistical forms of TT 02/2023/TT-BNV on the emulation and
//! commendation work (docs/reports.md): 0601.N (movements), 0602.N (state-level
//! awards), 0603.N (ministry/province-level awards). Each form is a fixed grid
//! of rows and columns; the figures are counted here from plain facts that the
//! store reads for a year and a body.

use crate::codes::{AwardCode, AwardKind};
use crate::emulation::movement::MovementKind;

/// Who launched a movement, for the columns of 0601.N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaunchLevel {
    /// Hội đồng Thi đua – Khen thưởng Trung ương, the Government, a central body.
    Central,
    /// A ministry, sector or province.
    MinistryProvince,
    /// An agency, organisation or unit below.
    Agency,
}

/// The scope rows of 0601.N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MovementScope {
    National,
    MinistryLocal,
    Bloc,
    Agency,
}

/// A movement as 0601.N counts it.
#[derive(Debug, Clone, PartialEq)]
pub struct MovementFact {
    pub level: LaunchLevel,
    pub scope: MovementScope,
    /// Whole months from start to end; `None` without an end (counted as ≥ 5 years
    /// only if it began five years before the report's year, else as 1 year).
    pub months: Option<u32>,
    pub kind: MovementKind,
}

/// Who received an award, for the subject rows of 0602.N and 0603.N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectClass {
    Collective,
    Household,
    /// Lãnh đạo cấp bộ, cấp tỉnh trở lên.
    LeaderMinistryProvince,
    /// Lãnh đạo cấp vụ, sở, ngành và tương đương.
    LeaderDepartment,
    Businessperson,
    /// Các cấp lãnh đạo khác từ phó phòng trở lên.
    OtherLeader,
    /// Người trực tiếp lao động, sản xuất, công tác.
    Worker,
}

impl SubjectClass {
    pub fn collective(self) -> bool {
        matches!(self, SubjectClass::Collective | SubjectClass::Household)
    }
}

/// An award as 0602.N and 0603.N count it.
#[derive(Debug, Clone, PartialEq)]
pub struct AwardFact {
    pub award: AwardCode,
    pub kind: AwardKind,
    pub subject: SubjectClass,
}

/// One filled form: its code and title, column headers, and rows of
/// (label, figures) in the order of the form; a `None` figure is a cell the
/// form leaves blank.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub code: &'static str,
    pub title: &'static str,
    pub unit: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<FormRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormRow {
    /// "A" column: the row's number ("1", "1.1") or empty for a heading.
    pub number: String,
    pub label: String,
    pub cells: Vec<Option<u64>>,
    /// A heading row (bold, its cells the sum of what follows where the form says so).
    pub heading: bool,
}

impl Form {
    /// The figure in the row numbered `number`, column `col` (0-based).
    pub fn cell(&self, number: &str, col: usize) -> Option<u64> {
        self.rows
            .iter()
            .find(|r| r.number == number)
            .and_then(|r| r.cells.get(col).copied().flatten())
    }
}

/// A row of a form (shared with the forms of `reports::workforce`).
pub(crate) fn row(number: &str, label: &str, cells: Vec<Option<u64>>, heading: bool) -> FormRow {
    FormRow {
        number: number.into(),
        label: label.into(),
        cells,
        heading,
    }
}

/// 0601.N: movements launched in the year, by scope, duration and method;
/// columns: total, central level, ministry/province level, agency level.
pub fn form_0601(movements: &[MovementFact]) -> Form {
    let count = |f: &dyn Fn(&MovementFact) -> bool| -> Vec<Option<u64>> {
        let sel: Vec<&MovementFact> = movements.iter().filter(|m| f(m)).collect();
        let by = |l: LaunchLevel| Some(sel.iter().filter(|m| m.level == l).count() as u64);
        vec![
            Some(sel.len() as u64),
            by(LaunchLevel::Central),
            by(LaunchLevel::MinistryProvince),
            by(LaunchLevel::Agency),
        ]
    };
    let months = |m: &MovementFact| m.months.unwrap_or(12);
    let rows = vec![
        row("", "Tổng số phong trào thi đua", count(&|_| true), true),
        row("1", "Theo phạm vi", count(&|_| true), true),
        row(
            "1.1",
            "Toàn quốc",
            count(&|m| m.scope == MovementScope::National),
            false,
        ),
        row(
            "1.2",
            "Bộ, ngành, địa phương",
            count(&|m| m.scope == MovementScope::MinistryLocal),
            false,
        ),
        row(
            "1.3",
            "Cụm, khối thi đua",
            count(&|m| m.scope == MovementScope::Bloc),
            false,
        ),
        row(
            "1.4",
            "Cơ quan, tổ chức, đơn vị",
            count(&|m| m.scope == MovementScope::Agency),
            false,
        ),
        row("2", "Theo thời gian", count(&|_| true), true),
        row("2.1", "Dưới 1 năm", count(&|m| months(m) < 12), false),
        row("2.2", "1 năm", count(&|m| months(m) == 12), false),
        row(
            "2.3",
            "Trên 1 năm đến dưới 3 năm",
            count(&|m| (13..36).contains(&months(m))),
            false,
        ),
        row(
            "2.4",
            "Từ 3 năm đến dưới 5 năm",
            count(&|m| (36..60).contains(&months(m))),
            false,
        ),
        row(
            "2.5",
            "Từ 5 năm trở lên",
            count(&|m| months(m) >= 60),
            false,
        ),
        row("3", "Theo hình thức", count(&|_| true), true),
        row(
            "3.1",
            "Chuyên đề",
            count(&|m| m.kind != MovementKind::ThuongXuyen),
            false,
        ),
        row(
            "3.2",
            "Thường xuyên hằng năm",
            count(&|m| m.kind == MovementKind::ThuongXuyen),
            false,
        ),
    ];
    Form {
        code: "0601.N/BNV-TĐKT",
        title: "SỐ PHONG TRÀO THI ĐUA",
        unit: "Đơn vị tính: Phong trào",
        columns: vec![
            "Tổng số".into(),
            "Cấp Trung ương (HĐ TĐKT Trung ương)".into(),
            "Cấp bộ, ban, ngành, tỉnh".into(),
            "Cấp cơ quan, tổ chức, đơn vị".into(),
        ],
        rows,
    }
}

/// A column group of 0602.N / 0603.N: its heading and the awards it counts;
/// `who` says whether it has a collective column, an individual column, or both.
struct Group {
    heading: &'static str,
    awards: &'static [AwardCode],
    collective: bool,
    individual: bool,
}

/// The rows of 0602.N and 0603.N, over the awards `facts` that one column
/// group counts: by submitting body, by subject, by method.
fn award_rows(
    groups: &[Group],
    facts: &[AwardFact],
    province: bool,
) -> (Vec<String>, Vec<FormRow>) {
    let mut columns = vec![
        "Tổng số – Tập thể".to_string(),
        "Tổng số – Cá nhân".to_string(),
    ];
    for g in groups {
        if g.collective {
            columns.push(format!("{} – Tập thể", g.heading));
        }
        if g.individual {
            columns.push(format!("{} – Cá nhân", g.heading));
        }
    }
    let counted: Vec<&AwardFact> = facts
        .iter()
        .filter(|f| groups.iter().any(|g| g.awards.contains(&f.award)))
        .collect();
    let cells = |sel: &dyn Fn(&AwardFact) -> bool| -> Vec<Option<u64>> {
        let n = |f: &dyn Fn(&AwardFact) -> bool| {
            Some(counted.iter().filter(|x| sel(x) && f(x)).count() as u64)
        };
        let mut out = vec![
            n(&|x| x.subject.collective()),
            n(&|x| !x.subject.collective()),
        ];
        for g in groups {
            if g.collective {
                out.push(n(&|x| {
                    x.subject.collective() && g.awards.contains(&x.award)
                }));
            }
            if g.individual {
                out.push(n(&|x| {
                    !x.subject.collective() && g.awards.contains(&x.award)
                }));
            }
        }
        out
    };
    let none = |_: &AwardFact| false;
    let all = |_: &AwardFact| true;
    let is = |s: SubjectClass| move |x: &AwardFact| x.subject == s;
    let kind = |k: AwardKind| move |x: &AwardFact| x.kind == k;
    let rows = vec![
        row("", "Tổng số", cells(&all), true),
        row("1", "Theo đơn vị trình khen thưởng", cells(&all), true),
        row(
            "1.1",
            "Bộ, ban, ngành, đoàn thể Trung ương",
            if province { cells(&none) } else { cells(&all) },
            false,
        ),
        row(
            "1.2",
            "Tỉnh, thành phố trực thuộc Trung ương",
            if province { cells(&all) } else { cells(&none) },
            false,
        ),
        row("2", "Theo đối tượng", cells(&all), true),
        row(
            "2.1",
            "Tập thể",
            cells(&is(SubjectClass::Collective)),
            false,
        ),
        row(
            "2.2",
            "Hộ gia đình",
            cells(&is(SubjectClass::Household)),
            false,
        ),
        row(
            "2.3",
            "Cá nhân",
            cells(&|x: &AwardFact| !x.subject.collective()),
            true,
        ),
        row(
            "2.3.1",
            "Lãnh đạo cấp bộ, cấp tỉnh trở lên",
            cells(&is(SubjectClass::LeaderMinistryProvince)),
            false,
        ),
        row(
            "2.3.2",
            "Lãnh đạo cấp vụ, sở, ngành và tương đương",
            cells(&is(SubjectClass::LeaderDepartment)),
            false,
        ),
        row(
            "2.3.3",
            "Doanh nhân",
            cells(&is(SubjectClass::Businessperson)),
            false,
        ),
        row(
            "2.3.4",
            "Các cấp lãnh đạo khác từ phó phòng trở lên",
            cells(&is(SubjectClass::OtherLeader)),
            false,
        ),
        row(
            "2.3.5",
            "Người trực tiếp lao động, sản xuất, công tác",
            cells(&is(SubjectClass::Worker)),
            false,
        ),
        row("3", "Theo hình thức khen thưởng", cells(&all), true),
        row(
            "3.1",
            "Thường xuyên (công trạng và thành tích)",
            cells(&kind(AwardKind::CongTrang)),
            false,
        ),
        row(
            "3.2",
            "Theo chuyên đề",
            cells(&kind(AwardKind::ChuyenDe)),
            false,
        ),
        row("3.3", "Đột xuất", cells(&kind(AwardKind::DotXuat)), false),
        row("3.4", "Đối ngoại", cells(&kind(AwardKind::DoiNgoai)), false),
        row(
            "3.5",
            "Quá trình cống hiến",
            cells(&kind(AwardKind::CongHien)),
            false,
        ),
        row("3.6", "Niên hạn", cells(&kind(AwardKind::NienHan)), false),
        row("3.7", "Thành tích kháng chiến", cells(&none), false),
    ];
    (columns, rows)
}

/// 0602.N: state-level awards (Huân chương, Cờ thi đua của Chính phủ, Bằng
/// khen của Thủ tướng, Chiến sĩ thi đua toàn quốc…) given in the year.
/// `province`: the reporting body is a province (row 1.2), else a ministry or
/// sector (row 1.1).
pub fn form_0602(facts: &[AwardFact], province: bool) -> Form {
    use AwardCode::*;
    let groups = [
        Group {
            heading: "Huân chương, Huy chương",
            awards: &[Hcld3],
            collective: true,
            individual: true,
        },
        Group {
            heading: "Giải thưởng Hồ Chí Minh",
            awards: &[],
            collective: true,
            individual: true,
        },
        Group {
            heading: "Giải thưởng Nhà nước",
            awards: &[],
            collective: true,
            individual: true,
        },
        Group {
            heading: "Danh hiệu vinh dự Nhà nước",
            awards: &[],
            collective: true,
            individual: true,
        },
        Group {
            heading: "Cờ thi đua của Chính phủ",
            awards: &[CoCp],
            collective: true,
            individual: false,
        },
        Group {
            heading: "Bằng khen của Thủ tướng Chính phủ",
            awards: &[BkTtg],
            collective: true,
            individual: true,
        },
        Group {
            heading: "Chiến sĩ thi đua toàn quốc",
            awards: &[CstdTq],
            collective: false,
            individual: true,
        },
    ];
    let (columns, rows) = award_rows(&groups, facts, province);
    Form {
        code: "0602.N/BNV-TĐKT",
        title: "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
        unit: "Đơn vị tính: Tập thể, cá nhân",
        columns,
        rows,
    }
}

/// 0603.N: ministry/province-level awards (Bằng khen, Chiến sĩ thi đua cấp
/// tỉnh, Cờ thi đua) given in the year.
pub fn form_0603(facts: &[AwardFact], province: bool) -> Form {
    use AwardCode::*;
    let groups = [
        Group {
            heading: "Bằng khen",
            awards: &[BkTinh],
            collective: true,
            individual: true,
        },
        Group {
            heading: "Chiến sĩ thi đua cấp bộ, ngành, tỉnh",
            awards: &[CstdTinh],
            collective: false,
            individual: true,
        },
        Group {
            heading: "Cờ thi đua",
            awards: &[CoTinh],
            collective: true,
            individual: false,
        },
        Group {
            heading: "Huy hiệu, Kỷ niệm chương",
            awards: &[],
            collective: false,
            individual: true,
        },
    ];
    let (columns, rows) = award_rows(&groups, facts, province);
    Form {
        code: "0603.N/BNV-TĐKT",
        title: "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, TỈNH",
        unit: "Đơn vị tính: Tập thể, cá nhân",
        columns,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(award: AwardCode, kind: AwardKind, subject: SubjectClass) -> AwardFact {
        AwardFact {
            award,
            kind,
            subject,
        }
    }

    #[test]
    fn form_0603_counts_by_subject_and_method() {
        use AwardCode::*;
        use SubjectClass::*;
        let facts = vec![
            a(BkTinh, AwardKind::CongTrang, Worker),
            a(BkTinh, AwardKind::CongTrang, LeaderDepartment),
            a(BkTinh, AwardKind::ChuyenDe, Collective),
            a(CstdTinh, AwardKind::CongTrang, OtherLeader),
            a(CoTinh, AwardKind::CongTrang, Collective),
            // Not a province-level award: left out.
            a(Ldtt, AwardKind::CongTrang, Worker),
        ];
        let f = form_0603(&facts, true);
        assert_eq!(f.columns.len(), 2 + 2 + 1 + 1 + 1);
        // Total: 2 collectives, 3 individuals.
        assert_eq!((f.cell("", 0), f.cell("", 1)), (Some(2), Some(3)));
        // Bằng khen: 1 collective, 2 individuals; CSTĐ tỉnh 1; Cờ 1.
        assert_eq!(
            (f.cell("", 2), f.cell("", 3), f.cell("", 4), f.cell("", 5)),
            (Some(1), Some(2), Some(1), Some(1))
        );
        assert_eq!(f.cell("1.2", 1), Some(3));
        assert_eq!(f.cell("1.1", 1), Some(0));
        assert_eq!(f.cell("2.3.2", 3), Some(1));
        assert_eq!(f.cell("2.3.5", 3), Some(1));
        assert_eq!(f.cell("3.2", 2), Some(1));
        assert_eq!(f.cell("3.1", 0), Some(1));
    }

    #[test]
    fn form_0601_by_scope_duration_and_method() {
        let m = |level, scope, months, kind| MovementFact {
            level,
            scope,
            months,
            kind,
        };
        let f = form_0601(&[
            m(
                LaunchLevel::Central,
                MovementScope::National,
                Some(60),
                MovementKind::ThuongXuyen,
            ),
            m(
                LaunchLevel::MinistryProvince,
                MovementScope::MinistryLocal,
                Some(12),
                MovementKind::ChuyenDe,
            ),
            m(
                LaunchLevel::Agency,
                MovementScope::Agency,
                Some(6),
                MovementKind::TheoDot,
            ),
        ]);
        assert_eq!(f.cell("", 0), Some(3));
        assert_eq!(f.cell("1.1", 1), Some(1));
        assert_eq!(f.cell("2.5", 0), Some(1));
        assert_eq!(f.cell("2.2", 2), Some(1));
        assert_eq!(f.cell("2.1", 3), Some(1));
        assert_eq!(f.cell("3.1", 0), Some(2));
        assert_eq!(f.cell("3.2", 0), Some(1));
    }
}
