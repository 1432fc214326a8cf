//! Text for the screen: every string from a report is made inert here (control and escape
//! characters become visible placeholders), measured in terminal cells with `unicode-width`,
//! truncated with an ellipsis, and broken into lines between Chinese characters, which
//! ratatui's `Paragraph` will not do (it wraps only at spaces).

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Whether a character must never reach the terminal as it is: the one list the CLI and the
/// memo use too ([`nianbao::sanitize::is_unsafe`]: controls, bidi overrides, invisibles).
fn is_unsafe(c: char) -> bool {
    nianbao::sanitize::is_unsafe(c)
}

/// The text with every control, escape and bidi-override character replaced by a visible,
/// ASCII placeholder (`^[` for ESC, `<U+009B>` for others); a tab becomes a space and line
/// breaks are kept only when `keep_newlines` is set.
pub fn sanitize_with(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| is_unsafe(c) && !(keep_newlines && c == '\n'))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from(b'@' + c as u8));
            }
            '\u{7f}' => out.push_str("^?"),
            c if is_unsafe(c) => out.push_str(&format!("<U+{:04X}>", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// One line of report text made inert (see [`sanitize_with`]); line breaks become placeholders.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    sanitize_with(text, false)
}

/// With `ascii`, the ambiguous-width punctuation of library text (the `·` between labels,
/// curly quotes, `…`) as ASCII, so `--ascii` keeps its promise in messages too.
pub fn ascii_fold(text: &str, ascii: bool) -> Cow<'_, str> {
    if !ascii || text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '·' => out.push('|'),
            '“' | '”' => out.push('"'),
            '‘' | '’' => out.push('\''),
            '…' => out.push_str("..."),
            '→' => out.push_str("->"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Display width in terminal cells.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// The text cut to at most `max` cells, ending in an ellipsis when cut (`...` in ASCII mode);
/// a wide character that would straddle the edge is dropped rather than split.
pub fn truncate(text: &str, max: usize, ascii: bool) -> Cow<'_, str> {
    if width(text) <= max {
        return Cow::Borrowed(text);
    }
    let ellipsis = if ascii { "..." } else { "…" };
    let room = max.saturating_sub(width(ellipsis));
    if max < width(ellipsis) {
        return Cow::Owned(".".repeat(max));
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = width(g);
        if used + w > room {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push_str(ellipsis);
    Cow::Owned(out)
}

/// How text sits in a fixed width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Flush right (numbers).
    Right,
    /// Centred.
    Center,
}

/// The text truncated or padded with spaces to exactly `cells` cells.
pub fn fit(text: &str, cells: usize, align: Align, ascii: bool) -> String {
    let t = truncate(text, cells, ascii);
    let pad = cells.saturating_sub(width(&t));
    match align {
        Align::Left => format!("{t}{}", " ".repeat(pad)),
        Align::Right => format!("{}{t}", " ".repeat(pad)),
        Align::Center => {
            let left = pad / 2;
            format!("{}{t}{}", " ".repeat(left), " ".repeat(pad - left))
        }
    }
}

/// Characters a line should not start with (closing punctuation), per the usual Chinese
/// line-breaking practice: they stay on the line before when they can.
fn no_line_start(g: &str) -> bool {
    matches!(
        g,
        "，" | "。"
            | "、"
            | "；"
            | "："
            | "？"
            | "！"
            | "）"
            | "》"
            | "」"
            | "』"
            | "”"
            | "’"
            | ","
            | "."
            | ";"
            | ":"
            | ")"
            | "%"
            | "％"
    )
}

/// Whether two neighbouring graphemes belong to one unbreakable run (an ASCII word or a
/// number such as `1234` or `3.5`), which is kept whole when it fits on a line.
fn joins(a: &str, b: &str) -> bool {
    let word = |g: &str| {
        g.chars().all(|c| {
            c.is_ascii_alphanumeric() || c == '.' || c == '%' || ('０'..='９').contains(&c)
        })
    };
    word(a) && word(b)
}

/// Break styled runs into lines of at most `max` cells. Breaks fall between any two Chinese
/// characters, never inside an ASCII word or a digit run that fits on a line, and not before
/// closing punctuation. Each output line is a list of `(text, tag)` pieces. Text must already be
/// sanitised; `\n` starts a new line.
pub fn wrap_runs<T: Copy + PartialEq>(runs: &[(&str, T)], max: usize) -> Vec<Vec<(String, T)>> {
    let max = max.max(2);
    // Flatten to graphemes with their tags so breaking can look across run boundaries.
    let mut items: Vec<(&str, T)> = Vec::new();
    for (text, tag) in runs {
        for g in text.graphemes(true) {
            items.push((g, *tag));
        }
    }
    let mut lines: Vec<Vec<(String, T)>> = Vec::new();
    let mut line: Vec<(&str, T)> = Vec::new();
    let mut used = 0usize;
    let flush = |line: &mut Vec<(&str, T)>, lines: &mut Vec<Vec<(String, T)>>| {
        let mut pieces: Vec<(String, T)> = Vec::new();
        for (g, tag) in line.drain(..) {
            match pieces.last_mut() {
                Some((s, t)) if *t == tag => s.push_str(g),
                _ => pieces.push((g.to_string(), tag)),
            }
        }
        lines.push(pieces);
    };
    let mut i = 0;
    while i < items.len() {
        let (g, _) = items[i];
        if g == "\n" || g == "\r\n" {
            flush(&mut line, &mut lines);
            used = 0;
            i += 1;
            continue;
        }
        // The unit to place: a whole word/number run, or one grapheme.
        let mut j = i + 1;
        while j < items.len() && joins(items[j - 1].0, items[j].0) {
            j += 1;
        }
        let unit_w: usize = items[i..j].iter().map(|(g, _)| width(g)).sum();
        if used + unit_w > max && used > 0 && unit_w <= max {
            // Closing punctuation must not start a line, and hanging it past the edge would
            // clip it: take the character before it down to the next line too.
            let movable = |prev: &str| !no_line_start(prev) && !joins(prev, "0");
            let carry = if j == i + 1
                && no_line_start(g)
                && line.len() > 1
                && line.last().is_some_and(|(prev, _)| movable(prev))
            {
                line.pop()
            } else {
                None
            };
            flush(&mut line, &mut lines);
            used = 0;
            if let Some(c) = carry {
                used = width(c.0);
                line.push(c);
            }
        }
        for item in &items[i..j] {
            let w = width(item.0);
            if used + w > max && used > 0 {
                flush(&mut line, &mut lines);
                used = 0;
            }
            line.push(*item);
            used += w;
        }
        i = j;
    }
    if !line.is_empty() || lines.is_empty() {
        flush(&mut line, &mut lines);
    }
    lines
}

/// Plain text broken into lines of at most `max` cells (see [`wrap_runs`]).
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    wrap_runs(&[(text, ())], max)
        .into_iter()
        .map(|pieces| pieces.into_iter().map(|(s, _)| s).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_placeholders() {
        assert_eq!(sanitize("a\x1b[31mb"), "a^[[31mb");
        assert_eq!(sanitize("x\u{9b}y"), "x<U+009B>y");
        assert_eq!(sanitize("\u{202E}abc"), "<U+202E>abc");
        assert_eq!(sanitize("行\t政"), "行 政");
        assert!(matches!(sanitize("干净的文本"), Cow::Borrowed(_)));
        assert_eq!(sanitize_with("一\n二", true), "一\n二");
    }

    #[test]
    fn truncation_counts_chinese_as_two_cells() {
        assert_eq!(
            truncate("本年新收政府信息公开申请数量", 9, false),
            "本年新收…"
        );
        assert_eq!(
            width(&truncate("本年新收政府信息公开申请数量", 9, false)),
            9
        );
        assert_eq!(truncate("本年新收政府", 8, true), "本年...");
        assert_eq!(fit("自然人", 8, Align::Right, false), "  自然人");
        assert_eq!(width(&fit("商业企业abc", 7, Align::Left, false)), 7);
    }

    #[test]
    fn chinese_text_wraps_between_characters_and_keeps_digit_runs() {
        let lines = wrap("我局共收到申请1234件，全部按时答复。", 10);
        assert!(lines.iter().all(|l| width(l) <= 10), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("1234")));
        assert_eq!(lines.concat(), "我局共收到申请1234件，全部按时答复。");
        // Closing punctuation stays at the end of a line instead of starting the next one.
        assert!(lines.iter().skip(1).all(|l| !l.starts_with('，')));
    }

    #[test]
    fn punctuation_at_a_full_line_is_never_cut_off() {
        // 不足 fills the line exactly; 。 must neither hang past the edge nor start a line.
        let lines = wrap("存在不足。针对上述问题", 8);
        assert_eq!(lines, vec!["存在不", "足。针对", "上述问题"]);
    }
}
