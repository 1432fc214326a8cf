//! A web page copied as text: the whole report on one line, every cell separator lost
//! (`layouts.md`, family 3). Such a line is cut into virtual lines before the line-based parser
//! sees it: the section headings, the table rows' label text and each row's run of digits
//! become lines of their own. Every virtual line is a slice of its source line, so a position
//! in it maps back to (line, column) of the original.
//!
//! Structure is found from the form's own words wherever they fall: numbered headings
//! (tolerating one wrong character in a long heading), numbering (`一、` `（二）` `3.`) and
//! `第二十条` inside the tables, page markers (`-4-`), and digit runs that follow a row label.
//! A digit run that follows no row label (`数据1`, `修订16件`) stays words.

use std::sync::LazyLock;

use super::normalize::{fold_char, is_han, is_numeral};
use super::sections::{heading_variants, tolerates_typo};
use crate::model::SectionId;

/// The virtual lines of a text, one or more per source line.
#[derive(Debug, Default)]
pub struct Flat<'s> {
    /// Slices of the source lines, in order.
    pub lines: Vec<&'s str>,
    /// Per virtual line: its source line (1-based) and the column (1-based, in characters)
    /// where it starts there.
    pub origin: Vec<(usize, usize)>,
    /// Per virtual line cut from a flattened line: whether it is a row's run of cells (digits
    /// with their signs). `None` for a line left as it was.
    pub runs: Vec<Option<bool>>,
}

impl Flat<'_> {
    /// The source (line, column) of a virtual line and a 1-based column inside it.
    pub fn source_of(&self, vline: usize, column: Option<usize>) -> (usize, usize) {
        let (line, col) = self
            .origin
            .get(vline.wrapping_sub(1))
            .copied()
            .unwrap_or((vline, 1));
        (line, col + column.unwrap_or(1) - 1)
    }
}

/// Lines shorter than this are laid out, whatever they hold.
const MIN_FLAT_CHARS: usize = 200;

/// Words of which a flattened report line holds several (folded).
const ANCHORS: [&str; 6] = [
    "第二十条",
    "本年新收",
    "上年结转",
    "结转下年度",
    "行政复议",
    "予以公开",
];

/// Row labels (their ends, folded, as label keys), one of which ends the text before a run of
/// cells. A text that ends otherwise (`数据1`, `修订16件`) keeps its digits as words.
const LABEL_ENDS: [&str; 37] = [
    "规章",
    "规范性文件",
    "行政许可",
    "其他对外管理服务事项",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "政府集中采购",
    "申请数量",
    "予以公开",
    "其他情形）",
    "属于国家秘密",
    "禁止公开",
    "三安全一稳定”",
    "三安全一稳定",
    "合法权益",
    "内部事务信息",
    "过程性信息",
    "行政执法案卷",
    "行政查询事项",
    "相关政府信息",
    "另行制作",
    "仍不明确",
    "投诉类申请",
    "重复申请",
    "公开出版物",
    "反复申请",
    "已获取信息",
    "其他处理",
    "信息公开申请",
    "其他",
    "总计",
    "合计",
    "继续办理",
    "审结",
    // Table 四's head cut short by a converter (`…结果其他尚未` for `…尚未审结`): no prose
    // sets digits right after 尚未 (a verb follows it).
    "尚未",
    "数量",
];

/// Every one of [`ANCHORS`], searched for at once.
static ANCHOR_SEARCH: std::sync::LazyLock<crate::fast_str::Words> =
    std::sync::LazyLock::new(|| {
        crate::fast_str::Words::new(ANCHORS).expect("fixed anchor words always build")
    });

/// Whether `folded` holds at least `n` different [`ANCHORS`]: one pass of one automaton,
/// stopping at the n-th, where a search per anchor each built its searcher and read the whole
/// of every long prose line of a laid-out report.
fn holds_anchors(folded: &str, n: usize) -> bool {
    let mut seen = [false; ANCHORS.len()];
    let mut found = 0;
    ANCHOR_SEARCH.each(folded, |_, _, id| {
        if !seen[id] {
            seen[id] = true;
            found += 1;
        }
        found < n
    });
    found >= n
}

/// The lines to read the text by: its own, or when a line of it is a flattened report, the
/// virtual lines it is cut into, with the cut (`None` for a laid-out text). The text is split
/// into lines once, for both.
pub fn segment(text: &str) -> (Vec<&str>, Option<Flat<'_>>) {
    let lines = crate::fast_str::lines(text);
    // Each long line folded once: the same characters tell whether it is a flattened report
    // and where to cut it.
    let compact: Vec<Option<Compact>> = lines.iter().map(|l| flat_line(l)).collect();
    if compact.iter().all(Option::is_none) {
        return (lines, None);
    }
    let mut flat = Flat::default();
    for (i, (line, c)) in lines.iter().zip(compact).enumerate() {
        let Some(c) = c else {
            flat.lines.push(line);
            flat.origin.push((i + 1, 1));
            flat.runs.push(None);
            continue;
        };
        // Columns counted on from the previous cut: counting from the line's start each time
        // would be quadratic in a long line.
        let (mut at, mut column) = (0, 1);
        for (start, end, run) in cut_line(line, &c) {
            column += line[at..start].chars().count();
            at = start;
            flat.lines.push(&line[start..end]);
            flat.origin.push((i + 1, column));
            flat.runs.push(Some(run));
        }
    }
    (flat.lines.clone(), Some(flat))
}

/// A line long enough to be a whole report that holds several of the [`ANCHORS`]: its
/// compact form. Long prose lines of a laid-out report are only folded into a string (the
/// cheaper test); the compact form is built for a flattened line alone.
fn flat_line(line: &str) -> Option<Compact> {
    if line.len() < MIN_FLAT_CHARS * 3 || line.chars().nth(MIN_FLAT_CHARS).is_none() {
        return None;
    }
    let folded: String = line.chars().map(fold_char).collect();
    (holds_anchors(&folded, 3)).then(|| Compact::from_folded(line, &folded))
}

/// A line as label-key characters without white space, each with its byte offset.
struct Compact {
    cs: Vec<char>,
    pos: Vec<usize>,
}

impl Compact {
    #[cfg(test)]
    fn new(line: &str) -> Compact {
        let folded: String = line.chars().map(fold_char).collect();
        Compact::from_folded(line, &folded)
    }

    /// From `line` and its folding (character for character, as [`fold_char`] gives it).
    fn from_folded(line: &str, folded: &str) -> Compact {
        let mut cs = Vec::with_capacity(folded.len() / 3);
        let mut pos = Vec::with_capacity(folded.len() / 3);
        for ((b, _), c) in line.char_indices().zip(folded.chars()) {
            let c = match c {
                c if c.is_whitespace() || c == '|' => continue,
                '(' => '（',
                ')' => '）',
                '、' => '.',
                ':' => '：',
                ',' => '，',
                c => c,
            };
            cs.push(c);
            pos.push(b);
        }
        pos.push(line.len());
        Compact { cs, pos }
    }

    fn at(&self, i: usize) -> char {
        self.cs.get(i).copied().unwrap_or('\0')
    }

    fn digit(&self, i: usize) -> bool {
        self.at(i).is_ascii_digit()
    }

    /// Whether the characters from `i` are `word`, with at most `tolerance` wrong ones.
    fn matches(&self, i: usize, word: &[char], tolerance: usize) -> bool {
        if i + word.len() > self.cs.len() {
            return false;
        }
        let wrong = word
            .iter()
            .zip(&self.cs[i..])
            .filter(|(a, b)| a != b)
            .count();
        wrong <= tolerance
    }

    fn ends_with(&self, end: usize, word: &[char], tolerance: usize) -> bool {
        end >= word.len() && self.matches(end - word.len(), word, tolerance)
    }
}

/// One flattened line (and its compact form) → (byte start, byte end, is a run of cells),
/// covering the line.
fn cut_line(line: &str, c: &Compact) -> Vec<(usize, usize, bool)> {
    let headings = find_headings(c);
    // Tables stand between section 二's heading and section 五's (or 六's); failing those,
    // from the first table item on.
    let start = headings
        .iter()
        .find(|h| h.0 == 1)
        .map(|h| h.2)
        .or_else(|| find_word(c, 0, "第二十条"))
        .unwrap_or(c.cs.len());
    let end = headings
        .iter()
        .find(|h| h.0 >= 4)
        .map_or(c.cs.len(), |h| h.1)
        .max(start);
    // (compact start, compact end, is a run)
    let mut pieces: Vec<(usize, usize, bool)> = Vec::new();
    // Site breadcrumbs (`当前位置：首页>政务公开>…>年报`) end at their last `>` before the
    // report: the title after them is a line of its own.
    let first_heading = headings.first().map_or(c.cs.len(), |h| h.1);
    if let Some(gt) = (0..first_heading)
        .rev()
        .find(|&i| matches!(c.at(i), '>' | '›' | '»'))
    {
        pieces.push((gt + 1, gt + 1, false));
    }
    for &(_, s, e) in &headings {
        pieces.push((s, e, false));
    }
    let mut i = start;
    let mut text_from = start;
    while i < end {
        if let Some(m) = page_marker(c, i) {
            pieces.push((i, m, false));
            i = m;
            text_from = m;
            continue;
        }
        if let Some(h) = headings.iter().find(|h| h.1 == i) {
            i = h.2;
            text_from = i;
            continue;
        }
        if let Some(j) = run_at(c, i, end)
            && follows_label(c, text_from, i)
        {
            pieces.push((i, j, true));
            i = j;
            text_from = j;
            continue;
        }
        if numbering_at(c, i) && i > start {
            pieces.push((i, i, false));
        }
        i += 1;
    }
    into_slices(c, line, pieces)
}

/// Cut points from pieces; the text between them becomes text lines. A run of cells ends
/// with its last digit: the white space and pipes after it (`3 | `) are not the cell's.
fn into_slices(
    c: &Compact,
    line: &str,
    mut pieces: Vec<(usize, usize, bool)>,
) -> Vec<(usize, usize, bool)> {
    let len = line.len();
    pieces.sort_unstable();
    let mut out: Vec<(usize, usize, bool)> = Vec::new();
    let mut at = 0usize;
    let byte = |i: usize| c.pos[i.min(c.pos.len() - 1)];
    let end_of = |i: usize| {
        let b = byte(i);
        b + line[b..].chars().next().map_or(0, char::len_utf8)
    };
    for (s, e, run) in pieces {
        let bs = byte(s);
        let be = if run && e > s { end_of(e - 1) } else { byte(e) };
        if bs < at {
            continue;
        }
        if bs > at {
            out.push((at, bs, false));
        }
        if be > bs {
            out.push((bs, be, run));
        }
        at = be.max(bs);
    }
    if at < len {
        out.push((at, len, false));
    }
    out
}

fn find_word(c: &Compact, from: usize, word: &str) -> Option<usize> {
    let w: Vec<char> = word.chars().collect();
    find_chars(c, from, &w)
}

/// Where `word` first stands in `c` from `from` on (exactly).
fn find_chars(c: &Compact, from: usize, word: &[char]) -> Option<usize> {
    let first = *word.first()?;
    (from..c.cs.len()).find(|&i| c.cs[i] == first && c.cs[i..].starts_with(word))
}

/// The section headings found, in order: (section index, compact start, compact end).
fn find_headings(c: &Compact) -> Vec<(usize, usize, usize)> {
    let variants: Vec<Vec<Vec<char>>> = heading_variants()
        .iter()
        .map(|vs| vs.iter().map(|v| v.chars().collect()).collect())
        .collect();
    let mut out = Vec::new();
    let mut cursor = 0;
    for (k, vs) in variants.iter().enumerate() {
        let own = SectionId::ALL[k].numeral().chars().next().unwrap_or('\0');
        let hit = numbered_heading(c, cursor, vs, own).or_else(|| {
            // 五 and 六 lose their number in some reports; the heading then follows a table's
            // last digit or a full stop, never a list in prose.
            (k >= 4).then(|| bare_heading(c, cursor, vs)).flatten()
        });
        if let Some((s, e)) = hit {
            out.push((k, s, e));
            cursor = e;
        }
    }
    out
}

/// The longest of `vs` standing at `i`: one wrong character kept in a long wording, and in a
/// short one after its own section's number (`own`).
fn longest_at(c: &Compact, i: usize, vs: &[Vec<char>], own: bool) -> Option<usize> {
    vs.iter()
        .filter(|v| c.matches(i, v, usize::from(tolerates_typo(v.len(), own))))
        .map(Vec::len)
        .max()
}

/// A heading after a section number; `own` is the number of the section sought.
fn numbered_heading(
    c: &Compact,
    from: usize,
    vs: &[Vec<char>],
    own: char,
) -> Option<(usize, usize)> {
    (from..c.cs.len()).find_map(|i| {
        let numbered = is_numeral(c.at(i)) && matches!(c.at(i + 1), '.' | '．');
        if !numbered {
            return None;
        }
        longest_at(c, i + 2, vs, c.at(i) == own).map(|len| (i, i + 2 + len))
    })
}

fn bare_heading(c: &Compact, from: usize, vs: &[Vec<char>]) -> Option<(usize, usize)> {
    (from..c.cs.len()).find_map(|i| {
        let before = if i == 0 { '。' } else { c.at(i - 1) };
        if !(before.is_ascii_digit() || before == '。') {
            return None;
        }
        vs.iter()
            .filter(|v| c.matches(i, v, 0))
            .map(Vec::len)
            .max()
            .map(|len| (i, i + len))
    })
}

/// `-4-`, `—5—`, `- 12 -`: a page number (its compact end).
fn page_marker(c: &Compact, i: usize) -> Option<usize> {
    let dash = |ch: char| matches!(ch, '-' | '—' | '–');
    if !dash(c.at(i)) || (i > 0 && dash(c.at(i - 1))) {
        return None;
    }
    let mut j = i + 1;
    while c.digit(j) && j - i <= 3 {
        j += 1;
    }
    (j > i + 1 && dash(c.at(j)) && !dash(c.at(j + 1))).then_some(j + 1)
}

/// A run of cells starting at `i`: digits, with decimal points and signs (`增42`, `-3`) between
/// them. Its end, after giving back a last digit that numbers the next label (`…0002.其他`).
fn run_at(c: &Compact, i: usize, end: usize) -> Option<usize> {
    let sign = |ch: char| matches!(ch, '增' | '减' | '+' | '-');
    let starts = c.digit(i)
        || (sign(c.at(i)) && c.digit(i + 1) && (c.at(i) != '-' || is_han(c.at(i.wrapping_sub(1)))));
    if !starts || (i > 0 && c.digit(i - 1)) {
        return None;
    }
    let mut j = i + 1;
    while j < end {
        let ch = c.at(j);
        let next_digit = c.digit(j + 1);
        if ch.is_ascii_digit()
            || (ch == '.' && next_digit)
            || (sign(ch) && next_digit && page_marker(c, j).is_none())
        {
            j += 1;
        } else {
            break;
        }
    }
    let after = c.at(j);
    if after == '.' && (is_han(c.at(j + 1)) || c.at(j + 1) == '“') {
        // The last digit is the next label's number.
        j -= 1;
    }
    if "年月日号期%％".contains(after) || j <= i || !(i..j).any(|k| c.digit(k)) {
        return None;
    }
    Some(j)
}

/// Whether the text from `from` to `i` ends in a row label (tolerating one wrong character in
/// a long one), or is only a table rule (`-----`, `###`) after an earlier row.
fn follows_label(c: &Compact, from: usize, i: usize) -> bool {
    let mut end = i;
    while end > from && matches!(c.at(end - 1), '-' | '#' | '*' | '：' | '—') {
        end -= 1;
    }
    if end == from {
        return i > from;
    }
    LABEL_END_CHARS
        .iter()
        .any(|w| c.ends_with(end, w, usize::from(w.len() >= 4)))
}

/// [`LABEL_ENDS`] as characters, built once (every digit run is checked against all).
static LABEL_END_CHARS: LazyLock<Vec<Vec<char>>> =
    LazyLock::new(|| LABEL_ENDS.iter().map(|l| l.chars().collect()).collect());

/// Numbering that opens a label: `三.`, `（二）`, `4.` before a word, `第二十条`.
fn numbering_at(c: &Compact, i: usize) -> bool {
    let ch = c.at(i);
    (is_numeral(ch) && c.at(i + 1) == '.' && !is_numeral(c.at(i.wrapping_sub(1))))
        || (ch == '（' && is_numeral(c.at(i + 1)) && c.at(i + 2) == '）')
        || (ch.is_ascii_digit()
            && c.at(i + 1) == '.'
            && is_han(c.at(i + 2))
            && !c.digit(i.wrapping_sub(1)))
        || (ch == '第' && c.at(i + 1) == '二' && c.at(i + 2) == '十' && c.at(i + 3) == '条')
}

#[cfg(test)]
mod tests {
    #[test]
    fn anchors_counted_as_one_search_each_would() {
        let texts = [
            "",
            "本年新收上年结转",
            "本年新收本年新收本年新收",
            "第二十条本年新收上年结转结转下年度行政复议予以公开",
            "结转下年度（行政复议）予以公开",
        ];
        for t in texts {
            let plain = super::ANCHORS.iter().filter(|a| t.contains(*a)).count();
            for n in 1..=6 {
                assert_eq!(super::holds_anchors(t, n), plain >= n, "{t} {n}");
            }
        }
    }

    use super::*;

    fn pieces(line: &str) -> Vec<(&str, bool)> {
        cut_line(line, &Compact::new(line))
            .into_iter()
            .map(|(s, e, r)| (&line[s..e], r))
            .collect()
    }

    #[test]
    fn next_labels_number_is_not_a_cell() {
        let t = "二、主动公开政府信息情况第二十条第（一）项规章000三、收到和处理政府信息公开申请情况\
                 （三）不予公开1．属于国家秘密00000002．其他法律行政法规禁止公开1000001五、存在的主要问题及改进情况无";
        let p = pieces(t);
        assert!(p.contains(&("0000000", true)), "{p:?}");
        assert!(p.contains(&("1000001", true)), "{p:?}");
        assert!(p.contains(&("000", true)), "{p:?}");
    }

    #[test]
    fn digits_after_no_label_stay_words() {
        let t = "二、主动公开政府信息情况类别数据1数据2规章000";
        let p = pieces(t);
        assert!(!p.iter().any(|(s, r)| *r && s.starts_with('1')), "{p:?}");
    }
}
