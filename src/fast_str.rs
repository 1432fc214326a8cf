//! What the standard library does to a `str`, the same result sooner on report text.
//!
//! `str::trim` and its halves, settled from the bytes at each end: the parser trims every
//! line and field of every report, and the standard library decodes a character at each end
//! to ask whether it is white space; here an ASCII byte, or the lead byte of a character that
//! cannot be white space (every ideograph), settles it.
//!
//! `str::split('\n')` and `str::lines`, with the breaks found by the vectorised `memchr` (the
//! standard library's search for a character is a plain loop over the bytes).
//!
//! And the word automaton report text is searched with (see [`Words`]).

/// A word list's Aho–Corasick automaton, walked a byte at a time here. Every search of report
/// text wants every occurrence (overlapping ones too) or the first of some, mostly in short
/// texts (a clause, a label); the library's search loop pays a set-up per call that such a
/// text does not repay, and its prefilter's "rare bytes" are common in Chinese text (a few
/// lead bytes write it all).
///
/// Two tiers, the same matches: a contiguous NFA, built at once, and a DFA (one lookup a byte,
/// where the NFA may follow failure links) built once [`TIER_UP`] bytes have been searched. The
/// DFA of the rule file's words takes about a millisecond to build, most of a single `check`'s
/// start-up and of the screen's first frame, and repays that only over dozens of reports.
#[derive(Debug)]
pub(crate) struct Words {
    nfa: aho_corasick::nfa::contiguous::NFA,
    nfa_start: aho_corasick::automaton::StateID,
    /// The words, kept for the DFA's build.
    words: Vec<Vec<u8>>,
    /// Bytes searched so far (by every thread), until the DFA is built.
    searched: std::sync::atomic::AtomicUsize,
    /// Bytes searched before the DFA is built.
    tier_up: usize,
    /// The DFA and its start, once built (`None` inside: too large, the NFA stays).
    dfa: std::sync::OnceLock<Option<(aho_corasick::dfa::DFA, aho_corasick::automaton::StateID)>>,
}

/// Bytes searched by a word list before its DFA is built: a batch passes it within its first
/// few reports and searches at the DFA's speed from then on; one report, or the screen
/// opening one, stays below it (one `check` of a sample: a fifth fewer instructions; a batch
/// of 400: 0.15 % more, the NFA's build and its walk of the first bytes).
const TIER_UP: usize = 16 * 1024;

impl Words {
    /// `None` for a list the automaton cannot be built for: the caller then searches word
    /// by word.
    pub(crate) fn new<I, P>(words: I) -> Option<Words>
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        Words::tiered(words, TIER_UP)
    }

    /// [`Words::new`], the DFA built after `tier_up` bytes searched.
    fn tiered<I, P>(words: I, tier_up: usize) -> Option<Words>
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        use aho_corasick::automaton::Automaton;
        let words: Vec<Vec<u8>> = words.into_iter().map(|w| w.as_ref().to_vec()).collect();
        let nfa = aho_corasick::nfa::contiguous::NFA::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .prefilter(false)
            .build(&words)
            .ok()?;
        let nfa_start = nfa.start_state(aho_corasick::Anchored::No).ok()?;
        Some(Words {
            nfa,
            nfa_start,
            words,
            searched: std::sync::atomic::AtomicUsize::new(0),
            tier_up,
            dfa: std::sync::OnceLock::new(),
        })
    }

    fn build_dfa(&self) -> Option<(aho_corasick::dfa::DFA, aho_corasick::automaton::StateID)> {
        use aho_corasick::automaton::Automaton;
        let dfa = aho_corasick::dfa::DFA::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .start_kind(aho_corasick::StartKind::Unanchored)
            .prefilter(false)
            .build(&self.words)
            .ok()?;
        let start = dfa.start_state(aho_corasick::Anchored::No).ok()?;
        Some((dfa, start))
    }

    /// Every occurrence of every word in `text`, overlapping ones too, as (start, end, word
    /// index), by end and, at one end, in no set order; `each` returns `false` to stop.
    pub(crate) fn each(&self, text: &str, each: impl FnMut(usize, usize, usize) -> bool) {
        use std::sync::atomic::Ordering;
        if let Some(built) = self.dfa.get() {
            return match built {
                Some((dfa, start)) => walk(dfa, *start, text, each),
                None => walk(&self.nfa, self.nfa_start, text, each),
            };
        }
        let searched = self.searched.fetch_add(text.len(), Ordering::Relaxed) + text.len();
        if searched >= self.tier_up
            && let Some((dfa, start)) = self.dfa.get_or_init(|| self.build_dfa())
        {
            return walk(dfa, *start, text, each);
        }
        walk(&self.nfa, self.nfa_start, text, each)
    }
}

/// [`Words::each`] on one automaton.
#[inline]
fn walk<A: aho_corasick::automaton::Automaton>(
    automaton: &A,
    start: aho_corasick::automaton::StateID,
    text: &str,
    mut each: impl FnMut(usize, usize, usize) -> bool,
) {
    let mut sid = start;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        sid = automaton.next_state(aho_corasick::Anchored::No, sid, b);
        if !automaton.is_match(sid) {
            continue;
        }
        let end = i + 1;
        for k in 0..automaton.match_len(sid) {
            let word = automaton.match_pattern(sid, k);
            if !each(end - automaton.pattern_len(word), end, word.as_usize()) {
                return;
            }
        }
    }
}

/// `text.lines()`, collected: the line breaks found in one vectorised pass over the text
/// instead of one search call per line (a report's lines are short, and a call's setup cost
/// more than its search).
pub(crate) fn lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(text.len() / 24 + 1);
    let mut pieces = split_newlines(text).peekable();
    while let Some(piece) = pieces.next() {
        if pieces.peek().is_some() {
            // Ended by a break: the `\r` of a CRLF break is not the line's.
            lines.push(piece.strip_suffix('\r').unwrap_or(piece));
        } else if !piece.is_empty() {
            // After the last break, kept as it is (a `\r` too); none when the text ends in one.
            lines.push(piece);
        }
    }
    lines
}

/// The pieces of `text` between `\n`s, as `text.split('\n')` gives them.
pub(crate) fn split_newlines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    ends.map(move |end| {
        let piece = &text[start..end];
        start = end + 1;
        piece
    })
}

/// The pieces of `line` between the ASCII `sep`s, as `line.split(sep as char)` gives them. A
/// field separator (tab, pipe) is searched for byte by byte: a table row is a few dozen bytes,
/// where each call of the standard library's searcher cost more than the bytes it read.
pub(crate) fn split_byte(line: &str, sep: u8) -> SplitByte<'_> {
    debug_assert!(sep.is_ascii());
    SplitByte {
        line,
        sep,
        start: Some(0),
    }
}

/// See [`split_byte`].
#[derive(Clone)]
pub(crate) struct SplitByte<'a> {
    line: &'a str,
    sep: u8,
    /// Where the next piece starts; `None` once the last was given.
    start: Option<usize>,
}

impl<'a> Iterator for SplitByte<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let start = self.start?;
        let rest = &self.line.as_bytes()[start..];
        match rest.iter().position(|&b| b == self.sep) {
            Some(i) => {
                self.start = Some(start + i + 1);
                // An ASCII byte is a character boundary on both sides.
                self.line.get(start..start + i)
            }
            None => {
                self.start = None;
                self.line.get(start..)
            }
        }
    }
}

/// Trimming as `str::trim`, `str::trim_start` and `str::trim_end` do (Unicode white space),
/// and as `trim_matches(|c: char| c.is_ascii_whitespace())` does. The same slice, not only the
/// same text: where a token stands is read from where its slice starts in its line, and the
/// standard library leaves a text of white space alone empty at its start (`trim`) or its end
/// (`trim_start`), which `str::trim_ascii` does not.
pub(crate) trait Trim {
    fn trim_ws(&self) -> &str;
    fn trim_start_ws(&self) -> &str;
    fn trim_end_ws(&self) -> &str;
    fn trim_ascii_ws(&self) -> &str;
}

impl Trim for str {
    #[inline]
    fn trim_ws(&self) -> &str {
        let rest = self.trim_start_ws();
        if rest.is_empty() {
            return &self[..0];
        }
        rest.trim_end_ws()
    }

    #[inline]
    fn trim_ascii_ws(&self) -> &str {
        let b = self.as_bytes();
        let Some(start) = b.iter().position(|c| !c.is_ascii_whitespace()) else {
            return &self[..0];
        };
        let end = b
            .iter()
            .rposition(|c| !c.is_ascii_whitespace())
            .map_or(start, |e| e + 1);
        // Only ASCII bytes are cut off, so both ends fall on character boundaries.
        self.get(start..end).unwrap_or(&self[..0])
    }

    #[inline]
    fn trim_start_ws(&self) -> &str {
        let b = self.as_bytes();
        let mut start = 0;
        while let Some(&c) = b.get(start) {
            if is_ascii_space(c) {
                start += 1;
            } else if c >= 0x80 && may_lead_space(c) {
                return self[start..].trim_start();
            } else {
                break;
            }
        }
        &self[start..]
    }

    #[inline]
    fn trim_end_ws(&self) -> &str {
        let b = self.as_bytes();
        let mut end = b.len();
        while end > 0 {
            let c = b[end - 1];
            if is_ascii_space(c) {
                end -= 1;
                continue;
            }
            if c < 0x80 {
                break;
            }
            // The last character's lead byte decides whether it could be white space.
            let mut lead = end - 1;
            while lead > 0 && b[lead] & 0xC0 == 0x80 {
                lead -= 1;
            }
            if may_lead_space(b[lead]) {
                return self[..end].trim_end();
            }
            break;
        }
        &self[..end]
    }
}

/// The ASCII white space `char::is_whitespace` knows: tab, line feed, vertical tab, form
/// feed, carriage return, space.
#[inline]
fn is_ascii_space(c: u8) -> bool {
    matches!(c, b'\t'..=b'\r' | b' ')
}

/// Whether a UTF-8 lead byte can start a white-space character: U+0085 and U+00A0 (C2),
/// U+1680 (E1), U+2000–U+205F (E2), U+3000 (E3). No other non-ASCII character is white space.
#[inline]
fn may_lead_space(c: u8) -> bool {
    matches!(c, 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

#[cfg(test)]
mod tests {
    /// Every (start, end, word) the library's overlapping search finds, sorted.
    fn library(words: &[String], text: &str) -> Vec<(usize, usize, usize)> {
        let ac = aho_corasick::AhoCorasick::new(words).expect("builds");
        let mut all: Vec<_> = (ac.find_overlapping_iter(text))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        all.sort_unstable();
        all
    }

    /// What `each` finds, sorted: through the NFA, and again through the DFA (built at the
    /// first search); the two must agree.
    fn ours(words: &[String], text: &str) -> Vec<(usize, usize, usize)> {
        let found = |w: &super::Words| {
            let mut all = Vec::new();
            w.each(text, |s, e, id| {
                all.push((s, e, id));
                true
            });
            all.sort_unstable();
            all
        };
        let nfa = super::Words::tiered(words, usize::MAX).expect("builds");
        let dfa = super::Words::tiered(words, 0).expect("builds");
        let (by_nfa, by_dfa) = (found(&nfa), found(&dfa));
        assert!(nfa.dfa.get().is_none() && dfa.dfa.get().is_some_and(Option::is_some));
        assert_eq!(by_nfa, by_dfa, "{words:?} in {text:?}");
        by_nfa
    }

    #[test]
    fn words_are_found_where_the_library_finds_them() {
        let words: Vec<String> = ["行政复议", "申请", "请求", "复议"]
            .map(String::from)
            .into();
        let text = "本年度共收到行政复议申请3件，请求公开";
        assert_eq!(ours(&words, text), library(&words, text));
        assert_eq!(ours(&words, text).len(), 4);
        assert!(ours(&words, "本年度未收到").is_empty());
    }

    #[test]
    fn the_dfa_is_built_once_enough_text_was_searched() {
        let w = super::Words::tiered(["申请"], 10).expect("builds");
        let count = |text: &str| {
            let mut n = 0;
            w.each(text, |_, _, _| {
                n += 1;
                true
            });
            n
        };
        assert_eq!(count("申请"), 1);
        assert!(w.dfa.get().is_none(), "6 bytes of 10");
        assert_eq!(count("申请申请"), 2);
        assert!(w.dfa.get().is_some_and(Option::is_some), "18 bytes of 10");
        assert_eq!(count("未申请"), 1);
    }

    proptest::proptest! {
        /// Any words (overlapping, repeated, prefixes of each other) in any text.
        #[test]
        fn any_words_are_found_where_the_library_finds_them(
            words in proptest::collection::vec("[申请复议a]{1,4}", 1..6),
            text in "[申请复议ab，]{0,30}",
        ) {
            proptest::prop_assert_eq!(ours(&words, &text), library(&words, &text));
        }
    }

    use super::{Trim, split_byte, split_newlines};
    use proptest::prelude::*;

    /// Every white-space character, ASCII and not, and neighbours that share their bytes.
    const POOL: &[char] = &[
        ' ',
        '\t',
        '\n',
        '\u{b}',
        '\u{c}',
        '\r',
        '\u{1c}',
        '\u{85}',
        '\u{a0}',
        '\u{a1}',
        '\u{1680}',
        '\u{1681}',
        '\u{2000}',
        '\u{200a}',
        '\u{200b}',
        '\u{2028}',
        '\u{2029}',
        '\u{202f}',
        '\u{205f}',
        '\u{2060}',
        '\u{3000}',
        '\u{3001}',
        'a',
        '1',
        '表',
        '（',
        '　',
        '\u{10348}',
    ];

    /// Where a slice of `s` starts in it, and its length.
    fn at(s: &str, piece: &str) -> (usize, usize) {
        (piece.as_ptr() as usize - s.as_ptr() as usize, piece.len())
    }

    proptest! {
        #[test]
        fn trims_as_the_standard_library(picks in proptest::collection::vec(0..POOL.len(), 0..12)) {
            let s: String = picks.iter().map(|&i| POOL[i]).collect();
            prop_assert_eq!(at(&s, s.trim_ws()), at(&s, s.trim()));
            prop_assert_eq!(at(&s, s.trim_start_ws()), at(&s, s.trim_start()));
            prop_assert_eq!(at(&s, s.trim_end_ws()), at(&s, s.trim_end()));
            let ascii = s.trim_matches(|c: char| c.is_ascii_whitespace());
            prop_assert_eq!(at(&s, s.trim_ascii_ws()), at(&s, ascii));
        }
    }

    proptest! {
        /// Any text of lines, breaks and carriage returns splits as `str::lines` splits it.
        #[test]
        fn lines_split_as_str_lines_splits_them(text in "([a-z一二\r\n]{0,3}){0,12}") {
            let expected: Vec<&str> = text.lines().collect();
            prop_assert_eq!(super::lines(&text), expected);
        }

        #[test]
        fn splits_as_the_standard_library(s in "[a\\n\\r表 ]{0,12}") {
            let ours: Vec<&str> = split_newlines(&s).collect();
            let std: Vec<&str> = s.split('\n').collect();
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn splits_fields_as_the_standard_library(s in "[a\\t|表 ]{0,12}") {
            for sep in ['\t', '|'] {
                let ours: Vec<(usize, usize)> =
                    split_byte(&s, sep as u8).map(|p| at(&s, p)).collect();
                let std: Vec<(usize, usize)> = s.split(sep).map(|p| at(&s, p)).collect();
                prop_assert_eq!(ours, std);
            }
        }
    }

    #[test]
    fn every_white_space_character_is_trimmed() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = format!("{c}x{c}");
            assert_eq!(s.trim_ws(), s.trim(), "U+{:04X}", c as u32);
        }
    }
}
