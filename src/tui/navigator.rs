//! The navigator: the six sections and their tables, each with its finding count. A column
//! when the terminal is wide, one line of tabs when it is narrow.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Borders;

use nianbao::Lang;

use super::app::{App, NavItem, Pane};
use super::layout::WIDE;
use super::text::{self, Align};

/// The navigator's own state: its entries and the selected one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavState {
    /// The entries, the overview first.
    pub items: Vec<NavItem>,
    /// The selected entry.
    pub sel: usize,
}

impl NavState {
    /// The entries, the first selected.
    pub fn new(items: Vec<NavItem>) -> NavState {
        NavState { items, sel: 0 }
    }

    /// The selected entry.
    pub fn item(&self) -> NavItem {
        self.items[self.sel]
    }

    /// Select an entry, when it is there.
    pub fn select(&mut self, item: NavItem) {
        if let Some(i) = self.items.iter().position(|x| *x == item) {
            self.sel = i;
        }
    }

    /// Move the selection by `n` entries, staying on the list.
    pub fn step(&mut self, down: bool, n: usize) {
        let last = self.items.len().saturating_sub(1);
        self.sel = if down {
            self.sel.saturating_add(n).min(last)
        } else {
            self.sel.saturating_sub(n)
        };
    }
}

fn count(app: &App, item: NavItem) -> usize {
    match item {
        // The overview's counts are in it.
        NavItem::Overview => 0,
        NavItem::Section(s) => app.data.findings_on_section(s).count(),
        NavItem::Table(t) => app.data.table_count(t),
    }
}

/// The worst severity among an entry's findings.
fn worst(app: &App, item: NavItem) -> Option<nianbao::Severity> {
    use super::data::Place;
    app.data
        .findings
        .iter()
        .filter(|f| match (item, app.data.place(f)) {
            (NavItem::Section(s), Place::Section(x)) => s == x,
            (NavItem::Table(t), Place::Cell(x, _, _)) => t == x,
            _ => false,
        })
        .map(|f| f.severity)
        .max()
}

fn long_label(app: &App, item: NavItem) -> String {
    super::overview_view::item_label(app.lang, item)
}

fn short_label(app: &App, item: NavItem) -> String {
    match item {
        NavItem::Overview => app.lang.pick("总览", "Sum").to_string(),
        NavItem::Section(s) => match app.lang {
            Lang::Zh => s.numeral().to_string(),
            Lang::En => format!("{}", s.index() + 1),
        },
        NavItem::Table(t) => match app.lang {
            Lang::Zh => format!("表{}", t.section().numeral()),
            Lang::En => format!("T{}", t.section().index() + 1),
        },
    }
}

fn tab_label(app: &App, item: NavItem) -> String {
    let n = count(app, item);
    if n > 0 {
        format!(" {}({n}) ", short_label(app, item))
    } else {
        format!(" {} ", short_label(app, item))
    }
}

/// The entry at a screen position (for a click), if any.
pub fn item_at(app: &App, area: Rect, x: u16, y: u16) -> Option<usize> {
    if app.size.width < WIDE {
        let mut left = area.x;
        for (i, item) in app.nav.items.iter().enumerate() {
            let right = left + text::width(&tab_label(app, *item)) as u16;
            if x >= left && x < right {
                return Some(i);
            }
            left = right;
        }
        return None;
    }
    // Below the top border, one entry a line.
    let i = y.checked_sub(area.y + 1)? as usize;
    (i < app.nav.items.len()).then_some(i)
}

/// Draw the navigator.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let focused = app.focus == Pane::Nav;
    if app.size.width < WIDE {
        // One line of tabs.
        let mut x = area.x;
        let buf = frame.buffer_mut();
        for (i, item) in app.nav.items.iter().enumerate() {
            let label = tab_label(app, *item);
            let style = if i == app.nav.sel && focused {
                t.cursor()
            } else if i == app.nav.sel {
                t.bold().add_modifier(
                    ratatui::style::Modifier::UNDERLINED | ratatui::style::Modifier::REVERSED,
                )
            } else {
                ratatui::style::Style::new()
            };
            let room = area.right().saturating_sub(x) as usize;
            if room == 0 {
                break;
            }
            let (nx, _) = buf.set_stringn(x, area.y, &label, room, style);
            x = nx;
        }
        return;
    }
    let block = t
        .pane_block(app.lang.pick(" 目录 ", " Contents "), focused)
        .borders(Borders::TOP | Borders::RIGHT);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let buf = frame.buffer_mut();
    let w = inner.width as usize;
    for (i, item) in app.nav.items.iter().enumerate() {
        if i as u16 >= inner.height {
            break;
        }
        let n = count(app, *item);
        // The count with the worst severity's marker, so errors stand out without colour.
        let badge = match worst(app, *item) {
            Some(sev) if n > 0 => format!(" {}{n}", t.severity_mark(sev)),
            _ => String::new(),
        };
        let label = text::fit(
            &long_label(app, *item),
            w.saturating_sub(text::width(&badge)),
            Align::Left,
            t.ascii,
        );
        let style = if i == app.nav.sel && focused {
            t.cursor()
        } else if i == app.nav.sel {
            t.bold().add_modifier(ratatui::style::Modifier::REVERSED)
        } else {
            ratatui::style::Style::new()
        };
        buf.set_stringn(
            inner.x,
            inner.y + i as u16,
            format!("{label}{badge}"),
            w,
            style,
        );
    }
}
