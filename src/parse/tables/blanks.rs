//! Blank cells in digits that ran together. A blank cell leaves no digit behind: `139002244`
//! is 1, 39, 0, 0, 2, 2, 44 with every cell of a row of 三 filled and 13, 9, 0, 0, 22, 44 with
//! one left blank; `933` in a row of 二 is 9, 3, 3 or 933 and two blanks. Cutting as if every
//! cell were filled is right only in a text that fills them all. So the evidence that a text
//! leaves cells blank is gathered over all its tables, and once all are read
//! ([`settle_blanks`]) the rows whose cut assumed every cell filled are left ambiguous if the
//! text leaves cells blank.

use super::super::lines::Tok;
use super::super::normalize::{digit_value, is_digit};
use super::{Reader, row_at};
use crate::model::{Cell, CellStatus, Location, ParseNote, Report, TableId};

/// What a text shows of its blank cells, gathered over its tables.
#[derive(Debug, Default)]
pub struct Blanks {
    /// A run-together row shows blank cells: fewer digits than cells, or read only with cells
    /// left blank.
    seen: bool,
    /// Cells cut as if every cell of their row were filled, whose digits also read with cells
    /// left blank.
    doubted: Vec<Doubt>,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Doubt {
    table: TableId,
    copy: usize,
    row: usize,
    /// The row's cells `from..to` were cut from `raw`.
    from: usize,
    to: usize,
    raw: String,
    line: usize,
    at: usize,
}

impl Blanks {
    /// Whether the tables read so far show blank cells.
    pub fn seen(&self) -> bool {
        self.seen
    }
}

impl Reader<'_, '_> {
    /// This text leaves cells blank.
    pub(super) fn saw_blanks(&mut self) {
        self.blanks.seen = true;
    }

    /// Cells `from..to` of `row` were cut from `tok` as if every cell were filled, and its
    /// digits also read with cells left blank. Zeros only are 0 however they are cut: a blank
    /// among them reads 0, which changes no sum.
    pub(super) fn doubt_cut(&mut self, row: usize, from: usize, to: usize, tok: &Tok) {
        if tok
            .text
            .chars()
            .all(|c| !is_digit(c) || digit_value(c) == Some(0))
        {
            return;
        }
        self.blanks.doubted.push(Doubt {
            table: self.table,
            copy: self.copy,
            row,
            from,
            to,
            raw: tok.text.to_owned(),
            line: tok.line,
            at: tok.at,
        });
    }

    /// A cell of `row` that the column equations chose among readings of every cell filled.
    pub(super) fn doubt_cell(&mut self, row: usize, column: usize, cell: &Cell) {
        let Some(at) = cell.location else {
            return;
        };
        self.blanks.doubted.push(Doubt {
            table: self.table,
            copy: self.copy,
            row,
            from: column,
            to: column + 1,
            raw: cell.raw.to_string(),
            line: at.line,
            at: at.column.unwrap_or_default(),
        });
    }
}

/// In a text that leaves cells blank, the doubted cuts are undone: their cells become
/// ambiguous (no value), and the note that they were split by the arithmetic gives way to one
/// that says why they were not.
pub fn settle_blanks(reports: &mut [Report], blanks: &mut Blanks) {
    if !blanks.seen {
        return;
    }
    blanks.doubted.sort();
    blanks.doubted.dedup();
    for d in &blanks.doubted {
        let Some(report) = reports.get_mut(d.copy) else {
            continue;
        };
        let Some((_, ids)) = row_at(report, d.table, d.row) else {
            continue;
        };
        let location = Location {
            line: d.line,
            column: Some(d.at),
            page: None,
        };
        for id in ids.get(d.from..d.to).unwrap_or_default() {
            let Some(cell) = report.cells.get_mut(id.as_str()) else {
                continue;
            };
            if cell.status == CellStatus::Value {
                *cell = Cell::ambiguous(d.raw.as_str(), Some(location), Vec::new());
            }
        }
        report
            .notes
            .retain(|n| !(n.kind == "recovered" && n.cells == ids));
        let note = ParseNote {
            kind: "ambiguous".into(),
            message: format!(
                "连在一起的数字“{}”也可读作有单元格留空，而本文有留空的单元格：无法唯一拆分到各列",
                d.raw
            ),
            message_en: format!(
                "run-together digits {} also read with cells left blank, and this text leaves cells blank: no single reading",
                d.raw
            ),
            line: Some(d.line),
            cells: ids,
        };
        // Cells of one row doubted one by one are one note.
        if !report.notes.contains(&note) {
            report.notes.push(note);
        }
    }
}
