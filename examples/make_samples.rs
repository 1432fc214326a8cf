//! Render seed reports as a portal would publish them (`.html`, tables with rowspan/colspan)
//! and as an office would save them (`.docx`, merged cells with gridSpan/vMerge): the same
//! text and the same numbers as the seed, laid on the official template's grid.
//!
//! `cargo run --example make_samples` rewrites `samples/*.html` and `samples/*.docx`; the
//! output is byte-for-byte reproducible (`tests/read_docx.rs` checks the committed files).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// A seed and how to lay its tables out.
pub struct Seed {
    /// File stem in `samples/`.
    pub stem: &'static str,
    /// How the seed's table text is laid out.
    pub layout: Layout,
    /// For each table: the heading it follows, the one that ends it, and its grid.
    pub tables: &'static [(&'static str, &'static str, &'static str)],
}

/// How a seed's tables were extracted to text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One cell per line, tab-indented; a blank line ends a row; an unindented line
    /// continues the cell above.
    CellPerLine,
    /// One row per line, cells separated by tabs.
    Tabs,
}

/// Grids are written one row per line: `L` a label cell, `V` a value cell, `:c` a colspan,
/// `::r` a rowspan (`:c:r` both), `*n` n such cells.
const ACTIVE_2019: &str = "L:4
L L L L
L V V V
L V V V
L:4
L L L L
L V V V
L V V V
L:4
L L L L
L V V V
L V V V
L:4
L L L:2
L V V:2
L:4
L L L:2
L V V:2";

const ACTIVE_2021: &str = "L:4
L L L L
L V V V
L V V V
L:4
L L:3
L V:3
L:4
L L:3
L V:3
L V:3
L:4
L L:3
L V:3";

const APPLY_2019: &str = "L:3:3 L:7
L::2 L:5 L::2
L*5
L:3 V*7
L:3 V*7
L::20 L:2 V*7
L:2 V*7
L::8 L V*7
L V*7
L V*7
L V*7
L V*7
L V*7
L V*7
L V*7
L::3 L V*7
L V*7
L V*7
L::5 L V*7
L V*7
L V*7
L V*7
L V*7
L:2 V*7
L:2 V*7
L:3 V*7";

/// 榆阳's table has 总计 beside 申请人情况 in the first header row.
const APPLY_2021_TOTAL_FIRST: &str = "L:3:3 L:6 L::3
L::2 L:5
L*5
L:3 V*7
L:3 V*7
L::22 L:2 V*7
L:2 V*7
L::8 L V*7
L V*7
L V*7
L V*7
L V*7
L V*7
L V*7
L V*7
L::3 L V*7
L V*7
L V*7
L::5 L V*7
L V*7
L V*7
L V*7
L V*7
L::3 L V*7
L V*7
L V*7
L:2 V*7
L:3 V*7";

const REVIEW: &str = "L:5 L:10
L::2 L::2 L::2 L::2 L::2 L:5 L:5
L*10
V*15";

/// The seeds rendered.
pub const SEEDS: &[Seed] = &[
    Seed {
        stem: "zhoucun-approval-2020",
        layout: Layout::CellPerLine,
        tables: &[
            (
                "二、主动公开政府信息情况",
                "三、收到和处理政府信息公开申请情况",
                ACTIVE_2019,
            ),
            (
                "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况",
                APPLY_2019,
            ),
            (
                "四、政府信息公开行政复议、行政诉讼情况",
                "五、存在的主要问题及改进情况",
                REVIEW,
            ),
        ],
    },
    Seed {
        stem: "yuyang-health-2021",
        layout: Layout::Tabs,
        tables: &[
            (
                "二、主动公开政府信息情况",
                "三、收到和处理政府信息公开申请情况",
                ACTIVE_2021,
            ),
            (
                "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况",
                APPLY_2021_TOTAL_FIRST,
            ),
            (
                "四、政府信息公开行政复议、行政诉讼情况",
                "五、存在的主要问题及改进情况",
                REVIEW,
            ),
        ],
    },
];

/// One cell of a laid-out table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Lines of text (a cell the seed broke over two lines keeps both).
    pub lines: Vec<String>,
    /// Columns spanned.
    pub colspan: usize,
    /// Rows spanned.
    pub rowspan: usize,
}

/// A report as blocks: paragraphs and tables (rows of cells, spans as in HTML).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A narrative line.
    Para(String),
    /// A table.
    Table(Vec<Vec<Cell>>),
}

/// A value cell: a number, possibly signed (`增42`) or mistyped (`:2`).
fn is_value(s: &str) -> bool {
    let body = s.trim_start_matches(['+', '-', '增', '减', ':', '：']);
    !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.starts_with(|c: char| c.is_ascii_digit())
}

/// The non-empty cells of a table region, in row-major order, each as its lines.
fn region_cells(lines: &[&str], layout: Layout) -> Vec<Vec<String>> {
    let mut cells: Vec<Vec<String>> = Vec::new();
    match layout {
        Layout::Tabs => {
            for line in lines {
                for cell in line.split('\t') {
                    let cell = cell.trim();
                    if !cell.is_empty() {
                        cells.push(vec![cell.to_owned()]);
                    }
                }
            }
        }
        Layout::CellPerLine => {
            let mut last_was_cell = false;
            for line in lines {
                if let Some(cell) = line.strip_prefix('\t') {
                    let cell = cell.trim();
                    last_was_cell = !cell.is_empty();
                    if last_was_cell {
                        cells.push(vec![cell.to_owned()]);
                    }
                } else if !line.trim().is_empty() && last_was_cell {
                    if let Some(c) = cells.last_mut() {
                        c.push(line.trim().to_owned());
                    }
                } else {
                    last_was_cell = false;
                }
            }
        }
    }
    cells
}

/// Fill a grid spec with the region's labels and values, in order.
fn fill(spec: &str, cells: Vec<Vec<String>>) -> Result<Vec<Vec<Cell>>, String> {
    let (mut values, mut labels): (Vec<_>, Vec<_>) = cells
        .into_iter()
        .partition(|c| c.len() == 1 && is_value(&c[0]));
    values.reverse();
    labels.reverse();
    let mut rows = Vec::new();
    for line in spec.lines() {
        let mut row = Vec::new();
        for slot in line.split_whitespace() {
            let (slot, count) = match slot.split_once('*') {
                Some((s, n)) => (s, n.parse::<usize>().map_err(|e| e.to_string())?),
                None => (slot, 1),
            };
            let mut parts = slot.split(':');
            let kind = parts.next().unwrap_or("");
            let num = |p: Option<&str>| p.filter(|s| !s.is_empty()).map_or(Ok(1), str::parse);
            let colspan = num(parts.next()).map_err(|e| format!("{slot}: {e}"))?;
            let rowspan = num(parts.next()).map_err(|e| format!("{slot}: {e}"))?;
            for _ in 0..count {
                let pool = if kind == "V" {
                    &mut values
                } else {
                    &mut labels
                };
                let lines = pool
                    .pop()
                    .ok_or_else(|| format!("the seed has too few {kind} cells for the grid"))?;
                row.push(Cell {
                    lines,
                    colspan,
                    rowspan,
                });
            }
        }
        rows.push(row);
    }
    if !values.is_empty() || !labels.is_empty() {
        return Err(format!(
            "cells left over: {:?} {:?}",
            labels.last(),
            values.last()
        ));
    }
    Ok(rows)
}

/// A seed as blocks: its narrative lines verbatim (trimmed), its tables on their grids.
pub fn blocks(seed: &Seed, text: &str) -> Result<Vec<Block>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let find = |heading: &str, from: usize| {
        lines[from..]
            .iter()
            .position(|l| l.trim() == heading)
            .map(|i| i + from)
            .ok_or_else(|| format!("{}: heading {heading} not found", seed.stem))
    };
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end, spec) in seed.tables {
        let s = find(start, at)?;
        let e = find(end, s + 1)?;
        out.extend(paragraphs(&lines[at..=s]));
        let cells = region_cells(&lines[s + 1..e], seed.layout);
        out.push(Block::Table(
            fill(spec, cells).map_err(|m| format!("{}: {start}: {m}", seed.stem))?,
        ));
        at = e;
    }
    out.extend(paragraphs(&lines[at..]));
    Ok(out)
}

fn paragraphs(lines: &[&str]) -> Vec<Block> {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .map(|l| Block::Para(l.to_owned()))
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The report as a portal page, with the furniture a portal adds around the article.
/// `charset` is declared in a `<meta>` when given.
pub fn html(blocks: &[Block], charset: Option<&str>) -> String {
    let mut body = String::new();
    for block in blocks {
        match block {
            Block::Para(p) => {
                let _ = writeln!(body, "<p style=\"text-indent:2em\">{}</p>", escape(p));
            }
            Block::Table(rows) => {
                body.push_str(
                    "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" \
                     style=\"border-collapse:collapse;width:100%\">\n<tbody>\n",
                );
                for row in rows {
                    body.push_str("<tr>");
                    for cell in row {
                        body.push_str("<td");
                        if cell.colspan > 1 {
                            let _ = write!(body, " colspan=\"{}\"", cell.colspan);
                        }
                        if cell.rowspan > 1 {
                            let _ = write!(body, " rowspan=\"{}\"", cell.rowspan);
                        }
                        body.push('>');
                        let text: Vec<String> = cell.lines.iter().map(|l| escape(l)).collect();
                        body.push_str(&text.join("<br/>"));
                        body.push_str("</td>");
                    }
                    body.push_str("</tr>\n");
                }
                body.push_str("</tbody>\n</table>\n");
            }
        }
    }
    let meta = charset.map_or(String::new(), |c| {
        format!("<meta http-equiv=\"Content-Type\" content=\"text/html; charset={c}\">\n")
    });
    format!(
        "<!DOCTYPE html>\n<html>\n<head>\n{meta}<title>政府信息公开年度报告</title>\n\
         <link rel=\"stylesheet\" href=\"/css/common.css\">\n\
         <script src=\"/js/jquery.min.js\"></script>\n</head>\n<body>\n\
         <div class=\"header\"><a href=\"/\">政府门户网站</a></div>\n\
         <div class=\"nav\"><ul><li><a href=\"/\">首页</a></li><li><a href=\"/zwgk/\">政务公开</a></li>\
         <li><a href=\"/zwfw/\">政务服务</a></li><li><a href=\"/hdjl/\">互动交流</a></li></ul></div>\n\
         <div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a> &gt; 政府信息公开年报</div>\n\
         <div class=\"article\">\n<div id=\"zoom\" class=\"TRS_Editor\">\n{body}</div>\n\
         <div class=\"share\">分享到：<a>微信</a> <a>微博</a></div>\n\
         <div class=\"ewm\">扫一扫在手机打开当前页</div>\n\
         <div class=\"print\"><a href=\"javascript:window.print()\">【打印本页】</a> \
         <a href=\"javascript:window.close()\">【关闭窗口】</a></div>\n</div>\n\
         <div class=\"footer\"><p>主办单位：人民政府办公室</p><p>网站标识码：0000000000 ICP备00000000号</p></div>\n\
         <script>var _hmt = _hmt || [];</script>\n</body>\n</html>\n"
    )
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn w_para(out: &mut String, text: &str) {
    let _ = write!(
        out,
        "<w:p><w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr>\
         <w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        xml_escape(text)
    );
}

/// Where the cells of HTML-style rows sit on the grid: per row, per grid column, the origin
/// cell's (row, index) when this is its top-left, or `Covered` when a span above covers it.
#[derive(Clone, Copy)]
enum Pos {
    Origin(usize),
    Below(usize, usize),
    Right,
    Empty,
}

fn layout(rows: &[Vec<Cell>]) -> Vec<Vec<Pos>> {
    let width = rows
        .first()
        .map_or(0, |r| r.iter().map(|c| c.colspan).sum::<usize>());
    let mut grid = vec![vec![Pos::Empty; width]; rows.len()];
    for (r, row) in rows.iter().enumerate() {
        let mut col = 0;
        for (i, cell) in row.iter().enumerate() {
            while col < width && !matches!(grid[r][col], Pos::Empty) {
                col += 1;
            }
            for dr in 0..cell.rowspan {
                for dc in 0..cell.colspan {
                    if let Some(p) = grid.get_mut(r + dr).and_then(|g| g.get_mut(col + dc)) {
                        *p = match (dr, dc) {
                            (0, 0) => Pos::Origin(i),
                            (_, 0) => Pos::Below(r, i),
                            _ => Pos::Right,
                        };
                    }
                }
            }
            col += cell.colspan;
        }
    }
    grid
}

/// The report as a Word document body: merged cells as `w:gridSpan` and `w:vMerge`.
fn document_xml(blocks: &[Block]) -> String {
    let mut body = String::new();
    for block in blocks {
        match block {
            Block::Para(p) => w_para(&mut body, p),
            Block::Table(rows) => {
                let grid = layout(rows);
                let width = grid.first().map_or(0, Vec::len);
                body.push_str(
                    "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>\
                     <w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/>\
                     <w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/>\
                     <w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/>\
                     </w:tblBorders></w:tblPr><w:tblGrid>",
                );
                for _ in 0..width {
                    let _ = write!(body, "<w:gridCol w:w=\"{}\"/>", 9000 / width.max(1));
                }
                body.push_str("</w:tblGrid>");
                for (r, positions) in grid.iter().enumerate() {
                    body.push_str("<w:tr>");
                    for pos in positions {
                        let (cell, merge) = match *pos {
                            Pos::Origin(i) => {
                                let cell = &rows[r][i];
                                (cell, (cell.rowspan > 1).then_some("restart"))
                            }
                            Pos::Below(r0, i) => (&rows[r0][i], Some("continue")),
                            Pos::Right | Pos::Empty => continue,
                        };
                        body.push_str("<w:tc><w:tcPr>");
                        if cell.colspan > 1 {
                            let _ = write!(body, "<w:gridSpan w:val=\"{}\"/>", cell.colspan);
                        }
                        if let Some(m) = merge {
                            let _ = write!(body, "<w:vMerge w:val=\"{m}\"/>");
                        }
                        body.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
                        if matches!(pos, Pos::Below(..)) {
                            body.push_str("<w:p/>");
                        } else {
                            for line in &cell.lines {
                                w_para(&mut body, line);
                            }
                        }
                        body.push_str("</w:tc>");
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>"
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" \
ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
</Types>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" \
Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" \
Target=\"word/document.xml\"/></Relationships>";

/// The report as a .docx package; fixed timestamps make it reproducible.
pub fn docx(blocks: &[Block]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, content) in [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", RELS.to_owned()),
        ("word/document.xml", document_xml(blocks)),
    ] {
        zip.start_file(name, options)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Every sample file: name in `samples/` and bytes.
pub fn all(samples: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for seed in SEEDS {
        let path = samples.join(format!("{}.txt", seed.stem));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let blocks = blocks(seed, &text)?;
        out.push((
            format!("{}.html", seed.stem),
            html(&blocks, Some("utf-8")).into_bytes(),
        ));
        out.push((
            format!("{}.docx", seed.stem),
            docx(&blocks).map_err(|e| e.to_string())?,
        ));
        if seed.stem == "yuyang-health-2021" {
            // A GBK page that declares no charset: the reader must detect it.
            let page = html(&blocks, None);
            let (gbk, _, unmappable) = encoding_rs::GBK.encode(&page);
            if unmappable {
                return Err(format!("{}: text not representable in GBK", seed.stem));
            }
            out.push((format!("{}.gbk.html", seed.stem), gbk.into_owned()));
        }
    }
    Ok(out)
}

#[allow(dead_code)]
fn main() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    match all(&samples) {
        Ok(files) => {
            for (name, bytes) in files {
                let path = samples.join(&name);
                if let Err(e) = std::fs::write(&path, bytes) {
                    eprintln!("{}: {e}", path.display());
                    std::process::exit(1);
                }
                println!("wrote {}", path.display());
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
