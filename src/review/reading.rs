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
