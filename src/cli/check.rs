//! `nianbao check`: read, parse and check reports (in parallel, in bounded chunks so memory
//! stays flat), pair them with their prior year, print human blocks or JSON lines and a
//! summary table.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use rayon::prelude::*;

use nianbao::Report;
use nianbao::rules::{self, Finding};

use super::args::CheckArgs;
use super::config::Settings;
use super::human::{self, Counts};
use super::inputs;
use super::style::Style;
use super::summary::{self, SummaryRow};

/// Reports processed per parallel chunk: large enough to keep every core busy, small enough
/// that a batch of thousands never holds more than this many outputs at once.
const CHUNK: usize = 256;

/// Exit status: 0 clean, 1 an error finding, 2 an input could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// No finding is an error.
    Clean = 0,
    /// At least one finding is an error.
    Errors = 1,
    /// An input could not be read at all.
    Unreadable = 2,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        ExitCode::from(o as u8)
    }
}

/// A report with its prior year, checked.
pub struct Checked {
    /// This year's report.
    pub report: Report,
    /// The prior year's, when given or paired.
    pub prior: Option<Report>,
    /// Every finding, cross-year ones included.
    pub findings: Vec<Finding>,
}

/// Load a report (and its prior) and run the rules. The error names the file that could not
/// be read.
pub fn load_checked(path: &Path, prior: Option<&Path>, settings: &Settings) -> Result<Checked> {
    let report = nianbao::load(path)?;
    let prior = match prior {
        Some(p) => Some(nianbao::load(p)?),
        None => None,
    };
    let findings = rules::check(&report, prior.as_ref(), &settings.rules);
    Ok(Checked {
        report,
        prior,
        findings,
    })
}

struct Processed {
    text: String,
    error: Option<String>,
    row: Option<SummaryRow>,
    outcome: Outcome,
}

fn process(
    path: &Path,
    prior: Option<&Path>,
    settings: &Settings,
    json: bool,
    quiet: bool,
    style: Style,
) -> Processed {
    let checked = match load_checked(path, prior, settings) {
        Ok(c) => c,
        Err(e) => {
            return Processed {
                text: String::new(),
                error: Some(format!("nianbao: {e}")),
                row: None,
                outcome: Outcome::Unreadable,
            };
        }
    };
    let changes = checked
        .prior
        .as_ref()
        .map(|p| nianbao::compare::changes(&nianbao::compare::align(p, &checked.report)));
    let counts = Counts::of(&checked.findings);
    let text = if json {
        let mut line = super::json::report_object(
            &checked.report,
            checked.prior.as_ref(),
            &checked.findings,
            changes.as_deref(),
        )
        .to_string();
        line.push('\n');
        line
    } else if quiet {
        String::new()
    } else {
        human::report_block(
            &checked.report,
            checked.prior.as_ref(),
            &checked.findings,
            changes.as_deref(),
            settings.lang,
            style,
        ) + "\n"
    };
    Processed {
        text,
        error: None,
        row: Some(SummaryRow::new(&checked.report, counts, settings)),
        outcome: if counts.errors > 0 {
            Outcome::Errors
        } else {
            Outcome::Clean
        },
    }
}

/// Run `check`.
pub fn run(args: &CheckArgs, settings: &Settings) -> Result<ExitCode> {
    let paths = inputs::expand(&args.inputs);
    if paths.is_empty() {
        bail!("no report files found in the inputs given");
    }
    if args.prior.is_some() && paths.len() != 1 {
        bail!("--prior goes with a single report; without it, reports are paired among the inputs");
    }
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.jobs {
        builder = builder.num_threads(n.max(1));
    }
    let pool = builder.build()?;
    let priors: Vec<Option<PathBuf>> = match &args.prior {
        Some(p) => vec![Some(p.clone())],
        None if paths.len() > 1 => {
            let ids = pool.install(|| inputs::identities(&paths));
            inputs::pair(&ids)
                .into_iter()
                .map(|i| i.map(|i| paths[i].clone()))
                .collect()
        }
        None => vec![None],
    };
    let style = Style::detect();
    let batch = paths.len() > 1;
    let quiet = args.summary;
    let mut worst = Outcome::Clean;
    let mut rows = Vec::new();
    let stdout = std::io::stdout();
    let progress = super::progress::Progress::new(paths.len());
    for (chunk_paths, chunk_priors) in paths.chunks(CHUNK).zip(priors.chunks(CHUNK)) {
        let processed: Vec<Processed> = pool.install(|| {
            chunk_paths
                .par_iter()
                .zip(chunk_priors.par_iter())
                .map(|(p, prior)| process(p, prior.as_deref(), settings, args.json, quiet, style))
                .collect()
        });
        let mut out = stdout.lock();
        for p in processed {
            progress.inc();
            if let Some(e) = &p.error {
                progress.suspend(|| eprintln!("{e}"));
            }
            // A closed pipe (`| head`) ends the run quietly rather than with a panic.
            if out.write_all(p.text.as_bytes()).is_err() {
                return Ok(worst.max(p.outcome).into());
            }
            worst = worst.max(p.outcome);
            if let Some(row) = p.row {
                rows.push(row);
            }
        }
    }
    progress.finish();
    if batch && !args.json {
        summary::sort(&mut rows, args.sort);
        print!("{}", summary::table(&rows, settings.lang, style));
    }
    Ok(worst.into())
}
