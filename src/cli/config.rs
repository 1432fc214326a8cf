//! The user's config file (`config.toml` in the config directory, or `--config`/`NIANBAO_CONFIG`)
//! and the settings every command resolves from flags, environment and config.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::Deserialize;

use nianbao::Lang;
use nianbao::rules::RuleSet;

use super::args::{GlobalOpts, LangArg};

/// What `config.toml` may set. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `zh` or `en`.
    pub lang: Option<Lang>,
    /// The reviewer's name.
    pub reviewer: Option<String>,
    /// A rules file applied over the built-in rules.
    pub rules: Option<PathBuf>,
    /// The review store folder.
    pub store: Option<PathBuf>,
    /// The largest report file read, in MB (default 64).
    pub max_file_mb: Option<u64>,
    /// An SSH private key to sign each sign-off with (`ssh-keygen -Y sign -n nianbao`).
    pub signing_key: Option<PathBuf>,
    /// An `allowed_signers` file (as for git) to verify sign-off signatures against.
    pub allowed_signers: Option<PathBuf>,
    /// Mouse capture in the screens (default on; `false` leaves the mouse to the terminal).
    pub mouse: Option<bool>,
}

/// The config directory nianbao uses (`~/.config/nianbao` on Linux), if the system has one.
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "nianbao").map(|d| d.config_dir().to_path_buf())
}

fn load_config(explicit: Option<&Path>) -> Result<Config> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => match config_dir() {
            Some(dir) => dir.join("config.toml"),
            None => return Ok(Config::default()),
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && explicit.is_none() => {
            return Ok(Config::default());
        }
        Err(e) => return Err(e).with_context(|| format!("{}: cannot read config", path.display())),
    };
    toml::from_str(&text).with_context(|| format!("{}: invalid config", path.display()))
}

/// Settings resolved for one run.
pub struct Settings {
    /// Message language.
    pub lang: Lang,
    /// Rules in force.
    pub rules: RuleSet,
    /// Review store folder given by flag, environment or config (else the default data dir).
    pub store: Option<PathBuf>,
    /// Reviewer name given by flag or config (else the login name).
    pub reviewer: Option<String>,
    /// The SSH key sign-offs are signed with, if any.
    pub signing_key: Option<PathBuf>,
    /// The allowed signers file signatures are verified against, if any.
    pub allowed_signers: Option<PathBuf>,
    /// Mouse capture in the screens (config `mouse`, default on).
    pub mouse: bool,
}

impl Settings {
    /// Resolve flags over environment over config file over defaults.
    pub fn resolve(global: &GlobalOpts) -> Result<Settings> {
        let config = load_config(global.config.as_deref())?;
        let lang = match global.lang {
            Some(LangArg::Zh) => Lang::Zh,
            Some(LangArg::En) => Lang::En,
            None => config.lang.unwrap_or_default(),
        };
        let rules_file = global.rules.clone().or(config.rules).or_else(|| {
            config_dir()
                .map(|d| d.join("rules.toml"))
                .filter(|p| p.is_file())
        });
        let rules = match rules_file {
            Some(path) => RuleSet::load_overrides(&path).map_err(|e| anyhow::anyhow!("{e}"))?,
            None => RuleSet::builtin(),
        };
        if let Some(mb) = config.max_file_mb {
            nianbao::read::set_max_file_bytes(mb.saturating_mul(1024 * 1024));
        }
        Ok(Settings {
            lang,
            rules,
            store: global.store.clone().or(config.store),
            reviewer: global.reviewer.clone().or(config.reviewer),
            signing_key: config.signing_key,
            allowed_signers: config.allowed_signers,
            mouse: config.mouse.unwrap_or(true),
        })
    }

    /// The reviewer's name: flag, config, then the login name.
    pub fn reviewer_name(&self) -> String {
        nianbao::review::reviewer_name(self.reviewer.as_deref(), None)
            .unwrap_or_else(|_| "reviewer".to_string())
    }
}
