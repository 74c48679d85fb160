//! Secrets: referenced in the file, resolved at load, never printed.

use std::fmt;

use serde::Deserialize;

/// Where a secret comes from: `{ env = "NAME" }`, `{ file = "/path" }`, or
/// `{ credential = "NAME" }`: a systemd credential (`LoadCredential=`,
/// `LoadCredentialEncrypted=`), read from `$CREDENTIALS_DIRECTORY/NAME`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum SecretRef {
    Env(String),
    File(std::path::PathBuf),
    Credential(String),
}

/// Why a secret reference could not be resolved. Names the variable or file, never a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("environment variable {0} is not set or empty")]
    MissingEnv(String),
    #[error("cannot read secret file {path}: {reason}")]
    File {
        path: std::path::PathBuf,
        reason: String,
    },
    #[error("secret file {0} is empty")]
    EmptyFile(std::path::PathBuf),
    #[error(
        "credential {0} is not available: CREDENTIALS_DIRECTORY is not set (systemd sets it for units with LoadCredential=)"
    )]
    NoCredentials(String),
}

impl SecretRef {
    /// Reads the secret from the process environment or the file.
    pub fn resolve(&self) -> Result<Secret, SecretError> {
        self.resolve_with(&|name: &str| std::env::var_os(name))
    }

    /// [`SecretRef::resolve`] with the environment passed in.
    pub fn resolve_with(
        &self,
        env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<Secret, SecretError> {
        match self {
            Self::Env(name) => env(name)
                .and_then(|value| value.into_string().ok())
                .filter(|value| !value.is_empty())
                .map(Secret)
                .ok_or_else(|| SecretError::MissingEnv(name.clone())),
            Self::Credential(name) => {
                let dir = env("CREDENTIALS_DIRECTORY")
                    .filter(|dir| !dir.is_empty())
                    .ok_or_else(|| SecretError::NoCredentials(name.clone()))?;
                Self::File(std::path::Path::new(&dir).join(name)).resolve_with(env)
            }
            Self::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|error| SecretError::File {
                    path: path.clone(),
                    reason: error.kind().to_string(),
                })?;
                let value = text.strip_suffix('\n').map_or(text.as_str(), |value| {
                    value.strip_suffix('\r').unwrap_or(value)
                });
                if value.is_empty() {
                    return Err(SecretError::EmptyFile(path.clone()));
                }
                Ok(Secret(value.to_owned()))
            }
        }
    }
}

/// A resolved secret value. `Debug` and `Display` print `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The value itself: use only where it is handed to a cipher or a provider.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}
