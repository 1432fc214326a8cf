//! The inbox on a copy of `samples/`: every report listed with its counts and state, sorting
//! and filters, and the round trip into the reviewer and back with the state updated.

use std::path::{Path, PathBuf};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use nianbao::Lang;
use nianbao::review::{SignState, Store};
use nianbao::rules::RuleSet;

use super::super::Screen;
use super::super::tests::dump;
use super::super::theme::Theme;
use super::{Inbox, SortKey, rows};

/// A copy of the samples folder (so the store and edits never touch the repository's), a
/// store folder, and the inbox over them.
fn inbox(w: u16, h: u16) -> (Inbox, tempfile::TempDir, tempfile::TempDir) {
    let files = tempfile::tempdir().expect("temp dir");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for entry in std::fs::read_dir(&samples).expect("samples") {
        let p = entry.expect("entry").path();
        std::fs::copy(&p, files.path().join(p.file_name().expect("name"))).expect("copies");
    }
    let store_dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(store_dir.path()).expect("store");
    let rules = RuleSet::builtin();
    let rows = rows::load(files.path(), &rules, &store, Lang::Zh);
    let inbox = Inbox::new(
        files.path().to_path_buf(),
        rows,
        store,
        rules,
        "审核员".into(),
        Lang::Zh,
        Theme {
            ascii: false,
            color: false,
        },
        Rect::new(0, 0, w, h),
    );
    (inbox, files, store_dir)
}

fn frame(inbox: &Inbox) -> String {
    let mut term =
        Terminal::new(TestBackend::new(inbox.size.width, inbox.size.height)).expect("test backend");
    term.draw(|f| inbox.draw(f)).expect("draws");
    dump(term.backend().buffer()).replace(&inbox.dir.to_string_lossy().into_owned(), "<DIR>")
}

fn key(inbox: &mut Inbox, code: KeyCode) {
    inbox.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn ctrl(inbox: &mut Inbox, c: char) {
    inbox.handle_event(&Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

fn chars(inbox: &mut Inbox, s: &str) {
    for c in s.chars() {
        key(inbox, KeyCode::Char(c));
    }
}

fn name(p: &Path) -> &str {
    p.file_name().and_then(|n| n.to_str()).expect("file name")
}

/// Move the highlight to a file's row with the keys.
fn select_file(inbox: &mut Inbox, file: &str) {
    key(inbox, KeyCode::Home);
    while inbox.selected().map(|r| name(&r.path)) != Some(file) {
        let before = inbox.sel;
        key(inbox, KeyCode::Down);
        assert_ne!(inbox.sel, before, "{file} is listed");
    }
}

#[test]
fn the_list_shows_every_report_of_the_folder_with_its_prior_and_counts() {
    let (inbox, files, _store) = inbox(160, 48);
    let mut expected: Vec<PathBuf> = std::fs::read_dir(files.path())
        .expect("reads")
        .map(|e| e.expect("entry").path())
        .filter(|p| name(p) != "README.md")
        .collect();
    expected.sort();
    let listed: Vec<PathBuf> = inbox.rows.iter().map(|r| r.path.clone()).collect();
    assert_eq!(listed, expected);
    assert_eq!(inbox.visible.len(), 16);
    let f = frame(&inbox);
    for p in &expected {
        assert!(f.contains(name(p)), "{} listed:\n{f}", name(p));
    }
    let row = |file: &str| {
        inbox
            .rows
            .iter()
            .find(|r| name(&r.path) == file)
            .expect("row")
    };
    // Every rendering of a seed is paired with the same constructed prior year.
    for file in [
        "zhoucun-approval-2020.txt",
        "zhoucun-approval-2020.html",
        "zhoucun-approval-2020.docx",
    ] {
        let r = row(file);
        assert_eq!(
            r.prior.as_deref().map(name),
            Some("zhoucun-approval-2019.txt")
        );
        // The carry-over of `:2` cannot be checked: an info, not a warning (rules.md).
        assert_eq!((r.errors, r.warnings), (3, 3), "{file}: as `check` counts");
        assert_eq!(r.state, Some(SignState::Unsigned));
    }
    assert_eq!(
        row("yuyang-health-2021.gbk.html")
            .prior
            .as_deref()
            .map(name),
        Some("yuyang-health-2020.txt")
    );
    assert_eq!(row("haiyuan-approval-2020.txt").prior, None);
    insta::assert_snapshot!("inbox_160x48", f);
}

#[test]
fn the_list_at_80_columns() {
    let (inbox, _files, _store) = inbox(80, 24);
    let f = frame(&inbox);
    for l in f.lines() {
        assert!(super::super::text::width(l) <= 80, "{l}");
    }
    assert!(
        f.contains("…-2020.docx") && f.contains("…-2019.txt"),
        "names keep their ending:\n{f}"
    );
    insta::assert_snapshot!("inbox_80x24", f);
}

#[test]
fn filters_and_sort_keys_cycle() {
    let (mut inbox, _files, _store) = inbox(120, 30);
    key(&mut inbox, KeyCode::Char('f'));
    assert!(inbox.errors_only);
    assert!(!inbox.visible.is_empty() && inbox.visible.len() < inbox.rows.len());
    assert!(inbox.visible.iter().all(|&i| inbox.rows[i].errors > 0));
    assert!(frame(&inbox).contains("筛选：仅有错误"));
    let with_errors = inbox.rows.iter().filter(|r| r.errors > 0).count();
    assert_eq!(inbox.visible.len(), with_errors);
    key(&mut inbox, KeyCode::Char('f'));
    assert_eq!(inbox.visible.len(), inbox.rows.len());

    for (expect, check) in [
        (SortKey::Year, "year"),
        (SortKey::Errors, "errors"),
        (SortKey::State, "state"),
        (SortKey::Agency, "agency"),
    ] {
        key(&mut inbox, KeyCode::Char('o'));
        assert_eq!(inbox.sort, expect);
        let shown: Vec<&rows::Row> = inbox.visible.iter().map(|&i| &inbox.rows[i]).collect();
        let sorted = shown.windows(2).all(|w| match check {
            "year" => nianbao::session::order::by_year(w[0].year, w[1].year).is_le(),
            "errors" => w[0].errors >= w[1].errors,
            "state" => super::state_rank(w[0].state) <= super::state_rank(w[1].state),
            _ => nianbao::session::order::by_agency(w[0].agency.as_deref(), w[1].agency.as_deref())
                .is_le(),
        });
        assert!(sorted, "sorted by {check}");
    }
}

#[test]
fn enter_opens_the_reviewer_and_q_returns_with_the_state_updated() {
    let (mut inbox, _files, store_dir) = inbox(120, 30);
    select_file(&mut inbox, "zhoucun-approval-2020.txt");
    key(&mut inbox, KeyCode::Enter);
    let app = inbox.reviewer.as_ref().expect("the reviewer is open");
    assert_eq!(
        app.data.prior.as_ref().map(|p| p.meta.year),
        Some(Some(2019))
    );
    let f = frame(&inbox);
    assert!(f.contains("2020年度 对照 2019年度"), "{f}");

    // Return it with a comment, then q back to the list.
    key(&mut inbox, KeyCode::Char('s'));
    chars(&mut inbox, "请修改");
    ctrl(&mut inbox, 's');
    key(&mut inbox, KeyCode::Char('q'));
    assert!(inbox.reviewer.is_none() && !inbox.quit);
    let row = inbox.selected().expect("still highlighted");
    assert_eq!(name(&row.path), "zhoucun-approval-2020.txt");
    assert_eq!(row.state, Some(SignState::Returned));
    let f = frame(&inbox);
    assert!(
        f.contains("已回到收件箱：周村区行政审批服务局 已退回修改"),
        "{f}"
    );
    // The other renderings of the same report share its record and read the same: the
    // decision holds for them, as signed as another file (review-states.md).
    let html = inbox
        .rows
        .iter()
        .find(|r| name(&r.path) == "zhoucun-approval-2020.html")
        .expect("row");
    assert_eq!(html.state, Some(SignState::Returned));

    // The unsigned filter now leaves the returned report out.
    key(&mut inbox, KeyCode::Char('u'));
    assert!(inbox.visible.iter().all(|&i| inbox.rows[i].unsigned()));
    assert!(
        !inbox
            .visible
            .iter()
            .any(|&i| name(&inbox.rows[i].path) == "zhoucun-approval-2020.txt")
    );

    // The store has it for the next run.
    let again = rows::load(
        &inbox.dir,
        &RuleSet::builtin(),
        &Store::open(store_dir.path()).expect("store"),
        Lang::Zh,
    );
    let r = again
        .iter()
        .find(|r| name(&r.path) == "zhoucun-approval-2020.txt")
        .expect("row");
    assert_eq!(r.state, Some(SignState::Returned));

    key(&mut inbox, KeyCode::Char('q'));
    assert!(inbox.quit, "q in the list quits");
}

#[test]
fn ctrl_c_in_the_reviewer_quits_the_inbox_and_help_lists_the_inbox_keys() {
    let (mut inbox, _files, _store) = inbox(120, 40);
    key(&mut inbox, KeyCode::Char('?'));
    let f = frame(&inbox);
    for k in ["打开审核", "换排序", "仅有错误", "仅未签署"] {
        assert!(f.contains(k), "{k} in the help:\n{f}");
    }
    key(&mut inbox, KeyCode::Esc);
    assert!(inbox.help.is_none());
    key(&mut inbox, KeyCode::Enter);
    assert!(inbox.reviewer.is_some());
    ctrl(&mut inbox, 'c');
    assert!(inbox.quit);
}

#[test]
fn the_prior_year_column_names_the_paired_file_or_says_there_is_none() {
    let (inbox, _files, _store) = inbox(200, 30);
    let f = frame(&inbox);
    assert!(f.contains("上年报告"), "the column head:\n{f}");
    let line = |file: &str| {
        f.lines()
            .find(|l| l.contains(file) && !l.trim_start().starts_with(file))
            .map(str::to_string)
            .unwrap_or_else(|| panic!("{file} listed:\n{f}"))
    };
    // The zhoucun 2020 line names its prior; haiyuan has none.
    let zhoucun = f
        .lines()
        .find(|l| l.contains("zhoucun-approval-2020.txt"))
        .expect("zhoucun listed");
    assert!(
        zhoucun.contains("zhoucun-approval-2019.txt"),
        "prior named:\n{zhoucun}"
    );
    assert!(line("haiyuan-approval-2020.txt").contains("无上年"), "{f}");
}

#[test]
fn slash_filters_by_agency_as_typed_and_esc_clears_it() {
    let (mut inbox, _files, _store) = inbox(160, 40);
    let all = inbox.visible.len();
    key(&mut inbox, KeyCode::Char('/'));
    assert!(inbox.filtering);
    chars(&mut inbox, "周");
    let narrowed = inbox.visible.len();
    assert!(narrowed < all && narrowed > 0, "{narrowed} of {all}");
    chars(&mut inbox, "村");
    assert!(
        inbox.visible.iter().all(|&i| inbox.rows[i]
            .agency
            .as_deref()
            .unwrap_or("")
            .contains("周村")),
        "only 周村 rows"
    );
    // Letters are the filter's while it is typed: `q` does not quit.
    key(&mut inbox, KeyCode::Char('q'));
    assert!(!inbox.quit && inbox.visible.is_empty(), "nothing has 周村q");
    key(&mut inbox, KeyCode::Backspace);
    let f = frame(&inbox);
    assert!(f.contains("机关含「周村」"), "{f}");
    assert!(f.contains("按机关筛选："), "the prompt:\n{f}");
    // Enter keeps the filter and gives the keys back to the list.
    key(&mut inbox, KeyCode::Enter);
    assert!(!inbox.filtering);
    assert!(inbox.visible.len() < all);
    key(&mut inbox, KeyCode::Char('/'));
    key(&mut inbox, KeyCode::Esc);
    assert!(!inbox.filtering);
    assert_eq!(inbox.visible.len(), all, "Esc clears the filter");
}

#[test]
fn years_sort_newest_first_and_an_unknown_agency_or_year_last() {
    use std::cmp::Ordering;
    assert_eq!(
        nianbao::session::order::by_year(Some(2021), Some(2019)),
        Ordering::Less
    );
    assert_eq!(
        nianbao::session::order::by_year(None, Some(2019)),
        Ordering::Greater
    );
    assert_eq!(
        nianbao::session::order::by_agency(None, Some("周村")),
        Ordering::Greater
    );
    assert_eq!(
        nianbao::session::order::by_agency(Some("周村"), Some("周村")),
        Ordering::Equal
    );
    let (mut inbox, _files, _store) = inbox(120, 30);
    // Agency order: rows with an agency first.
    let agencies: Vec<Option<&str>> = inbox
        .visible
        .iter()
        .map(|&i| inbox.rows[i].agency.as_deref())
        .collect();
    let first_unknown = agencies.iter().position(Option::is_none);
    if let Some(k) = first_unknown {
        assert!(agencies[k..].iter().all(Option::is_none), "{agencies:?}");
    }
    key(&mut inbox, KeyCode::Char('o'));
    assert_eq!(inbox.sort, SortKey::Year);
    let years: Vec<Option<i32>> = inbox.visible.iter().map(|&i| inbox.rows[i].year).collect();
    assert_eq!(years.first().copied().flatten(), Some(2024), "{years:?}");
}

#[test]
fn the_inbox_sorts_as_check_sort_does() {
    use crate::cli::args::SortKey as CliSort;
    use crate::cli::summary::{SummaryRow, sort};
    use nianbao::session::order::AgencyKey;

    let (mut inbox, _files, _store) = inbox(120, 30);
    // Same files, as `check --summary` makes its rows.
    let summary_rows = |inbox: &Inbox| -> Vec<SummaryRow> {
        inbox
            .rows
            .iter()
            .map(|r| SummaryRow {
                agency: r.agency.clone().unwrap_or_else(|| "?".into()),
                agency_key: AgencyKey::new(r.agency.as_deref()),
                year: r.year,
                template: r.template.clone(),
                errors: r.errors,
                warnings: r.warnings,
                state: String::new(),
                path: r.path.display().to_string(),
            })
            .collect()
    };
    for (ours, theirs) in [
        (SortKey::Agency, CliSort::Agency),
        (SortKey::Year, CliSort::Year),
    ] {
        while inbox.sort != ours {
            key(&mut inbox, KeyCode::Char('o'));
        }
        let shown: Vec<String> = inbox
            .visible
            .iter()
            .map(|&i| inbox.rows[i].path.display().to_string())
            .collect();
        let mut rows = summary_rows(&inbox);
        sort(&mut rows, theirs);
        let sorted: Vec<String> = rows.into_iter().map(|r| r.path).collect();
        assert_eq!(shown, sorted, "{ours:?}");
    }
    // Newest first: the first row is of the latest year among the samples.
    let latest = inbox.rows.iter().filter_map(|r| r.year).max();
    assert_eq!(inbox.rows[inbox.visible[0]].year, latest);
}

#[test]
fn a_row_counts_on_the_reviewers_readings_as_the_screen_does() {
    let files = tempfile::tempdir().expect("temp dir");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for name in [
        "zhoucun-approval-2020.oneline.txt",
        "zhoucun-approval-2019.oneline.txt",
    ] {
        std::fs::copy(samples.join(name), files.path().join(name)).expect("copies");
    }
    let store_dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(store_dir.path()).expect("store");
    let rules = RuleSet::builtin();
    let path = files.path().join("zhoucun-approval-2020.oneline.txt");
    let count = |rows: &[rows::Row]| {
        let row = rows.iter().find(|r| r.path == path).expect("the row");
        (row.errors, row.warnings)
    };
    let before = count(&rows::load(files.path(), &rules, &store, Lang::Zh));

    // The reviewer reads one ambiguous cell of the web-page copy.
    let report = nianbao::load(&path).expect("reads");
    store
        .record_reading(
            &report,
            "active.licensing.change",
            rust_decimal::Decimal::from(146),
            "核对原网页",
            "审核员",
        )
        .expect("the reading is kept");
    let after = count(&rows::load(files.path(), &rules, &store, Lang::Zh));
    assert_eq!(after.1 + 1, before.1, "one ambiguous-cell warning fewer");

    // The same counts as the screen's, loaded through the shared layer with the store.
    let screen = nianbao::session::load(&path, None, &rules, Some(&store)).expect("loads");
    let of = |s: nianbao::Severity| screen.findings.iter().filter(|f| f.severity == s).count();
    assert_eq!(
        after,
        (of(nianbao::Severity::Error), of(nianbao::Severity::Warning))
    );
}
