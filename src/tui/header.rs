//! The header: agency, report year against prior year, template, counts of findings by
//! severity, and the sign-off state.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use nianbao::{Lang, Severity};

use super::app::App;
use super::text;
use nianbao::review::SignState;
use nianbao::vocab;

/// The sign-off state as a word with a marker, and its style.
pub fn sign_state(app: &App) -> (String, Style) {
    let lang = app.lang;
    let t = app.theme;
    let status = &app.review.status;
    let label = status.state.label(lang);
    match status.state {
        SignState::Unsigned => (format!("[ ] {label}"), t.bold()),
        SignState::Tampered => (format!("[X] {label}"), t.severity_style(Severity::Error)),
        SignState::Approved => (format!("[v] {label}"), t.good()),
        SignState::Returned => (format!("[<] {label}"), t.severity_style(Severity::Warning)),
        SignState::Stale => {
            let why: Vec<&str> = status
                .stale_reasons
                .iter()
                .map(|r| vocab::stale_reason_short(r, lang))
                .collect();
            let why = match lang {
                Lang::Zh => format!("（{}）", why.join("，")),
                Lang::En => format!(" ({})", why.join(", ")),
            };
            (
                format!("[!] {label}{why}"),
                t.severity_style(Severity::Error),
            )
        }
    }
}

/// Draw the two header lines.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    if area.height == 0 {
        return;
    }
    let lang = app.lang;
    let t = app.theme;
    let r = &app.data.report;
    let agency = r
        .meta
        .agency
        .as_deref()
        .map(|a| text::sanitize(a).into_owned())
        .unwrap_or_else(|| lang.pick("（未识别机关）", "(agency not found)").into());
    let year = |y: Option<i32>| y.map_or_else(|| "?".to_string(), |y| y.to_string());
    let years = match (&app.data.prior, lang) {
        (Some(p), Lang::Zh) => format!("{}年度 对照 {}年度", year(r.meta.year), year(p.meta.year)),
        (Some(p), Lang::En) => format!("{} against {}", year(r.meta.year), year(p.meta.year)),
        (None, Lang::Zh) => format!("{}年度（无上年报告）", year(r.meta.year)),
        (None, Lang::En) => format!("{} (no prior report)", year(r.meta.year)),
    };
    let template = match lang {
        Lang::Zh => format!("{}版模板", r.meta.template),
        Lang::En => format!("{} template", r.meta.template),
    };
    let line1 = Line::from(vec![
        Span::styled(agency, t.bold()),
        Span::raw(t.dot()),
        Span::raw(years),
        Span::raw(t.dot()),
        Span::raw(template),
    ]);
    frame
        .buffer_mut()
        .set_line(area.x, area.y, &line1, area.width);
    if area.height < 2 {
        return;
    }
    let (e, w, i) = app.data.counts();
    let count = |s: Severity, n: usize, zh: &str, en: &str| {
        Span::styled(
            format!("{} {} {n}  ", t.severity_mark(s), lang.pick(zh, en)),
            if n > 0 {
                t.severity_style(s)
            } else {
                Style::new()
            },
        )
    };
    let (state, state_style) = sign_state(app);
    let mut spans = vec![
        count(Severity::Error, e, "错误", "errors"),
        count(Severity::Warning, w, "警告", "warnings"),
        count(Severity::Info, i, "提示", "info"),
        Span::styled(state, state_style),
    ];
    let unaccepted = app.review.status.unaccepted_errors.len();
    if unaccepted > 0 {
        spans.push(Span::raw(match lang {
            Lang::Zh => format!("  未接受错误 {unaccepted}"),
            Lang::En => format!("  unaccepted errors {unaccepted}"),
        }));
    }
    let notes = app.review.record.annotations.len();
    if notes > 0 {
        spans.push(Span::raw(match lang {
            Lang::Zh => format!(
                "  {}批注 {notes}（待处理 {}）",
                t.annotated_mark(),
                app.review.status.open_annotations
            ),
            Lang::En => format!(
                "  {}notes {notes} ({} open)",
                t.annotated_mark(),
                app.review.status.open_annotations
            ),
        }));
    }
    frame
        .buffer_mut()
        .set_line(area.x, area.y + 1, &Line::from(spans), area.width);
}
