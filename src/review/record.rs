//! The review record as stored: revisions, annotations, sign-offs and the audit log, with the
//! schema version that lets a later nianbao read it.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::model::{Report, SectionId};
use crate::rules::Finding;

use super::audit::AuditEntry;
use super::reading::Reading;
use super::signoff::SignOff;
use super::{Identity, ReviewError, UnacceptedFinding};

/// The version of the record format this build writes and the highest it reads.
pub const SCHEMA_VERSION: u32 = 2;

/// Everything the reviewer did on one report identity, across its revisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Record format version, [`SCHEMA_VERSION`] when written by this build.
    pub schema: u32,
    /// Whose record this is.
    pub identity: Identity,
    /// The files seen under this identity, in the order first seen; numbered from 1.
    pub revisions: Vec<Revision>,
    /// The reviewer's notes, across revisions.
    pub annotations: Vec<Annotation>,
    /// Every sign-off given, oldest first; the last one not reopened is in force.
    pub signoffs: Vec<SignOff>,
    /// The reviewer's readings of cells the machine could not read with certainty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<Reading>,
    /// Every change, appended, each entry chained to the one before; the fields above are
    /// what replaying it gives, checked on every load.
    pub audit: Vec<AuditEntry>,
}

/// One version of the report file, named by the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// 1 for the first file seen, then 2, 3, … for resubmissions.
    pub number: u32,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// The path it was opened from (informative only: files move).
    pub path: String,
    /// When it was first opened.
    pub first_seen: Timestamp,
    /// Who first opened it.
    pub seen_by: String,
    /// Fingerprints of the findings it had, when known; lets a note say in which revision
    /// its finding went away.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub findings: Option<Vec<String>>,
    /// The content hash of what was read from it (`Report::content_hash`); absent in records
    /// written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
}

/// The id of an annotation, unique within its record; shown as `#3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnnotationId(pub u64);

impl fmt::Display for AnnotationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

impl std::str::FromStr for AnnotationId {
    type Err = ReviewError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim()
            .trim_start_matches('#')
            .parse()
            .map(AnnotationId)
            .map_err(|_| {
                ReviewError::BadTarget(format!(
                    "`{s}` is not an annotation id: write it as a number, such as 3 or #3"
                ))
            })
    }
}

/// What an annotation is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// A cell, by canonical id (`apply.new.total`).
    Cell {
        /// Canonical cell id.
        id: String,
    },
    /// A finding, by fingerprint, so the note finds it again in a corrected resubmission;
    /// rule, cells and section are kept for display when it no longer occurs.
    Finding {
        /// The finding's stable fingerprint.
        fingerprint: String,
        /// Rule id.
        rule: String,
        /// The cells it was about.
        cells: Vec<String>,
        /// The section it was about.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        section: Option<SectionId>,
    },
    /// A whole section.
    Section {
        /// Which section.
        id: SectionId,
    },
}

impl Target {
    /// The target for a finding.
    pub fn finding(f: &Finding) -> Target {
        Target::Finding {
            fingerprint: f.fingerprint.clone(),
            rule: f.rule.clone(),
            cells: f.cells.clone(),
            section: f.section,
        }
    }

    /// Build a target from the CLI's `--cell ID`, `--rule ID` or `--section sN` (exactly one;
    /// `--rule` with `--cell` picks the finding of that rule on that cell). A rule is looked
    /// up among the report's findings.
    pub fn resolve(
        report: &Report,
        findings: &[Finding],
        cell: Option<&str>,
        rule: Option<&str>,
        section: Option<&str>,
    ) -> Result<Target, ReviewError> {
        match (cell, rule, section) {
            (Some(c), None, None) => {
                check_cell(report, c)?;
                Ok(Target::Cell { id: c.to_string() })
            }
            (None, None, Some(s)) => SectionId::parse(s)
                .map(|id| Target::Section { id })
                .ok_or_else(|| {
                    ReviewError::BadTarget(format!("`{s}` is not a section: use s1 … s6 (一 … 六)"))
                }),
            (cell, Some(r), None) => {
                if let Some(c) = cell {
                    check_cell(report, c)?;
                }
                let matching: Vec<&Finding> = findings
                    .iter()
                    .filter(|f| f.rule == r && cell.is_none_or(|c| f.cells.iter().any(|x| x == c)))
                    .collect();
                match matching.as_slice() {
                    [one] => Ok(Target::finding(one)),
                    [] => Err(ReviewError::BadTarget(format!(
                        "rule `{r}` has no finding{} in this report: check the rule id with \
                         `nianbao check`, or annotate the cell with --cell",
                        cell.map(|c| format!(" on {c}")).unwrap_or_default()
                    ))),
                    many => Err(ReviewError::BadTarget(format!(
                        "rule `{r}` has {} findings in this report; add --cell to pick one: {}",
                        many.len(),
                        many.iter()
                            .map(|f| f.cells.join("+"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))),
                }
            }
            _ => Err(ReviewError::BadTarget(
                "say what the note is about: one of --cell ID, --rule ID (optionally with \
                 --cell) or --section sN"
                    .into(),
            )),
        }
    }

    /// Short display: `apply.new.total`, `apply.balance [apply.new.total]`, `s5`.
    pub fn describe(&self) -> String {
        match self {
            Target::Cell { id } => id.clone(),
            Target::Finding { rule, cells, .. } if cells.is_empty() => rule.clone(),
            Target::Finding { rule, cells, .. } => format!("{rule} [{}]", cells.join(", ")),
            Target::Section { id } => id.as_str().to_string(),
        }
    }
}

fn check_cell(report: &Report, id: &str) -> Result<(), ReviewError> {
    if report.schema().cell(id).is_some() {
        Ok(())
    } else {
        Err(ReviewError::BadTarget(format!(
            "`{id}` is not a cell of the {} template: use a canonical id such as apply.new.total",
            report.meta.template
        )))
    }
}

/// Where a note stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AnnotationState {
    /// To be dealt with.
    #[default]
    Open,
    /// Dealt with (corrected, or explained away).
    Resolved,
    /// The finding stands but the reviewer accepts it; the text gives the reason.
    Accepted,
}

impl AnnotationState {
    /// `open`, `resolved` or `accepted`.
    pub fn as_str(self) -> &'static str {
        match self {
            AnnotationState::Open => "open",
            AnnotationState::Resolved => "resolved",
            AnnotationState::Accepted => "accepted",
        }
    }

    /// Label for people: 待处理 / 已解决 / 已接受.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (AnnotationState::Open, Lang::Zh) => "待处理",
            (AnnotationState::Resolved, Lang::Zh) => "已解决",
            (AnnotationState::Accepted, Lang::Zh) => "予以接受",
            (AnnotationState::Open, Lang::En) => "open",
            (AnnotationState::Resolved, Lang::En) => "resolved",
            (AnnotationState::Accepted, Lang::En) => "accepted",
        }
    }

    /// Whether this state lets an error finding pass approval.
    pub fn clears_error(self) -> bool {
        matches!(self, AnnotationState::Resolved | AnnotationState::Accepted)
    }
}

impl std::str::FromStr for AnnotationState {
    type Err = ReviewError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "open" => Ok(AnnotationState::Open),
            "resolved" => Ok(AnnotationState::Resolved),
            "accepted" => Ok(AnnotationState::Accepted),
            _ => Err(ReviewError::BadTarget(format!(
                "`{s}` is not an annotation state: use open, resolved or accepted"
            ))),
        }
    }
}

/// A reviewer's note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// Unique within the record.
    pub id: AnnotationId,
    /// What it is about.
    pub target: Target,
    /// The current text (multi-line, Chinese as written).
    pub text: String,
    /// The current state.
    pub state: AnnotationState,
    /// Who wrote it first.
    pub author: String,
    /// When it was written.
    pub created: Timestamp,
    /// The revision it was written on.
    pub revision: u32,
    /// Earlier versions (text and state before each edit), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<AnnotationVersion>,
    /// Set when the note was withdrawn: it is kept, and no longer counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Withdrawal>,
}

/// The withdrawal of a note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Withdrawal {
    /// Who withdrew it.
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// The revision it was withdrawn on.
    pub revision: u32,
}

impl Annotation {
    /// When the note was written on an earlier revision than `current`, that revision: the
    /// screen marks such notes as carried over ("written on revision 1").
    pub fn carried_from(&self, current: u32) -> Option<u32> {
        (self.revision < current).then_some(self.revision)
    }
}

/// An earlier version of an annotation, kept when it is edited or its state changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnotationVersion {
    /// The text before the change.
    pub text: String,
    /// The state before the change.
    pub state: AnnotationState,
    /// Who made the change that replaced it.
    pub replaced_by: String,
    /// When.
    pub replaced_at: Timestamp,
    /// The revision the change was made on.
    pub revision: u32,
}

/// What became of the finding a note was written on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fate", content = "revision", rename_all = "snake_case")]
pub enum FindingFate {
    /// The note is not on a finding.
    NotAFinding,
    /// The finding still occurs in the current revision.
    Present,
    /// The finding no longer occurs: fixed in this revision.
    FixedIn(u32),
}

impl Record {
    /// An empty record for an identity.
    pub fn new(identity: Identity) -> Record {
        Record {
            schema: SCHEMA_VERSION,
            identity,
            revisions: Vec::new(),
            annotations: Vec::new(),
            signoffs: Vec::new(),
            readings: Vec::new(),
            audit: Vec::new(),
        }
    }

    /// The revision with this SHA-256, if seen.
    pub fn revision_by_sha(&self, sha256: &str) -> Option<&Revision> {
        self.revisions.iter().find(|r| r.sha256 == sha256)
    }

    /// The revision number of a report's file, if seen.
    pub fn revision_of(&self, report: &Report) -> Option<u32> {
        self.revision_by_sha(&report.source.sha256)
            .map(|r| r.number)
    }

    /// One annotation by id.
    pub fn annotation(&self, id: AnnotationId) -> Option<&Annotation> {
        self.annotations.iter().find(|a| a.id == id)
    }

    /// The annotations on one target, oldest first.
    pub fn annotations_on<'a>(
        &'a self,
        target: &'a Target,
    ) -> impl Iterator<Item = &'a Annotation> {
        self.annotations
            .iter()
            .filter(move |a| same_target(&a.target, target))
    }

    /// How many annotations are open.
    pub fn open_annotations(&self) -> usize {
        self.annotations
            .iter()
            .filter(|a| a.state == AnnotationState::Open && a.withdrawn.is_none())
            .count()
    }

    /// The error findings not settled (`review-states.md`): no accepted or resolved note on
    /// the finding or on a cell it names. These block approval. See [`super::settlement`].
    pub fn unaccepted_errors(&self, findings: &[Finding]) -> Vec<UnacceptedFinding> {
        super::settlement::unsettled_errors(self, findings)
    }

    /// What became of the finding an annotation is on, given the current revision's
    /// findings: still there, or fixed in the first later revision known not to have it.
    pub fn finding_fate(
        &self,
        annotation: &Annotation,
        findings: &[Finding],
        current_revision: u32,
    ) -> FindingFate {
        let Target::Finding { fingerprint, .. } = &annotation.target else {
            return FindingFate::NotAFinding;
        };
        if findings.iter().any(|f| &f.fingerprint == fingerprint) {
            return FindingFate::Present;
        }
        let first_without = self
            .revisions
            .iter()
            .filter(|r| r.number > annotation.revision && r.number <= current_revision)
            .find(|r| {
                r.findings
                    .as_ref()
                    .is_some_and(|fps| !fps.iter().any(|x| x == fingerprint))
            })
            .map(|r| r.number);
        FindingFate::FixedIn(first_without.unwrap_or(current_revision))
    }

    pub(crate) fn next_annotation_id(&self) -> AnnotationId {
        AnnotationId(self.annotations.iter().map(|a| a.id.0).max().unwrap_or(0) + 1)
    }
}

/// Two targets are the same when they name the same thing; a finding is named by its
/// fingerprint alone, since its cells are only kept for display.
fn same_target(a: &Target, b: &Target) -> bool {
    match (a, b) {
        (Target::Finding { fingerprint: x, .. }, Target::Finding { fingerprint: y, .. }) => x == y,
        _ => a == b,
    }
}
