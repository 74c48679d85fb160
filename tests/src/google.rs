//! The sandbox's fake Google, driven like a person would: consent in a browser (a redirect
//! not followed), and connections that end connected.

use centralita_protocol::{
    Connection, ConnectionId, ConnectionState, JobState, MailMessage, MailMessageDetail,
    MailMessageId, Mailbox, MailboxId, MailboxSettings, PageRequest,
};
use tarpc::context;

use crate::{TestDaemon, fixture, tenant, wait_until};

/// The sandbox Google's account.
pub const ACCOUNT: &str = "facturacion@clinica-demo.test";

/// A daemon whose fake mailbox holds the MIME fixtures, then `generated` made-up messages
/// (every fifth with a training invoice attached).
pub async fn daemon_with_mailbox(generated: u32, extra: &str) -> TestDaemon {
    TestDaemon::start_with(&format!(
        "[sandbox.gmail]\neml_dir = {:?}\ninvoices_dir = {:?}\ngenerated = {generated}\n\n{extra}",
        fixture("mime").display().to_string(),
        fixture("invoices/train/pdf/textlayer")
            .display()
            .to_string(),
    ))
    .await
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client")
}

/// Starts an authorization and follows the consent page: returns the address the provider
/// sends the browser back to.
pub async fn consent(
    daemon: &TestDaemon,
    reauthorize: Option<ConnectionId>,
) -> (ConnectionId, String) {
    let start = daemon
        .client()
        .await
        .rpc
        .connections_add(context::current(), tenant(), "google".into(), reauthorize)
        .await
        .expect("rpc")
        .expect("authorization started");
    assert!(
        start.url.contains("code_challenge_method=S256"),
        "{}",
        start.url
    );
    assert!(start.url.contains("access_type=offline") && start.url.contains("prompt=consent"));
    let response = http().get(&start.url).send().await.expect("consent page");
    assert_eq!(response.status().as_u16(), 302);
    let back = response.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    (start.connection, back)
}

pub async fn connections(daemon: &TestDaemon) -> Vec<Connection> {
    daemon
        .client()
        .await
        .rpc
        .connections_list(context::current(), tenant())
        .await
        .expect("rpc")
        .expect("connections")
}

pub async fn wait_for_state(
    daemon: &TestDaemon,
    id: ConnectionId,
    state: ConnectionState,
) -> Connection {
    wait_until(&format!("connection {id} is {state}"), || async {
        connections(daemon)
            .await
            .into_iter()
            .find(|connection| connection.id == id && connection.state == state)
    })
    .await
}

/// A connected Google connection, through the callback route.
pub async fn connect(daemon: &TestDaemon) -> Connection {
    let (id, back) = consent(daemon, None).await;
    let page = http().get(&back).send().await.expect("callback");
    assert_eq!(
        page.status().as_u16(),
        200,
        "{}",
        page.text().await.unwrap_or_default()
    );
    wait_for_state(daemon, id, ConnectionState::Connected).await
}

pub async fn add_mailbox(
    daemon: &TestDaemon,
    connection: ConnectionId,
    labels: &[&str],
) -> Mailbox {
    daemon
        .client()
        .await
        .rpc
        .mail_mailbox_add(
            context::current(),
            tenant(),
            connection,
            MailboxSettings {
                labels: labels.iter().map(|label| (*label).to_owned()).collect(),
                every_minutes: 60,
                query: None,
            },
        )
        .await
        .expect("rpc")
        .expect("mailbox added")
}

pub async fn mailbox(daemon: &TestDaemon, id: MailboxId) -> Mailbox {
    daemon
        .client()
        .await
        .rpc
        .mail_mailboxes(context::current(), tenant())
        .await
        .expect("rpc")
        .expect("mailboxes")
        .into_iter()
        .find(|mailbox| mailbox.id == id)
        .expect("the mailbox")
}

/// Waits until no mail job is queued or running and the mailbox holds `count` messages (its
/// sync done).
pub async fn wait_for_messages(daemon: &TestDaemon, id: MailboxId, count: u64) -> Mailbox {
    wait_until(&format!("mailbox {id} holds {count} messages"), || async {
        let busy = daemon.all_jobs().await.iter().any(|job| {
            job.kind.starts_with("mail.")
                && matches!(job.state, JobState::Queued | JobState::Running)
        });
        let mailbox = mailbox(daemon, id).await;
        (!busy && mailbox.messages == count && mailbox.last_sync.is_some()).then_some(mailbox)
    })
    .await
}

/// Every message of a mailbox, paging through `mail_messages`.
pub async fn messages(daemon: &TestDaemon, mailbox: MailboxId) -> Vec<MailMessage> {
    let client = daemon.client().await;
    let mut all: Vec<MailMessage> = Vec::new();
    loop {
        let page = client
            .rpc
            .mail_messages(
                context::current(),
                tenant(),
                Some(mailbox),
                PageRequest {
                    before: all.last().map(|message| message.id.0),
                    limit: 20,
                },
            )
            .await
            .expect("rpc")
            .expect("messages");
        if page.is_empty() {
            return all;
        }
        all.extend(page);
    }
}

/// One mail message with its text and its attachments' outcomes.
pub async fn message(daemon: &TestDaemon, id: MailMessageId) -> MailMessageDetail {
    daemon
        .client()
        .await
        .rpc
        .mail_message(context::current(), tenant(), id)
        .await
        .expect("rpc")
        .expect("message")
}

/// A message (a whole `.eml`) arrives in the fake Gmail.
pub async fn deliver(daemon: &TestDaemon, eml: String) {
    let base = daemon.webhook_url().await;
    let response = http()
        .post(format!("{base}/sandbox/google/control/deliver"))
        .body(eml)
        .send()
        .await
        .expect("delivered");
    assert_eq!(response.status().as_u16(), 200);
}
