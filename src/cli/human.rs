//! Human output of `check`: one block per report (identity, counts), findings grouped by
//! section with each cell's Chinese row and column labels and source line, and with a prior
//! year a per-table summary of what changed.

use std::fmt::Write;

use nianbao::compare::Change;
use nianbao::model::{Report, SectionId, TableId};
use nianbao::rules::{EvalStatus, Finding};
use nianbao::{Lang, Severity, vocab};

use super::style::Style;

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Counts {
    /// Count a list of findings.
    pub fn of(findings: &[Finding]) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            match f.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }
}

/// The marker and word for a severity; the marker is ASCII so it aligns on every terminal.
pub fn severity_word(lang: Lang, s: Severity) -> &'static str {
    match s {
        Severity::Error => lang.pick("[错误]", "[error]"),
        Severity::Warning => lang.pick("[警告]", "[warning]"),
        Severity::Info => lang.pick("[提示]", "[info]"),
    }
}

/// A report's identity line: agency · year · template.
pub fn identity_line(report: &Report, lang: Lang) -> String {
    let agency = report
        .meta
        .agency
        .clone()
        .unwrap_or_else(|| lang.pick("（未识别机关）", "(agency not found)").into());
    let year = match report.meta.year {
        Some(y) => match lang {
            Lang::Zh => format!("{y}年度"),
            Lang::En => format!("year {y}"),
        },
        None => lang.pick("年度未识别", "year not found").into(),
    };
    let template = match lang {
        Lang::Zh => format!("{}版模板", report.meta.template),
        Lang::En => format!("{} template", report.meta.template),
    };
    format!("{agency} · {year} · {template}")
}

fn section_of(report: &Report, f: &Finding) -> Option<SectionId> {
    f.section.or_else(|| {
        f.cells
            .first()
            .and_then(|c| report.schema().cell(c))
            .map(|d| d.table.section())
    })
}

/// One report's block.
pub fn report_block(
    report: &Report,
    prior: Option<&Report>,
    findings: &[Finding],
    changes: Option<&[Change]>,
    lang: Lang,
    style: Style,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.bold(&identity_line(report, lang)));
    let _ = writeln!(
        out,
        "  {}",
        style.dim(&format!(
            "{} ({}, {})",
            report.source.path, report.source.encoding, report.source.format
        ))
    );
    if let Some(p) = prior {
        let _ = writeln!(
            out,
            "  {} {} ({})",
            lang.pick("对照上年：", "prior year:"),
            p.source.path,
            p.meta
                .year
                .map(|y| y.to_string())
                .unwrap_or_else(|| "?".into())
        );
    }
    let counts = Counts::of(findings);
    let summary = match lang {
        Lang::Zh => format!(
            "错误 {} · 警告 {} · 提示 {}",
            counts.errors, counts.warnings, counts.infos
        ),
        Lang::En => format!(
            "{} errors · {} warnings · {} info",
            counts.errors, counts.warnings, counts.infos
        ),
    };
    let summary = if counts.errors > 0 {
        style.severity(Severity::Error, &summary)
    } else {
        style.good(&summary)
    };
    let _ = writeln!(out, "  {summary}");

    let mut groups: Vec<(Option<SectionId>, Vec<&Finding>)> = Vec::new();
    for f in findings {
        let sec = section_of(report, f);
        match groups.iter_mut().find(|(s, _)| *s == sec) {
            Some((_, list)) => list.push(f),
            None => groups.push((sec, vec![f])),
        }
    }
    groups.sort_by_key(|(s, _)| s.map(|s| s.index()).unwrap_or(usize::MAX));
    for (sec, list) in groups {
        let title = match sec {
            Some(s) => vocab::section_title(s, lang),
            None => lang.pick("全文", "Whole report").into(),
        };
        let _ = writeln!(out, "\n  {}", style.bold(&title));
        for f in list {
            finding_lines(&mut out, report, f, lang, style);
        }
    }
    if let Some(changes) = changes {
        change_summary(&mut out, report, changes, lang, style);
    }
    out
}

fn finding_lines(out: &mut String, report: &Report, f: &Finding, lang: Lang, style: Style) {
    let mut place = String::new();
    for (i, c) in f.cells.iter().take(3).enumerate() {
        if i > 0 {
            place.push_str("; ");
        }
        place.push_str(&vocab::cell_name(report.schema(), c, lang, " · "));
    }
    if f.cells.len() > 3 {
        let _ = write!(
            place,
            "{}",
            match lang {
                Lang::Zh => format!(" 等{}格", f.cells.len()),
                Lang::En => format!(" and {} more", f.cells.len() - 3),
            }
        );
    }
    let line = f
        .line
        .map(|l| match (lang, report.page_of(l)) {
            (Lang::Zh, Some(p)) => format!("第{p}页第{l}行"),
            (Lang::En, Some(p)) => format!("page {p}, line {l}"),
            (Lang::Zh, None) => format!("第{l}行"),
            (Lang::En, None) => format!("line {l}"),
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "    {} {} {} {}",
        style.severity(f.severity, severity_word(lang, f.severity)),
        style.dim(&f.rule),
        place,
        style.dim(&line)
    );
    let _ = writeln!(out, "        {}", f.message_in(lang));
    if f.status == EvalStatus::NotEvaluable {
        let _ = writeln!(
            out,
            "        {}",
            lang.pick(
                "（无法计算：所需单元格缺失、无法识别或有歧义）",
                "(not evaluable: a cell it needs is missing, unreadable or ambiguous)"
            )
        );
    }
    if let Some(s) = &f.suspect {
        let _ = writeln!(
            out,
            "        {} {}",
            lang.pick("疑似出错单元格：", "probably wrong:"),
            vocab::cell_name(report.schema(), s, lang, " · ")
        );
    }
    if let Some(q) = &f.quote {
        let _ = writeln!(out, "        {}", style.dim(&format!("“{q}”")));
    }
}

fn change_summary(out: &mut String, report: &Report, changes: &[Change], lang: Lang, style: Style) {
    let _ = writeln!(
        out,
        "\n  {}",
        style.bold(lang.pick("与上年相比", "Changes since last year"))
    );
    for table in TableId::ALL {
        let in_table: Vec<&Change> = changes
            .iter()
            .filter(|c| {
                c.cell.starts_with(table.as_str())
                    && c.cell[table.as_str().len()..].starts_with('.')
            })
            .collect();
        let changed: Vec<&&Change> = in_table.iter().filter(|c| !c.delta.is_zero()).collect();
        let title = lang.pick(table.title(), table.title_en());
        let line = match lang {
            Lang::Zh => format!(
                "{title}：{} 格可比，{} 格有变化",
                in_table.len(),
                changed.len()
            ),
            Lang::En => format!(
                "{title}: {} cells comparable, {} changed",
                in_table.len(),
                changed.len()
            ),
        };
        let _ = writeln!(out, "    {line}");
        let mut biggest: Vec<&&Change> = changed.clone();
        biggest.sort_by_key(|c| std::cmp::Reverse(c.delta.abs()));
        let more = biggest.len().saturating_sub(5);
        for c in biggest.into_iter().take(5) {
            let sign = if c.delta.is_sign_positive() { "+" } else { "" };
            let _ = writeln!(
                out,
                "      {}  {} → {} ({sign}{})",
                vocab::cell_name(report.schema(), c.cell, lang, " · "),
                c.prior.normalize(),
                c.current.normalize(),
                c.delta.normalize()
            );
        }
        // Say that the list is cut, and where the rest is.
        if more > 0 {
            let _ = writeln!(
                out,
                "      {}",
                style.dim(&match lang {
                    Lang::Zh => format!("另有 {more} 格有变化（nianbao diff 列出全部）"),
                    Lang::En => format!("{more} more changed (nianbao diff lists them all)"),
                })
            );
        }
    }
}
