//! Issue #2: a kill -9 at any moment loses no acknowledged job and leaves none stuck running.
//! Under continuous load, the daemon is killed and restarted at least 20 times; every event
//! that got a 200 must end with exactly one job, succeeded; nothing else may exist.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use centralita_protocol::JobState;
use centralita_tests::{SANDBOX_SECRET, TENANT, TestDaemon, wait_until};
use rand::Rng;

const KILLS: usize = 20;
const SENDERS: usize = 8;

/// One client for the whole test: building one loads the TLS roots, which under CPU
/// contention took most of the short load windows when every sender built its own.
fn load_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_nine_under_load_loses_no_acknowledged_job() {
    let mut daemon = TestDaemon::start().await;
    let acknowledged: Arc<Mutex<HashSet<String>>> = Arc::default();
    let sent: Arc<Mutex<HashSet<String>>> = Arc::default();
    let mut next_id = 0_u64;
    let http = load_client();
    for _ in 0..KILLS {
        let base = daemon.webhook_url().await;
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut senders = Vec::new();
        for sender in 0..SENDERS {
            let (acknowledged, sent, stop, http) = (
                Arc::clone(&acknowledged),
                Arc::clone(&sent),
                Arc::clone(&stop),
                http.clone(),
            );
            let url = format!("{base}/webhooks/sandbox/{TENANT}");
            let first = next_id + sender as u64 * 1_000_000;
            senders.push(tokio::spawn(async move {
                let mut id = first;
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    let event = format!("load-{id}");
                    id += 1;
                    sent.lock().expect("lock").insert(event.clone());
                    let body = serde_json::json!({ "id": event, "action": "sleep_ms:2" })
                        .to_string()
                        .into_bytes();
                    let signature = centralita_tests::sign(&body, SANDBOX_SECRET);
                    let response = http
                        .post(&url)
                        .header("x-centralita-signature", signature)
                        .body(body)
                        .send()
                        .await;
                    match response {
                        Ok(response) if response.status() == 200 => {
                            acknowledged.lock().expect("lock").insert(event);
                        }
                        // The daemon died mid-request: not acknowledged, may or may not be stored.
                        _ => break,
                    }
                }
            }));
        }
        next_id += 100_000_000;
        // Let load build up for a random moment, then pull the plug.
        let pause = rand::rng().random_range(30..250);
        tokio::time::sleep(Duration::from_millis(pause)).await;
        daemon.kill9();
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        for sender in senders {
            sender.await.expect("sender task");
        }
        daemon.restart().await;
    }

    let acknowledged = acknowledged.lock().expect("lock").clone();
    let sent = sent.lock().expect("lock").clone();
    assert!(
        acknowledged.len() > KILLS * 10,
        "the load was too light to prove anything: {} acknowledged",
        acknowledged.len()
    );
    let jobs = wait_until("every job has run", || async {
        let jobs = daemon.all_jobs().await;
        jobs.iter()
            .all(|job| job.state == JobState::Succeeded)
            .then_some(jobs)
    })
    .await;
    let mut per_event: HashMap<String, usize> = HashMap::new();
    for job in &jobs {
        let event = job
            .unique_key
            .as_deref()
            .and_then(|key| key.strip_prefix("sandbox:"))
            .expect("sandbox jobs carry their event id");
        *per_event.entry(event.to_owned()).or_default() += 1;
        assert!(
            sent.contains(event),
            "job {} exists for event {event}, which was never sent",
            job.id
        );
    }
    for event in &acknowledged {
        assert_eq!(
            per_event.get(event),
            Some(&1),
            "acknowledged event {event} must have exactly one job"
        );
    }
    assert!(
        per_event.values().all(|count| *count == 1),
        "an event has more than one job"
    );
    eprintln!(
        "{} kills, {} events acknowledged, {} jobs, all succeeded",
        KILLS,
        acknowledged.len(),
        jobs.len()
    );
}

#[tokio::test]
async fn the_start_after_a_kill_nine_does_not_walk_the_whole_database() {
    let mut daemon = TestDaemon::start().await;
    let http = load_client();
    let base = daemon.webhook_url().await;
    for n in 0..50 {
        let (status, body) = daemon
            .post_event(&http, &base, &format!("before-crash-{n}"), "ok")
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let logged = std::fs::read_to_string(daemon.log_path())
        .expect("log")
        .len();
    daemon.restart().await;
    // The socket answers a moment before the daemon logs that it is ready.
    let log = wait_until("the restarted daemon logs that it is ready", || async {
        let log = std::fs::read_to_string(daemon.log_path()).expect("log");
        log[logged..].contains("centralitad ready").then_some(log)
    })
    .await;
    // Every commit saves redb's allocator state (quick repair), so the start after a crash
    // loads it instead of checking every page: no repair pass is logged.
    assert!(
        !log[logged..].contains("checking the database after an unclean stop"),
        "{}",
        &log[logged..]
    );
}
