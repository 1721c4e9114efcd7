//! The seed's agency as demo data: Ban Dân tộc tỉnh Khánh Hòa inside its
//! province's tree, the bodies of the plan's "Nơi nhận", the 2021 bloc, about
//! forty fictional staff with a few years of history, and one account per
//! role. Loaded once, on the first start of `tdkt demo`; later issues add the
//! 2021 plan, registrations and awards here.

use chrono::NaiveDate;
use tdkt_domain::auth::Role;
use tdkt_domain::codes::{
    AwardCode, AwardKind, InitiativeCategory, InitiativeLevel, LeaveKind, Rating,
};
use tdkt_domain::org::{PersonInput, UnitInput};
use tdkt_store::history::{NewAward, NewInitiative, Subject};
use tdkt_store::{Actor, Store, WriteTx};

/// The rule overrides of the demo agency's province (Khánh Hòa).
pub const PROVINCE_RULES: &str = include_str!("../../../config/rules/khanh-hoa.toml");

pub const AGENCY_NAME: &str = "Ban Dân tộc tỉnh Khánh Hòa";

/// Địa danh of the demo agency's documents.
pub const PLACE: &str = "Khánh Hòa";

/// (username, password, role, unit code, display name). Demo only.
pub const ACCOUNTS: &[(&str, &str, &str, &str, &str)] = &[
    ("admin", "admin", "admin", "UBND-KH", "Quản trị hệ thống"),
    (
        "vanphong",
        "vanphong",
        "secretariat",
        "BDT-KH",
        "Trần Thị Thu Hà (Văn phòng Ban)",
    ),
    (
        "truongban",
        "truongban",
        "agency_head",
        "BDT-KH",
        "Đặng Văn Tuấn (Trưởng Ban)",
    ),
    (
        "hoidong",
        "hoidong",
        "council_member",
        "BDT-KH",
        "Cao Minh Đức (Phó Trưởng Ban, thành viên Hội đồng TĐKT)",
    ),
    (
        "cucthongke",
        "cucthongke",
        "secretariat",
        "CTK-KH",
        "Phạm Thu Trang (Văn phòng Cục Thống kê tỉnh, thành viên Khối thi đua)",
    ),
    (
        "truongphong",
        "truongphong",
        "unit_head",
        "PCS",
        "Nguyễn Văn Hùng (Trưởng phòng Chính sách)",
    ),
    (
        "canbo",
        "canbo",
        "unit_clerk",
        "PCS",
        "Lê Thị Mai (phụ trách thi đua, Phòng Chính sách)",
    ),
    ("xem", "xem", "viewer", "BDT-KH", "Người xem"),
    (
        "phoban",
        "phoban",
        "council_member",
        "BDT-KH",
        "Phan Thị Ngọc Lan (Phó Trưởng Ban)",
    ),
    (
        "chanhthanhtra",
        "chanhthanhtra",
        "council_member",
        "BDT-KH",
        "Lê Văn Khánh (Chánh Thanh tra)",
    ),
    (
        "truongphongkh",
        "truongphongkh",
        "council_member",
        "BDT-KH",
        "Võ Thị Thanh Tâm (Trưởng phòng KH-TH)",
    ),
    (
        "congdoan",
        "congdoan",
        "council_member",
        "BDT-KH",
        "Bùi Thị Kim Oanh (Chủ tịch Công đoàn)",
    ),
    (
        "doanthanhnien",
        "doanthanhnien",
        "council_member",
        "BDT-KH",
        "Lê Thị Hồng (Bí thư Chi đoàn)",
    ),
];

/// The person each demo account is (a council member steps aside from
/// themselves and their own department; the head's name signs decisions).
const ACCOUNT_PEOPLE: &[(&str, &str)] = &[
    ("vanphong", "BDT004"),
    ("truongban", "BDT001"),
    ("hoidong", "BDT003"),
    ("truongphong", "BDT018"),
    ("phoban", "BDT002"),
    ("chanhthanhtra", "BDT013"),
    ("truongphongkh", "BDT028"),
    ("congdoan", "BDT019"),
    ("doanthanhnien", "BDT006"),
];

const META_KEY: &str = "demo_loaded";

/// Loads the demo on the first start (files of its dossiers under `files_dir`),
/// then makes sure the rules engine's verdicts are stored with its dossiers.
pub async fn ensure_loaded(
    store: &Store,
    files_dir: &std::path::Path,
    book: &tdkt_domain::rules::RuleBook,
) -> anyhow::Result<()> {
    if store.meta(META_KEY).await.map_err(err)?.is_none() {
        let actor = Actor::system("tdkt demo (nạp dữ liệu mẫu)");
        let mut w = store.begin(&actor).await.map_err(err)?;
        load(store, &mut w, files_dir, book).await?;
        w.set_meta(META_KEY, "2021").await.map_err(err)?;
        w.commit().await.map_err(err)?;
        println!("Đã nạp dữ liệu mẫu: {AGENCY_NAME}.");
    }
    crate::demo_year_end::ensure_verdicts(store, book).await?;
    crate::demo_council::ensure_loaded(store, book).await
}

fn err(e: tdkt_domain::error::Error) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

/// Units: (code, name, short name, kind, level, parent code).
type UnitRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);
const UNITS: &[UnitRow] = &[
    (
        "UBDT",
        "Ủy ban Dân tộc",
        "UBDT",
        "agency",
        "trung-uong",
        None,
    ),
    (
        "UBND-KH",
        "Ủy ban nhân dân tỉnh Khánh Hòa",
        "UBND tỉnh",
        "agency",
        "tinh",
        None,
    ),
    (
        "HDTDKT-KH",
        "Hội đồng Thi đua – Khen thưởng tỉnh Khánh Hòa",
        "HĐ TĐKT tỉnh",
        "agency",
        "so-nganh",
        Some("UBND-KH"),
    ),
    (
        "SNV-KH",
        "Sở Nội vụ tỉnh Khánh Hòa",
        "Sở Nội vụ",
        "agency",
        "so-nganh",
        Some("UBND-KH"),
    ),
    (
        "SNV-TDKT",
        "Ban Thi đua – Khen thưởng tỉnh (Sở Nội vụ)",
        "Ban TĐ-KT tỉnh",
        "department",
        "phong",
        Some("SNV-KH"),
    ),
    (
        "VP-UBND-KH",
        "Văn phòng Ủy ban nhân dân tỉnh Khánh Hòa",
        "VP UBND tỉnh",
        "agency",
        "so-nganh",
        Some("UBND-KH"),
    ),
    (
        "VP-DDBQH-HDND-KH",
        "Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh Khánh Hòa",
        "VP Đoàn ĐBQH và HĐND",
        "agency",
        "so-nganh",
        Some("UBND-KH"),
    ),
    (
        "SKHDT-KH",
        "Sở Kế hoạch và Đầu tư tỉnh Khánh Hòa",
        "Sở KH&ĐT",
        "agency",
        "so-nganh",
        Some("UBND-KH"),
    ),
    (
        "CTK-KH",
        "Cục Thống kê tỉnh Khánh Hòa",
        "Cục Thống kê",
        "agency",
        "so-nganh",
        Some("UBND-KH"),
    ),
    (
        "BQL-KKT-VP",
        "Ban Quản lý Khu Kinh tế Vân Phong",
        "BQL KKT Vân Phong",
        "agency",
        "so-nganh",
        Some("UBND-KH"),
    ),
    (
        "BDT-KH",
        "Ban Dân tộc tỉnh Khánh Hòa",
        "Ban Dân tộc",
        "agency",
        "so-nganh",
        Some("UBND-KH"),
    ),
    (
        "VP",
        "Văn phòng Ban",
        "Văn phòng",
        "department",
        "phong",
        Some("BDT-KH"),
    ),
    (
        "TTR",
        "Thanh tra Ban",
        "Thanh tra",
        "department",
        "phong",
        Some("BDT-KH"),
    ),
    (
        "PCS",
        "Phòng Chính sách",
        "Phòng CS",
        "department",
        "phong",
        Some("BDT-KH"),
    ),
    (
        "KHTH",
        "Phòng Kế hoạch – Tổng hợp",
        "Phòng KH-TH",
        "department",
        "phong",
        Some("BDT-KH"),
    ),
    (
        "CĐCS",
        "Công đoàn cơ sở Ban Dân tộc",
        "CĐCS",
        "organisation",
        "doan-the",
        Some("BDT-KH"),
    ),
    (
        "ĐTN",
        "Đoàn Thanh niên Ban Dân tộc",
        "Đoàn TN",
        "organisation",
        "doan-the",
        Some("BDT-KH"),
    ),
    (
        "UBND-KV",
        "Ủy ban nhân dân huyện Khánh Vĩnh",
        "UBND H. Khánh Vĩnh",
        "agency",
        "huyen",
        Some("UBND-KH"),
    ),
    (
        "PDT-KV",
        "Phòng Dân tộc huyện Khánh Vĩnh",
        "Phòng DT Khánh Vĩnh",
        "agency",
        "co-so",
        Some("UBND-KV"),
    ),
    (
        "UBND-KS",
        "Ủy ban nhân dân huyện Khánh Sơn",
        "UBND H. Khánh Sơn",
        "agency",
        "huyen",
        Some("UBND-KH"),
    ),
    (
        "PDT-KS",
        "Phòng Dân tộc huyện Khánh Sơn",
        "Phòng DT Khánh Sơn",
        "agency",
        "co-so",
        Some("UBND-KS"),
    ),
    (
        "UBND-CR",
        "Ủy ban nhân dân thành phố Cam Ranh",
        "UBND TP. Cam Ranh",
        "agency",
        "huyen",
        Some("UBND-KH"),
    ),
    (
        "PDT-CR",
        "Phòng Dân tộc thành phố Cam Ranh",
        "Phòng DT Cam Ranh",
        "agency",
        "co-so",
        Some("UBND-CR"),
    ),
];

/// Staff of the Ban: (code, name, gender, birth, position, manager, category, unit, start).
type StaffRow = (
    &'static str,
    &'static str,
    &'static str,
    (i32, u32, u32),
    &'static str,
    bool,
    &'static str,
    &'static str,
    (i32, u32, u32),
);
#[rustfmt::skip]
const STAFF: &[StaffRow] = &[
    ("BDT001", "Đặng Văn Tuấn", "nam", (1968, 4, 12), "Trưởng Ban", true, "cong-chuc", "BDT-KH", (1992, 8, 1)),
    ("BDT002", "Phan Thị Ngọc Lan", "nu", (1972, 9, 3), "Phó Trưởng Ban", true, "cong-chuc", "BDT-KH", (1995, 3, 1)),
    ("BDT003", "Cao Minh Đức", "nam", (1975, 1, 21), "Phó Trưởng Ban", true, "cong-chuc", "BDT-KH", (1998, 7, 15)),
    ("BDT004", "Trần Thị Thu Hà", "nu", (1978, 6, 30), "Chánh Văn phòng", true, "cong-chuc", "VP", (2001, 9, 1)),
    ("BDT005", "Võ Quang Vinh", "nam", (1980, 11, 2), "Phó Chánh Văn phòng", true, "cong-chuc", "VP", (2004, 2, 1)),
    ("BDT006", "Lê Thị Hồng", "nu", (1988, 5, 12), "Chuyên viên", false, "cong-chuc", "VP", (2016, 9, 1)),
    ("BDT007", "Nguyễn Thị Bích Ngọc", "nu", (1990, 2, 14), "Kế toán", false, "cong-chuc", "VP", (2014, 4, 1)),
    ("BDT008", "Hồ Văn Thành", "nam", (1985, 8, 8), "Chuyên viên", false, "cong-chuc", "VP", (2010, 10, 1)),
    ("BDT009", "Mấu Thị Hoa", "nu", (1992, 12, 1), "Văn thư", false, "vien-chuc", "VP", (2017, 3, 1)),
    ("BDT010", "Phạm Văn Tám", "nam", (1979, 7, 19), "Lái xe", false, "hop-dong", "VP", (2008, 1, 1)),
    ("BDT011", "Bo Bo Thị Sương", "nu", (1995, 3, 25), "Chuyên viên", false, "cong-chuc", "VP", (2021, 3, 15)),
    ("BDT012", "Nguyễn Văn Bảo", "nam", (1983, 10, 10), "Nhân viên bảo vệ", false, "hop-dong", "VP", (2012, 6, 1)),
    ("BDT013", "Lê Văn Khánh", "nam", (1976, 4, 4), "Chánh Thanh tra", true, "cong-chuc", "TTR", (2000, 5, 1)),
    ("BDT014", "Đinh Thị Thảo", "nu", (1986, 9, 9), "Phó Chánh Thanh tra", true, "cong-chuc", "TTR", (2009, 8, 1)),
    ("BDT015", "Trương Công Minh", "nam", (1989, 1, 30), "Thanh tra viên", false, "cong-chuc", "TTR", (2013, 11, 1)),
    ("BDT016", "Pi Năng Thị Lý", "nu", (1993, 6, 6), "Thanh tra viên", false, "cong-chuc", "TTR", (2018, 2, 1)),
    ("BDT017", "Huỳnh Anh Tuấn", "nam", (1991, 3, 17), "Chuyên viên", false, "cong-chuc", "TTR", (2015, 7, 1)),
    ("BDT018", "Nguyễn Văn Hùng", "nam", (1977, 12, 12), "Trưởng phòng", true, "cong-chuc", "PCS", (2002, 1, 2)),
    ("BDT019", "Bùi Thị Kim Oanh", "nu", (1982, 2, 28), "Phó Trưởng phòng", true, "cong-chuc", "PCS", (2006, 9, 1)),
    ("BDT020", "Lê Thị Mai", "nu", (1987, 8, 20), "Chuyên viên chính", false, "cong-chuc", "PCS", (2011, 3, 1)),
    ("BDT021", "Cao Văn Sang", "nam", (1990, 5, 5), "Chuyên viên", false, "cong-chuc", "PCS", (2014, 10, 1)),
    ("BDT022", "Mang Thị Út", "nu", (1994, 11, 11), "Chuyên viên", false, "cong-chuc", "PCS", (2019, 6, 1)),
    ("BDT023", "Đỗ Minh Quân", "nam", (1988, 7, 7), "Chuyên viên", false, "cong-chuc", "PCS", (2012, 12, 1)),
    ("BDT024", "Phạm Thị Ánh", "nu", (1991, 4, 23), "Chuyên viên", false, "vien-chuc", "PCS", (2016, 1, 4)),
    ("BDT025", "Nguyễn Thị An", "nu", (1996, 10, 2), "Chuyên viên", false, "cong-chuc", "PCS", (2021, 4, 1)),
    ("BDT026", "Trần Văn Dũng", "nam", (1984, 3, 3), "Chuyên viên chính", false, "cong-chuc", "PCS", (2008, 8, 1)),
    ("BDT027", "Cà Thị Xuân", "nu", (1989, 9, 29), "Chuyên viên", false, "cong-chuc", "PCS", (2013, 5, 1)),
    ("BDT028", "Võ Thị Thanh Tâm", "nu", (1981, 1, 1), "Trưởng phòng", true, "cong-chuc", "KHTH", (2005, 4, 1)),
    ("BDT029", "Lâm Quốc Bình", "nam", (1985, 6, 16), "Phó Trưởng phòng", true, "cong-chuc", "KHTH", (2009, 2, 1)),
    ("BDT030", "Nguyễn Hoàng Long", "nam", (1990, 8, 8), "Chuyên viên", false, "cong-chuc", "KHTH", (2014, 9, 1)),
    ("BDT031", "Trần Thị Hường", "nu", (1992, 2, 2), "Chuyên viên", false, "cong-chuc", "KHTH", (2016, 6, 1)),
    ("BDT032", "Katơr Văn Phúc", "nam", (1993, 12, 24), "Chuyên viên", false, "cong-chuc", "KHTH", (2018, 10, 1)),
    ("BDT033", "Lê Thị Yến", "nu", (1987, 4, 14), "Chuyên viên chính", false, "cong-chuc", "KHTH", (2010, 7, 1)),
    ("BDT034", "Phan Văn Lợi", "nam", (1983, 5, 25), "Chuyên viên", false, "cong-chuc", "KHTH", (2007, 11, 1)),
    ("BDT035", "Ngô Thị Thu Trang", "nu", (1995, 7, 31), "Chuyên viên", false, "vien-chuc", "KHTH", (2020, 2, 1)),
    ("BDT036", "Đặng Thị Ân", "nu", (1994, 1, 15), "Chuyên viên", false, "cong-chuc", "KHTH", (2019, 9, 1)),
    ("BDT037", "Hoàng Đức", "nam", (1986, 10, 20), "Chuyên viên", false, "cong-chuc", "KHTH", (2011, 1, 3)),
    ("BDT038", "Nguyễn Văn An", "nam", (1997, 3, 8), "Chuyên viên", false, "cong-chuc", "VP", (2020, 10, 1)),
    ("BDT039", "Tô Thị Liên", "nu", (1980, 8, 1), "Phục vụ", false, "hop-dong", "VP", (2010, 1, 1)),
    ("BDT040", "Mai Xuân Thịnh", "nam", (1984, 2, 19), "Chuyên viên", false, "cong-chuc", "TTR", (2012, 3, 1)),
];

/// A small deterministic generator, so every demo has the same history.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

async fn load(
    store: &Store,
    w: &mut WriteTx<'_>,
    files_dir: &std::path::Path,
    book: &tdkt_domain::rules::RuleBook,
) -> anyhow::Result<()> {
    let levels = store.levels().await.map_err(err)?;
    let mut ids = std::collections::HashMap::new();
    for (code, name, short, kind, level, parent) in UNITS {
        let input = UnitInput {
            code: code.to_string(),
            name: name.to_string(),
            short_name: short.to_string(),
            kind: kind.to_string(),
            level: level.to_string(),
            parent_id: parent.and_then(|p| ids.get(p).copied()),
        };
        let v = input.validate(&levels).map_err(err)?;
        let u = w.create_unit(&v, d(2015, 1, 1)).await.map_err(err)?;
        ids.insert(*code, u.id);
    }
    let mut people = Vec::new();
    for (code, name, gender, birth, position, manager, category, unit, start) in STAFF {
        let input = PersonInput {
            code: code.to_string(),
            full_name: name.to_string(),
            gender: gender.to_string(),
            birth_date: d(birth.0, birth.1, birth.2).format("%d/%m/%Y").to_string(),
            position: position.to_string(),
            is_manager: *manager,
            staff_category: category.to_string(),
            unit_id: ids[unit],
            employment_start: d(start.0, start.1, start.2).format("%d/%m/%Y").to_string(),
            ..Default::default()
        };
        let v = input.validate(d(2026, 1, 1)).map_err(err)?;
        let p = w.create_person(&v).await.map_err(err)?;
        people.push((p.id, *code, *unit, d(start.0, start.1, start.2)));
    }
    // History 2018–2020: ratings, LĐTT for HTT and better, CSTĐCS with an initiative
    // for some HTXS, a provincial certificate of merit for two runs.
    let mut rng = Lcg(2021);
    let issuer = "Trưởng Ban Dân tộc tỉnh Khánh Hòa";
    let decision = |y: i32| (format!("{}/QĐ-BDT", 80 + (y - 2018) * 3), d(y, 12, 22));
    let mut sk = 0;
    for (pid, code, unit, start) in &people {
        let mut htxs_run = 0;
        for year in 2018..=2020 {
            if *start > d(year, 3, 1) {
                continue;
            }
            let roll = rng.below(100);
            let rating = if roll < 22 {
                Rating::Htxs
            } else if roll < 92 {
                Rating::Htt
            } else {
                Rating::Ht
            };
            w.put_rating(Subject::Person(*pid), year, rating)
                .await
                .map_err(err)?;
            if rating.at_least(Rating::Htt) {
                let (no, date) = decision(year);
                w.add_award(
                    Subject::Person(*pid),
                    &award(AwardCode::Ldtt, year, &no, date, issuer, unit),
                )
                .await
                .map_err(err)?;
            }
            if rating == Rating::Htxs {
                htxs_run += 1;
                sk += 1;
                let sk_code = format!("SK-{year}-{sk:02}");
                let title = INITIATIVE_TITLES[sk % INITIATIVE_TITLES.len()];
                let (no, date) = decision(year);
                w.put_initiative(&NewInitiative {
                    code: sk_code,
                    title: title.into(),
                    category: InitiativeCategory::SangKien,
                    level: InitiativeLevel::CoSo,
                    recognized_on: Some(d(year, 10, 25)),
                    effect_confirmed: true,
                    authors: vec![*pid],
                    used_for: vec![(AwardCode::Cstdcs, year)],
                })
                .await
                .map_err(err)?;
                w.add_award(
                    Subject::Person(*pid),
                    &award(
                        AwardCode::Cstdcs,
                        year,
                        &format!(
                            "{}/QĐ-BDT",
                            no.trim_end_matches("/QĐ-BDT").parse::<i32>().unwrap_or(80) + 1
                        ),
                        date,
                        issuer,
                        unit,
                    ),
                )
                .await
                .map_err(err)?;
            } else {
                htxs_run = 0;
            }
            if htxs_run == 2 && *code < "BDT010" {
                w.add_award(
                    Subject::Person(*pid),
                    &award(
                        AwardCode::BkTinh,
                        year,
                        &format!("{}/QĐ-UBND", 3100 + year - 2018),
                        d(year + 1, 1, 15),
                        "Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa",
                        unit,
                    ),
                )
                .await
                .map_err(err)?;
            }
        }
    }
    // A maternity leave in 2021 (counted as working time for titles).
    if let Some((pid, ..)) = people.iter().find(|p| p.1 == "BDT006") {
        w.add_leave(
            *pid,
            LeaveKind::ThaiSan,
            d(2021, 3, 1),
            d(2021, 8, 31),
            None,
        )
        .await
        .map_err(err)?;
    }
    // Collective ratings and titles of the departments.
    for (code, rating) in [
        ("VP", Rating::Htxs),
        ("TTR", Rating::Htt),
        ("PCS", Rating::Htxs),
        ("KHTH", Rating::Htt),
    ] {
        for year in 2019..=2020 {
            w.put_rating(Subject::Unit(ids[code]), year, rating)
                .await
                .map_err(err)?;
            let (no, date) = decision(year);
            w.add_award(
                Subject::Unit(ids[code]),
                &award(AwardCode::Ttldtt, year, &no, date, issuer, code),
            )
            .await
            .map_err(err)?;
        }
    }
    // The bloc of the seed: Ban Dân tộc chairs it in 2021; the 2023 covenant had Cục Thống kê as leader.
    let members = [
        "CTK-KH",
        "VP-UBND-KH",
        "VP-DDBQH-HDND-KH",
        "SNV-KH",
        "SKHDT-KH",
        "BQL-KKT-VP",
        "BDT-KH",
    ];
    for (code, year, leader) in [
        ("KTD-THTH-2021", 2021, "BDT-KH"),
        ("KTD-THTH-2023", 2023, "CTK-KH"),
    ] {
        let b = w
            .create_bloc(code, "Khối thi đua các cơ quan tham mưu tổng hợp", year)
            .await
            .map_err(err)?;
        for m in members {
            let role = if m == leader {
                "leader"
            } else if m == "VP-UBND-KH" {
                "deputy"
            } else {
                "member"
            };
            w.put_bloc_member(b.id, ids[m], role, None)
                .await
                .map_err(err)?;
        }
        if year == 2021 {
            crate::demo_bloc::load(w, b.id, &ids).await?;
        }
    }
    // The year's steps carry their own days (submitted on 10/03/2021 …).
    let now = w.now;
    let plan = crate::demo_2021::load(w, &ids, &people).await?;
    let params = book.params(tdkt_domain::rules::Regime::on(d(2021, 12, 31)));
    crate::demo_year_end::load(w, &ids, &people, plan, files_dir, params).await?;
    w.now = now;
    for (username, password, role, unit, display) in ACCOUNTS {
        let role = Role::parse(role).map_err(|e| anyhow::anyhow!("{e}"))?;
        let id = w
            .create_user_unchecked(username, display, password, false)
            .await
            .map_err(err)?;
        w.grant_role(id, role, ids[unit]).await.map_err(err)?;
        if let Some((_, code)) = ACCOUNT_PEOPLE.iter().find(|(u, _)| u == username)
            && let Some((pid, ..)) = people.iter().find(|p| p.1 == *code)
        {
            w.link_person(id, Some(*pid)).await.map_err(err)?;
        }
    }
    Ok(())
}

fn award(
    code: AwardCode,
    year: i32,
    number: &str,
    date: NaiveDate,
    issuer: &str,
    unit: &str,
) -> NewAward {
    let unit_name = UNITS
        .iter()
        .find(|u| u.0 == unit)
        .map(|u| u.1)
        .unwrap_or("");
    NewAward {
        award: code,
        year,
        kind: AwardKind::CongTrang,
        decision_number: number.into(),
        decision_date: Some(date),
        issuer: issuer.into(),
        unit_name: unit_name.into(),
    }
}

const INITIATIVE_TITLES: &[&str] = &[
    "Số hóa hồ sơ chính sách dân tộc",
    "Bảng theo dõi tiến độ Chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số",
    "Quy trình tiếp nhận, xử lý đơn thư vùng đồng bào dân tộc thiểu số",
    "Cơ sở dữ liệu người có uy tín trong đồng bào dân tộc thiểu số",
    "Mẫu báo cáo tổng hợp thực hiện chính sách dân tộc cấp huyện",
    "Ứng dụng bản đồ số các thôn đặc biệt khó khăn",
];
