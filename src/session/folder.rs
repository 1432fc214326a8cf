//! A folder, or files and folders given together, found and paired once: the report files
//! (one list of endings, [`crate::read::find_reports`]), what the walk skipped and why, and for
//! each report the index of its prior year among them ([`crate::compare::pair`]). `check`,
//! `status`, the workbook and the inbox all pair through here.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::compare::{PairKey, pair};
use crate::read::{Skipped, find_reports};

/// The report files found under some inputs, in walk order, with what was skipped.
#[derive(Debug, Default)]
pub struct Folder {
    /// Report files: files given directly, then those found in folders (sorted per folder).
    pub files: Vec<PathBuf>,
    /// What a folder walk left out, and why (a link loop, an unreadable folder, a FIFO).
    pub skipped: Vec<Skipped>,
}

impl Folder {
    /// Find the report files under `inputs` (files given directly are kept whatever their
    /// ending).
    pub fn find(inputs: &[PathBuf]) -> Folder {
        let found = find_reports(inputs);
        Folder {
            files: found.files,
            skipped: found.skipped,
        }
    }

    /// For each file, the index of its prior year among the files: each file's header is read
    /// in parallel (not its tables), then [`pair`] decides.
    pub fn pair(&self) -> Vec<Option<usize>> {
        pair(&identities(&self.files))
    }
}

/// What pairing needs of one file: its agency and year as the report states them (the header
/// and headings only, not the tables) and its name; `None` when it cannot be read (the error
/// is reported when the report itself is processed).
pub fn identity(path: &Path) -> Option<PairKey> {
    let source = crate::read::read_path(path).ok()?;
    let (agency, year) = crate::parse::identity(&source);
    Some(PairKey::new(agency.as_deref(), year, Some(path)))
}

/// [`identity`] of every file, in parallel, in order.
pub fn identities(paths: &[PathBuf]) -> Vec<Option<PairKey>> {
    paths.par_iter().map(|p| identity(p)).collect()
}
