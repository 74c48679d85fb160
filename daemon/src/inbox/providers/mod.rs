//! What differs between WhatsApp, Messenger and Telegram when the business writes: how a file
//! is shown and how large it may be, whether captions and free text are allowed, the pace the
//! provider takes, and the requests that send (one module per provider implements
//! [`Provider`]). The send job (`send.rs`) keeps only the 24-hour window rule, the pace and the
//! retries; the rules an operator's send is checked against before it is queued are in
//! `outbound.rs`.

mod messenger;
mod telegram;
mod whatsapp;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use centralita_channels::Channel;
use centralita_config::Secret;
use serde::{Deserialize, Serialize};

use super::ConversationRoute;
use super::pace::Pace;
use crate::error::{Said, said};
use centralita_protocol::said as key;

/// How a provider shows a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Image,
    Video,
    Audio,
    Document,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Video => "video",
            Self::Audio => "audio",
            Self::Document => "document",
        }
    }
}

/// A file an operator sends, stored as a blob before it is queued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboundFile {
    /// How the channel is asked to show it.
    pub kind: FileKind,
    pub mime: String,
    pub name: String,
    pub blob: String,
    pub size: u64,
}

impl OutboundFile {
    /// Describes a file named `name` (already stored as `blob`) for a send on `channel`.
    pub fn new(channel: Channel, name: &str, blob: &str, size: u64) -> Self {
        let mime = mime_guess::from_path(name)
            .first_or_octet_stream()
            .essence_str()
            .to_owned();
        Self {
            kind: provider(channel).file_kind(&mime),
            mime,
            name: name.to_owned(),
            blob: blob.to_owned(),
            size,
        }
    }
}

/// What one send carries.
pub enum Content {
    Text(String),
    File {
        file: OutboundFile,
        bytes: Vec<u8>,
        caption: Option<String>,
    },
    /// An approved WhatsApp template with its numbered values.
    Template {
        name: String,
        language: String,
        variables: Vec<String>,
    },
}

/// What a provider said about one send. Why not is in the catalog's words: the frame a client
/// translates ("whatsapp refused the message: …"), with the provider's own words kept as a
/// value, untranslated.
pub enum Outcome {
    /// Sent: the provider's id of the message, as its status webhooks will name it.
    Sent(String),
    /// Worth trying again after at least this long.
    Retry(Said, Option<Duration>),
    Refused(Said),
}

/// Where a tenant's sends go: the provider's API base and the send token.
pub struct Endpoint<'a> {
    pub base: &'a str,
    pub token: &'a Secret,
}

/// One send as a provider makes it.
pub struct Delivery<'a> {
    pub http: &'a reqwest::Client,
    pub endpoint: Endpoint<'a>,
    pub route: &'a ConversationRoute,
    pub content: &'a Content,
}

/// A future a provider's send returns.
pub type Sending<'a> = Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;

/// The send rates a provider publishes (providers.md): at most one message every
/// `per_account.every` from one sending account (number, bot), and one every `per_chat.every`
/// to one chat.
pub struct Rates {
    pub per_account: Rate,
    pub per_chat: Rate,
}

/// One published rate and, for the job's history, what a wait for it is for.
pub struct Rate {
    pub every: Duration,
    pub why: &'static str,
}

/// One messaging provider's rules and requests.
pub trait Provider: Sync {
    /// The channel this provider sends on.
    fn channel(&self) -> Channel;
    /// How this provider shows a file of type `mime`.
    fn file_kind(&self, mime: &str) -> FileKind;
    /// The largest file of `kind` it takes, in bytes.
    fn file_limit(&self, kind: FileKind) -> u64;
    /// Why a caption may not go with a file of `kind`, if it may not: an audio file carries
    /// none.
    fn refuses_caption(&self, kind: FileKind) -> Option<Said> {
        (kind == FileKind::Audio).then(|| {
            said!(
                key::AUDIO_NO_CAPTION,
                "an audio file carries no caption: send the text as its own message"
            )
        })
    }
    /// Free text and files only within 24 hours of the customer's last message.
    fn has_window(&self) -> bool;
    /// The send rates it publishes, if it publishes any.
    fn rates(&self) -> Option<Rates>;
    /// The paces a send on (account, chat) keeps: one under `channel:account` and one under
    /// `channel:account:chat`, or none where the provider publishes no rates.
    fn paces(&self, account: &str, chat: &str) -> Vec<Pace> {
        let Some(Rates {
            per_account,
            per_chat,
        }) = self.rates()
        else {
            return Vec::new();
        };
        let channel = self.channel();
        vec![
            Pace {
                key: format!("{channel}:{account}"),
                every: per_account.every,
                why: per_account.why,
            },
            Pace {
                key: format!("{channel}:{account}:{chat}"),
                every: per_chat.every,
                why: per_chat.why,
            },
        ]
    }
    /// The config key of the token sends need.
    fn token_key(&self) -> &'static str;
    /// Sends one message: its provider id, or why not.
    fn deliver<'a>(&'a self, delivery: Delivery<'a>) -> Sending<'a>;
}

/// The provider of `channel`.
pub fn provider(channel: Channel) -> &'static dyn Provider {
    match channel {
        Channel::Whatsapp => &whatsapp::WhatsApp,
        Channel::Messenger => &messenger::Messenger,
        Channel::Telegram => &telegram::Telegram,
    }
}

pub use whatsapp::send_read_receipt;

/// A template sent on a channel other than WhatsApp: the send refuses it as the operator's
/// send is refused before it is queued.
fn no_templates(channel: Channel) -> Outcome {
    Outcome::Refused(said!(
        key::WHATSAPP_TEMPLATE_CHANNEL,
        "WhatsApp templates go on WhatsApp conversations; this one is on {0}",
        channel
    ))
}

/// A Graph API request from the sending account (a WhatsApp number, a Page):
/// `POST /{account}/{edge}` with the Bearer token.
fn graph_post(delivery: &Delivery<'_>, edge: &str) -> reqwest::RequestBuilder {
    let Delivery {
        http,
        endpoint,
        route,
        ..
    } = delivery;
    http.post(format!("{}/{}/{edge}", endpoint.base, route.account))
        .bearer_auth(endpoint.token.expose())
}

/// A file as a multipart part, with its name and type.
fn file_part(file: &OutboundFile, bytes: &[u8]) -> reqwest::multipart::Part {
    let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(file.name.clone());
    match part.mime_str(&file.mime) {
        Ok(part) => part,
        // `mime` comes from mime_guess, so it parses; keep the bytes either way.
        Err(_) => reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(file.name.clone()),
    }
}

/// Sends `request` and reads the provider's answer: the id `id_of` finds for what was sent, or
/// why not. 429 (with `Retry-After` or Telegram's `retry_after`) and 5xx are worth a retry;
/// any other refusal is final.
async fn answer(
    channel: Channel,
    request: reqwest::RequestBuilder,
    id_of: impl FnOnce(&serde_json::Value) -> Option<String>,
) -> Outcome {
    let response = match request.timeout(Duration::from_mins(1)).send().await {
        Ok(response) => response,
        // Without the URL: a Telegram URL carries the bot token.
        Err(error) => {
            let reason = error.without_url().to_string();
            return Outcome::Retry(
                said!(
                    key::SEND_UNREACHABLE,
                    "{0} did not answer: {1}",
                    channel,
                    reason
                ),
                None,
            );
        }
    };
    let status = response.status();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok())
        .map(Duration::from_secs);
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    if status.is_success() {
        return match id_of(&body) {
            Some(id) => Outcome::Sent(id),
            None => Outcome::Retry(
                said!(
                    key::SEND_NO_ID,
                    "{0} answered {1} without an id",
                    channel,
                    status
                ),
                None,
            ),
        };
    }
    let provider_words = provider_reason(&body).unwrap_or_else(|| status.to_string());
    let reason = said!(
        key::SEND_REFUSED,
        "{0} refused the message: {1}",
        channel,
        provider_words
    );
    let telegram_wait = body
        .pointer("/parameters/retry_after")
        .and_then(serde_json::Value::as_u64)
        .map(Duration::from_secs);
    if status.as_u16() == 429 || status.is_server_error() {
        Outcome::Retry(reason, retry_after.or(telegram_wait))
    } else {
        Outcome::Refused(reason)
    }
}

/// The provider's own words: Graph `error.message` (with its code), Telegram `description`.
fn provider_reason(body: &serde_json::Value) -> Option<String> {
    if let Some(error) = body.get("error") {
        let message = error.get("message")?.as_str()?;
        return Some(
            match error.get("code").and_then(serde_json::Value::as_i64) {
                Some(code) => format!("{message} (code {code})"),
                None => message.to_owned(),
            },
        );
    }
    body.get("description")?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_reasons_are_read_from_each_providers_answer() {
        let graph_error = serde_json::json!({"error":{"message":"(#131026) Message undeliverable","code":131_026}});
        assert_eq!(
            provider_reason(&graph_error).as_deref(),
            Some("(#131026) Message undeliverable (code 131026)")
        );
        let flood = serde_json::json!({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}});
        assert_eq!(
            provider_reason(&flood).as_deref(),
            Some("Too Many Requests: retry after 3")
        );
    }

    #[test]
    fn files_go_as_what_each_channel_plays_inline_within_its_limits() {
        let kind = |channel, name: &str| OutboundFile::new(channel, name, "h", 1).kind;
        assert_eq!(kind(Channel::Whatsapp, "foto.JPG"), FileKind::Image);
        assert_eq!(kind(Channel::Whatsapp, "foto.webp"), FileKind::Document);
        assert_eq!(kind(Channel::Whatsapp, "nota.mp3"), FileKind::Audio);
        assert_eq!(kind(Channel::Whatsapp, "informe.pdf"), FileKind::Document);
        assert_eq!(kind(Channel::Telegram, "foto.webp"), FileKind::Image);
        assert_eq!(kind(Channel::Messenger, "clip.mov"), FileKind::Video);
        assert_eq!(kind(Channel::Messenger, "datos.xlsx"), FileKind::Document);
        assert_eq!(
            OutboundFile::new(Channel::Whatsapp, "sin-extension", "h", 1).mime,
            "application/octet-stream"
        );
        assert_eq!(
            provider(Channel::Whatsapp).file_limit(FileKind::Image),
            5 * 1024 * 1024
        );
        assert_eq!(
            provider(Channel::Telegram).file_limit(FileKind::Document),
            50 * 1024 * 1024
        );
    }
}
