//! The single writer thread and its group commit.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, watch};

use super::{StoreError, Values, WriteTxn};

/// Most operations folded into one commit. Large enough to amortise the fsync, small enough
/// that one batch never holds producers back for long.
const MAX_BATCH: usize = 1024;

/// Runs an operation; `Err` means it failed (its own error is kept in its slot).
type Apply = dyn FnMut(&mut WriteTxn<'_>) -> Result<(), Failed> + Send;
/// Answers the producer: `None` once committed, or the engine error that lost the batch.
type Finish = dyn FnOnce(Option<StoreError>) + Send;

/// An operation failed; its error waits in its slot for [`Op::finish`].
#[derive(Debug)]
pub(super) struct Failed;

/// One queued write: `apply` runs in a transaction (maybe twice), `finish` answers the producer.
pub(super) struct Op {
    apply: Box<Apply>,
    finish: Box<Finish>,
}

impl Op {
    pub(super) fn new<T, E, F>(mut op: F) -> (Self, oneshot::Receiver<Result<T, E>>)
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnMut(&mut WriteTxn<'_>) -> Result<T, E> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let slot: Arc<std::sync::Mutex<Option<Result<T, E>>>> =
            Arc::new(std::sync::Mutex::new(None));
        let apply_slot = Arc::clone(&slot);
        let apply = Box::new(move |txn: &mut WriteTxn<'_>| {
            let result = op(txn);
            let failed = result.is_err();
            *apply_slot.lock().expect("slot lock is never poisoned") = Some(result);
            if failed { Err(Failed) } else { Ok(()) }
        });
        let finish = Box::new(move |lost: Option<StoreError>| {
            let result = match lost {
                Some(error) => Err(E::from(error)),
                None => slot
                    .lock()
                    .expect("slot lock is never poisoned")
                    .take()
                    .expect("a finished operation has run"),
            };
            // The producer may have given up waiting; nothing to do then.
            let _ = tx.send(result);
        });
        (Self { apply, finish }, rx)
    }
}

/// Next values of the id sequences, loaded once per transaction and saved before commit.
#[derive(Default)]
pub(super) struct Sequences {
    loaded: Vec<(&'static str, u64)>,
}

/// Next id of each sequence (`"job"`, `"change"`, `"audit"`, an area's own).
pub(super) const SEQUENCES: Values<&str, u64> = Values::new("sequences");

impl WriteTxn<'_> {
    /// Takes the next value of sequence `name` (starting at 1). Ids are per sequence, so
    /// humans say "invoice 42".
    pub fn next_id(&mut self, name: &'static str) -> Result<u64, StoreError> {
        if let Some(entry) = self.sequences.loaded.iter_mut().find(|(n, _)| *n == name) {
            entry.1 += 1;
            return Ok(entry.1);
        }
        let current = self.open(&SEQUENCES)?.get(name)?.unwrap_or(0);
        self.sequences.loaded.push((name, current + 1));
        Ok(current + 1)
    }

    pub(super) fn save_sequences(&mut self) -> Result<(), StoreError> {
        let loaded = std::mem::take(&mut self.sequences.loaded);
        let mut table = self.open(&SEQUENCES)?;
        for (name, value) in &loaded {
            table.insert(*name, *value)?;
        }
        Ok(())
    }

    /// The value sequence `name` handed out last, without taking one.
    pub fn peek_id(&mut self, name: &'static str) -> Result<u64, StoreError> {
        if let Some((_, value)) = self.sequences.loaded.iter().find(|(n, _)| *n == name) {
            return Ok(*value);
        }
        Ok(self.open(&SEQUENCES)?.get(name)?.unwrap_or(0))
    }
}

/// What the writer thread is sent.
pub(super) enum Message {
    Write(Op),
    /// Commit what came before, then stop and let go of the database.
    Close,
}

/// Starts the writer thread. It ends on [`Message::Close`] (or once every sender is gone),
/// after the last commit, and drops its handle on the database as it ends.
pub(super) fn spawn(
    db: Arc<redb::Database>,
    changes: watch::Sender<u64>,
) -> Result<(mpsc::UnboundedSender<Message>, std::thread::JoinHandle<()>), StoreError> {
    let (tx, rx) = mpsc::unbounded_channel();
    let thread = std::thread::Builder::new()
        .name("store-writer".into())
        .spawn(move || run(&db, rx, &changes))?;
    Ok((tx, thread))
}

fn run(
    db: &redb::Database,
    mut messages: mpsc::UnboundedReceiver<Message>,
    changes: &watch::Sender<u64>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut closing = false;
    while !closing && let Some(message) = messages.blocking_recv() {
        match message {
            Message::Write(op) => batch.push(op),
            Message::Close => closing = true,
        }
        while !closing && batch.len() < MAX_BATCH {
            match messages.try_recv() {
                Ok(Message::Write(op)) => batch.push(op),
                Ok(Message::Close) => closing = true,
                Err(_) => break,
            }
        }
        if !batch.is_empty() {
            commit_batch(db, &mut batch, changes);
        }
    }
    // Writes sent after the close are answered `Closed` as their results are dropped.
    messages.close();
    tracing::debug!("store writer stopped");
}

/// Why a batch was not committed.
enum BatchError {
    /// An operation failed; its error is in its slot.
    Op,
    /// The engine failed (opening a table, the commit itself).
    Store(StoreError),
}

impl From<StoreError> for BatchError {
    fn from(error: StoreError) -> Self {
        Self::Store(error)
    }
}

impl From<Failed> for BatchError {
    fn from(Failed: Failed) -> Self {
        Self::Op
    }
}

fn commit_batch(db: &redb::Database, batch: &mut Vec<Op>, changes: &watch::Sender<u64>) {
    match run_ops(db, batch.iter_mut()) {
        Ok(last_change) => {
            changes.send_if_modified(|seq| replace_if_newer(seq, last_change));
            for op in batch.drain(..) {
                (op.finish)(None);
            }
        }
        Err(_) if batch.len() > 1 => {
            // One operation failed: give each its own transaction so only that one fails.
            for mut op in batch.drain(..) {
                let lost = match run_ops(db, std::iter::once(&mut op)) {
                    Ok(last_change) => {
                        changes.send_if_modified(|seq| replace_if_newer(seq, last_change));
                        None
                    }
                    Err(BatchError::Op) => None,
                    Err(BatchError::Store(error)) => Some(error),
                };
                (op.finish)(lost);
            }
        }
        Err(error) => {
            let lost = match error {
                BatchError::Op => None,
                BatchError::Store(error) => Some(error),
            };
            if let Some(op) = batch.pop() {
                (op.finish)(lost);
            }
        }
    }
}

fn replace_if_newer(seq: &mut u64, last: u64) -> bool {
    if last > *seq {
        *seq = last;
        true
    } else {
        false
    }
}

/// Runs the operations in one durable transaction; returns the last change seq after commit.
fn run_ops<'a>(
    db: &redb::Database,
    ops: impl Iterator<Item = &'a mut Op>,
) -> Result<u64, BatchError> {
    // With redb's quick repair: each commit also saves the allocator state (two-phase), so
    // the start after a crash or power loss does not walk the whole file. With 1,000,000
    // messages (1.1 GB) the daemon was ready 164 ms after a `kill -9`, against 4.5 s without
    // it (`cargo bench -p centralita-daemon --bench startup`, `daemon_ready_after_kill9`);
    // the webhook figures with and without are in the README's benchmarks.
    let mut txn = db.begin_write().map_err(StoreError::from)?;
    txn.set_quick_repair(true);
    let mut write = WriteTxn::new(&txn);
    for op in ops {
        (op.apply)(&mut write)?;
    }
    write.flush()?;
    let last_change = write.peek_id("change")?;
    drop(write);
    txn.commit().map_err(StoreError::from)?;
    Ok(last_change)
}
