//! Webhook → durable acknowledgement, measured from a separate process over loopback.
//!
//! Spawns a release `centralitad` (sandbox on) on a temp dir, then from this process keeps
//! `CONNECTIONS` (default 128) keep-alive HTTP/1.1 connections busy with signed deliveries
//! (each a new event, durable before the 200) to find the peak rate, then offers half that
//! rate, paced, and reports latency percentiles.
//!
//! Both routes are measured: the sandbox's (`webhook_*`) and WhatsApp's (`whatsapp_*`: a real
//! Cloud API text-message payload with a new wamid each time, `X-Hub-Signature-256`, parsed
//! before the acknowledgement).
//!
//! Run: `cargo build --release --bins && cargo bench -p centralita-daemon --bench webhook`
//! (`CENTRALITAD_BIN` overrides the binary; `SECONDS` the length of each phase, default 5;
//! `ROUTE=webhook` or `ROUTE=whatsapp` measures one route alone, without the other's jobs
//! still draining).
//! Budget (DESIGN.md): ≥ 20× a Flask + SQLite receiver (~800–1,000 req/s here), p99 < 20 ms at
//! half the peak.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use sha2::Sha256;

/// Concurrent connections (env `CONNECTIONS`, default 128). Providers deliver in parallel
/// (Telegram up to 100 connections per bot; Meta spreads a busy number's webhooks over many);
/// each acknowledgement waits for a group commit, so the peak is about connections ÷ commit
/// latency, and 64 connections cap it lower on this machine.
fn connections() -> usize {
    std::env::var("CONNECTIONS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(128)
}
const SECRET: &[u8] = b"sandbox-secret";

#[tokio::main]
async fn main() {
    let seconds: u64 = std::env::var("SECONDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(5);
    let daemon = Daemon::start();
    let address = daemon.webhook_address();
    let counter = Arc::new(AtomicU64::new(0));
    let only = std::env::var("ROUTE").ok();
    for route in [Route::Sandbox, Route::Whatsapp] {
        if only.as_deref().is_some_and(|only| only != route.name()) {
            continue;
        }
        let name = route.name();
        // Phase 1: as fast as the connections go.
        let peak = run_phase(
            &address,
            route,
            &counter,
            Duration::from_secs(seconds),
            None,
        )
        .await;
        let peak_rate = peak.len() as f64 / seconds as f64;
        println!("{name}_acks_per_sec: {peak_rate:.0} req/s");
        println!("{name}_p50_at_peak: {:.2} ms", percentile(&peak, 0.50));
        println!("{name}_p99_at_peak: {:.2} ms", percentile(&peak, 0.99));

        // Phase 2: half the peak, paced per connection.
        let per_connection = Duration::from_secs_f64(connections() as f64 / (peak_rate / 2.0));
        let half = run_phase(
            &address,
            route,
            &counter,
            Duration::from_secs(seconds),
            Some(per_connection),
        )
        .await;
        println!(
            "{name}_half_load_rate: {:.0} req/s",
            half.len() as f64 / seconds as f64
        );
        println!("{name}_p50_at_half_load: {:.2} ms", percentile(&half, 0.50));
        println!("{name}_p99_at_half_load: {:.2} ms", percentile(&half, 0.99));
    }
    // What a crash costs: kill -9 under no load, then the time until the daemon is ready
    // again (redb recovers the file at open).
    let mut daemon = daemon;
    let size =
        std::fs::metadata(daemon.dir.path().join("centralita.redb")).map_or(0, |meta| meta.len());
    let restart = daemon.kill_and_restart();
    println!(
        "restart_after_kill9: {:.2} s (database {:.0} MB)",
        restart.as_secs_f64(),
        size as f64 / 1e6
    );
}

/// Which route the load goes to.
#[derive(Clone, Copy)]
enum Route {
    Sandbox,
    Whatsapp,
}

impl Route {
    fn name(self) -> &'static str {
        match self {
            Self::Sandbox => "webhook",
            Self::Whatsapp => "whatsapp",
        }
    }

    /// The path, the signature header and the body of delivery `id`.
    fn delivery(self, id: u64) -> (&'static str, &'static str, String) {
        match self {
            Self::Sandbox => (
                "/webhooks/sandbox/bench",
                "x-centralita-signature",
                format!(r#"{{"id":"bench-{id}","action":"ok"}}"#),
            ),
            Self::Whatsapp => (
                "/webhooks/whatsapp/bench",
                "x-hub-signature-256",
                format!(
                    r#"{{"object":"whatsapp_business_account","entry":[{{"id":"102290129340398","changes":[{{"value":{{"messaging_product":"whatsapp","metadata":{{"display_phone_number":"15550783881","phone_number_id":"106540352242922"}},"contacts":[{{"profile":{{"name":"Cliente {n}"}},"wa_id":"5198765{n:04}"}}],"messages":[{{"from":"5198765{n:04}","id":"wamid.bench{id}","timestamp":"1717000000","text":{{"body":"Hola, quisiera una cita"}},"type":"text"}}]}},"field":"messages"}}]}}]}}"#,
                    n = id % 10_000
                ),
            ),
        }
    }
}

/// Runs one phase; returns every successful request's latency in milliseconds.
async fn run_phase(
    address: &str,
    route: Route,
    counter: &Arc<AtomicU64>,
    length: Duration,
    pace: Option<Duration>,
) -> Vec<f64> {
    let deadline = Instant::now() + length;
    let mut tasks = Vec::new();
    for _ in 0..connections() {
        let (address, counter) = (address.to_owned(), Arc::clone(counter));
        tasks.push(tokio::spawn(async move {
            let stream = tokio::net::TcpStream::connect(&address)
                .await
                .expect("connect");
            stream.set_nodelay(true).expect("nodelay");
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream))
                    .await
                    .expect("handshake");
            tokio::spawn(connection);
            let mut latencies = Vec::new();
            let mut next = Instant::now();
            while Instant::now() < deadline {
                if let Some(pace) = pace {
                    tokio::time::sleep_until(next.into()).await;
                    next += pace;
                }
                let id = counter.fetch_add(1, Ordering::Relaxed);
                let (path, header, body) = route.delivery(id);
                let request = Request::post(format!("http://{address}{path}"))
                    .header("content-type", "application/json")
                    .header(header, signature(body.as_bytes()))
                    .body(Full::new(Bytes::from(body)))
                    .expect("request");
                let started = Instant::now();
                let response = sender.send_request(request).await.expect("response");
                let status = response.status();
                response.into_body().collect().await.expect("body");
                assert!(status.is_success(), "delivery answered {status}");
                latencies.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("connection task"));
    }
    all
}

fn signature(body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET).expect("any key length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn percentile(values: &[f64], quantile: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let index = ((sorted.len() as f64 - 1.0) * quantile).round() as usize;
    sorted.get(index).copied().unwrap_or(f64::NAN)
}

/// The daemon under test, killed on drop.
struct Daemon {
    child: std::process::Child,
    dir: tempfile::TempDir,
}

impl Daemon {
    fn binary() -> PathBuf {
        std::env::var_os("CENTRALITAD_BIN").map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/centralitad"),
            PathBuf::from,
        )
    }

    fn start() -> Self {
        let binary = Self::binary();
        assert!(
            binary.exists(),
            "{} is missing: cargo build --release --bins",
            binary.display()
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let config = dir.path().join("config.toml");
        std::fs::write(
            &config,
            format!(
                "[daemon]\ndata_dir = {data:?}\nsocket = {socket:?}\n[webhook]\nlisten = \"127.0.0.1:0\"\n[sandbox]\nenabled = true\ntenant = \"bench\"\n",
                data = dir.path().display().to_string(),
                socket = dir.path().join("console.sock").display().to_string(),
            ),
        )
        .expect("config");
        let child = Self::spawn(dir.path());
        Self { child, dir }
    }

    fn spawn(dir: &std::path::Path) -> std::process::Child {
        let log = std::fs::File::create(dir.join("daemon.log")).expect("log");
        std::process::Command::new(Self::binary())
            .arg("--config")
            .arg(dir.join("config.toml"))
            .env("CENTRALITA_LOG", "info")
            .stderr(log)
            .spawn()
            .expect("spawn centralitad")
    }

    /// `kill -9`, start again on the same data, and how long until it is ready.
    fn kill_and_restart(&mut self) -> Duration {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let log = self.dir.path().join("daemon.log");
        std::fs::remove_file(&log).expect("old log");
        let started = Instant::now();
        self.child = Self::spawn(self.dir.path());
        self.webhook_address();
        started.elapsed()
    }

    /// Reads the bound webhook address from the daemon's ready line.
    fn webhook_address(&self) -> String {
        let log = self.dir.path().join("daemon.log");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            if let Some(line) = text.lines().find(|line| line.contains("centralitad ready")) {
                let address = line
                    .split("webhook=")
                    .nth(1)
                    .and_then(|rest| rest.split_whitespace().next());
                return address
                    .expect("ready line names the webhook address")
                    .to_owned();
            }
            assert!(Instant::now() < deadline, "daemon not ready:\n{text}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
