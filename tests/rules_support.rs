//! Builders for the rules tests: a report of either template in which every rule holds, and
//! setters to break one thing at a time. Included by `rules_within.rs` and `rules_yoy.rs`.
#![allow(dead_code)]

use nianbao::model::{Cell, CellStatus, Location, Report, SectionId, Template};
use nianbao::rules::{Finding, RuleSet, check};
use rust_decimal::Decimal;

/// Section 一 prose that agrees with the consistent tables.
pub const S1: &str = "本年度我局认真贯彻落实《中华人民共和国政府信息公开条例》，\
推进政务公开标准化规范化建设，加强政策解读和回应关切，政府信息公开工作取得新进展。";
/// Section 五 prose: problems, last year's rectification, next year's plans.
pub const S5: &str = "存在的问题是公开内容不够全面。针对上年度发现的问题已全部整改到位。\
下一年度我局将进一步加强培训，完善制度建设。";
/// Section 六 prose mentioning processing fees.
pub const S6: &str = "本年度未收取信息处理费。";

/// The line a cell sits on: one line per row, tables from line 100.
fn line_for(report: &Report, id: &str) -> usize {
    let def = report.schema().cell(id).map(|c| (c.table, c.row_index));
    match def {
        Some((t, row)) => 100 * (t as usize + 1) + row,
        None => 0,
    }
}

/// Set a cell to a number.
pub fn set(report: &mut Report, id: &str, value: i64) {
    set_decimal(report, id, Decimal::from(value));
}

/// Set a cell to an exact decimal.
pub fn set_decimal(report: &mut Report, id: &str, value: Decimal) {
    assert!(report.cells.contains_key(id), "no cell {id}");
    let line = line_for(report, id);
    report.cells.insert(
        id.to_string(),
        Cell::number(
            value.to_string(),
            value,
            Some(Location {
                line,
                column: None,
                page: None,
            }),
        ),
    );
}

/// Make a cell blank.
pub fn blank(report: &mut Report, id: &str) {
    assert!(report.cells.contains_key(id), "no cell {id}");
    let line = line_for(report, id);
    report.cells.insert(
        id.to_string(),
        Cell::blank(
            "",
            Some(Location {
                line,
                column: None,
                page: None,
            }),
        ),
    );
}

/// Make a cell read as text that is not a number.
pub fn unreadable(report: &mut Report, id: &str, raw: &str) {
    let line = line_for(report, id);
    let mut cell = Cell::blank(
        raw,
        Some(Location {
            line,
            column: None,
            page: None,
        }),
    );
    cell.status = CellStatus::Unreadable;
    report.cells.insert(id.to_string(), cell);
}

/// Make a cell ambiguous with candidate readings.
pub fn ambiguous(report: &mut Report, id: &str, raw: &str, candidates: &[i64]) {
    let line = line_for(report, id);
    let mut cell = Cell::blank(
        raw,
        Some(Location {
            line,
            column: None,
            page: None,
        }),
    );
    cell.status = CellStatus::Ambiguous;
    cell.candidates = candidates.iter().map(|c| Decimal::from(*c)).collect();
    report.cells.insert(id.to_string(), cell);
}

/// Make a cell missing (its row not found).
pub fn missing(report: &mut Report, id: &str) {
    report.cells.insert(id.to_string(), Cell::missing());
}

/// Set a section's text (present, numbered).
pub fn text(report: &mut Report, id: SectionId, body: &str) {
    let s = &mut report.sections[id.index()];
    s.text = body.to_string();
}

/// A report of `template` for `year` in which every rule holds: six numbered sections, every
/// cell filled, all equations consistent, title naming agency and year.
pub fn consistent(template: Template, year: i32) -> Report {
    let mut r = Report::empty(template);
    r.meta.agency = Some("某某市某某局".into());
    r.meta.year = Some(year);
    r.meta.title = Some(format!("某某市某某局{year}年政府信息公开工作年度报告"));
    r.meta.title_line = Some(1);
    for (i, id) in SectionId::ALL.into_iter().enumerate() {
        let s = &mut r.sections[i];
        s.present = true;
        s.numbered = true;
        s.heading = format!("{}、{}", id.numeral(), id.heading());
        s.line = Some(10 + i * 100);
        s.end_line = Some(10 + i * 100 + 99);
    }
    text(&mut r, SectionId::S1, S1);
    text(&mut r, SectionId::S5, S5);
    text(&mut r, SectionId::S6, S6);

    // Applications: per applicant column j = 1..6: new j+3, carried in 1, handled j+3
    // (granted j, partial 1, one state secret, one not held), carried over 1.
    let cols = ["natural", "business", "research", "ngo", "legal", "other"];
    let ids: Vec<String> = r.schema().cells.iter().map(|c| c.id.clone()).collect();
    for id in ids.iter().filter(|id| id.starts_with("apply.")) {
        set(&mut r, id, 0);
    }
    for (j, col) in cols.iter().enumerate() {
        let j = j as i64 + 1;
        set(&mut r, &format!("apply.new.{col}"), j + 3);
        set(&mut r, &format!("apply.carried_in.{col}"), 1);
        set(&mut r, &format!("apply.granted.{col}"), j);
        set(&mut r, &format!("apply.partial.{col}"), 1);
        set(&mut r, &format!("apply.denied.state_secret.{col}"), 1);
        set(&mut r, &format!("apply.unavailable.not_held.{col}"), 1);
        set(&mut r, &format!("apply.total.{col}"), j + 3);
        set(&mut r, &format!("apply.carried_out.{col}"), 1);
    }
    let rows: Vec<String> = ids
        .iter()
        .filter(|id| id.starts_with("apply.") && id.ends_with(".natural"))
        .map(|id| id.trim_end_matches(".natural").to_string())
        .collect();
    for row in rows {
        let sum: Decimal = cols
            .iter()
            .filter_map(|c| r.value(&format!("{row}.{c}")))
            .sum();
        set_decimal(&mut r, &format!("{row}.total"), sum);
    }

    // Review: two appeals (one upheld, one corrected), one direct lawsuit (other result).
    for group in ["appeal", "suit_direct", "suit_after_appeal"] {
        for col in ["upheld", "corrected", "other", "pending", "total"] {
            set(&mut r, &format!("review.{group}.{col}"), 0);
        }
    }
    set(&mut r, "review.appeal.upheld", 1);
    set(&mut r, "review.appeal.corrected", 1);
    set(&mut r, "review.appeal.total", 2);
    set(&mut r, "review.suit_direct.other", 1);
    set(&mut r, "review.suit_direct.total", 1);

    match template {
        Template::V2019 => {
            for (row, a, b, c) in [("rules", 1, 1, 5), ("normative", 2, 2, 10)] {
                set(&mut r, &format!("active.{row}.made"), a);
                set(&mut r, &format!("active.{row}.published"), b);
                set(&mut r, &format!("active.{row}.total"), c);
            }
            for (row, a, b, c) in [
                ("licensing", 100, 2, 300),
                ("other_admin", 12, 2, 14),
                ("penalty", 5, 0, 20),
                ("coercion", 1, 0, 2),
            ] {
                set(&mut r, &format!("active.{row}.prev_items"), a);
                set(&mut r, &format!("active.{row}.change"), b);
                set(&mut r, &format!("active.{row}.decisions"), c);
            }
            set(&mut r, "active.fees.prev_items", 3);
            set(&mut r, "active.fees.change", -1);
            set(&mut r, "active.procurement.items", 2);
            set_decimal(&mut r, "active.procurement.amount", Decimal::new(100050, 2));
        }
        Template::V2021 => {
            for (row, a, b, c) in [("rules", 1, 0, 5), ("normative", 2, 1, 10)] {
                set(&mut r, &format!("active.{row}.issued"), a);
                set(&mut r, &format!("active.{row}.repealed"), b);
                set(&mut r, &format!("active.{row}.in_force"), c);
            }
            set(&mut r, "active.licensing.decisions", 300);
            set(&mut r, "active.penalty.decisions", 20);
            set(&mut r, "active.coercion.decisions", 2);
            set_decimal(&mut r, "active.fees.amount", Decimal::new(125, 1));
        }
    }
    r
}

/// Last year's report for `current`, consistent with it across the year: same agency, the
/// year before, carry-over, in-force and item counts following on, and every table a little
/// different (so nothing looks copied) without large swings.
pub fn prior_of(current: &Report, template: Template) -> Report {
    let year = current.meta.year.unwrap_or(2021) - 1;
    let mut p = consistent(template, year);
    p.meta.agency = current.meta.agency.clone();
    p.meta.title = Some(format!("某某市某某局{year}年政府信息公开工作年度报告"));
    text(
        &mut p,
        SectionId::S1,
        "去年我们以制度建设为重点，修订了依申请公开办理规程，开通了网上申请渠道，并组织全员培训两次。",
    );
    text(
        &mut p,
        SectionId::S5,
        "主要问题是栏目更新不及时。明年拟开展专项检查，优化网站栏目设置，提高答复质量。",
    );
    for col in [
        "natural", "business", "research", "ngo", "legal", "other", "total",
    ] {
        let v = current
            .value(&format!("apply.carried_in.{col}"))
            .unwrap_or_default();
        set_decimal(&mut p, &format!("apply.carried_out.{col}"), v);
    }
    let bump = |p: &mut Report, id: &str| {
        let v = p.value(id).unwrap_or_default() + Decimal::ONE;
        set_decimal(p, id, v);
    };
    bump(&mut p, "apply.granted.natural");
    bump(&mut p, "review.appeal.upheld");
    if template == Template::V2021 && current.meta.template == Template::V2021 {
        for row in ["rules", "normative"] {
            let now = |c: &str| {
                current
                    .value(&format!("active.{row}.{c}"))
                    .unwrap_or_default()
            };
            let v = now("in_force") - now("issued") + now("repealed");
            set_decimal(&mut p, &format!("active.{row}.in_force"), v);
        }
    }
    if template == Template::V2019 && current.meta.template == Template::V2019 {
        for row in ["licensing", "other_admin", "penalty", "coercion", "fees"] {
            let now = current
                .value(&format!("active.{row}.prev_items"))
                .unwrap_or_default();
            set(&mut p, &format!("active.{row}.change"), 1);
            set_decimal(
                &mut p,
                &format!("active.{row}.prev_items"),
                now - Decimal::ONE,
            );
        }
    }
    p
}

/// Findings of one rule.
pub fn of<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

/// Check with the built-in rules.
pub fn run(report: &Report, prior: Option<&Report>) -> Vec<Finding> {
    check(report, prior, &RuleSet::builtin())
}

/// A short listing of findings, for assertion messages.
pub fn summary(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{} {:?}: {}", f.rule, f.cells, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}
