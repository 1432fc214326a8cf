//! The batch summary table: one row per report, aligned by display width (Chinese is double
//! width), sortable.

use nianbao::session::order::{self, AgencyKey};
use nianbao::{Lang, Report};

use super::args::SortKey;
use super::config::Settings;
use super::human::Counts;
use super::style::Style;

/// One report's line in the summary.
#[derive(Debug, Clone)]
pub struct SummaryRow {
    /// Agency, or `?`.
    pub agency: String,
    /// Its place in the agency order (pinyin, unknown last), as the inbox sorts.
    pub agency_key: AgencyKey,
    /// Report year.
    pub year: Option<i32>,
    /// Template.
    pub template: String,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Review state, as words.
    pub state: String,
    /// The file.
    pub path: String,
}

impl SummaryRow {
    /// The row for a checked report.
    pub fn new(
        report: &Report,
        prior: Option<&Report>,
        findings: &[nianbao::Finding],
        counts: Counts,
        settings: &Settings,
        store: Option<&nianbao::review::Store>,
    ) -> SummaryRow {
        SummaryRow {
            // An agency that could not be found shows as such, not as an empty column.
            agency: report.meta.agency.clone().unwrap_or_else(|| "?".into()),
            agency_key: AgencyKey::new(report.meta.agency.as_deref()),
            year: report.meta.year,
            template: report.meta.template.as_str().into(),
            errors: counts.errors,
            warnings: counts.warnings,
            state: super::review_state::state_word(report, prior, findings, settings, store),
            path: report.source.path.clone(),
        }
    }
}

/// Reorder rows for `--sort`: by the key, then by agency (pinyin) and year (newest first) so
/// an agency's years stay together; the orders of [`nianbao::session::order`], as the inbox
/// sorts. Stable, so full ties keep input order.
pub fn sort(rows: &mut [SummaryRow], key: SortKey) {
    use std::cmp::Reverse;
    let agency_year = |a: &SummaryRow, b: &SummaryRow| {
        order::agency_then_year((&a.agency_key, a.year), (&b.agency_key, b.year))
    };
    match key {
        SortKey::Input => {}
        SortKey::Agency => rows.sort_by(agency_year),
        SortKey::Year => rows.sort_by(|a, b| {
            order::year_then_agency((&a.agency_key, a.year), (&b.agency_key, b.year))
        }),
        SortKey::Errors => rows.sort_by(|a, b| {
            Reverse((a.errors, a.warnings))
                .cmp(&Reverse((b.errors, b.warnings)))
                .then_with(|| agency_year(a, b))
        }),
        SortKey::Warnings => rows.sort_by(|a, b| {
            Reverse((a.warnings, a.errors))
                .cmp(&Reverse((b.warnings, b.errors)))
                .then_with(|| agency_year(a, b))
        }),
        SortKey::State => {
            rows.sort_by(|a, b| a.state.cmp(&b.state).then_with(|| agency_year(a, b)))
        }
    }
}

/// The table as text.
pub fn table(rows: &[SummaryRow], lang: Lang, style: Style) -> String {
    let head = [
        lang.pick("机关", "agency"),
        lang.pick("年度", "year"),
        lang.pick("模板", "template"),
        lang.pick("错误", "errors"),
        lang.pick("警告", "warnings"),
        lang.pick("审核状态", "review"),
        lang.pick("文件", "file"),
    ];
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            [
                r.agency.clone(),
                r.year.map(|y| y.to_string()).unwrap_or_else(|| "?".into()),
                r.template.clone(),
                r.errors.to_string(),
                r.warnings.to_string(),
                r.state.clone(),
                r.path.clone(),
            ]
        })
        .collect();
    super::columns::render(head, &cells, style)
}
