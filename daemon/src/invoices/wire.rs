//! An invoice record as the RPC contract shows it. The reader's types (fields, line items,
//! warnings, document kinds) are the contract's own (`centralita-extraction`, re-exported by
//! `centralita-protocol`), so what is stored and what is sent share one definition.

use centralita_protocol as protocol;
use centralita_protocol::InvoiceId;

impl super::InvoiceRecord {
    /// The invoice as the reviewer sees it, with the text the extractor read (or none).
    pub fn detail(
        self,
        tenant: &protocol::TenantId,
        id: InvoiceId,
        text: String,
    ) -> protocol::InvoiceDetail {
        protocol::InvoiceDetail {
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
            reason_words: self.reason_words,
            mapping: self.mapping,
            edits: self.edits,
            job: self.job,
        }
    }
}
