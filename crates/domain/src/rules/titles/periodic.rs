//! The "prerequisite award, then N consecutive years to the time of proposal" pattern
//! shared by Bằng khen Thủ tướng and Huân chương Lao động hạng Ba.

use crate::codes::{AwardCode, Rating};
use crate::rules::common::*;
use crate::rules::verdict::Condition;

/// Outcome of the extra check over a window of years (from..=to).
pub struct Extra {
    pub ok: bool,
    pub detail: String,
    pub missing: Option<(String, u32)>,
}

/// Holds `prereq` (công trạng) in some year b, and every year b+1..=year rated at least
/// `min_rating` with none missing (a break resets), at least `min_years` of them, the
/// window starting after any discipline period / previous award of the same kind, and
/// `extra(b+1, year)` holds. The earliest qualifying b is taken (widest window).
pub fn periodic(
    ctx: &Ctx,
    rule: &'static str,
    citation: &'static str,
    prereq: AwardCode,
    min_rating: Rating,
    min_years: i32,
    extra: &dyn Fn(i32, i32) -> Extra,
) -> Condition {
    let y = ctx.year;
    let floor = window_floor(ctx, Some(ctx.award));
    let run = run_back(y, floor, |yy| {
        ctx.h.rating(yy).is_some_and(|r| r.at_least(min_rating))
    });
    let start = y - run + 1;
    let prereqs: Vec<i32> = ctx
        .h
        .award_years(prereq, ctx.p.only_cong_trang_prerequisites)
        .into_iter()
        .filter(|b| *b < y)
        .collect();
    let candidates: Vec<i32> = prereqs
        .iter()
        .copied()
        .filter(|b| b + 1 >= start && b + 1 >= floor && y - b >= min_years)
        .collect();
    let head = |b: i32| {
        format!(
            "{} năm {b}; {} năm liên tục {b_1}–{y} xếp loại {} trở lên",
            prereq.short_label(),
            y - b,
            min_rating.code(),
            b_1 = b + 1
        )
    };
    let mut first_fail: Option<(i32, Extra)> = None;
    for b in &candidates {
        let e = extra(b + 1, y);
        if e.ok {
            return Condition::new(
                rule,
                Some(true),
                ctx.text(|| format!("{}; {}", head(*b), e.detail)),
                citation,
            );
        }
        if first_fail.is_none() {
            first_fail = Some((*b, e));
        }
    }
    if let Some((b, e)) = first_fail {
        let mut c = Condition::new(
            rule,
            Some(false),
            ctx.text(|| format!("{}; {}", head(b), e.detail)),
            citation,
        );
        if let Some((m, n)) = e.missing {
            c = c.missing(m, n);
        }
        return c;
    }
    let kind = if ctx.p.only_cong_trang_prerequisites {
        " (loại công trạng)"
    } else {
        ""
    };
    let Some(b) = prereqs.iter().copied().max() else {
        return Condition::new(
            rule,
            Some(false),
            ctx.text(|| format!("Chưa được tặng {}{kind}", prereq.short_label())),
            citation,
        )
        .missing(
            ctx.text(|| format!("cần được tặng {} trước", prereq.short_label())),
            min_years as u32 + 1,
        );
    };
    if b + 1 < start.max(floor) {
        let gap = start.max(floor) - 1;
        let why = if gap >= start {
            ctx.text(|| format!("năm {gap} xếp loại {}", rating_text(ctx.h.rating(gap))))
        } else {
            ctx.text(|| format!("thành tích chỉ tính từ năm {floor} (kỷ luật hoặc lần khen trước)"))
        };
        let need = min_years - run.max(0);
        return Condition::new(
            rule,
            Some(false),
            ctx.text(|| {
                format!(
                    "{} năm {b}, nhưng chuỗi năm liên tục xếp loại {} trở lên bị gián đoạn: {why}",
                    prereq.short_label(),
                    min_rating.code()
                )
            }),
            citation,
        )
        .missing(
            ctx.text(|| {
                format!(
                    "chuỗi năm bị gián đoạn; cần thêm {} năm {} trở lên liên tục và {} mới",
                    need.max(1),
                    min_rating.code(),
                    prereq.short_label()
                )
            }),
            (need.max(1) + 1) as u32,
        );
    }
    let need = min_years - (y - b);
    Condition::new(
        rule,
        Some(false),
        ctx.text(|| {
            format!(
                "{} năm {b}: chỉ {} năm liên tục {}–{y} (yêu cầu từ {min_years} năm)",
                prereq.short_label(),
                y - b,
                b + 1
            )
        }),
        citation,
    )
    .missing(
        ctx.text(|| {
            format!(
                "cần thêm {need} năm xếp loại {} trở lên (đến năm {})",
                min_rating.code(),
                b + min_years
            )
        }),
        need as u32,
    )
}

/// Count of CSTĐCS (công trạng) in a window, at least `need`.
pub fn cstdcs_in(ctx: &Ctx, from: i32, to: i32, need: usize) -> Extra {
    let years: Vec<i32> = ctx
        .h
        .award_years(AwardCode::Cstdcs, ctx.p.only_cong_trang_prerequisites)
        .into_iter()
        .filter(|v| *v >= from && *v <= to)
        .collect();
    let n = years.len();
    Extra {
        ok: n >= need,
        detail: ctx.text(|| {
            format!(
                "{n} lần CSTĐCS trong thời gian đó ({}; yêu cầu {need})",
                years_text(&years)
            )
        }),
        missing: (n < need).then(|| {
            (
                ctx.text(|| format!("cần thêm {} lần CSTĐCS", need - n)),
                (need - n) as u32,
            )
        }),
    }
}

/// Rating HTXS in at least `need` years of the window.
pub fn htxs_in(ctx: &Ctx, from: i32, to: i32, need: usize) -> Extra {
    let years: Vec<i32> = (from..=to)
        .filter(|v| ctx.h.rating(*v) == Some(Rating::Htxs))
        .collect();
    let n = years.len();
    Extra {
        ok: n >= need,
        detail: ctx.text(|| format!("{n} năm HTXS ({})", years_text(&years))),
        missing: (n < need).then(|| {
            (
                ctx.text(|| format!("năm {} cần xếp loại HTXS", to + 1)),
                (need - n) as u32,
            )
        }),
    }
}
