//! `check --json` is a contract (`spec/json-output.md`): speeding the checker up must not
//! change one byte of it. The output for the samples is pinned whole (a readable diff when it
//! moves), and for a generated batch of 300 reports with injected errors by its SHA-256; both
//! were written by the binary before the speed work (issue 19) and must never be regenerated
//! to make a change pass.

// The generator's summary of what it wrote is not read here.
#[allow(dead_code)]
#[path = "../examples/gen_corpus/mod.rs"]
mod corpus;

use std::path::Path;

use assert_cmd::Command;
use sha2::{Digest, Sha256};

fn check_json(dir: &Path, input: &str) -> Vec<u8> {
    let out = Command::cargo_bin("nianbao")
        .expect("binary")
        .current_dir(dir)
        // A loaded CI machine must not turn the PDF sample's deadline into a different output.
        .env("NIANBAO_PDF_DEADLINE_MS", "120000")
        .env_remove("NIANBAO_STORE")
        .args(["check", "--json", input])
        .output()
        .expect("runs");
    // 1: the samples hold error findings; anything else is a failure to run.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn samples_json_is_byte_identical() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pinned =
        std::fs::read(root.join("tests/fixtures/check-json/samples.jsonl")).expect("pinned output");
    let now = check_json(root, "samples");
    if now != pinned {
        let (a, b) = (
            String::from_utf8_lossy(&pinned),
            String::from_utf8_lossy(&now),
        );
        for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
            let at = x.bytes().zip(y.bytes()).position(|(p, q)| p != q);
            if let Some(at) = at.or((x.len() != y.len()).then_some(x.len().min(y.len()))) {
                let from = at.saturating_sub(80);
                panic!(
                    "line {} differs at byte {at}:\n  pinned: {}\n  now:    {}",
                    i + 1,
                    x.get(from..(at + 80).min(x.len())).unwrap_or(x),
                    y.get(from..(at + 80).min(y.len())).unwrap_or(y)
                );
            }
        }
        panic!(
            "output has {} lines, pinned {}",
            b.lines().count(),
            a.lines().count()
        );
    }
}

#[test]
fn generated_batch_json_is_byte_identical() {
    let dir = tempfile::tempdir().expect("temp dir");
    corpus::generate(&corpus::Config {
        out: dir.path().to_path_buf(),
        count: 300,
        seed: 19,
        error_share: 0.3,
    })
    .expect("generates");
    let now = check_json(dir.path(), ".");
    assert_eq!(now.len(), 8_609_265, "length of the batch's JSON lines");
    assert_eq!(
        nianbao::hex(&Sha256::digest(&now)),
        "ddb301af82b20b1eae16afc565f6907e465c532c67c978954dc4b60a757683a1"
    );
}
