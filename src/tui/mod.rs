//! The reviewer's terminal UI: one synchronous loop (key → action → update → draw), with
//! drawing a pure function of [`app::App`]. The terminal is restored on quit, on error and on
//! panic; report text never reaches the terminal raw.

pub mod action;
pub mod app;
pub mod data;
pub mod detail;
pub mod editor;
pub mod footer;
pub mod grid;
pub mod header;
pub mod help;
pub mod inbox;
pub mod keys;
pub mod layout;
pub mod narrative_view;
pub mod navigator;
pub mod note_dialog;
pub mod overview_view;
pub mod popup;
pub mod reading_dialog;
pub mod search;
pub mod signoff_dialog;
pub mod table_view;
pub mod text;
pub mod theme;
pub mod walk;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

use anyhow::Result;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::Frame;
use ratatui::layout::Rect;

use nianbao::Lang;
use nianbao::rules::RuleSet;

use app::{App, NavItem, Overlay};
use theme::Theme;

/// Narrower than this, only a "too small" notice is drawn.
pub const MIN_WIDTH: u16 = 30;
/// Lower than this, only a "too small" notice is drawn.
pub const MIN_HEIGHT: u16 = 8;

/// Mouse capture (click to select, wheel to scroll): on unless the config says `mouse = false`.
static MOUSE: AtomicBool = AtomicBool::new(true);

/// Switch mouse capture for the screens that follow (the config's `mouse` key).
pub fn set_mouse(on: bool) {
    MOUSE.store(on, Ordering::Relaxed);
}

/// What `nianbao review` needs to start.
pub struct Options {
    /// This year's report.
    pub file: PathBuf,
    /// Last year's, when given (else looked for beside `file`).
    pub prior: Option<PathBuf>,
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

/// Draw the whole screen from the state.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = app.lang.pick("窗口太小", "too small");
        frame.buffer_mut().set_stringn(
            area.x,
            area.y,
            msg,
            area.width as usize,
            ratatui::style::Style::new(),
        );
        return;
    }
    let a = layout::areas(area, app.detail.zoom);
    header::draw(frame, app, a.header);
    navigator::draw(frame, app, a.nav);
    if a.main.height > 0 {
        match app.item() {
            NavItem::Overview => overview_view::draw(frame, app, a.main),
            NavItem::Table(t) => table_view::draw(frame, app, t, a.main),
            NavItem::Section(s) => narrative_view::draw(frame, app, s, a.main),
        }
    }
    detail::draw(frame, app, a.detail);
    footer::draw(frame, app, a.footer);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help(scroll) => help::draw(frame, app.lang, app.theme, help::GROUPS, *scroll),
        Overlay::Editor(e, target) => note_dialog::draw_editor(frame, app, e, target),
        Overlay::SignOff(s) => signoff_dialog::draw(frame, app, s),
        Overlay::Search(s) => search::draw(frame, app, s),
        Overlay::Reading(s) => reading_dialog::draw(frame, app, s),
    }
}

/// Switches off what `start` switched on beyond ratatui's own init, on drop: so every exit
/// path, an early `?` included, leaves the terminal as it was.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = crossterm::execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste,
            crossterm::cursor::Show
        );
        ratatui::restore();
    }
}

/// What the event loop drives: drawn from its state, fed terminal events, finished when it
/// says so. The reviewer and the inbox are both screens.
pub trait Screen {
    /// Draw from the state, changing nothing.
    fn draw(&self, frame: &mut Frame);
    /// One terminal event.
    fn handle_event(&mut self, ev: &event::Event);
    /// Whether the user has quit.
    fn done(&self) -> bool;
    /// Called while no key comes (about ten times a second): take in work done in the
    /// background; true when the screen must be drawn again.
    fn tick(&mut self) -> bool {
        false
    }
    /// Called after every frame drawn: finish what waited for the screen to show (the
    /// opening of a report written to the store); true when it must be drawn again.
    fn drawn(&mut self) -> bool {
        false
    }
}

impl Screen for App {
    fn draw(&self, frame: &mut Frame) {
        draw(frame, self)
    }
    fn handle_event(&mut self, ev: &event::Event) {
        App::handle_event(self, ev)
    }
    fn done(&self) -> bool {
        self.quit
    }
    fn drawn(&mut self) -> bool {
        self.settle_opening()
    }
}

/// Draw the screen, and again while what waited for the frame says it changed it.
fn draw_screen<S: Screen>(
    terminal: &mut ratatui::DefaultTerminal,
    screen: &mut S,
) -> std::io::Result<()> {
    terminal.draw(|f| screen.draw(f))?;
    while screen.drawn() {
        terminal.draw(|f| screen.draw(f))?;
    }
    Ok(())
}

/// Take the terminal over, run the loop (key → update → draw) until the screen is done, and
/// give the terminal back on every exit path, panics included. `make` builds the screen at
/// the terminal's size.
pub fn run_screen<S: Screen>(make: impl FnOnce(Rect) -> S) -> Result<()> {
    no_terminal_check()?;
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    // Mouse capture and bracketed paste must be switched off again if we panic, before
    // ratatui's hook runs.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste
        );
        previous(info);
    }));
    crossterm::execute!(std::io::stdout(), EnableBracketedPaste)?;
    if MOUSE.load(Ordering::Relaxed) {
        crossterm::execute!(std::io::stdout(), EnableMouseCapture)?;
    }

    let size = terminal.size()?;
    let mut screen = make(Rect::new(0, 0, size.width, size.height));
    while !screen.done() {
        draw_screen(&mut terminal, &mut screen)?;
        // Wait for a key, drawing again when background work (the inbox filling in) changed
        // the screen.
        while !event::poll(std::time::Duration::from_millis(100))? {
            if screen.tick() {
                draw_screen(&mut terminal, &mut screen)?;
            }
        }
        let ev = event::read()?;
        screen.handle_event(&ev);
        // Drain what is already queued (a paste, key repeat) before the next draw.
        while !screen.done() && event::poll(std::time::Duration::ZERO)? {
            screen.handle_event(&event::read()?);
        }
    }
    Ok(())
}

/// Refuse, with a message that says what to do, when there is no terminal to draw on (input
/// or output redirected, or no controlling terminal): crossterm would fail with a bare
/// "No such device or address".
fn no_terminal_check() -> Result<()> {
    use std::io::IsTerminal;
    let tty = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !tty || std::fs::File::open("/dev/tty").is_err() && cfg!(unix) {
        anyhow::bail!(
            "审核界面需要在终端中运行（标准输入和输出都须是终端）；在脚本中请用 nianbao check、diff、annotate、signoff / \
             the reviewer needs a terminal (stdin and stdout); in scripts use nianbao check, diff, annotate, signoff"
        );
    }
    Ok(())
}

/// Open the reviewer. Files are read and checked, and the record read, before the screen is
/// taken over, so an unreadable file or store gives the same error as `check`, on a normal
/// terminal; the opening is written to the store once the first frame is drawn.
pub fn run(opts: Options) -> Result<()> {
    let mut data = data::load(&opts.file, opts.prior.as_deref(), &opts.rules)?;
    let store = data::open_store(opts.store.as_deref(), opts.lang)?;
    let mut review = data::Review::preview(store, &mut data, &opts.reviewer, opts.lang)?;
    review.signing_key = opts.signing_key;
    let theme = Theme::detect(opts.ascii);
    run_screen(|size| App::new(data, review, opts.lang, theme, opts.reviewer, size))
}
