//! Writes the seed's 2021 plan as seed-plan.docx and seed-plan.pdf (and the
//! sample decision with its attached list) into the directory given.
//!
//!     cargo run -p tdkt-documents --example seed_plan -- /tmp/out
use std::path::PathBuf;
use std::process::ExitCode;

use tdkt_documents::nd30::{samples, to_docx, to_pdf};

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("Cách dùng: seed_plan <thư mục đích>");
        return ExitCode::FAILURE;
    };
    let outputs = [
        ("seed-plan", samples::seed_plan_2021()),
        ("sample-decision", samples::sample_decision()),
    ];
    for (name, doc) in outputs {
        let written = std::fs::create_dir_all(&dir)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                let docx = to_docx(&doc).map_err(|e| e.to_string())?;
                let pdf = to_pdf(&doc).map_err(|e| e.to_string())?;
                std::fs::write(dir.join(format!("{name}.docx")), docx)
                    .map_err(|e| e.to_string())?;
                std::fs::write(dir.join(format!("{name}.pdf")), pdf).map_err(|e| e.to_string())
            });
        if let Err(e) = written {
            eprintln!("Lỗi khi ghi {name}: {e}");
            return ExitCode::FAILURE;
        }
        println!("Đã ghi {}", dir.join(format!("{name}.docx|.pdf")).display());
    }
    ExitCode::SUCCESS
}
