//! Mailbox changes audited in the catalog's words (a client says them in the operator's
//! language).

use std::sync::Arc;

use centralita_protocol::{ConnectionId, MailboxId, MailboxSettings};

use super::Mail;
use super::records::MailboxRecord;
use crate::actor::Actor;
use crate::metrics::Metrics;
use crate::queue::Queue;
use crate::testing::{last_audit, open_with_tenants, tenant, words_of};

/// The mail service on a store with tenant acme, and a mailbox of acme watching the inbox.
async fn mail_with_a_mailbox(dir: &tempfile::TempDir) -> (Mail, MailboxId) {
    let store = open_with_tenants(dir, &["acme"]).await;
    let queue = Queue::new(
        store.clone(),
        &centralita_config::QueueConfig::default(),
        Arc::new(Metrics::default()),
    );
    let connections = crate::connections::Connections::from_config(
        store.clone(),
        queue.clone(),
        &centralita_config::Config::default(),
        dir.path(),
        None,
    )
    .expect("connections");
    let invoices = crate::invoices::Invoices::new(
        store.clone(),
        queue.clone(),
        &centralita_config::InvoicesConfig::default(),
        dir.path(),
        std::collections::BTreeMap::new(),
    );
    let mail = Mail::new(
        store.clone(),
        queue,
        connections,
        invoices,
        &centralita_config::MailConfig::default(),
    );
    let mailbox = store
        .write(|txn| {
            let now = txn.now();
            txn.insert_mailbox(
                &tenant("acme"),
                &MailboxRecord {
                    id: MailboxId(0),
                    connection: ConnectionId(1),
                    settings: MailboxSettings {
                        labels: vec!["INBOX".into()],
                        every_minutes: 15,
                        query: None,
                    },
                    history_id: None,
                    last_sync: None,
                    last_error: None,
                    last_error_words: None,
                    messages: 0,
                    invoices: 0,
                    created_at: now,
                    created_by: "ana".into(),
                },
            )
        })
        .await
        .expect("a mailbox")
        .id;
    (mail, mailbox)
}

#[tokio::test]
async fn a_mailbox_sync_asked_for_now_is_audited_with_its_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mail, mailbox) = mail_with_a_mailbox(&dir).await;
    let actor = Actor::daemon(tenant("acme"), "mail_sync");
    mail.sync_now(&actor, mailbox, false)
        .await
        .expect("new mail queued");
    let entry = last_audit(mail.store(), "acme", "mail_sync").await;
    assert_eq!(
        (entry.target.as_str(), entry.detail.as_str()),
        (format!("mailbox {mailbox}").as_str(), "new mail")
    );
    assert_eq!(words_of(&entry), ("mailbox_sync_new", vec![]));
    mail.sync_now(&actor, mailbox, true)
        .await
        .expect("a full sync queued");
    let entry = last_audit(mail.store(), "acme", "mail_sync").await;
    assert_eq!(
        (entry.detail.as_str(), words_of(&entry)),
        ("full", ("mailbox_sync_full", vec![]))
    );
}
