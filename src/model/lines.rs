//! A report's source lines, held as one text and where each line stands in it: a report's few
//! hundred lines were as many strings, each allocated, copied and freed for every report read.
//! Each line is followed by `\n` in the text, so one search over it finds the line that holds
//! a phrase (no line break in it) without a search call per line.

use std::ops::Range;

/// The lines of a report's source text, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lines {
    /// The lines, each followed by `\n`.
    text: String,
    /// Each line's bytes in `text`, its `\n` left out.
    spans: Vec<Range<usize>>,
}

impl Lines {
    /// The number of lines.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there is no line.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Line `index` (0-based).
    pub fn get(&self, index: usize) -> Option<&str> {
        self.spans.get(index).map(|span| &self.text[span.clone()])
    }

    /// Every line, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + '_ {
        self.spans.iter().map(|span| &self.text[span.clone()])
    }

    /// The lines of `lines`, with room made for all at once.
    pub fn of(lines: &[&str]) -> Lines {
        let mut out = Lines {
            text: String::with_capacity(lines.iter().map(|l| l.len() + 1).sum()),
            spans: Vec::with_capacity(lines.len()),
        };
        lines.iter().for_each(|l| out.push(l));
        out
    }

    /// The index of the first line at or after `from` that holds `needle`; a needle without
    /// a line break is only ever found inside one line.
    pub fn find(&self, from: usize, needle: &str) -> Option<usize> {
        let offset = self.spans.get(from)?.start;
        let at = offset + memchr::memmem::find(&self.text.as_bytes()[offset..], needle.as_bytes())?;
        Some(self.spans.partition_point(|s| s.start <= at) - 1)
    }

    fn push(&mut self, line: &str) {
        let start = self.text.len();
        self.text.push_str(line);
        self.spans.push(start..self.text.len());
        self.text.push('\n');
    }
}

impl<S: AsRef<str>> FromIterator<S> for Lines {
    fn from_iter<I: IntoIterator<Item = S>>(lines: I) -> Lines {
        let mut out = Lines::default();
        lines.into_iter().for_each(|l| out.push(l.as_ref()));
        out
    }
}

impl std::ops::Index<usize> for Lines {
    type Output = str;

    fn index(&self, index: usize) -> &str {
        &self.text[self.spans[index].clone()]
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    #[test]
    fn lines_read_back_as_given() {
        let given = ["一、总体情况", "", "  本年度 12 件", "\u{3000}", "（一）"];
        for lines in [Lines::of(&given), given.iter().collect()] {
            assert_eq!(lines.len(), given.len());
            assert!(lines.iter().eq(given.iter().copied()));
            assert!(lines.iter().rev().eq(given.iter().rev().copied()));
            for (i, g) in given.iter().enumerate() {
                assert_eq!(lines.get(i), Some(*g));
                assert_eq!(&lines[i], *g);
            }
            assert_eq!(lines.get(given.len()), None);
            // Each line searched from each line on: the first that holds the phrase.
            for from in 0..given.len() {
                for needle in ["一、总体", "12 件", "（一）", "\u{3000}", "件\u{3000}"] {
                    let plain = (from..given.len()).find(|&i| given[i].contains(needle));
                    assert_eq!(lines.find(from, needle), plain, "{from} {needle}");
                }
            }
        }
        assert!(Lines::default().is_empty());
        assert!(!Lines::of(&[""]).is_empty());
    }
}
