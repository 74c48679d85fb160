//! The normalised records every provider parser produces.
//!
//! These types are plain data with serde derives: the daemon stores them, so renaming a field or
//! a variant is a breaking change of what is on disk.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A messaging provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// WhatsApp Business Cloud API.
    Whatsapp,
    /// Messenger Platform (Facebook Page messages).
    Messenger,
    /// Telegram Bot API.
    Telegram,
}

impl Channel {
    /// The lowercase name used in config, storage and [`Inbound::Ignored`] kinds:
    /// `whatsapp`, `messenger`, `telegram`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Whatsapp => "whatsapp",
            Self::Messenger => "messenger",
            Self::Telegram => "telegram",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// One record out of a webhook body.
// Boxing the message would save memory only for the short-lived `Ignored` records, and would
// make every consumer match through a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Inbound {
    /// A message in a conversation with a customer.
    Message(InboundMessage),
    /// A delivery receipt for a message the business sent.
    Status(StatusUpdate),
    /// Everything the business sent in one conversation up to a time reached a state
    /// (Messenger's `read` and mid-less `delivery` watermarks).
    Watermark(Watermark),
    /// Meta's news about one of the business's WhatsApp message templates.
    Template(TemplateUpdate),
    /// A valid event this crate does not turn into a record.
    Ignored {
        /// What it was, `<channel>:<what>`: `whatsapp:account_update`, `telegram:chat_member`,
        /// `messenger:read_watermark`, `telegram:message:new_chat_members` (a service message).
        kind: String,
    },
}

/// A message in a conversation with a customer, normalised across providers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboundMessage {
    /// Which provider it came from.
    pub channel: Channel,
    /// The business side: WhatsApp `phone_number_id`, Messenger Page id. Telegram updates do not
    /// say which bot received them, so it is `""` and the daemon fills it in from the webhook route.
    pub account: String,
    /// The provider's id of this message, the dedupe key: WhatsApp `wamid`, Messenger `mid`,
    /// Telegram `<chat_id>:<message_id>`. Events without an id of their own get a stable
    /// synthetic one, documented by each parser.
    pub external_id: String,
    /// The customer, also when [`from_business`](Self::from_business) is true.
    pub sender: Sender,
    /// The conversation key at the provider: WhatsApp wa_id, Messenger PSID, Telegram chat id.
    pub chat: String,
    /// When the provider says the message was sent (for edits: when it was edited).
    pub sent_at: Timestamp,
    /// What kind of message it is.
    pub kind: MessageKind,
    /// The words of it: body, caption, the title of the button or list row chosen, the reaction
    /// emoji (`None` when a reaction is removed), the new text of an edit, a postback's title.
    pub text: Option<String>,
    /// The attached file, if any.
    pub media: Option<MediaRef>,
    /// A shared location.
    pub location: Option<Location>,
    /// Shared contact cards.
    pub contacts: Vec<SharedContact>,
    /// The external id of the message this one replies to, reacts to, edits or deletes.
    pub reply_to: Option<String>,
    /// True when the business wrote it: Messenger `message_echoes`, WhatsApp `message_echoes`
    /// (messages sent from the WhatsApp Business app), Telegram messages sent by a bot.
    pub from_business: bool,
}

/// The customer side of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    /// The provider's id of the person: WhatsApp wa_id, Messenger PSID, Telegram user id.
    pub id: String,
    /// The display name, when the payload carries one (WhatsApp profile name, Telegram
    /// first and last name). Messenger payloads never do.
    pub name: Option<String>,
    /// The person's phone in E.164 (`+51987654321`), when the payload proves it: the WhatsApp
    /// wa_id, or a Telegram contact the user shared of themselves.
    pub phone: Option<String>,
    /// The person's language (Telegram `language_code`, an IETF tag such as `es` or `pt-br`).
    pub language: Option<String>,
}

/// What kind of message an [`InboundMessage`] is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// Plain text.
    Text,
    /// A picture.
    Image,
    /// A video, a Telegram animation (GIF) or video note.
    Video,
    /// An audio file.
    Audio,
    /// A voice note recorded in the app.
    Voice,
    /// Any other file.
    Document,
    /// A sticker.
    Sticker,
    /// A shared location or venue.
    Location,
    /// Shared contact cards.
    Contacts,
    /// A reply to an interactive message: WhatsApp button or list reply, flow answer.
    Interactive,
    /// A button pressed: WhatsApp template quick reply, Telegram inline keyboard callback,
    /// Messenger quick reply.
    Button,
    /// A reaction to another message (see [`InboundMessage::reply_to`]).
    Reaction,
    /// A new version of an earlier message (see [`InboundMessage::reply_to`]).
    Edit,
    /// The sender deleted an earlier message (see [`InboundMessage::reply_to`]).
    Deleted,
    /// A Messenger postback (a button of a template or the persistent menu).
    Postback,
    /// The provider says it cannot show this message (WhatsApp `unsupported`).
    Unsupported,
    /// A known message with no kind of its own here: `order`, `poll`, `dice`, `game`, …
    Other(String),
}

impl MessageKind {
    /// The snake_case name of the kind; for [`MessageKind::Other`], its own name.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Text => "text",
            Self::Image => "image",
            Self::Video => "video",
            Self::Audio => "audio",
            Self::Voice => "voice",
            Self::Document => "document",
            Self::Sticker => "sticker",
            Self::Location => "location",
            Self::Contacts => "contacts",
            Self::Interactive => "interactive",
            Self::Button => "button",
            Self::Reaction => "reaction",
            Self::Edit => "edit",
            Self::Deleted => "deleted",
            Self::Postback => "postback",
            Self::Unsupported => "unsupported",
            Self::Other(name) => name,
        }
    }
}

/// A file attached to a message, as the provider refers to it. Fetching it is the daemon's job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaRef {
    /// How to fetch it: the WhatsApp media id, the Telegram `file_id` (of the largest size, for
    /// photos), the Messenger attachment URL.
    pub id: String,
    /// The MIME type, when given.
    pub mime_type: Option<String>,
    /// The base64 SHA-256 WhatsApp gives, to verify the download.
    pub sha256: Option<String>,
    /// The original file name, when given.
    pub file_name: Option<String>,
    /// The size in bytes, when given (Telegram only).
    pub file_size: Option<u64>,
}

/// A shared location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Degrees north.
    pub latitude: f64,
    /// Degrees east.
    pub longitude: f64,
    /// The place's name, for a chosen place or venue.
    pub name: Option<String>,
    /// The place's address, for a chosen place or venue.
    pub address: Option<String>,
}

/// A contact card shared in a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedContact {
    /// The contact's formatted name.
    pub name: Option<String>,
    /// Phone numbers as written on the card (not normalised: the card may hold national
    /// numbers, see [`crate::phone::normalize`]).
    pub phones: Vec<String>,
}

/// A delivery receipt for a message the business sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusUpdate {
    /// Which provider it came from.
    pub channel: Channel,
    /// The business side, as in [`InboundMessage::account`].
    pub account: String,
    /// The provider's id of the message the receipt is about (WhatsApp `wamid`, Messenger `mid`).
    pub external_id: String,
    /// The state reported.
    pub status: DeliveryStatus,
    /// When the provider says the state was reached.
    pub at: Timestamp,
    /// Who the message went to (wa_id, PSID), when given.
    pub recipient: Option<String>,
    /// Why it failed, for [`DeliveryStatus::Failed`] (and any other receipt carrying an error).
    pub error: Option<ProviderError>,
}

/// Every message the business sent to `chat` up to `up_to` reached `status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Watermark {
    /// Which provider it came from.
    pub channel: Channel,
    /// The business side (Messenger Page id).
    pub account: String,
    /// The customer (PSID).
    pub chat: String,
    /// [`DeliveryStatus::Delivered`] or [`DeliveryStatus::Read`].
    pub status: DeliveryStatus,
    /// The watermark: messages sent at or before it.
    pub up_to: Timestamp,
}

/// A WhatsApp template's status, body or category as Meta reports them
/// (`message_template_status_update`, `message_template_components_update`,
/// `template_category_update`); fields the event does not carry are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateUpdate {
    /// The template's name.
    pub name: String,
    /// Meta's language code (`es`, `en_US`).
    pub language: String,
    /// `APPROVED`, `REJECTED`, `PENDING`, `PAUSED`, `DISABLED`, … (the `event`).
    pub status: Option<String>,
    /// `UTILITY`, `MARKETING`, `AUTHENTICATION`.
    pub category: Option<String>,
    /// The body text with its `{{n}}` variables (`message_template_element`).
    pub body: Option<String>,
    /// Why it was rejected or paused: `rejection_info.reason`, else `reason` unless `NONE`.
    pub reason: Option<String>,
    /// The entry's `time`.
    pub at: Timestamp,
}

/// The delivery state of an outgoing message, in the order states are reached.
///
/// Receipts arrive out of order (`read` before `delivered`), so a store keeps the furthest state
/// and only replaces it when [`DeliveryStatus::advances_to`] says so (providers.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Accepted by us, not yet by the provider.
    Queued,
    /// Accepted by the provider.
    Sent,
    /// On the customer's device.
    Delivered,
    /// Seen by the customer (WhatsApp `played`, for voice notes, counts as read).
    Read,
    /// The provider gave up.
    Failed,
}

impl DeliveryStatus {
    /// The position in the order states are reached: queued 0, sent 1, delivered 2, read 3,
    /// failed 4. Whenever [`advances_to`](Self::advances_to) allows a step, the rank grows.
    pub fn rank(self) -> u8 {
        match self {
            Self::Queued => 0,
            Self::Sent => 1,
            Self::Delivered => 2,
            Self::Read => 3,
            Self::Failed => 4,
        }
    }

    /// Whether a receipt saying `next` may replace the stored `self`. States never go back
    /// (a late `delivered` leaves `read` alone) and never repeat (`false` for the same state);
    /// `failed` replaces only `queued` and `sent`, because a message already delivered or read
    /// did reach the customer; nothing replaces `failed`.
    pub fn advances_to(self, next: DeliveryStatus) -> bool {
        match (self, next) {
            (Self::Failed, _) => false,
            (_, Self::Failed) => matches!(self, Self::Queued | Self::Sent),
            _ => next.rank() > self.rank(),
        }
    }

    /// The lowercase name: `queued`, `sent`, `delivered`, `read`, `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Failed => "failed",
        }
    }
}

impl fmt::Display for DeliveryStatus {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// An error the provider reported about a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderError {
    /// The provider's code, as a string (`"131047"`).
    pub code: String,
    /// The short description (`"Re-engagement message"`).
    pub title: String,
    /// The longer explanation, when given (WhatsApp `error_data.details`).
    pub detail: Option<String>,
}

/// Why a webhook body could not be parsed. Unknown event or message types are never an error.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The body is not JSON.
    #[error("not JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line of the problem (0 for a body that ended too early).
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong, without the position.
        message: String,
    },
    /// The body is JSON but not shaped like the provider's payload; the text names the provider
    /// and the path: `whatsapp: entry[0].changes[1].value.messages[0] has no id`.
    #[error("{0}")]
    Shape(String),
}

impl From<serde_json::Error> for ParseError {
    fn from(error: serde_json::Error) -> Self {
        let (line, column) = (error.line(), error.column());
        let full = error.to_string();
        let suffix = format!(" at line {line} column {column}");
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        Self::Json {
            line,
            column,
            message,
        }
    }
}

#[cfg(test)]
mod tests;
