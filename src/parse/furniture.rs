//! Page furniture: what a PDF's every page repeats (a running header or footer: the report's
//! title, another title, the site's name, a date), which text extraction sets among a table's
//! cells wherever the page broke. One such line among one-cell-per-line numbers cuts the row it
//! lands in, and every row after it takes the next row's numbers. Page numbers (`- 4 -`) are
//! [`super::lines::is_page_marker`]'s.

use super::labels::{is_column_header, row_keys};
use super::normalize::{is_han, label_key};
use super::value::is_cell_like;
use crate::fast_str::Trim;
use crate::model::{TableId, Template};

/// A line repeated this often through a text, naming nothing of the form, is furniture.
const REPEATS: usize = 3;

/// Longer lines (in bytes: sixty ideographs) are prose, not a page's header or footer.
const MAX_BYTES: usize = 180;

/// Shorter lines are not taken for furniture (`其他`, `总计`, `信息内容` are the form's).
const MIN_CHARS: usize = 6;

/// Furniture is words: a repeated line of fewer ideographs is a cell (`0 | ||||`) or a head.
const MIN_HAN: usize = 4;

/// Words of the form's heads, group labels and notes, which tables may repeat (`上一年项目数量`
/// under each item of table 二, a group label before each of its rows, table 三's note on its
/// columns' arithmetic before each page of it).
const FORM_WORDS: [&str; 22] = [
    "数量",
    "件数",
    "金额",
    "本年",
    "增/减",
    "增减",
    "结果",
    "审结",
    "总计",
    "合计",
    "小计",
    "信息内容",
    "第二十条",
    "不予公开",
    "无法提供",
    "不予处理",
    "其他处理",
    "办理结果",
    "申请",
    "勾稽",
    "勾积",
    "之和",
];

/// The lines to skip as furniture inside tables: the report's first line (words, standing
/// before every section heading at `first_heading`, 1-based), which pages repeat as their
/// running header; and any line of words repeated three times or more through the text that
/// names nothing of the form.
pub fn page_furniture<'s>(lines: &[&'s str], first_heading: usize) -> Vec<&'s str> {
    let mut out: Vec<&str> = Vec::new();
    if let Some((i, first)) = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (i, l.trim_ws()))
        .find(|(_, l)| !l.is_empty())
        && i + 1 < first_heading
        && first.chars().count() >= MIN_CHARS
        && !is_cell_like(first)
    {
        out.push(first);
    }
    // Sorted, equal lines stand together and are counted in one pass; keyed by length and
    // first bytes, so that sorting mostly compares integers (hashing every line cost a report
    // five times as much). Paragraphs are no page's header: only lines of a title's length.
    let mut candidates: Vec<(usize, u64, &str)> = lines
        .iter()
        // Most lines of a table are a short number: settled by their length in bytes.
        .filter(|l| (MIN_CHARS..=2 * MAX_BYTES).contains(&l.len()))
        .map(|l| l.trim_ws())
        .filter(|t| t.len() <= MAX_BYTES && t.chars().nth(MIN_CHARS - 1).is_some())
        .map(|t| {
            let mut head = [0u8; 8];
            let n = t.len().min(8);
            head[..n].copy_from_slice(&t.as_bytes()[..n]);
            (t.len(), u64::from_le_bytes(head), t)
        })
        .collect();
    candidates.sort_unstable();
    let repeated = candidates
        .chunk_by(|a, b| a == b)
        .filter(|same| same.len() >= REPEATS)
        .map(|same| same[0].2)
        .filter(|&t| {
            !out.contains(&t)
                && t.chars().filter(|&c| is_han(c)).count() >= MIN_HAN
                && !names_the_form(t)
        })
        .collect::<Vec<_>>();
    out.extend(repeated);
    out
}

/// Whether a line names a row, a column or a head of the form (in either template).
fn names_the_form(line: &str) -> bool {
    let key = label_key(line);
    FORM_WORDS.iter().any(|w| key.contains(w))
        || is_column_header(&key)
        || [Template::V2019, Template::V2021].into_iter().any(|t| {
            TableId::ALL.into_iter().any(|table| {
                row_keys(t, table)
                    .iter()
                    .any(|k| k.strong.iter().any(|s| key.contains(s)))
            })
        })
}
