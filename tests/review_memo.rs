//! The review memo (整改意见) exported for the agency: built on the zhoucun seed with two
//! notes and a `return` sign-off.

use std::path::Path;

use jiff::Timestamp;
use nianbao::Lang;
use nianbao::model::{Cell, CellStatus, Location, Report, SectionId};
use nianbao::review::memo::{self, Memo};
use nianbao::review::*;
use nianbao::rules::{EvalStatus, Finding, Severity, fingerprint};
use rust_decimal::Decimal;

fn seed() -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/zhoucun-approval-2020.txt");
    let mut r = nianbao::load(&path).unwrap();
    // What the parser will read; it is a placeholder today.
    r.source.path = "samples/zhoucun-approval-2020.txt".into();
    r.meta.agency = Some("周村区行政审批服务局".into());
    r.meta.year = Some(2020);
    let mut fees = Cell::blank(
        ":2",
        Some(Location {
            line: 80,
            column: None,
        }),
    );
    fees.status = CellStatus::Unreadable;
    r.cells.insert("active.fees.prev_items".into(), fees);
    r.cells.insert(
        "review.suit_direct.total".into(),
        Cell::number(
            "1",
            Decimal::ONE,
            Some(Location {
                line: 369,
                column: None,
            }),
        ),
    );
    r
}

fn finding(
    rule: &str,
    severity: Severity,
    cells: &[&str],
    section: SectionId,
    line: usize,
    message: &str,
    message_en: &str,
) -> Finding {
    let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
    Finding {
        rule: rule.into(),
        severity,
        fingerprint: fingerprint(rule, &cells, Some(section)),
        cells,
        section: Some(section),
        expected: None,
        actual: None,
        suspect: None,
        message: message.into(),
        message_en: message_en.into(),
        status: EvalStatus::Failed,
        line: Some(line),
        quote: None,
    }
}

fn findings() -> Vec<Finding> {
    let unreadable = finding(
        "cell.unreadable",
        Severity::Error,
        &["active.fees.prev_items"],
        SectionId::S2,
        80,
        "行政事业性收费“上一年项目数量”填写为“:2”，不是数字。",
        "Administrative fees, items last year reads “:2”, which is not a number.",
    );
    let mut contradiction = finding(
        "narrative.contradiction",
        Severity::Warning,
        &["review.suit_direct.total"],
        SectionId::S1,
        18,
        "正文称未发生行政诉讼，但表四“未经复议直接起诉”总计为 1。",
        "The text says no lawsuit arose, but table 4 counts one direct lawsuit.",
    );
    contradiction.expected = Some(Decimal::ZERO);
    contradiction.actual = Some(Decimal::ONE);
    contradiction.quote = Some(
        "截止2020年12月31日，我局未收到过公开申请，亦未发生由政府信息公开引发的举报、投诉、行政复议和行政诉讼。"
            .into(),
    );
    let year = finding(
        "narrative.year",
        Severity::Info,
        &[],
        SectionId::S5,
        403,
        "第五部分的工作计划写作“2020年我局将进一步……”，计划年度应为 2021 年。",
        "Section 5 plans for 2020 in a 2020 report.",
    );
    vec![unreadable, contradiction, year]
}

/// The seed reviewed: two notes, then returned.
fn reviewed() -> (tempfile::TempDir, Store, Report, Vec<Finding>) {
    let dir = tempfile::tempdir().unwrap();
    let at: Timestamp = "2021-02-03T06:00:00Z".parse().unwrap();
    let store = Store::open(dir.path()).unwrap().with_fixed_time(at);
    let report = seed();
    let findings = findings();
    store.open_report(&report, &findings, "王审核").unwrap();
    store
        .annotate(
            &report,
            Target::finding(&findings[0]),
            "请按上一年度实际项目数量填写阿拉伯数字（如有 2 项，填写“2”）。",
            AnnotationState::Open,
            "王审核",
        )
        .unwrap();
    store
        .annotate(
            &report,
            Target::finding(&findings[1]),
            "请核实本年度是否发生行政诉讼：如有，修改第一部分的表述；如无，更正表四数据。\n两处须一致。",
            AnnotationState::Open,
            "王审核",
        )
        .unwrap();
    store
        .sign(
            &report,
            None,
            &findings,
            SignRequest {
                decision: Decision::Return,
                comment: "报告存在数据填写不规范、正文与表格不一致等问题，请于 5 个工作日内整改后重新报送。",
                reviewer: "王审核",
                ruleset_version: "builtin",
            },
        )
        .unwrap();
    (dir, store, report, findings)
}

#[test]
fn the_return_memo_names_the_report_the_decision_and_every_finding_with_its_note() {
    let (_d, store, report, findings) = reviewed();
    let record = store.load(&report).unwrap().unwrap();
    let md = memo::render_markdown(&report, None, &findings, &record, Lang::Zh);
    println!("{md}");
    for want in [
        "# 关于周村区行政审批服务局2020年政府信息公开工作年度报告的整改意见",
        "报送单位：周村区行政审批服务局",
        "审核结论：退回修改",
        "审核人：王审核",
        "请于 5 个工作日内整改后重新报送",
        "二、主动公开政府信息情况 › 行政事业性收费 · 上一年项目数量（原文第 80 行）",
        "报告填写：“:2”",
        "请按上一年度实际项目数量填写阿拉伯数字",
        "报告填写：1",
        "两处须一致",
        "原文：“截止2020年12月31日",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    insta::assert_snapshot!("return_memo_zh", md);
}

#[test]
fn the_memo_in_english_and_as_json_carries_the_same_content() {
    let (_d, store, report, findings) = reviewed();
    let record = store.load(&report).unwrap().unwrap();
    let md = memo::render_markdown(&report, None, &findings, &record, Lang::En);
    assert!(
        md.starts_with("# Request for correction: 周村区行政审批服务局"),
        "{md}"
    );
    assert!(md.contains("Decision: returned for revision"), "{md}");
    let json = memo::render_json(&report, None, &findings, &record, Lang::Zh).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["decision"], "return");
    assert_eq!(v["state"], "returned");
    assert_eq!(v["to_correct"].as_array().unwrap().len(), 3);
    assert_eq!(v["to_correct"][0]["rule"], "cell.unreadable");
    assert_eq!(v["to_correct"][0]["notes"][0]["state"], "open");
    assert_eq!(v["file"]["revision"], 1);
}

#[test]
fn after_a_corrected_resubmission_the_memo_lists_what_was_fixed_and_warns_the_return_is_stale() {
    let (_d, store, mut report, findings) = reviewed();
    report.source.sha256 = "0f".repeat(32);
    let still = &findings[1..];
    let record = store.open_report(&report, still, "王审核").unwrap();
    let memo = Memo::build(&report, None, still, &record, Lang::Zh);
    assert_eq!(memo.state, SignState::Stale);
    assert_eq!(memo.fixed.len(), 1);
    assert_eq!(memo.fixed[0].fixed_in, Some(2));
    let md = memo.to_markdown();
    assert!(md.contains("已在第 2 版更正"), "{md}");
    assert!(md.contains("签署已失效"), "{md}");
}

#[test]
fn an_approval_memo_is_a_review_opinion_and_lists_accepted_findings_apart() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let report = seed();
    let findings = findings();
    let unsigned = store.load_or_empty(&report).unwrap();
    let md = memo::render_markdown(&report, None, &findings, &unsigned, Lang::Zh);
    assert!(md.contains("审核结论：尚未签署"), "{md}");
    assert!(
        store.load(&report).unwrap().is_none(),
        "export must not create a record"
    );

    store
        .annotate(
            &report,
            Target::finding(&findings[0]),
            "该项为上年度数据，经电话核实为 2 项，予以接受。",
            AnnotationState::Accepted,
            "王审核",
        )
        .unwrap();
    let request = SignRequest {
        decision: Decision::Approve,
        comment: "同意",
        reviewer: "王审核",
        ruleset_version: "builtin",
    };
    store.sign(&report, None, &findings, request).unwrap();
    let record = store.load(&report).unwrap().unwrap();
    let memo = Memo::build(&report, None, &findings, &record, Lang::Zh);
    assert_eq!(memo.title, "审核意见");
    assert_eq!(memo.accepted.len(), 1);
    assert_eq!(memo.to_correct.len(), 2);
    let md = memo.to_markdown();
    assert!(md.contains("审核结论：审核通过"), "{md}");
    assert!(md.contains("经审核予以接受或已解决的事项（1 项）"), "{md}");
    assert!(!md.contains("需要整改"), "{md}");
}
