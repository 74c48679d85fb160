//! Mail: Gmail mailboxes watched per tenant. A mailbox reads the mail of a connection (see
//! `connections/`) on a schedule; each new message is stored once with its attachments, and
//! the attachments that may be invoices go to invoice intake (`attachments.rs`).
//!
//! - `records.rs`: mailboxes and messages as stored.
//! - `sync.rs`: the sync job (full, by history, or by search) and how a message is read.
//! - `gmail.rs`: the Gmail REST client of a sync; `quota.rs`: the per-connection quota.
//! - `service.rs`: what operators do; `wire.rs`: records as the protocol shows them.
//!
//! Reading MIME and Gmail's JSON lives in the `centralita-mail` crate, which does no I/O.

mod attachments;
mod gmail;
mod quota;
mod records;
mod service;
mod sync;
mod wire;

use std::sync::Arc;

use centralita_config::MailConfig;
use centralita_protocol::{ConnectionId, MailMessageId, MailboxId, TenantId};

pub use attachments::ReadMailAttachment;
pub(crate) use records::TABLES;
pub use sync::SyncMailbox;

use self::gmail::Gmail;
use self::quota::Quota;
use crate::connections::Connections;
use crate::error::AreaError;
use crate::invoices::Invoices;
use crate::locks::KeyedLocks;
use crate::queue::{JobError, Queue};
use crate::store::Store;

/// The queue of mail jobs.
pub const QUEUE: &str = "mail";

/// The mail service; cheap to clone.
#[derive(Clone)]
pub struct Mail {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    queue: Queue,
    connections: Connections,
    invoices: Invoices,
    http: reqwest::Client,
    quota: Arc<Quota>,
    fetch_concurrency: usize,
    max_message: usize,
    /// One sync at a time per mailbox.
    locks: KeyedLocks<(TenantId, MailboxId)>,
}

impl Mail {
    pub fn new(
        store: Store,
        queue: Queue,
        connections: Connections,
        invoices: Invoices,
        config: &MailConfig,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                queue,
                connections,
                invoices,
                http: crate::http::client(),
                quota: Arc::new(Quota::new(config.quota_units_per_minute)),
                fetch_concurrency: usize::try_from(config.fetch_concurrency)
                    .unwrap_or(1)
                    .max(1),
                max_message: usize::try_from(config.max_message_mib.saturating_mul(1 << 20))
                    .unwrap_or(usize::MAX)
                    .min(centralita_mail::MAX_MESSAGE_BYTES),
                locks: KeyedLocks::default(),
            }),
        }
    }

    /// Registers the mail jobs.
    pub fn register(&self, queue: &Queue) {
        let sync = self.clone();
        queue.register_job(move |context, job: SyncMailbox| {
            let mail = sync.clone();
            async move { mail.run_sync(&context, job).await }
        });
        let attachments = self.clone();
        queue.register_job(move |context, job: ReadMailAttachment| {
            let mail = attachments.clone();
            async move { mail.run_attachment(&context, job).await }
        });
    }

    fn store(&self) -> &Store {
        &self.inner.store
    }

    fn queue(&self) -> &Queue {
        &self.inner.queue
    }

    /// A Gmail client with a fresh access token of connection `connection`.
    async fn gmail(&self, tenant: &TenantId, connection: ConnectionId) -> Result<Gmail, JobError> {
        let token = self
            .inner
            .connections
            .access_token(tenant, connection)
            .await
            .map_err(JobError::from)?;
        Ok(Gmail {
            http: self.inner.http.clone(),
            base: self.inner.connections.api_base(tenant, connection).await?,
            token,
            quota: Arc::clone(&self.inner.quota),
            quota_key: format!("{tenant}/{connection}"),
            max_message: self.inner.max_message,
        })
    }

    async fn mailbox_if_any(
        &self,
        tenant: &TenantId,
        id: MailboxId,
    ) -> Result<Option<records::MailboxRecord>, AreaError> {
        let tenant = tenant.clone();
        self.store()
            .read(move |txn| if_any(txn.mailbox(&tenant, id)))
            .await
    }

    async fn message_if_any(
        &self,
        tenant: &TenantId,
        id: MailMessageId,
    ) -> Result<Option<records::MessageRecord>, AreaError> {
        let tenant = tenant.clone();
        self.store()
            .read(move |txn| if_any(txn.mail_message(&tenant, id)))
            .await
    }
}

/// `Ok(None)` where the record is not found; other errors stay errors.
fn if_any<T>(found: Result<T, AreaError>) -> Result<Option<T>, AreaError> {
    match found {
        Ok(record) => Ok(Some(record)),
        Err(AreaError::NotFound(_)) => Ok(None),
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod audit_tests;
#[cfg(test)]
mod tests;
