//! Screen and key-sequence tests: frames drawn through ratatui's `TestBackend` at 80×24 and
//! a wide size, dumped width-aware; and key sequences that walk to findings, annotate them and
//! sign off, then read the store back.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use nianbao::Lang;

use super::app::{App, NavItem, Overlay};
use super::data::{Decision, MemoryStore, NoteState, ReviewStore, SignState, Target};
use super::fixture;
use super::text;
use super::theme::Theme;

/// The buffer as text, one line per row, wide characters once (their trailing cell skipped).
pub fn dump(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            let w = text::width(sym);
            skip = w.saturating_sub(1);
            line.push_str(if sym.is_empty() { " " } else { sym });
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn app_with(store: MemoryStore, w: u16, h: u16, lang: Lang, ascii: bool) -> App {
    App::new(
        fixture::data(),
        Box::new(store),
        lang,
        Theme {
            ascii,
            color: false,
        },
        "审核员".into(),
        Rect::new(0, 0, w, h),
    )
}

fn app(w: u16, h: u16) -> App {
    let mut store = MemoryStore::in_memory();
    store.fixed_time = Some("2026-01-05 09:30".into());
    app_with(store, w, h, Lang::Zh, false)
}

fn frame(app: &App) -> String {
    let mut term =
        Terminal::new(TestBackend::new(app.size.width, app.size.height)).expect("test backend");
    term.draw(|f| super::draw(f, app)).expect("draws");
    dump(term.backend().buffer())
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn chars(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

#[test]
fn table_view_snapshots() {
    for (w, h) in SIZES {
        let a = app(w, h);
        insta::assert_snapshot!(format!("table_{w}x{h}"), frame(&a));
    }
}

#[test]
fn narrative_view_snapshots() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        a.update(super::action::Action::NextFinding);
        // The first finding in report order is the narrative one in section 一.
        assert_eq!(a.item(), NavItem::Section(nianbao::SectionId::S1));
        insta::assert_snapshot!(format!("narrative_{w}x{h}"), frame(&a));
    }
}

#[test]
fn dialogs_and_help_snapshots() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        key(&mut a, KeyCode::Char('?'));
        insta::assert_snapshot!(format!("help_{w}x{h}"), frame(&a));
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('a'));
        chars(&mut a, "总计多1，请核实");
        insta::assert_snapshot!(format!("editor_{w}x{h}"), frame(&a));
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('s'));
        insta::assert_snapshot!(format!("signoff_{w}x{h}"), frame(&a));
    }
}

#[test]
fn english_ascii_snapshot() {
    let a = app_with(MemoryStore::in_memory(), 80, 24, Lang::En, true);
    let f = frame(&a);
    let ambiguous = ['✖', '⚠', 'ℹ', 'Δ', '✎', '↑', '↓', '│', '…', '·', '─'];
    assert!(
        !f.contains(ambiguous),
        "--ascii draws no ambiguous-width marker:\n{f}"
    );
    insta::assert_snapshot!("table_en_ascii_80x24", f);
}

#[test]
fn every_row_of_the_table_lines_up_at_80_columns() {
    let a = app(80, 24);
    let f = frame(&a);
    // Every value column ends at the same screen column on every data row.
    let rows: Vec<&str> = f.lines().filter(|l| l.contains("申请")).collect();
    assert!(rows.len() >= 2, "{f}");
    for l in f.lines() {
        assert!(text::width(l) <= 80, "line wider than the screen: {l}");
    }
}

#[test]
fn escape_sequences_in_report_text_are_drawn_inert() {
    let mut a = app(160, 48);
    for _ in 0..a.nav_items.len() {
        if a.item() == NavItem::Section(nianbao::SectionId::S6) {
            break;
        }
        a.focus = super::app::Pane::Nav;
        key(&mut a, KeyCode::Down);
    }
    assert_eq!(a.item(), NavItem::Section(nianbao::SectionId::S6));
    let f = frame(&a);
    assert!(f.contains("^[[31m"), "{f}");
    assert!(!f.contains('\x1b'));
}

#[test]
fn n_walks_every_finding_with_a_counter() {
    let mut a = app(80, 24);
    let total = a.data.findings.len();
    let mut seen = Vec::new();
    for i in 0..total {
        key(&mut a, KeyCode::Char('n'));
        assert_eq!(a.finding, Some(i));
        assert!(frame(&a).contains(&format!("{}/{total}", i + 1)));
        seen.push(a.item());
    }
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.finding, Some(0), "n wraps around");
    a.handle_key(&KeyEvent::new(KeyCode::Char('N'), KeyModifiers::SHIFT));
    assert_eq!(a.finding, Some(total - 1));
    assert!(seen.contains(&NavItem::Table(nianbao::TableId::Apply)));
}

#[test]
fn changed_cells_are_reached_with_brackets() {
    let mut a = app(80, 24);
    key(&mut a, KeyCode::Char(']'));
    let id = a.cursor_cell().expect("on a cell");
    assert!(a.data.deltas.get(&id).is_some_and(|(_, d)| !d.is_zero()));
    key(&mut a, KeyCode::Char(']'));
    let next = a.cursor_cell().expect("on a cell");
    assert_ne!(id, next);
    key(&mut a, KeyCode::Char('['));
    assert_eq!(a.cursor_cell(), Some(id));
}

#[test]
fn annotate_accept_and_sign_off_then_read_the_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app_with(
        MemoryStore::open(dir.path()).expect("store"),
        80,
        24,
        Lang::Zh,
        false,
    );
    // Walk to the first error finding on a cell and annotate it.
    while a
        .finding
        .is_none_or(|i| a.data.findings[i].rule != "apply.row_total")
    {
        key(&mut a, KeyCode::Char('n'));
    }
    key(&mut a, KeyCode::Char('a'));
    assert!(matches!(a.overlay, Overlay::Editor(..)));
    chars(&mut a, "总计多计1件");
    key(&mut a, KeyCode::Enter);
    chars(&mut a, "已电话核实");
    ctrl(&mut a, 's');
    assert!(matches!(a.overlay, Overlay::None), "{:?}", a.message);
    // Accept it.
    key(&mut a, KeyCode::Char('r'));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    // Annotate a second finding, then try to approve: refused, other errors are open.
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Char('a'));
    chars(&mut a, "请补报");
    ctrl(&mut a, 's');
    key(&mut a, KeyCode::Char('s'));
    if let Overlay::SignOff(s) = &a.overlay {
        assert_eq!(
            s.decision,
            Decision::Return,
            "errors open: return is offered first"
        );
    }
    key(&mut a, KeyCode::Tab);
    ctrl(&mut a, 's');
    match &a.overlay {
        Overlay::SignOff(s) => assert!(s.refused.as_deref().is_some_and(|r| r.contains("error"))),
        other => panic!("approval should be refused: {other:?}"),
    }
    assert!(frame(&a).contains("error finding"));
    key(&mut a, KeyCode::Tab);
    chars(&mut a, "请修改后重新报送");
    ctrl(&mut a, 's');
    assert!(matches!(a.overlay, Overlay::None));
    assert_eq!(a.status.state, SignState::Returned);
    drop(a);

    // Reopen: the notes and the decision are there.
    let store = MemoryStore::open(dir.path()).expect("store reopens");
    let data = fixture::data();
    let record = store.record(&data.report);
    assert_eq!(record.annotations.len(), 2);
    let first = &record.annotations[0];
    assert_eq!(first.text, "总计多计1件\n已电话核实");
    assert_eq!(first.state, NoteState::Accepted);
    assert!(matches!(&first.target, Target::Finding { rule, .. } if rule == "apply.row_total"));
    let signoff = record.signoff.expect("signed");
    assert_eq!(signoff.decision, Decision::Return);
    assert_eq!(signoff.comment, "请修改后重新报送");

    // A changed file makes the sign-off stale.
    let mut edited = fixture::data();
    edited.report.source.sha256 = "sha-edited".into();
    let a = App::new(
        edited,
        Box::new(store),
        Lang::Zh,
        Theme {
            ascii: false,
            color: false,
        },
        "审核员".into(),
        Rect::new(0, 0, 80, 24),
    );
    assert_eq!(a.status.state, SignState::Stale);
    assert!(frame(&a).contains("已过期"));
}

#[test]
fn the_layout_follows_resizes_down_to_tiny_sizes() {
    let mut a = app(160, 48);
    for (w, h) in [(80, 24), (40, 10), (10, 3), (1, 1), (120, 30)] {
        a.handle_event(&crossterm::event::Event::Resize(w, h));
        let f = frame(&a);
        assert_eq!(f.lines().count(), h as usize);
    }
}

#[test]
fn search_jumps_to_a_row_label() {
    let mut a = app(80, 24);
    key(&mut a, KeyCode::Char('/'));
    chars(&mut a, "重复申请");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.overlay, Overlay::None));
    assert_eq!(
        a.cursor_cell().as_deref(),
        Some("apply.not_processed.repeat.natural")
    );
}

#[test]
fn wide_table_scrolls_horizontally_with_a_frozen_label_column() {
    let mut a = app(80, 24);
    for _ in 0..6 {
        key(&mut a, KeyCode::Char('l'));
    }
    let f = frame(&a);
    assert!(f.contains("总计"), "{f}");
    assert!(f.contains("本年新收"), "labels stay: {f}");
}
