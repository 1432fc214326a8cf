//! Hostile input through the binary (issue 12): files that are not files, never end, loop,
//! expand, or carry terminal escapes; output that is cut short or cannot be written.

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;

const SEED: &str = "samples/zhoucun-approval-2020.txt";
const PRIOR: &str = "samples/zhoucun-approval-2019.txt";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn nianbao(store: &Path) -> Command {
    let mut cmd = Command::cargo_bin("nianbao").expect("binary built");
    cmd.current_dir(root())
        .env_remove("NIANBAO_CONFIG")
        .env("NIANBAO_STORE", store)
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60));
    cmd
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Raw escape bytes an output must never hold: ESC, BEL, RLO.
fn raw_escapes(bytes: &[u8]) -> usize {
    let rlo = "\u{202e}".as_bytes();
    bytes.iter().filter(|&&b| b == 0x1b || b == 0x07).count()
        + bytes.windows(rlo.len()).filter(|w| *w == rlo).count()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = StdCommand::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(ok.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_named_directly_is_refused_at_once() {
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("pipe.txt");
    mkfifo(&fifo);
    for input in [fifo.as_path(), Path::new("/dev/zero")] {
        let t = Instant::now();
        let out = nianbao(d.path()).arg("check").arg(input).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{input:?}: {}", stderr(&out));
        assert!(t.elapsed() < Duration::from_secs(10));
        let err = stderr(&out);
        assert!(err.contains(&*input.to_string_lossy()), "{err}");
        assert!(err.contains("not a regular file"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn a_folder_with_link_loops_and_a_fifo_lists_its_report_once_and_says_what_it_skipped() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(root().join(SEED), dir.join("zhoucun-approval-2020.txt")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("a")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("b")).unwrap();
    mkfifo(&dir.join("pipe.txt"));
    let out = nianbao(d.path())
        .args(["check", "--json"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let err = stderr(&out);
    assert!(
        err.contains("pipe.txt: 已跳过: not a regular file"),
        "{err}"
    );
    assert_eq!(err.matches("已跳过: a link back to").count(), 2, "{err}");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{err}");
}

#[test]
fn a_file_over_the_configured_size_is_refused_before_reading() {
    let d = tempfile::tempdir().unwrap();
    let config = d.path().join("config.toml");
    std::fs::write(&config, "max_file_mb = 1\n").unwrap();
    let big = d.path().join("big.txt");
    let seed = std::fs::read_to_string(root().join(SEED)).unwrap();
    std::fs::write(&big, seed.repeat(2 * 1024 * 1024 / seed.len() + 1)).unwrap();
    let out = nianbao(d.path())
        .env("NIANBAO_CONFIG", &config)
        .arg("check")
        .arg(&big)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("big.txt: too large"), "{err}");
    assert!(err.contains("max_file_mb"), "{err}");
    // Under the default limit the same file is read.
    let out = nianbao(d.path()).arg("check").arg(&big).output().unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// The seed with a window-title escape in the agency and a line of clear-screen, colour,
/// right-to-left override and zero-width space.
fn evil_report(dir: &Path) -> PathBuf {
    let s = std::fs::read_to_string(root().join(SEED)).unwrap();
    let s = s.replacen(
        "周村区行政审批服务局",
        "周村区\x1b]0;pwned\x07行政审批服务局",
        1,
    );
    let mut lines: Vec<&str> = s.split('\n').collect();
    lines.insert(8, "本局\x1b[2J\x1b[31m坚持\u{202e}公开\u{200b}透明。");
    let path = dir.join("evil-2020.txt");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

#[test]
fn escapes_in_a_report_or_a_note_never_reach_the_output() {
    let d = tempfile::tempdir().unwrap();
    let evil = evil_report(d.path());
    let store = d.path().join("store");
    let runs: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec!["check".as_ref(), evil.as_os_str()],
        vec![
            "check".as_ref(),
            "--summary".as_ref(),
            evil.as_os_str(),
            PRIOR.as_ref(),
        ],
        vec![
            "diff".as_ref(),
            evil.as_os_str(),
            "--prior".as_ref(),
            PRIOR.as_ref(),
        ],
        vec![
            "annotate".as_ref(),
            evil.as_os_str(),
            "--cell".as_ref(),
            "apply.new.total".as_ref(),
            "--text".as_ref(),
            "看\x1b[2J这里".as_ref(),
            "--state".as_ref(),
            "open".as_ref(),
        ],
        vec!["status".as_ref(), evil.as_os_str()],
        vec![
            "export".as_ref(),
            evil.as_os_str(),
            "--format".as_ref(),
            "md".as_ref(),
        ],
    ];
    for args in runs {
        let out = nianbao(&store).args(&args).output().unwrap();
        assert!(out.status.code().is_some_and(|c| c < 3), "{args:?}");
        assert_eq!(raw_escapes(&out.stdout), 0, "{args:?} stdout");
        assert_eq!(raw_escapes(&out.stderr), 0, "{args:?} stderr");
    }
    // Shown visibly instead.
    let out = nianbao(&store).arg("check").arg(&evil).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\\x1b]0;pwned\\x07"));
}

#[cfg(unix)]
#[test]
fn a_file_name_with_a_newline_cannot_forge_a_summary_row() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    let forged = "x.txt\n假单位  2020  2021  0  0  已签署  y";
    std::fs::copy(root().join(SEED), dir.join(format!("{forged}.txt"))).unwrap();
    std::fs::copy(root().join(PRIOR), dir.join("zhoucun-approval-2019.txt")).unwrap();
    let out = nianbao(d.path())
        .args(["check", "--summary"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.lines().any(|l| l.starts_with("假单位")), "{stdout}");
    assert!(stdout.contains("x.txt\\n假单位"), "{stdout}");
}

/// Run with standard output a pipe whose reader has gone: the output is cut short.
fn with_closed_pipe(args: &[&str], store: &Path) -> std::process::Output {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("nianbao"))
        .current_dir(root())
        .env_remove("NIANBAO_CONFIG")
        .env("NIANBAO_STORE", store)
        .env("NO_COLOR", "1")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let d = tempfile::tempdir().unwrap();
    for args in [
        &["check", "samples"][..],
        &["check", "--summary", "samples"],
        &["status", "samples"],
        &["diff", SEED, "--prior", PRIOR],
        &["export", SEED],
    ] {
        let out = with_closed_pipe(args, d.path());
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(matches!(out.status.code(), Some(0..=2)), "{args:?}: {err}");
        assert!(!err.contains("cannot write"), "{args:?}: {err}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error_naming_the_output() {
    let d = tempfile::tempdir().unwrap();
    for args in [
        &["check", "--summary", "samples"][..],
        &["check", "--json", SEED],
        &["diff", SEED, "--prior", PRIOR],
        &["export", SEED, "--format", "md"],
        &["status", "samples"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = StdCommand::new(assert_cmd::cargo::cargo_bin("nianbao"))
            .current_dir(root())
            .env_remove("NIANBAO_CONFIG")
            .env("NIANBAO_STORE", d.path())
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("standard output: cannot write"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn jobs_past_the_core_count_are_capped() {
    let d = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let out = nianbao(d.path())
        .args(["check", "--summary", "-j", "2000", "samples"])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    assert!(t.elapsed() < Duration::from_secs(30));
}

#[test]
fn a_deeply_nested_page_is_refused_quickly_saying_why() {
    let d = tempfile::tempdir().unwrap();
    let page = d.path().join("deep.html");
    let n = 100_000;
    std::fs::write(
        &page,
        format!(
            "<html><body><p>周村区行政审批服务局2020年度政府信息公开工作年度报告</p>{}文{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        ),
    )
    .unwrap();
    let t = Instant::now();
    let out = nianbao(d.path()).arg("check").arg(&page).output().unwrap();
    assert!(t.elapsed() < Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nested too deeply"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_zip_bomb_is_too_large_when_expanded() {
    use std::io::Write as _;
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("bomb.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", opts).unwrap();
    let block = vec![b' '; 1024 * 1024];
    for _ in 0..65 {
        zip.write_all(&block).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 1024 * 1024);
    let out = nianbao(d.path()).arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("too large when expanded"), "{err}");
    assert!(!err.contains("well-formed"), "{err}");
}

#[test]
fn a_memo_carries_no_markup_from_notes_or_names() {
    let d = tempfile::tempdir().unwrap();
    let store = d.path().join("store");
    let evil = evil_report(d.path());
    for text in [
        "<img src=x onerror=alert(1)>",
        "[点此](javascript:alert(1))\n# 假标题",
    ] {
        nianbao(&store)
            .arg("annotate")
            .arg(&evil)
            .args([
                "--cell",
                "apply.new.total",
                "--state",
                "open",
                "--text",
                text,
            ])
            .args(["--reviewer", "张三\n# 批准"])
            .assert()
            .success();
    }
    nianbao(&store)
        .arg("signoff")
        .arg(&evil)
        .args([
            "--return",
            "--comment",
            "见批注\n# 已批准",
            "--reviewer",
            "张三\n# 批准",
        ])
        .output()
        .unwrap();
    let out = nianbao(&store)
        .arg("export")
        .arg(&evil)
        .args(["--format", "md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = String::from_utf8(out.stdout).unwrap();
    // Shown as written, but only backslash-escaped: no tag, no link.
    let unescaped = |pat: &str| {
        md.match_indices(pat)
            .any(|(i, _)| i == 0 || md.as_bytes()[i - 1] != b'\\')
    };
    assert!(md.contains("\\<img"), "{md}");
    assert!(!unescaped("<img"), "{md}");
    assert!(!unescaped("](javascript:"), "{md}");
    assert_eq!(raw_escapes(md.as_bytes()), 0, "{md}");
    for line in md.lines() {
        let l = line.trim_start_matches(['>', ' ', '-']);
        assert!(
            !l.starts_with("# 批准") && !l.starts_with("# 假标题") && !l.starts_with("# 已批准"),
            "{md}"
        );
    }
}
