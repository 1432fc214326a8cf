//! The reviewer's reading of a cell the machine could not read with certainty (`i` on an
//! ambiguous or unreadable cell): pick one of the candidate readings or type the value, say
//! why, and save it to the store as `annotate --value` does; the rules then run again on it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use rust_decimal::Decimal;

use nianbao::Lang;

use super::app::App;
use super::app::Overlay;
use super::editor::Editor;
use super::popup;
use super::text;

/// The dialog's state.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadingState {
    /// The cell, by canonical id.
    pub cell: String,
    /// What the report wrote in it.
    pub raw: String,
    /// The readings the machine offers (may be none).
    pub candidates: Vec<Decimal>,
    /// The candidate the value was taken from, when it was.
    pub sel: Option<usize>,
    /// The value, as typed or taken from a candidate.
    pub value: Editor,
    /// Why (the reviewer's note).
    pub note: Editor,
    /// The note field has the keys (else the value field).
    pub on_note: bool,
    /// Why the value or the store was refused, when it was.
    pub refused: Option<String>,
}

impl ReadingState {
    /// The dialog on a cell of the report shown: empty, or with the reading in force.
    pub fn open(app: &App, cell: &str) -> Option<ReadingState> {
        let c = app.data.report.cell(cell)?;
        let earlier = app.data.reading(cell);
        Some(ReadingState {
            cell: cell.to_string(),
            raw: c.raw.to_string(),
            candidates: c.candidates.clone(),
            sel: None,
            value: Editor::new(
                &earlier
                    .map(|r| r.value.normalize().to_string())
                    .unwrap_or_default(),
            ),
            note: Editor::new(earlier.map(|r| r.note.as_str()).unwrap_or("")),
            on_note: false,
            refused: None,
        })
    }

    /// Up/Down: take the previous or next candidate as the value.
    pub fn step(&mut self, down: bool) {
        let n = self.candidates.len();
        if n == 0 {
            return;
        }
        let i = match (self.sel, down) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1).min(n - 1),
            (Some(i), false) => i.saturating_sub(1),
        };
        self.sel = Some(i);
        self.value = Editor::new(&self.candidates[i].normalize().to_string());
        self.refused = None;
    }

    /// A key for the field that has focus: a value is one line.
    pub fn key(&mut self, key: &crossterm::event::KeyEvent) {
        if self.on_note {
            self.note.key(key);
        } else if key.code != crossterm::event::KeyCode::Enter {
            self.value.key(key);
            self.sel = None;
        }
        self.refused = None;
    }

    /// Pasted text, into the field that has focus.
    pub fn paste(&mut self, s: &str) {
        if self.on_note {
            self.note.insert(s);
        } else {
            self.value.insert(&s.replace(['\n', '\r'], ""));
            self.sel = None;
        }
    }

    /// The value typed, when it is a number: ASCII or full-width digits with at most one
    /// decimal point (no exponents, separators or signs, which `Decimal` would also take).
    pub fn parsed(&self) -> Option<Decimal> {
        let folded: String = self
            .value
            .text()
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '．' => '.',
                c => c,
            })
            .collect();
        let digits = folded.chars().filter(char::is_ascii_digit).count();
        let points = folded.chars().filter(|&c| c == '.').count();
        if digits == 0 || points > 1 || digits + points != folded.chars().count() {
            return None;
        }
        folded.parse().ok()
    }
}

/// Why a value typed is not taken, in the CLI's words for `annotate --value`.
pub fn not_a_number(typed: &str, lang: Lang) -> String {
    let typed = text::sanitize(typed.trim()).into_owned();
    match lang {
        Lang::Zh => format!("「{typed}」不是数字：请写阿拉伯数字，如 12 或 3.5"),
        Lang::En => format!("`{typed}` is not a number: write digits, such as 12 or 3.5"),
    }
}

/// The cell as every front end names it ([`nianbao::vocab::cell_name`]).
fn cell_name(app: &App, id: &str) -> String {
    nianbao::vocab::cell_name(app.data.schema_of(id), id, app.lang, app.theme.dot())
}

/// The candidates on one line, the one taken highlighted.
fn candidates_line<'a>(app: &App, s: &ReadingState) -> Line<'a> {
    let t = app.theme;
    let lang = app.lang;
    let mut spans = vec![Span::styled(
        lang.pick("候选读法（上下键选）：", "candidates (Up/Down): "),
        t.bold(),
    )];
    if s.candidates.is_empty() {
        spans.push(Span::styled(
            lang.pick("无，请直接输入读数", "none: type the value"),
            t.dim(),
        ));
    }
    for (i, c) in s.candidates.iter().enumerate() {
        let style = if s.sel == Some(i) {
            t.cursor()
        } else {
            Style::new()
        };
        spans.push(Span::styled(format!(" {} ", c.normalize()), style));
    }
    Line::from(spans)
}

/// Draw the dialog.
pub fn draw(frame: &mut Frame, app: &App, s: &ReadingState) {
    let t = app.theme;
    let lang = app.lang;
    let area = popup::centered(frame.area(), 72, 14);
    popup::clear(frame, area);
    let title = format!(
        " {}{} ",
        lang.pick("审核人读数：", "reviewer's reading: "),
        cell_name(app, &s.cell)
    );
    let block = t.dialog_block(
        text::truncate(&title, area.width.saturating_sub(2) as usize, t.ascii).into_owned(),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 6 {
        return;
    }
    let w = inner.width as usize;
    let raw = text::sanitize(&s.raw).into_owned();
    let written = match lang {
        Lang::Zh => format!("原文「{raw}」：机器无法确定其读数"),
        Lang::En => format!("written \"{raw}\": the machine cannot tell how it reads"),
    };
    let buf = frame.buffer_mut();
    buf.set_stringn(inner.x, inner.y, written, w, t.dim());
    buf.set_line(inner.x, inner.y + 1, &candidates_line(app, s), inner.width);
    let label = |on: bool| {
        if on {
            t.bold().add_modifier(Modifier::UNDERLINED)
        } else {
            t.dim()
        }
    };
    let value_label = lang.pick("读数：", "value: ");
    let (x, _) = buf.set_stringn(inner.x, inner.y + 2, value_label, w, label(!s.on_note));
    let value_area = Rect::new(x, inner.y + 2, inner.right().saturating_sub(x), 1);
    buf.set_stringn(
        inner.x,
        inner.y + 3,
        lang.pick(
            "说明（Tab 切换读数/说明，Ctrl-S 保存，Esc 取消）：",
            "Why (Tab: value/why, Ctrl-S saves, Esc cancels):",
        ),
        w,
        label(s.on_note),
    );
    let mut note_h = inner.height - 4;
    if let Some(reason) = &s.refused {
        let bottom = inner.y + 4 + note_h;
        note_h -= popup::refusal(buf, inner, bottom, note_h, reason, t);
    }
    s.value.draw(frame, value_area, Style::new(), !s.on_note);
    let note_area = Rect::new(inner.x, inner.y + 4, inner.width, note_h);
    s.note.draw(frame, note_area, Style::new(), s.on_note);
}

impl App {
    /// `i` on a cell the machine could not read with certainty: the reading dialog.
    pub(super) fn start_reading(&mut self) {
        let cell = self
            .cursor_cell()
            .filter(|id| self.data.readable_by_reviewer(id));
        match cell.and_then(|id| ReadingState::open(self, &id)) {
            Some(state) => self.overlay = Overlay::Reading(state),
            None => {
                self.message = Some((
                    self.lang
                        .pick(
                            "只有无法识别或有歧义的单元格才能录入审核人读数：请把光标移到这样的单元格上",
                            "only a cell the machine could not read (ambiguous or unreadable) takes a reviewer's reading",
                        )
                        .into(),
                    true,
                ))
            }
        }
    }

    /// Ctrl-S in the reading dialog: the value must be a number and a note say why; saved
    /// through the store, the rules run again on it, and the finding selected stays selected
    /// when it still stands.
    pub(super) fn save_reading(&mut self, mut s: ReadingState) -> Overlay {
        let Some(value) = s.parsed() else {
            s.refused = Some(not_a_number(&s.value.text(), self.lang));
            return Overlay::Reading(s);
        };
        if s.note.is_blank() {
            s.refused = Some(
                self.lang
                    .pick(
                        "请写明读数的依据（例如原文如何分格）。",
                        "say why it reads so (how the digits split, for example).",
                    )
                    .into(),
            );
            s.on_note = true;
            return Overlay::Reading(s);
        }
        let kept = self
            .finding
            .map(|i| self.data.findings[i].fingerprint.clone());
        let note = s.note.text();
        match self.review.record_reading(
            &mut self.data,
            &s.cell,
            value,
            note.trim_end(),
            &self.reviewer,
        ) {
            Ok(_) => {
                self.finding =
                    kept.and_then(|fp| self.data.findings.iter().position(|f| f.fingerprint == fp));
                let (e, w, _) = self.data.counts();
                self.message = Some((
                    match self.lang {
                        Lang::Zh => format!(
                            "已记录审核人读数：{} 读作 {}；已按此值重新核对：错误 {e}，警告 {w}",
                            s.cell,
                            value.normalize()
                        ),
                        Lang::En => format!(
                            "reading recorded: {} reads {}; checked again on it: {e} errors, {w} warnings",
                            s.cell,
                            value.normalize()
                        ),
                    },
                    false,
                ));
                Overlay::None
            }
            Err(e) => {
                s.refused = Some(e.message(self.lang));
                Overlay::Reading(s)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(value: &str) -> ReadingState {
        ReadingState {
            cell: "x".into(),
            raw: "增421306".into(),
            candidates: vec![Decimal::new(42, 0), Decimal::new(4213, 0)],
            sel: None,
            value: Editor::new(value),
            note: Editor::new(""),
            on_note: false,
            refused: None,
        }
    }

    #[test]
    fn a_value_is_digits_with_one_point_ascii_or_full_width() {
        assert_eq!(state("12").parsed(), Some(Decimal::new(12, 0)));
        assert_eq!(state(" 3.5 ").parsed(), Some(Decimal::new(35, 1)));
        assert_eq!(state("１２").parsed(), Some(Decimal::new(12, 0)));
        for bad in ["", "1e3", "1_000", "-2", "1.2.3", "十二", "."] {
            assert_eq!(state(bad).parsed(), None, "{bad}");
        }
    }

    #[test]
    fn up_and_down_take_a_candidate_as_the_value() {
        let mut s = state("");
        s.step(true);
        assert_eq!(s.value.text(), "42");
        s.step(true);
        s.step(true);
        assert_eq!(s.value.text(), "4213", "stays on the last");
        s.step(false);
        assert_eq!((s.sel, s.value.text()), (Some(0), "42".to_string()));
    }
}
