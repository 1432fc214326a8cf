//! PDF → text: the text layer of each page in page order, page furniture (page numbers,
//! running headers and footers) dropped, and the first line of each page kept so that cells
//! and findings can name their page.
//!
//! PDF parsers panic, recurse without bound and allocate without limit on hostile files, so
//! the extractor is meant to run contained: a front end calls [`run_in_child`] once at start
//! (with its own executable, which answers [`CHILD_COMMAND`] through [`serve_child`]), and
//! every PDF read from then on is extracted in a child process with a deadline and a memory
//! limit. Without that call (library users, unit tests) the extractor runs in-process under
//! `catch_unwind`, which contains panics but not a stack overflow or a hang.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

mod pages;

/// The hidden first argument that makes the executable a PDF extractor: it reads a PDF on
/// stdin and writes its pages on stdout (see [`serve_child`]).
pub const CHILD_COMMAND: &str = "__extract-pdf";

/// Set in the child's environment: the `nianbao` binary then allocates with the system
/// allocator, which fails cleanly under the child's address-space limit (see its `alloc`).
pub const SYSTEM_ALLOCATOR_ENV: &str = "NIANBAO_SYSTEM_ALLOCATOR";

/// How long the extractor may take on one file, unless `NIANBAO_PDF_DEADLINE_MS` says.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// The address space the extractor may use, in MB (a report's PDF needs a few), unless
/// `NIANBAO_PDF_MEMORY_MB` says.
pub const MEMORY_LIMIT_MB: u64 = 1024;

/// The limits in force: the defaults, or what the environment asks (tests use small ones).
fn limits() -> (Duration, u64) {
    let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    (
        var("NIANBAO_PDF_DEADLINE_MS").map_or(DEADLINE, Duration::from_millis),
        var("NIANBAO_PDF_MEMORY_MB").unwrap_or(MEMORY_LIMIT_MB),
    )
}

/// Exit status of the child for a PDF it understood to be unreadable (the reason on stdout).
const EXIT_REFUSED: i32 = 3;

/// The child's stdout is cut off here: a report's text is tens of KB.
const OUTPUT_CAP: u64 = 64 << 20;

/// Why a PDF gave no text to check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfProblem {
    /// Not a PDF the reader can parse.
    #[error(
        "a damaged or malformed PDF ({0}); open it in a PDF viewer and save or print it again as PDF"
    )]
    Malformed(String),
    /// Encrypted with a password.
    #[error("an encrypted PDF (it needs a password); ask the agency for an unprotected copy")]
    Encrypted,
    /// Cut short: no end-of-file marker.
    #[error("a truncated PDF (it is cut short: no %%EOF marker at its end); download it again")]
    Truncated,
    /// Pages with no text on them: a scan.
    #[error("no text layer: a scanned image; OCR is needed")]
    NoTextLayer,
    /// The extractor crashed (a panic, a stack overflow, a signal).
    #[error("the PDF reader crashed on this file ({0}); the file is probably malformed")]
    Crashed(String),
    /// The extractor ran past its deadline.
    #[error(
        "the PDF reader took longer than {0} s and was stopped; the file is probably hostile or malformed"
    )]
    TimedOut(u64),
    /// The extractor ran past its memory limit.
    #[error(
        "the PDF reader ran out of memory (limit {0} MB) and was stopped; the file is probably hostile or malformed"
    )]
    OutOfMemory(u64),
    /// The extractor could not be started.
    #[error("the PDF reader could not be started ({0})")]
    Spawn(String),
}

impl PdfProblem {
    /// The message in Chinese (the default language of the front ends).
    pub fn message_zh(&self) -> String {
        match self {
            PdfProblem::Malformed(d) => {
                format!(
                    "PDF 文件已损坏或格式不正确（{d}）；请用 PDF 阅读器打开后重新另存或打印为 PDF"
                )
            }
            PdfProblem::Encrypted => "PDF 已加密（需要密码）；请向报送机关索取未加密的文件".into(),
            PdfProblem::Truncated => "PDF 文件不完整（末尾缺少 %%EOF 结束标记）；请重新下载".into(),
            PdfProblem::NoTextLayer => "没有文字层：这是扫描图像，需要 OCR 识别后再检查".into(),
            PdfProblem::Crashed(d) => format!("PDF 读取程序在此文件上崩溃（{d}）；文件可能已损坏"),
            PdfProblem::TimedOut(s) => {
                format!("PDF 读取超过 {s} 秒，已中止；文件可能已损坏或含恶意结构")
            }
            PdfProblem::OutOfMemory(mb) => {
                format!("PDF 读取超出内存上限（{mb} MB），已中止；文件可能已损坏或含恶意结构")
            }
            PdfProblem::Spawn(d) => format!("无法启动 PDF 读取程序（{d}）"),
        }
    }
}

/// A PDF's text as the parser reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfText {
    /// The pages' lines joined by `\n`, furniture dropped.
    pub text: String,
    /// The first line (1-based) of each page, in page order.
    pub page_starts: Vec<usize>,
}

/// How the extractor is run: set once per process by [`run_in_child`].
static CHILD_PROGRAM: OnceLock<PathBuf> = OnceLock::new();

/// From now on, extract every PDF in a child process: `program CHILD_COMMAND`, fed the PDF on
/// stdin, stopped after [`DEADLINE`], limited to [`MEMORY_LIMIT_MB`]. `program` must answer
/// [`CHILD_COMMAND`] by calling [`serve_child`] (the `nianbao` binary does, with its own path).
/// A process-wide setting because every front end (check, status, inbox, the TUI, pairing)
/// reads files through the same [`crate::read::read_path`]; the first call wins.
pub fn run_in_child(program: PathBuf) {
    let _ = CHILD_PROGRAM.set(program);
}

/// Read a PDF's text: refuse a truncated file up front, extract the pages (in a child process
/// when [`run_in_child`] was called), drop page furniture and join the pages.
pub fn read(bytes: &[u8]) -> Result<PdfText, PdfProblem> {
    use sha2::{Digest, Sha256};
    let key: [u8; 32] = Sha256::digest(bytes).into();
    if let Some(known) = recent()
        .lock()
        .ok()
        .and_then(|r| r.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()))
    {
        return known;
    }
    let result = read_uncached(bytes);
    if let Ok(mut r) = recent().lock() {
        if r.len() == RECENT {
            r.pop_front();
        }
        r.push_back((key, result.clone()));
    }
    result
}

/// How many PDFs [`read`] remembers: a batch reads each file twice (its identity for pairing,
/// then the whole report), and a PDF costs tens of milliseconds where a text file costs µs.
const RECENT: usize = 16;

type Recent = std::collections::VecDeque<([u8; 32], Result<PdfText, PdfProblem>)>;

fn recent() -> &'static std::sync::Mutex<Recent> {
    static R: OnceLock<std::sync::Mutex<Recent>> = OnceLock::new();
    R.get_or_init(Default::default)
}

fn read_uncached(bytes: &[u8]) -> Result<PdfText, PdfProblem> {
    if is_truncated(bytes) {
        return Err(PdfProblem::Truncated);
    }
    let pages = match CHILD_PROGRAM.get() {
        Some(program) => extract_in_child(program, bytes)?,
        None => extract_in_process(bytes)?,
    };
    let joined = join_pages(&pages);
    if joined.text.trim().is_empty() {
        return Err(PdfProblem::NoTextLayer);
    }
    Ok(joined)
}

/// Join pages' text as [`read`] does: furniture dropped, the first line of each page kept.
pub fn join_pages(pages: &[String]) -> PdfText {
    pages::assemble(pages)
}

/// A PDF ends with `%%EOF` (trailing white space or a few bytes of padding allowed); a file
/// cut short in transfer has lost it.
fn is_truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    !tail.windows(5).any(|w| w == b"%%EOF")
}

/// Extract each page's text with `pdf-extract`, in this process. It may panic, recurse deeply
/// or allocate without bound on a hostile file: call it contained ([`serve_child`], or
/// `catch_unwind` as [`read`] does without a child).
pub fn extract_pages(bytes: &[u8]) -> Result<Vec<String>, PdfProblem> {
    use pdf_extract::{Document, Error as PdfError};
    let doc = Document::load_mem(bytes).map_err(|e| match e {
        PdfError::Decryption(_) | PdfError::InvalidPassword => PdfProblem::Encrypted,
        e => PdfProblem::Malformed(e.to_string()),
    })?;
    if doc.is_encrypted() {
        return Err(PdfProblem::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(PdfProblem::Malformed("it has no pages".into()));
    }
    let mut out = Vec::with_capacity(pages.len());
    for &number in pages.keys() {
        let mut text = String::new();
        let mut sink = pdf_extract::PlainTextOutput::new(&mut text);
        pdf_extract::output_doc_page(&doc, &mut sink, number).map_err(|e| match e {
            pdf_extract::OutputError::PdfError(PdfError::Decryption(_)) => PdfProblem::Encrypted,
            e => PdfProblem::Malformed(format!("page {number}: {e}")),
        })?;
        out.push(text);
    }
    Ok(out)
}

fn extract_in_process(bytes: &[u8]) -> Result<Vec<String>, PdfProblem> {
    std::panic::catch_unwind(|| extract_pages(bytes))
        .unwrap_or_else(|panic| Err(PdfProblem::Crashed(panic_text(panic.as_ref()))))
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into());
    format!("panic: {}", first_line(&text))
}

fn first_line(s: &str) -> &str {
    let line = s.lines().next().unwrap_or("").trim();
    let end = line.char_indices().nth(160).map_or(line.len(), |(i, _)| i);
    &line[..end]
}

/// The child's side of [`run_in_child`]: limit this process's memory and CPU time, read a PDF
/// from `input`, write its pages to `output` separated by form feeds, and return the exit
/// status (0 done; [`EXIT_REFUSED`] with the reason on `output` when the PDF is unreadable). A
/// panic, a stack overflow or the memory limit ends the process, and the parent says so.
pub fn serve_child(input: &mut impl Read, output: &mut impl Write) -> i32 {
    limit_resources();
    let mut bytes = Vec::new();
    if let Err(e) = input.read_to_end(&mut bytes) {
        let _ = write!(output, "spawn\ncannot read the PDF from stdin: {e}");
        return EXIT_REFUSED;
    }
    let written = match extract_pages(&bytes) {
        Ok(pages) => output.write_all(pages.join("\u{c}").as_bytes()).map(|_| 0),
        Err(problem) => output
            .write_all(encode_problem(&problem).as_bytes())
            .map(|_| EXIT_REFUSED),
    };
    let _ = output.flush();
    written.unwrap_or(EXIT_REFUSED)
}

#[cfg(unix)]
fn limit_resources() {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let cap = |n: u64| Rlimit {
        current: Some(n),
        maximum: Some(n),
    };
    let (deadline, memory_mb) = limits();
    // Best effort: an OS that refuses still has the parent's deadline.
    let _ = setrlimit(Resource::As, cap(memory_mb << 20));
    let _ = setrlimit(Resource::Cpu, cap(deadline.as_secs() + 1));
}

#[cfg(not(unix))]
fn limit_resources() {}

fn encode_problem(problem: &PdfProblem) -> String {
    match problem {
        PdfProblem::Malformed(d) => format!("malformed\n{d}"),
        PdfProblem::Encrypted => "encrypted\n".into(),
        PdfProblem::Truncated => "truncated\n".into(),
        PdfProblem::NoTextLayer => "no_text\n".into(),
        PdfProblem::Crashed(d) => format!("crashed\n{d}"),
        PdfProblem::TimedOut(_) | PdfProblem::OutOfMemory(_) | PdfProblem::Spawn(_) => {
            format!("malformed\n{problem}")
        }
    }
}

fn decode_problem(text: &str) -> PdfProblem {
    let (kind, detail) = text.split_once('\n').unwrap_or((text, ""));
    let detail = first_line(detail).to_owned();
    match kind {
        "encrypted" => PdfProblem::Encrypted,
        "truncated" => PdfProblem::Truncated,
        "no_text" => PdfProblem::NoTextLayer,
        "crashed" => PdfProblem::Crashed(detail),
        "spawn" => PdfProblem::Spawn(detail),
        _ => PdfProblem::Malformed(detail),
    }
}

/// Run `program CHILD_COMMAND` on the bytes, within the deadline.
fn extract_in_child(program: &PathBuf, bytes: &[u8]) -> Result<Vec<String>, PdfProblem> {
    let (deadline, memory_mb) = limits();
    let mut child = Command::new(program)
        .arg(CHILD_COMMAND)
        .env("NIANBAO_PDF_MEMORY_MB", memory_mb.to_string())
        .env(SYSTEM_ALLOCATOR_ENV, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| PdfProblem::Spawn(format!("{}: {e}", program.display())))?;
    let stdin = child.stdin.take();
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let (status, out, err) = std::thread::scope(|scope| {
        // The child reads all of its input before writing: feed it from its own thread so a
        // child that dies early never leaves this one blocked on a full pipe.
        scope.spawn(move || {
            if let Some(mut pipe) = stdin {
                let _ = pipe.write_all(bytes);
            }
        });
        let out = scope.spawn(move || drain(stdout));
        let err = scope.spawn(move || drain(stderr));
        let status = wait_until(&mut child, Instant::now() + deadline);
        let out = out.join().unwrap_or_default();
        let err = err.join().unwrap_or_default();
        (status, out, err)
    });
    let Some(status) = status else {
        return Err(PdfProblem::TimedOut(
            deadline.as_millis().div_ceil(1000) as u64
        ));
    };
    match status.code() {
        Some(0) => {
            let text = String::from_utf8_lossy(&out);
            Ok(text.split('\u{c}').map(str::to_owned).collect())
        }
        Some(EXIT_REFUSED) => Err(decode_problem(&String::from_utf8_lossy(&out))),
        _ => Err(crash_reason(
            &status,
            &String::from_utf8_lossy(&err),
            memory_mb,
        )),
    }
}

/// Read a pipe to its end (at most [`OUTPUT_CAP`] bytes are kept).
fn drain(pipe: Option<impl Read>) -> Vec<u8> {
    let mut buf = Vec::new();
    if let Some(pipe) = pipe {
        let mut capped = pipe.take(OUTPUT_CAP);
        let _ = capped.read_to_end(&mut buf);
        // Keep reading so the child never blocks on a full pipe.
        let _ = std::io::copy(&mut capped.into_inner(), &mut std::io::sink());
    }
    buf
}

/// Wait for the child until the deadline; past it, kill it and return None.
fn wait_until(
    child: &mut std::process::Child,
    deadline: Instant,
) -> Option<std::process::ExitStatus> {
    let mut pause = Duration::from_micros(500);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(10));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

/// Why the child ended without answering: out of memory, a stack overflow, a panic, a signal.
fn crash_reason(status: &std::process::ExitStatus, stderr: &str, mb: u64) -> PdfProblem {
    if stderr.contains("memory allocation of") || stderr.contains("out of memory") {
        return PdfProblem::OutOfMemory(mb);
    }
    if stderr.contains("overflowed its stack") {
        return PdfProblem::Crashed("stack overflow: nesting too deep".into());
    }
    if let Some(panic) = stderr.lines().find_map(|l| l.split_once("panicked at ")) {
        let message = stderr
            .lines()
            .skip_while(|l| !l.contains("panicked at "))
            .nth(1)
            .unwrap_or(panic.1);
        return PdfProblem::Crashed(format!("panic: {}", first_line(message)));
    }
    #[cfg(not(unix))]
    let _ = status;
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            // SIGXCPU: the CPU-time limit, the deadline's backstop.
            if signal == 24 {
                return PdfProblem::TimedOut(limits().0.as_secs());
            }
            return PdfProblem::Crashed(format!("signal {signal}"));
        }
    }
    PdfProblem::Crashed(format!("{status}"))
}
