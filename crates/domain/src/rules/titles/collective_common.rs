//! Members' facts for collective titles: who counts as LĐTT / CSTĐCS, shares, disciplines.

use super::individual_verdict;
use crate::codes::{AwardCode, LeaveKind};
use crate::rules::Collective;
use crate::rules::common::*;
use crate::rules::history::{History, whole_months, year_end};
use crate::rules::params::CollectiveHeadcount;
use crate::rules::verdict::{Condition, Outcome};
use chrono::{Datelike, NaiveDate};

/// The people a collective's shares are taken over, and those left out with the reason.
pub struct Headcount<'a> {
    pub counted: Vec<&'a History>,
    pub left_out: Vec<(&'a History, String)>,
    /// The evaluation date (None: the whole year).
    pub on: Option<NaiveDate>,
}

impl Headcount<'_> {
    /// "tính trên 9 người có mặt ngày 20/12/2025; không tính: NV07 (mới tuyển dụng, 2 tháng)".
    pub fn describe(&self) -> String {
        let mut s = match self.on {
            Some(d) => format!(
                "tính trên {} người của tập thể ngày {}",
                self.counted.len(),
                d.format("%d/%m/%Y")
            ),
            None => format!("tính trên {} người công tác trong năm", self.counted.len()),
        };
        if !self.left_out.is_empty() {
            const SHOWN: usize = 10;
            let v: Vec<String> = self
                .left_out
                .iter()
                .take(SHOWN)
                .map(|(h, why)| format!("{} ({why})", h.id))
                .collect();
            s.push_str(&format!("; không tính: {}", v.join(", ")));
            if self.left_out.len() > SHOWN {
                s.push_str(&format!(" và {} người khác", self.left_out.len() - SHOWN));
            }
        }
        s
    }
}

/// Who makes up the collective for its shares (`collective_headcount`): at the evaluation
/// date (the decision date, or 31/12 if earlier), people on the staff that day, less new
/// hires under `new_hire_min_months` and people on a long leave (maternity excepted);
/// or everyone who worked there in the year.
pub fn headcount<'a>(ctx: &Ctx, col: &Collective<'a>) -> Headcount<'a> {
    if ctx.p.collective_headcount == CollectiveHeadcount::WholeYear {
        return Headcount {
            counted: col.members.clone(),
            left_out: Vec::new(),
            on: None,
        };
    }
    let on = ctx.on.min(year_end(ctx.year));
    let gap = ctx.p.employment_gap_days;
    let min = ctx.p.new_hire_min_months;
    let new_hire_applies = ctx.p.new_hire_rule_from.is_none_or(|f| ctx.on >= f);
    let mut counted = Vec::with_capacity(col.members.len());
    let mut left_out = Vec::new();
    for m in &col.members {
        let why = if m.employment.is_empty() {
            None
        } else {
            match m.service_on(on, gap) {
                None => {
                    Some(ctx.text(|| format!("không thuộc tập thể ngày {}", on.format("%d/%m/%Y"))))
                }
                Some(s) => {
                    let months = whole_months(s.from, year_end(ctx.year));
                    if new_hire_applies && s.transferred_in.is_none() && months < min {
                        Some(ctx.text(|| format!("mới tuyển dụng, {months} tháng")))
                    } else {
                        m.leaves
                            .iter()
                            .find(|l| {
                                l.kind != LeaveKind::ThaiSan
                                    && l.from <= on
                                    && on <= l.to
                                    && (l.to - l.from).num_days() + 1
                                        >= ctx.p.long_training_min_days as i64
                            })
                            .map(|l| {
                                ctx.text(|| {
                                    format!(
                                        "{} {} – {}",
                                        l.kind.label().to_lowercase(),
                                        l.from.format("%d/%m/%Y"),
                                        l.to.format("%d/%m/%Y")
                                    )
                                })
                            })
                    }
                }
            }
        };
        match why {
            None => counted.push(*m),
            Some(w) => left_out.push((*m, w)),
        }
    }
    Headcount {
        counted,
        left_out,
        on: Some(on),
    }
}

/// Whether a member holds `award` for the year: recorded (any kind), or — with
/// `collective_counts_eligible_members` — found eligible by the engine now.
pub fn member_has(ctx: &Ctx, member: &crate::rules::History, award: AwardCode) -> Option<bool> {
    if member.has_award(award, ctx.year, false) {
        return Some(true);
    }
    if !ctx.p.collective_counts_eligible_members {
        return Some(false);
    }
    let mctx = ctx.with_history(member).with_award(award);
    match individual_verdict(&mctx).outcome {
        Outcome::Eligible => Some(true),
        Outcome::NotEligible | Outcome::Postponed => Some(false),
        Outcome::Incomplete => None,
    }
}

/// Share of members holding `award` against a minimum (strict: above it).
pub fn share(
    ctx: &Ctx,
    col: &Collective,
    award: AwardCode,
    min: f64,
    strict: bool,
    rule: &'static str,
    citation: &'static str,
) -> Condition {
    let hc = headcount(ctx, col);
    let n = hc.counted.len();
    let mut yes = 0usize;
    let mut unknown = 0usize;
    for m in &hc.counted {
        match member_has(ctx, m, award) {
            Some(true) => yes += 1,
            None => unknown += 1,
            Some(false) => {}
        }
    }
    let passes = |k: usize| {
        if n == 0 {
            return false;
        }
        // Compare in per-mille to keep 7/10 ≥ 0.70 exact.
        let lhs = k as u64 * 1000;
        let rhs = (min * 1000.0).round() as u64 * n as u64;
        if strict { lhs > rhs } else { lhs >= rhs }
    };
    let met = if passes(yes) {
        Some(true)
    } else if !passes(yes + unknown) {
        Some(false)
    } else {
        None
    };
    let op = if strict { "trên" } else { "từ" };
    let share = if n == 0 { 0.0 } else { yes as f64 / n as f64 };
    let mut detail = format!(
        "{yes}/{n} cá nhân đạt {} ({}), yêu cầu {op} {}",
        award.short_label(),
        pct(share),
        pct(min)
    );
    if unknown > 0 {
        detail.push_str(&format!(
            "; {unknown} cá nhân chưa đủ thông tin để xác định"
        ));
    }
    if ctx.explain {
        detail.push_str(&format!(" — {}", hc.describe()));
    }
    // Smallest k that passes.
    let need = (0..=n).find(|k| passes(*k)).unwrap_or(n + 1);
    Condition::new(rule, met, detail, citation).missing(
        format!(
            "cần thêm {} cá nhân đạt {}",
            need.saturating_sub(yes),
            award.short_label()
        ),
        need.saturating_sub(yes) as u32,
    )
}

/// No member disciplined at `collective_discipline_from` or above in the year.
pub fn no_member_discipline(
    ctx: &Ctx,
    col: &Collective,
    rule: &'static str,
    citation: &'static str,
) -> Condition {
    let min = ctx.p.collective_discipline_from;
    let hits: Vec<String> = col
        .members
        .iter()
        .flat_map(|m| {
            m.disciplines
                .iter()
                .filter(|d| d.decided_on.year() == ctx.year && d.form.severity() >= min.severity())
                .map(move |d| format!("{} ({})", m.id, d.form.label()))
        })
        .collect();
    Condition::new(
        rule,
        Some(hits.is_empty()),
        if hits.is_empty() {
            format!(
                "Không có cá nhân bị kỷ luật từ {} trở lên năm {}",
                min.label().to_lowercase(),
                ctx.year
            )
        } else {
            format!(
                "Có cá nhân bị kỷ luật năm {}: {}",
                ctx.year,
                hits.join(", ")
            )
        },
        citation,
    )
}
