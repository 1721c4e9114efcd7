//! Members' facts for collective titles: who counts as LĐTT / CSTĐCS, shares, disciplines.

use super::individual_verdict;
use crate::codes::AwardCode;
use crate::rules::Collective;
use crate::rules::common::*;
use crate::rules::verdict::{Condition, Outcome};
use chrono::Datelike;

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
    let n = col.members.len();
    let mut yes = 0usize;
    let mut unknown = 0usize;
    for m in &col.members {
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
