//! The review store: one record per report identity (agency + year) with its revisions,
//! annotations, sign-off and an append-only audit log, written atomically.
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
mod error;
mod identity;
pub mod memo;
mod record;
mod signoff;
mod store;

pub use atomic::write_atomic;
pub use audit::{AuditEntry, AuditEvent};
pub use error::{ReviewError, UnacceptedFinding};
pub use identity::{Identity, reviewer_name};
pub use record::{
    Annotation, AnnotationId, AnnotationState, AnnotationVersion, FindingFate, Record, Revision,
    SCHEMA_VERSION, Target,
};
pub use signoff::{Decision, Reopening, ReviewStatus, SignOff, SignState, StaleReason};
pub use store::{STORE_ENV, SignRequest, Store};
