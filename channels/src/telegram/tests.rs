//! The parser against all 105 nutgram fixtures (`webhooks/telegram`), written samples of what
//! they lack, and hostile input.

use std::collections::BTreeMap;

use jiff::Timestamp;
use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;
use crate::json_strategy;

/// Every fixture body as a JSON value, to mutate.
fn fixture_values() -> Vec<Value> {
    centralita_testkit::files("webhooks/telegram", ".json")
        .into_iter()
        .map(|(name, bytes)| {
            serde_json::from_slice(&bytes).unwrap_or_else(|error| panic!("{name}: {error}"))
        })
        .collect()
}

fn update(name: &str) -> (i64, Vec<Inbound>) {
    parse(&centralita_testkit::read(&format!(
        "webhooks/telegram/{name}"
    )))
    .unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn message(name: &str) -> InboundMessage {
    match update(name).1.as_slice() {
        [Inbound::Message(message)] => message.clone(),
        other => panic!("{name}: expected one message, got {other:?}"),
    }
}

fn ignored_kind(name: &str) -> String {
    match update(name).1.as_slice() {
        [Inbound::Ignored { kind }] => kind.clone(),
        other => panic!("{name}: expected one ignored record, got {other:?}"),
    }
}

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).expect("in range")
}

#[test]
fn every_fixture_parses_into_known_outcomes() {
    let files = centralita_testkit::files("webhooks/telegram", ".json");
    assert_eq!(files.len(), 105);
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    for (name, bytes) in &files {
        let (update_id, records) = parse(bytes).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert!(update_id > 0, "{name}");
        assert_eq!(records.len(), 1, "{name}");
        let outcome = match &records[0] {
            Inbound::Message(message) => format!("message:{}", message.kind.as_str()),
            Inbound::Status(status) => format!("status:{}", status.status),
            Inbound::Watermark(_) | Inbound::Template(_) => "watermark or template".to_owned(),
            Inbound::Ignored { kind } if kind.starts_with("telegram:message:") => {
                "ignored:service message".to_owned()
            }
            Inbound::Ignored { .. } => "ignored:update".to_owned(),
        };
        *outcomes.entry(outcome).or_default() += 1;
    }
    let expected: BTreeMap<String, usize> = [
        ("ignored:service message", 38),
        ("ignored:update", 20),
        ("message:audio", 1),
        ("message:button", 4),
        ("message:chat_shared", 1),
        ("message:checklist", 1),
        ("message:contacts", 1),
        ("message:dice", 1),
        ("message:document", 1),
        ("message:edit", 2),
        ("message:game", 1),
        ("message:giveaway", 1),
        ("message:giveaway_winners", 1),
        ("message:image", 1),
        ("message:invoice", 1),
        ("message:location", 2),
        ("message:poll", 1),
        ("message:reaction", 1),
        ("message:rich_message", 1),
        ("message:sticker", 1),
        ("message:story", 1),
        ("message:text", 17),
        ("message:users_shared", 1),
        ("message:video", 3),
        ("message:voice", 1),
        ("message:web_app_data", 1),
    ]
    .into_iter()
    .map(|(outcome, count)| (outcome.to_owned(), count))
    .collect();
    assert_eq!(outcomes, expected);
}

#[test]
fn text_message_has_every_field() {
    let (update_id, _) = update("message.json");
    assert_eq!(update_id, 1);
    assert_eq!(
        message("message.json"),
        InboundMessage {
            channel: Channel::Telegram,
            account: String::new(),
            external_id: "456:123".to_owned(),
            sender: Sender {
                id: "456".to_owned(),
                name: Some("Mario".to_owned()),
                phone: None,
                language: Some("en".to_owned()),
            },
            chat: "456".to_owned(),
            sent_at: at(1_684_984_664),
            kind: MessageKind::Text,
            text: Some("Ciao".to_owned()),
            media: None,
            location: None,
            contacts: Vec::new(),
            reply_to: None,
            from_business: false,
        }
    );
}

#[test]
fn photo_uses_the_size_with_most_pixels() {
    let photo = message("photo.json");
    assert_eq!(photo.kind, MessageKind::Image);
    assert_eq!(photo.text.as_deref(), Some("asdasdasdasdasdasd"));
    // 720x960 beats the later 600x800 even though that file is bigger.
    assert_eq!(
        photo.media,
        Some(MediaRef {
            id: "SAAS".to_owned(),
            mime_type: None,
            sha256: None,
            file_name: None,
            file_size: Some(84_913),
        })
    );
}

#[test]
fn files_keep_name_type_and_size() {
    let document = message("document.json");
    assert_eq!(document.kind, MessageKind::Document);
    assert_eq!(
        document.media,
        Some(MediaRef {
            id: "a1b2c34d5e6f7g8h9i".to_owned(),
            mime_type: Some("application/pdf".to_owned()),
            sha256: None,
            file_name: Some("document.pdf".to_owned()),
            file_size: Some(123_456),
        })
    );
    let table = [
        ("audio.json", MessageKind::Audio, "dfhhdfhgdfghdf"),
        ("voice.json", MessageKind::Voice, "dfghjjghdjhgd"),
        ("video.json", MessageKind::Video, "sdfsdfsdfsfsdfdsfdsfs"),
        ("video_note.json", MessageKind::Video, "dfgfdgdfgdfggdfgdf"),
        (
            "sticker.json",
            MessageKind::Sticker,
            "yhufjikjhgjkghjffghgf",
        ),
        // An animation also carries a `document`; the animation wins.
        (
            "animation.json",
            MessageKind::Video,
            "sdaafsghhjhgkkygrssgdfghgfdgh",
        ),
    ];
    for (name, kind, file_id) in table {
        let file = message(name);
        assert_eq!(file.kind, kind, "{name}");
        assert_eq!(
            file.media.map(|media| media.id).as_deref(),
            Some(file_id),
            "{name}"
        );
    }
}

#[test]
fn location_and_venue() {
    let location = message("location.json");
    assert_eq!(location.kind, MessageKind::Location);
    assert_eq!(
        location.location,
        Some(Location {
            latitude: 41.899_977,
            longitude: 12.501_028,
            name: None,
            address: None,
        })
    );
    let venue = message("venue.json")
        .location
        .expect("venue has a location");
    assert_eq!(venue.name.as_deref(), Some("McDonald's"));
    assert_eq!(venue.address.as_deref(), Some("Via Giolitti 65"));
}

#[test]
fn contact_of_someone_else_does_not_set_the_sender_phone() {
    let contact = message("contact.json");
    assert_eq!(contact.kind, MessageKind::Contacts);
    assert_eq!(
        contact.contacts,
        vec![SharedContact {
            name: Some("911".to_owned()),
            phones: vec!["911".to_owned()],
        }]
    );
    assert_eq!(contact.sender.phone, None);
}

#[test]
fn own_contact_shared_proves_the_sender_phone() {
    let own = json!({"update_id": 7, "message": {
        "message_id": 5, "date": 1_700_000_000,
        "from": {"id": 42, "is_bot": false, "first_name": "Rosa", "language_code": "es"},
        "chat": {"id": 42, "type": "private", "first_name": "Rosa"},
        "contact": {"phone_number": "51987654321", "first_name": "Rosa", "user_id": 42}
    }});
    let (_, records) = parse(&serde_json::to_vec(&own).expect("serializes")).expect("parses");
    let [Inbound::Message(shared)] = records.as_slice() else {
        panic!("{records:?}");
    };
    assert_eq!(shared.sender.phone.as_deref(), Some("+51987654321"));
}

#[test]
fn edited_message_points_at_the_original() {
    let (update_id, _) = update("edited_message.json");
    assert_eq!(update_id, 62_257_549);
    let edit = message("edited_message.json");
    assert_eq!(edit.kind, MessageKind::Edit);
    assert_eq!(edit.text.as_deref(), Some("Editing this message"));
    assert_eq!(edit.reply_to.as_deref(), Some("999999999:23762"));
    assert_eq!(edit.external_id, "999999999:23762:edit:1584985245");
    assert_eq!(edit.sent_at, at(1_584_985_245));
    assert_eq!(
        message("edited_business_message.json").kind,
        MessageKind::Edit
    );
}

#[test]
fn callback_query_is_a_button_with_its_data() {
    let button = message("callback_query.json");
    assert_eq!(button.kind, MessageKind::Button);
    assert_eq!(button.text.as_deref(), Some("thedata"));
    assert_eq!(button.external_id, "callback_query:666728699048485871");
    assert_eq!(button.sender.id, "222222222");
    assert_eq!(button.sender.language.as_deref(), Some("it"));
    assert_eq!(button.chat, "222222222");
    assert_eq!(button.reply_to.as_deref(), Some("222222222:69587"));
    assert_eq!(button.sent_at, at(1_584_984_711));
    assert!(!button.from_business);

    assert_eq!(
        message("callback_query_complex.json").text.as_deref(),
        Some("c=uud&pid=1&bid=1")
    );
    let inaccessible = message("callback_query_inaccessible_message.json");
    assert_eq!(inaccessible.sent_at, Timestamp::UNIX_EPOCH);
    assert_eq!(inaccessible.reply_to.as_deref(), Some("222222222:69587"));
    let inline = message("callback_query_without_message.json");
    assert_eq!(inline.chat, "222222222");
    assert_eq!(inline.reply_to, None);
    assert_eq!(inline.sent_at, Timestamp::UNIX_EPOCH);
}

#[test]
fn message_reaction_holds_the_current_emoji() {
    let reaction = message("message_reaction.json");
    assert_eq!(reaction.kind, MessageKind::Reaction);
    assert_eq!(reaction.text.as_deref(), Some("❤\u{fe0f}🤡"));
    assert_eq!(reaction.reply_to.as_deref(), Some("456:123"));
    assert_eq!(reaction.sender.id, "456");
    assert_eq!(reaction.external_id, "456:123:reaction:456:1684984664");

    let removed = json!({"update_id": 3, "message_reaction": {
        "chat": {"id": 9, "type": "private"}, "message_id": 4, "date": 1_700_000_000,
        "user": {"id": 9, "is_bot": false, "first_name": "Ana"},
        "old_reaction": [{"type": "emoji", "emoji": "👍"}], "new_reaction": []
    }});
    let (_, records) = parse(&serde_json::to_vec(&removed).expect("serializes")).expect("parses");
    let [Inbound::Message(removed)] = records.as_slice() else {
        panic!("{records:?}");
    };
    assert_eq!(removed.text, None);
}

#[test]
fn groups_topics_and_replies() {
    let in_topic = message("message_topic.json");
    assert_eq!(in_topic.chat, "-1001234567489");
    assert_eq!(in_topic.external_id, "-1001234567489:35");
    // Pointing at the topic's first message is not a reply.
    assert_eq!(in_topic.reply_to, None);
    assert_eq!(
        message("message_different_topic_reply.json")
            .reply_to
            .as_deref(),
        Some("-1001234567489:70")
    );
    assert_eq!(
        message("message_general_topic_reply.json")
            .reply_to
            .as_deref(),
        Some("-1001234567489:66")
    );
}

#[test]
fn bots_write_as_the_business() {
    let rich = message("rich_message.json");
    assert!(rich.from_business);
    assert_eq!(rich.kind, MessageKind::Other("rich_message".to_owned()));
    assert!(!message("text.json").from_business);
}

#[test]
fn other_content_is_named() {
    let table = [
        (
            "message_poll.json",
            "poll",
            Some("What's your favorite color?"),
        ),
        ("dice.json", "dice", Some("🎲")),
        ("game.json", "game", Some("sdfsdfsdfsdfsf")),
        ("web_app_data.json", "web_app_data", Some("asdfsaasd")),
        ("story.json", "story", None),
    ];
    for (name, kind, text) in table {
        let other = message(name);
        assert_eq!(other.kind, MessageKind::Other(kind.to_owned()), "{name}");
        assert_eq!(other.text.as_deref(), text, "{name}");
    }
}

#[test]
fn other_updates_and_service_messages_are_ignored_by_name() {
    let table = [
        ("chat_member.json", "telegram:chat_member"),
        ("my_chat_member.json", "telegram:my_chat_member"),
        ("inline_query.json", "telegram:inline_query"),
        ("poll.json", "telegram:poll"),
        ("chat_boost.json", "telegram:chat_boost"),
        ("business_connection.json", "telegram:business_connection"),
        ("channel_post.json", "telegram:channel_post"),
        ("edited_channel_post.json", "telegram:edited_channel_post"),
        (
            "message_reaction_count.json",
            "telegram:message_reaction_count",
        ),
        ("new_chat_members.json", "telegram:message:new_chat_members"),
        ("pinned_message.json", "telegram:message:pinned_message"),
        (
            "successful_payment.json",
            "telegram:message:successful_payment",
        ),
        (
            "forum_topic_created.json",
            "telegram:message:forum_topic_created",
        ),
    ];
    for (name, kind) in table {
        assert_eq!(ignored_kind(name), kind, "{name}");
    }
}

#[test]
fn impossible_shapes_are_errors_with_a_path() {
    let cases: [(&[u8], &str); 5] = [
        (b"{}", "telegram: body has no integer update_id"),
        (b"[1]", "telegram: body is an array, not an object"),
        (
            br#"{"update_id":1,"message":{"chat":{"id":1},"date":1}}"#,
            "telegram: message has no message_id",
        ),
        (
            br#"{"update_id":1,"message":{"message_id":1,"chat":{},"date":1}}"#,
            "telegram: message.chat has no id",
        ),
        (
            br#"{"update_id":1,"callback_query":{"id":"1"}}"#,
            "telegram: callback_query has no from",
        ),
    ];
    for (bytes, expected) in cases {
        let error = parse(bytes).expect_err(expected);
        assert_eq!(error.to_string(), expected);
    }
    assert!(matches!(parse(b"{"), Err(ParseError::Json { .. })));
    assert_eq!(
        parse(br#"{"update_id":5}"#).expect("parses"),
        (
            5,
            vec![Inbound::Ignored {
                kind: "telegram:empty".to_owned()
            }]
        )
    );
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
    fn never_panics_on_mutated_fixtures(value in json_strategy::mutated(fixture_values())) {
        let _ = parse(&serde_json::to_vec(&value).expect("serializes"));
    }
}
