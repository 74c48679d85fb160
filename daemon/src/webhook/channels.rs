//! The messaging routes, per tenant:
//!
//! - `GET /webhooks/{whatsapp|messenger}/{tenant}`: Meta's subscription handshake: with
//!   `hub.mode=subscribe` and the tenant's verify token, answer `hub.challenge` as plain text;
//!   otherwise 403.
//! - `POST /webhooks/{whatsapp|messenger}/{tenant}`: `X-Hub-Signature-256` over the raw body with
//!   the tenant's app secret (providers.md §1–2); the event id is the body's SHA-256, so Meta's
//!   redeliveries of one POST are stored once.
//! - `POST /webhooks/telegram/{tenant}`: `X-Telegram-Bot-Api-Secret-Token` equal to the tenant's
//!   secret (providers.md §3); the event id is the `update_id`.
//!
//! A bad or missing signature, or another tenant's, is 401 and stores nothing. The body must
//! parse as the provider's payload (400 otherwise). The raw event and the records it makes are
//! written in the commit the 200 waits for; nothing here calls a provider (media downloads and
//! replies are jobs).

use centralita_protocol::TenantId;
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use sha2::{Digest, Sha256};

use super::{Rejection, WebhookState, answer_delivery, read_body, text, verify};
use crate::error::AreaError;
use crate::inbox::{self, ChannelSecrets};
use crate::webhook::events::EventOutcome;

const META_SIGNATURE: &str = "x-hub-signature-256";
const TELEGRAM_TOKEN: &str = "x-telegram-bot-api-secret-token";

/// `GET`: the subscription handshake.
pub(super) fn handshake(
    request: &Request<Incoming>,
    provider: &str,
    tenant: &str,
    secrets: &ChannelSecrets,
) -> Response<Full<Bytes>> {
    let forbidden = || {
        text(
            StatusCode::FORBIDDEN,
            "text/plain; charset=utf-8",
            "forbidden\n",
        )
    };
    let Some(meta) = TenantId::new(tenant)
        .ok()
        .and_then(|tenant| secrets.meta(provider, &tenant).cloned())
    else {
        return forbidden();
    };
    let query = request.uri().query().unwrap_or_default();
    let mut mode = None;
    let mut token = None;
    let mut challenge = None;
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "hub.mode" => mode = Some(value.into_owned()),
            "hub.verify_token" => token = Some(value.into_owned()),
            "hub.challenge" => challenge = Some(value.into_owned()),
            _ => {}
        }
    }
    let token_matches = token.is_some_and(|token| {
        verify::constant_time_eq(token.as_bytes(), meta.verify_token.expose().as_bytes())
    });
    match challenge {
        Some(challenge) if mode.as_deref() == Some("subscribe") && token_matches => {
            text(StatusCode::OK, "text/plain; charset=utf-8", challenge)
        }
        _ => forbidden(),
    }
}

/// `POST` from WhatsApp or Messenger.
pub(super) async fn meta(
    request: Request<Incoming>,
    provider: &'static str,
    tenant: &str,
    state: &WebhookState,
) -> Response<Full<Bytes>> {
    let version = request.version();
    answer_delivery(provider, version, state, async {
        let tenant = TenantId::new(tenant).map_err(|_| Rejection::Unauthorized)?;
        // A tenant without this channel has no secret: the same answer as a wrong signature,
        // so the route does not say which tenants exist.
        let secret = state
            .channels
            .meta(provider, &tenant)
            .map(|meta| meta.app_secret.clone())
            .ok_or(Rejection::Unauthorized)?;
        let (parts, body) = read_body(request, state.config.body_limit_bytes).await?;
        let signed = parts
            .headers
            .get(META_SIGNATURE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|header| {
                verify::hmac_sha256_hex_matches(
                    secret.expose().as_bytes(),
                    &body,
                    header,
                    "sha256=",
                )
            });
        if !signed {
            return Err(Rejection::Unauthorized);
        }
        let items = inbox::parse(provider, &body).map_err(Rejection::BadRequest)?;
        let event_id = hex::encode(Sha256::digest(&body));
        store(state, provider, tenant, event_id, body.to_vec(), items).await
    })
    .await
}

/// `POST` from Telegram.
pub(super) async fn telegram(
    request: Request<Incoming>,
    tenant: &str,
    state: &WebhookState,
) -> Response<Full<Bytes>> {
    let version = request.version();
    answer_delivery("telegram", version, state, async {
        let tenant = TenantId::new(tenant).map_err(|_| Rejection::Unauthorized)?;
        let secret = state
            .channels
            .telegram
            .get(&tenant)
            .map(|telegram| telegram.secret_token.clone())
            .ok_or(Rejection::Unauthorized)?;
        let (parts, body) = read_body(request, state.config.body_limit_bytes).await?;
        let token_matches = parts.headers.get(TELEGRAM_TOKEN).is_some_and(|value| {
            verify::constant_time_eq(value.as_bytes(), secret.expose().as_bytes())
        });
        if !token_matches {
            return Err(Rejection::Unauthorized);
        }
        let (update_id, items) = centralita_channels::telegram::parse(&body)
            .map_err(|error| Rejection::BadRequest(format!("telegram: {error}")))?;
        let event_id = update_id.to_string();
        store(state, "telegram", tenant, event_id, body.to_vec(), items).await
    })
    .await
}

/// Stores the raw event and applies what it holds (contacts, conversations, messages,
/// statuses) in one commit: the 200 means both are durable, and a replay writes nothing.
/// Parsing happened before, on this request's task, so the writer only writes.
///
/// A Meta delivery made only of records this daemon understands needs no lookup of its own id:
/// each record says whether it changed anything, and one that changed nothing is a replay.
/// Anything else (Telegram, whose update ids are the provider's dedupe key, or a delivery with
/// events kept raw only) is deduplicated by its event id first.
async fn store(
    state: &WebhookState,
    provider: &'static str,
    tenant: TenantId,
    event_id: String,
    body: Vec<u8>,
    items: Vec<centralita_channels::Inbound>,
) -> Result<EventOutcome, Rejection> {
    let accounts = state
        .channels
        .meta(provider, &tenant)
        .map(|meta| meta.accounts.clone())
        .unwrap_or_default();
    let auto_leads = state.channels.auto_leads;
    let outcome = state
        .store
        .write(move |txn| {
            let self_deduplicating = provider != "telegram"
                && !items.is_empty()
                && !items
                    .iter()
                    .any(|item| matches!(item, centralita_channels::Inbound::Ignored { .. }));
            if self_deduplicating {
                txn.require_tenant(&tenant)?;
                let mut changed = false;
                for item in &items {
                    changed |= inbox::apply(txn, &tenant, &accounts, auto_leads, item)?;
                }
                if !changed {
                    return Ok(EventOutcome::Repeated);
                }
                txn.keep_applied_event(provider, &tenant, &event_id, &body)?;
                return Ok(EventOutcome::Applied);
            }
            if !txn.accept_raw_event(provider, &tenant, &event_id, &body)? {
                return Ok(EventOutcome::Repeated);
            }
            for item in &items {
                inbox::apply(txn, &tenant, &accounts, auto_leads, item)?;
            }
            Ok(EventOutcome::Applied)
        })
        .await;
    match outcome {
        Ok(outcome) => {
            // A message with a file enqueued its download in that commit.
            state.queue.wake(inbox::QUEUE);
            Ok(outcome)
        }
        Err(AreaError::NotFound(_)) => Err(Rejection::NotFound("unknown tenant")),
        Err(error) => {
            tracing::error!(%error, provider, "storing a webhook event failed");
            Err(Rejection::Unavailable)
        }
    }
}
