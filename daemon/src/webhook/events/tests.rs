//! Raw events on a real redb file in a temp dir, and the migration from schema 1.

use redb::ReadableDatabase;

use super::*;
use crate::store::Store;
use crate::testing::{new_job, open_with_tenants, reopen_raw, tenant};

// The tables as a schema 1 file had them, written with redb directly.
const META: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("meta");
const OLD_EVENTS: redb::TableDefinition<(&str, &str, &str), &[u8]> =
    redb::TableDefinition::new("events");
const LOG: redb::TableDefinition<(&str, u64), &[u8]> = redb::TableDefinition::new("event_log");

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
        Err(AreaError::NotFound(_))
    ));
}

#[tokio::test]
async fn schema_1_events_move_to_the_log_and_still_deduplicate() {
    let dir = tempfile::tempdir().expect("temp dir");
    drop(open_with_tenants(&dir, &["acme"]).await);
    {
        // Back to what schema 1 wrote: one `events` table keyed by the provider's id.
        let db = reopen_raw(dir.path()).await;
        let txn = db.begin_write().expect("write");
        txn.open_table(META)
            .expect("meta")
            .insert("schema_version", 1)
            .expect("version");
        let record = EventRecord {
            provider: String::new(),
            event_id: String::new(),
            received_at: jiff::Timestamp::UNIX_EPOCH,
            body: b"{\"old\":true}".to_vec(),
            job: 7,
        };
        txn.open_table(OLD_EVENTS)
            .expect("events")
            .insert(
                ("whatsapp", "acme", "abc123"),
                rmp_serde::to_vec_named(&record).expect("encode").as_slice(),
            )
            .expect("insert");
        txn.commit().expect("commit");
    }
    let store = Store::open(dir.path(), &crate::schema()).expect("migrates");
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
    let log = txn.open_table(LOG).expect("log");
    let first: EventRecord =
        rmp_serde::from_slice(log.get(("acme", 1)).expect("get").expect("row").value())
            .expect("decode");
    assert_eq!(
        (first.provider.as_str(), first.event_id.as_str(), first.job),
        ("whatsapp", "abc123", 7)
    );
    assert_eq!(redb::ReadableTableMetadata::len(&log).expect("len"), 2);
    assert!(
        txn.open_table(OLD_EVENTS).is_err(),
        "the schema 1 table is gone"
    );
}
