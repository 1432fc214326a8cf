//! Bytes → text: detect the encoding (BOM, UTF-8, GB18030, UTF-16) and the format (plain
//! text, HTML, .docx), and give the parser one text to read.
//!
//! HTML and .docx tables come out as one line per table row, cells separated by TABs in their
//! exact grid positions (a position covered by a merged cell is an empty cell), with a blank
//! line before and after each table; narrative paragraphs come out as ordinary lines.

mod discover;
pub mod docx;
pub mod encoding;
pub mod form_feeds;
pub mod format;
pub mod grid;
pub mod html;
pub mod invisible;
pub mod pdf;

use std::io::Read as _;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::SourceInfo;

pub use discover::{Found, REPORT_EXTENSIONS, Skipped, find_reports, is_report_file, report_files};
pub use encoding::TextEncoding;

/// A file read into text, with how it was read.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path, hash, encoding, format.
    pub info: SourceInfo,
    /// The text, line breaks normalised to `\n`, characters that show as nothing (zero-width
    /// spaces and joiners, byte-order marks) taken out ([`invisible`]).
    pub text: String,
    /// For a PDF, or a text whose pages end with form feeds (pdftotext's): the first line
    /// (1-based) of each page, in page order; empty otherwise.
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
    /// Not a regular file: a FIFO, a device or a socket, which may never end.
    #[error("{path}: not a regular file ({kind}); name the report file itself")]
    NotAFile {
        /// The file.
        path: String,
        /// What it is instead.
        kind: &'static str,
    },
    /// Larger than the configured limit (`max_file_mb`), checked before and while reading.
    #[error(
        "{path}: too large ({size}); reports are far smaller, the limit is {limit} MB (`max_file_mb` in the config file)"
    )]
    TooLarge {
        /// The file.
        path: String,
        /// Its size as far as it was read (`more than N bytes` when reading was cut off).
        size: String,
        /// The limit in MB.
        limit: u64,
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
            | ReadError::NotAFile { path, .. }
            | ReadError::TooLarge { path, .. }
            | ReadError::Document { path, .. }
            | ReadError::Pdf { path, .. } => path,
        }
    }
}

/// The largest file read unless the config says otherwise: 64 MB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

static MAX_FILE_BYTES: AtomicU64 = AtomicU64::new(DEFAULT_MAX_FILE_BYTES);

/// Set the largest file [`read_path`] reads (the config's `max_file_mb`), for the whole run.
pub fn set_max_file_bytes(limit: u64) {
    MAX_FILE_BYTES.store(limit.max(1), Ordering::Relaxed);
}

/// The largest file [`read_path`] reads.
pub fn max_file_bytes() -> u64 {
    MAX_FILE_BYTES.load(Ordering::Relaxed)
}

/// Read a file from disk: only a regular file, and never more than [`max_file_bytes`], so a
/// FIFO, a device or a file still growing cannot hang the run or exhaust memory.
pub fn read_path(path: &Path) -> Result<Source, ReadError> {
    let label = path.display().to_string();
    let io = |source| ReadError::Io {
        path: label.clone(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(ReadError::NotText {
            path: label,
            reason: "it is a directory; give the report files inside it".into(),
        });
    }
    if let Some(kind) = special_kind(&meta.file_type()) {
        return Err(ReadError::NotAFile { path: label, kind });
    }
    let limit = max_file_bytes();
    let too_large = |size: String| ReadError::TooLarge {
        path: label.clone(),
        size,
        limit: limit.div_ceil(1024 * 1024),
    };
    if meta.len() > limit {
        return Err(too_large(format!("{} bytes", meta.len())));
    }
    let file = open_no_wait(path).map_err(io)?;
    // The file may have been swapped for a FIFO or grown since `metadata`: check the open
    // file itself, and read at most one byte past the limit whatever it says.
    let meta = file.metadata().map_err(io)?;
    if let Some(kind) = special_kind(&meta.file_type()) {
        return Err(ReadError::NotAFile { path: label, kind });
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(format!("more than {limit} bytes")));
    }
    read_bytes(&label, &bytes)
}

/// What a file is when it is neither a regular file nor a folder.
pub fn special_kind(ft: &std::fs::FileType) -> Option<&'static str> {
    if ft.is_file() || ft.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a FIFO, a named pipe");
        }
        if ft.is_char_device() || ft.is_block_device() {
            return Some("a device");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a file")
}

/// Open for reading without waiting for a writer (a FIFO swapped in after the check would
/// otherwise block `open` for ever).
fn open_no_wait(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    opts.open(path)
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
            let (text, pages) = form_feeds::paginate(text);
            // Before a page's markup is read too: an invisible character between two elements
            // would make a line of its own.
            let text = invisible::remove(text);
            if format::looks_like_html(&text, path) {
                let text = html::to_text(&text).map_err(not_text)?;
                (text, enc, Format::Html)
            } else {
                // A text's pages are its own lines'; a page's, its markup's.
                page_starts = pages;
                (text, enc, Format::Text)
            }
        }
    };
    // A document's or page's own text, and a page's entities (`&#8203;`), only now: a plain
    // text had them taken out as it was decoded.
    let text = match format {
        Format::Text => text,
        _ => invisible::remove(text),
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
            sha256: crate::model::hex(&Sha256::digest(bytes)),
            encoding: enc.as_str().into(),
            format: format.as_str().into(),
        },
        text,
        page_starts,
    })
}
