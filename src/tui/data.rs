//! Everything the screens need, gathered from the library: the report pair, its findings, the
//! year-over-year deltas and narrative diffs. The review record itself is `nianbao::review`'s
//! (see [`Review`]); the screens only show it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use rust_decimal::Decimal;

use nianbao::compare::{self, RunKind};
use nianbao::model::{Report, SectionId, TableId};

use super::grid::{GridCell, Grids};
use nianbao::memo;
use nianbao::review::reading::{self, Reading};
use nianbao::review::{AnnotationState, Record, ReviewStatus, Store};
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
    /// The tables as shown: both years' rows aligned.
    pub grids: Grids,
    /// The rules in force, to run again when the reviewer reads a cell.
    pub rules: RuleSet,
    /// The reviewer's readings of this content, applied to the findings (see
    /// [`ReviewData::apply_readings`]); the report itself stays as read.
    pub readings: Vec<Reading>,
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
        rules: &RuleSet,
    ) -> ReviewData {
        let deltas = deltas(&report, prior.as_ref());
        let grids = Grids::build(&report, prior.as_ref());
        sort_findings(&report, &grids, &mut findings);
        ReviewData {
            grids,
            report,
            prior,
            findings,
            deltas,
            ruleset_version: rules.version(),
            rules: rules.clone(),
            readings: Vec::new(),
        }
    }

    /// Run the rules again on the reviewer's readings of this content in `record` (none:
    /// on the report as read), as the CLI does: the findings and the year-over-year changes
    /// follow the reviewer's values, while the report, its content hash and its cells as
    /// read stay as they are.
    pub fn apply_readings(&mut self, record: &Record) {
        let (read, readings) = nianbao::session::loaded::with_readings(&self.report, Some(record));
        let shown = read.as_ref().unwrap_or(&self.report);
        let mut findings = rules::check(shown, self.prior.as_ref(), &self.rules);
        sort_findings(&self.report, &self.grids, &mut findings);
        self.deltas = deltas(shown, self.prior.as_ref());
        self.findings = findings;
        self.readings = readings;
    }

    /// The reviewer's reading of a cell in force, if any.
    pub fn reading(&self, id: &str) -> Option<&Reading> {
        self.readings.iter().find(|r| r.cell == id)
    }

    /// Whether the reviewer may say what a cell reads (`i`): the machine could not read it
    /// with certainty.
    pub fn readable_by_reviewer(&self, id: &str) -> bool {
        self.report
            .cell(id)
            .is_some_and(|c| reading::readable_by_reviewer(&c.status))
    }

    /// Where a finding is shown: its suspect cell, else its first cell, else its section.
    pub fn place(&self, f: &Finding) -> Place {
        let cell = f
            .suspect
            .iter()
            .chain(f.cells.iter())
            .find_map(|id| self.grids.position(id));
        match cell {
            Some((t, r, c)) => Place::Cell(t, r, c),
            None => Place::Section(f.section.unwrap_or(SectionId::S1)),
        }
    }

    /// The cell shown at a table position.
    pub fn cell_at(&self, table: TableId, row: usize, col: usize) -> Option<&GridCell> {
        self.grids.cell(table, row, col)
    }

    /// The form that defines a shown cell: this year's, or else last year's (a row only the
    /// earlier form has).
    pub fn schema_of(&self, id: &str) -> &'static nianbao::model::Schema {
        let this = self.report.schema();
        match &self.prior {
            Some(p) if this.cell(id).is_none() => p.schema(),
            _ => this,
        }
    }

    /// Which year's form alone has a shown cell, when only one has it.
    pub fn only_in(&self, id: &str) -> Option<nianbao::compare::OnlyIn> {
        let (t, r, c) = self.grids.position(id)?;
        self.grids.cell(t, r, c).and_then(|g| g.only_in)
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

/// Cell id → (last year's value, change), for cells with a value in both years.
fn deltas(report: &Report, prior: Option<&Report>) -> HashMap<String, (Decimal, Decimal)> {
    match prior {
        Some(p) => compare::changes(&compare::align(p, report))
            .into_iter()
            .map(|c| (c.cell.to_string(), (c.prior, c.delta)))
            .collect(),
        None => HashMap::new(),
    }
}

/// Findings in report order, then in screen order (a section's text before its table, rows
/// as shown), so `n` walks them by index.
fn sort_findings(report: &Report, grids: &Grids, findings: &mut [Finding]) {
    findings.sort_by_key(|f| order_key(report, f));
    findings.sort_by_key(|f| {
        let at = f
            .suspect
            .iter()
            .chain(f.cells.iter())
            .find_map(|id| grids.position(id));
        match at {
            Some((t, r, c)) => (t.section().index(), 1, r, c),
            None => (section_of(report, f).index(), 0, 0, 0),
        }
    });
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

/// Read, parse and check a report and its prior year, the one way every front end loads it
/// ([`nianbao::session::load`]): the prior is the one given, else the agency's prior-year
/// report found beside the file. Errors name the file, as `check` does.
pub fn load(file: &Path, prior: Option<&Path>, rules: &RuleSet) -> Result<ReviewData> {
    let r = nianbao::session::load(file, prior, rules, None)?;
    Ok(ReviewData::from_parts(r.report, r.prior, r.findings, rules))
}

/// A report under review in the store: the record as last read, and where it stands. Every
/// change goes through `nianbao::review::Store`, which saves it before returning; the record
/// is then read back, so the screen shows what is on disk.
pub struct Review {
    /// The store the record lives in.
    pub store: Store,
    /// The record, re-read after every change.
    pub record: Record,
    /// Sign-off state and counts, from the store.
    pub status: ReviewStatus,
    /// Why the store cannot be written (a read-only folder): the report is shown to view only.
    pub read_only: Option<String>,
    /// The SSH private key sign-offs are signed with (`signing_key` in the config, as for
    /// `nianbao signoff`).
    pub signing_key: Option<PathBuf>,
    /// The opening shown is not yet written ([`Review::preview`]).
    pending: bool,
}

impl Review {
    /// Open the report for review in the store (creating its record, or adding the file as a
    /// new revision), run the rules on the reviewer's readings of it, and read where it
    /// stands. Store errors are worded as the CLI words them, in `lang`. The screen does this
    /// in two steps around its first frame ([`Review::preview`], [`Review::settle`]).
    #[cfg(test)]
    pub fn open(
        store: Store,
        data: &mut ReviewData,
        who: &str,
        lang: nianbao::Lang,
    ) -> Result<Review> {
        let mut review = Review::preview(store, data, who, lang)?;
        review.settle(data, who, lang);
        Ok(review)
    }

    /// [`Review::open`] with the opening not yet written: the record is what the opening
    /// will write ([`Store::preview_open`]), so the first frame waits for no disk; the screen
    /// calls [`Review::settle`] once that frame is drawn. Errs as the opening does when the
    /// record cannot be read.
    pub fn preview(
        store: Store,
        data: &mut ReviewData,
        who: &str,
        lang: nianbao::Lang,
    ) -> Result<Review> {
        // The record read once. The reviewer's readings first, so the revision is opened
        // with the findings the rules give on them, as the CLI's commands open it.
        let earlier = store
            .load_or_empty(&data.report)
            .map_err(|e| anyhow::anyhow!(e.message(lang)))?;
        if !earlier.readings.is_empty() {
            data.apply_readings(&earlier);
        }
        let (record, read_only, pending) =
            match store.preview_open(earlier.clone(), &data.report, &data.findings, who) {
                Ok(record) => (record, None, true),
                // A record that cannot be opened may still be read: viewed, not changed.
                Err(e) => (earlier, Some(e.message(lang)), false),
            };
        let status = status_in_memory(&record, data);
        Ok(Review {
            store,
            record,
            status,
            read_only,
            signing_key: None,
            pending,
        })
    }

    /// Whether the opening shown is still to be written ([`Review::settle`]).
    pub fn pending(&self) -> bool {
        self.pending
    }

    /// Write the opening [`Review::preview`] showed, and show the record as saved; nothing
    /// when it is written already. A store that cannot be written (a read-only folder or
    /// disk) still lets the report be viewed, with its notes: `read_only` says why, and
    /// changes will fail saying so. True when the readings on disk were not the ones shown
    /// (another process recorded one meanwhile): the findings were checked again.
    pub fn settle(&mut self, data: &mut ReviewData, who: &str, lang: nianbao::Lang) -> bool {
        if !std::mem::take(&mut self.pending) {
            return false;
        }
        let shown = self.record.readings.clone();
        match self.store.open_report(&data.report, &data.findings, who) {
            Ok(record) => self.record = record,
            Err(e) => {
                self.read_only = Some(e.message(lang));
                if let Ok(record) = self.store.load_or_empty(&data.report) {
                    self.record = record;
                }
            }
        }
        let changed = self.record.readings != shown;
        if changed {
            data.apply_readings(&self.record);
        }
        self.status = status_in_memory(&self.record, data);
        changed
    }

    /// Record the reviewer's reading of a cell (`i`), through the store as `annotate --value`
    /// does, then run the rules again on it and read where the report stands.
    pub fn record_reading(
        &mut self,
        data: &mut ReviewData,
        cell: &str,
        value: Decimal,
        note: &str,
        who: &str,
    ) -> Result<Reading, nianbao::review::ReviewError> {
        let reading = self
            .store
            .record_reading(&data.report, cell, value, note, who)?;
        self.record = self.store.load_or_empty(&data.report)?;
        data.apply_readings(&self.record);
        self.status = status_in_memory(&self.record, data);
        Ok(reading)
    }

    /// Read the record again after a change (once: where the report stands is worked out
    /// from it in memory).
    pub fn refresh(&mut self, data: &ReviewData) -> Result<(), nianbao::review::ReviewError> {
        self.record = self.store.load_or_empty(&data.report)?;
        self.status = status_in_memory(&self.record, data);
        Ok(())
    }

    /// Write the review memo (Markdown) into the store's `memos` folder, named like the
    /// report's record, and say where. Not beside the report: an intake folder is read by
    /// `check DIR`, which would take a `.md` memo for a report.
    pub fn export_memo(&self, data: &ReviewData, lang: nianbao::Lang) -> Result<PathBuf> {
        let md = memo::render_markdown(
            &data.report,
            data.prior.as_ref(),
            &data.findings,
            &self.record,
            lang,
        );
        let record_path = self.store.record_path(&data.report);
        let stem = record_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "memo".into());
        let dir = self.store.dir().join("memos");
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("{}: cannot create the memo folder", dir.display()))?;
        let path = dir.join(format!("{stem}.md"));
        nianbao::review::write_atomic(&path, md.as_bytes())
            .with_context(|| format!("{}: cannot write the memo", path.display()))?;
        Ok(path)
    }
}

/// Where the report stands on a record already read ([`nianbao::review::status_of`], as
/// the store computes it), without reading the record from disk again.
fn status_in_memory(record: &Record, data: &ReviewData) -> ReviewStatus {
    nianbao::review::status_of(
        Some(record),
        &data.report,
        data.prior.as_ref(),
        &data.findings,
        Some(&data.ruleset_version),
    )
}

/// Withdraw a note (`d`): it stays in the record's history and settles nothing. The one
/// place the screen calls the store for it.
pub fn withdraw(
    review: &Review,
    data: &ReviewData,
    id: nianbao::review::AnnotationId,
    who: &str,
) -> Result<(), nianbao::review::ReviewError> {
    review.store.withdraw(&data.report, id, who)
}

/// The decision in force on the record (the last sign-off, unless withdrawn).
pub fn decision_in_force(record: &Record) -> Option<&nianbao::review::SignOff> {
    record.signoffs.last().filter(|s| s.reopened.is_none())
}

/// Sign the report off: the one place the screen calls the store for it. `replace` is the
/// reviewer's confirmation that a decision in force is replaced (the screen asked); passed on
/// as `SignOptions::replace`. Signed with the configured SSH key, as `nianbao signoff` signs.
pub fn sign(
    review: &Review,
    data: &ReviewData,
    request: nianbao::review::SignRequest<'_>,
    replace: bool,
) -> Result<nianbao::review::SignOff, nianbao::review::ReviewError> {
    let options = nianbao::review::SignOptions {
        replace,
        signing_key: review.signing_key.clone(),
    };
    review.store.sign_with(
        &data.report,
        data.prior.as_ref(),
        &data.findings,
        request,
        &options,
    )
}

/// The annotation states in the order `r` cycles through them.
pub const NOTE_STATES: [AnnotationState; 3] = [
    AnnotationState::Open,
    AnnotationState::Resolved,
    AnnotationState::Accepted,
];

/// The state after `state` in the cycle of `r`.
pub fn next_state(state: AnnotationState) -> AnnotationState {
    let i = NOTE_STATES.iter().position(|s| *s == state).unwrap_or(0);
    NOTE_STATES[(i + 1) % NOTE_STATES.len()]
}

/// Open the review store: the folder given (`--store`, `NIANBAO_STORE`, config), else the
/// user's data folder. Errors are worded as the CLI words them, in `lang`.
pub fn open_store(given: Option<&Path>, lang: nianbao::Lang) -> Result<Store> {
    Store::default_dir(given)
        .and_then(Store::open)
        .map_err(|e| anyhow::anyhow!(e.message(lang)))
}
