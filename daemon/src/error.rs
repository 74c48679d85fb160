//! What an area's operation returns when it does not do what was asked: a refusal the caller
//! can act on (not found, conflict, invalid, denied), or the store failing underneath.
//!
//! Areas return it from their service functions and their transaction methods; `rpc/` maps it
//! to the wire's `RpcError`, the queue's handlers to a `JobError`.

use std::fmt;

use centralita_protocol::{Record, TenantId};

use crate::store::StoreError;

/// Why an area operation did not happen. Messages say what and where, for people.
#[derive(Debug, thiserror::Error)]
pub enum AreaError {
    /// The record named does not exist (in this tenant).
    #[error("{0} not found")]
    NotFound(Missing),
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
    /// An argument refused, a state that does not allow it, or a denial, worded from the
    /// protocol's catalog so that a client can say it in the operator's language.
    #[error("{1}")]
    Said(Refusal, Said),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for AreaError {
    fn from(error: StoreError) -> Self {
        match error {
            // A record points at a file that is gone: for the caller, that file is not found.
            StoreError::BlobMissing(hash) => Self::not_found(format!("blob {hash}")),
            error => Self::Store(error),
        }
    }
}

/// What kind of refusal a [`Said`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// What was asked for is not there; the sentence says what (a record without an id of
    /// its own, such as an item of a glosa).
    NotFound,
    Invalid,
    Conflict,
    Denied,
    /// Busy or exhausted for now (see [`AreaError::Unavailable`]).
    Unavailable,
}

/// A sentence of the protocol's catalog ([`centralita_protocol::said`]): its key, the values
/// that fill it, and the English. Made with [`said!`](crate::error::said).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub key: centralita_protocol::said::Key,
    pub args: Vec<String>,
    pub text: String,
    /// The last value's own words, when it is a sentence of the catalog too (see
    /// [`Said::with_inner`]).
    pub inner: Option<Box<centralita_protocol::said::Words>>,
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Said {
    /// The sentence as a record keeps it (a job's error): key and values.
    pub fn words(&self) -> centralita_protocol::said::Words {
        centralita_protocol::said::Words {
            key: self.key.name.to_owned(),
            args: self.args.clone(),
            inner: self.inner.clone(),
        }
    }
    /// The same sentence, its last value (a reason in English) kept in the catalog's words
    /// too, so that a client says the whole sentence in its language.
    #[must_use]
    pub fn with_inner(mut self, inner: Option<centralita_protocol::said::Words>) -> Self {
        self.inner = inner.map(Box::new);
        self
    }
    pub fn not_found(self) -> AreaError {
        AreaError::Said(Refusal::NotFound, self)
    }
    pub fn invalid(self) -> AreaError {
        AreaError::Said(Refusal::Invalid, self)
    }
    pub fn conflict(self) -> AreaError {
        AreaError::Said(Refusal::Conflict, self)
    }
    pub fn denied(self) -> AreaError {
        AreaError::Said(Refusal::Denied, self)
    }
    pub fn unavailable(self) -> AreaError {
        AreaError::Said(Refusal::Unavailable, self)
    }
}

/// `said!(KEY, "english with {0} and {1}", a, b)`: a [`Said`] of the catalog's `KEY`, its
/// English filled from the values, which travel too (as text) for the client's own words.
macro_rules! said {
    ($key:expr, $english:literal $(, $arg:expr)* $(,)?) => {{
        let key: centralita_protocol::said::Key = $key;
        let args: Vec<String> = vec![$(($arg).to_string()),*];
        debug_assert_eq!(args.len(), key.args, "{} takes {} values", key.name, key.args);
        $crate::error::Said {
            key,
            text: format!($english $(, $arg)*),
            args,
            inner: None,
        }
    }};
}
pub(crate) use said;

/// What was not found: a record of a known kind by its id (in a tenant), or something only
/// words describe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub record: Option<Record>,
    pub id: String,
    pub tenant: Option<TenantId>,
}

impl Missing {
    /// What is missing in the catalog's words; `None` for something only English describes.
    pub fn said(&self) -> Option<Said> {
        use centralita_protocol::said as key;
        let record = self.record?.as_str();
        Some(if let Some(tenant) = &self.tenant {
            said!(
                key::RECORD_NOT_FOUND_IN_TENANT,
                "{0} {1} in tenant {2} not found",
                record,
                self.id,
                tenant
            )
        } else {
            said!(key::RECORD_NOT_FOUND, "{0} {1} not found", record, self.id)
        })
    }
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(record) = self.record {
            write!(f, "{record} ")?;
        }
        f.write_str(&self.id)?;
        match &self.tenant {
            Some(tenant) => write!(f, " in tenant {tenant}"),
            None => Ok(()),
        }
    }
}

impl AreaError {
    /// The error in the catalog's words, when it has them: a refusal of the catalog, a record
    /// not found, the store failing (an audit entry of a failed change keeps them).
    pub fn words(&self) -> Option<centralita_protocol::said::Words> {
        match self {
            Self::Said(_, said) => Some(said.words()),
            Self::NotFound(missing) => missing.said().map(|said| said.words()),
            Self::Store(error) => Some(store_failed(error).words()),
            _ => None,
        }
    }

    /// Something not found that only words describe (`what` reads before "not found").
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound(Missing {
            record: None,
            id: what.into(),
            tenant: None,
        })
    }
    /// Tenant `tenant` does not exist.
    pub fn missing_tenant(tenant: &TenantId) -> Self {
        Self::NotFound(Missing {
            record: Some(Record::Tenant),
            id: tenant.to_string(),
            tenant: None,
        })
    }
    /// `record` `id` does not exist in any tenant.
    pub fn missing_anywhere(record: Record, id: impl fmt::Display) -> Self {
        Self::NotFound(Missing {
            record: Some(record),
            id: id.to_string(),
            tenant: None,
        })
    }
    /// `record` `id` does not exist in `tenant`.
    pub fn missing(record: Record, id: impl fmt::Display, tenant: &TenantId) -> Self {
        Self::NotFound(Missing {
            record: Some(record),
            id: id.to_string(),
            tenant: Some(tenant.clone()),
        })
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

/// The store failing underneath, as the catalog says it (the English is the store's message).
pub fn store_failed(error: &StoreError) -> Said {
    said!(centralita_protocol::said::STORE_FAILED, "{0}", error)
}
