//! Chiến sĩ thi đua cấp tỉnh (individual) — docs/rules/cstd_tinh.md.
//! A: Luật TĐKT 2003 Đ22 + NĐ 91/2017 Đ9 k2; B, C: Luật 2022 Đ22.
//! Three consecutive CSTĐCS ending in the evaluation year + an initiative / research of
//! provincial scope with confirmed effect + council vote ≥ 90 % of all members.

use crate::codes::{AwardCode, InitiativeLevel};
use crate::rules::common::*;
use crate::rules::regime::Regime;
use crate::rules::verdict::{Condition, Conditions};

pub fn conditions(ctx: &Ctx, out: &mut Conditions) {
    let y = ctx.year;
    let period = ctx.p.cstd_tinh_period_years;
    if let Some(c) = postponement(ctx) {
        out.push(c);
    }
    let cstdcs = ctx
        .h
        .award_years(AwardCode::Cstdcs, ctx.p.only_cong_trang_prerequisites);
    let shown: Vec<i32> = cstdcs.iter().copied().filter(|v| *v <= y).collect();
    let a = under_floor(ctx, Some(AwardCode::CstdTinh), |floor| {
        let run = run_back(y, floor.year, |yy| cstdcs.contains(&yy));
        let mut c = Condition::new(
            "CSTD_TINH.a",
            Some(run >= period),
            ctx.text(|| {
                format!(
                    "CSTĐCS liên tục đến năm {y}: {run} lần (yêu cầu {period}); các năm CSTĐCS: {}",
                    years_text(&shown)
                )
            }),
            ctx.cite(
                "Luật TĐKT 2003 Đ22; NĐ 91/2017 Đ9 k2",
                "Luật 2022 Đ22 k1 a",
                "Luật 2022 Đ22 k1 a",
            ),
        )
        .missing(
            ctx.text(|| {
                format!(
                    "cần thêm {} năm CSTĐCS liên tục (năm {} trở đi)",
                    period - run.min(period),
                    y + 1
                )
            }),
            (period - run.min(period)) as u32,
        );
        let broke = y - run;
        if run < period && broke < floor.year && ctx.explain {
            c.detail
                .push_str(&format!("; chuỗi dừng ở năm {}: {}", broke + 1, floor.why));
        }
        c
    });
    out.push(ctx.mark_prereq(a, AwardCode::Cstdcs));
    // Which years' initiatives may serve is an open reading (parameter
    // `sk_validity_years_for_cstd_tinh`): always flagged.
    let years = ctx.p.sk_validity_years_for_cstd_tinh as i32;
    let from = y - years + 1;
    let sk = initiatives(ctx, InitiativeLevel::Tinh, from, y, true);
    out.push(sk.mark(
        Condition::new(
            "CSTD_TINH.b",
            Some(!sk.usable.is_empty()),
            ctx.text(|| {
                format!(
                    "Sáng kiến / đề tài có phạm vi ảnh hưởng cấp tỉnh, đã xác nhận hiệu quả ({from}–{y}, {years} năm tính đến năm xét): {}{}",
                    sk.ids(),
                    sk.used_note()
                )
            }),
            ctx.cite("NĐ 91/2017 Đ9 k2", "Luật 2022 Đ22 k1 b, k2", "Luật 2022 Đ22 k1 b, k2"),
        )
        .missing("cần 1 sáng kiến cấp tỉnh được công nhận hiệu quả", 1)
        .unverified(),
    ));
    if let Some(c) = vote(
        ctx,
        ctx.cite(
            "NĐ 91/2017 Đ45 k8",
            "NĐ 98/2023 Đ30 k7",
            "NĐ 98/2023 Đ30 k7 (áp dụng cho NĐ 152/2025)",
        ),
        ctx.regime() == Regime::Nd152_2025,
    ) {
        out.push(c);
    }
}
