//! The application state and `update`: the one place where state changes. Drawing reads this
//! state and never changes it.

use crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui::layout::Rect;

use nianbao::Lang;
use nianbao::model::{SectionId, TableId};

use super::action::{Action, Dir};
use nianbao::review::{AnnotationId, AnnotationState, Decision, ReviewError, SignRequest, Target};

use super::data::{self, Narrative, Place, Review, ReviewData};
use super::editor::Editor;
use super::keys::{self, Ctx};
use super::layout;
use super::reading_dialog::{self, ReadingState};
use super::search::{self, Hit};
use super::table_view;
use super::theme::Theme;

/// The three panes that take focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Sections and tables.
    Nav,
    /// The table or narrative view.
    Main,
    /// Details of the cursor.
    Detail,
}

/// One entry of the navigator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavItem {
    /// The counts per section and table, and where the review stands.
    Overview,
    /// A section's text.
    Section(SectionId),
    /// A table.
    Table(TableId),
}

/// The navigator's entries: the overview, each section, and under 二–四 their tables.
pub fn nav_items() -> Vec<NavItem> {
    let mut items = vec![NavItem::Overview];
    for s in SectionId::ALL {
        items.push(NavItem::Section(s));
        if let Some(t) = s.table() {
            items.push(NavItem::Table(t));
        }
    }
    items
}

/// A table's cursor and scroll position.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableCursor {
    /// Row index in the template.
    pub row: usize,
    /// Column index in the row.
    pub col: usize,
    /// First display line shown.
    pub row_off: usize,
    /// First data column shown.
    pub col_off: usize,
}

/// What the annotation editor writes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    /// A new note on a target.
    New(Target),
    /// An existing note, by id.
    Existing(AnnotationId),
}

/// The sign-off dialog's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOffState {
    /// Approve or return.
    pub decision: Decision,
    /// The comment.
    pub comment: Editor,
    /// Why the store refused, when it did.
    pub refused: Option<String>,
    /// The reviewer was told a decision is in force, and a second Ctrl-S replaces it.
    pub confirm_replace: bool,
}

/// The search prompt's state.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchState {
    /// What was typed.
    pub query: Editor,
    /// What matches.
    pub hits: Vec<Hit>,
    /// The highlighted match.
    pub sel: usize,
}

/// What covers the screen, if anything.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// Nothing.
    None,
    /// The key help, scrolled.
    Help(usize),
    /// The note editor.
    Editor(Editor, EditTarget),
    /// The sign-off dialog.
    SignOff(SignOffState),
    /// The search prompt.
    Search(SearchState),
    /// The reviewer's reading of a cell (`i`).
    Reading(ReadingState),
}

/// One thing listed in the detail pane that `a` and `r` can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailItem {
    /// A finding, by index in `data.findings`.
    Finding(usize),
    /// A note, by id.
    Note(AnnotationId),
}

/// Everything the screen shows.
pub struct App {
    /// The report pair and what the library says about it.
    pub data: ReviewData,
    /// The review record and status, from the store.
    pub review: Review,
    /// Language of labels.
    pub lang: Lang,
    /// Markers and colour.
    pub theme: Theme,
    /// Who annotates and signs.
    pub reviewer: String,
    /// The terminal size.
    pub size: Rect,
    /// The focused pane.
    pub focus: Pane,
    /// The navigator's entries.
    pub nav_items: Vec<NavItem>,
    /// The selected entry.
    pub nav: usize,
    /// The overview's selected row (an index into `nav_items`, never the overview's own).
    pub overview_sel: usize,
    /// Each table's cursor, by `TableId` order.
    pub cursors: [TableCursor; 3],
    /// Each section's narrative scroll.
    pub narrative_scroll: [usize; 6],
    /// Each section's narrative, computed when first shown.
    pub narratives: [Option<Narrative>; 6],
    /// The selected detail item.
    pub detail_sel: usize,
    /// Detail pane enlarged.
    pub zoom: bool,
    /// The finding reached last with `n`/`N`.
    pub finding: Option<usize>,
    /// Side by side (`Some(true)`), this year only (`Some(false)`), or by width (`None`).
    pub split: Option<bool>,
    /// The dialog or overlay on top.
    pub overlay: Overlay,
    /// A message for the footer: text, and whether it is an error.
    pub message: Option<(String, bool)>,
    /// Set when the user quits.
    pub quit: bool,
}

fn table_index(t: TableId) -> usize {
    match t {
        TableId::Active => 0,
        TableId::Apply => 1,
        TableId::Review => 2,
    }
}

impl App {
    /// The state for a report pair opened for review in the store, drawn at `size`.
    pub fn new(
        data: ReviewData,
        review: Review,
        lang: Lang,
        theme: Theme,
        reviewer: String,
        size: Rect,
    ) -> App {
        let nav_items = nav_items();
        // Open on the first error (else the first finding) selected, its counter shown; with
        // no finding, on the application table.
        let first_finding = data
            .findings
            .iter()
            .position(|f| f.severity == nianbao::Severity::Error)
            .or((!data.findings.is_empty()).then_some(0));
        let mut app = App {
            data,
            review,
            lang,
            theme,
            reviewer,
            size,
            focus: Pane::Main,
            nav_items,
            nav: 0,
            overview_sel: 1,
            cursors: [TableCursor::default(); 3],
            narrative_scroll: [0; 6],
            narratives: Default::default(),
            detail_sel: 0,
            zoom: false,
            finding: None,
            split: None,
            overlay: Overlay::None,
            message: None,
            quit: false,
        };
        // On the overview, the first error's row selected: `Enter` or `n` goes to it.
        let first_item = match first_finding.map(|i| app.data.place(&app.data.findings[i])) {
            Some(Place::Cell(t, row, col)) => {
                let c = &mut app.cursors[table_index(t)];
                (c.row, c.col) = (row, col);
                NavItem::Table(t)
            }
            Some(Place::Section(s)) => NavItem::Section(s),
            None => NavItem::Table(TableId::Apply),
        };
        app.overview_sel = app
            .nav_items
            .iter()
            .position(|i| *i == first_item)
            .unwrap_or(1);
        app.finding = first_finding;
        if let Some(i) = first_finding {
            app.detail_sel = app
                .detail_items()
                .iter()
                .position(|d| *d == DetailItem::Finding(i))
                .unwrap_or(0);
        }
        app.prepare_view();
        app
    }

    /// The entry selected on the overview.
    pub fn overview_item(&self) -> NavItem {
        self.nav_items
            .get(self.overview_sel)
            .copied()
            .unwrap_or(NavItem::Overview)
    }

    /// The selected navigator entry.
    pub fn item(&self) -> NavItem {
        self.nav_items[self.nav]
    }

    /// Whether tables show both years side by side now.
    pub fn is_split(&self) -> bool {
        self.split.unwrap_or(self.size.width >= layout::WIDE)
    }

    /// The cursor of a table.
    pub fn cursor(&self, t: TableId) -> &TableCursor {
        &self.cursors[table_index(t)]
    }

    /// The key context of the current state.
    pub fn ctx(&self) -> Ctx {
        match &self.overlay {
            Overlay::Help(_) => Ctx::Help,
            Overlay::Editor(..) => Ctx::Editor,
            Overlay::SignOff(_) => Ctx::SignOff,
            Overlay::Search(_) => Ctx::Search,
            Overlay::Reading(_) => Ctx::Reading,
            Overlay::None => match self.focus {
                Pane::Nav => Ctx::Nav,
                Pane::Detail => Ctx::Detail,
                Pane::Main => match self.item() {
                    NavItem::Overview => Ctx::Overview,
                    NavItem::Table(_) => Ctx::Table,
                    NavItem::Section(_) => Ctx::Narrative,
                },
            },
        }
    }

    /// The canonical id of the cell under the table cursor, when a table is shown.
    pub fn cursor_cell(&self) -> Option<String> {
        let NavItem::Table(t) = self.item() else {
            return None;
        };
        let c = self.cursor(t);
        self.data.cell_at(t, c.row, c.col).map(|d| d.id.to_string())
    }

    /// What the detail pane lists for the cursor: findings, then notes on them and on the
    /// cell or section itself.
    pub fn detail_items(&self) -> Vec<DetailItem> {
        let mut items = Vec::new();
        let mut targets: Vec<Target> = Vec::new();
        match self.item() {
            NavItem::Table(_) => {
                if let Some(id) = self.cursor_cell() {
                    for (i, f) in self.data.findings.iter().enumerate() {
                        if f.cells.contains(&id) || f.suspect.as_deref() == Some(id.as_str()) {
                            items.push(DetailItem::Finding(i));
                            targets.push(Target::finding(f));
                        }
                    }
                    targets.push(Target::Cell { id });
                }
            }
            NavItem::Section(s) => {
                for (i, f) in self.data.findings.iter().enumerate() {
                    if self.data.place(f) == Place::Section(s) {
                        items.push(DetailItem::Finding(i));
                        targets.push(Target::finding(f));
                    }
                }
                targets.push(Target::Section { id: s });
            }
            // The selected row's findings; their notes are shown where they are.
            NavItem::Overview => {
                let row = self.overview_item();
                return (0..self.data.findings.len())
                    .filter(|&i| super::overview_view::finding_in(self, i, row))
                    .map(DetailItem::Finding)
                    .collect();
            }
        }
        for t in &targets {
            for a in self.review.record.annotations_on(t) {
                items.push(DetailItem::Note(a.id));
            }
        }
        items
    }

    /// Feed one terminal event through the key table into `update`.
    pub fn handle_event(&mut self, ev: &Event) {
        match ev {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Paste(text) => match &mut self.overlay {
                Overlay::Editor(e, _) => e.insert(text),
                Overlay::SignOff(s) => s.comment.insert(text),
                Overlay::Reading(s) => s.paste(text),
                Overlay::Search(s) => {
                    s.query.insert(&text.replace('\n', " "));
                    self.refresh_search();
                }
                _ => {}
            },
            Event::Resize(w, h) => self.resize(Rect::new(0, 0, *w, *h)),
            Event::Mouse(m) => {
                use crossterm::event::{MouseButton, MouseEventKind as K};
                match m.kind {
                    K::Down(MouseButton::Left) => self.update(Action::Click(m.column, m.row)),
                    K::ScrollUp => self.update(Action::Wheel(true, m.column, m.row)),
                    K::ScrollDown => self.update(Action::Wheel(false, m.column, m.row)),
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// A key: its action from the key table, or text for the field that has focus.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        let ctx = self.ctx();
        match keys::action_for(ctx, key) {
            Some(action) => self.update(action),
            None => match &mut self.overlay {
                Overlay::Editor(e, _) => {
                    e.key(key);
                }
                Overlay::SignOff(s) => {
                    s.comment.key(key);
                }
                Overlay::Reading(s) => s.key(key),
                Overlay::Search(s) => {
                    if !matches!(key.code, crossterm::event::KeyCode::Enter) {
                        s.query.key(key);
                    }
                    self.refresh_search();
                }
                _ => {}
            },
        }
    }

    /// The terminal changed size: keep the cursor in view at the new size.
    pub fn resize(&mut self, size: Rect) {
        self.size = size;
        self.prepare_view();
    }

    /// Carry out one action.
    pub fn update(&mut self, action: Action) {
        if action == Action::Quit {
            self.quit = true;
            return;
        }
        if !matches!(self.overlay, Overlay::None) {
            self.update_overlay(action);
            return;
        }
        self.message = None;
        match action {
            Action::Move(dir) => self.move_cursor(dir, 1),
            Action::PageUp => self.move_cursor(Dir::Up, self.page()),
            Action::PageDown => self.move_cursor(Dir::Down, self.page()),
            Action::Top => self.move_cursor(Dir::Up, usize::MAX / 2),
            Action::Bottom => self.move_cursor(Dir::Down, usize::MAX / 2),
            Action::NextPane | Action::PrevPane => self.switch_pane(action == Action::NextPane),
            Action::NextFinding => self.step_finding(true),
            Action::PrevFinding => self.step_finding(false),
            Action::NextChange => self.step_change(true),
            Action::PrevChange => self.step_change(false),
            Action::Details => {
                if self.focus == Pane::Detail {
                    self.zoom = !self.zoom;
                } else {
                    self.focus = Pane::Detail;
                    self.zoom = true;
                }
                self.detail_sel = 0;
            }
            Action::Cancel => {
                self.zoom = false;
                if self.focus == Pane::Detail {
                    self.focus = Pane::Main;
                }
            }
            Action::Annotate => self.start_annotation(),
            Action::SetState => self.cycle_state(),
            Action::Withdraw => self.withdraw_note(),
            Action::ReadCell => self.start_reading(),
            Action::Choose => self.enter_overview_row(),
            Action::Click(x, y) => self.click(x, y),
            Action::Wheel(up, x, y) => self.wheel(up, x, y),
            Action::SignOff => self.start_signoff(),
            Action::Export => self.export(),
            Action::Search => {
                self.overlay = Overlay::Search(SearchState {
                    query: Editor::new(""),
                    hits: Vec::new(),
                    sel: 0,
                })
            }
            Action::Help => self.overlay = Overlay::Help(0),
            Action::ToggleView => self.split = Some(!self.is_split()),
            Action::Quit
            | Action::Save
            | Action::NextField
            | Action::Sort
            | Action::FilterErrors
            | Action::FilterUnsigned
            | Action::Filter => {}
        }
        self.prepare_view();
    }

    /// Tab / Shift-Tab: the next or previous pane.
    fn switch_pane(&mut self, forward: bool) {
        self.focus = match (self.focus, forward) {
            (Pane::Nav, true) | (Pane::Detail, false) => Pane::Main,
            (Pane::Main, true) | (Pane::Nav, false) => Pane::Detail,
            (Pane::Detail, true) | (Pane::Main, false) => Pane::Nav,
        }
    }

    /// `s`: the sign-off dialog, on "return" while errors are unsettled.
    fn start_signoff(&mut self) {
        self.overlay = Overlay::SignOff(SignOffState {
            decision: if !self.review.status.unaccepted_errors.is_empty() {
                Decision::Return
            } else {
                Decision::Approve
            },
            comment: Editor::new(""),
            refused: None,
            confirm_replace: false,
        })
    }

    /// `e`: write the memo into the store and say where.
    fn export(&mut self) {
        self.message = Some(match self.review.export_memo(&self.data, self.lang) {
            Ok(path) => (
                format!(
                    "{}{}",
                    self.lang.pick("审核意见已导出：", "memo written: "),
                    path.display()
                ),
                false,
            ),
            Err(e) => (format!("{e:#}"), true),
        });
    }

    /// `Enter` on the overview: into the selected section or table, on the finding selected
    /// when it is there.
    fn enter_overview_row(&mut self) {
        if self.item() != NavItem::Overview {
            return;
        }
        let row = self.overview_item();
        match self.finding {
            Some(i) if super::overview_view::finding_in(self, i, row) => self.select_finding(i),
            _ => {
                self.select_item(row);
                self.focus = Pane::Main;
                self.detail_sel = 0;
            }
        }
    }

    /// `i` on a cell the machine could not read with certainty: the reading dialog.
    fn start_reading(&mut self) {
        let cell = self
            .cursor_cell()
            .filter(|id| self.data.readable_by_reviewer(id));
        match cell.and_then(|id| ReadingState::open(self, &id)) {
            Some(state) => self.overlay = Overlay::Reading(state),
            None => {
                self.message = Some((
                    self.lang
                        .pick(
                            "只有无法识别或有歧义的单元格才能录入审核人读数：请把光标移到这样的单元格上",
                            "only a cell the machine could not read (ambiguous or unreadable) takes a reviewer's reading",
                        )
                        .into(),
                    true,
                ))
            }
        }
    }

    /// Ctrl-S in the reading dialog: the value must be a number and a note say why; saved
    /// through the store, the rules run again on it, and the finding selected stays selected
    /// when it still stands.
    fn save_reading(&mut self, mut s: ReadingState) -> Overlay {
        let Some(value) = s.parsed() else {
            s.refused = Some(reading_dialog::not_a_number(&s.value.text(), self.lang));
            return Overlay::Reading(s);
        };
        if s.note.is_blank() {
            s.refused = Some(
                self.lang
                    .pick(
                        "请写明读数的依据（例如原文如何分格）。",
                        "say why it reads so (how the digits split, for example).",
                    )
                    .into(),
            );
            s.on_note = true;
            return Overlay::Reading(s);
        }
        let kept = self
            .finding
            .map(|i| self.data.findings[i].fingerprint.clone());
        let note = s.note.text();
        match self.review.record_reading(
            &mut self.data,
            &s.cell,
            value,
            note.trim_end(),
            &self.reviewer,
        ) {
            Ok(_) => {
                self.finding =
                    kept.and_then(|fp| self.data.findings.iter().position(|f| f.fingerprint == fp));
                let (e, w, _) = self.data.counts();
                self.message = Some((
                    match self.lang {
                        Lang::Zh => format!(
                            "已记录审核人读数：{} 读作 {}；已按此值重新核对：错误 {e}，警告 {w}",
                            s.cell,
                            value.normalize()
                        ),
                        Lang::En => format!(
                            "reading recorded: {} reads {}; checked again on it: {e} errors, {w} warnings",
                            s.cell,
                            value.normalize()
                        ),
                    },
                    false,
                ));
                Overlay::None
            }
            Err(e) => {
                s.refused = Some(e.message(self.lang));
                Overlay::Reading(s)
            }
        }
    }

    fn page(&self) -> usize {
        let a = layout::areas(self.size, self.zoom);
        (a.main.height as usize).saturating_sub(3).max(1)
    }

    fn move_cursor(&mut self, dir: Dir, n: usize) {
        match self.focus {
            Pane::Nav => {
                let len = self.nav_items.len();
                match dir {
                    Dir::Up | Dir::Left => self.nav = self.nav.saturating_sub(n),
                    Dir::Down | Dir::Right => self.nav = (self.nav.saturating_add(n)).min(len - 1),
                }
                self.detail_sel = 0;
            }
            Pane::Detail => {
                let len = self.detail_items().len();
                match dir {
                    Dir::Up => self.detail_sel = self.detail_sel.saturating_sub(n),
                    Dir::Down => {
                        self.detail_sel =
                            self.detail_sel.saturating_add(n).min(len.saturating_sub(1))
                    }
                    _ => {}
                }
            }
            Pane::Main => match self.item() {
                NavItem::Overview => {
                    let last = self.nav_items.len() - 1;
                    match dir {
                        Dir::Up => self.overview_sel = self.overview_sel.saturating_sub(n).max(1),
                        Dir::Down => {
                            self.overview_sel = self.overview_sel.saturating_add(n).min(last)
                        }
                        _ => {}
                    }
                    self.detail_sel = 0;
                }
                NavItem::Table(t) => {
                    let rows = self.data.grids.rows(t);
                    let c = &mut self.cursors[table_index(t)];
                    let before = (c.row, c.col);
                    match dir {
                        Dir::Up => c.row = c.row.saturating_sub(n),
                        Dir::Down => c.row = c.row.saturating_add(n).min(rows.len() - 1),
                        Dir::Left => c.col = c.col.saturating_sub(n),
                        Dir::Right => c.col = c.col.saturating_add(n),
                    }
                    c.col = c.col.min(rows[c.row].cells.len().saturating_sub(1));
                    // A cell reached with the arrows is the cell, not the finding last
                    // reached with `n`: `a` writes on the cell, `n` goes on from here.
                    if (c.row, c.col) != before {
                        self.finding = None;
                    }
                    self.detail_sel = 0;
                }
                NavItem::Section(s) => {
                    let v = &mut self.narrative_scroll[s.index()];
                    match dir {
                        Dir::Up => *v = v.saturating_sub(n),
                        Dir::Down => *v = v.saturating_add(n),
                        _ => {}
                    }
                }
            },
        }
    }

    fn select_item(&mut self, item: NavItem) {
        if let Some(i) = self.nav_items.iter().position(|x| *x == item) {
            self.nav = i;
        }
    }

    fn go_to(&mut self, place: Place) {
        match place {
            Place::Cell(t, row, col) => {
                self.select_item(NavItem::Table(t));
                let c = &mut self.cursors[table_index(t)];
                c.row = row;
                c.col = col;
            }
            Place::Section(s) => self.select_item(NavItem::Section(s)),
        }
        if self.focus == Pane::Nav {
            self.focus = Pane::Main;
        }
        self.detail_sel = 0;
    }

    /// Where the cursor is, in the order findings are walked: (section, table row, column),
    /// a section's text before its table.
    fn cursor_key(&self) -> (usize, usize, usize, usize) {
        match self.item() {
            NavItem::Table(t) => {
                let c = self.cursor(t);
                (t.section().index(), 1, c.row, c.col)
            }
            NavItem::Section(s) => (s.index(), 0, 0, 0),
            // The start of the selected row.
            NavItem::Overview => match self.overview_item() {
                NavItem::Table(t) => (t.section().index(), 1, 0, 0),
                NavItem::Section(s) => (s.index(), 0, 0, 0),
                NavItem::Overview => (0, 0, 0, 0),
            },
        }
    }

    fn place_key(p: Place) -> (usize, usize, usize, usize) {
        match p {
            Place::Cell(t, r, c) => (t.section().index(), 1, r, c),
            Place::Section(s) => (s.index(), 0, 0, 0),
        }
    }

    /// `n`/`N`: the next finding after the cursor (or the previous one before it); from the
    /// finding last reached when the cursor is still on it, so findings on one cell are each
    /// visited.
    fn step_finding(&mut self, forward: bool) {
        let n = self.data.findings.len();
        if n == 0 {
            self.message = Some((
                self.lang
                    .pick("本报告没有发现问题", "no findings in this report")
                    .into(),
                false,
            ));
            return;
        }
        // From the overview, `n` goes to the finding selected there when it is in the row
        // selected, else to the row's first.
        let on_overview = self.item() == NavItem::Overview;
        if on_overview
            && forward
            && let Some(i) = self
                .finding
                .filter(|&i| super::overview_view::finding_in(self, i, self.overview_item()))
        {
            self.select_finding(i);
            return;
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| Self::place_key(self.data.place(&self.data.findings[i])));
        let here = self.cursor_key();
        let at_cursor = self
            .finding
            .filter(|_| !on_overview)
            .filter(|&i| Self::place_key(self.data.place(&self.data.findings[i])) == here)
            .and_then(|i| order.iter().position(|&x| x == i));
        let key = |k: usize| Self::place_key(self.data.place(&self.data.findings[order[k]]));
        let next = match (at_cursor, forward) {
            (Some(k), true) => (k + 1) % n,
            (Some(k), false) => (k + n - 1) % n,
            (None, true) => (0..n).find(|&k| key(k) >= here).unwrap_or(0),
            (None, false) => (0..n).rev().find(|&k| key(k) < here).unwrap_or(n - 1),
        };
        self.select_finding(order[next]);
    }

    /// Select a finding: the cursor on its cell or text, its counter in the footer.
    fn select_finding(&mut self, i: usize) {
        self.finding = Some(i);
        let f = &self.data.findings[i];
        let place = self.data.place(f);
        let line = f.line;
        self.go_to(place);
        if let (Place::Section(s), Some(line)) = (place, line) {
            self.narrative_scroll[s.index()] = self.narrative_row_of_line(s, line);
        }
        // The detail pane's selection on this finding, so `a` and `r` act on it.
        let items = self.detail_items();
        self.detail_sel = items
            .iter()
            .position(|d| *d == DetailItem::Finding(i))
            .unwrap_or(0);
    }

    fn narrative_row_of_line(&mut self, s: SectionId, line: usize) -> usize {
        let Some(start) = self.data.report.section(s).line else {
            return 0;
        };
        let logical = line.saturating_sub(start + 1);
        self.ensure_narrative(s);
        let a = layout::areas(self.size, self.zoom);
        super::narrative_view::row_of_line(self, s, a.main, logical)
    }

    fn step_change(&mut self, forward: bool) {
        let mut changed: Vec<Place> = self
            .data
            .deltas
            .iter()
            .filter(|(_, (_, d))| !d.is_zero())
            .filter_map(|(id, _)| self.data.grids.position(id))
            .map(|(t, r, c)| Place::Cell(t, r, c))
            .collect();
        changed.sort_by_key(|p| match *p {
            Place::Cell(t, r, c) => (table_index(t), r, c),
            Place::Section(_) => (0, 0, 0),
        });
        if changed.is_empty() {
            self.message = Some((
                self.lang
                    .pick(
                        "与上年相比没有变化的单元格",
                        "no cell changed since last year",
                    )
                    .into(),
                false,
            ));
            return;
        }
        let item = match self.item() {
            NavItem::Overview => self.overview_item(),
            other => other,
        };
        let here = match item {
            NavItem::Overview => (0, 0, 0),
            NavItem::Table(t) => {
                let c = self.cursor(t);
                (table_index(t), c.row, c.col)
            }
            NavItem::Section(s) => match s.index() {
                0 | 1 => (0, 0, 0),
                2 => (1, 0, 0),
                3 => (2, 0, 0),
                _ => (3, 0, 0),
            },
        };
        let key = |p: &Place| match *p {
            Place::Cell(t, r, c) => (table_index(t), r, c),
            Place::Section(_) => (0, 0, 0),
        };
        let on_table = matches!(self.item(), NavItem::Table(_));
        if self.item() == NavItem::Overview {
            self.focus = Pane::Main;
        }
        let target = if forward {
            changed
                .iter()
                .find(|p| key(p) > here || (!on_table && key(p) >= here))
                .or(changed.first())
        } else {
            changed
                .iter()
                .rev()
                .find(|p| key(p) < here)
                .or(changed.last())
        };
        if let Some(p) = target.copied() {
            self.go_to(p);
        }
    }

    fn start_annotation(&mut self) {
        // From the overview, the note is written where the finding selected there is, so
        // the screen shows what it is on and `r` finds it next.
        if self.item() == NavItem::Overview {
            let chosen = match self.detail_items().get(self.detail_sel) {
                Some(DetailItem::Finding(i)) if self.focus == Pane::Detail => Some(*i),
                _ => self
                    .finding
                    .filter(|&i| super::overview_view::finding_in(self, i, self.overview_item())),
            };
            if let Some(i) = chosen {
                self.select_finding(i);
            }
        }
        let items = self.detail_items();
        let target = if self.focus == Pane::Detail {
            match items.get(self.detail_sel) {
                Some(DetailItem::Note(id)) => {
                    let text = self
                        .review
                        .record
                        .annotation(*id)
                        .map(|a| a.text.clone())
                        .unwrap_or_default();
                    self.overlay = Overlay::Editor(Editor::new(&text), EditTarget::Existing(*id));
                    return;
                }
                Some(DetailItem::Finding(i)) => Some(Target::finding(&self.data.findings[*i])),
                None => None,
            }
        } else {
            None
        };
        let target = target.or_else(|| {
            // The finding reached with n/N, when the cursor is still on it.
            self.finding.and_then(|i| {
                items
                    .contains(&DetailItem::Finding(i))
                    .then(|| Target::finding(&self.data.findings[i]))
            })
        });
        let target = target.or_else(|| match self.item() {
            NavItem::Table(_) => self.cursor_cell().map(|id| Target::Cell { id }),
            NavItem::Section(s) => Some(Target::Section { id: s }),
            NavItem::Overview => None,
        });
        match target {
            Some(t) => self.overlay = Overlay::Editor(Editor::new(""), EditTarget::New(t)),
            None if self.item() == NavItem::Overview => {
                self.message = Some((
                    self.lang
                        .pick(
                            "总览中无可批注之处：按 n 到问题或按 Enter 进入表格后再按 a",
                            "nothing to annotate on the overview: n to a finding, or Enter a table, then a",
                        )
                        .into(),
                    true,
                ))
            }
            None => {}
        }
    }

    /// The note `r` and `d` act on: the selected one in the detail pane, else the only note
    /// listed there. With several notes and none selected, nothing (the user is told to pick).
    fn selected_note(&mut self) -> Option<AnnotationId> {
        let items = self.detail_items();
        let on_finding = match items.get(self.detail_sel) {
            Some(DetailItem::Note(id)) => return Some(*id),
            Some(DetailItem::Finding(i)) => Some(Target::finding(&self.data.findings[*i])),
            None => None,
        };
        let mut notes: Vec<AnnotationId> = items
            .iter()
            .filter_map(|i| match i {
                DetailItem::Note(id) => Some(*id),
                DetailItem::Finding(_) => None,
            })
            .collect();
        // On a selected finding, its own notes come first: one of them is meant.
        if let Some(t) = on_finding {
            let own: Vec<AnnotationId> = notes
                .iter()
                .copied()
                .filter(|id| {
                    self.review
                        .record
                        .annotation(*id)
                        .is_some_and(|a| a.target == t)
                })
                .collect();
            if !own.is_empty() {
                notes = own;
            }
        }
        let msg = match notes.len() {
            1 => return Some(notes[0]),
            0 => self.lang.pick(
                "这里还没有批注：先按 a 写批注",
                "no note here: press a to write one",
            ),
            _ => self.lang.pick(
                "这里有多条批注：按 Tab 到详情栏，用上下键选中一条",
                "several notes here: Tab to the details and pick one with Up/Down",
            ),
        };
        self.message = Some((msg.into(), true));
        None
    }

    /// `r`: move the selected note to its next state, open → resolved → accepted → open,
    /// saved at once.
    fn cycle_state(&mut self) {
        let Some(note) = self
            .selected_note()
            .and_then(|id| self.review.record.annotation(id))
        else {
            return;
        };
        let (id, state) = (note.id, data::next_state(note.state));
        let result = self
            .review
            .store
            .set_state(&self.data.report, id, state, &self.reviewer);
        let ok = match self.lang {
            Lang::Zh => format!("批注 {id} 状态改为：{}", state.label(self.lang)),
            Lang::En => format!("note {id} is now {}", state.label(self.lang)),
        };
        self.after_store(result, &ok);
    }

    /// `d`: withdraw the selected note; it stays in the record's history.
    fn withdraw_note(&mut self) {
        let Some(id) = self.selected_note() else {
            return;
        };
        let result = data::withdraw(&self.review, &self.data, id, &self.reviewer);
        let ok = match self.lang {
            Lang::Zh => format!("批注 {id} 已撤回（保留在历史中）"),
            Lang::En => format!("note {id} withdrawn (kept in the history)"),
        };
        self.after_store(result, &ok);
    }

    /// A click: focus the pane under the pointer and select what was clicked (a navigator
    /// entry, a table cell, a finding or note of the details).
    fn click(&mut self, x: u16, y: u16) {
        let a = layout::areas(self.size, self.zoom);
        let inside = |r: Rect| x >= r.x && x < r.right() && y >= r.y && y < r.bottom();
        if inside(a.nav) {
            if let Some(i) = super::navigator::item_at(self, a.nav, x, y) {
                self.focus = Pane::Nav;
                self.nav = i;
                self.detail_sel = 0;
            }
        } else if inside(a.main) {
            self.focus = Pane::Main;
            if self.item() == NavItem::Overview
                && let Some(i) = super::overview_view::item_at(self, a.main, y)
            {
                self.overview_sel = i;
                self.detail_sel = 0;
            }
            if let NavItem::Table(t) = self.item() {
                let geo = table_view::geometry(self, t, a.main);
                let cur = *self.cursor(t);
                if let Some((row, col)) = geo.hit(a.main, &cur, x, y) {
                    let c = &mut self.cursors[table_index(t)];
                    c.row = row;
                    c.col = col.min(self.data.grids.rows(t)[row].cells.len().saturating_sub(1));
                    self.detail_sel = 0;
                }
            }
        } else if inside(a.detail) {
            self.focus = Pane::Detail;
            if let Some(i) = super::detail::item_at(self, a.detail, y) {
                self.detail_sel = i;
            }
        }
    }

    /// The wheel scrolls the pane under the pointer by three lines.
    fn wheel(&mut self, up: bool, x: u16, y: u16) {
        let a = layout::areas(self.size, self.zoom);
        let focus = self.focus;
        let inside = |r: Rect| x >= r.x && x < r.right() && y >= r.y && y < r.bottom();
        self.focus = if inside(a.nav) {
            Pane::Nav
        } else if inside(a.detail) {
            Pane::Detail
        } else {
            Pane::Main
        };
        let n = if self.focus == Pane::Main { 3 } else { 1 };
        self.move_cursor(if up { Dir::Up } else { Dir::Down }, n);
        self.focus = focus;
    }

    fn update_overlay(&mut self, action: Action) {
        let overlay = std::mem::replace(&mut self.overlay, Overlay::None);
        self.overlay = match (overlay, action) {
            (_, Action::Cancel) => Overlay::None,
            (Overlay::Help(n), Action::Move(Dir::Down)) => Overlay::Help(n + 1),
            (Overlay::Help(n), Action::Move(Dir::Up)) => Overlay::Help(n.saturating_sub(1)),
            (Overlay::Help(n), Action::PageDown) => Overlay::Help(n + 10),
            (Overlay::Help(n), Action::PageUp) => Overlay::Help(n.saturating_sub(10)),
            (Overlay::Help(_), Action::Help) => Overlay::None,
            (Overlay::Help(n), Action::Wheel(up, _, _)) => {
                Overlay::Help(if up { n.saturating_sub(3) } else { n + 3 })
            }
            (Overlay::Editor(e, target), Action::Save) => self.save_note(e, target),
            (Overlay::SignOff(mut s), Action::NextField) => {
                s.decision = match s.decision {
                    Decision::Approve => Decision::Return,
                    Decision::Return => Decision::Approve,
                };
                s.refused = None;
                s.confirm_replace = false;
                Overlay::SignOff(s)
            }
            (Overlay::SignOff(s), Action::Save) => self.sign(s),
            (Overlay::Reading(s), Action::Save) => self.save_reading(s),
            (Overlay::Reading(mut s), Action::Move(dir)) => {
                s.step(dir == Dir::Down);
                Overlay::Reading(s)
            }
            (Overlay::Reading(mut s), Action::NextField) => {
                s.on_note = !s.on_note;
                Overlay::Reading(s)
            }
            (Overlay::Search(mut s), Action::Move(Dir::Down)) => {
                s.sel = (s.sel + 1).min(s.hits.len().saturating_sub(1));
                Overlay::Search(s)
            }
            (Overlay::Search(mut s), Action::Move(Dir::Up)) => {
                s.sel = s.sel.saturating_sub(1);
                Overlay::Search(s)
            }
            (Overlay::Search(s), Action::Choose) => {
                if let Some(hit) = s.hits.get(s.sel).cloned() {
                    self.go_to(hit.place);
                    if let (Place::Section(sec), Some(line)) = (hit.place, hit.line) {
                        self.narrative_scroll[sec.index()] = self.narrative_row_of_line(sec, line);
                    }
                    Overlay::None
                } else {
                    Overlay::Search(s)
                }
            }
            (other, _) => other,
        };
        if let Overlay::Help(n) = &mut self.overlay {
            let len = super::help::lines(self.lang, self.theme, super::help::GROUPS).len();
            *n = (*n).min(super::help::max_scroll(
                len,
                super::help::inner_height(self.size),
            ));
        }
        self.prepare_view();
    }

    /// Ctrl-S in the sign-off dialog: a return needs a comment; a decision in force is
    /// replaced only after a second Ctrl-S; the store may still refuse (approval with
    /// unsettled errors), and the dialog then says why.
    fn sign(&mut self, mut s: SignOffState) -> Overlay {
        let comment = s.comment.text();
        if s.decision == Decision::Return && comment.trim().is_empty() {
            s.refused = Some(
                self.lang
                    .pick(
                        "退回修改须填写意见：请写明要改什么。",
                        "a return needs a comment: say what must change.",
                    )
                    .into(),
            );
            return Overlay::SignOff(s);
        }
        if let Some(earlier) = data::decision_in_force(&self.review.record)
            && !s.confirm_replace
        {
            let when = earlier
                .at
                .to_zoned(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d");
            s.refused = Some(match self.lang {
                Lang::Zh => format!(
                    "已有决定：{}（{}，{when}）。再按 Ctrl-S 替换它（两者都留在历史和审核意见中），Esc 取消。",
                    earlier.decision.label(self.lang),
                    earlier.reviewer
                ),
                Lang::En => format!(
                    "a decision is in force: {} ({}, {when}). Ctrl-S again replaces it (both stay in the history and the memo); Esc cancels.",
                    earlier.decision.label(self.lang),
                    earlier.reviewer
                ),
            });
            s.confirm_replace = true;
            return Overlay::SignOff(s);
        }
        let request = SignRequest {
            decision: s.decision,
            comment: comment.trim(),
            reviewer: &self.reviewer,
            ruleset_version: &self.data.ruleset_version,
        };
        match data::sign(&self.review, &self.data, request, s.confirm_replace) {
            Ok(so) => {
                let ok = format!(
                    "{}{}",
                    self.lang.pick("已签署：", "signed off: "),
                    so.decision.label(self.lang)
                );
                self.after_store(Ok(()), &ok);
                Overlay::None
            }
            Err(e) => {
                s.refused = Some(refusal(&e, self.lang));
                s.confirm_replace = false;
                Overlay::SignOff(s)
            }
        }
    }

    fn save_note(&mut self, e: Editor, target: EditTarget) -> Overlay {
        if e.is_blank() {
            self.message = Some((
                self.lang
                    .pick("批注为空，未保存", "empty note: not saved")
                    .into(),
                true,
            ));
            return Overlay::Editor(e, target);
        }
        let text = e.text();
        let mut new_id = None;
        let result = match &target {
            EditTarget::New(t) => self
                .review
                .store
                .annotate(
                    &self.data.report,
                    t.clone(),
                    text.trim_end(),
                    AnnotationState::Open,
                    &self.reviewer,
                )
                .map(|id| new_id = Some(id)),
            EditTarget::Existing(id) => self.review.store.edit_annotation(
                &self.data.report,
                *id,
                text.trim_end(),
                &self.reviewer,
            ),
        };
        let ok = result.is_ok();
        self.after_store(result, self.lang.pick("批注已保存", "note saved"));
        // The new note is selected: `r` and `d` act on it next.
        if let Some(id) = new_id
            && let Some(p) = self
                .detail_items()
                .iter()
                .position(|d| *d == DetailItem::Note(id))
        {
            self.detail_sel = p;
        }
        if ok {
            Overlay::None
        } else {
            Overlay::Editor(e, target)
        }
    }

    /// Say how a change to the store went, in the CLI's words for a store error, and show
    /// the record as saved.
    fn after_store(&mut self, result: Result<(), ReviewError>, ok: &str) {
        let refreshed = result.and_then(|()| self.review.refresh(&self.data));
        self.message = Some(match refreshed {
            Ok(()) => (ok.to_string(), false),
            Err(e) => (e.message(self.lang), true),
        });
    }

    fn refresh_search(&mut self) {
        if let Overlay::Search(s) = &mut self.overlay {
            s.hits = search::find(&self.data, self.lang, &s.query.text());
            s.sel = s.sel.min(s.hits.len().saturating_sub(1));
        }
    }

    fn ensure_narrative(&mut self, s: SectionId) {
        if self.narratives[s.index()].is_none() {
            self.narratives[s.index()] = Some(self.data.narrative(s));
        }
    }

    /// Make what the next draw needs: the narrative of the shown section, and scroll
    /// offsets that keep the cursor in view.
    fn prepare_view(&mut self) {
        let a = layout::areas(self.size, self.zoom);
        match self.item() {
            NavItem::Overview => {}
            NavItem::Section(s) => {
                self.ensure_narrative(s);
                let max = super::narrative_view::max_scroll(self, s, a.main);
                let v = &mut self.narrative_scroll[s.index()];
                *v = (*v).min(max);
            }
            NavItem::Table(t) => {
                let geo = table_view::geometry(self, t, a.main);
                let c = &mut self.cursors[table_index(t)];
                let line = geo.line_of_row(c.row);
                let body = geo.body_rows.max(1);
                if line < c.row_off {
                    c.row_off = line;
                } else if line >= c.row_off + body {
                    c.row_off = line + 1 - body;
                }
                c.row_off = c.row_off.min(geo.lines.len().saturating_sub(body));
                if c.col < c.col_off {
                    c.col_off = c.col;
                }
                while c.col_off < c.col && !geo.fits(c.col_off, c.col) {
                    c.col_off += 1;
                }
            }
        }
        let n = self.detail_items().len();
        self.detail_sel = self.detail_sel.min(n.saturating_sub(1));
    }
}

/// Why the store would not sign, for the dialog: for a refused approval, the error findings
/// that block it and what to do, in the screen's language.
fn refusal(e: &ReviewError, lang: Lang) -> String {
    let ReviewError::Refused { unaccepted } = e else {
        return e.message(lang);
    };
    let list: Vec<String> = unaccepted.iter().map(|u| u.to_string()).collect();
    match lang {
        Lang::Zh => format!(
            "不能通过：{} 项错误既未接受也未解决：{}。请对每项按 a 写批注、按 r 改为已解决或予以接受，或选择退回修改。",
            unaccepted.len(),
            list.join("；")
        ),
        Lang::En => format!(
            "approval refused: {} error finding(s) neither accepted nor resolved: {}. Annotate each (a) and set it resolved or accepted (r), or return the report.",
            unaccepted.len(),
            list.join("; ")
        ),
    }
}
