//! Invoice candidates: the attachments of a [`MailMessage`] that may be invoices, with the
//! files inside ZIP archives, for the invoice reader to open.
//!
//! The rules, in order, for each attachment:
//!
//! 1. The content decides the kind (see `sniff.rs`): PDF, JPEG, PNG, TIFF or XML is a
//!    candidate; a ZIP archive is opened (see [`read_archive`]); a file named `.txt` or typed
//!    `text/plain` is a candidate only if it reads like an invoice or a receipt (see
//!    `text.rs`; else [`SkipReason::TextNotInvoiceLike`]); anything else is skipped as
//!    [`SkipReason::NotInvoiceLike`], whatever its name says.
//! 2. Pictures embedded in the HTML body (inline with a `Content-ID`: logos, signature
//!    pictures) are skipped as [`SkipReason::EmbeddedImage`]. Other pictures are kept, inline
//!    ones too: phone mail apps send the photo of a receipt inline, without a `Content-ID`.
//!    PDF and XML are kept whatever their disposition.
//! 3. Files inside archives are candidates by rule 1 alone, one level deep, named
//!    `archive.zip/inner.xml`. All archives of one message share a budget of
//!    [`MAX_MESSAGE_UNCOMPRESSED_BYTES`] on top of each archive's [`ArchiveLimits`].
//! 4. With no candidate among the attachments, the body may be the invoice (an e-commerce
//!    receipt, an invoice typed into the mail): [`body_candidate`] says, by the rule of text
//!    files.
//!
//! Pure: no I/O; the budgets bound memory and time whatever the attachments hold.

mod archive;
mod sniff;
mod text;

#[cfg(test)]
mod tests;

use std::fmt;

pub use archive::{ArchiveError, ArchiveLimits, ArchiveScan, read_archive};
pub use sniff::FileKind;
pub use text::{MAX_MESSAGE_TEXT_BYTES, MAX_TEXT_BYTES, body_candidate, body_file_name};

use crate::mime::MailMessage;
use sniff::{Content, sniff};
use text::text_verdict;

/// The most bytes decompressed from all the archives of one message together: 128 MiB.
pub const MAX_MESSAGE_UNCOMPRESSED_BYTES: u64 = 128 * 1024 * 1024;

/// A file that may be an invoice.
#[derive(Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The name to show: the attachment's file name, or `archive.zip/inner/path.xml` for a
    /// file inside an archive.
    pub display_name: String,
    /// What the content is.
    pub kind: FileKind,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The file name of the attachment it came from (the archive, for a file inside one).
    pub attachment_name: String,
}

/// Something left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The attachment's file name, or `archive.zip/inner/path` inside an archive.
    pub name: String,
    /// Why it was left out.
    pub reason: SkipReason,
}

/// Why an attachment or archive entry is not a candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// The content is none of the invoice-like kinds.
    NotInvoiceLike,
    /// Text that does not read like an invoice or a receipt (or is over [`MAX_TEXT_BYTES`]).
    TextNotInvoiceLike,
    /// A picture embedded in the HTML body (a logo or signature picture).
    EmbeddedImage,
    /// An archive inside an archive: only one level is opened.
    NestedArchive,
    /// An archive entry that cannot be read: encrypted, an unsupported compression method,
    /// corrupt data.
    UnreadableEntry {
        /// What the ZIP reader said.
        reason: String,
    },
    /// The archive was refused as a whole.
    Archive(ArchiveError),
    /// The message's decompression budget ([`MAX_MESSAGE_UNCOMPRESSED_BYTES`]) was spent on
    /// earlier archives.
    MessageBudgetSpent,
    /// The message's text budget ([`MAX_MESSAGE_TEXT_BYTES`]) was spent on earlier text
    /// files.
    TextBudgetSpent,
}

/// What [`scan_attachments`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttachmentScan {
    /// The invoice candidates, in attachment order.
    pub candidates: Vec<Candidate>,
    /// Everything left out, with the reason, for the operator to see.
    pub skipped: Vec<Skipped>,
}

/// The attachments of `message` that may be invoices (see the module docs for the rules).
pub fn invoice_files(message: &MailMessage) -> Vec<Candidate> {
    scan_attachments(message).candidates
}

/// Like [`invoice_files`], and also lists what was left out and why.
pub fn scan_attachments(message: &MailMessage) -> AttachmentScan {
    let mut scan = AttachmentScan::default();
    let mut uncompressed_left = MAX_MESSAGE_UNCOMPRESSED_BYTES;
    let mut text_left = text::MAX_MESSAGE_TEXT_BYTES;
    for attachment in &message.attachments {
        let skip = |reason| Skipped {
            name: attachment.file_name.clone(),
            reason,
        };
        match sniff(
            &attachment.bytes,
            &attachment.file_name,
            &attachment.mime_type,
        ) {
            Content::File(kind) if kind.is_image() && attachment.is_embedded() => {
                scan.skipped.push(skip(SkipReason::EmbeddedImage));
            }
            Content::File(kind) => scan.candidates.push(Candidate {
                display_name: attachment.file_name.clone(),
                kind,
                bytes: attachment.bytes.clone(),
                attachment_name: attachment.file_name.clone(),
            }),
            Content::Text => match text_verdict(&attachment.bytes, &mut text_left) {
                Ok(()) => scan.candidates.push(Candidate {
                    display_name: attachment.file_name.clone(),
                    kind: FileKind::Text,
                    bytes: attachment.bytes.clone(),
                    attachment_name: attachment.file_name.clone(),
                }),
                Err(reason) => scan.skipped.push(skip(reason)),
            },
            Content::Zip if uncompressed_left == 0 => {
                scan.skipped.push(skip(SkipReason::MessageBudgetSpent));
            }
            Content::Zip => {
                let default = ArchiveLimits::default();
                let limits = ArchiveLimits {
                    max_uncompressed_bytes: default.max_uncompressed_bytes.min(uncompressed_left),
                    max_text_bytes: text_left,
                    ..default
                };
                match read_archive(&attachment.file_name, &attachment.bytes, limits) {
                    Ok(archive) => {
                        uncompressed_left -= archive.uncompressed_bytes;
                        text_left -= archive.text_bytes;
                        scan.candidates.extend(archive.candidates);
                        scan.skipped.extend(archive.skipped);
                    }
                    Err(error) => {
                        if matches!(error, ArchiveError::TooLarge { .. }) {
                            uncompressed_left -= limits.max_uncompressed_bytes;
                        }
                        scan.skipped.push(skip(SkipReason::Archive(error)));
                    }
                }
            }
            Content::Other => scan.skipped.push(skip(SkipReason::NotInvoiceLike)),
        }
    }
    scan
}

impl fmt::Display for SkipReason {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::NotInvoiceLike => formatter.write_str("not a pdf, image, xml or zip file"),
            SkipReason::TextNotInvoiceLike => {
                formatter.write_str("text that does not read like an invoice or receipt")
            }
            SkipReason::EmbeddedImage => formatter.write_str("picture embedded in the html body"),
            SkipReason::NestedArchive => formatter.write_str("archive inside an archive"),
            SkipReason::UnreadableEntry { reason } => write!(formatter, "unreadable: {reason}"),
            SkipReason::Archive(error) => write!(formatter, "{error}"),
            SkipReason::MessageBudgetSpent => {
                formatter.write_str("decompression budget of the message spent")
            }
            SkipReason::TextBudgetSpent => {
                formatter.write_str("text budget of the message spent on earlier text files")
            }
        }
    }
}

// Candidates can be megabytes: their Debug shows the size, not the bytes.
impl fmt::Debug for Candidate {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Candidate")
            .field("display_name", &self.display_name)
            .field("kind", &self.kind)
            .field("bytes", &format_args!("[{} bytes]", self.bytes.len()))
            .field("attachment_name", &self.attachment_name)
            .finish()
    }
}
