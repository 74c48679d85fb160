//! The watched inbox folders: `<inbox_dir>/<tenant>/`. A file is taken once its size has held
//! still for one scan, then moved to `done/` (taken, or already an invoice) or `failed/` (with
//! a `.error.txt` beside it saying why). A crash between intake and the move is harmless: the
//! next scan finds the same bytes already an invoice and moves the file to `done/`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tokio_util::sync::CancellationToken;

use super::{Intake, IntakeError, Invoices};

/// Scans until `stop`.
pub(super) async fn watch(service: Invoices, stop: CancellationToken) {
    let mut seen: HashMap<PathBuf, u64> = HashMap::new();
    loop {
        if let Err(error) = scan(&service, &mut seen).await {
            tracing::warn!(%error, dir = %service.inner.inbox_dir.display(), "scanning the invoice inbox failed");
        }
        tokio::select! {
            () = tokio::time::sleep(service.inner.poll) => {}
            () = stop.cancelled() => return,
        }
    }
}

/// One pass over every tenant's folder. `seen` holds each waiting file's size at the last
/// scan; a file is taken when its size is unchanged.
async fn scan(service: &Invoices, seen: &mut HashMap<PathBuf, u64>) -> std::io::Result<()> {
    let tenants = service
        .store()
        .read(crate::store::ReadTxn::tenants)
        .await
        .map_err(std::io::Error::other)?;
    let mut waiting = HashMap::new();
    for tenant in tenants {
        let dir = service.inner.inbox_dir.join(tenant.id.as_str());
        tokio::fs::create_dir_all(&dir).await?;
        let mut entries = tokio::fs::read_dir(&dir).await?;
        while let Some(entry) = entries.next_entry().await? {
            let name = entry.file_name().to_string_lossy().into_owned();
            let metadata = entry.metadata().await?;
            if !metadata.is_file() || name.starts_with('.') || is_partial(&name) {
                continue;
            }
            let path = entry.path();
            let size = metadata.len();
            if seen.get(&path) != Some(&size) {
                waiting.insert(path, size);
                continue;
            }
            take(service, &tenant.id, &dir, &path, name).await?;
        }
    }
    *seen = waiting;
    Ok(())
}

async fn take(
    service: &Invoices,
    tenant: &centralita_protocol::TenantId,
    dir: &Path,
    path: &Path,
    name: String,
) -> std::io::Result<()> {
    let bytes = tokio::fs::read(path).await?;
    let outcome = service
        .intake(Intake {
            tenant: tenant.clone(),
            file_name: name.clone(),
            bytes,
            origin: "inbox".to_owned(),
            operator: "inbox".to_owned(),
        })
        .await;
    match outcome {
        Ok(outcome) => {
            tracing::info!(tenant = %tenant, file = %name, invoice = outcome.invoice.id, duplicate = outcome.duplicate, "inbox file taken");
            move_into(path, &dir.join("done"), &name).await?;
        }
        Err(IntakeError::Store(error)) => {
            // Left in place: the next scan tries again.
            tracing::warn!(tenant = %tenant, file = %name, %error, "inbox file not taken yet");
        }
        Err(refused) => {
            tracing::warn!(tenant = %tenant, file = %name, reason = %refused, "inbox file refused");
            let target = move_into(path, &dir.join("failed"), &name).await?;
            let mut note = target.into_os_string();
            note.push(".error.txt");
            tokio::fs::write(note, format!("{refused}\n")).await?;
        }
    }
    Ok(())
}

/// Moves `path` into `dir`, adding `-1`, `-2`… before the extension if the name is taken.
async fn move_into(path: &Path, dir: &Path, name: &str) -> std::io::Result<PathBuf> {
    tokio::fs::create_dir_all(dir).await?;
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, format!(".{extension}")),
        _ => (name, String::new()),
    };
    let mut target = dir.join(name);
    let mut n = 0;
    while tokio::fs::try_exists(&target).await? {
        n += 1;
        target = dir.join(format!("{stem}-{n}{extension}"));
    }
    tokio::fs::rename(path, &target).await?;
    Ok(target)
}

/// A file still being copied by a tool that writes `NAME.part` and renames it when done.
fn is_partial(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("part"))
}
