//! Conversations and messages on a real redb file in a temp dir.

use centralita_channels::{Channel, DeliveryStatus};
use centralita_protocol::MessageId;
use jiff::Timestamp;

use crate::testing::{open_with_tenants, tenant};

#[tokio::test]
async fn a_watermark_moves_only_what_was_sent_before_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let send = |text: &'static str, provider_id: &'static str| {
        let store = store.clone();
        async move {
            store
                .write(move |txn| {
                    let acme = tenant("acme");
                    let identity = crate::crm::contacts::Identity {
                        channel: "messenger",
                        id: "psid",
                        name: None,
                        phone: None,
                        country: None,
                    };
                    let contact = txn.contact_for(&acme, &identity)?;
                    let id =
                        txn.conversation_for(&acme, contact, Channel::Messenger, "page", "psid")?;
                    let outbound = super::Outbound {
                        kind: "text",
                        text: Some(text),
                        media: None,
                    };
                    let message = txn.queue_outbound(&acme, id, &outbound, 0)?;
                    txn.message_sent(&acme, id, message, provider_id, "sent", 1)?;
                    Ok::<_, crate::error::AreaError>((id, message))
                })
                .await
                .expect("sent")
        }
    };
    let (conversation, first) = send("uno", "m_1").await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let watermark = Timestamp::now();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let (_, second) = send("dos", "m_2").await;
    let moved = store
        .write(move |txn| {
            txn.advance_up_to(
                &tenant("acme"),
                (Channel::Messenger, "page", "psid"),
                "read",
                3,
                watermark,
            )
        })
        .await
        .expect("applied");
    assert_eq!(moved, 1);
    let detail = store
        .read(move |txn| txn.conversation_detail(&tenant("acme"), conversation, 10))
        .await
        .expect("detail");
    let status = |id: MessageId| {
        detail
            .messages
            .iter()
            .find(|message| message.id == id)
            .map(|message| message.status.clone())
    };
    assert_eq!(status(first).as_deref(), Some("read"));
    assert_eq!(
        status(second).as_deref(),
        Some("sent"),
        "sent after the watermark"
    );
}

#[tokio::test]
async fn a_long_thread_pages_back_to_its_first_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let conversation = store
        .write(|txn| {
            let acme = tenant("acme");
            let identity = crate::crm::contacts::Identity {
                channel: "messenger",
                id: "psid",
                name: None,
                phone: None,
                country: None,
            };
            let contact = txn.contact_for(&acme, &identity)?;
            let id = txn.conversation_for(&acme, contact, Channel::Messenger, "page", "psid")?;
            for n in 0..25 {
                let text = format!("mensaje {n}");
                let outbound = super::Outbound {
                    kind: "text",
                    text: Some(&text),
                    media: None,
                };
                txn.queue_outbound(&acme, id, &outbound, 0)?;
            }
            Ok::<_, crate::error::AreaError>(id)
        })
        .await
        .expect("written");
    let page = |before: Option<MessageId>| {
        let store = store.clone();
        async move {
            store
                .read(move |txn| {
                    txn.conversation_messages(&tenant("acme"), conversation, before, 10)
                })
                .await
                .expect("page")
        }
    };
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let messages = page(before).await;
        let Some(first) = messages.first() else { break };
        before = Some(first.id);
        let texts: Vec<String> = messages.into_iter().filter_map(|m| m.text).collect();
        seen.splice(0..0, texts);
    }
    let expected: Vec<String> = (0..25).map(|n| format!("mensaje {n}")).collect();
    assert_eq!(seen, expected, "every message once, in order");
}

#[test]
fn watermark_ranks_are_the_delivery_status_ranks() {
    assert_eq!(super::SENT_RANK, DeliveryStatus::Sent.rank());
    assert_eq!(super::FAILED_RANK, DeliveryStatus::Failed.rank());
}

#[tokio::test]
async fn a_failure_the_provider_reports_later_is_kept_in_the_catalogs_words() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let (conversation, message) = store
        .write(|txn| {
            let acme = tenant("acme");
            let identity = crate::crm::contacts::Identity {
                channel: "whatsapp",
                id: "51987654321",
                name: None,
                phone: None,
                country: None,
            };
            let contact = txn.contact_for(&acme, &identity)?;
            let id =
                txn.conversation_for(&acme, contact, Channel::Whatsapp, "phone", "51987654321")?;
            let outbound = super::Outbound {
                kind: "text",
                text: Some("hola"),
                media: None,
            };
            let message = txn.queue_outbound(&acme, id, &outbound, 0)?;
            txn.message_sent(&acme, id, message, "wamid.a", "sent", 1)?;
            Ok::<_, crate::error::AreaError>((id, message))
        })
        .await
        .expect("sent");
    let failed = centralita_channels::Inbound::Status(centralita_channels::StatusUpdate {
        channel: Channel::Whatsapp,
        account: "phone".into(),
        external_id: "wamid.a".into(),
        status: DeliveryStatus::Failed,
        at: Timestamp::now(),
        recipient: None,
        error: Some(centralita_channels::ProviderError {
            code: "131047".into(),
            title: "Re-engagement message".into(),
            detail: Some("More than 24 hours have passed".into()),
        }),
    });
    store
        .write(move |txn| crate::inbox::apply(txn, &tenant("acme"), &[], false, &failed))
        .await
        .expect("applied");
    let messages = store
        .read(move |txn| txn.conversation_messages(&tenant("acme"), conversation, None, 10))
        .await
        .expect("messages");
    let failed = messages
        .iter()
        .find(|read| read.id == message)
        .expect("the message");
    let provider_words = "131047 Re-engagement message: More than 24 hours have passed";
    assert_eq!(failed.status, "failed");
    assert_eq!(
        failed.error.as_deref(),
        Some(format!("whatsapp could not deliver the message: {provider_words}").as_str())
    );
    let words = failed.error_words.as_ref().expect("the catalog's words");
    assert_eq!(words.key, centralita_protocol::said::DELIVERY_FAILED.name);
    assert_eq!(words.args, ["whatsapp", provider_words]);
}

#[test]
fn a_message_stored_before_error_words_still_decodes() {
    let record = super::MessageRecord {
        external_id: "wamid.a".into(),
        direction: centralita_protocol::Direction::Outbound,
        kind: "text".into(),
        text: Some("hola".into()),
        media: None,
        status: "failed".into(),
        rank: super::FAILED_RANK,
        error: Some("whatsapp refused the message: (#131026) Message undeliverable".into()),
        error_words: None,
        reply_to: None,
        sent_at: Timestamp::UNIX_EPOCH,
    };
    let old = crate::testing::stored_without(&record, "error_words");
    let read: super::MessageRecord = rmp_serde::from_slice(&old).expect("decodes");
    assert_eq!(read.error, record.error);
    assert_eq!(read.error_words, None);
}
