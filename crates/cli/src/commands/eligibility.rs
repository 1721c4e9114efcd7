//! `tdkt eligibility`: the contract command of docs/exchange.md. Reads a file in either
//! encoding of `tdkt-exchange/1` (streams on all cores, in bounded memory), evaluates
//! one award for one year under the regime in force on `--on`, and prints JSON, a
//! Vietnamese table or a summary. Exit 0 whenever the input is valid; invalid input
//! exits non-zero with a message naming the file, line or record, and field.

use anyhow::{anyhow, bail};
use chrono::NaiveDate;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tdkt_domain::codes::{AwardCode, SubjectKind};
use tdkt_domain::rules::bonus::format_vnd;
use tdkt_domain::rules::population::Summary;
use tdkt_domain::rules::verdict::Role;
use tdkt_domain::rules::{
    History, Outcome, Population, Regime, Report, RuleBook, Subject, evaluate_outcome,
};
use tdkt_exchange::{Relevance, bulk};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The JSON object of docs/exchange.md.
    Json,
    /// A readable Vietnamese table.
    Table,
    /// One JSON object counting subjects per verdict.
    Summary,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Tệp dữ liệu tdkt-exchange/1 (tài liệu JSON hoặc JSON Lines)
    #[arg(long)]
    pub input: PathBuf,
    /// Mã danh hiệu / hình thức: LDTT, CSTDCS, CSTD_TINH, CSTD_TQ, TTLDTT, TTLDXS, CO_TINH, CO_CP, GIAY_KHEN, BK_TINH, BK_TTG, HCLD3
    #[arg(long)]
    pub award: String,
    /// Năm đánh giá
    #[arg(long)]
    pub year: i32,
    /// Ngày quyết định / đề nghị (YYYY-MM-DD); chọn chế độ pháp lý. Mặc định 31/12 của năm.
    #[arg(long)]
    pub on: Option<String>,
    /// Chỉ xét các đối tượng này (lặp lại được)
    #[arg(long = "subject")]
    pub subjects: Vec<String>,
    /// Tệp quy định riêng của tỉnh / cơ quan (TOML, xem docs/rules-overrides.md)
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// json | table | summary
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// Số luồng đọc song song (mặc định: số lõi)
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Asks Linux for ordinary 4 KiB pages for the rest of this process. The loader touches
/// a few hundred MiB of fresh memory once; as transparent huge pages, that memory was
/// cleared at a cost that varied tenfold from run to run on a virtual machine (0.38 to
/// 0.94 s for 250,000 people, 30–50 % of the time in the kernel clearing 2 MiB pages),
/// and was slowest right after another process had freed memory. In small pages it took
/// 0.48–0.64 s every time (BENCHMARKS.md, rules engine). A failure changes nothing but
/// the speed, so it is ignored.
fn prefer_small_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and changes no memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    prefer_small_pages();
    let award = AwardCode::parse(&args.award).map_err(|e| anyhow!("--award: {e}"))?;
    if !(1945..=2200).contains(&args.year) {
        bail!("--year: năm không hợp lệ {}", args.year);
    }
    let on = match &args.on {
        Some(s) => tdkt_exchange::parse_date(s).map_err(|e| anyhow!("--on: {e}"))?,
        None => NaiveDate::from_ymd_opt(args.year, 12, 31)
            .ok_or_else(|| anyhow!("--year: năm không hợp lệ"))?,
    };
    let book = match &args.rules {
        None => RuleBook::national(),
        Some(p) => crate::config::load_rules(p)?,
    };
    let regime = Regime::on(on);
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .clamp(1, 64);
    let timing = std::env::var_os("TDKT_TIMING").is_some();
    let t0 = std::time::Instant::now();
    let loaded = bulk::load_path(&args.input, Relevance::for_award(award, regime), threads)
        .map_err(|e| anyhow!("{e}"))?;
    let pop = loaded.population;
    if timing {
        for (phase, t) in &loaded.phases {
            eprintln!("tdkt: {phase} {:.3} s", t.as_secs_f64());
        }
        eprintln!(
            "tdkt: đọc {} bản ghi trong {:.3} s",
            loaded.records,
            t0.elapsed().as_secs_f64()
        );
    }
    let only = if args.subjects.is_empty() {
        None
    } else {
        for s in &args.subjects {
            let person = pop.people().iter().any(|h| &h.id == s);
            let unit = pop.units().iter().any(|h| &h.id == s);
            if !person && !unit {
                bail!(
                    "--subject: «{s}» không phải là cá nhân hay đơn vị nào trong tệp {}",
                    args.input.display()
                );
            }
            // A subject of the wrong kind would silently give an empty answer.
            if person && !award.applies_to_kind(SubjectKind::Individual) {
                bail!(
                    "--subject: «{s}» là cá nhân, còn «{}» chỉ xét cho tập thể",
                    award.label()
                );
            }
            if unit && !award.applies_to_kind(SubjectKind::Collective) {
                bail!(
                    "--subject: «{s}» là đơn vị (tập thể), còn «{}» chỉ xét cho cá nhân",
                    award.label()
                );
            }
        }
        Some(args.subjects.as_slice())
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Summary => {
            let s = summary(&pop, award, args.year, on, only, &book, threads);
            serde_json::to_writer(&mut out, &s)?;
            writeln!(out)?;
        }
        Format::Json => {
            let report = pop.evaluate(award, args.year, on, only, &book);
            serde_json::to_writer(&mut out, &report)?;
            writeln!(out)?;
        }
        Format::Table => {
            let report = pop.evaluate(award, args.year, on, only, &book);
            write_table(&mut out, &report, &pop)?;
        }
    }
    out.flush()?;
    // The process ends here: freeing hundreds of thousands of histories one by one
    // would only add time.
    std::mem::forget(pop);
    if timing {
        eprintln!("tdkt: tổng {:.3} s", t0.elapsed().as_secs_f64());
    }
    Ok(ExitCode::SUCCESS)
}

/// Counts per verdict, individuals evaluated on all threads without keeping verdicts.
fn summary(
    pop: &Population,
    award: AwardCode,
    year: i32,
    on: NaiveDate,
    only: Option<&[String]>,
    book: &RuleBook,
    threads: usize,
) -> Summary {
    let p = book.params(Regime::on(on));
    let keep = |h: &History| only.is_none_or(|o| o.contains(&h.id));
    let mut total = Summary::default();
    if award.applies_to_kind(SubjectKind::Individual) {
        let people = pop.people();
        let per = people.len().div_ceil(threads.max(1)).max(1);
        let parts: Vec<Summary> = std::thread::scope(|s| {
            let hs: Vec<_> = people
                .chunks(per)
                .map(|chunk| {
                    s.spawn(move || {
                        let mut sum = Summary::default();
                        for h in chunk.iter().filter(|h| keep(h)) {
                            sum.add(evaluate_outcome(
                                &Subject::Individual(h),
                                award,
                                year,
                                on,
                                p,
                            ));
                        }
                        sum
                    })
                })
                .collect();
            hs.into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for s in parts {
            total.merge(s);
        }
    }
    if award.applies_to_kind(SubjectKind::Collective) {
        for u in pop.units().iter().filter(|h| keep(h)) {
            let col = pop.collective_for(award, u, year);
            total.add(evaluate_outcome(
                &Subject::Collective(col),
                award,
                year,
                on,
                p,
            ));
        }
    }
    total
}

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

/// A readable Vietnamese table: one row per subject with what blocks the verdict.
fn write_table(out: &mut impl Write, r: &Report, pop: &Population) -> anyhow::Result<()> {
    writeln!(
        out,
        "XÉT {} — NĂM {}",
        r.award.label().to_uppercase(),
        r.year
    )?;
    writeln!(
        out,
        "Ngày xét: {}   Chế độ pháp lý: {} ({})",
        r.on.format("%d/%m/%Y"),
        r.regime.id(),
        r.regime.label()
    )?;
    writeln!(out)?;
    let name_of = |id: &str| -> String {
        pop.people()
            .iter()
            .chain(pop.units())
            .find(|h| h.id == id)
            .map_or(String::new(), |h| h.id.clone())
    };
    let w_id = r
        .results
        .iter()
        .map(|v| name_of(&v.subject).chars().count())
        .max()
        .unwrap_or(4)
        .max(8);
    let w_v = 22;
    writeln!(
        out,
        "{} | {} | Căn cứ / điều kiện chưa đạt",
        pad("Đối tượng", w_id),
        pad("Kết quả", w_v),
    )?;
    writeln!(
        out,
        "{}-+-{}-+-{}",
        "-".repeat(w_id),
        "-".repeat(w_v),
        "-".repeat(40)
    )?;
    for v in &r.results {
        let blocking: Vec<String> = v
            .conditions
            .iter()
            .filter(|c| matches!(c.role, Role::Required | Role::Postpone) && c.met != Some(true))
            .flat_map(|c| {
                let mark = if c.met.is_none() {
                    "chưa rõ"
                } else {
                    "không đạt"
                };
                let mut lines = vec![format!("[{mark}] {} ({})", c.detail, c.citation)];
                // A "one of" group: show each route and why it is not met.
                for a in v
                    .conditions
                    .iter()
                    .filter(|a| a.alternative_of.as_deref() == Some(&*c.rule))
                {
                    lines.push(format!("    – {} ({})", a.detail, a.citation));
                }
                lines
            })
            .collect();
        let lines: Vec<String> = if blocking.is_empty() {
            let cites: Vec<&str> = v
                .conditions
                .iter()
                .filter(|c| c.role == Role::Required)
                .map(|c| c.citation.as_ref())
                .fold(Vec::new(), |mut acc, c| {
                    if !acc.contains(&c) {
                        acc.push(c);
                    }
                    acc
                });
            vec![format!("đạt mọi điều kiện ({})", cites.join("; "))]
        } else {
            blocking
        };
        // Every open reading the verdict used is named, whatever the verdict.
        let open: Vec<&str> = v
            .conditions
            .iter()
            .filter(|c| c.unverified && c.role != Role::Alternative)
            .map(|c| c.rule.as_ref())
            .collect();
        let mut lines = lines;
        if !open.is_empty() {
            lines.push(format!(
                "    (dựa trên cách hiểu chưa kiểm chứng: {})",
                open.join(", ")
            ));
        }
        for (i, l) in lines.iter().enumerate() {
            let (a, b) = if i == 0 {
                (v.subject.clone(), v.outcome.label().to_string())
            } else {
                (String::new(), String::new())
            };
            writeln!(out, "{} | {} | {}", pad(&a, w_id), pad(&b, w_v), l)?;
        }
    }
    writeln!(out)?;
    let n = |o| r.count(o);
    writeln!(
        out,
        "Tổng: {} đối tượng — đủ điều kiện {}, không đủ {}, tạm hoãn {}, thiếu thông tin {}",
        r.results.len(),
        n(Outcome::Eligible),
        n(Outcome::NotEligible),
        n(Outcome::Postponed),
        n(Outcome::Incomplete)
    )?;
    for c in &r.caps {
        writeln!(
            out,
            "Giới hạn tỉ lệ tại {}: tối đa {} (= {:.0} % × {} LĐTT, {}), số đủ điều kiện {} ({})",
            c.scope,
            c.limit,
            c.ratio * 100.0,
            c.basis,
            match c.rounding {
                tdkt_domain::rules::Rounding::Floor => "làm tròn xuống",
                tdkt_domain::rules::Rounding::RoundHalfUp => "làm tròn",
            },
            c.eligible,
            c.citation
        )?;
    }
    if let Some(t) = &r.tie_break {
        writeln!(
            out,
            "Ưu tiên ({}): {} — {}",
            t.citation,
            t.detail,
            if t.preferred.is_empty() {
                "không có".into()
            } else {
                t.preferred.join(", ")
            }
        )?;
    }
    for (k, b) in &r.bonuses {
        let who = if *k == SubjectKind::Individual {
            "cá nhân"
        } else {
            "tập thể"
        };
        let rounded = if b.amount != b.exact {
            format!(
                "{}, làm tròn lên {}",
                format_vnd(b.exact),
                format_vnd(b.amount)
            )
        } else {
            format_vnd(b.amount)
        };
        writeln!(
            out,
            "Tiền thưởng ({who}): {} × {} = {rounded}{}",
            format!("{}", b.coefficient).replace('.', ","),
            format_vnd(b.base_salary),
            if b.unverified {
                " (hệ số hoặc cách làm tròn chưa kiểm chứng)"
            } else {
                ""
            }
        )?;
    }
    Ok(())
}
