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
    /// The file name with its year masked, and that year (`x-2021.txt` → `x-####`, 2021).
    pub name: Option<(String, i32)>,
    /// The whole file name with its year masked (`x-####.oneline.txt`), to tell apart two
    /// files of one report year.
    pub file: Option<(String, i32)>,
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
                name: nianbao::compare::name_year(p),
                file: nianbao::compare::masked_file_name(p),
            })
        })
        .collect()
}

/// For each input, the index of the same agency's report for the year before, if among the
/// inputs (`spec/rules.md`, `yoy.pairing`): by agency and year, tolerant of how an agency is
/// written; when either agency is unknown, the file whose name is this one's with the year
/// one less (`x-2021.pdf` ↔ `x-2020.txt`), the rules then saying it was paired by file name.
pub fn pair(ids: &[Option<Identity>]) -> Vec<Option<usize>> {
    let keys: Vec<Option<(String, i32)>> = ids
        .iter()
        .map(|id| {
            let id = id.as_ref()?;
            Some((id.agency.clone()?, id.year?))
        })
        .collect();
    let mut pairs = nianbao::compare::pair_keys(&keys);
    let files: Vec<Option<(String, i32)>> = ids
        .iter()
        .map(|id| id.as_ref().and_then(|id| id.file.clone()))
        .collect();
    nianbao::compare::prefer_same_name(&mut pairs, &keys, &files);
    let by_name: std::collections::HashMap<(&str, i32), usize> = ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let (name, year) = id.as_ref()?.name.as_ref()?;
            Some(((name.as_str(), *year), i))
        })
        .collect();
    for (i, id) in ids.iter().enumerate() {
        let Some(id) = id else { continue };
        if pairs[i].is_some() {
            continue;
        }
        let Some((name, year)) = &id.name else {
            continue;
        };
        let Some(&j) = by_name.get(&(name.as_str(), year - 1)) else {
            continue;
        };
        let Some(prior) = &ids[j] else { continue };
        let agency_unknown = id.agency.is_none() || prior.agency.is_none();
        let years_fit = match (prior.year, id.year) {
            (Some(p), Some(c)) => p + 1 == c,
            _ => true,
        };
        if agency_unknown && years_fit {
            pairs[i] = Some(j);
        }
    }
    pairs
}
