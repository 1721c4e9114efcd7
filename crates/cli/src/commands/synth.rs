//! `tdkt synth`: a deterministic synthetic history in the stream encoding, for the
//! benchmark of issue 3 (bench/eligibility/run.sh).
//!
//! What is generated, per person: employment, a rating for every year (about 1 % of
//! person-years missing, which breaks "consecutive" runs), LĐTT / CSTĐCS / Bằng khen
//! tỉnh awards consistent with the ratings, initiatives (some already used for a
//! CSTĐCS). Some Bằng khen tỉnh are of kind `dot-xuat`, which do not count as
//! prerequisites. No disciplines, proceedings, facts or votes are generated, so the
//! eligibility of Bằng khen Thủ tướng reduces to Luật 2022 Đ73 k1 b and the DuckDB
//! formulation in bench/eligibility/bk_ttg.sql gives the same count.

use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Số cá nhân
    #[arg(long, default_value_t = 250_000)]
    pub people: u64,
    /// Hạt giống ngẫu nhiên (cùng hạt giống → cùng tệp)
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Năm đầu
    #[arg(long, default_value_t = 2015)]
    pub from: i32,
    /// Năm cuối
    #[arg(long, default_value_t = 2025)]
    pub to: i32,
    /// Số cá nhân mỗi cơ quan
    #[arg(long, default_value_t = 200)]
    pub per_agency: u64,
    /// Tệp ra (mặc định: stdout)
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// SplitMix64: small, fast, deterministic on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn f(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const FAMILY: [&str; 12] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
];
const MIDDLE_M: [&str; 4] = ["Văn", "Hữu", "Đức", "Minh"];
const MIDDLE_F: [&str; 4] = ["Thị", "Ngọc", "Thu", "Kim"];
const GIVEN_M: [&str; 8] = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Sơn"];
const GIVEN_F: [&str; 8] = ["Anh", "Hà", "Hằng", "Hoa", "Lan", "Mai", "Nga", "Thảo"];

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let sink: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(
            std::fs::File::create(p)
                .with_context(|| format!("không tạo được tệp {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = std::io::BufWriter::with_capacity(1 << 20, sink);
    generate(&args, &mut w)?;
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn generate(args: &Args, w: &mut impl Write) -> std::io::Result<u64> {
    let mut rng = Rng(args.seed ^ 0x7464_6B74);
    let mut n = 0u64;
    writeln!(w, "{{\"format\":\"tdkt-exchange/1\"}}")?;
    writeln!(
        w,
        "{{\"type\":\"agency\",\"id\":\"TINH\",\"name\":\"Tỉnh tổng hợp\",\"province\":\"Tổng hợp\"}}"
    )?;
    // Each agency's units come right before its people, as an export by agency would
    // write them; readers that infer a schema from the first lines (DuckDB samples
    // 20,480) then see every kind of record at any size.
    let per = args.per_agency.max(1);
    let agencies = args.people.div_ceil(per).max(1);
    for a in 0..agencies {
        writeln!(
            w,
            "{{\"type\":\"unit\",\"id\":\"A{a:05}\",\"name\":\"Cơ quan {a}\",\"parent\":null,\"kind\":\"agency\"}}"
        )?;
        for d in 1..=3 {
            writeln!(
                w,
                "{{\"type\":\"unit\",\"id\":\"A{a:05}-P{d}\",\"name\":\"Phòng {d}\",\"parent\":\"A{a:05}\",\"kind\":\"department\"}}"
            )?;
        }
        n += 4;
        for i in (a * per)..((a + 1) * per).min(args.people) {
            n += person(args, &mut rng, i, w)?;
        }
    }
    Ok(n)
}

fn person(args: &Args, rng: &mut Rng, i: u64, w: &mut impl Write) -> std::io::Result<u64> {
    let id = format!("P{i:07}");
    let agency = i / args.per_agency.max(1);
    let dept = 1 + rng.below(3);
    let female = rng.f(); // gender draw
    let nu = female < 0.52;
    let (mid, given) = if nu {
        (&MIDDLE_F, &GIVEN_F)
    } else {
        (&MIDDLE_M, &GIVEN_M)
    };
    let name = format!(
        "{} {} {}",
        FAMILY[rng.below(12) as usize],
        mid[rng.below(4) as usize],
        given[rng.below(8) as usize]
    );
    let start_year = 1998 + rng.below((args.to - 1998).max(1) as u64) as i32;
    let start_month = 1 + rng.below(12) as u32;
    let manager = rng.f() < 0.1;
    let mut n = 1;
    let contract_first = rng.f() < 0.1;
    let employment = if contract_first {
        format!(
            "[{{\"kind\":\"hop-dong\",\"from\":\"{start_year}-{start_month:02}-01\",\"to\":\"{start_year}-12-31\"}},{{\"kind\":\"cong-chuc\",\"from\":\"{}-01-01\",\"to\":null}}]",
            start_year + 1
        )
    } else {
        format!(
            "[{{\"kind\":\"cong-chuc\",\"from\":\"{start_year}-{start_month:02}-01\",\"to\":null}}]"
        )
    };
    writeln!(
        w,
        "{{\"type\":\"person\",\"id\":\"{id}\",\"name\":\"{name}\",\"gender\":\"{}\",\"unit\":\"A{agency:05}-P{dept}\",\"position\":\"{}\",\"manager\":{manager},\"employment\":{employment}}}",
        if nu { "nu" } else { "nam" },
        if manager {
            "Trưởng phòng"
        } else {
            "Chuyên viên"
        }
    )?;
    let q = rng.f();
    let first = args.from.max(start_year);
    let mut last_bk: i32 = -100;
    // (year, rating rank 0..=3 or -1 missing, cstdcs, initiatives recognised that year)
    let mut hist: Vec<(i32, i8, bool, u32)> = Vec::new();
    let mut sk_no = 0u32;
    for y in first..=args.to {
        let u = rng.f();
        let p_htxs = 0.05 + 0.35 * q;
        let rank: i8 = if u < 0.01 {
            -1
        } else if u < 0.01 + p_htxs {
            3
        } else if u < 0.01 + p_htxs + 0.55 {
            2
        } else if u < 0.01 + p_htxs + 0.55 + (0.44 - p_htxs) * 0.8 {
            1
        } else {
            0
        };
        if rank >= 0 {
            let code = ["KHT", "HT", "HTT", "HTXS"][rank as usize];
            writeln!(
                w,
                "{{\"type\":\"rating\",\"subject\":\"{id}\",\"year\":{y},\"rating\":\"{code}\"}}"
            )?;
            n += 1;
        }
        // Six months of work by 31/12 (TT 01/2024/TT-BNV) for the year of recruitment.
        let worked = y > start_year || start_month <= 7;
        let ldtt = rank >= 2 && worked && rng.f() < 0.97;
        if ldtt {
            writeln!(
                w,
                "{{\"type\":\"award\",\"subject\":\"{id}\",\"award\":\"LDTT\",\"year\":{y},\"kind\":\"cong-trang\"}}"
            )?;
            n += 1;
        }
        let sks = if rng.f() < 0.05 + 0.2 * q {
            1 + (rng.f() < 0.15) as u32
        } else {
            0
        };
        let cstdcs = ldtt && (rank == 3 || sks > 0) && rng.f() < 0.8;
        for k in 0..sks {
            sk_no += 1;
            let level = if rng.f() < 0.05 { "tinh" } else { "co-so" };
            let used = if cstdcs && k == 0 && rank < 3 {
                format!("[{{\"award\":\"CSTDCS\",\"year\":{y}}}]")
            } else {
                "[]".into()
            };
            writeln!(
                w,
                "{{\"type\":\"initiative\",\"id\":\"SK-{id}-{sk_no}\",\"title\":\"Sáng kiến {sk_no} của {id}\",\"authors\":[\"{id}\"],\"category\":\"sang-kien\",\"level\":\"{level}\",\"recognized_on\":\"{y}-10-{:02}\",\"effect_confirmed\":{},\"used_for\":{used}}}",
                1 + rng.below(28),
                rng.f() < 0.9
            )?;
            n += 1;
        }
        if cstdcs {
            writeln!(
                w,
                "{{\"type\":\"award\",\"subject\":\"{id}\",\"award\":\"CSTDCS\",\"year\":{y},\"kind\":\"cong-trang\",\"decision\":{{\"number\":\"{}/QĐ-A{agency:05}\",\"date\":\"{y}-12-20\",\"issuer\":\"Thủ trưởng cơ quan\"}}}}",
                10 + rng.below(90)
            )?;
            n += 1;
        }
        hist.push((y, rank, cstdcs, sks));
        // Bằng khen tỉnh: two consecutive CSTĐCS or HTXS years with initiatives, not
        // twice within two years; 5 % of them for an extraordinary achievement.
        let len = hist.len();
        if len >= 2 && y - last_bk > 2 {
            let (a, b) = (hist[len - 2], hist[len - 1]);
            let run = (a.2 && b.2) || (a.1 == 3 && b.1 == 3);
            if run && a.3 + b.3 >= 1 && rng.f() < 0.6 {
                let kind = if rng.f() < 0.05 {
                    "dot-xuat"
                } else {
                    "cong-trang"
                };
                writeln!(
                    w,
                    "{{\"type\":\"award\",\"subject\":\"{id}\",\"award\":\"BK_TINH\",\"year\":{y},\"kind\":\"{kind}\",\"decision\":{{\"number\":\"{}/QĐ-UBND\",\"date\":\"{}-03-15\",\"issuer\":\"Chủ tịch UBND tỉnh\"}}}}",
                    100 + rng.below(900),
                    y + 1
                )?;
                n += 1;
                last_bk = y;
            }
        }
    }
    Ok(n)
}
