//! Two reports → one list of rows, cell by cell through canonical ids, across the two template
//! versions (`spec/report-model.md`).

use rust_decimal::Decimal;

use crate::model::{
    Cell, CellDef, CellStatus, CompactString, Report, Schema, TableId, Template, ValueKind,
};

/// The 2021 rows whose sum is the 2019 row `apply.other` (（六）其他处理), in form order.
const OTHER_PARTS: [&str; 3] = ["no_correction", "no_fee", "other"];

/// Which report alone has a cell id: the other version of the form has no such cell, so the
/// missing side is "not asked", never zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OnlyIn {
    /// Only last year's report (its template) has the cell.
    Prior,
    /// Only this year's report (its template) has the cell.
    Current,
}

/// One side of an aligned row: a cell of the report, or (across template versions) the sum of
/// the three 2021 `apply.other.*` cells that stand for one 2019 `apply.other` cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Side<'a> {
    /// The report's own cell under the row's id.
    Cell(&'a Cell),
    /// The three 2021 cells `apply.other.{no_correction,no_fee,other}.<col>`, summed.
    Sum {
        /// The cells summed, with their ids, in form order.
        parts: [(&'static str, &'a Cell); 3],
        /// Their sum, as [`aligned_value`] reads it.
        value: Option<Decimal>,
    },
}

impl Side<'_> {
    /// The value, when it reads as a number (for a sum: when every part reads or is blank and at
    /// least one reads).
    pub fn value(&self) -> Option<Decimal> {
        match self {
            Side::Cell(cell) => cell.value,
            Side::Sum { value, .. } => *value,
        }
    }

    /// Whether this side is a sum of several cells rather than one cell.
    pub fn is_sum(&self) -> bool {
        matches!(self, Side::Sum { .. })
    }
}

/// One row of the side-by-side view: a canonical id with last year's and this year's cell.
#[derive(Debug, Clone)]
pub struct AlignedRow<'a> {
    /// The canonical cell id. For the cross-version row of （六）其他处理 it is the 2019 id
    /// `apply.other.<col>`.
    pub id: &'static str,
    /// The template definition naming the row (labels, value kind); the current report's when
    /// it has the id, else the prior's.
    pub def: &'static CellDef,
    /// Last year's side, `None` when last year's template has no such cell.
    pub prior: Option<Side<'a>>,
    /// This year's side, `None` when this year's template has no such cell.
    pub current: Option<Side<'a>>,
    /// For a 2021 `apply.other.*` row: the id of the cross-version row that sums it, so a view
    /// can indent it under that row.
    pub part_of: Option<&'static str>,
}

impl PartialEq for AlignedRow<'_> {
    /// Rows are equal when they name the same id with the same cells; the definition follows
    /// from the id.
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.prior == other.prior
            && self.current == other.current
            && self.part_of == other.part_of
    }
}

impl AlignedRow<'_> {
    /// The table the row belongs to.
    pub fn table(&self) -> TableId {
        self.def.table
    }

    /// What kind of number the row holds.
    pub fn kind(&self) -> ValueKind {
        self.def.kind
    }

    /// Which report alone has the id, or `None` when both have it.
    pub fn only_in(&self) -> Option<OnlyIn> {
        match (&self.prior, &self.current) {
            (None, Some(_)) => Some(OnlyIn::Current),
            (Some(_), None) => Some(OnlyIn::Prior),
            _ => None,
        }
    }

    /// Last year's value and this year's, when both read as numbers.
    pub fn values(&self) -> Option<(Decimal, Decimal)> {
        Some((self.prior?.value()?, self.current?.value()?))
    }
}

/// The value of `id` as it reads in `report`, translating across template versions: the 2019
/// row `apply.other.<col>` is the sum of the three 2021 rows `apply.other.*.<col>`.
/// `None` when the report has no such cell or it does not read as a number; for the sum, when
/// a part is unreadable, ambiguous or missing, or every part is blank.
pub fn aligned_value(report: &Report, id: &str) -> Option<Decimal> {
    if let Some(cell) = report.cell(id) {
        return cell.value;
    }
    let col = id.strip_prefix("apply.other.")?;
    if report.meta.template != Template::V2021 || col.contains('.') {
        return None;
    }
    let schema = report.schema();
    let parts = other_parts(schema, report, col)?;
    sum_parts(&parts)
}

/// Align two reports row by row, in the current template's form order. Cells only last year's
/// template has are placed beside their own row when this year's form still has it (before
/// the first of its columns that follows them on last year's form), else after the row that
/// preceded theirs on last year's form. Across 2019 → 2021, the 2019 `apply.other.<col>` row
/// stands just above the three 2021 rows it sums.
pub fn align<'a>(prior: &'a Report, current: &'a Report) -> Vec<AlignedRow<'a>> {
    let prior_schema = prior.schema();
    let current_schema = current.schema();
    // Sort key: (position on this year's form, before/at/after, position on last year's form).
    let mut keyed: Vec<((usize, u8, usize), AlignedRow<'a>)> =
        Vec::with_capacity(current_schema.cells.len() + prior_schema.cells.len() / 4);

    for (pos, def) in current_schema.cells.iter().enumerate() {
        let row = match counterpart(def, prior_schema) {
            Counterpart::Same(prior_pos) => AlignedRow {
                id: &def.id,
                def,
                prior: Some(Side::Cell(cell_of(prior, &prior_schema.cells[prior_pos]))),
                current: Some(Side::Cell(cell_of(current, def))),
                part_of: None,
            },
            Counterpart::Summed => AlignedRow {
                id: &def.id,
                def,
                prior: sum_side(prior_schema, prior, def.column),
                current: Some(Side::Cell(cell_of(current, def))),
                part_of: None,
            },
            Counterpart::PartOf(sum_def) => AlignedRow {
                id: &def.id,
                def,
                prior: None,
                current: Some(Side::Cell(cell_of(current, def))),
                part_of: Some(&sum_def.id),
            },
            Counterpart::None => AlignedRow {
                id: &def.id,
                def,
                prior: None,
                current: Some(Side::Cell(cell_of(current, def))),
                part_of: None,
            },
        };
        keyed.push(((pos, 1, 0), row));
    }

    for (prior_pos, def) in prior_schema.cells.iter().enumerate() {
        let row = match counterpart(def, current_schema) {
            Counterpart::Same(_) => continue,
            Counterpart::Summed => AlignedRow {
                id: &def.id,
                def,
                prior: Some(Side::Cell(cell_of(prior, def))),
                current: sum_side(current_schema, current, def.column),
                part_of: None,
            },
            Counterpart::PartOf(sum_def) => AlignedRow {
                id: &def.id,
                def,
                prior: Some(Side::Cell(cell_of(prior, def))),
                current: None,
                part_of: Some(&sum_def.id),
            },
            Counterpart::None => AlignedRow {
                id: &def.id,
                def,
                prior: Some(Side::Cell(cell_of(prior, def))),
                current: None,
                part_of: None,
            },
        };
        let key = placement(def, prior_schema, current_schema, &row);
        keyed.push(((key.0, key.1, prior_pos), row));
    }

    keyed.sort_by_key(|(key, _)| *key);
    keyed.into_iter().map(|(_, row)| row).collect()
}

/// How a cell of one template relates to the other template.
enum Counterpart {
    /// The other template has the same id, at this position.
    Same(usize),
    /// A 2019 `apply.other.<col>`: the other (2021) template has it as a sum of three rows.
    Summed,
    /// A 2021 `apply.other.*.<col>`: a part of the 2019 cell given.
    PartOf(&'static CellDef),
    /// The other template has no such cell.
    None,
}

fn counterpart(def: &CellDef, other: &'static Schema) -> Counterpart {
    if let Some(pos) = other.position(&def.id) {
        return Counterpart::Same(pos);
    }
    if def.table != TableId::Apply {
        return Counterpart::None;
    }
    if def.row == "other" && other.template == Template::V2021 {
        return Counterpart::Summed;
    }
    if def.row.starts_with("other.")
        && other.template == Template::V2019
        && let Some(sum_def) = other.cell(&format!("apply.other.{}", def.column))
    {
        return Counterpart::PartOf(sum_def);
    }
    Counterpart::None
}

/// Where a cell only last year's form has goes among this year's rows: `(position, 0)` just
/// before a current cell, `(position, 2)` just after one.
fn placement(
    def: &CellDef,
    prior_schema: &Schema,
    current_schema: &Schema,
    row: &AlignedRow<'_>,
) -> (usize, u8) {
    // The 2019 其他处理 row goes just above the 2021 rows it sums; those go just below it.
    if row.current.is_some_and(|s| s.is_sum()) {
        let first = format!("apply.other.{}.natural", OTHER_PARTS[0]);
        if let Some(pos) = current_schema.position(&first) {
            return (pos, 0);
        }
    }
    if row.part_of.is_some()
        && let Some(pos) = last_position_of_row(current_schema, def.table, "other")
    {
        return (pos, 2);
    }
    // Beside its own row when this year's form still has it.
    if current_schema.row(def.table, def.row).is_some() {
        let later_shared = prior_schema
            .row_cells(def.table, def.row)
            .skip_while(|c| c.column != def.column)
            .skip(1)
            .find_map(|c| current_schema.position(&c.id));
        if let Some(pos) = later_shared {
            return (pos, 0);
        }
        if let Some(pos) = last_position_of_row(current_schema, def.table, def.row) {
            return (pos, 2);
        }
    }
    // Else after the nearest earlier row of last year's form that this year's form has.
    let table = prior_schema.table(def.table);
    let own = table.rows.iter().position(|r| r.id == def.row).unwrap_or(0);
    let anchor = table.rows[..own]
        .iter()
        .rev()
        .find_map(|r| last_position_of_row(current_schema, def.table, r.id));
    match anchor {
        Some(pos) => (pos, 2),
        None => (
            current_schema
                .cells
                .iter()
                .position(|c| c.table == def.table)
                .unwrap_or(0),
            0,
        ),
    }
}

fn last_position_of_row(schema: &Schema, table: TableId, row: &str) -> Option<usize> {
    schema
        .cells
        .iter()
        .rposition(|c| c.table == table && c.row == row)
}

/// A report's cell, or a static missing cell when the report's map lacks it (a hand-built
/// report): the schema guarantees the id, the map only by construction.
fn cell_of<'a>(report: &'a Report, def: &CellDef) -> &'a Cell {
    report.cell(&def.id).unwrap_or(&MISSING)
}

static MISSING: Cell = Cell {
    raw: CompactString::const_new(""),
    value: None,
    status: CellStatus::Missing,
    unit: None,
    location: None,
    candidates: Vec::new(),
    recovered: false,
};

fn other_parts<'a>(
    schema: &'static Schema,
    report: &'a Report,
    col: &str,
) -> Option<[(&'static str, &'a Cell); 3]> {
    let part = |sub: &str| -> Option<(&'static str, &'a Cell)> {
        let def = schema.cell(&format!("apply.other.{sub}.{col}"))?;
        Some((def.id.as_str(), cell_of(report, def)))
    };
    Some([
        part(OTHER_PARTS[0])?,
        part(OTHER_PARTS[1])?,
        part(OTHER_PARTS[2])?,
    ])
}

fn sum_side<'a>(schema: &'static Schema, report: &'a Report, col: &str) -> Option<Side<'a>> {
    let parts = other_parts(schema, report, col)?;
    let value = sum_parts(&parts);
    Some(Side::Sum { parts, value })
}

/// Blank parts add nothing; an unreadable, ambiguous or missing part makes the sum unknown, and
/// so does a sum with nothing but blanks in it (a blank is not a zero).
fn sum_parts(parts: &[(&'static str, &Cell); 3]) -> Option<Decimal> {
    let mut sum = None;
    for (_, cell) in parts {
        match cell.status {
            CellStatus::Value => *sum.get_or_insert(Decimal::ZERO) += cell.value?,
            CellStatus::Blank => {}
            _ => return None,
        }
    }
    sum
}
