use centralita_protocol::{ErrorKind, RpcError};

/// Why a store operation failed. Domain outcomes (not found, conflict) are separate variants so
/// RPC handlers can map them to the right [`ErrorKind`].
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error("database: {0}")]
    Database(String),
    #[error("record encoding: {0}")]
    Codec(String),
    #[error("blob store: {0}")]
    Io(#[from] std::io::Error),
    #[error("the store is shut down")]
    Closed,
}

impl StoreError {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound(what.into())
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict(message.into())
    }
}

macro_rules! from_redb {
    ($($error:ty),*) => {$(
        impl From<$error> for StoreError {
            fn from(error: $error) -> Self {
                Self::Database(error.to_string())
            }
        }
    )*};
}
from_redb!(
    redb::Error,
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    redb::SetDurabilityError
);

impl From<StoreError> for RpcError {
    fn from(error: StoreError) -> Self {
        let kind = match &error {
            StoreError::NotFound(_) => ErrorKind::NotFound,
            StoreError::Conflict(_) => ErrorKind::Conflict,
            StoreError::Invalid(_) => ErrorKind::InvalidArgument,
            StoreError::Closed => ErrorKind::Unavailable,
            StoreError::Database(_) | StoreError::Codec(_) | StoreError::Io(_) => {
                ErrorKind::Internal
            }
        };
        RpcError::new(kind, error.to_string())
    }
}
