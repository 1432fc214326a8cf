//! Form feeds: the page breaks of a text made from a PDF (pdftotext ends every page with one,
//! Word's text export writes its manual page breaks so). A form feed at a line's start or end is
//! a page break and no line of its own, as an editor shows it; between two texts on one line it
//! also breaks the line. The lines where pages start are remembered, as the PDF reader's are,
//! so a reader can tell a page's blank margin from a blank cell.

/// The text without its form feeds, and the first line (1-based) of each page when the text
/// holds more than one page (empty otherwise). A page with no text claims no line.
pub fn paginate(text: String) -> (String, Vec<usize>) {
    if memchr::memchr(b'\x0c', text.as_bytes()).is_none() {
        return (text, Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    // (first line, where its text starts in `out`) of each page after the first.
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x0c' => {
                let at_line_start = out.is_empty() || out.ends_with('\n');
                let at_line_end = matches!(chars.peek(), None | Some('\n' | '\x0c'));
                let first = if at_line_start {
                    line
                } else if at_line_end {
                    // A form feed closing a line starts the page on the next one.
                    line + 1
                } else {
                    out.push('\n');
                    line += 1;
                    line
                };
                match starts.last_mut() {
                    // Form feeds in a row: the empty pages between claim nothing.
                    Some(last) if last.0 == first => last.1 = out.len(),
                    _ => starts.push((first, out.len())),
                }
            }
            '\n' => {
                out.push('\n');
                line += 1;
            }
            c => out.push(c),
        }
    }
    // The last form feed of pdftotext's output closes the text: no page follows it. (Where
    // the text ends, found once: a text of form feeds alone would ask it of every page.)
    let end = out.trim_end().len();
    while starts.last().is_some_and(|&(_, at)| at >= end) {
        starts.pop();
    }
    starts.retain(|&(first, _)| first > 1);
    starts.dedup_by_key(|s| s.0);
    if starts.is_empty() {
        return (out, Vec::new());
    }
    let pages = std::iter::once(1).chain(starts.into_iter().map(|(first, _)| first));
    (out, pages.collect())
}

#[cfg(test)]
mod tests {
    use super::paginate;

    fn pages(text: &str) -> (String, Vec<usize>) {
        paginate(text.to_string())
    }

    #[test]
    fn pdftotext_page_ends_are_no_lines() {
        // pdftotext: each page's text, then a form feed, the next page's text on from it.
        assert_eq!(
            pages("一\n二\n\x0c三\n四\n\x0c"),
            ("一\n二\n三\n四\n".to_string(), vec![1, 3])
        );
    }

    #[test]
    fn a_form_feed_alone_on_a_line_leaves_that_line_blank() {
        // As an editor counts lines: the form feed's line stays, empty, at its page's top.
        assert_eq!(pages("一\n\x0c\n二"), ("一\n\n二".to_string(), vec![1, 2]));
    }

    #[test]
    fn a_form_feed_closing_a_line_starts_the_page_on_the_next() {
        assert_eq!(pages("一\x0c\n二"), ("一\n二".to_string(), vec![1, 2]));
    }

    #[test]
    fn a_form_feed_between_texts_breaks_the_line() {
        assert_eq!(pages("一\x0c二"), ("一\n二".to_string(), vec![1, 2]));
    }

    #[test]
    fn one_page_is_no_pages() {
        assert_eq!(pages("一\n二\n\x0c"), ("一\n二\n".to_string(), vec![]));
        assert_eq!(pages("\x0c一\n二"), ("一\n二".to_string(), vec![]));
        assert_eq!(pages("一\n二"), ("一\n二".to_string(), vec![]));
    }

    #[test]
    fn empty_pages_after_the_text_are_no_pages() {
        // (Where the text ends is found once: asked of each of these pages, a hostile text
        // of form feeds alone took quadratic time.)
        let text = "一\n".to_string() + &"\x0c\n".repeat(200_000);
        let (out, pages) = paginate(text);
        assert_eq!((out.len(), pages), ("一\n".len() + 200_000, vec![]));
    }

    #[test]
    fn empty_pages_claim_no_line() {
        assert_eq!(
            pages("一\n\x0c\x0c\x0c二\n"),
            ("一\n二\n".to_string(), vec![1, 2])
        );
    }
}
