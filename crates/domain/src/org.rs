//! The organisation registry: units (one tree across levels) and people, as the
//! forms and sheets give them, validated before anything is stored.

use crate::codes::{Gender, StaffCategory, UnitKind};
use crate::error::{Error, Errors};
use crate::text::{normalize_name, parse_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A level of the tree (province, department, district, commune…). Levels are
/// configuration: the 2025 reform removed districts, so no code names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub code: String,
    pub name: String,
    /// 0 for the top (province); larger is lower.
    pub rank: i32,
}

/// Levels installed by default; an administrator edits them.
pub fn default_levels() -> Vec<Level> {
    [
        ("trung-uong", "Cơ quan trung ương", -1),
        ("tinh", "Tỉnh, thành phố (UBND và cơ quan thường trực)", 0),
        ("so-nganh", "Sở, ban, ngành cấp tỉnh", 1),
        (
            "huyen",
            "Huyện, thị xã, thành phố thuộc tỉnh (đến 30/6/2025)",
            2,
        ),
        ("xa", "Xã, phường, đặc khu", 3),
        ("co-so", "Cơ quan, đơn vị cơ sở", 4),
        ("phong", "Phòng, đơn vị thuộc cơ quan", 5),
        ("doan-the", "Tổ chức đoàn thể trong cơ quan", 5),
    ]
    .into_iter()
    .map(|(code, name, rank)| Level {
        code: code.into(),
        name: name.into(),
        rank,
    })
    .collect()
}

/// A code typed by people (NV001, CĐCS, BDT-KH): letters (Vietnamese ones too),
/// digits, `-`, `_`, `.`, at most 40 characters.
pub fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.chars().count() <= 40
        && code
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// What a form gives to create or edit a unit.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct UnitInput {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    pub kind: String,
    pub level: String,
    /// Parent unit id; `None` only for a root.
    pub parent_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidUnit {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: UnitKind,
    pub level: String,
    pub parent_id: Option<i64>,
}

impl UnitInput {
    pub fn validate(&self, levels: &[Level]) -> Result<ValidUnit, Error> {
        let mut errs = Errors::default();
        let code = self.code.trim().to_string();
        if !valid_code(&code) {
            errs.add(
                "code",
                "Mã đơn vị phải có 1–40 ký tự, gồm chữ, số, dấu «-», «_» hoặc «.».",
            );
        }
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            errs.add("name", "Tên đơn vị không được để trống.");
        } else if name.chars().count() > 250 {
            errs.add("name", "Tên đơn vị dài quá 250 ký tự.");
        }
        let kind = match UnitKind::parse(self.kind.trim()) {
            Ok(k) => Some(k),
            Err(_) => {
                errs.add("kind", "Loại đơn vị không hợp lệ.");
                None
            }
        };
        if !levels.iter().any(|l| l.code == self.level) {
            errs.add("level", "Cấp đơn vị không có trong danh mục cấp.");
        }
        errs.finish()?;
        Ok(ValidUnit {
            code,
            name,
            short_name: self.short_name.trim().to_string(),
            kind: kind.unwrap_or(UnitKind::Department),
            level: self.level.clone(),
            parent_id: self.parent_id,
        })
    }
}

/// What a form or a sheet row gives for a person; text fields as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PersonInput {
    pub code: String,
    pub full_name: String,
    pub gender: String,
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub is_manager: bool,
    pub staff_category: String,
    pub unit_id: i64,
    #[serde(default)]
    pub employment_start: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidPerson {
    pub code: String,
    pub full_name: String,
    pub gender: Gender,
    pub birth_date: Option<NaiveDate>,
    pub position: String,
    pub is_manager: bool,
    pub staff_category: StaffCategory,
    pub unit_id: i64,
    pub employment_start: Option<NaiveDate>,
    pub email: String,
    pub phone: String,
}

/// Accepts `nam`/`nữ` as typed in any case and with or without the mark.
pub fn parse_gender(s: &str) -> Option<Gender> {
    match s {
        "Nam" => return Some(Gender::Nam),
        "Nữ" => return Some(Gender::Nu),
        _ => {}
    }
    match crate::text::fold(s).as_str() {
        "nam" | "m" | "male" => Some(Gender::Nam),
        "nu" | "f" | "female" => Some(Gender::Nu),
        _ => None,
    }
}

/// Accepts the codes and the Vietnamese labels of staff categories.
pub fn parse_staff_category(s: &str) -> Option<StaffCategory> {
    // Most sheets write the label exactly: no need to fold six strings.
    let exact = StaffCategory::ALL
        .iter()
        .copied()
        .find(|c| c.label() == s || c.code() == s);
    if exact.is_some() {
        return exact;
    }
    let f = crate::text::fold(s);
    StaffCategory::ALL
        .iter()
        .copied()
        .find(|c| c.code() == f || crate::text::fold(c.label()) == f)
        .or(match f.as_str() {
            "hop dong" | "hd" | "hdld" | "nguoi lao dong" => Some(StaffCategory::HopDong),
            "cong chuc" => Some(StaffCategory::CongChuc),
            "vien chuc" => Some(StaffCategory::VienChuc),
            "can bo" => Some(StaffCategory::CanBo),
            _ => None,
        })
}

impl PersonInput {
    /// Validates against `today` (birth and start dates may not lie in the future).
    pub fn validate(&self, today: NaiveDate) -> Result<ValidPerson, Error> {
        let mut date_errs = Errors::default();
        let birth_date = optional_date(&self.birth_date, "birth_date", "Ngày sinh", &mut date_errs);
        let employment_start = optional_date(
            &self.employment_start,
            "employment_start",
            "Ngày bắt đầu công tác",
            &mut date_errs,
        );
        self.check(birth_date, employment_start, today, date_errs)
    }

    /// Validates with dates already read as dates (a sheet's date cells); the
    /// text date fields are ignored.
    pub fn validate_dated(
        &self,
        birth_date: Option<NaiveDate>,
        employment_start: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<ValidPerson, Error> {
        self.check(birth_date, employment_start, today, Errors::default())
    }

    fn check(
        &self,
        birth_date: Option<NaiveDate>,
        employment_start: Option<NaiveDate>,
        today: NaiveDate,
        date_errs: Errors,
    ) -> Result<ValidPerson, Error> {
        let mut errs = Errors::default();
        let code = self.code.trim().to_string();
        if !valid_code(&code) {
            errs.add(
                "code",
                "Mã cán bộ phải có 1–40 ký tự, gồm chữ, số, dấu «-», «_» hoặc «.».",
            );
        }
        let full_name = normalize_name(&self.full_name);
        if full_name.is_empty() {
            errs.add("full_name", "Họ và tên không được để trống.");
        } else if full_name.chars().count() > 120 {
            errs.add("full_name", "Họ và tên dài quá 120 ký tự.");
        } else if full_name.chars().any(|c| c.is_ascii_digit()) {
            errs.add("full_name", "Họ và tên không được chứa chữ số.");
        }
        let gender = parse_gender(&self.gender);
        if gender.is_none() {
            errs.add("gender", "Giới tính phải là «Nam» hoặc «Nữ».");
        }
        // Dates that could not be read come here, in the order of the form.
        errs.0.extend(date_errs.0);
        if let Some(b) = birth_date {
            if b > today {
                errs.add("birth_date", "Ngày sinh không được sau ngày hôm nay.");
            } else if today.years_since(b).unwrap_or(0) < 15 {
                errs.add(
                    "birth_date",
                    "Ngày sinh không hợp lý: người lao động phải từ đủ 15 tuổi.",
                );
            }
        }
        if let (Some(s), Some(b)) = (employment_start, birth_date)
            && s <= b
        {
            errs.add(
                "employment_start",
                "Ngày bắt đầu công tác phải sau ngày sinh.",
            );
        }
        let staff_category = parse_staff_category(&self.staff_category);
        if staff_category.is_none() {
            errs.add(
                "staff_category",
                "Loại cán bộ phải là một trong: Cán bộ, Công chức, Viên chức, Hợp đồng lao động, Khác.",
            );
        }
        let email = self.email.trim().to_string();
        if !email.is_empty() && (!email.contains('@') || email.contains(' ') || email.len() > 200) {
            errs.add("email", "Thư điện tử không hợp lệ.");
        }
        let phone = self.phone.trim().to_string();
        if !phone.is_empty()
            && !phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +.-()".contains(c))
        {
            errs.add(
                "phone",
                "Số điện thoại chỉ gồm chữ số và các dấu + . - ( ).",
            );
        }
        let position = crate::text::squeeze_spaces(&self.position);
        if position.chars().count() > 200 {
            errs.add("position", "Chức vụ dài quá 200 ký tự.");
        }
        errs.finish()?;
        Ok(ValidPerson {
            code,
            full_name,
            gender: gender.unwrap_or(Gender::Nam),
            birth_date,
            position,
            is_manager: self.is_manager,
            staff_category: staff_category.unwrap_or(StaffCategory::Khac),
            unit_id: self.unit_id,
            employment_start,
            email,
            phone,
        })
    }
}

fn optional_date(s: &str, field: &str, label: &str, errs: &mut Errors) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    match parse_date(s) {
        Some(d) => Some(d),
        None => {
            errs.add(
                field,
                format!("{label} «{s}» không hợp lệ (định dạng ngày/tháng/năm, ví dụ 15/03/1985)."),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn units_resolve_by_code_name_or_short_name_and_refuse_ambiguity() {
        let r = UnitResolver::new([
            (1, "VP", "Văn phòng", "VP"),
            (2, "PCS", "Phòng Chính sách", "Chính sách"),
            (3, "VP-HUYEN", "Văn phòng", ""),
            (4, "TTR", "Thanh tra", "PCS"),
        ]);
        assert_eq!(r.resolve("VP"), Ok(1));
        assert_eq!(r.resolve(" vp "), Ok(1));
        assert_eq!(r.resolve("Phòng Chính sách"), Ok(2));
        assert_eq!(r.resolve("phong chinh sach"), Ok(2));
        assert_eq!(r.resolve("Chính sách"), Ok(2));
        // A code wins over another unit's short name, written exactly or not.
        assert_eq!(r.resolve("PCS"), Ok(2));
        assert_eq!(r.resolve("pcs"), Ok(2));
        assert_eq!(r.resolve("Thanh tra"), Ok(4));
        for ambiguous in ["Văn phòng", "van phong"] {
            assert!(
                r.resolve(ambiguous)
                    .unwrap_err()
                    .contains("Có nhiều đơn vị")
            );
        }
        assert!(
            r.resolve("Phòng Tổ chức")
                .unwrap_err()
                .contains("Không có đơn vị")
        );
        assert_eq!(r.resolve("  "), Err("Chưa ghi đơn vị.".into()));
    }

    fn person() -> PersonInput {
        PersonInput {
            code: "NV001".into(),
            full_name: " lê   thị hồng ".into(),
            gender: "Nữ".into(),
            birth_date: "12/05/1988".into(),
            position: "Chuyên viên".into(),
            is_manager: false,
            staff_category: "Công chức".into(),
            unit_id: 1,
            employment_start: "01/09/2016".into(),
            ..Default::default()
        }
    }

    #[test]
    fn valid_person() {
        let p = person().validate(today()).unwrap();
        assert_eq!(p.full_name, "Lê Thị Hồng");
        assert_eq!(p.gender, Gender::Nu);
        assert_eq!(p.staff_category, StaffCategory::CongChuc);
    }

    #[test]
    fn every_problem_reported() {
        let mut p = person();
        p.full_name = "".into();
        p.birth_date = "30/02/1990".into();
        p.gender = "x".into();
        p.code = "".into();
        let Err(Error::Validation(errs)) = p.validate(today()) else {
            panic!()
        };
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["code", "full_name", "gender", "birth_date"]);
        assert!(errs[3].message.contains("30/02/1990"));
    }

    #[test]
    fn unit_validation() {
        let levels = default_levels();
        let u = UnitInput {
            code: "CĐCS".into(),
            name: "Công đoàn  cơ sở".into(),
            kind: "organisation".into(),
            level: "doan-the".into(),
            parent_id: Some(1),
            ..Default::default()
        };
        assert_eq!(u.validate(&levels).unwrap().name, "Công đoàn cơ sở");
        let bad = UnitInput {
            code: "a b".into(),
            level: "zz".into(),
            ..u
        };
        assert!(bad.validate(&levels).is_err());
    }
}

pub use crate::unit_names::UnitResolver;

/// A dated step of the yearly cycle (DOMAIN.md "The yearly cycle").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub month: u32,
    pub day: u32,
    pub label: String,
    /// Who owes it: a role code, or empty for everyone.
    pub owner: String,
}

/// The seed's calendar (Kế hoạch 2021 of the Ban: registration by 15/03,
/// initiatives by 01/11, dossiers by 20/11) plus the statutory report date
/// (TT 02/2023/TT-BNV: 15/12). Plans of the year replace these when they exist.
pub fn default_cycle() -> Vec<Milestone> {
    [
        (
            3,
            15,
            "Các phòng gửi đăng ký thi đua về Văn phòng",
            "unit_head",
        ),
        (3, 31, "Ký kết giao ước thi đua của Khối", "secretariat"),
        (
            11,
            1,
            "Hạn nộp hồ sơ đề nghị công nhận sáng kiến",
            "unit_head",
        ),
        (11, 20, "Hạn nộp hồ sơ đề nghị khen thưởng", "unit_head"),
        (
            12,
            15,
            "Báo cáo thống kê thi đua, khen thưởng (TT 02/2023/TT-BNV)",
            "secretariat",
        ),
        (
            12,
            20,
            "Hội đồng Thi đua – Khen thưởng họp xét, Thủ trưởng quyết định",
            "agency_head",
        ),
    ]
    .into_iter()
    .map(|(month, day, label, owner)| Milestone {
        month,
        day,
        label: label.into(),
        owner: owner.into(),
    })
    .collect()
}

/// The next `n` occurrences of the cycle from `today` (this year's or next year's).
pub fn upcoming(cycle: &[Milestone], today: NaiveDate, n: usize) -> Vec<(NaiveDate, Milestone)> {
    use chrono::Datelike;
    let mut out: Vec<(NaiveDate, Milestone)> = cycle
        .iter()
        .filter_map(|m| {
            let this = NaiveDate::from_ymd_opt(today.year(), m.month, m.day)?;
            let date = if this >= today {
                this
            } else {
                NaiveDate::from_ymd_opt(today.year() + 1, m.month, m.day)?
            };
            Some((date, m.clone()))
        })
        .collect();
    out.sort_by_key(|(d, _)| *d);
    out.truncate(n);
    out
}

#[cfg(test)]
mod dated_tests {
    use super::*;

    #[test]
    fn dated_validation_keeps_the_dates() {
        let input = PersonInput {
            code: "A1".into(),
            full_name: "Lê Văn A".into(),
            gender: "nam".into(),
            staff_category: "cong-chuc".into(),
            unit_id: 1,
            ..Default::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let b = NaiveDate::from_ymd_opt(1980, 1, 1);
        let s = NaiveDate::from_ymd_opt(2005, 3, 1);
        let v = input.validate_dated(b, s, today).unwrap();
        assert_eq!((v.birth_date, v.employment_start), (b, s));
        assert!(
            input.validate_dated(s, b, today).is_err(),
            "start before birth"
        );
    }
}
