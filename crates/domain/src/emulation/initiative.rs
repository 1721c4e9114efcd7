//! Initiatives and research (sáng kiến, đề tài) on their way to recognition:
//! the authors' unit submits (by the plan's deadline), the Office puts it to
//! the agency's initiative council, the agency recognises it at the base level
//! (cấp cơ sở) or not; a provincial or national recognition is recorded when
//! its decision comes back. What an initiative must hold, and what may happen
//! in each state.

use crate::codes::{InitiativeCategory, InitiativeLevel};
use crate::error::{Error, Errors};
use chrono::NaiveDate;

crate::codes::vocabulary_pub! {
    /// nháp → đã nộp → (trả lại → đã nộp)* → đang xét → công nhận | không công nhận.
    InitiativeStatus, "trạng thái sáng kiến" {
        Draft = "nhap", "Đang soạn";
        Submitted = "da-nop", "Đã nộp, chờ xét";
        Returned = "tra-lai", "Trả lại để bổ sung";
        Reviewing = "dang-xet", "Hội đồng sáng kiến đang xét";
        Recognized = "cong-nhan", "Đã công nhận";
        Rejected = "khong-cong-nhan", "Không công nhận";
    }
}

crate::codes::vocabulary_pub! {
    InitiativeAction, "thao tác với sáng kiến" {
        Edit = "sua", "Cập nhật";
        Submit = "nop", "Nộp";
        Return = "tra-lai", "Trả lại để bổ sung";
        Review = "dua-ra-xet", "Đưa ra Hội đồng sáng kiến";
        Recognize = "cong-nhan", "Công nhận";
        Reject = "khong-cong-nhan", "Không công nhận";
        RecordHigher = "cap-tren", "Ghi nhận công nhận cấp tỉnh, toàn quốc";
        Extend = "gia-han", "Gia hạn nộp";
    }
}

impl InitiativeStatus {
    /// The state after `action`, or why it may not happen now.
    pub fn after(self, action: InitiativeAction) -> Result<InitiativeStatus, Error> {
        use InitiativeAction as A;
        use InitiativeStatus as S;
        match (self, action) {
            (S::Draft | S::Returned, A::Edit) => Ok(self),
            (S::Draft | S::Returned, A::Submit) => Ok(S::Submitted),
            (S::Submitted | S::Reviewing, A::Return) => Ok(S::Returned),
            (S::Submitted, A::Review) => Ok(S::Reviewing),
            (S::Reviewing, A::Recognize) => Ok(S::Recognized),
            (S::Reviewing, A::Reject) => Ok(S::Rejected),
            (S::Recognized, A::RecordHigher) => Ok(S::Recognized),
            (S::Draft | S::Returned, A::Extend) => Ok(self),
            (s, a) => Err(Error::invalid(
                "status",
                format!(
                    "Không thể «{}» khi sáng kiến đang ở trạng thái «{}».",
                    a.label().to_lowercase(),
                    s.label().to_lowercase()
                ),
            )),
        }
    }

    pub fn editable(self) -> bool {
        matches!(self, InitiativeStatus::Draft | InitiativeStatus::Returned)
    }
}

/// An author as typed on the form: staff code and share of the contribution in
/// percent (blank when the authors did not state shares).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorInput {
    pub code: String,
    pub share: String,
}

/// An initiative as the authors' unit types it.
#[derive(Debug, Clone, Default)]
pub struct InitiativeInput {
    pub title: String,
    pub category: String,
    pub description: String,
    /// Where it is applied (phạm vi, nơi áp dụng).
    pub applied_at: String,
    /// The benefit it brings (hiệu quả, lợi ích).
    pub benefit: String,
    pub authors: Vec<AuthorInput>,
}

/// A checked initiative: authors by staff code with their shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidInitiative {
    pub title: String,
    pub category: InitiativeCategory,
    pub description: String,
    pub applied_at: String,
    pub benefit: String,
    pub authors: Vec<(String, Option<u8>)>,
}

/// Authors at most on one initiative (a research team is larger than this rarely).
pub const MAX_AUTHORS: usize = 20;

impl InitiativeInput {
    /// Checks the form. A draft may lack its description, application and benefit;
    /// `for_submission` asks for them too (the council cannot judge without).
    pub fn validate(&self, for_submission: bool) -> Result<ValidInitiative, Error> {
        let mut errs = Errors::default();
        let title = self.title.trim().to_string();
        if title.is_empty() {
            errs.add("title", "Cần tên sáng kiến, đề tài.");
        } else if title.chars().count() > 500 {
            errs.add("title", "Tên sáng kiến dài quá 500 ký tự.");
        }
        let category = match InitiativeCategory::parse(self.category.trim()) {
            Ok(c) => Some(c),
            Err(_) => {
                errs.add("category", "Chọn loại: sáng kiến hoặc đề tài khoa học.");
                None
            }
        };
        for (field, value, what) in [
            ("description", &self.description, "Mô tả nội dung"),
            ("applied_at", &self.applied_at, "Phạm vi, nơi áp dụng"),
            ("benefit", &self.benefit, "Hiệu quả, lợi ích"),
        ] {
            if value.chars().count() > 20_000 {
                errs.add(field, format!("{what} dài quá 20.000 ký tự."));
            } else if for_submission && value.trim().is_empty() {
                errs.add(field, format!("{what}: cần ghi trước khi nộp."));
            }
        }
        let mut authors: Vec<(String, Option<u8>)> = Vec::new();
        for a in self
            .authors
            .iter()
            .filter(|a| !a.code.trim().is_empty() || !a.share.trim().is_empty())
        {
            let code = a.code.trim().to_string();
            if code.is_empty() {
                errs.add(
                    "authors",
                    "Một dòng tác giả có tỷ lệ mà không có mã cán bộ.",
                );
                continue;
            }
            if authors
                .iter()
                .any(|(c, _)| crate::text::fold(c) == crate::text::fold(&code))
            {
                errs.add("authors", format!("Tác giả «{code}» ghi hai lần."));
                continue;
            }
            let share = a.share.trim().trim_end_matches('%').trim();
            let share = if share.is_empty() {
                None
            } else {
                match share.parse::<u8>() {
                    Ok(s) if (1..=100).contains(&s) => Some(s),
                    _ => {
                        errs.add(
                            "authors",
                            format!("Tỷ lệ đóng góp của «{code}» phải là số từ 1 đến 100 (%)."),
                        );
                        None
                    }
                }
            };
            authors.push((code, share));
        }
        if authors.is_empty() {
            errs.add("authors", "Cần ít nhất một tác giả (mã cán bộ).");
        } else if authors.len() > MAX_AUTHORS {
            errs.add("authors", format!("Nhiều nhất {MAX_AUTHORS} tác giả."));
        }
        let given = authors.iter().filter(|(_, s)| s.is_some()).count();
        if given > 0 && errs.is_empty() {
            let sum: u32 = authors.iter().filter_map(|(_, s)| s.map(u32::from)).sum();
            if given < authors.len() {
                errs.add(
                    "authors",
                    "Ghi tỷ lệ đóng góp cho mọi tác giả, hoặc để trống cả.",
                );
            } else if sum != 100 {
                errs.add(
                    "authors",
                    format!("Tổng tỷ lệ đóng góp của các tác giả là {sum}%, phải bằng 100%."),
                );
            }
        }
        errs.finish()?;
        Ok(ValidInitiative {
            title,
            category: category.unwrap_or(InitiativeCategory::SangKien),
            description: self.description.trim().to_string(),
            applied_at: self.applied_at.trim().to_string(),
            benefit: self.benefit.trim().to_string(),
            authors,
        })
    }
}

/// A recognition decision: the level, the decision's number and date, who issued it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognition {
    pub level: InitiativeLevel,
    pub decided_on: NaiveDate,
    pub decision_number: String,
    pub issuer: String,
    /// Whether the decision confirms the effect (hiệu quả) — some titles need it.
    pub effect_confirmed: bool,
}

impl Recognition {
    /// Checks a recognition against what the initiative holds: the agency
    /// recognises at the base level; a later one must be higher than `current`
    /// and not dated before it; none dated after `today`.
    pub fn check(
        &self,
        action: InitiativeAction,
        current: Option<(InitiativeLevel, NaiveDate)>,
        today: NaiveDate,
    ) -> Result<(), Error> {
        let mut errs = Errors::default();
        if self.decision_number.trim().is_empty() {
            errs.add("decision_number", "Cần số quyết định công nhận.");
        }
        if self.decided_on > today {
            errs.add("decided_on", "Ngày quyết định không được sau hôm nay.");
        }
        match action {
            InitiativeAction::Recognize if self.level != InitiativeLevel::CoSo => errs.add(
                "level",
                "Cơ quan công nhận sáng kiến cấp cơ sở; cấp tỉnh, toàn quốc ghi khi có quyết định của cấp trên.",
            ),
            InitiativeAction::RecordHigher => {
                if let Some((level, on)) = current {
                    if !self.level.at_least(level) || self.level == level {
                        errs.add(
                            "level",
                            format!("Sáng kiến đã được công nhận {}: cấp ghi thêm phải cao hơn.", level.label().to_lowercase()),
                        );
                    }
                    if self.decided_on < on {
                        errs.add(
                            "decided_on",
                            format!(
                                "Quyết định cấp trên không thể trước quyết định công nhận {}.",
                                crate::text::format_date(on)
                            ),
                        );
                    }
                }
            }
            _ => {}
        }
        errs.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(authors: &[(&str, &str)]) -> InitiativeInput {
        InitiativeInput {
            title: "Số hóa hồ sơ chính sách dân tộc".into(),
            category: "sang-kien".into(),
            description: "Quét và lập chỉ mục".into(),
            applied_at: "Phòng Chính sách".into(),
            benefit: "Tra cứu nhanh hơn".into(),
            authors: authors
                .iter()
                .map(|(c, s)| AuthorInput {
                    code: c.to_string(),
                    share: s.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_flow() {
        use InitiativeAction as A;
        use InitiativeStatus as S;
        let s = S::Draft.after(A::Submit).unwrap();
        assert_eq!(s, S::Submitted);
        assert_eq!(s.after(A::Return).unwrap(), S::Returned);
        assert_eq!(S::Returned.after(A::Submit).unwrap(), S::Submitted);
        assert_eq!(s.after(A::Review).unwrap(), S::Reviewing);
        assert_eq!(S::Reviewing.after(A::Recognize).unwrap(), S::Recognized);
        assert_eq!(S::Reviewing.after(A::Reject).unwrap(), S::Rejected);
        assert!(
            S::Submitted.after(A::Recognize).is_err(),
            "the council reviews first"
        );
        assert!(S::Recognized.after(A::Edit).is_err());
        assert!(S::Rejected.after(A::Submit).is_err());
        assert!(S::Draft.after(A::RecordHigher).is_err());
        assert_eq!(S::Recognized.after(A::RecordHigher).unwrap(), S::Recognized);
    }

    #[test]
    fn shares_add_up_or_are_left_out() {
        assert!(input(&[("P1", "60"), ("P2", "40%")]).validate(true).is_ok());
        assert!(input(&[("P1", ""), ("P2", "")]).validate(true).is_ok());
        let e = input(&[("P1", "60"), ("P2", "30")])
            .validate(true)
            .unwrap_err();
        assert!(e.to_string().contains("90%"), "{e}");
        assert!(input(&[("P1", "60"), ("P2", "")]).validate(true).is_err());
        assert!(input(&[("P1", "0"), ("P2", "100")]).validate(true).is_err());
        assert!(input(&[("P1", "50"), ("p1", "50")]).validate(true).is_err());
        assert!(input(&[]).validate(false).is_err());
        assert_eq!(
            input(&[("", ""), (" P1 ", "100")])
                .validate(true)
                .unwrap()
                .authors,
            vec![("P1".to_string(), Some(100))]
        );
    }

    #[test]
    fn a_draft_may_be_thin_a_submission_may_not() {
        let mut i = input(&[("P1", "")]);
        i.benefit = " ".into();
        assert!(i.validate(false).is_ok());
        let e = i.validate(true).unwrap_err();
        assert!(e.field_errors().iter().any(|f| f.field == "benefit"));
        i.title = String::new();
        i.category = "khac".into();
        let e = i.validate(false).unwrap_err();
        assert_eq!(e.field_errors().len(), 2);
    }

    #[test]
    fn recognitions() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let today = d(2021, 12, 1);
        let base = Recognition {
            level: InitiativeLevel::CoSo,
            decided_on: d(2021, 11, 10),
            decision_number: "45/QĐ-BDT".into(),
            issuer: "Ban Dân tộc".into(),
            effect_confirmed: true,
        };
        assert!(base.check(InitiativeAction::Recognize, None, today).is_ok());
        let mut future = base.clone();
        future.decided_on = d(2022, 1, 1);
        assert!(
            future
                .check(InitiativeAction::Recognize, None, today)
                .is_err()
        );
        let mut province = base.clone();
        province.level = InitiativeLevel::Tinh;
        assert!(
            province
                .check(InitiativeAction::Recognize, None, today)
                .is_err()
        );
        let current = Some((InitiativeLevel::CoSo, d(2021, 11, 10)));
        assert!(
            province
                .check(InitiativeAction::RecordHigher, current, today)
                .is_ok()
        );
        assert!(
            base.check(InitiativeAction::RecordHigher, current, today)
                .is_err()
        );
        province.decided_on = d(2021, 11, 1);
        assert!(
            province
                .check(InitiativeAction::RecordHigher, current, today)
                .is_err()
        );
        province.decision_number = " ".into();
        province.decided_on = d(2021, 11, 20);
        assert!(
            province
                .check(InitiativeAction::RecordHigher, current, today)
                .is_err()
        );
    }
}
