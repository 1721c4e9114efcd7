//! Verdicts and the conditions that explain them.

use super::regime::Regime;
use crate::codes::AwardCode;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write as _;

/// Static text where possible (rule ids, citations), owned when built.
pub type Text = Cow<'static, str>;

/// The answer for one subject (docs/exchange.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Eligible,
    NotEligible,
    /// The law says "not yet": an open disciplinary proceeding, inspection or complaint.
    Postponed,
    /// A fact the rule needs is missing (a condition with `met: null`).
    Incomplete,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Eligible,
        Outcome::NotEligible,
        Outcome::Postponed,
        Outcome::Incomplete,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Outcome::Eligible => "eligible",
            Outcome::NotEligible => "not_eligible",
            Outcome::Postponed => "postponed",
            Outcome::Incomplete => "incomplete",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Outcome::Eligible => "Đủ điều kiện",
            Outcome::NotEligible => "Không đủ điều kiện",
            Outcome::Postponed => "Chưa xét (tạm hoãn)",
            Outcome::Incomplete => "Thiếu thông tin",
        }
    }
}

/// How a condition takes part in the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Must be met.
    Required,
    /// One of several alternatives; the group's summary condition (a `Required` one)
    /// carries the decision.
    Alternative,
    /// When not met, the award is postponed rather than refused (NĐ 152/2025 Đ4 k4).
    Postpone,
    /// Shown for information only.
    Note,
}

/// One condition of a rule, checked against the facts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    /// Stable id, e.g. `BK_TTG.b.ratings`.
    pub rule: Text,
    /// `Some(true)` met, `Some(false)` not met, `None` unknown (a needed fact is missing).
    pub met: Option<bool>,
    /// What was checked and what the facts were, in Vietnamese.
    pub detail: String,
    /// The clause it rests on, e.g. "Luật 2022 Đ23 k2".
    pub citation: Text,
    /// True when the rule rests on an unverified reading ([U] in docs/rules/index.md).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unverified: bool,
    /// For alternatives: the id of the group they belong to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative_of: Option<Text>,
    /// What is still missing, in Vietnamese ("cần thêm 1 sáng kiến cấp cơ sở").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
    #[serde(skip)]
    pub role: Role,
    /// How far from met (units of the thing missing: years, initiatives, votes…), used
    /// to rank advice. 0 when met or unknown.
    #[serde(skip)]
    pub shortfall: u32,
}

impl Condition {
    pub fn new(
        rule: impl Into<Text>,
        met: Option<bool>,
        detail: impl Into<String>,
        citation: impl Into<Text>,
    ) -> Condition {
        Condition {
            rule: rule.into(),
            met,
            detail: detail.into(),
            citation: citation.into(),
            unverified: false,
            alternative_of: None,
            missing: None,
            role: Role::Required,
            shortfall: 0,
        }
    }

    pub fn unverified(mut self) -> Condition {
        self.unverified = true;
        self
    }

    pub fn missing(mut self, text: impl Into<String>, shortfall: u32) -> Condition {
        if self.met != Some(true) {
            self.missing = Some(text.into());
            self.shortfall = shortfall.max(1);
        }
        self
    }

    pub fn role(mut self, role: Role) -> Condition {
        self.role = role;
        self
    }
}

/// The verdict for one subject, one award, one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub subject: String,
    #[serde(skip)]
    pub award: AwardCode,
    #[serde(skip)]
    pub year: i32,
    #[serde(skip)]
    pub regime: Regime,
    #[serde(rename = "verdict")]
    pub outcome: Outcome,
    pub conditions: Vec<Condition>,
}

impl Verdict {
    /// Decides the outcome from the conditions: an unmet `Postpone` condition postpones
    /// (the law says not yet, whatever else holds); otherwise any unmet required
    /// condition refuses; otherwise any unknown one leaves it incomplete.
    pub fn decide(
        subject: &str,
        award: AwardCode,
        year: i32,
        regime: Regime,
        conditions: Vec<Condition>,
    ) -> Verdict {
        let postponed = conditions
            .iter()
            .any(|c| c.role == Role::Postpone && c.met == Some(false));
        let required = conditions.iter().filter(|c| c.role == Role::Required);
        let mut any_false = false;
        let mut any_unknown = false;
        for c in required {
            match c.met {
                Some(false) => any_false = true,
                None => any_unknown = true,
                Some(true) => {}
            }
        }
        let outcome = if postponed {
            Outcome::Postponed
        } else if any_false {
            Outcome::NotEligible
        } else if any_unknown {
            Outcome::Incomplete
        } else {
            Outcome::Eligible
        };
        Verdict {
            subject: subject.to_string(),
            award,
            year,
            regime,
            outcome,
            conditions,
        }
    }

    /// The unmet or unknown conditions that decide the verdict.
    pub fn blocking(&self) -> impl Iterator<Item = &Condition> {
        self.conditions
            .iter()
            .filter(|c| matches!(c.role, Role::Required | Role::Postpone) && c.met != Some(true))
    }

    /// The verdict as Vietnamese text, one condition a line.
    pub fn render_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} — {} năm {} ({}): {}",
            self.subject,
            self.award.label(),
            self.year,
            self.regime.id(),
            self.outcome.label()
        );
        for c in &self.conditions {
            let mark = match c.met {
                Some(true) => "[đạt]",
                Some(false) => "[không đạt]",
                None => "[chưa rõ]",
            };
            let indent = if c.alternative_of.is_some() {
                "    "
            } else {
                "  "
            };
            let _ = write!(s, "{indent}{mark} {} ({}", c.detail, c.citation);
            if c.unverified {
                s.push_str("; chưa kiểm chứng");
            }
            s.push(')');
            if let Some(m) = &c.missing {
                let _ = write!(s, " — {m}");
            }
            s.push('\n');
        }
        s
    }
}

/// Collects conditions, with alternative groups summarised into one required condition.
#[derive(Debug)]
pub struct Conditions {
    pub list: Vec<Condition>,
    /// False when only the outcome is wanted: group summaries then carry no text.
    pub explain: bool,
}

impl Conditions {
    pub fn new(explain: bool) -> Conditions {
        Conditions {
            list: Vec::with_capacity(8),
            explain,
        }
    }

    pub fn push(&mut self, c: Condition) -> Option<bool> {
        let met = c.met;
        self.list.push(c);
        met
    }

    /// Adds "one of" group `id`: the summary condition is met when any alternative is,
    /// not met when all are not, unknown otherwise. The summary's missing text is the
    /// one of the nearest alternative.
    pub fn any_of(
        &mut self,
        id: &'static str,
        detail: &'static str,
        citation: impl Into<Text>,
        alternatives: Vec<Condition>,
    ) -> Option<bool> {
        let met = if alternatives.iter().any(|c| c.met == Some(true)) {
            Some(true)
        } else if alternatives.iter().all(|c| c.met == Some(false)) {
            Some(false)
        } else {
            None
        };
        let mut summary = Condition::new(id, met, if self.explain { detail } else { "" }, citation);
        let best = alternatives
            .iter()
            .filter(|c| c.missing.is_some())
            .min_by_key(|c| c.shortfall);
        if let (true, Some(best)) = (met != Some(true) && self.explain, best) {
            summary.missing = best.missing.clone();
            summary.shortfall = best.shortfall;
        }
        summary.unverified = alternatives
            .iter()
            .any(|c| c.unverified && c.met == Some(true));
        self.list.push(summary);
        for mut c in alternatives {
            c.role = Role::Alternative;
            c.alternative_of = Some(Cow::Borrowed(id));
            self.list.push(c);
        }
        met
    }
}
