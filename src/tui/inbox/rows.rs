//! The inbox's rows: every report under a folder, read, paired with its prior year among the
//! folder's reports, checked, and looked up in the review store, in parallel. Only the row's
//! few fields are kept, not the reports.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use nianbao::compare::{self, AgencyYear};
use nianbao::review::{SignState, Store};
use nianbao::rules::{self, RuleSet, Severity};
use nianbao::{Lang, Report};

/// One submission in the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The report file.
    pub path: PathBuf,
    /// Its prior-year report among the folder's, if any.
    pub prior: Option<PathBuf>,
    /// The publishing agency, as written.
    pub agency: Option<String>,
    /// The report year.
    pub year: Option<i32>,
    /// The form version (2019 or 2021).
    pub template: String,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// The review state in the store (None when the file or its record cannot be read).
    pub state: Option<SignState>,
    /// Why the file or its record could not be read.
    pub problem: Option<String>,
}

impl Row {
    /// Whether the row is still being read (neither a state nor a problem yet).
    pub fn is_pending(&self) -> bool {
        self.state.is_none() && self.problem.is_none()
    }

    /// Whether no sign-off is in force (never signed, or stale).
    pub fn unsigned(&self) -> bool {
        matches!(
            self.state,
            Some(SignState::Unsigned | SignState::Stale) | None
        )
    }
}

/// The report files under `dir`, recursively, sorted; hidden entries and READMEs skipped.
pub fn report_files(dir: &Path) -> Vec<PathBuf> {
    nianbao::session::Folder::find(&[dir.to_path_buf()]).files
}

/// Who and which year, for pairing (a report that cannot be read has neither).
struct Who(Option<String>, Option<i32>);

impl AgencyYear for Who {
    fn agency(&self) -> Option<&str> {
        self.0.as_deref()
    }
    fn year(&self) -> Option<i32> {
        self.1
    }
}

/// Reports read per parallel chunk: the memory held is a chunk's reports and priors, not
/// the folder's (20,000 reports held at once took 1.4 GB), and each chunk reaches the screen
/// as soon as it is done.
const CHUNK: usize = 128;

/// A batch of rows for the list: (index among the folder's files, row).
pub type Batch = Vec<(usize, Row)>;

/// Read every report under `dir` and make its row, in parallel, in file order.
#[cfg(test)]
pub fn load(dir: &Path, rules: &RuleSet, store: &Store, lang: Lang) -> Vec<Row> {
    let files = report_files(dir);
    let mut rows: Vec<Row> = files.iter().map(|p| pending(p)).collect();
    stream(&files, rules, store, lang, |batch| {
        for (i, row) in batch {
            rows[i] = row;
        }
        true
    });
    rows
}

/// A row not read yet: its file only (no state and no problem).
pub fn pending(path: &Path) -> Row {
    Row {
        path: path.to_path_buf(),
        prior: None,
        agency: None,
        year: None,
        template: String::new(),
        errors: 0,
        warnings: 0,
        state: None,
        problem: None,
    }
}

/// Make the rows of `files` a chunk at a time, handing each chunk to `send` as it is done
/// (stopping when `send` says no one listens): first who and which year of every report (a
/// quick read of the header, shown while the rest is read), then, once the reports are
/// paired with their prior years, the full rows.
pub fn stream(
    files: &[PathBuf],
    rules: &RuleSet,
    store: &Store,
    lang: Lang,
    mut send: impl FnMut(Batch) -> bool,
) {
    let mut who: Vec<Who> = Vec::with_capacity(files.len());
    for start in (0..files.len()).step_by(CHUNK) {
        let end = (start + CHUNK).min(files.len());
        let chunk: Vec<Who> = files[start..end]
            .par_iter()
            .map(|p| match nianbao::read::read_path(p) {
                Ok(source) => {
                    let (agency, year) = nianbao::parse::identity(&source);
                    Who(agency, year)
                }
                Err(_) => Who(None, None),
            })
            .collect();
        let batch = (start..end)
            .zip(&chunk)
            .map(|(i, w)| {
                let mut row = pending(&files[i]);
                row.agency.clone_from(&w.0);
                row.year = w.1;
                (i, row)
            })
            .collect();
        who.extend(chunk);
        if !send(batch) {
            return;
        }
    }
    // By agency and year; by file name where an agency is unknown.
    let priors = compare::pair_files(files, &who);
    for start in (0..files.len()).step_by(CHUNK) {
        let end = (start + CHUNK).min(files.len());
        let batch: Batch = (start..end)
            .into_par_iter()
            .map(|i| (i, full_row(files, &priors, i, rules, store, lang)))
            .collect();
        if !send(batch) {
            return;
        }
    }
}

/// The row of `files[i]`, checked beside its prior year.
fn full_row(
    files: &[PathBuf],
    priors: &[Option<usize>],
    i: usize,
    rules: &RuleSet,
    store: &Store,
    lang: Lang,
) -> Row {
    let report = match nianbao::load(&files[i]) {
        Ok(r) => r,
        Err(e) => return unreadable(&files[i], e.to_string()),
    };
    let prior_report = priors[i].and_then(|j| nianbao::load(&files[j]).ok());
    let prior = priors[i].map(|j| (&files[j], prior_report.as_ref()));
    row_of(&files[i], &report, prior, rules, store, lang)
}

/// A row made again from the files (after a review, or when the file changed).
pub fn reload(row: &Row, rules: &RuleSet, store: &Store, lang: Lang) -> Row {
    let report = match nianbao::load(&row.path) {
        Ok(r) => r,
        Err(e) => return unreadable(&row.path, e.to_string()),
    };
    let prior_report = row.prior.as_ref().and_then(|p| nianbao::load(p).ok());
    let prior = row.prior.as_ref().map(|p| (p, prior_report.as_ref()));
    row_of(&row.path, &report, prior, rules, store, lang)
}

fn row_of(
    path: &Path,
    report: &Report,
    prior: Option<(&PathBuf, Option<&Report>)>,
    rules: &RuleSet,
    store: &Store,
    lang: Lang,
) -> Row {
    let prior_report = prior.and_then(|(_, r)| r);
    // Counted on the reviewer's readings, as the screen and `check` count them.
    let (findings, state, problem) =
        match nianbao::session::standing(report, prior_report, rules, store) {
            Ok((findings, status)) => (findings, Some(status.state), None),
            // A damaged record, in the words the CLI uses.
            Err(e) => (
                rules::check(report, prior_report, rules),
                None,
                Some(e.message(lang)),
            ),
        };
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    Row {
        path: path.to_path_buf(),
        prior: prior.map(|(p, _)| p.clone()),
        agency: report.meta.agency.clone(),
        year: report.meta.year,
        template: report.meta.template.to_string(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        state,
        problem,
    }
}

fn unreadable(path: &Path, problem: String) -> Row {
    Row {
        problem: Some(problem),
        ..pending(path)
    }
}
