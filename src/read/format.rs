//! What a file is, judged by its content (and its extension only as a tie-breaker): a zip
//! container, a format we cannot read (with advice), HTML, or plain text.

/// What the first bytes say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Container {
    /// A zip archive: a .docx, or another zipped format.
    Zip,
    /// A format we do not read; the reason says what it is and what to do.
    Foreign(String),
    /// Something to decode as text (plain or HTML).
    Text,
    /// A PDF document (`%PDF-` in its first KB).
    Pdf,
}

/// Recognise containers and binary formats by their magic bytes.
pub fn container(bytes: &[u8]) -> Container {
    let foreign = |s: &str| Container::Foreign(s.to_owned());
    // The header may follow a few bytes of junk (the PDF standard allows it in the first KB).
    if memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return Container::Pdf;
    }
    match bytes {
        [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] => Container::Zip,
        [0xD0, 0xCF, 0x11, 0xE0, ..] => foreign(
            "looks like a legacy Word/WPS/Excel file (.doc/.wps/.xls) or an encrypted Office \
             file; save it as .docx or as text",
        ),
        [b'{', b'\\', b'r', b't', b'f', ..] => {
            foreign("looks like an RTF document; save it as .docx or as text")
        }
        [0x89, b'P', b'N', b'G', ..] | [0xFF, 0xD8, 0xFF, ..] | [b'G', b'I', b'F', b'8', ..] => {
            foreign("looks like an image; the report's text is needed (OCR it first)")
        }
        [0x1F, 0x8B, ..] | [b'7', b'z', 0xBC, 0xAF, ..] | [b'R', b'a', b'r', b'!', ..] => {
            foreign("looks like a compressed archive; extract the report from it first")
        }
        _ => Container::Text,
    }
}

/// Whether decoded text is an HTML page or fragment: it opens with a tag and an HTML element
/// appears near the start; or the file is named .htm(l) and holds a table or paragraph tag.
pub fn looks_like_html(text: &str, path: &str) -> bool {
    const MARKERS: &[&str] = &[
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
        "<table",
        "<div",
        "<p>",
        "<p ",
        "<br",
        "<span",
        "<h1",
        "<h2",
        "<font",
        "<style",
        "<script",
    ];
    let starts_with_tag = text
        .trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n'])
        .starts_with('<');
    let named_html = {
        let lower = path.to_ascii_lowercase();
        [".htm", ".html", ".shtml", ".xhtml"]
            .iter()
            .any(|ext| lower.ends_with(ext))
    };
    // Plain reports open with Chinese text: settle them without looking further.
    if !starts_with_tag && !named_html {
        return false;
    }
    let end = text.char_indices().nth(4096).map_or(text.len(), |(i, _)| i);
    let head = text[..end].to_ascii_lowercase();
    let has_marker = MARKERS.iter().any(|m| head.contains(m));
    (starts_with_tag && has_marker)
        || (named_html && (head.contains("<table") || head.contains("<p")))
}

/// Whether raw bytes look like HTML before decoding, so a declared charset can be looked up.
/// Tags are ASCII in every encoding we accept without a BOM.
pub fn bytes_look_like_html(bytes: &[u8], path: &str) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let opens_with_tag = head
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .is_some_and(|&b| b == b'<');
    (opens_with_tag || path.to_ascii_lowercase().contains(".htm"))
        && looks_like_html(&String::from_utf8_lossy(head), path)
}
