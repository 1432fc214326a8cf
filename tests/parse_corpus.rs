//! The corpus's text reports read to the cells of their `*.expected.json`. Each report has a
//! floor of exactly-read cells, and none may be silently wrong (a number read where the report
//! holds another, or a blank where it holds one): cells the parser cannot place must be
//! Ambiguous, Unreadable or Missing instead. `suqian` is a comparison export holding 2023 and
//! 2024: `parse_all` splits it into the two years, each scored on its own.
//!
//! Not exact, honestly marked: shanghai's `active.rules` and `active.normative` (6 cells,
//! Ambiguous): two multi-line cells were pulled out above table 二, leaving two numbers for
//! three columns with no arithmetic to place them.
//!
//! Set `NIANBAO_CORPUS_DUMP=1` to print every cell that is not exact.

#[path = "support/corpus.rs"]
mod corpus;
use std::path::PathBuf;
use std::str::FromStr;

use nianbao::model::{CellStatus, Report};
use rust_decimal::Decimal;
use serde_json::Value;

fn corpus(rel: &str) -> PathBuf {
    corpus::corpus_file(rel)
}

fn expected_value(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => Decimal::from_str(&n.to_string()).ok(),
        Value::String(s) => Decimal::from_str(s).ok(),
        _ => None,
    }
}

/// (exact, wrong, unread) against one map of expected cells.
fn score(r: &Report, cells: &serde_json::Map<String, Value>) -> (usize, usize, Vec<String>) {
    let (mut exact, mut wrong, mut wrong_ids) = (0, 0, Vec::new());
    for (id, want) in cells {
        let Some(cell) = r.cell(id) else { continue };
        let want = expected_value(want);
        let ok = match (want, cell.status.clone()) {
            (None, CellStatus::Blank) => true,
            (Some(w), CellStatus::Value) => cell.value == Some(w),
            _ => false,
        };
        let is_wrong = !ok
            && match cell.status {
                CellStatus::Value => true,
                CellStatus::Blank => want.is_some(),
                _ => false,
            };
        if ok {
            exact += 1;
        } else if std::env::var_os("NIANBAO_CORPUS_DUMP").is_some() {
            println!(
                "  not exact {id}: {:?} {:?} line {:?}, want {want:?}",
                cell.raw,
                cell.status,
                cell.line()
            );
        }
        if is_wrong {
            wrong += 1;
            wrong_ids.push(format!(
                "{id}: got {:?} {:?}, want {want:?}",
                cell.raw, cell.status
            ));
        }
    }
    (exact, wrong, wrong_ids)
}

fn read(text: &str) -> Option<nianbao::read::Source> {
    let text = corpus(text);
    if !text.exists() {
        eprintln!("corpus not found at {}: skipped", text.display());
        return None;
    }
    Some(nianbao::read::read_path(&text).expect("corpus text reads"))
}

fn expected(rel: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(corpus(rel)).unwrap()).unwrap()
}

fn assert_reads(label: &str, r: &Report, cells: &serde_json::Map<String, Value>, min_exact: usize) {
    let (exact, wrong, wrong_ids) = score(r, cells);
    println!(
        "{label}: {exact}/{} cells exact, {wrong} wrong",
        cells.len()
    );
    for w in &wrong_ids {
        println!("  wrong {w}");
    }
    assert!(
        exact >= min_exact,
        "{label}: exact {exact} < floor {min_exact}"
    );
    assert!(
        wrong == 0,
        "{label}: {wrong} silently wrong: {wrong_ids:#?}"
    );
}

fn check(text: &str, expected_json: &str, min_exact: usize) {
    let Some(source) = read(text) else { return };
    let r = nianbao::parse::parse(&source);
    let json = expected(expected_json);
    assert_reads(text, &r, json["cells"].as_object().unwrap(), min_exact);
}

#[test]
fn huaian_pdf_text_layer() {
    check(
        "govnianbao/huaian-gov-2024.pypdf.txt",
        "govnianbao/huaian-gov-2024.expected.json",
        200,
    );
}

#[test]
fn kewei_markdown_fragments() {
    check(
        "kirogovcompare/kewei-2024-source.md",
        "kirogovcompare/kewei-2024-source.expected.json",
        200,
    );
}

#[test]
fn kewei_displaced_number_is_recovered_and_said_so() {
    let Some(source) = read("kirogovcompare/kewei-2024-source.md") else {
        return;
    };
    let r = nianbao::parse::parse(&source);
    // The row's last cell is empty in the text; the lone `1` the converter moved above row
    // 2.申请人逾期未按收费… is the one number its total needs.
    let cell = r.cell("apply.carried_out.total").unwrap();
    assert_eq!(cell.value, Some(1.into()));
    assert!(cell.recovered);
    assert_eq!(cell.line(), Some(172));
    assert!(
        r.notes
            .iter()
            .any(|n| n.kind == "recovered" && n.cells == ["apply.carried_out.total"])
    );
    assert_eq!(r.value("apply.other.no_fee.natural"), Some(0.into()));
}

#[test]
fn shanghai_office_markdown() {
    check(
        "kirogovcompare/shanghai-office-sample-source.md",
        "kirogovcompare/shanghai-office-sample-source.expected.json",
        194,
    );
}

#[test]
fn shuyang_ocr_markdown() {
    check(
        "kirogovcompare/shuyang-gov-2025.txt",
        "kirogovcompare/shuyang-gov-2025.expected.json",
        200,
    );
}

#[test]
fn suqian_comparison_splits_into_its_two_years() {
    let Some(source) = read("kirogovcompare/suqian-2023vs2024-compare-output.pypdf.txt") else {
        return;
    };
    let reports = nianbao::parse::parse_all(&source);
    let years: Vec<Option<i32>> = reports.iter().map(|r| r.meta.year).collect();
    assert_eq!(years, [Some(2023), Some(2024)]);
    let json = expected("kirogovcompare/suqian-2023-2024.expected.json");
    for (r, floor) in reports.iter().zip([200, 200]) {
        let year = r.meta.year.unwrap().to_string();
        let cells = json["reports"][&year]["cells"].as_object().unwrap();
        assert_reads(&format!("suqian {year}"), r, cells, floor);
    }
    // `parse` gives the latest year and says the file holds another.
    let latest = nianbao::parse::parse(&source);
    assert_eq!(latest.meta.year, Some(2024));
    assert_eq!(latest.cells, reports[1].cells);
    assert!(latest.notes.iter().any(|n| n.kind == "multi_year"));
}
