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

impl From<crate::error::AreaError> for JobError {
    /// A refusal will not change by retrying (the record is gone, the data is bad); the store
    /// failing might.
    fn from(error: crate::error::AreaError) -> Self {
        use crate::error::AreaError;
        match error {
            AreaError::Store(error) => Self::from(error),
            AreaError::Unavailable(message) => Self::retryable(message),
            AreaError::Said(crate::error::Refusal::Unavailable, said) => Self::retryable(said.text),
            refusal => Self::permanent(refusal.to_string()),
        }
    }
}

impl From<crate::store::StoreError> for JobError {
    fn from(error: crate::store::StoreError) -> Self {
        Self::retryable(error.to_string())
    }
}
