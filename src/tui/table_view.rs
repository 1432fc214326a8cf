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
use super::text::{self, Align};
use nianbao::review::Target;

/// Widest a data column grows.
const MAX_COL: usize = 18;
/// Narrowest a data column shrinks.
const MIN_COL: usize = 5;

/// One display line of the table body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// A header naming the columns of the rows below (where the column set changes).
    Header(usize),
    /// A template row.
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
    /// The body line of a template row.
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

fn current_view(app: &App, id: &str) -> CellView {
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
    CellView {
        mark,
        mark_style,
        value: value_text(data.report.cell(id), app),
        delta,
        note,
    }
}

fn prior_view(app: &App, id: &str) -> CellView {
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
    let rd = &app.data.report.schema().table(t).rows[row];
    let label = app.lang.pick(rd.label, rd.label_en);
    let indent = match rd.group {
        Some(g) if t == TableId::Apply && g.starts_with('（') => "  ",
        _ => "",
    };
    format!("{indent}{label}")
}

fn column_ids(app: &App, t: TableId, row: usize) -> Vec<&'static str> {
    app.data.report.schema().table(t).rows[row]
        .columns
        .iter()
        .map(|c| c.id)
        .collect()
}

/// The table's shape in `area` (the main pane, border included).
pub fn geometry(app: &App, t: TableId, area: Rect) -> Geometry {
    let schema = app.data.report.schema();
    let rows = &schema.table(t).rows;
    let split = app.is_split();
    let mut lines = Vec::new();
    for r in 0..rows.len() {
        if r > 0 && column_ids(app, t, r) != column_ids(app, t, r - 1) {
            lines.push(Line::Header(r));
        }
        lines.push(Line::Row(r));
    }
    let ncols = rows.iter().map(|r| r.columns.len()).max().unwrap_or(0);
    let mut col_w = vec![MIN_COL; ncols];
    for (r, rd) in rows.iter().enumerate() {
        for (c, _) in rd.columns.iter().enumerate() {
            if let Some(def) = app.data.cell_at(t, r, c) {
                let mut w = current_view(app, &def.id).width();
                if split {
                    w = w.max(prior_view(app, &def.id).width());
                }
                col_w[c] = col_w[c].max(w.min(MAX_COL));
            }
        }
    }
    let width = area.width as usize;
    let longest = rows
        .iter()
        .enumerate()
        .map(|(r, _)| text::width(&row_label(app, t, r)))
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
    let header_lines = if split { 2 } else { 1 };
    let body_rows = (area.height as usize).saturating_sub(1 + header_lines);
    Geometry {
        label_w,
        col_w,
        lines,
        body_rows,
        pane_w,
        split,
    }
}

fn put(buf: &mut ratatui::buffer::Buffer, x: u16, y: u16, s: &str, w: usize, style: Style) {
    buf.set_stringn(x, y, s, w, style);
}

/// Draw the table view.
pub fn draw(frame: &mut Frame, app: &App, t: TableId, area: Rect) {
    let theme = app.theme;
    let lang = app.lang;
    let ascii = theme.ascii;
    let focused = app.focus == Pane::Main;
    let title = format!(
        " {}{} ",
        lang.pick(t.title_zh(), t.title_en()),
        if app.is_split() {
            ""
        } else {
            lang.pick("（仅本年，v 切换并排）", " (this year; v: side by side)")
        }
    );
    let block = Block::new()
        .borders(Borders::TOP)
        .border_set(theme.border())
        .title(text::truncate(&title, area.width as usize, ascii).into_owned())
        .title_style(if focused {
            theme.cursor()
        } else {
            theme.bold()
        });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width < 4 || inner.height < 2 {
        return;
    }
    let geo = geometry(app, t, area);
    let cur = *app.cursor(t);
    let cols = geo.visible(cur.col_off);
    let schema = app.data.report.schema();
    let rows = &schema.table(t).rows;
    let buf = frame.buffer_mut();
    let x0 = inner.x;
    let mut y = inner.y;
    let sep = if ascii { "|" } else { "│" };
    // Pane 0 is last year, pane 1 this year; this year alone takes the first slot.
    let pane_x = |pane: usize| -> u16 {
        let slot = if geo.split { pane } else { 0 };
        x0 + (geo.label_w + 1 + slot * (geo.pane_w + 1)) as u16
    };
    let panes: &[usize] = if geo.split { &[0, 1] } else { &[1] };

    // Years over the panes.
    if geo.split {
        let py = app
            .data
            .prior
            .as_ref()
            .and_then(|p| p.meta.year)
            .map_or_else(|| "?".into(), |y| y.to_string());
        let cy = app
            .data
            .report
            .meta
            .year
            .map_or_else(|| "?".into(), |y| y.to_string());
        let (pl, cl) = match lang {
            Lang::Zh => (format!("{py}年（上年）"), format!("{cy}年（本年）")),
            Lang::En => (format!("{py} (prior)"), format!("{cy} (this year)")),
        };
        let prior_label = if app.data.prior.is_some() {
            pl
        } else {
            lang.pick("无上年报告", "no prior report").to_string()
        };
        put(
            buf,
            pane_x(0),
            y,
            &text::fit(&prior_label, geo.pane_w, Align::Center, ascii),
            geo.pane_w,
            theme.dim().add_modifier(Modifier::BOLD),
        );
        put(
            buf,
            pane_x(1),
            y,
            &text::fit(&cl, geo.pane_w, Align::Center, ascii),
            geo.pane_w,
            theme.bold(),
        );
        y += 1;
    }

    let header_row = |first_visible: usize| -> usize {
        match geo.lines.get(first_visible) {
            Some(Line::Row(r)) | Some(Line::Header(r)) => *r,
            None => 0,
        }
    };
    let draw_header = |buf: &mut ratatui::buffer::Buffer, y: u16, r: usize| {
        let rd = &rows[r];
        let group = if t == TableId::Active {
            rd.group.unwrap_or("")
        } else {
            ""
        };
        put(
            buf,
            x0,
            y,
            &text::fit(group, geo.label_w, Align::Left, ascii),
            geo.label_w,
            theme.bold(),
        );
        for &pane in panes {
            let mut x = pane_x(pane);
            for c in cols.clone() {
                let w = geo.col_w[c];
                let label = rd
                    .columns
                    .get(c)
                    .map_or("", |cd| lang.pick(cd.label, cd.label_en));
                let style = if c == cur.col && r <= cur.row {
                    theme.bold().add_modifier(Modifier::UNDERLINED)
                } else {
                    theme.bold()
                };
                put(
                    buf,
                    x,
                    y,
                    &text::fit(label, w, Align::Right, ascii),
                    w,
                    style,
                );
                x += w as u16 + 1;
            }
        }
        if geo.split {
            put(buf, pane_x(1) - 1, y, sep, 1, theme.dim());
        }
    };

    let first = cur.row_off;
    draw_header(buf, y, header_row(first));
    y += 1;
    let skip_leading_header = matches!(geo.lines.get(first), Some(Line::Header(_)));
    let start = first + usize::from(skip_leading_header);
    for line in geo.lines.iter().skip(start).take(geo.body_rows) {
        if y >= inner.bottom() {
            break;
        }
        match *line {
            Line::Header(r) => draw_header(buf, y, r),
            Line::Row(r) => {
                let is_cur_row = r == cur.row;
                let label_style = if is_cur_row {
                    theme.bold().add_modifier(Modifier::UNDERLINED)
                } else {
                    Style::new()
                };
                put(
                    buf,
                    x0,
                    y,
                    &text::fit(&row_label(app, t, r), geo.label_w, Align::Left, ascii),
                    geo.label_w,
                    label_style,
                );
                for &pane in panes {
                    let mut x = pane_x(pane);
                    for c in cols.clone() {
                        let w = geo.col_w[c];
                        let Some(def) = app.data.cell_at(t, r, c) else {
                            x += w as u16 + 1;
                            continue;
                        };
                        let view = if pane == 0 {
                            prior_view(app, &def.id)
                        } else {
                            current_view(app, &def.id)
                        };
                        let is_cursor = is_cur_row && c == cur.col;
                        draw_cell(buf, x, y, w, &view, pane == 0, is_cursor, app);
                        x += w as u16 + 1;
                    }
                }
                if geo.split {
                    put(buf, pane_x(1) - 1, y, sep, 1, theme.dim());
                }
            }
        }
        y += 1;
    }
    // Scroll hints: more columns to either side.
    if cols.start > 0 {
        put(buf, x0 + geo.label_w as u16, inner.y, "<", 1, theme.bold());
    }
    if cols.end < geo.col_w.len() {
        put(buf, inner.right() - 1, inner.y, ">", 1, theme.bold());
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
