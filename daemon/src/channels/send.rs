//! Replies: an operator's text becomes a `queued` message and a `channel.send` job in one
//! commit; the job calls the provider (WhatsApp Cloud API, Messenger Send API, Telegram
//! sendMessage) and records the provider's id, or `failed` with the provider's reason.
//!
//! WhatsApp and Messenger only take free text within 24 hours of the customer's last message
//! (providers.md §1–2): a send outside that window is refused before anything is queued, and
//! checked again when the job runs. Retries follow the provider: 429 with `Retry-After` or
//! Telegram's `retry_after`, and 5xx, are retried with backoff; any other 4xx is final.

use std::sync::Arc;
use std::time::Duration;

use centralita_channels::DeliveryStatus;
use centralita_protocol::TenantId;
use jiff::{SignedDuration, Timestamp};

use super::{ChannelSecrets, QUEUE};
use crate::queue::{JobContext, JobError, Queue, handler};
use crate::store::{ConversationRoute, NewJob, Store, StoreError, WriteTxn};

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
) -> Result<u64, StoreError> {
    let route = txn.conversation_route(tenant, conversation)?;
    if let Some(reason) = refuse_reason(&route, text, txn.now()) {
        return Err(StoreError::Invalid(reason));
    }
    let message = txn.queue_outbound(tenant, conversation, text, DeliveryStatus::Queued.rank())?;
    txn.enqueue_job(&NewJob {
        tenant: tenant.clone(),
        queue: QUEUE.to_owned(),
        kind: SEND_KIND.to_owned(),
        payload: serde_json::json!({ "conversation": conversation, "message": message }),
        run_at: None,
        max_attempts: 8,
        unique_key: Some(format!("send:{tenant}:{message}")),
    })?;
    Ok(message)
}

/// The job kind that tells WhatsApp a customer's message was read.
pub const READ_KIND: &str = "channel.read";

/// Marks the conversation read in `txn` and, on WhatsApp, enqueues the read receipt.
pub fn mark_read(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    conversation: u64,
) -> Result<(), StoreError> {
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
) -> Result<u64, StoreError> {
    let template = txn.reply_template(tenant, name)?;
    let channel = txn.conversation_route(tenant, conversation)?.channel;
    if !template.channels.is_empty() && !template.channels.contains(&channel) {
        return Err(StoreError::Invalid(format!(
            "reply template {name:?} is for {}, not {channel}",
            template.channels.join(", ")
        )));
    }
    let contact = txn.conversation_contact_name(tenant, conversation)?;
    let text = render(&template.body, contact.as_deref(), agent).map_err(StoreError::Invalid)?;
    queue_reply(txn, tenant, conversation, &text)
}

/// Registers the `channel.send` and `channel.read` handlers.
pub fn register(queue: &Queue, store: Store, secrets: Arc<ChannelSecrets>) {
    let http = crate::http::client();
    {
        let (store, secrets, http) = (store.clone(), Arc::clone(&secrets), http.clone());
        queue.register(
            SEND_KIND,
            handler(move |context| {
                let (store, secrets, http) = (store.clone(), Arc::clone(&secrets), http.clone());
                async move { run_send(context, store, secrets, http).await }
            }),
        );
    }
    queue.register(
        READ_KIND,
        handler(move |context| {
            let (store, secrets, http) = (store.clone(), Arc::clone(&secrets), http.clone());
            async move { run_read_receipt(context, store, secrets, http).await }
        }),
    );
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
            .map_err(|error| JobError::retryable(error.to_string()))?
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

async fn run_send(
    context: JobContext,
    store: Store,
    secrets: Arc<ChannelSecrets>,
    http: reqwest::Client,
) -> Result<(), JobError> {
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
        store
            .write(move |txn| {
                Ok((
                    txn.conversation_route(&tenant, conversation)?,
                    txn.outbound_message(&tenant, conversation, message)?,
                    txn.now(),
                ))
            })
            .await
            .map_err(|error| JobError::retryable(error.to_string()))?
    };
    if status != DeliveryStatus::Queued.as_str() {
        // Sent or failed already (a repeated job after a crash): nothing to do.
        return Ok(());
    }
    let text = text.unwrap_or_default();
    let outcome = match window_closed(&route, now) {
        Some(reason) => Outcome::Refused(reason),
        None => deliver(&http, &secrets, &tenant, &route, &text).await,
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
    store
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
        .map_err(|error| JobError::retryable(error.to_string()))?;
    result
}

/// One provider call.
async fn deliver(
    http: &reqwest::Client,
    secrets: &ChannelSecrets,
    tenant: &TenantId,
    route: &ConversationRoute,
    text: &str,
) -> Outcome {
    let no_token = |channel: &str| {
        Outcome::Refused(format!(
            "no send token for {channel} in this tenant: set channels.{channel}.{tenant}.{} in the config",
            if channel == "telegram" {
                "bot_token"
            } else {
                "access_token"
            }
        ))
    };
    let request = match route.channel.as_str() {
        "whatsapp" | "messenger" => {
            let Some(meta) = secrets.meta(&route.channel, tenant) else {
                return no_token(&route.channel);
            };
            let Some(token) = &meta.access_token else {
                return no_token(&route.channel);
            };
            let (url, body) = if route.channel == "whatsapp" {
                (
                    format!("{}/{}/messages", meta.api_base, route.account),
                    serde_json::json!({
                        "messaging_product": "whatsapp",
                        "recipient_type": "individual",
                        "to": route.chat,
                        "type": "text",
                        "text": { "body": text, "preview_url": false },
                    }),
                )
            } else {
                (
                    format!("{}/me/messages", meta.api_base),
                    serde_json::json!({
                        "recipient": { "id": route.chat },
                        "messaging_type": "RESPONSE",
                        "message": { "text": text },
                    }),
                )
            };
            http.post(url).bearer_auth(token.expose()).json(&body)
        }
        "telegram" => {
            let Some(bot) = secrets.telegram.get(tenant) else {
                return no_token("telegram");
            };
            let Some(token) = &bot.bot_token else {
                return no_token("telegram");
            };
            http.post(format!(
                "{}/bot{}/sendMessage",
                bot.api_base,
                token.expose()
            ))
            .json(&serde_json::json!({ "chat_id": route.chat, "text": text }))
        }
        other => return Outcome::Refused(format!("unknown channel {other}")),
    };
    let response = match request.timeout(Duration::from_secs(30)).send().await {
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
                format!("{} answered {status} without a message id", route.channel),
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
        "whatsapp" => body.pointer("/messages/0/id")?.as_str().map(str::to_owned),
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
}
