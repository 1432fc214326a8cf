//! The layout harness: every seed's cells, and generated cells that satisfy the form's
//! equations, rendered into each layout family of `spec/layouts.md` and read back. A cell
//! reads back exact, recovered (run-together digits cut by the arithmetic), ambiguous (no
//! value), or wrong; wrong must never happen.

#[path = "support/layouts.rs"]
mod layouts;

use std::collections::BTreeMap;
use std::path::Path;

use layouts::{Family, generated_cells, render};
use nianbao::model::{CellStatus, Template};
use proptest::prelude::*;
use rust_decimal::Decimal;

#[derive(Debug, Default)]
struct Tally {
    exact: usize,
    recovered: usize,
    ambiguous: usize,
    wrong: Vec<String>,
}

fn read_back(
    template: Template,
    year: i32,
    cells: &BTreeMap<String, String>,
    family: Family,
) -> Tally {
    let text = render(template, year, cells, family);
    let source = nianbao::read::read_bytes(family.file_name(), text.as_bytes()).expect("reads");
    let report = nianbao::parse::parse(&source);
    let mut t = Tally::default();
    for (id, raw) in cells {
        let want = nianbao::parse::lex(raw);
        let nianbao::parse::Lexed::Number(want, _) = want else {
            continue;
        };
        let Some(cell) = report.cell(id) else {
            continue;
        };
        match cell.value {
            Some(v) if v == want && cell.recovered => t.recovered += 1,
            Some(v) if v == want => t.exact += 1,
            Some(v) => t.wrong.push(format!("{family:?} {id}: {v} (truth {want})")),
            None if cell.status == CellStatus::Ambiguous => t.ambiguous += 1,
            None => t.ambiguous += 1,
        }
    }
    t
}

fn seed_cells(name: &str) -> (Template, i32, BTreeMap<String, String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    let report = nianbao::parse::parse(&nianbao::read::read_path(&path).expect("seed reads"));
    let cells = report
        .cells
        .iter()
        .filter_map(|(id, c)| c.value.map(|v: Decimal| (id.clone(), v.to_string())))
        .collect();
    (
        report.meta.template,
        report.meta.year.unwrap_or(2020),
        cells,
    )
}

#[test]
fn seeds_read_back_in_every_family_never_wrong() {
    let seeds = [
        "zhoucun-approval-2020.txt",
        "haiyuan-approval-2020.txt",
        "yuyang-health-2021.txt",
        "hengshan-approval-2020.txt",
        "yulin-hitech-2019.txt",
    ];
    for family in Family::ALL {
        let mut all = Tally::default();
        for seed in seeds {
            let (template, year, cells) = seed_cells(seed);
            let t = read_back(template, year, &cells, family);
            all.exact += t.exact;
            all.recovered += t.recovered;
            all.ambiguous += t.ambiguous;
            all.wrong.extend(t.wrong);
        }
        eprintln!(
            "{family:?}: exact {}, recovered {}, ambiguous {}, wrong {}",
            all.exact,
            all.recovered,
            all.ambiguous,
            all.wrong.len()
        );
        assert!(
            all.wrong.is_empty(),
            "{:?}",
            &all.wrong[..all.wrong.len().min(8)]
        );
        let read = all.exact + all.recovered;
        assert!(
            read * 10 >= (read + all.ambiguous) * 8,
            "{family:?}: too few cells read"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn generated_reports_never_read_wrong_in_one_line(seed in any::<u64>(), v2021 in any::<bool>()) {
        let (template, year) = if v2021 { (Template::V2021, 2022) } else { (Template::V2019, 2020) };
        let cells = generated_cells(template, seed);
        for family in Family::ALL {
            let t = read_back(template, year, &cells, family);
            prop_assert!(t.wrong.is_empty(), "{:?}", t.wrong);
        }
    }
}
