//! The title, agency and year of a report, whatever way its title is set. Every text report
//! at hand whose title names its agency and year is given its title in the other ways real
//! reports set it, and must read the same agency and year with no `meta.title` finding.

#[path = "support/corpus.rs"]
mod corpus;

use nianbao::model::Report;
use nianbao::rules::{self, RuleSet};

fn read(text: &str) -> Report {
    let source = nianbao::read::read_bytes("t.txt", text.as_bytes()).expect("reads");
    nianbao::parse::parse(&source)
}

/// The rules that fire, but for `meta.title`, and whether `meta.title` does.
fn findings(report: &Report) -> (Vec<String>, bool) {
    let all = rules::check(report, None, &RuleSet::builtin());
    let title = all.iter().any(|f| f.rule == "meta.title");
    let rest = all
        .into_iter()
        .filter(|f| f.rule != "meta.title")
        .map(|f| format!("{} {:?}", f.rule, f.cells))
        .collect();
    (rest, title)
}

/// `year` in Chinese numerals, with `zero` for its zeros (`〇`, `○` typed for it, `零`).
fn chinese_year(year: i32, zero: char) -> String {
    let digits = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    year.to_string()
        .chars()
        .map(|d| match d.to_digit(10) {
            Some(0) => zero,
            Some(n) => digits[n as usize],
            None => d,
        })
        .collect()
}

/// The text with its `line`-th line (1-based) replaced by `with` (which may hold line breaks).
fn replace_line(text: &str, line: usize, with: &str) -> String {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| if i + 1 == line { with } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_title_set_any_way_names_the_same_agency_and_year() {
    let mut tried = 0;
    let mut failures = Vec::new();
    for path in corpus::text_reports() {
        let text = std::fs::read_to_string(&path).expect("utf-8 text");
        let report = read(&text);
        let (plain, title_finding) = findings(&report);
        let (Some(title), Some(line), Some(agency), Some(year)) = (
            report.meta.title.clone(),
            report.meta.title_line,
            report.meta.agency.clone(),
            report.meta.year,
        ) else {
            continue;
        };
        let y = year.to_string();
        // Titles set on one line of their own that name both, as the form asks.
        if title_finding
            || text.lines().count() < 5
            || !title.contains(&agency)
            || !title.contains(&y)
            || !text
                .split('\n')
                .nth(line - 1)
                .is_some_and(|l| l.contains(title.as_str()))
        {
            continue;
        }
        tried += 1;
        let without_agency = title.replacen(&agency, "", 1);
        let variants = [
            ("year 〇", title.replacen(&y, &chinese_year(year, '〇'), 1)),
            ("year ○", title.replacen(&y, &chinese_year(year, '○'), 1)),
            ("year 零", title.replacen(&y, &chinese_year(year, '零'), 1)),
            ("关于…的报告", format!("关于{title}的报告")),
            ("《…》", format!("《{title}》")),
            (
                "breadcrumb above",
                format!("首页 > 政务公开 > 政府信息公开年度报告\n{title}"),
            ),
            ("agency below", format!("{without_agency}\n（{agency}）")),
            (
                "letter",
                format!(
                    "市政府办公室：\n根据《中华人民共和国政府信息公开条例》要求，现将{title}报告如下："
                ),
            ),
        ];
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        for (kind, with) in variants {
            let variant = read(&replace_line(&text, line, &with));
            let (rest, title_finding) = findings(&variant);
            let got = (variant.meta.agency.as_deref(), variant.meta.year);
            if got != (Some(agency.as_str()), Some(year)) || title_finding || rest != plain {
                failures.push(format!(
                    "{name:?} {kind}: agency {:?} year {:?}, meta.title {title_finding}, other \
                     findings {}",
                    got.0,
                    got.1,
                    if rest == plain { "same" } else { "changed" }
                ));
            }
        }
    }
    assert!(
        tried >= 3,
        "only {tried} reports have a one-line title naming both"
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
