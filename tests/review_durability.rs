//! Durability of the review store across processes: a writer SIGKILLed at random moments
//! never leaves a record that fails to load or loses an acknowledged annotation, and two
//! processes annotating the same report keep every annotation.
//!
//! The writer is this test binary itself, re-executed with `CHILD_ENV` set so that
//! [`child_writer`] acts as the writer process; it prints `ACK <id> <n>` once each save has
//! returned.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nianbao::model::{Report, Template};
use nianbao::review::{AnnotationId, AnnotationState, STORE_ENV, Store, Target};

/// Set in a child process: `<agency>|<tag>|<count>`.
const CHILD_ENV: &str = "NIANBAO_REVIEW_TEST_CHILD";

const KILL_ITERATIONS: usize = 200;
const CONCURRENT_WRITERS: usize = 2;
const WRITES_PER_WRITER: usize = 100;

fn report(agency: &str) -> Report {
    let mut r = Report::empty(Template::V2019);
    r.meta.agency = Some(agency.into());
    r.meta.year = Some(2020);
    r.source.path = format!("{agency}.txt");
    r.source.sha256 = "5a".repeat(32);
    r
}

fn note_text(tag: &str, n: usize) -> String {
    format!("第{n}条批注（{tag}）\n请核对本年新收申请数")
}

/// The writer process. In a normal test run `CHILD_ENV` is unset and this returns at once.
#[test]
fn child_writer() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut parts = spec.splitn(3, '|');
    let (agency, tag, count) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().and_then(|c| c.parse().ok()).unwrap_or(0usize),
    );
    // The store comes from NIANBAO_STORE, as in real use.
    let store = Store::open(Store::default_dir(None).unwrap()).unwrap();
    let r = report(agency);
    let mut out = std::io::stdout().lock();
    for n in 0..count {
        let target = Target::Cell {
            id: "apply.new.total".into(),
        };
        let id = store
            .annotate(&r, target, &note_text(tag, n), AnnotationState::Open, tag)
            .unwrap();
        writeln!(out, "ACK {} {n}", id.0).unwrap();
        out.flush().unwrap();
    }
}

fn spawn_writer(store_dir: &Path, agency: &str, tag: &str, count: usize) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_writer", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, format!("{agency}|{tag}|{count}"))
        .env(STORE_ENV, store_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The `(id, n)` pairs of complete `ACK` lines; a line cut by the kill is not acknowledged.
fn read_acks(child: &mut Child) -> std::thread::JoinHandle<Vec<(u64, usize)>> {
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut acks = Vec::new();
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            // With --nocapture libtest's `test child_writer ... ` may precede the first ACK.
            let ack = line.find("ACK ").map(|at| &line[at + 4..]);
            if let Some(rest) = ack.and_then(|l| l.strip_suffix('\n')) {
                let mut it = rest.split(' ').map(|x| x.parse::<u64>().unwrap());
                acks.push((it.next().unwrap(), it.next().unwrap() as usize));
            }
            line.clear();
        }
        acks
    })
}

/// xorshift64*, seeded from the clock (or `NIANBAO_KILL_SEED` to replay a run).
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("NIANBAO_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        println!("kill test seed: {seed} (set NIANBAO_KILL_SEED to replay)");
        Rng(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

fn leftover_temp_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count()
}

#[test]
fn sigkill_at_random_moments_never_tears_a_record_or_loses_an_acknowledged_annotation() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut rng = Rng::new();
    let started = Instant::now();
    // Acknowledged annotations per record: id → text.
    let mut acknowledged: BTreeMap<String, BTreeMap<u64, String>> = BTreeMap::new();
    let (mut acked, mut cut_mid_save) = (0, 0);
    for i in 0..KILL_ITERATIONS {
        // A fresh record every 50 kills, so records of several sizes are cut.
        let agency = format!("测试区行政审批服务局{}", i / 50);
        let tag = format!("k{i}");
        let mut child = spawn_writer(dir.path(), &agency, &tag, 10_000);
        let acks = read_acks(&mut child);
        std::thread::sleep(Duration::from_micros(2_000 + rng.below(48_000)));
        child.kill().unwrap();
        child.wait().unwrap();
        let acks = acks.join().unwrap();
        if leftover_temp_files(dir.path()) > 0 {
            cut_mid_save += 1;
        }

        let r = report(&agency);
        let expected = acknowledged.entry(agency.clone()).or_default();
        for (id, n) in acks {
            expected.insert(id, note_text(&tag, n));
            acked += 1;
        }
        let record = match store.load(&r) {
            Ok(rec) => rec,
            Err(e) => panic!("iteration {i}: the record does not load after SIGKILL: {e}"),
        };
        let Some(record) = record else {
            assert!(
                expected.is_empty(),
                "iteration {i}: acknowledged notes but no record"
            );
            continue;
        };
        for (id, text) in expected.iter() {
            let a = record.annotation(AnnotationId(*id));
            assert_eq!(
                a.map(|a| &a.text),
                Some(text),
                "iteration {i}: acknowledged annotation #{id} lost"
            );
        }
    }
    // The next save under the lock clears what the killed writers left half-written.
    for agency in acknowledged.keys() {
        store.open_report(&report(agency), &[], "parent").unwrap();
    }
    assert_eq!(leftover_temp_files(dir.path()), 0);
    println!(
        "kill test: {KILL_ITERATIONS} SIGKILLs, {acked} acknowledged annotations all kept, \
         {cut_mid_save} kills left a half-written temporary file, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        acked > 0,
        "no child ever acknowledged a save: the kills came too early"
    );
}

#[test]
fn two_processes_annotating_the_same_report_keep_every_annotation() {
    let dir = tempfile::tempdir().unwrap();
    let agency = "并发测试局";
    let started = Instant::now();
    let mut children: Vec<_> = (0..CONCURRENT_WRITERS)
        .map(|w| {
            let tag = format!("w{w}");
            let mut child = spawn_writer(dir.path(), agency, &tag, WRITES_PER_WRITER);
            let acks = read_acks(&mut child);
            (tag, child, acks)
        })
        .collect();
    let mut expected = BTreeMap::new();
    for (tag, child, _) in children.iter_mut() {
        assert!(child.wait().unwrap().success(), "writer {tag} failed");
    }
    for (tag, _, acks) in children {
        let acks = acks.join().unwrap();
        assert_eq!(acks.len(), WRITES_PER_WRITER, "writer {tag}");
        for (id, n) in acks {
            assert!(
                expected.insert(id, note_text(&tag, n)).is_none(),
                "id #{id} given twice"
            );
        }
    }
    let store = Store::open(dir.path()).unwrap();
    let record = store.load(&report(agency)).unwrap().unwrap();
    assert_eq!(
        record.annotations.len(),
        CONCURRENT_WRITERS * WRITES_PER_WRITER
    );
    for (id, text) in &expected {
        assert_eq!(&record.annotation(AnnotationId(*id)).unwrap().text, text);
    }
    assert_eq!(record.revisions.len(), 1);
    // One audit entry per annotation, plus the revision.
    assert_eq!(
        record.audit.len(),
        CONCURRENT_WRITERS * WRITES_PER_WRITER + 1
    );
    println!(
        "concurrency test: {CONCURRENT_WRITERS} processes × {WRITES_PER_WRITER} annotations \
         = {} kept, {:.1} s",
        expected.len(),
        started.elapsed().as_secs_f64()
    );
}
