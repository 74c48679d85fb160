use serde::{Deserialize, Serialize};

/// The error every call can return. `kind` is stable (the CLI maps it to exit codes);
/// `message` is for people and never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct RpcError {
    pub kind: ErrorKind,
    pub message: String,
}

/// What kind of failure an [`RpcError`] is.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The record named does not exist (in this tenant).
    NotFound,
    /// An argument is malformed or out of range.
    InvalidArgument,
    /// The caller's role does not allow this, or the caller is not an operator.
    PermissionDenied,
    /// The record is in a state that does not allow this (e.g. retrying a running job).
    Conflict,
    /// Client and daemon speak different API versions.
    VersionMismatch,
    /// The daemon is shutting down or a resource is temporarily unavailable.
    Unavailable,
    /// A bug or a storage failure; the daemon's log has details.
    Internal,
}

impl RpcError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidArgument, message)
    }
    pub fn denied(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::PermissionDenied, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }
}

impl ErrorKind {
    /// Stable lowercase name, as in `--json` output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::InvalidArgument => "invalid_argument",
            Self::PermissionDenied => "permission_denied",
            Self::Conflict => "conflict",
            Self::VersionMismatch => "version_mismatch",
            Self::Unavailable => "unavailable",
            Self::Internal => "internal",
        }
    }
}
