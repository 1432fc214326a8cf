//! The review memo (整改意见) exported for the agency: built on the zhoucun seed with two
//! notes and a `return` sign-off.

use std::path::Path;

use jiff::Timestamp;
use nianbao::Lang;
use nianbao::Report;
use nianbao::memo::{self, Memo};
use nianbao::review::*;
use nianbao::rules::{self, Finding, RuleSet, Severity};

fn sample(name: &str) -> Report {
    nianbao::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name),
    )
    .expect("seed reads")
}

/// The zhoucun seed as `nianbao` reads it, with its prior year (the one found beside it) and
/// the built-in rules' findings: `:2` unreadable, two carry-over breaks, the denied lawsuit,
/// the copied section 五 and its wrong plan year.
fn seed() -> (Report, Report, Vec<Finding>) {
    let report = sample("zhoucun-approval-2020.txt");
    let prior = sample("zhoucun-approval-2019.txt");
    let findings = rules::check(&report, Some(&prior), &RuleSet::builtin());
    (report, prior, findings)
}

fn the<'a>(findings: &'a [Finding], rule: &str) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("the seed has a {rule} finding"))
}

/// The seed reviewed: two notes, then returned. Noon in China, so the memo's local date is
/// the same in any time zone from UTC-10 to UTC+13.
fn reviewed() -> (tempfile::TempDir, Store, Report, Report, Vec<Finding>) {
    let dir = tempfile::tempdir().unwrap();
    let at: Timestamp = "2021-02-03T04:00:00Z".parse().unwrap();
    let store = Store::open(dir.path()).unwrap().with_fixed_time(at);
    let (report, prior, findings) = seed();
    store.open_report(&report, &findings, "王审核").unwrap();
    store
        .annotate(
            &report,
            Target::finding(the(&findings, "cell.unreadable")),
            "“上一年项目数量”应填写阿拉伯数字。请按上一年度实际项目数量填写（如为 2 项，填写“2”）。",
            AnnotationState::Open,
            "王审核",
        )
        .unwrap();
    store
        .annotate(
            &report,
            Target::finding(the(&findings, "narrative.contradiction")),
            "请核实本年度是否发生政府信息公开行政诉讼：\n如有，请修改第一部分“总体情况”中的表述；如无，请更正表四数据。两处须一致。",
            AnnotationState::Open,
            "王审核",
        )
        .unwrap();
    store
        .sign(
            &report,
            Some(&prior),
            &findings,
            SignRequest {
                decision: Decision::Return,
                comment: "报告存在数据填写不规范、正文与表格不一致、与上年数据不衔接等问题，请于 5 个工作日内整改后重新报送。",
                reviewer: "王审核",
                ruleset_version: &RuleSet::builtin().version(),
            },
        )
        .unwrap();
    (dir, store, report, prior, findings)
}

#[test]
fn the_return_memo_names_the_report_the_decision_and_every_finding_with_its_note() {
    let (_d, store, report, prior, findings) = reviewed();
    let record = store.load(&report).unwrap().unwrap();
    let md = memo::render_markdown(&report, Some(&prior), &findings, &record, Lang::Zh);
    for want in [
        "# 关于周村区行政审批服务局2020年政府信息公开工作年度报告的整改意见",
        "报送单位：周村区行政审批服务局",
        "审核结论：退回修改",
        "审核人：王审核",
        "审核日期：2021年2月3日",
        "对照上年报告：zhoucun-approval-2019.txt",
        "存在以下问题，现退回修改。",
        "请于 5 个工作日内整改后重新报送",
        // The unreadable cell: where, and what was written.
        "位置：二、主动公开政府信息情况 › 行政事业性收费 · 上一年项目数量（原文第 80 行）",
        "报告填写：“:2”",
        "请按上一年度实际项目数量填写",
        // A carry-over break: expected and reported values.
        "上年结转政府信息公开申请数量 · 总计（原文第 129 行）",
        "应为：1",
        "报告填写：0",
        // The lawsuit the text denies: the table cell and its value, and the multi-line note.
        "行政诉讼·未经复议直接起诉 · 总计",
        "报告填写：1",
        "  > 如有，请修改第一部分",
        "## 二、请核实的事项",
        "请对照上述问题逐项整改，修改后重新报送。",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    // Every finding is in it, once.
    assert_eq!(md.matches("- 性质：").count(), findings.len(), "{md}");
    // Errors, and the warning the reviewer wrote on, come first, as what must be corrected.
    let correct = md
        .find("## 一、需要整改的问题（4 项）")
        .expect("section 一");
    let verify = md.find("## 二、请核实的事项（4 项）").expect("section 二");
    assert!(correct < md.find("正文称行政诉讼为零").unwrap());
    assert!(md.find("正文称行政诉讼为零").unwrap() < verify);
    // The memo goes to the agency: no rule ids in its prose, no quote printed twice.
    assert!(!md.contains("cell.unreadable"), "{md}");
    assert_eq!(md.matches("截止2020年12月31日").count(), 1, "{md}");
    // The chain head hashes the report's path, which differs from checkout to checkout.
    let head = md
        .lines()
        .find_map(|l| l.strip_prefix("- 审核记录链头（SHA-256）："))
        .expect("the memo pins the chain head");
    assert_eq!(head.len(), 64, "{head}");
    let md = md.replace(head, "[chain head]");
    insta::assert_snapshot!("return_memo_zh", md);
}

#[test]
fn the_memo_in_english_and_as_json_carries_the_same_content() {
    let (_d, store, report, prior, findings) = reviewed();
    let record = store.load(&report).unwrap().unwrap();
    let md = memo::render_markdown(&report, Some(&prior), &findings, &record, Lang::En);
    assert!(
        md.starts_with("# Request for correction: 周村区行政审批服务局"),
        "{md}"
    );
    assert!(md.contains("Decision: returned for revision"), "{md}");
    assert!(md.contains("Where: 2. Proactive disclosure"), "{md}");
    let json = memo::render_json(&report, Some(&prior), &findings, &record, Lang::Zh).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["decision"], "return");
    assert_eq!(v["state"], "returned");
    assert_eq!(v["agency"], "周村区行政审批服务局");
    assert_eq!(v["year"], 2020);
    let to_correct = v["to_correct"].as_array().unwrap();
    let to_check = v["to_check"].as_array().unwrap();
    assert_eq!(to_correct.len() + to_check.len(), findings.len());
    assert_eq!(to_correct[0]["rule"], "cell.unreadable");
    assert_eq!(to_correct[0]["notes"][0]["state"], "open");
    assert_eq!(v["file"]["revision"], 1);
}

#[test]
fn after_a_corrected_resubmission_the_memo_lists_what_was_fixed_and_warns_the_return_is_stale() {
    let (_d, store, mut report, prior, findings) = reviewed();
    report.source.sha256 = "0f".repeat(32);
    // A corrected resubmission reads differently (the same content would hold the decision).
    report.sections[4].text.push_str("（修订稿）");
    let still: Vec<Finding> = findings
        .iter()
        .filter(|f| f.rule != "cell.unreadable")
        .cloned()
        .collect();
    let record = store.open_report(&report, &still, "王审核").unwrap();
    let memo = Memo::build(&report, Some(&prior), &still, &record, Lang::Zh);
    assert_eq!(memo.state, SignState::Stale);
    assert_eq!(memo.fixed.len(), 1);
    assert_eq!(memo.fixed[0].fixed_in, Some(2));
    let md = memo.to_markdown();
    assert!(md.contains("已在第 2 版更正"), "{md}");
    assert!(md.contains("签署已失效"), "{md}");
    assert!(
        !md.contains("现退回修改"),
        "a stale return is not restated as in force: {md}"
    );
}

#[test]
fn an_approval_memo_is_a_review_opinion_and_lists_accepted_findings_apart() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let (report, prior, findings) = seed();
    let unsigned = store.load_or_empty(&report).unwrap();
    let md = memo::render_markdown(&report, Some(&prior), &findings, &unsigned, Lang::Zh);
    assert!(md.contains("审核结论：尚未签署"), "{md}");
    assert!(
        store.load(&report).unwrap().is_none(),
        "export must not create a record"
    );

    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 3);
    for f in &errors {
        store
            .annotate(
                &report,
                Target::finding(f),
                "经电话核实，系填报口径差异，予以接受。",
                AnnotationState::Accepted,
                "王审核",
            )
            .unwrap();
    }
    let request = SignRequest {
        decision: Decision::Approve,
        comment: "同意",
        reviewer: "王审核",
        ruleset_version: "builtin",
    };
    store
        .sign(&report, Some(&prior), &findings, request)
        .unwrap();
    let record = store.load(&report).unwrap().unwrap();
    let memo = Memo::build(&report, Some(&prior), &findings, &record, Lang::Zh);
    assert_eq!(memo.title, "审核意见");
    assert_eq!(memo.accepted.len(), 3);
    assert!(memo.to_correct.is_empty());
    assert_eq!(memo.to_check.len(), findings.len() - 3);
    let md = memo.to_markdown();
    assert!(md.contains("审核结论：审核通过"), "{md}");
    assert!(md.contains("予以审核通过。"), "{md}");
    assert!(md.contains("经审核予以接受或已解决的事项（3 项）"), "{md}");
    assert!(!md.contains("需要整改"), "{md}");
    assert!(!md.contains("逐项整改"), "{md}");
}
