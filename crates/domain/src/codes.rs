//! The closed vocabularies of the domain: award codes, ratings, kinds of award,
//! disciplines, leaves… Each has one textual code (the one of `tdkt-exchange/1`
//! and of the database) and a Vietnamese label for people.

use serde::{Deserialize, Serialize};

/// An unknown code, with the vocabulary it was looked up in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("mã không hợp lệ «{code}» cho {vocabulary}")]
pub struct UnknownCode {
    pub vocabulary: &'static str,
    pub code: String,
}

/// Declares a closed vocabulary: enum, code text, Vietnamese label, parsing, serde.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The code used in files, URLs and the database.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            /// The Vietnamese name shown to people.
            pub const fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            pub fn parse(code: &str) -> Result<Self, $crate::codes::UnknownCode> {
                match code {
                    $($code => Ok($name::$variant),)+
                    _ => Err($crate::codes::UnknownCode { vocabulary: $what, code: code.to_string() }),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::codes::UnknownCode;
            fn from_str(s: &str) -> Result<Self, $crate::codes::UnknownCode> { Self::parse(s) }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { f.write_str(self.code()) }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Self::parse(&s).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}

#[doc(hidden)]
pub(crate) use vocabulary as vocabulary_pub;

vocabulary! {
    /// Emulation titles and award forms (docs/domain.md, §4 "Glossary", "Awards").
    AwardCode, "danh hiệu / hình thức khen thưởng" {
        Ldtt = "LDTT", "Lao động tiên tiến";
        Cstdcs = "CSTDCS", "Chiến sĩ thi đua cơ sở";
        CstdTinh = "CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh";
        CstdTq = "CSTD_TQ", "Chiến sĩ thi đua toàn quốc";
        Ttldtt = "TTLDTT", "Tập thể lao động tiên tiến";
        Ttldxs = "TTLDXS", "Tập thể lao động xuất sắc";
        CoTinh = "CO_TINH", "Cờ thi đua của Ủy ban nhân dân tỉnh";
        CoCp = "CO_CP", "Cờ thi đua của Chính phủ";
        GiayKhen = "GIAY_KHEN", "Giấy khen";
        BkTinh = "BK_TINH", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh";
        BkTtg = "BK_TTG", "Bằng khen của Thủ tướng Chính phủ";
        Hcld3 = "HCLD3", "Huân chương Lao động hạng Ba";
    }
}

/// Who an award is given to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SubjectKind {
    Individual,
    Collective,
}

impl AwardCode {
    /// Which subjects a code applies to. Forms (Giấy khen, Bằng khen, Huân chương)
    /// apply to both; titles to one.
    pub const fn applies_to(self) -> &'static [SubjectKind] {
        use SubjectKind::*;
        match self {
            AwardCode::Ldtt | AwardCode::Cstdcs | AwardCode::CstdTinh | AwardCode::CstdTq => {
                &[Individual]
            }
            AwardCode::Ttldtt | AwardCode::Ttldxs | AwardCode::CoTinh | AwardCode::CoCp => {
                &[Collective]
            }
            AwardCode::GiayKhen | AwardCode::BkTinh | AwardCode::BkTtg | AwardCode::Hcld3 => {
                &[Individual, Collective]
            }
        }
    }

    pub fn applies_to_kind(self, kind: SubjectKind) -> bool {
        self.applies_to().contains(&kind)
    }

    /// Emulation titles (danh hiệu thi đua) as opposed to forms of award
    /// (hình thức khen thưởng); the law treats initiative reuse differently.
    pub const fn is_title(self) -> bool {
        matches!(
            self,
            AwardCode::Ldtt
                | AwardCode::Cstdcs
                | AwardCode::CstdTinh
                | AwardCode::CstdTq
                | AwardCode::Ttldtt
                | AwardCode::Ttldxs
                | AwardCode::CoTinh
                | AwardCode::CoCp
        )
    }

    /// Short Vietnamese abbreviation as offices write it (LĐTT, CSTĐCS…).
    pub const fn short_label(self) -> &'static str {
        match self {
            AwardCode::Ldtt => "LĐTT",
            AwardCode::Cstdcs => "CSTĐCS",
            AwardCode::CstdTinh => "CSTĐ tỉnh",
            AwardCode::CstdTq => "CSTĐ toàn quốc",
            AwardCode::Ttldtt => "TTLĐTT",
            AwardCode::Ttldxs => "TTLĐXS",
            AwardCode::CoTinh => "Cờ thi đua tỉnh",
            AwardCode::CoCp => "Cờ thi đua Chính phủ",
            AwardCode::GiayKhen => "Giấy khen",
            AwardCode::BkTinh => "Bằng khen tỉnh",
            AwardCode::BkTtg => "Bằng khen Thủ tướng",
            AwardCode::Hcld3 => "Huân chương Lao động hạng Ba",
        }
    }
}

vocabulary! {
    /// Annual performance rating (xếp loại chất lượng), best first.
    Rating, "xếp loại" {
        Htxs = "HTXS", "Hoàn thành xuất sắc nhiệm vụ";
        Htt = "HTT", "Hoàn thành tốt nhiệm vụ";
        Ht = "HT", "Hoàn thành nhiệm vụ";
        Kht = "KHT", "Không hoàn thành nhiệm vụ";
    }
}

impl Rating {
    /// 3 for HTXS down to 0 for KHT: higher is better.
    pub const fn rank(self) -> u8 {
        match self {
            Rating::Htxs => 3,
            Rating::Htt => 2,
            Rating::Ht => 1,
            Rating::Kht => 0,
        }
    }

    /// `self` is `other` or better.
    pub const fn at_least(self, other: Rating) -> bool {
        self.rank() >= other.rank()
    }
}

vocabulary! {
    /// The kind of achievement an award honours (Luật 2022 Đ8). Only `CongTrang`
    /// awards count as prerequisites of higher ones (NĐ 152/2025 Đ4 k3).
    AwardKind, "loại hình khen thưởng" {
        CongTrang = "cong-trang", "Công trạng và thành tích";
        DotXuat = "dot-xuat", "Thành tích đột xuất";
        ChuyenDe = "chuyen-de", "Thi đua theo chuyên đề";
        CongHien = "cong-hien", "Quá trình cống hiến";
        NienHan = "nien-han", "Theo niên hạn";
        DoiNgoai = "doi-ngoai", "Đối ngoại";
    }
}

// Written out because the vocabulary macro owns the enum's derives.
#[allow(clippy::derivable_impls)]
impl Default for AwardKind {
    fn default() -> Self {
        AwardKind::CongTrang
    }
}

vocabulary! {
    /// Disciplinary forms, lightest first.
    DisciplineForm, "hình thức kỷ luật" {
        KhienTrach = "khien-trach", "Khiển trách";
        CanhCao = "canh-cao", "Cảnh cáo";
        HaBacLuong = "ha-bac-luong", "Hạ bậc lương";
        GiangChuc = "giang-chuc", "Giáng chức";
        CachChuc = "cach-chuc", "Cách chức";
        BuocThoiViec = "buoc-thoi-viec", "Buộc thôi việc";
    }
}

impl DisciplineForm {
    /// 1 for khiển trách up to 6 for buộc thôi việc: "từ cảnh cáo trở lên" is `severity() >= 2`.
    pub const fn severity(self) -> u8 {
        match self {
            DisciplineForm::KhienTrach => 1,
            DisciplineForm::CanhCao => 2,
            DisciplineForm::HaBacLuong => 3,
            DisciplineForm::GiangChuc => 4,
            DisciplineForm::CachChuc => 5,
            DisciplineForm::BuocThoiViec => 6,
        }
    }
}

vocabulary! {
    /// Open matters that postpone an award (NĐ 152/2025 Đ4 k4).
    ProceedingKind, "loại vụ việc đang xem xét" {
        KyLuat = "ky-luat", "Đang xem xét kỷ luật";
        ThanhTra = "thanh-tra", "Đang thanh tra, kiểm tra";
        ToCao = "to-cao", "Đang xác minh khiếu nại, tố cáo";
    }
}

vocabulary! {
    LeaveKind, "loại nghỉ" {
        ThaiSan = "thai-san", "Nghỉ thai sản";
        OmDau = "om-dau", "Nghỉ ốm đau";
        DaoTao = "dao-tao", "Đi đào tạo, bồi dưỡng";
        Khac = "khac", "Nghỉ khác";
    }
}

vocabulary! {
    TrainingResult, "kết quả học tập" {
        Gioi = "gioi", "Giỏi";
        Kha = "kha", "Khá";
        TrungBinh = "trung-binh", "Trung bình";
    }
}

vocabulary! {
    Gender, "giới tính" {
        Nam = "nam", "Nam";
        Nu = "nu", "Nữ";
    }
}

vocabulary! {
    /// Kind of employment of a period in a person's history (tdkt-exchange/1).
    EmploymentKind, "loại hình làm việc" {
        HopDong = "hop-dong", "Hợp đồng lao động";
        CongChuc = "cong-chuc", "Công chức";
        VienChuc = "vien-chuc", "Viên chức";
        Khac = "khac", "Khác";
    }
}

vocabulary! {
    /// Staff category shown on a person's record (cán bộ / công chức / viên chức / hợp đồng).
    StaffCategory, "ngạch / loại cán bộ" {
        CanBo = "can-bo", "Cán bộ";
        CongChuc = "cong-chuc", "Công chức";
        VienChuc = "vien-chuc", "Viên chức";
        HopDong = "hop-dong", "Hợp đồng lao động";
        Khac = "khac", "Khác";
    }
}

impl StaffCategory {
    /// The interchange format knows no "cán bộ": it travels as `khac`.
    pub const fn employment_kind(self) -> EmploymentKind {
        match self {
            StaffCategory::CongChuc => EmploymentKind::CongChuc,
            StaffCategory::VienChuc => EmploymentKind::VienChuc,
            StaffCategory::HopDong => EmploymentKind::HopDong,
            StaffCategory::CanBo | StaffCategory::Khac => EmploymentKind::Khac,
        }
    }
}

impl From<EmploymentKind> for StaffCategory {
    fn from(k: EmploymentKind) -> Self {
        match k {
            EmploymentKind::HopDong => StaffCategory::HopDong,
            EmploymentKind::CongChuc => StaffCategory::CongChuc,
            EmploymentKind::VienChuc => StaffCategory::VienChuc,
            EmploymentKind::Khac => StaffCategory::Khac,
        }
    }
}

vocabulary! {
    InitiativeCategory, "loại sáng kiến / đề tài" {
        SangKien = "sang-kien", "Sáng kiến";
        DeTai = "de-tai", "Đề tài khoa học";
    }
}

vocabulary! {
    /// Scope at which an initiative was recognised, narrowest first.
    InitiativeLevel, "cấp công nhận sáng kiến" {
        CoSo = "co-so", "Cấp cơ sở";
        Tinh = "tinh", "Cấp tỉnh";
        ToanQuoc = "toan-quoc", "Toàn quốc";
    }
}

impl InitiativeLevel {
    pub const fn rank(self) -> u8 {
        match self {
            InitiativeLevel::CoSo => 0,
            InitiativeLevel::Tinh => 1,
            InitiativeLevel::ToanQuoc => 2,
        }
    }
    pub const fn at_least(self, other: InitiativeLevel) -> bool {
        self.rank() >= other.rank()
    }
}

vocabulary! {
    /// Kind of unit inside an agency, as the interchange format names it.
    UnitKind, "loại đơn vị" {
        Agency = "agency", "Cơ quan";
        Department = "department", "Phòng, ban";
        Organisation = "organisation", "Tổ chức đoàn thể";
    }
}

vocabulary! {
    /// Judgements only people make (docs/exchange.md, §3 "Facts: what only people judge").
    FactKey, "nhận định" {
        Spirit = "spirit", "Tinh thần tự lực, tự cường, đoàn kết, tương trợ";
        Solidarity = "solidarity", "Nội bộ đoàn kết";
        ExemplaryConduct = "exemplary_conduct", "Gương mẫu chấp hành chủ trương, chính sách, pháp luật";
        MovementAchievement = "movement_achievement", "Có thành tích được bình xét trong phong trào thi đua";
        ExtraordinaryAchievement = "extraordinary_achievement", "Có thành tích đột xuất";
        ExceededTargets = "exceeded_targets", "Hoàn thành vượt các chỉ tiêu thi đua";
        PartyOrgRatingHtxs = "party_org_rating_htxs", "Tổ chức đảng, đoàn thể hoàn thành xuất sắc nhiệm vụ";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for a in AwardCode::ALL {
            assert_eq!(AwardCode::parse(a.code()), Ok(*a));
        }
        assert!(AwardCode::parse("LĐTT").is_err());
        let r: Rating = serde_json::from_str("\"HTT\"").unwrap();
        assert_eq!(r, Rating::Htt);
        assert!(serde_json::from_str::<Rating>("\"XS\"").is_err());
    }

    #[test]
    fn rating_order() {
        assert!(Rating::Htxs.at_least(Rating::Htt));
        assert!(!Rating::Ht.at_least(Rating::Htt));
    }

    #[test]
    fn applies_to() {
        assert!(AwardCode::Ldtt.applies_to_kind(SubjectKind::Individual));
        assert!(!AwardCode::Ttldtt.applies_to_kind(SubjectKind::Individual));
        assert!(AwardCode::BkTinh.applies_to_kind(SubjectKind::Collective));
    }
}
