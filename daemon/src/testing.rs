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

/// `record` as a daemon from before `field` stored it: MessagePack with field names, without
/// that field.
pub(crate) fn stored_without<T: serde::Serialize>(record: &T, field: &str) -> Vec<u8> {
    let mut value = serde_json::to_value(record).expect("a record is JSON too");
    let removed = value
        .as_object_mut()
        .expect("a record is a map")
        .remove(field);
    assert!(removed.is_some(), "the record has no field {field}");
    rmp_serde::to_vec_named(&value).expect("encoded")
}

/// A fake provider API on loopback that answers every request with `status` and the JSON
/// `body` (after reading the request whole, so the client sees the answer, not a reset).
pub(crate) async fn answering(status: u16, body: &'static str) -> std::net::SocketAddr {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let mut stream = BufReader::new(stream);
            let mut length = 0;
            loop {
                let mut line = String::new();
                if stream.read_line(&mut line).await.unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some((name, value)) = line.split_once(':')
                    && name.eq_ignore_ascii_case("content-length")
                {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let mut request = vec![0; length];
            let _ = stream.read_exact(&mut request).await;
            let answer = format!(
                "HTTP/1.1 {status} Answer\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.get_mut().write_all(answer.as_bytes()).await;
        }
    });
    address
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
