//! Text from a report, a file name or a note made safe to show: every character that a
//! terminal or a Markdown reader would act on instead of showing is written out visibly.
//!
//! One place decides what is dangerous, so the CLI, the TUI and the memo agree:
//! - control characters (C0, DEL, C1), among them ESC, which starts terminal escapes
//!   (`\x1b]0;title\x07` retitles the window, `\x1b[2J` clears the screen);
//! - bidirectional overrides and isolates (U+202A–202E, U+2066–2069, U+200E/F, U+061C), which
//!   reorder what is shown (the "Trojan source" trick);
//! - invisible characters (zero-width space, joiners, word joiner, BOM) and the Unicode line
//!   and paragraph separators, which hide or forge text.
//!
//! They are shown as `\x1b` (ASCII controls) or `\u{202e}` (the rest), which no terminal acts on.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a character must be shown escaped. Newline and TAB are decided by the caller.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{206a}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
    )
}

fn escape_into(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

fn escape_where(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_unsafe(c) && !keep(c) {
            escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One field shown on one line (a file name, an agency, a reviewer's name): every unsafe
/// character escaped, newlines and TABs too, so a name cannot forge a row or a line.
pub fn inline(s: &str) -> Cow<'_, str> {
    escape_where(s, |_| false)
}

/// Text of several lines (a note, a block of output): newlines and TABs kept, every other
/// unsafe character escaped.
pub fn text(s: &str) -> Cow<'_, str> {
    escape_where(s, |c| c == '\n' || c == '\t')
}

/// [`text`], letting through unchanged only the exact sequences in `keep` (the caller's own
/// colour codes, e.g. `"\x1b[1m"`): an escape from anywhere else is still shown escaped.
pub fn text_keeping<'a>(s: &'a str, keep: &[&str]) -> Cow<'a, str> {
    if keep.is_empty() || !s.contains('\x1b') {
        return text(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    while let Some(i) = rest.find('\x1b') {
        out.push_str(&text(&rest[..i]));
        let tail = &rest[i..];
        match keep.iter().find(|k| tail.starts_with(**k)) {
            Some(k) => {
                out.push_str(k);
                rest = &tail[k.len()..];
            }
            None => {
                out.push_str("\\x1b");
                rest = &tail[1..];
            }
        }
    }
    out.push_str(&text(rest));
    Cow::Owned(out)
}

/// ASCII punctuation that is Markdown or HTML syntax anywhere in a line.
fn markdown_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '!' | '~'
    )
}

/// Escape one line for Markdown: syntax characters anywhere, and, for a line that starts a
/// line of the document (`own_line`), what makes a heading, a list or a rule there.
fn markdown_line(out: &mut String, line: &str, own_line: bool) {
    let body = line.trim_start_matches([' ', '\t']);
    out.push_str(&line[..line.len() - body.len()]);
    // A heading, list item, rule or setext underline starts the line.
    if own_line && body.starts_with(['#', '-', '+', '=']) {
        out.push('\\');
    }
    // An ordered list item: digits then `.` or `)`.
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let ordered = own_line && digits > 0 && digits < 10 && body[digits..].starts_with(['.', ')']);
    for (i, c) in body.char_indices() {
        if ordered && i == digits {
            out.push('\\');
        }
        if markdown_special(c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// A field for a Markdown document, inside a line (after a label or a list marker):
/// [`inline`], so it cannot break the line, then Markdown and HTML syntax escaped with
/// backslashes (`\<img>`, `\[x\](javascript:…)`), so it shows as written and nothing in it
/// becomes a tag, a link or an image.
pub fn markdown_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    markdown_line(&mut out, &inline(s), false);
    out
}

/// Text of several lines for a Markdown document: [`text`], then each line escaped as by
/// [`markdown_inline`] and for the start of a line (`\#`, `\-`, `1\.`); the newlines are kept
/// for the caller to lay out.
pub fn markdown_text(s: &str) -> String {
    let safe = text(s);
    let mut out = String::with_capacity(s.len() + 8);
    for (i, line) in safe.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        markdown_line(&mut out, line, true);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_shown_not_acted_on() {
        assert_eq!(inline("a\x1b[2Jb\x07"), "a\\x1b[2Jb\\x07");
        assert_eq!(
            inline("公开\u{202e}透明\u{200b}"),
            "公开\\u{202e}透明\\u{200b}"
        );
        assert_eq!(inline("a\nb"), "a\\nb");
        assert_eq!(text("a\nb\tc\rd"), "a\nb\tc\\rd");
        assert!(matches!(inline("周村区行政审批服务局"), Cow::Borrowed(_)));
    }

    #[test]
    fn only_the_callers_own_codes_pass() {
        let s = "\x1b[1m标题\x1b[0m \x1b]0;pwned\x07";
        assert_eq!(
            text_keeping(s, &["\x1b[1m", "\x1b[0m"]),
            "\x1b[1m标题\x1b[0m \\x1b]0;pwned\\x07"
        );
    }

    #[test]
    fn markdown_cannot_add_markup() {
        assert_eq!(markdown_inline("张三\n# 批准"), "张三\\\\n# 批准");
        assert_eq!(markdown_text("# 标题"), "\\# 标题");
        assert_eq!(
            markdown_inline("<img src=x onerror=alert(1)>"),
            "\\<img src=x onerror=alert(1)\\>"
        );
        assert_eq!(
            markdown_inline("[点击](javascript:alert(1))"),
            "\\[点击\\](javascript:alert(1))"
        );
        assert_eq!(markdown_text("好\n1. 列表\n---"), "好\n1\\. 列表\n\\---");
    }
}
