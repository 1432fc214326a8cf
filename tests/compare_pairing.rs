//! Pairing each report with the same agency's report of the year before (`yoy.pairing`).

use std::path::PathBuf;

use nianbao::compare::{
    is_prior_by_name, is_prior_of, name_year, normalize_agency, pair_priors, same_agency,
};
use nianbao::model::{Report, Template};
use nianbao::session::candidate_files;

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
fn a_place_left_out_one_year_is_still_the_same_agency() {
    // rules.md, yoy.pairing: `区财政局` / `某某区财政局`, with or without the city above.
    let current = report(Some("榆林市横山区行政审批服务局"), Some(2020));
    let prior = report(Some("横山区行政审批服务局"), Some(2019));
    assert!(is_prior_of(&prior, &current));
    assert_eq!(pair_priors(&[current, prior]), [Some(1), None]);
    assert!(same_agency("区财政局", "某某区财政局"));
    assert!(same_agency(
        "上海市科学技术委员会（市科委）",
        "上海市科学技术委员会"
    ));
    // The shorter name must end the longer: the government and its office stay apart.
    assert!(!same_agency("某某区人民政府", "某某区人民政府办公室"));
    assert!(!same_agency("周村区行政审批服务局", "横山区行政审批服务局"));
}

#[test]
fn an_exact_name_is_preferred_to_a_tolerant_one() {
    let reports = [
        report(Some("榆林市横山区行政审批服务局"), Some(2020)),
        report(Some("横山区行政审批服务局"), Some(2019)),
        report(Some("榆林市横山区行政审批服务局"), Some(2019)),
    ];
    assert_eq!(pair_priors(&reports), [Some(2), None, None]);
}

#[test]
fn file_names_pair_by_their_year() {
    let p = |s: &str| PathBuf::from(s);
    assert_eq!(
        name_year(&p("samples/yuyang-health-2021.txt")),
        Some(("yuyang-health-####".to_string(), 2021))
    );
    assert!(is_prior_by_name(
        &p("samples/yuyang-health-2020.txt"),
        &p("x/yuyang-health-2021.pdf")
    ));
    assert!(!is_prior_by_name(
        &p("samples/yuyang-health-2019.txt"),
        &p("samples/yuyang-health-2021.txt")
    ));
    assert!(!is_prior_by_name(
        &p("samples/zhoucun-approval-2020.txt"),
        &p("samples/yuyang-health-2021.txt")
    ));
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

#[path = "support/corpus.rs"]
mod corpus;

/// Pairing (a batch's, and the prior looked for beside a file) reads only a report's header;
/// it must name the agency and year the whole parse does, for every real report: the samples
/// and the corpus, a comparison export (`suqian`, read as its latest year) and one-line web
/// pages among them.
#[test]
fn the_header_pairing_reads_names_what_the_whole_parse_does() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let folders = [root.join("samples"), corpus::corpus_dir()];
    let files = nianbao::session::Folder::find(&folders).files;
    assert!(files.len() > 20, "only {} reports found", files.len());
    for path in files {
        let Ok(source) = nianbao::read::read_path(&path) else {
            continue;
        };
        let report = nianbao::parse::parse(&source);
        assert_eq!(
            nianbao::parse::identity(&source),
            (report.meta.agency.clone(), report.meta.year),
            "{}",
            path.display()
        );
    }
}
