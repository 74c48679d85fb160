//! `centralita demo`: a throwaway daemon on a temp dir with the sandbox on, and the console
//! attached. Quitting the console stops the daemon and removes the temp dir.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::Context as _;
use centralita_protocol::TenantId;

use crate::client::Client;

/// The demo's tenant, created by the daemon's sandbox at start-up.
const DEMO_TENANT: &str = "demo";
/// What `{{agent}}` says in the demo.
const DEMO_OPERATOR_NAME: &str = "Ana Torres";

pub async fn run() -> anyhow::Result<()> {
    let dir = tempfile::Builder::new()
        .prefix("centralita-demo-")
        .tempdir()?;
    let socket = dir.path().join("console.sock");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, demo_config(dir.path(), &socket))
        .context(crate::text::writing_demo_config())?;
    let binary = daemon_binary();
    let log_path = dir.path().join("centralitad.log");
    let log = std::fs::File::create(&log_path)?;
    eprintln!("{}", crate::text::DEMO_STARTING);
    let child = Command::new(&binary)
        .arg("--config")
        .arg(&config)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .with_context(|| crate::text::starting_demo_daemon(binary.display()))?;
    let mut daemon = DemoDaemon { child };
    let client = match Client::connect_with_retry(&socket, Duration::from_secs(15)).await {
        Ok(client) => client,
        Err(error) => {
            daemon.stop();
            let tail = std::fs::read_to_string(&log_path).unwrap_or_default();
            anyhow::bail!("{}", crate::text::demo_daemon_did_not_start(error, tail));
        }
    };
    let tenant = TenantId::new(DEMO_TENANT).expect("the demo tenant id is valid");
    seed_replies_and_templates(&client, &tenant).await;
    seed_operator(&client, &tenant).await;
    if let Err(error) = connect_mailbox(&client, &tenant).await {
        tracing::warn!("the demo mailbox is not connected: {error:#}");
    }
    let inbox = dir.path().join("inbox").join(DEMO_TENANT);
    let feeder = fixtures_dir().map(|fixtures| tokio::spawn(feed_invoices(fixtures, inbox)));
    let zone = crate::format::zone(centralita_protocol::DEFAULT_ZONE);
    let result = crate::console::run(client, tenant, zone).await;
    if let Some(feeder) = feeder {
        feeder.abort();
    }
    daemon.stop();
    drop(dir);
    result
}

/// The operator at the keyboard gets a role in the demo tenant and a display name, so `m`
/// takes a conversation and `{{agent}}` reads as a person. Sample data: a failure only leaves
/// the demo operator without a role.
async fn seed_operator(client: &Client, tenant: &TenantId) {
    let user = client.hello.operator.user.clone();
    let rpc = &client.rpc;
    let added = rpc
        .operators_add(
            tarpc::context::current(),
            tenant.clone(),
            user.clone(),
            centralita_protocol::Role::Admin,
        )
        .await;
    let renamed = rpc
        .operators_rename(
            tarpc::context::current(),
            tenant.clone(),
            user,
            Some(DEMO_OPERATOR_NAME.to_owned()),
        )
        .await;
    if !matches!((&added, &renamed), (Ok(Ok(_)), Ok(Ok(_)))) {
        tracing::warn!("demo operator not set up: {added:?} {renamed:?}");
    }
}

/// Two quick replies for the composer's `/` picker, and the sandbox's WhatsApp templates
/// fetched as `templates --sync` would. Sample data: a failure only leaves the
/// picker emptier.
async fn seed_replies_and_templates(client: &Client, tenant: &TenantId) {
    let replies = [
        (
            "saludo",
            "Hola {{first_name}}, soy {{agent}}. ¿En qué le puedo ayudar?",
        ),
        ("horarios", "Atendemos de lunes a sábado de 9:00 a 18:00."),
    ];
    for (name, body) in replies {
        let reply = centralita_protocol::QuickReply {
            name: name.to_owned(),
            category: "demo".to_owned(),
            channels: Vec::new(),
            body: body.to_owned(),
        };
        let put = client
            .rpc
            .quick_replies_put(tarpc::context::current(), tenant.clone(), reply)
            .await;
        if !matches!(put, Ok(Ok(_))) {
            tracing::warn!(name, "demo quick reply not added: {put:?}");
        }
    }
    let sync = client
        .rpc
        .whatsapp_templates_sync(tarpc::context::current(), tenant.clone())
        .await;
    if !matches!(sync, Ok(Ok(_))) {
        tracing::warn!("demo WhatsApp templates not synced: {sync:?}");
    }
}

fn demo_config(dir: &Path, socket: &Path) -> String {
    // The sandbox's Google mailbox: made-up mail, every fifth message with a sample invoice.
    let gmail = match fixtures_dir() {
        Some(fixtures) => format!(
            "[sandbox.gmail]\ngenerated = 32\ninvoices_dir = {:?}\n",
            fixtures.join("invoices/dev/pdf").display().to_string()
        ),
        None => "[sandbox.gmail]\ngenerated = 32\n".to_owned(),
    };
    format!(
        "[daemon]\ndata_dir = {dir:?}\nsocket = {socket:?}\n\n[webhook]\nlisten = \"127.0.0.1:0\"\n\n[queue]\nbackoff_base_ms = 500\nbackoff_max_secs = 5\n\n[queue.kinds.\"sandbox.event\"]\nmax_attempts = 4\n\n[sandbox]\nenabled = true\ntenant = \"{DEMO_TENANT}\"\ngenerate_jobs = true\n\n{gmail}",
        dir = dir.display().to_string(),
        socket = socket.display().to_string(),
    )
}

/// Connects the sandbox's Google account as an operator would (consent page, then the
/// address it sends the browser to, pasted back) and watches its inbox every 5 minutes: the
/// first sync brings mail whose invoices show up in `:invoices`.
async fn connect_mailbox(client: &Client, tenant: &TenantId) -> anyhow::Result<()> {
    let ctx = tarpc::context::current;
    let start = client
        .rpc
        .connections_add(ctx(), tenant.clone(), "google".to_owned(), None)
        .await??;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let consent = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?
        .get(&start.url)
        .send()
        .await?;
    let back = consent
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .context("the sandbox consent page did not redirect")?
        .to_owned();
    let connection = client
        .rpc
        .connections_finish(ctx(), tenant.clone(), back)
        .await??;
    for _ in 0..50 {
        let connected = client
            .rpc
            .connections_list(ctx(), tenant.clone())
            .await??
            .into_iter()
            .any(|found| {
                found.id == connection.id
                    && found.state == centralita_protocol::ConnectionState::Connected
            });
        if connected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let settings = centralita_protocol::MailboxSettings {
        labels: vec!["INBOX".to_owned()],
        every_minutes: 5,
        query: None,
    };
    client
        .rpc
        .mail_mailbox_add(ctx(), tenant.clone(), connection.id, settings)
        .await??;
    Ok(())
}

/// Sample invoices from the development fixtures, in the order the demo drops them: XML read
/// exactly, hybrid PDFs, receipt scans that go through OCR.
const SAMPLES: [&str; 9] = [
    "invoices/dev/ubl/sunat_pe_20505310072-01-F001-00019772.xml",
    "invoices/dev/cfdi/cfdi33-valid.xml",
    "invoices/dev/ubl/dian_co_invoice_signed_dian_v2.xml",
    "invoices/dev/pdf/zugferd_invoice.pdf",
    "invoices/dev/image/sroie/601.jpg",
    "invoices/dev/ubl/sunat_pe_20505310072-03-B001-00000088.xml",
    "invoices/dev/image/sroie/605.jpg",
    "invoices/dev/pdf/EN16931_Einfach.pdf",
    "invoices/dev/image/sroie/611.jpg",
];

/// The shared fixtures: `$CENTRALITA_FIXTURES`, else `shared/fixtures` beside the clone (found
/// from this executable in `target/*/` or from the current folder).
fn fixtures_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CENTRALITA_FIXTURES") {
        return Some(PathBuf::from(dir));
    }
    let from_exe = std::env::current_exe().ok().and_then(|exe| {
        exe.ancestors()
            .nth(4)
            .map(|root| root.join("shared/fixtures"))
    });
    from_exe
        .into_iter()
        .chain([PathBuf::from("../shared/fixtures")])
        .find(|dir| dir.join("invoices/dev").is_dir())
}

/// Drops the sample invoices into the demo tenant's inbox folder, one every few seconds, so the
/// operator sees them arrive, get read and wait for review.
async fn feed_invoices(fixtures: PathBuf, inbox: PathBuf) {
    for sample in SAMPLES {
        tokio::time::sleep(Duration::from_secs(3)).await;
        let source = fixtures.join(sample);
        let Some(name) = source.file_name() else {
            continue;
        };
        // Copied under a temporary name and renamed, as a scanner would, so the inbox never
        // takes half a file.
        let partial = inbox.join(format!(".{}", name.to_string_lossy()));
        if tokio::fs::copy(&source, &partial).await.is_ok() {
            let _ = tokio::fs::rename(&partial, inbox.join(name)).await;
        }
    }
}

/// `$CENTRALITAD_BIN`, else `centralitad` next to this executable, else on the PATH.
fn daemon_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("CENTRALITAD_BIN") {
        return PathBuf::from(path);
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("centralitad")))
        .filter(|path| path.exists())
        .unwrap_or_else(|| PathBuf::from("centralitad"))
}

struct DemoDaemon {
    child: Child,
}

impl DemoDaemon {
    /// SIGTERM, then up to 10 s to drain, then SIGKILL.
    fn stop(&mut self) {
        if let Ok(pid) = i32::try_from(self.child.id()) {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGTERM,
            );
        }
        for _ in 0..100 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for DemoDaemon {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.stop();
        }
    }
}
