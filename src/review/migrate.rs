//! Records written by an earlier nianbao, converted on first open (`review-states.md`,
//! "Verification"). Format 1 had an audit log without a chain, whose entries did not carry
//! what they changed, so it cannot be replayed: the converted record starts with one
//! `migrated` entry holding the state and the old log as they were, and is chained from
//! there. The old file is kept beside the record (`*.json.schema1.bak`) before the converted
//! one is written; nothing is dropped.

use jiff::Timestamp;
use serde::Deserialize;

use super::audit::AuditEvent;
use super::record::{Annotation, Record, Revision};
use super::signoff::SignOff;
use super::{Identity, ReviewError};

/// A format-1 record: the state as the current types read it (their new fields are
/// optional), and the log kept as it was.
#[derive(Deserialize)]
struct V1 {
    identity: Identity,
    revisions: Vec<Revision>,
    annotations: Vec<Annotation>,
    signoffs: Vec<SignOff>,
    audit: Vec<serde_json::Value>,
}

/// Convert a format-1 record. The migration entry is dated by the last entry of the old log
/// (so converting twice gives the same record), or `now` when the log is empty.
pub(crate) fn from_v1(bytes: &[u8], now: Timestamp) -> Result<Record, serde_json::Error> {
    let v1: V1 = serde_json::from_slice(bytes)?;
    let at = v1
        .audit
        .last()
        .and_then(|e| e.get("at"))
        .and_then(|t| t.as_str())
        .and_then(|t| t.parse::<Timestamp>().ok())
        .unwrap_or(now);
    let mut record = Record::new(v1.identity);
    record
        .commit(
            at,
            "nianbao",
            AuditEvent::Migrated {
                from_schema: 1,
                revisions: v1.revisions,
                annotations: v1.annotations,
                signoffs: v1.signoffs,
                legacy_audit: v1.audit,
            },
        )
        .map_err(|e: ReviewError| serde::de::Error::custom(e.to_string()))?;
    Ok(record)
}

/// The file the old record is kept in beside the converted one.
pub(crate) fn backup_path(path: &std::path::Path) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".schema1.bak");
    path.with_file_name(name)
}
