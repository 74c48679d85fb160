//! What reading an invoice produces: extracted fields with their source and confidence, line
//! items, document kinds, warnings and mapping problems. One definition serves the reader
//! (`centralita-invoices` makes them), the daemon (stores them) and the RPC contract
//! (`centralita-protocol` re-exports them), so stored records and the wire cannot drift apart.
//!
//! Field values are normalised strings: amounts are plain decimals with a `.` and no grouping
//! (`1234.50`), dates are ISO (`2024-11-15`), currencies are ISO 4217 codes (`PEN`).

pub mod said;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

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
    /// An issuer mapping; records from before the name say `template`.
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
    /// `message` in the catalog's words, when it has them (a failed reading completed by hand:
    /// `read_failed_by_hand`, with the failure's own words inside); none in warnings from
    /// before them, and in those a client shows as `message`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<Words>,
}

/// A sentence of the protocol's catalog (`centralita_protocol::said`, which re-exports it as
/// `said::Words`) as it travels inside a record (a job's error, an audit entry's detail, a
/// warning): its key's name and the values that fill it. The record keeps the English beside
/// it for clients that do not know the key. Defined here, at the bottom of the crates, so an
/// invoice's warning can keep one too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Words {
    pub key: String,
    #[serde(default)]
    pub args: Vec<String>,
    /// The last value is itself a sentence of the catalog (a refusal's reason inside a
    /// sentence that says what it stopped): its words, for a client to say it in its
    /// language too; none when the last value is plain data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inner: Option<Box<Words>>,
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

/// A mapping file that did not load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingProblem {
    pub file: String,
    pub line: u32,
    pub message: String,
}
