use serde::{Deserialize, Serialize};

use crate::{Role, TenantId};

/// The error every call can return. `kind` is stable (the CLI maps it to exit codes);
/// `message` is for people and never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct RpcError {
    pub kind: ErrorKind,
    /// The daemon's words, in English (logs, scripts, clients that do not know `detail`).
    pub message: String,
    /// What the error is about, for the client to say it in the operator's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<ErrorDetail>,
}

/// The facts of an error, so that a client can word it in the operator's language.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum ErrorDetail {
    /// `record` `id` does not exist (in `tenant`).
    NotFound {
        record: Record,
        id: String,
        #[serde(default)]
        tenant: Option<TenantId>,
    },
    /// `user` may not call `method` (in `tenant`): it needs role `needs` (`None`: a
    /// superuser), and the caller has `role` there (`None`: no role).
    Denied {
        user: String,
        method: String,
        #[serde(default)]
        tenant: Option<TenantId>,
        #[serde(default)]
        needs: Option<Role>,
        #[serde(default)]
        role: Option<Role>,
    },
    /// A refusal from the catalog in [`said`](crate::said): the sentence named `key`, filled
    /// with `args` in order.
    Said { key: String, args: Vec<String> },
    /// A detail this client does not know (a newer daemon): the message says it.
    #[serde(other)]
    Other,
}

/// The kinds of record an error can name.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    Tenant,
    Operator,
    Job,
    Schedule,
    Invoice,
    Conversation,
    Message,
    Contact,
    Lead,
    Reminder,
    QuickReply,
    Connection,
    Mailbox,
    MailMessage,
    Glosa,
    /// A record of a kind this client does not know (a newer daemon).
    #[serde(other)]
    Other,
}

impl Record {
    /// Every kind of record this build knows (all but [`Record::Other`]), for clients to check
    /// that they word each one.
    pub const ALL: [Self; 15] = [
        Self::Tenant,
        Self::Operator,
        Self::Job,
        Self::Schedule,
        Self::Invoice,
        Self::Conversation,
        Self::Message,
        Self::Contact,
        Self::Lead,
        Self::Reminder,
        Self::QuickReply,
        Self::Connection,
        Self::Mailbox,
        Self::MailMessage,
        Self::Glosa,
    ];

    /// The word the daemon's English messages use.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tenant => "tenant",
            Self::Operator => "operator",
            Self::Job => "job",
            Self::Schedule => "schedule",
            Self::Invoice => "invoice",
            Self::Conversation => "conversation",
            Self::Message => "message",
            Self::Contact => "contact",
            Self::Lead => "lead",
            Self::Reminder => "reminder",
            Self::QuickReply => "quick reply",
            Self::Connection => "connection",
            Self::Mailbox => "mailbox",
            Self::MailMessage => "mail message",
            Self::Glosa => "glosa",
            Self::Other => "record",
        }
    }
}

impl std::fmt::Display for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
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
            detail: None,
        }
    }
    /// The same error, with the facts a client words in the operator's language.
    #[must_use]
    pub fn with_detail(self, detail: ErrorDetail) -> Self {
        Self {
            detail: Some(detail),
            ..self
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
