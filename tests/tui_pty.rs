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
    assert_ne!(
        s.parser.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "the mouse is captured"
    );

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
    // The list fills in as the reports are read: wait for the counts.
    s.wait_for("✖3");
    // The first row (sorted by agency, an unknown agency first) is a yuyang 2021 rendering,
    // beside its prior paired by file name.
    s.send(b"\r");
    let review = s.wait_for("问题 -/7");
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
