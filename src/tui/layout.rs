//! Where each pane goes for a terminal size. Used by drawing and by `update` (to keep the
//! cursor in view), so both agree on what is visible.

use ratatui::layout::Rect;

/// Below this width the navigator becomes one line of tabs and tables show this year only.
pub const WIDE: u16 = 100;

/// The panes' rectangles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// Identity, counts, sign-off state.
    pub header: Rect,
    /// The navigator: a column when wide, one line of tabs when narrow.
    pub nav: Rect,
    /// The table or narrative view.
    pub main: Rect,
    /// Details of the cursor.
    pub detail: Rect,
    /// Key hints.
    pub footer: Rect,
}

/// Split the screen. `zoom` gives the detail pane the main area's room.
pub fn areas(size: Rect, zoom: bool) -> Areas {
    let h = size.height;
    let header = Rect::new(size.x, size.y, size.width, 2.min(h));
    let footer_y = size.y + h.saturating_sub(1);
    let footer = Rect::new(size.x, footer_y, size.width, u16::from(h > 2));
    let body_y = header.bottom();
    let body_h = h.saturating_sub(header.height + footer.height);
    let (nav, rest) = if size.width >= WIDE {
        let nav_w = 26.min(size.width / 4);
        (
            Rect::new(size.x, body_y, nav_w, body_h),
            Rect::new(size.x + nav_w, body_y, size.width - nav_w, body_h),
        )
    } else {
        let tabs = 1.min(body_h);
        (
            Rect::new(size.x, body_y, size.width, tabs),
            Rect::new(size.x, body_y + tabs, size.width, body_h - tabs),
        )
    };
    let detail_h = if zoom {
        // Keep the cursor row in sight: below the title and column heads, and the year
        // heading that the side-by-side view adds when wide.
        let keep = if size.width >= WIDE { 4 } else { 3 };
        rest.height.saturating_sub(keep)
    } else {
        (rest.height / 3).clamp(4.min(rest.height), 10)
    };
    let main = Rect::new(rest.x, rest.y, rest.width, rest.height - detail_h);
    let detail = Rect::new(rest.x, main.bottom(), rest.width, detail_h);
    Areas {
        header,
        nav,
        main,
        detail,
        footer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_tile_the_screen_at_80x24_and_wide() {
        for (w, h) in [(80, 24), (160, 48), (20, 5), (0, 0)] {
            let a = areas(Rect::new(0, 0, w, h), false);
            let total = a.header.height + a.main.height + a.detail.height + a.footer.height;
            let nav_rows = if w >= WIDE { 0 } else { a.nav.height };
            assert_eq!(total + nav_rows, h, "{w}x{h}");
        }
    }
}
