//! Which files a command works on: files as given, folders searched for reports, and the
//! pairing of each report with the same agency's prior year among them.

use std::path::PathBuf;

use rayon::prelude::*;

/// Expand folders into the report files below them (sorted, so runs are repeatable); files
/// named on the command line are kept whatever their ending. Says on standard error what a
/// folder walk skipped and why (a link loop, an unreadable folder, a FIFO named like a report).
pub fn expand(inputs: &[PathBuf], lang: nianbao::Lang) -> Vec<PathBuf> {
    let found = nianbao::read::find_reports(inputs);
    for s in &found.skipped {
        super::out::warn_line(&format!(
            "nianbao: {}: {}: {}",
            s.path.display(),
            lang.pick("已跳过", "skipped"),
            s.reason
        ));
    }
    found.files
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
