//! A multi-line text field for notes and comments: takes Chinese input (typed through an input
//! method, or pasted), moves by grapheme, wraps by display width, and puts the terminal's real
//! cursor where the next character goes, so input methods place their candidate window there.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;

use super::text;

/// The field's text and cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Editor {
    lines: Vec<String>,
    row: usize,
    /// Cursor position in graphemes within `lines[row]`.
    col: usize,
}

fn grapheme_count(s: &str) -> usize {
    s.graphemes(true).count()
}

fn byte_at(s: &str, g: usize) -> usize {
    s.grapheme_indices(true).nth(g).map_or(s.len(), |(i, _)| i)
}

impl Editor {
    /// A field holding `initial`, cursor at its end.
    pub fn new(initial: &str) -> Editor {
        let mut lines: Vec<String> = initial.split('\n').map(str::to_string).collect();
        if lines.is_empty() {
            lines.push(String::new());
        }
        let row = lines.len() - 1;
        let col = grapheme_count(&lines[row]);
        Editor { lines, row, col }
    }

    /// The text, lines joined by `\n`.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// Whether nothing but white space was typed.
    pub fn is_blank(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty())
    }

    /// Insert text at the cursor (typed or pasted); control characters are made inert.
    pub fn insert(&mut self, s: &str) {
        let clean =
            text::sanitize_with(&s.replace("\r\n", "\n").replace('\r', "\n"), true).into_owned();
        for (i, part) in clean.split('\n').enumerate() {
            if i > 0 {
                self.newline();
            }
            let at = byte_at(&self.lines[self.row], self.col);
            self.lines[self.row].insert_str(at, part);
            self.col += grapheme_count(part);
        }
    }

    fn newline(&mut self) {
        let at = byte_at(&self.lines[self.row], self.col);
        let rest = self.lines[self.row].split_off(at);
        self.lines.insert(self.row + 1, rest);
        self.row += 1;
        self.col = 0;
    }

    /// Apply an editing key; returns whether the key was one the field uses.
    pub fn key(&mut self, ev: &KeyEvent) -> bool {
        if ev.modifiers.contains(KeyModifiers::CONTROL) {
            return false;
        }
        match ev.code {
            KeyCode::Char(c) => self.insert(c.encode_utf8(&mut [0; 4])),
            KeyCode::Enter => self.newline(),
            KeyCode::Backspace => {
                if self.col > 0 {
                    let line = &mut self.lines[self.row];
                    let (a, b) = (byte_at(line, self.col - 1), byte_at(line, self.col));
                    line.replace_range(a..b, "");
                    self.col -= 1;
                } else if self.row > 0 {
                    let line = self.lines.remove(self.row);
                    self.row -= 1;
                    self.col = grapheme_count(&self.lines[self.row]);
                    self.lines[self.row].push_str(&line);
                }
            }
            KeyCode::Delete => {
                let len = grapheme_count(&self.lines[self.row]);
                if self.col < len {
                    let line = &mut self.lines[self.row];
                    let (a, b) = (byte_at(line, self.col), byte_at(line, self.col + 1));
                    line.replace_range(a..b, "");
                } else if self.row + 1 < self.lines.len() {
                    let next = self.lines.remove(self.row + 1);
                    self.lines[self.row].push_str(&next);
                }
            }
            KeyCode::Left => {
                if self.col > 0 {
                    self.col -= 1;
                } else if self.row > 0 {
                    self.row -= 1;
                    self.col = grapheme_count(&self.lines[self.row]);
                }
            }
            KeyCode::Right => {
                if self.col < grapheme_count(&self.lines[self.row]) {
                    self.col += 1;
                } else if self.row + 1 < self.lines.len() {
                    self.row += 1;
                    self.col = 0;
                }
            }
            KeyCode::Up if self.row > 0 => {
                self.row -= 1;
                self.col = self.col.min(grapheme_count(&self.lines[self.row]));
            }
            KeyCode::Down if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = self.col.min(grapheme_count(&self.lines[self.row]));
            }
            KeyCode::Home => self.col = 0,
            KeyCode::End => self.col = grapheme_count(&self.lines[self.row]),
            KeyCode::Up | KeyCode::Down => {}
            _ => return false,
        }
        true
    }

    /// The text broken into screen lines of `width` cells, and the cursor's (line, cell).
    pub fn layout(&self, width: usize) -> (Vec<String>, (usize, usize)) {
        let width = width.max(2);
        let mut out = Vec::new();
        let mut cursor = (0, 0);
        for (r, line) in self.lines.iter().enumerate() {
            let mut cur = String::new();
            let mut used = 0;
            for (g_index, g) in line.graphemes(true).enumerate() {
                let w = text::width(g);
                if used + w > width {
                    out.push(std::mem::take(&mut cur));
                    used = 0;
                }
                if r == self.row && g_index == self.col {
                    cursor = (out.len(), used);
                }
                cur.push_str(g);
                used += w;
            }
            if r == self.row && self.col >= grapheme_count(line) {
                if used >= width {
                    out.push(std::mem::take(&mut cur));
                    used = 0;
                }
                cursor = (out.len(), used);
            }
            out.push(cur);
        }
        (out, cursor)
    }

    /// Draw the field in `area`, scrolled so the cursor shows, and place the terminal cursor.
    pub fn draw(&self, frame: &mut Frame, area: Rect, style: Style, focused: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let (lines, (cy, cx)) = self.layout(area.width as usize);
        let top = cy.saturating_sub(area.height as usize - 1);
        let buf = frame.buffer_mut();
        for (i, line) in lines
            .iter()
            .skip(top)
            .take(area.height as usize)
            .enumerate()
        {
            buf.set_stringn(area.x, area.y + i as u16, line, area.width as usize, style);
        }
        if focused {
            frame.set_cursor_position(Position::new(
                area.x + cx.min(area.width as usize - 1) as u16,
                area.y + (cy - top) as u16,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn chinese_input_moves_by_character_and_edits_in_place() {
        let mut e = Editor::new("");
        e.insert("数据有误");
        e.key(&key(KeyCode::Left));
        e.key(&key(KeyCode::Left));
        e.key(&key(KeyCode::Backspace));
        e.insert("已");
        assert_eq!(e.text(), "数已有误");
        e.key(&key(KeyCode::End));
        e.key(&key(KeyCode::Enter));
        e.key(&key(KeyCode::Char('2')));
        assert_eq!(e.text(), "数已有误\n2");
        e.key(&key(KeyCode::Home));
        e.key(&key(KeyCode::Backspace));
        assert_eq!(e.text(), "数已有误2");
    }

    #[test]
    fn layout_wraps_by_width_and_tracks_the_cursor() {
        let e = Editor::new("一二三四五");
        let (lines, cursor) = e.layout(6);
        assert_eq!(lines, vec!["一二三", "四五"]);
        assert_eq!(cursor, (1, 4));
    }

    #[test]
    fn pasted_escape_sequences_are_inert() {
        let mut e = Editor::new("");
        e.insert("a\x1b[2Jb\r\nc");
        assert_eq!(e.text(), "a^[[2Jb\nc");
    }
}
