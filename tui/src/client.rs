//! Connecting to the daemon: socket lookup, the tarpc client, the `hello` version check.
//! Shared by the console and the CLI (and the end-to-end tests).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use centralita_protocol::{API_VERSION, CentralitaClient, ErrorKind, Hello, RpcError};
use tarpc::tokio_serde::formats::Json;
use tarpc::tokio_util::codec::LengthDelimitedCodec;
use tarpc::{client, context};
use tokio::net::UnixStream;

/// Environment variable that names the socket when `--socket` is not given.
pub const SOCKET_ENV: &str = "CENTRALITA_SOCKET";

/// Why the client could not talk to the daemon.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("{}", crate::text::cannot_reach(&path.display(), source))]
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
            Self::Unreachable { .. } | Self::Transport(_) => ErrorKind::Unavailable,
        }
    }
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
        let stream =
            UnixStream::connect(socket)
                .await
                .map_err(|source| ConnectError::Unreachable {
                    path: socket.to_path_buf(),
                    source,
                })?;
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
                Err(ConnectError::Unreachable { .. }) if Instant::now() < deadline => {
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

/// The socket to use: `explicit` (from `--socket`), else `$CENTRALITA_SOCKET`, else the
/// configured or default daemon socket.
pub fn socket_path(explicit: Option<&Path>, config: &centralita_config::Config) -> PathBuf {
    if let Some(path) = explicit {
        return path.to_path_buf();
    }
    if let Some(path) = std::env::var_os(SOCKET_ENV) {
        return PathBuf::from(path);
    }
    centralita_config::default_socket_path(config)
}
