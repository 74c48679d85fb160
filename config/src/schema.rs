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
    pub invoices: InvoicesConfig,
    pub channels: ChannelsConfig,
    pub crm: CrmConfig,
    pub connections: ConnectionsConfig,
    pub mail: MailConfig,
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
    /// `[sandbox.gmail]`: the mailbox of the fake Google account.
    pub gmail: SandboxGmailConfig,
}

/// `[sandbox.gmail]`: what the fake Gmail mailbox holds, oldest first: every `.eml` file of
/// `eml_dir` (by name), then `generated` made-up messages; every fifth made-up message carries
/// a file of `invoices_dir` (by name, in turn) as its attachment.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SandboxGmailConfig {
    pub eml_dir: Option<PathBuf>,
    pub invoices_dir: Option<PathBuf>,
    pub generated: u32,
}

/// `[connections]`: OAuth 2.0 connections of tenants to Google (Gmail) and other providers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConnectionsConfig {
    /// The key access and refresh tokens are encrypted with: 32 random bytes, base64 (create
    /// one with `head -c 32 /dev/urandom | base64`), best as a systemd credential
    /// (`{ credential = "token-key" }` with `LoadCredentialEncrypted=token-key:…`). Default: a
    /// key file in the data dir, created on first start.
    pub token_key: Option<SecretRef>,
    /// A token is refreshed this long before it expires. Default 300 s.
    pub refresh_before_secs: u64,
    /// `[connections.google]`: this installation's Google OAuth client (Gmail).
    pub google: Option<OAuthClientConfig>,
}

impl Default for ConnectionsConfig {
    fn default() -> Self {
        Self {
            token_key: None,
            refresh_before_secs: 300,
            google: None,
        }
    }
}

/// An OAuth 2.0 client registered with a provider.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthClientConfig {
    pub client_id: String,
    pub client_secret: SecretRef,
    /// Where the provider sends the operator back: this daemon's `/oauth/callback`, as the
    /// operator's TLS proxy publishes it (`https://centralita.example.com/oauth/callback`).
    /// Operators who cannot reach it paste the address they land on into
    /// `centralita connections finish --url`.
    pub redirect_url: String,
    /// The provider's endpoints; defaults are the real ones (tests point them elsewhere).
    #[serde(default)]
    pub auth_url: Option<String>,
    #[serde(default)]
    pub token_url: Option<String>,
    #[serde(default)]
    pub revoke_url: Option<String>,
    /// The provider's API base (Gmail: `https://gmail.googleapis.com`).
    #[serde(default)]
    pub api_base: Option<String>,
}

/// `[mail]`: mailboxes watched through Gmail.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    /// Messages fetched at once during a sync. Default 8.
    pub fetch_concurrency: u32,
    /// Largest message kept, in MiB; a larger one is recorded without its body. Default 40.
    pub max_message_mib: u64,
    /// Gmail API quota units a connection may spend a minute (Google's per-user limit is
    /// 15,000; fetching a message costs 5, a page of up to 500 ids 5 more). Default 15000.
    pub quota_units_per_minute: u32,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            fetch_concurrency: 8,
            max_message_mib: 40,
            quota_units_per_minute: 15_000,
        }
    }
}

/// `[crm]`: leads.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CrmConfig {
    /// A customer's first message opens a lead. Default true.
    pub auto_leads: bool,
}

impl Default for CrmConfig {
    fn default() -> Self {
        Self { auto_leads: true }
    }
}

/// `[channels]`: messaging accounts per tenant (`[channels.whatsapp.TENANT]`, …).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChannelsConfig {
    pub whatsapp: std::collections::BTreeMap<String, MetaChannelConfig>,
    pub messenger: std::collections::BTreeMap<String, MetaChannelConfig>,
    pub telegram: std::collections::BTreeMap<String, TelegramChannelConfig>,
}

/// `[channels.whatsapp.TENANT]` and `[channels.messenger.TENANT]`: a Meta app's webhook
/// secrets and the accounts (phone number ids or Page ids) that belong to the tenant.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaChannelConfig {
    /// The Meta app secret: the HMAC key of `X-Hub-Signature-256`.
    pub app_secret: SecretRef,
    /// The token Meta echoes in the subscription handshake (`hub.verify_token`).
    pub verify_token: SecretRef,
    /// WhatsApp phone number ids, or Messenger Page ids, of this tenant.
    #[serde(default)]
    pub accounts: Vec<String>,
    /// The token sends use (WhatsApp system-user token, Messenger Page token); without it the
    /// tenant only receives.
    #[serde(default)]
    pub access_token: Option<SecretRef>,
    /// Graph API base. Default `https://graph.facebook.com/v21.0`.
    #[serde(default)]
    pub api_base: Option<String>,
    /// WhatsApp only: the WhatsApp Business Account id, which message templates are listed
    /// under (`centralita templates --sync`).
    #[serde(default)]
    pub business_account_id: Option<String>,
}

/// `[channels.telegram.TENANT]`: the bot's webhook secret token.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelegramChannelConfig {
    /// The `secret_token` given to `setWebhook`, sent back in `X-Telegram-Bot-Api-Secret-Token`.
    pub secret_token: SecretRef,
    /// The bot token sends use; without it the tenant only receives.
    #[serde(default)]
    pub bot_token: Option<SecretRef>,
    /// Bot API base. Default `https://api.telegram.org`.
    #[serde(default)]
    pub api_base: Option<String>,
}

/// `[invoices]`: intake limits, the inbox folders, mappings, external tools and the LLM step.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InvoicesConfig {
    /// Largest document accepted, in MiB. Default 25.
    pub max_upload_mib: u64,
    /// Watched folders, one per tenant (`<inbox_dir>/<tenant>/`). Default `<data_dir>/inbox`.
    pub inbox_dir: Option<PathBuf>,
    /// How often the inbox folders are scanned. Default 2 s.
    pub inbox_poll_secs: u64,
    /// Per-issuer extraction mappings (`*.toml`). Default `<data_dir>/invoice-mappings`.
    #[serde(alias = "templates_dir")]
    pub mappings_dir: Option<PathBuf>,
    /// Longest a run of pdftotext, pdftoppm or tesseract may take. Default 120 s.
    pub tool_timeout_secs: u64,
    /// External tool runs at once. Default 2.
    pub tool_concurrency: u32,
    /// Most memory one run of pdftotext, pdftoppm or tesseract may map, in MiB (applied with
    /// util-linux `prlimit`). Default 1024.
    pub tool_memory_mib: u64,
    /// Tesseract languages. Default `spa+eng`.
    pub ocr_languages: String,
    /// Resolution pages are rasterised at before OCR. Default 300 dpi.
    pub ocr_dpi: u32,
    /// The optional LLM step, per tenant (`[invoices.llm.TENANT]`).
    pub llm: std::collections::BTreeMap<String, LlmConfig>,
    /// Files customers send in chats that go to invoice intake by themselves, per tenant:
    /// `[invoices.from_chats] acme = ["whatsapp:pdf", "telegram:*"]` (see [`ChatFileRule`]).
    /// Default none: an operator sends a file with `F` in `:inbox`.
    pub from_chats: std::collections::BTreeMap<String, Vec<String>>,
}

/// One `[invoices.from_chats]` rule, `CHANNEL:KIND`: the channel (`whatsapp`, `messenger`,
/// `telegram` or `*`) and the kind of file (`pdf`, `image`, `xml` or `*` for any of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatFileRule {
    /// `None` is any channel.
    pub channel: Option<&'static str>,
    /// `None` is any kind an invoice can be.
    pub kind: Option<&'static str>,
}

impl ChatFileRule {
    pub const CHANNELS: [&'static str; 3] = ["whatsapp", "messenger", "telegram"];
    pub const KINDS: [&'static str; 3] = ["pdf", "image", "xml"];

    /// Reads `CHANNEL:KIND`, saying what is wrong.
    pub fn parse(rule: &str) -> Result<Self, String> {
        let pick = |value: &str, names: [&'static str; 3], what: &str| {
            if value == "*" {
                return Ok(None);
            }
            names
                .into_iter()
                .find(|name| *name == value)
                .map(Some)
                .ok_or_else(|| format!("{value:?} is not a {what}: use {} or *", names.join(", ")))
        };
        let (channel, kind) = rule
            .split_once(':')
            .ok_or_else(|| format!("{rule:?} is not CHANNEL:KIND (for example whatsapp:pdf)"))?;
        Ok(Self {
            channel: pick(channel, Self::CHANNELS, "channel")?,
            kind: pick(kind, Self::KINDS, "kind of file")?,
        })
    }

    /// Whether a file of `kind` from `channel` goes to intake under this rule.
    pub fn matches(&self, channel: &str, kind: &str) -> bool {
        self.channel.is_none_or(|wanted| wanted == channel)
            && self.kind.is_none_or(|wanted| wanted == kind)
    }
}

/// `[invoices.llm.TENANT]`: an OpenAI-compatible chat-completions endpoint.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmConfig {
    /// Base URL up to `/v1` (`https://api.openai.com/v1`, `http://127.0.0.1:11434/v1`).
    pub base_url: String,
    /// Model name (`gpt-4o-mini`, `llama3.1`).
    pub model: String,
    /// Bearer key; local servers usually need none.
    #[serde(default)]
    pub api_key: Option<SecretRef>,
    /// Longest one request may take. Default 60 s.
    #[serde(default = "default_llm_timeout")]
    pub timeout_secs: u64,
}

fn default_llm_timeout() -> u64 {
    60
}

impl Default for InvoicesConfig {
    fn default() -> Self {
        Self {
            max_upload_mib: 25,
            inbox_dir: None,
            inbox_poll_secs: 2,
            mappings_dir: None,
            tool_timeout_secs: 120,
            tool_concurrency: 2,
            tool_memory_mib: 1024,
            ocr_languages: "spa+eng".to_owned(),
            ocr_dpi: 300,
            llm: std::collections::BTreeMap::new(),
            from_chats: std::collections::BTreeMap::new(),
        }
    }
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
