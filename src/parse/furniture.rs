//! Page furniture: what a PDF's every page repeats (a running header or footer: the report's
//! title, another title, the site's name, a date), which text extraction sets among a table's
//! cells wherever the page broke. One such line among one-cell-per-line numbers cuts the row it
//! lands in, and every row after it takes the next row's numbers. Page numbers (`- 4 -`) are
//! [`crate::model::is_page_number`]'s.

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

/// What every page repeats, to be skipped among a table's cells: lines the same but for their
/// digits, as a running header or footer carries the page's number or the date it was printed
/// (`某某区人民政府 第 3 页`).
#[derive(Debug, Default)]
pub struct Furniture<'s> {
    lines: Vec<&'s str>,
}

impl Furniture<'_> {
    /// Whether a line (trimmed) is one of the furniture's.
    pub fn holds(&self, line: &str) -> bool {
        // Furniture has MIN_HAN ideographs: shorter lines (most: a number) are settled so.
        !self.lines.is_empty()
            && line.len() >= 3 * MIN_HAN
            && self.lines.iter().any(|f| same_but_digits(f, line))
    }
}

/// The bytes of a line with each run of digits (ASCII or full-width) one `#`.
struct Skeleton<'a> {
    bytes: &'a [u8],
    at: usize,
}

/// The length of the digit at `i` (a full-width one is EF BC 90..=99), 0 for none.
fn digit_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'0'..=b'9') => 1,
        Some(0xEF)
            if b.get(i + 1) == Some(&0xBC)
                && b.get(i + 2).is_some_and(|c| (0x90..=0x99).contains(c)) =>
        {
            3
        }
        _ => 0,
    }
}

impl Iterator for Skeleton<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        let &byte = self.bytes.get(self.at)?;
        let mut n = digit_len(self.bytes, self.at);
        if n == 0 {
            self.at += 1;
            return Some(byte);
        }
        while n > 0 {
            self.at += n;
            n = digit_len(self.bytes, self.at);
        }
        Some(b'#')
    }
}

fn skeleton(line: &str) -> Skeleton<'_> {
    Skeleton {
        bytes: line.as_bytes(),
        at: 0,
    }
}

fn same_but_digits(a: &str, b: &str) -> bool {
    skeleton(a).eq(skeleton(b))
}

/// Whether a line may be a page's header or footer with digits: it holds a digit and is no
/// row of cells (a tab or a pipe). Every candidate line of every report is looked through:
/// one vectorised byte scan for both, the full-width digits (EF BC 90..=99) sought from their
/// rarer middle byte only where no ASCII digit is.
fn numbered_words(line: &str) -> bool {
    let b = line.as_bytes();
    let seen = b.iter().fold(0u8, |acc, &x| {
        acc | u8::from(x.wrapping_sub(b'0') < 10) | (u8::from(x == b'\t' || x == b'|') << 1)
    });
    match seen {
        1 => true,
        0 => memchr::memchr_iter(0xBC, b).any(|i| i > 0 && digit_len(b, i - 1) == 3),
        _ => false,
    }
}

/// A sort key for a line with digits: how many bytes it has but its digits, and a hash of
/// them. Lines the same but for their digits have the same key; lines with the same key are
/// told apart by [`same_but_digits`].
fn words_key(line: &str) -> (usize, u64) {
    let b = line.as_bytes();
    let (mut n, mut h, mut i) = (0, 0xcbf2_9ce4_8422_2325u64, 0);
    while let Some(&x) = b.get(i) {
        let digit = digit_len(b, i);
        if digit > 0 {
            i += digit;
            continue;
        }
        h = (h ^ u64::from(x)).wrapping_mul(0x100_0000_01b3);
        n += 1;
        i += 1;
    }
    (n, h)
}

/// The lines to skip as furniture inside tables: the report's first line (words, standing
/// before every section heading at `first_heading`, 1-based), which pages repeat as their
/// running header; and any line of words repeated three times or more through the text, its
/// digits aside, that names nothing of the form.
pub fn page_furniture<'s>(lines: &[&'s str], first_heading: usize) -> Furniture<'s> {
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
    // five times as much); a line of words with digits, by its bytes but the digits (a hash
    // of them: the first bytes of `第 3 页` and `第 12 页` differ). Paragraphs are no page's
    // header: only lines of a title's length.
    let mut candidates: Vec<((bool, usize, u64), &str)> = lines
        .iter()
        // Most lines of a table are a short number: settled by their length in bytes.
        .filter(|l| (MIN_CHARS..=2 * MAX_BYTES).contains(&l.len()))
        .map(|l| l.trim_ws())
        .filter(|t| t.len() <= MAX_BYTES && t.chars().nth(MIN_CHARS - 1).is_some())
        .map(|t| {
            if numbered_words(t) {
                let (n, hash) = words_key(t);
                return ((true, n, hash), t);
            }
            let mut head = [0u8; 8];
            let n = t.len().min(8);
            head[..n].copy_from_slice(&t.as_bytes()[..n]);
            ((false, t.len(), u64::from_le_bytes(head)), t)
        })
        .collect();
    candidates.sort_unstable();
    let repeated = candidates
        .chunk_by(|a, b| {
            a.0 == b.0
                && if a.0.0 {
                    same_but_digits(a.1, b.1)
                } else {
                    a.1 == b.1
                }
        })
        .filter(|same| same.len() >= REPEATS)
        .map(|same| same[0].1)
        .filter(|t| {
            !out.iter().any(|o| same_but_digits(o, t))
                && t.chars().filter(|&c| is_han(c)).count() >= MIN_HAN
                && !names_the_form(t)
        })
        .collect::<Vec<_>>();
    out.extend(repeated);
    Furniture { lines: out }
}

/// The empty lines that open a page (1-based, ascending): where a text made from a PDF had a
/// form feed alone on its line. A page break is no blank cell. Only an empty line: a line of
/// white space may be a cell typed blank (`\t`), and a page's first cell may be blank.
pub fn page_break_lines(lines: &[&str], page_starts: &[usize]) -> Vec<usize> {
    page_starts
        .iter()
        .copied()
        .filter(|&n| n > 1 && lines.get(n - 1).is_some_and(|l| l.is_empty()))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::{numbered_words, same_but_digits};

    #[test]
    fn lines_the_same_but_for_their_digits() {
        assert!(same_but_digits(
            "某某区人民政府 第 3 页",
            "某某区人民政府 第 12 页"
        ));
        assert!(same_but_digits(
            "2024/1/20 下午3:05 第３页",
            "2024/1/9 下午3:15 第１２页"
        ));
        assert!(!same_but_digits(
            "某某区人民政府 第 3 页",
            "某某区人民政府 第 页"
        ));
        assert!(!same_but_digits("第3页共9页", "第3页 共9页"));
        assert!(numbered_words("某某３") && numbered_words("x1"));
        assert!(
            !numbered_words("某某，（）：")
                && !numbered_words("某某\t1")
                && !numbered_words("| 1 |")
        );
    }
}
