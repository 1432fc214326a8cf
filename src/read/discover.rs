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

/// Expand folders into the report files below them, recursively and sorted (so runs are
/// repeatable); files named directly are kept whatever their ending.
pub fn report_files(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut out);
        } else {
            out.push(input.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        // An unreadable folder adds nothing; its files are not there to report on.
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out);
        } else if is_report_file(&path) {
            out.push(path);
        }
    }
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
