//! Centralita's configuration: the TOML schema with its defaults, where the file is looked up,
//! secret references, and validation with errors that name file, key and line.
//!
//! Plain data plus loading. Both binaries use it: `centralitad` to run, `centralita` to find the
//! socket. This crate depends on nothing of ours.

mod load;
mod paths;
mod schema;
mod secret;
mod secrets;
mod validate;

pub use load::{
    CONFIG_ENV, ConfigError, Loaded, Problem, candidates, load, load_user, load_with, parse,
};
pub use paths::{
    SOCKET_ENV, SYSTEM_SOCKET, client_socket_path, client_socket_path_with, data_dir,
    data_dir_with, default_socket_path, socket_path_with,
};
pub use schema::*;
pub use secret::{Secret, SecretError, SecretRef};
pub use secrets::{SecretChecks, check_secrets, secret_refs};

#[cfg(test)]
mod tests;
