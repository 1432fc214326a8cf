//! Text → diff tokens that read well for Chinese, with the key each token is compared by and
//! the weight it carries in the similarity ratio.

/// What a character is for tokenising.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Digit,
    Latin,
    Space,
    Other,
}

/// The CJK unified ideographs: most of a report's characters, each a token of its own, read
/// straight from their bytes where that is quicker ([`ideograph_at`]).
pub(super) const IDEOGRAPHS: std::ops::RangeInclusive<char> = '\u{4E00}'..='\u{9FFF}';

fn class(ch: char) -> Class {
    // Most characters are Chinese: settle them before the Unicode white-space lookup.
    if IDEOGRAPHS.contains(&ch) {
        Class::Other
    } else if ch.is_ascii_digit() || ('０'..='９').contains(&ch) {
        Class::Digit
    } else if ch.is_ascii_alphabetic() || ('Ａ'..='Ｚ').contains(&ch) || ('ａ'..='ｚ').contains(&ch)
    {
        Class::Latin
    } else if ch.is_whitespace() {
        Class::Space
    } else {
        Class::Other
    }
}

/// Split text into diff tokens: a digit run (`1234`, `968775.75`), a Latin word or a run of
/// white space is one token, every other character (each Chinese character) one of its own.
/// A decimal point between digits stays in the number, so `1.属于` is `1`, `.`, `属`, `于`.
pub(super) fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 2);
    out.extend(Tokens::new(text));
    out
}

/// The tokens of [`tokens`] one at a time, for callers that only count them (no vector).
pub(super) struct Tokens<'a> {
    text: &'a str,
    /// Byte offset of the next token.
    at: usize,
}

impl<'a> Tokens<'a> {
    pub(super) fn new(text: &'a str) -> Tokens<'a> {
        Tokens { text, at: 0 }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.text.get(self.at..)?;
        // Most characters are ideographs, each a token of its own: settled at once.
        if ideograph_at(rest.as_bytes()).is_some() {
            self.at += 3;
            return rest.get(..3);
        }
        let mut chars = rest.char_indices().peekable();
        let (_, ch) = chars.next()?;
        let kind = class(ch);
        let mut end = ch.len_utf8();
        if kind != Class::Other {
            while let Some(&(i, next)) = chars.peek() {
                let joins = class(next) == kind
                    || (kind == Class::Digit
                        && matches!(next, '.' | '．')
                        && rest[i + next.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(|after| class(after) == Class::Digit));
                if !joins {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
        }
        self.at += end;
        Some(&rest[..end])
    }
}

/// The ideograph ([`IDEOGRAPHS`], U+4E00..=U+9FFF) that `bytes` start with: three bytes led
/// by E4..E9, read without decoding a character.
fn ideograph_at(bytes: &[u8]) -> Option<char> {
    let &[b0, b1, b2, ..] = bytes else {
        return None;
    };
    if !(0xE4..=0xE9).contains(&b0) {
        return None;
    }
    let c = (u32::from(b0 & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
    char::from_u32(c).filter(|ch| IDEOGRAPHS.contains(ch))
}

/// Whether a token is one ideograph: most tokens, settled before any character is decoded.
fn is_ideograph(token: &str) -> bool {
    token.len() == 3 && ideograph_at(token.as_bytes()).is_some()
}

/// What a token is compared by: every number alike (so `2020年` lines up with `2021年` and
/// a section copied with only its figures changed reads as a copy), every run of white space
/// alike (so re-wrapped lines still line up), anything else by its text.
pub(super) fn key(token: &str) -> &str {
    if is_ideograph(token) {
        return token;
    }
    match token.chars().next().map(class) {
        Some(Class::Digit) => "#",
        Some(Class::Space) => " ",
        _ => token,
    }
}

/// A token's key as [`key`] gives it, with its [`weight`] implied: one character (a number
/// as `#`) weighs 1, a longer key (a Latin word) its characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key<'a> {
    Char(char),
    Word(&'a str),
}

/// The keys of a text's tokens that weigh something (white space left out), each token's
/// first character decoded once: what counting keys needs, cheaper than `key` and `weight`.
pub(super) fn keys(text: &str) -> Keys<'_> {
    Keys {
        tokens: Tokens::new(text),
    }
}

/// See [`keys`].
pub(super) struct Keys<'a> {
    tokens: Tokens<'a>,
}

impl<'a> Iterator for Keys<'a> {
    type Item = Key<'a>;

    fn next(&mut self) -> Option<Key<'a>> {
        loop {
            // An ideograph is a token and a key of its own, read straight from its bytes: most
            // of the text.
            let at = self.tokens.at;
            if let Some(ch) = self.tokens.text.as_bytes().get(at..).and_then(ideograph_at) {
                self.tokens.at += 3;
                return Some(Key::Char(ch));
            }
            let token = self.tokens.next()?;
            let mut chars = token.chars();
            let first = chars.next()?;
            return Some(match class(first) {
                Class::Space => continue,
                Class::Digit => Key::Char('#'),
                _ if chars.as_str().is_empty() => Key::Char(first),
                _ => Key::Word(token),
            });
        }
    }
}

/// What a token counts for in the similarity ratio: a number one character (whatever its
/// digits), white space nothing, anything else its characters.
pub(super) fn weight(token: &str) -> usize {
    if is_ideograph(token) {
        return 1;
    }
    match token.chars().next().map(class) {
        Some(Class::Digit) => 1,
        Some(Class::Space) | None => 0,
        _ => token.chars().count(),
    }
}

/// Whether a clause ends with this token: a sentence or clause mark (。；！？，、： and their
/// ASCII forms, not `.`, which is also a decimal point) or white space holding a line break.
/// Clauses are the coarse units the diff lines up first (see `similarity.rs`).
pub(super) fn ends_clause(token: &str) -> bool {
    if is_ideograph(token) {
        return false;
    }
    // One decode of the first character rather than a dozen string compares per token.
    let mut chars = token.chars();
    match chars.next() {
        Some('。' | '；' | '！' | '？' | '，' | '、' | '：' | ';' | '!' | '?' | ',' | ':') => {
            chars.as_str().is_empty()
        }
        Some(c) => c.is_whitespace() && token.contains('\n'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens as first cut, a character class at a time, with no shortcut for ideographs.
    fn plain_tokens(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(ch) = text[at..].chars().next() {
            let kind = class(ch);
            let mut end = at + ch.len_utf8();
            if kind != Class::Other {
                while let Some(next) = text[end..].chars().next() {
                    let after = text[end + next.len_utf8()..].chars().next();
                    let joins = class(next) == kind
                        || (kind == Class::Digit
                            && matches!(next, '.' | '．')
                            && after.is_some_and(|a| class(a) == Class::Digit));
                    if !joins {
                        break;
                    }
                    end += next.len_utf8();
                }
            }
            out.push(&text[at..end]);
            at = end;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn tokens_are_cut_by_class(
            picks in proptest::collection::vec(
                proptest::sample::select(vec![
                    "年", "申", "一", "\u{9FFF}", "\u{4E00}", "\u{3400}", "1", "２", ".", "．", "a",
                    "Ｚ", " ", "\n", "\u{3000}", "，", "。", "、",
                ]),
                0..30,
            )
        ) {
            let text: String = picks.concat();
            proptest::prop_assert_eq!(tokens(&text), plain_tokens(&text));
        }
    }

    #[test]
    fn ideographs_are_read_from_their_bytes_as_decoded() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("{c}x");
            let want = ('\u{4E00}'..='\u{9FFF}').contains(&c).then_some(c);
            assert_eq!(IDEOGRAPHS.contains(&c), want.is_some());
            assert_eq!(ideograph_at(s.as_bytes()), want, "{c:?}");
            assert_eq!(is_ideograph(c.encode_utf8(&mut [0; 4])), want.is_some());
            if want.is_some() {
                assert_eq!((key(&s[..3]), weight(&s[..3])), (&s[..3], 1));
                assert!(!ends_clause(&s[..3]));
            }
        }
    }

    #[test]
    fn numbers_and_latin_words_are_single_tokens() {
        assert_eq!(
            tokens("共1234件，金额968775.75元，PDF格式，1.属于"),
            [
                "共",
                "1234",
                "件",
                "，",
                "金",
                "额",
                "968775.75",
                "元",
                "，",
                "PDF",
                "格",
                "式",
                "，",
                "1",
                ".",
                "属",
                "于"
            ]
        );
    }

    #[test]
    fn clause_ends_are_the_marks_and_line_breaks() {
        let ends = [
            "。", "；", "！", "？", "，", "、", "：", ";", "!", "?", ",", ":", " \n", "\n",
        ];
        for t in ends {
            assert!(ends_clause(t), "{t:?}");
        }
        for t in ["", ".", "。。", "，a", " ", "\u{3000}", "a\n", "年", "12"] {
            assert!(!ends_clause(t), "{t:?}");
        }
    }

    #[test]
    fn keys_are_key_and_weight_of_each_token() {
        let text = "共1234件，金额968775.75元，PDF格式 A，\n 1.属于 ＡＢ１２";
        let plain: Vec<(&str, usize)> = tokens(text)
            .into_iter()
            .map(|t| (key(t), weight(t)))
            .filter(|(_, w)| *w > 0)
            .collect();
        let counted: Vec<(String, usize)> = keys(text)
            .map(|k| match k {
                Key::Char(c) => (c.to_string(), 1),
                Key::Word(w) => (w.to_string(), weight(w)),
            })
            .collect();
        let plain: Vec<(String, usize)> = plain.into_iter().map(|(k, w)| (k.into(), w)).collect();
        assert_eq!(counted, plain);
    }

    #[test]
    fn numbers_and_white_space_compare_alike_and_weigh_one_and_nothing() {
        assert_eq!(key("2020"), key("１２"));
        assert_eq!(key("\n\t"), key("\u{3000}"));
        assert_ne!(key("年"), key("月"));
        assert_eq!(
            [
                weight("968775.75"),
                weight("\n "),
                weight("PDF"),
                weight("年")
            ],
            [1, 0, 3, 1]
        );
    }
}
