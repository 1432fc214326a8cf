//! Cell values: lex what a cell wrote into a count, a signed change, an amount, a blank or an
//! unreadable text. Numbers are lexed strictly here before `Decimal` sees them, because
//! `Decimal::from_str` also accepts forms (`1_000`, `1e3`) no report means.

use crate::fast_str::Trim;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::normalize::{fold_char, fold_compact, is_han, is_numeral};
use crate::model::{Cell, CellStatus, Location};

/// Units a cell may carry after its number, longest first.
const UNITS: [&str; 10] = ["万元", "元", "件", "个", "项", "次", "条", "家", "人", "篇"];

/// Texts that mean "nothing to report": read as blank.
const PLACEHOLDERS: [&str; 9] = ["—", "——", "-", "--", "–", "/", "无", "－", "―"];

/// How a cell's text reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Lexed {
    /// Nothing, white space or a placeholder.
    Blank,
    /// A number, with the unit written after it.
    Number(Decimal, Option<String>),
    /// Text that is not a number.
    Unreadable,
}

/// Lex a cell's text.
pub fn lex(raw: &str) -> Lexed {
    let folded = fold_compact(raw);
    if folded.is_empty() || PLACEHOLDERS.contains(&folded.as_ref()) {
        return Lexed::Blank;
    }
    lex_number(&folded).map_or(Lexed::Unreadable, |(v, u)| Lexed::Number(v, u))
}

fn lex_number(s: &str) -> Option<(Decimal, Option<String>)> {
    let (negative, rest) = split_sign(s);
    let (body, unit) = UNITS
        .iter()
        .find_map(|u| rest.strip_suffix(u).map(|b| (b, Some((*u).to_owned()))))
        .unwrap_or((rest, None));
    let plain = strict_digits(body)?;
    let mut value = Decimal::from_str(&plain).ok()?;
    if negative {
        value.set_sign_negative(true);
    }
    Some((value, unit))
}

fn split_sign(s: &str) -> (bool, &str) {
    for (prefix, negative) in [
        ("增加", false),
        ("减少", true),
        ("+", false),
        ("-", true),
        ("增", false),
        ("减", true),
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            return (negative, rest);
        }
    }
    (false, s)
}

/// `1,234.50` → `1234.50`; `None` unless the text is digits, well-placed thousands separators
/// and at most one decimal point with digits on both sides.
fn strict_digits(s: &str) -> Option<String> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int.is_empty()
        || frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let groups: Vec<&str> = int.split(',').collect();
    let well_grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    if !well_grouped || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    // Decimal holds 28 digits; longer runs are not a cell value anyway.
    if int.len() + frac.map_or(0, str::len) > 24 {
        return None;
    }
    let mut out: String = groups.concat();
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// Whether a token reads as a table cell rather than a label or prose: blank, a placeholder,
/// a number, or a short digit-bearing text with no words in it (`:2`, `1O`).
pub fn is_cell_like(raw: &str) -> bool {
    // Most tokens are plain digits or prose; settle both without allocating.
    if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        return raw.len() <= 24;
    }
    // An ideograph that is no sign, unit or placeholder makes it words, whatever else it
    // holds: settled before folding the text into a new string, and first, as it settles a
    // label at its first ideograph.
    if raw
        .chars()
        .map(fold_char)
        .any(|c| is_han(c) && !is_cell_unit(c) && !matches!(c, '加' | '少' | '无'))
    {
        return false;
    }
    if raw.chars().filter(|c| !c.is_whitespace()).nth(40).is_some() {
        return false;
    }
    let folded = fold_compact(raw);
    if folded.is_empty() || PLACEHOLDERS.contains(&folded.as_ref()) {
        return true;
    }
    if is_numbering(&folded) {
        return false;
    }
    if lex_number(&folded).is_some() || is_not_applicable(&folded) {
        return true;
    }
    let han = folded
        .chars()
        .filter(|&c| is_han(c) && !is_cell_unit(c))
        .count();
    han == 0 && folded.chars().count() <= 16 && folded.chars().any(|c| c.is_ascii_digit())
}

/// An ideograph a cell may hold beside its number: a sign or a unit (`增3`, `5件`, `12万元`).
fn is_cell_unit(c: char) -> bool {
    matches!(
        c,
        '增' | '减' | '元' | '万' | '件' | '个' | '项' | '次' | '条' | '家' | '人' | '篇'
    )
}

/// `N/A` typed in a cell: an unreadable cell in its place, so the cells after it are not
/// shifted into the wrong row.
fn is_not_applicable(folded: &str) -> bool {
    folded.eq_ignore_ascii_case("n/a") || folded.eq_ignore_ascii_case("na")
}

/// One Chinese numeral (`一` typed for 1) standing in a table position (a tab or pipe field):
/// an unreadable cell, not label text. Only in a grid position: on a line of its own it is
/// as likely a character of a label a PDF set vertically (`三` / `、` / `本` / `年` …).
pub fn is_numeral_filler(raw: &str) -> bool {
    let mut chars = raw.trim_ws().chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => is_numeral(c) || matches!(c, '〇' | '零'),
        _ => false,
    }
}

/// `1.`, `1、`, `（1）`, `(2)`: list numbering, a label's prefix rather than a value.
pub fn is_numbering(folded: &str) -> bool {
    let inner = folded
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .map(|s| (s, true))
        .unwrap_or((folded, false));
    let (body, bracketed) = inner;
    let digits = body.trim_end_matches(['.', '、', ',']);
    let punct = digits.len() != body.len();
    (bracketed || punct)
        && !digits.is_empty()
        && digits.len() <= 2
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A cell read from its text at a place in the source.
pub fn cell_from(raw: &str, location: Option<Location>) -> Cell {
    let kept = raw.trim_ascii_ws();
    // Plain digits, most cells: what `lex` would read, without folding into new strings.
    if !kept.is_empty()
        && kept.len() <= 24
        && kept.bytes().all(|b| b.is_ascii_digit())
        && let Ok(v) = Decimal::from_str(kept)
    {
        return Cell::number(kept, v, location);
    }
    match lex(kept) {
        Lexed::Blank => Cell::blank(kept, location),
        Lexed::Number(v, unit) => {
            let mut cell = Cell::number(kept, v, location);
            cell.unit = unit;
            cell
        }
        Lexed::Unreadable => Cell {
            status: CellStatus::Unreadable,
            ..Cell::blank(kept, location)
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Option<String> {
        match lex(s) {
            Lexed::Number(v, _) => Some(v.to_string()),
            _ => None,
        }
    }

    #[test]
    fn numbers_signs_units_and_separators_read() {
        assert_eq!(num("１２３"), Some("123".into()));
        assert_eq!(num("+102"), Some("102".into()));
        assert_eq!(num("增42"), Some("42".into()));
        assert_eq!(num("减3"), Some("-3".into()));
        assert_eq!(num("1,234,567"), Some("1234567".into()));
        assert_eq!(num("968775.75"), Some("968775.75".into()));
        assert_eq!(num("251000元"), Some("251000".into()));
        assert_eq!(num("　0"), Some("0".into()));
    }

    #[test]
    fn placeholders_are_blank_and_junk_unreadable() {
        for s in ["", "　", "—", "-", "/", "无"] {
            assert_eq!(lex(s), Lexed::Blank, "{s:?}");
        }
        for s in [":2", "1_000", "1e3", "12,34", "1.", "N/A"] {
            assert_eq!(lex(s), Lexed::Unreadable, "{s:?}");
        }
    }

    #[test]
    fn numbering_is_not_a_cell() {
        assert!(!is_cell_like("1."));
        assert!(!is_cell_like("（1）"));
        assert!(is_cell_like(":2"));
        assert!(!is_cell_like("一"));
        assert!(is_numeral_filler("一"));
        assert!(!is_numeral_filler("一、"));
        assert!(is_cell_like("N/A"));
        assert!(!is_cell_like("一、"));
        assert!(!is_cell_like("一是"));
        assert!(!is_cell_like("本年新收"));
    }
}
