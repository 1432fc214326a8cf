//! Everything the screens need, gathered from the library: the report pair, its findings, the
//! year-over-year deltas and narrative diffs, and the review record (annotations, sign-off).
//! Every call into `nianbao::` from the TUI lives in this file, so that when the parser, rules,
//! comparison and review store change, only this file follows them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use nianbao::compare::{self, RunKind};
use nianbao::model::{CellDef, Report, SectionId, TableId};
use nianbao::rules::{self, Finding, RuleSet, Severity};

/// A report, its prior year, and what the rules and the comparison say about them.
#[derive(Debug, Clone)]
pub struct ReviewData {
    /// This year's report.
    pub report: Report,
    /// Last year's, when given or found beside the file.
    pub prior: Option<Report>,
    /// Every finding, in report order (section, then the form's cell order).
    pub findings: Vec<Finding>,
    /// Cell id → (last year's value, change), for cells with a value in both years.
    pub deltas: HashMap<String, (Decimal, Decimal)>,
    /// The rule set's version, recorded with a sign-off.
    pub ruleset_version: String,
}

/// Where a finding points on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A cell of a table: row and column index in the current template.
    Cell(TableId, usize, usize),
    /// A section's text.
    Section(SectionId),
}

impl ReviewData {
    /// Assemble the data from parts already loaded (tests build reports by hand this way).
    pub fn from_parts(
        report: Report,
        prior: Option<Report>,
        mut findings: Vec<Finding>,
        ruleset_version: String,
    ) -> ReviewData {
        let deltas = match &prior {
            Some(p) => compare::changes(&compare::align(p, &report))
                .into_iter()
                .map(|c| (c.cell.to_string(), (c.prior, c.delta)))
                .collect(),
            None => HashMap::new(),
        };
        findings.sort_by_key(|f| order_key(&report, f));
        ReviewData {
            report,
            prior,
            findings,
            deltas,
            ruleset_version,
        }
    }

    /// Where a finding is shown: its suspect cell, else its first cell, else its section.
    pub fn place(&self, f: &Finding) -> Place {
        let schema = self.report.schema();
        let cell = f
            .suspect
            .iter()
            .chain(f.cells.iter())
            .find_map(|id| schema.cell(id));
        match cell {
            Some(def) => Place::Cell(def.table, def.row_index, def.column_index),
            None => Place::Section(f.section.unwrap_or(SectionId::S1)),
        }
    }

    /// The cell definition at a table position.
    pub fn cell_at(&self, table: TableId, row: usize, col: usize) -> Option<&'static CellDef> {
        let schema = self.report.schema();
        let row_def = schema.table(table).rows.get(row)?;
        let col_def = row_def.columns.get(col)?;
        schema.cell(&format!("{}.{}.{}", table.as_str(), row_def.id, col_def.id))
    }

    /// Last year's value of a cell of this year's template (translated across templates).
    pub fn prior_value(&self, id: &str) -> Option<Decimal> {
        self.prior
            .as_ref()
            .and_then(|p| compare::aligned_value(p, id))
    }

    /// Last year's cell as written, when the prior report has a cell of that id.
    pub fn prior_cell(&self, id: &str) -> Option<&nianbao::Cell> {
        self.prior.as_ref().and_then(|p| p.cell(id))
    }

    /// The findings on a cell.
    pub fn findings_on_cell<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings
            .iter()
            .filter(move |f| f.cells.iter().any(|c| c == id) || f.suspect.as_deref() == Some(id))
    }

    /// The findings on a section as a whole (not on one of its cells).
    pub fn findings_on_section(&self, s: SectionId) -> impl Iterator<Item = &Finding> + '_ {
        self.findings
            .iter()
            .filter(move |f| matches!(self.place(f), Place::Section(x) if x == s))
    }

    /// How many findings fall on a table's cells.
    pub fn table_count(&self, t: TableId) -> usize {
        self.findings
            .iter()
            .filter(|f| matches!(self.place(f), Place::Cell(x, _, _) if x == t))
            .count()
    }

    /// Counts of errors, warnings and infos.
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |s| self.findings.iter().filter(|f| f.severity == s).count();
        (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
    }

    /// One section's text this year beside last year's, as runs to highlight.
    pub fn narrative(&self, section: SectionId) -> Narrative {
        let current = self.report.section(section).text.clone();
        let Some(prior) = &self.prior else {
            return Narrative {
                ratio: None,
                prior: Vec::new(),
                current: vec![(RunTag::Same, current)],
            };
        };
        let diff = compare::narrative_diff(section, &prior.section(section).text, &current);
        let runs: Vec<(RunKind, String)> =
            diff.runs.into_iter().map(|r| (r.kind, r.text)).collect();
        let mut n = Narrative {
            ratio: Some(diff.ratio),
            prior: Vec::new(),
            current: Vec::new(),
        };
        for (kind, text) in runs {
            match kind {
                RunKind::Equal => {
                    n.prior.push((RunTag::Same, text.clone()));
                    n.current.push((RunTag::Same, text));
                }
                RunKind::Delete => n.prior.push((RunTag::Deleted, text)),
                RunKind::Insert => n.current.push((RunTag::Inserted, text)),
            }
        }
        n
    }
}

/// A section's narrative in both years.
#[derive(Debug, Clone, Default)]
pub struct Narrative {
    /// Similarity 0..1 (digits masked), when there is a prior year.
    pub ratio: Option<f64>,
    /// Last year's text as runs.
    pub prior: Vec<(RunTag, String)>,
    /// This year's text as runs.
    pub current: Vec<(RunTag, String)>,
}

/// What a run of narrative text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunTag {
    /// In both years.
    Same,
    /// Only this year.
    Inserted,
    /// Only last year.
    Deleted,
}

/// The section a finding belongs to.
pub fn section_of(report: &Report, f: &Finding) -> SectionId {
    f.section
        .or_else(|| {
            f.cells
                .first()
                .and_then(|c| report.schema().cell(c))
                .map(|d| d.table.section())
        })
        .unwrap_or(SectionId::S1)
}

fn order_key(report: &Report, f: &Finding) -> (usize, usize, std::cmp::Reverse<Severity>) {
    let schema = report.schema();
    let pos = f
        .suspect
        .iter()
        .chain(f.cells.iter())
        .find_map(|c| schema.position(c))
        .map_or(0, |p| p + 1);
    (
        section_of(report, f).index(),
        pos,
        std::cmp::Reverse(f.severity),
    )
}

/// Read, parse and check a report and its prior year. The prior is the one given, else the
/// agency's prior-year report found beside the file. Errors name the file, as `check` does.
pub fn load(file: &Path, prior: Option<&Path>, rules: &RuleSet) -> Result<ReviewData> {
    let report = nianbao::load(file)?;
    let prior_path = match prior {
        Some(p) => Some(p.to_path_buf()),
        None => compare::find_prior_beside(file, &report),
    };
    let prior = match prior_path {
        Some(p) => Some(nianbao::load(&p)?),
        None => None,
    };
    let findings = rules::check(&report, prior.as_ref(), rules);
    Ok(ReviewData::from_parts(
        report,
        prior,
        findings,
        rules.version(),
    ))
}

/// What an annotation is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// A cell, by canonical id.
    Cell(String),
    /// A finding, by its stable fingerprint (with its rule id for reading).
    Finding {
        /// Fingerprint.
        fingerprint: String,
        /// Rule id.
        rule: String,
    },
    /// A section.
    Section(SectionId),
}

/// Where an annotation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteState {
    /// Still to be dealt with.
    Open,
    /// Dealt with.
    Resolved,
    /// The finding stands and the reviewer accepts it.
    Accepted,
}

impl NoteState {
    /// All states, in the order the picker lists them.
    pub const ALL: [NoteState; 3] = [NoteState::Open, NoteState::Resolved, NoteState::Accepted];

    /// The state's name.
    pub fn label(self, lang: nianbao::Lang) -> &'static str {
        match self {
            NoteState::Open => lang.pick("待处理", "open"),
            NoteState::Resolved => lang.pick("已解决", "resolved"),
            NoteState::Accepted => lang.pick("已接受", "accepted"),
        }
    }
}

/// A reviewer's note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// Id within the record.
    pub id: u64,
    /// What it is about.
    pub target: Target,
    /// The note, several lines allowed.
    pub text: String,
    /// Who wrote it.
    pub author: String,
    /// When (local time, minutes).
    pub time: String,
    /// Where it stands.
    pub state: NoteState,
}

/// A sign-off decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The report is accepted.
    Approve,
    /// The report goes back to the agency for revision.
    Return,
}

/// A recorded sign-off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignOff {
    /// Approve or return.
    pub decision: Decision,
    /// The comment sent with it.
    pub comment: String,
    /// Who signed.
    pub reviewer: String,
    /// When.
    pub time: String,
    /// The report's SHA-256 when signed: a different file makes the sign-off stale.
    pub sha256: String,
    /// The rule set in force.
    pub ruleset_version: String,
}

/// The sign-off state shown in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignState {
    /// Not signed.
    Unsigned,
    /// Approved, and the file has not changed since.
    Approved,
    /// Returned for revision, and the file has not changed since.
    Returned,
    /// Signed, but the file has changed since.
    Stale,
}

/// A report's review state.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewStatus {
    /// Sign-off state.
    pub state: SignState,
    /// Annotations still open.
    pub open_annotations: usize,
    /// Error findings.
    pub errors: usize,
    /// Error findings neither accepted nor resolved by an annotation.
    pub unaccepted_errors: usize,
}

/// The review record of one report: what the screens show of the store.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Every annotation, oldest first.
    pub annotations: Vec<Annotation>,
    /// The latest sign-off.
    pub signoff: Option<SignOff>,
    next_id: u64,
}

/// The review store as the TUI uses it. The library's store (`nianbao::review`) implements it
/// when it lands; until then [`MemoryStore`] does.
pub trait ReviewStore {
    /// The record of a report (empty when never reviewed).
    fn record(&self, report: &Report) -> Record;
    /// Add a note; saved before this returns.
    fn annotate(
        &mut self,
        report: &Report,
        target: Target,
        text: &str,
        state: NoteState,
        author: &str,
    ) -> Result<()>;
    /// Change a note's text.
    fn edit_annotation(&mut self, report: &Report, id: u64, text: &str, author: &str)
    -> Result<()>;
    /// Change a note's state.
    fn set_state(&mut self, report: &Report, id: u64, state: NoteState, author: &str)
    -> Result<()>;
    /// Sign the report off. Approval is refused, naming them, while error findings are
    /// neither accepted nor resolved.
    fn sign(
        &mut self,
        data: &ReviewData,
        decision: Decision,
        comment: &str,
        reviewer: &str,
    ) -> Result<()>;
}

/// The review state of a report with its record.
pub fn status(data: &ReviewData, record: &Record) -> ReviewStatus {
    let unaccepted = unaccepted_errors(data, record);
    ReviewStatus {
        state: match &record.signoff {
            None => SignState::Unsigned,
            Some(s) if s.sha256 != data.report.source.sha256 => SignState::Stale,
            Some(s) if s.decision == Decision::Approve => SignState::Approved,
            Some(_) => SignState::Returned,
        },
        open_annotations: record
            .annotations
            .iter()
            .filter(|a| a.state == NoteState::Open)
            .count(),
        errors: data
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
        unaccepted_errors: unaccepted.len(),
    }
}

/// The error findings that no accepted or resolved annotation covers.
pub fn unaccepted_errors<'a>(data: &'a ReviewData, record: &Record) -> Vec<&'a Finding> {
    data.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter(|f| {
            !record.annotations.iter().any(|a| {
                a.state != NoteState::Open
                    && matches!(&a.target, Target::Finding { fingerprint, .. } if *fingerprint == f.fingerprint)
            })
        })
        .collect()
}

/// A review store in memory, optionally kept in one JSON file in the store folder: the
/// stand-in for `nianbao::review::Store` until it lands. Records are keyed by agency and
/// year (the path when the parser finds neither), so a revised file finds its record.
#[derive(Debug, Default)]
pub struct MemoryStore {
    records: HashMap<String, Record>,
    file: Option<PathBuf>,
    /// A fixed clock for tests; the local time otherwise.
    pub fixed_time: Option<String>,
}

impl MemoryStore {
    /// A store that forgets everything at exit (tests).
    #[cfg(test)]
    pub fn in_memory() -> MemoryStore {
        MemoryStore::default()
    }

    /// The store kept in `dir`, created when absent.
    pub fn open(dir: &Path) -> Result<MemoryStore> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the review store", dir.display()))?;
        let file = dir.join("tui-records.json");
        let records = match std::fs::read_to_string(&file) {
            Ok(text) => serde_json::from_str(&text)
                .with_context(|| format!("{}: not a review store file", file.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashMap::new(),
            Err(e) => {
                return Err(e).with_context(|| format!("{}: cannot read", file.display()));
            }
        };
        Ok(MemoryStore {
            records,
            file: Some(file),
            fixed_time: None,
        })
    }

    fn key(report: &Report) -> String {
        match (&report.meta.agency, report.meta.year) {
            (Some(a), Some(y)) => format!("{}|{y}", compare::normalize_agency(a)),
            _ => format!("path|{}", report.source.path),
        }
    }

    fn now(&self) -> String {
        self.fixed_time
            .clone()
            .unwrap_or_else(|| jiff::Zoned::now().strftime("%Y-%m-%d %H:%M").to_string())
    }

    fn save(&self) -> Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let tmp = file.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(&self.records)?;
        let write = || -> std::io::Result<()> {
            use std::io::Write as _;
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, file)
        };
        write().with_context(|| format!("{}: cannot save the review", file.display()))
    }

    fn note_mut(&mut self, report: &Report, id: u64) -> Result<&mut Annotation> {
        self.records
            .entry(Self::key(report))
            .or_default()
            .annotations
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or_else(|| anyhow::anyhow!("annotation {id} not found"))
    }
}

impl ReviewStore for MemoryStore {
    fn record(&self, report: &Report) -> Record {
        self.records
            .get(&Self::key(report))
            .cloned()
            .unwrap_or_default()
    }

    fn annotate(
        &mut self,
        report: &Report,
        target: Target,
        text: &str,
        state: NoteState,
        author: &str,
    ) -> Result<()> {
        let time = self.now();
        let record = self.records.entry(Self::key(report)).or_default();
        record.next_id += 1;
        let id = record.next_id;
        record.annotations.push(Annotation {
            id,
            target,
            text: text.to_string(),
            author: author.to_string(),
            time,
            state,
        });
        self.save()
    }

    fn edit_annotation(
        &mut self,
        report: &Report,
        id: u64,
        text: &str,
        author: &str,
    ) -> Result<()> {
        let time = self.now();
        let note = self.note_mut(report, id)?;
        note.text = text.to_string();
        note.author = author.to_string();
        note.time = time;
        self.save()
    }

    fn set_state(
        &mut self,
        report: &Report,
        id: u64,
        state: NoteState,
        _author: &str,
    ) -> Result<()> {
        self.note_mut(report, id)?.state = state;
        self.save()
    }

    fn sign(
        &mut self,
        data: &ReviewData,
        decision: Decision,
        comment: &str,
        reviewer: &str,
    ) -> Result<()> {
        let record = self.record(&data.report);
        if decision == Decision::Approve {
            let blocking = unaccepted_errors(data, &record);
            if !blocking.is_empty() {
                let rules: Vec<&str> = blocking.iter().map(|f| f.rule.as_str()).collect();
                anyhow::bail!(
                    "{} error finding(s) neither accepted nor resolved: {}",
                    blocking.len(),
                    rules.join(", ")
                );
            }
        }
        let time = self.now();
        self.records
            .entry(Self::key(&data.report))
            .or_default()
            .signoff = Some(SignOff {
            decision,
            comment: comment.to_string(),
            reviewer: reviewer.to_string(),
            time,
            sha256: data.report.source.sha256.clone(),
            ruleset_version: data.ruleset_version.clone(),
        });
        self.save()
    }
}

/// The review store folder: the one given (flag, environment, config), else the user's data
/// folder.
pub fn store_dir(given: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir.to_path_buf());
    }
    directories::ProjectDirs::from("", "", "nianbao")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no home folder to keep reviews in: give --store DIR or set NIANBAO_STORE"
            )
        })
}

/// The review memo (整改意见) in Markdown: the decision, then each finding with its notes.
pub fn memo_markdown(data: &ReviewData, record: &Record, lang: nianbao::Lang) -> String {
    use std::fmt::Write as _;
    let r = &data.report;
    let mut out = String::new();
    let agency = r.meta.agency.clone().unwrap_or_default();
    let year = r.meta.year.map(|y| y.to_string()).unwrap_or_default();
    let _ = writeln!(
        out,
        "# {} {agency} {year}\n",
        lang.pick("政府信息公开工作年度报告审核意见", "Review memo:")
    );
    if let Some(s) = &record.signoff {
        let d = match s.decision {
            Decision::Approve => lang.pick("审核通过", "Approved"),
            Decision::Return => lang.pick("退回修改", "Returned for revision"),
        };
        let _ = writeln!(
            out,
            "**{d}** — {} {}\n\n{}\n",
            s.reviewer, s.time, s.comment
        );
    }
    for f in &data.findings {
        let _ = writeln!(
            out,
            "- [{}] `{}` {}",
            f.severity.as_str(),
            f.rule,
            f.message_in(lang)
        );
        for a in record.annotations.iter().filter(|a| {
            matches!(&a.target, Target::Finding { fingerprint, .. } if *fingerprint == f.fingerprint)
        }) {
            let _ = writeln!(out, "  - {}（{}）", a.text.replace('\n', " "), a.state.label(lang));
        }
    }
    for a in &record.annotations {
        let place = match &a.target {
            Target::Cell(id) => id.clone(),
            Target::Section(s) => s.as_str().to_string(),
            Target::Finding { .. } => continue,
        };
        let _ = writeln!(
            out,
            "- `{place}` {}（{}）",
            a.text.replace('\n', " "),
            a.state.label(lang)
        );
    }
    out
}

/// Write the memo beside the report (`<file>.memo.md`) and say where.
pub fn export_memo(data: &ReviewData, record: &Record, lang: nianbao::Lang) -> Result<PathBuf> {
    let path = PathBuf::from(format!("{}.memo.md", data.report.source.path));
    std::fs::write(&path, memo_markdown(data, record, lang))
        .with_context(|| format!("{}: cannot write the memo", path.display()))?;
    Ok(path)
}
