//! Where a layout shows blank cells only by what surrounds them: blank lines among the cells
//! of a one-cell-per-line table, empty fields between single spaces in a space-separated row,
//! positions under the column heads of a grid. Each is used only where it gives a row exactly
//! its columns, and the spacing hint only where the table's other rows prove it regular; what
//! stays uncertain is left ambiguous, never guessed.

use rust_decimal::Decimal;

use super::super::lines::{Tok, TokKind};
use super::{Reader, row_at};
use crate::model::{Cell, CellStatus, ParseNote, Report, TableId};

/// One cell per line with `k` blank lines closing each row (`k` may be 0): what the whole
/// rows of a text's tables show ([`blank_line_votes`] of each). `k` is the least count, shown
/// by at least two rows: a row ending in blank cells shows more (so more rows may disagree,
/// upwards), and a count too high or too low only makes rows fit no reading, never another.
/// `None` when the text is not laid out so.
pub fn blank_lines(votes: &[usize]) -> Option<usize> {
    let k = votes.iter().copied().min()?;
    let agree = votes.iter().filter(|&&v| v == k).count();
    (agree >= 2).then_some(k)
}

/// The blank lines after each whole row of a table: a label followed by its cells, each
/// alone on its line, with no blank line before or among them. Rows starting with a
/// blank cell do not vote; rows ending in blank cells vote for more lines than the layout's.
pub fn blank_line_votes(toks: &[Tok]) -> Vec<usize> {
    let mut votes = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i].kind != TokKind::Text {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < toks.len() && toks[end].kind != TokKind::Text {
            end += 1;
        }
        let seg = &toks[start..end];
        if end < toks.len() && seg.first().is_some_and(|t| t.kind != TokKind::Break) {
            let trailing = seg
                .iter()
                .rev()
                .take_while(|t| t.kind == TokKind::Break)
                .count();
            let body = &seg[..seg.len() - trailing];
            if !body.is_empty() && one_per_line(body) {
                votes.push(trailing);
            }
        }
        i = end.max(start);
    }
    votes
}

/// Cells each alone on its own line, in line order, none of them a blank line.
fn one_per_line(cells: &[Tok]) -> bool {
    cells
        .iter()
        .all(|t| t.column.is_none() && t.kind != TokKind::Break && !t.weak)
        && cells.windows(2).all(|w| w[0].line < w[1].line)
}

/// A label's cells, one per line, with the blank lines among them: the row's `n` cells when
/// the segment is exactly `n` positions followed by the `k` closing blank lines (or, at the
/// end of the table, exactly `n` positions ending in a number), a blank line inside standing
/// for a blank cell. `None` when no blank line stands among the cells or the count differs.
fn soft_cells<'s>(seg: &[&Tok<'s>], n: usize, k: usize, last: bool) -> Option<Vec<Tok<'s>>> {
    if n < 2 || seg.len() < n {
        return None;
    }
    let cells: Vec<Tok> = seg
        .iter()
        .filter(|t| t.kind != TokKind::Break)
        .map(|t| **t)
        .collect();
    if !one_per_line(&cells) {
        return None;
    }
    let closed = seg.len() == n + k && seg[n..].iter().all(|t| t.kind == TokKind::Break);
    let at_end = last && seg.len() == n && seg[n - 1].kind != TokKind::Break;
    if !(closed || at_end) || !seg[..n].iter().any(|t| t.kind == TokKind::Break) {
        return None;
    }
    Some(
        seg[..n]
            .iter()
            .map(|t| match t.kind {
                TokKind::Break => Tok {
                    kind: TokKind::Empty,
                    ..**t
                },
                _ => **t,
            })
            .collect(),
    )
}

/// What a text's space-separated rows show of its spacing, gathered over its tables.
#[derive(Debug, Default)]
pub struct Spacing {
    /// A row whose spaces do not give its columns (a whole row with empty fields, or a count
    /// of positions that is not the row's): spacing is no hint in this text.
    pub irregular: bool,
    /// Whole rows with one space between their numbers: the evidence that it is one.
    pub regular: usize,
    /// Rows whose blank cells only spaces showed: (table, copy, row).
    pub rows: Vec<(TableId, usize, usize)>,
}

/// Rows read from spaced positions, undone unless the text's spacing proved regular (some
/// whole row with single spaces, none irregular): their cells become ambiguous, holding the
/// row's numbers as candidates.
pub fn settle_spacing(reports: &mut [Report], spacing: &Spacing) {
    if !spacing.irregular && spacing.regular > 0 {
        return;
    }
    for &(table, copy, row) in &spacing.rows {
        let Some(report) = reports.get_mut(copy) else {
            continue;
        };
        let Some((def, ids)) = row_at(report, table, row) else {
            continue;
        };
        let cells: Vec<Option<&Cell>> =
            ids.iter().map(|id| report.cells.get(id.as_str())).collect();
        let candidates: Vec<Decimal> = cells
            .iter()
            .flatten()
            .filter(|c| c.status == CellStatus::Value)
            .filter_map(|c| c.value)
            .collect();
        let raw = cells
            .iter()
            .flatten()
            .map(|c| c.raw.as_str())
            .filter(|r| !r.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let mut line = None;
        for id in &ids {
            let Some(cell) = report.cells.get_mut(id.as_str()) else {
                continue;
            };
            if !matches!(cell.status, CellStatus::Value | CellStatus::Blank) {
                continue;
            }
            line = line.or(cell.location.map(|l| l.line));
            *cell = Cell::ambiguous(raw.as_str(), cell.location, candidates.clone());
        }
        let row_id = format!("{}.{}", table.as_str(), def.id);
        report.notes.push(ParseNote {
            kind: "unplaced".into(),
            message: format!(
                "“{}”行的空白单元格只由空格显示，而本文的空格不规则或无从验证：各数字所在列无法确定（{raw}）",
                def.label
            ),
            message_en: format!(
                "row {row_id} shows its blank cells only by spaces, and this text's spacing is irregular or unproven: the numbers' columns are unknown ({raw})"
            ),
            line,
            cells: ids,
        });
    }
}

impl<'s> Reader<'_, 's> {
    /// The cells and blank lines after a label (`last`: at the table's end). Where blank lines
    /// close each row of the table, a blank line among a row's cells is a blank cell; anywhere
    /// else a blank line ends a run, as it always did.
    pub(super) fn flush_segment(&mut self, run: &mut Vec<&Tok<'s>>, last: bool) {
        self.place_segment(run, last);
        // Emptied, its room kept for the next segment.
        run.clear();
    }

    fn place_segment(&mut self, segment: &[&Tok<'s>], last: bool) {
        if !segment.iter().any(|t| t.kind == TokKind::Break) {
            self.flush(segment);
            return;
        }
        // Nothing below changes the pending text until a run is placed: its row is found once.
        let named = self.labelled_row();
        let width = match named {
            Some((row, _)) => Some(self.widths[row]),
            None if self.table == TableId::Review => Some(15),
            None => None,
        };
        if let (Some(k), Some(n)) = (self.blank_lines, width)
            && let Some(cells) = soft_cells(segment, n, k, last)
        {
            let refs: Vec<&Tok<'s>> = cells.iter().collect();
            self.place_run(&refs);
            return;
        }
        if segment.iter().all(|t| t.kind == TokKind::Break)
            && !last
            && let Some((_, end)) = named
        {
            // A label followed by nothing but blank lines, then more words: a row whose cells
            // are all missing. Its label must not take the next row's numbers (the row stays
            // unread, so numbers without a label still go to it by the form's order).
            self.consume_text(end);
            return;
        }
        let labelled = named.is_some();
        if self.table == TableId::Review && !labelled && self.review_by_lines(segment) {
            return;
        }
        let mut first = true;
        for piece in segment.split(|t| t.kind == TokKind::Break) {
            if piece.is_empty() {
                continue;
            }
            let cells: Vec<Tok> = piece.iter().map(|t| **t).collect();
            let filled = cells.iter().any(|t| t.kind != TokKind::Empty);
            if !first && filled && labelled && one_per_line(&cells) && self.labelled_row().is_none()
            {
                // Cells one per line after a blank line, under a label already read: the
                // blank line was a blank cell or closed the row, which is not known; these
                // numbers are not the next row's by the form's order.
                self.note_unplaced(piece);
                continue;
            }
            first = false;
            self.place_run(piece);
        }
    }

    /// Table 四 one cell per line, with no row label and blank lines among its numbers that
    /// do not fit its fifteen positions: all fifteen numbers are the table in order; fewer
    /// leave every cell ambiguous, since a blank line may be a blank cell or a gap.
    fn review_by_lines(&mut self, seg: &[&Tok<'s>]) -> bool {
        let cells: Vec<&Tok<'s>> = seg
            .iter()
            .copied()
            .filter(|t| t.kind != TokKind::Break)
            .collect();
        let owned: Vec<Tok> = cells.iter().map(|t| **t).collect();
        let first = seg.iter().position(|t| t.kind != TokKind::Break);
        let last = seg.iter().rposition(|t| t.kind != TokKind::Break);
        let inner_break = match (first, last) {
            (Some(a), Some(b)) => seg[a..b].iter().any(|t| t.kind == TokKind::Break),
            _ => false,
        };
        let filled: Vec<&Tok<'s>> = cells
            .iter()
            .copied()
            .filter(|t| t.kind == TokKind::Value)
            .collect();
        if !inner_break || !one_per_line(&owned) || filled.is_empty() {
            return false;
        }
        if filled.len() == 15 {
            self.place_run(&filled);
            return true;
        }
        if filled.len() > 15 || !self.next_review_copy() {
            return false;
        }
        for row in 0..3 {
            self.too_few(row, 5, &filled);
        }
        self.last = Some(2);
        self.text.clear();
        self.weak.clear();
        true
    }

    /// A run whose positions only spaces gave (`Tok::weak`), for a row of `n` cells: kept when
    /// they are exactly the row's positions on one line (`true`: the caller remembers the row,
    /// to be undone if the table's spacing proves irregular); otherwise the empty positions
    /// are dropped and the numbers read as if their spaces said nothing, and (`judge`: the
    /// run is known to be the row's) a line whose spaces give a count of positions that is
    /// not the row's marks the spacing irregular.
    pub(super) fn spaced_positions<'r, 't>(
        &mut self,
        n: usize,
        run: &'r [&'t Tok<'s>],
        judge: bool,
    ) -> (std::borrow::Cow<'r, [&'t Tok<'s>]>, bool) {
        use std::borrow::Cow;
        let gaps = run
            .iter()
            .filter(|t| t.weak && t.kind == TokKind::Empty)
            .count();
        let one_line = run.windows(2).all(|w| w[0].line == w[1].line);
        let filled = run.iter().filter(|t| t.kind != TokKind::Empty).count();
        if gaps == 0 {
            if judge && one_line && n > 1 && run.len() == n && run.iter().all(|t| t.weak) {
                // A whole row, one space between its numbers: the spacing is regular here.
                self.spacing.regular += 1;
            }
            return (Cow::Borrowed(run), false);
        }
        if one_line && run.len() == n && filled < n {
            return (Cow::Borrowed(run), true);
        }
        if one_line && judge {
            self.spacing.irregular = true;
        }
        let kept = run
            .iter()
            .copied()
            .filter(|t| !(t.weak && t.kind == TokKind::Empty))
            .collect();
        (Cow::Owned(kept), false)
    }

    /// Table 二's column heads on a grid row (`信息内容` and the heads after it): their
    /// positions are where a row's cells stand, whatever the grid pads around them.
    pub(super) fn note_head(&mut self, tok: &Tok, key: &str) {
        if self.table != TableId::Active {
            return;
        }
        let Some(column) = tok.column.filter(|_| !tok.weak) else {
            return;
        };
        if key == "信息内容" {
            self.heads = Some((tok.line, Vec::new()));
        } else if let Some((line, columns)) = &mut self.heads
            && *line == tok.line
        {
            columns.push(column);
        }
    }

    /// A grid row of table 二 read at its heads' positions: one position per head, every
    /// number of the row among them.
    pub(super) fn head_positions<'t>(
        &self,
        n: usize,
        run: &[&'t Tok<'s>],
    ) -> Option<Vec<&'t Tok<'s>>> {
        let (_, columns) = self.heads.as_ref()?;
        if self.table != TableId::Active || columns.len() != n {
            return None;
        }
        let line = run.first()?.line;
        if run
            .iter()
            .any(|t| t.line != line || t.column.is_none() || t.weak)
        {
            return None;
        }
        let picked: Vec<&Tok> = columns
            .iter()
            .filter_map(|&c| run.iter().find(|t| t.column == Some(c)).copied())
            .collect();
        let filled = |ts: &[&Tok]| ts.iter().filter(|t| t.kind != TokKind::Empty).count();
        (picked.len() == n && filled(&picked) == filled(run)).then_some(picked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(text: &'static str, kind: TokKind, line: usize) -> Tok<'static> {
        Tok {
            text,
            kind,
            line,
            column: None,
            collapsed: false,
            weak: false,
            at: 1,
        }
    }

    /// label, cells one per line, `closing` blank lines.
    fn row(first: usize, cells: &[&'static str], closing: usize) -> Vec<Tok<'static>> {
        let mut out = vec![tok("标签", TokKind::Text, first)];
        for (i, c) in cells.iter().enumerate() {
            let kind = if c.is_empty() {
                TokKind::Break
            } else {
                TokKind::Value
            };
            out.push(tok(c, kind, first + 1 + i));
        }
        for j in 0..closing {
            out.push(tok("", TokKind::Break, first + 1 + cells.len() + j));
        }
        out
    }

    #[test]
    fn blank_lines_closing_rows_are_counted_from_whole_rows() {
        let mut toks = row(1, &["1", "2", "3"], 1);
        toks.extend(row(10, &["4", "", "6"], 1));
        toks.extend(row(20, &["7", "8", "9"], 1));
        toks.extend(row(30, &["1", "2", ""], 1));
        toks.extend(row(40, &["1", "2", "3"], 1));
        assert_eq!(blank_lines(&blank_line_votes(&toks)), Some(1));
    }

    #[test]
    fn the_least_count_shown_twice_is_the_convention() {
        let mut toks = row(1, &["1", "2", "3"], 1);
        toks.extend(row(10, &["4", "5", "6"], 3));
        toks.extend(row(20, &["7", "8", "9"], 2));
        toks.extend(row(30, &["7", "8", "9"], 2));
        toks.extend(row(40, &["1"], 1));
        toks.extend(row(50, &["1"], 0));
        assert_eq!(blank_lines(&blank_line_votes(&toks)), Some(1));
        // Shown once only: no convention.
        let mut toks = row(1, &["1", "2", "3"], 1);
        toks.extend(row(10, &["4", "5", "6"], 2));
        toks.extend(row(20, &["7", "8", "9"], 2));
        assert_eq!(blank_lines(&blank_line_votes(&toks)), None);
        // Cells not alone on their lines: not this layout.
        let mut toks = row(1, &["1", "2", "3"], 1);
        toks.extend(row(10, &["4", "5", "6"], 1));
        for t in &mut toks {
            t.column = Some(1);
        }
        assert_eq!(blank_lines(&blank_line_votes(&toks)), None);
    }

    #[test]
    fn a_blank_line_among_cells_is_a_blank_cell_only_when_the_count_fits() {
        let toks = row(1, &["4", "", "6"], 1);
        let seg: Vec<&Tok> = toks[1..].iter().collect();
        let cells = soft_cells(&seg, 3, 1, false).expect("fits");
        assert_eq!(cells[1].kind, TokKind::Empty);
        assert_eq!(cells[2].text, "6");
        // One blank line fewer than the row needs: a line went missing, nothing is placed.
        assert!(soft_cells(&seg[..3], 3, 1, false).is_none());
        // Two closing lines expected: the count does not fit.
        assert!(soft_cells(&seg, 3, 2, false).is_none());
    }
}

#[cfg(test)]
mod reading {
    use crate::model::CellStatus;

    fn report(rules: &str, normative: &str) -> crate::model::Report {
        let text = format!(
            "某某局2022年度政府信息公开工作年度报告\n一、总体情况\n本年度依法公开。\n\
             二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n\
             规章 {rules}\n行政规范性文件 {normative}\n\
             三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n\
             五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
        );
        let source = crate::read::read_bytes("r.txt", text.as_bytes()).expect("reads");
        crate::parse::parse(&source)
    }

    fn shown(r: &crate::model::Report, id: &str) -> (CellStatus, Option<String>) {
        let c = r.cell(id).expect("cell");
        (c.status.clone(), c.value.map(|v| v.to_string()))
    }

    #[test]
    fn a_blank_cell_shown_by_regular_spaces_is_read_blank() {
        let r = report("1  3", "4 5 6");
        assert_eq!(shown(&r, "active.rules.issued").1.as_deref(), Some("1"));
        assert_eq!(shown(&r, "active.rules.repealed").0, CellStatus::Blank);
        assert_eq!(shown(&r, "active.rules.in_force").1.as_deref(), Some("3"));
        assert_eq!(
            shown(&r, "active.normative.in_force").1.as_deref(),
            Some("6")
        );
    }

    #[test]
    fn spaces_are_no_hint_in_a_table_whose_whole_rows_are_irregular() {
        // 行政规范性文件 has all three numbers and still a double space: this table's spacing
        // says nothing about blank cells, so 规章's two numbers have unknown columns.
        let r = report("1  3", "4  5 6");
        for col in ["issued", "repealed", "in_force"] {
            assert_eq!(
                shown(&r, &format!("active.rules.{col}")).0,
                CellStatus::Ambiguous,
                "{col}"
            );
        }
        assert_eq!(
            shown(&r, "active.normative.repealed").1.as_deref(),
            Some("5")
        );
    }

    #[test]
    fn a_blank_line_among_a_rows_cells_is_a_blank_cell_where_blank_lines_close_rows() {
        let text = "某某局2022年度政府信息公开工作年度报告\n一、总体情况\n本年度依法公开。\n\
                    二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n\
                    规章\n1\n\n3\n\n行政规范性文件\n4\n5\n6\n\n第二十条第（五）项\n信息内容\n本年处理决定数量\n\
                    行政许可\n7\n\n第二十条第（六）项\n信息内容\n本年处理决定数量\n行政处罚\n8\n\n行政强制\n9\n\n\
                    三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n\
                    五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n";
        let source = crate::read::read_bytes("r.txt", text.as_bytes()).expect("reads");
        let r = crate::parse::parse(&source);
        assert_eq!(shown(&r, "active.rules.issued").1.as_deref(), Some("1"));
        assert_eq!(shown(&r, "active.rules.repealed").0, CellStatus::Blank);
        assert_eq!(shown(&r, "active.rules.in_force").1.as_deref(), Some("3"));
        assert_eq!(shown(&r, "active.normative.issued").1.as_deref(), Some("4"));
        // Without the closing blank lines the same text says nothing about the blank cell.
        let squeezed = text.replace("3\n\n行政规范性文件", "3\n行政规范性文件");
        let source = crate::read::read_bytes("r.txt", squeezed.as_bytes()).expect("reads");
        let r = crate::parse::parse(&source);
        assert_ne!(shown(&r, "active.rules.in_force").1.as_deref(), Some("1"));
        assert_ne!(shown(&r, "active.rules.repealed").1.as_deref(), Some("3"));
    }
}
