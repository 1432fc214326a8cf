//! The narrative view: a section's text this year beside last year's (stacked when narrow),
//! broken into lines between Chinese characters, with inserted and deleted runs marked and the
//! similarity ratio in the title.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders};

use nianbao::Lang;
use nianbao::model::SectionId;

use super::app::{App, Pane};
use super::data::RunTag;
use super::text;

/// Ratio at or above which the section reads as copied (the default of `yoy.copied_text`).
const COPIED: f64 = 0.9;

type Lines = Vec<Vec<(String, RunTag)>>;

/// Wrap runs logical line by logical line; returns the lines and where each logical line starts.
fn wrap(runs: &[(RunTag, String)], width: usize) -> (Lines, Vec<usize>) {
    let mut logical: Vec<Vec<(String, RunTag)>> = vec![Vec::new()];
    for (tag, s) in runs {
        let clean = text::sanitize_with(s, true);
        for (i, part) in clean.split('\n').enumerate() {
            if i > 0 {
                logical.push(Vec::new());
            }
            if !part.is_empty()
                && let Some(l) = logical.last_mut()
            {
                l.push((part.to_string(), *tag));
            }
        }
    }
    let mut out = Vec::new();
    let mut starts = Vec::new();
    for l in &logical {
        starts.push(out.len());
        let pieces: Vec<(&str, RunTag)> = l.iter().map(|(s, t)| (s.as_str(), *t)).collect();
        out.extend(text::wrap_runs(&pieces, width));
    }
    (out, starts)
}

struct Shape {
    split: bool,
    inner: Rect,
    col_w: usize,
}

fn shape(app: &App, area: Rect) -> Shape {
    let inner = Rect::new(
        area.x,
        area.y + 1.min(area.height),
        area.width,
        area.height.saturating_sub(1),
    );
    let split = app.is_split() && app.data.prior.is_some();
    let col_w = if split {
        (inner.width as usize).saturating_sub(1) / 2
    } else {
        inner.width as usize
    };
    Shape {
        split,
        inner,
        col_w: col_w.max(2),
    }
}

fn content(app: &App, s: SectionId, area: Rect) -> (Lines, Vec<usize>, Lines, Shape) {
    let sh = shape(app, area);
    let Some(n) = &app.narrative.cache[s.index()] else {
        return (Vec::new(), Vec::new(), Vec::new(), sh);
    };
    let (cur, starts) = wrap(&n.current, sh.col_w);
    let (prior, _) = wrap(&n.prior, sh.col_w);
    (cur, starts, prior, sh)
}

fn total_rows(cur: &Lines, prior: &Lines, sh: &Shape) -> usize {
    if sh.split {
        cur.len().max(prior.len())
    } else if prior.is_empty() {
        cur.len()
    } else {
        cur.len() + 1 + prior.len()
    }
}

/// The furthest the view can scroll.
pub fn max_scroll(app: &App, s: SectionId, area: Rect) -> usize {
    let (cur, _, prior, sh) = content(app, s, area);
    total_rows(&cur, &prior, &sh).saturating_sub(sh.inner.height as usize)
}

/// The screen line where a logical line of this year's text starts.
pub fn row_of_line(app: &App, s: SectionId, area: Rect, logical: usize) -> usize {
    let (_, starts, _, _) = content(app, s, area);
    starts
        .get(logical)
        .copied()
        .unwrap_or(0)
        .min(max_scroll(app, s, area))
}

fn style_of(app: &App, tag: RunTag) -> Style {
    match tag {
        RunTag::Same => Style::new(),
        RunTag::Inserted => app.theme.inserted(),
        RunTag::Deleted => app.theme.deleted(),
    }
}

fn draw_line(
    buf: &mut ratatui::buffer::Buffer,
    app: &App,
    x: u16,
    y: u16,
    w: usize,
    line: &[(String, RunTag)],
) {
    let mut x = x;
    let mut room = w;
    for (s, tag) in line {
        let (nx, _) = buf.set_stringn(x, y, s, room, style_of(app, *tag));
        room = room.saturating_sub((nx - x) as usize);
        x = nx;
    }
}

/// A year of the pair as shown: `2019年` (`2019`), `?` when not found.
fn year_of(app: &App, prior: bool) -> String {
    let y = if prior {
        app.data.prior.as_ref().and_then(|p| p.meta.year)
    } else {
        app.data.report.meta.year
    };
    let y = y.map_or_else(|| "?".to_string(), |y| y.to_string());
    match app.lang {
        Lang::Zh => format!("{y}年"),
        Lang::En => y,
    }
}

/// Which year each column holds, for the title: side by side, last year on the left.
fn years_label(app: &App) -> String {
    if app.data.prior.is_none() {
        return String::new();
    }
    let (p, c) = (year_of(app, true), year_of(app, false));
    match (app.is_split(), app.lang) {
        (true, Lang::Zh) => format!(" · 左 {p}（上年） 右 {c}（本年）"),
        (true, Lang::En) => format!(" · left {p} (last year), right {c} (this year)"),
        (false, Lang::Zh) => format!(" · {c}（本年）在上"),
        (false, Lang::En) => format!(" · {c} (this year) first"),
    }
}

/// The narrative pane's own state, per section.
#[derive(Debug, Clone, Default)]
pub struct NarrativeState {
    /// Each section's scroll, in display rows.
    pub scroll: [usize; 6],
    /// Each section's narrative, computed when first shown.
    pub cache: [Option<super::data::Narrative>; 6],
}

impl NarrativeState {
    /// Compute a section's narrative when it has not been yet.
    pub fn ensure(&mut self, data: &super::data::ReviewData, s: nianbao::SectionId) {
        if self.cache[s.index()].is_none() {
            self.cache[s.index()] = Some(data.narrative(s));
        }
    }
}

/// Draw the narrative of a section.
pub fn draw(frame: &mut Frame, app: &App, s: SectionId, area: Rect) {
    let theme = app.theme;
    let lang = app.lang;
    let heading = match lang {
        Lang::Zh => format!("{}、{}", s.numeral(), s.heading()),
        Lang::En => format!("{}. {}", s.index() + 1, s.heading_en()),
    };
    let ratio = app.narrative.cache[s.index()]
        .as_ref()
        .and_then(|n| n.ratio)
        .map(|r| {
            let warn = if r >= COPIED {
                format!(" {}", theme.severity_mark(nianbao::Severity::Warning))
            } else {
                String::new()
            };
            format!(
                " · {} {:.0}%{warn}",
                lang.pick("相似度", "similarity"),
                (r * 100.0).floor()
            )
        })
        .unwrap_or_default();
    let title = format!(" {heading}{}{ratio} ", years_label(app));
    let block = Block::new()
        .borders(Borders::TOP)
        .border_set(theme.pane_border(app.focus == Pane::Main))
        .border_style(theme.pane_border_style(app.focus == Pane::Main))
        .title(text::truncate(&title, area.width as usize, theme.ascii).into_owned())
        .title_style(if app.focus == Pane::Main {
            theme.cursor()
        } else {
            theme.bold()
        });
    frame.render_widget(block, area);
    let (cur, _, prior, sh) = content(app, s, area);
    let scroll = app.narrative.scroll[s.index()];
    let h = sh.inner.height as usize;
    let buf = frame.buffer_mut();
    let present = app.data.report.section(s).present;
    if !present && cur.iter().all(|l| l.is_empty()) {
        buf.set_stringn(
            sh.inner.x,
            sh.inner.y,
            lang.pick(
                "（本年报告中未找到此部分）",
                "(this section was not found in the report)",
            ),
            sh.inner.width as usize,
            theme.dim(),
        );
        return;
    }
    if sh.split {
        let sep = if theme.ascii { "|" } else { "│" };
        for i in 0..h {
            let y = sh.inner.y + i as u16;
            if let Some(l) = prior.get(scroll + i) {
                draw_line(buf, app, sh.inner.x, y, sh.col_w, l);
            }
            buf.set_stringn(sh.inner.x + sh.col_w as u16, y, sep, 1, theme.dim());
            if let Some(l) = cur.get(scroll + i) {
                draw_line(buf, app, sh.inner.x + sh.col_w as u16 + 1, y, sh.col_w, l);
            }
        }
    } else {
        let mut all: Vec<Option<&Vec<(String, RunTag)>>> = cur.iter().map(Some).collect();
        if !prior.is_empty() {
            all.push(None);
            all.extend(prior.iter().map(Some));
        }
        for (i, l) in all.iter().skip(scroll).take(h).enumerate() {
            let y = sh.inner.y + i as u16;
            match l {
                Some(l) => draw_line(buf, app, sh.inner.x, y, sh.col_w, l),
                None => {
                    let prior_year = match lang {
                        Lang::Zh => format!("-- {}（上年） --", year_of(app, true)),
                        Lang::En => format!("-- {} (last year) --", year_of(app, true)),
                    };
                    let rule = text::fit(&prior_year, sh.col_w, text::Align::Center, theme.ascii);
                    buf.set_stringn(sh.inner.x, y, rule, sh.col_w, theme.bold());
                }
            }
        }
    }
}
