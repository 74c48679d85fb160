//! The parser against Messenger samples written from providers.md §2 and Meta's webhook event
//! reference (no inbound Messenger payload with a usable licence exists, see
//! `webhooks/messenger/README.md`), and hostile input.

use jiff::Timestamp;
use proptest::prelude::*;
use serde_json::Value;

use super::*;
use crate::json_strategy;

const PAGE: &str = "106010712345678";
const PSID: &str = "7012345678901234";

/// A page body with one entry holding the given `messaging[]` events (JSON text).
fn page_body(events: &[&str]) -> Vec<u8> {
    format!(
        r#"{{"object":"page","entry":[{{"id":"{PAGE}","time":1718000009999,"messaging":[{}]}}]}}"#,
        events.join(",")
    )
    .into_bytes()
}

/// An event from the customer to the Page, with the given field (JSON text, without braces).
fn from_customer(field: &str) -> String {
    format!(
        r#"{{"sender":{{"id":"{PSID}"}},"recipient":{{"id":"{PAGE}"}},"timestamp":1718000000000,{field}}}"#
    )
}

fn one(events: &[&str]) -> Inbound {
    let mut records = parse(&page_body(events)).expect("parses");
    assert_eq!(records.len(), 1, "{records:?}");
    records.remove(0)
}

fn one_message(event: &str) -> InboundMessage {
    match one(&[event]) {
        Inbound::Message(message) => message,
        other => panic!("expected a message, got {other:?}"),
    }
}

fn at_millis(millis: i64) -> Timestamp {
    Timestamp::from_millisecond(millis).expect("in range")
}

const TEXT: &str = r#""message":{"mid":"m_AbCdEf123","text":"Hola, quisiera una cita"}"#;
const IMAGE: &str = r#""message":{"mid":"m_img","attachments":[{"type":"image","payload":{"url":"https://scontent.xx.fbcdn.net/v/t1.15752-9/4480_n.jpg?_nc_cat=1"}}]}"#;
const FILE: &str = r#""message":{"mid":"m_file","text":"mi factura","attachments":[{"type":"file","payload":{"url":"https://cdn.fbsbx.com/v/t59.2708-21/4481_factura.pdf/factura.pdf?_nc_cat=1"}},{"type":"image","payload":{"url":"https://scontent.xx.fbcdn.net/second.jpg"}}]}"#;
const STICKER: &str = r#""message":{"mid":"m_sticker","sticker_id":369239263222822,"attachments":[{"type":"image","payload":{"url":"https://scontent.xx.fbcdn.net/v/t39.1997-6/851557_369239266556155_n.png","sticker_id":369239263222822}}]}"#;
const QUICK_REPLY: &str =
    r#""message":{"mid":"m_qr","text":"Sí, confirmo","quick_reply":{"payload":"CONFIRM_YES"}}"#;
const REPLY: &str =
    r#""message":{"mid":"m_reply","text":"esa hora me sirve","reply_to":{"mid":"m_out1"}}"#;
const POSTBACK: &str = r#""postback":{"title":"Ver horarios","payload":"SCHEDULE","mid":"m_pb"}"#;
const POSTBACK_WITHOUT_MID: &str = r#""postback":{"title":"Empezar","payload":"GET_STARTED"}"#;
const REACTION: &str =
    r#""reaction":{"reaction":"love","emoji":"\u2764\ufe0f","action":"react","mid":"m_out1"}"#;
const UNREACTION: &str = r#""reaction":{"reaction":"love","action":"unreact","mid":"m_out1"}"#;
const EDIT: &str =
    r#""message_edit":{"mid":"m_AbCdEf123","text":"Hola, quisiera dos citas","num_edit":1}"#;
const READ: &str = r#""read":{"watermark":1718000006000}"#;
const OPTIN: &str = r#""optin":{"type":"notification_messages","payload":"OFFERS","notification_messages_token":"t"}"#;

/// The Page's own message, sent from the Page inbox or another app.
fn echo() -> String {
    format!(
        r#"{{"sender":{{"id":"{PAGE}"}},"recipient":{{"id":"{PSID}"}},"timestamp":1718000001000,"message":{{"is_echo":true,"app_id":1517776481860111,"metadata":"agent","mid":"m_echo","text":"Le confirmo su cita"}}}}"#
    )
}

/// Delivery receipts, in the older form without a timestamp of their own.
fn delivery() -> String {
    format!(
        r#"{{"sender":{{"id":"{PSID}"}},"recipient":{{"id":"{PAGE}"}},"delivery":{{"mids":["m_out1","m_out2"],"watermark":1718000005000}}}}"#
    )
}

/// Every sample above in one body, and each alone, as JSON values to mutate.
fn sample_values() -> Vec<Value> {
    let mut events: Vec<String> = [
        TEXT,
        IMAGE,
        FILE,
        STICKER,
        QUICK_REPLY,
        REPLY,
        POSTBACK,
        POSTBACK_WITHOUT_MID,
        REACTION,
        UNREACTION,
        EDIT,
        READ,
        OPTIN,
    ]
    .into_iter()
    .map(from_customer)
    .collect();
    events.push(echo());
    events.push(delivery());
    let all: Vec<&str> = events.iter().map(String::as_str).collect();
    std::iter::once(page_body(&all))
        .chain(events.iter().map(|event| page_body(&[event])))
        .map(|body| serde_json::from_slice(&body).expect("samples are JSON"))
        .collect()
}

#[test]
fn text_message_has_every_field() {
    assert_eq!(
        one_message(&from_customer(TEXT)),
        InboundMessage {
            channel: Channel::Messenger,
            account: PAGE.to_owned(),
            external_id: "m_AbCdEf123".to_owned(),
            sender: Sender {
                id: PSID.to_owned(),
                name: None,
                phone: None,
                language: None,
            },
            chat: PSID.to_owned(),
            sent_at: at_millis(1_718_000_000_000),
            kind: MessageKind::Text,
            text: Some("Hola, quisiera una cita".to_owned()),
            media: None,
            location: None,
            contacts: Vec::new(),
            reply_to: None,
            from_business: false,
        }
    );
}

#[test]
fn attachments_become_media_of_their_kind() {
    let image = one_message(&from_customer(IMAGE));
    assert_eq!(image.kind, MessageKind::Image);
    assert_eq!(image.text, None);
    assert_eq!(
        image.media,
        Some(MediaRef {
            id: "https://scontent.xx.fbcdn.net/v/t1.15752-9/4480_n.jpg?_nc_cat=1".to_owned(),
            mime_type: None,
            sha256: None,
            file_name: None,
            file_size: None,
        })
    );
    // Only the first attachment is kept.
    let file = one_message(&from_customer(FILE));
    assert_eq!(file.kind, MessageKind::Document);
    assert_eq!(file.text.as_deref(), Some("mi factura"));
    assert!(file.media.expect("has media").id.contains("factura.pdf"));

    assert_eq!(
        one_message(&from_customer(STICKER)).kind,
        MessageKind::Sticker
    );
}

#[test]
fn quick_replies_and_replies() {
    let quick_reply = one_message(&from_customer(QUICK_REPLY));
    assert_eq!(quick_reply.kind, MessageKind::Button);
    assert_eq!(quick_reply.text.as_deref(), Some("Sí, confirmo"));
    let reply = one_message(&from_customer(REPLY));
    assert_eq!(reply.kind, MessageKind::Text);
    assert_eq!(reply.reply_to.as_deref(), Some("m_out1"));
}

#[test]
fn echoes_are_from_the_business_and_keyed_by_the_customer() {
    let echo = one_message(&echo());
    assert!(echo.from_business);
    assert_eq!(echo.sender.id, PSID);
    assert_eq!(echo.chat, PSID);
    assert_eq!(echo.account, PAGE);
    assert_eq!(echo.external_id, "m_echo");
    assert_eq!(echo.text.as_deref(), Some("Le confirmo su cita"));
}

#[test]
fn postbacks_reactions_and_edits() {
    let postback = one_message(&from_customer(POSTBACK));
    assert_eq!(postback.kind, MessageKind::Postback);
    assert_eq!(postback.text.as_deref(), Some("Ver horarios"));
    assert_eq!(postback.external_id, "m_pb");
    let without_mid = one_message(&from_customer(POSTBACK_WITHOUT_MID));
    assert_eq!(
        without_mid.external_id,
        format!("postback:{PSID}:1718000000000")
    );

    let reaction = one_message(&from_customer(REACTION));
    assert_eq!(reaction.kind, MessageKind::Reaction);
    assert_eq!(reaction.text.as_deref(), Some("❤\u{fe0f}"));
    assert_eq!(reaction.reply_to.as_deref(), Some("m_out1"));
    assert_eq!(
        reaction.external_id,
        format!("m_out1:reaction:{PSID}:1718000000000")
    );
    assert_eq!(one_message(&from_customer(UNREACTION)).text, None);

    let edit = one_message(&from_customer(EDIT));
    assert_eq!(edit.kind, MessageKind::Edit);
    assert_eq!(edit.text.as_deref(), Some("Hola, quisiera dos citas"));
    assert_eq!(edit.reply_to.as_deref(), Some("m_AbCdEf123"));
    assert_eq!(edit.external_id, "m_AbCdEf123:edit:1");
}

#[test]
fn delivery_gives_a_delivered_status_per_mid() {
    let records = parse(&page_body(&[&delivery()])).expect("parses");
    let expected: Vec<Inbound> = ["m_out1", "m_out2"]
        .into_iter()
        .map(|mid| {
            Inbound::Status(StatusUpdate {
                channel: Channel::Messenger,
                account: PAGE.to_owned(),
                external_id: mid.to_owned(),
                status: DeliveryStatus::Delivered,
                // No timestamp on the event: the watermark stands in.
                at: at_millis(1_718_000_005_000),
                recipient: Some(PSID.to_owned()),
                error: None,
            })
        })
        .collect();
    assert_eq!(records, expected);
}

#[test]
fn watermarks_apply_to_everything_sent_to_that_customer_before_them() {
    let mark = |status| {
        Inbound::Watermark(Watermark {
            channel: Channel::Messenger,
            account: PAGE.to_owned(),
            chat: PSID.to_owned(),
            status,
            up_to: at_millis(1_718_000_006_000),
        })
    };
    assert_eq!(one(&[&from_customer(READ)]), mark(DeliveryStatus::Read));
    assert_eq!(
        one(&[&from_customer(r#""delivery":{"watermark":1718000006000}"#)]),
        mark(DeliveryStatus::Delivered)
    );
}

#[test]
fn watermarks_without_a_time_and_unknown_events_are_ignored_by_name() {
    let table = [
        (from_customer(r#""read":{}"#), "messenger:read_watermark"),
        (
            from_customer(r#""delivery":{}"#),
            "messenger:delivery_watermark",
        ),
        (from_customer(OPTIN), "messenger:optin"),
    ];
    for (event, kind) in table {
        assert_eq!(
            one(&[&event]),
            Inbound::Ignored {
                kind: kind.to_owned()
            },
            "{event}"
        );
    }
    assert_eq!(
        parse(br#"{"object":"instagram","entry":[]}"#).expect("parses"),
        vec![Inbound::Ignored {
            kind: "messenger:object:instagram".to_owned()
        }]
    );
    assert_eq!(
        parse(br#"{"object":"page","entry":[{"id":"1","time":1,"standby":[]}]}"#).expect("parses"),
        vec![Inbound::Ignored {
            kind: "messenger:standby".to_owned()
        }]
    );
}

#[test]
fn a_batch_keeps_body_order() {
    let text = from_customer(TEXT);
    let image = from_customer(IMAGE);
    let read = from_customer(READ);
    let echo = echo();
    let delivery = delivery();
    let records = parse(&page_body(&[&text, &image, &echo, &delivery, &read])).expect("parses");
    let summary: Vec<String> = records
        .iter()
        .map(|record| match record {
            Inbound::Message(message) => {
                format!("{} {}", message.external_id, message.kind.as_str())
            }
            Inbound::Status(status) => format!("{} {}", status.external_id, status.status),
            Inbound::Watermark(mark) => format!("{} up to {}", mark.status, mark.up_to),
            Inbound::Template(_) => "template".to_owned(),
            Inbound::Ignored { kind } => kind.clone(),
        })
        .collect();
    assert_eq!(
        summary,
        [
            "m_AbCdEf123 text",
            "m_img image",
            "m_echo text",
            "m_out1 delivered",
            "m_out2 delivered",
            "read up to 2024-06-10T06:13:26Z"
        ]
    );
}

#[test]
fn impossible_shapes_are_errors_with_a_path() {
    let no_mid = from_customer(r#""message":{"text":"hola"}"#);
    let no_sender = format!(r#"{{"recipient":{{"id":"{PAGE}"}},"timestamp":1,{TEXT}}}"#);
    let cases: [(Vec<u8>, &str); 5] = [
        (page_body(&[&no_mid]), "messenger: entry[0].messaging[0].message has no mid"),
        (page_body(&[&no_sender]), "messenger: entry[0].messaging[0] has no sender.id"),
        (
            br#"{"object":"page","entry":[{"messaging":[]}]}"#.to_vec(),
            "messenger: entry[0] has no id",
        ),
        (br#"{"entry":[]}"#.to_vec(), "messenger: body has no object"),
        (
            br#"{"object":"page","entry":[{"id":"1","messaging":[{"message":{"mid":"m","text":"x"},"sender":{"id":"2"}}]}]}"#.to_vec(),
            "messenger: entry[0].messaging[0] has no timestamp",
        ),
    ];
    for (bytes, expected) in cases {
        let error = parse(&bytes).expect_err(expected);
        assert_eq!(error.to_string(), expected);
    }
    assert!(matches!(parse(b"\xff"), Err(ParseError::Json { .. })));
}

proptest! {
    #[test]
    fn never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse(&bytes);
    }

    #[test]
    fn never_panics_on_json(value in json_strategy::json()) {
        let _ = parse(&serde_json::to_vec(&value).expect("serializes"));
    }

    #[test]
    fn never_panics_on_mutated_samples(value in json_strategy::mutated(sample_values())) {
        let _ = parse(&serde_json::to_vec(&value).expect("serializes"));
    }
}
