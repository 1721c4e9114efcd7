//! Helpers shared by the title rules: the evaluation context, consecutive runs,
//! presumed facts, votes, initiatives and their reuse, postponement.

use super::history::{History, InitiativeEntry, whole_months, year_end, year_start};
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
    /// "Only công-trạng awards count as prerequisites" is NĐ 152/2025 Đ4 k3; under A and
    /// B it is a reading [U]. Flags `c` when the subject holds `award` of another kind,
    /// so that the reading may be what decides.
    pub fn mark_prereq(&self, c: Condition, award: AwardCode) -> Condition {
        let decides = self.p.regime != Regime::Nd152_2025
            && self.p.only_cong_trang_prerequisites
            && self
                .h
                .awards
                .iter()
                .any(|a| a.award == award && a.kind != crate::codes::AwardKind::CongTrang);
        if decides { c.unverified() } else { c }
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
            "NĐ 98/2023 Đ4",
            "NĐ 152/2025 Đ4 k4",
        ),
    )
    .role(Role::Postpone)
    .missing("chờ kết luận vụ việc đang xem xét", 1);
    Some(if ctx.regime() == Regime::Nd91_2017 {
        c.unverified()
    } else {
        c
    })
}

/// Where disciplines put the first evaluation year whose achievements count
/// (NĐ 152/2025 Đ4 k4: "thành tích khen thưởng được tính từ thời điểm chấp hành xong
/// thời gian thi hành kỷ luật"), with the open readings that could move it.
#[derive(Debug, Clone)]
pub struct DisciplineFloor {
    /// First year that counts under the parameters.
    pub first_year: i32,
    /// The same under the other reading of the part-year rule, when that differs.
    pub other_reading: Option<i32>,
    /// The same if every discipline without a recorded end had ended on its decision
    /// date: Some when an unknown end may be what sets the floor.
    pub if_ended: Option<i32>,
    /// "kỷ luật khiển trách đến 30/04/2023: thành tích tính từ 01/05/2023".
    pub note: String,
}

/// The first year a discipline's end lets count, and the other reading when the end
/// falls inside a year.
fn first_year_after(end: NaiveDate, p: &Params) -> (i32, Option<i32>, u32) {
    let from = end.succ_opt().unwrap_or(NaiveDate::MAX);
    let y0 = from.year();
    if from.ordinal() == 1 {
        return (y0, None, 12);
    }
    let left = whole_months(from, year_end(y0));
    if left >= p.discipline_part_year_min_months {
        (y0, Some(y0 + 1), left)
    } else {
        (y0 + 1, Some(y0), left)
    }
}

pub fn discipline_floor(ctx: &Ctx) -> Option<DisciplineFloor> {
    let p = ctx.p;
    if !p.discipline_resets_achievements {
        return None;
    }
    let mut binding: Option<(i32, String)> = None;
    let (mut main, mut other, mut ended) = (i32::MIN, i32::MIN, i32::MIN);
    let (mut has_other, mut has_unknown) = (false, false);
    for d in ctx.h.disciplines.iter().filter(|d| d.decided_on <= ctx.on) {
        let (end, unknown) = match d.ends_on {
            Some(e) => (e, false),
            None => (
                d.decided_on
                    .checked_add_months(chrono::Months::new(p.discipline_max_months))
                    .and_then(|x| x.pred_opt())
                    .unwrap_or(NaiveDate::MAX),
                true,
            ),
        };
        let (first, alt, left) = first_year_after(end, p);
        main = main.max(first);
        other = other.max(alt.unwrap_or(first));
        has_other |= alt.is_some();
        if unknown {
            has_unknown = true;
            ended = ended.max(first_year_after(d.decided_on, p).0.min(first));
        } else {
            ended = ended.max(first);
        }
        if binding.as_ref().is_none_or(|(y, _)| first > *y) && ctx.explain {
            let from = end.succ_opt().unwrap_or(end);
            let mut note = if unknown {
                format!(
                    "kỷ luật {} ngày {} chưa ghi ngày chấp hành xong (có thể kéo dài đến {})",
                    d.form.label().to_lowercase(),
                    d.decided_on.format("%d/%m/%Y"),
                    end.format("%d/%m/%Y")
                )
            } else {
                format!(
                    "kỷ luật {} đến {}",
                    d.form.label().to_lowercase(),
                    end.format("%d/%m/%Y")
                )
            };
            note.push_str(&format!(": thành tích tính từ {}", from.format("%d/%m/%Y")));
            if alt.is_some() {
                note.push_str(&format!(
                    "; năm {} {} ({left} tháng còn lại, tính khi từ {} tháng)",
                    from.year(),
                    if first == from.year() {
                        "được tính"
                    } else {
                        "không được tính"
                    },
                    p.discipline_part_year_min_months
                ));
            }
            binding = Some((first, note));
        }
    }
    if main == i32::MIN {
        return None;
    }
    Some(DisciplineFloor {
        first_year: main,
        other_reading: (has_other && other != main).then_some(other),
        if_ended: (has_unknown && ended < main).then_some(ended),
        note: binding.map(|(_, n)| n).unwrap_or_default(),
    })
}

/// The first year a multi-year window (or an annual title) may count from, and why.
#[derive(Debug, Clone)]
pub struct Floor {
    pub year: i32,
    /// Why the floor is there ("" when there is none).
    pub why: String,
}

impl Floor {
    pub const NONE: Floor = Floor {
        year: i32::MIN,
        why: String::new(),
    };
}

/// The lowest year a window may start at under the parameters (see [`under_floor`]).
pub fn floor_year(ctx: &Ctx, previous_award: Option<AwardCode>) -> i32 {
    let (base, d) = floors(ctx, previous_award);
    d.map_or(base.year, |d| d.first_year.max(base.year))
}

fn floors(ctx: &Ctx, previous_award: Option<AwardCode>) -> (Floor, Option<DisciplineFloor>) {
    let mut base = Floor::NONE;
    if let Some(last) = previous_award.and_then(|a| {
        ctx.h
            .award_years(a, ctx.p.only_cong_trang_prerequisites)
            .into_iter()
            .filter(|y| *y < ctx.year)
            .max()
    }) {
        base = Floor {
            year: last + 1,
            why: ctx.text(|| {
                format!(
                    "đã được tặng {} năm {last}, các năm đến {last} đã được tính",
                    previous_award.map_or("", |a| a.short_label())
                )
            }),
        };
    }
    (base, discipline_floor(ctx))
}

/// Builds a condition at the lowest year it may count from — after the last time the
/// same award was conferred (its years are used, docs/rules/index.md) and after
/// disciplines (NĐ 152/2025 Đ4 k4) — then checks what the open readings decide: the
/// part-year rule (flagged unverified), a discipline without an end date (incomplete
/// when it alone refuses), and says when a discipline shortened the years.
pub fn under_floor(
    ctx: &Ctx,
    previous_award: Option<AwardCode>,
    f: impl Fn(&Floor) -> Condition,
) -> Condition {
    let (base, d) = floors(ctx, previous_award);
    let Some(d) = d else {
        return f(&base);
    };
    let at = |year: i32| {
        if year > base.year {
            Floor {
                year,
                why: d.note.clone(),
            }
        } else {
            base.clone()
        }
    };
    let mut c = f(&at(d.first_year));
    // The other reading only flags the condition: not needed for a bare outcome.
    if let Some(alt) = d.other_reading.filter(|_| ctx.explain)
        && f(&at(alt)).met != c.met
    {
        c = c.unverified();
        c.detail.push_str(
            "; năm kết thúc kỷ luật được tính hay không là cách hiểu chưa kiểm chứng (tham số discipline_part_year_min_months)",
        );
    }
    if let Some(ended) = d.if_ended
        && c.met == Some(false)
        && f(&at(ended)).met == Some(true)
    {
        c.met = None;
        c.missing = Some("cần ngày chấp hành xong kỷ luật".into());
        c.shortfall = 1;
    }
    if d.first_year > base.year && ctx.explain && !d.note.is_empty() && !c.detail.contains(&d.note)
    {
        c.detail.push_str(&format!(" ({})", d.note));
    }
    c
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
    /// Some initiative considered was already used for another award: the reuse rules
    /// (disputed, docs/rules/index.md) took part in the count.
    pub reuse_decided: bool,
}

impl InitiativeCount<'_> {
    /// Flags a condition built on this count when the reuse rules took part.
    pub fn mark(&self, c: Condition) -> Condition {
        if self.reuse_decided {
            c.unverified()
        } else {
            c
        }
    }
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
    let mut reuse_decided = false;
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
        reuse_decided |= i
            .used_for
            .iter()
            .any(|u| u.award != ctx.award || u.year != ctx.year);
        if initiative_usable(i, ctx.award, ctx.year, ctx.p) {
            usable.push(i);
        } else {
            used_elsewhere.push(i);
        }
    }
    InitiativeCount {
        usable,
        used_elsewhere,
        reuse_decided,
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
