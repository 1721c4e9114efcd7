//! The council's secret ballot and the outcome per nominee: choices, the
//! tally and its check against the count of members who voted, the threshold
//! of the rules (a share of all council members: NĐ 98/2023 Đ30 k7, NĐ
//! 91/2017 Đ45 k8), which awards the agency may decide itself, and the outcome
//! the council records.

use crate::codes::{AwardCode, SubjectKind};
use crate::error::{Error, Errors};
use crate::rules::common::{vote_passes, votes_needed};
use crate::text::format_percent;

crate::codes::vocabulary_pub! {
    Choice, "lựa chọn" {
        Agree = "dong-y", "Đồng ý";
        Disagree = "khong-dong-y", "Không đồng ý";
        Abstain = "khong-bieu-quyet", "Không biểu quyết";
    }
}

/// Agree / disagree / abstain counts of one nominee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub agree: u32,
    pub disagree: u32,
    pub abstain: u32,
}

impl Tally {
    pub fn of(choices: impl IntoIterator<Item = Choice>) -> Tally {
        let mut t = Tally::default();
        for c in choices {
            match c {
                Choice::Agree => t.agree += 1,
                Choice::Disagree => t.disagree += 1,
                Choice::Abstain => t.abstain += 1,
            }
        }
        t
    }

    pub fn cast(&self) -> u32 {
        self.agree + self.disagree + self.abstain
    }

    /// The ballots must be exactly as many as the members recorded as having
    /// voted: a ballot without a voter, or a voter without a ballot, means the
    /// box was tampered with.
    pub fn check(&self, voters: u32) -> Result<(), Error> {
        if self.cast() != voters {
            return Err(Error::invalid(
                "tally",
                format!(
                    "Số phiếu trong hòm ({}) khác số thành viên đã bỏ phiếu ({voters}): kết quả không được công bố.",
                    self.cast()
                ),
            ));
        }
        Ok(())
    }
}

/// The share of all members that carries a ballot the rules do not require
/// but the council chose to hold (its own rules: more than half).
pub const MAJORITY: f64 = 0.501;

/// The threshold an item is voted on: the rules' for the award, else a
/// majority when the session puts every nominee to a secret ballot; `None`:
/// no ballot.
pub fn ballot_threshold(
    award: AwardCode,
    params: &crate::rules::Params,
    ballot_all: bool,
) -> Option<f64> {
    params
        .vote_threshold(award)
        .or(if ballot_all { Some(MAJORITY) } else { None })
}

/// "≥ 80 % tổng số thành viên", "quá bán tổng số thành viên".
pub fn threshold_label(t: Option<f64>) -> String {
    match t {
        Some(t) if (t - MAJORITY).abs() < 1e-9 => "Quá bán tổng số thành viên".into(),
        Some(t) => format!("≥ {} % tổng số thành viên", format_percent(t * 100.0)),
        None => "Không bỏ phiếu kín".into(),
    }
}

/// Rank of an award for downgrading: a lower form has a lower rank.
fn rank(a: AwardCode) -> u8 {
    use AwardCode::*;
    match a {
        Ldtt | GiayKhen => 1,
        Cstdcs | Ttldtt => 2,
        CstdTinh | Ttldxs | CoTinh | BkTinh => 3,
        CstdTq | CoCp | BkTtg | Hcld3 => 4,
    }
}

/// Awards the head of a provincial agency decides (Luật TĐKT 2022 Đ80 k1, NĐ
/// 152/2025: LĐTT, CSTĐCS, TTLĐTT and Giấy khen); everything else the council
/// proposes upward (to the provincial chairman and beyond).
pub fn within_agency(a: AwardCode) -> bool {
    use AwardCode::*;
    matches!(a, Ldtt | Cstdcs | Ttldtt | GiayKhen)
}

/// The forms a nominee for `a` may be given instead: lower ones for the same subject.
pub fn lower_awards(a: AwardCode, kind: SubjectKind) -> Vec<AwardCode> {
    AwardCode::ALL
        .iter()
        .copied()
        .filter(|b| rank(*b) < rank(a) && b.applies_to_kind(kind))
        .collect()
}

crate::codes::vocabulary_pub! {
    /// What the council concludes for a nominee.
    Outcome, "kết luận của Hội đồng" {
        Approve = "khen-thuong", "Khen thưởng theo thẩm quyền";
        ProposeUp = "de-nghi-cap-tren", "Đề nghị cấp trên khen thưởng";
        Downgrade = "ha-muc", "Khen thưởng ở hình thức thấp hơn";
        Defer = "hoan", "Hoãn xét";
        Reject = "khong-khen", "Không khen thưởng";
    }
}

impl Outcome {
    /// Whether the nominee goes into an award decision of the agency (or, upward, a tờ trình).
    pub fn awarded(self) -> bool {
        matches!(
            self,
            Outcome::Approve | Outcome::ProposeUp | Outcome::Downgrade
        )
    }
}

/// The result of a vote against its rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VoteResult {
    pub tally: Tally,
    pub members: u32,
    pub threshold: f64,
}

impl VoteResult {
    pub fn passes(&self) -> bool {
        vote_passes(self.tally.agree, self.members, self.threshold)
    }

    pub fn needed(&self) -> u32 {
        votes_needed(self.members, self.threshold)
    }

    /// "7/9 thành viên đồng ý (77,8 %), cần 8 (80 %)".
    pub fn summary(&self) -> String {
        let needed = if (self.threshold - MAJORITY).abs() < 1e-9 {
            "quá bán".to_string()
        } else {
            format!("{} %", format_percent(self.threshold * 100.0))
        };
        let share = if self.members == 0 {
            0.0
        } else {
            self.tally.agree as f64 * 100.0 / self.members as f64
        };
        format!(
            "{}/{} thành viên đồng ý ({} %), cần {} ({needed})",
            self.tally.agree,
            self.members,
            format_percent(share),
            self.needed()
        )
    }
}

/// The outcome the page proposes once the vote is closed: a vote that fails is
/// a rejection; an award beyond the agency's authority goes upward.
pub fn proposed_outcome(award: AwardCode, vote: Option<&VoteResult>) -> (Outcome, String) {
    if let Some(v) = vote
        && !v.passes()
    {
        return (
            Outcome::Reject,
            format!("Không đủ tỷ lệ phiếu đồng ý: {}.", v.summary()),
        );
    }
    let reason = vote
        .map(|v| format!("Đạt: {}.", v.summary()))
        .unwrap_or_default();
    if within_agency(award) {
        (Outcome::Approve, reason)
    } else {
        (Outcome::ProposeUp, reason)
    }
}

/// The outcome as chosen on the page.
#[derive(Debug, Clone, Default)]
pub struct OutcomeInput {
    pub outcome: String,
    pub lower_award: String,
    pub reason: String,
}

/// A checked outcome: for a downgrade, the award given instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Conclusion {
    pub outcome: Outcome,
    pub award: AwardCode,
    pub reason: String,
}

impl OutcomeInput {
    pub fn validate(
        &self,
        award: AwardCode,
        kind: SubjectKind,
        vote: Option<&VoteResult>,
    ) -> Result<Conclusion, Error> {
        let outcome = Outcome::parse(self.outcome.trim()).map_err(|_| {
            Error::invalid(
                "outcome",
                "Chọn kết luận của Hội đồng cho người, tập thể này.",
            )
        })?;
        let reason = self.reason.trim().to_string();
        let mut errs = Errors::default();
        let failed = vote.is_some_and(|v| !v.passes());
        let mut given = award;
        match outcome {
            Outcome::Approve | Outcome::ProposeUp if failed => errs.add(
                "outcome",
                format!(
                    "Không đủ tỷ lệ phiếu đồng ý ({}): không thể khen «{}».",
                    vote.map(|v| v.summary()).unwrap_or_default(),
                    award.label()
                ),
            ),
            Outcome::Approve if !within_agency(award) => errs.add(
                "outcome",
                format!("«{}» thuộc thẩm quyền cấp trên: chọn «đề nghị cấp trên khen thưởng».", award.label()),
            ),
            Outcome::ProposeUp if within_agency(award) => errs.add(
                "outcome",
                format!("«{}» thuộc thẩm quyền của Thủ trưởng cơ quan: chọn «khen thưởng theo thẩm quyền».", award.label()),
            ),
            Outcome::Downgrade => match AwardCode::parse(self.lower_award.trim()) {
                Ok(lower) if lower_awards(award, kind).contains(&lower) => given = lower,
                _ => errs.add(
                    "lower_award",
                    format!("Chọn một hình thức thấp hơn «{}» phù hợp với người, tập thể được đề nghị.", award.label()),
                ),
            },
            _ => {}
        }
        if matches!(
            outcome,
            Outcome::Downgrade | Outcome::Defer | Outcome::Reject
        ) && reason.is_empty()
        {
            errs.add("reason", "Ghi lý do của kết luận.");
        }
        errs.finish()?;
        Ok(Conclusion {
            outcome,
            award: given,
            reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AwardCode::*;

    fn vote(agree: u32, members: u32, threshold: f64) -> VoteResult {
        VoteResult {
            tally: Tally {
                agree,
                disagree: members - agree,
                abstain: 0,
            },
            members,
            threshold,
        }
    }

    #[test]
    fn tallies_are_checked_against_voters() {
        let t = Tally::of([
            Choice::Agree,
            Choice::Agree,
            Choice::Abstain,
            Choice::Disagree,
        ]);
        assert_eq!((t.agree, t.disagree, t.abstain, t.cast()), (2, 1, 1, 4));
        assert!(t.check(4).is_ok());
        assert!(t.check(5).is_err());
    }

    #[test]
    fn eighty_percent_of_nine() {
        // 7 of 9 is 77,8 %: short of 80 %; 8 of 9 passes.
        let short = vote(7, 9, 0.8);
        assert!(!short.passes());
        assert_eq!(short.needed(), 8);
        assert_eq!(
            short.summary(),
            "7/9 thành viên đồng ý (77,8 %), cần 8 (80 %)"
        );
        assert!(vote(8, 9, 0.8).passes());
        // 90 %: 9 of 9 (8,1 → 9), and absent members count in the total.
        assert!(!vote(8, 9, 0.9).passes());
        let (o, why) = proposed_outcome(Cstdcs, Some(&short));
        assert_eq!(o, Outcome::Reject);
        assert!(why.contains("77,8"));
        assert_eq!(
            proposed_outcome(Cstdcs, Some(&vote(9, 9, 0.8))).0,
            Outcome::Approve
        );
        assert_eq!(
            proposed_outcome(CstdTinh, Some(&vote(9, 9, 0.9))).0,
            Outcome::ProposeUp
        );
        assert_eq!(proposed_outcome(Ldtt, None).0, Outcome::Approve);
        assert_eq!(proposed_outcome(BkTinh, None).0, Outcome::ProposeUp);
    }

    #[test]
    fn conclusions() {
        let input = |o: &str, lower: &str, reason: &str| OutcomeInput {
            outcome: o.into(),
            lower_award: lower.into(),
            reason: reason.into(),
        };
        let ind = SubjectKind::Individual;
        let failed = vote(7, 9, 0.8);
        assert!(
            input("khen-thuong", "", "")
                .validate(Cstdcs, ind, Some(&failed))
                .is_err()
        );
        let c = input("ha-muc", "LDTT", "Không đủ phiếu CSTĐCS")
            .validate(Cstdcs, ind, Some(&failed))
            .unwrap();
        assert_eq!((c.outcome, c.award), (Outcome::Downgrade, Ldtt));
        assert!(
            input("ha-muc", "TTLDTT", "x")
                .validate(Cstdcs, ind, None)
                .is_err(),
            "a collective's title"
        );
        assert!(
            input("ha-muc", "CSTD_TINH", "x")
                .validate(Cstdcs, ind, None)
                .is_err(),
            "not lower"
        );
        assert!(
            input("hoan", "", " ").validate(Cstdcs, ind, None).is_err(),
            "reason"
        );
        assert!(
            input("khen-thuong", "", "")
                .validate(BkTinh, ind, None)
                .is_err(),
            "upward"
        );
        assert!(
            input("de-nghi-cap-tren", "", "")
                .validate(Ldtt, ind, None)
                .is_err()
        );
        assert!(input("", "", "").validate(Ldtt, ind, None).is_err());
        assert_eq!(
            lower_awards(BkTinh, SubjectKind::Collective),
            vec![Ttldtt, GiayKhen]
        );
    }
}
