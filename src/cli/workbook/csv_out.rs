//! The same sheets as CSV files, one per sheet, UTF-8 with a byte-order mark so that Excel
//! opens the Chinese correctly. Each file is written atomically, like the workbook.

use std::path::Path;

use super::sheet::Sheet;
use super::xlsx::WriteError;

/// Write every sheet as `DIR/<sheet name>.csv`, creating the folder if needed.
pub fn write(dir: &Path, sheets: &[Sheet]) -> Result<(), WriteError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    for sheet in sheets {
        let path = dir.join(format!("{}.csv", sheet.name));
        let mut bytes = Vec::with_capacity(64 * 1024);
        bytes.extend_from_slice("\u{feff}".as_bytes());
        {
            let mut w = csv::WriterBuilder::new()
                .flexible(true)
                .from_writer(&mut bytes);
            for row in &sheet.rows {
                w.write_record(row.iter().map(|c| c.as_text()))
                    .map_err(|e| io(&path)(std::io::Error::other(e)))?;
            }
            w.flush().map_err(io(&path))?;
        }
        super::xlsx::atomic_write(&path, &bytes).map_err(io(&path))?;
    }
    Ok(())
}
