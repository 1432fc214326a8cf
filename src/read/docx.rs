//! .docx → text: `word/document.xml` read with `quick-xml`, paragraphs as lines, tables laid
//! out on their grid (`w:gridSpan`, `w:vMerge`, `w:hMerge`, `w:gridBefore` applied by hand).

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::grid::{Flow, Grid, Spacing, cell_text};

/// More than this much XML is not a report (and guards against zip bombs).
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Deeper nesting of paragraphs and tables is read as flat text.
const MAX_DEPTH: usize = 64;

/// The text of a .docx, or why it cannot be read.
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        format!("a zip archive that cannot be opened ({e}); the file may be truncated or damaged")
    })?;
    let part = main_part(&mut zip)?;
    let xml = read_part(&mut zip, &part)?;
    let (xml, _) = super::encoding::decode(&xml, super::encoding::Hint::None)
        .map_err(|e| format!("{part} is not text ({})", e.0))?;
    let body = parse(&xml).map_err(|e| format!("{part} is not well-formed XML ({e})"))?;
    let mut flow = Flow::new(Spacing::Literal, false);
    render(&body, &mut flow);
    if flow.too_large() {
        return Err(super::html::too_large());
    }
    Ok(flow.into_text())
}

/// The main document part: `word/document.xml`, or wherever `_rels/.rels` points.
fn main_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<String, String> {
    const MAIN: &str = "word/document.xml";
    if zip.index_for_name(MAIN).is_some() {
        return Ok(MAIN.to_owned());
    }
    if let Ok(rels) = read_part(zip, "_rels/.rels")
        && let Some(target) = office_document_target(&String::from_utf8_lossy(&rels))
        && zip.index_for_name(&target).is_some()
    {
        return Ok(target);
    }
    let has = |zip: &zip::ZipArchive<_>, name: &str| zip.index_for_name(name).is_some();
    Err(if has(zip, "xl/workbook.xml") {
        "an Excel workbook (.xlsx), not a Word document; save the report as .docx or text".into()
    } else if has(zip, "ppt/presentation.xml") {
        "a PowerPoint file (.pptx), not a Word document".into()
    } else if has(zip, "content.xml") && has(zip, "mimetype") {
        "an OpenDocument file (.odt); save it as .docx or text".into()
    } else if has(zip, "OFD.xml") {
        "an OFD document; export it as .docx or text".into()
    } else {
        "a zip archive without word/document.xml, so not a .docx; extract the report first".into()
    })
}

/// The `Target` of the relationship whose type ends in `/officeDocument`.
fn office_document_target(rels: &str) -> Option<String> {
    let mut reader = Reader::from_str(rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"Relationship" => {
                let ty = attr(&e, b"Type").unwrap_or_default();
                if ty.ends_with("/officeDocument") {
                    return attr(&e, b"Target").map(|t| t.trim_start_matches('/').to_owned());
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// One part's bytes, size-capped.
fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, String> {
    let file = zip
        .by_name(name)
        .map_err(|e| format!("cannot open {name} in the archive ({e})"))?;
    let mut out = Vec::new();
    // One byte past the cap tells a part cut off by it from one that fits exactly.
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot unpack {name} ({e}); the file may be truncated or damaged"))?;
    if out.len() as u64 > MAX_PART_BYTES {
        return Err(format!(
            "{name} is too large when expanded (more than {} MB); a report is far smaller, \
             so this is not one (or a zip bomb)",
            MAX_PART_BYTES / (1024 * 1024)
        ));
    }
    Ok(out)
}

/// An attribute's unescaped value, by local name (`w:val` → `val`).
fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            a.unescape_value()
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned())
        })
    })
}

/// The structures kept from the XML: everything else is transparent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Body,
    Paragraph,
    Table,
    Row,
    Cell,
}

/// What a kept element holds, in order.
#[derive(Debug)]
enum Item {
    Text(String),
    Tab,
    Break,
    Node(Node),
    GridCol,
    GridSpan(usize),
    /// `w:vMerge` or `w:hMerge` without `restart`: the cell continues a merge.
    MergeContinue,
    GridBefore(usize),
}

/// A kept element.
#[derive(Debug)]
struct Node {
    kind: Kind,
    items: Vec<Item>,
}

/// How an opening element is handled.
enum Class {
    Keep(Kind),
    Text,
    Leaf(Item),
    Skip,
    Transparent,
}

/// Classify an element by its local name.
fn classify(e: &BytesStart<'_>) -> Class {
    let num = |e: &BytesStart<'_>| {
        attr(e, b"val")
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(1)
    };
    match e.local_name().as_ref() {
        b"p" => Class::Keep(Kind::Paragraph),
        b"tbl" => Class::Keep(Kind::Table),
        b"tr" => Class::Keep(Kind::Row),
        b"tc" => Class::Keep(Kind::Cell),
        b"t" => Class::Text,
        b"tab" | b"ptab" => Class::Leaf(Item::Tab),
        b"br" | b"cr" => Class::Leaf(Item::Break),
        b"noBreakHyphen" => Class::Leaf(Item::Text("-".into())),
        b"gridCol" => Class::Leaf(Item::GridCol),
        b"gridSpan" => Class::Leaf(Item::GridSpan(num(e))),
        b"gridBefore" => Class::Leaf(Item::GridBefore(num(e))),
        b"vMerge" | b"hMerge" => {
            if attr(e, b"val").is_some_and(|v| v == "restart") {
                Class::Transparent
            } else {
                Class::Leaf(Item::MergeContinue)
            }
        }
        // Properties hold no text (`w:tabs` would read as tabs); deleted and moved-away text,
        // field codes and the fallback copy of text boxes are not what the reader sees.
        b"pPr" | b"rPr" | b"tblPr" | b"sectPr" | b"tabs" | b"del" | b"delText" | b"moveFrom"
        | b"instrText" | b"Fallback" => Class::Skip,
        _ => Class::Transparent,
    }
}

/// What an open element does when it closes.
enum Frame {
    Kept,
    Text,
    Plain,
}

/// Read the document XML into the kept structure.
fn parse(xml: &str) -> Result<Node, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut nodes = vec![Node {
        kind: Kind::Body,
        items: Vec::new(),
    }];
    let mut frames: Vec<Frame> = Vec::new();
    let mut text: Option<String> = None;
    let mut skip = 0usize;
    loop {
        let event = reader.read_event()?;
        if skip > 0 {
            match event {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(e) => match classify(&e) {
                Class::Skip => skip = 1,
                Class::Keep(kind) if nodes.len() <= MAX_DEPTH => {
                    nodes.push(Node {
                        kind,
                        items: Vec::new(),
                    });
                    frames.push(Frame::Kept);
                }
                Class::Text if text.is_none() => {
                    text = Some(String::new());
                    frames.push(Frame::Text);
                }
                Class::Leaf(item) => {
                    attach(&mut nodes, item);
                    frames.push(Frame::Plain);
                }
                _ => frames.push(Frame::Plain),
            },
            Event::Empty(e) => {
                if let Class::Leaf(item) = classify(&e) {
                    attach(&mut nodes, item);
                }
            }
            Event::End(_) => match frames.pop() {
                Some(Frame::Kept) => close(&mut nodes),
                Some(Frame::Text) => {
                    if let Some(t) = text.take() {
                        attach(&mut nodes, Item::Text(t));
                    }
                }
                Some(Frame::Plain) | None => {}
            },
            Event::Text(t) => {
                if let Some(buf) = text.as_mut() {
                    buf.push_str(&t.xml10_content()?);
                }
            }
            Event::CData(t) => {
                if let Some(buf) = text.as_mut() {
                    buf.push_str(&t.decode()?);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(buf) = text.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        buf.push(c);
                    } else if let Some(s) =
                        quick_xml::escape::resolve_predefined_entity(&r.decode()?)
                    {
                        buf.push_str(s);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A truncated part leaves elements open: keep what they hold.
    if let Some(t) = text.take() {
        attach(&mut nodes, Item::Text(t));
    }
    while nodes.len() > 1 {
        close(&mut nodes);
    }
    Ok(nodes.pop().unwrap_or(Node {
        kind: Kind::Body,
        items: Vec::new(),
    }))
}

/// Add an item to the innermost kept element.
fn attach(nodes: &mut [Node], item: Item) {
    if let Some(n) = nodes.last_mut() {
        n.items.push(item);
    }
}

/// Close the innermost kept element into its parent.
fn close(nodes: &mut Vec<Node>) {
    if nodes.len() > 1
        && let Some(n) = nodes.pop()
    {
        attach(nodes, Item::Node(n));
    }
}

/// Write a kept element's content into the flow.
fn render(node: &Node, flow: &mut Flow) {
    for item in &node.items {
        match item {
            Item::Text(s) => flow.push_str(s),
            Item::Tab => flow.push('\t'),
            Item::Break => flow.flush(),
            Item::Node(n) => match n.kind {
                Kind::Table if !is_layout_table(n) => flow.table(table_rows(n)),
                _ => {
                    flow.flush();
                    render(n, flow);
                    flow.flush();
                }
            },
            Item::GridCol | Item::GridSpan(_) | Item::MergeContinue | Item::GridBefore(_) => {}
        }
    }
}

/// The kept children of one kind.
fn children(node: &Node, kind: Kind) -> impl Iterator<Item = &Node> {
    node.items.iter().filter_map(move |i| match i {
        Item::Node(n) if n.kind == kind => Some(n),
        _ => None,
    })
}

/// Whether a kept element holds a table anywhere inside.
fn holds_table(node: &Node) -> bool {
    node.items.iter().any(|i| match i {
        Item::Node(n) => n.kind == Kind::Table || holds_table(n),
        _ => false,
    })
}

/// A table laying out the page rather than holding data: it holds another table, or it is
/// one column wide. Its cells are read as ordinary paragraphs.
fn is_layout_table(table: &Node) -> bool {
    if holds_table(table) {
        return true;
    }
    let declared = table
        .items
        .iter()
        .filter(|i| matches!(i, Item::GridCol))
        .count();
    let widest = children(table, Kind::Row)
        .map(|row| {
            children(row, Kind::Cell)
                .map(|c| span_of(c).max(1))
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0);
    declared.max(widest) <= 1
}

/// A cell's `w:gridSpan`.
fn span_of(cell: &Node) -> usize {
    cell.items
        .iter()
        .find_map(|i| match i {
            Item::GridSpan(n) => Some(*n),
            _ => None,
        })
        .unwrap_or(1)
}

/// Lay a data table out on its grid.
fn table_rows(table: &Node) -> Option<Vec<Vec<String>>> {
    let declared = table
        .items
        .iter()
        .filter(|i| matches!(i, Item::GridCol))
        .count();
    let mut grid = Grid::new();
    for row in children(table, Kind::Row) {
        grid.start_row();
        for item in &row.items {
            if let Item::GridBefore(n) = item {
                grid.place(String::new(), *n, 1);
            }
        }
        for cell in children(row, Kind::Cell) {
            let continues = cell.items.iter().any(|i| matches!(i, Item::MergeContinue));
            let text = if continues {
                String::new()
            } else {
                let mut inner = Flow::new(Spacing::Literal, false);
                render(cell, &mut inner);
                cell_text(inner.into_lines())
            };
            grid.place(text, span_of(cell), 1);
        }
    }
    grid.into_rows(declared)
}
