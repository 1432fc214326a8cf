//! A report loaded the one way every front end loads it: read, parsed, its prior year found
//! (given, else beside the file), the reviewer's readings of cells the machine could not read
//! applied from the store's record, and checked.

use std::path::{Path, PathBuf};

use crate::model::Report;
use crate::read::ReadError;
use crate::review::{Record, ReviewError, ReviewStatus, Store, reading, status_of};
use crate::rules::{self, Finding, RuleSet};

/// A report with its prior year, checked: what every review command and the screen show.
#[derive(Debug, Clone)]
pub struct Reviewed {
    /// This year's report, as read (its content hash and identity bind the review record).
    pub report: Report,
    /// The prior year's report, when given or found beside the file.
    pub prior: Option<Report>,
    /// Where the prior was read from.
    pub prior_path: Option<PathBuf>,
    /// Every finding, cross-year ones included, computed on the reviewer's readings.
    pub findings: Vec<Finding>,
    /// The reviewer's readings applied (`review-states.md`), from the record of this content.
    pub readings: Vec<reading::Reading>,
    /// The report with those readings in its cells, when there are any: what the rules ran
    /// on and what JSON shows (`"status": "reviewer"`).
    pub read: Option<Report>,
}

impl Reviewed {
    /// The report the rules ran on: with the reviewer's readings when there are any.
    pub fn shown(&self) -> &Report {
        self.read.as_ref().unwrap_or(&self.report)
    }
}

/// Read, parse and check `file` with its prior year: `prior` when given, else the same
/// agency's prior-year report found beside the file ([`super::find_prior_beside`]), so a
/// sign-off and a later `status` bind to the same prior. With a store, the record of this
/// content supplies the reviewer's readings (a damaged record is left for the command that
/// uses the record to report). Errors name the file.
pub fn load(
    file: &Path,
    prior: Option<&Path>,
    rules: &RuleSet,
    store: Option<&Store>,
) -> Result<Reviewed, ReadError> {
    let report = crate::load(file)?;
    let prior_path = match prior {
        Some(p) => Some(p.to_path_buf()),
        None => super::find_prior_beside(file, &report),
    };
    let prior = prior_path.as_deref().map(crate::load).transpose()?;
    let record = store.and_then(|s| s.load(&report).ok().flatten());
    let mut reviewed = checked(report, prior, rules, record.as_ref());
    reviewed.prior_path = prior_path;
    Ok(reviewed)
}

/// Check a report already read, with the readings of `record` applied (`review-states.md`:
/// with a store, rules run on the reviewer's value). The report itself stays as read.
pub fn checked(
    report: Report,
    prior: Option<Report>,
    rules: &RuleSet,
    record: Option<&Record>,
) -> Reviewed {
    let (read, readings) = with_readings(&report, record);
    let findings = rules::check(read.as_ref().unwrap_or(&report), prior.as_ref(), rules);
    Reviewed {
        report,
        prior,
        prior_path: None,
        findings,
        readings,
        read,
    }
}

/// The report with the readings of `record` applied, and those readings; `(None, [])` when
/// there are none for this content.
pub fn with_readings(
    report: &Report,
    record: Option<&Record>,
) -> (Option<Report>, Vec<reading::Reading>) {
    let Some(record) = record.filter(|r| !r.readings.is_empty()) else {
        return (None, Vec::new());
    };
    let mut read = report.clone();
    let readings = reading::apply(&mut read, record);
    if readings.is_empty() {
        (None, readings)
    } else {
        (Some(read), readings)
    }
}

/// A report's findings on the reviewer's readings and where its review stands, from one read
/// of its record: what a row of a list shows (the inbox, the workbook), counted as the screen
/// and `check` with a store count it. A record altered outside nianbao stands as tampered
/// (its readings unused); any other store error is returned.
pub fn standing(
    report: &Report,
    prior: Option<&Report>,
    rules: &RuleSet,
    store: &Store,
) -> Result<(Vec<Finding>, ReviewStatus), ReviewError> {
    let record = match store.load(report) {
        Ok(record) => record,
        Err(ReviewError::Tampered { tamper, .. }) => {
            let findings = rules::check(report, prior, rules);
            let status = ReviewStatus::tampered(&findings, tamper);
            return Ok((findings, status));
        }
        Err(e) => return Err(e),
    };
    let (read, _) = with_readings(report, record.as_ref());
    let findings = rules::check(read.as_ref().unwrap_or(report), prior, rules);
    let status = status_of(
        record.as_ref(),
        report,
        prior,
        &findings,
        Some(&rules.version()),
    );
    Ok((findings, status))
}
