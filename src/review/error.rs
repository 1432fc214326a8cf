//! What can go wrong in the review store, each message saying what to do about it.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// An error finding that blocks approval: it has no `accepted` or `resolved` annotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnacceptedFinding {
    /// Rule id.
    pub rule: String,
    /// The finding's stable fingerprint.
    pub fingerprint: String,
    /// The cells it is about.
    pub cells: Vec<String>,
    /// Its message, Chinese.
    pub message: String,
}

impl fmt::Display for UnacceptedFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.rule)?;
        if !self.cells.is_empty() {
            write!(f, " [{}]", self.cells.join(", "))?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

/// Why a review store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// No data directory and no override.
    #[error(
        "no data directory for the review store could be found (is HOME set?): \
         pass --store DIR or set NIANBAO_STORE to a directory"
    )]
    NoStoreDir,

    /// A file system operation failed.
    #[error("cannot {action} {}: {source}; check that the store directory exists and is writable", path.display())]
    Io {
        /// What was being done (`read`, `write`, `lock`, …).
        action: &'static str,
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },

    /// The record on disk does not parse.
    #[error(
        "the review record {} is damaged and cannot be read ({detail}); it has been left \
         untouched: restore it from a backup or move it aside, then retry",
        path.display()
    )]
    Corrupt {
        /// The record file.
        path: PathBuf,
        /// What the parser said.
        detail: String,
    },

    /// The record was written by a newer nianbao.
    #[error(
        "the review record {} has schema version {found}, newer than this nianbao supports \
         ({supported}); it has been left untouched: upgrade nianbao",
        path.display()
    )]
    NewerSchema {
        /// The record file.
        path: PathBuf,
        /// Version in the file.
        found: u32,
        /// Highest version this build reads.
        supported: u32,
    },

    /// The record file belongs to another report identity (a hash collision or a file
    /// copied by hand).
    #[error(
        "the review record {} belongs to `{found}`, not `{expected}`; it has been left \
         untouched: move it aside",
        path.display()
    )]
    IdentityMismatch {
        /// The record file.
        path: PathBuf,
        /// Identity key the report has.
        expected: String,
        /// Identity key in the file.
        found: String,
    },

    /// The report carries no SHA-256, so no revision can be named.
    #[error(
        "the report {path} has no SHA-256 of its bytes; load it with nianbao::load so the \
         review store can tell its revisions apart"
    )]
    NoHash {
        /// Path of the report.
        path: String,
    },

    /// No annotation with this id in the record.
    #[error("there is no annotation #{id} on this report; `nianbao status` lists the annotations")]
    NoSuchAnnotation {
        /// The id asked for.
        id: u64,
    },

    /// The annotation target does not exist in the report.
    #[error("{0}")]
    BadTarget(String),

    /// An annotation's text is empty.
    #[error("the annotation text is empty: write what the agency should know or fix")]
    EmptyText,

    /// Approval was asked while error findings are neither accepted nor resolved.
    #[error(
        "approval refused: {} error finding(s) are not settled (no accepted or resolved note on \
         the finding or on a cell it names): {}; annotate each (--cell CELL, or --rule RULE) \
         with --state accepted (giving the reason) or --state resolved, or return the report \
         with --return",
        unaccepted.len(),
        unaccepted.iter().map(|u| u.to_string()).collect::<Vec<_>>().join("; ")
    )]
    Refused {
        /// The findings that block approval.
        unaccepted: Vec<UnacceptedFinding>,
    },

    /// Reopen was asked but nothing is signed.
    #[error("this report has no sign-off in force, so there is nothing to reopen")]
    NotSigned,

    /// No reviewer name could be found.
    #[error(
        "no reviewer name: pass --reviewer NAME, set `reviewer` in the config file, or set USER"
    )]
    NoReviewer,

    /// The record fails verification: its audit chain is broken or its state is not what
    /// replaying the log gives. Nothing in it is trusted, and nianbao never repairs it.
    #[error(
        "the review record {} was altered outside nianbao (tampered, 记录被改动): {tamper}; \
         nothing in it is trusted and it has been left untouched: restore it from a backup, \
         or move it aside to start the review again",
        path.display()
    )]
    Tampered {
        /// The record file.
        path: PathBuf,
        /// Where the chain breaks.
        tamper: super::chain::Tamper,
    },

    /// Returning was asked without a comment.
    #[error("a return needs a comment: say what the agency must correct (--comment TEXT)")]
    EmptyComment,

    /// A note is larger than the store takes.
    #[error(
        "the note is {bytes} bytes, more than the {limit} bytes a note may hold: shorten it, or \
         keep the long text in a file and refer to it"
    )]
    NoteTooLong {
        /// Its size in bytes.
        bytes: usize,
        /// The limit.
        limit: usize,
    },

    /// A decision is already in force and replacing it was not asked for.
    #[error(
        "this report already has a decision: {earlier}; to replace it, sign again with \
         --replace (both stay in the history and the memo)"
    )]
    AlreadySigned {
        /// The earlier decision, described.
        earlier: String,
    },

    /// Signing a sign-off with the reviewer's SSH key failed.
    #[error("cannot sign the sign-off with the SSH key: {0}; check `signing_key` in the config")]
    Signing(String),

    /// A change could not be applied to the record (a bug, not damage).
    #[error("internal error: a change could not be applied to the review record: {0}")]
    Internal(String),

    /// A record could not be serialised (should not happen with well-formed data).
    #[error("cannot encode the review record: {0}")]
    Encode(#[from] serde_json::Error),
}

impl ReviewError {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        ReviewError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
