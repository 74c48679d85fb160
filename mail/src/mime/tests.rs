use base64::Engine;
use proptest::prelude::*;
use serde_json::Value;

use super::convert::{default_file_name, safe_file_name};
use super::*;

/// The message in `fixtures/mime/<name>`, parsed.
fn fixture(name: &str) -> MailMessage {
    let bytes = centralita_testkit::read(&format!("mime/{name}"));
    parse_message(&bytes).unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn file_names(message: &MailMessage) -> Vec<&str> {
    message
        .attachments
        .iter()
        .map(|attachment| attachment.file_name.as_str())
        .collect()
}

/// Runs `work` on a thread with the 2 MiB stack that tokio's blocking threads and std's
/// spawned threads get, as the daemon will.
fn on_small_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(work)
        .expect("a thread")
        .join()
        .expect("no panic")
}

#[test]
fn every_mime_fixture_parses() {
    let files = centralita_testkit::files("mime", ".eml");
    assert!(files.len() >= 38, "only {} .eml fixtures", files.len());
    for (name, bytes) in &files {
        // Malformed ones may come back half empty; none may fail or panic.
        let message = parse_message(bytes).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert!(message.snippet.chars().count() <= SNIPPET_CHARS, "{name}");
        for attachment in &message.attachments {
            assert!(!attachment.file_name.is_empty(), "{name}");
            assert!(attachment.mime_type.contains('/'), "{name}");
        }
    }
}

/// What a stalwart `*.expected.json` (mail-parser's own serialised parse) says, flattened the
/// way this crate flattens nested messages.
struct Expected {
    subject: Option<String>,
    from_address: Option<String>,
    attachment_names: Vec<Option<String>>,
}

fn expected(message: &Value) -> Expected {
    let root = &message["parts"][0];
    let subject = header(root, "subject")
        .and_then(|value| value["Text"].as_str())
        .map(str::to_owned);
    let from_address = header(root, "from")
        .and_then(|value| value["Address"]["List"][0]["address"].as_str())
        .map(str::to_owned);
    let mut attachment_names = Vec::new();
    expected_attachments(message, &mut attachment_names);
    Expected {
        subject,
        from_address,
        attachment_names,
    }
}

fn header<'a>(part: &'a Value, name: &str) -> Option<&'a Value> {
    part["headers"]
        .as_array()?
        .iter()
        .find(|header| header["name"] == name)
        .map(|header| &header["value"])
}

fn expected_attachments(message: &Value, names: &mut Vec<Option<String>>) {
    for index in message["attachments"].as_array().into_iter().flatten() {
        let part = &message["parts"][index.as_u64().expect("a part index") as usize];
        if let Some(nested) = part["body"].get("Message") {
            expected_attachments(nested, names);
        } else {
            names.push(expected_file_name(part));
        }
    }
}

fn expected_file_name(part: &Value) -> Option<String> {
    let attribute = |header_name: &str, attribute_name: &str| {
        header(part, header_name)?["ContentType"]["attributes"]
            .as_array()?
            .iter()
            .find(|attribute| attribute["name"] == attribute_name)?["value"]
            .as_str()
            .map(str::to_owned)
    };
    attribute("content_disposition", "filename").or_else(|| attribute("content_type", "name"))
}

#[test]
fn stalwart_fixtures_match_their_expected_subject_sender_and_attachments() {
    let expectations = centralita_testkit::files("mime", ".expected.json");
    assert!(expectations.len() >= 19, "only {}", expectations.len());
    for (expected_name, expected_bytes) in &expectations {
        let eml = expected_name.replace(".expected.json", ".eml");
        let value: Value = serde_json::from_slice(expected_bytes).expect("expected json");
        let expected = expected(&value);
        let message = fixture(&eml);
        assert_eq!(message.subject, expected.subject, "{eml}: subject");
        if expected.from_address.is_some() {
            let from_address = message.from.as_ref().and_then(|from| from.address.clone());
            assert_eq!(from_address, expected.from_address, "{eml}: from");
        }
        assert_eq!(
            message.attachments.len(),
            expected.attachment_names.len(),
            "{eml}: attachments {:?}",
            file_names(&message)
        );
        for (attachment, expected_name) in
            message.attachments.iter().zip(&expected.attachment_names)
        {
            match expected_name.as_deref().and_then(safe_file_name) {
                Some(name) => assert_eq!(attachment.file_name, name, "{eml}"),
                None => assert!(attachment.file_name.starts_with("attachment-"), "{eml}"),
            }
        }
    }
}

#[test]
fn a_pdf_attachment_is_an_invoice_candidate() {
    let message = fixture("mikel_attachment_pdf.eml");
    let candidates = crate::invoice_files(&message);
    assert_eq!(candidates.len(), 1, "{candidates:?}");
    let candidate = &candidates[0];
    assert_eq!(candidate.kind, crate::FileKind::Pdf);
    assert_eq!(candidate.display_name, "broken.pdf");
    assert_eq!(candidate.attachment_name, "broken.pdf");
    assert!(candidate.bytes.starts_with(b"%PDF-"));
}

#[test]
fn headers_are_decoded() {
    let message = fixture("mikel_attachment_pdf.eml");
    assert_eq!(
        message.subject.as_deref(),
        Some("Another PDF with 🎉 Unicode chars in it 🍿")
    );
    assert_eq!(
        message.from,
        Some(Mailbox {
            name: Some("Test Tester".to_owned()),
            address: Some("xxxx@xxxx.com".to_owned()),
        })
    );
    assert_eq!(message.to.len(), 2);
    assert_eq!(
        message.date,
        Some("2005-05-10T17:26:39Z".parse().expect("a timestamp"))
    );
    assert!(message.message_id.is_some());
}

#[test]
fn attachments_of_a_forwarded_message_are_flattened() {
    let message = fixture("mikel_attachment_message_rfc822.eml");
    assert_eq!(file_names(&message), ["broken.pdf"]);
    assert_eq!(crate::invoice_files(&message).len(), 1);
}

#[test]
fn non_ascii_file_names_decode() {
    // A raw UTF-8 parameter.
    assert_eq!(
        file_names(&fixture("mikel_attachment_nonascii_filename.eml")),
        ["ciële.txt"]
    );
    // RFC 2047 in KS C 5601.
    assert_eq!(file_names(&fixture("phpmmp_m0018.eml"))[0], "사진.JPG");
    // RFC 2231 `name*=iso-2022-jp'ja'…`; the %8A byte is not valid ISO-2022-JP, so it becomes
    // a replacement character and the rest survives.
    let encoded = fixture("mikel_attachment_with_encoded_name.eml");
    let name = file_names(&encoded)[0];
    assert!(name.starts_with("01 Quien Te Dij"), "{name}");
    assert!(name.ends_with("at. Pitbull.mp3"), "{name}");
    // A folded RFC 2047 `name=` that mail-parser misreads falls back on Content-Description.
    assert_eq!(
        file_names(&fixture("phpmmp_m0013.eml")),
        ["50032266 CAR 11_MNPA00A01_9PTX_H00 ATT N° 1467829.pdf"]
    );
}

#[test]
fn charsets_give_text() {
    let iso_2022_jp = fixture("mikel_japanese_iso_2022.eml");
    assert_eq!(iso_2022_jp.subject.as_deref(), Some("まみむめも"));
    assert_eq!(iso_2022_jp.text.trim(), "すみません。");

    let shift_jis = fixture("mikel_japanese_shift_jis.eml");
    assert!(
        shift_jis
            .text
            .contains("このメールはテスト用のメールです。"),
        "{}",
        shift_jis.text
    );

    let korean = fixture("mikel_ks_c_5601-1987.eml");
    let hangul = |c: char| ('\u{AC00}'..='\u{D7A3}').contains(&c);
    assert!(korean.text.trim().chars().all(hangul), "{:?}", korean.text);
    assert!(!korean.text.trim().is_empty());

    let windows_1250 = fixture("phpmmp_issue212.eml");
    assert_eq!(
        windows_1250.subject.as_deref(),
        Some("Automatyczna odpowiedź: Piotrze, test z 6 miesięcy nauki ciągle na Ciebie czeka")
    );
    let windows_1251 = fixture("phpmmp_m0021.eml");
    let subject = windows_1251.subject.expect("a subject");
    assert!(
        subject
            .chars()
            .any(|c| ('\u{0410}'..='\u{044F}').contains(&c)),
        "{subject}"
    );
    assert!(!subject.contains('\u{FFFD}'), "{subject}");

    let windows_1252 = fixture("stalwart_legacy_012.eml");
    assert!(windows_1252.text.contains("Die Hasen und die Frösche"));
}

#[test]
fn missing_file_names_get_defaults_from_the_mime_type() {
    assert_eq!(
        file_names(&fixture("stalwart_rfc_000.eml")),
        ["attachment-1.bin", "attachment-2.jpg", "attachment-3.bin"]
    );
    assert_eq!(default_file_name(7, "application/pdf"), "attachment-7.pdf");
    assert_eq!(default_file_name(1, "x-unknown/thing"), "attachment-1.bin");
}

#[test]
fn file_names_lose_directories_and_control_characters() {
    assert_eq!(
        safe_file_name("../../etc/passwd").as_deref(),
        Some("passwd")
    );
    assert_eq!(
        safe_file_name("C:\\Temp\\factura.pdf").as_deref(),
        Some("factura.pdf")
    );
    assert_eq!(
        safe_file_name("fac\u{0}tura\r\n.pdf").as_deref(),
        Some("factura.pdf")
    );
    assert_eq!(
        safe_file_name(" factura.pdf. ").as_deref(),
        Some("factura.pdf")
    );
    for unusable in ["", "   ", ".", "..", "dir/", "\u{7}"] {
        assert_eq!(safe_file_name(unusable), None, "{unusable:?}");
    }
    let long = format!("{}.pdf", "ñ".repeat(300));
    let shortened = safe_file_name(&long).expect("a name");
    assert!(shortened.len() <= 255);
    assert!(shortened.ends_with("ñ.pdf"));
}

#[test]
fn inline_pictures_with_a_content_id_are_embedded() {
    let message = fixture("stalwart_thirdparty_018.eml");
    let [logo, attached] = &message.attachments[..] else {
        panic!("{:?}", message.attachments);
    };
    assert!(logo.is_inline && logo.is_embedded());
    assert_eq!(
        logo.content_id.as_deref(),
        Some("part1.8C5E6A81.D0C1B91A@example.com")
    );
    assert!(!attached.is_inline && !attached.is_embedded());
}

const MULTIPART_HEAD: &str = "From: Billing <billing@example.com>\r\n\
    To: Team: ana@example.com, Luis <luis@example.com>;, carla@example.com\r\n\
    Cc: dora@example.com\r\n\
    Subject: Factura\r\n\
    Date: Thu, 13 Feb 2025 10:00:00 -0500\r\n\
    Message-ID: <abc@example.com>\r\n\
    Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n";

/// A multipart/mixed message with a text body and the given raw parts (headers and body).
fn multipart(parts: &[&str]) -> Vec<u8> {
    let mut raw = String::from(MULTIPART_HEAD);
    raw.push_str("--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHola,\r\n\r\n  adjunto   la factura.\r\n");
    for part in parts {
        raw.push_str("--b\r\n");
        raw.push_str(part);
        raw.push_str("\r\n");
    }
    raw.push_str("--b--\r\n");
    raw.into_bytes()
}

#[test]
fn addresses_groups_and_dates_are_read() {
    let message = parse_message(&multipart(&[])).expect("a message");
    let addresses: Vec<_> = message
        .to
        .iter()
        .map(|mailbox| mailbox.address.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(
        addresses,
        ["ana@example.com", "luis@example.com", "carla@example.com"]
    );
    assert_eq!(message.cc.len(), 1);
    assert_eq!(message.message_id.as_deref(), Some("abc@example.com"));
    assert_eq!(
        message.date,
        Some("2025-02-13T15:00:00Z".parse().expect("a timestamp"))
    );
    assert_eq!(message.snippet, "Hola, adjunto la factura.");
}

#[test]
fn impossible_or_missing_dates_are_none() {
    let impossible = b"Subject: x\r\nDate: Mon, 31 Feb 2020 10:00:00 +0000\r\n\r\nbody\r\n";
    assert_eq!(parse_message(impossible).expect("a message").date, None);
    let missing = b"Subject: x\r\n\r\nbody\r\n";
    assert_eq!(parse_message(missing).expect("a message").date, None);
}

#[test]
fn text_attachments_keep_their_original_bytes_and_charset() {
    let latin1_xml = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Invoice>Caf\xe9</Invoice>";
    let quoted = "Content-Type: text/xml; charset=iso-8859-1; name=\"a.xml\"\r\n\
        Content-Disposition: attachment; filename=\"a.xml\"\r\n\
        Content-Transfer-Encoding: quoted-printable\r\n\r\n\
        <?xml version=3D\"1.0\" encoding=3D\"ISO-8859-1\"?><Invoice>Caf=E9</Invoice>";
    let base64 = format!(
        "Content-Type: text/xml; name=\"b.xml\"\r\n\
        Content-Disposition: attachment; filename=\"b.xml\"\r\n\
        Content-Transfer-Encoding: base64\r\n\r\n{}",
        base64::engine::general_purpose::STANDARD.encode(latin1_xml)
    );
    let message = parse_message(&multipart(&[quoted, &base64])).expect("a message");
    assert_eq!(file_names(&message), ["a.xml", "b.xml"]);
    for attachment in &message.attachments {
        assert_eq!(attachment.bytes, latin1_xml, "{}", attachment.file_name);
    }
    // A plain UTF-8 text attachment (7bit) keeps its bytes too.
    let plain = fixture("mikel_attachment_nonascii_filename.eml");
    assert_eq!(plain.attachments[0].bytes, b"Hi there.\r\n");
}

#[test]
fn html_only_bodies_become_text() {
    let raw = b"Subject: x\r\nContent-Type: text/html\r\n\r\n<p>Total: <b>12,30</b></p>\r\n";
    let message = parse_message(raw).expect("a message");
    assert!(message.text.contains("Total: 12,30"), "{:?}", message.text);
    assert!(!message.text.contains('<'));
}

#[test]
fn snippets_collapse_whitespace_and_stop_at_the_limit() {
    assert_eq!(snippet("  a \n\t b  ", 10), "a b");
    assert_eq!(snippet("abc def", 4), "abc");
    assert_eq!(snippet("abc def", 5), "abc d");
    assert_eq!(snippet("ñññ", 2), "ññ");
    assert_eq!(snippet("anything", 0), "");
}

#[test]
fn empty_input_is_not_a_message() {
    assert_eq!(parse_message(b""), Err(MailError::NotAMessage));
}

#[test]
fn oversized_messages_are_refused_before_parsing() {
    let raw = vec![b'a'; MAX_MESSAGE_BYTES + 1];
    assert_eq!(
        parse_message(&raw),
        Err(MailError::TooLarge {
            size: MAX_MESSAGE_BYTES + 1,
            limit: MAX_MESSAGE_BYTES
        })
    );
}

fn attachments_message(count: usize) -> Vec<u8> {
    let parts: Vec<String> = (0..count)
        .map(|index| {
            format!(
                "Content-Type: application/octet-stream\r\n\
                Content-Disposition: attachment; filename=\"f{index}.bin\"\r\n\r\nx"
            )
        })
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    multipart(&parts)
}

#[test]
fn attachments_are_capped() {
    let at_limit = parse_message(&attachments_message(MAX_ATTACHMENTS)).expect("a message");
    assert_eq!(at_limit.attachments.len(), MAX_ATTACHMENTS);
    assert_eq!(
        parse_message(&attachments_message(MAX_ATTACHMENTS + 1)),
        Err(MailError::TooManyAttachments {
            limit: MAX_ATTACHMENTS
        })
    );
}

/// A message nesting `levels` message/rfc822 parts in the plain (unencoded) way.
fn nested_plain(levels: usize) -> Vec<u8> {
    let mut raw = b"Subject: outer\r\n".to_vec();
    for _ in 0..levels {
        raw.extend_from_slice(b"Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n");
    }
    raw.extend_from_slice(b"\r\nhello\r\n");
    raw
}

/// A message whose one part is `inner`, as message/rfc822 in the given transfer encoding.
fn wrapped(inner: &[u8], transfer_encoding: &str) -> Vec<u8> {
    let body = match transfer_encoding {
        "base64" => base64::engine::general_purpose::STANDARD
            .encode(inner)
            .into_bytes()
            .chunks(76)
            .flat_map(|line| [line, b"\r\n"].concat())
            .collect(),
        // Every slash escaped and a soft line break every few bytes, so no marker is visible.
        "quoted-printable" => inner
            .chunks(5)
            .flat_map(|chunk| {
                let mut encoded: Vec<u8> = chunk
                    .iter()
                    .flat_map(|&byte| match byte {
                        b'/' => b"=2F".to_vec(),
                        b'=' => b"=3D".to_vec(),
                        _ => vec![byte],
                    })
                    .collect();
                encoded.extend_from_slice(b"=\r\n");
                encoded
            })
            .collect(),
        _ => inner.to_vec(),
    };
    let mut raw = format!(
        "Subject: wrapper\r\nContent-Type: multipart/mixed; boundary=\"w\"\r\n\r\n\
        --w\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n\
        --w\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: {transfer_encoding}\r\n\r\n"
    )
    .into_bytes();
    raw.extend_from_slice(&body);
    raw.extend_from_slice(b"\r\n--w--\r\n");
    raw
}

#[test]
fn deep_nesting_is_refused_instead_of_overflowing_the_stack() {
    // mail-parser 0.11.9 aborts the process on these (3000 encoded levels overflow a 2 MiB
    // stack inside `parse`; deep plain nesting overflows when the result is dropped).
    let refused = Err(MailError::TooManyNestedMessages {
        limit: MAX_NESTED_MESSAGES,
    });
    let deep = nested_plain(5000);
    for raw in [
        deep.clone(),
        wrapped(&deep, "base64"),
        wrapped(&deep, "quoted-printable"),
        wrapped(&wrapped(&deep, "quoted-printable"), "base64"),
    ] {
        assert_eq!(on_small_stack(move || parse_message(&raw)), refused);
    }
}

#[test]
fn a_digest_hides_no_encoded_nesting() {
    let inner = base64::engine::general_purpose::STANDARD.encode(nested_plain(5000));
    let raw = format!(
        "Subject: digest\r\nContent-Type: multipart/digest; boundary=\"d\"\r\n\r\n\
        --d\r\nContent-Transfer-Encoding: base64\r\n\r\n{inner}\r\n--d--\r\n"
    );
    assert_eq!(
        on_small_stack(move || parse_message(raw.as_bytes())),
        Err(MailError::TooManyNestedMessages {
            limit: MAX_NESTED_MESSAGES
        })
    );
}

#[test]
fn nesting_within_the_limit_parses_on_a_small_stack() {
    let levels = MAX_NESTED_MESSAGES - 2;
    for raw in [
        nested_plain(MAX_NESTED_MESSAGES),
        wrapped(&nested_plain(levels), "base64"),
        wrapped(&nested_plain(levels), "quoted-printable"),
    ] {
        let result = on_small_stack(move || parse_message(&raw).map(|message| message.subject));
        assert!(result.is_ok(), "{result:?}");
    }
}

#[test]
fn a_panic_inside_mail_parser_is_an_error() {
    // Found by parse_message_never_panics_on_mime_like_input: mail-parser 0.11.9 subtracts
    // past zero in quoted_printable.rs when a part ends in a soft line break right before its
    // boundary. Overflow checks make that a panic (debug, tests); release builds wrap.
    let raw = b"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
        Content-Transfer-Encoding: quoted-printable\r\n\r\n=E9=\r\n--b\r\n";
    let result = parse_message(raw);
    if cfg!(debug_assertions) {
        assert_eq!(result, Err(MailError::ParserFailed));
    } else {
        assert!(result.is_ok(), "{result:?}");
    }
}

/// Pieces of MIME from which the property test builds messages that reach deep into the
/// parser: multiparts, nested messages, encodings, parameters.
fn mime_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "Subject: =?utf-8?B?w7Fv?=\r\n",
        "From: \"A\" <a@b.c>, (comment) d@e\r\n",
        "To: group: x@y.z;\r\n",
        "Date: Mon, 31 Feb 2020 25:61:61 +9999\r\n",
        "Content-Type: multipart/mixed; boundary=\"b\"\r\n",
        "Content-Type: multipart/alternative; boundary=b\r\n",
        "Content-Type: multipart/digest; boundary=\"b\"\r\n",
        "Content-Type: message/rfc822\r\n",
        "Content-Type: text/html; charset=shift_jis\r\n",
        "Content-Type: application/pdf; name*0*=utf-8''%C3%B1; name*1=x.pdf\r\n",
        "Content-Transfer-Encoding: base64\r\n",
        "Content-Transfer-Encoding: quoted-printable\r\n",
        "Content-Disposition: inline; filename=\"../a\\b.pdf\"\r\n",
        "Content-ID: <x@y>\r\n",
        "\r\n",
        "--b\r\n",
        "--b--\r\n",
        "JVBERi0xLjQK\r\n",
        "=E9=\r\n",
        "<p>hi</p>\r\n",
        "\u{0}\u{ff}\r",
    ])
}

proptest! {
    #[test]
    fn parse_message_never_panics_on_arbitrary_bytes(
        raw in prop::collection::vec(any::<u8>(), 0..2048)
    ) {
        let _ = parse_message(&raw);
    }

    #[test]
    fn parse_message_never_panics_on_mime_like_input(
        pieces in prop::collection::vec(mime_piece(), 0..60),
        noise in prop::collection::vec(any::<u8>(), 0..16),
    ) {
        let mut raw = pieces.concat().into_bytes();
        raw.extend_from_slice(&noise);
        if let Ok(message) = parse_message(&raw) {
            prop_assert!(message.snippet.chars().count() <= SNIPPET_CHARS);
            let _ = crate::scan_attachments(&message);
        }
    }
}
