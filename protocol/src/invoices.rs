//! Invoice records: states, extracted fields with their source, warnings, edits, pages.
//!
//! Field values travel as normalised strings so every client shows the same thing:
//! amounts are plain decimals with a `.` and no grouping (`1234.50`), dates are ISO
//! (`2024-11-15`), currencies are ISO 4217 codes (`PEN`).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub use centralita_extraction::{
    DocumentKind, Extraction, FieldKind, FieldName, FieldSource, FieldValue, InvoiceWarning,
    LineItem, MappingProblem,
};

use crate::{InvoiceId, JobId, TenantId, UploadId};

/// Where an invoice is in its life. The only transitions are
/// `processing → waiting_validation | failed`, `waiting_validation → processed | rejected`
/// and `failed | rejected → processing` (retry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceState {
    Processing,
    WaitingValidation,
    Processed,
    Rejected,
    Failed,
}

impl InvoiceState {
    pub const ALL: [Self; 5] = [
        Self::Processing,
        Self::WaitingValidation,
        Self::Processed,
        Self::Rejected,
        Self::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Processing => "processing",
            Self::WaitingValidation => "waiting_validation",
            Self::Processed => "processed",
            Self::Rejected => "rejected",
            Self::Failed => "failed",
        }
    }

    /// Stable one-byte code used in index keys.
    pub fn code(self) -> u8 {
        match self {
            Self::Processing => 0,
            Self::WaitingValidation => 1,
            Self::Processed => 2,
            Self::Rejected => 3,
            Self::Failed => 4,
        }
    }
}

impl fmt::Display for InvoiceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for InvoiceState {
    type Err = String;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let value = value.trim().replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|state| state.as_str() == value)
            .ok_or_else(|| {
                format!(
                    "unknown invoice state {value:?}: use processing, waiting_validation, \
                     processed, rejected or failed"
                )
            })
    }
}

/// One operator edit of the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldEdit {
    pub at: Timestamp,
    pub operator: String,
    pub field: FieldName,
    #[serde(default)]
    pub old: Option<String>,
    #[serde(default)]
    pub new: Option<String>,
}

/// One row of the invoices table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    pub id: InvoiceId,
    pub tenant: TenantId,
    pub state: InvoiceState,
    pub file_name: String,
    pub kind: DocumentKind,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub issue_date: Option<String>,
    #[serde(default)]
    pub total: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    pub warnings: u32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// An invoice with everything a reviewer needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvoiceDetail {
    pub summary: InvoiceSummary,
    /// Where it came from: `upload`, `inbox`, `mail`, `chat`, `demo`.
    pub origin: String,
    pub size: u64,
    pub sha256: String,
    /// The fields being reviewed (extracted, then edited).
    pub preview: Extraction,
    /// The confirmed fields; set when the invoice is processed.
    #[serde(default)]
    pub confirmed: Option<Extraction>,
    pub warnings: Vec<InvoiceWarning>,
    /// The text the extractor read (text layer, OCR or a rendering of the XML).
    pub text: String,
    /// How the text was obtained: `xml`, `embedded_xml`, `text_layer`, `ocr`, `text_layer+ocr`.
    #[serde(default)]
    pub text_method: String,
    /// Why it failed, or why it was rejected.
    #[serde(default)]
    pub reason: Option<String>,
    /// Why it failed in the catalog's words, when it has them (`said`): a client says it in
    /// the operator's language, else shows `reason` (a rejection's reason is the reviewer's
    /// own words and has none).
    #[serde(default)]
    pub reason_words: Option<crate::said::Words>,
    /// The issuer mapping that read it, if one did.
    #[serde(default, alias = "template")]
    pub mapping: Option<String>,
    pub edits: Vec<FieldEdit>,
    #[serde(default)]
    pub job: Option<JobId>,
}

/// Which invoices a list or export covers. Empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceFilter {
    #[serde(default)]
    pub state: Option<InvoiceState>,
    /// Case-insensitive substring of the issuer name or tax id.
    #[serde(default)]
    pub issuer: Option<String>,
    /// Issue date on or after (`YYYY-MM-DD`).
    #[serde(default)]
    pub from: Option<String>,
    /// Issue date on or before (`YYYY-MM-DD`).
    #[serde(default)]
    pub to: Option<String>,
}

/// A page of invoices, newest first; `next` is `Some` when there are more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvoicePage {
    pub invoices: Vec<InvoiceSummary>,
    pub next: Option<u64>,
}

/// Invoice counts per state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceCounts {
    pub processing: u64,
    pub waiting_validation: u64,
    pub processed: u64,
    pub rejected: u64,
    pub failed: u64,
}

impl InvoiceCounts {
    pub fn get(&self, state: InvoiceState) -> u64 {
        match state {
            InvoiceState::Processing => self.processing,
            InvoiceState::WaitingValidation => self.waiting_validation,
            InvoiceState::Processed => self.processed,
            InvoiceState::Rejected => self.rejected,
            InvoiceState::Failed => self.failed,
        }
    }
    pub fn get_mut(&mut self, state: InvoiceState) -> &mut u64 {
        match state {
            InvoiceState::Processing => &mut self.processing,
            InvoiceState::WaitingValidation => &mut self.waiting_validation,
            InvoiceState::Processed => &mut self.processed,
            InvoiceState::Rejected => &mut self.rejected,
            InvoiceState::Failed => &mut self.failed,
        }
    }
}

/// Answer to an upload or any other intake.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntakeOutcome {
    pub invoice: InvoiceSummary,
    /// `true` when the same bytes were already an invoice: `invoice` is that one.
    pub duplicate: bool,
}

/// A started chunked upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadTicket {
    pub upload: UploadId,
    /// Largest chunk the daemon accepts, in bytes (before base64).
    pub chunk_size: u32,
}

/// Field changes for `invoices_edit`: `None` clears a field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceEdit {
    pub fields: BTreeMap<FieldName, Option<String>>,
    /// Replaces every line item when set.
    #[serde(default)]
    pub line_items: Option<Vec<LineItem>>,
}

/// Answer to `invoices_mappings_reload`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingReport {
    pub dir: String,
    pub loaded: Vec<String>,
    pub problems: Vec<MappingProblem>,
}

/// Part of an invoice's original, for `invoices_download`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadChunk {
    pub file_name: String,
    /// Size of the whole original.
    pub total: u64,
    pub data_base64: String,
}
