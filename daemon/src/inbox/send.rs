//! The send job: one `queued` message goes to its provider (through `providers/`), at the
//! provider's pace ([`super::pace`]), and the message records the provider's id, or `failed`
//! with the provider's reason. The 24-hour window is checked again as it runs (an approved
//! template goes regardless); 429 and 5xx are retried with backoff (honouring `Retry-After` or
//! Telegram's `retry_after`), any other refusal is final.
//!
//! Also the read-receipt job: WhatsApp's blue ticks when an operator reads a conversation.

use std::sync::Arc;
use std::time::Duration;

use centralita_channels::{Channel, DeliveryStatus};
use centralita_protocol::{ConversationId, MessageId, TenantId};
use serde::{Deserialize, Serialize};

use super::outbound::{TemplateSend, window_closed};
use super::pace::Pacer;
use super::providers::{self, Content, Delivery, Endpoint, OutboundFile, Outcome};
use super::{ChannelSecrets, ConversationRoute, QUEUE};
use crate::error::{Said, said};
use crate::queue::{Job, JobContext, JobError, Queue};
use crate::store::{BlobHash, Store, StoreError};
use centralita_protocol::said as key;

/// Sends message `message` of conversation `conversation`: its text, or the file or approved
/// WhatsApp template it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendMessage {
    pub conversation: ConversationId,
    pub message: MessageId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<OutboundFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<TemplateSend>,
}

impl Job for SendMessage {
    const KIND: &'static str = "channel.send";
    const QUEUE: &'static str = QUEUE;
    const MAX_ATTEMPTS: u32 = 8;

    fn unique_key(&self, tenant: &TenantId) -> Option<String> {
        Some(format!("send:{tenant}:{}", self.message))
    }
}

/// Tells WhatsApp the customer's message `message_id` was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadReceipt {
    pub conversation: ConversationId,
    pub message_id: String,
}

impl Job for ReadReceipt {
    const KIND: &'static str = "channel.read";
    const QUEUE: &'static str = QUEUE;
    const MAX_ATTEMPTS: u32 = 4;

    fn unique_key(&self, tenant: &TenantId) -> Option<String> {
        Some(format!("read:{tenant}:{}", self.message_id))
    }
}

/// Waits shorter than this are slept inside the job; longer ones put the job back.
const SLEEP_AT_MOST: Duration = Duration::from_secs(1);

/// Registers the send and read-receipt handlers.
pub fn register(queue: &Queue, store: &Store, secrets: &Arc<ChannelSecrets>) {
    let sender = Sender {
        store: store.clone(),
        secrets: Arc::clone(secrets),
        http: crate::http::client(),
        pacer: Arc::new(Pacer::default()),
    };
    let receipts = sender.clone();
    queue.register_job(move |context, job: SendMessage| {
        let sender = sender.clone();
        async move { sender.send(context, job).await }
    });
    queue.register_job(move |context, job: ReadReceipt| {
        let sender = receipts.clone();
        async move { sender.read_receipt(context, job).await }
    });
}

/// Everything the send job needs.
#[derive(Clone)]
struct Sender {
    store: Store,
    secrets: Arc<ChannelSecrets>,
    http: reqwest::Client,
    pacer: Arc<Pacer>,
}

impl Sender {
    async fn send(self, context: JobContext, job: SendMessage) -> Result<(), JobError> {
        let (conversation, message) = (job.conversation, job.message);
        let tenant = context.tenant.clone();
        let (route, (text, status), now) = {
            let tenant = tenant.clone();
            self.store
                .write(move |txn| {
                    Ok((
                        txn.conversation_route(&tenant, conversation)?,
                        txn.outbound_message(&tenant, conversation, message)?,
                        txn.now(),
                    ))
                })
                .await
                .map_err(JobError::retryable_area)?
        };
        if status != DeliveryStatus::Queued.as_str() {
            // Sent or failed already (a repeated job after a crash): nothing to do.
            return Ok(());
        }
        let carried = self.content(job, text).await?;
        // Refused here (the window, the settings) or by the provider, in the catalog's words
        // either way: the provider's own words are a value of its sentence.
        let outcome = match (&carried, window_closed(&route, now)) {
            (Content::Template { .. }, _) | (_, None) => {
                match self.endpoint(&tenant, route.channel) {
                    Ok(endpoint) => {
                        self.pace(&route).await?;
                        Ok(self.deliver(endpoint, &route, &carried).await)
                    }
                    Err(refusal) => Err(refusal),
                }
            }
            (_, Some(refusal)) => Err(refusal),
        };
        let last_attempt = context.attempt >= context.max_attempts;
        let (record, result) = match outcome {
            Ok(Outcome::Sent(provider_id)) => (Ok(provider_id), Ok(())),
            Ok(Outcome::Retry(reason, after)) if !last_attempt => {
                return Err(JobError::retryable_said(reason, after));
            }
            Ok(Outcome::Retry(reason, _) | Outcome::Refused(reason)) | Err(reason) => {
                (Err(reason.clone()), Err(JobError::permanent_said(reason)))
            }
        };
        self.store
            .write(move |txn| match &record {
                Ok(provider_id) => {
                    let sent = DeliveryStatus::Sent;
                    txn.message_sent(
                        &tenant,
                        conversation,
                        message,
                        provider_id,
                        sent.as_str(),
                        sent.rank(),
                    )
                }
                Err(reason) => txn.message_failed(
                    &tenant,
                    conversation,
                    message,
                    reason,
                    DeliveryStatus::Failed.rank(),
                ),
            })
            .await
            .map_err(JobError::retryable_area)?;
        result
    }

    /// What the send carries: the message's text, or the job's file or template.
    async fn content(&self, job: SendMessage, text: Option<String>) -> Result<Content, JobError> {
        if let Some(file) = job.file {
            let hash = BlobHash::parse(&file.blob).ok_or_else(|| {
                JobError::permanent_said(said!(
                    key::SEND_FILE_REFERENCE,
                    "bad blob hash {0}",
                    file.blob
                ))
            })?;
            let bytes = self.store.get_blob(hash).await.map_err(|error| {
                JobError::permanent_said(match error {
                    StoreError::BlobMissing(hash) => said!(
                        key::SEND_FILE_MISSING,
                        "{0}: blob {1} is not in the blob folder",
                        file.name,
                        hash
                    ),
                    error => said!(key::SEND_FILE_UNREADABLE, "{0}: {1}", file.name, error),
                })
            })?;
            return Ok(Content::File {
                file,
                bytes,
                caption: text,
            });
        }
        if let Some(template) = job.template {
            return Ok(Content::Template {
                name: template.name,
                language: template.language,
                variables: template.variables,
            });
        }
        Ok(Content::Text(text.unwrap_or_default()))
    }

    /// Waits for the provider's pace: briefly in place, else the job goes back to the queue
    /// (the attempt not counted).
    async fn pace(&self, route: &ConversationRoute) -> Result<(), JobError> {
        let paces = providers::provider(route.channel).paces(&route.account, &route.chat);
        loop {
            match self.pacer.take(&paces, std::time::Instant::now()) {
                Ok(()) => return Ok(()),
                Err((wait, _)) if wait <= SLEEP_AT_MOST => tokio::time::sleep(wait).await,
                Err((wait, why)) => return Err(JobError::later(why, wait)),
            }
        }
    }

    /// One send through the conversation's provider.
    async fn deliver(
        &self,
        endpoint: Endpoint<'_>,
        route: &ConversationRoute,
        content: &Content,
    ) -> Outcome {
        let delivery = Delivery {
            http: &self.http,
            endpoint,
            route,
            content,
        };
        providers::provider(route.channel).deliver(delivery).await
    }

    /// The tenant's API base and send token for `channel`, or why there is none.
    fn endpoint(&self, tenant: &TenantId, channel: Channel) -> Result<Endpoint<'_>, Said> {
        let leaf = providers::provider(channel).token_key();
        let missing = || {
            said!(
                key::NO_SEND_TOKEN,
                "no send token for {0} in this tenant: set {1} in the config",
                channel,
                format!("channels.{channel}.{tenant}.{leaf}")
            )
        };
        let (base, token) = match channel {
            Channel::Whatsapp | Channel::Messenger => {
                let meta = self
                    .secrets
                    .meta(channel.as_str(), tenant)
                    .ok_or_else(missing)?;
                (meta.api_base.as_str(), meta.access_token.as_ref())
            }
            Channel::Telegram => {
                let bot = self.secrets.telegram.get(tenant).ok_or_else(missing)?;
                (bot.api_base.as_str(), bot.bot_token.as_ref())
            }
        };
        let token = token.ok_or_else(missing)?;
        Ok(Endpoint { base, token })
    }

    /// Sends WhatsApp's read receipt for a customer's message.
    async fn read_receipt(self, context: JobContext, job: ReadReceipt) -> Result<(), JobError> {
        let tenant = context.tenant.clone();
        let route = {
            let tenant = tenant.clone();
            self.store
                .write(move |txn| txn.conversation_route(&tenant, job.conversation))
                .await
                .map_err(JobError::retryable_area)?
        };
        let endpoint = self
            .endpoint(&tenant, Channel::Whatsapp)
            .map_err(JobError::permanent_said)?;
        providers::send_read_receipt(
            &self.http,
            endpoint.base,
            endpoint.token,
            &route.account,
            &job.message_id,
        )
        .await
        .map_err(|(reason, retry)| {
            if retry {
                JobError::retryable_said(reason, None)
            } else {
                JobError::permanent_said(reason)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AreaError;
    use crate::inbox::store::Outbound;
    use crate::testing::{open_with_tenants, tenant};

    /// A conversation with a customer on `channel` and one text queued to them.
    async fn queued_text(store: &Store, channel: Channel) -> SendMessage {
        store
            .write(move |txn| {
                let acme = tenant("acme");
                let identity = crate::crm::contacts::Identity {
                    channel: channel.as_str(),
                    id: "51987654321",
                    name: None,
                    phone: None,
                    country: None,
                };
                let contact = txn.contact_for(&acme, &identity)?;
                let conversation =
                    txn.conversation_for(&acme, contact, channel, "1", "51987654321")?;
                let outbound = Outbound {
                    kind: "text",
                    text: Some("hola"),
                    media: None,
                };
                let message = txn.queue_outbound(&acme, conversation, &outbound, 0)?;
                Ok::<_, AreaError>(SendMessage {
                    conversation,
                    message,
                    file: None,
                    template: None,
                })
            })
            .await
            .expect("queued")
    }

    fn sender(store: &Store) -> Sender {
        Sender {
            store: store.clone(),
            secrets: Arc::new(ChannelSecrets::default()),
            http: crate::http::client(),
            pacer: Arc::new(Pacer::default()),
        }
    }

    #[tokio::test]
    async fn a_send_refused_here_fails_the_job_and_the_message_in_the_catalogs_words() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = open_with_tenants(&dir, &["acme"]).await;
        let job = queued_text(&store, Channel::Telegram).await;
        let (conversation, message) = (job.conversation, job.message);
        let error = sender(&store)
            .send(JobContext::for_test(tenant("acme"), 1, 8), job)
            .await
            .expect_err("no send token");
        let JobError::Permanent {
            message: english,
            words: Some(words),
        } = error
        else {
            panic!("a refusal fails at once, with words: {error:?}");
        };
        assert_eq!(
            english,
            "no send token for telegram in this tenant: set channels.telegram.acme.bot_token in the config"
        );
        assert_eq!(words.key, "no_send_token");
        assert_eq!(words.args, ["telegram", "channels.telegram.acme.bot_token"]);
        let (_, status) = store
            .write(move |txn| txn.outbound_message(&tenant("acme"), conversation, message))
            .await
            .expect("message");
        assert_eq!(status, DeliveryStatus::Failed.as_str());
    }

    /// The sender of tenant acme, whose Telegram bot's API is at `api`.
    fn sender_to_telegram(store: &Store, api: std::net::SocketAddr) -> Sender {
        let mut secrets = ChannelSecrets::default();
        secrets.telegram.insert(
            tenant("acme"),
            crate::inbox::TelegramSecrets {
                secret_token: centralita_config::Secret::new("webhook-secret"),
                bot_token: Some(centralita_config::Secret::new("123:bot-token")),
                api_base: format!("http://{api}"),
            },
        );
        Sender {
            secrets: Arc::new(secrets),
            ..sender(store)
        }
    }

    /// Message `message` of `conversation` as a client reads it.
    async fn read_message(
        store: &Store,
        conversation: ConversationId,
        message: MessageId,
    ) -> centralita_protocol::Message {
        let messages = store
            .read(move |txn| txn.conversation_messages(&tenant("acme"), conversation, None, 10))
            .await
            .expect("messages");
        messages
            .into_iter()
            .find(|read| read.id == message)
            .expect("the message")
    }

    #[tokio::test]
    async fn a_provider_refusal_fails_the_job_and_the_message_with_its_key_and_the_providers_own_words()
     {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = open_with_tenants(&dir, &["acme"]).await;
        let api = crate::testing::answering(
            400,
            r#"{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"#,
        )
        .await;
        let job = queued_text(&store, Channel::Telegram).await;
        let (conversation, message) = (job.conversation, job.message);
        let error = sender_to_telegram(&store, api)
            .send(JobContext::for_test(tenant("acme"), 1, 8), job)
            .await
            .expect_err("Telegram refuses");
        let JobError::Permanent {
            message: english,
            words: Some(words),
        } = error
        else {
            panic!("a refusal fails at once, with words: {error:?}");
        };
        assert_eq!(
            english,
            "telegram refused the message: Bad Request: chat not found"
        );
        assert_eq!(words.key, key::SEND_REFUSED.name);
        assert_eq!(words.args, ["telegram", "Bad Request: chat not found"]);
        let failed = read_message(&store, conversation, message).await;
        assert_eq!(failed.status, DeliveryStatus::Failed.as_str());
        assert_eq!(failed.error.as_deref(), Some(english.as_str()));
        assert_eq!(failed.error_words, Some(words));
    }

    #[tokio::test]
    async fn a_provider_asking_to_wait_retries_in_the_catalogs_words_until_the_last_attempt_fails()
    {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = open_with_tenants(&dir, &["acme"]).await;
        let api = crate::testing::answering(
            429,
            r#"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}"#,
        )
        .await;
        let job = queued_text(&store, Channel::Telegram).await;
        let (conversation, message) = (job.conversation, job.message);
        let error = sender_to_telegram(&store, api)
            .send(JobContext::for_test(tenant("acme"), 1, 8), job.clone())
            .await
            .expect_err("Telegram asks to wait");
        let JobError::Retryable {
            retry_after,
            words: Some(words),
            ..
        } = &error
        else {
            panic!("a 429 is tried again, with words: {error:?}");
        };
        assert_eq!(*retry_after, Some(Duration::from_secs(3)));
        assert_eq!(
            (words.key.as_str(), words.args.as_slice()),
            (
                key::SEND_REFUSED.name,
                [
                    "telegram".to_owned(),
                    "Too Many Requests: retry after 3".to_owned()
                ]
                .as_slice()
            )
        );
        let waiting = read_message(&store, conversation, message).await;
        assert_eq!(
            (waiting.status.as_str(), waiting.error_words),
            (DeliveryStatus::Queued.as_str(), None)
        );

        let error = sender_to_telegram(&store, api)
            .send(JobContext::for_test(tenant("acme"), 8, 8), job)
            .await
            .expect_err("the last attempt");
        assert!(
            matches!(&error, JobError::Permanent { words: Some(last), .. } if last == words),
            "{error:?}"
        );
        let failed = read_message(&store, conversation, message).await;
        assert_eq!(failed.status, DeliveryStatus::Failed.as_str());
        assert_eq!(failed.error_words.as_ref(), Some(words));
    }

    #[tokio::test]
    async fn a_closed_window_keeps_its_words_when_the_send_job_refuses() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = open_with_tenants(&dir, &["acme"]).await;
        // The customer never wrote: free text may not open a WhatsApp conversation.
        let job = queued_text(&store, Channel::Whatsapp).await;
        let error = sender(&store)
            .send(JobContext::for_test(tenant("acme"), 1, 8), job)
            .await
            .expect_err("the window is not open");
        assert!(
            matches!(&error, JobError::Permanent { words: Some(words), .. } if words.key == "window_not_open"),
            "{error:?}"
        );
    }
}
