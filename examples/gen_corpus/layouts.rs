//! Rendering a report as text in the three layouts of the seeds: one cell per line
//! (hengshan, zhoucun), tab-separated rows (haiyuan, yuyang) and pipe-separated web rows
//! (yulin).

use nianbao::model::{SectionId, TableId, Template, ValueKind};

use super::Doc;
use super::narrative::{self, Context};
use super::numbers::Val;
use super::rng::Rng;

/// How the tables are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One cell per line, tab-indented, a blank line after each row.
    CellLines,
    /// One row per line, cells separated by tabs.
    TabRows,
    /// A web page: `cell |` per line, rows padded with pipes.
    PipeRows,
}

impl Layout {
    /// All layouts.
    pub const ALL: [Layout; 3] = [Layout::CellLines, Layout::TabRows, Layout::PipeRows];

    /// Name in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::CellLines => "cell_lines",
            Layout::TabRows => "tab_rows",
            Layout::PipeRows => "pipe_rows",
        }
    }
}

/// What follows a section number: mostly 、, sometimes a full stop of either width.
const SEPARATORS: [&str; 3] = ["、", ".", "．"];

/// Choices of wording that vary between reports but are no fault.
struct Style {
    two_line_title: bool,
    title_form: usize,
    separator: &'static str,
    s4_variant: bool,
    s5_variant: usize,
    change_words: bool,
    signature_day: i64,
}

impl Style {
    fn draw(seed: u64) -> Style {
        let mut rng = Rng::new(seed);
        Style {
            two_line_title: rng.chance(0.5),
            title_form: rng.below(3),
            separator: SEPARATORS[rng.weighted(&[8, 1, 1])],
            s4_variant: rng.chance(0.2),
            s5_variant: rng.weighted(&[6, 2, 2]),
            change_words: rng.chance(0.5),
            signature_day: rng.range(5, 28),
        }
    }
}

/// A cell's text as the report writes it.
fn cell_text(doc: &Doc, id: &str, st: &Style) -> String {
    let kind = doc
        .template
        .schema()
        .cell(id)
        .map(|c| c.kind)
        .unwrap_or(ValueKind::Count);
    match doc.cells.get(id) {
        Some(Val::Int(v)) if kind == ValueKind::Signed => match (*v, st.change_words) {
            (0, _) => "0".into(),
            (v, true) if v > 0 => format!("增{v}"),
            (v, true) => format!("减{}", -v),
            (v, false) if v > 0 => format!("+{v}"),
            (v, false) => v.to_string(),
        },
        Some(Val::Int(v)) => v.to_string(),
        Some(Val::Cents(c)) if *c == 0 && id == "active.fees.amount" => "0".into(),
        Some(Val::Cents(c)) => format!("{}.{:02}", c / 100, c % 100),
        Some(Val::Text(t)) => (*t).to_string(),
        Some(Val::Blank) | None => String::new(),
    }
}

fn heading(doc: &Doc, st: &Style, s: SectionId) -> String {
    let text = match s {
        SectionId::S4 if st.s4_variant => "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        SectionId::S5 => [
            "存在的主要问题及改进情况",
            "政府信息公开工作存在的主要问题及改进情况",
            "存在问题及改进情况",
        ][st.s5_variant],
        _ => s.heading(),
    };
    if doc.faults.unnumbered == Some(s) {
        text.to_string()
    } else {
        format!("{}{}{text}", s.numeral(), st.separator)
    }
}

/// One table row for rendering: the labels before the numbers, and the cell ids.
struct Row {
    labels: Vec<String>,
    cells: Vec<String>,
}

/// The rows of table 二 as printed, group headers included (a header row has no cells and
/// carries the column labels).
fn active_rows(doc: &Doc, parens: (&str, &str)) -> Vec<Row> {
    let schema = doc.template.schema();
    let table = schema.table(TableId::Active);
    let mut out = Vec::new();
    let mut last_group = None;
    for row in &table.rows {
        if row.group != last_group {
            last_group = row.group;
            let group = row
                .group
                .unwrap_or("")
                .replace('（', parens.0)
                .replace('）', parens.1);
            out.push(Row {
                labels: vec![group],
                cells: Vec::new(),
            });
            let mut head = vec!["信息内容".to_string()];
            head.extend(row.columns.iter().map(|c| c.label.to_string()));
            out.push(Row {
                labels: head,
                cells: Vec::new(),
            });
        }
        out.push(Row {
            labels: vec![row.label.to_string()],
            cells: row
                .columns
                .iter()
                .map(|c| format!("active.{}.{}", row.id, c.id))
                .collect(),
        });
    }
    out
}

/// The rows of table 三 with the nested labels of the form: each row's labels are the
/// headings it opens (the results heading, a group heading) followed by its own label.
fn apply_rows(t: Template, parens: (&str, &str)) -> Vec<Row> {
    let schema = t.schema();
    let table = schema.table(TableId::Apply);
    let p = |n: &str, s: &str| format!("{}{n}{}{s}", parens.0, parens.1);
    let mut out = Vec::new();
    let mut item = 0;
    let mut sub = 0;
    let mut last_group: Option<&str> = None;
    let groups = [
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
        "总计",
    ];
    let numerals = ["一", "二", "三", "四", "五", "六", "七"];
    for row in &table.rows {
        let cells = (0..7)
            .map(|c| format!("apply.{}.{}", row.id, nianbao::model::APPLY_COLUMNS[c]))
            .collect();
        let mut labels = Vec::new();
        match row.id {
            "new" => labels.push(format!("一、{}", row.label)),
            "carried_in" => labels.push(format!("二、{}", row.label)),
            "carried_out" => labels.push(format!("四、{}", row.label)),
            _ => {
                if item == 0 {
                    labels.push("三、本年度办理结果".to_string());
                }
                let group = row.group.filter(|g| !g.starts_with('三'));
                match group {
                    Some(g) if last_group != Some(g) => {
                        let name = &g[g.find('）').map_or(0, |i| i + '）'.len_utf8())..];
                        let k = groups.iter().position(|x| *x == name).unwrap_or(0);
                        labels.push(p(numerals[k], name));
                        item = k + 1;
                        sub = 1;
                        labels.push(format!("{sub}.{}", row.label));
                    }
                    Some(_) => {
                        sub += 1;
                        labels.push(format!("{sub}.{}", row.label));
                    }
                    None => {
                        let name = match row.id {
                            "granted" => "予以公开",
                            "partial" => "部分公开",
                            "other" => "其他处理",
                            _ => "总计",
                        };
                        let k = groups.iter().position(|x| *x == name).unwrap_or(0);
                        let label = if row.id == "partial" || row.id == "other" {
                            row.label
                        } else {
                            name
                        };
                        labels.push(p(numerals[k], label));
                        item = k + 1;
                    }
                }
                last_group = group;
            }
        }
        out.push(Row { labels, cells });
    }
    out
}

const REVIEW_HEAD: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

fn review_cells() -> Vec<String> {
    ["appeal", "suit_direct", "suit_after_appeal"]
        .iter()
        .flat_map(|g| {
            nianbao::model::REVIEW_COLUMNS
                .iter()
                .map(move |k| format!("review.{g}.{k}"))
        })
        .collect()
}

fn apply_people(t: Template) -> Vec<&'static str> {
    let schema = t.schema();
    let row = &schema.table(TableId::Apply).rows[0];
    row.columns[1..6].iter().map(|c| c.label).collect()
}

const BALANCE_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// The whole report as text.
pub fn render(doc: &Doc) -> String {
    let st = Style::draw(doc.style);
    let parens = if doc.layout == Layout::PipeRows {
        ("(", ")")
    } else {
        ("（", "）")
    };
    let cx = Context {
        agency: &doc.agency.name,
        county_kind: doc.agency.county_kind,
        year: doc.year,
        template: doc.template,
        parens,
    };
    let facts = super::facts(doc);
    let mut out: Vec<String> = Vec::new();
    let year = if doc.faults.title_without_year {
        String::new()
    } else {
        format!("{}年", doc.year)
    };
    let titles = [
        format!("{year}政府信息公开工作年度报告"),
        format!("{}政府信息公开工作报告", year.replace('年', "年度")),
        format!("{year}政府信息公开工作年度报告"),
    ];
    let day = st.signature_day;
    match doc.layout {
        Layout::PipeRows => {
            let title = format!("{}关于{year}政府信息公开工作的报告", doc.agency.name);
            out.push(format!(
                "[索引号] | 1161{:04}MB{:06}N/{}-{:05} | [ 主题分类 ] | |",
                doc.style % 10_000,
                doc.style % 1_000_000,
                doc.year + 1,
                doc.style % 100_000
            ));
            out.push("---|---|---|---|".into());
            out.push(format!(
                "[ 发布机构 ] | {} | [ 发文日期 ] | {}-01-{day:02} |",
                doc.agency.name,
                doc.year + 1
            ));
            out.push("[ 效力状态 ] | [ 文 号 ] | ||".into());
            out.push(format!("[ 名 称 ] | {title} |"));
            out.push("上级政务公开办公室:".into());
            out.push(format!(
                "根据《中华人民共和国政府信息公开条例》要求,现将{}政府信息公开工作情况报告如下:",
                doc.agency.name
            ));
        }
        _ if st.two_line_title => {
            out.push(doc.agency.name.clone());
            out.push(titles[st.title_form].clone());
        }
        _ => out.push(format!("{}{}", doc.agency.name, titles[st.title_form])),
    }
    out.push(heading(doc, &st, SectionId::S1));
    out.extend(narrative::s1(&cx, &doc.picks, &facts));
    out.push(heading(doc, &st, SectionId::S2));
    let active = active_rows(doc, parens);
    let apply = apply_rows(doc.template, parens);
    match doc.layout {
        Layout::CellLines => cell_lines(doc, &st, &active, &apply, &mut out),
        Layout::TabRows => tab_rows(doc, &st, &active, &apply, &mut out),
        Layout::PipeRows => pipe_rows(doc, &st, &active, &apply, &mut out),
    }
    out.push(heading(doc, &st, SectionId::S5));
    out.extend(narrative::s5(&cx, &doc.picks.s5, doc.faults.s5));
    out.push(heading(doc, &st, SectionId::S6));
    out.extend(narrative::s6(&cx, &doc.picks, !doc.faults.no_fees_note));
    out.push(doc.agency.name.clone());
    out.push(format!("{}年1月{day}日", doc.year + 1));
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn cell_lines(doc: &Doc, st: &Style, active: &[Row], apply: &[Row], out: &mut Vec<String>) {
    let cell = |id: &str| format!("\t{}", cell_text(doc, id, st));
    for row in active {
        for l in &row.labels {
            out.push(format!("\t{l}"));
        }
        out.extend(row.cells.iter().map(|c| cell(c)));
        // The form's three-column grid leaves an empty third cell in the two-column rows.
        let width = if row.cells.is_empty() {
            row.labels.len() - 1
        } else {
            row.cells.len()
        };
        if doc.template == Template::V2019 && width == 2 {
            out.push("\t".into());
        }
        out.push(String::new());
    }
    out.push(heading(doc, st, SectionId::S3));
    out.push(String::new());
    out.push(format!("\t{BALANCE_NOTE}"));
    out.push("\t申请人情况".into());
    out.push(String::new());
    for l in ["", "自然人", "法人或其他组织", "总计"] {
        out.push(format!("\t{l}"));
    }
    out.push(String::new());
    out.push("\t".into());
    out.push("\t".into());
    for l in apply_people(doc.template) {
        out.push(format!("\t{l}"));
    }
    out.push("\t".into());
    out.push(String::new());
    for row in apply {
        let depth = row.labels.len();
        let top = row.labels[0].starts_with('一')
            || row.labels[0].starts_with('二')
            || row.labels[0].starts_with('三')
            || row.labels[0].starts_with('四');
        if !top {
            // A continuation row repeats the merged cells above it as empty cells.
            let nested = depth == 1 && row.labels[0].starts_with(|c: char| c.is_ascii_digit());
            let empties = if nested { 2 } else { 1 };
            for _ in 0..empties {
                out.push("\t".into());
            }
        }
        for l in &row.labels {
            out.push(format!("\t{l}"));
        }
        out.extend(row.cells.iter().map(|c| cell(c)));
        out.push(String::new());
    }
    out.push(heading(doc, st, SectionId::S4));
    out.push(String::new());
    out.push("\t行政复议".into());
    out.push("\t行政诉讼".into());
    out.push(String::new());
    out.extend(REVIEW_HEAD.iter().map(|h| format!("\t{h}")));
    out.push("\t未经复议直接起诉".into());
    out.push("\t复议后起诉".into());
    out.push(String::new());
    for _ in 0..5 {
        out.push("\t".into());
    }
    for _ in 0..2 {
        out.extend(REVIEW_HEAD.iter().map(|h| format!("\t{h}")));
    }
    out.push(String::new());
    out.extend(review_cells().iter().map(|c| cell(c)));
    out.push(String::new());
}

fn tab_rows(doc: &Doc, st: &Style, active: &[Row], apply: &[Row], out: &mut Vec<String>) {
    out.push(String::new());
    for row in active {
        let mut fields = row.labels.clone();
        fields.extend(row.cells.iter().map(|c| cell_text(doc, c, st)));
        if row.cells.is_empty() && fields.len() == 1 {
            fields.extend(["", "", ""].map(String::from));
        }
        out.push(fields.join("\t"));
    }
    out.push(String::new());
    out.push(heading(doc, st, SectionId::S3));
    out.push(String::new());
    let people = apply_people(doc.template);
    out.push(format!("{BALANCE_NOTE}\t\t申请人情况\t\t\t\t\t\t\t"));
    out.push("\t\t自然人\t法人或其他组织\t\t\t\t\t总计\t".into());
    out.push(format!("\t\t\t{}\t\t", people.join("\t")));
    for row in apply {
        let mut fields: Vec<String> = Vec::new();
        let first = &row.labels[0];
        if first.starts_with('一') || first.starts_with('二') || first.starts_with('四') {
            fields.push(first.clone());
            fields.push(String::new());
        } else if first.starts_with('三') {
            fields.extend(row.labels.iter().cloned());
        } else if row.labels.len() == 1 && first.starts_with(|c: char| c.is_ascii_digit()) {
            fields.push(String::new());
            fields.push(String::new());
            fields.push(first.clone());
        } else {
            fields.push(String::new());
            fields.extend(row.labels.iter().cloned());
        }
        fields.extend(row.cells.iter().map(|c| cell_text(doc, c, st)));
        out.push(fields.join("\t"));
    }
    out.push(String::new());
    out.push(heading(doc, st, SectionId::S4));
    out.push(String::new());
    out.push("行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t".into());
    out.push(format!(
        "{}\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
        REVIEW_HEAD.join("\t")
    ));
    out.push(format!(
        "\t\t\t\t\t{}\t{}",
        REVIEW_HEAD.join("\t"),
        REVIEW_HEAD.join("\t")
    ));
    let values: Vec<String> = review_cells()
        .iter()
        .map(|c| cell_text(doc, c, st))
        .collect();
    out.push(values.join("\t"));
    out.push(String::new());
}

/// Trailing pipes of a web table row: the page's grid is wider than the row.
const PAD: &str = " | ||||||||||||||||||||||";

fn pipe_row(fields: &[String], out: &mut Vec<String>) {
    for (i, f) in fields.iter().enumerate() {
        if i + 1 == fields.len() {
            out.push(format!("{f}{PAD}"));
        } else {
            out.push(format!("{f} |"));
        }
    }
}

fn pipe_rows(doc: &Doc, st: &Style, active: &[Row], apply: &[Row], out: &mut Vec<String>) {
    for row in active {
        let mut fields = row.labels.clone();
        fields.extend(row.cells.iter().map(|c| cell_text(doc, c, st)));
        pipe_row(&fields, out);
    }
    pipe_row(&[heading(doc, st, SectionId::S3)], out);
    out.push(format!(
        "{} |",
        BALANCE_NOTE.replace('（', "(").replace('）', ")")
    ));
    pipe_row(&["申请人情况".to_string()], out);
    out.push("自然人 |".into());
    out.push("法人或其他组织 |".into());
    pipe_row(&["总计".to_string()], out);
    for l in apply_people(doc.template) {
        out.push(format!("{l} |"));
    }
    out.push("|||||||||||||||||||||".into());
    for row in apply {
        let mut fields = row.labels.clone();
        fields.extend(row.cells.iter().map(|c| cell_text(doc, c, st)));
        pipe_row(&fields, out);
    }
    pipe_row(&[heading(doc, st, SectionId::S4)], out);
    out.push("行政复议 |".into());
    pipe_row(&["行政诉讼".to_string()], out);
    for h in REVIEW_HEAD {
        out.push(format!("{h} |"));
    }
    out.push("未经复议直接起诉 |".into());
    pipe_row(&["复议后起诉".to_string()], out);
    let heads: Vec<String> = (0..2)
        .flat_map(|_| REVIEW_HEAD.iter().map(|h| h.to_string()))
        .collect();
    pipe_row(&heads, out);
    let values: Vec<String> = review_cells()
        .iter()
        .map(|c| cell_text(doc, c, st))
        .collect();
    pipe_row(&values, out);
}
