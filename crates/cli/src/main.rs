//! The `tdkt` binary: serve | demo | migrate | user | import | export |
//! backup | eligibility | synth.
mod commands;
mod config;
mod demo;
mod demo_2021;
mod demo_bloc;
mod demo_council;
mod demo_fund;
mod demo_year_end;

use clap::{Parser, Subcommand};

// glibc's allocator took a fifth of a large import's time; mimalloc is the
// well-kept drop-in for many small short-lived allocations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "tdkt", version, about = "Hệ thống thi đua – khen thưởng")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Chạy máy chủ web (cấu hình: tệp TOML, biến môi trường TDKT_*, tham số dòng lệnh)
    Serve(commands::serve::Args),
    /// Chạy bản dùng thử: SQLite nhúng, nạp sẵn dữ liệu Ban Dân tộc tỉnh Khánh Hòa
    Demo(commands::serve::DemoArgs),
    /// Áp dụng migration cho cơ sở dữ liệu (chạy một lần trước khi khởi động nhiều máy chủ)
    Migrate(commands::admin::MigrateArgs),
    /// Quản lý tài khoản: add | passwd | lock | unlock
    #[command(subcommand)]
    User(commands::admin::UserCommand),
    /// Nhập dữ liệu: tdkt-exchange/1 (.json, .ndjson) hoặc danh sách cán bộ (.xlsx)
    Import(commands::transfer::ImportArgs),
    /// Xuất dữ liệu theo định dạng tdkt-exchange/1
    Export(commands::transfer::ExportArgs),
    /// Sao lưu trực tuyến nhất quán
    Backup(commands::admin::BackupArgs),
    /// Xét điều kiện danh hiệu / hình thức khen thưởng trên dữ liệu tdkt-exchange/1
    Eligibility(commands::eligibility::Args),
    /// Sinh dữ liệu lịch sử tổng hợp (stream) để đo hiệu năng
    Synth(commands::synth::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Eligibility(args) => commands::eligibility::run(args),
        Command::Synth(args) => commands::synth::run(args),
        other => run_async(other),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tdkt: lỗi: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run_async(cmd: Command) -> anyhow::Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        match cmd {
            Command::Serve(a) => commands::serve::serve(a).await,
            Command::Demo(a) => commands::serve::demo(a).await,
            Command::Migrate(a) => commands::admin::migrate(a).await,
            Command::User(c) => commands::admin::user(c).await,
            Command::Import(a) => commands::transfer::import(a).await,
            Command::Export(a) => commands::transfer::export(a).await,
            Command::Backup(a) => commands::admin::backup(a).await,
            Command::Eligibility(_) | Command::Synth(_) => Ok(ExitCode::SUCCESS),
        }
    })
}
