//! Which files in a folder are reports: the one answer `check`, `status`, the inbox and the
//! prior-year search share.

use std::path::{Path, PathBuf};

/// File endings read as reports when a folder is searched (Markdown: web pages saved as text).
pub const REPORT_EXTENSIONS: [&str; 6] = ["txt", "md", "html", "htm", "docx", "pdf"];

/// Whether a file found in a folder is taken for a report: a report ending, and not a hidden
/// file or the folder's README (which describes the reports; it is not one).
pub fn is_report_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') || name.to_ascii_lowercase().starts_with("readme") {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// A file or folder a folder walk left out, and why (for a warning naming it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file or folder.
    pub path: PathBuf,
    /// Why it was left out.
    pub reason: String,
}

/// What a walk found: the report files, and what it skipped that a reader would want to know
/// about (unreadable folders, link loops, FIFOs and devices with a report's ending).
#[derive(Debug, Default)]
pub struct Found {
    /// Report files, in walk order.
    pub files: Vec<PathBuf>,
    /// What was left out, and why.
    pub skipped: Vec<Skipped>,
}

/// Expand folders into the report files below them, recursively and sorted (so runs are
/// repeatable); files named directly are kept whatever their ending.
pub fn report_files(inputs: &[PathBuf]) -> Vec<PathBuf> {
    find_reports(inputs).files
}

/// [`report_files`], with what was skipped and why. Links are followed, but no folder or
/// file is visited twice (a link loop, or two links to one folder, adds each report once).
pub fn find_reports(inputs: &[PathBuf]) -> Found {
    let mut found = Found::default();
    let mut seen = Seen::default();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut found, &mut seen);
        } else {
            found.files.push(input.clone());
        }
    }
    found
}

/// (device, inode) of every folder and file visited, so nothing is walked twice.
#[derive(Default)]
struct Seen(std::collections::HashSet<(u64, u64)>);

impl Seen {
    /// Whether this is the first visit (always true where inodes are not known).
    fn first(&mut self, meta: &std::fs::Metadata) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            self.0.insert((meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            true
        }
    }
}

fn walk(dir: &Path, found: &mut Found, seen: &mut Seen) {
    let hidden = |e: &walkdir::DirEntry| {
        e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
    };
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !hidden(e));
    let mut it = walker;
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                found.skipped.push(skipped_by_error(&e));
                continue;
            }
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !seen.first(&meta) {
            if entry.file_type().is_dir() {
                it.skip_current_dir();
                if entry.path_is_symlink() {
                    found.skipped.push(Skipped {
                        path: entry.path().to_path_buf(),
                        reason: "a link to a folder already searched".into(),
                    });
                }
            } else if is_report_file(entry.path()) {
                found.skipped.push(Skipped {
                    path: entry.path().to_path_buf(),
                    reason: "the same file as one already listed (a link)".into(),
                });
            }
            continue;
        }
        if entry.file_type().is_dir() || !is_report_file(entry.path()) {
            continue;
        }
        if let Some(kind) = super::special_kind(&entry.file_type()) {
            found.skipped.push(Skipped {
                path: entry.path().to_path_buf(),
                reason: format!("not a regular file ({kind})"),
            });
            continue;
        }
        found.files.push(entry.path().to_path_buf());
    }
}

/// Why the walker could not go on at a path: a link loop, or a folder it cannot read.
fn skipped_by_error(e: &walkdir::Error) -> Skipped {
    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
    let reason = match (e.loop_ancestor(), e.io_error()) {
        (Some(a), _) => format!("a link back to {}, which is already searched", a.display()),
        (None, Some(io)) => format!("cannot be read ({io})"),
        (None, None) => e.to_string(),
    };
    Skipped { path, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_samples_folder_holds_every_sample_but_its_readme() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let files = report_files(&[dir]);
        let names: Vec<&str> = files
            .iter()
            .filter_map(|p| p.file_name()?.to_str())
            .collect();
        assert!(names.contains(&"zhoucun-approval-2020.docx"), "{names:?}");
        assert!(names.contains(&"yuyang-health-2021.gbk.html"), "{names:?}");
        assert!(!names.iter().any(|n| n.eq_ignore_ascii_case("readme.md")));
        let mut sorted = files.clone();
        sorted.sort();
        assert_eq!(files, sorted);
    }

    #[test]
    fn a_file_named_directly_is_kept_whatever_its_ending() {
        let given = PathBuf::from("report.doc");
        assert_eq!(report_files(std::slice::from_ref(&given)), vec![given]);
    }
}
