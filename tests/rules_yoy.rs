//! Rules against the prior year's report (`spec/rules.md`, second table): for each rule, a
//! pair where it fires and one where it does not.

#[path = "rules_support.rs"]
mod support;

use nianbao::model::{SectionId, Template};
use nianbao::rules::{RuleSet, Severity, check};
use rust_decimal::Decimal;
use support::*;

fn d(v: i64) -> Option<Decimal> {
    Some(Decimal::from(v))
}

#[test]
fn consistent_pairs_have_no_findings_within_and_across_templates() {
    for (t, pt, y) in [
        (Template::V2019, Template::V2019, 2020),
        (Template::V2021, Template::V2019, 2021),
        (Template::V2021, Template::V2021, 2022),
    ] {
        let r = consistent(t, y);
        let p = prior_of(&r, pt);
        let f = run(&r, Some(&p));
        assert!(f.is_empty(), "{t} after {pt}: {}", summary(&f));
    }
}

#[test]
fn a_prior_report_of_another_agency_or_year_is_a_pairing_error_and_stops_the_comparison() {
    let r = consistent(Template::V2021, 2022);
    let mut p = prior_of(&r, Template::V2021);
    p.meta.year = Some(2020);
    set(&mut p, "apply.carried_out.natural", 9);
    let f = run(&r, Some(&p));
    let x = of(&f, "yoy.pairing");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert_eq!(x[0].severity, Severity::Error);
    assert!(of(&f, "yoy.carry_over").is_empty());

    let mut p = prior_of(&r, Template::V2021);
    p.meta.agency = Some("另一个局".into());
    assert_eq!(of(&run(&r, Some(&p)), "yoy.pairing").len(), 1);
}

#[test]
fn carry_over_must_match_last_years_carried_out_even_across_templates() {
    let r = consistent(Template::V2021, 2021);
    let mut p = prior_of(&r, Template::V2019);
    set(&mut p, "apply.carried_out.business", 3);
    let f = run(&r, Some(&p));
    let x = of(&f, "yoy.carry_over");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert_eq!(x[0].severity, Severity::Error);
    assert_eq!(x[0].cells, ["apply.carried_in.business"]);
    assert_eq!((x[0].actual, x[0].expected), (d(1), d(3)));
    assert_eq!(x[0].suspect, None);
    assert!(
        x[0].message.contains("上年报告结转下年度 3 件"),
        "{}",
        x[0].message
    );
}

#[test]
fn a_wrong_carried_in_breaks_balance_and_carry_over_and_is_the_suspect_of_both() {
    let r0 = consistent(Template::V2021, 2022);
    let p = prior_of(&r0, Template::V2021);
    let mut r = r0.clone();
    set(&mut r, "apply.carried_in.legal", 4);
    let f = run(&r, Some(&p));
    for rule in ["yoy.carry_over", "apply.balance", "apply.row_total"] {
        let x = of(&f, rule);
        assert_eq!(x.len(), 1, "{rule}: {}", summary(&f));
        assert_eq!(
            x[0].suspect.as_deref(),
            Some("apply.carried_in.legal"),
            "{rule}"
        );
    }
}

#[test]
fn documents_in_force_should_follow_from_last_year_issued_and_repealed() {
    let r = consistent(Template::V2021, 2022);
    let mut p = prior_of(&r, Template::V2021);
    set(&mut p, "active.normative.in_force", 20);
    let f = run(&r, Some(&p));
    let x = of(&f, "yoy.in_force");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert_eq!(x[0].severity, Severity::Warning);
    assert_eq!(
        x[0].cells,
        [
            "active.normative.in_force",
            "active.normative.issued",
            "active.normative.repealed"
        ]
    );
    assert_eq!((x[0].actual, x[0].expected), (d(10), d(21)));
    // Not between templates: the 2019 table has no in-force column.
    let r = consistent(Template::V2021, 2021);
    let p = prior_of(&r, Template::V2019);
    assert!(of(&run(&r, Some(&p)), "yoy.in_force").is_empty());
}

#[test]
fn items_last_year_should_be_last_years_items_plus_change() {
    let r = consistent(Template::V2019, 2020);
    let mut p = prior_of(&r, Template::V2019);
    set(&mut p, "active.licensing.change", 5);
    let f = run(&r, Some(&p));
    let x = of(&f, "yoy.prev_items");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert_eq!(x[0].cells, ["active.licensing.prev_items"]);
    assert_eq!((x[0].actual, x[0].expected), (d(100), d(104)));
}

#[test]
fn a_prior_cell_that_does_not_read_makes_the_equation_not_evaluable() {
    let r = consistent(Template::V2019, 2020);
    let mut p = prior_of(&r, Template::V2019);
    unreadable(&mut p, "apply.carried_out.ngo", "一");
    let f = run(&r, Some(&p));
    let x = of(&f, "yoy.carry_over");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert_eq!(x[0].status, nianbao::rules::EvalStatus::NotEvaluable);
    assert!(x[0].message.contains("上年"), "{}", x[0].message);
}

/// `last_year` as a section of the prior report and `this_year` as the same section now: one
/// `yoy.copied_text` warning there saying 100%, and none once the threshold is above 1.
fn assert_copied(section: SectionId, last_year: &str, this_year: &str) {
    let r0 = consistent(Template::V2021, 2022);
    let mut p = prior_of(&r0, Template::V2021);
    let mut r = r0.clone();
    text(&mut p, section, last_year);
    text(&mut r, section, this_year);
    let f = run(&r, Some(&p));
    let x = of(&f, "yoy.copied_text");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert_eq!(x[0].section, Some(section));
    assert!(x[0].message.contains("100%"), "{}", x[0].message);
    // A higher threshold than the similarity: not copied.
    let rules = RuleSet::from_toml_str("[rules.\"yoy.copied_text\"]\nthreshold = 1.01\n", "t.toml")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(of(&check(&r, Some(&p), &rules), "yoy.copied_text").is_empty());
}

#[test]
fn a_section_copied_from_last_year_is_a_warning() {
    let body = "2021年，我局认真贯彻落实政府信息公开条例，围绕中心工作，加强组织领导，完善工作机制，\
                主动公开政府信息共计120条，依申请公开工作规范有序，平台建设不断加强，监督保障有力。";
    let now = body.replace("2021", "2022").replace("120", "135");
    assert_copied(SectionId::S1, body, &now);
}

#[test]
fn a_section_copied_byte_for_byte_is_a_warning() {
    // The same text both years: taken as alike without a diff, and still held to the threshold.
    let body = "一是加强组织领导，明确职责分工。二是严格保密审查，做到应公开尽公开。\
                三是加强政策解读，回应社会关切。四是完善平台建设，提升公开质量。";
    assert_copied(SectionId::S5, body, body);
}

#[test]
fn tables_identical_to_last_years_are_a_warning() {
    let r = consistent(Template::V2021, 2022);
    let mut p = r.clone();
    p.meta.year = Some(2021);
    let f = run(&r, Some(&p));
    let x = of(&f, "yoy.identical_tables");
    assert_eq!(x.len(), 3, "{}", summary(&f));
    assert_eq!(x[0].section, Some(SectionId::S2));
}

#[test]
fn a_fee_amount_ten_thousand_times_last_years_is_probably_in_yuan() {
    let r0 = consistent(Template::V2021, 2022);
    let p = prior_of(&r0, Template::V2021);
    let mut r = r0.clone();
    set_decimal(&mut r, "active.fees.amount", Decimal::from(125_000));
    let f = run(&r, Some(&p));
    let x = of(&f, "yoy.fee_unit");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert!(x[0].message.contains("10000 倍"), "{}", x[0].message);
    // A larger factor in the user's file: no longer "about" that many times.
    let rules = RuleSet::from_toml_str("[rules.\"yoy.fee_unit\"]\nfactor = 10000000\n", "t.toml")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(of(&check(&r, Some(&p), &rules), "yoy.fee_unit").is_empty());
    // A unit of yuan written in the cell says so without a prior.
    let mut r = r0.clone();
    if let Some(c) = r.cells.get_mut("active.fees.amount") {
        c.unit = Some("元".into());
        c.raw = "125000元".into();
    }
    assert_eq!(of(&run(&r, Some(&p)), "yoy.fee_unit").len(), 1);
}

#[test]
fn a_large_swing_is_marked_and_the_threshold_comes_from_the_file() {
    let r0 = consistent(Template::V2021, 2022);
    let p = prior_of(&r0, Template::V2021);
    let mut r = r0.clone();
    set(&mut r, "active.licensing.decisions", 460);
    set(&mut r, "active.penalty.decisions", 29);
    let f = run(&r, Some(&p));
    let x = of(&f, "yoy.swing");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert_eq!(x[0].severity, Severity::Info);
    assert_eq!(x[0].cells, ["active.licensing.decisions"]);
    assert_eq!((x[0].actual, x[0].expected), (d(460), d(300)));
    assert!(x[0].message.contains("+160"), "{}", x[0].message);
    let rules = RuleSet::from_toml_str(
        "[rules.\"yoy.swing\"]\nthreshold = 0.4\nmin_change = 5\n",
        "t.toml",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(of(&check(&r, Some(&p), &rules), "yoy.swing").len(), 2);
}

#[test]
fn swing_compares_the_2019_other_row_with_the_sum_of_the_2021_other_rows() {
    let mut r = consistent(Template::V2021, 2021);
    set(&mut r, "apply.other.no_correction.natural", 20);
    set(&mut r, "apply.other.no_fee.natural", 5);
    let p = prior_of(&r, Template::V2019);
    let f = run(&r, Some(&p));
    let x = of(&f, "yoy.swing");
    assert!(
        x.iter().any(|f| f.cells == ["apply.other.natural"]),
        "{}",
        summary(&f)
    );
}
