//! "Chiến sĩ thi đua cơ sở" (individual, annual) — docs/rules/cstdcs.md.
//! A: NĐ 91/2017 Đ9 k3 (LĐTT + initiative/research mandatory; ≤ 15 % of LĐTT, see caps);
//! B, C: Luật 2022 Đ23 (LĐTT + HTXS or initiative/research); vote ≥ 80 % (NĐ 98/2023 Đ30 k7).

use super::{individual_verdict, standard_met};
use crate::codes::{AwardCode, InitiativeLevel, Rating};
use crate::rules::common::*;
use crate::rules::regime::Regime;
use crate::rules::verdict::{Condition, Conditions};

pub fn conditions(ctx: &Ctx, out: &mut Conditions) {
    let y = ctx.year;
    if let Some(c) = postponement(ctx) {
        out.push(c);
    }
    out.push(ctx.mark_prereq(
        standard_met(
            ctx,
            AwardCode::Ldtt,
            "CSTDCS.ldtt",
            ctx.cite("NĐ 91/2017 Đ9 k3 a", "Luật 2022 Đ23 k1", "Luật 2022 Đ23 k1"),
            &individual_verdict(&ctx.with_award(AwardCode::Ldtt)),
        ),
        AwardCode::Ldtt,
    ));
    let from = y - ctx.p.cstdcs_initiative_lookback_years as i32;
    let sk = initiatives(ctx, InitiativeLevel::CoSo, from, y, false);
    let n = sk.usable.len();
    let window = if from == y {
        format!("năm {y}")
    } else {
        format!("{from}–{y}")
    };
    let sk_cond = Condition::new(
        "CSTDCS.initiative",
        Some(n >= 1),
        format!(
            "Sáng kiến / đề tài được cơ sở công nhận ({window}): {}{}",
            sk.ids(),
            sk.used_note()
        ),
        ctx.cite("NĐ 91/2017 Đ9 k3 b", "Luật 2022 Đ23 k2", "Luật 2022 Đ23 k2"),
    )
    .missing("cần thêm 1 sáng kiến cấp cơ sở", 1);
    let sk_cond = sk.mark(sk_cond);
    if ctx.p.cstdcs_requires_initiative {
        out.push(sk_cond);
    } else {
        let htxs = ctx.h.rating(y);
        let htxs_cond = Condition::new(
            "CSTDCS.htxs",
            Some(htxs == Some(Rating::Htxs)),
            format!(
                "Xếp loại năm {y}: {} (Hoàn thành xuất sắc nhiệm vụ)",
                rating_text(htxs)
            ),
            "Luật 2022 Đ23 k2",
        )
        .missing(format!("năm {y} cần xếp loại HTXS"), 1);
        out.any_of(
            "CSTDCS.k2",
            "Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến / đề tài được công nhận",
            "Luật 2022 Đ23 k2",
            vec![htxs_cond, sk_cond],
        );
    }
    if let Some(c) = vote(
        ctx,
        ctx.cite(
            "Quy định của tỉnh/bộ",
            "NĐ 98/2023 Đ30 k7",
            "NĐ 98/2023 Đ30 k7 (áp dụng cho NĐ 152/2025)",
        ),
        ctx.regime() != Regime::Nd98_2023,
    ) {
        out.push(c);
    }
    if let Some(c) = registration(ctx) {
        out.push(c);
    }
}
