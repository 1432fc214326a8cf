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

/// An agency name as `same_agency` compares it: normalised, a parenthesised short name
/// (`（市科委）`) and the site's words around a name (`来源：`) dropped.
fn agency_key(name: &str) -> String {
    let n = normalize_agency(name);
    let mut out = String::with_capacity(n.len());
    let mut depth = 0usize;
    for c in n.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    for chrome in ["来源：", "来源:", "发布机构：", "发布单位："] {
        if let Some(rest) = out.strip_prefix(chrome) {
            out = rest.to_owned();
        }
    }
    out
}

/// Whether two agency names are the same body written with the small differences seen from
/// year to year (`spec/report-model.md`): equal after [`normalize_agency`] and dropping a
/// parenthesised short name, or one is the other with the place above it left out
/// (`区财政局` / `某某区财政局`, `横山区…` / `榆林市横山区…`). The shorter must be the longer's
/// ending, so `某某区人民政府` and `某某区人民政府办公室` stay different bodies.
pub fn same_agency(a: &str, b: &str) -> bool {
    let (a, b) = (agency_key(a), agency_key(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    short == long || (short.chars().count() >= 3 && long.ends_with(&short))
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
            py.checked_add(1) == Some(cy) && same_agency(pa, ca)
        }
        _ => false,
    }
}

/// For each report, the index among `reports` of the same agency's report for `year - 1`, or
/// `None` (no such report, or the agency or year unknown). An exactly equal name is taken
/// first, then one [`same_agency`] accepts; should two inputs qualify, the first in input
/// order is taken.
pub fn pair_priors<R: AgencyYear>(reports: &[R]) -> Vec<Option<usize>> {
    let keys: Vec<Option<(String, i32)>> = reports
        .iter()
        .map(|r| Some((normalize_agency(r.agency()?), r.year()?)))
        .collect();
    pair_keys(&keys)
}

/// [`pair_priors`] over (normalised agency, year) keys.
pub fn pair_keys(keys: &[Option<(String, i32)>]) -> Vec<Option<usize>> {
    use std::collections::HashMap;
    let mut index: HashMap<(&str, i32), usize> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some((agency, year)) = key {
            index.entry((agency.as_str(), *year)).or_insert(i);
        }
    }
    // The distinct agencies of each year, for the tolerant match: a batch holds thousands of
    // reports but few agencies, and each is compared once.
    let mut by_year: HashMap<i32, Vec<(&str, usize)>> = HashMap::new();
    for (&(agency, year), &i) in &index {
        by_year.entry(year).or_default().push((agency, i));
    }
    for list in by_year.values_mut() {
        list.sort_unstable_by_key(|&(_, i)| i);
    }
    let mut tolerant: HashMap<(&str, i32), Option<usize>> = HashMap::new();
    keys.iter()
        .map(|key| {
            let (agency, year) = key.as_ref()?;
            let before = year.checked_sub(1)?;
            if let Some(&i) = index.get(&(agency.as_str(), before)) {
                return Some(i);
            }
            *tolerant
                .entry((agency.as_str(), before))
                .or_insert_with(|| {
                    by_year
                        .get(&before)?
                        .iter()
                        .find(|(other, _)| same_agency(agency, other))
                        .map(|&(_, i)| i)
                })
        })
        .collect()
}

/// A file's name with its year masked, and that year: `x-2021.pdf` → (`x-####`, 2021). The
/// last four-digit run that reads as a year (2000–2099) is the one masked; `None` without one.
pub fn name_year(path: &Path) -> Option<(String, i32)> {
    // Every extension off (`x-2021.gbk.html` is `x-2021`).
    let name = path.file_name()?.to_string_lossy().into_owned();
    let stem = name.split('.').next().unwrap_or_default().to_owned();
    let chars: Vec<char> = stem.chars().collect();
    let at = (0..chars.len().saturating_sub(3)).rev().find(|&i| {
        chars[i..i + 4].iter().all(char::is_ascii_digit)
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
    })?;
    let year: i32 = chars[at..at + 4].iter().collect::<String>().parse().ok()?;
    if !(2000..=2099).contains(&year) {
        return None;
    }
    let masked: String = chars[..at]
        .iter()
        .chain("####".chars().collect::<Vec<_>>().iter())
        .chain(&chars[at + 4..])
        .collect();
    Some((masked, year))
}

/// Among several files of the prior's agency and year (the same report as `.txt` and as a
/// page copied to one line), prefer the one named as the report with the year one less:
/// `x-2020.oneline.txt` is the prior of `x-2021.oneline.txt`, `x-2020.txt` of `x-2021.txt`.
/// `keys` are the (normalised agency, year) of each report, `names` its whole file name with
/// the year masked ([`masked_file_name`]).
pub fn prefer_same_name(
    pairs: &mut [Option<usize>],
    keys: &[Option<(String, i32)>],
    names: &[Option<(String, i32)>],
) {
    let mut by_key: std::collections::HashMap<&(String, i32), Vec<usize>> =
        std::collections::HashMap::new();
    for (k, key) in keys.iter().enumerate() {
        if let Some(key) = key {
            by_key.entry(key).or_default().push(k);
        }
    }
    // How plain a name is: `x-2020.txt` before `x-2020.oneline.txt`.
    let dots = |k: usize| {
        names[k]
            .as_ref()
            .map_or(usize::MAX, |(n, _)| n.matches('.').count())
    };
    for (i, slot) in pairs.iter_mut().enumerate() {
        let Some(j) = *slot else { continue };
        let Some(group) = keys[j].as_ref().and_then(|key| by_key.get(key)) else {
            continue;
        };
        if group.len() < 2 {
            continue;
        }
        let same_name = names[i].as_ref().and_then(|(name, year)| {
            group.iter().copied().find(|&k| {
                names[k]
                    .as_ref()
                    .is_some_and(|(n, y)| n == name && *y + 1 == *year)
            })
        });
        *slot = same_name.or_else(|| group.iter().copied().min_by_key(|&k| (dots(k), k)));
    }
}

/// A file's whole name, extensions kept, with its year masked: `x-2021.oneline.txt` →
/// (`x-####.oneline.txt`, 2021).
pub fn masked_file_name(path: &Path) -> Option<(String, i32)> {
    let (masked, year) = name_year(path)?;
    let name = path.file_name()?.to_string_lossy().into_owned();
    let stem = name.split('.').next().unwrap_or_default().len();
    Some((masked + &name[stem..], year))
}

/// [`pair_priors`] for files: a report whose agency, or whose candidate prior's agency, is
/// unknown pairs with the file named as its own with the year one less (rules.md,
/// `yoy.pairing`), when the years the reports state do not say otherwise.
pub fn pair_files<R: AgencyYear, P: AsRef<Path>>(paths: &[P], reports: &[R]) -> Vec<Option<usize>> {
    let mut pairs = pair_priors(reports);
    let names: Vec<Option<(String, i32)>> = paths.iter().map(|p| name_year(p.as_ref())).collect();
    let keys: Vec<Option<(String, i32)>> = reports
        .iter()
        .map(|r| Some((normalize_agency(r.agency()?), r.year()?)))
        .collect();
    let files: Vec<Option<(String, i32)>> =
        paths.iter().map(|p| masked_file_name(p.as_ref())).collect();
    prefer_same_name(&mut pairs, &keys, &files);
    let by_name: std::collections::HashMap<(&str, i32), usize> = names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| n.as_ref().map(|(name, year)| ((name.as_str(), *year), i)))
        .collect();
    for (i, slot) in pairs.iter_mut().enumerate() {
        let (Some((name, year)), None) = (&names[i], *slot) else {
            continue;
        };
        let Some(&j) = by_name.get(&(name.as_str(), year - 1)) else {
            continue;
        };
        let (current, prior) = (&reports[i], &reports[j]);
        let unknown = current.agency().is_none() || prior.agency().is_none();
        let years_fit = match (prior.year(), current.year()) {
            (Some(p), Some(c)) => p.checked_add(1) == Some(c),
            _ => true,
        };
        if unknown && years_fit {
            *slot = Some(j);
        }
    }
    pairs
}

/// Whether `prior`'s file name is `current`'s with the year one less (`x-2020.txt` for
/// `x-2021.pdf`): how reports whose agency is unknown are paired.
pub fn is_prior_by_name(prior: &Path, current: &Path) -> bool {
    match (name_year(prior), name_year(current)) {
        (Some((p, py)), Some((c, cy))) => p == c && py.checked_add(1) == Some(cy),
        _ => false,
    }
}

/// Look beside `path`, in the same folder, for the prior-year report of `report`: a file read
/// with [`crate::load`] whose agency is the same and whose year is one less. Only files whose
/// name looks like this one's (digits masked, see [`candidate_files`]) are read, most alike
/// first; a prior with an unrelated file name is for [`pair_priors`] over a batch to find.
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
    // An unknown agency on either side: the file named as this one with the year before.
    let fits = |candidate: &Path, prior: &Report| {
        if report.meta.agency.is_some() && prior.meta.agency.is_some() {
            return is_prior_of(prior, report);
        }
        is_prior_by_name(candidate, path)
            && prior
                .meta
                .year
                .is_none_or(|y| report.meta.year == y.checked_add(1))
    };
    candidate_files(path, &names)
        .into_iter()
        .find(|candidate| crate::load(candidate).is_ok_and(|prior| fits(candidate, &prior)))
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
