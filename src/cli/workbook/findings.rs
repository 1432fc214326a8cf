//! The 问题清单 sheet: every finding of every report of the intake, with the reviewer's note
//! on it and that note's state: the list the office sends back to its agencies.

use nianbao::{Lang, Severity};

use super::intake::Intake;
use super::sheet::{Mark, Out, Sheet};

/// The findings sheet.
pub fn sheet(intake: &Intake, lang: Lang) -> Sheet {
    let mut sheet = Sheet::new(lang.pick("问题清单", "Findings"));
    sheet.frozen_rows = 1;
    sheet.frozen_cols = 1;
    sheet.filter = true;
    let words = [
        ("机关", "agency"),
        ("年度", "year"),
        ("文件", "files"),
        ("级别", "severity"),
        ("规则", "rule"),
        ("部分", "section"),
        ("单元格", "cells"),
        ("应为", "expected"),
        ("实为", "actual"),
        ("说明", "message"),
        ("审核批注", "reviewer's note"),
        ("批注状态", "note state"),
    ];
    sheet.rows.push(
        words
            .iter()
            .map(|(zh, en)| Out::text(lang.pick(zh, en), Mark::Head))
            .collect(),
    );
    for e in &intake.entries {
        let schema = e.template.schema();
        for f in &e.findings {
            let mark = match f.severity {
                Severity::Error => Mark::Error,
                Severity::Warning => Mark::Warning,
                Severity::Info => Mark::Plain,
            };
            let mut lead = super::tables::lead(e, lang);
            lead[0].mark = mark;
            let cells: Vec<String> = f
                .cells
                .iter()
                .map(|id| match lang {
                    Lang::Zh => format!("{id} {}", nianbao::rules::cell_label(schema, id)),
                    Lang::En => format!("{id} {}", nianbao::rules::cell_label_en(schema, id)),
                })
                .collect();
            let section = f.section.map(|s| match lang {
                Lang::Zh => format!("{}、{}", s.numeral(), s.heading()),
                Lang::En => format!("{} {}", s.index() + 1, s.heading_en()),
            });
            lead.extend([
                Out::text(severity_word(f.severity, lang), mark),
                Out::text(f.rule.clone(), Mark::Plain),
                Out::text(section.unwrap_or_default(), Mark::Plain),
                Out::text(cells.join("；"), Mark::Plain),
                Out::maybe(f.expected, Mark::Plain),
                Out::maybe(f.actual, Mark::Plain),
                Out::text(f.message.clone(), Mark::Plain),
                Out::text(f.note.clone(), Mark::Plain),
                Out::text(
                    f.note_state
                        .map(|s| s.label(lang).to_string())
                        .unwrap_or_default(),
                    Mark::Plain,
                ),
            ]);
            sheet.rows.push(lead);
        }
    }
    sheet
}

fn severity_word(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.pick("错误", "error"),
        Severity::Warning => lang.pick("警告", "warning"),
        Severity::Info => lang.pick("提示", "note"),
    }
}
