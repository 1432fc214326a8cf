//! The corpus generator's core, shared by `examples/gen_corpus.rs` and the batch tests
//! (`#[path]`-included): synthetic annual reports in the seeds' layouts and both templates,
//! with consistent numbers, prior-year chains, a share of planted errors, and a manifest of
//! exactly the findings a correct checker reports.

mod inject;
mod layouts;
mod names;
mod narrative;
mod numbers;
mod rng;

use std::path::PathBuf;

use nianbao::model::{SectionId, Template};
use serde_json::{Value, json};

use inject::{Kind, Neighbourhood};
use layouts::Layout;
use narrative::{Context, Facts, Picks, S5Faults};
use numbers::{Cells, Expected, Val, View};
use rng::Rng;

/// Most reports one run writes (the names run out a little above this).
pub const MAX_COUNT: usize = 50_000;

/// Sections 一 and 五 of consecutive years stay below this similarity (the rule's default
/// threshold is 0.9), so how a parser cuts a section's text cannot tip them over.
const SIMILARITY_LIMIT: f64 = 0.8;

/// First and last report year.
const YEARS: (i32, i32) = (2019, 2025);

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// Folder to write into; created if missing, refused if not empty.
    pub out: PathBuf,
    /// Number of reports.
    pub count: usize,
    /// Seed: the same seed writes the same bytes.
    pub seed: u64,
    /// Share of reports with a planted error, 0 to 1.
    pub error_share: f64,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Reports written.
    pub reports: usize,
    /// Agencies (chains of consecutive years).
    pub agencies: usize,
    /// Reports with a planted error.
    pub injected: usize,
    /// Findings the manifest expects.
    pub expected: usize,
}

/// How a report departs from a correct one outside its numbers.
#[derive(Debug, Clone, Default)]
struct Faults {
    title_without_year: bool,
    unnumbered: Option<SectionId>,
    deny_lawsuits: bool,
    stated_received: Option<i64>,
    s5: S5Faults,
    no_fees_note: bool,
}

/// A planted error.
#[derive(Debug, Clone)]
struct Injection {
    kind: Kind,
    detail: String,
    declared: Vec<Expected>,
}

/// One report being generated.
#[derive(Debug, Clone)]
struct Doc {
    file: String,
    agency: names::Agency,
    year: i32,
    template: Template,
    layout: Layout,
    cells: Cells,
    picks: Picks,
    faults: Faults,
    style: u64,
    prior: Option<usize>,
    next: Option<usize>,
    injection: Option<Injection>,
}

fn number(cells: &Cells, id: &str) -> i64 {
    match cells.get(id) {
        Some(Val::Int(v)) => *v,
        _ => 0,
    }
}

/// What the narrative states, from the final cells and the faults.
fn facts(doc: &Doc) -> Facts {
    let c = &doc.cells;
    let received = number(c, "apply.new.total");
    Facts {
        received: doc.faults.stated_received.unwrap_or(received),
        handled: number(c, "apply.total.total"),
        carried_out: number(c, "apply.carried_out.total"),
        appeals: number(c, "review.appeal.total"),
        lawsuits: if doc.faults.deny_lawsuits {
            0
        } else {
            number(c, "review.suit_direct.total") + number(c, "review.suit_after_appeal.total")
        },
    }
}

fn context(doc: &Doc) -> Context<'_> {
    Context {
        agency: &doc.agency.name,
        county_kind: doc.agency.county_kind,
        year: doc.year,
        template: doc.template,
        parens: if doc.layout == Layout::PipeRows {
            ("(", ")")
        } else {
            ("（", "）")
        },
    }
}

/// Sections 一 and 五 as text, for the copied-text check.
fn narrative_texts(doc: &Doc) -> (String, String) {
    let cx = context(doc);
    (
        narrative::s1(&cx, &doc.picks, &facts(doc)).join("\n"),
        narrative::s5(&cx, &doc.picks.s5, doc.faults.s5).join("\n"),
    )
}

/// Whether `docs[j]`'s sections 一 and 五 read differently enough from its prior's; with
/// `copied`, section 五 must instead read as a copy.
fn texts_ok(docs: &[Doc], j: usize, copied: bool) -> bool {
    let Some(p) = docs[j].prior else {
        return true;
    };
    let (s1, s5) = narrative_texts(&docs[j]);
    let (p1, p5) = narrative_texts(&docs[p]);
    let s5_sim = nianbao::compare::text_similarity(&p5, &s5);
    nianbao::compare::text_similarity(&p1, &s1) < SIMILARITY_LIMIT
        && if copied {
            s5_sim >= 0.97
        } else {
            s5_sim < SIMILARITY_LIMIT
        }
}

/// The oracle's findings on `docs[i]` against its prior.
fn oracle(docs: &[Doc], i: usize) -> Vec<Expected> {
    let cur = View {
        cells: &docs[i].cells,
        template: docs[i].template,
    };
    let prior = docs[i].prior.map(|p| View {
        cells: &docs[p].cells,
        template: docs[p].template,
    });
    numbers::check(&cur, prior.as_ref())
}

/// Chain lengths, weighted toward several years so most reports have their prior.
const CHAIN_WEIGHTS: [u32; 7] = [5, 15, 20, 20, 15, 10, 15];

/// Build every report, clean.
fn plan(rng: &mut Rng, count: usize) -> Result<(Vec<Doc>, usize), String> {
    let (counties, bureaus) = names::dimensions();
    let mut county_order: Vec<usize> = (0..counties).collect();
    rng.shuffle(&mut county_order);
    let mut docs: Vec<Doc> = Vec::with_capacity(count);
    let mut agency_index = 0;
    while docs.len() < count {
        if agency_index >= names::CAPACITY {
            return Err(format!(
                "ran out of distinct agency names at {} reports",
                docs.len()
            ));
        }
        let agency = names::agency(county_order[agency_index / bureaus], agency_index % bureaus);
        let mut arng = rng.fork();
        let len = (arng.weighted(&CHAIN_WEIGHTS) + 1).min(count - docs.len());
        let span = (YEARS.1 - YEARS.0 + 1) as usize;
        let start = YEARS.0 + arng.below(span - len + 1) as i32;
        let character = numbers::Character::draw(&mut arng);
        let layout = *arng.pick(&Layout::ALL);
        let mut state = numbers::initial(&mut arng, character);
        for n in 0..len {
            let year = start + n as i32;
            let template = Template::for_year(year);
            let prior = (n > 0).then(|| docs.len() - 1);
            if let Some(p) = prior {
                let prior_view = View {
                    cells: &docs[p].cells,
                    template: docs[p].template,
                };
                let mut candidate = numbers::next(&mut arng, &state, character);
                for _ in 0..500 {
                    let cells = numbers::cells(&candidate, template);
                    let view = View {
                        cells: &cells,
                        template,
                    };
                    if numbers::check(&view, Some(&prior_view)).is_empty() {
                        break;
                    }
                    candidate = numbers::next(&mut arng, &state, character);
                }
                state = candidate;
            }
            let cells = numbers::cells(&state, template);
            let prior_picks = prior.map(|p| docs[p].picks.clone());
            let doc = Doc {
                file: format!("a{agency_index:05}-{year}.txt"),
                agency: agency.clone(),
                year,
                template,
                layout,
                cells,
                picks: Picks::draw(&mut arng, prior_picks.as_ref()),
                faults: Faults::default(),
                style: arng.next_u64(),
                prior,
                next: None,
                injection: None,
            };
            docs.push(doc);
            let j = docs.len() - 1;
            if let Some(p) = prior {
                docs[p].next = Some(j);
            }
            for _ in 0..50 {
                if texts_ok(&docs, j, false) {
                    break;
                }
                docs[j].picks = Picks::draw(&mut arng, prior_picks.as_ref());
            }
        }
        agency_index += 1;
    }
    Ok((docs, agency_index))
}

/// Try to plant `kind` in `docs[i]`; keep it only if it causes no swing or copied table
/// around it and leaves the narrative checks as intended.
fn try_inject(
    docs: &mut [Doc],
    i: usize,
    kind: Kind,
    around: &Neighbourhood,
    rng: &mut Rng,
) -> bool {
    let saved = docs[i].clone();
    let Some((detail, declared)) = inject::apply(kind, docs, i, around, rng) else {
        docs[i] = saved;
        return false;
    };
    let mut found = oracle(docs, i);
    if let Some(n) = docs[i].next {
        found.extend(oracle(docs, n));
    }
    let noisy = found
        .iter()
        .any(|e| e.rule == "yoy.swing" || e.rule == "yoy.identical_tables");
    let texts = texts_ok(docs, i, kind == Kind::CopiedText)
        && docs[i].next.is_none_or(|n| texts_ok(docs, n, false));
    let effective = !declared.is_empty() || !oracle(docs, i).is_empty();
    if noisy || !texts || !effective {
        docs[i] = saved;
        return false;
    }
    docs[i].injection = Some(Injection {
        kind,
        detail,
        declared,
    });
    true
}

/// Choose the reports that carry an error and plant one in each.
fn inject_all(rng: &mut Rng, docs: &mut [Doc], share: f64) {
    let n = docs.len();
    let wanted = ((share * n as f64).round() as usize).min(n);
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut selected = vec![false; n];
    for &i in &order[..wanted] {
        selected[i] = true;
    }
    for &i in &order[..wanted] {
        let around = Neighbourhood {
            prior: docs[i].prior,
            quiet: !docs[i].prior.is_some_and(|p| selected[p])
                && !docs[i].next.is_some_and(|q| selected[q]),
        };
        let mut kinds = Kind::ALL.to_vec();
        rng.shuffle(&mut kinds);
        // Unreadable fits every report, so every selected report gets an error.
        kinds.push(Kind::Unreadable);
        for kind in kinds {
            if try_inject(docs, i, kind, &around, rng) {
                break;
            }
        }
    }
}

/// One expected finding as the manifest writes it.
fn finding_json(file: &str, e: &Expected) -> Value {
    json!({
        "file": file,
        "rule": e.rule,
        "severity": numbers::severity(e.rule),
        "cells": e.cells,
        "section": e.section,
    })
}

/// Every report's expected findings, grouped under the injection that causes them. A
/// finding no injection explains is a generator bug, reported as an error.
fn expectations(docs: &[Doc]) -> Result<Vec<Vec<Value>>, String> {
    let mut by_doc: Vec<Vec<Value>> = vec![Vec::new(); docs.len()];
    for (i, doc) in docs.iter().enumerate() {
        if let Some(inj) = &doc.injection {
            by_doc[i].extend(inj.declared.iter().map(|e| finding_json(&doc.file, e)));
        }
        for e in oracle(docs, i) {
            let owner = if doc.injection.is_some() {
                i
            } else if let Some(p) = doc
                .prior
                .filter(|&p| e.rule.starts_with("yoy.") && docs[p].injection.is_some())
            {
                p
            } else {
                return Err(format!(
                    "internal error: clean report {} would show {} on {:?}",
                    doc.file, e.rule, e.cells
                ));
            };
            by_doc[owner].push(finding_json(&doc.file, &e));
        }
    }
    Ok(by_doc)
}

fn manifest(cfg: &Config, docs: &[Doc], by_doc: &[Vec<Value>]) -> Value {
    let reports: Vec<Value> = docs
        .iter()
        .map(|d| {
            json!({
                "file": d.file,
                "agency": d.agency.name,
                "year": d.year,
                "template": d.template.as_str(),
                "layout": d.layout.as_str(),
                "prior": d.prior.map(|p| docs[p].file.clone()),
                "injection": d.injection.as_ref().map(|i| i.kind.as_str()),
            })
        })
        .collect();
    let injections: Vec<Value> = docs
        .iter()
        .zip(by_doc)
        .filter_map(|(d, found)| {
            let inj = d.injection.as_ref()?;
            Some(json!({
                "file": d.file,
                "kind": inj.kind.as_str(),
                "detail": inj.detail,
                "findings": found,
            }))
        })
        .collect();
    json!({
        "generator": "gen_corpus",
        "format": 1,
        "seed": cfg.seed,
        "count": docs.len(),
        "error_share": cfg.error_share,
        "policy": {
            "compared": "every finding of every severity, keyed by (file, rule, cells as a set; the section when a finding names no cell)",
            "clean_reports": "no finding at all: tables balance, narrative numbers agree, sections 一 and 五 differ from last year's, every year-over-year change stays below the yoy.swing threshold",
            "cells": "arithmetic findings list every cell of their equation; yoy findings list this year's cells of their equation; a stated number lists every cell it is held against",
        },
        "reports": reports,
        "injections": injections,
    })
}

/// Check the arguments, generate, and write the reports and `manifest.json` into `cfg.out`.
pub fn generate(cfg: &Config) -> Result<Summary, String> {
    if cfg.count == 0 || cfg.count > MAX_COUNT {
        return Err(format!("--count must be between 1 and {MAX_COUNT}"));
    }
    if !(0.0..=1.0).contains(&cfg.error_share) {
        return Err("--error-share must be between 0 and 1".into());
    }
    if cfg.out.exists() {
        let mut entries = std::fs::read_dir(&cfg.out)
            .map_err(|e| format!("{}: cannot read the folder: {e}", cfg.out.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{}: the folder is not empty; give a new or empty folder (nothing is overwritten)",
                cfg.out.display()
            ));
        }
    }
    std::fs::create_dir_all(&cfg.out)
        .map_err(|e| format!("{}: cannot create the folder: {e}", cfg.out.display()))?;
    let mut rng = Rng::new(cfg.seed);
    let (mut docs, agencies) = plan(&mut rng, cfg.count)?;
    inject_all(&mut rng, &mut docs, cfg.error_share);
    let by_doc = expectations(&docs)?;
    for doc in &docs {
        let path = cfg.out.join(&doc.file);
        std::fs::write(&path, layouts::render(doc))
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    let manifest = manifest(cfg, &docs, &by_doc);
    let path = cfg.out.join("manifest.json");
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())? + "\n";
    std::fs::write(&path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    Ok(Summary {
        reports: docs.len(),
        agencies,
        injected: docs.iter().filter(|d| d.injection.is_some()).count(),
        expected: by_doc.iter().map(Vec::len).sum(),
    })
}
