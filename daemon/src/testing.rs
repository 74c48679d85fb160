//! What the daemon's unit tests share: a real store in a temp dir, with tenants.

use centralita_protocol::{AuditEntry, PageRequest, TenantId};
use jiff::{Timestamp, ToSpan};

use crate::queue::NewJob;
use crate::store::Store;

pub(crate) fn tenant(name: &str) -> TenantId {
    TenantId::new(name).expect("valid tenant id")
}

/// A job of kind `test.kind` on the default queue.
pub(crate) fn new_job(tenant_name: &str, unique_key: Option<&str>) -> NewJob {
    NewJob {
        tenant: tenant(tenant_name),
        queue: "default".into(),
        kind: "test.kind".into(),
        payload: serde_json::json!({"n": 1}),
        run_at: None,
        max_attempts: 3,
        unique_key: unique_key.map(str::to_owned),
        schedule: None,
    }
}

/// The daemon's store in `dir` with these tenants.
pub(crate) async fn open_with_tenants(dir: &tempfile::TempDir, tenants: &[&str]) -> Store {
    let store = Store::open(dir.path(), &crate::schema()).expect("store opens");
    for name in tenants {
        let id = tenant(name);
        store
            .write(move |txn| txn.add_tenant(&id, "Test"))
            .await
            .expect("tenant added");
    }
    store
}

/// Opens the store in `dir` again once the previous handle let go of the file.
pub(crate) async fn reopen(dir: &tempfile::TempDir) -> Store {
    // redb refuses a second open while the first handle's writer thread still holds the file.
    let path = dir.path().to_path_buf();
    for _ in 0..500 {
        match Store::open(&path, &crate::schema()) {
            Ok(store) => return store,
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
        }
    }
    panic!("store did not reopen");
}

/// The raw redb file in `path`, once the store let go of it.
pub(crate) async fn reopen_raw(path: &std::path::Path) -> redb::Database {
    for _ in 0..500 {
        if let Ok(db) = redb::Database::create(path.join(crate::store::DATABASE_FILE)) {
            return db;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("database did not reopen");
}

pub(crate) fn far_future() -> Timestamp {
    Timestamp::now() + 1.hour()
}

/// The newest audit entry of `tenant_name` whose action is `action`.
pub(crate) async fn last_audit(store: &Store, tenant_name: &str, action: &str) -> AuditEntry {
    let tenant = tenant(tenant_name);
    let page = store
        .read(move |txn| txn.audit_page(Some(&tenant), PageRequest::first(100)))
        .await
        .expect("audit log");
    page.entries
        .into_iter()
        .find(|entry| entry.action == action)
        .unwrap_or_else(|| panic!("no {action} entry in the audit log of {tenant_name}"))
}

/// The key and values of an audit entry's words (`("", [])` for none).
pub(crate) fn words_of(entry: &AuditEntry) -> (&str, Vec<&str>) {
    entry
        .detail_words
        .as_ref()
        .map_or(("", Vec::new()), |words| {
            (
                words.key.as_str(),
                words.args.iter().map(String::as_str).collect(),
            )
        })
}
