//! `nianbao annotate`, `signoff`, `status` and `export` end to end on seed reports copied to a
//! temporary folder, with the review store in another: notes on a cell, a finding and a
//! section; approval refused until each error is accepted; a return; a sign-off going stale
//! when the file changes; the memo in Markdown and JSON; the exit codes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// A folder holding copies of the zhoucun pair (2020 and its constructed 2019), and a store.
struct Desk {
    dir: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().expect("temp dir");
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        std::fs::create_dir(dir.path().join("reports")).unwrap();
        for name in [
            "zhoucun-approval-2019.txt",
            "zhoucun-approval-2020.txt",
            "hengshan-approval-2020.txt",
        ] {
            std::fs::copy(samples.join(name), dir.path().join("reports").join(name)).unwrap();
        }
        Desk { dir }
    }

    fn report(&self, name: &str) -> PathBuf {
        self.dir.path().join("reports").join(name)
    }

    fn zhoucun(&self) -> PathBuf {
        self.report("zhoucun-approval-2020.txt")
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// `nianbao` with the store, the reviewer and the config isolated from the machine's.
    fn nianbao(&self) -> Command {
        let mut cmd = Command::cargo_bin("nianbao").expect("binary built");
        cmd.env("NIANBAO_STORE", self.store())
            .env("HOME", self.dir.path())
            .env("USER", "王审核")
            .env_remove("NIANBAO_CONFIG")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_DATA_HOME")
            .env("NO_COLOR", "1")
            .env("TZ", "Asia/Shanghai");
        cmd
    }

    fn run(&self, args: &[&str]) -> Out {
        let out = self.nianbao().args(args).output().expect("runs");
        Out {
            code: out.status.code().expect("exited"),
            stdout: String::from_utf8(out.stdout).expect("utf-8"),
            stderr: String::from_utf8(out.stderr).expect("utf-8"),
        }
    }

    fn annotate(&self, file: &Path, target: &[&str], text: &str, state: &str) -> Out {
        let mut args = vec!["annotate", path(file)];
        args.extend_from_slice(target);
        args.extend_from_slice(&["--text", text, "--state", state]);
        let out = self.run(&args);
        assert_eq!(out.code, 0, "annotate {target:?}: {}", out.stderr);
        out
    }

    fn status_json(&self, file: &Path) -> Value {
        let out = self.run(&["status", "--json", path(file)]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        serde_json::from_str(out.stdout.trim()).expect("one JSON object")
    }
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The three error findings of the zhoucun pair: `:2`, and the two carry-over breaks.
const ERRORS: [(&str, &str); 3] = [
    ("cell.unreadable", "active.fees.prev_items"),
    ("yoy.carry_over", "apply.carried_in.natural"),
    ("yoy.carry_over", "apply.carried_in.total"),
];

#[test]
fn a_note_goes_on_a_cell_a_finding_and_a_section() {
    let desk = Desk::new();
    let f = desk.zhoucun();
    let out = desk.annotate(
        &f,
        &["--cell", "apply.new.total"],
        "本年新收申请数为 0，与正文一致。",
        "resolved",
    );
    assert!(
        out.stdout
            .contains("已添加批注 #1（已解决）：apply.new.total"),
        "{}",
        out.stdout
    );
    let out = desk.annotate(
        &f,
        &["--rule", "narrative.contradiction"],
        "请核实是否发生行政诉讼。\n两处须一致。",
        "open",
    );
    assert!(
        out.stdout
            .contains("#2（待处理）：narrative.contradiction [review.suit_direct.total]"),
        "{}",
        out.stdout
    );
    desk.annotate(&f, &["--section", "s5"], "计划年度应为 2021 年。", "open");

    let memo = desk.run(&["export", path(&f), "--format", "json"]);
    assert_eq!(memo.code, 0, "{}", memo.stderr);
    let v: Value = serde_json::from_str(&memo.stdout).expect("the memo is JSON");
    let notes: Vec<&Value> = v["other_notes"].as_array().unwrap().iter().collect();
    assert_eq!(notes.len(), 2, "{v:#}");
    assert_eq!(notes[0]["target"], "apply.new.total");
    assert_eq!(notes[0]["state"], "resolved");
    assert_eq!(notes[1]["target"], "s5");
    let contradiction = v["to_correct"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "narrative.contradiction")
        .expect("the finding with a note is to be corrected");
    assert_eq!(
        contradiction["notes"][0]["text"],
        "请核实是否发生行政诉讼。\n两处须一致。"
    );
    assert_eq!(contradiction["notes"][0]["author"], "王审核");

    let status = desk.status_json(&f);
    assert_eq!(status["state"], "unsigned");
    assert_eq!(status["open_annotations"], 2);
    assert_eq!(status["errors"], 3);
}

#[test]
fn a_target_not_in_the_report_is_refused_naming_the_file() {
    let desk = Desk::new();
    let f = desk.zhoucun();
    for target in [
        ["--cell", "apply.no_such_cell"],
        ["--rule", "no.such.rule"],
        ["--section", "s9"],
    ] {
        let out = desk.run(&["annotate", path(&f), target[0], target[1], "--text", "x"]);
        assert_eq!(out.code, 2, "{target:?}");
        assert!(out.stderr.contains(path(&f)), "{}", out.stderr);
        assert!(out.stderr.contains(target[1]), "{}", out.stderr);
    }
    // The rule fires twice: the message says which cells to pick from.
    let out = desk.run(&[
        "annotate",
        path(&f),
        "--rule",
        "yoy.carry_over",
        "--text",
        "x",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("apply.carried_in.natural, apply.carried_in.total"),
        "{}",
        out.stderr
    );
    let records = std::fs::read_dir(desk.store())
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "json")
            })
            .count()
        })
        .unwrap_or(0);
    assert_eq!(records, 0, "a refused note wrote a record");
}

#[test]
fn approval_is_refused_naming_each_unaccepted_error_until_each_is_accepted() {
    let desk = Desk::new();
    let f = desk.zhoucun();
    let out = desk.run(&["signoff", path(&f), "--approve", "--comment", "同意"]);
    assert_eq!(out.code, 1, "refused approval exits 1: {}", out.stderr);
    assert!(
        out.stderr.contains("不能审核通过：3 项错误"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains(path(&f)), "{}", out.stderr);
    for (rule, cell) in ERRORS {
        assert!(
            out.stderr.contains(&format!("{rule} [{cell}]")),
            "{rule} {cell}: {}",
            out.stderr
        );
    }
    assert_eq!(desk.status_json(&f)["state"], "unsigned");

    // A note accepted on an error's cell settles it, as a note on the finding does
    // (review-states.md): the first error goes by its cell, the others by their rule.
    desk.annotate(
        &f,
        &["--cell", "active.fees.prev_items"],
        "见下",
        "accepted",
    );
    for (i, (rule, cell)) in ERRORS.iter().enumerate().skip(1) {
        let out = desk.run(&[
            "signoff",
            path(&f),
            "--approve",
            "--comment",
            "同意",
            "--lang",
            "en",
        ]);
        assert_eq!(out.code, 1);
        assert!(
            out.stderr.contains(&format!("{} error finding(s)", 3 - i)),
            "{}",
            out.stderr
        );
        assert!(
            out.stderr.contains(&format!("{rule} [{cell}]")),
            "{}",
            out.stderr
        );
        assert!(
            !out.stderr.contains("[active.fees.prev_items]"),
            "the cell note settled it: {}",
            out.stderr
        );
        desk.annotate(
            &f,
            &["--rule", rule, "--cell", cell],
            "经电话核实，予以接受。",
            "accepted",
        );
    }
    let out = desk.run(&["signoff", path(&f), "--approve", "--comment", "同意"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("已签署：审核通过"), "{}", out.stdout);
    let status = desk.status_json(&f);
    assert_eq!(status["state"], "approved");
    assert_eq!(status["unaccepted_errors"].as_array().unwrap().len(), 0);
    assert!(
        status["prior"]
            .as_str()
            .unwrap()
            .ends_with("zhoucun-approval-2019.txt")
    );
}

#[test]
fn a_returned_report_reads_returned_then_stale_once_the_file_changes() {
    let desk = Desk::new();
    let f = desk.zhoucun();
    let out = desk.run(&[
        "signoff",
        path(&f),
        "--return",
        "--comment",
        "请整改后重新报送。",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("已签署：退回修改"), "{}", out.stdout);

    let out = desk.run(&["status", path(&f)]);
    assert_eq!(out.code, 0);
    let row = out.stdout.lines().nth(1).expect("one row under the head");
    assert!(row.starts_with("已退回修改"), "{}", out.stdout);
    assert!(
        row.contains("王审核") && row.contains("周村区行政审批服务局"),
        "{row}"
    );
    // `check` shows the same state in its summary table.
    let out = desk.run(&[
        "check",
        "--summary",
        path(&f),
        path(&desk.report("hengshan-approval-2020.txt")),
    ]);
    assert!(out.stdout.contains("已退回修改"), "{}", out.stdout);
    assert!(out.stdout.contains("未签署"), "{}", out.stdout);

    let mut bytes = std::fs::read(&f).unwrap();
    bytes.extend_from_slice("\n（补充说明）\n".as_bytes());
    std::fs::write(&f, bytes).unwrap();
    let out = desk.run(&["status", path(&f)]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.lines().nth(1).unwrap().starts_with("签署已失效"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("签署后文件已改动"), "{}", out.stdout);
    let status = desk.status_json(&f);
    assert_eq!(status["state"], "stale");
    assert_eq!(status["stale_reasons"][0]["reason"], "report_changed");
    let out = desk.run(&["status", "--lang", "en", path(&f)]);
    assert!(
        out.stdout.lines().nth(1).unwrap().starts_with("stale"),
        "{}",
        out.stdout
    );
    let out = desk.run(&[
        "check",
        "--summary",
        path(&f),
        path(&desk.report("hengshan-approval-2020.txt")),
    ]);
    assert!(out.stdout.contains("签署已失效"), "{}", out.stdout);
}

/// A changed prior year makes a sign-off stale (`review-states.md`); `check --summary` says
/// so as `status` does, one meaning of stale in every front end.
#[test]
fn a_changed_prior_makes_the_sign_off_stale_in_check_as_in_status() {
    let desk = Desk::new();
    let f = desk.zhoucun();
    let prior = desk.report("zhoucun-approval-2019.txt");
    let out = desk.run(&["signoff", path(&f), "--return", "--comment", "请整改。"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let summary = |desk: &Desk| {
        let out = desk.run(&["check", "--summary", path(&f), path(&prior)]);
        out.stdout
            .lines()
            .find(|l| l.contains("zhoucun-approval-2020"))
            .expect("the report's row")
            .to_string()
    };
    assert!(summary(&desk).contains("已退回修改"), "{}", summary(&desk));
    // The prior's figures change after the sign-off (a corrected 2019 report).
    let text = std::fs::read_to_string(&prior).unwrap();
    let changed = text.replacen("\n\t2\n", "\n\t3\n", 1);
    assert_ne!(text, changed);
    std::fs::write(&prior, changed).unwrap();
    assert_eq!(desk.status_json(&f)["state"], "stale");
    assert!(summary(&desk).contains("签署已失效"), "{}", summary(&desk));
}

#[test]
fn a_return_needs_a_comment() {
    let desk = Desk::new();
    let out = desk.run(&["signoff", path(&desk.zhoucun()), "--return"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--comment"), "{}", out.stderr);
}

#[test]
fn the_exported_memo_has_the_report_the_decision_every_finding_and_the_notes() {
    let desk = Desk::new();
    let f = desk.zhoucun();
    desk.annotate(
        &f,
        &["--rule", "cell.unreadable"],
        "请按上一年度实际项目数量填写阿拉伯数字。",
        "open",
    );
    desk.annotate(
        &f,
        &["--section", "s5"],
        "工作计划年度应为 2021 年。",
        "open",
    );
    let out = desk.run(&[
        "signoff",
        path(&f),
        "--return",
        "--comment",
        "请于 5 个工作日内整改后重新报送。",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);

    let memo_path = desk.dir.path().join("memo.md");
    let out = desk.run(&["export", path(&f), "-o", path(&memo_path)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let md = std::fs::read_to_string(&memo_path).unwrap();
    for want in [
        "# 关于周村区行政审批服务局2020年政府信息公开工作年度报告的整改意见",
        "报送单位：周村区行政审批服务局",
        "报告年度：2020年",
        "审核结论：退回修改",
        "审核人：王审核",
        "请于 5 个工作日内整改后重新报送。",
        // Each error: where, expected, reported.
        "位置：二、主动公开政府信息情况 › 行政事业性收费 · 上一年项目数量（原文第 80 行）",
        "报告填写：“:2”",
        "位置：三、收到和处理政府信息公开申请情况 › 上年结转政府信息公开申请数量 · 自然人（原文第 123 行）",
        "应为：1",
        "报告填写：0",
        // The notes.
        "  > 请按上一年度实际项目数量填写阿拉伯数字。",
        "五、存在的主要问题及改进情况",
        "  > 工作计划年度应为 2021 年。",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    let status = desk.status_json(&f);
    let findings = desk.run(&[
        "check",
        "--json",
        "--prior",
        path(&desk.report("zhoucun-approval-2019.txt")),
        path(&f),
    ]);
    let checked: Value = serde_json::from_str(findings.stdout.trim()).unwrap();
    assert_eq!(
        md.matches("- 性质：").count(),
        checked["findings"].as_array().unwrap().len(),
        "every finding is in the memo"
    );
    assert_eq!(status["state"], "returned");

    let out = desk.run(&["export", path(&f), "--format", "json", "--lang", "en"]);
    assert_eq!(out.code, 0);
    let v: Value = serde_json::from_str(&out.stdout).expect("the JSON memo parses");
    assert_eq!(v["decision"], "return");
    assert_eq!(v["agency"], "周村区行政审批服务局");
    assert_eq!(v["year"], 2020);
    assert_eq!(v["title"], "Request for correction");
    assert!(
        v["prior"]["path"]
            .as_str()
            .unwrap()
            .ends_with("zhoucun-approval-2019.txt")
    );
}

#[test]
fn reading_commands_never_create_the_store() {
    let desk = Desk::new();
    let f = desk.zhoucun();
    let out = desk.run(&["status", path(&f)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.lines().nth(1).unwrap().starts_with("未签署"),
        "{}",
        out.stdout
    );
    let out = desk.run(&["export", path(&f)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("审核结论：尚未签署"), "{}", out.stdout);
    let out = desk.run(&[
        "check",
        "--summary",
        path(&f),
        path(&desk.report("zhoucun-approval-2019.txt")),
    ]);
    assert!(out.stdout.contains("未签署"), "{}", out.stdout);
    assert!(
        !desk.store().exists(),
        "status, export and check created the store"
    );
}

#[test]
fn an_unreadable_report_exits_2_naming_it_and_the_others_are_still_shown() {
    let desk = Desk::new();
    let missing = desk.report("nowhere-2020.txt");
    let out = desk.run(&["status", path(&desk.zhoucun()), path(&missing)]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains(path(&missing)), "{}", out.stderr);
    assert_eq!(
        out.stdout.lines().count(),
        2,
        "head and the readable report: {}",
        out.stdout
    );
    for args in [
        vec!["annotate", path(&missing), "--section", "s1", "--text", "x"],
        vec!["signoff", path(&missing), "--return", "--comment", "x"],
        vec!["export", path(&missing)],
    ] {
        let out = desk.run(&args);
        assert_eq!(out.code, 2, "{args:?}");
        assert!(
            out.stderr.contains(path(&missing)),
            "{args:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_damaged_record_is_reported_and_left_byte_identical() {
    let desk = Desk::new();
    let f = desk.zhoucun();
    desk.annotate(&f, &["--section", "s1"], "总体情况过于简略。", "open");
    let record = std::fs::read_dir(desk.store())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .expect("a record");
    let mut bytes = std::fs::read(&record).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&record, &bytes).unwrap();
    for args in [
        vec!["annotate", path(&f), "--section", "s1", "--text", "x"],
        vec!["status", path(&f)],
        vec!["export", path(&f)],
    ] {
        let out = desk.run(&args);
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains("已损坏"), "{args:?}: {}", out.stderr);
        assert_eq!(
            std::fs::read(&record).unwrap(),
            bytes,
            "{args:?} touched the record"
        );
    }
}
