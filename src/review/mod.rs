//! The review store: one record per report identity (agency + year, else the content hash)
//! with its revisions, annotations, sign-offs and readings, and the audit log they are
//! replayed from: each entry carries the SHA-256 of the one before, and every load checks
//! the chain and the replay ([`chain`]). Records are written atomically.
//!
//! Every mutation goes through [`Store`]: it takes the record's lock, re-reads the record from
//! disk, applies the change, writes the record atomically and releases the lock, so two
//! nianbao processes on the same report never lose each other's work, and a crash leaves the
//! old record or the new one, never a torn one. A record that does not parse is reported and
//! left untouched.
//!
//! A typical command is a few lines:
//!
//! ```no_run
//! # use nianbao::review::*;
//! # fn run(report: &nianbao::Report, findings: &[nianbao::Finding]) -> Result<(), ReviewError> {
//! let store = Store::open(Store::default_dir(None)?)?;
//! let who = reviewer_name(None, None)?;
//! let target = Target::resolve(report, findings, Some("apply.new.total"), None, None)?;
//! let id = store.annotate(report, target, "本年新收申请数与正文不符", AnnotationState::Open, &who)?;
//! println!("annotation {id}");
//! # Ok(()) }
//! ```

mod atomic;
mod audit;
pub mod chain;
mod error;
mod identity;
mod migrate;
pub mod reading;
mod record;
pub mod settlement;
mod signoff;
pub mod sshsig;
mod store;

pub use atomic::write_atomic;
pub use audit::{AuditEntry, AuditEvent};
pub use chain::{Tamper, TamperKind};
pub use error::{ReviewError, UnacceptedFinding};
pub use identity::{Identity, reviewer_name};
pub use record::{
    Annotation, AnnotationId, AnnotationState, AnnotationVersion, FindingFate, Record, Revision,
    SCHEMA_VERSION, Target, Withdrawal,
};
pub use signoff::{
    Decision, Reopening, ReviewStatus, SignOff, SignState, StaleReason, short_hash, status_of,
};
pub use store::{NOTE_LIMIT, STORE_ENV, SignOptions, SignRequest, Store, read_record_file};
