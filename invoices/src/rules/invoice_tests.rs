//! Text-layer invoices from issuers and languages the rules have never seen, written for these
//! tests (fictitious parties; VAT numbers computed to pass their checks).

use super::extract;
use crate::{Extraction, FieldName};

#[track_caller]
fn assert_fields(text: &str, expected: &[(FieldName, &str)]) -> Extraction {
    let found = extract(text);
    for &(name, value) in expected {
        assert_eq!(found.get(name), Some(value), "{name}: {found:#?}");
    }
    found
}

#[test]
fn a_german_invoice_with_seller_and_buyer_blocks() {
    let text = "\
Verkäufer:                                   Rechnungsempfänger:
Nordlicht Werkzeuge GmbH                     Baumarkt Süd AG
Hafenstraße 3                                Industrieweg 9
20457 Hamburg                                80331 München
USt-IdNr.: DE811907980                       USt-IdNr.: DE136695976

Rechnungsnummer: NW-2018-0042
Rechnungsdatum: 5. März 2018

Pos  Bezeichnung              Menge   Einzelpreis   Gesamtpreis
1    Schraubendreher-Set         2        25,00         50,00
2    Akkubohrer                  1       150,00        150,00

Nettobetrag                                            200,00
Umsatzsteuer 19 %                                       38,00
Gesamtbetrag                                           238,00 EUR
";
    assert_fields(
        text,
        &[
            (FieldName::IssuerName, "Nordlicht Werkzeuge GmbH"),
            (FieldName::IssuerTaxId, "DE811907980"),
            (FieldName::InvoiceNumber, "NW-2018-0042"),
            (FieldName::IssueDate, "2018-03-05"),
            (FieldName::Subtotal, "200.00"),
            (FieldName::Tax, "38.00"),
            (FieldName::Total, "238.00"),
            (FieldName::Currency, "EUR"),
        ],
    );
}

#[test]
fn a_french_invoice_with_its_number_and_date_in_the_title() {
    let text = "\
Atelier Lumière SARL
12 rue des Lilas, 69003 Lyon
N° TVA : FR40303265045

FACTURE N° 2019-117 du 5 mars 2019

Client :
Boulangerie Dupont
4 place du Marché, 75011 Paris

Désignation                     Qté     Prix unitaire     Montant HT
Lampe d'atelier                   3            40,00         120,00

Total HT                                                    120,00 €
TVA 20 %                                                     24,00 €
Total TTC                                                   144,00 €
";
    assert_fields(
        text,
        &[
            (FieldName::IssuerName, "Atelier Lumière SARL"),
            (FieldName::IssuerTaxId, "FR40303265045"),
            (FieldName::InvoiceNumber, "2019-117"),
            (FieldName::IssueDate, "2019-03-05"),
            (FieldName::Subtotal, "120.00"),
            (FieldName::Tax, "24.00"),
            (FieldName::Total, "144.00"),
        ],
    );
}

#[test]
fn a_dutch_invoice() {
    let text = "\
Leverancier:
De Groene Fiets B.V.
Kanaalweg 14, 3526 KL Utrecht
BTW-nummer: NL004495445B01

Factuurnummer: 2020/0815
Factuurdatum: 14 februari 2020

Omschrijving                      Aantal      Prijs      Bedrag
Fietsbel                              4       5,00       20,00

Subtotaal                                                20,00
BTW 21%                                                   4,20
Totaal                                                   24,20
";
    assert_fields(
        text,
        &[
            (FieldName::IssuerName, "De Groene Fiets B.V."),
            (FieldName::IssuerTaxId, "NL004495445B01"),
            (FieldName::InvoiceNumber, "2020/0815"),
            (FieldName::IssueDate, "2020-02-14"),
            (FieldName::Tax, "4.20"),
            (FieldName::Total, "24.20"),
        ],
    );
}

#[test]
fn a_polish_invoice_names_the_seller_not_the_buyer() {
    let text = "\
Faktura VAT nr FV/12/2021
Data wystawienia: 3 marca 2021

Sprzedawca:                               Nabywca:
Kowalski Meble Sp. z o.o.                 Biuro Nowak
ul. Długa 5, 00-001 Warszawa              ul. Krótka 2, 30-002 Kraków
NIP: PL5260250274                         NIP: 1234563218

Nazwa towaru              Ilość     Cena netto     Wartość netto
Krzesło biurowe              2         300,00           600,00

Razem netto                                             600,00
VAT 23%                                                 138,00
Do zapłaty                                              738,00 PLN
";
    assert_fields(
        text,
        &[
            (FieldName::IssuerName, "Kowalski Meble Sp. z o.o."),
            (FieldName::IssuerTaxId, "PL5260250274"),
            (FieldName::InvoiceNumber, "FV/12/2021"),
            (FieldName::IssueDate, "2021-03-03"),
            (FieldName::Tax, "138.00"),
            (FieldName::Total, "738.00"),
            (FieldName::Currency, "PLN"),
        ],
    );
}

#[test]
fn an_english_invoice_with_a_month_first_date_and_a_net_total() {
    let text = "\
Harbor Supply Co.
210 Pier Avenue, Portland, OR 97201

INVOICE
Invoice #: HS-5531
Invoice Date: March 5, 2018

Bill To:
Lakeside Diner LLC

Description                  Qty     Unit Price     Amount
Paper towels (case)            3          20.00      60.00

Net total                                          60.00
Sales tax 8%                                        4.80
Amount due                                         64.80 USD
";
    assert_fields(
        text,
        &[
            (FieldName::IssuerName, "Harbor Supply Co."),
            (FieldName::InvoiceNumber, "HS-5531"),
            (FieldName::IssueDate, "2018-03-05"),
            (FieldName::Subtotal, "60.00"),
            (FieldName::Tax, "4.80"),
            (FieldName::Total, "64.80"),
            (FieldName::Currency, "USD"),
        ],
    );
}

#[test]
fn totals_follow_the_arithmetic_not_the_largest_number() {
    // The largest amount is a bank balance line; subtotal + tax = total decides.
    let text = "\
Rechnung Nr. 77
Summe netto           100,00
MwSt 19%               19,00
Gesamt                119,00
Kontostand          5.400,00
";
    let found = extract(text);
    assert_eq!(found.get(FieldName::Total), Some("119.00"));
}

#[test]
fn numeric_dates_are_month_first_only_in_american_documents() {
    let american = "Harbor Supply Co.\n210 Pier Avenue, Portland, OR 97201\nInvoice Date: 03/05/2018\nTotal 5.00\n";
    assert_eq!(
        extract(american).get(FieldName::IssueDate),
        Some("2018-03-05")
    );
    let british =
        "Harbor Supply Ltd\n21 Pier Road, Bristol BS1 4DJ\nInvoice Date: 03/05/2018\nTotal 5.00\n";
    assert_eq!(
        extract(british).get(FieldName::IssueDate),
        Some("2018-05-03")
    );
    // A date that can only be day-first decides for the whole text.
    let decided = "Portland, OR 97201\nInvoice Date: 03/05/2018\nDue: 25/05/2018\n";
    assert_eq!(
        extract(decided).get(FieldName::IssueDate),
        Some("2018-05-03")
    );
}
