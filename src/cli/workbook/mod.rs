//! `nianbao summary`: a whole intake in one workbook for the supervising office (汇总表): the
//! 概况 sheet (one row per report, headline figures beside last year's), one sheet per table
//! with 合计 rows, and the 问题清单 (every finding with the reviewer's note). The same sheets
//! can be written as CSV files. Reads the review store, never writes it.

mod csv_out;
mod figures;
mod findings;
mod intake;
mod overview;
mod sheet;
mod tables;
mod xlsx;

use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};

use nianbao::TableId;
use nianbao::review::Store;

use super::args::SummaryArgs;
use super::config::Settings;
use super::inputs;
use super::review_state;

/// Run `summary`: exit 0 when written, 1 when written and a report has an error finding, 2
/// when an input could not be read (it is listed in the workbook) or the output could not be
/// written (through `main`, with the message naming the file).
pub fn run(args: &SummaryArgs, settings: &Settings) -> Result<ExitCode> {
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
    let dir = review_state::store_dir(settings, lang).ok();
    let store: Option<Store> = match dir.filter(|d| d.is_dir()) {
        Some(_) => Some(review_state::open_store(settings, lang)?),
        None => None,
    };
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.jobs {
        builder = builder.num_threads(n.max(1));
    }
    let pool = builder.build()?;
    let cx = intake::Context {
        settings,
        store: store.as_ref(),
    };
    let intake = pool.install(|| intake::gather(&paths, args.year, &cx));
    if intake.entries.is_empty() && intake.unreadable.is_empty() {
        let year = intake.year.map(|y| y.to_string()).unwrap_or_default();
        eprintln!(
            "{}",
            match lang {
                nianbao::Lang::Zh =>
                    format!("nianbao: 输入中没有 {year} 年度的报告；汇总表只列出未报送的机关"),
                nianbao::Lang::En => format!(
                    "nianbao: no report for {year} among the inputs; the workbook lists only the agencies that did not submit"
                ),
            }
        );
    }
    for u in &intake.unreadable {
        eprintln!("nianbao: {}: {}", u.file, u.message);
    }
    let sheets = {
        let mut s = vec![overview::sheet(&intake, lang)];
        for t in TableId::ALL {
            s.push(tables::sheet(t, &intake.entries, &settings.rules, lang));
        }
        s.push(findings::sheet(&intake, lang));
        s
    };
    let failed = |e: xlsx::WriteError| {
        anyhow!(
            "{e}; {}",
            lang.pick(
                "汇总表未写入：请确认目录存在且可写",
                "nothing was written: check that the folder exists and is writable"
            )
        )
    };
    if let Some(path) = &args.output {
        xlsx::write(path, &sheets).map_err(failed)?;
    }
    if let Some(dir) = &args.csv {
        csv_out::write(dir, &sheets).map_err(failed)?;
    }
    let errors = intake.entries.iter().any(|e| e.counts[0] > 0);
    Ok(ExitCode::from(if !intake.unreadable.is_empty() {
        2
    } else if errors {
        1
    } else {
        0
    }))
}
