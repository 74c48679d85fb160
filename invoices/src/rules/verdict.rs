//! Whether a text is an invoice or a receipt at all, for sources that bring any text: a mail's
//! body, a `.txt` attachment. Uploads need no verdict (the operator chose the file); mail
//! brings conversations, newsletters and notes too, and each would otherwise become an invoice.
//!
//! A total alone does not do: conversations and newsletters mention sums (`pago total de 500`,
//! `precio total del combo`). A document also names itself: an invoice number, the issuer's
//! tax id, or a date its label calls the document's date (any date in a text is no proof).

use crate::{Extraction, FieldName};

use super::extract;
use super::labels::{Slot, find_hits};
use super::text::fold_char;

/// Least confidence in the total: a labelled total, even one read off the next line.
const MIN_TOTAL: f32 = 0.5;
/// Least confidence in an invoice number or the issuer's tax id.
const MIN_IDENTITY: f32 = 0.6;
/// Least confidence in the issue date: a date with a date label beside it, not merely the
/// first date in the text (meeting notes and offers have those).
const MIN_DATE: f32 = 0.8;

/// Whether `text` reads like an invoice or a receipt (see the module docs).
pub fn reads_like_invoice(text: &str) -> bool {
    // Mail is mostly no invoice, and reading a text in full costs a millisecond or more: first
    // what a total cannot do without, digits and a label of an amount or a payment.
    text.bytes().any(|byte| byte.is_ascii_digit())
        && has_amount_label(text)
        && is_invoice_like(&extract(text))
}

/// Whether a line has the label of an amount (a total, or a subtotal or tax a total is
/// computed from) or of a payment (a total is what was paid less the change): the rules find
/// no total without one.
fn has_amount_label(text: &str) -> bool {
    text.lines().any(|line| {
        let folded: String = line.chars().map(fold_char).collect();
        find_hits(&folded).iter().any(|hit| {
            hit.slot().is_amount() || matches!(hit.slot(), Slot::Tendered | Slot::Change)
        })
    })
}

/// Whether the rules' reading of a text found an invoice or a receipt in it: a total, and an
/// invoice number, the issuer's tax id or a labelled issue date.
pub fn is_invoice_like(extraction: &Extraction) -> bool {
    let sure = |name, least| {
        extraction
            .fields
            .get(&name)
            .is_some_and(|field| field.confidence >= least)
    };
    sure(FieldName::Total, MIN_TOTAL)
        && (sure(FieldName::InvoiceNumber, MIN_IDENTITY)
            || sure(FieldName::IssuerTaxId, MIN_IDENTITY)
            || sure(FieldName::IssueDate, MIN_DATE))
}
