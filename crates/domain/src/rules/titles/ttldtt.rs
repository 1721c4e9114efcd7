//! "Tập thể lao động tiên tiến" — docs/rules/ttldtt.md.
//! A: Luật TĐKT 2003 Đ28 (> 50 % LĐTT, no member cảnh cáo+); B/C: Luật 2022 Đ28 as
//! implemented by Bắc Ninh QĐ 86/2025 Đ4 k2 b (≥ 70 % LĐTT, no member cảnh cáo+): the
//! 70 % is read from the provincial text, so the share condition is flagged unverified.

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
    let share_cite = ctx.cite(
        "Luật TĐKT 2003 Đ28 c",
        "Luật 2022 Đ28 (tỉ lệ 70 % theo QĐ 86/2025/QĐ-UBND tỉnh Bắc Ninh Đ4 k2 b)",
        "Luật 2022 Đ28 (tỉ lệ 70 % theo QĐ 86/2025/QĐ-UBND tỉnh Bắc Ninh Đ4 k2 b)",
    );
    let c = share(
        ctx,
        col,
        AwardCode::Ldtt,
        ctx.p.ttldtt_min_ldtt_share,
        ctx.p.ttldtt_share_strict,
        "TTLDTT.ldtt_share",
        share_cite,
    );
    out.push(if ctx.a() { c } else { c.unverified() });
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
