//! Write a synthetic corpus of annual reports with a manifest of the errors planted in them.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --out DIR [--count N] [--seed S] [--error-share 0.2]
//! ```
//!
//! The reports imitate the seeds' three layouts and both templates, come in chains of
//! consecutive years per agency (so the batch pairs them with their prior), and balance in
//! every equation and across years except where an error is planted. `DIR/manifest.json` lists
//! every report and, per planted error, exactly the findings a correct checker reports.

#[path = "gen_corpus/mod.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Write synthetic annual reports and a manifest of the errors planted in them.
#[derive(Debug, Parser)]
#[command(name = "gen_corpus")]
struct Args {
    /// Folder to write into (created; must be new or empty).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Number of reports.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    count: usize,
    /// Seed; the same seed writes the same corpus.
    #[arg(long, default_value_t = 1, value_name = "S")]
    seed: u64,
    /// Share of reports with a planted error, from 0 to 1.
    #[arg(long, default_value_t = 0.2, value_name = "SHARE")]
    error_share: f64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let cfg = corpus::Config {
        out: args.out,
        count: args.count,
        seed: args.seed,
        error_share: args.error_share,
    };
    match corpus::generate(&cfg) {
        Ok(s) => {
            println!(
                "{} reports of {} agencies in {}; {} with a planted error, {} findings expected (manifest.json)",
                s.reports,
                s.agencies,
                cfg.out.display(),
                s.injected,
                s.expected
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::from(2)
        }
    }
}
