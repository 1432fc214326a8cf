//! The application state and `update`: the one place where state changes. Drawing reads this
//! state and never changes it.

use crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui::layout::Rect;

use nianbao::Lang;
use nianbao::model::{SectionId, TableId};

use super::action::{Action, Dir};
use nianbao::review::{AnnotationId, Decision, ReviewError, Target};

use super::data::{Place, Review, ReviewData};
use super::detail::DetailState;
use super::editor::Editor;
use super::keys::{self, Ctx};
use super::layout;
use super::narrative_view::NarrativeState;
use super::navigator::NavState;
pub use super::note_dialog::EditTarget;
use super::overview_view::OverviewState;
use super::reading_dialog::ReadingState;
pub use super::search::SearchState;
pub use super::signoff_dialog::SignOffState;
use super::table_view;
pub use super::table_view::{TableCursor, TableState};
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
    /// The navigator's entries and selection.
    pub nav: NavState,
    /// The overview's selected row.
    pub overview: OverviewState,
    /// The tables' cursors and how they are shown.
    pub tables: TableState,
    /// The narratives' scroll and the diffs computed so far.
    pub narrative: NarrativeState,
    /// The detail pane's selection and size.
    pub detail: DetailState,
    /// The finding reached last with `n`/`N`.
    pub finding: Option<usize>,
    /// The dialog or overlay on top.
    pub overlay: Overlay,
    /// A message for the footer: text, and whether it is an error.
    pub message: Option<(String, bool)>,
    /// Set when the user quits.
    pub quit: bool,
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
            nav: NavState::new(nav_items),
            overview: OverviewState::default(),
            tables: TableState::default(),
            narrative: NarrativeState::default(),
            detail: DetailState::default(),
            finding: None,
            overlay: Overlay::None,
            message: None,
            quit: false,
        };
        // On the overview, the first error's row selected: `Enter` or `n` goes to it.
        let first_item = match first_finding.map(|i| app.data.place(&app.data.findings[i])) {
            Some(Place::Cell(t, row, col)) => {
                let c = app.tables.cursor_mut(t);
                (c.row, c.col) = (row, col);
                NavItem::Table(t)
            }
            Some(Place::Section(s)) => NavItem::Section(s),
            None => NavItem::Table(TableId::Apply),
        };
        app.overview.sel = app
            .nav
            .items
            .iter()
            .position(|i| *i == first_item)
            .unwrap_or(1);
        app.finding = first_finding;
        if let Some(i) = first_finding {
            app.detail.sel = app
                .detail_items()
                .iter()
                .position(|d| *d == DetailItem::Finding(i))
                .unwrap_or(0);
        }
        app.say_if_read_only();
        app.prepare_view();
        app
    }

    /// Write the opening the first frame showed ([`Review::preview`]), once that frame is
    /// drawn; true when the screen must be drawn again (it was written now, so where the
    /// report stands is read from the record as saved).
    pub fn settle_opening(&mut self) -> bool {
        if !self.review.pending() {
            return false;
        }
        let kept = self
            .finding
            .map(|i| self.data.findings[i].fingerprint.clone());
        if self
            .review
            .settle(&mut self.data, &self.reviewer, self.lang)
        {
            self.finding =
                kept.and_then(|fp| self.data.findings.iter().position(|f| f.fingerprint == fp));
            self.prepare_view();
        }
        self.say_if_read_only();
        true
    }

    /// Say in the footer that the store is read-only, when it is and nothing else is said.
    fn say_if_read_only(&mut self) {
        if let Some(why) = &self.review.read_only
            && self.message.is_none()
        {
            let head = self
                .lang
                .pick("审核库只读，仅可查看：", "read-only store, view only: ");
            self.message = Some((format!("{head}{why}"), true));
        }
    }

    /// The entry selected on the overview.
    pub fn overview_item(&self) -> NavItem {
        self.nav
            .items
            .get(self.overview.sel)
            .copied()
            .unwrap_or(NavItem::Overview)
    }

    /// The selected navigator entry.
    pub fn item(&self) -> NavItem {
        self.nav.item()
    }

    /// Whether tables show both years side by side now.
    pub fn is_split(&self) -> bool {
        self.tables.split.unwrap_or(self.size.width >= layout::WIDE)
    }

    /// The cursor of a table.
    pub fn cursor(&self, t: TableId) -> &TableCursor {
        self.tables.cursor(t)
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
                    self.detail.zoom = !self.detail.zoom;
                } else {
                    self.focus = Pane::Detail;
                    self.detail.zoom = true;
                }
                self.detail.sel = 0;
            }
            Action::Cancel => {
                self.detail.zoom = false;
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
            Action::ToggleView => self.tables.split = Some(!self.is_split()),
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
    pub(super) fn switch_pane(&mut self, forward: bool) {
        self.focus = match (self.focus, forward) {
            (Pane::Nav, true) | (Pane::Detail, false) => Pane::Main,
            (Pane::Main, true) | (Pane::Nav, false) => Pane::Detail,
            (Pane::Detail, true) | (Pane::Main, false) => Pane::Nav,
        }
    }

    /// `e`: write the memo into the store and say where.
    pub(super) fn export(&mut self) {
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

    pub(super) fn page(&self) -> usize {
        let a = layout::areas(self.size, self.detail.zoom);
        (a.main.height as usize).saturating_sub(3).max(1)
    }

    pub(super) fn move_cursor(&mut self, dir: Dir, n: usize) {
        match self.focus {
            Pane::Nav => {
                self.nav.step(matches!(dir, Dir::Down | Dir::Right), n);
                self.detail.sel = 0;
            }
            Pane::Detail if matches!(dir, Dir::Up | Dir::Down) => {
                let len = self.detail_items().len();
                self.detail.step(dir == Dir::Down, n, len);
            }
            Pane::Detail => {}
            Pane::Main => match self.item() {
                NavItem::Overview if matches!(dir, Dir::Up | Dir::Down) => {
                    self.overview
                        .step(dir == Dir::Down, n, self.nav.items.len());
                    self.detail.sel = 0;
                }
                NavItem::Overview => {}
                NavItem::Table(t) => {
                    let rows = self.data.grids.rows(t);
                    let c = self.tables.cursor_mut(t);
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
                    self.detail.sel = 0;
                }
                NavItem::Section(s) => {
                    let v = &mut self.narrative.scroll[s.index()];
                    match dir {
                        Dir::Up => *v = v.saturating_sub(n),
                        Dir::Down => *v = v.saturating_add(n),
                        _ => {}
                    }
                }
            },
        }
    }

    pub(super) fn select_item(&mut self, item: NavItem) {
        self.nav.select(item);
    }

    /// A click: focus the pane under the pointer and select what was clicked (a navigator
    /// entry, a table cell, a finding or note of the details).
    pub(super) fn click(&mut self, x: u16, y: u16) {
        let a = layout::areas(self.size, self.detail.zoom);
        let inside = |r: Rect| x >= r.x && x < r.right() && y >= r.y && y < r.bottom();
        if inside(a.nav) {
            if let Some(i) = super::navigator::item_at(self, a.nav, x, y) {
                self.focus = Pane::Nav;
                self.nav.sel = i;
                self.detail.sel = 0;
            }
        } else if inside(a.main) {
            self.focus = Pane::Main;
            if self.item() == NavItem::Overview
                && let Some(i) = super::overview_view::item_at(self, a.main, y)
            {
                self.overview.sel = i;
                self.detail.sel = 0;
            }
            if let NavItem::Table(t) = self.item() {
                let geo = table_view::geometry(self, t, a.main);
                let cur = *self.cursor(t);
                if let Some((row, col)) = geo.hit(a.main, &cur, x, y) {
                    let c = self.tables.cursor_mut(t);
                    c.row = row;
                    c.col = col.min(self.data.grids.rows(t)[row].cells.len().saturating_sub(1));
                    self.detail.sel = 0;
                }
            }
        } else if inside(a.detail) {
            self.focus = Pane::Detail;
            if let Some(i) = super::detail::item_at(self, a.detail, y) {
                self.detail.sel = i;
            }
        }
    }

    /// The wheel scrolls the pane under the pointer by three lines.
    pub(super) fn wheel(&mut self, up: bool, x: u16, y: u16) {
        let a = layout::areas(self.size, self.detail.zoom);
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

    pub(super) fn update_overlay(&mut self, action: Action) {
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
                        self.narrative.scroll[sec.index()] = self.narrative_row_of_line(sec, line);
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

    /// Say how a change to the store went, in the CLI's words for a store error, and show
    /// the record as saved.
    pub(super) fn after_store(&mut self, result: Result<(), ReviewError>, ok: &str) {
        let refreshed = result.and_then(|()| self.review.refresh(&self.data));
        self.message = Some(match refreshed {
            Ok(()) => (ok.to_string(), false),
            Err(e) => (e.message(self.lang), true),
        });
    }

    pub(super) fn ensure_narrative(&mut self, s: SectionId) {
        self.narrative.ensure(&self.data, s);
    }

    /// Make what the next draw needs: the narrative of the shown section, and scroll
    /// offsets that keep the cursor in view.
    pub(super) fn prepare_view(&mut self) {
        let a = layout::areas(self.size, self.detail.zoom);
        match self.item() {
            NavItem::Overview => {}
            NavItem::Section(s) => {
                self.ensure_narrative(s);
                let max = super::narrative_view::max_scroll(self, s, a.main);
                let v = &mut self.narrative.scroll[s.index()];
                *v = (*v).min(max);
            }
            NavItem::Table(t) => {
                let geo = table_view::geometry(self, t, a.main);
                let c = self.tables.cursor_mut(t);
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
        self.detail.sel = self.detail.sel.min(n.saturating_sub(1));
    }
}
