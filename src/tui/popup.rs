//! Popups: a centred rectangle, cleared so that no half of a wide character is left at its
//! edges (`Clear` alone can leave one at the left edge).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Clear;

use super::text;

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
