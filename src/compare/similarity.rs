//! How alike two narrative texts are, for `yoy.copied_text`.

use similar::TextDiff;

/// Similarity of two texts from 0 (nothing shared) to 1 (the same), compared character by
/// character after masking digits (so `2020年` and `2021年` read alike) and dropping white
/// space: a section copied from last year with only the figures changed scores near 1.
pub fn text_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (mask(a), mask(b));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    f64::from(TextDiff::from_chars(&a, &b).ratio())
}

/// An upper bound of [`text_similarity`], from the characters the texts share regardless of
/// order: ~1 µs where the diff takes ~1 ms on two sections that differ, so a caller that only
/// asks "at least this alike?" can skip the diff when the bound already says no.
pub fn text_similarity_bound(a: &str, b: &str) -> f64 {
    let (mut a, mut b): (Vec<char>, Vec<char>) =
        (mask(a).chars().collect(), mask(b).chars().collect());
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    a.sort_unstable();
    b.sort_unstable();
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

fn mask(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_digits = false;
    for ch in text.chars() {
        if ch.is_whitespace() || ch == '\u{3000}' {
            continue;
        }
        if ch.is_ascii_digit() || ('０'..='９').contains(&ch) {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.push(ch);
        }
    }
    out
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
    fn the_bound_is_never_below_the_similarity() {
        let texts = [
            "",
            "2020年我局共收到申请12件，全部按时答复。",
            "全部按时答复。2021年我局共收到申请7件，",
            "一是加强组织领导，明确职责分工。二是加强保密审查。",
            "本年度重点推进政务新媒体整合，关停僵尸账号三个。",
        ];
        for a in texts {
            for b in texts {
                // The diff's ratio comes as an f32: allow its rounding.
                let (bound, sim) = (text_similarity_bound(a, b), text_similarity(a, b));
                assert!(bound >= sim - 1e-6, "{a} / {b}: {bound} < {sim}");
            }
        }
        assert!(text_similarity_bound(texts[3], texts[4]) < 0.5);
    }

    #[test]
    fn a_rewritten_text_scores_low() {
        let last = "一是加强组织领导，明确职责分工。二是加强保密审查。";
        let this = "本年度重点推进政务新媒体整合，关停僵尸账号三个。";
        assert!(text_similarity(last, this) < 0.3);
    }
}
