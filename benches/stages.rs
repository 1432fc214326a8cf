//! Where `nianbao check` spends its time, stage by stage, each as a ratio to reading the same
//! bytes from the page cache (what `cat` does): read, decode, identity (pairing), parse, rules,
//! compare, JSON. The batch goal (issue 19) is `check --summary` within 5× and `check --json`
//! within 10× of reading, so every stage's share of that budget shows here.
//!
//!   cargo bench --bench stages            (STAGES_ROUNDS=N rounds, default 400)
//!
//! The library on the system allocator (the `nianbao` binary uses mimalloc; see its `alloc`).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nianbao::rules::{self, RuleSet};

#[path = "../src/cli/json.rs"]
#[allow(dead_code)]
mod json;

#[path = "support/samples.rs"]
mod samples;
use samples::TEXT_SAMPLES as SAMPLES;

fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// Best per-round time of `f` over the rounds (each round runs every sample once).
/// With `STAGES_ONLY=NAME` only stages whose name starts with NAME run (to profile one).
fn time(name: &str, rounds: usize, mut f: impl FnMut()) -> Duration {
    if std::env::var("STAGES_ONLY").is_ok_and(|only| !name.starts_with(&only)) {
        return Duration::from_nanos(1);
    }
    f();
    let mut best = Duration::MAX;
    for _ in 0..rounds {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed());
    }
    best
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    let rounds = std::env::var("STAGES_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(400);
    let rules = RuleSet::builtin();
    let paths: Vec<PathBuf> = SAMPLES.iter().map(|(n, _)| path(n)).collect();
    let bytes: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).expect("sample present"))
        .collect();
    let sources: Vec<_> = SAMPLES
        .iter()
        .zip(&bytes)
        .map(|((n, _), b)| nianbao::read::read_bytes(n, b).expect("reads"))
        .collect();
    let reports: Vec<_> = sources.iter().map(nianbao::parse::parse).collect();
    let prior_of = |i: usize| {
        SAMPLES[i]
            .1
            .map(|p| &reports[SAMPLES.iter().position(|(n, _)| *n == p).expect("listed")])
    };
    let findings: Vec<_> = (0..reports.len())
        .map(|i| rules::check(&reports[i], prior_of(i), &rules))
        .collect();
    let aligned: Vec<_> = (0..reports.len())
        .map(|i| prior_of(i).map(|p| nianbao::compare::align(p, &reports[i])))
        .collect();
    let total: usize = bytes.iter().map(Vec::len).sum();

    let mut rows: Vec<(&str, Duration)> = Vec::new();
    rows.push((
        "read (fs::read)",
        time("read (fs::read)", rounds, || {
            for p in &paths {
                black_box(std::fs::read(p).expect("reads"));
            }
        }),
    ));
    rows.push((
        "decode (read_bytes)",
        time("decode (read_bytes)", rounds, || {
            for ((n, _), b) in SAMPLES.iter().zip(&bytes) {
                black_box(nianbao::read::read_bytes(n, b).expect("reads"));
            }
        }),
    ));
    rows.push((
        "identity (pairing)",
        time("identity (pairing)", rounds, || {
            for s in &sources {
                black_box(nianbao::parse::identity(s));
            }
        }),
    ));
    rows.push((
        "parse",
        time("parse", rounds, || {
            for s in &sources {
                black_box(nianbao::parse::parse(s));
            }
        }),
    ));
    rows.push((
        "rules",
        time("rules", rounds, || {
            for (i, r) in reports.iter().enumerate() {
                black_box(rules::check(r, prior_of(i), &rules));
            }
        }),
    ));
    rows.push((
        "compare (align)",
        time("compare (align)", rounds, || {
            for (i, r) in reports.iter().enumerate() {
                if let Some(p) = prior_of(i) {
                    black_box(nianbao::compare::align(p, r));
                }
            }
        }),
    ));
    rows.push((
        "json",
        time("json", rounds, || {
            for (i, r) in reports.iter().enumerate() {
                let prior = prior_of(i);
                let mut out = String::with_capacity(32 * 1024);
                json::write_report(&mut out, r, prior, &findings[i], aligned[i].as_deref(), &[]);
                black_box(out);
            }
        }),
    ));
    let read = rows[0].1;
    println!(
        "{} samples, {} bytes a round, best of {rounds} rounds",
        SAMPLES.len(),
        total
    );
    println!(
        "{:<22} {:>12} {:>14}",
        "stage", "µs a report", "ratio to read"
    );
    for (name, t) in &rows {
        println!(
            "{:<22} {:>12.1} {:>14.1}",
            name,
            t.as_secs_f64() * 1e6 / SAMPLES.len() as f64,
            t.as_secs_f64() / read.as_secs_f64()
        );
    }
}
