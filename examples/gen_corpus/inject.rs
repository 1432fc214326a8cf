//! The errors the corpus plants, one per affected report. Each kind changes the report and
//! says which findings it causes directly (narrative, structure, title); the arithmetic ones
//! (and any a change causes in next year's cross-year rules) come from the oracle in
//! `numbers.rs`, so the manifest is exact however the numbers fall.

use nianbao::model::{SectionId, Template};

use super::Doc;
use super::layouts::Layout;
use super::numbers::{Expected, ITEM_ROWS, Val};
use super::rng::Rng;

/// What kind of error a report carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One `apply.new.<col>` changed: the balance of that column fails, and the row total.
    Balance,
    /// One result row's 总计 changed: the row total fails, and the results sum of 总计.
    RowTotal,
    /// One review group's 总计 changed.
    ReviewTotal,
    /// A number cell reads `:2`, `一` or `N/A`.
    Unreadable,
    /// A zero cell left blank (info).
    Blank,
    /// A section heading without its number 一、….
    Numbering,
    /// `carried_in` of one column no longer equals last year's `carried_out` (the report
    /// itself stays balanced).
    CarryOver,
    /// The title names no year.
    Title,
    /// The narrative says no lawsuit arose while table 四 counts one.
    DeniedLawsuit,
    /// The narrative states a wrong number of applications received.
    ReceivedNumber,
    /// Section 五 plans for the report year itself (info).
    PlanYear,
    /// A 2021 report's section 五 says nothing of last year's rectification.
    Rectification,
    /// A 2021 report's section 六 says nothing of processing fees.
    FeesNote,
    /// `prev_items` is not last year's `prev_items + change` (2019 pairs).
    PrevItems,
    /// `in_force` is not last year's plus issued minus repealed (2021 pairs).
    InForce,
    /// Section 五 copied from last year's report.
    CopiedText,
    /// 本年新公开数量 above 对外公开总数量 (2019).
    Published,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 17] = [
        Kind::Balance,
        Kind::RowTotal,
        Kind::ReviewTotal,
        Kind::Unreadable,
        Kind::Blank,
        Kind::Numbering,
        Kind::CarryOver,
        Kind::Title,
        Kind::DeniedLawsuit,
        Kind::ReceivedNumber,
        Kind::PlanYear,
        Kind::Rectification,
        Kind::FeesNote,
        Kind::PrevItems,
        Kind::InForce,
        Kind::CopiedText,
        Kind::Published,
    ];

    /// Name in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Balance => "balance",
            Kind::RowTotal => "row_total",
            Kind::ReviewTotal => "review_total",
            Kind::Unreadable => "unreadable",
            Kind::Blank => "blank",
            Kind::Numbering => "numbering",
            Kind::CarryOver => "carry_over",
            Kind::Title => "title",
            Kind::DeniedLawsuit => "denied_lawsuit",
            Kind::ReceivedNumber => "received_number",
            Kind::PlanYear => "plan_year",
            Kind::Rectification => "rectification",
            Kind::FeesNote => "fees_note",
            Kind::PrevItems => "prev_items",
            Kind::InForce => "in_force",
            Kind::CopiedText => "copied_text",
            Kind::Published => "published",
        }
    }
}

/// What the other reports of the batch allow around report `i`.
pub struct Neighbourhood {
    /// Last year's report, if in the batch.
    pub prior: Option<usize>,
    /// Neither last year's nor next year's report carries an error.
    pub quiet: bool,
}

fn int(doc: &Doc, id: &str) -> Option<i64> {
    match doc.cells.get(id) {
        Some(Val::Int(v)) => Some(*v),
        _ => None,
    }
}

fn set(doc: &mut Doc, id: &str, v: i64) {
    doc.cells.insert(id.to_string(), Val::Int(v));
}

fn add(doc: &mut Doc, id: &str, d: i64) {
    let v = int(doc, id).unwrap_or(0);
    set(doc, id, v + d);
}

fn delta(rng: &mut Rng, max: i64) -> i64 {
    rng.range(1, max) * if rng.chance(0.5) { 1 } else { -1 }
}

/// Move a count a little off what the report's own arithmetic or last year's report implies.
/// Up from a small count, so the planted break never makes it negative (which would add a
/// `cell.negative` the manifest doesn't plan).
fn nudge(rng: &mut Rng, doc: &mut Doc, id: &str) -> Option<(String, Vec<Expected>)> {
    let v = int(doc, id)?;
    let d = if v <= 3 {
        rng.range(1, 3)
    } else {
        delta(rng, 3)
    };
    set(doc, id, v + d);
    Some((format!("{id} {v} → {}", v + d), Vec::new()))
}

fn section(rule: &'static str, s: SectionId) -> Expected {
    Expected {
        rule,
        cells: Vec::new(),
        section: Some(s.as_str()),
    }
}

fn on_cell(rule: &'static str, cell: &str, s: SectionId) -> Expected {
    Expected {
        rule,
        cells: vec![cell.to_string()],
        section: Some(s.as_str()),
    }
}

/// Plant `kind` in `docs[i]`. Returns a description and the findings it causes directly, or
/// `None` (the report untouched) when the kind does not fit this report.
pub fn apply(
    kind: Kind,
    docs: &mut [Doc],
    i: usize,
    around: &Neighbourhood,
    rng: &mut Rng,
) -> Option<(String, Vec<Expected>)> {
    let template = docs[i].template;
    let prior_template = around.prior.map(|p| docs[p].template);
    let doc = &mut docs[i];
    match kind {
        Kind::Balance => {
            let c = *rng.pick(&super::numbers::PEOPLE);
            let id = format!("apply.new.{c}");
            let v = int(doc, &id)?;
            let d = delta(rng, 3);
            (v + d >= 0).then_some(())?;
            set(doc, &id, v + d);
            Some((format!("{id} {v} → {}", v + d), Vec::new()))
        }
        Kind::RowTotal => {
            let rows: Vec<String> = doc
                .cells
                .keys()
                .filter(|k| k.starts_with("apply.") && k.ends_with(".total"))
                .filter(|k| {
                    !["new", "carried_in", "total", "carried_out"]
                        .iter()
                        .any(|r| **k == format!("apply.{r}.total"))
                })
                .cloned()
                .collect();
            let id = rng.pick(&rows).clone();
            nudge(rng, doc, &id)
        }
        Kind::ReviewTotal => {
            let g = rng.pick(&["appeal", "suit_direct", "suit_after_appeal"]);
            let id = format!("review.{g}.total");
            let v = int(doc, &id)?;
            let d = if v == 0 {
                rng.range(1, 2)
            } else {
                delta(rng, 2)
            };
            (v + d >= 0).then_some(())?;
            set(doc, &id, v + d);
            Some((format!("{id} {v} → {}", v + d), Vec::new()))
        }
        Kind::Unreadable => {
            let ids: Vec<String> = doc
                .cells
                .keys()
                .filter(|k| k.starts_with("active.") && k.ends_with(".decisions"))
                .cloned()
                .collect();
            let id = rng.pick(&ids).clone();
            let text = *rng.pick(&[":2", "一", "N/A"]);
            doc.cells.insert(id.clone(), Val::Text(text));
            Some((
                format!("{id} written {text:?}"),
                vec![Expected {
                    rule: "cell.unreadable",
                    cells: vec![id],
                    section: None,
                }],
            ))
        }
        Kind::Blank => {
            // A web page collapses blank cells, so a blank there is a parsing puzzle, not
            // the blank-cell finding this kind is about.
            (doc.layout != Layout::PipeRows).then_some(())?;
            let zeros: Vec<String> = doc
                .cells
                .iter()
                .filter(|(k, v)| {
                    (k.starts_with("apply.") || k.starts_with("review.")) && **v == Val::Int(0)
                })
                .map(|(k, _)| k.clone())
                .collect();
            if zeros.is_empty() {
                return None;
            }
            let id = rng.pick(&zeros).clone();
            doc.cells.insert(id.clone(), Val::Blank);
            Some((
                format!("{id} left blank"),
                vec![Expected {
                    rule: "cell.blank",
                    cells: vec![id],
                    section: None,
                }],
            ))
        }
        Kind::Numbering => {
            let s = *rng.pick(&[SectionId::S1, SectionId::S5, SectionId::S6]);
            doc.faults.unnumbered = Some(s);
            Some((
                format!("heading of {s} without its number"),
                vec![section("structure.numbering", s)],
            ))
        }
        Kind::CarryOver => {
            around.prior?;
            let mut cols = super::numbers::PEOPLE.to_vec();
            rng.shuffle(&mut cols);
            for c in cols {
                let (ci, new) = (format!("apply.carried_in.{c}"), format!("apply.new.{c}"));
                let (vi, vn) = (int(doc, &ci)?, int(doc, &new)?);
                let vo = int(doc, &format!("apply.carried_out.{c}"))?;
                let total_new = int(doc, "apply.new.total")?;
                let d = delta(rng, 2);
                // Moving applications between 新收 and 结转 keeps the report balanced.
                if vi + d < 0 || vn - d < vo || total_new - d < 1 {
                    continue;
                }
                add(doc, &ci, d);
                add(doc, "apply.carried_in.total", d);
                add(doc, &new, -d);
                add(doc, "apply.new.total", -d);
                return Some((
                    format!("{ci} {vi} → {}, {new} {vn} → {}", vi + d, vn - d),
                    Vec::new(),
                ));
            }
            None
        }
        Kind::Title => {
            // Without a year in the title the report may not pair with its neighbours; with
            // clean neighbours that changes no finding.
            around.quiet.then_some(())?;
            doc.faults.title_without_year = true;
            Some((
                "title without the year".into(),
                vec![Expected {
                    rule: "meta.title",
                    cells: Vec::new(),
                    section: None,
                }],
            ))
        }
        Kind::DeniedLawsuit => {
            let direct = int(doc, "review.suit_direct.total")?;
            let after = int(doc, "review.suit_after_appeal.total")?;
            let group = match (direct, after) {
                (0, 0) => {
                    add(doc, "review.suit_direct.other", 1);
                    add(doc, "review.suit_direct.total", 1);
                    "suit_direct"
                }
                (_, 0) => "suit_direct",
                (0, _) => "suit_after_appeal",
                _ => return None,
            };
            doc.faults.deny_lawsuits = true;
            let cell = format!("review.{group}.total");
            Some((
                format!("narrative denies the lawsuit counted in {cell}"),
                vec![on_cell("narrative.contradiction", &cell, SectionId::S1)],
            ))
        }
        Kind::ReceivedNumber => {
            let new = int(doc, "apply.new.total")?;
            let with_carried = new + int(doc, "apply.carried_in.total")?;
            (new >= 1).then_some(())?;
            let stated = new + delta(rng, 5);
            (stated >= 1 && stated != with_carried).then_some(())?;
            doc.faults.stated_received = Some(stated);
            Some((
                format!("narrative says {stated} applications received, table {new}"),
                // The stated number is held against both readings the rule accepts (new,
                // and new + carried in), so the finding names both cells.
                vec![Expected {
                    rule: "narrative.numbers",
                    cells: vec!["apply.new.total".into(), "apply.carried_in.total".into()],
                    section: Some(SectionId::S1.as_str()),
                }],
            ))
        }
        Kind::PlanYear => {
            doc.faults.s5.plans_report_year = true;
            Some((
                format!("section 五 plans for {}", doc.year),
                vec![section("narrative.year", SectionId::S5)],
            ))
        }
        Kind::Rectification => {
            (template == Template::V2021).then_some(())?;
            doc.faults.s5.no_rectification = true;
            Some((
                "section 五 without 上年度问题整改情况".into(),
                vec![section("s5.rectification", SectionId::S5)],
            ))
        }
        Kind::FeesNote => {
            (template == Template::V2021).then_some(())?;
            doc.faults.no_fees_note = true;
            Some((
                "section 六 without a word on processing fees".into(),
                vec![section("s6.fees", SectionId::S6)],
            ))
        }
        Kind::PrevItems => {
            (template == Template::V2019 && prior_template == Some(Template::V2019))
                .then_some(())?;
            let row = rng.pick(&ITEM_ROWS);
            let id = format!("active.{row}.prev_items");
            nudge(rng, doc, &id)
        }
        Kind::InForce => {
            (template == Template::V2021 && prior_template == Some(Template::V2021))
                .then_some(())?;
            let row = rng.pick(&["rules", "normative"]);
            let id = format!("active.{row}.in_force");
            nudge(rng, doc, &id)
        }
        Kind::CopiedText => {
            let p = around.prior?;
            (around.quiet && prior_template == Some(template)).then_some(())?;
            let copied = docs[p].picks.s5.clone();
            docs[i].picks.s5 = copied;
            Some((
                "section 五 copied from last year's report".into(),
                vec![section("yoy.copied_text", SectionId::S5)],
            ))
        }
        Kind::Published => {
            (template == Template::V2019).then_some(())?;
            let row = rng.pick(&["rules", "normative"]);
            let total = int(doc, &format!("active.{row}.total"))?;
            let id = format!("active.{row}.published");
            let v = int(doc, &id)?;
            let now = total + rng.range(1, 2);
            set(doc, &id, now);
            Some((
                format!("{id} {v} → {now}, above the total {total}"),
                Vec::new(),
            ))
        }
    }
}
