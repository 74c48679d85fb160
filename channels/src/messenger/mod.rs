//! Messenger Platform webhook bodies (`{"object":"page","entry":[{"id","time","messaging":[…]}]}`,
//! providers.md §2) into [`Inbound`] records.
//!
//! Each `messaging[]` event is read by the field it carries:
//!
//! - `message`: an [`Inbound::Message`] with `external_id` = `mid`, `account` = the Page id
//!   (`entry[].id`) and `chat` = the customer's PSID. With `is_echo` (`message_echoes`, the Page
//!   wrote it) the customer is the `recipient` and `from_business` is set. The first attachment
//!   is the media (its `payload.url` is the [`MediaRef::id`]): `image` → Image (Sticker when the
//!   message has a `sticker_id`), `video`, `audio`, `file` → Document, legacy `location` →
//!   Location, other types → Other(type). A `quick_reply` makes it a Button. `reply_to.mid`
//!   fills `reply_to`;
//! - `postback`: kind Postback, `text` = `title`; `external_id` = the postback's `mid`, or
//!   `postback:<psid>:<timestamp ms>` when it has none;
//! - `reaction`: kind Reaction, `text` = the emoji (`None` on `unreact`), `reply_to` = the
//!   reacted `mid`, `external_id` = `<mid>:reaction:<psid>:<timestamp ms>`;
//! - `message_edit`: kind Edit, `text` = the new text, `reply_to` = the `mid`,
//!   `external_id` = `<mid>:edit:<num_edit>`;
//! - `delivery`: one [`Inbound::Status`] `delivered` per `mids[]` item, at the event's
//!   `timestamp` (else the `watermark`, else the entry's `time`), `recipient` = the PSID. A
//!   delivery without `mids` only has a watermark: an [`Inbound::Watermark`] `delivered`;
//! - `read`: an [`Inbound::Watermark`] `read`. A read receipt names no message, only a time
//!   before which everything sent to that customer was read; the daemon applies it to the
//!   messages it sent. A watermark receipt without a watermark or a sender is
//!   [`Inbound::Ignored`] `messenger:read_watermark` / `messenger:delivery_watermark`;
//! - anything else (`optin`, `referral`, `account_linking`, `pass_thread_control`, …) is
//!   [`Inbound::Ignored`] `messenger:<field>` (`messenger:empty_event` when it has no field);
//!   entries with `standby` or `changes` instead of `messaging` are `messenger:standby` /
//!   `messenger:changes`, entries with none of them `messenger:entry_without_messaging`.
//!
//! Message, postback, reaction and edit events take their time from `timestamp`, else from the
//! entry's `time`.
//!
//! Messenger timestamps are Unix milliseconds. Payloads carry no names: `sender.name` is `None`.

use jiff::Timestamp;
use serde_json::Value;

use crate::json::{
    array_at, expect_object, float_at, id_at, int_at, millis_at, shape, str_at, text_at,
};
use crate::{
    Channel, DeliveryStatus, Inbound, InboundMessage, Location, MediaRef, MessageKind, ParseError,
    Sender, StatusUpdate, Watermark,
};

const PROVIDER: &str = "messenger";

/// Parses one webhook POST body into its records, in body order.
///
/// A body whose `object` is not `page` (`instagram`, `user`, …) is one [`Inbound::Ignored`]
/// `messenger:object:<object>`. Errors: the body is not JSON ([`ParseError::Json`]); it has no
/// `object` or `entry[]`, an entry has no `id`, or a message, postback, reaction or edit lacks
/// its `mid`, the customer's id or a timestamp ([`ParseError::Shape`], with the path).
pub fn parse(body: &[u8]) -> Result<Vec<Inbound>, ParseError> {
    crate::meta::read_entries(PROVIDER, "page", body, read_entry)
}

/// One `entry[]` item: its `messaging[]` events.
fn read_entry(
    entry: &Value,
    entry_path: &str,
    records: &mut Vec<Inbound>,
) -> Result<(), ParseError> {
    let Some(account) = id_at(entry, "id") else {
        return Err(shape(PROVIDER, &format!("{entry_path} has no id")));
    };
    if entry.get("messaging").is_none() {
        let other = ["standby", "changes"]
            .into_iter()
            .find(|field| entry.get(*field).is_some())
            .unwrap_or("entry_without_messaging");
        records.push(ignored(other));
        return Ok(());
    }
    let page = Page {
        account,
        time: millis_at(entry, "time"),
    };
    for (index, event) in array_at(PROVIDER, entry, "messaging", entry_path)?
        .iter()
        .enumerate()
    {
        let path = format!("{entry_path}.messaging[{index}]");
        read_event(&page, event, &path, records)?;
    }
    Ok(())
}

/// What every event of one entry shares.
struct Page {
    /// `entry[].id`, the Page id.
    account: String,
    /// `entry[].time`, for events without a timestamp of their own.
    time: Option<Timestamp>,
}

/// One `messaging[]` event, after the checks every kind shares.
struct Event<'a> {
    value: &'a Value,
    path: &'a str,
    sender: Option<String>,
    recipient: Option<String>,
    sent_at: Option<Timestamp>,
}

impl Event<'_> {
    fn sender(&self) -> Result<String, ParseError> {
        self.sender
            .clone()
            .ok_or_else(|| shape(PROVIDER, &format!("{} has no sender.id", self.path)))
    }

    fn sent_at(&self) -> Result<Timestamp, ParseError> {
        self.sent_at
            .ok_or_else(|| shape(PROVIDER, &format!("{} has no timestamp", self.path)))
    }

    /// The raw millisecond timestamp, for synthetic ids.
    fn millis(&self) -> i64 {
        int_at(self.value, "timestamp")
            .or_else(|| self.sent_at.map(Timestamp::as_millisecond))
            .unwrap_or(0)
    }
}

fn read_event(
    page: &Page,
    value: &Value,
    path: &str,
    records: &mut Vec<Inbound>,
) -> Result<(), ParseError> {
    expect_object(PROVIDER, value, path)?;
    let event = Event {
        value,
        path,
        sender: value.get("sender").and_then(|sender| id_at(sender, "id")),
        recipient: value
            .get("recipient")
            .and_then(|recipient| id_at(recipient, "id")),
        sent_at: millis_at(value, "timestamp").or(page.time),
    };
    let field = |name: &str| value.get(name).filter(|field| field.is_object());
    if let Some(message) = field("message") {
        records.push(read_message(page, &event, message)?);
    } else if let Some(postback) = field("postback") {
        let customer = event.sender()?;
        let external_id = id_at(postback, "mid")
            .unwrap_or_else(|| format!("postback:{customer}:{}", event.millis()));
        let mut record =
            message_record(page, &event, customer, external_id, MessageKind::Postback)?;
        record.text = text_at(postback, "title").or_else(|| text_at(postback, "payload"));
        records.push(Inbound::Message(record));
    } else if let Some(reaction) = field("reaction") {
        let Some(mid) = id_at(reaction, "mid") else {
            return Err(shape(PROVIDER, &format!("{path}.reaction has no mid")));
        };
        let customer = event.sender()?;
        let external_id = format!("{mid}:reaction:{customer}:{}", event.millis());
        let mut record =
            message_record(page, &event, customer, external_id, MessageKind::Reaction)?;
        if str_at(reaction, "action") != Some("unreact") {
            record.text = text_at(reaction, "emoji");
        }
        record.reply_to = Some(mid);
        records.push(Inbound::Message(record));
    } else if let Some(edit) = field("message_edit") {
        let Some(mid) = id_at(edit, "mid") else {
            return Err(shape(PROVIDER, &format!("{path}.message_edit has no mid")));
        };
        let customer = event.sender()?;
        let edition = int_at(edit, "num_edit").unwrap_or(0);
        let external_id = format!("{mid}:edit:{edition}");
        let mut record = message_record(page, &event, customer, external_id, MessageKind::Edit)?;
        record.text = text_at(edit, "text");
        record.reply_to = Some(mid);
        records.push(Inbound::Message(record));
    } else if let Some(delivery) = field("delivery") {
        read_delivery(page, &event, delivery, records);
    } else if let Some(read) = field("read") {
        records.push(watermark(
            page,
            &event,
            read,
            DeliveryStatus::Read,
            "read_watermark",
        ));
    } else {
        let name = value
            .as_object()
            .and_then(|fields| {
                fields
                    .keys()
                    .find(|name| !matches!(name.as_str(), "sender" | "recipient" | "timestamp"))
            })
            .map_or("empty_event", String::as_str);
        records.push(ignored(name));
    }
    Ok(())
}

fn read_message(page: &Page, event: &Event<'_>, message: &Value) -> Result<Inbound, ParseError> {
    let Some(mid) = id_at(message, "mid") else {
        return Err(shape(
            PROVIDER,
            &format!("{}.message has no mid", event.path),
        ));
    };
    let echo = message.get("is_echo") == Some(&Value::Bool(true));
    let customer = if echo {
        event
            .recipient
            .clone()
            .ok_or_else(|| shape(PROVIDER, &format!("{} has no recipient.id", event.path)))?
    } else {
        event.sender()?
    };
    let text = text_at(message, "text");
    let attachment = message
        .get("attachments")
        .and_then(Value::as_array)
        .and_then(|attachments| attachments.first());
    let kind = if message.get("quick_reply").is_some() {
        MessageKind::Button
    } else if let Some(attachment) = attachment {
        attachment_kind(message, attachment)
    } else if text.is_some() {
        MessageKind::Text
    } else {
        MessageKind::Unsupported
    };
    let quick_reply_payload = message
        .get("quick_reply")
        .and_then(|quick_reply| text_at(quick_reply, "payload"));
    let payload = attachment.and_then(|attachment| attachment.get("payload"));
    let media = payload
        .and_then(|payload| text_at(payload, "url"))
        .map(|url| MediaRef {
            id: url,
            mime_type: None,
            sha256: None,
            file_name: None,
            file_size: None,
        });
    let location = payload
        .and_then(|payload| payload.get("coordinates"))
        .and_then(|point| {
            Some(Location {
                latitude: float_at(point, "lat")?,
                longitude: float_at(point, "long")?,
                name: attachment.and_then(|attachment| text_at(attachment, "title")),
                address: None,
            })
        });
    let reply_to = message
        .get("reply_to")
        .and_then(|reply_to| id_at(reply_to, "mid"));
    let mut record = message_record(page, event, customer, mid, kind)?;
    record.text = text.or(quick_reply_payload);
    record.media = media;
    record.location = location;
    record.reply_to = reply_to;
    record.from_business = echo;
    Ok(Inbound::Message(record))
}

fn attachment_kind(message: &Value, attachment: &Value) -> MessageKind {
    let is_sticker = message.get("sticker_id").is_some()
        || attachment
            .get("payload")
            .is_some_and(|payload| payload.get("sticker_id").is_some());
    match str_at(attachment, "type").unwrap_or("unknown") {
        "image" if is_sticker => MessageKind::Sticker,
        "image" => MessageKind::Image,
        "video" => MessageKind::Video,
        "audio" => MessageKind::Audio,
        "file" => MessageKind::Document,
        "location" => MessageKind::Location,
        other => MessageKind::Other(other.to_owned()),
    }
}

fn read_delivery(page: &Page, event: &Event<'_>, delivery: &Value, records: &mut Vec<Inbound>) {
    let mids: Vec<String> = delivery
        .get("mids")
        .and_then(Value::as_array)
        .map(|mids| {
            mids.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let at = millis_at(event.value, "timestamp")
        .or_else(|| millis_at(delivery, "watermark"))
        .or(page.time);
    let Some(at) = at.filter(|_| !mids.is_empty()) else {
        records.push(watermark(
            page,
            event,
            delivery,
            DeliveryStatus::Delivered,
            "delivery_watermark",
        ));
        return;
    };
    records.extend(mids.into_iter().map(|mid| {
        Inbound::Status(StatusUpdate {
            channel: Channel::Messenger,
            account: page.account.clone(),
            external_id: mid,
            status: DeliveryStatus::Delivered,
            at,
            recipient: event.sender.clone(),
            error: None,
        })
    }));
}

/// A watermark receipt: everything sent to the customer up to `watermark` reached `status`.
/// Without a watermark or a customer it names nothing and is ignored as `name`.
fn watermark(
    page: &Page,
    event: &Event<'_>,
    receipt: &Value,
    status: DeliveryStatus,
    name: &str,
) -> Inbound {
    match (millis_at(receipt, "watermark"), &event.sender) {
        (Some(up_to), Some(chat)) => Inbound::Watermark(Watermark {
            channel: Channel::Messenger,
            account: page.account.clone(),
            chat: chat.clone(),
            status,
            up_to,
        }),
        _ => ignored(name),
    }
}

/// A message record with everything but the kind-specific fields filled in.
fn message_record(
    page: &Page,
    event: &Event<'_>,
    customer: String,
    external_id: String,
    kind: MessageKind,
) -> Result<InboundMessage, ParseError> {
    Ok(InboundMessage {
        channel: Channel::Messenger,
        account: page.account.clone(),
        external_id,
        sender: Sender {
            id: customer.clone(),
            name: None,
            phone: None,
            language: None,
        },
        chat: customer,
        sent_at: event.sent_at()?,
        kind,
        text: None,
        media: None,
        location: None,
        contacts: Vec::new(),
        reply_to: None,
        from_business: false,
    })
}

fn ignored(what: &str) -> Inbound {
    Inbound::Ignored {
        kind: format!("{PROVIDER}:{what}"),
    }
}

#[cfg(test)]
mod tests;
