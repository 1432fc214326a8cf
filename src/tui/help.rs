//! The `?` overlay: every key, grouped by where it works, generated from the key table.

use ratatui::Frame;

use nianbao::Lang;

use super::keys::{BINDINGS, Ctx};
use super::popup;
use super::text::{self, Align};
use super::theme::Theme;

/// Groups of the reviewer's help, in the order a reviewer meets them.
pub const GROUPS: &[Ctx] = &[
    Ctx::Table,
    Ctx::Overview,
    Ctx::Nav,
    Ctx::Narrative,
    Ctx::Detail,
    Ctx::Editor,
    Ctx::SignOff,
    Ctx::Reading,
    Ctx::Search,
];

/// The help's lines for some groups of keys: a heading per group, then `key  description`,
/// then the legend of markers.
pub fn lines(lang: Lang, theme: Theme, groups: &[Ctx]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for &ctx in groups {
        let items: Vec<_> = BINDINGS
            .iter()
            .filter(|b| b.ctx.contains(&ctx) && !seen.contains(&(b.label, b.does)))
            .collect();
        if items.is_empty() {
            continue;
        }
        out.push((ctx.title(lang).to_string(), true));
        for b in items {
            // One line per key: `n` and `N` share theirs.
            if seen.contains(&(b.label, b.does)) {
                continue;
            }
            seen.push((b.label, b.does));
            out.push((
                format!(
                    "  {}  {}",
                    text::fit(b.label, 8, Align::Left, true),
                    lang.pick(b.does, b.does_en)
                ),
                false,
            ));
        }
    }
    let legend = format!(
        "{} {}  {} {}  {} {}  {} {}  {} {}",
        theme.severity_mark(nianbao::Severity::Error),
        lang.pick("错误", "error"),
        theme.severity_mark(nianbao::Severity::Warning),
        lang.pick("警告", "warning"),
        theme.changed_mark(),
        lang.pick("有变化", "changed"),
        theme.annotated_mark(),
        lang.pick("有批注", "annotated"),
        theme.delta(rust_decimal::Decimal::ONE),
        lang.pick("较上年", "vs last year"),
    );
    out.push((lang.pick("标记", "Markers").to_string(), true));
    out.push((format!("  {legend}"), false));
    out
}

/// Draw the help overlay for some groups of keys, scrolled by `scroll` lines.
pub fn draw(frame: &mut Frame, lang: Lang, t: Theme, groups: &[Ctx], scroll: usize) {
    let area = popup::centered(frame.area(), 64, 40);
    popup::clear(frame, area);
    let block = t.dialog_block(lang.pick(" 按键帮助（Esc 关闭） ", " Keys (Esc closes) "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let all = lines(lang, t, groups);
    let scroll = scroll.min(max_scroll(all.len(), inner.height));
    let buf = frame.buffer_mut();
    for (i, (l, heading)) in all
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let style = if *heading {
            t.bold()
        } else {
            ratatui::style::Style::new()
        };
        buf.set_stringn(inner.x, inner.y + i as u16, l, inner.width as usize, style);
    }
    // Say that there is more, and how to reach it, on the frame itself.
    let more_below = scroll + (inner.height as usize) < all.len();
    if more_below || scroll > 0 {
        let marker = match (more_below, lang) {
            (true, nianbao::Lang::Zh) => " ↓ 还有更多（j/PgDn） ",
            (true, nianbao::Lang::En) => " ↓ more (j/PgDn) ",
            (false, nianbao::Lang::Zh) => " ↑ 已到末尾（k/PgUp） ",
            (false, nianbao::Lang::En) => " ↑ end (k/PgUp) ",
        };
        let marker = if t.ascii {
            marker.replace('↓', "v").replace('↑', "^")
        } else {
            marker.to_string()
        };
        let w = text::width(&marker) as u16;
        let x = area.right().saturating_sub(w + 1).max(area.x);
        buf.set_stringn(x, area.bottom() - 1, marker, w as usize, t.bold());
    }
}

/// The farthest the help scrolls: its last line at the bottom.
pub fn max_scroll(lines: usize, height: u16) -> usize {
    lines.saturating_sub(height as usize)
}

/// The help's inner height on a screen of `size`.
pub fn inner_height(size: ratatui::layout::Rect) -> u16 {
    popup::centered(size, 64, 40).height.saturating_sub(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each key is explained once, whichever groups it works in (the snapshot once showed
    /// rows twice), and every group a reviewer can be in has its heading.
    #[test]
    fn every_key_is_listed_once() {
        for lang in [Lang::Zh, Lang::En] {
            let theme = Theme {
                ascii: false,
                color: false,
            };
            let lines = lines(lang, theme, GROUPS);
            let rows: Vec<&str> = lines
                .iter()
                .filter(|(l, heading)| !heading && l.starts_with("  "))
                .map(|(l, _)| l.as_str())
                .collect();
            let mut seen = std::collections::HashSet::new();
            for r in &rows {
                assert!(seen.insert(*r), "{r:?} listed twice");
            }
            assert!(rows.len() >= 25, "{rows:#?}");
            let headings = lines.iter().filter(|(_, h)| *h).count();
            assert!(headings >= 6, "{lines:#?}");
        }
    }
}
