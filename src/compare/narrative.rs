//! This year's narrative against last year's, section by section: how alike they are, and a
//! diff in runs of equal, inserted and deleted text that reads well for Chinese.

use similar::DiffOp;

use super::similarity::TokenDiff;
use crate::model::{Report, SectionId};

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
    /// [`text_similarity`](super::text_similarity) of the two texts, read off the same diff
    /// as the runs: 1 for a copy with only figures changed.
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

/// Diff of one section's text, last year's against this year's: one token diff gives both
/// the ratio and the runs.
pub fn narrative_diff(section: SectionId, prior: &str, current: &str) -> NarrativeDiff {
    let diff = TokenDiff::new(prior, current);
    NarrativeDiff {
        section,
        ratio: diff.ratio(),
        runs: runs(&diff),
    }
}

/// The runs turning `prior` into `current`, diffed token by token: a digit run (`1234`,
/// `968775.75`), a Latin word or a run of white space is one token, every other character
/// (each Chinese character) is one token of its own.
pub fn diff_runs(prior: &str, current: &str) -> Vec<Run> {
    runs(&TokenDiff::new(prior, current))
}

fn runs(diff: &TokenDiff<'_>) -> Vec<Run> {
    let (old, new) = (&diff.old, &diff.new);
    let mut out = RunBuilder::default();
    for op in &diff.ops {
        match *op {
            // Tokens equal by key may differ in text (another number, other white space).
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                let pairs = old[old_index..old_index + len]
                    .iter()
                    .zip(&new[new_index..new_index + len]);
                for (a, b) in pairs {
                    if a == b {
                        out.equal(a);
                    } else {
                        out.change(a, b);
                    }
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.change(&old[old_index..old_index + old_len].concat(), ""),
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.change("", &new[new_index..new_index + new_len].concat()),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => out.change(
                &old[old_index..old_index + old_len].concat(),
                &new[new_index..new_index + new_len].concat(),
            ),
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

#[cfg(test)]
mod tests {
    use super::*;

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
