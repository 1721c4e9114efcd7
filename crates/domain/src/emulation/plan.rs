//! Launch plans (kế hoạch phát động) in the seed's structure: a preamble,
//! I. mục đích – yêu cầu, II. nội dung, III. tổ chức thực hiện, the
//! milestones (registration, initiative and dossier deadlines), recipients
//! and the signer. Parts are typed as offices type them in Word: one
//! paragraph per line, "1." numbered items, "a)" lettered, "- " bullets.

use crate::error::{Error, Errors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::codes::vocabulary_pub! {
    MilestoneKind, "mốc kế hoạch" {
        Registration = "dang-ky", "Hạn gửi đăng ký thi đua";
        Initiative = "sang-kien", "Hạn nộp hồ sơ sáng kiến";
        Dossier = "ho-so", "Hạn nộp hồ sơ đề nghị khen thưởng";
        Other = "khac", "Mốc khác";
    }
}

/// A line of a plan part, as the renderer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Paragraph(String),
    /// "1. …" with its number.
    Numbered(String, String),
    /// "a) …" with its letter.
    Lettered(String, String),
    /// "- …"
    Bullet(String),
}

/// Splits a part into lines by the offices' conventions.
pub fn lines(text: &str) -> Vec<Line> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            if let Some(rest) = l
                .strip_prefix("- ")
                .or_else(|| l.strip_prefix("– "))
                .or_else(|| l.strip_prefix("• "))
            {
                return Line::Bullet(rest.trim().to_string());
            }
            let digits: String = l.chars().take_while(|c| c.is_ascii_digit()).collect();
            if !digits.is_empty() && l[digits.len()..].starts_with(". ") {
                return Line::Numbered(digits.clone(), l[digits.len() + 2..].trim().to_string());
            }
            let mut cs = l.chars();
            if let (Some(c), Some(')'), Some(' ')) = (cs.next(), cs.next(), cs.next())
                && c.is_lowercase()
                && c.is_alphabetic()
            {
                return Line::Lettered(c.to_string(), l[c.len_utf8() + 2..].trim().to_string());
            }
            Line::Paragraph(l.to_string())
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub kind: MilestoneKind,
    pub label: String,
    pub due: NaiveDate,
}

/// A plan as a form gives it (dates as typed).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PlanInput {
    pub year: String,
    /// "Phát động Phong trào thi đua công tác dân tộc năm 2021".
    pub title: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub preamble: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub organisation: String,
    pub registration_due: String,
    #[serde(default)]
    pub initiative_due: String,
    #[serde(default)]
    pub dossier_due: String,
    #[serde(default)]
    pub recipients: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub signed_on: String,
    #[serde(default)]
    pub signer: String,
    #[serde(default)]
    pub signer_position: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidPlan {
    pub year: i32,
    pub title: String,
    pub number: String,
    pub preamble: String,
    pub purpose: String,
    pub content: String,
    pub organisation: String,
    pub milestones: Vec<Milestone>,
    pub recipients: Vec<String>,
    pub place: String,
    pub signed_on: Option<NaiveDate>,
    pub signer: String,
    pub signer_position: String,
}

impl ValidPlan {
    pub fn due(&self, kind: MilestoneKind) -> Option<NaiveDate> {
        self.milestones
            .iter()
            .find(|m| m.kind == kind)
            .map(|m| m.due)
    }
}

impl PlanInput {
    pub fn validate(&self) -> Result<ValidPlan, Error> {
        let mut errs = Errors::default();
        let year: Option<i32> = self
            .year
            .trim()
            .parse()
            .ok()
            .filter(|y| (2000..=2100).contains(y));
        if year.is_none() {
            errs.add("year", "Năm kế hoạch phải là một năm từ 2000 đến 2100.");
        }
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            errs.add("title", "Trích yếu kế hoạch không được để trống.");
        }
        let mut date =
            |field: &str, label: &str, value: &str, required: bool| -> Option<NaiveDate> {
                let v = value.trim();
                if v.is_empty() {
                    if required {
                        errs.add(field, format!("{label} không được để trống."));
                    }
                    return None;
                }
                let d = crate::text::parse_date(v);
                if d.is_none() {
                    errs.add(
                        field,
                        format!("{label} «{v}» không hợp lệ (ngày/tháng/năm)."),
                    );
                }
                d
            };
        let reg = date(
            "registration_due",
            "Hạn gửi đăng ký",
            &self.registration_due,
            true,
        );
        let ini = date(
            "initiative_due",
            "Hạn nộp hồ sơ sáng kiến",
            &self.initiative_due,
            false,
        );
        let dos = date(
            "dossier_due",
            "Hạn nộp hồ sơ khen thưởng",
            &self.dossier_due,
            false,
        );
        let signed_on = date("signed_on", "Ngày ký", &self.signed_on, false);
        if let (Some(y), Some(r)) = (year, reg) {
            use chrono::Datelike;
            if r.year() != y {
                errs.add(
                    "registration_due",
                    format!("Hạn gửi đăng ký phải trong năm {y}."),
                );
            }
        }
        if let (Some(s), Some(r)) = (signed_on, reg)
            && r < s
        {
            errs.add(
                "registration_due",
                "Hạn gửi đăng ký phải sau ngày ký kế hoạch.",
            );
        }
        errs.finish()?;
        let mut milestones = Vec::new();
        for (kind, d) in [
            (MilestoneKind::Registration, reg),
            (MilestoneKind::Initiative, ini),
            (MilestoneKind::Dossier, dos),
        ] {
            if let Some(due) = d {
                milestones.push(Milestone {
                    kind,
                    label: kind.label().to_string(),
                    due,
                });
            }
        }
        Ok(ValidPlan {
            year: year.unwrap_or_default(),
            title,
            number: self.number.trim().to_string(),
            preamble: self.preamble.trim().to_string(),
            purpose: self.purpose.trim().to_string(),
            content: self.content.trim().to_string(),
            organisation: self.organisation.trim().to_string(),
            milestones,
            recipients: self
                .recipients
                .lines()
                .map(|l| {
                    l.trim()
                        .trim_start_matches(['-', '–'])
                        .trim()
                        .trim_end_matches([';', '.'])
                        .to_string()
                })
                .filter(|l| !l.is_empty())
                .collect(),
            place: self.place.trim().to_string(),
            signed_on,
            signer: self.signer.trim().to_string(),
            signer_position: self.signer_position.trim().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_office_conventions() {
        let l = lines(
            "1. Đăng ký danh hiệu thi đua: các phòng…\n- Thi đua triển khai\n\na) Điểm a\nĐoạn văn.\n12. Mục mười hai",
        );
        assert_eq!(
            l[0],
            Line::Numbered("1".into(), "Đăng ký danh hiệu thi đua: các phòng…".into())
        );
        assert_eq!(l[1], Line::Bullet("Thi đua triển khai".into()));
        assert_eq!(l[2], Line::Lettered("a".into(), "Điểm a".into()));
        assert_eq!(l[3], Line::Paragraph("Đoạn văn.".into()));
        assert_eq!(l[4], Line::Numbered("12".into(), "Mục mười hai".into()));
    }

    #[test]
    fn plan_validation() {
        let p = PlanInput {
            year: "2021".into(),
            title: "Phát động Phong trào thi đua công tác dân tộc năm 2021".into(),
            registration_due: "15/03/2021".into(),
            initiative_due: "01/11/2021".into(),
            dossier_due: "20/11/2021".into(),
            recipients: "- Ủy ban Dân tộc;\n- Ban TĐ-KT tỉnh;\n- Lưu: VT, VP.".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(
            p.due(MilestoneKind::Registration),
            NaiveDate::from_ymd_opt(2021, 3, 15)
        );
        assert_eq!(
            p.recipients,
            vec!["Ủy ban Dân tộc", "Ban TĐ-KT tỉnh", "Lưu: VT, VP"]
        );
        let bad = PlanInput {
            year: "21".into(),
            registration_due: "31/02/2021".into(),
            ..Default::default()
        };
        let Err(Error::Validation(e)) = bad.validate() else {
            panic!()
        };
        let fields: Vec<_> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, vec!["year", "title", "registration_due"]);
    }
}
