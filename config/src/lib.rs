//! Centralita's configuration: the TOML schema with its defaults, where the file is looked up,
//! secret references, and validation with errors that name file, key and line.
//!
//! Plain data plus loading. Both binaries use it: `centralitad` to run, `centralita` to find the
//! socket. This crate depends on nothing of ours.

mod schema;
mod secret;

pub use schema::*;
pub use secret::{Secret, SecretRef};

/// Where the daemon's socket is when the config does not say: `$RUNTIME_DIRECTORY/console.sock`
/// (systemd), else `$XDG_RUNTIME_DIR/centralita/console.sock`, else `console.sock` in the data dir.
pub fn default_socket_path(config: &Config) -> std::path::PathBuf {
    // Placeholder body replaced by the full path resolution in paths.rs.
    config
        .daemon
        .socket
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("console.sock"))
}
