//! What operators do with invoices: list, review (show, edit, confirm, reject), retry a read,
//! download the original, export, count per state, and see or reload the issuer mappings.
//! Each change commits with its audit entry; the lifecycle rules are in `lifecycle.rs`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use centralita_protocol::said as key;
use centralita_protocol::{
    DownloadChunk, IntakeOutcome, InvoiceCounts, InvoiceDetail, InvoiceEdit, InvoiceFilter,
    InvoiceId, InvoicePage, InvoiceSummary, MappingReport, PageRequest,
};

use super::{Intake, InvoiceRecord, Invoices, lifecycle};
use crate::actor::{Actor, Caller};
use crate::audit;
use crate::error::{AreaError, said};
use crate::store::{BlobHash, WriteTxn};
use crate::uploads::Finished;

/// Most bytes one download call returns.
const DOWNLOAD_LIMIT: u32 = 1024 * 1024;

impl Invoices {
    /// A finished upload becomes an invoice (or is the one with the same bytes).
    pub async fn add_upload(
        &self,
        actor: &Actor,
        upload: Finished,
    ) -> Result<IntakeOutcome, AreaError> {
        Ok(self
            .intake(Intake {
                tenant: upload.tenant,
                file_name: upload.file_name,
                bytes: upload.bytes,
                origin: "upload".to_owned(),
                operator: actor.user().to_owned(),
            })
            .await?)
    }

    /// A page of invoices matching `filter`, newest first.
    pub async fn list(
        &self,
        actor: &Actor,
        filter: InvoiceFilter,
        page: PageRequest,
    ) -> Result<InvoicePage, AreaError> {
        let tenant = actor.tenant.clone();
        self.store()
            .read(move |txn| txn.list_invoices(&tenant, &filter, page))
            .await
    }

    /// One invoice with its fields, warnings, text and edit history.
    pub async fn show(&self, actor: &Actor, id: InvoiceId) -> Result<InvoiceDetail, AreaError> {
        let tenant = actor.tenant.clone();
        self.store()
            .read(move |txn| {
                let record = txn.invoice(&tenant, id)?;
                let text = txn.invoice_text(&tenant, id)?;
                Ok(record.detail(&tenant, id, text))
            })
            .await
    }

    /// Changes fields of a `waiting_validation` invoice's preview.
    pub async fn edit(
        &self,
        actor: &Actor,
        id: InvoiceId,
        edit: InvoiceEdit,
    ) -> Result<InvoiceDetail, AreaError> {
        let (tenant, operator) = (actor.tenant.clone(), actor.user().to_owned());
        let entry = actor.audit(format!("invoice {id}"), edit_detail(&edit));
        audit::audited(self.store(), entry, move |txn| {
            lifecycle::edit(txn, &tenant, id, &operator, &edit)
        })
        .await?;
        self.show(actor, id).await
    }

    /// `waiting_validation → processed`.
    pub async fn confirm(&self, actor: &Actor, id: InvoiceId) -> Result<InvoiceSummary, AreaError> {
        self.change(actor, id, String::new(), lifecycle::confirm)
            .await
    }

    /// `waiting_validation → rejected` with a reason.
    pub async fn reject(
        &self,
        actor: &Actor,
        id: InvoiceId,
        reason: String,
    ) -> Result<InvoiceSummary, AreaError> {
        let detail = reason.clone();
        self.change(actor, id, detail, move |txn, tenant, id| {
            lifecycle::reject(txn, tenant, id, &reason)
        })
        .await
    }

    /// `failed | rejected → processing`: reads the document again.
    pub async fn retry(&self, actor: &Actor, id: InvoiceId) -> Result<InvoiceSummary, AreaError> {
        let summary = self
            .change(actor, id, String::new(), lifecycle::retry)
            .await?;
        self.wake();
        Ok(summary)
    }

    /// Up to `limit` bytes of the original from `offset`.
    pub async fn download(
        &self,
        actor: &Actor,
        id: InvoiceId,
        offset: u64,
        limit: u32,
    ) -> Result<DownloadChunk, AreaError> {
        let tenant = actor.tenant.clone();
        let record = self
            .store()
            .read(move |txn| txn.invoice(&tenant, id))
            .await?;
        let hash = BlobHash::parse(&record.sha256).ok_or_else(|| {
            AreaError::conflict(format!("invoice {id}: its blob hash is malformed"))
        })?;
        let bytes = self.store().get_blob(hash).await?;
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        let end = start
            .saturating_add(limit.clamp(1, DOWNLOAD_LIMIT) as usize)
            .min(bytes.len());
        Ok(DownloadChunk {
            file_name: record.file_name,
            total: bytes.len() as u64,
            data_base64: BASE64.encode(&bytes[start..end]),
        })
    }

    /// Every invoice matching `filter`, oldest first, without text.
    pub async fn export(
        &self,
        actor: &Actor,
        filter: InvoiceFilter,
    ) -> Result<Vec<InvoiceDetail>, AreaError> {
        let tenant = actor.tenant.clone();
        self.store()
            .read(move |txn| {
                Ok(txn
                    .invoices_matching(&tenant, &filter)?
                    .into_iter()
                    .map(|(id, record)| record.detail(&tenant, id, String::new()))
                    .collect())
            })
            .await
    }

    /// Invoice counts per state.
    pub async fn summary(&self, actor: &Actor) -> Result<InvoiceCounts, AreaError> {
        let tenant = actor.tenant.clone();
        self.store()
            .read(move |txn| txn.invoice_counts(&tenant))
            .await
    }

    /// The mappings loaded now, and the problems of the last load.
    pub fn mappings(&self, _caller: &Caller) -> MappingReport {
        self.mappings_report()
    }

    /// Reloads the mappings folder, audited.
    pub async fn reload(&self, caller: &Caller) -> MappingReport {
        let report = self.reload_mappings();
        let detail = said!(
            key::MAPPINGS_RELOADED,
            "{0} loaded, {1} with problems",
            report.loaded.len(),
            report.problems.len()
        );
        audit::record(
            self.store(),
            caller.audit(None, format!("mappings {}", report.dir), detail),
        )
        .await;
        report
    }

    /// Runs a lifecycle change on invoice `id`, audited; returns its summary after.
    async fn change<F>(
        &self,
        actor: &Actor,
        id: InvoiceId,
        detail: String,
        mut change: F,
    ) -> Result<InvoiceSummary, AreaError>
    where
        F: FnMut(
                &mut WriteTxn<'_>,
                &centralita_protocol::TenantId,
                InvoiceId,
            ) -> Result<InvoiceRecord, AreaError>
            + Send
            + 'static,
    {
        let tenant = actor.tenant.clone();
        let entry = actor.audit(format!("invoice {id}"), detail);
        let scope = tenant.clone();
        let record =
            audit::audited(self.store(), entry, move |txn| change(txn, &scope, id)).await?;
        Ok(record.summary(&tenant, id))
    }
}

/// What an edit of an invoice's preview changed, as its audit entry says it: the fields set
/// (`total=12.30, line_items=3`, data) and then the fields cleared (a sentence).
fn edit_detail(edit: &InvoiceEdit) -> audit::Detail {
    let set: Vec<String> = edit
        .fields
        .iter()
        .filter_map(|(field, value)| Some(format!("{field}={}", value.as_deref()?)))
        .chain(
            edit.line_items
                .as_ref()
                .map(|lines| format!("line_items={}", lines.len())),
        )
        .collect();
    let cleared: Vec<String> = edit
        .fields
        .iter()
        .filter(|(_, value)| value.is_none())
        .map(|(field, _)| field.to_string())
        .collect();
    let (set, cleared) = (set.join(", "), cleared.join(", "));
    match (set.is_empty(), cleared.is_empty()) {
        (_, true) => set.into(),
        (true, false) => said!(key::INVOICE_FIELDS_CLEARED, "cleared {0}", cleared).into(),
        (false, false) => said!(
            key::INVOICE_FIELDS_SET_AND_CLEARED,
            "{0}; cleared {1}",
            set,
            cleared
        )
        .into(),
    }
}
