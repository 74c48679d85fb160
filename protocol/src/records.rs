//! Request and response records.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::{JobId, TenantId};

/// Answer to `hello`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    pub api_version: u32,
    pub daemon_version: String,
    pub operator: OperatorIdentity,
}

/// Who the daemon thinks the caller is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorIdentity {
    /// The Unix user name of the peer.
    pub user: String,
    /// Root or the daemon's own user: admin of every tenant.
    pub superuser: bool,
    /// Roles per tenant (empty for a superuser with no explicit roles).
    #[serde(default)]
    pub roles: BTreeMap<TenantId, Role>,
}

/// The currency of a tenant that never chose one.
pub const DEFAULT_CURRENCY: &str = "PEN";

/// `text` as an ISO 4217 currency code: three letters in any case, given back in capitals
/// (which codes exist is not checked: new ones appear).
pub fn currency_code(text: &str) -> Option<String> {
    let code = text.trim().to_ascii_uppercase();
    (code.len() == 3 && code.bytes().all(|byte| byte.is_ascii_uppercase())).then_some(code)
}

/// [`DEFAULT_CURRENCY`], for serde.
pub fn default_currency() -> String {
    DEFAULT_CURRENCY.to_owned()
}

/// An operator's role in one tenant.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Their assigned conversations and leads, plus unassigned queues.
    Agent,
    /// Everything in the tenant.
    Supervisor,
    /// Everything in the tenant plus configuration, operators and integrations.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Agent, Role::Supervisor, Role::Admin];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agent => "agent",
            Self::Supervisor => "supervisor",
            Self::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|role| role.as_str() == value)
            .ok_or_else(|| format!("unknown role {value:?}: use agent, supervisor or admin"))
    }
}

/// Answer to `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub version: String,
    pub api_version: u32,
    pub uptime_secs: u64,
    pub data_dir: String,
    pub socket_path: String,
    /// The webhook listener's bound address (`127.0.0.1:8780`), if it is listening.
    pub webhook_addr: Option<String>,
    /// True when fake providers are served: never in production.
    pub sandbox: bool,
}

/// Answer to `admin_backup`: the tar the daemon wrote and what is in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupInfo {
    /// Where the daemon wrote it: `<data_dir>/backups/centralita-….tar` (mode 0600).
    pub path: String,
    /// Its size in bytes.
    pub size: u64,
    /// The committed point it holds.
    pub created_at: Timestamp,
    /// Rows per table, by table name.
    pub tables: Vec<BackupTable>,
    /// Blob files (documents, attachments) in it.
    pub blobs: u64,
}

/// One table of a backup and how many rows it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupTable {
    pub name: String,
    pub rows: u64,
}

/// A job's lifecycle state.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Waiting for `run_at`, or for a worker.
    Queued,
    /// Leased by a worker until `lease_until`.
    Running,
    Succeeded,
    /// Failed with a permanent error; waits for an operator.
    Failed,
    /// Ran out of attempts; waits for an operator.
    Dead,
    /// Cancelled by an operator.
    Cancelled,
}

impl JobState {
    pub const ALL: [JobState; 6] = [
        JobState::Queued,
        JobState::Running,
        JobState::Succeeded,
        JobState::Failed,
        JobState::Dead,
        JobState::Cancelled,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Dead => "dead",
            Self::Cancelled => "cancelled",
        }
    }
    /// Failed, dead and cancelled jobs can be retried by an operator.
    pub fn is_retryable_by_operator(self) -> bool {
        matches!(self, Self::Failed | Self::Dead | Self::Cancelled)
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for JobState {
    type Err = String;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|state| state.as_str() == value).ok_or_else(|| {
            format!("unknown job state {value:?}: use queued, running, succeeded, failed, dead or cancelled")
        })
    }
}

/// Which jobs a list or bulk retry applies to. Empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobFilter {
    #[serde(default)]
    pub state: Option<JobState>,
    #[serde(default)]
    pub queue: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    /// Case-insensitive substring of the last error.
    #[serde(default)]
    pub error_text: Option<String>,
    /// Words that must each appear (any case) somewhere in the job's row: its id, state,
    /// queue, kind, schedule or last error (the console's `/dead`, `/gmail timeout`).
    #[serde(default)]
    pub text: Option<String>,
}

/// Keyset pagination, newest first: pass the previous page's `next` as `before`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    /// Only records with an id below this one.
    #[serde(default)]
    pub before: Option<u64>,
    pub limit: u32,
}

impl PageRequest {
    /// Largest page the daemon returns.
    pub const MAX_LIMIT: u32 = 5_000;
    pub fn first(limit: u32) -> Self {
        Self {
            before: None,
            limit,
        }
    }
}

/// One row of the jobs table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobSummary {
    pub id: JobId,
    pub tenant: TenantId,
    pub queue: String,
    pub kind: String,
    pub state: JobState,
    pub attempts: u32,
    pub max_attempts: u32,
    pub run_at: Timestamp,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub last_error: Option<String>,
    /// The last error in the catalog's words, when it has them (`said`): a client says it in
    /// the operator's language, else shows `last_error`.
    #[serde(default)]
    pub last_error_words: Option<crate::said::Words>,
    #[serde(default)]
    pub unique_key: Option<String>,
    /// The schedule that made it, for a recurring job.
    #[serde(default)]
    pub schedule: Option<String>,
}

/// A page of jobs; `next` is `Some` when there are more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobPage {
    pub jobs: Vec<JobSummary>,
    pub next: Option<u64>,
}

/// One attempt at running a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobAttempt {
    pub number: u32,
    pub started_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    /// `None` for a success; otherwise the error as the operator should read it.
    pub error: Option<String>,
    /// The error in the catalog's words, when it has them (see [`JobSummary::last_error_words`]).
    #[serde(default)]
    pub error_words: Option<crate::said::Words>,
}

/// A job with its payload and history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobDetail {
    pub job: JobSummary,
    pub payload: serde_json::Value,
    pub attempts: Vec<JobAttempt>,
    #[serde(default)]
    pub lease_until: Option<Timestamp>,
}

/// Job counts per state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCounts {
    pub queued: u64,
    pub running: u64,
    pub succeeded: u64,
    pub failed: u64,
    pub dead: u64,
    pub cancelled: u64,
}

impl StateCounts {
    pub fn get(&self, state: JobState) -> u64 {
        match state {
            JobState::Queued => self.queued,
            JobState::Running => self.running,
            JobState::Succeeded => self.succeeded,
            JobState::Failed => self.failed,
            JobState::Dead => self.dead,
            JobState::Cancelled => self.cancelled,
        }
    }
    pub fn get_mut(&mut self, state: JobState) -> &mut u64 {
        match state {
            JobState::Queued => &mut self.queued,
            JobState::Running => &mut self.running,
            JobState::Succeeded => &mut self.succeeded,
            JobState::Failed => &mut self.failed,
            JobState::Dead => &mut self.dead,
            JobState::Cancelled => &mut self.cancelled,
        }
    }
}

/// A queue: settings plus the calling tenant's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueInfo {
    pub name: String,
    pub paused: bool,
    pub concurrency: u32,
    pub counts: StateCounts,
}

/// An integration's state as shown on the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationStatus {
    pub name: String,
    /// `ok`, `sandbox`, `not_configured`, `error`, `reauthorization_needed`.
    pub state: String,
    #[serde(default)]
    pub detail: String,
    /// `detail` in the catalog's words, when it is an error that has them (a connection's or a
    /// mailbox's last error, and whose it is); a client says it in the operator's language,
    /// else shows `detail`.
    #[serde(default)]
    pub words: Option<crate::said::Words>,
}

/// Answer to `dashboard`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub tenant: TenantId,
    pub queues: Vec<QueueInfo>,
    /// Newest failed or dead jobs first (at most 10).
    pub recent_failures: Vec<JobSummary>,
    pub integrations: Vec<IntegrationStatus>,
    pub sandbox: bool,
    /// Invoices per state.
    #[serde(default)]
    pub invoices: crate::InvoiceCounts,
    /// Reminders due now or overdue, not done, for the caller (everyone's for supervisors).
    #[serde(default)]
    pub reminders_due: Vec<crate::Reminder>,
    /// Open glosas, those due within 5 business days, and those past their term.
    #[serde(default)]
    pub glosas: crate::GlosaCounts,
    /// Conversations open and waiting, answer times, the latest ones.
    #[serde(default)]
    pub conversations: crate::ConversationStats,
}

/// A tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    pub id: TenantId,
    pub name: String,
    pub created_at: Timestamp,
    /// The IANA time zone every date of the tenant is shown and entered in.
    #[serde(default = "default_zone")]
    pub zone: String,
    /// The ISO 4217 code of the tenant's own amounts (a lead's value).
    #[serde(default = "default_currency")]
    pub currency: String,
}

/// The time zone of a tenant that never chose one.
pub const DEFAULT_ZONE: &str = "America/Lima";

/// [`DEFAULT_ZONE`], for serde.
pub fn default_zone() -> String {
    DEFAULT_ZONE.to_owned()
}

/// An operator's role in one tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    pub user: String,
    pub tenant: TenantId,
    pub role: Role,
    pub added_at: Timestamp,
    pub added_by: String,
    /// The name the operator goes by with customers (`{{agent}}`); the Unix user when unset.
    #[serde(default)]
    pub display_name: Option<String>,
}

/// Whether an audited call was carried out.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    Ok,
    Denied,
    Failed,
}

/// One audit log entry: who did what, when, to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: Timestamp,
    /// Unix user name (`uid 1234` when the uid has no name).
    pub operator: String,
    pub tenant: Option<TenantId>,
    /// Method name, e.g. `jobs_retry`.
    pub action: String,
    /// What it acted on, e.g. `job 42`: a kind of record in English (a [`Record`]'s word, or
    /// `jobs`, `queue`, `funnel`, `backup`) and which one; a client words the kind. Empty for
    /// a refusal.
    ///
    /// [`Record`]: crate::Record
    pub target: String,
    pub outcome: AuditOutcome,
    /// What the change was, in English (the daemon's words) or as plain data (a zone, a role).
    #[serde(default)]
    pub detail: String,
    /// `detail` in the catalog's words ([`said`](crate::said)) when it is a sentence: a client
    /// says it in the operator's language, else shows `detail`. `None` for a detail that is
    /// only data, and for entries written before the catalog had audit sentences.
    #[serde(default)]
    pub detail_words: Option<crate::said::Words>,
}

/// A page of audit entries, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next: Option<u64>,
}

/// What happened to a record.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    Created,
    Updated,
    Deleted,
}

/// One committed mutation on the change feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub seq: u64,
    pub tenant: TenantId,
    /// Record kind: `job`, `queue`, `tenant`, `operator`, `audit`, later `invoice`, `message`…
    pub kind: String,
    pub id: String,
    pub op: ChangeOp,
}

/// Answer to `watch`. `last_seq` is what to pass as `since_seq` next time; when `reset` is true
/// the feed was trimmed past `since_seq` and the client should reload what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeBatch {
    pub changes: Vec<Change>,
    pub last_seq: u64,
    #[serde(default)]
    pub reset: bool,
}
