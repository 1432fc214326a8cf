//! The footer: the keys that work here (from the key table), the finding counter "3/17",
//! and the last message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use nianbao::Severity;

use super::app::App;
use super::keys;
use super::text;

/// Draw the footer.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    if area.height == 0 {
        return;
    }
    let t = app.theme;
    let lang = app.lang;
    let total = app.data.findings.len();
    let counter = match app.finding {
        Some(i) => format!(" {}{}/{total} ", lang.pick("问题 ", "finding "), i + 1),
        None => format!(" {}-/{total} ", lang.pick("问题 ", "finding ")),
    };
    let counter_w = text::width(&counter) as u16;
    let room = area.width.saturating_sub(counter_w) as usize;
    let buf = frame.buffer_mut();
    if let Some((msg, is_err)) = &app.message {
        let style = if *is_err {
            t.severity_style(Severity::Error)
        } else {
            t.bold()
        };
        let msg = text::truncate(&text::sanitize(msg), room, t.ascii).into_owned();
        buf.set_stringn(area.x, area.y, msg, room, style);
    } else {
        let mut spans = Vec::new();
        let mut used = 0;
        for b in keys::footer(app.ctx()) {
            let desc = format!(" {} ", lang.pick(b.zh, b.en));
            used += text::width(b.label) + text::width(&desc);
            if used > room {
                break;
            }
            spans.push(Span::styled(
                b.label,
                t.bold().add_modifier(ratatui::style::Modifier::REVERSED),
            ));
            spans.push(Span::raw(desc));
        }
        buf.set_line(area.x, area.y, &Line::from(spans), room as u16);
    }
    buf.set_stringn(
        area.x + room as u16,
        area.y,
        &counter,
        counter_w as usize,
        Style::new().add_modifier(ratatui::style::Modifier::BOLD),
    );
}
