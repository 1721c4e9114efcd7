//! "Chiến sĩ thi đua toàn quốc" (individual) — docs/rules/cstd_tq.md.
//! A: NĐ 91/2017 Đ9 k1 + Đ48 k1 a (proposal in the year right after the 2nd CSTĐ tỉnh);
//! B, C: Luật 2022 Đ21 + NĐ 98/2023 Đ32 (dossier by 31/12 of the adjacent year).

use crate::codes::{AwardCode, InitiativeLevel};
use crate::rules::common::*;
use crate::rules::history::year_end;
use crate::rules::regime::Regime;
use crate::rules::verdict::{Condition, Conditions};
use chrono::Datelike;

pub fn conditions(ctx: &Ctx, out: &mut Conditions) {
    let y = ctx.year;
    let period = ctx.p.cstd_tinh_period_years;
    if let Some(c) = postponement(ctx) {
        out.push(c);
    }
    let only = ctx.p.only_cong_trang_prerequisites;
    let tinh = ctx.h.award_years(AwardCode::CstdTinh, only);
    let second = tinh.iter().copied().filter(|t| *t <= y).max();
    let pair_from = |floor: i32| {
        second.and_then(|t2| {
            let t1 = t2 - period;
            (tinh.contains(&t1) && t1 - period + 1 >= floor).then_some((t1, t2))
        })
    };
    let pair = pair_from(floor_year(ctx, Some(AwardCode::CstdTq)));
    let a = under_floor(ctx, Some(AwardCode::CstdTq), |floor| {
        let mut c = Condition::new(
            "CSTD_TQ.a",
            Some(pair_from(floor.year).is_some()),
            ctx.text(|| {
                format!(
                    "Hai lần liên tục CSTĐ cấp tỉnh (cách nhau {period} năm); các năm CSTĐ tỉnh: {}",
                    years_text(&tinh)
                )
            }),
            ctx.cite(
                "NĐ 91/2017 Đ9 k1 a",
                "Luật 2022 Đ21 k1 a",
                "Luật 2022 Đ21 k1 a",
            ),
        )
        .missing(
            "cần 2 lần liên tục CSTĐ cấp tỉnh",
            if second.is_some() { 1 } else { 2 },
        );
        if floor.year > i32::MIN
            && ctx.explain
            && pair_from(i32::MIN).is_some()
            && pair_from(floor.year).is_none()
        {
            c.detail.push_str(&format!("; {}", floor.why));
        }
        c
    });
    out.push(ctx.mark_prereq(a, AwardCode::CstdTinh));
    if let Some((t1, t2)) = pair {
        // Year of the decision conferring the 2nd CSTĐ tỉnh.
        let decided = ctx
            .h
            .awards
            .iter()
            .filter(|a| a.award == AwardCode::CstdTinh && a.year == t2)
            .filter_map(|a| a.decided_on)
            .max()
            .map_or(t2, |d| d.year());
        let (ok, rule_text, citation) = match ctx.regime() {
            Regime::Nd91_2017 => (
                ctx.on.year() == decided + 1,
                format!(
                    "đề nghị trong năm liền kề năm quyết định CSTĐ tỉnh lần 2 ({decided}) tức năm {}",
                    decided + 1
                ),
                "NĐ 91/2017 Đ48 k1 a",
            ),
            r => (
                ctx.on.year() > decided - 1 && ctx.on <= year_end(decided + 1),
                format!(
                    "hồ sơ gửi chậm nhất 31/12/{} (năm liền kề năm quyết định CSTĐ tỉnh lần 2)",
                    decided + 1
                ),
                if r == Regime::Nd98_2023 {
                    "NĐ 98/2023 Đ32 k1"
                } else {
                    "NĐ 98/2023 Đ32 k1 (áp dụng cho NĐ 152/2025)"
                },
            ),
        };
        let c = Condition::new(
            "CSTD_TQ.timing",
            Some(ok),
            format!(
                "CSTĐ tỉnh {t1} và {t2}; ngày đề nghị {}: {rule_text}",
                ctx.on.format("%d/%m/%Y")
            ),
            citation,
        )
        .missing(
            "đã quá thời điểm đề nghị; cần 2 lần CSTĐ tỉnh liên tục mới",
            6,
        );
        out.push(if ctx.regime() == Regime::Nd152_2025 {
            c.unverified()
        } else {
            c
        });
        let from = t1 - period + 1;
        let sk = initiatives(ctx, InitiativeLevel::ToanQuoc, from, y, true);
        out.push(sk.mark(
            Condition::new(
                "CSTD_TQ.b",
                Some(!sk.usable.is_empty()),
                format!(
                    "Sáng kiến / đề tài có phạm vi ảnh hưởng toàn quốc, đã xác nhận hiệu quả ({from}–{y}): {}{}",
                    sk.ids(),
                    sk.used_note()
                ),
                ctx.cite("NĐ 91/2017 Đ9 k1 b", "Luật 2022 Đ21 k1 b", "Luật 2022 Đ21 k1 b"),
            )
            .missing("cần 1 sáng kiến có phạm vi toàn quốc", 1),
        ));
    }
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
