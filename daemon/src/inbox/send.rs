//! Replies: an operator's text, file or WhatsApp template becomes a `queued` message and a
//! `channel.send` job in one commit; the job calls the provider (WhatsApp Cloud API, Messenger
//! Send API, Telegram Bot API), keeping the provider's pace ([`super::pace`]), and records the
//! provider's id, or `failed` with the provider's reason.
//!
//! WhatsApp and Messenger only take free text within 24 hours of the customer's last message
//! (providers.md §1–2): a send outside that window is refused before anything is queued, and
//! checked again when the job runs. Approved WhatsApp templates are what goes outside it. Retries follow the provider: 429 with `Retry-After` or
//! Telegram's `retry_after`, and 5xx, are retried with backoff; any other 4xx is final.

use std::sync::Arc;
use std::time::Duration;

use centralita_channels::DeliveryStatus;
use centralita_protocol::TenantId;
use jiff::{SignedDuration, Timestamp};

use super::pace::{Pacer, paces};
use super::{ChannelSecrets, QUEUE};
use crate::error::AreaError;
use crate::inbox::{ConversationRoute, Outbound};
use crate::queue::NewJob;
use crate::queue::{JobContext, JobError, Queue, handler};
use crate::store::{BlobHash, Store, WriteTxn};

/// The job kind that sends one message.
pub const SEND_KIND: &str = "channel.send";
/// The customer-service window of WhatsApp and Messenger.
const WINDOW: SignedDuration = SignedDuration::from_hours(24);
/// Longest text a send carries (WhatsApp's limit is 4,096; Telegram's 4,096).
pub const MAX_TEXT_CHARS: usize = 4_096;

/// Why a reply cannot go, said before anything is queued.
pub fn refuse_reason(route: &ConversationRoute, text: &str, now: Timestamp) -> Option<String> {
    let chars = text.chars().count();
    if text.trim().is_empty() {
        return Some("the message is empty".to_owned());
    }
    if chars > MAX_TEXT_CHARS {
        return Some(format!(
            "the message has {chars} characters; the limit is {MAX_TEXT_CHARS}"
        ));
    }
    window_closed(route, now)
}

/// `Some(reason)` when free text may not be sent on this conversation now.
fn window_closed(route: &ConversationRoute, now: Timestamp) -> Option<String> {
    if route.channel == "telegram" {
        return None;
    }
    match route.last_inbound_at {
        Some(at) if now.duration_since(at) < WINDOW => None,
        Some(at) => Some(format!(
            "the 24-hour window of this {} conversation closed at {} (24 h after the customer's last message); send an approved template instead",
            route.channel,
            at + WINDOW
        )),
        None => Some(format!(
            "the customer has not written on this {} conversation yet; only an approved template may open it",
            route.channel
        )),
    }
}

/// Queues a reply in `txn`: the message and its job. Returns the message id.
pub fn queue_reply(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    conversation: u64,
    text: &str,
) -> Result<u64, AreaError> {
    let route = txn.conversation_route(tenant, conversation)?;
    if let Some(reason) = refuse_reason(&route, text, txn.now()) {
        return Err(AreaError::Invalid(reason));
    }
    let outbound = Outbound {
        kind: "text",
        text: Some(text),
        media: None,
    };
    enqueue_send(txn, tenant, conversation, &outbound, serde_json::Map::new())
}

/// Adds the `queued` message and its send job; `extra` goes into the job's payload.
fn enqueue_send(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    conversation: u64,
    outbound: &Outbound<'_>,
    mut extra: serde_json::Map<String, serde_json::Value>,
) -> Result<u64, AreaError> {
    let message = txn.queue_outbound(
        tenant,
        conversation,
        outbound,
        DeliveryStatus::Queued.rank(),
    )?;
    extra.insert("conversation".to_owned(), conversation.into());
    extra.insert("message".to_owned(), message.into());
    txn.enqueue_job(&NewJob {
        tenant: tenant.clone(),
        queue: QUEUE.to_owned(),
        kind: SEND_KIND.to_owned(),
        payload: serde_json::Value::Object(extra),
        run_at: None,
        max_attempts: 8,
        unique_key: Some(format!("send:{tenant}:{message}")),
    })?;
    Ok(message)
}

/// A file an operator sends, stored as a blob before it is queued.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OutboundFile {
    /// `image`, `video`, `audio` or `document`: how the channel is asked to show it.
    pub kind: String,
    pub mime: String,
    pub name: String,
    pub blob: String,
    pub size: u64,
}

impl OutboundFile {
    /// Describes `bytes` named `name` (already stored as `blob`) for a send on `channel`.
    pub fn new(channel: &str, name: &str, blob: &str, size: u64) -> Self {
        let mime = mime_guess::from_path(name)
            .first_or_octet_stream()
            .essence_str()
            .to_owned();
        Self {
            kind: file_kind(channel, &mime).to_owned(),
            mime,
            name: name.to_owned(),
            blob: blob.to_owned(),
            size,
        }
    }
}

/// How `channel` shows a file of type `mime`: the types each provider plays inline, anything
/// else as a document.
fn file_kind(channel: &str, mime: &str) -> &'static str {
    let inline = match channel {
        // Cloud API supported media types.
        "whatsapp" => &[
            ("image", &["image/jpeg", "image/png"][..]),
            ("video", &["video/mp4", "video/3gpp"][..]),
            (
                "audio",
                &[
                    "audio/aac",
                    "audio/mp4",
                    "audio/mpeg",
                    "audio/amr",
                    "audio/ogg",
                ][..],
            ),
        ][..],
        "telegram" => &[
            ("image", &["image/jpeg", "image/png", "image/webp"][..]),
            ("video", &["video/mp4"][..]),
            ("audio", &["audio/mpeg", "audio/mp4", "audio/m4a"][..]),
        ][..],
        _ => &[][..],
    };
    if channel == "messenger" {
        return match mime.split('/').next() {
            Some("image") => "image",
            Some("video") => "video",
            Some("audio") => "audio",
            _ => "document",
        };
    }
    inline
        .iter()
        .find(|(_, types)| types.contains(&mime))
        .map_or("document", |(kind, _)| kind)
}

/// The largest file `channel` takes as `kind`, in bytes (Cloud API media limits, Messenger
/// attachments, Bot API uploads).
pub fn file_limit(channel: &str, kind: &str) -> u64 {
    const MB: u64 = 1024 * 1024;
    match (channel, kind) {
        ("whatsapp", "image") => 5 * MB,
        ("whatsapp", "video" | "audio") => 16 * MB,
        ("whatsapp", _) => 100 * MB,
        ("messenger", _) => 25 * MB,
        ("telegram", "image") => 10 * MB,
        _ => 50 * MB,
    }
}

/// Queues a file (already in the blob store) with an optional caption.
pub fn queue_file(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    conversation: u64,
    file: &OutboundFile,
    caption: Option<&str>,
) -> Result<u64, AreaError> {
    let route = txn.conversation_route(tenant, conversation)?;
    let caption = caption.map(str::trim).filter(|caption| !caption.is_empty());
    let limit = file_limit(&route.channel, &file.kind);
    let refused = if file.size == 0 {
        Some(format!("{} is empty", file.name))
    } else if file.size > limit {
        Some(format!(
            "{} is {} bytes; {} takes a {} of at most {limit} bytes",
            file.name, file.size, route.channel, file.kind
        ))
    } else if caption.is_some() && route.channel == "messenger" {
        Some("Messenger attachments carry no caption: send the text as its own message".to_owned())
    } else if caption.is_some() && file.kind == "audio" {
        Some("an audio file carries no caption: send the text as its own message".to_owned())
    } else if let Some(caption) = caption.filter(|caption| caption.chars().count() > 1024) {
        Some(format!(
            "the caption has {} characters; the limit is 1024",
            caption.chars().count()
        ))
    } else {
        window_closed(&route, txn.now())
    };
    if let Some(reason) = refused {
        return Err(AreaError::Invalid(reason));
    }
    let media = format!("blob:{} ({}, {} bytes)", file.blob, file.mime, file.size);
    let outbound = Outbound {
        kind: &file.kind,
        text: caption,
        media: Some(&media),
    };
    let mut extra = serde_json::Map::new();
    extra.insert(
        "file".to_owned(),
        serde_json::to_value(file).map_err(|error| AreaError::invalid(error.to_string()))?,
    );
    enqueue_send(txn, tenant, conversation, &outbound, extra)
}

/// Fills a WhatsApp template's `{{1}}`, `{{2}}`… with `values` in order.
fn fill_numbered(body: &str, values: &[String]) -> String {
    let mut text = body.to_owned();
    for (index, value) in values.iter().enumerate() {
        text = text.replace(&format!("{{{{{}}}}}", index + 1), value);
    }
    text
}

/// Queues an approved WhatsApp template with its variables; the 24-hour window does not apply.
pub fn queue_whatsapp_template(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    conversation: u64,
    (name, language): (&str, &str),
    variables: &[String],
) -> Result<u64, AreaError> {
    let route = txn.conversation_route(tenant, conversation)?;
    if route.channel != "whatsapp" {
        return Err(AreaError::Invalid(format!(
            "WhatsApp templates go on WhatsApp conversations; this one is on {}",
            route.channel
        )));
    }
    let template = txn.whatsapp_template(tenant, name, language)?;
    if template.status != "APPROVED" {
        return Err(AreaError::Invalid(format!(
            "WhatsApp template {name} ({language}) is {}{}: only an approved template can be sent",
            template.status,
            template
                .reason
                .as_deref()
                .map(|reason| format!(" ({reason})"))
                .unwrap_or_default()
        )));
    }
    if variables.len() != template.variables as usize {
        return Err(AreaError::Invalid(format!(
            "WhatsApp template {name} takes {} value(s), {} given",
            template.variables,
            variables.len()
        )));
    }
    if let Some(index) = variables.iter().position(|value| value.trim().is_empty()) {
        return Err(AreaError::Invalid(format!(
            "value {} for WhatsApp template {name} is empty (Meta refuses empty parameters)",
            index + 1
        )));
    }
    let text = template.body.as_deref().map_or_else(
        || format!("[template {name}]"),
        |body| fill_numbered(body, variables),
    );
    let outbound = Outbound {
        kind: "template",
        text: Some(&text),
        media: None,
    };
    let mut extra = serde_json::Map::new();
    extra.insert(
        "template".to_owned(),
        serde_json::json!({ "name": name, "language": language, "variables": variables }),
    );
    enqueue_send(txn, tenant, conversation, &outbound, extra)
}

/// The job kind that tells WhatsApp a customer's message was read.
pub const READ_KIND: &str = "channel.read";

/// Marks the conversation read in `txn` and, on WhatsApp, enqueues the read receipt.
pub fn mark_read(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    conversation: u64,
) -> Result<(), AreaError> {
    let Some(last_inbound) = txn.mark_conversation_read(tenant, conversation)? else {
        return Ok(());
    };
    if txn.conversation_route(tenant, conversation)?.channel == "whatsapp" {
        txn.enqueue_job(&NewJob {
            tenant: tenant.clone(),
            queue: QUEUE.to_owned(),
            kind: READ_KIND.to_owned(),
            payload: serde_json::json!({ "conversation": conversation, "message_id": last_inbound }),
            run_at: None,
            max_attempts: 4,
            unique_key: Some(format!("read:{tenant}:{last_inbound}")),
        })?;
    }
    Ok(())
}

/// The variables a reply template may use.
pub const TEMPLATE_VARIABLES: [&str; 3] = ["name", "first_name", "agent"];

/// Fills `{{name}}`, `{{first_name}}` and `{{agent}}` in `body`. An unknown variable or an
/// unclosed `{{` is an error naming it, so a template never goes out half-filled.
pub fn render(body: &str, name: Option<&str>, agent: &str) -> Result<String, String> {
    let name = name.unwrap_or("");
    let first_name = name.split_whitespace().next().unwrap_or("");
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or_else(|| {
            format!(
                "unclosed {{{{ in the template near {:?}",
                &rest[start..].chars().take(20).collect::<String>()
            )
        })?;
        let value = match after[..end].trim() {
            "name" => name,
            "first_name" => first_name,
            "agent" => agent,
            other => {
                return Err(format!(
                    "unknown template variable {{{{{other}}}}}: use {}",
                    TEMPLATE_VARIABLES
                        .map(|variable| format!("{{{{{variable}}}}}"))
                        .join(", ")
                ));
            }
        };
        out.push_str(value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Queues a reply made from the reply template `name`, filled for this conversation.
pub fn queue_template_reply(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    conversation: u64,
    name: &str,
    agent: &str,
) -> Result<u64, AreaError> {
    let template = txn.reply_template(tenant, name)?;
    let channel = txn.conversation_route(tenant, conversation)?.channel;
    if !template.channels.is_empty() && !template.channels.contains(&channel) {
        return Err(AreaError::Invalid(format!(
            "reply template {name:?} is for {}, not {channel}",
            template.channels.join(", ")
        )));
    }
    let contact = txn.conversation_contact_name(tenant, conversation)?;
    let text = render(&template.body, contact.as_deref(), agent).map_err(AreaError::Invalid)?;
    queue_reply(txn, tenant, conversation, &text)
}

/// Registers the `channel.send` and `channel.read` handlers.
pub fn register(queue: &Queue, store: &Store, secrets: &Arc<ChannelSecrets>) {
    let pacer = Arc::new(Pacer::default());
    let sender = Sender {
        store: store.clone(),
        secrets: Arc::clone(secrets),
        http: crate::http::client(),
        pacer,
    };
    queue.register(
        SEND_KIND,
        handler(move |context| {
            let sender = sender.clone();
            async move { sender.run(context).await }
        }),
    );
    super::register_job(queue, READ_KIND, store, secrets, run_read_receipt);
}

/// Sends WhatsApp's read receipt for a customer's message (blue ticks on their phone).
async fn run_read_receipt(
    context: JobContext,
    store: Store,
    secrets: Arc<ChannelSecrets>,
    http: reqwest::Client,
) -> Result<(), JobError> {
    let conversation = context
        .payload
        .get("conversation")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| JobError::permanent("payload has no conversation"))?;
    let message_id = context
        .payload
        .get("message_id")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| JobError::permanent("payload has no message_id"))?
        .to_owned();
    let tenant = context.tenant.clone();
    let route = {
        let tenant = tenant.clone();
        store
            .write(move |txn| txn.conversation_route(&tenant, conversation))
            .await
            .map_err(|error: AreaError| JobError::retryable(error.to_string()))?
    };
    let meta = secrets
        .meta("whatsapp", &tenant)
        .ok_or_else(|| JobError::permanent("no whatsapp settings for this tenant"))?;
    let token = meta
        .access_token
        .as_ref()
        .ok_or_else(|| JobError::permanent("no whatsapp access token for this tenant"))?;
    let response = http
        .post(format!("{}/{}/messages", meta.api_base, route.account))
        .bearer_auth(token.expose())
        .json(&serde_json::json!({ "messaging_product": "whatsapp", "status": "read", "message_id": message_id }))
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .map_err(|error| JobError::retryable(format!("whatsapp read receipt: {}", error.without_url())))?;
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else if status.as_u16() == 429 || status.is_server_error() {
        Err(JobError::retryable(format!(
            "whatsapp read receipt answered {status}"
        )))
    } else {
        Err(JobError::permanent(format!(
            "whatsapp read receipt answered {status}"
        )))
    }
}

/// What a provider said about one send.
enum Outcome {
    Sent(String),
    /// Worth trying again after at least this long.
    Retry(String, Option<Duration>),
    Refused(String),
}

/// What one send carries.
enum Content {
    Text(String),
    File {
        file: OutboundFile,
        bytes: Vec<u8>,
        caption: Option<String>,
    },
    Template {
        name: String,
        language: String,
        variables: Vec<String>,
    },
}

/// Waits shorter than this are slept inside the job; longer ones put the job back.
const SLEEP_AT_MOST: Duration = Duration::from_secs(1);

/// Everything the send job needs.
#[derive(Clone)]
struct Sender {
    store: Store,
    secrets: Arc<ChannelSecrets>,
    http: reqwest::Client,
    pacer: Arc<Pacer>,
}

impl Sender {
    async fn run(self, context: JobContext) -> Result<(), JobError> {
        let id = |name: &str| {
            context
                .payload
                .get(name)
                .and_then(serde_json::Value::as_u64)
                .ok_or_else(|| JobError::permanent(format!("payload has no {name}")))
        };
        let (conversation, message) = (id("conversation")?, id("message")?);
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
                .map_err(|error: AreaError| JobError::retryable(error.to_string()))?
        };
        if status != DeliveryStatus::Queued.as_str() {
            // Sent or failed already (a repeated job after a crash): nothing to do.
            return Ok(());
        }
        let carried = self.content(&context.payload, text).await?;
        let outcome = match (&carried, window_closed(&route, now)) {
            (Content::Template { .. }, _) | (_, None) => {
                self.pace(&route).await?;
                deliver(&self.http, &self.secrets, &tenant, &route, &carried).await
            }
            (_, Some(reason)) => Outcome::Refused(reason),
        };
        let last_attempt = context.attempt >= context.max_attempts;
        let (record, result) = match outcome {
            Outcome::Sent(provider_id) => (Ok(provider_id), Ok(())),
            Outcome::Retry(reason, after) if !last_attempt => {
                return Err(JobError::Retryable {
                    message: reason,
                    retry_after: after,
                });
            }
            Outcome::Retry(reason, _) | Outcome::Refused(reason) => {
                (Err(reason.clone()), Err(JobError::permanent(reason)))
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
            .map_err(|error: AreaError| JobError::retryable(error.to_string()))?;
        result
    }

    /// The send's content: the message's text, or the file or template the payload names.
    async fn content(
        &self,
        payload: &serde_json::Value,
        text: Option<String>,
    ) -> Result<Content, JobError> {
        if let Some(file) = payload.get("file") {
            let file: OutboundFile = serde_json::from_value(file.clone())
                .map_err(|error| JobError::permanent(format!("payload file: {error}")))?;
            let hash = BlobHash::parse(&file.blob)
                .ok_or_else(|| JobError::permanent(format!("bad blob hash {}", file.blob)))?;
            let bytes = self
                .store
                .get_blob(hash)
                .await
                .map_err(|error| JobError::permanent(format!("{}: {error}", file.name)))?;
            return Ok(Content::File {
                file,
                bytes,
                caption: text,
            });
        }
        if let Some(template) = payload.get("template") {
            let field = |name: &str| {
                template
                    .get(name)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| JobError::permanent(format!("payload template has no {name}")))
            };
            let variables = template
                .get("variables")
                .and_then(|values| serde_json::from_value(values.clone()).ok())
                .unwrap_or_default();
            return Ok(Content::Template {
                name: field("name")?,
                language: field("language")?,
                variables,
            });
        }
        Ok(Content::Text(text.unwrap_or_default()))
    }

    /// Waits for the provider's pace: briefly in place, else the job goes back to the queue
    /// (the attempt not counted).
    async fn pace(&self, route: &ConversationRoute) -> Result<(), JobError> {
        let paces = paces(&route.channel, &route.account, &route.chat);
        loop {
            match self.pacer.take(&paces, std::time::Instant::now()) {
                Ok(()) => return Ok(()),
                Err((wait, _)) if wait <= SLEEP_AT_MOST => tokio::time::sleep(wait).await,
                Err((wait, why)) => return Err(JobError::later(why, wait)),
            }
        }
    }
}

/// A provider's address and token for a tenant, or why there is none.
fn endpoint<'a>(
    secrets: &'a ChannelSecrets,
    tenant: &TenantId,
    channel: &str,
) -> Result<(&'a str, &'a centralita_config::Secret), String> {
    let missing = || {
        format!(
            "no send token for {channel} in this tenant: set channels.{channel}.{tenant}.{} in the config",
            if channel == "telegram" {
                "bot_token"
            } else {
                "access_token"
            }
        )
    };
    match channel {
        "whatsapp" | "messenger" => {
            let meta = secrets.meta(channel, tenant).ok_or_else(missing)?;
            let token = meta.access_token.as_ref().ok_or_else(missing)?;
            Ok((meta.api_base.as_str(), token))
        }
        "telegram" => {
            let bot = secrets.telegram.get(tenant).ok_or_else(missing)?;
            let token = bot.bot_token.as_ref().ok_or_else(missing)?;
            Ok((bot.api_base.as_str(), token))
        }
        other => Err(format!("unknown channel {other}")),
    }
}

/// One send: the request for this channel and content, then the provider's answer.
async fn deliver(
    http: &reqwest::Client,
    secrets: &ChannelSecrets,
    tenant: &TenantId,
    route: &ConversationRoute,
    content: &Content,
) -> Outcome {
    let (base, token) = match endpoint(secrets, tenant, &route.channel) {
        Ok(endpoint) => endpoint,
        Err(reason) => return Outcome::Refused(reason),
    };
    let request = match route.channel.as_str() {
        "whatsapp" => {
            let body = match whatsapp_body(http, base, token, route, content).await {
                Ok(body) => body,
                Err(outcome) => return outcome,
            };
            http.post(format!("{base}/{}/messages", route.account))
                .bearer_auth(token.expose())
                .json(&body)
        }
        "messenger" => {
            // The Page's own edge (same as `me` with a Page token), so the Page is explicit.
            let url = format!("{base}/{}/messages", route.account);
            let request = http.post(url).bearer_auth(token.expose());
            match content {
                Content::Text(text) => request.json(&serde_json::json!({
                    "recipient": { "id": route.chat },
                    "messaging_type": "RESPONSE",
                    "message": { "text": text },
                })),
                Content::File { file, bytes, .. } => {
                    let kind = if file.kind == "document" {
                        "file"
                    } else {
                        file.kind.as_str()
                    };
                    let message = serde_json::json!({
                        "attachment": { "type": kind, "payload": { "is_reusable": false } }
                    });
                    let form = reqwest::multipart::Form::new()
                        .text(
                            "recipient",
                            serde_json::json!({ "id": route.chat }).to_string(),
                        )
                        .text("messaging_type", "RESPONSE")
                        .text("message", message.to_string())
                        .part("filedata", file_part(file, bytes));
                    request.multipart(form)
                }
                Content::Template { .. } => {
                    return Outcome::Refused("Messenger has no WhatsApp templates".to_owned());
                }
            }
        }
        _ => match telegram_request(http, base, token, route, content) {
            Ok(request) => request,
            Err(reason) => return Outcome::Refused(reason),
        },
    };
    answer(route, request).await
}

fn file_part(file: &OutboundFile, bytes: &[u8]) -> reqwest::multipart::Part {
    let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(file.name.clone());
    match part.mime_str(&file.mime) {
        Ok(part) => part,
        // `mime` comes from mime_guess, so it parses; keep the bytes either way.
        Err(_) => reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(file.name.clone()),
    }
}

/// The Cloud API message body; a file is uploaded first (`POST /{phone-number-id}/media`) and
/// sent by its media id.
async fn whatsapp_body(
    http: &reqwest::Client,
    base: &str,
    token: &centralita_config::Secret,
    route: &ConversationRoute,
    content: &Content,
) -> Result<serde_json::Value, Outcome> {
    let mut body = serde_json::json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": route.chat,
    });
    match content {
        Content::Text(text) => {
            body["type"] = "text".into();
            body["text"] = serde_json::json!({ "body": text, "preview_url": false });
        }
        Content::Template {
            name,
            language,
            variables,
        } => {
            let parameters: Vec<_> = variables
                .iter()
                .map(|value| serde_json::json!({ "type": "text", "text": value }))
                .collect();
            let mut template =
                serde_json::json!({ "name": name, "language": { "code": language } });
            if !parameters.is_empty() {
                template["components"] =
                    serde_json::json!([{ "type": "body", "parameters": parameters }]);
            }
            body["type"] = "template".into();
            body["template"] = template;
        }
        Content::File {
            file,
            bytes,
            caption,
        } => {
            let form = reqwest::multipart::Form::new()
                .text("messaging_product", "whatsapp")
                .text("type", file.mime.clone())
                .part("file", file_part(file, bytes));
            let request = http
                .post(format!("{base}/{}/media", route.account))
                .bearer_auth(token.expose())
                .multipart(form);
            let media_id = match answer(route, request).await {
                Outcome::Sent(id) => id,
                other => return Err(other),
            };
            let mut media = serde_json::json!({ "id": media_id });
            if let Some(caption) = caption {
                media["caption"] = caption.as_str().into();
            }
            if file.kind == "document" {
                media["filename"] = file.name.as_str().into();
            }
            body["type"] = file.kind.as_str().into();
            body[file.kind.as_str()] = media;
        }
    }
    Ok(body)
}

/// The Bot API call: `sendMessage`, or `sendPhoto` / `sendVideo` / `sendAudio` /
/// `sendDocument` as multipart.
fn telegram_request(
    http: &reqwest::Client,
    base: &str,
    token: &centralita_config::Secret,
    route: &ConversationRoute,
    content: &Content,
) -> Result<reqwest::RequestBuilder, String> {
    let url = |method: &str| format!("{base}/bot{}/{method}", token.expose());
    match content {
        Content::File {
            file,
            bytes,
            caption,
        } => {
            let (method, field) = match file.kind.as_str() {
                "image" => ("sendPhoto", "photo"),
                "video" => ("sendVideo", "video"),
                "audio" => ("sendAudio", "audio"),
                _ => ("sendDocument", "document"),
            };
            let mut form = reqwest::multipart::Form::new()
                .text("chat_id", route.chat.clone())
                .part(field, file_part(file, bytes));
            if let Some(caption) = caption {
                form = form.text("caption", caption.clone());
            }
            Ok(http.post(url(method)).multipart(form))
        }
        Content::Text(text) => Ok(http
            .post(url("sendMessage"))
            .json(&serde_json::json!({ "chat_id": route.chat, "text": text }))),
        Content::Template { .. } => Err("Telegram has no WhatsApp templates".to_owned()),
    }
}

/// Sends `request` and reads the provider's answer: its id for what was sent, or why not.
async fn answer(route: &ConversationRoute, request: reqwest::RequestBuilder) -> Outcome {
    let response = match request.timeout(Duration::from_mins(1)).send().await {
        Ok(response) => response,
        // Without the URL: a Telegram URL carries the bot token.
        Err(error) => {
            return Outcome::Retry(
                format!("{} did not answer: {}", route.channel, error.without_url()),
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
        return match provider_id(&route.channel, &route.chat, &body) {
            Some(id) => Outcome::Sent(id),
            None => Outcome::Retry(
                format!("{} answered {status} without an id", route.channel),
                None,
            ),
        };
    }
    let reason = provider_reason(&body).unwrap_or_else(|| status.to_string());
    let reason = format!("{} refused the message: {reason}", route.channel);
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

/// The provider's id of a sent message, as its status webhooks will name it.
fn provider_id(channel: &str, chat: &str, body: &serde_json::Value) -> Option<String> {
    match channel {
        // A message's wamid, or an uploaded file's media id.
        "whatsapp" => body
            .pointer("/messages/0/id")
            .or_else(|| body.get("id"))?
            .as_str()
            .map(str::to_owned),
        "messenger" => body.get("message_id")?.as_str().map(str::to_owned),
        "telegram" => {
            let id = body.pointer("/result/message_id")?.as_i64()?;
            Some(format!("{chat}:{id}"))
        }
        _ => None,
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

    fn route(channel: &str, last_inbound: Option<Timestamp>) -> ConversationRoute {
        ConversationRoute {
            channel: channel.to_owned(),
            account: "1".to_owned(),
            chat: "51987654321".to_owned(),
            last_inbound_at: last_inbound,
        }
    }

    #[test]
    fn free_text_goes_only_within_24_hours_of_the_customers_last_message() {
        let now = Timestamp::from_second(1_800_000_000).expect("valid");
        let hour = SignedDuration::from_hours(1);
        assert_eq!(
            refuse_reason(&route("whatsapp", Some(now - 23 * hour)), "hola", now),
            None
        );
        let closed =
            refuse_reason(&route("whatsapp", Some(now - 25 * hour)), "hola", now).expect("refused");
        assert!(closed.contains("template"), "{closed}");
        assert!(refuse_reason(&route("messenger", None), "hola", now).is_some());
        assert_eq!(refuse_reason(&route("telegram", None), "hola", now), None);
        assert!(refuse_reason(&route("telegram", None), "  ", now).is_some());
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        assert!(refuse_reason(&route("telegram", None), &long, now).is_some());
    }

    #[test]
    fn templates_fill_their_variables_and_refuse_unknown_ones() {
        assert_eq!(
            render(
                "Hola {{first_name}}, soy {{ agent }}.",
                Some("María Quispe"),
                "ana"
            )
            .as_deref(),
            Ok("Hola María, soy ana.")
        );
        assert_eq!(render("{{name}}!", None, "ana").as_deref(), Ok("!"));
        let unknown = render("{{apellido}}", Some("x"), "ana").expect_err("unknown");
        assert!(
            unknown.contains("apellido") && unknown.contains("{{first_name}}"),
            "{unknown}"
        );
        assert!(render("Hola {{name", Some("x"), "a").is_err());
        assert_eq!(
            render("sin variables", None, "a").as_deref(),
            Ok("sin variables")
        );
    }

    #[test]
    fn provider_ids_and_reasons_are_read_from_each_providers_answer() {
        let whatsapp =
            serde_json::json!({"messaging_product":"whatsapp","messages":[{"id":"wamid.A"}]});
        assert_eq!(
            provider_id("whatsapp", "x", &whatsapp).as_deref(),
            Some("wamid.A")
        );
        let telegram = serde_json::json!({"ok":true,"result":{"message_id":42}});
        assert_eq!(
            provider_id("telegram", "-100", &telegram).as_deref(),
            Some("-100:42")
        );
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
        let kind = |channel: &str, name: &str| OutboundFile::new(channel, name, "h", 1).kind;
        assert_eq!(kind("whatsapp", "foto.JPG"), "image");
        assert_eq!(kind("whatsapp", "foto.webp"), "document");
        assert_eq!(kind("whatsapp", "nota.mp3"), "audio");
        assert_eq!(kind("whatsapp", "informe.pdf"), "document");
        assert_eq!(kind("telegram", "foto.webp"), "image");
        assert_eq!(kind("messenger", "clip.mov"), "video");
        assert_eq!(kind("messenger", "datos.xlsx"), "document");
        assert_eq!(
            OutboundFile::new("whatsapp", "sin-extension", "h", 1).mime,
            "application/octet-stream"
        );
        assert_eq!(file_limit("whatsapp", "image"), 5 * 1024 * 1024);
        assert_eq!(file_limit("telegram", "document"), 50 * 1024 * 1024);
    }

    #[test]
    fn whatsapp_template_values_fill_their_numbers() {
        let values = ["María".to_owned(), "martes".to_owned()];
        assert_eq!(
            fill_numbered("Hola {{1}}, su cita es el {{2}}; {{1}}.", &values),
            "Hola María, su cita es el martes; María."
        );
    }
}
