//! How a job handler reports failure: the queue needs to know whether to retry.

use std::time::Duration;

use centralita_protocol::said as key;
use centralita_protocol::said::Words;

use crate::error::{AreaError, Refusal, Said, said};
use crate::store::StoreError;

/// A job attempt's failure, classified at the edge where the cause is known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    /// Worth another try later (network, 5xx, 429). `retry_after` is the earliest the provider
    /// allows; the backoff never goes below it.
    #[error("{message}")]
    Retryable {
        message: String,
        retry_after: Option<Duration>,
        /// `message` in the catalog's words, for the operator's language.
        words: Option<Words>,
    },
    /// Will fail the same way every time (4xx, bad data): the job fails at once.
    #[error("{message}")]
    Permanent {
        message: String,
        /// `message` in the catalog's words, for the operator's language.
        words: Option<Words>,
    },
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
            words: None,
        }
    }
    /// Worth another try, not before `after` (a provider's Retry-After).
    pub fn retryable_after(message: impl Into<String>, after: Option<Duration>) -> Self {
        Self::Retryable {
            message: message.into(),
            retry_after: after,
            words: None,
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
            words: None,
        }
    }
}

impl JobError {
    /// The error in the catalog's words, when it has them: what a record keeps beside the
    /// English (a mailbox's last error).
    pub fn words(&self) -> Option<&Words> {
        match self {
            Self::Retryable { words, .. } | Self::Permanent { words, .. } => words.as_ref(),
            Self::Later { .. } => None,
        }
    }
    /// Fails at once with a sentence of the catalog (the operator reads it in their language).
    pub fn permanent_said(said: Said) -> Self {
        Self::Permanent {
            words: Some(said.words()),
            message: said.text,
        }
    }
    /// Worth another try, not before `after` when given, said with a sentence of the catalog.
    pub fn retryable_said(said: Said, after: Option<Duration>) -> Self {
        Self::Retryable {
            words: Some(said.words()),
            message: said.text,
            retry_after: after,
        }
    }
}

impl From<AreaError> for JobError {
    /// A refusal will not change by retrying (the record is gone, the data is bad); the store
    /// failing might.
    fn from(error: AreaError) -> Self {
        match error {
            AreaError::Store(error) => Self::from(error),
            AreaError::Unavailable(message) => Self::retryable(message),
            AreaError::Said(Refusal::Unavailable, said) => Self::retryable_said(said, None),
            AreaError::Said(_, said) => Self::permanent_said(said),
            AreaError::NotFound(missing) => match missing.said() {
                Some(said) => Self::permanent_said(said),
                None => Self::permanent(format!("{missing} not found")),
            },
            refusal => Self::permanent(refusal.to_string()),
        }
    }
}

impl JobError {
    /// An area's failure where another try may do better (a record being written meanwhile),
    /// in the catalog's words when it has them.
    pub fn retryable_area(error: AreaError) -> Self {
        match Self::from(error) {
            Self::Permanent { message, words } => Self::Retryable {
                message,
                retry_after: None,
                words,
            },
            other => other,
        }
    }

    /// Reading a stored file failed: gone from the blob folder (fails at once), or the store
    /// failing (worth another try).
    pub fn blob(error: StoreError) -> Self {
        match error {
            StoreError::BlobMissing(hash) => {
                Self::permanent_said(said!(key::BLOB_NOT_FOUND, "blob {0} not found", hash))
            }
            error => Self::from(error),
        }
    }
}

impl From<StoreError> for JobError {
    fn from(error: StoreError) -> Self {
        Self::retryable_said(crate::error::store_failed(&error), None)
    }
}
