//! Inbound media: a `channel.media` job per message with a file, enqueued in the commit that
//! stores the message, downloads it at once into the blob store (WhatsApp media URLs expire
//! within minutes, providers.md §1) and points the message at the blob.
//!
//! WhatsApp: `GET /{media-id}` (Bearer) gives a short-lived URL, fetched with the same Bearer.
//! Telegram: `getFile` gives a `file_path` under `/file/bot<token>/` (bots may download up to
//! 20 MB). Messenger attachments come as a URL.

use std::sync::Arc;
use std::time::Duration;

use centralita_channels::Channel;
use centralita_protocol::{ConversationId, MessageId, TenantId};
use serde::{Deserialize, Serialize};

use super::{ChannelSecrets, QUEUE};
use crate::error::AreaError;
use crate::invoices::chat::{self, ChatFile, ChatFileToInvoice};
use crate::queue::{Job, JobContext, JobError};
use crate::store::Store;

/// Largest file kept (WhatsApp documents go up to 100 MB; Telegram bots get 20 MB).
const MAX_BYTES: u64 = 100 * 1024 * 1024;

/// Downloads the file `media` (the provider's media id, file id or URL) of message `message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchMedia {
    pub channel: Channel,
    pub conversation: ConversationId,
    pub message: MessageId,
    pub media: String,
}

impl Job for FetchMedia {
    const KIND: &'static str = "channel.media";
    const QUEUE: &'static str = QUEUE;
    const MAX_ATTEMPTS: u32 = 6;

    fn unique_key(&self, tenant: &TenantId) -> Option<String> {
        Some(format!("media:{tenant}:{}", self.message))
    }
}

/// Downloads the file; `Ok(true)` when a `[invoices.from_chats]` rule sent it on to intake.
pub(super) async fn run(
    context: JobContext,
    job: FetchMedia,
    store: Store,
    secrets: Arc<ChannelSecrets>,
    http: reqwest::Client,
) -> Result<bool, JobError> {
    let FetchMedia {
        channel,
        conversation,
        message,
        media,
    } = job;
    let tenant = context.tenant.clone();
    let url = source_url(&http, &secrets, &tenant, channel, &media).await?;
    let mut request = http.get(&url.0).timeout(Duration::from_mins(2));
    if let Some(token) = &url.1 {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.map_err(|error| {
        JobError::retryable(format!("{channel} media: {}", error.without_url()))
    })?;
    check_status(channel, response.status())?;
    if response
        .content_length()
        .is_some_and(|length| length > MAX_BYTES)
    {
        return Err(JobError::permanent(format!(
            "{channel} media is larger than {MAX_BYTES} bytes; not kept"
        )));
    }
    let mime = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let bytes = response.bytes().await.map_err(|error| {
        JobError::retryable(format!("{channel} media: {}", error.without_url()))
    })?;
    let size = bytes.len();
    let hash = store
        .put_blob(bytes.to_vec())
        .await
        .map_err(|error| JobError::retryable(error.to_string()))?;
    let reference = match mime {
        Some(mime) => format!("blob:{} ({mime}, {size} bytes)", hash.as_str()),
        None => format!("blob:{} ({size} bytes)", hash.as_str()),
    };
    // The tenant's `[invoices.from_chats]` rules send the file on in the same commit.
    let to_invoice = ChatFile::of(&reference).is_some_and(|file| {
        secrets
            .invoice_files
            .get(&tenant)
            .is_some_and(|rules| chat::wanted(rules, channel.as_str(), &file))
    });
    store
        .write(move |txn| {
            txn.set_message_media(&tenant, conversation, message, &reference)?;
            if to_invoice {
                txn.enqueue(
                    &tenant,
                    &ChatFileToInvoice {
                        conversation,
                        message,
                    },
                )?;
            }
            Ok::<_, AreaError>(())
        })
        .await
        .map_err(|error: AreaError| JobError::retryable(error.to_string()))?;
    Ok(to_invoice)
}

/// Where to download from, and the Bearer token to send there (never the Telegram token,
/// which travels in the path).
async fn source_url(
    http: &reqwest::Client,
    secrets: &ChannelSecrets,
    tenant: &TenantId,
    channel: Channel,
    media: &str,
) -> Result<(String, Option<String>), JobError> {
    let missing = || JobError::permanent(format!("no {channel} token for this tenant"));
    match channel {
        Channel::Whatsapp => {
            let meta = secrets.meta(channel.as_str(), tenant).ok_or_else(missing)?;
            let token = meta.access_token.as_ref().ok_or_else(missing)?.expose();
            let info: serde_json::Value = http
                .get(format!("{}/{media}", meta.api_base))
                .bearer_auth(token)
                .timeout(Duration::from_secs(30))
                .send()
                .await
                .map_err(|error| {
                    JobError::retryable(format!("whatsapp media info: {}", error.without_url()))
                })
                .and_then(|response| {
                    check_status(channel, response.status())?;
                    Ok(response)
                })?
                .json()
                .await
                .map_err(|error| JobError::retryable(format!("whatsapp media info: {error}")))?;
            if info
                .get("file_size")
                .and_then(serde_json::Value::as_u64)
                .is_some_and(|size| size > MAX_BYTES)
            {
                return Err(JobError::permanent(
                    "whatsapp media larger than the limit; not kept",
                ));
            }
            let url = info
                .get("url")
                .and_then(serde_json::Value::as_str)
                .ok_or_else(|| JobError::permanent("whatsapp media info has no url"))?;
            Ok((url.to_owned(), Some(token.to_owned())))
        }
        Channel::Telegram => {
            let bot = secrets.telegram.get(tenant).ok_or_else(missing)?;
            let token = bot.bot_token.as_ref().ok_or_else(missing)?.expose();
            let info: serde_json::Value = http
                .post(format!("{}/bot{token}/getFile", bot.api_base))
                .json(&serde_json::json!({ "file_id": media }))
                .timeout(Duration::from_secs(30))
                .send()
                .await
                .map_err(|error| {
                    JobError::retryable(format!("telegram getFile: {}", error.without_url()))
                })?
                .json()
                .await
                .map_err(|error| JobError::retryable(format!("telegram getFile: {error}")))?;
            let path = info
                .pointer("/result/file_path")
                .and_then(serde_json::Value::as_str)
                .ok_or_else(|| {
                    let reason = info
                        .get("description")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or("no file_path");
                    JobError::permanent(format!("telegram getFile: {reason}"))
                })?;
            Ok((format!("{}/file/bot{token}/{path}", bot.api_base), None))
        }
        // Messenger attachments are plain URLs.
        Channel::Messenger => Ok((media.to_owned(), None)),
    }
}

fn check_status(channel: Channel, status: reqwest::StatusCode) -> Result<(), JobError> {
    if status.is_success() {
        Ok(())
    } else if status.as_u16() == 429 || status.is_server_error() {
        Err(JobError::retryable(format!(
            "{channel} media answered {status}"
        )))
    } else {
        Err(JobError::permanent(format!(
            "{channel} media answered {status}"
        )))
    }
}
