//! MIME: one raw RFC 5322 message in, one owned [`MailMessage`] out.
//!
//! Parsing is done by the `mail-parser` crate (0.11), which decodes transfer encodings,
//! charsets (Shift_JIS, ISO-2022-JP, EUC-KR, Windows-125x… through `encoding_rs`), RFC 2047
//! encoded words and RFC 2231 parameters. This module adds what the daemon needs on top:
//!
//! - budgets checked before any parsing: at most [`MAX_MESSAGE_BYTES`] of input and
//!   [`MAX_NESTED_MESSAGES`] nested messages (see `guard.rs` for why), then at most
//!   [`MAX_ATTACHMENTS`] attachments;
//! - one plain-text body (text/plain parts, else HTML turned into text by `mail-parser`) and a
//!   short whitespace-collapsed [`MailMessage::snippet`];
//! - attachments flattened: a forwarded message (`message/rfc822`) is not an attachment itself,
//!   its own attachments are, in document order, however deep;
//! - safe file names: decoded, without directories or control characters, and a default name
//!   (`attachment-3.pdf`) when the message gives none.
//!
//! Malformed input gives a best-effort result (missing fields are `None` or empty), never a
//! panic: the few inputs on which `mail-parser` itself panics (debug builds only, see
//! [`MailError::ParserFailed`]) become an error. Nothing here does I/O.

mod convert;
mod guard;

#[cfg(test)]
mod tests;

use std::fmt;

use jiff::Timestamp;
use mail_parser::MessageParser;

/// The largest raw message [`parse_message`] accepts: 50 MiB.
///
/// Gmail accepts incoming messages of up to 50 MB (base64 included), so every message a Gmail
/// mailbox can hold fits; anything larger is refused before parsing.
pub const MAX_MESSAGE_BYTES: usize = 50 * 1024 * 1024;

/// The most attachments one message may have (after flattening nested messages).
pub const MAX_ATTACHMENTS: usize = 500;

/// The most nested-message markers (`message/rfc822`, `message/global`, `multipart/digest`)
/// one message may contain, counted conservatively over the raw bytes and inside encoded
/// nested messages.
///
/// `mail-parser` builds nested messages as nested values; thousands of levels overflow the
/// stack (an abort, not a panic). A hundred levels are far from that even on a 2 MiB thread
/// stack, and far above what real mail forwards.
pub const MAX_NESTED_MESSAGES: usize = 100;

/// The length of [`MailMessage::snippet`], in characters.
pub const SNIPPET_CHARS: usize = 200;

/// A parsed mail message, owning all its data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailMessage {
    /// The `Message-ID` header without angle brackets, if any.
    pub message_id: Option<String>,
    /// The first `From` mailbox, if any.
    pub from: Option<Mailbox>,
    /// Every `To` mailbox; members of address groups are listed one by one.
    pub to: Vec<Mailbox>,
    /// Every `Cc` mailbox, as for [`MailMessage::to`].
    pub cc: Vec<Mailbox>,
    /// The decoded `Subject`, if any.
    pub subject: Option<String>,
    /// The `Date` header as an instant; `None` when missing or not a valid date.
    pub date: Option<Timestamp>,
    /// The body as plain text: the text/plain parts, else the HTML parts turned into text.
    /// Empty when the message has no text body. Nested messages' bodies are not included.
    pub text: String,
    /// The first [`SNIPPET_CHARS`] characters of [`MailMessage::text`], whitespace collapsed.
    pub snippet: String,
    /// The attachments in document order, nested messages flattened (see the module docs).
    pub attachments: Vec<Attachment>,
}

/// One mailbox of an address header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mailbox {
    /// The display name, decoded, if any.
    pub name: Option<String>,
    /// The address (`someone@example.com`), if any.
    pub address: Option<String>,
}

/// One attachment: a MIME part that is not the message's text body.
#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    /// A safe file name: decoded (RFC 2047/2231), without directories or control characters;
    /// `attachment-<n>.<ext>` when the message gives none, `n` counting from 1.
    pub file_name: String,
    /// The lowercased MIME type (`application/pdf`), `application/octet-stream` when missing.
    pub mime_type: String,
    /// The decoded content. Text parts keep their original bytes and charset.
    pub bytes: Vec<u8>,
    /// Whether the part is shown within the body: `Content-Disposition: inline`, or a
    /// `Content-ID` (referenced from the HTML) without `Content-Disposition: attachment`.
    pub is_inline: bool,
    /// The `Content-ID` without angle brackets, if any: HTML bodies embed such parts by
    /// `cid:` reference (logos, signature pictures).
    pub content_id: Option<String>,
}

/// Why a raw message could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    /// The raw message is over [`MAX_MESSAGE_BYTES`].
    #[error("message is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// The size of the raw message.
        size: usize,
        /// The limit it broke.
        limit: usize,
    },
    /// The message nests too many messages (see [`MAX_NESTED_MESSAGES`]).
    #[error("message nests more than {limit} messages (message/rfc822 or multipart/digest)")]
    TooManyNestedMessages {
        /// The limit it broke.
        limit: usize,
    },
    /// The message has more than [`MAX_ATTACHMENTS`] attachments.
    #[error("message has more than {limit} attachments")]
    TooManyAttachments {
        /// The limit it broke.
        limit: usize,
    },
    /// The bytes hold no header at all (empty input, for one).
    #[error("not a mail message: no header found")]
    NotAMessage,
    /// The MIME parser failed on malformed input (a bug it has, caught here).
    #[error("the mime parser failed on malformed input")]
    ParserFailed,
}

/// Parses one raw RFC 5322 message (as Gmail's `format=raw` or an `.eml` file holds it).
///
/// Refuses input over [`MAX_MESSAGE_BYTES`], with more than [`MAX_NESTED_MESSAGES`] nested
/// messages or more than [`MAX_ATTACHMENTS`] attachments; otherwise returns the best reading
/// of the bytes, however malformed. Never panics: a panic inside `mail-parser` is caught and
/// becomes [`MailError::ParserFailed`] (the panic hook still reports it), as long as the
/// build unwinds on panic, which is Rust's default and this workspace's.
pub fn parse_message(raw: &[u8]) -> Result<MailMessage, MailError> {
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(MailError::TooLarge {
            size: raw.len(),
            limit: MAX_MESSAGE_BYTES,
        });
    }
    guard::check_nesting(raw, MAX_NESTED_MESSAGES)?;
    // mail-parser 0.11.9 has unchecked subtractions that underflow on some malformed input
    // (a quoted-printable part that ends in a soft line break right before its boundary):
    // a panic where overflow checks are on (debug builds, tests), a harmless wrap in release.
    // Its parse keeps no state between calls, so a caught panic leaves nothing broken.
    std::panic::catch_unwind(|| read(raw)).unwrap_or(Err(MailError::ParserFailed))
}

fn read(raw: &[u8]) -> Result<MailMessage, MailError> {
    let parsed = MessageParser::default()
        .parse(raw)
        .ok_or(MailError::NotAMessage)?;
    let attachments = convert::attachments(&parsed, MAX_ATTACHMENTS)?;
    let text = convert::body_text(&parsed);
    let snippet = snippet(&text, SNIPPET_CHARS);
    Ok(MailMessage {
        message_id: parsed.message_id().map(str::to_owned),
        from: convert::mailboxes(parsed.from()).into_iter().next(),
        to: parsed
            .all_to()
            .flat_map(|to| convert::mailboxes(Some(to)))
            .collect(),
        cc: parsed
            .all_cc()
            .flat_map(|cc| convert::mailboxes(Some(cc)))
            .collect(),
        subject: parsed.subject().map(str::to_owned),
        date: parsed.date().and_then(convert::timestamp),
        text,
        snippet,
        attachments,
    })
}

impl Attachment {
    /// Whether an HTML body embeds this part (inline with a `Content-ID`): logos and
    /// signature pictures rather than documents.
    pub fn is_embedded(&self) -> bool {
        self.is_inline && self.content_id.is_some()
    }
}

// Attachments can be megabytes: their Debug shows the size, not the bytes.
impl fmt::Debug for Attachment {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Attachment")
            .field("file_name", &self.file_name)
            .field("mime_type", &self.mime_type)
            .field("bytes", &format_args!("[{} bytes]", self.bytes.len()))
            .field("is_inline", &self.is_inline)
            .field("content_id", &self.content_id)
            .finish()
    }
}

/// The first `max_chars` characters of `text` with every run of whitespace turned into one
/// space and none at either end.
fn snippet(text: &str, max_chars: usize) -> String {
    let mut snippet = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if !snippet.is_empty() {
            // A separator only makes sense if a character of the next word fits after it.
            if chars + 1 >= max_chars {
                break;
            }
            snippet.push(' ');
            chars += 1;
        }
        for character in word.chars() {
            if chars == max_chars {
                return snippet;
            }
            snippet.push(character);
            chars += 1;
        }
    }
    snippet
}
