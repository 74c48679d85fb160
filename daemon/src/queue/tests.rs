//! Queue tests: real store in a temp dir, real workers, handlers that record what they saw.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use centralita_config::{KindSettings, QueueConfig, QueueSettings};
use centralita_protocol::{AuditOutcome, JobFilter, JobId, JobState, PageRequest, TenantId};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::*;
use crate::audit::AuditRecord;

struct Harness {
    _dir: tempfile::TempDir,
    queue: Queue,
    stop: CancellationToken,
    tracker: TaskTracker,
}

fn tenant() -> TenantId {
    TenantId::new("acme").expect("valid")
}

async fn harness(config: QueueConfig) -> Harness {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path(), &crate::schema()).expect("store");
    store
        .write(|txn| txn.add_tenant(&tenant(), "Acme"))
        .await
        .expect("tenant");
    let queue = Queue::new(store, &config, Arc::new(Metrics::default()));
    Harness {
        _dir: dir,
        queue,
        stop: CancellationToken::new(),
        tracker: TaskTracker::new(),
    }
}

fn fast_config() -> QueueConfig {
    QueueConfig {
        backoff_base_ms: 1,
        backoff_max_secs: 1,
        ..QueueConfig::default()
    }
}

impl Harness {
    async fn start(&self) {
        self.queue
            .start(&self.tracker, self.stop.clone(), CancellationToken::new())
            .await
            .expect("workers start");
    }

    async fn enqueue(&self, kind: &str, max_attempts: u32) -> JobId {
        let job = NewJob {
            tenant: tenant(),
            queue: DEFAULT_QUEUE.into(),
            kind: kind.into(),
            payload: serde_json::json!({}),
            run_at: None,
            max_attempts,
            unique_key: None,
            schedule: None,
        };
        self.queue.enqueue(job).await.expect("enqueued").0
    }

    async fn state_of(&self, id: JobId) -> JobState {
        self.queue
            .store()
            .read(move |txn| txn.job(&tenant(), id))
            .await
            .expect("job")
            .state
    }

    /// Waits until job `id` is in `state`; the timeout only exists to fail instead of hang.
    async fn wait_for(&self, id: JobId, state: JobState) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let current = self.state_of(id).await;
            if current == state {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "job {id} stayed {current}, expected {state}"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

#[tokio::test]
async fn jobs_run_on_their_handler_and_succeed() {
    let harness = harness(fast_config()).await;
    let runs = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&runs);
    harness.queue.register(
        "count",
        handler(move |_| {
            let counter = Arc::clone(&counter);
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                Ok(())
            }
        }),
    );
    harness.start().await;
    let mut ids = Vec::new();
    for _ in 0..50 {
        ids.push(harness.enqueue("count", 3).await);
    }
    for id in ids {
        harness.wait_for(id, JobState::Succeeded).await;
    }
    assert_eq!(runs.load(Ordering::SeqCst), 50);
}

#[tokio::test]
async fn retryable_errors_back_off_then_the_job_is_dead() {
    let harness = harness(fast_config()).await;
    harness.queue.register(
        "flaky",
        handler(|_| async { Err(JobError::retryable("503 from provider")) }),
    );
    harness.start().await;
    let id = harness.enqueue("flaky", 3).await;
    harness.wait_for(id, JobState::Dead).await;
    let job = harness
        .queue
        .store()
        .read(move |txn| txn.job(&tenant(), id))
        .await
        .expect("job");
    assert_eq!(job.attempts, 3);
    assert_eq!(job.history.len(), 3);
    assert_eq!(
        job.last_error.as_deref(),
        Some("503 from provider"),
        "the provider's words; the state and the attempts say it gave up"
    );
}

#[tokio::test]
async fn permanent_errors_fail_at_once_and_unknown_kinds_are_permanent() {
    let harness = harness(fast_config()).await;
    harness.queue.register(
        "bad",
        handler(|_| async { Err(JobError::permanent("400: recipient does not exist")) }),
    );
    harness.start().await;
    let bad = harness.enqueue("bad", 5).await;
    let unknown = harness.enqueue("nobody.handles.this", 5).await;
    harness.wait_for(bad, JobState::Failed).await;
    harness.wait_for(unknown, JobState::Failed).await;
    let job = harness
        .queue
        .store()
        .read(move |txn| txn.job(&tenant(), unknown))
        .await
        .expect("job");
    assert_eq!(job.attempts, 1);
    assert_eq!(
        job.last_error.as_deref(),
        Some("no handler for job kind \"nobody.handles.this\" in this build")
    );
    let words = job.last_error_words.expect("the catalog's words");
    assert_eq!(
        (words.key.as_str(), words.args.as_slice()),
        (
            "job_kind_unknown",
            ["nobody.handles.this".to_owned()].as_slice()
        ),
        "the operator reads it in their language"
    );
}

/// A job whose payload needs a field.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Counted {
    count: u32,
}

impl Job for Counted {
    const KIND: &'static str = "test.counted";
    const QUEUE: &'static str = DEFAULT_QUEUE;
    const MAX_ATTEMPTS: u32 = 3;
}

#[tokio::test]
async fn a_payload_that_does_not_decode_fails_at_once_in_the_catalogs_words() {
    let harness = harness(fast_config()).await;
    harness.queue.register_job(|_, _: Counted| async { Ok(()) });
    harness.start().await;
    let id = harness.enqueue(Counted::KIND, 5).await;
    harness.wait_for(id, JobState::Failed).await;
    let job = harness
        .queue
        .store()
        .read(move |txn| txn.job(&tenant(), id))
        .await
        .expect("job");
    assert_eq!(job.attempts, 1);
    let words = job.last_error_words.expect("the catalog's words");
    assert_eq!(words.key, "job_payload_undecodable");
    assert_eq!(words.args[0], "test.counted");
    assert_eq!(
        job.last_error.as_deref(),
        Some(
            format!(
                "the test.counted payload does not decode: {}",
                words.args[1]
            )
            .as_str()
        )
    );
}

#[test]
fn an_attempt_over_its_lease_is_tried_again_in_the_catalogs_words() {
    let JobError::Retryable {
        message,
        retry_after: None,
        words: Some(words),
    } = worker::lease_timeout(Duration::from_secs(90))
    else {
        panic!("an attempt over its lease is worth another try, with words");
    };
    assert_eq!(message, "attempt took longer than the 90 s lease");
    assert_eq!(
        (words.key.as_str(), words.args.as_slice()),
        ("job_lease_timeout", ["90".to_owned()].as_slice())
    );
}

#[tokio::test]
async fn retry_after_is_honoured_as_a_floor() {
    let harness = harness(fast_config()).await;
    harness.queue.register(
        "limited",
        handler(|context: JobContext| async move {
            if context.attempt == 1 {
                Err(JobError::retryable_after(
                    "429",
                    Some(Duration::from_hours(1)),
                ))
            } else {
                Ok(())
            }
        }),
    );
    harness.start().await;
    let id = harness.enqueue("limited", 5).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let job = harness
            .queue
            .store()
            .read(move |txn| txn.job(&tenant(), id))
            .await
            .expect("job");
        if job.attempts == 1 && job.state == JobState::Queued {
            let wait_ms = job
                .run_at_ms
                .saturating_sub(job.updated_at.as_millisecond() as u64);
            assert!(
                wait_ms >= 3_599_000,
                "retry scheduled {wait_ms} ms later, before Retry-After"
            );
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "job never retried");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn waiting_for_a_providers_pace_is_not_an_attempt() {
    let harness = harness(fast_config()).await;
    let waits = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&waits);
    harness.queue.register(
        "paced",
        handler(move |_| {
            let counter = Arc::clone(&counter);
            async move {
                if counter.fetch_add(1, Ordering::SeqCst) < 3 {
                    Err(JobError::later(
                        "one message a second",
                        Duration::from_millis(20),
                    ))
                } else {
                    Ok(())
                }
            }
        }),
    );
    harness.start().await;
    // Three waits on a job allowed a single attempt: it still succeeds.
    let id = harness.enqueue("paced", 1).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let job = loop {
        let job = harness
            .queue
            .store()
            .read(move |txn| txn.job(&tenant(), id))
            .await
            .expect("job");
        if job.state == JobState::Succeeded {
            break job;
        }
        assert!(tokio::time::Instant::now() < deadline, "job never ran");
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    assert_eq!((job.attempts, waits.load(Ordering::SeqCst)), (1, 4));
    let waited = job
        .history
        .iter()
        .filter(|attempt| {
            attempt
                .error
                .as_deref()
                .is_some_and(|error| error.contains("one message a second; not counted"))
        })
        .count();
    assert_eq!(waited, 3);
}

#[tokio::test]
async fn a_paused_queue_runs_nothing_until_resumed() {
    let harness = harness(fast_config()).await;
    harness
        .queue
        .register("noop", handler(|_| async { Ok(()) }));
    harness.start().await;
    let audit = |verb: &str| AuditRecord {
        operator: "root".into(),
        tenant: None,
        action: "queues_set_paused".into(),
        target: "queue default".into(),
        outcome: AuditOutcome::Ok,
        detail: verb.into(),
        detail_words: None,
    };
    harness
        .queue
        .set_paused(DEFAULT_QUEUE, true, audit("paused"))
        .await
        .expect("paused");
    let id = harness.enqueue("noop", 1).await;
    // The worker was woken by the enqueue and saw the pause: a lease attempt would have
    // happened by the time a second enqueue's commit returns.
    let marker = harness.enqueue("noop", 1).await;
    assert_eq!(harness.state_of(id).await, JobState::Queued);
    assert_eq!(harness.state_of(marker).await, JobState::Queued);
    harness
        .queue
        .set_paused(DEFAULT_QUEUE, false, audit("resumed"))
        .await
        .expect("resumed");
    harness.wait_for(id, JobState::Succeeded).await;
    harness.wait_for(marker, JobState::Succeeded).await;
}

#[tokio::test]
async fn per_kind_max_attempts_and_per_queue_concurrency_come_from_config() {
    let mut config = fast_config();
    config.kinds.insert(
        "sandbox.event".into(),
        KindSettings {
            max_attempts: Some(2),
        },
    );
    config
        .queues
        .insert("mail".into(), QueueSettings { concurrency: 3 });
    let harness = harness(config).await;
    assert_eq!(harness.queue.max_attempts_for("sandbox.event"), 2);
    assert_eq!(harness.queue.max_attempts_for("other"), 25);
    assert_eq!(harness.queue.concurrency_of("mail"), 3);
    assert_eq!(harness.queue.concurrency_of("default"), 8);
}

#[tokio::test]
async fn no_more_than_the_queue_concurrency_runs_at_once() {
    let mut config = fast_config();
    config
        .queues
        .insert(DEFAULT_QUEUE.into(), QueueSettings { concurrency: 2 });
    let harness = harness(config).await;
    let running = Arc::new(AtomicU32::new(0));
    let peak = Arc::new(AtomicU32::new(0));
    let (running_in, peak_in) = (Arc::clone(&running), Arc::clone(&peak));
    harness.queue.register(
        "slow",
        handler(move |_| {
            let (running, peak) = (Arc::clone(&running_in), Arc::clone(&peak_in));
            async move {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                running.fetch_sub(1, Ordering::SeqCst);
                Ok(())
            }
        }),
    );
    harness.start().await;
    let mut ids = Vec::new();
    for _ in 0..8 {
        ids.push(harness.enqueue("slow", 1).await);
    }
    for id in ids {
        harness.wait_for(id, JobState::Succeeded).await;
    }
    assert!(
        peak.load(Ordering::SeqCst) <= 2,
        "peak {}",
        peak.load(Ordering::SeqCst)
    );
    let page = harness
        .queue
        .store()
        .read(|txn| txn.list_jobs(&tenant(), &JobFilter::default(), PageRequest::first(100)))
        .await
        .expect("list");
    assert_eq!(page.jobs.len(), 8);
    harness.stop.cancel();
}

#[tokio::test]
async fn a_schedule_run_now_and_a_pause_are_audited_in_the_catalogs_words() {
    let harness = harness(fast_config()).await;
    let store = harness.queue.store().clone();
    store
        .write(|txn| txn.put_schedule(&tenant(), "count", &Counted { count: 1 }, Every::Minutes(5)))
        .await
        .expect("scheduled");
    let actor = crate::actor::Actor::daemon(tenant(), "schedules_run");
    harness
        .queue
        .run_schedule(&actor, "count".into())
        .await
        .expect("a job made now");
    let entry = crate::testing::last_audit(&store, "acme", "schedules_run").await;
    assert_eq!(
        (entry.target.as_str(), entry.detail.as_str()),
        ("schedule count", "run now")
    );
    assert_eq!(
        crate::testing::words_of(&entry),
        ("schedule_run_now", vec![])
    );
    let actor = crate::actor::Actor::daemon(tenant(), "schedules_set_paused");
    harness
        .queue
        .pause_schedule(&actor, "count".into(), true)
        .await
        .expect("paused");
    let entry = crate::testing::last_audit(&store, "acme", "schedules_set_paused").await;
    assert_eq!(crate::testing::words_of(&entry), ("paused", vec![]));
}
