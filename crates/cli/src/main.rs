//! The `tdkt` binary.
mod commands;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "tdkt", version, about = "Hệ thống thi đua – khen thưởng")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tdkt: lỗi: {e:#}");
            ExitCode::from(2)
        }
    }
}
