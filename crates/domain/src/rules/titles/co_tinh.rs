//! Cờ thi đua của UBND tỉnh — docs/rules/co_tinh.md.
//! A: NĐ 91/2017 Đ12 + TT 08/2017/TT-BNV Đ8: leading its bloc by comparison, nothing else.
//! B/C: Luật 2022 Đ26 k1: leading its bloc, solidarity; vote ≥ 80 % (NĐ 98/2023 Đ30 k7).
//! A province's own criteria (targets exceeded, Party organisation HTXS…) are not
//! national: they come from its override file (`[[criteria]]`, docs/rules-overrides.md).

use crate::codes::FactKey;
use crate::rules::Collective;
use crate::rules::common::*;
use crate::rules::regime::Regime;
use crate::rules::verdict::{Condition, Conditions};

pub fn conditions(ctx: &Ctx, col: &Collective, out: &mut Conditions) {
    let y = ctx.year;
    if let Some(c) = postponement(ctx) {
        out.push(c);
    }
    let cite = ctx.cite(
        "NĐ 91/2017 Đ12; TT 08/2017/TT-BNV Đ8",
        "Luật 2022 Đ26 k1",
        "Luật 2022 Đ26 k1",
    );
    let standings: Vec<_> = col.blocs.iter().filter(|b| b.year == y).collect();
    let c = if standings.is_empty() {
        Condition::new(
            "CO_TINH.bloc_leader",
            None,
            format!("Chưa có kết quả xếp hạng khối thi đua năm {y}"),
            cite,
        )
        .missing("cần kết quả xếp hạng của cụm, khối thi đua", 1)
    } else {
        let leader = standings.iter().any(|b| b.rank == Some(1));
        let text: Vec<String> = standings
            .iter()
            .map(|b| match b.rank {
                Some(r) => format!("{}: xếp thứ {r}/{}", b.bloc, b.size),
                None => format!("{}: không có trong bảng xếp hạng", b.bloc),
            })
            .collect();
        Condition::new(
            "CO_TINH.bloc_leader",
            Some(leader),
            format!("Dẫn đầu khối thi đua năm {y} — {}", text.join("; ")),
            cite,
        )
        .missing("cần dẫn đầu cụm, khối thi đua", 1)
    };
    out.push(c);
    if !ctx.a() {
        // The Law's text was read through a provincial regulation [U].
        out.push(presumed(ctx, FactKey::Solidarity, "CO_TINH.solidarity", cite).unverified());
    }
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
