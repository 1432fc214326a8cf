//! Report metadata: title, agency, report year, and the template the tables follow.

use super::labels::VERSION_MARKERS;
use super::normalize::{fold, fold_char, is_han, label_key};
use crate::model::{ForeignLabel, Meta, Template};

/// Applicant column labels, which both templates share (one is an agency's own wording).
const APPLICANT_LABELS: [&str; 4] = ["社会公益组织", "法律服务机构", "社会组织", "律师事务所"];

/// Endings of an agency's name, longest first.
const AGENCY_SUFFIXES: [&str; 12] = [
    "管理委员会",
    "委员会",
    "人民政府办公厅",
    "人民政府办公室",
    "人民政府",
    "办公厅",
    "办公室",
    "管委会",
    "中心",
    "局",
    "厅",
    "委",
];

/// Title, agency and year, from the lines before the first section (`head_end`, exclusive).
pub fn read_meta(lines: &[&str], head_end: usize, body: &str) -> Meta {
    let head = &lines[..head_end.min(lines.len())];
    let field = |name: &str| {
        head.iter().enumerate().find_map(|(i, l)| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let at = cells.iter().position(|c| label_key(c).contains(name))?;
            let value = cells.get(at + 1).filter(|v| !v.is_empty())?;
            Some((i, (*value).to_owned()))
        })
    };
    let (title, title_line) = match field("名称") {
        Some((i, t)) => (Some(t), Some(i + 1)),
        None => find_title(head),
    };
    let publisher = field("发布机构").map(|(_, v)| v);
    let agency = publisher
        .or_else(|| title.as_deref().and_then(agency_in_title))
        .or_else(|| title_line.and_then(|l| agency_line_above(head, l)))
        .or_else(|| agency_in_body(body));
    let year = title
        .as_deref()
        .and_then(first_year)
        .or_else(|| first_year(body));
    Meta {
        agency,
        year,
        template: Template::V2021,
        title,
        title_line,
    }
}

/// The first line naming the report (`…年度报告`, `…工作报告`), joined with the line before or
/// after when the title was broken.
fn find_title(head: &[&str]) -> (Option<String>, Option<usize>) {
    let clean = |s: &str| s.trim().trim_start_matches('#').trim().to_owned();
    for (i, line) in head.iter().enumerate() {
        let key = label_key(line);
        if key.chars().count() > 60 {
            continue;
        }
        if key.contains("报告") && (key.contains("政府信息公开") || key.contains("年度"))
        {
            let mut title = clean(line);
            let mut first = i;
            if (key.starts_with("年度报告")
                || key.starts_with("工作年度报告")
                || key.starts_with("信息公开工作"))
                && let Some(prev) = (0..i).rev().find(|&j| !head[j].trim().is_empty())
            {
                title = format!("{}{}", clean(head[prev]), title);
                first = prev;
            }
            return (Some(title), Some(first + 1));
        }
        if (key.ends_with("政府信息公开工作")
            || key.ends_with("政府信息公开")
            || key.ends_with("年度政府"))
            && let Some(next) = head[i + 1..].iter().find(|l| !l.trim().is_empty())
        {
            let nk = label_key(next);
            if nk.contains("报告") && nk.chars().count() <= 12 {
                return (Some(format!("{}{}", clean(line), clean(next))), Some(i + 1));
            }
        }
    }
    (None, None)
}

/// `2020 年…`, `淮安市人民政府2024年…` → the agency named before or after the year.
fn agency_in_title(title: &str) -> Option<String> {
    let key = label_key(title);
    let chars: Vec<char> = key.chars().collect();
    let year_at = (0..chars.len().saturating_sub(4)).find(|&i| is_year_at(&chars, i));
    let candidate: String = match year_at {
        Some(0) => {
            let rest: String = chars[4..].iter().collect();
            let rest = rest.trim_start_matches('年').trim_start_matches('度');
            rest.split("政府信息公开").next().unwrap_or("").to_owned()
        }
        Some(i) => chars[..i].iter().collect(),
        None => key.split("政府信息公开").next().unwrap_or("").to_owned(),
    };
    let candidate = candidate.trim_end_matches("关于").to_owned();
    (candidate.chars().count() >= 3 && candidate.chars().all(is_han)).then_some(candidate)
}

fn is_year_at(chars: &[char], i: usize) -> bool {
    chars.len() >= i + 4
        && chars[i..i + 4].iter().all(char::is_ascii_digit)
        && (chars[i] == '2' || chars[i] == '1')
        && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
        && (i == 0 || !chars[i - 1].is_ascii_digit())
}

/// The agency on its own line above the title (`海原县审批服务管理局`).
fn agency_line_above(head: &[&str], title_line: usize) -> Option<String> {
    let above = (0..title_line.saturating_sub(1))
        .rev()
        .find(|&j| !head[j].trim().is_empty())?;
    let name = label_key(head[above]);
    (name.chars().count() <= 30
        && name.chars().all(is_han)
        && AGENCY_SUFFIXES.iter().any(|s| name.ends_with(s)))
    .then_some(name)
}

/// A body that names its own agency (`“榆林市榆阳区卫生健康局公众号平台”`): the first name
/// with a place prefix and an agency ending whose kind the text also uses for itself (我局).
fn agency_in_body(body: &str) -> Option<String> {
    let text = fold(body);
    let chars: Vec<char> = text.chars().collect();
    let own = ["局", "委", "办", "厅"]
        .into_iter()
        .find(|k| text.contains(&format!("我{k}")) || text.contains(&format!("本{k}")));
    for suffix in AGENCY_SUFFIXES {
        if own.is_some_and(|o| !suffix.ends_with(o) && !suffix.starts_with(o)) {
            continue;
        }
        let s: Vec<char> = suffix.chars().collect();
        for end in s.len()..=chars.len() {
            if chars[end - s.len()..end] != s[..] {
                continue;
            }
            let start = (0..end - s.len())
                .rev()
                .take_while(|&j| is_han(chars[j]))
                .last()
                .unwrap_or(end - s.len());
            let name: String = chars[start..end].iter().collect();
            let n = name.chars().count();
            if (6..=24).contains(&n)
                && !name.contains(['我', '的', '在', '和', '与'])
                && name.chars().take(n - 2).any(|c| "省市县区州旗".contains(c))
            {
                return Some(name);
            }
        }
    }
    None
}

/// The years a comparison export sets side by side (`年份 : 2023 vs 2024`, `2023 年报告 2024 年报告`),
/// ascending; empty for an ordinary report. Only the first lines are looked at, and only when
/// they call the file a comparison.
pub fn comparison_years(lines: &[&str]) -> Vec<i32> {
    let head: Vec<String> = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .take(6)
        .map(|l| fold(l))
        .collect();
    // A short title line calling it a comparison, or `2023 vs 2024`; prose that compares with
    // last year (`与2023年对比`) is a long line and does not count.
    let is_comparison = head.iter().any(|l| {
        let lower = l.to_lowercase();
        (l.chars().count() <= 30 && (l.contains("比对") || l.contains("对比")))
            || lower.contains(" vs ")
    });
    if !is_comparison {
        return Vec::new();
    }
    for line in &head {
        let chars: Vec<char> = line.chars().collect();
        let mut years: Vec<i32> = (0..chars.len())
            .filter(|&i| is_year_at(&chars, i))
            .filter_map(|i| chars[i..i + 4].iter().collect::<String>().parse().ok())
            .filter(|y| (2000..=2099).contains(y))
            .collect();
        years.sort_unstable();
        years.dedup();
        if (2..=4).contains(&years.len()) {
            return years;
        }
    }
    Vec::new()
}

/// The first plausible report year (2000–2099) followed by 年.
fn first_year(text: &str) -> Option<i32> {
    // Line by line, stopping at the first: a year and its 年 never span a line break.
    let mut chars: Vec<char> = Vec::new();
    text.lines().find_map(|line| {
        chars.clear();
        chars.extend(line.chars().map(fold_char));
        first_year_in(&chars)
    })
}

fn first_year_in(chars: &[char]) -> Option<i32> {
    (0..chars.len()).find_map(|i| {
        if !is_year_at(chars, i) {
            return None;
        }
        let after = chars[i + 4..].iter().find(|c| **c != ' ');
        if after != Some(&'年') {
            return None;
        }
        let y: String = chars[i..i + 4].iter().collect();
        y.parse::<i32>().ok().filter(|y| (2000..=2099).contains(y))
    })
}

/// Which template the table labels follow (by which version's own labels outnumber the
/// other's), and the labels of the other version seen.
pub fn detect_template(
    table_text: &[(usize, &str)],
    year: Option<i32>,
) -> (Template, Vec<ForeignLabel>) {
    let mut seen: Vec<(&str, Template, usize)> = Vec::new();
    for (line, key) in table_text {
        for (label, t) in VERSION_MARKERS {
            // Applicant columns are the same in both forms (report-model.md's correction):
            // they say nothing about the version.
            if APPLICANT_LABELS.contains(&label) {
                continue;
            }
            if key.contains(label)
                && !(label == "社会组织" && key.contains("社会公益组织"))
                && !seen.iter().any(|s| s.0 == label)
            {
                seen.push((label, t, *line));
            }
        }
    }
    let count = |t: Template| seen.iter().filter(|s| s.1 == t).count();
    let (a, b) = (count(Template::V2019), count(Template::V2021));
    let template = if a > b {
        Template::V2019
    } else if b > a {
        Template::V2021
    } else {
        year.map_or(Template::V2021, Template::for_year)
    };
    let foreign = seen
        .into_iter()
        .filter(|s| s.1 != template)
        .map(|(label, t, line)| ForeignLabel {
            label: label.to_owned(),
            template: t,
            line,
        })
        .collect();
    (template, foreign)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_from_titles() {
        assert_eq!(
            agency_in_title("淮安市人民政府2024年政府信息公开工作年度报告").as_deref(),
            Some("淮安市人民政府")
        );
        assert_eq!(
            agency_in_title("2025 年上海市人民政府办公厅政府信息公开工作年度报告").as_deref(),
            Some("上海市人民政府办公厅")
        );
        assert_eq!(agency_in_title("政府信息公开工作年度报告"), None);
    }

    #[test]
    fn agency_from_body() {
        let body =
            "我局尽量在“榆阳区人民政府门户网站”和“榆林市榆阳区卫生健康局公众号平台”予以公开。";
        assert_eq!(
            agency_in_body(body).as_deref(),
            Some("榆林市榆阳区卫生健康局")
        );
    }

    #[test]
    fn comparison_exports_name_their_years() {
        let lines = [
            "宿迁市 政务公开年报⽐对",
            "年份 : 2023 vs 2024 文字重复率 : 42%",
        ];
        assert_eq!(comparison_years(&lines), vec![2023, 2024]);
        let report = [
            "2024年政府信息公开工作年度报告",
            "2023年1月1日至2023年12月31日",
        ];
        assert!(comparison_years(&report).is_empty());
    }

    #[test]
    fn year_is_the_one_followed_by_nian() {
        assert_eq!(first_year("索引号2020-00340，2019年报告"), Some(2019));
    }
}
