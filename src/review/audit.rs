//! The audit log: every change to a record, appended with who and when, each entry carrying
//! the SHA-256 of the one before it. The record's state is what replaying the log gives
//! ([`super::chain`]); entries are never changed or removed, and [`append_only`] checks that
//! before each write.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::record::{Annotation, AnnotationId, AnnotationState, Revision, Target};
use super::signoff::{Decision, SignOff};
use super::sshsig::SshSignature;

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
    /// SHA-256 of the entry before (for the first, of the record's identity key): deleting,
    /// reordering or editing an entry breaks the chain.
    #[serde(default)]
    pub prev: String,
    /// SHA-256 of this entry (seq, at, who, event and prev, as canonical JSON).
    #[serde(default)]
    pub hash: String,
}

/// What changed. Each event carries everything needed to replay it.
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
        /// The content hash of what was read from it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content_hash: Option<String>,
    },
    /// The fingerprints of a revision's findings were noted.
    FindingsNoted {
        /// The revision.
        revision: u32,
        /// Its findings' fingerprints.
        findings: Vec<String>,
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
        /// Its text.
        #[serde(default)]
        text: String,
    },
    /// A note's text was changed (the earlier text is in the note's history).
    Edited {
        /// The note.
        id: AnnotationId,
        /// The revision it was edited on.
        revision: u32,
        /// The new text.
        #[serde(default)]
        text: String,
    },
    /// A note's state was changed.
    StateChanged {
        /// The note.
        id: AnnotationId,
        /// Before.
        from: AnnotationState,
        /// After.
        to: AnnotationState,
        /// The revision it was changed on.
        #[serde(default)]
        revision: u32,
    },
    /// A note was withdrawn: it stays in the record and its history, and no longer counts.
    Withdrawn {
        /// The note.
        id: AnnotationId,
        /// The revision it was withdrawn on.
        revision: u32,
    },
    /// The report was signed off.
    Signed {
        /// The sign-off, as recorded.
        signoff: Box<SignOff>,
    },
    /// The sign-off in force was withdrawn.
    Reopened {
        /// The revision the withdrawn sign-off was on.
        revision: u32,
        /// Why.
        reason: String,
    },
    /// The reviewer recorded the value of a cell the machine could not read with certainty.
    Read {
        /// The reading.
        reading: super::reading::Reading,
    },
    /// The record was converted from an earlier format: the state then, and its log, taken
    /// as they were (the earlier format had no chain to check them by).
    Migrated {
        /// The format converted from.
        from_schema: u32,
        /// Revisions as they were.
        revisions: Vec<Revision>,
        /// Notes as they were.
        annotations: Vec<Annotation>,
        /// Sign-offs as they were.
        signoffs: Vec<SignOff>,
        /// The earlier log, kept verbatim.
        legacy_audit: Vec<serde_json::Value>,
    },
}

impl AuditEvent {
    /// Signed entries as stored carry their decision; a convenience for display.
    pub fn decision(&self) -> Option<Decision> {
        match self {
            AuditEvent::Signed { signoff } => Some(signoff.decision),
            _ => None,
        }
    }

    /// The signature of a signed entry, if it has one.
    pub fn signature(&self) -> Option<&SshSignature> {
        match self {
            AuditEvent::Signed { signoff } => signoff.signature.as_ref(),
            _ => None,
        }
    }
}

/// Whether `after` keeps every entry of `before` unchanged, in order, and only appends.
pub(crate) fn append_only(before: &[AuditEntry], after: &[AuditEntry]) -> bool {
    after.len() >= before.len() && after[..before.len()] == *before
}
