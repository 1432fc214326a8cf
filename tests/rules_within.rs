//! Rules within one report (`spec/rules.md`, first table): for each rule, a report where it
//! fires and one where it does not, built from a consistent report with one thing broken.

#[path = "rules_support.rs"]
mod support;

use nianbao::model::{Extra, ForeignLabel, SectionId, TableId, Template};
use nianbao::rules::{EvalStatus, RuleSet, Severity, check};
use rust_decimal::Decimal;
use support::*;

fn d(v: i64) -> Option<Decimal> {
    Some(Decimal::from(v))
}

#[test]
fn a_consistent_report_of_either_template_has_no_findings() {
    for (t, y) in [(Template::V2019, 2020), (Template::V2021, 2021)] {
        let f = run(&consistent(t, y), None);
        assert!(f.is_empty(), "{t}: {}", summary(&f));
    }
}

#[test]
fn apply_balance_fails_on_a_wrong_new_count_and_names_it_as_suspect() {
    let mut r = consistent(Template::V2019, 2020);
    set(&mut r, "apply.new.natural", 9);
    let f = run(&r, None);
    let balance = of(&f, "apply.balance");
    assert_eq!(balance.len(), 1, "{}", summary(&f));
    let b = balance[0];
    assert_eq!(b.severity, Severity::Error);
    assert_eq!(b.status, EvalStatus::Failed);
    assert_eq!(
        b.cells,
        [
            "apply.new.natural",
            "apply.carried_in.natural",
            "apply.total.natural",
            "apply.carried_out.natural"
        ]
    );
    // actual = the left side (new + carried in), expected = the right side.
    assert_eq!((b.actual, b.expected), (d(10), d(5)));
    assert_eq!(b.suspect.as_deref(), Some("apply.new.natural"));
    assert_eq!(b.section, Some(SectionId::S3));
    assert_eq!(b.line, Some(200));
    assert!(
        b.message
            .contains("「一、本年新收政府信息公开申请数量 · 自然人」9"),
        "{}",
        b.message
    );
    assert!(b.message.contains("改为 4"), "{}", b.message);
    assert!(b.message_en.contains("natural persons"), "{}", b.message_en);
    // The same cell breaks its row total too, and is the suspect there as well.
    let row = of(&f, "apply.row_total");
    assert_eq!(row.len(), 1);
    assert_eq!(row[0].suspect.as_deref(), Some("apply.new.natural"));
}

#[test]
fn a_wrong_grand_total_is_the_suspect_of_three_failing_equations() {
    let mut r = consistent(Template::V2021, 2021);
    set(&mut r, "apply.total.total", 40);
    let f = run(&r, None);
    for rule in ["apply.balance", "apply.results_sum", "apply.row_total"] {
        let x = of(&f, rule);
        assert_eq!(x.len(), 1, "{rule}: {}", summary(&f));
        assert_eq!(x[0].suspect.as_deref(), Some("apply.total.total"), "{rule}");
    }
    let rs = of(&f, "apply.results_sum")[0];
    assert_eq!((rs.actual, rs.expected), (d(40), d(39)));
    assert!(
        rs.message.contains("「（七）总计 · 总计」"),
        "{}",
        rs.message
    );
    assert!(rs.message.contains("改为 39"), "{}", rs.message);
}

#[test]
fn results_sum_counts_the_2019_other_row_and_the_three_2021_other_rows() {
    let mut r = consistent(Template::V2019, 2020);
    set(&mut r, "apply.other.natural", 2);
    let f = run(&r, None);
    let x = of(&f, "apply.results_sum");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert_eq!((x[0].actual, x[0].expected), (d(4), d(6)));

    let mut r = consistent(Template::V2021, 2021);
    set(&mut r, "apply.other.no_fee.natural", 2);
    let f = run(&r, None);
    let x = of(&f, "apply.results_sum");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert!(
        x[0].cells
            .contains(&"apply.other.no_fee.natural".to_string())
    );
    assert_eq!(x[0].suspect.as_deref(), Some("apply.other.no_fee.natural"));
}

#[test]
fn row_total_fails_when_applicant_columns_do_not_add_up() {
    let mut r = consistent(Template::V2019, 2020);
    set(&mut r, "apply.denied.security.legal", 1);
    let f = run(&r, None);
    let x = of(&f, "apply.row_total");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert_eq!(x[0].cells[0], "apply.denied.security.total");
    assert_eq!((x[0].actual, x[0].expected), (d(0), d(1)));
    assert!(
        x[0].message.contains("（三）3.危及“三安全一稳定”"),
        "{}",
        x[0].message
    );
    assert_eq!(x[0].suspect.as_deref(), Some("apply.denied.security.legal"));
}

#[test]
fn review_group_total_fails_and_a_lone_equation_names_no_suspect() {
    let mut r = consistent(Template::V2021, 2021);
    set(&mut r, "review.appeal.total", 3);
    let f = run(&r, None);
    let x = of(&f, "review.group_total");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert_eq!(x[0].severity, Severity::Error);
    assert_eq!(x[0].section, Some(SectionId::S4));
    assert_eq!((x[0].actual, x[0].expected), (d(3), d(2)));
    // Any of its five cells could be the wrong one.
    assert_eq!(x[0].suspect, None);
}

#[test]
fn published_above_total_is_a_warning_in_the_2019_template_only() {
    let mut r = consistent(Template::V2019, 2020);
    set(&mut r, "active.rules.published", 6);
    let f = run(&r, None);
    let x = of(&f, "active.published_le_total");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert_eq!(x[0].severity, Severity::Warning);
    assert_eq!((x[0].actual, x[0].expected), (d(6), d(5)));
    assert!(x[0].message.contains("「规章」"), "{}", x[0].message);
    assert!(
        of(
            &run(&consistent(Template::V2021, 2021), None),
            "active.published_le_total"
        )
        .is_empty()
    );
}

#[test]
fn carrying_over_more_than_was_received_is_a_warning() {
    let mut r = consistent(Template::V2021, 2021);
    set(&mut r, "apply.carried_out.research", 7);
    let f = run(&r, None);
    let x = of(&f, "apply.carried_out_le_new");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert_eq!(x[0].severity, Severity::Warning);
    assert_eq!(
        x[0].cells,
        ["apply.carried_out.research", "apply.new.research"]
    );
    assert_eq!((x[0].actual, x[0].expected), (d(7), d(6)));
}

#[test]
fn arithmetic_reads_a_blank_as_zero_and_says_so() {
    let mut r = consistent(Template::V2019, 2020);
    blank(&mut r, "apply.carried_in.natural");
    let f = run(&r, None);
    let x = of(&f, "apply.balance");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert_eq!(x[0].status, EvalStatus::Failed);
    assert_eq!((x[0].actual, x[0].expected), (d(4), d(5)));
    assert!(x[0].message.contains("空白格按 0 计"), "{}", x[0].message);
    assert!(
        x[0].message_en.contains("Blank cells read as 0"),
        "{}",
        x[0].message_en
    );
}

#[test]
fn a_table_left_blank_passes_the_arithmetic_and_gets_one_blank_finding_per_row() {
    let mut r = consistent(Template::V2019, 2020);
    for g in ["appeal", "suit_direct", "suit_after_appeal"] {
        for c in ["upheld", "corrected", "other", "pending", "total"] {
            blank(&mut r, &format!("review.{g}.{c}"));
        }
    }
    let f = run(&r, None);
    assert!(of(&f, "review.group_total").is_empty(), "{}", summary(&f));
    let b = of(&f, "cell.blank");
    assert_eq!(b.len(), 3, "{}", summary(&f));
    assert_eq!(b[0].severity, Severity::Info);
    assert_eq!(b[0].cells.len(), 5);
    assert_eq!(b[0].cells[0], "review.appeal.upheld");
    assert!(
        b[0].message.contains("「行政复议」一行有 5 格空白"),
        "{}",
        b[0].message
    );
}

#[test]
fn cell_blank_lists_the_blank_cells_of_a_row_in_one_finding() {
    let mut r = consistent(Template::V2021, 2021);
    blank(&mut r, "apply.partial.ngo");
    blank(&mut r, "apply.partial.legal");
    let f = run(&r, None);
    let b = of(&f, "cell.blank");
    assert_eq!(b.len(), 1, "{}", summary(&f));
    assert_eq!(b[0].cells, ["apply.partial.ngo", "apply.partial.legal"]);
    assert!(
        b[0].message.contains("社会公益组织、法律服务机构"),
        "{}",
        b[0].message
    );
}

#[test]
fn an_unreadable_cell_makes_its_equations_not_evaluable_rather_than_passing() {
    let mut r = consistent(Template::V2019, 2020);
    unreadable(&mut r, "apply.new.natural", ":2");
    let f = run(&r, None);
    let u = of(&f, "cell.unreadable");
    assert_eq!(u.len(), 1);
    assert_eq!(u[0].severity, Severity::Error);
    assert!(u[0].message.contains(":2"), "{}", u[0].message);
    for rule in [
        "apply.balance",
        "apply.row_total",
        "apply.carried_out_le_new",
    ] {
        let x = of(&f, rule);
        assert_eq!(x.len(), 1, "{rule}: {}", summary(&f));
        assert_eq!(x[0].status, EvalStatus::NotEvaluable);
        assert_eq!(
            (x[0].actual, x[0].expected, x[0].suspect.as_deref()),
            (None, None, None)
        );
        assert!(x[0].message.contains("无法识读"), "{}", x[0].message);
        // It names the finding that made it so, and is never an error (rules.md).
        assert!(
            x[0].message.contains("「无法识读的数字」"),
            "{}",
            x[0].message
        );
        assert_eq!(x[0].severity, Severity::Info);
    }
}

#[test]
fn an_ambiguous_cell_is_listed_with_its_candidates_and_blocks_evaluation() {
    let mut r = consistent(Template::V2021, 2021);
    ambiguous(&mut r, "apply.granted.natural", "11", &[1, 11]);
    let f = run(&r, None);
    let a = of(&f, "cell.ambiguous");
    assert_eq!(a.len(), 1, "{}", summary(&f));
    assert_eq!(a[0].severity, Severity::Warning);
    assert!(a[0].message.contains("1 / 11"), "{}", a[0].message);
    let rs = of(&f, "apply.results_sum");
    assert_eq!(rs[0].status, EvalStatus::NotEvaluable);
    assert!(rs[0].message.contains("数字边界不明"), "{}", rs[0].message);
}

#[test]
fn a_negative_count_is_an_error_but_a_negative_change_is_not() {
    let mut r = consistent(Template::V2019, 2020);
    set(&mut r, "active.coercion.decisions", -2);
    let f = run(&r, None);
    let n = of(&f, "cell.negative");
    assert_eq!(n.len(), 1, "{}", summary(&f));
    assert_eq!(n[0].cells, ["active.coercion.decisions"]);
    assert_eq!(n[0].section, Some(SectionId::S2));
    // consistent() has active.fees.change = -1.
    assert_eq!(r.value("active.fees.change"), d(-1));
}

#[test]
fn a_fractional_count_is_an_error_but_an_amount_may_have_decimals() {
    let mut r = consistent(Template::V2021, 2021);
    set_decimal(&mut r, "active.licensing.decisions", Decimal::new(3005, 1));
    let f = run(&r, None);
    let n = of(&f, "cell.fraction");
    assert_eq!(n.len(), 1, "{}", summary(&f));
    assert!(n[0].message.contains("300.5"), "{}", n[0].message);
    assert_eq!(r.value("active.fees.amount"), Some(Decimal::new(125, 1)));
}

#[test]
fn a_missing_section_and_one_out_of_order_are_errors() {
    let mut r = consistent(Template::V2019, 2020);
    r.sections[SectionId::S6.index()].present = false;
    r.sections[SectionId::S4.index()].line = Some(5);
    let f = run(&r, None);
    let s = of(&f, "structure.section");
    assert_eq!(s.len(), 2, "{}", summary(&f));
    assert_eq!(s[0].section, Some(SectionId::S4));
    assert!(s[0].message.contains("位置不对"), "{}", s[0].message);
    assert_eq!(s[1].section, Some(SectionId::S6));
    assert!(s[1].message.contains("缺少第六部分"), "{}", s[1].message);
}

#[test]
fn a_heading_without_its_number_is_a_warning() {
    let mut r = consistent(Template::V2019, 2020);
    let s5 = &mut r.sections[SectionId::S5.index()];
    s5.numbered = false;
    s5.heading = "存在的主要问题及改进情况".into();
    let f = run(&r, None);
    let n = of(&f, "structure.numbering");
    assert_eq!(n.len(), 1, "{}", summary(&f));
    assert_eq!(
        (n[0].severity, n[0].section, n[0].line),
        (Severity::Warning, Some(SectionId::S5), Some(410))
    );
    assert!(n[0].message.contains("五、"), "{}", n[0].message);
}

#[test]
fn a_missing_row_is_a_structure_error_not_a_zero() {
    let mut r = consistent(Template::V2021, 2021);
    for c in [
        "natural", "business", "research", "ngo", "legal", "other", "total",
    ] {
        missing(&mut r, &format!("apply.carried_out.{c}"));
    }
    let f = run(&r, None);
    let t = of(&f, "structure.table");
    assert_eq!(t.len(), 1, "{}", summary(&f));
    assert_eq!(t[0].cells.len(), 7);
    assert!(
        t[0].message.contains("四、结转下年度继续办理"),
        "{}",
        t[0].message
    );
    // One not-evaluable info for the rule and table, not one per column.
    let b = of(&f, "apply.balance");
    assert_eq!(b.len(), 1, "{}", summary(&f));
    assert_eq!(
        (b[0].status, b[0].severity),
        (EvalStatus::NotEvaluable, Severity::Info)
    );
    assert!(b[0].message.contains("7 个算式"), "{}", b[0].message);
    assert!(
        b[0].message.contains("「表格与行齐全」"),
        "{}",
        b[0].message
    );
}

#[test]
fn a_missing_table_is_one_finding() {
    let mut r = consistent(Template::V2019, 2020);
    let ids: Vec<String> = r
        .cells
        .keys()
        .filter(|k| k.starts_with("review."))
        .map(str::to_owned)
        .collect();
    for id in ids {
        missing(&mut r, &id);
    }
    let f = run(&r, None);
    let t = of(&f, "structure.table");
    assert_eq!(t.len(), 1, "{}", summary(&f));
    assert!(t[0].cells.is_empty());
    assert!(
        t[0].message.contains("行政复议、行政诉讼情况"),
        "{}",
        t[0].message
    );
}

#[test]
fn a_row_outside_the_template_is_a_warning() {
    let mut r = consistent(Template::V2019, 2020);
    r.extras.push(Extra {
        table: TableId::Apply,
        label: "小计".into(),
        line: 321,
    });
    let f = run(&r, None);
    let e = of(&f, "structure.extra");
    assert_eq!(e.len(), 1, "{}", summary(&f));
    assert_eq!((e[0].line, e[0].section), (Some(321), Some(SectionId::S3)));
    assert!(e[0].message.contains("小计"));
}

#[test]
fn the_template_must_match_the_year() {
    let mut r = consistent(Template::V2019, 2020);
    r.meta.year = Some(2021);
    r.meta.title = Some("某某市某某局2021年政府信息公开工作年度报告".into());
    let f = run(&r, None);
    let v = of(&f, "template.version");
    assert_eq!(v.len(), 1, "{}", summary(&f));
    assert!(v[0].message.contains("2021 版"), "{}", v[0].message);
    assert!(
        of(
            &run(&consistent(Template::V2019, 2019), None),
            "template.version"
        )
        .is_empty()
    );
}

#[test]
fn labels_of_the_other_template_are_a_mixed_form() {
    let mut r = consistent(Template::V2021, 2021);
    r.foreign_labels.push(ForeignLabel {
        label: "本年新制作数量".into(),
        template: Template::V2019,
        line: 120,
    });
    let f = run(&r, None);
    let m = of(&f, "template.mixed");
    assert_eq!(m.len(), 1, "{}", summary(&f));
    assert_eq!(m[0].line, Some(120));
    assert_eq!(m[0].section, Some(SectionId::S2));
}

#[test]
fn applicant_column_labels_never_make_a_mixed_form() {
    // report-model.md: both forms head these columns alike; 社会组织 / 律师事务所 are an
    // agency's own words, in either template.
    for (template, year, labels) in [
        (Template::V2019, 2020, ["社会组织", "律师事务所"]),
        (Template::V2021, 2021, ["社会公益组织", "法律服务机构"]),
    ] {
        let mut r = consistent(template, year);
        for label in labels {
            r.foreign_labels.push(ForeignLabel {
                label: label.into(),
                template: if template == Template::V2019 {
                    Template::V2021
                } else {
                    Template::V2019
                },
                line: 69,
            });
        }
        assert!(
            of(&run(&r, None), "template.mixed").is_empty(),
            "{labels:?}"
        );
    }
    // The haiyuan seed writes 社会组织 in its 2019 form: no finding on the real report.
    let seed = nianbao::load(std::path::Path::new("samples/haiyuan-approval-2020.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(of(&run(&seed, None), "template.mixed").is_empty());
}

#[test]
fn a_title_without_agency_and_year_is_a_warning() {
    let mut r = consistent(Template::V2021, 2021);
    r.meta.title = Some("政府信息公开工作年度报告".into());
    let f = run(&r, None);
    let t = of(&f, "meta.title");
    assert_eq!(t.len(), 1, "{}", summary(&f));
    assert!(
        t[0].message.contains("机关名称和报告年度"),
        "{}",
        t[0].message
    );
    r.meta.title = Some("某某市某某局二〇二一年政府信息公开工作年度报告".into());
    assert!(of(&run(&r, None), "meta.title").is_empty());
    r.meta.title = None;
    assert!(
        of(&run(&r, None), "meta.title")[0]
            .message
            .contains("未找到报告标题")
    );
}

#[test]
fn saying_no_lawsuit_arose_while_the_table_counts_one_is_a_contradiction() {
    let mut r = consistent(Template::V2019, 2020);
    text(
        &mut r,
        SectionId::S1,
        "截止2020年12月31日，我局未收到过公开申请，亦未发生由政府信息公开引发的举报、投诉、行政复议和行政诉讼。",
    );
    for c in ["upheld", "corrected", "total"] {
        set(&mut r, &format!("review.appeal.{c}"), 0);
    }
    for c in apply_cells(&r) {
        set(&mut r, &c, 0);
    }
    let f = run(&r, None);
    let c = of(&f, "narrative.contradiction");
    assert_eq!(c.len(), 1, "{}", summary(&f));
    assert_eq!(c[0].cells, ["review.suit_direct.total"]);
    assert_eq!(c[0].section, Some(SectionId::S1));
    assert_eq!(c[0].line, Some(11));
    assert!(
        c[0].quote
            .as_deref()
            .is_some_and(|q| q.contains("行政诉讼"))
    );
    assert!(c[0].message.contains("行政诉讼为零"), "{}", c[0].message);

    set(&mut r, "review.suit_direct.other", 0);
    set(&mut r, "review.suit_direct.total", 0);
    assert!(of(&run(&r, None), "narrative.contradiction").is_empty());
}

fn apply_cells(r: &nianbao::Report) -> Vec<String> {
    r.cells
        .keys()
        .filter(|k| k.starts_with("apply."))
        .map(str::to_owned)
        .collect()
}

#[test]
fn saying_no_review_was_sought_against_a_counted_review_is_a_contradiction() {
    let mut r = consistent(Template::V2021, 2021);
    text(
        &mut r,
        SectionId::S1,
        "一年以来，未被申请有关政府信息公开事务的行政复议。",
    );
    let f = run(&r, None);
    let c = of(&f, "narrative.contradiction");
    assert_eq!(c.len(), 1, "{}", summary(&f));
    assert_eq!(c[0].cells, ["review.appeal.total"]);
}

#[test]
fn stating_lawsuits_while_the_table_counts_none_is_the_reverse_contradiction() {
    let mut r = consistent(Template::V2021, 2021);
    set(&mut r, "review.suit_direct.other", 0);
    set(&mut r, "review.suit_direct.total", 0);
    text(&mut r, SectionId::S1, "本年度我局被提起行政诉讼 2 件。");
    let f = run(&r, None);
    let c = of(&f, "narrative.contradiction");
    assert_eq!(c.len(), 1, "{}", summary(&f));
    assert!(c[0].message.contains("计为 0"), "{}", c[0].message);
    assert!(of(&f, "narrative.numbers").is_empty());
}

#[test]
fn narrative_numbers_accept_received_as_new_plus_carried_in() {
    let mut r = consistent(Template::V2021, 2021);
    // new.total 39, carried_in.total 6, total.total 39, carried_out.total 6.
    text(
        &mut r,
        SectionId::S1,
        "全年共受理政府信息公开申请 45 件，其中自然人申请 10 件；共办理 39 件，结转下一年 6 件。\n依法做好行政复议、行政诉讼案件的应诉工作，全县共办理相关案件 3 件。",
    );
    let f = run(&r, None);
    assert!(of(&f, "narrative.numbers").is_empty(), "{}", summary(&f));
    assert!(
        of(&f, "narrative.contradiction").is_empty(),
        "{}",
        summary(&f)
    );
}

#[test]
fn a_stated_number_that_disagrees_with_the_table_is_quoted_with_its_line() {
    let mut r = consistent(Template::V2021, 2021);
    text(
        &mut r,
        SectionId::S1,
        "本年度工作稳步推进。\n全年共收到政府信息公开申请５０件，均已按时答复。行政复议案件 5 件，行政诉讼案件 1 件。",
    );
    let f = run(&r, None);
    let n = of(&f, "narrative.numbers");
    assert_eq!(n.len(), 2, "{}", summary(&f));
    assert_eq!(n[0].line, Some(12));
    assert_eq!(
        n[0].quote.as_deref(),
        Some("全年共收到政府信息公开申请５０件，均已按时答复")
    );
    assert!(n[0].message.contains("39 / 45"), "{}", n[0].message);
    assert_eq!(n[0].cells, ["apply.new.total", "apply.carried_in.total"]);
    assert!(n[1].message.contains("行政复议 5 件"), "{}", n[1].message);
    assert_eq!(n[1].cells, ["review.appeal.total"]);
}

#[test]
fn planning_the_report_year_as_next_year_is_noted() {
    let mut r = consistent(Template::V2019, 2020);
    text(
        &mut r,
        SectionId::S5,
        "2020年，在区委的领导下取得了一定成效。针对上述问题，2020年我局将进一步贯彻落实政府信息公开工作。",
    );
    let f = run(&r, None);
    let y = of(&f, "narrative.year");
    assert_eq!(y.len(), 1, "{}", summary(&f));
    assert_eq!(y[0].severity, Severity::Info);
    assert_eq!(
        y[0].quote.as_deref(),
        Some("针对上述问题，2020年我局将进一步贯彻落实政府信息公开工作")
    );
    text(
        &mut r,
        SectionId::S5,
        "2020年取得了一定成效。2021年我局将进一步加强。",
    );
    assert!(of(&run(&r, None), "narrative.year").is_empty());
}

#[test]
fn a_2021_report_must_say_how_last_years_problems_were_rectified() {
    let mut r = consistent(Template::V2021, 2021);
    text(
        &mut r,
        SectionId::S5,
        "存在的问题是公开内容不够全面。下一步将加强培训。",
    );
    let f = run(&r, None);
    let s = of(&f, "s5.rectification");
    assert_eq!(s.len(), 1, "{}", summary(&f));
    assert_eq!(
        (s[0].severity, s[0].section),
        (Severity::Warning, Some(SectionId::S5))
    );
    let mut old = consistent(Template::V2019, 2020);
    text(
        &mut old,
        SectionId::S5,
        "存在的问题是公开内容不够全面。下一步将加强培训。",
    );
    assert!(of(&run(&old, None), "s5.rectification").is_empty());
}

#[test]
fn a_2021_report_must_say_whether_processing_fees_were_charged() {
    let mut r = consistent(Template::V2021, 2021);
    text(&mut r, SectionId::S6, "无");
    let f = run(&r, None);
    let s = of(&f, "s6.fees");
    assert_eq!(s.len(), 1, "{}", summary(&f));
    assert_eq!(s[0].section, Some(SectionId::S6));
    let mut old = consistent(Template::V2019, 2020);
    text(&mut old, SectionId::S6, "无");
    assert!(of(&run(&old, None), "s6.fees").is_empty());
}

#[test]
fn findings_are_ordered_by_section_then_table_position_then_rule() {
    let mut r = consistent(Template::V2019, 2020);
    r.meta.title = Some("年度报告".into());
    set(&mut r, "review.appeal.total", 3);
    set(&mut r, "apply.total.total", 40);
    blank(&mut r, "active.rules.made");
    text(&mut r, SectionId::S6, "无");
    let f = run(&r, None);
    let keys: Vec<(Option<SectionId>, &str)> =
        f.iter().map(|x| (x.section, x.rule.as_str())).collect();
    let mut sorted = keys.clone();
    sorted.sort_by_key(|(s, _)| s.map(|s| s.index() + 1).unwrap_or(0));
    assert_eq!(keys, sorted);
    assert_eq!(keys[0], (None, "meta.title"));
    assert_eq!(keys[1], (Some(SectionId::S2), "cell.blank"));
    assert_eq!(
        keys.last().copied(),
        Some((Some(SectionId::S4), "review.group_total"))
    );
    assert_eq!(f, run(&r, None));
}

#[test]
fn fingerprints_stay_the_same_when_the_values_change() {
    let mut r = consistent(Template::V2019, 2020);
    set(&mut r, "review.appeal.total", 3);
    let a = of(&run(&r, None), "review.group_total")[0]
        .fingerprint
        .clone();
    set(&mut r, "review.appeal.total", 7);
    let b = of(&run(&r, None), "review.group_total")[0]
        .fingerprint
        .clone();
    assert_eq!(a, b);
}

// ───────────── overrides ─────────────

#[test]
fn a_user_file_can_disable_a_rule() {
    let rules = RuleSet::from_toml_str("[rules.\"cell.blank\"]\nenabled = false\n", "rules.toml")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut r = consistent(Template::V2019, 2020);
    blank(&mut r, "apply.partial.ngo");
    assert!(of(&check(&r, None, &rules), "cell.blank").is_empty());
    assert_eq!(of(&run(&r, None), "cell.blank").len(), 1);
    assert_ne!(rules.version(), RuleSet::builtin().version());
}

#[test]
fn a_user_file_can_change_a_severity() {
    let rules = RuleSet::from_toml_str(
        "[rules.\"review.group_total\"]\nseverity = \"warning\"\n",
        "rules.toml",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut r = consistent(Template::V2019, 2020);
    set(&mut r, "review.appeal.total", 3);
    assert_eq!(
        of(&check(&r, None, &rules), "review.group_total")[0].severity,
        Severity::Warning
    );
}

#[test]
fn a_user_file_can_add_an_equation_rule() {
    let text = r#"
[rules."apply.granted_le_new"]
severity = "info"
for_each = { col = "apply.columns" }
equation = "apply.granted.{col} <= apply.new.{col}"
message = "「{col}」予以公开 {actual} 多于新收 {expected}"
message_en = "{col}: granted {actual} > new {expected}"
"#;
    let rules = RuleSet::from_toml_str(text, "rules.toml").unwrap_or_else(|e| panic!("{e}"));
    let mut r = consistent(Template::V2021, 2021);
    set(&mut r, "apply.granted.natural", 5);
    let f = check(&r, None, &rules);
    let x = of(&f, "apply.granted_le_new");
    assert_eq!(x.len(), 1, "{}", summary(&f));
    assert_eq!(x[0].message, "「自然人」予以公开 5 多于新收 4");
}

#[test]
fn an_unknown_rule_id_is_an_error_with_line_and_column() {
    let err = RuleSet::from_toml_str(
        "# mine\n[rules.\"cell.blnk\"]\nenabled = false\n",
        "my.toml",
    )
    .err();
    let err = err.map(|e| (e.position(), e.to_string()));
    let (pos, text) = err.unwrap_or_default();
    assert_eq!(pos, Some((2, 8)));
    assert!(text.starts_with("my.toml:2:8:"), "{text}");
    assert!(text.contains("unknown rule id"), "{text}");
}

#[test]
fn a_bad_severity_or_setting_is_an_error_with_its_position() {
    let err =
        RuleSet::from_toml_str("[rules.\"cell.blank\"]\nseverity = \"fatal\"\n", "r.toml").err();
    let (pos, text) = err
        .map(|e| (e.position(), e.to_string()))
        .unwrap_or_default();
    assert_eq!(pos.map(|p| p.0), Some(2), "{text}");
    assert!(text.contains("fatal") || text.contains("variant"), "{text}");

    let err = RuleSet::from_toml_str("[rules.\"cell.blank\"]\nthreshold = 3\n", "r.toml").err();
    let (pos, text) = err
        .map(|e| (e.position(), e.to_string()))
        .unwrap_or_default();
    assert_eq!(pos, Some((2, 13)), "{text}");
    assert!(text.contains("no setting `threshold`"), "{text}");

    let err = RuleSet::from_toml_str("[rules.\"yoy.swing\"]\nthreshold = -1\n", "r.toml").err();
    assert!(err.is_some_and(|e| e.to_string().contains("non-negative")));

    let err = RuleSet::from_toml_str("[rules.\"cell.blank\"]\ncolour = 3\n", "r.toml").err();
    assert_eq!(err.and_then(|e| e.position()).map(|p| p.0), Some(2));

    let err = RuleSet::from_toml_str("[rules.x]\nseverity=\"info\"\nmessage=\"\"\nmessage_en=\"\"\nequation = \"apply.new.total = \"\n", "r.toml").err();
    let text = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(text.starts_with("r.toml:5:"), "{text}");
    assert!(text.contains("equation"), "{text}");

    let err = RuleSet::from_toml_str("[rules\n", "r.toml").err();
    assert_eq!(err.and_then(|e| e.position()).map(|p| p.0), Some(1));
}

#[test]
fn the_builtin_file_lists_every_rule_of_the_spec() {
    let rules = RuleSet::builtin();
    let ids: Vec<&str> = rules.rules().iter().map(|r| r.id.as_str()).collect();
    for id in [
        "apply.balance",
        "apply.results_sum",
        "apply.row_total",
        "review.group_total",
        "active.published_le_total",
        "cell.blank",
        "cell.unreadable",
        "cell.ambiguous",
        "cell.negative",
        "cell.fraction",
        "structure.section",
        "structure.numbering",
        "structure.table",
        "template.version",
        "template.mixed",
        "structure.extra",
        "apply.carried_out_le_new",
        "meta.title",
        "narrative.contradiction",
        "narrative.numbers",
        "narrative.year",
        "s5.rectification",
        "s6.fees",
        "yoy.pairing",
        "yoy.carry_over",
        "yoy.in_force",
        "yoy.prev_items",
        "yoy.copied_text",
        "yoy.identical_tables",
        "yoy.fee_unit",
        "yoy.swing",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
    assert_eq!(rules.version().len(), 12);
    assert_eq!(rules.version(), RuleSet::builtin().version());
}
