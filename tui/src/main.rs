//! `centralita`: the console when run bare, the CLI with a command.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = centralita_tui::cli::Cli::parse();
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
