//! Bằng khen của Chủ tịch UBND tỉnh — docs/rules/bk_tinh.md.
//! Individual, B/C: Luật 2022 Đ74 k1 (one of a, b, d; d = 2 consecutive CSTĐCS or ≥ 2
//! consecutive years HTXS, with 2 initiatives or 2 research projects at base level in that
//! time). A: NĐ 91/2017 Đ39 (≥ 2 consecutive years HTXS + 2 initiatives; no CSTĐCS route).
//! Collective: Luật 2022 Đ74 k2 (… or 2 consecutive years HTXS / TTLĐXS).

use crate::codes::{AwardCode, FactKey, InitiativeCategory, InitiativeLevel, Rating};
use crate::rules::common::*;
use crate::rules::verdict::{Condition, Conditions};

pub fn individual(ctx: &Ctx, out: &mut Conditions) {
    let y = ctx.year;
    if let Some(c) = postponement(ctx) {
        out.push(c);
    }
    out.push(presumed(
        ctx,
        FactKey::ExemplaryConduct,
        "BK_TINH.conduct",
        ctx.cite("NĐ 91/2017 Đ39", "Luật 2022 Đ74 k1", "Luật 2022 Đ74 k1"),
    ));
    let cstdcs = ctx
        .h
        .award_years(AwardCode::Cstdcs, ctx.p.only_cong_trang_prerequisites);
    let d = under_floor(ctx, Some(AwardCode::BkTinh), |floor| {
        let htxs_run = run_back(y, floor.year, |yy| ctx.h.rating(yy) == Some(Rating::Htxs));
        let cstdcs_run = if ctx.p.bk_tinh_cstdcs_route {
            run_back(y, floor.year, |yy| cstdcs.contains(&yy))
        } else {
            0
        };
        // The window "trong thời gian đó" is the run that qualifies; the longer one when both do.
        let window = [
            (htxs_run, "năm liên tục HTXS"),
            (cstdcs_run, "lần liên tục CSTĐCS"),
        ]
        .into_iter()
        .filter(|(n, _)| *n >= 2)
        .max_by_key(|(n, _)| *n);
        let runs_text = if ctx.p.bk_tinh_cstdcs_route {
            format!("{htxs_run} năm liên tục HTXS, {cstdcs_run} lần liên tục CSTĐCS đến năm {y}")
        } else {
            format!("{htxs_run} năm liên tục HTXS đến năm {y}")
        };
        let citation_d = ctx.cite("NĐ 91/2017 Đ39", "Luật 2022 Đ74 k1 d", "Luật 2022 Đ74 k1 d");
        match window {
            None => {
                let best = htxs_run.max(cstdcs_run);
                let mut text = format!("{runs_text} (yêu cầu 2)");
                if y - best < floor.year && !floor.why.is_empty() {
                    text.push_str(&format!("; {}", floor.why));
                }
                Condition::new("BK_TINH.d", Some(false), text, citation_d).missing(
                    format!("năm {} cần xếp loại HTXS", y + 1),
                    (2 - best).max(1) as u32 + 2,
                )
            }
            Some((n, what)) => {
                let from = y - n + 1;
                let sk = initiatives(ctx, InitiativeLevel::CoSo, from, y, true);
                let ns = sk.count(Some(InitiativeCategory::SangKien));
                let nd = sk.count(Some(InitiativeCategory::DeTai));
                let ok =
                    ns >= 2 || nd >= 2 || (ctx.p.bk_tinh_allow_mixed_sk_research && ns + nd >= 2);
                let short = 2usize.saturating_sub(ns.max(nd));
                let c = Condition::new(
                    "BK_TINH.d",
                    Some(ok),
                    format!(
                        "{n} {what} ({from}–{y}); trong thời gian đó {ns} sáng kiến, {nd} đề tài cấp cơ sở áp dụng hiệu quả ({}){} — yêu cầu 2",
                        sk.ids(),
                        sk.used_note()
                    ),
                    citation_d,
                )
                .missing(format!("cần thêm {short} sáng kiến cấp cơ sở"), short as u32);
                let c = sk.mark(c);
                if ctx.p.bk_tinh_allow_mixed_sk_research {
                    c.unverified()
                } else {
                    c
                }
            }
        }
    });
    let d = if ctx.p.bk_tinh_cstdcs_route {
        ctx.mark_prereq(d, AwardCode::Cstdcs)
    } else {
        d
    };
    let d = if ctx.a() { d.unverified() } else { d };
    let a = basis(
        ctx,
        FactKey::MovementAchievement,
        "BK_TINH.a",
        ctx.cite("NĐ 91/2017 Đ39", "Luật 2022 Đ74 k1 a", "Luật 2022 Đ74 k1 a"),
    );
    let b = basis(
        ctx,
        FactKey::ExtraordinaryAchievement,
        "BK_TINH.b",
        ctx.cite("NĐ 91/2017 Đ39", "Luật 2022 Đ74 k1 b", "Luật 2022 Đ74 k1 b"),
    );
    let (a, b) = if ctx.a() {
        (a.unverified(), b.unverified())
    } else {
        (a, b)
    };
    out.any_of(
        "BK_TINH.k1",
        "Đạt một trong các tiêu chuẩn: thành tích trong phong trào thi đua; thành tích đột xuất; CSTĐCS / HTXS liên tục kèm 2 sáng kiến",
        ctx.cite("NĐ 91/2017 Đ39", "Luật 2022 Đ74 k1", "Luật 2022 Đ74 k1"),
        vec![d, a, b],
    );
}

pub fn collective(ctx: &Ctx, out: &mut Conditions) {
    let y = ctx.year;
    if let Some(c) = postponement(ctx) {
        out.push(c);
    }
    let cite = ctx.cite("NĐ 91/2017 Đ39 k2", "Luật 2022 Đ74 k2", "Luật 2022 Đ74 k2");
    out.push(presumed(
        ctx,
        FactKey::Solidarity,
        "BK_TINH.k2.solidarity",
        cite,
    ));
    let only = ctx.p.only_cong_trang_prerequisites;
    let periodic = under_floor(ctx, Some(AwardCode::BkTinh), |floor| {
        let run = run_back(y, floor.year, |yy| {
            ctx.h.rating(yy) == Some(Rating::Htxs) || ctx.h.has_award(AwardCode::Ttldxs, yy, only)
        });
        let mut text = format!("{run} năm liên tục HTXS hoặc TTLĐXS đến năm {y} (yêu cầu 2)");
        if run < 2 && y - run < floor.year && !floor.why.is_empty() {
            text.push_str(&format!("; {}", floor.why));
        }
        Condition::new("BK_TINH.k2.periodic", Some(run >= 2), text, cite).missing(
            format!("năm {} cần HTXS hoặc TTLĐXS", y + 1),
            (2 - run.min(2)) as u32,
        )
    });
    let periodic = ctx.mark_prereq(periodic, AwardCode::Ttldxs);
    let a = basis(ctx, FactKey::MovementAchievement, "BK_TINH.k2.a", cite);
    let b = basis(ctx, FactKey::ExtraordinaryAchievement, "BK_TINH.k2.b", cite);
    let list = vec![a, b, periodic];
    let list = if ctx.a() {
        list.into_iter().map(|c| c.unverified()).collect()
    } else {
        list
    };
    out.any_of(
        "BK_TINH.k2",
        "Đạt một trong các tiêu chuẩn đối với tập thể",
        cite,
        list,
    );
}
