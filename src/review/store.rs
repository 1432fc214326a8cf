//! Where records live, and every read and change of them: locking, re-reading, atomic
//! writing, and refusing to touch a record that does not parse.

use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Deserialize;

use crate::model::Report;
use crate::rules::Finding;

use super::audit::{AuditEvent, append_only};
use super::reading::{self, Reading};
use super::record::{AnnotationId, AnnotationState, Target};
use super::signoff::{self, Decision, ReviewStatus, SignOff};
use super::{Identity, Record, ReviewError, SCHEMA_VERSION, atomic, chain, migrate, sshsig};

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
        read_record(&self.record_path(report), &identity, self.now()).map(|r| r.map(|l| l.record))
    }

    /// Every record file in the store, sorted (for `nianbao verify`).
    pub fn record_files(&self) -> Result<Vec<PathBuf>, ReviewError> {
        let entries = fs::read_dir(&self.dir)
            .map_err(|e| ReviewError::io("list the store directory", &self.dir, e))?;
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "json")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                    && p.is_file()
            })
            .collect();
        files.sort();
        Ok(files)
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
        self.update(report, who, |record, rev, now| {
            note_findings(record, rev, findings, now, who, false)
        })
        .map(|((), record)| record)
    }

    /// `record` (the report's, as [`Store::load_or_empty`] read it) as [`Store::open_report`]
    /// would leave it, worked out in memory and written nowhere: the screen draws its first
    /// frame from it and opens the report just after, so an opening's write (and its two
    /// fsyncs) does not hold the frame back. Errs as the opening would before writing.
    pub fn preview_open(
        &self,
        mut record: Record,
        report: &Report,
        findings: &[Finding],
        who: &str,
    ) -> Result<Record, ReviewError> {
        no_hash(report)?;
        let now = self.now();
        let rev = ensure_revision(&mut record, report, who, now)?;
        note_findings(&mut record, rev, findings, now, who, false)?;
        Ok(record)
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
        check_text(text)?;
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
            record.commit(
                now,
                author,
                AuditEvent::Annotated {
                    id,
                    target,
                    state,
                    revision: rev,
                    text: text.to_string(),
                },
            )?;
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
        check_text(text)?;
        self.update(report, author, |record, rev, now| {
            let a = record
                .annotation(id)
                .ok_or(ReviewError::NoSuchAnnotation { id: id.0 })?;
            if a.text == text {
                return Ok(());
            }
            record.commit(
                now,
                author,
                AuditEvent::Edited {
                    id,
                    revision: rev,
                    text: text.to_string(),
                },
            )
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
            let from = record
                .annotation(id)
                .ok_or(ReviewError::NoSuchAnnotation { id: id.0 })?
                .state;
            if from == state {
                return Ok(());
            }
            record.commit(
                now,
                author,
                AuditEvent::StateChanged {
                    id,
                    from,
                    to: state,
                    revision: rev,
                },
            )
        })
        .map(|_| ())
    }

    /// Withdraw a note: it stays in the record, its history and the audit log, and no longer
    /// counts (it settles nothing and is not open). Withdrawing twice changes nothing.
    pub fn withdraw(
        &self,
        report: &Report,
        id: AnnotationId,
        who: &str,
    ) -> Result<(), ReviewError> {
        self.update(report, who, |record, rev, now| {
            let a = record
                .annotation(id)
                .ok_or(ReviewError::NoSuchAnnotation { id: id.0 })?;
            if a.withdrawn.is_some() {
                return Ok(());
            }
            record.commit(now, who, AuditEvent::Withdrawn { id, revision: rev })
        })
        .map(|_| ())
    }

    /// Record the reviewer's reading of a cell the machine could not read with certainty (an
    /// ambiguous or unreadable cell): the value, with a note saying why, bound to the
    /// report's content hash so a changed report does not use it.
    pub fn record_reading(
        &self,
        report: &Report,
        cell: &str,
        value: rust_decimal::Decimal,
        note: &str,
        who: &str,
    ) -> Result<Reading, ReviewError> {
        check_text_size(note)?;
        let Some(c) = report.cell(cell) else {
            return Err(ReviewError::BadTarget(format!(
                "`{cell}` is not a cell of the {} template: use a canonical id such as \
                 apply.new.total",
                report.meta.template
            )));
        };
        if !reading::readable_by_reviewer(&c.status) {
            return Err(ReviewError::BadTarget(format!(
                "`{cell}` was read with certainty (\"{}\"); a reviewer's reading is for cells \
                 that are ambiguous or unreadable",
                c.raw
            )));
        }
        let candidates = c.candidates.clone();
        self.update(report, who, |record, rev, now| {
            let reading = Reading {
                cell: cell.to_string(),
                value,
                candidates,
                content_hash: report.content_hash(),
                revision: rev,
                reviewer: who.to_string(),
                at: now,
                note: note.to_string(),
            };
            record.commit(
                now,
                who,
                AuditEvent::Read {
                    reading: reading.clone(),
                },
            )?;
            Ok(reading)
        })
        .map(|(r, _)| r)
    }

    /// Sign the report off (see [`Store::sign_with`]), refusing to replace a decision in force.
    pub fn sign(
        &self,
        report: &Report,
        prior: Option<&Report>,
        findings: &[Finding],
        request: SignRequest<'_>,
    ) -> Result<SignOff, ReviewError> {
        self.sign_with(report, prior, findings, request, &SignOptions::default())
    }

    /// Sign the report off, bound to its bytes and content, the prior report's and the rule
    /// set's version. Refused: approval while an error finding is not settled (naming each);
    /// a return without a comment; a second decision unless `options.replace` (both then stay
    /// in the history). With `options.signing_key` the sign-off is signed with that SSH key.
    pub fn sign_with(
        &self,
        report: &Report,
        prior: Option<&Report>,
        findings: &[Finding],
        request: SignRequest<'_>,
        options: &SignOptions,
    ) -> Result<SignOff, ReviewError> {
        if request.decision == Decision::Return && request.comment.trim().is_empty() {
            return Err(ReviewError::EmptyComment);
        }
        check_text_size(request.comment)?;
        self.update(report, request.reviewer, |record, rev, now| {
            if let Some(earlier) = signoff::in_force(record)
                && !options.replace
            {
                return Err(ReviewError::AlreadySigned {
                    earlier: describe_signoff(earlier),
                });
            }
            note_findings(record, rev, findings, now, request.reviewer, true)?;
            if request.decision == Decision::Approve {
                let unaccepted = record.unaccepted_errors(findings);
                if !unaccepted.is_empty() {
                    return Err(ReviewError::Refused { unaccepted });
                }
            }
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
                content_hash: Some(report.content_hash()),
                prior_content_hash: prior.map(Report::content_hash),
                signature: None,
            };
            record.commit_signed(
                now,
                request.reviewer,
                AuditEvent::Signed {
                    signoff: Box::new(signoff),
                },
                |payload| match &options.signing_key {
                    Some(key) => sshsig::sign(key, payload).map(Some),
                    None => Ok(None),
                },
            )?;
            Ok(record.signoffs.last().cloned().expect("just signed"))
        })
        .map(|(s, _)| s)
    }

    /// Withdraw the sign-off in force, so the report is unsigned again.
    pub fn reopen(&self, report: &Report, reason: &str, who: &str) -> Result<(), ReviewError> {
        self.update(report, who, |record, _, now| {
            let Some(last) = signoff::in_force(record) else {
                return Err(ReviewError::NotSigned);
            };
            let revision = last.revision;
            record.commit(
                now,
                who,
                AuditEvent::Reopened {
                    revision,
                    reason: reason.to_string(),
                },
            )
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
        let record = match self.load(report) {
            Ok(r) => r,
            Err(ReviewError::Tampered { tamper, .. }) => {
                return Ok(ReviewStatus::tampered(findings, tamper));
            }
            Err(e) => return Err(e),
        };
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
        no_hash(report)?;
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
        let now = self.now();
        let (mut record, old_format) = read_or_new(path, identity, now)?;
        let before = record.clone();
        let rev = ensure_revision(&mut record, report, who, now)?;
        let value = change(&mut record, rev, now)?;
        if record != before || old_format.is_some() {
            if !append_only(&before.audit, &record.audit) {
                return Err(ReviewError::Internal(
                    "a change would rewrite the audit log".into(),
                ));
            }
            // The old file is kept before the converted one replaces it.
            if let Some(old) = old_format {
                let backup = migrate::backup_path(path);
                if !backup.exists() {
                    atomic::write_atomic(&backup, &old)
                        .map_err(|e| ReviewError::io("keep the old review record", &backup, e))?;
                }
            }
            let mut bytes = serde_json::to_vec_pretty(&record)?;
            bytes.push(b'\n');
            atomic::write_atomic(path, &bytes)
                .map_err(|e| ReviewError::io("write the review record", path, e))?;
        }
        Ok((value, record))
    }
}

/// Options of a sign-off beyond what it says.
#[derive(Debug, Clone, Default)]
pub struct SignOptions {
    /// Replace a decision in force (the CLI's `--replace`, the screen's confirmation).
    pub replace: bool,
    /// Sign with this SSH private key (`signing_key` in the config).
    pub signing_key: Option<PathBuf>,
}

/// The largest note (and sign-off comment) the store takes, in bytes of UTF-8.
pub const NOTE_LIMIT: usize = 64 * 1024;

fn check_text(text: &str) -> Result<(), ReviewError> {
    if text.trim().is_empty() {
        return Err(ReviewError::EmptyText);
    }
    check_text_size(text)
}

fn check_text_size(text: &str) -> Result<(), ReviewError> {
    if text.len() > NOTE_LIMIT {
        return Err(ReviewError::NoteTooLong {
            bytes: text.len(),
            limit: NOTE_LIMIT,
        });
    }
    Ok(())
}

/// The earlier decision in one phrase, for the refusal to replace it.
fn describe_signoff(s: &SignOff) -> String {
    format!(
        "{} by {} on {} (revision {})",
        s.decision.as_str(),
        s.reviewer,
        s.at.strftime("%Y-%m-%d %H:%M"),
        s.revision
    )
}

/// Note the fingerprints of a revision's findings: always when `replace`, else only when not
/// noted yet. Logged only when they change.
fn note_findings(
    record: &mut Record,
    rev: u32,
    findings: &[Finding],
    now: Timestamp,
    who: &str,
    replace: bool,
) -> Result<(), ReviewError> {
    let fps: Vec<String> = findings.iter().map(|f| f.fingerprint.clone()).collect();
    let known = &record.revisions[rev as usize - 1].findings;
    let noted = match known {
        None => false,
        Some(k) => !replace || *k == fps,
    };
    if noted {
        return Ok(());
    }
    record.commit(
        now,
        who,
        AuditEvent::FindingsNoted {
            revision: rev,
            findings: fps,
        },
    )
}

/// A record as read: the record, and the bytes of the old file when it was converted from an
/// earlier format (to be kept when the conversion is written).
struct Loaded {
    record: Record,
    old_format: Option<Vec<u8>>,
}

/// Read and verify a record; `None` when the file does not exist. Never writes. A record in
/// an earlier format is converted in memory; one that fails verification is `Tampered`.
fn read_record(
    path: &Path,
    identity: &Identity,
    now: Timestamp,
) -> Result<Option<Loaded>, ReviewError> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ReviewError::io("read the review record", path, e)),
    };
    let loaded = parse_record(path, &bytes, now)?;
    if loaded.record.identity.key != identity.key {
        return Err(ReviewError::IdentityMismatch {
            path: path.to_path_buf(),
            expected: identity.key.clone(),
            found: loaded.record.identity.key,
        });
    }
    Ok(Some(loaded))
}

/// A report read from no file (`sha256` empty) has no identity a record could be kept under.
fn no_hash(report: &Report) -> Result<(), ReviewError> {
    if report.source.sha256.is_empty() {
        return Err(ReviewError::NoHash {
            path: report.source.path.clone(),
        });
    }
    Ok(())
}

/// The record on disk, else a new one for `identity`; with the old file's bytes when it was
/// converted from an earlier format.
fn read_or_new(
    path: &Path,
    identity: &Identity,
    now: Timestamp,
) -> Result<(Record, Option<Vec<u8>>), ReviewError> {
    Ok(match read_record(path, identity, now)? {
        Some(l) => (l.record, l.old_format),
        None => (Record::new(identity.clone()), None),
    })
}

/// Parse and verify a record file's bytes, whoever's it is.
fn parse_record(path: &Path, bytes: &[u8], now: Timestamp) -> Result<Loaded, ReviewError> {
    let corrupt = |e: serde_json::Error| ReviewError::Corrupt {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    // The version is read first, so a newer format is reported as such, not as damage.
    #[derive(Deserialize)]
    struct Version {
        schema: u32,
    }
    let version: Version = serde_json::from_slice(bytes).map_err(corrupt)?;
    if version.schema > SCHEMA_VERSION {
        return Err(ReviewError::NewerSchema {
            path: path.to_path_buf(),
            found: version.schema,
            supported: SCHEMA_VERSION,
        });
    }
    let (record, old_format) = if version.schema < 2 {
        let record = migrate::from_v1(bytes, now).map_err(corrupt)?;
        (record, Some(bytes.to_vec()))
    } else {
        (serde_json::from_slice(bytes).map_err(corrupt)?, None)
    };
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
    chain::verify(&record).map_err(|tamper| ReviewError::Tampered {
        path: path.to_path_buf(),
        tamper,
    })?;
    Ok(Loaded { record, old_format })
}

/// Read and verify one record file without knowing its report (for `nianbao verify`): the
/// record, and whether it is still in an earlier format (converted in memory only).
pub fn read_record_file(path: &Path) -> Result<(Record, bool), ReviewError> {
    let bytes = fs::read(path).map_err(|e| ReviewError::io("read the review record", path, e))?;
    let loaded = parse_record(path, &bytes, Timestamp::now())?;
    Ok((loaded.record, loaded.old_format.is_some()))
}

/// The report's revision number, adding it (audit-logged) when its bytes are new.
fn ensure_revision(
    record: &mut Record,
    report: &Report,
    who: &str,
    now: Timestamp,
) -> Result<u32, ReviewError> {
    if let Some(n) = record.revision_of(report) {
        return Ok(n);
    }
    let number = record.revisions.len() as u32 + 1;
    record.commit(
        now,
        who,
        AuditEvent::RevisionAdded {
            revision: number,
            sha256: report.source.sha256.clone(),
            path: report.source.path.clone(),
            content_hash: Some(report.content_hash()),
        },
    )?;
    Ok(number)
}
