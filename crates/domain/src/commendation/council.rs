//! The council: members by term with their roles, sessions with an agenda,
//! attendance, quorum and recusal.

use crate::error::{Error, Errors};
use chrono::NaiveDate;

crate::codes::vocabulary_pub! {
    /// A member's place in the council (chủ tịch chairs and closes the vote).
    CouncilRole, "vai trò trong Hội đồng" {
        Chair = "chu-tich", "Chủ tịch Hội đồng";
        ViceChair = "pho-chu-tich", "Phó Chủ tịch Hội đồng";
        Member = "uy-vien", "Ủy viên";
        Secretary = "thu-ky", "Ủy viên, Thư ký Hội đồng";
    }
}

crate::codes::vocabulary_pub! {
    /// chuẩn bị (agenda, attendance) → bỏ phiếu → đã kết thúc (tallies
    /// revealed, outcomes recorded).
    SessionStatus, "trạng thái phiên họp" {
        Preparing = "chuan-bi", "Đang chuẩn bị";
        Voting = "bo-phieu", "Đang bỏ phiếu";
        Closed = "da-ket-thuc", "Đã kết thúc bỏ phiếu";
    }
}

crate::codes::vocabulary_pub! {
    /// Whether a member attends a session.
    Attendance, "tham dự" {
        Present = "co-mat", "Có mặt";
        Written = "y-kien-van-ban", "Vắng, có ý kiến bằng văn bản";
        Absent = "vang", "Vắng";
    }
}

/// A council as typed: name and term.
#[derive(Debug, Clone, Default)]
pub struct CouncilInput {
    pub name: String,
    pub from_year: String,
    pub to_year: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilTerm {
    pub name: String,
    pub from_year: i32,
    pub to_year: i32,
}

impl CouncilInput {
    pub fn validate(&self) -> Result<CouncilTerm, Error> {
        let mut errs = Errors::default();
        if self.name.trim().is_empty() {
            errs.add("name", "Ghi tên Hội đồng.");
        }
        let year = |v: &str| {
            v.trim()
                .parse::<i32>()
                .ok()
                .filter(|y| (1990..=2100).contains(y))
        };
        let (from, to) = (year(&self.from_year), year(&self.to_year));
        match (from, to) {
            (Some(f), Some(t)) if f <= t => {}
            (Some(_), Some(_)) => errs.add(
                "to_year",
                "Năm kết thúc nhiệm kỳ phải từ năm bắt đầu trở đi.",
            ),
            (None, _) => errs.add("from_year", "Năm bắt đầu nhiệm kỳ không hợp lệ."),
            (_, None) => errs.add("to_year", "Năm kết thúc nhiệm kỳ không hợp lệ."),
        }
        errs.finish()?;
        Ok(CouncilTerm {
            name: self.name.trim().to_string(),
            from_year: from.unwrap_or_default(),
            to_year: to.unwrap_or_default(),
        })
    }
}

/// One member of a council for the checks below.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    pub role: CouncilRole,
    pub person_id: Option<i64>,
    /// The member's unit and the units above it.
    pub unit_ids: Vec<i64>,
}

/// Checks the membership as a whole: exactly one chair, at most one secretary.
pub fn check_members(roles: &[CouncilRole]) -> Result<(), Error> {
    let chairs = roles.iter().filter(|r| **r == CouncilRole::Chair).count();
    let secretaries = roles
        .iter()
        .filter(|r| **r == CouncilRole::Secretary)
        .count();
    if chairs > 1 {
        return Err(Error::invalid("role", "Hội đồng chỉ có một Chủ tịch."));
    }
    if secretaries > 1 {
        return Err(Error::invalid("role", "Hội đồng chỉ có một Thư ký."));
    }
    Ok(())
}

/// A session can open the vote only with a chair among the members.
pub fn has_chair(roles: &[CouncilRole]) -> bool {
    roles.contains(&CouncilRole::Chair)
}

/// Who a nominee is, for recusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NomineeRef {
    Person(i64),
    Unit(i64),
}

/// A member steps aside from a nominee that is the member, or the member's own
/// unit (the unit the member works in, not the units above it, which would take
/// the agency's leaders out of every collective vote).
pub fn recused(member: &MemberFacts, nominee: NomineeRef) -> bool {
    match nominee {
        NomineeRef::Person(p) => member.person_id == Some(p),
        NomineeRef::Unit(u) => member.unit_ids.first() == Some(&u),
    }
}

/// Members present needed to open the vote: `quorum` of all members, rounded
/// up (2/3 of 9 is 6: the tolerance keeps a ratio like 2/3 from rounding to 7).
pub fn quorum_needed(members: u32, quorum: f64) -> u32 {
    (f64::from(members) * quorum - 1e-9).ceil().max(0.0) as u32
}

/// Whether a session with `present` of `members` attending may vote.
pub fn check_quorum(present: u32, members: u32, quorum: f64) -> Result<(), Error> {
    let needed = quorum_needed(members, quorum);
    if members == 0 {
        return Err(Error::invalid("members", "Hội đồng chưa có thành viên."));
    }
    if present < needed {
        return Err(Error::invalid(
            "attendance",
            format!(
                "Chưa đủ số thành viên dự họp: có mặt {present}/{members}, cần ít nhất {needed} ({} %).",
                crate::text::format_percent(quorum * 100.0)
            ),
        ));
    }
    Ok(())
}

/// A session as typed.
#[derive(Debug, Clone, Default)]
pub struct SessionInput {
    pub held_on: String,
    pub year: String,
    pub place: String,
    pub notes: String,
    pub ballot_all: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub held_on: NaiveDate,
    pub year: i32,
    pub place: String,
    pub notes: String,
    /// Every nominee goes to the secret ballot, not only those the rules require.
    pub ballot_all: bool,
}

impl SessionInput {
    /// `term` is the council's term: the session's year of evaluation lies in it
    /// or just before it (a council meets early in the year for the last one).
    pub fn validate(&self, term: (i32, i32)) -> Result<Session, Error> {
        let mut errs = Errors::default();
        let held_on = crate::text::parse_date(&self.held_on);
        if held_on.is_none() {
            errs.add("held_on", "Ngày họp không hợp lệ (ngày/tháng/năm).");
        }
        let year = self.year.trim().parse::<i32>().ok();
        match year {
            Some(y) if y + 1 >= term.0 && y <= term.1 => {}
            Some(y) => errs.add(
                "year",
                format!(
                    "Năm xét khen thưởng {y} nằm ngoài nhiệm kỳ của Hội đồng ({}–{}).",
                    term.0, term.1
                ),
            ),
            None => errs.add("year", "Ghi năm xét khen thưởng."),
        }
        if let (Some(d), Some(y)) = (held_on, year) {
            use chrono::Datelike;
            if d.year() < y {
                errs.add(
                    "held_on",
                    "Hội đồng họp xét khen thưởng của một năm từ năm đó trở đi.",
                );
            }
        }
        errs.finish()?;
        Ok(Session {
            held_on: held_on.unwrap_or_default(),
            year: year.unwrap_or_default(),
            place: self.place.trim().to_string(),
            notes: self.notes.trim().to_string(),
            ballot_all: self.ballot_all,
        })
    }
}

impl SessionStatus {
    /// Agenda and attendance may change only while preparing.
    pub fn preparing(self) -> Result<(), Error> {
        if self != SessionStatus::Preparing {
            return Err(Error::invalid(
                "status",
                format!(
                    "Phiên họp «{}»: không thể sửa chương trình hay điểm danh nữa.",
                    self.label().to_lowercase()
                ),
            ));
        }
        Ok(())
    }

    pub fn voting(self) -> Result<(), Error> {
        match self {
            SessionStatus::Voting => Ok(()),
            SessionStatus::Preparing => Err(Error::invalid(
                "status",
                "Chủ tịch Hội đồng chưa mở bỏ phiếu.",
            )),
            SessionStatus::Closed => Err(Error::invalid(
                "status",
                "Đã kết thúc bỏ phiếu: không nhận thêm phiếu.",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_and_sessions() {
        let ok = CouncilInput {
            name: "Hội đồng TĐKT Ban Dân tộc".into(),
            from_year: "2021".into(),
            to_year: "2026".into(),
        };
        assert_eq!(ok.validate().unwrap().to_year, 2026);
        let bad = CouncilInput {
            to_year: "2020".into(),
            ..ok.clone()
        };
        assert!(bad.validate().is_err());
        let s = SessionInput {
            held_on: "10/01/2022".into(),
            year: "2021".into(),
            ..Default::default()
        };
        assert_eq!(s.validate((2021, 2026)).unwrap().year, 2021);
        // The last year of the previous term is judged by the new council early in its term.
        assert!(s.validate((2022, 2026)).is_ok());
        assert!(s.validate((2023, 2026)).is_err());
        let early = SessionInput {
            held_on: "10/12/2020".into(),
            ..s
        };
        assert!(early.validate((2021, 2026)).is_err());
    }

    #[test]
    fn quorum_of_two_thirds() {
        assert_eq!(quorum_needed(9, 2.0 / 3.0), 6);
        assert!(check_quorum(6, 9, 2.0 / 3.0).is_ok());
        let e = check_quorum(5, 9, 2.0 / 3.0).unwrap_err().to_string();
        assert!(e.contains("5/9") && e.contains("6"), "{e}");
        assert!(check_quorum(0, 0, 0.5).is_err());
        assert_eq!(quorum_needed(10, 0.8), 8);
    }

    #[test]
    fn recusal() {
        let m = MemberFacts {
            role: CouncilRole::Member,
            person_id: Some(7),
            unit_ids: vec![3, 1],
        };
        assert!(recused(&m, NomineeRef::Person(7)));
        assert!(!recused(&m, NomineeRef::Person(8)));
        assert!(recused(&m, NomineeRef::Unit(3)), "their own unit");
        assert!(!recused(&m, NomineeRef::Unit(1)), "not the agency above");
    }

    #[test]
    fn one_chair() {
        use CouncilRole::*;
        assert!(check_members(&[Chair, Member, Secretary]).is_ok());
        assert!(check_members(&[Chair, Chair]).is_err());
        assert!(check_members(&[Secretary, Secretary]).is_err());
        assert!(has_chair(&[Member, Chair]) && !has_chair(&[Member]));
    }

    #[test]
    fn states() {
        assert!(SessionStatus::Preparing.preparing().is_ok());
        assert!(SessionStatus::Voting.preparing().is_err());
        assert!(SessionStatus::Voting.voting().is_ok());
        assert!(SessionStatus::Closed.voting().is_err());
    }
}
