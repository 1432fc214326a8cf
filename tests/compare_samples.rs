//! The constructed prior-year samples (`samples/README.md`, "Constructed prior years") hold
//! exactly the cross-year breaks documented there.
//!
//! The narrative tests cut sections out of the files by their headings (no parser needed); the
//! cell tests read the files with `nianbao::load`, and the rule tests run the cross-year rules
//! on each pair.

use std::path::Path;

use nianbao::compare::{OnlyIn, Side, align, compare, pair_priors, text_similarity};
use nianbao::model::{CellStatus, Report, SectionId, Template};
use nianbao::rules::{EvalStatus, RuleSet, check};
use rust_decimal::Decimal;

/// The threshold of `yoy.copied_text` (spec/rules.md).
const COPIED: f64 = 0.9;

/// (prior, current) sample file names of each constructed pair.
const PAIRS: [(&str, &str); 3] = [
    ("hengshan-approval-2019.txt", "hengshan-approval-2020.txt"),
    ("zhoucun-approval-2019.txt", "zhoucun-approval-2020.txt"),
    ("yuyang-health-2020.txt", "yuyang-health-2021.txt"),
];

fn sample_text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The body of a section: the lines after the first line containing `start` up to the first
/// later line starting with `end`. A test-only cut that needs no parser.
fn section(text: &str, start: &str, end: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let from = lines
        .iter()
        .position(|l| l.contains(start))
        .unwrap_or_else(|| panic!("no heading {start}"));
    let to = lines[from + 1..]
        .iter()
        .position(|l| l.trim_start().starts_with(end))
        .map_or(lines.len(), |i| from + 1 + i);
    lines[from + 1..to].join("\n")
}

fn s1(text: &str) -> String {
    section(text, "一、总体情况", "二、主动公开政府信息情况")
}

fn s5(text: &str) -> String {
    section(text, "存在的主要问题及改进情况", "六、")
}

#[test]
fn section_five_of_every_pair_is_a_near_copy_of_last_year() {
    for (prior, current) in PAIRS {
        let ratio = text_similarity(&s5(&sample_text(prior)), &s5(&sample_text(current)));
        assert!(ratio >= COPIED, "{prior} → {current}: s5 ratio {ratio}");
        assert!(
            ratio < 1.0,
            "{prior} → {current}: s5 is almost, not exactly, a copy"
        );
    }
}

#[test]
fn section_one_of_every_pair_is_rewritten() {
    for (prior, current) in PAIRS {
        let ratio = text_similarity(&s1(&sample_text(prior)), &s1(&sample_text(current)));
        assert!(ratio < 0.6, "{prior} → {current}: s1 ratio {ratio}");
    }
}

#[test]
fn each_prior_names_its_own_year_in_the_title_and_text() {
    for (prior, year) in [
        ("hengshan-approval-2019.txt", "2019"),
        ("zhoucun-approval-2019.txt", "2019"),
        ("yuyang-health-2020.txt", "2020"),
    ] {
        let text = sample_text(prior);
        let title: String = text.lines().take(4).collect();
        assert!(title.contains(&format!("{year}年")), "{prior}: {title}");
        assert!(
            s1(&text).starts_with(&format!("{year}年")) || s1(&text).contains(&format!("{year}年"))
        );
    }
}

fn load(name: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    nianbao::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn value(report: &Report, id: &str) -> Option<Decimal> {
    report.value(id)
}

fn d(n: i64) -> Option<Decimal> {
    Some(Decimal::from(n))
}

#[test]
fn the_pairs_pair_by_agency_and_year() {
    let names = [
        "hengshan-approval-2020.txt",
        "zhoucun-approval-2019.txt",
        "hengshan-approval-2019.txt",
        "yuyang-health-2021.txt",
        "zhoucun-approval-2020.txt",
        "yuyang-health-2020.txt",
    ];
    let reports: Vec<Report> = names.iter().map(|n| load(n)).collect();
    // yuyang-2021 names no agency: by agency and year it pairs with nothing (the CLI pairs
    // it by file name).
    assert_eq!(
        pair_priors(&reports),
        [Some(2), None, None, None, Some(1), None]
    );
}

#[test]
fn hengshan_breaks_carry_over_in_the_natural_and_total_columns() {
    let (prior, current) = (
        load("hengshan-approval-2019.txt"),
        load("hengshan-approval-2020.txt"),
    );
    assert_eq!(value(&prior, "apply.carried_out.natural"), d(1));
    assert_eq!(value(&prior, "apply.carried_out.total"), d(1));
    assert_eq!(
        current.cell("apply.carried_in.natural").map(|c| &c.status),
        Some(&CellStatus::Blank)
    );
    assert_eq!(value(&current, "apply.carried_in.total"), d(0));
    // The other columns are blank on both sides: read as 0 they agree.
    for col in ["business", "research", "ngo", "legal", "other"] {
        assert_eq!(value(&prior, &format!("apply.carried_out.{col}")), None);
        assert_eq!(value(&current, &format!("apply.carried_in.{col}")), None);
    }
}

#[test]
fn hengshan_breaks_prev_items_of_licensing_only() {
    let (prior, current) = (
        load("hengshan-approval-2019.txt"),
        load("hengshan-approval-2020.txt"),
    );
    let next = |row: &str| -> Option<Decimal> {
        Some(
            value(&prior, &format!("active.{row}.prev_items"))?
                + value(&prior, &format!("active.{row}.change"))?,
        )
    };
    assert_eq!(next("licensing"), d(98));
    assert_eq!(value(&current, "active.licensing.prev_items"), d(0));
    for row in ["other_admin", "penalty", "coercion", "fees"] {
        assert_eq!(
            next(row),
            value(&current, &format!("active.{row}.prev_items")),
            "{row}"
        );
    }
    assert_eq!(next("other_admin"), d(831));
}

#[test]
fn hengshan_changes_include_the_exact_procurement_amount() {
    let (prior, current) = (
        load("hengshan-approval-2019.txt"),
        load("hengshan-approval-2020.txt"),
    );
    let cmp = compare(&prior, &current);
    let amount = cmp
        .changes
        .iter()
        .find(|c| c.cell == "active.procurement.amount")
        .expect("procurement amount in both years");
    assert_eq!(amount.delta.to_string(), "456475.75");
    let decisions = cmp
        .changes
        .iter()
        .find(|c| c.cell == "active.licensing.decisions")
        .expect("licensing decisions in both years");
    assert_eq!(decisions.delta, Decimal::from(265));
}

#[test]
fn zhoucun_breaks_carry_over_and_prev_items_of_other_admin() {
    let (prior, current) = (
        load("zhoucun-approval-2019.txt"),
        load("zhoucun-approval-2020.txt"),
    );
    for (col, out) in [("natural", 1), ("business", 0), ("total", 1)] {
        assert_eq!(value(&prior, &format!("apply.carried_out.{col}")), d(out));
        assert_eq!(value(&current, &format!("apply.carried_in.{col}")), d(0));
    }
    assert_eq!(value(&prior, "active.other_admin.prev_items"), d(10));
    assert_eq!(value(&prior, "active.other_admin.change"), d(3));
    assert_eq!(value(&current, "active.other_admin.prev_items"), d(12));
    // licensing carries on: 1200 + 64 = 1264.
    assert_eq!(value(&prior, "active.licensing.prev_items"), d(1200));
    assert_eq!(value(&prior, "active.licensing.change"), d(64));
    assert_eq!(value(&current, "active.licensing.prev_items"), d(1264));
    // The fee row cannot be checked: this year's 上一年项目数量 reads `:2`.
    assert_eq!(value(&prior, "active.fees.prev_items"), d(2));
    assert_eq!(
        current.cell("active.fees.prev_items").map(|c| &c.status),
        Some(&CellStatus::Unreadable)
    );
}

#[test]
fn yuyang_pairs_across_template_versions_and_breaks_carry_over() {
    let (prior, current) = (
        load("yuyang-health-2020.txt"),
        load("yuyang-health-2021.txt"),
    );
    assert_eq!(prior.meta.template, Template::V2019);
    assert_eq!(current.meta.template, Template::V2021);
    assert_eq!(value(&prior, "apply.carried_out.natural"), d(2));
    assert_eq!(value(&prior, "apply.carried_out.total"), d(2));
    assert_eq!(value(&current, "apply.carried_in.natural"), d(0));
    assert_eq!(value(&current, "apply.carried_in.total"), d(0));

    let rows = align(&prior, &current);
    let other = rows
        .iter()
        .find(|r| r.id == "apply.other.natural")
        .expect("the cross-version 其他处理 row");
    assert!(matches!(other.current, Some(Side::Sum { .. })));
    assert_eq!(other.values(), Some((Decimal::ONE, Decimal::ZERO)));
    let penalty = rows
        .iter()
        .find(|r| r.id == "active.penalty.decisions")
        .expect("penalty decisions in both versions");
    assert_eq!(penalty.values(), Some((Decimal::from(4), Decimal::ZERO)));
    let procurement = rows
        .iter()
        .find(|r| r.id == "active.procurement.amount")
        .expect("a 2019-only row");
    assert_eq!(procurement.only_in(), Some(OnlyIn::Prior));
}

#[test]
fn every_constructed_prior_is_parsed_with_its_sections_and_year() {
    for (prior, current) in PAIRS {
        let (p, c) = (load(prior), load(current));
        assert_eq!(p.meta.year.map(|y| y + 1), c.meta.year, "{prior}");
        let cmp = compare(&p, &c);
        assert!(
            cmp.narratives[SectionId::S5.index()].ratio >= COPIED,
            "{prior}"
        );
        assert!(
            cmp.narratives[SectionId::S1.index()].ratio < COPIED,
            "{prior}"
        );
    }
}

/// The cross-year findings of a pair, as `rule cell-or-section [not evaluable]`, sorted.
fn yoy_findings(prior: &str, current: &str) -> Vec<String> {
    let (p, c) = (load(prior), load(current));
    let mut out: Vec<String> = check(&c, Some(&p), &RuleSet::builtin())
        .into_iter()
        .filter(|f| f.rule.starts_with("yoy."))
        .map(|f| {
            let place = match (f.cells.first(), f.section) {
                (Some(cell), _) => cell.clone(),
                (None, Some(s)) => s.as_str().to_string(),
                (None, None) => "-".into(),
            };
            let status = match f.status {
                EvalStatus::NotEvaluable => " not_evaluable",
                _ => "",
            };
            format!("{} {place}{status}", f.rule)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn hengshan_pair_has_exactly_its_documented_cross_year_findings() {
    assert_eq!(
        yoy_findings("hengshan-approval-2019.txt", "hengshan-approval-2020.txt"),
        [
            "yoy.carry_over apply.carried_in.natural",
            "yoy.carry_over apply.carried_in.total",
            "yoy.copied_text s5",
            "yoy.prev_items active.licensing.prev_items",
            // 512300.00 → 968775.75: an ordinary change, but large enough to be marked.
            "yoy.swing active.procurement.amount",
        ]
    );
}

#[test]
fn zhoucun_pair_has_exactly_its_documented_cross_year_findings() {
    assert_eq!(
        yoy_findings("zhoucun-approval-2019.txt", "zhoucun-approval-2020.txt"),
        [
            "yoy.carry_over apply.carried_in.natural",
            "yoy.carry_over apply.carried_in.total",
            "yoy.copied_text s5",
            // `:2` this year: reported as not evaluable, never silently passed.
            "yoy.prev_items active.fees.prev_items not_evaluable",
            "yoy.prev_items active.other_admin.prev_items",
        ]
    );
}

#[test]
fn yuyang_pair_across_versions_has_exactly_its_documented_cross_year_findings() {
    assert_eq!(
        yoy_findings("yuyang-health-2020.txt", "yuyang-health-2021.txt"),
        [
            "yoy.carry_over apply.carried_in.natural",
            "yoy.carry_over apply.carried_in.total",
            "yoy.copied_text s5",
            // Its agency is unknown: paired by file name, with a warning saying so.
            "yoy.pairing -",
        ]
    );
}

#[test]
fn cross_year_breaks_carry_the_values_of_both_years() {
    let (p, c) = (
        load("zhoucun-approval-2019.txt"),
        load("zhoucun-approval-2020.txt"),
    );
    let findings = check(&c, Some(&p), &RuleSet::builtin());
    let find = |rule: &str, cell: &str| {
        findings
            .iter()
            .find(|f| f.rule == rule && f.cells.first().map(String::as_str) == Some(cell))
            .unwrap_or_else(|| panic!("no {rule} on {cell}"))
    };
    let carry = find("yoy.carry_over", "apply.carried_in.total");
    assert_eq!((carry.expected, carry.actual), (d(1), d(0)));
    let items = find("yoy.prev_items", "active.other_admin.prev_items");
    assert_eq!((items.expected, items.actual), (d(13), d(12)));
    let copied = findings
        .iter()
        .find(|f| f.rule == "yoy.copied_text")
        .expect("s5 copied");
    assert_eq!(copied.section, Some(SectionId::S5));
    assert!(copied.message.contains("99%"), "{}", copied.message);
}

#[test]
fn a_report_checked_against_itself_as_prior_is_a_pairing_error_and_nothing_else_across_years() {
    let r = load("zhoucun-approval-2020.txt");
    let findings = check(&r, Some(&r), &RuleSet::builtin());
    let yoy: Vec<&str> = findings
        .iter()
        .filter(|f| f.rule.starts_with("yoy."))
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(yoy, ["yoy.pairing"]);
}
