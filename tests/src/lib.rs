//! The end-to-end harness: [`TestDaemon`] runs the real `centralitad` on a temp dir with the
//! sandbox on, and tests drive it over its socket (RPC) and its webhook listener (HTTP), or
//! through the real `centralita` binary. Waits use [`wait_until`], whose timeout only exists to
//! fail instead of hang.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use centralita_protocol::{JobFilter, JobState, JobSummary, PageRequest, TenantId, UploadId};
use centralita_tui::client::Client;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub mod google;
pub mod inbox;

/// The sandbox webhook route's default HMAC key.
pub const SANDBOX_SECRET: &[u8] = b"sandbox-secret";
/// The tenant the sandbox creates.
pub const TENANT: &str = "demo";

/// How long a wait may take before the test fails (env `CENTRALITA_TEST_TIMEOUT_SECS`).
pub fn timeout() -> Duration {
    let secs = std::env::var("CENTRALITA_TEST_TIMEOUT_SECS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(30);
    Duration::from_secs(secs)
}

/// Polls `check` until it returns `Some`, failing with `what` after [`timeout`].
pub async fn wait_until<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Finds a binary of this workspace: `$<ENV>`, else in the target folder above the test
/// executable (as ripgrep's tests do).
pub fn binary(name: &str, env: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(env) {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("the test knows its own path");
    for dir in exe.ancestors().skip(1) {
        let candidate = dir.join(name);
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!(
        "{name} not found next to {}: build it first with `cargo build --bins`",
        exe.display()
    );
}

pub fn tenant() -> TenantId {
    TenantId::new(TENANT).expect("valid tenant id")
}

/// A real daemon on a temp dir. Dropping it kills the process; if the test is failing, the
/// daemon's log is printed.
pub struct TestDaemon {
    dir: tempfile::TempDir,
    child: Option<Child>,
    extra_config: String,
    /// Extra lines of the `[webhook]` table.
    webhook_config: String,
    /// Environment for the daemon process (kept across restarts).
    env: Vec<(String, String)>,
}

impl TestDaemon {
    /// Starts a daemon with the sandbox on and fast retries.
    pub async fn start() -> Self {
        Self::start_with("").await
    }

    /// Starts a daemon whose config has `extra` appended (whole TOML tables).
    pub async fn start_with(extra: &str) -> Self {
        Self::launch(extra, &[], "").await
    }

    /// Starts a daemon with extra config and environment variables (e.g. a `PATH` without
    /// some tool).
    pub async fn start_with_env(extra: &str, env: &[(&str, &str)]) -> Self {
        Self::launch(extra, env, "").await
    }

    /// Starts a daemon with extra lines in its `[webhook]` table (`header_timeout_secs = 60`).
    pub async fn start_with_webhook(settings: &str) -> Self {
        Self::launch("", &[], settings).await
    }

    /// Starts a daemon on a config file of the test's own: `config` gets the temp dir and
    /// returns the whole file, whose socket must be [`TestDaemon::socket`].
    pub async fn start_with_config(config: impl FnOnce(&Path) -> String) -> Self {
        let mut daemon = Self::unstarted("", &[], "");
        std::fs::write(daemon.config_path(), config(daemon.dir())).expect("config written");
        daemon.spawn().await;
        daemon
    }

    async fn launch(extra: &str, env: &[(&str, &str)], webhook: &str) -> Self {
        let mut daemon = Self::unstarted(extra, env, webhook);
        daemon.write_config();
        daemon.spawn().await;
        daemon
    }

    fn unstarted(extra: &str, env: &[(&str, &str)], webhook: &str) -> Self {
        install_tls_provider();
        let dir = tempfile::Builder::new()
            .prefix("centralita-e2e-")
            .tempdir()
            .expect("temp dir");
        Self {
            dir,
            child: None,
            extra_config: extra.to_owned(),
            webhook_config: webhook.to_owned(),
            env: env
                .iter()
                .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
                .collect(),
        }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn socket(&self) -> PathBuf {
        self.dir.path().join("console.sock")
    }

    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn write_config(&self) {
        let data = self.dir.path().display().to_string();
        let socket = self.socket().display().to_string();
        let config = format!(
            "[daemon]\ndata_dir = {data:?}\nsocket = {socket:?}\nshutdown_grace_secs = 5\n\n[webhook]\nlisten = \"127.0.0.1:0\"\n{}\n\n[queue]\nbackoff_base_ms = 10\nbackoff_max_secs = 1\n\n[sandbox]\nenabled = true\ntenant = \"{TENANT}\"\n\n{}\n",
            self.webhook_config, self.extra_config
        );
        std::fs::write(self.config_path(), config).expect("config written");
    }

    async fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .expect("log file");
        let child = Command::new(binary("centralitad", "CENTRALITAD_BIN"))
            .arg("--config")
            .arg(self.config_path())
            .env("CENTRALITA_LOG", "info")
            .envs(self.env.iter().map(|(key, value)| (key, value)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("centralitad starts");
        self.child = Some(child);
        let socket = self.socket();
        wait_until("the daemon answers hello", || {
            let socket = socket.clone();
            async move { Client::connect(&socket).await.ok() }
        })
        .await;
    }

    pub fn log_path(&self) -> PathBuf {
        self.dir.path().join("centralitad.log")
    }

    /// A new connected client.
    pub async fn client(&self) -> Client {
        Client::connect(&self.socket())
            .await
            .expect("client connects")
    }

    /// The webhook listener's base URL, from the `status` RPC.
    pub async fn webhook_url(&self) -> String {
        let status = self
            .client()
            .await
            .rpc
            .status(tarpc::context::current())
            .await
            .expect("rpc")
            .expect("status");
        format!(
            "http://{}",
            status.webhook_addr.expect("the listener is up")
        )
    }

    /// Posts a signed sandbox event; returns the HTTP status and the body.
    pub async fn post_event(
        &self,
        http: &reqwest::Client,
        base: &str,
        id: &str,
        action: &str,
    ) -> (u16, serde_json::Value) {
        let body = serde_json::json!({ "id": id, "action": action }).to_string();
        post_signed(
            http,
            &format!("{base}/webhooks/sandbox/{TENANT}"),
            body.into_bytes(),
            SANDBOX_SECRET,
        )
        .await
    }

    /// The daemon's peak resident memory so far (`VmHWM`), in bytes.
    pub fn peak_memory(&self) -> u64 {
        let pid = self.child.as_ref().expect("the daemon is running").id();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| {
                value
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .expect("VmHWM")
            * 1024
    }

    /// How many file descriptors the daemon holds open.
    pub fn open_files(&self) -> usize {
        let pid = self.child.as_ref().expect("the daemon is running").id();
        std::fs::read_dir(format!("/proc/{pid}/fd"))
            .expect("proc fd")
            .count()
    }

    /// SIGKILL, no drain: what a crash or an OOM kill does.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM, then waits for the exit.
    pub fn sigterm_and_wait(&mut self) -> ExitStatus {
        let mut child = self.child.take().expect("the daemon is running");
        let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("pid fits"));
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).expect("signal sent");
        let deadline = Instant::now() + timeout();
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the daemon did not exit after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Starts the daemon again on the same folder.
    pub async fn restart(&mut self) {
        self.kill9();
        self.spawn().await;
    }

    /// Runs the `centralita` CLI against this daemon.
    pub fn centralita(&self, args: &[&str]) -> Output {
        Command::new(binary("centralita", "CENTRALITA_BIN"))
            .arg("--socket")
            .arg(self.socket())
            .args(args)
            .env_remove("CENTRALITA_TENANT")
            // The tests read the CLI's English, whatever the machine's locale.
            .env("CENTRALITA_LANG", "en")
            .stdin(Stdio::null())
            .output()
            .expect("centralita runs")
    }

    /// Uploads `bytes` as an invoice over RPC, in chunks as the CLI does.
    pub async fn upload(&self, name: &str, bytes: &[u8]) -> centralita_protocol::IntakeOutcome {
        let upload = self.upload_file(name, bytes).await;
        let client = self.client().await;
        client
            .rpc
            .invoices_upload_finish(tarpc::context::current(), upload)
            .await
            .expect("rpc")
            .expect("upload finished")
    }

    /// Sends `bytes` over RPC in chunks and returns the open upload's id (for an invoice or an
    /// attachment).
    pub async fn upload_file(&self, name: &str, bytes: &[u8]) -> UploadId {
        use base64::Engine as _;
        let client = self.client().await;
        let rpc = &client.rpc;
        let ticket = rpc
            .invoices_upload_start(
                tarpc::context::current(),
                tenant(),
                name.into(),
                bytes.len() as u64,
            )
            .await
            .expect("rpc")
            .expect("upload started");
        let mut offset = 0;
        for chunk in bytes.chunks(ticket.chunk_size as usize) {
            let data = base64::engine::general_purpose::STANDARD.encode(chunk);
            offset = rpc
                .invoices_upload_chunk(tarpc::context::current(), ticket.upload, offset, data)
                .await
                .expect("rpc")
                .expect("chunk accepted");
        }
        ticket.upload
    }

    /// Every job of the tenant, paging through `jobs_list`.
    pub async fn all_jobs(&self) -> Vec<JobSummary> {
        let client = self.client().await;
        let mut jobs = Vec::new();
        let mut before = None;
        loop {
            let page = client
                .rpc
                .jobs_list(
                    tarpc::context::current(),
                    tenant(),
                    JobFilter::default(),
                    PageRequest {
                        before,
                        limit: PageRequest::MAX_LIMIT,
                    },
                )
                .await
                .expect("rpc")
                .expect("jobs_list");
            jobs.extend(page.jobs);
            match page.next {
                Some(next) => before = Some(next),
                None => return jobs,
            }
        }
    }

    /// Waits until the job with `unique_key` is in `state`.
    pub async fn wait_for_job(&self, unique_key: &str, state: JobState) -> JobSummary {
        wait_until(&format!("job {unique_key} is {state}"), || async {
            self.all_jobs()
                .await
                .into_iter()
                .find(|job| job.unique_key.as_deref() == Some(unique_key) && job.state == state)
        })
        .await
    }
}

impl Drop for TestDaemon {
    fn drop(&mut self) {
        self.kill9();
        if std::thread::panicking() {
            let log = std::fs::read_to_string(self.log_path()).unwrap_or_default();
            eprintln!(
                "--- centralitad log ({}) ---\n{log}",
                self.log_path().display()
            );
        }
    }
}

/// Posts `body` with an `X-Centralita-Signature` made with `secret`.
pub async fn post_signed(
    http: &reqwest::Client,
    url: &str,
    body: Vec<u8>,
    secret: &[u8],
) -> (u16, serde_json::Value) {
    let signature = sign(&body, secret);
    post(http, url, body, Some(&signature)).await
}

/// Posts `body` with the given signature header (or none).
pub async fn post(
    http: &reqwest::Client,
    url: &str,
    body: Vec<u8>,
    signature: Option<&str>,
) -> (u16, serde_json::Value) {
    let mut request = http
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    if let Some(signature) = signature {
        request = request.header("x-centralita-signature", signature);
    }
    let response = request
        .send()
        .await
        .context("webhook request")
        .expect("the listener answers");
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// `sha256=<hex HMAC-SHA256(body)>`.
pub fn sign(body: &[u8], secret: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("any key length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// reqwest is built with rustls but no crypto provider (the daemon installs ring at start);
/// test HTTP clients need the same, once per process.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A file of the shared fixtures (`$CENTRALITA_FIXTURES`, else `../shared/fixtures` beside the
/// clone), read in place.
pub use centralita_testkit::path as fixture;

/// `packaging/config.example.toml` as shipped.
pub fn example_config() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../packaging/config.example.toml");
    std::fs::read_to_string(&path).expect("packaging/config.example.toml is readable")
}

/// `text` with its commented-out settings turned on: every `# [section]` and `# key = value`
/// line loses its `# ` (prose comments stay), as an admin enabling every section would do.
pub fn uncomment_settings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        match line.strip_prefix("# ") {
            Some(rest) if is_setting(rest) => out.push_str(rest),
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// `[section]` or `key = value`.
fn is_setting(line: &str) -> bool {
    if line.starts_with('[') {
        return true;
    }
    line.split_once(" = ").is_some_and(|(key, _)| {
        !key.is_empty()
            && key
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_')
    })
}

/// A one-page PDF whose text layer holds `lines` (Helvetica, WinAnsi): invoices with exactly
/// the text a test needs.
/// A PDF of `pages` blank pages: no text layer anywhere, so every page would need OCR.
pub fn blank_pdf(pages: usize) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|n| format!("{} 0 R", n + 3)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        )
        .into_bytes(),
    ];
    for _ in 0..pages {
        objects.push(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>".to_vec());
    }
    pdf_of(&objects)
}

/// A PDF file of `objects` (numbered from 1; the first is the catalog), with its xref.
fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        pdf.extend_from_slice(object);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

pub fn text_pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = b"BT /F1 11 Tf 50 760 Td 14 TL".to_vec();
    for line in lines {
        content.extend_from_slice(b" (");
        for c in line.chars() {
            match c {
                '(' | ')' | '\\' => content.extend_from_slice(&[b'\\', c as u8]),
                c if u32::from(c) < 256 => content.push(u32::from(c) as u8),
                _ => content.push(b'?'),
            }
        }
        content.extend_from_slice(b") Tj T*");
    }
    content.extend_from_slice(b" ET");
    let objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        [
            format!("<< /Length {} >>\nstream\n", content.len()).into_bytes(),
            content,
            b"\nendstream".to_vec(),
        ]
        .concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    pdf_of(&objects)
}
