//! Finding each report's prior-year report: the same agency, `year - 1`.

use std::path::{Path, PathBuf};

use super::similarity::text_similarity;
use crate::model::{Meta, Report};

/// File stems at least this alike (digits masked) are worth reading as a possible prior.
const STEM_SIMILARITY: f64 = 0.5;

/// File extensions a report arrives in (`read` decides the format; this only skips the rest).
const REPORT_EXTENSIONS: [&str; 4] = ["txt", "html", "htm", "docx"];

/// What pairing needs to know of a report: who published it and for which year.
pub trait AgencyYear {
    /// The publishing body as written.
    fn agency(&self) -> Option<&str>;
    /// The year reported on.
    fn year(&self) -> Option<i32>;
}

impl AgencyYear for Meta {
    fn agency(&self) -> Option<&str> {
        self.agency.as_deref()
    }
    fn year(&self) -> Option<i32> {
        self.year
    }
}

impl AgencyYear for Report {
    fn agency(&self) -> Option<&str> {
        self.meta.agency()
    }
    fn year(&self) -> Option<i32> {
        self.meta.year
    }
}

impl<T: AgencyYear + ?Sized> AgencyYear for &T {
    fn agency(&self) -> Option<&str> {
        (**self).agency()
    }
    fn year(&self) -> Option<i32> {
        (**self).year()
    }
}

/// An agency name as pairing compares it: white space (ideographic spaces too) dropped and
/// full-width brackets （） read as (). Nothing else is guessed away: `榆林市横山区…` and
/// `横山区…` stay different agencies.
pub fn normalize_agency(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .collect()
}

/// Whether `prior` is the report of the same agency for the year before `current`'s.
pub fn is_prior_of(prior: &impl AgencyYear, current: &impl AgencyYear) -> bool {
    match (
        prior.agency(),
        prior.year(),
        current.agency(),
        current.year(),
    ) {
        (Some(pa), Some(py), Some(ca), Some(cy)) => {
            py.checked_add(1) == Some(cy) && normalize_agency(pa) == normalize_agency(ca)
        }
        _ => false,
    }
}

/// For each report, the index among `reports` of the same agency's report for `year - 1`, or
/// `None` (no such report, or the agency or year unknown). Should two inputs qualify (the
/// same report twice), the first in input order is taken.
pub fn pair_priors<R: AgencyYear>(reports: &[R]) -> Vec<Option<usize>> {
    let keys: Vec<Option<(String, i32)>> = reports
        .iter()
        .map(|r| Some((normalize_agency(r.agency()?), r.year()?)))
        .collect();
    let mut index = std::collections::HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some((agency, year)) = key {
            index.entry((agency.as_str(), *year)).or_insert(i);
        }
    }
    keys.iter()
        .map(|key| {
            let (agency, year) = key.as_ref()?;
            index.get(&(agency.as_str(), year.checked_sub(1)?)).copied()
        })
        .collect()
}

/// Look beside `path`, in the same folder, for the prior-year report of `report`: a file read
/// with [`crate::load`] whose agency is the same and whose year is one less. Only files whose
/// name looks like this one's (digits masked, see [`candidate_files`]) are read, most alike
/// first; a prior with an unrelated file name is for [`pair_priors`] over a batch to find.
pub fn find_prior_beside(path: &Path, report: &Report) -> Option<PathBuf> {
    report.meta.agency.as_ref()?;
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
    candidate_files(path, &names)
        .into_iter()
        .find(|candidate| crate::load(candidate).is_ok_and(|prior| is_prior_of(&prior, report)))
}

/// The files among `files` that may be `path`'s prior-year report, most alike first: another
/// file with a report's extension whose stem, digits masked, is at least half like `path`'s.
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
        .filter(|f| f.file_name() != own_name)
        .filter(|f| {
            f.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        })
        .map(|f| (text_similarity(&own, &stem(f)), f))
        .filter(|(score, _)| *score >= STEM_SIMILARITY)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().map(|(_, f)| f.clone()).collect()
}
