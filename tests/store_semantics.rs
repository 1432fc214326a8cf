//! One meaning of acceptance and sign-off (`review-states.md`), through the binary: a note
//! accepted on an error's cell settles it; a second decision needs `--replace` and both stay in
//! the memo; a return needs a comment; another file with the same content holds the decision
//! ("signed, as another file"); unidentified reports are keyed by content; a note over 64 KB is
//! refused.

mod store_desk;

use std::fs;

use store_desk::{Desk, path};

const ZHOUCUN: &str = "zhoucun-approval-2020.txt";

fn zhoucun_desk() -> Desk {
    Desk::with(&[
        "zhoucun-approval-2019.txt",
        ZHOUCUN,
        "zhoucun-approval-2020.html",
        "zhoucun-approval-2020.docx",
    ])
}

/// The first cell of each error finding, as `check --json` gives them.
fn error_cells(desk: &Desk, file: &str) -> Vec<String> {
    let prior = desk.report("zhoucun-approval-2019.txt");
    let out = desk.run(&["check", "--json", file, "--prior", path(&prior)]);
    let v: serde_json::Value = serde_json::from_str(out.stdout.lines().next().unwrap()).unwrap();
    let mut cells: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .filter_map(|f| f["cells"][0].as_str().map(str::to_string))
        .collect();
    cells.sort();
    cells.dedup();
    cells
}

#[test]
fn accepting_each_error_on_its_cell_lets_the_report_be_approved() {
    let desk = zhoucun_desk();
    let r = desk.report(ZHOUCUN);
    let r = path(&r);
    let cells = error_cells(&desk, r);
    assert_eq!(cells.len(), 3, "{cells:?}");
    let out = desk.run(&["signoff", r, "--approve", "--comment", "同意"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("不能审核通过：3 项错误"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("--cell"),
        "says what to do: {}",
        out.stderr
    );
    for c in &cells {
        desk.ok(&[
            "annotate",
            r,
            "--cell",
            c,
            "--text",
            "已与报送单位核实，原表如此",
            "--state",
            "accepted",
        ]);
    }
    assert!(
        desk.status_json(&desk.report(ZHOUCUN))["unaccepted_errors"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    desk.ok(&["signoff", r, "--approve", "--comment", "同意"]);
    let memo = desk.ok(&["export", r]).stdout;
    assert!(memo.contains("经审核予以接受或已解决的事项"), "{memo}");
    assert!(
        !memo.contains("审核发现的问题"),
        "no error left to correct: {memo}"
    );
}

#[test]
fn a_second_decision_needs_replace_and_both_stay_in_the_memo() {
    let desk = zhoucun_desk();
    let r = desk.report(ZHOUCUN);
    let r = path(&r);
    desk.ok(&["signoff", r, "--return", "--comment", "请补充说明"]);
    let out = desk.run(&["signoff", r, "--return", "--comment", "再看看"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("已有审核结论：return by 王审核"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--replace"), "{}", out.stderr);
    desk.ok(&["signoff", r, "--return", "--comment", "再看看", "--replace"]);
    let memo = desk.ok(&["export", r]).stdout;
    assert!(memo.contains("## 总体意见\n\n再看看"), "{memo}");
    assert!(
        memo.contains("此前的决定（已被替换）：退回修改，王审核"),
        "{memo}"
    );
    assert!(memo.contains("请补充说明"), "{memo}");
}

#[test]
fn a_return_with_an_empty_comment_is_refused() {
    let desk = zhoucun_desk();
    let r = desk.report(ZHOUCUN);
    let out = desk.run(&["signoff", path(&r), "--return", "--comment", "  "]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("退回修改须填写意见"), "{}", out.stderr);
    assert!(desk.records().is_empty() || desk.status_json(&r)["state"] == "unsigned");
}

#[test]
fn another_file_with_the_same_content_holds_the_decision_and_an_edit_makes_it_stale() {
    let desk = zhoucun_desk();
    let txt = desk.report(ZHOUCUN);
    desk.ok(&["signoff", path(&txt), "--return", "--comment", "请修改"]);
    let html = desk.report("zhoucun-approval-2020.html");
    let st = desk.ok(&["status", path(&html)]).stdout;
    assert!(
        st.contains("已签署（另一文件：zhoucun-approval-2020.txt）"),
        "{st}"
    );
    let json = desk.status_json(&html);
    assert_eq!(json["state"], "returned");
    assert!(json["signed_file"].as_str().unwrap().ends_with(ZHOUCUN));
    // The file signed, changed in place (even by white space), no longer holds it.
    let mut bytes = fs::read(&txt).unwrap();
    bytes.extend_from_slice(b"  \n");
    fs::write(&txt, &bytes).unwrap();
    let st = desk.ok(&["status", path(&txt)]).stdout;
    assert!(st.contains("签署已失效"), "{st}");
    let st = desk.ok(&["status", path(&html)]).stdout;
    assert!(st.contains("已签署（另一文件"), "{st}");
    // A real change to what the report says makes it stale, naming why.
    let text = fs::read_to_string(&txt)
        .unwrap()
        .replace("一、总体情况", "一、总体情况\n本年度另行补充说明。");
    fs::write(&txt, text).unwrap();
    let st = desk.ok(&["status", path(&txt)]).stdout;
    assert!(
        st.contains("签署已失效") && st.contains("签署后文件已改动"),
        "{st}"
    );
}

#[test]
fn unidentified_reports_with_the_same_file_name_keep_separate_records() {
    let desk = Desk::with(&[]);
    let dir = desk.dir.path();
    fs::create_dir_all(dir.join("A")).unwrap();
    fs::create_dir_all(dir.join("B")).unwrap();
    fs::write(
        dir.join("A/report.txt"),
        "年度报告\n一、总体情况\n本年度我单位认真做好政府信息公开工作。\n",
    )
    .unwrap();
    fs::write(
        dir.join("B/report.txt"),
        "年度报告\n一、总体情况\n本年度本机关依法公开政府信息。\n",
    )
    .unwrap();
    let a = dir.join("A/report.txt");
    let b = dir.join("B/report.txt");
    let out = desk.ok(&["annotate", path(&a), "--section", "s1", "--text", "A的批注"]);
    assert!(
        out.stderr.contains("按报告内容的哈希值归档"),
        "{}",
        out.stderr
    );
    let memo = desk.ok(&["export", path(&b)]).stdout;
    assert!(!memo.contains("A的批注"), "{memo}");
    assert!(memo.contains("按报告内容的哈希值归档"), "{memo}");
    // The same content under another name is the same record.
    fs::copy(&a, dir.join("renamed.txt")).unwrap();
    let memo = desk.ok(&["export", path(&dir.join("renamed.txt"))]).stdout;
    assert!(memo.contains("A的批注"), "{memo}");
}

#[test]
fn a_note_over_64_kb_is_refused_with_a_clear_message() {
    let desk = zhoucun_desk();
    let r = desk.report(ZHOUCUN);
    let long = "很".repeat(22 * 1024); // 66 KB of UTF-8
    let out = desk.run(&["annotate", path(&r), "--section", "s1", "--text", &long]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("超过单条批注上限 65536 字节"),
        "{}",
        out.stderr
    );
    let fits = "很".repeat(21 * 1024);
    desk.ok(&["annotate", path(&r), "--section", "s1", "--text", &fits]);
}

#[test]
fn the_reviewers_reading_of_an_unreadable_cell_is_used_for_that_content_only() {
    let desk = zhoucun_desk();
    let r = desk.report(ZHOUCUN);
    let r = path(&r);
    let errors = |desk: &Desk| {
        desk.status_json(&desk.report(ZHOUCUN))["errors"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(errors(&desk), 3);
    let out = desk.ok(&[
        "annotate",
        r,
        "--cell",
        "active.fees.prev_items",
        "--value",
        "2",
        "--text",
        "原文「:2」即 2 项",
    ]);
    assert!(out.stdout.contains("读作 2"), "{}", out.stdout);
    assert_eq!(errors(&desk), 2, "the rules run on the reviewer's value");
    let memo = desk.ok(&["export", r]).stdout;
    assert!(
        memo.contains("审核人认定读数") && memo.contains("读作 2"),
        "{memo}"
    );
    // check --json with the store shows the cell as the reviewer's; without it, as read.
    let prior = desk.report("zhoucun-approval-2019.txt");
    let cell = |stdout: &str| {
        let v: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
        v["cells"]["active.fees.prev_items"].clone()
    };
    let with = cell(
        &desk
            .run(&["check", "--json", r, "--prior", path(&prior)])
            .stdout,
    );
    assert_eq!(with["status"], "reviewer", "{with}");
    assert_eq!(with["value"], 2);
    assert_eq!(with["reviewer"], "王审核");
    let plain = desk
        .nianbao()
        .env_remove("NIANBAO_STORE")
        .args(["check", "--json", r])
        .output()
        .unwrap();
    let without = cell(&String::from_utf8_lossy(&plain.stdout));
    assert_eq!(without["status"], "unreadable", "{without}");
    // A cell read with certainty takes no reading; a value must be a number.
    let out = desk.run(&[
        "annotate",
        r,
        "--cell",
        "apply.new.total",
        "--value",
        "5",
        "--text",
        "x",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let out = desk.run(&[
        "annotate",
        r,
        "--cell",
        "active.fees.prev_items",
        "--value",
        "两",
        "--text",
        "x",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("不是数字"), "{}", out.stderr);
    // Another content of the report does not use it.
    let text = fs::read_to_string(desk.report(ZHOUCUN))
        .unwrap()
        .replace("一、总体情况", "一、总体情况\n补充说明。");
    fs::write(desk.report(ZHOUCUN), text).unwrap();
    assert_eq!(errors(&desk), 3);
    desk.ok(&["verify"]);
}
