//! How the daemon's errors cross the wire: each becomes an `RpcError` with a stable kind (the
//! CLI's exit code) and a message for people.

use centralita_protocol::{ErrorDetail, ErrorKind, RpcError};

use crate::error::{AreaError, Refusal};
use crate::store::StoreError;

impl From<AreaError> for RpcError {
    fn from(error: AreaError) -> Self {
        let kind = match &error {
            AreaError::NotFound(missing) => {
                let error = RpcError::new(ErrorKind::NotFound, error.to_string());
                return match missing.record {
                    Some(record) => error.with_detail(ErrorDetail::NotFound {
                        record,
                        id: missing.id.clone(),
                        tenant: missing.tenant.clone(),
                    }),
                    None => error,
                };
            }
            AreaError::Conflict(_) => ErrorKind::Conflict,
            AreaError::Invalid(_) => ErrorKind::InvalidArgument,
            AreaError::Denied(_) => ErrorKind::PermissionDenied,
            AreaError::Unavailable(_) => ErrorKind::Unavailable,
            AreaError::Said(refusal, said) => {
                let kind = match refusal {
                    Refusal::NotFound => ErrorKind::NotFound,
                    Refusal::Invalid => ErrorKind::InvalidArgument,
                    Refusal::Conflict => ErrorKind::Conflict,
                    Refusal::Denied => ErrorKind::PermissionDenied,
                    Refusal::Unavailable => ErrorKind::Unavailable,
                };
                return RpcError::new(kind, said.text.clone()).with_detail(ErrorDetail::Said {
                    key: said.key.name.to_owned(),
                    args: said.args.clone(),
                });
            }
            AreaError::Store(store) => return Self::from_store(store),
        };
        RpcError::new(kind, error.to_string())
    }
}

impl From<StoreError> for RpcError {
    fn from(error: StoreError) -> Self {
        Self::from_store(&error)
    }
}

trait FromStore {
    fn from_store(error: &StoreError) -> Self;
}

impl FromStore for RpcError {
    /// The store failing is the daemon's problem, not the caller's: the details go to the log
    /// and the caller reads what happened.
    fn from_store(error: &StoreError) -> Self {
        if let StoreError::Closed = error {
            return RpcError::new(ErrorKind::Unavailable, error.to_string());
        }
        tracing::error!(%error, "a call failed in the store");
        RpcError::internal(format!("the daemon's store failed: {error}"))
    }
}
