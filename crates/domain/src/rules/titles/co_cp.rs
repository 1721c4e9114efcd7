//! Cờ thi đua của Chính phủ — docs/rules/co_cp.md.
//! A: NĐ 91/2017 Đ11 k1 (leading among collectives qualifying for Cờ tỉnh; ≤ 20 % of them,
//! reported in caps). B/C: Luật 2022 Đ25 not retrieved [U]: Cờ tỉnh standard + targets
//! exceeded + solidarity + vote ≥ 80 % (NĐ 98/2023 Đ30 k7).

use super::collective_verdict;
use crate::codes::{AwardCode, FactKey};
use crate::rules::Collective;
use crate::rules::common::*;
use crate::rules::regime::Regime;
use crate::rules::verdict::{Condition, Conditions, Outcome};

pub fn conditions(ctx: &Ctx, col: &Collective, out: &mut Conditions) {
    let y = ctx.year;
    if let Some(c) = postponement(ctx) {
        out.push(c);
    }
    let cite = ctx.cite("NĐ 91/2017 Đ11 k1", "Luật 2022 Đ25", "Luật 2022 Đ25");
    let unverified = !ctx.a();
    let recorded = ctx
        .h
        .has_award(AwardCode::CoTinh, y, ctx.p.only_cong_trang_prerequisites);
    let c = if recorded {
        Condition::new(
            "CO_CP.co_tinh",
            Some(true),
            format!("Đã được tặng Cờ thi đua tỉnh năm {y}"),
            cite,
        )
    } else {
        let v = collective_verdict(&ctx.with_award(AwardCode::CoTinh), col);
        let met = match v.outcome {
            Outcome::Eligible => Some(true),
            Outcome::Incomplete => None,
            _ => Some(false),
        };
        Condition::new(
            "CO_CP.co_tinh",
            met,
            format!(
                "Đạt tiêu chuẩn Cờ thi đua tỉnh năm {y}: {}",
                v.outcome.label()
            ),
            cite,
        )
        .missing("cần đạt tiêu chuẩn Cờ thi đua tỉnh", 1)
    };
    let c = ctx.mark_prereq(c, AwardCode::CoTinh);
    out.push(if unverified { c.unverified() } else { c });
    let t = basis(ctx, FactKey::ExceededTargets, "CO_CP.targets", cite);
    out.push(if unverified { t.unverified() } else { t });
    out.push(presumed(ctx, FactKey::Solidarity, "CO_CP.solidarity", cite));
    if let Some(c) = vote(
        ctx,
        ctx.cite(
            "Quy định của tỉnh",
            "NĐ 98/2023 Đ30 k7",
            "NĐ 98/2023 Đ30 k7 (áp dụng cho NĐ 152/2025)",
        ),
        ctx.regime() != Regime::Nd98_2023,
    ) {
        out.push(c);
    }
}
