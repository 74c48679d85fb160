//! What the business sends, checked and queued: an operator's text, quick reply, file or
//! approved WhatsApp template becomes a `queued` message and a [`SendMessage`] job in one
//! commit (the job is in `send.rs`). A send the provider would refuse is refused here first,
//! with the reason: an empty or too long text, a file over the channel's limit, a caption the
//! channel does not carry, or the 24-hour window of WhatsApp and Messenger (providers.md §1–2),
//! outside which only approved WhatsApp templates go.

use centralita_channels::{Channel, DeliveryStatus};
use centralita_protocol::{ConversationId, MessageId, TenantId};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::providers::{OutboundFile, provider};
use super::send::{ReadReceipt, SendMessage};
use super::{ConversationRoute, Outbound};
use crate::error::{AreaError, Said, said};
use crate::store::{ReadTxn, WriteTxn};
use centralita_protocol::said as key;

/// The customer-service window of WhatsApp and Messenger.
const WINDOW: SignedDuration = SignedDuration::from_hours(24);
/// Longest text a send carries (WhatsApp's limit is 4,096; Telegram's 4,096).
pub const MAX_TEXT_CHARS: usize = 4_096;
/// Longest caption under a file.
const MAX_CAPTION_CHARS: usize = 1_024;

/// The variables a quick reply may use.
pub const REPLY_VARIABLES: [&str; 3] = ["name", "first_name", "agent"];

/// An approved WhatsApp template to send, with its numbered values in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateSend {
    pub name: String,
    pub language: String,
    #[serde(default)]
    pub variables: Vec<String>,
}

/// Why a text reply cannot go, said before anything is queued.
pub fn refuse_reason(route: &ConversationRoute, text: &str, now: Timestamp) -> Option<Said> {
    let chars = text.chars().count();
    if text.trim().is_empty() {
        return Some(said!(key::MESSAGE_EMPTY, "the message is empty"));
    }
    if chars > MAX_TEXT_CHARS {
        return Some(said!(
            key::MESSAGE_TOO_LONG,
            "the message has {0} characters; the limit is {1}",
            chars,
            MAX_TEXT_CHARS
        ));
    }
    window_closed(route, now)
}

/// `Some(reason)` when free text and files may not be sent on this conversation now.
pub fn window_closed(route: &ConversationRoute, now: Timestamp) -> Option<Said> {
    if !provider(route.channel).has_window() {
        return None;
    }
    match route.last_inbound_at {
        Some(at) if now.duration_since(at) < WINDOW => None,
        Some(at) => Some(said!(
            key::WINDOW_CLOSED,
            "the 24-hour window of this {0} conversation closed at {1} (24 h after the customer's last message); send an approved template instead",
            route.channel,
            at + WINDOW
        )),
        None => Some(said!(
            key::WINDOW_NOT_OPEN,
            "the customer has not written on this {0} conversation yet; only an approved template may open it",
            route.channel
        )),
    }
}

/// Queues a text reply in `txn`: the message and its job. Returns the message id.
pub fn queue_reply(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    conversation: ConversationId,
    text: &str,
) -> Result<MessageId, AreaError> {
    let route = txn.conversation_route(tenant, conversation)?;
    if let Some(reason) = refuse_reason(&route, text, txn.now()) {
        return Err(reason.invalid());
    }
    let outbound = Outbound {
        kind: "text",
        text: Some(text),
        media: None,
    };
    enqueue_send(txn, tenant, conversation, &outbound, None, None)
}

/// Queues a reply made from the quick reply `name`, filled for this conversation.
pub fn queue_quick_reply(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    conversation: ConversationId,
    name: &str,
    agent: &str,
) -> Result<MessageId, AreaError> {
    let reply = txn.quick_reply(tenant, name)?;
    let channel = txn.conversation_route(tenant, conversation)?.channel;
    let contact = txn.conversation_contact_name(tenant, conversation)?;
    let agent = txn.agent_name(tenant, agent)?;
    let text = fill(&reply, channel.as_str(), contact.as_deref(), &agent)?;
    queue_reply(txn, tenant, conversation, &text)
}

/// Quick reply `name` filled for `conversation` as `user` would send it, sending nothing:
/// the same filling as [`queue_quick_reply`], so what is previewed is what goes out.
pub fn preview_quick_reply(
    txn: &ReadTxn,
    tenant: &TenantId,
    conversation: ConversationId,
    name: &str,
    user: &str,
) -> Result<String, AreaError> {
    let reply = txn.quick_reply_named(tenant, name)?;
    let summary = txn.conversation_summary(tenant, conversation)?;
    let agent = txn.agent_name(tenant, user)?;
    fill(
        &reply,
        &summary.channel,
        summary.contact_name.as_deref(),
        &agent,
    )
}

/// A quick reply's body for a conversation on `channel`: refused on a channel it is not
/// for, else its variables filled.
fn fill(
    reply: &super::replies::ReplyRecord,
    channel: &str,
    contact: Option<&str>,
    agent: &str,
) -> Result<String, AreaError> {
    if !reply.channels.is_empty() && !reply.channels.iter().any(|allowed| allowed == channel) {
        return Err(said!(
            key::QUICK_REPLY_CHANNEL,
            "quick reply {0} is for {1}, not {2}",
            format!("{:?}", reply.name),
            reply.channels.join(", "),
            channel
        )
        .invalid());
    }
    render(&reply.body, contact, agent).map_err(Said::invalid)
}

/// Queues a file (already in the blob store) with an optional caption.
pub fn queue_file(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    conversation: ConversationId,
    file: &OutboundFile,
    caption: Option<&str>,
) -> Result<MessageId, AreaError> {
    let route = txn.conversation_route(tenant, conversation)?;
    let caption = caption.map(str::trim).filter(|caption| !caption.is_empty());
    let provider = provider(route.channel);
    let limit = provider.file_limit(file.kind);
    let refused = if file.size == 0 {
        Some(said!(key::FILE_EMPTY, "{0} is empty", file.name).invalid())
    } else if file.size > limit {
        Some(
            said!(
                key::FILE_TOO_LARGE,
                "{0} is {1} bytes; {2} takes a {3} of at most {4} bytes",
                file.name,
                file.size,
                route.channel,
                file.kind.as_str(),
                limit
            )
            .invalid(),
        )
    } else if let Some(reason) = caption.and(provider.refuses_caption(file.kind)) {
        Some(reason.invalid())
    } else if let Some(caption) =
        caption.filter(|caption| caption.chars().count() > MAX_CAPTION_CHARS)
    {
        Some(
            said!(
                key::CAPTION_TOO_LONG,
                "the caption has {0} characters; the limit is {1}",
                caption.chars().count(),
                MAX_CAPTION_CHARS
            )
            .invalid(),
        )
    } else {
        window_closed(&route, txn.now()).map(Said::invalid)
    };
    if let Some(refusal) = refused {
        return Err(refusal);
    }
    let media = format!("blob:{} ({}, {} bytes)", file.blob, file.mime, file.size);
    let outbound = Outbound {
        kind: file.kind.as_str(),
        text: caption,
        media: Some(&media),
    };
    enqueue_send(
        txn,
        tenant,
        conversation,
        &outbound,
        Some(file.clone()),
        None,
    )
}

/// Queues an approved WhatsApp template with its variables; the 24-hour window does not apply.
pub fn queue_whatsapp_template(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    conversation: ConversationId,
    send: &TemplateSend,
) -> Result<MessageId, AreaError> {
    let route = txn.conversation_route(tenant, conversation)?;
    if route.channel != Channel::Whatsapp {
        return Err(said!(
            key::WHATSAPP_TEMPLATE_CHANNEL,
            "WhatsApp templates go on WhatsApp conversations; this one is on {0}",
            route.channel
        )
        .invalid());
    }
    let (name, language, variables) = (&send.name, &send.language, &send.variables);
    let template = txn.whatsapp_template(tenant, name, language)?;
    if template.status != "APPROVED" {
        let status = match template.reason.as_deref() {
            Some(reason) => format!("{} ({reason})", template.status),
            None => template.status.clone(),
        };
        return Err(said!(
            key::WHATSAPP_TEMPLATE_NOT_APPROVED,
            "WhatsApp template {0} ({1}) is {2}: only an approved template can be sent",
            name,
            language,
            status
        )
        .invalid());
    }
    if variables.len() != template.variables as usize {
        return Err(said!(
            key::WHATSAPP_TEMPLATE_VALUES,
            "WhatsApp template {0} takes {1} value(s), {2} given",
            name,
            template.variables,
            variables.len()
        )
        .invalid());
    }
    if let Some(index) = variables.iter().position(|value| value.trim().is_empty()) {
        return Err(said!(
            key::WHATSAPP_TEMPLATE_VALUE_EMPTY,
            "value {0} for WhatsApp template {1} is empty (Meta refuses empty parameters)",
            index + 1,
            name
        )
        .invalid());
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
    enqueue_send(
        txn,
        tenant,
        conversation,
        &outbound,
        None,
        Some(send.clone()),
    )
}

/// Marks the conversation read in `txn` and, on WhatsApp, enqueues the read receipt.
pub fn mark_read(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    conversation: ConversationId,
) -> Result<(), AreaError> {
    let Some(last_inbound) = txn.mark_conversation_read(tenant, conversation)? else {
        return Ok(());
    };
    if txn.conversation_route(tenant, conversation)?.channel == Channel::Whatsapp {
        txn.enqueue(
            tenant,
            &ReadReceipt {
                conversation,
                message_id: last_inbound,
            },
        )?;
    }
    Ok(())
}

/// Fills `{{name}}`, `{{first_name}}` and `{{agent}}` in `body`. An unknown variable or an
/// unclosed `{{` is an error naming it, so a quick reply never goes out half-filled.
pub fn render(body: &str, name: Option<&str>, agent: &str) -> Result<String, Said> {
    let name = name.unwrap_or("");
    let first_name = name.split_whitespace().next().unwrap_or("");
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or_else(|| {
            said!(
                key::QUICK_REPLY_UNCLOSED,
                "unclosed {{{{ in the quick reply near {0}",
                format!("{:?}", rest[start..].chars().take(20).collect::<String>())
            )
        })?;
        let value = match after[..end].trim() {
            "name" => name,
            "first_name" => first_name,
            "agent" => agent,
            other => {
                return Err(said!(
                    key::QUICK_REPLY_UNKNOWN_VARIABLE,
                    "unknown quick reply variable {0}: use {1}",
                    format!("{{{{{other}}}}}"),
                    REPLY_VARIABLES
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

/// Adds the `queued` message and its send job, carrying the file or template it sends.
fn enqueue_send(
    txn: &mut WriteTxn<'_>,
    tenant: &TenantId,
    conversation: ConversationId,
    outbound: &Outbound<'_>,
    file: Option<OutboundFile>,
    template: Option<TemplateSend>,
) -> Result<MessageId, AreaError> {
    let message = txn.queue_outbound(
        tenant,
        conversation,
        outbound,
        DeliveryStatus::Queued.rank(),
    )?;
    txn.enqueue(
        tenant,
        &SendMessage {
            conversation,
            message,
            file,
            template,
        },
    )?;
    Ok(message)
}

/// Fills a WhatsApp template's `{{1}}`, `{{2}}`… with `values` in order.
fn fill_numbered(body: &str, values: &[String]) -> String {
    let mut text = body.to_owned();
    for (index, value) in values.iter().enumerate() {
        text = text.replace(&format!("{{{{{}}}}}", index + 1), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(channel: Channel, last_inbound: Option<Timestamp>) -> ConversationRoute {
        ConversationRoute {
            channel,
            account: "1".to_owned(),
            chat: "51987654321".to_owned(),
            last_inbound_at: last_inbound,
        }
    }

    #[test]
    fn free_text_goes_only_within_24_hours_of_the_customers_last_message() {
        let now = Timestamp::from_second(1_800_000_000).expect("valid");
        let hour = SignedDuration::from_hours(1);
        let whatsapp = |at| route(Channel::Whatsapp, at);
        assert_eq!(
            refuse_reason(&whatsapp(Some(now - 23 * hour)), "hola", now),
            None
        );
        let closed = refuse_reason(&whatsapp(Some(now - 25 * hour)), "hola", now).expect("refused");
        assert!(closed.text.contains("template"), "{closed}");
        assert_eq!(closed.key, key::WINDOW_CLOSED);
        assert!(refuse_reason(&route(Channel::Messenger, None), "hola", now).is_some());
        let telegram = route(Channel::Telegram, None);
        assert_eq!(refuse_reason(&telegram, "hola", now), None);
        assert!(refuse_reason(&telegram, "  ", now).is_some());
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        assert!(refuse_reason(&telegram, &long, now).is_some());
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
            unknown.text.contains("apellido") && unknown.text.contains("{{first_name}}"),
            "{unknown}"
        );
        assert!(render("Hola {{name", Some("x"), "a").is_err());
        assert_eq!(
            render("sin variables", None, "a").as_deref(),
            Ok("sin variables")
        );
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
