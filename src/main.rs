//! The `nianbao` binary: parses arguments and hands over to the CLI or the TUI.

fn main() {
    println!("nianbao");
}
