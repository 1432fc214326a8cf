//! `nianbao annotate`: attach a note to a cell, a finding (by rule) or a section of a report,
//! in the review store.

use std::io::Read as _;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use nianbao::Lang;
use nianbao::review::{AnnotationState, Identity, Target};

use super::args::{AnnotateArgs, StateArg};
use super::config::Settings;
use super::review_state::{self, with_file};

/// Run `annotate`: exit 0 when the note is stored, 2 (through `main`) when the report cannot
/// be read, the target is not in it, or the store refuses.
pub fn run(args: &AnnotateArgs, settings: &Settings) -> Result<ExitCode> {
    let lang = settings.lang;
    let text = note_text(&args.text)?;
    let who = review_state::reviewer(settings, lang)?;
    let store = review_state::open_store(settings, lang)?;
    let r = review_state::load(&args.file, args.prior.as_deref(), settings)?;
    let target = with_file(
        Target::resolve(
            &r.report,
            &r.findings,
            args.cell.as_deref(),
            args.rule.as_deref(),
            args.section.as_deref(),
        ),
        &args.file,
        lang,
    )?;
    let record = with_file(
        store.open_report(&r.report, &r.findings, &who),
        &args.file,
        lang,
    )?;
    let state = state_of(args.state);
    let id = with_file(
        store.annotate(&r.report, target.clone(), &text, state, &who),
        &args.file,
        lang,
    )?;
    let revision = record.revision_of(&r.report).unwrap_or(1);
    let identity = Identity::of(&r.report);
    match lang {
        Lang::Zh => println!(
            "已添加批注 {id}（{}）：{} · {} 第 {revision} 版 · {who}",
            state.label(lang),
            target.describe(),
            identity.describe(),
        ),
        Lang::En => println!(
            "added note {id} ({}) on {} · {} revision {revision} · {who}",
            state.label(lang),
            target.describe(),
            identity.describe(),
        ),
    }
    if identity.unidentified {
        eprintln!("{}", file_name_warning(lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// The note: as given, or read from standard input when given as `-` (for notes of several
/// lines written in an editor or a script).
fn note_text(arg: &str) -> Result<String> {
    if arg != "-" {
        return Ok(arg.to_string());
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("--text -: cannot read the note from standard input")?;
    Ok(text.trim_end().to_string())
}

/// The store's state for the flag's.
pub fn state_of(s: StateArg) -> AnnotationState {
    match s {
        StateArg::Open => AnnotationState::Open,
        StateArg::Resolved => AnnotationState::Resolved,
        StateArg::Accepted => AnnotationState::Accepted,
    }
}

/// Said when agency or year was not detected: the record is then keyed by the content hash
/// of what was read, so two such reports never share a record whatever their file names.
pub fn file_name_warning(lang: Lang) -> &'static str {
    lang.pick(
        "注意：报告中未识别出单位名称或年度，审核记录按报告内容的哈希值归档（与文件名无关）；\
         报告内容改动后将另起一份记录。",
        "note: the report's agency or year was not detected, so its review record is keyed by \
         the content hash of what was read (not the file name); a changed report starts another \
         record.",
    )
}
