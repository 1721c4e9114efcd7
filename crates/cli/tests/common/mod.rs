//! Helpers shared by the CLI tests: run the built `tdkt` binary and read
//! what it said.

// Each test file uses only some of these.
#![allow(dead_code)]

use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_tdkt");

/// A command for the built `tdkt` binary.
pub fn bin() -> Command {
    Command::new(BIN)
}

/// Runs `tdkt` with `args`; waits for it and returns its output.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run tdkt")
}

/// Standard output then standard error, as text.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
