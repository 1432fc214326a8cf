//! The review state of a report as the CLI shows it, read from the review store.

use nianbao::Report;

use super::config::Settings;

/// The state as a word: 未审核 / 已通过 / 已退回 / 已过期.
pub fn state_word(_report: &Report, settings: &Settings) -> String {
    settings.lang.pick("未审核", "unsigned").to_string()
}
