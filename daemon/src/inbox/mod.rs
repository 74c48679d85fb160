//! The inbox: WhatsApp, Messenger and Telegram conversations in one place.
//!
//! - `ingest.rs`: a parsed webhook becomes conversations, messages, statuses and template news
//!   (with contacts and leads from `crm`), in the webhook's own commit.
//! - `conversations.rs`: what operators do (list, read, reply, assign, resolve, mark read);
//!   `replies.rs` (quick replies) and `whatsapp_templates.rs` (Meta's approved templates).
//! - `outbound.rs`: a reply checked (window, limits) and queued; `send.rs`: the job that sends
//!   it through the conversation's provider (`providers/`, one module each) at its pace
//!   (`pace.rs`).
//! - `stats.rs`: the dashboard's figures and the reports' reads (all pages, whole periods).
//! - `media.rs` (inbound files), `profile.rs` (Messenger names), `templates.rs` (template sync):
//!   the other jobs. `store.rs`: the conversation and message tables. `secrets.rs`: each
//!   tenant's channel settings.
//!
//! Parsing is in the `centralita-channels` crate, which does no I/O.

pub mod conversations;
mod ingest;
pub mod media;
pub mod outbound;
pub mod pace;
pub mod profile;
pub mod providers;
pub mod replies;
mod secrets;
pub mod send;
pub mod stats;
mod store;
pub mod templates;
pub mod whatsapp_templates;

pub use ingest::{apply, parse};
pub use secrets::{
    ChannelSecrets, GRAPH_API, MetaSecrets, SANDBOX_ACCESS_TOKEN, SANDBOX_APP_SECRET,
    SANDBOX_BUSINESS_ACCOUNT, SANDBOX_TELEGRAM_SECRET, SANDBOX_VERIFY_TOKEN, TELEGRAM_API,
    TelegramSecrets,
};
pub use store::{ConversationRoute, NewMessage, Outbound};
pub(crate) use store::{TABLES, claim_conversations};

/// The queue replies are sent on.
pub const QUEUE: &str = "inbox";

/// Registers the channel jobs: sends and read receipts, inbound files, WhatsApp template
/// syncs, Messenger profile lookups.
pub fn register_jobs(
    queue: &crate::queue::Queue,
    store: &crate::store::Store,
    secrets: &std::sync::Arc<ChannelSecrets>,
) {
    send::register(queue, store, secrets);
    // A file a tenant rule sends to invoice intake wakes that queue once committed.
    let invoices = queue.clone();
    register_job(
        queue,
        store,
        secrets,
        move |context, job, store, secrets, http| {
            let invoices = invoices.clone();
            async move {
                if media::run(context, job, store, secrets, http).await? {
                    invoices.wake(crate::invoices::lifecycle::QUEUE);
                }
                Ok(())
            }
        },
    );
    register_job(queue, store, secrets, templates::sync);
    register_job(queue, store, secrets, profile::run);
}

/// Registers job type `J`, run by `run` with the store, the channel secrets and one HTTP
/// client.
fn register_job<J, F, Fut>(
    queue: &crate::queue::Queue,
    store: &crate::store::Store,
    secrets: &std::sync::Arc<ChannelSecrets>,
    run: F,
) where
    J: crate::queue::Job,
    F: Fn(
            crate::queue::JobContext,
            J,
            crate::store::Store,
            std::sync::Arc<ChannelSecrets>,
            reqwest::Client,
        ) -> Fut
        + Send
        + Sync
        + 'static,
    Fut: std::future::Future<Output = Result<(), crate::queue::JobError>> + Send + 'static,
{
    let (store, secrets, http) = (
        store.clone(),
        std::sync::Arc::clone(secrets),
        crate::http::client(),
    );
    queue.register_job(move |context, job: J| {
        run(
            context,
            job,
            store.clone(),
            std::sync::Arc::clone(&secrets),
            http.clone(),
        )
    });
}
