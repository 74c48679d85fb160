//! Invoice records and their indexes: by state, by original's hash (dedupe) and by issuer and
//! number (duplicate warnings). The lifecycle rules live in `crate::invoices`; this file only
//! keeps records and indexes consistent inside one transaction.

use centralita_invoices::{DocumentKind, Extraction, FieldName, InvoiceWarning};
use centralita_protocol::said::Words;
use centralita_protocol::{
    ChangeOp, FieldEdit, InvoiceCounts, InvoiceFilter, InvoiceId, InvoicePage, InvoiceState,
    InvoiceSummary, JobId, PageRequest, TenantId,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::AreaError;
use crate::lookup::find;
use crate::store::{
    Bytes, Declared, Index, ReadTxn, Records, Values, WriteTxn, cut_page, page_limit, tenant_keys,
};

/// (tenant, invoice id) → [`InvoiceRecord`].
const INVOICES: Records<(&str, u64), InvoiceRecord> = Records::new("invoices");
/// (tenant, invoice id) → the text the extractor read (UTF-8), kept apart from the record.
const INVOICE_TEXT: Bytes<(&str, u64)> = Bytes::new("invoice_text");
/// (tenant, state code, invoice id): listing per state.
const INVOICES_BY_STATE: Index<(&str, u8, u64)> = Index::new("invoices_by_state");
/// (tenant, sha256 of the original) → invoice id: the same bytes are one invoice.
const INVOICES_BY_HASH: Values<(&str, &str), u64> = Values::new("invoices_by_hash");
/// (tenant, issuer key, number key, invoice id): duplicate numbers from one issuer.
const INVOICES_BY_NUMBER: Index<(&str, &str, &str, u64)> = Index::new("invoices_by_number");
/// (tenant, state code) → number of invoices.
const INVOICE_COUNTS: Values<(&str, u8), u64> = Values::new("invoice_counts");

/// The invoices' tables, for the schema.
pub(crate) const TABLES: &[&dyn Declared] = &[
    &INVOICES,
    &INVOICE_TEXT,
    &INVOICES_BY_STATE,
    &INVOICES_BY_HASH,
    &INVOICES_BY_NUMBER,
    &INVOICE_COUNTS,
];

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
    /// Why it failed in the catalog's words (none for a rejection, whose reason is the
    /// reviewer's own, and in records from before them).
    #[serde(default)]
    pub reason_words: Option<Words>,
    /// The issuer mapping that read it (stored as `template` before mappings had their name).
    #[serde(default, alias = "template")]
    pub mapping: Option<String>,
    #[serde(default)]
    pub edits: Vec<FieldEdit>,
    #[serde(default)]
    pub job: Option<JobId>,
}

impl InvoiceRecord {
    pub fn summary(&self, tenant: &TenantId, id: InvoiceId) -> InvoiceSummary {
        let fields = self.confirmed.as_ref().unwrap_or(&self.preview);
        let get = |name| fields.get(name).map(str::to_owned);
        InvoiceSummary {
            id,
            tenant: tenant.clone(),
            state: self.state,
            file_name: self.file_name.clone(),
            kind: self.kind,
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
    /// Stores a new invoice with its text and its read job; returns its id.
    pub fn insert_invoice(
        &mut self,
        tenant: &TenantId,
        record: &InvoiceRecord,
        text: &str,
    ) -> Result<InvoiceId, AreaError> {
        self.require_tenant(tenant)?;
        let id = InvoiceId(self.next_id("invoice")?);
        let (job, _) = self.enqueue(tenant, &super::lifecycle::ReadInvoice { invoice: id })?;
        let mut record = record.clone();
        record.job = Some(job);
        self.open(&INVOICES_BY_HASH)?
            .insert((tenant.as_str(), record.sha256.as_str()), id.0)?;
        self.write_invoice(tenant, id, None, &record, Some(text))?;
        self.record_change(tenant, "invoice", &id.to_string(), ChangeOp::Created)?;
        Ok(id)
    }

    /// The invoice, for a read-modify-write in this transaction.
    pub fn invoice(
        &mut self,
        tenant: &TenantId,
        id: InvoiceId,
    ) -> Result<InvoiceRecord, AreaError> {
        find(self, &INVOICES, tenant, id)
    }

    /// Replaces an invoice (and its text when given), keeping the indexes and counts in step.
    pub fn update_invoice(
        &mut self,
        tenant: &TenantId,
        id: InvoiceId,
        old: &InvoiceRecord,
        new: &InvoiceRecord,
        text: Option<&str>,
    ) -> Result<(), AreaError> {
        self.write_invoice(tenant, id, Some(old), new, text)?;
        self.record_change(tenant, "invoice", &id.to_string(), ChangeOp::Updated)?;
        Ok(())
    }

    /// The invoice already made from these exact bytes, if any.
    pub fn invoice_by_hash(
        &mut self,
        tenant: &TenantId,
        sha256: &str,
    ) -> Result<Option<InvoiceId>, AreaError> {
        Ok(self
            .open(&INVOICES_BY_HASH)?
            .get((tenant.as_str(), sha256))?
            .map(InvoiceId))
    }

    /// The invoices of `issuer` (a tax id) numbered `number`, compared as [`number_key`] does.
    pub fn invoices_numbered(
        &mut self,
        tenant: &TenantId,
        issuer: &str,
        number: &str,
    ) -> Result<Vec<InvoiceId>, AreaError> {
        let (issuer, number) = (squash(issuer), squash(number));
        let table = self.open(&INVOICES_BY_NUMBER)?;
        let key = |at| (tenant.as_str(), issuer.as_str(), number.as_str(), at);
        let mut ids = Vec::new();
        for entry in table.range(key(0)..=key(u64::MAX))? {
            ids.push(InvoiceId(entry?.value().3));
        }
        Ok(ids)
    }

    /// Other invoices with the same issuer and number as `record`.
    pub fn invoices_with_same_number(
        &mut self,
        tenant: &TenantId,
        id: InvoiceId,
        record: &InvoiceRecord,
    ) -> Result<Vec<InvoiceId>, AreaError> {
        let Some((issuer, number)) = record.number_key() else {
            return Ok(Vec::new());
        };
        let mut ids = self.invoices_numbered(tenant, &issuer, &number)?;
        ids.retain(|&other| other != id);
        Ok(ids)
    }

    fn write_invoice(
        &mut self,
        tenant: &TenantId,
        id: InvoiceId,
        old: Option<&InvoiceRecord>,
        new: &InvoiceRecord,
        text: Option<&str>,
    ) -> Result<(), AreaError> {
        let t = tenant.as_str();
        if old.map(|old| old.state) != Some(new.state) {
            if let Some(old) = old {
                self.open(&INVOICES_BY_STATE)?
                    .remove((t, old.state.code(), id.0))?;
                self.add_invoice_count(tenant, old.state, -1)?;
            }
            self.open(&INVOICES_BY_STATE)?
                .insert((t, new.state.code(), id.0))?;
            self.add_invoice_count(tenant, new.state, 1)?;
        }
        let old_key = old.and_then(InvoiceRecord::number_key);
        let new_key = new.number_key();
        if old_key != new_key {
            let mut index = self.open(&INVOICES_BY_NUMBER)?;
            if let Some((issuer, number)) = &old_key {
                index.remove((t, issuer.as_str(), number.as_str(), id.0))?;
            }
            if let Some((issuer, number)) = &new_key {
                index.insert((t, issuer.as_str(), number.as_str(), id.0))?;
            }
        }
        self.open(&INVOICES)?.insert((t, id.0), new)?;
        if let Some(text) = text {
            self.open(&INVOICE_TEXT)?
                .insert((t, id.0), text.as_bytes())?;
        }
        Ok(())
    }

    fn add_invoice_count(
        &mut self,
        tenant: &TenantId,
        state: InvoiceState,
        delta: i64,
    ) -> Result<(), AreaError> {
        let mut table = self.open(&INVOICE_COUNTS)?;
        let key = (tenant.as_str(), state.code());
        let current = table.get(key)?.unwrap_or(0);
        table.insert(key, current.saturating_add_signed(delta))?;
        Ok(())
    }
}

impl ReadTxn {
    pub fn invoice(&self, tenant: &TenantId, id: InvoiceId) -> Result<InvoiceRecord, AreaError> {
        find(self, &INVOICES, tenant, id)
    }

    pub fn invoice_id_by_hash(
        &self,
        tenant: &TenantId,
        sha256: &str,
    ) -> Result<Option<InvoiceId>, AreaError> {
        let table = self.open(&INVOICES_BY_HASH)?;
        Ok(table.get((tenant.as_str(), sha256))?.map(InvoiceId))
    }

    /// The text the extractor read; empty until the invoice has been read.
    pub fn invoice_text(&self, tenant: &TenantId, id: InvoiceId) -> Result<String, AreaError> {
        let table = self.open(&INVOICE_TEXT)?;
        Ok(table
            .get((tenant.as_str(), id.0))?
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default())
    }

    /// A page of the tenant's invoices matching `filter`, newest first.
    pub fn list_invoices(
        &self,
        tenant: &TenantId,
        filter: &InvoiceFilter,
        page: PageRequest,
    ) -> Result<InvoicePage, AreaError> {
        let limit = page_limit(page);
        let before = page.before.unwrap_or(u64::MAX);
        let invoices = self.open(&INVOICES)?;
        let t = tenant.as_str();
        let mut found = Vec::with_capacity(limit.min(1024));
        let mut consider = |id: InvoiceId, record: InvoiceRecord| -> Result<bool, AreaError> {
            if record.matches(filter) {
                found.push(record.summary(tenant, id));
            }
            Ok(found.len() > limit)
        };
        if let Some(state) = filter.state {
            let index = self.open(&INVOICES_BY_STATE)?;
            for entry in index
                .range((t, state.code(), 0)..(t, state.code(), before))?
                .rev()
            {
                let id = InvoiceId(entry?.value().2);
                if let Some(record) = invoices.get((t, id.0))?
                    && consider(id, record)?
                {
                    break;
                }
            }
        } else {
            for entry in invoices.range((t, 0)..(t, before))?.rev() {
                let (key, record) = entry?;
                if consider(InvoiceId(key.value().1), record)? {
                    break;
                }
            }
        }
        let next = cut_page(&mut found, limit, |invoice| invoice.id.0);
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
    ) -> Result<Vec<(InvoiceId, InvoiceRecord)>, AreaError> {
        let invoices = self.open(&INVOICES)?;
        let mut found = Vec::new();
        for entry in invoices.range(tenant_keys(tenant))? {
            let (key, record) = entry?;
            if record.matches(filter) {
                found.push((InvoiceId(key.value().1), record));
            }
        }
        Ok(found)
    }

    pub fn invoice_counts(&self, tenant: &TenantId) -> Result<InvoiceCounts, AreaError> {
        let table = self.open(&INVOICE_COUNTS)?;
        let mut counts = InvoiceCounts::default();
        for state in InvoiceState::ALL {
            if let Some(count) = table.get((tenant.as_str(), state.code()))? {
                *counts.get_mut(state) = count;
            }
        }
        Ok(counts)
    }
}

/// A tax id or an invoice number as the duplicate index keeps it: letters and digits only,
/// upper case. The accuracy check compares text fields the same way.
pub(super) fn squash(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}
