//! A conservative pre-scan that bounds message nesting before `mail-parser` sees the bytes.
//!
//! Why: `mail-parser` 0.11 builds a nested `message/rfc822` part as a nested `Message` value,
//! and copies (`into_owned`) and drops that tree recursively. A crafted message of about
//! 130 KB that nests 3000 base64-encoded levels overflows a 2 MiB thread stack inside `parse`,
//! and deeper plain nesting overflows when the result is dropped. A stack overflow aborts the
//! whole daemon; no `catch_unwind` can stop it. So the depth must be known before parsing.
//!
//! How: every way `mail-parser` nests a message needs a marker in the bytes it parses: a
//! content type `message/rfc822` or `message/global`, or `multipart/digest` (whose parts are
//! messages by default). This scan counts the markers, matching case-insensitively and
//! allowing the whitespace, folds and comments `mail-parser` allows around the slash. Encoded
//! nested messages are decoded and parsed again by `mail-parser` (at most three levels), so
//! the scan decodes them too (base64 or quoted-printable bodies after a header block holding
//! a marker, or any such body inside a digest) and counts inside, just as deep. The depth of
//! the tree is then at most the count.
//!
//! Every rule errs towards counting more: odd mail may be refused, none can get through.
//! Decoding work is capped at a few times the input size, so the scan stays linear.

use super::MailError;

/// Levels of encoded nesting that `mail-parser` parses (its `MAX_NESTED_ENCODED`).
const ENCODED_LEVELS: usize = 3;

/// Decoding work allowed, as a multiple of the raw size, plus a floor for tiny inputs.
const WORK_FACTOR: usize = 4;
const WORK_FLOOR: usize = 64 * 1024;

/// The most bytes of whitespace and comments skipped around the slash of a content type; past
/// that the candidate counts as a marker.
const MAX_SKIP: usize = 1024;

/// Refuses `raw` when it may nest more than `limit` messages.
pub(super) fn check_nesting(raw: &[u8], limit: usize) -> Result<(), MailError> {
    let mut scan = Scan {
        markers: 0,
        limit,
        work_left: raw
            .len()
            .saturating_mul(WORK_FACTOR)
            .saturating_add(WORK_FLOOR),
    };
    scan.level(raw, 0)
        .map_err(|Refused| MailError::TooManyNestedMessages { limit })
}

struct Scan {
    markers: usize,
    limit: usize,
    work_left: usize,
}

/// The scan gave up: too many markers, or too much decoding.
struct Refused;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Marker {
    Message,
    Digest,
}

#[derive(Clone, Copy)]
enum TransferEncoding {
    Base64,
    QuotedPrintable,
}

impl Scan {
    fn level(&mut self, bytes: &[u8], level: usize) -> Result<(), Refused> {
        let mut has_digest = false;
        let mut found = 0;
        for marker in markers(bytes) {
            found += 1;
            has_digest |= marker == Marker::Digest;
            self.markers += 1;
            if self.markers > self.limit {
                return Err(Refused);
            }
        }
        if found == 0 || level == ENCODED_LEVELS {
            return Ok(());
        }
        for block in blocks(bytes) {
            let header = &bytes[block.start..block.body];
            if !has_digest && markers(header).next().is_none() {
                continue;
            }
            let Some(encoding) = transfer_encoding(header) else {
                continue;
            };
            let body = &bytes[block.body..];
            let (decoded, consumed) = match encoding {
                TransferEncoding::Base64 => decode_base64(body),
                TransferEncoding::QuotedPrintable => {
                    decode_quoted_printable(body, boundary(header))
                }
            };
            self.work_left = self.work_left.checked_sub(consumed).ok_or(Refused)?;
            self.level(&decoded, level + 1)?;
        }
        Ok(())
    }
}

/// Every nested-message marker in `bytes`, in order.
fn markers(bytes: &[u8]) -> impl Iterator<Item = Marker> + '_ {
    (0..bytes.len()).filter_map(|index| marker_at(bytes, index))
}

fn marker_at(bytes: &[u8], index: usize) -> Option<Marker> {
    if !matches!(bytes[index], b'm' | b'M') {
        return None;
    }
    let rest = &bytes[index..];
    let (marker, after_type) = if starts_with_ignore_case(rest, b"message") {
        (Marker::Message, 7)
    } else if starts_with_ignore_case(rest, b"multipart") {
        (Marker::Digest, 9)
    } else {
        return None;
    };
    let Some(slash) = skip_space_and_comments(rest, after_type) else {
        return Some(marker);
    };
    if rest.get(slash) != Some(&b'/') {
        return None;
    }
    let Some(subtype) = skip_space_and_comments(rest, slash + 1) else {
        return Some(marker);
    };
    let subtype = &rest[subtype..];
    let matches = match marker {
        Marker::Message => {
            starts_with_ignore_case(subtype, b"rfc822")
                || starts_with_ignore_case(subtype, b"global")
        }
        Marker::Digest => starts_with_ignore_case(subtype, b"digest"),
    };
    matches.then_some(marker)
}

/// The index of the first byte at or after `start` that is neither whitespace (folds included)
/// nor inside a parenthesised comment; `None` when that takes more than [`MAX_SKIP`] bytes.
fn skip_space_and_comments(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (offset, &byte) in bytes.get(start..)?.iter().enumerate().take(MAX_SKIP) {
        if depth > 0 {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ => {}
            }
            continue;
        }
        match byte {
            b' ' | b'\t' | b'\r' | b'\n' => {}
            b'(' => depth = 1,
            _ => return Some(start + offset),
        }
    }
    // The end of the input after only whitespace is no marker; a long run is treated as one.
    (bytes.len() - start <= MAX_SKIP && depth == 0).then_some(bytes.len())
}

/// A run of lines up to a blank line (a possible header block) and where the text after the
/// blank line starts.
struct Block {
    start: usize,
    body: usize,
}

/// Every block of `bytes` that a blank line ends.
fn blocks(bytes: &[u8]) -> impl Iterator<Item = Block> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        let (blank, length) = find_blank_line(bytes, start)?;
        let block = Block {
            start,
            body: blank + length,
        };
        start = block.body;
        Some(block)
    })
}

/// The position and length of the next `\n\n` or `\n\r\n` at or after `from`.
fn find_blank_line(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut index = from;
    while index < bytes.len() {
        if bytes[index] == b'\n' {
            match bytes.get(index + 1..) {
                Some([b'\n', ..]) => return Some((index, 2)),
                Some([b'\r', b'\n', ..]) => return Some((index, 3)),
                _ => {}
            }
        }
        index += 1;
    }
    None
}

fn transfer_encoding(header: &[u8]) -> Option<TransferEncoding> {
    if contains_ignore_case(header, b"base64") {
        Some(TransferEncoding::Base64)
    } else if contains_ignore_case(header, b"quoted-printable") {
        Some(TransferEncoding::QuotedPrintable)
    } else {
        None
    }
}

/// The boundary named by the last `--` line of a block: the delimiter that opened this part.
fn boundary(header: &[u8]) -> Option<&[u8]> {
    header
        .split(|&byte| byte == b'\n')
        .filter_map(|line| line.strip_prefix(b"--"))
        .map(<[u8]>::trim_ascii)
        .rfind(|boundary| !boundary.is_empty())
}

/// Decodes base64 as leniently as `mail-parser` and more: whitespace, `-` and `=` are skipped,
/// and decoding goes on after padding. Returns the bytes and how much input was read, which
/// ends at the first byte that cannot belong to base64 text.
fn decode_base64(input: &[u8]) -> (Vec<u8>, usize) {
    let mut decoded = Vec::with_capacity(input.len() / 4 * 3);
    let mut chunk = 0u32;
    let mut count = 0u8;
    let mut consumed = input.len();
    for (index, &byte) in input.iter().enumerate() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                flush_base64(&mut decoded, chunk, count);
                chunk = 0;
                count = 0;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' | b'-' => continue,
            _ => {
                consumed = index;
                break;
            }
        };
        chunk = (chunk << 6) | u32::from(value);
        count += 1;
        if count == 4 {
            decoded.extend_from_slice(&chunk.to_be_bytes()[1..]);
            chunk = 0;
            count = 0;
        }
    }
    flush_base64(&mut decoded, chunk, count);
    (decoded, consumed)
}

fn flush_base64(decoded: &mut Vec<u8>, chunk: u32, count: u8) {
    match count {
        2 => decoded.push((chunk >> 4) as u8),
        3 => decoded.extend_from_slice(&[(chunk >> 10) as u8, (chunk >> 2) as u8]),
        _ => {}
    }
}

/// Decodes quoted-printable up to `--<boundary>` (to the end without a boundary), keeping
/// invalid escapes as they are. Returns the bytes and how much input was read.
fn decode_quoted_printable(input: &[u8], boundary: Option<&[u8]>) -> (Vec<u8>, usize) {
    let end = boundary
        .and_then(|boundary| find_delimiter(input, boundary))
        .unwrap_or(input.len());
    let input = &input[..end];
    let mut decoded = Vec::with_capacity(input.len());
    let mut index = 0;
    while index < input.len() {
        let byte = input[index];
        if byte == b'=' {
            match input.get(index + 1..index + 3) {
                Some([b'\r', b'\n']) => {
                    index += 3;
                    continue;
                }
                Some([b'\n', _]) => {
                    index += 2;
                    continue;
                }
                Some(&[high, low]) => {
                    if let (Some(high), Some(low)) = (hex(high), hex(low)) {
                        decoded.push(high << 4 | low);
                        index += 3;
                        continue;
                    }
                }
                _ => {}
            }
        }
        decoded.push(byte);
        index += 1;
    }
    (decoded, end)
}

fn find_delimiter(input: &[u8], boundary: &[u8]) -> Option<usize> {
    let delimiter_length = boundary.len() + 2;
    (0..input.len()).find(|&index| {
        input
            .get(index..index + delimiter_length)
            .is_some_and(|window| window.starts_with(b"--") && window[2..] == *boundary)
    })
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|digit| digit as u8)
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn contains_ignore_case(bytes: &[u8], needle: &[u8]) -> bool {
    bytes
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_allow_case_space_folds_and_comments_around_the_slash() {
        for content_type in [
            &b"Message/RFC822"[..],
            b"message /rfc822",
            b"message/\r\n rfc822",
            b"message(a (nested) comment)/global",
            b"MULTIPART/Digest",
        ] {
            assert_eq!(markers(content_type).count(), 1, "{content_type:?}");
        }
        for content_type in [&b"message/partial"[..], b"multipart/mixed", b"messages"] {
            assert_eq!(markers(content_type).count(), 0, "{content_type:?}");
        }
    }

    #[test]
    fn an_endless_comment_counts_as_a_marker() {
        let mut content_type = b"message(".to_vec();
        content_type.extend(std::iter::repeat_n(b'x', MAX_SKIP * 2));
        assert_eq!(markers(&content_type).count(), 1);
    }

    #[test]
    fn base64_decoding_goes_on_after_padding_and_stops_at_a_header() {
        // Over-reading into the next delimiter and header name is harmless: it only ever adds
        // bytes to scan.
        let (decoded, consumed) = decode_base64(b"QUI=\r\nQ0Q=\r\n--b\r\nContent-Type: x");
        assert!(decoded.starts_with(b"ABCD"), "{decoded:?}");
        assert_eq!(consumed, b"QUI=\r\nQ0Q=\r\n--b\r\nContent-Type".len());
    }

    #[test]
    fn quoted_printable_decoding_stops_at_the_enclosing_boundary() {
        let (decoded, consumed) =
            decode_quoted_printable(b"mes=\r\nsage=2F=\nx\r\n--outer--\r\nmore", Some(b"outer"));
        assert_eq!(decoded, b"message/x\r\n");
        assert_eq!(consumed, b"mes=\r\nsage=2F=\nx\r\n".len());
    }

    #[test]
    fn the_boundary_is_the_last_delimiter_line_of_a_block() {
        assert_eq!(
            boundary(b"text\r\n--first\r\n--second\r\nContent-Type: message/rfc822\r\n"),
            Some(&b"second"[..])
        );
        assert_eq!(boundary(b"Content-Type: message/rfc822\r\n"), None);
    }
}
