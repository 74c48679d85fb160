//! Connecting to the daemon: socket lookup, the tarpc client, the `hello` version check.
//! Shared by the console and the CLI (and the end-to-end tests).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use centralita_protocol::{API_VERSION, CentralitaClient, ErrorKind, Hello, RpcError};
use tarpc::tokio_serde::formats::Json;
use tarpc::tokio_util::codec::LengthDelimitedCodec;
use tarpc::{client, context};
use tokio::net::UnixStream;

use crate::text;

/// Environment variable that names the socket when `--socket` is not given.
pub const SOCKET_ENV: &str = centralita_config::SOCKET_ENV;

/// Why the client could not talk to the daemon. Each message names the fix.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// EACCES on the socket: the user is not in its group.
    #[error("{}", text::not_in_group(&path.display().to_string(), user))]
    NotInGroup { path: PathBuf, user: String },
    /// No socket there, or nobody listening on it.
    #[error("{}", text::not_running(&path.display().to_string()))]
    NotRunning {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", text::cannot_reach(&path.display(), source))]
    Unreachable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", crate::text::rpc_error(.0))]
    Rpc(RpcError),
    #[error("{}", crate::text::connection_lost(.0))]
    Transport(#[from] tarpc::client::RpcError),
}

impl ConnectError {
    /// The error kind the CLI maps to an exit code.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Rpc(error) => error.kind,
            Self::NotInGroup { .. } => ErrorKind::PermissionDenied,
            Self::NotRunning { .. } | Self::Unreachable { .. } | Self::Transport(_) => {
                ErrorKind::Unavailable
            }
        }
    }

    /// The error for a failed `connect` to `path`, by what the kernel said.
    pub fn from_io(path: &Path, source: std::io::Error) -> Self {
        let path = path.to_path_buf();
        match source.kind() {
            std::io::ErrorKind::PermissionDenied => Self::NotInGroup {
                path,
                user: current_user(),
            },
            std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused => {
                Self::NotRunning { path, source }
            }
            _ => Self::Unreachable { path, source },
        }
    }
}

/// This process's Unix user name (its uid when it has none).
fn current_user() -> String {
    let uid = nix::unistd::getuid();
    nix::unistd::User::from_uid(uid)
        .ok()
        .flatten()
        .map_or_else(|| uid.to_string(), |user| user.name)
}

/// A connected, version-checked client.
#[derive(Clone)]
pub struct Client {
    pub rpc: CentralitaClient,
    pub hello: Hello,
    pub socket: PathBuf,
}

impl Client {
    /// Connects to `socket`, calls `hello` and checks the API version.
    pub async fn connect(socket: &Path) -> Result<Self, ConnectError> {
        let stream = UnixStream::connect(socket)
            .await
            .map_err(|source| ConnectError::from_io(socket, source))?;
        let framed = LengthDelimitedCodec::builder()
            .max_frame_length(64 * 1024 * 1024)
            .new_framed(stream);
        let transport = tarpc::serde_transport::new(framed, Json::default());
        let rpc = CentralitaClient::new(client::Config::default(), transport).spawn();
        let hello = rpc
            .hello(context::current(), API_VERSION)
            .await?
            .map_err(ConnectError::Rpc)?;
        Ok(Self {
            rpc,
            hello,
            socket: socket.to_path_buf(),
        })
    }

    /// Connects, retrying until `timeout` passes: for callers that just started the daemon.
    pub async fn connect_with_retry(
        socket: &Path,
        timeout: Duration,
    ) -> Result<Self, ConnectError> {
        let deadline = Instant::now() + timeout;
        loop {
            match Self::connect(socket).await {
                Err(ConnectError::NotRunning { .. } | ConnectError::Unreachable { .. })
                    if Instant::now() < deadline =>
                {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                other => return other,
            }
        }
    }
}

/// A context whose deadline outlasts a `watch` long-poll.
pub fn watch_context() -> context::Context {
    let mut ctx = context::current();
    ctx.deadline = Instant::now() + centralita_protocol::WATCH_HOLD + Duration::from_secs(10);
    ctx
}

/// The socket to use: `explicit` (from `--socket`), else `$CENTRALITA_SOCKET`, else the socket
/// of `named_config` (a config the user named), else the system socket when
/// `/run/centralita` exists, else the per-user default of `user_config` (see
/// [`centralita_config::client_socket_path`]; the daemon's `/etc/centralita` is never read).
pub fn socket_path(
    explicit: Option<&Path>,
    named_config: Option<&centralita_config::Config>,
    user_config: &centralita_config::Config,
) -> PathBuf {
    centralita_config::client_socket_path(explicit, named_config, user_config)
}

#[cfg(test)]
mod tests {
    use std::io;

    use super::*;

    fn error(kind: io::ErrorKind) -> ConnectError {
        ConnectError::from_io(Path::new("/run/centralita/console.sock"), kind.into())
    }

    #[test]
    fn each_connect_failure_names_its_fix() {
        let denied = error(io::ErrorKind::PermissionDenied);
        assert!(matches!(denied, ConnectError::NotInGroup { .. }));
        assert_eq!(denied.kind(), ErrorKind::PermissionDenied);
        let text = denied.to_string();
        assert!(text.contains("you are not in group centralita"), "{text}");
        assert!(text.contains("/run/centralita/console.sock"), "{text}");
        assert!(text.contains("usermod -aG centralita "), "{text}");
        for kind in [io::ErrorKind::NotFound, io::ErrorKind::ConnectionRefused] {
            let missing = error(kind);
            assert!(matches!(missing, ConnectError::NotRunning { .. }));
            assert_eq!(missing.kind(), ErrorKind::Unavailable);
            let text = missing.to_string();
            assert!(
                text.starts_with("centralitad is not running at /run/centralita/console.sock"),
                "{text}"
            );
            assert!(text.contains("systemctl status centralitad"), "{text}");
        }
        let other = error(io::ErrorKind::InvalidInput);
        assert!(matches!(other, ConnectError::Unreachable { .. }));
        assert!(other.to_string().contains("--socket"));
    }

    #[tokio::test]
    async fn a_missing_socket_says_the_daemon_is_not_running() {
        let dir = tempfile::tempdir().expect("temp dir");
        let socket = dir.path().join("console.sock");
        let Err(error) = Client::connect(&socket).await else {
            panic!("nothing listens there");
        };
        assert!(matches!(error, ConnectError::NotRunning { .. }), "{error}");
    }

    /// A real EACCES: a socket of mode 0000. Root passes every permission check, so this only
    /// runs as another user.
    #[tokio::test]
    async fn a_socket_we_may_not_use_says_which_group_to_join() {
        use std::os::unix::fs::PermissionsExt;
        if nix::unistd::getuid().is_root() {
            eprintln!("skipped: root passes the socket's permission check");
            return;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let socket = dir.path().join("console.sock");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind");
        std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        let Err(error) = Client::connect(&socket).await else {
            panic!("the socket is closed to us");
        };
        assert!(matches!(error, ConnectError::NotInGroup { .. }), "{error}");
    }
}
