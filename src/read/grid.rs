//! What HTML and .docx reading share: the table grid (rowspan/colspan, gridSpan/vMerge) and
//! the builder of output lines.
//!
//! The contract with the parser: a table row is one line of TAB-separated cells in their
//! exact grid positions, a position covered by a span is an empty cell, every line of a table
//! has as many cells as the grid is wide, and a table has a blank line before and after.

/// Widest table we lay out; wider spans are clamped (HTML itself caps colspan at 1000).
pub const MAX_COLUMNS: usize = 1000;
/// Longest rowspan honoured (the HTML limit).
pub const MAX_ROWSPAN: usize = 65534;
/// Most table cells laid out for one document, counting those a span covers: a report has
/// about a thousand, and a few bytes of `colspan` must not expand into gigabytes.
pub const MAX_CELLS: usize = 2_000_000;

/// A table being laid out row by row.
#[derive(Debug, Default)]
pub struct Grid {
    rows: Vec<Vec<String>>,
    /// For each column, how many rows below the current one a rowspan still covers.
    covered: Vec<usize>,
    /// Columns of the current row taken by a rowspan from above.
    busy: Vec<bool>,
    /// The next column `place` may use in the current row.
    cursor: usize,
    /// Cells laid out so far.
    cells: usize,
    /// Set when the table would pass [`MAX_CELLS`]: it is not laid out further.
    too_large: bool,
}

impl Grid {
    /// An empty grid.
    pub fn new() -> Self {
        Self::default()
    }

    /// Start the next row; positions covered by rowspans from above stay empty.
    pub fn start_row(&mut self) {
        self.busy.clear();
        for c in &mut self.covered {
            self.busy.push(*c > 0);
            *c = c.saturating_sub(1);
        }
        self.rows.push(Vec::new());
        self.cursor = 0;
    }

    /// Put a cell at the first free position of the current row; the positions it spans to
    /// the right (and, through `rowspan`, below) become empty cells.
    pub fn place(&mut self, text: String, colspan: usize, rowspan: usize) {
        if self.rows.is_empty() {
            self.start_row();
        }
        let colspan = colspan.clamp(1, MAX_COLUMNS);
        let rowspan = rowspan.clamp(1, MAX_ROWSPAN);
        while self.busy.get(self.cursor).copied().unwrap_or(false) {
            self.cursor += 1;
        }
        let start = self.cursor;
        if start >= MAX_COLUMNS {
            return;
        }
        let end = (start + colspan).min(MAX_COLUMNS);
        if self.covered.len() < end {
            self.covered.resize(end, 0);
        }
        let Some(row) = self.rows.last_mut() else {
            return;
        };
        self.cells += end.saturating_sub(row.len());
        if self.cells > MAX_CELLS {
            self.too_large = true;
            return;
        }
        if row.len() < end {
            row.resize(end, String::new());
        }
        row[start] = text;
        for c in &mut self.covered[start..end] {
            *c = rowspan - 1;
        }
        self.cursor = end;
    }

    /// Columns of the widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The laid-out rows, each padded to the grid's width. `min_width` is what the document
    /// declares (a docx `tblGrid`), so trailing empty columns are not lost. None when the
    /// table, padded, would pass [`MAX_CELLS`].
    pub fn into_rows(self, min_width: usize) -> Option<Vec<Vec<String>>> {
        let width = self.width().max(min_width.min(MAX_COLUMNS));
        if self.too_large || self.rows.len().saturating_mul(width) > MAX_CELLS {
            return None;
        }
        Some(
            self.rows
                .into_iter()
                .map(|mut r| {
                    r.resize(width, String::new());
                    r
                })
                .collect(),
        )
    }
}

/// How a line builder treats whitespace inside a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spacing {
    /// HTML: runs of whitespace collapse to one space, and vanish at a line break between
    /// two Chinese characters (as browsers render them).
    Collapse,
    /// Word: text is literal; only the ends of a line are trimmed.
    Literal,
}

/// One output line, or the blank line that sets a table apart.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Text(String),
    Blank,
}

/// Collects text in document order and cuts it into lines.
#[derive(Debug)]
pub struct Flow {
    lines: Vec<Line>,
    buf: String,
    spacing: Spacing,
    /// Drop narrative lines that are web-page chrome (share links, "print this page" …).
    drop_chrome: bool,
    /// Table cells emitted so far.
    cells: usize,
    /// Set when a table, or all of them together, passed [`MAX_CELLS`].
    too_large: bool,
}

impl Flow {
    /// An empty flow.
    pub fn new(spacing: Spacing, drop_chrome: bool) -> Self {
        Flow {
            lines: Vec::new(),
            buf: String::new(),
            spacing,
            drop_chrome,
            cells: 0,
            too_large: false,
        }
    }

    /// Whether the document's tables expand past [`MAX_CELLS`] (its text is then incomplete
    /// and must not be read as a report).
    pub fn too_large(&self) -> bool {
        self.too_large
    }

    /// Append inline text to the current line.
    pub fn push_str(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    /// Append one character to the current line.
    pub fn push(&mut self, c: char) {
        self.buf.push(c);
    }

    /// End the current line (a block boundary or a line break).
    pub fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let raw = std::mem::take(&mut self.buf);
        let line = match self.spacing {
            Spacing::Collapse => collapse_whitespace(&raw),
            Spacing::Literal => raw.trim().to_owned(),
        };
        if line.is_empty() || (self.drop_chrome && is_chrome_line(&line)) {
            return;
        }
        self.lines.push(Line::Text(line));
    }

    /// Emit a table: a blank line, one TAB-separated line per row, a blank line. None is a
    /// table too large to lay out ([`Grid::into_rows`]).
    pub fn table(&mut self, rows: Option<Vec<Vec<String>>>) {
        self.flush();
        let Some(rows) = rows else {
            self.too_large = true;
            return;
        };
        self.cells += rows.iter().map(Vec::len).sum::<usize>();
        if self.cells > MAX_CELLS {
            self.too_large = true;
        }
        if rows.is_empty() || self.too_large {
            return;
        }
        self.lines.push(Line::Blank);
        for row in rows {
            self.lines.push(Line::Text(row.join("\t")));
        }
        self.lines.push(Line::Blank);
    }

    /// The lines as they stand (table rows included), for a cell's text.
    pub fn into_lines(mut self) -> Vec<String> {
        self.flush();
        self.lines
            .into_iter()
            .filter_map(|l| match l {
                Line::Text(s) => Some(s),
                Line::Blank => None,
            })
            .collect()
    }

    /// The whole text: one blank line at most in a row, none at the ends, `\n` after the last
    /// line.
    pub fn into_text(mut self) -> String {
        self.flush();
        let mut out = String::new();
        let mut pending_blank = false;
        for line in self.lines {
            match line {
                Line::Blank => pending_blank = !out.is_empty(),
                Line::Text(s) => {
                    if pending_blank {
                        out.push('\n');
                        pending_blank = false;
                    }
                    out.push_str(&s);
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// A cell's text as one line: its lines joined (with a space only between two ASCII letters
/// or digits, since Chinese wraps without spaces), tabs turned into spaces, ends trimmed.
pub fn cell_text(lines: Vec<String>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.replace('\t', " ");
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let joins_words = out
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && line
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if joins_words {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Characters set without spaces between them: CJK ideographs, kana, CJK punctuation and
/// full-width forms.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{A4CF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// HTML whitespace rendering: runs become one space, a run holding a line break between two
/// CJK characters disappears, the ends are trimmed. No-break spaces count as spaces, since
/// portals indent with `&nbsp;`.
fn collapse_whitespace(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut run = false;
    let mut run_has_break = false;
    for c in raw.chars() {
        if c.is_whitespace() && c != '\u{3000}' {
            run = true;
            run_has_break |= c == '\n' || c == '\r';
            continue;
        }
        if run {
            let prev_cjk = out.chars().next_back().is_some_and(is_cjk);
            let vanishes = run_has_break && prev_cjk && is_cjk(c);
            if !out.is_empty() && !vanishes {
                out.push(' ');
            }
            run = false;
            run_has_break = false;
        }
        out.push(c);
    }
    out.trim().to_owned()
}

/// Narrative lines that are a portal's furniture, not the report. Only short lines qualify, so
/// a paragraph that merely mentions a phrase is kept.
fn is_chrome_line(line: &str) -> bool {
    const CONTAINS: &[&str] = &[
        "扫一扫在手机",
        "打印本页",
        "关闭窗口",
        "【打印】",
        "【关闭】",
        "[打印]",
        "[关闭]",
        "收藏本页",
        "分享到",
        "ICP备",
        "公网安备",
        "网站标识码",
        "技术支持：",
        "您当前的位置",
        "您现在的位置",
        "当前位置：",
        "【字体",
        "字体：大",
        "字号：大",
    ];
    const STARTS: &[&str] = &["版权所有", "主办单位", "承办单位", "主办：", "Copyright"];
    if line.chars().count() > 80 {
        return false;
    }
    CONTAINS.iter().any(|p| line.contains(p)) || STARTS.iter().any(|p| line.starts_with(p))
}
