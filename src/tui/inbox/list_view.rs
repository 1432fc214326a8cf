//! Drawing the inbox: a title with the sort and filters, the column heads, one line per
//! report (state, agency, year, form, error and warning counts, file), and the footer keys.
//! Every state has a text marker besides its colour.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use nianbao::review::SignState;
use nianbao::{Lang, Severity};

use super::super::help;
use super::super::keys::{self, Ctx};
use super::super::text::{self, Align};
use super::Inbox;
use super::rows::Row;

/// Fixed column widths, in cells: state, year, form, errors, warnings.
const STATE_W: usize = 14;
const YEAR_W: usize = 6;
const FORM_W: usize = 6;
const COUNT_W: usize = 6;

fn state_text(row: &Row, inbox: &Inbox) -> (String, Style) {
    let t = inbox.theme;
    let lang = inbox.lang;
    match row.state {
        None if row.is_pending() => (format!("[.] {}", lang.pick("读取中", "reading")), t.dim()),
        None => (
            format!("[?] {}", lang.pick("无法读取", "unreadable")),
            t.severity_style(Severity::Error),
        ),
        Some(s) => {
            let (mark, style) = match s {
                SignState::Unsigned => ("[ ]", Style::new()),
                SignState::Approved => ("[v]", t.good()),
                SignState::Returned => ("[<]", t.severity_style(Severity::Warning)),
                SignState::Stale => ("[!]", t.severity_style(Severity::Error)),
                SignState::Tampered => ("[X]", t.severity_style(Severity::Error)),
            };
            (format!("{mark} {}", s.label(lang)), style)
        }
    }
}

/// The file's name as shown: relative to the inbox folder, sanitised, and when too long cut
/// at its start, since renderings of one report differ only at the end (`.txt`, `.docx`).
fn file_name(row: &Row, inbox: &Inbox, cells: usize) -> String {
    let rel = row.path.strip_prefix(&inbox.dir).unwrap_or(&row.path);
    let name = text::sanitize(&rel.to_string_lossy()).into_owned();
    if text::width(&name) <= cells || cells == 0 {
        return name;
    }
    let ellipsis = if inbox.theme.ascii { ".." } else { "…" };
    let room = cells.saturating_sub(text::width(ellipsis));
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in name.chars().rev() {
        let w = text::width(c.encode_utf8(&mut [0; 4]));
        if used + w > room {
            break;
        }
        used += w;
        tail.push(c);
    }
    format!("{ellipsis}{}", tail.into_iter().rev().collect::<String>())
}

/// Draw the list (or the help over it).
pub fn draw(frame: &mut Frame, inbox: &Inbox) {
    let area = frame.area();
    let lang = inbox.lang;
    let t = inbox.theme;
    if area.width < super::super::MIN_WIDTH || area.height < 4 {
        let msg = lang.pick("窗口太小", "too small");
        frame
            .buffer_mut()
            .set_stringn(area.x, area.y, msg, area.width as usize, Style::new());
        return;
    }
    let w = area.width as usize;
    // Agency and file share what the fixed columns leave, agency first.
    let fixed = STATE_W + YEAR_W + FORM_W + 2 * COUNT_W + 6;
    let flex = w.saturating_sub(fixed);
    let agency_w = (flex * 3 / 5).max(8).min(flex);
    let file_w = flex.saturating_sub(agency_w);

    let mut filters: Vec<String> = Vec::new();
    if inbox.errors_only {
        filters.push(lang.pick("仅有错误", "errors only").into());
    }
    if inbox.unsigned_only {
        filters.push(lang.pick("仅未签署", "unsigned only").into());
    }
    // While the reader thread fills the list in, say how far it got.
    if inbox.is_loading() {
        let read = inbox.rows.iter().filter(|r| !r.is_pending()).count();
        filters.push(match lang {
            Lang::Zh => format!("读取中 {read}/{}", inbox.rows.len()),
            Lang::En => format!("reading {read}/{}", inbox.rows.len()),
        });
    }
    let dir = text::sanitize(&inbox.dir.to_string_lossy()).into_owned();
    let title = match lang {
        Lang::Zh => format!(
            "收件箱 {dir}{}共 {} 份，显示 {} 份{}排序：{}{}",
            t.dot(),
            inbox.rows.len(),
            inbox.visible.len(),
            t.dot(),
            inbox.sort.label(lang),
            if filters.is_empty() {
                String::new()
            } else {
                format!("{}筛选：{}", t.dot(), filters.join("、"))
            }
        ),
        Lang::En => format!(
            "Inbox {dir}{}{} reports, {} shown{}sorted by {}{}",
            t.dot(),
            inbox.rows.len(),
            inbox.visible.len(),
            t.dot(),
            inbox.sort.label(lang),
            if filters.is_empty() {
                String::new()
            } else {
                format!("{}{}", t.dot(), filters.join(", "))
            }
        ),
    };
    let buf = frame.buffer_mut();
    buf.set_stringn(
        area.x,
        area.y,
        text::truncate(&title, w, t.ascii),
        w,
        t.bold(),
    );
    let fit = |s: &str, n: usize, a: Align| text::fit(s, n, a, t.ascii);
    let heads = [
        fit(lang.pick("审核状态", "state"), STATE_W, Align::Left),
        fit(lang.pick("机关", "agency"), agency_w, Align::Left),
        fit(lang.pick("年度", "year"), YEAR_W, Align::Right),
        fit(lang.pick("模板", "form"), FORM_W, Align::Right),
        fit(lang.pick("错误", "errors"), COUNT_W, Align::Right),
        fit(lang.pick("警告", "warns"), COUNT_W, Align::Right),
        fit(lang.pick("文件", "file"), file_w, Align::Left),
    ];
    buf.set_stringn(
        area.x,
        area.y + 1,
        heads.join(" "),
        w,
        t.bold().add_modifier(Modifier::UNDERLINED),
    );

    let body_h = (area.height - 3) as usize;
    let top = inbox.sel.saturating_sub(body_h.saturating_sub(1));
    if inbox.visible.is_empty() {
        buf.set_stringn(
            area.x,
            area.y + 2,
            lang.pick(
                "（没有符合筛选条件的报告：按 f / u 取消筛选）",
                "(no report matches the filters: f / u clears them)",
            ),
            w,
            t.dim(),
        );
    }
    for (n, &i) in inbox.visible.iter().enumerate().skip(top).take(body_h) {
        let row = &inbox.rows[i];
        let y = area.y + 2 + (n - top) as u16;
        let selected = n == inbox.sel;
        let (state, state_style) = state_text(row, inbox);
        let agency = row
            .agency
            .as_deref()
            .map(|a| text::sanitize(a).into_owned())
            .unwrap_or_else(|| {
                row.problem
                    .as_deref()
                    .map(|p| text::sanitize(p).into_owned())
                    .unwrap_or_else(|| lang.pick("（未识别机关）", "(agency not found)").into())
            });
        let year = row
            .year
            .map(|y| y.to_string())
            .unwrap_or_else(|| "?".into());
        let count = |n: usize, s: Severity| {
            if row.is_pending() {
                return (fit("", COUNT_W, Align::Right), Style::new());
            }
            let mark = if n > 0 { t.severity_mark(s) } else { " " };
            (
                fit(&format!("{mark}{n}"), COUNT_W, Align::Right),
                if n > 0 {
                    t.severity_style(s)
                } else {
                    Style::new()
                },
            )
        };
        let spans = vec![
            (fit(&state, STATE_W, Align::Left), state_style),
            (fit(&agency, agency_w, Align::Left), Style::new()),
            (fit(&year, YEAR_W, Align::Right), Style::new()),
            (fit(&row.template, FORM_W, Align::Right), Style::new()),
            count(row.errors, Severity::Error),
            count(row.warnings, Severity::Warning),
            (
                fit(&file_name(row, inbox, file_w), file_w, Align::Left),
                t.dim(),
            ),
        ];
        let mut line = Vec::new();
        for (k, (s, st)) in spans.into_iter().enumerate() {
            if k > 0 {
                line.push(Span::raw(" "));
            }
            line.push(Span::styled(s, st));
        }
        let mut line = Line::from(line);
        if selected {
            // Reverse video marks the selection without relying on colour.
            line = line.patch_style(t.cursor());
            buf.set_stringn(area.x, y, " ".repeat(w), w, t.cursor());
        }
        buf.set_line(area.x, y, &line, area.width);
    }

    let footer_y = area.bottom() - 1;
    match &inbox.message {
        Some((msg, is_err)) => {
            let style = if *is_err {
                t.severity_style(Severity::Error)
            } else {
                t.bold()
            };
            buf.set_stringn(
                area.x,
                footer_y,
                text::truncate(&text::sanitize(msg), w, t.ascii),
                w,
                style,
            );
        }
        None => {
            let mut spans = Vec::new();
            let mut used = 0;
            for b in keys::footer(inbox.ctx()) {
                let desc = format!(" {} ", lang.pick(b.zh, b.en));
                used += text::width(b.label) + text::width(&desc);
                if used > w {
                    break;
                }
                spans.push(Span::styled(
                    b.label,
                    t.bold().add_modifier(Modifier::REVERSED),
                ));
                spans.push(Span::raw(desc));
            }
            buf.set_line(area.x, footer_y, &Line::from(spans), area.width);
        }
    }
    if let Some(scroll) = inbox.help {
        help::draw(frame, lang, t, &[Ctx::Inbox], scroll);
    }
}
