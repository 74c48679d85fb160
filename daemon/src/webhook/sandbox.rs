//! `POST /webhooks/sandbox/{tenant}`: the sandbox's fake provider, shaped like the real ones.
//!
//! The sender signs the raw body: `X-Centralita-Signature: sha256=<hex HMAC-SHA256(body)>`
//! with the sandbox secret, the same shape as Meta's `X-Hub-Signature-256` (providers.md §1).
//! The body is `{"id": "<event id, 1 to 200 characters>", "action": "<anything>", …}`; the id
//! is the dedupe key. Only mounted when the config enables the sandbox.

use centralita_config::Secret;
use centralita_protocol::TenantId;
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};

use super::{Rejection, WebhookState, answer_delivery, read_body, verify};
use crate::error::AreaError;
use crate::queue::{Job, NewJob};
use crate::sandbox::SandboxEvent;
use crate::webhook::events::{EventOutcome, NewEvent};

/// Route name in metrics and logs; also the event's provider.
const ROUTE: &str = "sandbox";
/// Header carrying the body's signature.
const SIGNATURE_HEADER: &str = "x-centralita-signature";
/// Job kind that processes a sandbox event.
/// Longest accepted event id, in characters.
const MAX_ID_CHARS: usize = 200;

/// Answers one sandbox delivery (see the module docs); counts the result in the metrics.
#[tracing::instrument(name = "webhook", skip_all, fields(route = ROUTE, tenant = %tenant))]
pub(super) async fn handle(
    request: Request<Incoming>,
    tenant: &str,
    state: &WebhookState,
    secret: &Secret,
) -> Response<Full<Bytes>> {
    let version = request.version();
    answer_delivery(
        ROUTE,
        version,
        state,
        deliver(request, tenant, state, secret),
    )
    .await
}

async fn deliver(
    request: Request<Incoming>,
    tenant: &str,
    state: &WebhookState,
    secret: &Secret,
) -> Result<EventOutcome, Rejection> {
    let tenant = TenantId::new(tenant).map_err(|_| Rejection::NotFound("unknown tenant"))?;
    let exists = {
        let tenant = tenant.clone();
        state
            .store
            .read(move |txn| txn.tenant_exists(&tenant))
            .await
    };
    match exists {
        Ok(true) => {}
        Ok(false) => return Err(Rejection::NotFound("unknown tenant")),
        Err(error) => {
            tracing::warn!(%error, "checking the tenant failed");
            return Err(Rejection::Unavailable);
        }
    }

    let (parts, body) = read_body(request, state.config.body_limit_bytes).await?;
    let signature = parts
        .headers
        .get(SIGNATURE_HEADER)
        .and_then(|value| value.to_str().ok());
    let signed = signature.is_some_and(|signature| {
        verify::hmac_sha256_hex_matches(secret.expose().as_bytes(), &body, signature, "sha256=")
    });
    if !signed {
        return Err(Rejection::Unauthorized);
    }

    let (id, payload) = parse_event(&body).map_err(Rejection::BadRequest)?;
    let mut job: SandboxEvent = serde_json::from_value(payload)
        .map_err(|error| Rejection::BadRequest(format!("the event does not read: {error}")))?;
    job.attempts = Some(state.queue.max_attempts_for(SandboxEvent::KIND));
    let event = NewEvent {
        provider: ROUTE.to_owned(),
        tenant: tenant.clone(),
        event_id: id.clone(),
        body: body.to_vec(),
        job: NewJob::of(&tenant, &job, None)
            .map_err(|error| Rejection::BadRequest(error.to_string()))?,
    };
    match super::events::accept(&state.queue, event).await {
        Ok(outcome) => Ok(outcome),
        // The tenant was removed between the check and the commit.
        Err(AreaError::NotFound(_)) => Err(Rejection::NotFound("unknown tenant")),
        Err(error) => {
            tracing::error!(%error, "storing a webhook event failed");
            Err(Rejection::Unavailable)
        }
    }
}

/// Parses a verified body into its event id and the job payload (the whole JSON object), or
/// says what is wrong with it.
fn parse_event(body: &[u8]) -> Result<(String, serde_json::Value), String> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|error| format!("body is not JSON: {error}"))?;
    let object = value.as_object().ok_or("body is not a JSON object")?;
    let id = string_field(object, "id")?;
    let length = id.chars().count();
    if !(1..=MAX_ID_CHARS).contains(&length) {
        return Err(format!(
            "field \"id\" must have 1 to {MAX_ID_CHARS} characters, it has {length}"
        ));
    }
    string_field(object, "action")?;
    let id = id.to_owned();
    Ok((id, value))
}

fn string_field<'a>(
    object: &'a serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Result<&'a str, String> {
    match object.get(name) {
        None => Err(format!("field \"{name}\" is missing")),
        Some(serde_json::Value::String(value)) => Ok(value),
        Some(_) => Err(format!("field \"{name}\" must be a string")),
    }
}

/// `POST /sandbox/llm/v1/chat/completions`: the fake OpenAI-compatible endpoint the sandbox
/// tenant's invoices use. It answers from the built-in rules, so it is deterministic; markers
/// in the document text make it misbehave for tests (see `centralita_invoices::llm`).
pub(super) async fn llm(request: Request<Incoming>, state: &WebhookState) -> Response<Full<Bytes>> {
    let body = match read_body(request, state.config.body_limit_bytes.max(4 << 20)).await {
        Ok((_, body)) => body,
        Err(rejection) => return rejection.into_response(hyper::Version::HTTP_11),
    };
    match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(request) => super::json(
            hyper::StatusCode::OK,
            &centralita_invoices::llm::sandbox_reply(&request),
        ),
        Err(error) => super::json(
            hyper::StatusCode::BAD_REQUEST,
            &serde_json::json!({ "error": { "message": format!("request is not JSON: {error}") } }),
        ),
    }
}

/// Ids the fake provider APIs hand out: unique across restarts.
fn sandbox_id() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{}-{n}", jiff::Timestamp::now().as_millisecond())
}

/// `POST /sandbox/graph/{tenant}/{account}/messages`: the fake Graph API. WhatsApp sends get a
/// wamid and, shortly after, `sent`, `delivered` and `read` status webhooks signed like Meta's;
/// Messenger sends (account: the Page) get a mid, then a delivery and a read watermark. A text
/// containing `sandbox:fail` is refused as undeliverable (131026), which is final.
pub(super) async fn graph_send(
    request: Request<Incoming>,
    tenant: &str,
    account: &str,
    state: &WebhookState,
) -> Response<Full<Bytes>> {
    let host = request
        .headers()
        .get(hyper::header::HOST)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let Ok((_, body)) = read_body(request, state.config.body_limit_bytes).await else {
        return super::json(hyper::StatusCode::BAD_REQUEST, &serde_json::json!({}));
    };
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    if value.get("status").and_then(serde_json::Value::as_str) == Some("read") {
        return super::json(
            hyper::StatusCode::OK,
            &serde_json::json!({ "success": true }),
        );
    }
    let text = value
        .pointer("/text/body")
        .or_else(|| value.pointer("/message/text"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    if text.contains("sandbox:fail") {
        return super::json(
            hyper::StatusCode::BAD_REQUEST,
            &serde_json::json!({ "error": { "message": "(#131026) Message undeliverable", "type": "OAuthException", "code": 131_026 } }),
        );
    }
    if value.get("messaging_product").is_none() {
        let recipient = value.pointer("/recipient/id").cloned().unwrap_or_default();
        let mid = format!("m_sandbox-{}", sandbox_id());
        if let (Some(host), Some(psid)) = (host, recipient.as_str()) {
            tokio::spawn(report_messenger(
                host,
                tenant.to_owned(),
                (account.to_owned(), psid.to_owned()),
                mid.clone(),
            ));
        }
        return super::json(
            hyper::StatusCode::OK,
            &serde_json::json!({ "recipient_id": recipient, "message_id": mid }),
        );
    }
    let to = value
        .get("to")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let id = format!("wamid.sandbox-{}", sandbox_id());
    if let Some(host) = host {
        tokio::spawn(report_statuses(
            host,
            tenant.to_owned(),
            to.clone(),
            id.clone(),
        ));
    }
    super::json(
        hyper::StatusCode::OK,
        &serde_json::json!({ "messaging_product": "whatsapp", "contacts": [{ "input": to, "wa_id": to }], "messages": [{ "id": id }] }),
    )
}

/// The customer's phone receives the message, then reads it: status webhooks, as Meta sends
/// them, to this daemon's WhatsApp route.
async fn report_statuses(host: String, tenant: String, to: String, id: String) {
    let http = reqwest::Client::new();
    for status in ["sent", "delivered", "read"] {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let body = serde_json::json!({
            "object": "whatsapp_business_account",
            "entry": [{ "id": "sandbox-waba", "changes": [{ "field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": { "display_phone_number": "51100000000", "phone_number_id": "sandbox-phone" },
                "statuses": [{ "id": id, "status": status, "timestamp": jiff::Timestamp::now().as_second().to_string(), "recipient_id": to }]
            } }] }]
        });
        if let Err(error) = post_signed(&http, &host, "whatsapp", &tenant, &body).await {
            tracing::warn!(%error, "sandbox status report failed");
            return;
        }
    }
}

/// The customer's Messenger receives the message, then reads it: a `delivery` naming the mid
/// and a `read` watermark, as Meta sends them, to this daemon's Messenger route.
async fn report_messenger(
    host: String,
    tenant: String,
    (page, psid): (String, String),
    mid: String,
) {
    let http = reqwest::Client::new();
    for receipt in ["delivery", "read"] {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let now = jiff::Timestamp::now().as_millisecond();
        let detail = if receipt == "delivery" {
            serde_json::json!({ "mids": [mid], "watermark": now })
        } else {
            serde_json::json!({ "watermark": now })
        };
        let mut event = serde_json::json!({
            "sender": { "id": psid },
            "recipient": { "id": page },
            "timestamp": now,
        });
        event[receipt] = detail;
        let body = serde_json::json!({
            "object": "page",
            "entry": [{ "id": page, "time": now, "messaging": [event] }]
        });
        if let Err(error) = post_signed(&http, &host, "messenger", &tenant, &body).await {
            tracing::warn!(%error, "sandbox Messenger receipt failed");
            return;
        }
    }
}

/// Posts `body` to this daemon's `route` webhook of `tenant`, signed with the sandbox app
/// secret as Meta signs its webhooks.
async fn post_signed(
    http: &reqwest::Client,
    host: &str,
    route: &str,
    tenant: &str,
    body: &serde_json::Value,
) -> Result<reqwest::Response, reqwest::Error> {
    let body = body.to_string().into_bytes();
    let signature = verify::sign(crate::inbox::SANDBOX_APP_SECRET.as_bytes(), &body);
    http.post(format!("http://{host}/webhooks/{route}/{tenant}"))
        .header("x-hub-signature-256", signature)
        .body(body)
        .send()
        .await
}

/// `GET /sandbox/graph/{tenant}/{psid}?fields=first_name,last_name`: the fake User Profile
/// API. The demo's Messenger customer has a name; anyone else is "Cliente Sandbox".
pub(super) fn graph_profile(psid: &str) -> Response<Full<Bytes>> {
    let (first, last) = match psid {
        "6781234509876543" => ("Ana", "Torres"),
        _ => ("Cliente", "Sandbox"),
    };
    super::json(
        hyper::StatusCode::OK,
        &serde_json::json!({ "first_name": first, "last_name": last, "id": psid }),
    )
}

/// `POST /sandbox/telegram/{tenant}/bot{token}/{method}`: the fake Bot API. `sendMessage`
/// (and `sendPhoto`, `sendVideo`, `sendAudio`, `sendDocument`, whose multipart bodies it does
/// not read) answers a sent message; `getFile`, the file's path.
pub(super) async fn telegram(
    request: Request<Incoming>,
    state: &WebhookState,
    method: &str,
) -> Response<Full<Bytes>> {
    let Ok((_, body)) = read_body(request, state.config.body_limit_bytes).await else {
        return super::json(
            hyper::StatusCode::BAD_REQUEST,
            &serde_json::json!({ "ok": false }),
        );
    };
    let call: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let result = if method == "getFile" {
        serde_json::json!({
            "file_id": call.get("file_id").cloned().unwrap_or_default(),
            "file_size": SANDBOX_IMAGE.len(),
            "file_path": "photos/sandbox.png",
        })
    } else {
        let message_id = jiff::Timestamp::now().as_millisecond() % 1_000_000_000;
        serde_json::json!({
            "message_id": message_id,
            "date": jiff::Timestamp::now().as_second(),
            "chat": { "id": call.get("chat_id").cloned().unwrap_or_default() },
            "text": call.get("text").cloned().unwrap_or_default(),
        })
    };
    super::json(
        hyper::StatusCode::OK,
        &serde_json::json!({ "ok": true, "result": result }),
    )
}

/// Largest file the fake media upload takes (WhatsApp's document limit).
const UPLOAD_LIMIT: u64 = 100 * 1024 * 1024;

/// `POST /sandbox/graph/{tenant}/{phone-number-id}/media`: the fake Cloud API upload. A
/// multipart body with content gets a media id; anything else the Graph error Meta gives.
pub(super) async fn graph_upload(request: Request<Incoming>) -> Response<Full<Bytes>> {
    let multipart = request
        .headers()
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("multipart/form-data; boundary="));
    let size = match read_body(request, UPLOAD_LIMIT).await {
        Ok((_, body)) => body.len(),
        Err(_) => 0,
    };
    if !multipart || size == 0 {
        return super::json(
            hyper::StatusCode::BAD_REQUEST,
            &serde_json::json!({ "error": { "message": "(#100) The parameter file is required.", "type": "OAuthException", "code": 100 } }),
        );
    }
    super::json(
        hyper::StatusCode::OK,
        &serde_json::json!({ "id": format!("sandbox-media-{}", sandbox_id()) }),
    )
}

/// `GET /sandbox/graph/{tenant}/{waba}/message_templates`: the business's templates, as the
/// Graph API lists them: two approved in Spanish and one rejected.
pub(super) fn graph_templates() -> Response<Full<Bytes>> {
    super::json(
        hyper::StatusCode::OK,
        &serde_json::json!({ "data": [
            { "name": "recordatorio_cita", "language": "es", "status": "APPROVED", "category": "UTILITY", "id": "900001",
              "components": [{ "type": "BODY", "text": "Hola {{1}}, le recordamos su cita del {{2}}. Responda SI para confirmar." }] },
            { "name": "seguimiento", "language": "es", "status": "APPROVED", "category": "MARKETING", "id": "900002",
              "components": [{ "type": "BODY", "text": "Hola {{1}}, ¿pudo revisar nuestra propuesta? Estamos para ayudarle." }] },
            { "name": "promo_navidad", "language": "es", "status": "REJECTED", "category": "MARKETING", "id": "900003",
              "rejected_reason": "INVALID_FORMAT",
              "components": [{ "type": "BODY", "text": "{{1}}{{2}} descuento" }] }
        ], "paging": { "cursors": { "before": "a", "after": "b" } } }),
    )
}

/// `GET /sandbox/graph/{tenant}/{media-id}`: the fake Graph media lookup, pointing at
/// `/sandbox/media/{id}` on this listener.
pub(super) fn graph_media(request: &Request<Incoming>, media: &str) -> Response<Full<Bytes>> {
    let host = request
        .headers()
        .get(hyper::header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("127.0.0.1");
    super::json(
        hyper::StatusCode::OK,
        &serde_json::json!({
            "messaging_product": "whatsapp",
            "url": format!("http://{host}/sandbox/media/{media}"),
            "mime_type": "image/png",
            "file_size": SANDBOX_IMAGE.len(),
            "id": media,
        }),
    )
}

/// The bytes every sandbox media download gets: a 1×1 PNG.
const SANDBOX_IMAGE: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// `GET /sandbox/media/{id}` and Telegram's file path: the file itself.
pub(super) fn media_bytes(_id: &str) -> Response<Full<Bytes>> {
    super::text(
        hyper::StatusCode::OK,
        "image/png",
        Bytes::from_static(SANDBOX_IMAGE),
    )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_well_formed_event_yields_its_id_and_the_whole_object() {
        let (id, payload) =
            parse_event(br#"{"id":"evt-1","action":"ping","extra":3}"#).expect("valid event");
        assert_eq!(id, "evt-1");
        assert_eq!(
            payload,
            serde_json::json!({"id": "evt-1", "action": "ping", "extra": 3})
        );
    }

    #[test]
    fn malformed_bodies_say_what_is_wrong() {
        let cases: [(&[u8], &str); 7] = [
            (b"{not json", "body is not JSON: "),
            (b"[1,2]", "body is not a JSON object"),
            (br#"{"action":"ping"}"#, "field \"id\" is missing"),
            (
                br#"{"id":7,"action":"ping"}"#,
                "field \"id\" must be a string",
            ),
            (
                br#"{"id":"","action":"ping"}"#,
                "field \"id\" must have 1 to 200 characters, it has 0",
            ),
            (br#"{"id":"evt-1"}"#, "field \"action\" is missing"),
            (
                br#"{"id":"evt-1","action":null}"#,
                "field \"action\" must be a string",
            ),
        ];
        for (body, expected) in cases {
            let error = parse_event(body).expect_err("malformed body is refused");
            assert!(
                error.starts_with(expected),
                "{error:?} should start with {expected:?}"
            );
        }
    }

    #[test]
    fn ids_are_limited_in_characters_not_bytes() {
        let longest = "ñ".repeat(MAX_ID_CHARS);
        let body = serde_json::json!({"id": longest, "action": "ping"}).to_string();
        assert!(parse_event(body.as_bytes()).is_ok());
        let too_long = "a".repeat(MAX_ID_CHARS + 1);
        let body = serde_json::json!({"id": too_long, "action": "ping"}).to_string();
        assert!(parse_event(body.as_bytes()).is_err());
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(body in any::<Vec<u8>>()) {
            let _ = parse_event(&body);
        }

        #[test]
        fn any_valid_id_and_action_parse(id in "\\PC{1,200}", action in any::<String>()) {
            let body = serde_json::json!({"id": id, "action": action}).to_string();
            let (parsed, _) = parse_event(body.as_bytes()).expect("valid event");
            prop_assert_eq!(parsed, id);
        }
    }
}
