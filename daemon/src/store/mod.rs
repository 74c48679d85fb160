//! The store: one redb file plus a content-addressed blob folder.
//!
//! Writes go through one writer thread that batches whatever is waiting into a single commit
//! (group commit) and answers each producer only after that commit returned, so an acknowledged
//! write is durable. If one operation in a batch fails, the batch is rolled back and every
//! operation is run again in its own transaction, so one bad request never fails its neighbours.
//! Operations are therefore `FnMut`: they may run twice, and must only touch the transaction.
//! Reads run on `spawn_blocking` with their own read transaction.
//!
//! Only this module names redb types; the rest of the daemon goes through [`Store`], [`WriteTxn`]
//! and [`ReadTxn`], whose record methods live in the sibling files (`jobs.rs`, `tenants.rs`, …).

mod blobs;
mod changes;
mod codec;
mod error;
mod events;
mod inbox;
mod invoices;
mod jobs;
mod leads;
mod migrate;
mod reminders;
mod tables;
mod templates;
mod tenants;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;
use redb::{ReadableDatabase, ReadableTable};
use tokio::sync::{mpsc, watch};

pub use blobs::BlobHash;
pub use changes::ChangeRecord;
pub use error::StoreError;
pub use events::{EventOutcome, NewEvent};
pub use inbox::{ConversationRoute, Identity, NewMessage, Outbound};
pub use invoices::InvoiceRecord;
pub use jobs::{FinishedJob, JobOutcome, JobRecord, LeasedJob, NewJob, QueueRecord};
pub use templates::variable_count;
pub use tenants::AuditRecord;

/// File name of the database inside the data dir.
pub const DATABASE_FILE: &str = "centralita.redb";

/// Whether a record assigned to `assignee` is out of `agent`'s sight: agents (`Some`) see their
/// own records and unassigned ones; `None` (supervisors, admins) sees everything.
pub fn hidden_from(agent: Option<&str>, assignee: Option<&str>) -> bool {
    agent.is_some_and(|user| assignee.is_some_and(|assignee| assignee != user))
}

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
    /// Tables stay open for the whole batch: opening one costs a lookup and a write-back.
    tables: Tables<'a>,
    now: Timestamp,
    sequences: writer::Sequences,
    /// Job count changes by (tenant, queue, state), applied once at the end of the batch.
    count_deltas: std::collections::BTreeMap<(String, String, u8), i64>,
}

/// Declares the lazily opened tables of a write transaction, one accessor per table.
macro_rules! open_tables {
    ($($field:ident: $definition:ident<$key:ty, $value:ty>),* $(,)?) => {
        #[derive(Default)]
        struct Tables<'a> {
            $($field: Option<redb::Table<'a, $key, $value>>,)*
        }

        impl<'a> Tables<'a> {
            $(
                fn $field(&mut self, txn: &'a redb::WriteTransaction) -> Result<&mut redb::Table<'a, $key, $value>, StoreError> {
                    if self.$field.is_none() {
                        self.$field = Some(txn.open_table(tables::$definition)?);
                    }
                    Ok(self.$field.as_mut().expect("opened just above"))
                }
            )*
        }
    };
}

open_tables! {
    sequences: SEQUENCES<&'static str, u64>,
    tenants: TENANTS<&'static str, &'static [u8]>,
    operators: OPERATORS<(&'static str, &'static str), &'static [u8]>,
    audit: AUDIT<(&'static str, u64), &'static [u8]>,
    changes: CHANGES<(&'static str, u64), &'static [u8]>,
    jobs: JOBS<u64, &'static [u8]>,
    jobs_due: JOBS_DUE<(&'static str, u64, u64), ()>,
    jobs_leased: JOBS_LEASED<(u64, u64), ()>,
    jobs_finished: JOBS_FINISHED<(u64, u64), ()>,
    jobs_by_tenant: JOBS_BY_TENANT<(&'static str, u64), ()>,
    jobs_by_state: JOBS_BY_STATE<(&'static str, u8, u64), ()>,
    jobs_unique: JOBS_UNIQUE<&'static str, u64>,
    job_counts: JOB_COUNTS<(&'static str, &'static str, u8), u64>,
    queues: QUEUES<&'static str, &'static [u8]>,
    event_keys: EVENT_KEYS<(&'static str, &'static str, &'static str), u64>,
    event_log: EVENT_LOG<(&'static str, u64), &'static [u8]>,
    invoices: INVOICES<(&'static str, u64), &'static [u8]>,
    invoice_text: INVOICE_TEXT<(&'static str, u64), &'static [u8]>,
    invoices_by_state: INVOICES_BY_STATE<(&'static str, u8, u64), ()>,
    invoices_by_hash: INVOICES_BY_HASH<(&'static str, &'static str), u64>,
    invoices_by_number: INVOICES_BY_NUMBER<(&'static str, &'static str, &'static str, u64), ()>,
    invoice_counts: INVOICE_COUNTS<(&'static str, u8), u64>,
    contacts: CONTACTS<(&'static str, u64), &'static [u8]>,
    contact_identities: CONTACT_IDENTITIES<(&'static str, &'static str, &'static str), u64>,
    conversations: CONVERSATIONS<(&'static str, u64), &'static [u8]>,
    conversation_keys: CONVERSATION_KEYS<(&'static str, &'static str, &'static str, &'static str), u64>,
    conversations_by_activity: CONVERSATIONS_BY_ACTIVITY<(&'static str, u64, u64), ()>,
    messages: MESSAGES<(&'static str, u64, u64), &'static [u8]>,
    messages_by_external: MESSAGES_BY_EXTERNAL<(&'static str, &'static str, &'static str), (u64, u64)>,
    reply_templates: REPLY_TEMPLATES<(&'static str, &'static str), &'static [u8]>,
    leads: LEADS<(&'static str, u64), &'static [u8]>,
    reminders: REMINDERS<(&'static str, u64), &'static [u8]>,
    funnels: FUNNELS<&'static str, &'static [u8]>,
    whatsapp_templates: WHATSAPP_TEMPLATES<(&'static str, &'static str, &'static str), &'static [u8]>,
}

/// A read transaction as the rest of the daemon sees it.
pub struct ReadTxn {
    txn: redb::ReadTransaction,
}

impl Store {
    /// Opens (or creates) the store in `data_dir`, runs migrations, and puts back in the queue
    /// every job a previous process left `running` (only one process owns the file, so those
    /// leases belong to no one).
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir)?;
        let db = redb::Database::builder()
            .set_cache_size(64 * 1024 * 1024)
            .set_repair_callback(|session| {
                // Only after an unclean stop (a crash, kill -9, power loss).
                tracing::warn!(
                    progress = format!("{:.0} %", session.progress() * 100.0),
                    "checking the database after an unclean stop"
                );
            })
            .create(data_dir.join(DATABASE_FILE))?;
        let db = Arc::new(db);
        migrate::run(&db)?;
        let requeued = jobs::requeue_all_running(&db)?;
        if requeued > 0 {
            tracing::info!(
                requeued,
                "jobs left running by the previous process are queued again"
            );
        }
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
            }),
        })
    }

    /// Runs `op` in a write transaction, batched with whatever else is waiting, and returns its
    /// result once the commit is durable. `op` may run more than once (see the module docs).
    pub async fn write<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnMut(&mut WriteTxn<'_>) -> Result<T, StoreError> + Send + 'static,
    {
        let (op, result) = writer::Op::new(op);
        self.inner
            .writer
            .send(writer::Message::Write(op))
            .map_err(|_| StoreError::Closed)?;
        result.await.map_err(|_| StoreError::Closed)?
    }

    /// Runs `op` in a read transaction on the blocking pool.
    pub async fn read<T, F>(&self, op: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&ReadTxn) -> Result<T, StoreError> + Send + 'static,
    {
        let db = self.inner.db()?;
        tokio::task::spawn_blocking(move || {
            let txn = ReadTxn {
                txn: db.begin_read()?,
            };
            op(&txn)
        })
        .await
        .map_err(|error| StoreError::Database(format!("read task failed: {error}")))?
    }

    /// Runs `op` in a read transaction on the current thread: for blocking contexts only.
    pub fn read_blocking<T>(
        &self,
        op: impl FnOnce(&ReadTxn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let txn = ReadTxn {
            txn: self.inner.db()?.begin_read()?,
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
        tokio::task::spawn_blocking(move || blobs.put(&bytes))
            .await
            .map_err(|error| StoreError::Database(format!("blob task failed: {error}")))?
    }

    /// Reads a blob back.
    pub async fn get_blob(&self, hash: BlobHash) -> Result<Vec<u8>, StoreError> {
        let blobs = self.inner.blobs.clone();
        tokio::task::spawn_blocking(move || blobs.get(&hash))
            .await
            .map_err(|error| StoreError::Database(format!("blob task failed: {error}")))?
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }
}

impl<'a> WriteTxn<'a> {
    fn new(txn: &'a redb::WriteTransaction) -> Self {
        Self {
            txn,
            tables: Tables::default(),
            now: Timestamp::now(),
            sequences: writer::Sequences::default(),
            count_deltas: std::collections::BTreeMap::new(),
        }
    }

    /// Saves what the transaction kept in memory (sequences, job counts). Call once, before
    /// commit.
    fn flush(&mut self) -> Result<(), StoreError> {
        self.save_sequences()?;
        let deltas = std::mem::take(&mut self.count_deltas);
        let counts = self.tables.job_counts(self.txn)?;
        for ((tenant, queue, state), delta) in deltas {
            if delta == 0 {
                continue;
            }
            let key = (tenant.as_str(), queue.as_str(), state);
            let current = counts.get(key)?.map_or(0, |value| value.value());
            match current.saturating_add_signed(delta) {
                0 => counts.remove(key)?,
                next => counts.insert(key, next)?,
            };
        }
        Ok(())
    }

    /// The commit batch's clock: every record written in one batch shares it.
    pub fn now(&self) -> Timestamp {
        self.now
    }
}

fn millis(at: Timestamp) -> u64 {
    u64::try_from(at.as_millisecond()).unwrap_or(0)
}

fn from_millis(ms: u64) -> Timestamp {
    Timestamp::from_millisecond(i64::try_from(ms).unwrap_or(i64::MAX)).unwrap_or(Timestamp::MAX)
}

#[cfg(test)]
mod tests;
