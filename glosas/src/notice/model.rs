//! What a notice holds once read: the header a payer writes and one [`Item`] per objected line.

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::said::Words;

/// Whether the payer objects to part of an invoice (glosa, after the full review) or sends the
/// whole invoice back (devolución, at the preliminary review), providers.md §7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    #[default]
    Glosa,
    Devolucion,
}

impl NoticeKind {
    /// The word a payer writes for it: `glosa`, `devolución`.
    pub fn as_spanish(self) -> &'static str {
        match self {
            Self::Glosa => "glosa",
            Self::Devolucion => "devolución",
        }
    }
}

/// A glosa or devolución notice as the payer wrote it. Text is kept as written (trimmed, with
/// its whitespace collapsed); NITs are digits with the check digit after a dash when the notice
/// gives one (`800123456-1`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Notice {
    pub kind: NoticeKind,
    /// The payer (EPS / entidad responsable de pago).
    #[serde(default)]
    pub payer_name: Option<String>,
    #[serde(default)]
    pub payer_nit: Option<String>,
    /// The provider (IPS / prestador): the clinic.
    #[serde(default)]
    pub provider_name: Option<String>,
    #[serde(default)]
    pub provider_nit: Option<String>,
    /// The notice's own number: glosa number, devolución number or radicado.
    #[serde(default)]
    pub number: Option<String>,
    /// When the payer notified the notice.
    #[serde(default)]
    pub notice_date: Option<Date>,
    /// When the invoice was filed (radicada) with the payer.
    #[serde(default)]
    pub filed_date: Option<Date>,
    /// The invoices objected, prefix and number as written (`FEV 12345`).
    #[serde(default)]
    pub invoices: Vec<String>,
    #[serde(default)]
    pub total_invoiced: Option<Decimal>,
    #[serde(default)]
    pub total_objected: Option<Decimal>,
    #[serde(default)]
    pub items: Vec<Item>,
    /// What the reader noticed and could not fix: totals that do not add up, a missing NIT, rows
    /// it could not read (with their row or line number).
    #[serde(default)]
    pub warnings: Vec<String>,
    /// The catalog's words of each warning ([`crate::said`]), in the same order as
    /// `warnings`, for a client to say them in the operator's language; empty in notices kept
    /// from before warnings had words.
    #[serde(default)]
    pub warning_words: Vec<Words>,
}

/// One objected line of a notice.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Item {
    /// The glosa code as written, trimmed (`FA0101`, `TA 0201`, `223`); normalised elsewhere.
    pub code_raw: String,
    /// The payer's justification text.
    #[serde(default)]
    pub description: String,
    /// The service objected: a CUPS (procedure) or CUM (medicine) code.
    #[serde(default)]
    pub service_code: Option<String>,
    #[serde(default)]
    pub quantity: Option<Decimal>,
    #[serde(default)]
    pub invoiced: Option<Decimal>,
    /// The value objected (valor glosado).
    #[serde(default)]
    pub objected: Option<Decimal>,
    /// The invoice this line belongs to, when the notice says it per line.
    #[serde(default)]
    pub invoice: Option<String>,
}
