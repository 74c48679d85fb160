//! `centralitad`: the daemon that owns all state and all traffic with the outside world.
//!
//! # Code map
//! - `store/`: the engine only: the redb file and blob folder, one writer thread with group
//!   commit, typed tables (`store::Records`, `Index`, `Values`, `Bytes`, read the same way from
//!   either kind of transaction through `store::Reader`), the record codec, sequences, work
//!   kept for the end of a batch (`store::Pending`), the schema with its migrations, and the
//!   change feed. It knows no area and no RPC; the only module that names redb types.
//! - One folder (or file) per area. Each holds its records and the tables they live in
//!   (declared next to the code that keeps them, listed in [`schema`]), its `WriteTxn` and
//!   `ReadTxn` methods, its typed jobs, its service functions (they take the
//!   [`Actor`](actor::Actor) of the call and return an [`AreaError`](error::AreaError)), and
//!   the one place its records become `protocol` types:
//!   - `queue/`: the durable job queue (typed jobs, lease, retry with backoff, dead letters,
//!     pause and resume), recurring schedules (`schedule.rs`: every N minutes or daily at a
//!     time in a zone, one job per slot) and its operator side (`operator.rs`).
//!   - `connections/`: OAuth 2.0 grants of tenants at providers (Google): authorization with
//!     PKCE, tokens sealed with an AEAD (`crypto.rs`), refresh ahead of expiry, the jobs that
//!     talk to the provider and the 30-minute sweep. Mail, appointments and campaigns borrow
//!     access tokens from it.
//!   - `tenants/` (tenants and operators), `audit/` (the audit log and `audited`, which commits
//!     a change with its entry; a detail that is a sentence keeps the catalog's words),
//!     `uploads.rs` (chunked uploads), `dashboard.rs`.
//!   - `inbox/`: conversations on WhatsApp, Messenger and Telegram: `ingest.rs` (a parsed
//!     webhook, in the webhook's own commit), `conversations.rs` (what operators do),
//!     `outbound.rs` (a reply checked and queued), `send.rs` (the send job),
//!     `providers/` (one module per provider), `media.rs`, `profile.rs`, `templates.rs` (the
//!     other jobs), `replies.rs` and `whatsapp_templates.rs`. Parsing lives in the
//!     `centralita-channels` crate.
//!   - `crm/`: contacts, leads, funnels, reminders and reports, one file each.
//!   - `mail/`: Gmail mailboxes per tenant: the sync job (full, by history, or by search,
//!     under the connection's quota), messages stored once with their attachments, and the
//!     attachments that may be invoices sent to intake. Reading MIME lives in the
//!     `centralita-mail` crate.
//!   - `glosas/`: a payer's objections to invoices, read from mail, uploads and the
//!     `glosas/` inbox folder into glosas with items, codes from the catalogs, linked
//!     invoices and the legal answer clock (Colombian business days); operators answer and
//!     export. Reading notices lives in the `centralita-glosas` crate.
//!   - `invoices/`: intake (uploads, inbox folders), the `invoice.read` job (external tools
//!     with timeouts and a concurrency limit, issuer mappings, rules, the LLM step), the lifecycle,
//!     the operators' calls (`service.rs`) and the accuracy harness. Reading lives in the
//!     `centralita-invoices` crate, which does no I/O.
//! - `folders.rs`: watched inbox folders (invoices, glosas): a file is taken once it holds
//!   still, then moved to `done/` or `failed/`.
//! - `actor.rs`: who acts in a call (user, tenant, role) and what an agent may see.
//! - `error.rs`: `AreaError`, what an area's operation returns when it refuses or fails;
//!   `lookup.rs`: a tenant's record by its typed id, or not found; `locks.rs`: a lock per key
//!   (one sync per mailbox, one refresh per connection).
//! - `webhook/`: the hyper listener: `/healthz`, `/metrics`, provider routes that verify
//!   signatures on the raw body, then store the event (`events.rs`) and what it means in one
//!   commit.
//! - `rpc/`: tarpc over the console socket. `auth.rs` resolves each call's caller against
//!   `centralita_protocol::policy` (refusals audited); `service.rs` is one line per call into
//!   its area; `error.rs` turns area errors into `RpcError`.
//! - `sandbox/`: fake providers and sample traffic, only when the config enables it;
//!   `sandbox/google/` is a fake Google (OAuth server and a Gmail mailbox).
//! - `metrics.rs`, `shutdown.rs`, `http.rs`: counters for `/metrics`; the two-step shutdown;
//!   the shared outbound HTTP client.
//!
//! # Architecture invariants (`tests/tests/architecture.rs` checks the first three)
//! - `store/` never names an area or `rpc`; areas list their tables in [`schema`].
//! - Areas never import `hyper`, `tarpc`, `rpc::` or `webhook::`; handlers translate.
//! - Only `store/` names redb types; redb is blocking and runs on the writer thread or
//!   `spawn_blocking`, never inline in async code.
//! - Who may call what is only the policy table; what depends on the record (an agent's own
//!   and unassigned conversations and leads) is checked by the area inside the transaction
//!   that makes the change.
//! - Nothing calls a provider inside an RPC or webhook handler: handlers write and enqueue,
//!   workers call.
//! - A write is acknowledged only after its commit returned.

// The daemon's own stricter lints: what is `pub` is reachable from the crate root (the rest
// says `pub(crate)` or less), and nothing unwraps outside tests.
#![warn(unreachable_pub)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod accept;
pub mod actor;
pub mod admin;
pub mod audit;
pub mod connections;
pub mod crm;
pub mod dashboard;
pub mod error;
pub mod folders;
pub mod glosas;
pub mod http;
pub mod inbox;
pub mod invoices;
pub mod locks;
pub mod lookup;
pub mod mail;
pub mod metrics;
pub mod queue;
pub mod rpc;
pub mod sandbox;
pub mod shutdown;
pub mod store;
pub mod tenants;
pub mod uploads;
pub mod webhook;

#[cfg(test)]
mod testing;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use centralita_config::{Config, Secret};
use centralita_protocol::TenantId;
use tokio::net::{TcpListener, UnixListener};

use crate::error::AreaError;
use crate::queue::Queue;
use crate::shutdown::Shutdown;
use crate::store::{Schema, Store, StoreError};

/// The schema this build writes: every area's tables and the migrations from older files.
pub fn schema() -> Schema {
    let areas: [&[&'static dyn store::Declared]; 11] = [
        connections::TABLES,
        mail::TABLES,
        glosas::TABLES,
        tenants::TABLES,
        audit::TABLES,
        queue::TABLES,
        queue::SCHEDULE_TABLES,
        webhook::events::TABLES,
        invoices::TABLES,
        crm::TABLES,
        inbox::TABLES,
    ];
    Schema {
        version: 2,
        tables: areas.concat(),
        migrations: vec![webhook::events::MOVE_EVENTS_TO_THE_LOG],
    }
}

/// Why the daemon could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error("opening the store in {path}: {source}")]
    Store { path: PathBuf, source: StoreError },
    #[error("preparing the store in {path}: {source}")]
    Area { path: PathBuf, source: AreaError },
    #[error("{0}")]
    Config(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Everything `run` needs that `main` resolved: the config, paths, bound listeners.
pub struct Launch {
    pub config: Config,
    pub data_dir: PathBuf,
    pub socket_path: PathBuf,
    pub rpc_listener: UnixListener,
    pub webhook_listener: TcpListener,
    /// The sandbox webhook secret, resolved (`None` when the sandbox is off).
    pub sandbox_secret: Option<Secret>,
}

/// Keep this many change rows; older ones are trimmed (clients then reload).
const CHANGES_KEPT: u64 = 200_000;
/// Succeeded and cancelled jobs are deleted this long after they finished.
const FINISHED_JOBS_KEPT: jiff::SignedDuration = jiff::SignedDuration::from_hours(7 * 24);

/// Runs the daemon until `shutdown` resolves, then drains: stops accepting webhooks and console
/// connections, lets running jobs finish within the grace period, releases the leases of those
/// that do not, and returns once everything is committed. `ready` is called once the store is
/// open and the listeners serve (systemd's READY=1).
pub async fn run(
    launch: Launch,
    shutdown: impl std::future::Future<Output = ()>,
    ready: impl FnOnce(),
) -> Result<(), DaemonError> {
    let started = Instant::now();
    let store = {
        let dir = launch.data_dir.clone();
        tokio::task::spawn_blocking(move || Store::open(&dir, &schema()))
            .await
            .map_err(|error| DaemonError::Io(std::io::Error::other(error)))?
            .map_err(|source| DaemonError::Store {
                path: launch.data_dir.clone(),
                source,
            })?
    };
    // Whatever stops the start after this point (a secret that does not resolve, a port…),
    // the database is closed cleanly, so the next start does not have to check it.
    let result = serve(launch, &store, started, shutdown, ready).await;
    store.close().await;
    result
}

/// Everything after the store is open: the areas, the queue, the listeners, until shutdown.
#[allow(clippy::too_many_lines)] // the wiring, read top to bottom: one step per area
async fn serve(
    launch: Launch,
    store: &Store,
    started: Instant,
    shutdown: impl std::future::Future<Output = ()>,
    ready: impl FnOnce(),
) -> Result<(), DaemonError> {
    let Launch {
        config,
        data_dir,
        socket_path,
        rpc_listener,
        webhook_listener,
        sandbox_secret,
    } = launch;
    let metrics = Arc::new(metrics::Metrics::default());
    let queue = Queue::new(store.clone(), &config.queue, Arc::clone(&metrics));
    let lanes = Shutdown::default();
    let sandbox_tenant = prepare_sandbox(&config, store, &queue).await?;
    let webhook_addr = webhook_listener.local_addr()?;
    let invoices = invoices::Invoices::new(
        store.clone(),
        queue.clone(),
        &config.invoices,
        &data_dir,
        llm_endpoints(&config, sandbox_tenant.as_ref(), webhook_addr)?,
    );
    invoices.register(&queue);
    let connections = connections::Connections::from_config(
        store.clone(),
        queue.clone(),
        &config,
        &data_dir,
        config.sandbox.enabled.then_some(webhook_addr),
    )
    .map_err(DaemonError::Config)?;
    connections.register(&queue);
    let mail = mail::Mail::new(
        store.clone(),
        queue.clone(),
        connections.clone(),
        invoices.clone(),
        &config.mail,
    );
    mail.register(&queue);
    let glosas = glosas::Glosas::new(
        store.clone(),
        queue.clone(),
        invoices.clone(),
        &data_dir.join("glosas-mappings"),
    );
    glosas.register(&queue);
    let channel_secrets = Arc::new(
        inbox::ChannelSecrets::from_config(
            &config,
            sandbox_tenant.as_ref().map(|tenant| (tenant, webhook_addr)),
        )
        .map_err(DaemonError::Config)?,
    );
    inbox::register_jobs(&queue, store, &channel_secrets);

    queue
        .start(&lanes.tracker, lanes.stop.clone(), lanes.abort.clone())
        .await
        .map_err(|source| DaemonError::Area {
            path: data_dir.clone(),
            source,
        })?;

    let webhook_state = webhook::WebhookState {
        queue: queue.clone(),
        store: store.clone(),
        metrics: Arc::clone(&metrics),
        config: config.webhook.clone(),
        sandbox_secret,
        channels: Arc::clone(&channel_secrets),
        connections: Some(connections.clone()),
        google: sandbox::fake_google(&config, &data_dir)?,
    };
    let webhook_task = tokio::spawn(webhook::serve(
        webhook_listener,
        webhook_state,
        lanes.stop.clone(),
    ));

    let shared = Arc::new(rpc::Shared {
        store: store.clone(),
        queue: queue.clone(),
        authority: rpc::Authority {
            store: store.clone(),
            daemon_uid: nix::unistd::getuid().as_raw(),
        },
        started,
        data_dir: data_dir.display().to_string(),
        socket_path: socket_path.display().to_string(),
        webhook_addr: Some(webhook_addr.to_string()),
        sandbox: config.sandbox.enabled,
        invoices: invoices.clone(),
        uploads: Arc::new(uploads::Uploads::new(
            config.invoices.max_upload_mib.saturating_mul(1024 * 1024),
        )),
        connections: connections.clone(),
        mail,
        glosas: glosas.clone(),
        channels: Arc::clone(&channel_secrets),
    });
    invoices.spawn_inbox(&lanes.tracker, lanes.stop.clone());
    glosas.spawn_inbox(
        &lanes.tracker,
        lanes.stop.clone(),
        config
            .invoices
            .inbox_dir
            .clone()
            .unwrap_or_else(|| data_dir.join("inbox")),
        Duration::from_secs(config.invoices.inbox_poll_secs),
    );
    lanes.tracker.spawn(rpc::serve(
        rpc_listener,
        shared,
        lanes.tracker.clone(),
        lanes.stop.clone(),
    ));
    lanes
        .tracker
        .spawn(trim_changes(store.clone(), lanes.stop.clone()));
    spawn_sample_traffic(&lanes, &config, &queue, sandbox_tenant, webhook_addr);

    tracing::info!(
        data_dir = %data_dir.display(),
        socket = %socket_path.display(),
        webhook = %webhook_addr,
        ready_ms = started.elapsed().as_millis() as u64,
        "centralitad ready"
    );
    ready();
    shutdown.await;

    drain(&lanes, webhook_task, &config, &socket_path).await;
    Ok(())
}

/// Stops accepting, waits for running jobs within the grace period, then releases the leases of
/// those still running and waits for every task to end.
async fn drain(
    lanes: &Shutdown,
    webhook_task: tokio::task::JoinHandle<std::io::Result<()>>,
    config: &Config,
    socket_path: &std::path::Path,
) {
    tracing::info!("shutting down: no new webhooks or jobs; waiting for running jobs");
    lanes.stop.cancel();
    lanes.tracker.close();
    match webhook_task.await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => tracing::warn!(%error, "webhook listener ended with an error"),
        Err(error) => tracing::warn!(%error, "webhook listener task failed"),
    }
    let grace = Duration::from_secs(config.daemon.shutdown_grace_secs);
    if tokio::time::timeout(grace, lanes.tracker.wait())
        .await
        .is_err()
    {
        tracing::warn!(
            grace_secs = grace.as_secs(),
            "jobs still running after the grace period; releasing their leases"
        );
        lanes.abort.cancel();
        lanes.tracker.wait().await;
    }
    let _ = std::fs::remove_file(socket_path);
    tracing::info!("stopped cleanly");
}

/// With the sandbox's `generate_jobs`: sample jobs, and customers writing on WhatsApp.
fn spawn_sample_traffic(
    lanes: &Shutdown,
    config: &Config,
    queue: &Queue,
    sandbox_tenant: Option<TenantId>,
    webhook_addr: std::net::SocketAddr,
) {
    if let Some(tenant) = sandbox_tenant
        && config.sandbox.generate_jobs
    {
        lanes.tracker.spawn(sandbox::generate(
            queue.clone(),
            tenant.clone(),
            lanes.stop.clone(),
        ));
        lanes
            .tracker
            .spawn(sandbox::chat(webhook_addr, tenant, lanes.stop.clone()));
    }
}

/// Each tenant's LLM endpoint: `[invoices.llm.TENANT]`, plus the sandbox's fake endpoint for
/// the sandbox tenant when it has none configured.
fn llm_endpoints(
    config: &Config,
    sandbox_tenant: Option<&TenantId>,
    webhook_addr: std::net::SocketAddr,
) -> Result<std::collections::BTreeMap<TenantId, invoices::LlmEndpoint>, DaemonError> {
    let mut endpoints = std::collections::BTreeMap::new();
    for (tenant, llm) in &config.invoices.llm {
        let id = TenantId::new(tenant.clone())
            .map_err(|error| DaemonError::Config(format!("invoices.llm.{tenant}: {error}")))?;
        let key = llm
            .api_key
            .as_ref()
            .map(centralita_config::SecretRef::resolve)
            .transpose()
            .map_err(|error| {
                DaemonError::Config(format!("invoices.llm.{tenant}.api_key: {error}"))
            })?;
        endpoints.insert(
            id,
            invoices::LlmEndpoint {
                base_url: llm.base_url.clone(),
                model: llm.model.clone(),
                key,
                timeout: Duration::from_secs(llm.timeout_secs),
            },
        );
    }
    if let Some(tenant) = sandbox_tenant {
        endpoints
            .entry(tenant.clone())
            .or_insert_with(|| invoices::LlmEndpoint {
                base_url: format!("http://{webhook_addr}/sandbox/llm/v1"),
                model: "sandbox".to_owned(),
                key: None,
                timeout: Duration::from_secs(10),
            });
    }
    Ok(endpoints)
}

/// With the sandbox on: log the banner, create its tenant, register its handlers.
async fn prepare_sandbox(
    config: &Config,
    store: &Store,
    queue: &Queue,
) -> Result<Option<TenantId>, DaemonError> {
    if !config.sandbox.enabled {
        return Ok(None);
    }
    tracing::warn!(
        "SANDBOX MODE: fake providers and sample data; never use this configuration in production"
    );
    sandbox::register(queue);
    let Some(name) = &config.sandbox.tenant else {
        return Ok(None);
    };
    let tenant = TenantId::new(name.clone())
        .map_err(|error| DaemonError::Config(format!("sandbox.tenant: {error}")))?;
    let id = tenant.clone();
    let exists = store
        .read(move |txn| txn.tenant_exists(&id))
        .await
        .map_err(|source| DaemonError::Area {
            path: store.data_dir().to_path_buf(),
            source,
        })?;
    if !exists {
        let id = tenant.clone();
        store
            .write(move |txn| txn.add_tenant(&id, "Sandbox demo"))
            .await
            .map_err(|source| DaemonError::Area {
                path: store.data_dir().to_path_buf(),
                source,
            })?;
    }
    Ok(Some(tenant))
}

/// Once a minute: deletes finished jobs past retention and trims the change feed to its last
/// [`CHANGES_KEPT`] rows.
async fn trim_changes(store: Store, stop: tokio_util::sync::CancellationToken) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(Duration::from_mins(1)) => {}
            () = stop.cancelled() => return,
        }
        let pruned = store
            .write(|txn| txn.prune_finished_jobs(txn.now() - FINISHED_JOBS_KEPT, 10_000))
            .await;
        match pruned {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "finished jobs past retention deleted"),
            Err(error) => tracing::warn!(%error, "deleting finished jobs past retention failed"),
        }
        let result = store
            .write(|txn| -> Result<u64, AreaError> {
                let last = txn.last_change_seq_in_txn()?;
                if last <= CHANGES_KEPT {
                    return Ok(0);
                }
                let tenants = txn.tenant_ids()?;
                Ok(txn.prune_changes(&tenants, last - CHANGES_KEPT)?)
            })
            .await;
        match result {
            Ok(0) => {}
            Ok(removed) => tracing::debug!(removed, "change feed trimmed"),
            Err(error) => tracing::warn!(%error, "trimming the change feed failed"),
        }
    }
}
