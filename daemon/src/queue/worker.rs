//! Per-queue dispatchers, job attempts and the lease reaper.

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::Instrument;

use super::{JobContext, JobError, Queue, backoff, secs};
use crate::error::{AreaError, said};
use crate::queue::{FinishedJob, JobOutcome, LeasedJob};
use centralita_protocol::said as key;

/// What workers need to start new dispatchers later.
#[derive(Clone)]
pub(super) struct Runtime {
    pub tracker: TaskTracker,
    pub stop: CancellationToken,
    pub abort: CancellationToken,
}

pub(super) fn start(
    queue: &Queue,
    tracker: &TaskTracker,
    stop: CancellationToken,
    abort: CancellationToken,
) -> Result<(), AreaError> {
    let (stored, counted) = queue
        .inner
        .store
        .read_blocking(|txn| Ok::<_, AreaError>((txn.queues()?, txn.job_counts(None)?)))?;
    {
        let mut paused = queue
            .inner
            .paused
            .lock()
            .expect("paused lock is never poisoned");
        paused.extend(
            stored
                .iter()
                .filter(|(_, record)| record.paused)
                .map(|(name, _)| name.clone()),
        );
    }
    let runtime = Runtime {
        tracker: tracker.clone(),
        stop: stop.clone(),
        abort,
    };
    *queue
        .inner
        .runtime
        .lock()
        .expect("runtime lock is never poisoned") = Some(runtime);
    let mut names: Vec<String> = queue.inner.config.queues.keys().cloned().collect();
    names.extend(stored.into_keys());
    names.extend(counted.into_keys());
    names.push(super::DEFAULT_QUEUE.to_owned());
    for name in names {
        queue.waker(&name);
    }
    let reaper = queue.clone();
    let scheduler = queue.clone();
    let stop_schedules = stop.clone();
    tracker.spawn(async move { reap_expired_leases(reaper, stop).await });
    tracker.spawn(async move { fire_schedules(scheduler, stop_schedules).await });
    Ok(())
}

/// Makes the jobs of schedules as their slots come (checked at least once a second, and at
/// once when a schedule changes), until `stop`.
async fn fire_schedules(queue: Queue, stop: CancellationToken) {
    let most = Duration::from_secs(1);
    loop {
        let wait = queue
            .inner
            .store
            .read(|txn| txn.next_schedule_in(Timestamp::now()))
            .await
            .ok()
            .flatten()
            .map_or(most, |until| until.unsigned_abs().min(most));
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = queue.inner.schedules_changed.notified() => {}
            () = stop.cancelled() => return,
        }
        // A closure, not the method path: the path is not general over the txn's lifetime.
        #[allow(clippy::redundant_closure_for_method_calls)]
        let fired = queue
            .inner
            .store
            .write(|txn| txn.fire_due_schedules())
            .await;
        match fired {
            Ok(queues) => {
                for name in queues {
                    queue.wake(&name);
                }
            }
            Err(error) => tracing::error!(%error, "firing schedules failed"),
        }
    }
}

/// Spawns the dispatcher of a queue seen for the first time.
pub(super) fn spawn_dispatcher(queue: &Queue, name: &str, runtime: &Runtime) {
    let queue = queue.clone();
    let name = name.to_owned();
    let runtime_for_task = runtime.clone();
    runtime.tracker.spawn(async move {
        dispatch(queue, name.clone(), runtime_for_task)
            .instrument(tracing::info_span!("queue", queue = %name))
            .await;
    });
}

async fn dispatch(queue: Queue, name: String, runtime: Runtime) {
    let concurrency = queue.concurrency_of(&name) as usize;
    let slots = Arc::new(Semaphore::new(concurrency));
    let waker = queue.waker(&name);
    let lease_for = secs(queue.inner.config.lease_secs.max(1));
    loop {
        if runtime.stop.is_cancelled() {
            break;
        }
        if queue.is_paused(&name) {
            tokio::select! {
                () = waker.notified() => {}
                () = runtime.stop.cancelled() => break,
            }
            continue;
        }
        // Wait for a free slot, then take every free slot for one batch lease.
        let first = tokio::select! {
            permit = Arc::clone(&slots).acquire_owned() => permit.expect("the semaphore is never closed"),
            () = runtime.stop.cancelled() => break,
        };
        let mut permits = vec![first];
        while let Ok(permit) = Arc::clone(&slots).try_acquire_owned() {
            permits.push(permit);
        }
        let limit = permits.len();
        let lease_name = name.clone();
        let leased = queue
            .inner
            .store
            .write(move |txn| {
                let lease_until = txn.now() + lease_for;
                txn.lease_jobs(&lease_name, limit, lease_until)
            })
            .await;
        let leased = match leased {
            Ok(leased) => leased,
            Err(error) => {
                tracing::error!(%error, "leasing jobs failed; retrying in a second");
                drop(permits);
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(1)) => {}
                    () = runtime.stop.cancelled() => break,
                }
                continue;
            }
        };
        if leased.is_empty() {
            drop(permits);
            let wait = queue.until_next_due(&name).await;
            tokio::select! {
                () = waker.notified() => {}
                () = tokio::time::sleep(wait) => {}
                () = runtime.stop.cancelled() => break,
            }
            continue;
        }
        for (job, permit) in leased.into_iter().zip(permits.drain(..)) {
            let queue = queue.clone();
            let abort = runtime.abort.clone();
            let span = tracing::info_span!("job", job_id = %job.id, tenant = %job.tenant, kind = %job.kind, attempt = job.attempt);
            runtime.tracker.spawn(
                async move {
                    run_attempt(&queue, job, abort, lease_for).await;
                    drop(permit);
                }
                .instrument(span),
            );
        }
    }
}

async fn run_attempt(queue: &Queue, job: LeasedJob, abort: CancellationToken, lease_for: Duration) {
    let handler = queue
        .inner
        .handlers
        .lock()
        .expect("handlers lock is never poisoned")
        .get(&job.kind)
        .cloned();
    let result = match (handler, serde_json::from_str(&job.payload)) {
        (None, _) => Err(JobError::permanent_said(said!(
            key::JOB_KIND_UNKNOWN,
            "no handler for job kind {0:?} in this build",
            job.kind
        ))),
        (_, Err(error)) => Err(JobError::permanent_said(said!(
            key::JOB_PAYLOAD_NOT_JSON,
            "payload is not valid JSON: {0}",
            error
        ))),
        (Some(handler), Ok(payload)) => {
            let context = JobContext {
                id: job.id,
                tenant: job.tenant.clone(),
                kind: job.kind.clone(),
                payload,
                attempt: job.attempt,
                max_attempts: job.max_attempts,
                operator_retries: job.operator_retries,
                shutdown: abort.clone(),
            };
            tokio::select! {
                result = tokio::time::timeout(lease_for, handler(context)) => result.unwrap_or_else(|_| {
                    Err(lease_timeout(lease_for))
                }),
                () = abort.cancelled() => {
                    release(queue, &job).await;
                    return;
                }
            }
        }
    };
    let outcome = decide(queue, &job, result);
    let label = match &outcome {
        JobOutcome::Succeeded => "succeeded",
        JobOutcome::Retry { .. } => "retried",
        JobOutcome::Failed { .. } => "failed",
        JobOutcome::Dead { .. } => "dead",
        JobOutcome::Released => "released",
        JobOutcome::Deferred { .. } => "deferred",
    };
    let (id, attempt) = (job.id, job.attempt);
    let recorded = outcome.clone();
    match queue
        .inner
        .store
        .write(move |txn| txn.finish_job(id, attempt, &recorded))
        .await
    {
        Ok(FinishedJob::Finished(state)) => {
            queue.inner.metrics.record_job_outcome(&job.queue, label);
            tracing::debug!(%state, "job attempt recorded");
            if matches!(
                outcome,
                JobOutcome::Retry { .. } | JobOutcome::Deferred { .. }
            ) {
                queue.wake(&job.queue);
            }
        }
        Ok(FinishedJob::Stale) => {
            tracing::warn!("job lease expired before the attempt ended; its outcome is dropped");
        }
        // The lease stays; the reaper or the next start puts the job back.
        Err(error) => tracing::error!(%error, "recording the job outcome failed"),
    }
}

/// An attempt that outlived its lease: another try may be quicker.
pub(super) fn lease_timeout(lease_for: Duration) -> JobError {
    JobError::retryable_said(
        said!(
            key::JOB_LEASE_TIMEOUT,
            "attempt took longer than the {0} s lease",
            lease_for.as_secs()
        ),
        None,
    )
}

fn decide(queue: &Queue, job: &LeasedJob, result: Result<(), JobError>) -> JobOutcome {
    match result {
        Ok(()) => JobOutcome::Succeeded,
        Err(JobError::Permanent { message, words }) => JobOutcome::Failed {
            error: message,
            words,
        },
        Err(JobError::Later { message, after }) => JobOutcome::Deferred {
            at: Timestamp::now() + after,
            note: message,
        },
        // The state and the attempt count say that it gave up, in the reader's language.
        Err(JobError::Retryable { message, words, .. }) if job.attempt >= job.max_attempts => {
            JobOutcome::Dead {
                error: message,
                words,
            }
        }
        Err(JobError::Retryable {
            message,
            retry_after,
            words,
        }) => {
            let config = &queue.inner.config;
            let delay = backoff::delay(
                job.attempt,
                Duration::from_millis(config.backoff_base_ms),
                secs(config.backoff_max_secs),
                retry_after,
                rand::random::<f64>(),
            );
            let at = Timestamp::now() + delay;
            JobOutcome::Retry {
                at,
                error: message,
                words,
            }
        }
    }
}

async fn release(queue: &Queue, job: &LeasedJob) {
    let (id, attempt) = (job.id, job.attempt);
    if let Err(error) = queue
        .inner
        .store
        .write(move |txn| txn.finish_job(id, attempt, &JobOutcome::Released))
        .await
    {
        tracing::error!(%error, "releasing the lease at shutdown failed; the job is queued again at the next start");
    }
}

async fn reap_expired_leases(queue: Queue, stop: CancellationToken) {
    let every = secs((queue.inner.config.lease_secs / 4).clamp(1, 5));
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            () = stop.cancelled() => return,
        }
        // A closure, not the method path: the path is not general over the txn's lifetime.
        #[allow(clippy::redundant_closure_for_method_calls)]
        let requeued = queue
            .inner
            .store
            .write(|txn| txn.requeue_expired_leases())
            .await;
        match requeued {
            Ok(ids) if !ids.is_empty() => {
                tracing::warn!(
                    count = ids.len(),
                    "jobs whose lease expired are queued again"
                );
                queue.wake_all();
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "lease reaper failed"),
        }
    }
}
