use proptest::prelude::*;

use super::extract;
use crate::{Extraction, FieldName, FieldSource};

mod accuracy;

fn get(extraction: &Extraction, name: FieldName) -> Option<&str> {
    extraction.get(name)
}

fn confidence(extraction: &Extraction, name: FieldName) -> f32 {
    extraction.fields[&name].confidence
}

/// Asserts every listed field; `None` means the field must be absent.
#[track_caller]
fn assert_fields(extraction: &Extraction, expected: &[(FieldName, Option<&str>)]) {
    for &(name, value) in expected {
        assert_eq!(get(extraction, name), value, "{name}: {extraction:#?}");
    }
}

const PERU_FACTURA: &str = "\
COMERCIAL ANDINA DEL SUR S.A.C.                              R.U.C. N° 20100070970
Av. Javier Prado Este 4200 Of. 501 - Santiago de Surco        FACTURA ELECTRÓNICA
Lima - Perú                                                   F001-00004521
Telf.: (01) 615-4300

Fecha de Emisión:      15/11/2024
Fecha de Vencimiento:  15/12/2024
Señor(es):             DISTRIBUIDORA LOS ANDES E.I.R.L.
RUC:                   20512345671
Dirección:             Jr. Lampa 545, Cercado de Lima
Tipo de Moneda:        SOLES

Cant.   Unidad   Descripción                              V. Unitario        Importe
2.00    NIU      Toner HP 85A original                         250.00         500.00
1.00    NIU      Mantenimiento de impresora                    500.00         500.00

                                               Op. Gravada      S/    1,000.00
                                               Op. Exonerada    S/        0.00
                                               I.G.V. 18%       S/      180.00
                                               Importe Total    S/    1,180.00

SON: MIL CIENTO OCHENTA Y 00/100 SOLES
Representación impresa de la Factura Electrónica, consulte en www.sunat.gob.pe
";

#[test]
fn peru_factura() {
    let extraction = extract(PERU_FACTURA);
    assert_fields(
        &extraction,
        &[
            (
                FieldName::IssuerName,
                Some("COMERCIAL ANDINA DEL SUR S.A.C."),
            ),
            (FieldName::IssuerTaxId, Some("20100070970")),
            (
                FieldName::BuyerName,
                Some("DISTRIBUIDORA LOS ANDES E.I.R.L."),
            ),
            (FieldName::BuyerTaxId, Some("20512345671")),
            (FieldName::InvoiceNumber, Some("F001-00004521")),
            (FieldName::IssueDate, Some("2024-11-15")),
            (FieldName::DueDate, Some("2024-12-15")),
            (FieldName::Currency, Some("PEN")),
            (FieldName::Subtotal, Some("1000.00")),
            (FieldName::Tax, Some("180.00")),
            (FieldName::Total, Some("1180.00")),
        ],
    );
    let amounts: Vec<_> = extraction
        .line_items
        .iter()
        .map(|item| item.amount.as_deref())
        .collect();
    assert_eq!(amounts, [Some("500.00"), Some("500.00")]);
    assert_eq!(extraction.line_items[0].quantity.as_deref(), Some("2.00"));
    assert_eq!(
        extraction.line_items[0].unit_price.as_deref(),
        Some("250.00")
    );
    assert!(
        extraction.line_items[0]
            .description
            .contains("Toner HP 85A")
    );
}

/// The same factura as Tesseract reads a photo of it: no layout, accents lost, a spaced dash.
const PERU_FACTURA_OCR: &str = "\
COMERCIAL ANDINA DEL SUR S.A.C. R.U.C. N' 20100070970
FACTURA ELECTRONICA
F001 - 00004521
Fecha de Emision: 15/11/2024
Senor(es): DISTRIBUIDORA LOS ANDES E.I.R.L.
RUC: 20512345671
2.00 NIU Toner HP 85A original 250.00 500.00
1.00 NIU Mantenimiento de impresora 500.00 500.00
OP. GRAVADA S/ 1,000.00
1.G.V. 18% S/ 180.00
IMPORTE TOTAL S/ 1,180.00
";

#[test]
fn peru_factura_through_ocr() {
    let extraction = extract(PERU_FACTURA_OCR);
    assert_fields(
        &extraction,
        &[
            (
                FieldName::IssuerName,
                Some("COMERCIAL ANDINA DEL SUR S.A.C."),
            ),
            (FieldName::IssuerTaxId, Some("20100070970")),
            (FieldName::BuyerTaxId, Some("20512345671")),
            (FieldName::InvoiceNumber, Some("F001-00004521")),
            (FieldName::IssueDate, Some("2024-11-15")),
            (FieldName::Currency, Some("PEN")),
            (FieldName::Subtotal, Some("1000.00")),
            (FieldName::Total, Some("1180.00")),
        ],
    );
}

const COLOMBIA_FACTURA: &str = "\
INVERSIONES EL DORADO S.A.S.
NIT: 900.373.115-3
Responsable de IVA - Régimen Común
Calle 93 # 11-26 Of. 302, Bogotá D.C.
Tel: 601 7421010

FACTURA ELECTRÓNICA DE VENTA No. FEV-10234
Fecha de expedición: 03/02/2024              Fecha de vencimiento: 04/03/2024
Cliente: COMERCIALIZADORA ANDINA LTDA
NIT: 800.197.268-4
Dirección: Carrera 7 # 71-21, Bogotá

Código   Descripción                        Cant.      Vr. Unitario          Vr. Total
001      Licencia software contable            2       1.250.000,00       2.500.000,00
002      Soporte técnico anual                 1         750.000,00         750.000,00

                                    Subtotal                      $ 3.250.000,00
                                    IVA 19%                       $   617.500,00
                                    Total factura                 $ 3.867.500,00
                                    Retención en la fuente        $    81.250,00
                                    Neto a pagar                  $ 3.786.250,00
Moneda: COP
CUFE: 3f1c9a7be0d24e55a0b1c2d3e4f5a6b7c8d9e0f1
";

#[test]
fn colombia_factura() {
    let extraction = extract(COLOMBIA_FACTURA);
    assert_fields(
        &extraction,
        &[
            (FieldName::IssuerName, Some("INVERSIONES EL DORADO S.A.S.")),
            (FieldName::IssuerTaxId, Some("900.373.115-3")),
            (FieldName::BuyerName, Some("COMERCIALIZADORA ANDINA LTDA")),
            (FieldName::BuyerTaxId, Some("800.197.268-4")),
            (FieldName::InvoiceNumber, Some("FEV-10234")),
            (FieldName::IssueDate, Some("2024-02-03")),
            (FieldName::DueDate, Some("2024-03-04")),
            (FieldName::Currency, Some("COP")),
            (FieldName::Subtotal, Some("3250000.00")),
            (FieldName::Tax, Some("617500.00")),
            // The invoice total, not what is left to pay after the withholding.
            (FieldName::Total, Some("3867500.00")),
        ],
    );
    assert_eq!(extraction.line_items.len(), 2);
    assert_eq!(
        extraction.line_items[0].unit_price.as_deref(),
        Some("1250000.00")
    );
}

/// Pesos written without decimals, `$` with the Colombian cue (NIT) and no ISO code.
#[test]
fn colombian_pesos_without_decimals() {
    let text = "\
FERRETERIA EL TORNILLO LTDA
NIT 830090912-8
Factura de venta No. 4471
Fecha: 12/01/2024
Subtotal $ 150.000
IVA 19% $ 28.500
Total a pagar $ 178.500
";
    let extraction = extract(text);
    assert_fields(
        &extraction,
        &[
            (FieldName::IssuerTaxId, Some("830090912-8")),
            (FieldName::InvoiceNumber, Some("4471")),
            (FieldName::Currency, Some("COP")),
            (FieldName::Subtotal, Some("150000")),
            (FieldName::Tax, Some("28500")),
            (FieldName::Total, Some("178500")),
        ],
    );
}

const MEXICO_FACTURA: &str = "\
ESCUELA KEMPER URGATE SA DE CV
RFC: EKU9003173C9
Régimen Fiscal: 601 General de Ley Personas Morales
Lugar de expedición: 42501

FACTURA
Serie: A      Folio: 167ABC
Fecha: 2024-03-15T10:22:31
Folio fiscal: 3F1D6A2B-1C2D-4E5F-8A9B-0C1D2E3F4A5B
Receptor: PUBLICO EN GENERAL
RFC Receptor: XAXX010101000
Uso CFDI: G03 Gastos en general

Cantidad   Clave      Descripción                      Valor unitario        Importe
1          84111506   Servicios de facturación              10,000.00      10,000.00

                                          Subtotal      $10,000.00
                                          IVA 16%        $1,600.00
                                          Total         $11,600.00
Moneda: MXN        Forma de pago: 03 Transferencia
Este documento es una representación impresa de un CFDI 4.0
";

#[test]
fn mexico_factura() {
    let extraction = extract(MEXICO_FACTURA);
    assert_fields(
        &extraction,
        &[
            (
                FieldName::IssuerName,
                Some("ESCUELA KEMPER URGATE SA DE CV"),
            ),
            (FieldName::IssuerTaxId, Some("EKU9003173C9")),
            (FieldName::BuyerName, Some("PUBLICO EN GENERAL")),
            (FieldName::BuyerTaxId, Some("XAXX010101000")),
            (FieldName::InvoiceNumber, Some("167ABC")),
            (FieldName::IssueDate, Some("2024-03-15")),
            (FieldName::Currency, Some("MXN")),
            (FieldName::Subtotal, Some("10000.00")),
            (FieldName::Tax, Some("1600.00")),
            (FieldName::Total, Some("11600.00")),
        ],
    );
}

const SPAIN_FACTURA: &str = "\
TALLERES MECÁNICOS HERMANOS GARCÍA, S.L.
C/ Mayor 23, 28013 Madrid
NIF/CIF: B12345678

FACTURA Nº 2024/0153
Fecha: 7 de marzo de 2024

Cliente: Juan Pérez Martín
NIF: 12345678Z

Concepto                                   Cantidad     Precio        Importe
Cambio de aceite y filtro                         1      89,50 €        89,50 €
Pastillas de freno delanteras                     1     145,00 €       145,00 €

Base imponible                                                         234,50 €
IVA 21%                                                                 49,25 €
TOTAL                                                                  283,75 €
Forma de pago: Tarjeta
";

#[test]
fn spain_factura() {
    let extraction = extract(SPAIN_FACTURA);
    assert_fields(
        &extraction,
        &[
            (
                FieldName::IssuerName,
                Some("TALLERES MECÁNICOS HERMANOS GARCÍA, S.L."),
            ),
            (FieldName::IssuerTaxId, Some("B12345678")),
            (FieldName::BuyerName, Some("Juan Pérez Martín")),
            (FieldName::BuyerTaxId, Some("12345678Z")),
            (FieldName::InvoiceNumber, Some("2024/0153")),
            (FieldName::IssueDate, Some("2024-03-07")),
            (FieldName::Currency, Some("EUR")),
            (FieldName::Subtotal, Some("234.50")),
            (FieldName::Tax, Some("49.25")),
            (FieldName::Total, Some("283.75")),
        ],
    );
    let descriptions: Vec<&str> = extraction
        .line_items
        .iter()
        .map(|item| item.description.as_str())
        .collect();
    assert_eq!(
        descriptions,
        ["Cambio de aceite y filtro", "Pastillas de freno delanteras"]
    );
}

const PERU_BOLETA: &str = "\
        SUPERMERCADOS LA PLAZA S.A.
          RUC 20600055519
   Av. Arequipa 1234 - Lince - Lima
     BOLETA DE VENTA ELECTRONICA
          B001-00012345
Fecha: 02/09/2024        Hora: 18:42
Cajero: 012
------------------------------------
LECHE GLORIA 1L        2 x 4.20   8.40
PAN FRANCES            1          3.50
ARROZ COSTEÑO 5KG      1         24.90
------------------------------------
OP. GRAVADA          S/   31.19
IGV                  S/    5.61
TOTAL                S/   36.80
EFECTIVO             S/   50.00
VUELTO               S/   13.20
";

#[test]
fn peru_boleta_ignores_cash_and_change() {
    let extraction = extract(PERU_BOLETA);
    assert_fields(
        &extraction,
        &[
            (FieldName::IssuerName, Some("SUPERMERCADOS LA PLAZA S.A.")),
            (FieldName::IssuerTaxId, Some("20600055519")),
            (FieldName::InvoiceNumber, Some("B001-00012345")),
            (FieldName::IssueDate, Some("2024-09-02")),
            (FieldName::Currency, Some("PEN")),
            (FieldName::Subtotal, Some("31.19")),
            (FieldName::Tax, Some("5.61")),
            (FieldName::Total, Some("36.80")),
        ],
    );
}

const US_INVOICE: &str = "\
Acme Widgets, Inc.
1200 Market Street, Suite 400
San Francisco, CA 94103
Phone: (415) 555-0134

INVOICE
Invoice #: INV-2024-0042
Invoice Date: 11/05/2024
Due Date: 12/15/2024

Bill To:
Globex Corporation
42 Elm Street, Springfield, IL 62701

Description                          Qty      Unit Price        Amount
Widget, large                         10         $12.50       $125.00
Installation service                   1        $250.00       $250.00

                                          Subtotal           $375.00
                                          Sales Tax (8.5%)    $31.88
                                          Total Due          $406.88
Thank you for your business!
";

#[test]
fn us_invoice_reads_dates_month_first() {
    let extraction = extract(US_INVOICE);
    assert_fields(
        &extraction,
        &[
            (FieldName::IssuerName, Some("Acme Widgets, Inc.")),
            (FieldName::BuyerName, Some("Globex Corporation")),
            (FieldName::InvoiceNumber, Some("INV-2024-0042")),
            // 12/15/2024 can only be month-first, so 11/05/2024 is 5 November.
            (FieldName::IssueDate, Some("2024-11-05")),
            (FieldName::DueDate, Some("2024-12-15")),
            (FieldName::Currency, Some("USD")),
            (FieldName::Subtotal, Some("375.00")),
            (FieldName::Tax, Some("31.88")),
            (FieldName::Total, Some("406.88")),
        ],
    );
    assert_eq!(extraction.line_items.len(), 2);
    assert_eq!(extraction.line_items[0].quantity.as_deref(), Some("10"));
    assert_eq!(
        extraction.line_items[0].unit_price.as_deref(),
        Some("12.50")
    );
}

/// A Malaysian-style receipt, one OCR box per line: values under their labels.
const MALAYSIAN_RECEIPT: &str = "\
SYARIKAT MAJU JAYA SDN BHD
(123456-A)
NO 12, JALAN MAWAR 3,
TAMAN SRI MUDA, 40400 SHAH ALAM
TEL: 03-5555 1234
GST ID NO: 001122334455
TAX INVOICE
RECEIPT #: 000987
12/03/2018 14:05
MILO 1KG
1 x 18.90
18.90 SR
SUB TOTAL (EXCL GST)
17.83
GST 6%
1.07
TOTAL (INCL. GST)
RM
18.90
CASH
RM 50.00
CHANGE
RM 31.10
";

#[test]
fn receipt_with_values_on_their_own_lines() {
    let extraction = extract(MALAYSIAN_RECEIPT);
    assert_fields(
        &extraction,
        &[
            (FieldName::IssuerName, Some("SYARIKAT MAJU JAYA SDN BHD")),
            (FieldName::IssuerTaxId, Some("001122334455")),
            (FieldName::InvoiceNumber, Some("000987")),
            (FieldName::IssueDate, Some("2018-03-12")),
            (FieldName::Currency, Some("MYR")),
            (FieldName::Subtotal, Some("17.83")),
            (FieldName::Tax, Some("1.07")),
            (FieldName::Total, Some("18.90")),
        ],
    );
}

const GERMAN_INVOICE: &str = "\
                                                   Musterbau GmbH
Musterbau GmbH · Hauptstraße 5 · 10115 Berlin
Beispiel AG
Kundenweg 7
20095 Hamburg

Rechnungsnummer: RE-2024-118                    Rechnungsdatum: 3. Juni 2024
                                                 Kundennummer: 40021

Pos. Bezeichnung                        Menge        Einzelpreis        Betrag
1    Beratung                              8            120,00        960,00
2    Reisekosten                           1            240,00        240,00
                                               Nettobetrag            1.200,00
                                               zzgl. 19% MwSt.          228,00
                                               Gesamtbetrag           1.428,00
Zahlbar bis 03.07.2024 ohne Abzug.

Musterbau GmbH        Amtsgericht Berlin         USt-IdNr           Bank
GF Anna Muster        HRB 123456                 DE987654321        IBAN DE02 1203 0000 0000 2020 51
";

#[test]
fn german_layout() {
    let extraction = extract(GERMAN_INVOICE);
    assert_fields(
        &extraction,
        &[
            (FieldName::IssuerName, Some("Musterbau GmbH")),
            // Read under its column header at the bottom, not the register number beside it.
            (FieldName::IssuerTaxId, Some("DE987654321")),
            (FieldName::InvoiceNumber, Some("RE-2024-118")),
            (FieldName::IssueDate, Some("2024-06-03")),
            (FieldName::DueDate, Some("2024-07-03")),
            (FieldName::Currency, None),
            (FieldName::Subtotal, Some("1200.00")),
            (FieldName::Tax, Some("228.00")),
            (FieldName::Total, Some("1428.00")),
        ],
    );
    assert_eq!(extraction.line_items.len(), 2);
}

#[test]
fn every_field_comes_from_the_rules_with_a_confidence() {
    for text in [
        PERU_FACTURA,
        COLOMBIA_FACTURA,
        MEXICO_FACTURA,
        MALAYSIAN_RECEIPT,
    ] {
        let extraction = extract(text);
        assert!(extraction.fields.len() >= 8);
        for field in extraction.fields.values() {
            assert_eq!(field.source, FieldSource::Rules);
            assert!((0.0..=1.0).contains(&field.confidence), "{field:?}");
        }
    }
}

#[test]
fn a_value_beside_its_label_is_surer_than_one_below_or_unlabelled() {
    let beside = extract("Total: 100.00\nFecha: 01/02/2024");
    let below = extract("Total\n100.00\n01/02/2024");
    assert_eq!(get(&below, FieldName::Total), Some("100.00"));
    assert_eq!(get(&below, FieldName::IssueDate), Some("2024-02-01"));
    assert!(confidence(&beside, FieldName::Total) > confidence(&below, FieldName::Total));
    assert!(confidence(&beside, FieldName::IssueDate) > confidence(&below, FieldName::IssueDate));
}

#[test]
fn labels_that_contain_total_are_not_totals() {
    let text = "\
Sub total 90.00
Total qty: 3
Total savings 12.00
Total discount 5.00
Total GST 5.40
Total 95.40
";
    let extraction = extract(text);
    assert_fields(
        &extraction,
        &[
            (FieldName::Subtotal, Some("90.00")),
            (FieldName::Tax, Some("5.40")),
            (FieldName::Total, Some("95.40")),
        ],
    );
}

#[test]
fn the_largest_total_wins_and_payments_are_ignored() {
    let text = "\
TOTAL : 82.50 4.95
TOTAL SALES (INCLUSIVE OF GST) : 87.45
CASH : 100.00
TENDERED 100.00
CHANGE : 12.55
";
    assert_eq!(get(&extract(text), FieldName::Total), Some("87.45"));
    let spanish = "Total 118,00\nEfectivo 200,00\nCambio 82,00\nVuelto 82,00";
    assert_eq!(get(&extract(spanish), FieldName::Total), Some("118.00"));
}

#[test]
fn amounts_that_add_up_are_preferred() {
    // Two "strong" totals: the invoice total adds up, the amount due after a deposit does not.
    let text = "\
Rechnungssumme ohne USt.   177,49
Steuerbetrag                20,16
Bruttosumme                197,65
Erhaltene Anzahlungen       50,00
Zahlbetrag                 147,65
";
    let extraction = extract(text);
    assert_fields(
        &extraction,
        &[
            (FieldName::Subtotal, Some("177.49")),
            (FieldName::Tax, Some("20.16")),
            (FieldName::Total, Some("197.65")),
        ],
    );
}

#[test]
fn total_labels_with_words_inside() {
    let text = "TOTAL QTY: 2\nTotal After Adj Incl GST 12.00\nCASH 20.00\nCHANGE 8.00";
    assert_eq!(get(&extract(text), FieldName::Total), Some("12.00"));
    let text = "Total Sales Excluding GST 94.34\nGST 6% 5.66\nTOTAI 100.00";
    let extraction = extract(text);
    assert_eq!(get(&extraction, FieldName::Subtotal), Some("94.34"));
    assert_eq!(get(&extraction, FieldName::Total), Some("100.00"));
}

#[test]
fn net_amount_is_whatever_adds_up() {
    // A European invoice: the net amount is the subtotal.
    let invoice = extract("Net amount 100.00\nVAT 19% 19.00\nTotal 119.00");
    assert_eq!(get(&invoice, FieldName::Subtotal), Some("100.00"));
    assert_eq!(get(&invoice, FieldName::Total), Some("119.00"));
    // A receipt: the net amount is what was paid.
    let receipt = extract("Total Excl GST 94.34\nGST 5.66\nNet Amount 100.00\nCash 100.00");
    assert_eq!(get(&receipt, FieldName::Subtotal), Some("94.34"));
    assert_eq!(get(&receipt, FieldName::Total), Some("100.00"));
}

#[test]
fn a_missing_total_is_computed() {
    let extraction = extract("Subtotal RM152.00\nGST 0% RM0.00\nCASH RM152.00");
    assert_eq!(get(&extraction, FieldName::Total), Some("152.00"));
    assert!(confidence(&extraction, FieldName::Total) < 0.5);
}

#[test]
fn ocr_split_decimals_are_joined() {
    let extraction = extract("SubTotal 85. 20\nNet. Total 85. 20\nCASH 100.20");
    assert_eq!(get(&extraction, FieldName::Total), Some("85.20"));
}

#[test]
fn currency_codes_and_symbols() {
    let cases = [
        ("Total a pagar S/ 236.00", Some("PEN")),
        ("TOTAL US$ 120.00", Some("USD")),
        ("Total RM 12.00", Some("MYR")),
        ("Gesamtbetrag 1.428,00 €", Some("EUR")),
        ("Total £ 12.00", Some("GBP")),
        ("Moneda: Dólares americanos\nTotal 10.00", Some("USD")),
        ("Importe total: 1,500.00 MXN", Some("MXN")),
        ("Total $ 40.00", Some("$")),
        ("RFC: EKU9003173C9\nTotal $ 40.00", Some("MXN")),
        ("BLUE PEN 2.50", Some("PEN")),
        ("BLUE PEN x2\nTotal 2.50", None),
        ("Total 12.00", None),
    ];
    for (text, expected) in cases {
        assert_eq!(
            get(&extract(text), FieldName::Currency),
            expected,
            "{text:?}"
        );
    }
    // `$` alone is barely believed.
    assert!(confidence(&extract("Total $ 40.00"), FieldName::Currency) < 0.3);
}

#[test]
fn issuer_and_buyer_sections_side_by_side() {
    let text = "\
EMISOR                                   RECEPTOR
ACME DE MEXICO SA DE CV                  GRUPO FELIZ SA DE CV
RFC: AME010101AB1                        RFC: GFE020202CD2
Fecha: 2024-05-02                        Cliente: 4411
                                         Uso CFDI: G03
Subtotal 100.00
";
    let extraction = extract(text);
    assert_fields(
        &extraction,
        &[
            (FieldName::IssuerName, Some("ACME DE MEXICO SA DE CV")),
            (FieldName::IssuerTaxId, Some("AME010101AB1")),
            (FieldName::BuyerName, Some("GRUPO FELIZ SA DE CV")),
            (FieldName::BuyerTaxId, Some("GFE020202CD2")),
        ],
    );
}

#[test]
fn issuer_name_skips_titles_addresses_and_contacts() {
    let text = "\
FACTURA ELECTRONICA
Av. Los Próceres 123, Lima
Telf. 01 555 1234
ventas@ejemplo.pe
PANADERIA SAN JORGE E.I.R.L.
RUC 10456789124
";
    assert_eq!(
        get(&extract(text), FieldName::IssuerName),
        Some("PANADERIA SAN JORGE E.I.R.L.")
    );
}

#[test]
fn a_company_name_split_over_two_lines_is_joined() {
    let text = "POPULAR STATIONERY\nCO. (M) SDN BHD\n(CO. NO. 113825-W)\n03/04/18\nTOTAL 7.30";
    assert_eq!(
        get(&extract(text), FieldName::IssuerName),
        Some("POPULAR STATIONERY CO. (M) SDN BHD")
    );
}

#[test]
fn delivery_and_version_dates_are_not_issue_dates() {
    let text = "\
Stylesheet-Version: 2.5 vom 10.01.2023
Rechnung Nr. 4711 vom 15.11.2024
Liefer- und Leistungsdatum: 14.11.2024
";
    let extraction = extract(text);
    assert_eq!(get(&extraction, FieldName::IssueDate), Some("2024-11-15"));
    assert_eq!(get(&extraction, FieldName::InvoiceNumber), Some("4711"));
}

#[test]
fn invoice_number_labels() {
    let cases = [
        ("Invoice No: INV-0042", "INV-0042"),
        ("Receipt #: 000123", "000123"),
        ("INV NO.:HQ18E09/0101", "HQ18E09/0101"),
        ("Factura N° 001-000123", "001-000123"),
        ("Nro. de factura: 5521", "5521"),
        ("BOLETA DE VENTA ELECTRONICA\nB001 - 88", "B001-88"),
        ("Bill No : POS/27408", "POS/27408"),
        (
            "Rechnung # RE-20170509/505 von 09.05.2017",
            "RE-20170509/505",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(
            get(&extract(text), FieldName::InvoiceNumber),
            Some(expected),
            "{text:?}"
        );
    }
    // Numbers of other things are not invoice numbers.
    for text in [
        "Order No: 5521",
        "Tel No: 0312345678",
        "Folio fiscal: ABCD-1234",
        "Factura de 12.00",
    ] {
        assert_eq!(
            get(&extract(text), FieldName::InvoiceNumber),
            None,
            "{text:?}"
        );
    }
}

#[test]
fn empty_and_garbage_text() {
    assert_eq!(extract(""), Extraction::default());
    assert_eq!(extract("\n\n   \n"), Extraction::default());
    let extraction = extract("lorem ipsum dolor sit amet");
    assert_eq!(get(&extraction, FieldName::Total), None);
}

proptest! {
    #[test]
    fn extract_never_panics(text in "\\PC*") {
        let _ = extract(&text);
    }

    #[test]
    fn extract_never_panics_on_invoice_like_text(
        lines in prop::collection::vec(
            "(Total|Sub total|IVA|RUC|Fecha|N°|Factura|Cliente|RM|S/|\\$|[0-9]{1,7}|[.,:/ ()-]|[A-Za-zÑñéº°]{1,8}| {3,6}){0,12}",
            0..20,
        )
    ) {
        let extraction = extract(&lines.join("\n"));
        for field in extraction.fields.values() {
            prop_assert!((0.0..=1.0).contains(&field.confidence));
        }
    }
}
