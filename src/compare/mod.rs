//! Two reports → cell-by-cell changes and narrative diffs, aligned by canonical id across the
//! two template versions.
//!
//! [`compare`] does it all for one pair: [`align`] puts last year's and this year's cells side
//! by side (`align.rs`), [`changes`] takes the exact deltas of the cells with a value in both
//! (`changes.rs`), [`narrative_diffs`] diffs the six sections' text (`narrative.rs`).
//! [`pair_priors`] and [`find_prior_beside`] find which report is whose prior (`pairing.rs`).
//! The cross-year rules (`yoy.*`) live in [`crate::rules`] and read this data.

mod align;
mod changes;
mod narrative;
mod pairing;
mod similarity;

pub use align::{AlignedRow, OnlyIn, Side, align, aligned_value};
pub use changes::{Change, changes};
pub use narrative::{NarrativeDiff, Run, RunKind, diff_runs, narrative_diff, narrative_diffs};
pub use pairing::{
    AgencyYear, candidate_files, find_prior_beside, is_prior_of, normalize_agency, pair_priors,
};
pub use similarity::text_similarity;

use crate::model::Report;

/// Everything the year-over-year view shows for one pair of reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison<'a> {
    /// Every canonical id of either report, side by side, in this year's form order.
    pub rows: Vec<AlignedRow<'a>>,
    /// The rows with a value in both years, with their exact deltas.
    pub changes: Vec<Change>,
    /// The six sections' text, this year's against last year's.
    pub narratives: Vec<NarrativeDiff>,
}

/// Compare this year's report with last year's: aligned rows, changes and narrative diffs.
pub fn compare<'a>(prior: &'a Report, current: &'a Report) -> Comparison<'a> {
    let rows = align(prior, current);
    let changes = changes(&rows);
    Comparison {
        rows,
        changes,
        narratives: narrative_diffs(prior, current),
    }
}

/// One cell's change since last year.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Canonical id.
    pub cell: String,
    /// Last year's value.
    pub prior: Decimal,
    /// This year's value.
    pub current: Decimal,
    /// `current - prior`.
    pub delta: Decimal,
}

/// Every cell with a value in both years, in the current template's order.
pub fn changes(current: &Report, prior: &Report) -> Vec<Change> {
    current
        .schema()
        .cells
        .iter()
        .filter_map(|def| {
            let c = current.value(&def.id)?;
            let p = aligned_value(prior, &def.id)?;
            Some(Change {
                cell: def.id.clone(),
                prior: p,
                current: c,
                delta: c - p,
            })
        })
        .collect()
}

/// An agency name normalised for pairing: white space dropped, full-width brackets folded.
pub fn agency_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// Kind of a diff run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// In both years.
    Equal,
    /// Only this year.
    Insert,
    /// Only last year.
    Delete,
}

/// A run of text of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Kind.
    pub kind: RunKind,
    /// Text.
    pub text: String,
}

/// One section's narrative against last year's.
#[derive(Debug, Clone)]
pub struct NarrativeDiff {
    /// Section.
    pub section: crate::model::SectionId,
    /// Similarity 0..1.
    pub ratio: f64,
    /// Runs.
    pub runs: Vec<Run>,
}

/// Diff of one section.
pub fn narrative_diff(
    current: &Report,
    prior: &Report,
    section: crate::model::SectionId,
) -> NarrativeDiff {
    let a = &prior.section(section).text;
    let b = &current.section(section).text;
    NarrativeDiff {
        section,
        ratio: text_similarity(a, b),
        runs: Vec::new(),
    }
}

/// Prior-year file beside a report.
pub fn find_prior_beside(_path: &std::path::Path, _report: &Report) -> Option<std::path::PathBuf> {
    None
}
