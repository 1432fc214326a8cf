//! The `nianbao` binary: parses arguments and hands over to the CLI or the TUI.

mod cli;
mod tui;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::help_lang::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("nianbao: {}", message(&e));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes on one line, leaving out a cause whose text the message already
/// holds (our errors name their cause in their own text, e.g. "FILE: cannot read: REASON").
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}
