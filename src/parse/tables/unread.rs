//! A flattened text's rows that no numbers were read for. Where numbers of the same table
//! could not be placed in any row, such a row is not known to be missing: its label may have
//! been pulled away from its numbers (a PDF converted to Markdown, then copied as one line),
//! and its numbers may be among those left over. Its cells are ambiguous, not missing: a
//! missing row is an error in the report, an unread one is the reader's limit.

use super::super::lines::Tok;
use super::Reader;
use crate::model::{Cell, CellStatus, Location};

/// At most this many left-over runs are quoted in a cell's raw text.
const QUOTED_RUNS: usize = 4;

/// Numbers no row took: (copy, text, line, column).
pub(super) type Unplaced = Vec<(usize, String, usize, usize)>;

impl<'s> Reader<'_, 's> {
    /// Remember a flattened text's run that no row took, for [`Reader::unread_rows`].
    pub(super) fn keep_unplaced(&mut self, run: &[&Tok<'s>]) {
        let Some(first) = run.first() else {
            return;
        };
        if self.flat {
            let raws: Vec<&str> = run.iter().map(|t| t.text).collect();
            self.unplaced
                .push((self.copy, raws.join(" "), first.line, first.at));
        }
    }

    /// Rows of a flattened table not read while some of its numbers were not placed: their
    /// cells become ambiguous, quoting the numbers left over.
    pub(super) fn unread_rows(&mut self) {
        for copy in 0..self.reports.len() {
            let left: Vec<&(usize, String, usize, usize)> =
                self.unplaced.iter().filter(|u| u.0 == copy).collect();
            let Some(&&(_, _, line, at)) = left.first() else {
                continue;
            };
            let mut raw: Vec<&str> = left
                .iter()
                .take(QUOTED_RUNS)
                .map(|u| u.1.as_str())
                .collect();
            if left.len() > QUOTED_RUNS {
                raw.push("…");
            }
            let raw = raw.join(" ");
            let unread: Vec<usize> = (0..self.widths.len())
                .filter(|&r| self.seen[r] <= copy)
                .collect();
            for row in unread {
                let mut cells = Vec::new();
                for def in self.row_defs[row] {
                    let cells_of = &mut self.reports[copy].cells;
                    if cells_of
                        .at(def.position)
                        .is_some_and(|c| c.status != CellStatus::Missing)
                    {
                        continue;
                    }
                    let location = Location {
                        line,
                        column: Some(at),
                        page: None,
                    };
                    let cell = Cell::ambiguous(raw.as_str(), Some(location), Vec::new());
                    cells_of.put_at(def.position, cell);
                    cells.push(def.id.clone());
                }
                if cells.is_empty() {
                    continue;
                }
                self.copy = copy;
                self.note(
                    "unplaced",
                    format!(
                        "“{}”行的数字未能读出；表中有无法归入行的数字（{raw}），可能属于该行",
                        self.row_label(row)
                    ),
                    format!(
                        "row {} was not read; numbers of the table no row took ({raw}) may be its",
                        self.row_id(row)
                    ),
                    Some(line),
                    cells,
                );
            }
        }
    }
}
