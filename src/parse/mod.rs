//! Text → [`Report`]: find the sections, match the template's labels, place the numbers.
//!
//! The parser anchors on the template's fixed labels, not on a layout: every table region is
//! turned into one stream of tokens (`lines`), label words are matched against short keys of
//! each row (`labels`), and the cells after a label are placed by the row's known column count
//! (`tables`). Digits that ran together are cut by the table's arithmetic (`runtogether`).

mod flat;
mod furniture;
mod joint;
mod labels;
mod lines;
mod meta;
mod normalize;
mod runtogether;
mod sections;
mod tables;
mod value;

pub use meta::names_year;
pub use normalize::{fold, is_numeral, label_key};
pub use value::{Lexed, lex};

use crate::model::{ParseNote, Report, SectionId, TableId};
use crate::read::Source;

/// Parse a read file into the canonical model. Never fails and never panics: what cannot be
/// placed becomes a note or a blank/missing/unreadable cell, never a silent zero.
///
/// A comparison export holding several years (see [`parse_all`]) gives its latest year, with
/// a note naming the others.
pub fn parse(source: &Source) -> Report {
    parse_headed(source, None)
}

/// [`parse`], with the header pairing read of the same source ([`head`]): what it found is
/// not read again. A batch reads each header to pair its files before it parses them.
pub fn parse_with_head(source: &Source, head: &Head) -> Report {
    parse_headed(source, Some(head))
}

fn parse_headed(source: &Source, head: Option<&Head>) -> Report {
    let mut reports = parse_all_headed(source, head);
    let mut latest = reports
        .pop()
        .unwrap_or_else(|| Report::empty(crate::model::Template::V2021));
    if !reports.is_empty() {
        let years: Vec<String> = reports
            .iter()
            .filter_map(|r| r.meta.year.map(|y| y.to_string()))
            .collect();
        latest.notes.push(ParseNote {
            kind: "multi_year".into(),
            message: format!(
                "此文件为多年度比对，只读取最后一年；另含 {} 年",
                years.join("、")
            ),
            message_en: format!(
                "this file compares several years; only the last is read here, it also holds {}",
                years.join(", ")
            ),
            line: Some(1),
            cells: Vec::new(),
        });
    }
    latest
}

/// Parse a read file into one report per year it holds: one for an ordinary report; for a
/// comparison export that sets two years' reports side by side (`2023 vs 2024`), one per
/// year, ascending. The n-th time a table row appears in the text it is read into the n-th
/// year's report; the narrative sections, interleaved in such exports, are shared by all.
pub fn parse_all(source: &Source) -> Vec<Report> {
    parse_all_headed(source, None)
}

fn parse_all_headed(source: &Source, head: Option<&Head>) -> Vec<Report> {
    // A text its header read found laid out needs no test for flattened lines again.
    let (lines, flat) = match head {
        Some(h) if !h.flat => (crate::fast_str::lines(&source.text), None),
        _ => flat::segment(&source.text),
    };
    let runs = flat.as_ref().map(|f| f.runs.as_slice());
    let sections = sections::find(&lines);
    let first_heading = sections
        .iter()
        .filter_map(|s| s.line)
        .min()
        .map_or(lines.len().min(30), |l| l - 1);
    let (mut meta, years) = match head {
        // The header ends where both found the first heading: it says the same.
        Some(h) if h.first_heading == first_heading => (h.meta.clone(), h.years.clone()),
        _ => header(&lines, first_heading, &source.text),
    };

    let furniture = furniture::page_furniture(&lines, first_heading + 1);
    // A flattened text's lines are not its pages'.
    let page_breaks = if flat.is_none() {
        furniture::page_break_lines(&lines, &source.page_starts)
    } else {
        Vec::new()
    };
    let streams = table_streams(&lines, &sections, runs, &furniture, &page_breaks);
    // Each text token's label key, computed once for template detection and table reading.
    let keys: Vec<Vec<std::borrow::Cow<'_, str>>> = streams
        .iter()
        .map(|(_, toks, _)| {
            toks.iter()
                .map(|t| match t.kind {
                    lines::TokKind::Text => normalize::label_key_cow(t.text),
                    _ => std::borrow::Cow::Borrowed(""),
                })
                .collect()
        })
        .collect();
    let table_text: Vec<(usize, &str)> = streams
        .iter()
        .zip(&keys)
        .flat_map(|((_, toks, _), keys)| toks.iter().zip(keys))
        .filter(|(t, _)| t.kind == lines::TokKind::Text)
        .map(|(t, k)| (t.line, k.as_ref()))
        .collect();
    let (template, foreign) = meta::detect_template(&table_text, meta.year);
    meta.template = template;

    let mut report = Report::empty(template);
    report.source = source.info.clone();
    report.meta = meta;
    report.sections = sections;
    report.foreign_labels = foreign;
    report.lines = crate::model::Lines::of(&lines);
    let mut reports = vec![report; years.len().max(1)];
    for (r, year) in reports.iter_mut().zip(&years) {
        r.meta.year = Some(*year);
    }
    // One cell per line: the blank lines closing a row, as the text's whole rows show them.
    let votes: Vec<usize> = streams
        .iter()
        .flat_map(|(_, toks, _)| tables::blank_line_votes(toks))
        .collect();
    let blank_lines = tables::blank_lines(&votes);
    let mut hints = tables::Hints::default();
    for ((table, toks, _), keys) in streams.iter().zip(&keys) {
        tables::read(
            &mut reports,
            *table,
            toks,
            keys,
            runs.is_some(),
            blank_lines,
            &mut hints,
        );
    }
    tables::settle(&mut reports, &mut hints);
    for r in &mut reports {
        r.set_pages(&source.page_starts);
    }
    note_page_markers(&mut reports, &streams);
    if let Some(f) = &flat {
        for r in &mut reports {
            to_source_positions(r, f, &source.text);
        }
    }
    reports
}

/// Each table's region of `lines` as a stream of tokens, with the page markers skipped in it.
fn table_streams<'s>(
    lines: &[&'s str],
    sections: &[crate::model::Section],
    runs: Option<&[Option<bool>]>,
    furniture: &furniture::Furniture<'_>,
    page_breaks: &[usize],
) -> Vec<(TableId, Vec<lines::Tok<'s>>, Vec<usize>)> {
    TableId::ALL
        .into_iter()
        .map(|t| {
            let (first, last) = region(sections, t.section(), lines.len());
            let (toks, markers) = lines::tokenize(lines, first, last, runs, furniture, page_breaks);
            (t, toks, markers)
        })
        .collect()
}

/// A note for each page marker skipped inside a table.
fn note_page_markers(reports: &mut [Report], streams: &[(TableId, Vec<lines::Tok>, Vec<usize>)]) {
    // Sorted and deduplicated at once: a `contains` per marker is quadratic in long tables.
    let mut marker_lines: Vec<usize> = streams.iter().flat_map(|s| s.2.iter().copied()).collect();
    marker_lines.sort_unstable();
    marker_lines.dedup();
    for line in marker_lines {
        for r in reports.iter_mut() {
            r.notes.push(ParseNote {
                kind: "page_marker".into(),
                message: "表格中的页码标记已略过".into(),
                message_en: "page marker inside a table skipped".into(),
                line: Some(line),
                cells: Vec::new(),
            });
        }
    }
}

/// The kind of the note a report read from a flattened one-line text carries: its cells'
/// columns are characters in that line.
pub const ONE_LINE: &str = "one_line";

/// A report read from the virtual lines of a flattened text, its positions moved back to the
/// source's lines and columns, and its lines the source's.
fn to_source_positions(report: &mut Report, flat: &flat::Flat, text: &str) {
    let line = |v: usize| flat.source_of(v, None).0;
    for cell in report.cells.values_mut() {
        if let Some(loc) = &mut cell.location {
            let (l, c) = flat.source_of(loc.line, loc.column);
            loc.line = l;
            loc.column = Some(c);
        }
    }
    for s in &mut report.sections {
        s.line = s.line.map(line);
        s.end_line = s.end_line.map(line);
    }
    for n in &mut report.notes {
        n.line = n.line.map(line);
    }
    for e in &mut report.extras {
        e.line = line(e.line);
    }
    for f in &mut report.foreign_labels {
        f.line = line(f.line);
    }
    report.meta.title_line = report.meta.title_line.map(line);
    report.lines = text.lines().collect();
    report.notes.push(ParseNote {
        kind: ONE_LINE.into(),
        message: "报告正文在一行中（网页复制的文本）：按表格用语切分，位置为行内的列".into(),
        message_en: "the report is one line (a web page copied as text): cut by the form's words; positions are columns in the line".into(),
        line: report.sections.iter().find_map(|s| s.line),
        cells: Vec::new(),
    });
}

/// What a text's lines before its first heading say, read without the tables: who published
/// it and for which year (what a batch pairs reports by, a fraction of the cost of a whole
/// parse), kept so that parsing the same text ([`parse_with_head`]) does not read them again.
#[derive(Debug, Clone)]
pub struct Head {
    meta: crate::model::Meta,
    /// The years a comparison export sets side by side (empty for an ordinary report).
    years: Vec<i32>,
    /// The line (0-based) where the header ends: the first heading's.
    first_heading: usize,
    /// Whether a line of the text is a flattened report (read by its virtual lines).
    flat: bool,
}

impl Head {
    /// Who published the report and for which year, as [`parse`] reads them: a comparison
    /// export as its latest year.
    pub fn identity(&self) -> (Option<String>, Option<i32>) {
        (
            self.meta.agency.clone(),
            self.years.last().copied().or(self.meta.year),
        )
    }
}

/// The header of a text (see [`Head`]).
pub fn head(source: &Source) -> Head {
    let (lines, flat) = flat::segment(&source.text);
    // The header ends where `parse` finds the first heading: the first line that is one.
    let first_heading = sections::first(&lines).unwrap_or(lines.len().min(30));
    let (meta, years) = header(&lines, first_heading, &source.text);
    Head {
        meta,
        years,
        first_heading,
        flat: flat.is_some(),
    }
}

/// Only who published a report and for which year, as [`parse`] reads them ([`Head::identity`]).
pub fn identity(source: &Source) -> (Option<String>, Option<i32>) {
    head(source).identity()
}

/// What the lines before the first heading (`head_end`) say: the report's metadata, and the
/// years a comparison export sets side by side (empty for an ordinary report).
fn header(lines: &[&str], head_end: usize, text: &str) -> (crate::model::Meta, Vec<i32>) {
    let meta = meta::read_meta(lines, head_end, text);
    let years = meta::comparison_years(&lines[..head_end.min(lines.len())]);
    (meta, years)
}

/// The 1-based line range a table is read from: its section's body, or, when the heading was
/// not found, from the previous section found up to the next one.
fn region(sections: &[crate::model::Section], id: SectionId, n_lines: usize) -> (usize, usize) {
    let start = sections[id.index()]
        .line
        .or_else(|| sections[..id.index()].iter().rev().find_map(|s| s.line));
    let first = start.map_or(1, |l| l + 1);
    let last = sections
        .iter()
        .filter_map(|s| s.line)
        .filter(|&l| l >= first)
        .min()
        .map_or(n_lines, |l| l - 1);
    (first, last)
}
