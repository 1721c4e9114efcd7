//! Bằng khen của Thủ tướng Chính phủ — docs/rules/bk_ttg.md.
//! Individual, B/C: Luật 2022 Đ73 k1 (one of a, b, c; b = BK tỉnh + ≥ 5 consecutive years
//! HTT or better to the time of proposal + 3 CSTĐCS in them). A: NĐ 91/2017 Đ38 k1
//! (BK tỉnh + ≥ 5 consecutive years HTXS + 5 initiatives at base level).
//! Collective (Đ73 k2 / NĐ 91 Đ38 k2): not retrieved [U] — BK tỉnh + 5 consecutive years
//! HTT or better (A: HTXS) with one TTLĐXS or Cờ thi đua tỉnh in them.

use super::periodic::{Extra, cstdcs_in, periodic};
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
        "BK_TTG.conduct",
        ctx.cite("NĐ 91/2017 Đ38 k1", "Luật 2022 Đ73 k1", "Luật 2022 Đ73 k1"),
    ));
    let route = if ctx.a() {
        periodic(
            ctx,
            "BK_TTG.c",
            "NĐ 91/2017 Đ38 k1",
            AwardCode::BkTinh,
            Rating::Htxs,
            5,
            &|from, to| {
                let sk = initiatives(ctx, InitiativeLevel::CoSo, from, to, true);
                let n = sk.usable.len();
                Extra {
                    unverified: sk.reuse_decided,
                    ok: n >= 5,
                    detail: format!(
                        "{n} sáng kiến cấp cơ sở áp dụng hiệu quả ({}){} — yêu cầu 5",
                        sk.ids(),
                        sk.used_note()
                    ),
                    missing: (n < 5).then(|| {
                        (
                            format!("cần thêm {} sáng kiến cấp cơ sở", 5 - n),
                            (5 - n) as u32,
                        )
                    }),
                }
            },
        )
    } else {
        periodic(
            ctx,
            "BK_TTG.b",
            "Luật 2022 Đ73 k1 b",
            AwardCode::BkTinh,
            Rating::Htt,
            5,
            &|from, to| cstdcs_in(ctx, from, to, 3),
        )
    };
    let a = basis(
        ctx,
        FactKey::MovementAchievement,
        "BK_TTG.a",
        ctx.cite(
            "NĐ 91/2017 Đ38 k1",
            "Luật 2022 Đ73 k1 a",
            "Luật 2022 Đ73 k1 a",
        ),
    );
    let c = basis(
        ctx,
        FactKey::ExtraordinaryAchievement,
        "BK_TTG.c_extra",
        ctx.cite(
            "NĐ 91/2017 Đ38 k1",
            "Luật 2022 Đ73 k1 c",
            "Luật 2022 Đ73 k1 c",
        ),
    );
    let (a, c) = if ctx.a() {
        (a.unverified(), c.unverified())
    } else {
        (a, c)
    };
    out.any_of(
        "BK_TTG.k1",
        "Đạt một trong các tiêu chuẩn: thành tích xuất sắc tiêu biểu trong phong trào thi đua; quá trình Bằng khen tỉnh + 5 năm liên tục; thành tích đột xuất",
        ctx.cite("NĐ 91/2017 Đ38 k1", "Luật 2022 Đ73 k1", "Luật 2022 Đ73 k1"),
        vec![route, a, c],
    );
}

pub fn collective(ctx: &Ctx, out: &mut Conditions) {
    if let Some(c) = postponement(ctx) {
        out.push(c);
    }
    out.push(presumed(
        ctx,
        FactKey::Solidarity,
        "BK_TTG.solidarity",
        ctx.cite("NĐ 91/2017 Đ38 k2", "Luật 2022 Đ73 k2", "Luật 2022 Đ73 k2"),
    ));
    let min = if ctx.a() { Rating::Htxs } else { Rating::Htt };
    let only = ctx.p.only_cong_trang_prerequisites;
    let route = periodic(
        ctx,
        "BK_TTG.k2.periodic",
        ctx.cite("NĐ 91/2017 Đ38 k2", "Luật 2022 Đ73 k2", "Luật 2022 Đ73 k2"),
        AwardCode::BkTinh,
        min,
        5,
        &|from, to| {
            let years: Vec<i32> = (from..=to)
                .filter(|y| {
                    ctx.h.has_award(AwardCode::Ttldxs, *y, only)
                        || ctx.h.has_award(AwardCode::CoTinh, *y, only)
                })
                .collect();
            Extra {
                unverified: false,
                ok: !years.is_empty(),
                detail: format!(
                    "TTLĐXS hoặc Cờ thi đua tỉnh trong thời gian đó: {}",
                    years_text(&years)
                ),
                missing: years
                    .is_empty()
                    .then(|| ("cần 1 lần TTLĐXS hoặc Cờ thi đua tỉnh".to_string(), 1)),
            }
        },
    )
    .unverified();
    let a = basis(
        ctx,
        FactKey::MovementAchievement,
        "BK_TTG.k2.a",
        "Luật 2022 Đ73 k2",
    )
    .unverified();
    let c = basis(
        ctx,
        FactKey::ExtraordinaryAchievement,
        "BK_TTG.k2.c",
        "Luật 2022 Đ73 k2",
    )
    .unverified();
    out.any_of(
        "BK_TTG.k2",
        "Đạt một trong các tiêu chuẩn đối với tập thể",
        "Luật 2022 Đ73 k2",
        vec![route, a, c],
    );
}
