//! Where records live, and every read and change of them: locking, re-reading, atomic
//! writing, and refusing to touch a record that does not parse.

use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Deserialize;

use crate::model::Report;
use crate::rules::Finding;

use super::audit::{AuditEntry, AuditEvent, append_only};
use super::record::{
    Annotation, AnnotationId, AnnotationState, AnnotationVersion, Revision, Target,
};
use super::signoff::{self, Decision, Reopening, ReviewStatus, SignOff};
use super::{Identity, Record, ReviewError, SCHEMA_VERSION, atomic};

/// The environment variable that points the store elsewhere (tests always set it or pass a
/// directory).
pub const STORE_ENV: &str = "NIANBAO_STORE";

/// The review store: a directory of records, one JSON file per report identity, each with a
/// `.lock` file beside it.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    fixed_time: Option<Timestamp>,
}

/// What a sign-off says, apart from the report it is on.
#[derive(Debug, Clone, Copy)]
pub struct SignRequest<'a> {
    /// Approve or return.
    pub decision: Decision,
    /// The reviewer's comment.
    pub comment: &'a str,
    /// Who signs.
    pub reviewer: &'a str,
    /// The rule set's version (`RuleSet::version`) the findings came from.
    pub ruleset_version: &'a str,
}

impl Store {
    /// The store directory: `override_dir` (the `--store` flag), else `NIANBAO_STORE`, else
    /// the platform's data directory for nianbao. Errs, saying how to fix it, when there is
    /// no home directory and no override.
    pub fn default_dir(override_dir: Option<&Path>) -> Result<PathBuf, ReviewError> {
        if let Some(d) = override_dir {
            return Ok(d.to_path_buf());
        }
        if let Some(d) = std::env::var_os(STORE_ENV).filter(|d| !d.is_empty()) {
            return Ok(PathBuf::from(d));
        }
        directories::ProjectDirs::from("", "", "nianbao")
            .map(|p| p.data_dir().join("reviews"))
            .ok_or(ReviewError::NoStoreDir)
    }

    /// Open (creating it if needed) a store directory.
    pub fn open(dir: impl AsRef<Path>) -> Result<Store, ReviewError> {
        let dir = dir.as_ref();
        fs::create_dir_all(dir)
            .map_err(|e| ReviewError::io("create the store directory", dir, e))?;
        Ok(Store {
            dir: dir.to_path_buf(),
            fixed_time: None,
        })
    }

    /// Stamp every change with this time instead of the clock: for reproducible memos and
    /// tests.
    pub fn with_fixed_time(mut self, at: Timestamp) -> Store {
        self.fixed_time = Some(at);
        self
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The record file for a report.
    pub fn record_path(&self, report: &Report) -> PathBuf {
        self.dir
            .join(format!("{}.json", Identity::of(report).file_stem()))
    }

    /// Read a report's record without changing anything; `None` when it was never opened.
    pub fn load(&self, report: &Report) -> Result<Option<Record>, ReviewError> {
        let identity = Identity::of(report);
        read_record(&self.record_path(report), &identity)
    }

    /// A report's record, or an empty one when it was never opened (for `export` and
    /// display, which must not create records). Changes nothing.
    pub fn load_or_empty(&self, report: &Report) -> Result<Record, ReviewError> {
        Ok(self
            .load(report)?
            .unwrap_or_else(|| Record::new(Identity::of(report))))
    }

    /// Open a report for review: create its record, or add the file as a new revision when
    /// its bytes were not seen before (both audit-logged), and note the fingerprints of its
    /// findings so a later revision can tell which were fixed. Returns the record.
    pub fn open_report(
        &self,
        report: &Report,
        findings: &[Finding],
        who: &str,
    ) -> Result<Record, ReviewError> {
        self.update(report, who, |record, rev, _| {
            let r = &mut record.revisions[rev as usize - 1];
            if r.findings.is_none() {
                r.findings = Some(findings.iter().map(|f| f.fingerprint.clone()).collect());
            }
            Ok(())
        })
        .map(|((), record)| record)
    }

    /// Attach a note to a cell, finding or section of the report's current revision.
    pub fn annotate(
        &self,
        report: &Report,
        target: Target,
        text: &str,
        state: AnnotationState,
        author: &str,
    ) -> Result<AnnotationId, ReviewError> {
        if text.trim().is_empty() {
            return Err(ReviewError::EmptyText);
        }
        if let Target::Cell { id } = &target
            && report.schema().cell(id).is_none()
        {
            return Err(ReviewError::BadTarget(format!(
                "`{id}` is not a cell of the {} template: use a canonical id such as \
                 apply.new.total",
                report.meta.template
            )));
        }
        self.update(report, author, |record, rev, now| {
            let id = record.next_annotation_id();
            record.annotations.push(Annotation {
                id,
                target: target.clone(),
                text: text.to_string(),
                state,
                author: author.to_string(),
                created: now,
                revision: rev,
                history: Vec::new(),
            });
            log(
                record,
                now,
                author,
                AuditEvent::Annotated {
                    id,
                    target,
                    state,
                    revision: rev,
                },
            );
            Ok(id)
        })
        .map(|(id, _)| id)
    }

    /// Change a note's text; the earlier text stays in its history.
    pub fn edit_annotation(
        &self,
        report: &Report,
        id: AnnotationId,
        text: &str,
        author: &str,
    ) -> Result<(), ReviewError> {
        if text.trim().is_empty() {
            return Err(ReviewError::EmptyText);
        }
        self.update(report, author, |record, rev, now| {
            let a = annotation_mut(record, id)?;
            if a.text == text {
                return Ok(());
            }
            keep_version(a, author, now, rev);
            a.text = text.to_string();
            log(
                record,
                now,
                author,
                AuditEvent::Edited { id, revision: rev },
            );
            Ok(())
        })
        .map(|_| ())
    }

    /// Change a note's state (open, resolved, accepted); the earlier state stays in its
    /// history.
    pub fn set_state(
        &self,
        report: &Report,
        id: AnnotationId,
        state: AnnotationState,
        author: &str,
    ) -> Result<(), ReviewError> {
        self.update(report, author, |record, rev, now| {
            let a = annotation_mut(record, id)?;
            let from = a.state;
            if from == state {
                return Ok(());
            }
            keep_version(a, author, now, rev);
            a.state = state;
            log(
                record,
                now,
                author,
                AuditEvent::StateChanged {
                    id,
                    from,
                    to: state,
                },
            );
            Ok(())
        })
        .map(|_| ())
    }

    /// Sign the report off, bound to its bytes, the prior report's bytes and the rule set's
    /// version. Approval is refused, naming them, while an error finding has no `accepted`
    /// or `resolved` note. A new sign-off supersedes the one in force.
    pub fn sign(
        &self,
        report: &Report,
        prior: Option<&Report>,
        findings: &[Finding],
        request: SignRequest<'_>,
    ) -> Result<SignOff, ReviewError> {
        self.update(report, request.reviewer, |record, rev, now| {
            if request.decision == Decision::Approve {
                let unaccepted = record.unaccepted_errors(findings);
                if !unaccepted.is_empty() {
                    return Err(ReviewError::Refused { unaccepted });
                }
            }
            let r = &mut record.revisions[rev as usize - 1];
            r.findings = Some(findings.iter().map(|f| f.fingerprint.clone()).collect());
            let signoff = SignOff {
                decision: request.decision,
                reviewer: request.reviewer.to_string(),
                at: now,
                comment: request.comment.to_string(),
                revision: rev,
                sha256: report.source.sha256.clone(),
                prior_sha256: prior.map(|p| p.source.sha256.clone()),
                ruleset_version: request.ruleset_version.to_string(),
                reopened: None,
            };
            record.signoffs.push(signoff.clone());
            log(
                record,
                now,
                request.reviewer,
                AuditEvent::Signed {
                    decision: request.decision,
                    revision: rev,
                    sha256: report.source.sha256.clone(),
                },
            );
            Ok(signoff)
        })
        .map(|(s, _)| s)
    }

    /// Withdraw the sign-off in force, so the report is unsigned again.
    pub fn reopen(&self, report: &Report, reason: &str, who: &str) -> Result<(), ReviewError> {
        self.update(report, who, |record, _, now| {
            let Some(last) = record.signoffs.last_mut().filter(|s| s.reopened.is_none()) else {
                return Err(ReviewError::NotSigned);
            };
            last.reopened = Some(Reopening {
                by: who.to_string(),
                at: now,
                reason: reason.to_string(),
            });
            let revision = last.revision;
            log(
                record,
                now,
                who,
                AuditEvent::Reopened {
                    revision,
                    reason: reason.to_string(),
                },
            );
            Ok(())
        })
        .map(|_| ())
    }

    /// Where the report stands: approved, returned, stale (the file, the prior report or the
    /// rules are no longer what was signed; pass `None` to skip the last two checks) or
    /// unsigned, with open-note and error counts. Changes nothing.
    pub fn status(
        &self,
        report: &Report,
        prior: Option<&Report>,
        findings: &[Finding],
        ruleset_version: Option<&str>,
    ) -> Result<ReviewStatus, ReviewError> {
        let record = self.load(report)?;
        Ok(signoff::status_of(
            record.as_ref(),
            report,
            prior,
            findings,
            ruleset_version,
        ))
    }

    fn now(&self) -> Timestamp {
        self.fixed_time.unwrap_or_else(Timestamp::now)
    }

    /// The one way a record changes: lock, re-read from disk, make sure the report's file is
    /// a revision of it, apply `change`, and write atomically if anything changed. Holding
    /// the lock across read and write is what keeps two processes from losing each other's
    /// changes. An error from `change` writes nothing.
    fn update<T>(
        &self,
        report: &Report,
        who: &str,
        change: impl FnOnce(&mut Record, u32, Timestamp) -> Result<T, ReviewError>,
    ) -> Result<(T, Record), ReviewError> {
        if report.source.sha256.is_empty() {
            return Err(ReviewError::NoHash {
                path: report.source.path.clone(),
            });
        }
        let identity = Identity::of(report);
        let path = self.record_path(report);
        let lock_path = path.with_extension("lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| ReviewError::io("open the lock file", &lock_path, e))?;
        lock.lock()
            .map_err(|e| ReviewError::io("lock", &lock_path, e))?;
        let result = self.update_locked(report, who, &identity, &path, change);
        // Closing the file would release the lock too; unlocking says so explicitly.
        let _ = File::unlock(&lock);
        result
    }

    fn update_locked<T>(
        &self,
        report: &Report,
        who: &str,
        identity: &Identity,
        path: &Path,
        change: impl FnOnce(&mut Record, u32, Timestamp) -> Result<T, ReviewError>,
    ) -> Result<(T, Record), ReviewError> {
        atomic::remove_leftovers(path);
        let mut record =
            read_record(path, identity)?.unwrap_or_else(|| Record::new(identity.clone()));
        let before = record.clone();
        let now = self.now();
        let rev = ensure_revision(&mut record, report, who, now);
        let value = change(&mut record, rev, now)?;
        if record != before {
            if !append_only(&before.audit, &record.audit) {
                return Err(ReviewError::Corrupt {
                    path: path.to_path_buf(),
                    detail: "internal error: a change would rewrite the audit log".into(),
                });
            }
            let mut bytes = serde_json::to_vec_pretty(&record)?;
            bytes.push(b'\n');
            atomic::write_atomic(path, &bytes)
                .map_err(|e| ReviewError::io("write the review record", path, e))?;
        }
        Ok((value, record))
    }
}

/// Read and check a record; `None` when the file does not exist. Never writes.
fn read_record(path: &Path, identity: &Identity) -> Result<Option<Record>, ReviewError> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ReviewError::io("read the review record", path, e)),
    };
    let corrupt = |e: serde_json::Error| ReviewError::Corrupt {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    // The version is read first, so a newer format is reported as such, not as damage.
    #[derive(Deserialize)]
    struct Version {
        schema: u32,
    }
    let version: Version = serde_json::from_slice(&bytes).map_err(corrupt)?;
    if version.schema > SCHEMA_VERSION {
        return Err(ReviewError::NewerSchema {
            path: path.to_path_buf(),
            found: version.schema,
            supported: SCHEMA_VERSION,
        });
    }
    let record: Record = serde_json::from_slice(&bytes).map_err(corrupt)?;
    if record.identity.key != identity.key {
        return Err(ReviewError::IdentityMismatch {
            path: path.to_path_buf(),
            expected: identity.key.clone(),
            found: record.identity.key,
        });
    }
    let numbered = record
        .revisions
        .iter()
        .enumerate()
        .all(|(i, r)| r.number as usize == i + 1);
    if !numbered {
        return Err(ReviewError::Corrupt {
            path: path.to_path_buf(),
            detail: "revisions are not numbered 1, 2, 3, …".into(),
        });
    }
    Ok(Some(record))
}

/// The report's revision number, adding it (audit-logged) when its bytes are new.
fn ensure_revision(record: &mut Record, report: &Report, who: &str, now: Timestamp) -> u32 {
    if let Some(n) = record.revision_of(report) {
        return n;
    }
    let number = record.revisions.len() as u32 + 1;
    record.revisions.push(Revision {
        number,
        sha256: report.source.sha256.clone(),
        path: report.source.path.clone(),
        first_seen: now,
        seen_by: who.to_string(),
        findings: None,
    });
    log(
        record,
        now,
        who,
        AuditEvent::RevisionAdded {
            revision: number,
            sha256: report.source.sha256.clone(),
            path: report.source.path.clone(),
        },
    );
    number
}

fn log(record: &mut Record, at: Timestamp, who: &str, event: AuditEvent) {
    let seq = record.audit.last().map_or(1, |e| e.seq + 1);
    record.audit.push(AuditEntry {
        seq,
        at,
        who: who.to_string(),
        event,
    });
}

fn annotation_mut(record: &mut Record, id: AnnotationId) -> Result<&mut Annotation, ReviewError> {
    record
        .annotations
        .iter_mut()
        .find(|a| a.id == id)
        .ok_or(ReviewError::NoSuchAnnotation { id: id.0 })
}

fn keep_version(a: &mut Annotation, who: &str, now: Timestamp, rev: u32) {
    a.history.push(AnnotationVersion {
        text: a.text.clone(),
        state: a.state,
        replaced_by: who.to_string(),
        replaced_at: now,
        revision: rev,
    });
}
