//! `nianbao check` on the web-page and Word renderings of a seed gives the same report as on
//! its text: the same identity, the same cells (value, raw text and status) and the same
//! findings, and the same exit status. Only where things were read (line numbers) differs,
//! since each format lays the text out its own way.

use std::process::Command;

use assert_cmd::prelude::*;
use serde_json::Value;

fn check_json(file: &str) -> (Value, Option<i32>) {
    let out = Command::cargo_bin("nianbao")
        .expect("binary built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NIANBAO_CONFIG")
        .env("NO_COLOR", "1")
        .args(["check", "--json", file])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    let line = stdout.lines().next().unwrap_or_else(|| {
        panic!(
            "{file}: no JSON; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        serde_json::from_str(line).expect("one JSON object"),
        out.status.code(),
    )
}

/// `第 18 行` → `第 N 行`, `line 18` → `line N`: messages quote where the sentence was read.
fn unnumbered(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = ["第 ", "line "]
        .iter()
        .filter_map(|m| rest.find(m).map(|p| p + m.len()))
        .min()
    {
        out.push_str(&rest[..at]);
        let after = rest[at..].trim_start_matches(|c: char| c.is_ascii_digit());
        if after.len() < rest[at..].len() {
            out.push('N');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Drop what depends on the layout: every `line` (and a cell's `column`), and the line numbers
/// messages quote.
fn without_positions(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "line" | "column"))
                .map(|(k, v)| (k.clone(), without_positions(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_positions).collect()),
        Value::String(s) => Value::String(unnumbered(s)),
        other => other.clone(),
    }
}

#[test]
fn html_and_docx_samples_check_like_their_text() {
    let renderings = [
        (
            "samples/zhoucun-approval-2020.txt",
            &[
                "samples/zhoucun-approval-2020.html",
                "samples/zhoucun-approval-2020.docx",
            ][..],
        ),
        (
            "samples/yuyang-health-2021.txt",
            &[
                "samples/yuyang-health-2021.html",
                "samples/yuyang-health-2021.gbk.html",
                "samples/yuyang-health-2021.docx",
            ][..],
        ),
    ];
    for (text, others) in renderings {
        let (base, base_status) = check_json(text);
        let findings = base["findings"].as_array().expect("findings");
        assert!(
            !findings.is_empty(),
            "{text}: the seed has findings to compare"
        );
        for other in others {
            let (got, status) = check_json(other);
            assert_eq!(status, base_status, "{other}: exit status");
            for key in ["agency", "year", "template"] {
                assert_eq!(got["report"][key], base["report"][key], "{other}: {key}");
            }
            assert_eq!(
                without_positions(&got["cells"]),
                without_positions(&base["cells"]),
                "{other}: cells"
            );
            assert_eq!(
                without_positions(&got["findings"]),
                without_positions(&base["findings"]),
                "{other}: findings"
            );
        }
    }
}
