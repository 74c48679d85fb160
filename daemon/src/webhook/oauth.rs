//! `GET /oauth/callback`: where a provider sends the operator's browser after consent. The
//! `state` names the authorization (and so the tenant and the operator); the code is sealed on
//! the connection and a job trades it for tokens. The page says what happened, in plain
//! words, and never echoes the code.

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};

use super::{WebhookState, text};
use crate::error::AreaError;

/// Answers the provider's redirect.
pub(super) async fn callback(
    request: &Request<Incoming>,
    state: &WebhookState,
) -> Response<Full<Bytes>> {
    let Some(connections) = &state.connections else {
        return page(
            StatusCode::NOT_FOUND,
            "This Centralita has no connections set up.",
        );
    };
    let query = request.uri().query().unwrap_or_default();
    match connections.callback(query).await {
        Ok(message) => page(StatusCode::OK, &message),
        Err(AreaError::Store(error)) => {
            tracing::error!(%error, "storing an authorization failed");
            page(
                StatusCode::SERVICE_UNAVAILABLE,
                "Centralita could not store the authorization; try again in a moment.",
            )
        }
        Err(refused) => page(StatusCode::BAD_REQUEST, &refused.to_string()),
    }
}

/// A small HTML page holding `message` (escaped).
fn page(status: StatusCode, message: &str) -> Response<Full<Bytes>> {
    let escaped = message
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let body = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Centralita</title><body><p>{escaped}</p></body></html>\n"
    );
    text(status, "text/html; charset=utf-8", body)
}
