//! `check --json`: the machine-readable contract of `spec/json-output.md`, written straight
//! into a buffer from the library types (no intermediate `serde_json::Value`, which cost more
//! than reading, parsing and checking a report together). Field order and number formats are
//! the contract's: counts are JSON integers, amounts decimal strings.

use std::fmt::Write as _;

use nianbao::review::reading::Reading;
use rust_decimal::Decimal;

use nianbao::compare::AlignedRow;
use nianbao::model::{CellStatus, Report, SharedLines, ValueKind};
use nianbao::rules::{EvalStatus, Finding};

/// Version of the JSON contract.
pub const SCHEMA_VERSION: u32 = 1;

/// Append `s` as a JSON string, escaped as serde_json escapes it (quote, backslash and control
/// characters; everything else verbatim, so Chinese stays readable).
fn string(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    while let Some(i) = next_escape(bytes, start) {
        let b = bytes[i];
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => "",
        };
        // Only ASCII bytes are escaped, so `start..i` always falls on character boundaries.
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// The first byte at or after `from` that JSON escapes (`"`, `\\`, below 0x20), looked for
/// eight bytes at a time: the writer's strings are mostly long Chinese messages and quotes
/// without any, and a byte-at-a-time scan was two fifths of writing the JSON.
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let escapes = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let rest = bytes.get(from..)?;
    let mut words = rest.chunks_exact(8);
    let mut at = from;
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        // A byte below 0x20, or equal to `"` or `\\` (a zero byte after the XOR): the classic
        // "has a byte less than n" test, which may flag a byte after a real one (never miss).
        let below = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
        let quote = (w ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES)
            & !(w ^ (ONES * u64::from(b'"')))
            & HIGHS;
        let slash = (w ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES)
            & !(w ^ (ONES * u64::from(b'\\')))
            & HIGHS;
        if below | quote | slash != 0
            && let Some(i) = word.iter().position(|&b| escapes(b))
        {
            return Some(at + i);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| escapes(b))
        .map(|i| at + i)
}

fn opt_string(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.push_str("null"),
    }
}

fn opt_int(out: &mut String, v: Option<impl itoa::Integer>) {
    match v {
        Some(v) => int(out, v),
        None => out.push_str("null"),
    }
}

/// An integer, written without the formatting machinery (a report's JSON holds hundreds).
fn int(out: &mut String, v: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(v));
}

/// A JSON object being written: keys in the order they are added, commas between them.
struct Obj<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> Obj<'a> {
    fn open(out: &'a mut String) -> Obj<'a> {
        out.push('{');
        Obj { out, empty: true }
    }

    /// Write the key and return the buffer for its value. Keys are the contract's names and
    /// the form's ids, none of which JSON escapes: written as they are.
    fn key(&mut self, key: &str) -> &mut String {
        debug_assert!(next_escape(key.as_bytes(), 0).is_none(), "{key:?}");
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
        self.out
    }

    fn close(self) {
        self.out.push('}');
    }
}

/// A number as the contract writes it: an integer for whole counts, a string for amounts and
/// for anything fractional (so no precision is lost).
fn number(out: &mut String, value: Decimal, kind: ValueKind) {
    if kind != ValueKind::Amount
        && let Some(i) = whole(value)
    {
        int(out, i);
        return;
    }
    let _ = write!(out, "\"{}\"", value.normalize());
}

/// The value as an integer, when it is whole and fits: read off the mantissa when it has no
/// decimal places (every count a report holds), without the arithmetic.
fn whole(value: Decimal) -> Option<i64> {
    if value.scale() == 0 {
        return i64::try_from(value.mantissa()).ok();
    }
    value
        .fract()
        .is_zero()
        .then(|| i64::try_from(value).ok())
        .flatten()
}

fn opt_number(out: &mut String, value: Option<Decimal>, kind: ValueKind) {
    match value {
        Some(v) => number(out, v, kind),
        None => out.push_str("null"),
    }
}

fn kind_of(report: &Report, cell: &str) -> ValueKind {
    report
        .schema()
        .cell(cell)
        .map(|c| c.kind)
        .unwrap_or(ValueKind::Count)
}

/// The `report` (and `prior`) object.
fn report_identity(out: &mut String, report: &Report) {
    let mut o = Obj::open(out);
    string(o.key("path"), &report.source.path);
    string(o.key("sha256"), &report.source.sha256);
    opt_string(o.key("agency"), report.meta.agency.as_deref());
    opt_int(o.key("year"), report.meta.year);
    string(o.key("template"), report.meta.template.as_str());
    string(o.key("encoding"), &report.source.encoding);
    string(o.key("format"), &report.source.format);
    opt_string(o.key("title"), report.meta.title.as_deref());
    o.close();
}

fn sections(out: &mut String, report: &Report) {
    let mut o = Obj::open(out);
    for s in &report.sections {
        let mut so = Obj::open(o.key(s.id.as_str()));
        so.key("present")
            .push_str(if s.present { "true" } else { "false" });
        so.key("numbered")
            .push_str(if s.numbered { "true" } else { "false" });
        opt_int(so.key("line"), s.line);
        page(&mut so, report, s.line);
        so.close();
    }
    o.close();
}

fn status_str(status: &CellStatus) -> &'static str {
    match status {
        CellStatus::Value => "value",
        CellStatus::Blank => "blank",
        CellStatus::Unreadable => "unreadable",
        CellStatus::Ambiguous => "ambiguous",
        CellStatus::Missing => "missing",
    }
}

fn cells(out: &mut String, report: &Report, shared_lines: &SharedLines, readings: &[Reading]) {
    let mut o = Obj::open(out);
    // A column (in characters) where it tells cells apart (json-output.md, positions): in a
    // report read as one line, and on a line that holds more than one cell.
    let one_line = report.is_one_line();
    let shared = |l: Option<usize>| l.is_some_and(|l| shared_lines.contains(l));
    let schema = report.schema();
    let by_position = report.cells_by_position();
    // Form order, not alphabetical: a reader of the JSON sees the table as printed.
    for (def, cell) in schema.cells.iter().zip(&by_position) {
        let Some(cell) = cell else {
            continue;
        };
        let mut co = Obj::open(o.key(&def.id));
        opt_number(co.key("value"), cell.value, def.kind);
        string(co.key("raw"), &cell.raw);
        opt_int(co.key("line"), cell.line());
        if let Some(p) = cell.location.and_then(|l| l.page) {
            opt_int(co.key("page"), Some(p));
        }
        if (one_line || shared(cell.line()))
            && let Some(column) = cell.location.and_then(|l| l.column)
        {
            opt_int(co.key("column"), Some(column));
        }
        // A cell the reviewer read (review-states.md): their value, and the machine's candidates.
        let read = readings.iter().find(|r| r.cell == def.id);
        string(
            co.key("status"),
            read.map_or(status_str(&cell.status), |_| "reviewer"),
        );
        if let Some(r) = read {
            string(co.key("reviewer"), &r.reviewer);
        }
        if let Some(unit) = &cell.unit {
            string(co.key("unit"), unit);
        }
        if !cell.candidates.is_empty() {
            let buf = co.key("candidates");
            buf.push('[');
            for (i, v) in cell.candidates.iter().enumerate() {
                if i > 0 {
                    buf.push(',');
                }
                number(buf, *v, def.kind);
            }
            buf.push(']');
        }
        if cell.recovered {
            co.key("recovered").push_str("true");
        }
        co.close();
    }
    o.close();
}

/// `"page"` for a PDF's line (absent for other formats, and when the line is unknown).
fn page(o: &mut Obj<'_>, report: &Report, line: Option<usize>) {
    if let Some(p) = line.and_then(|l| report.page_of(l)) {
        opt_int(o.key("page"), Some(p));
    }
}

/// One finding as the contract writes it.
fn finding(out: &mut String, report: &Report, shared: &SharedLines, f: &Finding) {
    let kind = f
        .cells
        .first()
        .map(|c| kind_of(report, c))
        .unwrap_or(ValueKind::Count);
    let mut o = Obj::open(out);
    string(o.key("rule"), &f.rule);
    string(o.key("severity"), f.severity.as_str());
    let buf = o.key("cells");
    buf.push('[');
    for (i, c) in f.cells.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        string(buf, c);
    }
    buf.push(']');
    opt_string(o.key("section"), f.section.map(|s| s.as_str()));
    opt_number(o.key("expected"), f.expected, kind);
    opt_number(o.key("actual"), f.actual, kind);
    opt_string(o.key("suspect"), f.suspect.as_deref());
    string(o.key("fingerprint"), &f.fingerprint);
    string(o.key("message"), &f.message);
    string(o.key("message_en"), &f.message_en);
    opt_int(o.key("line"), f.line);
    opt_int(o.key("column"), f.column_in(report, shared));
    page(&mut o, report, f.line);
    if f.status == EvalStatus::NotEvaluable {
        string(o.key("status"), "not_evaluable");
    }
    if let Some(q) = &f.quote {
        string(o.key("quote"), q);
    }
    o.close();
}

/// One entry of `changes`: a cell both years' templates have. A side that is blank or does not
/// read as a number is null, and so is the delta then: never a zero made up.
fn change(out: &mut String, row: &AlignedRow<'_>) {
    let kind = row.kind();
    let prior = row.prior.and_then(|s| s.value());
    let current = row.current.and_then(|s| s.value());
    let mut o = Obj::open(out);
    string(o.key("cell"), row.id);
    opt_number(o.key("prior"), prior, kind);
    opt_number(o.key("current"), current, kind);
    opt_number(o.key("delta"), row.values().map(|(p, c)| c - p), kind);
    o.close();
}

/// Append the whole object for one report checked, on one line, to `out` (no newline).
pub fn write_report(
    out: &mut String,
    report: &Report,
    prior: Option<&Report>,
    findings: &[Finding],
    aligned: Option<&[AlignedRow<'_>]>,
    readings: &[Reading],
) {
    let mut o = Obj::open(out);
    int(o.key("schema"), SCHEMA_VERSION);
    report_identity(o.key("report"), report);
    match prior {
        Some(p) => report_identity(o.key("prior"), p),
        None => o.key("prior").push_str("null"),
    }
    sections(o.key("sections"), report);
    let shared = report.shared_lines();
    cells(o.key("cells"), report, &shared, readings);
    let buf = o.key("findings");
    buf.push('[');
    for (i, f) in findings.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        finding(buf, report, &shared, f);
    }
    buf.push(']');
    if let Some(rows) = aligned {
        let buf = o.key("changes");
        buf.push('[');
        for (i, row) in rows.iter().filter(|r| r.only_in().is_none()).enumerate() {
            if i > 0 {
                buf.push(',');
            }
            change(buf, row);
        }
        buf.push(']');
    }
    o.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> String {
        let mut out = String::new();
        string(&mut out, s);
        out
    }

    #[test]
    fn strings_are_escaped_exactly_as_serde_json_escapes_them() {
        for s in [
            "",
            "周村区行政审批服务局",
            "a\"b\\c",
            "line\nbreak\r\ttab",
            "\u{0}\u{1}\u{8}\u{c}\u{1f}\u{7f}",
            "“引号”　全角",
            "tail\\",
        ] {
            assert_eq!(escaped(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    proptest::proptest! {
        /// Any text, at any offset from the eight-byte words the search reads.
        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(s in "(\\PC|[\\x00-\\x1f\"\\\\]){0,40}") {
            proptest::prop_assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap());
        }
    }

    #[test]
    fn counts_are_integers_and_amounts_strings() {
        let mut out = String::new();
        number(&mut out, Decimal::new(1452, 0), ValueKind::Count);
        out.push(' ');
        number(&mut out, Decimal::new(96877575, 2), ValueKind::Amount);
        out.push(' ');
        number(&mut out, Decimal::new(25, 1), ValueKind::Count);
        out.push(' ');
        number(&mut out, Decimal::new(-3, 0), ValueKind::Signed);
        assert_eq!(out, "1452 \"968775.75\" \"2.5\" -3");
    }
}
