//! Colour for human output: on when stdout is a terminal and `NO_COLOR` is unset, and every
//! state also carries a text marker so nothing depends on colour alone.

use std::io::IsTerminal;

use nianbao::Severity;

/// Whether to colour, decided once per run.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    color: bool,
}

impl Style {
    /// Colour when stdout is a terminal and `NO_COLOR` is not set.
    pub fn detect() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: !no_color && std::io::stdout().is_terminal(),
        }
    }

    /// The exact escape sequences this style writes (none without colour): the only ones the
    /// output sanitiser lets through.
    pub fn codes(&self) -> &'static [&'static str] {
        const CODES: &[&str] = &[
            "\x1b[0m",
            "\x1b[1m",
            "\x1b[2m",
            "\x1b[32m",
            "\x1b[1;31m",
            "\x1b[33m",
            "\x1b[36m",
            "\x1b[9;31m",
            "\x1b[4;32m",
        ];
        if self.color { CODES } else { &[] }
    }

    /// Colour as asked: `always`, `never`, or (auto) as [`Style::detect`] decides.
    pub fn choose(choice: super::args::ColorArg) -> Style {
        use super::args::ColorArg;
        match choice {
            ColorArg::Auto => Style::detect(),
            ColorArg::Always => Style { color: true },
            ColorArg::Never => Style { color: false },
        }
    }

    /// Text deleted since last year: red and struck through on a terminal, else `[-…-]`.
    pub fn deleted(&self, text: &str) -> String {
        if self.color {
            self.paint("9;31", text)
        } else {
            format!("[-{text}-]")
        }
    }

    /// Text inserted this year: green and underlined on a terminal, else `{+…+}`.
    pub fn inserted(&self, text: &str) -> String {
        if self.color {
            self.paint("4;32", text)
        } else {
            format!("{{+{text}+}}")
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// No colour: for text that is not for a terminal (a memo).
    pub fn plain() -> Style {
        Style { color: false }
    }

    /// Bold text.
    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    /// Dim text (source lines, ids).
    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    /// Green text (a clean result).
    pub fn good(&self, text: &str) -> String {
        self.paint("32", text)
    }

    /// Text in a severity's colour.
    pub fn severity(&self, severity: Severity, text: &str) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "33",
            Severity::Info => "36",
        };
        self.paint(code, text)
    }
}
