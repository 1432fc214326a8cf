//! The detail pane: for the cell or section under the cursor, its labels, both years' values
//! and the source line; the findings on it (message, expected, actual, suspect cell); and the
//! notes on it and on those findings. Findings and notes are selectable for `a` and `r`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use nianbao::Lang;

use super::app::{App, DetailItem, NavItem, Pane};
use super::text;

/// The detail pane's own state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DetailState {
    /// The selected item (finding or note) of those listed.
    pub sel: usize,
    /// Enlarged over the main pane.
    pub zoom: bool,
}

impl DetailState {
    /// Move the selection by `n` among `len` items.
    pub fn step(&mut self, down: bool, n: usize, len: usize) {
        self.sel = if down {
            self.sel.saturating_add(n).min(len.saturating_sub(1))
        } else {
            self.sel.saturating_sub(n)
        };
    }
}

/// One line of the pane: pieces of styled text, and the item it belongs to.
type Row = (Vec<(String, Style)>, Option<usize>);

/// The cell as every front end names it ([`nianbao::vocab::cell_name`]).
fn cell_name(app: &App, id: &str) -> String {
    nianbao::vocab::cell_name(app.data.schema_of(id), id, app.lang, app.theme.dot())
}

/// Where a cell was read, with the text around it: the page of a PDF, and for a long line (a
/// web page copied as one line) a window around the cell's column rather than the whole page.
fn source_line(app: &App, loc: Option<nianbao::model::Location>) -> Option<String> {
    let loc = loc?;
    let l = loc.line;
    let raw = app.data.report.lines.get(l.checked_sub(1)?)?.trim();
    let excerpt = loc
        .column
        .and_then(|c| app.data.report.excerpt(l, c, WINDOW).map(|e| (c, e)));
    let text = text::sanitize(excerpt.as_ref().map_or(raw, |(_, e)| e.as_str())).into_owned();
    Some(match (loc.page, app.lang, excerpt) {
        (Some(p), Lang::Zh, _) => format!("第{p}页第{l}行：{text}"),
        (Some(p), Lang::En, _) => format!("page {p}, line {l}: {text}"),
        (None, Lang::Zh, Some((c, _))) => format!("第{l}行第{c}字：{text}"),
        (None, Lang::En, Some((c, _))) => format!("line {l}, column {c}: {text}"),
        (None, Lang::Zh, None) => format!("第{l}行：{text}"),
        (None, Lang::En, None) => format!("line {l}: {text}"),
    })
}

/// The reviewer's reading of a cell in force, or how to record one where the machine could
/// not read the cell.
fn reading_text(app: &App, id: &str) -> Option<String> {
    let lang = app.lang;
    if let Some(r) = app.data.reading(id) {
        let date =
            r.at.to_zoned(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d");
        let who = text::sanitize(&r.reviewer);
        let note = text::sanitize(&r.note);
        return Some(match lang {
            Lang::Zh => format!(
                "审核人读数 {}（{who} {date}：{note}；规则按此值核对，i 修改）",
                r.value.normalize()
            ),
            Lang::En => format!(
                "reviewer's reading {} ({who} {date}: {note}; the rules use it, i changes it)",
                r.value.normalize()
            ),
        });
    }
    app.data.readable_by_reviewer(id).then(|| {
        lang.pick("按 i 录入审核人读数", "i records your reading")
            .to_string()
    })
}

/// Characters of context shown on each side of a cell in a long line.
const WINDOW: usize = 30;

/// What a cell only one year's form has says about itself.
fn only_in_text(app: &App, id: &str, only: nianbao::compare::OnlyIn) -> String {
    use nianbao::compare::OnlyIn;
    let lang = app.lang;
    match only {
        OnlyIn::Prior => {
            let v = app
                .data
                .prior_value(id)
                .map_or_else(|| "--".to_string(), |v| v.normalize().to_string());
            match lang {
                Lang::Zh => format!("上年 {v}；本年所用模板无此栏（仅上年模板有）"),
                Lang::En => format!("last year {v}; this year's form has no such cell"),
            }
        }
        OnlyIn::Current => {
            let v = app
                .data
                .report
                .value(id)
                .map_or_else(|| "--".to_string(), |v| v.normalize().to_string());
            match lang {
                Lang::Zh => format!("本年 {v}；上年所用模板无此栏（本年模板新增）"),
                Lang::En => format!("this year {v}; last year's form had no such cell"),
            }
        }
    }
}

/// The pane's lines, before wrapping: what the cursor is on, then its findings and notes.
fn rows(app: &App) -> Vec<Row> {
    let mut out = head_rows(app);
    out.extend(item_rows(app));
    out
}

/// What the cursor is on: the overview's selected row, a cell, or a section's text.
fn head_rows(app: &App) -> Vec<Row> {
    match app.item() {
        NavItem::Overview => overview_rows(app),
        NavItem::Table(_) => app
            .cursor_cell()
            .map(|id| cell_rows(app, &id))
            .unwrap_or_default(),
        NavItem::Section(s) => section_rows(app, s),
    }
}

/// The overview's selected row: its name and counts.
fn overview_rows(app: &App) -> Vec<Row> {
    let (lang, t) = (app.lang, app.theme);
    let item = app.overview_item();
    let c = super::overview_view::counts(app, item);
    let label = super::overview_view::item_label(lang, item);
    let dot = t.dot();
    let counts = match lang {
        Lang::Zh => format!(
            "  错误 {}{dot}警告 {}{dot}提示 {}{dot}未接受错误 {}",
            c.errors, c.warnings, c.infos, c.unsettled
        ),
        Lang::En => format!(
            "  {} errors{dot}{} warnings{dot}{} info{dot}{} unsettled",
            c.errors, c.warnings, c.infos, c.unsettled
        ),
    };
    vec![(
        vec![(label.trim().to_string(), t.bold()), (counts, t.dim())],
        None,
    )]
}

/// A cell's value this year as a word when it has no number.
fn value_word(app: &App, c: &nianbao::Cell) -> String {
    use nianbao::model::CellStatus as S;
    let lang = app.lang;
    match c.value {
        Some(v) => v.normalize().to_string(),
        None => match c.status {
            S::Value | S::Blank => lang.pick("空白", "blank"),
            S::Unreadable => lang.pick("无法识别", "unreadable"),
            S::Ambiguous => lang.pick("有歧义", "ambiguous"),
            S::Missing => lang.pick("缺失", "missing"),
        }
        .to_string(),
    }
}

/// A cell's facts: this year as written, last year and the change, how it was read.
fn cell_facts(app: &App, id: &str, cell: Option<&nianbao::Cell>) -> String {
    let (lang, t) = (app.lang, app.theme);
    let now = cell.map(|c| value_word(app, c)).unwrap_or_default();
    let raw = cell
        .map(|c| text::sanitize(&c.raw).into_owned())
        .unwrap_or_default();
    let mut facts = match lang {
        Lang::Zh => format!("本年 {now}（原文「{raw}」）"),
        Lang::En => format!("this year {now} (written \"{raw}\")"),
    };
    if app.data.prior.is_some() {
        let prior = app
            .data
            .prior_value(id)
            .map_or_else(|| "--".to_string(), |v| v.normalize().to_string());
        facts.push_str(&match lang {
            Lang::Zh => format!("  上年 {prior}"),
            Lang::En => format!("  last year {prior}"),
        });
        if let Some((_, d)) = app.data.deltas.get(id).filter(|(_, d)| !d.is_zero()) {
            facts.push_str(&format!("  {}", t.delta(*d)));
        }
    }
    if cell.is_some_and(|c| c.recovered) {
        facts.push_str(lang.pick("  （数值经推算恢复）", "  (value recovered)"));
    }
    if let Some(reading) = reading_text(app, id) {
        facts.push_str("  ");
        facts.push_str(&reading);
    }
    facts
}

/// The cell under the cursor: its labels, both years, the source line.
fn cell_rows(app: &App, id: &str) -> Vec<Row> {
    let t = app.theme;
    let plain = |s: String| (vec![(s, Style::new())], None);
    let mut out: Vec<Row> = vec![(
        vec![(cell_name(app, id), t.bold()), (format!("  {id}"), t.dim())],
        None,
    )];
    if let Some(only) = app.data.only_in(id) {
        out.push(plain(only_in_text(app, id, only)));
        return out;
    }
    let cell = app.data.report.cell(id);
    out.push(plain(cell_facts(app, id, cell)));
    if let Some(s) = source_line(app, cell.and_then(|c| c.location)) {
        out.push((vec![(s, t.dim())], None));
    }
    out
}

/// A section's heading and where its text is.
fn section_rows(app: &App, s: nianbao::SectionId) -> Vec<Row> {
    let (lang, t) = (app.lang, app.theme);
    let sec = app.data.report.section(s);
    let lines = match (sec.line, sec.end_line, lang) {
        (Some(a), Some(b), Lang::Zh) => format!("  第{a}–{b}行"),
        (Some(a), Some(b), Lang::En) => format!("  lines {a}-{b}"),
        _ => String::new(),
    };
    vec![(
        vec![
            (text::sanitize(&sec.heading).into_owned(), t.bold()),
            (lines, t.dim()),
        ],
        None,
    )]
}

/// The findings and notes listed for the cursor, each line tagged with its item.
fn item_rows(app: &App) -> Vec<Row> {
    let lang = app.lang;
    let t = app.theme;
    let mut out: Vec<Row> = Vec::new();
    for (i, item) in app.detail_items().iter().enumerate() {
        match item {
            DetailItem::Finding(fi) => {
                let f = &app.data.findings[*fi];
                out.push((
                    vec![
                        (
                            format!("{} ", t.severity_mark(f.severity)),
                            t.severity_style(f.severity),
                        ),
                        (format!("{} ", f.rule), t.dim()),
                        (
                            text::sanitize(f.message_in(lang)).into_owned(),
                            Style::new(),
                        ),
                    ],
                    Some(i),
                ));
                let mut facts = Vec::new();
                if f.rule == "yoy.swing" {
                    // A change, not a mistake: last year's number is not "expected".
                    if let (Some(then), Some(now)) = (f.expected, f.actual) {
                        facts.push(match lang {
                            Lang::Zh => {
                                format!("上年 {} → 本年 {}", then.normalize(), now.normalize())
                            }
                            Lang::En => format!(
                                "last year {} → this year {}",
                                then.normalize(),
                                now.normalize()
                            ),
                        });
                    }
                } else if let Some(e) = f.expected {
                    facts.push(format!(
                        "{} {}",
                        lang.pick("应为", "expected"),
                        e.normalize()
                    ));
                }
                if let Some(a) = f.actual.filter(|_| f.rule != "yoy.swing") {
                    facts.push(format!("{} {}", lang.pick("实为", "actual"), a.normalize()));
                }
                if let Some(s) = &f.suspect {
                    facts.push(format!(
                        "{}{}",
                        lang.pick("疑似出错：", "probably wrong: "),
                        cell_name(app, s)
                    ));
                }
                if let Some(q) = &f.quote {
                    facts.push(format!("「{}」", text::sanitize(q)));
                }
                if !facts.is_empty() {
                    out.push((
                        vec![(format!("  {}", facts.join(t.dot())), Style::new())],
                        Some(i),
                    ));
                }
            }
            DetailItem::Note(id) => {
                if let Some(a) = app.review.record.annotation(*id) {
                    // The date only, in local time: minutes would make the screen depend on
                    // the time zone more than a reviewer needs.
                    let date = a
                        .created
                        .to_zoned(jiff::tz::TimeZone::system())
                        .strftime("%Y-%m-%d");
                    let head = format!(
                        "{} {} [{}] {} {date}",
                        t.annotated_mark(),
                        a.id,
                        a.state.label(lang),
                        text::sanitize(&a.author),
                    );
                    out.push((vec![(head, t.bold())], Some(i)));
                    for l in a.text.lines() {
                        out.push((
                            vec![(format!("  {}", text::sanitize(l)), Style::new())],
                            Some(i),
                        ));
                    }
                }
            }
        }
    }
    out
}

/// The pane's wrapped lines at a width, each with the item it belongs to.
fn wrapped(app: &App, w: usize) -> Vec<Row> {
    let mut lines: Vec<Row> = Vec::new();
    for (pieces, item) in rows(app) {
        let pieces: Vec<(String, Style)> = pieces
            .into_iter()
            .map(|(s, st)| (text::ascii_fold(&s, app.theme.ascii).into_owned(), st))
            .collect();
        let runs: Vec<(&str, Style)> = pieces.iter().map(|(s, st)| (s.as_str(), *st)).collect();
        for l in text::wrap_runs(&runs, w) {
            lines.push((l, item));
        }
    }
    lines
}

/// The first line shown: the selection's lines in view, its end too when it fits (a long
/// note scrolls to its end as the selection stays on it).
fn top_line(lines: &[Row], sel: Option<usize>, h: usize) -> usize {
    let Some(sel) = sel else { return 0 };
    let first = lines.iter().position(|(_, i)| *i == Some(sel));
    let last = lines.iter().rposition(|(_, i)| *i == Some(sel));
    let top = match (first, last) {
        (Some(f), Some(l)) => (l + 1)
            .saturating_sub(h)
            .min(f.max((l + 1).saturating_sub(h))),
        _ => 0,
    };
    top.min(lines.len().saturating_sub(h))
}

/// The item (finding or note) at a screen row of the pane, for a click.
pub fn item_at(app: &App, area: Rect, y: u16) -> Option<usize> {
    let inner_y = area.y + 1;
    let row = y.checked_sub(inner_y)? as usize;
    let h = area.height.saturating_sub(1) as usize;
    let lines = wrapped(app, area.width as usize);
    let top = top_line(&lines, Some(app.detail.sel), h);
    lines.get(top + row).and_then(|(_, i)| *i)
}

/// Draw the detail pane.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let focused = app.focus == Pane::Detail;
    let block = t.pane_block(app.lang.pick(" 详情 ", " Details "), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = inner.width as usize;
    let lines = wrapped(app, w);
    // The selection shows whether or not the pane has focus: `r` and `d` act on it.
    let selected = Some(app.detail.sel).filter(|_| !app.detail_items().is_empty());
    let h = inner.height as usize;
    let top = top_line(&lines, selected, h);
    let buf = frame.buffer_mut();
    for (row, (pieces, item)) in lines.iter().skip(top).take(h).enumerate() {
        let y = inner.y + row as u16;
        let mut x = inner.x;
        let sel = selected.is_some() && *item == selected;
        let sel_style = if focused {
            t.cursor()
        } else {
            t.bold().add_modifier(ratatui::style::Modifier::UNDERLINED)
        };
        if sel && focused {
            buf.set_stringn(x, y, " ".repeat(w), w, t.cursor());
        }
        for (s, st) in pieces {
            let style = if sel { st.patch(sel_style) } else { *st };
            let room = inner.right().saturating_sub(x) as usize;
            let (nx, _) = buf.set_stringn(x, y, s, room, style);
            x = nx;
        }
    }
}
