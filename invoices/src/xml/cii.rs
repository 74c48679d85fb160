//! UN/CEFACT Cross Industry Invoice: Factur-X / ZUGFeRD 2.x and ZUGFeRD 1.0 (2.x names first,
//! 1.0 names second in each pattern).

use super::values::{
    Line, Party, amount, cii_date, currency, in_currency, keep_first, put, with_parties_and_lines,
};
use super::walk::{Attributes, Handler};
use crate::{Extraction, FieldName};

/// A Cross Industry Invoice (2.x names first, ZUGFeRD 1.0 names second in each pattern).
#[derive(Default)]
pub(super) struct Cii {
    found: Extraction,
    seller: CiiParty,
    buyer: CiiParty,
    /// Header TaxTotalAmount values with their currencyID.
    taxes: Vec<(String, Option<String>)>,
    lines: Vec<Line>,
}

impl Handler for Cii {
    fn open(&mut self, path: &[&str], _attributes: &Attributes) {
        if let [
            _,
            "SupplyChainTradeTransaction" | "SpecifiedSupplyChainTradeTransaction",
            "IncludedSupplyChainTradeLineItem",
        ] = path
        {
            self.lines.push(Line::default());
        }
    }

    fn value(&mut self, path: &[&str], attributes: &Attributes, text: &str) {
        match path {
            [_, "ExchangedDocument" | "HeaderExchangedDocument", "ID"] => {
                put(
                    &mut self.found,
                    FieldName::InvoiceNumber,
                    Some(text.to_owned()),
                );
            }
            [
                _,
                "ExchangedDocument" | "HeaderExchangedDocument",
                "IssueDateTime",
                "DateTimeString",
            ] => put(
                &mut self.found,
                FieldName::IssueDate,
                cii_date(text, attributes.get("format")),
            ),
            [
                _,
                "SupplyChainTradeTransaction" | "SpecifiedSupplyChainTradeTransaction",
                path @ ..,
            ] => {
                self.transaction(path, attributes, text);
            }
            _ => {}
        }
    }
}

impl Cii {
    /// `path` is relative to the trade transaction.
    fn transaction(&mut self, path: &[&str], attributes: &Attributes, text: &str) {
        match path {
            [
                "ApplicableHeaderTradeAgreement" | "ApplicableSupplyChainTradeAgreement",
                party,
                path @ ..,
            ] => match *party {
                "SellerTradeParty" => self.seller.value(path, attributes, text),
                "BuyerTradeParty" => self.buyer.value(path, attributes, text),
                _ => {}
            },
            [
                "ApplicableHeaderTradeSettlement" | "ApplicableSupplyChainTradeSettlement",
                path @ ..,
            ] => {
                self.settlement(path, attributes, text);
            }
            ["IncludedSupplyChainTradeLineItem", path @ ..] => {
                if let Some(line) = self.lines.last_mut() {
                    line.cii_value(path, text);
                }
            }
            _ => {}
        }
    }

    /// `path` is relative to the header trade settlement.
    fn settlement(&mut self, path: &[&str], attributes: &Attributes, text: &str) {
        let found = &mut self.found;
        match path {
            ["InvoiceCurrencyCode"] => put(found, FieldName::Currency, currency(text)),
            [
                "SpecifiedTradePaymentTerms",
                "DueDateDateTime",
                "DateTimeString",
            ] => put(
                found,
                FieldName::DueDate,
                cii_date(text, attributes.get("format")),
            ),
            [
                "SpecifiedTradeSettlementHeaderMonetarySummation"
                | "SpecifiedTradeSettlementMonetarySummation",
                total,
            ] => match *total {
                "TaxBasisTotalAmount" => put(found, FieldName::Subtotal, amount(text)),
                "GrandTotalAmount" => put(found, FieldName::Total, amount(text)),
                "TaxTotalAmount" => {
                    if let Some(tax) = amount(text) {
                        let currency = attributes.get("currencyID").map(str::to_owned);
                        self.taxes.push((tax, currency));
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }

    pub(super) fn finish(mut self) -> Extraction {
        // The tax in the invoice currency (or without one); failing that, the first.
        let currency = self.found.get(FieldName::Currency);
        let tax = self
            .taxes
            .iter()
            .find(|(_, tax_currency)| in_currency(tax_currency.as_deref(), currency))
            .or(self.taxes.first())
            .map(|(tax, _)| tax.clone());
        put(&mut self.found, FieldName::Tax, tax);
        with_parties_and_lines(
            self.found,
            self.seller.into_fields(),
            self.buyer.into_fields(),
            self.lines,
        )
    }
}

/// A CII trade party: its name and tax registrations, VAT (`VA`) preferred over the national
/// fiscal number (`FC`), then any other.
#[derive(Default)]
struct CiiParty {
    name: Option<String>,
    vat_id: Option<String>,
    fiscal_id: Option<String>,
    other_id: Option<String>,
}

impl CiiParty {
    /// `path` is relative to ram:SellerTradeParty or ram:BuyerTradeParty.
    fn value(&mut self, path: &[&str], attributes: &Attributes, text: &str) {
        let slot = match path {
            ["Name"] => &mut self.name,
            ["SpecifiedTaxRegistration", "ID"] => match attributes.get("schemeID") {
                Some("VA") => &mut self.vat_id,
                Some("FC") => &mut self.fiscal_id,
                _ => &mut self.other_id,
            },
            _ => return,
        };
        keep_first(slot, Some(text.to_owned()));
    }

    /// Name and tax id.
    fn into_fields(self) -> Party {
        let tax_id = self.vat_id.or(self.fiscal_id).or(self.other_id);
        (self.name, tax_id)
    }
}
