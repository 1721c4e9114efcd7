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
    /// The check rests on an open reading (e.g. initiatives' reuse).
    pub unverified: bool,
}

/// Holds `prereq` (công trạng) in some year b, and every year of the run after it to the
/// evaluation year rated at least `min_rating` with none missing (a break resets), at
/// least `min_years` of them, the window starting after any discipline period / previous
/// award of the same kind, and `extra(first, year)` holds. The earliest qualifying b is
/// taken (widest window). Whether year b itself belongs to the run is an open reading
/// (`periodic_counts_prereq_year`): the condition is flagged when it decides.
#[allow(clippy::too_many_arguments)]
pub fn periodic(
    ctx: &Ctx,
    rule: &'static str,
    citation: &'static str,
    prereq: AwardCode,
    min_rating: Rating,
    min_years: i32,
    extra: &dyn Fn(i32, i32) -> Extra,
) -> Condition {
    let reading = ctx.p.periodic_counts_prereq_year;
    let at = |counts_b: bool| {
        under_floor(ctx, Some(ctx.award), |floor| {
            periodic_at(
                ctx, rule, citation, prereq, min_rating, min_years, extra, floor, counts_b,
            )
        })
    };
    let c = at(reading);
    // The other reading only flags the condition: not needed for a bare outcome.
    let decides = ctx.explain && at(!reading).met != c.met;
    let c = if decides {
        let mut c = c.unverified();
        if ctx.explain {
            c.detail.push_str(if reading {
                "; kết quả phụ thuộc việc tính cả năm được tặng vào chuỗi năm (cách hiểu chưa kiểm chứng)"
            } else {
                "; kết quả phụ thuộc việc không tính năm được tặng vào chuỗi năm (cách hiểu chưa kiểm chứng)"
            });
        }
        c
    } else {
        c
    };
    ctx.mark_prereq(c, prereq)
}

#[allow(clippy::too_many_arguments)]
fn periodic_at(
    ctx: &Ctx,
    rule: &'static str,
    citation: &'static str,
    prereq: AwardCode,
    min_rating: Rating,
    min_years: i32,
    extra: &dyn Fn(i32, i32) -> Extra,
    floor: &Floor,
    counts_b: bool,
) -> Condition {
    let y = ctx.year;
    let run = run_back(y, floor.year, |yy| {
        ctx.h.rating(yy).is_some_and(|r| r.at_least(min_rating))
    });
    // First year of the run (y + 1 when the evaluation year itself does not qualify).
    let start = y - run + 1;
    let first_of = |b: i32| if counts_b { b } else { b + 1 };
    let prereqs: Vec<i32> = ctx
        .h
        .award_years(prereq, ctx.p.only_cong_trang_prerequisites)
        .into_iter()
        .filter(|b| *b < y)
        .collect();
    let candidates: Vec<i32> = prereqs
        .iter()
        .copied()
        .filter(|b| first_of(*b) >= start && y - first_of(*b) + 1 >= min_years)
        .collect();
    let head = |b: i32| {
        format!(
            "{} năm {b}; {} năm liên tục {}–{y} xếp loại {} trở lên",
            prereq.short_label(),
            y - first_of(b) + 1,
            first_of(b),
            min_rating.code(),
        )
    };
    let mut first_fail: Option<(i32, Extra)> = None;
    for b in &candidates {
        let e = extra(first_of(*b), y);
        if e.ok {
            let c = Condition::new(
                rule,
                Some(true),
                ctx.text(|| format!("{}; {}", head(*b), e.detail)),
                citation,
            );
            return if e.unverified { c.unverified() } else { c };
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
        return if e.unverified { c.unverified() } else { c };
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
    if first_of(b) < start {
        // The year just before the run broke it: a floor (discipline, previous award)
        // or a rating below the minimum or missing.
        let broke = start - 1;
        let why = ctx.text(|| {
            if broke < floor.year {
                floor.why.clone()
            } else {
                match ctx.h.rating(broke) {
                    Some(r) => format!("năm {broke} xếp loại {}", r.code()),
                    None => format!("năm {broke} chưa có xếp loại"),
                }
            }
        });
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
    let have = y - first_of(b) + 1;
    let need = min_years - have;
    Condition::new(
        rule,
        Some(false),
        ctx.text(|| {
            format!(
                "{} năm {b}: chỉ {have} năm liên tục {}–{y} (yêu cầu từ {min_years} năm)",
                prereq.short_label(),
                first_of(b),
            )
        }),
        citation,
    )
    .missing(
        ctx.text(|| {
            format!(
                "cần thêm {need} năm xếp loại {} trở lên (đến năm {})",
                min_rating.code(),
                y + need
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
        unverified: false,
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
        unverified: false,
    }
}
