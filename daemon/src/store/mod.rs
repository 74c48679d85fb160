//! The store: one redb file plus a content-addressed blob folder.
//!
//! Writes go through one writer thread that batches whatever is waiting into a single commit
//! (group commit) and answers each producer only after that commit returned, so an acknowledged
//! write is durable. If one operation in a batch fails, the batch is rolled back and every
//! operation is run again in its own transaction, so one bad request never fails its neighbours.
//! Operations are therefore `FnMut`: they may run twice, and must only touch the transaction.
//! Reads run on `spawn_blocking` with their own read transaction.
//!
//! This is the engine only: the writer thread and its group commit, typed tables (`table.rs`),
//! the record codec, the schema and its migrations, sequences, the change feed and the blob
//! folder. It knows no area and no RPC: each area declares its own tables and adds its own
//! methods to [`WriteTxn`] and [`ReadTxn`] in its folder (a read both need is written once
//! against a [`Reader`]), and lists its tables in the [`Schema`] the daemon opens the store
//! with. Only this module names redb types.

mod backup;
mod blobs;
mod changes;
mod codec;
mod error;
mod migrate;
mod pending;
mod reader;
mod restore;
mod table;
mod writer;

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use centralita_protocol::{PageRequest, TenantId};
use jiff::Timestamp;
use redb::ReadableDatabase;
use tokio::sync::{mpsc, watch};

pub use backup::{BACKUPS_DIR, BackupSummary, Manifest, Member};
pub use blobs::BlobHash;
pub use changes::ChangeRecord;
pub use codec::bin;
pub use error::StoreError;
pub use migrate::{Migration, Schema};
pub use pending::Pending;
pub use reader::Reader;
pub use restore::{RestoreError, restore, verify};
pub use table::{
    Bytes, BytesTable, Declared, Index, IndexTable, Open, RecordTable, Records, Source, StoredKey,
    ValueTable, Values,
};

/// File name of the database inside the data dir.
pub const DATABASE_FILE: &str = "centralita.redb";

/// A cheap, clonable handle to the store.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    /// `None` once the store is closed.
    db: std::sync::RwLock<Option<Arc<redb::Database>>>,
    writer: mpsc::UnboundedSender<writer::Message>,
    writer_thread: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
    last_change: watch::Receiver<u64>,
    blobs: blobs::Blobs,
    data_dir: PathBuf,
    /// Every table of the file, for backups.
    tables: Vec<&'static dyn table::Declared>,
}

impl Inner {
    /// Lets the writer finish what it holds, waits for it, and lets go of the database: the
    /// file is closed cleanly once the reads in flight end. Later calls fail with `Closed`.
    fn close(&self) {
        // Already gone when the writer stopped before (a second close).
        let _ = self.writer.send(writer::Message::Close);
        let thread = self
            .writer_thread
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        // The last handle may go inside a write the writer runs: it cannot wait for itself.
        if let Some(thread) = thread
            && thread.thread().id() != std::thread::current().id()
            && thread.join().is_err()
        {
            tracing::error!("the store writer thread panicked");
        }
        drop(
            self.db
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take(),
        );
    }

    fn db(&self) -> Result<Arc<redb::Database>, StoreError> {
        self.db
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
            .ok_or(StoreError::Closed)
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.close();
    }
}

/// A write transaction as the rest of the daemon sees it.
pub struct WriteTxn<'a> {
    txn: &'a redb::WriteTransaction,
    /// Tables stay open for the whole batch (see `table.rs`).
    tables: table::OpenTables<'a>,
    now: Timestamp,
    sequences: writer::Sequences,
    /// Work areas left for the end of the batch (see [`Pending`]).
    pending: pending::PendingWork,
}

/// A read transaction as the rest of the daemon sees it.
pub struct ReadTxn {
    txn: redb::ReadTransaction,
}

impl Store {
    /// Opens (or creates) the store in `data_dir`: creates the tables `schema` declares and
    /// brings an older file up to its version with its migrations, in one transaction.
    pub fn open(data_dir: &Path, schema: &Schema) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir)?;
        let file = data_dir.join(DATABASE_FILE);
        private_file(&file)?;
        private_dir(&data_dir.join("blobs"))?;
        let db = builder().create(&file)?;
        Self::start(db, data_dir, schema)
    }

    /// [`Store::open`] with the database on `backend` instead of the file in `data_dir` (the
    /// blobs stay in `data_dir`): for tests that simulate a failing disk (`power_loss.rs`).
    #[cfg(test)]
    pub(crate) fn open_with_backend(
        data_dir: &Path,
        schema: &Schema,
        backend: impl redb::StorageBackend,
    ) -> Result<Self, StoreError> {
        private_dir(&data_dir.join("blobs"))?;
        let db = builder().create_with_backend(backend)?;
        Self::start(db, data_dir, schema)
    }

    /// Brings the freshly opened `db` up to `schema` and starts the writer.
    fn start(db: redb::Database, data_dir: &Path, schema: &Schema) -> Result<Self, StoreError> {
        let db = Arc::new(db);
        migrate::run(&db, schema)?;
        let last_change = changes::last_seq(&db)?;
        let (change_tx, change_rx) = watch::channel(last_change);
        let (writer, writer_thread) = writer::spawn(Arc::clone(&db), change_tx)?;
        Ok(Self {
            inner: Arc::new(Inner {
                db: std::sync::RwLock::new(Some(db)),
                writer,
                writer_thread: std::sync::Mutex::new(Some(writer_thread)),
                last_change: change_rx,
                blobs: blobs::Blobs::new(data_dir.join("blobs")),
                data_dir: data_dir.to_path_buf(),
                tables: migrate::all_tables(schema),
            }),
        })
    }

    /// Runs `op` in a write transaction, batched with whatever else is waiting, and returns its
    /// result once the commit is durable. `op` may run more than once (see the module docs);
    /// when it fails, nothing it wrote is kept.
    pub async fn write<T, E, F>(&self, op: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnMut(&mut WriteTxn<'_>) -> Result<T, E> + Send + 'static,
    {
        let (op, result) = writer::Op::new(op);
        self.inner
            .writer
            .send(writer::Message::Write(op))
            .map_err(|_| StoreError::Closed)?;
        result.await.map_err(|_| StoreError::Closed)?
    }

    /// Runs `op` in a read transaction on the blocking pool.
    pub async fn read<T, E, F>(&self, op: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&ReadTxn) -> Result<T, E> + Send + 'static,
    {
        let db = self.inner.db()?;
        tokio::task::spawn_blocking(move || {
            let txn = ReadTxn {
                txn: db.begin_read().map_err(StoreError::from)?,
            };
            op(&txn)
        })
        .await
        .map_err(StoreError::from)?
    }

    /// Runs `op` in a read transaction on the current thread: for blocking contexts only.
    pub fn read_blocking<T, E>(&self, op: impl FnOnce(&ReadTxn) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let txn = ReadTxn {
            txn: self.inner.db()?.begin_read().map_err(StoreError::from)?,
        };
        op(&txn)
    }

    /// Closes the database cleanly (see [`Inner::close`]); every later call fails with
    /// `Closed`. The daemon calls it last on its way out, whoever still holds a handle.
    pub async fn close(&self) {
        let inner = Arc::clone(&self.inner);
        if tokio::task::spawn_blocking(move || inner.close())
            .await
            .is_err()
        {
            tracing::error!("closing the store failed");
        }
    }

    /// The seq of the newest committed change; changes whenever a commit adds some.
    pub fn change_signal(&self) -> watch::Receiver<u64> {
        self.inner.last_change.clone()
    }

    /// Stores `bytes` as a blob (temp file, fsync, rename) and returns its hash.
    pub async fn put_blob(&self, bytes: Vec<u8>) -> Result<BlobHash, StoreError> {
        let blobs = self.inner.blobs.clone();
        tokio::task::spawn_blocking(move || blobs.put(&bytes)).await?
    }

    /// Reads a blob back.
    pub async fn get_blob(&self, hash: BlobHash) -> Result<Vec<u8>, StoreError> {
        let blobs = self.inner.blobs.clone();
        tokio::task::spawn_blocking(move || blobs.get(&hash)).await?
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }
}

impl<'a> WriteTxn<'a> {
    fn new(txn: &'a redb::WriteTransaction) -> Self {
        Self {
            txn,
            tables: table::OpenTables::default(),
            now: Timestamp::now(),
            sequences: writer::Sequences::default(),
            pending: pending::PendingWork::default(),
        }
    }

    /// Opens a declared table for the rest of the batch.
    pub fn open<T: Open>(&mut self, table: &T) -> Result<T::Mut<'_, 'a>, StoreError> {
        table.open_mut(&mut self.tables, self.txn)
    }

    /// Deletes a table and everything in it (a migration's last step for a table it replaced).
    pub fn delete_table<T: Declared>(&mut self, table: &T) -> Result<(), StoreError> {
        self.tables.close(table.name());
        table.delete(self.txn)
    }

    /// Finishes what was left for the end of the batch, then saves the sequences. Call once,
    /// before commit.
    fn flush(&mut self) -> Result<(), StoreError> {
        pending::PendingWork::apply_all(self)?;
        self.save_sequences()
    }

    /// The commit batch's clock: every record written in one batch shares it.
    pub fn now(&self) -> Timestamp {
        self.now
    }
}

impl ReadTxn {
    /// Opens a declared table for reading.
    pub fn open<T: Open>(&self, table: &T) -> Result<T::Ref, StoreError> {
        table.open_ref(&self.txn)
    }
}

/// A time as stored in keys: milliseconds since the epoch (0 before it).
pub fn millis(at: Timestamp) -> u64 {
    u64::try_from(at.as_millisecond()).unwrap_or(0)
}

/// The time a key's milliseconds stand for.
pub fn from_millis(ms: u64) -> Timestamp {
    Timestamp::from_millisecond(i64::try_from(ms).unwrap_or(i64::MAX)).unwrap_or(Timestamp::MAX)
}

/// Every key of `tenant` in a table keyed by (tenant, number).
pub fn tenant_keys(tenant: &TenantId) -> RangeInclusive<(&str, u64)> {
    (tenant.as_str(), 0)..=(tenant.as_str(), u64::MAX)
}

/// How many records `page` asks for, within what the daemon returns (1 to
/// [`PageRequest::MAX_LIMIT`]).
pub fn page_limit(page: PageRequest) -> usize {
    page.limit.clamp(1, PageRequest::MAX_LIMIT) as usize
}

/// A page read one entry past its `limit`, cut to `limit`; returns the key the next page reads
/// on from (its `before`), `None` when this page is the last.
pub fn cut_page<T>(found: &mut Vec<T>, limit: usize, key: impl FnOnce(&T) -> u64) -> Option<u64> {
    if found.len() <= limit {
        return None;
    }
    found.truncate(limit);
    found.last().map(key)
}

#[cfg(test)]
mod backup_tests;
#[cfg(test)]
pub(crate) mod power_loss;
#[cfg(test)]
mod tests;

/// How the store opens its database, whatever it is on.
fn builder() -> redb::Builder {
    let mut builder = redb::Database::builder();
    builder
        .set_cache_size(64 * 1024 * 1024)
        .set_repair_callback(|session| {
            // Only after an unclean stop (a crash, kill -9, power loss).
            tracing::warn!(
                progress = format!("{:.0} %", session.progress() * 100.0),
                "checking the database after an unclean stop"
            );
        });
    builder
}

/// Creates `file` readable by the daemon's user alone (0600), or makes an existing one so,
/// whatever the folder's mode: messages and contacts are in it.
fn private_file(file: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(file)?;
    std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))
}

/// Creates folder `dir` for the daemon's user alone (0700), or makes an existing one so.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}
