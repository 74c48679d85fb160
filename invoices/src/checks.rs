//! Checks on an extraction, turned into warnings for the reviewer: totals that do not add up,
//! line items that do not add up to the subtotal, tax identifiers that fail their check digit,
//! and implausible dates. Duplicate invoice numbers are checked where the invoices are stored.

use jiff::ToSpan;
use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::amounts::{DecimalSeparator, parse_amount};
use crate::dates::{DateOrder, parse_date};
use crate::said::{self, Sentence, said};
use crate::taxid::{TaxIdStatus, check_rfc, check_ruc, check_tax_id};
use crate::{Extraction, FieldName, InvoiceWarning};

/// How far apart two amounts may be and still agree (rounding of the last cent).
const TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// How many years back an issue date may be before it is flagged as old.
const OLD_AFTER_YEARS: i16 = 5;

/// Every warning `extraction` deserves, in a stable order. `today` is the reviewer's date.
pub fn check(extraction: &Extraction, today: Date) -> Vec<InvoiceWarning> {
    let mut warnings = Vec::new();
    check_totals(extraction, &mut warnings);
    check_lines(extraction, &mut warnings);
    check_tax_ids(extraction, &mut warnings);
    check_dates(extraction, today, &mut warnings);
    warnings
}

/// A warning: its English, and the catalog's words for a client to say it in its language.
fn warning(code: &str, sentence: Sentence) -> InvoiceWarning {
    InvoiceWarning {
        code: code.to_owned(),
        message: sentence.text,
        words: Some(sentence.words),
    }
}

/// Reads a stored amount: normalised (`1234.50`), or as typed by someone editing the preview.
fn amount(text: &str) -> Option<Decimal> {
    parse_amount(text, Some(DecimalSeparator::Dot)).or_else(|| parse_amount(text, None))
}

fn field_amount(extraction: &Extraction, name: FieldName) -> Option<Decimal> {
    extraction.get(name).and_then(amount)
}

fn field_date(extraction: &Extraction, name: FieldName) -> Option<Date> {
    extraction
        .get(name)
        .and_then(|text| parse_date(text, DateOrder::DayFirst))
}

/// `totals_mismatch`: subtotal + tax must equal the total.
fn check_totals(extraction: &Extraction, warnings: &mut Vec<InvoiceWarning>) {
    let (Some(subtotal), Some(tax), Some(total)) = (
        field_amount(extraction, FieldName::Subtotal),
        field_amount(extraction, FieldName::Tax),
        field_amount(extraction, FieldName::Total),
    ) else {
        return;
    };
    let sum = subtotal + tax;
    if (sum - total).abs() > TOLERANCE {
        warnings.push(warning(
            "totals_mismatch",
            said!(
                said::TOTALS_MISMATCH,
                subtotal,
                tax,
                sum,
                total,
                total - sum
            ),
        ));
    }
}

/// `lines_mismatch`: the line amounts must add up to the subtotal. Lines priced with tax
/// included add up to the total instead, which is accepted too.
fn check_lines(extraction: &Extraction, warnings: &mut Vec<InvoiceWarning>) {
    let Some(subtotal) = field_amount(extraction, FieldName::Subtotal) else {
        return;
    };
    let amounts: Vec<Decimal> = extraction
        .line_items
        .iter()
        .filter_map(|line| line.amount.as_deref().and_then(amount))
        .collect();
    if amounts.is_empty() {
        return;
    }
    let sum: Decimal = amounts.iter().sum();
    let agrees = |expected: Decimal| (sum - expected).abs() <= TOLERANCE;
    let total = field_amount(extraction, FieldName::Total);
    if agrees(subtotal) || total.is_some_and(agrees) {
        return;
    }
    warnings.push(warning(
        "lines_mismatch",
        said!(
            said::LINES_MISMATCH,
            amounts.len(),
            sum,
            subtotal,
            subtotal - sum
        ),
    ));
}

/// `tax_id_invalid`: the issuer's and the buyer's tax identifiers must pass their scheme's
/// check. The scheme is guessed from the identifier's shape; when the shape is not conclusive
/// the currency hints at it (PEN → RUC, MXN → RFC). Unknown schemes are not flagged.
fn check_tax_ids(extraction: &Extraction, warnings: &mut Vec<InvoiceWarning>) {
    let currency = extraction.get(FieldName::Currency).unwrap_or_default();
    for (field, key) in [
        (FieldName::IssuerTaxId, said::ISSUER_TAX_ID_INVALID),
        (FieldName::BuyerTaxId, said::BUYER_TAX_ID_INVALID),
    ] {
        let Some(id) = extraction.get(field) else {
            continue;
        };
        if let TaxIdStatus::Invalid(why) = check_with_hint(id, currency) {
            warnings.push(warning(
                "tax_id_invalid",
                key.say_because(vec![id.to_owned()], why),
            ));
        }
    }
}

/// Checks `id` with the guessed scheme, or with the currency's country's scheme when the guess
/// is inconclusive but the identifier is close to that scheme's shape. A NIT is never checked on
/// the currency alone: without a dash nobody knows whether its check digit is included.
fn check_with_hint(id: &str, currency: &str) -> TaxIdStatus {
    let guessed = check_tax_id(id);
    if guessed != TaxIdStatus::Unknown {
        return guessed;
    }
    let digits = id.chars().filter(char::is_ascii_digit).count();
    let letters = id.chars().filter(|c| c.is_alphabetic()).count();
    match currency {
        "PEN" if letters == 0 && digits == 11 => check_ruc(id),
        "MXN" if letters >= 3 && digits == 6 => check_rfc(id),
        _ => TaxIdStatus::Unknown,
    }
}

/// `date_future`, `date_old` and `due_before_issue`.
fn check_dates(extraction: &Extraction, today: Date, warnings: &mut Vec<InvoiceWarning>) {
    let issue = field_date(extraction, FieldName::IssueDate);
    if let Some(issue) = issue {
        if issue > today {
            warnings.push(warning(
                "date_future",
                said!(said::DATE_FUTURE, issue, today),
            ));
        }
        let limit = today
            .checked_sub(i64::from(OLD_AFTER_YEARS).years())
            .unwrap_or(Date::MIN);
        if issue < limit {
            warnings.push(warning(
                "date_old",
                said!(said::DATE_OLD, issue, OLD_AFTER_YEARS, today),
            ));
        }
    }
    if let (Some(issue), Some(due)) = (issue, field_date(extraction, FieldName::DueDate))
        && due < issue
    {
        warnings.push(warning(
            "due_before_issue",
            said!(said::DUE_BEFORE_ISSUE, due, issue),
        ));
    }
}

#[cfg(test)]
mod tests;
