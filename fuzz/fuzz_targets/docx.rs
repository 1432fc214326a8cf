//! One input format alone (`fuzz.docx`): bytes → read → parse → rules never panic, and every
//! template cell is in every report. Run per format so each gets its own time budget.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = nianbao::read::read_bytes("fuzz.docx", data) {
        for report in nianbao::parse::parse_all(&source) {
            assert_eq!(report.cells.len(), report.schema().cells.len());
            let _ = nianbao::rules::check(&report, None, &nianbao::rules::RuleSet::default());
        }
    }
});
