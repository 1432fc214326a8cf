//! Popups: a centred rectangle, cleared so that no half of a wide character is left at its
//! edges (`Clear` alone can leave one at the left edge).

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Clear;

use nianbao::Severity;

use super::text;
use super::theme::Theme;

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clear a popup's rectangle, and blank any wide character cut by its left or right edge.
pub fn clear(frame: &mut Frame, area: Rect) {
    let full = frame.area();
    let buf = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        if area.x > full.x {
            let left = &mut buf[(area.x - 1, y)];
            if text::width(left.symbol()) > 1 {
                left.set_symbol(" ");
            }
        }
        // A wide character starting inside the popup covers the cell beyond its right edge.
        if area.right() < full.right() {
            let last = area.right() - 1;
            if text::width(buf[(last, y)].symbol()) > 1 {
                buf[(area.right(), y)].set_symbol(" ");
            }
        }
    }
    frame.render_widget(Clear, area);
}

/// Why a dialog's action was refused, in red at the foot of the dialog, above the line at
/// `bottom` (the row after the space the dialog's editor may use) and over at most `room - 1`
/// of its rows (the editor keeps one): returns how many rows the reason took.
pub fn refusal(
    buf: &mut Buffer,
    inner: Rect,
    bottom: u16,
    room: u16,
    reason: &str,
    theme: Theme,
) -> u16 {
    let w = inner.width as usize;
    let lines = text::wrap(&text::sanitize(reason), w.saturating_sub(2));
    let n = (lines.len() as u16).min(room.saturating_sub(1)).max(1);
    for (i, l) in lines.iter().take(n as usize).enumerate() {
        let prefix = if i == 0 {
            format!("{} ", theme.severity_mark(Severity::Error))
        } else {
            "  ".into()
        };
        buf.set_stringn(
            inner.x,
            bottom - n + i as u16,
            format!("{prefix}{l}"),
            w,
            theme.severity_style(Severity::Error),
        );
    }
    n
}
