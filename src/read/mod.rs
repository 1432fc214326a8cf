//! Bytes → text: detect the encoding (BOM, UTF-8, GB18030, UTF-16) and the format (plain
//! text, HTML, .docx), and give the parser one text to read.
//!
//! HTML and .docx tables come out as one line per table row, cells separated by TABs in their
//! exact grid positions (a position covered by a merged cell is an empty cell), with a blank
//! line before and after each table; narrative paragraphs come out as ordinary lines.

mod discover;
pub mod docx;
pub mod encoding;
pub mod format;
pub mod grid;
pub mod html;
pub mod pdf;

use std::path::Path;

use crate::model::SourceInfo;

pub use discover::{REPORT_EXTENSIONS, is_report_file, report_files};
pub use encoding::TextEncoding;

/// A file read into text, with how it was read.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path, hash, encoding, format.
    pub info: SourceInfo,
    /// The text, line breaks normalised to `\n`.
    pub text: String,
    /// For a PDF: the first line (1-based) of each page, in page order; empty otherwise.
    pub page_starts: Vec<usize>,
}

/// The format a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// An HTML page or fragment.
    Html,
    /// A Word .docx document.
    Docx,
    /// A PDF's text layer.
    Pdf,
}

impl Format {
    /// The name recorded in [`SourceInfo::format`].
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The OS refused (missing, a directory, no permission).
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// Zero bytes.
    #[error("{path}: the file is empty")]
    Empty {
        /// The file.
        path: String,
    },
    /// Not text in any encoding a government office saves.
    #[error("{path}: not a text report ({reason})")]
    NotText {
        /// The file.
        path: String,
        /// What was seen.
        reason: String,
    },
    /// A document container (.docx) that cannot be read.
    #[error("{path}: cannot read as a Word .docx: {reason}")]
    Document {
        /// The file.
        path: String,
        /// What went wrong, and what to do.
        reason: String,
    },
    /// A PDF whose text cannot be had: malformed, encrypted, truncated, a scan, or one that
    /// made the extractor crash, hang or blow up.
    #[error("{path}: cannot read as PDF: {} ({problem})", problem.message_zh())]
    Pdf {
        /// The file.
        path: String,
        /// What went wrong.
        problem: pdf::PdfProblem,
    },
}

impl ReadError {
    /// The file the error is about.
    pub fn path(&self) -> &str {
        match self {
            ReadError::Io { path, .. }
            | ReadError::Empty { path }
            | ReadError::NotText { path, .. }
            | ReadError::Document { path, .. }
            | ReadError::Pdf { path, .. } => path,
        }
    }
}

/// Read a file from disk.
pub fn read_path(path: &Path) -> Result<Source, ReadError> {
    let label = path.display().to_string();
    if path.is_dir() {
        return Err(ReadError::NotText {
            path: label,
            reason: "it is a directory; give the report files inside it".into(),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: label.clone(),
        source,
    })?;
    read_bytes(&label, &bytes)
}

/// Decode bytes already in memory; `path` names them in messages, and its extension breaks
/// ties when the content alone does not tell HTML from text.
pub fn read_bytes(path: &str, bytes: &[u8]) -> Result<Source, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty { path: path.into() });
    }
    let not_text = |reason: String| ReadError::NotText {
        path: path.into(),
        reason,
    };
    let mut page_starts = Vec::new();
    let (text, enc, format) = match format::container(bytes) {
        format::Container::Foreign(reason) => return Err(not_text(reason)),
        format::Container::Zip => {
            let text = docx::to_text(bytes).map_err(|reason| ReadError::Document {
                path: path.into(),
                reason,
            })?;
            (text, TextEncoding::Utf8, Format::Docx)
        }
        format::Container::Pdf => {
            let read = pdf::read(bytes).map_err(|problem| ReadError::Pdf {
                path: path.into(),
                problem,
            })?;
            page_starts = read.page_starts;
            (read.text, TextEncoding::Utf8, Format::Pdf)
        }
        format::Container::Text => {
            let hint = if format::bytes_look_like_html(bytes, path) {
                encoding::html_declared_charset(bytes)
                    .map_or(encoding::Hint::None, encoding::Hint::Declared)
            } else {
                encoding::Hint::None
            };
            let (text, enc) = encoding::decode(bytes, hint).map_err(|e| not_text(e.0))?;
            if format::looks_like_html(&text, path) {
                (html::to_text(&text), enc, Format::Html)
            } else {
                (text, enc, Format::Text)
            }
        }
    };
    if text.trim().is_empty() {
        return Err(not_text(match format {
            Format::Text => "only whitespace, no text".into(),
            Format::Html => "an HTML page with no text outside scripts and page menus".into(),
            Format::Docx => "a Word document with no text".into(),
            Format::Pdf => "a PDF with no text".into(),
        }));
    }
    use sha2::{Digest, Sha256};
    Ok(Source {
        info: SourceInfo {
            path: path.into(),
            sha256: crate::hex(&Sha256::digest(bytes)),
            encoding: enc.as_str().into(),
            format: format.as_str().into(),
        },
        text,
        page_starts,
    })
}
