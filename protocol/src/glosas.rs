//! Glosas: a payer's (EPS) objections to a clinic's invoices, read from mail, uploads and the
//! inbox folder, with the legal answer clock in Colombian business days.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::said::Words;
use crate::{GlosaId, InvoiceId};

/// Where a glosa stands.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GlosaState {
    /// Read, nobody looked yet.
    Received,
    InReview,
    /// Every item has a response.
    Answered,
    Closed,
}

impl GlosaState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::InReview => "in_review",
            Self::Answered => "answered",
            Self::Closed => "closed",
        }
    }
}

/// How close the answer's due date is.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Ok,
    /// 5 business days or fewer left.
    Soon,
    /// 2 business days or fewer left.
    Urgent,
    /// Past its term: tacitly accepted.
    Overdue,
}

/// A glosa as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlosaSummary {
    pub id: GlosaId,
    pub state: GlosaState,
    /// `glosa` or `devolucion`.
    pub kind: String,
    pub payer_name: String,
    pub payer_nit: String,
    /// The payer's notice (radicado) number.
    pub number: String,
    #[serde(default)]
    pub notice_date: Option<Date>,
    /// When it reached the clinic: the answer clock starts here.
    pub received_on: Date,
    /// The answer's due date (15 business days after receipt).
    pub due: Date,
    /// Business days left until `due` (0 on the day, negative after).
    pub days_left: i64,
    pub urgency: Urgency,
    /// The invoices it objects to, as the notice writes them.
    pub invoices: Vec<String>,
    /// Objected total, a decimal in the notice's currency (COP).
    pub total_objected: String,
    pub items: u32,
    /// Items whose code is in neither catalog.
    pub unknown_codes: u32,
    /// `mail: subject, from`, `upload`, `inbox`.
    pub origin: String,
}

/// One glosa in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlosaDetail {
    pub summary: GlosaSummary,
    pub provider_name: String,
    pub provider_nit: String,
    #[serde(default)]
    pub filed_date: Option<Date>,
    #[serde(default)]
    pub total_invoiced: Option<String>,
    /// Invoices of this tenant the glosa objects to (by number and provider tax id).
    pub linked_invoices: Vec<InvoiceId>,
    pub items: Vec<GlosaItem>,
    /// What reading the notice noticed (totals that do not add up, rows skipped).
    pub warnings: Vec<String>,
    /// The catalog's words of each warning (`said::GLOSA_WARNINGS`), in the same order as
    /// `warnings`, for a client to say them in the operator's language; empty for a glosa read
    /// before warnings had words (a client then shows the English).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warning_words: Vec<Words>,
    /// The notice's text as read (mail body, PDF text or the sheet's rows).
    pub source_text: String,
    /// The notice was not formulated within 20 business days of the invoice's filing: the
    /// invoice is tacitly accepted and the glosa can be rejected for it.
    pub late_notice: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One objected item and, once answered, the clinic's response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlosaItem {
    pub index: u32,
    /// Normalised (`FA0101`, `101`), or as written when unknown.
    pub code: String,
    /// `2284`, `3047` or `unknown`.
    pub code_system: String,
    /// The family's name (`Facturación`, `Tarifas`…), when known.
    #[serde(default)]
    pub family: String,
    /// The catalog's description of the code, when known.
    #[serde(default)]
    pub code_description: String,
    /// What the payer wrote about this item.
    pub description: String,
    #[serde(default)]
    pub service_code: String,
    #[serde(default)]
    pub quantity: Option<String>,
    #[serde(default)]
    pub invoiced: Option<String>,
    #[serde(default)]
    pub objected: Option<String>,
    #[serde(default)]
    pub response: Option<ItemResponse>,
}

/// The clinic's response to one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResponse {
    pub decision: Decision,
    /// The response code (`RE9901`, `RE9801`…).
    pub code: String,
    pub justification: String,
}

/// What the clinic says to an item.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "decision")]
pub enum Decision {
    /// The objection stands in full.
    Accepted,
    /// The clinic accepts this much (a decimal) of the objected value.
    PartiallyAccepted { value: String },
    /// The objection is answered in full (supports sent, the charge stands).
    NotAccepted,
}

/// A code of either catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlosaCode {
    pub system: String,
    pub code: String,
    pub family: String,
    pub description: String,
}

/// What the dashboard counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlosaCounts {
    /// Not closed and not answered.
    pub open: u64,
    /// Open, due within the next 5 business days.
    pub due_this_week: u64,
    /// Open and past the term.
    pub overdue: u64,
}

/// An exported answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlosaExport {
    pub file_name: String,
    pub data_base64: String,
}
