//! The two official templates (2019 trial, 2021 revised) as data: tables, rows, columns and the
//! canonical id of every cell, exactly as `spec/report-model.md` names them.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// Which official format a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Template {
    /// 国办公开办函〔2019〕60号, for report years 2019 and 2020.
    #[serde(rename = "2019")]
    V2019,
    /// 国办公开办函〔2021〕30号, for report years 2021 and later.
    #[serde(rename = "2021")]
    V2021,
}

impl Template {
    /// The template the rules expect for a report year.
    pub fn for_year(year: i32) -> Template {
        if year <= 2020 {
            Template::V2019
        } else {
            Template::V2021
        }
    }

    /// `"2019"` or `"2021"`, as the JSON output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Template::V2019 => "2019",
            Template::V2021 => "2021",
        }
    }

    /// The cell layout of this template.
    pub fn schema(self) -> &'static Schema {
        match self {
            Template::V2019 => &SCHEMA_2019,
            Template::V2021 => &SCHEMA_2021,
        }
    }
}

impl std::fmt::Display for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The three tables of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableId {
    /// Section 二: proactive disclosure.
    Active,
    /// Section 三: applications received and handled.
    Apply,
    /// Section 四: administrative review and litigation.
    Review,
}

impl TableId {
    /// All tables, in report order.
    pub const ALL: [TableId; 3] = [TableId::Active, TableId::Apply, TableId::Review];

    /// The id prefix of the table's cells.
    pub fn as_str(self) -> &'static str {
        match self {
            TableId::Active => "active",
            TableId::Apply => "apply",
            TableId::Review => "review",
        }
    }

    /// The section that holds the table.
    pub fn section(self) -> super::SectionId {
        match self {
            TableId::Active => super::SectionId::S2,
            TableId::Apply => super::SectionId::S3,
            TableId::Review => super::SectionId::S4,
        }
    }

    /// Parse `"active"`, `"apply"` or `"review"`.
    pub fn parse(s: &str) -> Option<TableId> {
        TableId::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Chinese title, as the navigator shows it.
    pub fn title(self) -> &'static str {
        match self {
            TableId::Active => "主动公开政府信息情况",
            TableId::Apply => "收到和处理政府信息公开申请情况",
            TableId::Review => "行政复议、行政诉讼情况",
        }
    }

    /// English title.
    pub fn title_en(self) -> &'static str {
        match self {
            TableId::Active => "Proactive disclosure",
            TableId::Apply => "Applications",
            TableId::Review => "Administrative review and litigation",
        }
    }
}

/// What kind of number a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueKind {
    /// A non-negative whole number.
    Count,
    /// A signed whole number (`本年增/减`).
    Signed,
    /// An exact decimal amount (yuan or 万元).
    Amount,
}

/// One column of a row, with its labels.
#[derive(Debug, Clone)]
pub struct ColumnDef {
    /// Canonical column id, the last segment of the cell id.
    pub id: &'static str,
    /// The Chinese label printed on the form.
    pub label: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// What the column holds.
    pub kind: ValueKind,
}

/// One row of a table.
#[derive(Debug, Clone)]
pub struct RowDef {
    /// Canonical row id (`rules`, `denied.state_secret`, `appeal`).
    pub id: &'static str,
    /// The Chinese label printed on the form, without its numbering.
    pub label: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// The group heading the row sits under (`第二十条第（一）项`, `（三）不予公开`), if any.
    pub group: Option<&'static str>,
    /// The row's columns, in the form's order.
    pub columns: Vec<ColumnDef>,
}

/// One table of a template.
#[derive(Debug, Clone)]
pub struct TableDef {
    /// Which table.
    pub id: TableId,
    /// Its rows, in the form's order.
    pub rows: Vec<RowDef>,
}

/// One cell of a template, with everything a screen or message needs to name it.
#[derive(Debug, Clone)]
pub struct CellDef {
    /// Canonical id: `<table>.<row>.<column>`.
    pub id: String,
    /// The table.
    pub table: TableId,
    /// Index of the row in its table.
    pub row_index: usize,
    /// Index of the column in its row.
    pub column_index: usize,
    /// Position in [`Schema::cells`] (form order).
    pub position: usize,
    /// Canonical row id.
    pub row: &'static str,
    /// Canonical column id.
    pub column: &'static str,
    /// Chinese row label.
    pub row_label: &'static str,
    /// Chinese column label.
    pub column_label: &'static str,
    /// English row label.
    pub row_label_en: &'static str,
    /// English column label.
    pub column_label_en: &'static str,
    /// What the cell holds.
    pub kind: ValueKind,
}

/// A template's full layout: every table and every cell in form order.
#[derive(Debug)]
pub struct Schema {
    /// The template this describes.
    pub template: Template,
    /// The three tables.
    pub tables: Vec<TableDef>,
    /// Every cell, in form order (table, row, column).
    pub cells: Vec<CellDef>,
    /// Id → position. Fx-hashed: every lookup of a cell by id passes here (the JSON writer,
    /// the rules, the screen), the keys are short and ours, and SipHash's defence against
    /// chosen keys buys nothing.
    index: rustc_hash::FxHashMap<String, usize>,
}

impl Schema {
    /// Look a cell up by canonical id.
    pub fn cell(&self, id: &str) -> Option<&CellDef> {
        self.index.get(id).map(|&i| &self.cells[i])
    }

    /// Position of a cell in [`Schema::cells`].
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The cells (with their positions, in form order) whose id a dotted pattern names, `*`
    /// standing for any one segment (`apply.denied.*.total`). Only the ids that start as the
    /// pattern does before its first `*` are compared, found at once among the sorted ids, and
    /// segment by segment without cutting them up: every rule file is compiled against the
    /// form at each start.
    pub fn matching<'s>(&'s self, pattern: &str) -> impl Iterator<Item = (usize, &'s CellDef)> {
        let wanted: Vec<&str> = pattern.split('.').collect();
        let literal = pattern.find('*').map_or(pattern, |star| &pattern[..star]);
        // What follows the last `*` ends every id it names (`.total`): most ids under a wide
        // prefix (`apply.`) are settled by that, before a segment is compared.
        let tail = pattern.rfind('*').map_or("", |star| &pattern[star + 1..]);
        let sorted = super::cells::sorted_ids(self.template);
        let from = sorted.partition_point(|(id, _)| *id < literal);
        let mut found: Vec<usize> = sorted[from..]
            .iter()
            .take_while(|(id, _)| id.starts_with(literal))
            .filter(|(id, _)| {
                if !id.ends_with(tail) {
                    return false;
                }
                let mut parts = crate::fast_str::split_byte(id, b'.');
                wanted
                    .iter()
                    .all(|w| parts.next().is_some_and(|p| *w == "*" || p == *w))
                    && parts.next().is_none()
            })
            .map(|&(_, position)| position)
            .collect();
        found.sort_unstable();
        found.into_iter().map(|p| (p, &self.cells[p]))
    }

    /// The definition of one table.
    pub fn table(&self, id: TableId) -> &TableDef {
        self.tables
            .iter()
            .find(|t| t.id == id)
            .expect("every schema has all three tables")
    }

    /// The definition of one row, by table and row id.
    pub fn row(&self, table: TableId, row: &str) -> Option<&RowDef> {
        self.table(table).rows.iter().find(|r| r.id == row)
    }

    /// The cells of one table, in form order.
    pub fn table_cells(&self, table: TableId) -> impl Iterator<Item = &CellDef> {
        self.cells.iter().filter(move |c| c.table == table)
    }

    /// The cells of one row, in form order.
    pub fn row_cells<'a>(
        &'a self,
        table: TableId,
        row: &'a str,
    ) -> impl Iterator<Item = &'a CellDef> + 'a {
        self.cells
            .iter()
            .filter(move |c| c.table == table && c.row == row)
    }

    fn build(template: Template, tables: Vec<TableDef>) -> Schema {
        let mut cells = Vec::new();
        for table in &tables {
            for (row_index, row) in table.rows.iter().enumerate() {
                for (column_index, col) in row.columns.iter().enumerate() {
                    cells.push(CellDef {
                        id: format!("{}.{}.{}", table.id.as_str(), row.id, col.id),
                        table: table.id,
                        row_index,
                        column_index,
                        position: cells.len(),
                        row: row.id,
                        column: col.id,
                        row_label: row.label,
                        column_label: col.label,
                        row_label_en: row.label_en,
                        column_label_en: col.label_en,
                        kind: col.kind,
                    });
                }
            }
        }
        let index = cells
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        Schema {
            template,
            tables,
            cells,
            index,
        }
    }
}

const fn col(
    id: &'static str,
    label: &'static str,
    label_en: &'static str,
    kind: ValueKind,
) -> ColumnDef {
    ColumnDef {
        id,
        label,
        label_en,
        kind,
    }
}

fn row(
    id: &'static str,
    label: &'static str,
    label_en: &'static str,
    group: Option<&'static str>,
    columns: Vec<ColumnDef>,
) -> RowDef {
    RowDef {
        id,
        label,
        label_en,
        group,
        columns,
    }
}

use ValueKind::{Amount, Count, Signed};

fn active_2019() -> TableDef {
    let docs = || {
        vec![
            col("made", "本年新制作数量", "made this year", Count),
            col("published", "本年新公开数量", "published this year", Count),
            col("total", "对外公开总数量", "total public", Count),
        ]
    };
    let items = || {
        vec![
            col("prev_items", "上一年项目数量", "items last year", Count),
            col("change", "本年增/减", "change this year", Signed),
            col("decisions", "处理决定数量", "decisions", Count),
        ]
    };
    let g1 = Some("第二十条第（一）项");
    let g5 = Some("第二十条第（五）项");
    let g6 = Some("第二十条第（六）项");
    TableDef {
        id: TableId::Active,
        rows: vec![
            row("rules", "规章", "rules", g1, docs()),
            row("normative", "规范性文件", "normative documents", g1, docs()),
            row("licensing", "行政许可", "licensing", g5, items()),
            row(
                "other_admin",
                "其他对外管理服务事项",
                "other administrative services",
                g5,
                items(),
            ),
            row("penalty", "行政处罚", "penalties", g6, items()),
            row("coercion", "行政强制", "coercive measures", g6, items()),
            row(
                "fees",
                "行政事业性收费",
                "administrative fees",
                Some("第二十条第（八）项"),
                vec![
                    col("prev_items", "上一年项目数量", "items last year", Count),
                    col("change", "本年增/减", "change this year", Signed),
                ],
            ),
            row(
                "procurement",
                "政府集中采购",
                "central procurement",
                Some("第二十条第（九）项"),
                vec![
                    col("items", "采购项目数量", "procurement items", Count),
                    col("amount", "采购总金额", "total amount (yuan)", Amount),
                ],
            ),
        ],
    }
}

fn active_2021() -> TableDef {
    let docs = || {
        vec![
            col("issued", "本年制发件数", "issued this year", Count),
            col("repealed", "本年废止件数", "repealed this year", Count),
            col("in_force", "现行有效件数", "in force", Count),
        ]
    };
    let decisions = || {
        vec![col(
            "decisions",
            "本年处理决定数量",
            "decisions this year",
            Count,
        )]
    };
    let g1 = Some("第二十条第（一）项");
    let g6 = Some("第二十条第（六）项");
    TableDef {
        id: TableId::Active,
        rows: vec![
            row("rules", "规章", "rules", g1, docs()),
            row(
                "normative",
                "行政规范性文件",
                "normative documents",
                g1,
                docs(),
            ),
            row(
                "licensing",
                "行政许可",
                "licensing",
                Some("第二十条第（五）项"),
                decisions(),
            ),
            row("penalty", "行政处罚", "penalties", g6, decisions()),
            row("coercion", "行政强制", "coercive measures", g6, decisions()),
            row(
                "fees",
                "行政事业性收费",
                "administrative fees",
                Some("第二十条第（八）项"),
                vec![col(
                    "amount",
                    "本年收费金额（单位：万元）",
                    "fees this year (10k yuan)",
                    Amount,
                )],
            ),
        ],
    }
}

/// Applicant columns of table 三, in form order.
pub const APPLY_COLUMNS: [&str; 7] = [
    "natural", "business", "research", "ngo", "legal", "other", "total",
];

fn apply_columns(template: Template) -> Vec<ColumnDef> {
    // Both official forms print these (report-model.md, correction of 2026-12).
    let (ngo, legal) = match template {
        Template::V2019 | Template::V2021 => ("社会公益组织", "法律服务机构"),
    };
    vec![
        col("natural", "自然人", "natural persons", Count),
        col("business", "商业企业", "businesses", Count),
        col("research", "科研机构", "research institutes", Count),
        col("ngo", ngo, "social organisations", Count),
        col("legal", legal, "legal services", Count),
        col("other", "其他", "other", Count),
        col("total", "总计", "total", Count),
    ]
}

fn apply_table(template: Template) -> TableDef {
    let r = |id, label, en, group| row(id, label, en, group, apply_columns(template));
    let denied = Some("（三）不予公开");
    let unavailable = Some("（四）无法提供");
    let not_processed = Some("（五）不予处理");
    let other_group = Some("（六）其他处理");
    let results = Some("三、本年度办理结果");
    let mut rows = vec![
        r("new", "本年新收政府信息公开申请数量", "new this year", None),
        r(
            "carried_in",
            "上年结转政府信息公开申请数量",
            "carried in from last year",
            None,
        ),
        r("granted", "予以公开", "granted", results),
        r(
            "partial",
            "部分公开（区分处理的，只计这一情形，不计其他情形）",
            "partly granted",
            results,
        ),
        r(
            "denied.state_secret",
            "属于国家秘密",
            "state secret",
            denied,
        ),
        r(
            "denied.prohibited",
            "其他法律行政法规禁止公开",
            "prohibited by law",
            denied,
        ),
        r(
            "denied.security",
            "危及“三安全一稳定”",
            "endangers security or stability",
            denied,
        ),
        r(
            "denied.third_party",
            "保护第三方合法权益",
            "third-party rights",
            denied,
        ),
        r(
            "denied.internal",
            "属于三类内部事务信息",
            "internal affairs",
            denied,
        ),
        r(
            "denied.process",
            "属于四类过程性信息",
            "process information",
            denied,
        ),
        r(
            "denied.enforcement",
            "属于行政执法案卷",
            "enforcement files",
            denied,
        ),
        r(
            "denied.query",
            "属于行政查询事项",
            "administrative queries",
            denied,
        ),
        r(
            "unavailable.not_held",
            "本机关不掌握相关政府信息",
            "not held",
            unavailable,
        ),
        r(
            "unavailable.needs_creation",
            "没有现成信息需要另行制作",
            "would need creating",
            unavailable,
        ),
        r(
            "unavailable.unclear",
            "补正后申请内容仍不明确",
            "unclear after correction",
            unavailable,
        ),
        r(
            "not_processed.complaint",
            "信访举报投诉类申请",
            "petitions and complaints",
            not_processed,
        ),
        r(
            "not_processed.repeat",
            "重复申请",
            "repeated applications",
            not_processed,
        ),
        r(
            "not_processed.publication",
            "要求提供公开出版物",
            "asks for publications",
            not_processed,
        ),
        r(
            "not_processed.excessive",
            "无正当理由大量反复申请",
            "excessive applications",
            not_processed,
        ),
        r(
            "not_processed.reissue",
            "要求行政机关确认或重新出具已获取信息",
            "asks to confirm or reissue",
            not_processed,
        ),
    ];
    match template {
        Template::V2019 => rows.push(r("other", "其他处理", "other handling", results)),
        Template::V2021 => {
            rows.push(r(
                "other.no_correction",
                "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "no correction in time",
                other_group,
            ));
            rows.push(r(
                "other.no_fee",
                "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "fee not paid in time",
                other_group,
            ));
            rows.push(r("other.other", "其他", "other", other_group));
        }
    }
    rows.push(r("total", "总计", "total handled", results));
    rows.push(r(
        "carried_out",
        "结转下年度继续办理",
        "carried over to next year",
        None,
    ));
    TableDef {
        id: TableId::Apply,
        rows,
    }
}

/// Result columns of table 四, in form order.
pub const REVIEW_COLUMNS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];

fn review_table() -> TableDef {
    let cols = || {
        vec![
            col("upheld", "结果维持", "upheld", Count),
            col("corrected", "结果纠正", "corrected", Count),
            col("other", "其他结果", "other result", Count),
            col("pending", "尚未审结", "pending", Count),
            col("total", "总计", "total", Count),
        ]
    };
    TableDef {
        id: TableId::Review,
        rows: vec![
            row("appeal", "行政复议", "administrative review", None, cols()),
            row(
                "suit_direct",
                "行政诉讼·未经复议直接起诉",
                "lawsuits, direct",
                Some("行政诉讼"),
                cols(),
            ),
            row(
                "suit_after_appeal",
                "行政诉讼·复议后起诉",
                "lawsuits after review",
                Some("行政诉讼"),
                cols(),
            ),
        ],
    }
}

static SCHEMA_2019: LazyLock<Schema> = LazyLock::new(|| {
    Schema::build(
        Template::V2019,
        vec![active_2019(), apply_table(Template::V2019), review_table()],
    )
});

static SCHEMA_2021: LazyLock<Schema> = LazyLock::new(|| {
    Schema::build(
        Template::V2021,
        vec![active_2021(), apply_table(Template::V2021), review_table()],
    )
});

#[cfg(test)]
mod tests {
    use super::*;

    /// Every id of both forms, each of its segments in turn (and all but the first) made a
    /// `*`, and patterns that name nothing: matched as a plain comparison with every cell
    /// of the form matches them, in form order.
    #[test]
    fn patterns_match_the_cells_a_plain_comparison_finds() {
        for template in [Template::V2019, Template::V2021] {
            let schema = template.schema();
            let plain = |pattern: &str| -> Vec<usize> {
                let wanted: Vec<&str> = pattern.split('.').collect();
                (schema.cells.iter().enumerate())
                    .filter(|(_, c)| {
                        let parts: Vec<&str> = c.id.split('.').collect();
                        parts.len() == wanted.len()
                            && parts.iter().zip(&wanted).all(|(p, w)| *w == "*" || p == w)
                    })
                    .map(|(i, _)| i)
                    .collect()
            };
            let mut patterns = vec!["*".to_string(), "apply.*".into(), "nothing.*.here".into()];
            for c in &schema.cells {
                let parts: Vec<&str> = c.id.split('.').collect();
                for star in 0..parts.len() {
                    let mut p = parts.clone();
                    p[star] = "*";
                    patterns.push(p.join("."));
                    // Two stars, a literal segment or none between them.
                    for second in star + 1..parts.len() {
                        let mut p = p.clone();
                        p[second] = "*";
                        patterns.push(p.join("."));
                    }
                }
                let mut tail = vec!["*"; parts.len()];
                tail[0] = parts[0];
                patterns.push(tail.join("."));
                patterns.push(format!("{}.x", c.id));
            }
            for pattern in &patterns {
                let got: Vec<usize> = schema.matching(pattern).map(|(i, _)| i).collect();
                assert_eq!(got, plain(pattern), "{pattern}");
            }
            assert!(patterns.iter().any(|p| plain(p).len() > 1));
        }
    }
}
