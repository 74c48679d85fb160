//! Listener tests: the real server on `127.0.0.1:0` over a real store in a temp dir, driven
//! with hand-written HTTP/1.1 so every byte on the wire is visible.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use centralita_config::{QueueConfig, Secret, WebhookConfig};
use centralita_protocol::{JobFilter, JobState, JobSummary, PageRequest, TenantId};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::{WebhookState, serve};
use crate::metrics::Metrics;
use crate::queue::Queue;
use crate::store::Store;

const SECRET: &str = "sandbox-test-secret";
const PATH: &str = "/webhooks/sandbox/acme";

/// Only exists to fail instead of hang; no test depends on how long anything takes.
const FAIL_AFTER: Duration = Duration::from_secs(30);

async fn within<T>(what: &str, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(FAIL_AFTER, future)
        .await
        .unwrap_or_else(|_| panic!("gave up waiting for {what}"))
}

fn tenant() -> TenantId {
    TenantId::new("acme").expect("valid tenant id")
}

struct Options {
    sandbox: bool,
    body_limit_bytes: u64,
    header_timeout_secs: u64,
    request_timeout_secs: u64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            sandbox: true,
            body_limit_bytes: 1024,
            header_timeout_secs: 1,
            request_timeout_secs: 30,
        }
    }
}

struct Server {
    _dir: tempfile::TempDir,
    address: SocketAddr,
    store: Store,
    shutdown: CancellationToken,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    async fn start(options: Options) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path(), &crate::schema()).expect("store opens");
        store
            .write(|txn| txn.add_tenant(&tenant(), "Acme"))
            .await
            .expect("tenant added");
        let metrics = Arc::new(Metrics::default());
        let queue = Queue::new(store.clone(), &QueueConfig::default(), Arc::clone(&metrics));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("local address");
        let state = WebhookState {
            queue,
            store: store.clone(),
            metrics,
            config: WebhookConfig {
                listen: address,
                body_limit_bytes: options.body_limit_bytes,
                header_timeout_secs: options.header_timeout_secs,
                request_timeout_secs: options.request_timeout_secs,
            },
            sandbox_secret: options.sandbox.then(|| Secret::new(SECRET)),
            channels: Arc::default(),
            connections: None,
            google: None,
        };
        let shutdown = CancellationToken::new();
        let task = tokio::spawn(serve(listener, state, shutdown.clone()));
        Self {
            _dir: dir,
            address,
            store,
            shutdown,
            task,
        }
    }

    async fn jobs(&self) -> Vec<JobSummary> {
        self.store
            .read(|txn| txn.list_jobs(&tenant(), &JobFilter::default(), PageRequest::first(100)))
            .await
            .expect("jobs listed")
            .jobs
    }

    async fn send(&self, request: &[u8]) -> Reply {
        let mut stream = TcpStream::connect(self.address).await.expect("connect");
        stream.write_all(request).await.expect("request written");
        read_reply(&mut stream).await
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(
            format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await
    }

    async fn post(&self, path: &str, body: &str, signature: Option<&str>) -> Reply {
        self.send(&post_request(path, body, signature)).await
    }

    async fn post_signed(&self, body: &str) -> Reply {
        self.post(PATH, body, Some(&sign(SECRET, body.as_bytes())))
            .await
    }
}

fn post_request(path: &str, body: &str, signature: Option<&str>) -> Vec<u8> {
    let signature = signature
        .map(|value| format!("X-Centralita-Signature: {value}\r\n"))
        .unwrap_or_default();
    format!(
        "POST {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n{signature}\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn event(id: &str) -> String {
    serde_json::json!({"id": id, "action": "ping"}).to_string()
}

/// A response as read off the wire.
#[derive(Debug)]
struct Reply {
    status: u16,
    /// The header block, lowercased.
    headers: String,
    body: String,
}

impl Reply {
    fn parse(raw: &[u8]) -> Self {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("no header end in {text:?}"));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status in {head:?}"));
        Self {
            status,
            headers: head.to_ascii_lowercase(),
            body: body.to_owned(),
        }
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("{:?} is not JSON: {error}", self.body))
    }
}

/// Reads until the server closes the connection (every request says `Connection: close`).
async fn read_reply(stream: &mut TcpStream) -> Reply {
    let mut raw = Vec::new();
    within("the response", stream.read_to_end(&mut raw))
        .await
        .expect("response read");
    Reply::parse(&raw)
}

#[tokio::test]
async fn healthz_answers_ok() {
    let server = Server::start(Options::default()).await;
    let reply = server.get("/healthz").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, "ok\n");
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405() {
    let server = Server::start(Options::default()).await;
    assert_eq!(server.get("/nope").await.status, 404);
    assert_eq!(server.get("/webhooks/sandbox/acme/extra").await.status, 404);
    let reply = server.get(PATH).await;
    assert_eq!(reply.status, 405);
    assert!(reply.headers.contains("allow: post"), "{reply:?}");
    assert_eq!(server.post("/healthz", "", None).await.status, 405);
}

#[tokio::test]
async fn signed_event_is_stored_and_its_job_enqueued() {
    let server = Server::start(Options::default()).await;
    let reply = server.post_signed(&event("evt-1")).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(
        reply.headers.contains("content-type: application/json"),
        "{reply:?}"
    );
    let answer = reply.json();
    assert_eq!(answer["duplicate"], false);

    let jobs = server.jobs().await;
    assert_eq!(jobs.len(), 1);
    let job = &jobs[0];
    assert_eq!(answer["job"], job.id.0);
    assert_eq!(job.kind, "sandbox.event");
    assert_eq!(job.queue, "default");
    assert_eq!(job.state, JobState::Queued);
    assert_eq!(job.unique_key.as_deref(), Some("sandbox:evt-1"));
    assert_eq!(
        job.max_attempts,
        QueueConfig::default().default_max_attempts
    );
    let stored = server
        .store
        .read(move |txn| txn.job(&tenant(), jobs[0].id))
        .await
        .expect("job");
    let payload: serde_json::Value =
        serde_json::from_str(&stored.payload).expect("payload is JSON");
    assert_eq!(
        payload,
        serde_json::json!({"id": "evt-1", "action": "ping"})
    );
}

#[tokio::test]
async fn redelivery_is_a_duplicate_and_changes_nothing() {
    let server = Server::start(Options::default()).await;
    let first = server.post_signed(&event("evt-1")).await.json();
    let second = server.post_signed(&event("evt-1")).await;
    assert_eq!(second.status, 200);
    let second = second.json();
    assert_eq!(second["duplicate"], true);
    assert_eq!(second["job"], first["job"]);
    assert_eq!(server.jobs().await.len(), 1);
}

#[tokio::test]
async fn bad_signature_is_refused_and_stores_nothing() {
    let server = Server::start(Options::default()).await;
    let body = event("evt-1");
    let good = sign(SECRET, body.as_bytes());
    let cases = [
        ("missing", None),
        (
            "wrong secret",
            Some(sign("another-secret", body.as_bytes())),
        ),
        ("other body", Some(sign(SECRET, event("evt-2").as_bytes()))),
        ("no prefix", Some(good["sha256=".len()..].to_owned())),
        ("not hex", Some(format!("sha256={}", "zz".repeat(32)))),
        ("truncated", Some(good[..good.len() - 2].to_owned())),
        ("empty", Some(String::new())),
    ];
    for (case, signature) in cases {
        let reply = server.post(PATH, &body, signature.as_deref()).await;
        assert_eq!(reply.status, 401, "{case}: {reply:?}");
        assert!(reply.json()["error"].is_string(), "{case}");
    }
    assert!(server.jobs().await.is_empty());
    // No event row either: the first valid delivery of that id is new, not a duplicate.
    let reply = server.post_signed(&body).await;
    assert_eq!(reply.json()["duplicate"], false, "{reply:?}");
}

#[tokio::test]
async fn malformed_body_is_refused_with_the_reason_and_stores_nothing() {
    let server = Server::start(Options::default()).await;
    let cases = [
        ("{not json", "body is not JSON: "),
        (r#"{"action":"ping"}"#, "field \"id\" is missing"),
        (r#"{"id":"evt-1"}"#, "field \"action\" is missing"),
    ];
    for (body, reason) in cases {
        let reply = server.post_signed(body).await;
        assert_eq!(reply.status, 400, "{body}: {reply:?}");
        let error = reply.json()["error"]
            .as_str()
            .expect("error text")
            .to_owned();
        assert!(
            error.starts_with(reason),
            "{error:?} should start with {reason:?}"
        );
    }
    assert!(server.jobs().await.is_empty());
}

#[tokio::test]
async fn announced_body_over_the_limit_is_refused_without_reading_it() {
    let server = Server::start(Options::default()).await;
    // The body is never sent: an answer can only come from the announced length.
    let request = format!(
        "POST {PATH} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Length: 10000000\r\n\
         X-Centralita-Signature: sha256=00\r\n\r\n"
    );
    let reply = server.send(request.as_bytes()).await;
    assert_eq!(reply.status, 413, "{reply:?}");
    assert!(server.jobs().await.is_empty());
}

#[tokio::test]
async fn chunked_body_over_the_limit_is_refused() {
    let server = Server::start(Options::default()).await;
    let chunk = "x".repeat(600);
    let mut request = format!(
        "POST {PATH} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\
         X-Centralita-Signature: {}\r\n\r\n",
        sign(SECRET, chunk.repeat(3).as_bytes())
    );
    for _ in 0..3 {
        write!(request, "{:x}\r\n{chunk}\r\n", chunk.len()).expect("writing to a string");
    }
    request.push_str("0\r\n\r\n");
    let reply = server.send(request.as_bytes()).await;
    assert_eq!(reply.status, 413, "{reply:?}");
    assert!(server.jobs().await.is_empty());
}

#[tokio::test]
async fn chunked_body_within_the_limit_is_accepted() {
    let server = Server::start(Options::default()).await;
    let body = event("evt-chunked");
    let (head, tail) = body.split_at(10);
    let request = format!(
        "POST {PATH} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\
         X-Centralita-Signature: {}\r\n\r\n{:x}\r\n{head}\r\n{:x}\r\n{tail}\r\n0\r\n\r\n",
        sign(SECRET, body.as_bytes()),
        head.len(),
        tail.len()
    );
    let reply = server.send(request.as_bytes()).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(server.jobs().await.len(), 1);
}

#[tokio::test]
async fn unknown_tenant_is_404() {
    let server = Server::start(Options::default()).await;
    let body = event("evt-1");
    let signature = sign(SECRET, body.as_bytes());
    let reply = server
        .post("/webhooks/sandbox/ghost", &body, Some(&signature))
        .await;
    assert_eq!(reply.status, 404, "{reply:?}");
    assert_eq!(reply.json()["error"], "unknown tenant");
    let reply = server
        .post("/webhooks/sandbox/Not_A_Tenant", &body, Some(&signature))
        .await;
    assert_eq!(reply.status, 404, "{reply:?}");
    assert!(server.jobs().await.is_empty());
}

#[tokio::test]
async fn sandbox_route_is_404_when_the_sandbox_is_off() {
    let server = Server::start(Options {
        sandbox: false,
        ..Options::default()
    })
    .await;
    let reply = server.post_signed(&event("evt-1")).await;
    assert_eq!(reply.status, 404, "{reply:?}");
    assert!(server.jobs().await.is_empty());
}

#[tokio::test]
async fn slow_client_that_never_finishes_headers_is_cut_off() {
    let server = Server::start(Options {
        header_timeout_secs: 1,
        ..Options::default()
    })
    .await;
    let mut stream = TcpStream::connect(server.address).await.expect("connect");
    stream
        .write_all(format!("POST {PATH} HTTP/1.1\r\nHost: test\r\n").as_bytes())
        .await
        .expect("written");
    let mut raw = Vec::new();
    // Returns only once the server closed the connection.
    within(
        "the server to close the connection",
        stream.read_to_end(&mut raw),
    )
    .await
    .expect("read until closed");
    let answer = String::from_utf8_lossy(&raw);
    assert!(
        raw.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer:?}"
    );
}

#[tokio::test]
async fn silent_client_is_cut_off() {
    let server = Server::start(Options {
        header_timeout_secs: 1,
        ..Options::default()
    })
    .await;
    let mut stream = TcpStream::connect(server.address).await.expect("connect");
    let mut raw = Vec::new();
    within(
        "the server to close the connection",
        stream.read_to_end(&mut raw),
    )
    .await
    .expect("read until closed");
    assert!(raw.is_empty(), "{:?}", String::from_utf8_lossy(&raw));
}

#[tokio::test]
async fn body_that_never_completes_gets_408() {
    let server = Server::start(Options {
        request_timeout_secs: 1,
        ..Options::default()
    })
    .await;
    let body = event("evt-1");
    let request = post_request(PATH, &body, Some(&sign(SECRET, body.as_bytes())));
    // Everything but the last five bytes of the body.
    let reply = server.send(&request[..request.len() - 5]).await;
    assert_eq!(reply.status, 408, "{reply:?}");
    assert!(server.jobs().await.is_empty());
}

#[tokio::test]
async fn fifty_concurrent_deliveries_of_one_id_make_one_job() {
    let server = Arc::new(Server::start(Options::default()).await);
    let deliveries: Vec<_> = (0..50)
        .map(|_| {
            let server = Arc::clone(&server);
            tokio::spawn(async move { server.post_signed(&event("evt-race")).await })
        })
        .collect();
    let mut answers = Vec::new();
    for delivery in deliveries {
        let reply = delivery.await.expect("delivery task");
        assert_eq!(reply.status, 200, "{reply:?}");
        answers.push(reply.json());
    }
    let fresh = answers
        .iter()
        .filter(|answer| answer["duplicate"] == false)
        .count();
    assert_eq!(fresh, 1, "exactly one delivery stores the event");
    assert!(
        answers
            .iter()
            .all(|answer| answer["job"] == answers[0]["job"])
    );
    assert_eq!(server.jobs().await.len(), 1);
}

#[tokio::test]
async fn metrics_show_job_counts_and_webhook_results() {
    let server = Server::start(Options::default()).await;
    assert_eq!(server.post_signed(&event("evt-1")).await.status, 200);
    assert_eq!(server.post_signed(&event("evt-1")).await.status, 200);
    assert_eq!(server.post(PATH, &event("evt-2"), None).await.status, 401);

    let reply = server.get("/metrics").await;
    assert_eq!(reply.status, 200);
    assert!(
        reply
            .headers
            .contains("content-type: text/plain; version=0.0.4"),
        "{reply:?}"
    );
    for line in [
        "# TYPE centralita_jobs gauge",
        "centralita_jobs{queue=\"default\",state=\"queued\"} 1",
        "centralita_jobs{queue=\"default\",state=\"dead\"} 0",
        "# TYPE centralita_webhooks_total counter",
        "centralita_webhooks_total{route=\"sandbox\",result=\"accepted\"} 1",
        "centralita_webhooks_total{route=\"sandbox\",result=\"duplicate\"} 1",
        "centralita_webhooks_total{route=\"sandbox\",result=\"unauthorized\"} 1",
        "# TYPE centralita_job_outcomes_total counter",
    ] {
        assert!(
            reply.body.lines().any(|candidate| candidate == line),
            "{line:?} missing in\n{}",
            reply.body
        );
    }
}

#[tokio::test]
async fn shutdown_lets_a_request_in_flight_finish_then_stops_accepting() {
    let server = Server::start(Options::default()).await;
    let body = event("evt-drain");
    let request = format!(
        "POST {PATH} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Length: {}\r\n\
         Expect: 100-continue\r\nX-Centralita-Signature: {}\r\n\r\n",
        body.len(),
        sign(SECRET, body.as_bytes())
    );
    let mut stream = TcpStream::connect(server.address).await.expect("connect");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("headers written");
    // hyper sends 100 Continue once the handler reads the body: the request is in flight.
    let mut interim = Vec::new();
    while !interim.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        let read = within("100 Continue", stream.read(&mut byte))
            .await
            .expect("read");
        assert_eq!(read, 1, "connection closed before 100 Continue");
        interim.push(byte[0]);
    }
    assert!(
        interim.starts_with(b"HTTP/1.1 100"),
        "{:?}",
        String::from_utf8_lossy(&interim)
    );

    server.shutdown.cancel();
    stream
        .write_all(body.as_bytes())
        .await
        .expect("body written");
    let reply = read_reply(&mut stream).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.json()["duplicate"], false);

    let Server { task, address, .. } = server;
    within("serve to return", task)
        .await
        .expect("serve task")
        .expect("serve result");
    assert!(
        TcpStream::connect(address).await.is_err(),
        "the listener is closed"
    );
}

#[tokio::test]
async fn an_idle_http2_connection_is_closed_like_an_idle_http1_one() {
    let server = Server::start(Options {
        header_timeout_secs: 1,
        ..Options::default()
    })
    .await;
    let mut stream = TcpStream::connect(server.address).await.expect("connect");
    // h2c with prior knowledge: the preface, an empty SETTINGS frame, then one GET /healthz
    // (HPACK: :method GET, :scheme http, :path "/healthz", :authority "test").
    let mut block = vec![0x82, 0x86, 0x44, 8];
    block.extend_from_slice(b"/healthz");
    block.extend_from_slice(&[0x41, 4]);
    block.extend_from_slice(b"test");
    let mut frames = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
    frames.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 0, 0]);
    let length = u8::try_from(block.len()).expect("small");
    frames.extend_from_slice(&[0, 0, length, 1, 0x5, 0, 0, 0, 1]);
    frames.extend_from_slice(&block);
    stream.write_all(&frames).await.expect("written");
    let mut raw = Vec::new();
    // Answered, then left idle: it returns only once the server closed the connection.
    within(
        "the server to close the idle HTTP/2 connection",
        stream.read_to_end(&mut raw),
    )
    .await
    .expect("read until closed");
    // The answer came before the close: a HEADERS frame (type 1) on stream 1.
    assert!(
        raw.windows(5).any(|w| w[0] == 1 && w[1..] == [0, 0, 0, 1]) || raw.len() > 40,
        "{raw:?}"
    );
}
