//! Sign-off: the reviewer's decision, bound to the exact bytes signed, and the status a
//! report has against it (signed, returned, stale or unsigned).

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::model::Report;
use crate::rules::{Finding, Severity};

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
}

impl SignState {
    /// `unsigned`, `approved`, `returned` or `stale`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignState::Unsigned => "unsigned",
            SignState::Approved => "approved",
            SignState::Returned => "returned",
            SignState::Stale => "stale",
        }
    }

    /// Label for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (SignState::Unsigned, Lang::Zh) => "未签署",
            (SignState::Approved, Lang::Zh) => "已审核通过",
            (SignState::Returned, Lang::Zh) => "已退回修改",
            (SignState::Stale, Lang::Zh) => "签署已失效",
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
                short(signed),
                short(now)
            ),
            StaleReason::PriorChanged { signed, now } => write!(
                f,
                "the prior-year report is not the one signed against (signed {}, now {})",
                signed.as_deref().map(short).unwrap_or("none"),
                short(now)
            ),
            StaleReason::RulesChanged { signed, now } => {
                write!(f, "the rules changed since the sign-off ({signed} → {now})")
            }
        }
    }
}

/// The first 12 hex digits of a hash, for display.
pub(crate) fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// A report's review status: what `nianbao status` prints and the TUI's header shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewStatus {
    /// Signed, returned, stale or unsigned.
    pub state: SignState,
    /// The sign-off in force (also when stale), if any.
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
    /// Error findings with no `accepted` or `resolved` annotation.
    pub unaccepted_errors: Vec<UnacceptedFinding>,
}

impl ReviewStatus {
    /// One line for `nianbao status`: `approved (rev 2, 张三 2024-03-01) · 1 open note ·
    /// 2 errors, 0 unaccepted`.
    pub fn summary(&self, lang: Lang) -> String {
        let mut s = self.state.label(lang).to_string();
        if let Some(so) = &self.signoff {
            let date = so.at.strftime("%Y-%m-%d");
            match lang {
                Lang::Zh => s += &format!("（第 {} 版，{}，{}）", so.revision, so.reviewer, date),
                Lang::En => s += &format!(" (rev {}, {}, {})", so.revision, so.reviewer, date),
            }
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
pub(crate) fn status_of(
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
        };
    };
    let signoff = in_force(record).cloned();
    let mut stale_reasons = Vec::new();
    if let Some(so) = &signoff {
        if so.sha256 != report.source.sha256 {
            stale_reasons.push(StaleReason::ReportChanged {
                signed: so.sha256.clone(),
                now: report.source.sha256.clone(),
            });
        }
        if let Some(p) = prior
            && so.prior_sha256.as_deref() != Some(p.source.sha256.as_str())
        {
            stale_reasons.push(StaleReason::PriorChanged {
                signed: so.prior_sha256.clone(),
                now: p.source.sha256.clone(),
            });
        }
        if let Some(v) = ruleset_version
            && so.ruleset_version != v
        {
            stale_reasons.push(StaleReason::RulesChanged {
                signed: so.ruleset_version.clone(),
                now: v.to_string(),
            });
        }
    }
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
    }
}
