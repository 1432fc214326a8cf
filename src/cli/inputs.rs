//! Which files a command works on: files as given, folders searched for reports, and the
//! pairing of each report with the same agency's prior year among them.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// File endings read as reports when a folder is searched.
const REPORT_EXTENSIONS: [&str; 5] = ["txt", "md", "html", "htm", "docx"];

/// Expand folders into the report files below them (sorted, so runs are repeatable); files
/// named on the command line are kept whatever their ending.
pub fn expand(inputs: &[PathBuf]) -> Vec<PathBuf> {
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
        // An unreadable folder is reported when its files are read; nothing to add here.
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, out);
        } else if is_report_file(&path) {
            out.push(path);
        }
    }
}

fn is_report_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // A folder's README describes the reports; it is not one.
    if name.to_ascii_lowercase().starts_with("readme") {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// What pairing needs of a report: who and which year. Kept small so a batch of thousands
/// never holds whole reports in memory.
#[derive(Debug, Clone)]
pub struct Identity {
    /// Agency name, normalised for comparison.
    pub agency: Option<String>,
    /// Report year.
    pub year: Option<i32>,
}

/// Read every input in parallel, keeping only its identity (None when it cannot be read;
/// the error is reported when the report itself is processed). Reads the header and the
/// section headings, not the tables: the whole parse is done once, when the report is checked.
pub fn identities(paths: &[PathBuf]) -> Vec<Option<Identity>> {
    paths
        .par_iter()
        .map(|p| {
            let source = nianbao::read::read_path(p).ok()?;
            let (agency, year) = nianbao::parse::identity(&source);
            Some(Identity {
                agency: agency.as_deref().map(nianbao::compare::normalize_agency),
                year,
            })
        })
        .collect()
}

/// For each input, the index of the same agency's report for the year before, if among the
/// inputs.
pub fn pair(ids: &[Option<Identity>]) -> Vec<Option<usize>> {
    use std::collections::HashMap;
    let mut by_key: HashMap<(&str, i32), usize> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        if let Some(Identity {
            agency: Some(a),
            year: Some(y),
        }) = id
        {
            by_key.entry((a.as_str(), *y)).or_insert(i);
        }
    }
    ids.iter()
        .map(|id| match id {
            Some(Identity {
                agency: Some(a),
                year: Some(y),
            }) => by_key.get(&(a.as_str(), y - 1)).copied(),
            _ => None,
        })
        .collect()
}
