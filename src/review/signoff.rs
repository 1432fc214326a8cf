//! Sign-off: the reviewer's decision, bound to the exact bytes signed, and the status a
//! report has against it (signed, returned, stale or unsigned).

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::model::Report;
use crate::rules::{Finding, Severity};

use super::sshsig::SshSignature;
use super::{Record, UnacceptedFinding};

/// The reviewer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The report is accepted as it is.
    Approve,
    /// The report is sent back to the agency for revision.
    Return,
}

impl Decision {
    /// `approve` or `return`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Return => "return",
        }
    }

    /// Label for people: 审核通过 / 退回修改.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Decision::Approve, Lang::Zh) => "审核通过",
            (Decision::Return, Lang::Zh) => "退回修改",
            (Decision::Approve, Lang::En) => "approved",
            (Decision::Return, Lang::En) => "returned for revision",
        }
    }
}

/// A sign-off, bound to what was signed: the report's bytes, the prior report's bytes and the
/// rule set's version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignOff {
    /// Approve or return.
    pub decision: Decision,
    /// Who signed.
    pub reviewer: String,
    /// When.
    pub at: Timestamp,
    /// The reviewer's comment (multi-line).
    pub comment: String,
    /// The revision signed.
    pub revision: u32,
    /// SHA-256 of the report's bytes as signed.
    pub sha256: String,
    /// SHA-256 of the prior-year report it was checked against, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_sha256: Option<String>,
    /// The rule set's version the findings came from.
    pub ruleset_version: String,
    /// Set when the sign-off was withdrawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reopened: Option<Reopening>,
    /// The content hash of the report as signed: another file that reads the same holds the
    /// same decision. Absent in sign-offs made before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
    /// The content hash of the prior-year report it was checked against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_content_hash: Option<String>,
    /// The reviewer's SSH signature over the sign-off's audit entry, when a signing key is
    /// configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<SshSignature>,
}

/// The withdrawal of a sign-off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reopening {
    /// Who reopened.
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// Why.
    pub reason: String,
}

/// Where a report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignState {
    /// No sign-off in force.
    Unsigned,
    /// Approved, and the file is the one approved.
    Approved,
    /// Returned for revision, and the file is the one returned.
    Returned,
    /// Signed, but what was signed is no longer what is on disk: never valid.
    Stale,
    /// The record fails verification (`nianbao verify`): nothing in it is trusted.
    Tampered,
}

impl SignState {
    /// `unsigned`, `approved`, `returned` or `stale`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignState::Unsigned => "unsigned",
            SignState::Approved => "approved",
            SignState::Returned => "returned",
            SignState::Stale => "stale",
            SignState::Tampered => "tampered",
        }
    }

    /// Label for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (SignState::Unsigned, Lang::Zh) => "未签署",
            (SignState::Approved, Lang::Zh) => "已审核通过",
            (SignState::Returned, Lang::Zh) => "已退回修改",
            (SignState::Stale, Lang::Zh) => "签署已失效",
            (SignState::Tampered, Lang::Zh) => "记录被改动",
            (SignState::Tampered, Lang::En) => "record tampered",
            (SignState::Unsigned, Lang::En) => "unsigned",
            (SignState::Approved, Lang::En) => "approved",
            (SignState::Returned, Lang::En) => "returned",
            (SignState::Stale, Lang::En) => "stale",
        }
    }
}

/// Why a sign-off no longer holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum StaleReason {
    /// The report file is no longer the revision signed.
    ReportChanged {
        /// SHA-256 signed.
        signed: String,
        /// SHA-256 of the file now.
        now: String,
    },
    /// The prior-year report is not the one checked against.
    PriorChanged {
        /// SHA-256 signed (None: signed without a prior).
        signed: Option<String>,
        /// SHA-256 given now.
        now: String,
    },
    /// The rules changed since the sign-off.
    RulesChanged {
        /// Version signed under.
        signed: String,
        /// Version now.
        now: String,
    },
}

impl fmt::Display for StaleReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StaleReason::ReportChanged { signed, now } => write!(
                f,
                "the report changed since it was signed (signed {}, now {})",
                short_hash(signed),
                short_hash(now)
            ),
            StaleReason::PriorChanged { signed, now } => write!(
                f,
                "the prior-year report is not the one signed against (signed {}, now {})",
                signed.as_deref().map(short_hash).unwrap_or("none"),
                short_hash(now)
            ),
            StaleReason::RulesChanged { signed, now } => {
                write!(f, "the rules changed since the sign-off ({signed} → {now})")
            }
        }
    }
}

/// The first 12 hex digits of a hash, for display.
pub fn short_hash(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// A report's review status: what `nianbao status` prints and the TUI's header shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewStatus {
    /// Signed, returned, stale, tampered or unsigned.
    pub state: SignState,
    /// The sign-off in force (also when stale), if any; never for a tampered record.
    pub signoff: Option<SignOff>,
    /// Why the sign-off is stale (empty unless `state` is `Stale`).
    pub stale_reasons: Vec<StaleReason>,
    /// The revision number of the file given, if the record has seen it.
    pub revision: Option<u32>,
    /// How many revisions the record has seen.
    pub revisions: u32,
    /// Annotations still open.
    pub open_annotations: usize,
    /// Error findings.
    pub errors: usize,
    /// Error findings not settled (no accepted or resolved note on them or their cells).
    pub unaccepted_errors: Vec<UnacceptedFinding>,
    /// When the decision holds for this file because another file with the same content was
    /// signed: that file's path (`已签署（另一文件：NAME）`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_file: Option<String>,
    /// Why the record fails verification, when `state` is `Tampered`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tampered: Option<super::Tamper>,
}

impl ReviewStatus {
    /// The status of a report whose record fails verification: nothing from it is used, so
    /// every error counts as unsettled and no decision holds.
    pub fn tampered(findings: &[Finding], detail: super::Tamper) -> ReviewStatus {
        let empty = Record::new(super::Identity {
            key: String::new(),
            agency: None,
            year: None,
            unidentified: false,
        });
        ReviewStatus {
            state: SignState::Tampered,
            signoff: None,
            stale_reasons: Vec::new(),
            revision: None,
            revisions: 0,
            open_annotations: 0,
            errors: findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count(),
            unaccepted_errors: empty.unaccepted_errors(findings),
            signed_file: None,
            tampered: Some(detail),
        }
    }

    /// The state for people: the state's label, or `已签署（另一文件：NAME）` with the decision
    /// when another file with the same content was signed.
    pub fn state_label(&self, lang: Lang) -> String {
        match (&self.signed_file, &self.signoff) {
            (Some(file), Some(so)) => {
                let name = std::path::Path::new(file)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| file.clone());
                match lang {
                    Lang::Zh => format!("已签署（另一文件：{name}）：{}", so.decision.label(lang)),
                    Lang::En => format!(
                        "signed as another file ({name}): {}",
                        so.decision.label(lang)
                    ),
                }
            }
            _ => self.state.label(lang).to_string(),
        }
    }

    /// One line for `nianbao status`: `approved (rev 2, 张三 2024-03-01) · 1 open note ·
    /// 2 errors, 0 unaccepted`.
    pub fn summary(&self, lang: Lang) -> String {
        let mut s = self.state_label(lang);
        if let Some(so) = &self.signoff {
            let date = so.at.strftime("%Y-%m-%d");
            match lang {
                Lang::Zh => s += &format!("（第 {} 版，{}，{}）", so.revision, so.reviewer, date),
                Lang::En => s += &format!(" (rev {}, {}, {})", so.revision, so.reviewer, date),
            }
        }
        if let Some(t) = &self.tampered {
            s += &format!(" · {}", t.describe(lang));
            return s;
        }
        match lang {
            Lang::Zh => {
                s += &format!(
                    " · 待处理批注 {} 条 · 错误 {} 项，未接受 {} 项",
                    self.open_annotations,
                    self.errors,
                    self.unaccepted_errors.len()
                )
            }
            Lang::En => {
                s += &format!(
                    " · {} open note(s) · {} error(s), {} unaccepted",
                    self.open_annotations,
                    self.errors,
                    self.unaccepted_errors.len()
                )
            }
        }
        for r in &self.stale_reasons {
            s += &format!(" · {r}");
        }
        s
    }
}

/// The sign-off in force: the last one, unless it was reopened.
pub(crate) fn in_force(record: &Record) -> Option<&SignOff> {
    record.signoffs.last().filter(|s| s.reopened.is_none())
}

/// Compute a report's status from its record (None: never opened).
pub fn status_of(
    record: Option<&Record>,
    report: &Report,
    prior: Option<&Report>,
    findings: &[Finding],
    ruleset_version: Option<&str>,
) -> ReviewStatus {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let Some(record) = record else {
        return ReviewStatus {
            state: SignState::Unsigned,
            signoff: None,
            stale_reasons: Vec::new(),
            revision: None,
            revisions: 0,
            open_annotations: 0,
            errors,
            unaccepted_errors: Record::new(super::Identity::of(report)).unaccepted_errors(findings),
            signed_file: None,
            tampered: None,
        };
    };
    let signoff = in_force(record).cloned();
    let (stale_reasons, signed_file) = match &signoff {
        Some(so) => staleness(record, so, report, prior, ruleset_version),
        None => (Vec::new(), None),
    };
    let state = match &signoff {
        None => SignState::Unsigned,
        Some(_) if !stale_reasons.is_empty() => SignState::Stale,
        Some(so) if so.decision == Decision::Approve => SignState::Approved,
        Some(_) => SignState::Returned,
    };
    ReviewStatus {
        state,
        signoff,
        stale_reasons,
        revision: record.revision_of(report),
        revisions: record.revisions.len() as u32,
        open_annotations: record.open_annotations(),
        errors,
        unaccepted_errors: record.unaccepted_errors(findings),
        signed_file,
        tampered: None,
    }
}

/// Why a sign-off does not hold for this file (empty: it holds), and, when it holds because
/// another file with the same content was signed, that file. A sign-off goes stale only when
/// the content read, the prior year's report (by content) or the rules changed.
fn staleness(
    record: &Record,
    so: &SignOff,
    report: &Report,
    prior: Option<&Report>,
    ruleset_version: Option<&str>,
) -> (Vec<StaleReason>, Option<String>) {
    let mut reasons = Vec::new();
    let mut signed_file = None;
    if so.sha256 != report.source.sha256 {
        let same_content = so
            .content_hash
            .as_deref()
            .is_some_and(|h| h == report.content_hash());
        let signed_path = record.revision_by_sha(&so.sha256).map(|r| r.path.as_str());
        // Another file that reads the same holds the decision; the file signed, changed in
        // place after the sign-off, does not: the signed document itself was altered.
        let edited_in_place = signed_path.is_some_and(|p| same_file(p, &report.source.path));
        if same_content && !edited_in_place {
            signed_file = Some(signed_path.unwrap_or(&so.sha256).to_string());
        } else {
            reasons.push(StaleReason::ReportChanged {
                signed: so.sha256.clone(),
                now: report.source.sha256.clone(),
            });
        }
    }
    if let Some(p) = prior
        && so.prior_sha256.as_deref() != Some(p.source.sha256.as_str())
        && so.prior_content_hash.as_deref() != Some(p.content_hash().as_str())
    {
        reasons.push(StaleReason::PriorChanged {
            signed: so.prior_sha256.clone(),
            now: p.source.sha256.clone(),
        });
    }
    if let Some(v) = ruleset_version
        && so.ruleset_version != v
    {
        reasons.push(StaleReason::RulesChanged {
            signed: so.ruleset_version.clone(),
            now: v.to_string(),
        });
    }
    (reasons, signed_file)
}

/// Whether two paths name the same file: the same text, or the same file once resolved.
fn same_file(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
