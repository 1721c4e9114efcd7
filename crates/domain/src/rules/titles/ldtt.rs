//! "Lao động tiên tiến" (individual, annual) — docs/rules/ldtt.md.
//! A: Luật TĐKT 2003 Đ24 (sửa đổi bởi Luật 39/2013) + NĐ 91/2017 Đ10;
//! B: Luật 2022 Đ24 k1 + TT 01/2024/TT-BNV Đ1 k5; C: Luật 2022 Đ24 k1 + NĐ 152/2025 Đ4.

use crate::codes::{FactKey, LeaveKind, Rating};
use crate::rules::common::*;
use crate::rules::history::{whole_months, year_end, year_start};
use crate::rules::regime::Regime;
use crate::rules::verdict::{Condition, Conditions, Role};
use chrono::Datelike;

pub fn conditions(ctx: &Ctx, out: &mut Conditions) {
    let y = ctx.year;
    if let Some(c) = postponement(ctx) {
        out.push(c);
    }
    out.push(rating_at_least(
        ctx,
        Rating::Htt,
        "LDTT.rating",
        ctx.cite(
            "Luật TĐKT 2003 Đ24 k1 a (sửa đổi 2013)",
            "Luật 2022 Đ24 k1 a",
            "Luật 2022 Đ24 k1 a",
        ),
    ));
    out.push(presumed(
        ctx,
        FactKey::Spirit,
        "LDTT.spirit",
        ctx.cite(
            "Luật TĐKT 2003 Đ24 k1 b (sửa đổi 2013)",
            "Luật 2022 Đ24 k1 b",
            "Luật 2022 Đ24 k1 b",
        ),
    ));
    if ctx.a() {
        out.push(presumed(
            ctx,
            FactKey::ExemplaryConduct,
            "LDTT.conduct",
            "Luật TĐKT 2003 Đ24 k1 b, d (sửa đổi 2013)",
        ));
    }
    out.push(new_hire(ctx));
    if let Some(min) = ctx.p.discipline_in_year_excludes_ldtt {
        let hit: Vec<String> = ctx
            .h
            .disciplines
            .iter()
            .filter(|d| d.decided_on.year() == y && d.form.severity() >= min.severity())
            .map(|d| format!("{} ({})", d.form.label(), d.decided_on.format("%d/%m/%Y")))
            .collect();
        out.push(
            Condition::new(
                "LDTT.discipline_in_year",
                Some(hit.is_empty()),
                if hit.is_empty() {
                    format!(
                        "Không bị kỷ luật từ {} trở lên trong năm {y}",
                        min.label().to_lowercase()
                    )
                } else {
                    format!("Bị kỷ luật trong năm {y}: {}", hit.join("; "))
                },
                "NĐ 91/2017 Đ10",
            )
            .missing("không xét được trong năm bị kỷ luật", 1),
        );
    }
    if let Some(from) = achievements_from(ctx) {
        let ok = y >= from;
        out.push(
            Condition::new(
                "discipline.period",
                Some(ok),
                if ok {
                    format!("Đã chấp hành xong kỷ luật; thành tích tính từ năm {from}")
                } else {
                    format!(
                        "Năm {y} chưa qua thời gian thi hành kỷ luật; thành tích tính từ năm {from}"
                    )
                },
                "NĐ 152/2025 Đ4 k4",
            )
            .missing(
                format!("thành tích chỉ được tính từ năm {from}"),
                (from - y).max(1) as u32,
            ),
        );
    }
    leaves(ctx, out);
    if let Some(c) = registration(ctx) {
        out.push(c);
    }
}

/// New hires: continuous work (any kind of contract at the agency) of at least
/// `new_hire_min_months` whole months at 31/12 of the evaluation year.
fn new_hire(ctx: &Ctx) -> Condition {
    let min = ctx.p.new_hire_min_months;
    let citation = ctx.cite(
        "NĐ 91/2017 Đ10",
        "TT 01/2024/TT-BNV Đ1 k5 d",
        "TT 01/2024/TT-BNV Đ1 k5 d (TT 15/2025/TT-BNV chưa kiểm chứng)",
    );
    let end = year_end(ctx.year);
    let h = ctx.h;
    let c = if h.employment.is_empty() {
        Condition::new(
            "LDTT.new_hire",
            None,
            "Chưa có thông tin quá trình công tác",
            citation,
        )
        .missing("cần nhập quá trình công tác", 1)
    } else {
        // Employed on 31/12, or else the last stretch that touched the year.
        let start_end = match h.continuous_employment_start(end) {
            Some(s) => Some((s, end)),
            None => h
                .employment
                .iter()
                .filter(|e| e.from <= end && e.to.is_none_or(|t| t >= year_start(ctx.year)))
                .filter_map(|e| e.to.map(|t| (t, e.from)))
                .max()
                .and_then(|(t, _)| h.continuous_employment_start(t).map(|s| (s, t))),
        };
        match start_end {
            None => Condition::new(
                "LDTT.new_hire",
                Some(false),
                format!("Không công tác tại cơ quan trong năm {}", ctx.year),
                citation,
            ),
            Some((s, e)) => {
                let m = whole_months(s, e);
                Condition::new(
                    "LDTT.new_hire",
                    Some(m >= min),
                    format!(
                        "Công tác liên tục từ {} đến {}: {m} tháng (yêu cầu từ {min} tháng; thời gian hợp đồng liền trước được tính)",
                        s.format("%d/%m/%Y"),
                        e.format("%d/%m/%Y")
                    ),
                    citation,
                )
                .missing(format!("cần đủ {min} tháng công tác (còn thiếu {})", min.saturating_sub(m)), min.saturating_sub(m))
            }
        }
    };
    if ctx.regime() == Regime::Nd152_2025 {
        c.unverified()
    } else {
        c
    }
}

/// Maternity leave counts as work; long training counts only with a good result (A).
fn leaves(ctx: &Ctx, out: &mut Conditions) {
    let y = ctx.year;
    let maternity: i64 = ctx
        .h
        .leaves
        .iter()
        .filter(|l| l.kind == LeaveKind::ThaiSan)
        .map(|l| days_in_year(l.from, l.to, y))
        .sum();
    if maternity > 0 {
        out.push(
            Condition::new(
                "LDTT.maternity",
                Some(true),
                format!("Nghỉ thai sản {maternity} ngày trong năm {y}: được tính để bình xét"),
                ctx.cite(
                    "NĐ 91/2017 Đ10 (nghỉ thai sản được tính)",
                    "TT 01/2024/TT-BNV Đ1 k5",
                    "NĐ 152/2025 Đ4 k5",
                ),
            )
            .role(Role::Note),
        );
    }
    let min_days = ctx.p.long_training_min_days as i64;
    for l in ctx.h.leaves.iter().filter(|l| l.kind == LeaveKind::DaoTao) {
        if days_in_year(l.from, l.to, y) == 0 {
            continue;
        }
        let total = (l.to - l.from).num_days() + 1;
        let period = format!(
            "{} – {}",
            l.from.format("%d/%m/%Y"),
            l.to.format("%d/%m/%Y")
        );
        match ctx.p.long_training_requires {
            Some(req) if total >= min_days => {
                let met = l.result.map(|r| training_rank(r) >= training_rank(req));
                out.push(
                    Condition::new(
                        "LDTT.training",
                        met,
                        match l.result {
                            Some(r) => format!(
                                "Đào tạo từ 1 năm ({period}), kết quả {} (yêu cầu {} trở lên)",
                                r.label(),
                                req.label()
                            ),
                            None => format!("Đào tạo từ 1 năm ({period}): chưa có kết quả học tập"),
                        },
                        ctx.cite(
                            "NĐ 91/2017 Đ10 (đào tạo từ 1 năm)",
                            "TT 01/2024/TT-BNV Đ1 k5",
                            "TT 15/2025/TT-BNV",
                        ),
                    )
                    .missing("cần kết quả học tập loại khá trở lên", 1),
                );
            }
            _ => {
                out.push(
                    Condition::new(
                        "LDTT.training",
                        Some(true),
                        format!("Thời gian đào tạo, bồi dưỡng ({period}) được tính vào thời gian công tác"),
                        ctx.cite("NĐ 91/2017 Đ10", "TT 01/2024/TT-BNV Đ1 k5", "TT 15/2025/TT-BNV"),
                    )
                    .role(Role::Note),
                );
            }
        }
    }
}
