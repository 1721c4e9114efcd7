//! Huân chương Lao động hạng Ba — docs/rules/hcld3.md.
//! Individual, B/C: Luật 2022 Đ44 k1 e (BK Thủ tướng + ≥ 5 consecutive years HTT or
//! better, ≥ 1 HTXS year, 3 CSTĐCS). A: NĐ 91/2017 Đ24 (BK Thủ tướng + 5 consecutive
//! years of excellent achievement — read as HTXS [U] — with 2 initiatives of provincial
//! scope). Collective (Đ44 k2, not retrieved [U]): BK Thủ tướng + 5 consecutive years
//! HTXS with one Cờ Chính phủ or two Cờ tỉnh.

use super::periodic::{Extra, cstdcs_in, htxs_in, periodic};
use crate::codes::{AwardCode, FactKey, InitiativeLevel, Rating};
use crate::rules::common::*;
use crate::rules::verdict::Conditions;

pub fn individual(ctx: &Ctx, out: &mut Conditions) {
    if let Some(c) = postponement(ctx) {
        out.push(c);
    }
    out.push(presumed(
        ctx,
        FactKey::ExemplaryConduct,
        "HCLD3.conduct",
        ctx.cite("NĐ 91/2017 Đ24", "Luật 2022 Đ44 k1", "Luật 2022 Đ44 k1"),
    ));
    let c = if ctx.a() {
        periodic(
            ctx,
            "HCLD3.periodic",
            "NĐ 91/2017 Đ24",
            AwardCode::BkTtg,
            Rating::Htxs,
            5,
            &|from, to| {
                let sk = initiatives(ctx, InitiativeLevel::Tinh, from, to, true);
                let n = sk.usable.len();
                Extra {
                    unverified: sk.reuse_decided,
                    ok: n >= 2,
                    detail: format!(
                        "{n} sáng kiến có phạm vi ảnh hưởng cấp tỉnh ({}){} — yêu cầu 2",
                        sk.ids(),
                        sk.used_note()
                    ),
                    missing: (n < 2).then(|| {
                        (
                            format!("cần thêm {} sáng kiến cấp tỉnh", 2 - n),
                            (2 - n) as u32,
                        )
                    }),
                }
            },
        )
        .unverified()
    } else {
        periodic(
            ctx,
            "HCLD3.e",
            "Luật 2022 Đ44 k1 e",
            AwardCode::BkTtg,
            Rating::Htt,
            5,
            &|from, to| {
                let h = htxs_in(ctx, from, to, 1);
                let k = cstdcs_in(ctx, from, to, 3);
                Extra {
                    unverified: false,
                    ok: h.ok && k.ok,
                    detail: format!("{}; {}", h.detail, k.detail),
                    missing: k.missing.or(h.missing),
                }
            },
        )
    };
    out.push(c);
}

pub fn collective(ctx: &Ctx, out: &mut Conditions) {
    if let Some(c) = postponement(ctx) {
        out.push(c);
    }
    out.push(presumed(
        ctx,
        FactKey::Solidarity,
        "HCLD3.solidarity",
        ctx.cite("NĐ 91/2017 Đ24", "Luật 2022 Đ44 k2", "Luật 2022 Đ44 k2"),
    ));
    let only = ctx.p.only_cong_trang_prerequisites;
    let c = periodic(
        ctx,
        "HCLD3.k2",
        ctx.cite("NĐ 91/2017 Đ24 k2", "Luật 2022 Đ44 k2", "Luật 2022 Đ44 k2"),
        AwardCode::BkTtg,
        Rating::Htxs,
        5,
        &|from, to| {
            let cp = (from..=to).filter(|y| ctx.h.has_award(AwardCode::CoCp, *y, only)).count();
            let tinh = (from..=to).filter(|y| ctx.h.has_award(AwardCode::CoTinh, *y, only)).count();
            let ok = cp >= 1 || tinh >= 2;
            Extra {
                unverified: false,
                ok,
                detail: format!("{cp} Cờ thi đua Chính phủ, {tinh} Cờ thi đua tỉnh trong thời gian đó (yêu cầu 1 Cờ Chính phủ hoặc 2 Cờ tỉnh)"),
                missing: (!ok).then(|| (format!("cần thêm {} Cờ thi đua tỉnh", 2usize.saturating_sub(tinh)), 2usize.saturating_sub(tinh) as u32)),
            }
        },
    )
    .unverified();
    out.push(c);
}
