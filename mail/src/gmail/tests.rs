use base64::Engine;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use proptest::prelude::*;

use super::*;

#[test]
fn every_gmail_fixture_deserialises_as_a_message() {
    let files = centralita_testkit::files("gmail", ".json");
    assert_eq!(files.len(), 5);
    for (name, bytes) in files {
        // These are `format=full` answers; the draft one is a `users.drafts.get` answer that
        // wraps the message as `{"id": …, "message": {…}}`.
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        let inner = value.get("message").unwrap_or(&value);
        let body = serde_json::to_vec(inner).expect("json");
        let message = parse_message(&body).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert!(!message.id.0.is_empty(), "{name}");
        assert!(!message.label_ids.is_empty(), "{name}");
        assert!(message.history_id.is_some(), "{name}");
        assert!(message.internal_date.is_some(), "{name}");
        assert!(message.size_estimate.is_some(), "{name}");
        assert_eq!(message.raw, None, "{name}");
        assert!(matches!(
            message.raw_bytes(),
            Err(GmailError::MissingRaw { .. })
        ));
    }
}

#[test]
fn a_full_fixture_keeps_its_fields() {
    let bytes = centralita_testkit::read("gmail/messages.get.format_full.plainTextMessage.json");
    let message = parse_message(&bytes).expect("a message");
    assert_eq!(message.id, MessageId("151e0bf2c42e466a".to_owned()));
    assert_eq!(message.thread_id, ThreadId("151e0bf2c42e466a".to_owned()));
    assert_eq!(
        message.label_ids,
        [LabelId("SENT".to_owned()), LabelId("INBOX".to_owned())]
    );
    assert_eq!(
        message.snippet.as_deref(),
        Some("The actual message text goes here")
    );
    assert_eq!(message.history_id, Some(HistoryId(694_232)));
    assert_eq!(
        message.internal_date,
        Some("2015-12-27T00:03:23Z".parse().expect("a timestamp"))
    );
    assert_eq!(message.size_estimate, Some(472));
}

#[test]
fn a_raw_message_decodes_and_parses() {
    let raw = b"From: Ana <ana@example.com>\r\nSubject: Factura?\r\n\r\n\xff\xfe body\r\n";
    let body = serde_json::json!({
        "id": "18c1",
        "threadId": "18c0",
        "labelIds": ["INBOX", "Label_3"],
        "snippet": "body",
        "historyId": "123456789012",
        "internalDate": 1_700_000_000_000_u64,
        "sizeEstimate": 99,
        "raw": URL_SAFE_NO_PAD.encode(raw),
    });
    let message = parse_message(body.to_string().as_bytes()).expect("a message");
    assert_eq!(message.history_id, Some(HistoryId(123_456_789_012)));
    assert_eq!(
        message.internal_date,
        Some(Timestamp::from_second(1_700_000_000).expect("a timestamp"))
    );
    let bytes = message.raw_bytes().expect("base64url");
    assert_eq!(bytes, raw);
    let mail = crate::parse_message(&bytes).expect("a mail message");
    assert_eq!(mail.subject.as_deref(), Some("Factura?"));
}

#[test]
fn odd_internal_dates_are_none_not_errors() {
    for internal_date in [
        serde_json::json!("soon"),
        serde_json::json!(null),
        serde_json::json!([]),
    ] {
        let body = serde_json::json!({"id": "a", "threadId": "b", "internalDate": internal_date});
        let message = parse_message(body.to_string().as_bytes()).expect("a message");
        assert_eq!(message.internal_date, None);
    }
}

#[test]
fn a_message_list_page_parses() {
    let page = br#"{
        "messages": [
            {"id": "18c1", "threadId": "18c0"},
            {"id": "18c2", "threadId": "18c2"}
        ],
        "nextPageToken": "0987",
        "resultSizeEstimate": 201
    }"#;
    let list = parse_message_list(page).expect("a page");
    assert_eq!(list.messages.len(), 2);
    assert_eq!(list.messages[1].id, MessageId("18c2".to_owned()));
    assert!(list.messages[0].label_ids.is_empty());
    assert_eq!(list.next_page_token.as_deref(), Some("0987"));
    assert_eq!(list.result_size_estimate, Some(201));

    let empty = parse_message_list(br#"{"resultSizeEstimate": 0}"#).expect("a page");
    assert_eq!(
        empty,
        MessageList {
            result_size_estimate: Some(0),
            ..MessageList::default()
        }
    );
}

#[test]
fn a_history_page_lists_the_added_messages() {
    let page = br#"{
        "history": [
            {"id": "1001", "messages": [{"id": "a", "threadId": "t"}]},
            {"id": "1002", "messagesAdded": [
                {"message": {"id": "b", "threadId": "t", "labelIds": ["INBOX", "UNREAD"]}}
            ]},
            {"id": "1003", "labelsAdded": [{"message": {"id": "a", "threadId": "t"}, "labelIds": ["STARRED"]}]},
            {"id": "1004", "messagesAdded": [
                {"message": {"id": "c", "threadId": "u", "labelIds": ["INBOX"]}}
            ]}
        ],
        "nextPageToken": "p2",
        "historyId": "1010"
    }"#;
    let history = parse_history_list(page).expect("a page");
    let added: Vec<&str> = history
        .added_messages()
        .map(|message| message.id.0.as_str())
        .collect();
    assert_eq!(added, ["b", "c"]);
    assert_eq!(history.history_id, Some(HistoryId(1010)));
    assert_eq!(history.next_page_token.as_deref(), Some("p2"));
    assert_eq!(
        history.history[1].messages_added[0].message.label_ids.len(),
        2
    );

    // Nothing new: Google leaves `history` out.
    let quiet = parse_history_list(br#"{"historyId": "1010"}"#).expect("a page");
    assert_eq!(quiet.added_messages().count(), 0);
}

#[test]
fn labels_and_profile_parse() {
    let labels = parse_label_list(
        br#"{"labels": [
            {"id": "INBOX", "name": "INBOX", "type": "system", "messageListVisibility": "hide"},
            {"id": "Label_7", "name": "Facturas", "type": "user"},
            {"id": "Label_8", "name": "Odd", "type": "somethingNew"},
            {"id": "Label_9", "name": "Untyped"}
        ]}"#,
    )
    .expect("labels");
    let types: Vec<_> = labels.labels.iter().map(|label| label.label_type).collect();
    assert_eq!(
        types,
        [
            Some(LabelType::System),
            Some(LabelType::User),
            Some(LabelType::Unknown),
            None
        ]
    );
    assert_eq!(labels.labels[1].name, "Facturas");

    let profile = parse_profile(
        br#"{"emailAddress": "facturas@example.com", "messagesTotal": 1234,
             "threadsTotal": 1000, "historyId": "98765"}"#,
    )
    .expect("a profile");
    assert_eq!(profile.email_address, "facturas@example.com");
    assert_eq!(profile.history_id, HistoryId(98_765));
    assert_eq!(profile.messages_total, Some(1234));
}

#[test]
fn bodies_that_are_not_the_answer_are_errors_naming_the_call() {
    let error = parse_history_list(b"<html>502</html>").expect_err("not json");
    assert!(
        error.to_string().starts_with("users.history.list answer: "),
        "{error}"
    );
    assert!(parse_profile(br#"{"historyId": "x1", "emailAddress": "a"}"#).is_err());
    assert!(parse_message_list(br#"{"messages": [{"id": "a"}]}"#).is_err());
}

#[test]
fn history_ids_round_trip_as_strings() {
    let json = serde_json::to_string(&HistoryId(u64::MAX)).expect("json");
    assert_eq!(json, format!("\"{}\"", u64::MAX));
    let back: HistoryId = serde_json::from_str(&json).expect("a history id");
    assert_eq!(back, HistoryId(u64::MAX));
    assert!(serde_json::from_str::<HistoryId>("\"-1\"").is_err());
    assert!(HistoryId(9) < HistoryId(10));
}

#[test]
fn a_message_round_trips_through_json() {
    let message = Message {
        id: MessageId("a".to_owned()),
        thread_id: ThreadId("b".to_owned()),
        label_ids: vec![LabelId("INBOX".to_owned())],
        snippet: Some("hola".to_owned()),
        history_id: Some(HistoryId(7)),
        internal_date: Some(Timestamp::from_millisecond(1_451_174_603_000).expect("a time")),
        size_estimate: Some(10),
        raw: Some("aGk".to_owned()),
    };
    let json = serde_json::to_vec(&message).expect("json");
    assert_eq!(parse_message(&json).expect("a message"), message);
}

fn error_body(code: u16, status: &str, reason: &str) -> Vec<u8> {
    serde_json::json!({"error": {
        "code": code,
        "message": "something",
        "status": status,
        "errors": [{"reason": reason, "domain": "usageLimits", "message": "something"}]
    }})
    .to_string()
    .into_bytes()
}

#[test]
fn errors_are_classified_for_the_caller() {
    let cases = [
        (
            403,
            "PERMISSION_DENIED",
            "userRateLimitExceeded",
            Call::MessagesGet,
            ErrorClass::RateLimited,
        ),
        (
            403,
            "PERMISSION_DENIED",
            "rateLimitExceeded",
            Call::HistoryList,
            ErrorClass::RateLimited,
        ),
        (
            429,
            "RESOURCE_EXHAUSTED",
            "rateLimitExceeded",
            Call::MessagesList,
            ErrorClass::RateLimited,
        ),
        (
            404,
            "NOT_FOUND",
            "notFound",
            Call::HistoryList,
            ErrorClass::HistoryTooOld,
        ),
        (
            404,
            "NOT_FOUND",
            "notFound",
            Call::MessagesGet,
            ErrorClass::NotFound,
        ),
        (
            401,
            "UNAUTHENTICATED",
            "authError",
            Call::GetProfile,
            ErrorClass::Unauthorized,
        ),
        (
            403,
            "PERMISSION_DENIED",
            "insufficientPermissions",
            Call::LabelsList,
            ErrorClass::Unauthorized,
        ),
        (
            500,
            "INTERNAL",
            "backendError",
            Call::MessagesGet,
            ErrorClass::Unavailable,
        ),
        (
            400,
            "INVALID_ARGUMENT",
            "invalidArgument",
            Call::MessagesList,
            ErrorClass::Other,
        ),
    ];
    for (code, status, reason, call, expected) in cases {
        let error = parse_error(code, &error_body(code, status, reason));
        assert_eq!(error.classify(call), expected, "{code} {reason} {call}");
    }
    let rate_limit = parse_error(
        403,
        &error_body(403, "PERMISSION_DENIED", "userRateLimitExceeded"),
    );
    assert!(rate_limit.is_rate_limit() && !rate_limit.is_auth());
    assert_eq!(rate_limit.errors[0].domain.as_deref(), Some("usageLimits"));
    assert!(parse_error(404, b"").is_history_too_old(Call::HistoryList));
    assert!(!parse_error(404, b"").is_history_too_old(Call::MessagesGet));
}

#[test]
fn error_bodies_that_are_not_google_json_still_classify() {
    for body in [
        &b""[..],
        b"<html>Bad gateway</html>",
        br#"{"error": "invalid_grant"}"#,
    ] {
        assert_eq!(
            parse_error(502, body).classify(Call::MessagesGet),
            ErrorClass::Unavailable
        );
        assert_eq!(
            parse_error(401, body).classify(Call::MessagesGet),
            ErrorClass::Unauthorized
        );
        assert_eq!(
            parse_error(429, body).classify(Call::MessagesGet),
            ErrorClass::RateLimited
        );
    }
}

#[test]
fn base64url_accepts_both_paddings_and_refuses_the_rest() {
    assert_eq!(decode_base64url("aGk", 10).expect("unpadded"), b"hi");
    assert_eq!(decode_base64url("aGk=", 10).expect("padded"), b"hi");
    assert_eq!(
        decode_base64url("-_8", 10).expect("url alphabet"),
        [0xfb, 0xff]
    );
    assert!(matches!(
        decode_base64url("+/8=", 10),
        Err(GmailError::Base64 { .. })
    ));
    assert!(matches!(
        decode_base64url("aG k=", 10),
        Err(GmailError::Base64 { .. })
    ));
    assert!(matches!(
        decode_base64url("aGVsbG8", 4),
        Err(GmailError::TooLarge { size: 5, limit: 4 })
    ));
    assert_eq!(
        decode_base64url("aGVsbG8", 5).expect("at the limit"),
        b"hello"
    );
}

proptest! {
    #[test]
    fn base64url_with_and_without_padding_decodes_the_same(
        bytes in prop::collection::vec(any::<u8>(), 0..512)
    ) {
        let padded = decode_base64url(&URL_SAFE.encode(&bytes), 512).expect("padded");
        let unpadded = decode_base64url(&URL_SAFE_NO_PAD.encode(&bytes), 512).expect("unpadded");
        prop_assert_eq!(&padded, &bytes);
        prop_assert_eq!(&unpadded, &bytes);
    }

    #[test]
    fn gmail_parsers_never_panic(body in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_message(&body);
        let _ = parse_message_list(&body);
        let _ = parse_history_list(&body);
        let _ = parse_error(400, &body);
        if let Ok(text) = std::str::from_utf8(&body) {
            let _ = decode_base64url(text, 1024);
        }
    }
}
