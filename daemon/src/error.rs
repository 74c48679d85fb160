//! What an area's operation returns when it does not do what was asked: a refusal the caller
//! can act on (not found, conflict, invalid, denied), or the store failing underneath.
//!
//! Areas return it from their service functions and their transaction methods; `rpc/` maps it
//! to the wire's `RpcError`, the queue's handlers to a `JobError`.

use crate::store::StoreError;

/// Why an area operation did not happen. Messages say what and where, for people.
#[derive(Debug, thiserror::Error)]
pub enum AreaError {
    /// The record named does not exist (in this tenant).
    #[error("{0} not found")]
    NotFound(String),
    /// The record is in a state that does not allow this.
    #[error("{0}")]
    Conflict(String),
    /// An argument is malformed or out of range.
    #[error("{0}")]
    Invalid(String),
    /// The caller may not do this to this record.
    #[error("{0}")]
    Denied(String),
    /// A resource is busy or exhausted for now; try again later.
    #[error("{0}")]
    Unavailable(String),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for AreaError {
    fn from(error: StoreError) -> Self {
        match error {
            // A record points at a file that is gone: for the caller, that file is not found.
            StoreError::BlobMissing(hash) => Self::NotFound(format!("blob {hash}")),
            error => Self::Store(error),
        }
    }
}

impl AreaError {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound(what.into())
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict(message.into())
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid(message.into())
    }
    pub fn denied(message: impl Into<String>) -> Self {
        Self::Denied(message.into())
    }
}
