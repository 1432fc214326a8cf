//! Bytes → read → parse must never panic, and every template cell must be in every report,
//! whatever the bytes are taken for (text, web page, Word file: the content decides).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.txt", "fuzz.html", "fuzz.docx"] {
        if let Ok(source) = nianbao::read::read_bytes(name, data) {
            for report in nianbao::parse::parse_all(&source) {
                assert_eq!(report.cells.len(), report.schema().cells.len());
            }
        }
    }
});
