//! The year-over-year comparison through the binary: `check` pairs each report with its prior
//! year among the inputs exactly as `--prior` does, with the `changes` array of
//! `spec/json-output.md`; `diff` prints both years side by side.

use assert_cmd::Command;
use rust_decimal::Decimal;
use serde_json::Value;

/// (prior, current) of each constructed pair (`samples/README.md`).
const PAIRS: [(&str, &str); 4] = [
    (
        "samples/hengshan-approval-2019.txt",
        "samples/hengshan-approval-2020.txt",
    ),
    (
        "samples/zhoucun-approval-2019.txt",
        "samples/zhoucun-approval-2020.txt",
    ),
    (
        "samples/yuyang-health-2020.txt",
        "samples/yuyang-health-2021.txt",
    ),
    // The one-line copies (a web page copied as text) pair like the laid-out reports.
    (
        "samples/zhoucun-approval-2019.oneline.txt",
        "samples/zhoucun-approval-2020.oneline.txt",
    ),
];

fn nianbao() -> Command {
    let mut cmd = Command::cargo_bin("nianbao").expect("binary built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NIANBAO_CONFIG")
        .env(
            "NIANBAO_STORE",
            std::env::temp_dir().join("nianbao-compare-cli-store"),
        )
        .env("NO_COLOR", "1");
    cmd
}

fn check_json(args: &[&str]) -> Vec<Value> {
    let out = nianbao()
        .arg("check")
        .arg("--json")
        .args(args)
        .output()
        .expect("runs");
    assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
    String::from_utf8(out.stdout)
        .expect("utf-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect()
}

fn object_for<'a>(objects: &'a [Value], path: &str) -> &'a Value {
    objects
        .iter()
        .find(|o| o["report"]["path"] == path)
        .unwrap_or_else(|| panic!("no object for {path}"))
}

fn cross_year_findings(object: &Value) -> Vec<Value> {
    object["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"].as_str().is_some_and(|r| r.starts_with("yoy.")))
        .cloned()
        .collect()
}

fn decimal(v: &Value) -> Decimal {
    match v {
        Value::Number(n) => n.to_string().parse().expect("an integer"),
        Value::String(s) => s.parse().expect("a decimal string"),
        other => panic!("not a number: {other}"),
    }
}

#[test]
fn check_pairs_a_report_with_its_prior_among_the_inputs_as_prior_does() {
    for (prior, current) in PAIRS {
        let given = check_json(&[current, "--prior", prior]);
        let paired = check_json(&[current, prior]);
        assert_eq!(given.len(), 1);
        assert_eq!(paired.len(), 2, "one object per input");
        let (given, paired) = (&given[0], object_for(&paired, current));
        assert_eq!(paired["prior"]["path"], prior);
        assert_eq!(paired["prior"], given["prior"]);
        let yoy = cross_year_findings(paired);
        assert!(
            yoy.iter().any(|f| f["rule"] == "yoy.carry_over"),
            "{current}: every pair breaks carry-over"
        );
        assert_eq!(yoy, cross_year_findings(given), "{current}");
        assert_eq!(paired["findings"], given["findings"], "{current}");
        assert_eq!(paired["changes"], given["changes"], "{current}");
    }
}

#[test]
fn the_prior_itself_gets_no_prior_and_no_changes() {
    for (prior, current) in PAIRS {
        let objects = check_json(&[current, prior]);
        let own = object_for(&objects, prior);
        assert_eq!(own["prior"], Value::Null, "{prior}");
        assert!(
            own.get("changes").is_none(),
            "{prior}: changes only with a prior"
        );
        assert!(cross_year_findings(own).is_empty(), "{prior}");
    }
}

#[test]
fn changes_hold_prior_current_and_the_exact_delta_of_cells_in_both_years() {
    let objects = check_json(&[PAIRS[0].1, PAIRS[0].0]);
    let changes = object_for(&objects, PAIRS[0].1)["changes"]
        .as_array()
        .expect("a changes array with a prior");
    // One entry per cell of the (shared 2019) template: the aligned cells of both years.
    let template_cells = object_for(&objects, PAIRS[0].1)["cells"]
        .as_object()
        .expect("cells")
        .len();
    assert_eq!(changes.len(), template_cells);
    for c in changes {
        let cell = c["cell"].as_str().expect("a cell id");
        if c["prior"].is_null() || c["current"].is_null() {
            // A blank or unreadable side: no delta is made up.
            assert!(c["delta"].is_null(), "{cell}: {c}");
            continue;
        }
        assert_eq!(
            decimal(&c["current"]) - decimal(&c["prior"]),
            decimal(&c["delta"]),
            "{cell}"
        );
    }
    let blank = changes
        .iter()
        .find(|c| c["cell"] == "apply.new.natural")
        .expect("a cell blank this year is still an entry");
    assert_eq!(
        (&blank["prior"], &blank["current"], &blank["delta"]),
        (&Value::from(5), &Value::Null, &Value::Null)
    );
    let amount = changes
        .iter()
        .find(|c| c["cell"] == "active.procurement.amount")
        .expect("the procurement amount in both years");
    // Amounts are decimal strings, counts integers (json-output.md).
    assert_eq!(amount["delta"], "456475.75");
    let decisions = changes
        .iter()
        .find(|c| c["cell"] == "active.licensing.decisions")
        .expect("licensing decisions");
    assert_eq!(
        (
            &decisions["prior"],
            &decisions["current"],
            &decisions["delta"]
        ),
        (&Value::from(1187), &Value::from(1452), &Value::from(265))
    );
}

#[test]
fn across_template_versions_changes_never_show_a_cell_of_one_version_as_zero() {
    let objects = check_json(&[PAIRS[2].1, PAIRS[2].0]);
    let changes = object_for(&objects, PAIRS[2].1)["changes"]
        .as_array()
        .expect("changes");
    let cells: Vec<&str> = changes.iter().filter_map(|c| c["cell"].as_str()).collect();
    for only_one in [
        "active.rules.made",
        "active.procurement.amount",
        "active.rules.issued",
        "active.fees.amount",
        "apply.other.no_fee.natural",
    ] {
        assert!(!cells.contains(&only_one), "{only_one}");
    }
    // The 2019 其他处理 row against the sum of the three 2021 rows.
    let other = changes
        .iter()
        .find(|c| c["cell"] == "apply.other.natural")
        .expect("the cross-version 其他处理 row");
    assert_eq!(
        (&other["prior"], &other["current"]),
        (&Value::from(1), &Value::from(0))
    );
}

#[test]
fn a_batch_of_all_samples_pairs_every_constructed_prior_with_its_seed() {
    let mut files: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/samples"))
        .expect("samples")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.ends_with(".txt").then(|| format!("samples/{name}"))
        })
        .collect();
    files.sort();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let objects = check_json(&args);
    assert_eq!(objects.len(), files.len());
    for o in &objects {
        let path = o["report"]["path"].as_str().expect("path");
        let expected = PAIRS.iter().find(|(_, c)| *c == path).map(|(p, _)| *p);
        assert_eq!(o["prior"]["path"].as_str(), expected, "{path}");
    }
}

#[test]
fn diff_shows_both_years_deltas_and_narrative_runs() {
    let (prior, current) = PAIRS[1];
    let out = nianbao()
        .args(["diff", current, "--prior", prior])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(!text.contains('\u{1b}'), "NO_COLOR: no escape codes");
    insta::assert_snapshot!("diff_zhoucun", text);
}

#[test]
fn diff_changed_only_prints_no_heading_without_rows_under_it() {
    let (prior, current) = PAIRS[1];
    let out = nianbao()
        .args(["diff", current, "--prior", prior, "--changed-only"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    // A table heading is followed by column heads, never by a blank line or another heading.
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with("二、") || l.starts_with("三、") || l.starts_with("四、") {
            let next = lines.get(i + 1).copied().unwrap_or("");
            assert!(!next.trim().is_empty(), "empty heading {l}:\n{text}");
        }
    }
    // Unchanged narrative sections say nothing at all.
    assert!(!text.contains("（无改动）"), "{text}");
}

#[test]
fn diff_colours_changes_only_when_asked_and_marks_them_otherwise() {
    let (prior, current) = PAIRS[1];
    let run = |color: &str| {
        let out = nianbao()
            .args(["diff", current, "--prior", prior, "--color", color])
            .output()
            .expect("runs");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let never = run("never");
    assert!(never.contains("[-") && never.contains("{+"), "{never}");
    assert!(!never.contains('\u{1b}'));
    let always = run("always");
    assert!(always.contains("\u{1b}[9;31m") && always.contains("\u{1b}[4;32m"));
    assert!(!always.contains("[-") && !always.contains("{+"), "{always}");
    // Column heads whole, and each delta apart from its neighbour.
    assert!(
        never.contains("上一年项目数量") && !never.contains("上一年项~"),
        "{never}"
    );
    assert!(never.contains("+64            -22"), "{never}");
}

/// A prior year saved as Markdown (`.md`, a report kind `check` reads) is found beside its
/// report, as a `.txt` one is: one list of report extensions for reading and pairing.
#[test]
fn a_markdown_prior_is_found_beside_its_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    std::fs::copy(
        samples.join("zhoucun-approval-2020.txt"),
        dir.path().join("zhoucun-approval-2020.txt"),
    )
    .expect("copies");
    let prior = dir.path().join("zhoucun-approval-2019.md");
    std::fs::copy(samples.join("zhoucun-approval-2019.txt"), &prior).expect("copies");
    let out = nianbao()
        .arg("diff")
        .arg(dir.path().join("zhoucun-approval-2020.txt"))
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("上年") && l.ends_with("zhoucun-approval-2019.md")),
        "{text}"
    );
}
