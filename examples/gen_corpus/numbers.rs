//! The tables' numbers: an agency's state evolving year by year, the cells it shows in either
//! template, and an oracle that evaluates the arithmetic and cross-year rules of
//! `spec/rules.md` on final cells, so the manifest lists exactly what a correct checker finds.

use std::collections::BTreeMap;

use nianbao::model::{TableId, Template};

use super::rng::Rng;

/// Applicant columns without the total.
pub const PEOPLE: [&str; 6] = ["natural", "business", "research", "ngo", "legal", "other"];

/// Result rows in 2021 order; the 2019 row `other` is the sum of the last three.
pub const RESULT_ROWS: [&str; 21] = [
    "granted",
    "partial",
    "denied.state_secret",
    "denied.prohibited",
    "denied.security",
    "denied.third_party",
    "denied.internal",
    "denied.process",
    "denied.enforcement",
    "denied.query",
    "unavailable.not_held",
    "unavailable.needs_creation",
    "unavailable.unclear",
    "not_processed.complaint",
    "not_processed.repeat",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.reissue",
    "other.no_correction",
    "other.no_fee",
    "other.other",
];

/// How often each result row is the outcome of an application.
const ROW_WEIGHTS: [u32; 21] = [
    40, 8, 1, 1, 1, 2, 1, 2, 1, 1, 15, 3, 2, 3, 3, 1, 1, 1, 2, 1, 2,
];

/// How often each applicant type applies.
const PEOPLE_WEIGHTS: [u32; 6] = [75, 12, 2, 3, 4, 4];

/// Rows of table 二 with a `prev_items`/`change` pair (2019), in form order.
pub const ITEM_ROWS: [&str; 5] = ["licensing", "other_admin", "penalty", "coercion", "fees"];

/// A cell as the report writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    /// A whole number (counts, and the signed `change`).
    Int(i64),
    /// An amount in hundredths (yuan for procurement, 万元 for fees).
    Cents(i64),
    /// Left blank.
    Blank,
    /// Text that is not a number.
    Text(&'static str),
}

impl Val {
    /// The value arithmetic rules use: blank reads as 0, unreadable as nothing.
    fn arith(&self) -> Option<i64> {
        match self {
            Val::Int(v) | Val::Cents(v) => Some(*v),
            Val::Blank => Some(0),
            Val::Text(_) => None,
        }
    }

    /// The value the year-over-year changes use: only a written number.
    fn written(&self) -> Option<(i64, i64)> {
        match self {
            Val::Int(v) => Some((*v, 1)),
            Val::Cents(v) => Some((*v, 100)),
            _ => None,
        }
    }
}

/// Every cell of a report, by canonical id.
pub type Cells = BTreeMap<String, Val>;

/// How busy an agency is with applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Never an application (common for small bureaus).
    Quiet,
    /// A handful a year.
    Small,
    /// Dozens to hundreds a year.
    Large,
}

/// Table 三 as an agency's year holds it; `new` and the totals follow from these.
#[derive(Debug, Clone, PartialEq)]
pub struct Apply {
    results: [[i64; 6]; 21],
    carried_in: [i64; 6],
    carried_out: [i64; 6],
}

impl Apply {
    fn zero() -> Apply {
        Apply {
            results: [[0; 6]; 21],
            carried_in: [0; 6],
            carried_out: [0; 6],
        }
    }

    fn handled(&self, c: usize) -> i64 {
        self.results.iter().map(|r| r[c]).sum()
    }

    /// The balance fixes `new`: new + carried_in = total + carried_out.
    fn new_count(&self, c: usize) -> i64 {
        self.handled(c) + self.carried_out[c] - self.carried_in[c]
    }
}

/// One 第二十条第（一）项 row across both templates.
#[derive(Debug, Clone, PartialEq)]
struct Docs {
    made: i64,
    published: i64,
    public_total: i64,
    issued: i64,
    repealed: i64,
    in_force: i64,
}

/// One row with `prev_items`, `change` and `decisions`.
#[derive(Debug, Clone, PartialEq)]
struct Items {
    prev_items: i64,
    change: i64,
    decisions: i64,
}

/// Table 二 across both templates.
#[derive(Debug, Clone, PartialEq)]
struct Active {
    docs: [Docs; 2],
    items: [Items; 5],
    procurement_items: i64,
    procurement_cents: i64,
    fee_cents: i64,
}

/// Everything the tables of one agency-year hold.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    apply: Apply,
    active: Active,
    review: [[i64; 4]; 3],
}

/// An agency's character, fixed across its years.
#[derive(Debug, Clone, Copy)]
pub struct Character {
    /// Application volume.
    pub profile: Profile,
    /// Whether reviews and lawsuits ever happen.
    pub litigated: bool,
}

impl Character {
    /// Draw one.
    pub fn draw(rng: &mut Rng) -> Character {
        let profile = match rng.weighted(&[25, 60, 15]) {
            0 => Profile::Quiet,
            1 => Profile::Small,
            _ => Profile::Large,
        };
        Character {
            profile,
            litigated: rng.chance(0.3),
        }
    }
}

/// A small random step that never makes a swing: at most 3, or 20 % of the value.
fn drift(rng: &mut Rng, v: i64) -> i64 {
    if v == 0 {
        return if rng.chance(0.3) { rng.range(0, 3) } else { 0 };
    }
    let step = (v / 5).max(3);
    (v + rng.range(-step, step)).max(0)
}

/// The first year of an agency.
pub fn initial(rng: &mut Rng, ch: Character) -> State {
    let mut apply = Apply::zero();
    if ch.profile != Profile::Quiet {
        let volume = if ch.profile == Profile::Small {
            rng.range(1, 30)
        } else {
            rng.range(40, 300)
        };
        for _ in 0..volume {
            let c = rng.weighted(&PEOPLE_WEIGHTS);
            let r = rng.weighted(&ROW_WEIGHTS);
            apply.results[r][c] += 1;
        }
        for c in 0..6 {
            if rng.chance(0.3) {
                apply.carried_out[c] = rng.range(0, 2);
            }
            // Near what goes out, since next year's carried_in is this carried_out and
            // must not swing.
            let carried_in = apply.carried_out[c] + rng.range(-1, 1);
            apply.carried_in[c] = carried_in.clamp(0, apply.handled(c));
        }
    }
    let docs = |rng: &mut Rng, busy: bool| {
        let made = if busy { rng.range(0, 6) } else { 0 };
        let published = rng.range(0, made);
        Docs {
            made,
            published,
            public_total: if busy {
                published + rng.range(0, 60)
            } else {
                0
            },
            issued: 0,
            repealed: 0,
            in_force: if busy { rng.range(0, 40) } else { 0 },
        }
    };
    let items = |rng: &mut Rng, max_items: i64, max_decisions: i64| Items {
        prev_items: rng.range(0, max_items),
        change: 0,
        decisions: rng.range(0, max_decisions),
    };
    // County bodies make no 规章; only the normative row carries numbers.
    let mut active = Active {
        docs: [docs(rng, false), docs(rng, true)],
        items: [
            items(rng, 200, 3000),
            items(rng, 50, 500),
            items(rng, 30, 100),
            items(rng, 10, 20),
            items(rng, 8, 0),
        ],
        procurement_items: 0,
        procurement_cents: 0,
        fee_cents: if rng.chance(0.4) {
            rng.range(10, 2000)
        } else {
            0
        },
    };
    active.items[0].decisions = active.items[0].decisions.max(10);
    for it in &mut active.items {
        it.change = rng.range(-(it.prev_items.min(3)), 3);
    }
    if rng.chance(0.7) {
        active.procurement_items = rng.range(1, 90);
        active.procurement_cents = rng.range(50_000, 20_000_000) * 100 + rng.range(0, 99);
    }
    let mut review = [[0; 4]; 3];
    if ch.litigated {
        for row in &mut review {
            for cell in row.iter_mut() {
                if rng.chance(0.2) {
                    *cell = rng.range(1, 2);
                }
            }
        }
    }
    State {
        apply,
        active,
        review,
    }
}

/// A candidate next year. The caller keeps it only if the oracle finds nothing against this
/// year (no swing, no copied table), and draws again otherwise.
pub fn next(rng: &mut Rng, prev: &State, ch: Character) -> State {
    let mut s = prev.clone();
    if ch.profile != Profile::Quiet {
        let a = &mut s.apply;
        a.carried_in = prev.apply.carried_out;
        if ch.profile == Profile::Large && rng.chance(0.6) {
            let f = rng.range(88, 112);
            for row in &mut a.results {
                for v in row.iter_mut() {
                    *v = (*v * f + 50) / 100;
                }
            }
        } else {
            for _ in 0..rng.range(1, 3) {
                let (r, c) = if rng.chance(0.6) {
                    let live: Vec<(usize, usize)> = (0..21)
                        .flat_map(|r| (0..6).map(move |c| (r, c)))
                        .filter(|&(r, c)| a.results[r][c] > 0)
                        .collect();
                    if live.is_empty() {
                        (0, 0)
                    } else {
                        *rng.pick(&live)
                    }
                } else {
                    (rng.weighted(&ROW_WEIGHTS), rng.weighted(&PEOPLE_WEIGHTS))
                };
                let d = rng.range(1, 2) * if rng.chance(0.5) { 1 } else { -1 };
                a.results[r][c] = (a.results[r][c] + d).max(0);
            }
        }
        if rng.chance(0.3) {
            let c = rng.weighted(&PEOPLE_WEIGHTS);
            let d = if rng.chance(0.5) { 1 } else { -1 };
            a.carried_out[c] = (a.carried_out[c] + d).max(0);
        }
        // What was carried in must be handled this year: keeps new >= carried_out.
        for c in 0..6 {
            let short = a.carried_in[c] - a.handled(c);
            if short > 0 {
                a.results[0][c] += short;
            }
        }
        if (0..6).map(|c| a.new_count(c)).sum::<i64>() == 0 {
            a.results[0][0] += 1;
        }
    }
    let act = &mut s.active;
    let normative = &mut act.docs[1];
    normative.made = rng.range(0, 6);
    normative.published = rng.range(0, normative.made);
    normative.public_total += normative.published;
    normative.issued = rng.range(0, 3);
    normative.repealed = rng.range(0, normative.in_force.min(2));
    normative.in_force += normative.issued - normative.repealed;
    for (i, it) in act.items.iter_mut().enumerate() {
        it.prev_items += it.change;
        it.change = rng.range(-(it.prev_items.min(3)), 3);
        if i < 4 {
            it.decisions = drift(rng, it.decisions);
        }
    }
    // Licensing decisions always move, so table 二 is never a copy of last year's.
    if act.items[0].decisions == prev.active.items[0].decisions {
        act.items[0].decisions += 1;
    }
    if act.procurement_items > 0 {
        act.procurement_items = drift(rng, act.procurement_items).max(1);
        let step = act.procurement_cents / 6;
        act.procurement_cents = (act.procurement_cents + rng.range(-step, step)).max(100);
    }
    if act.fee_cents > 0 {
        let step = (act.fee_cents / 5).max(1);
        act.fee_cents = (act.fee_cents + rng.range(-step, step)).max(1);
    }
    if ch.litigated && rng.chance(0.6) {
        let (g, k) = (rng.below(3), rng.below(4));
        let d = if rng.chance(0.5) { 1 } else { -1 };
        s.review[g][k] = (s.review[g][k] + d).max(0);
    }
    s
}

/// The state's cells as a report of template `t` shows them.
pub fn cells(s: &State, t: Template) -> Cells {
    let mut m = Cells::new();
    let mut put = |id: String, v: Val| {
        m.insert(id, v);
    };
    let act = &s.active;
    for (row, d) in ["rules", "normative"].iter().zip(&act.docs) {
        match t {
            Template::V2019 => {
                put(format!("active.{row}.made"), Val::Int(d.made));
                put(format!("active.{row}.published"), Val::Int(d.published));
                put(format!("active.{row}.total"), Val::Int(d.public_total));
            }
            Template::V2021 => {
                put(format!("active.{row}.issued"), Val::Int(d.issued));
                put(format!("active.{row}.repealed"), Val::Int(d.repealed));
                put(format!("active.{row}.in_force"), Val::Int(d.in_force));
            }
        }
    }
    for (row, it) in ITEM_ROWS.iter().zip(&act.items) {
        match t {
            Template::V2019 => {
                put(format!("active.{row}.prev_items"), Val::Int(it.prev_items));
                put(format!("active.{row}.change"), Val::Int(it.change));
                if *row != "fees" {
                    put(format!("active.{row}.decisions"), Val::Int(it.decisions));
                }
            }
            Template::V2021 => {
                if *row != "fees" && *row != "other_admin" {
                    put(format!("active.{row}.decisions"), Val::Int(it.decisions));
                }
            }
        }
    }
    match t {
        Template::V2019 => {
            put(
                "active.procurement.items".into(),
                Val::Int(act.procurement_items),
            );
            put(
                "active.procurement.amount".into(),
                Val::Cents(act.procurement_cents),
            );
        }
        Template::V2021 => put("active.fees.amount".into(), Val::Cents(act.fee_cents)),
    }
    let a = &s.apply;
    let mut row = |id: &str, values: [i64; 6]| {
        for (c, v) in PEOPLE.iter().zip(values) {
            put(format!("apply.{id}.{c}"), Val::Int(v));
        }
        put(format!("apply.{id}.total"), Val::Int(values.iter().sum()));
    };
    row("new", std::array::from_fn(|c| a.new_count(c)));
    row("carried_in", a.carried_in);
    for (r, id) in RESULT_ROWS.iter().enumerate() {
        if t == Template::V2021 || !id.starts_with("other.") {
            row(id, a.results[r]);
        }
    }
    if t == Template::V2019 {
        row(
            "other",
            std::array::from_fn(|c| (18..21).map(|r| a.results[r][c]).sum()),
        );
    }
    row("total", std::array::from_fn(|c| a.handled(c)));
    row("carried_out", a.carried_out);
    for (g, values) in ["appeal", "suit_direct", "suit_after_appeal"]
        .iter()
        .zip(&s.review)
    {
        for (k, v) in ["upheld", "corrected", "other", "pending"]
            .iter()
            .zip(values)
        {
            put(format!("review.{g}.{k}"), Val::Int(*v));
        }
        put(format!("review.{g}.total"), Val::Int(values.iter().sum()));
    }
    m
}

/// A finding the oracle expects, keyed like the checker's JSON.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    /// Rule id.
    pub rule: &'static str,
    /// Cell ids, in equation order.
    pub cells: Vec<String>,
    /// Section, for findings about a section rather than cells.
    pub section: Option<&'static str>,
}

impl Expected {
    fn on(rule: &'static str, cells: Vec<String>) -> Expected {
        Expected {
            rule,
            cells,
            section: None,
        }
    }
}

/// One report's cells, with the template they follow.
pub struct View<'a> {
    /// The cells.
    pub cells: &'a Cells,
    /// The template.
    pub template: Template,
}

impl View<'_> {
    fn arith(&self, id: &str) -> Option<i64> {
        self.cells.get(id).and_then(Val::arith)
    }

    fn sum(&self, ids: &[String]) -> Option<i64> {
        ids.iter().map(|id| self.arith(id)).sum()
    }
}

/// The rows of table 三 in the template's order.
fn apply_rows(t: Template) -> Vec<&'static str> {
    t.schema()
        .table(TableId::Apply)
        .rows
        .iter()
        .map(|r| r.id)
        .collect()
}

const ALL_COLUMNS: [&str; 7] = [
    "natural", "business", "research", "ngo", "legal", "other", "total",
];

/// Every arithmetic finding for one report, and the cross-year ones against its prior.
/// Equations with an unreadable term are skipped: the generator never puts one there.
pub fn check(cur: &View, prior: Option<&View>) -> Vec<Expected> {
    let mut out = Vec::new();
    let rows = apply_rows(cur.template);
    let results: Vec<&str> = rows
        .iter()
        .copied()
        .filter(|r| !matches!(*r, "new" | "carried_in" | "total" | "carried_out"))
        .collect();
    for c in ALL_COLUMNS {
        let ids: Vec<String> = ["new", "carried_in", "total", "carried_out"]
            .iter()
            .map(|r| format!("apply.{r}.{c}"))
            .collect();
        if let (Some(l), Some(r)) = (cur.sum(&ids[..2]), cur.sum(&ids[2..]))
            && l != r
        {
            out.push(Expected::on("apply.balance", ids));
        }
    }
    for c in ALL_COLUMNS {
        let mut ids = vec![format!("apply.total.{c}")];
        ids.extend(results.iter().map(|r| format!("apply.{r}.{c}")));
        if let (Some(t), Some(s)) = (cur.arith(&ids[0]), cur.sum(&ids[1..]))
            && t != s
        {
            out.push(Expected::on("apply.results_sum", ids));
        }
    }
    for r in &rows {
        let ids: Vec<String> = ALL_COLUMNS
            .iter()
            .map(|c| format!("apply.{r}.{c}"))
            .collect();
        if let (Some(s), Some(t)) = (cur.sum(&ids[..6]), cur.arith(&ids[6]))
            && s != t
        {
            out.push(Expected::on("apply.row_total", ids));
        }
    }
    for g in ["appeal", "suit_direct", "suit_after_appeal"] {
        let ids: Vec<String> = ["upheld", "corrected", "other", "pending", "total"]
            .iter()
            .map(|k| format!("review.{g}.{k}"))
            .collect();
        if let (Some(s), Some(t)) = (cur.sum(&ids[..4]), cur.arith(&ids[4]))
            && s != t
        {
            out.push(Expected::on("review.group_total", ids));
        }
    }
    if cur.template == Template::V2019 {
        for x in ["rules", "normative"] {
            let ids = vec![format!("active.{x}.published"), format!("active.{x}.total")];
            if let (Some(p), Some(t)) = (cur.arith(&ids[0]), cur.arith(&ids[1]))
                && p > t
            {
                out.push(Expected::on("active.published_le_total", ids));
            }
        }
    }
    for c in ALL_COLUMNS {
        let ids = vec![format!("apply.carried_out.{c}"), format!("apply.new.{c}")];
        if let (Some(o), Some(n)) = (cur.arith(&ids[0]), cur.arith(&ids[1]))
            && o > n
        {
            out.push(Expected::on("apply.carried_out_le_new", ids));
        }
    }
    if let Some(p) = prior {
        cross_year(cur, p, &mut out);
    }
    out
}

fn cross_year(cur: &View, p: &View, out: &mut Vec<Expected>) {
    for c in ALL_COLUMNS {
        let now = cur.arith(&format!("apply.carried_in.{c}"));
        let then = p.arith(&format!("apply.carried_out.{c}"));
        if let (Some(a), Some(b)) = (now, then)
            && a != b
        {
            out.push(Expected::on(
                "yoy.carry_over",
                vec![format!("apply.carried_in.{c}")],
            ));
        }
    }
    if cur.template == Template::V2019 && p.template == Template::V2019 {
        for x in ITEM_ROWS {
            let id = format!("active.{x}.prev_items");
            let last = p
                .arith(&id)
                .zip(p.arith(&format!("active.{x}.change")))
                .map(|(a, b)| a + b);
            if let (Some(now), Some(last)) = (cur.arith(&id), last)
                && now != last
            {
                out.push(Expected::on("yoy.prev_items", vec![id]));
            }
        }
    }
    if cur.template == Template::V2021 && p.template == Template::V2021 {
        for x in ["rules", "normative"] {
            let id = format!("active.{x}.in_force");
            let expect = p.arith(&id).and_then(|last| {
                Some(
                    last + cur.arith(&format!("active.{x}.issued"))?
                        - cur.arith(&format!("active.{x}.repealed"))?,
                )
            });
            if let (Some(now), Some(expect)) = (cur.arith(&id), expect)
                && now != expect
            {
                // The rule names this year's cells of its equation, as the arithmetic
                // rules do: in force, issued and repealed.
                out.push(Expected::on(
                    "yoy.in_force",
                    vec![
                        id,
                        format!("active.{x}.issued"),
                        format!("active.{x}.repealed"),
                    ],
                ));
            }
        }
    }
    for (id, v) in cur.cells {
        let (Some((now, scale)), Some((then, _))) =
            (v.written(), p.cells.get(id).and_then(Val::written))
        else {
            continue;
        };
        if !calm(then, now, scale) {
            out.push(Expected::on("yoy.swing", vec![id.clone()]));
        }
    }
    for (table, section) in [("active.", "s2"), ("apply.", "s3"), ("review.", "s4")] {
        if table == "active." && cur.template != p.template {
            continue;
        }
        let mut same = true;
        let mut nonzero = false;
        for (id, v) in cur.cells.range(table.to_string()..) {
            if !id.starts_with(table) {
                break;
            }
            nonzero |= v.arith().is_some_and(|x| x != 0);
            same &= p.cells.get(id) == Some(v);
        }
        if same && nonzero {
            out.push(Expected {
                rule: "yoy.identical_tables",
                cells: Vec::new(),
                section: Some(section),
            });
        }
    }
}

/// Whether a change is well below the swing threshold (at least 50 % and at least 10): at most
/// 9 units, or at most 30 % of the smaller value, so no reading of the threshold (≥ or >,
/// relative to last year or this) calls it a swing.
fn calm(then: i64, now: i64, scale: i64) -> bool {
    let d = (now - then).abs();
    d <= 9 * scale || 10 * d <= 3 * then.abs().min(now.abs())
}

/// The default severity of a rule (`spec/rules.md`).
pub fn severity(rule: &str) -> &'static str {
    match rule {
        "apply.balance" | "apply.results_sum" | "apply.row_total" | "review.group_total"
        | "cell.unreadable" | "cell.negative" | "cell.fraction" | "structure.section"
        | "structure.table" | "template.version" | "template.mixed" | "yoy.pairing"
        | "yoy.carry_over" => "error",
        "cell.blank" | "narrative.year" | "yoy.swing" => "info",
        _ => "warning",
    }
}
