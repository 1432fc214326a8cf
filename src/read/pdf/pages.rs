//! Pages → one text: drop what the printer repeats on every page (page numbers, running
//! headers and footers) so it never becomes a cell, and join the pages so a table broken
//! across a page break reads as one table.

use std::collections::HashMap;

use super::PdfText;
use crate::model::is_page_number;

/// How many non-blank lines at the top and at the bottom of a page can be furniture.
const EDGE: usize = 3;

/// Join the pages' text, furniture dropped, remembering where each page starts.
pub fn assemble(pages: &[String]) -> PdfText {
    let pages: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| p.lines().map(str::trim_end).collect())
        .collect();
    let running = running_lines(&pages);
    let mut lines: Vec<String> = Vec::new();
    let mut page_starts = Vec::with_capacity(pages.len());
    for page in &pages {
        page_starts.push(lines.len() + 1);
        let edges = edge_lines(page);
        let kept: Vec<&str> = page
            .iter()
            .enumerate()
            .filter(|&(i, line)| {
                !(edges.contains(&i)
                    && (is_page_number(line) || running.contains_key(&furniture_key(line))))
            })
            .map(|(_, line)| *line)
            .collect();
        // Blank lines at a page's edges are the page's margins, not blank cells.
        let first = kept.iter().position(|l| !l.trim().is_empty());
        let last = kept.iter().rposition(|l| !l.trim().is_empty());
        if let (Some(first), Some(last)) = (first, last) {
            lines.extend(kept[first..=last].iter().map(|l| clean(l)));
        }
    }
    PdfText {
        text: lines.join("\n"),
        page_starts,
    }
}

/// Control characters a text layer may carry (form feeds, stray NULs) would split or garble
/// lines; tabs stay.
fn clean(line: &str) -> String {
    line.chars()
        .filter(|c| *c == '\t' || !c.is_control())
        .collect()
}

/// Indices of the first and last [`EDGE`] non-blank lines of a page.
fn edge_lines(page: &[&str]) -> Vec<usize> {
    let filled: Vec<usize> = (0..page.len())
        .filter(|&i| !page[i].trim().is_empty())
        .collect();
    let mut edges: Vec<usize> = filled.iter().take(EDGE).copied().collect();
    edges.extend(filled.iter().rev().take(EDGE));
    edges
}

/// A line with its digits masked, so `2024年报告 第3页` on each page counts as one line.
fn furniture_key(line: &str) -> String {
    line.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Lines found at the top or bottom of at least three pages and of half of them: running
/// headers and footers. Fewer pages cannot tell a running header from a repeated heading.
fn running_lines(pages: &[Vec<&str>]) -> HashMap<String, usize> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in pages {
        let mut keys: Vec<String> = edge_lines(page)
            .into_iter()
            .map(|i| furniture_key(page[i]))
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            *seen.entry(key).or_default() += 1;
        }
    }
    let needed = pages.len().div_ceil(2).max(3);
    seen.retain(|key, n| *n >= needed && !key.is_empty());
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_and_running_headers_are_dropped_and_pages_remembered() {
        let page = |n: usize, body: &str| {
            format!("某某市人民政府2024年政府信息公开年报\n\n- {n} -\n{body}\n本页完")
        };
        let pages = vec![
            page(1, "一、总体情况\n正文"),
            page(2, "二、主动公开政府信息情况\n规章 0 0 1"),
            page(3, "行政规范性文件 3 1 4"),
            page(4, "六、其他需要报告的事项\n无"),
        ];
        let joined = assemble(&pages);
        assert!(!joined.text.contains("年报"), "{}", joined.text);
        assert!(!joined.text.contains("- 3 -"), "{}", joined.text);
        assert!(!joined.text.contains("本页完"), "{}", joined.text);
        assert!(
            joined.text.contains("规章 0 0 1\n行政规范性文件 3 1 4"),
            "{}",
            joined.text
        );
        let lines: Vec<&str> = joined.text.lines().collect();
        assert_eq!(joined.page_starts.len(), 4);
        assert_eq!(lines[joined.page_starts[2] - 1], "行政规范性文件 3 1 4");
    }

    #[test]
    fn two_pages_keep_their_repeated_lines() {
        let pages = vec!["表头\n1 2 3".to_owned(), "表头\n4 5 6".to_owned()];
        assert_eq!(assemble(&pages).text, "表头\n1 2 3\n表头\n4 5 6");
    }
}
