//! Idle connections are a budget: the daemon holds 5,000 idle connections of each protocol it
//! serves (HTTP/1.1 and h2c on the webhook listener, tarpc on the console socket) at once, and
//! signed deliveries and console calls keep being answered meanwhile. Loopback only, bounded.
//! The latency under that load is measured by `cargo bench -p centralita-daemon --bench webhook`
//! (not asserted here: timings do not belong in tests).

use std::net::SocketAddr;

use centralita_tests::TestDaemon;
use tarpc::context;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpStream, UnixStream};

/// Idle connections held per protocol.
const IDLE: usize = 5_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_thousand_idle_connections_per_protocol_do_not_stop_the_daemon() {
    // Three protocols' worth of sockets on both ends, plus what the daemon and the test
    // already use.
    raise_open_file_limit(3 * IDLE as u64 + 1_000);
    let daemon = TestDaemon::start_with_webhook("header_timeout_secs = 300").await;
    let base = daemon.webhook_url().await;
    let address: SocketAddr = base
        .trim_start_matches("http://")
        .parse()
        .expect("webhook address");
    let memory_before = daemon.peak_memory();

    let mut held = Vec::with_capacity(2 * IDLE);
    for _ in 0..IDLE {
        held.push(http1_after_one_request(address).await);
    }
    for _ in 0..IDLE {
        held.push(h2c_after_one_request(address).await);
    }
    let mut consoles = Vec::with_capacity(IDLE);
    for _ in 0..IDLE {
        consoles.push(console_connection(&daemon).await);
    }
    // Connecting returns once the kernel queued the connection; wait until the daemon took
    // every one of them.
    centralita_tests::wait_until("the daemon to hold every idle connection", || {
        let open = daemon.open_files();
        async move { (open >= 3 * IDLE).then_some(()) }
    })
    .await;

    // Meanwhile a signed delivery is acknowledged and the console answers.
    let http = reqwest::Client::new();
    for n in 0..20 {
        let (status, body) = daemon
            .post_event(&http, &base, &format!("under-load-{n}"), "ok")
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let client = daemon.client().await;
    let status = client
        .rpc
        .status(context::current())
        .await
        .expect("rpc")
        .expect("status");
    assert!(status.webhook_addr.is_some());

    // The budget: an idle connection costs the daemon under 64 KiB (about 40 KiB each in a
    // debug build here: hyper's and tarpc's buffers and the connection's task).
    let grown = daemon.peak_memory().saturating_sub(memory_before);
    let per_connection = grown / (3 * IDLE as u64);
    eprintln!(
        "{} idle connections: the daemon's peak memory grew by {} MiB, {} KiB each",
        3 * IDLE,
        grown >> 20,
        per_connection >> 10
    );
    assert!(
        per_connection < 64 * 1024,
        "an idle connection costs {per_connection} bytes of daemon memory"
    );

    // Nothing was dropped to make room for the live traffic.
    assert!(
        daemon.open_files() >= 3 * IDLE,
        "the daemon closed idle connections it should still hold"
    );
    drop(consoles);
    drop(held);
}

/// A console connection. A Unix socket refuses a connect with `EAGAIN` while its accept
/// queue is full (the daemon busy under a loaded CI machine): wait a moment and try again,
/// as a client would.
async fn console_connection(daemon: &TestDaemon) -> UnixStream {
    let deadline = std::time::Instant::now() + centralita_tests::timeout();
    loop {
        match UnixStream::connect(daemon.socket()).await {
            Ok(stream) => return stream,
            Err(error)
                if error.kind() == std::io::ErrorKind::WouldBlock
                    && std::time::Instant::now() < deadline =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            Err(error) => panic!("console connection refused: {error}"),
        }
    }
}

/// Raises this process's soft `RLIMIT_NOFILE` (the daemon inherits it) to at least `wanted`.
fn raise_open_file_limit(wanted: u64) {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).expect("getrlimit");
    assert!(
        hard >= wanted,
        "this test needs {wanted} open files and the hard limit is {hard}: raise it (ulimit -Hn)"
    );
    if soft < wanted {
        setrlimit(Resource::RLIMIT_NOFILE, wanted, hard).expect("setrlimit");
    }
}

/// An HTTP/1.1 keep-alive connection, answered once and then left idle.
async fn http1_after_one_request(address: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nhost: test\r\n\r\n")
        .await
        .expect("request written");
    read_some(&mut stream, "an HTTP/1.1 answer").await;
    stream
}

/// An h2c connection (prior knowledge), answered once and then left idle.
async fn h2c_after_one_request(address: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    // The preface, an empty SETTINGS frame, then one GET /healthz (HPACK: :method GET,
    // :scheme http, :path "/healthz", :authority "test").
    let mut block = vec![0x82, 0x86, 0x44, 8];
    block.extend_from_slice(b"/healthz");
    block.extend_from_slice(&[0x41, 4]);
    block.extend_from_slice(b"test");
    let mut frames = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
    frames.extend_from_slice(&[0, 0, 0, 4, 0, 0, 0, 0, 0]);
    let length = u8::try_from(block.len()).expect("small");
    frames.extend_from_slice(&[0, 0, length, 1, 0x5, 0, 0, 0, 1]);
    frames.extend_from_slice(&block);
    stream.write_all(&frames).await.expect("frames written");
    read_some(&mut stream, "an h2c answer").await;
    stream
}

async fn read_some(stream: &mut TcpStream, what: &str) {
    let mut buffer = [0u8; 512];
    let read = tokio::time::timeout(centralita_tests::timeout(), stream.read(&mut buffer))
        .await
        .unwrap_or_else(|_| panic!("no {what} in time"))
        .expect("read");
    assert!(read > 0, "the connection closed before {what}");
}
