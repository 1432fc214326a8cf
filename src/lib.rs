//! nianbao: read, check and compare Chinese government information disclosure annual reports
//! (政府信息公开工作年度报告), and keep the reviewer's notes and sign-off.
//!
//! A report flows one way: bytes → text ([`read`]) → [`model::Report`] ([`parse`]) →
//! changes against the prior year ([`compare`]) → findings ([`rules`], the cross-year ones
//! reading the comparison) → the reviewer's record ([`review`]). [`vocab`] names cells,
//! sections and review states in Chinese and English for every front end, and [`memo`] writes
//! the review memo with those words. Between those and the two front ends, [`session`] does
//! once what both need: find and pair a folder's reports, load a report with its prior and
//! check it on the reviewer's readings, sort.
//! The `nianbao` binary puts a CLI and a terminal UI on top; nothing in this library touches
//! a terminal.
//!
//! Bilingual names follow one rule, as the JSON's `message` / `message_en` do: `name` is the
//! Chinese (the default language), `name_en` the English.

pub mod compare;
mod fast_str;
pub mod memo;
pub mod model;
pub mod parse;
pub mod read;
pub mod review;
pub mod rules;
pub mod sanitize;
pub mod session;
pub mod vocab;

pub use model::{Cell, CellStatus, Report, SectionId, TableId, Template, hex};
pub use rules::{Finding, Severity};

/// The language of messages and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Pick the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Read and parse one file (no rules run: [`session::load`] also pairs and checks).
pub fn load(path: &std::path::Path) -> Result<Report, read::ReadError> {
    let source = read::read_path(path)?;
    Ok(parse::parse(&source))
}
