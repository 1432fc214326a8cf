//! The one-line copies of the zhoucun pair (a web page copied as text: chrome around it, every
//! separator gone) read to the laid-out pair's cells or mark them ambiguous, point each cell at
//! its column in the line, and pair with each other as the laid-out pair does.

#[path = "support/corpus.rs"]
mod corpus;
use std::path::Path;

use assert_cmd::Command;
use nianbao::model::{CellStatus, Report};

fn load(name: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    nianbao::parse::parse(&nianbao::read::read_path(&path).expect("sample reads"))
}

#[test]
fn one_line_reads_the_laid_out_cells_or_ambiguous() {
    for year in [2019, 2020] {
        let laid = load(&format!("zhoucun-approval-{year}.txt"));
        let flat = load(&format!("zhoucun-approval-{year}.oneline.txt"));
        assert_eq!(flat.meta.year, Some(year));
        let mut exact = 0;
        let mut known = 0;
        for (id, cell) in &laid.cells {
            let Some(want) = cell.value else { continue };
            known += 1;
            let got = &flat.cells[id];
            match got.value {
                Some(v) => {
                    assert_eq!(v, want, "{year} {id}");
                    exact += 1;
                }
                None => assert_eq!(got.status, CellStatus::Ambiguous, "{year} {id}"),
            }
        }
        assert!(exact * 100 >= known * 95, "{year}: {exact} of {known} read");
        assert!(
            flat.sections.iter().all(|s| s.present),
            "{year}: six sections"
        );
    }
}

#[test]
fn cells_point_at_their_column_in_the_line() {
    let flat = load("zhoucun-approval-2020.oneline.txt");
    let line: Vec<char> = flat.lines[0].chars().collect();
    assert_eq!(flat.lines.len(), 1);
    let cell = &flat.cells["active.licensing.prev_items"];
    let loc = cell.location.expect("located");
    assert_eq!(loc.line, 1);
    let at: String = line[loc.column.expect("a column") - 1..]
        .iter()
        .take(4)
        .collect();
    assert_eq!(at, "1264", "the column points at the cell's digits");
    let new = flat.cells["apply.new.total"].location.expect("located");
    let before: String = line[..new.column.expect("a column") - 1].iter().collect();
    assert!(before.ends_with("本年新收政府信息公开申请数量"), "{before}");
}

#[test]
fn one_line_pair_pairs_like_the_laid_out_pair() {
    let out = Command::cargo_bin("nianbao")
        .expect("binary built")
        .args([
            "check",
            "--json",
            "samples/zhoucun-approval-2020.oneline.txt",
            "samples/zhoucun-approval-2019.oneline.txt",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    let first = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value =
        serde_json::from_str(first.lines().next().expect("one line per report")).expect("json");
    assert_eq!(
        report["prior"]["path"], "samples/zhoucun-approval-2019.oneline.txt",
        "the 2020 one-line report pairs with its 2019 one-line prior"
    );
}

/// A report flattened as a web page copied to text gives it: chrome around, every white space
/// and pipe removed.
fn flattened(text: &str) -> nianbao::read::Source {
    let body: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '|')
        .collect();
    let page = format!(
        "当前位置：首页>政务公开>政府信息公开年报{body}来源：本网时间：2025-01-2009:30字号：大中小打印关闭附件下载：\n"
    );
    nianbao::read::read_bytes("flat.txt", page.as_bytes()).expect("reads")
}

#[test]
fn flattened_corpus_reports_never_read_a_different_value() {
    let dir = corpus::corpus_dir();
    let cases = [
        (
            "govnianbao/huaian-gov-2024.pypdf.txt",
            "govnianbao/huaian-gov-2024.expected.json",
            185,
        ),
        (
            "kirogovcompare/shuyang-gov-2025.txt",
            "kirogovcompare/shuyang-gov-2025.expected.json",
            190,
        ),
        (
            "kirogovcompare/kewei-2024-source.md",
            "kirogovcompare/kewei-2024-source.expected.json",
            // Its carried-over total is blank, so table 四's `100010000000000` may be
            // 10 0 0 10 (a cell blank) and zeros as well as 1 0 0 0 1 …: left ambiguous.
            120,
        ),
        (
            "kirogovcompare/shanghai-office-sample-source.md",
            "kirogovcompare/shanghai-office-sample-source.expected.json",
            165,
        ),
    ];
    for (src, exp, floor) in cases {
        let text = std::fs::read_to_string(dir.join(src)).expect("corpus text");
        let expected = std::fs::read_to_string(dir.join(exp)).expect("corpus expected cells");
        let expected: serde_json::Value = serde_json::from_str(&expected).expect("json");
        let report = nianbao::parse::parse(&flattened(&text));
        let mut exact = 0;
        for (id, want) in expected["cells"].as_object().expect("cells") {
            let want = match want {
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::String(s) => s.clone(),
                _ => continue,
            };
            let want: rust_decimal::Decimal = want.parse().expect("a number");
            if let Some(got) = report.cell(id).and_then(|c| c.value) {
                assert_eq!(got, want, "{src} {id}");
                exact += 1;
            }
        }
        assert!(exact >= floor, "{src}: {exact} cells read, floor {floor}");
    }
}

#[test]
fn one_wrong_character_loses_no_row() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/zhoucun-approval-2020.oneline.txt");
    let mut text = std::fs::read_to_string(path).expect("sample");
    for (right, typo) in [
        ("本年新收", "本年新攸"),
        ("属于国家秘密", "属于国家秘蜜"),
        ("二、主动公开政府信息情况", "二、主动公开政府信急情况"),
    ] {
        text = text.replacen(right, typo, 1);
    }
    let report = nianbao::parse::parse(
        &nianbao::read::read_bytes("typo.txt", text.as_bytes()).expect("reads"),
    );
    assert!(report.section(nianbao::model::SectionId::S2).present);
    for id in [
        "apply.new.total",
        "apply.denied.state_secret.natural",
        "active.rules.made",
    ] {
        assert_eq!(report.value(id), Some(rust_decimal::Decimal::ZERO), "{id}");
    }
}

/// Every finding on a one-line report points at its column in the line, as its cells do: a
/// quoted sentence where the sentence stands, a cell's finding where the cell's digits are.
/// The memo names the column and quotes the text around it, so a reviewer can find the place.
#[test]
fn one_line_findings_point_at_their_column_and_the_memo_quotes_around_it() {
    let report = load("zhoucun-approval-2020.oneline.txt");
    let prior = load("zhoucun-approval-2019.oneline.txt");
    let rules = nianbao::rules::RuleSet::builtin();
    let findings = nianbao::rules::check(&report, Some(&prior), &rules);
    assert!(!findings.is_empty());
    let line: Vec<char> = report.lines[0].chars().collect();
    for f in findings.iter().filter(|f| f.line == Some(1)) {
        let col = f
            .column(&report)
            .unwrap_or_else(|| panic!("{} has no column", f.rule));
        assert!(col >= 1 && col <= line.len(), "{}: {col}", f.rule);
        if let Some(q) = f.quote.as_deref() {
            let at: String = line[col - 1..]
                .iter()
                .take(q.trim().chars().count())
                .collect();
            assert_eq!(at, q.trim(), "{}", f.rule);
        }
    }
    // Laid out, a finding's line is enough: no column.
    let laid = load("zhoucun-approval-2020.txt");
    for f in nianbao::rules::check(&laid, None, &rules) {
        assert_eq!(f.column(&laid), None, "{}", f.rule);
    }
    let record = nianbao::review::Record::new(nianbao::review::Identity::of(&report));
    let memo =
        nianbao::memo::Memo::build(&report, Some(&prior), &findings, &record, nianbao::Lang::Zh)
            .to_markdown();
    assert!(memo.contains("（原文第 1 行第 "), "{memo}");
    assert!(memo.contains("字：“…"), "{memo}");
}
