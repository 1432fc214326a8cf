//! Aligning a report with its prior year cell by cell, across template versions, and the
//! changes between them (`spec/report-model.md`, `spec/json-output.md`).

use std::collections::BTreeSet;
use std::str::FromStr;

use nianbao::compare::{AlignedRow, OnlyIn, Side, align, aligned_value, changes, compare};
use nianbao::model::{Cell, CellStatus, Report, Template};
use rust_decimal::Decimal;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("test decimal")
}

/// A report of `template` with the given cells read as numbers, every other cell missing.
fn report(template: Template, cells: &[(&str, &str)]) -> Report {
    let mut r = Report::empty(template);
    for (id, raw) in cells {
        assert!(r.cells.contains_key(id), "{id} is not a {template} cell");
        r.cells
            .insert((*id).to_owned(), Cell::number(*raw, dec(raw), None));
    }
    r
}

/// A report with every cell of its template written as 0.
fn zeros(template: Template) -> Report {
    let mut r = Report::empty(template);
    for cell in r.cells.values_mut() {
        *cell = Cell::number("0", Decimal::ZERO, None);
    }
    r
}

fn row<'a, 'r>(rows: &'r [AlignedRow<'a>], id: &str) -> &'r AlignedRow<'a> {
    let found: Vec<_> = rows.iter().filter(|r| r.id == id).collect();
    assert_eq!(found.len(), 1, "{id} should have exactly one row");
    found[0]
}

fn position(rows: &[AlignedRow<'_>], id: &str) -> usize {
    rows.iter()
        .position(|r| r.id == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

#[test]
fn same_template_gives_one_row_per_cell_in_form_order_with_both_sides() {
    for template in [Template::V2019, Template::V2021] {
        let (prior, current) = (zeros(template), zeros(template));
        let rows = align(&prior, &current);
        let ids: Vec<&str> = rows.iter().map(|r| r.id).collect();
        let form: Vec<&str> = template
            .schema()
            .cells
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, form);
        assert!(rows.iter().all(|r| r.only_in().is_none()));
        assert_eq!(changes(&rows).len(), form.len());
    }
}

#[test]
fn across_versions_every_id_of_either_report_has_exactly_one_row() {
    let (prior, current) = (zeros(Template::V2019), zeros(Template::V2021));
    let rows = align(&prior, &current);
    let ids: BTreeSet<&str> = rows.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), rows.len(), "no id twice");
    let union: BTreeSet<&str> = Template::V2019
        .schema()
        .cells
        .iter()
        .chain(&Template::V2021.schema().cells)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, union);
}

#[test]
fn application_and_review_cells_align_by_column_id_across_versions() {
    let (prior, current) = (zeros(Template::V2019), zeros(Template::V2021));
    let rows = align(&prior, &current);
    for def in Template::V2021.schema().cells.iter() {
        let r = row(&rows, &def.id);
        let in_2019 = Template::V2019.schema().cell(&def.id).is_some();
        if def.id.starts_with("review.") || (def.id.starts_with("apply.") && in_2019) {
            assert_eq!(r.only_in(), None, "{} should align", def.id);
            assert!(matches!(r.prior, Some(Side::Cell(_))), "{}", def.id);
        }
    }
    // ngo and legal changed label, not meaning.
    for id in [
        "apply.new.ngo",
        "apply.carried_out.legal",
        "apply.total.total",
    ] {
        assert_eq!(row(&rows, id).only_in(), None);
    }
    // Form order is this year's: new, carried_in … total, carried_out.
    assert!(position(&rows, "apply.new.total") < position(&rows, "apply.carried_in.natural"));
    assert!(position(&rows, "apply.total.total") < position(&rows, "apply.carried_out.natural"));
}

#[test]
fn active_cells_align_only_where_both_versions_have_the_id() {
    let (prior, current) = (zeros(Template::V2019), zeros(Template::V2021));
    let rows = align(&prior, &current);
    for id in [
        "active.licensing.decisions",
        "active.penalty.decisions",
        "active.coercion.decisions",
    ] {
        assert_eq!(row(&rows, id).only_in(), None, "{id}");
    }
    for id in [
        "active.rules.issued",
        "active.rules.repealed",
        "active.normative.in_force",
        "active.fees.amount",
    ] {
        assert_eq!(row(&rows, id).only_in(), Some(OnlyIn::Current), "{id}");
    }
    for id in [
        "active.rules.made",
        "active.normative.total",
        "active.licensing.prev_items",
        "active.licensing.change",
        "active.other_admin.decisions",
        "active.fees.prev_items",
        "active.procurement.amount",
    ] {
        assert_eq!(row(&rows, id).only_in(), Some(OnlyIn::Prior), "{id}");
    }
}

#[test]
fn prior_only_cells_stand_beside_their_own_row_or_after_the_row_before_them() {
    let (prior, current) = (zeros(Template::V2019), zeros(Template::V2021));
    let rows = align(&prior, &current);
    let ids: Vec<&str> = rows.iter().map(|r| r.id).collect();
    let active: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| id.starts_with("active."))
        .collect();
    assert_eq!(
        active,
        [
            "active.rules.issued",
            "active.rules.repealed",
            "active.rules.in_force",
            "active.rules.made",
            "active.rules.published",
            "active.rules.total",
            "active.normative.issued",
            "active.normative.repealed",
            "active.normative.in_force",
            "active.normative.made",
            "active.normative.published",
            "active.normative.total",
            "active.licensing.prev_items",
            "active.licensing.change",
            "active.licensing.decisions",
            "active.other_admin.prev_items",
            "active.other_admin.change",
            "active.other_admin.decisions",
            "active.penalty.prev_items",
            "active.penalty.change",
            "active.penalty.decisions",
            "active.coercion.prev_items",
            "active.coercion.change",
            "active.coercion.decisions",
            "active.fees.amount",
            "active.fees.prev_items",
            "active.fees.change",
            "active.procurement.items",
            "active.procurement.amount",
        ]
    );
    // The active table stays ahead of the application table.
    assert!(position(&rows, "active.procurement.amount") < position(&rows, "apply.new.natural"));
}

#[test]
fn the_2019_other_row_aligns_with_the_sum_of_the_three_2021_other_rows() {
    let prior = report(
        Template::V2019,
        &[("apply.other.natural", "3"), ("apply.other.total", "4")],
    );
    let current = report(
        Template::V2021,
        &[
            ("apply.other.no_correction.natural", "1"),
            ("apply.other.no_fee.natural", "0"),
            ("apply.other.other.natural", "2"),
            ("apply.other.no_correction.total", "1"),
            ("apply.other.no_fee.total", "0"),
            ("apply.other.other.total", "5"),
        ],
    );
    let rows = align(&prior, &current);
    let natural = row(&rows, "apply.other.natural");
    assert_eq!(natural.only_in(), None);
    assert_eq!(natural.values(), Some((dec("3"), dec("3"))));
    match natural.current {
        Some(Side::Sum { parts, value }) => {
            let ids: Vec<&str> = parts.iter().map(|(id, _)| *id).collect();
            assert_eq!(
                ids,
                [
                    "apply.other.no_correction.natural",
                    "apply.other.no_fee.natural",
                    "apply.other.other.natural"
                ]
            );
            assert_eq!(value, Some(dec("3")));
        }
        ref other => panic!("expected a sum, got {other:?}"),
    }
    assert_eq!(
        row(&rows, "apply.other.total").values(),
        Some((dec("4"), dec("6")))
    );
    assert_eq!(aligned_value(&current, "apply.other.total"), Some(dec("6")));

    // The virtual row stands between 5.要求…重新出具 and the three rows it sums, which are
    // this year's only and point back to it.
    let virtual_start = position(&rows, "apply.other.natural");
    assert_eq!(
        rows[virtual_start - 1].id,
        "apply.not_processed.reissue.total"
    );
    assert_eq!(
        rows[virtual_start + 7].id,
        "apply.other.no_correction.natural"
    );
    for sub in ["no_correction", "no_fee", "other"] {
        let part = row(&rows, &format!("apply.other.{sub}.business"));
        assert_eq!(part.only_in(), Some(OnlyIn::Current));
        assert_eq!(part.part_of, Some("apply.other.business"));
    }

    let cs = changes(&rows);
    let total = cs
        .iter()
        .find(|c| c.cell == "apply.other.total")
        .expect("a change for the virtual row");
    assert_eq!(total.delta, dec("2"));
}

#[test]
fn the_other_sum_is_unknown_when_a_part_is_unreadable_or_all_parts_are_blank() {
    let mut current = report(
        Template::V2021,
        &[
            ("apply.other.no_correction.natural", "1"),
            ("apply.other.other.natural", "2"),
        ],
    );
    current
        .cells
        .insert("apply.other.no_fee.natural", Cell::blank("", None));
    assert_eq!(
        aligned_value(&current, "apply.other.natural"),
        Some(dec("3"))
    );

    let mut unreadable = Cell::blank(":2", None);
    unreadable.status = CellStatus::Unreadable;
    current
        .cells
        .insert("apply.other.no_fee.natural", unreadable);
    assert_eq!(aligned_value(&current, "apply.other.natural"), None);

    for sub in ["no_correction", "no_fee", "other"] {
        current
            .cells
            .insert(format!("apply.other.{sub}.legal"), Cell::blank("", None));
    }
    assert_eq!(aligned_value(&current, "apply.other.legal"), None);
}

#[test]
fn a_2021_prior_against_a_2019_report_sums_the_prior_side_and_keeps_its_parts_below() {
    let prior = report(
        Template::V2021,
        &[
            ("apply.other.no_correction.natural", "1"),
            ("apply.other.no_fee.natural", "1"),
            ("apply.other.other.natural", "1"),
        ],
    );
    let current = report(Template::V2019, &[("apply.other.natural", "2")]);
    let rows = align(&prior, &current);
    let natural = row(&rows, "apply.other.natural");
    assert!(natural.prior.is_some_and(|s| s.is_sum()));
    assert_eq!(natural.values(), Some((dec("3"), dec("2"))));
    let part = position(&rows, "apply.other.no_correction.natural");
    assert!(part > position(&rows, "apply.other.total"));
    assert!(part < position(&rows, "apply.total.natural"));
    assert_eq!(rows[part].only_in(), Some(OnlyIn::Prior));
}

#[test]
fn only_in_one_version_is_never_read_as_zero() {
    let (prior, current) = (zeros(Template::V2019), zeros(Template::V2021));
    let rows = align(&prior, &current);
    let cs = changes(&rows);
    for r in rows.iter().filter(|r| r.only_in().is_some()) {
        assert_eq!(r.values(), None, "{}", r.id);
        match r.only_in() {
            Some(OnlyIn::Prior) => assert!(r.current.is_none(), "{}", r.id),
            _ => assert!(r.prior.is_none(), "{}", r.id),
        }
        assert!(cs.iter().all(|c| c.cell != r.id), "{} has no change", r.id);
    }
    assert!(cs.iter().any(|c| c.cell == "active.licensing.decisions"));
}

#[test]
fn a_blank_or_missing_side_gives_no_change() {
    let mut prior = report(Template::V2019, &[("apply.new.natural", "3")]);
    prior
        .cells
        .insert("apply.new.total", Cell::blank("　", None));
    let current = report(
        Template::V2019,
        &[("apply.new.natural", "5"), ("apply.new.total", "5")],
    );
    let cs = changes(&align(&prior, &current));
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].cell, "apply.new.natural");
    assert_eq!(cs[0].delta, dec("2"));
}

#[test]
fn changes_are_exact_and_serialise_counts_as_integers_and_amounts_as_strings() {
    let prior = report(
        Template::V2019,
        &[
            ("active.licensing.decisions", "1306"),
            ("active.other_admin.change", "-3"),
            ("active.procurement.amount", "512300.1"),
        ],
    );
    let current = report(
        Template::V2019,
        &[
            ("active.licensing.decisions", "1452"),
            ("active.other_admin.change", "2"),
            ("active.procurement.amount", "968775.75"),
        ],
    );
    let cmp = compare(&prior, &current);
    let json = serde_json::to_string(&cmp.changes).expect("serialise");
    assert_eq!(
        json,
        concat!(
            r#"[{"cell":"active.licensing.decisions","prior":1306,"current":1452,"delta":146},"#,
            r#"{"cell":"active.other_admin.change","prior":-3,"current":2,"delta":5},"#,
            r#"{"cell":"active.procurement.amount","prior":"512300.1","current":"968775.75","delta":"456475.65"}]"#
        )
    );
    // Decimal arithmetic: prior + delta gives current back to the last digit.
    let amount = &cmp.changes[2];
    assert_eq!(amount.prior + amount.delta, amount.current);
}

#[test]
fn a_fee_amount_in_2021_changes_as_a_decimal_string() {
    let prior = report(Template::V2021, &[("active.fees.amount", "0.3")]);
    let current = report(Template::V2021, &[("active.fees.amount", "2516.00")]);
    let cs = changes(&align(&prior, &current));
    let json = serde_json::to_value(cs[0]).expect("serialise");
    assert_eq!(json["delta"], "2515.70");
}

#[test]
fn a_swing_needs_both_the_percentage_and_the_absolute_threshold() {
    let pct = dec("50");
    let abs = dec("10");
    let case = |p: &str, c: &str| {
        nianbao::compare::Change::new(
            "apply.new.total",
            nianbao::model::ValueKind::Count,
            dec(p),
            dec(c),
        )
        .is_swing(pct, abs)
    };
    assert!(case("20", "31"), "+11, +55 %");
    assert!(case("20", "10"), "-10, -50 %");
    assert!(!case("20", "29"), "+9 is under 10");
    assert!(!case("100", "140"), "+40 % is under 50 %");
    assert!(case("0", "10"), "from zero any change of 10 is a swing");
    assert!(!case("0", "9"));
    assert!(!case("7", "7"));
}
