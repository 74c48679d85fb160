//! The one place an invoice record becomes the `protocol` types the console shows.

use centralita_protocol::{InvoiceDetail, TenantId};

use super::InvoiceRecord;

impl InvoiceRecord {
    /// The invoice as the reviewer sees it, with the text the extractor read (or none).
    pub fn detail(self, tenant: &TenantId, id: u64, text: String) -> InvoiceDetail {
        InvoiceDetail {
            summary: self.summary(tenant, id),
            text,
            origin: self.origin,
            size: self.size,
            sha256: self.sha256,
            preview: self.preview,
            confirmed: self.confirmed,
            warnings: self.warnings,
            text_method: self.text_method,
            reason: self.reason,
            template: self.template,
            edits: self.edits,
            job: self.job,
        }
    }
}
