//! Bytes → read → parse must never panic, and every template cell must be in the report.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = nianbao::read::read_bytes("fuzz", data) {
        let report = nianbao::parse::parse(&source);
        assert_eq!(report.cells.len(), report.schema().cells.len());
    }
});
