//! Installation-wide chores for superusers: backups.

use centralita_protocol::{BackupInfo, BackupTable};

use crate::actor::Caller;
use crate::audit;
use crate::error::{AreaError, said, store_failed};
use crate::store::Store;
use centralita_protocol::said as key;

/// Files of the data dir that go into a backup beside the database and the blobs: the token
/// key, without which a restored installation could not read its OAuth tokens.
const EXTRA_FILES: &[&str] = &[crate::connections::TOKEN_KEY_FILE];

/// Writes a backup under `<data_dir>/backups/` (see `store/backup.rs`) and audits it.
pub async fn backup(store: &Store, caller: &Caller) -> Result<BackupInfo, AreaError> {
    let result = store.backup(EXTRA_FILES).await;
    let entry = match &result {
        Ok(summary) => caller.audit(
            None,
            format!("backup {}", summary.path.display()),
            said!(
                key::BACKUP_WRITTEN,
                "{0} bytes, {1} blobs",
                summary.size,
                summary.manifest.blobs
            ),
        ),
        Err(error) => audit::AuditRecord {
            outcome: centralita_protocol::AuditOutcome::Failed,
            ..caller.audit(None, "backup", store_failed(error))
        },
    };
    audit::record(store, entry).await;
    let summary = result?;
    tracing::info!(path = %summary.path.display(), size = summary.size, "backup written");
    Ok(BackupInfo {
        path: summary.path.display().to_string(),
        size: summary.size,
        created_at: summary.manifest.created_at,
        tables: summary
            .manifest
            .tables
            .into_iter()
            .map(|(name, rows)| BackupTable { name, rows })
            .collect(),
        blobs: summary.manifest.blobs,
    })
}
