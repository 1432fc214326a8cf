//! The corpus generator: deterministic for a seed, a manifest that describes what it wrote,
//! clear refusals of bad arguments, and a corpus the `nianbao check` batch reads end to end.

#[path = "../examples/gen_corpus/mod.rs"]
mod corpus;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn config(out: PathBuf, count: usize, seed: u64, error_share: f64) -> corpus::Config {
    corpus::Config {
        out,
        count,
        seed,
        error_share,
    }
}

fn files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).expect("manifest"))
        .expect("manifest is JSON")
}

#[test]
fn the_same_seed_writes_the_same_corpus() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    corpus::generate(&config(a.clone(), 80, 7, 0.3)).expect("first");
    corpus::generate(&config(b.clone(), 80, 7, 0.3)).expect("second");
    corpus::generate(&config(c.clone(), 80, 8, 0.3)).expect("other seed");
    assert_eq!(files(&a), files(&b));
    for name in files(&a) {
        assert_eq!(
            std::fs::read(a.join(&name)).expect("a"),
            std::fs::read(b.join(&name)).expect("b"),
            "{name} differs between two runs with one seed"
        );
    }
    assert_ne!(
        std::fs::read(a.join("manifest.json")).expect("a"),
        std::fs::read(c.join("manifest.json")).expect("c"),
        "another seed writes another corpus"
    );
}

#[test]
fn the_manifest_describes_every_report_and_planted_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("corpus");
    let summary = corpus::generate(&config(out.clone(), 400, 3, 0.25)).expect("generated");
    let m = manifest(&out);
    let reports = m["reports"].as_array().expect("reports");
    let injections = m["injections"].as_array().expect("injections");
    assert_eq!(summary.reports, 400);
    assert_eq!(reports.len(), 400);
    assert_eq!(summary.injected, 100, "a quarter of 400");
    assert_eq!(injections.len(), 100);
    assert!(
        summary.agencies >= 400 / 7,
        "chains are at most seven years"
    );

    let on_disk = files(&out);
    assert_eq!(
        on_disk.len(),
        401,
        "the reports and manifest.json, nothing else"
    );
    let by_file: HashMap<&str, &Value> = reports
        .iter()
        .map(|r| (r["file"].as_str().expect("file"), r))
        .collect();
    let mut layouts = BTreeSet::new();
    let mut templates = BTreeSet::new();
    let mut with_prior = 0;
    for r in reports {
        let file = r["file"].as_str().expect("file");
        assert!(on_disk.contains(file), "{file} written");
        let year = r["year"].as_i64().expect("year");
        assert!((2019..=2025).contains(&year));
        let template = r["template"].as_str().expect("template");
        assert_eq!(template, if year <= 2020 { "2019" } else { "2021" });
        layouts.insert(r["layout"].as_str().expect("layout").to_string());
        templates.insert(template.to_string());
        if let Some(prior) = r["prior"].as_str() {
            let p = by_file[prior];
            assert_eq!(p["agency"], r["agency"], "{file}: prior of the same agency");
            assert_eq!(
                p["year"].as_i64(),
                Some(year - 1),
                "{file}: prior a year before"
            );
            with_prior += 1;
        }
    }
    assert_eq!(layouts.len(), 3, "every seed layout: {layouts:?}");
    assert_eq!(templates.len(), 2);
    assert!(
        with_prior * 2 > reports.len(),
        "most reports have their prior"
    );

    let mut expected = 0;
    let mut kinds = BTreeSet::new();
    for inj in injections {
        let file = inj["file"].as_str().expect("file");
        assert_eq!(by_file[file]["injection"], inj["kind"]);
        kinds.insert(inj["kind"].as_str().expect("kind").to_string());
        let findings = inj["findings"].as_array().expect("findings");
        assert!(!findings.is_empty(), "{file}: the error causes a finding");
        for f in findings {
            let at = f["file"].as_str().expect("file");
            assert!(
                at == file || by_file[at]["prior"].as_str() == Some(file),
                "{file}: a finding lands on the report or its next year"
            );
            let severity = f["severity"].as_str().expect("severity");
            assert!(["error", "warning", "info"].contains(&severity));
            assert!(f["cells"].is_array());
            expected += 1;
        }
    }
    assert_eq!(summary.expected, expected);
    assert!(kinds.len() >= 12, "the kinds of error vary: {kinds:?}");
}

#[test]
fn bad_arguments_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fresh = || dir.path().join("fresh");
    let err = corpus::generate(&config(fresh(), 0, 1, 0.2)).expect_err("no reports");
    assert!(err.contains("--count"), "{err}");
    let err = corpus::generate(&config(fresh(), 1_000_000, 1, 0.2)).expect_err("too many");
    assert!(err.contains("--count"), "{err}");
    for share in [-0.1, 1.5, f64::NAN] {
        let err = corpus::generate(&config(fresh(), 5, 1, share)).expect_err("bad share");
        assert!(err.contains("--error-share"), "{err}");
    }
    std::fs::write(dir.path().join("keep.txt"), "not ours").expect("write");
    let err = corpus::generate(&config(dir.path().to_path_buf(), 5, 1, 0.2))
        .expect_err("a folder with files in it");
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("keep.txt")).expect("kept"),
        "not ours"
    );
}

#[test]
fn every_share_of_errors_from_none_to_all_is_planted() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (i, share) in [0.0, 1.0].into_iter().enumerate() {
        let out = dir.path().join(format!("c{i}"));
        let s = corpus::generate(&config(out, 60, 5, share)).expect("generated");
        assert_eq!(s.injected, (60.0 * share) as usize);
        assert!(s.agencies > 0 && s.reports == 60);
        assert_eq!(s.expected > 0, share > 0.0);
    }
}

#[test]
fn the_batch_reads_every_generated_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("corpus");
    let summary = corpus::generate(&config(out.clone(), 120, 11, 0.2)).expect("generated");
    assert!(summary.agencies > 0 && summary.injected > 0 && summary.expected > 0);
    let output = Command::cargo_bin("nianbao")
        .expect("the nianbao binary")
        .args(["check", "--json", "--jobs", "2"])
        .arg(&out)
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .env_remove("NIANBAO_CONFIG")
        .env_remove("NIANBAO_STORE")
        .output()
        .expect("nianbao runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "every report readable; stderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let paths: BTreeSet<String> = stdout
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("one JSON object per line");
            let p = v["report"]["path"].as_str().expect("path");
            Path::new(p)
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut reports = files(&out);
    reports.remove("manifest.json");
    assert_eq!(
        paths, reports,
        "one JSON line per report, manifest.json not read"
    );
}
