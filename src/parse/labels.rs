//! The template's fixed labels as match keys, and the labels that tell the two template
//! versions apart. Keys are short distinctive parts of each row label, so a label broken by a
//! line or page break, spaces or a vertical group label still matches once joined.

use crate::model::{TableId, Template};

/// How a row is recognised.
#[derive(Debug, Clone, Copy)]
pub struct RowKey {
    /// Canonical row id.
    pub row: &'static str,
    /// Any of these, found in the joined label text, names the row.
    pub strong: &'static [&'static str],
    /// A generic word (`其他`, `总计`) that names the row only as a whole cell.
    pub weak: Option<&'static str>,
}

const fn key(row: &'static str, strong: &'static [&'static str]) -> RowKey {
    RowKey {
        row,
        strong,
        weak: None,
    }
}

const ACTIVE_2019: [RowKey; 8] = [
    key("rules", &["规章"]),
    key("normative", &["规范性文件"]),
    key("licensing", &["行政许可"]),
    key("other_admin", &["对外管理服务"]),
    key("penalty", &["行政处罚"]),
    key("coercion", &["行政强制"]),
    key("fees", &["事业性收费"]),
    key("procurement", &["集中采购"]),
];

const ACTIVE_2021: [RowKey; 6] = [
    key("rules", &["规章"]),
    key("normative", &["规范性文件"]),
    key("licensing", &["行政许可"]),
    key("penalty", &["行政处罚"]),
    key("coercion", &["行政强制"]),
    key("fees", &["事业性收费"]),
];

const APPLY_HEAD: [RowKey; 20] = [
    key("new", &["本年新收"]),
    key("carried_in", &["上年结转"]),
    key("granted", &["予以公开"]),
    key("partial", &["部分公开"]),
    key("denied.state_secret", &["国家秘密"]),
    key("denied.prohibited", &["禁止公开"]),
    key("denied.security", &["三安全一稳定", "危及"]),
    key("denied.third_party", &["第三方"]),
    key("denied.internal", &["内部事务"]),
    key("denied.process", &["过程性"]),
    key("denied.enforcement", &["执法案卷"]),
    key("denied.query", &["查询事项"]),
    key("unavailable.not_held", &["不掌握"]),
    key("unavailable.needs_creation", &["另行制作", "现成信息"]),
    key("unavailable.unclear", &["仍不明确", "补正后"]),
    key("not_processed.complaint", &["信访", "举报投诉"]),
    key("not_processed.repeat", &["重复申请"]),
    key("not_processed.publication", &["出版物"]),
    key("not_processed.excessive", &["大量反复"]),
    key("not_processed.reissue", &["重新出具", "确认或"]),
];

const APPLY_TAIL: [RowKey; 2] = [
    RowKey {
        row: "total",
        strong: &["（七）总计"],
        weak: Some("总计"),
    },
    key("carried_out", &["结转下年度", "下年度继续"]),
];

const REVIEW: [RowKey; 3] = [
    key("appeal", &[]),
    key("suit_direct", &["直接起诉"]),
    key("suit_after_appeal", &["复议后起诉"]),
];

/// The row keys of one table of a template, in the form's order.
pub fn row_keys(template: Template, table: TableId) -> Vec<RowKey> {
    match (table, template) {
        (TableId::Active, Template::V2019) => ACTIVE_2019.to_vec(),
        (TableId::Active, Template::V2021) => ACTIVE_2021.to_vec(),
        (TableId::Apply, t) => {
            let mut keys = APPLY_HEAD.to_vec();
            match t {
                Template::V2019 => keys.push(key("other", &["其他处理"])),
                Template::V2021 => {
                    keys.push(key("other.no_correction", &["逾期不补正", "不补正"]));
                    keys.push(key("other.no_fee", &["缴纳费用", "收费通知"]));
                    keys.push(RowKey {
                        row: "other.other",
                        strong: &[],
                        weak: Some("其他"),
                    });
                }
            }
            keys.extend(APPLY_TAIL);
            keys
        }
        (TableId::Review, _) => REVIEW.to_vec(),
    }
}

/// Words only the column heads of table 三 print (applicant types), as label keys.
const COLUMN_HEADS: [&str; 8] = [
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益",
    "法律服务机构",
    "律师事务所",
];

/// Whether label text (keys joined) is a run of column heads, so that a generic word following
/// it (`其他`, `总计`) names a column rather than a row.
pub fn is_column_header(text: &str) -> bool {
    COLUMN_HEADS.iter().any(|h| text.contains(h))
}

/// Labels that only one template version prints.
pub const VERSION_MARKERS: [(&str, Template); 14] = [
    ("本年新制作数量", Template::V2019),
    ("本年新公开数量", Template::V2019),
    ("对外公开总数量", Template::V2019),
    ("上一年项目数量", Template::V2019),
    ("社会公益组织", Template::V2019),
    ("法律服务机构", Template::V2019),
    ("政府集中采购", Template::V2019),
    ("本年制发件数", Template::V2021),
    ("本年废止件数", Template::V2021),
    ("现行有效件数", Template::V2021),
    ("社会组织", Template::V2021),
    ("律师事务所", Template::V2021),
    ("逾期不补正", Template::V2021),
    ("本年收费金额", Template::V2021),
];

/// Where `needle` last starts in `hay` (as `str::rfind`), without building a searcher: the
/// pending label text is a few dozen bytes and is searched for every label of every row, so
/// a searcher's set-up cost more than the search (a sixth of parsing).
pub fn rfind(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let Some((&last, _)) = needle.split_last() else {
        return Some(hay.len());
    };
    // Anchored on the needle's last byte: in Chinese text every character starts with one of
    // a few lead bytes, while its last byte varies. A match is then checked whole; a UTF-8
    // needle only matches on character boundaries.
    let n = needle.len();
    let mut end = hay.len();
    while let Some(i) = memchr::memrchr(last, &hay[..end]) {
        let start = (i + 1).checked_sub(n)?;
        if &hay[start..=i] == needle {
            return Some(start);
        }
        end = i;
    }
    None
}

#[cfg(test)]
mod rfind_tests {
    use super::rfind;

    #[test]
    fn agrees_with_str_rfind() {
        let hays = [
            "",
            "规章规章",
            "本年新收政府信息公开申请数量",
            "a规b规章c",
            "章",
            "ab",
        ];
        let needles = ["", "规章", "章", "申请数量", "b", "规章c", "x"];
        for h in hays {
            for n in needles {
                assert_eq!(rfind(h, n), h.rfind(n), "{h:?} / {n:?}");
            }
        }
    }
}
