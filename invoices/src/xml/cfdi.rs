//! Mexican CFDI 3.3/4.0, where every value is an attribute.

use super::values::{amount, currency, iso_date, put, put_all};
use super::walk::{Attributes, Handler};
use crate::{Extraction, FieldName, LineItem};

/// A Mexican CFDI, where every value is an attribute.
#[derive(Default)]
pub(super) struct Cfdi {
    pub(super) found: Extraction,
}

impl Handler for Cfdi {
    fn open(&mut self, path: &[&str], attributes: &Attributes) {
        let text = |key| attributes.get(key).map(str::to_owned);
        let found = &mut self.found;
        match path {
            [_] => {
                let number: String = [attributes.get("Serie"), attributes.get("Folio")]
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
                            attributes.get("Fecha").and_then(iso_date),
                        ),
                        (
                            FieldName::Currency,
                            attributes.get("Moneda").and_then(currency),
                        ),
                        (
                            FieldName::Subtotal,
                            attributes.get("SubTotal").and_then(amount),
                        ),
                        (FieldName::Total, attributes.get("Total").and_then(amount)),
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
            [_, "Impuestos"] => {
                let tax = attributes.get("TotalImpuestosTrasladados").and_then(amount);
                put(found, FieldName::Tax, tax);
            }
            [_, "Conceptos", "Concepto"] => found.line_items.push(LineItem {
                description: text("Descripcion").unwrap_or_default(),
                quantity: attributes.get("Cantidad").and_then(amount),
                unit_price: attributes.get("ValorUnitario").and_then(amount),
                amount: attributes.get("Importe").and_then(amount),
            }),
            _ => {}
        }
    }
}
