//! The console socket: tarpc over a Unix socket (length-delimited JSON frames), one service per
//! connection carrying the peer's credentials. `service.rs` implements the protocol trait as a
//! thin adapter over the areas; `auth.rs` resolves each call's caller against the policy table;
//! `error.rs` turns the areas' errors into `RpcError`. Nothing here calls a provider.

mod auth;
mod error;
mod service;
mod watch;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

use centralita_protocol::Centralita;
use futures::StreamExt;
use tarpc::server::{BaseChannel, Channel};
use tarpc::tokio_serde::formats::Json;
use tarpc::tokio_util::codec::LengthDelimitedCodec;
use tokio::net::UnixListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use auth::{Authority, Peer};
pub use service::{Connection, Shared};

/// Largest frame accepted from a client.
const MAX_FRAME: usize = 16 * 1024 * 1024;

/// Binds the console socket at `path`: the parent folder is created 0750 if missing, a stale
/// socket file is replaced, and the socket gets mode 0660 (and `group`, if given).
pub fn bind(path: &Path, group: Option<&str>) -> std::io::Result<UnixListener> {
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
        && !parent.exists()
    {
        std::fs::create_dir_all(parent)?;
        std::fs::set_permissions(parent, std::fs::Permissions::from_mode(0o750))?;
    }
    match std::os::unix::net::UnixStream::connect(path) {
        Ok(_) => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AddrInUse,
                format!(
                    "another centralitad is already listening on {}",
                    path.display()
                ),
            ));
        }
        Err(_) if path.exists() => std::fs::remove_file(path)?,
        Err(_) => {}
    }
    let listener = UnixListener::bind(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))?;
    if let Some(group) = group {
        let gid = nix::unistd::Group::from_name(group)
            .map_err(std::io::Error::other)?
            .ok_or_else(|| std::io::Error::other(format!("socket group {group:?} does not exist")))?
            .gid;
        nix::unistd::chown(path, None, Some(gid)).map_err(std::io::Error::other)?;
    }
    Ok(listener)
}

/// Accepts connections until `shutdown`; each connection is served on its own task.
pub async fn serve(
    listener: UnixListener,
    shared: Arc<Shared>,
    tracker: TaskTracker,
    shutdown: CancellationToken,
) {
    let mut failures = crate::accept::AcceptFailures::new("console");
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    if failures.failed(&error, &shutdown).await {
                        return;
                    }
                    continue;
                }
            },
            () = shutdown.cancelled() => return,
        };
        let peer = match stream.peer_cred() {
            Ok(credentials) => Peer::from_uid(credentials.uid()),
            Err(error) => {
                tracing::warn!(%error, "could not read the peer's credentials; connection refused");
                continue;
            }
        };
        let framed = LengthDelimitedCodec::builder()
            .max_frame_length(MAX_FRAME)
            .new_framed(stream);
        let transport = tarpc::serde_transport::new(framed, Json::default());
        let connection = Connection {
            shared: Arc::clone(&shared),
            peer,
        };
        let stop = shutdown.clone();
        tracker.spawn(async move {
            let requests = BaseChannel::with_defaults(transport)
                .execute(connection.serve())
                .for_each(|request| async {
                    tokio::spawn(request);
                });
            tokio::select! {
                () = requests => {}
                () = stop.cancelled() => {}
            }
        });
    }
}

#[cfg(test)]
mod tests;
