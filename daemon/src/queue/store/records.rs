//! The queue's stored records and what passes between the store and the workers: a job as
//! stored, a job to enqueue, a leased job, how an attempt ended.

use centralita_protocol::said::Words;
use centralita_protocol::{JobAttempt, JobId, JobState, TenantId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A job as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobRecord {
    pub id: u64,
    pub tenant: TenantId,
    pub queue: String,
    pub kind: String,
    /// JSON text of the payload.
    pub payload: String,
    pub state: JobState,
    pub attempts: u32,
    pub max_attempts: u32,
    pub run_at_ms: u64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub lease_until_ms: Option<u64>,
    #[serde(default)]
    pub last_error: Option<String>,
    /// `last_error` in the catalog's words, when it has them.
    #[serde(default)]
    pub last_error_words: Option<Words>,
    #[serde(default)]
    pub unique_key: Option<String>,
    #[serde(default)]
    pub history: Vec<JobAttempt>,
    /// How many times an operator put this job back by hand.
    #[serde(default)]
    pub operator_retries: u32,
    /// Set when an operator cancels a running job: it ends `cancelled` when its attempt returns.
    #[serde(default)]
    pub cancel_requested: bool,
    /// The schedule that made it, if one did.
    #[serde(default)]
    pub schedule: Option<String>,
}

/// What to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub tenant: TenantId,
    pub queue: String,
    pub kind: String,
    pub payload: serde_json::Value,
    /// `None`: now.
    pub run_at: Option<Timestamp>,
    pub max_attempts: u32,
    /// While a job with this key is queued or running, enqueueing another returns that one.
    pub unique_key: Option<String>,
    /// The schedule that makes it, if one does.
    pub schedule: Option<String>,
}

/// A job handed to a worker.
#[derive(Debug, Clone)]
pub struct LeasedJob {
    pub id: JobId,
    pub tenant: TenantId,
    pub queue: String,
    pub kind: String,
    pub payload: String,
    /// This attempt's number (1 for the first run).
    pub attempt: u32,
    pub max_attempts: u32,
    pub operator_retries: u32,
}

/// How an attempt ended, as decided by the queue.
#[derive(Debug, Clone)]
pub enum JobOutcome {
    Succeeded,
    /// Run again at `at`.
    Retry {
        at: Timestamp,
        error: String,
        words: Option<Words>,
    },
    /// Permanent error.
    Failed {
        error: String,
        words: Option<Words>,
    },
    /// Out of attempts.
    Dead {
        error: String,
        words: Option<Words>,
    },
    /// Not the job's fault (shutdown): back to the queue now, the attempt not counted.
    Released,
    /// Not now (a provider's pace): back to the queue at `at`, the attempt not counted.
    Deferred {
        at: Timestamp,
        note: String,
    },
}

/// What [`WriteTxn::finish_job`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinishedJob {
    Finished(JobState),
    /// The lease was no longer ours (it expired and the job moved on); nothing changed.
    Stale,
}

/// A queue's stored settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct QueueRecord {
    pub paused: bool,
}
