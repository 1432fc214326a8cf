//! Render the sheets as an .xlsx workbook (rust_xlsxwriter), written atomically: into a
//! temporary file beside the target, flushed to disk, then renamed over it, so a reader never
//! sees half a workbook and a failed run leaves the old one in place.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Color, Format, FormatBorder, Note, Workbook, Worksheet, XlsxError};

use super::sheet::{Mark, Sheet, Value};

/// Why the workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Building the workbook failed.
    #[error("{path}: cannot build the workbook: {source}")]
    Xlsx {
        /// Target.
        path: PathBuf,
        /// Cause.
        source: XlsxError,
    },
    /// The file system refused.
    #[error("{path}: cannot write: {source}")]
    Io {
        /// Target.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
}

/// The look of each mark.
struct Looks {
    plain: Format,
    head: Format,
    id: Format,
    title: Format,
    error: Format,
    warning: Format,
    unsure: Format,
    total: Format,
}

impl Looks {
    fn new() -> Looks {
        Looks {
            plain: Format::new(),
            head: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            id: Format::new()
                .set_font_size(8)
                .set_font_color(Color::RGB(0x808080)),
            title: Format::new().set_bold().set_font_size(12),
            error: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            warning: Format::new()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700)),
            unsure: Format::new()
                .set_background_color(Color::RGB(0xF8CBAD))
                .set_italic(),
            total: Format::new().set_bold().set_border_top(FormatBorder::Thin),
        }
    }

    fn of(&self, mark: Mark) -> &Format {
        match mark {
            Mark::Plain => &self.plain,
            Mark::Head => &self.head,
            Mark::Id => &self.id,
            Mark::Title => &self.title,
            Mark::Error => &self.error,
            Mark::Warning => &self.warning,
            Mark::Unsure => &self.unsure,
            Mark::Total => &self.total,
        }
    }
}

/// Write the sheets to `path`, atomically.
pub fn write(path: &Path, sheets: &[Sheet]) -> Result<(), WriteError> {
    let xlsx = |source| WriteError::Xlsx {
        path: path.to_path_buf(),
        source,
    };
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let looks = Looks::new();
    let mut book = Workbook::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        fill(ws, sheet, &looks).map_err(xlsx)?;
    }
    let bytes = book.save_to_buffer().map_err(xlsx)?;
    atomic_write(path, &bytes).map_err(io)?;
    Ok(())
}

/// Write `bytes` to a temporary file beside `path`, flush it to disk and rename it over
/// `path`; on failure remove the temporary file and leave `path` as it was.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

fn fill(ws: &mut Worksheet, sheet: &Sheet, looks: &Looks) -> Result<(), XlsxError> {
    ws.set_name(&sheet.name)?;
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32;
        for (c, out) in row.iter().enumerate() {
            let c = c as u16;
            let format = looks.of(out.mark);
            match &out.value {
                Value::Empty if out.mark == Mark::Plain => {}
                Value::Empty => {
                    ws.write_blank(r, c, format)?;
                }
                Value::Text(s) => {
                    ws.write_string_with_format(r, c, s, format)?;
                }
                Value::Number(d) => {
                    ws.write_number_with_format(r, c, d.to_f64().unwrap_or(0.0), format)?;
                }
            }
            if let Some(note) = &out.note {
                ws.insert_note(r, c, &Note::new(note).set_author("nianbao"))?;
            }
        }
    }
    for (c, w) in sheet.widths().into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    if sheet.frozen_rows > 0 || sheet.frozen_cols > 0 {
        ws.set_freeze_panes(sheet.frozen_rows, sheet.frozen_cols)?;
    }
    let columns = sheet.columns();
    if sheet.filter && sheet.frozen_rows > 0 && columns > 0 {
        let last = (sheet.rows.len() as u32).max(sheet.frozen_rows) - 1;
        ws.autofilter(sheet.frozen_rows - 1, 0, last, columns as u16 - 1)?;
    }
    Ok(())
}
