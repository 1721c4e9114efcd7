//! "Tập thể lao động tiên tiến" — docs/rules/ttldtt.md.
//! A: Luật TĐKT 2003 Đ28 (> 50 % LĐTT, no member cảnh cáo+); B/C: Luật 2022 Đ28 as
//! implemented by Bắc Ninh QĐ 86/2025 Đ4 k2 b (≥ 70 % LĐTT, no member cảnh cáo+).

use super::collective_common::{no_member_discipline, share};
use crate::codes::{AwardCode, FactKey, Rating};
use crate::rules::Collective;
use crate::rules::common::*;
use crate::rules::verdict::Conditions;

pub fn conditions(ctx: &Ctx, col: &Collective, out: &mut Conditions) {
    if let Some(c) = postponement(ctx) {
        out.push(c);
    }
    let cite = ctx.cite("Luật TĐKT 2003 Đ28", "Luật 2022 Đ28", "Luật 2022 Đ28");
    out.push(rating_at_least(ctx, Rating::Htt, "TTLDTT.rating", cite));
    out.push(presumed(ctx, FactKey::Spirit, "TTLDTT.movement", cite));
    out.push(share(
        ctx,
        col,
        AwardCode::Ldtt,
        ctx.p.ttldtt_min_ldtt_share,
        ctx.p.ttldtt_share_strict,
        "TTLDTT.ldtt_share",
        cite,
    ));
    out.push(no_member_discipline(ctx, col, "TTLDTT.discipline", cite));
    out.push(presumed(
        ctx,
        FactKey::Solidarity,
        "TTLDTT.solidarity",
        cite,
    ));
    if let Some(c) = registration(ctx) {
        out.push(c);
    }
}
