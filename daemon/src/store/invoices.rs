//! Invoice records and their indexes: by state, by original's hash (dedupe) and by issuer and
//! number (duplicate warnings). The lifecycle rules live in `crate::invoices`; this file only
//! keeps records and indexes consistent inside one transaction.

use centralita_invoices::{DocumentKind, Extraction, FieldName, InvoiceWarning};
use centralita_protocol::{
    ChangeOp, FieldEdit, InvoiceCounts, InvoiceFilter, InvoicePage, InvoiceState, InvoiceSummary,
    JobId, PageRequest, TenantId,
};
use jiff::Timestamp;
use redb::ReadableTable;
use serde::{Deserialize, Serialize};

use super::codec::{decode, encode};
use super::tables::{INVOICE_COUNTS, INVOICE_TEXT, INVOICES, INVOICES_BY_HASH, INVOICES_BY_STATE};
use super::{NewJob, ReadTxn, StoreError, WriteTxn};
use crate::invoices::wire;

/// One invoice as stored (its text is kept apart so listing does not decode it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InvoiceRecord {
    pub state: InvoiceState,
    pub file_name: String,
    pub kind: DocumentKind,
    pub origin: String,
    pub size: u64,
    pub sha256: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub created_by: String,
    #[serde(default)]
    pub preview: Extraction,
    #[serde(default)]
    pub confirmed: Option<Extraction>,
    #[serde(default)]
    pub warnings: Vec<InvoiceWarning>,
    #[serde(default)]
    pub text_method: String,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub edits: Vec<FieldEdit>,
    #[serde(default)]
    pub job: Option<JobId>,
}

impl InvoiceRecord {
    pub fn summary(&self, tenant: &TenantId, id: u64) -> InvoiceSummary {
        let fields = self.confirmed.as_ref().unwrap_or(&self.preview);
        let get = |name| fields.get(name).map(str::to_owned);
        InvoiceSummary {
            id,
            tenant: tenant.clone(),
            state: self.state,
            file_name: self.file_name.clone(),
            kind: wire::document_kind(self.kind),
            issuer: get(FieldName::IssuerName).or_else(|| get(FieldName::IssuerTaxId)),
            number: get(FieldName::InvoiceNumber),
            issue_date: get(FieldName::IssueDate),
            total: get(FieldName::Total),
            currency: get(FieldName::Currency),
            warnings: u32::try_from(self.warnings.len()).unwrap_or(u32::MAX),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }

    /// The (issuer, number) pair duplicates are found by: tax id (else name) and number, with
    /// case, spaces and separators dropped. `None` without a number or an issuer.
    pub fn number_key(&self) -> Option<(String, String)> {
        let squash = |value: &str| -> String {
            value
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_uppercase)
                .collect()
        };
        let fields = self.confirmed.as_ref().unwrap_or(&self.preview);
        let issuer = fields
            .get(FieldName::IssuerTaxId)
            .or_else(|| fields.get(FieldName::IssuerName))
            .map(squash)
            .filter(|key| !key.is_empty())?;
        let number = fields
            .get(FieldName::InvoiceNumber)
            .map(squash)
            .filter(|key| !key.is_empty())?;
        Some((issuer, number))
    }

    fn matches(&self, filter: &InvoiceFilter) -> bool {
        let fields = self.confirmed.as_ref().unwrap_or(&self.preview);
        if filter.state.is_some_and(|state| state != self.state) {
            return false;
        }
        if let Some(needle) = filter.issuer.as_deref().map(str::to_lowercase)
            && ![FieldName::IssuerName, FieldName::IssuerTaxId]
                .into_iter()
                .filter_map(|name| fields.get(name))
                .any(|value| value.to_lowercase().contains(&needle))
        {
            return false;
        }
        let date = fields.get(FieldName::IssueDate);
        // ISO dates compare as strings; an invoice without a date is outside any range.
        if let Some(from) = filter.from.as_deref()
            && date.is_none_or(|date| date < from)
        {
            return false;
        }
        if let Some(to) = filter.to.as_deref()
            && date.is_none_or(|date| date > to)
        {
            return false;
        }
        true
    }
}

impl WriteTxn<'_> {
    /// Stores a new invoice with its text and the job `read_job` makes for it; returns its id.
    pub fn insert_invoice(
        &mut self,
        tenant: &TenantId,
        record: &InvoiceRecord,
        text: &str,
        read_job: fn(&TenantId, u64) -> NewJob,
    ) -> Result<u64, StoreError> {
        self.require_tenant(tenant)?;
        let id = self.next_id("invoice")?;
        let (job, _) = self.enqueue_job(&read_job(tenant, id))?;
        let mut record = record.clone();
        record.job = Some(job);
        self.tables
            .invoices_by_hash(self.txn)?
            .insert((tenant.as_str(), record.sha256.as_str()), id)?;
        self.write_invoice(tenant, id, None, &record, Some(text))?;
        self.record_change(tenant, "invoice", &id.to_string(), ChangeOp::Created)?;
        Ok(id)
    }

    /// The invoice, for a read-modify-write in this transaction.
    pub fn invoice(&mut self, tenant: &TenantId, id: u64) -> Result<InvoiceRecord, StoreError> {
        let table = self.tables.invoices(self.txn)?;
        let bytes = table
            .get((tenant.as_str(), id))?
            .ok_or_else(|| invoice_not_found(tenant, id))?;
        decode(bytes.value())
    }

    /// Replaces an invoice (and its text when given), keeping the indexes and counts in step.
    pub fn update_invoice(
        &mut self,
        tenant: &TenantId,
        id: u64,
        old: &InvoiceRecord,
        new: &InvoiceRecord,
        text: Option<&str>,
    ) -> Result<(), StoreError> {
        self.write_invoice(tenant, id, Some(old), new, text)?;
        self.record_change(tenant, "invoice", &id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    /// The invoice already made from these exact bytes, if any.
    pub fn invoice_by_hash(
        &mut self,
        tenant: &TenantId,
        sha256: &str,
    ) -> Result<Option<u64>, StoreError> {
        Ok(self
            .tables
            .invoices_by_hash(self.txn)?
            .get((tenant.as_str(), sha256))?
            .map(|id| id.value()))
    }

    /// Other invoices with the same issuer and number as `record`.
    pub fn invoices_with_same_number(
        &mut self,
        tenant: &TenantId,
        id: u64,
        record: &InvoiceRecord,
    ) -> Result<Vec<u64>, StoreError> {
        let Some((issuer, number)) = record.number_key() else {
            return Ok(Vec::new());
        };
        let table = self.tables.invoices_by_number(self.txn)?;
        let key = |at| (tenant.as_str(), issuer.as_str(), number.as_str(), at);
        let mut ids = Vec::new();
        for entry in table.range(key(0)..=key(u64::MAX))? {
            let other = entry?.0.value().3;
            if other != id {
                ids.push(other);
            }
        }
        Ok(ids)
    }

    fn write_invoice(
        &mut self,
        tenant: &TenantId,
        id: u64,
        old: Option<&InvoiceRecord>,
        new: &InvoiceRecord,
        text: Option<&str>,
    ) -> Result<(), StoreError> {
        let t = tenant.as_str();
        if old.map(|old| old.state) != Some(new.state) {
            if let Some(old) = old {
                self.tables
                    .invoices_by_state(self.txn)?
                    .remove((t, old.state.code(), id))?;
                self.add_invoice_count(tenant, old.state, -1)?;
            }
            self.tables
                .invoices_by_state(self.txn)?
                .insert((t, new.state.code(), id), ())?;
            self.add_invoice_count(tenant, new.state, 1)?;
        }
        let old_key = old.and_then(InvoiceRecord::number_key);
        let new_key = new.number_key();
        if old_key != new_key {
            let index = self.tables.invoices_by_number(self.txn)?;
            if let Some((issuer, number)) = &old_key {
                index.remove((t, issuer.as_str(), number.as_str(), id))?;
            }
            if let Some((issuer, number)) = &new_key {
                index.insert((t, issuer.as_str(), number.as_str(), id), ())?;
            }
        }
        self.tables
            .invoices(self.txn)?
            .insert((t, id), encode(new)?.as_slice())?;
        if let Some(text) = text {
            self.tables
                .invoice_text(self.txn)?
                .insert((t, id), text.as_bytes())?;
        }
        Ok(())
    }

    fn add_invoice_count(
        &mut self,
        tenant: &TenantId,
        state: InvoiceState,
        delta: i64,
    ) -> Result<(), StoreError> {
        let table = self.tables.invoice_counts(self.txn)?;
        let key = (tenant.as_str(), state.code());
        let current = table.get(key)?.map_or(0, |value| value.value());
        table.insert(key, current.saturating_add_signed(delta))?;
        Ok(())
    }
}

impl ReadTxn {
    pub fn invoice(&self, tenant: &TenantId, id: u64) -> Result<InvoiceRecord, StoreError> {
        let table = self.txn.open_table(INVOICES)?;
        let bytes = table
            .get((tenant.as_str(), id))?
            .ok_or_else(|| invoice_not_found(tenant, id))?;
        decode(bytes.value())
    }

    pub fn invoice_id_by_hash(
        &self,
        tenant: &TenantId,
        sha256: &str,
    ) -> Result<Option<u64>, StoreError> {
        let table = self.txn.open_table(INVOICES_BY_HASH)?;
        Ok(table.get((tenant.as_str(), sha256))?.map(|id| id.value()))
    }

    /// The text the extractor read; empty until the invoice has been read.
    pub fn invoice_text(&self, tenant: &TenantId, id: u64) -> Result<String, StoreError> {
        let table = self.txn.open_table(INVOICE_TEXT)?;
        Ok(table
            .get((tenant.as_str(), id))?
            .map(|bytes| String::from_utf8_lossy(bytes.value()).into_owned())
            .unwrap_or_default())
    }

    /// A page of the tenant's invoices matching `filter`, newest first.
    pub fn list_invoices(
        &self,
        tenant: &TenantId,
        filter: &InvoiceFilter,
        page: PageRequest,
    ) -> Result<InvoicePage, StoreError> {
        let limit = page.limit.clamp(1, PageRequest::MAX_LIMIT) as usize;
        let before = page.before.unwrap_or(u64::MAX);
        let invoices = self.txn.open_table(INVOICES)?;
        let t = tenant.as_str();
        let mut found = Vec::with_capacity(limit.min(1024));
        let mut consider = |id: u64, bytes: &[u8]| -> Result<bool, StoreError> {
            let record: InvoiceRecord = decode(bytes)?;
            if record.matches(filter) {
                found.push(record.summary(tenant, id));
            }
            Ok(found.len() > limit)
        };
        if let Some(state) = filter.state {
            let index = self.txn.open_table(INVOICES_BY_STATE)?;
            for entry in index
                .range((t, state.code(), 0)..(t, state.code(), before))?
                .rev()
            {
                let id = entry?.0.value().2;
                if let Some(bytes) = invoices.get((t, id))?
                    && consider(id, bytes.value())?
                {
                    break;
                }
            }
        } else {
            for entry in invoices.range((t, 0)..(t, before))?.rev() {
                let (key, bytes) = entry?;
                if consider(key.value().1, bytes.value())? {
                    break;
                }
            }
        }
        let next = if found.len() > limit {
            found.truncate(limit);
            found.last().map(|invoice| invoice.id)
        } else {
            None
        };
        Ok(InvoicePage {
            invoices: found,
            next,
        })
    }

    /// Every invoice of the tenant matching `filter`, oldest first, with its record.
    pub fn invoices_matching(
        &self,
        tenant: &TenantId,
        filter: &InvoiceFilter,
    ) -> Result<Vec<(u64, InvoiceRecord)>, StoreError> {
        let invoices = self.txn.open_table(INVOICES)?;
        let t = tenant.as_str();
        let mut found = Vec::new();
        for entry in invoices.range((t, 0)..=(t, u64::MAX))? {
            let (key, bytes) = entry?;
            let record: InvoiceRecord = decode(bytes.value())?;
            if record.matches(filter) {
                found.push((key.value().1, record));
            }
        }
        Ok(found)
    }

    pub fn invoice_counts(&self, tenant: &TenantId) -> Result<InvoiceCounts, StoreError> {
        let table = self.txn.open_table(INVOICE_COUNTS)?;
        let mut counts = InvoiceCounts::default();
        for state in InvoiceState::ALL {
            if let Some(count) = table.get((tenant.as_str(), state.code()))? {
                *counts.get_mut(state) = count.value();
            }
        }
        Ok(counts)
    }
}

fn invoice_not_found(tenant: &TenantId, id: u64) -> StoreError {
    StoreError::not_found(format!("invoice {id} in tenant {tenant}"))
}
