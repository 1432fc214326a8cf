//! Two reports → cell-by-cell changes and narrative diffs, aligned by canonical id across the
//! two template versions.
//!
//! [`compare`] does it all for one pair: [`align`] puts last year's and this year's cells side
//! by side (`align.rs`), [`changes`] takes the exact deltas of the cells with a value in both
//! (`changes.rs`), [`narrative_diffs`] diffs the six sections' text (`narrative.rs`), each
//! section once: the same token diff (`tokens.rs`, `similarity.rs`) gives its similarity
//! ratio, which `yoy.copied_text` also reads through [`text_similarity`], and its runs.
//! [`pair`] says which report is whose prior among reports already read (`pairing.rs`);
//! finding files beside a report is [`crate::session`]'s, so nothing here reads a file.
//! The cross-year rules (`yoy.*`) live in [`crate::rules`] and read this data.

mod align;
mod changes;
mod narrative;
mod pairing;
mod similarity;
mod tokens;

pub use align::{AlignedRow, OnlyIn, Side, align, aligned_value};
pub use changes::{Change, changes};
pub use narrative::{NarrativeDiff, Run, RunKind, diff_runs, narrative_diff, narrative_diffs};
pub use pairing::{
    AgencyYear, PairKey, is_prior_by_name, is_prior_of, masked_file_name, name_year,
    normalize_agency, pair, pair_files, pair_priors, same_agency,
};
pub use similarity::{text_similarity, text_similarity_bound};

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
