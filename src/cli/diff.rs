//! `nianbao diff`: each table with last year and this year side by side and the deltas, then
//! each narrative section's similarity and changed text.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use rust_decimal::Decimal;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use nianbao::compare::{self, NarrativeDiff, RunKind};
use nianbao::model::{SectionId, TableId};
use nianbao::{Lang, Report};

use super::args::DiffArgs;
use super::config::Settings;
use super::style::Style;

/// Width of the row-label column.
const LABEL_WIDTH: usize = 26;
/// Width of each value column.
const VALUE_WIDTH: usize = 10;

/// Cut a label to a display width, with an ellipsis, padding to the width.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    if UnicodeWidthStr::width(text) <= width {
        out.push_str(text);
        used = UnicodeWidthStr::width(text);
    } else {
        for ch in text.chars() {
            let w = ch.width().unwrap_or(0);
            if used + w + 1 > width {
                break;
            }
            out.push(ch);
            used += w;
        }
        out.push('~');
        used += 1;
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

fn right(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{}{text}", " ".repeat(width.saturating_sub(w)))
}

fn show(v: Option<Decimal>) -> String {
    v.map(|v| v.normalize().to_string())
        .unwrap_or_else(|| "·".into())
}

fn table_block(
    out: &mut String,
    current: &Report,
    prior: &Report,
    table: TableId,
    lang: Lang,
    changed_only: bool,
    style: Style,
) {
    let schema = current.schema();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{}、{}",
            table.section().numeral(),
            lang.pick(table.title_zh(), table.title_en())
        ))
    );
    for row in &schema.table(table).rows {
        let ids: Vec<String> = row
            .columns
            .iter()
            .map(|c| format!("{}.{}.{}", table.as_str(), row.id, c.id))
            .collect();
        let prior_vals: Vec<Option<Decimal>> = ids
            .iter()
            .map(|id| compare::aligned_value(prior, id))
            .collect();
        let cur_vals: Vec<Option<Decimal>> = ids.iter().map(|id| current.value(id)).collect();
        let any_change = prior_vals.iter().zip(&cur_vals).any(|(p, c)| {
            matches!((p, c), (Some(p), Some(c)) if p != c) || p.is_some() != c.is_some()
        });
        if changed_only && !any_change {
            continue;
        }
        let label = lang.pick(row.label, row.label_en);
        let mut head = fit("", LABEL_WIDTH + 6);
        for c in &row.columns {
            head.push_str(&right(
                &fit(lang.pick(c.label, c.label_en), VALUE_WIDTH - 1),
                VALUE_WIDTH,
            ));
        }
        let _ = writeln!(out, "{}", style.dim(head.trim_end()));
        let mut p = fit(label, LABEL_WIDTH);
        p.push_str(&fit(lang.pick("上年", "prior"), 6));
        let mut c = fit("", LABEL_WIDTH);
        c.push_str(&fit(lang.pick("本年", "this"), 6));
        let mut d = fit("", LABEL_WIDTH);
        d.push_str(&fit(lang.pick("增减", "delta"), 6));
        for (i, id) in ids.iter().enumerate() {
            let only_prior = prior.cell(id).is_some() && current.cell(id).is_none();
            p.push_str(&right(&show(prior_vals[i]), VALUE_WIDTH));
            c.push_str(&right(&show(cur_vals[i]), VALUE_WIDTH));
            let delta = match (prior_vals[i], cur_vals[i]) {
                (Some(a), Some(b)) if a != b => {
                    let s = if b > a { "+" } else { "" };
                    format!("{s}{}", (b - a).normalize())
                }
                (Some(_), Some(_)) => String::new(),
                _ if only_prior => lang.pick("仅上年", "prior only").into(),
                (None, Some(_)) if prior.schema().cell(id).is_none() => {
                    lang.pick("新增项", "new").into()
                }
                _ => String::new(),
            };
            d.push_str(&right(&delta, VALUE_WIDTH));
        }
        let _ = writeln!(out, "{}", p.trim_end());
        let _ = writeln!(out, "{}", c.trim_end());
        let _ = writeln!(out, "{}", d.trim_end());
    }
    out.push('\n');
}

fn narrative_block(out: &mut String, diff: &NarrativeDiff, lang: Lang, style: Style) {
    let sec = diff.section;
    let title = match lang {
        Lang::Zh => format!("{}、{}", sec.numeral(), sec.heading_zh()),
        Lang::En => format!("{}. {}", sec.index() + 1, sec.heading_en()),
    };
    let _ = writeln!(
        out,
        "{}  {} {:.0}%",
        style.bold(&title),
        lang.pick("相似度", "similarity"),
        diff.ratio * 100.0
    );
    for run in &diff.runs {
        let text = run.text.replace('\n', " ⏎ ");
        match run.kind {
            RunKind::Equal => {}
            RunKind::Insert => {
                let _ = writeln!(
                    out,
                    "  + {}",
                    style.severity(nianbao::Severity::Info, &text)
                );
            }
            RunKind::Delete => {
                let _ = writeln!(out, "  - {}", style.dim(&text));
            }
        }
    }
    out.push('\n');
}

/// Run `diff`.
pub fn run(args: &DiffArgs, settings: &Settings) -> Result<ExitCode> {
    let current = nianbao::load(&args.file)?;
    let prior_path = match &args.prior {
        Some(p) => p.clone(),
        None => compare::find_prior_beside(&args.file, &current).with_context(|| {
            format!(
                "{}: no prior-year report of the same agency found beside it; name one with --prior",
                args.file.display()
            )
        })?,
    };
    let prior = nianbao::load(&prior_path)?;
    let style = Style::detect();
    let lang = settings.lang;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n{} {}  ←  {} {}\n",
        style.bold(&super::human::identity_line(&current, lang)),
        lang.pick("本年", "this year"),
        current.source.path,
        lang.pick("上年", "prior"),
        prior.source.path
    );
    for table in TableId::ALL {
        table_block(
            &mut out,
            &current,
            &prior,
            table,
            lang,
            args.changed_only,
            style,
        );
    }
    for sec in SectionId::ALL {
        if sec.table().is_some() {
            continue;
        }
        narrative_block(
            &mut out,
            &compare::narrative_diff(sec, &prior.section(sec).text, &current.section(sec).text),
            lang,
            style,
        );
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
