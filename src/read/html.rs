//! HTML → text: narrative blocks in document order, data tables as TAB-separated grid rows,
//! page chrome (scripts, menus, footers, share links) left out.

use scraper::{ElementRef, Html, Node};

use super::grid::{Flow, Grid, Spacing, cell_text};

/// Deeper than this, elements are read for their text only, so hostile nesting cannot
/// exhaust the stack.
const MAX_DEPTH: usize = 256;

/// Deeper nesting than this (as [`nesting_depth`] estimates it) is refused.
const MAX_NESTING: usize = 10_000;

/// The deepest nesting of elements, estimated in one pass over the tags: elements that are
/// void or whose end tag may be left out (`<p>`, `<td>`, `<li>` …) are not counted, so an
/// ordinary page never comes near the limit.
fn nesting_depth(html: &str) -> usize {
    const UNCOUNTED: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param", "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup",
        "thead", "tbody", "tfoot", "colgroup", "caption", "rt", "rp", "html", "head", "body",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    for i in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[i + 1..];
        let (closing, name_at) = match rest.first() {
            Some(b'/') => (true, &rest[1..]),
            _ => (false, rest),
        };
        let len = name_at
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if len == 0 || !name_at[0].is_ascii_alphabetic() {
            continue;
        }
        let name = std::str::from_utf8(&name_at[..len])
            .unwrap_or("")
            .to_ascii_lowercase();
        if UNCOUNTED.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// The text of an HTML page, laid out for the parser, or why it cannot be.
pub fn to_text(html: &str) -> Result<String, String> {
    // The HTML parser looks through all open elements at each start tag: thousands of levels
    // cost minutes. No page nests that deep, so refuse before parsing.
    let depth = nesting_depth(html);
    if depth > MAX_NESTING {
        return Err(format!(
            "an HTML page nested too deeply (about {depth} levels; a report has a few dozen, \
             the limit is {MAX_NESTING})"
        ));
    }
    let doc = Html::parse_document(html);
    let mut flow = Flow::new(Spacing::Collapse, true);
    walk(doc.root_element(), &mut flow, 0, false);
    if flow.too_large() {
        return Err(too_large());
    }
    Ok(flow.into_text())
}

/// Why a document whose tables expand past the limit is refused.
pub(super) fn too_large() -> String {
    format!(
        "its tables are too large when expanded (more than {} cells, counting spans); a report \
         has about a thousand",
        super::grid::MAX_CELLS
    )
}

/// Elements never shown as text.
fn is_hidden_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "canvas"
            | "video"
            | "audio"
            | "button"
            | "select"
            | "textarea"
            | "input"
            | "map"
    )
}

/// Page furniture, skipped unless it sits inside the article itself (an `<article>` may have
/// its own `<header>` holding the title).
fn is_chrome(el: &scraper::node::Element) -> bool {
    const NAMES: &[&str] = &[
        "nav",
        "navbar",
        "menu",
        "mainmenu",
        "header",
        "head",
        "top",
        "topbar",
        "footer",
        "foot",
        "bottom",
        "breadcrumb",
        "crumb",
        "crumbs",
        "position",
        "location",
        "share",
        "bdshare",
        "bdsharebuttonbox",
        "qrcode",
        "ewm",
        "sidebar",
        "side",
        "toolbar",
        "copyright",
        "print",
        "search",
        "login",
        "links",
        "friendlink",
    ];
    if matches!(
        el.name(),
        "nav" | "header" | "footer" | "aside" | "form" | "menu"
    ) {
        return true;
    }
    let named = |v: &str| NAMES.iter().any(|n| v.eq_ignore_ascii_case(n));
    el.id().is_some_and(named) || el.classes().any(named)
}

/// The article's own container: inside it, only hidden elements are skipped.
fn is_content(el: &scraper::node::Element) -> bool {
    const HINTS: &[&str] = &["zoom", "trs_editor", "article", "content", "unionstyle"];
    if matches!(el.name(), "article" | "main") {
        return true;
    }
    let hinted = |v: &str| {
        let v = v.to_ascii_lowercase();
        HINTS.iter().any(|h| v.contains(h))
    };
    el.id().is_some_and(hinted) || el.classes().any(hinted)
}

/// `hidden`, `display:none`, `visibility:hidden`.
fn is_invisible(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() {
        return true;
    }
    el.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Elements that start and end a line.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "main"
            | "blockquote"
            | "center"
            | "address"
            | "figure"
            | "figcaption"
            | "caption"
            | "hr"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "tfoot"
            | "body"
            | "html"
            | "pre"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "form"
            | "fieldset"
            | "legend"
    )
}

/// Write an element's content into the flow.
fn walk(el: ElementRef<'_>, flow: &mut Flow, depth: usize, in_content: bool) {
    let e = el.value();
    let name = e.name();
    if is_hidden_tag(name) || is_invisible(e) {
        return;
    }
    if !in_content && is_chrome(e) {
        return;
    }
    if depth > MAX_DEPTH {
        flat_text(el, flow);
        return;
    }
    let in_content = in_content || is_content(e);
    match name {
        "br" => flow.flush(),
        "table" if !is_layout_table(el) => flow.table(table_rows(el, depth)),
        "pre" => {
            flow.flush();
            for line in el.text().collect::<String>().lines() {
                flow.push_str(line);
                flow.flush();
            }
        }
        _ => {
            let block = is_block(name) || name == "table";
            if block {
                flow.flush();
            }
            children(el, flow, depth, in_content);
            if block {
                flow.flush();
            }
        }
    }
}

/// The text of a subtree too deep to walk, without recursion: hidden elements (scripts,
/// styles, `display:none`) are still left out.
fn flat_text(el: ElementRef<'_>, flow: &mut Flow) {
    let mut stack: Vec<_> = el.children().rev().collect();
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(t) => flow.push_str(t),
            Node::Element(e) if !is_hidden_tag(e.name()) && !is_invisible(e) => {
                stack.extend(node.children().rev());
            }
            _ => {}
        }
    }
}

/// Walk the children: text goes into the current line, elements are walked.
fn children(el: ElementRef<'_>, flow: &mut Flow, depth: usize, in_content: bool) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => flow.push_str(t),
            Node::Element(_) => {
                if let Some(c) = ElementRef::wrap(child) {
                    walk(c, flow, depth + 1, in_content);
                }
            }
            _ => {}
        }
    }
}

/// A table used to lay out the page rather than hold data: it holds another table, or it is
/// one column wide. Its cells are read as ordinary blocks.
fn is_layout_table(table: ElementRef<'_>) -> bool {
    let nested = table
        .descendent_elements()
        .skip(1)
        .any(|d| d.value().name() == "table");
    if nested {
        return true;
    }
    let widest = rows(table)
        .map(|tr| {
            cells(tr)
                .map(|td| span(td.value().attr("colspan"), 1))
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0);
    widest <= 1
}

/// The rows of a table in document order: direct `tr` children and those of its row groups.
fn rows<'a>(table: ElementRef<'a>) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    table.child_elements().flat_map(|c| {
        let name = c.value().name();
        let inner: Vec<ElementRef<'a>> = match name {
            "tr" => vec![c],
            "thead" | "tbody" | "tfoot" => c
                .child_elements()
                .filter(|r| r.value().name() == "tr")
                .collect(),
            _ => Vec::new(),
        };
        inner
    })
}

/// The cells of a row.
fn cells<'a>(tr: ElementRef<'a>) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    tr.child_elements()
        .filter(|c| matches!(c.value().name(), "td" | "th"))
}

/// A `colspan`/`rowspan` value: digits after optional spaces, as browsers read it; `0` is
/// `zero` (rowspan 0 runs to the end of the table), junk is 1.
fn span(attr: Option<&str>, zero: usize) -> usize {
    let Some(v) = attr else { return 1 };
    let digits: String = v
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(6)
        .collect();
    match digits.parse::<usize>() {
        Ok(0) => zero,
        Ok(n) => n,
        Err(_) => 1,
    }
}

/// Lay a data table out on its grid.
fn table_rows(table: ElementRef<'_>, depth: usize) -> Option<Vec<Vec<String>>> {
    let mut grid = Grid::new();
    for tr in rows(table) {
        grid.start_row();
        for td in cells(tr) {
            let mut cell = Flow::new(Spacing::Collapse, false);
            children(td, &mut cell, depth + 2, true);
            let colspan = span(td.value().attr("colspan"), 1);
            let rowspan = span(td.value().attr("rowspan"), super::grid::MAX_ROWSPAN);
            grid.place(cell_text(cell.into_lines()), colspan, rowspan);
        }
    }
    grid.into_rows(0)
}
