//! The command line: argument definitions, and one module per command.

mod annotate;
pub mod args;
mod check;
mod columns;
mod config;
mod diff;
mod export;
pub mod help_lang;
mod human;
mod inputs;
mod json;
pub mod out;
mod progress;
mod review_state;
mod signoff;
mod status;
mod style;
pub(crate) mod summary;
mod verify;
mod workbook;

use std::process::ExitCode;

use anyhow::Result;

use args::{Cli, Command};
use config::Settings;

/// Run the parsed command line. Errors come back to `main`, which prints them and exits 2.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let settings = Settings::resolve(&cli.global)?;
    crate::tui::set_mouse(settings.mouse);
    match cli.command {
        Some(Command::Check(args)) => check::run(&args, &settings),
        Some(Command::Diff(args)) => diff::run(&args, &settings),
        Some(Command::Review(args)) => review(args.file, args.prior, args.ascii, settings),
        Some(Command::Annotate(args)) => annotate::run(&args, &settings),
        Some(Command::Signoff(args)) => signoff::run(&args, &settings),
        Some(Command::Status(args)) => status::run(&args, &settings),
        Some(Command::Export(args)) => export::run(&args, &settings),
        Some(Command::Verify(args)) => verify::run(&args, &settings),
        Some(Command::Summary(args)) => workbook::run(&args, &settings),
        Some(Command::Completions(args)) => {
            help_lang::completions(args.shell, settings.lang)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            help_lang::man(settings.lang)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Inbox(args)) => {
            let reviewer = settings.reviewer_name();
            crate::tui::inbox::run(crate::tui::inbox::Options {
                dir: args.dir,
                ascii: args.ascii,
                lang: settings.lang,
                rules: settings.rules,
                store: settings.store,
                reviewer,
                signing_key: settings.signing_key,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        None => match cli.file {
            Some(file) => review(file, cli.prior, false, settings),
            None => anyhow::bail!("give a report file, or a command: nianbao --help"),
        },
    }
}

/// Open the terminal UI on a report (`review`, and the short form `nianbao FILE [PRIOR]`).
fn review(
    file: std::path::PathBuf,
    prior: Option<std::path::PathBuf>,
    ascii: bool,
    settings: Settings,
) -> Result<ExitCode> {
    let reviewer = settings.reviewer_name();
    crate::tui::run(crate::tui::Options {
        file,
        prior,
        ascii,
        lang: settings.lang,
        rules: settings.rules,
        store: settings.store,
        reviewer,
        signing_key: settings.signing_key,
    })?;
    Ok(ExitCode::SUCCESS)
}
