//! The engine on a real redb file in a temp dir, with a table of its own.

use centralita_protocol::{ChangeOp, TenantId};

use super::*;

/// (tenant, n) → a note: the only table these tests need.
const NOTES: Records<(&str, u64), String> = Records::new("test_notes");
const NUMBERS: Values<&str, u64> = Values::new("test_numbers");
const MARKS: Index<(&str, u64)> = Index::new("test_marks");

fn schema() -> Schema {
    Schema {
        version: 1,
        tables: vec![&NOTES, &NUMBERS, &MARKS],
        migrations: Vec::new(),
    }
}

fn tenant(name: &str) -> TenantId {
    TenantId::new(name).expect("valid tenant id")
}

fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(dir.path(), &schema()).expect("store opens")
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

/// An operation's own refusal, as an area would return it.
#[derive(Debug)]
enum TestError {
    Refused(&'static str),
    Store(StoreError),
}

impl From<StoreError> for TestError {
    fn from(error: StoreError) -> Self {
        Self::Store(error)
    }
}

#[tokio::test]
async fn concurrent_writers_are_group_committed_and_a_failing_one_fails_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(&dir);
    let mut tasks = Vec::new();
    for n in 0..200_u64 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .write(move |txn| {
                    txn.open(&NOTES)?
                        .insert(("acme", n), &format!("note {n}"))?;
                    if n == 100 {
                        // Writes first, then fails: its write must be rolled back, the others kept.
                        return Err(TestError::Refused("refused on purpose"));
                    }
                    Ok(n)
                })
                .await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(_) => ok += 1,
            Err(TestError::Refused(message)) => assert_eq!(message, "refused on purpose"),
            Err(TestError::Store(error)) => panic!("unexpected error {error}"),
        }
    }
    assert_eq!(ok, 199);
    let notes = store
        .read(|txn| {
            let table = txn.open(&NOTES)?;
            let mut numbers = Vec::new();
            for entry in table.all()? {
                numbers.push(entry?.0.value().1);
            }
            Ok::<_, StoreError>(numbers)
        })
        .await
        .expect("read");
    assert_eq!(notes.len(), 199);
    assert!(
        !notes.contains(&100),
        "the failed write left nothing behind"
    );
}

#[tokio::test]
async fn every_kind_of_table_reads_back_what_was_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(&dir);
    store
        .write(|txn| {
            txn.open(&NOTES)?.insert(("acme", 1), &"uno".to_owned())?;
            txn.open(&NOTES)?.insert(("acme", 2), &"dos".to_owned())?;
            txn.open(&NOTES)?.insert(("other", 1), &"otro".to_owned())?;
            assert_eq!(txn.open(&NUMBERS)?.insert("n", 7)?, None);
            assert_eq!(txn.open(&NUMBERS)?.insert("n", 8)?, Some(7));
            assert!(!txn.open(&MARKS)?.insert(("acme", 5))?);
            assert!(txn.open(&MARKS)?.insert(("acme", 5))?);
            Ok::<_, StoreError>(())
        })
        .await
        .expect("written");
    store
        .read(|txn| {
            let notes = txn.open(&NOTES)?;
            assert_eq!(notes.get(("acme", 2))?.as_deref(), Some("dos"));
            let acme: Vec<String> = notes
                .range(("acme", 0)..=("acme", u64::MAX))?
                .rev()
                .map(|entry| entry.map(|(_, note)| note))
                .collect::<Result<_, _>>()?;
            assert_eq!(acme, ["dos", "uno"]);
            assert_eq!(txn.open(&NUMBERS)?.get("n")?, Some(8));
            assert!(txn.open(&MARKS)?.contains(("acme", 5))?);
            Ok::<_, StoreError>(())
        })
        .await
        .expect("read");
}

#[tokio::test]
async fn the_change_feed_is_per_tenant_and_ordered() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(&dir);
    let mut signal = store.change_signal();
    let before = *signal.borrow_and_update();
    store
        .write(|txn| {
            txn.record_change(&tenant("acme"), "note", "1", ChangeOp::Created)?;
            txn.record_change(&tenant("other"), "note", "1", ChangeOp::Created)?;
            txn.record_change(&tenant("acme"), "note", "1", ChangeOp::Updated)
        })
        .await
        .expect("recorded");
    assert!(
        signal.has_changed().expect("open"),
        "a commit with changes signals watchers"
    );
    let changes = store
        .read(move |txn| txn.changes_since(&tenant("acme"), before, 100))
        .await
        .expect("changes");
    let ops: Vec<_> = changes.iter().map(|change| change.op).collect();
    assert_eq!(ops, [ChangeOp::Created, ChangeOp::Updated]);
    assert!(changes[0].seq > before && changes[1].seq > changes[0].seq);
}

#[tokio::test]
async fn two_tables_with_one_name_are_refused() {
    const CLASH: Index<(&str, u64)> = Index::new("test_notes");
    let dir = tempfile::tempdir().expect("temp dir");
    let schema = Schema {
        version: 1,
        tables: vec![&NOTES, &CLASH],
        migrations: Vec::new(),
    };
    let error = Store::open(dir.path(), &schema).err().expect("refused");
    assert!(error.to_string().contains("test_notes"), "{error}");
}

#[tokio::test]
async fn blobs_are_content_addressed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(&dir);
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
    drop(Store::open(dir.path(), &schema()).expect("store opens"));
    {
        let db = reopen_raw(dir.path()).await;
        let txn = db.begin_write().expect("write");
        txn.open_table(redb::TableDefinition::<&str, u64>::new("meta"))
            .expect("meta")
            .insert("schema_version", schema().version + 1)
            .expect("insert");
        txn.commit().expect("commit");
    }
    let error = Store::open(dir.path(), &schema()).err().expect("refused");
    assert!(error.to_string().contains("newer centralitad"), "{error}");
}

#[tokio::test]
async fn the_database_and_blobs_are_private_whatever_the_folders_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("0755");
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .expect("exists")
            .permissions()
            .mode()
            & 0o777
    };
    let store = crate::testing::open_with_tenants(&dir, &[]).await;
    store.put_blob(b"secret".to_vec()).await.expect("blob");
    assert_eq!(mode(&dir.path().join(super::DATABASE_FILE)), 0o600);
    assert_eq!(mode(&dir.path().join("blobs")), 0o700);
    drop(store);
    // A file an earlier version left readable is closed down at the next start.
    std::fs::set_permissions(
        dir.path().join(super::DATABASE_FILE),
        std::fs::Permissions::from_mode(0o644),
    )
    .expect("0644");
    let _reopened = crate::testing::reopen(&dir).await;
    assert_eq!(mode(&dir.path().join(super::DATABASE_FILE)), 0o600);
}
