//! Narrative comparison: similarity of a section with last year's, and a diff that reads well
//! for Chinese (`spec/rules.md`, `yoy.copied_text`; `STYLE.md`, text diff).

use nianbao::compare::{NarrativeDiff, Run, RunKind, diff_runs, narrative_diff, narrative_diffs};
use nianbao::model::{Report, SectionId, Template};

const LAST_YEAR: &str = "2019年，在区委、区政府的正确领导下，区行政审批服务局在政府信息公开工作方面加强了组织领导，狠抓了制度建设，并取得了一定的成效。但目前局信息公开的工作与公众的需求还存在一些差距，在深化公开内容、规范政府信息公开行为、加强基础性工作方面存在不足。针对上述问题，2020年我局将进一步贯彻落实政府信息公开工作，重点做好以下四个方面工作：\n一是加大工作推进力度。确定的政府信息公开范围，及时发布和更新依法应主动公开的政府信息，确保政府信息及时公开。";

const NEAR_COPY: &str = "2020年，在区委、区政府的正确领导下，区行政审批服务局在政府信息公开工作方面加强了组织领导，狠抓了制度建设，并取得了一定的成效。但目前局信息公开的工作与公众的需求还存在一些差距，在深化公开内容、规范政府信息公开行为、加强基础性工作方面存在不足。针对上述问题，2021年我局将进一步贯彻落实政府信息公开工作，重点做好以下四个方面工作：\n一是加大工作推进力度。确定的政府信息公开范围，及时发布和更新依法应主动公开的政府信息，确保政府信息及时准确公开。";

const REWRITTEN: &str = "2020年本局政府信息公开工作仍有短板：政务新媒体更新频次偏低，依申请公开答复文书格式不够统一，基层窗口人员对《条例》理解不深。2021年将从三方面整改：一是每周更新公众号，二是统一答复文书模板，三是每季度组织一次业务培训。";

fn spell(runs: &[Run], keep: RunKind) -> String {
    runs.iter()
        .filter(|r| r.kind == RunKind::Equal || r.kind == keep)
        .map(|r| r.text.as_str())
        .collect()
}

fn assert_well_formed(diff: &NarrativeDiff, prior: &str, current: &str) {
    assert_eq!(spell(&diff.runs, RunKind::Delete), prior);
    assert_eq!(spell(&diff.runs, RunKind::Insert), current);
    assert!(diff.runs.iter().all(|r| !r.text.is_empty()));
    assert!(
        diff.runs.windows(2).all(|w| w[0].kind != w[1].kind),
        "neighbouring runs are merged"
    );
}

#[test]
fn a_near_copy_scores_above_the_copied_text_threshold() {
    let diff = narrative_diff(SectionId::S5, LAST_YEAR, NEAR_COPY);
    assert!(diff.ratio > 0.9, "ratio {}", diff.ratio);
    assert_well_formed(&diff, LAST_YEAR, NEAR_COPY);
    let inserted: Vec<&str> = diff
        .runs
        .iter()
        .filter(|r| r.kind == RunKind::Insert)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(inserted, ["2020", "2021", "准确"]);
}

#[test]
fn a_rewritten_section_scores_below_the_threshold() {
    let diff = narrative_diff(SectionId::S5, LAST_YEAR, REWRITTEN);
    assert!(diff.ratio < 0.9, "ratio {}", diff.ratio);
    assert!(diff.ratio < 0.5, "ratio {}", diff.ratio);
    assert_well_formed(&diff, LAST_YEAR, REWRITTEN);
}

#[test]
fn digit_runs_stay_together_in_the_diff() {
    let runs = diff_runs(
        "共收到申请1234件，答复968775.75元。",
        "共收到申请1284件，答复968775.76元。",
    );
    let deleted: Vec<&str> = runs
        .iter()
        .filter(|r| r.kind == RunKind::Delete)
        .map(|r| r.text.as_str())
        .collect();
    let inserted: Vec<&str> = runs
        .iter()
        .filter(|r| r.kind == RunKind::Insert)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(deleted, ["1234", "968775.75"]);
    assert_eq!(inserted, ["1284", "968775.76"]);
}

#[test]
fn latin_words_stay_together_and_chinese_changes_are_by_character() {
    let runs = diff_runs("通过PDF格式公开", "通过OFD格式主动公开");
    assert_eq!(
        runs,
        [
            Run {
                kind: RunKind::Equal,
                text: "通过".into()
            },
            Run {
                kind: RunKind::Delete,
                text: "PDF".into()
            },
            Run {
                kind: RunKind::Insert,
                text: "OFD".into()
            },
            Run {
                kind: RunKind::Equal,
                text: "格式".into()
            },
            Run {
                kind: RunKind::Insert,
                text: "主动".into()
            },
            Run {
                kind: RunKind::Equal,
                text: "公开".into()
            },
        ]
    );
}

#[test]
fn full_width_digits_stay_together_too() {
    let runs = diff_runs("受理１２件", "受理１５件");
    assert!(runs.contains(&Run {
        kind: RunKind::Delete,
        text: "１２".into()
    }));
    assert!(runs.contains(&Run {
        kind: RunKind::Insert,
        text: "１５".into()
    }));
}

#[test]
fn identical_and_empty_texts() {
    let same = narrative_diff(SectionId::S6, "无", "无");
    assert!(same.is_unchanged());
    assert_eq!(same.ratio, 1.0);
    let empty = narrative_diff(SectionId::S6, "", "");
    assert!(empty.runs.is_empty());
    let added = narrative_diff(SectionId::S6, "", "本年度未收取信息处理费。");
    assert_eq!(added.runs.len(), 1);
    assert_eq!(added.runs[0].kind, RunKind::Insert);
}

#[test]
fn every_section_of_a_pair_is_diffed_in_order() {
    let mut prior = Report::empty(Template::V2019);
    let mut current = Report::empty(Template::V2021);
    prior.sections[4].text = LAST_YEAR.into();
    current.sections[4].text = NEAR_COPY.into();
    let diffs = narrative_diffs(&prior, &current);
    let ids: Vec<SectionId> = diffs.iter().map(|d| d.section).collect();
    assert_eq!(ids, SectionId::ALL);
    assert!(diffs[4].ratio > 0.9);
}

/// A section long enough to be diffed clause by clause and in pieces still spells both texts;
/// how long it takes is measured by `cargo bench --bench compare`, not asserted here.
#[test]
fn a_three_thousand_character_rewritten_section_spells_both_texts() {
    let prior: String = LAST_YEAR.repeat(14);
    let current: String = REWRITTEN.repeat(30);
    assert!(prior.chars().count() > 2500 && current.chars().count() > 2500);
    let diff = narrative_diff(SectionId::S1, &prior, &current);
    assert_well_formed(&diff, &prior, &current);
    assert!(diff.ratio < 0.5, "ratio {}", diff.ratio);
}
