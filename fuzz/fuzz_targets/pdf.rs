//! The PDF path: bytes taken for a PDF → text → parse never panics in nianbao's own code (page
//! furniture, page joining, page numbers on cells), and every template cell is in every report.
//! Panics inside `pdf-extract` itself are expected on hostile input: in production the
//! extractor runs in a child process; here `read` runs it in-process under `catch_unwind`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Page texts as an extractor could return them: our furniture and joining code.
    let text = String::from_utf8_lossy(data);
    let pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    let joined = nianbao::read::pdf::join_pages(&pages);
    assert_eq!(joined.page_starts.len(), pages.len());
    // The same bytes behind a PDF header, through the whole reader.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend_from_slice(data);
    pdf.extend_from_slice(b"\n%%EOF\n");
    if let Ok(source) = nianbao::read::read_bytes("fuzz.pdf", &pdf) {
        for report in nianbao::parse::parse_all(&source) {
            assert_eq!(report.cells.len(), report.schema().cells.len());
        }
    }
});
