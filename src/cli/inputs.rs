//! Which files a command works on, through the shared layer ([`nianbao::session::Folder`]):
//! files as given and folders searched for reports, with each thing a walk skipped said on
//! standard error; pairing is the shared layer's ([`nianbao::session::identities`],
//! [`nianbao::compare::pair`]).

use std::path::PathBuf;

pub use nianbao::compare::{PairKey as Identity, pair};
pub use nianbao::session::{identities, identities_keeping};

/// Expand folders into the report files below them (sorted, so runs are repeatable); files
/// named on the command line are kept whatever their ending. Says on standard error what a
/// folder walk skipped and why (a link loop, an unreadable folder, a FIFO named like a report).
pub fn expand(inputs: &[PathBuf], lang: nianbao::Lang) -> Vec<PathBuf> {
    let found = nianbao::session::Folder::find(inputs);
    for s in &found.skipped {
        super::out::warn_line(&format!(
            "nianbao: {}: {}: {}",
            s.path.display(),
            lang.pick("已跳过", "skipped"),
            s.reason
        ));
    }
    found.files
}
