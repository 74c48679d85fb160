//! Mexican CFDI 3.2/3.3/4.0, where every value is an attribute. CFDI 3.2 writes the attribute
//! names in lower camel case (`folio`, `subTotal`, `Emisor/@rfc`) where 3.3 and 4.0 capitalise
//! them (`Folio`, `SubTotal`, `Emisor/@Rfc`); both spellings are read alike.

use rust_decimal::Decimal;

use super::values::{amount, currency, decimal, iso_date, put, put_all, sum};
use super::walk::{Attributes, Handler};
use crate::{Extraction, FieldName, LineItem};

/// A Mexican CFDI, where every value is an attribute.
#[derive(Default)]
pub(super) struct Cfdi {
    found: Extraction,
    /// Document-level transferred taxes, for a 3.2 `Impuestos` without its total.
    transfers: Vec<Decimal>,
}

/// The value of `name` as CFDI 3.3/4.0 spell it (`SubTotal`), else as 3.2 does (`subTotal`).
fn get<'a>(attributes: &'a Attributes, name: &str) -> Option<&'a str> {
    attributes.get(name).or_else(|| {
        let mut chars = name.chars();
        let first = chars.next()?;
        let lower: String = first.to_lowercase().chain(chars).collect();
        attributes.get(&lower)
    })
}

/// `Moneda`: an ISO code; CFDI 3.2 predates the SAT catalog and also has `MN`, `Pesos`, `M.N.`.
fn cfdi_currency(text: &str) -> Option<String> {
    let folded: String = text
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase)
        .collect();
    match folded.as_str() {
        "MN" | "MXP" | "PESO" | "PESOS" | "PESOMEXICANO" | "PESOSMEXICANOS" | "MONEDANACIONAL" => {
            Some("MXN".to_owned())
        }
        "DOLAR" | "DOLARES" | "DLLS" | "DOLARESAMERICANOS" => Some("USD".to_owned()),
        _ => currency(text),
    }
}

impl Cfdi {
    pub(super) fn finish(mut self) -> Extraction {
        if !self.transfers.is_empty() {
            put(
                &mut self.found,
                FieldName::Tax,
                sum(self.transfers.iter().copied()),
            );
        }
        self.found
    }
}

impl Handler for Cfdi {
    fn open(&mut self, path: &[&str], attributes: &Attributes) {
        let text = |key| get(attributes, key).map(str::to_owned);
        let amount_of = |key| get(attributes, key).and_then(amount);
        let found = &mut self.found;
        match path {
            [_] => {
                let number: String = [get(attributes, "Serie"), get(attributes, "Folio")]
                    .into_iter()
                    .flatten()
                    .collect();
                put_all(
                    found,
                    [
                        (
                            FieldName::InvoiceNumber,
                            Some(number).filter(|n| !n.is_empty()),
                        ),
                        (
                            FieldName::IssueDate,
                            get(attributes, "Fecha").and_then(iso_date),
                        ),
                        (
                            FieldName::Currency,
                            get(attributes, "Moneda").and_then(cfdi_currency),
                        ),
                        (FieldName::Subtotal, amount_of("SubTotal")),
                        (FieldName::Total, amount_of("Total")),
                    ],
                );
            }
            [_, "Emisor"] => put_all(
                found,
                [
                    (FieldName::IssuerName, text("Nombre")),
                    (FieldName::IssuerTaxId, text("Rfc")),
                ],
            ),
            [_, "Receptor"] => put_all(
                found,
                [
                    (FieldName::BuyerName, text("Nombre")),
                    (FieldName::BuyerTaxId, text("Rfc")),
                ],
            ),
            [_, "Impuestos"] => put(
                found,
                FieldName::Tax,
                amount_of("TotalImpuestosTrasladados"),
            ),
            [_, "Impuestos", "Traslados", "Traslado"] => {
                self.transfers
                    .extend(get(attributes, "Importe").and_then(decimal));
            }
            [_, "Conceptos", "Concepto"] => found.line_items.push(LineItem {
                description: text("Descripcion").unwrap_or_default(),
                quantity: amount_of("Cantidad"),
                unit_price: amount_of("ValorUnitario"),
                amount: amount_of("Importe"),
            }),
            _ => {}
        }
    }
}
