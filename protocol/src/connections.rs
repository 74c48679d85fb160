//! Connections (OAuth grants at providers) and schedules (recurring jobs).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::{ConnectionId, JobId};

/// Where a connection stands.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionState {
    /// Waiting for the operator to authorize at the provider, or for the code's exchange.
    Pending,
    Connected,
    Refreshing,
    /// The grant is dead (revoked, expired, a password change): authorize again.
    ReauthorizationNeeded,
    Revoked,
    /// The last attempt failed for a reason a retry may fix.
    Error,
}

impl ConnectionState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Connected => "connected",
            Self::Refreshing => "refreshing",
            Self::ReauthorizationNeeded => "reauthorization_needed",
            Self::Revoked => "revoked",
            Self::Error => "error",
        }
    }
}

impl std::fmt::Display for ConnectionState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A tenant's grant at a provider. Tokens never leave the daemon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    pub id: ConnectionId,
    /// `google`.
    pub provider: String,
    /// The account at the provider (an email address), once known.
    pub account: String,
    pub scopes: Vec<String>,
    pub state: ConnectionState,
    /// When the access token expires.
    #[serde(default)]
    pub expires_at: Option<Timestamp>,
    #[serde(default)]
    pub last_refresh: Option<Timestamp>,
    /// What went wrong last, with what to do about it.
    #[serde(default)]
    pub last_error: Option<String>,
    /// `last_error` in the catalog's words, when it has them (`said`): a client says it in
    /// the operator's language, else shows `last_error`.
    #[serde(default)]
    pub last_error_words: Option<crate::said::Words>,
    pub created_at: Timestamp,
    pub created_by: String,
}

/// Where to send the operator to authorize a connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizationStart {
    pub connection: ConnectionId,
    /// The provider's consent page.
    pub url: String,
    /// Finish before this (the provider's redirect, or `connections finish --url`).
    pub expires_at: Timestamp,
}

/// A recurring job of a tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub name: String,
    /// The kind of job it makes.
    pub kind: String,
    /// `every 30 min`, `daily at 07:00 America/Lima`.
    pub every: String,
    pub paused: bool,
    pub next_at: Timestamp,
    #[serde(default)]
    pub last_slot: Option<Timestamp>,
    #[serde(default)]
    pub last_job: Option<JobId>,
}
