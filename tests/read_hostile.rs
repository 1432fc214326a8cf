//! Reading hostile pages: past the walk's depth limit, scripts, styles and hidden text are
//! still not report text; tables that expand past the cell limit are refused saying so.

#[test]
fn hidden_text_stays_hidden_past_the_depth_limit() {
    let n = 400;
    let html = format!(
        "<html><body>{}可见<script>alert(1)</script><style>p{{}}</style>\
         <span style=\"display: none\">隐藏</span><div hidden>也隐藏</div>文字{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let read = nianbao::read::read_bytes("deep.html", html.as_bytes()).expect("reads");
    assert_eq!(read.text, "可见文字\n");
}

#[test]
fn a_table_that_expands_past_the_limit_is_refused() {
    // 4,000 rows of one cell spanning 1,000 columns: 80 KB that would lay out 4 M cells.
    let rows = "<tr><td colspan=1000>1</td></tr>".repeat(4_000);
    let html = format!("<html><body><p>年度报告</p><table>{rows}</table></body></html>");
    let err = nianbao::read::read_bytes("wide.html", html.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("too large when expanded"), "{err}");
}

#[test]
fn ordinary_nesting_is_counted_low() {
    let page = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/zhoucun-approval-2020.html"
    ))
    .expect("sample");
    assert!(nianbao::read::read_bytes("zhoucun-approval-2020.html", &page).is_ok());
}
