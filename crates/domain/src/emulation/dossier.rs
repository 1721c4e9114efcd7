//! Nomination dossiers (hồ sơ đề nghị khen thưởng): one per unit, year and
//! kind of commendation, listing its nominees with their citation; the
//! unit's evaluation meeting (bình xét); the parts the law asks for (Luật
//! TĐKT 2022 Đ84 k1; Luật 2003 Đ84 for regime A) and which are missing; the
//! states from draft to "ready for council".

use crate::codes::AwardCode;
use crate::error::{Error, Errors};
use crate::rules::params::Params;
use chrono::NaiveDate;

crate::codes::vocabulary_pub! {
    /// nháp → đã gửi → đã nhận → đang thẩm định → sẵn sàng trình Hội đồng;
    /// trả lại (với lý do) → gửi lại.
    DossierStatus, "trạng thái hồ sơ" {
        Draft = "nhap", "Đang soạn";
        Submitted = "da-gui", "Đã gửi, chờ Văn phòng nhận";
        Received = "da-nhan", "Văn phòng đã nhận";
        Reviewing = "dang-tham-dinh", "Đang thẩm định";
        Returned = "tra-lai", "Trả lại để bổ sung";
        Ready = "san-sang", "Sẵn sàng trình Hội đồng";
    }
}

crate::codes::vocabulary_pub! {
    DossierAction, "thao tác với hồ sơ" {
        Edit = "sua", "Cập nhật";
        Submit = "gui", "Gửi hồ sơ";
        Receive = "nhan", "Tiếp nhận";
        Review = "tham-dinh", "Thẩm định";
        Return = "tra-lai", "Trả lại để bổ sung";
        Ready = "san-sang", "Chuyển trình Hội đồng";
        Extend = "gia-han", "Gia hạn nộp";
    }
}

impl DossierStatus {
    /// The state after `action`, or why it may not happen now.
    pub fn after(self, action: DossierAction) -> Result<DossierStatus, Error> {
        use DossierAction as A;
        use DossierStatus as S;
        match (self, action) {
            (S::Draft | S::Returned, A::Edit | A::Extend) => Ok(self),
            (S::Draft | S::Returned, A::Submit) => Ok(S::Submitted),
            (S::Submitted, A::Receive) => Ok(S::Received),
            (S::Received, A::Review) => Ok(S::Reviewing),
            (S::Submitted | S::Received | S::Reviewing, A::Return) => Ok(S::Returned),
            (S::Received | S::Reviewing, A::Ready) => Ok(S::Ready),
            (s, a) => Err(Error::invalid(
                "status",
                format!(
                    "Không thể «{}» khi hồ sơ đang ở trạng thái «{}».",
                    a.label().to_lowercase(),
                    s.label().to_lowercase()
                ),
            )),
        }
    }

    pub fn editable(self) -> bool {
        matches!(self, DossierStatus::Draft | DossierStatus::Returned)
    }
}

crate::codes::vocabulary_pub! {
    /// The parts of a dossier.
    DossierPart, "thành phần hồ sơ" {
        ToTrinh = "to-trinh", "Tờ trình đề nghị";
        DanhSach = "danh-sach", "Danh sách đề nghị";
        BienBan = "bien-ban-binh-xet", "Biên bản họp bình xét";
        BaoCao = "bao-cao-thanh-tich", "Báo cáo thành tích";
        ChungNhan = "chung-nhan-sang-kien", "Chứng nhận, xác nhận sáng kiến, đề tài";
        Khac = "khac", "Tài liệu khác";
    }
}

/// Whether a nominee for `award` needs a báo cáo thành tích of their own (Luật
/// 2022 Đ84 k1 b). Agencies list LĐTT nominees without one; every other title
/// and form has its report (NĐ 152/2025, Phụ lục: the 11 forms) [U: provincial
/// practice for LĐTT].
pub fn report_required(award: AwardCode) -> bool {
    award != AwardCode::Ldtt
}

/// Whether an individual nominee for `award` needs the certification of an
/// initiative or research (Luật 2022 Đ84 k1 d; Luật 2003 Đ84): the CSTĐ
/// titles; for CSTĐCS only where an initiative is its condition (regime A: NĐ
/// 91/2017 Đ9 k3 b), since from 2024 the HTXS route needs none.
pub fn certificate_required(award: AwardCode, p: &Params) -> bool {
    match award {
        AwardCode::CstdTinh | AwardCode::CstdTq => true,
        AwardCode::Cstdcs => p.cstdcs_requires_initiative,
        _ => false,
    }
}

/// What is known of one nominee for the completeness check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NomineeFacts {
    pub name: String,
    pub award: AwardCode,
    pub individual: bool,
    pub citation: String,
    /// A báo cáo thành tích was uploaded for this nominee.
    pub has_report: bool,
    /// An initiative recognised in the system, or a certification uploaded.
    pub has_certificate: bool,
    /// The unit's vote was recorded for this nominee.
    pub has_votes: bool,
}

/// What is known of the dossier as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DossierFacts {
    /// The meeting is recorded (date, attendance) and confirmed by the unit head.
    pub meeting_confirmed: bool,
    /// A biên bản was uploaded instead.
    pub minutes_uploaded: bool,
    pub nominees: Vec<NomineeFacts>,
}

/// One thing missing from a dossier: the part, whose (if a nominee's), and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub part: DossierPart,
    pub nominee: Option<String>,
    pub what: String,
}

/// Lists what the dossier lacks; empty means complete. The tờ trình and the
/// danh sách are made from the data, so they need only nominees with citations.
pub fn missing_parts(d: &DossierFacts, p: &Params) -> Vec<Missing> {
    let mut out = Vec::new();
    if d.nominees.is_empty() {
        out.push(Missing {
            part: DossierPart::DanhSach,
            nominee: None,
            what: "Hồ sơ chưa có người, tập thể nào được đề nghị.".into(),
        });
    }
    if !d.meeting_confirmed && !d.minutes_uploaded {
        out.push(Missing {
            part: DossierPart::BienBan,
            nominee: None,
            what:
                "Ghi kết quả họp bình xét và trưởng đơn vị xác nhận, hoặc tải lên biên bản đã ký."
                    .into(),
        });
    }
    for n in &d.nominees {
        let who = Some(n.name.clone());
        if n.citation.trim().is_empty() {
            out.push(Missing {
                part: DossierPart::DanhSach,
                nominee: who.clone(),
                what: "Ghi nội dung khen thưởng (thành tích) để in vào danh sách.".into(),
            });
        }
        if d.meeting_confirmed && !d.minutes_uploaded && !n.has_votes {
            out.push(Missing {
                part: DossierPart::BienBan,
                nominee: who.clone(),
                what: "Ghi số phiếu đồng ý của cuộc họp bình xét.".into(),
            });
        }
        if report_required(n.award) && !n.has_report {
            out.push(Missing {
                part: DossierPart::BaoCao,
                nominee: who.clone(),
                what: format!("Tải lên báo cáo thành tích ({}).", n.award.label()),
            });
        }
        if n.individual && certificate_required(n.award, p) && !n.has_certificate {
            out.push(Missing {
                part: DossierPart::ChungNhan,
                nominee: who,
                what: "Cần sáng kiến, đề tài đã được công nhận (ghi trong mục Sáng kiến) hoặc tải lên giấy chứng nhận.".into(),
            });
        }
    }
    out
}

/// The unit's evaluation meeting as typed.
#[derive(Debug, Clone, Default)]
pub struct MeetingInput {
    pub held_on: String,
    pub present: String,
    pub total: String,
    pub chair: String,
    pub secretary: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub held_on: NaiveDate,
    pub present: u32,
    pub total: u32,
    pub chair: String,
    pub secretary: String,
    pub notes: String,
}

impl MeetingInput {
    pub fn validate(&self, today: NaiveDate) -> Result<Meeting, Error> {
        let mut errs = Errors::default();
        let held_on = crate::text::parse_date(&self.held_on);
        match held_on {
            None => errs.add("held_on", "Ngày họp không hợp lệ (ngày/tháng/năm)."),
            Some(d) if d > today => errs.add("held_on", "Ngày họp không được sau hôm nay."),
            _ => {}
        }
        let num = |v: &str| v.trim().parse::<u32>().ok();
        let (present, total) = (num(&self.present), num(&self.total));
        match (present, total) {
            (Some(p), Some(t)) if t > 0 && p <= t => {}
            (Some(_), Some(t)) if t > 0 => errs.add(
                "present",
                "Số người dự họp không được lớn hơn tổng số người của đơn vị.",
            ),
            _ => errs.add("total", "Ghi tổng số người của đơn vị và số người dự họp."),
        }
        if self.chair.trim().is_empty() {
            errs.add("chair", "Ghi người chủ trì cuộc họp.");
        }
        errs.finish()?;
        Ok(Meeting {
            held_on: held_on.unwrap_or(today),
            present: present.unwrap_or(0),
            total: total.unwrap_or(0),
            chair: self.chair.trim().to_string(),
            secretary: self.secretary.trim().to_string(),
            notes: self.notes.trim().to_string(),
        })
    }
}

/// Whether a nominee's vote carries the meeting: more than half of those present
/// (biểu quyết theo đa số).
pub fn carried(agree: u32, present: u32) -> bool {
    present > 0 && agree * 2 > present
}

/// Checks one nominee's vote count against the meeting.
pub fn check_votes(agree: u32, present: u32) -> Result<(), Error> {
    if agree > present {
        return Err(Error::invalid(
            "votes",
            format!("Số phiếu đồng ý ({agree}) lớn hơn số người dự họp ({present})."),
        ));
    }
    Ok(())
}

/// The share of individual nominees who hold no managerial post, in percent (the
/// seed asks to favour people who do not manage); `None` without individuals.
pub fn non_manager_share(managers: &[bool]) -> Option<f64> {
    if managers.is_empty() {
        return None;
    }
    let others = managers.iter().filter(|m| !**m).count();
    Some(others as f64 * 100.0 / managers.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Regime;

    fn nominee(award: AwardCode) -> NomineeFacts {
        NomineeFacts {
            name: "Lê Văn Một".into(),
            award,
            individual: true,
            citation: "Đã có thành tích xuất sắc".into(),
            has_report: false,
            has_certificate: false,
            has_votes: true,
        }
    }

    fn params(year: i32) -> Params {
        Params::national(Regime::on(NaiveDate::from_ymd_opt(year, 12, 31).unwrap()))
    }

    #[test]
    fn the_flow() {
        use DossierAction as A;
        use DossierStatus as S;
        assert_eq!(S::Draft.after(A::Submit).unwrap(), S::Submitted);
        assert_eq!(S::Submitted.after(A::Receive).unwrap(), S::Received);
        assert_eq!(S::Received.after(A::Review).unwrap(), S::Reviewing);
        assert_eq!(S::Reviewing.after(A::Return).unwrap(), S::Returned);
        assert_eq!(S::Returned.after(A::Submit).unwrap(), S::Submitted);
        assert_eq!(S::Reviewing.after(A::Ready).unwrap(), S::Ready);
        assert!(S::Submitted.after(A::Ready).is_err(), "received first");
        assert!(S::Ready.after(A::Edit).is_err());
        assert!(S::Ready.after(A::Return).is_err());
        assert!(S::Submitted.after(A::Edit).is_err());
    }

    #[test]
    fn what_each_award_needs() {
        let p = params(2021);
        let d = DossierFacts {
            meeting_confirmed: true,
            minutes_uploaded: false,
            nominees: vec![nominee(AwardCode::Ldtt)],
        };
        assert!(
            missing_parts(&d, &p).is_empty(),
            "LĐTT: the list and the minutes"
        );
        let d = DossierFacts {
            nominees: vec![nominee(AwardCode::Cstdcs)],
            ..d
        };
        let m = missing_parts(&d, &p);
        let parts: Vec<DossierPart> = m.iter().map(|x| x.part).collect();
        assert_eq!(
            parts,
            vec![DossierPart::BaoCao, DossierPart::ChungNhan],
            "2021: CSTĐCS rests on an initiative"
        );
        // From 2024 CSTĐCS may rest on HTXS: no certificate asked.
        let parts: Vec<DossierPart> = missing_parts(&d, &params(2025))
            .iter()
            .map(|x| x.part)
            .collect();
        assert_eq!(parts, vec![DossierPart::BaoCao]);
        // A collective has no initiative certificate to give.
        let mut c = nominee(AwardCode::CstdTinh);
        c.individual = false;
        c.has_report = true;
        let d = DossierFacts {
            nominees: vec![c],
            ..d
        };
        assert!(missing_parts(&d, &p).is_empty());
    }

    #[test]
    fn minutes_citations_and_votes() {
        let p = params(2025);
        let mut n = nominee(AwardCode::Ldtt);
        n.citation = " ".into();
        n.has_votes = false;
        let d = DossierFacts {
            meeting_confirmed: false,
            minutes_uploaded: false,
            nominees: vec![n.clone()],
        };
        let parts: Vec<DossierPart> = missing_parts(&d, &p).iter().map(|x| x.part).collect();
        assert_eq!(parts, vec![DossierPart::BienBan, DossierPart::DanhSach]);
        let d = DossierFacts {
            meeting_confirmed: true,
            ..d
        };
        let parts: Vec<DossierPart> = missing_parts(&d, &p).iter().map(|x| x.part).collect();
        assert_eq!(
            parts,
            vec![DossierPart::DanhSach, DossierPart::BienBan],
            "votes now asked"
        );
        let d = DossierFacts {
            minutes_uploaded: true,
            nominees: vec![],
            ..d
        };
        assert_eq!(missing_parts(&d, &p).len(), 1, "no nominee");
    }

    #[test]
    fn meetings_and_votes() {
        let today = NaiveDate::from_ymd_opt(2021, 11, 20).unwrap();
        let m = MeetingInput {
            held_on: "15/11/2021".into(),
            present: "18".into(),
            total: "20".into(),
            chair: "Trưởng phòng".into(),
            ..Default::default()
        };
        assert_eq!(m.validate(today).unwrap().present, 18);
        let bad = MeetingInput {
            present: "21".into(),
            ..m.clone()
        };
        assert!(bad.validate(today).is_err());
        let late = MeetingInput {
            held_on: "21/11/2021".into(),
            ..m
        };
        assert!(late.validate(today).is_err());
        assert!(carried(10, 18) && !carried(9, 18));
        assert!(check_votes(19, 18).is_err());
        assert_eq!(non_manager_share(&[true, false, false, false]), Some(75.0));
        assert_eq!(non_manager_share(&[]), None);
    }
}
