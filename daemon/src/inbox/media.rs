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
use centralita_protocol::said as key;
use centralita_protocol::{ConversationId, MessageId, TenantId};
use serde::{Deserialize, Serialize};

use super::{ChannelSecrets, QUEUE};
use crate::error::{AreaError, said};
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
    let response = request
        .send()
        .await
        .map_err(|error| unreachable(channel, error))?;
    check_status(channel, response.status())?;
    if response
        .content_length()
        .is_some_and(|length| length > MAX_BYTES)
    {
        return Err(too_large(channel));
    }
    let mime = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let bytes = response
        .bytes()
        .await
        .map_err(|error| unreachable(channel, error))?;
    let size = bytes.len();
    let hash = store.put_blob(bytes.to_vec()).await?;
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
        .map_err(JobError::retryable_area)?;
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
    let missing = || {
        JobError::permanent_said(said!(
            key::NO_CHANNEL_TOKEN,
            "no {0} token for this tenant",
            channel
        ))
    };
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
                .map_err(|error| info_unreachable(error.without_url()))
                .and_then(|response| {
                    check_status(channel, response.status())?;
                    Ok(response)
                })?
                .json()
                .await
                .map_err(info_unreachable)?;
            if info
                .get("file_size")
                .and_then(serde_json::Value::as_u64)
                .is_some_and(|size| size > MAX_BYTES)
            {
                return Err(too_large(channel));
            }
            let url = info
                .get("url")
                .and_then(serde_json::Value::as_str)
                .ok_or_else(|| {
                    JobError::permanent_said(said!(
                        key::WHATSAPP_MEDIA_NO_URL,
                        "whatsapp media info has no url"
                    ))
                })?;
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
                .map_err(|error| get_file_unreachable(error.without_url()))?
                .json()
                .await
                .map_err(get_file_unreachable)?;
            let path = info
                .pointer("/result/file_path")
                .and_then(serde_json::Value::as_str)
                .ok_or_else(|| {
                    let reason = info
                        .get("description")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or("no file_path");
                    JobError::permanent_said(said!(
                        key::TELEGRAM_GET_FILE_REFUSED,
                        "telegram getFile: {0}",
                        reason
                    ))
                })?;
            Ok((format!("{}/file/bot{token}/{path}", bot.api_base), None))
        }
        // Messenger attachments are plain URLs.
        Channel::Messenger => Ok((media.to_owned(), None)),
    }
}

fn check_status(channel: Channel, status: reqwest::StatusCode) -> Result<(), JobError> {
    if status.is_success() {
        return Ok(());
    }
    let said = said!(
        key::MEDIA_ANSWERED,
        "{0} media answered {1}",
        channel,
        status
    );
    if status.as_u16() == 429 || status.is_server_error() {
        Err(JobError::retryable_said(said, None))
    } else {
        Err(JobError::permanent_said(said))
    }
}

/// The download did not go through; another try may.
fn unreachable(channel: Channel, error: reqwest::Error) -> JobError {
    let error = error.without_url();
    JobError::retryable_said(
        said!(key::MEDIA_UNREACHABLE, "{0} media: {1}", channel, error),
        None,
    )
}

fn too_large(channel: Channel) -> JobError {
    JobError::permanent_said(said!(
        key::MEDIA_TOO_LARGE,
        "{0} media is larger than {1} bytes; not kept",
        channel,
        MAX_BYTES
    ))
}

/// WhatsApp's media info (where the file is) could not be had; another try may.
fn info_unreachable(error: impl std::fmt::Display) -> JobError {
    JobError::retryable_said(
        said!(
            key::WHATSAPP_MEDIA_INFO_UNREACHABLE,
            "whatsapp media info: {0}",
            error
        ),
        None,
    )
}

/// Telegram's `getFile` could not be had; another try may.
fn get_file_unreachable(error: impl std::fmt::Display) -> JobError {
    JobError::retryable_said(
        said!(
            key::TELEGRAM_GET_FILE_UNREACHABLE,
            "telegram getFile: {0}",
            error
        ),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{open_with_tenants, tenant};

    /// The key and values of a job's error, and whether it is retried.
    fn words_of(error: &JobError) -> (bool, &str, Vec<&str>) {
        let (retried, words) = match error {
            JobError::Retryable {
                words: Some(words), ..
            } => (true, words),
            JobError::Permanent {
                words: Some(words), ..
            } => (false, words),
            other => panic!("a job's error without the catalog's words: {other:?}"),
        };
        let args = words.args.iter().map(String::as_str).collect();
        (retried, words.key.as_str(), args)
    }

    #[tokio::test]
    async fn a_download_that_does_not_go_through_is_retried_in_the_catalogs_words() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = open_with_tenants(&dir, &["acme"]).await;
        let job = FetchMedia {
            channel: Channel::Messenger,
            conversation: ConversationId(1),
            message: MessageId(1),
            // Nothing listens on port 1: the connection is refused.
            media: "http://127.0.0.1:1/foto.jpg".to_owned(),
        };
        let error = run(
            JobContext::for_test(tenant("acme"), 1, FetchMedia::MAX_ATTEMPTS),
            job,
            store,
            Arc::new(ChannelSecrets::default()),
            crate::http::client(),
        )
        .await
        .expect_err("nothing to download from");
        let (retried, key, args) = words_of(&error);
        assert!(retried, "{error:?}");
        assert_eq!((key, args[0]), ("media_unreachable", "messenger"));
        assert!(
            error.to_string().starts_with("messenger media: "),
            "the English stays: {error}"
        );
    }

    #[tokio::test]
    async fn a_download_without_the_tenants_token_fails_at_once_in_the_catalogs_words() {
        let error = source_url(
            &crate::http::client(),
            &ChannelSecrets::default(),
            &tenant("acme"),
            Channel::Whatsapp,
            "media-1",
        )
        .await
        .expect_err("no token");
        assert_eq!(error.to_string(), "no whatsapp token for this tenant");
        assert_eq!(
            words_of(&error),
            (false, "no_channel_token", vec!["whatsapp"])
        );
    }

    #[test]
    fn a_provider_refusing_a_download_is_said_with_its_status() {
        let refused = check_status(Channel::Telegram, reqwest::StatusCode::NOT_FOUND)
            .expect_err("404 is a refusal");
        assert_eq!(refused.to_string(), "telegram media answered 404 Not Found");
        assert_eq!(
            words_of(&refused),
            (false, "media_answered", vec!["telegram", "404 Not Found"])
        );
        let busy = check_status(Channel::Whatsapp, reqwest::StatusCode::SERVICE_UNAVAILABLE)
            .expect_err("503 is worth another try");
        assert!(words_of(&busy).0, "{busy:?}");
        assert_eq!(
            words_of(&too_large(Channel::Whatsapp)),
            (false, "media_too_large", vec!["whatsapp", "104857600"])
        );
    }
}
