//! Character encodings: UTF-8 (with or without a byte-order mark), or ISO-8859-1 read as
//! Windows-1252 when the XML declaration says so.

use std::borrow::Cow;
use std::sync::LazyLock;

use super::XmlError;

/// The text of `bytes`: UTF-8 (with or without a byte-order mark) unless the XML declaration
/// says ISO-8859-1, read as Windows-1252 (its superset for text, as browsers do).
pub(super) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, XmlError> {
    static DECLARATION: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"\A<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']"#)
            .expect("valid pattern")
    });
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(XmlError::UnsupportedEncoding("UTF-16".to_owned()));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let label = DECLARATION
        .captures(&body[..body.len().min(1024)])
        .and_then(|captures| captures.get(1))
        .map(|label| String::from_utf8_lossy(label.as_bytes()).into_owned());
    match label.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("utf-8" | "utf8" | "us-ascii" | "ascii") => std::str::from_utf8(body)
            .map(Cow::Borrowed)
            .map_err(|error| {
                let offset = bytes.len() - body.len() + error.valid_up_to();
                XmlError::BadUtf8 { offset }
            }),
        Some(
            "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "latin-1" | "l1"
            | "windows-1252" | "cp1252",
        ) => Ok(Cow::Owned(windows_1252(body))),
        Some(_) => Err(XmlError::UnsupportedEncoding(label.unwrap_or_default())),
    }
}

fn windows_1252(bytes: &[u8]) -> String {
    /// What 0x80–0x9F stand for; the five unassigned bytes map to the same code points.
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    bytes
        .iter()
        .map(|&byte| match byte {
            0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
            _ => char::from(byte),
        })
        .collect()
}
