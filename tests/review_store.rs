//! The review store: revisions, annotations and their history, sign-off and staleness, the
//! audit log, and records that do not parse.

use std::fs;

use nianbao::model::{Report, SectionId, Template};
use nianbao::review::*;
use nianbao::rules::{EvalStatus, Finding, Severity, fingerprint};

fn report(agency: &str, year: i32, sha_seed: u8) -> Report {
    let mut r = Report::empty(Template::V2019);
    r.meta.agency = Some(agency.into());
    r.meta.year = Some(year);
    r.source.path = format!("samples/{agency}-{year}.txt");
    r.source.sha256 = format!("{sha_seed:02x}").repeat(32);
    r
}

fn finding(rule: &str, cells: &[&str], severity: Severity) -> Finding {
    let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
    Finding {
        rule: rule.into(),
        severity,
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

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

fn sign<'a>(decision: Decision, comment: &'a str) -> SignRequest<'a> {
    SignRequest {
        decision,
        comment,
        reviewer: "张三",
        ruleset_version: "builtin",
    }
}

#[test]
fn opening_a_report_creates_revision_one_and_reopening_the_same_bytes_writes_nothing() {
    let (_d, store) = store();
    let r = report("周村区行政审批服务局", 2020, 1);
    assert!(store.load(&r).unwrap().is_none());
    let rec = store.open_report(&r, &[], "张三").unwrap();
    assert_eq!(rec.revisions.len(), 1);
    assert_eq!(rec.revisions[0].number, 1);
    assert_eq!(rec.schema, SCHEMA_VERSION);
    let bytes = fs::read(store.record_path(&r)).unwrap();
    store.open_report(&r, &[], "李四").unwrap();
    assert_eq!(fs::read(store.record_path(&r)).unwrap(), bytes);
}

#[test]
fn a_resubmission_adds_a_revision_and_earlier_notes_carry_the_revision_they_were_written_on() {
    let (_d, store) = store();
    let v1 = report("周村区行政审批服务局", 2020, 1);
    let id = store
        .annotate(
            &v1,
            Target::Cell {
                id: "apply.new.total".into(),
            },
            "本年新收申请数与正文\n所述不一致",
            AnnotationState::Open,
            "张三",
        )
        .unwrap();
    // The same agency written with a stray space: the same record.
    let mut v2 = report("周村区 行政审批服务局", 2020, 2);
    v2.meta.agency = Some("周村区 行政审批服务局".into());
    let rec = store.open_report(&v2, &[], "张三").unwrap();
    assert_eq!(rec.revisions.len(), 2);
    assert_eq!(rec.revision_of(&v2), Some(2));
    let note = rec.annotation(id).unwrap();
    assert_eq!(note.text, "本年新收申请数与正文\n所述不一致");
    assert_eq!(note.carried_from(2), Some(1));
    assert!(
        rec.audit
            .iter()
            .any(|e| matches!(e.event, AuditEvent::RevisionAdded { revision: 2, .. }))
    );
}

#[test]
fn edits_and_state_changes_keep_the_earlier_text_and_are_audited_append_only() {
    let (_d, store) = store();
    let r = report("横山区行政审批服务局", 2020, 3);
    let id = store
        .annotate(
            &r,
            Target::Section { id: SectionId::S5 },
            "第五部分缺少编号",
            AnnotationState::Open,
            "张三",
        )
        .unwrap();
    let before = store.load(&r).unwrap().unwrap().audit;
    store
        .edit_annotation(&r, id, "第五部分标题缺少“五、”编号", "李四")
        .unwrap();
    store
        .set_state(&r, id, AnnotationState::Resolved, "李四")
        .unwrap();
    let rec = store.load(&r).unwrap().unwrap();
    let a = rec.annotation(id).unwrap();
    assert_eq!(a.text, "第五部分标题缺少“五、”编号");
    assert_eq!(a.state, AnnotationState::Resolved);
    assert_eq!(a.history.len(), 2);
    assert_eq!(a.history[0].text, "第五部分缺少编号");
    assert_eq!(a.history[1].state, AnnotationState::Open);
    assert_eq!(rec.audit[..before.len()], before[..]);
    let events: Vec<_> = rec.audit.iter().map(|e| (&e.who[..], &e.event)).collect();
    assert!(matches!(events[2], ("李四", AuditEvent::Edited { .. })));
    assert!(matches!(
        events[3],
        (
            "李四",
            AuditEvent::StateChanged {
                from: AnnotationState::Open,
                to: AnnotationState::Resolved,
                ..
            }
        )
    ));
    assert!(rec.audit.windows(2).all(|w| w[1].seq == w[0].seq + 1));
}

#[test]
fn approving_with_an_unaccepted_error_is_refused_naming_the_finding() {
    let (_d, store) = store();
    let r = report("周村区行政审批服务局", 2020, 1);
    let err = finding(
        "cell.unreadable",
        &["active.fees.prev_items"],
        Severity::Error,
    );
    let warn = finding("narrative.year", &[], Severity::Warning);
    let findings = [err.clone(), warn];
    let e = store
        .sign(&r, None, &findings, sign(Decision::Approve, "同意"))
        .unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("cell.unreadable"), "{msg}");
    assert!(msg.contains("active.fees.prev_items"), "{msg}");
    assert!(!msg.contains("narrative.year"), "{msg}");
    assert!(matches!(e, ReviewError::Refused { ref unaccepted } if unaccepted.len() == 1));
    // Nothing was signed.
    let st = store.status(&r, None, &findings, None).unwrap();
    assert_eq!(st.state, SignState::Unsigned);

    // An open note does not clear it; an accepted one does.
    let id = store
        .annotate(
            &r,
            Target::finding(&err),
            "“:2”应为2",
            AnnotationState::Open,
            "张三",
        )
        .unwrap();
    assert!(
        store
            .sign(&r, None, &findings, sign(Decision::Approve, "同意"))
            .is_err()
    );
    store
        .set_state(&r, id, AnnotationState::Accepted, "张三")
        .unwrap();
    store
        .sign(&r, None, &findings, sign(Decision::Approve, "同意"))
        .unwrap();
    let st = store.status(&r, None, &findings, Some("builtin")).unwrap();
    assert_eq!(st.state, SignState::Approved);
    assert_eq!(st.errors, 1);
    assert!(st.unaccepted_errors.is_empty());
}

#[test]
fn returning_is_allowed_with_open_errors() {
    let (_d, store) = store();
    let r = report("海原县行政审批服务局", 2020, 4);
    let findings = [finding(
        "apply.balance",
        &["apply.new.total"],
        Severity::Error,
    )];
    store
        .annotate(
            &r,
            Target::finding(&findings[0]),
            "请核对",
            AnnotationState::Open,
            "张三",
        )
        .unwrap();
    store
        .sign(
            &r,
            None,
            &findings,
            sign(Decision::Return, "请整改后重新报送"),
        )
        .unwrap();
    let st = store.status(&r, None, &findings, None).unwrap();
    assert_eq!(st.state, SignState::Returned);
    assert_eq!(st.open_annotations, 1);
    assert_eq!(st.unaccepted_errors.len(), 1);
    assert!(st.summary(nianbao::Lang::En).starts_with("returned"));
}

#[test]
fn editing_the_report_after_sign_off_makes_status_stale() {
    let (_d, store) = store();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("yuyang-health-2021.txt");
    fs::write(
        &path,
        "榆阳区卫生健康局2021年政府信息公开工作年度报告\n一、总体情况\n本年度依法公开。\n",
    )
    .unwrap();
    let load = || {
        let mut r = nianbao::load(&path).unwrap();
        r.meta.agency = Some("榆阳区卫生健康局".into());
        r.meta.year = Some(2021);
        r
    };
    let signed = load();
    assert!(!signed.source.sha256.is_empty());
    store
        .sign(&signed, None, &[], sign(Decision::Approve, "同意"))
        .unwrap();
    assert_eq!(
        store.status(&load(), None, &[], None).unwrap().state,
        SignState::Approved
    );

    fs::write(
        &path,
        "榆阳区卫生健康局2021年政府信息公开工作年度报告\n一、总体情况\n本年度依法公开（修订）。\n",
    )
    .unwrap();
    let edited = load();
    let st = store.status(&edited, None, &[], None).unwrap();
    assert_eq!(st.state, SignState::Stale);
    assert!(matches!(
        st.stale_reasons[..],
        [StaleReason::ReportChanged { .. }]
    ));
    assert!(
        st.summary(nianbao::Lang::En)
            .contains("changed since it was signed")
    );
}

#[test]
fn a_different_prior_or_rule_set_also_makes_the_sign_off_stale() {
    let (_d, store) = store();
    let r = report("榆林高新区", 2020, 5);
    let prior = report("榆林高新区", 2019, 6);
    let mut other_prior = report("榆林高新区", 2019, 7);
    // Another prior that reads differently (the same content in another file is not a change).
    other_prior.sections[0].text = "本年度另有表述。".into();
    store
        .sign(&r, Some(&prior), &[], sign(Decision::Return, "退回"))
        .unwrap();
    let ok = store
        .status(&r, Some(&prior), &[], Some("builtin"))
        .unwrap();
    assert_eq!(ok.state, SignState::Returned);
    let st = store.status(&r, Some(&other_prior), &[], None).unwrap();
    assert_eq!(st.state, SignState::Stale);
    assert!(matches!(
        st.stale_reasons[..],
        [StaleReason::PriorChanged { .. }]
    ));
    let st = store.status(&r, None, &[], Some("abc123")).unwrap();
    assert!(matches!(
        st.stale_reasons[..],
        [StaleReason::RulesChanged { .. }]
    ));
}

#[test]
fn reopening_withdraws_the_sign_off_and_is_audited() {
    let (_d, store) = store();
    let r = report("周村区行政审批服务局", 2020, 1);
    assert!(matches!(
        store.reopen(&r, "误签", "张三"),
        Err(ReviewError::NotSigned)
    ));
    store
        .sign(&r, None, &[], sign(Decision::Approve, "同意"))
        .unwrap();
    store.reopen(&r, "误签，重新审核", "李四").unwrap();
    assert_eq!(
        store.status(&r, None, &[], None).unwrap().state,
        SignState::Unsigned
    );
    let rec = store.load(&r).unwrap().unwrap();
    assert_eq!(rec.signoffs.len(), 1);
    assert_eq!(rec.signoffs[0].reopened.as_ref().unwrap().by, "李四");
    assert!(matches!(
        rec.audit.last().unwrap().event,
        AuditEvent::Reopened { revision: 1, .. }
    ));
}

#[test]
fn a_note_on_a_finding_that_goes_away_says_which_revision_fixed_it() {
    let (_d, store) = store();
    let v1 = report("周村区行政审批服务局", 2020, 1);
    let f = finding(
        "cell.unreadable",
        &["active.fees.prev_items"],
        Severity::Error,
    );
    store
        .open_report(&v1, std::slice::from_ref(&f), "张三")
        .unwrap();
    let id = store
        .annotate(
            &v1,
            Target::finding(&f),
            "请更正",
            AnnotationState::Open,
            "张三",
        )
        .unwrap();
    let v2 = report("周村区行政审批服务局", 2020, 2);
    store.open_report(&v2, &[], "张三").unwrap();
    let v3 = report("周村区行政审批服务局", 2020, 3);
    let rec = store.open_report(&v3, &[], "张三").unwrap();
    let a = rec.annotation(id).unwrap();
    assert_eq!(rec.finding_fate(a, &[], 3), FindingFate::FixedIn(2));
    assert_eq!(
        rec.finding_fate(a, std::slice::from_ref(&f), 3),
        FindingFate::Present
    );
}

#[test]
fn a_corrupted_record_gives_an_error_and_stays_byte_identical() {
    let (_d, store) = store();
    let r = report("周村区行政审批服务局", 2020, 1);
    store
        .annotate(
            &r,
            Target::Cell {
                id: "apply.new.total".into(),
            },
            "原有批注",
            AnnotationState::Open,
            "张三",
        )
        .unwrap();
    let path = store.record_path(&r);
    let good = fs::read(&path).unwrap();
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("torn", good[..good.len() / 2].to_vec()),
        ("garbage", b"\x00\xff not json".to_vec()),
        ("empty", Vec::new()),
        (
            "wrong shape",
            br#"{"schema":1,"identity":{"key":"2020|x"}}"#.to_vec(),
        ),
    ];
    for (what, bytes) in damaged {
        fs::write(&path, &bytes).unwrap();
        let cell = Target::Cell {
            id: "apply.new.total".into(),
        };
        let errs = [
            store.load(&r).map(|_| ()).unwrap_err(),
            store
                .annotate(&r, cell, "新批注", AnnotationState::Open, "张三")
                .map(|_| ())
                .unwrap_err(),
            store.open_report(&r, &[], "张三").map(|_| ()).unwrap_err(),
            store.status(&r, None, &[], None).map(|_| ()).unwrap_err(),
            store
                .sign(&r, None, &[], sign(Decision::Return, "退回"))
                .map(|_| ())
                .unwrap_err(),
        ];
        for e in errs {
            assert!(matches!(e, ReviewError::Corrupt { .. }), "{what}: {e}");
            let msg = e.to_string();
            assert!(msg.contains("left untouched"), "{msg}");
            assert!(msg.contains(&path.display().to_string()), "{msg}");
        }
        assert_eq!(
            fs::read(&path).unwrap(),
            bytes,
            "{what}: record was rewritten"
        );
    }
}

#[test]
fn a_record_from_a_newer_nianbao_is_refused_and_left_alone() {
    let (_d, store) = store();
    let r = report("周村区行政审批服务局", 2020, 1);
    store.open_report(&r, &[], "张三").unwrap();
    let path = store.record_path(&r);
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("\"schema\": 2", "\"schema\": 99");
    fs::write(&path, &text).unwrap();
    let e = store.open_report(&r, &[], "张三").unwrap_err();
    assert!(
        matches!(e, ReviewError::NewerSchema { found: 99, .. }),
        "{e}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_report_without_agency_or_year_is_keyed_by_its_content_not_its_file_name() {
    let (_d, store) = store();
    let unidentified = |path: &str, text: &str, sha: &str| {
        let mut r = Report::empty(Template::V2021);
        r.source.path = path.into();
        r.source.sha256 = sha.repeat(32);
        r.sections[0].text = text.into();
        r
    };
    let a = unidentified(
        "A/report.txt",
        "本年度我单位认真做好政府信息公开工作。",
        "aa",
    );
    let b = unidentified("B/report.txt", "本年度本机关依法公开政府信息。", "bb");
    let rec = store.open_report(&a, &[], "张三").unwrap();
    assert!(rec.identity.unidentified);
    assert_eq!(rec.identity.key, format!("content|{}", a.content_hash()));
    let name = store.record_path(&a);
    let name = name.file_name().unwrap().to_string_lossy();
    assert!(name.starts_with("content-"), "{name}");
    // Same file name, other content: another record; same content, other file: the same.
    assert_ne!(store.record_path(&a), store.record_path(&b));
    let a_docx = unidentified(
        "elsewhere/a.docx",
        "本年度我单位认真做好政府信息公开工作。",
        "cc",
    );
    assert_eq!(store.record_path(&a), store.record_path(&a_docx));
}

#[test]
fn a_report_without_a_hash_is_refused_with_a_hint() {
    let (_d, store) = store();
    let mut r = report("周村区行政审批服务局", 2020, 1);
    r.source.sha256.clear();
    let e = store.open_report(&r, &[], "张三").unwrap_err();
    assert!(e.to_string().contains("nianbao::load"), "{e}");
}

#[test]
fn unknown_annotation_ids_and_cells_and_empty_text_are_errors() {
    let (_d, store) = store();
    let r = report("周村区行政审批服务局", 2020, 1);
    let e = store
        .set_state(&r, AnnotationId(7), AnnotationState::Resolved, "张三")
        .unwrap_err();
    assert!(matches!(e, ReviewError::NoSuchAnnotation { id: 7 }));
    let bad = Target::Cell {
        id: "apply.nonsense".into(),
    };
    assert!(matches!(
        store.annotate(&r, bad, "x", AnnotationState::Open, "张三"),
        Err(ReviewError::BadTarget(_))
    ));
    let cell = Target::Cell {
        id: "apply.new.total".into(),
    };
    assert!(matches!(
        store.annotate(&r, cell, " \n", AnnotationState::Open, "张三"),
        Err(ReviewError::EmptyText)
    ));
    assert_eq!("#3".parse::<AnnotationId>().unwrap(), AnnotationId(3));
    assert_eq!(
        "accepted".parse::<AnnotationState>().unwrap(),
        AnnotationState::Accepted
    );
}

#[test]
fn cli_flags_resolve_to_targets() {
    let r = report("周村区行政审批服务局", 2020, 1);
    let a = finding("apply.row_total", &["apply.new.total"], Severity::Error);
    let b = finding("apply.row_total", &["apply.granted.total"], Severity::Error);
    let findings = [a.clone(), b];
    let t = Target::resolve(&r, &findings, Some("apply.new.total"), None, None).unwrap();
    assert_eq!(
        t,
        Target::Cell {
            id: "apply.new.total".into()
        }
    );
    let t = Target::resolve(&r, &findings, None, None, Some("s3")).unwrap();
    assert_eq!(t, Target::Section { id: SectionId::S3 });
    let e = Target::resolve(&r, &findings, None, Some("apply.row_total"), None).unwrap_err();
    assert!(e.to_string().contains("add --cell"), "{e}");
    let t = Target::resolve(
        &r,
        &findings,
        Some("apply.new.total"),
        Some("apply.row_total"),
        None,
    )
    .unwrap();
    assert_eq!(t, Target::finding(&a));
    assert!(Target::resolve(&r, &findings, None, Some("apply.balance"), None).is_err());
    assert!(Target::resolve(&r, &findings, None, None, Some("s9")).is_err());
    assert!(Target::resolve(&r, &findings, None, None, None).is_err());
}

#[test]
fn the_store_flag_wins_and_the_store_directory_is_created() {
    let d = tempfile::tempdir().unwrap();
    let want = d.path().join("nested/reviews");
    assert_eq!(Store::default_dir(Some(&want)).unwrap(), want);
    let store = Store::open(&want).unwrap();
    assert!(store.dir().is_dir());
}
