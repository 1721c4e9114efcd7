//! Cờ thi đua của UBND tỉnh — docs/rules/co_tinh.md.
//! B/C: Luật 2022 Đ26 k1 as implemented by Bắc Ninh QĐ 86/2025 Đ3 k1 (leading its bloc,
//! targets exceeded, Party organisation HTXS, solidarity; vote ≥ 80 %).
//! A: NĐ 91/2017 Đ12 + TT 08/2017/TT-BNV Đ8 (leading its bloc by comparison).

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
    out.push(basis(
        ctx,
        FactKey::ExceededTargets,
        "CO_TINH.targets",
        cite,
    ));
    out.push(basis(
        ctx,
        FactKey::PartyOrgRatingHtxs,
        "CO_TINH.party_org",
        cite,
    ));
    out.push(presumed(
        ctx,
        FactKey::Solidarity,
        "CO_TINH.solidarity",
        cite,
    ));
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
