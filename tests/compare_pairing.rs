//! Pairing each report with the same agency's report of the year before (`yoy.pairing`).

use std::path::PathBuf;

use nianbao::compare::{candidate_files, is_prior_of, normalize_agency, pair_priors};
use nianbao::model::{Report, Template};

fn report(agency: Option<&str>, year: Option<i32>) -> Report {
    let mut r = Report::empty(Template::for_year(year.unwrap_or(2021)));
    r.meta.agency = agency.map(str::to_owned);
    r.meta.year = year;
    r
}

#[test]
fn each_report_pairs_with_the_same_agency_one_year_earlier() {
    let reports = [
        report(Some("周村区行政审批服务局"), Some(2020)),
        report(Some("榆林市横山区行政审批服务局"), Some(2019)),
        report(Some("周村区行政审批服务局"), Some(2019)),
        report(Some("榆林市横山区行政审批服务局"), Some(2020)),
        report(Some("周村区行政审批服务局"), Some(2018)),
    ];
    assert_eq!(
        pair_priors(&reports),
        [Some(2), None, Some(4), Some(1), None]
    );
    let refs: Vec<&Report> = reports.iter().collect();
    assert_eq!(pair_priors(&refs), pair_priors(&reports));
}

#[test]
fn white_space_and_bracket_widths_do_not_matter() {
    let reports = [
        report(
            Some("榆林市榆阳区卫生健康局（榆阳区中医药管理局）"),
            Some(2021),
        ),
        report(
            Some(" 榆林市榆阳区卫生健康局 (榆阳区中医药管理局)\u{3000}"),
            Some(2020),
        ),
    ];
    assert_eq!(pair_priors(&reports), [Some(1), None]);
    assert_eq!(
        normalize_agency("榆林市 榆阳区（卫生）"),
        normalize_agency("榆林市榆阳区(卫生)")
    );
}

#[test]
fn a_city_prefix_is_not_guessed_away() {
    let current = report(Some("榆林市横山区行政审批服务局"), Some(2020));
    let prior = report(Some("横山区行政审批服务局"), Some(2019));
    assert!(!is_prior_of(&prior, &current));
    assert_eq!(pair_priors(&[current, prior]), [None, None]);
}

#[test]
fn a_report_without_agency_or_year_pairs_with_nothing() {
    let reports = [
        report(None, Some(2021)),
        report(None, Some(2020)),
        report(Some("周村区行政审批服务局"), None),
        report(Some("周村区行政审批服务局"), Some(2019)),
    ];
    assert_eq!(pair_priors(&reports), [None, None, None, None]);
}

#[test]
fn two_years_apart_or_the_same_year_is_not_a_prior() {
    let current = report(Some("周村区行政审批服务局"), Some(2021));
    assert!(!is_prior_of(
        &report(Some("周村区行政审批服务局"), Some(2019)),
        &current
    ));
    assert!(!is_prior_of(
        &report(Some("周村区行政审批服务局"), Some(2021)),
        &current
    ));
    assert!(!is_prior_of(
        &current,
        &report(Some("周村区行政审批服务局"), Some(2020))
    ));
}

#[test]
fn candidate_files_are_alike_by_name_and_exclude_the_report_itself() {
    let path = PathBuf::from("samples/hengshan-approval-2020.txt");
    let files: Vec<PathBuf> = [
        "samples/hengshan-approval-2020.txt",
        "samples/hengshan-approval-2019.txt",
        "samples/README.md",
        "samples/yulin-hitech-2019.txt",
        "samples/zhoucun-approval-2019.txt",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    let found = candidate_files(&path, &files);
    assert_eq!(
        found.first(),
        Some(&PathBuf::from("samples/hengshan-approval-2019.txt"))
    );
    assert!(!found.contains(&path));
    assert!(!found.contains(&PathBuf::from("samples/README.md")));
    assert!(!found.contains(&PathBuf::from("samples/yulin-hitech-2019.txt")));
}
