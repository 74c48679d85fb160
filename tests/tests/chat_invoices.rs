//! Files customers send in chats become invoices: by an operator's call (the console's `F`,
//! `centralita conversations to-invoice`) or by the tenant's `[invoices.from_chats]` rule as
//! soon as the file is downloaded. End to end through the sandbox's WhatsApp and media API.

use centralita_protocol::{
    ConversationId, ErrorKind, IntakeOutcome, InvoiceFilter, MessageId, PageRequest, RpcError,
};
use centralita_tests::inbox::{META_SECRET, customer_writes, payloads, post_meta, settled};
use centralita_tests::{TENANT, TestDaemon, sign, tenant, wait_until};
use tarpc::context;

/// A customer sends a photo on WhatsApp; returns the conversation once the file is downloaded.
async fn customer_sends_a_photo(daemon: &TestDaemon) -> ConversationId {
    let http = reqwest::Client::new();
    let url = format!("{}/webhooks/whatsapp/{TENANT}", daemon.webhook_url().await);
    let image = payloads("webhooks/whatsapp/message.json")["image"]
        .to_string()
        .into_bytes();
    assert_eq!(
        post_meta(&http, &url, &image, Some(&sign(&image, META_SECRET))).await,
        200
    );
    wait_until("the photo is downloaded", || async {
        settled(daemon).await.into_iter().find_map(|detail| {
            detail
                .messages
                .iter()
                .any(|message| {
                    message
                        .media
                        .as_deref()
                        .is_some_and(|media| media.starts_with("blob:"))
                })
                .then_some(detail.conversation.id)
        })
    })
    .await
}

#[tokio::test]
async fn an_operator_sends_a_customers_photo_to_invoice_intake() {
    let daemon = TestDaemon::start().await;
    let conversation = customer_sends_a_photo(&daemon).await;
    let client = daemon.client().await;
    let rpc = &client.rpc;
    let to_invoice = |message: Option<MessageId>| async move {
        rpc.conversations_to_invoice(context::current(), tenant(), conversation, message)
            .await
            .expect("rpc")
    };
    let first: IntakeOutcome = to_invoice(None).await.expect("taken");
    assert!(!first.duplicate);
    let detail = rpc
        .invoices_show(context::current(), tenant(), first.invoice.id)
        .await
        .expect("rpc")
        .expect("invoice");
    assert!(
        detail.origin.starts_with("chat: whatsapp, ") && detail.origin.contains("message "),
        "{}",
        detail.origin
    );
    assert!(
        detail.summary.file_name.starts_with("whatsapp-"),
        "{}",
        detail.summary.file_name
    );
    let again = to_invoice(None).await.expect("answered");
    assert!(again.duplicate, "the same file is the same invoice");
    assert_eq!(again.invoice.id, first.invoice.id);

    // A text message carries no file; a conversation with only text has none to send.
    let text_only = {
        let http = reqwest::Client::new();
        let url = format!("{}/webhooks/whatsapp/{TENANT}", daemon.webhook_url().await);
        let body = customer_writes("51955555555", "wamid.text-only", "Hola");
        post_meta(&http, &url, &body, Some(&sign(&body, META_SECRET))).await;
        settled(&daemon)
            .await
            .into_iter()
            .find(|detail| {
                detail
                    .contact
                    .identities
                    .iter()
                    .any(|(_, id)| id == "51955555555")
            })
            .expect("the conversation")
    };
    let refused: RpcError = rpc
        .conversations_to_invoice(
            context::current(),
            tenant(),
            text_only.conversation.id,
            None,
        )
        .await
        .expect("rpc")
        .expect_err("no file");
    assert_eq!(refused.kind, ErrorKind::InvalidArgument, "{refused:?}");
    assert!(
        refused.message.contains("has no file"),
        "{}",
        refused.message
    );
    let message = text_only.messages[0].id;
    let refused = rpc
        .conversations_to_invoice(
            context::current(),
            tenant(),
            text_only.conversation.id,
            Some(message),
        )
        .await
        .expect("rpc")
        .expect_err("no file");
    assert!(
        refused.message.contains("carries no file"),
        "{}",
        refused.message
    );

    // The CLI says what happened.
    let output = daemon.centralita(&["conversations", "to-invoice", &conversation.to_string()]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert!(
        said.contains(&format!("already invoice {}", first.invoice.id)),
        "{said}"
    );
}

#[tokio::test]
async fn a_tenant_rule_sends_chat_photos_to_intake_by_themselves() {
    let daemon = TestDaemon::start_with(&format!(
        "[invoices.from_chats]\n{TENANT} = [\"whatsapp:image\"]\n"
    ))
    .await;
    customer_sends_a_photo(&daemon).await;
    let client = daemon.client().await;
    let invoice = wait_until("the photo becomes an invoice", || async {
        let page = client
            .rpc
            .invoices_list(
                context::current(),
                tenant(),
                InvoiceFilter::default(),
                PageRequest::first(10),
            )
            .await
            .ok()?
            .ok()?;
        page.invoices.into_iter().next()
    })
    .await;
    let detail = client
        .rpc
        .invoices_show(context::current(), tenant(), invoice.id)
        .await
        .expect("rpc")
        .expect("invoice");
    assert!(
        detail.origin.starts_with("chat: whatsapp, "),
        "{}",
        detail.origin
    );
}
