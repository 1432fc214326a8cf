//! The sign-off dialog: approve or return, a comment, and the store's refusal (naming the
//! error findings not yet accepted) shown in place when approval is refused.

use ratatui::Frame;
use ratatui::style::Modifier;
use ratatui::widgets::{Block, Borders};

use nianbao::{Lang, Severity};

use super::app::{App, SignOffState};
use super::popup;
use super::text;
use nianbao::review::Decision;

/// Draw the dialog.
pub fn draw(frame: &mut Frame, app: &App, s: &SignOffState) {
    let t = app.theme;
    let lang = app.lang;
    let area = popup::centered(frame.area(), 70, 14);
    popup::clear(frame, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(t.border())
        .title(lang.pick(" 审核签署 ", " Sign off "))
        .title_style(t.bold());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 4 {
        return;
    }
    let w = inner.width as usize;
    let buf = frame.buffer_mut();
    let choice = |d: Decision, zh: &str, en: &str| {
        let on = s.decision == d;
        let label = format!("{} {} ", if on { "(*)" } else { "( )" }, lang.pick(zh, en));
        (label, if on { t.cursor() } else { t.dim() })
    };
    let (a, a_style) = choice(Decision::Approve, "通过", "approve");
    let (r, r_style) = choice(Decision::Return, "退回修改", "return for revision");
    let (x, _) = buf.set_stringn(inner.x, inner.y, &a, w, a_style);
    let (x, _) = buf.set_stringn(
        x + 2,
        inner.y,
        &r,
        w.saturating_sub((x + 2 - inner.x) as usize),
        r_style,
    );
    buf.set_stringn(
        x + 2,
        inner.y,
        lang.pick("Tab 切换", "Tab switches"),
        inner.right().saturating_sub(x + 2) as usize,
        t.dim(),
    );
    let st = &app.review.status;
    let summary = match lang {
        Lang::Zh => format!(
            "错误 {}，未接受 {}；待处理批注 {}",
            st.errors,
            st.unaccepted_errors.len(),
            st.open_annotations
        ),
        Lang::En => format!(
            "{} errors, {} unaccepted; {} open notes",
            st.errors,
            st.unaccepted_errors.len(),
            st.open_annotations
        ),
    };
    buf.set_stringn(inner.x, inner.y + 1, summary, w, t.dim());
    buf.set_stringn(
        inner.x,
        inner.y + 2,
        lang.pick(
            "意见（Ctrl-S 签署，Esc 取消）：",
            "Comment (Ctrl-S signs, Esc cancels):",
        ),
        w,
        t.bold().add_modifier(Modifier::UNDERLINED),
    );
    let mut editor_h = inner.height - 3;
    if let Some(reason) = &s.refused {
        let lines = text::wrap(&text::sanitize(reason), w.saturating_sub(2));
        let n = (lines.len() as u16).min(editor_h.saturating_sub(1)).max(1);
        editor_h -= n;
        for (i, l) in lines.iter().take(n as usize).enumerate() {
            let prefix = if i == 0 {
                format!("{} ", t.severity_mark(Severity::Error))
            } else {
                "  ".into()
            };
            buf.set_stringn(
                inner.x,
                inner.y + 3 + editor_h + i as u16,
                format!("{prefix}{l}"),
                w,
                t.severity_style(Severity::Error),
            );
        }
    }
    let editor_area = ratatui::layout::Rect::new(inner.x, inner.y + 3, inner.width, editor_h);
    s.comment
        .draw(frame, editor_area, ratatui::style::Style::new(), true);
}
