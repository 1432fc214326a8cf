//! Drawing the inbox: a title with the sort and filters, the column heads, one line per
//! report (state, agency, year, form, error and warning counts, file), and the footer keys.
//! Every state has a text marker besides its colour.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use nianbao::review::SignState;
use nianbao::{Lang, Severity};

use super::super::help;
use super::super::keys::Ctx;
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
fn file_name(path: &std::path::Path, inbox: &Inbox, cells: usize) -> String {
    let rel = path.strip_prefix(&inbox.dir).unwrap_or(path);
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

/// The widths of the columns that share what the fixed ones leave: agency, prior year and
/// file.
struct Widths {
    agency: usize,
    prior: usize,
    file: usize,
}

impl Widths {
    fn of(w: usize) -> Widths {
        // Fixed columns and the seven spaces between the eight columns.
        let fixed = STATE_W + YEAR_W + FORM_W + 2 * COUNT_W + 7;
        let flex = w.saturating_sub(fixed);
        let agency = (flex * 2 / 5).max(8).min(flex);
        let prior = ((flex - agency) / 2).max(6.min(flex - agency));
        Widths {
            agency,
            prior,
            file: flex - agency - prior,
        }
    }
}

/// Draw the list (or the help over it): title, column heads, rows, footer.
pub fn draw(frame: &mut Frame, inbox: &Inbox) {
    let area = frame.area();
    if area.width < super::super::MIN_WIDTH || area.height < 4 {
        let msg = inbox.lang.pick("窗口太小", "too small");
        frame
            .buffer_mut()
            .set_stringn(area.x, area.y, msg, area.width as usize, Style::new());
        return;
    }
    let widths = Widths::of(area.width as usize);
    draw_title(frame, inbox);
    draw_heads(frame, inbox, &widths);
    draw_rows(frame, inbox, &widths);
    draw_footer(frame, inbox);
    if let Some(scroll) = inbox.help {
        help::draw(frame, inbox.lang, inbox.theme, &[Ctx::Inbox], scroll);
    }
}

/// The filters in force, for the title: errors only, unsigned only, the agency typed, and
/// how far reading has got.
fn filter_words(inbox: &Inbox) -> Vec<String> {
    let lang = inbox.lang;
    let mut filters: Vec<String> = Vec::new();
    if inbox.errors_only {
        filters.push(lang.pick("仅有错误", "errors only").into());
    }
    if inbox.unsigned_only {
        filters.push(lang.pick("仅未签署", "unsigned only").into());
    }
    let query = inbox.filter.text();
    if !query.trim().is_empty() {
        let q = text::sanitize(query.trim()).into_owned();
        filters.push(match lang {
            Lang::Zh => format!("机关含「{q}」"),
            Lang::En => format!("agency has \"{q}\""),
        });
    }
    // While the reader thread fills the list in, say how far it got.
    if inbox.is_loading() {
        let read = inbox.rows.iter().filter(|r| !r.is_pending()).count();
        filters.push(match lang {
            Lang::Zh => format!("读取中 {read}/{}", inbox.rows.len()),
            Lang::En => format!("reading {read}/{}", inbox.rows.len()),
        });
    }
    filters
}

/// The first line: the folder, how many reports, how many shown, the sort and the filters.
fn draw_title(frame: &mut Frame, inbox: &Inbox) {
    let area = frame.area();
    let lang = inbox.lang;
    let t = inbox.theme;
    let filters = filter_words(inbox);
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
    let w = area.width as usize;
    frame.buffer_mut().set_stringn(
        area.x,
        area.y,
        text::truncate(&title, w, t.ascii),
        w,
        t.bold(),
    );
}

/// The second line: the column heads.
fn draw_heads(frame: &mut Frame, inbox: &Inbox, widths: &Widths) {
    let area = frame.area();
    let lang = inbox.lang;
    let t = inbox.theme;
    let fit = |s: &str, n: usize, a: Align| text::fit(s, n, a, t.ascii);
    let heads = [
        fit(lang.pick("审核状态", "state"), STATE_W, Align::Left),
        fit(lang.pick("机关", "agency"), widths.agency, Align::Left),
        fit(lang.pick("年度", "year"), YEAR_W, Align::Right),
        fit(lang.pick("模板", "form"), FORM_W, Align::Right),
        fit(lang.pick("错误", "errors"), COUNT_W, Align::Right),
        fit(lang.pick("警告", "warns"), COUNT_W, Align::Right),
        fit(
            lang.pick("上年报告", "prior year"),
            widths.prior,
            Align::Left,
        ),
        fit(lang.pick("文件", "file"), widths.file, Align::Left),
    ];
    frame.buffer_mut().set_stringn(
        area.x,
        area.y + 1,
        heads.join(" "),
        area.width as usize,
        t.bold().add_modifier(Modifier::UNDERLINED),
    );
}

/// The agency as shown: as written, else why the file could not be read, else "not found".
fn agency_text(row: &Row, lang: Lang) -> String {
    row.agency
        .as_deref()
        .map(|a| text::sanitize(a).into_owned())
        .unwrap_or_else(|| {
            row.problem
                .as_deref()
                .map(|p| text::sanitize(p).into_owned())
                .unwrap_or_else(|| lang.pick("（未识别机关）", "(agency not found)").into())
        })
}

/// The prior-year column: the file paired with the report, or 无上年.
fn prior_text(row: &Row, inbox: &Inbox, cells: usize) -> String {
    match &row.prior {
        Some(p) => file_name(p, inbox, cells),
        None if row.is_pending() => String::new(),
        None => inbox.lang.pick("无上年", "none").into(),
    }
}

/// One report's line: its cells and their styles.
fn row_spans(row: &Row, inbox: &Inbox, widths: &Widths) -> Vec<(String, Style)> {
    let t = inbox.theme;
    let fit = |s: &str, n: usize, a: Align| text::fit(s, n, a, t.ascii);
    let (state, state_style) = state_text(row, inbox);
    let year = row
        .year
        .map(|y| y.to_string())
        .unwrap_or_else(|| "?".into());
    let count = |n: usize, s: Severity| {
        if row.is_pending() {
            return (fit("", COUNT_W, Align::Right), Style::new());
        }
        let mark = if n > 0 { t.severity_mark(s) } else { " " };
        let style = if n > 0 {
            t.severity_style(s)
        } else {
            Style::new()
        };
        (fit(&format!("{mark}{n}"), COUNT_W, Align::Right), style)
    };
    vec![
        (fit(&state, STATE_W, Align::Left), state_style),
        (
            fit(&agency_text(row, inbox.lang), widths.agency, Align::Left),
            Style::new(),
        ),
        (fit(&year, YEAR_W, Align::Right), Style::new()),
        (fit(&row.template, FORM_W, Align::Right), Style::new()),
        count(row.errors, Severity::Error),
        count(row.warnings, Severity::Warning),
        (
            fit(
                &prior_text(row, inbox, widths.prior),
                widths.prior,
                Align::Left,
            ),
            t.dim(),
        ),
        (
            fit(
                &file_name(&row.path, inbox, widths.file),
                widths.file,
                Align::Left,
            ),
            t.dim(),
        ),
    ]
}

/// The reports, scrolled to keep the selection in view.
fn draw_rows(frame: &mut Frame, inbox: &Inbox, widths: &Widths) {
    let area = frame.area();
    let t = inbox.theme;
    let w = area.width as usize;
    let buf = frame.buffer_mut();
    let body_h = (area.height - 3) as usize;
    let top = inbox.sel.saturating_sub(body_h.saturating_sub(1));
    if inbox.visible.is_empty() {
        buf.set_stringn(
            area.x,
            area.y + 2,
            inbox.lang.pick(
                "（没有符合筛选条件的报告：按 f / u 取消筛选，/ 后按 Esc 清除机关筛选）",
                "(no report matches the filters: f / u clears them, / then Esc the agency)",
            ),
            w,
            t.dim(),
        );
    }
    for (n, &i) in inbox.visible.iter().enumerate().skip(top).take(body_h) {
        let y = area.y + 2 + (n - top) as u16;
        let mut line = Vec::new();
        for (k, (s, st)) in row_spans(&inbox.rows[i], inbox, widths)
            .into_iter()
            .enumerate()
        {
            if k > 0 {
                line.push(Span::raw(" "));
            }
            line.push(Span::styled(s, st));
        }
        let mut line = Line::from(line);
        if n == inbox.sel {
            // Reverse video marks the selection without relying on colour.
            line = line.patch_style(t.cursor());
            buf.set_stringn(area.x, y, " ".repeat(w), w, t.cursor());
        }
        buf.set_line(area.x, y, &line, area.width);
    }
}

/// The last line: the agency filter being typed, else a message, else the keys.
fn draw_footer(frame: &mut Frame, inbox: &Inbox) {
    let area = frame.area();
    let lang = inbox.lang;
    let t = inbox.theme;
    let w = area.width as usize;
    let footer_y = area.bottom() - 1;
    if inbox.filtering {
        let prompt = lang.pick("按机关筛选：", "agency: ");
        let (x, _) = frame
            .buffer_mut()
            .set_stringn(area.x, footer_y, prompt, w, t.bold());
        let (hints, hints_w) = super::super::footer::hints(Ctx::InboxFilter, lang, t, w / 2);
        let field_w = area
            .right()
            .saturating_sub(x)
            .saturating_sub(hints_w as u16);
        let field = ratatui::layout::Rect::new(x, footer_y, field_w, 1);
        inbox.filter.draw(frame, field, Style::new(), true);
        frame.buffer_mut().set_line(
            area.right().saturating_sub(hints_w as u16),
            footer_y,
            &Line::from(hints),
            hints_w as u16,
        );
        return;
    }
    let buf = frame.buffer_mut();
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
            let (spans, _) = super::super::footer::hints(inbox.ctx(), lang, t, w);
            buf.set_line(area.x, footer_y, &Line::from(spans), area.width);
        }
    }
}
