//! The content hash of `review-states.md`: what was read, independent of the file it came
//! from. The same report as `.txt`, `.docx`, `.html` and `.pdf` has four revision hashes (the
//! files' bytes) and, when it reads to the same cells and text, one content hash.

use sha2::{Digest, Sha256};

use super::{CellStatus, Report};
use crate::fast_str::Trim;

impl Report {
    /// SHA-256 (lower-case hex) of the canonical form of what was read: the template, every
    /// cell id with its value and status, and each section's text with white space removed,
    /// page-number lines left out and full-width forms folded to their ASCII equivalents.
    pub fn content_hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"nianbao-content-1\n");
        h.update(self.meta.template.as_str().as_bytes());
        h.update(b"\n");
        for (id, cell) in &self.cells {
            h.update(id.as_bytes());
            h.update(b"=");
            if let Some(v) = cell.value {
                h.update(v.normalize().to_string().as_bytes());
            }
            h.update(b":");
            h.update(status_name(&cell.status).as_bytes());
            h.update(b"\n");
        }
        for s in &self.sections {
            h.update(s.id.as_str().as_bytes());
            h.update(b"|");
            let mut buf = [0u8; 4];
            // A page number (`- 4 -`) is the printer's, not the report's: a text export of a
            // PDF keeps it where the PDF reader drops it.
            let text = s.text.lines().filter(|l| !is_page_number(l));
            for c in text
                .flat_map(str::chars)
                .filter(|c| !c.is_whitespace())
                .map(fold_width)
            {
                h.update(c.encode_utf8(&mut buf).as_bytes());
            }
            h.update(b"\n");
        }
        hex(&h.finalize())
    }
}

fn status_name(s: &CellStatus) -> &'static str {
    match s {
        CellStatus::Value => "value",
        CellStatus::Blank => "blank",
        CellStatus::Unreadable => "unreadable",
        CellStatus::Ambiguous => "ambiguous",
        CellStatus::Missing => "missing",
    }
}

/// Full-width ASCII forms to ASCII (the "width" of the canonical form).
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    }
}

/// A page number as printed: `- 4 -`, `-4-`, `— 5 —`, `第 3 页`, `第3页 共12页`, `3 / 12`, its
/// digits ASCII or full-width. The printer's, not the report's: left out of the content hash,
/// dropped by the PDF reader, skipped among a table's cells.
pub fn is_page_number(line: &str) -> bool {
    is_page_number_trimmed(line.trim_ws())
}

/// [`is_page_number`] of a line already trimmed. It runs on every line of every table, so
/// most lines are settled by their first character's bytes (a page number opens with a dash
/// `-—–─－`, a digit or 第), and the table's numbers by the slash only `3 / 12` has.
#[inline]
pub(crate) fn is_page_number_trimmed(t: &str) -> bool {
    match t.as_bytes() {
        [b'-', ..]
        | [0xE2, 0x80, 0x93 | 0x94, ..]
        | [0xE2, 0x94, 0x80, ..]
        | [0xEF, 0xBC, 0x8D | 0x90..=0x99, ..]
        | [0xE7, 0xAC, 0xAC, ..] => {
            // 第 opens many a heading (第二十条): a page's opens 第 and holds 页.
            (!t.starts_with('第') || t.contains('页')) && page_number_words(t)
        }
        [b'0'..=b'9', rest @ ..] => rest.contains(&b'/') && page_number_words(t),
        _ => false,
    }
}

fn page_number_words(t: &str) -> bool {
    const DASHES: &[char] = &['-', '—', '–', '－', '─'];
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    if t.len() > 128 {
        return false;
    }
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if t.chars().count() > 16 {
        return false;
    }
    let digits = |s: &str| !s.is_empty() && s.chars().count() <= 4 && s.chars().all(is_digit);
    if let Some(inner) = t
        .strip_prefix(DASHES)
        .and_then(|s| s.trim_start_matches(DASHES).strip_suffix(DASHES))
    {
        return digits(inner.trim_end_matches(DASHES));
    }
    if let Some(rest) = t.strip_prefix('第') {
        let (n, rest) = rest.split_once('页').unwrap_or((rest, "?"));
        let total_ok = rest.is_empty()
            || rest
                .trim_start_matches(['，', ','])
                .strip_prefix('共')
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(digits);
        return digits(n) && total_ok;
    }
    t.split_once('/')
        .is_some_and(|(a, b)| digits(a) && digits(b))
}

/// Lower-case hex of some bytes (hashes, fingerprints): two digits a byte, looked up (every
/// finding's fingerprint is written this way; the formatting machinery cost more).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::{hex, is_page_number};

    #[test]
    fn hex_is_two_lower_case_digits_a_byte() {
        let all: Vec<u8> = (0..=255).collect();
        let expected: String = all.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex(&all), expected);
        assert_eq!(hex(&[]), "");
    }
    use crate::model::{Report, Template};

    #[test]
    fn page_numbers_in_the_forms_printers_use() {
        for yes in [
            "- 4 -",
            "- 1-",
            "-4-",
            "— 5 —",
            "－3－",
            "第 3 页",
            "第3页共12页",
            "第 3 页，共 12 页",
            "3 / 12",
            "- １２ -",
            "\u{3000}－３－\u{3000}",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in [
            "-",
            "4",
            "一、总体情况",
            "- 2024年 -",
            "第二十条",
            "1.本机关不掌握",
            "12345",
            "- 12345 -",
            "-3",
            "2021/1/5",
            "第3页共",
        ] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn same_content_same_hash_other_bytes_other_hash() {
        let mut a = Report::empty(Template::V2021);
        a.source.sha256 = "aaaa".into();
        a.sections[0].text = "本年度 我局　认真做好ＡＢ工作".into();
        let mut b = a.clone();
        b.source.sha256 = "bbbb".into();
        b.source.path = "other.docx".into();
        b.sections[0].text = "本年度我局\n认真做好AB工作".into();
        assert_eq!(a.content_hash(), b.content_hash());
        b.cells.get_mut("apply.new.total").unwrap().value = Some(3.into());
        assert_ne!(a.content_hash(), b.content_hash());
    }
}
