//! Parameters of the rules: every threshold docs/rules/index.md marks [U] or that a province or
//! ministry may set, with the national default of each regime, and the override file
//! (`--rules FILE`, documented in `docs/rules-overrides.md`).

use super::regime::{Regime, ymd};
use crate::codes::{AwardCode, DisciplineForm, TrainingResult};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a ratio cap becomes a whole number of people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Round down (default [U]: no national rule).
    Floor,
    /// Round half up ("nếu có số dư thì làm tròn số").
    RoundHalfUp,
}

impl Rounding {
    /// `ratio × count` as a whole number. Works in per-mille to avoid 0.15 × 20 = 2.9999….
    pub fn apply(self, ratio: f64, count: u32) -> u32 {
        let per_mille = (ratio * 1000.0).round().max(0.0) as u64;
        let scaled = per_mille * count as u64; // in thousandths
        let v = match self {
            Rounding::Floor => scaled / 1000,
            Rounding::RoundHalfUp => (scaled + 500) / 1000,
        };
        v.min(u32::MAX as u64) as u32
    }
}

/// Who makes up a collective's headcount, the denominator of the LĐTT share (TTLĐTT,
/// TTLĐXS) and of "100 % hoàn thành nhiệm vụ" [U: no national text says].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollectiveHeadcount {
    /// The people on the unit's staff on the evaluation date (the decision date, or
    /// 31/12 of the year if earlier), less new hires under `new_hire_min_months` and
    /// people on a leave of `long_training_min_days` or more (maternity excepted).
    AtEvaluation,
    /// Everyone who worked in the unit at any time in the year.
    WholeYear,
}

/// One dated value of the base salary (mức lương cơ sở), in đồng.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseSalary {
    pub from: NaiveDate,
    pub amount: u64,
}

/// The parameters of one regime. Build with [`Params::national`] and adjust with an
/// override file through [`RuleBook`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Params {
    pub regime: Regime,
    /// LĐTT: minimum whole months of continuous work at 31/12 of the evaluation year.
    /// A: 10 (NĐ 91/2017 Đ10); B: 6 (TT 01/2024/TT-BNV Đ1 k5 d); C: 6 [U].
    pub new_hire_min_months: u32,
    /// First decision date on which `new_hire_min_months` applies: the provision's own
    /// start, not the regime's (B: TT 01/2024/TT-BNV, in force 15/04/2024). Before it the
    /// condition is only reported, flagged unverified.
    pub new_hire_rule_from: Option<NaiveDate>,
    /// Two employment periods separated by at most this many days are one stretch even
    /// without a recorded transfer (a job ending 29/08 and the next starting 03/09 is not
    /// a new recruitment) [U]; flagged when it decides. A period with `transfer_from`
    /// always continues the service before it.
    pub employment_gap_days: u32,
    /// LĐTT: a discipline of at least this form decided in the evaluation year excludes
    /// the title. A: khiển trách (NĐ 91/2017); B, C: none (handled by the rating and
    /// `discipline_resets_achievements`) [U].
    pub discipline_in_year_excludes_ldtt: Option<DisciplineForm>,
    /// NĐ 152/2025 Đ4 k4: achievements count only from the end of a discipline period.
    /// C: true; A, B: false [U].
    pub discipline_resets_achievements: bool,
    /// The year in which a discipline ends counts (achievements run from the day after,
    /// NĐ 152/2025 Đ4 k4) when at least this many whole months of it remain; 12 = only
    /// whole years after the discipline, 0 = any part of the year [U: flagged when it decides].
    pub discipline_part_year_min_months: u32,
    /// A discipline without a recorded end may last this long; within that time of its
    /// decision the verdict is incomplete (the end date is asked for), after it the
    /// discipline no longer counts.
    pub discipline_max_months: u32,
    /// NĐ 335/2025 (in force 01/01/2026, công chức only): a công chức disciplined from
    /// khiển trách in the evaluation year is rated "not completed", so no LĐTT — from this
    /// evaluation year. B, C: 2026; A: none.
    pub civil_servant_discipline_from_year: Option<i32>,
    /// Open proceedings (kỷ luật, thanh tra, tố cáo) at the decision date postpone
    /// the award. C: NĐ 152/2025 Đ4 k4; A, B: same principle assumed [U].
    pub postpone_on_open_proceedings: bool,
    /// Training of at least this many days in the year counts as work only with the
    /// result below (A: ≥ 1 year and "khá", NĐ 91/2017 [S]).
    pub long_training_min_days: u32,
    pub long_training_requires: Option<TrainingResult>,
    /// Only `cong-trang` awards count as prerequisites (NĐ 152/2025 Đ4 k3; assumed in A, B [U]).
    pub only_cong_trang_prerequisites: bool,
    /// CSTĐCS: an initiative / research is required (A: NĐ 91/2017 Đ9 k3 b) or HTXS is
    /// an alternative (B, C: Luật 2022 Đ23 k2).
    pub cstdcs_requires_initiative: bool,
    /// CSTĐCS: initiatives recognised in the evaluation year and this many years before
    /// count (0 = the evaluation year only) [U].
    pub cstdcs_initiative_lookback_years: u32,
    /// CSTĐ tỉnh: the initiative must be recognised in the evaluation year or the years
    /// before it, this many in all (3 = the period of the three CSTĐCS) [U, always flagged].
    pub sk_validity_years_for_cstd_tinh: u32,
    /// BK Thủ tướng / HCLĐ: whether the year of the prerequisite award itself counts in the
    /// run of years after it (false: the run is b+1..=year) [U, flagged when it decides].
    pub periodic_counts_prereq_year: bool,
    /// CSTĐCS ≤ ratio × LĐTT per agency. A: 0.15 (NĐ 91/2017 Đ9 k3); B, C: none.
    pub cstdcs_cap_ratio: Option<f64>,
    /// Cờ thi đua Chính phủ ≤ ratio × collectives qualifying for Cờ tỉnh. A: 0.20
    /// (NĐ 91/2017 Đ11 k1); B, C: none [U].
    pub co_cp_cap_ratio: Option<f64>,
    pub cap_rounding: Rounding,
    /// Council vote thresholds, share of agree votes over all members, by award.
    pub vote_thresholds: BTreeMap<AwardCode, f64>,
    /// Share of all council members who must attend for the council to vote (Bắc
    /// Ninh QĐ 86/2025 Đ8 k4 b: 2/3; 80 % for titles there) [U: no national rule found].
    pub council_quorum: f64,
    /// Days the proposed awardees stay published for comment before the decision
    /// (Luật 2022 Đ84 k5: công khai; the period is the province's) [U].
    pub disclosure_days: u32,
    /// Denominator of the collective shares.
    pub collective_headcount: CollectiveHeadcount,
    /// TTLĐTT: share of members with LĐTT; A: > 50 % (strict); B, C: ≥ 70 % (a
    /// provincial reading of Luật 2022 Đ28, flagged unverified).
    pub ttldtt_min_ldtt_share: f64,
    pub ttldtt_share_strict: bool,
    /// TTLĐXS: share of members with LĐTT (≥ 70 % in all regimes).
    pub ttldxs_min_ldtt_share: f64,
    /// TTLĐTT (all regimes) and TTLĐXS (A): no member disciplined at this form or above
    /// in the year (cảnh cáo).
    pub collective_discipline_from: DisciplineForm,
    pub ttldxs_no_discipline: bool,
    /// Collectives: a member counts as LĐTT / CSTĐCS when the title is recorded or,
    /// with this flag, when the engine finds them eligible in the same evaluation.
    pub collective_counts_eligible_members: bool,
    /// An initiative used for one emulation title may serve another title
    /// (docs/rules/index.md: disputed, default true, flag for review) [U].
    pub allow_sk_reuse_between_titles: bool,
    /// An initiative used for a title may serve a form of award (CV 5007/BNV-TĐKT:
    /// no) and vice versa.
    pub allow_sk_reuse_title_to_form: bool,
    /// BK tỉnh point d: one initiative and one research project may be combined to
    /// make the two required (CV 1168/BNV-BTĐKT, not read in full) [U].
    pub bk_tinh_allow_mixed_sk_research: bool,
    /// BK tỉnh point d: "02 lần liên tục CSTĐCS" is a route (B, C); A knows only HTXS.
    pub bk_tinh_cstdcs_route: bool,
    /// Years covered by one CSTĐ tỉnh (3 consecutive CSTĐCS): two CSTĐ tỉnh are
    /// "consecutive" when their years differ by this.
    pub cstd_tinh_period_years: i32,
    /// Registration (đăng ký thi đua) required for annual titles: the fact `registered`
    /// must be recorded true. No national rule; provinces often require it.
    pub registration_required: bool,
    /// NĐ 152/2025 Đ4 k6: prefer women / collectives with ≥ 70 % women when several qualify.
    pub women_priority: bool,
    pub women_collective_share: f64,
    /// A bloc's proposals by rank (docs/blocs.md): the leading `bloc_flag_quota` for
    /// the province's Cờ thi đua (one per bloc unless the province sets a quota, NĐ
    /// 91/2017 Đ12; Luật 2022 Đ26), the next `bloc_commendation_quota` for a collective
    /// Bằng khen [U]; the starting values of each new bloc, which may change them.
    pub bloc_flag_quota: u32,
    pub bloc_commendation_quota: u32,
    /// The most of a year's emulation fund (carried in plus income) that may
    /// go to organising and reviewing the movements, in percent [U]
    /// (docs/fund.md).
    pub fund_organising_percent: u32,
    /// Bonus coefficients × base salary, by (award, individual?) — see `bonus.rs`.
    pub bonus_individual: BTreeMap<AwardCode, f64>,
    pub bonus_collective: BTreeMap<AwardCode, f64>,
    /// Base salary by date (ascending).
    pub base_salary: Vec<BaseSalary>,
    /// Bonus amounts are rounded up to a multiple of this (NĐ 152/2025 Đ49: hàng chục
    /// nghìn đồng); 0 or 1 = no rounding.
    pub bonus_round_up_to: u64,
    /// Criteria a province or ministry adds to an award (override file `[[criteria]]`).
    pub criteria: Vec<Criterion>,
}

/// A criterion an override file adds to an award: a fact judged by people, read either
/// as a basis (met only when recorded true) or as presumed (met unless recorded false).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub award: AwardCode,
    /// Regime ids it applies under; empty = all.
    #[serde(default)]
    pub regimes: Vec<String>,
    /// The fact key (`exceeded_targets`, or any key of the province's own).
    pub fact: String,
    #[serde(default)]
    pub presumed: bool,
    /// What the criterion says, in Vietnamese.
    pub text: String,
    /// The provision it comes from.
    pub citation: String,
}

fn thresholds(list: &[(AwardCode, f64)]) -> BTreeMap<AwardCode, f64> {
    list.iter().copied().collect()
}

impl Params {
    /// The national rules of a regime (docs/rules/), before any override.
    pub fn national(regime: Regime) -> Params {
        use AwardCode::*;
        let (bonus_individual, bonus_collective) = super::bonus::national_coefficients(regime);
        let base = Params {
            regime,
            new_hire_min_months: 6,
            new_hire_rule_from: None,
            employment_gap_days: 7,
            discipline_in_year_excludes_ldtt: None,
            discipline_resets_achievements: false,
            discipline_part_year_min_months: 6,
            discipline_max_months: 24,
            civil_servant_discipline_from_year: Some(2026),
            postpone_on_open_proceedings: true,
            long_training_min_days: 365,
            long_training_requires: None,
            only_cong_trang_prerequisites: true,
            cstdcs_requires_initiative: false,
            cstdcs_initiative_lookback_years: 0,
            sk_validity_years_for_cstd_tinh: 3,
            periodic_counts_prereq_year: false,
            cstdcs_cap_ratio: None,
            co_cp_cap_ratio: None,
            cap_rounding: Rounding::Floor,
            vote_thresholds: thresholds(&[
                (Cstdcs, 0.8),
                (CstdTinh, 0.9),
                (CstdTq, 0.9),
                (CoTinh, 0.8),
                (CoCp, 0.8),
            ]),
            council_quorum: 2.0 / 3.0,
            disclosure_days: 5,
            collective_headcount: CollectiveHeadcount::AtEvaluation,
            ttldtt_min_ldtt_share: 0.7,
            ttldtt_share_strict: false,
            ttldxs_min_ldtt_share: 0.7,
            collective_discipline_from: DisciplineForm::CanhCao,
            ttldxs_no_discipline: false,
            collective_counts_eligible_members: true,
            allow_sk_reuse_between_titles: true,
            allow_sk_reuse_title_to_form: false,
            bk_tinh_allow_mixed_sk_research: false,
            bk_tinh_cstdcs_route: true,
            cstd_tinh_period_years: 3,
            registration_required: false,
            women_priority: false,
            women_collective_share: 0.7,
            bloc_flag_quota: 1,
            bloc_commendation_quota: 2,
            fund_organising_percent: 20,
            bonus_individual,
            bonus_collective,
            base_salary: national_base_salary(),
            bonus_round_up_to: 10_000,
            criteria: Vec::new(),
        };
        match regime {
            Regime::Nd91_2017 => Params {
                new_hire_min_months: 10,
                civil_servant_discipline_from_year: None,
                discipline_in_year_excludes_ldtt: Some(DisciplineForm::KhienTrach),
                long_training_requires: Some(TrainingResult::Kha),
                cstdcs_requires_initiative: true,
                cstdcs_cap_ratio: Some(0.15),
                co_cp_cap_ratio: Some(0.20),
                // NĐ 91/2017 Đ45 k8: 90 % for CSTĐ tỉnh / toàn quốc; nothing national
                // for CSTĐCS or Cờ [U].
                vote_thresholds: thresholds(&[(CstdTinh, 0.9), (CstdTq, 0.9)]),
                ttldtt_min_ldtt_share: 0.5,
                ttldtt_share_strict: true,
                ttldxs_no_discipline: true,
                bk_tinh_cstdcs_route: false,
                ..base
            },
            // TT 01/2024/TT-BNV (its 6-month rule) is in force from 15/04/2024.
            Regime::Nd98_2023 => Params {
                new_hire_rule_from: Some(ymd(2024, 4, 15)),
                ..base
            },
            Regime::Nd152_2025 => Params {
                discipline_resets_achievements: true,
                women_priority: true,
                ..base
            },
        }
    }

    pub fn vote_threshold(&self, award: AwardCode) -> Option<f64> {
        self.vote_thresholds.get(&award).copied()
    }

    /// The base salary in force on a date.
    pub fn base_salary_on(&self, date: NaiveDate) -> Option<u64> {
        self.base_salary
            .iter()
            .filter(|b| b.from <= date)
            .max_by_key(|b| b.from)
            .map(|b| b.amount)
    }
}

/// Mức lương cơ sở: NĐ 72/2018 (1.390.000 from 01/07/2018), NĐ 38/2019 (1.490.000 from
/// 01/07/2019), NĐ 24/2023 (1.800.000 from 01/07/2023), NĐ 73/2024 (2.340.000 from
/// 01/07/2024). Later changes were not checked [U]: add them in an override file.
pub fn national_base_salary() -> Vec<BaseSalary> {
    vec![
        BaseSalary {
            from: ymd(2017, 7, 1),
            amount: 1_300_000,
        },
        BaseSalary {
            from: ymd(2018, 7, 1),
            amount: 1_390_000,
        },
        BaseSalary {
            from: ymd(2019, 7, 1),
            amount: 1_490_000,
        },
        BaseSalary {
            from: ymd(2023, 7, 1),
            amount: 1_800_000,
        },
        BaseSalary {
            from: ymd(2024, 7, 1),
            amount: 2_340_000,
        },
    ]
}

/// Overridable fields; every one optional. The TOML file has optional top-level
/// `name`/`source` strings, a `[all]` table applied to every regime, then
/// `[regime."ND91-2017"]`, `[regime."ND98-2023"]`, `[regime."ND152-2025"]` tables
/// applied after it. Unknown keys are errors (a typo must not silently keep a default).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamsOverride {
    pub new_hire_min_months: Option<u32>,
    /// A date, or `false` for "from the regime's start".
    pub new_hire_rule_from: Option<DateOrOff>,
    pub employment_gap_days: Option<u32>,
    /// `"none"` removes the rule.
    pub discipline_in_year_excludes_ldtt: Option<String>,
    pub discipline_resets_achievements: Option<bool>,
    pub discipline_part_year_min_months: Option<u32>,
    /// Formerly `discipline_default_months`.
    #[serde(alias = "discipline_default_months")]
    pub discipline_max_months: Option<u32>,
    /// A year, or `false` for none.
    pub civil_servant_discipline_from_year: Option<YearOrOff>,
    pub postpone_on_open_proceedings: Option<bool>,
    pub long_training_min_days: Option<u32>,
    /// `"none"`, `"kha"`, `"gioi"`, `"trung-binh"`.
    pub long_training_requires: Option<String>,
    pub only_cong_trang_prerequisites: Option<bool>,
    pub cstdcs_requires_initiative: Option<bool>,
    pub cstdcs_initiative_lookback_years: Option<u32>,
    pub sk_validity_years_for_cstd_tinh: Option<u32>,
    pub periodic_counts_prereq_year: Option<bool>,
    /// A number in [0, 1], or `false` to remove the cap.
    pub cstdcs_cap_ratio: Option<RatioOrOff>,
    pub co_cp_cap_ratio: Option<RatioOrOff>,
    pub cap_rounding: Option<Rounding>,
    /// Award code → share of all council members, or `false` for no vote required.
    pub vote_thresholds: Option<BTreeMap<String, RatioOrOff>>,
    pub council_quorum: Option<f64>,
    pub disclosure_days: Option<u32>,
    pub collective_headcount: Option<CollectiveHeadcount>,
    pub ttldtt_min_ldtt_share: Option<f64>,
    pub ttldtt_share_strict: Option<bool>,
    pub ttldxs_min_ldtt_share: Option<f64>,
    pub collective_discipline_from: Option<String>,
    pub ttldxs_no_discipline: Option<bool>,
    pub collective_counts_eligible_members: Option<bool>,
    pub allow_sk_reuse_between_titles: Option<bool>,
    pub allow_sk_reuse_title_to_form: Option<bool>,
    pub bk_tinh_allow_mixed_sk_research: Option<bool>,
    pub bk_tinh_cstdcs_route: Option<bool>,
    pub cstd_tinh_period_years: Option<i32>,
    pub registration_required: Option<bool>,
    pub women_priority: Option<bool>,
    pub women_collective_share: Option<f64>,
    pub bloc_flag_quota: Option<u32>,
    pub bloc_commendation_quota: Option<u32>,
    pub fund_organising_percent: Option<u32>,
    /// Award code → coefficient.
    pub bonus_individual: Option<BTreeMap<String, f64>>,
    pub bonus_collective: Option<BTreeMap<String, f64>>,
    /// Added to (or replacing, same date) the national list.
    pub base_salary: Option<Vec<BaseSalary>>,
    pub bonus_round_up_to: Option<u64>,
}

/// A date, or `false` meaning "no such date".
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum DateOrOff {
    Date(NaiveDate),
    Off(bool),
}

/// A year, or `false` meaning "never".
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum YearOrOff {
    Year(i32),
    Off(bool),
}

/// A ratio, or `false` meaning "no such rule".
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum RatioOrOff {
    Ratio(f64),
    Off(bool),
}

/// The override file as a whole.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideFile {
    /// Name of the agency / province the file is for.
    pub name: Option<String>,
    /// The legal texts it implements (e.g. "QĐ 12/2020/QĐ-UBND tỉnh Khánh Hòa").
    pub source: Option<String>,
    #[serde(default)]
    pub all: ParamsOverride,
    #[serde(default)]
    pub regime: BTreeMap<String, ParamsOverride>,
    /// Criteria of the province or ministry added to awards.
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

/// An error in an override file, in Vietnamese.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("tệp quy định riêng: {0}")]
pub struct OverrideError(pub String);

fn ratio_ok(what: &str, v: f64) -> Result<f64, OverrideError> {
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(OverrideError(format!(
            "«{what}» phải là tỉ lệ trong [0, 1], không phải {v}"
        )))
    }
}

fn ratio_opt(what: &str, v: RatioOrOff) -> Result<Option<f64>, OverrideError> {
    match v {
        RatioOrOff::Ratio(r) => ratio_ok(what, r).map(Some),
        RatioOrOff::Off(false) => Ok(None),
        RatioOrOff::Off(true) => Err(OverrideError(format!(
            "«{what}»: dùng một tỉ lệ hoặc false (không áp dụng)"
        ))),
    }
}

fn award(what: &str, code: &str) -> Result<AwardCode, OverrideError> {
    AwardCode::parse(code).map_err(|e| OverrideError(format!("«{what}»: {e}")))
}

fn discipline(what: &str, code: &str) -> Result<Option<DisciplineForm>, OverrideError> {
    if code == "none" {
        return Ok(None);
    }
    DisciplineForm::parse(code)
        .map(Some)
        .map_err(|e| OverrideError(format!("«{what}»: {e}")))
}

impl Params {
    /// Applies an override on top of these parameters.
    pub fn apply(&mut self, o: &ParamsOverride) -> Result<(), OverrideError> {
        macro_rules! set {
            ($f:ident) => {
                if let Some(v) = o.$f.clone() {
                    self.$f = v;
                }
            };
        }
        set!(new_hire_min_months);
        match o.new_hire_rule_from {
            Some(DateOrOff::Date(d)) => self.new_hire_rule_from = Some(d),
            Some(DateOrOff::Off(false)) => self.new_hire_rule_from = None,
            Some(DateOrOff::Off(true)) => {
                return Err(OverrideError(
                    "«new_hire_rule_from»: dùng một ngày (YYYY-MM-DD) hoặc false".into(),
                ));
            }
            None => {}
        }
        if let Some(v) = o.employment_gap_days {
            if v > 366 {
                return Err(OverrideError(format!(
                    "«employment_gap_days» không hợp lệ: {v} (tối đa 366)"
                )));
            }
            self.employment_gap_days = v;
        }
        if let Some(v) = &o.discipline_in_year_excludes_ldtt {
            self.discipline_in_year_excludes_ldtt =
                discipline("discipline_in_year_excludes_ldtt", v)?;
        }
        set!(discipline_resets_achievements);
        if let Some(v) = o.discipline_part_year_min_months {
            if v > 12 {
                return Err(OverrideError(format!(
                    "«discipline_part_year_min_months» không hợp lệ: {v} (0–12)"
                )));
            }
            self.discipline_part_year_min_months = v;
        }
        if let Some(v) = o.discipline_max_months {
            if !(1..=120).contains(&v) {
                return Err(OverrideError(format!(
                    "«discipline_max_months» không hợp lệ: {v} (1–120)"
                )));
            }
            self.discipline_max_months = v;
        }
        match o.civil_servant_discipline_from_year {
            Some(YearOrOff::Year(y)) => self.civil_servant_discipline_from_year = Some(y),
            Some(YearOrOff::Off(false)) => self.civil_servant_discipline_from_year = None,
            Some(YearOrOff::Off(true)) => {
                return Err(OverrideError(
                    "«civil_servant_discipline_from_year»: dùng một năm hoặc false".into(),
                ));
            }
            None => {}
        }
        set!(postpone_on_open_proceedings);
        set!(long_training_min_days);
        if let Some(v) = &o.long_training_requires {
            self.long_training_requires = if v == "none" {
                None
            } else {
                Some(
                    TrainingResult::parse(v)
                        .map_err(|e| OverrideError(format!("«long_training_requires»: {e}")))?,
                )
            };
        }
        set!(only_cong_trang_prerequisites);
        set!(cstdcs_requires_initiative);
        set!(cstdcs_initiative_lookback_years);
        if let Some(v) = o.sk_validity_years_for_cstd_tinh {
            if !(1..=10).contains(&v) {
                return Err(OverrideError(format!(
                    "«sk_validity_years_for_cstd_tinh» không hợp lệ: {v} (1–10)"
                )));
            }
            self.sk_validity_years_for_cstd_tinh = v;
        }
        set!(periodic_counts_prereq_year);
        if let Some(v) = o.cstdcs_cap_ratio {
            self.cstdcs_cap_ratio = ratio_opt("cstdcs_cap_ratio", v)?;
        }
        if let Some(v) = o.co_cp_cap_ratio {
            self.co_cp_cap_ratio = ratio_opt("co_cp_cap_ratio", v)?;
        }
        set!(cap_rounding);
        if let Some(map) = &o.vote_thresholds {
            for (code, v) in map {
                let a = award("vote_thresholds", code)?;
                match ratio_opt("vote_thresholds", *v)? {
                    Some(r) => {
                        self.vote_thresholds.insert(a, r);
                    }
                    None => {
                        self.vote_thresholds.remove(&a);
                    }
                }
            }
        }
        set!(collective_headcount);
        if let Some(v) = o.ttldtt_min_ldtt_share {
            self.ttldtt_min_ldtt_share = ratio_ok("ttldtt_min_ldtt_share", v)?;
        }
        set!(ttldtt_share_strict);
        if let Some(v) = o.ttldxs_min_ldtt_share {
            self.ttldxs_min_ldtt_share = ratio_ok("ttldxs_min_ldtt_share", v)?;
        }
        if let Some(v) = &o.collective_discipline_from {
            self.collective_discipline_from = discipline("collective_discipline_from", v)?
                .ok_or_else(|| {
                    OverrideError("«collective_discipline_from» không thể là none".into())
                })?;
        }
        set!(ttldxs_no_discipline);
        set!(collective_counts_eligible_members);
        set!(allow_sk_reuse_between_titles);
        set!(allow_sk_reuse_title_to_form);
        set!(bk_tinh_allow_mixed_sk_research);
        set!(bk_tinh_cstdcs_route);
        if let Some(v) = o.cstd_tinh_period_years {
            if !(1..=10).contains(&v) {
                return Err(OverrideError(format!(
                    "«cstd_tinh_period_years» không hợp lệ: {v}"
                )));
            }
            self.cstd_tinh_period_years = v;
        }
        set!(registration_required);
        set!(women_priority);
        for (what, v) in [
            ("bloc_flag_quota", o.bloc_flag_quota),
            ("bloc_commendation_quota", o.bloc_commendation_quota),
            ("fund_organising_percent", o.fund_organising_percent),
        ] {
            if v.is_some_and(|v| v > 100) {
                return Err(OverrideError(format!("«{what}» không hợp lệ (0–100)")));
            }
        }
        set!(bloc_flag_quota);
        set!(bloc_commendation_quota);
        set!(fund_organising_percent);
        if let Some(v) = o.council_quorum {
            self.council_quorum = ratio_ok("council_quorum", v)?;
        }
        set!(disclosure_days);
        if let Some(v) = o.women_collective_share {
            self.women_collective_share = ratio_ok("women_collective_share", v)?;
        }
        for (src, dst) in [
            (&o.bonus_individual, &mut self.bonus_individual),
            (&o.bonus_collective, &mut self.bonus_collective),
        ] {
            if let Some(map) = src {
                for (code, v) in map {
                    if !(0.0..=1000.0).contains(v) {
                        return Err(OverrideError(format!(
                            "hệ số tiền thưởng {code} không hợp lệ: {v}"
                        )));
                    }
                    dst.insert(award("bonus", code)?, *v);
                }
            }
        }
        if let Some(list) = &o.base_salary {
            for b in list {
                self.base_salary.retain(|x| x.from != b.from);
                self.base_salary.push(*b);
            }
            self.base_salary.sort_by_key(|b| b.from);
        }
        set!(bonus_round_up_to);
        Ok(())
    }
}

/// The parameters of all three regimes: national defaults plus an optional override.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleBook {
    params: [Params; 3],
    /// Name of the override applied, if any.
    pub name: Option<String>,
    pub source: Option<String>,
}

impl Default for RuleBook {
    fn default() -> Self {
        RuleBook::national()
    }
}

impl RuleBook {
    pub fn national() -> RuleBook {
        RuleBook {
            params: Regime::ALL.map(Params::national),
            name: None,
            source: None,
        }
    }

    /// National rules with an override file (TOML text) applied.
    pub fn from_toml(text: &str) -> Result<RuleBook, OverrideError> {
        let file: OverrideFile = toml::from_str(text).map_err(|e| OverrideError(e.to_string()))?;
        RuleBook::with_overrides(&file)
    }

    pub fn with_overrides(file: &OverrideFile) -> Result<RuleBook, OverrideError> {
        let mut book = RuleBook::national();
        for key in file.regime.keys() {
            if Regime::parse(key).is_none() {
                return Err(OverrideError(format!(
                    "chế độ pháp lý không hợp lệ «{key}» (ND91-2017 | ND98-2023 | ND152-2025)"
                )));
            }
        }
        for c in &file.criteria {
            if let Some(r) = c.regimes.iter().find(|r| Regime::parse(r).is_none()) {
                return Err(OverrideError(format!(
                    "tiêu chí «{}» của {}: chế độ pháp lý không hợp lệ «{r}»",
                    c.fact,
                    c.award.code()
                )));
            }
            if c.fact.trim().is_empty() || c.text.trim().is_empty() || c.citation.trim().is_empty()
            {
                return Err(OverrideError(format!(
                    "tiêu chí của {}: cần đủ «fact», «text» và «citation»",
                    c.award.code()
                )));
            }
        }
        for p in book.params.iter_mut() {
            p.apply(&file.all)?;
            if let Some(o) = file.regime.get(p.regime.id()) {
                p.apply(o)?;
            }
            p.criteria.extend(
                file.criteria
                    .iter()
                    .filter(|c| {
                        c.regimes.is_empty() || c.regimes.iter().any(|r| r == p.regime.id())
                    })
                    .cloned(),
            );
        }
        book.name = file.name.clone();
        book.source = file.source.clone();
        Ok(book)
    }

    pub fn params(&self, regime: Regime) -> &Params {
        match regime {
            Regime::Nd91_2017 => &self.params[0],
            Regime::Nd98_2023 => &self.params[1],
            Regime::Nd152_2025 => &self.params[2],
        }
    }

    pub fn params_mut(&mut self, regime: Regime) -> &mut Params {
        match regime {
            Regime::Nd91_2017 => &mut self.params[0],
            Regime::Nd98_2023 => &mut self.params[1],
            Regime::Nd152_2025 => &mut self.params[2],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding() {
        assert_eq!(Rounding::Floor.apply(0.15, 20), 3);
        assert_eq!(Rounding::Floor.apply(0.15, 19), 2);
        assert_eq!(Rounding::RoundHalfUp.apply(0.15, 19), 3);
        assert_eq!(Rounding::Floor.apply(0.15, 0), 0);
    }

    #[test]
    fn overrides_apply_and_reject_typos() {
        let book = RuleBook::from_toml(
            r#"
            name = "Tỉnh X"
            [all]
            new_hire_min_months = 8
            [regime."ND152-2025"]
            cstdcs_cap_ratio = 0.2
            vote_thresholds = { CSTDCS = 0.75, CO_TINH = false }
            "#,
        )
        .unwrap();
        let c = book.params(Regime::Nd152_2025);
        assert_eq!(c.new_hire_min_months, 8);
        assert_eq!(c.cstdcs_cap_ratio, Some(0.2));
        assert_eq!(c.vote_threshold(AwardCode::Cstdcs), Some(0.75));
        assert_eq!(c.vote_threshold(AwardCode::CoTinh), None);
        assert_eq!(book.params(Regime::Nd91_2017).new_hire_min_months, 8);
        assert!(RuleBook::from_toml("[all]\nnew_hire_months = 3").is_err());
        assert!(RuleBook::from_toml("[regime.\"ND99\"]\n").is_err());
        assert!(RuleBook::from_toml("[all]\ncstdcs_cap_ratio = 1.5").is_err());
        assert!(RuleBook::from_toml("[all.vote_thresholds]\nXYZ = 0.5").is_err());
    }

    #[test]
    fn base_salary_override() {
        let book = RuleBook::from_toml(
            "[all]\nbase_salary = [{ from = \"2026-07-01\", amount = 2530000 }]\n",
        )
        .unwrap();
        let p = book.params(Regime::Nd152_2025);
        assert_eq!(p.base_salary_on(ymd(2026, 7, 1)), Some(2_530_000));
        assert_eq!(p.base_salary_on(ymd(2026, 6, 30)), Some(2_340_000));
    }

    #[test]
    fn base_salary_by_date() {
        let p = Params::national(Regime::Nd152_2025);
        assert_eq!(p.base_salary_on(ymd(2019, 7, 1)), Some(1_490_000));
        assert_eq!(p.base_salary_on(ymd(2024, 6, 30)), Some(1_800_000));
        assert_eq!(p.base_salary_on(ymd(2025, 12, 31)), Some(2_340_000));
    }
}
