//! The five seed reports parse to the model the spec describes: every fact of
//! `spec/rules.md` "Seen in the five seed reports" is asserted on the model, and each whole
//! parse is pinned by a reviewed snapshot.

use std::fmt::Write;
use std::path::Path;

use nianbao::model::{CellStatus, Report, SectionId, Template};
use rust_decimal::Decimal;

fn load(name: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    let source = nianbao::read::read_path(&path).expect("seed reads");
    nianbao::parse::parse(&source)
}

/// A compact, reviewable dump: meta, sections, every cell, notes.
fn dump(r: &Report) -> String {
    let mut s = String::new();
    let m = &r.meta;
    let _ = writeln!(
        s,
        "agency: {:?}\nyear: {:?}\ntemplate: {}\ntitle: {:?} (line {:?})",
        m.agency, m.year, m.template, m.title, m.title_line
    );
    for sec in &r.sections {
        let _ = writeln!(
            s,
            "{} present={} numbered={} line={:?} end={:?} heading={:?}",
            sec.id, sec.present, sec.numbered, sec.line, sec.end_line, sec.heading
        );
    }
    for c in &r.schema().cells {
        let cell = &r.cells[&c.id];
        let value = cell
            .value
            .map(|v| v.to_string())
            .unwrap_or_else(|| "-".into());
        let loc = cell
            .location
            .map(|l| {
                format!(
                    "{}:{}",
                    l.line,
                    l.column.map_or("".into(), |c| c.to_string())
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "{} = {:?} {} {:?} @{}{}{}",
            c.id,
            cell.raw,
            value,
            cell.status,
            loc,
            if cell.recovered { " recovered" } else { "" },
            if cell.candidates.is_empty() {
                String::new()
            } else {
                format!(" candidates={:?}", cell.candidates)
            }
        );
    }
    for e in &r.extras {
        let _ = writeln!(s, "extra {:?} {:?} line {}", e.table, e.label, e.line);
    }
    for f in &r.foreign_labels {
        let _ = writeln!(s, "foreign {:?} {} line {}", f.label, f.template, f.line);
    }
    for n in &r.notes {
        let _ = writeln!(
            s,
            "note {} line {:?}: {} {:?}",
            n.kind, n.line, n.message_en, n.cells
        );
    }
    s
}

fn status(r: &Report, id: &str) -> CellStatus {
    r.cell(id)
        .unwrap_or_else(|| panic!("{id} in cells"))
        .status
        .clone()
}

fn value(r: &Report, id: &str) -> Option<Decimal> {
    r.value(id)
}

#[test]
fn seeds_match_their_reviewed_snapshots() {
    for name in [
        "haiyuan-approval-2020.txt",
        "hengshan-approval-2020.txt",
        "yulin-hitech-2019.txt",
        "yuyang-health-2021.txt",
        "zhoucun-approval-2020.txt",
    ] {
        let r = load(name);
        insta::assert_snapshot!(format!("parse_{}", name.trim_end_matches(".txt")), dump(&r));
    }
}

#[test]
fn meta_of_every_seed() {
    let cases = [
        (
            "haiyuan-approval-2020.txt",
            Some("海原县审批服务管理局"),
            2020,
            Template::V2019,
        ),
        (
            "hengshan-approval-2020.txt",
            Some("榆林市横山区行政审批服务局"),
            2020,
            Template::V2019,
        ),
        (
            "yulin-hitech-2019.txt",
            // The title names its writer before the year (report-model.md: the title first).
            Some("榆林高新区管委会综合办公室"),
            2019,
            Template::V2019,
        ),
        (
            "yuyang-health-2021.txt",
            // No agency in its title, no publisher line, no signature: unknown, not guessed
            // from a phrase of the narrative.
            None,
            2021,
            Template::V2021,
        ),
        (
            "zhoucun-approval-2020.txt",
            Some("周村区行政审批服务局"),
            2020,
            Template::V2019,
        ),
    ];
    for (name, agency, year, template) in cases {
        let r = load(name);
        assert_eq!(r.meta.agency.as_deref(), agency, "{name}");
        assert_eq!(r.meta.year, Some(year), "{name}");
        assert_eq!(r.meta.template, template, "{name}");
        assert!(
            r.sections.iter().all(|s| s.present),
            "{name}: all six sections"
        );
        assert_eq!(r.cells.len(), r.schema().cells.len(), "{name}: every cell");
        assert!(
            r.cells.values().all(|c| c.status != CellStatus::Missing),
            "{name}: no row missing"
        );
    }
}

#[test]
fn yuyang_title_names_neither_agency_nor_year() {
    let r = load("yuyang-health-2021.txt");
    assert_eq!(r.meta.title.as_deref(), Some("政府信息公开工作年度报告"));
}

#[test]
fn hengshan_blank_cells_and_unnumbered_section_five() {
    let r = load("hengshan-approval-2020.txt");
    let s5 = r.section(SectionId::S5);
    assert!(s5.present && !s5.numbered);
    assert_eq!(s5.heading, "存在的主要问题及改进情况");
    assert!(r.section(SectionId::S6).numbered);
    // 一、本年新收: six blank cells, then 总计 0.
    for col in ["natural", "business", "research", "ngo", "legal", "other"] {
        assert_eq!(status(&r, &format!("apply.new.{col}")), CellStatus::Blank);
    }
    assert_eq!(value(&r, "apply.new.total"), Some(Decimal::ZERO));
    // Ideographic spaces are blank, `　0` is zero.
    assert_eq!(status(&r, "apply.granted.natural"), CellStatus::Blank);
    assert_eq!(
        value(&r, "apply.unavailable.needs_creation.total"),
        Some(Decimal::ZERO)
    );
    for g in ["appeal", "suit_direct", "suit_after_appeal"] {
        assert_eq!(status(&r, &format!("review.{g}.upheld")), CellStatus::Blank);
        assert_eq!(value(&r, &format!("review.{g}.total")), Some(Decimal::ZERO));
    }
    assert_eq!(
        value(&r, "active.procurement.amount"),
        Some(Decimal::new(96877575, 2))
    );
}

#[test]
fn zhoucun_unreadable_fee_and_one_direct_lawsuit() {
    let r = load("zhoucun-approval-2020.txt");
    let fee = r.cell("active.fees.prev_items").unwrap();
    assert_eq!(fee.status, CellStatus::Unreadable);
    assert_eq!(fee.raw, ":2");
    assert_eq!(value(&r, "review.suit_direct.other"), Some(Decimal::ONE));
    assert_eq!(value(&r, "review.suit_direct.total"), Some(Decimal::ONE));
    assert_eq!(value(&r, "review.appeal.total"), Some(Decimal::ZERO));
    assert_eq!(
        value(&r, "active.licensing.change"),
        Some(Decimal::from(42))
    );
    assert_eq!(
        value(&r, "active.licensing.decisions"),
        Some(Decimal::from(1306))
    );
}

#[test]
fn haiyuan_blank_appeal_and_realigned_rows() {
    let r = load("haiyuan-approval-2020.txt");
    for col in ["upheld", "corrected", "other", "pending", "total"] {
        assert_eq!(
            status(&r, &format!("review.appeal.{col}")),
            CellStatus::Blank
        );
        assert_eq!(
            value(&r, &format!("review.suit_direct.{col}")),
            Some(Decimal::ZERO)
        );
    }
    let realigned: Vec<_> = r.notes.iter().filter(|n| n.kind == "realigned").collect();
    assert_eq!(
        realigned.len(),
        7,
        "2.重复申请 … 四、结转: seven rows carry an eighth number"
    );
    assert!(
        realigned[0]
            .cells
            .iter()
            .any(|c| c.starts_with("apply.not_processed.repeat."))
    );
    // The eighth number does not shift columns: natural is the first number, total the seventh.
    let natural = r.cell("apply.not_processed.repeat.natural").unwrap();
    let total = r.cell("apply.not_processed.repeat.total").unwrap();
    assert_eq!(natural.value, Some(Decimal::ZERO));
    assert_eq!(total.value, Some(Decimal::ZERO));
    // Columns are characters (json-output.md): each number and its TAB are two, so the
    // seventh number stands twelve characters after the first.
    assert_eq!(
        total.location.and_then(|l| l.column),
        natural.location.and_then(|l| l.column).map(|c| c + 12)
    );
    assert!(r.cells.values().all(|c| c.status != CellStatus::Unreadable));
}

#[test]
fn yulin_lone_numbers_are_the_total_column() {
    let r = load("yulin-hitech-2019.txt");
    for row in [
        "new",
        "carried_in",
        "granted",
        "denied.state_secret",
        "total",
        "carried_out",
    ] {
        assert_eq!(
            value(&r, &format!("apply.{row}.total")),
            Some(Decimal::ZERO),
            "{row}"
        );
        for col in ["natural", "business", "research", "ngo", "legal", "other"] {
            assert_eq!(
                status(&r, &format!("apply.{row}.{col}")),
                CellStatus::Blank,
                "{row}.{col}"
            );
        }
    }
    assert_eq!(
        value(&r, "active.licensing.decisions"),
        Some(Decimal::from(192))
    );
    assert_eq!(value(&r, "active.penalty.change"), Some(Decimal::from(2)));
    assert_eq!(
        value(&r, "active.procurement.amount"),
        Some(Decimal::new(17337360239, 2))
    );
    assert_eq!(
        value(&r, "review.suit_after_appeal.total"),
        Some(Decimal::ZERO)
    );
}

/// Every note the parser writes on the samples is of a kind the model lists and explains, so
/// JSON readers and the screen can rely on the list.
#[test]
fn every_note_kind_on_the_samples_is_listed_in_the_model() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut seen = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("samples") {
        let path = entry.expect("entry").path();
        let Ok(report) = nianbao::load(&path) else {
            continue;
        };
        for n in &report.notes {
            assert!(
                nianbao::model::NOTE_KINDS.iter().any(|(k, _)| *k == n.kind),
                "{}: the note kind {:?} is not in model::NOTE_KINDS",
                path.display(),
                n.kind
            );
            seen.insert(n.kind.clone());
        }
    }
    // The samples show the parser's notes at work, not an empty list passing by default.
    assert!(seen.len() >= 3, "{seen:?}");
}
