//! Read one table from the token stream: words accumulate as label text; each run of cells
//! goes to the earliest template row (after the last one read) whose label the text names, or,
//! when no label precedes it, to the next row in the form's order. Cells are then placed by the
//! row's known column count, whatever the layout did to blanks.
//!
//! A comparison export holds the same table once per year, one copy after the other (or in
//! interleaved fragments): the n-th time a row is read it belongs to the n-th copy.

use rust_decimal::Decimal;

mod blanks;
mod broken_labels;
mod hints;
mod unread;
use broken_labels::sub_row_number;

use blanks::Blanks;
use hints::Spacing;
pub use hints::{blank_line_votes, blank_lines};

use super::joint;
use super::labels::{RowKey, is_column_header, rfind, row_keys};
use super::lines::{Tok, TokKind};
use super::normalize::{digit_value, is_digit, label_key};
use super::runtogether::{Cut, Equation, cut, fits_with_blanks, readings};
use super::value::cell_from;
use crate::model::{
    Cell, CellDef, CellStatus, Extra, Location, ParseNote, Report, RowDef, TableId, Template,
};

/// Label text longer than this is prose, not a label.
const MAX_LABEL_CHARS: usize = 60;

/// Pending label text kept (bytes, from its end): every row key is found near the text's end,
/// and text that is never consumed (rows repeated past the template) must not grow without
/// bound, or each search over it makes reading quadratic.
const MAX_PENDING_BYTES: usize = 1024;

/// Notes and cells produced for one table.
struct Reader<'r, 's> {
    /// One report per copy of the table in the text (one, except in comparison exports).
    reports: &'r mut [Report],
    /// The copy the row being read belongs to.
    copy: usize,
    /// How many times each row has been read so far.
    seen: Vec<usize>,
    /// Numbers displaced from their row (a PDF converter moved them): (token, copy).
    strays: Vec<(Tok<'s>, usize)>,
    table: TableId,
    keys: Vec<RowKey>,
    widths: Vec<usize>,
    /// Each row's cells in the schema, in column order (their ids are the map's keys).
    row_defs: Vec<&'static [CellDef]>,
    /// Label text since the last row read (label keys joined).
    text: String,
    /// Line of the text's first token.
    text_line: Option<usize>,
    /// Weak-key matches: (byte offset where the token ends in `text`, row index).
    weak: Vec<(usize, usize)>,
    last: Option<usize>,
    /// Read from a flattened one-line text: the label nearest a run names its row.
    flat: bool,
    /// Rows of 三 whose run-together digits have several readings: (copy, row, readings), for
    /// the table's column equations to decide.
    open_rows: Vec<(usize, usize, Vec<Vec<u128>>)>,
    /// Whether the text leaves cells blank, and the cuts that assumed it does not, over all
    /// tables ([`settle_blanks`] once all are read).
    blanks: &'r mut Blanks,
    /// Flattened text: rows whose labels stood before the label of the last row read, not read
    /// themselves. A run after nothing but a table rule belongs to such a row when there is
    /// exactly one.
    passed: Vec<usize>,
    /// Flattened text: numbers no row took ([`unread::Unplaced`]).
    unplaced: unread::Unplaced,
    /// What the text's space-separated rows show of its spacing, and the rows read by it.
    spacing: &'r mut Spacing,
    /// One cell per line with blank lines after each row: how many (`hints::blank_lines`).
    blank_lines: Option<usize>,
    /// Table 二's column heads on the last `信息内容` row of a grid: (line, grid positions).
    heads: Option<(usize, Vec<usize>)>,
    /// Each row's whole label as label-key characters, for labels with a typo.
    label_chars: &'static [Vec<char>],
    /// The last text token added to `text`: its key's length (it ends the text) and line.
    tail: Option<(usize, usize)>,
}

/// Each row's whole label as label-key characters, per template and table: the same for
/// every report, so worked out once.
fn label_chars(template: Template, table: TableId) -> &'static [Vec<char>] {
    static CHARS: std::sync::LazyLock<Vec<Vec<Vec<char>>>> = std::sync::LazyLock::new(|| {
        [Template::V2019, Template::V2021]
            .iter()
            .flat_map(|t| TableId::ALL.map(|table| (t.schema(), table)))
            .map(|(schema, table)| {
                schema
                    .table(table)
                    .rows
                    .iter()
                    .map(|r| label_key(r.label).chars().collect())
                    .collect()
            })
            .collect()
    });
    CHARS
        .get(per_table(template, table))
        .map_or(&[], Vec::as_slice)
}

/// Where a (template, table) stands in a list made for both templates' tables in order (2019
/// then 2021, each table of `TableId::ALL`): the index of what is worked out once for each.
fn per_table(template: Template, table: TableId) -> usize {
    let t = match template {
        Template::V2019 => 0,
        Template::V2021 => 1,
    };
    t * TableId::ALL.len() + TableId::ALL.iter().position(|&x| x == table).unwrap_or(0)
}

/// What a text's layout shows over all its tables: its spacing, and whether it leaves cells
/// blank. Each table adds to it; it is settled once all are read.
#[derive(Debug, Default)]
pub struct Hints {
    spacing: Spacing,
    blanks: Blanks,
}

/// The row at place `row` of `table` in `report`'s form, and its cells' ids in column order:
/// what a settling, after all tables are read, works on.
fn row_at(report: &Report, table: TableId, row: usize) -> Option<(&'static RowDef, Vec<String>)> {
    let schema = report.schema();
    let def = schema.table(table).rows.get(row)?;
    let ids = schema
        .row_cells(table, def.id)
        .map(|c| c.id.clone())
        .collect();
    Some((def, ids))
}

/// Undo what the whole text's layout shows was read on a guess: rows placed by spaces the
/// text does not prove regular, cuts that assumed every cell filled in a text that leaves cells
/// blank.
pub fn settle(reports: &mut [Report], hints: &mut Hints) {
    hints::settle_spacing(reports, &hints.spacing);
    blanks::settle_blanks(reports, &mut hints.blanks);
}

/// Read `table` of the reports' template from `toks`, filling `cells` of each report: the
/// n-th reading of a row goes to `reports[n]` (one report unless the text holds several).
/// `label_keys[i]` is the label key of `toks[i]` when that is text. `blank_lines`: the text
/// is one cell per line with that many blank lines closing each row ([`blank_lines`]).
/// `hints` gathers, over all tables, what the layout shows ([`settle`] once all are read).
pub fn read<'s>(
    reports: &mut [Report],
    table: TableId,
    toks: &[Tok<'s>],
    label_keys: &[std::borrow::Cow<'_, str>],
    flat: bool,
    blank_lines: Option<usize>,
    hints: &mut Hints,
) {
    let Hints { spacing, blanks } = hints;
    let Some(first) = reports.first() else {
        return;
    };
    let schema = first.schema();
    let def = schema.table(table);
    let widths: Vec<usize> = def.rows.iter().map(|r| r.columns.len()).collect();
    let template = first.meta.template;
    let keys = row_keys(template, table);
    let table_cells: &'static [CellDef] = {
        let start = schema.cells.iter().position(|c| c.table == table);
        let len = schema.table_cells(table).count();
        start.map_or(&[], |s| &schema.cells[s..s + len])
    };
    // Each row's cells: from its first cell, as many as it has (one pass over the table's).
    let mut spans: Vec<(Option<usize>, usize)> = vec![(None, 0); widths.len()];
    for (i, c) in table_cells.iter().enumerate() {
        if let Some((start, len)) = spans.get_mut(c.row_index) {
            start.get_or_insert(i);
            *len += 1;
        }
    }
    let row_defs = spans
        .into_iter()
        .map(|(start, len)| start.map_or(&[][..], |s| &table_cells[s..s + len]))
        .collect();
    let mut reader = Reader {
        row_defs,
        seen: vec![0; widths.len()],
        reports,
        copy: 0,
        strays: Vec::new(),
        table,
        keys,
        widths,
        text: String::new(),
        text_line: None,
        weak: Vec::new(),
        last: None,
        flat,
        open_rows: Vec::new(),
        blanks,
        passed: Vec::new(),
        unplaced: Vec::new(),
        spacing,
        blank_lines,
        heads: None,
        label_chars: label_chars(template, table),
        tail: None,
    };
    let mut run: Vec<&Tok<'s>> = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        match tok.kind {
            TokKind::Text => {
                reader.flush_segment(&mut run, false);
                reader.add_text(tok, label_keys.get(i).map_or("", |k| k.as_ref()));
            }
            _ => run.push(tok),
        }
    }
    reader.flush_segment(&mut run, true);
    reader.place_strays();
    reader.solve_jointly();
    reader.unread_rows();
}

pub(super) fn strip_numbering(key: &str) -> &str {
    let k = key.trim_start_matches(|c: char| c.is_ascii_digit() || super::normalize::is_numeral(c));
    let k = k.trim_start_matches(['.', '）']);
    let k = k
        .strip_prefix('（')
        .and_then(|r| r.split_once('）').map(|(_, after)| after))
        .unwrap_or(k);
    k.trim_end_matches(['：', '.', '。'])
}

impl<'s> Reader<'_, 's> {
    fn add_text(&mut self, tok: &Tok, key: &str) {
        let key = if self.flat {
            // A flattened text's words before a run end in the run's label.
            let skip = key.chars().count().saturating_sub(MAX_LABEL_CHARS);
            key.char_indices().nth(skip).map_or(key, |(i, _)| &key[i..])
        } else {
            key
        };
        if key.chars().count() > MAX_LABEL_CHARS {
            self.tail = None;
            return;
        }
        if key.contains("小计") {
            self.reports[self.copy].extras.push(Extra {
                table: self.table,
                label: tok.text.to_owned(),
                line: tok.line,
            });
        }
        self.note_head(tok, key);
        let bare = strip_numbering(key);
        let after = self.last.map_or(0, |l| l + 1);
        // `其他` and `总计` among the column heads (a header repeated after a page break, or
        // set above a table fragment) name columns, not rows.
        let names_weak = self.keys.iter().skip(after).any(|k| k.weak == Some(bare));
        let in_header = names_weak && is_column_header(&self.text);
        let from = if self.flat { 0 } else { after };
        // `2.其他` of `2.其他法律行政法规禁止公开` broken over lines is not the row `3.其他`: a
        // number written before a weak word must be the row's place in its group.
        let number = sub_row_number(key);
        for (i, k) in self.keys.iter().enumerate().skip(from) {
            let numbered_alike =
                || number.is_none_or(|n| self.place_in_group(i).is_none_or(|p| p == n));
            if k.weak == Some(bare) && !in_header && numbered_alike() {
                self.weak.push((self.text.len() + key.len(), i));
            }
        }
        if self.text.is_empty() {
            self.text_line = Some(tok.line);
        }
        self.text.push_str(key);
        self.tail = Some((key.len(), tok.line));
        if self.text.len() > MAX_PENDING_BYTES {
            let mut cut = self.text.len() - MAX_PENDING_BYTES / 2;
            while !self.text.is_char_boundary(cut) {
                cut += 1;
            }
            self.consume_text(cut);
        }
    }

    /// The row named by the label on the line where a run starts (`line`), when the words
    /// just before the run stand on that line and name a row after the last one read: a row
    /// whose numbers vanished altogether (every cell blank) leaves its label pending, and the
    /// next row's numbers, on the next row's line, are not its. Otherwise [`Self::labelled_row`].
    fn labelled_row_at(&self, line: Option<usize>) -> Option<(usize, usize)> {
        self.same_line_row(line).or_else(|| {
            self.labelled_row()
                .filter(|&(row, _)| self.numbered_as(line, row))
        })
    }

    fn same_line_row(&self, line: Option<usize>) -> Option<(usize, usize)> {
        let (start, words) = self.words_on_line(line)?;
        let after = self.last.map_or(0, |l| l + 1);
        self.keys
            .iter()
            .enumerate()
            .skip(after)
            .find_map(|(i, k)| {
                let strong = k
                    .strong
                    .iter()
                    .filter_map(|s| rfind(words, s).map(|p| start + p + s.len()))
                    .max();
                let weak = self
                    .weak
                    .iter()
                    .filter(|w| w.1 == i && w.0 > start)
                    .map(|w| w.0)
                    .max();
                strong.max(weak).map(|end| (i, end))
            })
            .or_else(|| self.label_tail_row(words, after))
            .or_else(|| self.label_head_row(words, after))
    }

    /// The row the pending label text names, and where its label ends in the text: the
    /// earliest row after the last one read; failing that, a row named by a distinctive label
    /// that still has a copy to fill (a table set out of order, or the next copy beginning).
    fn labelled_row(&self) -> Option<(usize, usize)> {
        if self.flat {
            return self.nearest_label();
        }
        if self.review_head_pending() {
            return None;
        }
        let after = self.last.map_or(0, |l| l + 1);
        let strong_end = |k: &RowKey| {
            k.strong
                .iter()
                .filter_map(|s| rfind(&self.text, s).map(|p| p + s.len()))
                .max()
        };
        for (i, k) in self.keys.iter().enumerate().skip(after) {
            let weak_end = self.weak.iter().filter(|w| w.1 == i).map(|w| w.0).max();
            if let Some(end) = strong_end(k).max(weak_end) {
                return Some((i, end));
            }
        }
        self.keys
            .iter()
            .enumerate()
            .take(after)
            .filter(|(i, _)| self.seen[*i] < self.reports.len())
            .find_map(|(i, k)| strong_end(k).map(|end| (i, end)))
    }

    /// Table 四's column head names both kinds of lawsuit side by side (`未经复议直接起诉
    /// 复议后起诉`): text naming both is the head, not one row's label, and the numbers after
    /// it are not that row's.
    fn review_head_pending(&self) -> bool {
        self.table == TableId::Review
            && self
                .keys
                .iter()
                .filter(|k| k.strong.iter().any(|s| rfind(&self.text, s).is_some()))
                .count()
                >= 2
    }

    /// In a flattened text the label right before a run is its row's: of the rows not read
    /// yet, the one whose label ends last in the pending text (labels of rows whose digits were
    /// lost stand before it, and must not take its digits).
    fn nearest_label(&self) -> Option<(usize, usize)> {
        let named = self.named_rows();
        if named.is_empty() {
            return self.label_with_a_typo();
        }
        let best = named.iter().copied().max_by_key(|&(_, end)| end);
        // Labels of several rows before one run (a table whose labels were pulled away from
        // their numbers): unless the nearest label is also the first in the form's order,
        // which row the digits belong to is a guess, and a guess is not read.
        best.filter(|b| Some(b.0) == named.first().map(|f| f.0))
    }

    /// The one row not read yet whose whole label ends the pending text with one character
    /// wrong (`本年新权政府信息公开申请数量`): a typo must not lose a row.
    fn label_with_a_typo(&self) -> Option<(usize, usize)> {
        // Only the text's last characters are compared: as many as the longest label has.
        let longest = self.label_chars.iter().map(Vec::len).max().unwrap_or(0);
        let mut tail: Vec<char> = self.text.chars().rev().take(longest).collect();
        tail.reverse();
        let hits: Vec<usize> = (0..self.keys.len())
            .filter(|&i| self.seen[i] < self.reports.len())
            .filter(|&i| {
                let label = &self.label_chars[i];
                label.len() >= 4
                    && tail.len() >= label.len()
                    && label
                        .iter()
                        .zip(&tail[tail.len() - label.len()..])
                        .filter(|(a, b)| a != b)
                        .count()
                        <= 1
            })
            .collect();
        match hits[..] {
            [row] => Some((row, self.text.len())),
            _ => None,
        }
    }

    /// Rows not read yet whose label the pending text names, in the form's order, with the
    /// end of their label in the text.
    fn named_rows(&self) -> Vec<(usize, usize)> {
        let mut named = Vec::new();
        for (i, k) in self.keys.iter().enumerate() {
            if self.seen[i] >= self.reports.len() {
                continue;
            }
            let strong = k
                .strong
                .iter()
                .filter_map(|s| rfind(&self.text, s).map(|p| p + s.len()))
                .max();
            let weak = self.weak.iter().filter(|w| w.1 == i).map(|w| w.0).max();
            if let Some(end) = strong.max(weak) {
                named.push((i, end));
            }
        }
        named
    }

    fn consume_text(&mut self, end: usize) {
        let end = end.min(self.text.len());
        if self.text.is_char_boundary(end) {
            self.text.drain(..end);
            self.weak.retain(|w| w.0 > end);
            self.weak.iter_mut().for_each(|w| w.0 -= end);
        } else {
            self.text.clear();
            self.weak.clear();
        }
        if self.text.is_empty() {
            self.text_line = None;
        }
    }

    fn note(
        &mut self,
        kind: &str,
        zh: String,
        en: String,
        line: Option<usize>,
        cells: Vec<String>,
    ) {
        self.reports[self.copy].notes.push(ParseNote {
            kind: kind.into(),
            message: zh,
            message_en: en,
            line,
            cells,
        });
    }

    fn flush(&mut self, run: &[&Tok<'s>]) {
        if !run.is_empty() {
            self.place_run(run);
        }
    }

    fn place_run(&mut self, run: &[&Tok<'s>]) {
        let filled = run.iter().filter(|t| t.kind != TokKind::Empty).count();
        if self.table == TableId::Review && self.whole_review(run) {
            return;
        }
        let labelled = self.labelled_row_at(run.first().map(|t| t.line));
        if filled == 0 && labelled.is_none_or(|(row, _)| run.len() != self.widths[row]) {
            // Empty grid positions around headers and merged cells: nothing to place.
            return;
        }
        if self.subtotal_row(labelled) {
            return;
        }
        let passed = std::mem::take(&mut self.passed);
        if self.flat
            && let Some((row, _)) = labelled
        {
            self.passed = self
                .named_rows()
                .into_iter()
                .map(|(r, _)| r)
                .filter(|&r| r != row)
                .collect();
        }
        let Some((row, by_order)) = self.run_row(run, labelled, &passed, filled) else {
            return;
        };
        if self.seen[row] >= self.reports.len() {
            self.already_read(row, run);
            return;
        }
        let single_other = self.single_other_row(row, by_order);
        if by_order {
            // The words before a run its order places named no row: they are its label's
            // pieces or a head, and name no later row either.
            self.consume_text(self.text.len());
        }
        self.copy = self.seen[row];
        self.seen[row] += 1;
        let width = self.widths[row];
        let rest = self.fill_row(row, width, run, by_order && !single_other);
        if self.reports.len() > 1 || self.last.is_none_or(|l| row > l) {
            self.last = Some(row);
        }
        if single_other {
            self.move_to_single_other(row, run.first().map(|t| t.line));
        }
        if !rest.is_empty() {
            self.place_run(&rest);
        }
    }

    /// A 小计 row is outside the template: recorded as an extra (in `add_text`), its numbers
    /// skipped. True when the pending text ends in one.
    fn subtotal_row(&mut self, labelled: Option<(usize, usize)>) -> bool {
        let subtotal = rfind(&self.text, "小计");
        let is = subtotal.is_some_and(|p| labelled.is_none_or(|(_, end)| p >= end));
        if is {
            self.consume_text(self.text.len());
        }
        is
    }

    /// The row a run goes to, and whether only the form's order says so; `None` (noted when
    /// it holds numbers) when no row can take it.
    fn run_row(
        &mut self,
        run: &[&Tok<'s>],
        labelled: Option<(usize, usize)>,
        passed: &[usize],
        filled: usize,
    ) -> Option<(usize, bool)> {
        let only_rule = self
            .text
            .chars()
            .all(|c| matches!(c, '-' | '—' | '#' | '*'));
        match labelled {
            Some((row, end)) => {
                self.consume_text(end);
                Some((row, false))
            }
            None if self.flat
                && only_rule
                && let [r] = passed[..]
                && self.seen[r] < self.reports.len() =>
            {
                // The one row whose label was passed over before the last row read, its
                // numbers set after a table rule.
                self.consume_text(self.text.len());
                Some((r, false))
            }
            None if self.flat && self.table != TableId::Review => {
                // A run with no single label before it in a flattened text: its row is unknown.
                self.note_unplaced(run);
                self.consume_text(self.text.len());
                None
            }
            None => {
                let next = self.last.map_or(0, |l| l + 1);
                let may_start = self.last.is_some() || self.table == TableId::Review;
                if filled == 0 {
                    return None;
                }
                if !may_start || next >= self.keys.len() || self.seen[next] >= self.reports.len() {
                    self.note_unplaced(run);
                    return None;
                }
                Some((next, true))
            }
        }
    }

    pub(super) fn note_unplaced(&mut self, run: &[&Tok<'s>]) {
        self.keep_unplaced(run);
        let raws: Vec<&str> = run.iter().map(|t| t.text).collect();
        self.note(
            "unplaced",
            format!("无法归入表格行的数字：{}", raws.join(" ")),
            format!("numbers not placed in any row: {}", raws.join(" ")),
            run.first().map(|t| t.line),
            Vec::new(),
        );
    }

    /// Read once per copy already: a summary or difference table repeating the label.
    fn already_read(&mut self, row: usize, run: &[&Tok<'s>]) {
        let raws: Vec<&str> = run.iter().map(|t| t.text).collect();
        let id = self.row_id(row);
        self.note(
            "unplaced",
            format!(
                "“{}”行已读过，此处的数字未采用：{}",
                self.row_label(row),
                raws.join(" ")
            ),
            format!(
                "row {id} was already read; numbers here not used: {}",
                raws.join(" ")
            ),
            run.first().map(|t| t.line),
            Vec::new(),
        );
    }

    /// Fifteen cells with no row of their own: table 四 written as one row.
    fn whole_review(&mut self, run: &[&Tok<'s>]) -> bool {
        // Not judged here: the run may be one labelled row, judged when it is placed.
        let (run, weak) = self.spaced_positions(15, run, false);
        let filled: Vec<&Tok> = run
            .iter()
            .copied()
            .filter(|t| t.kind != TokKind::Empty)
            .collect();
        if filled.is_empty() {
            return false;
        }
        let trimmed = trim_empty(&run);
        let cells: Vec<Option<&Tok>> = if filled.len() == 15 {
            filled.into_iter().map(Some).collect()
        } else if trimmed.len() == 15 {
            trimmed.iter().map(|t| Some(*t)).collect()
        } else if run.len() == 15 {
            run.iter().map(|t| Some(*t)).collect()
        } else if let [tok] = filled[..]
            && tok.kind == TokKind::RunTogether
        {
            return self.run_together_whole_review(tok);
        } else {
            return self.review_without_blanks(&filled);
        };
        if !self.next_review_copy() {
            return false;
        }
        if weak {
            let (table, copy) = (self.table, self.copy);
            self.spacing.rows.extend((0..3).map(|r| (table, copy, r)));
        }
        for (i, tok) in cells.into_iter().enumerate() {
            let row = i / 5;
            self.set_cell(row, i % 5, tok);
        }
        self.last = Some(2);
        self.text.clear();
        self.weak.clear();
        true
    }

    /// Table 四's digits run together with no row label: fifteen or more digits are cut as
    /// the whole table; three are the three groups' totals (the blank cells vanished).
    fn run_together_whole_review(&mut self, tok: &Tok) -> bool {
        let digits = tok.text.chars().filter(|&c| is_digit(c)).count();
        if digits >= 15 {
            self.run_together_review(tok);
            return true;
        }
        if (4..15).contains(&digits)
            && self.review_head_pending()
            && self.labelled_row().is_none()
            && self.next_review_copy()
        {
            // Fewer than fifteen digits right after the column head that names both kinds of
            // lawsuit, and no row label: blank cells vanished, and which group each digit
            // belongs to is not known (a blank group leaves no trace).
            for row in 0..3 {
                self.ambiguous_from(row, 0, 5, tok);
            }
            self.last = Some(2);
            self.text.clear();
            self.weak.clear();
            return true;
        }
        if digits != 3 || !self.next_review_copy() {
            return false;
        }
        for (row, (at, c)) in tok
            .text
            .char_indices()
            .filter(|&(_, c)| is_digit(c))
            .enumerate()
        {
            let digit = Tok {
                text: &tok.text[at..at + c.len_utf8()],
                at: tok.at + tok.text[..at].chars().count(),
                ..*tok
            };
            self.lone_total(row, 5, &digit);
        }
        self.last = Some(2);
        self.text.clear();
        self.weak.clear();
        true
    }

    /// More than one group's numbers but fewer than fifteen, and no row label: the blank
    /// cells vanished and nothing says which groups the numbers belong to (however they are
    /// set on lines: a blank group leaves no line either). Every cell of the table is
    /// ambiguous (the numbers its candidates) rather than the groups filled in order.
    fn review_without_blanks(&mut self, filled: &[&Tok<'s>]) -> bool {
        let plain = filled.iter().all(|t| t.kind == TokKind::Value);
        // One cell per line, a blank group would leave no line either: one group's count of
        // numbers is no group's row.
        let per_line = filled.len() > 1
            && filled
                .windows(2)
                .all(|w| w[0].line < w[1].line && w[1].column.is_none())
            && filled[0].column.is_none();
        // Fewer than fifteen numbers right after the column head (its blank cells left no
        // trace): which group each belongs to is not known, however few.
        let least = if self.review_head_pending() {
            1
        } else if per_line {
            2
        } else {
            6
        };
        // A lawsuit's name followed by the column heads (`未经复议直` / `复议后起诉` / `接起诉`,
        // the head broken over lines) heads a group of columns: it is no row's label.
        let row_label = self
            .labelled_row()
            .filter(|&(_, end)| !self.column_heads_after(end));
        if !(least..15).contains(&filled.len())
            || !plain
            || row_label.is_some()
            || !self.next_review_copy()
        {
            return false;
        }
        for row in 0..3 {
            self.too_few(row, 5, filled);
        }
        self.last = Some(2);
        self.text.clear();
        self.weak.clear();
        true
    }

    /// Whether the pending text after `end` holds a column head of the table's first row
    /// (table 四's `结果维持` … `总计`): a label before column heads names no row.
    fn column_heads_after(&self, end: usize) -> bool {
        let rest = self.text.get(end..).unwrap_or_default();
        self.row_defs
            .first()
            .is_some_and(|cells| cells.iter().any(|c| rest.contains(c.column_label)))
    }

    /// Route a whole table 四 to the next copy; false when every copy has one.
    pub(super) fn next_review_copy(&mut self) -> bool {
        let copy = self.seen.iter().copied().min().unwrap_or(0);
        if copy >= self.reports.len() {
            return false;
        }
        self.copy = copy;
        self.seen.iter_mut().for_each(|s| *s = copy + 1);
        true
    }

    fn run_together_review(&mut self, tok: &Tok) {
        if !self.next_review_copy() {
            return;
        }
        let result = cut(tok.text, 15, Equation::Groups(5));
        let digits = tok.text.chars().filter(|&c| is_digit(c)).count();
        let none = matches!(&result, Cut::Ambiguous(c) if c.iter().all(Vec::is_empty));
        // Fewer digits than cells, or read only with cells blank: the text leaves cells blank.
        // Read with every cell filled while a reading with blanks fits: that cut is doubted.
        let blank_reading = fits_with_blanks(tok.text, 3, 5);
        if none && (digits < 15 || blank_reading) {
            self.saw_blanks();
        }
        for row in 0..3 {
            self.apply_cut(row, tok, &result, row * 5, 5);
            if !none && blank_reading {
                self.doubt_cut(row, 0, 5, tok);
            }
        }
        self.last = Some(2);
        self.text.clear();
        self.weak.clear();
    }

    /// Place a run in one row; returns what belongs to the following rows.
    fn fill_row<'t>(
        &mut self,
        row: usize,
        n: usize,
        run: &[&'t Tok<'s>],
        by_order: bool,
    ) -> Vec<&'t Tok<'s>> {
        let (run, weak) = self.spaced_positions(n, run, true);
        if weak {
            self.spacing.rows.push((self.table, self.copy, row));
        }
        let filled: Vec<&Tok> = run
            .iter()
            .copied()
            .filter(|t| t.kind != TokKind::Empty)
            .collect();
        if by_order {
            self.note_by_order(row, run.first().map(|t| t.line));
        }
        if let [tok] = filled[..]
            && tok.kind == TokKind::RunTogether
        {
            self.run_together_row(row, n, tok);
            return Vec::new();
        }
        if let Some(cells) = self.positions(n, &run, &filled) {
            for (c, t) in cells.iter().enumerate() {
                self.set_cell(row, c, Some(t));
            }
            return Vec::new();
        }
        if filled.len() > n {
            return self.too_many(row, n, &run, &filled);
        }
        if let [tok] = filled[..]
            && tok.collapsed
            && self.table == TableId::Apply
        {
            // Collapsed blanks on a web page: a lone number is the 总计 column.
            self.lone_total(row, n, tok);
            return Vec::new();
        }
        if !filled.is_empty() {
            self.too_few(row, n, &filled);
        }
        Vec::new()
    }

    fn note_by_order(&mut self, row: usize, line: Option<usize>) {
        let id = self.row_id(row);
        self.note(
            "by_order",
            format!("无行名的数字按表格顺序归入“{}”行", self.row_label(row)),
            format!("numbers without a row label placed in row {id} by the form's order"),
            line,
            Vec::new(),
        );
    }

    /// The run's tokens for the row's `n` columns, in order, where the layout says which
    /// token is which column: as many numbers as columns; as many positions; positions
    /// under table 二's heads; positions once the empty ends (or a grid's padding) are set
    /// aside.
    fn positions<'t>(
        &self,
        n: usize,
        run: &[&'t Tok<'s>],
        filled: &[&'t Tok<'s>],
    ) -> Option<Vec<&'t Tok<'s>>> {
        if filled.len() == n {
            return Some(filled.to_vec());
        }
        if run.len() == n {
            return Some(run.to_vec());
        }
        if let Some(cells) = self.head_positions(n, run) {
            return Some(cells);
        }
        let trimmed = trim_empty(run);
        if trimmed.len() == n {
            return Some(trimmed.to_vec());
        }
        if filled.len() < n {
            return without_padding(run, n).map(<[_]>::to_vec);
        }
        None
    }

    /// More numbers than the row has columns: whole lines holding exactly one row's cells
    /// (the rest are the next rows'), or a few strays before such lines, or a merged-cell
    /// artefact after the row's cells.
    fn too_many<'t>(
        &mut self,
        row: usize,
        n: usize,
        run: &[&'t Tok<'s>],
        filled: &[&'t Tok<'s>],
    ) -> Vec<&'t Tok<'s>> {
        if let Some(split) = line_split(run, n) {
            let (head, tail) = run.split_at(split);
            let head_filled = head.iter().filter(|t| t.kind != TokKind::Empty);
            for (c, t) in head_filled.enumerate() {
                self.set_cell(row, c, Some(t));
            }
            return tail.to_vec();
        }
        if let Some(split) = stray_split(run, n) {
            self.strays_before(row, run, split);
            return Vec::new();
        }
        for (c, t) in filled.iter().take(n).enumerate() {
            self.set_cell(row, c, Some(t));
        }
        let extra: Vec<&str> = filled[n..].iter().map(|t| t.text).collect();
        let cells = self.row_cell_ids(row);
        self.note(
            "realigned",
            format!(
                "“{}”行多出 {} 个数字（合并单元格残留：{}），已按模板列数对齐，未移动列",
                self.row_label(row),
                extra.len(),
                extra.join(" ")
            ),
            format!(
                "row {} carries {} extra number(s) ({}), a merged-cell artefact; realigned to the template's columns",
                self.row_id(row),
                extra.len(),
                extra.join(" ")
            ),
            filled[n].line.into(),
            cells,
        );
        Vec::new()
    }

    /// Whole last line(s) holding exactly the row's cells, after a few numbers on lines of
    /// their own (`run[..split]`): those were moved here from elsewhere by the text
    /// extraction, and wait for a blank cell that the arithmetic says is theirs.
    fn strays_before(&mut self, row: usize, run: &[&Tok<'s>], split: usize) {
        let (head, tail) = run.split_at(split);
        let strays: Vec<&Tok> = head
            .iter()
            .copied()
            .filter(|t| t.kind != TokKind::Empty)
            .collect();
        let raws: Vec<&str> = strays.iter().map(|t| t.text).collect();
        self.note(
            "unplaced",
            format!(
                "“{}”行前有不属于该行的数字：{}",
                self.row_label(row),
                raws.join(" ")
            ),
            format!(
                "numbers before row {} do not belong to it: {}",
                self.row_id(row),
                raws.join(" ")
            ),
            strays.first().map(|t| t.line),
            Vec::new(),
        );
        for t in strays {
            self.strays.push((*t, self.copy));
        }
        let cells = tail.iter().filter(|t| t.kind != TokKind::Empty);
        for (c, t) in cells.enumerate() {
            self.set_cell(row, c, Some(t));
        }
    }

    /// Too few numbers to know which columns they belong to: every cell of the row is
    /// ambiguous, the numbers its candidates.
    pub(super) fn too_few(&mut self, row: usize, n: usize, filled: &[&Tok<'s>]) {
        let mut candidates: Vec<Decimal> = filled
            .iter()
            .filter_map(|t| cell_from(t.text, None).value)
            .collect();
        // Fewer numbers than cells: some cell is blank, and may be any of them. Without it,
        // no reading of the row could add up, and its sum was an error it is not.
        if filled.len() < n && !candidates.contains(&Decimal::ZERO) {
            candidates.push(Decimal::ZERO);
        }
        let raws: Vec<&str> = filled.iter().map(|t| t.text).collect();
        let raw = raws.join(" ");
        for c in 0..n {
            let location = Location {
                line: filled[0].line,
                column: None,
                page: None,
            };
            let cell = Cell::ambiguous(raw.as_str(), Some(location), candidates.clone());
            self.put(row, c, cell);
        }
        let cells = self.row_cell_ids(row);
        self.note(
            "unplaced",
            format!(
                "“{}”行有 {} 列，只读到 {} 个数字（{}），无法确定所在列",
                self.row_label(row),
                n,
                filled.len(),
                raw
            ),
            format!(
                "row {} has {} columns but {} numbers ({}): their columns are unknown",
                self.row_id(row),
                n,
                filled.len(),
                raw
            ),
            Some(filled[0].line),
            cells,
        );
    }

    /// One row's cells run together. One cell: the text is the cell. A sign (`增42`, `-3`)
    /// opens the `change` column of table 二, so what stands before it is the column before;
    /// after it, the rest is cut like any run. Rows of 三 and 四 end in their total.
    fn run_together_row(&mut self, row: usize, n: usize, tok: &Tok<'s>) {
        if n == 1 {
            self.set_cell(row, 0, Some(tok));
            return;
        }
        let sign = tok.text.find(['增', '减', '+', '-']);
        if let Some(p) = sign.filter(|_| self.table == TableId::Active) {
            let (head, tail) = tok.text.split_at(p);
            let change = self.row_defs[row]
                .iter()
                .position(|d| d.id.ends_with(".change"));
            if change == Some(1) && p == 0 {
                // The change's sign opens the row: the cell before it is blank.
                self.saw_blanks();
            }
            if change == Some(1) && p > 0 {
                // A pipe row copied as one line keeps its separators (`2 | 增2 | 4`).
                let first = Tok {
                    text: head.trim_end_matches(is_separator),
                    ..*tok
                };
                self.set_cell(row, 0, Some(&first));
                self.signed_rest(row, n, &Tok { text: tail, ..*tok });
                return;
            }
        }
        let digits = tok.text.chars().filter(|&c| is_digit(c)).count();
        if digits < n {
            self.saw_blanks();
        }
        if self.table != TableId::Active && digits == 1 {
            // One number for a row of 三 or 四: its total, the blank cells vanished (as on a
            // web page whose blank cells collapsed).
            let value = Tok {
                collapsed: true,
                ..*tok
            };
            self.lone_total(row, n, &value);
            return;
        }
        let artefact = usize::from(self.table == TableId::Apply);
        if (n..=n + artefact).contains(&digits)
            && tok
                .text
                .chars()
                .all(|c| digit_value(c) == Some(0) || is_separator(c))
        {
            // Zeros only: every cell is 0 however they are cut; more zeros than cells are a
            // merged-cell artefact, as in the laid-out rows.
            let zero = Tok { text: "0", ..*tok };
            for c in 0..n {
                self.set_cell(row, c, Some(&zero));
                if let Some(def) = self.row_defs[row].get(c)
                    && let Some(cell) = self.reports[self.copy].cells.at_mut(def.position)
                {
                    cell.raw = tok.text.into();
                    cell.recovered = digits > n;
                }
            }
            return;
        }
        if !tok.text.chars().all(|c| is_digit(c) || is_separator(c)) {
            // Decimals or signs with no column of their own: their boundaries are unknown.
            self.ambiguous_from(row, 0, n, tok);
            return;
        }
        let equation = if self.table == TableId::Active {
            Equation::None
        } else {
            Equation::LastIsSum
        };
        if self.table == TableId::Apply
            && digits >= 2 * n
            && readings(tok.text, n, equation).is_some_and(|r| r.is_empty())
            && self.several_rows(row, n, tok)
        {
            return;
        }
        let result = cut(tok.text, n, equation);
        let (some_read, none) = match &result {
            Cut::Unique(_) => (true, false),
            Cut::Ambiguous(candidates) => (
                candidates.iter().any(|c| c.len() == 1),
                candidates.iter().all(Vec::is_empty),
            ),
        };
        if equation == Equation::None {
            // One digit a cell, the only certain cut: unless cells were left blank.
            if matches!(result, Cut::Unique(_)) {
                self.doubt_cut(row, 0, n, tok);
            }
        } else if (some_read || none) && fits_with_blanks(tok.text, 1, n) {
            if none {
                // Read only with cells left blank: the text leaves cells blank.
                self.saw_blanks();
            } else {
                self.doubt_cut(row, 0, n, tok);
            }
        }
        if self.table == TableId::Apply
            && matches!(result, Cut::Ambiguous(_))
            && let Some(all) = readings(tok.text, n, equation)
            && all.len() > 1
        {
            self.open_rows.push((self.copy, row, all));
        }
        self.apply_cut(row, tok, &result, 0, n);
    }

    /// A run no reading fits as one row, which reads as exactly this row and the ones after
    /// it in the form's order (a label lost between them): one reading, or nothing is read.
    fn several_rows(&mut self, row: usize, n: usize, tok: &Tok) -> bool {
        let digits = tok.text.chars().filter(|&c| is_digit(c)).count();
        for k in 2..=digits / n {
            let rows: Vec<usize> = (row..row + k).collect();
            // The row itself is being read; the ones after it must not have been.
            let free = rows.iter().skip(1).all(|&r| {
                r < self.widths.len() && self.widths[r] == n && self.seen[r] <= self.copy
            });
            if !free {
                return false;
            }
            if let Cut::Unique(values) = cut(tok.text, k * n, Equation::Groups(n)) {
                let whole = Cut::Unique(values);
                // Not doubted where the text leaves cells blank, though it could be: `9000009`
                // `0000000` also reads 90 0 0 0 0 90 and six zeros with blanks, and only the
                // column equations could choose, which the joint solve does not do for rows
                // run into one another.
                for (i, &r) in rows.iter().enumerate() {
                    if i > 0 {
                        self.seen[r] += 1;
                    }
                    self.apply_cut(r, tok, &whole, i * n, n);
                }
                self.last = Some(row + k - 1);
                return true;
            }
        }
        false
    }

    /// Rows of 三 with several readings, decided together by the column equations (results
    /// sum, balance): a row is read when one reading survives, a cell when all survivors agree.
    fn solve_jointly(&mut self) {
        let open = std::mem::take(&mut self.open_rows);
        if self.blanks.seen() {
            // The equations choose among readings of every cell filled, and this text leaves
            // cells blank.
            return;
        }
        for copy in 0..self.reports.len() {
            let mine: Vec<&(usize, usize, Vec<Vec<u128>>)> =
                open.iter().filter(|o| o.0 == copy).collect();
            if mine.is_empty() {
                continue;
            }
            let known: Vec<Vec<Option<u128>>> = (0..self.widths.len())
                .map(|r| {
                    self.row_defs[r]
                        .iter()
                        .map(|d| {
                            let c = self.reports[copy].cells.at(d.position)?;
                            let v = c.value.filter(|_| c.status == CellStatus::Value)?;
                            u128::try_from(v.mantissa()).ok().filter(|_| v.scale() == 0)
                        })
                        .collect()
                })
                .collect();
            let rows: Vec<(usize, &[Vec<u128>])> =
                mine.iter().map(|o| (o.1, o.2.as_slice())).collect();
            let ids: Vec<&str> = self.keys.iter().map(|k| k.row).collect();
            let Some(survivors) = joint::solve(&ids, &known, &rows) else {
                continue;
            };
            self.copy = copy;
            for ((row, _), kept) in rows.iter().zip(survivors) {
                for c in 0..self.widths[*row] {
                    let values: Vec<u128> = kept.iter().map(|r| r[c]).collect();
                    let Some(&v) = values.first() else { continue };
                    if values.iter().any(|&x| x != v) {
                        continue;
                    }
                    let Some(def) = self.row_defs[*row].get(c) else {
                        continue;
                    };
                    let Some(cell) = self.reports[copy].cells.at(def.position) else {
                        continue;
                    };
                    if cell.status != CellStatus::Ambiguous {
                        continue;
                    }
                    let mut cell =
                        Cell::number(cell.raw.clone(), Decimal::from(v as u64), cell.location);
                    cell.recovered = true;
                    // Undone if a later table shows the text leaves cells blank.
                    self.doubt_cell(*row, c, &cell);
                    self.put(*row, c, cell);
                }
            }
        }
    }

    /// The `change` column and those after it, from text that opens with the change's sign:
    /// certain only with one digit per cell.
    fn signed_rest(&mut self, row: usize, n: usize, rest: &Tok) {
        let text = rest.text;
        let sign_len = text.chars().next().map_or(0, char::len_utf8);
        let digits: Vec<(usize, usize)> = text
            .char_indices()
            .filter(|&(_, c)| is_digit(c))
            .map(|(i, c)| (i, c.len_utf8()))
            .collect();
        if n == 2 {
            self.set_cell(row, 1, Some(rest));
        } else if digits.len() == n - 1 && digits.first().map(|d| d.0) == Some(sign_len) {
            // One digit a cell: unless cells were left blank.
            self.doubt_cut(row, 1, n, rest);
            for (k, &(at, len)) in digits.iter().enumerate() {
                let piece = if k == 0 {
                    &text[..at + len]
                } else {
                    &text[at..at + len]
                };
                let mut cell = cell_from(
                    piece,
                    Some(Location {
                        line: rest.line,
                        column: Some(rest.at),
                        page: None,
                    }),
                );
                cell.raw = text.into();
                cell.recovered = true;
                self.put(row, k + 1, cell);
            }
        } else {
            if digits.len() < n - 1 {
                self.saw_blanks();
            }
            self.ambiguous_from(row, 1, n, rest);
        }
    }

    /// A lone number in a row of 三 or 四 is its total; the other cells blank.
    fn lone_total(&mut self, row: usize, n: usize, tok: &Tok) {
        for c in 0..n - 1 {
            self.set_blank(row, c, tok.line);
        }
        self.set_cell(row, n - 1, Some(tok));
        let id = self.row_id(row);
        self.note(
            "collapsed_row",
            format!(
                "“{}”行只有一个数字，读作总计列，其余为空",
                self.row_label(row)
            ),
            format!("row {id} shows one number: read as the total column, the others blank"),
            Some(tok.line),
            Vec::new(),
        );
    }

    /// Cells `from..n` of a row left ambiguous, without candidates: their digits ran together
    /// in a way no arithmetic decides.
    fn ambiguous_from(&mut self, row: usize, from: usize, n: usize, tok: &Tok) {
        for c in from..n {
            let location = Location {
                line: tok.line,
                column: Some(tok.at),
                page: None,
            };
            let cell = Cell::ambiguous(tok.text, Some(location), Vec::new());
            self.put(row, c, cell);
        }
        let cells = self.row_cell_ids(row);
        self.note(
            "ambiguous",
            format!("连在一起的数字“{}”无法唯一拆分到各列", tok.text),
            format!("run-together digits {} have no single reading", tok.text),
            Some(tok.line),
            cells,
        );
    }

    fn apply_cut(&mut self, row: usize, tok: &Tok, result: &Cut, offset: usize, n: usize) {
        let loc = Some(Location {
            line: tok.line,
            column: Some(tok.at),
            page: None,
        });
        match result {
            Cut::Unique(values) => {
                for c in 0..n {
                    let v = values.get(offset + c).copied().unwrap_or_default();
                    let loc = if self.flat {
                        piece_location(tok, values, offset + c).or(loc)
                    } else {
                        loc
                    };
                    let mut cell = Cell::number(tok.text.to_owned(), Decimal::from(v as u64), loc);
                    if v > u128::from(u64::MAX) {
                        cell = Cell {
                            status: CellStatus::Ambiguous,
                            value: None,
                            ..cell
                        };
                    }
                    cell.recovered = true;
                    self.put(row, c, cell);
                }
                let cells = self.row_cell_ids(row);
                self.note(
                    "recovered",
                    format!("连在一起的数字“{}”按表内算术关系唯一拆分", tok.text),
                    format!(
                        "run-together digits {} split by the table's arithmetic (one reading)",
                        tok.text
                    ),
                    Some(tok.line),
                    cells,
                );
            }
            Cut::Ambiguous(per_cell) => {
                for c in 0..n {
                    if let Some([v]) = per_cell.get(offset + c).map(Vec::as_slice)
                        && let Ok(v) = u64::try_from(*v)
                    {
                        // Every reading the arithmetic allows gives this cell the same value.
                        let mut cell = Cell::number(tok.text.to_owned(), Decimal::from(v), loc);
                        cell.recovered = true;
                        self.put(row, c, cell);
                        continue;
                    }
                    let candidates = per_cell
                        .get(offset + c)
                        .map(|v| {
                            v.iter()
                                .filter_map(|&x| u64::try_from(x).ok())
                                .map(Decimal::from)
                                .collect()
                        })
                        .unwrap_or_default();
                    let cell = Cell::ambiguous(tok.text, loc, candidates);
                    self.put(row, c, cell);
                }
                let cells = self.row_cell_ids(row);
                self.note(
                    "ambiguous",
                    format!("连在一起的数字“{}”无法唯一拆分到各列", tok.text),
                    format!("run-together digits {} have no single reading", tok.text),
                    Some(tok.line),
                    cells,
                );
            }
        }
    }

    /// A number displaced from its row goes to the one blank cell of the table that the row's
    /// arithmetic (total = sum of the parts) says must hold exactly that number; when no cell
    /// or several qualify it stays unplaced (already noted).
    fn place_strays(&mut self) {
        // Rows of 三 and 四 end in their total; 二 has no such arithmetic.
        if self.table == TableId::Active {
            return;
        }
        let strays = std::mem::take(&mut self.strays);
        for copy in 0..self.reports.len() {
            let mine: Vec<&Tok> = strays
                .iter()
                .filter(|(_, c)| *c == copy)
                .map(|(t, _)| t)
                .collect();
            let [tok] = mine[..] else { continue };
            let Some(value) = cell_from(tok.text, None).value else {
                continue;
            };
            let mut fits: Vec<(usize, usize)> = Vec::new();
            for row in 0..self.widths.len() {
                if let Some(col) = self.implied_blank(copy, row, value) {
                    fits.push((row, col));
                }
            }
            let [(row, col)] = fits[..] else { continue };
            self.copy = copy;
            let mut cell = cell_from(
                tok.text,
                Some(Location {
                    line: tok.line,
                    column: Some(tok.at),
                    page: None,
                }),
            );
            cell.recovered = true;
            self.put(row, col, cell);
            let id = self.row_cell_ids(row)[col].clone();
            self.note(
                "recovered",
                format!("错位的数字“{}”按本行合计关系归入唯一的空白单元格", tok.text),
                format!(
                    "displaced number {} placed in the one blank cell whose row total requires it",
                    tok.text
                ),
                Some(tok.line),
                vec![id],
            );
        }
    }

    /// The column of a row's only blank cell when the row's total equation gives it `value`.
    fn implied_blank(&self, copy: usize, row: usize, value: Decimal) -> Option<usize> {
        let defs = self.row_defs[row];
        let cells: Vec<&Cell> = defs
            .iter()
            .filter_map(|d| self.reports[copy].cells.at(d.position))
            .collect();
        if cells.len() != defs.len() || cells.len() < 2 {
            return None;
        }
        let blanks: Vec<usize> = (0..cells.len())
            .filter(|&i| cells[i].status == CellStatus::Blank)
            .collect();
        let [blank] = blanks[..] else { return None };
        if cells
            .iter()
            .enumerate()
            .any(|(i, c)| i != blank && c.status != CellStatus::Value)
        {
            return None;
        }
        let last = cells.len() - 1;
        let parts: Decimal = (0..last)
            .filter(|&i| i != blank)
            .filter_map(|i| cells[i].value)
            .sum();
        let implied = if blank == last {
            parts
        } else {
            cells[last].value? - parts
        };
        (implied == value).then_some(blank)
    }

    /// A 2021 form whose （六）其他处理 is one row, as the 2019 form had it (report-model.md):
    /// unlabelled numbers after the label `其他处理` that the first sub-row's words
    /// (`逾期不补正`) never followed. Owned by the rules' side of the single-row case (h1).
    fn single_other_row(&mut self, row: usize, by_order: bool) -> bool {
        // Words after the label numbered as a sub-row (`其他处理1.申`, the first sub-row's label
        // broken over lines) are that sub-row's.
        let sub_row = |after: usize| sub_row_number(&self.text[after..]).is_some();
        let single = by_order
            && self.table == TableId::Apply
            && self.keys[row].row == "other.no_correction"
            && rfind(&self.text, "其他处理").is_some_and(|p| !sub_row(p))
            && !self.text.contains("补正");
        if single {
            self.consume_text(self.text.len());
        }
        single
    }

    /// The single （六） row's numbers, read as the first sub-row's, become `apply.other.<col>`
    /// (the 2019 id, the sum of the three); the sub-rows stay missing. The rules read it.
    fn move_to_single_other(&mut self, row: usize, line: Option<usize>) {
        let cells = &mut self.reports[self.copy].cells;
        for def in self.row_defs[row] {
            if let Some(slot) = cells.at_mut(def.position) {
                let cell = std::mem::replace(slot, Cell::missing());
                cells.insert(format!("apply.other.{}", def.column), cell);
            }
        }
        if let Some(i) = self.keys.iter().position(|k| k.row == "other.other") {
            self.last = Some(i);
        }
        self.note(
            "single_other",
            "（六）其他处理只有一行（2019 版写法），读作该组合计".into(),
            "（六）其他处理 is one row (as the 2019 form has it): read as the group's sum".into(),
            line,
            Vec::new(),
        );
    }

    fn row_id(&self, row: usize) -> String {
        format!("{}.{}", self.table.as_str(), self.keys[row].row)
    }

    fn row_label(&self, row: usize) -> &'static str {
        self.reports[0].schema().table(self.table).rows[row].label
    }

    fn row_cell_ids(&self, row: usize) -> Vec<String> {
        self.row_defs[row].iter().map(|d| d.id.clone()).collect()
    }

    fn put(&mut self, row: usize, column: usize, cell: Cell) {
        let Some(def) = self.row_defs[row].get(column) else {
            return;
        };
        self.reports[self.copy].cells.put_at(def.position, cell);
    }

    fn set_cell(&mut self, row: usize, column: usize, tok: Option<&Tok>) {
        if let Some(t) = tok {
            let cell = cell_from(
                t.text,
                Some(Location {
                    line: t.line,
                    column: Some(t.at),
                    page: None,
                }),
            );
            self.put(row, column, cell);
        }
    }

    fn set_blank(&mut self, row: usize, column: usize, line: usize) {
        self.put(
            row,
            column,
            Cell::blank(
                "",
                Some(Location {
                    line,
                    column: None,
                    page: None,
                }),
            ),
        );
    }
}

/// What stands between a run's numbers without being one: white space, and the pipes of a
/// pipe row copied as one line.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '|'
}

fn trim_empty<'a, 't, 's>(run: &'a [&'t Tok<'s>]) -> &'a [&'t Tok<'s>] {
    let start = run
        .iter()
        .position(|t| t.kind != TokKind::Empty)
        .unwrap_or(run.len());
    let end = run
        .iter()
        .rposition(|t| t.kind != TokKind::Empty)
        .map_or(start, |e| e + 1);
    &run[start..end.max(start)]
}

/// A grid row with blank cells and more positions than columns: the empty positions first
/// dropped are the label's second column before the cells (`二、上年结转…\t\t\t0…`), then a
/// trailing tab after them. Keeps the blanks between, so each number stays in its column.
fn without_padding<'a, 't, 's>(run: &'a [&'t Tok<'s>], n: usize) -> Option<&'a [&'t Tok<'s>]> {
    let mut grid = run;
    while grid.len() > n && grid.first().is_some_and(|t| t.kind == TokKind::Empty) {
        grid = &grid[1..];
    }
    while grid.len() > n && grid.last().is_some_and(|t| t.kind == TokKind::Empty) {
        grid = &grid[..grid.len() - 1];
    }
    (grid.len() == n).then_some(grid)
}

/// The index where the last whole line(s) of `run`, holding exactly `n` filled cells, begin,
/// when fewer than `n` filled cells stand before them.
fn stray_split(run: &[&Tok], n: usize) -> Option<usize> {
    let mut filled = 0;
    for i in (1..run.len()).rev() {
        if run[i].kind != TokKind::Empty {
            filled += 1;
        }
        if run[i - 1].line != run[i].line && filled == n {
            let before = run[..i].iter().filter(|t| t.kind != TokKind::Empty).count();
            return (before > 0 && before < n).then_some(i);
        }
        if filled > n {
            return None;
        }
    }
    None
}

/// The index after the first whole line(s) of `run` holding exactly `n` filled cells, when
/// more follow on later lines.
fn line_split(run: &[&Tok], n: usize) -> Option<usize> {
    let mut filled = 0;
    for (i, t) in run.iter().enumerate() {
        if t.kind != TokKind::Empty {
            filled += 1;
        }
        let line_ends = run.get(i + 1).is_none_or(|next| next.line != t.line);
        if line_ends && filled == n && i + 1 < run.len() {
            return Some(i + 1);
        }
        if filled > n {
            return None;
        }
    }
    None
}

/// Where the `index`-th number of a cut run starts in a flattened line: the run's column moved
/// past the digits (and spaces) of the numbers before it.
fn piece_location(tok: &Tok, values: &[u128], index: usize) -> Option<Location> {
    let digits_before: usize = values[..index].iter().map(|v| v.to_string().len()).sum();
    let chars_before = tok
        .text
        .chars()
        .enumerate()
        .filter(|&(_, c)| is_digit(c))
        .nth(digits_before)
        .map(|(i, _)| i)?;
    Some(Location {
        line: tok.line,
        column: Some(tok.at + chars_before),
        page: None,
    })
}
