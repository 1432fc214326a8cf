//! How findings name things: cells by their row and column labels as printed on the form
//! (「（七）总计 · 自然人」), numbers without trailing zeros, and `{placeholder}` templates.

use rust_decimal::Decimal;

use super::finding::{EvalStatus, Finding, fingerprint};
use super::ruleset::Rule;
use std::sync::LazyLock;

use crate::model::{Schema, SectionId, TableId, Template};

/// A row's label as printed, with its number: `（七）总计`, `（三）1.属于国家秘密`,
/// `一、本年新收政府信息公开申请数量`. Parenthesised notes after a label are dropped.
pub fn row_label(schema: &Schema, table: TableId, row: &str) -> String {
    let Some(def) = schema.row(table, row) else {
        return row.to_string();
    };
    let label = def.label.split('（').next().unwrap_or(def.label);
    if table != TableId::Apply {
        return label.to_string();
    }
    let group_number = |group: &str| match group {
        "denied" => "（三）",
        "unavailable" => "（四）",
        "not_processed" => "（五）",
        _ => "（六）",
    };
    let prefix = match row {
        "new" => "一、".to_string(),
        "carried_in" => "二、".to_string(),
        "granted" => "（一）".to_string(),
        "partial" => "（二）".to_string(),
        "other" => "（六）".to_string(),
        "total" => "（七）".to_string(),
        "carried_out" => "四、".to_string(),
        _ => match row.split_once('.') {
            Some((group, _)) => {
                let n = schema
                    .table(table)
                    .rows
                    .iter()
                    .filter(|r| r.id.starts_with(group) && r.id.contains('.'))
                    .position(|r| r.id == row)
                    .map(|i| i + 1)
                    .unwrap_or(0);
                format!("{}{n}.", group_number(group))
            }
            None => String::new(),
        },
    };
    format!("{prefix}{label}")
}

/// A row's labels, Chinese and English, by its index in its table: what [`row_label`] and
/// [`row_label_en`] give, built once per template (findings name rows many times a report).
pub(crate) fn row_labels(
    schema: &Schema,
    table: TableId,
    row_index: usize,
) -> Option<(&'static str, &'static str)> {
    type Labels = Vec<(TableId, Vec<(String, String)>)>;
    fn build(template: Template) -> Labels {
        let schema = template.schema();
        (schema.tables.iter())
            .map(|t| {
                let rows = (t.rows.iter())
                    .map(|r| {
                        (
                            row_label(schema, t.id, r.id),
                            row_label_en(schema, t.id, r.id),
                        )
                    })
                    .collect();
                (t.id, rows)
            })
            .collect()
    }
    static V2019: LazyLock<Labels> = LazyLock::new(|| build(Template::V2019));
    static V2021: LazyLock<Labels> = LazyLock::new(|| build(Template::V2021));
    let labels: &'static Labels = match schema.template {
        Template::V2019 => &V2019,
        Template::V2021 => &V2021,
    };
    let (_, rows) = labels.iter().find(|(id, _)| *id == table)?;
    let (zh, en) = rows.get(row_index)?;
    Some((zh, en))
}

/// A row's English label.
pub fn row_label_en(schema: &Schema, table: TableId, row: &str) -> String {
    schema
        .row(table, row)
        .map(|r| r.label_en.to_string())
        .unwrap_or_else(|| row.to_string())
}

/// A cell named by its labels: 「（七）总计 · 自然人」. Unknown ids are quoted as they are.
pub fn cell_label(schema: &Schema, id: &str) -> String {
    match schema.cell(id) {
        Some(c) => format!(
            "「{} · {}」",
            row_label(schema, c.table, c.row),
            c.column_label
        ),
        None => format!("「{id}」"),
    }
}

/// A cell named in English: “total handled · natural persons”.
pub fn cell_label_en(schema: &Schema, id: &str) -> String {
    match schema.cell(id) {
        Some(c) => format!("“{} · {}”", c.row_label_en, c.column_label_en),
        None => format!("“{id}”"),
    }
}

/// A number as a reader writes it: `3`, not `3.00`; `968775.75` stays.
pub fn number(value: Decimal) -> String {
    value.normalize().to_string()
}

/// Fill `{key}` placeholders; unknown ones stay as written, so a typo in a user's message
/// shows rather than vanishing. Trailing white space (an empty last note) is trimmed.
pub fn render(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    // memchr: the SIMD search of the byte, several times quicker than `str::find(char)` on
    // these short templates.
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match memchr::memchr(b'}', after.as_bytes()) {
            Some(close) => {
                let key = &after[..close];
                match values.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// A finding of `rule` with its messages rendered and its fingerprint computed; arithmetic
/// fields left empty for the caller to fill.
pub fn finding(
    rule: &Rule,
    cells: Vec<String>,
    section: Option<SectionId>,
    message: String,
    message_en: String,
    line: Option<usize>,
) -> Finding {
    let fingerprint = fingerprint(&rule.id, &cells, section);
    Finding {
        rule: rule.id.clone(),
        severity: rule.severity,
        cells,
        section,
        expected: None,
        actual: None,
        suspect: None,
        fingerprint,
        message,
        message_en,
        status: EvalStatus::Failed,
        line,
        quote: None,
    }
}

/// The `name` and `name_en` placeholders every message may use, then the given ones.
pub fn both(rule: &Rule, values: &[(&str, &str)], values_en: &[(&str, &str)]) -> (String, String) {
    both_from(rule, &rule.message, &rule.message_en, values, values_en)
}

/// Like [`both`], for a rule's second-case message `alt.<key>` / `alt.<key>_en`.
pub fn both_alt(
    rule: &Rule,
    key: &str,
    values: &[(&str, &str)],
    values_en: &[(&str, &str)],
) -> (String, String) {
    let en = format!("{key}_en");
    both_from(rule, rule.alt(key), rule.alt(&en), values, values_en)
}

/// Render a Chinese and an English template with `name`/`name_en` and the given values.
pub fn both_from(
    rule: &Rule,
    zh: &str,
    en: &str,
    values: &[(&str, &str)],
    values_en: &[(&str, &str)],
) -> (String, String) {
    let mut v: Vec<(&str, &str)> = vec![("name", &rule.name), ("name_en", &rule.name_en)];
    v.extend_from_slice(values);
    let mut v_en: Vec<(&str, &str)> = vec![("name", &rule.name), ("name_en", &rule.name_en)];
    v_en.extend_from_slice(values_en);
    (render(zh, &v), render(en, &v_en))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Template;

    #[test]
    fn labels_carry_the_form_numbering() {
        let s = Template::V2019.schema();
        assert_eq!(
            cell_label(s, "apply.total.natural"),
            "「（七）总计 · 自然人」"
        );
        assert_eq!(
            cell_label(s, "apply.denied.security.total"),
            "「（三）3.危及“三安全一稳定” · 总计」"
        );
        assert_eq!(row_label(s, TableId::Apply, "partial"), "（二）部分公开");
        for s in [Template::V2019.schema(), Template::V2021.schema()] {
            for c in &s.cells {
                let by_id = (
                    row_label(s, c.table, c.row),
                    row_label_en(s, c.table, c.row),
                );
                let (zh, en) = row_labels(s, c.table, c.row_index).unwrap_or_default();
                assert_eq!((zh, en), (by_id.0.as_str(), by_id.1.as_str()), "{}", c.id);
            }
        }
        let s21 = Template::V2021.schema();
        assert_eq!(
            row_label(s21, TableId::Apply, "other.other"),
            "（六）3.其他"
        );
    }

    #[test]
    fn render_keeps_unknown_placeholders() {
        assert_eq!(render("{a} and {b}", &[("a", "1")]), "1 and {b}");
        assert_eq!(number(Decimal::new(300, 2)), "3");
    }
}
