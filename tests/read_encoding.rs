//! Reading plain-text reports: every encoding and line ending an office saves gives the same
//! text, and what is not a text report is refused with a message naming the file and why.

use std::path::Path;

use nianbao::read::{ReadError, read_bytes, read_path};

const SEEDS: &[&str] = &[
    "haiyuan-approval-2020.txt",
    "hengshan-approval-2020.txt",
    "yulin-hitech-2019.txt",
    "yuyang-health-2021.txt",
    "zhoucun-approval-2020.txt",
];

fn seed(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name),
    )
    .expect("seed sample present")
}

fn gb18030(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(s);
    assert!(!unmappable);
    bytes.into_owned()
}

fn utf16(s: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if little_endian {
            &[0xFF, 0xFE]
        } else {
            &[0xFE, 0xFF]
        });
    }
    for unit in s.encode_utf16() {
        out.extend_from_slice(&if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

/// Every way the same seed is saved, with the encoding we must report.
fn variants(text: &str) -> Vec<(&'static str, Vec<u8>)> {
    let mut bom8 = vec![0xEF, 0xBB, 0xBF];
    bom8.extend_from_slice(text.as_bytes());
    vec![
        ("gb18030", gb18030(text)),
        ("utf-16le", utf16(text, true, true)),
        ("utf-16be", utf16(text, false, true)),
        ("utf-8-bom", bom8),
        ("utf-8", text.replace('\n', "\r\n").into_bytes()),
        ("utf-8", text.replace('\n', "\r").into_bytes()),
        ("gb18030", gb18030(&text.replace('\n', "\r\n"))),
        ("utf-16le", utf16(&text.replace('\n', "\r\n"), true, true)),
    ]
}

#[test]
fn every_encoding_and_line_ending_of_a_seed_gives_the_utf8_text() {
    for name in SEEDS {
        let original = seed(name);
        let plain = read_bytes(name, original.as_bytes()).expect("seed reads");
        assert_eq!(plain.info.encoding, "utf-8");
        assert_eq!(plain.info.format, "text");
        assert_eq!(
            plain.text, original,
            "{name}: UTF-8 text must come through untouched"
        );
        for (i, (encoding, bytes)) in variants(&original).into_iter().enumerate() {
            let read = read_bytes(name, &bytes)
                .unwrap_or_else(|e| panic!("{name} variant {i} ({encoding}): {e}"));
            assert_eq!(read.info.encoding, encoding, "{name} variant {i}");
            assert_eq!(read.info.format, "text", "{name} variant {i}");
            assert!(
                read.text == original,
                "{name} variant {i} ({encoding}): text differs from the UTF-8 original"
            );
        }
    }
}

#[test]
fn every_encoding_of_a_seed_parses_to_the_same_report() {
    for name in SEEDS {
        let original = seed(name);
        let base = nianbao::parse::parse(&read_bytes(name, original.as_bytes()).unwrap());
        for (encoding, bytes) in variants(&original) {
            let mut report = nianbao::parse::parse(&read_bytes(name, &bytes).unwrap());
            // Only how the bytes were read may differ.
            report.source = base.source.clone();
            assert_eq!(report, base, "{name} as {encoding}");
        }
    }
}

#[test]
fn sha256_is_of_the_file_bytes() {
    let read = read_bytes("x.txt", b"abc\n").unwrap();
    // sha256sum of "abc\n"
    assert_eq!(
        read.info.sha256,
        "edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb"
    );
}

#[test]
fn utf16_without_a_bom_is_recognised_by_its_nul_pattern() {
    let text = "二、主动公开政府信息情况\n规章\t0\t0\t0\n";
    let le = read_bytes("t.txt", &utf16(text, true, false)).unwrap();
    assert_eq!(
        (le.info.encoding.as_str(), le.text.as_str()),
        ("utf-16le", text)
    );
    let be = read_bytes("t.txt", &utf16(text, false, false)).unwrap();
    assert_eq!(
        (be.info.encoding.as_str(), be.text.as_str()),
        ("utf-16be", text)
    );
}

#[test]
fn word_line_and_page_breaks_become_newlines() {
    let read = read_bytes("t.txt", "一\u{b}二\u{c}三\u{2028}四\r\n五\r六".as_bytes()).unwrap();
    assert_eq!(read.text, "一\n二\n三\n四\n五\n六");
}

#[test]
fn gbk_text_is_read_as_gb18030() {
    let (bytes, _, _) =
        encoding_rs::GBK.encode("周村区行政审批服务局2020年度政府信息公开工作报告\n");
    let read = read_bytes("gbk.txt", &bytes).unwrap();
    assert_eq!(read.info.encoding, "gb18030");
    assert_eq!(
        read.text,
        "周村区行政审批服务局2020年度政府信息公开工作报告\n"
    );
}

#[test]
fn damaged_utf8_is_refused_rather_than_read_as_gbk_mojibake() {
    let mut bytes = seed("zhoucun-approval-2020.txt").into_bytes();
    let at = bytes.len() / 2;
    let at = (at..).find(|&i| bytes[i] >= 0xE0).unwrap();
    bytes[at + 1] = b'x'; // break one three-byte character
    let err = read_bytes("broken.txt", &bytes).unwrap_err().to_string();
    assert!(err.starts_with("broken.txt: "), "{err}");
    assert!(err.contains("UTF-8") && err.contains("line"), "{err}");
}

fn not_text_reason(bytes: &[u8]) -> String {
    match read_bytes("f.bin", bytes) {
        Err(ReadError::NotText { path, reason }) => {
            assert_eq!(path, "f.bin");
            reason
        }
        other => panic!("expected NotText, got {other:?}"),
    }
}

#[test]
fn empty_file_is_refused() {
    let err = read_bytes("empty.txt", b"").unwrap_err();
    assert!(matches!(err, ReadError::Empty { .. }));
    assert_eq!(err.to_string(), "empty.txt: the file is empty");
}

#[test]
fn whitespace_only_file_is_refused() {
    assert!(not_text_reason(b" \r\n\t\n").contains("whitespace"));
}

#[test]
fn pdf_is_taken_for_a_pdf_not_text() {
    // PDFs are read (`tests/read_pdf.rs`); this fragment is one cut short.
    let err = read_bytes("f.bin", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj").unwrap_err();
    assert!(
        matches!(
            &err,
            ReadError::Pdf {
                problem: nianbao::read::pdf::PdfProblem::Truncated,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().starts_with("f.bin: "), "{err}");
}

#[test]
fn legacy_word_doc_is_refused_with_advice() {
    let reason = not_text_reason(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]);
    assert!(
        reason.contains(".doc") && reason.contains(".docx"),
        "{reason}"
    );
}

#[test]
fn binary_with_nul_bytes_is_refused() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(2048).collect();
    assert!(not_text_reason(&bytes).contains("binary"));
}

#[test]
fn binary_without_nul_bytes_is_refused() {
    let bytes: Vec<u8> = (1..32u8).cycle().take(500).collect();
    assert!(not_text_reason(&bytes).contains("control characters"));
}

#[test]
fn bytes_invalid_in_every_encoding_are_refused() {
    let reason = not_text_reason(&[b'a', 0xFF, 0xFF, b'b', 0x80, b'\n']);
    assert!(reason.contains("GB18030"), "{reason}");
}

#[test]
fn directory_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_path(dir.path()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with(&dir.path().display().to_string()), "{msg}");
    assert!(msg.contains("directory"), "{msg}");
}

#[test]
fn missing_file_is_refused_naming_it() {
    let err = read_path(Path::new("/nonexistent/report-2020.txt")).unwrap_err();
    assert!(matches!(err, ReadError::Io { .. }));
    let msg = err.to_string();
    assert!(
        msg.starts_with("/nonexistent/report-2020.txt: cannot read"),
        "{msg}"
    );
    assert_eq!(err.path(), "/nonexistent/report-2020.txt");
}

#[test]
fn reading_a_seed_from_disk_matches_reading_its_bytes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/yuyang-health-2021.txt");
    let from_disk = read_path(&path).unwrap();
    assert_eq!(from_disk.text, seed("yuyang-health-2021.txt"));
    assert_eq!(from_disk.info.path, path.display().to_string());
}

mod never_panics {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = nianbao::read::read_bytes("fuzz", &bytes);
        }

        #[test]
        fn on_arbitrary_text(s in "\\PC{0,400}") {
            if let Ok(read) = nianbao::read::read_bytes("fuzz.txt", s.as_bytes()) {
                prop_assert!(!read.text.contains('\r'));
            }
        }

        #[test]
        fn after_a_bom(bom in prop::sample::select(vec![
            vec![0xEFu8, 0xBB, 0xBF], vec![0xFF, 0xFE], vec![0xFE, 0xFF],
        ]), bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let mut all = bom;
            all.extend(bytes);
            let _ = nianbao::read::read_bytes("fuzz", &all);
        }
    }
}
