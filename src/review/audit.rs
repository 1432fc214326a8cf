//! The audit log: every change to a record, appended with who and when. Entries are never
//! changed or removed; [`append_only`] checks that before each write.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::record::{AnnotationId, AnnotationState, Target};
use super::signoff::Decision;

/// One change to a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// 1, 2, 3, … in the order the changes were made.
    pub seq: u64,
    /// When.
    pub at: Timestamp,
    /// Who.
    pub who: String,
    /// What.
    pub event: AuditEvent,
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum AuditEvent {
    /// A file not seen before was opened under this identity.
    RevisionAdded {
        /// Its number.
        revision: u32,
        /// SHA-256 of its bytes.
        sha256: String,
        /// Where it was opened from.
        path: String,
    },
    /// A note was written.
    Annotated {
        /// The new note.
        id: AnnotationId,
        /// What it is on.
        target: Target,
        /// Its state.
        state: AnnotationState,
        /// The revision it was written on.
        revision: u32,
    },
    /// A note's text was changed (the earlier text is in the note's history).
    Edited {
        /// The note.
        id: AnnotationId,
        /// The revision it was edited on.
        revision: u32,
    },
    /// A note's state was changed.
    StateChanged {
        /// The note.
        id: AnnotationId,
        /// Before.
        from: AnnotationState,
        /// After.
        to: AnnotationState,
    },
    /// The report was signed off.
    Signed {
        /// Approve or return.
        decision: Decision,
        /// The revision signed.
        revision: u32,
        /// Its SHA-256.
        sha256: String,
    },
    /// The sign-off in force was withdrawn.
    Reopened {
        /// The revision the withdrawn sign-off was on.
        revision: u32,
        /// Why.
        reason: String,
    },
}

/// Whether `after` keeps every entry of `before` unchanged, in order, and only appends.
pub(crate) fn append_only(before: &[AuditEntry], after: &[AuditEntry]) -> bool {
    after.len() >= before.len() && after[..before.len()] == *before
}
