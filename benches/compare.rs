//! How long comparing one pair of reports takes: alignment, changes and the six narrative
//! diffs, on the constructed sample pairs' text (cells filled by hand, since this bench must
//! not depend on the parser).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::compare::{align, changes, compare, narrative_diff};
use nianbao::model::{Cell, Report, SectionId, Template};
use rust_decimal::Decimal;

fn sample(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    std::fs::read_to_string(path).unwrap_or_default()
}

/// A report of `template` with every cell holding a number and each section's text cut from a
/// sample at its heading (the parser's job, done crudely here).
fn report(template: Template, text: &str, seed: i64) -> Report {
    let mut r = Report::empty(template);
    for (i, cell) in r.cells.values_mut().enumerate() {
        let n = Decimal::from((i as i64 * 7 + seed) % 50);
        *cell = Cell::number(n.to_string(), n, None);
    }
    let heads = [
        "总体情况",
        "主动公开政府信息情况",
        "收到和处理",
        "行政复议",
        "存在的主要问题",
        "其他需要报告",
    ];
    let lines: Vec<&str> = text.lines().collect();
    let starts: Vec<usize> = heads
        .iter()
        .map(|h| {
            lines
                .iter()
                .position(|l| l.contains(h) && l.chars().count() < 40)
                .unwrap_or(0)
        })
        .collect();
    for (i, id) in SectionId::ALL.into_iter().enumerate() {
        let from = starts[i] + 1;
        let to = starts.get(i + 1).copied().unwrap_or(lines.len()).max(from);
        r.sections[id.index()].text = lines[from.min(lines.len())..to.min(lines.len())].join("\n");
    }
    r
}

fn bench(c: &mut Criterion) {
    let pairs = [
        (
            "hengshan 2019→2020",
            "hengshan-approval-2019.txt",
            "hengshan-approval-2020.txt",
            Template::V2019,
        ),
        (
            "zhoucun 2019→2020",
            "zhoucun-approval-2019.txt",
            "zhoucun-approval-2020.txt",
            Template::V2019,
        ),
        (
            "yuyang 2020→2021",
            "yuyang-health-2020.txt",
            "yuyang-health-2021.txt",
            Template::V2021,
        ),
    ];
    for (label, prior, current, template) in pairs {
        let prior = report(Template::V2019, &sample(prior), 3);
        let current = report(template, &sample(current), 11);
        c.bench_function(&format!("align+changes {label}"), |b| {
            b.iter(|| changes(&align(black_box(&prior), black_box(&current))))
        });
        c.bench_function(&format!("compare {label}"), |b| {
            b.iter(|| compare(black_box(&prior), black_box(&current)))
        });
    }

    let last = sample("zhoucun-approval-2020.txt");
    let this = sample("hengshan-approval-2020.txt");
    let long_prior: String = last
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(3000)
        .collect();
    let long_current: String = this
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(3000)
        .collect();
    c.bench_function("narrative_diff 3000 chars rewritten", |b| {
        b.iter(|| {
            narrative_diff(
                SectionId::S1,
                black_box(&long_prior),
                black_box(&long_current),
            )
        })
    });
    let near: String = long_prior
        .replacen("2020", "2021", 3)
        .replacen("工作", "事务", 2);
    c.bench_function("narrative_diff 3000 chars near copy", |b| {
        b.iter(|| narrative_diff(SectionId::S5, black_box(&long_prior), black_box(&near)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
