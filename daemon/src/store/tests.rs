//! Store tests on a real redb file in a temp dir.

use centralita_protocol::{ChangeOp, JobFilter, JobId, JobState, PageRequest, Role, TenantId};
use jiff::{Timestamp, ToSpan};

use super::*;

fn tenant(name: &str) -> TenantId {
    TenantId::new(name).expect("valid tenant id")
}

fn new_job(tenant_name: &str, unique_key: Option<&str>) -> NewJob {
    NewJob {
        tenant: tenant(tenant_name),
        queue: "default".into(),
        kind: "test.kind".into(),
        payload: serde_json::json!({"n": 1}),
        run_at: None,
        max_attempts: 3,
        unique_key: unique_key.map(str::to_owned),
    }
}

async fn open_with_tenants(dir: &tempfile::TempDir, tenants: &[&str]) -> Store {
    let store = Store::open(dir.path()).expect("store opens");
    for name in tenants {
        let id = tenant(name);
        store
            .write(move |txn| txn.add_tenant(&id, "Test"))
            .await
            .expect("tenant added");
    }
    store
}

fn far_future() -> Timestamp {
    Timestamp::now() + 1.hour()
}

/// Checks the invariant of `jobs.rs`: counts equal a count of the records by state.
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
            Ok(())
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
        matches!(refused, Err(StoreError::Conflict(_))),
        "{refused:?}"
    );
    store
        .write(move |txn| {
            txn.finish_job(
                id,
                1,
                &JobOutcome::Dead {
                    error: "gave up".into(),
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
        };
        store
            .write(move |txn| txn.finish_job(id, 1, &outcome))
            .await
            .expect("failed");
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
    assert!(matches!(read, Err(StoreError::NotFound(_))));
    let retry = store
        .write(move |txn| txn.retry_job(&tenant("other"), id))
        .await;
    assert!(matches!(retry, Err(StoreError::NotFound(_))));
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
                        Err::<(), _>(StoreError::conflict("refused on purpose"))
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
            Err(StoreError::Conflict(message)) => assert_eq!(message, "refused on purpose"),
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
    let job = store
        .read(move |txn| txn.job(&tenant("acme"), id))
        .await
        .expect("job");
    assert_eq!(job.state, JobState::Queued);
    assert!(
        job.last_error
            .as_deref()
            .is_some_and(|error| error.contains("interrupted"))
    );
    let leased = store
        .write(|txn| txn.lease_jobs("default", 1, far_future()))
        .await
        .expect("leased");
    assert_eq!(leased.len(), 1);
    assert_counts_match(&store, "acme");
}

async fn reopen(dir: &tempfile::TempDir) -> Store {
    // redb refuses a second open while the first handle's writer thread still holds the file.
    let path = dir.path().to_path_buf();
    for _ in 0..500 {
        match Store::open(&path) {
            Ok(store) => return store,
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
        }
    }
    panic!("store did not reopen");
}

#[tokio::test]
async fn an_event_is_stored_once_with_its_job() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let event = NewEvent {
        provider: "sandbox".into(),
        tenant: tenant("acme"),
        event_id: "evt-1".into(),
        body: br#"{"id":"evt-1"}"#.to_vec(),
        job: new_job("acme", Some("sandbox:evt-1")),
    };
    let again = event.clone();
    let first = store
        .write(move |txn| txn.accept_event(&event))
        .await
        .expect("stored");
    let EventOutcome::Stored { job } = first else {
        panic!("first delivery must be stored")
    };
    let second = store
        .write(move |txn| txn.accept_event(&again))
        .await
        .expect("dedup");
    assert_eq!(second, EventOutcome::Duplicate { job });
    let unknown = NewEvent {
        tenant: tenant("nobody"),
        event_id: "x".into(),
        body: Vec::new(),
        provider: "sandbox".into(),
        job: new_job("nobody", None),
    };
    assert!(matches!(
        store.write(move |txn| txn.accept_event(&unknown)).await,
        Err(StoreError::NotFound(_))
    ));
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

#[tokio::test]
async fn operators_have_roles_per_tenant() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme", "other"]).await;
    store
        .write(|txn| txn.put_operator(&tenant("acme"), "ana", Role::Agent, "root"))
        .await
        .expect("added");
    store
        .write(|txn| txn.put_operator(&tenant("other"), "ana", Role::Admin, "root"))
        .await
        .expect("added");
    store
        .write(|txn| txn.put_operator(&tenant("acme"), "ana", Role::Supervisor, "root"))
        .await
        .expect("replaced");
    let roles = store.read(|txn| txn.roles_of("ana")).await.expect("roles");
    assert_eq!(
        roles,
        vec![
            (tenant("acme"), Role::Supervisor),
            (tenant("other"), Role::Admin)
        ]
    );
    assert!(
        store
            .read(|txn| txn.roles_of("an"))
            .await
            .expect("roles")
            .is_empty()
    );
    assert!(matches!(
        store
            .write(|txn| txn.put_operator(&tenant("missing"), "ana", Role::Agent, "root"))
            .await,
        Err(StoreError::NotFound(_))
    ));
    store
        .write(|txn| txn.remove_operator(&tenant("acme"), "ana"))
        .await
        .expect("removed");
    assert_eq!(
        store
            .read(|txn| txn.roles_of("ana"))
            .await
            .expect("roles")
            .len(),
        1
    );
}

#[tokio::test]
async fn blobs_are_content_addressed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &[]).await;
    let hash = store.put_blob(b"factura".to_vec()).await.expect("stored");
    assert_eq!(
        store
            .put_blob(b"factura".to_vec())
            .await
            .expect("stored again"),
        hash
    );
    assert_eq!(
        store.get_blob(hash.clone()).await.expect("read"),
        b"factura"
    );
    assert!(
        dir.path()
            .join("blobs/sha256")
            .join(&hash.as_str()[..2])
            .join(hash.as_str())
            .exists()
    );
}

#[tokio::test]
async fn a_database_from_a_newer_build_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    drop(Store::open(dir.path()).expect("store opens"));
    {
        let db = reopen_raw(dir.path()).await;
        let txn = db.begin_write().expect("write");
        txn.open_table(super::tables::META)
            .expect("meta")
            .insert("schema_version", migrate::SCHEMA_VERSION + 1)
            .expect("insert");
        txn.commit().expect("commit");
    }
    let error = Store::open(dir.path()).err().expect("refused");
    assert!(error.to_string().contains("newer centralitad"), "{error}");
}

async fn reopen_raw(path: &std::path::Path) -> redb::Database {
    for _ in 0..500 {
        if let Ok(db) = redb::Database::create(path.join(DATABASE_FILE)) {
            return db;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("database did not reopen");
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
        Err(StoreError::NotFound(_))
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
async fn schema_1_events_move_to_the_log_and_still_deduplicate() {
    let dir = tempfile::tempdir().expect("temp dir");
    drop(open_with_tenants(&dir, &["acme"]).await);
    {
        // Back to what schema 1 wrote: one `events` table keyed by the provider's id.
        let db = reopen_raw(dir.path()).await;
        let txn = db.begin_write().expect("write");
        txn.open_table(super::tables::META)
            .expect("meta")
            .insert("schema_version", 1)
            .expect("version");
        let record = super::events::EventRecord {
            provider: String::new(),
            event_id: String::new(),
            received_at: jiff::Timestamp::UNIX_EPOCH,
            body: b"{\"old\":true}".to_vec(),
            job: 7,
        };
        txn.open_table(super::tables::EVENTS)
            .expect("events")
            .insert(
                ("whatsapp", "acme", "abc123"),
                super::codec::encode(&record).expect("encode").as_slice(),
            )
            .expect("insert");
        txn.commit().expect("commit");
    }
    let store = Store::open(dir.path()).expect("migrates");
    let replay = store
        .write(|txn| txn.accept_raw_event("whatsapp", &tenant("acme"), "abc123", b"{}"))
        .await
        .expect("write");
    assert!(
        !replay,
        "an event from before the upgrade is still a replay"
    );
    let fresh = store
        .write(|txn| txn.accept_raw_event("whatsapp", &tenant("acme"), "def456", b"{}"))
        .await
        .expect("write");
    assert!(fresh);
    drop(store);
    let db = reopen_raw(dir.path()).await;
    let txn = db.begin_read().expect("read");
    let log = txn.open_table(super::tables::EVENT_LOG).expect("log");
    let first: super::events::EventRecord =
        super::codec::decode(log.get(("acme", 1)).expect("get").expect("row").value())
            .expect("decode");
    assert_eq!(
        (first.provider.as_str(), first.event_id.as_str(), first.job),
        ("whatsapp", "abc123", 7)
    );
    assert_eq!(redb::ReadableTableMetadata::len(&log).expect("len"), 2);
    assert!(
        txn.open_table(super::tables::EVENTS).is_err(),
        "the schema 1 table is gone"
    );
}

#[tokio::test]
async fn a_watermark_moves_only_what_was_sent_before_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let send = |text: &'static str, provider_id: &'static str| {
        let store = store.clone();
        async move {
            store
                .write(move |txn| {
                    let acme = tenant("acme");
                    let identity = super::Identity {
                        channel: "messenger",
                        id: "psid",
                        name: None,
                        phone: None,
                        country: None,
                    };
                    let contact = txn.contact_for(&acme, &identity)?;
                    let id = txn.conversation_for(&acme, contact, "messenger", "page", "psid")?;
                    let outbound = super::Outbound {
                        kind: "text",
                        text: Some(text),
                        media: None,
                    };
                    let message = txn.queue_outbound(&acme, id, &outbound, 0)?;
                    txn.message_sent(&acme, id, message, provider_id, "sent", 1)?;
                    Ok((id, message))
                })
                .await
                .expect("sent")
        }
    };
    let (conversation, first) = send("uno", "m_1").await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let watermark = Timestamp::now();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let (_, second) = send("dos", "m_2").await;
    let moved = store
        .write(move |txn| {
            txn.advance_up_to(
                &tenant("acme"),
                ("messenger", "page", "psid"),
                "read",
                3,
                watermark,
            )
        })
        .await
        .expect("applied");
    assert_eq!(moved, 1);
    let detail = store
        .read(move |txn| txn.conversation_detail(&tenant("acme"), conversation, 10))
        .await
        .expect("detail");
    let status = |id: u64| {
        detail
            .messages
            .iter()
            .find(|message| message.id == id)
            .map(|message| message.status.clone())
    };
    assert_eq!(status(first).as_deref(), Some("read"));
    assert_eq!(
        status(second).as_deref(),
        Some("sent"),
        "sent after the watermark"
    );
}
