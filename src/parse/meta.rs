//! Report metadata: title, agency, report year, and the template the tables follow.

use super::labels::VERSION_MARKERS;
use super::normalize::{fold, fold_char, is_han, label_key, label_key_cow};
use crate::fast_str::Trim;
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
///
/// The agency comes, in order, from the title (the words before the year, or the line set
/// above it), a publisher line (`来源：` `发布机构：` `发布单位：`), the closing signature
/// (report-model.md). Never from the narrative or from a notice the report cites: when none of
/// these names one it is `None`, and `meta.title` says so.
pub fn read_meta(lines: &[&str], head_end: usize, body: &str) -> Meta {
    let head = &lines[..head_end.min(lines.len())];
    let field = |name: &str| {
        head.iter().enumerate().find_map(|(i, l)| {
            // A value stands in the cell after its name's: a line without a pipe has none.
            memchr::memchr(b'|', l.as_bytes())?;
            let mut cells = l.split('|').map(str::trim);
            cells.position(|c| label_key_cow(c).contains(name))?;
            let value = cells.next().filter(|v| !v.is_empty())?;
            Some((i, value.to_owned()))
        })
    };
    let (title, title_line) = match field("名称") {
        Some((i, t)) => (Some(t), Some(i + 1)),
        None => match find_title(head) {
            (Some(t), l) => (Some(t), l),
            // A web page copied as one line: the title sits among the site's words.
            _ => inline_title(head.iter().chain(lines.get(head_end)).copied()),
        },
    };
    let publisher = field("发布机构")
        .map(|(_, v)| v)
        .or_else(|| publisher_line(head.iter().chain(lines.get(head_end)).copied()))
        .filter(|a| is_agency_name(a));
    let agency = title
        .as_deref()
        .and_then(agency_in_title)
        .or_else(|| title_line.and_then(|l| agency_line_above(head, l)))
        .or_else(|| title_line.and_then(|l| agency_line_below(head, l)))
        .or(publisher)
        .or_else(|| signature(lines));
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

/// Words a government site prints before the title on a copied page (breadcrumbs, column
/// names), longest first.
const CHROME_BEFORE_TITLE: [&str; 8] = [
    "政府信息公开工作年度报告",
    "政府信息公开年度报告",
    "政府信息公开年报",
    "信息公开年报",
    "政府信息公开",
    "政务公开",
    "年度报告",
    "年报",
];

/// Words that end a publisher's name on a copied page (`来源：某某区人民政府时间：…`).
const AFTER_PUBLISHER: [&str; 10] = [
    "发布时间",
    "时间",
    "日期",
    "字号",
    "浏览",
    "点击",
    "作者",
    "发文",
    "索引",
    "打印",
];

/// The title inside a line that also holds the site's words (`当前位置：首页>…>政府信息公开年报
/// 某某区市场监督管理局2021年度政府信息公开工作年度报告来源：…`): from after the last
/// breadcrumb separator to the first `…年度报告` / `…工作报告`, breadcrumb words stripped.
fn inline_title<'a>(lines: impl Iterator<Item = &'a str>) -> (Option<String>, Option<usize>) {
    for (i, line) in lines.enumerate() {
        let text: String = line.chars().map(fold_char).collect();
        let Some(end) = ["工作年度报告", "年度报告", "工作报告", "工作的报告"]
            .iter()
            .filter_map(|w| text.find(w).map(|p| p + w.len()))
            .min()
        else {
            continue;
        };
        let before = &text[..end];
        let start = before.rfind(['>', '＞', '》', '|']).map_or(0, |p| {
            p + before[p..].chars().next().map_or(1, char::len_utf8)
        });
        let mut title = before[start..].trim_ws();
        if let Some(p) = title.rfind("当前位置：") {
            title = title[p + "当前位置：".len()..].trim_ws();
        }
        // A report written as a letter names itself in a sentence (`根据…要求，现将某某局2020年
        // 政府信息公开工作年度报告如下`): the title is the clause's words after 现将.
        if let Some(p) = title.rfind(['，', ',', '：', '。', '；']) {
            let clause = title[p..].trim_start_matches(['，', ',', '：', '。', '；']);
            let clause = ["现将", "特将", "将"]
                .iter()
                .find_map(|w| clause.strip_prefix(w))
                .unwrap_or(clause);
            if first_year(clause).is_some() {
                title = clause.trim_ws();
            }
        }
        // Breadcrumb words run into the title: drop them while a year still follows.
        'strip: loop {
            for w in CHROME_BEFORE_TITLE {
                if let Some(rest) = title.strip_prefix(w)
                    && first_year(rest).is_some()
                {
                    title = rest.trim_start_ws();
                    continue 'strip;
                }
            }
            break;
        }
        if title.chars().count() <= 60 && first_year(title).is_some() {
            return (Some(title.to_owned()), Some(i + 1));
        }
    }
    (None, None)
}

/// A publisher line: `来源：X`, `发布机构：X`, `发布单位：X` (or `[ 发布机构 ] X`), the name
/// ending where the site's next field begins.
fn publisher_line<'a>(lines: impl Iterator<Item = &'a str>) -> Option<String> {
    for line in lines {
        let text = label_key(line);
        for field in [
            "发布机构：",
            "发布单位：",
            "信息来源：",
            "来源：",
            "发布机构］",
            "发布机构]",
        ] {
            let Some(p) = text.find(field) else { continue };
            let rest = &text[p + field.len()..];
            let end = AFTER_PUBLISHER
                .iter()
                .filter_map(|w| rest.find(w))
                .chain(rest.find(|c: char| !is_han(c) && c != '（' && c != '）'))
                .min()
                .unwrap_or(rest.len());
            let name = rest[..end].trim_ws();
            if is_agency_name(name) {
                return Some(name.to_owned());
            }
        }
    }
    None
}

/// The closing signature: among the last lines (after the site's own words), a line that is
/// an agency's name alone.
fn signature(lines: &[&str]) -> Option<String> {
    lines
        .iter()
        .rev()
        .map(|l| label_key(l))
        .filter(|l| !l.is_empty())
        .take(6)
        .find(|l| is_agency_name(l) && AGENCY_SUFFIXES.iter().any(|s| l.ends_with(s)))
}

/// Whether text reads as an agency's name, not a phrase of the narrative or a notice: a few
/// to thirty ideographs (a parenthesised short name allowed), none of the words prose uses.
fn is_agency_name(name: &str) -> bool {
    const PROSE: [&str; 14] = [
        "没有", "未", "本年", "本局", "我", "的", "关于", "通知", "报告", "针对", "因", "根据",
        "年度", "进行",
    ];
    let n = name.chars().count();
    (3..=30).contains(&n)
        && name.chars().all(|c| is_han(c) || c == '（' || c == '）')
        && !PROSE.iter().any(|w| name.contains(w))
}

/// The first line naming the report (`…年度报告`, `…工作报告`), joined with the line before or
/// after when the title was broken.
fn find_title(head: &[&str]) -> (Option<String>, Option<usize>) {
    let clean = |s: &str| without_book_marks(s.trim_ws().trim_start_matches('#')).to_owned();
    for (i, line) in head.iter().enumerate() {
        let key = label_key_cow(without_book_marks(line));
        // Prose, a notice the report cites (`…关于编制公布…年度报告有关事项的通知`), or the
        // site's breadcrumb (`首页 > 政务公开 > 年度报告`).
        if key.chars().count() > 60
            || key.contains("通知")
            || key.contains('《')
            || key.contains(['>', '＞'])
            || key.starts_with("当前位置")
        {
            continue;
        }
        if key.contains("报告") && (key.contains("政府信息公开") || key.contains("年度"))
        {
            let mut title = clean(line);
            let mut first = i;
            if (key.starts_with("年度报告")
                || key.starts_with("工作年度报告")
                || key.starts_with("信息公开工作"))
                && let Some(prev) = (0..i).rev().find(|&j| !head[j].trim_ws().is_empty())
            {
                title = format!("{}{}", clean(head[prev]), title);
                first = prev;
            }
            return (Some(title), Some(first + 1));
        }
        if (key.ends_with("政府信息公开工作")
            || key.ends_with("政府信息公开")
            || key.ends_with("年度政府"))
            && let Some(next) = head[i + 1..].iter().find(|l| !l.trim_ws().is_empty())
        {
            let nk = label_key(next);
            if nk.contains("报告") && nk.chars().count() <= 12 {
                return (Some(format!("{}{}", clean(line), clean(next))), Some(i + 1));
            }
        }
    }
    (None, None)
}

/// A line that is only a title in book-title marks (`《…年度报告》`): the title, trimmed.
/// Otherwise the line trimmed (a line citing 《条例》 keeps its marks).
fn without_book_marks(line: &str) -> &str {
    let t = line.trim_ws();
    match t.strip_prefix('《').and_then(|t| t.strip_suffix('》')) {
        Some(inner) if !inner.contains(['《', '》']) => inner.trim_ws(),
        _ => t,
    }
}

/// `2020 年…`, `淮安市人民政府2024年…` → the agency named before or after the year.
fn agency_in_title(title: &str) -> Option<String> {
    let key = label_key(title);
    let chars: Vec<char> = key.chars().collect();
    let year_at = (0..chars.len().saturating_sub(4)).find(|&i| year_at(&chars, i).is_some());
    let candidate: String = match year_at {
        Some(0) => {
            let rest: String = chars[4..].iter().collect();
            let rest = rest.trim_start_matches('年').trim_start_matches('度');
            rest.split("政府信息公开").next().unwrap_or("").to_owned()
        }
        Some(i) => chars[..i].iter().collect(),
        None => key.split("政府信息公开").next().unwrap_or("").to_owned(),
    };
    // `关于某某局2020年度…的报告`: the agency stands after 关于.
    let mut candidate = candidate
        .trim_end_matches("关于")
        .trim_start_matches("关于")
        .to_owned();
    // A breadcrumb's last item run into the title (`政府信息公开年报周村区…`) is the site's.
    while let Some(rest) = CHROME_BEFORE_TITLE
        .iter()
        .find_map(|w| candidate.strip_prefix(w).filter(|r| is_agency_name(r)))
    {
        candidate = rest.to_owned();
    }
    // A cited notice (`…办公厅关于编制公布…的通知`) is not the report's title.
    if key.contains("通知") {
        return None;
    }
    is_agency_name(&candidate).then_some(candidate)
}

/// The year written at `i`, in digits (`2020`) or in Chinese numerals (`二〇二〇`, `二○二〇`,
/// `二零二零`), and not part of a longer number.
fn year_at(chars: &[char], i: usize) -> Option<i32> {
    let four = chars.get(i..i + 4)?;
    let ascii = matches!(four[0], '1' | '2');
    let value = |c: char| {
        if ascii {
            c.to_digit(10)
        } else {
            chinese_digit(c)
        }
    };
    if !(ascii || four[0] == '二') {
        return None;
    }
    let alone = |c: Option<&char>| c.is_none_or(|&c| value(c).is_none());
    if !alone(chars.get(i + 4)) || !alone(i.checked_sub(1).and_then(|p| chars.get(p))) {
        return None;
    }
    four.iter()
        .try_fold(0u32, |y, &c| Some(y * 10 + value(c)?))
        .and_then(|y| i32::try_from(y).ok())
}

/// Whether `text` writes `year`, in digits or in Chinese numerals ([`year_at`]).
pub fn names_year(text: &str, year: i32) -> bool {
    let chars: Vec<char> = text.chars().map(fold_char).collect();
    (0..chars.len()).any(|i| year_at(&chars, i) == Some(year))
}

/// A digit of a year written in Chinese numerals (`〇` and the `○` typed for it, `零`).
fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The agency on its own line right below the title, as some set it (`（海原县审批服务管理局）`).
fn agency_line_below(head: &[&str], title_line: usize) -> Option<String> {
    let below = head
        .get(title_line..)?
        .iter()
        .find(|l| !l.trim_ws().is_empty())?;
    let key = label_key(below);
    let name = key
        .strip_prefix('（')
        .and_then(|k| k.strip_suffix('）'))
        .unwrap_or(&key);
    (is_agency_name(name) && AGENCY_SUFFIXES.iter().any(|s| name.ends_with(s)))
        .then(|| name.to_owned())
}

/// The agency on its own line above the title (`海原县审批服务管理局`).
fn agency_line_above(head: &[&str], title_line: usize) -> Option<String> {
    let above = (0..title_line.saturating_sub(1))
        .rev()
        .find(|&j| !head[j].trim_ws().is_empty())?;
    let name = label_key(head[above]);
    (name.chars().count() <= 30
        && name.chars().all(is_han)
        && AGENCY_SUFFIXES.iter().any(|s| name.ends_with(s)))
    .then_some(name)
}

/// The years a comparison export sets side by side (`年份 : 2023 vs 2024`, `2023 年报告 2024 年报告`),
/// ascending; empty for an ordinary report. Only the first lines are looked at, and only when
/// they call the file a comparison.
pub fn comparison_years(lines: &[&str]) -> Vec<i32> {
    let head: Vec<String> = lines
        .iter()
        .filter(|l| !l.trim_ws().is_empty())
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
            .filter_map(|i| year_at(&chars, i))
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
        let y = year_at(chars, i)?;
        let after = chars[i + 4..].iter().find(|c| **c != ' ');
        (after == Some(&'年') && (2000..=2099).contains(&y)).then_some(y)
    })
}

/// Every [`VERSION_MARKERS`] label, searched for at once.
static MARKERS: std::sync::LazyLock<crate::fast_str::Words> = std::sync::LazyLock::new(|| {
    crate::fast_str::Words::new(VERSION_MARKERS.iter().map(|(label, _)| label))
        .expect("a handful of fixed labels always build")
});

/// Which template the table labels follow (by which version's own labels outnumber the
/// other's), and the labels of the other version seen.
pub fn detect_template(
    table_text: &[(usize, &str)],
    year: Option<i32>,
) -> (Template, Vec<ForeignLabel>) {
    let mut seen: Vec<(&str, Template, usize)> = Vec::new();
    // One search for every marker in every token at once: the keys joined by line breaks,
    // which neither a key nor a marker holds (a search per token paid its set-up on every
    // short label, a `contains` per marker per token was a twentieth of parsing).
    let mut joined = String::with_capacity(table_text.iter().map(|(_, k)| k.len() + 1).sum());
    let mut starts = Vec::with_capacity(table_text.len());
    for (_, key) in table_text {
        starts.push(joined.len());
        joined.push_str(key);
        joined.push('\n');
    }
    // (token, marker) once each, by token, then in the markers' own order.
    let mut hits: Vec<(usize, usize)> = Vec::new();
    MARKERS.each(&joined, |start, _, marker| {
        let token = starts.partition_point(|&s| s <= start) - 1;
        hits.push((token, marker));
        true
    });
    hits.sort_unstable();
    hits.dedup();
    for (token, marker) in hits {
        let (line, key) = &table_text[token];
        let (label, t) = &VERSION_MARKERS[marker];
        // Applicant columns are the same in both forms (report-model.md's correction): they
        // say nothing about the version.
        if APPLICANT_LABELS.contains(label) {
            continue;
        }
        // 社会组织 inside 社会公益组织 is the 2021 column, not the 2019 one.
        let inside_2021 = *label == "社会组织" && key.contains("社会公益组织");
        if !inside_2021 && !seen.iter().any(|s| s.0 == *label) {
            seen.push((*label, *t, *line));
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
