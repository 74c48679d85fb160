//! `centralita admin backup FILE`: installation-wide chores for root and the daemon's user.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tarpc::context;

use super::{Session, answer, output};
use crate::text;

#[derive(Debug, clap::Subcommand)]
pub enum AdminCommand {
    /// Back up the database and the stored files while the daemon keeps serving (root or the
    /// daemon's user). The daemon writes the backup under <data_dir>/backups/, then it is
    /// copied to FILE. Restore it with `centralitad restore FILE --data-dir DIR`.
    Backup {
        /// Where to copy the backup (a tar file, written mode 0600).
        file: PathBuf,
        /// Print what was saved as JSON (path, size, tables and row counts, blobs).
        #[arg(long)]
        json: bool,
    },
}

/// How long the daemon may take to write a backup.
const BACKUP_DEADLINE: Duration = Duration::from_hours(6);

pub async fn run(session: &Session, command: AdminCommand) -> anyhow::Result<()> {
    match command {
        AdminCommand::Backup { file, json } => {
            let mut ctx = context::current();
            ctx.deadline = Instant::now() + BACKUP_DEADLINE;
            let info = answer(session.client.rpc.admin_backup(ctx).await)?;
            let written = PathBuf::from(&info.path);
            let copied = match std::fs::File::open(&written) {
                Ok(source) => {
                    copy(source, info.size, &file)?;
                    // FILE is the backup now; the daemon's copy would only fill its disk.
                    let _ = std::fs::remove_file(&written);
                    true
                }
                // Not ours to read (a daemon run by another user, on this or another host).
                Err(_) => false,
            };
            if json {
                return output::print_json(&serde_json::json!({
                    "file": copied.then(|| file.display().to_string()),
                    "backup": info,
                }));
            }
            let rows = info.tables.iter().map(|table| table.rows).sum();
            if copied {
                println!(
                    "{}",
                    text::backup_saved(
                        &file.display().to_string(),
                        info.size,
                        info.tables.len(),
                        rows,
                        info.blobs
                    )
                );
            } else {
                println!("{}", text::backup_left_at(&info.path, info.size));
            }
            Ok(())
        }
    }
}

/// Copies `source` (`size` bytes) to `target`, mode 0600, with a percentage on a terminal.
fn copy(mut source: std::fs::File, size: u64, target: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(target)
        .map_err(|error| anyhow::anyhow!("writing {}: {error}", target.display()))?;
    let progress = std::io::stderr().is_terminal() && size > 64 * 1024 * 1024;
    let mut buffer = vec![0; 1024 * 1024];
    let mut done = 0u64;
    loop {
        let read = source.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        out.write_all(&buffer[..read])?;
        done += read as u64;
        if progress {
            eprint!("\r{}", text::copying(done * 100 / size.max(1)));
        }
    }
    if progress {
        eprintln!();
    }
    out.sync_all()?;
    anyhow::ensure!(done == size, crate::text::backup_cut_short(done, size));
    Ok(())
}
