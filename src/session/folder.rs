//! A folder, or files and folders given together, found and paired once: the report files
//! (one list of endings, [`crate::read::find_reports`]), what the walk skipped and why, and for
//! each report the index of its prior year among them ([`crate::compare::pair`]). `check`,
//! `status`, the workbook and the inbox all pair through here.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::compare::{PairKey, pair};
use crate::parse::Head;
use crate::read::{Skipped, Source, find_reports};

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
    Some(key_of(path, &source))
}

fn key_of(path: &Path, source: &Source) -> PairKey {
    key_from(path, &crate::parse::head(source))
}

fn key_from(path: &Path, head: &Head) -> PairKey {
    let (agency, year) = head.identity();
    PairKey::new(agency.as_deref(), year, Some(path))
}

/// [`identity`] of every file, in parallel, in order.
pub fn identities(paths: &[PathBuf]) -> Vec<Option<PairKey>> {
    paths.par_iter().map(|p| identity(p)).collect()
}

/// A file's text and header as the pairing pass read them, for the parse.
pub type Kept = (Source, Head);

/// [`identities`], keeping what was read for the pass that parses the files: each file's
/// [`Source`] and header while their texts total at most `budget` bytes (the first ones read;
/// `None` for the rest and for files that could not be read). A batch then reads, decodes (or
/// extracts, for a PDF) most files once, and reads their headers once, not once to pair and
/// again to check, and memory stays bounded.
pub fn identities_keeping(
    paths: &[PathBuf],
    budget: usize,
) -> (Vec<Option<PairKey>>, Vec<Option<Kept>>) {
    let left = AtomicUsize::new(budget);
    paths
        .par_iter()
        .map(|p| {
            let Ok(source) = crate::read::read_path(p) else {
                return (None, None);
            };
            let head = crate::parse::head(&source);
            let key = key_from(p, &head);
            let size = source.text.len();
            let fits = left
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |l| {
                    l.checked_sub(size)
                })
                .is_ok();
            (Some(key), fits.then_some((source, head)))
        })
        .unzip()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        Folder::find(&[dir]).files
    }

    #[test]
    fn what_pairing_keeps_stays_within_its_budget_and_reads_as_the_file_does() {
        let paths = samples();
        let keys = identities(&paths);
        let (all_keys, all) = identities_keeping(&paths, usize::MAX);
        assert_eq!(all_keys, keys);
        for ((p, key), kept) in paths.iter().zip(&keys).zip(&all) {
            // Every readable file kept, exactly as reading it again gives it.
            assert_eq!(kept.is_some(), key.is_some(), "{}", p.display());
            if let Some((kept, head)) = kept {
                let again = crate::read::read_path(p).expect("read once already");
                assert_eq!(kept.text, again.text);
                assert_eq!(kept.info, again.info);
                // The header kept changes nothing the parse reads.
                assert_eq!(
                    crate::parse::parse_with_head(kept, head),
                    crate::parse::parse(&again),
                    "{}",
                    p.display()
                );
            }
        }
        let sizes: Vec<usize> = all.iter().flatten().map(|(s, _)| s.text.len()).collect();
        let budget = sizes.iter().sum::<usize>() / 2;
        let (half_keys, half) = identities_keeping(&paths, budget);
        assert_eq!(
            half_keys, keys,
            "the budget changes what is kept, not the pairing"
        );
        let kept: usize = half.iter().flatten().map(|(s, _)| s.text.len()).sum();
        assert!(
            kept <= budget && kept > 0,
            "kept {kept} of a budget of {budget}"
        );
        let (_, none) = identities_keeping(&paths, 0);
        assert!(none.iter().all(Option::is_none));
    }
}
