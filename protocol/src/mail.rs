//! Mail: Gmail mailboxes watched per tenant, the messages they brought and what became of
//! their attachments.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::{ConnectionId, InvoiceId, MailMessageId, MailboxId};

/// A mailbox: which connection's mail, which labels, how often, which messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mailbox {
    pub id: MailboxId,
    /// The connection whose account it reads.
    pub connection: ConnectionId,
    /// That account (an email address), once known.
    pub account: String,
    pub settings: MailboxSettings,
    /// When the last sync finished, and how it went.
    #[serde(default)]
    pub last_sync: Option<Timestamp>,
    #[serde(default)]
    pub last_error: Option<String>,
    /// `last_error` in the catalog's words, when it has them (`said`): a client says it in
    /// the operator's language, else shows `last_error`.
    #[serde(default)]
    pub last_error_words: Option<crate::said::Words>,
    /// Messages stored so far.
    pub messages: u64,
    /// Attachments sent to invoice intake so far.
    pub invoices: u64,
    /// A first (or forced) full sync is still to do.
    pub full_sync_pending: bool,
    pub created_at: Timestamp,
    pub created_by: String,
}

/// What an operator sets on a mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailboxSettings {
    /// Gmail labels to watch, by name or id (`INBOX`, `Facturas`); a message with any of them
    /// is read. Default `INBOX`.
    pub labels: Vec<String>,
    /// Minutes between syncs (1 to 1440).
    pub every_minutes: u32,
    /// A Gmail search (`has:attachment from:facturas@proveedor.pe`) the messages must match.
    #[serde(default)]
    pub query: Option<String>,
}

/// A message as lists show it, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailMessage {
    pub id: MailMessageId,
    pub mailbox: MailboxId,
    /// `Name <address>`.
    pub from: String,
    pub subject: String,
    /// When Gmail received it.
    pub received_at: Timestamp,
    /// Attachments (the body, sent on as a document of its own, is not one).
    pub attachments: u32,
    /// Attachments, and the body, that became invoices.
    pub invoices: u32,
}

/// One message in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailMessageDetail {
    pub message: MailMessage,
    pub to: Vec<String>,
    /// The `Date` header, when it has one that parses.
    #[serde(default)]
    pub date: Option<Timestamp>,
    pub labels: Vec<String>,
    /// The plain text (or the HTML turned to text), cut at 64 KiB.
    pub text: String,
    pub attachments: Vec<MailAttachment>,
    /// Something about the whole message an operator should know (too large to keep, could
    /// not be read as MIME).
    #[serde(default)]
    pub note: Option<String>,
    /// Gmail's id of the message.
    pub gmail_id: String,
}

/// An attachment, or the body, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailAttachment {
    /// The file name; `archive.zip/inner.pdf` for a file inside an archive.
    pub name: String,
    pub content_type: String,
    pub size: u64,
    pub outcome: AttachmentOutcome,
    /// The message's body, sent on as a text document named after the subject: the invoice or
    /// receipt was the mail itself (or the glosa notice was). Listed after the attachments.
    #[serde(default)]
    pub body: bool,
}

/// What became of an attachment.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum AttachmentOutcome {
    /// Waiting for invoice intake.
    Queued,
    /// Invoice `invoice` (new, or the same file seen before when `duplicate`).
    Invoice { invoice: InvoiceId, duplicate: bool },
    /// Not an invoice document, or refused by intake: why, in English, and as a key of the
    /// catalog ([`crate::said`]) with its values for a client to say it in its own language
    /// (no key from an older daemon, or for a record kept before it had one).
    Skipped {
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        args: Vec<String>,
    },
    /// A glosa notice (the message reads like one): sent to glosa reading (`:glosas`).
    Glosa,
}
