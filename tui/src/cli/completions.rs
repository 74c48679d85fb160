//! `centralita completions SHELL`.

use super::cli_command;

/// Which shell to print a completion script for.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell.
    pub shell: clap_complete::Shell,
}

/// Prints the completion script for `args.shell` on stdout.
pub fn run(args: &CompletionsArgs) {
    clap_complete::generate(
        args.shell,
        &mut cli_command(),
        "centralita",
        &mut std::io::stdout(),
    );
}
