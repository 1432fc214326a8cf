//! Time to read, parse and check one seed report (the per-report cost of `nianbao check`).

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

criterion_group!(benches, bench);
criterion_main!(benches);
