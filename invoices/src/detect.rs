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
    "PDF, JPEG, PNG, TIFF, UBL 2.x, CFDI 3.2/3.3/4.0 or CII (Factur-X/ZUGFeRD) XML, or plain text";

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
    match name_of_other(bytes) {
        PLAIN_TEXT => match decode_text(bytes) {
            Some(text) if text.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_WORDS => {
                Detected::Accepted(DocumentKind::Text)
            }
            Some(_) => Detected::Refused("text without words"),
            None => Detected::Refused("unrecognised binary data"),
        },
        other => Detected::Refused(other),
    }
}

const PLAIN_TEXT: &str = "plain text";

/// Fewest letters or digits a text document has.
const MIN_WORDS: usize = 3;

/// The text of a plain-text document: UTF-8 (a byte order mark dropped), UTF-16 with a byte order
/// mark, else Latin-1 read as Windows-1252 (what legacy systems write). `None` for bytes that are
/// no text: NUL or other control bytes.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)?
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => bytes.iter().map(|&byte| windows_1252(byte)).collect(),
        }
    };
    let control = text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'));
    (!control).then_some(text)
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let words = bytes.chunks_exact(2).map(|pair| word([pair[0], pair[1]]));
    char::decode_utf16(words)
        .collect::<Result<String, _>>()
        .ok()
}

/// A Windows-1252 byte as a character; the five bytes it leaves undefined stay C1 controls (and
/// so make the bytes no text).
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
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
    PLAIN_TEXT
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

    #[test]
    fn plain_text_is_a_document_in_any_common_encoding() {
        let text = Detected::Accepted(DocumentKind::Text);
        assert_eq!(detect(b"hello, world\n"), text);
        assert_eq!(detect("TOTAL RM 12,50\r\nMERCI\t\u{c}".as_bytes()), text);
        assert_eq!(detect(b"\xEF\xBB\xBFFactura 12"), text);
        // Latin-1 / Windows-1252: not UTF-8, still text.
        let latin1 = b"Rechnungsbetrag: 12,50 \x80 - Gr\xFC\xDFe";
        assert_eq!(detect(latin1), text);
        assert_eq!(
            decode_text(latin1).as_deref(),
            Some("Rechnungsbetrag: 12,50 € - Grüße")
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Total 5.00".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(detect(&utf16), text);
        assert_eq!(decode_text(&utf16).as_deref(), Some("Total 5.00"));
    }

    #[test]
    fn binary_data_and_markup_are_not_text() {
        let binary = Detected::Refused("unrecognised binary data");
        assert_eq!(detect(&[0, 159, 146, 150, 1, 2]), binary);
        assert_eq!(detect(b"Total\x00\x01\x02 12.50"), binary);
        assert_eq!(detect(&[0x9D; 64]), binary);
        assert_eq!(detect(b"  \n\t\n"), Detected::Refused("text without words"));
        assert_eq!(
            detect(b"{\"total\": 1}"),
            Detected::Refused("JSON or other text")
        );
        assert_eq!(
            detect(b"<html><body>Total 5</body></html>"),
            Detected::Refused("an HTML page")
        );
    }

    proptest::proptest! {
        #[test]
        fn detection_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..4096)) {
            let _ = detect(&bytes);
        }
    }
}
