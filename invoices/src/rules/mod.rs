//! Built-in rules: invoice fields out of plain text, as `pdftotext -layout` or Tesseract hand it
//! over (Spanish, English and German; noisy).
//!
//! The text is read line by line. Each line is folded (lower case, accents removed, `°`/`º`
//! read as `o`, so `N°` becomes `no`) and searched for labels from one table (`LABEL_SPECS` in
//! `labels`): where labels overlap the one starting first wins, and at the same start the
//! longest, so `Sub total` is not a `Total` and `Total qty` is nothing. A label owns the text
//! up to the next label on its line; its value is looked for there, or on the next line right
//! under it (column headers and OCR that puts values on their own line). Every value found
//! becomes a weighted candidate: strong labels weigh more than generic ones, values beside
//! their label more than values below.
//!
//! Then come the guesses without labels (the first date, a valid RUC, an RFC, a company name near
//! the top), the currency from codes and symbols, and finally the amounts are reconciled: the
//! combination of total, subtotal and tax that weighs most wins, with a bonus when
//! `subtotal + tax = total` and a penalty for a total below its parts; between equally good
//! totals the largest wins. Confidence is the winning candidate's weight.
//!
//! This file owns [`extract`] and the weights every step shares; each step has its file:
//! `text` (lines and folding), `labels` (the label table and finding labels), `values` (values
//! beside or under a label), `candidates` (weighted candidates per field), `scan` (reading every
//! label), `guesses` (what is found without labels), `currency`, `totals` (reconciling the
//! amounts) and `items` (line items). `verdict` says whether a text is an invoice at all.

mod candidates;
mod columns;
mod currency;
mod guesses;
mod items;
mod labels;
mod scan;
mod text;
mod totals;
mod values;
mod verdict;

use crate::Extraction;

use candidates::Found;
use columns::paid_totals;
use currency::guess_currency;
use guesses::{guess_invoice_number, guess_issue_date, guess_issuer_name, guess_tax_ids};
use items::line_items;
use scan::scan_labels;
use text::Document;

pub use verdict::{is_invoice_like, reads_like_invoice};

/// Reads the fields of the invoice or receipt in `text`. Every field carries
/// [`FieldSource::Rules`](crate::FieldSource::Rules) and a confidence between 0 and 1.
pub fn extract(text: &str) -> Extraction {
    let doc = Document::new(text);
    let mut found = Found::default();
    let contexts = scan_labels(&doc, &mut found);
    found.paid = paid_totals(&doc, &found);
    guess_issue_date(&doc, &mut found);
    guess_tax_ids(&doc, &contexts, &mut found);
    guess_invoice_number(&doc, &mut found);
    guess_issuer_name(&doc, &contexts, &mut found);
    guess_currency(&doc, &mut found);
    let mut extraction = found.into_extraction(doc.lines.len());
    extraction.line_items = line_items(&doc);
    extraction
}

// ---------------------------------------------------------------------------------------------
// Weights
// ---------------------------------------------------------------------------------------------

/// A total printed after the rounding adjustment (`Total after adj.`, `Rounded total`): by its
/// name the last word on the amount, above the totals printed before it.
const FINAL: f32 = 0.95;
/// A label that names exactly one field: `Total a pagar`, `Fecha de emisión`, `RUC`.
const STRONG: f32 = 0.9;
/// A label that usually names the field: `Total`, `Fecha`, `IVA`.
const PLAIN: f32 = 0.75;
/// A label that may name the field: `vom`, `Zahlbetrag`, a document title.
const WEAK: f32 = 0.55;
/// Lost when the value sits under its label on the next line, in its column.
const BELOW_ALIGNED: f32 = 0.1;
/// Lost when the value sits alone on the next line, not in the label's column.
const BELOW_LOOSE: f32 = 0.2;
/// Lost when the value is paired with its label across a stacked column (see `columns`).
const STACKED: f32 = 0.15;
/// Lost when the label's text holds several amounts (a summary row) and the last one is taken.
const SHARED: f32 = 0.1;
/// Weight of a date after the invoice number on the title line (`Rechnung Nr. 12 vom …`).
const TITLE_DATE: f32 = 0.85;
/// Weight of a date found without a label (the first one in the document).
const UNLABELLED_DATE: f32 = 0.45;
/// Bonus for amounts that add up: `subtotal + tax = total`.
const CONSISTENT: f32 = 0.6;
/// Penalty for a total smaller than its subtotal or its tax.
const TOTAL_BELOW_PART: f32 = 1.0;

#[cfg(test)]
mod invoice_tests;
#[cfg(test)]
mod receipt_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod verdict_tests;
