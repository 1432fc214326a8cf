//! The words a user reads, written once for every front end (the CLI, the screen, the memo,
//! the workbook) in Chinese and English: sections, cells, review states, why a sign-off is
//! stale, and the review store's errors.

use crate::Lang;
use crate::model::{Schema, SectionId};
use crate::review::{SignState, StaleReason};

/// `一、总体情况` / `1. Overview`.
pub fn section_title(s: SectionId, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}、{}", s.numeral(), s.heading()),
        Lang::En => format!("{}. {}", s.index() + 1, s.heading_en()),
    }
}

/// A cell as people name it: `（三）不予公开 · 属于国家秘密 · 自然人` (the row's group where it
/// tells rows apart, the row, the column); the id itself when the template does not know it.
/// `sep` joins the parts (` · `, or ` - ` on a plain-ASCII screen).
pub fn cell_name(schema: &Schema, id: &str, lang: Lang, sep: &str) -> String {
    let Some(def) = schema.cell(id) else {
        return id.to_string();
    };
    match lang {
        Lang::Zh => {
            let group = schema.row(def.table, def.row).and_then(|r| r.group);
            // 第二十条 groups are legal references, and some row labels already carry their group.
            let group =
                group.filter(|g| !g.starts_with("第二十条") && !def.row_label.starts_with(g));
            let mut s = String::new();
            if let Some(g) = group {
                s.push_str(g.trim_end_matches(['：', ':']));
                s.push_str(sep);
            }
            s.push_str(def.row_label);
            s.push_str(sep);
            s.push_str(def.column_label);
            s
        }
        Lang::En => format!("{}{sep}{}", def.row_label_en, def.column_label_en),
    }
}

/// A review state: 已审核通过, 已退回修改, 签署已失效, 记录被改动, 未签署.
pub fn sign_state(s: SignState, lang: Lang) -> &'static str {
    s.label(lang)
}

/// Why a sign-off no longer holds, in full: `签署后文件已改动（签署时 SHA-256 1a2b…，现为 3c4d…）`.
pub fn stale_reason(r: &StaleReason, lang: Lang) -> String {
    let short = |s: &str| s.get(..12).unwrap_or(s).to_string();
    match (r, lang) {
        (StaleReason::ReportChanged { signed, now }, Lang::Zh) => format!(
            "签署后文件已改动（签署时 SHA-256 {}…，现为 {}…）",
            short(signed),
            short(now)
        ),
        (StaleReason::PriorChanged { signed, now }, Lang::Zh) => format!(
            "对照的上年报告与签署时不同（签署时 {}，现为 {}…）",
            signed
                .as_deref()
                .map(|s| format!("{}…", short(s)))
                .unwrap_or_else(|| "无".into()),
            short(now)
        ),
        (StaleReason::RulesChanged { signed, now }, Lang::Zh) => {
            format!("签署后审核规则已更改（{signed} → {now}）")
        }
        (r, Lang::En) => r.to_string(),
    }
}

/// Why a sign-off no longer holds, in two or three words for a status line: `文件已改`.
pub fn stale_reason_short(r: &StaleReason, lang: Lang) -> &'static str {
    match r {
        StaleReason::ReportChanged { .. } => lang.pick("文件已改", "file changed"),
        StaleReason::PriorChanged { .. } => lang.pick("上年报告已变", "prior report changed"),
        StaleReason::RulesChanged { .. } => lang.pick("规则已变", "rules changed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Template;

    #[test]
    fn a_cell_is_named_by_group_row_and_column() {
        let schema = Template::V2021.schema();
        let id = schema
            .cells
            .iter()
            .find(|c| c.row_label.contains("属于国家秘密"))
            .map(|c| c.id.clone())
            .expect("the 2021 form has 属于国家秘密");
        let name = cell_name(schema, &id, Lang::Zh, " · ");
        assert!(
            name.starts_with("（三）不予公开 · 属于国家秘密 · "),
            "{name}"
        );
        assert_eq!(
            cell_name(schema, "no.such.cell", Lang::Zh, " · "),
            "no.such.cell"
        );
    }
}
