//! Tokens at rest: sealed with XChaCha20-Poly1305 under the installation's token key, with the
//! connection's tenant, provider and account as associated data, so a sealed token copied to
//! another row does not open. The key is 32 random bytes (base64), from a systemd credential
//! or a file; without one configured, a key file is made in the data dir (0600) on first start.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use centralita_config::{Secret, SecretRef};
use chacha20poly1305::aead::Aead;
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};

/// File name of the key made in the data dir when the config names none.
pub const KEY_FILE: &str = "token.key";

/// Why the token key cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("connections.token_key: {0}")]
    Secret(#[from] centralita_config::SecretError),
    #[error(
        "connections.token_key: the key must be 32 random bytes in base64 (make one with `head -c 32 /dev/urandom | base64`)"
    )]
    Malformed,
    #[error("making the token key {path}: {source}")]
    Create {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// The key tokens are sealed with. `Debug` prints nothing of it.
pub struct TokenKey {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey([redacted])")
    }
}

/// Sealed bytes: the nonce and the ciphertext with its tag.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    #[serde(with = "crate::store::bin")]
    nonce: Vec<u8>,
    #[serde(with = "crate::store::bin")]
    data: Vec<u8>,
}

impl std::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sealed({} bytes)", self.data.len())
    }
}

impl TokenKey {
    /// The key `reference` names, or the one in `data_dir` (made on first use).
    pub fn load(reference: Option<&SecretRef>, data_dir: &Path) -> Result<Self, KeyError> {
        let encoded = match reference {
            Some(reference) => reference.resolve()?,
            None => Self::key_file(&data_dir.join(KEY_FILE))?,
        };
        Self::from_base64(&encoded)
    }

    /// A key from its base64 text.
    pub fn from_base64(encoded: &Secret) -> Result<Self, KeyError> {
        let bytes: [u8; 32] = BASE64
            .decode(encoded.expose().trim())
            .map_err(|_| KeyError::Malformed)?
            .try_into()
            .map_err(|_| KeyError::Malformed)?;
        let cipher = XChaCha20Poly1305::new(&bytes.into());
        Ok(Self { cipher })
    }

    /// Seals `plain` for the row `context` names (tenant, provider, account…).
    pub fn seal(&self, context: &str, plain: &[u8]) -> Sealed {
        let nonce: [u8; 24] = rand::random();
        let data = self
            .cipher
            .encrypt(
                &XNonce::from(nonce),
                chacha20poly1305::aead::Payload {
                    msg: plain,
                    aad: context.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 seals any message a token fits in");
        Sealed {
            nonce: nonce.to_vec(),
            data,
        }
    }

    /// Opens what [`TokenKey::seal`] sealed for the same `context`; `None` when the key or the
    /// context differ, or the bytes were changed.
    pub fn open(&self, context: &str, sealed: &Sealed) -> Option<Vec<u8>> {
        let nonce: [u8; 24] = sealed.nonce.as_slice().try_into().ok()?;
        self.cipher
            .decrypt(
                &XNonce::from(nonce),
                chacha20poly1305::aead::Payload {
                    msg: &sealed.data,
                    aad: context.as_bytes(),
                },
            )
            .ok()
    }

    /// Reads the key file at `path`, or makes it (32 random bytes, mode 0600).
    fn key_file(path: &Path) -> Result<Secret, KeyError> {
        if let Ok(text) = std::fs::read_to_string(path) {
            return Ok(Secret::new(text.trim()));
        }
        let create = |source| KeyError::Create {
            path: path.to_path_buf(),
            source,
        };
        let key: [u8; 32] = rand::random();
        let encoded = BASE64.encode(key);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(create)?;
        writeln!(file, "{encoded}").map_err(create)?;
        file.sync_all().map_err(create)?;
        tracing::warn!(
            path = %path.display(),
            "made a token key next to the database; set connections.token_key to a systemd credential in production"
        );
        Ok(Secret::new(encoded))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> TokenKey {
        TokenKey::from_base64(&Secret::new(BASE64.encode([7_u8; 32]))).expect("valid key")
    }

    #[test]
    fn a_sealed_token_opens_only_for_its_own_row_and_key() {
        let key = key();
        let sealed = key.seal("acme/google/ana@example.com", b"ya29.token");
        assert_eq!(
            key.open("acme/google/ana@example.com", &sealed).as_deref(),
            Some(&b"ya29.token"[..])
        );
        assert_eq!(key.open("other/google/ana@example.com", &sealed), None);
        let other = TokenKey::from_base64(&Secret::new(BASE64.encode([8_u8; 32]))).expect("key");
        assert_eq!(other.open("acme/google/ana@example.com", &sealed), None);
        let mut changed = sealed.clone();
        changed.data[0] ^= 1;
        assert_eq!(key.open("acme/google/ana@example.com", &changed), None);
        assert!(!format!("{sealed:?}").contains("ya29"));
    }

    #[test]
    fn a_key_must_be_32_bytes_of_base64() {
        assert!(TokenKey::from_base64(&Secret::new("short")).is_err());
        assert!(TokenKey::from_base64(&Secret::new(BASE64.encode([1_u8; 16]))).is_err());
    }

    #[test]
    fn the_default_key_file_is_made_once_and_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let first = TokenKey::load(None, dir.path()).expect("made");
        let sealed = first.seal("x", b"secret");
        let again = TokenKey::load(None, dir.path()).expect("read");
        assert_eq!(again.open("x", &sealed).as_deref(), Some(&b"secret"[..]));
        let mode = std::fs::metadata(dir.path().join(KEY_FILE))
            .expect("file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
