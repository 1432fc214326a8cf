//! A review store that proves its history (`review-states.md`, "Verification"), through the
//! binary: an intact store verifies; a hand-edited note, a return rewritten as an approval, a
//! deleted audit entry and a state edited apart from its log are each caught by `verify`
//! (exit 1, naming record and entry), shown as `记录被改动` by `status` and the memo, and left
//! byte-identical; a store written by the previous format opens, migrates on the first change
//! (the old file kept) and verifies.

mod store_desk;

use std::fs;
use std::path::Path;

use serde_json::Value;
use store_desk::{Desk, path};

const ZHOUCUN: &str = "zhoucun-approval-2020.txt";

/// zhoucun with two notes (one accepted, one open) and a return.
fn reviewed() -> Desk {
    let desk = Desk::with(&["zhoucun-approval-2019.txt", ZHOUCUN]);
    let r = desk.report(ZHOUCUN);
    let r = path(&r);
    desk.ok(&[
        "annotate",
        r,
        "--rule",
        "cell.unreadable",
        "--text",
        "已核实原件",
        "--state",
        "accepted",
    ]);
    desk.ok(&[
        "annotate",
        r,
        "--rule",
        "narrative.contradiction",
        "--text",
        "请说明诉讼情况",
    ]);
    desk.ok(&["signoff", r, "--return", "--comment", "请修改后重新报送"]);
    desk
}

fn record(desk: &Desk) -> (std::path::PathBuf, Value) {
    let records = desk.records();
    assert_eq!(records.len(), 1, "{records:?}");
    let p = records[0].clone();
    let v = serde_json::from_slice(&fs::read(&p).unwrap()).expect("a JSON record");
    (p, v)
}

fn write(p: &Path, v: &Value) {
    fs::write(p, serde_json::to_vec_pretty(v).unwrap()).unwrap();
}

/// After a hand edit: verify exits 1 naming the record (and the entry when given), status and
/// the memo say the record was tampered with and use nothing from it, and neither they nor a
/// new note change the file.
fn caught(desk: &Desk, file: &Path, entry: Option<u64>) {
    let before = fs::read(file).unwrap();
    let out = desk.run(&["verify"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("记录被改动"), "{}", out.stdout);
    assert!(
        out.stdout.contains(path(file)),
        "names the record: {}",
        out.stdout
    );
    if let Some(n) = entry {
        assert!(
            out.stdout.contains(&format!("第 {n} 条审计记录")),
            "{}",
            out.stdout
        );
    }
    let r = desk.report(ZHOUCUN);
    let st = desk.ok(&["status", path(&r)]);
    assert!(st.stdout.contains("记录被改动"), "{}", st.stdout);
    assert!(
        !st.stdout.contains("已审核通过") && !st.stdout.contains("已退回修改"),
        "{}",
        st.stdout
    );
    let json = desk.status_json(&r);
    assert_eq!(json["state"], "tampered");
    assert_eq!(
        json["unaccepted_errors"].as_array().unwrap().len(),
        3,
        "nothing settled"
    );
    let memo = desk.run(&["export", path(&r)]);
    assert_eq!(memo.code, 1, "{}", memo.stderr);
    assert!(
        memo.stdout.contains("审核结论：记录被改动"),
        "{}",
        memo.stdout
    );
    assert!(!memo.stdout.contains("已核实原件") && !memo.stdout.contains("请修改后重新报送"));
    let note = desk.run(&["annotate", path(&r), "--section", "s1", "--text", "再批注"]);
    assert_eq!(
        note.code, 2,
        "a tampered record is not written to: {}",
        note.stderr
    );
    assert!(note.stderr.contains("记录被改动"), "{}", note.stderr);
    assert_eq!(fs::read(file).unwrap(), before, "never repaired silently");
}

#[test]
fn an_intact_store_verifies_and_the_memo_pins_the_chain_head() {
    let desk = reviewed();
    let out = desk.run(&["verify"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.starts_with("完好"), "{}", out.stdout);
    let (_, v) = record(&desk);
    let entries = v["audit"].as_array().unwrap();
    let head = entries.last().unwrap()["hash"]
        .as_str()
        .unwrap()
        .to_string();
    for pair in entries.windows(2) {
        assert_eq!(
            pair[1]["prev"], pair[0]["hash"],
            "each entry carries the one before"
        );
    }
    let memo = desk.ok(&["export", path(&desk.report(ZHOUCUN))]);
    assert!(
        memo.stdout
            .contains(&format!("审核记录链头（SHA-256）：{head}")),
        "{}",
        memo.stdout
    );
    // Named by report, with JSON.
    let out = desk.ok(&["verify", "--json", path(&desk.report(ZHOUCUN))]);
    let line: Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(line["state"], "intact");
    assert_eq!(line["chain_head"], head.as_str());
}

#[test]
fn a_note_edited_by_hand_in_state_and_log_is_caught() {
    let desk = reviewed();
    let (p, _) = record(&desk);
    let text = fs::read_to_string(&p)
        .unwrap()
        .replace("已核实原件", "随便写的");
    fs::write(&p, text).unwrap();
    caught(&desk, &p, Some(3));
}

#[test]
fn a_return_rewritten_as_an_approval_is_caught() {
    let desk = reviewed();
    let (p, _) = record(&desk);
    let text = fs::read_to_string(&p)
        .unwrap()
        .replace("\"return\"", "\"approve\"");
    fs::write(&p, text).unwrap();
    caught(&desk, &p, None);
}

#[test]
fn a_deleted_audit_entry_is_caught() {
    let desk = reviewed();
    let (p, mut v) = record(&desk);
    v["audit"].as_array_mut().unwrap().remove(1);
    write(&p, &v);
    caught(&desk, &p, Some(3));
}

#[test]
fn a_state_edited_apart_from_its_log_is_caught() {
    let desk = reviewed();
    let (p, mut v) = record(&desk);
    v["annotations"][1]["state"] = "accepted".into();
    write(&p, &v);
    caught(&desk, &p, None);
    let out = desk.run(&["verify", "--lang", "en"]);
    assert!(
        out.stdout.contains("does not match its audit log"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_store_written_by_the_previous_format_opens_migrates_and_keeps_the_old_file() {
    let desk = Desk::with(&[
        "zhoucun-approval-2019.txt",
        ZHOUCUN,
        "hengshan-approval-2020.txt",
    ]);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v1");
    fs::create_dir(desk.store()).unwrap();
    for e in fs::read_dir(&fixture).unwrap().flatten() {
        fs::copy(e.path(), desk.store().join(e.file_name())).unwrap();
    }
    let old: Vec<(std::path::PathBuf, Vec<u8>)> = desk
        .records()
        .into_iter()
        .map(|p| {
            let b = fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    assert_eq!(old.len(), 2);

    // Reading changes nothing, and shows what the old records hold.
    let out = desk.ok(&["verify"]);
    assert!(out.stdout.contains("旧格式"), "{}", out.stdout);
    let r = desk.report(ZHOUCUN);
    let st = desk.status_json(&r);
    // The decision survives the migration. It reads stale only where the rule set changed
    // since the fixture was made (a new rule file is a new version), never for the format.
    assert_eq!(st["signoff"]["decision"], "return");
    if st["state"] != "returned" {
        assert_eq!(st["state"], "stale");
        let reasons = st["stale_reasons"].as_array().expect("reasons");
        assert!(
            reasons.iter().all(|r| r["reason"] == "rules_changed"),
            "{st}"
        );
    }
    assert_eq!(st["revisions"], 2);
    for (p, b) in &old {
        assert_eq!(&fs::read(p).unwrap(), b, "reading never writes");
    }

    // The first change writes the new format, keeping the old file beside it.
    desk.ok(&[
        "annotate",
        path(&r),
        "--section",
        "s2",
        "--text",
        "迁移后的批注",
    ]);
    let (zc, before) = old
        .iter()
        .find(|(p, _)| p.to_string_lossy().contains("周村区"))
        .expect("zhoucun's record");
    let backup = zc.with_file_name(format!(
        "{}.schema1.bak",
        zc.file_name().unwrap().to_string_lossy()
    ));
    assert_eq!(&fs::read(&backup).expect("old file kept"), before);
    let v: Value = serde_json::from_slice(&fs::read(zc).unwrap()).unwrap();
    assert_eq!(v["schema"], 2);
    assert_eq!(v["audit"][0]["event"]["event"], "migrated");
    assert_eq!(
        v["audit"][0]["event"]["legacy_audit"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
    let texts: Vec<&str> = v["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "数据有误，请更正",
            "已核实原件",
            "修订稿已收到",
            "迁移后的批注"
        ],
        "nothing dropped"
    );
    let out = desk.ok(&["verify"]);
    assert!(
        out.stdout.lines().all(|l| l.starts_with("完好")),
        "{}",
        out.stdout
    );
    let memo = desk.ok(&["export", path(&r)]);
    assert!(
        memo.stdout.contains("请修改后重新报送") && memo.stdout.contains("数据有误"),
        "{}",
        memo.stdout
    );
}

#[test]
fn a_record_copied_over_another_reports_file_is_caught() {
    let desk = Desk::with(&[ZHOUCUN, "hengshan-approval-2020.txt"]);
    let (zc, hs) = (
        desk.report(ZHOUCUN),
        desk.report("hengshan-approval-2020.txt"),
    );
    desk.ok(&["signoff", path(&zc), "--return", "--comment", "请修改"]);
    desk.ok(&[
        "annotate",
        path(&hs),
        "--section",
        "s1",
        "--text",
        "横山的批注",
    ]);
    let records = desk.records();
    let zc_record = records
        .iter()
        .find(|p| p.to_string_lossy().contains("周村区"))
        .unwrap();
    let hs_record = records
        .iter()
        .find(|p| p.to_string_lossy().contains("横山区"))
        .unwrap();
    fs::copy(zc_record, hs_record).unwrap();
    let out = desk.run(&["verify"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.contains("被复制或改名"), "{}", out.stdout);
}
