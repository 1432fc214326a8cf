//! `nianbao check`: read, parse and check reports (in parallel, in bounded chunks so memory
//! stays flat), pair them with their prior year, print human blocks or JSON lines and a
//! summary table.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Result, bail};
use rayon::prelude::*;

use nianbao::Report;
use nianbao::rules;
use nianbao::session::Kept;

use super::args::CheckArgs;
use super::config::Settings;
use super::human::{self, Counts};
use super::inputs;
use super::style::Style;
use super::summary::{self, SummaryRow};

/// Reports processed per parallel chunk, per thread: enough to keep every core busy, few
/// enough that a batch of thousands never holds more than a few chunks of reports at once.
const CHUNK_PER_THREAD: usize = 32;

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

/// A report as loaded for the batch: shared, because it is also the prior of the next year's
/// report; or the message saying why its file could not be read.
type Loaded = std::result::Result<Arc<Report>, String>;

/// Texts the pairing pass keeps for the checking pass to parse, at most this many bytes in
/// all: a batch of typical reports (about 7 KB each) is read once up to some 18,000 files, and
/// a larger one keeps its memory bounded by reading the rest again.
const KEEP_READ_BYTES: usize = 128 << 20;

/// Parse a report from what the pairing pass read of it, or read it now.
fn load(path: &Path, read: Option<&Kept>) -> Loaded {
    let report = match read {
        Some((source, head)) => nianbao::parse::parse_with_head(source, head),
        None => nianbao::load(path).map_err(|e| format!("nianbao: {e}"))?,
    };
    // A file that reads but holds no report is unreadable as a report (exit 2).
    if !rules::is_annual_report(&report) {
        return Err(format!(
            "nianbao: {}: 不是年度报告：未找到六个部分的标题，也未找到表格的栏目 \
             (not an annual report: no section heading and no table label found)",
            path.display()
        ));
    }
    Ok(Arc::new(report))
}

/// What one report contributes to the run's output.
struct Processed {
    text: String,
    error: Option<String>,
    row: Option<SummaryRow>,
    outcome: Outcome,
}

/// How the reports of a run are printed.
#[derive(Clone, Copy)]
struct Output<'a> {
    settings: &'a Settings,
    /// The review store, when one exists: looked for once a run.
    store: Option<&'a nianbao::review::Store>,
    json: bool,
    /// Print no per-report block (`--summary`).
    quiet: bool,
    /// Collect summary rows (a batch printed as text).
    rows: bool,
    style: Style,
}

fn process(report: &Loaded, prior: Option<&Loaded>, how: Output<'_>) -> Processed {
    let unreadable = |e: &String| Processed {
        text: String::new(),
        error: Some(e.clone()),
        row: None,
        outcome: Outcome::Unreadable,
    };
    let report = match report {
        Ok(r) => r.as_ref(),
        Err(e) => return unreadable(e),
    };
    let prior = match prior {
        Some(Ok(p)) => Some(p.as_ref()),
        // The prior is named in its own line of the run when it is an input, and here
        // when it was given with --prior: either way this report cannot be checked fully.
        Some(Err(e)) => return unreadable(e),
        None => None,
    };
    // With a store, the rules and the JSON use the reviewer's readings (review-states.md).
    let (read, readings) = super::review_state::with_readings(report, how.settings, how.store);
    let findings = rules::check(read.as_ref().unwrap_or(report), prior, &how.settings.rules);
    let counts = Counts::of(&findings);
    // The alignment with last year is shown in the JSON and the report block, not in a summary.
    let align = || prior.map(|p| nianbao::compare::align(p, report));
    let text = if how.json {
        let aligned = align();
        let mut line = String::with_capacity(32 * 1024);
        let shown = read.as_ref().unwrap_or(report);
        super::json::write_report(
            &mut line,
            shown,
            prior,
            &findings,
            aligned.as_deref(),
            &readings,
        );
        line.push('\n');
        line
    } else if how.quiet {
        String::new()
    } else {
        let changes = align().as_deref().map(nianbao::compare::changes);
        human::report_block(
            report,
            prior,
            &findings,
            changes.as_deref(),
            how.settings.lang,
            how.style,
        ) + "\n"
    };
    Processed {
        text,
        error: None,
        row: how
            .rows
            .then(|| SummaryRow::new(report, prior, &findings, counts, how.settings, how.store)),
        outcome: if counts.errors > 0 {
            Outcome::Errors
        } else {
            Outcome::Clean
        },
    }
}

/// Where each report's prior comes from.
enum Priors {
    /// `--prior FILE` for the single input.
    Given(PathBuf),
    /// For each input, the index of its prior among the inputs.
    Paired(Vec<Option<usize>>),
}

/// Run `check`.
pub fn run(args: &CheckArgs, settings: &Settings) -> Result<ExitCode> {
    let paths = inputs::expand(&args.inputs, settings.lang);
    if paths.is_empty() {
        bail!("no report files found in the inputs given");
    }
    if args.prior.is_some() && paths.len() != 1 {
        bail!("--prior goes with a single report; without it, reports are paired among the inputs");
    }
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.jobs {
        // More threads than cores only adds switching (`-j 2000` ran 50x slower).
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        builder = builder.num_threads(n.clamp(1, cores));
    }
    let pool = builder.build()?;
    let mut sources = Vec::new();
    let priors = match &args.prior {
        Some(p) => Priors::Given(p.clone()),
        None if paths.len() > 1 => {
            let (ids, read) = pool.install(|| inputs::identities_keeping(&paths, KEEP_READ_BYTES));
            sources = read;
            Priors::Paired(inputs::pair(&ids))
        }
        None => Priors::Paired(vec![None]),
    };
    let batch = paths.len() > 1;
    let store = super::review_state::existing_store(settings);
    let how = Output {
        settings,
        store: store.as_ref(),
        json: args.json,
        quiet: args.summary,
        rows: batch && !args.json,
        style: Style::detect(),
    };
    let mut worst = Outcome::Clean;
    let mut rows = Vec::new();
    let progress = super::progress::Progress::new(paths.len());
    let chunk = CHUNK_PER_THREAD * pool.current_num_threads().max(1);
    let mut cache = PriorCache::new(&priors, chunk, sources);
    for start in (0..paths.len()).step_by(chunk) {
        let end = (start + chunk).min(paths.len());
        let processed = pool.install(|| cache.chunk(&paths, start..end, how));
        for p in processed {
            progress.inc();
            if let Some(e) = &p.error {
                progress.suspend(|| super::out::warn(&nianbao::sanitize::inline(e)));
            }
            let written = if how.json {
                super::out::print_raw(&p.text)
            } else {
                super::out::print(&p.text, how.style)
            };
            match written {
                // A closed pipe (`| head`) ends the run quietly with its status so far.
                Err(e) if e.is_closed_pipe() => return Ok(worst.max(p.outcome).into()),
                Err(e) => return Err(e.into()),
                Ok(()) => {}
            }
            worst = worst.max(p.outcome);
            if let Some(row) = p.row {
                rows.push(row);
            }
        }
    }
    progress.finish();
    if how.rows {
        summary::sort(&mut rows, args.sort);
        match super::out::print(&summary::table(&rows, settings.lang, how.style), how.style) {
            Err(e) if e.is_closed_pipe() => {}
            Err(e) => return Err(e.into()),
            Ok(()) => {}
        }
    }
    Ok(worst.into())
}

/// Reports kept from one chunk to the next because a report of the next chunk needs them as
/// its prior: each input is read and parsed once when its prior-year report comes before it
/// in the input order (a sorted folder of `agency-year` files), and a prior many reports
/// share stays loaded while they come. Only priors the very next chunk needs are kept, so
/// memory stays bounded.
struct PriorCache<'a> {
    priors: &'a Priors,
    /// Inputs per chunk.
    chunk: usize,
    kept: HashMap<usize, Loaded>,
    /// What the pairing pass read, by input index (empty, or `None`, where nothing was kept);
    /// dropped once its chunk is done.
    read: Vec<Option<Kept>>,
}

impl<'a> PriorCache<'a> {
    fn new(priors: &'a Priors, chunk: usize, read: Vec<Option<Kept>>) -> PriorCache<'a> {
        PriorCache {
            priors,
            chunk,
            kept: HashMap::new(),
            read,
        }
    }

    /// Parse input `i`, from what the pairing pass kept of it when it did.
    fn load(&self, paths: &[PathBuf], i: usize) -> Loaded {
        load(&paths[i], self.read.get(i).and_then(Option::as_ref))
    }

    /// Load, check and print the inputs `range` (in parallel), keeping what the next chunk
    /// needs.
    fn chunk(
        &mut self,
        paths: &[PathBuf],
        range: std::ops::Range<usize>,
        how: Output<'_>,
    ) -> Vec<Processed> {
        let loaded: Vec<Loaded> = range
            .clone()
            .into_par_iter()
            .map(|i| self.load(paths, i))
            .collect();
        let priors = self.priors;
        let prior_of = |i: usize| match priors {
            Priors::Paired(pairs) => pairs.get(i).copied().flatten(),
            Priors::Given(_) => None,
        };
        // Priors neither in this chunk nor kept from the last: load them now.
        let mut wanted: Vec<usize> = range
            .clone()
            .filter_map(prior_of)
            .filter(|p| !range.contains(p) && !self.kept.contains_key(p))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let fetched: Vec<(usize, Loaded)> = wanted
            .into_par_iter()
            .map(|p| (p, self.load(paths, p)))
            .collect();
        self.kept.extend(fetched);
        let given: Option<Loaded> = match self.priors {
            Priors::Given(path) => Some(load(path, None)),
            Priors::Paired(_) => None,
        };
        // This chunk's texts are parsed: let them go.
        for read in self.read.get_mut(range.clone()).into_iter().flatten() {
            *read = None;
        }
        let kept = &self.kept;
        let processed = range
            .clone()
            .into_par_iter()
            .map(|i| {
                let prior = match prior_of(i) {
                    Some(p) if range.contains(&p) => Some(&loaded[p - range.start]),
                    Some(p) => kept.get(&p),
                    None => given.as_ref(),
                };
                process(&loaded[i - range.start], prior, how)
            })
            .collect();
        // Keep for the next chunk only what it will use.
        let next = range.end..(range.end + self.chunk).min(paths.len());
        let mut needed: Vec<usize> = next.filter_map(prior_of).collect();
        needed.sort_unstable();
        needed.dedup();
        let needed = |p: usize| needed.binary_search(&p).is_ok();
        self.kept.retain(|&p, _| needed(p));
        for (k, r) in range.clone().zip(loaded) {
            if needed(k) {
                self.kept.insert(k, r);
            }
        }
        processed
    }
}
