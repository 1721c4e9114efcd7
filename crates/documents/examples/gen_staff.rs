//! Writes a synthetic staff sheet for benchmarks:
//! `gen_staff ROWS OUT.xlsx UNIT_CODE[,UNIT_CODE…]`.

use chrono::NaiveDate;
use tdkt_documents::staff_sheet::{StaffExportRow, write_staff};

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE_M: &[&str] = &["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công"];
const MIDDLE_F: &[&str] = &["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bích"];
const GIVEN_M: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Khánh", "Long", "Minh", "Nam", "Phúc",
    "Quân", "Sơn", "Tuấn", "Việt",
];
const GIVEN_F: &[&str] = &[
    "Anh", "Ánh", "Châu", "Dung", "Hà", "Hằng", "Hường", "Lan", "Linh", "Mai", "Ngân", "Oanh",
    "Phương", "Thảo", "Trang", "Yến",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("cách dùng: gen_staff SỐ_DÒNG TỆP.xlsx MÃ_ĐƠN_VỊ[,MÃ…]");
        std::process::exit(2);
    }
    let n: usize = args[1].parse().unwrap_or(0);
    let units: Vec<&str> = args[3].split(',').collect();
    let mut x: u64 = 42;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as usize
    };
    let rows: Vec<StaffExportRow> = (0..n)
        .map(|i| {
            let female = next() % 2 == 0;
            let name = format!(
                "{} {} {}",
                FAMILY[next() % FAMILY.len()],
                if female {
                    MIDDLE_F[next() % MIDDLE_F.len()]
                } else {
                    MIDDLE_M[next() % MIDDLE_M.len()]
                },
                if female {
                    GIVEN_F[next() % GIVEN_F.len()]
                } else {
                    GIVEN_M[next() % GIVEN_M.len()]
                }
            );
            let born = 1965 + (next() % 35) as i32;
            StaffExportRow {
                code: format!("CB{i:07}"),
                full_name: name,
                birth_date: NaiveDate::from_ymd_opt(
                    born,
                    1 + (next() % 12) as u32,
                    1 + (next() % 28) as u32,
                ),
                gender_label: if female { "Nữ".into() } else { "Nam".into() },
                position: if i % 12 == 0 {
                    "Trưởng phòng".into()
                } else {
                    "Chuyên viên".into()
                },
                unit_name: units[next() % units.len()].to_string(),
                category_label: "Công chức".into(),
                is_manager: i % 12 == 0,
                employment_start: NaiveDate::from_ymd_opt(
                    (born + 22 + (next() % 8) as i32).min(2025),
                    1 + (next() % 12) as u32,
                    1,
                ),
                email: String::new(),
                phone: String::new(),
            }
        })
        .collect();
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    match write_staff("Cơ quan thử nghiệm", &rows, today) {
        Ok(bytes) => {
            if let Err(e) = std::fs::write(&args[2], bytes) {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
