//! The schema. Every struct rejects unknown keys and has defaults for every field, so an empty
//! file is a valid configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;

use crate::SecretRef;

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub daemon: DaemonConfig,
    pub webhook: WebhookConfig,
    pub queue: QueueConfig,
    pub sandbox: SandboxConfig,
}

/// `[daemon]`: paths, logging, shutdown.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DaemonConfig {
    /// Database and blobs. Default: `$STATE_DIRECTORY`, else the XDG data dir
    /// (`~/.local/share/centralita`).
    pub data_dir: Option<PathBuf>,
    /// The console socket. Default: `$RUNTIME_DIRECTORY/console.sock`, else
    /// `$XDG_RUNTIME_DIR/centralita/console.sock`, else `<data_dir>/console.sock`.
    pub socket: Option<PathBuf>,
    /// Unix group that owns the socket (mode 0660), so its members can run the console.
    pub socket_group: Option<String>,
    /// `plain` (journald-friendly lines) or `json`.
    pub log_format: LogFormat,
    /// How long running jobs may take to finish after SIGTERM before their leases are released.
    pub shutdown_grace_secs: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    #[default]
    Plain,
    Json,
}

/// `[webhook]`: the HTTP listener for provider webhooks, `/healthz` and `/metrics`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebhookConfig {
    /// Address to bind; port 0 picks a free one. Default `127.0.0.1:8780`.
    pub listen: SocketAddr,
    /// Largest accepted request body; larger ones get 413. Default 1 MiB.
    pub body_limit_bytes: u64,
    /// Time allowed to receive the request headers. Default 10 s.
    pub header_timeout_secs: u64,
    /// Time allowed for a whole request. Default 30 s.
    pub request_timeout_secs: u64,
}

/// `[queue]`: the durable job queue.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QueueConfig {
    /// Attempts before a job is dead, unless its kind says otherwise. Default 25.
    pub default_max_attempts: u32,
    /// Visibility timeout: a running job whose lease expires goes back to the queue. Default 300 s.
    pub lease_secs: u64,
    /// First retry delay (the cap of the first full-jitter draw). Default 1,000 ms.
    pub backoff_base_ms: u64,
    /// Largest retry delay. Default 3,600 s.
    pub backoff_max_secs: u64,
    /// Per-queue settings, by queue name (`[queue.queues.default]`).
    pub queues: std::collections::BTreeMap<String, QueueSettings>,
    /// Per-job-kind settings, by kind (`[queue.kinds."sandbox.ping"]`).
    pub kinds: std::collections::BTreeMap<String, KindSettings>,
}

/// `[queue.queues.NAME]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QueueSettings {
    /// Jobs of this queue running at once. Default 8.
    pub concurrency: u32,
}

/// `[queue.kinds.KIND]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KindSettings {
    pub max_attempts: Option<u32>,
}

/// `[sandbox]`: fake providers on loopback, for the demo and tests. Never in production.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SandboxConfig {
    pub enabled: bool,
    /// Create this tenant at start-up if it does not exist (the demo uses `demo`).
    pub tenant: Option<String>,
    /// Secret for the sandbox webhook route's HMAC. Default: a fixed, public test value.
    pub webhook_secret: Option<SecretRef>,
    /// Enqueue periodic sample jobs (some fail and retry, one ends dead). Default false.
    pub generate_jobs: bool,
}

impl Default for DaemonConfig {
    fn default() -> Self {
        Self {
            data_dir: None,
            socket: None,
            socket_group: None,
            log_format: LogFormat::Plain,
            shutdown_grace_secs: 10,
        }
    }
}

impl Default for WebhookConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8780)),
            body_limit_bytes: 1024 * 1024,
            header_timeout_secs: 10,
            request_timeout_secs: 30,
        }
    }
}

impl Default for QueueConfig {
    fn default() -> Self {
        Self {
            default_max_attempts: 25,
            lease_secs: 300,
            backoff_base_ms: 1_000,
            backoff_max_secs: 3_600,
            queues: std::collections::BTreeMap::new(),
            kinds: std::collections::BTreeMap::new(),
        }
    }
}

impl Default for QueueSettings {
    fn default() -> Self {
        Self { concurrency: 8 }
    }
}
