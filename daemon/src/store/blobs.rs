//! Content-addressed blobs: `blobs/sha256/ab/<hash>`, written to a temp file, fsynced, renamed.
//! A blob is never rewritten; its hash is its dedupe key.

use std::fmt;
use std::io::Write;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::StoreError;

/// A blob's SHA-256, lowercase hex.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BlobHash(String);

impl BlobHash {
    pub fn of(bytes: &[u8]) -> Self {
        Self(hex::encode(Sha256::digest(bytes)))
    }
    pub fn parse(value: &str) -> Option<Self> {
        (value.len() == 64
            && value
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
        .then(|| Self(value.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BlobHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone)]
pub(super) struct Blobs {
    root: PathBuf,
}

impl Blobs {
    pub(super) fn new(root: PathBuf) -> Self {
        Self { root }
    }

    fn path(&self, hash: &BlobHash) -> PathBuf {
        self.root.join("sha256").join(&hash.0[..2]).join(&hash.0)
    }

    pub(super) fn put(&self, bytes: &[u8]) -> Result<BlobHash, StoreError> {
        let hash = BlobHash::of(bytes);
        let path = self.path(&hash);
        if path.exists() {
            return Ok(hash);
        }
        let dir = path.parent().expect("blob paths have a parent");
        std::fs::create_dir_all(dir)?;
        let mut temp = tempfile::NamedTempFile::new_in(dir)?;
        temp.write_all(bytes)?;
        temp.as_file().sync_all()?;
        temp.persist(&path)
            .map_err(|error| StoreError::Io(error.error))?;
        std::fs::File::open(dir)?.sync_all()?;
        Ok(hash)
    }

    pub(super) fn get(&self, hash: &BlobHash) -> Result<Vec<u8>, StoreError> {
        match std::fs::read(self.path(hash)) {
            Ok(bytes) => Ok(bytes),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                Err(StoreError::BlobMissing(hash.to_string()))
            }
            Err(error) => Err(error.into()),
        }
    }
}
