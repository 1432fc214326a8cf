//! Markers and styles. Every state has a text marker and a non-colour attribute (bold,
//! underline, reverse), so the screen reads the same with `NO_COLOR` or on a monochrome
//! terminal; `--ascii` swaps the ambiguous-width markers for ASCII ones.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::widgets::{Block, Borders};

use nianbao::Severity;

/// How to draw: markers and whether colour is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// ASCII markers only.
    pub ascii: bool,
    /// Colour allowed (off with `NO_COLOR`).
    pub color: bool,
}

/// Borders drawn with ASCII for terminals that render box-drawing characters double width.
pub const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// The focused pane's border in ASCII.
pub const ASCII_FOCUS_BORDER: border::Set<'static> = border::Set {
    top_left: "#",
    top_right: "#",
    bottom_left: "#",
    bottom_right: "#",
    vertical_left: "#",
    vertical_right: "#",
    horizontal_top: "=",
    horizontal_bottom: "=",
};

impl Theme {
    /// Colour unless `NO_COLOR` is set (to anything non-empty).
    pub fn detect(ascii: bool) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme {
            ascii,
            color: !no_color,
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// The border set to use.
    pub fn border(&self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::PLAIN
        }
    }

    /// A pane's border: double (ASCII `=`/`#`) when it has focus, so focus shows without
    /// colour too.
    pub fn pane_border(&self, focused: bool) -> border::Set<'static> {
        match (focused, self.ascii) {
            (false, _) => self.border(),
            (true, false) => border::DOUBLE,
            (true, true) => ASCII_FOCUS_BORDER,
        }
    }

    /// A pane border's style: bold and coloured when focused, dim otherwise.
    /// A dialog's or overlay's frame: borders all round and its title in bold.
    pub fn dialog_block<'a>(&self, title: impl Into<ratatui::text::Line<'a>>) -> Block<'a> {
        Block::new()
            .borders(Borders::ALL)
            .border_set(self.border())
            .title(title)
            .title_style(self.bold())
    }

    /// A pane's frame: a top border, double and highlighted when the pane has the focus, and
    /// its title.
    pub fn pane_block(&self, title: &'static str, focused: bool) -> Block<'static> {
        Block::new()
            .borders(Borders::TOP)
            .border_set(self.pane_border(focused))
            .border_style(self.pane_border_style(focused))
            .title(title)
            .title_style(if focused { self.cursor() } else { self.bold() })
    }

    pub fn pane_border_style(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.dim()
        }
    }

    /// The marker of a severity: `✖ ⚠ ℹ`, or `E W i`.
    pub fn severity_mark(&self, s: Severity) -> &'static str {
        match (s, self.ascii) {
            (Severity::Error, false) => "✖",
            (Severity::Warning, false) => "⚠",
            (Severity::Info, false) => "ℹ",
            (Severity::Error, true) => "E",
            (Severity::Warning, true) => "W",
            (Severity::Info, true) => "i",
        }
    }

    /// The style of a severity.
    pub fn severity_style(&self, s: Severity) -> Style {
        match s {
            Severity::Error => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Severity::Warning => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Severity::Info => self.fg(Color::Cyan),
        }
    }

    /// The separator between parts of a line: ` · `, or ` | `.
    pub fn dot(&self) -> &'static str {
        if self.ascii { " | " } else { " · " }
    }

    /// The marker of an annotated cell or finding.
    pub fn annotated_mark(&self) -> &'static str {
        if self.ascii { "*" } else { "✎" }
    }

    /// The marker of a changed cell.
    pub fn changed_mark(&self) -> &'static str {
        if self.ascii { "~" } else { "Δ" }
    }

    /// A delta as the table shows it: `↑146`, `↓3` (ASCII: `+146`, `-3`).
    pub fn delta(&self, d: rust_decimal::Decimal) -> String {
        let n = d.abs().normalize();
        match (d.is_sign_negative(), self.ascii) {
            (false, false) => format!("↑{n}"),
            (true, false) => format!("↓{n}"),
            (false, true) => format!("+{n}"),
            (true, true) => format!("-{n}"),
        }
    }

    /// The style of a delta.
    pub fn delta_style(&self) -> Style {
        self.fg(Color::Cyan)
    }

    /// Last year's values and other secondary text.
    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    /// Headings and labels that matter.
    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The cursor and the selection: reverse video, readable without colour.
    pub fn cursor(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// Text inserted this year.
    pub fn inserted(&self) -> Style {
        self.fg(Color::Green)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Text deleted since last year.
    pub fn deleted(&self) -> Style {
        self.fg(Color::Red)
            .add_modifier(Modifier::CROSSED_OUT | Modifier::UNDERLINED)
    }

    /// A good state (approved, no errors).
    pub fn good(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }
}
