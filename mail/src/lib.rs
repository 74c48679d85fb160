//! Reading mail: raw RFC 5322 messages, the attachments in them that may be invoices, and the
//! Gmail API JSON a mailbox sync reads.
//!
//! Data flows one way. The daemon's Gmail client fetches JSON and hands the bytes to the
//! [`gmail`] parsers; a `users.messages.get` answer with `format=raw` gives the message bytes
//! ([`gmail::Message::raw_bytes`]); [`parse_message`] turns them into a [`MailMessage`]
//! (addresses, subject, date, plain text, snippet, attachments); and [`invoice_files`] (or
//! [`scan_attachments`], which also says what it skipped and why) picks the attachments that may
//! be invoices, opening ZIP archives on the way; with none, [`body_candidate`] says whether the
//! body is the invoice.
//!
//! - [`mime`]: MIME parsing on top of the `mail-parser` crate, with a size budget and a guard
//!   against nesting that would overflow the stack.
//! - [`candidates`]: content sniffing (PDF, JPEG, PNG, TIFF, XML, ZIP, text that reads like an
//!   invoice) and ZIP reading with a decompression budget.
//! - [`gmail`]: serde types for the Gmail REST v1 answers, base64url, and Google error bodies.
//!
//! Every input is untrusted: functions never panic, whatever the bytes (property-tested), and
//! every allocation is bounded by a documented budget ([`MAX_MESSAGE_BYTES`],
//! [`MAX_ATTACHMENTS`], [`MAX_NESTED_MESSAGES`], [`ArchiveLimits`],
//! [`MAX_MESSAGE_UNCOMPRESSED_BYTES`], [`MAX_TEXT_BYTES`]).
//!
//! Invariants: no I/O, no clock, no HTTP, no logging, no async runtime; it depends on no
//! `tokio`, `hyper`, `tarpc` or `redb` (an architecture test checks this).
//! Of ours it depends only on `centralita-invoices` (pure too): its rules decide whether a text
//! reads like an invoice, so mail and intake agree; the daemon depends on this crate.

#![warn(missing_docs)]

pub mod candidates;
pub mod gmail;
pub mod mime;

pub use candidates::{
    ArchiveError, ArchiveLimits, ArchiveScan, AttachmentScan, Candidate, FileKind,
    MAX_MESSAGE_UNCOMPRESSED_BYTES, MAX_TEXT_BYTES, SkipReason, Skipped, body_candidate,
    body_file_name, invoice_files, read_archive, scan_attachments,
};
pub use mime::{
    Attachment, MAX_ATTACHMENTS, MAX_MESSAGE_BYTES, MAX_NESTED_MESSAGES, MailError, MailMessage,
    Mailbox, SNIPPET_CHARS, parse_message,
};
