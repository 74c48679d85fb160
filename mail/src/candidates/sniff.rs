//! What a file is, from its first bytes. The content decides; the file name and MIME type
//! only settle two doubts: XML without an `<?xml` declaration, and plain text (which has no
//! signature: a `.txt` name or `text/plain` type says it, and `text.rs` reads the whole file).

use std::borrow::Cow;
use std::path::Path;

/// How many leading bytes [`sniff`] looks at.
pub(super) const SNIFF_BYTES: usize = 4096;

/// How far into a file a PDF header may start (readers accept junk before it).
const PDF_HEADER_WINDOW: usize = 1024;

/// A kind of file that may hold an invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// `%PDF-` in the first KiB.
    Pdf,
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (its 8-byte signature).
    Png,
    /// TIFF, classic or BigTIFF, either byte order.
    Tiff,
    /// An XML document (UBL, CFDI, Factur-X/ZUGFeRD CII, DIAN AttachedDocument…), not HTML
    /// or SVG.
    Xml,
    /// Plain text that reads like an invoice or a receipt (see `text.rs`).
    Text,
}

impl FileKind {
    /// Whether this is a picture (a photo or scan of an invoice, or a logo).
    pub fn is_image(self) -> bool {
        matches!(self, FileKind::Jpeg | FileKind::Png | FileKind::Tiff)
    }

    /// The usual MIME type of this kind.
    pub fn mime_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Tiff => "image/tiff",
            FileKind::Xml => "application/xml",
            FileKind::Text => "text/plain",
        }
    }
}

/// What [`sniff`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Content {
    File(FileKind),
    Zip,
    /// Named or typed as plain text: a candidate only if it reads like an invoice.
    Text,
    Other,
}

/// Classifies a file by its first bytes (only the first [`SNIFF_BYTES`] are read).
///
/// XML needs an `<?xml` declaration, or a name ending `.xml` or a MIME type naming XML; an
/// HTML or SVG root element is never XML here. Anything else named `.txt` or typed
/// `text/plain` is [`Content::Text`].
pub(super) fn sniff(bytes: &[u8], file_name: &str, mime_type: &str) -> Content {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head[..head.len().min(PDF_HEADER_WINDOW)]
        .windows(5)
        .any(|window| window == b"%PDF-")
    {
        Content::File(FileKind::Pdf)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Content::File(FileKind::Jpeg)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Content::File(FileKind::Png)
    } else if [b"II*\0", b"MM\0*", b"II+\0", b"MM\0+"]
        .iter()
        .any(|signature| head.starts_with(*signature))
    {
        Content::File(FileKind::Tiff)
    } else if [b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"]
        .iter()
        .any(|signature| head.starts_with(*signature))
    {
        Content::Zip
    } else if looks_like_xml(head, says_xml(file_name, mime_type)) {
        Content::File(FileKind::Xml)
    } else if says_text(file_name, mime_type) {
        Content::Text
    } else {
        Content::Other
    }
}

fn says_text(file_name: &str, mime_type: &str) -> bool {
    Path::new(file_name)
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("txt"))
        || mime_type
            .split(';')
            .next()
            .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("text/plain"))
}

fn says_xml(file_name: &str, mime_type: &str) -> bool {
    Path::new(file_name)
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("xml"))
        || mime_type.to_ascii_lowercase().contains("xml")
}

fn looks_like_xml(head: &[u8], says_xml: bool) -> bool {
    let text = narrow(head);
    let text = text.trim_ascii_start();
    if !text.starts_with(b"<") {
        return false;
    }
    let declared = text
        .get(..5)
        .is_some_and(|start| start.eq_ignore_ascii_case(b"<?xml"));
    match root_element(text) {
        Root::Named(name) => {
            let local = name.rsplit(|&byte| byte == b':').next().unwrap_or(name);
            let is_web_page =
                local.eq_ignore_ascii_case(b"html") || local.eq_ignore_ascii_case(b"svg");
            !is_web_page && (declared || says_xml)
        }
        Root::BeyondHead => declared,
        Root::Missing => false,
    }
}

/// The text of `head` as single bytes: a UTF-8 byte-order mark dropped, UTF-16 (with its mark)
/// narrowed for as long as it is ASCII.
fn narrow(head: &[u8]) -> Cow<'_, [u8]> {
    if let Some(rest) = head.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        rest.into()
    } else if let Some(rest) = head.strip_prefix(&[0xFF, 0xFE]) {
        ascii_units(rest.chunks_exact(2).map(|pair| (pair[0], pair[1]))).into()
    } else if let Some(rest) = head.strip_prefix(&[0xFE, 0xFF]) {
        ascii_units(rest.chunks_exact(2).map(|pair| (pair[1], pair[0]))).into()
    } else {
        head.into()
    }
}

/// The leading UTF-16 code units, given as (low, high) byte pairs, that are ASCII.
fn ascii_units(units: impl Iterator<Item = (u8, u8)>) -> Vec<u8> {
    units
        .map_while(|(low, high)| (high == 0 && low.is_ascii()).then_some(low))
        .collect()
}

enum Root<'a> {
    Named(&'a [u8]),
    /// Declarations, comments or a doctype run past the bytes looked at.
    BeyondHead,
    /// Something other than markup comes first.
    Missing,
}

/// The name of the first element, past declarations, comments and a doctype.
fn root_element(text: &[u8]) -> Root<'_> {
    let mut rest = text;
    loop {
        rest = rest.trim_ascii_start();
        let skip_to: &[u8] = if rest.starts_with(b"<?") {
            b"?>"
        } else if rest.starts_with(b"<!--") {
            b"-->"
        } else if rest.starts_with(b"<!") {
            b">"
        } else if let Some(tag) = rest.strip_prefix(b"<") {
            let end = tag
                .iter()
                .position(|&byte| byte.is_ascii_whitespace() || byte == b'>' || byte == b'/')
                .unwrap_or(tag.len());
            let name = &tag[..end];
            let starts_well = name
                .first()
                .is_some_and(|&byte| byte.is_ascii_alphabetic() || byte == b'_' || byte >= 0x80);
            return if starts_well {
                Root::Named(name)
            } else {
                Root::Missing
            };
        } else if rest.is_empty() {
            return Root::BeyondHead;
        } else {
            return Root::Missing;
        };
        match rest
            .windows(skip_to.len())
            .position(|window| window == skip_to)
        {
            Some(position) => rest = &rest[position + skip_to.len()..],
            None => return Root::BeyondHead,
        }
    }
}
