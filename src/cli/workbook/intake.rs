//! Which reports make the intake, and what the workbook keeps of each: the same discovery and
//! pairing as `check` (`inputs::expand`, `inputs::identities`, `inputs::pair`), the intake year
//! chosen, every intake file read, checked against its prior and reduced to an [`Entry`];
//! files with the same content hash folded into one entry.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;
use rust_decimal::Decimal;

use nianbao::review::{AnnotationState, Record, ReviewStatus, SignState, Store, settlement};
use nianbao::rules::{self, Finding};
use nianbao::{CellStatus, Lang, Report, SectionId, Severity, Template};

use super::super::config::Settings;
use super::super::inputs::{self, Identity};
use super::super::progress::Progress;
use super::figures;

/// Reports read and checked per parallel chunk, so memory stays flat on big intakes.
const CHUNK: usize = 256;

/// One cell as the workbook shows it: its value when it reads as a number, else what was
/// written (the status says why it is not a number).
#[derive(Debug, Clone)]
pub struct Slot {
    /// The value (blank cells have none).
    pub value: Option<Decimal>,
    /// How the cell reads.
    pub status: CellStatus,
    /// What was written, kept only when there is no value.
    pub raw: Box<str>,
    /// The unit written in the cell, if any.
    pub unit: Option<Box<str>>,
}

/// One finding as the findings sheet lists it.
#[derive(Debug, Clone)]
pub struct FindingRow {
    /// Rule id.
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// Section.
    pub section: Option<SectionId>,
    /// Cells, canonical ids.
    pub cells: Vec<String>,
    /// What the equation asks for.
    pub expected: Option<Decimal>,
    /// What the report says.
    pub actual: Option<Decimal>,
    /// Message in the run's language.
    pub message: String,
    /// The reviewer's notes on it (on the finding or on a cell it names), joined.
    pub note: String,
    /// The state of the latest such note.
    pub note_state: Option<AnnotationState>,
}

/// The review state of a report as the overview shows it.
#[derive(Debug, Clone, Default)]
pub struct ReviewCell {
    /// State, in words.
    pub state: String,
    /// Who signed.
    pub reviewer: Option<String>,
    /// When (local date).
    pub date: Option<String>,
    /// Whether this file is the one signed (approved or returned, not stale).
    pub signed: bool,
    /// The file the state was read for.
    pub file: String,
}

/// One distinct report of the intake: one overview row.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Every file that reads to this report (same content hash), in input order.
    pub files: Vec<String>,
    /// Agency as written.
    pub agency: Option<String>,
    /// Agency normalised for pairing.
    pub agency_key: Option<String>,
    /// Report year.
    pub year: Option<i32>,
    /// Template.
    pub template: Template,
    /// Content hash (`review-states.md`).
    pub content_hash: String,
    /// Every template cell, in schema order.
    pub cells: Vec<Slot>,
    /// Findings of the first file.
    pub findings: Vec<FindingRow>,
    /// Error / warning / info counts.
    pub counts: [usize; 3],
    /// Review state.
    pub review: ReviewCell,
    /// Headline figures (see [`figures::HEADLINES`]).
    pub figures: Vec<figures::Fig>,
    /// The prior year's headline figures, when the prior was found.
    pub prior_figures: Option<Vec<figures::Fig>>,
    /// The prior year's file.
    pub prior_file: Option<String>,
    /// How many different versions of this agency and year the intake holds (1 normally).
    pub versions: usize,
}

/// An input that could not be read: listed, never dropped.
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// The file.
    pub file: String,
    /// Why.
    pub message: String,
}

/// An agency seen in earlier years with no report for the intake year.
#[derive(Debug, Clone)]
pub struct Missing {
    /// Agency (normalised).
    pub agency: String,
    /// The latest year it reported.
    pub last_year: i32,
    /// That report's file.
    pub file: String,
}

/// The whole intake.
#[derive(Debug, Default)]
pub struct Intake {
    /// The intake year.
    pub year: Option<i32>,
    /// Distinct reports, in input order of their first file.
    pub entries: Vec<Entry>,
    /// Inputs that could not be read.
    pub unreadable: Vec<Unreadable>,
    /// Agencies without a report for the intake year.
    pub missing: Vec<Missing>,
}

/// What a run needs besides the files.
pub struct Context<'a> {
    /// Settings (language, rules, store).
    pub settings: &'a Settings,
    /// The review store, when it exists.
    pub store: Option<&'a Store>,
}

/// Discover, pair, choose the intake year, read and check every intake file.
pub fn gather(paths: &[PathBuf], year: Option<i32>, cx: &Context<'_>) -> Intake {
    let ids = inputs::identities(paths);
    let pairs = inputs::pair(&ids);
    let year = year.or_else(|| ids.iter().flatten().filter_map(|i| i.year).max());
    // Files of the intake year, and files whose year cannot be told (they may be this
    // year's: the reviewer must see them rather than lose them).
    let chosen: Vec<usize> = (0..paths.len())
        .filter(|&i| match &ids[i] {
            Some(id) => id.year.is_none() || id.year == year,
            None => true,
        })
        .collect();
    let progress = Progress::new(chosen.len());
    let mut loaded: Vec<Result<Entry, Unreadable>> = Vec::with_capacity(chosen.len());
    for chunk in chosen.chunks(CHUNK) {
        let done: Vec<_> = chunk
            .par_iter()
            .map(|&i| {
                let prior = pairs[i].map(|p| paths[p].as_path());
                let r = entry(&paths[i], prior, cx);
                progress.inc();
                r
            })
            .collect();
        loaded.extend(done);
    }
    progress.finish();
    let mut intake = Intake {
        year,
        missing: missing(paths, &ids, year),
        ..Intake::default()
    };
    fold(loaded, &mut intake);
    intake
}

/// Fold files of the same content into one entry; count the versions of each agency-year.
fn fold(loaded: Vec<Result<Entry, Unreadable>>, intake: &mut Intake) {
    let mut by_hash: HashMap<String, usize> = HashMap::new();
    for r in loaded {
        match r {
            Err(u) => intake.unreadable.push(u),
            Ok(e) => match by_hash.get(&e.content_hash) {
                Some(&k) => {
                    // The same content in another file: a sign-off on any of its files
                    // holds for the row (`review-states.md`, "signed, as another file").
                    let row = &mut intake.entries[k];
                    if e.review.signed && !row.review.signed {
                        row.review = e.review;
                    }
                    row.files.extend(e.files);
                }
                None => {
                    by_hash.insert(e.content_hash.clone(), intake.entries.len());
                    intake.entries.push(e);
                }
            },
        }
    }
    let mut versions: HashMap<(String, i32), usize> = HashMap::new();
    for e in &intake.entries {
        if let (Some(a), Some(y)) = (&e.agency_key, e.year) {
            *versions.entry((a.clone(), y)).or_default() += 1;
        }
    }
    for e in &mut intake.entries {
        if let (Some(a), Some(y)) = (&e.agency_key, e.year) {
            e.versions = versions[&(a.clone(), y)];
        }
    }
}

/// Agencies whose latest report among the inputs is older than the intake year.
fn missing(paths: &[PathBuf], ids: &[Option<Identity>], year: Option<i32>) -> Vec<Missing> {
    let Some(year) = year else {
        return Vec::new();
    };
    let mut latest: HashMap<&str, (i32, usize)> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        if let Some(Identity {
            agency: Some(a),
            year: Some(y),
            ..
        }) = id
        {
            let slot = latest.entry(a.as_str()).or_insert((*y, i));
            if *y > slot.0 {
                *slot = (*y, i);
            }
        }
    }
    let mut out: Vec<Missing> = latest
        .into_iter()
        .filter(|(_, (y, _))| *y < year)
        .map(|(a, (y, i))| Missing {
            agency: a.to_string(),
            last_year: y,
            file: paths[i].display().to_string(),
        })
        .collect();
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}

/// Read and check one intake file against its prior; reduce it to what the workbook needs.
fn entry(
    path: &std::path::Path,
    prior: Option<&std::path::Path>,
    cx: &Context<'_>,
) -> Result<Entry, Unreadable> {
    let unreadable = |message: String| Unreadable {
        file: path.display().to_string(),
        message,
    };
    let report = nianbao::load(path).map_err(|e| unreadable(e.to_string()))?;
    let prior = match prior {
        Some(p) => Some(nianbao::load(p).map_err(|e| unreadable(e.to_string()))?),
        None => None,
    };
    let settings = cx.settings;
    // With a store, on the reviewer's readings and with where the review stands, read once.
    let (findings, status) = match cx.store {
        Some(store) => {
            let (findings, status) =
                nianbao::session::standing(&report, prior.as_ref(), &settings.rules, store)
                    .map_err(|e| unreadable(e.message(settings.lang)))?;
            (findings, Some(status))
        }
        None => (rules::check(&report, prior.as_ref(), &settings.rules), None),
    };
    let record = cx
        .store
        .map(|s| s.load(&report))
        .transpose()
        .map_err(|e| unreadable(e.message(settings.lang)))?
        .flatten();
    let review = review_cell(&report, status.as_ref(), cx);
    let mut counts = [0; 3];
    for f in &findings {
        counts[match f.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        }] += 1;
    }
    Ok(Entry {
        files: vec![path.display().to_string()],
        agency: report.meta.agency.clone(),
        agency_key: report
            .meta
            .agency
            .as_deref()
            .map(nianbao::compare::normalize_agency),
        year: report.meta.year,
        template: report.meta.template,
        content_hash: report.content_hash(),
        cells: slots(&report),
        findings: findings
            .iter()
            .map(|f| finding_row(f, record.as_ref(), settings.lang))
            .collect(),
        counts,
        review,
        figures: figures::of(&report),
        prior_figures: prior.as_ref().map(figures::of),
        prior_file: prior.as_ref().map(|p| p.source.path.clone()),
        versions: 1,
    })
}

/// Every template cell, in schema order.
fn slots(report: &Report) -> Vec<Slot> {
    report
        .schema()
        .cells
        .iter()
        .map(|def| match report.cell(&def.id) {
            Some(c) => Slot {
                value: c.value,
                status: c.status.clone(),
                raw: if c.value.is_some() {
                    "".into()
                } else if c.status == CellStatus::Ambiguous && !c.candidates.is_empty() {
                    let list: Vec<String> = c.candidates.iter().map(|d| d.to_string()).collect();
                    format!("{}（{}）", c.raw, list.join("/")).into()
                } else {
                    c.raw.as_str().into()
                },
                unit: c.unit.as_deref().map(Into::into),
            },
            None => Slot {
                value: None,
                status: CellStatus::Missing,
                raw: "".into(),
                unit: None,
            },
        })
        .collect()
}

/// The review state from the store (never created here), else unsigned.
fn review_cell(report: &Report, status: Option<&ReviewStatus>, cx: &Context<'_>) -> ReviewCell {
    let lang = cx.settings.lang;
    let Some(status) = status else {
        return ReviewCell {
            state: SignState::Unsigned.label(lang).into(),
            file: report.source.path.clone(),
            ..ReviewCell::default()
        };
    };
    let signoff = status.signoff.as_ref();
    ReviewCell {
        signed: matches!(status.state, SignState::Approved | SignState::Returned),
        file: report.source.path.clone(),
        state: status.state.label(lang).into(),
        reviewer: signoff.map(|s| s.reviewer.clone()),
        date: signoff.map(|s| {
            s.at.to_zoned(jiff::tz::TimeZone::system())
                .date()
                .to_string()
        }),
    }
}

/// A finding with the reviewer's notes bearing on it, withdrawn ones left out: the notes
/// [`settlement::notes_on`] gives, the one meaning of a note on a finding everywhere.
fn finding_row(f: &Finding, record: Option<&Record>, lang: Lang) -> FindingRow {
    let notes: Vec<_> = record
        .map(|r| {
            settlement::notes_on(r, f)
                .filter(|a| a.withdrawn.is_none())
                .collect()
        })
        .unwrap_or_default();
    FindingRow {
        rule: f.rule.clone(),
        severity: f.severity,
        section: f.section,
        cells: f.cells.clone(),
        expected: f.expected,
        actual: f.actual,
        message: f.message_in(lang).to_string(),
        note: notes
            .iter()
            .map(|a| format!("{}：{}", a.author, a.text))
            .collect::<Vec<_>>()
            .join("；"),
        note_state: notes.last().map(|a| a.state),
    }
}
