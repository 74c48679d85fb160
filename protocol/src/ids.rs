use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A tenant's short name, as typed in the CLI and used in webhook routes (`acme`, `clinica-sur`):
/// 1 to 32 characters of lowercase ASCII letters, digits and `-`, starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantId(String);

/// Why a string is not a valid [`TenantId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "tenant id {value:?} is invalid: use 1 to 32 lowercase letters, digits or '-', starting with a letter"
)]
pub struct TenantIdError {
    pub value: String,
}

impl TenantId {
    pub fn new(value: impl Into<String>) -> Result<Self, TenantIdError> {
        let value = value.into();
        let mut chars = value.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if first_ok && rest_ok && value.len() <= 32 {
            Ok(Self(value))
        } else {
            Err(TenantIdError { value })
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TenantId {
    type Error = TenantIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<TenantId> for String {
    fn from(id: TenantId) -> Self {
        id.0
    }
}

impl FromStr for TenantId {
    type Err = TenantIdError;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::new(value)
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Numbered records: each kind of record has its own id type, so that a lead's number cannot
/// be passed where a contact's is expected. On the wire and on disk an id is its number
/// (`#[serde(transparent)]`); people see and type the number.
macro_rules! numbered {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                value.parse().map(Self)
            }
        }
    )*};
}

numbered! {
    /// A job's number, unique across the daemon (humans say "job 42").
    JobId;
    /// A contact's number in its tenant.
    ContactId;
    /// A conversation's number in its tenant.
    ConversationId;
    /// A message's number in its tenant (inbound and outbound share the sequence).
    MessageId;
    /// A lead's number in its tenant.
    LeadId;
    /// A reminder's number in its tenant.
    ReminderId;
    /// An invoice's number in its tenant.
    InvoiceId;
    /// An upload's number, unique across the daemon (an upload belongs to one operator).
    UploadId;
    /// An OAuth connection's number in its tenant.
    ConnectionId;
    /// A mailbox's number in its tenant.
    MailboxId;
    /// A mail message's number in its tenant.
    MailMessageId;
    /// A glosa's number in its tenant.
    GlosaId;
}
