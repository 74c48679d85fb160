//! Plain text: a `.txt` attachment, a text file in an archive, or the message's body. Text has
//! no signature and most of it is no invoice (notes, signatures, conversation), so a text is a
//! candidate only when the invoice rules of `centralita-invoices` read an invoice or a receipt
//! in it: a total and something that names the document (see
//! [`centralita_invoices::rules::reads_like_invoice`]).

use centralita_invoices::detect::decode_text;
use centralita_invoices::rules::reads_like_invoice;

use super::{AttachmentScan, Candidate, FileKind, SkipReason};
use crate::mime::MailMessage;

/// The most bytes a text candidate has: 32 KiB. A receipt's or an invoice's text is a few KiB;
/// larger text files are logs and exports. Reading 32 KiB with the rules takes about 0.35 s in
/// a release build (64 KiB took 0.8 s).
pub const MAX_TEXT_BYTES: usize = 32 * 1024;

/// The most text bytes the rules read for one message's attachments and archive entries
/// together: 256 KiB (a few seconds at most), so a mail with hundreds of text files costs no
/// more. Files past it are skipped as [`SkipReason::TextBudgetSpent`].
pub const MAX_MESSAGE_TEXT_BYTES: usize = 256 * 1024;

/// The longest subject kept in a body's file name, in characters.
const MAX_SUBJECT_CHARS: usize = 80;

/// Whether the text file `bytes` is a candidate; when not, why. `left` is what the message's
/// text budget still allows; a text the rules read is taken from it.
pub(super) fn text_verdict(bytes: &[u8], left: &mut usize) -> Result<(), SkipReason> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(SkipReason::TextNotInvoiceLike);
    }
    if bytes.len() > *left {
        return Err(SkipReason::TextBudgetSpent);
    }
    *left -= bytes.len();
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
