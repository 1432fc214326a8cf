//! End to end: the real binary in a real pseudo-terminal, read back through a terminal
//! emulator. Types keys as a reviewer would, waits for the screen to settle, and checks what
//! is on it, what the store kept, and that the terminal is given back.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 30;
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

#[test]
fn a_reviewer_annotates_signs_off_quits_and_finds_it_all_on_reopening() {
    let store = tempfile::tempdir().expect("temp dir");
    let sample = "samples/zhoucun-approval-2020.txt";

    let mut s = Session::start(&["review", sample], store.path());
    let first = s.wait_for("未签署");
    let first_frame = s.started.elapsed();
    assert!(
        first.contains("未签署"),
        "header shows the sign-off state:\n{first}"
    );
    assert!(first.contains("目录"), "navigator at 110 columns:\n{first}");
    eprintln!("first frame after {first_frame:?}");

    // Annotate the cell under the cursor, in Chinese, over two lines.
    s.send(b"a");
    s.wait_for("Ctrl-S");
    s.send("请核实".as_bytes());
    s.send(b"\r");
    s.send("第二行".as_bytes());
    s.send(b"\x13"); // Ctrl-S
    let screen = s.wait_for("批注已保存");
    assert!(
        screen.contains("请核实"),
        "the note shows in the details:\n{screen}"
    );

    // Approve with a comment.
    s.send(b"s");
    s.wait_for("审核签署");
    s.send("同意".as_bytes());
    s.send(b"\x13");
    let screen = s.wait_for("已通过");
    assert!(screen.contains("已通过"), "{screen}");

    // The help overlay lists the keys.
    s.send(b"?");
    let help = s.settle();
    assert!(
        help.contains("按键帮助") && help.contains("导出意见"),
        "{help}"
    );
    s.send(b"\x1b");
    s.send(b"q");
    let (after, ok) = s.finish();
    assert!(ok, "exits cleanly");
    assert!(
        !after.contains("目录"),
        "the alternate screen is left on quit:\n{after}"
    );

    // Reopen with the short form: the note and the decision are there.
    let mut s = Session::start(&[sample], store.path());
    let screen = s.wait_for("已通过");
    assert!(screen.contains("已通过"), "decision kept:\n{screen}");
    assert!(screen.contains("批注 1"), "note kept:\n{screen}");
    s.send(b"\x03"); // Ctrl-C quits too.
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
