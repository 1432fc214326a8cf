//! The batch finds exactly the planted errors: a generated corpus checked by the real binary
//! gives the findings the generator's manifest lists, no more and no fewer.
//!
//! Findings are compared as (file, rule, severity, target), where the target is the
//! finding's cells as a set, or its section when it names no cell. Every severity is
//! compared: the clean reports of the corpus are built to show no finding at all, infos
//! included (no blank cell, section 五 never plans for the report year, every change stays
//! well below the `yoy.swing` threshold).

#[path = "../examples/gen_corpus/mod.rs"]
mod corpus;

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// One finding as compared: file, rule, severity, target.
type Key = (String, String, String, String);

fn target(cells: &[Value], section: &Value) -> String {
    let mut cells: Vec<&str> = cells.iter().filter_map(Value::as_str).collect();
    if cells.is_empty() {
        return format!("section {}", section.as_str().unwrap_or("-"));
    }
    cells.sort_unstable();
    cells.join(",")
}

fn expected(manifest: &Value) -> BTreeSet<Key> {
    manifest["injections"]
        .as_array()
        .expect("manifest has injections")
        .iter()
        .flat_map(|inj| inj["findings"].as_array().expect("findings").iter())
        .map(|f| {
            (
                f["file"].as_str().expect("file").to_string(),
                f["rule"].as_str().expect("rule").to_string(),
                f["severity"].as_str().expect("severity").to_string(),
                target(f["cells"].as_array().expect("cells"), &f["section"]),
            )
        })
        .collect()
}

fn actual(stdout: &str) -> BTreeSet<Key> {
    let mut out = BTreeSet::new();
    for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
        let report: Value = serde_json::from_str(line).expect("each line is one JSON object");
        let path = report["report"]["path"].as_str().expect("report.path");
        let file = Path::new(path)
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a file name")
            .to_string();
        for f in report["findings"].as_array().expect("findings") {
            out.insert((
                file.clone(),
                f["rule"].as_str().expect("rule").to_string(),
                f["severity"].as_str().expect("severity").to_string(),
                target(f["cells"].as_array().unwrap_or(&Vec::new()), &f["section"]),
            ));
        }
    }
    out
}

/// A diff a reader can act on: first by (file, rule), so a disagreement about which cells a
/// finding names is told apart from a finding missed or invented; then the full keys.
fn describe(expected: &BTreeSet<Key>, actual: &BTreeSet<Key>, manifest: &Value) -> String {
    let pairs = |s: &BTreeSet<Key>| -> BTreeSet<(String, String)> {
        s.iter().map(|k| (k.0.clone(), k.1.clone())).collect()
    };
    let (pe, pa) = (pairs(expected), pairs(actual));
    let kind_of = |file: &str| -> String {
        manifest["reports"]
            .as_array()
            .and_then(|r| r.iter().find(|r| r["file"] == file))
            .and_then(|r| r["injection"].as_str())
            .unwrap_or("clean")
            .to_string()
    };
    let mut text = String::new();
    let missed: Vec<_> = pe.difference(&pa).collect();
    let invented: Vec<_> = pa.difference(&pe).collect();
    text += &format!(
        "by (file, rule): {} missed, {} not planted\n",
        missed.len(),
        invented.len()
    );
    for (f, r) in missed.iter().take(40) {
        text += &format!("  missed       {f} {r}   [{}]\n", kind_of(f));
    }
    for (f, r) in invented.iter().take(40) {
        text += &format!("  not planted  {f} {r}   [{}]\n", kind_of(f));
    }
    let missed: Vec<_> = expected.difference(actual).collect();
    let invented: Vec<_> = actual.difference(expected).collect();
    text += &format!(
        "by (file, rule, severity, target): {} missed, {} not planted\n",
        missed.len(),
        invented.len()
    );
    for k in missed.iter().take(40) {
        text += &format!("  - {} {} {} {}\n", k.0, k.1, k.2, k.3);
    }
    for k in invented.iter().take(40) {
        text += &format!("  + {} {} {} {}\n", k.0, k.1, k.2, k.3);
    }
    text
}

/// `NIANBAO_BATCH_COUNT` / `NIANBAO_BATCH_SEED` run the same check on a bigger corpus by hand
/// (`NIANBAO_BATCH_COUNT=10000 cargo test --release --test batch_injected`).
fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn the_batch_finds_exactly_the_planted_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus_dir = dir.path().join("corpus");
    let count = env_or("NIANBAO_BATCH_COUNT", 300) as usize;
    let summary = corpus::generate(&corpus::Config {
        out: corpus_dir.clone(),
        count,
        seed: env_or("NIANBAO_BATCH_SEED", 20_250_131),
        error_share: 0.3,
    })
    .expect("corpus generated");
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus_dir.join("manifest.json")).expect("manifest written"),
    )
    .expect("manifest is JSON");
    let expected = expected(&manifest);
    assert_eq!(summary.reports, count);
    assert!(summary.agencies > 1 && summary.injected > 0);
    assert_eq!(
        summary.expected,
        expected.len(),
        "no two findings share a key"
    );

    let output = Command::cargo_bin("nianbao")
        .expect("the nianbao binary")
        .args(["check", "--json"])
        .arg(&corpus_dir)
        // No user config or rules file may change severities or thresholds.
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .env_remove("NIANBAO_CONFIG")
        .env_remove("NIANBAO_STORE")
        .output()
        .expect("nianbao runs");
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "exit status {code:?}; stderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let actual = actual(&String::from_utf8(output.stdout).expect("UTF-8 output"));
    assert!(
        expected == actual,
        "the batch's findings differ from the manifest's\n{}",
        describe(&expected, &actual, &manifest)
    );
}
