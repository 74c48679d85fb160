//! What a document is, from its bytes alone: file names and extensions lie.

use crate::DocumentKind;
use crate::xml;

/// The verdict on a document's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detected {
    /// A kind we read.
    Accepted(DocumentKind),
    /// Something else, named for the operator ("a ZIP archive", "plain text").
    Refused(&'static str),
}

/// The kinds accepted, as the refusal message lists them.
pub const ACCEPTED: &str =
    "PDF, JPEG, PNG, TIFF, UBL 2.x, CFDI 3.3/4.0 or CII (Factur-X/ZUGFeRD) XML";

/// Detects the kind of `bytes` from magic numbers and, for XML, the root element.
pub fn detect(bytes: &[u8]) -> Detected {
    // PDF readers accept the header anywhere in the first KiB.
    if bytes.windows(5).take(1024).any(|window| window == b"%PDF-") {
        return Detected::Accepted(DocumentKind::Pdf);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Detected::Accepted(DocumentKind::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Detected::Accepted(DocumentKind::Png);
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Detected::Accepted(DocumentKind::Tiff);
    }
    if let Some(kind) = xml::root_kind(bytes) {
        return Detected::Accepted(kind);
    }
    Detected::Refused(name_of_other(bytes))
}

/// A name for bytes we do not accept, so the refusal says what was sent.
fn name_of_other(bytes: &[u8]) -> &'static str {
    const MAGIC: [(&[u8], &str); 10] = [
        (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
        (b"\xD0\xCF\x11\xE0", "a legacy Microsoft Office document"),
        (b"GIF8", "a GIF image"),
        (b"RIFF", "a RIFF file (WebP, WAV or AVI)"),
        (b"%!PS", "a PostScript file"),
        (b"\x7FELF", "an executable"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"{\\rtf", "an RTF document"),
    ];
    if bytes.is_empty() {
        return "an empty file";
    }
    if let Some((_, name)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return name;
    }
    if bytes.len() > 12 && &bytes[4..8] == b"ftyp" {
        return "an HEIC/MP4 file";
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return "an HTML page";
    }
    if head.starts_with('<') {
        return "XML that is not an invoice";
    }
    if head.starts_with('{') || head.starts_with('[') {
        return "JSON or other text";
    }
    if std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok() {
        return "plain text";
    }
    "unrecognised binary data"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_and_pdfs_are_known_by_their_magic_numbers() {
        assert_eq!(
            detect(b"%PDF-1.7\n..."),
            Detected::Accepted(DocumentKind::Pdf)
        );
        assert_eq!(
            detect(b"\r\n  junk %PDF-1.4"),
            Detected::Accepted(DocumentKind::Pdf)
        );
        assert_eq!(
            detect(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Detected::Accepted(DocumentKind::Jpeg)
        );
        assert_eq!(
            detect(b"\x89PNG\r\n\x1a\n\0\0"),
            Detected::Accepted(DocumentKind::Png)
        );
        assert_eq!(
            detect(b"II*\0\x08\0"),
            Detected::Accepted(DocumentKind::Tiff)
        );
        assert_eq!(detect(b"MM\0*\0\0"), Detected::Accepted(DocumentKind::Tiff));
    }

    #[test]
    fn other_content_is_refused_with_its_name() {
        assert_eq!(detect(b""), Detected::Refused("an empty file"));
        assert_eq!(
            detect(b"PK\x03\x04rest"),
            Detected::Refused("a ZIP archive (or an Office document)")
        );
        assert_eq!(detect(b"hello, world\n"), Detected::Refused("plain text"));
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?><note>hi</note>"),
            Detected::Refused("XML that is not an invoice")
        );
        assert_eq!(
            detect(b"<!DOCTYPE html><html></html>"),
            Detected::Refused("an HTML page")
        );
        assert_eq!(
            detect(&[0, 159, 146, 150, 1, 2]),
            Detected::Refused("unrecognised binary data")
        );
    }

    proptest::proptest! {
        #[test]
        fn detection_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..4096)) {
            let _ = detect(&bytes);
        }
    }
}
