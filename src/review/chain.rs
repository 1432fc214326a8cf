//! The chained audit log: how an entry is hashed, how a change is committed (applied to the
//! state and appended, chained to the entry before), and how a record is verified (the chain
//! is unbroken and replaying it gives exactly the state stored).
//!
//! Every change to a record goes through [`Record::commit`], which applies the event with the
//! same [`apply`] that verification replays: the stored state and the log cannot drift apart
//! except by an edit outside nianbao.

use jiff::Timestamp;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::ReviewError;
use super::audit::{AuditEntry, AuditEvent};
use super::record::{Annotation, AnnotationVersion, Record, Revision, Withdrawal};
use super::sshsig::SshSignature;

/// Why a record fails verification: the entry where the chain breaks (by sequence number),
/// when one can be named, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tamper {
    /// The audit entry at fault (its `seq`), when one can be named.
    pub entry: Option<u64>,
    /// What is wrong.
    pub kind: TamperKind,
}

/// What is wrong with a record that fails verification.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum TamperKind {
    /// An entry's number is not its place in the log.
    Renumbered {
        /// Its place in the log.
        place: usize,
    },
    /// An entry does not carry the hash of the one before it.
    ChainBroken,
    /// An entry's content does not match its hash.
    Edited,
    /// An entry cannot follow the state before it.
    Unreplayable(String),
    /// The state stored is not what the log replays to.
    StateMismatch(String),
}

impl Tamper {
    /// The reason for people, in their language.
    pub fn describe(&self, lang: crate::Lang) -> String {
        if lang == crate::Lang::En {
            return self.to_string();
        }
        let what = match &self.kind {
            TamperKind::Renumbered { place } => {
                format!("编号与其在日志中的位置（第 {place} 条）不符：有记录被删除或挪动")
            }
            TamperKind::ChainBroken => {
                "与前一条记录的哈希不衔接：有记录被删除、插入或挪动".to_string()
            }
            TamperKind::Edited => "写入后被修改（内容与其哈希不符）".to_string(),
            TamperKind::Unreplayable(d) => format!("无法在此前的状态上重放（{d}）"),
            TamperKind::StateMismatch(d) => {
                format!("记录中的{}与审计日志重放的结果不符", part_zh(d))
            }
        };
        match self.entry {
            Some(n) => format!("第 {n} 条审计记录{what}"),
            None => what,
        }
    }
}

/// The part of a record a state mismatch names, in Chinese.
fn part_zh(part: &str) -> String {
    if let Some(id) = part.strip_prefix("note ") {
        return format!("批注 {id}");
    }
    if let Some(n) = part.strip_prefix("sign-off ") {
        return format!("第 {n} 次签署");
    }
    match part {
        "revisions" => "版本列表".into(),
        "number of notes" => "批注数量".into(),
        "number of sign-offs" => "签署次数".into(),
        "reviewer's readings" => "审核人读数".into(),
        other => other.into(),
    }
}

impl std::fmt::Display for Tamper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(n) = self.entry {
            write!(f, "audit entry {n} ")?;
        }
        match &self.kind {
            TamperKind::Renumbered { place } => write!(
                f,
                "is not numbered as its place in the log ({place}): an entry was deleted or moved"
            ),
            TamperKind::ChainBroken => write!(
                f,
                "does not follow the entry before it (its `prev` hash differs): an entry was \
                 deleted, inserted or moved"
            ),
            TamperKind::Edited => write!(
                f,
                "was edited after it was written (its content no longer matches its hash)"
            ),
            TamperKind::Unreplayable(d) => write!(f, "cannot be replayed: it {d}"),
            TamperKind::StateMismatch(d) => {
                write!(f, "the record's {d} does not match its audit log")
            }
        }
    }
}

/// The value the first entry's `prev` carries: the hash of the record's identity key, so a
/// record moved under another identity does not verify either.
pub(crate) fn genesis(key: &str) -> String {
    sha256_hex(format!("nianbao-record-2\n{key}").as_bytes())
}

/// The part of an entry its hash covers, in a fixed field order.
#[derive(Serialize)]
struct Body<'a> {
    seq: u64,
    at: &'a Timestamp,
    who: &'a str,
    event: &'a AuditEvent,
    prev: &'a str,
}

fn body_bytes(e: &AuditEntry, event: &AuditEvent) -> Vec<u8> {
    serde_json::to_vec(&Body {
        seq: e.seq,
        at: &e.at,
        who: &e.who,
        event,
        prev: &e.prev,
    })
    .unwrap_or_default()
}

/// The SHA-256 of an entry: its seq, time, author, event and `prev`, as canonical JSON.
pub(crate) fn entry_hash(e: &AuditEntry) -> String {
    sha256_hex(&body_bytes(e, &e.event))
}

/// What a sign-off's signature is made over: its entry's canonical bytes with the signature
/// left out (it cannot cover itself). `None` for entries that are not sign-offs.
pub fn signing_payload(e: &AuditEntry) -> Option<Vec<u8>> {
    let AuditEvent::Signed { signoff } = &e.event else {
        return None;
    };
    let mut unsigned = signoff.clone();
    unsigned.signature = None;
    Some(body_bytes(e, &AuditEvent::Signed { signoff: unsigned }))
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    crate::model::hex(&Sha256::digest(bytes))
}

impl Record {
    /// The hash of the last entry: the chain head a memo prints so the agency's copy pins the
    /// history.
    pub fn chain_head(&self) -> String {
        self.audit
            .last()
            .map(|e| e.hash.clone())
            .unwrap_or_else(|| genesis(&self.identity.key))
    }

    /// Apply a change and append it to the log, chained to the entry before.
    pub(crate) fn commit(
        &mut self,
        at: Timestamp,
        who: &str,
        event: AuditEvent,
    ) -> Result<(), ReviewError> {
        self.commit_signed(at, who, event, |_| Ok(None))
    }

    /// Like [`Record::commit`], for a sign-off that may be signed: `sign` gets the entry's
    /// signing payload and returns the signature to put in it.
    pub(crate) fn commit_signed(
        &mut self,
        at: Timestamp,
        who: &str,
        event: AuditEvent,
        sign: impl FnOnce(&[u8]) -> Result<Option<SshSignature>, ReviewError>,
    ) -> Result<(), ReviewError> {
        let mut entry = AuditEntry {
            seq: self.audit.last().map_or(1, |e| e.seq + 1),
            at,
            who: who.to_string(),
            event,
            prev: self.chain_head(),
            hash: String::new(),
        };
        if let Some(payload) = signing_payload(&entry)
            && let Some(sig) = sign(&payload)?
            && let AuditEvent::Signed { signoff } = &mut entry.event
        {
            signoff.signature = Some(sig);
        }
        apply(self, &entry).map_err(|detail| ReviewError::Internal(detail.to_string()))?;
        entry.hash = entry_hash(&entry);
        self.audit.push(entry);
        Ok(())
    }
}

/// Check a record: the chain is unbroken from its identity, each entry's hash is right, and
/// replaying the log gives exactly the state stored.
pub fn verify(record: &Record) -> Result<(), Tamper> {
    let mut replay = Record::new(record.identity.clone());
    let mut prev = genesis(&record.identity.key);
    for (i, e) in record.audit.iter().enumerate() {
        let at = |kind: TamperKind| Tamper {
            entry: Some(e.seq),
            kind,
        };
        if e.seq != i as u64 + 1 {
            return Err(at(TamperKind::Renumbered { place: i + 1 }));
        }
        if e.prev != prev {
            return Err(at(TamperKind::ChainBroken));
        }
        if e.hash != entry_hash(e) {
            return Err(at(TamperKind::Edited));
        }
        apply(&mut replay, e).map_err(|d| at(TamperKind::Unreplayable(d)))?;
        prev = e.hash.clone();
    }
    compare_state(&replay, record)
}

/// The parts of the stored state that differ from the replayed one.
fn compare_state(replay: &Record, stored: &Record) -> Result<(), Tamper> {
    let differs = |what: String| {
        Err(Tamper {
            entry: None,
            kind: TamperKind::StateMismatch(what),
        })
    };
    if replay.revisions != stored.revisions {
        return differs("revisions".into());
    }
    if replay.annotations.len() != stored.annotations.len() {
        return differs("number of notes".into());
    }
    for (r, s) in replay.annotations.iter().zip(&stored.annotations) {
        if r != s {
            return differs(format!("note {}", s.id));
        }
    }
    if replay.signoffs.len() != stored.signoffs.len() {
        return differs("number of sign-offs".into());
    }
    for (i, (r, s)) in replay.signoffs.iter().zip(&stored.signoffs).enumerate() {
        if r != s {
            return differs(format!("sign-off {}", i + 1));
        }
    }
    if replay.readings != stored.readings {
        return differs("reviewer's readings".into());
    }
    Ok(())
}

/// Apply one entry to a record's state. Errs when the entry cannot follow the state (a note
/// that does not exist, a revision out of order): the log then does not describe the record.
pub(crate) fn apply(state: &mut Record, e: &AuditEntry) -> Result<(), String> {
    let (at, who) = (e.at, e.who.as_str());
    match &e.event {
        AuditEvent::RevisionAdded {
            revision,
            sha256,
            path,
            content_hash,
        } => {
            if *revision as usize != state.revisions.len() + 1 {
                return Err(format!("adds revision {revision} out of order"));
            }
            state.revisions.push(Revision {
                number: *revision,
                sha256: sha256.clone(),
                path: path.clone(),
                first_seen: at,
                seen_by: who.to_string(),
                findings: None,
                content_hash: content_hash.clone(),
            });
        }
        AuditEvent::FindingsNoted { revision, findings } => {
            let r = state
                .revisions
                .iter_mut()
                .find(|r| r.number == *revision)
                .ok_or_else(|| format!("names revision {revision}, which does not exist"))?;
            r.findings = Some(findings.clone());
        }
        AuditEvent::Annotated { .. }
        | AuditEvent::Edited { .. }
        | AuditEvent::StateChanged { .. }
        | AuditEvent::Withdrawn { .. } => apply_note(state, &e.event, at, who)?,
        AuditEvent::Signed { signoff } => state.signoffs.push((**signoff).clone()),
        AuditEvent::Reopened { revision, reason } => {
            let last = state
                .signoffs
                .last_mut()
                .filter(|s| s.reopened.is_none() && s.revision == *revision)
                .ok_or("reopens a sign-off that is not in force")?;
            last.reopened = Some(super::signoff::Reopening {
                by: who.to_string(),
                at,
                reason: reason.clone(),
            });
        }
        AuditEvent::Read { reading } => state.readings.push(reading.clone()),
        AuditEvent::Migrated {
            revisions,
            annotations,
            signoffs,
            ..
        } => {
            if e.seq != 1 {
                return Err("a migration that is not the first entry".into());
            }
            state.revisions = revisions.clone();
            state.annotations = annotations.clone();
            state.signoffs = signoffs.clone();
        }
    }
    Ok(())
}

/// Apply an event that writes or changes a note.
fn apply_note(
    state: &mut Record,
    event: &AuditEvent,
    at: Timestamp,
    who: &str,
) -> Result<(), String> {
    match event {
        AuditEvent::Annotated {
            id,
            target,
            state: note_state,
            revision,
            text,
        } => {
            if state.annotation(*id).is_some() {
                return Err(format!("writes note {id} twice"));
            }
            state.annotations.push(Annotation {
                id: *id,
                target: target.clone(),
                text: text.clone(),
                state: *note_state,
                author: who.to_string(),
                created: at,
                revision: *revision,
                history: Vec::new(),
                withdrawn: None,
            });
        }
        AuditEvent::Edited { id, revision, text } => {
            let a = note(state, *id)?;
            keep_version(a, who, at, *revision);
            a.text = text.clone();
        }
        AuditEvent::StateChanged {
            id,
            from,
            to,
            revision,
        } => {
            let a = note(state, *id)?;
            if a.state != *from {
                return Err(format!("changes note {id} from a state it was not in"));
            }
            keep_version(a, who, at, *revision);
            a.state = *to;
        }
        AuditEvent::Withdrawn { id, revision } => {
            let a = note(state, *id)?;
            a.withdrawn = Some(Withdrawal {
                by: who.to_string(),
                at,
                revision: *revision,
            });
        }
        _ => {}
    }
    Ok(())
}

fn note(state: &mut Record, id: super::AnnotationId) -> Result<&mut Annotation, String> {
    state
        .annotations
        .iter_mut()
        .find(|a| a.id == id)
        .ok_or_else(|| format!("names note {id}, which does not exist"))
}

fn keep_version(a: &mut Annotation, who: &str, at: Timestamp, revision: u32) {
    a.history.push(AnnotationVersion {
        text: a.text.clone(),
        state: a.state,
        replaced_by: who.to_string(),
        replaced_at: at,
        revision,
    });
}
