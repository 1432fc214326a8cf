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
