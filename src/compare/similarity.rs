//! One token diff of two texts, from which both the similarity ratio (`yoy.copied_text`) and
//! the runs of the narrative view are read, so the text is diffed once and both agree.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::tokens::{key, tokens, weight};

/// Histogram diff anchors on the rarer characters and skips the search Myers does through
/// the common ones (的, 政, 府 …): a rewritten section diffs in a fraction of the time, and a
/// near-copy gives the same result. similar caps the work on hard inputs by itself (as git's
/// xdiff does); no deadline, so the same pair always gives the same diff and ratio.
const ALGORITHM: Algorithm = Algorithm::Histogram;

/// Two texts cut into tokens, and the diff of their keys.
pub(super) struct TokenDiff<'a> {
    /// Last year's tokens.
    pub(super) old: Vec<&'a str>,
    /// This year's tokens.
    pub(super) new: Vec<&'a str>,
    /// The diff of the tokens' keys (numbers alike, white space alike).
    pub(super) ops: Vec<DiffOp>,
}

impl<'a> TokenDiff<'a> {
    /// Diff last year's text against this year's.
    pub(super) fn new(prior: &'a str, current: &'a str) -> TokenDiff<'a> {
        let old = tokens(prior);
        let new = tokens(current);
        let old_keys: Vec<&str> = old.iter().map(|t| key(t)).collect();
        let new_keys: Vec<&str> = new.iter().map(|t| key(t)).collect();
        let ops = capture_diff_slices(ALGORITHM, &old_keys, &new_keys);
        TokenDiff { old, new, ops }
    }

    /// The similarity ratio: twice the weight of the tokens both texts share over the weight
    /// of all tokens (see [`text_similarity`]).
    pub(super) fn ratio(&self) -> f64 {
        let total: usize = self.old.iter().chain(&self.new).map(|t| weight(t)).sum();
        if total == 0 {
            return 1.0;
        }
        let shared: usize = self
            .ops
            .iter()
            .filter_map(|op| match *op {
                DiffOp::Equal { old_index, len, .. } => Some(
                    self.old[old_index..old_index + len]
                        .iter()
                        .map(|t| weight(t))
                        .sum::<usize>(),
                ),
                _ => None,
            })
            .sum();
        (2 * shared) as f64 / total as f64
    }
}

/// Similarity of two texts from 0 (nothing shared) to 1 (the same), compared character by
/// character with every number counting as one character alike (so `2020年` and `2021年`
/// read alike) and white space not counted: a section copied from last year with only the
/// figures changed scores 1. The narrative view's ratio is this same number.
pub fn text_similarity(prior: &str, current: &str) -> f64 {
    TokenDiff::new(prior, current).ratio()
}

/// An upper bound of [`text_similarity`] from the tokens the texts share regardless of order
/// (a few µs where the diff of two sections that differ takes far longer), so a caller that
/// only asks "at least this alike?" can skip the diff when the bound already says no.
pub fn text_similarity_bound(prior: &str, current: &str) -> f64 {
    let mut old: Vec<&str> = tokens(prior).into_iter().map(key).collect();
    let mut new: Vec<&str> = tokens(current).into_iter().map(key).collect();
    let total: usize = old.iter().chain(&new).map(|k| weight(k)).sum();
    if total == 0 {
        return 1.0;
    }
    old.sort_unstable();
    new.sort_unstable();
    // Tokens with one key weigh the same, so matching equal keys in sorted order counts the
    // most weight any alignment could share.
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < old.len() && j < new.len() {
        match old[i].cmp(new[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += weight(old[i]);
                i += 1;
                j += 1;
            }
        }
    }
    (2 * shared) as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_figures_do_not_count_as_changes() {
        let last = "2020年我局共收到申请12件，全部按时答复。";
        let this = "2021年我局共收到申请7件，全部按时答复。";
        assert!((text_similarity(last, this) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn white_space_and_line_breaks_do_not_count() {
        let last = "一是加强组织领导，\n明确职责分工。";
        let this = "一是加强组织领导，明确职责分工。 ";
        assert!((text_similarity(last, this) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn a_rewritten_text_scores_low() {
        let last = "一是加强组织领导，明确职责分工。二是加强保密审查。";
        let this = "本年度重点推进政务新媒体整合，关停僵尸账号三个。";
        assert!(text_similarity(last, this) < 0.3);
    }

    #[test]
    fn one_character_more_in_ten_scores_twenty_over_twenty_one() {
        let ratio = text_similarity("甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊己庚辛壬癸子");
        assert!((ratio - 20.0 / 21.0).abs() < 1e-9, "{ratio}");
    }

    #[test]
    fn the_bound_is_never_below_the_similarity() {
        let texts = [
            "",
            "2020年我局共收到申请12件，全部按时答复。",
            "全部按时答复。2021年我局共收到申请7件，",
            "一是加强组织领导，明确职责分工。二是加强保密审查。",
            "本年度重点推进政务新媒体整合，关停僵尸账号三个。",
            "采购总金额 968775.75 元，ABC 系统上线。",
            "ABC系统上线，采购总金额512300元。",
        ];
        for a in texts {
            for b in texts {
                let (sim, bound) = (text_similarity(a, b), text_similarity_bound(a, b));
                assert!(
                    bound + 1e-12 >= sim,
                    "{a:?} vs {b:?}: bound {bound} < {sim}"
                );
            }
        }
    }
}
