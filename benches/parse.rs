//! Time to parse one report (text already read): each seed, and the hardest corpus texts when
//! the corpus is present. `benches/check.rs` measures read + parse + check together.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

const SEEDS: [&str; 5] = [
    "haiyuan-approval-2020.txt",
    "hengshan-approval-2020.txt",
    "yulin-hitech-2019.txt",
    "yuyang-health-2021.txt",
    "zhoucun-approval-2020.txt",
];

const CORPUS: [&str; 3] = [
    "govnianbao/huaian-gov-2024.pypdf.txt",
    "kirogovcompare/kewei-2024-source.md",
    "kirogovcompare/suqian-2023vs2024-compare-output.pypdf.txt",
];

fn bench(c: &mut Criterion) {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let corpus = std::env::var("NIANBAO_CORPUS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").into());
    let files = SEEDS
        .iter()
        .map(|s| samples.join(s))
        .chain(CORPUS.iter().map(|s| Path::new(&corpus).join(s)))
        .filter(|p| p.exists());
    for path in files {
        let source = nianbao::read::read_path(&path).expect("reads");
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        c.bench_function(&format!("parse {name}"), |b| {
            b.iter(|| black_box(nianbao::parse::parse_all(black_box(&source))))
        });
    }
}

/// Parsing must stay linear in the input: a report's text repeated 1× … 64×, laid out, as
/// one flattened line (the one-line family of `layouts.md`), and as web pages copied to text
/// (one a line, with their site chrome).
fn scaling(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/zhoucun-approval-2020.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    // The same report as a web page copied to text (site chrome around it), one per line.
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/zhoucun-approval-2020.oneline.txt"),
    )
    .unwrap_or_default();
    // One TAB row of thousands of fields: positions are counted along the line once.
    let tab_row = format!(
        "某某局2020年度政府信息公开工作年度报告\n二、主动公开政府信息情况\n规章\t{}\n",
        "0\t".repeat(2000)
    );
    let mut group = c.benchmark_group("parse scaling");
    group.sample_size(10);
    for k in [1usize, 2, 4, 8, 16, 64] {
        for (name, unit) in [
            ("laid out", &text),
            ("one line", &flat),
            ("web page", &page),
            ("tab row", &tab_row),
        ] {
            if unit.is_empty() {
                continue;
            }
            let big = if name == "one line" {
                unit.repeat(k) + "\n"
            } else {
                unit.repeat(k)
            };
            let source = nianbao::read::read_bytes("scaled.txt", big.as_bytes()).expect("reads");
            group.bench_function(format!("{name} {k}x"), |b| {
                b.iter(|| black_box(nianbao::parse::parse_all(black_box(&source))))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench, scaling);
criterion_main!(benches);
