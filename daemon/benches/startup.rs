//! Start-up with a full inbox: how long a release `centralitad` takes to be ready on a store
//! holding `MESSAGES` messages (default 1,000,000, in 10,000 WhatsApp conversations), and its
//! resident memory once idle, after a clean stop and after a `kill -9`.
//!
//! Run: `cargo build --release --bins && cargo bench -p centralita-daemon --bench startup`
//! (`CENTRALITAD_BIN` overrides the binary). Filling the store takes a while; it is not timed.
//! Prints `name: value unit` lines. Budget (DESIGN.md): ready < 300 ms with 1,000,000 stored
//! messages; idle RSS < 40 MiB.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use centralita_channels::Channel;
use centralita_daemon::crm::contacts::Identity;
use centralita_daemon::inbox::NewMessage;
use centralita_daemon::store::Store;
use centralita_protocol::{Direction, TenantId};

const CONVERSATIONS: u64 = 10_000;
const PER_COMMIT: u64 = 20_000;

#[tokio::main]
async fn main() {
    let messages: u64 = std::env::var("MESSAGES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    fill(dir.path(), messages).await;
    let size = std::fs::metadata(dir.path().join("centralita.redb")).map_or(0, |meta| meta.len());
    eprintln!(
        "store filled: {messages} messages, {:.0} MB",
        size as f64 / 1e6
    );

    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "[daemon]\ndata_dir = {data:?}\nsocket = {socket:?}\n[webhook]\nlisten = \"127.0.0.1:0\"\n[sandbox]\nenabled = true\ntenant = \"bench\"\ngenerate_jobs = false\n",
            data = dir.path().display().to_string(),
            socket = dir.path().join("console.sock").display().to_string(),
        ),
    )
    .expect("config");
    // The last run follows a `kill -9` of the one before: the start after a crash.
    let runs = ["cold", "warm", "after_kill9"];
    for (index, run) in runs.iter().enumerate() {
        let started = Instant::now();
        let mut child = spawn(dir.path());
        wait_ready(dir.path());
        let ready = started.elapsed();
        println!(
            "daemon_ready_{run}: {:.0} ms ({messages} messages)",
            ready.as_secs_f64() * 1e3
        );
        std::thread::sleep(Duration::from_secs(3));
        println!("daemon_idle_rss_{run}: {:.1} MiB", rss_mib(child.id()));
        let signal = if runs.get(index + 1) == Some(&"after_kill9") {
            nix::sys::signal::Signal::SIGKILL
        } else {
            nix::sys::signal::Signal::SIGTERM
        };
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("pid")),
            signal,
        );
        let _ = child.wait();
    }
}

/// `messages` inbound messages over [`CONVERSATIONS`] conversations, written in large commits.
async fn fill(dir: &Path, messages: u64) {
    let store = Store::open(dir, &centralita_daemon::schema()).expect("store");
    let tenant = TenantId::new("bench").expect("valid");
    let id = tenant.clone();
    store
        .write(move |txn| txn.add_tenant(&id, "Bench"))
        .await
        .expect("tenant");
    let mut written = 0;
    while written < messages {
        let (from, to) = (written, (written + PER_COMMIT).min(messages));
        let tenant = tenant.clone();
        store
            .write(move |txn| {
                for n in from..to {
                    let customer = format!("519{:08}", n % CONVERSATIONS);
                    let identity = Identity {
                        channel: "whatsapp",
                        id: &customer,
                        name: Some("Cliente"),
                        phone: None,
                        country: None,
                    };
                    let contact = txn.contact_for(&tenant, &identity)?;
                    let conversation = txn.conversation_for(
                        &tenant,
                        contact,
                        Channel::Whatsapp,
                        "phone",
                        &customer,
                    )?;
                    let message = NewMessage {
                        external_id: format!("wamid.bench-{n}"),
                        direction: Direction::Inbound,
                        kind: "text".to_owned(),
                        text: Some("Hola, ¿tienen cita para mañana a las 10?".to_owned()),
                        media: None,
                        status: "received".to_owned(),
                        rank: 0,
                        reply_to: None,
                        sent_at: txn.now(),
                    };
                    txn.add_message(&tenant, conversation, Channel::Whatsapp, &message)?;
                }
                Ok::<_, centralita_daemon::error::AreaError>(())
            })
            .await
            .expect("messages");
        written = to;
    }
}

fn binary() -> PathBuf {
    std::env::var_os("CENTRALITAD_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/centralitad"),
        PathBuf::from,
    )
}

fn spawn(dir: &Path) -> std::process::Child {
    let log = std::fs::File::create(dir.join("daemon.log")).expect("log");
    std::process::Command::new(binary())
        .arg("--config")
        .arg(dir.join("config.toml"))
        .env("CENTRALITA_LOG", "info")
        .stderr(log)
        .spawn()
        .expect("spawn centralitad")
}

fn wait_ready(dir: &Path) {
    let deadline = Instant::now() + Duration::from_mins(2);
    loop {
        let text = std::fs::read_to_string(dir.join("daemon.log")).unwrap_or_default();
        if text.contains("centralitad ready") {
            return;
        }
        assert!(Instant::now() < deadline, "daemon not ready:\n{text}");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// `VmRSS` of process `pid`.
fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| {
            value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kib| kib / 1024.0)
}
