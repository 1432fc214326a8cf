//! Rules against last year's report that are not equations: pairing, copied text, identical
//! tables, the fee unit, large swings. The equations (carry-over, in force, items last year)
//! live in the rule file and run in `equations`.

use rust_decimal::Decimal;

use super::finding::Finding;
use super::messages::{self, cell_label, cell_label_en, number};
use super::{Rule, RuleSet, active};
use crate::compare::{aligned_value, text_similarity, text_similarity_bound};
use crate::model::{Cell, Report, SectionId, Template};

fn in_force<'r>(rules: &'r RuleSet, id: &str, report: &Report, prior: &Report) -> Option<&'r Rule> {
    rules.rule(id).filter(|r| {
        r.applies_to(report.meta.template) && r.templates.contains(&prior.meta.template)
    })
}

/// `yoy.pairing`: the prior report must be the same agency, the year before. Gives the
/// finding, if any, and whether the comparison may go on: a known other agency or year stops
/// it (an error); an agency that cannot be confirmed on either side is a warning saying how
/// the two were paired (by file name, or as given), and the comparison goes on.
pub(crate) fn pairing(report: &Report, prior: &Report, rules: &RuleSet) -> (Option<Finding>, bool) {
    let Some(rule) = in_force(rules, "yoy.pairing", report, prior) else {
        return (None, true);
    };
    let agency = match (&report.meta.agency, &prior.meta.agency) {
        (Some(a), Some(b)) => Some(crate::compare::same_agency(a, b)),
        _ => None,
    };
    let year_before = match (report.meta.year, prior.meta.year) {
        (Some(y), Some(p)) => p == y - 1,
        _ => true,
    };
    let show = |s: &Option<String>| s.clone().unwrap_or_else(|| "?".into());
    let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_else(|| "?".into());
    let (agency_s, prior_agency) = (show(&report.meta.agency), show(&prior.meta.agency));
    let (y, py) = (year(report.meta.year), year(prior.meta.year));
    let v = [
        ("agency", agency_s.as_str()),
        ("year", y.as_str()),
        ("prior_agency", prior_agency.as_str()),
        ("prior_year", py.as_str()),
    ];
    let finding = |m: String, m_en: String| {
        messages::finding(rule, Vec::new(), None, m, m_en, report.meta.title_line)
    };
    match (agency, year_before) {
        (Some(true), true) => (None, true),
        (None, true) => {
            let by_name = crate::compare::is_prior_by_name(
                std::path::Path::new(&prior.source.path),
                std::path::Path::new(&report.source.path),
            );
            let key = if by_name { "by_name" } else { "unknown" };
            let (m, m_en) = messages::both_alt(rule, key, &v, &v);
            let mut f = finding(m, m_en);
            f.severity = f.severity.min(super::Severity::Warning);
            (Some(f), true)
        }
        _ => {
            let (m, m_en) = messages::both(rule, &v, &v);
            (Some(finding(m, m_en)), false)
        }
    }
}

pub(crate) fn check(
    report: &Report,
    prior: &Report,
    grids: (&[Option<&Cell>], &[Option<&Cell>]),
    rules: &RuleSet,
    out: &mut Vec<Finding>,
) {
    copied_text(report, prior, rules, out);
    let pairs = pairs(report, prior, grids);
    identical_tables(report, prior, &pairs, rules, out);
    fee_unit(report, prior, rules, out);
    swing(report, prior, &pairs, rules, out);
}

/// Every cell id the two years share, with this year's and last year's value (`None` when
/// not a number): this year's ids, plus last year's that this year's template only has as a
/// sum (the 2019 row apply.other against the three 2021 rows). The same template reads the
/// grids by position; across templates, `aligned_value` translates.
fn pairs<'a>(
    report: &'a Report,
    prior: &'a Report,
    grids: (&[Option<&Cell>], &[Option<&Cell>]),
) -> Vec<(&'a str, Option<Decimal>, Option<Decimal>)> {
    let schema = report.schema();
    let value = |g: &[Option<&Cell>], i: usize| g.get(i).copied().flatten().and_then(|c| c.value);
    if report.meta.template == prior.meta.template {
        return schema
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), value(grids.0, i), value(grids.1, i)))
            .collect();
    }
    let mut out: Vec<(&str, Option<Decimal>, Option<Decimal>)> = schema
        .cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                c.id.as_str(),
                value(grids.0, i),
                aligned_value(prior, &c.id),
            )
        })
        .collect();
    out.extend(
        prior
            .schema()
            .cells
            .iter()
            .filter(|c| schema.cell(&c.id).is_none())
            .map(|c| {
                (
                    c.id.as_str(),
                    aligned_value(report, &c.id),
                    aligned_value(prior, &c.id),
                )
            }),
    );
    out
}

fn copied_text(report: &Report, prior: &Report, rules: &RuleSet, out: &mut Vec<Finding>) {
    let Some(rule) = in_force(rules, "yoy.copied_text", report, prior) else {
        return;
    };
    let threshold = rule.param("threshold").unwrap_or(Decimal::ONE);
    let min_chars = rule.param("min_chars").unwrap_or(Decimal::ZERO);
    for id in [SectionId::S1, SectionId::S5] {
        let (a, b) = (report.section(id), prior.section(id));
        if !a.present || !b.present {
            continue;
        }
        let long = |t: &str| Decimal::from(t.trim().chars().count()) >= min_chars;
        if !long(&a.text) || !long(&b.text) {
            continue;
        }
        // A section copied byte for byte is alike through and through (the diff's ratio is
        // exactly 1), and asks no diff.
        let similarity = if a.text == b.text {
            1.0
        } else {
            // The diff is the costliest step of a batch; most sections differ enough that a
            // bound on their shared characters already rules a copy out (the margin covers
            // the rounding below).
            let below = Decimal::from_f64_retain(text_similarity_bound(&b.text, &a.text) + 1e-4)
                .is_some_and(|bound| bound < threshold);
            if below {
                continue;
            }
            text_similarity(&b.text, &a.text)
        };
        // Similarity is a ratio of the diff, not cell arithmetic: rounded to 4 places it
        // compares exactly with the file's threshold.
        let Some(sim) = Decimal::from_f64_retain(similarity).map(|d| d.round_dp(4)) else {
            continue;
        };
        if sim < threshold {
            continue;
        }
        // Rounded down, so 100% means only an exact copy (figures and years aside).
        let percent = number((sim * Decimal::from(100)).floor());
        let v = [
            ("numeral", id.numeral()),
            ("heading", id.heading()),
            ("heading_en", id.heading_en()),
            ("similarity", percent.as_str()),
        ];
        let (m, m_en) = messages::both(rule, &v, &v);
        out.push(messages::finding(
            rule,
            Vec::new(),
            Some(id),
            m,
            m_en,
            a.line,
        ));
    }
}

fn identical_tables(
    report: &Report,
    prior: &Report,
    pairs: &[(&str, Option<Decimal>, Option<Decimal>)],
    rules: &RuleSet,
    out: &mut Vec<Finding>,
) {
    let Some(rule) = in_force(rules, "yoy.identical_tables", report, prior) else {
        return;
    };
    let schema = report.schema();
    for table in &schema.tables {
        let prefix = table.id.as_str();
        let in_table = pairs
            .iter()
            .filter(|(id, ..)| id.split('.').next() == Some(prefix) && schema.cell(id).is_some());
        let mut nonzero = false;
        let mut identical = true;
        let mut first: Option<&str> = None;
        for (id, now, then) in in_table {
            if now != then {
                identical = false;
                break;
            }
            nonzero |= now.is_some_and(|v| !v.is_zero());
            first.get_or_insert(id);
        }
        if identical && nonzero {
            let v = [
                ("table", table.id.title()),
                ("table_en", table.id.title_en()),
            ];
            let (m, m_en) = messages::both(rule, &v, &v);
            let cells: Vec<String> = first.map(str::to_string).into_iter().collect();
            let line = first.and_then(|c| report.cell(c)).and_then(|c| c.line());
            out.push(messages::finding(
                rule,
                cells,
                Some(table.id.section()),
                m,
                m_en,
                line,
            ));
        }
    }
}

fn fee_unit(report: &Report, prior: &Report, rules: &RuleSet, out: &mut Vec<Finding>) {
    let Some(rule) = active(rules, "yoy.fee_unit", report.meta.template) else {
        return;
    };
    let id = "active.fees.amount";
    let Some(cell) = report.cell(id) else { return };
    let section = Some(SectionId::S2);
    if cell.unit.as_deref() == Some("元") {
        let v = [("raw", cell.raw.as_str())];
        let (m, m_en) = messages::both_alt(rule, "unit", &v, &v);
        out.push(messages::finding(
            rule,
            vec![id.into()],
            section,
            m,
            m_en,
            cell.line(),
        ));
        return;
    }
    if prior.meta.template != Template::V2021 || !rule.templates.contains(&prior.meta.template) {
        return;
    }
    let (Some(now), Some(then)) = (cell.value, prior.value(id)) else {
        return;
    };
    if now <= Decimal::ZERO || then <= Decimal::ZERO {
        return;
    }
    let factor = rule.param("factor").unwrap_or(Decimal::from(10_000));
    let slack = rule.param("slack").unwrap_or(Decimal::from(10));
    if slack.is_zero() {
        return;
    }
    let ratio = now / then;
    if ratio >= factor / slack && ratio <= factor * slack {
        let (value, prior_v, r) = (number(now), number(then), number(ratio.round_dp(0)));
        let v = [
            ("value", value.as_str()),
            ("prior", prior_v.as_str()),
            ("ratio", r.as_str()),
        ];
        let (m, m_en) = messages::both(rule, &v, &v);
        out.push(messages::finding(
            rule,
            vec![id.into()],
            section,
            m,
            m_en,
            cell.line(),
        ));
    }
}

fn swing(
    report: &Report,
    prior: &Report,
    pairs: &[(&str, Option<Decimal>, Option<Decimal>)],
    rules: &RuleSet,
    out: &mut Vec<Finding>,
) {
    let Some(rule) = in_force(rules, "yoy.swing", report, prior) else {
        return;
    };
    let ratio = rule.param("threshold").unwrap_or(Decimal::new(5, 1));
    let min = rule.param("min_change").unwrap_or(Decimal::from(10));
    let schema = report.schema();
    for &(id, now, then) in pairs {
        let (Some(now), Some(then)) = (now, then) else {
            continue;
        };
        let delta = now - then;
        if delta.abs() < min || delta.abs() < ratio * then.abs() || delta.is_zero() {
            continue;
        }
        let (zh, en) = if schema.cell(id).is_some() {
            (cell_label(schema, id), cell_label_en(schema, id))
        } else {
            let p = prior.schema();
            (cell_label(p, id), cell_label_en(p, id))
        };
        let shown_delta = if delta > Decimal::ZERO {
            format!("+{}", number(delta))
        } else {
            number(delta)
        };
        let (n, t) = (number(now), number(then));
        let (m, m_en) = messages::both(
            rule,
            &[
                ("cell", &zh),
                ("prior", &t),
                ("current", &n),
                ("delta", &shown_delta),
            ],
            &[
                ("cell", &en),
                ("prior", &t),
                ("current", &n),
                ("delta", &shown_delta),
            ],
        );
        let section = schema
            .cell(id)
            .or_else(|| prior.schema().cell(id))
            .map(|c| c.table.section());
        let line = report.cell(id).and_then(|c| c.line());
        let mut f = messages::finding(rule, vec![id.to_string()], section, m, m_en, line);
        f.actual = Some(now);
        f.expected = Some(then);
        out.push(f);
    }
}
