//! Record encoding: MessagePack with field names, so fields can be added with serde defaults.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::StoreError;

pub(super) fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, StoreError> {
    Ok(rmp_serde::to_vec_named(value)?)
}

pub(super) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, StoreError> {
    Ok(rmp_serde::from_slice(bytes)?)
}
