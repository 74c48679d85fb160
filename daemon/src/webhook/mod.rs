//! The webhook listener: hyper 1 over TCP (HTTP/1.1 and h2c), serving `/healthz`, `/metrics`
//! and one route per provider and tenant (`/webhooks/{provider}/{tenant}`).
//!
//! Flow of a provider request: check the tenant, enforce the body limit while collecting the
//! raw body, verify the signature on those exact bytes (`verify.rs`), parse, then hand the raw
//! event and its job to [`Queue::accept_event`] (one durable commit), and answer 200 only after
//! that commit returned. Every outcome is counted in [`Metrics`].
//!
//! Limits: headers must arrive within `header_timeout_secs` (hyper's timer for HTTP/1, plus our
//! own deadline for the first request, which also covers clients that send nothing at all);
//! a whole request within `request_timeout_secs` (408); bodies up to `body_limit_bytes` (413,
//! at once when `Content-Length` says so).
//!
//! Invariants: handlers never call a provider, they only store and enqueue; bodies and
//! signatures are never logged. This module may use `queue/`, `store/` and `metrics`; nothing
//! outside the daemon's wiring uses it.

mod channels;
pub mod events;
mod google;
mod oauth;
mod sandbox;
pub mod verify;

#[cfg(test)]
mod tests;

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use centralita_config::{Secret, WebhookConfig};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::http::request::Parts;
use hyper::{Method, Request, Response, StatusCode, Version};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

use crate::metrics::Metrics;
use crate::queue::Queue;
use crate::store::Store;
use crate::webhook::events::EventOutcome;

/// Everything the listener needs; shared by all connections.
pub struct WebhookState {
    pub queue: Queue,
    /// For tenant checks and the job counts of `/metrics` (reads only).
    pub store: Store,
    pub metrics: Arc<Metrics>,
    pub config: WebhookConfig,
    /// The sandbox route's HMAC secret; `None` when the sandbox is off (the route is then 404).
    pub sandbox_secret: Option<Secret>,
    /// Every tenant's channel secrets (WhatsApp, Messenger, Telegram).
    pub channels: std::sync::Arc<crate::inbox::ChannelSecrets>,
    /// Where `/oauth/callback` hands authorizations (`None`: the route says so).
    pub connections: Option<crate::connections::Connections>,
    /// The sandbox's fake Google (`None` when the sandbox is off).
    pub google: Option<Arc<crate::sandbox::google::FakeGoogle>>,
}

/// Serves until `shutdown` is cancelled, then stops accepting, lets in-flight requests finish
/// (hyper_util graceful), and returns.
///
/// Accept errors (for example, too many open files) are logged and retried; they never end
/// the listener. The drain waits at most the header plus the request timeout: no well-behaved
/// request can take longer.
pub async fn serve(
    listener: TcpListener,
    state: WebhookState,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    let address = listener.local_addr()?;
    let header_timeout = Duration::from_secs(state.config.header_timeout_secs);
    let drain_limit = header_timeout
        + Duration::from_secs(state.config.request_timeout_secs)
        + Duration::from_secs(1);
    let builder = connection_builder(header_timeout);
    let state = Arc::new(state);
    let graceful = GracefulShutdown::new();
    tracing::info!(%address, "webhook listener serving");

    let mut failures = crate::accept::AcceptFailures::new("webhook");
    loop {
        let accepted = tokio::select! {
            biased;
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _peer)) => stream,
            Err(error) => {
                if failures.failed(&error, &shutdown).await {
                    break;
                }
                continue;
            }
        };
        spawn_connection(
            stream,
            &builder,
            &graceful,
            header_timeout,
            Arc::clone(&state),
        );
    }

    drop(listener);
    tracing::info!(
        connections = graceful.count(),
        "webhook listener stopped accepting; finishing requests in flight"
    );
    if tokio::time::timeout(drain_limit, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            drain_secs = drain_limit.as_secs(),
            "webhook connections still open after the drain limit; leaving them"
        );
    }
    Ok(())
}

/// One HTTP/1.1 + h2c builder for all connections, with the header timeout on a real timer
/// (hyper ignores timeouts without one).
fn connection_builder(header_timeout: Duration) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(256);
    builder
}

/// Serves one connection on its own task, watched by `graceful` so shutdown can drain it.
fn spawn_connection(
    stream: TcpStream,
    builder: &auto::Builder<TokioExecutor>,
    graceful: &GracefulShutdown,
    header_timeout: Duration,
    state: Arc<WebhookState>,
) {
    // Small JSON answers: do not let Nagle hold them back.
    if let Err(error) = stream.set_nodelay(true) {
        tracing::debug!(%error, "could not set TCP_NODELAY on a webhook connection");
    }
    let first_request = CancellationToken::new();
    let activity = Arc::new(Activity::new());
    let service = {
        let first_request = first_request.clone();
        let activity = Arc::clone(&activity);
        hyper::service::service_fn(move |request| {
            first_request.cancel();
            let state = Arc::clone(&state);
            let activity = Arc::clone(&activity);
            async move {
                // Counted until the answer is made, or the request is dropped half way.
                let _running = Running::new(activity);
                Ok::<_, Infallible>(route(request, &state).await)
            }
        })
    };
    let connection = builder
        .serve_connection(TokioIo::new(stream), service)
        .into_owned();
    let connection = graceful.watch(connection);
    tokio::spawn(async move {
        let mut connection = std::pin::pin!(connection);
        // hyper's HTTP/1 header timeout only starts once the protocol is known, which needs
        // the first bytes; this deadline also cuts off clients that never send any.
        tokio::select! {
            result = &mut connection => return log_connection_end(result),
            () = first_request.cancelled() => {}
            () = tokio::time::sleep(header_timeout) => {
                tracing::debug!("no request within the header timeout; webhook connection closed");
                return;
            }
        }
        // HTTP/1 closes an idle keep-alive connection at the header timeout; HTTP/2 would
        // keep one open for ever (pings answered, no request), so it gets the same limit.
        loop {
            tokio::select! {
                result = &mut connection => return log_connection_end(result),
                () = tokio::time::sleep(IDLE_CHECK) => {
                    if activity.idle_for() >= header_timeout {
                        tracing::debug!("webhook connection idle past the header timeout; closed");
                        return;
                    }
                }
            }
        }
    });
}

/// One request in flight on its connection's [`Activity`].
struct Running(Arc<Activity>);

impl Running {
    fn new(activity: Arc<Activity>) -> Self {
        activity
            .in_flight
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Self(activity)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        *self
            .0
            .since
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = std::time::Instant::now();
        self.0
            .in_flight
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// How often an open connection is checked for idleness.
const IDLE_CHECK: Duration = Duration::from_millis(500);

/// Requests in flight on one connection, and when the last one ended.
struct Activity {
    in_flight: std::sync::atomic::AtomicUsize,
    since: std::sync::Mutex<std::time::Instant>,
}

impl Activity {
    fn new() -> Self {
        Self {
            in_flight: std::sync::atomic::AtomicUsize::new(0),
            since: std::sync::Mutex::new(std::time::Instant::now()),
        }
    }

    /// How long the connection has had nothing to do (zero while a request runs).
    fn idle_for(&self) -> Duration {
        if self.in_flight.load(std::sync::atomic::Ordering::SeqCst) > 0 {
            return Duration::ZERO;
        }
        self.since
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .elapsed()
    }
}

fn log_connection_end(result: Result<(), Box<dyn std::error::Error + Send + Sync>>) {
    if let Err(error) = result {
        // Client-side trouble (resets, header timeouts, bad requests) lands here: not ours.
        tracing::debug!(%error, "webhook connection ended with an error");
    }
}

/// Dispatches on path and method.
async fn route(request: Request<Incoming>, state: &WebhookState) -> Response<Full<Bytes>> {
    let path = request.uri().path().to_owned();
    let segments: Vec<&str> = path.strip_prefix('/').unwrap_or(&path).split('/').collect();
    match segments.as_slice() {
        ["healthz"] => match *request.method() {
            Method::GET | Method::HEAD => text(StatusCode::OK, "text/plain; charset=utf-8", "ok\n"),
            _ => method_not_allowed("GET, HEAD"),
        },
        ["metrics"] => match *request.method() {
            Method::GET | Method::HEAD => metrics(state).await,
            _ => method_not_allowed("GET, HEAD"),
        },
        ["webhooks", provider @ ("whatsapp" | "messenger"), tenant] => match *request.method() {
            Method::GET => channels::handshake(&request, provider, tenant, &state.channels),
            Method::POST => {
                let provider = if *provider == "whatsapp" {
                    "whatsapp"
                } else {
                    "messenger"
                };
                channels::meta(request, provider, tenant, state).await
            }
            _ => method_not_allowed("GET, POST"),
        },
        ["oauth", "callback"] => match *request.method() {
            Method::GET => oauth::callback(&request, state).await,
            _ => method_not_allowed("GET"),
        },
        ["webhooks", "telegram", tenant] => match *request.method() {
            Method::POST => channels::telegram(request, tenant, state).await,
            _ => method_not_allowed("POST"),
        },
        ["sandbox", "graph", tenant, account, "messages"] if state.sandbox_secret.is_some() => {
            sandbox::graph_send(request, tenant, account, state).await
        }
        ["sandbox", "graph", _tenant, _account, "media"] if state.sandbox_secret.is_some() => {
            sandbox::graph_upload(request).await
        }
        ["sandbox", "graph", _tenant, _account, "message_templates"]
            if state.sandbox_secret.is_some() =>
        {
            sandbox::graph_templates()
        }
        [
            "sandbox",
            "telegram",
            _tenant,
            _bot,
            method @ ("sendMessage" | "sendPhoto" | "sendVideo" | "sendAudio" | "sendDocument"
            | "getFile"),
        ] if state.sandbox_secret.is_some() => sandbox::telegram(request, state, method).await,
        ["sandbox", "graph", _tenant, id] if state.sandbox_secret.is_some() => {
            let profile = request
                .uri()
                .query()
                .is_some_and(|query| query.contains("fields=first_name"));
            if profile {
                sandbox::graph_profile(id)
            } else {
                sandbox::graph_media(&request, id)
            }
        }
        ["sandbox", "media", media] if state.sandbox_secret.is_some() => {
            sandbox::media_bytes(media)
        }
        ["sandbox", "telegram", _tenant, "file", _bot, path @ ..]
            if state.sandbox_secret.is_some() && !path.is_empty() =>
        {
            sandbox::media_bytes(path.join("/").as_str())
        }
        ["sandbox", "google", rest @ ..] if state.google.is_some() => match &state.google {
            Some(google) => google::route(request, rest, google).await,
            None => not_found(),
        },
        ["sandbox", "llm", "v1", "chat", "completions"] => match &state.sandbox_secret {
            None => not_found(),
            Some(_) if request.method() != Method::POST => method_not_allowed("POST"),
            Some(_) => sandbox::llm(request, state).await,
        },
        ["webhooks", "sandbox", tenant] => match &state.sandbox_secret {
            None => not_found(),
            Some(_) if request.method() != Method::POST => method_not_allowed("POST"),
            Some(secret) => sandbox::handle(request, tenant, state, secret).await,
        },
        _ => not_found(),
    }
}

async fn metrics(state: &WebhookState) -> Response<Full<Bytes>> {
    match state.store.read(|txn| txn.job_counts(None)).await {
        Ok(counts) => text(
            StatusCode::OK,
            "text/plain; version=0.0.4; charset=utf-8",
            state.metrics.render(&counts),
        ),
        Err(error) => {
            tracing::warn!(%error, "reading job counts for /metrics failed");
            text(
                StatusCode::SERVICE_UNAVAILABLE,
                "text/plain; charset=utf-8",
                "could not read the job counts, retry\n",
            )
        }
    }
}

/// Why a provider route refused a request; each maps to a status and a metrics result.
#[derive(Debug)]
enum Rejection {
    /// The tenant (or what it names) does not exist.
    NotFound(&'static str),
    /// Signature or token missing, malformed or wrong.
    Unauthorized,
    /// The body is not what the provider sends; the message says why.
    BadRequest(String),
    TooLarge {
        limit: u64,
    },
    Timeout {
        limit_secs: u64,
    },
    /// The store could not take the event; the provider should deliver it again.
    Unavailable,
}

impl Rejection {
    fn result_label(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "not_found",
            Self::Unauthorized => "unauthorized",
            Self::BadRequest(_) => "bad_request",
            Self::TooLarge { .. } => "too_large",
            Self::Timeout { .. } => "timeout",
            Self::Unavailable => "unavailable",
        }
    }

    fn into_response(self, version: Version) -> Response<Full<Bytes>> {
        let (status, message) = match self {
            Self::NotFound(message) => (StatusCode::NOT_FOUND, message.to_owned()),
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "signature is missing, malformed or does not match".to_owned(),
            ),
            Self::BadRequest(message) => (StatusCode::BAD_REQUEST, message),
            Self::TooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("request body is larger than the limit of {limit} bytes"),
            ),
            Self::Timeout { limit_secs } => (
                StatusCode::REQUEST_TIMEOUT,
                format!("request took longer than {limit_secs} s"),
            ),
            Self::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "could not store the event, retry".to_owned(),
            ),
        };
        let mut response = json(status, &serde_json::json!({ "error": message }));
        // The body may be partly unread: the connection cannot carry another request.
        let body_unread = matches!(
            status,
            StatusCode::PAYLOAD_TOO_LARGE | StatusCode::REQUEST_TIMEOUT
        );
        if body_unread && version <= Version::HTTP_11 {
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

/// Runs a provider route's delivery under the request timeout, counts its result in the
/// metrics under `route`, and turns it into the HTTP answer.
///
/// On timeout the delivery is dropped; an event already handed to the store may still commit,
/// which is safe: the provider's redelivery is then answered as a duplicate.
async fn answer_delivery(
    route: &'static str,
    version: Version,
    state: &WebhookState,
    delivery: impl Future<Output = Result<EventOutcome, Rejection>>,
) -> Response<Full<Bytes>> {
    let limit_secs = state.config.request_timeout_secs;
    let outcome = tokio::time::timeout(Duration::from_secs(limit_secs), delivery)
        .await
        .unwrap_or(Err(Rejection::Timeout { limit_secs }));
    match outcome {
        Ok(EventOutcome::Stored { job }) => {
            state.metrics.record_webhook(route, "accepted");
            tracing::debug!(%job, "webhook event stored");
            json(
                StatusCode::OK,
                &serde_json::json!({ "job": job.0, "duplicate": false }),
            )
        }
        Ok(EventOutcome::Duplicate { job }) => {
            state.metrics.record_webhook(route, "duplicate");
            tracing::debug!(%job, "webhook event was a duplicate");
            json(
                StatusCode::OK,
                &serde_json::json!({ "job": job.0, "duplicate": true }),
            )
        }
        Ok(outcome @ (EventOutcome::Applied | EventOutcome::Repeated)) => {
            let duplicate = outcome == EventOutcome::Repeated;
            state
                .metrics
                .record_webhook(route, if duplicate { "duplicate" } else { "accepted" });
            json(
                StatusCode::OK,
                &serde_json::json!({ "duplicate": duplicate }),
            )
        }
        Err(rejection) => {
            let result = rejection.result_label();
            state.metrics.record_webhook(route, result);
            tracing::info!(result, "webhook refused");
            rejection.into_response(version)
        }
    }
}

/// Collects the raw body, refusing more than `limit` bytes: at once when `Content-Length`
/// announces more, otherwise as soon as the stream passes the limit.
async fn read_body(request: Request<Incoming>, limit: u64) -> Result<(Parts, Bytes), Rejection> {
    let (parts, body) = request.into_parts();
    let announced = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if announced.is_some_and(|length| length > limit) {
        return Err(Rejection::TooLarge { limit });
    }
    let limited = Limited::new(body, usize::try_from(limit).unwrap_or(usize::MAX));
    match limited.collect().await {
        Ok(collected) => Ok((parts, collected.to_bytes())),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => {
            Err(Rejection::TooLarge { limit })
        }
        Err(error) => Err(Rejection::BadRequest(format!(
            "could not read the request body: {error}"
        ))),
    }
}

fn json(status: StatusCode, value: &serde_json::Value) -> Response<Full<Bytes>> {
    text(status, "application/json", value.to_string())
}

fn text(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn not_found() -> Response<Full<Bytes>> {
    json(
        StatusCode::NOT_FOUND,
        &serde_json::json!({ "error": "no such route" }),
    )
}

fn method_not_allowed(allow: &'static str) -> Response<Full<Bytes>> {
    let mut response = json(
        StatusCode::METHOD_NOT_ALLOWED,
        &serde_json::json!({ "error": format!("method not allowed here; use {allow}") }),
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}
