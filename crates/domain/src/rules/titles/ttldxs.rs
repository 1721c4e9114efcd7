//! "Tập thể lao động xuất sắc" — docs/rules/ttldxs.md.
//! B/C: Luật 2022 Đ27 k1 (HTXS; 100 % members HT or better with ≥ 70 % LĐTT; a CSTĐCS;
//! solidarity). A: Luật TĐKT 2003 Đ27 adds: no member disciplined cảnh cáo or above.

use super::collective_common::{headcount, member_has, no_member_discipline, share};
use crate::codes::{AwardCode, FactKey, Rating};
use crate::rules::Collective;
use crate::rules::common::*;
use crate::rules::verdict::{Condition, Conditions};

pub fn conditions(ctx: &Ctx, col: &Collective, out: &mut Conditions) {
    let y = ctx.year;
    if let Some(c) = postponement(ctx) {
        out.push(c);
    }
    let cite =
        |b: &'static str| -> &'static str { if ctx.a() { "Luật TĐKT 2003 Đ27" } else { b } };
    out.push(rating_at_least(
        ctx,
        Rating::Htxs,
        "TTLDXS.rating",
        cite("Luật 2022 Đ27 k1 a"),
    ));
    out.push(presumed(
        ctx,
        FactKey::Spirit,
        "TTLDXS.movement",
        cite("Luật 2022 Đ27 k1 b"),
    ));
    let hc = headcount(ctx, col);
    let mut below = Vec::new();
    let mut missing = Vec::new();
    for m in &hc.counted {
        match m.rating(y) {
            Some(r) if r.at_least(Rating::Ht) => {}
            Some(r) => below.push(format!("{} ({})", m.id, r.code())),
            None => missing.push(m.id.clone()),
        }
    }
    let met = if !below.is_empty() {
        Some(false)
    } else if !missing.is_empty() {
        None
    } else {
        Some(!hc.counted.is_empty())
    };
    let mut detail = format!(
        "{} cá nhân; yêu cầu 100 % hoàn thành nhiệm vụ trở lên",
        hc.counted.len()
    );
    if !below.is_empty() {
        detail.push_str(&format!("; không hoàn thành: {}", below.join(", ")));
    }
    if !missing.is_empty() {
        detail.push_str(&format!("; chưa có xếp loại: {}", missing.join(", ")));
    }
    if ctx.explain {
        detail.push_str(&format!(" — {}", hc.describe()));
    }
    out.push(
        Condition::new("TTLDXS.all_ht", met, detail, cite("Luật 2022 Đ27 k1 c")).missing(
            "mọi cá nhân cần hoàn thành nhiệm vụ trở lên",
            below.len() as u32,
        ),
    );
    out.push(share(
        ctx,
        col,
        AwardCode::Ldtt,
        ctx.p.ttldxs_min_ldtt_share,
        false,
        "TTLDXS.ldtt_share",
        cite("Luật 2022 Đ27 k1 c"),
    ));
    let mut yes = Vec::new();
    let mut unknown = 0;
    for m in &hc.counted {
        match member_has(ctx, m, AwardCode::Cstdcs) {
            Some(true) => yes.push(m.id.clone()),
            None => unknown += 1,
            Some(false) => {}
        }
    }
    let met = if !yes.is_empty() {
        Some(true)
    } else if unknown > 0 {
        None
    } else {
        Some(false)
    };
    out.push(
        Condition::new(
            "TTLDXS.cstdcs",
            met,
            format!(
                "Cá nhân đạt CSTĐCS năm {y}: {}",
                if yes.is_empty() {
                    "không có".to_string()
                } else {
                    yes.join(", ")
                }
            ),
            cite("Luật 2022 Đ27 k1 d"),
        )
        .missing("cần 1 cá nhân đạt CSTĐCS", 1),
    );
    if ctx.p.ttldxs_no_discipline {
        out.push(no_member_discipline(
            ctx,
            col,
            "TTLDXS.discipline",
            cite("Luật 2022 Đ27 k1"),
        ));
    }
    out.push(presumed(
        ctx,
        FactKey::Solidarity,
        "TTLDXS.solidarity",
        cite("Luật 2022 Đ27 k1 đ"),
    ));
    out.push(presumed(
        ctx,
        FactKey::ExemplaryConduct,
        "TTLDXS.conduct",
        cite("Luật 2022 Đ27 k1 đ"),
    ));
}
