//! The invoice calls, implemented: the trait methods in `service.rs` delegate here.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use centralita_protocol::{
    DownloadChunk, ErrorKind, IntakeOutcome, InvoiceCounts, InvoiceDetail, InvoiceEdit,
    InvoiceFilter, InvoicePage, InvoiceSummary, PageRequest, Role, RpcError, TemplateReport,
    TenantId, UploadTicket,
};

use super::auth::Need;
use super::service::Connection;
use crate::invoices::{Intake, lifecycle, wire};
use crate::store::{BlobHash, InvoiceRecord, ReadTxn, StoreError};

/// Most bytes one download call returns.
const DOWNLOAD_LIMIT: u32 = 1024 * 1024;

/// An invoice as the reviewer sees it, with or without its text.
fn detail(
    txn: &ReadTxn,
    tenant: &TenantId,
    id: u64,
    record: InvoiceRecord,
    with_text: bool,
) -> Result<InvoiceDetail, StoreError> {
    Ok(InvoiceDetail {
        summary: record.summary(tenant, id),
        text: if with_text {
            txn.invoice_text(tenant, id)?
        } else {
            String::new()
        },
        origin: record.origin,
        size: record.size,
        sha256: record.sha256,
        preview: wire::extraction(record.preview),
        confirmed: record.confirmed.map(wire::extraction),
        warnings: record.warnings.into_iter().map(wire::warning).collect(),
        text_method: record.text_method,
        reason: record.reason,
        template: record.template,
        edits: record.edits,
        job: record.job,
    })
}

impl Connection {
    fn any_role(tenant: &TenantId) -> (Option<&TenantId>, Need) {
        (Some(tenant), Need::Role(Role::Agent))
    }

    pub(super) async fn upload_start(
        &self,
        tenant: TenantId,
        file_name: String,
        size: u64,
    ) -> Result<UploadTicket, RpcError> {
        let (scope, need) = Self::any_role(&tenant);
        self.check("invoices_upload_start", scope, need).await?;
        self.shared
            .invoices
            .uploads()
            .start(tenant, &self.peer.user, file_name, size)
    }

    pub(super) async fn upload_chunk(
        &self,
        upload: u64,
        offset: u64,
        data_base64: &str,
    ) -> Result<u64, RpcError> {
        self.check("invoices_upload_chunk", None, Need::Operator)
            .await?;
        let data = BASE64.decode(data_base64).map_err(|error| {
            RpcError::new(
                ErrorKind::InvalidArgument,
                format!("upload {upload}: chunk at offset {offset} is not valid base64: {error}"),
            )
        })?;
        self.shared
            .invoices
            .uploads()
            .chunk(upload, &self.peer.user, offset, &data)
    }

    pub(super) async fn upload_finish(&self, upload: u64) -> Result<IntakeOutcome, RpcError> {
        self.check("invoices_upload_finish", None, Need::Operator)
            .await?;
        let uploads = self.shared.invoices.uploads();
        let tenant = uploads.tenant_of(upload, &self.peer.user)?;
        // The role is checked again: it may have been taken away during the upload.
        let (scope, need) = Self::any_role(&tenant);
        self.check("invoices_upload_finish", scope, need).await?;
        let finished = uploads.finish(upload, &self.peer.user)?;
        Ok(self
            .shared
            .invoices
            .intake(Intake {
                tenant: finished.tenant,
                file_name: finished.file_name,
                bytes: finished.bytes,
                origin: "upload".to_owned(),
                operator: self.peer.user.clone(),
            })
            .await?)
    }

    pub(super) async fn invoice_page(
        &self,
        tenant: TenantId,
        filter: InvoiceFilter,
        page: PageRequest,
    ) -> Result<InvoicePage, RpcError> {
        let (scope, need) = Self::any_role(&tenant);
        self.check("invoices_list", scope, need).await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.list_invoices(&tenant, &filter, page))
            .await?)
    }

    pub(super) async fn invoice_detail(
        &self,
        tenant: TenantId,
        id: u64,
    ) -> Result<InvoiceDetail, RpcError> {
        let (scope, need) = Self::any_role(&tenant);
        self.check("invoices_show", scope, need).await?;
        self.read_detail(tenant, id).await
    }

    async fn read_detail(&self, tenant: TenantId, id: u64) -> Result<InvoiceDetail, RpcError> {
        Ok(self
            .shared
            .store
            .read(move |txn| {
                let record = txn.invoice(&tenant, id)?;
                detail(txn, &tenant, id, record, true)
            })
            .await?)
    }

    pub(super) async fn invoice_edit(
        &self,
        tenant: TenantId,
        id: u64,
        edit: InvoiceEdit,
    ) -> Result<InvoiceDetail, RpcError> {
        let (scope, need) = Self::any_role(&tenant);
        self.check("invoices_edit", scope, need).await?;
        let changed: Vec<String> = edit
            .fields
            .iter()
            .map(|(field, value)| format!("{field}={}", value.as_deref().unwrap_or("(cleared)")))
            .chain(
                edit.line_items
                    .as_ref()
                    .map(|lines| format!("line_items={}", lines.len())),
            )
            .collect();
        let (scope, operator) = (tenant.clone(), self.peer.user.clone());
        self.audited(
            "invoices_edit",
            &tenant,
            format!("invoice {id}"),
            changed.join(", "),
            move |txn| lifecycle::edit(txn, &scope, id, &operator, &edit),
        )
        .await?;
        self.read_detail(tenant, id).await
    }

    pub(super) async fn invoice_confirm(
        &self,
        tenant: TenantId,
        id: u64,
    ) -> Result<InvoiceSummary, RpcError> {
        let (scope, need) = Self::any_role(&tenant);
        self.check("invoices_confirm", scope, need).await?;
        let scope = tenant.clone();
        let record = self
            .audited(
                "invoices_confirm",
                &tenant,
                format!("invoice {id}"),
                String::new(),
                move |txn| lifecycle::confirm(txn, &scope, id),
            )
            .await?;
        Ok(record.summary(&tenant, id))
    }

    pub(super) async fn invoice_reject(
        &self,
        tenant: TenantId,
        id: u64,
        reason: String,
    ) -> Result<InvoiceSummary, RpcError> {
        let (scope, need) = Self::any_role(&tenant);
        self.check("invoices_reject", scope, need).await?;
        let scope = tenant.clone();
        let detail = reason.clone();
        let record = self
            .audited(
                "invoices_reject",
                &tenant,
                format!("invoice {id}"),
                detail,
                move |txn| lifecycle::reject(txn, &scope, id, &reason),
            )
            .await?;
        Ok(record.summary(&tenant, id))
    }

    pub(super) async fn invoice_retry(
        &self,
        tenant: TenantId,
        id: u64,
    ) -> Result<InvoiceSummary, RpcError> {
        let (scope, need) = Self::any_role(&tenant);
        self.check("invoices_retry", scope, need).await?;
        let scope = tenant.clone();
        let record = self
            .audited(
                "invoices_retry",
                &tenant,
                format!("invoice {id}"),
                String::new(),
                move |txn| lifecycle::retry(txn, &scope, id),
            )
            .await?;
        self.shared.invoices.wake();
        Ok(record.summary(&tenant, id))
    }

    pub(super) async fn invoice_download(
        &self,
        tenant: TenantId,
        id: u64,
        offset: u64,
        limit: u32,
    ) -> Result<DownloadChunk, RpcError> {
        let (scope, need) = Self::any_role(&tenant);
        self.check("invoices_download", scope, need).await?;
        let record = self
            .shared
            .store
            .read(move |txn| txn.invoice(&tenant, id))
            .await?;
        let hash = BlobHash::parse(&record.sha256).ok_or_else(|| {
            RpcError::new(
                ErrorKind::Internal,
                format!("invoice {id}: malformed blob hash"),
            )
        })?;
        let bytes = self.shared.store.get_blob(hash).await?;
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

    pub(super) async fn invoice_export(
        &self,
        tenant: TenantId,
        filter: InvoiceFilter,
    ) -> Result<Vec<InvoiceDetail>, RpcError> {
        self.check(
            "invoices_export",
            Some(&tenant),
            Need::Role(Role::Supervisor),
        )
        .await?;
        Ok(self
            .shared
            .store
            .read(move |txn| {
                txn.invoices_matching(&tenant, &filter)?
                    .into_iter()
                    .map(|(id, record)| detail(txn, &tenant, id, record, false))
                    .collect()
            })
            .await?)
    }

    pub(super) async fn invoice_counts(&self, tenant: TenantId) -> Result<InvoiceCounts, RpcError> {
        let (scope, need) = Self::any_role(&tenant);
        self.check("invoices_summary", scope, need).await?;
        Ok(self
            .shared
            .store
            .read(move |txn| txn.invoice_counts(&tenant))
            .await?)
    }

    pub(super) async fn templates(&self, reload: bool) -> Result<TemplateReport, RpcError> {
        if reload {
            self.check("invoices_templates_reload", None, Need::Superuser)
                .await?;
            let report = self.shared.invoices.reload_templates();
            self.shared
                .authority
                .audit(
                    &self.peer,
                    None,
                    "invoices_templates_reload",
                    &report.dir,
                    centralita_protocol::AuditOutcome::Ok,
                    &format!(
                        "{} loaded, {} with problems",
                        report.loaded.len(),
                        report.problems.len()
                    ),
                )
                .await;
            Ok(report)
        } else {
            self.check("invoices_templates", None, Need::Operator)
                .await?;
            Ok(self.shared.invoices.templates_report())
        }
    }
}
