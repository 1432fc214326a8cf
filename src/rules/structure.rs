//! `structure.*`, `template.*` and `meta.title`: the report's shape as the parser found it.

use super::finding::{Finding, fingerprint};
use super::messages::{self, row_label, row_label_en};
use super::{RuleSet, active};
use crate::model::{Cell, CellDef, CellStatus, ForeignLabel, Report, SectionId, TableId, Template};

/// Applicant column labels: the same in both templates, so never a sign of a mixed form.
const APPLICANT_LABELS: [&str; 4] = ["社会公益组织", "法律服务机构", "社会组织", "律师事务所"];

pub(crate) fn check(
    report: &Report,
    grid: &[Option<&Cell>],
    rules: &RuleSet,
    out: &mut Vec<Finding>,
) {
    sections(report, rules, out);
    tables(report, grid, rules, out);
    template(report, rules, out);
    title(report, rules, out);
}

fn sections(report: &Report, rules: &RuleSet, out: &mut Vec<Finding>) {
    let t = report.meta.template;
    if let Some(rule) = active(rules, "structure.section", t) {
        let mut last_line = 0;
        for id in SectionId::ALL {
            let s = report.section(id);
            let vals = [
                ("numeral", id.numeral()),
                ("heading", id.heading()),
                ("heading_en", id.heading_en()),
            ];
            if !s.present {
                let (m, m_en) = messages::both(rule, &vals, &vals);
                out.push(messages::finding(rule, Vec::new(), Some(id), m, m_en, None));
                continue;
            }
            if let Some(line) = s.line {
                if line < last_line {
                    let l = line.to_string();
                    let mut v = vals.to_vec();
                    v.push(("line", &l));
                    let (m, m_en) = messages::both_alt(rule, "order", &v, &v);
                    let mut f = messages::finding(rule, Vec::new(), Some(id), m, m_en, Some(line));
                    f.fingerprint = fingerprint(&rule.id, &["order".to_string()], Some(id));
                    out.push(f);
                }
                last_line = last_line.max(line);
            }
        }
    }
    if let Some(rule) = active(rules, "structure.numbering", t) {
        for id in SectionId::ALL {
            let s = report.section(id);
            if s.present && !s.numbered {
                let written = if s.heading.is_empty() {
                    id.heading()
                } else {
                    s.heading.as_str()
                };
                let v = [("numeral", id.numeral()), ("written", written)];
                let (m, m_en) = messages::both(rule, &v, &v);
                out.push(messages::finding(
                    rule,
                    Vec::new(),
                    Some(id),
                    m,
                    m_en,
                    s.line,
                ));
            }
        }
    }
}

fn is_missing(cell: Option<&Cell>) -> bool {
    cell.is_none_or(|c| c.status == CellStatus::Missing)
}

fn tables(report: &Report, grid: &[Option<&Cell>], rules: &RuleSet, out: &mut Vec<Finding>) {
    let t = report.meta.template;
    let schema = report.schema();
    if let Some(rule) = active(rules, "structure.table", t) {
        for table in &schema.tables {
            let section = Some(table.id.section());
            let positions = || {
                schema
                    .cells
                    .iter()
                    .enumerate()
                    .filter(move |(_, c)| c.table == table.id)
            };
            if positions().all(|(p, _)| is_missing(grid.get(p).copied().flatten())) {
                let v = [
                    ("table", table.id.title()),
                    ("table_en", table.id.title_en()),
                ];
                let (m, m_en) = messages::both_alt(rule, "table", &v, &v);
                let line = report.section(table.id.section()).line;
                out.push(messages::finding(rule, Vec::new(), section, m, m_en, line));
                continue;
            }
            // The schema lists a table's cells row by row: each row's are the next ones.
            let mut rest = positions().peekable();
            for (row_index, row) in table.rows.iter().enumerate() {
                let mut missing: Vec<&CellDef> = Vec::new();
                while let Some((p, c)) = rest.next_if(|(_, c)| c.row_index == row_index) {
                    if is_missing(grid.get(p).copied().flatten()) {
                        missing.push(c);
                    }
                }
                if missing.is_empty() {
                    continue;
                }
                let zh: Vec<&str> = missing.iter().map(|m| m.column_label).collect();
                let en: Vec<&str> = missing.iter().map(|m| m.column_label_en).collect();
                let (row_zh, row_en) = match messages::row_labels(schema, table.id, row_index) {
                    Some((zh, en)) => (zh.to_string(), en.to_string()),
                    None => (
                        row_label(schema, table.id, row.id),
                        row_label_en(schema, table.id, row.id),
                    ),
                };
                let (zh, en) = (zh.join("、"), en.join(", "));
                let (m, m_en) = messages::both(
                    rule,
                    &[("row", &row_zh), ("cells", &zh)],
                    &[("row", &row_en), ("cells", &en)],
                );
                let cells = missing.into_iter().map(|m| m.id.clone()).collect();
                out.push(messages::finding(rule, cells, section, m, m_en, None));
            }
        }
    }
    if let Some(rule) = active(rules, "structure.extra", t) {
        for extra in &report.extras {
            let line = extra.line.to_string();
            let v = [
                ("table", extra.table.title()),
                ("table_en", extra.table.title_en()),
                ("label", extra.label.as_str()),
                ("line", line.as_str()),
            ];
            let (m, m_en) = messages::both(rule, &v, &v);
            let section = Some(extra.table.section());
            let mut f = messages::finding(rule, Vec::new(), section, m, m_en, Some(extra.line));
            // Two extra rows differ by label, which has no canonical id.
            f.fingerprint = fingerprint(
                &rule.id,
                &[format!("{}:{}", extra.table.as_str(), extra.label)],
                section,
            );
            out.push(f);
        }
    }
}

fn template(report: &Report, rules: &RuleSet, out: &mut Vec<Finding>) {
    let t = report.meta.template;
    if let (Some(rule), Some(year)) = (active(rules, "template.version", t), report.meta.year) {
        let expected = Template::for_year(year);
        if expected != t {
            let y = year.to_string();
            let v = [
                ("year", y.as_str()),
                ("expected", expected.as_str()),
                ("template", t.as_str()),
            ];
            let (m, m_en) = messages::both(rule, &v, &v);
            out.push(messages::finding(
                rule,
                Vec::new(),
                None,
                m,
                m_en,
                report.meta.title_line,
            ));
        }
    }
    // Applicant columns say nothing about the version (report-model.md): both forms print
    // 社会公益组织 / 法律服务机构, and 社会组织 / 律师事务所 are an agency's own words.
    let mut foreign: Vec<ForeignLabel> = report
        .foreign_labels
        .iter()
        .filter(|l| !APPLICANT_LABELS.contains(&l.label.as_str()))
        .cloned()
        .collect();
    // The single （六）其他处理 row of the 2019 form in a 2021 report: one label of the other
    // version (its numbers are read and summed, see `single_other`).
    if super::single_other(report) {
        let line = report
            .cell("apply.other.total")
            .and_then(Cell::line)
            .unwrap_or(0);
        foreign.push(ForeignLabel {
            label: "（六）其他处理".into(),
            template: Template::V2019,
            line,
        });
    }
    if let Some(rule) = active(rules, "template.mixed", t)
        && let Some(first) = foreign.first()
    {
        let labels: Vec<String> = foreign
            .iter()
            .map(|l| format!("「{}」（第 {} 行）", l.label, l.line))
            .collect();
        let labels_en: Vec<String> = foreign
            .iter()
            .map(|l| format!("“{}” (line {})", l.label, l.line))
            .collect();
        let (zh, en) = (labels.join("、"), labels_en.join(", "));
        let (m, m_en) = messages::both(
            rule,
            &[("labels", &zh), ("template", first.template.as_str())],
            &[("labels", &en), ("template", first.template.as_str())],
        );
        let section = [TableId::Active, TableId::Apply, TableId::Review]
            .into_iter()
            .map(|t| t.section())
            .find(|s| {
                let s = report.section(*s);
                matches!((s.line, s.end_line), (Some(a), Some(b)) if (a..=b).contains(&first.line))
            });
        out.push(messages::finding(
            rule,
            Vec::new(),
            section,
            m,
            m_en,
            Some(first.line),
        ));
    }
}

/// Digits folded to ASCII and white space dropped, for matching a year or a name.
pub(crate) fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn title(report: &Report, rules: &RuleSet, out: &mut Vec<Finding>) {
    let Some(rule) = active(rules, "meta.title", report.meta.template) else {
        return;
    };
    let Some(title) = report
        .meta
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    else {
        let (m, m_en) = messages::both_alt(rule, "none", &[], &[]);
        out.push(messages::finding(rule, Vec::new(), None, m, m_en, None));
        return;
    };
    let folded = fold(title);
    // A title is often set in two lines, the agency's name alone above
    // `2020年度政府信息公开工作报告`: that line is part of the title.
    let line_above = report.meta.title_line.and_then(|l| {
        let above = l.saturating_sub(1);
        if above > report.lines.len() {
            return None;
        }
        let line = (report.lines.iter().take(above).rev()).find(|x| !x.trim().is_empty())?;
        Some(
            fold(line)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>(),
        )
    });
    // Or alone on the line below it, as some set it: `（某某局）`.
    let line_below = report.meta.title_line.and_then(|l| {
        let line = report.lines.iter().skip(l).find(|x| !x.trim().is_empty())?;
        let key: String = fold(line).chars().filter(|c| !c.is_whitespace()).collect();
        Some(
            key.strip_prefix(['（', '('])
                .and_then(|k| k.strip_suffix(['）', ')']))
                .map_or(key.clone(), str::to_owned),
        )
    });
    let names_agency = report.meta.agency.as_deref().map(fold).is_some_and(|a| {
        !a.is_empty()
            && (folded.contains(&a)
                || line_above.as_deref() == Some(a.as_str())
                || line_below.as_deref() == Some(a.as_str()))
    });
    let names_year = report
        .meta
        .year
        .is_some_and(|y| crate::parse::names_year(&folded, y));
    let mut missing = Vec::new();
    let mut missing_en = Vec::new();
    if !names_agency {
        missing.push(rule.alt("agency"));
        missing_en.push(rule.alt("agency_en"));
    }
    if !names_year {
        missing.push(rule.alt("year"));
        missing_en.push(rule.alt("year_en"));
    }
    if missing.is_empty() {
        return;
    }
    let (zh, en) = (missing.join("和"), missing_en.join(" and "));
    let (m, m_en) = messages::both(
        rule,
        &[("title", title), ("missing", &zh)],
        &[("title", title), ("missing_en", &en)],
    );
    out.push(messages::finding(
        rule,
        Vec::new(),
        None,
        m,
        m_en,
        report.meta.title_line,
    ));
}
