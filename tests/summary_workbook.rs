//! `nianbao summary`: the workbook of an intake, read back with an independent reader
//! (calamine) and compared with what `check --json` says of the same files.

use std::collections::HashMap;
use std::path::Path;

use assert_cmd::Command;
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use serde_json::Value;

fn nianbao(store: &Path) -> Command {
    let mut cmd = Command::cargo_bin("nianbao").unwrap();
    cmd.env_remove("NIANBAO_CONFIG")
        .env("NIANBAO_STORE", store)
        .env("HOME", store)
        .env("USER", "王审核")
        .env("NO_COLOR", "1")
        .env("TZ", "Asia/Shanghai");
    cmd
}

/// Write the workbook of `samples` (with extra arguments) and open it.
fn workbook(store: &Path, out: &Path, extra: &[&str]) -> Xlsx<std::io::BufReader<std::fs::File>> {
    let assert = nianbao(store)
        .args(["summary", "samples", "-o"])
        .arg(out)
        .args(extra)
        .assert();
    let code = assert.get_output().status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "summary failed: {code:?} {}",
        String::from_utf8_lossy(&assert.get_output().stderr)
    );
    open_workbook(out).expect("the workbook opens with calamine")
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

fn number(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn sheet(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, prefix: &str) -> Range<Data> {
    let name = book
        .sheet_names()
        .into_iter()
        .find(|n| n.starts_with(prefix))
        .unwrap_or_else(|| panic!("no sheet named {prefix}…"));
    book.worksheet_range(&name).unwrap()
}

/// `check --json samples`: one object per file, by path.
fn check_json() -> HashMap<String, Value> {
    let dir = tempfile::tempdir().unwrap();
    let out = nianbao(dir.path())
        .args(["check", "--json", "samples"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["report"]["path"].as_str().unwrap().to_string(), v)
        })
        .collect()
}

fn json_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// The overview's rows as (agency, files) for rows that are reports.
fn overview_rows(range: &Range<Data>) -> Vec<(String, Vec<String>, String)> {
    range
        .rows()
        .skip(1)
        .map(|r| {
            (
                text(&r[0]),
                text(&r[3]).split('、').map(str::to_string).collect(),
                text(&r[4]),
            )
        })
        .collect()
}

#[test]
fn the_same_report_in_several_files_is_one_row_listing_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.xlsx");
    let mut book = workbook(dir.path(), &out, &["--year", "2021"]);
    let names = book.sheet_names();
    for want in [
        "概况",
        "二、主动公开",
        "三、依申请公开",
        "四、复议诉讼",
        "问题清单",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} missing from {names:?}"
        );
    }
    // The intake of 2021 is only yuyang's report (its title names no agency), in four files
    // that read alike; the others are listed as not submitted, once each.
    let rows = overview_rows(&sheet(&mut book, "概况"));
    let yuyang: Vec<_> = rows
        .iter()
        .filter(|r| r.1.iter().any(|f| f == "samples/yuyang-health-2021.txt"))
        .collect();
    assert_eq!(yuyang.len(), 1, "{rows:?}");
    assert_eq!(yuyang[0].1.len(), 4, "{:?}", yuyang[0].1);
    for agency in [
        "海原县审批服务管理局",
        "榆林市横山区行政审批服务局",
        "周村区行政审批服务局",
    ] {
        let found: Vec<_> = rows.iter().filter(|r| r.0 == agency).collect();
        assert_eq!(found.len(), 1, "{agency}: {rows:?}");
        assert_eq!(found[0].2, "未报送");
    }
}

#[test]
fn an_earlier_year_is_chosen_with_year_and_duplicates_still_fold() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.xlsx");
    let mut book = workbook(dir.path(), &out, &["--year", "2020"]);
    let rows = overview_rows(&sheet(&mut book, "概况"));
    let zhoucun: Vec<_> = rows
        .iter()
        .filter(|r| r.0 == "周村区行政审批服务局")
        .collect();
    // The .txt, .html and .docx read alike: one row. The copy of the web page as one line
    // reads four cells as ambiguous, so it is another version of the content.
    let laid_out: Vec<_> = zhoucun
        .iter()
        .filter(|r| r.1.iter().any(|f| f == "samples/zhoucun-approval-2020.txt"))
        .collect();
    assert_eq!(laid_out.len(), 1, "{rows:?}");
    assert_eq!(laid_out[0].1.len(), 3, "{:?}", laid_out[0].1);
    // 2020 reports of four agencies; yuyang's 2021 report is not part of a 2020 intake.
    let reports = rows.iter().filter(|r| r.2 != "未报送").count();
    assert_eq!(reports, 5, "{rows:?}");
}

/// Every block of a table sheet: (cell ids by column, files of each report row, the 合计 row,
/// the left-out counts row if any).
struct Block {
    ids: Vec<(usize, String)>,
    reports: Vec<Vec<String>>,
    rows: Vec<Vec<Data>>,
    total: Vec<Data>,
    left_out: Option<Vec<Data>>,
}

fn blocks(range: &Range<Data>) -> Vec<Block> {
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if text(&rows[i][0]) != "单元格编号" {
            i += 1;
            continue;
        }
        let ids = rows[i]
            .iter()
            .enumerate()
            .skip(3)
            .map(|(c, d)| (c, text(d)))
            .filter(|(_, id)| !id.is_empty())
            .collect();
        i += 1;
        let mut block = Block {
            ids,
            reports: Vec::new(),
            rows: Vec::new(),
            total: Vec::new(),
            left_out: None,
        };
        while text(&rows[i][0]) != "合计" {
            block
                .reports
                .push(text(&rows[i][2]).split('、').map(str::to_string).collect());
            block.rows.push(rows[i].clone());
            i += 1;
        }
        block.total = rows[i].clone();
        if rows
            .get(i + 1)
            .is_some_and(|r| text(&r[0]).starts_with("未计入合计"))
        {
            block.left_out = Some(rows[i + 1].clone());
        }
        out.push(block);
    }
    out
}

#[test]
fn each_total_is_the_sum_of_the_reports_cells_and_never_counts_an_unreadable_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.xlsx");
    let mut book = workbook(dir.path(), &out, &["--year", "2020"]);
    let json = check_json();
    let mut checked = 0;
    let mut unreadable_seen = 0;
    for prefix in ["二、", "三、", "四、"] {
        for block in blocks(&sheet(&mut book, prefix)) {
            for (col, id) in &block.ids {
                let mut sum = 0.0;
                let mut left_out = 0;
                for files in &block.reports {
                    let cell = &json[&files[0]]["cells"][id];
                    match cell["status"].as_str().unwrap() {
                        "value" => sum += json_number(&cell["value"]).unwrap(),
                        "blank" => {}
                        _ => left_out += 1,
                    }
                }
                let total = number(&block.total[*col]);
                assert_eq!(total, Some(sum), "{id}: 合计 {:?}", block.total[*col]);
                let counted = block
                    .left_out
                    .as_ref()
                    .and_then(|r| number(&r[*col]))
                    .unwrap_or(0.0);
                assert_eq!(counted, left_out as f64, "{id}: cells left out");
                unreadable_seen += left_out;
                checked += 1;
            }
            // Each report's number cells are the JSON's values.
            for (files, row) in block.reports.iter().zip(&block.rows) {
                for (col, id) in &block.ids {
                    let cell = &json[&files[0]]["cells"][id];
                    if cell["status"] == "value" {
                        assert_eq!(number(&row[*col]), json_number(&cell["value"]), "{id}");
                    }
                }
            }
        }
    }
    assert!(checked >= 150, "only {checked} totals checked");
    // zhoucun's 行政事业性收费 reads `:2`: it must be left out, not added as 0.
    assert!(unreadable_seen > 0);
}

#[test]
fn the_findings_list_is_check_jsons_findings() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.xlsx");
    let json = check_json();
    for year in ["2020", "2021"] {
        let mut book = workbook(dir.path(), &out, &["--year", year]);
        let overview = overview_rows(&sheet(&mut book, "概况"));
        let findings = sheet(&mut book, "问题清单");
        let mut compared = 0;
        for (_, files, _) in overview.iter().filter(|r| r.2 != "未报送") {
            let listed: Vec<(String, String, String)> = findings
                .rows()
                .skip(1)
                .filter(|r| text(&r[2]).split('、').next() == Some(files[0].as_str()))
                .map(|r| {
                    let cells: Vec<String> = text(&r[6])
                        .split('；')
                        .filter_map(|c| c.split(' ').next())
                        .filter(|c| !c.is_empty())
                        .map(str::to_string)
                        .collect();
                    (text(&r[4]), cells.join(","), text(&r[9]))
                })
                .collect();
            let expected: Vec<(String, String, String)> = json[&files[0]]["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    let cells: Vec<&str> = f["cells"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| c.as_str().unwrap())
                        .collect();
                    (
                        f["rule"].as_str().unwrap().to_string(),
                        cells.join(","),
                        f["message"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            assert_eq!(listed, expected, "{}", files[0]);
            compared += expected.len();
        }
        assert!(compared > 0, "no finding compared for {year}");
    }
}

#[test]
fn csv_sheets_open_in_excel_with_a_bom() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("csv");
    nianbao(dir.path())
        .args(["summary", "samples", "--year", "2021", "--csv"])
        .arg(&csv)
        .assert()
        .code(1);
    let text = std::fs::read(csv.join("概况.csv")).unwrap();
    assert!(text.starts_with("\u{feff}机关,".as_bytes()));
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("榆林市榆阳区卫生健康局"));
    for name in ["二、主动公开", "三、依申请公开", "四、复议诉讼", "问题清单"]
    {
        assert!(csv.join(format!("{name}.csv")).is_file(), "{name}.csv");
    }
}

#[test]
fn a_workbook_that_cannot_be_written_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no-such-folder").join("s.xlsx");
    let assert = nianbao(dir.path())
        .args(["summary", "samples", "-o"])
        .arg(&out)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("s.xlsx"), "{err}");
    assert!(err.contains("汇总表未写入"), "{err}");
    // Nothing half-written is left behind.
    assert!(!dir.path().join("no-such-folder").exists());
}

#[test]
fn review_state_and_notes_come_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    nianbao(&store)
        .args([
            "annotate",
            "samples/yuyang-health-2021.txt",
            "--rule",
            "yoy.carry_over",
            "--cell",
            "apply.carried_in.total",
            "--text",
            "上年结转数与上年报告不符，请核对",
        ])
        .assert()
        .success();
    nianbao(&store)
        .args([
            "signoff",
            "samples/yuyang-health-2021.txt",
            "--return",
            "--comment",
            "请更正结转数",
        ])
        .assert()
        .success();
    let out = dir.path().join("s.xlsx");
    let mut book = workbook(&store, &out, &["--year", "2021"]);
    let overview = sheet(&mut book, "概况");
    let row = overview
        .rows()
        .find(|r| text(&r[3]).contains("samples/yuyang-health-2021.txt"))
        .unwrap();
    assert_eq!(text(&row[4]), "已退回修改");
    assert_eq!(text(&row[5]), "王审核");
    assert!(!text(&row[6]).is_empty(), "signed date");
    // The row lists the four files: the decision on the .txt one holds for the others (the
    // same content, review-states.md); the agency is not in the report, and the remark says so.
    assert_eq!(text(&row[3]).split('、').count(), 4, "{row:?}");
    assert!(text(&row[11]).contains("未能识别机关名称"), "{row:?}");
    let findings = sheet(&mut book, "问题清单");
    let noted = findings
        .rows()
        .find(|r| text(&r[6]).starts_with("apply.carried_in.total"))
        .unwrap();
    assert!(
        text(&noted[10]).contains("上年结转数与上年报告不符"),
        "{noted:?}"
    );
    assert_eq!(text(&noted[11]), "待处理");
}

#[test]
fn two_different_versions_of_one_report_are_two_rows_both_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    // A report whose title names its agency: two versions of one agency and year.
    let body = std::fs::read_to_string("samples/zhoucun-approval-2020.txt").unwrap();
    std::fs::write(inbox.join("a.txt"), &body).unwrap();
    std::fs::write(
        inbox.join("b.txt"),
        format!("{body}\n本局将进一步做好政府信息公开工作。\n"),
    )
    .unwrap();
    let out = dir.path().join("s.xlsx");
    nianbao(dir.path())
        .args(["summary", "-o"])
        .arg(&out)
        .arg(&inbox)
        .assert()
        .code(1);
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let rows = overview_rows(&sheet(&mut book, "概况"));
    assert_eq!(rows.len(), 2, "{rows:?}");
    let overview = sheet(&mut book, "概况");
    for r in overview.rows().skip(1) {
        assert!(text(&r[11]).contains("2 个内容不同的版本"), "{r:?}");
    }
}
