//! The queue's records and indexes on a real redb file in a temp dir.

use centralita_protocol::{ChangeOp, JobFilter, JobId, JobState, PageRequest};
use jiff::{Timestamp, ToSpan};

use crate::error::{AreaError, Refusal};
use crate::queue::{FinishedJob, JobOutcome};
use crate::store::Store;
use crate::testing::{far_future, new_job, open_with_tenants, reopen, tenant};

/// Checks the invariant of `store.rs`: counts equal a count of the records by state.
fn assert_counts_match(store: &Store, tenant_name: &str) {
    let id = tenant(tenant_name);
    store
        .read_blocking(|txn| {
            let counts = txn.job_counts(Some(&id))?;
            let page = txn.list_jobs(
                &id,
                &JobFilter::default(),
                PageRequest::first(PageRequest::MAX_LIMIT),
            )?;
            for state in JobState::ALL {
                let listed = page.jobs.iter().filter(|job| job.state == state).count() as u64;
                let counted = counts.get("default").map_or(0, |c| c.get(state));
                assert_eq!(listed, counted, "count of {state} jobs");
            }
            Ok::<_, AreaError>(())
        })
        .expect("read");
}

#[tokio::test]
async fn a_job_goes_from_queued_to_running_to_succeeded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let (id, created) = store
        .write(|txn| txn.enqueue_job(&new_job("acme", None)))
        .await
        .expect("enqueued");
    assert!(created);
    let leased = store
        .write(|txn| txn.lease_jobs("default", 10, far_future()))
        .await
        .expect("leased");
    assert_eq!(leased.len(), 1);
    assert_eq!(leased[0].attempt, 1);
    // Nothing else is due while it runs.
    let again = store
        .write(|txn| txn.lease_jobs("default", 10, far_future()))
        .await
        .expect("leased");
    assert!(again.is_empty());
    let finished = store
        .write(move |txn| txn.finish_job(id, 1, &JobOutcome::Succeeded))
        .await
        .expect("finished");
    assert_eq!(finished, FinishedJob::Finished(JobState::Succeeded));
    let job = store
        .read(move |txn| txn.job(&tenant("acme"), id))
        .await
        .expect("job");
    assert_eq!(job.state, JobState::Succeeded);
    assert_eq!(job.history.len(), 1);
    assert_counts_match(&store, "acme");
}

#[tokio::test]
async fn a_retry_waits_for_its_time_and_a_stale_finish_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let (id, _) = store
        .write(|txn| txn.enqueue_job(&new_job("acme", None)))
        .await
        .expect("enqueued");
    store
        .write(|txn| txn.lease_jobs("default", 1, far_future()))
        .await
        .expect("leased");
    let retry = JobOutcome::Retry {
        at: far_future(),
        error: "503".into(),
        words: None,
    };
    store
        .write(move |txn| txn.finish_job(id, 1, &retry))
        .await
        .expect("finished");
    let due = store
        .write(|txn| txn.lease_jobs("default", 10, far_future()))
        .await
        .expect("leased");
    assert!(due.is_empty(), "a job scheduled an hour ahead is not due");
    // Attempt 1 is over: finishing it again is stale.
    let stale = store
        .write(move |txn| txn.finish_job(id, 1, &JobOutcome::Succeeded))
        .await
        .expect("finish");
    assert_eq!(stale, FinishedJob::Stale);
    let job = store
        .read(move |txn| txn.job(&tenant("acme"), id))
        .await
        .expect("job");
    assert_eq!(job.state, JobState::Queued);
    assert_eq!(job.last_error.as_deref(), Some("503"));
    assert_counts_match(&store, "acme");
}

#[tokio::test]
async fn a_unique_key_is_held_only_while_the_job_is_active() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let (first, created) = store
        .write(|txn| txn.enqueue_job(&new_job("acme", Some("tick"))))
        .await
        .expect("enqueued");
    assert!(created);
    let (second, created) = store
        .write(|txn| txn.enqueue_job(&new_job("acme", Some("tick"))))
        .await
        .expect("enqueued");
    assert_eq!((second, created), (first, false));
    store
        .write(|txn| txn.lease_jobs("default", 1, far_future()))
        .await
        .expect("leased");
    store
        .write(move |txn| txn.finish_job(first, 1, &JobOutcome::Succeeded))
        .await
        .expect("finished");
    let (third, created) = store
        .write(|txn| txn.enqueue_job(&new_job("acme", Some("tick"))))
        .await
        .expect("enqueued");
    assert!(created);
    assert_ne!(third, first);
}

#[tokio::test]
async fn operators_retry_dead_jobs_and_cannot_retry_running_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let (id, _) = store
        .write(|txn| txn.enqueue_job(&new_job("acme", None)))
        .await
        .expect("enqueued");
    store
        .write(|txn| txn.lease_jobs("default", 1, far_future()))
        .await
        .expect("leased");
    let refused = store
        .write(move |txn| txn.retry_job(&tenant("acme"), id))
        .await;
    assert!(
        matches!(refused, Err(AreaError::Said(Refusal::Conflict, _))),
        "{refused:?}"
    );
    store
        .write(move |txn| {
            txn.finish_job(
                id,
                1,
                &JobOutcome::Dead {
                    error: "gave up".into(),
                    words: None,
                },
            )
        })
        .await
        .expect("dead");
    let job = store
        .write(move |txn| txn.retry_job(&tenant("acme"), id))
        .await
        .expect("retried");
    assert_eq!(
        (job.state, job.attempts, job.operator_retries),
        (JobState::Queued, 0, 1)
    );
    assert_counts_match(&store, "acme");
}

#[tokio::test]
async fn retry_matching_takes_only_the_filtered_jobs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    for error in [
        "timeout talking to graph",
        "recipient unknown",
        "timeout again",
    ] {
        let (id, _) = store
            .write(|txn| txn.enqueue_job(&new_job("acme", None)))
            .await
            .expect("enqueued");
        store
            .write(|txn| txn.lease_jobs("default", 1, far_future()))
            .await
            .expect("leased");
        let outcome = JobOutcome::Failed {
            error: error.into(),
            words: None,
        };
        store
            .write(move |txn| txn.finish_job(id, 1, &outcome))
            .await
            .expect("failed");
    }
    // Plain words match anywhere in the row: the state, the kind, the error.
    for (text, count) in [("failed", 3), ("FAILED timeout", 2), ("dead", 0)] {
        let filter = JobFilter {
            text: Some(text.into()),
            ..JobFilter::default()
        };
        let page = store
            .read(move |txn| txn.list_jobs(&tenant("acme"), &filter, PageRequest::first(100)))
            .await
            .expect("list");
        assert_eq!(page.jobs.len(), count, "{text}");
    }
    let filter = JobFilter {
        error_text: Some("TIMEOUT".into()),
        ..JobFilter::default()
    };
    let retried = store
        .write(move |txn| txn.retry_matching(&tenant("acme"), &filter))
        .await
        .expect("retried");
    assert_eq!(retried.len(), 2);
    assert_counts_match(&store, "acme");
}

#[tokio::test]
async fn cancelling_a_running_job_takes_effect_when_its_attempt_ends() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let (id, _) = store
        .write(|txn| txn.enqueue_job(&new_job("acme", None)))
        .await
        .expect("enqueued");
    store
        .write(|txn| txn.lease_jobs("default", 1, far_future()))
        .await
        .expect("leased");
    let job = store
        .write(move |txn| txn.cancel_job(&tenant("acme"), id))
        .await
        .expect("cancel");
    assert_eq!(job.state, JobState::Running);
    store
        .write(move |txn| txn.finish_job(id, 1, &JobOutcome::Succeeded))
        .await
        .expect("finished");
    let job = store
        .read(move |txn| txn.job(&tenant("acme"), id))
        .await
        .expect("job");
    assert_eq!(job.state, JobState::Cancelled);
    assert_counts_match(&store, "acme");
}

#[tokio::test]
async fn another_tenants_job_is_not_found() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme", "other"]).await;
    let (id, _) = store
        .write(|txn| txn.enqueue_job(&new_job("acme", None)))
        .await
        .expect("enqueued");
    let read = store.read(move |txn| txn.job(&tenant("other"), id)).await;
    assert!(matches!(read, Err(AreaError::NotFound(_))));
    let retry = store
        .write(move |txn| txn.retry_job(&tenant("other"), id))
        .await;
    assert!(matches!(retry, Err(AreaError::NotFound(_))));
    let page = store
        .read(|txn| {
            txn.list_jobs(
                &tenant("other"),
                &JobFilter::default(),
                PageRequest::first(100),
            )
        })
        .await
        .expect("list");
    assert!(page.jobs.is_empty());
    let changes = store
        .read(|txn| txn.changes_since(&tenant("other"), 0, 100))
        .await
        .expect("changes");
    assert!(
        changes.iter().all(|change| change.kind != "job"),
        "{changes:?}"
    );
}

#[tokio::test]
async fn pages_are_newest_first_and_continue_where_they_stopped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    for _ in 0..25 {
        store
            .write(|txn| txn.enqueue_job(&new_job("acme", None)))
            .await
            .expect("enqueued");
    }
    let first = store
        .read(|txn| {
            txn.list_jobs(
                &tenant("acme"),
                &JobFilter::default(),
                PageRequest::first(10),
            )
        })
        .await
        .expect("page");
    assert_eq!(first.jobs.first().map(|job| job.id), Some(JobId(25)));
    assert_eq!(first.next, Some(16));
    let before = first.next;
    let rest = store
        .read(move |txn| {
            txn.list_jobs(
                &tenant("acme"),
                &JobFilter::default(),
                PageRequest { before, limit: 100 },
            )
        })
        .await
        .expect("page");
    assert_eq!(rest.jobs.len(), 15);
    assert_eq!(rest.next, None);
}

#[tokio::test]
async fn a_lease_that_ran_out_puts_the_job_back_in_the_catalogs_words() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let (id, _) = store
        .write(|txn| txn.enqueue_job(&new_job("acme", None)))
        .await
        .expect("enqueued");
    store
        .write(|txn| txn.lease_jobs("default", 1, Timestamp::now() - 1.second()))
        .await
        .expect("leased");
    let requeued = store
        .write(|txn: &mut crate::store::WriteTxn<'_>| txn.requeue_expired_leases())
        .await
        .expect("requeued");
    assert_eq!(requeued, [id]);
    let job = store
        .read(move |txn| txn.job(&tenant("acme"), id))
        .await
        .expect("job");
    assert_eq!(job.state, JobState::Queued);
    assert_eq!(job.last_error.as_deref(), Some("lease expired"));
    let job_words = job.last_error_words.expect("the job's words");
    assert_eq!(job_words.key, "job_lease_expired");
    let attempt = &job.history[0];
    assert_eq!(
        attempt.error.as_deref(),
        Some("lease expired: the attempt took longer than the visibility timeout")
    );
    let attempt_words = attempt.error_words.as_ref().expect("the attempt's words");
    assert_eq!(attempt_words.key, "job_attempt_lease_expired");
    assert_counts_match(&store, "acme");
}

#[tokio::test]
async fn reopening_puts_running_jobs_back_in_the_queue() {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = {
        let store = open_with_tenants(&dir, &["acme"]).await;
        let (id, _) = store
            .write(|txn| txn.enqueue_job(&new_job("acme", Some("k"))))
            .await
            .expect("enqueued");
        store
            .write(|txn| txn.lease_jobs("default", 1, far_future()))
            .await
            .expect("leased");
        id
    };
    // The writer thread exits when the last handle is dropped; give the file back to the OS.
    let store = reopen(&dir).await;
    let requeued = store
        .write(|txn: &mut crate::store::WriteTxn<'_>| txn.requeue_all_running())
        .await
        .expect("requeued");
    assert_eq!(requeued, 1);
    let job = store
        .read(move |txn| txn.job(&tenant("acme"), id))
        .await
        .expect("job");
    assert_eq!(job.state, JobState::Queued);
    assert_eq!(
        job.last_error.as_deref(),
        Some("interrupted: the daemon stopped during this attempt")
    );
    let key_of =
        |words: Option<&centralita_protocol::said::Words>| words.map(|words| words.key.clone());
    assert_eq!(
        key_of(job.last_error_words.as_ref()).as_deref(),
        Some("job_interrupted")
    );
    assert_eq!(
        key_of(job.history[0].error_words.as_ref()).as_deref(),
        Some("job_interrupted"),
        "the attempt says it too"
    );
    let leased = store
        .write(|txn| txn.lease_jobs("default", 1, far_future()))
        .await
        .expect("leased");
    assert_eq!(leased.len(), 1);
    assert_counts_match(&store, "acme");
}

#[tokio::test]
async fn retention_deletes_old_finished_jobs_and_keeps_failed_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let mut ids = Vec::new();
    for outcome in [
        JobOutcome::Succeeded,
        JobOutcome::Failed {
            error: "400".into(),
            words: None,
        },
    ] {
        let (id, _) = store
            .write(|txn| txn.enqueue_job(&new_job("acme", None)))
            .await
            .expect("enqueued");
        store
            .write(|txn| txn.lease_jobs("default", 1, far_future()))
            .await
            .expect("leased");
        store
            .write(move |txn| txn.finish_job(id, 1, &outcome))
            .await
            .expect("finished");
        ids.push(id);
    }
    let kept = store
        .write(|txn| txn.prune_finished_jobs(Timestamp::now() - 1.hour(), 100))
        .await
        .expect("pruned");
    assert_eq!(kept, 0, "nothing is older than an hour");
    let pruned = store
        .write(|txn| txn.prune_finished_jobs(far_future(), 100))
        .await
        .expect("pruned");
    assert_eq!(pruned, 1);
    let (succeeded, failed) = (ids[0], ids[1]);
    assert!(matches!(
        store
            .read(move |txn| txn.job(&tenant("acme"), succeeded))
            .await,
        Err(AreaError::NotFound(_))
    ));
    assert!(
        store
            .read(move |txn| txn.job(&tenant("acme"), failed))
            .await
            .is_ok()
    );
    assert_counts_match(&store, "acme");
}

#[tokio::test]
async fn concurrent_writers_are_group_committed_and_a_failing_one_fails_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let mut tasks = Vec::new();
    for n in 0..200 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            if n == 100 {
                // Writes first, then fails: its write must be rolled back, the others kept.
                store
                    .write(|txn| {
                        txn.enqueue_job(&new_job("acme", Some("doomed")))?;
                        Err::<(), _>(AreaError::conflict("refused on purpose"))
                    })
                    .await
                    .map(|()| JobId(0))
            } else {
                store
                    .write(|txn| txn.enqueue_job(&new_job("acme", None)))
                    .await
                    .map(|(id, _)| id)
            }
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(_) => ok += 1,
            Err(AreaError::Conflict(message)) => assert_eq!(message, "refused on purpose"),
            Err(other) => panic!("unexpected error {other}"),
        }
    }
    assert_eq!(ok, 199);
    let page = store
        .read(|txn| {
            txn.list_jobs(
                &tenant("acme"),
                &JobFilter::default(),
                PageRequest::first(1000),
            )
        })
        .await
        .expect("list");
    assert_eq!(page.jobs.len(), 199);
    assert!(
        page.jobs.iter().all(|job| job.unique_key.is_none()),
        "the failed write left nothing behind"
    );
    assert_counts_match(&store, "acme");
}

#[tokio::test]
async fn the_change_feed_is_per_tenant_and_ordered() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme", "other"]).await;
    let mut signal = store.change_signal();
    let before = *signal.borrow_and_update();
    store
        .write(|txn| txn.enqueue_job(&new_job("acme", None)))
        .await
        .expect("enqueued");
    assert!(
        signal.has_changed().expect("open"),
        "a commit with changes signals watchers"
    );
    let changes = store
        .read(move |txn| txn.changes_since(&tenant("acme"), before, 100))
        .await
        .expect("changes");
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].kind.as_str(), changes[0].op),
        ("job", ChangeOp::Created)
    );
    assert!(changes[0].seq > before);
}
