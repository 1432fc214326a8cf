//! `nianbao verify`: replay every review record (or those of the reports named) and check its
//! chain of hashes, its state against the replay, and its sign-offs' SSH signatures when the
//! config names an `allowed_signers` file.
//!
//! Exit status: 0 every record intact; 1 a record was altered (record and entry named); 2 a
//! record or a report could not be read.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde_json::json;

use nianbao::Lang;
use nianbao::review::chain::signing_payload;
use nianbao::review::sshsig::{self, SignatureCheck};
use nianbao::review::{Record, ReviewError, read_record_file};

use super::args::VerifyArgs;
use super::config::Settings;
use super::review_state;

/// What checking one record gave.
enum Outcome {
    Intact {
        record: Record,
        old_format: bool,
        signatures: Vec<(u64, SignatureCheck)>,
    },
    NoRecord,
    Altered(String),
    Unreadable(String),
}

/// Run `verify`.
pub fn run(args: &VerifyArgs, settings: &Settings) -> Result<ExitCode> {
    let lang = settings.lang;
    let dir = review_state::store_dir(settings, lang)?;
    if !dir.is_dir() {
        bail!(
            "{}: {}",
            dir.display(),
            lang.pick(
                "审核记录目录不存在，无可核验的记录",
                "no review store here, so nothing to verify"
            )
        );
    }
    let store = review_state::open_store(settings, lang)?;
    let targets: Vec<(PathBuf, Option<PathBuf>)> = if args.files.is_empty() {
        store
            .record_files()
            .map_err(|e| anyhow::anyhow!(e.message(lang)))?
            .into_iter()
            .map(|p| (p, None))
            .collect()
    } else {
        let mut t = Vec::new();
        for f in &args.files {
            match nianbao::load(f) {
                Ok(report) => t.push((store.record_path(&report), Some(f.clone()))),
                Err(e) => {
                    eprintln!("nianbao: {e}");
                    t.push((f.clone(), None));
                }
            }
        }
        t
    };
    let (mut altered, mut unreadable) = (0, 0);
    for (path, report) in &targets {
        let outcome = if args.files.is_empty() || report.is_some() {
            check(path, report.is_some(), settings)
        } else {
            Outcome::Unreadable(
                lang.pick("报告无法读取", "the report cannot be read")
                    .into(),
            )
        };
        match &outcome {
            Outcome::Altered(_) => altered += 1,
            Outcome::Unreadable(_) => unreadable += 1,
            _ => {}
        }
        let shown = report.as_deref().unwrap_or(path);
        if args.json {
            println!("{}", json_line(path, report.as_deref(), &outcome, lang));
        } else {
            println!("{}", human_line(shown, &outcome, lang));
        }
    }
    if !args.json {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "核验 {} 份审核记录：被改动 {altered} 份，无法读取 {unreadable} 份",
                    targets.len()
                ),
                Lang::En => format!(
                    "{} record(s) verified: {altered} altered, {unreadable} unreadable",
                    targets.len()
                ),
            }
        );
    }
    Ok(ExitCode::from(if unreadable > 0 {
        2
    } else if altered > 0 {
        1
    } else {
        0
    }))
}

/// Check one record file (`by_report`: named through its report, so a missing file is a
/// report never reviewed, not an error).
fn check(path: &Path, by_report: bool, settings: &Settings) -> Outcome {
    let lang = settings.lang;
    if by_report && !path.exists() {
        return Outcome::NoRecord;
    }
    match read_record_file(path) {
        Ok((record, old_format)) => {
            // A record copied over another report's file verifies as a chain, but not there.
            let expected = format!("{}.json", record.identity.file_stem());
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy() != expected)
            {
                return Outcome::Altered(match lang {
                    Lang::Zh => format!(
                        "记录属于「{}」，应存为 {expected}：被复制或改名到了别的报告名下",
                        record.identity.describe()
                    ),
                    Lang::En => format!(
                        "the record belongs to `{}` and is filed as {expected}: it was copied or \
                         renamed over another report's",
                        record.identity.describe()
                    ),
                });
            }
            let signatures = signatures(&record, settings.allowed_signers.as_deref());
            if let Some((seq, bad)) = signatures
                .iter()
                .find(|(_, s)| matches!(s, SignatureCheck::Bad { .. }))
            {
                return Outcome::Altered(match lang {
                    Lang::Zh => format!("第 {seq} 条审计记录（签署）{}", bad.describe(lang)),
                    Lang::En => format!("audit entry {seq} (sign-off): {}", bad.describe(lang)),
                });
            }
            Outcome::Intact {
                record,
                old_format,
                signatures,
            }
        }
        Err(ReviewError::Tampered { tamper, .. }) => Outcome::Altered(tamper.describe(lang)),
        Err(e) => Outcome::Unreadable(e.message(lang)),
    }
}

/// Each signed sign-off's signature, checked against the allowed signers when given.
fn signatures(record: &Record, allowed: Option<&Path>) -> Vec<(u64, SignatureCheck)> {
    record
        .audit
        .iter()
        .filter_map(|e| {
            let sig = e.event.signature()?;
            let check = match (allowed, signing_payload(e)) {
                (Some(a), Some(payload)) => sshsig::verify(a, &payload, sig),
                _ => SignatureCheck::NotChecked {
                    fingerprint: sig.fingerprint.clone(),
                },
            };
            Some((e.seq, check))
        })
        .collect()
}

/// Text from a record or a file name shown on a terminal: control characters and bidi
/// overrides written visibly (`\u{1b}`), so a record cannot move the cursor or forge a line.
/// (The coordinator may switch this to the shared sanitiser.)
fn visible(s: &str) -> String {
    s.chars()
        .map(|c| {
            let hidden = c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if hidden {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn human_line(shown: &Path, outcome: &Outcome, lang: Lang) -> String {
    let name = visible(&shown.display().to_string());
    match outcome {
        Outcome::Intact {
            record,
            old_format,
            signatures,
        } => {
            let head = record.chain_head();
            let mut s = match lang {
                Lang::Zh => format!(
                    "完好\t{name}\t{}\t审计记录 {} 条，链头 {}",
                    visible(&record.identity.describe()),
                    record.audit.len(),
                    &head[..16]
                ),
                Lang::En => format!(
                    "intact\t{name}\t{}\t{} audit entries, chain head {}",
                    visible(&record.identity.describe()),
                    record.audit.len(),
                    &head[..16]
                ),
            };
            if *old_format {
                s += lang.pick(
                    "（旧格式，下次修改时迁移）",
                    " (earlier format, migrated on the next change)",
                );
            }
            for (seq, sig) in signatures {
                s += &match lang {
                    Lang::Zh => format!("；第 {seq} 条签署：{}", sig.describe(lang)),
                    Lang::En => format!("; sign-off entry {seq}: {}", sig.describe(lang)),
                };
            }
            s
        }
        Outcome::NoRecord => format!(
            "{}\t{name}",
            lang.pick("尚无审核记录", "no review record yet")
        ),
        Outcome::Altered(why) => format!(
            "{}\t{name}\t{}",
            lang.pick("记录被改动", "ALTERED"),
            visible(why)
        ),
        Outcome::Unreadable(why) => {
            format!(
                "{}\t{name}\t{}",
                lang.pick("无法读取", "unreadable"),
                visible(why)
            )
        }
    }
}

fn json_line(path: &Path, report: Option<&Path>, outcome: &Outcome, lang: Lang) -> String {
    let (state, detail, entries, head) = match outcome {
        Outcome::Intact { record, .. } => (
            "intact",
            None,
            Some(record.audit.len()),
            Some(record.chain_head()),
        ),
        Outcome::NoRecord => ("no_record", None, None, None),
        Outcome::Altered(d) => ("altered", Some(d.clone()), None, None),
        Outcome::Unreadable(d) => ("unreadable", Some(d.clone()), None, None),
    };
    let signatures: Vec<serde_json::Value> = match outcome {
        Outcome::Intact { signatures, .. } => signatures
            .iter()
            .map(|(seq, s)| json!({"entry": seq, "check": s, "text": s.describe(lang)}))
            .collect(),
        _ => Vec::new(),
    };
    json!({
        "record": path.display().to_string(),
        "report": report.map(|r| r.display().to_string()),
        "state": state,
        "detail": detail,
        "entries": entries,
        "chain_head": head,
        "signatures": signatures,
    })
    .to_string()
}
