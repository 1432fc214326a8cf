//! The six section headings: found in order, numbered or not, in any of their known wordings.

use crate::fast_str::Trim;
use std::sync::LazyLock;

use super::normalize::{fold_char, is_numeral, label_key};
use crate::model::{Section, SectionId};

/// Heading wordings per section (as label keys: no spaces, unified punctuation).
const VARIANTS: [&[&str]; 6] = [
    &["总体情况", "概述"],
    &["主动公开政府信息情况", "主动公开政府信息"],
    &[
        "收到和处理政府信息公开申请情况",
        "收到和处理政府信息公开申请",
    ],
    &[
        "政府信息公开行政复议、行政诉讼情况",
        "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
        "政府信息公开行政复议、行政诉讼",
        "行政复议、行政诉讼情况",
    ],
    &[
        "存在的主要问题及改进情况",
        "政府信息公开工作存在的主要问题及改进情况",
        "存在问题及改进情况",
        "存在的主要问题和改进情况",
    ],
    &["其他需要报告的事项"],
];

/// [`VARIANTS`] as label keys (`、` folded like the text it is compared with).
static KEYED: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    VARIANTS
        .iter()
        .map(|vs| vs.iter().map(|v| label_key(v)).collect())
        .collect()
});

/// The length in characters of each of [`KEYED`].
static KEYED_CHARS: LazyLock<Vec<Vec<usize>>> = LazyLock::new(|| {
    KEYED
        .iter()
        .map(|vs| vs.iter().map(|v| v.chars().count()).collect())
        .collect()
});

/// Whether a heading wording of `len` characters keeps one wrong character: a long one
/// always (`勾积`, `现行有校`); one of four characters or more (`一、总休情况`) when it carries
/// its own section's number (`own_number`); a shorter one (`概述`) never. Laid-out lines and
/// one-line pages ask the same.
pub(super) fn tolerates_typo(len: usize, own_number: bool) -> bool {
    len >= 8 || (own_number && len >= 4)
}

/// The heading wordings of each section, as label keys, in section order.
pub(super) fn heading_variants() -> &'static [Vec<String>] {
    &KEYED
}

/// Characters one of which every wording in [`VARIANTS`] holds, with their traditional forms.
#[cfg(test)]
const HEADING_CHARS: [char; 10] = ['况', '況', '述', '息', '请', '請', '议', '議', '项', '項'];

/// One of [`HEADING_CHARS`]: a `match`, not a search of the array (nor an automaton, whose
/// set-up per line cost more), as it runs on every character of the text.
fn is_heading_char(c: char) -> bool {
    matches!(
        c,
        '况' | '況' | '述' | '息' | '请' | '請' | '议' | '議' | '项' | '項'
    )
}

/// A heading candidate: which section, and whether it carried a number.
fn heading_of(line: &str) -> Option<(SectionId, bool)> {
    // The line's first character that is not white space or a mark (`|*#`) starts its first
    // non-empty cell too, or that cell has none: most lines (numbers, `（一）` labels) are
    // settled by it before the pipes are looked for.
    if !could_start_heading(line) {
        return None;
    }
    // Web pages put the heading in the first pipe cell.
    // Every heading wording holds one of these characters (folding maps only the traditional
    // ones onto them): most lines are table cells or prose and need no key at all.
    let first = match memchr::memchr(b'|', line.as_bytes()) {
        // Most lines hold no pipe: the vectorised search says so before a split is begun. A
        // blank line is settled by the first test below (no character to start a heading).
        None => line,
        Some(_) => crate::fast_str::split_byte(line, b'|').find(|s| !s.trim_ws().is_empty())?,
    };
    // Cheapest first: the first character settles most lines (numbers, `（一）` labels).
    if !could_start_heading(first) {
        return None;
    }
    // The key's length without building it (folding changes no character's kind here): most
    // lines are prose, far too long for a heading, and are settled after 41 characters.
    let key_chars = first
        .chars()
        .filter(|&c| !c.is_whitespace() && !matches!(c, '|' | '*' | '#' | '｜' | '＊' | '＃'))
        .take(41)
        .count();
    if key_chars > 40 || !line.chars().any(is_heading_char) {
        return None;
    }
    let key = label_key(first);
    if key.chars().count() > 40 {
        return None;
    }
    let key = key.trim_end_matches(['。', '：', '.', '；']);
    let (body, numbered) = strip_section_number(key);
    let numeral = key.chars().next().filter(|&c| numbered && is_numeral(c));
    if let Some(hit) = match_heading(body, numbered, numeral) {
        return Some(hit);
    }
    // A comparison export appends a remark in brackets: `二、主动公开政府信息情况（重复率：80%）`.
    let bare = body.split_once('（').map(|(b, _)| b)?;
    (numbered && !bare.is_empty())
        .then(|| match_heading(bare, numbered, numeral))
        .flatten()
}

/// Whether the label key of `cell` starts as a heading's does: with a section number (a
/// numeral, `第`) or with the first character of a wording. Decided from the cell's first
/// character, before its key is built: most short lines are table labels that cannot be a
/// heading (`（一）`, `其中`, `本年…`).
fn could_start_heading(cell: &str) -> bool {
    let first = cell
        .chars()
        .map(fold_char)
        .find(|&c| !c.is_whitespace() && !matches!(c, '|' | '*' | '#'));
    match first {
        Some(c) => c == '第' || is_numeral(c) || is_wording_start(c),
        None => false,
    }
}

/// The first character of a wording in [`KEYED`]: a `match`, as it is asked of every line.
fn is_wording_start(c: char) -> bool {
    matches!(
        c,
        '总' | '概' | '主' | '收' | '政' | '因' | '行' | '存' | '其'
    )
}

/// `numeral`: the number a numbered heading carries (`一` of `一、总体情况`).
fn match_heading(body: &str, numbered: bool, numeral: Option<char>) -> Option<(SectionId, bool)> {
    let body_chars = body.chars().count();
    for (i, variants) in KEYED.iter().enumerate() {
        let own_number = numeral.is_some_and(|c| SectionId::ALL[i].numeral().starts_with(c));
        let hit = variants.iter().zip(&KEYED_CHARS[i]).any(|(v, &n)| {
            if numbered {
                // The length first: most numbered lines are table rows, not near any wording.
                if body_chars < n || body_chars > n + 8 {
                    return false;
                }
                // One wrong character kept ([`tolerates_typo`]); in a short wording only when
                // it is the whole line.
                let tolerant = tolerates_typo(n, own_number && body_chars == n);
                body.starts_with(v.as_str())
                    || (tolerant
                        && body.chars().zip(v.chars()).filter(|(a, b)| a != b).count() <= 1)
            } else {
                body == v.as_str()
            }
        });
        if hit {
            return Some((SectionId::ALL[i], numbered));
        }
    }
    None
}

/// `三.` / `三．` / `三、` / `第三部分` → the rest and `true`; otherwise the key and `false`.
fn strip_section_number(key: &str) -> (&str, bool) {
    let mut chars = key.chars();
    if let Some(c) = chars.next()
        && is_numeral(c)
    {
        let rest = chars.as_str();
        if let Some(r) = rest.strip_prefix(['.', '，']) {
            return (r, true);
        }
    }
    if let Some(r) = key.strip_prefix('第')
        && let Some((_, after)) = r.split_once("部分")
    {
        return (after.trim_start_matches(['：', '.']), true);
    }
    (key, false)
}

/// The index of the first line that is a section heading: where [`find`] finds its first
/// (the first heading is always taken), without looking at the rest of the text.
pub fn first(lines: &[&str]) -> Option<usize> {
    lines.iter().position(|l| heading_of(l).is_some())
}

/// Find the sections in `lines`: each heading is searched after the previous one found, so a
/// table row such as `四、结转下年度继续办理` or a sub-head `（二）主动公开` never takes a
/// section's place.
pub fn find(lines: &[&str]) -> Vec<Section> {
    let mut sections: Vec<Section> = SectionId::ALL.into_iter().map(Section::missing).collect();
    let mut heads: Vec<(usize, SectionId, bool)> = Vec::new();
    let mut next_allowed = 0usize;
    for (i, line) in lines.iter().enumerate() {
        let Some((id, numbered)) = heading_of(line) else {
            continue;
        };
        if id.index() < next_allowed {
            continue;
        }
        heads.push((i, id, numbered));
        next_allowed = id.index() + 1;
    }
    for (k, &(i, id, numbered)) in heads.iter().enumerate() {
        let end = heads.get(k + 1).map_or(lines.len(), |h| h.0);
        let body_end = (i + 1..end)
            .rev()
            .find(|&j| !lines[j].trim_ws().is_empty())
            .unwrap_or(i);
        let s = &mut sections[id.index()];
        s.present = true;
        s.numbered = numbered;
        s.heading = lines[i].trim_ws().trim_end_matches(['|', ' ']).to_owned();
        s.line = Some(i + 1);
        s.end_line = Some(body_end + 1);
        s.text = if body_end > i {
            lines[i + 1..=body_end].join("\n")
        } else {
            String::new()
        };
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// What lets `heading_of` settle a line by its own first character: a line that
        /// cannot start a heading has no first non-empty pipe cell that can.
        #[test]
        fn a_line_that_cannot_start_a_heading_has_no_cell_that_can(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "|", " ", "\u{3000}", "*", "#", "＊", "｜", "＃", "二、", "第", "一", "（一）",
                "12", "主动", "公开", "總", "a", "\t",
            ]), 0..12)
        ) {
            let line = pieces.concat();
            let first = crate::fast_str::split_byte(&line, b'|').find(|s| !s.trim_ws().is_empty());
            if first.is_some_and(could_start_heading) {
                proptest::prop_assert!(could_start_heading(&line), "{line:?}");
            }
        }
    }

    #[test]
    fn wordings_start_as_is_wording_start_says() {
        let firsts: Vec<char> = KEYED
            .iter()
            .flatten()
            .filter_map(|v| v.chars().next())
            .collect();
        for c in &firsts {
            assert!(is_wording_start(*c), "{c}");
        }
        for c in ['总', '概', '主', '收', '政', '因', '行', '存', '其'] {
            assert!(firsts.contains(&c), "{c} starts no wording");
        }
    }

    #[test]
    fn every_heading_wording_holds_a_heading_char() {
        for v in VARIANTS.iter().flat_map(|vs| vs.iter()) {
            assert!(v.contains(HEADING_CHARS), "{v}");
        }
        for c in HEADING_CHARS {
            assert!(is_heading_char(c), "{c}");
        }
    }

    #[test]
    fn first_is_where_find_starts() {
        let lines = [
            "2020年报告",
            "四、结转下年度继续办理",
            "一、总体情况",
            "二、主动公开政府信息情况",
        ];
        assert_eq!(first(&lines), Some(2));
        let found = find(&lines).iter().filter_map(|s| s.line).min();
        assert_eq!(found, Some(3));
        assert_eq!(first(&lines[..2]), None);
    }

    #[test]
    fn headings_numbered_and_not() {
        assert_eq!(heading_of("一、总体情况"), Some((SectionId::S1, true)));
        assert_eq!(
            heading_of("存在的主要问题及改进情况"),
            Some((SectionId::S5, false))
        );
        assert_eq!(
            heading_of("六、其他需要报告的事项。"),
            Some((SectionId::S6, true))
        );
        assert_eq!(
            heading_of("三、收到和处理政府信息公开申请情况 | |||||"),
            Some((SectionId::S3, true))
        );
        assert_eq!(heading_of("四、结转下年度继续办理 |"), None);
        assert_eq!(heading_of("（二）主动公开政府信息情况"), None);
        assert_eq!(heading_of("一、本年新收政府信息公开申请数量"), None);
        assert_eq!(
            heading_of("⼆、主动公开政府信息情况 ( 重复率 : 80%)"),
            Some((SectionId::S2, true))
        );
        assert_eq!(heading_of("（二）主动公开政府信息情况（说明）"), None);
    }
}
