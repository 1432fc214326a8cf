//! The command line: argument definitions, and one module per command.

pub mod args;
mod check;
mod config;
mod diff;
mod human;
mod inputs;
mod json;
mod progress;
mod review_state;
mod style;
mod summary;

use std::process::ExitCode;

use anyhow::Result;

use args::{Cli, Command};
use config::Settings;

/// Run the parsed command line. Errors come back to `main`, which prints them and exits 2.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let settings = Settings::resolve(&cli.global)?;
    match cli.command {
        Some(Command::Check(args)) => check::run(&args, &settings),
        Some(Command::Diff(args)) => diff::run(&args, &settings),
        Some(other) => anyhow::bail!("{other:?}: not available in this build"),
        None => anyhow::bail!("give a report file, or a command: nianbao --help"),
    }
}
