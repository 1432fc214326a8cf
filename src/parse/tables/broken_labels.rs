//! Row labels broken over lines in PDF text, where a narrow label column wraps them: the
//! row's numbers stand beside the label's last piece (`处理的，只计这一情形…） 7 0 0`), its
//! first (`一、本年新  6 0 0 0 1 0 7` / `收政府信息公开申请数量`) or a middle one. The piece on
//! the run's line names the row by how its label ends or begins, and a sub-row's number
//! written there (`2.` of `2.其他` / `法律行政法规禁止公开`) is its place in its group.

use std::sync::LazyLock;

use super::super::normalize::label_key;
use super::{Reader, per_table, strip_numbering};
use crate::model::{TableId, Template};

/// The least of a label's end, in key characters, that names its row when the label was
/// broken over lines (`情形）` alone is too common an ending to name one).
const MIN_LABEL_TAIL: usize = 6;

/// The least of a label's start, in key characters, that names its row when the label was
/// broken over lines with the numbers on its first (`政府集中采`; two after a number: `一、本年`).
const MIN_LABEL_HEAD: usize = 3;

/// The number of a sub-row written in a label key (`1.` in `（六）其他处理1.申请人`): the
/// ASCII digits right before the last `.`; `None` without one.
pub(super) fn sub_row_number(key: &str) -> Option<usize> {
    let (before, _) = key.rsplit_once('.')?;
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    before[before.len() - digits..].parse().ok()
}

/// A row's group on the form: its label as a key without its numbering (`不予公开` for
/// `（三）不予公开`), and the row's place in it (1 for the group's first row).
struct Group {
    head: String,
    place: usize,
}

/// Each row's [`Group`] (`None` for a row in no group), per template and table: the same for
/// every report, so worked out once.
fn groups(template: Template, table: TableId) -> &'static [Option<Group>] {
    static GROUPS: LazyLock<Vec<Vec<Option<Group>>>> = LazyLock::new(|| {
        [Template::V2019, Template::V2021]
            .iter()
            .flat_map(|t| TableId::ALL.map(|table| t.schema().table(table)))
            .map(|def| {
                let rows = &def.rows;
                (0..rows.len())
                    .map(|i| {
                        let group = rows[i].group?;
                        Some(Group {
                            head: strip_numbering(&label_key(group)).to_owned(),
                            place: rows[..=i]
                                .iter()
                                .rev()
                                .take_while(|r| r.group == Some(group))
                                .count(),
                        })
                    })
                    .collect()
            })
            .collect()
    });
    GROUPS
        .get(per_table(template, table))
        .map_or(&[], Vec::as_slice)
}

impl Reader<'_, '_> {
    /// The words on a run's own line before it, when they end the pending text (laid-out
    /// text): where they start in it, and the words.
    pub(super) fn words_on_line(&self, line: Option<usize>) -> Option<(usize, &str)> {
        let (len, tail_line) = self.tail?;
        if self.flat || line != Some(tail_line) {
            return None;
        }
        let start = self.text.len().checked_sub(len)?;
        Some((start, self.text.get(start..)?))
    }

    /// The row number written on a run's own line before it (`1.` of `1. 申` / `请人无正当…`,
    /// a label broken over lines).
    fn number_on_line(&self, line: Option<usize>) -> Option<usize> {
        sub_row_number(self.words_on_line(line)?.1)
    }

    /// Whether `row` may take the run on `line`: the number written on the line, if any, is the
    /// row's place in its group, and only rows in a group are numbered so (words named on lines
    /// before, `（六）其他` over a group or a head naming `结转下年度`, must not give the run of
    /// `1. 申` to the row `3.其他` or to a row of no group).
    pub(super) fn numbered_as(&self, line: Option<usize>, row: usize) -> bool {
        self.number_on_line(line)
            .is_none_or(|n| self.place_in_group(row) == Some(n))
    }

    /// A label broken over lines with its numbers at the end of the second (`（二）部分公开（区分`
    /// / `处理的，只计这一情形，不计其他情形） 7 0 0 0 0 0 7`): the words before the run end an
    /// unread row's whole label (from `after` on). Of several such rows (`…公开申请数量` ends
    /// two), the one whose whole label the pending text ends with. The row, and where its label
    /// ends (the pending text's end); `None` unless exactly one row is named.
    pub(super) fn label_tail_row(&self, words: &str, after: usize) -> Option<(usize, usize)> {
        let tail: Vec<char> = words.chars().collect();
        if tail.len() < MIN_LABEL_TAIL {
            return None;
        }
        let rows: Vec<usize> = (after..self.keys.len())
            .filter(|&i| {
                self.seen[i] < self.reports.len()
                    && self.label_chars.get(i).is_some_and(|l| l.ends_with(&tail))
            })
            .collect();
        let whole: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&i| {
                let label = &self.label_chars[i];
                self.text
                    .chars()
                    .rev()
                    .take(label.len())
                    .eq(label.iter().rev().copied())
            })
            .collect();
        match (&rows[..], &whole[..]) {
            (_, &[row]) | (&[row], _) => Some((row, self.text.len())),
            _ => None,
        }
    }

    /// A label broken over lines with its numbers on the first (`一、本年新  6 0 0 0 1 0 7` /
    /// `收政府信息公开申请数量`: PDF text sets a row's numbers level with the top of its label
    /// cell): the words before the run begin an unread row's label (from `after` on), at least
    /// [`MIN_LABEL_HEAD`] characters of it and not all of it (the rest, on the lines below,
    /// then names a row already read). `None` unless exactly one row, or one numbered so.
    pub(super) fn label_head_row(&self, words: &str, after: usize) -> Option<(usize, usize)> {
        let groups = groups(self.reports.first()?.meta.template, self.table);
        let bare = strip_numbering(words);
        if bare.is_empty() {
            return None;
        }
        let starts_label = |i: usize| {
            // The group's label may stand before the row's on its first line (`（六）其他处理
            // 1.申请人无正`).
            let mut head = bare;
            if let Some(Some(group)) = groups.get(i)
                && let Some(rest) = head.strip_prefix(group.head.as_str())
            {
                head = strip_numbering(rest);
            }
            let label = &self.label_chars[i];
            let n = head.chars().count();
            // Numbered words open a row's label: two characters of it name the row.
            let least = if head.len() < words.len() {
                2
            } else {
                MIN_LABEL_HEAD
            };
            n >= least && label.len() > n && label.iter().copied().take(n).eq(head.chars())
        };
        let unread = |rows: std::ops::Range<usize>| -> Vec<usize> {
            rows.filter(|&i| self.seen[i] < self.reports.len() && starts_label(i))
                .collect()
        };
        // As with a whole label: failing the rows after the last one read, an unread row
        // before it (a table set out of order).
        let rows_after = unread(after..self.keys.len().min(self.label_chars.len()));
        let hits = if rows_after.is_empty() {
            unread(0..after.min(self.label_chars.len()))
        } else {
            rows_after
        };
        match hits[..] {
            [row] => Some((row, self.text.len())),
            [_, _, ..] => {
                // Rows of one group begin alike (`申请人无正当…`, `申请人逾期…`): the number
                // written before the words is the row's place in its group.
                let n = sub_row_number(words)?;
                let mut numbered = hits
                    .iter()
                    .copied()
                    .filter(|&i| self.place_in_group(i) == Some(n));
                match (numbered.next(), numbered.next()) {
                    (Some(row), None) => Some((row, self.text.len())),
                    _ => None,
                }
            }
            [] => None,
        }
    }

    /// Row `i`'s place in its group on the form (1 for the group's first row); `None` for a
    /// row in no group.
    pub(super) fn place_in_group(&self, i: usize) -> Option<usize> {
        let groups = groups(self.reports.first()?.meta.template, self.table);
        groups.get(i)?.as_ref().map(|g| g.place)
    }
}
