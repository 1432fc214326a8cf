//! Two reports → cell-by-cell changes and narrative diffs, aligned by canonical id across the
//! two template versions.

mod similarity;

pub use similarity::text_similarity;

use rust_decimal::Decimal;

use crate::model::{CellStatus, Report, Template};

/// The value of `id` as it reads in `report`, translating across template versions: the 2019
/// row `apply.other.<col>` is the sum of the three 2021 rows `apply.other.*.<col>`.
/// `None` when the report has no such cell or it does not read as a number.
pub fn aligned_value(report: &Report, id: &str) -> Option<Decimal> {
    if let Some(cell) = report.cell(id) {
        return cell.value;
    }
    let col = id.strip_prefix("apply.other.")?;
    if report.meta.template != Template::V2021 || col.contains('.') {
        return None;
    }
    let mut sum = Decimal::ZERO;
    for part in ["no_correction", "no_fee", "other"] {
        let cell = report.cell(&format!("apply.other.{part}.{col}"))?;
        match cell.status {
            CellStatus::Value => sum += cell.value?,
            CellStatus::Blank => {}
            _ => return None,
        }
    }
    Some(sum)
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
