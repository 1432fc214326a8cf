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
    editor.draw(frame, inner, ratatui::style::Style::new(), true);
}
