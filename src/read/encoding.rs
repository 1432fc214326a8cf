//! Bytes → `String`: the byte-order mark first, then strict UTF-8, then strict GB18030 (which
//! covers GBK and GB2312), and UTF-16 without a BOM when the NUL pattern leaves no doubt.
//! Line breaks come out as `\n`.

use std::borrow::Cow;

/// How a file's bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (Notepad's old default).
    Utf8Bom,
    /// GB18030, which also reads GBK and GB2312 files.
    Gb18030,
    /// UTF-16 little-endian (Windows "Unicode"), with or without a BOM.
    Utf16Le,
    /// UTF-16 big-endian, with or without a BOM.
    Utf16Be,
    /// Another charset an HTML page declared (Big5, windows-1252 …), by its WHATWG name.
    Declared(&'static encoding_rs::Encoding),
}

impl TextEncoding {
    /// The name recorded in [`crate::model::SourceInfo::encoding`].
    pub fn as_str(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Gb18030 => "gb18030",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::Declared(e) => e.name(),
        }
    }
}

/// Why bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText(pub String);

/// A charset hint from outside the bytes themselves (an HTML `<meta charset>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// No declaration.
    None,
    /// The declared encoding.
    Declared(&'static encoding_rs::Encoding),
}

/// Decode `bytes` to text with `\n` line breaks, or say why they are not text.
///
/// Valid UTF-8 wins over any declaration: GBK-declared pages saved as UTF-8 are common, while
/// real GBK text is almost never valid UTF-8, and reading UTF-8 as GBK gives silent mojibake.
pub fn decode(bytes: &[u8], hint: Hint) -> Result<(String, TextEncoding), NotText> {
    if let Some((enc, bom_len)) = bom(bytes) {
        let body = &bytes[bom_len..];
        let text = match enc {
            TextEncoding::Utf8Bom => utf8(body)
                .map(Cow::Borrowed)
                .map_err(|e| utf8_error(body, &e))?,
            TextEncoding::Utf16Le => decode_utf16(body, true)?,
            _ => decode_utf16(body, false)?,
        };
        check_controls(&text)?;
        return Ok((normalise_breaks(&text).into_owned(), enc));
    }
    if bytes.contains(&0) {
        let Some(enc) = bomless_utf16(bytes) else {
            return Err(NotText(
                "binary data (NUL bytes, and not UTF-16 text)".into(),
            ));
        };
        let text = decode_utf16(bytes, enc == TextEncoding::Utf16Le)?;
        check_controls(&text)?;
        return Ok((normalise_breaks(&text).into_owned(), enc));
    }
    let (text, enc) = match utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), TextEncoding::Utf8),
        Err(e) => {
            // A declared multi-byte charset (Big5 …) goes before GB18030, which would also
            // accept most of its bytes; a declared single-byte one accepts anything, so it is
            // only the fallback.
            let declared = match hint {
                Hint::Declared(d)
                    if d != encoding_rs::UTF_8
                        && d != encoding_rs::GBK
                        && d != encoding_rs::GB18030
                        && d != encoding_rs::UTF_16LE
                        && d != encoding_rs::UTF_16BE =>
                {
                    Some(d)
                }
                _ => None,
            };
            let try_declared = |d: &'static encoding_rs::Encoding| {
                d.decode_without_bom_handling_and_without_replacement(bytes)
                    .map(|s| (s, TextEncoding::Declared(d)))
            };
            if let Some(found) = declared
                .filter(|d| !d.is_single_byte())
                .and_then(try_declared)
            {
                found
            } else if looks_like_damaged_utf8(bytes) {
                return Err(utf8_error(bytes, &e));
            } else if let Some(s) =
                encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
            {
                (s, TextEncoding::Gb18030)
            } else if let Some(found) = declared.and_then(try_declared) {
                found
            } else {
                return Err(NotText(format!(
                    "not valid UTF-8 (first bad byte at offset {}) nor GB18030/GBK; \
                     save it again as UTF-8",
                    e.valid_up_to()
                )));
            }
        }
    };
    check_controls(&text)?;
    let text = match normalise_breaks(&text) {
        Cow::Borrowed(_) => text.into_owned(),
        Cow::Owned(s) => s,
    };
    Ok((text, enc))
}

/// `str::from_utf8`, with the common case (valid) checked by `simdutf8`, several times
/// faster on Chinese text; the standard library only explains an error.
fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(_) => std::str::from_utf8(bytes),
    }
}

/// The encoding a byte-order mark announces, and the mark's length.
fn bom(bytes: &[u8]) -> Option<(TextEncoding, usize)> {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => Some((TextEncoding::Utf8Bom, 3)),
        [0xFF, 0xFE, ..] => Some((TextEncoding::Utf16Le, 2)),
        [0xFE, 0xFF, ..] => Some((TextEncoding::Utf16Be, 2)),
        _ => None,
    }
}

/// Strict UTF-16 decoding (unpaired surrogates and an odd byte count are errors).
fn decode_utf16(body: &[u8], little_endian: bool) -> Result<Cow<'static, str>, NotText> {
    if !body.len().is_multiple_of(2) {
        return Err(NotText(
            "UTF-16 text with an odd number of bytes (truncated?)".into(),
        ));
    }
    let units = body.chunks_exact(2).map(|p| {
        if little_endian {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map(Cow::Owned)
        .map_err(|_| NotText("invalid UTF-16 (an unpaired surrogate)".into()))
}

/// UTF-16 saved without a BOM: nearly every NUL sits at the same parity, as ASCII characters
/// give one zero byte per unit. Chinese-only UTF-16 has few NULs but then reports always carry
/// ASCII digits, so the pattern shows.
fn bomless_utf16(bytes: &[u8]) -> Option<TextEncoding> {
    if !bytes.len().is_multiple_of(2) || bytes.len() < 4 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let units = bytes.len() / 2;
    // A NUL pair would be a U+0000 character: binary, not text.
    if bytes.chunks_exact(2).any(|p| p == [0, 0]) {
        return None;
    }
    // Chinese characters such as 开 (U+5F00) put a few NULs on the other parity.
    if odd * 10 >= units && odd >= 8 * even {
        Some(TextEncoding::Utf16Le)
    } else if even * 10 >= units && even >= 8 * odd {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// Mostly valid multi-byte UTF-8 with a few bad bytes: a damaged UTF-8 file, which GB18030
/// would happily turn into mojibake.
fn looks_like_damaged_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    let (mut good_multibyte, mut bad) = (0usize, 0usize);
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good_multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                good_multibyte += std::str::from_utf8(valid)
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                bad += 1;
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = after.get(skip..).unwrap_or(&[]);
                if rest.is_empty() {
                    break;
                }
            }
        }
    }
    good_multibyte >= 20 && bad * 100 <= good_multibyte
}

/// A one-line account of where UTF-8 broke, with the line number.
fn utf8_error(bytes: &[u8], e: &std::str::Utf8Error) -> NotText {
    let at = e.valid_up_to();
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    NotText(format!(
        "looks like UTF-8 but has an invalid byte at offset {at} (line {line}); \
         the file is damaged or mixes encodings"
    ))
}

/// Reject text full of control characters: a binary file that happened to decode.
/// Tabs, line breaks, form feeds (pdftotext's page breaks) and vertical tabs (Word's manual
/// line breaks) are ordinary in reports. A byte scan, so the common case stays cheap.
fn check_controls(text: &str) -> Result<(), NotText> {
    let controls = count_controls(text.as_bytes());
    if controls == usize::MAX {
        return Err(NotText("binary data (NUL characters)".into()));
    }
    if controls <= 2 {
        return Ok(());
    }
    let chars = text.chars().count();
    if controls > chars / 100 + 2 {
        return Err(NotText(format!(
            "binary data ({controls} control characters in {chars})"
        )));
    }
    Ok(())
}

/// Control characters (C0 but tab and breaks, DEL, C1) and replacement characters in valid
/// UTF-8; `usize::MAX` for a NUL. The C0 controls and DEL are looked for eight bytes at a
/// time (a table look-up a byte was most of reading a file); C1 controls (C2 80..C2 9F) and
/// U+FFFD (EF BF BD) by vectorised searches for their rare first bytes, as Chinese text is
/// full of other EF-led characters (，：（）).
fn count_controls(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const LOWS: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // Each byte's high bit set where the byte is below `n` (n <= 0x80), exactly: no borrow
    // crosses bytes, as every byte of `w | HIGHS` is at least 0x80.
    let below = |w: u64, n: u8| !((w | HIGHS) - ONES * u64::from(n)) & !w & HIGHS;
    // Each byte's high bit set where the byte is zero, exactly.
    let zero = |w: u64| !(((w & LOWS) + LOWS) | w) & HIGHS;
    let word_controls = |w: u64| -> Option<u32> {
        if below(w, 1) != 0 {
            return None;
        }
        // Below 0x20 but not tab, line feed, vertical tab, form feed or carriage return.
        let breaks = below(w, 0x0E) & !below(w, 0x09);
        let c0 = below(w, 0x20) & !breaks;
        let del = zero(w ^ (ONES * 0x7F));
        Some((c0 | del).count_ones())
    };
    let mut controls = 0usize;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        match word_controls(w) {
            Some(n) => controls += n as usize,
            None => return usize::MAX,
        }
    }
    let mut tail = [0x20u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    match word_controls(u64::from_le_bytes(tail)) {
        Some(n) => controls += n as usize,
        None => return usize::MAX,
    }
    let c1 = memchr::memchr_iter(0xC2, bytes)
        .filter(|&i| bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
        .count();
    let replacement = memchr::memmem::find_iter(bytes, "\u{FFFD}".as_bytes()).count();
    controls + c1 + replacement
}

/// CRLF, CR, vertical tab and the Unicode line/paragraph separators → `\n`. Form feeds are
/// page breaks, left for [`super::form_feeds`].
/// Borrowed when there is nothing to change, which is the common case.
pub fn normalise_breaks(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    // Vectorised searches: the text is read whole for this, once per file.
    let needs = memchr::memchr2(b'\r', b'\x0b', bytes).is_some()
        || memchr::memmem::find(bytes, "\u{2028}".as_bytes()).is_some()
        || memchr::memmem::find(bytes, "\u{2029}".as_bytes()).is_some();
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\x0b' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The charset an HTML page declares in its first 4 KB (`<meta charset=gbk>` or
/// `content="text/html; charset=gb2312"`), as `encoding_rs` resolves the label.
pub fn html_declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"charset") {
        let mut i = from + pos + b"charset".len();
        from = i;
        while lower.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        if lower.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while lower
            .get(i)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
        {
            i += 1;
        }
        let start = i;
        while lower
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
        {
            i += 1;
        }
        if let Some(enc) = encoding_rs::Encoding::for_label(&lower[start..i]) {
            return Some(enc);
        }
    }
    None
}

/// Byte-substring search; inputs here are a few KB at most.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::count_controls;

    /// The plain reading of what [`count_controls`] counts, one character at a time.
    fn naive(text: &str) -> usize {
        if text.contains('\0') {
            return usize::MAX;
        }
        text.chars()
            .filter(|&c| {
                (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}'))
                    || ('\u{7F}'..='\u{9F}').contains(&c)
                    || c == '\u{FFFD}'
            })
            .count()
    }

    #[test]
    fn counts_as_the_characters_say() {
        for text in [
            "",
            "一、总体情况\t12\r\n",
            "a\u{1}b\u{7F}c\u{85}d\u{9F}\u{A0}\u{FFFD}\u{FFFC}\u{FEFF}",
            "\u{C0}\u{C2}\u{80}",
            "x\0y",
            "\u{FFFD}\u{FFFD}\u{FFFD}",
        ] {
            assert_eq!(count_controls(text.as_bytes()), naive(text), "{text:?}");
        }
    }

    proptest::proptest! {
        /// Any mix of controls, breaks, C1 and replacement characters and their neighbours
        /// (C2 A0, EF BC 8C, EF BF BC), at any offset from the eight-byte words the count
        /// reads.
        #[test]
        fn any_text_counts_as_the_characters_say(
            text in "([\\x01-\\x20\\x7e\\x7f\\u{80}-\\u{a0}\\u{fffc}-\\u{fffe}，一a]){0,40}"
        ) {
            proptest::prop_assert_eq!(count_controls(text.as_bytes()), naive(&text));
        }

        /// A NUL anywhere, in a word or in the tail, says binary.
        #[test]
        fn a_nul_anywhere_says_binary(text in "[\\x01-\\x7f一]{0,30}", at in 0usize..31) {
            let mut text = text;
            let at = (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            text.insert(at, '\0');
            proptest::prop_assert_eq!(count_controls(text.as_bytes()), usize::MAX);
        }
    }
}
