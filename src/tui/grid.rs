//! A table as the screen shows it: the rows of both years' templates aligned as `diff` aligns
//! them (`compare::align`), so a row or column only last year's form had (2019's
//! 其他对外管理服务事项) is shown with last year's numbers and says which year alone has it.
//! Cursors, finding places and search hits all index these rows, never a template's own.

use std::collections::HashMap;

use nianbao::compare::{self, OnlyIn};
use nianbao::model::{CellDef, Report, RowDef, Schema, TableId};

/// One cell of a shown row.
#[derive(Debug, Clone)]
pub struct GridCell {
    /// Canonical cell id (for the 2019 其他处理 row across templates, the 2019 id).
    pub id: &'static str,
    /// The template definition naming it (this year's when it has the id, else last year's).
    pub def: &'static CellDef,
    /// Which year alone has the cell, when a prior report is compared and only one form has it.
    pub only_in: Option<OnlyIn>,
}

/// One shown row: a canonical row id with its cells of both years.
#[derive(Debug, Clone)]
pub struct GridRow {
    /// Canonical row id.
    pub id: &'static str,
    /// Chinese label.
    pub label: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// The group heading the row sits under on its form.
    pub group: Option<&'static str>,
    /// The cells, in the aligned order.
    pub cells: Vec<GridCell>,
    /// Which year alone has the whole row, when only one form has it.
    pub only_in: Option<OnlyIn>,
}

impl GridRow {
    /// The column ids, to tell where the set of column heads changes.
    pub fn column_ids(&self) -> Vec<&'static str> {
        self.cells.iter().map(|c| c.def.column).collect()
    }
}

/// The three tables as shown, with a lookup from cell id to position.
#[derive(Debug, Clone, Default)]
pub struct Grids {
    tables: [Vec<GridRow>; 3],
    index: HashMap<&'static str, (TableId, usize, usize)>,
}

fn slot(t: TableId) -> usize {
    match t {
        TableId::Active => 0,
        TableId::Apply => 1,
        TableId::Review => 2,
    }
}

fn row_def<'s>(schema: &'s Schema, t: TableId, id: &str) -> Option<&'s RowDef> {
    schema.row(t, id)
}

impl Grids {
    /// The shown rows of this year's report, aligned with last year's when given.
    pub fn build(report: &Report, prior: Option<&Report>) -> Grids {
        let mut g = Grids::default();
        let schema = report.schema();
        let cells: Vec<(&'static CellDef, &'static str, Option<OnlyIn>)> = match prior {
            Some(p) => compare::align(p, report)
                .into_iter()
                .map(|r| (r.def, r.id, r.only_in()))
                .collect(),
            None => schema
                .cells
                .iter()
                .map(|d| (d, d.id.as_str(), None))
                .collect(),
        };
        for (def, id, only_in) in cells {
            let rows = &mut g.tables[slot(def.table)];
            let r = match rows.iter().position(|r| r.id == def.row) {
                Some(r) => r,
                None => {
                    let own = row_def(schema, def.table, def.row)
                        .or_else(|| prior.and_then(|p| row_def(p.schema(), def.table, def.row)));
                    rows.push(GridRow {
                        id: def.row,
                        label: def.row_label,
                        label_en: def.row_label_en,
                        group: own.and_then(|o| o.group),
                        cells: Vec::new(),
                        only_in,
                    });
                    rows.len() - 1
                }
            };
            let row = &mut rows[r];
            if row.only_in != only_in {
                row.only_in = None;
            }
            row.cells.push(GridCell { id, def, only_in });
            g.index.insert(id, (def.table, r, row.cells.len() - 1));
        }
        g
    }

    /// A table's shown rows.
    pub fn rows(&self, t: TableId) -> &[GridRow] {
        &self.tables[slot(t)]
    }

    /// The cell at a position.
    pub fn cell(&self, t: TableId, row: usize, col: usize) -> Option<&GridCell> {
        self.rows(t).get(row)?.cells.get(col)
    }

    /// Where a cell id is shown.
    pub fn position(&self, id: &str) -> Option<(TableId, usize, usize)> {
        self.index.get(id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn load(name: &str) -> Report {
        let p = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name);
        nianbao::load(&p).expect("sample loads")
    }

    #[test]
    fn a_row_only_last_years_form_has_is_shown_with_its_cells() {
        let cur = load("yuyang-health-2021.txt");
        let prior = load("yuyang-health-2020.txt");
        let g = Grids::build(&cur, Some(&prior));
        let rows = g.rows(TableId::Active);
        let other = rows
            .iter()
            .find(|r| r.label == "其他对外管理服务事项")
            .expect("the 2019-only row is shown");
        assert_eq!(other.only_in, Some(OnlyIn::Prior));
        let values: Vec<_> = other
            .cells
            .iter()
            .map(|c| compare::aligned_value(&prior, c.id))
            .collect();
        assert_eq!(values[0], Some(12.into()));
        assert_eq!(values[2], Some(35.into()));
        // It sits after 行政许可, as diff places it.
        let lic = rows.iter().position(|r| r.id == "licensing").unwrap();
        assert_eq!(rows[lic + 1].id, "other_admin");
        // Without a prior, this year's template alone.
        let alone = Grids::build(&cur, None);
        assert_eq!(
            alone.rows(TableId::Active).len(),
            cur.schema().table(TableId::Active).rows.len()
        );
    }
}
