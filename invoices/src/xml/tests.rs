//! The reader against the dev fixtures (every UBL, CFDI and hybrid-PDF entry of expected.json),
//! inline samples of what the fixtures lack, and hostile input.

use std::fmt::Write as _;

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::*;
use crate::{FieldName, FieldSource, LineItem};

fn fixture(path: &str) -> Vec<u8> {
    centralita_testkit::read(&format!("invoices/dev/{path}"))
}

/// One entry of expected.json.
struct Expected {
    file: String,
    kind: String,
    fields: Map<String, Value>,
}

fn expected(kinds: &[&str]) -> Vec<Expected> {
    let entries: Vec<Value> =
        serde_json::from_slice(&fixture("expected.json")).expect("expected.json is JSON");
    entries
        .into_iter()
        .filter_map(|entry| {
            let kind = entry["kind"].as_str()?.to_owned();
            kinds.contains(&kind.as_str()).then(|| Expected {
                file: entry["file"].as_str().expect("file").to_owned(),
                kind,
                fields: entry["fields"].as_object().expect("fields").clone(),
            })
        })
        .collect()
}

impl Expected {
    fn kind(&self) -> DocumentKind {
        match self.kind.as_str() {
            "cfdi" => DocumentKind::Cfdi,
            "pdf" => DocumentKind::Cii,
            _ if self.file.contains("CreditNote") || self.file.contains("NOTA_CREDITO") => {
                DocumentKind::UblCreditNote
            }
            _ => DocumentKind::UblInvoice,
        }
    }

    /// What `document` gets wrong, one line per field; empty when all is right. Strings must be
    /// equal, amounts equal as decimals, `null` means absent.
    fn differences(&self, document: &XmlDocument) -> String {
        let mut out = String::new();
        if document.kind != self.kind() {
            let _ = writeln!(
                out,
                "  kind: expected {}, got {}",
                self.kind(),
                document.kind
            );
        }
        for (key, want) in &self.fields {
            let name: FieldName = key.parse().expect("a known field");
            let got = document.extraction.get(name);
            let same = match (want, got) {
                (Value::Null, None) => true,
                (Value::String(want), Some(got)) => want == got,
                (Value::Number(want), Some(got)) => {
                    let got = got.parse::<Decimal>().ok();
                    got.is_some() && got == want.to_string().parse().ok()
                }
                _ => false,
            };
            if !same {
                let _ = writeln!(out, "  {key}: expected {want}, got {got:?}");
            }
        }
        out
    }
}

/// Reads every entry and reports all differences at once.
fn check_all(entries: &[Expected], bytes_of: impl Fn(&Expected) -> Vec<u8>) {
    let mut failures = String::new();
    for entry in entries {
        let differences = match read(&bytes_of(entry)) {
            Ok(document) => entry.differences(&document),
            Err(error) => format!("  read failed: {error}\n"),
        };
        if !differences.is_empty() {
            let _ = write!(failures, "{}:\n{differences}", entry.file);
        }
    }
    assert!(
        failures.is_empty(),
        "fields differ from expected.json:\n{failures}"
    );
}

#[test]
fn every_ubl_and_cfdi_fixture_reads_exactly_as_expected() {
    let entries = expected(&["ubl", "cfdi"]);
    assert_eq!(
        entries.len(),
        15,
        "the dev set has 12 UBL and 3 CFDI documents"
    );
    check_all(&entries, |entry| fixture(&entry.file));
}

#[test]
fn every_hybrid_pdf_carries_cii_that_reads_exactly_as_expected() {
    let entries = expected(&["pdf"]);
    assert_eq!(entries.len(), 7);
    check_all(&entries, |entry| {
        crate::pdf::embedded_xml(&fixture(&entry.file))
            .expect("a readable PDF")
            .unwrap_or_else(|| panic!("{}: no embedded XML", entry.file))
            .1
    });
}

#[test]
fn values_come_from_the_xml_with_full_confidence_and_are_never_blank() {
    let document = read(&fixture("ubl/dian_co_invoice_signed_dian_v2.xml")).expect("readable");
    assert!(!document.extraction.fields.is_empty());
    for (name, field) in &document.extraction.fields {
        assert_eq!(field.source, FieldSource::Xml, "{name}");
        assert!((field.confidence - 1.0).abs() < f32::EPSILON, "{name}");
        assert!(!field.value.trim().is_empty(), "{name}");
    }
}

fn line(description: &str, quantity: &str, unit_price: &str, amount: &str) -> LineItem {
    LineItem {
        description: description.to_owned(),
        quantity: Some(quantity.to_owned()),
        unit_price: Some(unit_price.to_owned()),
        amount: Some(amount.to_owned()),
    }
}

#[test]
fn ubl_lines_carry_name_quantity_price_and_amount() {
    let document = read(&fixture("ubl/XRECHNUNG_Einfach.ubl.xml")).expect("readable");
    let lines = &document.extraction.line_items;
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0], line("Trennblätter A4", "20", "9.9", "198"));
    let credit = read(&fixture("ubl/UBL-CreditNote-2.1-Example.ubl.xml")).expect("readable");
    assert_eq!(credit.extraction.line_items.len(), 5);
    assert!(
        credit
            .extraction
            .line_items
            .iter()
            .all(|line| line.quantity.is_some())
    );
}

#[test]
fn cfdi_lines_come_from_concepto_attributes_with_entities_resolved() {
    let document = read(&fixture("cfdi/created-with-discounts-40.xml")).expect("readable");
    let lines = &document.extraction.line_items;
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[1],
        line("Pantalla led 3x4\" con entrada HDMI", "1", "1000", "1000")
    );
    assert_eq!(
        document.extraction.get(FieldName::BuyerName),
        Some("Carlos Cortés Soto")
    );
}

/// A CFDI 3.2 as SAT's cfdv32.xsd lays it out: lower-camel-case attributes, the fiscal address
/// under `Emisor`, a `TimbreFiscalDigital` complement. Written by hand (fictitious parties).
const CFDI_32: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/3"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.sat.gob.mx/cfd/3 http://www.sat.gob.mx/sitio_internet/cfd/3/cfdv32.xsd"
    version="3.2" serie="PN" folio="2207" fecha="2016-05-23T12:30:05" sello="c2VsbG8="
    formaDePago="PAGO EN UNA SOLA EXHIBICION" noCertificado="00001000000301234567"
    certificado="Y2VydA==" subTotal="1500.00" descuento="0.00" TipoCambio="1.00" Moneda="MXN"
    total="1740.00" tipoDeComprobante="ingreso" metodoDePago="03"
    LugarExpedicion="Monterrey, Nuevo León" NumCtaPago="No identificado">
  <cfdi:Emisor rfc="PNO9805124R7" nombre="Papelería del Noreste, S.A. de C.V.">
    <cfdi:DomicilioFiscal calle="Av. Juárez" noExterior="1200" colonia="Centro"
        municipio="Monterrey" estado="Nuevo León" pais="México" codigoPostal="64000"/>
    <cfdi:RegimenFiscal Regimen="Régimen General de Ley Personas Morales"/>
  </cfdi:Emisor>
  <cfdi:Receptor rfc="XAXX010101000" nombre="Público en general">
    <cfdi:Domicilio pais="México"/>
  </cfdi:Receptor>
  <cfdi:Conceptos>
    <cfdi:Concepto cantidad="3" unidad="PIEZA" noIdentificacion="CU-100"
        descripcion="Cuaderno profesional" valorUnitario="400.00" importe="1200.00"/>
    <cfdi:Concepto cantidad="1" unidad="SERVICIO" descripcion="Encuadernado"
        valorUnitario="300.00" importe="300.00"/>
  </cfdi:Conceptos>
  <cfdi:Impuestos totalImpuestosTrasladados="240.00">
    <cfdi:Traslados>
      <cfdi:Traslado impuesto="IVA" tasa="16.00" importe="240.00"/>
    </cfdi:Traslados>
  </cfdi:Impuestos>
  <cfdi:Complemento>
    <tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital"
        version="1.0" UUID="6F3E1C2A-1B2C-4D5E-8F90-A1B2C3D4E5F6"
        FechaTimbrado="2016-05-23T12:31:10" selloCFD="c2VsbG8=" noCertificadoSAT="00001000000301234567"
        selloSAT="c2VsbG8="/>
  </cfdi:Complemento>
</cfdi:Comprobante>
"#;

#[test]
fn cfdi_32_reads_like_33_and_40() {
    let document = read(CFDI_32.as_bytes()).expect("readable");
    assert_eq!(document.kind, DocumentKind::Cfdi);
    let found = &document.extraction;
    for (field, value) in [
        (FieldName::IssuerName, "Papelería del Noreste, S.A. de C.V."),
        (FieldName::IssuerTaxId, "PNO9805124R7"),
        (FieldName::BuyerName, "Público en general"),
        (FieldName::BuyerTaxId, "XAXX010101000"),
        (FieldName::InvoiceNumber, "PN2207"),
        (FieldName::IssueDate, "2016-05-23"),
        (FieldName::Currency, "MXN"),
        (FieldName::Subtotal, "1500.00"),
        (FieldName::Tax, "240.00"),
        (FieldName::Total, "1740.00"),
    ] {
        assert_eq!(found.get(field), Some(value), "{field}");
        assert_eq!(found.fields[&field].source, FieldSource::Xml, "{field}");
    }
    assert_eq!(found.fields.len(), 10, "{:?}", found.fields);
    assert_eq!(
        found.line_items,
        [
            line("Cuaderno profesional", "3", "400.00", "1200.00"),
            line("Encuadernado", "1", "300.00", "300.00"),
        ]
    );
}

#[test]
fn cfdi_32_without_a_tax_total_or_an_iso_currency_still_reads_both() {
    let older = CFDI_32
        .replace(r#" totalImpuestosTrasladados="240.00""#, "")
        .replace(r#"Moneda="MXN""#, r#"Moneda="Pesos""#)
        .replace(
            r#"<cfdi:Traslado impuesto="IVA" tasa="16.00" importe="240.00"/>"#,
            r#"<cfdi:Traslado impuesto="IVA" tasa="16.00" importe="200.00"/><cfdi:Traslado impuesto="IEPS" tasa="8.00" importe="40.00"/>"#,
        );
    let found = read(older.as_bytes()).expect("readable").extraction;
    assert_eq!(found.get(FieldName::Tax), Some("240.00"));
    assert_eq!(found.get(FieldName::Currency), Some("MXN"));
}

#[test]
fn cii_lines_read_in_both_generations() {
    let pdf = fixture("pdf/EN16931_Einfach.pdf");
    let (_, xml) = crate::pdf::embedded_xml(&pdf)
        .expect("readable")
        .expect("embedded");
    let lines = read(&xml).expect("readable").extraction.line_items;
    assert_eq!(
        lines,
        [
            line("Trennblätter A4", "20.0000", "9.9000", "198.00"),
            line("Joghurt Banane", "50.0000", "5.5000", "275.00"),
        ]
    );
    let document = read(ZUGFERD_1.as_bytes()).expect("readable");
    assert_eq!(
        document.extraction.line_items,
        [line("Superdrachen", "2", "20.00", "40.00")]
    );
}

/// A ZUGFeRD 1.0 invoice: FC registration before VA, the tax also given in a second currency.
const ZUGFERD_1: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
  <rsm:HeaderExchangedDocument>
    <ram:ID> 2014-03 </ram:ID>
    <ram:IssueDateTime><udt:DateTimeString format="102">20140711</udt:DateTimeString></ram:IssueDateTime>
  </rsm:HeaderExchangedDocument>
  <rsm:SpecifiedSupplyChainTradeTransaction>
    <ram:ApplicableSupplyChainTradeAgreement>
      <ram:SellerTradeParty>
        <ram:Name>Kraxi GmbH &amp; Co. KG</ram:Name>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">201/113/40209</ram:ID></ram:SpecifiedTaxRegistration>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Papierflieger GmbH</ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableSupplyChainTradeAgreement>
    <ram:ApplicableSupplyChainTradeSettlement>
      <ram:InvoiceCurrencyCode>eur</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradePaymentTerms>
        <ram:DueDateDateTime><udt:DateTimeString format="102">20140810</udt:DateTimeString></ram:DueDateDateTime>
      </ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementMonetarySummation>
        <ram:TaxBasisTotalAmount currencyID="EUR">40.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="USD">8.20</ram:TaxTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">7.60</ram:TaxTotalAmount>
        <ram:GrandTotalAmount currencyID="EUR">47.60</ram:GrandTotalAmount>
      </ram:SpecifiedTradeSettlementMonetarySummation>
    </ram:ApplicableSupplyChainTradeSettlement>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:SpecifiedSupplyChainTradeAgreement>
        <ram:NetPriceProductTradePrice><ram:ChargeAmount currencyID="EUR">20.00</ram:ChargeAmount></ram:NetPriceProductTradePrice>
      </ram:SpecifiedSupplyChainTradeAgreement>
      <ram:SpecifiedSupplyChainTradeDelivery><ram:BilledQuantity unitCode="C62">2</ram:BilledQuantity></ram:SpecifiedSupplyChainTradeDelivery>
      <ram:SpecifiedSupplyChainTradeSettlement>
        <ram:SpecifiedTradeSettlementMonetarySummation><ram:LineTotalAmount currencyID="EUR">40.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementMonetarySummation>
      </ram:SpecifiedSupplyChainTradeSettlement>
      <ram:SpecifiedTradeProduct><ram:Name>Superdrachen</ram:Name></ram:SpecifiedTradeProduct>
    </ram:IncludedSupplyChainTradeLineItem>
  </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:CrossIndustryDocument>
"#;

#[test]
fn inline_cii_prefers_the_vat_id_and_the_tax_in_the_invoice_currency() {
    let document = read(ZUGFERD_1.as_bytes()).expect("readable");
    assert_eq!(document.kind, DocumentKind::Cii);
    let fields = &document.extraction;
    let expected = [
        (FieldName::IssuerName, "Kraxi GmbH & Co. KG"),
        (FieldName::IssuerTaxId, "DE123456789"),
        (FieldName::BuyerName, "Papierflieger GmbH"),
        (FieldName::InvoiceNumber, "2014-03"),
        (FieldName::IssueDate, "2014-07-11"),
        (FieldName::DueDate, "2014-08-10"),
        (FieldName::Currency, "EUR"),
        (FieldName::Subtotal, "40.00"),
        (FieldName::Tax, "7.60"),
        (FieldName::Total, "47.60"),
    ];
    for (name, value) in expected {
        assert_eq!(fields.get(name), Some(value), "{name}");
    }
    assert_eq!(fields.get(FieldName::BuyerTaxId), None);
}

/// `invoice` wrapped the way DIAN ships it, as text of the attachment's description.
fn attached_document(invoice: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<AttachedDocument xmlns="urn:oasis:names:specification:ubl:schema:xsd:AttachedDocument-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>SETP990000002</cbc:ID>
  <cac:Attachment><cac:ExternalReference>
    <cbc:MimeCode>text/xml</cbc:MimeCode>
    <cbc:Description>{invoice}</cbc:Description>
  </cac:ExternalReference></cac:Attachment>
</AttachedDocument>"#
    )
}

#[test]
fn a_dian_attached_document_reads_as_its_invoice_in_cdata_or_escaped() {
    let entry = expected(&["ubl"])
        .into_iter()
        .find(|entry| entry.file.contains("dian"))
        .expect("the DIAN invoice is in expected.json");
    let invoice = String::from_utf8(fixture(&entry.file)).expect("UTF-8");
    for wrapped in [
        attached_document(&format!("<![CDATA[{invoice}]]>")),
        attached_document(&quick_xml::escape::escape(invoice.as_str())),
    ] {
        let document = read(wrapped.as_bytes()).expect("readable");
        assert_eq!(document.kind, DocumentKind::DianAttachedDocument);
        let mut inner = document.clone();
        inner.kind = DocumentKind::UblInvoice;
        assert_eq!(entry.differences(&inner), "");
        assert!(
            document.text.contains("MimeCode: text/xml"),
            "{}",
            document.text
        );
        assert!(
            document.text.contains("IssueDate: 2019-06-20"),
            "{}",
            document.text
        );
    }
    assert_eq!(
        root_kind(attached_document("").as_bytes()),
        Some(DocumentKind::DianAttachedDocument)
    );
    let error = read(attached_document("").as_bytes()).expect_err("nothing attached");
    assert!(matches!(error, XmlError::NoAttachedInvoice), "{error}");
}

#[test]
fn root_kind_sniffs_past_bom_declaration_comments_and_instructions() {
    let cases = [
        (
            "\u{FEFF}<?xml version=\"1.0\"?>\n<!-- x --><?pi y?>\n <Invoice/>",
            Some(DocumentKind::UblInvoice),
        ),
        (
            "<ubl:Invoice xmlns:ubl=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>",
            Some(DocumentKind::UblInvoice),
        ),
        ("<DebitNote/>", Some(DocumentKind::UblInvoice)),
        ("<CreditNote/>", Some(DocumentKind::UblCreditNote)),
        (
            "<AttachedDocument/>",
            Some(DocumentKind::DianAttachedDocument),
        ),
        (
            "<cfdi:Comprobante xmlns:cfdi=\"http://www.sat.gob.mx/cfd/4\"/>",
            Some(DocumentKind::Cfdi),
        ),
        (
            "<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\"/>",
            Some(DocumentKind::Cii),
        ),
        (
            "<rsm:CrossIndustryDocument xmlns:rsm=\"urn:ferd:CrossIndustryDocument:invoice:1p0\"/>",
            Some(DocumentKind::Cii),
        ),
        ("<Invoice xmlns=\"urn:example:not-ubl\"/>", None),
        ("<Foo/>", None),
        ("hello <Invoice/>", None),
        ("", None),
    ];
    for (xml, kind) in cases {
        assert_eq!(root_kind(xml.as_bytes()), kind, "{xml}");
    }
    let error = read(b"<?xml version=\"1.0\"?>\n<Foo/>").expect_err("not an invoice");
    assert_eq!(error.to_string(), "not an invoice: root element is <Foo>");
}

#[test]
fn latin1_documents_decode_and_other_encodings_are_refused_by_name() {
    let cfdi = r#"<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4"><cfdi:Emisor Nombre="Cortés €"/></cfdi:Comprobante>"#;
    let latin1: Vec<u8> = "<?xml version='1.0' encoding='ISO-8859-1'?>"
        .chars()
        .chain(cfdi.chars())
        .map(|c| match c {
            '€' => 0x80,
            c => u8::try_from(u32::from(c)).expect("Latin-1"),
        })
        .collect();
    assert_eq!(root_kind(&latin1), Some(DocumentKind::Cfdi));
    let document = read(&latin1).expect("readable");
    assert_eq!(
        document.extraction.get(FieldName::IssuerName),
        Some("Cortés €")
    );

    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(cfdi.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let refusals = [
        (
            utf16,
            "unsupported character encoding UTF-16: use UTF-8 or ISO-8859-1",
        ),
        (
            b"<?xml version=\"1.0\" encoding=\"EBCDIC\"?><Invoice/>".to_vec(),
            "unsupported character encoding EBCDIC: use UTF-8 or ISO-8859-1",
        ),
        (
            b"<Invoice>\xFF</Invoice>".to_vec(),
            "the document is not valid UTF-8: bad byte at offset 9",
        ),
    ];
    for (bytes, message) in refusals {
        assert_eq!(read(&bytes).expect_err("refused").to_string(), message);
    }
}

#[test]
fn the_text_shows_values_in_order_without_signatures_or_seals() {
    let ubl = read(&fixture("ubl/dian_co_invoice_signed_dian_v2.xml"))
        .expect("readable")
        .text;
    let issue = ubl
        .find("IssueDate: 2019-06-20\n")
        .expect("issue date shown");
    assert!(
        ubl.find("ID: SETP990000002\n").is_some_and(|id| id < issue),
        "{ubl}"
    );
    for hidden in [
        "SignatureValue",
        "X509Certificate",
        "InvoiceAuthorization",
        "xmlns",
    ] {
        assert!(!ubl.contains(hidden), "{hidden} shown:\n{ubl}");
    }
    let cfdi = read(&fixture("cfdi/cfdi33-valid.xml"))
        .expect("readable")
        .text;
    assert!(
        cfdi.contains("Emisor Nombre: ESCUELA KEMPER URGATE SA DE CV\n"),
        "{cfdi}"
    );
    assert!(cfdi.contains("Concepto Descripcion: ACERO\n"), "{cfdi}");
    for hidden in [
        "Comprobante Sello",
        "Comprobante Certificado:",
        "SelloSAT",
        "schemaLocation",
    ] {
        assert!(!cfdi.contains(hidden), "{hidden} shown:\n{cfdi}");
    }
    let notes =
        "<cbc:Note>a long enough note to fill the rendering quickly</cbc:Note>".repeat(10_000);
    let xml = format!("<Invoice xmlns:cbc=\"c\">{notes}</Invoice>");
    let text = read(xml.as_bytes()).expect("readable").text;
    assert!(text.len() <= MAX_TEXT_BYTES && text.len() > MAX_TEXT_BYTES - 100);
}

// ---------------------------------------------------------------------------------------------
// Hostile and broken input

fn error_of(xml: &str) -> String {
    read(xml.as_bytes()).expect_err("refused").to_string()
}

#[test]
fn limits_are_errors_not_hangs() {
    let attributes = (0..10_000).fold(String::new(), |mut out, i| {
        let _ = write!(out, " a{i}=\"{i}\"");
        out
    });
    let message = error_of(&format!(
        "<Invoice>\n<cbc:ID{attributes}>1</cbc:ID></Invoice>"
    ));
    assert_eq!(
        message,
        "element <cbc:ID> has more than 1024 attributes at line 2"
    );

    let deep = format!(
        "<Invoice>\n{}{}</Invoice>",
        "<a>".repeat(10_000),
        "</a>".repeat(10_000)
    );
    assert_eq!(
        error_of(&deep),
        "element nesting deeper than 256 levels at line 2"
    );

    let large = vec![b' '; MAX_BYTES + 1];
    assert_eq!(
        read(&large).expect_err("too large").to_string(),
        "document larger than 32 MiB"
    );
}

#[test]
fn dtds_and_unknown_entities_are_refused() {
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Invoice><cbc:ID>&lol2;</cbc:ID></Invoice>"#;
    let message = error_of(laughs);
    assert!(
        message.contains("<!DOCTYPE") && message.ends_with("line 2"),
        "{message}"
    );
    assert_eq!(root_kind(laughs.as_bytes()), Some(DocumentKind::UblInvoice));

    let external = r#"<!DOCTYPE Invoice SYSTEM "file:///etc/passwd"><Invoice>&xxe;</Invoice>"#;
    assert!(error_of(external).contains("<!DOCTYPE"));
    let message = error_of("<Invoice>\n<cbc:ID>&nbsp;</cbc:ID></Invoice>");
    assert_eq!(message, "XML syntax error at line 2: unknown entity &nbsp;");
}

#[test]
fn syntax_errors_say_where() {
    let message =
        error_of("<Invoice>\n  <cbc:ID>1</cbc:ID>\n  <cbc:IssueDate>2024</cbc:Date>\n</Invoice>");
    assert!(
        message.starts_with("XML syntax error at line 3: "),
        "{message}"
    );
    let message = error_of("<Invoice>\n<cbc:ID>1</cbc:ID>");
    assert_eq!(
        message,
        "XML syntax error at line 2: the document ends inside <Invoice>"
    );
    let message = error_of("<Invoice><cbc:ID a=\"1\" a=\"2\"/></Invoice>");
    assert_eq!(message, "XML syntax error at line 1: duplicate attribute a");
}

#[test]
fn a_hostile_invoice_inside_a_dian_wrapper_is_refused() {
    let deep = format!(
        "<Invoice>{}{}</Invoice>",
        "<a>".repeat(10_000),
        "</a>".repeat(10_000)
    );
    let cases = [
        (
            format!("<![CDATA[{deep}]]>"),
            "element nesting deeper than 256 levels at line 1",
        ),
        (
            "<![CDATA[<!DOCTYPE Invoice [<!ENTITY x \"x\">]><Invoice>&x;</Invoice>]]>".to_owned(),
            "document type declarations",
        ),
        (
            quick_xml::escape::escape(attached_document("<Invoice/>").as_str()).into_owned(),
            "not an invoice: root element is <AttachedDocument>",
        ),
        ("<![CDATA[<Invoice><a>]]>".to_owned(), "XML syntax error"),
    ];
    for (inner, expected) in cases {
        let error = read(attached_document(&inner).as_bytes()).expect_err("refused");
        assert!(matches!(error, XmlError::AttachedInvoice(_)), "{error}");
        assert!(error.to_string().contains(expected), "{error}");
    }
}

/// A stream of XML-ish tokens inside an invoice root, to reach deeper than random bytes do.
fn xmlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        "<[a-zA-Z]{1,3}(:[A-Za-z]{1,4})?( [a-zA-Z]{1,2}=\"[^\"<&]{0,4}\"){0,3}/?>",
        "</[a-zA-Z]{1,3}(:[A-Za-z]{1,4})?>",
        "[a-z0-9 .,]{0,6}",
        "&(amp|lt|#x41|#0|nbsp|);",
        "<!\\[CDATA\\[[a-z<>&]{0,6}\\]\\]>",
        "<!--[a-z-]{0,4}-->",
        Just("<cac:InvoiceLine>".to_owned()),
        Just("<cbc:TaxAmount currencyID=\"EUR\">1.5</cbc:TaxAmount>".to_owned()),
    ];
    prop::collection::vec(token, 0..64).prop_map(|tokens| tokens.concat())
}

/// A dev fixture with some bytes replaced and possibly cut short.
fn mutated_fixture() -> impl Strategy<Value = Vec<u8>> {
    let files = [
        "ubl/sunat_pe_FACTURAE001-17.xml",
        "ubl/XRECHNUNG_Einfach.ubl.xml",
        "cfdi/created-with-discounts-40.xml",
    ];
    let edits = prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12);
    (
        prop::sample::select(files.to_vec()),
        edits,
        any::<Option<prop::sample::Index>>(),
    )
        .prop_map(|(file, edits, cut)| {
            let mut bytes = fixture(file);
            for (index, byte) in edits {
                let at = index.index(bytes.len());
                bytes[at] = byte;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len()));
            }
            bytes
        })
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = root_kind(&bytes);
        let _ = read(&bytes);
    }

    #[test]
    fn arbitrary_markup_never_panics(body in xmlish(), root in "(Invoice|CreditNote|cfdi:Comprobante|rsm:CrossIndustryInvoice)") {
        let xml = format!("<{root}>{body}</{root}>");
        let _ = read(xml.as_bytes());
        let _ = read(attached_document(&format!("<![CDATA[{xml}]]>")).as_bytes());
    }

    #[test]
    fn mutated_fixtures_never_panic(bytes in mutated_fixture()) {
        let _ = root_kind(&bytes);
        if let Ok(document) = read(&bytes) {
            prop_assert!(document.text.len() <= MAX_TEXT_BYTES);
            prop_assert!(document.extraction.fields.values().all(|field| !field.value.is_empty()));
        }
    }
}
