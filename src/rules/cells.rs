//! `cell.*`: how each cell reads — blank (one finding per row), unreadable, ambiguous,
//! negative, fractional.

use rust_decimal::Decimal;

use super::finding::Finding;
use super::messages::{self, cell_label, cell_label_en, number, row_label, row_label_en};
use super::{RuleSet, active};
use crate::model::{Cell, CellDef, CellStatus, Report, ValueKind};

pub(crate) fn check(
    report: &Report,
    grid: &[Option<&Cell>],
    rules: &RuleSet,
    out: &mut Vec<Finding>,
) {
    let t = report.meta.template;
    let schema = report.schema();
    let blank = active(rules, "cell.blank", t);
    let unreadable = active(rules, "cell.unreadable", t);
    let ambiguous = active(rules, "cell.ambiguous", t);
    let negative = active(rules, "cell.negative", t);
    let fraction = active(rules, "cell.fraction", t);

    // Blank cells of the current row: (position, line).
    let mut blanks: Vec<(usize, Option<usize>)> = Vec::new();
    for (pos, def) in schema.cells.iter().enumerate() {
        if let Some(cell) = grid.get(pos).copied().flatten() {
            let single = |rule: &super::Rule, extra: &[(&str, &str)]| -> Finding {
                let (zh, en) = (cell_label(schema, &def.id), cell_label_en(schema, &def.id));
                let mut v = vec![("cell", zh.as_str())];
                v.extend_from_slice(extra);
                let mut v_en = vec![("cell", en.as_str())];
                v_en.extend_from_slice(extra);
                let (m, m_en) = messages::both(rule, &v, &v_en);
                messages::finding(
                    rule,
                    vec![def.id.clone()],
                    Some(def.table.section()),
                    m,
                    m_en,
                    cell.line(),
                )
            };
            match cell.status {
                CellStatus::Blank => blanks.push((pos, cell.line())),
                CellStatus::Unreadable => {
                    if let Some(rule) = unreadable {
                        out.push(single(rule, &[("raw", &cell.raw)]));
                    }
                }
                CellStatus::Ambiguous => {
                    if let Some(rule) = ambiguous {
                        let c: Vec<String> = cell.candidates.iter().map(|d| number(*d)).collect();
                        // No reading found (too many digits to search, or digits a cut does
                        // not know): a dash, as a table writes "none", not an empty list.
                        let candidates = if c.is_empty() {
                            "—".to_string()
                        } else {
                            c.join(" / ")
                        };
                        out.push(single(
                            rule,
                            &[("raw", &cell.raw), ("candidates", &candidates)],
                        ));
                    }
                }
                CellStatus::Value => {
                    if let Some(value) = cell.value {
                        if let Some(rule) = negative
                            && def.kind != ValueKind::Signed
                            && value < Decimal::ZERO
                        {
                            out.push(single(rule, &[("value", &number(value))]));
                        }
                        if let Some(rule) = fraction
                            && def.kind != ValueKind::Amount
                            && value.scale() > 0
                            && !value.fract().is_zero()
                        {
                            out.push(single(rule, &[("value", &number(value))]));
                        }
                    }
                }
                CellStatus::Missing => {}
            }
        }
        let row_ends = schema
            .cells
            .get(pos + 1)
            .is_none_or(|next| next.table != def.table || next.row_index != def.row_index);
        if row_ends && !blanks.is_empty() {
            if let Some(f) = blank.and_then(|rule| blank_row(report, rule, &blanks)) {
                out.push(f);
            }
            blanks.clear();
        }
    }
}

/// One `cell.blank` finding for the blank cells of one row.
fn blank_row(
    report: &Report,
    rule: &super::Rule,
    blanks: &[(usize, Option<usize>)],
) -> Option<Finding> {
    let schema = report.schema();
    let defs: Vec<&CellDef> = blanks
        .iter()
        .filter_map(|(p, _)| schema.cells.get(*p))
        .collect();
    let first = *defs.first()?;
    let cells: Vec<String> = defs.iter().map(|d| d.id.clone()).collect();
    let zh: Vec<&str> = defs.iter().map(|d| d.column_label).collect();
    let en: Vec<&str> = defs.iter().map(|d| d.column_label_en).collect();
    let count = defs.len().to_string();
    let (row_zh, row_en) = match messages::row_labels(schema, first.table, first.row_index) {
        Some((zh, en)) => (zh.to_string(), en.to_string()),
        None => (
            row_label(schema, first.table, first.row),
            row_label_en(schema, first.table, first.row),
        ),
    };
    let (zh, en) = (zh.join("、"), en.join(", "));
    let (m, m_en) = messages::both(
        rule,
        &[("row", &row_zh), ("count", &count), ("cells", &zh)],
        &[("row", &row_en), ("count", &count), ("cells", &en)],
    );
    let line = blanks.iter().find_map(|b| b.1);
    Some(messages::finding(
        rule,
        cells,
        Some(first.table.section()),
        m,
        m_en,
        line,
    ))
}
