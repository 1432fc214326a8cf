//! The one-line family (layouts.md, 3): the input with every line break and separator
//! removed, behind a report's opening words so the flattened reader takes it, then the rules
//! (run-together digits solved jointly) must never panic nor lose a template cell.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let flat: String = text.chars().filter(|c| !c.is_whitespace() && *c != '|').collect();
    let page = format!("当前位置：首页>年报二、主动公开政府信息情况第二十条第（一）项规章000三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量{flat}四、结转下年度继续办理行政复议{flat}\n");
    if let Ok(source) = nianbao::read::read_bytes("fuzz.txt", page.as_bytes()) {
        for report in nianbao::parse::parse_all(&source) {
            assert_eq!(report.cells.len(), report.schema().cells.len());
            let _ = nianbao::rules::check(&report, None, &nianbao::rules::RuleSet::default());
        }
    }
});
