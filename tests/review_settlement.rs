//! `review::settlement`: the one meaning of "settled" (`review-states.md`, "Notes and
//! findings") that the CLI, the TUI, `status` and the memo use.

use nianbao::model::{Report, Template};
use nianbao::review::settlement::{findings_covered, is_settled, notes_on};
use nianbao::review::*;
use nianbao::rules::{EvalStatus, Finding, Severity, fingerprint};

fn report(sha_seed: u8) -> Report {
    let mut r = Report::empty(Template::V2019);
    r.meta.agency = Some("周村区行政审批服务局".into());
    r.meta.year = Some(2020);
    r.source.path = format!("rev{sha_seed}.txt");
    r.source.sha256 = format!("{sha_seed:02x}").repeat(32);
    r.sections[0].text = format!("第 {sha_seed} 稿");
    r
}

fn error(rule: &str, cells: &[&str]) -> Finding {
    let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
    Finding {
        rule: rule.into(),
        severity: Severity::Error,
        fingerprint: fingerprint(rule, &cells, None),
        cells,
        section: None,
        expected: None,
        actual: None,
        suspect: None,
        message: format!("{rule} 不成立"),
        message_en: format!("{rule} fails"),
        status: EvalStatus::Failed,
        line: None,
        quote: None,
    }
}

fn cell(id: &str) -> Target {
    Target::Cell { id: id.into() }
}

#[test]
fn a_settling_note_on_a_cell_settles_every_finding_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let r = report(1);
    let balance = error("apply.balance", &["apply.new.total", "apply.total.total"]);
    let other = error("apply.row_total", &["apply.granted.total"]);
    let findings = vec![balance.clone(), other.clone()];
    store.open_report(&r, &findings, "张三").unwrap();
    assert_eq!(
        findings_covered(&cell("apply.total.total"), &findings).len(),
        1
    );

    let id = store
        .annotate(
            &r,
            cell("apply.total.total"),
            "原表如此",
            AnnotationState::Open,
            "张三",
        )
        .unwrap();
    let rec = store.load(&r).unwrap().unwrap();
    assert_eq!(
        notes_on(&rec, &balance).count(),
        1,
        "an open note covers but does not settle"
    );
    assert!(!is_settled(&rec, &balance));
    store
        .set_state(&r, id, AnnotationState::Accepted, "张三")
        .unwrap();
    let rec = store.load(&r).unwrap().unwrap();
    assert!(is_settled(&rec, &balance));
    assert!(!is_settled(&rec, &other));
    let st = store.status(&r, None, &findings, None).unwrap();
    assert_eq!(st.unaccepted_errors.len(), 1);
    assert_eq!(st.unaccepted_errors[0].rule, "apply.row_total");

    // Withdrawn, it settles nothing any more, and stays in the record.
    store.withdraw(&r, id, "张三").unwrap();
    let rec = store.load(&r).unwrap().unwrap();
    assert!(!is_settled(&rec, &balance));
    assert!(rec.annotation(id).unwrap().withdrawn.is_some());
}

#[test]
fn a_finding_new_in_a_later_revision_is_not_settled_by_an_older_cell_note() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let v1 = report(1);
    let old = error("apply.balance", &["apply.new.total"]);
    store
        .open_report(&v1, std::slice::from_ref(&old), "张三")
        .unwrap();
    store
        .annotate(
            &v1,
            cell("apply.new.total"),
            "已核实",
            AnnotationState::Accepted,
            "张三",
        )
        .unwrap();

    // The resubmission still has the old finding and a new one on the same cell.
    let v2 = report(2);
    let new = error("apply.row_total", &["apply.new.total"]);
    let findings = vec![old.clone(), new.clone()];
    store.open_report(&v2, &findings, "张三").unwrap();
    let rec = store.load(&v2).unwrap().unwrap();
    assert!(
        is_settled(&rec, &old),
        "the note follows the finding that existed"
    );
    assert!(
        !is_settled(&rec, &new),
        "a finding first seen in revision 2 is not settled"
    );
    let refused = store
        .sign(
            &v2,
            None,
            &findings,
            SignRequest {
                decision: Decision::Approve,
                comment: "同意",
                reviewer: "张三",
                ruleset_version: "builtin",
            },
        )
        .unwrap_err();
    match refused {
        ReviewError::Refused { unaccepted } => {
            assert_eq!(unaccepted.len(), 1);
            assert_eq!(unaccepted[0].rule, "apply.row_total");
        }
        e => panic!("refused expected: {e}"),
    }
}
