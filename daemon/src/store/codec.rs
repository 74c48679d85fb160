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

/// `#[serde(with = "store::bin")]`: bytes as a MessagePack bin, not an array of numbers.
pub mod bin {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let bytes: &[u8] = <&[u8]>::deserialize(deserializer)?;
        Ok(bytes.to_vec())
    }
}
