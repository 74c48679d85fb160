//! From `mail-parser`'s borrowed tree to our owned records: mailboxes, dates, the text body,
//! and the flattened attachment list with safe file names.
//!
//! Nothing here recurses over the message tree: nested messages are walked with an explicit
//! stack, because their depth comes from the input.

use jiff::Timestamp;
use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::html::html_to_text;
use mail_parser::decoders::quoted_printable::quoted_printable_decode;
use mail_parser::{Addr, Address, DateTime, Encoding, Message, MessagePart, MimeHeaders, PartType};

use super::{Attachment, MailError, Mailbox};

/// The longest file name kept, in bytes (the usual file-system limit).
const MAX_FILE_NAME_BYTES: usize = 255;

/// The longest extension kept whole when a file name is shortened, in bytes.
const MAX_EXTENSION_BYTES: usize = 16;

/// The attachments of `message` in document order, nested messages replaced by their own
/// attachments; an error past `limit`.
pub(super) fn attachments(
    message: &Message<'_>,
    limit: usize,
) -> Result<Vec<Attachment>, MailError> {
    let mut attachments = Vec::new();
    // Each entry is a message being walked and the index of its next attachment.
    let mut stack: Vec<(&Message<'_>, u32)> = vec![(message, 0)];
    while let Some(&(current, index)) = stack.last() {
        let Some(part) = current.attachment(index) else {
            stack.pop();
            continue;
        };
        if let Some(top) = stack.last_mut() {
            top.1 = index.saturating_add(1);
        }
        if let PartType::Message(nested) = &part.body {
            stack.push((nested, 0));
            continue;
        }
        if attachments.len() == limit {
            return Err(MailError::TooManyAttachments { limit });
        }
        attachments.push(attachment(current, part, attachments.len() + 1));
    }
    Ok(attachments)
}

/// The text body: the text/plain parts joined, else the HTML parts turned into text.
///
/// `mail-parser` lists HTML parts among the text bodies when a message has no text/plain
/// alternative; those are converted too.
pub(super) fn body_text(message: &Message<'_>) -> String {
    let texts: Vec<String> = message
        .text_bodies()
        .filter_map(part_text)
        .filter(|text| !text.trim().is_empty())
        .collect();
    if !texts.is_empty() {
        return texts.join("\n");
    }
    message
        .html_bodies()
        .filter_map(part_text)
        .filter(|text| !text.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The mailboxes of one address header; group members are listed one by one, and entries
/// with neither a name nor an address are dropped.
pub(super) fn mailboxes(address: Option<&Address<'_>>) -> Vec<Mailbox> {
    match address {
        None => Vec::new(),
        Some(Address::List(list)) => list.iter().filter_map(mailbox).collect(),
        Some(Address::Group(groups)) => groups
            .iter()
            .flat_map(|group| group.addresses.iter())
            .filter_map(mailbox)
            .collect(),
    }
}

/// The instant a parsed `Date` header names; `None` for impossible dates (February 30th,
/// hour 25, year 40000) rather than a guess.
pub(super) fn timestamp(date: &DateTime) -> Option<Timestamp> {
    let civil = jiff::civil::DateTime::new(
        i16::try_from(date.year).ok()?,
        i8::try_from(date.month).ok()?,
        i8::try_from(date.day).ok()?,
        i8::try_from(date.hour).ok()?,
        i8::try_from(date.minute).ok()?,
        i8::try_from(date.second).ok()?,
        0,
    )
    .ok()?;
    let seconds = i32::from(date.tz_hour) * 3600 + i32::from(date.tz_minute) * 60;
    let seconds = if date.tz_before_gmt {
        -seconds
    } else {
        seconds
    };
    jiff::tz::Offset::from_seconds(seconds)
        .ok()?
        .to_timestamp(civil)
        .ok()
}

fn part_text(part: &MessagePart<'_>) -> Option<String> {
    match &part.body {
        PartType::Text(text) => Some(text.to_string()),
        PartType::Html(html) => Some(html_to_text(html)),
        _ => None,
    }
}

fn mailbox(addr: &Addr<'_>) -> Option<Mailbox> {
    let clean = |value: Option<&str>| {
        value
            .map(str::trim)
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
    };
    let mailbox = Mailbox {
        name: clean(addr.name.as_deref()),
        address: clean(addr.address.as_deref()),
    };
    (mailbox.name.is_some() || mailbox.address.is_some()).then_some(mailbox)
}

/// One attachment; `ordinal` (from 1) names it when the message does not.
fn attachment(message: &Message<'_>, part: &MessagePart<'_>, ordinal: usize) -> Attachment {
    let mime_type = mime_type(part);
    // Outlook repeats the file name in Content-Description, which `mail-parser` still reads
    // when a folded `name=` parameter defeats it (phpmmp_m0013.eml).
    let file_name = part
        .attachment_name()
        .and_then(safe_file_name)
        .or_else(|| {
            part.content_description()
                .filter(|description| looks_like_file_name(description))
                .and_then(safe_file_name)
        })
        .unwrap_or_else(|| default_file_name(ordinal, &mime_type));
    Attachment {
        file_name,
        bytes: content(message, part),
        is_inline: is_inline(part),
        content_id: part
            .content_id()
            .map(|id| id.trim().trim_start_matches('<').trim_end_matches('>'))
            .filter(|id| !id.is_empty())
            .map(str::to_owned),
        mime_type,
    }
}

/// The lowercased `type/subtype`, or a default when missing or not made of token characters.
fn mime_type(part: &MessagePart<'_>) -> String {
    let is_token = |value: &str| {
        !value.is_empty()
            && value
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&byte))
    };
    let declared = part.content_type().and_then(|content_type| {
        let subtype = content_type.subtype()?;
        (is_token(content_type.ctype()) && is_token(subtype))
            .then(|| format!("{}/{subtype}", content_type.ctype()).to_ascii_lowercase())
    });
    declared.unwrap_or_else(|| {
        if part.is_text() {
            "text/plain".to_owned()
        } else {
            "application/octet-stream".to_owned()
        }
    })
}

/// The decoded content. For text parts, the original bytes after transfer decoding, because
/// `mail-parser` converts text to UTF-8 and an XML invoice must keep the charset its
/// declaration names.
fn content(message: &Message<'_>, part: &MessagePart<'_>) -> Vec<u8> {
    if part.is_text()
        && let Some(original) = original_bytes(message, part)
    {
        return original;
    }
    part.contents().to_vec()
}

fn original_bytes(message: &Message<'_>, part: &MessagePart<'_>) -> Option<Vec<u8>> {
    let start = usize::try_from(part.raw_body_offset()).ok()?;
    let end = usize::try_from(part.raw_end_offset()).ok()?;
    let encoded = message.raw_message().get(start..end)?;
    match part.encoding {
        Encoding::None => Some(encoded.to_vec()),
        Encoding::Base64 => base64_decode(encoded),
        Encoding::QuotedPrintable => quoted_printable_decode(encoded),
    }
}

/// Whether the part is shown within the body (see [`Attachment::is_inline`]).
fn is_inline(part: &MessagePart<'_>) -> bool {
    match part.content_disposition() {
        Some(disposition) if disposition.is_attachment() => false,
        Some(disposition) if disposition.is_inline() => true,
        _ => part.content_id().is_some() || matches!(part.body, PartType::InlineBinary(_)),
    }
}

/// The last path component of `name`, without control characters, surrounding spaces or
/// trailing dots, shortened to [`MAX_FILE_NAME_BYTES`]; `None` when nothing usable is left.
pub(super) fn safe_file_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim().trim_end_matches(['.', ' ']);
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        return None;
    }
    Some(shorten(cleaned, MAX_FILE_NAME_BYTES))
}

/// Whether a description reads as a file name: one line ending in a dot and a short
/// alphanumeric extension.
fn looks_like_file_name(description: &str) -> bool {
    let description = description.trim();
    !description.contains(['\r', '\n'])
        && description.len() <= MAX_FILE_NAME_BYTES
        && description
            .rsplit_once('.')
            .is_some_and(|(stem, extension)| {
                !stem.trim().is_empty()
                    && (1..=5).contains(&extension.len())
                    && extension.bytes().all(|byte| byte.is_ascii_alphanumeric())
            })
}

/// `name` cut to at most `max_bytes` bytes on a character boundary, keeping a short extension.
fn shorten(name: &str, max_bytes: usize) -> String {
    if name.len() <= max_bytes {
        return name.to_owned();
    }
    let extension = name
        .rfind('.')
        .map(|dot| &name[dot..])
        .filter(|extension| extension.len() <= MAX_EXTENSION_BYTES)
        .unwrap_or("");
    let mut stem_end = max_bytes - extension.len();
    while !name.is_char_boundary(stem_end) {
        stem_end -= 1;
    }
    format!("{}{extension}", &name[..stem_end])
}

/// `attachment-<ordinal>.<extension>`, the extension from the MIME type.
pub(super) fn default_file_name(ordinal: usize, mime_type: &str) -> String {
    let extension = match mime_type {
        "application/pdf" => "pdf",
        "application/xml" | "text/xml" => "xml",
        "application/zip" | "application/x-zip-compressed" => "zip",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/tiff" => "tif",
        "image/gif" => "gif",
        "text/plain" => "txt",
        "text/html" => "html",
        "message/rfc822" => "eml",
        _ => "bin",
    };
    format!("attachment-{ordinal}.{extension}")
}
