//! Helpers shared by the title rules: the evaluation context, consecutive runs,
//! presumed facts, votes, initiatives and their reuse, postponement.

use super::history::{History, InitiativeEntry, year_end, year_start};
use super::params::Params;
use super::regime::Regime;
use super::verdict::{Condition, Role, Text};
use crate::codes::{
    AwardCode, FactKey, InitiativeCategory, InitiativeLevel, Rating, TrainingResult,
};
use chrono::{Datelike, NaiveDate};

/// What one rule evaluation looks at.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub h: &'a History,
    pub award: AwardCode,
    pub year: i32,
    pub on: NaiveDate,
    pub p: &'a Params,
    /// False when only the outcome is wanted (bulk runs): details are left empty.
    pub explain: bool,
}

impl<'a> Ctx<'a> {
    pub fn regime(&self) -> Regime {
        self.p.regime
    }
    pub fn a(&self) -> bool {
        self.p.regime == Regime::Nd91_2017
    }
    /// Picks the citation of the regime: A (NĐ 91/2017 era), B (NĐ 98/2023), C (NĐ 152/2025).
    pub fn cite(&self, a: &'static str, b: &'static str, c: &'static str) -> &'static str {
        match self.p.regime {
            Regime::Nd91_2017 => a,
            Regime::Nd98_2023 => b,
            Regime::Nd152_2025 => c,
        }
    }
    pub fn with_award(self, award: AwardCode) -> Ctx<'a> {
        Ctx { award, ..self }
    }
    pub fn with_history(self, h: &'a History) -> Ctx<'a> {
        Ctx { h, ..self }
    }
    /// A text only when explaining.
    pub fn text(&self, f: impl FnOnce() -> String) -> String {
        if self.explain { f() } else { String::new() }
    }
}

/// "88,9 %".
pub fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0).replace('.', ",")
}

pub fn rating_text(r: Option<Rating>) -> &'static str {
    r.map_or("chưa có", |r| r.code())
}

/// Open proceedings on the decision date postpone the award (NĐ 152/2025 Đ4 k4).
pub fn postponement(ctx: &Ctx) -> Option<Condition> {
    if !ctx.p.postpone_on_open_proceedings {
        return None;
    }
    let met = ctx.h.open_proceedings(ctx.on).next().is_none();
    let detail = ctx.text(|| {
        let on = ctx.on.format("%d/%m/%Y");
        if met {
            format!("Không có vụ việc kỷ luật, thanh tra, tố cáo đang xem xét ngày {on}")
        } else {
            let open: Vec<String> = ctx
                .h
                .open_proceedings(ctx.on)
                .map(|p| format!("{} (từ {})", p.kind.label(), p.opened_on.format("%d/%m/%Y")))
                .collect();
            format!(
                "Đang có vụ việc chưa kết luận ngày {on}: {}",
                open.join("; ")
            )
        }
    });
    let c = Condition::new(
        "postpone.open_proceedings",
        Some(met),
        detail,
        ctx.cite(
            "Luật TĐKT 2003 (nguyên tắc chưa khen khi đang xem xét kỷ luật)",
            "NĐ 98/2023 (nguyên tắc chưa khen khi đang xem xét kỷ luật)",
            "NĐ 152/2025 Đ4 k4",
        ),
    )
    .role(Role::Postpone)
    .missing("chờ kết luận vụ việc đang xem xét", 1);
    Some(if ctx.regime() == Regime::Nd152_2025 {
        c
    } else {
        c.unverified()
    })
}

/// First evaluation year whose achievements count, after the end of the subject's
/// disciplines decided by the decision date (NĐ 152/2025 Đ4 k4: "thành tích khen thưởng
/// được tính từ thời điểm chấp hành xong thời gian thi hành kỷ luật"). A year counts
/// only when it starts after the discipline period has ended.
pub fn achievements_from(ctx: &Ctx) -> Option<i32> {
    achievements_from_of(ctx.h, ctx.p, ctx.on)
}

pub fn achievements_from_of(h: &History, p: &Params, on: NaiveDate) -> Option<i32> {
    if !p.discipline_resets_achievements {
        return None;
    }
    h.disciplines
        .iter()
        .filter(|d| d.decided_on <= on)
        .map(|d| discipline_end(d.decided_on, d.ends_on, p))
        .map(|end| end.year() + 1)
        .max()
}

pub fn discipline_end(decided: NaiveDate, ends: Option<NaiveDate>, p: &Params) -> NaiveDate {
    ends.unwrap_or_else(|| {
        decided
            .checked_add_months(chrono::Months::new(p.discipline_default_months))
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    })
}

/// Lowest year a multi-year window may start at: after the discipline reset and after
/// the last time the same award was conferred (its years are used, docs/rules/index.md).
pub fn window_floor(ctx: &Ctx, previous_award: Option<AwardCode>) -> i32 {
    let mut floor = i32::MIN;
    if let Some(f) = achievements_from(ctx) {
        floor = floor.max(f);
    }
    if let Some(last) = previous_award.and_then(|a| {
        ctx.h
            .award_years(a, ctx.p.only_cong_trang_prerequisites)
            .into_iter()
            .filter(|y| *y < ctx.year)
            .max()
    }) {
        floor = floor.max(last + 1);
    }
    floor
}

/// Length of the run of years ending at `end` (going back, not below `floor`) where
/// `pred` holds; a year where it does not (or a missing year) breaks the run.
pub fn run_back(end: i32, floor: i32, mut pred: impl FnMut(i32) -> bool) -> i32 {
    let mut n = 0;
    let mut y = end;
    while y >= floor && pred(y) {
        n += 1;
        y -= 1;
    }
    n
}

pub fn years_text(years: &[i32]) -> String {
    if years.is_empty() {
        return "không có".to_string();
    }
    years
        .iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A fact judged at the evaluation meeting: met unless recorded false.
pub fn presumed(
    ctx: &Ctx,
    key: FactKey,
    rule: &'static str,
    citation: impl Into<Text>,
) -> Condition {
    let v = ctx.h.fact(key, ctx.year);
    let met = v != Some(false);
    let detail = ctx.text(|| match v {
        Some(false) => format!("{}: ghi nhận KHÔNG đạt năm {}", key.label(), ctx.year),
        Some(true) => format!("{}: ghi nhận đạt năm {}", key.label(), ctx.year),
        None => format!(
            "{}: mặc nhiên đạt (không có ghi nhận ngược lại)",
            key.label()
        ),
    });
    Condition::new(rule, Some(met), detail, citation)
}

/// A basis fact: counts only when recorded true.
pub fn basis(ctx: &Ctx, key: FactKey, rule: &'static str, citation: impl Into<Text>) -> Condition {
    let v = ctx.h.fact(key, ctx.year);
    let met = v == Some(true);
    let detail = ctx.text(|| match v {
        Some(true) => format!("{} (năm {})", key.label(), ctx.year),
        Some(false) => format!("{}: ghi nhận không có (năm {})", key.label(), ctx.year),
        None => format!("{}: chưa được ghi nhận (năm {})", key.label(), ctx.year),
    });
    let c = Condition::new(rule, Some(met), detail, citation);
    if met || !ctx.explain {
        return c;
    }
    c.missing(
        format!("cần được ghi nhận «{}»", key.label().to_lowercase()),
        1,
    )
}

/// The rating of the evaluation year at least `min`; unknown when not recorded.
pub fn rating_at_least(
    ctx: &Ctx,
    min: Rating,
    rule: &'static str,
    citation: impl Into<Text>,
) -> Condition {
    match ctx.h.rating(ctx.year) {
        None => Condition::new(
            rule,
            None,
            ctx.text(|| format!("Chưa có xếp loại năm {}", ctx.year)),
            citation,
        )
        .missing(
            ctx.text(|| format!("cần nhập xếp loại năm {}", ctx.year)),
            1,
        ),
        Some(r) => Condition::new(
            rule,
            Some(r.at_least(min)),
            ctx.text(|| {
                format!(
                    "Xếp loại năm {}: {} (yêu cầu {} trở lên)",
                    ctx.year,
                    r.code(),
                    min.code()
                )
            }),
            citation,
        )
        .missing(
            ctx.text(|| format!("năm {} cần xếp loại {} trở lên", ctx.year + 1, min.code())),
            1,
        ),
    }
}

/// The council vote for the award, when the regime requires one.
pub fn vote(ctx: &Ctx, citation: &'static str, unverified: bool) -> Option<Condition> {
    let threshold = ctx.p.vote_threshold(ctx.award)?;
    let rule = format!("{}.vote", ctx.award.code());
    let c = match ctx.h.vote(ctx.award, ctx.year) {
        None => Condition::new(
            rule,
            None,
            format!(
                "Chưa có kết quả bỏ phiếu của Hội đồng (cần từ {} tổng số thành viên)",
                pct(threshold)
            ),
            citation,
        )
        .missing("cần kết quả bỏ phiếu của Hội đồng Thi đua – Khen thưởng", 1),
        Some(v) => {
            let ok = vote_passes(v.agree, v.council_members, threshold);
            let share = if v.council_members == 0 {
                0.0
            } else {
                v.agree as f64 / v.council_members as f64
            };
            let needed = votes_needed(v.council_members, threshold);
            Condition::new(
                rule,
                Some(ok),
                format!(
                    "Hội đồng: {}/{} thành viên đồng ý ({}), yêu cầu từ {} tổng số thành viên",
                    v.agree,
                    v.council_members,
                    pct(share),
                    pct(threshold)
                ),
                citation,
            )
            .missing(
                format!("cần thêm {} phiếu đồng ý", needed.saturating_sub(v.agree)),
                needed.saturating_sub(v.agree),
            )
        }
    };
    Some(if unverified { c.unverified() } else { c })
}

/// agree / members ≥ threshold, exactly (threshold taken to per-mille).
pub fn vote_passes(agree: u32, members: u32, threshold: f64) -> bool {
    if members == 0 {
        return false;
    }
    let t = (threshold * 1000.0).round() as u64;
    agree as u64 * 1000 >= t * members as u64
}

/// Smallest number of agree votes that passes.
pub fn votes_needed(members: u32, threshold: f64) -> u32 {
    let t = (threshold * 1000.0).round() as u64;
    (t * members as u64).div_ceil(1000) as u32
}

/// Registration for the title (đăng ký thi đua) when the province requires it.
pub fn registration(ctx: &Ctx) -> Option<Condition> {
    if !ctx.p.registration_required || !ctx.award.is_title() {
        return None;
    }
    let v = ctx.h.fact_named("registered", ctx.year);
    Some(
        Condition::new(
            "registration",
            Some(v == Some(true)),
            match v {
                Some(true) => format!("Đã đăng ký thi đua năm {}", ctx.year),
                _ => format!(
                    "Không có đăng ký thi đua năm {} (fact «registered»)",
                    ctx.year
                ),
            },
            "Quy định của tỉnh/bộ (đăng ký thi đua)",
        )
        .missing("cần đăng ký thi đua đầu năm", 1),
    )
}

/// Whether an initiative may still serve as a basis of `award` for `year` (docs/rules/index.md,
/// Luật 2022 Đ5 k2 c, CV 5007/BNV-TĐKT III.5.c): a use for the same award and year is
/// the same proposal; otherwise a use for a form of award blocks everything, a use for
/// a title blocks forms (unless allowed) and other titles (unless reuse between titles
/// is allowed).
pub fn initiative_usable(i: &InitiativeEntry, award: AwardCode, year: i32, p: &Params) -> bool {
    i.used_for.iter().all(|u| {
        if u.award == award && u.year == year {
            return true;
        }
        match (u.award.is_title(), award.is_title()) {
            (true, true) => p.allow_sk_reuse_between_titles,
            (true, false) | (false, true) => p.allow_sk_reuse_title_to_form,
            (false, false) => false,
        }
    })
}

/// Initiatives / research of the subject recognised at `min_level` or above between
/// `from` and `to` (years, inclusive), optionally with effect confirmed, split into
/// usable ones and ones already used for another award.
pub struct InitiativeCount<'h> {
    pub usable: Vec<&'h InitiativeEntry>,
    pub used_elsewhere: Vec<&'h InitiativeEntry>,
}

impl InitiativeCount<'_> {
    pub fn count(&self, cat: Option<InitiativeCategory>) -> usize {
        self.usable
            .iter()
            .filter(|i| cat.is_none_or(|c| i.category == c))
            .count()
    }
    pub fn ids(&self) -> String {
        let v: Vec<&str> = self.usable.iter().map(|i| i.id.as_str()).collect();
        if v.is_empty() {
            "không có".into()
        } else {
            v.join(", ")
        }
    }
    pub fn used_note(&self) -> String {
        if self.used_elsewhere.is_empty() {
            return String::new();
        }
        let v: Vec<String> = self
            .used_elsewhere
            .iter()
            .map(|i| {
                let uses: Vec<String> = i
                    .used_for
                    .iter()
                    .map(|u| format!("{} {}", u.award.code(), u.year))
                    .collect();
                format!("{} (đã dùng cho {})", i.id, uses.join(", "))
            })
            .collect();
        format!("; không dùng lại: {}", v.join("; "))
    }
}

pub fn initiatives<'h>(
    ctx: &Ctx<'h>,
    min_level: InitiativeLevel,
    from: i32,
    to: i32,
    need_effect: bool,
) -> InitiativeCount<'h> {
    let mut usable = Vec::new();
    let mut used_elsewhere = Vec::new();
    for i in &ctx.h.initiatives {
        let y = i.recognized_on.year();
        if y < from
            || y > to
            || !i.level.at_least(min_level)
            || (need_effect && !i.effect_confirmed)
        {
            continue;
        }
        if i.recognized_on > ctx.on {
            continue;
        }
        if initiative_usable(i, ctx.award, ctx.year, ctx.p) {
            usable.push(i);
        } else {
            used_elsewhere.push(i);
        }
    }
    InitiativeCount {
        usable,
        used_elsewhere,
    }
}

pub fn training_rank(r: TrainingResult) -> u8 {
    match r {
        TrainingResult::Gioi => 2,
        TrainingResult::Kha => 1,
        TrainingResult::TrungBinh => 0,
    }
}

/// Days of a leave inside a year.
pub fn days_in_year(from: NaiveDate, to: NaiveDate, year: i32) -> i64 {
    let s = from.max(year_start(year));
    let e = to.min(year_end(year));
    if e < s { 0 } else { (e - s).num_days() + 1 }
}
