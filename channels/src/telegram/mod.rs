//! Telegram Bot API webhook bodies (one `Update` per POST, providers.md §3) into [`Inbound`]
//! records.
//!
//! An update carries exactly one event next to its `update_id`:
//!
//! - `message`, `business_message`: an [`Inbound::Message`] in the chat `chat.id`, with
//!   `external_id` `<chat_id>:<message_id>`; messages in channels are [`Inbound::Ignored`]
//!   `telegram:<event>:channel`;
//! - `edited_message`, `edited_business_message`: kind [`MessageKind::Edit`] with the new text,
//!   `reply_to` the original's external id and `external_id` `<chat_id>:<message_id>:edit:<edit_date>`
//!   (so the dedupe key differs from the original's), sent at `edit_date`;
//! - `callback_query` (an inline keyboard button): kind [`MessageKind::Button`], `text` = `data`,
//!   `external_id` `callback_query:<id>`, `reply_to` the message the button was on;
//! - `message_reaction`: kind [`MessageKind::Reaction`], `text` = the emoji the user has on the
//!   message now, concatenated (`None` once all are removed; custom emoji have no text),
//!   `external_id` `<chat_id>:<message_id>:reaction:<user_id>:<date>`;
//! - anything else (`channel_post`, `edited_channel_post`, `inline_query`, `chat_member`,
//!   `my_chat_member`, `poll`, `poll_answer`, `chat_boost`, `business_connection`,
//!   `deleted_business_messages`, `guest_message`, …) is [`Inbound::Ignored`] `telegram:<event>`.
//!
//! Message content: `text`; `photo` (the size with the most pixels, then the biggest file) as
//! Image; `animation` and `video_note` as Video; `video`, `audio`, `voice`, `document`, `sticker`
//! by name; `venue` and `location` as Location; `contact` as Contacts; `poll`, `dice`, `game`,
//! `invoice`, `story`, `checklist`, `giveaway`, `web_app_data`, `users_shared`, `chat_shared` and
//! any content this crate does not know as [`MessageKind::Other`] named after the field. Service
//! messages (members joining, titles, pins, payments, forum topics, video chats, …) are
//! [`Inbound::Ignored`] `telegram:message:<field>`. Captions are the text of media.
//!
//! The payload does not say which bot received the update, so `account` is `""`. Callback
//! queries carry no date: `sent_at` is the date of the message the button was on, or the Unix
//! epoch when that is unknown (inline messages, inaccessible messages); the daemon should use
//! its receive time then.

use jiff::Timestamp;
use serde_json::Value;

use crate::content::Content;
use crate::json::{
    expect_object, float_at, id_at, int_at, seconds_at, shape, size_at, str_at, text_at,
};
use crate::{
    Channel, Inbound, InboundMessage, Location, MediaRef, MessageKind, ParseError, Sender,
    SharedContact, phone,
};

mod fields;

use fields::{MEDIA_FIELDS, METADATA_FIELDS, OTHER_FIELDS, SERVICE_FIELDS};

const PROVIDER: &str = "telegram";

/// Update fields read into records; any other field is ignored by name.
const HANDLED: [&str; 6] = [
    "message",
    "edited_message",
    "business_message",
    "edited_business_message",
    "callback_query",
    "message_reaction",
];

/// Parses one webhook POST body: the `update_id` (the dedupe key, providers.md §3) and its
/// records (one, in practice).
///
/// Errors: the body is not JSON ([`ParseError::Json`]); it has no integer `update_id`, or a
/// message lacks `message_id`, `chat.id` or `date`, a callback query lacks `id` or `from`, a
/// reaction lacks `chat.id`, `message_id` or `date` ([`ParseError::Shape`], with the path).
pub fn parse(body: &[u8]) -> Result<(i64, Vec<Inbound>), ParseError> {
    let root = crate::json::object_body(PROVIDER, body)?;
    let Some(update_id) = root.get("update_id").and_then(Value::as_i64) else {
        return Err(shape(PROVIDER, "body has no integer update_id"));
    };
    let Some((event, value)) = event_of(&root) else {
        return Ok((update_id, vec![ignored("empty")]));
    };
    let record = match event {
        "message" | "business_message" => read_message(value, event, false)?,
        "edited_message" | "edited_business_message" => read_message(value, event, true)?,
        "callback_query" => read_callback(value)?,
        "message_reaction" => read_reaction(value)?,
        other => ignored(other),
    };
    Ok((update_id, vec![record]))
}

/// The event field of an update: a handled one first, else the first other non-null field.
fn event_of(root: &Value) -> Option<(&str, &Value)> {
    let fields = root.as_object()?;
    HANDLED
        .iter()
        .find_map(|name| {
            fields
                .get_key_value(*name)
                .filter(|(_, value)| !value.is_null())
        })
        .or_else(|| {
            fields
                .iter()
                .find(|(name, value)| name.as_str() != "update_id" && !value.is_null())
        })
        .map(|(name, value)| (name.as_str(), value))
}

fn read_message(message: &Value, path: &str, edited: bool) -> Result<Inbound, ParseError> {
    expect_object(PROVIDER, message, path)?;
    let Some(message_id) = int_at(message, "message_id") else {
        return Err(shape(PROVIDER, &format!("{path} has no message_id")));
    };
    let chat = message.get("chat").unwrap_or(&Value::Null);
    let Some(chat_id) = id_at(chat, "id") else {
        return Err(shape(PROVIDER, &format!("{path}.chat has no id")));
    };
    let Some(date) = seconds_at(message, "date") else {
        return Err(shape(PROVIDER, &format!("{path} has no date")));
    };
    if str_at(chat, "type") == Some("channel") {
        return Ok(ignored(&format!("{path}:channel")));
    }
    let content = match read_content(message) {
        Found::Content(content) => content,
        Found::Service(field) => return Ok(ignored(&format!("message:{field}"))),
    };
    let from = message.get("from").filter(|from| from.is_object());
    let mut sender = match (from, message.get("sender_chat")) {
        (Some(from), _) => user(from),
        (None, Some(sender_chat)) if id_at(sender_chat, "id").is_some() => chat_sender(sender_chat),
        _ => chat_sender(chat),
    };
    if let Some(contact) = message.get("contact")
        && id_at(contact, "user_id").is_some_and(|user_id| user_id == sender.id)
    {
        // The user shared their own contact (a `request_contact` button): that proves the phone.
        sender.phone = str_at(contact, "phone_number").and_then(|raw| phone::normalize(raw, None));
    }
    let from_business = from.is_some_and(|from| from.get("is_bot") == Some(&Value::Bool(true)))
        || message.get("sender_business_bot").is_some();
    let own_id = format!("{chat_id}:{message_id}");
    let (external_id, sent_at, kind, reply_to) = if edited {
        let edited_at = seconds_at(message, "edit_date").unwrap_or(date);
        (
            format!("{own_id}:edit:{}", edited_at.as_second()),
            edited_at,
            MessageKind::Edit,
            Some(own_id),
        )
    } else {
        (own_id, date, content.kind, reply_target(message, &chat_id))
    };
    Ok(Inbound::Message(InboundMessage {
        channel: Channel::Telegram,
        account: String::new(),
        external_id,
        sender,
        chat: chat_id,
        sent_at,
        kind,
        text: content.text,
        media: content.media,
        location: content.location,
        contacts: content.contacts,
        reply_to,
        from_business,
    }))
}

/// The message this one replies to. In forum topics every message points at the topic's first
/// message (fixture `message_topic.json`): that is the topic, not a reply.
fn reply_target(message: &Value, chat_id: &str) -> Option<String> {
    let replied_id = int_at(message.get("reply_to_message")?, "message_id")?;
    let in_topic = message.get("is_topic_message") == Some(&Value::Bool(true));
    if in_topic && int_at(message, "message_thread_id") == Some(replied_id) {
        return None;
    }
    Some(format!("{chat_id}:{replied_id}"))
}

fn read_callback(query: &Value) -> Result<Inbound, ParseError> {
    let path = "callback_query";
    expect_object(PROVIDER, query, path)?;
    let Some(query_id) = id_at(query, "id") else {
        return Err(shape(PROVIDER, &format!("{path} has no id")));
    };
    let Some(from) = query.get("from").filter(|from| from.is_object()) else {
        return Err(shape(PROVIDER, &format!("{path} has no from")));
    };
    let sender = user(from);
    let message = query.get("message").filter(|message| message.is_object());
    // Inline-mode callbacks have no message; the private chat with a user has the user's id.
    let chat = message
        .and_then(|message| message.get("chat"))
        .and_then(|chat| id_at(chat, "id"))
        .unwrap_or_else(|| sender.id.clone());
    let reply_to = message
        .and_then(|message| int_at(message, "message_id"))
        .map(|message_id| format!("{chat}:{message_id}"));
    let sent_at = message
        .and_then(|message| seconds_at(message, "date"))
        .unwrap_or(Timestamp::UNIX_EPOCH);
    Ok(Inbound::Message(InboundMessage {
        channel: Channel::Telegram,
        account: String::new(),
        external_id: format!("{path}:{query_id}"),
        from_business: from.get("is_bot") == Some(&Value::Bool(true)),
        sender,
        chat,
        sent_at,
        kind: MessageKind::Button,
        text: text_at(query, "data").or_else(|| text_at(query, "game_short_name")),
        media: None,
        location: None,
        contacts: Vec::new(),
        reply_to,
    }))
}

fn read_reaction(reaction: &Value) -> Result<Inbound, ParseError> {
    let path = "message_reaction";
    expect_object(PROVIDER, reaction, path)?;
    let chat = reaction.get("chat").unwrap_or(&Value::Null);
    let Some(chat_id) = id_at(chat, "id") else {
        return Err(shape(PROVIDER, &format!("{path}.chat has no id")));
    };
    let Some(message_id) = int_at(reaction, "message_id") else {
        return Err(shape(PROVIDER, &format!("{path} has no message_id")));
    };
    let Some(date) = seconds_at(reaction, "date") else {
        return Err(shape(PROVIDER, &format!("{path} has no date")));
    };
    let sender = match (reaction.get("user"), reaction.get("actor_chat")) {
        (Some(user_value), _) if id_at(user_value, "id").is_some() => user(user_value),
        (_, Some(actor)) if id_at(actor, "id").is_some() => chat_sender(actor),
        _ => chat_sender(chat),
    };
    let emoji: String = reaction
        .get("new_reaction")
        .and_then(Value::as_array)
        .map(|reactions| {
            reactions
                .iter()
                .filter(|item| str_at(item, "type") == Some("emoji"))
                .filter_map(|item| str_at(item, "emoji"))
                .collect()
        })
        .unwrap_or_default();
    Ok(Inbound::Message(InboundMessage {
        channel: Channel::Telegram,
        account: String::new(),
        external_id: format!(
            "{chat_id}:{message_id}:reaction:{}:{}",
            sender.id,
            date.as_second()
        ),
        from_business: reaction
            .get("user")
            .is_some_and(|user_value| user_value.get("is_bot") == Some(&Value::Bool(true))),
        sender,
        reply_to: Some(format!("{chat_id}:{message_id}")),
        chat: chat_id,
        sent_at: date,
        kind: MessageKind::Reaction,
        text: (!emoji.is_empty()).then_some(emoji),
        media: None,
        location: None,
        contacts: Vec::new(),
    }))
}

/// What a message holds.
#[allow(clippy::large_enum_variant)] // Lives for one function call.
enum Found {
    Content(Content),
    /// A service message, named by its field.
    Service(&'static str),
}

fn read_content(message: &Value) -> Found {
    let present = |field: &str| message.get(field).filter(|value| !value.is_null());
    if present("text").is_some() {
        return Found::Content(Content::new(MessageKind::Text).with_text(text_at(message, "text")));
    }
    if let Some(sizes) = present("photo").and_then(Value::as_array) {
        let mut content = Content::new(MessageKind::Image).with_text(text_at(message, "caption"));
        content.media = largest_photo(sizes).and_then(media);
        return Found::Content(content);
    }
    for (field, kind) in &MEDIA_FIELDS {
        if let Some(file) = present(field) {
            let mut content = Content::new(kind.clone()).with_text(text_at(message, "caption"));
            content.media = media(file);
            return Found::Content(content);
        }
    }
    if let Some(venue) = present("venue") {
        let mut content = Content::new(MessageKind::Location);
        content.location = venue
            .get("location")
            .and_then(|point| location(point, text_at(venue, "title"), text_at(venue, "address")));
        return Found::Content(content);
    }
    if let Some(point) = present("location") {
        let mut content = Content::new(MessageKind::Location);
        content.location = location(point, None, None);
        return Found::Content(content);
    }
    if let Some(contact) = present("contact") {
        let mut content = Content::new(MessageKind::Contacts);
        content.contacts = vec![SharedContact {
            name: full_name(contact),
            phones: text_at(contact, "phone_number").into_iter().collect(),
        }];
        return Found::Content(content);
    }
    for (field, text_field) in OTHER_FIELDS {
        if let Some(value) = present(field) {
            let text = text_field
                .and_then(|text_field| text_at(value, text_field))
                .or_else(|| text_at(message, "caption"));
            return Found::Content(
                Content::new(MessageKind::Other(field.to_owned())).with_text(text),
            );
        }
    }
    if let Some(field) = SERVICE_FIELDS.iter().find(|field| present(field).is_some()) {
        return Found::Service(field);
    }
    // Content this crate does not know yet: keep it, named after its field.
    let unknown = message.as_object().and_then(|fields| {
        fields
            .iter()
            .find(|(name, value)| !value.is_null() && !METADATA_FIELDS.contains(&name.as_str()))
    });
    let kind = unknown.map_or(MessageKind::Unsupported, |(name, _)| {
        MessageKind::Other(name.clone())
    });
    Found::Content(Content::new(kind).with_text(text_at(message, "caption")))
}

/// The size with the most pixels; among equals, the biggest file, then the last listed.
fn largest_photo(sizes: &[Value]) -> Option<&Value> {
    sizes
        .iter()
        .filter(|size| str_at(size, "file_id").is_some())
        .max_by_key(|size| {
            let width = size_at(size, "width").unwrap_or(0);
            let height = size_at(size, "height").unwrap_or(0);
            (
                u128::from(width) * u128::from(height),
                size_at(size, "file_size").unwrap_or(0),
            )
        })
}

fn media(file: &Value) -> Option<MediaRef> {
    Some(MediaRef {
        id: text_at(file, "file_id")?,
        mime_type: text_at(file, "mime_type"),
        sha256: None,
        file_name: text_at(file, "file_name"),
        file_size: size_at(file, "file_size"),
    })
}

fn location(point: &Value, name: Option<String>, address: Option<String>) -> Option<Location> {
    Some(Location {
        latitude: float_at(point, "latitude")?,
        longitude: float_at(point, "longitude")?,
        name,
        address,
    })
}

/// A Telegram `User` as the customer.
fn user(user_value: &Value) -> Sender {
    Sender {
        id: id_at(user_value, "id").unwrap_or_default(),
        name: full_name(user_value),
        phone: None,
        language: text_at(user_value, "language_code"),
    }
}

/// A `Chat` speaking as itself (anonymous admins, channels, reactions of a chat).
fn chat_sender(chat: &Value) -> Sender {
    Sender {
        id: id_at(chat, "id").unwrap_or_default(),
        name: text_at(chat, "title").or_else(|| full_name(chat)),
        phone: None,
        language: None,
    }
}

/// `first_name last_name`, whichever are there.
fn full_name(value: &Value) -> Option<String> {
    let parts: Vec<String> = ["first_name", "last_name"]
        .iter()
        .filter_map(|key| text_at(value, key))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn ignored(what: &str) -> Inbound {
    Inbound::Ignored {
        kind: format!("{PROVIDER}:{what}"),
    }
}

#[cfg(test)]
mod tests;
