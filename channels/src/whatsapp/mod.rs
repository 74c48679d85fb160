//! WhatsApp Cloud API webhook bodies (`{"object":"whatsapp_business_account","entry":[…]}`,
//! providers.md §1) into [`Inbound`] records.
//!
//! One POST may batch several entries, each with several changes; records come out in body
//! order (within one change: messages, echoes, statuses, then errors no status took). A change
//! is read by its `field`:
//!
//! - `messages`: `messages[]` become [`Inbound::Message`] (the profile name comes from the
//!   `contacts[]` item with the sender's wa_id; `sender.phone` is the wa_id in E.164),
//!   `statuses[]` become [`Inbound::Status`]; a change with neither is [`Inbound::Ignored`]
//!   `whatsapp:messages`;
//! - `smb_message_echoes` / `message_echoes`: messages the business sent from the WhatsApp
//!   Business app, as [`Inbound::Message`] with `from_business`; the customer is `to`, or `from`
//!   when `to` is the business's own display number (fixture `outgoing_message.json` has both);
//! - `message_template_status_update`, `message_template_components_update`,
//!   `template_category_update` (with a template name and language): [`Inbound::Template`];
//! - anything else (`account_update`, `calls`, `user_preferences`, …) is
//!   [`Inbound::Ignored`] `whatsapp:<field>`.
//!
//! Mapping choices, per message `type`:
//!
//! | type | kind | text | other fields |
//! |---|---|---|---|
//! | `text` | Text | `text.body` | |
//! | `image`, `video`, `document`, `sticker` | same name | caption | media |
//! | `audio` | Voice if `audio.voice`, else Audio | | media |
//! | `location` | Location | | location |
//! | `contacts` | Contacts | | contacts |
//! | `interactive` | Interactive | button/list reply title, flow `response_json`, call permission `response` | |
//! | `interactive` without its object | Unsupported | | |
//! | `button` (template quick reply) | Button | `button.text` | |
//! | `reaction` | Reaction | emoji, `None` when removed | `reply_to` = reacted message |
//! | `edit` | Edit | new body or caption | media of the new version, `reply_to` = original |
//! | `revoke` | Deleted | | `reply_to` = deleted message |
//! | `unsupported` | Unsupported | | |
//! | `system` (number or identity changed) | — | | [`Inbound::Ignored`] `whatsapp:system` |
//! | anything else (`order`, `request_welcome`, …) | Other(type) | its `text`, if any | |
//!
//! Every message's `context.id` (the message quoted or the button's message) fills `reply_to`
//! unless the type sets it. Statuses: `sent`, `delivered`, `read`, `failed` map one to one;
//! `played` (a voice note was played) counts as `read`; any other status is
//! [`Inbound::Ignored`] `whatsapp:status:<status>`. The first of a status's `errors[]` is its
//! [`ProviderError`]. Value-level `errors[]` (providers.md §1) have no message of their own: the
//! first one becomes the error of every `failed` status of the same change that has none, and
//! when no status takes them each one is [`Inbound::Ignored`] `whatsapp:error:<code>`.

use serde_json::Value;

use crate::content::Content;
use crate::json::{
    array_at, expect_object, float_at, id_at, required_array_at, seconds_at, shape, size_at,
    str_at, text_at,
};
use crate::{
    Channel, DeliveryStatus, Inbound, InboundMessage, Location, MediaRef, MessageKind, ParseError,
    ProviderError, Sender, SharedContact, StatusUpdate, TemplateUpdate, phone,
};

const PROVIDER: &str = "whatsapp";

/// Parses one webhook POST body into its records, in body order.
///
/// A body whose `object` is not `whatsapp_business_account` is one [`Inbound::Ignored`]
/// `whatsapp:object:<object>`. Errors: the body is not JSON ([`ParseError::Json`]); it has no
/// `object` or `entry[]`, an entry has no `changes[]`, a change has no `field` or `value`, a
/// messages change has no `metadata.phone_number_id`, or a message or status has no `id`,
/// `timestamp` (unix seconds), sender (`from`) or `status` ([`ParseError::Shape`], with the path).
pub fn parse(body: &[u8]) -> Result<Vec<Inbound>, ParseError> {
    crate::meta::read_entries(PROVIDER, "whatsapp_business_account", body, read_entry)
}

/// One `entry[]` item: its `changes[]`.
fn read_entry(
    entry: &Value,
    entry_path: &str,
    records: &mut Vec<Inbound>,
) -> Result<(), ParseError> {
    for (change_index, change) in required_array_at(PROVIDER, entry, "changes", entry_path)?
        .iter()
        .enumerate()
    {
        let change_path = format!("{entry_path}.changes[{change_index}]");
        if let Some(update) = template_update(entry, change) {
            records.push(Inbound::Template(update));
            continue;
        }
        read_change(change, &change_path, records)?;
    }
    Ok(())
}

/// A template change (`message_template_status_update`, `message_template_components_update`,
/// `template_category_update`) naming its template and language; any other change is `None`.
fn template_update(entry: &Value, change: &Value) -> Option<TemplateUpdate> {
    let field = str_at(change, "field")?;
    if !matches!(
        field,
        "message_template_status_update"
            | "message_template_components_update"
            | "template_category_update"
    ) {
        return None;
    }
    let value = change.get("value")?;
    let text = |key: &str| text_at(value, key);
    let reason = value
        .get("rejection_info")
        .and_then(|info| text_at(info, "reason"))
        .or_else(|| text("reason").filter(|reason| reason != "NONE"));
    Some(TemplateUpdate {
        name: text("message_template_name")?,
        language: text("message_template_language")?,
        status: text("event"),
        category: text("message_template_category").or_else(|| text("new_category")),
        body: text("message_template_element"),
        reason,
        at: seconds_at(entry, "time").unwrap_or(jiff::Timestamp::UNIX_EPOCH),
    })
}

/// What every message of one change shares.
struct Change<'a> {
    /// `metadata.phone_number_id`.
    account: String,
    /// `metadata.display_phone_number`, digits only, to tell the two sides of an echo apart.
    business_digits: String,
    /// `contacts[]`, for profile names.
    contacts: &'a [Value],
}

fn read_change(change: &Value, path: &str, records: &mut Vec<Inbound>) -> Result<(), ParseError> {
    expect_object(PROVIDER, change, path)?;
    let Some(field) = str_at(change, "field") else {
        return Err(shape(PROVIDER, &format!("{path} has no field")));
    };
    if !matches!(field, "messages" | "smb_message_echoes" | "message_echoes") {
        records.push(ignored(field));
        return Ok(());
    }
    let value_path = format!("{path}.value");
    let Some(value) = change.get("value").filter(|value| value.is_object()) else {
        return Err(shape(PROVIDER, &format!("{path} has no value")));
    };
    let metadata = value.get("metadata");
    let Some(account) = metadata.and_then(|metadata| id_at(metadata, "phone_number_id")) else {
        return Err(shape(
            PROVIDER,
            &format!("{value_path}.metadata has no phone_number_id"),
        ));
    };
    let business_digits = metadata
        .and_then(|metadata| str_at(metadata, "display_phone_number"))
        .map(digits)
        .unwrap_or_default();
    let context = Change {
        account,
        business_digits,
        contacts: array_at(PROVIDER, value, "contacts", &value_path)?,
    };
    let before = records.len();

    for (index, item) in array_at(PROVIDER, value, "messages", &value_path)?
        .iter()
        .enumerate()
    {
        let item_path = format!("{value_path}.messages[{index}]");
        records.push(read_message(&context, item, &item_path, false)?);
    }
    for (index, item) in array_at(PROVIDER, value, "message_echoes", &value_path)?
        .iter()
        .enumerate()
    {
        let item_path = format!("{value_path}.message_echoes[{index}]");
        records.push(read_message(&context, item, &item_path, true)?);
    }

    let value_errors: Vec<ProviderError> = array_at(PROVIDER, value, "errors", &value_path)?
        .iter()
        .filter_map(provider_error)
        .collect();
    let mut value_error_used = false;
    for (index, item) in array_at(PROVIDER, value, "statuses", &value_path)?
        .iter()
        .enumerate()
    {
        let item_path = format!("{value_path}.statuses[{index}]");
        let mut record = read_status(&context, item, &item_path)?;
        if let Inbound::Status(status) = &mut record
            && status.status == DeliveryStatus::Failed
            && status.error.is_none()
            && let Some(error) = value_errors.first()
        {
            status.error = Some(error.clone());
            value_error_used = true;
        }
        records.push(record);
    }
    if !value_error_used {
        records.extend(
            value_errors
                .iter()
                .map(|error| ignored(&format!("error:{}", error.code))),
        );
    }
    if records.len() == before {
        records.push(ignored(field));
    }
    Ok(())
}

fn read_message(
    change: &Change<'_>,
    item: &Value,
    path: &str,
    echo: bool,
) -> Result<Inbound, ParseError> {
    expect_object(PROVIDER, item, path)?;
    let Some(external_id) = id_at(item, "id") else {
        return Err(shape(PROVIDER, &format!("{path} has no id")));
    };
    let Some(sent_at) = seconds_at(item, "timestamp") else {
        return Err(shape(
            PROVIDER,
            &format!("{path} has no timestamp in unix seconds"),
        ));
    };
    let message_type = str_at(item, "type").unwrap_or("unsupported");
    if message_type == "system" {
        return Ok(ignored("system"));
    }
    let customer = if echo {
        echo_customer(change, item, path)?
    } else {
        match id_at(item, "from").or_else(|| id_at(item, "from_user_id")) {
            Some(from) => from,
            None => return Err(shape(PROVIDER, &format!("{path} has no from"))),
        }
    };
    let content = read_content(message_type, item, true);
    let reply_to = content
        .reply_to
        .or_else(|| item.get("context").and_then(|context| id_at(context, "id")));
    Ok(Inbound::Message(InboundMessage {
        channel: Channel::Whatsapp,
        account: change.account.clone(),
        external_id,
        sender: Sender {
            id: customer.clone(),
            name: profile_name(change.contacts, &customer),
            phone: phone::normalize(&customer, None),
            language: None,
        },
        // The conversation key is the customer's wa_id, whoever wrote the message.
        chat: customer,
        sent_at,
        kind: content.kind,
        text: content.text,
        media: content.media,
        location: content.location,
        contacts: content.contacts,
        reply_to,
        from_business: echo,
    }))
}

/// The customer of an echo is its `to`; pywa's fixtures also have echoes written the other way
/// round (`to` = the business's display number), so the side that is not the business wins.
fn echo_customer(change: &Change<'_>, item: &Value, path: &str) -> Result<String, ParseError> {
    let to = id_at(item, "to").or_else(|| id_at(item, "to_user_id"));
    let from = id_at(item, "from");
    let is_business =
        |id: &str| !change.business_digits.is_empty() && digits(id) == change.business_digits;
    match (to, from) {
        (Some(to), Some(from)) if is_business(&to) && !is_business(&from) => Ok(from),
        (Some(to), _) => Ok(to),
        (None, _) => Err(shape(PROVIDER, &format!("{path} has no to"))),
    }
}

/// The profile name of `contacts[]` whose `wa_id` (or `user_id`) is the customer's.
fn profile_name(contacts: &[Value], customer: &str) -> Option<String> {
    contacts
        .iter()
        .find(|contact| {
            str_at(contact, "wa_id") == Some(customer)
                || str_at(contact, "user_id") == Some(customer)
        })
        .and_then(|contact| contact.get("profile"))
        .and_then(|profile| text_at(profile, "name"))
}

/// Reads the object named by the message's `type`. `allow_edit` stops an edit inside an edit.
fn read_content(message_type: &str, item: &Value, allow_edit: bool) -> Content {
    let body = item.get(message_type).unwrap_or(&Value::Null);
    let media_kind = match message_type {
        "image" => Some(MessageKind::Image),
        "video" => Some(MessageKind::Video),
        "document" => Some(MessageKind::Document),
        "sticker" => Some(MessageKind::Sticker),
        "audio" if body.get("voice").and_then(Value::as_bool) == Some(true) => {
            Some(MessageKind::Voice)
        }
        "audio" => Some(MessageKind::Audio),
        "voice" => Some(MessageKind::Voice),
        _ => None,
    };
    if let Some(kind) = media_kind {
        let mut content = Content::new(kind).with_text(text_at(body, "caption"));
        content.media = media(body);
        return content;
    }
    match message_type {
        "text" => Content::new(MessageKind::Text).with_text(text_at(body, "body")),
        "location" => {
            let mut content = Content::new(MessageKind::Location);
            content.location = location(body);
            content
        }
        "contacts" => {
            let mut content = Content::new(MessageKind::Contacts);
            content.contacts = body
                .as_array()
                .map(|cards| cards.iter().map(shared_contact).collect())
                .unwrap_or_default();
            content
        }
        "interactive" if body.is_object() => {
            Content::new(MessageKind::Interactive).with_text(interactive_text(body))
        }
        "interactive" | "unsupported" => Content::new(MessageKind::Unsupported),
        "button" => Content::new(MessageKind::Button)
            .with_text(text_at(body, "text").or_else(|| text_at(body, "payload"))),
        "reaction" => {
            let mut content = Content::new(MessageKind::Reaction).with_text(text_at(body, "emoji"));
            content.reply_to = id_at(body, "message_id");
            content
        }
        "revoke" => {
            let mut content = Content::new(MessageKind::Deleted);
            content.reply_to = id_at(body, "original_message_id");
            content
        }
        "edit" if allow_edit => {
            let new_version = body.get("message").unwrap_or(&Value::Null);
            let new_type = str_at(new_version, "type").unwrap_or("unsupported");
            let mut content = read_content(new_type, new_version, false);
            content.kind = MessageKind::Edit;
            content.reply_to = id_at(body, "original_message_id");
            content
        }
        other => Content::new(MessageKind::Other(other.to_owned()))
            .with_text(text_at(body, "text").or_else(|| text_at(body, "body"))),
    }
}

/// The words of an interactive reply: what the customer saw and chose.
fn interactive_text(body: &Value) -> Option<String> {
    let reply_type = str_at(body, "type")?;
    let reply = body.get(reply_type)?;
    match reply_type {
        "button_reply" | "list_reply" => text_at(reply, "title").or_else(|| text_at(reply, "id")),
        // A flow's answers are the point of it; `body` is only the "Sent" label.
        "nfm_reply" => text_at(reply, "response_json").or_else(|| text_at(reply, "body")),
        "call_permission_reply" => text_at(reply, "response"),
        _ => text_at(reply, "title").or_else(|| text_at(reply, "body")),
    }
}

fn media(body: &Value) -> Option<MediaRef> {
    let id = id_at(body, "id").or_else(|| text_at(body, "url"))?;
    Some(MediaRef {
        id,
        mime_type: text_at(body, "mime_type"),
        sha256: text_at(body, "sha256"),
        file_name: text_at(body, "filename"),
        file_size: size_at(body, "file_size"),
    })
}

fn location(body: &Value) -> Option<Location> {
    Some(Location {
        latitude: float_at(body, "latitude")?,
        longitude: float_at(body, "longitude")?,
        name: text_at(body, "name"),
        address: text_at(body, "address"),
    })
}

fn shared_contact(card: &Value) -> SharedContact {
    let name = card.get("name").and_then(|name| {
        text_at(name, "formatted_name").or_else(|| {
            let parts: Vec<String> = ["first_name", "middle_name", "last_name"]
                .iter()
                .filter_map(|key| text_at(name, key))
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        })
    });
    let phones = card
        .get("phones")
        .and_then(Value::as_array)
        .map(|phones| {
            phones
                .iter()
                .filter_map(|entry| text_at(entry, "phone").or_else(|| id_at(entry, "wa_id")))
                .collect()
        })
        .unwrap_or_default();
    SharedContact { name, phones }
}

fn read_status(change: &Change<'_>, item: &Value, path: &str) -> Result<Inbound, ParseError> {
    expect_object(PROVIDER, item, path)?;
    let Some(external_id) = id_at(item, "id") else {
        return Err(shape(PROVIDER, &format!("{path} has no id")));
    };
    let Some(status_name) = str_at(item, "status") else {
        return Err(shape(PROVIDER, &format!("{path} has no status")));
    };
    let Some(at) = seconds_at(item, "timestamp") else {
        return Err(shape(
            PROVIDER,
            &format!("{path} has no timestamp in unix seconds"),
        ));
    };
    let status = match status_name.to_ascii_lowercase().as_str() {
        "queued" => DeliveryStatus::Queued,
        "sent" => DeliveryStatus::Sent,
        "delivered" => DeliveryStatus::Delivered,
        "read" | "played" => DeliveryStatus::Read,
        "failed" => DeliveryStatus::Failed,
        other => return Ok(ignored(&format!("status:{other}"))),
    };
    let error = item
        .get("errors")
        .and_then(Value::as_array)
        .and_then(|errors| errors.iter().find_map(provider_error));
    Ok(Inbound::Status(StatusUpdate {
        channel: Channel::Whatsapp,
        account: change.account.clone(),
        external_id,
        status,
        at,
        recipient: id_at(item, "recipient_id"),
        error,
    }))
}

/// One item of an `errors[]` array: `{code, title, message, error_data: {details}}`.
fn provider_error(error: &Value) -> Option<ProviderError> {
    if !error.is_object() {
        return None;
    }
    Some(ProviderError {
        code: id_at(error, "code").unwrap_or_default(),
        title: text_at(error, "title")
            .or_else(|| text_at(error, "message"))
            .unwrap_or_default(),
        detail: error
            .get("error_data")
            .and_then(|data| text_at(data, "details")),
    })
}

fn ignored(what: &str) -> Inbound {
    Inbound::Ignored {
        kind: format!("{PROVIDER}:{what}"),
    }
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests;
