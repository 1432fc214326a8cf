//! Arithmetic rules: equations from the rule file, expanded over each template's rows and
//! columns once, evaluated on a report with exact decimals, and the suspect cell.
//!
//! A finding's `actual` is the equation's left side as the report has it, `expected` what
//! the right side comes to. A blank cell counts as 0 (the message lists those); a missing,
//! unreadable or ambiguous cell makes the equation not evaluable, which is reported.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::expr::{self, CellPattern, Equation, Relation, Term};
use super::finding::{EvalStatus, Finding, Severity};
use super::messages::{self, cell_label, cell_label_en, number, row_label, row_label_en};
use super::ruleset::{Rule, RuleSet};
use crate::model::{Cell, CellStatus, Report, Schema, TableId, Template};

fn slot(t: Template) -> usize {
    match t {
        Template::V2019 => 0,
        Template::V2021 => 1,
    }
}

/// Where an operand's value comes from.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// This report's cell, by position in its schema.
    Current(usize),
    /// Last year's cell, by position in the prior report's schema.
    Prior(usize),
    /// A constant.
    Const(Decimal),
}

#[derive(Debug, Clone, Copy)]
struct Operand {
    negative: bool,
    source: Source,
}

/// One equation with its variables bound and its cells resolved for one template (pair).
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    rule: usize,
    /// Variable name, Chinese label, English label of what it is bound to.
    labels: Vec<(String, String, String)>,
    lhs: Vec<Operand>,
    relation: Relation,
    rhs: Vec<Operand>,
}

/// Every enabled equation, compiled per template (and per template pair for the rules
/// against last year).
#[derive(Debug, Default)]
pub(crate) struct EquationSet {
    within: [Vec<Compiled>; 2],
    yoy: [[Vec<Compiled>; 2]; 2],
}

/// One value a `for_each` variable takes.
struct Binding {
    id: String,
    label: String,
    label_en: String,
}

/// The values of a domain such as `apply.columns` or `active.rows[rules, normative]` in one
/// template.
fn domain(spec: &str, template: Template) -> Result<Vec<Binding>, String> {
    let (base, subset) = match spec.split_once('[') {
        Some((b, rest)) => {
            let inner = rest
                .strip_suffix(']')
                .ok_or_else(|| format!("domain `{spec}`: missing `]`"))?;
            let items: Vec<String> = inner.split(',').map(|s| s.trim().to_string()).collect();
            (b.trim(), Some(items))
        }
        None => (spec.trim(), None),
    };
    let (table, kind) = base
        .split_once('.')
        .ok_or_else(|| format!("domain `{spec}`: expected `<table>.rows` or `<table>.columns`"))?;
    let table = TableId::parse(table).ok_or_else(|| format!("domain `{spec}`: unknown table"))?;
    let schema = template.schema();
    let all: Vec<Binding> = match kind {
        "rows" => schema
            .table(table)
            .rows
            .iter()
            .map(|r| Binding {
                id: r.id.to_string(),
                label: row_label(schema, table, r.id),
                label_en: row_label_en(schema, table, r.id),
            })
            .collect(),
        "columns" if table != TableId::Active => schema
            .table(table)
            .rows
            .first()
            .map(|r| {
                r.columns
                    .iter()
                    .map(|c| Binding {
                        id: c.id.to_string(),
                        label: c.label.to_string(),
                        label_en: c.label_en.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        _ => {
            return Err(format!(
                "domain `{spec}`: use apply.rows, apply.columns, review.rows, review.columns or active.rows"
            ));
        }
    };
    Ok(match subset {
        Some(items) => all.into_iter().filter(|b| items.contains(&b.id)).collect(),
        None => all,
    })
}

/// The values of each of the rule's `for_each` domains in one template, by variable.
type Domains<'r> = Vec<(&'r str, std::rc::Rc<Vec<Binding>>)>;

/// A rule's domains in one template, each spec expanded once per compile (many rules share
/// `apply.columns` and the like, and a row's label is formatted to expand one).
fn domains<'r>(
    rule: &'r Rule,
    template: Template,
    cache: &mut DomainCache,
) -> Result<Domains<'r>, String> {
    rule.for_each
        .iter()
        .map(|(var, spec)| Ok((var.as_str(), cached_domain(spec, template, cache)?)))
        .collect()
}

/// [`domain`], expanded once per (spec, template) in `cache`.
fn cached_domain(
    spec: &str,
    template: Template,
    cache: &mut DomainCache,
) -> Result<std::rc::Rc<Vec<Binding>>, String> {
    let key = (spec.to_owned(), template);
    if let Some(v) = cache.get(&key) {
        return Ok(std::rc::Rc::clone(v));
    }
    let v = std::rc::Rc::new(domain(spec, template)?);
    cache.insert(key, std::rc::Rc::clone(&v));
    Ok(v)
}

/// Expanded domains by (spec, template).
type DomainCache = std::collections::HashMap<(String, Template), std::rc::Rc<Vec<Binding>>>;

/// One combination of a rule's variables: (variable, value) for each.
type Combo<'d> = Vec<(&'d str, &'d Binding)>;

/// Every combination of the variables' values.
fn bindings<'d>(domains: &'d Domains<'_>) -> Vec<Combo<'d>> {
    let mut combos: Vec<Combo<'_>> = vec![Vec::new()];
    for (var, values) in domains {
        let mut next = Vec::with_capacity(combos.len() * values.len());
        for combo in &combos {
            for v in values.iter() {
                let mut c = Vec::with_capacity(combo.len() + 1);
                c.extend_from_slice(combo);
                c.push((*var, v));
                next.push(c);
            }
        }
        combos = next;
    }
    combos
}

/// The schema positions a pattern names, with variables bound; `*` matches any one segment.
fn resolve(pattern: &CellPattern, binding: &[(&str, &Binding)], schema: &Schema) -> Vec<usize> {
    let mut id = String::with_capacity(48);
    let bound = pattern.bind_into(
        |var| {
            binding
                .iter()
                .find(|(name, _)| *name == var)
                .map(|(_, b)| b.id.as_str())
        },
        &mut id,
    );
    if !bound {
        return Vec::new();
    }
    if !id.contains('*') {
        return schema.position(&id).into_iter().collect();
    }
    schema.matching(&id).map(|(i, _)| i).collect()
}

fn operands(
    terms: &[Term],
    binding: &[(&str, &Binding)],
    current: &Schema,
    prior: &Schema,
) -> Vec<Operand> {
    let mut out = Vec::new();
    for term in terms {
        match term {
            Term::Number(v) => out.push(Operand {
                negative: false,
                source: Source::Const(*v),
            }),
            Term::Cells(sign, pattern) => {
                let schema = if pattern.prior { prior } else { current };
                for i in resolve(pattern, binding, schema) {
                    out.push(Operand {
                        negative: *sign < 0,
                        source: if pattern.prior {
                            Source::Prior(i)
                        } else {
                            Source::Current(i)
                        },
                    });
                }
            }
        }
    }
    out
}

fn is_yoy(eq: &Equation) -> bool {
    eq.patterns().any(|p| p.prior)
}

/// Check an equation rule when its file is loaded: the text parses, its variables are
/// declared, its domains exist, and every cell term names a cell of some template.
pub(crate) fn validate(rule: &Rule, text: &str) -> Result<(), String> {
    let eq = expr::parse_equation(text).map_err(|e| format!("equation {e}"))?;
    for p in eq.patterns() {
        for v in p.vars() {
            if !rule.for_each.contains_key(v) {
                return Err(format!("`{{{v}}}` in `{p}` is not declared in for_each"));
            }
        }
    }
    for var in rule.for_each.keys() {
        if !eq.patterns().any(|p| p.vars().any(|v| v == var)) {
            return Err(format!(
                "for_each variable `{var}` is not used in the equation"
            ));
        }
    }
    if rule.templates.is_empty() {
        return Err("`templates` is empty".into());
    }
    let mut cache = DomainCache::new();
    for (var, spec) in &rule.for_each {
        let mut any = false;
        for &t in &rule.templates {
            any |= !cached_domain(spec, t, &mut cache)?.is_empty();
        }
        if !any {
            return Err(format!("for_each `{var} = \"{spec}\"` names nothing"));
        }
    }
    // Every domain expanded above: each template's combinations, once for all patterns.
    let expanded: Vec<(Template, Domains)> = (rule.templates.iter())
        .map(|&t| Ok((t, domains(rule, t, &mut cache)?)))
        .collect::<Result<_, String>>()?;
    let combos: Vec<(Template, Vec<Combo>)> =
        (expanded.iter()).map(|(t, d)| (*t, bindings(d))).collect();
    for p in eq.patterns() {
        let mut found = false;
        for (t, combos) in &combos {
            // The first binding naming a cell settles it (every rule file is checked so at
            // each start).
            found = found || combos.iter().any(|b| !resolve(p, b, t.schema()).is_empty());
        }
        if !found {
            return Err(format!(
                "`{p}` names no cell of the templates it applies to"
            ));
        }
    }
    Ok(())
}

impl EquationSet {
    /// Expand and resolve every enabled equation rule for every template (pair).
    pub(crate) fn compile(rules: &[Rule]) -> EquationSet {
        let mut set = EquationSet::default();
        let mut cache = DomainCache::new();
        for (index, rule) in rules.iter().enumerate() {
            let Some(text) = &rule.equation else { continue };
            if !rule.enabled {
                continue;
            }
            let Ok(eq) = expr::parse_equation(text) else {
                continue;
            };
            let yoy = is_yoy(&eq);
            for &cur in &rule.templates {
                let Ok(domains) = domains(rule, cur, &mut cache) else {
                    continue;
                };
                let combos = bindings(&domains);
                let priors: Vec<Template> = if yoy {
                    rule.templates.clone()
                } else {
                    vec![cur]
                };
                for &prior in &priors {
                    for binding in &combos {
                        let lhs = operands(&eq.lhs, binding, cur.schema(), prior.schema());
                        let rhs = operands(&eq.rhs, binding, cur.schema(), prior.schema());
                        if lhs.is_empty() && rhs.is_empty() {
                            continue;
                        }
                        let compiled = Compiled {
                            rule: index,
                            labels: binding
                                .iter()
                                .map(|(n, b)| (n.to_string(), b.label.clone(), b.label_en.clone()))
                                .collect(),
                            lhs,
                            relation: eq.relation,
                            rhs,
                        };
                        if yoy {
                            set.yoy[slot(cur)][slot(prior)].push(compiled);
                        } else {
                            set.within[slot(cur)].push(compiled);
                        }
                    }
                }
            }
        }
        set
    }
}

enum State {
    Holds,
    Fails,
    /// The cells that could not be read, with the reason's message key.
    NotEvaluable(Vec<(bool, usize, &'static str)>),
}

/// How many readings of a row's run-together digits an equation is tried under, at most:
/// past this the equation is not evaluable rather than slow.
const MAX_READINGS: usize = 100_000;

/// An ambiguous cell of an equation: which side, its sign, where, and its candidate readings.
struct Reading<'c> {
    side: usize,
    negative: bool,
    is_prior: bool,
    pos: usize,
    candidates: &'c [Decimal],
}

struct Outcome<'a> {
    eq: &'a Compiled,
    lhs: Decimal,
    rhs: Decimal,
    state: State,
    /// Blank cells read as 0: (prior?, position).
    blanks: Vec<(bool, usize)>,
    /// Net coefficient of each current cell in lhs − rhs.
    coefs: Vec<(usize, i64)>,
    /// The equation fails under every reading of its ambiguous cells (run-together digits).
    every_reading: bool,
}

/// Try every combination of the ambiguous cells' readings (rules.md, "Run-together digits and
/// certainty"): `Some(first sides)` when none satisfies the relation, `None` when one does or
/// when there are too many (or no) readings to tell.
fn fails_every_reading(
    relation: Relation,
    known: [Decimal; 2],
    cells: &[Reading<'_>],
) -> Option<[Decimal; 2]> {
    let mut count: usize = 1;
    for c in cells {
        if c.candidates.is_empty() {
            return None;
        }
        count = count.checked_mul(c.candidates.len())?;
        if count > MAX_READINGS {
            return None;
        }
    }
    let sides = |pick: &[usize]| {
        let mut s = known;
        for (c, &i) in cells.iter().zip(pick) {
            let v = c.candidates[i];
            s[c.side] += if c.negative { -v } else { v };
        }
        s
    };
    let mut pick = vec![0usize; cells.len()];
    let first = sides(&pick);
    loop {
        let s = sides(&pick);
        if relation.holds(s[0], s[1]) {
            return None;
        }
        // Odometer step over the candidates.
        let mut k = 0;
        loop {
            if k == cells.len() {
                return Some(first);
            }
            pick[k] += 1;
            if pick[k] < cells[k].candidates.len() {
                break;
            }
            pick[k] = 0;
            k += 1;
        }
    }
}

fn evaluate<'a>(
    eq: &'a Compiled,
    current: &[Option<&Cell>],
    prior: &[Option<&Cell>],
) -> Outcome<'a> {
    let mut sides = [Decimal::ZERO, Decimal::ZERO];
    let mut blanks = Vec::new();
    let mut bad = Vec::new();
    let mut readings: Vec<Reading<'_>> = Vec::new();
    // One allocation for the coefficients rather than a few growths (a report evaluates
    // every equation of its template).
    let mut coefs: Vec<(usize, i64)> = Vec::with_capacity(eq.lhs.len() + eq.rhs.len());
    for (side, ops) in [&eq.lhs, &eq.rhs].into_iter().enumerate() {
        for op in ops {
            let (is_prior, pos, cell) = match op.source {
                Source::Const(v) => {
                    sides[side] += if op.negative { -v } else { v };
                    continue;
                }
                Source::Current(i) => (false, i, current.get(i).copied().flatten()),
                Source::Prior(i) => (true, i, prior.get(i).copied().flatten()),
            };
            if !is_prior {
                let c = if (side == 0) != op.negative { 1 } else { -1 };
                match coefs.iter_mut().find(|(p, _)| *p == pos) {
                    Some(entry) => entry.1 += c,
                    None => coefs.push((pos, c)),
                }
            }
            let value = match cell.map(|c| (&c.status, c.value)) {
                Some((CellStatus::Value, Some(v))) => v,
                Some((CellStatus::Blank, _)) => {
                    blanks.push((is_prior, pos));
                    Decimal::ZERO
                }
                Some((CellStatus::Unreadable, _)) => {
                    bad.push((is_prior, pos, "reason_unreadable"));
                    continue;
                }
                Some((CellStatus::Ambiguous, _)) => {
                    if let Some(c) = cell {
                        readings.push(Reading {
                            side,
                            negative: op.negative,
                            is_prior,
                            pos,
                            candidates: &c.candidates,
                        });
                    }
                    continue;
                }
                _ => {
                    bad.push((is_prior, pos, "reason_missing"));
                    continue;
                }
            };
            sides[side] += if op.negative { -value } else { value };
        }
    }
    coefs.retain(|(_, c)| *c != 0);
    let mut every_reading = false;
    let state = if !bad.is_empty() {
        bad.extend(
            readings
                .iter()
                .map(|r| (r.is_prior, r.pos, "reason_ambiguous")),
        );
        State::NotEvaluable(bad)
    } else if !readings.is_empty() {
        match fails_every_reading(eq.relation, sides, &readings) {
            Some(first) => {
                sides = first;
                every_reading = true;
                State::Fails
            }
            None => State::NotEvaluable(
                readings
                    .iter()
                    .map(|r| (r.is_prior, r.pos, "reason_ambiguous"))
                    .collect(),
            ),
        }
    } else if eq.relation.holds(sides[0], sides[1]) {
        State::Holds
    } else {
        State::Fails
    };
    Outcome {
        eq,
        lhs: sides[0],
        rhs: sides[1],
        state,
        blanks,
        coefs,
        every_reading,
    }
}

/// For each group of failing equalities that share cells: the one cell that, changed alone,
/// makes every equation of the group hold while every holding equation keeps holding, and the
/// value it would need. Only rules marked `suspect` take part.
fn suspects(
    outcomes: &[Outcome<'_>],
    eligible: &[bool],
    current: &[Option<&Cell>],
) -> BTreeMap<usize, (usize, Decimal)> {
    let failing: Vec<usize> = (0..outcomes.len())
        .filter(|&i| eligible[i] && matches!(outcomes[i].state, State::Fails))
        .collect();
    let holding: Vec<usize> = (0..outcomes.len())
        .filter(|&i| eligible[i] && matches!(outcomes[i].state, State::Holds))
        .collect();
    // Group the failing equations by shared cells (union–find over their indices).
    let mut parent: Vec<usize> = (0..failing.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for a in 0..failing.len() {
        for b in a + 1..failing.len() {
            let shares = outcomes[failing[a]]
                .coefs
                .iter()
                .any(|(p, _)| outcomes[failing[b]].coefs.iter().any(|(q, _)| p == q));
            if shares {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra] = rb;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &eq) in failing.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(eq);
    }
    let mut out = BTreeMap::new();
    for members in groups.values() {
        let first = &outcomes[members[0]];
        let mut found: Vec<(usize, Decimal)> = Vec::new();
        'candidate: for &(pos, _) in &first.coefs {
            let mut delta: Option<Decimal> = None;
            for &m in members {
                let o = &outcomes[m];
                let Some(&(_, coef)) = o.coefs.iter().find(|(p, _)| *p == pos) else {
                    continue 'candidate;
                };
                let coef = Decimal::from(coef);
                let needed = (o.rhs - o.lhs) / coef;
                if needed * coef != o.rhs - o.lhs || delta.is_some_and(|d| d != needed) {
                    continue 'candidate;
                }
                delta = Some(needed);
            }
            if holding
                .iter()
                .any(|&h| outcomes[h].coefs.iter().any(|(p, _)| *p == pos))
            {
                continue;
            }
            let Some(delta) = delta else { continue };
            let now = current
                .get(pos)
                .copied()
                .flatten()
                .and_then(|c| c.value)
                .unwrap_or(Decimal::ZERO);
            found.push((pos, now + delta));
        }
        if let [one] = found[..] {
            for &m in members {
                out.insert(m, one);
            }
        }
    }
    out
}

/// Evaluate every enabled equation on a report (and, given last year's, the equations that
/// read it), and turn those that fail or cannot be evaluated into findings.
pub(crate) fn check(
    report: &Report,
    prior: Option<&Report>,
    grids: (&[Option<&Cell>], &[Option<&Cell>]),
    rules: &RuleSet,
    out: &mut Vec<Finding>,
) {
    let set = &rules.inner.equations;
    let cur_t = report.meta.template;
    let (current, prior_grid) = grids;
    let mut compiled: Vec<&Compiled> = set.within[slot(cur_t)].iter().collect();
    if let Some(p) = prior {
        compiled.extend(set.yoy[slot(cur_t)][slot(p.meta.template)].iter());
    }
    let outcomes: Vec<Outcome<'_>> = compiled
        .iter()
        .map(|eq| evaluate(eq, current, prior_grid))
        .collect();
    let eligible: Vec<bool> = outcomes
        .iter()
        .map(|o| {
            o.eq.relation == Relation::Eq && rules.rules()[o.eq.rule].suspect && !o.every_reading
        })
        .collect();
    let suspects = suspects(&outcomes, &eligible, current);
    let schema = report.schema();
    let ctx = View {
        report,
        schema,
        prior_schema: prior.map(|p| p.schema()).unwrap_or(schema),
        current,
        prior: prior_grid,
    };
    for (i, o) in outcomes.iter().enumerate() {
        if matches!(o.state, State::Fails) {
            let rule = &rules.rules()[o.eq.rule];
            out.push(finding(rule, rules, o, suspects.get(&i), &ctx));
        }
    }
    not_evaluable(&outcomes, rules, &ctx, out);
}

/// The table an equation is about: its first cell's, this year's or last year's.
fn table_of(eq: &Compiled, view: &View<'_>) -> Option<TableId> {
    eq.lhs.iter().chain(&eq.rhs).find_map(|op| match op.source {
        Source::Current(i) => view.schema.cells.get(i).map(|c| c.table),
        Source::Prior(i) => view.prior_schema.cells.get(i).map(|c| c.table),
        Source::Const(_) => None,
    })
}

/// The equations that could not be evaluated: one `info` finding per rule and table
/// (rules.md, "When a rule cannot be evaluated"), naming the cells and the finding that made
/// them so, never one per column and never an error.
fn not_evaluable(
    outcomes: &[Outcome<'_>],
    rules: &RuleSet,
    view: &View<'_>,
    out: &mut Vec<Finding>,
) {
    // (rule, table) → the equations' count and their unreadable cells, in order.
    type Group = (usize, Vec<(bool, usize, &'static str)>);
    let mut groups: BTreeMap<(usize, Option<TableId>), Group> = BTreeMap::new();
    for o in outcomes {
        let State::NotEvaluable(bad) = &o.state else {
            continue;
        };
        let entry = groups
            .entry((o.eq.rule, table_of(o.eq, view)))
            .or_insert_with(|| (0, Vec::new()));
        entry.0 += 1;
        for b in bad {
            if !entry.1.contains(b) {
                entry.1.push(*b);
            }
        }
    }
    for ((rule_index, table), (count, bad)) in groups {
        let rule = &rules.rules()[rule_index];
        out.push(group_finding(rule, rules, table, count, &bad, view));
    }
}

/// The finding a reason points at: a missing cell is a `structure.table` finding, an
/// unreadable one `cell.unreadable`, an ambiguous one `cell.ambiguous`.
fn cause(reason: &str) -> &'static str {
    match reason {
        "reason_unreadable" => "cell.unreadable",
        "reason_ambiguous" => "cell.ambiguous",
        _ => "structure.table",
    }
}

/// At most this many cells are named in a not-evaluable message; the rest are counted.
const NAMED_CELLS: usize = 6;

fn group_finding(
    rule: &Rule,
    rules: &RuleSet,
    table: Option<TableId>,
    count: usize,
    bad: &[(bool, usize, &'static str)],
    view: &View<'_>,
) -> Finding {
    let (schema, prior_schema) = (view.schema, view.prior_schema);
    let described = |en: bool| -> String {
        let mut items: Vec<String> = bad
            .iter()
            .take(NAMED_CELLS)
            .map(|(p, pos, reason)| {
                let key = if en {
                    format!("{reason}_en")
                } else {
                    reason.to_string()
                };
                let reason = rules.message(&key);
                let l = label(schema, prior_schema, *p, *pos, en);
                if en {
                    format!("{l} ({reason})")
                } else {
                    format!("{l}（{reason}）")
                }
            })
            .collect();
        if bad.len() > NAMED_CELLS {
            let rest = bad.len() - NAMED_CELLS;
            items.push(if en {
                format!("{rest} more")
            } else {
                format!("另 {rest} 格")
            });
        }
        items.join(if en { ", " } else { "、" })
    };
    let mut causes: Vec<&str> = Vec::new();
    for (_, _, reason) in bad {
        let c = cause(reason);
        if !causes.contains(&c) {
            causes.push(c);
        }
    }
    // Named as the reviewer and the agency read them (the memo carries no rule ids).
    let named = |en: bool| -> String {
        let names: Vec<String> = causes
            .iter()
            .map(|id| match rules.rule(id) {
                Some(r) if en => format!("“{}”", r.name_en),
                Some(r) => format!("「{}」", r.name),
                None => (*id).to_string(),
            })
            .collect();
        names.join(if en { ", " } else { "、" })
    };
    let (causes_zh, causes_en) = (named(false), named(true));
    let (zh_cells, en_cells) = (described(false), described(true));
    let n = count.to_string();
    let (message, message_en) = messages::both_from(
        rule,
        rules.message("not_evaluable"),
        rules.message("not_evaluable_en"),
        &[("cells", &zh_cells), ("count", &n), ("causes", &causes_zh)],
        &[("cells", &en_cells), ("count", &n), ("causes", &causes_en)],
    );
    let cells: Vec<String> = bad
        .iter()
        .filter(|(p, ..)| !p)
        .filter_map(|(_, pos, _)| schema.cells.get(*pos).map(|c| c.id.clone()))
        .fold(Vec::new(), |mut acc, id| {
            if !acc.contains(&id) {
                acc.push(id);
            }
            acc
        });
    let section = table.map(|t| t.section());
    let line = cells
        .iter()
        .find_map(|id| view.report.cell(id).and_then(Cell::line));
    let mut f = messages::finding(rule, cells, section, message, message_en, line);
    // One per rule and table, whichever cells it names this time.
    let key = format!("not_evaluable:{}", table.map_or("", |t| t.as_str()));
    f.fingerprint = super::finding::fingerprint(&rule.id, &[key], section);
    f.severity = Severity::Info;
    f.status = EvalStatus::NotEvaluable;
    f
}

/// What rendering a finding needs to see of the two reports.
struct View<'a> {
    report: &'a Report,
    schema: &'a Schema,
    prior_schema: &'a Schema,
    current: &'a [Option<&'a Cell>],
    prior: &'a [Option<&'a Cell>],
}

fn current_cells(eq: &Compiled, schema: &Schema) -> Vec<String> {
    let mut cells: Vec<String> = Vec::new();
    for op in eq.lhs.iter().chain(&eq.rhs) {
        if let Source::Current(i) = op.source {
            let id = &schema.cells[i].id;
            if !cells.contains(id) {
                cells.push(id.clone());
            }
        }
    }
    cells
}

fn label(schema: &Schema, prior_schema: &Schema, is_prior: bool, pos: usize, en: bool) -> String {
    let s = if is_prior { prior_schema } else { schema };
    let Some(def) = s.cells.get(pos) else {
        return String::new();
    };
    match (is_prior, en) {
        (false, false) => cell_label(s, &def.id),
        (false, true) => cell_label_en(s, &def.id),
        (true, false) => format!("上年{}", cell_label(s, &def.id)),
        (true, true) => format!("last year's {}", cell_label_en(s, &def.id)),
    }
}

/// One side of an equation with labels and values: 「…」3 + 「…」1. Zero terms are left out
/// of long sides (and counted), so a sum over twenty result rows stays readable.
fn side(
    ops: &[Operand],
    current: &[Option<&Cell>],
    prior: &[Option<&Cell>],
    schema: &Schema,
    prior_schema: &Schema,
    en: bool,
) -> String {
    let value_of = |op: &Operand| -> Option<Decimal> {
        match op.source {
            Source::Const(v) => Some(v),
            Source::Current(i) => current.get(i).copied().flatten().and_then(|c| c.value),
            Source::Prior(i) => prior.get(i).copied().flatten().and_then(|c| c.value),
        }
    };
    // A side of one cell is named without its value: the message gives that value next.
    if let [op] = ops {
        match op.source {
            Source::Current(i) => return label(schema, prior_schema, false, i, en),
            Source::Prior(i) => return label(schema, prior_schema, true, i, en),
            Source::Const(_) => {}
        }
    }
    let long = ops.len() > 4;
    let mut parts = Vec::new();
    let mut zeros = 0;
    for op in ops {
        let v = value_of(op);
        if long && v.is_none_or(|v| v.is_zero()) {
            zeros += 1;
            continue;
        }
        let text = match op.source {
            Source::Const(c) => number(c),
            Source::Current(i) => format!(
                "{}{}",
                label(schema, prior_schema, false, i, en),
                v.map(number)
                    .unwrap_or_else(|| if en { "blank".into() } else { "空白".into() })
            ),
            Source::Prior(i) => format!(
                "{}{}",
                label(schema, prior_schema, true, i, en),
                v.map(number)
                    .unwrap_or_else(|| if en { "blank".into() } else { "空白".into() })
            ),
        };
        let sign = if op.negative { " − " } else { " + " };
        if parts.is_empty() {
            parts.push(if op.negative {
                format!("−{text}")
            } else {
                text
            });
        } else {
            parts.push(format!("{sign}{text}"));
        }
    }
    let mut s = parts.concat();
    if zeros > 0 {
        let note = match (en, parts.is_empty()) {
            (false, false) => format!("（其余 {zeros} 项为 0 或空白）"),
            (false, true) => format!("{zeros} 项均为 0 或空白"),
            (true, false) => format!(" ({zeros} others 0 or blank)"),
            (true, true) => format!("{zeros} items, all 0 or blank"),
        };
        s.push_str(&note);
    }
    s
}

/// What the message says of blank cells read as 0 and, for run-together digits, that every
/// reading fails.
fn blank_note(rules: &RuleSet, o: &Outcome<'_>, view: &View<'_>, en: bool) -> String {
    let blank_cells: Vec<String> = o
        .blanks
        .iter()
        .map(|(p, pos)| label(view.schema, view.prior_schema, *p, *pos, en))
        .collect();
    let mut note = if blank_cells.is_empty() {
        String::new()
    } else {
        let key = if en { "blank_note_en" } else { "blank_note" };
        let cells = blank_cells.join(if en { ", " } else { "、" });
        messages::render(rules.message(key), &[("cells", &cells)])
    };
    // Run-together digits: the sides shown are one reading, and every reading fails.
    if o.every_reading {
        let key = if en {
            "every_reading_note_en"
        } else {
            "every_reading_note"
        };
        if !note.is_empty() {
            note.push(' ');
        }
        note.push_str(rules.message(key));
    }
    note
}

fn finding(
    rule: &Rule,
    rules: &RuleSet,
    o: &Outcome<'_>,
    suspect: Option<&(usize, Decimal)>,
    view: &View<'_>,
) -> Finding {
    let (schema, prior_schema, report) = (view.schema, view.prior_schema, view.report);
    let cells = current_cells(o.eq, schema);
    let section = cells
        .first()
        .and_then(|id| schema.cell(id))
        .map(|c| c.table.section());
    let line = cells
        .iter()
        .find_map(|id| report.cell(id).and_then(Cell::line));
    let labels = |en: bool| -> Vec<(String, String)> {
        o.eq.labels
            .iter()
            .map(|(n, zh, e)| (n.clone(), if en { e.clone() } else { zh.clone() }))
            .collect()
    };
    let (current, prior_cells) = (view.current, view.prior);
    let render = |en: bool| -> (String, String, String, String) {
        let lhs = side(&o.eq.lhs, current, prior_cells, schema, prior_schema, en);
        let rhs = side(&o.eq.rhs, current, prior_cells, schema, prior_schema, en);
        let blank_note = blank_note(rules, o, view, en);
        let suspect_note = match suspect {
            Some((pos, value)) => {
                let key = if en {
                    "suspect_note_en"
                } else {
                    "suspect_note"
                };
                messages::render(
                    rules.message(key),
                    &[
                        ("cell", &label(schema, prior_schema, false, *pos, en)),
                        ("value", &number(*value)),
                    ],
                )
            }
            None => String::new(),
        };
        (lhs, rhs, blank_note, suspect_note)
    };
    let (lhs, rhs, blank_note, suspect_note) = render(false);
    let (lhs_en, rhs_en, blank_note_en, suspect_note_en) = render(true);
    let actual = number(o.lhs);
    let expected = number(o.rhs);
    let diff = o.lhs - o.rhs;
    let difference = if diff > Decimal::ZERO {
        format!("+{}", number(diff))
    } else {
        number(diff)
    };
    let vars_zh = labels(false);
    let vars_en = labels(true);
    let mut values: Vec<(&str, &str)> = vec![
        ("lhs", &lhs),
        ("rhs", &rhs),
        ("actual", &actual),
        ("expected", &expected),
        ("difference", &difference),
        ("blank_note", &blank_note),
        ("suspect_note", &suspect_note),
    ];
    values.extend(vars_zh.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let mut values_en: Vec<(&str, &str)> = vec![
        ("lhs", &lhs_en),
        ("rhs", &rhs_en),
        ("actual", &actual),
        ("expected", &expected),
        ("difference", &difference),
        ("blank_note", &blank_note_en),
        ("suspect_note", &suspect_note_en),
    ];
    values_en.extend(vars_en.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let (message, message_en) = messages::both(rule, &values, &values_en);
    let mut f = messages::finding(rule, cells, section, message, message_en, line);
    f.actual = Some(o.lhs);
    f.expected = Some(o.rhs);
    f.suspect = suspect.map(|(pos, _)| schema.cells[*pos].id.clone());
    f
}
