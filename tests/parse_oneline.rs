//! The one-line copies of the zhoucun pair (a web page copied as text: chrome around it, every
//! separator gone) read to the laid-out pair's cells or mark them ambiguous, point each cell at
//! its column in the line, and pair with each other as the laid-out pair does.

use std::path::Path;

use assert_cmd::Command;
use nianbao::model::{CellStatus, Report};

fn load(name: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    nianbao::parse::parse(&nianbao::read::read_path(&path).expect("sample reads"))
}

#[test]
fn one_line_reads_the_laid_out_cells_or_ambiguous() {
    for year in [2019, 2020] {
        let laid = load(&format!("zhoucun-approval-{year}.txt"));
        let flat = load(&format!("zhoucun-approval-{year}.oneline.txt"));
        assert_eq!(flat.meta.year, Some(year));
        let mut exact = 0;
        let mut known = 0;
        for (id, cell) in &laid.cells {
            let Some(want) = cell.value else { continue };
            known += 1;
            let got = &flat.cells[id];
            match got.value {
                Some(v) => {
                    assert_eq!(v, want, "{year} {id}");
                    exact += 1;
                }
                None => assert_eq!(got.status, CellStatus::Ambiguous, "{year} {id}"),
            }
        }
        assert!(exact * 100 >= known * 95, "{year}: {exact} of {known} read");
        assert!(
            flat.sections.iter().all(|s| s.present),
            "{year}: six sections"
        );
    }
}

#[test]
fn cells_point_at_their_column_in_the_line() {
    let flat = load("zhoucun-approval-2020.oneline.txt");
    let line: Vec<char> = flat.lines[0].chars().collect();
    assert_eq!(flat.lines.len(), 1);
    let cell = &flat.cells["active.licensing.prev_items"];
    let loc = cell.location.expect("located");
    assert_eq!(loc.line, 1);
    let at: String = line[loc.column.expect("a column") - 1..]
        .iter()
        .take(4)
        .collect();
    assert_eq!(at, "1264", "the column points at the cell's digits");
    let new = flat.cells["apply.new.total"].location.expect("located");
    let before: String = line[..new.column.expect("a column") - 1].iter().collect();
    assert!(before.ends_with("本年新收政府信息公开申请数量"), "{before}");
}

#[test]
fn one_line_pair_pairs_like_the_laid_out_pair() {
    let out = Command::cargo_bin("nianbao")
        .expect("binary built")
        .args([
            "check",
            "--json",
            "samples/zhoucun-approval-2020.oneline.txt",
            "samples/zhoucun-approval-2019.oneline.txt",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    let first = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value =
        serde_json::from_str(first.lines().next().expect("one line per report")).expect("json");
    assert_eq!(
        report["prior"]["path"], "samples/zhoucun-approval-2019.oneline.txt",
        "the 2020 one-line report pairs with its 2019 one-line prior"
    );
}
