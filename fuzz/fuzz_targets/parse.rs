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
    // The one-line family (layouts.md, 3): the same bytes with every line break and separator
    // removed, behind a report's opening words so the flattened reader takes them.
    let text = String::from_utf8_lossy(data);
    let flat: String = text.chars().filter(|c| !c.is_whitespace() && *c != '|').collect();
    let page = format!("当前位置：首页>年报二、主动公开政府信息情况第二十条第（一）项规章000三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量{flat}四、结转下年度继续办理行政复议{flat}\n");
    if let Ok(source) = nianbao::read::read_bytes("fuzz.txt", page.as_bytes()) {
        for report in nianbao::parse::parse_all(&source) {
            assert_eq!(report.cells.len(), report.schema().cells.len());
        }
    }
});
