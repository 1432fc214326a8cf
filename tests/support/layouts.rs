//! Render a report's cells into the layout families of `spec/layouts.md`, to read them back:
//! shared by the layout tests and the parse benchmark (included with `#[path]`).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write;

use nianbao::model::{TableId, Template};

/// A layout family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// One cell per line (Word copied to text).
    CellPerLine,
    /// Tab-separated rows.
    Tab,
    /// Markdown table rows.
    Markdown,
    /// Space-separated rows (PDF text).
    Spaced,
    /// The whole page on one line, chrome around it, every separator removed.
    OneLine,
    /// PDF text: space rows, page markers inside the tables, long labels broken over lines.
    Pdf,
    /// Tab rows in traditional characters and Kangxi radical code points.
    Traditional,
    /// A Word-exported HTML table: `<p class=MsoNormal><span>` in every cell, `&nbsp;` blanks.
    WordHtml,
    /// A Word file: one `w:tbl` per report table on the official forms' grids (`gridSpan`,
    /// `vMerge`), blank cells as empty paragraphs.
    Docx,
    /// Lossy: space rows from a PDF text layer whose spacing is irregular (one to three
    /// spaces between numbers) and whose blank cells left no trace.
    SpacedIrregular,
    /// Lossy: one cell per line, a blank line closing each row, blank cells missing lines.
    CellPerLineMissing,
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 9] = [
        Family::CellPerLine,
        Family::Tab,
        Family::Markdown,
        Family::Spaced,
        Family::OneLine,
        Family::Pdf,
        Family::Traditional,
        Family::WordHtml,
        Family::Docx,
    ];

    /// Renderings that lose where blank cells were: no share of cells is owed, but what is
    /// read must be right.
    pub const LOSSY: [Family; 2] = [Family::SpacedIrregular, Family::CellPerLineMissing];

    /// The file name the rendering is read as.
    pub fn file_name(self) -> &'static str {
        match self {
            Family::WordHtml => "layout.html",
            Family::Docx => "layout.docx",
            _ => "layout.txt",
        }
    }
}

/// The numbering printed before a row label (`一、`, `（二）`, `3.`).
fn numbering(table: TableId, id: &str, in_group: usize, template: Template) -> String {
    if table != TableId::Apply {
        return String::new();
    }
    match id {
        "new" => "一、".into(),
        "carried_in" => "二、".into(),
        "granted" => "三、本年度办理结果（一）".into(),
        "partial" => "（二）".into(),
        "other" => "（六）".into(),
        "total" => "（七）".into(),
        "carried_out" => "四、".into(),
        _ => {
            let group = match id.split('.').next() {
                Some("denied") if in_group == 1 => "（三）不予公开",
                Some("unavailable") if in_group == 1 => "（四）无法提供",
                Some("not_processed") if in_group == 1 => "（五）不予处理",
                Some("other") if in_group == 1 && template == Template::V2021 => "（六）其他处理",
                _ => "",
            };
            format!("{group}{in_group}.")
        }
    }
}

/// A report file in `family` holding `cells` (cell id → value as written; absent = blank): the
/// text of [`render`], or for [`Family::Docx`] the bytes of a Word file.
pub fn render_file(
    template: Template,
    year: i32,
    cells: &BTreeMap<String, String>,
    family: Family,
) -> Vec<u8> {
    if family == Family::Docx {
        docx::render(template, year, cells)
    } else {
        render(template, year, cells, family).into_bytes()
    }
}

/// A report text in `family` holding `cells` (cell id → value as written; absent = blank).
/// [`Family::Docx`] is a binary file: see [`render_file`]; here it gives the tab layout.
pub fn render(
    template: Template,
    year: i32,
    cells: &BTreeMap<String, String>,
    family: Family,
) -> String {
    let schema = template.schema();
    let sep = match family {
        Family::CellPerLine => "\n",
        Family::Tab | Family::Traditional | Family::WordHtml | Family::Docx => "\t",
        Family::Markdown => " | ",
        Family::Spaced | Family::OneLine | Family::Pdf | Family::SpacedIrregular => " ",
        Family::CellPerLineMissing => "\n",
    };
    let mut t = String::new();
    let _ = writeln!(t, "某某区某某局{year}年度政府信息公开工作年度报告");
    let _ = writeln!(t, "一、总体情况\n本年度我局依法做好政府信息公开工作。");
    let headings = [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ];
    for (table, heading) in TableId::ALL.into_iter().zip(headings) {
        let _ = writeln!(t, "{heading}");
        let def = schema.table(table);
        if table == TableId::Review {
            // The form's head: the two kinds of lawsuit named side by side over their columns.
            let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"].join(sep);
            let _ = writeln!(t, "行政复议{sep}行政诉讼");
            let _ = writeln!(t, "{results}{sep}未经复议直接起诉{sep}复议后起诉");
            let _ = writeln!(t, "{results}{sep}{results}");
            let vals: Vec<String> = schema
                .table_cells(table)
                .map(|c| cells.get(&c.id).cloned().unwrap_or_default())
                .collect();
            if family == Family::Markdown {
                let _ = writeln!(t, "| {} |", vals.join(sep));
            } else if family == Family::SpacedIrregular {
                let _ = writeln!(t, "{}", irregular(&vals, t.len()));
            } else if family == Family::CellPerLineMissing {
                let kept: Vec<&str> = vals
                    .iter()
                    .map(String::as_str)
                    .filter(|v| !v.is_empty())
                    .collect();
                let _ = writeln!(t, "{}", kept.join(sep));
            } else {
                let _ = writeln!(t, "{}", vals.join(sep));
            }
            continue;
        }
        if table == TableId::Apply {
            let heads: Vec<&str> = def.rows[0].columns.iter().map(|c| c.label).collect();
            let _ = writeln!(t, "申请人情况{sep}{}", heads.join(sep));
        }
        let mut group = None;
        let mut in_group = 0;
        for row in &def.rows {
            if row.group != group {
                group = row.group;
                in_group = 0;
                if table == TableId::Active
                    && let Some(g) = group
                {
                    let heads: Vec<&str> = row.columns.iter().map(|c| c.label).collect();
                    let _ = writeln!(t, "{g}\n信息内容{sep}{}", heads.join(sep));
                }
            }
            in_group += 1;
            let label = format!(
                "{}{}",
                numbering(table, row.id, in_group, template),
                row.label
            );
            let vals: Vec<String> = row
                .columns
                .iter()
                .map(|c| {
                    let id = format!("{}.{}.{}", table.as_str(), row.id, c.id);
                    cells.get(&id).cloned().unwrap_or_default()
                })
                .collect();
            match family {
                Family::Markdown => {
                    let _ = writeln!(t, "| {label} | {} |", vals.join(" | "));
                }
                Family::CellPerLine => {
                    let _ = writeln!(t, "{label}\n{}\n", vals.join("\n"));
                }
                Family::CellPerLineMissing => {
                    let kept: Vec<&str> = vals
                        .iter()
                        .map(String::as_str)
                        .filter(|v| !v.is_empty())
                        .collect();
                    let _ = writeln!(t, "{label}\n{}\n", kept.join("\n"));
                }
                Family::SpacedIrregular => {
                    let _ = writeln!(t, "{label} {}", irregular(&vals, t.len()));
                }
                _ => {
                    let _ = writeln!(t, "{label}{sep}{}", vals.join(sep));
                }
            }
        }
    }
    let _ = writeln!(
        t,
        "五、存在的主要问题及改进情况\n仍需改进。\n六、其他需要报告的事项\n无。"
    );
    match family {
        Family::Pdf => return pdf_like(&t),
        Family::Traditional => return traditional(&t),
        Family::WordHtml => return word_html(&t),
        _ => {}
    }
    if family == Family::OneLine {
        let body: String = t
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '|')
            .collect();
        return format!(
            "当前位置：首页>政务公开>政府信息公开年报{body}来源：本网时间：{}-01-2009:30字号：大中小打印关闭附件下载：\n",
            year + 1
        );
    }
    t
}

/// Numbers separated by one to three spaces (chosen from `salt` and the position), blank
/// cells leaving no trace: a PDF text layer's irregular spacing.
fn irregular(vals: &[String], salt: usize) -> String {
    let mut out = String::new();
    for (i, v) in vals.iter().filter(|v| !v.is_empty()).enumerate() {
        if i > 0 {
            let spaces = 1 + (salt.wrapping_mul(31).wrapping_add(i * 17) >> 2) % 3;
            out.push_str(&" ".repeat(spaces));
        }
        out.push_str(v);
    }
    out
}

/// Cells that satisfy the form's equations, from a seed (a small linear congruential
/// generator: reproducible without a dependency). Most are 0, as in real reports.
pub fn generated_cells(template: Template, seed: u64) -> BTreeMap<String, String> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = |max: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let r = (state >> 33) % 100;
        if r < 60 { 0 } else { (state >> 40) % max }
    };
    let schema = template.schema();
    let mut out = BTreeMap::new();
    for row in &schema.table(TableId::Active).rows {
        for c in &row.columns {
            let v = match c.kind {
                nianbao::model::ValueKind::Amount => format!("{}.{:02}", next(5000), next(100)),
                nianbao::model::ValueKind::Signed => {
                    let v = next(50);
                    if v == 0 {
                        "0".into()
                    } else {
                        format!("增{v}")
                    }
                }
                nianbao::model::ValueKind::Count => next(2000).to_string(),
            };
            out.insert(format!("active.{}.{}", row.id, c.id), v);
        }
    }
    let apply = schema.table(TableId::Apply);
    let results: Vec<&str> = apply
        .rows
        .iter()
        .map(|r| r.id)
        .filter(|id| !matches!(*id, "new" | "carried_in" | "total" | "carried_out"))
        .collect();
    let cols = ["natural", "business", "research", "ngo", "legal", "other"];
    let mut sums = [[0u64; 6]; 4];
    for row in &results {
        let vals: Vec<u64> = cols.iter().map(|_| next(30)).collect();
        put_row(&mut out, row, &vals);
        for (k, v) in vals.iter().enumerate() {
            sums[0][k] += v;
        }
    }
    put_row(&mut out, "total", &sums[0]);
    let [done, carried_in, carried_out, new] = &mut sums;
    for (k, d) in done.iter().enumerate() {
        carried_in[k] = next(5);
        carried_out[k] = carried_in[k] + next(5);
        new[k] = d + carried_out[k] - carried_in[k];
    }
    put_row(&mut out, "carried_in", &sums[1]);
    put_row(&mut out, "carried_out", &sums[2]);
    put_row(&mut out, "new", &sums[3]);
    for group in ["appeal", "suit_direct", "suit_after_appeal"] {
        let parts: Vec<u64> = (0..4).map(|_| next(20)).collect();
        for (c, v) in ["upheld", "corrected", "other", "pending"]
            .iter()
            .zip(&parts)
        {
            out.insert(format!("review.{group}.{c}"), v.to_string());
        }
        out.insert(
            format!("review.{group}.total"),
            parts.iter().sum::<u64>().to_string(),
        );
    }
    out
}

/// `cells` with some left blank, as reports leave them (a cell in about every `one_in`,
/// chosen from `seed`): the blank cells a layout must keep apart from its separators.
pub fn with_blanks(
    cells: &BTreeMap<String, String>,
    seed: u64,
    one_in: u64,
) -> BTreeMap<String, String> {
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    cells
        .iter()
        .filter(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            !(state >> 33).is_multiple_of(one_in.max(1))
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// `cells` with about one in `one_in` of its zero cells left blank, as many agencies leave
/// them: the report's arithmetic still holds.
#[allow(dead_code)]
pub fn with_blank_zeros(
    cells: &BTreeMap<String, String>,
    seed: u64,
    one_in: u64,
) -> BTreeMap<String, String> {
    let kept = with_blanks(cells, seed, one_in);
    cells
        .iter()
        .filter(|(k, v)| v.as_str() != "0" || kept.contains_key(*k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn put_row(out: &mut BTreeMap<String, String>, row: &str, vals: &[u64]) {
    let cols = ["natural", "business", "research", "ngo", "legal", "other"];
    for (c, v) in cols.iter().zip(vals) {
        out.insert(format!("apply.{row}.{c}"), v.to_string());
    }
    out.insert(
        format!("apply.{row}.total"),
        vals.iter().sum::<u64>().to_string(),
    );
}

/// Page markers every twelve lines, and labels longer than twelve characters broken after
/// their tenth, the numbers staying on the second line (as PDF text layers give them).
fn pdf_like(t: &str) -> String {
    let mut out = String::new();
    for (i, line) in t.lines().enumerate() {
        if i > 0 && i % 12 == 0 {
            let _ = writeln!(out, "- {} -", i / 12);
        }
        let label_end = line
            .find(|c: char| c.is_ascii_digit() || c == ' ')
            .unwrap_or(line.len());
        let label = &line[..label_end];
        if label.chars().count() > 12 && line[label_end..].starts_with(' ') {
            let cut = label.char_indices().nth(10).map_or(label.len(), |(b, _)| b);
            let _ = writeln!(out, "{}\n{}", &line[..cut], &line[cut..]);
        } else {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// Traditional characters and Kangxi radicals where exports put them.
fn traditional(t: &str) -> String {
    t.chars()
        .map(|c| match c {
            '总' => '總',
            '计' => '計',
            '结' => '結',
            '转' => '轉',
            '请' => '請',
            '数' => '數',
            '处' => '處',
            '开' => '開',
            '务' => '務',
            '一' => '⼀',
            '二' => '⼆',
            '文' => '⽂',
            '行' => '⾏',
            c => c,
        })
        .collect()
}

/// Tab rows as a Word-exported HTML table, the rest as paragraphs.
fn word_html(t: &str) -> String {
    let mut out = String::from(
        "<html><head><meta charset=utf-8><style>p.MsoNormal{margin:0}</style></head><body>\n",
    );
    let mut in_table = false;
    for line in t.lines() {
        if line.contains('\t') {
            if !in_table {
                out.push_str(
                    "<table class=MsoNormalTable border=1 style='border-collapse:collapse'>\n",
                );
                in_table = true;
            }
            out.push_str("<tr>");
            for cell in line.split('\t') {
                let inner = if cell.is_empty() {
                    "<span lang=EN-US>&nbsp;</span>".to_owned()
                } else {
                    format!(
                        "<span style='font-family:仿宋_GB2312'>{cell}</span><span style='font-family:Calibri'><o:p></o:p></span>"
                    )
                };
                let _ = write!(
                    out,
                    "<td width=80 valign=top><p class=MsoNormal align=center>{inner}</p></td>"
                );
            }
            out.push_str("</tr>\n");
        } else {
            if in_table {
                out.push_str("</table>\n");
                in_table = false;
            }
            let _ = writeln!(out, "<p class=MsoNormal><span>{line}</span></p>");
        }
    }
    if in_table {
        out.push_str("</table>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// The .docx family: a minimal Word package whose `word/document.xml` holds the report's
/// paragraphs and one `w:tbl` per table, laid out on the official forms' grids (the blank
/// 2021 form in the corpus, `template-2021-blank.docx`): group labels merged down the rows
/// (`vMerge`), labels and heads spanning columns (`gridSpan`), blank cells as empty paragraphs,
/// and longer numbers split over two runs, as Word saves an edited cell.
mod docx {
    use std::collections::BTreeMap;
    use std::fmt::Write as _;
    use std::io::Write as _;

    use nianbao::model::{TableId, Template};

    const NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// A cell's merge: none, the first of a vertical merge, or a continuation.
    #[derive(Clone, Copy, PartialEq)]
    enum Merge {
        None,
        Start,
        Continue,
    }

    fn esc(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }

    fn para(text: &str) -> String {
        if text.is_empty() {
            return "<w:p/>".into();
        }
        // A number longer than three characters in two runs; words in one.
        let split = text.len() > 3 && text.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        let runs = if split {
            let (a, b) = text.split_at(text.len() / 2);
            format!(
                "<w:r><w:rPr><w:rFonts w:ascii=\"仿宋_GB2312\"/></w:rPr><w:t>{a}</w:t></w:r><w:r><w:t>{b}</w:t></w:r>"
            )
        } else {
            format!(
                "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                esc(text)
            )
        };
        format!("<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{runs}</w:p>")
    }

    fn tc(text: &str, span: usize, merge: Merge) -> String {
        let mut props = String::from("<w:tcW w:w=\"900\" w:type=\"dxa\"/>");
        if span > 1 {
            let _ = write!(props, "<w:gridSpan w:val=\"{span}\"/>");
        }
        match merge {
            Merge::Start => props.push_str("<w:vMerge w:val=\"restart\"/>"),
            Merge::Continue => props.push_str("<w:vMerge/>"),
            Merge::None => {}
        }
        let text = if merge == Merge::Continue { "" } else { text };
        format!(
            "<w:tc><w:tcPr>{props}<w:vAlign w:val=\"center\"/></w:tcPr>{}</w:tc>",
            para(text)
        )
    }

    fn tr(cells: &[String]) -> String {
        format!(
            "<w:tr><w:trPr><w:jc w:val=\"center\"/></w:trPr>{}</w:tr>",
            cells.concat()
        )
    }

    fn tbl(width: usize, rows: &[String]) -> String {
        let grid: String = (0..width)
            .map(|_| "<w:gridCol w:w=\"900\"/>".to_owned())
            .collect();
        format!(
            "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:jc w:val=\"center\"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{}</w:tbl>",
            rows.concat()
        )
    }

    fn value(cells: &BTreeMap<String, String>, id: &str) -> String {
        cells.get(id).cloned().unwrap_or_default()
    }

    /// Table 二: label and up to three columns; a row with fewer columns spans its last one.
    fn active(template: Template, cells: &BTreeMap<String, String>) -> String {
        let def = template.schema().table(TableId::Active);
        let mut rows = Vec::new();
        let mut group = None;
        let spans = |n: usize| (0..n).map(move |k| if k + 1 == n { 4 - n } else { 1 });
        for row in &def.rows {
            if row.group != group {
                group = row.group;
                rows.push(tr(&[tc(group.unwrap_or_default(), 4, Merge::None)]));
                let mut head = vec![tc("信息内容", 1, Merge::None)];
                for (c, span) in row.columns.iter().zip(spans(row.columns.len())) {
                    head.push(tc(c.label, span, Merge::None));
                }
                rows.push(tr(&head));
            }
            let mut line = vec![tc(row.label, 1, Merge::None)];
            for (c, span) in row.columns.iter().zip(spans(row.columns.len())) {
                let id = format!("active.{}.{}", row.id, c.id);
                line.push(tc(&value(cells, &id), span, Merge::None));
            }
            rows.push(tr(&line));
        }
        tbl(4, &rows)
    }

    /// Table 三 on its ten-column grid: three label columns, seven applicant columns.
    fn apply(template: Template, cells: &BTreeMap<String, String>) -> String {
        let def = template.schema().table(TableId::Apply);
        let heads: Vec<&str> = def.rows[0].columns.iter().map(|c| c.label).collect();
        let mut rows = vec![
            tr(&[
                tc(
                    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                    3,
                    Merge::Start,
                ),
                tc("申请人情况", 7, Merge::None),
            ]),
            tr(&[
                tc("", 3, Merge::Continue),
                tc(heads[0], 1, Merge::Start),
                tc("法人或其他组织", 5, Merge::None),
                tc(heads[6], 1, Merge::Start),
            ]),
        ];
        let mut sub = vec![tc("", 3, Merge::Continue), tc("", 1, Merge::Continue)];
        sub.extend(heads[1..6].iter().map(|h| tc(h, 1, Merge::None)));
        sub.push(tc("", 1, Merge::Continue));
        rows.push(tr(&sub));
        let mut group = None;
        let mut in_group = 0;
        let mut results_started = false;
        for row in &def.rows {
            let mut line = Vec::new();
            let top = match row.id {
                "new" => Some("一、"),
                "carried_in" => Some("二、"),
                "carried_out" => Some("四、"),
                _ => None,
            };
            if let Some(n) = top {
                line.push(tc(&format!("{n}{}", row.label), 3, Merge::None));
            } else {
                let merge = if results_started {
                    Merge::Continue
                } else {
                    Merge::Start
                };
                results_started = true;
                line.push(tc("三、本年度办理结果", 1, merge));
                let head = row.id.split('.').next().unwrap_or_default();
                let numbered = match row.id {
                    "granted" => Some("（一）"),
                    "partial" => Some("（二）"),
                    "other" => Some("（六）"),
                    "total" => Some("（七）"),
                    _ => None,
                };
                if let Some(n) = numbered {
                    line.push(tc(&format!("{n}{}", row.label), 2, Merge::None));
                    group = None;
                } else {
                    let label = match head {
                        "denied" => "（三）不予公开",
                        "unavailable" => "（四）无法提供",
                        "not_processed" => "（五）不予处理",
                        _ => "（六）其他处理",
                    };
                    if group == Some(head) {
                        in_group += 1;
                        line.push(tc("", 1, Merge::Continue));
                    } else {
                        group = Some(head);
                        in_group = 1;
                        line.push(tc(label, 1, Merge::Start));
                    }
                    line.push(tc(&format!("{in_group}.{}", row.label), 1, Merge::None));
                }
            }
            for c in &row.columns {
                line.push(tc(
                    &value(cells, &format!("apply.{}.{}", row.id, c.id)),
                    1,
                    Merge::None,
                ));
            }
            rows.push(tr(&line));
        }
        tbl(10, &rows)
    }

    /// Table 四 on its fifteen-column grid: two head rows, one row of values.
    fn review(template: Template, cells: &BTreeMap<String, String>) -> String {
        let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
        let mut second: Vec<String> = results.iter().map(|r| tc(r, 1, Merge::Start)).collect();
        second.push(tc("未经复议直接起诉", 5, Merge::None));
        second.push(tc("复议后起诉", 5, Merge::None));
        let mut third: Vec<String> = (0..5).map(|_| tc("", 1, Merge::Continue)).collect();
        third.extend((0..2).flat_map(|_| results.iter().map(|r| tc(r, 1, Merge::None))));
        let values: Vec<String> = template
            .schema()
            .table_cells(TableId::Review)
            .map(|c| tc(&value(cells, &c.id), 1, Merge::None))
            .collect();
        let rows = [
            tr(&[
                tc("行政复议", 5, Merge::None),
                tc("行政诉讼", 10, Merge::None),
            ]),
            tr(&second),
            tr(&third),
            tr(&values),
        ];
        tbl(15, &rows)
    }

    /// The document's XML.
    fn document(template: Template, year: i32, cells: &BTreeMap<String, String>) -> String {
        let mut body = String::new();
        let mut p = |t: &str| body.push_str(&para(t));
        p(&format!("某某区某某局{year}年度政府信息公开工作年度报告"));
        p("一、总体情况");
        p("本年度我局依法做好政府信息公开工作。");
        p("二、主动公开政府信息情况");
        body.push_str(&active(template, cells));
        body.push_str(&para("三、收到和处理政府信息公开申请情况"));
        body.push_str(&apply(template, cells));
        body.push_str(&para("四、政府信息公开行政复议、行政诉讼情况"));
        body.push_str(&review(template, cells));
        for t in [
            "五、存在的主要问题及改进情况",
            "仍需改进。",
            "六、其他需要报告的事项",
            "无。",
        ] {
            body.push_str(&para(t));
        }
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{NS}\"><w:body>{body}<w:sectPr/></w:body></w:document>"
        )
    }

    /// The Word file's bytes.
    pub fn render(template: Template, year: i32, cells: &BTreeMap<String, String>) -> Vec<u8> {
        let parts = [
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_owned(),
            ),
            (
                "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_owned(),
            ),
            ("word/document.xml", document(template, year, cells)),
        ];
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, text) in parts {
            zip.start_file(name, options).expect("zip entry");
            zip.write_all(text.as_bytes()).expect("zip write");
        }
        zip.finish().expect("zip finishes").into_inner()
    }
}
