//! Delivery-status ordering and the serialised names of the records.

use proptest::prelude::*;

use super::*;

const ALL: [DeliveryStatus; 5] = [
    DeliveryStatus::Queued,
    DeliveryStatus::Sent,
    DeliveryStatus::Delivered,
    DeliveryStatus::Read,
    DeliveryStatus::Failed,
];

#[test]
fn delivered_after_read_stays_read() {
    assert!(!DeliveryStatus::Read.advances_to(DeliveryStatus::Delivered));
    assert!(!DeliveryStatus::Read.advances_to(DeliveryStatus::Sent));
    assert!(DeliveryStatus::Delivered.advances_to(DeliveryStatus::Read));
}

#[test]
fn failed_after_sent_is_failed() {
    assert!(DeliveryStatus::Sent.advances_to(DeliveryStatus::Failed));
    assert!(DeliveryStatus::Queued.advances_to(DeliveryStatus::Failed));
}

#[test]
fn sent_after_failed_stays_failed() {
    for next in ALL {
        assert!(
            !DeliveryStatus::Failed.advances_to(next),
            "failed -> {next}"
        );
    }
}

#[test]
fn failed_does_not_undo_a_delivery() {
    assert!(!DeliveryStatus::Delivered.advances_to(DeliveryStatus::Failed));
    assert!(!DeliveryStatus::Read.advances_to(DeliveryStatus::Failed));
}

#[test]
fn the_same_status_is_not_an_advance() {
    for status in ALL {
        assert!(!status.advances_to(status), "{status}");
    }
}

#[test]
fn forward_steps_advance() {
    assert!(DeliveryStatus::Queued.advances_to(DeliveryStatus::Sent));
    assert!(DeliveryStatus::Sent.advances_to(DeliveryStatus::Delivered));
    assert!(DeliveryStatus::Sent.advances_to(DeliveryStatus::Read));
    assert!(DeliveryStatus::Queued.advances_to(DeliveryStatus::Read));
}

#[test]
fn rank_is_monotone_and_agrees_with_ord() {
    for (index, pair) in ALL.windows(2).enumerate() {
        assert!(pair[0].rank() < pair[1].rank(), "step {index}");
        assert!(pair[0] < pair[1], "step {index}");
    }
    for from in ALL {
        for next in ALL {
            if from.advances_to(next) {
                assert!(next.rank() > from.rank(), "{from} -> {next}");
            }
        }
    }
}

#[test]
fn names_match_serde() {
    for status in ALL {
        let json = serde_json::to_string(&status).expect("serializes");
        assert_eq!(json, format!("\"{}\"", status.as_str()));
    }
    for channel in [Channel::Whatsapp, Channel::Messenger, Channel::Telegram] {
        let json = serde_json::to_string(&channel).expect("serializes");
        assert_eq!(json, format!("\"{}\"", channel.as_str()));
    }
    assert_eq!(MessageKind::Other("poll".to_owned()).as_str(), "poll");
    assert_eq!(
        serde_json::to_string(&MessageKind::Unsupported).expect("serializes"),
        "\"unsupported\""
    );
}

#[test]
fn records_round_trip_through_json() {
    let record = Inbound::Message(InboundMessage {
        channel: Channel::Telegram,
        account: String::new(),
        external_id: "1:2".to_owned(),
        sender: Sender {
            id: "1".to_owned(),
            name: Some("Ana".to_owned()),
            phone: Some("+51987654321".to_owned()),
            language: Some("es".to_owned()),
        },
        chat: "1".to_owned(),
        sent_at: jiff::Timestamp::from_second(1_700_000_000).expect("in range"),
        kind: MessageKind::Other("dice".to_owned()),
        text: None,
        media: Some(MediaRef {
            id: "file".to_owned(),
            mime_type: Some("image/jpeg".to_owned()),
            sha256: None,
            file_name: None,
            file_size: Some(10),
        }),
        location: Some(Location {
            latitude: -12.05,
            longitude: -77.04,
            name: None,
            address: None,
        }),
        contacts: vec![SharedContact {
            name: Some("Luis".to_owned()),
            phones: vec!["987 654 321".to_owned()],
        }],
        reply_to: Some("1:1".to_owned()),
        from_business: false,
    });
    let json = serde_json::to_string(&record).expect("serializes");
    let back: Inbound = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, record);
}

#[test]
fn json_errors_say_where_without_repeating_it() {
    let error = crate::whatsapp::parse(b"{\"object\": }").expect_err("not JSON");
    let ParseError::Json {
        line,
        column,
        message,
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!((*line, *column), (1, 12));
    assert!(!message.contains("line"), "{message}");
    assert_eq!(
        error.to_string(),
        format!("not JSON at line 1, column 12: {message}")
    );
}

fn status() -> impl Strategy<Value = DeliveryStatus> {
    prop::sample::select(ALL.to_vec())
}

proptest! {
    /// Applying receipts in any order with `advances_to` ends in the same state as applying the
    /// furthest one: the store's answer does not depend on arrival order.
    #[test]
    fn arrival_order_does_not_matter(receipts in prop::collection::vec(status(), 1..8)) {
        let apply = |receipts: &[DeliveryStatus]| {
            let mut stored = receipts[0];
            for next in &receipts[1..] {
                if stored.advances_to(*next) {
                    stored = *next;
                }
            }
            stored
        };
        let mut reversed = receipts.clone();
        reversed.reverse();
        let forward = apply(&receipts);
        let backward = apply(&reversed);
        // Failed and delivered/read are exclusive outcomes: only compare when no race between
        // them is in the input.
        let has_failed = receipts.contains(&DeliveryStatus::Failed);
        let has_reached = receipts.iter().any(|status| {
            matches!(status, DeliveryStatus::Delivered | DeliveryStatus::Read)
        });
        if !(has_failed && has_reached) {
            prop_assert_eq!(forward, backward);
        }
    }
}
