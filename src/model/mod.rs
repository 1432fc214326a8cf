//! The canonical report model: sections, cells and metadata under the ids of
//! `spec/report-model.md`. The parser fills it; rules, comparison, review store, CLI and TUI
//! read it. Nothing here knows about layouts or terminals.

mod cells;
mod content;
mod lines;
mod template;

pub use cells::Cells;
pub use lines::Lines;

pub(crate) use content::is_page_number_trimmed;
pub use content::{hex, is_page_number};
pub use template::{
    APPLY_COLUMNS, CellDef, ColumnDef, REVIEW_COLUMNS, RowDef, Schema, TableDef, TableId, Template,
    ValueKind,
};

pub use compact_str::CompactString;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The six numbered sections of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SectionId {
    /// 一、总体情况
    #[serde(rename = "s1")]
    S1,
    /// 二、主动公开政府信息情况
    #[serde(rename = "s2")]
    S2,
    /// 三、收到和处理政府信息公开申请情况
    #[serde(rename = "s3")]
    S3,
    /// 四、政府信息公开行政复议、行政诉讼情况
    #[serde(rename = "s4")]
    S4,
    /// 五、存在的主要问题及改进情况
    #[serde(rename = "s5")]
    S5,
    /// 六、其他需要报告的事项
    #[serde(rename = "s6")]
    S6,
}

impl SectionId {
    /// All sections, in report order.
    pub const ALL: [SectionId; 6] = [
        SectionId::S1,
        SectionId::S2,
        SectionId::S3,
        SectionId::S4,
        SectionId::S5,
        SectionId::S6,
    ];

    /// `"s1"` … `"s6"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionId::S1 => "s1",
            SectionId::S2 => "s2",
            SectionId::S3 => "s3",
            SectionId::S4 => "s4",
            SectionId::S5 => "s5",
            SectionId::S6 => "s6",
        }
    }

    /// Parse `"s1"` … `"s6"`.
    pub fn parse(s: &str) -> Option<SectionId> {
        SectionId::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The section's number as printed: 一 … 六.
    pub fn numeral(self) -> &'static str {
        ["一", "二", "三", "四", "五", "六"][self.index()]
    }

    /// 0 … 5.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The official heading, without its number.
    pub fn heading(self) -> &'static str {
        match self {
            SectionId::S1 => "总体情况",
            SectionId::S2 => "主动公开政府信息情况",
            SectionId::S3 => "收到和处理政府信息公开申请情况",
            SectionId::S4 => "政府信息公开行政复议、行政诉讼情况",
            SectionId::S5 => "存在的主要问题及改进情况",
            SectionId::S6 => "其他需要报告的事项",
        }
    }

    /// English heading.
    pub fn heading_en(self) -> &'static str {
        match self {
            SectionId::S1 => "Overview",
            SectionId::S2 => "Proactive disclosure",
            SectionId::S3 => "Applications received and handled",
            SectionId::S4 => "Administrative review and litigation",
            SectionId::S5 => "Main problems and improvements",
            SectionId::S6 => "Other matters",
        }
    }

    /// The table the section holds, if any.
    pub fn table(self) -> Option<TableId> {
        match self {
            SectionId::S2 => Some(TableId::Active),
            SectionId::S3 => Some(TableId::Apply),
            SectionId::S4 => Some(TableId::Review),
            _ => None,
        }
    }
}

impl std::fmt::Display for SectionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where something came from in the source text (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Location {
    /// Line number, 1-based.
    pub line: usize,
    /// Column (1-based, in characters) where the layout gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// Page (1-based) for PDF input, where page breaks are known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
}

/// One of the six sections as found in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Which section.
    pub id: SectionId,
    /// Whether a heading for it was found.
    pub present: bool,
    /// Whether the heading carries its number (一、 … 六、).
    pub numbered: bool,
    /// The heading as written, verbatim.
    pub heading: String,
    /// Line of the heading.
    pub line: Option<usize>,
    /// Last line of the section's body (inclusive).
    pub end_line: Option<usize>,
    /// The body text as written (lines joined by `\n`), tables included for 二–四.
    pub text: String,
}

impl Section {
    /// A section that was not found.
    pub fn missing(id: SectionId) -> Section {
        Section {
            id,
            present: false,
            numbered: false,
            heading: String::new(),
            line: None,
            end_line: None,
            text: String::new(),
        }
    }
}

/// How a cell reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// A number was read.
    Value,
    /// Nothing written (or a placeholder such as `—`, `/`, `无`).
    Blank,
    /// Text that is not a number (`:2`, `一`, `N/A`).
    Unreadable,
    /// Digits are there but their boundaries are not; see `candidates`.
    Ambiguous,
    /// The row is not in the report at all (a missing row is not a zero).
    Missing,
}

/// One cell of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// What the report wrote, verbatim (trimmed of surrounding white space). Held inline
    /// up to 24 bytes (every number a cell holds), so reading a cell allocates nothing.
    pub raw: CompactString,
    /// What it means, when it reads as a number. Counts are whole decimals.
    pub value: Option<Decimal>,
    /// How it reads.
    pub status: CellStatus,
    /// A unit written in the cell (`元`, `件`, `万元`), kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Where it was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// For an ambiguous cell: each candidate reading of this cell.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Decimal>,
    /// Set when the value was recovered (run-together digits split by the arithmetic, a
    /// merged-cell artefact realigned) rather than read directly.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub recovered: bool,
}

impl Cell {
    /// A cell whose row was not found.
    pub fn missing() -> Cell {
        Cell {
            raw: CompactString::default(),
            value: None,
            status: CellStatus::Missing,
            unit: None,
            location: None,
            candidates: Vec::new(),
            recovered: false,
        }
    }

    /// A blank cell at a place in the source.
    pub fn blank(raw: impl Into<CompactString>, location: Option<Location>) -> Cell {
        Cell {
            raw: raw.into(),
            value: None,
            status: CellStatus::Blank,
            unit: None,
            location,
            candidates: Vec::new(),
            recovered: false,
        }
    }

    /// Digits whose cell boundaries are not known: `candidates`, the values each reading of
    /// them gives this cell (none when no reading is known).
    pub fn ambiguous(
        raw: impl Into<CompactString>,
        location: Option<Location>,
        candidates: Vec<Decimal>,
    ) -> Cell {
        Cell {
            raw: raw.into(),
            value: None,
            status: CellStatus::Ambiguous,
            unit: None,
            location,
            candidates,
            recovered: false,
        }
    }

    /// A cell holding a value.
    pub fn number(
        raw: impl Into<CompactString>,
        value: Decimal,
        location: Option<Location>,
    ) -> Cell {
        Cell {
            raw: raw.into(),
            value: Some(value),
            status: CellStatus::Value,
            unit: None,
            location,
            candidates: Vec::new(),
            recovered: false,
        }
    }

    /// The source line, if known.
    pub fn line(&self) -> Option<usize> {
        self.location.map(|l| l.line)
    }
}

/// The report's identity and form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The publishing body, from the title, the publisher field or the text.
    pub agency: Option<String>,
    /// The year reported on (not the publication date).
    pub year: Option<i32>,
    /// The template the tables follow (from their labels; from the year when no table says).
    pub template: Template,
    /// The title as written.
    pub title: Option<String>,
    /// Line of the title.
    pub title_line: Option<usize>,
}

/// Something in the source outside the template: a 小计 row, a 法人小计 column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extra {
    /// The table it sits in.
    pub table: TableId,
    /// The label as written.
    pub label: String,
    /// Where.
    pub line: usize,
}

/// A label that belongs to the other template version (a half-migrated form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignLabel {
    /// The label as written.
    pub label: String,
    /// The template it belongs to.
    pub template: Template,
    /// Where.
    pub line: usize,
}

/// Every kind of [`ParseNote`] the parser writes, with what it means. A test holds the
/// parser to this list.
pub const NOTE_KINDS: [(&str, &str); 10] = [
    (
        "realigned",
        "a row had extra numbers (a merged-cell artefact); read to the form's columns",
    ),
    (
        "recovered",
        "run-together digits split into cells under the table's equations",
    ),
    (
        "ambiguous",
        "run-together digits with more than one reading; the cells are ambiguous",
    ),
    (
        "unplaced",
        "numbers or a row that could not be placed in the form; left out, not guessed",
    ),
    (
        "by_order",
        "numbers without a row label placed by the form's order",
    ),
    (
        "collapsed_row",
        "a row showing one number, read as its total",
    ),
    (
        "single_other",
        "the 2019 form's one 其他处理 row in a 2021 report, read as the group's sum",
    ),
    (
        "page_marker",
        "a page-break marker of a PDF's text left out of the report",
    ),
    (
        "multi_year",
        "a file holding several years' reports; the latest is read",
    ),
    (
        "one_line",
        "a text with no line breaks (a web page copied as one line), read by the form's words",
    ),
];

/// What the parser did that a reviewer should know: a realigned row, recovered digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParseNote {
    /// Short machine id, one of [`NOTE_KINDS`].
    pub kind: String,
    /// Human message, Chinese.
    pub message: String,
    /// Human message, English.
    pub message_en: String,
    /// Where.
    pub line: Option<usize>,
    /// Cells it concerns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<String>,
}

/// How the file was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SourceInfo {
    /// Path as given.
    pub path: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// `utf-8`, `utf-8-bom`, `gb18030`, `utf-16le`, `utf-16be`.
    pub encoding: String,
    /// `text`, `html` or `docx`.
    pub format: String,
}

/// The source lines of a report that hold more than one cell, sorted ([`Report::shared_lines`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedLines(Vec<usize>);

impl SharedLines {
    /// Whether `line` holds more than one cell.
    pub fn contains(&self, line: usize) -> bool {
        self.0.binary_search(&line).is_ok()
    }
}

/// A parsed report: every template cell (blank or missing ones too), the six sections, and
/// what the parser noticed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// How the file was read.
    pub source: SourceInfo,
    /// Identity and form.
    pub meta: Meta,
    /// The six sections, in order `s1` … `s6` (missing ones with `present: false`).
    pub sections: Vec<Section>,
    /// Every cell of the template, by canonical id.
    pub cells: Cells,
    /// Rows and columns outside the template.
    pub extras: Vec<Extra>,
    /// Labels of the other template version.
    pub foreign_labels: Vec<ForeignLabel>,
    /// What the parser did that a reviewer should know.
    pub notes: Vec<ParseNote>,
    /// The source text, one entry per line, so a reviewer can see the original.
    #[serde(skip)]
    pub lines: Lines,
    /// For PDF input: the first line (1-based) of each page, in page order; empty otherwise.
    #[serde(skip)]
    pub page_starts: Vec<usize>,
}

impl Report {
    /// A report of a template with every cell missing and no section found: the parser's
    /// starting point, and a handy base for tests.
    pub fn empty(template: Template) -> Report {
        Report {
            source: SourceInfo::default(),
            meta: Meta {
                agency: None,
                year: None,
                template,
                title: None,
                title_line: None,
            },
            sections: SectionId::ALL.into_iter().map(Section::missing).collect(),
            cells: Cells::missing(template),
            extras: Vec::new(),
            foreign_labels: Vec::new(),
            notes: Vec::new(),
            lines: Lines::default(),
            page_starts: Vec::new(),
        }
    }

    /// The template layout.
    pub fn schema(&self) -> &'static Schema {
        self.meta.template.schema()
    }

    /// One section.
    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.index()]
    }

    /// One cell by canonical id.
    pub fn cell(&self, id: &str) -> Option<&Cell> {
        self.cells.get(id)
    }

    /// The value of a cell, when it reads as a number.
    pub fn value(&self, id: &str) -> Option<Decimal> {
        self.cells.get(id).and_then(|c| c.value)
    }

    /// Whether the report was read as one line (a web page copied as text): its positions
    /// are columns in that line.
    pub fn is_one_line(&self) -> bool {
        self.notes.iter().any(|n| n.kind == "one_line")
    }

    /// The source lines holding more than one cell: there a column tells the cells apart
    /// (`json-output.md`, positions), elsewhere the line is enough. Computed once per report
    /// written, not once per finding.
    pub fn shared_lines(&self) -> SharedLines {
        let mut lines: Vec<usize> = self.cells.unordered().filter_map(Cell::line).collect();
        lines.sort_unstable();
        let mut shared: Vec<usize> = lines
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0])
            .collect();
        shared.dedup();
        SharedLines(shared)
    }

    /// The report's cells by schema position (`None` where one is missing from the model;
    /// cells outside the schema left out), for whatever reads every cell in form order (rules,
    /// JSON).
    pub fn cells_by_position(&self) -> Vec<Option<&Cell>> {
        if self.cells.template() == self.meta.template {
            return self
                .cells
                .by_position()
                .iter()
                .map(Option::as_ref)
                .collect();
        }
        // Cells placed by another template than the report now says (a test's hand edit).
        let schema = self.schema();
        schema.cells.iter().map(|d| self.cells.get(&d.id)).collect()
    }

    /// The text around a column of a long line (a web page copied as one line): about
    /// `width` characters, `…` where cut; `None` when the line is short enough to show whole
    /// (then the line itself is the context) or does not exist.
    pub fn excerpt(&self, line: usize, column: usize, width: usize) -> Option<String> {
        let raw = self.lines.get(line.checked_sub(1)?)?.trim();
        if raw.chars().count() <= width * 2 {
            return None;
        }
        let start = column.saturating_sub(width / 2 + 1);
        let piece: String = raw.chars().skip(start).take(width * 2).collect();
        Some(format!("…{piece}…"))
    }

    /// The page (1-based) a source line is on, for PDF input; None for other formats.
    pub fn page_of(&self, line: usize) -> Option<usize> {
        page_of(&self.page_starts, line)
    }

    /// Record where the pages start and point every located cell at its page.
    pub fn set_pages(&mut self, page_starts: &[usize]) {
        if page_starts.is_empty() {
            return;
        }
        self.page_starts = page_starts.to_vec();
        for cell in self.cells.values_mut() {
            if let Some(loc) = &mut cell.location {
                loc.page = page_of(page_starts, loc.line);
            }
        }
    }

    /// Whether any row of a table was found.
    pub fn has_table(&self, table: TableId) -> bool {
        self.schema()
            .table_cells(table)
            .any(|c| self.cells[c.id.as_str()].status != CellStatus::Missing)
    }
}

/// The page holding `line`: the last page starting at or before it (an empty page starts where
/// the next one does, so it never claims a line).
fn page_of(page_starts: &[usize], line: usize) -> Option<usize> {
    if page_starts.is_empty() || line == 0 {
        return None;
    }
    Some(page_starts.partition_point(|&start| start <= line).max(1))
}
