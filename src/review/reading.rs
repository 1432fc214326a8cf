//! The reviewer's reading of a cell the machine could not read with certainty (run-together
//! digits): the value the reviewer says it is, bound to the content it was read from.

use jiff::Timestamp;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One reading, used only while the report reads to the same content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// The cell, by canonical id.
    pub cell: String,
    /// The value the reviewer read.
    pub value: Decimal,
    /// The candidates the machine offered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Decimal>,
    /// The content hash of the report it was read on: a changed report makes it stale.
    pub content_hash: String,
    /// The revision it was recorded on.
    pub revision: u32,
    /// Who read it.
    pub reviewer: String,
    /// When.
    pub at: Timestamp,
    /// Why (the reviewer's note).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

use crate::model::{CellStatus, Report};

use super::Record;

/// Whether the reviewer may record a reading of this cell: the machine could not read it
/// with certainty (run-together digits, or text that is not a number).
pub fn readable_by_reviewer(status: &CellStatus) -> bool {
    matches!(status, CellStatus::Ambiguous | CellStatus::Unreadable)
}

/// The readings that apply to the report as it reads now: the latest per cell among those
/// recorded for this content hash. A reading of another content is stale and not used.
pub fn current<'a>(record: &'a Record, report: &Report) -> Vec<&'a Reading> {
    let hash = report.content_hash();
    let mut out: Vec<&Reading> = Vec::new();
    for r in record.readings.iter().filter(|r| r.content_hash == hash) {
        match out.iter_mut().find(|x| x.cell == r.cell) {
            Some(slot) => *slot = r,
            None => out.push(r),
        }
    }
    out
}

/// Readings recorded for another content of the report (it changed since): kept in the
/// record, shown as stale, never used.
pub fn stale<'a>(record: &'a Record, report: &Report) -> Vec<&'a Reading> {
    let hash = report.content_hash();
    record
        .readings
        .iter()
        .filter(|r| r.content_hash != hash)
        .collect()
}

/// Put the reviewer's current readings into the report, so the rules run on them: each cell
/// read takes the reviewer's value (its candidates kept). Returns the readings applied.
/// Call before the rules, with the record of this report.
pub fn apply(report: &mut Report, record: &Record) -> Vec<Reading> {
    let readings: Vec<Reading> = current(record, report).into_iter().cloned().collect();
    for r in &readings {
        if let Some(cell) = report.cells.get_mut(&r.cell) {
            cell.value = Some(r.value);
            cell.status = CellStatus::Value;
        }
    }
    readings
}
