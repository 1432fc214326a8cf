//! One sheet per table (二, 三, 四): every report's cells in the form's own row and column
//! order, in blocks of one report year and one template, each closed by its 合计 row. A total
//! only adds reports of the same year and form, never amounts in different units, and never
//! counts an unreadable, ambiguous or missing cell as zero: such a column's total is marked
//! incomplete and the cells left out are counted below it. The totals are checked against
//! the same equations as a report.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use nianbao::model::{CellDef, TableId, ValueKind};
use nianbao::rules::{self, EvalStatus, RuleSet};
use nianbao::{Cell, CellStatus, Lang, Report, Template};

use super::intake::{Entry, Slot};
use super::sheet::{Mark, Out, Sheet};

/// Columns before the cells: agency, year, files.
pub const LEAD: usize = 3;

/// The sheet of one table.
pub fn sheet(table: TableId, entries: &[Entry], rules: &RuleSet, lang: Lang) -> Sheet {
    let name = match (table, lang) {
        (TableId::Active, Lang::Zh) => "二、主动公开",
        (TableId::Apply, Lang::Zh) => "三、依申请公开",
        (TableId::Review, Lang::Zh) => "四、复议诉讼",
        (TableId::Active, Lang::En) => "2 Proactive disclosure",
        (TableId::Apply, Lang::En) => "3 Applications",
        (TableId::Review, Lang::En) => "4 Review and litigation",
    };
    let mut sheet = Sheet::new(name);
    sheet.frozen_cols = 1;
    let mut groups: BTreeMap<(Option<i32>, Template), Vec<&Entry>> = BTreeMap::new();
    for e in entries {
        groups.entry((e.year, e.template)).or_default().push(e);
    }
    for ((year, template), members) in groups.iter().rev() {
        if sheet.rows.is_empty() {
            // Freeze the first block's heads: title, row labels, column labels, ids.
            sheet.frozen_rows = 4;
        } else {
            sheet.rows.push(Vec::new());
        }
        block(&mut sheet, table, (*year, *template), members, rules, lang);
    }
    sheet
}

fn block(
    sheet: &mut Sheet,
    table: TableId,
    (year, template): (Option<i32>, Template),
    members: &[&Entry],
    rules: &RuleSet,
    lang: Lang,
) {
    let schema = template.schema();
    let defs: Vec<(usize, &CellDef)> = schema
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.table == table)
        .collect();
    let year_text = year.map(|y| y.to_string()).unwrap_or_else(|| "?".into());
    let title = match lang {
        Lang::Zh => format!(
            "{year_text} 年度 · {} 版格式 · {} 份报告",
            template.as_str(),
            members.len()
        ),
        Lang::En => format!(
            "{year_text} · {} form · {} reports",
            template.as_str(),
            members.len()
        ),
    };
    sheet.rows.push(vec![Out::text(title, Mark::Title)]);
    sheet.rows.extend(heads(&defs, schema, lang));
    for e in members {
        let mut row = lead(e, lang);
        row.extend(defs.iter().map(|(i, def)| slot_out(&e.cells[*i], def)));
        sheet.rows.push(row);
    }
    let totals: Vec<Total> = defs
        .iter()
        .map(|(i, def)| total(members, *i, def))
        .collect();
    sheet
        .rows
        .push(total_row(&totals, year_text, members.len(), lang));
    if totals.iter().any(|t| t.left_out > 0) {
        let mut row = vec![
            Out::text(
                lang.pick(
                    "未计入合计（不可读、有歧义或缺失）",
                    "left out of the total (unreadable, ambiguous or missing)",
                ),
                Mark::Unsure,
            ),
            Out::empty(),
            Out::empty(),
        ];
        row.extend(totals.iter().map(|t| match t.left_out {
            0 => Out::empty(),
            n => Out::number(n.into(), Mark::Unsure),
        }));
        sheet.rows.push(row);
    }
    for line in verify(&defs, &totals, (year, template), rules, lang) {
        sheet.rows.push(line);
    }
}

/// Row labels, column labels and canonical ids over the cells.
fn heads(defs: &[(usize, &CellDef)], schema: &nianbao::model::Schema, lang: Lang) -> [Vec<Out>; 3] {
    let mut rows = [
        vec![
            Out::text(lang.pick("机关", "agency"), Mark::Head),
            Out::text(lang.pick("年度", "year"), Mark::Head),
            Out::text(lang.pick("文件", "files"), Mark::Head),
        ],
        vec![Out::text("", Mark::Head); LEAD],
        vec![
            Out::text(lang.pick("单元格编号", "cell id"), Mark::Id),
            Out::text("", Mark::Id),
            Out::text("", Mark::Id),
        ],
    ];
    for (_, def) in defs {
        let row_def = schema.row(def.table, def.row);
        let row_label = match (lang, row_def.and_then(|r| r.group)) {
            (Lang::En, _) => def.row_label_en.to_string(),
            // Some labels already begin with their group (行政诉讼·复议后起诉).
            (Lang::Zh, Some(g)) if !def.row_label.starts_with(g) => {
                format!("{g} · {}", def.row_label)
            }
            (Lang::Zh, _) => def.row_label.to_string(),
        };
        // The row label over its first column only, as on the form.
        let first = def.column_index == 0;
        rows[0].push(Out::text(
            if first { row_label } else { String::new() },
            Mark::Head,
        ));
        rows[1].push(Out::text(
            lang.pick(def.column_label, def.column_label_en),
            Mark::Head,
        ));
        rows[2].push(Out::text(def.id.clone(), Mark::Id));
    }
    rows
}

/// Agency, year and files of an entry.
pub fn lead(e: &Entry, lang: Lang) -> Vec<Out> {
    let flagged = e.versions > 1;
    vec![
        Out::text(
            e.agency
                .clone()
                .unwrap_or_else(|| lang.pick("（机关不明）", "(agency unknown)").into()),
            if flagged || e.agency.is_none() {
                Mark::Warning
            } else {
                Mark::Plain
            },
        ),
        match e.year {
            Some(y) => Out::number(y.into(), Mark::Plain),
            None => Out::text("?", Mark::Warning),
        },
        Out::text(e.files.join("、"), Mark::Plain),
    ]
}

/// A report's cell: its number, nothing when blank, else what was written, marked.
fn slot_out(s: &Slot, def: &CellDef) -> Out {
    match (s.value, &s.status) {
        (Some(v), _) => Out::number(v, Mark::Plain),
        (None, CellStatus::Blank) => Out::empty(),
        (None, CellStatus::Missing) => Out::text("缺失", Mark::Unsure),
        (None, _) => Out::text(
            if s.raw.is_empty() {
                def.id.clone()
            } else {
                s.raw.to_string()
            },
            Mark::Unsure,
        ),
    }
}

/// One column's total.
struct Total {
    /// The sum of the cells that have a value (blank ones are 0, as in the equations).
    sum: Decimal,
    /// Cells that could not be added.
    left_out: usize,
    /// Units written, when they differ (amounts are then not added at all).
    units: Vec<String>,
}

impl Total {
    fn complete(&self) -> bool {
        self.left_out == 0 && self.units.is_empty()
    }
}

fn total(members: &[&Entry], i: usize, def: &CellDef) -> Total {
    let mut sum = Decimal::ZERO;
    let mut left_out = 0;
    let mut units = BTreeSet::new();
    for e in members {
        let s = &e.cells[i];
        match (s.value, &s.status) {
            (Some(v), _) => sum += v,
            (None, CellStatus::Blank) => {}
            _ => left_out += 1,
        }
        if def.kind == ValueKind::Amount && s.value.is_some() {
            units.insert(unit_of(s, def));
        }
    }
    Total {
        sum,
        left_out,
        units: if units.len() > 1 {
            units.into_iter().collect()
        } else {
            Vec::new()
        },
    }
}

/// The unit of an amount: as written, else the form's own (万元 for fees, 元 otherwise).
fn unit_of(s: &Slot, def: &CellDef) -> String {
    match &s.unit {
        Some(u) => u.to_string(),
        None if def.id == "active.fees.amount" => "万元".into(),
        None => "元".into(),
    }
}

fn total_row(totals: &[Total], year: String, n: usize, lang: Lang) -> Vec<Out> {
    let mut row = vec![
        Out::text(lang.pick("合计", "total"), Mark::Total),
        Out::text(year, Mark::Total),
        Out::text(
            match lang {
                Lang::Zh => format!("{n} 份"),
                Lang::En => format!("{n} reports"),
            },
            Mark::Total,
        ),
    ];
    for t in totals {
        row.push(if !t.units.is_empty() {
            Out::text(
                format!(
                    "{}：{}",
                    lang.pick("单位不一，未合计", "units differ, not added"),
                    t.units.join("/")
                ),
                Mark::Unsure,
            )
        } else if t.left_out > 0 {
            Out::number(t.sum, Mark::Unsure).with_note(match lang {
                Lang::Zh => format!(
                    "不完整：{} 个单元格不可读、有歧义或缺失，未计入；此数只是其余单元格之和",
                    t.left_out
                ),
                Lang::En => format!(
                    "incomplete: {} cells unreadable, ambiguous or missing were left out",
                    t.left_out
                ),
            })
        } else {
            Out::number(t.sum, Mark::Total)
        });
    }
    row
}

/// Check the totals against the equations of the rules, as if they were one report of that
/// year and form: an incomplete total makes its equations not evaluable, never false.
fn verify(
    defs: &[(usize, &CellDef)],
    totals: &[Total],
    (year, template): (Option<i32>, Template),
    rules: &RuleSet,
    lang: Lang,
) -> Vec<Vec<Out>> {
    let mut report = Report::empty(template);
    report.meta.year = year;
    for ((_, def), t) in defs.iter().zip(totals) {
        let cell = if t.complete() {
            Cell::number(t.sum.to_string(), t.sum, None)
        } else {
            Cell {
                status: CellStatus::Unreadable,
                ..Cell::blank("不完整", None)
            }
        };
        report.cells.insert(def.id.clone(), cell);
    }
    let table = defs.first().map(|(_, d)| d.table);
    let failed: Vec<String> = rules::check(&report, None, rules)
        .into_iter()
        .filter(|f| f.status == EvalStatus::Failed)
        .filter(|f| rules.rule(&f.rule).is_some_and(|r| r.equation.is_some()))
        .filter(|f| {
            f.cells
                .first()
                .and_then(|c| template.schema().cell(c))
                .is_some_and(|c| Some(c.table) == table)
        })
        .map(|f| f.message_in(lang).to_string())
        .collect();
    let head = |text: &str, mark| vec![Out::text(text, mark)];
    if failed.is_empty() {
        return vec![head(
            lang.pick(
                "合计校验：表内等式均成立（不完整的合计不参与校验）",
                "totals check: every equation of the table holds (incomplete totals not checked)",
            ),
            Mark::Plain,
        )];
    }
    let mut out = vec![head(
        lang.pick(
            "合计校验：以下等式不成立",
            "totals check: these equations do not hold",
        ),
        Mark::Error,
    )];
    out.extend(failed.into_iter().map(|m| vec![Out::text(m, Mark::Error)]));
    out
}
