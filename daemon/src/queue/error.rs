//! How a job handler reports failure: the queue needs to know whether to retry.

use std::time::Duration;

/// A job attempt's failure, classified at the edge where the cause is known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    /// Worth another try later (network, 5xx, 429). `retry_after` is the earliest the provider
    /// allows; the backoff never goes below it.
    #[error("{message}")]
    Retryable {
        message: String,
        retry_after: Option<Duration>,
    },
    /// Will fail the same way every time (4xx, bad data): the job fails at once.
    #[error("{message}")]
    Permanent { message: String },
    /// Not now, and not a failure (a provider's pace): the job runs again after `after`
    /// without the attempt counting.
    #[error("{message}")]
    Later { message: String, after: Duration },
}

impl JobError {
    pub fn retryable(message: impl Into<String>) -> Self {
        Self::Retryable {
            message: message.into(),
            retry_after: None,
        }
    }
    pub fn later(message: impl Into<String>, after: Duration) -> Self {
        Self::Later {
            message: message.into(),
            after,
        }
    }
    pub fn permanent(message: impl Into<String>) -> Self {
        Self::Permanent {
            message: message.into(),
        }
    }
}
