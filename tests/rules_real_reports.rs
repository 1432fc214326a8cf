//! No false alarm on real reports (issue 10): the corpus's consistent 2021-format reports,
//! the seeds, and real texts with one thing changed. Every test here failed before the fix it
//! names.

#[path = "rules_support.rs"]
mod support;

#[path = "support/corpus.rs"]
mod corpus;
use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao::model::{Report, TableId, Template};
use nianbao::rules::{EvalStatus, Finding, Severity};
use rust_decimal::Decimal;
use serde_json::Value;
use support::*;

fn corpus(rel: &str) -> PathBuf {
    corpus::corpus_file(rel)
}

fn load(path: &Path) -> Report {
    nianbao::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A real text with one edit, written to a temporary file of the given name.
fn edited(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).expect("write");
    p
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn nianbao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

fn check_json(args: &[&str]) -> (Vec<Value>, i32, String) {
    let out = nianbao()
        .arg("check")
        .arg("--json")
        .args(args)
        .output()
        .expect("runs");
    let docs = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    (
        docs,
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn false_alarms(name: &str, findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| {
            f.rule.starts_with("template.")
                || f.rule == "narrative.contradiction"
                || f.rule == "narrative.numbers"
                // kewei and shanghai-office really lack the 五 heading.
                || (f.severity == Severity::Error
                    && !(name != "huaian" && name != "shuyang" && f.rule == "structure.section"))
        })
        .map(|f| format!("{} {:?}: {}", f.rule, f.cells, f.message))
        .collect()
}

#[test]
fn the_corpus_reports_give_no_false_alarm() {
    for (name, rel) in [
        ("huaian", "govnianbao/huaian-gov-2024.pypdf.txt"),
        ("shuyang", "kirogovcompare/shuyang-gov-2025.txt"),
        ("kewei", "kirogovcompare/kewei-2024-source.md"),
        (
            "shanghai",
            "kirogovcompare/shanghai-office-sample-source.md",
        ),
    ] {
        let p = corpus(rel);
        let f = run(&load(&p), None);
        let bad = false_alarms(name, &f);
        assert!(bad.is_empty(), "{name}:\n{}", bad.join("\n"));
    }
}

// ───────────── template version ─────────────

#[test]
fn the_official_applicant_labels_are_no_mixed_form() {
    // shuyang heads its columns 法律服务机构, as both official forms do: template.mixed fired.
    let p = corpus("kirogovcompare/shuyang-gov-2025.txt");
    let r = load(&p);
    assert_eq!(r.meta.template, Template::V2021);
    assert!(of(&run(&r, None), "template.mixed").is_empty());
}

/// shuyang with its three （六） sub-rows written as one row, as real 2021 reports do.
fn single_other_row(total: i64) -> Option<String> {
    let p = corpus("kirogovcompare/shuyang-gov-2025.txt");
    let text = read(&p);
    let (a, b) = (text.find("### (六) 其他")?, text.find("| （七）总计")?);
    // 9 + 7 + 142 = 158 natural persons, 0 + 0 + 1 = 1 business, 159 in all.
    Some(format!(
        "{}| （六）其他处理 | 158 | 1 | 0 | 0 | 0 | 0 | {total} |\n{}",
        &text[..a],
        &text[b..]
    ))
}

#[test]
fn a_single_other_row_in_a_2021_report_is_read_as_the_group_sum() {
    let Some(text) = single_other_row(159) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let r = load(&edited(&dir, "shuyang-2025.txt", &text));
    assert_eq!(r.meta.template, Template::V2021);
    assert_eq!(r.value("apply.other.total"), Some(Decimal::from(159)));
    assert_eq!(r.value("apply.other.natural"), Some(Decimal::from(158)));
    // Never put into the first sub-row.
    assert_eq!(r.value("apply.other.no_correction.total"), None);
    let f = run(&r, None);
    let mixed = of(&f, "template.mixed");
    assert_eq!(mixed.len(), 1, "{}", summary(&f));
    assert!(
        mixed[0].message.contains("其他处理"),
        "{}",
        mixed[0].message
    );
    assert!(
        of(&f, "structure.table").is_empty(),
        "no missing-row error for the three sub-rows: {}",
        summary(&f)
    );
    let arithmetic: Vec<&Finding> = f.iter().filter(|x| x.rule.starts_with("apply.")).collect();
    assert!(arithmetic.is_empty(), "{arithmetic:?}");
}

#[test]
fn the_arithmetic_uses_the_single_other_row() {
    let Some(text) = single_other_row(160) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let f = run(&load(&edited(&dir, "shuyang-2025.txt", &text)), None);
    let rs = of(&f, "apply.results_sum");
    assert_eq!(rs.len(), 1, "{}", summary(&f));
    assert_eq!(rs[0].status, EvalStatus::Failed);
    assert_eq!(rs[0].severity, Severity::Error);
    assert_eq!(rs[0].cells[0], "apply.total.total");
}

// ───────────── narrative ─────────────

#[test]
fn kewei_narrative_numbers_are_each_compared_with_their_own_quantity() {
    // 同意公开答复 9 件 is 予以公开 and 转下一年度办理答复的有 1 件 the carry-over: both agree.
    let p = corpus("kirogovcompare/kewei-2024-source.md");
    let text = read(&p);
    let f = run(&load(&p), None);
    assert!(of(&f, "narrative.numbers").is_empty(), "{}", summary(&f));
    // Changed, each is found, against its own cell, across the wrapped line.
    let dir = tempfile::tempdir().expect("tempdir");
    for (from, to, cell) in [
        (
            "同意公开答复 9 件",
            "同意公开答复 8 件",
            "apply.granted.total",
        ),
        (
            "转下一\n年度办理答复的有 1 件",
            "转下一\n年度办理答复的有 3 件",
            "apply.carried_out.total",
        ),
        (
            "无法提供的 10 件",
            "无法提供的 11 件",
            "apply.unavailable.not_held.total",
        ),
        (
            "其他处理 14 件",
            "其他处理 15 件",
            "apply.other.no_correction.total",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        let p = edited(&dir, "kewei.md", &text.replace(from, to));
        let f = run(&load(&p), None);
        let n = of(&f, "narrative.numbers");
        assert_eq!(n.len(), 1, "{to}: {}", summary(&f));
        assert!(
            n[0].cells.iter().any(|c| c == cell),
            "{to}: {:?}",
            n[0].cells
        );
    }
}

#[test]
fn a_number_after_two_joined_quantities_is_not_understood_and_gives_nothing() {
    // shanghai-office: 予以公开及部分公开 208 件 is the sum of two rows; even if wrong, the rule
    // does not know which row it is about.
    let p = corpus("kirogovcompare/shanghai-office-sample-source.md");
    let text = read(&p);
    assert!(
        text.contains("分公开 208 件（17.46%）"),
        "the wrapped sentence"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let p = edited(
        &dir,
        "shanghai.md",
        &text.replace("分公开 208 件（17.46%）", "分公开 209 件（17.46%）"),
    );
    let f = run(&load(&p), None);
    assert!(of(&f, "narrative.numbers").is_empty(), "{}", summary(&f));
}

#[test]
fn no_review_overturned_is_not_a_claim_of_no_review() {
    // shanghai-office: 全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形, with 55 reviews.
    let p = corpus("kirogovcompare/shanghai-office-sample-source.md");
    let r = load(&p);
    assert!(
        r.value("review.appeal.total")
            .is_some_and(|v| v > Decimal::ZERO)
    );
    let f = run(&r, None);
    assert!(
        of(&f, "narrative.contradiction").is_empty(),
        "{}",
        summary(&f)
    );
    // The seed's real claim of no lawsuit is still found.
    let seed = load(Path::new("samples/zhoucun-approval-2020.txt"));
    let c = run(&seed, None);
    assert_eq!(
        of(&c, "narrative.contradiction").len(),
        1,
        "{}",
        summary(&c)
    );
}

// ───────────── not evaluable ─────────────

#[test]
fn a_missing_table_is_one_structure_error_and_one_info_per_rule() {
    // hengshan-2020 with table 三 cut out: dozens of "cannot check" errors before.
    let text = read(Path::new("samples/hengshan-approval-2020.txt"));
    let (a, b) = (
        text.find("三、收到和处理政府信息公开申请情况").expect("三"),
        text.find("四、政府信息公开行政复议").expect("四"),
    );
    let cut = format!(
        "{}三、收到和处理政府信息公开申请情况\n本年度无。\n{}",
        &text[..a],
        &text[b..]
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let r = load(&edited(&dir, "hengshan-approval-2020.txt", &cut));
    assert!(!r.has_table(TableId::Apply));
    let f = run(&r, None);
    let st = of(&f, "structure.table");
    assert_eq!(
        st.len(),
        1,
        "{}",
        summary(&st.into_iter().cloned().collect::<Vec<_>>())
    );
    assert_eq!(st[0].severity, Severity::Error);
    for rule in [
        "apply.balance",
        "apply.results_sum",
        "apply.row_total",
        "apply.carried_out_le_new",
    ] {
        let x = of(&f, rule);
        assert_eq!(x.len(), 1, "{rule}: {}", summary(&f));
        assert_eq!(
            (x[0].severity, x[0].status),
            (Severity::Info, EvalStatus::NotEvaluable)
        );
        assert!(
            x[0].message.contains("「表格与行齐全」"),
            "{}",
            x[0].message
        );
    }
    let errors = f.iter().filter(|x| x.severity == Severity::Error).count();
    assert_eq!(errors, 1, "{}", summary(&f));
}

#[test]
fn a_cross_year_rule_with_cells_missing_is_one_info() {
    // zhoucun-2020 against its prior with table 三 cut from the prior: yoy.carry_over gave an
    // error per column.
    let text = read(Path::new("samples/zhoucun-approval-2019.txt"));
    let (a, b) = (
        text.find("三、收到和处理政府信息公开申请情况").expect("三"),
        text.find("四、政府信息公开行政复议").expect("四"),
    );
    let cut = format!(
        "{}三、收到和处理政府信息公开申请情况\n无。\n{}",
        &text[..a],
        &text[b..]
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let prior = load(&edited(&dir, "zhoucun-approval-2019.txt", &cut));
    let current = load(Path::new("samples/zhoucun-approval-2020.txt"));
    let f = run(&current, Some(&prior));
    let c = of(&f, "yoy.carry_over");
    assert_eq!(c.len(), 1, "{}", summary(&f));
    assert_eq!(
        (c[0].severity, c[0].status),
        (Severity::Info, EvalStatus::NotEvaluable)
    );
    assert!(c[0].message.contains("上年"), "{}", c[0].message);
}

#[test]
fn not_evaluable_findings_never_set_the_exit_status() {
    // yuyang-2021 alone has warnings only (exit 0). Against a prior whose table 三 is cut,
    // carry-over cannot be checked: before, an error per column and exit 1.
    let text = read(Path::new("samples/yuyang-health-2020.txt"));
    let (a, b) = (
        text.find("三、收到和处理政府信息公开申请情况").expect("三"),
        text.find("四、政府信息公开行政复议").expect("四"),
    );
    let cut = format!(
        "{}三、收到和处理政府信息公开申请情况\n无。\n{}",
        &text[..a],
        &text[b..]
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let prior = edited(&dir, "yuyang-health-2020.txt", &cut);
    let (_, alone, _) = check_json(&["samples/yuyang-health-2021.txt"]);
    assert_eq!(alone, 0);
    let (docs, code, _) = check_json(&[
        "samples/yuyang-health-2021.txt",
        "--prior",
        prior.to_str().expect("path"),
    ]);
    let f = docs[0]["findings"].as_array().expect("findings");
    let carry: Vec<&Value> = f.iter().filter(|x| x["rule"] == "yoy.carry_over").collect();
    assert_eq!(carry.len(), 1, "{f:?}");
    assert_eq!(carry[0]["status"], "not_evaluable");
    assert_eq!(carry[0]["severity"], "info");
    assert_eq!(code, 0, "{f:?}");
}

// ───────────── run-together digits ─────────────

fn value_of(r: &Report, id: &str) -> i64 {
    r.value(id)
        .and_then(|v| i64::try_from(v).ok())
        .unwrap_or_else(|| panic!("{id} has no value"))
}

#[test]
fn an_equation_failing_under_every_reading_is_an_error() {
    let mut r = consistent(Template::V2021, 2021);
    let v = value_of(&r, "apply.granted.natural");
    // Neither reading is the right one: every equation over the cell fails whatever it is.
    ambiguous(&mut r, "apply.granted.natural", "x", &[v + 1, v + 11]);
    let f = run(&r, None);
    for rule in ["apply.results_sum", "apply.row_total"] {
        let x = of(&f, rule);
        assert_eq!(x.len(), 1, "{rule}: {}", summary(&f));
        assert_eq!(
            (x[0].severity, x[0].status),
            (Severity::Error, EvalStatus::Failed),
            "{rule}"
        );
        assert!(x[0].message.contains("任何一种"), "{}", x[0].message);
        // No single cell is named as the culprit from a guessed reading.
        assert_eq!(x[0].suspect, None);
    }
    assert_eq!(of(&f, "cell.ambiguous").len(), 1);
}

#[test]
fn an_equation_some_reading_satisfies_is_not_evaluable() {
    let mut r = consistent(Template::V2021, 2021);
    let v = value_of(&r, "apply.granted.natural");
    ambiguous(&mut r, "apply.granted.natural", "x", &[v, v + 10]);
    let f = run(&r, None);
    for rule in ["apply.results_sum", "apply.row_total"] {
        let x = of(&f, rule);
        assert_eq!(x.len(), 1, "{rule}: {}", summary(&f));
        assert_eq!(
            (x[0].severity, x[0].status),
            (Severity::Info, EvalStatus::NotEvaluable)
        );
        assert!(
            x[0].message_en.contains("“ambiguous digits”"),
            "{}",
            x[0].message
        );
    }
    assert!(
        f.iter().all(|x| x.severity != Severity::Error),
        "{}",
        summary(&f)
    );
}

#[test]
fn readings_of_several_cells_are_tried_together() {
    let mut r = consistent(Template::V2021, 2021);
    let (g, p) = (
        value_of(&r, "apply.granted.natural"),
        value_of(&r, "apply.partial.natural"),
    );
    // granted g−1 with partial p+1 keeps the natural column's sum: results_sum may hold.
    // The granted row's own total needs granted = g, which no reading gives: an error.
    ambiguous(&mut r, "apply.granted.natural", "x", &[g - 1, g + 5]);
    ambiguous(&mut r, "apply.partial.natural", "y", &[p + 1, p + 3]);
    let f = run(&r, None);
    let rs = of(&f, "apply.results_sum");
    assert_eq!(rs.len(), 1, "{}", summary(&f));
    assert_eq!(rs[0].status, EvalStatus::NotEvaluable);
    let rt = of(&f, "apply.row_total");
    assert_eq!(rt.len(), 2, "{}", summary(&f));
    assert!(
        rt.iter()
            .all(|x| x.severity == Severity::Error && x.status == EvalStatus::Failed)
    );
}

#[test]
fn too_many_readings_or_none_leave_the_equation_not_evaluable() {
    let mut r = consistent(Template::V2021, 2021);
    // Seven cells of ten readings each: ten million combinations for the row's total.
    for c in [
        "natural", "business", "research", "ngo", "legal", "other", "total",
    ] {
        let id = format!("apply.granted.{c}");
        let v = value_of(&r, &id);
        ambiguous(
            &mut r,
            &id,
            "x",
            &(1..=10).map(|k| v + 100 * k).collect::<Vec<_>>(),
        );
    }
    let f = run(&r, None);
    let rt = of(&f, "apply.row_total");
    assert_eq!(rt.len(), 1, "{}", summary(&f));
    assert_eq!(rt[0].status, EvalStatus::NotEvaluable);
    let mut r = consistent(Template::V2021, 2021);
    ambiguous(&mut r, "apply.granted.natural", "x", &[]);
    let f = run(&r, None);
    assert!(
        of(&f, "apply.row_total")
            .iter()
            .all(|x| x.status == EvalStatus::NotEvaluable),
        "{}",
        summary(&f)
    );
    assert!(
        f.iter().all(|x| x.severity != Severity::Error),
        "{}",
        summary(&f)
    );
}

// ───────────── agency and pairing ─────────────

#[test]
fn the_agency_of_a_web_page_copied_as_one_line_comes_from_its_title() {
    let text = read(Path::new("samples/zhoucun-approval-2020.txt"));
    let body: String = text.lines().skip(4).map(str::trim).collect();
    let page = format!(
        "当前位置：首页>政务公开>政府信息公开年报周村区行政审批服务局2020年度政府信息公开工作年度报告\
         来源：淄博市周村区人民政府时间：2021-01-20字号：大中小打印{body}附件下载相关链接"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let r = load(&edited(&dir, "page.txt", &page));
    assert_eq!(r.meta.agency.as_deref(), Some("周村区行政审批服务局"));
    assert_eq!(r.meta.year, Some(2020));
}

#[test]
fn the_agency_is_never_a_cited_notice_or_a_narrative_phrase() {
    // yuyang-2021's title names no agency; its narrative names 榆林市榆阳区卫生健康局 in a
    // phrase, and a notice it cites names an issuer.
    let text = read(Path::new("samples/yuyang-health-2021.txt"));
    let with_notice = text.replacen(
        "政府信息公开工作年度报告",
        "政府信息公开工作年度报告\n根据榆林市人民政府办公室关于编制公布2021年政府信息公开工作年度报告有关事项的通知",
        1,
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let r = load(&edited(&dir, "yuyang-2021.txt", &with_notice));
    assert_eq!(r.meta.agency, None);
    assert_eq!(r.meta.year, Some(2021));
    assert!(!of(&run(&r, None), "meta.title").is_empty());
    // A publisher line or a closing signature names it.
    let r = load(&edited(
        &dir,
        "yuyang-2021-source.txt",
        &format!("来源：榆林市榆阳区卫生健康局 时间：2022-01-20\n{text}"),
    ));
    assert_eq!(r.meta.agency.as_deref(), Some("榆林市榆阳区卫生健康局"));
    let r = load(&edited(
        &dir,
        "yuyang-2021-signed.txt",
        &format!("{text}\n\n榆林市榆阳区卫生健康局\n2022年1月20日\n"),
    ));
    assert_eq!(r.meta.agency.as_deref(), Some("榆林市榆阳区卫生健康局"));
}

#[test]
fn an_unknown_agency_pairs_by_file_name_and_warns() {
    let (docs, code, _) = check_json(&[
        "samples/yuyang-health-2021.txt",
        "--prior",
        "samples/yuyang-health-2020.txt",
    ]);
    let f = docs[0]["findings"].as_array().expect("findings");
    let pairing: Vec<&Value> = f.iter().filter(|x| x["rule"] == "yoy.pairing").collect();
    assert_eq!(pairing.len(), 1, "{f:?}");
    assert_eq!(pairing[0]["severity"], "warning");
    assert!(
        pairing[0]["message_en"]
            .as_str()
            .is_some_and(|m| m.contains("Paired by file name")),
        "{}",
        pairing[0]
    );
    // The comparison went on.
    assert!(f.iter().any(|x| x["rule"] == "yoy.carry_over"));
    assert!(code <= 1);
    // Named otherwise, as given: the agency cannot be confirmed, still a warning.
    let dir = tempfile::tempdir().expect("tempdir");
    let a = edited(
        &dir,
        "a.txt",
        &read(Path::new("samples/yuyang-health-2021.txt")),
    );
    let b = edited(
        &dir,
        "b.txt",
        &read(Path::new("samples/yuyang-health-2020.txt")),
    );
    let (docs, _, _) = check_json(&[
        a.to_str().expect("path"),
        "--prior",
        b.to_str().expect("path"),
    ]);
    let f = docs[0]["findings"].as_array().expect("findings");
    let p: Vec<&Value> = f.iter().filter(|x| x["rule"] == "yoy.pairing").collect();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0]["severity"], "warning");
    assert!(
        p[0]["message_en"]
            .as_str()
            .is_some_and(|m| m.contains("cannot be confirmed"))
    );
}

#[test]
fn among_several_inputs_an_unknown_agency_pairs_by_file_name() {
    let (docs, _, _) = check_json(&[
        "samples/yuyang-health-2020.txt",
        "samples/yuyang-health-2021.txt",
        "samples/zhoucun-approval-2020.txt",
    ]);
    let y21 = docs
        .iter()
        .find(|d| d["report"]["path"] == "samples/yuyang-health-2021.txt")
        .expect("yuyang-2021");
    assert_eq!(y21["prior"]["path"], "samples/yuyang-health-2020.txt");
}

#[test]
fn an_agency_written_without_its_city_still_pairs() {
    // hengshan-2019 as if its title line left out 榆林市.
    let text = read(Path::new("samples/hengshan-approval-2019.txt"));
    assert!(text.starts_with("榆林市横山区行政审批服务局"));
    let dir = tempfile::tempdir().expect("tempdir");
    let prior = edited(&dir, "prior.txt", &text.replacen("榆林市", "", 1));
    let (docs, _, _) = check_json(&[
        "samples/hengshan-approval-2020.txt",
        "--prior",
        prior.to_str().expect("path"),
    ]);
    let f = docs[0]["findings"].as_array().expect("findings");
    assert!(f.iter().all(|x| x["rule"] != "yoy.pairing"), "{f:?}");
    assert!(f.iter().any(|x| x["rule"] == "yoy.carry_over"));
}

// ───────────── not a report ─────────────

#[test]
fn a_text_that_is_no_report_exits_2_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = edited(&dir, "hello.txt", "hello world, 这不是年度报告\n");
    let (docs, code, err) = check_json(&[p.to_str().expect("path")]);
    assert_eq!(code, 2);
    assert!(docs.is_empty());
    assert!(
        err.contains("hello.txt") && err.contains("not an annual report"),
        "{err}"
    );
    assert!(err.contains("不是年度报告"), "{err}");
    // A short text with a section heading is a report, checked as such.
    let q = edited(&dir, "short.txt", "年度报告\n一、总体情况\n本年度…\n");
    let (docs, code, _) = check_json(&[q.to_str().expect("path")]);
    assert_eq!(docs.len(), 1);
    assert!(code <= 1);
    // In a batch the real reports are still checked.
    let (docs, code, _) = check_json(&[
        p.to_str().expect("path"),
        "samples/haiyuan-approval-2020.txt",
    ]);
    assert_eq!((docs.len(), code), (1, 2));
}
