//! Screen and key-sequence tests on the sample pairs (each seed beside its constructed prior
//! year, read, parsed and checked for real through `data::load`): frames drawn through
//! ratatui's `TestBackend` at 80×24 and a wide size, dumped width-aware; and key sequences
//! that walk to findings, annotate them and sign off, then read the review store back.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use nianbao::review::{AnnotationState, Decision, SignState, Store, Target};
use nianbao::rules::RuleSet;
use nianbao::{Lang, SectionId, Severity, TableId};

use super::app::{App, NavItem, Overlay, Pane};
use super::data::{self, Review, ReviewData};
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

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// The three sample pairs: (name, this year's file, last year's file).
const PAIRS: [(&str, &str, &str); 3] = [
    (
        "zhoucun",
        "zhoucun-approval-2020.txt",
        "zhoucun-approval-2019.txt",
    ),
    (
        "hengshan",
        "hengshan-approval-2020.txt",
        "hengshan-approval-2019.txt",
    ),
    ("yuyang", "yuyang-health-2021.txt", "yuyang-health-2020.txt"),
];

fn load(file: &Path, prior: &Path) -> ReviewData {
    data::load(file, Some(prior), &RuleSet::builtin()).expect("the sample pair loads")
}

fn load_pair(name: &str) -> ReviewData {
    let (_, cur, prior) = PAIRS.iter().find(|p| p.0 == name).expect("a known pair");
    load(&samples().join(cur), &samples().join(prior))
}

/// A store in `dir` with a fixed clock, so notes show the same date on every run.
fn store(dir: &Path) -> Store {
    let at: jiff::Timestamp = "2026-01-05T12:00:00Z".parse().expect("timestamp");
    Store::open(dir).expect("store opens").with_fixed_time(at)
}

fn app_on(mut data: ReviewData, store_dir: &Path, w: u16, h: u16, lang: Lang, ascii: bool) -> App {
    let review = Review::open(store(store_dir), &mut data, "审核员", lang).expect("review opens");
    screen(data, review, w, h, lang, ascii)
}

/// The reviewer's screen on a report and its review, without colour.
fn screen(data: ReviewData, review: Review, w: u16, h: u16, lang: Lang, ascii: bool) -> App {
    App::new(
        data,
        review,
        lang,
        Theme {
            ascii,
            color: false,
        },
        "审核员".into(),
        Rect::new(0, 0, w, h),
    )
}

/// The reviewer on a sample pair with an empty store (kept alive by the returned guard).
fn app(name: &str, w: u16, h: u16) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = app_on(load_pair(name), dir.path(), w, h, Lang::Zh, false);
    (a, dir)
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

/// Select a navigator entry with the keys, as a user would.
fn select(app: &mut App, item: NavItem) {
    key(app, KeyCode::BackTab);
    assert_eq!(app.focus, Pane::Nav);
    key(app, KeyCode::Home);
    while app.item() != item {
        let before = app.nav.sel;
        key(app, KeyCode::Down);
        assert_ne!(app.nav.sel, before, "{item:?} is in the navigator");
    }
    key(app, KeyCode::Tab);
}

/// Walk with `n` to the next finding of a rule.
fn to_finding(app: &mut App, rule: &str) -> usize {
    for _ in 0..=app.data.findings.len() {
        key(app, KeyCode::Char('n'));
        let i = app.finding.expect("on a finding");
        if app.data.findings[i].rule == rule {
            return i;
        }
    }
    panic!("no finding of {rule}");
}

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 50)];

#[test]
fn table_view_snapshots() {
    for (name, _, _) in PAIRS {
        for (w, h) in SIZES {
            let (mut a, _dir) = app(name, w, h);
            insta::assert_snapshot!(format!("{name}_overview_{w}x{h}"), frame(&a));
            // Enter goes into the first error's table, at the error.
            key(&mut a, KeyCode::Enter);
            insta::assert_snapshot!(format!("{name}_table_{w}x{h}"), frame(&a));
        }
    }
}

#[test]
fn narrative_view_snapshots() {
    for (name, _, _) in PAIRS {
        for (w, h) in SIZES {
            let (mut a, _dir) = app(name, w, h);
            // Section 五 is where each constructed prior's copied text lies.
            select(&mut a, NavItem::Section(SectionId::S5));
            let f = frame(&a);
            assert!(f.contains('%'), "the similarity ratio is shown:\n{f}");
            insta::assert_snapshot!(format!("{name}_narrative_{w}x{h}"), f);
        }
    }
}

#[test]
fn details_help_editor_and_signoff_snapshots() {
    for (w, h) in SIZES {
        let (mut a, _dir) = app("zhoucun", w, h);
        to_finding(&mut a, "cell.unreadable");
        key(&mut a, KeyCode::Enter);
        let f = frame(&a);
        assert!(f.contains(":2"), "the cell as written:\n{f}");
        insta::assert_snapshot!(format!("zhoucun_details_{w}x{h}"), f);
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('?'));
        insta::assert_snapshot!(format!("zhoucun_help_{w}x{h}"), frame(&a));
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('a'));
        chars(&mut a, "收费数写成了“:2”，请改为数字");
        insta::assert_snapshot!(format!("zhoucun_editor_{w}x{h}"), frame(&a));
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('s'));
        insta::assert_snapshot!(format!("zhoucun_signoff_{w}x{h}"), frame(&a));
    }
}

#[test]
fn english_ascii_snapshot() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app_on(load_pair("zhoucun"), dir.path(), 80, 24, Lang::En, true);
    let overview = frame(&a);
    key(&mut a, KeyCode::Enter);
    let f = frame(&a);
    let ambiguous = ['✖', '⚠', 'ℹ', 'Δ', '✎', '↑', '↓', '│', '…', '·', '─'];
    assert!(
        !f.contains(ambiguous),
        "--ascii draws no ambiguous-width marker:\n{f}"
    );
    assert!(
        !overview.contains(ambiguous),
        "--ascii draws no ambiguous-width marker on the overview:\n{overview}"
    );
    insta::assert_snapshot!("zhoucun_overview_en_ascii_80x24", overview);
    insta::assert_snapshot!("zhoucun_table_en_ascii_80x24", f);
}

#[test]
fn no_line_is_wider_than_the_screen_at_80_columns() {
    for (name, _, _) in PAIRS {
        let (mut a, _dir) = app(name, 80, 24);
        select(&mut a, NavItem::Table(TableId::Apply));
        let f = frame(&a);
        assert!(f.lines().filter(|l| l.contains("申请")).count() >= 2, "{f}");
        for l in f.lines() {
            assert!(
                text::width(l) <= 80,
                "{name}: line wider than the screen: {l}"
            );
        }
    }
}

/// The zhoucun report copied into a temp folder with its prior, so it can be edited.
fn copy_zhoucun(dir: &Path) -> (PathBuf, PathBuf) {
    let cur = dir.join("zhoucun-approval-2020.txt");
    let prior = dir.join("zhoucun-approval-2019.txt");
    std::fs::copy(samples().join("zhoucun-approval-2020.txt"), &cur).expect("copies");
    std::fs::copy(samples().join("zhoucun-approval-2019.txt"), &prior).expect("copies");
    (cur, prior)
}

#[test]
fn escape_sequences_in_report_text_are_drawn_inert() {
    let files = tempfile::tempdir().expect("temp dir");
    let (cur, prior) = copy_zhoucun(files.path());
    // Section 六 says only 无; give it an ANSI colour sequence and a bell.
    let text = std::fs::read_to_string(&cur).expect("reads");
    let at = text.rfind("无").expect("section 六 says 无");
    let tainted = format!(
        "{}无\x1b[31m红字\x1b[0m\x07{}",
        &text[..at],
        &text[at + "无".len()..]
    );
    std::fs::write(&cur, tainted).expect("writes");
    let store_dir = tempfile::tempdir().expect("temp dir");
    let mut a = app_on(
        load(&cur, &prior),
        store_dir.path(),
        160,
        48,
        Lang::Zh,
        false,
    );
    select(&mut a, NavItem::Section(SectionId::S6));
    let f = frame(&a);
    assert!(f.contains("^[[31m红字"), "{f}");
    assert!(!f.contains('\x1b') && !f.contains('\x07'), "{f}");
}

#[test]
fn n_walks_every_finding_with_a_counter_and_wraps() {
    for (name, _, _) in PAIRS {
        let (mut a, _dir) = app(name, 80, 24);
        let total = a.data.findings.len();
        assert!(total > 0, "{name} has findings");
        let start = a.finding.expect("opens with a finding selected");
        // From the overview, n goes to the finding selected there.
        key(&mut a, KeyCode::Char('n'));
        assert_eq!(
            a.finding,
            Some(start),
            "{name}: n enters the selected finding"
        );
        assert_ne!(a.item(), NavItem::Overview);
        for k in 1..=total {
            key(&mut a, KeyCode::Char('n'));
            let i = (start + k) % total;
            assert_eq!(a.finding, Some(i), "{name}: step {k}");
            let f = frame(&a);
            assert!(f.contains(&format!("{}/{total}", i + 1)), "{name}:\n{f}");
            // The finding is on screen: in the detail pane of its cell or section.
            let fi = &a.data.findings[i];
            assert!(
                a.detail_items()
                    .contains(&super::app::DetailItem::Finding(i)),
                "{name}: {} at the cursor",
                fi.rule
            );
        }
        assert_eq!(a.finding, Some(start), "n wraps around");
        a.handle_key(&KeyEvent::new(KeyCode::Char('N'), KeyModifiers::SHIFT));
        assert_eq!(a.finding, Some((start + total - 1) % total));
    }
}

#[test]
fn the_screen_opens_on_the_first_error_and_n_goes_on_from_the_cursor() {
    let (mut a, _dir) = app("zhoucun", 80, 24);
    let first = a.finding.expect("a finding is selected on opening");
    assert_eq!(a.data.findings[first].severity, Severity::Error);
    assert!(
        a.data.findings[..first]
            .iter()
            .all(|f| f.severity != Severity::Error)
    );
    assert!(frame(&a).contains(&format!("问题 {}/", first + 1)));
    // Move to table 四 by hand: n goes to the first finding there, not after the last one.
    select(&mut a, NavItem::Table(TableId::Review));
    key(&mut a, KeyCode::Char('n'));
    let i = a.finding.expect("a finding");
    assert!(
        matches!(
            a.data.place(&a.data.findings[i]),
            super::data::Place::Cell(TableId::Review, _, _)
                | super::data::Place::Section(SectionId::S5)
                | super::data::Place::Section(SectionId::S6)
        ),
        "n from table 四 stays at or after it: {}",
        a.data.findings[i].rule
    );
}

#[test]
fn changed_cells_are_reached_with_brackets() {
    let (mut a, _dir) = app("zhoucun", 80, 24);
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
fn annotate_two_findings_return_with_a_comment_then_read_the_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app_on(load_pair("zhoucun"), dir.path(), 80, 24, Lang::Zh, false);

    let first = to_finding(&mut a, "cell.unreadable");
    key(&mut a, KeyCode::Char('a'));
    assert!(matches!(a.overlay, Overlay::Editor(..)));
    chars(&mut a, "收费数写成了“:2”");
    key(&mut a, KeyCode::Enter);
    chars(&mut a, "请改为数字");
    ctrl(&mut a, 's');
    assert!(matches!(a.overlay, Overlay::None), "{:?}", a.message);
    // Saved when confirmed, not at quit: the store has it already.
    let on_disk = store(dir.path())
        .load(&a.data.report)
        .expect("reads")
        .expect("record");
    assert_eq!(on_disk.annotations.len(), 1);

    let second = to_finding(&mut a, "narrative.contradiction");
    key(&mut a, KeyCode::Char('a'));
    chars(&mut a, "正文称无诉讼，表中有 1 件");
    ctrl(&mut a, 's');
    assert!(frame(&a).contains("批注 2（待处理 2）"), "{}", frame(&a));

    // Return with a comment (the dialog offers return first: errors are unaccepted).
    key(&mut a, KeyCode::Char('s'));
    match &a.overlay {
        Overlay::SignOff(s) => assert_eq!(s.decision, Decision::Return),
        other => panic!("sign-off dialog expected: {other:?}"),
    }
    chars(&mut a, "请修改后重新报送");
    ctrl(&mut a, 's');
    assert!(matches!(a.overlay, Overlay::None), "{:?}", a.message);
    assert_eq!(a.review.status.state, SignState::Returned);
    assert!(frame(&a).contains("已退回修改"));
    let findings = a.data.findings.clone();
    drop(a);

    // Another process opening the store sees the notes and the decision.
    let data = load_pair("zhoucun");
    let record = store(dir.path())
        .load(&data.report)
        .expect("reads")
        .expect("record");
    let notes: Vec<_> = record
        .annotations
        .iter()
        .map(|n| (n.target.clone(), n.text.as_str(), n.state))
        .collect();
    assert_eq!(
        notes,
        vec![
            (
                Target::finding(&findings[first]),
                "收费数写成了“:2”\n请改为数字",
                AnnotationState::Open
            ),
            (
                Target::finding(&findings[second]),
                "正文称无诉讼，表中有 1 件",
                AnnotationState::Open
            ),
        ]
    );
    let signoff = record.signoffs.last().expect("signed");
    assert_eq!(signoff.decision, Decision::Return);
    assert_eq!(signoff.comment, "请修改后重新报送");
    assert_eq!(signoff.reviewer, "审核员");

    // Reopened in the TUI: the decision in the header, the note in the details.
    let mut a = app_on(data, dir.path(), 160, 48, Lang::Zh, false);
    let f = frame(&a);
    assert!(f.contains("已退回修改") && f.contains("批注 2"), "{f}");
    to_finding(&mut a, "cell.unreadable");
    assert!(frame(&a).contains("请改为数字"), "{}", frame(&a));
}

#[test]
fn approving_with_unaccepted_errors_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app_on(load_pair("zhoucun"), dir.path(), 80, 24, Lang::Zh, false);
    let errors = a
        .data
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    assert_eq!(errors, 3);
    key(&mut a, KeyCode::Char('s'));
    key(&mut a, KeyCode::Tab);
    match &a.overlay {
        Overlay::SignOff(s) => assert_eq!(s.decision, Decision::Approve),
        other => panic!("sign-off dialog expected: {other:?}"),
    }
    chars(&mut a, "同意");
    ctrl(&mut a, 's');
    let reason = match &a.overlay {
        Overlay::SignOff(s) => s.refused.clone().expect("refused"),
        other => panic!("approval should be refused: {other:?}"),
    };
    assert!(reason.contains("不能通过：3 项错误"), "{reason}");
    assert!(reason.contains("yoy.carry_over") && reason.contains("cell.unreadable"));
    let f = frame(&a);
    assert!(f.contains("不能通过"), "the reason is in the dialog:\n{f}");
    let record = store(dir.path())
        .load_or_empty(&a.data.report)
        .expect("reads");
    assert!(record.signoffs.is_empty(), "nothing signed");
    assert_eq!(a.review.status.state, SignState::Unsigned);
}

#[test]
fn r_cycles_the_note_state_and_resolving_every_error_lets_approval_through() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app_on(load_pair("zhoucun"), dir.path(), 80, 24, Lang::Zh, false);
    let errors: Vec<usize> = (0..a.data.findings.len())
        .filter(|i| a.data.findings[*i].severity == Severity::Error)
        .collect();
    for i in errors {
        while a.finding != Some(i) {
            key(&mut a, KeyCode::Char('n'));
        }
        key(&mut a, KeyCode::Char('a'));
        chars(&mut a, "已电话核实，予以接受");
        ctrl(&mut a, 's');
        key(&mut a, KeyCode::Char('r'));
        assert!(
            a.message.as_ref().is_some_and(|m| m.0.contains("已解决")),
            "{:?}",
            a.message
        );
        key(&mut a, KeyCode::Char('r'));
    }
    let states: Vec<_> = a
        .review
        .record
        .annotations
        .iter()
        .map(|n| n.state)
        .collect();
    assert_eq!(states, vec![AnnotationState::Accepted; 3]);
    assert!(a.review.status.unaccepted_errors.is_empty());
    key(&mut a, KeyCode::Char('s'));
    match &a.overlay {
        Overlay::SignOff(s) => assert_eq!(s.decision, Decision::Approve),
        other => panic!("sign-off dialog expected: {other:?}"),
    }
    ctrl(&mut a, 's');
    assert!(matches!(a.overlay, Overlay::None), "{:?}", a.overlay);
    assert_eq!(a.review.status.state, SignState::Approved);
    // A third r goes back to open: the approval stays, but the error is unaccepted again.
    key(&mut a, KeyCode::Char('r'));
    assert_eq!(
        a.review.record.annotations[2].state,
        AnnotationState::Open,
        "{:?}",
        a.message
    );
    assert_eq!(a.review.status.unaccepted_errors.len(), 1);
}

#[test]
fn editing_the_report_file_after_sign_off_makes_it_stale() {
    let files = tempfile::tempdir().expect("temp dir");
    let (cur, prior) = copy_zhoucun(files.path());
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app_on(load(&cur, &prior), dir.path(), 80, 24, Lang::Zh, false);
    key(&mut a, KeyCode::Char('s'));
    chars(&mut a, "退回");
    ctrl(&mut a, 's');
    assert_eq!(a.review.status.state, SignState::Returned);
    drop(a);

    let mut text = std::fs::read_to_string(&cur).expect("reads");
    text.push_str("\n（修订稿）\n");
    std::fs::write(&cur, text).expect("writes");
    let a = app_on(load(&cur, &prior), dir.path(), 80, 24, Lang::Zh, false);
    assert_eq!(a.review.status.state, SignState::Stale);
    let f = frame(&a);
    assert!(f.contains("签署已失效（文件已改）"), "{f}");
}

#[test]
fn export_writes_the_memo_into_the_store_and_says_where() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app_on(load_pair("zhoucun"), dir.path(), 160, 48, Lang::Zh, false);
    key(&mut a, KeyCode::Char('s'));
    chars(&mut a, "请修改后重新报送");
    ctrl(&mut a, 's');
    key(&mut a, KeyCode::Char('e'));
    let (msg, is_err) = a.message.clone().expect("a message");
    assert!(!is_err, "{msg}");
    let path = msg
        .strip_prefix("审核意见已导出：")
        .map(PathBuf::from)
        .expect("the message names the file");
    assert!(path.starts_with(dir.path().join("memos")), "{msg}");
    let memo = std::fs::read_to_string(&path).expect("memo written");
    assert!(
        memo.contains("整改意见") && memo.contains("请修改后重新报送"),
        "{memo}"
    );
}

#[test]
fn the_layout_follows_resizes_down_to_tiny_sizes() {
    let (mut a, _dir) = app("yuyang", 160, 48);
    for (w, h) in [(80, 24), (40, 10), (10, 3), (1, 1), (120, 30)] {
        a.handle_event(&crossterm::event::Event::Resize(w, h));
        let f = frame(&a);
        assert_eq!(f.lines().count(), h as usize);
    }
}

#[test]
fn search_jumps_to_a_row_label() {
    let (mut a, _dir) = app("zhoucun", 80, 24);
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
    let (mut a, _dir) = app("hengshan", 80, 24);
    select(&mut a, NavItem::Table(TableId::Apply));
    for _ in 0..6 {
        key(&mut a, KeyCode::Char('l'));
    }
    let f = frame(&a);
    assert!(f.contains("总计"), "{f}");
    assert!(f.contains("本年新收"), "labels stay: {f}");
}

/// The last non-empty line of a frame.
fn bottom_line(f: &str) -> String {
    f.lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string()
}

#[test]
fn the_footer_ends_with_help_and_quit_at_every_width_and_with_a_message() {
    for w in [80, 100, 120, 200] {
        let (mut a, _dir) = app("zhoucun", w, 24);
        let last = bottom_line(&frame(&a));
        assert!(last.contains("? 帮助 q 退出"), "{w}: {last}");
        a.message = Some(("批注 1 状态改为：已解决".into(), false));
        let last = bottom_line(&frame(&a));
        assert!(
            last.contains("批注 1") && last.contains("? 帮助 q 退出"),
            "{w}: {last}"
        );
    }
}

#[test]
fn column_heads_are_whole_never_cut() {
    let (mut a, _dir) = app("zhoucun", 200, 50);
    select(&mut a, NavItem::Table(TableId::Review));
    let f = frame(&a);
    for h in ["结果维持", "结果纠正", "其他结果", "尚未审结"] {
        assert!(f.contains(h), "{h} whole at 200 columns:\n{f}");
    }
    for (w, h) in [(80, 24), (120, 40), (200, 50)] {
        for name in ["zhoucun", "yuyang"] {
            let (mut a, _dir) = app(name, w, h);
            for t in TableId::ALL {
                select(&mut a, NavItem::Table(t));
                let f = frame(&a);
                // Head lines: in the main pane, starting blank or with a group name.
                let main = |l: &str| -> String {
                    if w >= 100 {
                        l.split_once('│')
                            .map_or(String::new(), |(_, m)| m.to_string())
                    } else {
                        l.to_string()
                    }
                };
                let cut = f.lines().map(main).find(|m| {
                    m.contains('…')
                        && !m.contains("无此栏")
                        && !m.chars().any(|c| c.is_ascii_digit())
                });
                assert!(
                    cut.is_none(),
                    "{name} {w}x{h}: a head was cut: {cut:?}\n{f}"
                );
            }
        }
    }
}

#[test]
fn last_years_rows_across_the_template_change_are_shown_with_their_numbers() {
    let (mut a, _dir) = app("yuyang", 200, 50);
    select(&mut a, NavItem::Table(TableId::Active));
    let f = frame(&a);
    let row = f
        .lines()
        .find(|l| l.contains("其他对外管理服务事项"))
        .unwrap_or_else(|| panic!("the 2019-only row is shown:\n{f}"));
    assert!(row.contains("（仅上年）"), "{row}");
    let nums: Vec<&str> = row.split_whitespace().collect();
    assert!(nums.contains(&"12") && nums.contains(&"35"), "{row}");
    assert!(row.contains("无此栏"), "this year's side says so: {row}");
    insta::assert_snapshot!("yuyang_active_200x50", f);
    // The cursor on it: the details say which form has it.
    let r = a
        .data
        .grids
        .rows(TableId::Active)
        .iter()
        .position(|r| r.id == "other_admin")
        .expect("the row");
    while a.cursor(TableId::Active).row < r {
        key(&mut a, KeyCode::Down);
    }
    let f = frame(&a);
    assert!(f.contains("本年所用模板无此栏"), "{f}");
}

#[test]
fn a_swing_reads_as_a_change_and_similarity_as_a_percentage() {
    let (mut a, _dir) = app("hengshan", 120, 40);
    let i = to_finding(&mut a, "yoy.swing");
    let f = frame(&a);
    let fi = &a.data.findings[i];
    let (then, now) = (fi.expected.expect("prior"), fi.actual.expect("current"));
    let change = format!("上年 {} → 本年 {}", then.normalize(), now.normalize());
    assert!(f.contains(&change), "{change}:\n{f}");
    assert!(!f.contains("应为"), "{f}");
    select(&mut a, NavItem::Section(SectionId::S5));
    let f = frame(&a);
    assert!(
        f.contains("相似度") && f.contains('%') && f.contains("2019年（上年）"),
        "{f}"
    );
}

#[test]
fn help_lists_each_key_once_and_says_when_there_is_more() {
    let lines = super::help::lines(Lang::Zh, Theme::detect(false), super::help::GROUPS);
    let mut labels: Vec<&str> = lines
        .iter()
        .filter(|(_, heading)| !heading)
        .filter_map(|(l, _)| l.split_whitespace().next())
        .collect();
    let n = labels.len();
    labels.sort();
    labels.dedup();
    // Tab, Enter, Esc, Up/Down and q differ by pane; no key's line is repeated in a group.
    assert!(n - labels.len() <= 5, "{lines:?}");
    assert_eq!(
        lines.iter().filter(|(l, _)| l.contains("n/N")).count(),
        1,
        "{lines:#?}"
    );
    let (mut a, _dir) = app("zhoucun", 80, 24);
    key(&mut a, KeyCode::Char('?'));
    let f = frame(&a);
    assert!(f.contains("还有更多"), "{f}");
    for _ in 0..200 {
        key(&mut a, KeyCode::Down);
    }
    let f = frame(&a);
    assert!(f.contains("已到末尾") && f.contains("较上年"), "{f}");
    key(&mut a, KeyCode::Up);
    assert!(matches!(a.overlay, Overlay::Help(n) if n > 0));
}

fn mouse(a: &mut App, kind: crossterm::event::MouseEventKind, x: u16, y: u16) {
    a.handle_event(&crossterm::event::Event::Mouse(
        crossterm::event::MouseEvent {
            kind,
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        },
    ));
}

#[test]
fn a_click_selects_a_navigator_row_a_cell_or_a_note_and_the_wheel_scrolls() {
    use crossterm::event::{MouseButton, MouseEventKind as K};
    let (mut a, _dir) = app("zhoucun", 120, 40);
    // Navigator: the entries start below its top border, under the two header lines.
    let review = a
        .nav
        .items
        .iter()
        .position(|i| *i == NavItem::Table(TableId::Review))
        .expect("table 四");
    mouse(&mut a, K::Down(MouseButton::Left), 2, 3 + review as u16);
    assert_eq!(a.item(), NavItem::Table(TableId::Review));
    assert_eq!(a.focus, Pane::Nav);
    key(&mut a, KeyCode::Tab);
    // A cell: find 尚未审结's head on screen and click the row below it in this year's pane.
    select(&mut a, NavItem::Table(TableId::Apply));
    let f = frame(&a);
    let (y, line) = f
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("│予以公开"))
        .expect("a row");
    let x = text::width(line) as u16 - 2;
    mouse(&mut a, K::Down(MouseButton::Left), x, y as u16);
    assert_eq!(a.focus, Pane::Main);
    let id = a.cursor_cell().expect("a cell");
    assert!(id.starts_with("apply.granted."), "{id}");
    // The wheel moves down the table.
    let row = a.cursor(TableId::Apply).row;
    mouse(&mut a, K::ScrollDown, x, y as u16);
    assert_eq!(a.cursor(TableId::Apply).row, row + 3);
    // A note in the details: write one, then click its line.
    key(&mut a, KeyCode::Char('a'));
    chars(&mut a, "点击选中");
    ctrl(&mut a, 's');
    let f = frame(&a);
    let (ny, _) = f
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("点击选中"))
        .expect("the note is listed");
    mouse(&mut a, K::Down(MouseButton::Left), 40, ny as u16);
    assert_eq!(a.focus, Pane::Detail);
    assert!(matches!(
        a.detail_items().get(a.detail.sel),
        Some(super::app::DetailItem::Note(_))
    ));
}

#[test]
fn a_return_needs_a_comment_and_a_second_decision_asks_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app_on(load_pair("zhoucun"), dir.path(), 80, 24, Lang::Zh, false);
    key(&mut a, KeyCode::Char('s'));
    ctrl(&mut a, 's');
    match &a.overlay {
        Overlay::SignOff(s) => assert!(
            s.refused
                .as_deref()
                .is_some_and(|r| r.contains("须填写意见")),
            "{:?}",
            s.refused
        ),
        other => panic!("the dialog stays: {other:?}"),
    }
    chars(&mut a, "请补正");
    ctrl(&mut a, 's');
    assert!(matches!(a.overlay, Overlay::None));
    assert_eq!(a.review.status.state, SignState::Returned);
    // A second decision: told first, replaced on a second Ctrl-S.
    key(&mut a, KeyCode::Char('s'));
    chars(&mut a, "再次退回");
    ctrl(&mut a, 's');
    let f = frame(&a);
    assert!(f.contains("已有决定"), "{f}");
    assert_eq!(a.review.record.signoffs.len(), 1);
    ctrl(&mut a, 's');
    assert!(matches!(a.overlay, Overlay::None), "{:?}", a.overlay);
    assert_eq!(a.review.record.signoffs.len(), 2);
}

#[test]
fn the_note_dialog_says_which_findings_the_note_covers() {
    let (mut a, _dir) = app("zhoucun", 120, 40);
    // The unreadable fee cell carries two findings; a note on the cell covers both.
    to_finding(&mut a, "cell.unreadable");
    key(&mut a, KeyCode::Tab);
    let cell_note = a.detail_items().len();
    let _ = cell_note;
    a.focus = Pane::Main;
    a.finding = None;
    key(&mut a, KeyCode::Char('a'));
    let f = frame(&a);
    assert!(
        f.contains("此批注涵盖 2 项问题")
            && f.contains("cell.unreadable")
            && f.contains("yoy.prev_items"),
        "{f}"
    );
}

/// `i` on the unreadable `:2` cell of zhoucun: a value that is no number is refused in the
/// dialog, a note is asked for, then the reading is stored for this content, the rules run
/// again on it (the cell's error is gone and the cell shows the reviewer's value), it is kept
/// on reopening, and the memo says so.
#[test]
fn the_reviewer_reads_a_cell_the_machine_could_not_and_the_rules_run_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app_on(load_pair("zhoucun"), dir.path(), 120, 40, Lang::Zh, false);
    // On a cell read with certainty, `i` says what it is for.
    select(&mut a, NavItem::Table(TableId::Active));
    key(&mut a, KeyCode::Home);
    key(&mut a, KeyCode::Char('i'));
    assert!(matches!(a.overlay, Overlay::None));
    assert!(
        a.message
            .as_ref()
            .is_some_and(|m| m.1 && m.0.contains("无法识别或有歧义")),
        "{:?}",
        a.message
    );
    let f = to_finding(&mut a, "cell.unreadable");
    let cell = a.cursor_cell().expect("on the cell");
    assert_eq!(a.data.findings[f].cells, vec![cell.clone()]);
    let errors_before = a.data.counts().0;
    assert!(frame(&a).contains("按 i 录入审核人读数"), "{}", frame(&a));

    key(&mut a, KeyCode::Char('i'));
    assert!(matches!(a.overlay, Overlay::Reading(_)));
    assert!(
        frame(&a).contains("审核人读数：行政事业性收费"),
        "{}",
        frame(&a)
    );
    chars(&mut a, "两件");
    ctrl(&mut a, 's');
    let Overlay::Reading(s) = &a.overlay else {
        panic!("the dialog stays open on a value that is no number")
    };
    assert!(s.refused.as_deref().is_some_and(|r| r.contains("不是数字")));
    for _ in 0..2 {
        key(&mut a, KeyCode::Backspace);
    }
    chars(&mut a, "2");
    ctrl(&mut a, 's');
    let Overlay::Reading(s) = &a.overlay else {
        panic!("the dialog stays open without a note")
    };
    assert!(s.refused.as_deref().is_some_and(|r| r.contains("依据")) && s.on_note);
    chars(&mut a, "原文“:2”系笔误，应为 2");
    ctrl(&mut a, 's');
    assert!(matches!(a.overlay, Overlay::None), "saved");
    assert!(
        a.message
            .as_ref()
            .is_some_and(|m| !m.1 && m.0.contains("读作 2")),
        "{:?}",
        a.message
    );

    // The rules ran on it: no finding on the cell is about it being unreadable, one error
    // fewer, the header counts it, and the cell shows the reviewer's value.
    assert!(
        !a.data
            .findings_on_cell(&cell)
            .any(|f| f.rule == "cell.unreadable"),
        "{:?}",
        a.data
            .findings_on_cell(&cell)
            .map(|f| &f.rule)
            .collect::<Vec<_>>()
    );
    assert_eq!(a.data.counts().0, errors_before - 1);
    assert_eq!(a.review.status.errors, errors_before - 1);
    let f = frame(&a);
    assert!(f.contains("=2"), "the cell shows the reading:\n{f}");
    assert!(f.contains("审核人读数 2"), "the details say whose:\n{f}");
    assert!(f.contains(&format!("错误 {}", errors_before - 1)), "{f}");
    let readings = &a.review.record.readings;
    assert_eq!(readings.len(), 1);
    assert_eq!(readings[0].cell, cell);
    assert_eq!(readings[0].value, rust_decimal::Decimal::from(2));
    assert_eq!(readings[0].note, "原文“:2”系笔误，应为 2");

    // The memo mentions it.
    key(&mut a, KeyCode::Char('e'));
    let memo_dir = dir.path().join("memos");
    let memo = std::fs::read_dir(&memo_dir)
        .expect("memos")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("reads"))
        .next()
        .expect("a memo");
    assert!(memo.contains("审核人认定读数"), "{memo}");

    // Reopened: the reading is applied again from the store.
    let b = app_on(load_pair("zhoucun"), dir.path(), 120, 40, Lang::Zh, false);
    assert_eq!(b.data.counts().0, errors_before - 1);
    assert!(b.data.reading(&cell).is_some());
}

/// The overview the reviewer opens on: a row per section and table with its counts, the
/// first error's row selected; Enter goes into it, at the error.
#[test]
fn the_screen_opens_on_an_overview_of_counts_and_enter_goes_into_the_selected_row() {
    let (mut a, _dir) = app("zhoucun", 120, 40);
    assert_eq!(a.item(), NavItem::Overview);
    assert_eq!(a.ctx(), super::keys::Ctx::Overview);
    let first = a.finding.expect("the first error selected");
    let f = frame(&a);
    for word in [
        "总览",
        "部分 / 表格",
        "未接受错误",
        "合计",
        "审核状态：",
        "表格（依申请）",
    ] {
        assert!(f.contains(word), "{word}:\n{f}");
    }
    // Counts as the findings have them: table 二 has three errors.
    let active = f
        .lines()
        .find(|l| l.contains("表格（主动公开）") && l.contains("  0"))
        .expect("the active table's row");
    let nums: Vec<&str> = active.split_whitespace().rev().take(5).collect();
    let c = super::overview_view::counts(&a, NavItem::Table(TableId::Active));
    assert_eq!(
        nums,
        [c.notes, c.unsettled, c.infos, c.warnings, c.errors].map(|n| n.to_string()),
        "{active}"
    );
    assert_eq!(c.errors, c.unsettled, "nothing settled yet");
    assert!(c.errors > 0);
    assert!(
        f.lines()
            .last()
            .is_some_and(|l| l.contains("? 帮助 q 退出")),
        "{f}"
    );
    // The selected row holds the first error; the details list its findings.
    assert!(super::overview_view::finding_in(
        &a,
        first,
        a.overview_item()
    ));
    assert!(
        a.detail_items()
            .contains(&super::app::DetailItem::Finding(first))
    );
    // Down and Up move the selection; Enter on another row goes into it.
    let sel = a.overview.sel;
    key(&mut a, KeyCode::Down);
    assert_eq!(a.overview.sel, sel + 1);
    key(&mut a, KeyCode::Up);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.finding, Some(first));
    assert_eq!(Some(a.item()), Some(NavItem::Table(TableId::Active)));
    assert!(
        a.detail_items()
            .contains(&super::app::DetailItem::Finding(first))
    );
    // Back on the overview with the navigator, a click selects a row.
    select(&mut a, NavItem::Overview);
    let area = super::layout::areas(a.size, false).main;
    mouse(
        &mut a,
        crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        area.x + 3,
        area.y + 2,
    );
    assert_eq!(a.overview.sel, 1, "the first row, 一、总体情况");
}

/// With `signing_key` configured, a decision taken on the screen is signed with the SSH key,
/// as `nianbao signoff` signs it. Skipped, saying so, where `ssh-keygen` is not installed.
#[test]
fn a_decision_on_the_screen_is_signed_with_the_configured_key() {
    if std::process::Command::new("ssh-keygen")
        .arg("-?")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: ssh-keygen is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let key_path = dir.path().join("reviewer-key");
    let st = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "wang", "-f"])
        .arg(&key_path)
        .status()
        .expect("ssh-keygen runs");
    assert!(st.success());
    let store_dir = dir.path().join("store");
    let mut a = app_on(load_pair("zhoucun"), &store_dir, 120, 40, Lang::Zh, false);
    a.review.signing_key = Some(key_path);
    key(&mut a, KeyCode::Char('s'));
    chars(&mut a, "请修改");
    ctrl(&mut a, 's');
    assert!(matches!(a.overlay, Overlay::None), "{:?}", a.message);
    let signoff = a.review.record.signoffs.last().expect("signed");
    let sig = signoff.signature.as_ref().expect("signed with the key");
    assert!(
        sig.fingerprint.starts_with("SHA256:"),
        "{}",
        sig.fingerprint
    );

    // A key that cannot be read: the store's refusal, in the CLI's Chinese words.
    let mut b = app_on(
        load_pair("zhoucun"),
        &dir.path().join("s2"),
        120,
        40,
        Lang::Zh,
        false,
    );
    b.review.signing_key = Some(dir.path().join("no-such-key"));
    key(&mut b, KeyCode::Char('s'));
    chars(&mut b, "请修改");
    ctrl(&mut b, 's');
    let Overlay::SignOff(s) = &b.overlay else {
        panic!("the dialog stays open")
    };
    assert!(
        s.refused
            .as_deref()
            .is_some_and(|r| r.contains("无法用 SSH 密钥签名")),
        "{:?}",
        s.refused
    );
}

/// A store error on the screen reads as the CLI says it (`ReviewError::message`): Chinese by
/// default, English under `--lang en`.
#[test]
fn a_damaged_record_is_reported_in_the_clis_words() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = app_on(load_pair("zhoucun"), dir.path(), 80, 24, Lang::Zh, false);
    let path = a.review.store.record_path(&a.data.report);
    std::fs::write(&path, "{ damaged").expect("record overwritten");
    for (lang, words) in [(Lang::Zh, "已损坏，无法读取"), (Lang::En, "is damaged")] {
        let mut data = load_pair("zhoucun");
        let err = Review::open(store(dir.path()), &mut data, "审核员", lang)
            .err()
            .expect("a damaged record is refused");
        assert!(err.to_string().contains(words), "{lang:?}: {err}");
    }
}

/// The zhoucun pair opened on an empty store as the screen opens it, before its first frame
/// ([`Review::preview`]); with where its record goes.
fn previewed() -> (tempfile::TempDir, ReviewData, Review, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut data = load_pair("zhoucun");
    let review =
        Review::preview(store(dir.path()), &mut data, "审核员", Lang::Zh).expect("previewed");
    let path = review.store.record_path(&data.report);
    (dir, data, review, path)
}

/// The screen's first frame does not wait for the disk: the reviewer opens on the record the
/// opening will write, drawn before anything is written; once drawn, the opening is written,
/// and what is on disk is what the frame showed.
#[test]
fn the_opening_is_written_after_the_first_frame_and_is_what_it_showed() {
    let (_dir, data, review, path) = previewed();
    let shown = review.record.clone();
    assert_eq!(
        shown.revisions.len(),
        1,
        "the opening adds the file as revision 1"
    );
    let mut a = screen(data, review, 80, 24, Lang::Zh, false);
    let first = frame(&a);
    assert!(!path.exists(), "nothing is written before the first frame");
    assert!(
        a.settle_opening(),
        "the opening is written once the frame is drawn"
    );
    let on_disk = a
        .review
        .store
        .load(&a.data.report)
        .expect("reads")
        .expect("written");
    assert_eq!(
        on_disk, shown,
        "the record written is the one the first frame showed"
    );
    assert_eq!(a.review.record, on_disk);
    assert_eq!(frame(&a), first, "drawn again, the screen is the same");
    assert!(!a.settle_opening(), "written once");
}

/// A store that can be read but not written (here, the record's lock cannot be made): the
/// report is still shown, and once its first frame is drawn the footer says the store is
/// read-only and why, in the CLI's words, as when the opening failed before the screen.
#[test]
fn a_store_that_cannot_be_written_shows_the_report_and_says_so() {
    let (_dir, data, review, path) = previewed();
    std::fs::create_dir(path.with_extension("lock")).expect("a folder where the lock goes");
    let mut a = screen(data, review, 80, 24, Lang::Zh, false);
    assert_eq!(a.message, None);
    assert!(a.settle_opening());
    let (msg, is_error) = a.message.clone().expect("the footer says why");
    assert!(is_error);
    assert!(msg.starts_with("审核库只读，仅可查看："), "{msg}");
    assert!(a.review.read_only.is_some());
    assert!(!path.exists(), "no record was written");
    assert!(frame(&a).contains("审核库只读"), "{}", frame(&a));
}
