//! Characters that show as nothing: taken out of what is read, in every format.
//!
//! A web page copied to text, or a CMS's HTML, leaves zero-width characters about (`0\u{200b}`
//! in a cell that showed `0`, a line of nothing but a zero-width space between two rows, a
//! byte-order mark at every line's end where files were pasted together). The reader sees
//! them as nothing and so must the parser: kept, a cell reads as unreadable, a blank line is
//! not blank, a heading is not found, and every table after it is misread.
//!
//! Only characters that never change what is shown are removed. The bidirectional controls
//! (U+200E/F, U+202A–202E, U+2066–2069) reorder what is shown: what they show is not what they
//! hold, so they stay, and the cell or label holding one is not read (the sanitizer shows them
//! escaped wherever the text is printed).

/// Whether a character shows as nothing: soft hyphen, zero-width space, non-joiner and
/// joiner, word joiner, and the byte-order mark (zero-width no-break space) inside a text.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// `text` without its invisible characters; the same string, not copied, when it has none
/// (nearly every report).
pub fn remove(text: String) -> String {
    if !holds_any(text.as_bytes()) {
        return text;
    }
    text.chars().filter(|&c| !is_invisible(c)).collect()
}

/// Whether UTF-8 `bytes` hold an invisible character. The byte-order mark is looked for
/// whole (its lead byte EF starts every full-width comma and bracket of Chinese text); the
/// others start with C2 or E2, rare in Chinese text but for quotation marks and dashes, and
/// only those places are looked at. Both searches are vectorised.
fn holds_any(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, "\u{feff}".as_bytes()).is_some()
        || memchr::memchr2_iter(0xC2, 0xE2, bytes).any(|i| {
            matches!(
                bytes.get(i..(i + 3).min(bytes.len())),
                Some([0xC2, 0xAD, ..] | [0xE2, 0x80, 0x8B..=0x8D] | [0xE2, 0x81, 0xA0])
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Characters near the invisible ones in code or in UTF-8 (same lead bytes), and the
    /// invisible ones.
    const NEAR: [char; 20] = [
        'a', '0', ' ', '\t', '\n', '，', '“', '”', '—', '（', '\u{a0}', '\u{ac}', '\u{ad}',
        '\u{200a}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{200e}', '\u{2060}', '\u{feff}',
    ];

    proptest::proptest! {
        /// Whatever the text, the quick test for invisible characters agrees with a look at
        /// every character, and removing them leaves every other character in order.
        #[test]
        fn the_byte_search_finds_what_the_characters_hold(
            chars in proptest::collection::vec(
                proptest::prop_oneof![proptest::sample::select(&NEAR[..]), proptest::char::any()],
                0..24,
            )
        ) {
            let s: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(holds_any(s.as_bytes()), s.chars().any(is_invisible));
            let plain: String = s.chars().filter(|&c| !is_invisible(c)).collect();
            proptest::prop_assert_eq!(remove(s), plain);
        }
    }

    #[test]
    fn only_what_shows_as_nothing_is_removed() {
        assert_eq!(
            remove("0\u{200b}\n\u{feff}\n规\u{200d}章".into()),
            "0\n\n规章"
        );
        // Bidirectional controls change what is shown: they stay.
        let bidi = "1\u{202e}2\u{200e}3\u{2066}";
        assert_eq!(remove(bidi.into()), bidi);
        assert_eq!(remove("“是”——（无）".into()), "“是”——（无）");
    }
}
