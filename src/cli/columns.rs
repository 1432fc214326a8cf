//! Plain-text tables for the terminal or a pipe: columns as wide as their widest cell,
//! measured in display width so Chinese (double width) lines up, two spaces apart.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::style::Style;

/// The heading line (bold when styled) and one line per row, each ending in a newline.
pub fn render<const N: usize>(head: [&str; N], rows: &[[String; N]], style: Style) -> String {
    // Each cell on one line with its escapes shown: a file name holding a newline cannot
    // forge a row, and widths are measured on what is shown.
    let rows: Vec<[String; N]> = rows
        .iter()
        .map(|r| {
            r.each_ref()
                .map(|c| nianbao::sanitize::inline(c).into_owned())
        })
        .collect();
    let mut widths = head.map(UnicodeWidthStr::width);
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(UnicodeWidthStr::width(c.as_str()));
        }
    }
    let line = |cols: [&str; N]| -> String {
        let padded: Vec<String> = cols
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(c.width()))))
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.bold(&line(head)));
    for row in &rows {
        let _ = writeln!(out, "{}", line(row.each_ref().map(String::as_str)));
    }
    out
}
