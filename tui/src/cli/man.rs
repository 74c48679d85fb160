//! `centralita man [--out DIR]`.

use std::path::PathBuf;

use anyhow::Context as _;

use super::cli_command;

/// Where to write the man pages.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Folder to write centralita.1 and centralita-<command>.1 into.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Writes `centralita.1` to stdout, or every page into `args.out`.
pub fn run(args: ManArgs) -> anyhow::Result<()> {
    let command = cli_command();
    let Some(dir) = args.out else {
        clap_mangen::Man::new(command).render(&mut std::io::stdout())?;
        return Ok(());
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    clap_mangen::generate_to(command, &dir)
        .with_context(|| crate::text::writing_man_pages(dir.display()))?;
    eprintln!("{}", crate::text::man_pages_written(dir.display()));
    Ok(())
}
