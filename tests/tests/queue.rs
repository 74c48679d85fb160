//! The queue through the real daemon: retries, dead letters, operator retry, pause, cancel.

use centralita_protocol::{ErrorKind, JobFilter, JobState};
use centralita_tests::{TestDaemon, tenant, wait_until};
use tarpc::context;

const FEW_ATTEMPTS: &str = "[queue.kinds.\"sandbox.event\"]\nmax_attempts = 3\n";

#[tokio::test]
async fn a_failing_job_retries_then_dies_and_an_operator_brings_it_back() {
    let daemon = TestDaemon::start_with(FEW_ATTEMPTS).await;
    let (http, base) = (reqwest::Client::new(), daemon.webhook_url().await);
    daemon.post_event(&http, &base, "doomed", "fail").await;
    daemon
        .post_event(&http, &base, "bad-data", "fail_permanent")
        .await;
    daemon.post_event(&http, &base, "fine", "ok").await;
    let dead = daemon.wait_for_job("sandbox:doomed", JobState::Dead).await;
    assert_eq!(dead.attempts, 3);
    assert!(
        dead.last_error
            .as_deref()
            .is_some_and(|error| error.contains("503")),
        "{dead:?}"
    );
    let failed = daemon
        .wait_for_job("sandbox:bad-data", JobState::Failed)
        .await;
    assert_eq!(failed.attempts, 1, "a permanent error is not retried");
    daemon
        .wait_for_job("sandbox:fine", JobState::Succeeded)
        .await;

    let client = daemon.client().await;
    let detail = client
        .rpc
        .jobs_show(context::current(), tenant(), dead.id)
        .await
        .expect("rpc")
        .expect("show");
    assert_eq!(detail.attempts.len(), 3);
    assert!(
        detail
            .attempts
            .iter()
            .all(|attempt| attempt.error.is_some() && attempt.finished_at.is_some())
    );
    let retried = client
        .rpc
        .jobs_retry(context::current(), tenant(), dead.id)
        .await
        .expect("rpc")
        .expect("retry");
    assert_eq!(retried.state, JobState::Queued);
    // It fails three more times and is dead again: the retry really ran it.
    wait_until(
        "the retried job dies again after three more attempts",
        || async {
            let job = client
                .rpc
                .jobs_show(context::current(), tenant(), dead.id)
                .await
                .ok()?
                .ok()?;
            (job.job.state == JobState::Dead && job.attempts.len() == 6).then_some(())
        },
    )
    .await;
    let refused = client
        .rpc
        .jobs_retry(
            context::current(),
            tenant(),
            daemon
                .wait_for_job("sandbox:fine", JobState::Succeeded)
                .await
                .id,
        )
        .await
        .expect("rpc");
    assert_eq!(
        refused.map_err(|error| error.kind).err(),
        Some(ErrorKind::Conflict)
    );
    let count = client
        .rpc
        .jobs_retry_matching(
            context::current(),
            tenant(),
            JobFilter {
                error_text: Some("recipient".into()),
                ..JobFilter::default()
            },
        )
        .await
        .expect("rpc")
        .expect("retry matching");
    assert_eq!(
        count, 1,
        "only the failed job whose error mentions the recipient"
    );
}

#[tokio::test]
async fn a_paused_queue_holds_jobs_until_resumed_and_cancel_stops_one() {
    let daemon = TestDaemon::start().await;
    let client = daemon.client().await;
    let (http, base) = (reqwest::Client::new(), daemon.webhook_url().await);
    client
        .rpc
        .queues_set_paused(context::current(), "default".into(), true)
        .await
        .expect("rpc")
        .expect("paused");
    daemon.post_event(&http, &base, "held", "ok").await;
    daemon.post_event(&http, &base, "cancelled", "ok").await;
    let queues = client
        .rpc
        .queues_list(context::current(), tenant())
        .await
        .expect("rpc")
        .expect("queues");
    let default = queues
        .iter()
        .find(|queue| queue.name == "default")
        .expect("default queue");
    assert!(default.paused);
    assert_eq!(default.counts.queued, 2);
    let cancelled = daemon
        .wait_for_job("sandbox:cancelled", JobState::Queued)
        .await;
    let job = client
        .rpc
        .jobs_cancel(context::current(), tenant(), cancelled.id)
        .await
        .expect("rpc")
        .expect("cancel");
    assert_eq!(job.state, JobState::Cancelled);
    client
        .rpc
        .queues_set_paused(context::current(), "default".into(), false)
        .await
        .expect("rpc")
        .expect("resumed");
    daemon
        .wait_for_job("sandbox:held", JobState::Succeeded)
        .await;
    assert_eq!(
        daemon
            .wait_for_job("sandbox:cancelled", JobState::Cancelled)
            .await
            .attempts,
        0
    );
}

#[tokio::test]
async fn a_refused_job_fails_with_words_an_operator_reads_in_spanish() {
    let daemon = TestDaemon::start().await;
    let (http, base) = (reqwest::Client::new(), daemon.webhook_url().await);
    daemon
        .post_event(&http, &base, "refused", "fail_permanent")
        .await;
    let failed = daemon
        .wait_for_job("sandbox:refused", JobState::Failed)
        .await;
    assert_eq!(
        failed.last_error.as_deref(),
        Some("sandbox provider answered 400: recipient does not exist")
    );
    let words = failed.last_error_words.expect("the catalog's words");
    assert_eq!(words.key, "sandbox_no_recipient");
    let id = failed.id.to_string();
    let shown = daemon.centralita(&["--lang", "es", "jobs", "show", &id]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains("el proveedor simulado respondió 400: el destinatario no existe"),
        "{shown}"
    );
    let english = daemon.centralita(&["jobs", "show", &id]);
    let english = String::from_utf8_lossy(&english.stdout);
    assert!(
        english.contains("sandbox provider answered 400: recipient does not exist"),
        "{english}"
    );
}
