//! Emulation blocs (khối, cụm thi đua): the scoring table a bloc agrees at its
//! yearly signing (bảng chấm điểm), the checks a score must pass, each
//! member's total, the ranking with its tie-break and the proposals that follow
//! from it. Rules and their sources: docs/blocs.md.
//!
//! Points are kept in hundredths so that halves and quarters add up exactly.

use crate::error::FieldError;
use crate::text::format_number;
use std::cmp::Ordering;
use std::fmt;

/// A number of points, in hundredths (9,5 điểm = 950).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Points(pub i64);

impl Points {
    pub const ZERO: Points = Points(0);

    pub fn whole(n: i64) -> Points {
        Points(n * 100)
    }

    /// Reads points as offices write them: "10", "9,5", "9.5", "7,25" (at most
    /// two decimals, no sign). `None` for anything else.
    pub fn parse(text: &str) -> Option<Points> {
        let t = text.trim();
        if t.is_empty() || t.len() > 12 {
            return None;
        }
        let (int, frac) = match t.find([',', '.']) {
            Some(i) => (&t[..i], &t[i + 1..]),
            None => (t, ""),
        };
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 2
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (t.contains([',', '.']) && frac.is_empty())
        {
            return None;
        }
        let whole: i64 = int.parse().ok()?;
        let mut cents: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        if frac.len() == 1 {
            cents *= 10;
        }
        whole.checked_mul(100)?.checked_add(cents).map(Points)
    }

    /// The share of `of` these points make, in percent (0 when `of` is zero).
    pub fn percent_of(self, of: Points) -> f64 {
        if of.0 == 0 {
            0.0
        } else {
            self.0 as f64 * 100.0 / of.0 as f64
        }
    }
}

impl std::ops::Add for Points {
    type Output = Points;
    fn add(self, o: Points) -> Points {
        Points(self.0 + o.0)
    }
}

impl std::ops::Sub for Points {
    type Output = Points;
    fn sub(self, o: Points) -> Points {
        Points(self.0 - o.0)
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        Points(iter.map(|p| p.0).sum())
    }
}

/// Vietnamese notation: "97", "9,5", "1.234,25", "-5".
impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.abs();
        let (whole, cents) = (abs / 100, abs % 100);
        let whole = format_number(whole);
        match cents {
            0 => write!(f, "{sign}{whole}"),
            c if c % 10 == 0 => write!(f, "{sign}{whole},{}", c / 10),
            c => write!(f, "{sign}{whole},{c:02}"),
        }
    }
}

/// What a line of the table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// A criterion: scored from 0 to its maximum, counts toward the stated total.
    Criterion,
    /// Điểm thưởng (prior flags, creative tasks): added, up to its maximum, with a reason.
    Bonus,
    /// Điểm trừ (late reports, disciplined staff, complaints): subtracted, up to its maximum, with a reason.
    Penalty,
}

impl ItemKind {
    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Criterion => "criterion",
            ItemKind::Bonus => "bonus",
            ItemKind::Penalty => "penalty",
        }
    }

    pub fn parse(code: &str) -> Option<ItemKind> {
        match code {
            "criterion" => Some(ItemKind::Criterion),
            "bonus" => Some(ItemKind::Bonus),
            "penalty" => Some(ItemKind::Penalty),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Criterion => "Tiêu chí",
            ItemKind::Bonus => "Điểm thưởng",
            ItemKind::Penalty => "Điểm trừ",
        }
    }
}

/// A group of criteria ("I. Thực hiện nhiệm vụ chính trị, chuyên môn").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// "I", "II"…: the Mục of the sheet.
    pub code: String,
    pub name: String,
}

/// One line of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// "1", "1.2", "T1"…: unique in the table.
    pub code: String,
    pub kind: ItemKind,
    /// The group a criterion belongs to ("" when the table has no groups).
    pub group: String,
    pub content: String,
    pub max: Points,
    /// How the points are given ("Đúng hạn: 5 điểm; chậm 1 ngày trừ 1 điểm…").
    pub guidance: String,
    /// What evidence a member must show ("Báo cáo số…, ngày…").
    pub evidence: String,
}

/// A rating by points: at least `min_total` in all and no criterion under
/// `min_share` percent of its maximum (the Nghệ An pattern: HTXS ≥ 90 and
/// ≥ 85 % of each criterion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Threshold {
    pub label: String,
    pub min_total: Points,
    pub min_share: u32,
}

/// A bloc's scoring table for a year.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScoreTable {
    /// The total the criteria's maximums must make (usually 100).
    pub total: Points,
    pub groups: Vec<Group>,
    pub items: Vec<Item>,
    /// Highest first.
    pub thresholds: Vec<Threshold>,
}

/// Longest text of a line's content, guidance or evidence.
pub const MAX_ITEM_TEXT: usize = 2000;
/// Lines a table may have (a province's largest tables have about 60 criteria).
pub const MAX_ITEMS: usize = 300;

impl ScoreTable {
    pub fn criteria(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.kind == ItemKind::Criterion)
    }

    pub fn criteria_max(&self) -> Points {
        self.criteria().map(|i| i.max).sum()
    }

    /// The maximum of a group: the sum of its criteria's.
    pub fn group_max(&self, group: &str) -> Points {
        self.criteria()
            .filter(|i| i.group == group)
            .map(|i| i.max)
            .sum()
    }

    /// Checks the table may be used for scoring: codes unique, every line
    /// with content and a maximum above zero, criteria in known groups, and
    /// the criteria's maximums adding up to the stated total.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut errs = Vec::new();
        if self.total <= Points::ZERO {
            errs.push(FieldError::new(
                "total",
                "Tổng điểm của bảng phải lớn hơn 0.",
            ));
        }
        if self.items.len() > MAX_ITEMS {
            errs.push(FieldError::new(
                "items",
                format!("Bảng điểm có quá nhiều dòng (tối đa {MAX_ITEMS})."),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for g in &self.groups {
            if g.code.trim().is_empty() || g.name.trim().is_empty() {
                errs.push(FieldError::new(
                    "group",
                    "Nhóm tiêu chí phải có mục và tên.",
                ));
            }
            if !seen.insert(g.code.trim()) {
                errs.push(FieldError::new(
                    "group",
                    format!("Mục «{}» bị trùng.", g.code),
                ));
            }
        }
        let mut codes = std::collections::HashSet::new();
        for i in &self.items {
            if i.code.trim().is_empty() {
                errs.push(FieldError::new(
                    "code",
                    "Mỗi dòng phải có mục (số thứ tự tiêu chí).",
                ));
            } else if !codes.insert(i.code.trim()) {
                errs.push(FieldError::new(
                    "code",
                    format!("Mục «{}» bị trùng.", i.code),
                ));
            }
            if i.content.trim().is_empty() {
                errs.push(FieldError::new(
                    "content",
                    format!("Mục «{}» chưa có nội dung.", i.code),
                ));
            }
            if [&i.content, &i.guidance, &i.evidence]
                .iter()
                .any(|t| t.chars().count() > MAX_ITEM_TEXT)
            {
                errs.push(FieldError::new(
                    "content",
                    format!("Mục «{}» dài quá {MAX_ITEM_TEXT} ký tự.", i.code),
                ));
            }
            if i.max <= Points::ZERO {
                errs.push(FieldError::new(
                    "max",
                    format!("Điểm tối đa của mục «{}» phải lớn hơn 0.", i.code),
                ));
            }
            if i.kind == ItemKind::Criterion
                && !self.groups.is_empty()
                && !self.groups.iter().any(|g| g.code.trim() == i.group.trim())
            {
                errs.push(FieldError::new(
                    "group",
                    format!(
                        "Tiêu chí «{}» thuộc nhóm «{}» không có trong bảng.",
                        i.code, i.group
                    ),
                ));
            }
        }
        let sum = self.criteria_max();
        if self.criteria().next().is_none() {
            errs.push(FieldError::new("items", "Bảng điểm chưa có tiêu chí nào."));
        } else if sum != self.total {
            errs.push(FieldError::new(
                "total",
                format!(
                    "Điểm tối đa của các tiêu chí cộng lại là {sum}, không bằng tổng điểm của bảng ({}).",
                    self.total
                ),
            ));
        }
        for t in &self.thresholds {
            if t.min_total > self.total || t.min_share > 100 {
                errs.push(FieldError::new(
                    "threshold",
                    format!(
                        "Ngưỡng «{}»: điểm tối thiểu không quá {} và tỷ lệ mỗi tiêu chí không quá 100 %.",
                        t.label, self.total
                    ),
                ));
            }
        }
        if errs.is_empty() { Ok(()) } else { Err(errs) }
    }
}

/// Checks a score given to `item`: between 0 and its maximum, with a note when
/// it is a bonus or a penalty above zero. `who` is "tự chấm" or "thẩm định".
pub fn check_score(item: &Item, points: Points, note: &str) -> Result<(), FieldError> {
    if points < Points::ZERO {
        return Err(FieldError::new(
            "points",
            format!("Mục {}: điểm không được âm.", item.code),
        ));
    }
    if points > item.max {
        return Err(FieldError::new(
            "points",
            format!(
                "Mục {}: {} điểm vượt điểm tối đa {} của mục.",
                item.code, points, item.max
            ),
        ));
    }
    if item.kind != ItemKind::Criterion && points > Points::ZERO && note.trim().is_empty() {
        return Err(FieldError::new(
            "note",
            format!(
                "Mục {} ({}): phải ghi lý do, căn cứ khi cho điểm.",
                item.code,
                item.kind.label().to_lowercase()
            ),
        ));
    }
    Ok(())
}

/// A member's scores on one line: its own and the assessors'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Score {
    pub own: Option<Points>,
    pub assessed: Option<Points>,
}

impl Score {
    /// What counts: the assessed score once there is one, else the member's own.
    pub fn counted(self) -> Option<Points> {
        self.assessed.or(self.own)
    }

    /// Whether the assessors gave other points than the member.
    pub fn differs(self) -> bool {
        matches!((self.own, self.assessed), (Some(a), Some(b)) if a != b)
    }
}

/// A member's total on the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    pub criteria: Points,
    pub bonus: Points,
    pub penalty: Points,
    pub total: Points,
    /// Criteria without any score.
    pub unscored: usize,
    /// The lowest share of its maximum any criterion reached, in percent.
    pub lowest_share: f64,
    /// The highest threshold met, if the table has thresholds.
    pub grade: Option<String>,
}

/// Adds up a member's scores; `score(code)` answers its score on a line.
pub fn tally(table: &ScoreTable, score: impl Fn(&str) -> Score) -> Tally {
    let (mut criteria, mut bonus, mut penalty) = (Points::ZERO, Points::ZERO, Points::ZERO);
    let mut unscored = 0;
    let mut lowest_share = 100.0f64;
    for i in &table.items {
        let got = score(&i.code).counted();
        if got.is_none() && i.kind == ItemKind::Criterion {
            unscored += 1;
        }
        let p = got.unwrap_or(Points::ZERO);
        match i.kind {
            ItemKind::Criterion => {
                criteria = criteria + p;
                lowest_share = lowest_share.min(p.percent_of(i.max));
            }
            ItemKind::Bonus => bonus = bonus + p,
            ItemKind::Penalty => penalty = penalty + p,
        }
    }
    let total = criteria + bonus - penalty;
    let grade = table
        .thresholds
        .iter()
        .find(|t| total >= t.min_total && lowest_share + 1e-9 >= t.min_share as f64)
        .map(|t| t.label.clone());
    Tally {
        criteria,
        bonus,
        penalty,
        total,
        unscored,
        lowest_share,
        grade,
    }
}

/// A member as the ranking sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Contender {
    pub unit: i64,
    pub total: Points,
    /// Enough of its people are women (70 % by default) (NĐ 152/2025 Đ4 k6).
    pub women_majority: bool,
    /// The bloc's votes for it when it ties with others, if a vote was held.
    pub tie_votes: Option<u32>,
}

/// How a member's place was decided against those with the same total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieBreak {
    /// Its total alone.
    None,
    /// Same total; placed by the share of women (NĐ 152/2025 Đ4 k6).
    Women,
    /// Same total and women rule; placed by the bloc's vote.
    Vote,
    /// Still level: the bloc must vote.
    Unresolved,
}

impl TieBreak {
    pub fn label(self) -> &'static str {
        match self {
            TieBreak::None => "",
            TieBreak::Women => "bằng điểm — ưu tiên tập thể có tỷ lệ nữ theo NĐ 152/2025 Đ4 k6",
            TieBreak::Vote => "bằng điểm — theo kết quả biểu quyết của khối",
            TieBreak::Unresolved => "bằng điểm — khối cần biểu quyết để xếp thứ",
        }
    }
}

/// A member's place: 1 = leading. Members still level share a place (1, 1, 3).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub unit: i64,
    pub total: Points,
    pub rank: u32,
    pub tie: TieBreak,
}

/// Ranks members by total; equal totals are split first by the women rule,
/// then by the bloc's vote; members still level share their place.
pub fn rank(contenders: &[Contender]) -> Vec<Placed> {
    // The bloc's vote splits members level on points and the women rule only
    // when every one of them has its votes recorded; otherwise they stay level
    // (a vote left from an earlier tie decides nothing).
    let votes_of = |c: &Contender| {
        let all_voted = contenders
            .iter()
            .filter(|o| o.total == c.total && o.women_majority == c.women_majority)
            .all(|o| o.tie_votes.is_some());
        if all_voted {
            c.tie_votes.unwrap_or(0)
        } else {
            0
        }
    };
    let mut order: Vec<&Contender> = contenders.iter().collect();
    let key = |a: &Contender, b: &Contender| {
        b.total
            .cmp(&a.total)
            .then(b.women_majority.cmp(&a.women_majority))
            .then(votes_of(b).cmp(&votes_of(a)))
    };
    order.sort_by(|a, b| key(a, b).then(a.unit.cmp(&b.unit)));
    let mut out: Vec<Placed> = Vec::with_capacity(order.len());
    for (i, c) in order.iter().enumerate() {
        let level = |o: &Contender| key(o, c) == Ordering::Equal;
        let others: Vec<&&Contender> = order
            .iter()
            .filter(|o| o.total == c.total && o.unit != c.unit)
            .collect();
        let tie = if others.is_empty() {
            TieBreak::None
        } else if others.iter().any(|o| level(o)) {
            TieBreak::Unresolved
        } else if others.iter().any(|o| o.women_majority == c.women_majority) {
            TieBreak::Vote
        } else {
            TieBreak::Women
        };
        let rank = match out.last() {
            Some(prev) if i > 0 && level(order[i - 1]) => prev.rank,
            _ => i as u32 + 1,
        };
        out.push(Placed {
            unit: c.unit,
            total: c.total,
            rank,
            tie,
        });
    }
    out
}

/// What the bloc proposes for a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proposal {
    /// Cờ thi đua của UBND tỉnh (CO_TINH).
    Flag,
    /// Bằng khen của Chủ tịch UBND tỉnh for a collective (BK_TINH).
    Commendation,
}

impl Proposal {
    pub fn award_code(self) -> &'static str {
        match self {
            Proposal::Flag => "CO_TINH",
            Proposal::Commendation => "BK_TINH",
        }
    }

    pub fn parse(code: &str) -> Option<Proposal> {
        match code {
            "CO_TINH" => Some(Proposal::Flag),
            "BK_TINH" => Some(Proposal::Commendation),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Proposal::Flag => "Cờ thi đua của UBND tỉnh",
            Proposal::Commendation => "Bằng khen của Chủ tịch UBND tỉnh",
        }
    }
}

/// Proposals from a ranking: the first `flags` places for the flag, the next
/// `commendations` for the Bằng khen. A place shared by more members than the
/// quota left gives nobody that award: the bloc must vote first, and the
/// answer says so.
pub fn proposals(
    ranking: &[Placed],
    flags: u32,
    commendations: u32,
) -> (Vec<(i64, Proposal)>, Option<String>) {
    let mut out = Vec::new();
    let mut warning = None;
    let mut i = 0;
    let mut left = [
        (Proposal::Flag, flags),
        (Proposal::Commendation, commendations),
    ];
    let mut which = 0;
    while i < ranking.len() && which < left.len() {
        let place = ranking[i].rank;
        let group: Vec<&Placed> = ranking[i..]
            .iter()
            .take_while(|p| p.rank == place)
            .collect();
        let (award, quota) = left[which];
        if quota == 0 {
            which += 1;
            continue;
        }
        if group.len() as u32 > quota {
            warning = Some(format!(
                "{} đơn vị cùng xếp thứ {place} bằng điểm: khối cần biểu quyết trước khi đề nghị {}.",
                group.len(),
                award.label()
            ));
            break;
        }
        for p in &group {
            out.push((p.unit, award));
        }
        left[which].1 -= group.len() as u32;
        if left[which].1 == 0 {
            which += 1;
        }
        i += group.len();
    }
    (out, warning)
}

/// Whether a proposal carried the bloc's vote: more than `min_percent` of the
/// members present agreed (the bloc's rules; "quá bán" = 50).
pub fn vote_carried(agree: u32, present: u32, min_percent: u32) -> bool {
    present > 0 && u64::from(agree) * 100 > u64::from(present) * u64::from(min_percent)
}

/// The bloc's year: the table and covenant are prepared, then members score,
/// then the bloc publishes and everything is locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Preparing,
    Scoring,
    Published,
}

impl Stage {
    pub fn code(self) -> &'static str {
        match self {
            Stage::Preparing => "preparing",
            Stage::Scoring => "scoring",
            Stage::Published => "published",
        }
    }

    pub fn parse(code: &str) -> Option<Stage> {
        match code {
            "preparing" => Some(Stage::Preparing),
            "scoring" => Some(Stage::Scoring),
            "published" => Some(Stage::Published),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Preparing => "Đang xây dựng bảng điểm, giao ước",
            Stage::Scoring => "Đang chấm điểm",
            Stage::Published => "Đã công bố kết quả",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(code: &str, kind: ItemKind, max: i64) -> Item {
        Item {
            code: code.into(),
            kind,
            group: if kind == ItemKind::Criterion {
                "I".into()
            } else {
                String::new()
            },
            content: format!("Nội dung {code}"),
            max: Points::whole(max),
            guidance: String::new(),
            evidence: String::new(),
        }
    }

    fn table() -> ScoreTable {
        ScoreTable {
            total: Points::whole(100),
            groups: vec![Group {
                code: "I".into(),
                name: "Nhiệm vụ".into(),
            }],
            items: vec![
                item("1", ItemKind::Criterion, 60),
                item("2", ItemKind::Criterion, 40),
                item("T1", ItemKind::Bonus, 15),
                item("TR1", ItemKind::Penalty, 5),
            ],
            thresholds: vec![
                Threshold {
                    label: "Hoàn thành xuất sắc".into(),
                    min_total: Points::whole(90),
                    min_share: 85,
                },
                Threshold {
                    label: "Hoàn thành tốt".into(),
                    min_total: Points::whole(80),
                    min_share: 80,
                },
            ],
        }
    }

    #[test]
    fn points_read_and_print_the_vietnamese_way() {
        assert_eq!(Points::parse("9,5"), Some(Points(950)));
        assert_eq!(Points::parse("9.25"), Some(Points(925)));
        assert_eq!(Points::parse(" 10 "), Some(Points(1000)));
        for bad in ["", "-1", "9,", ",5", "1,234", "abc", "9,5,1", "1e3"] {
            assert_eq!(Points::parse(bad), None, "{bad}");
        }
        assert_eq!(Points(950).to_string(), "9,5");
        assert_eq!(Points(925).to_string(), "9,25");
        assert_eq!(Points(123_400).to_string(), "1.234");
        assert_eq!(Points(-500).to_string(), "-5");
    }

    #[test]
    fn a_table_must_add_up_to_its_total() {
        assert_eq!(table().check(), Ok(()));
        let mut t = table();
        t.items[1].max = Points::whole(30);
        let errs = t.check().unwrap_err();
        assert!(errs[0].message.contains("90"), "{errs:?}");
        assert!(errs[0].message.contains("100"), "{errs:?}");
        let mut t = table();
        t.items[1].code = "1".into();
        t.items[0].group = "IX".into();
        let errs = t.check().unwrap_err();
        assert!(errs.iter().any(|e| e.message.contains("trùng")));
        assert!(errs.iter().any(|e| e.message.contains("IX")));
    }

    #[test]
    fn scores_stay_within_the_maximum_and_adjustments_need_a_reason() {
        let t = table();
        assert!(check_score(&t.items[0], Points::whole(60), "").is_ok());
        let e = check_score(&t.items[0], Points(6001), "").unwrap_err();
        assert!(e.message.contains("vượt điểm tối đa 60"), "{}", e.message);
        assert!(check_score(&t.items[2], Points::whole(10), " ").is_err());
        assert!(check_score(&t.items[2], Points::whole(10), "Cờ thi đua Chính phủ 2020").is_ok());
        assert!(check_score(&t.items[2], Points::ZERO, "").is_ok());
    }

    #[test]
    fn totals_use_the_assessed_score_and_grade_by_threshold() {
        let t = table();
        let scores = |code: &str| match code {
            "1" => Score {
                own: Some(Points::whole(60)),
                assessed: Some(Points::whole(55)),
            },
            "2" => Score {
                own: Some(Points::whole(38)),
                assessed: None,
            },
            "T1" => Score {
                own: Some(Points::whole(10)),
                assessed: None,
            },
            "TR1" => Score {
                own: None,
                assessed: Some(Points::whole(2)),
            },
            _ => Score::default(),
        };
        let r = tally(&t, scores);
        assert_eq!(r.criteria, Points::whole(93));
        assert_eq!(r.total, Points::whole(101));
        assert_eq!(r.unscored, 0);
        assert_eq!(r.grade.as_deref(), Some("Hoàn thành xuất sắc"));
        // 55/60 = 91.7 % ≥ 85 %; drop criterion 2 to 33/40 = 82.5 %: only "tốt".
        let r = tally(&t, |c| match c {
            "2" => Score {
                own: Some(Points::whole(33)),
                assessed: None,
            },
            other => scores(other),
        });
        assert_eq!(r.grade.as_deref(), Some("Hoàn thành tốt"));
        assert!(scores("1").differs());
    }

    fn c(unit: i64, total: i64, women: bool, votes: Option<u32>) -> Contender {
        Contender {
            unit,
            total: Points::whole(total),
            women_majority: women,
            tie_votes: votes,
        }
    }

    #[test]
    fn ties_go_to_women_majority_then_the_vote() {
        let r = rank(&[
            c(1, 90, false, None),
            c(2, 95, false, None),
            c(3, 90, true, None),
            c(4, 80, false, None),
        ]);
        let order: Vec<(i64, u32, TieBreak)> = r.iter().map(|p| (p.unit, p.rank, p.tie)).collect();
        assert_eq!(
            order,
            vec![
                (2, 1, TieBreak::None),
                (3, 2, TieBreak::Women),
                (1, 3, TieBreak::Women),
                (4, 4, TieBreak::None)
            ]
        );
        let r = rank(&[
            c(1, 90, false, None),
            c(2, 90, false, None),
            c(3, 70, false, None),
        ]);
        assert_eq!((r[0].rank, r[1].rank, r[2].rank), (1, 1, 3));
        assert_eq!(r[0].tie, TieBreak::Unresolved);
        // A vote recorded for one of them only (left from an earlier tie) decides nothing.
        let r = rank(&[c(1, 90, false, Some(7)), c(2, 90, false, None)]);
        assert_eq!(
            (r[0].rank, r[1].rank, r[0].tie),
            (1, 1, TieBreak::Unresolved)
        );
        let r = rank(&[c(1, 90, false, Some(2)), c(2, 90, false, Some(5))]);
        assert_eq!((r[0].unit, r[0].rank, r[0].tie), (2, 1, TieBreak::Vote));
        assert_eq!((r[1].unit, r[1].rank), (1, 2));
    }

    #[test]
    fn proposals_follow_the_quotas_and_wait_for_a_vote_on_ties() {
        let r = rank(&[
            c(1, 99, false, None),
            c(2, 95, false, None),
            c(3, 90, false, None),
            c(4, 80, false, None),
        ]);
        let (p, w) = proposals(&r, 1, 2);
        assert_eq!(
            p,
            vec![
                (1, Proposal::Flag),
                (2, Proposal::Commendation),
                (3, Proposal::Commendation)
            ]
        );
        assert!(w.is_none());
        let r = rank(&[
            c(1, 99, false, None),
            c(2, 99, false, None),
            c(3, 90, false, None),
        ]);
        let (p, w) = proposals(&r, 1, 2);
        assert!(p.is_empty());
        assert!(w.unwrap().contains("biểu quyết"));
        // Two level for the last Bằng khen place: the first is proposed, the tie waits.
        let r = rank(&[
            c(1, 99, false, None),
            c(2, 95, false, None),
            c(3, 90, false, None),
            c(4, 90, false, None),
        ]);
        let (p, w) = proposals(&r, 1, 2);
        assert_eq!(p, vec![(1, Proposal::Flag), (2, Proposal::Commendation)]);
        assert!(w.is_some());
    }

    #[test]
    fn a_vote_carries_with_more_than_the_share_present() {
        assert!(vote_carried(4, 7, 50));
        assert!(!vote_carried(3, 6, 50));
        assert!(!vote_carried(0, 0, 50));
        assert!(vote_carried(6, 7, 80));
    }
}
