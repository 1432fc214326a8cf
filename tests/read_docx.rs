//! Reading Word .docx files: paragraphs as lines, tables on their exact grid (gridSpan and
//! vMerge applied), the official 2021 template read whole, and the samples rendered from the
//! seeds reading to the same numbers as the seeds.

#[path = "support/corpus.rs"]
mod corpus;
use std::io::Write;
use std::path::{Path, PathBuf};

use nianbao::read::{ReadError, read_bytes, read_path};

#[path = "../examples/make_samples.rs"]
#[allow(dead_code)]
mod make_samples;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn docx(body: &str) -> Vec<u8> {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"{W}\" \
         xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>{body}</w:body></w:document>"
    );
    zip_of(&[("word/document.xml", xml.as_bytes())])
}

fn text_of(body: &str) -> String {
    let read = read_bytes("t.docx", &docx(body)).expect("docx reads");
    assert_eq!(read.info.format, "docx");
    read.text
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn tc(props: &str, text: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
}

#[test]
fn grid_span_and_vertical_merges_leave_empty_cells_in_place() {
    let body = format!(
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
         <w:tr>{}{}{}</w:tr>\
         <w:tr>{}{}{}</w:tr>\
         <w:tr>{}{}{}</w:tr></w:tbl>",
        tc("<w:vMerge w:val=\"restart\"/>", "A"),
        tc("<w:gridSpan w:val=\"2\"/>", "B"),
        tc("", "C"),
        tc("<w:vMerge/>", "ignored"),
        tc("", "d"),
        tc(
            "<w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/>",
            "E"
        ),
        tc("", "f"),
        tc("", "g"),
        tc(
            "<w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"continue\"/>",
            ""
        ),
    );
    assert_eq!(text_of(&body), "A\tB\t\tC\n\td\tE\t\nf\tg\t\t\n");
}

#[test]
fn declared_grid_width_pads_short_rows_and_grid_before_shifts_cells() {
    let body = format!(
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
         <w:tr>{}{}</w:tr><w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}</w:tr></w:tbl>",
        tc("", "1"),
        tc("", "2"),
        tc("", "3"),
    );
    assert_eq!(text_of(&body), "1\t2\t\n\t3\t\n");
}

#[test]
fn paragraphs_tabs_and_breaks() {
    let body = "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr>\
        <w:r><w:t>规章</w:t></w:r><w:r><w:tab/><w:t>0</w:t><w:br/><w:t xml:space=\"preserve\">第二行 </w:t></w:r></w:p>\
        <w:p/><w:p><w:r><w:t>A &amp; B &#x4E00;</w:t></w:r></w:p>";
    assert_eq!(text_of(body), "规章\t0\n第二行\nA & B 一\n");
}

#[test]
fn cell_paragraphs_and_breaks_join_into_one_line_without_tabs() {
    let body = "<w:tbl><w:tr>\
        <w:tc><w:p><w:r><w:t>商业</w:t></w:r></w:p><w:p><w:r><w:t>企业</w:t></w:r></w:p></w:tc>\
        <w:tc><w:p><w:r><w:t>本年新</w:t><w:br/><w:t>公开数量</w:t></w:r></w:p></w:tc>\
        <w:tc><w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r></w:p></w:tc>\
        </w:tr></w:tbl>";
    assert_eq!(text_of(body), "商业企业\t本年新公开数量\ta b\n");
}

#[test]
fn deleted_text_field_codes_and_fallback_copies_are_not_read() {
    let body = "<w:p><w:r><w:t>总</w:t></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del>\
        <w:r><w:instrText> PAGE </w:instrText></w:r>\
        <mc:AlternateContent><mc:Choice Requires=\"wps\"><w:r><w:t>计</w:t></w:r></mc:Choice>\
        <mc:Fallback><w:r><w:t>计</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>";
    assert_eq!(text_of(body), "总计\n");
}

#[test]
fn a_table_holding_a_table_is_layout_and_the_inner_one_is_a_grid() {
    let inner = format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        tc("", "规章"),
        tc("", "0")
    );
    let body = format!(
        "<w:tbl><w:tr><w:tc>{}{inner}{}</w:tc></w:tr></w:tbl>",
        p("二、主动公开政府信息情况"),
        p("三、收到和处理政府信息公开申请情况")
    );
    assert_eq!(
        text_of(&body),
        "二、主动公开政府信息情况\n\n规章\t0\n\n三、收到和处理政府信息公开申请情况\n"
    );
}

#[test]
fn tables_are_set_apart_by_blank_lines() {
    let body = format!(
        "{}<w:tbl><w:tr>{}{}</w:tr></w:tbl>{}",
        p("before"),
        tc("", "1"),
        tc("", "2"),
        p("after")
    );
    assert_eq!(text_of(&body), "before\n\n1\t2\n\nafter\n");
}

#[test]
fn a_main_part_named_by_the_package_relationships_is_found() {
    let rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"/word/document2.xml\"/></Relationships>";
    let xml = format!(
        "<w:document xmlns:w=\"{W}\"><w:body>{}</w:body></w:document>",
        p("正文")
    );
    let bytes = zip_of(&[
        ("_rels/.rels", rels.as_bytes()),
        ("word/document2.xml", xml.as_bytes()),
    ]);
    assert_eq!(read_bytes("wps.docx", &bytes).unwrap().text, "正文\n");
}

fn document_error(bytes: &[u8]) -> String {
    match read_bytes("bad.docx", bytes) {
        Err(e @ ReadError::Document { .. }) => {
            let msg = e.to_string();
            assert!(msg.starts_with("bad.docx: "), "{msg}");
            msg
        }
        other => panic!("expected a Document error, got {other:?}"),
    }
}

#[test]
fn a_zip_that_is_not_a_docx_is_refused() {
    let msg = document_error(&zip_of(&[("notes.txt", "hello".as_bytes())]));
    assert!(msg.contains("word/document.xml"), "{msg}");
    let msg = document_error(&zip_of(&[("xl/workbook.xml", b"<workbook/>")]));
    assert!(msg.contains("Excel"), "{msg}");
}

#[test]
fn a_truncated_docx_is_refused() {
    let bytes = docx(&p("一、总体情况").repeat(50));
    let msg = document_error(&bytes[..bytes.len() / 2]);
    assert!(msg.contains("truncated or damaged"), "{msg}");
}

#[test]
fn malformed_document_xml_is_refused() {
    let bytes = zip_of(&[(
        "word/document.xml",
        b"<w:document><w:body><w:p></w:tbl></w:body>",
    )]);
    assert!(document_error(&bytes).contains("not well-formed XML"));
}

#[test]
fn a_docx_with_no_text_is_refused() {
    let err = read_bytes("blank.docx", &docx("<w:p/>")).unwrap_err();
    assert!(err.to_string().contains("no text"), "{err}");
}

fn corpus() -> PathBuf {
    corpus::corpus_dir()
}

fn tables(text: &str) -> Vec<Vec<&str>> {
    text.split("\n\n")
        .filter(|b| b.contains('\t'))
        .map(|b| b.lines().collect())
        .collect()
}

#[test]
fn the_official_2021_template_reads_with_its_merged_grid() {
    let path = corpus().join("govnianbao/template-2021-blank.docx");
    let read = read_path(&path).unwrap_or_else(|e| panic!("{e} (set NIANBAO_CORPUS)"));
    assert_eq!(
        (read.info.format.as_str(), read.info.encoding.as_str()),
        ("docx", "utf-8")
    );
    let text = &read.text;
    for heading in nianbao::SectionId::ALL {
        assert!(text.contains(heading.heading()), "{heading}");
    }

    let t = tables(text);
    assert_eq!(t.len(), 3);
    let widths = |table: &Vec<&str>| {
        table
            .iter()
            .map(|l| l.split('\t').count())
            .collect::<Vec<_>>()
    };
    assert!(widths(&t[0]).iter().all(|&w| w == 4), "{:?}", t[0]);
    assert!(widths(&t[1]).iter().all(|&w| w == 10), "{:?}", t[1]);
    assert!(widths(&t[2]).iter().all(|&w| w == 15), "{:?}", t[2]);
    assert_eq!(t[1].len(), 3 + 2 + 22 + 1);
    assert_eq!(t[2].len(), 4);

    // Every label of the 2021 form sits in a cell of its table.
    let schema = nianbao::Template::V2021.schema();
    for (table, lines) in schema.tables.iter().zip(&t) {
        let cells: Vec<&str> = lines.iter().flat_map(|l| l.split('\t')).collect();
        let has = |label: &str| cells.iter().any(|c| c.contains(label));
        for row in &table.rows {
            // Review groups are labelled like `行政诉讼·未经复议直接起诉`: a header per level.
            for part in row.label.split('·') {
                assert!(has(part), "row label {part} not in table {:?}", table.id);
            }
            if let Some(group) = row.group {
                assert!(has(group), "group {group}");
            }
            for col in &row.columns {
                // The official blank form still heads these two columns with the 2019 words.
                let label = match col.label {
                    "社会组织" => "社会公益组织",
                    "律师事务所" => "法律服务机构",
                    l => l,
                };
                assert!(
                    has(label),
                    "column label {label} not in table {:?}",
                    table.id
                );
            }
        }
    }

    // Merged positions: 三、本年度办理结果 spans rows; the group labels sit in column 2.
    assert!(
        t[1][5].starts_with("三、本年度办理结果\t（一）予以公开\t\t"),
        "{}",
        t[1][5]
    );
    assert_eq!(t[1][6].split('\t').next(), Some(""));
    assert_eq!(
        t[1][7].split('\t').take(3).collect::<Vec<_>>(),
        ["", "（三）不予公开", "1.属于国家秘密"]
    );
    assert_eq!(
        t[1][8].split('\t').take(3).collect::<Vec<_>>(),
        ["", "", "2.其他法律行政法规禁止公开"]
    );
    assert_eq!(
        t[1][2].split('\t').collect::<Vec<_>>()[4..9],
        [
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他"
        ]
    );
    assert_eq!(
        t[2][0],
        format!("行政复议{}行政诉讼{}", "\t".repeat(5), "\t".repeat(9))
    );
}

/// Digit runs in document order: what every rendering of a report must keep.
fn numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

#[test]
fn committed_samples_are_what_the_generator_makes() {
    for (name, bytes) in make_samples::all(&samples()).unwrap() {
        let committed = std::fs::read(samples().join(&name)).unwrap();
        assert!(
            committed == bytes,
            "{name} is stale: run `cargo run --example make_samples`"
        );
    }
}

#[test]
fn rendered_samples_keep_the_seeds_numbers_and_labels() {
    for seed in ["zhoucun-approval-2020", "yuyang-health-2021"] {
        let original = std::fs::read_to_string(samples().join(format!("{seed}.txt"))).unwrap();
        let words: Vec<String> = original
            .lines()
            .flat_map(|l| l.split('\t'))
            .map(|w| w.trim().to_owned())
            .filter(|w| !w.is_empty())
            .collect();
        for (ext, format, encoding) in [
            ("html", "html", "utf-8"),
            ("docx", "docx", "utf-8"),
            ("gbk.html", "html", "gb18030"),
        ] {
            let path = samples().join(format!("{seed}.{ext}"));
            if ext == "gbk.html" && !path.exists() {
                continue;
            }
            let read = read_path(&path).unwrap();
            assert_eq!(
                (read.info.format.as_str(), read.info.encoding.as_str()),
                (format, encoding)
            );
            assert_eq!(numbers(&read.text), numbers(&original), "{seed}.{ext}");
            let joined: String = read
                .text
                .chars()
                .filter(|&c| c != '\t' && c != '\n')
                .collect();
            for w in &words {
                assert!(joined.contains(w.as_str()), "{seed}.{ext} lost {w:?}");
            }
            for chrome in ["首页", "扫一扫", "分享到", "打印本页", "主办单位"] {
                assert!(!read.text.contains(chrome), "{seed}.{ext} kept {chrome}");
            }
        }
    }
}

#[test]
fn rendered_samples_parse_to_the_seeds_report() {
    for seed in ["zhoucun-approval-2020", "yuyang-health-2021"] {
        let txt = read_path(&samples().join(format!("{seed}.txt"))).unwrap();
        let base = nianbao::parse::parse(&txt);
        for ext in ["html", "docx"] {
            let report = nianbao::parse::parse(
                &read_path(&samples().join(format!("{seed}.{ext}"))).unwrap(),
            );
            // Where things were read differs between layouts; what was read must not.
            let meta = |r: &nianbao::Report| {
                (
                    r.meta.agency.clone(),
                    r.meta.year,
                    r.meta.template,
                    r.meta.title.clone(),
                )
            };
            assert_eq!(meta(&report), meta(&base), "{seed}.{ext}");
            let cells = |r: &nianbao::Report| {
                r.cells
                    .iter()
                    .map(|(id, c)| (id.to_owned(), c.raw.clone(), c.value, c.status.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(cells(&report), cells(&base), "{seed}.{ext}");
        }
    }
}

mod never_panics {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn on_corrupted_zips(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
                             cut in any::<prop::sample::Index>()) {
            let mut bytes = super::docx(&super::p("一、总体情况").repeat(20));
            for (at, b) in flips {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            let keep = cut.index(bytes.len()) + 1;
            let _ = nianbao::read::read_bytes("fuzz.docx", &bytes[..keep]);
            let _ = nianbao::read::read_bytes("fuzz.docx", &bytes);
        }

        #[test]
        fn on_xml_ish_documents(parts in proptest::collection::vec(prop_oneof![
            Just("<w:tbl>"), Just("</w:tbl>"), Just("<w:tr>"), Just("</w:tr>"), Just("<w:tc>"),
            Just("</w:tc>"), Just("<w:p>"), Just("</w:p>"), Just("<w:t>x</w:t>"), Just("<w:tab/>"),
            Just("<w:br/>"), Just("<w:vMerge/>"), Just("<w:gridSpan w:val=\"99999\"/>"),
            Just("<w:gridBefore w:val=\"7\"/>"), Just("&amp;"), Just("&bogus;"),
        ], 0..80)) {
            let _ = nianbao::read::read_bytes("fuzz.docx", &super::docx(&parts.concat()));
        }
    }
}
