//! The prior-year report of one file, looked for in its own folder: what `review`, `diff`,
//! `annotate`, `signoff` and `export` use when no `--prior` is given.

use std::path::{Path, PathBuf};

use crate::compare::{PairKey, is_prior_by_name, is_prior_of, text_similarity};
use crate::model::Report;
use crate::read::is_report_file;

/// File stems at least this alike (digits masked) are worth reading as a possible prior.
const STEM_SIMILARITY: f64 = 0.5;

/// Look beside `path`, in the same folder, for the prior-year report of `report`: a file whose
/// header ([`crate::parse::identity`]) names the same agency and the year before (when either
/// agency is unknown, the file named as this one with the year before). Only files whose name
/// looks like this one's ([`candidate_files`]) are read, most alike first; a prior with an
/// unrelated file name is for [`crate::compare::pair`] over a batch to find.
pub fn find_prior_beside(path: &Path, report: &Report) -> Option<PathBuf> {
    report.meta.year?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let names = std::fs::read_dir(folder)
        .ok()?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .map(|entry| entry.path())
        .collect::<Vec<_>>();
    let fits = |candidate: &Path, prior: &PairKey| {
        if report.meta.agency.is_some() && prior.agency.is_some() {
            return is_prior_of(prior, report);
        }
        is_prior_by_name(candidate, path)
            && prior
                .year
                .is_none_or(|y| report.meta.year == y.checked_add(1))
    };
    // Each candidate's header only (who, which year: what pairing reads), as `parse` reads
    // them: the one that fits is then loaded whole by the caller, the others never parsed.
    candidate_files(path, &names)
        .into_iter()
        .find(|candidate| super::identity(candidate).is_some_and(|key| fits(candidate, &key)))
}

/// The files among `files` that may be `path`'s prior-year report, most alike first: another
/// report file (the endings a folder search takes, [`is_report_file`]) whose stem, digits
/// masked, is at least half like `path`'s.
pub fn candidate_files(path: &Path, files: &[PathBuf]) -> Vec<PathBuf> {
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let own = stem(path);
    let own_name = path.file_name();
    let mut scored: Vec<(f64, &PathBuf)> = files
        .iter()
        .filter(|f| f.file_name() != own_name && is_report_file(f))
        .map(|f| (text_similarity(&own, &stem(f)), f))
        .filter(|(score, _)| *score >= STEM_SIMILARITY)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().map(|(_, f)| f.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_markdown_prior_is_a_candidate_like_any_other_report() {
        let files: Vec<PathBuf> = ["x-2020.md", "x-2020.pdf", "x-2020.csv", "README.md"]
            .iter()
            .map(PathBuf::from)
            .collect();
        let found = candidate_files(Path::new("x-2021.txt"), &files);
        assert!(found.contains(&PathBuf::from("x-2020.md")), "{found:?}");
        assert!(found.contains(&PathBuf::from("x-2020.pdf")), "{found:?}");
        assert!(!found.contains(&PathBuf::from("x-2020.csv")), "{found:?}");
        assert!(!found.contains(&PathBuf::from("README.md")), "{found:?}");
    }
}
