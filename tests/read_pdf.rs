//! Reading PDF as published: the real corpus PDF through the binary to its 200 cells with pages,
//! and every kind of bad PDF (malformed, encrypted, scanned, truncated, hostile) refused with
//! its own message naming the file and exit 2, none hanging.

#[path = "support/corpus.rs"]
mod corpus;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

const SAMPLE: &str = "samples/huaian-gov-2024.pdf";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn nianbao() -> Command {
    let mut cmd = Command::cargo_bin("nianbao").expect("binary built");
    cmd.current_dir(root())
        .env_remove("NIANBAO_CONFIG")
        .env_remove("NIANBAO_PDF_DEADLINE_MS")
        .env_remove("NIANBAO_PDF_MEMORY_MB")
        .env(
            "NIANBAO_STORE",
            std::env::temp_dir().join("nianbao-read-pdf-store"),
        )
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60));
    cmd
}

/// Run `check` on a file; (exit code, stdout, stderr).
fn check(args: &[&str], file: &Path) -> (i32, String, String) {
    check_with(nianbao(), args, file)
}

fn check_with(mut cmd: Command, args: &[&str], file: &Path) -> (i32, String, String) {
    let out = cmd
        .arg("check")
        .args(args)
        .arg(file)
        .output()
        .expect("runs");
    (
        out.status
            .code()
            .expect("exited, not killed by the test's timeout"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(bytes))
        .expect("temp file written");
    path
}

// ---------------------------------------------------------------------------------------------
// A minimal PDF writer: numbered objects, a correct cross-reference table, a trailer.

fn pdf(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    let n = objects.len() + 1;
    out.extend(format!("xref\n0 {n}\n0000000000 65535 f \n").as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {n} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n")
            .as_bytes(),
    );
    out
}

fn obj(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend(data);
    out.extend(b"\nendstream");
    out
}

/// One page with `resources`, drawing `content`; `extra` objects are numbered from 5.
fn one_page(resources: &str, content: Vec<u8>, extra: Vec<Vec<u8>>, trailer: &str) -> Vec<u8> {
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj(&format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources} /Contents 4 0 R >>"
        )),
        content,
    ];
    objects.extend(extra);
    pdf(&objects, trailer)
}

const HELVETICA: &str = "<< /Font << /F1 5 0 R >> >>";

fn helvetica() -> Vec<u8> {
    obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
}

fn text_pdf(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 700 Td ({text}) Tj ET");
    one_page(
        HELVETICA,
        stream("", content.as_bytes()),
        vec![helvetica()],
        "",
    )
}

// ---------------------------------------------------------------------------------------------
// The real report.

fn expected_cells() -> serde_json::Map<String, Value> {
    let path = root().join("tests/fixtures/pdf/huaian-gov-2024.expected.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("fixture"))
        .expect("fixture is JSON");
    v["cells"].as_object().expect("cells").clone()
}

#[test]
fn the_sample_is_the_corpus_pdf_byte_for_byte() {
    let theirs = std::fs::read(corpus::corpus_file("govnianbao/huaian-gov-2024.pdf")).unwrap();
    assert!(std::fs::read(root().join(SAMPLE)).unwrap() == theirs);
}

#[test]
fn the_sample_pdf_reads_to_its_200_cells_with_pages_and_no_error() {
    let (code, out, err) = check(&["--json"], Path::new(SAMPLE));
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(out.lines().next().expect("one line")).expect("JSON");
    assert_eq!(v["report"]["format"], "pdf");
    let cells = v["cells"].as_object().expect("cells");
    let mut right = 0;
    let mut wanted = 0;
    for (id, want) in expected_cells() {
        if want.is_null() {
            continue;
        }
        wanted += 1;
        // Amounts are decimal strings in the output: compare as the acceptance check does.
        let plain = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
        if plain(&cells[&id]["value"]) == plain(&want) {
            right += 1;
        } else {
            eprintln!("{id}: want {want}, got {}", cells[&id]);
        }
    }
    assert_eq!((right, wanted), (200, 200));
    let errors: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // Table 二 starts on page 3 and 三 runs over pages 4 and 5; section 六 is on the last page.
    assert_eq!(cells["active.rules.issued"]["page"], 3);
    assert_eq!(cells["apply.new.natural"]["page"], 4);
    assert_eq!(v["sections"]["s6"]["page"], 6);
    let pages: Vec<u64> = cells.values().filter_map(|c| c["page"].as_u64()).collect();
    assert_eq!(pages.len(), cells.len(), "every cell read has its page");
    for f in v["findings"].as_array().unwrap() {
        assert!(f["line"].is_null() || f["page"].is_u64(), "{f}");
    }
}

#[test]
fn page_furniture_never_reaches_the_text() {
    let read = nianbao::read::read_path(&root().join(SAMPLE)).expect("reads");
    assert_eq!(read.page_starts.len(), 6);
    for line in read.text.lines() {
        assert!(
            !nianbao::model::is_page_number(line),
            "page number left in: {line:?}"
        );
    }
    let report = nianbao::load(&root().join(SAMPLE)).unwrap();
    assert!(report.notes.iter().all(|n| n.kind != "page_marker"));
}

#[test]
fn human_output_names_the_page_and_the_line() {
    let (code, out, _) = check(&[], Path::new(SAMPLE));
    assert_eq!(code, 0);
    assert!(out.contains("第5页第"), "{out}");
    let (_, out, _) = check(&["--lang", "en"], Path::new(SAMPLE));
    assert!(out.contains("page 5, line "), "{out}");
}

#[test]
fn the_pdf_and_its_text_layer_read_to_the_same_cells_and_content_hash() {
    let txt = nianbao::load(&corpus::corpus_file("govnianbao/huaian-gov-2024.pypdf.txt")).unwrap();
    let pdf = nianbao::load(&root().join(SAMPLE)).unwrap();
    let cells = |r: &nianbao::Report| -> Vec<(String, Option<String>, nianbao::CellStatus)> {
        r.cells
            .iter()
            .map(|(id, c)| {
                (
                    id.to_owned(),
                    c.value.map(|v| v.to_string()),
                    c.status.clone(),
                )
            })
            .collect()
    };
    assert_eq!(cells(&pdf), cells(&txt));
    assert_eq!(pdf.meta.agency, txt.meta.agency);
    assert_eq!(pdf.meta.year, txt.meta.year);
    // The text layer keeps the page numbers `- 2 -` … `- 6 -` inside its sections; they are
    // the printer's, so the content hash leaves them out and both files are one content.
    assert_eq!(pdf.content_hash(), txt.content_hash());
}

/// The PDF's pages as pdftotext writes them, each ended by a form feed: the same cells, each
/// on the same page, the same errors and content as the PDF itself.
#[test]
fn the_pdf_as_pdftotext_writes_it_reads_as_the_pdf_page_for_page() {
    let bytes = std::fs::read(root().join(SAMPLE)).unwrap();
    let pages = nianbao::read::pdf::extract_pages(&bytes).unwrap();
    let text: String = pages.iter().map(|p| format!("{p}\u{c}")).collect();
    let source = nianbao::read::read_bytes("huaian.txt", text.as_bytes()).unwrap();
    assert_eq!(source.page_starts.len(), pages.len());
    let txt = nianbao::parse::parse(&source);
    let pdf = nianbao::load(&root().join(SAMPLE)).unwrap();
    let cells = |r: &nianbao::Report| -> Vec<(String, Option<String>, Option<usize>)> {
        r.cells
            .iter()
            .map(|(id, c)| {
                (
                    id.to_owned(),
                    c.value.map(|v| v.to_string()),
                    c.location.and_then(|l| l.page),
                )
            })
            .collect()
    };
    assert_eq!(cells(&pdf), cells(&txt));
    assert!(cells(&txt).iter().all(|c| c.2.is_some()));
    assert_eq!(pdf.content_hash(), txt.content_hash());
    let errors = |r: &nianbao::Report| -> Vec<String> {
        nianbao::rules::check(r, None, &nianbao::rules::RuleSet::builtin())
            .into_iter()
            .filter(|f| f.severity == nianbao::Severity::Error)
            .map(|f| f.rule)
            .collect()
    };
    assert_eq!(errors(&pdf), errors(&txt));
}

#[test]
fn a_folder_mixing_pdf_and_text_is_checked_and_paired() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(SAMPLE), dir.path().join("huaian-gov-2024.pdf")).unwrap();
    // The prior year, as text: the same report a year earlier.
    let prior = std::fs::read_to_string(root().join("samples/zhoucun-approval-2020.txt")).unwrap();
    write_temp(&dir, "zhoucun-approval-2020.txt", prior.as_bytes());
    let (code, out, err) = check(&["--json"], dir.path());
    assert!(code <= 1, "{err}");
    let objects: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let formats: Vec<&str> = objects
        .iter()
        .map(|o| o["report"]["format"].as_str().unwrap())
        .collect();
    assert_eq!(formats, ["pdf", "text"]);
}

#[test]
fn a_pdf_is_paired_with_its_prior_year_in_another_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(SAMPLE), dir.path().join("huaian-gov-2024.pdf")).unwrap();
    let text = nianbao::read::read_path(&root().join(SAMPLE)).unwrap().text;
    write_temp(
        &dir,
        "huaian-gov-2023.txt",
        text.replace("2024", "2023").as_bytes(),
    );
    let (_, out, err) = check(&["--json"], dir.path());
    let objects: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let current = objects
        .iter()
        .find(|o| o["report"]["year"] == 2024)
        .unwrap_or_else(|| panic!("{out}{err}"));
    assert_eq!(current["report"]["format"], "pdf");
    assert!(
        current["prior"]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("huaian-gov-2023.txt")),
        "{current}"
    );
}

// ---------------------------------------------------------------------------------------------
// Bad PDFs: each its own message naming the file, exit 2, quickly.

/// Check a bad PDF: exit 2, stderr names the file and holds each of `words`, and it took less
/// than the test's bound.
fn refused(cmd: Command, bytes: &[u8], words: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "bad-report-2024.pdf", bytes);
    let start = Instant::now();
    let (code, out, err) = check_with(cmd, &[], &path);
    assert_eq!(code, 2, "stdout: {out}\nstderr: {err}");
    assert!(err.contains("bad-report-2024.pdf"), "{err}");
    for w in words {
        assert!(err.contains(w), "want {w:?} in {err}");
    }
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    eprintln!("{err}");
    err
}

#[test]
fn the_pdf_writer_makes_pdfs_the_reader_reads() {
    // A control for the tests below: the same writer, with text, reads.
    let read = nianbao::read::read_bytes("tiny.pdf", &text_pdf("Hello annual report")).unwrap();
    assert_eq!(read.info.format, "pdf");
    assert!(read.text.contains("Hello annual report"), "{:?}", read.text);
}

#[test]
fn a_malformed_pdf_says_so() {
    refused(
        nianbao(),
        b"%PDF-1.4\nthis is no PDF body at all\n%%EOF\n",
        &["损坏", "malformed"],
    );
}

#[test]
fn a_truncated_pdf_says_it_is_cut_short() {
    let bytes = std::fs::read(root().join(SAMPLE)).unwrap();
    refused(nianbao(), &bytes[..3000], &["不完整", "truncated"]);
}

#[test]
fn an_encrypted_pdf_asks_for_an_unprotected_copy() {
    let hex32 = "8f9a2b4c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718";
    let encrypt = obj(&format!(
        "<< /Filter /Standard /V 1 /R 2 /O <{hex32}> /U <{hex32}> /P -44 >>"
    ));
    let content = stream("", b"BT /F1 12 Tf 72 700 Td (secret) Tj ET");
    let id = "<0123456789abcdef0123456789abcdef>";
    let bytes = one_page(
        HELVETICA,
        content,
        vec![helvetica(), encrypt],
        &format!("/Encrypt 6 0 R /ID [{id} {id}]"),
    );
    refused(nianbao(), &bytes, &["加密", "encrypted"]);
}

#[test]
fn a_scanned_pdf_has_no_text_layer_and_needs_ocr() {
    let image = stream(
        "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
        &[0, 255, 255, 0],
    );
    let bytes = one_page(
        "<< /XObject << /Im0 5 0 R >> >>",
        stream("", b"q 400 0 0 600 100 100 cm /Im0 Do Q"),
        vec![image],
        "",
    );
    let err = refused(nianbao(), &bytes, &["没有文字层", "OCR"]);
    assert!(
        err.contains("no text layer: a scanned image; OCR is needed"),
        "{err}"
    );
}

/// A page without a MediaBox: `pdf-extract` panics on it (`expect("MediaBox")`).
fn panicking_pdf() -> Vec<u8> {
    let objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj(&format!(
            "<< /Type /Page /Parent 2 0 R /Resources {HELVETICA} /Contents 4 0 R >>"
        )),
        stream("", b"BT /F1 12 Tf 72 700 Td (x) Tj ET"),
        helvetica(),
    ];
    pdf(&objects, "")
}

#[test]
fn a_panic_in_the_extractor_is_a_clear_error_not_a_crash() {
    let err = refused(nianbao(), &panicking_pdf(), &["崩溃", "crashed", "panic"]);
    assert!(
        !err.contains("RUST_BACKTRACE"),
        "no raw panic output: {err}"
    );
}

#[test]
fn in_process_the_extractor_panic_is_caught_too() {
    // No child is registered in a test process: the library falls back to catch_unwind.
    let err = nianbao::read::read_bytes("p.pdf", &panicking_pdf()).unwrap_err();
    assert!(
        matches!(
            err,
            nianbao::read::ReadError::Pdf {
                problem: nianbao::read::pdf::PdfProblem::Crashed(_),
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn deeply_nested_objects_do_not_crash_the_reviewer() {
    let depth = 500_000;
    let nested = format!(
        "<< /Type /Catalog /Pages 2 0 R /Deep {}{} >>",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let mut bytes = text_pdf("x");
    // Swap the catalog for the nested one, keeping the writer's offsets right.
    let objects = vec![
        obj(&nested),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj(&format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {HELVETICA} /Contents 4 0 R >>"
        )),
        stream("", b"BT /F1 12 Tf 72 700 Td (x) Tj ET"),
        helvetica(),
    ];
    bytes.clear();
    bytes.extend(pdf(&objects, ""));
    refused(nianbao(), &bytes, &["PDF"]);
}

#[test]
fn a_decompression_bomb_hits_the_memory_limit() {
    use flate2::{Compression, write::ZlibEncoder};
    let mut z = ZlibEncoder::new(Vec::new(), Compression::fast());
    let block = vec![b' '; 1 << 20];
    for _ in 0..400 {
        z.write_all(&block).unwrap();
    }
    let data = z.finish().unwrap();
    let bytes = one_page(
        HELVETICA,
        stream("/Filter /FlateDecode", &data),
        vec![helvetica()],
        "",
    );
    let mut cmd = nianbao();
    cmd.env("NIANBAO_PDF_MEMORY_MB", "160");
    refused(cmd, &bytes, &["内存", "out of memory"]);
}

#[test]
fn a_stream_claiming_a_huge_length_is_refused_or_read_never_crashes() {
    let mut content = obj("<< /Length 99999999999 >>\nstream\n");
    content.extend(b"BT /F1 12 Tf 72 700 Td (x) Tj ET\nendstream");
    let bytes = one_page(HELVETICA, content, vec![helvetica()], "");
    // Whatever the reader makes of it, the file is named and the exit is 2 (no report in it).
    refused(nianbao(), &bytes, &["PDF"]);
}

#[test]
fn an_extraction_past_its_deadline_is_stopped() {
    let mut cmd = nianbao();
    cmd.env("NIANBAO_PDF_DEADLINE_MS", "1");
    let bytes = std::fs::read(root().join(SAMPLE)).unwrap();
    refused(cmd, &bytes, &["超过", "longer than"]);
}
