//! Properties of the narrative diff on generated text: the runs spell both years' text
//! exactly, the ratio is a fraction and 1 for a copy, and the rule's ratio is the view's.
//! The texts are long enough (up to ~1,800 characters) to take the clause-by-clause path and
//! to cut changed stretches into pieces, and share a common start and end so that equal
//! clauses, changed clauses and pieces all meet.

use nianbao::compare::{NarrativeDiff, RunKind, narrative_diff, text_similarity};
use nianbao::model::SectionId;
use proptest::prelude::*;

/// Text from a small alphabet, so that two texts share characters by chance: common
/// characters, clause marks, digits (with decimal points), Latin letters and white space.
fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!(
        "[政府信息公开的工作我局年度一二三是和及时。，；、：！？\n 0-9０-９.．a-zA-Z]{{0,{max}}}"
    ))
    .unwrap_or_else(|e| panic!("{e}"))
}

fn spell(diff: &NarrativeDiff, keep: RunKind) -> String {
    diff.runs
        .iter()
        .filter(|r| r.kind == RunKind::Equal || r.kind == keep)
        .map(|r| r.text.as_str())
        .collect()
}

fn check_diff(prior: &str, current: &str) -> Result<(), TestCaseError> {
    let diff = narrative_diff(SectionId::S1, prior, current);
    prop_assert_eq!(spell(&diff, RunKind::Delete), prior);
    prop_assert_eq!(spell(&diff, RunKind::Insert), current);
    prop_assert!(diff.runs.iter().all(|r| !r.text.is_empty()));
    prop_assert!(diff.runs.windows(2).all(|w| w[0].kind != w[1].kind));
    prop_assert!((0.0..=1.0).contains(&diff.ratio), "ratio {}", diff.ratio);
    prop_assert_eq!(diff.ratio, text_similarity(prior, current));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn runs_spell_both_texts_of_unrelated_texts(prior in text(900), current in text(900)) {
        check_diff(&prior, &current)?;
    }

    #[test]
    fn runs_spell_both_texts_of_an_edited_text(
        head in text(600),
        old_middle in text(400),
        new_middle in text(400),
        tail in text(600),
    ) {
        let prior = format!("{head}{old_middle}{tail}");
        let current = format!("{head}{new_middle}{tail}");
        check_diff(&prior, &current)?;
    }

    #[test]
    fn a_copy_is_unchanged_with_ratio_one(prior in text(1800)) {
        let diff = narrative_diff(SectionId::S1, &prior, &prior);
        prop_assert!(diff.is_unchanged());
        prop_assert_eq!(diff.ratio, 1.0);
        prop_assert_eq!(spell(&diff, RunKind::Insert), prior);
    }
}
