//! The part of the memo that pins the record's history: earlier decisions (a replaced
//! decision stays in the memo), the chain head (the hash of the last audit entry, so the
//! agency's copy pins the history), the sign-off's SSH signature, and the warning for a record
//! that fails verification. Kept apart from the memo's body so each can change alone.

use std::fmt::Write as _;
use std::path::Path;

use jiff::Timestamp;
use serde::Serialize;

use crate::Lang;

use super::Memo;
use crate::review::chain::signing_payload;
use crate::review::sshsig::{self, SignatureCheck};
use crate::review::{AuditEvent, Decision, Record, ReviewStatus, SignState};

/// An earlier decision, replaced or withdrawn since.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemoDecision {
    /// Approve or return.
    pub decision: Decision,
    /// Who.
    pub reviewer: String,
    /// When.
    pub at: Timestamp,
    /// The revision it was made on.
    pub revision: u32,
    /// Its comment.
    pub comment: String,
    /// Whether it was withdrawn (reopened) rather than replaced.
    pub withdrawn: bool,
}

/// The memo's record of history and integrity.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct MemoHistory {
    /// Decisions before the one in force, oldest first.
    pub earlier_decisions: Vec<MemoDecision>,
    /// SHA-256 of the last audit entry of the record.
    pub chain_head: Option<String>,
    /// The signature of the sign-off in force.
    pub signature: Option<SignatureCheck>,
    /// When the decision holds because another file with the same content was signed.
    pub signed_file: Option<String>,
    /// Why the record fails verification (then nothing from it is in the memo).
    pub tampered: Option<String>,
    /// The reviewer's readings of cells the machine could not read, used for this content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<MemoReading>,
}

/// A reviewer's reading of a cell, as the memo gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemoReading {
    /// The cell id.
    pub cell: String,
    /// Where, labelled for people.
    pub location: String,
    /// The value the reviewer read.
    pub value: rust_decimal::Decimal,
    /// The candidates the machine offered.
    pub candidates: Vec<rust_decimal::Decimal>,
    /// Who.
    pub reviewer: String,
    /// Why.
    pub note: String,
}

impl MemoHistory {
    /// Gather it from a verified record and the report's status.
    pub fn of(record: &Record, status: &ReviewStatus) -> MemoHistory {
        let in_force = status.signoff.is_some();
        let n = record.signoffs.len() - usize::from(in_force);
        let earlier_decisions = record.signoffs[..n]
            .iter()
            .map(|s| MemoDecision {
                decision: s.decision,
                reviewer: s.reviewer.clone(),
                at: s.at,
                revision: s.revision,
                comment: s.comment.clone(),
                withdrawn: s.reopened.is_some(),
            })
            .collect();
        let signature = status.signoff.as_ref().map(|so| match &so.signature {
            Some(sig) => SignatureCheck::NotChecked {
                fingerprint: sig.fingerprint.clone(),
            },
            None => SignatureCheck::Unsigned,
        });
        MemoHistory {
            earlier_decisions,
            chain_head: (!record.audit.is_empty()).then(|| record.chain_head()),
            signature,
            signed_file: status.signed_file.clone(),
            tampered: None,
            readings: Vec::new(),
        }
    }

    /// Check the signature of the sign-off in force against an allowed signers file.
    pub fn check_signature(&mut self, record: &Record, allowed_signers: &Path) {
        if !matches!(self.signature, Some(SignatureCheck::NotChecked { .. })) {
            return;
        }
        let entry = record
            .audit
            .iter()
            .rev()
            .find(|e| matches!(e.event, AuditEvent::Signed { .. }));
        if let Some(e) = entry
            && let (Some(payload), Some(sig)) = (signing_payload(e), e.event.signature())
        {
            self.signature = Some(sshsig::verify(allowed_signers, &payload, sig));
        }
    }

    /// The warning at the head of a memo whose record fails verification.
    pub(crate) fn write_tamper_warning(&self, out: &mut String, lang: Lang) {
        if let Some(t) = &self.tampered {
            let _ = match lang {
                Lang::Zh => writeln!(
                    out,
                    "\n> **注意：审核记录被改动（记录被改动），其中的批注和结论均不可信，本意见未采用。** {t}"
                ),
                Lang::En => writeln!(
                    out,
                    "\n> **Warning: the review record was altered outside nianbao (tampered); none of its notes or decisions are used.** {t}"
                ),
            };
        }
    }

    /// The history block near the end of the memo.
    pub(crate) fn write_markdown(&self, out: &mut String, lang: Lang) {
        let zh = lang == Lang::Zh;
        let mut lines = Vec::new();
        for r in &self.readings {
            let candidates = r
                .candidates
                .iter()
                .map(|c| c.normalize().to_string())
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", "));
            lines.push(match lang {
                Lang::Zh => format!(
                    "审核人认定读数：{} 读作 {}{}（{}{}）",
                    r.location,
                    r.value.normalize(),
                    if candidates.is_empty() {
                        String::new()
                    } else {
                        format!("，原文可读作 {candidates}")
                    },
                    r.reviewer,
                    comment_suffix(&r.note, zh)
                ),
                Lang::En => format!(
                    "reviewer's reading: {} reads {}{} ({}{})",
                    r.location,
                    r.value.normalize(),
                    if candidates.is_empty() {
                        String::new()
                    } else {
                        format!("; the text could read {candidates}")
                    },
                    r.reviewer,
                    comment_suffix(&r.note, zh)
                ),
            });
        }
        if let Some(f) = &self.signed_file {
            lines.push(match lang {
                Lang::Zh => format!("已签署（另一文件：{}）：内容相同，结论适用", file_name(f)),
                Lang::En => format!(
                    "signed as another file ({}), with the same content",
                    file_name(f)
                ),
            });
        }
        for d in &self.earlier_decisions {
            let what = if d.withdrawn {
                lang.pick("已撤回", "withdrawn")
            } else {
                lang.pick("已被替换", "replaced")
            };
            let date = d.at.strftime("%Y-%m-%d");
            lines.push(match lang {
                Lang::Zh => format!(
                    "此前的决定（{what}）：{}，{}，{date}，第 {} 版{}",
                    d.decision.label(lang),
                    d.reviewer,
                    d.revision,
                    comment_suffix(&d.comment, zh)
                ),
                Lang::En => format!(
                    "earlier decision ({what}): {}, {}, {date}, revision {}{}",
                    d.decision.label(lang),
                    d.reviewer,
                    d.revision,
                    comment_suffix(&d.comment, zh)
                ),
            });
        }
        if let Some(sig) = self
            .signature
            .as_ref()
            .filter(|s| **s != SignatureCheck::Unsigned)
        {
            lines.push(format!(
                "{}{}",
                lang.pick("签名：", "Signature: "),
                sig.describe(lang)
            ));
        }
        if let Some(h) = &self.chain_head {
            lines.push(format!(
                "{}{h}",
                lang.pick("审核记录链头（SHA-256）：", "Record chain head (SHA-256): ")
            ));
        }
        if lines.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n## {}\n", lang.pick("审核记录", "Review record"));
        for l in lines {
            let _ = writeln!(out, "- {l}");
        }
    }
}

impl Memo {
    /// Make this memo one of a record that fails verification: no decision, no notes, and a
    /// warning saying why. Build it from an empty record first.
    pub fn mark_tampered(&mut self, detail: String) {
        self.state = SignState::Tampered;
        self.decision = None;
        self.reviewer = None;
        self.signed_at = None;
        self.comment = None;
        self.history = MemoHistory {
            tampered: Some(detail),
            ..MemoHistory::default()
        };
    }
}

fn comment_suffix(c: &str, zh: bool) -> String {
    let c = c.trim();
    match (c.is_empty(), zh) {
        (true, _) => String::new(),
        (false, true) => format!("：{}", c.replace('\n', " ")),
        (false, false) => format!(": {}", c.replace('\n', " ")),
    }
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}
