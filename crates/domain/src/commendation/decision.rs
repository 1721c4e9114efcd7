//! Award decisions (quyết định khen thưởng): draft → signed → cancelled (and
//! replaced). A signed decision is never edited; its number comes from the
//! issuer's register of the year, one after the last, inside the signing
//! transaction, so numbers have neither gaps nor duplicates.

use crate::error::{Error, Errors};
use chrono::NaiveDate;

crate::codes::vocabulary_pub! {
    DecisionStatus, "trạng thái quyết định" {
        Draft = "du-thao", "Dự thảo";
        Signed = "da-ky", "Đã ký ban hành";
        Cancelled = "da-huy", "Đã hủy";
    }
}

crate::codes::vocabulary_pub! {
    DecisionAction, "thao tác với quyết định" {
        Edit = "sua", "Sửa dự thảo";
        Sign = "ky", "Ký ban hành";
        Cancel = "huy", "Hủy quyết định";
    }
}

impl DecisionStatus {
    pub fn after(self, action: DecisionAction) -> Result<DecisionStatus, Error> {
        use DecisionAction as A;
        use DecisionStatus as S;
        match (self, action) {
            (S::Draft, A::Edit) => Ok(S::Draft),
            (S::Draft, A::Sign) => Ok(S::Signed),
            (S::Signed, A::Cancel) => Ok(S::Cancelled),
            (S::Signed, A::Edit) => Err(Error::invalid(
                "status",
                "Quyết định đã ký không sửa được: hủy quyết định và ban hành quyết định thay thế.",
            )),
            (S::Draft, A::Cancel) => Err(Error::invalid(
                "status",
                "Dự thảo chưa ký: xóa người khỏi dự thảo hoặc để nguyên, không cần hủy.",
            )),
            (s, a) => Err(Error::invalid(
                "status",
                format!(
                    "Không thể «{}» khi quyết định ở trạng thái «{}».",
                    a.label().to_lowercase(),
                    s.label().to_lowercase()
                ),
            )),
        }
    }
}

/// "12/QĐ-BDT": numbers below 10 zero-padded (NĐ 30/2020, Phụ lục I).
pub fn decision_symbol(number: u32, issuer_abbr: &str) -> String {
    format!("{number:02}/QĐ-{}", issuer_abbr.trim())
}

/// Authority prefixes of a signature (NĐ 30/2020 Đ13).
pub const SIGN_PREFIXES: &[(&str, &str)] = &[
    ("", "Thủ trưởng ký"),
    ("KT", "KT. — cấp phó ký thay"),
    ("TM", "TM. — thay mặt tập thể"),
    ("Q", "Q. — quyền"),
    ("TL", "TL. — thừa lệnh"),
    ("TUQ", "TUQ. — thừa ủy quyền"),
];

/// A decision's text as typed: everything but its recipients.
#[derive(Debug, Clone, Default)]
pub struct DecisionInput {
    pub summary: String,
    pub authority_line: String,
    pub basis: String,
    pub proposer: String,
    pub articles: String,
    pub signer: String,
    pub signer_position: String,
    pub sign_prefix: String,
    pub sign_authority: String,
    pub recipients: String,
}

/// The checked text; multi-line fields split into their lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionText {
    pub summary: String,
    pub authority_line: String,
    pub basis: Vec<String>,
    pub proposer: String,
    pub articles: Vec<String>,
    pub signer: String,
    pub signer_position: String,
    pub sign_prefix: String,
    pub sign_authority: String,
    pub recipients: Vec<String>,
}

/// Articles are separated by a blank line; the lines of one article are its khoản.
pub fn articles_of(s: &str) -> Vec<String> {
    s.replace("\r\n", "\n")
        .split("\n\n")
        .map(|a| {
            a.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|a| !a.is_empty())
        .collect()
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

impl DecisionInput {
    pub fn validate(&self) -> Result<DecisionText, Error> {
        let mut errs = Errors::default();
        let summary = self.summary.trim();
        if summary.is_empty() {
            errs.add("summary", "Ghi trích yếu của quyết định (Về việc …).");
        }
        if self.authority_line.trim().is_empty() {
            errs.add(
                "authority_line",
                "Ghi thẩm quyền ban hành (ví dụ: TRƯỞNG BAN BAN DÂN TỘC).",
            );
        }
        let prefix = self.sign_prefix.trim().to_uppercase();
        if !SIGN_PREFIXES.iter().any(|(p, _)| *p == prefix) {
            errs.add(
                "sign_prefix",
                "Chọn quyền hạn ký: KT., TM., Q., TL., TUQ. hoặc để trống.",
            );
        }
        if self.signer_position.trim().is_empty() {
            errs.add("signer_position", "Ghi chức vụ người ký.");
        }
        for (field, text) in [
            ("summary", summary),
            ("basis", self.basis.as_str()),
            ("articles", self.articles.as_str()),
        ] {
            if text.chars().count() > 20_000 {
                errs.add(field, "Nội dung quá dài (tối đa 20.000 ký tự).");
            }
        }
        errs.finish()?;
        Ok(DecisionText {
            summary: summary.to_string(),
            authority_line: self.authority_line.trim().to_string(),
            basis: lines(&self.basis),
            proposer: self.proposer.trim().to_string(),
            articles: articles_of(&self.articles),
            signer: self.signer.trim().to_string(),
            signer_position: self.signer_position.trim().to_string(),
            sign_prefix: prefix,
            sign_authority: self.sign_authority.trim().to_string(),
            recipients: lines(&self.recipients),
        })
    }
}

/// What signing needs beyond the draft's own checks.
pub fn check_signing(
    signed_on: Option<NaiveDate>,
    today: NaiveDate,
    year: i32,
    signer: &str,
    recipients: usize,
) -> Result<NaiveDate, Error> {
    use chrono::Datelike;
    let mut errs = Errors::default();
    match signed_on {
        None => errs.add("signed_on", "Ghi ngày ký (ngày/tháng/năm)."),
        Some(d) if d > today => errs.add("signed_on", "Ngày ký không được sau hôm nay."),
        Some(d) if d.year() < year => errs.add(
            "signed_on",
            format!("Quyết định khen thưởng năm {year} không thể ký trước năm {year}."),
        ),
        _ => {}
    }
    if signer.trim().is_empty() {
        errs.add("signer", "Ghi họ tên người ký.");
    }
    if recipients == 0 {
        errs.add(
            "recipients",
            "Quyết định chưa có cá nhân, tập thể nào được khen thưởng.",
        );
    }
    errs.finish()?;
    Ok(signed_on.unwrap_or(today))
}

/// The next number the Office may set for an issuer's register: only forward,
/// past every number already given.
pub fn check_next_number(wanted: &str, last_used: u32) -> Result<u32, Error> {
    match wanted.trim().parse::<u32>() {
        Ok(n) if n > last_used && n < 100_000 => Ok(n),
        Ok(_) => Err(Error::invalid(
            "next_number",
            format!("Số tiếp theo phải lớn hơn số đã cấp gần nhất ({last_used})."),
        )),
        Err(_) => Err(Error::invalid(
            "next_number",
            "Số tiếp theo phải là một số nguyên dương.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn signed_decisions_are_not_edited() {
        use DecisionAction as A;
        use DecisionStatus as S;
        assert_eq!(S::Draft.after(A::Sign).unwrap(), S::Signed);
        let e = S::Signed.after(A::Edit).unwrap_err().to_string();
        assert!(e.contains("hủy"), "{e}");
        assert_eq!(S::Signed.after(A::Cancel).unwrap(), S::Cancelled);
        assert!(S::Cancelled.after(A::Sign).is_err());
        assert!(S::Cancelled.after(A::Edit).is_err());
        assert!(S::Draft.after(A::Cancel).is_err());
    }

    #[test]
    fn symbols_and_numbers() {
        assert_eq!(decision_symbol(5, "BDT"), "05/QĐ-BDT");
        assert_eq!(decision_symbol(123, "BDT"), "123/QĐ-BDT");
        assert_eq!(check_next_number("58", 57).unwrap(), 58);
        assert!(check_next_number("57", 57).is_err());
        assert!(check_next_number("abc", 0).is_err());
    }

    #[test]
    fn text_and_signing() {
        let input = DecisionInput {
            summary: "Về việc khen thưởng năm 2021".into(),
            authority_line: "TRƯỞNG BAN BAN DÂN TỘC".into(),
            basis: "Căn cứ A;\n\n  Căn cứ B ".into(),
            signer_position: "Trưởng ban".into(),
            sign_prefix: "kt".into(),
            ..Default::default()
        };
        let t = input.validate().unwrap();
        assert_eq!(t.basis, vec!["Căn cứ A;", "Căn cứ B"]);
        assert_eq!(
            articles_of("Tặng …\n\nKèm theo tiền thưởng.\n  Kinh phí từ quỹ.\n\n\n"),
            vec!["Tặng …", "Kèm theo tiền thưởng.\nKinh phí từ quỹ."]
        );
        assert_eq!(t.sign_prefix, "KT");
        assert!(
            DecisionInput {
                sign_prefix: "XYZ".into(),
                ..input.clone()
            }
            .validate()
            .is_err()
        );
        assert!(
            DecisionInput {
                summary: " ".into(),
                ..input
            }
            .validate()
            .is_err()
        );
        let today = d(2022, 1, 20);
        assert!(check_signing(Some(d(2022, 1, 15)), today, 2021, "Đặng Văn Tuấn", 3).is_ok());
        assert!(check_signing(Some(d(2022, 1, 21)), today, 2021, "A", 3).is_err());
        assert!(check_signing(Some(d(2020, 12, 1)), today, 2021, "A", 3).is_err());
        assert!(check_signing(None, today, 2021, "A", 3).is_err());
        assert!(check_signing(Some(today), today, 2021, "", 3).is_err());
        assert!(check_signing(Some(today), today, 2021, "A", 0).is_err());
    }
}
