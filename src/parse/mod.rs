//! Text → [`Report`]: find the sections, match the template's labels, place the numbers.

use crate::model::{Report, Template};
use crate::read::Source;

/// Parse a read file into the canonical model. Never fails and never panics: what cannot be
/// placed becomes a note or a blank/missing/unreadable cell, never a silent zero.
pub fn parse(source: &Source) -> Report {
    let mut report = Report::empty(Template::V2019);
    report.source = source.info.clone();
    report.lines = source.text.lines().map(str::to_owned).collect();
    report
}
