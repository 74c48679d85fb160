//! The durable job queue on the store: enqueue, lease with a visibility timeout, run with a
//! per-queue concurrency limit, classify errors, back off, go dead after `max_attempts`, and let
//! operators retry, cancel, pause and resume.
//!
//! Flow: producers call [`Queue::enqueue`] or enqueue in their own transaction (one durable
//! commit, then they wake the queue's worker). Each queue has one dispatcher task (`worker.rs`) that leases
//! due jobs in a batch, runs each on its handler (`JobKind` string → [`Handler`]), and records
//! the outcome; the writer's group commit batches those completions. A reaper returns expired
//! leases to the queue. Nothing here knows about HTTP or RPC.

mod backoff;
mod error;
mod job;
mod operator;
mod schedule;
mod store;
mod worker;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use centralita_config::QueueConfig;
use centralita_protocol::{JobId, TenantId};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use error::JobError;
pub use job::Job;
pub(crate) use schedule::TABLES as SCHEDULE_TABLES;
pub use schedule::{Every, ScheduleRecord};
pub(crate) use store::TABLES;
pub use store::{FinishedJob, JobOutcome, JobRecord, LeasedJob, NewJob, QueueRecord};

use crate::audit::AuditRecord;
use crate::error::AreaError;
use crate::metrics::Metrics;
use crate::store::Store;

/// The queue everything goes to unless it names another.
pub const DEFAULT_QUEUE: &str = "default";

/// What a handler gets for one attempt.
#[derive(Debug, Clone)]
pub struct JobContext {
    pub id: JobId,
    pub tenant: TenantId,
    pub kind: String,
    /// The payload as stored; [`Queue::register_job`] decodes it into the job's type.
    pub(super) payload: serde_json::Value,
    /// 1 for the first attempt.
    pub attempt: u32,
    pub max_attempts: u32,
    /// How many times an operator retried this job by hand.
    pub operator_retries: u32,
    /// Cancelled when the daemon shuts down and the grace period is over.
    pub shutdown: CancellationToken,
}

#[cfg(test)]
impl JobContext {
    /// Attempt `attempt` of `max_attempts` of a job of `tenant`, as a handler under test gets
    /// it (the payload is already decoded into the job the test passes).
    pub(crate) fn for_test(tenant: TenantId, attempt: u32, max_attempts: u32) -> Self {
        Self {
            id: JobId(1),
            tenant,
            kind: "test.kind".to_owned(),
            payload: serde_json::Value::Null,
            attempt,
            max_attempts,
            operator_retries: 0,
            shutdown: CancellationToken::new(),
        }
    }
}

type HandlerFuture = Pin<Box<dyn Future<Output = Result<(), JobError>> + Send>>;

/// Runs one attempt of a job kind.
pub(super) type Handler = Arc<dyn Fn(JobContext) -> HandlerFuture + Send + Sync>;

/// Wraps an async fn as a [`Handler`].
pub(super) fn handler<F, Fut>(f: F) -> Handler
where
    F: Fn(JobContext) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), JobError>> + Send + 'static,
{
    Arc::new(move |context| Box::pin(f(context)))
}

/// A cheap, clonable handle to the queue.
#[derive(Clone)]
pub struct Queue {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    config: QueueConfig,
    metrics: Arc<Metrics>,
    handlers: Mutex<HashMap<String, Handler>>,
    /// One wake-up per queue name; workers wait on it when nothing is due.
    wakers: Mutex<BTreeMap<String, Arc<Notify>>>,
    /// Paused queue names (the store holds the durable copy).
    paused: Mutex<HashSet<String>>,
    /// Set once workers run, so queues seen later get a dispatcher.
    runtime: Mutex<Option<worker::Runtime>>,
    /// Wakes the scheduler when a schedule is added or changed.
    schedules_changed: Notify,
}

impl Queue {
    pub fn new(store: Store, config: &QueueConfig, metrics: Arc<Metrics>) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                config: config.clone(),
                metrics,
                handlers: Mutex::new(HashMap::new()),
                wakers: Mutex::new(BTreeMap::new()),
                paused: Mutex::new(HashSet::new()),
                runtime: Mutex::new(None),
                schedules_changed: Notify::new(),
            }),
        }
    }

    /// Registers the handler of a job kind. Jobs of a kind without one fail permanently.
    /// Areas register typed jobs with [`Queue::register_job`].
    pub(super) fn register(&self, kind: &str, handler: Handler) {
        self.inner
            .handlers
            .lock()
            .expect("handlers lock is never poisoned")
            .insert(kind.to_owned(), handler);
    }

    /// Attempts allowed for `kind`: its `[queue.kinds]` setting, else the default.
    pub fn max_attempts_for(&self, kind: &str) -> u32 {
        self.kind_max_attempts(kind)
            .unwrap_or(self.inner.config.default_max_attempts)
    }

    /// `[queue.kinds."KIND"] max_attempts`, when the config sets it.
    fn kind_max_attempts(&self, kind: &str) -> Option<u32> {
        self.inner
            .config
            .kinds
            .get(kind)
            .and_then(|settings| settings.max_attempts)
    }

    /// Jobs of `queue` allowed to run at once.
    pub fn concurrency_of(&self, queue: &str) -> u32 {
        self.inner
            .config
            .queues
            .get(queue)
            .map_or(8, |settings| settings.concurrency)
            .max(1)
    }

    /// Enqueues a job durably; with an active job holding the same unique key, returns that
    /// one's id and `false`.
    pub async fn enqueue(&self, job: NewJob) -> Result<(JobId, bool), AreaError> {
        let queue = job.queue.clone();
        let result = self
            .inner
            .store
            .write(move |txn| txn.enqueue_job(&job))
            .await?;
        self.wake(&queue);
        Ok(result)
    }

    /// Tells the scheduler a schedule changed (after the commit that changed it).
    pub fn schedules_changed(&self) {
        self.inner.schedules_changed.notify_one();
    }

    /// Wakes `queue`'s worker (after an enqueue, retry or resume).
    pub fn wake(&self, queue: &str) {
        self.waker(queue).notify_one();
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    fn waker(&self, queue: &str) -> Arc<Notify> {
        let mut wakers = self
            .inner
            .wakers
            .lock()
            .expect("wakers lock is never poisoned");
        if let Some(waker) = wakers.get(queue) {
            return Arc::clone(waker);
        }
        let waker = Arc::new(Notify::new());
        wakers.insert(queue.to_owned(), Arc::clone(&waker));
        drop(wakers);
        if let Some(runtime) = self
            .inner
            .runtime
            .lock()
            .expect("runtime lock is never poisoned")
            .as_ref()
        {
            worker::spawn_dispatcher(self, queue, runtime);
        }
        waker
    }

    fn wake_all(&self) {
        for waker in self
            .inner
            .wakers
            .lock()
            .expect("wakers lock is never poisoned")
            .values()
        {
            waker.notify_one();
        }
    }

    /// Whether `queue` is paused.
    pub fn is_paused(&self, queue: &str) -> bool {
        self.inner
            .paused
            .lock()
            .expect("paused lock is never poisoned")
            .contains(queue)
    }

    /// Pauses or resumes `queue` durably, writing `audit` in the same commit.
    pub async fn set_paused(
        &self,
        queue: &str,
        paused: bool,
        audit: AuditRecord,
    ) -> Result<(), AreaError> {
        let name = queue.to_owned();
        self.inner
            .store
            .write(move |txn| {
                txn.set_queue_paused(&name, paused)?;
                txn.audit(&audit)?;
                Ok::<_, AreaError>(())
            })
            .await?;
        {
            let mut set = self
                .inner
                .paused
                .lock()
                .expect("paused lock is never poisoned");
            if paused {
                set.insert(queue.to_owned());
            } else {
                set.remove(queue);
            }
        }
        self.wake(queue);
        Ok(())
    }

    /// Known queue names: configured, stored, or seen since start.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .inner
            .wakers
            .lock()
            .expect("wakers lock is never poisoned")
            .keys()
            .cloned()
            .collect();
        names.extend(self.inner.config.queues.keys().cloned());
        names.sort();
        names.dedup();
        names
    }

    /// How long until the earliest queued job of `queue` is due (at most a second, so a clock
    /// jump or a missed wake-up costs little).
    async fn until_next_due(&self, queue: &str) -> Duration {
        let name = queue.to_owned();
        let next = self
            .inner
            .store
            .read(move |txn| txn.next_due(&name))
            .await
            .ok()
            .flatten();
        let max = Duration::from_secs(1);
        next.map_or(max, |at| {
            let wait = at.as_millisecond() - jiff::Timestamp::now().as_millisecond();
            Duration::from_millis(u64::try_from(wait).unwrap_or(0)).min(max)
        })
    }

    /// Puts back in the queue every job a previous process left `running`, then starts a
    /// worker for every known queue and the lease reaper; new queues get a worker when they
    /// first appear. Workers stop leasing when `stop` is cancelled; running jobs get until
    /// `abort` to finish, then their leases are released.
    pub async fn start(
        &self,
        tracker: &TaskTracker,
        stop: CancellationToken,
        abort: CancellationToken,
    ) -> Result<(), AreaError> {
        #[allow(clippy::redundant_closure_for_method_calls)]
        // a method path is not general over the transaction's lifetime
        let requeued = self
            .inner
            .store
            .write(|txn| txn.requeue_all_running())
            .await?;
        if requeued > 0 {
            tracing::info!(
                requeued,
                "jobs left running by the previous process are queued again"
            );
        }
        worker::start(self, tracker, stop, abort)
    }
}

const fn secs(value: u64) -> Duration {
    Duration::from_secs(value)
}

#[cfg(test)]
mod tests;
