//! What the review commands (`annotate`, `signoff`, `status`, `export`) share: loading a report
//! through the shared layer with the store the settings name, opening the review store, the
//! reviewer's name, and the review state `check` shows in its summary table. The words of the
//! store's errors are `ReviewError::message`'s, as in the screen.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};

use nianbao::review::reading;
use nianbao::review::{ReviewError, SignState, Store};
use nianbao::session;
use nianbao::{Lang, Report};

use super::config::Settings;

pub use nianbao::session::Reviewed;

/// Read, parse and check a report with its prior year (given, else found beside the file),
/// on the reviewer's readings from the store the settings name. Errors name the file.
pub fn load(file: &Path, prior: Option<&Path>, settings: &Settings) -> Result<Reviewed> {
    let store = existing_store(settings);
    Ok(session::load(file, prior, &settings.rules, store.as_ref())?)
}

/// For `check` with a store (`--store`, `NIANBAO_STORE` or the config's `store`): the report
/// with the reviewer's readings of this content applied, and those readings; `(None, [])`
/// without a store or readings. Creates nothing. `store` is [`existing_store`] of the
/// settings, found once for the run.
pub fn with_readings(
    report: &Report,
    settings: &Settings,
    store: Option<&Store>,
) -> (Option<Report>, Vec<reading::Reading>) {
    if settings.store.is_none() {
        return (None, Vec::new());
    }
    let record = store.and_then(|s| s.load(report).ok().flatten());
    session::loaded::with_readings(report, record.as_ref())
}

/// The store the settings name, when its folder exists; never creates anything. A batch asks
/// once, not once a report.
pub fn existing_store(settings: &Settings) -> Option<Store> {
    let dir = Store::default_dir(settings.store.as_deref()).ok()?;
    if !dir.is_dir() {
        return None;
    }
    Store::open(&dir).ok()
}

/// The store folder: `--store`, else `NIANBAO_STORE` (clap reads it into the same flag), else
/// the config file's `store`, else the user's data directory.
pub fn store_dir(settings: &Settings, lang: Lang) -> Result<PathBuf> {
    Store::default_dir(settings.store.as_deref()).map_err(|e| anyhow!(e.message(lang)))
}

/// Open (creating it if needed) the review store.
pub fn open_store(settings: &Settings, lang: Lang) -> Result<Store> {
    let dir = store_dir(settings, lang)?;
    Store::open(&dir).map_err(|e| anyhow!(e.message(lang)))
}

/// The reviewer's name: `--reviewer`, the config file's `reviewer`, then the login name.
pub fn reviewer(settings: &Settings, lang: Lang) -> Result<String> {
    nianbao::review::reviewer_name(settings.reviewer.as_deref(), None)
        .map_err(|e| anyhow!(e.message(lang)))
}

/// Attach the file to a store error, so the one line printed names it.
pub fn with_file<T>(r: Result<T, ReviewError>, file: &Path, lang: Lang) -> Result<T> {
    r.map_err(|e| anyhow!(e.message(lang)))
        .with_context(|| file.display().to_string())
}

/// The review state as `check`'s summary shows it: the store's state for this file, its
/// prior and its findings, as `status` and the screen compute it (a prior changed since the
/// sign-off makes it stale here too). Unsigned without a store (`store`: [`existing_store`],
/// found once for the run; none is ever created here).
pub fn state_word(
    report: &Report,
    prior: Option<&Report>,
    findings: &[nianbao::Finding],
    settings: &Settings,
    store: Option<&Store>,
) -> String {
    let lang = settings.lang;
    let Some(store) = store else {
        return SignState::Unsigned.label(lang).to_string();
    };
    match store.status(report, prior, findings, Some(&settings.rules.version())) {
        Ok(status) => status.state_label(lang),
        Err(_) => lang.pick("记录损坏", "record damaged").to_string(),
    }
}
