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
    if let (Some(value), Some(cell)) = (&args.value, &args.cell) {
        return read_cell(
            &r.report, cell, value, &text, &who, &store, lang, &args.file,
        );
    }
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
        Lang::Zh => super::out::line(&format!(
            "已添加批注 {id}（{}）：{} · {} 第 {revision} 版 · {who}",
            state.label(lang),
            target.describe(),
            identity.describe(),
        )),
        Lang::En => super::out::line(&format!(
            "added note {id} ({}) on {} · {} revision {revision} · {who}",
            state.label(lang),
            target.describe(),
            identity.describe(),
        )),
    }?;
    if identity.unidentified {
        super::out::warn(file_name_warning(lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// `annotate --cell ID --value V`: the reviewer's reading of a cell the machine could not read.
#[allow(clippy::too_many_arguments)]
fn read_cell(
    report: &nianbao::Report,
    cell: &str,
    value: &str,
    note: &str,
    who: &str,
    store: &nianbao::review::Store,
    lang: Lang,
    file: &std::path::Path,
) -> Result<ExitCode> {
    let v: rust_decimal::Decimal = value.trim().parse().map_err(|_| {
        anyhow::anyhow!(
            "{}: {}",
            file.display(),
            match lang {
                Lang::Zh => format!("--value「{value}」不是数字：请写阿拉伯数字，如 12 或 3.5"),
                Lang::En =>
                    format!("--value `{value}` is not a number: write digits, such as 12 or 3.5"),
            }
        )
    })?;
    let reading = with_file(store.record_reading(report, cell, v, note, who), file, lang)?;
    let candidates = reading
        .candidates
        .iter()
        .map(|c| c.normalize().to_string())
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "));
    match lang {
        Lang::Zh => println!(
            "已记录审核人读数：{cell} 读作 {}（第 {} 版{}）· {who}；规则将按此值核对",
            v.normalize(),
            reading.revision,
            if candidates.is_empty() {
                String::new()
            } else {
                format!("，候选 {candidates}")
            }
        ),
        Lang::En => println!(
            "recorded the reviewer's reading: {cell} reads {} (revision {}{}) · {who}; the rules use it",
            v.normalize(),
            reading.revision,
            if candidates.is_empty() {
                String::new()
            } else {
                format!(", candidates {candidates}")
            }
        ),
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
