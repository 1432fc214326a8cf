//! Finding each report's prior-year report: the same agency, `year - 1`, or where an agency is
//! unknown the file named as this one with the year before. Pure: what is paired is told,
//! nothing is read here (finding files beside a report is `session`'s).

use std::collections::HashMap;
use std::path::Path;

use crate::model::{Meta, Report};

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

/// The agency as normalised ([`normalize_agency`]), which [`same_agency`] does to both anyway.
impl AgencyYear for PairKey {
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

/// What pairing knows of one report: who and which year (as the report states them), and its
/// file's name with the year masked. Small, so a batch of thousands never holds whole reports
/// to pair them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairKey {
    /// Agency name, normalised ([`normalize_agency`]).
    pub agency: Option<String>,
    /// Report year.
    pub year: Option<i32>,
    /// The file name with its year masked, and that year (`x-2021.txt` → `x-####`, 2021).
    pub name: Option<(String, i32)>,
    /// The whole file name with its year masked (`x-####.oneline.txt`), to tell apart two
    /// files of one report year.
    pub file: Option<(String, i32)>,
}

impl PairKey {
    /// The key of a report stating `agency` and `year`, read from `path` when it is a file.
    pub fn new(agency: Option<&str>, year: Option<i32>, path: Option<&Path>) -> PairKey {
        PairKey {
            agency: agency.map(normalize_agency),
            year,
            name: path.and_then(name_year),
            file: path.and_then(masked_file_name),
        }
    }

    fn agency_year(&self) -> Option<(String, i32)> {
        Some((self.agency.clone()?, self.year?))
    }
}

/// For each report, the index of the same agency's report for the year before, if among them
/// (`spec/rules.md`, `yoy.pairing`); `None` for a key that could not be read. By agency and
/// year, an exactly equal name first, then one [`same_agency`] accepts (the first in input
/// order should two qualify); among several files of that report, the one named as this one
/// ([`prefer_same_name`]); where either agency is unknown, the file whose name is this one's
/// with the year one less (`x-2021.pdf` ↔ `x-2020.txt`) when the years stated do not say
/// otherwise. The one pairing algorithm: `check`, `status`, the workbook and the inbox use it.
pub fn pair(keys: &[Option<PairKey>]) -> Vec<Option<usize>> {
    let who: Vec<Option<(String, i32)>> = keys
        .iter()
        .map(|k| k.as_ref().and_then(PairKey::agency_year))
        .collect();
    let mut pairs = pair_keys(&who);
    let files: Vec<Option<(String, i32)>> = keys
        .iter()
        .map(|k| k.as_ref().and_then(|k| k.file.clone()))
        .collect();
    prefer_same_name(&mut pairs, &who, &files);
    let by_name: HashMap<(&str, i32), usize> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| {
            let (name, year) = k.as_ref()?.name.as_ref()?;
            Some(((name.as_str(), *year), i))
        })
        .collect();
    for (i, key) in keys.iter().enumerate() {
        let (Some(key), None) = (key, pairs[i]) else {
            continue;
        };
        let Some((name, year)) = &key.name else {
            continue;
        };
        let Some(&j) = year
            .checked_sub(1)
            .and_then(|y| by_name.get(&(name.as_str(), y)))
        else {
            continue;
        };
        let Some(prior) = &keys[j] else { continue };
        let unknown = key.agency.is_none() || prior.agency.is_none();
        let years_fit = match (prior.year, key.year) {
            (Some(p), Some(c)) => p.checked_add(1) == Some(c),
            _ => true,
        };
        if unknown && years_fit {
            pairs[i] = Some(j);
        }
    }
    pairs
}

/// [`pair`] for reports in memory, without file names: by agency and year alone.
pub fn pair_priors<R: AgencyYear>(reports: &[R]) -> Vec<Option<usize>> {
    let keys: Vec<Option<PairKey>> = reports
        .iter()
        .map(|r| Some(PairKey::new(r.agency(), r.year(), None)))
        .collect();
    pair(&keys)
}

/// [`pair`] for reports read from `paths`.
pub fn pair_files<R: AgencyYear, P: AsRef<Path>>(paths: &[P], reports: &[R]) -> Vec<Option<usize>> {
    let keys: Vec<Option<PairKey>> = paths
        .iter()
        .zip(reports)
        .map(|(p, r)| Some(PairKey::new(r.agency(), r.year(), Some(p.as_ref()))))
        .collect();
    pair(&keys)
}

/// By (normalised agency, year): for each key, the index of the same agency's for the year
/// before.
fn pair_keys(keys: &[Option<(String, i32)>]) -> Vec<Option<usize>> {
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

/// Among several files of the prior's agency and year (the same report as `.txt` and as a
/// page copied to one line), prefer the one named as the report with the year one less:
/// `x-2020.oneline.txt` is the prior of `x-2021.oneline.txt`, `x-2020.txt` of `x-2021.txt`;
/// else the plainest name (`x-2020.txt` before `x-2020.oneline.txt`).
fn prefer_same_name(
    pairs: &mut [Option<usize>],
    keys: &[Option<(String, i32)>],
    names: &[Option<(String, i32)>],
) {
    let mut by_key: HashMap<&(String, i32), Vec<usize>> = HashMap::new();
    for (k, key) in keys.iter().enumerate() {
        if let Some(key) = key {
            by_key.entry(key).or_default().push(k);
        }
    }
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

/// A file's whole name, extensions kept, with its year masked: `x-2021.oneline.txt` →
/// (`x-####.oneline.txt`, 2021).
pub fn masked_file_name(path: &Path) -> Option<(String, i32)> {
    let (masked, year) = name_year(path)?;
    let name = path.file_name()?.to_string_lossy().into_owned();
    let stem = name.split('.').next().unwrap_or_default().len();
    Some((masked + &name[stem..], year))
}

/// Whether `prior`'s file name is `current`'s with the year one less (`x-2020.txt` for
/// `x-2021.pdf`): how reports whose agency is unknown are paired.
pub fn is_prior_by_name(prior: &Path, current: &Path) -> bool {
    match (name_year(prior), name_year(current)) {
        (Some((p, py)), Some((c, cy))) => p == c && py.checked_add(1) == Some(cy),
        _ => false,
    }
}
