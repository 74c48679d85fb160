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

/// The header fields extracted from an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldName {
    IssuerName,
    IssuerTaxId,
    BuyerName,
    BuyerTaxId,
    InvoiceNumber,
    IssueDate,
    DueDate,
    Currency,
    Subtotal,
    Tax,
    Total,
}

/// What kind of value a field holds, which decides how it is parsed and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Date,
    Amount,
    Currency,
}

impl FieldName {
    pub const ALL: [Self; 11] = [
        Self::IssuerName,
        Self::IssuerTaxId,
        Self::BuyerName,
        Self::BuyerTaxId,
        Self::InvoiceNumber,
        Self::IssueDate,
        Self::DueDate,
        Self::Currency,
        Self::Subtotal,
        Self::Tax,
        Self::Total,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::IssuerName => "issuer_name",
            Self::IssuerTaxId => "issuer_tax_id",
            Self::BuyerName => "buyer_name",
            Self::BuyerTaxId => "buyer_tax_id",
            Self::InvoiceNumber => "invoice_number",
            Self::IssueDate => "issue_date",
            Self::DueDate => "due_date",
            Self::Currency => "currency",
            Self::Subtotal => "subtotal",
            Self::Tax => "tax",
            Self::Total => "total",
        }
    }

    pub fn kind(self) -> FieldKind {
        match self {
            Self::IssueDate | Self::DueDate => FieldKind::Date,
            Self::Subtotal | Self::Tax | Self::Total => FieldKind::Amount,
            Self::Currency => FieldKind::Currency,
            _ => FieldKind::Text,
        }
    }
}

impl fmt::Display for FieldName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FieldName {
    type Err = String;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let value = value.trim().replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|name| name.as_str() == value)
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|name| name.as_str()).collect();
                format!("unknown field {value:?}: use one of {}", names.join(", "))
            })
    }
}

/// Who found a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldSource {
    Xml,
    /// An issuer mapping (`<data_dir>/invoice-mappings/`); `template` before they were named so.
    #[serde(alias = "template")]
    Mapping,
    Rules,
    Llm,
    Operator,
}

impl FieldSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Xml => "xml",
            Self::Mapping => "mapping",
            Self::Rules => "rules",
            Self::Llm => "llm",
            Self::Operator => "operator",
        }
    }
}

impl fmt::Display for FieldSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One extracted value with where it came from and how sure the extractor is (0.0–1.0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldValue {
    pub value: String,
    pub source: FieldSource,
    pub confidence: f32,
}

impl FieldValue {
    pub fn new(value: impl Into<String>, source: FieldSource, confidence: f32) -> Self {
        Self {
            value: value.into(),
            source,
            confidence,
        }
    }
}

/// One invoice line. Numbers are normalised decimal strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItem {
    pub description: String,
    #[serde(default)]
    pub quantity: Option<String>,
    #[serde(default)]
    pub unit_price: Option<String>,
    #[serde(default)]
    pub amount: Option<String>,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    #[serde(default)]
    pub fields: BTreeMap<FieldName, FieldValue>,
    #[serde(default)]
    pub line_items: Vec<LineItem>,
}

impl Extraction {
    pub fn get(&self, name: FieldName) -> Option<&str> {
        self.fields.get(&name).map(|field| field.value.as_str())
    }

    /// Sets `name` unless it already has a value.
    pub fn fill(&mut self, name: FieldName, value: FieldValue) {
        self.fields.entry(name).or_insert(value);
    }

    /// Takes every field and the line items `other` has and `self` lacks.
    pub fn fill_from(&mut self, other: Extraction) {
        for (name, value) in other.fields {
            self.fill(name, value);
        }
        if self.line_items.is_empty() {
            self.line_items = other.line_items;
        }
    }
}

/// Something the reviewer should look at before confirming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceWarning {
    /// Stable code: `totals_mismatch`, `lines_mismatch`, `tax_id_invalid`, `date_future`,
    /// `date_old`, `duplicate_number`, `llm_failed`, `low_confidence`.
    pub code: String,
    pub message: String,
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

/// What kind of document the original is, detected from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Pdf,
    Jpeg,
    Png,
    Tiff,
    UblInvoice,
    UblCreditNote,
    DianAttachedDocument,
    Cfdi,
    /// UN/CEFACT Cross Industry Invoice (Factur-X/ZUGFeRD/XRechnung CII), alone or in a PDF.
    Cii,
    /// Plain text (UTF-8, UTF-16 with a byte order mark, or Latin-1/Windows-1252): a receipt's
    /// or an invoice's text, read as it is.
    Text,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpeg",
            Self::Png => "png",
            Self::Tiff => "tiff",
            Self::UblInvoice => "ubl_invoice",
            Self::UblCreditNote => "ubl_credit_note",
            Self::DianAttachedDocument => "dian_attached_document",
            Self::Cfdi => "cfdi",
            Self::Cii => "cii",
            Self::Text => "text",
        }
    }

    pub fn is_xml(self) -> bool {
        matches!(
            self,
            Self::UblInvoice
                | Self::UblCreditNote
                | Self::DianAttachedDocument
                | Self::Cfdi
                | Self::Cii
        )
    }

    pub fn is_image(self) -> bool {
        matches!(self, Self::Jpeg | Self::Png | Self::Tiff)
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
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

/// A mapping file that did not load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingProblem {
    pub file: String,
    pub line: u32,
    pub message: String,
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
