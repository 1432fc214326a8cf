//! The table view: the selected table with last year on the left and this year on the
//! right, rows aligned by canonical id, a frozen label column, and the data columns sliced by
//! hand for horizontal scrolling (`TableState` has no horizontal offset). Each of this year's
//! cells shows a state marker, its value, its change since last year, and a note marker.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders};

use nianbao::Lang;
use nianbao::model::{CellStatus, TableId};

use super::app::{App, Pane};
use super::grid::GridCell;
use super::text::{self, Align};
use nianbao::compare::OnlyIn;
use nianbao::review::Target;

/// Widest a data column grows for its value (its head may make it wider).
const MAX_COL: usize = 18;
/// Narrowest a data column shrinks.
const MIN_COL: usize = 5;
/// Column heads wrap over at most this many lines.
const MAX_HEAD_LINES: usize = 3;

/// One display line of the table body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// Line `k` of the heads naming the columns of the rows below (where the column set
    /// changes).
    Header(usize, usize),
    /// A shown row.
    Row(usize),
}

/// The table's shape at a size: what `update` needs to keep the cursor in view, and what
/// drawing needs to place every cell.
#[derive(Debug, Clone)]
pub struct Geometry {
    /// Width of the frozen label column.
    pub label_w: usize,
    /// Width of each data column, by position.
    pub col_w: Vec<usize>,
    /// Lines the column heads take (1–3): as few as let the table fit, whole words always.
    pub head_lines: usize,
    /// Body lines, group headers included.
    pub lines: Vec<Line>,
    /// Body lines that fit.
    pub body_rows: usize,
    /// Width for data columns in one year's pane.
    pub pane_w: usize,
    /// Both years side by side.
    pub split: bool,
}

impl Geometry {
    /// The body line of a shown row.
    pub fn line_of_row(&self, row: usize) -> usize {
        self.lines
            .iter()
            .position(|l| *l == Line::Row(row))
            .unwrap_or(0)
    }

    /// Whether columns `from..=to` fit in one pane.
    pub fn fits(&self, from: usize, to: usize) -> bool {
        let need: usize = (from..=to.min(self.col_w.len().saturating_sub(1)))
            .map(|i| self.col_w[i] + 1)
            .sum();
        need <= self.pane_w
    }

    /// The data columns shown from `offset`.
    pub fn visible(&self, offset: usize) -> std::ops::Range<usize> {
        let mut used = 0;
        let mut end = offset;
        while end < self.col_w.len() && used + self.col_w[end] < self.pane_w {
            used += self.col_w[end] + 1;
            end += 1;
        }
        offset..end.max((offset + 1).min(self.col_w.len()))
    }
}

impl Geometry {
    /// The (row, column) shown at a screen position of the pane `area`, for a click.
    pub fn hit(&self, area: Rect, cur: &TableCursor, x: u16, y: u16) -> Option<(usize, usize)> {
        let top = area.y + 1 + u16::from(self.split) + self.head_lines as u16;
        let k = y.checked_sub(top)? as usize;
        let start = self.lines[cur.row_off.min(self.lines.len().saturating_sub(1))..]
            .iter()
            .position(|l| matches!(l, Line::Row(_)))
            .map_or(cur.row_off, |p| cur.row_off + p);
        let Line::Row(row) = *self.lines.get(start + k)? else {
            return None;
        };
        // The column: within either year's pane, counted from the first shown column.
        let mut dx = (x.checked_sub(area.x)? as usize).checked_sub(self.label_w + 1);
        if let Some(d) = dx
            && self.split
            && d > self.pane_w
        {
            dx = Some(d - self.pane_w - 1);
        }
        let Some(mut d) = dx else {
            return Some((row, cur.col));
        };
        let mut col = cur.col_off;
        for c in self.visible(cur.col_off) {
            if d < self.col_w[c] + 1 {
                return Some((row, c));
            }
            d -= self.col_w[c] + 1;
            col = c;
        }
        Some((row, col))
    }
}

/// The narrowest width at which a head wraps into at most `lines` lines, never cut.
pub fn head_width(label: &str, lines: usize) -> usize {
    let full = text::width(label);
    let mut w = full.div_ceil(lines.max(1)).max(2);
    while w < full && text::wrap(label, w).len() > lines {
        w += 1;
    }
    w
}

/// A column head over `lines` lines of `w` cells.
fn head_lines(label: &str, w: usize, lines: usize) -> Vec<String> {
    let mut out = if text::width(label) <= w {
        vec![label.to_string()]
    } else {
        text::wrap(label, w)
    };
    // Bottom-aligned, as a form's heads sit on their numbers.
    while out.len() < lines {
        out.insert(0, String::new());
    }
    out
}

/// A table's cursor and scroll position.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableCursor {
    /// Row index in the template.
    pub row: usize,
    /// Column index in the row.
    pub col: usize,
    /// First display line shown.
    pub row_off: usize,
    /// First data column shown.
    pub col_off: usize,
}

/// The table pane's own state: each table's cursor, and how tables are shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableState {
    /// Each table's cursor, by `TableId` order.
    pub cursors: [TableCursor; 3],
    /// Side by side (`Some(true)`), this year only (`Some(false)`), or by width (`None`).
    pub split: Option<bool>,
}

fn slot(t: TableId) -> usize {
    match t {
        TableId::Active => 0,
        TableId::Apply => 1,
        TableId::Review => 2,
    }
}

impl TableState {
    /// A table's cursor.
    pub fn cursor(&self, t: TableId) -> &TableCursor {
        &self.cursors[slot(t)]
    }

    /// A table's cursor, to move.
    pub fn cursor_mut(&mut self, t: TableId) -> &mut TableCursor {
        &mut self.cursors[slot(t)]
    }
}

/// What one cell shows.
struct CellView {
    mark: &'static str,
    mark_style: Style,
    value: String,
    delta: Option<String>,
    note: bool,
}

impl CellView {
    fn width(&self) -> usize {
        1 + text::width(&self.value) + self.delta.as_ref().map_or(0, |d| 1 + text::width(d)) + 1
    }
}

fn value_text(cell: Option<&nianbao::Cell>, app: &App) -> String {
    let ascii = app.theme.ascii;
    match cell {
        None => "".into(),
        Some(c) => match c.status {
            CellStatus::Value => c
                .value
                .map(|v| v.normalize().to_string())
                .unwrap_or_default(),
            CellStatus::Blank => (if ascii { "." } else { "·" }).into(),
            CellStatus::Missing => "--".into(),
            CellStatus::Ambiguous => format!("?{}", c.candidates.len()),
            CellStatus::Unreadable => {
                text::truncate(&text::sanitize(&c.raw), 10, ascii).into_owned()
            }
        },
    }
}

/// What a pane shows where its year's form has no such cell.
fn absent_view(app: &App) -> CellView {
    CellView {
        mark: " ",
        mark_style: app.theme.dim(),
        value: app.lang.pick("无此栏", "n/a").into(),
        delta: None,
        note: false,
    }
}

fn current_view(app: &App, cell: &GridCell) -> CellView {
    if cell.only_in == Some(OnlyIn::Prior) {
        return absent_view(app);
    }
    let id = cell.id;
    let data = &app.data;
    let worst = data.findings_on_cell(id).map(|f| f.severity).max();
    let delta = data
        .deltas
        .get(id)
        .filter(|(_, d)| !d.is_zero())
        .map(|(_, d)| app.theme.delta(*d));
    let (mark, mark_style) = match worst {
        Some(s) => (app.theme.severity_mark(s), app.theme.severity_style(s)),
        None if delta.is_some() => (app.theme.changed_mark(), app.theme.delta_style()),
        None => (" ", Style::new()),
    };
    let note = app
        .review
        .record
        .annotations
        .iter()
        .any(|a| match &a.target {
            Target::Cell { id: c } => c == id,
            Target::Finding { fingerprint, .. } => data
                .findings_on_cell(id)
                .any(|f| f.fingerprint == *fingerprint),
            Target::Section { .. } => false,
        });
    // Across templates the 2019 其他处理 row is this year's three rows summed; a cell the
    // reviewer read shows the reviewer's value, marked `=`.
    let value = match data.report.cell(id) {
        _ if data.reading(id).is_some() => data
            .reading(id)
            .map(|r| format!("={}", r.value.normalize()))
            .unwrap_or_default(),
        Some(c) => value_text(Some(c), app),
        None => nianbao::compare::aligned_value(&data.report, id)
            .map(|v| v.normalize().to_string())
            .unwrap_or_default(),
    };
    CellView {
        mark,
        mark_style,
        value,
        delta,
        note,
    }
}

fn prior_view(app: &App, cell: &GridCell) -> CellView {
    if cell.only_in == Some(OnlyIn::Current) {
        return absent_view(app);
    }
    let id = cell.id;
    let value = match (app.data.prior_cell(id), app.data.prior_value(id)) {
        (Some(c), _) => value_text(Some(c), app),
        (None, Some(v)) => v.normalize().to_string(),
        (None, None) if app.data.prior.is_some() => "--".into(),
        (None, None) => "".into(),
    };
    CellView {
        mark: " ",
        mark_style: Style::new(),
        value,
        delta: None,
        note: false,
    }
}

fn row_label(app: &App, t: TableId, row: usize) -> String {
    let rd = &app.data.grids.rows(t)[row];
    let label = app.lang.pick(rd.label, rd.label_en);
    let indent = match rd.group {
        Some(g) if t == TableId::Apply && g.starts_with('（') => "  ",
        _ => "",
    };
    let only = match rd.only_in {
        Some(OnlyIn::Prior) => app.lang.pick("（仅上年）", " (last year only)"),
        Some(OnlyIn::Current) if app.data.prior.is_some() => {
            app.lang.pick("（本年新增）", " (new this year)")
        }
        _ => "",
    };
    format!("{indent}{label}{only}")
}

fn column_label(app: &App, cell: &GridCell) -> &'static str {
    app.lang
        .pick(cell.def.column_label, cell.def.column_label_en)
}

/// The table's shape in `area` (the main pane, border included).
pub fn geometry(app: &App, t: TableId, area: Rect) -> Geometry {
    let rows = app.data.grids.rows(t);
    let split = app.is_split();
    let ncols = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut value_w = vec![MIN_COL; ncols];
    for row in rows {
        for (c, cell) in row.cells.iter().enumerate() {
            let mut w = current_view(app, cell).width();
            if split {
                w = w.max(prior_view(app, cell).width());
            }
            value_w[c] = value_w[c].max(w.min(MAX_COL));
        }
    }
    let width = area.width as usize;
    let longest = (0..rows.len())
        .map(|r| text::width(&row_label(app, t, r)))
        .max()
        .unwrap_or(8);
    let label_w = longest
        .min(width * if split { 22 } else { 30 } / 100)
        .max(8.min(width));
    let rest = width.saturating_sub(label_w + 1);
    let pane_w = if split {
        rest.saturating_sub(1) / 2
    } else {
        rest
    };
    // As few head lines as let every column fit; else three, and the pane scrolls.
    // Each distinct head at each position once: rows repeat the same few heads.
    let mut heads: Vec<(usize, &str)> = rows
        .iter()
        .flat_map(|r| r.cells.iter().enumerate())
        .map(|(c, cell)| (c, column_label(app, cell)))
        .collect();
    heads.sort_unstable();
    heads.dedup();
    let widths = |lines: usize| -> Vec<usize> {
        let mut w = value_w.clone();
        for &(c, label) in &heads {
            w[c] = w[c].max(head_width(label, lines));
        }
        w
    };
    let (head_lines, col_w) = (1..=MAX_HEAD_LINES)
        .map(|n| (n, widths(n)))
        .find(|(_, w)| w.iter().map(|x| x + 1).sum::<usize>() <= pane_w)
        .unwrap_or_else(|| (MAX_HEAD_LINES, widths(MAX_HEAD_LINES)));
    let mut lines = Vec::new();
    for r in 0..rows.len() {
        if r > 0 && rows[r].column_ids() != rows[r - 1].column_ids() {
            lines.extend((0..head_lines).map(|k| Line::Header(r, k)));
        }
        lines.push(Line::Row(r));
    }
    let year_line = usize::from(split);
    let body_rows = (area.height as usize).saturating_sub(1 + year_line + head_lines);
    Geometry {
        label_w,
        col_w,
        head_lines,
        lines,
        body_rows,
        pane_w,
        split,
    }
}

fn put(buf: &mut ratatui::buffer::Buffer, x: u16, y: u16, s: &str, w: usize, style: Style) {
    buf.set_stringn(x, y, s, w, style);
}

/// The pane's frame: a top border with the title, thick and bright when focused.
pub fn pane_block<'a>(app: &App, title: String, focused: bool, width: u16) -> Block<'a> {
    let theme = app.theme;
    Block::new()
        .borders(Borders::TOP)
        .border_set(theme.pane_border(focused))
        .border_style(theme.pane_border_style(focused))
        .title(text::truncate(&title, width as usize, theme.ascii).into_owned())
        .title_style(if focused {
            theme.cursor()
        } else {
            theme.bold()
        })
}

/// Draw the table view.
pub fn draw(frame: &mut Frame, app: &App, t: TableId, area: Rect) {
    let lang = app.lang;
    let title = format!(
        " {}{} ",
        lang.pick(t.title(), t.title_en()),
        if app.is_split() {
            ""
        } else {
            lang.pick("（仅本年，v 切换并排）", " (this year; v: side by side)")
        }
    );
    let block = pane_block(app, title, app.focus == Pane::Main, area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width < 4 || inner.height < 2 {
        return;
    }
    let geo = geometry(app, t, area);
    let cur = *app.cursor(t);
    let v = View {
        app,
        t,
        cols: geo.visible(cur.col_off),
        cur,
        x0: inner.x,
        geo,
    };
    let buf = frame.buffer_mut();
    let mut y = inner.y;
    if v.geo.split {
        v.draw_years(buf, y);
        y += 1;
    }
    // The heads of the first shown row stay on top; heads further down name a new column set.
    let first = cur.row_off;
    let top_row = match v.geo.lines.get(first) {
        Some(Line::Row(r)) | Some(Line::Header(r, _)) => *r,
        None => 0,
    };
    for k in 0..v.geo.head_lines {
        v.draw_header(buf, y, top_row, k);
        y += 1;
    }
    let start = v.geo.lines[first.min(v.geo.lines.len().saturating_sub(1))..]
        .iter()
        .position(|l| matches!(l, Line::Row(_)))
        .map_or(first, |p| first + p);
    for line in v.geo.lines.iter().skip(start).take(v.geo.body_rows) {
        if y >= inner.bottom() {
            break;
        }
        match *line {
            Line::Header(r, k) => v.draw_header(buf, y, r, k),
            Line::Row(r) => v.draw_row(buf, y, r),
        }
        y += 1;
    }
    // Scroll hints: more columns to either side.
    if v.cols.start > 0 {
        put(
            buf,
            v.x0 + v.geo.label_w as u16,
            inner.y,
            "<",
            1,
            app.theme.bold(),
        );
    }
    if v.cols.end < v.geo.col_w.len() {
        put(buf, inner.right() - 1, inner.y, ">", 1, app.theme.bold());
    }
}

/// What drawing one frame of a table needs.
struct View<'a> {
    app: &'a App,
    t: TableId,
    geo: Geometry,
    cols: std::ops::Range<usize>,
    cur: TableCursor,
    x0: u16,
}

impl View<'_> {
    /// Pane 0 is last year, pane 1 this year; this year alone takes the first slot.
    fn pane_x(&self, pane: usize) -> u16 {
        let slot = if self.geo.split { pane } else { 0 };
        self.x0 + (self.geo.label_w + 1 + slot * (self.geo.pane_w + 1)) as u16
    }

    fn panes(&self) -> &'static [usize] {
        if self.geo.split { &[0, 1] } else { &[1] }
    }

    fn sep(&self, buf: &mut ratatui::buffer::Buffer, y: u16) {
        if self.geo.split {
            let sep = if self.app.theme.ascii { "|" } else { "│" };
            put(buf, self.pane_x(1) - 1, y, sep, 1, self.app.theme.dim());
        }
    }

    fn draw_years(&self, buf: &mut ratatui::buffer::Buffer, y: u16) {
        let (app, theme, lang) = (self.app, self.app.theme, self.app.lang);
        let year = |r: Option<&nianbao::Report>| {
            r.and_then(|r| r.meta.year)
                .map_or_else(|| "?".into(), |y| y.to_string())
        };
        let (py, cy) = (year(app.data.prior.as_ref()), year(Some(&app.data.report)));
        let (pl, cl) = match lang {
            Lang::Zh => (format!("{py}年（上年）"), format!("{cy}年（本年）")),
            Lang::En => (format!("{py} (prior)"), format!("{cy} (this year)")),
        };
        let prior_label = if app.data.prior.is_some() {
            pl
        } else {
            lang.pick("无上年报告", "no prior report").to_string()
        };
        let w = self.geo.pane_w;
        let fit = |s: &str| text::fit(s, w, Align::Center, theme.ascii);
        let dim = theme.dim().add_modifier(Modifier::BOLD);
        put(buf, self.pane_x(0), y, &fit(&prior_label), w, dim);
        put(buf, self.pane_x(1), y, &fit(&cl), w, theme.bold());
    }

    /// Line `k` of the column heads of row `r`'s column set; the group name on the first.
    fn draw_header(&self, buf: &mut ratatui::buffer::Buffer, y: u16, r: usize, k: usize) {
        let (app, theme) = (self.app, self.app.theme);
        let rd = &app.data.grids.rows(self.t)[r];
        let group = match rd.group {
            Some(g) if self.t == TableId::Active && k == 0 => g,
            _ => "",
        };
        let lw = self.geo.label_w;
        let group = text::fit(group, lw, Align::Left, theme.ascii);
        put(buf, self.x0, y, &group, lw, theme.bold());
        for &pane in self.panes() {
            let mut x = self.pane_x(pane);
            for c in self.cols.clone() {
                let w = self.geo.col_w[c];
                let label = rd.cells.get(c).map_or("", |cell| column_label(app, cell));
                // Wrapped at the head's own balanced width, not the column's.
                // As few lines as the column allows, then balanced over them.
                let at = if text::width(label) <= w {
                    w
                } else {
                    let fewest = text::wrap(label, w).len();
                    head_width(label, fewest).min(w)
                };
                let line = head_lines(label, at, self.geo.head_lines)
                    .get(k)
                    .cloned()
                    .unwrap_or_default();
                let style = if c == self.cur.col && r <= self.cur.row {
                    theme.bold().add_modifier(Modifier::UNDERLINED)
                } else {
                    theme.bold()
                };
                put(
                    buf,
                    x,
                    y,
                    &text::fit(&line, w, Align::Right, true),
                    w,
                    style,
                );
                x += w as u16 + 1;
            }
        }
        self.sep(buf, y);
    }

    fn draw_row(&self, buf: &mut ratatui::buffer::Buffer, y: u16, r: usize) {
        let app = self.app;
        let is_cur_row = r == self.cur.row;
        let label_style = if is_cur_row {
            app.theme.bold().add_modifier(Modifier::UNDERLINED)
        } else {
            Style::new()
        };
        let lw = self.geo.label_w;
        let label = text::fit(&row_label(app, self.t, r), lw, Align::Left, app.theme.ascii);
        put(buf, self.x0, y, &label, lw, label_style);
        for &pane in self.panes() {
            let mut x = self.pane_x(pane);
            for c in self.cols.clone() {
                let w = self.geo.col_w[c];
                if let Some(cell) = app.data.cell_at(self.t, r, c) {
                    let view = if pane == 0 {
                        prior_view(app, cell)
                    } else {
                        current_view(app, cell)
                    };
                    let is_cursor = is_cur_row && c == self.cur.col;
                    draw_cell(buf, x, y, w, &view, pane == 0, is_cursor, app);
                }
                x += w as u16 + 1;
            }
        }
        self.sep(buf, y);
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_cell(
    buf: &mut ratatui::buffer::Buffer,
    x: u16,
    y: u16,
    w: usize,
    view: &CellView,
    prior: bool,
    cursor: bool,
    app: &App,
) {
    let theme = app.theme;
    let base = if cursor && !prior {
        theme.cursor()
    } else if cursor {
        theme.bold().add_modifier(Modifier::UNDERLINED)
    } else if prior {
        theme.dim()
    } else {
        Style::new()
    };
    // mark, padding, value, delta, note: one line of spans exactly `w` cells wide.
    let inner_w = w.saturating_sub(2);
    let value = text::truncate(&view.value, inner_w, theme.ascii).into_owned();
    let room = inner_w.saturating_sub(text::width(&value));
    let delta = view
        .delta
        .as_ref()
        .filter(|d| text::width(d) < room)
        .map(|d| format!(" {d}"))
        .unwrap_or_default();
    let pad = " ".repeat(room - text::width(&delta));
    let note = if view.note {
        theme.annotated_mark()
    } else {
        " "
    };
    let line = ratatui::text::Line::from(vec![
        ratatui::text::Span::styled(view.mark, base.patch(view.mark_style)),
        ratatui::text::Span::styled(pad, base),
        ratatui::text::Span::styled(value, base),
        ratatui::text::Span::styled(delta, base.patch(theme.delta_style())),
        ratatui::text::Span::styled(note, base.add_modifier(Modifier::BOLD)),
    ]);
    buf.set_line(x, y, &line, w as u16);
}
