//! UBL 2.0/2.1: Invoice, CreditNote and DebitNote (PEPPOL, XRechnung, SUNAT Peru, DIAN
//! Colombia), with their parties, totals and lines.

use rust_decimal::Decimal;

use super::SUNAT_NAMESPACE;
use super::values::{
    Line, Party, amount, currency, decimal, in_currency, iso_date, keep_first, put, put_all, sum,
    with_parties_and_lines,
};
use super::walk::{Attributes, Handler};
use crate::{Extraction, FieldName};

/// UBL Invoice, CreditNote and DebitNote (PEPPOL, XRechnung, SUNAT, DIAN).
#[derive(Default)]
pub(super) struct Ubl {
    found: Extraction,
    version: Option<String>,
    /// The root declares the SUNAT namespace.
    sunat_namespace: bool,
    payment_due_date: Option<String>,
    supplier: UblParty,
    customer: UblParty,
    totals: UblTotals,
    /// Document-level cac:TaxTotal/cbc:TaxAmount with their currencyID.
    taxes: Vec<(Decimal, Option<String>)>,
    /// SUNAT UBL 2.0 sac:AdditionalMonetaryTotal: ID and PayableAmount.
    sunat_totals: Vec<(Option<String>, Option<Decimal>)>,
    lines: Vec<Line>,
}

/// cac:LegalMonetaryTotal (cac:RequestedMonetaryTotal in a DebitNote).
#[derive(Default)]
struct UblTotals {
    tax_exclusive: Option<String>,
    line_extension: Option<String>,
    tax_inclusive: Option<String>,
    payable: Option<String>,
}

fn is_ubl_line(name: &str) -> bool {
    matches!(name, "InvoiceLine" | "CreditNoteLine" | "DebitNoteLine")
}

impl Handler for Ubl {
    fn open(&mut self, path: &[&str], attributes: &Attributes) {
        match path {
            [_] => {
                self.sunat_namespace = attributes
                    .0
                    .iter()
                    .any(|(_, value)| value.starts_with(SUNAT_NAMESPACE));
            }
            [_, line] if is_ubl_line(line) => self.lines.push(Line::default()),
            [_, "UBLExtensions", .., "AdditionalMonetaryTotal"] => {
                self.sunat_totals.push((None, None));
            }
            _ => {}
        }
    }

    fn value(&mut self, path: &[&str], attributes: &Attributes, text: &str) {
        let [_, path @ ..] = path else { return };
        let found = &mut self.found;
        match path {
            ["UBLVersionID"] => keep_first(&mut self.version, Some(text.to_owned())),
            ["ID"] => put(found, FieldName::InvoiceNumber, Some(text.to_owned())),
            ["IssueDate"] => put(found, FieldName::IssueDate, iso_date(text)),
            ["DueDate"] => put(found, FieldName::DueDate, iso_date(text)),
            ["PaymentMeans", "PaymentDueDate"] => {
                keep_first(&mut self.payment_due_date, iso_date(text));
            }
            ["DocumentCurrencyCode"] => put(found, FieldName::Currency, currency(text)),
            ["AccountingSupplierParty", party @ ..] => self.supplier.value(party, attributes, text),
            ["AccountingCustomerParty", party @ ..] => self.customer.value(party, attributes, text),
            ["LegalMonetaryTotal" | "RequestedMonetaryTotal", total] => {
                let totals = &mut self.totals;
                let slot = match *total {
                    "TaxExclusiveAmount" => &mut totals.tax_exclusive,
                    "LineExtensionAmount" => &mut totals.line_extension,
                    "TaxInclusiveAmount" => &mut totals.tax_inclusive,
                    "PayableAmount" => &mut totals.payable,
                    _ => return,
                };
                keep_first(slot, amount(text));
            }
            ["TaxTotal", "TaxAmount"] => {
                if let Some(tax) = decimal(text) {
                    let currency = attributes.get("currencyID").map(str::to_owned);
                    self.taxes.push((tax, currency));
                }
            }
            ["UBLExtensions", .., "AdditionalMonetaryTotal", field] => {
                if let Some((id, amount)) = self.sunat_totals.last_mut() {
                    match *field {
                        "ID" => keep_first(id, Some(text.to_owned())),
                        "PayableAmount" => *amount = amount.or(decimal(text)),
                        _ => {}
                    }
                }
            }
            [line, path @ ..] if is_ubl_line(line) => {
                if let Some(line) = self.lines.last_mut() {
                    line.ubl_value(path, text);
                }
            }
            _ => {}
        }
    }
}

impl Ubl {
    /// SUNAT's UBL 2.0, where cbc:TaxExclusiveAmount holds the tax, not the subtotal.
    fn is_sunat_2_0(&self) -> bool {
        self.version.as_deref() == Some("2.0")
            && (self.sunat_namespace || !self.sunat_totals.is_empty())
    }

    pub(super) fn finish(mut self) -> Extraction {
        let sunat = self.is_sunat_2_0();
        // Taxed, exonerated and unaffected sales (SUNAT catalogue 14: 1001, 1002, 1003).
        let sunat_sales = || {
            let sales = self
                .sunat_totals
                .iter()
                .filter(|(id, _)| matches!(id.as_deref(), Some("1001" | "1002" | "1003")));
            sum(sales.filter_map(|(_, amount)| *amount))
        };
        let totals = std::mem::take(&mut self.totals);
        let (subtotal, total) = if sunat {
            (totals.line_extension.or_else(sunat_sales), totals.payable)
        } else {
            (
                totals.tax_exclusive.or(totals.line_extension),
                totals.tax_inclusive.or(totals.payable),
            )
        };
        let currency = self.found.get(FieldName::Currency);
        let tax = sum(self
            .taxes
            .iter()
            .filter(|(_, tax_currency)| in_currency(tax_currency.as_deref(), currency))
            .map(|(tax, _)| *tax));
        put_all(
            &mut self.found,
            [
                (FieldName::Subtotal, subtotal),
                (FieldName::Tax, tax),
                (FieldName::Total, total),
                (FieldName::DueDate, self.payment_due_date),
            ],
        );
        with_parties_and_lines(
            self.found,
            self.supplier.into_fields(),
            self.customer.into_fields(),
            self.lines,
        )
    }
}

/// One UBL party's candidate names and tax ids, resolved in the order the rules prefer.
#[derive(Default)]
struct UblParty {
    registration_name: Option<String>,
    trading_name: Option<String>,
    tax_scheme_id: Option<String>,
    /// cac:PartyIdentification/cbc:ID with schemeID 6 (RUC) or 31 (NIT).
    national_id: Option<String>,
    /// SUNAT UBL 2.0: cbc:CustomerAssignedAccountID on the accounting party itself.
    assigned_account_id: Option<String>,
    legal_company_id: Option<String>,
}

impl UblParty {
    /// `path` is relative to cac:AccountingSupplierParty or cac:AccountingCustomerParty.
    fn value(&mut self, path: &[&str], attributes: &Attributes, text: &str) {
        let slot = match path {
            ["Party", "PartyLegalEntity", "RegistrationName"] => &mut self.registration_name,
            ["Party", "PartyName", "Name"] => &mut self.trading_name,
            ["Party", "PartyTaxScheme", "CompanyID"] => &mut self.tax_scheme_id,
            ["Party", "PartyIdentification", "ID"]
                if matches!(attributes.get("schemeID"), Some("6" | "31")) =>
            {
                &mut self.national_id
            }
            ["CustomerAssignedAccountID"] => &mut self.assigned_account_id,
            ["Party", "PartyLegalEntity", "CompanyID"] => &mut self.legal_company_id,
            _ => return,
        };
        keep_first(slot, Some(text.to_owned()));
    }

    /// Name and tax id.
    fn into_fields(self) -> Party {
        let tax_id = self
            .tax_scheme_id
            .or(self.national_id)
            .or(self.assigned_account_id)
            .or(self.legal_company_id);
        (self.registration_name.or(self.trading_name), tax_id)
    }
}
