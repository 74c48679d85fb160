//! Inbox helpers shared by the messaging tests: signed Meta posts, a customer's WhatsApp
//! message, waiting for jobs and for a reply's status.

use centralita_protocol::{ConversationDetail, ConversationFilter, PageRequest};
use tarpc::context;

use crate::{TestDaemon, tenant, wait_until};

/// The sandbox tenant's Meta app secret.
pub const META_SECRET: &[u8] = b"sandbox-secret";

pub async fn post_meta(
    http: &reqwest::Client,
    url: &str,
    body: &[u8],
    signature: Option<&str>,
) -> u16 {
    let mut request = http.post(url).body(body.to_vec());
    if let Some(signature) = signature {
        request = request.header("x-hub-signature-256", signature);
    }
    request.send().await.expect("request").status().as_u16()
}

/// Waits until no job (media download, reply) is queued or running, and returns the
/// conversations' details.
pub async fn settled(daemon: &TestDaemon) -> Vec<ConversationDetail> {
    use centralita_protocol::JobState;
    wait_until("every job has run", || async {
        let jobs = daemon.all_jobs().await;
        jobs.iter()
            .all(|job| !matches!(job.state, JobState::Queued | JobState::Running))
            .then_some(())
    })
    .await;
    let client = daemon.client().await;
    let page = client
        .rpc
        .conversations_list(
            context::current(),
            tenant(),
            ConversationFilter::default(),
            PageRequest::first(1000),
        )
        .await
        .expect("rpc")
        .expect("list");
    let mut details = Vec::new();
    for conversation in page.conversations {
        details.push(
            client
                .rpc
                .conversations_show(context::current(), tenant(), conversation.id, 1000)
                .await
                .expect("rpc")
                .expect("show"),
        );
    }
    details
}

pub fn customer_writes(wa_id: &str, id: &str, text: &str) -> Vec<u8> {
    serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "waba", "changes": [{ "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": "51100000000", "phone_number_id": "sandbox-phone" },
            "contacts": [{ "profile": { "name": "María Quispe" }, "wa_id": wa_id }],
            "messages": [{ "from": wa_id, "id": id, "timestamp": jiff::Timestamp::now().as_second().to_string(), "type": "text", "text": { "body": text } }]
        } }] }]
    })
    .to_string()
    .into_bytes()
}

/// Waits until message `external`-less outbound `text` has `status`.
pub async fn outbound_status(
    daemon: &TestDaemon,
    text: &str,
    status: &str,
) -> centralita_protocol::Message {
    let client = daemon.client().await;
    wait_until(&format!("the reply {text:?} is {status}"), || async {
        let page = client
            .rpc
            .conversations_list(
                context::current(),
                tenant(),
                ConversationFilter::default(),
                PageRequest::first(100),
            )
            .await
            .ok()?
            .ok()?;
        for conversation in page.conversations {
            let detail = client
                .rpc
                .conversations_show(context::current(), tenant(), conversation.id, 100)
                .await
                .ok()?
                .ok()?;
            if let Some(message) = detail
                .messages
                .into_iter()
                .find(|message| message.text.as_deref() == Some(text) && message.status == status)
            {
                return Some(message);
            }
        }
        None
    })
    .await
}

/// Every named payload of a fixture file (the files map a name to one webhook body).
pub fn payloads(path: &str) -> std::collections::BTreeMap<String, serde_json::Value> {
    let text = std::fs::read_to_string(crate::fixture(path)).expect("fixture");
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    match value {
        serde_json::Value::Object(map)
            if !map.contains_key("object") && !map.contains_key("update_id") =>
        {
            map.into_iter().collect()
        }
        single => std::collections::BTreeMap::from([(path.to_owned(), single)]),
    }
}
