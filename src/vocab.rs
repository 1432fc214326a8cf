//! The words a user reads, written once for every front end (the CLI, the screen, the memo,
//! the workbook) in Chinese and English: sections, cells, review states, why a sign-off is
//! stale, and the review store's errors.

use crate::Lang;
use crate::model::{Schema, SectionId};
use crate::review::{ReviewError, SignState, StaleReason};

/// `一、总体情况` / `1. Overview`.
pub fn section_title(s: SectionId, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}、{}", s.numeral(), s.heading_zh()),
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

/// A store error as one line for the user, in their language, saying what to do: the same
/// words in the CLI, the screen and the workbook.
pub fn store_error(e: &ReviewError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ReviewError::NoStoreDir => {
            "找不到存放审核记录的数据目录（是否未设置 HOME？）：请用 --store DIR 或环境变量 \
             NIANBAO_STORE 指定一个目录"
                .into()
        }
        ReviewError::Io { path, source, .. } => format!(
            "无法读写审核记录 {}：{source}；请确认审核记录目录存在且可写",
            path.display()
        ),
        ReviewError::Corrupt { path, detail } => format!(
            "审核记录 {} 已损坏，无法读取（{detail}）；文件未作任何改动：请从备份恢复或将其移走后重试",
            path.display()
        ),
        ReviewError::NewerSchema {
            path,
            found,
            supported,
        } => format!(
            "审核记录 {} 的格式版本为 {found}，高于本程序支持的 {supported}；文件未作任何改动：请升级 nianbao",
            path.display()
        ),
        ReviewError::IdentityMismatch {
            path,
            expected,
            found,
        } => format!(
            "审核记录 {} 属于「{found}」而非「{expected}」；文件未作任何改动：请将其移走",
            path.display()
        ),
        ReviewError::NoSuchAnnotation { id } => {
            format!("该报告没有编号为 #{id} 的批注；`nianbao export` 列出全部批注")
        }
        ReviewError::EmptyText => "批注内容为空：请写明要单位知悉或整改的内容".into(),
        ReviewError::Refused { unaccepted } => {
            let list: Vec<String> = unaccepted
                .iter()
                .map(|u| {
                    format!(
                        "{} [{}]：{}",
                        u.rule,
                        u.cells.join(", "),
                        u.message.trim_end_matches('。')
                    )
                })
                .collect();
            format!(
                "不能审核通过：{} 项错误尚未处理（该错误或其单元格上没有“予以接受”或“已解决”的批注）：{}；\
                 请逐项用 `nianbao annotate --cell 单元格 --state accepted`（或 --rule 规则，写明理由）\
                 或 --state resolved 批注，或用 --return 退回修改",
                unaccepted.len(),
                list.join("；")
            )
        }
        ReviewError::NotSigned => "该报告没有有效的签署，无需撤回".into(),
        ReviewError::Tampered { path, tamper } => format!(
            "审核记录 {} 已在 nianbao 之外被改动（记录被改动）：{}；其中的内容均不可信，文件未作任何改动，\
             nianbao 不会自动修复：请从备份恢复，或将其移走后重新审核",
            path.display(),
            tamper.describe(Lang::Zh)
        ),
        ReviewError::EmptyComment => {
            "退回修改须填写意见：请用 --comment 写明单位需要整改的内容".into()
        }
        ReviewError::NoteTooLong { bytes, limit } => format!(
            "批注长 {bytes} 字节，超过单条批注上限 {limit} 字节（64 KB）：请精简，或将长文另存为文件并在批注中注明"
        ),
        ReviewError::AlreadySigned { earlier } => format!(
            "该报告已有审核结论：{earlier}；如要替换，请加 --replace 重新签署（两次结论都保留在历史和审核意见中）"
        ),
        ReviewError::Signing(detail) => {
            format!("无法用 SSH 密钥签名：{detail}；请检查配置中的 signing_key")
        }
        ReviewError::Internal(detail) => format!("内部错误：{detail}"),
        ReviewError::NoReviewer => {
            "无法确定审核人：请用 --reviewer 姓名、配置文件中的 reviewer 或环境变量 USER 指定"
                .into()
        }
        // Targets name ids and template versions the user typed; the English text shows them.
        ReviewError::BadTarget(_) | ReviewError::NoHash { .. } | ReviewError::Encode(_) => {
            e.to_string()
        }
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

    #[test]
    fn store_errors_read_the_same_wherever_they_are_shown() {
        let e = ReviewError::EmptyComment;
        assert!(store_error(&e, Lang::Zh).starts_with("退回修改须填写意见"));
        assert_eq!(store_error(&e, Lang::En), e.to_string());
    }
}
