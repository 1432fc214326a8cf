//! `nianbao inbox DIR`: the list of submissions under a folder with their counts and review
//! state, sortable and filterable; `Enter` opens the reviewer on one beside its prior year,
//! and quitting the reviewer comes back to the list with the state updated.

pub mod list_view;
pub mod rows;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

use anyhow::{Result, bail};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;

use nianbao::Lang;
use nianbao::review::{SignState, Store};
use nianbao::rules::RuleSet;
use nianbao::session::order::{self, AgencyKey};

use super::action::{Action, Dir};
use super::app::App;
use super::data::{self, Review};
use super::editor::Editor;
use super::keys::{self, Ctx};
use super::theme::Theme;
use rows::Row;

/// What `nianbao inbox` needs to start.
pub struct Options {
    /// The folder of submissions.
    pub dir: PathBuf,
    /// ASCII markers only.
    pub ascii: bool,
    /// Label language.
    pub lang: Lang,
    /// The rules in force.
    pub rules: RuleSet,
    /// The review store folder, when given.
    pub store: Option<PathBuf>,
    /// The reviewer's name.
    pub reviewer: String,
    /// The SSH private key to sign decisions with (`signing_key` in the config).
    pub signing_key: Option<PathBuf>,
}

/// The key the list is sorted by; `o` moves to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Agency name, then year (newest first).
    Agency,
    /// Year, newest first, then agency.
    Year,
    /// Most errors first.
    Errors,
    /// What needs doing first: unsigned and stale, then returned, then approved.
    State,
}

impl SortKey {
    /// The next key in the cycle.
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Agency => SortKey::Year,
            SortKey::Year => SortKey::Errors,
            SortKey::Errors => SortKey::State,
            SortKey::State => SortKey::Agency,
        }
    }

    /// Its name in the list's title.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SortKey::Agency => lang.pick("机关", "agency"),
            SortKey::Year => lang.pick("年度", "year"),
            SortKey::Errors => lang.pick("错误数", "errors"),
            SortKey::State => lang.pick("审核状态", "state"),
        }
    }
}

/// Whether a row is found by the agency filter: its agency holds the text typed (case
/// folded); a row whose agency is unknown, by its file name.
pub fn matches_filter(row: &Row, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return true;
    }
    match &row.agency {
        Some(a) => a.to_lowercase().contains(&q),
        None => row
            .path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().to_lowercase().contains(&q)),
    }
}

fn state_rank(s: Option<SignState>) -> u8 {
    match s {
        None => 0,
        Some(SignState::Stale) => 1,
        Some(SignState::Tampered) => 0,
        Some(SignState::Unsigned) => 2,
        Some(SignState::Returned) => 3,
        Some(SignState::Approved) => 4,
    }
}

/// The inbox: the rows, how they are shown, and the reviewer when one is open.
pub struct Inbox {
    /// The folder listed.
    pub dir: PathBuf,
    /// Every report found, in file order.
    pub rows: Vec<Row>,
    /// The rows shown (indices into `rows`), sorted and filtered.
    pub visible: Vec<usize>,
    /// Each row's place in the agency order, made again only when its agency changes.
    agency_keys: Vec<AgencyKey>,
    /// The highlighted entry of `visible`.
    pub sel: usize,
    /// The sort key.
    pub sort: SortKey,
    /// Only reports with errors.
    pub errors_only: bool,
    /// Only reports without a sign-off in force.
    pub unsigned_only: bool,
    /// The agency filter (`/`): what was typed, and whether it is being typed.
    pub filter: Editor,
    /// The agency filter has the keys.
    pub filtering: bool,
    /// The key help, scrolled, when shown.
    pub help: Option<usize>,
    /// The reviewer on the opened report.
    pub reviewer: Option<Box<App>>,
    /// A message for the footer: text, and whether it is an error.
    pub message: Option<(String, bool)>,
    /// Set when the user quits.
    pub quit: bool,
    /// Language of labels.
    pub lang: Lang,
    /// Markers and colour.
    pub theme: Theme,
    /// The terminal size.
    pub size: Rect,
    store: Store,
    rules: RuleSet,
    who: String,
    signing_key: Option<PathBuf>,
    /// Rows still arriving from the reader thread (None once all are in).
    loading: Option<std::sync::mpsc::Receiver<rows::Batch>>,
}

impl Inbox {
    /// The inbox over rows already loaded, drawn at `size`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        dir: PathBuf,
        rows: Vec<Row>,
        store: Store,
        rules: RuleSet,
        who: String,
        lang: Lang,
        theme: Theme,
        size: Rect,
    ) -> Inbox {
        let mut inbox = Inbox {
            dir,
            rows,
            visible: Vec::new(),
            agency_keys: Vec::new(),
            sel: 0,
            sort: SortKey::Agency,
            errors_only: false,
            unsigned_only: false,
            filter: Editor::new(""),
            filtering: false,
            help: None,
            reviewer: None,
            message: None,
            quit: false,
            lang,
            theme,
            size,
            store,
            rules,
            who,
            signing_key: None,
            loading: None,
        };
        inbox.arrange();
        inbox
    }

    /// Whether rows are still being read.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Wait for the next batch of rows and take it in (not sorted yet); false when no more
    /// will come.
    fn wait_loaded(&mut self) -> bool {
        let Some(rx) = &self.loading else {
            return false;
        };
        match rx.recv() {
            Ok(batch) => {
                for (i, row) in batch {
                    if let Some(slot) = self.rows.get_mut(i) {
                        *slot = row;
                    }
                }
                true
            }
            Err(_) => {
                self.loading = None;
                false
            }
        }
    }

    /// Take in the rows read since the last call; true when the list changed.
    pub fn take_loaded(&mut self) -> bool {
        let Some(rx) = &self.loading else {
            return false;
        };
        let mut changed = false;
        loop {
            match rx.try_recv() {
                Ok(batch) => {
                    for (i, row) in batch {
                        if let Some(slot) = self.rows.get_mut(i) {
                            *slot = row;
                        }
                    }
                    changed = true;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.loading = None;
                    changed = true;
                    break;
                }
            }
        }
        if changed {
            // A cursor still on the first row stays on the first row as rows sort in.
            let at_top = self.sel == 0;
            self.arrange();
            if at_top {
                self.sel = 0;
            }
        }
        changed
    }

    /// The highlighted row.
    #[cfg(test)]
    pub fn selected(&self) -> Option<&Row> {
        self.visible.get(self.sel).map(|&i| &self.rows[i])
    }

    /// The key context now.
    pub fn ctx(&self) -> Ctx {
        if self.help.is_some() {
            Ctx::Help
        } else if self.filtering {
            Ctx::InboxFilter
        } else {
            Ctx::Inbox
        }
    }

    /// Sort and filter the rows into `visible`, keeping the highlighted row when it stays.
    fn arrange(&mut self) {
        let keep = self.visible.get(self.sel).copied();
        let query = self.filter.text();
        let mut v: Vec<usize> = (0..self.rows.len())
            .filter(|&i| !self.errors_only || self.rows[i].errors > 0)
            .filter(|&i| !self.unsigned_only || self.rows[i].unsigned())
            .filter(|&i| matches_filter(&self.rows[i], &query))
            .collect();
        self.agency_keys
            .resize_with(self.rows.len(), || AgencyKey::new(None));
        for (key, row) in self.agency_keys.iter_mut().zip(&self.rows) {
            if !key.is_of(row.agency.as_deref()) {
                *key = AgencyKey::new(row.agency.as_deref());
            }
        }
        let (rows, keys) = (&self.rows, &self.agency_keys);
        let agency = |a: usize, b: usize| keys[a].cmp(&keys[b]);
        match self.sort {
            SortKey::Agency => v.sort_by(|&a, &b| {
                order::agency_then_year((&keys[a], rows[a].year), (&keys[b], rows[b].year))
                    .then(a.cmp(&b))
            }),
            SortKey::Year => v.sort_by(|&a, &b| {
                order::year_then_agency((&keys[a], rows[a].year), (&keys[b], rows[b].year))
                    .then(a.cmp(&b))
            }),
            SortKey::Errors => v.sort_by(|&a, &b| {
                rows[b]
                    .errors
                    .cmp(&rows[a].errors)
                    .then(agency(a, b))
                    .then(a.cmp(&b))
            }),
            SortKey::State => v.sort_by(|&a, &b| {
                state_rank(rows[a].state)
                    .cmp(&state_rank(rows[b].state))
                    .then(agency(a, b))
                    .then(a.cmp(&b))
            }),
        }
        self.sel = keep
            .and_then(|k| v.iter().position(|&i| i == k))
            .unwrap_or(0)
            .min(v.len().saturating_sub(1));
        self.visible = v;
    }

    /// Feed one terminal event: to the reviewer when one is open, else to the list.
    pub fn handle_event(&mut self, ev: &Event) {
        if let Event::Resize(w, h) = ev {
            self.size = Rect::new(0, 0, *w, *h);
        }
        if let Some(app) = &mut self.reviewer {
            if let Event::Key(k) = ev
                && is_ctrl_c(k)
            {
                self.quit = true;
                return;
            }
            app.handle_event(ev);
            if app.quit {
                self.close_reviewer();
            }
            return;
        }
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                match keys::action_for(self.ctx(), k) {
                    Some(action) => self.update(action),
                    // Typed into the filter: the list narrows at once.
                    None if self.filtering && self.filter.key(k) => self.arrange(),
                    None => {}
                }
            }
            Event::Paste(text) if self.filtering => {
                self.filter.insert(&text.replace(['\n', '\r'], " "));
                self.arrange();
            }
            _ => {}
        }
    }

    /// An action while the agency filter is typed: Enter keeps it, Esc clears it.
    fn update_filter(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Choose => self.filtering = false,
            Action::Cancel => {
                self.filtering = false;
                self.filter = Editor::new("");
                self.arrange();
            }
            _ => {}
        }
    }

    /// Carry out one action on the list.
    pub fn update(&mut self, action: Action) {
        if let Some(scroll) = self.help {
            self.help = match action {
                Action::Quit => {
                    self.quit = true;
                    None
                }
                Action::Move(Dir::Down) => Some(scroll + 1),
                Action::Move(Dir::Up) => Some(scroll.saturating_sub(1)),
                Action::PageDown => Some(scroll + 10),
                Action::PageUp => Some(scroll.saturating_sub(10)),
                _ => None,
            };
            return;
        }
        if self.filtering {
            self.update_filter(action);
            return;
        }
        self.message = None;
        let last = self.visible.len().saturating_sub(1);
        let page = (self.size.height as usize).saturating_sub(4).max(1);
        match action {
            Action::Quit => self.quit = true,
            Action::Move(Dir::Up) => self.sel = self.sel.saturating_sub(1),
            Action::Move(Dir::Down) => self.sel = (self.sel + 1).min(last),
            Action::PageUp => self.sel = self.sel.saturating_sub(page),
            Action::PageDown => self.sel = (self.sel + page).min(last),
            Action::Top => self.sel = 0,
            Action::Bottom => self.sel = last,
            Action::Sort => {
                self.sort = self.sort.next();
                self.arrange();
            }
            Action::FilterErrors => {
                self.errors_only = !self.errors_only;
                self.arrange();
            }
            Action::FilterUnsigned => {
                self.unsigned_only = !self.unsigned_only;
                self.arrange();
            }
            Action::Help => self.help = Some(0),
            Action::Filter => self.filtering = true,
            Action::Choose => self.open_selected(),
            _ => {}
        }
    }

    /// Open the reviewer on the highlighted report, beside the prior year found for it.
    fn open_selected(&mut self) {
        let Some(&i) = self.visible.get(self.sel) else {
            return;
        };
        // The report chosen is still being read: wait for its row (the reader goes in file
        // order, so this is short), and open the report chosen whatever the list shows next.
        while self.rows[i].is_pending() && self.wait_loaded() {}
        self.arrange();
        let row = self.rows[i].clone();
        let opened = data::load(&row.path, row.prior.as_deref(), &self.rules).and_then(|mut d| {
            let mut review = Review::preview(self.store.clone(), &mut d, &self.who, self.lang)?;
            review.signing_key.clone_from(&self.signing_key);
            Ok((d, review))
        });
        match opened {
            Ok((d, review)) => {
                self.reviewer = Some(Box::new(App::new(
                    d,
                    review,
                    self.lang,
                    self.theme,
                    self.who.clone(),
                    self.size,
                )))
            }
            Err(e) => self.message = Some((format!("{e:#}"), true)),
        }
    }

    /// Back from the reviewer: read again the rows of the same report (every format and
    /// revision of it shares the record), and say where the opened one stands.
    fn close_reviewer(&mut self) {
        let Some(app) = self.reviewer.take() else {
            return;
        };
        let agency = app.data.report.meta.agency.clone();
        let year = app.data.report.meta.year;
        let same: Vec<usize> = (0..self.rows.len())
            .filter(|&i| {
                self.rows[i].path.as_path() == std::path::Path::new(&app.data.report.source.path)
                    || (agency.is_some()
                        && self.rows[i].agency == agency
                        && self.rows[i].year == year)
            })
            .collect();
        for i in same {
            self.rows[i] = rows::reload(&self.rows[i], &self.rules, &self.store, self.lang);
        }
        let state = app.review.status.state.label(self.lang);
        let name = agency.unwrap_or_else(|| app.data.report.source.path.clone());
        self.message = Some((
            match self.lang {
                Lang::Zh => format!("已回到收件箱：{name} {state}"),
                Lang::En => format!("back in the inbox: {name} {state}"),
            },
            false,
        ));
        self.arrange();
    }
}

fn is_ctrl_c(k: &KeyEvent) -> bool {
    k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL)
}

impl super::Screen for Inbox {
    fn draw(&self, frame: &mut Frame) {
        match &self.reviewer {
            Some(app) => super::draw(frame, app),
            None => list_view::draw(frame, self),
        }
    }
    fn handle_event(&mut self, ev: &Event) {
        Inbox::handle_event(self, ev)
    }
    fn done(&self) -> bool {
        self.quit
    }
    fn tick(&mut self) -> bool {
        self.take_loaded()
    }
    fn drawn(&mut self) -> bool {
        self.reviewer
            .as_mut()
            .is_some_and(|app| app.settle_opening())
    }
}

/// Open the inbox on a folder. The folder and the store are checked before the screen is
/// taken over, so a bad one is reported on a normal terminal; the list shows at once and
/// fills in as a thread reads and checks the reports.
pub fn run(opts: Options) -> Result<()> {
    let dir = nianbao::sanitize::inline(&opts.dir.display().to_string()).into_owned();
    if !opts.dir.is_dir() {
        match opts.lang {
            Lang::Zh => bail!("{dir}：不是文件夹：请给出报送材料所在的文件夹"),
            Lang::En => bail!("{dir}: not a folder: give the folder of submissions"),
        }
    }
    let store = data::open_store(opts.store.as_deref(), opts.lang)?;
    let files = rows::report_files(&opts.dir);
    let rows: Vec<Row> = files.iter().map(|p| rows::pending(p)).collect();
    let (tx, rx) = std::sync::mpsc::channel();
    let (rules, reader_store, lang) = (opts.rules.clone(), store.clone(), opts.lang);
    std::thread::spawn(move || {
        rows::stream(&files, &rules, &reader_store, lang, |batch| {
            tx.send(batch).is_ok()
        });
    });
    if rows.is_empty() {
        let endings: Vec<String> = nianbao::read::REPORT_EXTENSIONS
            .iter()
            .map(|e| format!(".{e}"))
            .collect();
        match opts.lang {
            Lang::Zh => bail!(
                "{dir}：该文件夹及其子文件夹中没有报告（{}）",
                endings.join(" ")
            ),
            Lang::En => bail!(
                "{dir}: no reports found ({}, in this folder or below)",
                endings.join(" ")
            ),
        }
    }
    let theme = Theme::detect(opts.ascii);
    super::run_screen(|size| {
        let mut inbox = Inbox::new(
            opts.dir,
            rows,
            store,
            opts.rules,
            opts.reviewer,
            opts.lang,
            theme,
            size,
        );
        inbox.loading = Some(rx);
        inbox.signing_key = opts.signing_key;
        inbox
    })
}
