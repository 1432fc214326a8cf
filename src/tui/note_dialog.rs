//! The note editor popup (`a`).

use ratatui::Frame;
use ratatui::widgets::{Block, Borders};

use nianbao::Lang;

use super::app::{App, EditTarget};
use super::editor::Editor;
use super::popup;
use super::text;
use nianbao::review::Target;

fn target_name(app: &App, target: &EditTarget) -> String {
    let lang = app.lang;
    match target {
        EditTarget::Existing(id) => format!("{} {id}", lang.pick("修改批注", "edit note")),
        EditTarget::New(Target::Cell { id }) => {
            let name = app
                .data
                .report
                .schema()
                .cell(id)
                .map(|d| match lang {
                    Lang::Zh => format!("{} · {}", d.row_label, d.column_label),
                    Lang::En => format!("{} · {}", d.row_label_en, d.column_label_en),
                })
                .unwrap_or_else(|| id.clone());
            format!("{}{name}", lang.pick("批注单元格：", "note on cell: "))
        }
        EditTarget::New(Target::Finding { rule, .. }) => {
            format!("{}{rule}", lang.pick("批注问题：", "note on finding: "))
        }
        EditTarget::New(Target::Section { id: s }) => match lang {
            Lang::Zh => format!("批注第{}部分", s.numeral()),
            Lang::En => format!("note on section {}", s.index() + 1),
        },
    }
}

/// The findings a note settles when accepted or resolved (`spec/review-states.md`): the
/// finding it targets, or every finding naming the cell it targets.
pub fn covered(app: &App, target: &EditTarget) -> Vec<usize> {
    let target = match target {
        EditTarget::New(t) => Some(t.clone()),
        EditTarget::Existing(id) => app.review.record.annotation(*id).map(|a| a.target.clone()),
    };
    let findings = &app.data.findings;
    match target {
        Some(Target::Finding { fingerprint, .. }) => (0..findings.len())
            .filter(|&i| findings[i].fingerprint == fingerprint)
            .collect(),
        Some(Target::Cell { id }) => (0..findings.len())
            .filter(|&i| {
                findings[i].cells.contains(&id) || findings[i].suspect.as_deref() == Some(&id)
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn covers_line(app: &App, target: &EditTarget) -> String {
    let lang = app.lang;
    let list: Vec<String> = covered(app, target)
        .into_iter()
        .map(|i| {
            let f = &app.data.findings[i];
            format!("{} {}", app.theme.severity_mark(f.severity), f.rule)
        })
        .collect();
    if list.is_empty() {
        return lang
            .pick("此批注不涉及任何问题", "this note covers no finding")
            .into();
    }
    match lang {
        Lang::Zh => format!(
            "此批注涵盖 {} 项问题（改为已解决或予以接受即了结）：{}",
            list.len(),
            list.join("、")
        ),
        Lang::En => format!(
            "covers {} finding(s) (settled when resolved or accepted): {}",
            list.len(),
            list.join(", ")
        ),
    }
}

/// Draw the note editor.
pub fn draw_editor(frame: &mut Frame, app: &App, editor: &Editor, target: &EditTarget) {
    let t = app.theme;
    let area = popup::centered(frame.area(), 72, 12);
    popup::clear(frame, area);
    let title = format!(
        " {} {} ",
        target_name(app, target),
        app.lang
            .pick("（Ctrl-S 保存，Esc 取消）", "(Ctrl-S saves, Esc cancels)")
    );
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(t.border())
        .title(text::truncate(&title, area.width.saturating_sub(2) as usize, t.ascii).into_owned())
        .title_style(t.bold());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 3 {
        editor.draw(frame, inner, ratatui::style::Style::new(), true);
        return;
    }
    let covers = text::wrap(&covers_line(app, target), inner.width as usize);
    let n = covers.len().min(2) as u16;
    for (i, l) in covers.iter().take(n as usize).enumerate() {
        frame.buffer_mut().set_stringn(
            inner.x,
            inner.y + i as u16,
            l,
            inner.width as usize,
            t.dim(),
        );
    }
    let rest = ratatui::layout::Rect::new(inner.x, inner.y + n, inner.width, inner.height - n);
    editor.draw(frame, rest, ratatui::style::Style::new(), true);
}
