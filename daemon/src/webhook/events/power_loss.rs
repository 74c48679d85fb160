//! Simulated power loss under a webhook and queue workload: no acknowledged write may be lost.
//!
//! Each seed opens the daemon's store on a [`Disk`] that loses power at a random mutating I/O
//! call, runs webhook deliveries ([`accept`], what the webhook listener calls) and queue workers
//! (lease and finish, as `queue/worker.rs` does) from a few tasks so group commit folds them
//! together, and records every write whose future returned `Ok`: acknowledged. It then builds a
//! crash image (the synced file plus some of the unsynced writes, reordered, maybe one torn),
//! opens a fresh store on it (redb repairs it) and checks that it opens, that every acknowledged
//! delivery and job transition is there, that the job rows agree with their indexes and counts,
//! that the store takes new writes, and that redb's integrity check passes afterwards.
//!
//! The crash point and the image are chosen from the seed alone; which operations share a commit
//! depends on thread timing, so a replay (`POWER_LOSS_SEED=n`) crashes at the same call of a
//! run that may have batched a little differently. A failure names its seed.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use centralita_config::QueueConfig;
use centralita_protocol::{JobFilter, JobId, JobState, PageRequest, TenantId};
use tokio::sync::watch;

use super::{EventOutcome, NewEvent, accept};
use crate::error::AreaError;
use crate::metrics::Metrics;
use crate::queue::{FinishedJob, JobOutcome, Queue};
use crate::store::Store;
use crate::store::power_loss::{Disk, SplitMix64, check_integrity, needs_repair};
use crate::testing::{new_job, tenant};

const TENANT: &str = "acme";
/// Producer tasks (webhook deliveries) and the deliveries each sends.
const PRODUCERS: usize = 6;
const DELIVERIES: usize = 3;
/// Worker tasks and the jobs each leases at once.
const WORKERS: usize = 2;
const LEASE_BATCH: usize = 4;
/// Crash points are drawn from mutating I/O calls 1..=CRASH_WINDOW. A whole run makes 150 to 200
/// (how many depends on how the commits batch); past its last call, the store closed cleanly.
/// A constant, so that a seed alone names its crash point.
const CRASH_WINDOW: u64 = 160;

/// 1,000 crash images of the webhook + queue workload (seeds 0..1000): about 13 s of CPU in a
/// debug build. `--no-capture` prints what the images held (torn writes, repairs, ...).
#[tokio::test]
async fn no_acknowledged_write_is_lost_in_1000_power_losses() {
    let failures = run(0..1_000, Disk::with_image).await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The long run: 10,000 crash images (seeds 0..10000), ten times the default test's work (about
/// 140 s of CPU in a debug build; 7 minutes on a busy 2-core machine). Run it with
/// `cargo nextest run -p centralita-daemon --lib --run-ignored only power_loss --no-capture`.
#[tokio::test]
#[ignore = "long: 10,000 crash images"]
async fn no_acknowledged_write_is_lost_in_10000_power_losses() {
    let failures = run(0..10_000, Disk::with_image).await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The negative control: on a disk that ignores `sync_data`, the same checks find acknowledged
/// writes lost. Without it, a harness that checked nothing would pass too.
#[tokio::test]
async fn a_disk_that_ignores_fsync_loses_acknowledged_writes() {
    let failures = run(0..50, |image| {
        let disk = Disk::with_image(image);
        disk.ignore_syncs();
        disk
    })
    .await;
    assert!(
        failures.iter().any(|failure| failure.contains("lost")),
        "no loss found on a disk that ignores fsync: {failures:?}"
    );
}

/// Runs `seeds` (or only `POWER_LOSS_SEED`) on disks `disk` makes from the base image; returns
/// what failed, one line per seed.
async fn run(seeds: std::ops::Range<u64>, disk: fn(Vec<u8>) -> Disk) -> Vec<String> {
    let seeds: Vec<u64> = match std::env::var("POWER_LOSS_SEED") {
        Ok(seed) => vec![seed.parse().expect("POWER_LOSS_SEED is a number")],
        Err(_) => seeds.collect(),
    };
    let started = Instant::now();
    let base = base_image().await;
    let mut totals = Totals::default();
    let mut failures = Vec::new();
    for &seed in &seeds {
        if let Err(failure) = crash_once(seed, disk(base.clone()), &mut totals).await {
            failures.push(format!("seed {seed}: {failure}"));
        }
    }
    println!(
        "power loss: {} crash images in {:.1?}: \
         {} failed, {} with a torn write, {} needed repair, {} crashed while opening the store, \
         {} closed cleanly before the crash point, \
         {} kept an unacknowledged delivery; {} writes acknowledged; on average {:.1} unsynced \
         calls at the crash, {:.1} of them kept",
        seeds.len(),
        started.elapsed(),
        failures.len(),
        totals.torn,
        totals.repaired,
        totals.crashed_opening,
        totals.closed_cleanly,
        totals.kept_in_flight,
        totals.acknowledged,
        totals.unsynced as f64 / seeds.len().max(1) as f64,
        totals.kept as f64 / seeds.len().max(1) as f64,
    );
    if !failures.is_empty() {
        println!(
            "replay one with POWER_LOSS_SEED=n:\n{}",
            failures.join("\n")
        );
    }
    failures
}

#[derive(Default)]
struct Totals {
    torn: usize,
    repaired: usize,
    crashed_opening: usize,
    acknowledged: usize,
    unsynced: usize,
    kept: usize,
    closed_cleanly: usize,
    /// Images where a delivery whose write was never acknowledged survived.
    kept_in_flight: usize,
}

/// The daemon's store with its tenant, closed cleanly: where every seed starts.
async fn base_image() -> Vec<u8> {
    let disk = Disk::default();
    let dir = tempfile::tempdir().expect("temp dir");
    let store =
        Store::open_with_backend(dir.path(), &crate::schema(), disk.clone()).expect("opens");
    let id = tenant(TENANT);
    store
        .write(move |txn| txn.add_tenant(&id, "Test"))
        .await
        .expect("tenant added");
    store.close().await;
    disk.live_bytes()
}

/// What the workload was told was durable.
#[derive(Default)]
struct Log {
    /// Every delivery sent, with the job its acknowledgement named (`None`: not acknowledged).
    deliveries: Vec<(NewEvent, Option<JobId>)>,
    /// Acknowledged leases: job → attempt.
    leased: BTreeMap<JobId, u32>,
    /// Acknowledged outcomes: job → the state it was finished in.
    finished: BTreeMap<JobId, JobState>,
    acknowledged: usize,
}

/// One crash image: run on `disk`, lose power, recover, check.
async fn crash_once(seed: u64, disk: Disk, totals: &mut Totals) -> Result<(), String> {
    let mut rng = SplitMix64::new(seed);
    let crash_at = 1 + rng.below(CRASH_WINDOW);
    disk.crash_at(crash_at);
    let dir = tempfile::tempdir().expect("temp dir");
    let log =
        if let Ok(store) = Store::open_with_backend(dir.path(), &crate::schema(), disk.clone()) {
            let log = workload(&store, seed).await;
            store.close().await;
            log
        } else {
            totals.crashed_opening += 1;
            Log::default()
        };
    // A crash point past the run's last call: the store closed cleanly first.
    totals.closed_cleanly += usize::from(!disk.crashed());
    let calls = disk.calls();
    disk.power_off();
    let image = disk.crash_image(&mut rng);
    totals.acknowledged += log.acknowledged;
    totals.unsynced += image.unsynced;
    totals.kept += image.kept;
    totals.torn += usize::from(image.torn);
    let context = format!(
        "crash at I/O call {crash_at} (the run made {calls}), {} of {} unsynced calls kept, torn: {}",
        image.kept, image.unsynced, image.torn
    );
    let repair = unpanicked(|| needs_repair(&image.bytes))
        .map_err(|panic| format!("{context}: redb panicked opening the image: {panic}"))?;
    totals.repaired += usize::from(repair);

    let recovered = Disk::with_image(image.bytes);
    let store =
        unpanicked(|| Store::open_with_backend(dir.path(), &crate::schema(), recovered.clone()))
            .map_err(|panic| format!("{context}: the store panicked opening the image: {panic}"))?
            .map_err(|error| format!("{context}: the crash image does not open: {error}"))?;
    let checked = check(&store, &log).await;
    store.close().await;
    let in_flight = checked.map_err(|failure| format!("{context}: {failure}"))?;
    totals.kept_in_flight += usize::from(in_flight > 0);
    let integrity = unpanicked(|| check_integrity(&recovered.live_bytes()))
        .map_err(|panic| format!("{context}: redb panicked checking the file: {panic}"))?;
    match integrity {
        Ok(true) => Ok(()),
        Ok(false) => Err(format!("{context}: redb's integrity check found damage")),
        Err(error) => Err(format!(
            "{context}: the recovered file does not reopen: {error}"
        )),
    }
}

/// Runs `f`, turning a panic into an error: a corrupt file must fail one seed, not the run.
fn unpanicked<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|text| (*text).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned())
    })
}

/// Deliveries from [`PRODUCERS`] tasks and workers leasing and finishing their jobs, until all
/// deliveries are sent or the disk fails. `seed` keeps event ids apart and sizes the bodies.
async fn workload(store: &Store, seed: u64) -> Log {
    let queue = Queue::new(
        store.clone(),
        &QueueConfig::default(),
        Arc::new(Metrics::default()),
    );
    let log = Arc::new(Mutex::new(Log::default()));
    // (producers still sending, deliveries acknowledged): what idle workers wait on.
    let news = Arc::new(watch::Sender::new((PRODUCERS, 0_usize)));
    let mut tasks = Vec::new();
    for producer in 0..PRODUCERS {
        let (queue, log, news) = (queue.clone(), Arc::clone(&log), Arc::clone(&news));
        let mut rng = SplitMix64::new(seed ^ ((producer as u64 + 1) << 48));
        tasks.push(tokio::spawn(async move {
            for n in 0..DELIVERIES {
                let event = delivery(&format!("{seed}-{producer}-{n}"), &mut rng);
                let at = {
                    let mut log = log.lock().expect("log");
                    log.deliveries.push((event.clone(), None));
                    log.deliveries.len() - 1
                };
                match accept(&queue, event).await {
                    Ok(EventOutcome::Stored { job }) => {
                        let mut log = log.lock().expect("log");
                        log.deliveries[at].1 = Some(job);
                        log.acknowledged += 1;
                        news.send_modify(|news| news.1 += 1);
                    }
                    Ok(other) => panic!("a new delivery was not stored: {other:?}"),
                    Err(_) => break,
                }
            }
            news.send_modify(|news| news.0 -= 1);
        }));
    }
    for worker in 0..WORKERS {
        let (store, log, mut news) = (store.clone(), Arc::clone(&log), news.subscribe());
        tasks.push(tokio::spawn(async move {
            loop {
                let producing = news.borrow_and_update().0 > 0;
                match work(&store, &log, worker).await {
                    Round::Busy => {}
                    // Wait for the next delivery (or the last producer to stop).
                    Round::Idle if producing => {
                        if news.changed().await.is_err() {
                            break;
                        }
                    }
                    Round::Idle | Round::DiskFailed => break,
                }
            }
        }));
    }
    for task in tasks {
        task.await.expect("workload task");
    }
    Arc::try_unwrap(log)
        .ok()
        .expect("tasks are done")
        .into_inner()
        .expect("log")
}

/// A webhook delivery as the sandbox route stores it: its body, and a job to process it.
fn delivery(id: &str, rng: &mut SplitMix64) -> NewEvent {
    // Mostly small bodies; now and then one that spans several pages.
    let size = if rng.one_in(6) {
        4_000 + rng.below(16_000)
    } else {
        100 + rng.below(1_500)
    };
    let body: Vec<u8> = (0..size).map(|_| b'a' + (rng.below(26) as u8)).collect();
    let mut job = new_job(TENANT, Some(&format!("sandbox:{id}")));
    job.payload = serde_json::json!({ "event": id });
    NewEvent {
        provider: "sandbox".into(),
        tenant: tenant(TENANT),
        event_id: id.to_owned(),
        body,
        job,
    }
}

/// How a worker round went.
enum Round {
    Busy,
    /// Nothing was due.
    Idle,
    DiskFailed,
}

/// One worker round: lease a few jobs and finish each.
async fn work(store: &Store, log: &Arc<Mutex<Log>>, worker: usize) -> Round {
    let leased = store
        .write(|txn| {
            let lease_until = txn.now() + Duration::from_mins(1);
            txn.lease_jobs("default", LEASE_BATCH, lease_until)
        })
        .await;
    let Ok(leased) = leased else {
        return Round::DiskFailed;
    };
    if leased.is_empty() {
        return Round::Idle;
    }
    {
        let mut log = log.lock().expect("log");
        log.acknowledged += 1;
        for job in &leased {
            log.leased.insert(job.id, job.attempt);
        }
    }
    // Each attempt ends on its own, as the dispatcher's tasks do: their outcomes share commits.
    let finishes = leased.into_iter().map(|job| async move {
        // Some jobs fail for good; most succeed.
        let (outcome, state) = if (job.id.0 + worker as u64).is_multiple_of(5) {
            let error = "the provider refused it".to_owned();
            (JobOutcome::Failed { error, words: None }, JobState::Failed)
        } else {
            (JobOutcome::Succeeded, JobState::Succeeded)
        };
        let (id, attempt) = (job.id, job.attempt);
        let finished = store
            .write(move |txn| txn.finish_job(id, attempt, &outcome))
            .await;
        match finished {
            Ok(FinishedJob::Finished(_)) => {
                let mut log = log.lock().expect("log");
                log.finished.insert(id, state);
                log.acknowledged += 1;
                true
            }
            Ok(FinishedJob::Stale) => panic!("job {id}'s lease went stale within a run"),
            Err(_) => false,
        }
    });
    if futures::future::join_all(finishes).await.contains(&false) {
        return Round::DiskFailed;
    }
    Round::Busy
}

/// What must hold on the recovered store.
/// Returns how many unacknowledged deliveries survived.
async fn check(store: &Store, log: &Log) -> Result<usize, String> {
    let acme = tenant(TENANT);
    let jobs = all_jobs(store, &acme).await?;
    // (ii) Every acknowledged delivery's job is there, as far along as acknowledged.
    for (event, job) in &log.deliveries {
        let Some(id) = job else { continue };
        let record = jobs
            .get(id)
            .ok_or_else(|| format!("acknowledged delivery {} lost its job {id}", event.event_id))?;
        let payload: Option<serde_json::Value> = serde_json::from_str(&record.0).ok();
        if payload.as_ref() != Some(&event.job.payload) {
            return Err(format!("job {id} has another payload: {}", record.0));
        }
        let state = record.1;
        let attempts = record.2;
        match (log.finished.get(id), log.leased.get(id)) {
            (Some(finished), _) if state != *finished => {
                return Err(format!(
                    "job {id} was acknowledged {finished} but is {state}"
                ));
            }
            (None, Some(attempt)) if state == JobState::Queued || attempts != *attempt => {
                return Err(format!(
                    "job {id} was acknowledged leased (attempt {attempt}) but is {state} after {attempts} attempts"
                ));
            }
            _ => {}
        }
    }
    consistent(store, &acme, &jobs).await?;
    // As the daemon starts: jobs left running go back to the queue, through the lease index.
    let running = jobs
        .values()
        .filter(|job| job.1 == JobState::Running)
        .count();
    let requeued = store
        .write(|txn: &mut crate::store::WriteTxn<'_>| txn.requeue_all_running())
        .await
        .map_err(|error| format!("requeueing running jobs failed: {error}"))?;
    if requeued != running {
        return Err(format!(
            "{running} jobs are running but the lease index held {requeued}"
        ));
    }
    // (iii) New writes: every delivery again. An acknowledged one is a duplicate of its job;
    // another was stored with its job or not at all, and is stored now with a new job.
    let queue = Queue::new(
        store.clone(),
        &QueueConfig::default(),
        Arc::new(Metrics::default()),
    );
    let redeliveries = log
        .deliveries
        .iter()
        .map(|(event, _)| accept(&queue, event.clone()));
    let outcomes = futures::future::join_all(redeliveries).await;
    let mut in_flight = 0;
    for ((event, job), outcome) in log.deliveries.iter().zip(outcomes) {
        let outcome =
            outcome.map_err(|error| format!("redelivering {} failed: {error}", event.event_id))?;
        match (outcome, job) {
            (EventOutcome::Duplicate { job: found }, Some(acknowledged))
                if found == *acknowledged => {}
            (EventOutcome::Duplicate { job: found }, None) if jobs.contains_key(&found) => {
                in_flight += 1;
            }
            (EventOutcome::Stored { job: new }, None) if !jobs.contains_key(&new) => {}
            (outcome, job) => {
                return Err(format!(
                    "redelivering {} (acknowledged job {job:?}) gave {outcome:?}",
                    event.event_id
                ));
            }
        }
    }
    let after = all_jobs(store, &acme).await?;
    if after.values().any(|job| job.1 == JobState::Running) {
        return Err("a running job was not requeued".into());
    }
    consistent(store, &acme, &after).await?;
    Ok(in_flight)
}

/// The tenant's jobs: id → (payload, state, attempts).
async fn all_jobs(
    store: &Store,
    tenant: &TenantId,
) -> Result<BTreeMap<JobId, (String, JobState, u32)>, String> {
    let tenant = tenant.clone();
    store
        .read(move |txn| {
            let page = txn.list_jobs(
                &tenant,
                &JobFilter::default(),
                PageRequest::first(PageRequest::MAX_LIMIT),
            )?;
            page.jobs
                .iter()
                .map(|summary| {
                    let job = txn.job(&tenant, summary.id)?;
                    Ok((summary.id, (job.payload, job.state, job.attempts)))
                })
                .collect::<Result<_, AreaError>>()
        })
        .await
        .map_err(|error| format!("listing jobs failed: {error}"))
}

/// The queue's invariant, through its own reads: each job is listed under its state and no
/// other, the counts equal the rows, and a job is due iff one is queued.
async fn consistent(
    store: &Store,
    tenant: &TenantId,
    jobs: &BTreeMap<JobId, (String, JobState, u32)>,
) -> Result<(), String> {
    let tenant = tenant.clone();
    let (by_state, counts, next_due) = store
        .read(move |txn| {
            let mut by_state = BTreeMap::new();
            for state in JobState::ALL {
                let filter = JobFilter {
                    state: Some(state),
                    ..JobFilter::default()
                };
                let page =
                    txn.list_jobs(&tenant, &filter, PageRequest::first(PageRequest::MAX_LIMIT))?;
                let ids: BTreeSet<JobId> = page.jobs.iter().map(|job| job.id).collect();
                by_state.insert(state, ids);
            }
            let counts = txn.job_counts(Some(&tenant))?;
            let next_due = txn.next_due("default")?;
            Ok::<_, AreaError>((by_state, counts, next_due))
        })
        .await
        .map_err(|error| format!("reading the queue failed: {error}"))?;
    for state in JobState::ALL {
        let rows: BTreeSet<JobId> = jobs
            .iter()
            .filter(|(_, job)| job.1 == state)
            .map(|(id, _)| *id)
            .collect();
        if by_state[&state] != rows {
            return Err(format!(
                "{state} jobs: rows {rows:?}, state index {:?}",
                by_state[&state]
            ));
        }
        let counted = counts.get("default").map_or(0, |counts| counts.get(state));
        if counted != rows.len() as u64 {
            return Err(format!(
                "{counted} {state} jobs counted, {} rows",
                rows.len()
            ));
        }
    }
    if next_due.is_some() != jobs.values().any(|job| job.1 == JobState::Queued) {
        return Err(format!(
            "next due {next_due:?} while {} jobs are queued",
            by_state[&JobState::Queued].len()
        ));
    }
    Ok(())
}
