//! Which findings the reviewer has settled (`review-states.md`, "Notes and findings"): the one
//! meaning of acceptance that the CLI, the TUI, `status`, the memo and the summary all use.
//!
//! A note is **settling** when it is accepted or resolved and not withdrawn. A finding is
//! **settled** by a settling note on the finding itself (matched by fingerprint, so it follows
//! the finding into a resubmission), or on any cell the finding names, written on a revision
//! where that finding existed: a finding that first appears in a later revision is not
//! settled by an older note on the same cell.

use crate::rules::{Finding, Severity};

use super::UnacceptedFinding;
use super::record::{Annotation, Record, Target};

/// Whether a note settles what it covers: accepted or resolved, and not withdrawn.
pub fn is_settling(note: &Annotation) -> bool {
    note.withdrawn.is_none() && note.state.clears_error()
}

/// The notes that bear on a finding, oldest first: those on the finding, and those on a cell
/// it names written on a revision where the finding existed. Withdrawn notes are included
/// (they are shown, struck through); [`is_settling`] leaves them out.
pub fn notes_on<'a>(
    record: &'a Record,
    finding: &'a Finding,
) -> impl Iterator<Item = &'a Annotation> {
    record
        .annotations
        .iter()
        .filter(move |a| covers(record, a, finding))
}

/// Whether a note covers a finding.
pub fn covers(record: &Record, note: &Annotation, finding: &Finding) -> bool {
    match &note.target {
        Target::Finding { fingerprint, .. } => *fingerprint == finding.fingerprint,
        Target::Cell { id } => {
            finding.cells.iter().any(|c| c == id)
                && existed_on(record, note.revision, &finding.fingerprint)
        }
        Target::Section { .. } => false,
    }
}

/// The first note that settles a finding, if any.
pub fn settling_note<'a>(record: &'a Record, finding: &'a Finding) -> Option<&'a Annotation> {
    notes_on(record, finding).find(|a| is_settling(a))
}

/// Whether a finding is settled.
pub fn is_settled(record: &Record, finding: &Finding) -> bool {
    settling_note(record, finding).is_some()
}

/// The error findings not settled: these block approval, each named with what to do.
pub fn unsettled_errors(record: &Record, findings: &[Finding]) -> Vec<UnacceptedFinding> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error && !is_settled(record, f))
        .map(|f| UnacceptedFinding {
            rule: f.rule.clone(),
            fingerprint: f.fingerprint.clone(),
            cells: f.cells.clone(),
            message: f.message.clone(),
        })
        .collect()
}

/// The findings a note on `target` would cover, for a note dialog to say so: the finding
/// itself, or every finding naming the cell. (A new note is written on the current revision,
/// where these findings exist.)
pub fn findings_covered<'a>(target: &Target, findings: &'a [Finding]) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| match target {
            Target::Finding { fingerprint, .. } => *fingerprint == f.fingerprint,
            Target::Cell { id } => f.cells.iter().any(|c| c == id),
            Target::Section { .. } => false,
        })
        .collect()
}

/// Whether a finding existed on a revision: its fingerprint is among the revision's noted
/// findings. A revision whose findings were never noted (records from before they were kept)
/// is given the benefit of the doubt.
fn existed_on(record: &Record, revision: u32, fingerprint: &str) -> bool {
    record
        .revisions
        .iter()
        .find(|r| r.number == revision)
        .and_then(|r| r.findings.as_ref())
        .is_none_or(|fps| fps.iter().any(|f| f == fingerprint))
}
