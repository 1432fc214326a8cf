//! The `nianbao` binary: parses arguments and hands over to the CLI or the TUI.

mod alloc;
mod cli;
mod tui;

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: alloc::PerProcess = alloc::PerProcess;

fn main() -> ExitCode {
    // The contained PDF extractor: this same program, started by `read::pdf` on each PDF.
    if std::env::args_os().nth(1).as_deref() == Some(nianbao::read::pdf::CHILD_COMMAND.as_ref()) {
        let code = nianbao::read::pdf::serve_child(&mut std::io::stdin(), &mut std::io::stdout());
        return ExitCode::from(u8::try_from(code).unwrap_or(2));
    }
    if let Ok(exe) = std::env::current_exe() {
        nianbao::read::pdf::run_in_child(exe);
    }
    let args = cli::help_lang::parse();
    match cli::run(args) {
        Ok(code) => code,
        // The reader of our output went away (`| head`): nothing more to say.
        Err(e) if cli::out::is_closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            cli::out::warn(&format!("nianbao: {}", message(&e)));
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
