//! The parser against every case of the pywa fixtures (`webhooks/whatsapp`), written samples of
//! what they lack (batches, value-level errors, malformed bodies), and hostile input.

use std::collections::BTreeMap;

use jiff::Timestamp;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::*;
use crate::json_strategy;

/// Every `(file, case, body)` of the fixtures: each file maps case names to complete bodies.
fn all_cases() -> Vec<(String, String, Vec<u8>)> {
    centralita_testkit::files("webhooks/whatsapp", ".json")
        .into_iter()
        .flat_map(|(file, bytes)| {
            let cases: Map<String, Value> =
                serde_json::from_slice(&bytes).unwrap_or_else(|error| panic!("{file}: {error}"));
            cases.into_iter().map(move |(case, body)| {
                let body = serde_json::to_vec(&body).expect("re-serializes");
                (file.clone(), case, body)
            })
        })
        .collect()
}

/// Every fixture body as a JSON value, to mutate.
fn fixture_values() -> Vec<Value> {
    all_cases()
        .into_iter()
        .map(|(_, _, body)| serde_json::from_slice(&body).expect("re-parses"))
        .collect()
}

fn case(file: &str, name: &str) -> Vec<Inbound> {
    let cases: Map<String, Value> = serde_json::from_slice(&centralita_testkit::read(&format!(
        "webhooks/whatsapp/{file}"
    )))
    .expect("fixture is JSON");
    let body = serde_json::to_vec(&cases[name]).expect("re-serializes");
    parse(&body).unwrap_or_else(|error| panic!("{file}/{name}: {error}"))
}

fn message(file: &str, name: &str) -> InboundMessage {
    match case(file, name).as_slice() {
        [Inbound::Message(message)] => message.clone(),
        other => panic!("{file}/{name}: expected one message, got {other:?}"),
    }
}

fn status(file: &str, name: &str) -> StatusUpdate {
    match case(file, name).as_slice() {
        [Inbound::Status(status)] => status.clone(),
        other => panic!("{file}/{name}: expected one status, got {other:?}"),
    }
}

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).expect("in range")
}

/// A short name for what a record is, for the outcome table.
fn outcome(record: &Inbound) -> String {
    match record {
        Inbound::Message(message) if message.from_business => {
            format!("echo:{}", message.kind.as_str())
        }
        Inbound::Message(message) => format!("message:{}", message.kind.as_str()),
        Inbound::Status(status) => format!("status:{}", status.status),
        Inbound::Watermark(mark) => format!("watermark:{}", mark.status),
        Inbound::Template(update) => format!(
            "template:{}",
            update
                .status
                .as_deref()
                .unwrap_or(if update.body.is_some() {
                    "body"
                } else {
                    "category"
                })
        ),
        Inbound::Ignored { kind } => format!("ignored:{kind}"),
    }
}

#[test]
fn every_fixture_case_parses_into_known_outcomes() {
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let cases = all_cases();
    assert_eq!(cases.len(), 74, "cases in the 19 files");
    for (file, name, body) in &cases {
        let records = parse(body).unwrap_or_else(|error| panic!("{file}/{name}: {error}"));
        assert!(!records.is_empty(), "{file}/{name} gave nothing");
        for record in &records {
            *outcomes.entry(outcome(record)).or_default() += 1;
        }
    }
    let expected: BTreeMap<String, usize> = [
        ("echo:deleted", 1),
        ("echo:edit", 1),
        ("echo:text", 1),
        ("ignored:whatsapp:account_update", 17),
        ("ignored:whatsapp:calls", 4),
        ("ignored:whatsapp:error:131000", 1),
        ("ignored:whatsapp:message_template_quality_update", 1),
        ("ignored:whatsapp:system", 2),
        ("ignored:whatsapp:user_preferences", 2),
        ("message:audio", 1),
        ("message:button", 2),
        ("message:contacts", 1),
        ("message:deleted", 1),
        ("message:document", 1),
        ("message:edit", 1),
        ("message:image", 2),
        ("message:interactive", 7),
        ("message:location", 2),
        ("message:order", 1),
        ("message:reaction", 3),
        ("message:sticker", 2),
        ("message:text", 5),
        ("message:unsupported", 3),
        ("message:video", 1),
        ("message:voice", 1),
        ("status:delivered", 1),
        ("status:failed", 1),
        ("status:read", 3),
        ("status:sent", 2),
        ("template:APPROVED", 1),
        ("template:REJECTED", 1),
        ("template:body", 1),
        ("template:category", 1),
    ]
    .into_iter()
    .map(|(outcome, count)| (outcome.to_owned(), count))
    .collect();
    assert_eq!(outcomes, expected);
}

#[test]
fn text_message_has_sender_profile_account_and_time() {
    let text = message("message.json", "text");
    assert_eq!(
        text,
        InboundMessage {
            channel: Channel::Whatsapp,
            account: "1122334455667".to_owned(),
            external_id: "wamid.xyzxyz".to_owned(),
            sender: Sender {
                id: "972987654321".to_owned(),
                name: Some("Test Name".to_owned()),
                phone: Some("+972987654321".to_owned()),
                language: None,
            },
            chat: "972987654321".to_owned(),
            sent_at: at(1_697_043_223),
            kind: MessageKind::Text,
            text: Some("Body Text".to_owned()),
            media: None,
            location: None,
            contacts: Vec::new(),
            reply_to: None,
            from_business: false,
        }
    );
}

/// One row of the message table: what a fixture case must become.
struct Expected {
    file: &'static str,
    case: &'static str,
    kind: MessageKind,
    text: Option<&'static str>,
    reply_to: Option<&'static str>,
    media_id: Option<&'static str>,
}

const fn row(
    file: &'static str,
    case: &'static str,
    kind: MessageKind,
    text: Option<&'static str>,
    reply_to: Option<&'static str>,
    media_id: Option<&'static str>,
) -> Expected {
    Expected {
        file,
        case,
        kind,
        text,
        reply_to,
        media_id,
    }
}

#[test]
fn messages_become_the_expected_kind_text_reply_and_media() {
    use MessageKind as K;
    #[rustfmt::skip]
    let table = [
        row("message.json", "image", K::Image, None, None, Some("65463453")),
        row("message.json", "media_with_url", K::Image, None, None, Some("65463453")),
        row("message.json", "video", K::Video, Some("caption"), None, Some("765756756")),
        row("message.json", "document", K::Document, Some("caption"), None, Some("1234567890987654321")),
        row("message.json", "audio", K::Audio, None, None, Some("1234567890987654321")),
        row("message.json", "voice", K::Voice, None, None, Some("1234567890987654321")),
        row("message.json", "static_sticker", K::Sticker, None, None, Some("1234567890987654321")),
        row("message.json", "animated_sticker", K::Sticker, None, None, Some("1234567890987654321")),
        row("message.json", "reaction", K::Reaction, Some("😮"), Some("wamid.yzxyzx="), None),
        row("message.json", "unreaction_empty", K::Reaction, None, Some("wamid.yzxyzx="), None),
        row("message.json", "unreaction_no_emoji", K::Reaction, None, Some("wamid.yzxyzx="), None),
        row("message.json", "current_location", K::Location, None, None, None),
        row("message.json", "contacts", K::Contacts, None, None, None),
        row("message.json", "order", K::Other("order".to_owned()), None, None, None),
        row("message.json", "unsupported", K::Unsupported, None, None, None),
        row("message.json", "unsupported_with_type", K::Unsupported, None, None, None),
        row("message.json", "reply", K::Text, Some("replied text"), Some("wamid.xyzxyz=="), None),
        row("message.json", "forwarded", K::Text, Some("forwarded text"), None, None),
        row("message.json", "referral", K::Text, Some("BODY"), None, None),
        row("callback_button.json", "button", K::Interactive, Some("title"), Some("wamid.xyzxyz"), None),
        row("callback_button.json", "quick_reply", K::Button, Some("title"), Some("wamid.xyzxyz=="), None),
        row("callback_button.json", "quick_reply_without_context", K::Button, Some("title"), None, None),
        row("callback_selection.json", "callback", K::Interactive, Some("title"), Some("wamid.xyzxyz"), None),
        row("callback_selection.json", "description", K::Interactive, Some("title"), Some("wamid.xyzxyz"), None),
        row("call_permission_update.json", "accept", K::Interactive, Some("accept"), Some("wamid.y=="), None),
        row("call_permission_update.json", "reject", K::Interactive, Some("reject"), Some("wamid.y=="), None),
        row("deleted_message.json", "revoke", K::Deleted, None, Some("<ORIGINAL_WHATSAPP_MESSAGE_ID>"), None),
        row("edited_message.json", "image", K::Edit, Some("Updated image caption"), Some("wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA="), Some("1234567890")),
    ];
    for expected in table {
        let label = format!("{}/{}", expected.file, expected.case);
        let actual = message(expected.file, expected.case);
        assert_eq!(actual.kind, expected.kind, "{label}");
        assert_eq!(actual.text.as_deref(), expected.text, "{label}");
        assert_eq!(actual.reply_to.as_deref(), expected.reply_to, "{label}");
        assert_eq!(
            actual.media.as_ref().map(|media| media.id.as_str()),
            expected.media_id,
            "{label}"
        );
        assert!(!actual.from_business, "{label}");
    }
}

#[test]
fn media_carries_mime_type_hash_and_file_name() {
    let document = message("message.json", "document");
    assert_eq!(
        document.media,
        Some(MediaRef {
            id: "1234567890987654321".to_owned(),
            mime_type: Some("application/pdf".to_owned()),
            sha256: Some("grwfwe/ZPx0wAbdfbdeFUNItPZ0RylL8gGUvdt3YFqc18SY=".to_owned()),
            file_name: Some("filename.pdf".to_owned()),
            file_size: None,
        })
    );
    let edited = message("edited_message.json", "image");
    assert_eq!(
        edited.media.and_then(|media| media.mime_type).as_deref(),
        Some("image/jpeg")
    );
    assert_eq!(edited.sent_at, at(1_749_854_575));
    // The sender of the edit is not in contacts[] (pywa's sample), so it has no profile name.
    assert_eq!(edited.sender.id, "16505551234");
    assert_eq!(edited.sender.name, None);
}

#[test]
fn chosen_location_has_name_and_address() {
    let location = message("message.json", "chosen_location").location;
    assert_eq!(
        location,
        Some(Location {
            latitude: 37.461_197_8,
            longitude: -122.216_438_5,
            name: Some("Facebook HQ".to_owned()),
            address: Some("1 Hacker Way, Menlo Park, CA 94025".to_owned()),
        })
    );
}

#[test]
fn shared_contacts_keep_names_and_phones() {
    let contacts = message("message.json", "contacts").contacts;
    assert_eq!(contacts.len(), 3);
    assert_eq!(
        contacts[0],
        SharedContact {
            name: Some("Chandler Bing".to_owned()),
            phones: vec!["+1 555-555-5555".to_owned()],
        }
    );
    assert_eq!(contacts[1].name.as_deref(), Some("Monica"));
}

#[test]
fn flow_answers_are_the_response_json() {
    let flow = message("flow_completion.json", "completion");
    assert_eq!(flow.kind, MessageKind::Interactive);
    let answers: Value =
        serde_json::from_str(flow.text.as_deref().expect("has text")).expect("is JSON");
    assert_eq!(answers["flow_token"], "AQAAAAACS5FpgQ_cAAAAAD0QI3s.");
}

#[test]
fn statuses_map_one_to_one_and_played_counts_as_read() {
    let table = [
        ("sent", DeliveryStatus::Sent, 1_698_266_945),
        ("delivered", DeliveryStatus::Delivered, 1_698_266_945),
        ("read", DeliveryStatus::Read, 1_689_380_458),
        ("played", DeliveryStatus::Read, 1_689_380_458),
        ("with_tracker", DeliveryStatus::Sent, 1_698_266_945),
    ];
    for (name, expected, seconds) in table {
        let update = status("message_status.json", name);
        assert_eq!(update.status, expected, "{name}");
        assert_eq!(update.external_id, "wamid.xyzxyz", "{name}");
        assert_eq!(update.account, "1122334455667", "{name}");
        assert_eq!(update.recipient.as_deref(), Some("972987654321"), "{name}");
        assert_eq!(update.at, at(seconds), "{name}");
        assert_eq!(update.error, None, "{name}");
    }
}

#[test]
fn failed_status_carries_the_provider_error() {
    let failed = status("message_status.json", "failed");
    assert_eq!(failed.status, DeliveryStatus::Failed);
    assert_eq!(
        failed.error,
        Some(ProviderError {
            code: "130472".to_owned(),
            title: "User's number is part of an experiment".to_owned(),
            detail: Some(
                "Failed to send message because this user's phone number is part of an experiment"
                    .to_owned()
            ),
        })
    );
}

#[test]
fn echoes_are_from_the_business_and_keyed_by_the_customer() {
    let text = message("outgoing_message.json", "text");
    assert!(text.from_business);
    assert_eq!(text.kind, MessageKind::Text);
    assert_eq!(text.text.as_deref(), Some("Test message"));
    assert_eq!(text.chat, "<WHATSAPP_USER_PHONE_NUMBER>");

    // This sample has `from` and `to` swapped; the side that is not the business is the customer.
    let edit = message("outgoing_message.json", "edit");
    assert!(edit.from_business);
    assert_eq!(edit.kind, MessageKind::Edit);
    assert_eq!(edit.text.as_deref(), Some("Text was edited"));
    assert_eq!(edit.reply_to.as_deref(), Some("wamid.zzzzzz"));
    assert_eq!(edit.chat, "972987654321");
    assert_eq!(edit.sender.name.as_deref(), Some("Test Name"));

    let delete = message("outgoing_message.json", "delete");
    assert!(delete.from_business);
    assert_eq!(delete.kind, MessageKind::Deleted);
    assert_eq!(delete.reply_to.as_deref(), Some("wamid.zzzzzz"));
}

#[test]
fn value_level_error_without_a_status_is_named() {
    let records = case("message.json", "interactive_message_with_err");
    assert_eq!(records.len(), 2);
    let Inbound::Message(interactive) = &records[0] else {
        panic!("{records:?}");
    };
    assert_eq!(interactive.kind, MessageKind::Unsupported);
    assert_eq!(
        records[1],
        Inbound::Ignored {
            kind: "whatsapp:error:131000".to_owned()
        }
    );
}

fn template(file: &str, name: &str) -> TemplateUpdate {
    match case(file, name).as_slice() {
        [Inbound::Template(update)] => update.clone(),
        other => panic!("{file}/{name}: {other:?}"),
    }
}

#[test]
fn template_news_carries_status_reason_body_and_category() {
    let rejected = template("template_status_update.json", "rejected");
    assert_eq!(
        (
            rejected.name.as_str(),
            rejected.language.as_str(),
            rejected.status.as_deref(),
            rejected.category.as_deref()
        ),
        ("abandoned_cart", "en", Some("REJECTED"), Some("MARKETING"))
    );
    assert!(
        rejected
            .reason
            .as_deref()
            .is_some_and(|reason| reason.starts_with("Your template has parameters")),
        "{rejected:?}"
    );
    let body = template("template_components_update.json", "element");
    assert_eq!(body.name, "my_message_template");
    assert_eq!(
        body.body.as_deref(),
        Some("Hi {{1}}! Welcome to our service.")
    );
    assert_eq!((body.status, body.reason), (None, None));
    let category = template("template_category_update.json", "marketing");
    assert_eq!(category.category.as_deref(), Some("MARKETING"));
}

#[test]
fn unknown_fields_and_system_messages_are_ignored_by_name() {
    for (file, name, kind) in [
        (
            "account_update.json",
            "account_deleted",
            "whatsapp:account_update",
        ),
        ("call_status.json", "call_status", "whatsapp:calls"),
        (
            "template_quality_update.json",
            "yellow",
            "whatsapp:message_template_quality_update",
        ),
        (
            "user_marketing_preferences.json",
            "signup",
            "whatsapp:user_preferences",
        ),
        ("system.json", "phone_number_change", "whatsapp:system"),
    ] {
        assert_eq!(
            case(file, name),
            vec![Inbound::Ignored {
                kind: kind.to_owned()
            }],
            "{file}/{name}"
        );
    }
}

fn body(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).expect("serializes")
}

fn metadata() -> Value {
    json!({"display_phone_number": "51 1 7000000", "phone_number_id": "PNID"})
}

#[test]
fn a_batch_keeps_body_order_across_entries_and_changes() {
    let batch = json!({
        "object": "whatsapp_business_account",
        "entry": [
            {"id": "WABA", "changes": [
                {"field": "messages", "value": {
                    "messaging_product": "whatsapp",
                    "metadata": metadata(),
                    "contacts": [
                        {"profile": {"name": "Ana"}, "wa_id": "51987654321"},
                        {"profile": {"name": "Luis"}, "wa_id": "573001234567"}
                    ],
                    "messages": [
                        {"from": "51987654321", "id": "wamid.1", "timestamp": "1700000000",
                         "type": "text", "text": {"body": "hola"}},
                        {"from": "573001234567", "id": "wamid.2", "timestamp": 1_700_000_001,
                         "type": "text", "text": {"body": "buenas"}}
                    ]
                }},
                {"field": "messages", "value": {
                    "metadata": metadata(),
                    "statuses": [
                        {"id": "wamid.out", "status": "delivered", "timestamp": "1700000002",
                         "recipient_id": "51987654321"}
                    ]
                }}
            ]},
            {"id": "WABA", "changes": [
                {"field": "account_update", "value": {"event": "ACCOUNT_OFFBOARDED"}}
            ]}
        ]
    });
    let records = parse(&body(&batch)).expect("parses");
    let summary: Vec<String> = records
        .iter()
        .map(|record| match record {
            Inbound::Message(message) => format!(
                "{} {} {}",
                message.external_id,
                message.sender.name.as_deref().unwrap_or("-"),
                message.sent_at.as_second()
            ),
            Inbound::Status(status) => format!("{} {}", status.external_id, status.status),
            Inbound::Watermark(_) | Inbound::Template(_) => "other".to_owned(),
            Inbound::Ignored { kind } => kind.clone(),
        })
        .collect();
    assert_eq!(
        summary,
        [
            "wamid.1 Ana 1700000000",
            "wamid.2 Luis 1700000001",
            "wamid.out delivered",
            "whatsapp:account_update"
        ]
    );
}

#[test]
fn value_level_error_fills_a_failed_status_without_its_own() {
    let failed = json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": {
            "metadata": metadata(),
            "statuses": [
                {"id": "wamid.a", "status": "failed", "timestamp": "1700000000"},
                {"id": "wamid.b", "status": "sent", "timestamp": "1700000000"}
            ],
            "errors": [{"code": 131_047, "title": "Re-engagement message",
                        "error_data": {"details": "More than 24 hours have passed"}}]
        }}]}]
    });
    let records = parse(&body(&failed)).expect("parses");
    let [Inbound::Status(failed), Inbound::Status(sent)] = records.as_slice() else {
        panic!("{records:?}");
    };
    let error = failed.error.as_ref().expect("error attached");
    assert_eq!(error.code, "131047");
    assert_eq!(error.title, "Re-engagement message");
    assert_eq!(
        error.detail.as_deref(),
        Some("More than 24 hours have passed")
    );
    assert_eq!(sent.error, None);
}

#[test]
fn other_objects_are_ignored() {
    let records = parse(br#"{"object":"instagram","entry":[]}"#).expect("parses");
    assert_eq!(
        records,
        vec![Inbound::Ignored {
            kind: "whatsapp:object:instagram".to_owned()
        }]
    );
}

#[test]
fn impossible_shapes_are_errors_with_a_path() {
    let no_id = json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [
            {"field": "account_update", "value": {}},
            {"field": "messages", "value": {
                "metadata": metadata(),
                "messages": [{"from": "51987654321", "timestamp": "1700000000", "type": "text"}]
            }}
        ]}]
    });
    let cases = [
        (body(&no_id), "whatsapp: entry[0].changes[1].value.messages[0] has no id"),
        (b"[]".to_vec(), "whatsapp: body is an array, not an object"),
        (b"{}".to_vec(), "whatsapp: body has no object"),
        (
            br#"{"object":"whatsapp_business_account"}"#.to_vec(),
            "whatsapp: body has no entry",
        ),
        (
            br#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{}}]}]}"#.to_vec(),
            "whatsapp: entry[0].changes[0].value.metadata has no phone_number_id",
        ),
        (
            br#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1"},"statuses":[{"id":"w","status":"read","timestamp":"soon"}]}}]}]}"#.to_vec(),
            "whatsapp: entry[0].changes[0].value.statuses[0] has no timestamp in unix seconds",
        ),
    ];
    for (bytes, expected) in cases {
        let error = parse(&bytes).expect_err(expected);
        assert!(matches!(error, ParseError::Shape(_)), "{error:?}");
        assert_eq!(error.to_string(), expected);
    }
    assert!(matches!(parse(b"not json"), Err(ParseError::Json { .. })));
}

proptest! {
    #[test]
    fn never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse(&bytes);
    }

    #[test]
    fn never_panics_on_json(value in json_strategy::json()) {
        let _ = parse(&body(&value));
    }

    #[test]
    fn never_panics_on_mutated_fixtures(value in json_strategy::mutated(fixture_values())) {
        let _ = parse(&body(&value));
    }
}
