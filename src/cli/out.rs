//! Every line the CLI shows a person goes through here: made safe by the one sanitiser
//! ([`nianbao::sanitize`]), and written with its errors seen. A closed pipe (`| head`) ends
//! the command quietly; any other write error (a full disk) fails it, naming the output.

use std::io::{self, Write};
use std::path::Path;

use nianbao::sanitize;

use super::style::Style;

/// Output that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{target}: cannot write the output: {source}")]
pub struct WriteError {
    /// The output: `standard output` or the file's path.
    pub target: String,
    /// The OS error.
    #[source]
    pub source: io::Error,
}

impl WriteError {
    fn stdout(source: io::Error) -> WriteError {
        WriteError {
            target: "standard output".into(),
            source,
        }
    }

    /// Whether the reader went away (`| head`): not worth a message.
    pub fn is_closed_pipe(&self) -> bool {
        self.source.kind() == io::ErrorKind::BrokenPipe
    }
}

/// Whether an error is a closed pipe on output, however deep in its chain.
pub fn is_closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<WriteError>()
            .is_some_and(WriteError::is_closed_pipe)
            || c.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Print human text on standard output, escapes from report text or names shown visibly;
/// only `style`'s own colour codes pass. Flushed, so a full disk is seen here.
pub fn print(text: &str, style: Style) -> Result<(), WriteError> {
    let safe = sanitize::text_keeping(text, style.codes());
    let mut out = io::stdout().lock();
    out.write_all(safe.as_bytes())
        .and_then(|()| out.flush())
        .map_err(WriteError::stdout)
}

/// Print one line on standard output, all of it on one line with escapes shown (a name
/// holding a newline cannot add a line).
pub fn line(text: &str) -> Result<(), WriteError> {
    print_raw(&format!("{}\n", sanitize::inline(text)))
}

/// A warning of one line on standard error, newlines in it shown as `\n`.
pub fn warn_line(text: &str) {
    warn(&sanitize::inline(text));
}

/// Print machine output (JSON) on standard output as it is: its own escaping makes it safe.
pub fn print_raw(text: &str) -> Result<(), WriteError> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(WriteError::stdout)
}

/// Write a file whole, atomically: a reader never sees half of it, and a full disk leaves
/// the old file and an error naming it.
pub fn write_file(path: &Path, text: &str) -> Result<(), WriteError> {
    nianbao::review::write_atomic(path, text.as_bytes()).map_err(|source| WriteError {
        target: sanitize::inline(&path.display().to_string()).into_owned(),
        source,
    })
}

/// A warning or error line on standard error, escaped; a failing standard error is ignored
/// (there is nowhere left to say so).
pub fn warn(text: &str) {
    let safe = sanitize::text(text);
    let mut err = io::stderr().lock();
    let _ = err.write_all(safe.as_bytes());
    let _ = err.write_all(b"\n");
}
