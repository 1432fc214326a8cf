//! Time to read, parse and check one seed report (the per-report cost of `nianbao check`), and
//! the rules alone on parsed seeds, with and without last year's report.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use nianbao::rules::{self, RuleSet};

const SEEDS: [&str; 5] = [
    "haiyuan-approval-2020.txt",
    "hengshan-approval-2020.txt",
    "yulin-hitech-2019.txt",
    "yuyang-health-2021.txt",
    "zhoucun-approval-2020.txt",
];

fn bench(c: &mut Criterion) {
    let rules = RuleSet::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for seed in SEEDS {
        let bytes = std::fs::read(dir.join(seed)).expect("seed sample present");
        c.bench_function(&format!("read+parse+check {seed}"), |b| {
            b.iter(|| {
                let source = nianbao::read::read_bytes(seed, black_box(&bytes)).expect("reads");
                let report = nianbao::parse::parse(&source);
                black_box(rules::check(&report, None, &rules))
            })
        });
    }
}

/// Pairs of a seed and its prior year among the samples, for the rules against last year.
const PAIRS: [(&str, &str); 3] = [
    ("hengshan-approval-2020.txt", "hengshan-approval-2019.txt"),
    ("yuyang-health-2021.txt", "yuyang-health-2020.txt"),
    ("zhoucun-approval-2020.txt", "zhoucun-approval-2019.txt"),
];

fn parsed(name: &str) -> nianbao::model::Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let bytes = std::fs::read(dir.join(name)).expect("seed sample present");
    let source = nianbao::read::read_bytes(name, &bytes).expect("reads");
    nianbao::parse::parse(&source)
}

fn bench_rules(c: &mut Criterion) {
    let rules = RuleSet::builtin();
    let reports: Vec<_> = SEEDS.iter().map(|s| parsed(s)).collect();
    c.bench_function("rules::check 5 seeds", |b| {
        b.iter(|| {
            for r in &reports {
                black_box(rules::check(black_box(r), None, &rules));
            }
        })
    });
    let pairs: Vec<_> = PAIRS.iter().map(|(a, p)| (parsed(a), parsed(p))).collect();
    c.bench_function("rules::check 3 seeds with prior", |b| {
        b.iter(|| {
            for (r, p) in &pairs {
                black_box(rules::check(black_box(r), Some(p), &rules));
            }
        })
    });
}

criterion_group!(benches, bench, bench_rules);
criterion_main!(benches);
