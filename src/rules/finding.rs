//! A finding: one rule that does not hold at one place (`spec/rules.md`, `spec/json-output.md`).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{Report, SectionId, SharedLines};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; never blocks.
    Info,
    /// Probably wrong; the reviewer decides.
    Warning,
    /// A rule of the format is broken; approval needs the reviewer to accept or resolve it.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Whether the rule could be evaluated at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EvalStatus {
    /// The rule was evaluated and fails.
    #[default]
    Failed,
    /// A cell it needs is missing, unreadable or ambiguous: it could not be evaluated, and
    /// that is reported rather than passed silently.
    NotEvaluable,
}

/// One rule that does not hold at one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id from `spec/rules.md` (`apply.balance`, `cell.blank`, `yoy.carry_over`).
    pub rule: String,
    /// Severity after the user's rule file was applied.
    pub severity: Severity,
    /// The cells it is about, canonical ids.
    pub cells: Vec<String>,
    /// The section it is about.
    pub section: Option<SectionId>,
    /// For an arithmetic rule: what the equation asks for.
    pub expected: Option<Decimal>,
    /// For an arithmetic rule: what the report says.
    pub actual: Option<Decimal>,
    /// The one cell that, changed alone, would make every failing equation hold.
    pub suspect: Option<String>,
    /// Stable hash of rule id + cell ids (+ section), the same across resubmissions.
    pub fingerprint: String,
    /// Message in Chinese.
    pub message: String,
    /// Message in English.
    pub message_en: String,
    /// Failed, or could not be evaluated.
    pub status: EvalStatus,
    /// Source line the finding points at (the first cell's, a heading's, a quoted sentence's).
    pub line: Option<usize>,
    /// For narrative rules: the sentence quoted.
    pub quote: Option<String>,
}

impl Finding {
    /// The column (1-based, in characters) of the finding's line it points at, where the
    /// source gives one: on a report read as one line, where its quoted sentence stands; else
    /// its cell's (the suspect first) on that line, when the line holds more than one cell or
    /// is the whole report; else, on a report read as one line, where its section's heading
    /// stands. `None` elsewhere, as for cells (`json-output.md`, positions).
    pub fn column(&self, report: &Report) -> Option<usize> {
        self.column_in(report, &report.shared_lines())
    }

    /// [`Finding::column`] with the report's shared lines computed once for all its findings.
    pub fn column_in(&self, report: &Report, shared: &SharedLines) -> Option<usize> {
        let line = self.line?;
        let one_line = report.is_one_line();
        let text = report.lines.get(line.checked_sub(1)?)?;
        let find = |needle: &str| {
            let needle = needle.trim();
            // Only a report read as one line is searched (most findings are on other lines).
            if !one_line || needle.is_empty() {
                return None;
            }
            let at = text.find(needle)?;
            Some(text[..at].chars().count() + 1)
        };
        let of_cell = || {
            if !one_line && !shared.contains(line) {
                return None;
            }
            self.suspect
                .iter()
                .chain(&self.cells)
                .filter_map(|id| report.cell(id)?.location)
                .find(|l| l.line == line)
                .and_then(|l| l.column)
        };
        let of_section = || find(&report.section(self.section?).heading);
        self.quote
            .as_deref()
            .and_then(find)
            .or_else(of_cell)
            .or_else(of_section)
    }

    /// The message in the requested language.
    pub fn message_in(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Zh => &self.message,
            crate::Lang::En => &self.message_en,
        }
    }
}

/// The stable fingerprint of a finding: SHA-256 over the rule id, the cell ids and the
/// section, first 16 hex digits. Values are left out on purpose, so a corrected resubmission
/// keeps the same fingerprint.
pub fn fingerprint(rule: &str, cells: &[String], section: Option<SectionId>) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    for c in cells {
        h.update(b"\0");
        h.update(c.as_bytes());
    }
    if let Some(s) = section {
        h.update(b"\0section:");
        h.update(s.as_str().as_bytes());
    }
    crate::model::hex(&h.finalize()[..8])
}
