//! Queue throughput: trivial jobs from enqueue to a durable `succeeded`, on a real store.
//!
//! Run: `cargo bench -p centralita-daemon --bench queue` (env `JOBS`, default 50000;
//! `PRODUCERS`, concurrent enqueuers like concurrent webhook deliveries, default 256).
//! Prints `name: value unit` lines. Budget (DESIGN.md): ≥ 20,000 jobs/s on 2 cores.

use std::sync::Arc;
use std::time::{Duration, Instant};

use centralita_config::{QueueConfig, QueueSettings};
use centralita_daemon::metrics::Metrics;
use centralita_daemon::queue::{Job, Queue};
use centralita_daemon::store::Store;
use centralita_protocol::{JobState, TenantId};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// A job that does nothing: what the queue costs on its own.
#[derive(serde::Serialize, serde::Deserialize)]
struct Noop {
    n: usize,
}

impl Job for Noop {
    const KIND: &'static str = "bench.noop";
    const QUEUE: &'static str = "bench";
    const MAX_ATTEMPTS: u32 = 3;
}

#[tokio::main]
async fn main() {
    let jobs = env_or("JOBS", 50_000);
    let producer_count = env_or("PRODUCERS", 256);
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path(), &centralita_daemon::schema()).expect("store");
    let tenant = TenantId::new("bench").expect("valid");
    let id = tenant.clone();
    store
        .write(move |txn| txn.add_tenant(&id, "Bench"))
        .await
        .expect("tenant");
    let mut config = QueueConfig::default();
    config
        .queues
        .insert("bench".into(), QueueSettings { concurrency: 512 });
    let queue = Queue::new(store.clone(), &config, Arc::new(Metrics::default()));
    queue.register_job(|_, _: Noop| async { Ok(()) });
    let (tracker, stop) = (TaskTracker::new(), CancellationToken::new());
    queue
        .start(&tracker, stop.clone(), CancellationToken::new())
        .await
        .expect("workers");

    let started = Instant::now();
    let mut producers = Vec::new();
    for producer in 0..producer_count {
        let queue = queue.clone();
        let tenant = tenant.clone();
        producers.push(tokio::spawn(async move {
            for n in (producer..jobs).step_by(producer_count) {
                queue
                    .enqueue_job(&tenant, &Noop { n }, None)
                    .await
                    .expect("enqueued");
            }
        }));
    }
    for producer in producers {
        producer.await.expect("producer");
    }
    let enqueued_in = started.elapsed();
    loop {
        let counts = store
            .read(|txn| txn.job_counts(None))
            .await
            .expect("counts");
        let done = counts
            .get("bench")
            .map_or(0, |counts| counts.get(JobState::Succeeded));
        if done as usize >= jobs {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let total = started.elapsed();
    stop.cancel();
    println!("queue_jobs: {jobs} jobs");
    println!("queue_producers: {producer_count} tasks");
    println!(
        "queue_enqueue_throughput: {:.0} jobs/s",
        jobs as f64 / enqueued_in.as_secs_f64()
    );
    println!(
        "queue_throughput: {:.0} jobs/s",
        jobs as f64 / total.as_secs_f64()
    );
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}
