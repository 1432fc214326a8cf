//! `nianbao status`: where each report's review stands (approved, returned, stale or
//! unsigned), with its open notes and error findings: one line per report, or one JSON object
//! per line with `--json`.
//!
//! Exit status: 0, or 2 when a report or its review record could not be read (the others are
//! still shown).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use jiff::tz::TimeZone;
use rayon::prelude::*;
use serde_json::{Value, json};

use nianbao::review::{Identity, Record, ReviewStatus, SignState, StaleReason, Store};
use nianbao::{Lang, vocab};

use super::args::StatusArgs;
use super::config::Settings;
use super::inputs;
use super::review_state::{self, Reviewed};
use super::style::Style;

struct Row {
    path: String,
    reviewed: Reviewed,
    status: ReviewStatus,
}

/// Run `status`.
pub fn run(args: &StatusArgs, settings: &Settings) -> Result<ExitCode> {
    let lang = settings.lang;
    let paths = inputs::expand(&args.inputs, lang);
    if paths.is_empty() {
        bail!(
            "{}",
            lang.pick(
                "输入中没有找到报告文件",
                "no report files found in the inputs given"
            )
        );
    }
    // Reading never creates the store: a missing folder means nothing was reviewed yet.
    let dir = review_state::store_dir(settings, lang)?;
    let store = if dir.is_dir() {
        Some(review_state::open_store(settings, lang)?)
    } else {
        None
    };
    let priors = priors(&paths);
    let version = settings.rules.version();
    let results: Vec<Result<Row, String>> = paths
        .par_iter()
        .zip(priors.par_iter())
        .map(|(path, prior)| one(path, prior.as_ref(), store.as_ref(), &version, settings))
        .collect();
    let mut failed = false;
    let mut rows = Vec::new();
    for r in results {
        match r {
            Ok(row) => rows.push(row),
            Err(e) => {
                failed = true;
                super::out::warn_line(&format!("nianbao: {e}"));
            }
        }
    }
    if args.json {
        for row in &rows {
            super::out::print_raw(&format!("{}\n", json_line(row)))?;
        }
    } else if !rows.is_empty() {
        let style = Style::detect();
        super::out::print(&table(&rows, lang, style), style)?;
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Each input's prior year: the same agency's among the inputs, else one found beside it.
fn priors(paths: &[PathBuf]) -> Vec<Option<PathBuf>> {
    let among: Vec<Option<usize>> = if paths.len() > 1 {
        inputs::pair(&inputs::identities(paths))
    } else {
        vec![None]
    };
    among
        .into_iter()
        .map(|i| i.map(|i| paths[i].clone()))
        .collect()
}

fn one(
    path: &std::path::Path,
    prior: Option<&PathBuf>,
    store: Option<&Store>,
    version: &str,
    settings: &Settings,
) -> Result<Row, String> {
    let reviewed = review_state::load(path, prior.map(PathBuf::as_path), settings)
        .map_err(|e| format!("{e:#}"))?;
    let status = match store {
        Some(s) => s
            .status(
                &reviewed.report,
                reviewed.prior.as_ref(),
                &reviewed.findings,
                Some(version),
            )
            .map_err(|e| format!("{}: {}", path.display(), e.message(settings.lang)))?,
        None => never_reviewed(&reviewed),
    };
    Ok(Row {
        path: path.display().to_string(),
        reviewed,
        status,
    })
}

/// The status of a report when the store folder does not exist yet.
fn never_reviewed(r: &Reviewed) -> ReviewStatus {
    let errors = r
        .findings
        .iter()
        .filter(|f| f.severity == nianbao::Severity::Error)
        .count();
    ReviewStatus {
        state: SignState::Unsigned,
        signoff: None,
        stale_reasons: Vec::new(),
        revision: None,
        revisions: 0,
        open_annotations: 0,
        errors,
        unaccepted_errors: Record::new(Identity::of(&r.report)).unaccepted_errors(&r.findings),
        signed_file: None,
        tampered: None,
    }
}

fn json_line(row: &Row) -> Value {
    let report = &row.reviewed.report;
    let mut v = json!({
        "path": row.path,
        "sha256": report.source.sha256,
        "agency": report.meta.agency,
        "year": report.meta.year,
        "prior": row.reviewed.prior.as_ref().map(|p| p.source.path.clone()),
    });
    if let (Value::Object(out), Ok(Value::Object(status))) =
        (&mut v, serde_json::to_value(&row.status))
    {
        out.extend(status);
    }
    v
}

fn table(rows: &[Row], lang: Lang, style: Style) -> String {
    let head = [
        lang.pick("审核状态", "state"),
        lang.pick("版本", "rev"),
        lang.pick("待处理批注", "open notes"),
        lang.pick("错误", "errors"),
        lang.pick("未接受", "unaccepted"),
        lang.pick("审核人", "reviewer"),
        lang.pick("日期", "date"),
        lang.pick("机关", "agency"),
        lang.pick("年度", "year"),
        lang.pick("文件", "file"),
    ];
    let cells: Vec<[String; 10]> = rows
        .iter()
        .map(|r| {
            let s = &r.status;
            let so = s.signoff.as_ref();
            [
                s.state_label(lang),
                match (s.revision, s.revisions) {
                    (Some(n), total) => format!("{n}/{total}"),
                    (None, 0) => "-".into(),
                    (None, total) => format!("{}/{total}", lang.pick("新", "new")),
                },
                s.open_annotations.to_string(),
                s.errors.to_string(),
                s.unaccepted_errors.len().to_string(),
                so.map(|so| so.reviewer.clone())
                    .unwrap_or_else(|| "-".into()),
                so.map(|so| so.at.to_zoned(TimeZone::system()).date().to_string())
                    .unwrap_or_else(|| "-".into()),
                r.reviewed
                    .report
                    .meta
                    .agency
                    .clone()
                    .unwrap_or_else(|| "?".into()),
                r.reviewed
                    .report
                    .meta
                    .year
                    .map(|y| y.to_string())
                    .unwrap_or_else(|| "?".into()),
                r.path.clone(),
            ]
        })
        .collect();
    let mut out = super::columns::render(head, &cells, style);
    // Why a sign-off no longer holds does not fit a column: one line each below the table.
    for r in rows {
        for reason in &r.status.stale_reasons {
            let path = nianbao::sanitize::inline(&r.path);
            let _ = writeln!(out, "{path}: {}", stale_sentence(reason, lang));
        }
        if let Some(t) = &r.status.tampered {
            let _ = writeln!(
                out,
                "{}: {}{t}",
                r.path,
                lang.pick(
                    "记录被改动，其中的批注和签署均不可信（nianbao verify 查看详情）：",
                    "record tampered; none of its notes or sign-offs are trusted (see nianbao verify): "
                ),
                t = t.describe(lang)
            );
        }
    }
    out
}

/// Why a sign-off no longer holds ([`vocab::stale_reason`]), and that it no longer holds.
fn stale_sentence(r: &StaleReason, lang: Lang) -> String {
    let reason = vocab::stale_reason(r, lang);
    match lang {
        Lang::Zh => format!("{reason}，签署已失效"),
        Lang::En => reason,
    }
}
