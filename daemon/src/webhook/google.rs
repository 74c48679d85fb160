//! `/sandbox/google/…`: HTTP for the sandbox's fake Google (only with the sandbox on).

use std::sync::Arc;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode, header};

use super::{method_not_allowed, read_body, text};
use crate::sandbox::google::{FakeGoogle, Reply};

/// The largest message the control call delivers.
const DELIVERY_LIMIT: u64 = 32 << 20;

/// Dispatches `rest`, the path after `/sandbox/google/`.
pub(super) async fn route(
    request: Request<Incoming>,
    rest: &[&str],
    google: &Arc<FakeGoogle>,
) -> Response<Full<Bytes>> {
    let query = request.uri().query().unwrap_or_default().to_owned();
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let method = request.method().clone();
    let reply = match (rest, method) {
        (["o", "oauth2", "v2", "auth"], Method::GET) => google.authorize(&query),
        (["token"], Method::POST) => match body(request, 64 << 10).await {
            Ok(body) => google.token(authorization.as_deref(), &body),
            Err(response) => return response,
        },
        (["revoke"], Method::POST) => match body(request, 64 << 10).await {
            Ok(body) => google.revoke(&query, &body),
            Err(response) => return response,
        },
        (["gmail", "v1", "users", "me", path @ ..], Method::GET) => {
            google.gmail(authorization.as_deref(), path, &query)
        }
        (["control", "deliver"], Method::POST) => match body(request, DELIVERY_LIMIT).await {
            Ok(body) => google.deliver(body.to_vec()),
            Err(response) => return response,
        },
        (["control", "expire-history"], Method::POST) => google.expire_history(),
        (["control", "revoke-all"], Method::POST) => google.revoke_all(),
        (["o", "oauth2", "v2", "auth"] | ["gmail", ..], _) => return method_not_allowed("GET"),
        (["token" | "revoke"] | ["control", "deliver" | "expire-history" | "revoke-all"], _) => {
            return method_not_allowed("POST");
        }
        _ => return super::not_found(),
    };
    respond(reply)
}

async fn body(request: Request<Incoming>, limit: u64) -> Result<Bytes, Response<Full<Bytes>>> {
    read_body(request, limit)
        .await
        .map(|(_, body)| body)
        .map_err(|_| {
            text(
                StatusCode::PAYLOAD_TOO_LARGE,
                "text/plain; charset=utf-8",
                "the body is too large or was cut short\n",
            )
        })
}

fn respond(reply: Reply) -> Response<Full<Bytes>> {
    let status =
        |code: u16| StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match reply {
        Reply::Json(code, body) => text(status(code), "application/json; charset=UTF-8", body),
        Reply::Text(code, body) => text(status(code), "text/plain; charset=utf-8", body),
        Reply::Redirect(location) => {
            let mut response = text(StatusCode::FOUND, "text/plain; charset=utf-8", "");
            if let Ok(value) = header::HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
    }
}
