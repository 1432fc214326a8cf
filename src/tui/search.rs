//! `/`: search row and column labels, section headings and the narrative text; each match
//! says where it is and jumps there.

use nianbao::Lang;
use nianbao::model::{SectionId, TableId};

use super::app::{App, Overlay};
use super::data::{Place, ReviewData};
use super::editor::Editor;
use super::text;

/// One match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// How the match is listed (sanitised, one line).
    pub label: String,
    /// Where it jumps.
    pub place: Place,
    /// For text: the source line.
    pub line: Option<usize>,
}

/// At most this many matches are listed.
const MAX_HITS: usize = 200;

/// Every match of `query` (case-insensitive), labels first, then text, in report order.
pub fn find(data: &ReviewData, lang: Lang, query: &str) -> Vec<Hit> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let has = |s: &str| s.to_lowercase().contains(&q);
    let mut hits = Vec::new();
    for t in TableId::ALL {
        let table = lang.pick(t.title(), t.title_en());
        let rows = data.grids.rows(t);
        for (r, row) in rows.iter().enumerate() {
            if has(row.label) || has(row.label_en) || has(row.id) {
                hits.push(Hit {
                    label: format!("{table} › {}", lang.pick(row.label, row.label_en)),
                    place: Place::Cell(t, r, 0),
                    line: None,
                });
            }
            for (c, cell) in row.cells.iter().enumerate() {
                let (zh, en) = (cell.def.column_label, cell.def.column_label_en);
                let first_with_it = rows[..r]
                    .iter()
                    .all(|earlier| earlier.cells.iter().all(|x| x.def.column_label != zh));
                if first_with_it && (has(zh) || has(en)) {
                    hits.push(Hit {
                        label: format!("{table} › {}", lang.pick(zh, en)),
                        place: Place::Cell(t, r, c),
                        line: None,
                    });
                }
            }
        }
    }
    for s in SectionId::ALL {
        let heading = format!(
            "{}、{}",
            s.numeral(),
            lang.pick(s.heading(), s.heading_en())
        );
        if has(&heading) {
            hits.push(Hit {
                label: heading.clone(),
                place: Place::Section(s),
                line: None,
            });
        }
        let sec = data.report.section(s);
        for (i, l) in sec.text.lines().enumerate() {
            if has(l) && hits.len() < MAX_HITS {
                let line = sec.line.map(|h| h + 1 + i);
                hits.push(Hit {
                    label: format!(
                        "{} {}: {}",
                        s.numeral(),
                        line.map(|n| n.to_string()).unwrap_or_default(),
                        text::sanitize(l.trim())
                    ),
                    place: Place::Section(s),
                    line,
                });
            }
        }
    }
    hits.truncate(MAX_HITS);
    hits
}

/// Draw the search prompt and its matches.
pub fn draw(frame: &mut ratatui::Frame, app: &super::app::App, s: &super::app::SearchState) {
    let t = app.theme;
    let area = super::popup::centered(frame.area(), 76, 16);
    super::popup::clear(frame, area);
    let title = match app.lang {
        Lang::Zh => format!(" 搜索标签和正文（{} 处） ", s.hits.len()),
        Lang::En => format!(" Search labels and text ({} matches) ", s.hits.len()),
    };
    let block = t.dialog_block(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 2 {
        return;
    }
    let w = inner.width as usize;
    frame
        .buffer_mut()
        .set_stringn(inner.x, inner.y, "/", 1, t.bold());
    s.query.draw(
        frame,
        ratatui::layout::Rect::new(inner.x + 1, inner.y, inner.width - 1, 1),
        ratatui::style::Style::new(),
        true,
    );
    let rows = (inner.height - 1) as usize;
    let top = s.sel.saturating_sub(rows.saturating_sub(1));
    let buf = frame.buffer_mut();
    for (i, hit) in s.hits.iter().enumerate().skip(top).take(rows) {
        let style = if i == s.sel {
            t.cursor()
        } else {
            ratatui::style::Style::new()
        };
        let y = inner.y + 1 + (i - top) as u16;
        buf.set_stringn(
            inner.x,
            y,
            text::fit(&hit.label, w, text::Align::Left, t.ascii),
            w,
            style,
        );
    }
}

/// The search prompt's state.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchState {
    /// What was typed.
    pub query: Editor,
    /// What matches.
    pub hits: Vec<Hit>,
    /// The highlighted match.
    pub sel: usize,
}

impl App {
    pub(super) fn refresh_search(&mut self) {
        if let Overlay::Search(s) = &mut self.overlay {
            s.hits = find(&self.data, self.lang, &s.query.text());
            s.sel = s.sel.min(s.hits.len().saturating_sub(1));
        }
    }
}
