//! `centralita admin backup FILE` while the daemon takes writes, then `centralitad restore`
//! into a new folder: a daemon started on it lists what the first one did, and serves the same
//! document bytes. A backup with one byte changed in a member is refused, naming the member.
//! (Non-superusers are refused by the policy table: `daemon/src/rpc/tests.rs` calls every
//! method as every kind of caller.)

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use base64::Engine as _;
use centralita_protocol::{ContactFilter, ConversationFilter, InvoiceFilter, PageRequest};
use centralita_tests::inbox::{META_SECRET, customer_writes, post_meta, settled};
use centralita_tests::{
    SANDBOX_SECRET, TENANT, TestDaemon, binary, post_signed, sign, tenant, text_pdf,
};
use tarpc::context;

/// What the RPC lists say: tenants, contacts, conversations and invoices of the tenant.
async fn lists(daemon: &TestDaemon) -> serde_json::Value {
    let client = daemon.client().await;
    let rpc = &client.rpc;
    let page = || PageRequest::first(500);
    let tenants = rpc.tenants_list(context::current()).await.expect("rpc");
    let contacts = rpc
        .contacts_list(
            context::current(),
            tenant(),
            ContactFilter::default(),
            page(),
        )
        .await
        .expect("rpc");
    let conversations = rpc
        .conversations_list(
            context::current(),
            tenant(),
            ConversationFilter::default(),
            page(),
        )
        .await
        .expect("rpc");
    let invoices = rpc
        .invoices_list(
            context::current(),
            tenant(),
            InvoiceFilter::default(),
            page(),
        )
        .await
        .expect("rpc");
    serde_json::json!({
        "tenants": tenants.expect("tenants"),
        "contacts": contacts.expect("contacts"),
        "conversations": conversations.expect("conversations"),
        "invoices": invoices.expect("invoices"),
    })
}

async fn job_ids(daemon: &TestDaemon) -> BTreeSet<u64> {
    daemon.all_jobs().await.iter().map(|job| job.id.0).collect()
}

fn restore(file: &Path, dir: &Path) -> std::process::Output {
    Command::new(binary("centralitad", "CENTRALITAD_BIN"))
        .arg("restore")
        .arg(file)
        .arg("--data-dir")
        .arg(dir)
        .output()
        .expect("centralitad restore runs")
}

/// Three WhatsApp customers and an uploaded invoice (a blob); returns the invoice's bytes.
async fn seed(daemon: &TestDaemon, http: &reqwest::Client) -> Vec<u8> {
    let base = daemon.webhook_url().await;
    let whatsapp = format!("{base}/webhooks/whatsapp/{TENANT}");
    for n in 0..3 {
        let body = customer_writes(&format!("5198765432{n}"), &format!("wamid.b-{n}"), "Hola");
        assert_eq!(
            post_meta(http, &whatsapp, &body, Some(&sign(&body, META_SECRET))).await,
            200
        );
    }
    let pdf = text_pdf(&[
        "FACTURA ELECTRONICA F001-00042",
        "Emisor: Backups SAC RUC 20123456789",
        "Total: S/ 118.00",
    ]);
    daemon.upload("backup.pdf", &pdf).await;
    settled(daemon).await;
    pdf
}

/// Runs `centralita admin backup FILE` while sandbox events (each a job) keep coming.
async fn backup_under_writes(
    daemon: &TestDaemon,
    http: &reqwest::Client,
    file: &Path,
) -> std::process::Output {
    let base = daemon.webhook_url().await;
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicU64::new(0));
    let writer = tokio::spawn({
        let (stop, written, http) = (Arc::clone(&stop), Arc::clone(&written), http.clone());
        let url = format!("{base}/webhooks/sandbox/{TENANT}");
        async move {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let body = serde_json::json!({ "id": format!("during-{n}"), "action": "ok" });
                let (status, _) =
                    post_signed(&http, &url, body.to_string().into_bytes(), SANDBOX_SECRET).await;
                assert_eq!(status, 200);
                written.fetch_add(1, Ordering::SeqCst);
                n += 1;
            }
        }
    });
    while written.load(Ordering::SeqCst) < 3 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let output = tokio::task::spawn_blocking({
        let (socket, file) = (daemon.socket(), file.to_path_buf());
        move || {
            Command::new(binary("centralita", "CENTRALITA_BIN"))
                .arg("--socket")
                .arg(socket)
                .args(["admin", "backup"])
                .arg(file)
                .output()
                .expect("centralita runs")
        }
    })
    .await
    .expect("backup task");
    stop.store(true, Ordering::SeqCst);
    writer.await.expect("writer");
    output
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_writes_restores_into_a_daemon_that_lists_the_same() {
    let daemon = TestDaemon::start().await;
    let http = reqwest::Client::new();
    let pdf = seed(&daemon, &http).await;
    let before = lists(&daemon).await;
    let jobs_before = job_ids(&daemon).await;
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("centralita.tar");
    let output = backup_under_writes(&daemon, &http, &file).await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("backup saved to"), "{stdout}");
    assert!(file.is_file());
    let mode = std::fs::metadata(&file)
        .expect("backup")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "the backup holds every tenant's data");
    // The daemon's own copy went once FILE had it.
    let left: Vec<_> = std::fs::read_dir(daemon.dir().join("backups"))
        .expect("backups folder")
        .filter_map(Result::ok)
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let jobs_after = job_ids(&daemon).await;
    assert!(jobs_after.len() > jobs_before.len(), "writes went on");

    // Restore into a new folder; a second restore into it is refused.
    let restored_dir = out.path().join("restored");
    let restored = restore(&file, &restored_dir);
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    let again = restore(&file, &restored_dir);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));

    let restored = TestDaemon::start_with_config(|dir| {
        format!(
            "[daemon]\ndata_dir = {:?}\nsocket = {:?}\n\n[webhook]\nlisten = \"127.0.0.1:0\"\n",
            restored_dir.display().to_string(),
            dir.join("console.sock").display().to_string(),
        )
    })
    .await;
    assert_eq!(lists(&restored).await, before);
    // The jobs of one committed point: all those before the backup, some of those during.
    let jobs_restored = job_ids(&restored).await;
    assert!(
        jobs_restored.is_superset(&jobs_before) && jobs_restored.is_subset(&jobs_after),
        "before {jobs_before:?}\nrestored {jobs_restored:?}\nafter {jobs_after:?}"
    );
    assert_eq!(download_first_invoice(&restored).await, pdf);
    corrupt_member_is_refused(&file, &pdf, out.path());
}

/// The bytes of the tenant's first invoice's original.
async fn download_first_invoice(daemon: &TestDaemon) -> Vec<u8> {
    let client = daemon.client().await;
    let invoices = client
        .rpc
        .invoices_list(
            context::current(),
            tenant(),
            InvoiceFilter::default(),
            PageRequest::first(10),
        )
        .await
        .expect("rpc")
        .expect("list");
    let id = invoices.invoices.first().expect("the uploaded invoice").id;
    let chunk = client
        .rpc
        .invoices_download(context::current(), tenant(), id, 0, 1 << 20)
        .await
        .expect("rpc")
        .expect("download");
    base64::engine::general_purpose::STANDARD
        .decode(chunk.data_base64)
        .expect("base64")
}

/// One byte changed in the document's member: refused before anything is written.
fn corrupt_member_is_refused(file: &Path, pdf: &[u8], out: &Path) {
    let mut tar = std::fs::read(file).expect("backup");
    let at = tar
        .windows(pdf.len())
        .position(|window| window == pdf)
        .expect("the document is in the tar as it is");
    tar[at + pdf.len() / 2] ^= 0x01;
    let corrupt = out.join("corrupt.tar");
    std::fs::write(&corrupt, &tar).expect("written");
    let refused_dir = out.join("refused");
    let refused = restore(&corrupt, &refused_dir);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    let member = format!(
        "member blobs/sha256/{}/{} is corrupt",
        &sha256_hex(pdf)[..2],
        sha256_hex(pdf)
    );
    assert!(stderr.contains(&member), "{stderr}");
    assert!(
        !refused_dir.exists(),
        "nothing is written from a corrupt backup"
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(bytes))
}
