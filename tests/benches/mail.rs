//! Mail ingestion from the sandbox's Gmail: a 10,000-message mailbox synced in full by the
//! real daemon (list, fetch raw, parse MIME, store), timed from the mailbox's creation until
//! the last message is stored.
//!
//! Run: `cargo build --release --bins && cargo bench -p centralita-tests --bench mail`
//! Prints `name: value unit` lines. Budget (DESIGN.md): ≥ 2,000 messages/s. The quota is
//! lifted for the run; real Gmail allows about 50 a second per mailbox.

use std::time::{Duration, Instant};

use centralita_tests::TestDaemon;
use centralita_tests::google::{add_mailbox, connect, mailbox};

const MESSAGES: u32 = 10_000;

#[tokio::main]
async fn main() {
    let daemon = TestDaemon::start_with(&format!(
        "[sandbox.gmail]\ngenerated = {MESSAGES}\n\n[mail]\nfetch_concurrency = 16\nquota_units_per_minute = 100000000\n"
    ))
    .await;
    let connection = connect(&daemon).await;
    let started = Instant::now();
    let created = add_mailbox(&daemon, connection.id, &["INBOX"]).await;
    let mut stored = 0;
    while stored < u64::from(MESSAGES) {
        tokio::time::sleep(Duration::from_millis(20)).await;
        stored = mailbox(&daemon, created.id).await.messages;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!("mail_messages: {stored} messages");
    println!("mail_ingest_seconds: {elapsed:.2} s");
    println!("mail_ingest: {:.0} messages/s", stored as f64 / elapsed);
}
