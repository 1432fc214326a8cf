//! One token diff of two texts, from which both the similarity ratio (`yoy.copied_text`) and
//! the runs of the narrative view are read, so the text is diffed once and both agree.
//!
//! A whole section diffed character by character costs time that grows with the product of
//! the two lengths once the texts differ (a rewritten section of 1,500 characters took 0.7 ms).
//! So a long text is diffed in two stages: first clause by clause (clauses end at 。；！？，、：
//! or a line break), which lines up everything copied or only re-figured at once; then token by
//! token inside each stretch of changed clauses. A changed stretch too long to diff in one go
//! is cut, at clause ends, into consecutive pieces of both years paired in order, each diffed
//! token by token. The size limits are counts, not a deadline, so the same pair always gives
//! the same diff and ratio.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::tokens::{IDEOGRAPHS, Key, ends_clause, key, keys, tokens, weight};

/// Histogram diff anchors on the rarer characters and skips the search Myers does through
/// the common ones (的, 政, 府 …); a near-copy gives the same result as Myers.
const ALGORITHM: Algorithm = Algorithm::Histogram;

/// Two stretches of at most this many tokens each are diffed token by token in one go; a
/// changed stretch longer than this on either side is cut into pieces of about this length.
/// 128 keeps a changed piece within a few sentences, which is where the edits of one
/// sentence land, and the cost of a section small.
const PIECE: usize = 128;

/// A clause with no mark for this many tokens (a list without punctuation) is cut here, so
/// no clause outgrows a piece.
const MAX_CLAUSE: usize = 32;

/// Two texts cut into tokens, and the diff of their keys.
pub(super) struct TokenDiff<'a> {
    /// Last year's tokens.
    pub(super) old: Vec<&'a str>,
    /// This year's tokens.
    pub(super) new: Vec<&'a str>,
    /// The diff of the tokens' keys (numbers alike, white space alike), in token indices.
    pub(super) ops: Vec<DiffOp>,
}

impl<'a> TokenDiff<'a> {
    /// Diff last year's text against this year's.
    pub(super) fn new(prior: &'a str, current: &'a str) -> TokenDiff<'a> {
        let old = tokens(prior);
        let new = tokens(current);
        let old_keys: Vec<&str> = old.iter().map(|t| key(t)).collect();
        let new_keys: Vec<&str> = new.iter().map(|t| key(t)).collect();
        let mut ops = Vec::new();
        if old.len() <= PIECE && new.len() <= PIECE {
            diff_range(&old_keys, &new_keys, 0..old.len(), 0..new.len(), &mut ops);
        } else {
            let old_ends = clause_ends(&old);
            let new_ends = clause_ends(&new);
            by_clause(&old_keys, &new_keys, &old_ends, &new_ends, &mut ops);
        }
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

/// Where each clause starts, and the end of the text: `ends[i]..ends[i + 1]` is clause `i`.
fn clause_ends(tokens: &[&str]) -> Vec<usize> {
    let mut ends = vec![0];
    for (i, token) in tokens.iter().enumerate() {
        let start = ends[ends.len() - 1];
        if ends_clause(token) || i + 1 - start >= MAX_CLAUSE {
            ends.push(i + 1);
        }
    }
    if ends[ends.len() - 1] != tokens.len() {
        ends.push(tokens.len());
    }
    ends
}

/// Diff clause by clause, then token by token inside each stretch of changed clauses.
fn by_clause(
    old: &[&str],
    new: &[&str],
    old_ends: &[usize],
    new_ends: &[usize],
    ops: &mut Vec<DiffOp>,
) {
    fn clauses<'k>(keys: &'k [&'k str], ends: &[usize]) -> Vec<&'k [&'k str]> {
        ends.windows(2).map(|w| &keys[w[0]..w[1]]).collect()
    }
    let (old_clauses, new_clauses) = (clauses(old, old_ends), clauses(new, new_ends));
    for op in capture_diff_slices(ALGORITHM, &old_clauses, &new_clauses) {
        let (o, n) = (op.old_range(), op.new_range());
        let (o_ends, n_ends) = (&old_ends[o.start..=o.end], &new_ends[n.start..=n.end]);
        match op {
            // Clauses equal by key are equal token for token.
            DiffOp::Equal { .. } => ops.push(DiffOp::Equal {
                old_index: o_ends[0],
                new_index: n_ends[0],
                len: o_ends[o_ends.len() - 1] - o_ends[0],
            }),
            _ => in_pieces(old, new, o_ends, n_ends, ops),
        }
    }
}

/// Diff a changed stretch (its clauses' bounds on each side) token by token, in consecutive
/// pieces of both years paired in order when it is longer than [`PIECE`] on either side.
fn in_pieces(
    old: &[&str],
    new: &[&str],
    old_ends: &[usize],
    new_ends: &[usize],
    ops: &mut Vec<DiffOp>,
) {
    let span = |ends: &[usize]| ends[ends.len() - 1] - ends[0];
    let pieces = span(old_ends).max(span(new_ends)).div_ceil(PIECE).max(1);
    // The first clause end at or past the i-th of `pieces` equal shares of the stretch.
    let cut = |ends: &[usize], i: usize| {
        let target = ends[0] + span(ends) * i / pieces;
        ends[ends.partition_point(|&e| e < target)]
    };
    for i in 0..pieces {
        diff_range(
            old,
            new,
            cut(old_ends, i)..cut(old_ends, i + 1),
            cut(new_ends, i)..cut(new_ends, i + 1),
            ops,
        );
    }
}

/// Diff `old[o]` against `new[n]` token by token, appending ops in whole-text indices.
fn diff_range(old: &[&str], new: &[&str], o: Range<usize>, n: Range<usize>, ops: &mut Vec<DiffOp>) {
    let shift = |op: DiffOp| match op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => DiffOp::Equal {
            old_index: old_index + o.start,
            new_index: new_index + n.start,
            len,
        },
        DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        } => DiffOp::Delete {
            old_index: old_index + o.start,
            old_len,
            new_index: new_index + n.start,
        },
        DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        } => DiffOp::Insert {
            old_index: old_index + o.start,
            new_index: new_index + n.start,
            new_len,
        },
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => DiffOp::Replace {
            old_index: old_index + o.start,
            old_len,
            new_index: new_index + n.start,
            new_len,
        },
    };
    let local = capture_diff_slices(ALGORITHM, &old[o.clone()], &new[n.clone()]);
    ops.extend(local.into_iter().map(shift));
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
    // Tokens with one key weigh the same, so the most weight any alignment could share is,
    // key by key, its weight times the lesser of its two counts. Keys of one character (all
    // but Latin words) are counted in a table, ideographs by their code; the rare longer keys
    // are matched sorted.
    IDEOGRAPH_COUNTS.with_borrow_mut(|ideographs| {
        if ideographs.counts.is_empty() {
            ideographs.counts = vec![[0; 2]; IDEOGRAPH_COUNT];
        }
        let mut counts: HashMap<char, [usize; 2], CharHash> =
            HashMap::with_capacity_and_hasher(64, CharHash);
        let mut words: [Vec<&str>; 2] = [Vec::new(), Vec::new()];
        let mut total = 0usize;
        for (side, text) in [prior, current].into_iter().enumerate() {
            for k in keys(text) {
                match k {
                    Key::Char(c) => {
                        total += 1;
                        match (c as usize).checked_sub(FIRST_IDEOGRAPH) {
                            Some(i) if i < IDEOGRAPH_COUNT => ideographs.count(i, side),
                            _ => counts.entry(c).or_default()[side] += 1,
                        }
                    }
                    Key::Word(w) => {
                        total += weight(w);
                        words[side].push(w);
                    }
                }
            }
        }
        // Every counted ideograph's lesser count, the table left at zero for the next call.
        let shared_ideographs = ideographs.drain_shared();
        if total == 0 {
            return 1.0;
        }
        let [mut old, mut new] = words;
        let shared = shared_ideographs
            + counts.values().map(|[a, b]| *a.min(b)).sum::<usize>()
            + sorted_shared_weight(&mut old, &mut new);
        (2 * shared) as f64 / total as f64
    })
}

/// The ideographs ([`IDEOGRAPHS`]), counted by [`text_similarity_bound`] in a table indexed by
/// their code (a hash look-up a character was most of its cost).
const FIRST_IDEOGRAPH: usize = *IDEOGRAPHS.start() as usize;
const IDEOGRAPH_COUNT: usize = *IDEOGRAPHS.end() as usize - FIRST_IDEOGRAPH + 1;

/// Counts per ideograph of both texts, and which are not zero; all zero between calls.
#[derive(Default)]
struct IdeographCounts {
    counts: Vec<[usize; 2]>,
    touched: Vec<u16>,
}

impl IdeographCounts {
    fn count(&mut self, i: usize, side: usize) {
        let c = &mut self.counts[i];
        if *c == [0, 0] {
            // `i` < IDEOGRAPH_COUNT < 2^16.
            self.touched.push(i as u16);
        }
        c[side] += 1;
    }

    /// The sum of each ideograph's lesser count; every count back to zero.
    fn drain_shared(&mut self) -> usize {
        let mut shared = 0;
        for i in self.touched.drain(..) {
            let c = &mut self.counts[usize::from(i)];
            shared += c[0].min(c[1]);
            *c = [0, 0];
        }
        shared
    }
}

thread_local! {
    /// One table a thread (336 KB), made on its first bound and reused.
    static IDEOGRAPH_COUNTS: std::cell::RefCell<IdeographCounts> =
        std::cell::RefCell::new(IdeographCounts::default());
}

/// The weight of the keys two lists share, each key as often as the lesser of its counts:
/// both sorted, then merged.
fn sorted_shared_weight(old: &mut [&str], new: &mut [&str]) -> usize {
    old.sort_unstable();
    new.sort_unstable();
    let (mut i, mut j, mut shared) = (0, 0, 0);
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
    shared
}

/// A hasher for `char` keys: one multiply (Fibonacci hashing), where SipHash's DoS
/// resistance buys nothing and costs most of a small count.
#[derive(Clone, Copy, Default)]
struct CharHash;

impl BuildHasher for CharHash {
    type Hasher = CharHasher;
    fn build_hasher(&self) -> CharHasher {
        CharHasher(0)
    }
}

#[derive(Default)]
struct CharHasher(u64);

impl Hasher for CharHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bound as first written: every key sorted, equal keys matched in order.
    fn plain_bound(prior: &str, current: &str) -> f64 {
        let mut old: Vec<&str> = tokens(prior).into_iter().map(key).collect();
        let mut new: Vec<&str> = tokens(current).into_iter().map(key).collect();
        let total: usize = old.iter().chain(&new).map(|k| weight(k)).sum();
        if total == 0 {
            return 1.0;
        }
        // Every key through the sorted merge, the table of one-character keys left out.
        let shared = sorted_shared_weight(&mut old, &mut new);
        (2 * shared) as f64 / total as f64
    }

    proptest::proptest! {
        #[test]
        fn the_counted_bound_is_the_sorted_one_for_any_texts(
            a in proptest::collection::vec(proptest::sample::select(PIECES.to_vec()), 0..30),
            b in proptest::collection::vec(proptest::sample::select(PIECES.to_vec()), 0..30),
        ) {
            let (a, b) = (a.concat(), b.concat());
            proptest::prop_assert_eq!(
                text_similarity_bound(&a, &b).to_bits(),
                plain_bound(&a, &b).to_bits()
            );
        }
    }

    proptest::proptest! {
        /// A text against itself scores exactly 1, long or short (`yoy.copied_text` takes a
        /// section copied byte for byte as 1 without diffing it).
        #[test]
        fn a_text_is_exactly_alike_to_itself(
            a in proptest::collection::vec(proptest::sample::select(PIECES.to_vec()), 0..400),
        ) {
            let a = a.concat();
            proptest::prop_assert_eq!(text_similarity(&a, &a).to_bits(), 1.0f64.to_bits());
        }
    }

    /// Pieces of text for the property tests: ideographs at and beyond the table's ends,
    /// numbers, Latin words, white space, punctuation.
    const PIECES: [&str; 16] = [
        "年", "申请", "\u{4E00}", "\u{9FFF}", "\u{4DFF}", "\u{A000}", "\u{3400}", "12", "3.5",
        "PDF", "a", " ", "\n", "，", "。", "Ａ",
    ];

    #[test]
    fn the_counted_bound_is_the_sorted_one() {
        let texts = [
            "",
            "  \n ",
            "2020年我局共收到申请12件，全部按时答复。#1",
            "全部按时答复。2021年我局共收到申请7件，PDF与pdf、ＰＤＦ，Ａ B",
            "ABC系统上线，ABC 与 AB C，采购总金额512300元。１２．５万元",
            "采购总金额 968775.75 元，ABC 系统上线。a.b 1.属于",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(
                    text_similarity_bound(a, b).to_bits(),
                    plain_bound(a, b).to_bits(),
                    "{a:?} vs {b:?}"
                );
            }
        }
    }

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
