//! Plain text: a `.txt` attachment, a text file in an archive, or the message's body. Text has
//! no signature and most of it is no invoice (notes, signatures, conversation), so a text is a
//! candidate only when the invoice rules of `centralita-invoices` read an invoice or a receipt
//! in it: a total and something that names the document (see
//! [`centralita_invoices::rules::reads_like_invoice`]).

use centralita_invoices::detect::decode_text;
use centralita_invoices::rules::reads_like_invoice;

use super::{AttachmentScan, Candidate, FileKind, SkipReason};
use crate::mime::MailMessage;

/// The most bytes a text candidate has: 64 KiB (as much as a message's stored text). A
/// receipt's or an invoice's text is a few KiB; larger text files are logs and exports, and
/// the rules would spend seconds on them for nothing.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// The longest subject kept in a body's file name, in characters.
const MAX_SUBJECT_CHARS: usize = 80;

/// Whether the text file `bytes` is a candidate; when not, why.
pub(super) fn text_verdict(bytes: &[u8]) -> Result<(), SkipReason> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(SkipReason::TextNotInvoiceLike);
    }
    // The same decoding invoice intake applies (UTF-8, UTF-16 with a mark, Windows-1252).
    let text = decode_text(bytes).ok_or(SkipReason::NotInvoiceLike)?;
    if reads_like_invoice(&text) {
        Ok(())
    } else {
        Err(SkipReason::TextNotInvoiceLike)
    }
}

/// The body of `message` as a text candidate, when it is the invoice: no attachment is a
/// candidate (`attachments` is the message's scan) and its text reads like an invoice or a
/// receipt. It is named after the subject (`Factura F001-123.txt`, `mensaje.txt` without one).
pub fn body_candidate(message: &MailMessage, attachments: &AttachmentScan) -> Option<Candidate> {
    if !attachments.candidates.is_empty()
        || message.text.len() > MAX_TEXT_BYTES
        || !reads_like_invoice(&message.text)
    {
        return None;
    }
    let name = body_file_name(message.subject.as_deref());
    Some(Candidate {
        display_name: name.clone(),
        kind: FileKind::Text,
        bytes: message.text.clone().into_bytes(),
        attachment_name: name,
    })
}

/// A file name for a body: the subject without characters file systems or paths refuse,
/// whitespace collapsed, cut to [`MAX_SUBJECT_CHARS`], with `.txt`; `mensaje.txt` when
/// nothing is left.
pub fn body_file_name(subject: Option<&str>) -> String {
    let cleaned: String = subject
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut name: String = words.join(" ").chars().take(MAX_SUBJECT_CHARS).collect();
    // No hidden file, no `..`, no name ending in a dot or a space before the extension.
    name = name
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_owned();
    if name.is_empty() {
        name.push_str("mensaje");
    }
    name.push_str(".txt");
    name
}
