//! Values shared by the formats: setting fields once, normalising amounts, dates and currency
//! codes, and one invoice line being read.

use rust_decimal::Decimal;

use crate::{Extraction, FieldName, FieldSource, FieldValue, LineItem};

/// Sets a field unless it already has a value.
pub(super) fn put(found: &mut Extraction, name: FieldName, value: Option<String>) {
    if let Some(value) = value {
        found.fill(name, FieldValue::new(value, FieldSource::Xml, 1.0));
    }
}

/// [`put`] for each of `fields`.
pub(super) fn put_all(
    found: &mut Extraction,
    fields: impl IntoIterator<Item = (FieldName, Option<String>)>,
) {
    for (name, value) in fields {
        put(found, name, value);
    }
}

/// A trade party's name and tax id, as its format's rules resolve them.
pub(super) type Party = (Option<String>, Option<String>);

/// How a UBL or CII document ends: the issuer's and the buyer's names and tax ids (for fields
/// not found yet) and the invoice lines go into `found`.
pub(super) fn with_parties_and_lines(
    mut found: Extraction,
    (issuer_name, issuer_tax_id): Party,
    (buyer_name, buyer_tax_id): Party,
    lines: Vec<Line>,
) -> Extraction {
    put_all(
        &mut found,
        [
            (FieldName::IssuerName, issuer_name),
            (FieldName::IssuerTaxId, issuer_tax_id),
            (FieldName::BuyerName, buyer_name),
            (FieldName::BuyerTaxId, buyer_tax_id),
        ],
    );
    found.line_items = lines.into_iter().map(Line::into_item).collect();
    found
}

/// Keeps the first value found.
pub(super) fn keep_first(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

pub(super) fn decimal(text: &str) -> Option<Decimal> {
    text.trim().parse().ok()
}

/// A plain decimal with the document's digits (`473.00` stays `473.00`).
pub(super) fn amount(text: &str) -> Option<String> {
    decimal(text).map(|amount| amount.to_string())
}

/// The sum of `amounts`; `None` when there are none or it overflows.
pub(super) fn sum(amounts: impl IntoIterator<Item = Decimal>) -> Option<String> {
    let mut amounts = amounts.into_iter();
    let first = amounts.next()?;
    amounts
        .try_fold(first, Decimal::checked_add)
        .map(|total| total.to_string())
}

/// `YYYY-MM-DD` from an ISO date or date-time (`2021-01-13T14:15:16`, `2024-11-15+01:00`).
pub(super) fn iso_date(text: &str) -> Option<String> {
    let date: jiff::civil::Date = text.trim().get(..10)?.parse().ok()?;
    Some(date.to_string())
}

/// A CII `DateTimeString`: format 102 is `YYYYMMDD`; other formats are not single dates.
pub(super) fn cii_date(text: &str, format: Option<&str>) -> Option<String> {
    let text = text.trim();
    match format {
        None | Some("102") if text.len() == 8 && text.bytes().all(|byte| byte.is_ascii_digit()) => {
            iso_date(&format!("{}-{}-{}", &text[..4], &text[4..6], &text[6..]))
        }
        None => iso_date(text),
        _ => None,
    }
}

/// Whether an amount whose currencyID is `amount` counts in a document in `document`: a
/// missing currency on either side counts.
pub(super) fn in_currency(amount: Option<&str>, document: Option<&str>) -> bool {
    amount.is_none() || document.is_none() || amount == document
}

/// An ISO 4217 code.
pub(super) fn currency(text: &str) -> Option<String> {
    let text = text.trim();
    (text.len() == 3 && text.bytes().all(|byte| byte.is_ascii_alphabetic()))
        .then(|| text.to_ascii_uppercase())
}

/// One invoice line being read; numbers already normalised.
#[derive(Default)]
pub(super) struct Line {
    description: Option<String>,
    /// Used when there is no description.
    name: Option<String>,
    quantity: Option<String>,
    unit_price: Option<String>,
    amount: Option<String>,
}

impl Line {
    /// `path` is relative to cac:InvoiceLine / cac:CreditNoteLine / cac:DebitNoteLine.
    pub(super) fn ubl_value(&mut self, path: &[&str], text: &str) {
        let (slot, value) = match path {
            ["Item", "Description"] => (&mut self.description, Some(text.to_owned())),
            ["Item", "Name"] => (&mut self.name, Some(text.to_owned())),
            ["InvoicedQuantity" | "CreditedQuantity" | "DebitedQuantity"] => {
                (&mut self.quantity, amount(text))
            }
            ["Price", "PriceAmount"] => (&mut self.unit_price, amount(text)),
            ["LineExtensionAmount"] => (&mut self.amount, amount(text)),
            _ => return,
        };
        keep_first(slot, value);
    }

    /// `path` is relative to ram:IncludedSupplyChainTradeLineItem (CII 2.x and ZUGFeRD 1.0).
    pub(super) fn cii_value(&mut self, path: &[&str], text: &str) {
        let (slot, value) = match path {
            ["SpecifiedTradeProduct", "Name"] => (&mut self.description, Some(text.to_owned())),
            [
                "SpecifiedLineTradeDelivery" | "SpecifiedSupplyChainTradeDelivery",
                "BilledQuantity",
            ] => (&mut self.quantity, amount(text)),
            [
                "SpecifiedLineTradeAgreement" | "SpecifiedSupplyChainTradeAgreement",
                "NetPriceProductTradePrice",
                "ChargeAmount",
            ] => (&mut self.unit_price, amount(text)),
            [
                "SpecifiedLineTradeSettlement" | "SpecifiedSupplyChainTradeSettlement",
                "SpecifiedTradeSettlementLineMonetarySummation"
                | "SpecifiedTradeSettlementMonetarySummation",
                "LineTotalAmount",
            ] => (&mut self.amount, amount(text)),
            _ => return,
        };
        keep_first(slot, value);
    }

    pub(super) fn into_item(self) -> LineItem {
        LineItem {
            description: self.description.or(self.name).unwrap_or_default(),
            quantity: self.quantity,
            unit_price: self.unit_price,
            amount: self.amount,
        }
    }
}
