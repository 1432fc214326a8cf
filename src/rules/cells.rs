//! `cell.*`: how each cell reads — blank (one finding per row), unreadable, ambiguous,
//! negative, fractional.

use rust_decimal::Decimal;

use super::finding::Finding;
use super::messages::{self, cell_label, cell_label_en, number, row_label, row_label_en};
use super::{RuleSet, active};
use crate::model::{CellStatus, Report, ValueKind};

pub(crate) fn check(report: &Report, rules: &RuleSet, out: &mut Vec<Finding>) {
    let t = report.meta.template;
    let schema = report.schema();
    let blank = active(rules, "cell.blank", t);
    let unreadable = active(rules, "cell.unreadable", t);
    let ambiguous = active(rules, "cell.ambiguous", t);
    let negative = active(rules, "cell.negative", t);
    let fraction = active(rules, "cell.fraction", t);

    for table in &schema.tables {
        for row in &table.rows {
            let mut blanks: Vec<(&str, &str, &str, Option<usize>)> = Vec::new();
            for col in &row.columns {
                let id = format!("{}.{}.{}", table.id.as_str(), row.id, col.id);
                let Some(cell) = report.cell(&id) else {
                    continue;
                };
                let single = |rule: &super::Rule, extra: &[(&str, &str)]| -> Finding {
                    let (zh, en) = (cell_label(schema, &id), cell_label_en(schema, &id));
                    let mut v = vec![("cell", zh.as_str())];
                    v.extend_from_slice(extra);
                    let mut v_en = vec![("cell", en.as_str())];
                    v_en.extend_from_slice(extra);
                    let (m, m_en) = messages::both(rule, &v, &v_en);
                    messages::finding(
                        rule,
                        vec![id.clone()],
                        Some(table.id.section()),
                        m,
                        m_en,
                        cell.line(),
                    )
                };
                match cell.status {
                    CellStatus::Blank => {
                        blanks.push((col.id, col.label, col.label_en, cell.line()))
                    }
                    CellStatus::Unreadable => {
                        if let Some(rule) = unreadable {
                            out.push(single(rule, &[("raw", &cell.raw)]));
                        }
                    }
                    CellStatus::Ambiguous => {
                        if let Some(rule) = ambiguous {
                            let c: Vec<String> =
                                cell.candidates.iter().map(|d| number(*d)).collect();
                            let candidates = c.join(" / ");
                            out.push(single(
                                rule,
                                &[("raw", &cell.raw), ("candidates", &candidates)],
                            ));
                        }
                    }
                    CellStatus::Value => {
                        let Some(value) = cell.value else { continue };
                        let shown = number(value);
                        if let Some(rule) = negative
                            && col.kind != ValueKind::Signed
                            && value < Decimal::ZERO
                        {
                            out.push(single(rule, &[("value", &shown)]));
                        }
                        if let Some(rule) = fraction
                            && col.kind != ValueKind::Amount
                            && !value.fract().is_zero()
                        {
                            out.push(single(rule, &[("value", &shown)]));
                        }
                    }
                    CellStatus::Missing => {}
                }
            }
            if let Some(rule) = blank
                && !blanks.is_empty()
            {
                let cells: Vec<String> = blanks
                    .iter()
                    .map(|(c, ..)| format!("{}.{}.{}", table.id.as_str(), row.id, c))
                    .collect();
                let zh: Vec<&str> = blanks.iter().map(|b| b.1).collect();
                let en: Vec<&str> = blanks.iter().map(|b| b.2).collect();
                let count = blanks.len().to_string();
                let (row_zh, row_en) = (
                    row_label(schema, table.id, row.id),
                    row_label_en(schema, table.id, row.id),
                );
                let (zh, en) = (zh.join("、"), en.join(", "));
                let (m, m_en) = messages::both(
                    rule,
                    &[("row", &row_zh), ("count", &count), ("cells", &zh)],
                    &[("row", &row_en), ("count", &count), ("cells", &en)],
                );
                let line = blanks.iter().find_map(|b| b.3);
                out.push(messages::finding(
                    rule,
                    cells,
                    Some(table.id.section()),
                    m,
                    m_en,
                    line,
                ));
            }
        }
    }
}
