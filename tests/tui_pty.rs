//! End to end: the real binary in a real pseudo-terminal, read back through a terminal
//! emulator. Types keys as a reviewer would, waits for the screen to settle, and checks what
//! is on it, what the store kept, and that the terminal is given back.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

// Tall enough that the details pane shows a note under the not-evaluable info of its cell.
const ROWS: u16 = 40;
const COLS: u16 = 110;

struct Session {
    parser: vt100::Parser,
    rx: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    started: Instant,
}

impl Session {
    fn start(args: &[&str], store: &Path) -> Session {
        Session::start_with(args, store, &[])
    }

    /// As [`Session::start`], with more environment variables (a config file).
    fn start_with(args: &[&str], store: &Path, env: &[(&str, &Path)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_nianbao"));
        cmd.args(args);
        cmd.arg("--store");
        cmd.arg(store);
        cmd.env("NO_COLOR", "1");
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_CONFIG_HOME", store);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("binary starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        // Keep the master alive as long as the session.
        std::mem::forget(pair.master);
        Session {
            parser: vt100::Parser::new(ROWS, COLS, 0),
            rx,
            writer,
            child,
            started,
        }
    }

    /// Read until the screen has stayed the same for a while (two identical frames), and
    /// return it.
    fn settle(&mut self) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut last = String::new();
        let mut stable_since = Instant::now();
        while Instant::now() < deadline {
            if let Ok(bytes) = self.rx.recv_timeout(Duration::from_millis(50)) {
                self.parser.process(&bytes);
            }
            let now = self.parser.screen().contents();
            if now != last {
                last = now;
                stable_since = Instant::now();
            } else if !last.trim().is_empty() && stable_since.elapsed() > Duration::from_millis(300)
            {
                return last;
            }
        }
        last
    }

    /// Wait until the screen shows `needle`.
    fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.parser.screen().contents();
            if screen.contains(needle) || Instant::now() > deadline {
                return screen;
            }
            if let Ok(bytes) = self.rx.recv_timeout(Duration::from_millis(50)) {
                self.parser.process(&bytes);
            }
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("typed");
        self.writer.flush().expect("flushed");
        std::thread::sleep(Duration::from_millis(60));
    }

    /// As [`Session::finish`], with the mouse mode the terminal is left in.
    fn finish_with_mouse(self) -> (String, bool, vt100::MouseProtocolMode) {
        let mut s = self;
        let deadline = Instant::now() + Duration::from_secs(10);
        let ok = loop {
            if let Ok(Some(status)) = s.child.try_wait() {
                while let Ok(bytes) = s.rx.recv_timeout(Duration::from_millis(100)) {
                    s.parser.process(&bytes);
                }
                break status.success();
            }
            if Instant::now() > deadline {
                let _ = s.child.kill();
                break false;
            }
            if let Ok(bytes) = s.rx.recv_timeout(Duration::from_millis(50)) {
                s.parser.process(&bytes);
            }
        };
        let mode = s.parser.screen().mouse_protocol_mode();
        (s.parser.screen().contents(), ok, mode)
    }

    fn finish(mut self) -> (String, bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                while let Ok(bytes) = self.rx.recv_timeout(Duration::from_millis(100)) {
                    self.parser.process(&bytes);
                }
                return (self.parser.screen().contents(), status.success());
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                return (self.parser.screen().contents(), false);
            }
            if let Ok(bytes) = self.rx.recv_timeout(Duration::from_millis(50)) {
                self.parser.process(&bytes);
            }
        }
    }
}

/// The issue's "Done when", as a new user would do it: open a seed (its constructed prior is
/// found beside it), find every finding with `n`, annotate two, return the report with a
/// comment, quit, reopen: the notes and the decision are there; edit the file: stale.
#[test]
fn a_reviewer_walks_the_findings_annotates_returns_and_finds_it_all_on_reopening() {
    let store = tempfile::tempdir().expect("temp dir");
    let files = tempfile::tempdir().expect("temp dir");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for name in ["zhoucun-approval-2020.txt", "zhoucun-approval-2019.txt"] {
        std::fs::copy(samples.join(name), files.path().join(name)).expect("copies");
    }
    let report = files.path().join("zhoucun-approval-2020.txt");
    let report_arg = report.to_str().expect("utf-8 path");

    let mut s = Session::start(&["review", report_arg], store.path());
    // The footer is drawn last: once it is there, the whole first frame is. The screen opens
    // on the first error, the second finding.
    let first = s.wait_for("问题 2/8");
    eprintln!("first frame after {:?}", s.started.elapsed());
    assert!(
        first.contains("未签署"),
        "header shows the sign-off state:\n{first}"
    );
    assert!(
        first.contains("2020年度 对照 2019年度"),
        "the prior year is found beside the file:\n{first}"
    );
    assert!(first.contains("目录"), "navigator at 110 columns:\n{first}");
    assert!(first.contains("问题 2/8"), "8 findings to walk:\n{first}");
    assert!(
        first.contains("? 帮助 q 退出"),
        "help and quit offered:\n{first}"
    );
    assert!(
        first.contains("未接受错误") && first.contains("合计"),
        "it opens on the overview of counts:\n{first}"
    );
    assert_ne!(
        s.parser.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "the mouse is captured"
    );

    // Enter goes from the overview into the first error's table, at the error.
    s.send(b"\r");
    let screen = s.wait_for("本年 无法识别");
    assert!(screen.contains("行政事业性收费"), "{screen}");

    // Every finding with n, from the first error round to it again; annotate the 5th and
    // the 2nd.
    for step in 1..=8 {
        let i = (1 + step) % 8 + 1;
        s.send(b"n");
        let screen = s.wait_for(&format!("问题 {i}/8"));
        assert!(screen.contains(&format!("问题 {i}/8")), "{screen}");
        if i == 2 || i == 5 {
            s.send(b"a");
            s.wait_for("Ctrl-S 保存");
            s.send(format!("第{i}项请核实").as_bytes());
            s.send(b"\r");
            s.send("第二行".as_bytes());
            s.send(b"\x13"); // Ctrl-S
            let screen = s.wait_for("批注已保存");
            assert!(
                screen.contains(&format!("第{i}项请核实")),
                "the note shows in the details:\n{screen}"
            );
        }
    }

    // Return with a comment.
    s.send(b"s");
    s.wait_for("审核签署");
    s.send("请修改后重新报送".as_bytes());
    s.send(b"\x13");
    let screen = s.wait_for("已退回修改");
    assert!(screen.contains("已退回修改"), "{screen}");
    assert!(screen.contains("批注 2"), "{screen}");

    // The help overlay lists the keys.
    s.send(b"?");
    let help = s.settle();
    assert!(
        help.contains("按键帮助") && help.contains("导出意见"),
        "{help}"
    );
    s.send(b"\x1b");
    s.send(b"q");
    let (after, ok, mouse) = s.finish_with_mouse();
    assert!(ok, "exits cleanly");
    assert_eq!(
        mouse,
        vt100::MouseProtocolMode::None,
        "mouse capture is switched off on quit"
    );
    assert!(
        !after.contains("目录"),
        "the alternate screen is left on quit:\n{after}"
    );

    // Reopen with the short form: the notes and the decision are there.
    let mut s = Session::start(&[report_arg], store.path());
    let screen = s.wait_for("已退回修改");
    assert!(screen.contains("已退回修改"), "decision kept:\n{screen}");
    assert!(
        screen.contains("批注 2（待处理 2）"),
        "notes kept:\n{screen}"
    );
    // The overview first; Enter goes to the first error, where the note is.
    s.send(b"\r");
    let screen = s.wait_for("第2项请核实");
    assert!(screen.contains("第2项请核实"), "note text kept:\n{screen}");
    s.send(b"\x03"); // Ctrl-C quits too.
    let (_, ok) = s.finish();
    assert!(ok);

    // Edit the report file: the sign-off no longer holds.
    let mut text = std::fs::read_to_string(&report).expect("reads");
    text.push_str("\n（修订稿）\n");
    std::fs::write(&report, text).expect("writes");
    let mut s = Session::start(&[report_arg], store.path());
    let screen = s.wait_for("签署已失效");
    assert!(
        screen.contains("签署已失效（文件已改）"),
        "the sign-off shows stale:\n{screen}"
    );
    s.send(b"q");
    let (_, ok) = s.finish();
    assert!(ok);
}

/// Approval with unaccepted errors is refused in the dialog, with the reason.
#[test]
fn approving_with_unaccepted_errors_is_refused_on_screen() {
    let store = tempfile::tempdir().expect("temp dir");
    let mut s = Session::start(
        &["review", "samples/zhoucun-approval-2020.txt"],
        store.path(),
    );
    s.wait_for("未签署");
    s.send(b"s");
    s.wait_for("审核签署");
    s.send(b"\t"); // to approve
    s.send("同意".as_bytes());
    s.send(b"\x13");
    let screen = s.wait_for("不能通过");
    assert!(screen.contains("不能通过：3 项错误"), "{screen}");
    s.send(b"\x1b");
    s.send(b"q");
    let (_, ok) = s.finish();
    assert!(ok);
}

#[test]
fn an_unreadable_file_is_reported_before_the_screen_is_taken() {
    let store = tempfile::tempdir().expect("temp dir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["review", "no-such-report.txt", "--store"])
        .arg(store.path())
        .env("XDG_CONFIG_HOME", store.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-report.txt: cannot read"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\x1b[?1049h"));
}

/// `nianbao inbox DIR` on a copy of the samples: the list, into the reviewer and back.
#[test]
fn the_inbox_opens_the_samples_and_round_trips_into_the_reviewer() {
    let store = tempfile::tempdir().expect("temp dir");
    let files = tempfile::tempdir().expect("temp dir");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for entry in std::fs::read_dir(&samples).expect("samples") {
        let p = entry.expect("entry").path();
        std::fs::copy(&p, files.path().join(p.file_name().expect("name"))).expect("copies");
    }
    let dir = files.path().to_str().expect("utf-8 path");
    let mut s = Session::start(&["inbox", dir], store.path());
    let list = s.wait_for("q 退出");
    assert!(list.contains("共 16 份"), "{list}");
    // The list fills in as the reports are read: wait for the counts and the prior column.
    s.wait_for("✖3");
    let list = s.wait_for("无上年");
    assert!(list.contains("上年报告"), "{list}");
    // Find a yuyang 2021 rendering (its agency is not found: by its file name), beside its
    // prior paired by file name.
    s.send(b"/");
    s.wait_for("按机关筛选：");
    s.send(b"2021.txt");
    let list = s.wait_for("显示 1 份");
    assert!(
        list.contains("health-2020.txt"),
        "the prior paired:\n{list}"
    );
    s.send(b"\r");
    s.send(b"\r");
    let review = s.wait_for("问题 3/7");
    assert!(review.contains("2021年度 对照 2020年度"), "{review}");
    s.send(b"s");
    s.wait_for("审核签署");
    s.send("退回".as_bytes());
    s.send(b"\x13");
    s.wait_for("已退回修改");
    s.send(b"q");
    let back = s.wait_for("已回到收件箱");
    assert!(
        back.contains("[<] 已退回修改"),
        "the row's state is updated:\n{back}"
    );
    s.send(b"q");
    let (_, ok) = s.finish();
    assert!(ok, "exits cleanly");
}

/// Without a terminal, a clear message (in Chinese) rather than "No such device or address".
#[test]
fn without_a_terminal_the_reviewer_says_what_to_do() {
    let store = tempfile::tempdir().expect("temp dir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["review", "samples/zhoucun-approval-2020.txt", "--store"])
        .arg(store.path())
        .env("XDG_CONFIG_HOME", store.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("审核界面需要在终端中运行"), "{err}");
    assert!(!err.contains("No such device"), "{err}");
}

/// A copy of sample files in a fresh folder (so the store and any edit never touch the
/// repository's), and the path of the first.
fn copies(names: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let files = tempfile::tempdir().expect("temp dir");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for name in names {
        std::fs::copy(samples.join(name), files.path().join(name)).expect("copies");
    }
    let first = files.path().join(names[0]);
    (files, first)
}

/// The review record of a report in a store, read through the library.
fn record_of(report: &Path, store: &Path) -> nianbao::review::Record {
    let report = nianbao::load(report).expect("the report loads");
    nianbao::review::Store::open(store)
        .expect("store opens")
        .load(&report)
        .expect("record reads")
        .expect("a record")
}

/// Press a key until the screen shows `needle` (at most `max` times), as a reviewer moves
/// the cursor until the details name the cell sought.
fn press_until(s: &mut Session, key: &[u8], needle: &str, max: usize) -> String {
    for _ in 0..max {
        let screen = s.settle();
        if screen.contains(needle) {
            return screen;
        }
        s.send(key);
    }
    let screen = s.settle();
    assert!(screen.contains(needle), "never reached {needle}:\n{screen}");
    screen
}

/// Write a note on the cell under the cursor and set it 予以接受 with `r` twice.
fn accept_cell(s: &mut Session, text: &str) {
    s.send(b"a");
    let editor = s.wait_for("Ctrl-S 保存");
    assert!(
        editor.contains("批注单元格"),
        "a note on the cell:\n{editor}"
    );
    s.send(text.as_bytes());
    s.send(b"\x13");
    s.wait_for("批注已保存");
    s.send(b"r");
    s.wait_for("状态改为：已解决");
    s.send(b"r");
    let screen = s.wait_for("状态改为：予以接受");
    assert!(screen.contains("予以接受"), "{screen}");
}

/// Issue 16, "Done when": each error of zhoucun is accepted through a note on its *cell*,
/// reached with the arrow keys, and the report is then approved; the store has it.
#[test]
fn each_error_accepted_through_cell_notes_then_approved() {
    let store = tempfile::tempdir().expect("temp dir");
    let (_files, report) = copies(&["zhoucun-approval-2020.txt", "zhoucun-approval-2019.txt"]);
    let report_arg = report.to_str().expect("utf-8 path");
    let mut s = Session::start(&["review", report_arg], store.path());
    let first = s.wait_for("问题 2/8");
    assert!(first.contains("未接受错误 3"), "{first}");

    // Table 二 from the navigator, to the top, down to 行政事业性收费 · 上一年项目数量.
    s.send(b"\x1b[Z"); // Shift-Tab: the navigator
    s.send(b"g");
    s.send(b"jjj"); // 总览 一 二 表二
    s.send(b"\t");
    s.send(b"g");
    press_until(&mut s, b"\x1b[B", "行政事业性收费 · 上一年项目数量", 10);
    accept_cell(&mut s, "收费项目数以上年报告为准，予以接受");
    let screen = s.wait_for("未接受错误 2");
    assert!(screen.contains("未接受错误 2"), "{screen}");

    // Table 三: 上年结转 · 自然人, then 上年结转 · 总计.
    s.send(b"\x1b[Z");
    s.send(b"jj"); // 三 表三
    s.send(b"\t");
    s.send(b"g");
    s.send(b"hhhhhhhhhh");
    press_until(
        &mut s,
        b"\x1b[B",
        "上年结转政府信息公开申请数量 · 自然人",
        5,
    );
    accept_cell(&mut s, "上年结转已电话核实，予以接受");
    s.wait_for("未接受错误 1");
    press_until(&mut s, b"\x1b[C", "上年结转政府信息公开申请数量 · 总计", 10);
    accept_cell(&mut s, "总计随自然人一并核实，予以接受");
    let screen = s.settle();
    assert!(
        !screen.contains("未接受错误"),
        "every error settled:\n{screen}"
    );

    // Approve: the dialog offers approval now, and the store takes it.
    s.send(b"s");
    let dialog = s.wait_for("审核签署");
    assert!(dialog.contains("未接受 0"), "{dialog}");
    s.send("同意".as_bytes());
    s.send(b"\x13");
    let screen = s.wait_for("已签署：");
    assert!(screen.contains("已签署：审核通过"), "{screen}");
    s.send(b"q");
    let (_, ok) = s.finish();
    assert!(ok, "exits cleanly");

    let record = record_of(&report, store.path());
    let signoff = record.signoffs.last().expect("signed");
    assert_eq!(signoff.decision, nianbao::review::Decision::Approve);
    let on_cells: Vec<_> = record
        .annotations
        .iter()
        .filter(|a| matches!(a.target, nianbao::review::Target::Cell { .. }))
        .collect();
    assert_eq!(on_cells.len(), 3, "three cell notes");
    assert!(
        on_cells
            .iter()
            .all(|a| a.state == nianbao::review::AnnotationState::Accepted)
    );
}

/// The warnings count in the header.
fn warnings(screen: &str) -> usize {
    let at = screen.find("警告 ").expect("the header counts warnings");
    screen[at + "警告 ".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("a count")
}

/// The memo the reviewer exported with `e`, read from the store's memos folder.
fn memo(s: &mut Session, store: &Path) -> String {
    s.send(b"e");
    s.wait_for("审核意见已导出");
    let dir = store.join("memos");
    let path = std::fs::read_dir(&dir)
        .expect("memos folder")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|x| x == "md"))
        .expect("a memo");
    std::fs::read_to_string(path).expect("memo reads")
}

/// Issue 16, "Done when": the one-line copy of zhoucun runs 行政许可's 本年增/减 and 处理决定数量
/// together (`增421306`); the reviewer reads it as 42 in the dialog of `i`: the findings and
/// the memo change.
#[test]
fn an_ambiguous_cell_read_by_the_reviewer_changes_the_findings_and_the_memo() {
    let store = tempfile::tempdir().expect("temp dir");
    let (_files, report) = copies(&[
        "zhoucun-approval-2020.oneline.txt",
        "zhoucun-approval-2019.oneline.txt",
    ]);
    let prior = report.with_file_name("zhoucun-approval-2019.oneline.txt");
    let args = [
        "review",
        report.to_str().expect("utf-8"),
        "--prior",
        prior.to_str().expect("utf-8"),
    ];
    let mut s = Session::start(&args, store.path());
    let first = s.wait_for("q 退出");
    let before = warnings(&first);
    let memo_before = memo(&mut s, store.path());
    assert!(!memo_before.contains("审核人认定读数"), "{memo_before}");

    // Table 二, 行政许可 · 本年增/减.
    s.send(b"\x1b[Z");
    s.send(b"g");
    s.send(b"jjj");
    s.send(b"\t");
    s.send(b"g");
    s.send(b"hhhh");
    press_until(&mut s, b"\x1b[B", "行政许可 · 上一年项目数量", 6);
    let screen = press_until(&mut s, b"\x1b[C", "行政许可 · 本年增/减", 3);
    assert!(screen.contains("cell.ambiguous"), "{screen}");
    assert!(screen.contains("按 i 录入审核人读数"), "{screen}");

    s.send(b"i");
    let dialog = s.wait_for("审核人读数：行政许可");
    assert!(
        dialog.contains("增421306"),
        "the cell as written:\n{dialog}"
    );
    s.send(b"42");
    s.send(b"\t");
    s.send("42 与 1306 连写，按上年 1264 加 42 得 1306".as_bytes());
    s.send(b"\x13");
    let screen = s.wait_for("已记录审核人读数");
    assert!(
        screen.contains("=42"),
        "the cell shows the reading:\n{screen}"
    );
    assert!(screen.contains("审核人读数 42"), "{screen}");
    let after = warnings(&screen);
    assert!(after < before, "warnings {before} → {after}:\n{screen}");
    assert!(
        !screen.contains("cell.ambiguous 「行政许可 · 本年增/减」"),
        "{screen}"
    );

    let memo_after = memo(&mut s, store.path());
    assert!(
        memo_after.contains("审核人认定读数") && memo_after.contains("读作 42"),
        "{memo_after}"
    );
    assert_ne!(memo_before, memo_after);
    s.send(b"q");
    let (_, ok) = s.finish();
    assert!(ok);
    let record = record_of(&report, store.path());
    assert_eq!(record.readings.len(), 1);
    assert_eq!(record.readings[0].value, rust_decimal::Decimal::from(42));
}

/// With `signing_key` in the config, a decision taken on the screen is SSH-signed as
/// `nianbao signoff` signs it. Skipped, saying so, where `ssh-keygen` is not installed.
#[test]
fn a_decision_on_the_screen_is_signed_with_the_configured_key() {
    if std::process::Command::new("ssh-keygen")
        .arg("-?")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: ssh-keygen is not installed");
        return;
    }
    let store = tempfile::tempdir().expect("temp dir");
    let (files, report) = copies(&["zhoucun-approval-2020.txt", "zhoucun-approval-2019.txt"]);
    let key = files.path().join("reviewer-key");
    let st = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "wang", "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen runs");
    assert!(st.success());
    let config = files.path().join("config.toml");
    std::fs::write(
        &config,
        format!("signing_key = {:?}\n", key.to_str().expect("utf-8")),
    )
    .expect("config written");
    let mut s = Session::start_with(
        &["review", report.to_str().expect("utf-8")],
        store.path(),
        &[("NIANBAO_CONFIG", &config)],
    );
    s.wait_for("问题 2/8");
    s.send(b"s");
    s.wait_for("审核签署");
    s.send("请修改后重新报送".as_bytes());
    s.send(b"\x13");
    s.wait_for("已退回修改");
    s.send(b"q");
    let (_, ok) = s.finish();
    assert!(ok);
    let record = record_of(&report, store.path());
    let signoff = record.signoffs.last().expect("signed");
    let sig = signoff.signature.as_ref().expect("signed with the SSH key");
    assert!(
        sig.fingerprint.starts_with("SHA256:"),
        "{}",
        sig.fingerprint
    );
}
