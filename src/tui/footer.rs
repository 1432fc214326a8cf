//! The footer: the keys that work here (from the key table), the finding counter "3/17",
//! and the last message. It always ends with `? 帮助` and `q 退出` (in a dialog, with `Esc`),
//! whatever the width: the other hints and the message give way first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use nianbao::{Lang, Severity};

use super::action::Action;
use super::app::App;
use super::keys::{self, Binding, Ctx};
use super::text;
use super::theme::Theme;

/// Whether a binding belongs to the footer's fixed end: help, quit, and a dialog's Esc.
fn is_tail(b: &Binding) -> bool {
    matches!(b.action, Action::Help | Action::Quit | Action::Cancel) && b.label != "Ctrl-C"
}

fn spans_of<'a>(bindings: &[&'static Binding], lang: Lang, t: Theme) -> (Vec<Span<'a>>, usize) {
    let mut spans = Vec::new();
    let mut w = 0;
    for b in bindings {
        let desc = format!(" {} ", lang.pick(b.does, b.does_en));
        w += text::width(b.label) + text::width(&desc);
        spans.push(Span::styled(
            b.label,
            t.bold().add_modifier(Modifier::REVERSED),
        ));
        spans.push(Span::raw(desc));
    }
    (spans, w)
}

/// The key hints of a context fitted in `room` cells: as many of the others as fit, then the
/// fixed end. Returns the spans and their width. The inbox can use it too.
pub fn hints<'a>(ctx: Ctx, lang: Lang, t: Theme, room: usize) -> (Vec<Span<'a>>, usize) {
    let all: Vec<&'static Binding> = keys::footer(ctx).collect();
    let tail: Vec<_> = all.iter().copied().filter(|b| is_tail(b)).collect();
    let (tail_spans, tail_w) = spans_of(&tail, lang, t);
    let mut head = Vec::new();
    let mut used = tail_w;
    for b in all.iter().copied().filter(|b| !is_tail(b)) {
        let w = text::width(b.label) + text::width(lang.pick(b.does, b.does_en)) + 2;
        if used + w > room {
            break;
        }
        used += w;
        head.push(b);
    }
    let (mut spans, _) = spans_of(&head, lang, t);
    spans.extend(tail_spans);
    (spans, used)
}

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
    let counter_w = text::width(&counter);
    let room = (area.width as usize).saturating_sub(counter_w);
    let buf = frame.buffer_mut();
    let (spans, hints_w) = match &app.message {
        // A message leaves room for the fixed end only.
        Some(_) => {
            let (tail, w) = spans_of(
                &keys::footer(app.ctx())
                    .filter(|b| is_tail(b))
                    .collect::<Vec<_>>(),
                lang,
                t,
            );
            (tail, w)
        }
        None => hints(app.ctx(), lang, t, room),
    };
    let hints_w = hints_w.min(room);
    let hints_x = if app.message.is_some() {
        area.x + (room - hints_w) as u16
    } else {
        area.x
    };
    if let Some((msg, is_err)) = &app.message {
        let style = if *is_err {
            t.severity_style(Severity::Error)
        } else {
            t.bold()
        };
        let msg_room = room - hints_w;
        let msg = text::truncate(&text::sanitize(msg), msg_room, t.ascii).into_owned();
        buf.set_stringn(area.x, area.y, msg, msg_room, style);
    }
    buf.set_line(hints_x, area.y, &Line::from(spans), hints_w as u16);
    buf.set_stringn(
        area.x + room as u16,
        area.y,
        &counter,
        counter_w,
        Style::new().add_modifier(Modifier::BOLD),
    );
}
