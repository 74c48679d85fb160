//! Chunked uploads over RPC: start (name and size, checked against the limit before any byte
//! moves), chunks in order, finish (size checked). A finished upload becomes an invoice
//! (`invoices`) or a file sent on a conversation (`inbox`). Uploads live in memory, belong to
//! the Unix user that started them, and are dropped after ten idle minutes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use centralita_protocol::{TenantId, UploadId, UploadTicket};

use crate::actor::{Actor, Caller};
use crate::error::{AreaError, said};
use centralita_protocol::said as key;

/// Largest chunk, before base64.
pub const CHUNK_BYTES: u32 = 1024 * 1024;
/// Uploads in progress at once, across every operator.
const MAX_OPEN: usize = 64;
/// Uploads one operator may have in progress: one operator cannot hold every slot.
const MAX_PER_OPERATOR: usize = 4;
/// Uploads one tenant may have in progress.
const MAX_PER_TENANT: usize = 8;
/// An upload nobody touched for this long is dropped.
const IDLE: Duration = Duration::from_mins(10);

/// One upload in progress.
struct Upload {
    tenant: TenantId,
    user: String,
    file_name: String,
    size: u64,
    bytes: Vec<u8>,
    touched: Instant,
}

/// A finished upload, ready for intake.
pub struct Finished {
    pub tenant: TenantId,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The uploads in progress.
pub struct Uploads {
    max_bytes: u64,
    open: Mutex<(u64, HashMap<UploadId, Upload>)>,
}

impl Uploads {
    pub fn new(max_bytes: u64) -> Self {
        Self {
            max_bytes,
            open: Mutex::new((0, HashMap::new())),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (u64, HashMap<UploadId, Upload>)> {
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Opens an upload of `size` bytes in the actor's tenant.
    pub fn start(
        &self,
        actor: &Actor,
        file_name: String,
        size: u64,
    ) -> Result<UploadTicket, AreaError> {
        let (tenant, user) = (actor.tenant.clone(), actor.user());
        if size > self.max_bytes {
            return Err(said!(
                key::INVOICE_FILE_TOO_LARGE,
                "{0} is {1} bytes; the limit is {2} bytes (invoices.max_upload_mib)",
                file_name,
                size,
                self.max_bytes
            )
            .invalid());
        }
        let mut guard = self.lock();
        let (next, open) = &mut *guard;
        open.retain(|_, upload| upload.touched.elapsed() < IDLE);
        let mine = open.values().filter(|upload| upload.user == user).count();
        if mine >= MAX_PER_OPERATOR {
            return Err(said!(
                key::UPLOADS_PER_OPERATOR,
                "you have {0} uploads in progress, the most one operator may have: finish them or wait 10 minutes for them to lapse",
                mine
            )
            .unavailable());
        }
        let tenant_open = open
            .values()
            .filter(|upload| upload.tenant == tenant)
            .count();
        if tenant_open >= MAX_PER_TENANT {
            return Err(said!(
                key::UPLOADS_PER_TENANT,
                "tenant {0} has {1} uploads in progress, the most a tenant may have; try again in a moment",
                tenant,
                tenant_open
            )
            .unavailable());
        }
        if open.len() >= MAX_OPEN {
            return Err(said!(
                key::UPLOADS_BUSY,
                "{0} uploads are already in progress; try again in a moment",
                MAX_OPEN
            )
            .unavailable());
        }
        *next += 1;
        open.insert(
            UploadId(*next),
            Upload {
                tenant,
                user: user.to_owned(),
                file_name,
                size,
                // Grown as chunks arrive: an announced size costs nothing until it is sent.
                bytes: Vec::new(),
                touched: Instant::now(),
            },
        );
        Ok(UploadTicket {
            upload: UploadId(*next),
            chunk_size: CHUNK_BYTES,
        })
    }

    /// Appends a chunk (base64) at `offset`; returns the bytes received so far. Only the
    /// caller who started the upload.
    pub fn chunk(
        &self,
        caller: &Caller,
        upload: UploadId,
        offset: u64,
        data_base64: &str,
    ) -> Result<u64, AreaError> {
        let data = BASE64.decode(data_base64).map_err(|error| {
            said!(
                key::CHUNK_NOT_BASE64,
                "upload {0}: chunk at offset {1} is not valid base64: {2}",
                upload,
                offset,
                error
            )
            .invalid()
        })?;
        let (user, data) = (caller.user.as_str(), data.as_slice());
        let mut guard = self.lock();
        let entry = guard
            .1
            .get_mut(&upload)
            .filter(|entry| entry.user == user)
            .ok_or_else(|| unknown(upload))?;
        if data.len() > CHUNK_BYTES as usize {
            return Err(said!(
                key::CHUNK_TOO_LARGE,
                "a chunk may carry at most {0} bytes, this one has {1}",
                CHUNK_BYTES,
                data.len()
            )
            .invalid());
        }
        let received = entry.bytes.len() as u64;
        if offset != received {
            return Err(said!(
                key::CHUNK_OFFSET,
                "upload {0}: chunk at offset {1}, but {2} bytes were received so far",
                upload,
                offset,
                received
            )
            .invalid());
        }
        if received + data.len() as u64 > entry.size {
            return Err(said!(
                key::UPLOAD_OVERRUN,
                "upload {0}: more bytes than the {1} announced",
                upload,
                entry.size
            )
            .invalid());
        }
        entry.bytes.extend_from_slice(data);
        entry.touched = Instant::now();
        Ok(entry.bytes.len() as u64)
    }

    /// Closes an upload; every announced byte must have arrived. Only the actor who started
    /// it, in its tenant.
    pub fn finish(&self, actor: &Actor, upload: UploadId) -> Result<Finished, AreaError> {
        let user = actor.user();
        let mut guard = self.lock();
        let open = &mut guard.1;
        if open
            .get(&upload)
            .is_none_or(|entry| entry.user != user || entry.tenant != actor.tenant)
        {
            return Err(unknown(upload));
        }
        let entry = open.remove(&upload).expect("checked above");
        if entry.bytes.len() as u64 != entry.size {
            return Err(said!(
                key::UPLOAD_SHORT,
                "upload {0}: {1} of {2} bytes received; the upload is cancelled, send it again",
                upload,
                entry.bytes.len(),
                entry.size
            )
            .invalid());
        }
        Ok(Finished {
            tenant: entry.tenant,
            file_name: entry.file_name,
            bytes: entry.bytes,
        })
    }

    /// The tenant an upload of the caller's belongs to, for the permission check.
    pub fn tenant_of(&self, caller: &Caller, upload: UploadId) -> Result<TenantId, AreaError> {
        let user = caller.user.as_str();
        self.lock()
            .1
            .get(&upload)
            .filter(|entry| entry.user == user)
            .map(|entry| entry.tenant.clone())
            .ok_or_else(|| unknown(upload))
    }
}

fn unknown(upload: UploadId) -> AreaError {
    said!(
        key::UPLOAD_UNKNOWN,
        "upload {0} not found (finished, idle for 10 minutes, or someone else's)",
        upload
    )
    .not_found()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Caller;

    fn actor(user: &str, tenant: &str) -> Actor {
        Actor {
            caller: Caller {
                user: user.to_owned(),
                superuser: false,
                action: "invoices_upload_start",
            },
            tenant: crate::testing::tenant(tenant),
            role: centralita_protocol::Role::Agent,
        }
    }

    #[test]
    fn one_operator_or_one_tenant_cannot_take_every_upload_slot() {
        let uploads = Uploads::new(25 << 20);
        let mallory = actor("mallory", "acme");
        for n in 0..MAX_PER_OPERATOR {
            uploads
                .start(&mallory, format!("big-{n}.pdf"), 25 << 20)
                .expect("within the operator's share");
        }
        let refused = uploads
            .start(&mallory, "one-more.pdf".into(), 1)
            .expect_err("over the operator's share");
        assert!(
            refused.to_string().contains("most one operator may have"),
            "{refused}"
        );
        // Someone else in the tenant still can, up to the tenant's share.
        let ana = actor("ana", "acme");
        for n in 0..(MAX_PER_TENANT - MAX_PER_OPERATOR) {
            uploads
                .start(&ana, format!("f-{n}.pdf"), 10)
                .expect("tenant share");
        }
        let full = uploads
            .start(&actor("luis", "acme"), "x.pdf".into(), 1)
            .expect_err("the tenant's share is used");
        assert!(
            full.to_string().contains("most a tenant may have"),
            "{full}"
        );
        // Another tenant is not blocked.
        uploads
            .start(&actor("rosa", "beta"), "ok.pdf".into(), 1)
            .expect("another tenant uploads");
    }
}
