//! This year's narrative against last year's, section by section: how alike they are, and a
//! diff in runs of equal, inserted and deleted text that reads well for Chinese.

use std::time::{Duration, Instant};

use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};

use super::similarity::text_similarity;
use crate::model::{Report, SectionId};

/// How long one section's diff may search for the shortest edit before settling for a coarser
/// one; near-copies finish in microseconds, only wholly rewritten long sections come near it.
const DIFF_BUDGET: Duration = Duration::from_millis(5);

/// An equal stretch this short (a lone 的 or 和) between two changes is folded into them,
/// so a rewritten sentence reads as one deletion and one insertion rather than confetti.
const SHORT_EQUAL: usize = 1;

/// What a run of text is in the diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RunKind {
    /// In both years.
    Equal,
    /// Only this year.
    Insert,
    /// Only last year.
    Delete,
}

/// A stretch of text of one kind.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Run {
    /// Equal, inserted or deleted.
    pub kind: RunKind,
    /// The text, verbatim (line breaks included).
    pub text: String,
}

/// One section of this year's report against the same section last year.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NarrativeDiff {
    /// Which section.
    pub section: SectionId,
    /// [`text_similarity`] of the two texts: 1 for a copy with only figures changed.
    pub ratio: f64,
    /// The diff: the `Equal` and `Delete` runs spell last year's text, the `Equal` and `Insert`
    /// runs this year's. No two neighbouring runs have the same kind.
    pub runs: Vec<Run>,
}

impl NarrativeDiff {
    /// Whether the two texts are the same (nothing inserted or deleted).
    pub fn is_unchanged(&self) -> bool {
        self.runs.iter().all(|r| r.kind == RunKind::Equal)
    }
}

/// Diff of all six sections, `s1` … `s6`, of this year's report against last year's.
pub fn narrative_diffs(prior: &Report, current: &Report) -> Vec<NarrativeDiff> {
    SectionId::ALL
        .into_iter()
        .map(|id| narrative_diff(id, &prior.section(id).text, &current.section(id).text))
        .collect()
}

/// Diff of one section's text, last year's against this year's.
pub fn narrative_diff(section: SectionId, prior: &str, current: &str) -> NarrativeDiff {
    NarrativeDiff {
        section,
        ratio: text_similarity(prior, current),
        runs: diff_runs(prior, current),
    }
}

/// The runs turning `prior` into `current`, diffed token by token: a digit run (`1234`,
/// `968775.75`), a Latin word or a run of white space is one token, every other character
/// (each Chinese character) is one token of its own.
pub fn diff_runs(prior: &str, current: &str) -> Vec<Run> {
    let old = tokens(prior);
    let new = tokens(current);
    let deadline = Instant::now().checked_add(DIFF_BUDGET);
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &old, &new, deadline);

    let mut out = RunBuilder::default();
    for op in &ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let deleted = || old[old_range.clone()].concat();
        let inserted = || new[new_range.clone()].concat();
        match tag {
            DiffTag::Equal => out.equal(&deleted()),
            DiffTag::Delete => out.change(&deleted(), ""),
            DiffTag::Insert => out.change("", &inserted()),
            DiffTag::Replace => out.change(&deleted(), &inserted()),
        }
    }
    out.finish()
}

/// Collects diff ops into runs: a pending change (its deleted and inserted text) and a pending
/// equal stretch that may still be folded into the change around it.
#[derive(Default)]
struct RunBuilder {
    runs: Vec<Run>,
    deleted: String,
    inserted: String,
    equal: String,
}

impl RunBuilder {
    fn equal(&mut self, text: &str) {
        self.equal.push_str(text);
    }

    fn change(&mut self, deleted: &str, inserted: &str) {
        if !self.equal.is_empty() {
            let pending_change = !self.deleted.is_empty() || !self.inserted.is_empty();
            if pending_change && self.equal.chars().count() <= SHORT_EQUAL {
                self.deleted.push_str(&self.equal);
                self.inserted.push_str(&self.equal);
                self.equal.clear();
            } else {
                self.flush_change();
                let text = std::mem::take(&mut self.equal);
                self.push(RunKind::Equal, text);
            }
        }
        self.deleted.push_str(deleted);
        self.inserted.push_str(inserted);
    }

    fn flush_change(&mut self) {
        let deleted = std::mem::take(&mut self.deleted);
        let inserted = std::mem::take(&mut self.inserted);
        self.push(RunKind::Delete, deleted);
        self.push(RunKind::Insert, inserted);
    }

    fn push(&mut self, kind: RunKind, text: String) {
        if text.is_empty() {
            return;
        }
        match self.runs.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(&text),
            _ => self.runs.push(Run { kind, text }),
        }
    }

    fn finish(mut self) -> Vec<Run> {
        self.flush_change();
        let text = std::mem::take(&mut self.equal);
        self.push(RunKind::Equal, text);
        self.runs
    }
}

/// What a character is for tokenising.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Digit,
    Latin,
    Space,
    Other,
}

fn class(ch: char) -> Class {
    if ch.is_ascii_digit() || ('０'..='９').contains(&ch) {
        Class::Digit
    } else if ch.is_ascii_alphabetic() || ('Ａ'..='Ｚ').contains(&ch) || ('ａ'..='ｚ').contains(&ch)
    {
        Class::Latin
    } else if ch.is_whitespace() {
        Class::Space
    } else {
        Class::Other
    }
}

/// Split text into diff tokens (see [`diff_runs`]). A decimal point between digits stays in
/// the number, so `968775.75` is one token and `1.属于` is `1`, `.`, `属`, `于`.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 2);
    let mut chars = text.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        let kind = class(ch);
        let mut end = start + ch.len_utf8();
        if kind != Class::Other {
            while let Some(&(i, next)) = chars.peek() {
                let joins = class(next) == kind
                    || (kind == Class::Digit
                        && matches!(next, '.' | '．')
                        && text[i + next.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(|after| class(after) == Class::Digit));
                if !joins {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
        }
        out.push(&text[start..end]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_latin_words_are_single_tokens() {
        assert_eq!(
            tokens("共1234件，金额968775.75元，PDF格式，1.属于"),
            [
                "共",
                "1234",
                "件",
                "，",
                "金",
                "额",
                "968775.75",
                "元",
                "，",
                "PDF",
                "格",
                "式",
                "，",
                "1",
                ".",
                "属",
                "于"
            ]
        );
    }

    #[test]
    fn a_short_equal_stretch_between_changes_is_folded_in() {
        let runs = diff_runs("甲乙的丙丁", "戊己的庚辛");
        assert_eq!(
            runs,
            [
                Run {
                    kind: RunKind::Delete,
                    text: "甲乙的丙丁".into()
                },
                Run {
                    kind: RunKind::Insert,
                    text: "戊己的庚辛".into()
                },
            ]
        );
    }
}
