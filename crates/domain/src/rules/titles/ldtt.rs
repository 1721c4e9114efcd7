//! "Lao động tiên tiến" (individual, annual) — docs/rules/ldtt.md.
//! A: Luật TĐKT 2003 Đ24 (sửa đổi bởi Luật 39/2013) + NĐ 91/2017 Đ10;
//! B: Luật 2022 Đ24 k1 + TT 01/2024/TT-BNV Đ1 k5; C: Luật 2022 Đ24 k1 + NĐ 152/2025 Đ4.

use crate::codes::{EmploymentKind, FactKey, LeaveKind, Rating};
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
    if ctx.p.discipline_resets_achievements && !ctx.h.disciplines.is_empty() {
        let c = under_floor(ctx, None, |floor| {
            let ok = y >= floor.year;
            Condition::new(
                "discipline.period",
                Some(ok),
                ctx.text(|| {
                    if floor.why.is_empty() {
                        "Không có kỷ luật ảnh hưởng đến năm xét".to_string()
                    } else if ok {
                        format!("Năm {y} được tính: {}", floor.why)
                    } else {
                        format!("Năm {y} chưa được tính: {}", floor.why)
                    }
                }),
                "NĐ 152/2025 Đ4 k4",
            )
            .missing(
                ctx.text(|| format!("thành tích chỉ được tính từ năm {}", floor.year)),
                (floor.year.saturating_sub(y)).max(1) as u32,
            )
        });
        out.push(c);
    }
    if let Some(c) = civil_servant_discipline(ctx) {
        out.push(c);
    }
    leaves(ctx, out);
    if let Some(c) = registration(ctx) {
        out.push(c);
    }
}

/// NĐ 335/2025 (in force 01/01/2026, công chức only): a công chức disciplined from
/// khiển trách in the evaluation year is rated "không hoàn thành nhiệm vụ", whatever
/// rating was entered, so cannot be LĐTT. Viên chức and earlier years are not covered.
fn civil_servant_discipline(ctx: &Ctx) -> Option<Condition> {
    let from = ctx.p.civil_servant_discipline_from_year?;
    let y = ctx.year;
    if y < from {
        return None;
    }
    let kind = ctx.h.employment_kind_on(year_end(y)).or_else(|| {
        ctx.h
            .employment
            .iter()
            .max_by_key(|e| e.from)
            .map(|e| e.kind)
    })?;
    if kind != EmploymentKind::CongChuc {
        return None;
    }
    let hits: Vec<String> = ctx
        .h
        .disciplines
        .iter()
        .filter(|d| d.decided_on.year() == y && d.decided_on <= ctx.on)
        .map(|d| format!("{} ({})", d.form.label(), d.decided_on.format("%d/%m/%Y")))
        .collect();
    if hits.is_empty() {
        return None;
    }
    Some(
        Condition::new(
            "LDTT.nd335",
            Some(false),
            ctx.text(|| {
                format!(
                    "Công chức bị kỷ luật trong năm {y}: {} — xếp loại không hoàn thành nhiệm vụ",
                    hits.join("; ")
                )
            }),
            "NĐ 335/2025/NĐ-CP (công chức, từ năm đánh giá 2026)",
        )
        .missing("không xét được trong năm bị kỷ luật", 1),
    )
}

/// New hires: continuous service of at least `new_hire_min_months` whole months at
/// 31/12 of the evaluation year. Service continues across a transfer (from another unit
/// or agency) and across short gaps; only a new recruitment starts the count.
fn new_hire(ctx: &Ctx) -> Condition {
    let min = ctx.p.new_hire_min_months;
    let citation = ctx.cite(
        "NĐ 91/2017 Đ10",
        "TT 01/2024/TT-BNV Đ1 k5 d",
        "TT 01/2024/TT-BNV Đ1 k5 d (TT 15/2025/TT-BNV chưa kiểm chứng)",
    );
    let end = year_end(ctx.year);
    let h = ctx.h;
    let gap = ctx.p.employment_gap_days;
    if h.employment.is_empty() {
        return Condition::new(
            "LDTT.new_hire",
            None,
            "Chưa có thông tin quá trình công tác",
            citation,
        )
        .missing("cần nhập quá trình công tác", 1);
    }
    // Employed on 31/12, or else the last stretch that touched the year.
    let service = h.service_on(end, gap).or_else(|| {
        h.services(gap)
            .into_iter()
            .filter(|s| s.from <= end && s.to >= year_start(ctx.year))
            .max_by_key(|s| s.to)
    });
    let Some(s) = service else {
        return Condition::new(
            "LDTT.new_hire",
            Some(false),
            ctx.text(|| format!("Không công tác tại cơ quan trong năm {}", ctx.year)),
            citation,
        );
    };
    let until = s.to.min(end);
    let mut c = if let Some((from, on)) = s.transferred_in {
        Condition::new(
            "LDTT.new_hire",
            Some(true),
            ctx.text(|| {
                format!(
                    "Chuyển công tác từ {from} ngày {}: thời gian công tác trước đó được tính liên tục, không phải tuyển dụng mới",
                    on.format("%d/%m/%Y")
                )
            }),
            citation,
        )
    } else {
        let m = whole_months(s.from, until);
        let c = Condition::new(
            "LDTT.new_hire",
            Some(m >= min),
            ctx.text(|| {
                let mut t = format!(
                    "Công tác liên tục từ {} đến {}: {m} tháng (yêu cầu từ {min} tháng; thời gian hợp đồng liền trước được tính)",
                    s.from.format("%d/%m/%Y"),
                    until.format("%d/%m/%Y")
                );
                for (a, b) in &s.bridged {
                    t.push_str(&format!(
                        "; khoảng nghỉ {} – {} giữa hai nơi công tác không làm gián đoạn",
                        a.format("%d/%m/%Y"),
                        b.format("%d/%m/%Y")
                    ));
                }
                t
            }),
            citation,
        )
        .missing(
            ctx.text(|| format!("cần đủ {min} tháng công tác (còn thiếu {})", min.saturating_sub(m))),
            min.saturating_sub(m),
        );
        // A gap joined without a recorded transfer is a reading [U]: flag it when
        // the months would fall short without it.
        let decided_by_gap = !s.bridged.is_empty()
            && h.service_on(until, 0)
                .is_none_or(|strict| whole_months(strict.from, until) < min);
        if decided_by_gap { c.unverified() } else { c }
    };
    if let Some(from) = ctx.p.new_hire_rule_from.filter(|f| ctx.on < *f) {
        // The provision was not yet in force on the decision date.
        let was = c.met;
        c = Condition::new(
            "LDTT.new_hire",
            Some(true),
            ctx.text(|| {
                format!(
                    "{} — quy định số tháng tối thiểu có hiệu lực từ {}, sau ngày quyết định {}: chưa áp dụng{}",
                    c.detail,
                    from.format("%d/%m/%Y"),
                    ctx.on.format("%d/%m/%Y"),
                    if was == Some(true) { "" } else { " (không đủ nếu áp dụng)" }
                )
            }),
            citation,
        )
        .role(Role::Note)
        .unverified();
    }
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
                            "Quy định của tỉnh/bộ (điều kiện kết quả học tập)",
                            "Quy định của tỉnh/bộ (điều kiện kết quả học tập)",
                        ),
                    )
                    .missing("cần kết quả học tập loại khá trở lên", 1),
                );
            }
            _ => {
                let c = Condition::new(
                    "LDTT.training",
                    Some(true),
                    format!(
                        "Thời gian đào tạo, bồi dưỡng ({period}) được tính vào thời gian công tác"
                    ),
                    ctx.cite(
                        "NĐ 91/2017 Đ10",
                        "TT 01/2024/TT-BNV Đ1 k5 b",
                        "TT 01/2024/TT-BNV Đ1 k5 b (TT 15/2025/TT-BNV chưa kiểm chứng)",
                    ),
                )
                .role(Role::Note);
                out.push(if ctx.regime() == Regime::Nd152_2025 {
                    c.unverified()
                } else {
                    c
                });
            }
        }
    }
}
