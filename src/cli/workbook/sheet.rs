//! A sheet as data: rows of cells with a mark saying how each is shown. The workbook writer
//! and the CSV writer both render it, so the two outputs never differ in content.

use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing.
    Empty,
    /// Words.
    Text(String),
    /// A number, written as a number.
    Number(Decimal),
}

/// How a cell is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Ordinary.
    Plain,
    /// A column head.
    Head,
    /// A canonical id under a column head (small, grey).
    Id,
    /// A block title.
    Title,
    /// An error (red fill).
    Error,
    /// A warning (yellow fill).
    Warning,
    /// A cell that cannot be read, is ambiguous or missing, or a total left incomplete by one
    /// (orange fill): never to be taken for a number.
    Unsure,
    /// A 合计 row.
    Total,
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Out {
    /// Content.
    pub value: Value,
    /// Look.
    pub mark: Mark,
    /// A comment shown on hover (why a total is incomplete).
    pub note: Option<String>,
}

impl Out {
    /// An empty cell.
    pub fn empty() -> Out {
        Out::text("", Mark::Plain)
    }

    /// Text with a mark.
    pub fn text(s: impl Into<String>, mark: Mark) -> Out {
        let s = s.into();
        Out {
            value: if s.is_empty() {
                Value::Empty
            } else {
                Value::Text(s)
            },
            mark,
            note: None,
        }
    }

    /// A number with a mark.
    pub fn number(d: Decimal, mark: Mark) -> Out {
        Out {
            value: Value::Number(d),
            mark,
            note: None,
        }
    }

    /// A number if there is one, else empty.
    pub fn maybe(d: Option<Decimal>, mark: Mark) -> Out {
        match d {
            Some(d) => Out::number(d, mark),
            None => Out::text("", mark),
        }
    }

    /// With a comment.
    pub fn with_note(mut self, note: impl Into<String>) -> Out {
        self.note = Some(note.into());
        self
    }

    /// The cell as text (CSV, width measuring).
    pub fn as_text(&self) -> String {
        match &self.value {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Number(d) => d.normalize().to_string(),
        }
    }
}

/// One sheet.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Tab name (and CSV file stem).
    pub name: String,
    /// Rows, top to bottom.
    pub rows: Vec<Vec<Out>>,
    /// Rows frozen at the top (the header).
    pub frozen_rows: u32,
    /// Columns frozen at the left (the agency).
    pub frozen_cols: u16,
    /// Whether the header's last row gets an autofilter over the whole table.
    pub filter: bool,
}

impl Sheet {
    /// An empty sheet.
    pub fn new(name: impl Into<String>) -> Sheet {
        Sheet {
            name: name.into(),
            rows: Vec::new(),
            frozen_rows: 0,
            frozen_cols: 0,
            filter: false,
        }
    }

    /// Column widths that fit the content (Chinese counts double), within bounds. Looks at
    /// the first rows only: a big intake has thousands of alike rows.
    pub fn widths(&self) -> Vec<f64> {
        let mut w: Vec<usize> = Vec::new();
        // A row of one cell is a title or a message running across the sheet.
        for row in self.rows.iter().take(2000).filter(|r| r.len() > 1) {
            if w.len() < row.len() {
                w.resize(row.len(), 0);
            }
            for (i, c) in row.iter().enumerate() {
                w[i] = w[i].max(c.as_text().width());
            }
        }
        w.into_iter()
            .map(|n| (n as f64 + 2.0).clamp(6.0, 50.0))
            .collect()
    }

    /// The widest row.
    pub fn columns(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}
