//! Characters that show as nothing (zero-width spaces and joiners, byte-order marks, soft
//! hyphens), wherever a copied web page or a pasted-together file leaves them, change nothing
//! that is read: every seed and corpus text, with them after every number, at every line's
//! start and end, alone on the blank lines, or every few characters, reads to the same text,
//! cells and findings as without them. Kept, they made cells unreadable and blank lines not
//! blank, and misread every table after (an error on every cell, wrong values).

#[path = "support/corpus.rs"]
mod corpus;

use nianbao::model::Report;
use nianbao::rules::{Finding, RuleSet};
use proptest::prelude::*;

/// A way a text comes with invisible characters in it: its name, and the text so placed.
type Placing = (&'static str, fn(&str) -> String);

/// Ways a text comes with invisible characters in it.
const PLACINGS: [Placing; 5] = [
    ("after every digit run", |t| {
        let mut out = String::new();
        let mut chars = t.chars().peekable();
        while let Some(c) = chars.next() {
            out.push(c);
            if c.is_ascii_digit() && !chars.peek().is_some_and(char::is_ascii_digit) {
                out.push('\u{200b}');
            }
        }
        out
    }),
    ("at every line's start", |t| {
        t.split('\n')
            .map(|l| format!("\u{200b}{l}"))
            .collect::<Vec<_>>()
            .join("\n")
    }),
    ("at every line's end", |t| t.replace('\n', "\u{feff}\n")),
    ("alone on the blank lines", |t| {
        t.replace("\n\n", "\n\u{2060}\n")
    }),
    ("every seventh character", |t| {
        t.chars()
            .enumerate()
            .flat_map(|(i, c)| {
                let add = (i % 7 == 3 && c != '\n').then_some(['\u{200d}', '\u{ad}'][i % 2]);
                std::iter::once(c).chain(add)
            })
            .collect()
    }),
];

fn read(name: &str, bytes: &[u8]) -> (String, Report, Vec<Finding>) {
    let source = nianbao::read::read_bytes(name, bytes).expect("reads");
    let report = nianbao::parse::parse(&source);
    let findings = nianbao::rules::check(&report, None, &RuleSet::builtin());
    (source.text, report, findings)
}

/// What a reading gives, apart from where the file was.
fn outcome(report: &Report, findings: &[Finding]) -> String {
    format!(
        "{:?}\n{:?}\n{:?}",
        report.meta,
        report
            .schema()
            .cells
            .iter()
            .map(|c| report.cell(&c.id))
            .collect::<Vec<_>>(),
        findings
    )
}

#[test]
fn invisible_characters_anywhere_read_as_nothing() {
    let files = corpus::text_reports();
    assert!(files.len() >= 15, "the samples and corpus texts: {files:?}");
    let mut placed = [0; PLACINGS.len()];
    for path in files {
        let clean = std::fs::read_to_string(&path).expect("utf-8 text");
        assert!(
            !clean.contains(['\u{200b}', '\u{feff}']),
            "{}",
            path.display()
        );
        let name = path.display().to_string();
        let (text, report, findings) = read(&name, clean.as_bytes());
        let expected = outcome(&report, &findings);
        for (i, (how, place)) in PLACINGS.iter().enumerate() {
            let with = place(&clean);
            if with == clean {
                // A text with no blank line has no place for one of them.
                continue;
            }
            placed[i] += 1;
            let (t, r, f) = read(&name, with.as_bytes());
            assert_eq!(t, text, "{name}, {how}: the text read");
            assert_eq!(
                outcome(&r, &f),
                expected,
                "{name}, {how}: cells and findings"
            );
        }
    }
    assert!(
        placed.iter().all(|&n| n >= 10),
        "each placing tried: {placed:?}"
    );
}

/// A page whose cells hold `&#8203;` (a CMS marks its table cells so) and whose text has BOMs
/// in it reads as the page without them.
#[test]
fn a_web_page_with_zero_width_entities_reads_as_without_them() {
    let page = include_str!("../samples/zhoucun-approval-2020.html");
    let marked = page
        .replace("</td>", "&#8203;</td>")
        .replace("<p", "\u{feff}<p");
    assert_ne!(marked, page);
    let (text, report, findings) = read("page.html", page.as_bytes());
    let (t, r, f) = read("page.html", marked.as_bytes());
    assert_eq!(t, text);
    assert_eq!(outcome(&r, &f), outcome(&report, &findings));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Invisible characters at any places of a seed: the same text read.
    #[test]
    fn invisible_characters_at_any_places_are_taken_out(
        at in prop::collection::vec((any::<prop::sample::Index>(), 0..6usize), 1..40)
    ) {
        const INVISIBLE: [char; 6] = ['\u{ad}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}'];
        let clean = include_str!("../samples/hengshan-approval-2020.txt");
        let mut chars: Vec<char> = clean.chars().collect();
        for (i, which) in at {
            let i = i.index(chars.len() + 1);
            chars.insert(i, INVISIBLE[which]);
        }
        let with: String = chars.into_iter().collect();
        let a = nianbao::read::read_bytes("r.txt", clean.as_bytes()).expect("reads").text;
        let b = nianbao::read::read_bytes("r.txt", with.as_bytes()).expect("reads").text;
        prop_assert_eq!(a, b);
    }
}
