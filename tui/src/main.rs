//! `centralita`: the console when run bare, the CLI with a command.

use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = centralita_tui::cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(centralita_tui::cli::run(cli))
}

/// `centralita … | head` closes our stdout early. Rust ignores SIGPIPE, so `println!` then
/// panics ("failed printing to stdout: Broken pipe"); the workspace forbids the `unsafe` that
/// restoring SIGPIPE's default takes, so that one panic ends the process quietly with 141, the
/// status a shell reports for a pipe closed under a writer. Every other panic is reported as
/// before.
fn quiet_on_closed_pipe() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        report(info);
    }));
}
