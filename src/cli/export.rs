//! `nianbao export`: the review memo (整改意见 when returned, 审核意见 otherwise) to send back
//! to the agency, as Markdown or JSON, on standard output or into a file. Reads the store,
//! never writes it.

use std::process::ExitCode;

use anyhow::{Context as _, Result};

use nianbao::memo::Memo;
use nianbao::review::{Record, ReviewError, SignState, Store};

use super::args::{ExportArgs, MemoFormat};
use super::config::Settings;
use super::review_state::{self, with_file};

/// Run `export`: exit 0 when the memo is written, 2 (through `main`) when the report, its
/// prior, the record or the output file cannot be read or written.
pub fn run(args: &ExportArgs, settings: &Settings) -> Result<ExitCode> {
    let lang = settings.lang;
    let r = review_state::load(&args.file, args.prior.as_deref(), settings)?;
    let dir = review_state::store_dir(settings, lang)?;
    // A memo of a report never reviewed says so; it must not create a record or the store.
    let empty = || Record::new(nianbao::review::Identity::of(&r.report));
    let mut tampered = None;
    let record = if dir.is_dir() {
        let store = Store::open(&dir).map_err(|e| anyhow::anyhow!(e.message(lang)))?;
        match store.load_or_empty(&r.report) {
            // Nothing from a tampered record goes into the memo: it says so instead.
            Err(ReviewError::Tampered { tamper, .. }) => {
                tampered = Some(tamper.describe(lang));
                empty()
            }
            other => with_file(other, &args.file, lang)?,
        }
    } else {
        empty()
    };
    let mut memo = Memo::build(&r.report, r.prior.as_ref(), &r.findings, &record, lang);
    if let Some(t) = tampered {
        memo.mark_tampered(t);
    } else if let Some(allowed) = &settings.allowed_signers {
        memo.history.check_signature(&record, allowed);
    }
    let text = match args.format {
        MemoFormat::Md => memo.to_markdown(),
        MemoFormat::Json => serde_json::to_string_pretty(&memo)? + "\n",
    };
    match &args.output {
        Some(path) => super::out::write_file(path, &text)
            .context(lang.pick("无法写入审核意见", "cannot write the memo"))?,
        // A closed pipe (`| head`) ends quietly (in `main`); a full disk is an error.
        None => match args.format {
            MemoFormat::Md => super::out::print(&text, super::style::Style::plain())?,
            MemoFormat::Json => super::out::print_raw(&text)?,
        },
    }
    match memo.state {
        SignState::Stale => super::out::warn(lang.pick(
            "注意：签署后报告、对照的上年报告或审核规则已改动，签署已失效；发出前请重新审核签署。",
            "note: the report, its prior year or the rules changed since the sign-off, so it \
                 is stale; review and sign again before sending this memo.",
        )),
        SignState::Unsigned => super::out::warn(lang.pick(
            "注意：该报告尚未签署，审核意见中的结论为“尚未签署”。",
            "note: the report is not signed yet; the memo says so.",
        )),
        SignState::Tampered => {
            super::out::warn(lang.pick(
                    "注意：该报告的审核记录被改动（记录被改动），审核意见未采用其中任何内容；请用 nianbao verify 查看。",
                    "note: the report's review record was tampered with; the memo uses nothing from it \
                     (see nianbao verify)."));
            return Ok(ExitCode::from(1));
        }
        _ => {}
    }
    Ok(ExitCode::SUCCESS)
}
