//! An invoice's document going in and out: `invoices add` uploads files with a progress
//! line, `invoices download` saves the original. `upload` also sends the file of
//! `conversations send --file` and the notice of `glosas add`; `write_output` also saves the
//! answer of `glosas export`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use centralita_protocol::CentralitaClient as Rpc;
use centralita_protocol::{InvoiceId, TenantId, UploadId};
use tarpc::context;

use crate::cli::{Failure, answer, output};
use crate::client::ConnectError;
use crate::upload::TransferError;

/// Uploads each file in chunks with a progress line on a terminal. A refused file is reported
/// and the others still go; the command fails if any did.
pub(super) async fn add(
    rpc: &Rpc,
    tenant: &TenantId,
    files: &[PathBuf],
    json: bool,
) -> anyhow::Result<()> {
    let mut outcomes = Vec::new();
    let mut last_error = None;
    for path in files {
        let outcome = match upload(rpc, tenant, path).await {
            Ok(upload) => answer(rpc.invoices_upload_finish(context::current(), upload).await),
            Err(error) => Err(error),
        };
        match outcome {
            Ok(outcome) => {
                if !json {
                    let invoice = &outcome.invoice;
                    if outcome.duplicate {
                        println!(
                            "{}",
                            crate::text::invoice_duplicate(
                                path.display(),
                                invoice.id,
                                invoice.state
                            )
                        );
                    } else {
                        println!(
                            "{}",
                            crate::text::invoice_created(path.display(), invoice.id, invoice.kind)
                        );
                    }
                }
                outcomes.push(outcome);
            }
            Err(error) => {
                eprintln!("error: {}: {error:#}", path.display());
                last_error = Some(error);
            }
        }
    }
    if json {
        output::print_json(&outcomes)?;
    }
    match last_error {
        Some(error) if files.len() == 1 => Err(error),
        Some(error) => Err(error.context(crate::text::SOME_FILES_NOT_ADDED.get())),
        None => Ok(()),
    }
}

/// Uploads `path` in chunks with a progress line on a terminal (for files of more than one
/// chunk); the upload's id, for the call that uses it up.
pub(in crate::cli) async fn upload(
    rpc: &Rpc,
    tenant: &TenantId,
    path: &Path,
) -> anyhow::Result<UploadId> {
    let terminal = std::io::stderr().is_terminal();
    let mut shown = false;
    let uploaded = crate::upload::upload(rpc, tenant, path, |name, sent, total| {
        // One chunk that is all of it needs no progress line.
        if terminal && (shown || sent < total) {
            shown = true;
            let percent = sent * 100 / total.max(1);
            eprint!(
                "\r{}",
                crate::text::upload_progress(name, percent, sent, total)
            );
            let _ = std::io::stderr().flush();
        }
    })
    .await;
    if shown {
        eprintln!();
    }
    uploaded
        .map(|uploaded| uploaded.upload)
        .map_err(transfer_failure)
}

/// A file that did not get through, with the exit code of its cause (refused, unreachable).
fn transfer_failure(error: TransferError) -> anyhow::Error {
    match error {
        TransferError::Rpc(error) => Failure::Rpc(error).into(),
        TransferError::Transport(error) => Failure::Connect(ConnectError::Transport(error)).into(),
        error @ (TransferError::Read { .. } | TransferError::BadChunk) => error.into(),
    }
}

pub(super) async fn download(
    rpc: &Rpc,
    tenant: TenantId,
    id: InvoiceId,
    output: Option<PathBuf>,
    force: bool,
) -> anyhow::Result<()> {
    let crate::upload::Original { name, bytes } =
        crate::upload::download_original(rpc, &tenant, id)
            .await
            .map_err(transfer_failure)?;
    let path = output.unwrap_or_else(|| PathBuf::from(&name));
    if write_output(&path, &bytes, force)? {
        eprintln!(
            "{}",
            crate::text::original_written(id, bytes.len(), path.display())
        );
    }
    Ok(())
}

/// Writes `bytes` to `path`, or to stdout when it is `-`; an existing file only with `force`.
/// True when a file was written (false: stdout).
pub(in crate::cli) fn write_output(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<bool> {
    if path == Path::new("-") {
        std::io::stdout().write_all(bytes)?;
        return Ok(false);
    }
    if path.exists() && !force {
        anyhow::bail!("{}", crate::text::file_exists(path.display()));
    }
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?;
    Ok(true)
}
