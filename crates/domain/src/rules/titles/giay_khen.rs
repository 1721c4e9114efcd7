//! Giấy khen of the head of the agency — docs/rules/giay_khen.md.
//! B/C: Luật 2022 Đ75 k2 as implemented by Bắc Ninh QĐ 86/2025 Đ4 k3 (HTT or better +
//! one of: achievement in the emulation movement, extraordinary achievement).
//! A: NĐ 91/2017 provision not retrieved [U]; same structure assumed.

use crate::codes::{FactKey, Rating};
use crate::rules::common::*;
use crate::rules::verdict::Conditions;

pub fn conditions(ctx: &Ctx, out: &mut Conditions, collective: bool) {
    if let Some(c) = postponement(ctx) {
        out.push(c);
    }
    let cite = ctx.cite(
        "NĐ 91/2017 (Giấy khen)",
        "Luật 2022 Đ75 k2",
        "Luật 2022 Đ75 k2",
    );
    let unverified = ctx.a();
    let mark = |c: crate::rules::verdict::Condition| if unverified { c.unverified() } else { c };
    if collective {
        out.push(mark(presumed(
            ctx,
            FactKey::Solidarity,
            "GIAY_KHEN.solidarity",
            cite,
        )));
    } else {
        out.push(mark(presumed(
            ctx,
            FactKey::ExemplaryConduct,
            "GIAY_KHEN.conduct",
            cite,
        )));
    }
    out.push(mark(rating_at_least(
        ctx,
        Rating::Htt,
        "GIAY_KHEN.rating",
        cite,
    )));
    let a = mark(basis(
        ctx,
        FactKey::MovementAchievement,
        "GIAY_KHEN.movement",
        cite,
    ));
    let b = mark(basis(
        ctx,
        FactKey::ExtraordinaryAchievement,
        "GIAY_KHEN.extraordinary",
        cite,
    ));
    out.any_of(
        "GIAY_KHEN.basis",
        "Có thành tích trong phong trào thi đua hoặc thành tích đột xuất",
        cite,
        vec![a, b],
    );
}
