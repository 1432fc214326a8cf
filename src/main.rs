//! The `nianbao` binary: parses arguments and hands over to the CLI or the TUI.

mod cli;
mod tui;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("nianbao: {e:#}");
            ExitCode::from(2)
        }
    }
}
