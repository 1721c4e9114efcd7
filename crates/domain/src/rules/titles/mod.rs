//! One file per title or form of award; each rule is written once, with its citation.
//!
//! | code | file | law |
//! |---|---|---|
//! | LDTT | `ldtt.rs` | Luật 2022 Đ24; NĐ 91/2017 Đ10 |
//! | CSTDCS | `cstdcs.rs` | Luật 2022 Đ23; NĐ 91/2017 Đ9 k3 |
//! | CSTD_TINH | `cstd_tinh.rs` | Luật 2022 Đ22; NĐ 91/2017 Đ9 k2 |
//! | CSTD_TQ | `cstd_tq.rs` | Luật 2022 Đ21; NĐ 91/2017 Đ9 k1, Đ48 |
//! | TTLDTT | `ttldtt.rs` | Luật 2022 Đ28; Luật 2003 Đ28 |
//! | TTLDXS | `ttldxs.rs` | Luật 2022 Đ27; Luật 2003 Đ27 |
//! | CO_TINH | `co_tinh.rs` | Luật 2022 Đ26; NĐ 91/2017 Đ12 |
//! | CO_CP | `co_cp.rs` | Luật 2022 Đ25; NĐ 91/2017 Đ11 |
//! | GIAY_KHEN | `giay_khen.rs` | Luật 2022 Đ75 |
//! | BK_TINH | `bk_tinh.rs` | Luật 2022 Đ74; NĐ 91/2017 Đ39 |
//! | BK_TTG | `bk_ttg.rs` | Luật 2022 Đ73; NĐ 91/2017 Đ38 |
//! | HCLD3 | `hcld3.rs` | Luật 2022 Đ44; NĐ 91/2017 Đ24 |

mod bk_tinh;
mod bk_ttg;
mod co_cp;
mod co_tinh;
mod collective_common;
mod cstd_tinh;
mod cstd_tq;
mod cstdcs;
mod giay_khen;
mod hcld3;
mod ldtt;
mod periodic;
mod ttldtt;
mod ttldxs;

use super::Collective;
use super::common::Ctx;
use super::verdict::{Condition, Conditions, Outcome, Verdict};
use crate::codes::AwardCode;

/// Evaluates an award for an individual (the award must apply to individuals).
pub(crate) fn individual_verdict(ctx: &Ctx) -> Verdict {
    let mut out = Conditions::new(ctx.explain);
    match ctx.award {
        AwardCode::Ldtt => ldtt::conditions(ctx, &mut out),
        AwardCode::Cstdcs => cstdcs::conditions(ctx, &mut out),
        AwardCode::CstdTinh => cstd_tinh::conditions(ctx, &mut out),
        AwardCode::CstdTq => cstd_tq::conditions(ctx, &mut out),
        AwardCode::GiayKhen => giay_khen::conditions(ctx, &mut out, false),
        AwardCode::BkTinh => bk_tinh::individual(ctx, &mut out),
        AwardCode::BkTtg => bk_ttg::individual(ctx, &mut out),
        AwardCode::Hcld3 => hcld3::individual(ctx, &mut out),
        AwardCode::Ttldtt | AwardCode::Ttldxs | AwardCode::CoTinh | AwardCode::CoCp => {
            not_applicable(ctx, &mut out)
        }
    }
    added_criteria(ctx, &mut out);
    let id = if ctx.explain { ctx.h.id.as_str() } else { "" };
    Verdict::decide(id, ctx.award, ctx.year, ctx.p.regime, out.list)
}

/// The criteria an override file adds to this award (a province's own conditions,
/// e.g. "hoàn thành vượt các chỉ tiêu" for its Cờ thi đua), each with its source.
fn added_criteria(ctx: &Ctx, out: &mut Conditions) {
    for c in ctx.p.criteria.iter().filter(|c| c.award == ctx.award) {
        let v = ctx.h.fact_named(&c.fact, ctx.year);
        let met = if c.presumed {
            v != Some(false)
        } else {
            v == Some(true)
        };
        let detail = ctx.text(|| match v {
            Some(true) => format!("{}: ghi nhận đạt năm {}", c.text, ctx.year),
            Some(false) => format!("{}: ghi nhận KHÔNG đạt năm {}", c.text, ctx.year),
            None if c.presumed => {
                format!("{}: mặc nhiên đạt (không có ghi nhận ngược lại)", c.text)
            }
            None => format!(
                "{}: chưa được ghi nhận (năm {}, fact «{}»)",
                c.text, ctx.year, c.fact
            ),
        });
        out.push(
            Condition::new(
                format!("criteria.{}", c.fact),
                Some(met),
                detail,
                c.citation.clone(),
            )
            .missing(
                ctx.text(|| format!("cần được ghi nhận «{}»", c.text.to_lowercase())),
                1,
            ),
        );
    }
}

/// Evaluates an award for a collective.
pub(crate) fn collective_verdict(ctx: &Ctx, col: &Collective) -> Verdict {
    let mut out = Conditions::new(ctx.explain);
    match ctx.award {
        AwardCode::Ttldtt => ttldtt::conditions(ctx, col, &mut out),
        AwardCode::Ttldxs => ttldxs::conditions(ctx, col, &mut out),
        AwardCode::CoTinh => co_tinh::conditions(ctx, col, &mut out),
        AwardCode::CoCp => co_cp::conditions(ctx, col, &mut out),
        AwardCode::GiayKhen => giay_khen::conditions(ctx, &mut out, true),
        AwardCode::BkTinh => bk_tinh::collective(ctx, &mut out),
        AwardCode::BkTtg => bk_ttg::collective(ctx, &mut out),
        AwardCode::Hcld3 => hcld3::collective(ctx, &mut out),
        AwardCode::Ldtt | AwardCode::Cstdcs | AwardCode::CstdTinh | AwardCode::CstdTq => {
            not_applicable(ctx, &mut out)
        }
    }
    added_criteria(ctx, &mut out);
    let id = if ctx.explain { ctx.h.id.as_str() } else { "" };
    Verdict::decide(id, ctx.award, ctx.year, ctx.p.regime, out.list)
}

fn not_applicable(ctx: &Ctx, out: &mut Conditions) {
    out.push(Condition::new(
        "applies_to",
        Some(false),
        format!("{} không áp dụng cho đối tượng này", ctx.award.label()),
        "Luật 2022 Đ8",
    ));
}

/// "Meets the standard of `award`": recorded (công trạng) for the year, or the
/// engine finds it met; the failing conditions are summarised in the detail.
pub(crate) fn standard_met(
    ctx: &Ctx,
    award: AwardCode,
    rule: &'static str,
    citation: &'static str,
    v: &Verdict,
) -> Condition {
    if ctx
        .h
        .has_award(award, ctx.year, ctx.p.only_cong_trang_prerequisites)
    {
        return Condition::new(
            rule,
            Some(true),
            format!("Đã được tặng {} năm {}", award.short_label(), ctx.year),
            citation,
        );
    }
    let met = match v.outcome {
        Outcome::Eligible => Some(true),
        Outcome::Incomplete => None,
        // A postponement is reported by the caller's own condition.
        Outcome::NotEligible | Outcome::Postponed => {
            if v.blocking()
                .any(|c| c.met == Some(false) && c.role == super::verdict::Role::Required)
            {
                Some(false)
            } else {
                Some(true)
            }
        }
    };
    let failing: Vec<String> = v
        .blocking()
        .filter(|c| c.role == super::verdict::Role::Required)
        .map(|c| c.detail.clone())
        .collect();
    let detail = if failing.is_empty() {
        format!("Đạt tiêu chuẩn {} năm {}", award.short_label(), ctx.year)
    } else {
        format!(
            "Tiêu chuẩn {} năm {}: {}",
            award.short_label(),
            ctx.year,
            failing.join("; ")
        )
    };
    let missing = v.blocking().find_map(|c| c.missing.clone());
    let mut c = Condition::new(rule, met, detail, citation);
    if let Some(m) = missing {
        c = c.missing(m, 1);
    }
    c
}
