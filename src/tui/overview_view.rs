//! The overview the reviewer opens on: per section and table, its errors, warnings and infos,
//! the errors not yet settled and the notes; the totals and where the review stands. One row
//! is selected (at opening, the first error's); `Enter` goes into it, `n` to its findings.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use nianbao::review::Target;
use nianbao::{Lang, Severity};

use super::app::{App, NavItem, Pane};
use super::data::Place;
use super::header;
use super::text::{self, Align};

/// The overview's own state: the selected row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverviewState {
    /// The selected row, an index into the navigator's entries (never the overview's own).
    pub sel: usize,
}

impl Default for OverviewState {
    fn default() -> OverviewState {
        OverviewState { sel: 1 }
    }
}

impl OverviewState {
    /// Move the selection by `n` rows among `len` entries (the overview's own, 0, skipped).
    pub fn step(&mut self, down: bool, n: usize, len: usize) {
        let last = len.saturating_sub(1).max(1);
        self.sel = if down {
            self.sel.saturating_add(n).min(last)
        } else {
            self.sel.saturating_sub(n).max(1)
        };
    }
}

/// What one row counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
    /// Error findings not settled (no accepted or resolved note).
    pub unsettled: usize,
    /// Notes in force on its findings, cells or text.
    pub notes: usize,
}

/// Whether a finding is shown in a navigator entry.
pub fn finding_in(app: &App, i: usize, item: NavItem) -> bool {
    match (item, app.data.place(&app.data.findings[i])) {
        (NavItem::Section(s), Place::Section(x)) => s == x,
        (NavItem::Table(t), Place::Cell(x, _, _)) => t == x,
        _ => false,
    }
}

/// The counts of an entry.
pub fn counts(app: &App, item: NavItem) -> Counts {
    let mut c = Counts::default();
    let unsettled = &app.review.status.unaccepted_errors;
    for (i, f) in app.data.findings.iter().enumerate() {
        if !finding_in(app, i, item) {
            continue;
        }
        match f.severity {
            Severity::Error => {
                c.errors += 1;
                if unsettled.iter().any(|u| u.fingerprint == f.fingerprint) {
                    c.unsettled += 1;
                }
            }
            Severity::Warning => c.warnings += 1,
            Severity::Info => c.infos += 1,
        }
    }
    c.notes = app
        .review
        .record
        .annotations
        .iter()
        .filter(|a| a.withdrawn.is_none())
        .filter(|a| match (&a.target, item) {
            (Target::Section { id }, NavItem::Section(s)) => *id == s,
            (Target::Cell { id }, NavItem::Table(t)) => {
                app.data.grids.position(id).is_some_and(|(x, _, _)| x == t)
            }
            (Target::Finding { fingerprint, .. }, _) => app
                .data
                .findings
                .iter()
                .enumerate()
                .any(|(i, f)| f.fingerprint == *fingerprint && finding_in(app, i, item)),
            _ => false,
        })
        .count();
    c
}

/// An entry's name as the overview and the navigator write it.
pub fn item_label(lang: Lang, item: NavItem) -> String {
    match item {
        NavItem::Overview => lang.pick("总览", "Summary").to_string(),
        NavItem::Section(s) => match lang {
            Lang::Zh => format!("{}、{}", s.numeral(), s.heading()),
            Lang::En => format!("{}. {}", s.index() + 1, s.heading_en()),
        },
        NavItem::Table(t) => {
            format!("  {}", lang.pick("表格", "table"))
                + match t {
                    nianbao::TableId::Active => lang.pick("（主动公开）", " (proactive)"),
                    nianbao::TableId::Apply => lang.pick("（依申请）", " (applications)"),
                    nianbao::TableId::Review => lang.pick("（复议诉讼）", " (review/suits)"),
                }
        }
    }
}

/// Width of each count column (errors, warnings, infos, unsettled errors, notes).
const COLS: [usize; 5] = [8, 10, 8, 12, 8];

fn count_cells(app: &App, c: Counts) -> Vec<(String, Style)> {
    let t = app.theme;
    let cell = |n: usize, s: Option<Severity>| {
        let style = match s {
            Some(s) if n > 0 => t.severity_style(s),
            _ => Style::new(),
        };
        (n, style)
    };
    [
        cell(c.errors, Some(Severity::Error)),
        cell(c.warnings, Some(Severity::Warning)),
        cell(c.infos, Some(Severity::Info)),
        cell(c.unsettled, Some(Severity::Error)),
        cell(c.notes, None),
    ]
    .into_iter()
    .zip(COLS)
    .map(|((n, style), w)| (text::fit(&n.to_string(), w, Align::Right, t.ascii), style))
    .collect()
}

fn heads(lang: Lang) -> [&'static str; 5] {
    [
        lang.pick("错误", "errors"),
        lang.pick("警告", "warnings"),
        lang.pick("提示", "info"),
        lang.pick("未接受错误", "unsettled"),
        lang.pick("批注", "notes"),
    ]
}

/// The screen row of the first entry, below the border and the column heads.
const FIRST_ROW: u16 = 2;

/// The entry (index among the navigator's) at a screen row of the pane, for a click.
pub fn item_at(app: &App, area: Rect, y: u16) -> Option<usize> {
    let row = y.checked_sub(area.y + FIRST_ROW)? as usize + 1;
    (row < app.nav.items.len()).then_some(row)
}

/// One entry's line: its name, then its counts.
fn entry_line<'a>(app: &App, item: NavItem, label_w: usize, selected: bool) -> Line<'a> {
    let t = app.theme;
    let c = counts(app, item);
    // A marker besides the highlight, so the selection shows without colour or reverse.
    let mark = if selected { "> " } else { "  " };
    let label = text::fit(
        &format!("{mark}{}", item_label(app.lang, item)),
        label_w,
        Align::Left,
        t.ascii,
    );
    let mut spans = vec![Span::raw(label)];
    for (s, st) in count_cells(app, c) {
        spans.push(Span::styled(s, st));
    }
    let line = Line::from(spans);
    if selected {
        let focused = app.focus == Pane::Main;
        line.patch_style(if focused {
            t.cursor()
        } else {
            t.bold().add_modifier(Modifier::REVERSED)
        })
    } else {
        line
    }
}

/// The totals and where the review stands, below the entries.
fn summary_lines<'a>(app: &App, label_w: usize) -> Vec<Line<'a>> {
    let t = app.theme;
    let lang = app.lang;
    let mut total = Counts::default();
    for item in app.nav.items.iter().skip(1) {
        let c = counts(app, *item);
        total.errors += c.errors;
        total.warnings += c.warnings;
        total.infos += c.infos;
        total.unsettled += c.unsettled;
        total.notes += c.notes;
    }
    // Findings not placed in any entry (none today) still count in the header; the notes
    // on the report as a whole are the record's.
    let mut spans = vec![Span::styled(
        text::fit(
            lang.pick("  合计", "  total"),
            label_w,
            Align::Left,
            t.ascii,
        ),
        t.bold(),
    )];
    for (s, st) in count_cells(app, total) {
        spans.push(Span::styled(s, st.add_modifier(Modifier::BOLD)));
    }
    let (state, state_style) = header::sign_state(app);
    let hint = match lang {
        Lang::Zh => format!(
            "Enter 进入所选部分或表格{}n 到所选处的问题{}s 签署",
            t.dot(),
            t.dot()
        ),
        Lang::En => format!(
            "Enter opens the selected part or table{}n goes to its findings{}s signs off",
            t.dot(),
            t.dot()
        ),
    };
    vec![
        Line::from(spans),
        Line::from(vec![
            Span::raw(lang.pick("审核状态：", "review: ")),
            Span::styled(state, state_style),
        ]),
        Line::from(Span::styled(hint, t.dim())),
    ]
}

/// Draw the overview in the main pane.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let focused = app.focus == Pane::Main;
    let block = t.pane_block(app.lang.pick(" 总览 ", " Summary "), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = inner.width as usize;
    let label_w = w
        .saturating_sub(COLS.iter().sum::<usize>())
        .clamp(8.min(w), 42);
    let mut lines: Vec<Line> = Vec::new();
    let mut head = vec![Span::raw(text::fit(
        app.lang.pick("  部分 / 表格", "  part / table"),
        label_w,
        Align::Left,
        t.ascii,
    ))];
    for (h, cw) in heads(app.lang).into_iter().zip(COLS) {
        head.push(Span::raw(text::fit(h, cw, Align::Right, t.ascii)));
    }
    lines.push(Line::from(head).style(t.bold().add_modifier(Modifier::UNDERLINED)));
    for (i, item) in app.nav.items.iter().enumerate().skip(1) {
        lines.push(entry_line(app, *item, label_w, i == app.overview.sel));
    }
    lines.extend(summary_lines(app, label_w));
    let buf = frame.buffer_mut();
    for (row, line) in lines.iter().take(inner.height as usize).enumerate() {
        buf.set_line(inner.x, inner.y + row as u16, line, inner.width);
    }
}
