//! Report (+ prior) → findings. The rules are data (`default_rules.toml`, embedded); a user's
//! file can change a rule's severity, threshold or messages, disable it, or add an arithmetic
//! rule. Arithmetic rules are equations in the file, evaluated by [`equations`]; the others
//! are implemented here, one module per area, with severity, thresholds, word lists and
//! messages from the file.
//!
//! ```
//! use nianbao::model::{Report, Template};
//! use nianbao::rules::{RuleSet, check};
//!
//! let rules = RuleSet::builtin();
//! let report = Report::empty(Template::V2021);
//! let findings = check(&report, None, &rules);
//! assert!(findings.iter().any(|f| f.rule == "structure.section"));
//! ```

mod cells;
mod equations;
mod expr;
mod finding;
mod messages;
mod narrative;
mod ruleset;
mod structure;
mod yoy;

pub use finding::{EvalStatus, Finding, Severity, fingerprint};
pub use messages::{cell_label, cell_label_en};
pub use ruleset::{DEFAULT_RULES, Fact, Rule, RuleSet, RulesError, Topic};

use crate::model::{self, Cell, CellStatus, Report, Template};

/// Run every enabled rule on a report, and the rules against last year when a prior report
/// is given. Findings come ordered by section (report-level ones first), then by the table
/// position of their first cell, then by rule id, then by line.
pub fn check(report: &Report, prior: Option<&Report>, rules: &RuleSet) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(error) = &rules.inner.broken {
        out.push(Finding {
            rule: "rules.invalid".into(),
            severity: Severity::Error,
            cells: Vec::new(),
            section: None,
            expected: None,
            actual: None,
            suspect: None,
            fingerprint: fingerprint("rules.invalid", &[], None),
            message: format!("内置规则文件无效，未进行检查：{error}"),
            message_en: format!("The built-in rule file is invalid; nothing was checked: {error}"),
            status: EvalStatus::NotEvaluable,
            line: None,
            quote: None,
        });
        return out;
    }
    // A prior report of another agency or year makes every comparison meaningless.
    let paired = match prior {
        Some(p) => {
            let (finding, go_on) = yoy::pairing(report, p, rules);
            out.extend(finding);
            go_on.then_some(p)
        }
        None => None,
    };
    let current = grid(report);
    let prior_grid = paired.map(grid).unwrap_or_default();
    equations::check(report, paired, (&current, &prior_grid), rules, &mut out);
    cells::check(report, &current, rules, &mut out);
    structure::check(report, &current, rules, &mut out);
    narrative::check(report, rules, &mut out);
    if let Some(p) = paired {
        yoy::check(report, p, (&current, &prior_grid), rules, &mut out);
    }
    order(report, &mut out);
    out
}

/// Whether a parsed text is an annual report at all: it has one of the six section headings
/// or one of the template's table labels (a cell placed under a row label). A text with
/// neither (a notice, an empty page, `hello world`) is refused as "not an annual report"
/// (`spec/json-output.md`, exit 2) rather than checked into dozens of findings.
pub fn is_annual_report(report: &Report) -> bool {
    report.sections.iter().any(|s| s.present)
        || report
            .cells
            .values()
            .any(|c| c.status != CellStatus::Missing)
}

/// A report's cells in schema order, looked up once, so rules index them by position.
fn grid(report: &Report) -> Vec<Option<&Cell>> {
    let mut grid = report.cells_by_position();
    if single_other(report) {
        single_other_grid(report, &mut grid);
    }
    grid
}

/// A 2021-format report that writes （六）其他处理 as one row, as the 2019 form did
/// (report-model.md): the parser reads it as `apply.other.<col>`, outside the 2021 schema.
pub(crate) fn single_other(report: &Report) -> bool {
    report.meta.template == Template::V2021
        && report
            .cell("apply.other.total")
            .is_some_and(|c| c.status != CellStatus::Missing)
}

/// A zero that stands for a sub-row the single （六） row sums up.
static ZERO: std::sync::LazyLock<Cell> =
    std::sync::LazyLock::new(|| Cell::number("", rust_decimal::Decimal::ZERO, None));

/// The arithmetic reads the single （六） row as the sum of its three sub-rows: its numbers
/// stand in the last (`other.other`), zeros in the two others. So the results sum holds or
/// fails with it, and no `structure.table` finding is added for the sub-rows it replaces
/// (`template.mixed` reports the row instead).
fn single_other_grid<'r>(report: &'r Report, grid: &mut [Option<&'r Cell>]) {
    let schema = report.schema();
    for column in model::APPLY_COLUMNS {
        let Some(cell) = report.cell(&format!("apply.other.{column}")) else {
            continue;
        };
        for (row, stands) in [
            ("no_correction", &*ZERO),
            ("no_fee", &*ZERO),
            ("other", cell),
        ] {
            let id = format!("apply.other.{row}.{column}");
            let missing = report
                .cell(&id)
                .is_none_or(|c| c.status == CellStatus::Missing);
            if let Some(slot) = schema.position(&id).and_then(|p| grid.get_mut(p))
                && missing
            {
                *slot = Some(stands);
            }
        }
    }
}

/// The deterministic order of findings.
fn order(report: &Report, findings: &mut [Finding]) {
    let schema = report.schema();
    findings.sort_by_cached_key(|f| {
        (
            f.section.map(|s| s.index() + 1).unwrap_or(0),
            f.cells
                .first()
                .and_then(|c| schema.position(c))
                .map(|p| p + 1)
                .unwrap_or(0),
            f.rule.clone(),
            f.line.unwrap_or(0),
            f.fingerprint.clone(),
        )
    });
}

/// The rule if it is enabled and applies to this template.
fn active<'r>(rules: &'r RuleSet, id: &str, template: Template) -> Option<&'r ruleset::Rule> {
    rules.rule(id).filter(|r| r.applies_to(template))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grid as first written: each id of the map looked up in the schema.
    fn plain_grid(report: &Report) -> Vec<Option<&Cell>> {
        let schema = report.schema();
        let mut grid = vec![None; schema.cells.len()];
        for (id, cell) in &report.cells {
            if let Some(slot) = schema.position(id).and_then(|p| grid.get_mut(p)) {
                *slot = Some(cell);
            }
        }
        grid
    }

    #[test]
    fn the_merged_grid_is_the_looked_up_one() {
        for t in [Template::V2019, Template::V2021] {
            let mut r = Report::empty(t);
            // Ids outside the schema, before, between and after its own.
            for (i, id) in ["a", "apply.other.zz", "apply.zzz", "review.x", "zz"]
                .into_iter()
                .enumerate()
            {
                let value = rust_decimal::Decimal::from(i);
                r.cells.insert(id, Cell::number("", value, None));
            }
            r.cells.remove("apply.new.total");
            let same = |a: &Option<&Cell>, b: &Option<&Cell>| match (a, b) {
                (Some(a), Some(b)) => std::ptr::eq(*a, *b),
                (a, b) => a.is_none() && b.is_none(),
            };
            let (merged, plain) = (grid(&r), plain_grid(&r));
            assert_eq!(merged.len(), plain.len());
            assert!(merged.iter().zip(&plain).all(|(a, b)| same(a, b)), "{t:?}");
        }
    }
}
