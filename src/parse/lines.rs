//! Lines → a stream of cell tokens, whatever the layout: one cell per line, tab-separated rows
//! (Word tables, HTML/.docx grids), pipe-separated rows (web pages, Markdown), or space-separated
//! rows from a PDF text layer. Tables are then read from the stream by label, not by layout.

use super::normalize::{fold, is_digit, is_han};
use super::value::{is_cell_like, is_numbering, is_numeral_filler};
use crate::fast_str::Trim;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Words: a label, a header, prose.
    Text,
    /// A cell: number, placeholder, short digit-bearing junk.
    Value,
    /// An explicitly empty grid position.
    Empty,
    /// Digits that ran into the label before them (`…申请数量3100105`).
    RunTogether,
    /// A blank line: ends a row in one-cell-per-line layouts.
    Break,
}

/// One token of the stream.
#[derive(Debug, Clone, Copy)]
pub struct Tok<'s> {
    /// The text as written (trimmed of ASCII white space): a slice of its source line.
    pub text: &'s str,
    /// What it is.
    pub kind: TokKind,
    /// Source line, 1-based.
    pub line: usize,
    /// Cell position in its line (1-based) where the layout gives one: a field number in a
    /// laid-out row, a character column in a flattened text's virtual line.
    pub column: Option<usize>,
    /// Where it starts in its line, in characters (1-based): what a cell's location reports.
    pub at: usize,
    /// From a web-page pipe row whose blank cells collapsed (their positions are lost).
    pub collapsed: bool,
    /// A position given by spaces alone (an empty field between two spaces, or a number
    /// counted among them): a weak hint, used only where it gives the row exactly its
    /// columns and the table's spacing proves regular.
    pub weak: bool,
}

/// A Markdown table rule: `|---|---|` (`t`: the line, trimmed).
fn is_markdown_rule(t: &str) -> bool {
    // The character test first: it fails on the first character of almost every line.
    t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) && t.contains("---")
}

/// Tokenize lines `first..=last` (1-based) of `lines`. Page markers, and lines that read as
/// one of `furniture` (what every page repeats), are skipped and their line numbers returned;
/// the empty lines of `page_breaks` (a form feed's) are skipped too.
/// `runs`, for the virtual lines of a flattened text (`flat`), says which lines are a row's
/// run of cells: those are one run-together token each, the others words.
pub fn tokenize<'s>(
    lines: &[&'s str],
    first: usize,
    last: usize,
    runs: Option<&[Option<bool>]>,
    furniture: &super::furniture::Furniture<'_>,
    page_breaks: &[usize],
) -> (Vec<Tok<'s>>, Vec<usize>) {
    // About a token a line: room for them at once, not grown (and copied) a doubling at a time.
    let mut toks = Vec::with_capacity(
        last.min(lines.len())
            .saturating_sub(first.saturating_sub(1)),
    );
    let mut markers = Vec::new();
    let mut pieces = Vec::new();
    let range = || {
        lines
            .iter()
            .take(last)
            .skip(first.saturating_sub(1))
            .copied()
    };
    // Worked out at the first line that needs it (few do).
    let mut indented = None;
    let mut is_indented =
        || *indented.get_or_insert_with(|| indented_with_full_width_spaces(range()));
    for (i, line) in lines
        .iter()
        .enumerate()
        .take(last)
        .skip(first.saturating_sub(1))
    {
        let n = i + 1;
        // Trimmed once for every test below.
        let t = line.trim_ws();
        if crate::model::is_page_number_trimmed(t) || furniture.holds(t) {
            markers.push(n);
            continue;
        }
        // A page break is no blank cell (nor worth a note).
        if t.is_empty() && page_breaks.binary_search(&n).is_ok() {
            continue;
        }
        if let Some(run) = runs.and_then(|r| r.get(i).copied().flatten()) {
            if !t.is_empty() {
                toks.push(Tok {
                    text: t,
                    kind: if run {
                        TokKind::RunTogether
                    } else {
                        TokKind::Text
                    },
                    line: n,
                    column: Some(
                        line[..line.len() - line.trim_start_ws().len()]
                            .chars()
                            .count()
                            + 1,
                    ),
                    collapsed: false,
                    weak: false,
                    at: char_column(line, t),
                });
            }
            continue;
        }
        if is_markdown_rule(t) {
            continue;
        }
        let from = toks.len();
        tokenize_line(line, t, n, &mut is_indented, &mut toks, &mut pieces);
        // Counted on from the token before, not from the line's start: a line of a hundred
        // thousand fields stays linear.
        let mut last = (0, 1);
        for t in &mut toks[from..] {
            t.at = char_column_from(line, t.text, &mut last);
        }
    }
    (toks, markers)
}

/// The character column (1-based) where `piece`, a slice of `line`, starts in it; 1 for a
/// piece that is not part of the line (an empty token standing for a blank line).
fn char_column(line: &str, piece: &str) -> usize {
    let offset = (piece.as_ptr() as usize).wrapping_sub(line.as_ptr() as usize);
    line.get(..offset)
        .map_or(1, |before| before.chars().count() + 1)
}

/// [`char_column`], counting on from `last` (a byte offset in `line` and its column) when
/// `piece` starts at or after it, and moving `last` there.
fn char_column_from(line: &str, piece: &str, last: &mut (usize, usize)) -> usize {
    let offset = (piece.as_ptr() as usize).wrapping_sub(line.as_ptr() as usize);
    let Some(between) = line.get(last.0..offset) else {
        return char_column(line, piece);
    };
    *last = (offset, last.1 + between.chars().count());
    last.1
}

fn push<'s>(toks: &mut Vec<Tok<'s>>, text: &'s str, line: usize, column: Option<usize>) {
    push_in(toks, text, line, column, column.is_some());
}

/// `grid`: the text stands in a table position (a tab or pipe field), where a lone Chinese
/// numeral is a cell typed wrong rather than a piece of a label.
fn push_in<'s>(
    toks: &mut Vec<Tok<'s>>,
    text: &'s str,
    line: usize,
    column: Option<usize>,
    grid: bool,
) {
    let t = text.trim_ascii_ws();
    // A tab or pipe field holding only a full-width (U+3000) or no-break space is an empty
    // position like a tab's, not a cell of its own (its text is kept as the cell's raw).
    let kind = if t.is_empty() || (grid && t.trim_ws().is_empty()) {
        TokKind::Empty
    } else if is_cell_like(t) || (grid && is_numeral_filler(t)) {
        TokKind::Value
    } else {
        TokKind::Text
    };
    if kind == TokKind::Text
        && let Some((label, digits)) = split_run_together(t)
    {
        toks.push(Tok {
            text: label,
            kind: TokKind::Text,
            line,
            column,
            collapsed: false,
            weak: false,
            at: 0,
        });
        toks.push(Tok {
            text: digits,
            kind: TokKind::RunTogether,
            line,
            column,
            collapsed: false,
            weak: false,
            at: 0,
        });
        return;
    }
    toks.push(Tok {
        text: t,
        kind,
        line,
        column,
        collapsed: false,
        weak: false,
        at: 0,
    });
}

/// `一、本年新收政府信息公开申请数量3100105` → the label and its digits, when the label part
/// is words (at least four ideographs) and the digits end the text.
fn split_run_together(t: &str) -> Option<(&str, &str)> {
    let label = t.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &t[label.len()..];
    if digits.is_empty() || label.is_empty() {
        return None;
    }
    let last = label.chars().last()?;
    let han = label.chars().filter(|&c| is_han(c)).count();
    // `第二十条第（一）项1` and `2020` end in digits that are not cells.
    (han >= 4 && is_han(last) && !matches!(last, '第' | '年' | '月' | '日' | '号'))
        .then_some((label, digits))
}

/// Whether most lines with text begin with a full-width space (U+3000): a text indented so
/// (as Word pastes a document whose every paragraph is indented) indents its empty lines too.
fn indented_with_full_width_spaces<'s>(lines: impl Iterator<Item = &'s str>) -> bool {
    let (mut with_text, mut indented) = (0usize, 0usize);
    for line in lines.filter(|l| !l.trim_ws().is_empty()) {
        with_text += 1;
        indented += usize::from(line.starts_with('\u{3000}'));
    }
    with_text > 0 && indented * 2 > with_text
}

/// `trimmed`: the line trimmed; `indented`: whether the text indents its lines with full-width
/// spaces ([`indented_with_full_width_spaces`]); `pieces`: room for a spaced line's words,
/// reused from line to line.
fn tokenize_line<'s>(
    line: &'s str,
    trimmed: &'s str,
    n: usize,
    indented: &mut impl FnMut() -> bool,
    toks: &mut Vec<Tok<'s>>,
    pieces: &mut Vec<&'s str>,
) {
    if trimmed.is_empty() {
        let mut last_tab = 0;
        let tabs = memchr::memchr_iter(b'\t', line.as_bytes())
            .inspect(|&t| last_tab = t)
            .count();
        if tabs == 1 {
            // One-cell-per-line layouts write an empty cell as an indented blank line: what
            // follows the tab (nothing, or a full-width space typed as the blank) is the cell,
            // what precedes it the line's indentation.
            push(toks, line[last_tab + 1..].trim_ascii_ws(), n, None);
        } else if line.contains('\u{3000}') && (tabs > 0 || !indented()) {
            // A full-width space alone types an empty cell, unless the text indents every line
            // with them: then it is an empty line, indented.
            let t = line.trim_ascii_ws();
            push(toks, t, n, None);
        } else {
            toks.push(Tok {
                text: "",
                kind: TokKind::Break,
                line: n,
                column: None,
                collapsed: false,
                weak: false,
                at: 1,
            });
        }
        return;
    }
    if let Some(tab) = memchr::memchr(b'\t', line.as_bytes()) {
        let (head, rest) = (&line[..tab], &line[tab + 1..]);
        if head.trim_ws().is_empty() && memchr::memchr(b'\t', rest.as_bytes()).is_none() {
            push_in(toks, rest, n, None, true);
        } else {
            // Empty fields before a row's label are the label column's padding (a group label
            // merged over several rows), not cells of the row before.
            let fields = crate::fast_str::split_byte(line, b'\t');
            let label_at = fields
                .clone()
                .position(|f| !f.trim_ws().is_empty() && !is_cell_like(f.trim_ws()));
            for (i, f) in fields.enumerate() {
                if label_at.is_some_and(|l| i < l) && f.trim_ws().is_empty() {
                    continue;
                }
                push(toks, f, n, Some(i + 1));
            }
        }
        return;
    }
    if memchr::memchr(b'|', line.as_bytes()).is_some() {
        let t = trimmed;
        let markdown = t.starts_with('|');
        let mut fields: Vec<&str> = crate::fast_str::split_byte(t, b'|').collect();
        if markdown {
            fields.remove(0);
            if fields.last().is_some_and(|f| f.trim_ws().is_empty()) {
                fields.pop();
            }
        }
        for (i, f) in fields.iter().enumerate() {
            // Web-page pipes collapse blank cells: their empty fields are not positions.
            if markdown || !f.trim_ws().is_empty() {
                push(toks, f, n, Some(i + 1));
                if let Some(t) = toks.last_mut() {
                    t.collapsed = !markdown;
                }
            }
        }
        return;
    }
    tokenize_spaced(line, n, toks, pieces);
}

/// A line without tabs or pipes: a label followed by space-separated numbers (PDF text), or
/// prose. Numbers count as cells only when they end the line; numbers inside prose do not.
fn tokenize_spaced<'s>(
    line: &'s str,
    n: usize,
    toks: &mut Vec<Tok<'s>>,
    pieces: &mut Vec<&'s str>,
) {
    pieces.clear();
    pieces.extend(line.split_whitespace());
    // The cheap test first: most pieces are words, and folding allocates.
    let is_value = |p: &str| {
        is_cell_like(p) && {
            let f = fold(p);
            !is_numbering(&f) && !f.trim_ws().is_empty()
        }
    };
    let mut trailing = pieces.iter().rev().take_while(|p| is_value(p)).count();
    let mut head = pieces.len() - trailing;
    // A number of a list (`4.`) opens a label, never a row: a word after it that reads as a
    // cell (`4. 无` of `4. 无正当理由…` broken over lines) is the label's first word.
    if trailing > 0
        && head > 0
        // (Short: a list number is a few characters; folding allocates.)
        && pieces[head - 1].len() <= 8
        && is_numbering(&fold(pieces[head - 1]))
        && !pieces[head].contains(|c: char| c.is_ascii_digit() || is_digit(c))
    {
        head += 1;
        trailing -= 1;
    }
    if head > 0 {
        // Keep the words as one token so a label split by spaces stays whole.
        let start = pieces[0].as_ptr() as usize - line.as_ptr() as usize;
        let last = pieces[head - 1];
        let end = last.as_ptr() as usize - line.as_ptr() as usize + last.len();
        push(toks, line.get(start..end).unwrap_or(line), n, None);
    }
    if trailing > 0
        && let Some(fields) = spaced_fields(line, head.checked_sub(1).map(|h| pieces[h]))
        && fields.len() > trailing
    {
        // Blank cells shown by their spaces (`3  0 5`, a trailing space): every position kept,
        // weakly (the table decides whether its spacing can be trusted).
        for (i, f) in fields.into_iter().enumerate() {
            let from = toks.len();
            push(toks, f, n, Some(i + 1));
            for t in &mut toks[from..] {
                t.weak = true;
            }
        }
        return;
    }
    for (i, p) in pieces[head..].iter().enumerate() {
        let column = (trailing > 1).then_some(i + 1);
        push(toks, p, n, column);
        if let Some(t) = toks.last_mut() {
            // Several numbers a space apart: what their spacing shows is weak, too.
            t.weak = trailing > 1;
        }
    }
}

/// The fields of a space-separated row after its label (`label`, a slice of `line`; none when
/// the line is numbers only), one single ASCII space between neighbours: an empty field is a
/// position the spacing shows blank. `None` when a field is not a cell (other white space,
/// words), or when nothing follows the label.
fn spaced_fields<'s>(line: &'s str, label: Option<&'s str>) -> Option<Vec<&'s str>> {
    let rest = match label {
        Some(l) => {
            let end = l.as_ptr() as usize - line.as_ptr() as usize + l.len();
            line.get(end..)?.strip_prefix(' ')?
        }
        None => line,
    };
    let fields: Vec<&str> = rest.split(' ').collect();
    let cells = fields.iter().all(|f| {
        f.is_empty()
            || (is_cell_like(f) && !is_numbering(&fold(f)) && !f.contains(char::is_whitespace))
    });
    cells.then_some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str) -> Vec<(String, TokKind)> {
        let mut t = Vec::new();
        tokenize_line(
            line,
            line.trim_ws(),
            1,
            &mut || false,
            &mut t,
            &mut Vec::new(),
        );
        t.into_iter().map(|t| (t.text.to_owned(), t.kind)).collect()
    }

    #[test]
    fn spaced_row_splits_label_from_numbers() {
        let k = kinds("2.重复申请 25 0 0");
        assert_eq!(k[0], ("2.重复申请".into(), TokKind::Text));
        assert_eq!(k.len(), 4);
    }

    #[test]
    fn prose_numbers_are_not_cells() {
        let k = kinds("全年收到申请 34 件，上年结转 2 件");
        assert_eq!(k.len(), 1);
        assert_eq!(k[0].1, TokKind::Text);
    }

    #[test]
    fn run_together_digits_split_off() {
        let k = kinds("一、本年新收政府信息公开申请数量3100105");
        assert_eq!(k[1], ("3100105".into(), TokKind::RunTogether));
    }

    #[test]
    fn padding_before_a_tab_row_label_is_not_a_cell() {
        let k = kinds("\t（三）不予公开\t1.属于国家秘密\t0\t\t0");
        assert_eq!(k[0].1, TokKind::Text);
        assert_eq!(k.len(), 5);
        assert_eq!(k[3].1, TokKind::Empty, "a blank cell after the label stays");
    }
}
