//! Registration (đăng ký thi đua): what a unit registers for its collective
//! and its people, the states of a unit's registration, the deadline with
//! extensions, and the hints the rules give while the clerk fills it.

use crate::codes::{AwardCode, SubjectKind};
use crate::error::Error;
use crate::rules::params::Params;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

crate::codes::vocabulary_pub! {
    /// nháp → đã gửi → (trả lại → đã gửi)* → đã tiếp nhận.
    RegistrationStatus, "trạng thái đăng ký" {
        Draft = "nhap", "Đang soạn";
        Submitted = "da-gui", "Đã gửi, chờ tiếp nhận";
        Returned = "tra-lai", "Bị trả lại để sửa";
        Accepted = "da-tiep-nhan", "Đã tiếp nhận";
    }
}

crate::codes::vocabulary_pub! {
    RegistrationAction, "thao tác đăng ký" {
        Edit = "sua", "Cập nhật đăng ký";
        Submit = "gui", "Gửi đăng ký";
        Return = "tra-lai", "Trả lại để sửa";
        Accept = "tiep-nhan", "Tiếp nhận";
        Extend = "gia-han", "Gia hạn";
    }
}

impl RegistrationStatus {
    /// The state after `action`, or why it may not happen now.
    pub fn after(self, action: RegistrationAction) -> Result<RegistrationStatus, Error> {
        use RegistrationAction as A;
        use RegistrationStatus as S;
        match (self, action) {
            (S::Draft | S::Returned, A::Edit) => Ok(self),
            (S::Draft | S::Returned, A::Submit) => Ok(S::Submitted),
            (S::Submitted, A::Return) => Ok(S::Returned),
            (S::Submitted, A::Accept) => Ok(S::Accepted),
            (_, A::Extend) if self != S::Accepted => Ok(self),
            (s, a) => Err(Error::invalid(
                "status",
                format!(
                    "Không thể «{}» khi đăng ký đang ở trạng thái «{}».",
                    a.label().to_lowercase(),
                    s.label().to_lowercase()
                ),
            )),
        }
    }

    pub fn editable(self) -> bool {
        matches!(
            self,
            RegistrationStatus::Draft | RegistrationStatus::Returned
        )
    }
}

/// May a unit submit on `today`? Until the deadline, or until an extension the
/// Office granted.
pub fn may_submit(
    today: NaiveDate,
    due: NaiveDate,
    extension: Option<NaiveDate>,
) -> Result<(), Error> {
    within_deadline(today, due, extension, "gửi đăng ký")
}

/// The day an extension the Office grants runs to: one must be given, not before today.
pub fn extension_date(extend_to: Option<NaiveDate>, today: NaiveDate) -> Result<NaiveDate, Error> {
    match extend_to {
        None => Err(Error::invalid("extend_to", "Hãy chọn ngày gia hạn.")),
        Some(d) if d < today => Err(Error::invalid(
            "extend_to",
            "Ngày gia hạn phải từ hôm nay trở đi.",
        )),
        Some(d) => Ok(d),
    }
}

/// Whether `today` is within a deadline `due` or the extension the Office granted;
/// `what` names the act in the message ("gửi đăng ký", "nộp sáng kiến").
pub fn within_deadline(
    today: NaiveDate,
    due: NaiveDate,
    extension: Option<NaiveDate>,
    what: &str,
) -> Result<(), Error> {
    let last = extension.map(|e| e.max(due)).unwrap_or(due);
    if today <= last {
        Ok(())
    } else {
        Err(Error::invalid(
            "deadline",
            format!(
                "Đã quá hạn {what} ({}). Đề nghị Văn phòng gia hạn.",
                crate::text::format_date(last)
            ),
        ))
    }
}

/// Titles offered on a registration, per subject.
pub fn registrable(kind: SubjectKind) -> &'static [AwardCode] {
    match kind {
        SubjectKind::Individual => &[
            AwardCode::Ldtt,
            AwardCode::Cstdcs,
            AwardCode::CstdTinh,
            AwardCode::CstdTq,
            AwardCode::BkTinh,
            AwardCode::BkTtg,
        ],
        SubjectKind::Collective => &[
            AwardCode::Ttldtt,
            AwardCode::Ttldxs,
            AwardCode::CoTinh,
            AwardCode::CoCp,
            AwardCode::BkTinh,
        ],
    }
}

/// Checks that `award` may be registered for this kind of subject.
pub fn check_title(kind: SubjectKind, award: AwardCode) -> Result<(), String> {
    if registrable(kind).contains(&award) {
        return Ok(());
    }
    Err(match kind {
        SubjectKind::Individual => format!(
            "«{}» là danh hiệu của tập thể, không đăng ký cho cá nhân.",
            award.label()
        ),
        SubjectKind::Collective => format!(
            "«{}» là danh hiệu của cá nhân, không đăng ký cho tập thể.",
            award.label()
        ),
    })
}

/// A warning shown while registering; it does not block (the council decides).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hint {
    /// Person code or unit code it is about; empty for the whole unit.
    pub subject: String,
    pub text: String,
    pub citation: String,
}

/// Whole months from `from` to `to`.
pub fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    if to < from {
        return 0;
    }
    let m = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let m = if to.day() < from.day() { m - 1 } else { m };
    m.max(0) as u32
}

/// A person on the registration, as the hints need them.
pub struct Registrant<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub employment_start: Option<NaiveDate>,
    pub titles: &'a [AwardCode],
}

/// Hints for one unit's registration in `year` under `params` (the regime of
/// the year's decisions): new hires who cannot be LĐTT this year, and a
/// CSTĐCS count above the regime's cap.
pub fn hints(year: i32, params: &Params, people: &[Registrant]) -> Vec<Hint> {
    let mut out = Vec::new();
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    let citation = match params.regime {
        crate::rules::Regime::Nd91_2017 => "NĐ 91/2017 Đ10",
        crate::rules::Regime::Nd98_2023 => "TT 01/2024/TT-BNV Đ1 k5 d",
        crate::rules::Regime::Nd152_2025 => "Luật 2022 Đ24 k4; TT 15/2025/TT-BNV",
    };
    for p in people {
        let wants = |a| p.titles.contains(&a);
        if !(wants(AwardCode::Ldtt) || wants(AwardCode::Cstdcs)) {
            continue;
        }
        if let Some(start) = p.employment_start {
            let months = months_between(start, year_end);
            if months < params.new_hire_min_months {
                out.push(Hint {
                    subject: p.code.to_string(),
                    text: format!(
                        "{} bắt đầu công tác từ {}: đến 31/12/{year} mới {months} tháng, dưới {} tháng nên chưa được xét «Lao động tiên tiến» (và CSTĐCS).",
                        p.name,
                        crate::text::format_date(start),
                        params.new_hire_min_months
                    ),
                    citation: citation.to_string(),
                });
            }
        }
    }
    let ldtt = people
        .iter()
        .filter(|p| p.titles.contains(&AwardCode::Ldtt) || p.titles.contains(&AwardCode::Cstdcs))
        .count() as u32;
    let cstdcs = people
        .iter()
        .filter(|p| p.titles.contains(&AwardCode::Cstdcs))
        .count() as u32;
    if let Some(ratio) = params.cstdcs_cap_ratio {
        let cap = params.cap_rounding.apply(ratio, ldtt);
        if cstdcs > cap {
            out.push(Hint {
                subject: String::new(),
                text: format!(
                    "Đăng ký {cstdcs} Chiến sĩ thi đua cơ sở trên {ldtt} Lao động tiên tiến: vượt tỷ lệ {}% (tối đa {cap} người); Hội đồng sẽ chỉ xét trong giới hạn này.",
                    (ratio * 100.0).round()
                ),
                citation: "NĐ 91/2017 Đ9 k3".into(),
            });
        }
    }
    out
}

/// Where a unit's registration stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineStatus {
    /// Sent by the deadline (its extension included).
    OnTime,
    /// Sent after it.
    Late,
    /// Not sent, the deadline still ahead (or none set).
    Open,
    /// Not sent, the deadline passed.
    Overdue,
}

impl DeadlineStatus {
    pub const ALL: [DeadlineStatus; 4] = [
        DeadlineStatus::OnTime,
        DeadlineStatus::Late,
        DeadlineStatus::Open,
        DeadlineStatus::Overdue,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DeadlineStatus::OnTime => "Đã gửi đúng hạn",
            DeadlineStatus::Late => "Gửi trễ hạn",
            DeadlineStatus::Open => "Chưa gửi, còn hạn",
            DeadlineStatus::Overdue => "Quá hạn chưa gửi",
        }
    }

    /// `sent_on`: the day it was sent, if it stands sent (not returned);
    /// `last`: the deadline or its extension, whichever is later.
    pub fn of(
        sent_on: Option<NaiveDate>,
        last: Option<NaiveDate>,
        today: NaiveDate,
    ) -> DeadlineStatus {
        match (sent_on, last) {
            (Some(s), Some(l)) if s > l => DeadlineStatus::Late,
            (Some(_), _) => DeadlineStatus::OnTime,
            (None, Some(l)) if today > l => DeadlineStatus::Overdue,
            (None, _) => DeadlineStatus::Open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Regime;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn workflow() {
        use RegistrationAction as A;
        use RegistrationStatus as S;
        assert_eq!(S::Draft.after(A::Submit), Ok(S::Submitted));
        assert_eq!(S::Submitted.after(A::Return), Ok(S::Returned));
        assert_eq!(S::Returned.after(A::Submit), Ok(S::Submitted));
        assert_eq!(S::Submitted.after(A::Accept), Ok(S::Accepted));
        assert!(S::Accepted.after(A::Edit).is_err());
        assert!(S::Submitted.after(A::Edit).is_err());
        assert!(S::Draft.after(A::Accept).is_err());
        assert!(S::Accepted.after(A::Extend).is_err());
    }

    #[test]
    fn deadline_and_extension() {
        assert!(may_submit(d(2021, 3, 15), d(2021, 3, 15), None).is_ok());
        let late = may_submit(d(2021, 3, 16), d(2021, 3, 15), None).unwrap_err();
        assert!(late.to_string().contains("15/03/2021"));
        assert!(may_submit(d(2021, 3, 18), d(2021, 3, 15), Some(d(2021, 3, 20))).is_ok());
    }

    #[test]
    fn titles_apply_to_their_subjects() {
        assert!(check_title(SubjectKind::Individual, AwardCode::Ldtt).is_ok());
        assert!(
            check_title(SubjectKind::Individual, AwardCode::Ttldtt)
                .unwrap_err()
                .contains("tập thể")
        );
        assert!(check_title(SubjectKind::Collective, AwardCode::Cstdcs).is_err());
    }

    #[test]
    fn new_hire_and_cap_hints_follow_the_regime() {
        let titles_ldtt = [AwardCode::Ldtt];
        let titles_cs = [AwardCode::Ldtt, AwardCode::Cstdcs];
        let mut people = vec![Registrant {
            code: "NV1",
            name: "Mới Vào",
            employment_start: Some(d(2021, 3, 15)),
            titles: &titles_ldtt,
        }];
        // Regime of 2021 (NĐ 91): < 10 months at 31/12 → hint.
        let p91 = Params::national(Regime::Nd91_2017);
        let h = hints(2021, &p91, &people);
        assert_eq!(h.len(), 1);
        assert!(h[0].text.contains("9 tháng"), "{}", h[0].text);
        // 2024 rules: 6 months are enough.
        let p98 = Params::national(Regime::Nd98_2023);
        people[0].employment_start = Some(d(2024, 3, 15));
        assert!(hints(2024, &p98, &people).is_empty());
        // 15 % cap under NĐ 91: 10 LĐTT allow 1 CSTĐCS; 2 is one too many.
        let mut many: Vec<Registrant> = (0..8)
            .map(|_| Registrant {
                code: "X",
                name: "X",
                employment_start: None,
                titles: &titles_ldtt,
            })
            .collect();
        many.push(Registrant {
            code: "A",
            name: "A",
            employment_start: None,
            titles: &titles_cs,
        });
        many.push(Registrant {
            code: "B",
            name: "B",
            employment_start: None,
            titles: &titles_cs,
        });
        let h = hints(2021, &p91, &many);
        assert!(h.iter().any(|x| x.text.contains("tối đa 1 người")), "{h:?}");
        assert!(
            hints(2024, &p98, &many).is_empty(),
            "no national cap from 2024"
        );
    }

    #[test]
    fn deadline_status_counts_the_extension_day_as_on_time() {
        let d = |m, day| NaiveDate::from_ymd_opt(2021, m, day).unwrap();
        use DeadlineStatus as S;
        assert_eq!(S::of(Some(d(3, 15)), Some(d(3, 15)), d(4, 1)), S::OnTime);
        assert_eq!(S::of(Some(d(3, 16)), Some(d(3, 15)), d(4, 1)), S::Late);
        assert_eq!(S::of(Some(d(3, 16)), None, d(4, 1)), S::OnTime);
        assert_eq!(S::of(None, Some(d(3, 15)), d(3, 15)), S::Open);
        assert_eq!(S::of(None, Some(d(3, 15)), d(3, 16)), S::Overdue);
        assert_eq!(S::of(None, None, d(3, 16)), S::Open);
    }
}
