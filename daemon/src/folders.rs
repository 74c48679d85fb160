//! Watched folders: `<root>/<tenant>/` (or a named folder inside it). A file is taken once its
//! size has held still for one scan, then moved to `done/` (taken, or known already) or
//! `failed/` (with a `.error.txt` beside it saying why). A crash between the taking and the
//! move is harmless when taking is idempotent (the same bytes are one record): the next scan
//! finds them known and moves the file to `done/`. Invoices watch the tenant's folder;
//! glosas its `glosas/` folder.

use std::collections::HashMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use centralita_protocol::TenantId;
use tokio_util::sync::CancellationToken;

use crate::store::Store;

/// What became of a file.
pub enum Taken {
    /// Taken, or already known: to `done/`. Says what it became, for the log.
    Done(String),
    /// Not now (the store failed): left in place for the next scan.
    Later(String),
    /// Never: to `failed/` with the reason beside it.
    Refused(String),
}

/// What a watched folder hands its files to.
pub trait Taker: Clone + Send + Sync + 'static {
    fn take(
        &self,
        tenant: &TenantId,
        name: String,
        bytes: Vec<u8>,
    ) -> impl Future<Output = Taken> + Send;
}

/// One kind of watched folder.
#[derive(Clone)]
pub struct Folders {
    pub store: Store,
    pub root: PathBuf,
    /// The folder inside each tenant's (`None`: the tenant's folder itself).
    pub inside: Option<&'static str>,
    pub poll: Duration,
    /// A larger file is refused without being read (its size is known from the directory).
    pub max_bytes: u64,
    /// The setting that limit comes from, for the refusal.
    pub limit_key: &'static str,
    /// What the log calls these files.
    pub what: &'static str,
}

impl Folders {
    /// Scans until `stop`.
    pub async fn watch(self, taker: impl Taker, stop: CancellationToken) {
        let mut seen: HashMap<PathBuf, u64> = HashMap::new();
        loop {
            if let Err(error) = self.scan(&taker, &mut seen).await {
                tracing::warn!(%error, dir = %self.root.display(), what = self.what, "scanning a watched folder failed");
            }
            tokio::select! {
                () = tokio::time::sleep(self.poll) => {}
                () = stop.cancelled() => return,
            }
        }
    }

    /// The folder of `tenant`.
    pub fn folder(&self, tenant: &TenantId) -> PathBuf {
        let dir = self.root.join(tenant.as_str());
        match self.inside {
            Some(inside) => dir.join(inside),
            None => dir,
        }
    }

    /// One pass over every tenant's folder. `seen` holds each waiting file's size at the last
    /// scan; a file is taken when its size is unchanged.
    async fn scan(
        &self,
        taker: &impl Taker,
        seen: &mut HashMap<PathBuf, u64>,
    ) -> std::io::Result<()> {
        let tenants = self
            .store
            .read(crate::store::ReadTxn::tenants)
            .await
            .map_err(std::io::Error::other)?;
        let mut waiting = HashMap::new();
        for tenant in tenants {
            let dir = self.folder(&tenant.id);
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
                self.take(taker, &tenant.id, &dir, &path, name, size)
                    .await?;
            }
        }
        *seen = waiting;
        Ok(())
    }

    async fn take(
        &self,
        taker: &impl Taker,
        tenant: &TenantId,
        dir: &Path,
        path: &Path,
        name: String,
        size: u64,
    ) -> std::io::Result<()> {
        let outcome = if size > self.max_bytes {
            Taken::Refused(format!(
                "{name} is {size} bytes; the limit is {} bytes ({})",
                self.max_bytes, self.limit_key
            ))
        } else {
            let bytes = tokio::fs::read(path).await?;
            taker.take(tenant, name.clone(), bytes).await
        };
        match outcome {
            Taken::Done(became) => {
                tracing::info!(%tenant, file = %name, what = self.what, %became, "watched file taken");
                move_into(path, &dir.join("done"), &name).await?;
            }
            Taken::Later(error) => {
                tracing::warn!(%tenant, file = %name, what = self.what, %error, "watched file not taken yet");
            }
            Taken::Refused(reason) => {
                tracing::warn!(%tenant, file = %name, what = self.what, %reason, "watched file refused");
                let target = move_into(path, &dir.join("failed"), &name).await?;
                let mut note = target.into_os_string();
                note.push(".error.txt");
                tokio::fs::write(note, format!("{reason}\n")).await?;
            }
        }
        Ok(())
    }
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
