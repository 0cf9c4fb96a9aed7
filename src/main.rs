mod cli;

use clap::Parser;

fn main() {
    quiet_on_closed_pipe();
    let code = cli::run(cli::Cli::parse());
    std::process::exit(code);
}

/// `atlas … | head` closes stdout early; Rust then panics inside `println!`. That is the
/// reader saying "enough", not an error: exit quietly instead of printing a panic.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("failed printing to stdout") && msg.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}
