//! The layout harness: every seed's and corpus report's cells, and generated cells that satisfy
//! the form's equations, rendered into each layout family of `spec/layouts.md` and read back.
//! A cell that the report fills reads back exact, recovered (run-together digits cut by the
//! arithmetic), ambiguous (no value), or wrong; a blank cell must not gain a value. Wrong must
//! never happen, and each family must read at least its share of cells (`floor`).
//!
//! Set `NIANBAO_LAYOUT_DUMP=<Family>` (or `all`) to print every cell not read exactly.

#[path = "support/layouts.rs"]
mod layouts;

#[path = "support/corpus.rs"]
mod corpus;
use std::collections::BTreeMap;
use std::path::Path;

use layouts::{Family, generated_cells, render_file, with_blank_zeros, with_blanks};
use nianbao::model::{CellStatus, Template};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

#[derive(Debug, Default)]
struct Tally {
    exact: usize,
    recovered: usize,
    ambiguous: usize,
    wrong: Vec<String>,
}

impl Tally {
    fn add(&mut self, t: Tally) {
        self.exact += t.exact;
        self.recovered += t.recovered;
        self.ambiguous += t.ambiguous;
        self.wrong.extend(t.wrong);
    }

    fn filled(&self) -> usize {
        self.exact + self.recovered + self.ambiguous + self.wrong.len()
    }

    /// Per mille of the filled cells read exactly (recovered counts when `recovered` is set).
    fn per_mille(&self, recovered: bool) -> usize {
        let read = self.exact + if recovered { self.recovered } else { 0 };
        read * 1000 / self.filled().max(1)
    }
}

/// The least share of filled cells each family must read, per mille, and whether cells
/// recovered from run-together digits count: 99 % exact in every family whose cells stay
/// apart; 90 % in the one-line family, where a blank cell vanishes and table 二 has no
/// arithmetic to cut its digits (the and `acceptance/flat-layout`'s goal).
fn floor(family: Family) -> (usize, bool) {
    match family {
        Family::OneLine => (900, true),
        _ => (990, false),
    }
}

fn dump(family: Family) -> bool {
    std::env::var("NIANBAO_LAYOUT_DUMP")
        .is_ok_and(|d| d == "all" || d.eq_ignore_ascii_case(&format!("{family:?}")))
}

fn read_back(
    name: &str,
    template: Template,
    year: i32,
    cells: &BTreeMap<String, String>,
    family: Family,
) -> Tally {
    let bytes = render_file(template, year, cells, family);
    let source = nianbao::read::read_bytes(family.file_name(), &bytes).expect("reads");
    let report = nianbao::parse::parse(&source);
    for n in &report.notes {
        assert!(
            nianbao::model::NOTE_KINDS.iter().any(|(k, _)| *k == n.kind),
            "{name} {family:?}: the note kind {:?} is not in model::NOTE_KINDS",
            n.kind
        );
    }
    let mut t = Tally::default();
    for def in &template.schema().cells {
        let id = def.id.as_str();
        let Some(cell) = report.cell(id) else {
            continue;
        };
        let want = match cells.get(id).map(|raw| nianbao::parse::lex(raw)) {
            Some(nianbao::parse::Lexed::Number(want, _)) => want,
            Some(_) => continue,
            None => {
                // Blank in the report: reading a number there is reading it wrong.
                if let (Some(v), CellStatus::Value) = (cell.value, &cell.status) {
                    t.wrong
                        .push(format!("{name} {family:?} {id}: {v} (truth blank)"));
                }
                continue;
            }
        };
        let shown = || format!("{:?} {:?}", cell.status, cell.raw);
        match cell.value {
            Some(v) if v == want && cell.recovered => t.recovered += 1,
            Some(v) if v == want => t.exact += 1,
            Some(v) => t
                .wrong
                .push(format!("{name} {family:?} {id}: {v} (truth {want})")),
            None if cell.status == CellStatus::Blank => t
                .wrong
                .push(format!("{name} {family:?} {id}: blank (truth {want})")),
            None => {
                if dump(family) {
                    eprintln!("  {name} {family:?} {id}: {} (truth {want})", shown());
                }
                t.ambiguous += 1
            }
        }
    }
    t
}

/// A seed's cells as the program reads them from its laid-out text (`check-seeds` holds them
/// to the seeds' truth).
fn seed_cells(name: &str) -> (Template, i32, BTreeMap<String, String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    let report = nianbao::parse::parse(&nianbao::read::read_path(&path).expect("seed reads"));
    let cells = report
        .cells
        .iter()
        .filter_map(|(id, c)| c.value.map(|v: Decimal| (id.to_owned(), v.to_string())))
        .collect();
    (
        report.meta.template,
        report.meta.year.unwrap_or(2020),
        cells,
    )
}

fn truth_cells(cells: &serde_json::Map<String, Value>) -> BTreeMap<String, String> {
    cells
        .iter()
        .filter_map(|(id, v)| {
            let v = match v {
                Value::Number(n) => n.to_string(),
                Value::String(s) => s.clone(),
                _ => return None,
            };
            Some((id.clone(), v))
        })
        .collect()
}

/// Every corpus report's expected cells (2021 form): one report per file, two for the
/// comparison export. Fails, saying where it looked, when the corpus is missing.
fn corpus_cells() -> Vec<(String, Template, i32, BTreeMap<String, String>)> {
    let mut out = Vec::new();
    for file in [
        "govnianbao/huaian-gov-2024.expected.json",
        "kirogovcompare/kewei-2024-source.expected.json",
        "kirogovcompare/shanghai-office-sample-source.expected.json",
        "kirogovcompare/shuyang-fgj-2023.expected.json",
        "kirogovcompare/shuyang-gov-2025.expected.json",
        "kirogovcompare/suqian-2023-2024.expected.json",
    ] {
        let Ok(text) = std::fs::read_to_string(corpus::corpus_file(file)) else {
            eprintln!("corpus file {file} not found: skipped");
            continue;
        };
        let json: Value = serde_json::from_str(&text).expect("expected json parses");
        let mut push = |name: String, report: &Value| {
            let year = report
                .get("year")
                .or_else(|| json.pointer("/report/year"))
                .and_then(Value::as_i64)
                .unwrap_or(2024) as i32;
            if let Some(cells) = report.get("cells").and_then(Value::as_object) {
                out.push((name, Template::V2021, year, truth_cells(cells)));
            }
        };
        let name = file
            .rsplit('/')
            .next()
            .unwrap_or(file)
            .replace(".expected.json", "");
        match json.get("reports").and_then(Value::as_object) {
            Some(years) => {
                for (year, report) in years {
                    push(format!("{name}:{year}"), report);
                }
            }
            None => push(name, &json),
        }
    }
    out
}

const SEEDS: [&str; 5] = [
    "zhoucun-approval-2020.txt",
    "haiyuan-approval-2020.txt",
    "yuyang-health-2021.txt",
    "hengshan-approval-2020.txt",
    "yulin-hitech-2019.txt",
];

type Known = (String, Template, i32, BTreeMap<String, String>);

/// The seeds' and the corpus's reports with their cells.
fn known_reports() -> Vec<Known> {
    let mut reports: Vec<Known> = SEEDS
        .iter()
        .map(|s| {
            let (t, y, c) = seed_cells(s);
            ((*s).to_owned(), t, y, c)
        })
        .collect();
    reports.extend(corpus_cells());
    reports
}

#[test]
fn lossy_renderings_read_blank_rows_as_ambiguous_never_wrong() {
    let reports = known_reports();
    for family in Family::LOSSY {
        let mut all = Tally::default();
        for (name, template, year, cells) in &reports {
            all.add(read_back(name, *template, *year, cells, family));
        }
        eprintln!(
            "{:<19} exact {:>5}  recovered {:>4}  ambiguous {:>4}  wrong {}",
            format!("{family:?}:"),
            all.exact,
            all.recovered,
            all.ambiguous,
            all.wrong.len(),
        );
        assert!(
            all.wrong.is_empty(),
            "{family:?}: {:?}",
            &all.wrong[..all.wrong.len().min(8)]
        );
        // Rows without blank cells lose nothing: most cells still read.
        assert!(
            all.per_mille(false) >= 500,
            "{family:?}: too few cells read"
        );
    }
}

#[test]
fn seeds_and_corpus_read_back_in_every_family_never_wrong() {
    let reports = known_reports();
    let mut failures = Vec::new();
    eprintln!(
        "{} reports; family: exact / recovered / ambiguous / wrong (of filled cells)",
        reports.len()
    );
    for family in Family::ALL {
        let mut all = Tally::default();
        for (name, template, year, cells) in &reports {
            all.add(read_back(name, *template, *year, cells, family));
        }
        let (least, recovered) = floor(family);
        let got = all.per_mille(recovered);
        eprintln!(
            "{:<12} exact {:>5}  recovered {:>4}  ambiguous {:>4}  wrong {}  ({}.{} % {})",
            format!("{family:?}:"),
            all.exact,
            all.recovered,
            all.ambiguous,
            all.wrong.len(),
            got / 10,
            got % 10,
            if recovered {
                "exact or recovered"
            } else {
                "exact"
            }
        );
        if !all.wrong.is_empty() {
            failures.push(format!(
                "{family:?}: {} wrong: {:?}",
                all.wrong.len(),
                &all.wrong[..all.wrong.len().min(8)]
            ));
        }
        if got < least {
            failures.push(format!(
                "{family:?}: {}.{} % read, below {}.{} %",
                got / 10,
                got % 10,
                least / 10,
                least % 10
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn generated_reports_never_read_wrong(seed in any::<u64>(), v2021 in any::<bool>()) {
        let (template, year) = if v2021 { (Template::V2021, 2022) } else { (Template::V2019, 2020) };
        let cells = generated_cells(template, seed);
        for family in Family::ALL.into_iter().chain(Family::LOSSY) {
            let t = read_back("generated", template, year, &cells, family);
            prop_assert!(t.wrong.is_empty(), "{:?}", t.wrong);
        }
    }

    #[test]
    fn generated_reports_with_blank_cells_never_read_wrong(
        seed in any::<u64>(),
        v2021 in any::<bool>(),
        one_in in 2u64..12,
    ) {
        let (template, year) = if v2021 { (Template::V2021, 2022) } else { (Template::V2019, 2020) };
        let cells = with_blanks(&generated_cells(template, seed), seed, one_in);
        // Known gaps, open in issue 11, so left out here:
        // - the one-line family: a blank cell leaves no trace in its row's digit run, and a
        //   run of fewer numbers can happen to satisfy the row's sum when cut into all its
        //   cells (recovered cells are not yet checked against the column equations);
        // - irregular spacing with many blank cells: when every whole row happens to be
        //   single-spaced and each blank row's spaces happen to give its count of positions,
        //   the spacing looks regular and the weak hint is taken.
        let families = Family::ALL.into_iter().chain(Family::LOSSY);
        for family in families.filter(|f| !matches!(f, Family::OneLine | Family::SpacedIrregular)) {
            let t = read_back("blanks", template, year, &cells, family);
            prop_assert!(t.wrong.is_empty(), "{:?}", t.wrong);
        }
    }
}

/// A report that leaves zero cells blank (many do), copied from a web page as one line: a blank
/// cell leaves no digit in its row's run, so `139002244` may be 1, 39, 0, 0, 2, 2, 44 or 13, 9,
/// 0, 0, 22, 44 with a blank, `933` in a row of 二 9, 3, 3 or 933 and two blanks, and table
/// 四's fifteen cells read by its groups may have read with blanks too. Where any table shows
/// the text leaves cells blank, no run is cut as if every cell were filled when its digits
/// also read with cells blank.
#[test]
fn one_line_rows_with_blank_zero_cells_never_read_wrong() {
    let mut wrong = Vec::new();
    let mut reports = 0;
    for seed in 0..150u64 {
        for (template, year) in [(Template::V2019, 2020), (Template::V2021, 2022)] {
            let cells = with_blank_zeros(&generated_cells(template, seed), seed, 2 + seed % 10);
            let t = read_back("blank zeros", template, year, &cells, Family::OneLine);
            // A zero read as blank or a blank as zero changes no sum; a number moved does.
            let harmless =
                |w: &String| w.ends_with(": 0 (truth blank)") || w.ends_with(": blank (truth 0)");
            wrong.extend(t.wrong.into_iter().filter(|w| !harmless(w)));
            reports += 1;
        }
    }
    assert!(reports == 300 && wrong.is_empty(), "{wrong:#?}");
}

/// Every text report at hand with its tabs expanded (to spaces, as an editor saves them, or to
/// `&nbsp;` pairs, as a page shows them): a tab-only line (a blank cell) becomes a blank line,
/// so where blank cells stood is lost. What is read must agree with the tabbed text, cells it
/// cannot place must say so rather than guess, and no error may appear that the tabbed text
/// does not give: a row whose blank cells cannot be placed was once an error in its sum.
#[test]
fn tabs_expanded_read_as_the_tabbed_text_or_say_less() {
    let mut tried = 0;
    let mut failures = Vec::new();
    for path in corpus::text_reports() {
        let text = std::fs::read_to_string(&path).expect("utf-8 text");
        if !text.contains('\t') {
            continue;
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let (tabbed, tab_errors) = read_with_errors(&text);
        for (how, by) in [("spaces", "    "), ("nbsp", "\u{a0}\u{a0}")] {
            tried += 1;
            let (expanded, errors) = read_with_errors(&text.replace('\t', by));
            for def in &tabbed.schema().cells {
                let (Some(want), Some(got)) = (tabbed.cell(&def.id), expanded.cell(&def.id)) else {
                    continue;
                };
                if got.status != CellStatus::Value {
                    continue;
                }
                if want.status != CellStatus::Value || want.value != got.value {
                    failures.push(format!(
                        "{name:?} {how} {}: {:?} (tabbed {:?} {:?})",
                        def.id, got.value, want.status, want.value
                    ));
                }
            }
            for e in errors.iter().filter(|e| !tab_errors.contains(e)) {
                failures.push(format!("{name:?} {how}: new error {e}"));
            }
        }
    }
    assert!(tried >= 6, "tabbed texts tried: {tried}");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A text read and checked alone: the report, and its error findings (rule and cells).
/// Every text report at hand indented with full-width spaces (U+3000), as Word pastes a
/// document whose every paragraph is indented: every line, only the lines with text, or by
/// one. An indentation is no cell: the same cells and the same errors as the plain text. (A
/// line of full-width spaces alone was a blank cell typed as one, and every empty line of an
/// indented text became a cell: rows took their neighbours' numbers.)
#[test]
fn text_indented_with_full_width_spaces_reads_as_the_plain_text() {
    let mut tried = 0;
    let mut failures = Vec::new();
    for path in corpus::text_reports() {
        let text = std::fs::read_to_string(&path).expect("utf-8 text");
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let (plain, plain_errors) = read_with_errors(&text);
        let every = |indent: &str| text.lines().map(|l| format!("{indent}{l}\n")).collect();
        let with_text: String = text
            .lines()
            .map(|l| match l.trim().is_empty() {
                true => format!("{l}\n"),
                false => format!("\u{3000}\u{3000}{l}\n"),
            })
            .collect();
        let variants: [(&str, String); 3] = [
            ("every line", every("\u{3000}\u{3000}")),
            ("lines with text", with_text),
            ("one space", every("\u{3000}")),
        ];
        for (how, indented) in variants {
            tried += 1;
            let (report, errors) = read_with_errors(&indented);
            for def in &plain.schema().cells {
                let (want, got) = (plain.cell(&def.id), report.cell(&def.id));
                let shown =
                    |c: Option<&nianbao::model::Cell>| c.map(|c| (c.status.clone(), c.value));
                if shown(want) != shown(got) {
                    failures.push(format!(
                        "{name:?} {how} {}: {:?} (plain {:?})",
                        def.id,
                        shown(got),
                        shown(want)
                    ));
                }
            }
            if errors != plain_errors {
                failures.push(format!(
                    "{name:?} {how}: errors {errors:?} (plain {plain_errors:?})"
                ));
            }
        }
    }
    assert!(tried >= 30, "indented texts tried: {tried}");
    assert!(failures.is_empty(), "{failures:#?}");
}

fn read_with_errors(text: &str) -> (nianbao::model::Report, Vec<String>) {
    let source = nianbao::read::read_bytes("r.txt", text.as_bytes()).expect("reads");
    let report = nianbao::parse::parse(&source);
    let errors: Vec<String> =
        nianbao::rules::check(&report, None, &nianbao::rules::RuleSet::builtin())
            .into_iter()
            .filter(|f| f.severity == nianbao::Severity::Error)
            .map(|f| format!("{} {:?}", f.rule, f.cells))
            .collect();
    (report, errors)
}

/// Text from a PDF whose every page starts with a running header (the report's first line,
/// another title, the site's name, the date it was printed, a name and the page's number) and
/// may end with its page number:
/// that header, set among a table's cells wherever the page broke, is page furniture. Every
/// text report at hand, so broken every forty lines, reads the same cells and gives the same
/// errors as without it.
#[test]
fn a_running_header_among_the_cells_is_page_furniture() {
    let mut failures = Vec::new();
    for path in corpus::text_reports() {
        let text = std::fs::read_to_string(&path).expect("utf-8 text");
        let Some(first) = text.lines().map(str::trim).find(|l| !l.is_empty()) else {
            continue;
        };
        if text.lines().count() < 120 {
            // A page copied as one line, or too short to break three times.
            continue;
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        for (kind, header, numbered) in [
            ("its first line", first, true),
            (
                "another title",
                "某某县人民政府办公室2023年度政府信息公开工作年度报告",
                false,
            ),
            ("the site's name", "某某市人民政府门户网站", true),
            (
                "the date printed",
                "2024/1/20 下午3:05 某某区人民政府",
                false,
            ),
            // Numbered pages' footers and a browser's printed page: the digits change.
            (
                "its name and number",
                "某某区人民政府办公室 第 {n} 页",
                false,
            ),
            (
                "the date and page printed",
                "2024/1/{n} 下午3:05 某某区人民政府 {n}/9",
                false,
            ),
        ] {
            let mut paged = String::new();
            for (i, line) in text.lines().enumerate() {
                paged.push_str(line);
                paged.push('\n');
                if i % 40 == 39 {
                    if numbered {
                        paged.push_str(&format!("- {} -\n", i / 40 + 2));
                    }
                    paged.push_str(&header.replace("{n}", &(i / 40 + 2).to_string()));
                    paged.push('\n');
                }
            }
            same_reading(&format!("{name:?} {kind}"), &text, &paged, &mut failures);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Text from a PDF as pdftotext writes it: each page ends with a form feed, the next page's
/// first line on from it; some pages close with their number (`— 3 —`, `第 3 页 共 9 页`,
/// `3 / 9`) and a form feed alone on a line. Every text report at hand, so broken every
/// twenty-three lines, reads the same cells and gives the same errors as without it. (A form
/// feed was a line break: a blank line among one-cell-per-line numbers, a blank cell, and
/// rows took their neighbours' numbers; `第 3 页` was read as a row's label.) Where the form
/// feed stands at a line's start the lines are the plain text's, and so are the cells' lines;
/// the cells know their page.
#[test]
fn pdftotext_page_breaks_and_numbers_among_the_cells_are_no_cells() {
    let mut tried = 0;
    let mut failures = Vec::new();
    for path in corpus::text_reports() {
        let text = std::fs::read_to_string(&path).expect("utf-8 text");
        if text.lines().count() < 120 {
            // A page copied as one line, or too short to break.
            continue;
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let pages = text.lines().count().div_ceil(23);
        let breaks: [(&str, &dyn Fn(usize) -> String); 6] = [
            ("a form feed opening the page", &|_| "\u{c}".into()),
            ("a form feed alone", &|_| "\u{c}\n".into()),
            ("a form feed closing the line", &|_| String::new()),
            ("dashes and a form feed", &|n| format!("— {n} —\n\u{c}\n")),
            ("第 n 页 共 m 页", &|n| {
                format!("第 {n} 页 共 {pages} 页\n\u{c}")
            }),
            ("n / m", &|n| format!("{n} / {pages}\n\u{c}")),
        ];
        for (kind, mark) in breaks {
            tried += 1;
            let mut paged = String::new();
            for (i, line) in text.lines().enumerate() {
                if i > 0 && i % 23 == 0 {
                    paged.push_str(&mark(i / 23 + 1));
                }
                paged.push_str(line);
                if i % 23 == 22 && kind == "a form feed closing the line" {
                    paged.push('\u{c}');
                }
                paged.push('\n');
            }
            same_reading(&format!("{name:?} {kind}"), &text, &paged, &mut failures);
            if kind == "a form feed opening the page" {
                let (plain, _) = read_with_errors(&text);
                let (report, _) = read_with_errors(&paged);
                for (id, cell) in &report.cells {
                    let (Some(got), Some(want)) = (&cell.location, &plain.cells[id].location)
                    else {
                        continue;
                    };
                    if got.line != want.line || got.page != Some((got.line - 1) / 23 + 1) {
                        failures.push(format!(
                            "{name:?} {id}: line {} page {:?} (plain line {})",
                            got.line, got.page, want.line
                        ));
                    }
                }
            }
        }
    }
    assert!(tried >= 30, "paged texts tried: {tried}");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Every text report at hand typed with full-width digits (`３００１`), as a typist in
/// full-width mode writes them, page numbers too: the same cells and errors as with ASCII
/// digits. The pages copied as one line too: their run-together digits are cut the same way.
#[test]
fn full_width_digits_read_as_ascii_digits() {
    let mut failures = Vec::new();
    for path in corpus::text_reports() {
        let text = std::fs::read_to_string(&path).expect("utf-8 text");
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        same_reading(
            &format!("{name:?} full-width"),
            &text,
            &full_width(&text),
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Every text report at hand with the blank cells of its tab rows typed as a full-width space
/// (U+3000) or a no-break space, as typists fill a blank cell: the same cells and errors as
/// with the cells empty. (Such a field was once read as a cell apart from the grid's empty
/// ones, and the rows after it took their neighbours' numbers.)
#[test]
fn blank_cells_typed_as_a_space_character_read_as_blank() {
    let mut failures = Vec::new();
    for path in corpus::text_reports() {
        let text = std::fs::read_to_string(&path).expect("utf-8 text");
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        for space in ['\u{3000}', '\u{a0}'] {
            same_reading(
                &format!("{name:?} blanks as {space:?}"),
                &text,
                &blanks_typed(&text, space),
                &mut failures,
            );
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// `text` with every empty field of a tab row (a line with words or numbers in two fields)
/// holding `space`.
fn blanks_typed(text: &str, space: char) -> String {
    text.split_inclusive('\n')
        .map(|l| {
            let (body, end) = l.strip_suffix('\n').map_or((l, ""), |b| (b, "\n"));
            if body.split('\t').filter(|f| !f.trim().is_empty()).count() < 2 {
                return l.to_string();
            }
            let fields: Vec<String> = body
                .split('\t')
                .enumerate()
                .map(|(i, f)| {
                    if i > 0 && f.is_empty() {
                        space.to_string()
                    } else {
                        f.to_string()
                    }
                })
                .collect();
            format!("{}{end}", fields.join("\t"))
        })
        .collect()
}

/// `text` with its ASCII digits full-width.
fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// `text` as a web page copied to text gives it: site chrome around, every white space and
/// pipe removed (`layouts.md`, family 3).
fn flattened(text: &str) -> String {
    let body: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '|')
        .collect();
    format!(
        "当前位置：首页>政务公开>政府信息公开年报{body}来源：本网时间：2025-01-2009:30字号：大中小打印关闭附件下载：\n"
    )
}

/// Every text report at hand, flattened as a web page copied to text (and the same with
/// full-width digits, and with no-break spaces between its words): no error the laid-out text
/// does not give. A row whose numbers the flattening pulled away from its label, a table 四
/// whose blank group vanished, a head a converter cut short are read as ambiguous or read
/// right, never reported missing: a missing row is an error in the report, an unread one is
/// the reader's limit.
#[test]
fn a_flattened_report_has_no_error_its_laid_out_text_has_not() {
    let mut failures = Vec::new();
    for path in corpus::text_reports() {
        let text = std::fs::read_to_string(&path).expect("utf-8 text");
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let (_, plain) = read_with_errors(&text);
        let flat = flattened(&text);
        let nbsp: String = format!(
            "{}\n",
            text.split_whitespace().collect::<Vec<_>>().join("\u{a0}")
        );
        for (kind, variant) in [
            ("flattened", flat.clone()),
            ("flattened, full-width", full_width(&flat)),
            ("words a no-break space apart", nbsp),
        ] {
            let (report, errors) = read_with_errors(&variant);
            for n in &report.notes {
                if !nianbao::model::NOTE_KINDS.iter().any(|(k, _)| *k == n.kind) {
                    failures.push(format!(
                        "{name:?} {kind}: note of no known kind {:?}",
                        n.kind
                    ));
                }
            }
            let extra: Vec<_> = errors.iter().filter(|e| !plain.contains(e)).collect();
            if !extra.is_empty() {
                failures.push(format!("{name:?} {kind}: {extra:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Whether `variant` reads as `plain` does: every cell's status and value, and the error
/// findings; what differs is added to `failures`, named by `name`.
fn same_reading(name: &str, plain: &str, variant: &str, failures: &mut Vec<String>) {
    let (a, a_errors) = read_with_errors(plain);
    let (b, b_errors) = read_with_errors(variant);
    for def in &a.schema().cells {
        let (Some(want), Some(got)) = (a.cell(&def.id), b.cell(&def.id)) else {
            continue;
        };
        if (&want.status, want.value) != (&got.status, got.value) {
            failures.push(format!(
                "{name} {}: {:?} {:?} (plain {:?} {:?})",
                def.id, got.status, got.value, want.status, want.value
            ));
        }
    }
    if b_errors != a_errors {
        failures.push(format!("{name}: errors {b_errors:?}, plain {a_errors:?}"));
    }
}

/// A short numbered heading with one wrong character (`一、总休情况`), laid out or in a page
/// copied as one line: its section is found, and the report gives the errors it gives with
/// the heading right. Every text report at hand whose first heading is `一、总体情况`.
#[test]
fn a_short_heading_with_one_wrong_character_keeps_its_section() {
    let mut failures = Vec::new();
    let mut tried = 0;
    for path in corpus::text_reports() {
        let text = std::fs::read_to_string(&path).expect("utf-8 text");
        if !text.contains("一、总体情况") {
            continue;
        }
        tried += 1;
        let typo = text.replacen("一、总体情况", "一、总休情况", 1);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        for (kind, plain, variant) in [
            ("laid out", text.clone(), typo.clone()),
            ("flattened", flattened(&text), flattened(&typo)),
        ] {
            let (report, _) = read_with_errors(&variant);
            if !report.section(nianbao::model::SectionId::S1).present {
                failures.push(format!("{name:?} {kind}: section 一 not found"));
            }
            same_reading(&format!("{name:?} {kind}"), &plain, &variant, &mut failures);
        }
    }
    assert!(tried >= 10, "only {tried} reports open with 一、总体情况");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Two generated reports the blank-cell property test found (PDF text): a row whose cells are
/// all blank leaves its label pending, and the next row's label, broken over two lines with its
/// numbers after the second half (`二、上年结转政府信息` / `公开申请数量 0 0 0`), named no row on
/// its numbers' line, so the numbers went to the blank row. The words before them end the next
/// row's whole label: they are that row's.
#[test]
fn numbers_after_a_broken_label_are_its_row_not_the_blank_row_before() {
    for seed in [16_694_528_113_147_126_380, 16_694_528_113_147_126_495] {
        let cells = with_blanks(&generated_cells(Template::V2019, seed), seed, 2);
        let t = read_back("blanks", Template::V2019, 2020, &cells, Family::Pdf);
        assert!(t.wrong.is_empty(), "seed {seed}: {:?}", t.wrong);
    }
}

/// Where a row's numbers stand beside its label when a PDF's narrow label column wraps it
/// (`pdftotext -layout`): level with its first line, its middle one or its last.
#[derive(Debug, Clone, Copy)]
enum NumbersAt {
    First,
    Middle,
    Last,
}

/// A tab-row text as a PDF's text: each row's label wrapped every `width` characters (a group
/// label kept before the row's own on the first line), its cells beside the label line `at`
/// says: right-aligned in columns of six, a blank cell spaces (`pdftotext -layout`), or
/// `single` a space apart, a blank cell gone (plain text extraction).
fn wrapped_labels(text: &str, width: usize, at: NumbersAt, single: bool) -> String {
    use unicode_width::UnicodeWidthStr;
    let numeric = |f: &str| {
        let f = f.trim().replace('.', "");
        !f.is_empty() && f.chars().all(|c| c.is_ascii_digit())
    };
    let mut out = String::new();
    for line in text.split('\n') {
        if !line.contains('\t') {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        // The label's fields: the leading words (and the blank padding before them).
        let cells_from = fields
            .iter()
            .enumerate()
            .position(|(i, f)| {
                numeric(f)
                    || (f.trim().is_empty() && fields[..i].iter().any(|g| !g.trim().is_empty()))
            })
            .unwrap_or(fields.len());
        let labels: Vec<&str> = fields[..cells_from]
            .iter()
            .map(|f| f.trim())
            .filter(|f| !f.is_empty())
            .collect();
        let cells = fields[cells_from..].iter().map(|c| c.trim());
        let numbers: String = if single {
            cells
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            cells.map(|c| format!("{c:>6}")).collect()
        };
        let beside = |label: &str| {
            let pad = if single {
                1
            } else {
                40usize.saturating_sub(label.width()).max(2)
            };
            format!("{label}{}{numbers}\n", " ".repeat(pad))
        };
        let whole = labels.join(" ");
        let Some((row, groups)) = labels.split_last() else {
            out.push_str(&beside(""));
            continue;
        };
        if whole.chars().count() <= width {
            out.push_str(&beside(&whole));
            continue;
        }
        let chars: Vec<char> = row.chars().collect();
        let mut pieces: Vec<String> = chars.chunks(width).map(|c| c.iter().collect()).collect();
        if !groups.is_empty() {
            pieces[0] = format!("{} {}", groups.join(" "), pieces[0]);
        }
        let numbered = match at {
            NumbersAt::First => 0,
            NumbersAt::Middle => (pieces.len() - 1) / 2,
            NumbersAt::Last => pieces.len() - 1,
        };
        for (i, piece) in pieces.iter().enumerate() {
            let piece = if i == 0 {
                piece.clone()
            } else {
                format!("  {piece}")
            };
            if i == numbered {
                out.push_str(&beside(&piece));
            } else {
                out.push_str(&piece);
                out.push('\n');
            }
        }
    }
    out
}

/// A Markdown table's rows as tab rows (`| 规章 | 0 |` → `规章\t0`), its rule rows dropped;
/// other lines as they are.
fn pipes_to_tabs(text: &str) -> String {
    let mut out = String::new();
    for line in text.split('\n') {
        let t = line.trim();
        if !t.starts_with('|') {
            out.push_str(line);
        } else if t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            continue;
        } else {
            let fields: Vec<&str> = t.trim_matches('|').split('|').map(str::trim).collect();
            out.push_str(&fields.join("\t"));
        }
        out.push('\n');
    }
    out
}

/// PDF text whose label column is narrow: each label wrapped over lines, the row's numbers
/// level with its first line (`一、本年新  6 0 0 0 1 0 7` / `收政府信息` / `公开申请数量`), its
/// middle or its last, blank cells as spaces or gone. Every report at hand set out in rows (tab rows,
/// Markdown tables as tab rows), its labels wrapped at four to ten characters: no value the
/// rows read do not, no error they do not give. Numbers beside a label's first line once went
/// to the row before them, every row of the table shifted by one, with false `apply.balance`
/// errors; `2.其他` (of `2.其他法律…`) took the row `3.其他`.
#[test]
fn numbers_beside_a_wrapped_label_are_its_row_wherever_they_stand() {
    let mut tried = 0;
    let mut failures = Vec::new();
    for path in corpus::text_reports() {
        let text = pipes_to_tabs(&std::fs::read_to_string(&path).expect("utf-8 text"));
        // Rows: a label and its numbers on one line (not one cell per line).
        let rows = text
            .lines()
            .filter(|l| {
                l.split('\t')
                    .filter(|f| {
                        !f.trim().is_empty() && f.trim().chars().all(|c| c.is_ascii_digit())
                    })
                    .count()
                    >= 3
            })
            .count();
        if rows < 20 {
            continue;
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let (tabbed, tab_errors) = read_with_errors(&text);
        // A Markdown source whose labels are already scrambled over lines (kewei's) wraps
        // into pieces too short to name a row at four characters.
        let widths: &[usize] = if path.extension().is_some_and(|e| e == "md") {
            &[5, 6, 8, 10]
        } else {
            &[4, 5, 6, 8, 10]
        };
        for &width in widths {
            for (at, single) in [NumbersAt::First, NumbersAt::Middle, NumbersAt::Last]
                .into_iter()
                .flat_map(|at| [(at, false), (at, true)])
            {
                tried += 1;
                let wrapped = wrapped_labels(&text, width, at, single);
                let (wrapped, errors) = read_with_errors(&wrapped);
                for def in &tabbed.schema().cells {
                    let (Some(want), Some(got)) = (tabbed.cell(&def.id), wrapped.cell(&def.id))
                    else {
                        continue;
                    };
                    if got.status == CellStatus::Value
                        && (want.status != CellStatus::Value || want.value != got.value)
                    {
                        failures.push(format!(
                            "{name:?} {width} {at:?} {single} {}: {:?} (tabbed {:?})",
                            def.id, got.value, want.value
                        ));
                    }
                }
                for e in errors.iter().filter(|e| !tab_errors.contains(e)) {
                    failures.push(format!("{name:?} {width} {at:?} {single}: new error {e}"));
                }
            }
        }
    }
    assert!(tried >= 120, "wrapped renderings tried: {tried}");
    assert!(failures.is_empty(), "{failures:#?}");
}
