//! `nianbao diff`: each table with last year and this year side by side and the deltas, then
//! each narrative section's similarity and changed text.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use nianbao::Lang;
use nianbao::compare::{self, AlignedRow, NarrativeDiff, OnlyIn, RunKind, Side};
use nianbao::model::{CellStatus, TableId};

use super::args::DiffArgs;
use super::config::Settings;
use super::style::Style;

/// Width of the row-label column.
const LABEL_WIDTH: usize = 26;
/// Narrowest a value column is; columns grow to hold their whole head, values and deltas.
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

/// How one side of an aligned cell reads: its number, `空` when blank, its text when it does
/// not read as a number, `无此栏` when that year's form has no such cell (never a zero).
fn show(side: Option<Side<'_>>, lang: Lang) -> String {
    let Some(side) = side else {
        return lang.pick("无此栏", "n/a").into();
    };
    if let Some(v) = side.value() {
        return v.normalize().to_string();
    }
    match side {
        Side::Cell(cell) => match cell.status {
            CellStatus::Blank => lang.pick("空", "blank").into(),
            CellStatus::Missing => lang.pick("缺行", "missing").into(),
            _ => fit(&cell.raw, VALUE_WIDTH - 1).trim_end().to_string(),
        },
        Side::Sum { .. } => "?".into(),
    }
}

/// The delta of a cell, or a word when one year's form has no such cell.
fn delta(row: &AlignedRow<'_>, lang: Lang) -> String {
    match row.values() {
        Some((a, b)) if a != b => {
            let sign = if b > a { "+" } else { "" };
            format!("{sign}{}", (b - a).normalize())
        }
        Some(_) => String::new(),
        None => match row.only_in() {
            Some(OnlyIn::Prior) => lang.pick("仅上年", "old form").into(),
            Some(OnlyIn::Current) => lang.pick("新增栏", "new form").into(),
            None => String::new(),
        },
    }
}

/// One table: for each row of either year's form, the column heads (once for a run of rows
/// with the same columns), last year's values, this year's and the deltas. Each column is as
/// wide as its whole head and widest value or delta, plus a space, so nothing is cut and no
/// two numbers run together. Nothing at all (not even the heading) when `changed_only` leaves
/// no row.
fn table_block(
    out: &mut String,
    rows: &[AlignedRow<'_>],
    table: TableId,
    lang: Lang,
    changed_only: bool,
    style: Style,
) {
    // One line group per form row, in the order rows first appear (the three 2021 其他处理
    // rows come column by column under the 2019 row they sum).
    let mut groups: Vec<Vec<&AlignedRow<'_>>> = Vec::new();
    for r in rows.iter().filter(|r| r.table() == table) {
        match groups.iter_mut().find(|g| g[0].def.row == r.def.row) {
            Some(g) => g.push(r),
            None => groups.push(vec![r]),
        }
    }
    groups.retain(|g| !changed_only || g.iter().any(|r| !delta(r, lang).is_empty()));
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{}、{}",
            table.section().numeral(),
            lang.pick(table.title(), table.title_en())
        ))
    );
    let ncols = groups.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![VALUE_WIDTH; ncols];
    for g in &groups {
        for (i, r) in g.iter().enumerate() {
            let head = lang.pick(r.def.column_label, r.def.column_label_en);
            let w = [
                UnicodeWidthStr::width(head),
                UnicodeWidthStr::width(show(r.prior, lang).as_str()),
                UnicodeWidthStr::width(show(r.current, lang).as_str()),
                UnicodeWidthStr::width(delta(r, lang).as_str()),
            ]
            .into_iter()
            .max()
            .unwrap_or(0);
            widths[i] = widths[i].max(w + 1);
        }
    }
    let mut last_head = String::new();
    for group in &groups {
        let changed = group.iter().any(|r| !delta(r, lang).is_empty());
        let first = group[0].def;
        let indent = if group[0].part_of.is_some() { "  " } else { "" };
        let label = format!("{indent}{}", lang.pick(first.row_label, first.row_label_en));
        let mut head = fit("", LABEL_WIDTH + 6);
        for (i, r) in group.iter().enumerate() {
            let h = lang.pick(r.def.column_label, r.def.column_label_en);
            head.push_str(&right(h, widths[i]));
        }
        // The column heads once for each run of rows with the same columns.
        if head != last_head {
            let _ = writeln!(out, "{}", style.dim(head.trim_end()));
            last_head = head;
        }
        let mut p = fit(&label, LABEL_WIDTH);
        p.push_str(&fit(lang.pick("上年", "prior"), 6));
        let mut c = fit("", LABEL_WIDTH);
        c.push_str(&fit(lang.pick("本年", "this"), 6));
        let mut d = fit("", LABEL_WIDTH);
        d.push_str(&fit(lang.pick("增减", "delta"), 6));
        for (i, r) in group.iter().enumerate() {
            p.push_str(&right(&show(r.prior, lang), widths[i]));
            c.push_str(&right(&show(r.current, lang), widths[i]));
            d.push_str(&right(&delta(r, lang), widths[i]));
        }
        let _ = writeln!(out, "{}", p.trim_end());
        let _ = writeln!(out, "{}", c.trim_end());
        if changed {
            let _ = writeln!(out, "{}", d.trim_end());
        }
    }
    out.push('\n');
}

fn narrative_block(out: &mut String, diff: &NarrativeDiff, lang: Lang, style: Style) {
    let sec = diff.section;
    let title = match lang {
        Lang::Zh => format!("{}、{}", sec.numeral(), sec.heading()),
        Lang::En => format!("{}. {}", sec.index() + 1, sec.heading_en()),
    };
    let _ = writeln!(
        out,
        "{}  {} {}%",
        style.bold(&title),
        lang.pick("相似度", "similarity"),
        // Rounded down, as `yoy.copied_text` words it: 100% only for a copy.
        (diff.ratio * 100.0).floor()
    );
    if diff.is_unchanged() {
        let _ = writeln!(
            out,
            "  {}",
            style.dim(lang.pick("（无改动）", "(unchanged)"))
        );
    }
    for line in change_lines(diff, style) {
        let _ = writeln!(out, "  {line}");
    }
    out.push('\n');
}

/// Display width of the equal text shown either side of a change.
const CONTEXT_WIDTH: usize = 12;
/// Display width beyond which a deleted or inserted run is cut (a rewritten section would
/// otherwise print twice in full).
const RUN_WIDTH: usize = 160;

/// One line per change: a little equal text either side, the deleted text as `[-…-]` and the
/// inserted as `{+…+}` (git's word-diff markers, so a pipe reads without colour). Changes
/// closer than the context are joined on one line.
fn change_lines(diff: &NarrativeDiff, style: Style) -> Vec<String> {
    let runs = &diff.runs;
    let width = |i: usize| UnicodeWidthStr::width(flatten(&runs[i].text).as_str());
    let mut lines = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        if runs[i].kind == RunKind::Equal {
            i += 1;
            continue;
        }
        let mut line = String::new();
        if i > 0 {
            let before = flatten(&runs[i - 1].text);
            if width(i - 1) > CONTEXT_WIDTH {
                line.push('~');
            }
            line.push_str(&tail(&before, CONTEXT_WIDTH));
        }
        let mut j = i;
        loop {
            while j < runs.len() && runs[j].kind != RunKind::Equal {
                let text = head_cut(&flatten(&runs[j].text), RUN_WIDTH);
                if text.trim().is_empty() {
                    j += 1;
                    continue;
                }
                line.push_str(&match runs[j].kind {
                    RunKind::Delete => style.deleted(&text),
                    _ => style.inserted(&text),
                });
                j += 1;
            }
            // A short equal stretch between two changes keeps them on one line.
            if j + 1 < runs.len() && width(j) <= 2 * CONTEXT_WIDTH {
                line.push_str(&flatten(&runs[j].text));
                j += 1;
                continue;
            }
            break;
        }
        if j < runs.len() {
            line.push_str(&head(&flatten(&runs[j].text), CONTEXT_WIDTH));
            if width(j) > CONTEXT_WIDTH {
                line.push('~');
            }
        }
        // A change of white space alone (a line re-wrapped) is not worth a line.
        let blank = runs[i..j]
            .iter()
            .all(|r| r.kind == RunKind::Equal || r.text.trim().is_empty());
        if !blank {
            lines.push(line);
        }
        i = j;
    }
    lines
}

/// Line breaks and tabs as one visible mark, so a change stays on one output line.
fn flatten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for part in text.split('\n') {
        if !out.is_empty() {
            out.push_str(" ⏎ ");
        }
        out.push_str(part.trim_matches(|c: char| c == '\r' || c == '\t' || c == ' '));
    }
    out
}

/// The first `width` display columns of a text.
fn head(text: &str, width: usize) -> String {
    let mut used = 0;
    text.chars()
        .take_while(|c| {
            used += c.width().unwrap_or(0);
            used <= width
        })
        .collect()
}

/// The last `width` display columns of a text.
fn tail(text: &str, width: usize) -> String {
    let mut used = 0;
    let mut kept: Vec<char> = text
        .chars()
        .rev()
        .take_while(|c| {
            used += c.width().unwrap_or(0);
            used <= width
        })
        .collect();
    kept.reverse();
    kept.into_iter().collect()
}

/// A run cut to `width` display columns, saying how many characters it holds when cut.
fn head_cut(text: &str, width: usize) -> String {
    if UnicodeWidthStr::width(text) <= width {
        return text.to_string();
    }
    format!("{}~({}字)", head(text, width), text.chars().count())
}

/// Run `diff`.
pub fn run(args: &DiffArgs, settings: &Settings) -> Result<ExitCode> {
    let current = nianbao::load(&args.file)?;
    let prior_path = match &args.prior {
        Some(p) => p.clone(),
        None => nianbao::session::find_prior_beside(&args.file, &current).with_context(|| {
            format!(
                "{}: no prior-year report of the same agency found beside it; name one with --prior",
                args.file.display()
            )
        })?,
    };
    let prior = nianbao::load(&prior_path)?;
    let style = Style::choose(args.color);
    let lang = settings.lang;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n{} {}\n{} {}\n",
        style.bold(&super::human::identity_line(&current, lang)),
        lang.pick("本年", "this "),
        nianbao::sanitize::inline(&current.source.path),
        lang.pick("上年", "prior"),
        nianbao::sanitize::inline(&prior.source.path)
    );
    let comparison = compare::compare(&prior, &current);
    for table in TableId::ALL {
        table_block(
            &mut out,
            &comparison.rows,
            table,
            lang,
            args.changed_only,
            style,
        );
    }
    for diff in &comparison.narratives {
        // With --changed-only, an unchanged section says nothing at all.
        if diff.section.table().is_none() && !(args.changed_only && diff.is_unchanged()) {
            narrative_block(&mut out, diff, lang, style);
        }
    }
    // A closed pipe (`| head`) ends quietly (in `main`); a full disk is an error.
    super::out::print(&out, style)?;
    Ok(ExitCode::SUCCESS)
}
