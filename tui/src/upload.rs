//! Files between this machine and the daemon, in base64 chunks. Up: `invoices_upload_start`,
//! then `invoices_upload_chunk` until every byte is there; what the upload becomes is the
//! caller's next call: `invoices_upload_finish` makes it an invoice (`invoices add`),
//! `conversations_send_file` sends it on a conversation (`conversations send --file`, the
//! console's Ctrl-A). Down: an invoice's original (`invoices download`, the console's `s`).

use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use centralita_protocol::{CentralitaClient, InvoiceId, RpcError, TenantId, UploadId};
use tarpc::context;

/// A finished upload, ready for its last call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uploaded {
    /// The id the last call takes.
    pub upload: UploadId,
    /// The file's name, as the daemon got it.
    pub name: String,
    pub size: u64,
}

/// Why a file did not get through, up or down.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("reading {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The daemon refused (too big, no role in the tenant…).
    #[error("{}", crate::text::rpc_error(.0))]
    Rpc(RpcError),
    #[error("{}", crate::text::connection_lost(.0))]
    Transport(#[from] tarpc::client::RpcError),
    /// A chunk the daemon sent is no base64, or empty before the end.
    #[error("{}", crate::text::BAD_CHUNK)]
    BadChunk,
}

impl From<RpcError> for TransferError {
    fn from(error: RpcError) -> Self {
        Self::Rpc(error)
    }
}

/// The name a file is uploaded under: its last path component.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || "document".to_owned(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Uploads the file at `path` for `tenant`. `progress` hears `(name, bytes sent, total)` after
/// every chunk.
pub async fn upload(
    rpc: &CentralitaClient,
    tenant: &TenantId,
    path: &Path,
    mut progress: impl FnMut(&str, u64, u64),
) -> Result<Uploaded, TransferError> {
    let unreadable = |source| TransferError::Read {
        path: path.to_path_buf(),
        source,
    };
    // The size first: the daemon refuses a file that is too big before it is read here.
    let metadata = tokio::fs::metadata(path).await.map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(unreadable(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a file",
        )));
    }
    let name = file_name(path);
    let ticket = rpc
        .invoices_upload_start(
            context::current(),
            tenant.clone(),
            name.clone(),
            metadata.len(),
        )
        .await??;
    let bytes = tokio::fs::read(path).await.map_err(unreadable)?;
    let size = bytes.len() as u64;
    let mut offset = 0u64;
    for chunk in bytes.chunks(ticket.chunk_size.max(1) as usize) {
        offset = rpc
            .invoices_upload_chunk(
                context::current(),
                ticket.upload,
                offset,
                BASE64.encode(chunk),
            )
            .await??;
        progress(&name, offset, size);
    }
    Ok(Uploaded {
        upload: ticket.upload,
        name,
        size,
    })
}

/// An invoice's original, as it was received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// How much of an original one `invoices_download` call asks for.
const DOWNLOAD_CHUNK: u32 = 1 << 20;

/// Downloads the original of invoice `id`, chunk by chunk.
pub async fn download_original(
    rpc: &CentralitaClient,
    tenant: &TenantId,
    id: InvoiceId,
) -> Result<Original, TransferError> {
    let mut bytes = Vec::new();
    loop {
        let offset = bytes.len() as u64;
        let chunk = rpc
            .invoices_download(
                context::current(),
                tenant.clone(),
                id,
                offset,
                DOWNLOAD_CHUNK,
            )
            .await??;
        let data = BASE64
            .decode(&chunk.data_base64)
            .map_err(|_| TransferError::BadChunk)?;
        // An empty chunk before the end would ask for the same bytes forever.
        if data.is_empty() && offset < chunk.total {
            return Err(TransferError::BadChunk);
        }
        bytes.extend(data);
        if bytes.len() as u64 >= chunk.total {
            return Ok(Original {
                name: chunk.file_name,
                bytes,
            });
        }
    }
}

/// A path as typed at a prompt: surrounding blanks and quotes go, and a leading `~` is the home
/// folder.
pub fn expand_home(typed: &str) -> PathBuf {
    let typed = typed.trim().trim_matches(|c| c == '"' || c == '\'');
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match (typed.strip_prefix('~'), home) {
        (Some(""), Some(home)) => home,
        (Some(rest), Some(home)) if rest.starts_with('/') => home.join(&rest[1..]),
        _ => PathBuf::from(typed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_tilde_is_the_home_folder() {
        let home = PathBuf::from(std::env::var_os("HOME").expect("tests run with a HOME"));
        assert_eq!(expand_home("~/fotos/a.jpg"), home.join("fotos/a.jpg"));
        assert_eq!(expand_home(" ~ "), home);
        assert_eq!(expand_home("'/tmp/b c.pdf'"), PathBuf::from("/tmp/b c.pdf"));
        assert_eq!(expand_home("~ana/x"), PathBuf::from("~ana/x"));
        assert_eq!(expand_home("rel/x.png"), PathBuf::from("rel/x.png"));
    }

    #[test]
    fn the_upload_name_is_the_last_component() {
        assert_eq!(
            file_name(Path::new("/tmp/cotización.pdf")),
            "cotización.pdf"
        );
        assert_eq!(file_name(Path::new("/")), "document");
    }
}
