//! Where the corpus of real reports is: `$NIANBAO_CORPUS`, else `../shared/corpus` beside the
//! checkout, as CI lays it out. When it is missing the tests that read it fail saying so,
//! rather than passing on nothing.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The corpus folder; fails the test, naming where it looked, when it is not there.
pub fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("NIANBAO_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from,
    );
    assert!(
        dir.is_dir(),
        "the corpus of real reports is not at {}: set NIANBAO_CORPUS to its folder, or check \
         out ../shared beside nianbao (CI has it)",
        dir.display()
    );
    dir
}

/// A file of the corpus; fails the test, naming it, when it is not there.
pub fn corpus_file(rel: &str) -> PathBuf {
    let p = corpus_dir().join(rel);
    assert!(p.is_file(), "the corpus file {} is missing", p.display());
    p
}

/// Every text report at hand, sorted: the samples' texts (`.txt`), the comparison corpus's
/// texts and Markdown sources, and the PDF corpus's extracted text.
pub fn text_reports() -> Vec<PathBuf> {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let kiro = corpus_dir().join("kirogovcompare");
    let mut files: Vec<PathBuf> = [samples, kiro]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).expect("folder lists"))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    files.push(corpus_file("govnianbao/huaian-gov-2024.pypdf.txt"));
    files.sort();
    files
}
