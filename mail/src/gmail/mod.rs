//! Gmail API (REST v1) answers that a mailbox sync reads, as serde types, with one parsing
//! function per call (`providers.md` §5).
//!
//! - [`parse_message_list`]: `users.messages.list`, a page of message ids.
//! - [`parse_message`]: `users.messages.get`; with `format=raw` the message bytes come from
//!   [`Message::raw_bytes`] (base64url, padded or not). Other formats parse too: `raw` is
//!   then absent and `payload` is ignored.
//! - [`parse_history_list`]: `users.history.list`, the messages added since a history id.
//! - [`parse_label_list`], [`parse_profile`]: `users.labels.list`, `users.getProfile`.
//! - [`parse_error`] and [`GoogleError::classify`]: an error answer and what it means for the
//!   caller (rate limit, history too old, authorisation, …).
//!
//! Unknown fields are ignored, because Google adds fields; missing lists are empty. Google
//! writes 64-bit numbers as JSON strings (`"historyId": "694232"`); [`HistoryId`] and
//! [`Message::internal_date`] accept both forms. The HTTP calls themselves are the daemon's.

mod error;
mod raw;

#[cfg(test)]
mod tests;

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use error::{Call, ErrorClass, ErrorDetail, GoogleError, parse_error};
pub use raw::decode_base64url;

/// A Gmail message id (`"151e0bf2c42e466a"`), not the RFC 5322 `Message-ID`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MessageId(pub String);

/// A Gmail thread id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ThreadId(pub String);

/// A label id: a system label (`"INBOX"`, `"SENT"`) or a user one (`"Label_12"`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LabelId(pub String);

/// A mailbox history id: it only grows, so the newest one seen is where the next
/// incremental sync starts. Serialised as a string, as Google does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HistoryId(pub u64);

/// Why a Gmail answer could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GmailError {
    /// The body is not the JSON this call answers with.
    #[error("{call} answer: {source}")]
    Json {
        /// The call whose answer it was.
        call: Call,
        /// What serde_json said.
        source: serde_json::Error,
    },
    /// The message was not fetched with `format=raw`.
    #[error("message {id} has no raw content (not fetched with format=raw)")]
    MissingRaw {
        /// The message.
        id: MessageId,
    },
    /// The text is not base64url.
    #[error("invalid base64url: {source}")]
    Base64 {
        /// What the decoder said.
        source: base64::DecodeError,
    },
    /// The decoded content would be over the limit.
    #[error("base64url content of about {size} bytes is over the limit of {limit} bytes")]
    TooLarge {
        /// The decoded size, estimated from the text length.
        size: usize,
        /// The limit it broke.
        limit: usize,
    },
}

/// One page of `users.messages.list`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageList {
    /// The messages of this page; absent (empty) when nothing matches.
    #[serde(default)]
    pub messages: Vec<MessageRef>,
    /// The token for the next page; `None` on the last page.
    #[serde(default)]
    pub next_page_token: Option<String>,
    /// Google's estimate of the total number of results.
    #[serde(default)]
    pub result_size_estimate: Option<u64>,
}

/// A message named by id, as lists and history records give it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageRef {
    /// The message.
    pub id: MessageId,
    /// Its thread.
    pub thread_id: ThreadId,
    /// Its labels, when the answer gives them (history records do, lists do not).
    #[serde(default)]
    pub label_ids: Vec<LabelId>,
}

/// A `users.messages.get` answer (any `format`; `payload` is ignored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// The message.
    pub id: MessageId,
    /// Its thread.
    pub thread_id: ThreadId,
    /// Its labels.
    #[serde(default)]
    pub label_ids: Vec<LabelId>,
    /// Gmail's short plain-text excerpt.
    #[serde(default)]
    pub snippet: Option<String>,
    /// The history id of the last change to this message.
    #[serde(default)]
    pub history_id: Option<HistoryId>,
    /// When Gmail received the message (milliseconds since the epoch on the wire); `None`
    /// when absent or not a number.
    #[serde(
        default,
        deserialize_with = "lenient_millis",
        serialize_with = "millis_as_string"
    )]
    pub internal_date: Option<Timestamp>,
    /// Gmail's estimate of the message size in bytes.
    #[serde(default)]
    pub size_estimate: Option<u64>,
    /// The whole RFC 2822 message in base64url; only with `format=raw`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
}

/// One page of `users.history.list`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryList {
    /// The history records of this page; absent (empty) when nothing changed.
    #[serde(default)]
    pub history: Vec<HistoryRecord>,
    /// The mailbox's current history id: where the next sync starts once every page is read.
    #[serde(default)]
    pub history_id: Option<HistoryId>,
    /// The token for the next page; `None` on the last page.
    #[serde(default)]
    pub next_page_token: Option<String>,
}

/// One history record; only the `messagesAdded` changes are read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryRecord {
    /// The record's history id.
    pub id: HistoryId,
    /// The messages this change added to the mailbox.
    #[serde(default)]
    pub messages_added: Vec<MessageAdded>,
}

/// One `messagesAdded` item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageAdded {
    /// The added message, with its labels.
    pub message: MessageRef,
}

/// A `users.labels.list` answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelList {
    /// Every label of the mailbox.
    #[serde(default)]
    pub labels: Vec<Label>,
}

/// One label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// The id to filter with (`labelIds=`).
    pub id: LabelId,
    /// The name the user sees.
    pub name: String,
    /// System or user label; `None` when absent.
    #[serde(rename = "type", default)]
    pub label_type: Option<LabelType>,
}

/// Who made a label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LabelType {
    /// Made by Gmail (`INBOX`, `SPAM`…).
    System,
    /// Made by the user.
    User,
    /// A type this crate does not know yet.
    #[serde(other)]
    Unknown,
}

/// A `users.getProfile` answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// The mailbox's address.
    pub email_address: String,
    /// The mailbox's current history id: where a sync that starts now begins.
    pub history_id: HistoryId,
    /// How many messages the mailbox holds.
    #[serde(default)]
    pub messages_total: Option<u64>,
    /// How many threads the mailbox holds.
    #[serde(default)]
    pub threads_total: Option<u64>,
}

/// Reads a `users.messages.list` answer.
pub fn parse_message_list(body: &[u8]) -> Result<MessageList, GmailError> {
    parse_json(Call::MessagesList, body)
}

/// Reads a `users.messages.get` answer.
pub fn parse_message(body: &[u8]) -> Result<Message, GmailError> {
    parse_json(Call::MessagesGet, body)
}

/// Reads a `users.history.list` answer.
pub fn parse_history_list(body: &[u8]) -> Result<HistoryList, GmailError> {
    parse_json(Call::HistoryList, body)
}

/// Reads a `users.labels.list` answer.
pub fn parse_label_list(body: &[u8]) -> Result<LabelList, GmailError> {
    parse_json(Call::LabelsList, body)
}

/// Reads a `users.getProfile` answer.
pub fn parse_profile(body: &[u8]) -> Result<Profile, GmailError> {
    parse_json(Call::GetProfile, body)
}

impl Message {
    /// The raw RFC 2822 message bytes, for [`crate::parse_message`].
    ///
    /// Errors when the message was not fetched with `format=raw`, the text is not base64url,
    /// or it would decode to more than [`crate::MAX_MESSAGE_BYTES`].
    pub fn raw_bytes(&self) -> Result<Vec<u8>, GmailError> {
        let raw = self.raw.as_deref().ok_or_else(|| GmailError::MissingRaw {
            id: self.id.clone(),
        })?;
        decode_base64url(raw, crate::MAX_MESSAGE_BYTES)
    }
}

impl HistoryList {
    /// The messages added in this page, in history order; a message added twice is listed
    /// twice.
    pub fn added_messages(&self) -> impl Iterator<Item = &MessageRef> {
        self.history
            .iter()
            .flat_map(|record| record.messages_added.iter())
            .map(|added| &added.message)
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl fmt::Display for HistoryId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}", self.0)
    }
}

impl Serialize for HistoryId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for HistoryId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match NumberOrString::deserialize(deserializer)? {
            NumberOrString::Number(number) => Ok(HistoryId(number)),
            NumberOrString::String(text) => text
                .trim()
                .parse()
                .map(HistoryId)
                .map_err(|_| serde::de::Error::custom(format!("history id {text:?}"))),
        }
    }
}

/// A 64-bit number as Google writes it: a JSON string, or now and then a number.
#[derive(Deserialize)]
#[serde(untagged)]
enum NumberOrString {
    Number(u64),
    String(String),
}

fn parse_json<T: serde::de::DeserializeOwned>(call: Call, body: &[u8]) -> Result<T, GmailError> {
    serde_json::from_slice(body).map_err(|source| GmailError::Json { call, source })
}

/// `internalDate`: milliseconds since the epoch, as a string or a number; anything else is
/// `None` rather than an error, so one odd field does not hide the message.
fn lenient_millis<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Timestamp>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    let millis = match value {
        Some(serde_json::Value::String(text)) => text.trim().parse::<i64>().ok(),
        Some(serde_json::Value::Number(number)) => number.as_i64(),
        _ => None,
    };
    Ok(millis.and_then(|millis| Timestamp::from_millisecond(millis).ok()))
}

// serde's `serialize_with` hands over a `&Option<T>`.
#[allow(clippy::ref_option)]
fn millis_as_string<S: Serializer>(
    timestamp: &Option<Timestamp>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match timestamp {
        Some(timestamp) => serializer.collect_str(&timestamp.as_millisecond()),
        None => serializer.serialize_none(),
    }
}
