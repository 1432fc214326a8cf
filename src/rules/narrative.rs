//! `narrative.*`, `s5.rectification`, `s6.fees`: what the prose says, against the tables.
//!
//! Text is cut into sentences (。！？；) and clauses (，,：:), each with its source line. The
//! words that count — negations, keywords, counters — come from the rule file.

use std::cell::OnceCell;

use crate::fast_str::{Trim, split_newlines};

use rust_decimal::Decimal;

use super::expr::{self, Term};
use super::finding::{Finding, fingerprint};
use super::messages::{self, number};
use super::ruleset::Rule;
use super::structure::fold;
use super::{RuleSet, active};
use crate::model::{CellStatus, Report, SectionId, Template};

/// A sum of cells, resolved for one template: (negative?, cell id).
type Sum = Vec<(bool, String)>;

/// Topic counts and fact sums of the narrative rules, resolved per template once.
#[derive(Debug, Default)]
pub(crate) struct NarrativeSet {
    /// `narrative.contradiction` topic counts, in topic order, per template.
    topics: [Vec<Sum>; 2],
    /// `narrative.numbers` alternatives, in fact order, per template.
    facts: [Vec<Vec<Sum>>; 2],
    /// Every word of the topics and facts, searched in one pass per clause.
    lexicon: Lexicon,
    /// Per topic: its keyword, negation and exclude lists in `lexicon`.
    topic_lists: Vec<[usize; 3]>,
    /// Per fact: its keyword and exclude lists in `lexicon`.
    fact_lists: Vec<[usize; 2]>,
}

/// The words of the narrative rules, deduplicated, with the word lists that name them.
/// One clause is searched once for all of them (instead of once per word, which was a fifth
/// of a whole `check` run); a list's first word is then read off the matches.
#[derive(Debug, Default)]
struct Lexicon {
    /// The distinct non-empty words; a match's id is its index here.
    words: Vec<String>,
    /// All words at once; `None` only if the automaton cannot be built (then a plain scan).
    automaton: Option<crate::fast_str::Words>,
    /// Each list's word ids (lists are short: a few words).
    lists: Vec<Vec<usize>>,
    /// By word id: whether it is a topic's or a fact's keyword. A clause without one states
    /// nothing (a topic is tested from its keyword on, a number is read only after a fact's
    /// keyword), so a paragraph without one is not cut into clauses.
    keyword: Vec<bool>,
    /// The shortest keyword's length in bytes (`usize::MAX` without keywords).
    shortest_keyword: usize,
    /// The keywords alone, for [`Lexicon::any_keyword`]: a vectorised search (Teddy) that
    /// skips the bytes no keyword can start at, where the word DFA reads every byte. `None`
    /// where it cannot be built (too many keywords, no SIMD): then the DFA walk.
    keywords: Option<aho_corasick::packed::Searcher>,
}

/// A word found in a clause: byte start, byte end, word id.
type Hit = (usize, usize, usize);

impl Lexicon {
    /// Register a word list; its index for [`Lexicon::first`].
    fn add_list(&mut self, words: &[String]) -> usize {
        let mut ids = Vec::new();
        for w in words.iter().filter(|w| !w.is_empty()) {
            let id = match self.words.iter().position(|x| x == w) {
                Some(id) => id,
                None => {
                    self.words.push(w.clone());
                    self.words.len() - 1
                }
            };
            ids.push(id);
        }
        self.lists.push(ids);
        self.lists.len() - 1
    }

    /// [`Lexicon::add_list`] for a list of keywords.
    fn add_keywords(&mut self, words: &[String]) -> usize {
        let list = self.add_list(words);
        self.keyword.resize(self.words.len(), false);
        for &id in &self.lists[list] {
            self.keyword[id] = true;
        }
        list
    }

    /// Build the automaton once every list is in.
    fn finish(&mut self) {
        self.automaton = crate::fast_str::Words::new(&self.words);
        self.keyword.resize(self.words.len(), false);
        self.shortest_keyword = (self.words.iter().zip(&self.keyword))
            .filter(|(_, k)| **k)
            .map(|(w, _)| w.len())
            .min()
            .unwrap_or(usize::MAX);
        let keywords = (self.words.iter().zip(&self.keyword)).filter_map(|(w, k)| k.then_some(w));
        self.keywords = aho_corasick::packed::Config::new()
            .builder()
            .extend(keywords)
            .build();
    }

    /// Every occurrence of every word in `text`, overlapping ones too, by start then end.
    fn scan(&self, text: &str, hits: &mut Vec<Hit>) {
        hits.clear();
        match &self.automaton {
            Some(words) => {
                words.each(text, |start, end, id| {
                    hits.push((start, end, id));
                    true
                });
                hits.sort_unstable();
            }
            None => {
                for (start, _) in text.char_indices() {
                    for (id, w) in self.words.iter().enumerate() {
                        if text[start..].starts_with(w.as_str()) {
                            hits.push((start, start + w.len(), id));
                        }
                    }
                }
            }
        }
    }

    /// Whether any keyword occurs in `text`: the search for all the words, stopped at the
    /// first keyword (one automaton serves both, built once a run).
    fn any_keyword(&self, text: &str) -> bool {
        // A text shorter than every keyword (a table's `0`) holds none.
        if text.len() < self.shortest_keyword {
            return false;
        }
        // Any occurrence of a keyword is found by a leftmost search as well: it reports one.
        if let Some(keywords) = &self.keywords {
            return keywords.find(text).is_some();
        }
        match &self.automaton {
            Some(words) => {
                let mut found = false;
                words.each(text, |_, _, id| {
                    found = self.keyword[id];
                    !found
                });
                found
            }
            None => {
                (self.words.iter().zip(&self.keyword)).any(|(w, k)| *k && text.contains(w.as_str()))
            }
        }
    }

    /// What `first_of(&text[from..], list)` gives, in `text`'s offsets: the earliest word of
    /// the list starting at or after `from` (the shortest of those starting there).
    fn first(&self, hits: &[Hit], list: usize, from: usize) -> Option<(usize, usize)> {
        let ids = self.lists.get(list)?;
        let mut best: Option<(usize, usize)> = None;
        for &(start, end, id) in hits {
            if start < from {
                continue;
            }
            if let Some((b, _)) = best
                && start > b
            {
                break;
            }
            if ids.contains(&id) {
                best = Some(best.map_or((start, end), |b| b.min((start, end))));
            }
        }
        best
    }
}

fn slot(t: Template) -> usize {
    match t {
        Template::V2019 => 0,
        Template::V2021 => 1,
    }
}

fn resolve(text: &str, template: Template) -> Result<Sum, String> {
    let terms = expr::parse_sum(text).map_err(|e| format!("`{text}`: {e}"))?;
    let schema = template.schema();
    let mut sum = Vec::new();
    for term in terms {
        match term {
            Term::Cells(sign, p) if !p.prior && p.vars().next().is_none() => {
                let id = p.to_string();
                if id.contains('*') {
                    // `apply.denied.*.total`: every cell of the template the pattern names.
                    for (_, c) in schema.matching(&id) {
                        sum.push((sign < 0, c.id.clone()));
                    }
                } else if schema.cell(&id).is_some() {
                    sum.push((sign < 0, id));
                }
            }
            _ => {
                return Err(format!(
                    "`{text}`: only cell ids of this report may be summed here"
                ));
            }
        }
    }
    Ok(sum)
}

/// Check a narrative rule's sums when its file is loaded.
pub(crate) fn validate(rule: &Rule) -> Result<(), String> {
    let texts = rule
        .topics
        .iter()
        .map(|t| &t.count)
        .chain(rule.facts.iter().flat_map(|f| &f.expected));
    for text in texts {
        let mut any = false;
        for t in [Template::V2019, Template::V2021] {
            any |= !resolve(text, t)?.is_empty();
        }
        if !any {
            return Err(format!("`{text}` names no cell"));
        }
    }
    Ok(())
}

impl NarrativeSet {
    pub(crate) fn compile(rules: &[Rule]) -> NarrativeSet {
        let mut set = NarrativeSet::default();
        let find = |id: &str| rules.iter().find(|r| r.id == id);
        for t in [Template::V2019, Template::V2021] {
            if let Some(rule) = find("narrative.contradiction") {
                set.topics[slot(t)] = rule
                    .topics
                    .iter()
                    .map(|topic| resolve(&topic.count, t).unwrap_or_default())
                    .collect();
            }
            if let Some(rule) = find("narrative.numbers") {
                set.facts[slot(t)] = rule
                    .facts
                    .iter()
                    .map(|f| {
                        f.expected
                            .iter()
                            .map(|e| resolve(e, t).unwrap_or_default())
                            .collect()
                    })
                    .collect();
            }
        }
        let lex = &mut set.lexicon;
        if let Some(rule) = find("narrative.contradiction") {
            set.topic_lists = rule
                .topics
                .iter()
                .map(|t| {
                    [
                        lex.add_keywords(&t.keywords),
                        lex.add_list(&t.negations),
                        lex.add_list(&t.exclude),
                    ]
                })
                .collect();
        }
        if let Some(rule) = find("narrative.numbers") {
            set.fact_lists = rule
                .facts
                .iter()
                .map(|f| [lex.add_keywords(&f.keywords), lex.add_list(&f.exclude)])
                .collect();
        }
        lex.finish();
        set
    }
}

/// A sum's value, blanks as 0; `None` when a cell does not read.
fn value(report: &Report, sum: &Sum) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    for (negative, id) in sum {
        let cell = report.cell(id)?;
        let v = match cell.status {
            CellStatus::Value => cell.value?,
            CellStatus::Blank => Decimal::ZERO,
            _ => return None,
        };
        total += if *negative { -v } else { v };
    }
    Some(total)
}

/// One clause of the prose, with the sentence it belongs to and the line it starts on.
struct Clause {
    /// Its paragraph, shared by every clause of it: a clause and its sentence are ranges of
    /// it, so the prose is held once however many clauses it has.
    paragraph: std::rc::Rc<str>,
    text: std::ops::Range<usize>,
    /// Index of its sentence in the section's sentences.
    sentence_id: usize,
    sentence: std::ops::Range<usize>,
    /// Index of the section text's line it starts on; its source line is found only when a
    /// finding quotes it (see [`Prose::line`]).
    text_line: Option<usize>,
}

impl Clause {
    /// The clause, its closing comma or colon left out.
    fn text(&self) -> &str {
        &self.paragraph[self.text.clone()]
    }

    /// Its whole sentence, trimmed, its closing stop left out.
    fn sentence(&self) -> &str {
        &self.paragraph[self.sentence.clone()]
    }
}

/// The first 16 characters of a line, trimmed: what is looked for in the report's lines.
fn needle_of(text: &str) -> &str {
    let trimmed = text.trim_ws();
    let end = trimmed
        .char_indices()
        .nth(16)
        .map_or(trimmed.len(), |(i, _)| i);
    &trimmed[..end]
}

/// The source line of the `index`-th line of a section's text: the first report line from
/// the section's heading on that holds the line's first 16 characters, else counted from the
/// heading. This is the plain way; [`SectionLines`] gives the same answer faster.
fn line_of(report: &Report, section: SectionId, index: usize, text: &str) -> Option<usize> {
    let s = report.section(section);
    let guess = s.line.map(|l| l + 1 + index);
    let needle = needle_of(text);
    if report.lines.is_empty() || needle.is_empty() {
        return guess;
    }
    let from = s.line.unwrap_or(1).saturating_sub(1);
    report.lines.find(from, needle).map(|i| i + 1).or(guess)
}

/// Character buckets of a [`Signatures`] index.
const BUCKETS: usize = 128;

fn bucket(c: char) -> usize {
    // Fibonacci hashing: the top 7 bits of the product.
    (u32::from(c).wrapping_mul(0x9E37_79B9) >> 25) as usize
}

/// Which rows hold a character of each bucket, one bit per row: a row can hold a text only
/// if it has a character of each of the text's buckets, so one AND per character of the
/// text and word of rows rules out nearly every row without reading it.
struct Signatures {
    /// `u64` words per bucket.
    words: usize,
    /// Bucket `b`'s bits are `bits[b * words..(b + 1) * words]`.
    bits: Vec<u64>,
}

impl Signatures {
    fn new<'a>(rows: impl ExactSizeIterator<Item = &'a str>) -> Signatures {
        let words = rows.len().div_ceil(64);
        let mut bits = vec![0u64; BUCKETS * words];
        for (r, row) in rows.enumerate() {
            for c in row.chars() {
                bits[bucket(c) * words + r / 64] |= 1 << (r % 64);
            }
        }
        Signatures { words, bits }
    }

    /// The first row at or before `last` that holds `needle` (not empty).
    fn first(&self, rows: &[&str], last: usize, needle: &str) -> Option<usize> {
        let used = (last / 64 + 1).min(self.words);
        let mut candidates = vec![u64::MAX; used];
        if let Some(w) = candidates.get_mut(last / 64) {
            // Rows past `last` are not candidates.
            *w = u64::MAX >> (63 - last % 64);
        }
        for c in needle.chars() {
            let row_bits = &self.bits[bucket(c) * self.words..][..used];
            for (acc, b) in candidates.iter_mut().zip(row_bits) {
                *acc &= b;
            }
        }
        for (w, &word) in candidates.iter().enumerate() {
            let mut left = word;
            while left != 0 {
                let r = w * 64 + left.trailing_zeros() as usize;
                if rows.get(r).is_some_and(|row| row.contains(needle)) {
                    return Some(r);
                }
                left &= left - 1;
            }
        }
        None
    }
}

/// The source lines of one section's text lines, as [`line_of`] finds them.
///
/// A section's text is usually the report's lines after its heading, verbatim. Then the line
/// a text line is found on is at the latest its own, so only the heading and the section's
/// earlier lines need searching, and a [`Signatures`] index of them answers at once (the
/// plain search, from the heading through the rest of the report for each line, was a
/// tenth of a `check`). Any other section (a report read as one line) takes the plain way.
struct SectionLines<'a> {
    report: &'a Report,
    section: SectionId,
    /// The section's text, line by line.
    lines: Vec<&'a str>,
    /// The heading's line, then the section's lines, when they are the report's own.
    rows: Vec<&'a str>,
    /// Index (0-based) of the heading's line in the report.
    from: usize,
    index: Option<Signatures>,
}

impl<'a> SectionLines<'a> {
    fn new(report: &'a Report, section: SectionId, text: &'a str) -> SectionLines<'a> {
        let s = report.section(section);
        let from = s.line.unwrap_or(1).saturating_sub(1);
        let lines: Vec<&str> = split_newlines(text).collect();
        let own = || report.lines.iter().skip(from);
        let verbatim = report.lines.len().saturating_sub(from) > lines.len()
            && own().skip(1).zip(&lines).all(|(a, b)| a == *b);
        let rows: Vec<&str> = if verbatim {
            own().take(lines.len() + 1).collect()
        } else {
            Vec::new()
        };
        let index = verbatim.then(|| Signatures::new(rows.iter().copied()));
        SectionLines {
            report,
            section,
            lines,
            rows,
            from,
            index,
        }
    }

    /// The source line of the section's `index`-th text line.
    fn line(&self, index: usize) -> Option<usize> {
        let text = self.lines.get(index)?;
        let needle = needle_of(text);
        match &self.index {
            // Row `index + 1` is the line itself, which holds its needle.
            Some(sig) if !needle.is_empty() => sig
                .first(&self.rows, index + 1, needle)
                .map(|r| self.from + r + 1),
            _ => line_of(self.report, self.section, index, text),
        }
    }
}

/// A line broken by the page, not by the writer: long, and not ending a sentence or a
/// heading. PDF text wraps sentences (`不予公开答复 2` / `件，…`), so such a line runs on.
fn runs_on(line: &str) -> bool {
    let t = line.trim_ws();
    // Fewer than 20 bytes is fewer than 20 characters: most table rows stop there.
    t.len() >= 20
        && t.chars().count() >= 20
        && !t.ends_with(['。', '！', '？', '；', ';', '!', '?', '：', ':'])
        && !is_heading(t)
}

/// A sub-heading set on its own line (`（三）收到和处理…情况`, `二、…`): numbered, with no
/// sentence or clause inside it. It ends its paragraph even without a full stop.
fn is_heading(line: &str) -> bool {
    let digits = line
        .chars()
        .take_while(|&c| c.is_ascii_digit() || crate::parse::is_numeral(c))
        .count();
    let numbered = line.starts_with(['（', '('])
        || (digits > 0
            && line
                .chars()
                .nth(digits)
                .is_some_and(|c| matches!(c, '、' | '.' | '．')));
    numbered && !line.contains(['。', '，', ','])
}

/// The section's prose as sentences and clauses (，,：:), lines that run on joined to the
/// next, each clause with the line it starts on. Only the paragraphs `wanted` keeps are cut
/// (a rule reads a clause only when its paragraph holds one of the rule's words), so most
/// paragraphs are never allocated; sentence ids stay distinct across the paragraphs kept.
fn clauses(text: &str, mut wanted: impl FnMut(&str) -> bool) -> Vec<Clause> {
    let mut out = Vec::new();
    let mut sentence_id = 0;
    // The paragraph being read, and where each text line starts in it (byte offset, index).
    let mut paragraph = String::new();
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut open = false;
    for (index, line) in split_newlines(text).enumerate() {
        let trimmed = line.trim_ws();
        if trimmed.is_empty() {
            open = false;
            continue;
        }
        if !open && !paragraph.is_empty() {
            if wanted(&paragraph) {
                cut(&paragraph, &starts, &mut sentence_id, &mut out);
            }
            paragraph.clear();
            starts.clear();
        }
        starts.push((paragraph.len(), index));
        paragraph.push_str(trimmed);
        open = runs_on(trimmed);
    }
    if !paragraph.is_empty() && wanted(&paragraph) {
        cut(&paragraph, &starts, &mut sentence_id, &mut out);
    }
    out
}

/// One paragraph's sentences and clauses, appended to `out`.
fn cut(paragraph: &str, starts: &[(usize, usize)], sentence_id: &mut usize, out: &mut Vec<Clause>) {
    let line_at = |offset: usize| {
        let i = starts.partition_point(|(o, _)| *o <= offset);
        starts.get(i.checked_sub(1)?).map(|(_, l)| *l)
    };
    let shared: std::rc::Rc<str> = paragraph.into();
    // The current sentence's start, its clauses so far (their text, marks left out), and
    // where the next clause starts.
    let mut sentence_from = 0;
    let mut pieces: Vec<std::ops::Range<usize>> = Vec::new();
    let mut clause_from = 0;
    let end = paragraph.len();
    for (mark, after, stop) in Marks::new(paragraph).chain([(end, end, true)]) {
        pieces.push(clause_from..mark);
        clause_from = after;
        if !stop {
            continue;
        }
        let body = &paragraph[sentence_from..mark];
        let start = sentence_from;
        sentence_from = after;
        if body.trim_ws().is_empty() {
            pieces.clear();
            continue;
        }
        *sentence_id += 1;
        let lead = body.len() - body.trim_start_ws().len();
        let whole = start + lead..start + lead + body.trim_ws().len();
        for text in pieces.drain(..) {
            if !paragraph[text.clone()].trim_ws().is_empty() {
                let text_line = line_at(text.start);
                out.push(Clause {
                    paragraph: shared.clone(),
                    text,
                    sentence_id: *sentence_id,
                    sentence: whole.clone(),
                    text_line,
                });
            }
        }
    }
}

/// The sentence stops (。！？；;!?) and clause marks (，,：:) of a text, in order: where each
/// starts and ends, and whether it ends a sentence. Read byte by byte (a character pattern
/// decodes and compares every character): each mark is ASCII or starts with a byte (E3, EF)
/// that in UTF-8 only ever starts a character.
struct Marks<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Marks<'a> {
    fn new(text: &'a str) -> Marks<'a> {
        Marks {
            bytes: text.as_bytes(),
            at: 0,
        }
    }
}

impl Iterator for Marks<'_> {
    type Item = (usize, usize, bool);

    fn next(&mut self) -> Option<(usize, usize, bool)> {
        let b = self.bytes;
        while let Some(&byte) = b.get(self.at) {
            let i = self.at;
            let found = match byte {
                b';' | b'!' | b'?' => Some((1, true)),
                b',' | b':' => Some((1, false)),
                // 。
                0xE3 if b.get(i + 1..i + 3) == Some(&[0x80, 0x82]) => Some((3, true)),
                // ！？； and ，：
                0xEF if b.get(i + 1) == Some(&0xBC) => match b.get(i + 2) {
                    Some(0x81 | 0x9F | 0x9B) => Some((3, true)),
                    Some(0x8C | 0x9A) => Some((3, false)),
                    _ => None,
                },
                _ => None,
            };
            match found {
                Some((len, stop)) => {
                    self.at = i + len;
                    return Some((i, i + len, stop));
                }
                None => self.at = i + 1,
            }
        }
        None
    }
}

/// A prose section cut into clauses. Where a clause stands in the report is found only when a
/// finding quotes it: most clauses never need it.
struct Prose<'r> {
    id: SectionId,
    clauses: Vec<Clause>,
    report: &'r Report,
    lines: OnceCell<SectionLines<'r>>,
}

impl<'r> Prose<'r> {
    fn new(report: &'r Report, id: SectionId, wanted: impl FnMut(&str) -> bool) -> Prose<'r> {
        Prose {
            id,
            clauses: clauses(&report.section(id).text, wanted),
            report,
            lines: OnceCell::new(),
        }
    }

    /// The source line a clause starts on.
    fn line(&self, clause: &Clause) -> Option<usize> {
        let lines = self.lines.get_or_init(|| {
            SectionLines::new(self.report, self.id, &self.report.section(self.id).text)
        });
        lines.line(clause.text_line?)
    }
}

/// Sections whose prose speaks of applications, reviews and lawsuits.
const PROSE: [SectionId; 5] = [
    SectionId::S1,
    SectionId::S3,
    SectionId::S4,
    SectionId::S5,
    SectionId::S6,
];

fn first_of(text: &str, words: &[String]) -> Option<(usize, usize)> {
    words
        .iter()
        .filter(|w| !w.is_empty())
        .filter_map(|w| text.find(w.as_str()).map(|p| (p, p + w.len())))
        .min()
}

fn quote_of(sentence: &str) -> String {
    sentence.trim_ws().to_string()
}

pub(crate) fn check(report: &Report, rules: &RuleSet, out: &mut Vec<Finding>) {
    let t = report.meta.template;
    let contradiction = active(rules, "narrative.contradiction", t);
    let numbers = active(rules, "narrative.numbers", t);
    let year_rule = active(rules, "narrative.year", t);
    let stated = contradiction.is_some() || numbers.is_some();
    // Each prose section is cut into clauses once, for every rule that reads them.
    // A comparison export interleaves two years' prose: which year a sentence speaks of is
    // not known, so its numbers are not held against one year's tables.
    let several_years = report.notes.iter().any(|n| n.kind == "multi_year");
    let read_statements = stated && !several_years;
    let lexicon = &rules.inner.narrative.lexicon;
    let prose: Vec<Prose<'_>> = if stated || year_rule.is_some() {
        PROSE
            .into_iter()
            .filter(|&id| report.section(id).present)
            .filter(|&id| stated || id == SectionId::S5)
            .map(|id| {
                // A statement needs a keyword; a year planned, 年 in section 五.
                let plans = year_rule.is_some() && id == SectionId::S5;
                let wanted = |p: &str| {
                    (read_statements && lexicon.any_keyword(p)) || (plans && p.contains('年'))
                };
                Prose::new(report, id, wanted)
            })
            .collect()
    } else {
        Vec::new()
    };
    if read_statements {
        statements(report, rules, contradiction, numbers, &prose, out);
    }
    if let Some(rule) = year_rule
        && let Some(s5) = prose.iter().find(|p| p.id == SectionId::S5)
    {
        year(report, rule, s5, out);
    }
    for (id, section) in [
        ("s5.rectification", SectionId::S5),
        ("s6.fees", SectionId::S6),
    ] {
        if let Some(rule) = active(rules, id, t) {
            let s = report.section(section);
            if s.present && first_of(&s.text, &rule.keywords).is_none() {
                let (m, m_en) = messages::both(rule, &[], &[]);
                out.push(messages::finding(
                    rule,
                    Vec::new(),
                    Some(section),
                    m,
                    m_en,
                    s.line,
                ));
            }
        }
    }
}

fn nonzero_cells(report: &Report, sum: &Sum) -> Vec<String> {
    let nonzero: Vec<String> = sum
        .iter()
        .filter(|(_, id)| report.value(id).is_some_and(|v| !v.is_zero()))
        .map(|(_, id)| id.clone())
        .collect();
    if nonzero.is_empty() {
        sum.iter().map(|(_, id)| id.clone()).collect()
    } else {
        nonzero
    }
}

fn labels(report: &Report, cells: &[String], en: bool) -> String {
    let schema = report.schema();
    let items: Vec<String> = cells
        .iter()
        .map(|c| {
            let v = report.value(c).map(number).unwrap_or_else(|| "0".into());
            if en {
                format!("{} {v}", messages::cell_label_en(schema, c))
            } else {
                format!("{}{v}", messages::cell_label(schema, c))
            }
        })
        .collect();
    items.join(if en { ", " } else { "、" })
}

#[allow(clippy::too_many_arguments)]
fn statement_finding(
    rule: &Rule,
    report: &Report,
    cells: Vec<String>,
    prose: &Prose<'_>,
    clause: &Clause,
    alt: Option<&str>,
    values: &[(&str, &str)],
    values_en: &[(&str, &str)],
) -> Finding {
    let section = prose.id;
    let quote = quote_of(clause.sentence());
    let source_line = prose.line(clause);
    let line = source_line
        .map(|l| l.to_string())
        .unwrap_or_else(|| "?".into());
    let cell_zh = labels(report, &cells, false);
    let cell_en = labels(report, &cells, true);
    let mut v = vec![
        ("quote", quote.as_str()),
        ("line", line.as_str()),
        ("cells", cell_zh.as_str()),
    ];
    v.extend_from_slice(values);
    let mut v_en = vec![
        ("quote", quote.as_str()),
        ("line", line.as_str()),
        ("cells", cell_en.as_str()),
    ];
    v_en.extend_from_slice(values_en);
    let (m, m_en) = match alt {
        Some(key) => messages::both_alt(rule, key, &v, &v_en),
        None => messages::both(rule, &v, &v_en),
    };
    let mut f = messages::finding(rule, cells.clone(), Some(section), m, m_en, source_line);
    // Two statements about the same cells differ by what they say.
    let mut key = cells;
    key.push(quote.clone());
    f.fingerprint = fingerprint(&rule.id, &key, Some(section));
    f.quote = Some(quote);
    f
}

fn statements(
    report: &Report,
    rules: &RuleSet,
    contradiction: Option<&Rule>,
    numbers: Option<&Rule>,
    prose: &[Prose<'_>],
    out: &mut Vec<Finding>,
) {
    let t = report.meta.template;
    let set = &rules.inner.narrative;
    let topics = contradiction.map(|r| r.topics.as_slice()).unwrap_or(&[]);
    let facts = numbers
        .or_else(|| rules.rule("narrative.numbers"))
        .map(|r| r.facts.as_slice())
        .unwrap_or(&[]);
    let lex = &set.lexicon;
    let mut hits: Vec<Hit> = Vec::new();
    for section in prose {
        for clause in &section.clauses {
            lex.scan(clause.text(), &mut hits);
            // Every topic and fact needs one of its keywords: most clauses have none.
            if hits.is_empty() {
                continue;
            }
            // "There were none" against a table that counts some.
            if let Some(rule) = contradiction {
                for (i, topic) in topics.iter().enumerate() {
                    let Some(&[kw, neg, exclude]) = set.topic_lists.get(i) else {
                        continue;
                    };
                    // Keywords are fewer than negations: test them first.
                    if lex.first(&hits, kw, 0).is_none() {
                        continue;
                    }
                    let Some((_, neg_end)) = lex.first(&hits, neg, 0) else {
                        continue;
                    };
                    if lex.first(&hits, exclude, 0).is_some() {
                        continue;
                    }
                    if lex.first(&hits, kw, neg_end).is_none() {
                        continue;
                    }
                    let Some(sum) = set.topics[slot(t)].get(i) else {
                        continue;
                    };
                    let Some(count) = value(report, sum) else {
                        continue;
                    };
                    if count > Decimal::ZERO {
                        let c = number(count);
                        out.push(statement_finding(
                            rule,
                            report,
                            nonzero_cells(report, sum),
                            section,
                            clause,
                            None,
                            &[("topic", &topic.name), ("count", &c)],
                            &[("topic_en", &topic.name_en), ("count", &c)],
                        ));
                    }
                }
            }
            // Each stated number against the quantity its words name.
            let ctx = Stated {
                report,
                contradiction,
                numbers,
                facts,
                section,
            };
            for (fact, stated) in stated_facts(set, clause.text(), &hits) {
                compare_fact(&ctx, set, fact, stated, clause, out);
            }
        }
    }
}

/// What comparing a stated number needs besides the number.
struct Stated<'a, 'r> {
    report: &'a Report,
    contradiction: Option<&'a Rule>,
    numbers: Option<&'a Rule>,
    facts: &'a [crate::rules::Fact],
    section: &'a Prose<'r>,
}

/// A stated number against the fact's table sums: silent when one agrees or none reads; the
/// reverse contradiction when the tables count none; else a `narrative.numbers` warning.
fn compare_fact(
    ctx: &Stated<'_, '_>,
    set: &NarrativeSet,
    fact_index: usize,
    stated: Decimal,
    clause: &Clause,
    out: &mut Vec<Finding>,
) {
    let (report, t) = (ctx.report, ctx.report.meta.template);
    let Some(fact) = ctx.facts.get(fact_index) else {
        return;
    };
    let Some(sums) = set.facts[slot(t)].get(fact_index) else {
        return;
    };
    let values: Vec<(Decimal, &Sum)> = sums
        .iter()
        .filter(|s| !s.is_empty())
        .filter_map(|s| value(report, s).map(|v| (v, s)))
        .collect();
    if values.is_empty() || values.iter().any(|(v, _)| *v == stated) {
        return;
    }
    let all_zero = values.iter().all(|(v, _)| v.is_zero());
    let st = number(stated);
    if all_zero && stated > Decimal::ZERO {
        if let Some(rule) = ctx.contradiction {
            let cells = nonzero_cells(report, values[0].1);
            out.push(statement_finding(
                rule,
                report,
                cells,
                ctx.section,
                clause,
                Some("reverse"),
                &[("topic", &fact.name), ("stated", &st)],
                &[("topic_en", &fact.name_en), ("stated", &st)],
            ));
        }
    } else if let Some(rule) = ctx.numbers {
        let table: Vec<String> = values.iter().map(|(v, _)| number(*v)).collect();
        let table = table.join(" / ");
        let mut cells: Vec<String> = Vec::new();
        for (_, s) in &values {
            for (_, id) in s.iter() {
                if !cells.contains(id) {
                    cells.push(id.clone());
                }
            }
        }
        out.push(statement_finding(
            rule,
            report,
            cells,
            ctx.section,
            clause,
            None,
            &[("fact", &fact.name), ("stated", &st), ("table", &table)],
            &[
                ("fact_en", &fact.name_en),
                ("stated", &st),
                ("table", &table),
            ],
        ));
    }
}

/// Words that join two quantities into one number (`予以公开及部分公开 208 件`): a number
/// after such a pair is about their sum, which no fact names, so it is left alone.
const JOINERS: [char; 6] = ['及', '和', '与', '、', '或', '以'];

/// The numbers a clause states with a counter (件, 起, 宗), each with the fact its nearest
/// preceding keyword names (after the previous number): (fact index, number). A number whose
/// words name no fact, or two facts joined (`A及B N 件`), or a word the fact excludes, gives
/// nothing: a sentence not understood is left alone.
fn stated_facts(set: &NarrativeSet, text: &str, hits: &[Hit]) -> Vec<(usize, Decimal)> {
    let lex = &set.lexicon;
    let fact_of = |word: usize| -> Option<usize> {
        set.fact_lists
            .iter()
            .position(|l| lex.lists.get(l[0]).is_some_and(|w| w.contains(&word)))
    };
    let mut out = Vec::new();
    let mut from = 0;
    for (start, end, stated) in counted_numbers(text) {
        let segment_from = from;
        from = end;
        let Some(stated) = stated else { continue };
        // The keyword ending nearest before the number (the longest of those ending there).
        let chosen = hits
            .iter()
            .filter(|h| h.0 >= segment_from && h.1 <= start)
            .filter_map(|h| fact_of(h.2).map(|f| (h, f)))
            .max_by_key(|(h, _)| (h.1, std::cmp::Reverse(h.0)));
        let Some((hit, fact)) = chosen else { continue };
        let joined = hits
            .iter()
            .filter(|h| h.0 >= segment_from && h.1 <= hit.0)
            .filter(|h| fact_of(h.2).is_some_and(|f| f != fact))
            .any(|h| {
                text.get(h.1..hit.0).is_some_and(|gap| {
                    gap.chars()
                        .all(|c| c.is_whitespace() || JOINERS.contains(&c))
                })
            });
        let excluded = set.fact_lists.get(fact).is_some_and(|l| {
            lex.first(hits, l[1], segment_from)
                .is_some_and(|(s, _)| s < end)
        });
        if !joined && !excluded {
            out.push((fact, stated));
        }
    }
    out
}

/// Every number followed by a counter (件, 起, 宗) in a clause: (byte start, byte end after the
/// counter, value). ASCII or full-width digits; spaces and thousands separators inside a
/// number are read through (`1 3 4 件`, `1,234件`). `None` when the digits overflow.
fn counted_numbers(clause: &str) -> Vec<(usize, usize, Option<Decimal>)> {
    let digit = |c: char| match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    };
    let chars: Vec<(usize, char)> = clause.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i].1).is_none() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut n: Option<i64> = Some(0);
        let mut j = i;
        let mut last_digit = i;
        while j < chars.len() {
            let c = chars[j].1;
            if let Some(d) = digit(c) {
                n = n.and_then(|n| n.checked_mul(10)?.checked_add(i64::from(d)));
                last_digit = j;
            } else if !(c.is_whitespace() || matches!(c, ',' | '，')) {
                break;
            }
            j += 1;
        }
        // The counter may follow white space but not a separator.
        let mut k = last_digit + 1;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k < chars.len() && matches!(chars[k].1, '件' | '起' | '宗') {
            let end = chars[k].0 + chars[k].1.len_utf8();
            out.push((start, end, n.map(Decimal::from)));
            i = k + 1;
        } else {
            i = last_digit + 1;
        }
    }
    out
}

/// Section 五 planning the report year itself as the year to come: the first clause that
/// names the report year and then a word of intent.
fn year(report: &Report, rule: &Rule, s5: &Prose<'_>, out: &mut Vec<Finding>) {
    let all = &s5.clauses;
    let Some(y) = report.meta.year else { return };
    let marker = format!("{y}年");
    for (i, clause) in all.iter().enumerate() {
        // Folding keeps 年, so a clause without it cannot name the year: skip the fold.
        if !clause.text().contains('年') {
            continue;
        }
        let folded = fold(clause.text());
        let Some(pos) = folded.find(&marker) else {
            continue;
        };
        let rest = &folded[pos + marker.len()..];
        // `2020年，我局将…`: a year that opens the sentence plans in the clause after it.
        let plans = if rest.trim_start_matches('度').trim_ws().is_empty() {
            all.get(i + 1)
                .filter(|next| next.sentence_id == clause.sentence_id)
                .is_some_and(|next| first_of(&fold(next.text()), &rule.keywords).is_some())
        } else {
            first_of(rest, &rule.keywords).is_some()
        };
        if !plans {
            continue;
        }
        let (year, next) = (y.to_string(), (y + 1).to_string());
        let quote = quote_of(clause.sentence());
        let source_line = s5.line(clause);
        let line = source_line
            .map(|l| l.to_string())
            .unwrap_or_else(|| "?".into());
        let v = [
            ("year", year.as_str()),
            ("next", next.as_str()),
            ("quote", quote.as_str()),
            ("line", line.as_str()),
        ];
        let (m, m_en) = messages::both(rule, &v, &v);
        let mut f = messages::finding(rule, Vec::new(), Some(SectionId::S5), m, m_en, source_line);
        f.quote = Some(quote);
        out.push(f);
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cut` as first written, by the standard library's splits: what the byte scan must give.
    fn cut_by_splits(
        paragraph: &str,
        out: &mut Vec<(std::ops::Range<usize>, usize, std::ops::Range<usize>)>,
    ) {
        let mut sentence_id = 0;
        let mut offset = 0;
        for sentence in paragraph.split_inclusive(['。', '！', '？', '；', ';', '!', '?']) {
            let start = offset;
            offset += sentence.len();
            let body = sentence.trim_end_matches(['。', '！', '？', '；', ';', '!', '?']);
            if body.trim_ws().is_empty() {
                continue;
            }
            sentence_id += 1;
            let lead = body.len() - body.trim_start_ws().len();
            let whole = start + lead..start + lead + body.trim_ws().len();
            let mut at = start;
            for clause in body.split_inclusive(['，', ',', '：', ':']) {
                let clause_start = at;
                at += clause.len();
                let c = clause.trim_end_matches(['，', ',', '：', ':']);
                if !c.trim_ws().is_empty() {
                    out.push((
                        clause_start..clause_start + c.len(),
                        sentence_id,
                        whole.clone(),
                    ));
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn cut_gives_the_splits_clauses(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "。", "！", "？", "；", ";", "!", "?", "，", ",", "：", ":", " ", "\u{3000}",
                    "年", "申请", "12", "a", "、", "．", "（", "）", "\u{FF5E}", "\u{3001}",
                ]),
                0..40,
            )
        ) {
            let paragraph: String = pieces.concat();
            let mut want = Vec::new();
            cut_by_splits(&paragraph, &mut want);
            let mut got = Vec::new();
            let mut id = 0;
            cut(&paragraph, &[(0, 0)], &mut id, &mut got);
            let got: Vec<_> = got
                .iter()
                .map(|c| (c.text.clone(), c.sentence_id, c.sentence.clone()))
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    proptest::proptest! {
        /// A keyword found by the search for every word, stopped at the first keyword, is
        /// what a search for the keywords alone finds: other words (a negation that is part
        /// of a keyword, one that ends where a keyword starts) do not hide one.
        /// Both ways: the vectorised search of the keywords alone (texts long enough for its
        /// SIMD loop, short ones for its fallback), and the word DFA where it cannot be built.
        #[test]
        fn a_keyword_is_found_among_all_the_words(text in "[申请未收到无复议，a ]{0,120}") {
            let mut lexicon = Lexicon::default();
            lexicon.add_list(&["未收到", "无", "收"].map(String::from));
            lexicon.add_keywords(&["申请", "收到"].map(String::from));
            lexicon.add_list(&["复议", "请"].map(String::from));
            lexicon.finish();
            let plain = ["申请", "收到"].iter().any(|k| text.contains(k));
            #[cfg(target_arch = "x86_64")]
            proptest::prop_assert!(lexicon.keywords.is_some());
            proptest::prop_assert_eq!(lexicon.any_keyword(&text), plain);
            lexicon.keywords = None;
            proptest::prop_assert_eq!(lexicon.any_keyword(&text), plain);
        }
    }

    /// A report whose lines are `lines`, with section 一 headed at `heading` (1-based) and
    /// `text` as its body.
    fn report(lines: &[&str], heading: usize, text: &str) -> Report {
        let mut r = Report::empty(Template::V2021);
        r.lines = lines.iter().map(|l| l.to_string()).collect();
        let s = &mut r.sections[SectionId::S1.index()];
        s.present = true;
        s.line = Some(heading);
        s.text = text.to_string();
        r
    }

    /// Every line of the section, the indexed way and the plain way.
    fn both_ways(r: &Report) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
        let text = &r.section(SectionId::S1).text;
        let lines = SectionLines::new(r, SectionId::S1, text);
        let fast = (0..text.split('\n').count())
            .map(|i| lines.line(i))
            .collect();
        let plain = text
            .split('\n')
            .enumerate()
            .map(|(i, l)| line_of(r, SectionId::S1, i, l))
            .collect();
        (fast, plain)
    }

    #[test]
    fn indexed_lines_are_the_plain_search() {
        let mut lines = vec![
            "标题",
            "一、总体情况 0",
            "0",
            "自然人",
            "  0 ",
            "",
            "自然人",
        ];
        // Long lines (past 64 rows, so past one word of the index), some repeated, some
        // holding an earlier line's first characters.
        let long: Vec<String> = (0..90)
            .map(|i| format!("本机关第{}项工作按照要求全面推进，共计{}件。", i % 7, i % 3))
            .collect();
        lines.extend(long.iter().map(String::as_str));
        lines.extend(["共计1件", "本机关第3项", "末行"]);
        let text = lines[2..].join("\n");
        let r = report(&lines, 2, &text);
        let (fast, plain) = both_ways(&r);
        assert!(SectionLines::new(&r, SectionId::S1, &text).index.is_some());
        assert_eq!(fast, plain);
        assert_eq!(fast[0], Some(2), "`0` is first found on the heading's line");
    }

    #[test]
    fn a_section_not_verbatim_is_searched_the_plain_way() {
        let lines = ["一、总体情况", "第一行", "第二行"];
        let r = report(&lines, 1, "第一行\n别的\n第二行");
        assert!(
            SectionLines::new(&r, SectionId::S1, "第一行\n别的\n第二行")
                .index
                .is_none()
        );
        let (fast, plain) = both_ways(&r);
        assert_eq!(fast, plain);
        assert_eq!(fast, [Some(2), Some(3), Some(3)]);
    }
}
