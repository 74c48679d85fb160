//! Built-in rules: invoice fields out of plain text, as `pdftotext -layout` or Tesseract hand it
//! over (Spanish, English and German; noisy).
//!
//! The text is read line by line. Each line is folded (lower case, accents removed, `°`/`º` read
//! as `o`, so `N°` becomes `no`) and searched for labels from one table ([`LABEL_SPECS`]): where
//! labels overlap the one starting first wins, and at the same start the longest, so `Sub total`
//! is not a `Total` and `Total qty` is nothing. A label owns the text up to the next label on its
//! line; its value is looked for there, or on the next line right under it (column headers and
//! OCR that puts values on their own line). Every value found becomes a weighted candidate:
//! strong labels weigh more than generic ones, values beside their label more than values below.
//!
//! Then come the guesses without labels (the first date, a valid RUC, an RFC, a company name near
//! the top), the currency from codes and symbols, and finally the amounts are reconciled: the
//! combination of total, subtotal and tax that weighs most wins, with a bonus when
//! `subtotal + tax = total` and a penalty for a total below its parts; between equally good
//! totals the largest wins. Confidence is the winning candidate's weight.

use std::cmp::Reverse;
use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::{Regex, RegexSet};
use rust_decimal::Decimal;

use crate::amounts::{DecimalSeparator, normalize, parse_amount};
use crate::dates::{DateOrder, find_dates};
use crate::taxid::{TaxIdStatus, check_tax_id};
use crate::{Extraction, FieldName, FieldSource, FieldValue, LineItem};

/// Reads the fields of the invoice or receipt in `text`. Every field carries
/// [`FieldSource::Rules`] and a confidence between 0 and 1.
pub fn extract(text: &str) -> Extraction {
    let doc = Document::new(text);
    let mut found = Found::default();
    let contexts = scan_labels(&doc, &mut found);
    guess_issue_date(&doc, &mut found);
    guess_tax_ids(&doc, &contexts, &mut found);
    guess_invoice_number(&doc, &mut found);
    guess_issuer_name(&doc, &contexts, &mut found);
    guess_currency(&doc, &mut found);
    let mut extraction = found.into_extraction(doc.lines.len());
    extraction.line_items = line_items(&doc);
    extraction
}

// ---------------------------------------------------------------------------------------------
// Weights
// ---------------------------------------------------------------------------------------------

/// A label that names exactly one field: `Total a pagar`, `Fecha de emisión`, `RUC`.
const STRONG: f32 = 0.9;
/// A label that usually names the field: `Total`, `Fecha`, `IVA`.
const PLAIN: f32 = 0.75;
/// A label that may name the field: `vom`, `Zahlbetrag`, a document title.
const WEAK: f32 = 0.55;
/// Lost when the value sits under its label on the next line, in its column.
const BELOW_ALIGNED: f32 = 0.1;
/// Lost when the value sits alone on the next line, not in the label's column.
const BELOW_LOOSE: f32 = 0.2;
/// Lost when the label's text holds several amounts (a summary row) and the last one is taken.
const SHARED: f32 = 0.1;
/// Weight of a date found without a label (the first one in the document).
const UNLABELLED_DATE: f32 = 0.45;
/// Bonus for amounts that add up: `subtotal + tax = total`.
const CONSISTENT: f32 = 0.6;
/// Penalty for a total smaller than its subtotal or its tax.
const TOTAL_BELOW_PART: f32 = 1.0;

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/// One line of the document: as written, and folded for matching.
struct Line<'a> {
    raw: &'a str,
    /// Lower case, accents removed; one character per character of `raw`.
    folded: String,
    /// `raw` byte offset of every `folded` byte offset (one more entry than `folded` has bytes).
    to_raw: Vec<usize>,
    /// The labels found, in order, without overlaps.
    hits: Vec<Hit>,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Self {
        let mut folded = String::with_capacity(raw.len());
        let mut to_raw = Vec::with_capacity(raw.len() + 1);
        for (offset, c) in raw.char_indices() {
            let start = folded.len();
            folded.push(fold_char(c));
            to_raw.resize(to_raw.len() + folded.len() - start, offset);
        }
        to_raw.push(raw.len());
        let hits = find_hits(&folded);
        Self {
            raw,
            folded,
            to_raw,
            hits,
        }
    }

    /// The raw text of a folded byte range.
    fn raw_slice(&self, range: Range<usize>) -> &'a str {
        &self.raw[self.to_raw[range.start]..self.to_raw[range.end]]
    }

    /// The column (character index) of a folded byte offset.
    fn col(&self, offset: usize) -> usize {
        self.folded[..offset].chars().count()
    }

    fn cols(&self, range: &Range<usize>) -> Range<usize> {
        self.col(range.start)..self.col(range.end)
    }

    fn is_blank(&self) -> bool {
        !self.folded.chars().any(char::is_alphanumeric)
    }
}

/// Lower case without accents, one character for one character. `°` and `º` become `o` so that
/// `N°` reads `no`.
fn fold_char(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ª' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | '°' | 'º' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'ß' => 's',
        '\t' => ' ',
        other => other,
    }
}

/// The whole text, with what is guessed once for all of it.
struct Document<'a> {
    lines: Vec<Line<'a>>,
    /// The decimal separator most amounts use, when one clearly dominates.
    separator: Option<DecimalSeparator>,
    /// Day-first unless some date can only be read month-first.
    order: DateOrder,
}

impl<'a> Document<'a> {
    fn new(text: &'a str) -> Self {
        let lines: Vec<Line<'a>> = text.lines().map(Line::new).collect();
        Self {
            separator: dominant_separator(text),
            order: dominant_order(text),
            lines,
        }
    }

    /// The next line with something on it within a few lines after `index`.
    fn next_content(&self, index: usize) -> Option<(usize, &Line<'a>)> {
        self.lines
            .iter()
            .enumerate()
            .skip(index + 1)
            .take(4)
            .find(|(_, line)| !line.is_blank())
    }

    fn amount(&self, text: &str) -> Option<Decimal> {
        parse_amount(text, self.separator).or_else(|| parse_amount(text, None))
    }
}

static TWO_DECIMALS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d([.,])\d{2}(?:[^\d]|$)").expect("separator pattern compiles"));

/// `,` when amounts like `12,50` outnumber amounts like `12.50`, and the other way round.
fn dominant_separator(text: &str) -> Option<DecimalSeparator> {
    let (mut commas, mut dots) = (0usize, 0usize);
    for caps in TWO_DECIMALS.captures_iter(text) {
        if &caps[1] == "," {
            commas += 1;
        } else {
            dots += 1;
        }
    }
    match commas.cmp(&dots) {
        std::cmp::Ordering::Greater => Some(DecimalSeparator::Comma),
        std::cmp::Ordering::Less => Some(DecimalSeparator::Dot),
        std::cmp::Ordering::Equal => None,
    }
}

static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](?:\d{4}|\d{2})\b").expect("date pattern compiles")
});

/// Month-first only when some numeric date cannot be day-first and none cannot be month-first.
fn dominant_order(text: &str) -> DateOrder {
    let (mut day_first, mut month_first) = (0, 0);
    for caps in NUMERIC_DATE.captures_iter(text) {
        let first: u32 = caps[1].parse().unwrap_or(0);
        let second: u32 = caps[2].parse().unwrap_or(0);
        if first > 12 && second <= 12 {
            day_first += 1;
        } else if second > 12 && first <= 12 {
            month_first += 1;
        }
    }
    if month_first > day_first {
        DateOrder::MonthFirst
    } else {
        DateOrder::DayFirst
    }
}

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

/// Whose a name or a tax identifier is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Party {
    Issuer,
    Buyer,
    /// A delivery address, a payee: neither issuer nor buyer.
    Other,
}

/// What a label announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// A tax identifier; whose depends on the section it is in.
    TaxId,
    /// A name (`Razón social`, `Name`); whose depends on the section, else the given party.
    Name(Option<Party>),
    /// A section header (`Cliente`, `Emisor`, `Bill to`) that may carry the party's name.
    Party(Party),
    InvoiceNumber,
    IssueDate,
    DueDate,
    Subtotal,
    Tax,
    Total,
    /// `Net amount`: before tax on European invoices, the amount paid on many receipts. It is a
    /// subtotal and a (weak) total candidate; the amounts that add up decide.
    NetAmount,
    Currency,
    /// Something that looks like a label of the others but is not (`Total qty`, `Cash`).
    Ignore,
}

impl Slot {
    fn is_amount(self) -> bool {
        matches!(
            self,
            Self::Subtotal | Self::Tax | Self::Total | Self::NetAmount
        )
    }
}

/// A label: what it announces, how surely, and its pattern over folded text.
struct LabelSpec(Slot, f32, &'static str);

/// Every label, over folded text (lower case, no accents, `n°` as `no`). Order only matters
/// between patterns matching exactly the same text.
#[rustfmt::skip]
const LABEL_SPECS: &[LabelSpec] = &[
    // Sections: who the following lines are about.
    LabelSpec(Slot::Party(Party::Buyer), PLAIN, r"senor(?:\s*\(\s*es\s*\)|es|a)?|sr\.?\s*\(\s*es\s*\)\.?|sres\.?"),
    LabelSpec(Slot::Party(Party::Buyer), PLAIN, r"(?:nombre\s*(?:del\s*)?|datos\s*del\s*|razon\s*social\s*(?:del\s*)?)?(?:cliente|adquiri?ente|receptor|comprador)"),
    LabelSpec(Slot::Party(Party::Buyer), PLAIN, r"(?:customer|client|buyer)(?:\s*name)?|(?:bill(?:ed)?|sold|invoice)\s*to|facturar\s*a|destinatario"),
    LabelSpec(Slot::Party(Party::Buyer), PLAIN, r"kaufer(?:\s*/\s*leistungsempfanger)?|(?:abweichender\s*)?rechnungsempfanger|leistungsempfanger"),
    LabelSpec(Slot::Party(Party::Issuer), PLAIN, r"(?:datos\s*del\s*)?(?:emisor|vendedor|proveedor)|seller|supplier|vendor|ver\s?kaufer"),
    LabelSpec(Slot::Party(Party::Other), PLAIN, r"(?:abweichender\s*)?(?:waren|zahlungs)empfanger|ship(?:ped)?\s*to|deliver(?:y|ed)?\s*to|lieferanschrift|consignee|punto\s*de\s*llegada|direccion\s*de\s*(?:entrega|envio)"),
    LabelSpec(Slot::Ignore, PLAIN, r"(?:customer|client|cliente|member|account|acct)\s*(?:no\.?|number|nr\.?|nro\.?|#|id|code|codigo|cod\.?)|(?:codigo|cod\.?|numero|nro\.?|no\.?)\s*(?:de\s*)?cliente"),
    // Names.
    LabelSpec(Slot::Name(Some(Party::Issuer)), PLAIN, r"(?:nombre\s*(?:o|y|/)\s*)?(?:razon|denominacion)\s*social"),
    LabelSpec(Slot::Name(None), PLAIN, r"(?:company\s*)?name|nombre"),
    // Tax identifiers.
    LabelSpec(Slot::TaxId, STRONG, r"r\.?\s?u\.?\s?c\.?|n\.?\s?i\.?\s?t\.?|r\.?\s?f\.?\s?c\.?|c\.?\s?u\.?\s?i\.?\s?t\.?|r\.?\s?u\.?\s?t\.?"),
    LabelSpec(Slot::TaxId, STRONG, r"n\.?\s?i\.?\s?f\.?(?:\s*/\s*c\.?\s?i\.?\s?f\.?)?|c\.?\s?i\.?\s?f\.?"),
    LabelSpec(Slot::TaxId, STRONG, r"(?:gst|vat|sst|tax)\s*(?:reg(?:istration)?\.?\s*)?(?:id(?:entification)?\.?\s*)?(?:no\.?|number|num\.?|nr\.?|#)"),
    LabelSpec(Slot::TaxId, STRONG, r"(?:gst|vat|sst|tax)\s*(?:reg(?:istration)?|id(?:entification)?)\.?"),
    LabelSpec(Slot::TaxId, STRONG, r"ust\.?\s*-?\s*id\.?\s*-?\s*(?:nr\.?|nummer)?|umsatzsteuer-?\s*id(?:entifikations)?(?:nummer|nr\.?)?"),
    LabelSpec(Slot::TaxId, STRONG, r"tin|abn|uid(?:-?nr\.?)?|btw(?:-?nr\.?)?|p\.\s?iva|partita\s*iva|(?:id(?:entificacion)?|numero)\s*(?:fiscal|tributari[oa])"),
    LabelSpec(Slot::TaxId, WEAK, r"steuer-?\s*(?:nr\.?|nummer)|st\.?-?\s*nr\.?"),
    // Invoice numbers.
    LabelSpec(Slot::InvoiceNumber, STRONG, r"(?:tax\s*)?invoice\s*(?:no\.?|number|num\.?|nr\.?|#|id)|inv\.?\s*(?:no\.?|#|number|nr\.?)"),
    LabelSpec(Slot::InvoiceNumber, STRONG, r"(?:official\s*)?receipt\s*(?:no\.?|number|#|nr\.?)|(?:cash\s*)?bill\s*(?:no\.?|number|#)"),
    LabelSpec(Slot::InvoiceNumber, STRONG, r"(?:factura|boleta|nota\s*de\s*(?:credito|debito)|comprobante|recibo|ticket|documento)(?:\s*(?:electronica|de\s*venta|de\s*pago|fiscal)){0,3}\s*(?:no\.?|nro\.?|num(?:ero)?\.?|#|n\.)"),
    LabelSpec(Slot::InvoiceNumber, STRONG, r"(?:no\.?|numero|nro\.?|num\.?)\s*(?:de\s*)?(?:factura|boleta|comprobante|documento|recibo|invoice)"),
    LabelSpec(Slot::InvoiceNumber, STRONG, r"(?:handels)?rechnungs?(?:\s*\(\d+\))?\s*(?:nr\.?|nummer|no\.?|#)|rechnungs-nr\.?|folio|serie\s*(?:y|-|/)?\s*(?:folio|numero|correlativo)"),
    LabelSpec(Slot::InvoiceNumber, PLAIN, r"(?:doc(?:ument)?|slip|trans(?:action)?)\s*(?:no\.?|#|number|nr\.?)|beleg(?:nummer|-?nr\.?)"),
    LabelSpec(Slot::InvoiceNumber, WEAK, r"(?:factura|boleta)(?:\s*(?:electronica|de\s*venta|de\s*pago)){0,3}|nota\s*de\s*(?:credito|debito)(?:\s*electronica)?"),
    LabelSpec(Slot::InvoiceNumber, WEAK, r"(?:tax\s*)?invoice|(?:handels)?rechnung(?:\s*\(\d+\))?"),
    LabelSpec(Slot::Ignore, PLAIN, r"folio\s*fiscal|uuid|(?:purchase\s*)?order\s*(?:no\.?|nr\.?|number|#)?|p\.?\s?o\.?\s*(?:no\.?|#)|pedido|orden\s*de\s*compra|bestellung(?:\s*nr\.?)?|auftrag|guia(?:\s*de\s*remision)?|lieferschein"),
    LabelSpec(Slot::Ignore, PLAIN, r"(?:bestell|auftrags|kunden|debitoren|leasing|artikel|art)-?(?:nummer|nr\.?)"),
    LabelSpec(Slot::Ignore, PLAIN, r"(?:tel(?:efono|ephone|f)?|phone|fax|h/p|mobile|cel(?:ular)?|movil|whatsapp|fon)\.?\s*(?:no\.?|nr\.?|#)?"),
    LabelSpec(Slot::Ignore, PLAIN, r"co(?:mpany)?\.?\s*(?:reg(?:istration)?\.?\s*)?no\.?|roc\s*no\.?|reg(?:istration)?\.?\s*no\.?"),
    LabelSpec(Slot::Ignore, PLAIN, r"cashier|cajero|terminal|table|mesa|iban|bic|swift|kontoinhaber|hrb|amtsgericht|seite|page|pagina"),
    // Dates.
    LabelSpec(Slot::IssueDate, STRONG, r"fecha\s*(?:de\s*)?(?:emision|expedicion|facturacion|factura|comprobante)|f\.\s*emision|fecha\s*y\s*hora(?:\s*de\s*emision)?"),
    LabelSpec(Slot::IssueDate, STRONG, r"(?:invoice|issue|billing|document|receipt|bill|tax\s*point)\s*date|date\s*(?:of\s*)?(?:issue|invoice)|date\s*issued|issued\s*on"),
    LabelSpec(Slot::IssueDate, STRONG, r"(?:liefer-?\s*und\s*)?rechnungsdatum|belegdatum|ausstellungsdatum"),
    LabelSpec(Slot::IssueDate, PLAIN, r"fecha|dated|date|datum|,\s*den"),
    LabelSpec(Slot::IssueDate, WEAK, r"vom|von"),
    LabelSpec(Slot::DueDate, STRONG, r"fecha\s*(?:de\s*)?vencimiento|vencimiento|vence|fecha\s*limite(?:\s*de\s*pago)?"),
    LabelSpec(Slot::DueDate, STRONG, r"(?:payment\s*)?due(?:\s*date)?|date\s*due|pay(?:able)?\s*by|fallig(?:keit|\s*am)?(?:sdatum)?|zahlungsziel|zahlbar\s*bis(?:\s*zum)?"),
    LabelSpec(Slot::DueDate, WEAK, r"fecha\s*de\s*pago"),
    LabelSpec(Slot::Ignore, PLAIN, r"(?:liefer-?\s*und\s*)?leistungsdatum|lieferdatum|leistungszeitraum|abrechnungszeitraum|zeitraum"),
    LabelSpec(Slot::Ignore, PLAIN, r"(?:delivery|shipping|ship|order|print(?:ed)?|start|end|service)\s*date|fecha\s*de\s*(?:entrega|pedido|despacho|impresion|inicio|fin|traslado)"),
    LabelSpec(Slot::Ignore, PLAIN, r"period[oe]?(?:\s*de\s*facturacion)?|gultig\s*bis|valid\s*(?:until|till|thru)|printed(?:\s*(?:on|by))?|impreso"),
    LabelSpec(Slot::Ignore, PLAIN, r"[a-z-]*version\s*:?\s*[\d.]+\s*(?:vom|von)|(?:bestellung|order|pedido)(?:\s*(?:nr\.?|no\.?)\s*[\w-]+)?\s*vom"),
    // Totals.
    LabelSpec(Slot::Total, STRONG, r"grand\s*total|total\s*general|total\s*final|total\s*(?:a\s*)?(?:pagar|cobrar)|(?:importe|neto|valor|monto|saldo)\s*a\s*pagar"),
    LabelSpec(Slot::Total, STRONG, r"(?:importe|monto|valor|precio)\s*total(?:\s*(?:a\s*pagar|de\s*la\s*venta|de\s*venta|factura))?|total\s*(?:de\s*la\s*)?(?:factura|venta|documento|comprobante|operacion)"),
    LabelSpec(Slot::Total, STRONG, r"total\s*(?:amount\s*)?(?:due|payable|to\s*pay)|amount\s*(?:due|payable)|balance\s*due|total\s*amount|invoice\s*(?:total|amount)|total\s*invoice(?:\s*amount)?"),
    LabelSpec(Slot::Total, STRONG, r"total(?:\s+[a-z./]+){0,3}?\s*\(?\s*(?:inclusive|including|incl|inc|inkl|con|with)\.?(?:\s*of)?(?:\s*(?:gst|vat|tax|sst|iva|igv|mwst|ust|[a-z0-9]{2,4}\b))?\s*\)?"),
    LabelSpec(Slot::Total, STRONG, r"rounded\s*total|total\s*(?:after\s*)?round(?:ed|ing)|montant\s*total|total\s*ttc|net\s*a\s*payer"),
    LabelSpec(Slot::Total, STRONG, r"gesamtbetrag|gesamtsumme|bruttosumme|bruttobetrag|rechnungsbetrag|rechnungssumme\s*brutto|summe\s*(?:gesamt|brutto)|gesamt\s*brutto|endbetrag|total\s*brutto"),
    LabelSpec(Slot::Total, PLAIN, r"total\s*paid|total|t[o0]ta[1i]|nett?\.?\s*total|nett(?:\s*(?:amount|amt))?|brutto|summe|a\s*pagar"),
    LabelSpec(Slot::Total, WEAK, r"zahlbetrag"),
    // Subtotals.
    LabelSpec(Slot::Subtotal, STRONG, r"sub\s*-?\s*total(?:\s*\(?\s*(?:inclusive|including|incl|inc|exclusive|excluding|excl|exc|sin|con|before|w/o)\.?(?:\s*of)?(?:\s*(?:gst|vat|tax|sst|iva|igv))?\s*\)?)?"),
    LabelSpec(Slot::Subtotal, STRONG, r"total(?:\s+[a-z./]+){0,2}?\s*\(?\s*(?:exclusive|excluding|excl|exc|before|sin|antes\s*de|without|w/o|ohne|exkl|zzgl|net\s*of)\.?(?:\s*of)?(?:\s*(?:gst|vat|tax|sst|iva|igv|impuestos?|mwst|ust|[a-z0-9]{2,4}\b))?\s*\)?"),
    LabelSpec(Slot::Subtotal, STRONG, r"op(?:eracion(?:es)?)?\.?\s*gravadas?|total\s*(?:op(?:eracion(?:es)?)?\.?\s*)?gravad[oa]s?|base\s*(?:imponible|gravable)|(?:total\s*)?valor\s*(?:de\s*)?venta"),
    LabelSpec(Slot::Subtotal, STRONG, r"total\s*neto|(?:monto|importe|valor)\s*neto|neto\s*gravado|total\s*ht|montant\s*ht|total\s*before\s*tax|pre-?tax\s*total|taxable\s*(?:amount|value|total)"),
    LabelSpec(Slot::Subtotal, STRONG, r"(?:rechnungs)?summe\s*(?:ohne\s*(?:ust|mwst)\.?|netto)|nettobetrag|nettosumme|gesamt\s*netto|total\s*netto"),
    LabelSpec(Slot::NetAmount, PLAIN, r"net\.?\s*(?:amount|amt|value)"),
    LabelSpec(Slot::Subtotal, PLAIN, r"neto|netto|(?:gst|vat|sst)\s*taxable(?:\s*(?:amount|value))?|taxable|gravado"),
    LabelSpec(Slot::Subtotal, WEAK, r"positionssumme|summe\s*positionen"),
    // Taxes.
    LabelSpec(Slot::Tax, STRONG, r"total\s*(?:gst|vat|tax(?:es)?|iva|igv|sst|impuestos?|mwst|ust)|(?:gst|vat|sales\s*tax|tax|sst|iva|igv|mwst|ust)\.?\s*-?\s*(?:amount|amt|total|gesamt|betrag|summe)"),
    LabelSpec(Slot::Tax, STRONG, r"steuerbetrag|umsatzsteuerbetrag|mehrwertsteuer|impuestos?\s*(?:trasladados?|totales?)|total\s*impuestos?|montant\s*tva|tva|i\.\s?g\.\s?v\.?|i\.\s?v\.\s?a\.?"),
    LabelSpec(Slot::Tax, PLAIN, r"gst|vat|tax|iva|igv|sst|mwst\.?|ust\.?|umsatzsteuer|impuestos?|isv|itbis"),
    // Amounts that are none of those.
    LabelSpec(Slot::Ignore, PLAIN, r"total\s*(?:qty|quantity|items?|item\s*count|pcs|pieces|units?|savings?|discounts?|descuentos?|cantidad|unidades|articulos|productos|weight|peso|points?|puntos|tendered|lines?)"),
    LabelSpec(Slot::Ignore, PLAIN, r"item\s*count|no\.?\s*of\s*items?|cash(?:\s*(?:tendered|received|paid|payment))?|efectivo|cambio|change|vuelto|su\s*vuelto|tendered|received|paid|pagado|pago(?:\s*con)?|payment"),
    LabelSpec(Slot::Ignore, PLAIN, r"tarjeta|card|visa|master(?:card)?|amex|debito|debit|credito|credit(?:\s*card)?|round(?:ing)?(?:\s*adj(?:ustment)?\.?)?|redondeo|rundung"),
    LabelSpec(Slot::Ignore, PLAIN, r"discount|descuentos?|dcto\.?|rabatt|skonto|abschlag|zuschlag|deposit|anticipo|anzahlung(?:en)?|erhaltene\s*anzahlungen|prepaid|advance|tip|propina|trinkgeld|savings?|ahorro"),
    LabelSpec(Slot::Ignore, PLAIN, r"gesamtbetrag\s*der\s*(?:zuschlage|abschlage)|(?:gst|tax|vat|iva)\s*(?:summary|code|rate|%|breakdown|analysis)|(?:ust|mwst)\.?\s*(?:satz|%)|steuersatz|tax\s*rate|tasa|tarifa"),
    LabelSpec(Slot::Ignore, PLAIN, r"(?:netto|brutto|einzel|stuck)preis|unit\s*(?:price|cost)|precio\s*unitario|p\.?\s*unit(?:ario)?\.?|v\.?\s*unit(?:ario)?\.?|[us]/\s*price|price|precio|preis"),
    LabelSpec(Slot::Ignore, PLAIN, r"(?:iva|igv|gst|mwst|ust)\.?\s*(?:incluido|incl(?:uded)?|inkl)\.?|inkl\.?\s*(?:\d+\s*%\s*)?(?:mwst|ust)\.?|incl(?:uding)?\.?\s*(?:gst|vat|tax)"),
    LabelSpec(Slot::Ignore, PLAIN, r"op(?:eracion(?:es)?)?\.?\s*(?:exoneradas?|inafectas?|gratuitas?|exportacion)|exento|exonerad[oa]|inafect[oa]|no\s*gravad[oa]"),
    LabelSpec(Slot::Ignore, PLAIN, r"retenci[oa]n(?:es)?|rete\s*(?:fuente|iva|ica)|reteiva|reteica|retefuente|percepcion|detraccion|isc|icbper|otros\s*(?:cargos|tributos)"),
    LabelSpec(Slot::Ignore, PLAIN, r"amount|amt|importe|betrag|monto|valor|cantidad|qty|quantity|menge"),
    // Currency.
    LabelSpec(Slot::Currency, STRONG, r"moneda|currency(?:\s*code)?|divisa|wahrung|betrage\s*in|amounts?\s*in|importes?\s*(?:expresados\s*)?en|tipo\s*de\s*moneda"),
];

struct Labels {
    set: RegexSet,
    each: Vec<Regex>,
}

/// Each label pattern, required to end where a word ends (a digit may follow: `TOTAL4.70`).
/// The boundary is part of the pattern so that `credito` is tried when `credit` would end inside
/// a word; the label itself is the `label` group.
static LABELS: LazyLock<Labels> = LazyLock::new(|| {
    let patterns: Vec<String> = LABEL_SPECS
        .iter()
        .map(|spec| format!(r"(?P<label>{})(?:[^\p{{L}}]|$)", spec.2))
        .collect();
    Labels {
        set: RegexSet::new(&patterns).expect("label patterns compile"),
        each: patterns
            .iter()
            .map(|pattern| Regex::new(pattern).expect("label pattern compiles"))
            .collect(),
    }
});

/// A label found on a line. Offsets are bytes of the folded line.
#[derive(Debug, Clone, Copy)]
struct Hit {
    /// Index into [`LABEL_SPECS`].
    label: usize,
    start: usize,
    end: usize,
    /// Where the label's value region ends: the next label, or the end of the line.
    region_end: usize,
}

impl Hit {
    fn slot(&self) -> Slot {
        LABEL_SPECS[self.label].0
    }

    fn weight(&self) -> f32 {
        LABEL_SPECS[self.label].1
    }

    fn region(&self) -> Range<usize> {
        self.end..self.region_end
    }
}

/// The labels on a folded line: leftmost first, longest at the same start, no overlaps; a
/// parenthesis right after a label (`Total (incl. GST)`, `IGV (18%)`) belongs to it.
fn find_hits(folded: &str) -> Vec<Hit> {
    let labels = &*LABELS;
    let mut all: Vec<Hit> = Vec::new();
    for label in &labels.set.matches(folded) {
        let re = &labels.each[label];
        let mut at = 0;
        while let Some(m) = re
            .captures_at(folded, at)
            .and_then(|caps| caps.name("label"))
        {
            if m.is_empty() {
                break;
            }
            if starts_word(folded, m.start()) {
                all.push(Hit {
                    label,
                    start: m.start(),
                    end: m.end(),
                    region_end: folded.len(),
                });
                at = m.end();
            } else {
                at = m.start() + folded[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
            if at >= folded.len() {
                break;
            }
        }
    }
    all.sort_by_key(|hit| (hit.start, Reverse(hit.end), hit.label));
    let mut hits: Vec<Hit> = Vec::new();
    for mut hit in all {
        if hits.last().is_some_and(|last| hit.start < last.end) {
            continue;
        }
        hit.end = extend_over_parenthesis(folded, hit.start, hit.end);
        hits.push(hit);
    }
    let starts: Vec<usize> = hits.iter().skip(1).map(|hit| hit.start).collect();
    for (hit, next) in hits.iter_mut().zip(starts) {
        hit.region_end = next;
    }
    hits
}

/// A label must not start inside a word (`nit` in `unit`, `total` in `subtotal`).
fn starts_word(text: &str, start: usize) -> bool {
    !text[start..].starts_with(char::is_alphanumeric)
        || !text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
}

/// A token must not start or end inside a word.
fn word_bounded(text: &str, start: usize, end: usize) -> bool {
    let ends_inside = text[..end].ends_with(char::is_alphanumeric)
        && text[end..].starts_with(char::is_alphanumeric);
    starts_word(text, start) && !ends_inside
}

/// The end of a label including a parenthesis it opened, or one that follows it closely.
fn extend_over_parenthesis(folded: &str, start: usize, end: usize) -> usize {
    const REACH: usize = 40;
    let label = &folded[start..end];
    let rest = &folded[end..];
    if label.matches('(').count() > label.matches(')').count() {
        return rest
            .char_indices()
            .take_while(|&(offset, _)| offset < REACH)
            .find(|&(_, c)| c == ')')
            .map_or(end, |(offset, _)| end + offset + 1);
    }
    let trimmed = rest.trim_start();
    let skipped = rest.len() - trimmed.len();
    if skipped <= 2
        && let Some(open) = trimmed.chars().next().filter(|c| matches!(c, '(' | '['))
    {
        let close = if open == '(' { ')' } else { ']' };
        if let Some(offset) = trimmed[1..].find(close).filter(|&offset| offset < REACH)
            && !trimmed[1..=offset].contains(['(', '['])
        {
            return end + skipped + offset + 2;
        }
    }
    end
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/// A value found on a line; offsets are bytes of the folded line.
#[derive(Debug, Clone)]
struct Token<T> {
    start: usize,
    end: usize,
    value: T,
}

static AMOUNT_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<neg>-)?(?P<num>\d{1,3}(?:[.,']\d{3})+(?:[.,]\s?\d{1,4})?|\d+(?:[.,]\s?\d{1,4})?|[.,]\d{2})",
    )
    .expect("amount pattern compiles")
});

/// Integers with more digits than this and no grouping are identifiers, not amounts.
const MAX_PLAIN_DIGITS: usize = 7;

/// The amounts in `range` of a line: not percentages, times, dates, identifiers or parts of
/// words. A currency prefix may be glued to a number with decimals (`RM152.00`).
fn amount_tokens(doc: &Document, line: &Line, range: Range<usize>) -> Vec<Token<Decimal>> {
    let text = &line.folded;
    let dates: Vec<Range<usize>> = find_dates(text, doc.order)
        .into_iter()
        .map(|found| found.start..found.end)
        .collect();
    let mut tokens = Vec::new();
    for caps in AMOUNT_TOKEN.captures_iter(&text[range.clone()]) {
        let whole = caps.get(0).expect("group 0 always matches");
        let (start, end) = (range.start + whole.start(), range.start + whole.end());
        let number = caps.name("num").map_or("", |m| m.as_str());
        if dates
            .iter()
            .any(|date| date.start < end && start < date.end)
            || !amount_stands_alone(text, start, end, number)
        {
            continue;
        }
        let Some(value) = doc.amount(&number.replace(char::is_whitespace, "")) else {
            continue;
        };
        let value = if caps.name("neg").is_some() && !preceded_by_digit(text, start) {
            -value
        } else {
            value
        };
        tokens.push(Token { start, end, value });
    }
    tokens
}

fn preceded_by_digit(text: &str, offset: usize) -> bool {
    text[..offset]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit())
}

/// Whether the number at `start..end` is an amount rather than part of something else.
fn amount_stands_alone(text: &str, start: usize, end: usize, number: &str) -> bool {
    let compact: Vec<char> = number.chars().filter(|c| !c.is_whitespace()).collect();
    let has_fraction = compact.len() >= 3
        && matches!(compact[compact.len() - 3], '.' | ',')
        && compact[compact.len() - 2..]
            .iter()
            .all(char::is_ascii_digit);
    // OCR splits `85.20` into `85. 20`: only two decimals may follow such a gap.
    if number.contains(char::is_whitespace) && !has_fraction {
        return false;
    }
    if number.chars().all(|c| c.is_ascii_digit()) && number.len() > MAX_PLAIN_DIGITS {
        return false;
    }
    let before = &text[..start];
    let mut prev = before.chars().rev();
    match prev.next() {
        Some(c) if c.is_ascii_digit() => return false,
        Some(c) if c.is_alphabetic() => {
            // Letters glued in front: a currency marker (`rm152.00`), only before decimals.
            let letters = 1 + prev.take_while(|c| c.is_alphabetic()).count();
            if letters > 3 || !has_fraction {
                return false;
            }
        }
        Some('/' | '#' | '.' | ',') => return false,
        Some(':') if before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit()) => {
            return false;
        }
        _ => {}
    }
    let after = &text[end..];
    let mut next = after.chars();
    match (next.next(), next.next()) {
        (Some(c), _) if c.is_alphabetic() || c == '%' => false,
        (Some(':' | '/' | '-' | '.' | ','), Some(d)) if d.is_ascii_digit() => false,
        (Some(' '), Some('%')) => false,
        _ => true,
    }
}

/// Identifiers: an RFC, or digits with dots, dashes or slashes, an optional one- or two-letter
/// prefix and an optional check letter (`DE123456789`, `B12345678`, `800.197.268-4`,
/// `201/113/40209`).
static TAX_ID_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[a-zn&]{3,4}-?\d{6}-?[a-z\d]{3}\b|(?:\b[a-z]{1,2})?\d[\d.\-/]{3,}[\da-z]\b")
        .expect("tax id pattern compiles")
});

/// Fewest digits a tax identifier has.
const MIN_TAX_ID_DIGITS: usize = 5;

fn tax_id_tokens(line: &Line, range: Range<usize>) -> Vec<Token<String>> {
    let text = &line.folded[range.clone()];
    TAX_ID_TOKEN
        .find_iter(text)
        .filter(|m| {
            let digits = m.as_str().chars().filter(char::is_ascii_digit).count();
            digits >= MIN_TAX_ID_DIGITS
                && word_bounded(text, m.start(), m.end())
                && find_dates(m.as_str(), DateOrder::DayFirst).is_empty()
        })
        .map(|m| {
            let (start, end) = (range.start + m.start(), range.start + m.end());
            let value: String = line
                .raw_slice(start..end)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            Token {
                start,
                end,
                value: value.to_uppercase(),
            }
        })
        .collect()
}

/// What may stand between a number label and the number: `:`, `#`, `N°`, `No.`, `Nro`, `de`.
static NUMBER_FILLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\s:.#\-–—|=]*(?:(?:no|nro|num|numero|number|nr|n)\b\.?[\s:.#\-]*)?(?:de\s+)?[\s:#]*",
    )
    .expect("filler pattern compiles")
});

/// An invoice number: a series and a number with spaces around the dash (`F001 - 123`), or one
/// run of letters, digits and `-/_.`.
static NUMBER_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[a-z]{1,4}\d{1,4}\s*-\s*\d{1,10}\b|[a-z0-9][a-z0-9\-/_.]*)")
        .expect("number pattern compiles")
});

/// Where the columns of `range` start: its start, and after every wide gap.
fn column_starts(line: &Line, range: &Range<usize>) -> Vec<usize> {
    let mut starts = vec![range.start];
    let mut at = range.start;
    while let Some(gap) = line.folded[at..range.end].find(COLUMN_GAP) {
        at += gap + COLUMN_GAP.len();
        starts.push(at);
    }
    starts
}

/// The invoice numbers at the start of each column of `range` (after fillers).
fn number_tokens(line: &Line, range: Range<usize>) -> Vec<Token<String>> {
    column_starts(line, &range)
        .into_iter()
        .filter_map(|start| number_at(line, start..range.end))
        .collect()
}

/// The invoice number right at the start of `range` (after fillers), if it looks like one.
fn number_at(line: &Line, range: Range<usize>) -> Option<Token<String>> {
    let text = &line.folded[range.clone()];
    let skip = NUMBER_FILLER.find(text).map_or(0, |m| m.end());
    let m = NUMBER_TOKEN.find(&text[skip..])?;
    let token = m.as_str().trim_end_matches(['.', '-', '/', '_']);
    let start = range.start + skip;
    let end = start + token.len();
    if line.folded[end..].starts_with(':') {
        return None;
    }
    let value: String = line
        .raw_slice(start..end)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    looks_like_invoice_number(&value).then_some(Token { start, end, value })
}

static MONEY_SHAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,3}(?:[.,]\d{3})*[.,]\d{2}$").expect("pattern compiles"));

fn looks_like_invoice_number(value: &str) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    digits >= 1
        && (3..=30).contains(&value.chars().count())
        && !MONEY_SHAPE.is_match(value)
        && find_dates(value, DateOrder::DayFirst).is_empty()
}

fn date_tokens(doc: &Document, line: &Line, range: Range<usize>) -> Vec<Token<Date>> {
    find_dates(&line.folded[range.clone()], doc.order)
        .into_iter()
        .map(|found| Token {
            start: range.start + found.start,
            end: range.start + found.end,
            value: found.date,
        })
        .collect()
}

/// The names in the columns of `range`.
fn name_tokens(line: &Line, range: Range<usize>) -> Vec<Token<String>> {
    column_starts(line, &range)
        .into_iter()
        .filter_map(|start| name_at(line, start..range.end))
        .collect()
}

/// A person's or company's name at the start of `range`, up to a wide gap (another column),
/// without a registration number in parentheses. Not the key of a `Key: value` line.
fn name_at(line: &Line, range: Range<usize>) -> Option<Token<String>> {
    let text = &line.folded[range.clone()];
    let lead = text.len()
        - text
            .trim_start_matches([' ', ':', '.', '-', '|', '='])
            .len();
    let start = range.start + lead;
    let end = start + first_chunk_len(&line.folded[start..range.end]);
    if start == end || line.folded[end..range.end].trim_start().starts_with(':') {
        return None;
    }
    clean_name(line.raw_slice(start..end)).map(|value| Token { start, end, value })
}

static REGISTRATION_PARENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\([^()]*\d[^()]*\)|\[[^\[\]]*\d[^\[\]]*\]").expect("pattern compiles")
});

/// A name without registration numbers and stray punctuation; `None` when what is left does not
/// look like a name (too few letters, mostly digits, an e-mail or a web address).
fn clean_name(text: &str) -> Option<String> {
    let without = REGISTRATION_PARENS.replace_all(text, " ");
    let words: Vec<&str> = without.split_whitespace().collect();
    let name = words
        .join(" ")
        .trim_matches(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | ')' | '&')))
        .to_owned();
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    let digits = name.chars().filter(char::is_ascii_digit).count();
    let plausible = letters >= 4
        && letters > digits * 2
        && name.chars().count() <= 80
        && !name.contains(['@', ':'])
        && !name.to_lowercase().contains("www");
    plausible.then_some(name)
}

/// How a value was found for a label.
struct Reading<T> {
    value: T,
    /// Line of the value.
    line: usize,
    /// Start of the value on its line.
    start: usize,
    /// Subtracted from the label's weight.
    penalty: f32,
}

/// Wide enough a run of spaces to separate layout columns.
const COLUMN_GAP: &str = "   ";

/// The length of `text` up to a wide gap (the next layout column), trailing spaces excluded;
/// zero when `text` starts with such a gap.
fn first_chunk_len(text: &str) -> usize {
    if text.starts_with(COLUMN_GAP) {
        return 0;
    }
    let end = text.find(COLUMN_GAP).unwrap_or(text.len());
    text[..end].trim_end().len()
}

/// Whether the label's own column is empty enough that its value may sit on the next line:
/// only punctuation and a currency marker or unit (`TOTAL : RM`, `Netto EUR`).
fn region_is_bare(line: &Line, hit: &Hit) -> bool {
    let region = &line.folded[hit.region()];
    region[..first_chunk_len(region)]
        .chars()
        .filter(|c| c.is_alphanumeric())
        .count()
        <= 4
}

/// Which of several values in a label's region is its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    /// The one right after the label: dates, numbers, names, identifiers.
    First,
    /// The rightmost: amounts, which layouts align to the right. Less sure when there are
    /// several (a summary row).
    Last,
}

/// The value of `hit` (on line `index`): a token in its region, else a token right under it on
/// the next line.
fn read_value<T: Clone>(
    doc: &Document,
    index: usize,
    hit: &Hit,
    pick: Pick,
    find: impl Fn(&Line, Range<usize>) -> Vec<Token<T>>,
) -> Option<Reading<T>> {
    let line = &doc.lines[index];
    let tokens = find(line, hit.region());
    let (token, penalty) = match pick {
        Pick::First => (tokens.first(), 0.0),
        Pick::Last if tokens.len() > 1 => (tokens.last(), SHARED),
        Pick::Last => (tokens.last(), 0.0),
    };
    if let Some(token) = token {
        return Some(Reading {
            value: token.value.clone(),
            line: index,
            start: token.start,
            penalty,
        });
    }
    if !region_is_bare(line, hit) {
        return None;
    }
    read_below(doc, index, hit, find)
}

/// A token on the next line with content: the one in the label's column, or the only one on a
/// line without labels.
fn read_below<T: Clone>(
    doc: &Document,
    index: usize,
    hit: &Hit,
    find: impl Fn(&Line, Range<usize>) -> Vec<Token<T>>,
) -> Option<Reading<T>> {
    const SLACK: usize = 3;
    let line = &doc.lines[index];
    let label_end = hit.end + first_chunk_len(&line.folded[hit.region()]);
    let span = line.cols(&(hit.start..label_end));
    let (below_index, below) = doc.next_content(index)?;
    let tokens = find(below, 0..below.folded.len());
    let distance = |token: &Token<T>| {
        let cols = below.cols(&(token.start..token.end));
        if cols.end < span.start {
            span.start - cols.end
        } else {
            cols.start.saturating_sub(span.end)
        }
    };
    let reading = |token: &Token<T>, penalty| Reading {
        value: token.value.clone(),
        line: below_index,
        start: token.start,
        penalty,
    };
    if let Some(token) = tokens
        .iter()
        .filter(|token| distance(token) <= SLACK)
        .min_by_key(|token| distance(token))
    {
        return Some(reading(token, BELOW_ALIGNED));
    }
    match tokens.as_slice() {
        [only] if below.hits.is_empty() => Some(reading(only, BELOW_LOOSE)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Candidates
// ---------------------------------------------------------------------------------------------

/// A possible value of a field and how much it is believed.
#[derive(Debug, Clone)]
struct Scored<T> {
    value: T,
    weight: f32,
    line: usize,
}

/// Everything found for each field.
#[derive(Default)]
struct Found {
    issuer_names: Vec<Scored<String>>,
    buyer_names: Vec<Scored<String>>,
    issuer_ids: Vec<Scored<String>>,
    buyer_ids: Vec<Scored<String>>,
    numbers: Vec<Scored<String>>,
    issue_dates: Vec<Scored<Date>>,
    due_dates: Vec<Scored<Date>>,
    currencies: Vec<Scored<String>>,
    subtotals: Vec<Scored<Decimal>>,
    taxes: Vec<Scored<Decimal>>,
    totals: Vec<Scored<Decimal>>,
    /// Where dates were read for some label (line, start): not for the unlabelled guess.
    used_dates: Vec<(usize, usize)>,
}

/// Bonus per extra occurrence of the same value.
const REPEAT_BONUS: f32 = 0.03;

/// The best candidate by weight plus `bonus`, earliest on ties; repeats of a value add a little.
fn best<T: PartialEq + Clone>(
    candidates: &[Scored<T>],
    bonus: impl Fn(&Scored<T>) -> f32,
) -> Option<(T, f32)> {
    let mut ranked: Vec<(f32, usize, &Scored<T>)> = candidates
        .iter()
        .map(|candidate| {
            let repeats = candidates
                .iter()
                .filter(|other| other.value == candidate.value)
                .count()
                - 1;
            let score = candidate.weight + bonus(candidate) + REPEAT_BONUS * repeats.min(3) as f32;
            (score, candidate.line, candidate)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked
        .first()
        .map(|(score, _, candidate)| (candidate.value.clone(), score.clamp(0.05, 0.99)))
}

impl Found {
    fn into_extraction(self, line_count: usize) -> Extraction {
        let mut extraction = Extraction::default();
        let mut set = |name: FieldName, value: Option<(String, f32)>| {
            if let Some((value, confidence)) = value {
                extraction
                    .fields
                    .insert(name, FieldValue::new(value, FieldSource::Rules, confidence));
            }
        };
        let none = |_: &Scored<String>| 0.0;
        set(FieldName::IssuerName, best(&self.issuer_names, none));
        set(FieldName::BuyerName, best(&self.buyer_names, none));
        set(FieldName::IssuerTaxId, best(&self.issuer_ids, tax_id_bonus));
        set(FieldName::BuyerTaxId, best(&self.buyer_ids, tax_id_bonus));
        set(FieldName::InvoiceNumber, best(&self.numbers, none));
        set(FieldName::Currency, most_supported(&self.currencies));
        // Issue dates near the top are likelier than a printing date at the bottom.
        let early = |candidate: &Scored<Date>| {
            0.3 * (1.0 - candidate.line as f32 / line_count.max(1) as f32)
        };
        let as_text = |found: Option<(Date, f32)>| found.map(|(date, c)| (date.to_string(), c));
        set(
            FieldName::IssueDate,
            as_text(best(&self.issue_dates, early)),
        );
        set(FieldName::DueDate, as_text(best(&self.due_dates, |_| 0.0)));
        let amounts = reconcile(&self.subtotals, &self.taxes, &self.totals);
        for (name, value) in [
            (FieldName::Subtotal, amounts.subtotal),
            (FieldName::Tax, amounts.tax),
            (FieldName::Total, amounts.total),
        ] {
            set(name, value.map(|(amount, c)| (normalize(amount), c)));
        }
        extraction
    }
}

/// The value with the most evidence (the sum of its weights), for cues that are individually
/// weak but add up, like currency symbols; believed as much as its best single cue plus a little
/// per repeat.
fn most_supported(candidates: &[Scored<String>]) -> Option<(String, f32)> {
    let mut support: Vec<(&str, f32, f32, usize)> = Vec::new();
    for candidate in candidates {
        match support
            .iter_mut()
            .find(|(value, ..)| *value == candidate.value)
        {
            Some((_, sum, best, count)) => {
                *sum += candidate.weight;
                *best = best.max(candidate.weight);
                *count += 1;
            }
            None => support.push((&candidate.value, candidate.weight, candidate.weight, 1)),
        }
    }
    support
        .into_iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(value, _, best, count)| {
            let confidence = best + REPEAT_BONUS * (count - 1).min(3) as f32;
            (value.to_owned(), confidence.clamp(0.05, 0.99))
        })
}

/// Identifiers that pass their check digit are likelier; ones that fail it less likely.
fn tax_id_bonus(candidate: &Scored<String>) -> f32 {
    match check_tax_id(&candidate.value) {
        TaxIdStatus::Valid => 0.05,
        TaxIdStatus::Invalid(_) => -0.15,
        TaxIdStatus::Unknown => 0.0,
    }
}

// ---------------------------------------------------------------------------------------------
// Reading labels
// ---------------------------------------------------------------------------------------------

/// Which section (issuer, buyer, other) the lines after a section header belong to. Several
/// headers on one line are columns: a position belongs to the header left of it.
#[derive(Debug, Clone, Default)]
struct PartyContext {
    /// Columns of the headers and their parties, left to right.
    markers: Vec<(usize, Party)>,
    /// Lines with content since the headers.
    age: usize,
}

/// A section lasts this many lines with content at most (or until a blank line).
const SECTION_LINES: usize = 8;

impl PartyContext {
    fn party_at(&self, col: usize) -> Option<Party> {
        const SLACK: usize = 2;
        self.markers
            .iter()
            .rev()
            .find(|(marker, _)| *marker <= col + SLACK)
            .or(self.markers.first())
            .map(|&(_, party)| party)
    }

    /// Starts the sections headed on one line. A header far to the right only replaces the
    /// right-hand column: sections further left go on.
    fn replace(&mut self, mut markers: Vec<(usize, Party)>) {
        const OTHER_COLUMN: usize = 20;
        let first = markers.first().map_or(0, |&(col, _)| col);
        let mut kept: Vec<(usize, Party)> = self
            .markers
            .iter()
            .copied()
            .filter(|&(col, _)| col + OTHER_COLUMN <= first)
            .collect();
        kept.append(&mut markers);
        *self = Self {
            markers: kept,
            age: 0,
        };
    }

    /// Moves to the next line: a blank line or too many lines end the section.
    fn advance(&mut self, line: &Line) {
        if line.is_blank() {
            if self.age > 0 {
                self.markers.clear();
            }
            return;
        }
        self.age += 1;
        if self.age > SECTION_LINES {
            self.markers.clear();
        }
    }
}

/// Reads every label's value into `found`; returns the section context of every line.
fn scan_labels(doc: &Document, found: &mut Found) -> Vec<PartyContext> {
    let mut contexts = Vec::with_capacity(doc.lines.len());
    let mut context = PartyContext::default();
    for (index, line) in doc.lines.iter().enumerate() {
        context.advance(line);
        let mut markers: Vec<(usize, Party)> = Vec::new();
        for (position, hit) in line.hits.iter().enumerate() {
            let col = line.col(hit.start);
            let mut party = markers
                .iter()
                .rev()
                .find(|(marker, _)| *marker <= col)
                .map(|&(_, party)| party)
                .or_else(|| context.party_at(col));
            let mut hit = *hit;
            if let Some(next) = line.hits.get(position + 1)
                && let Some(qualified) = qualify(line, &hit, next)
            {
                // `RFC Receptor: …`, `Nombre del cliente: …`: the section qualifies the label.
                party = Some(qualified);
                hit = Hit {
                    end: next.end,
                    region_end: next.region_end,
                    ..hit
                };
            }
            if let Slot::Party(marked) = hit.slot() {
                markers.push((col, marked));
            }
            read_hit(doc, index, &hit, party, found);
        }
        if !markers.is_empty() {
            context.replace(markers);
        }
        contexts.push(context.clone());
    }
    contexts
}

/// The party of a section header that directly follows a tax id or name label, only joined by
/// a preposition: `RFC Receptor`, `RUC del cliente`, `Name of buyer`.
fn qualify(line: &Line, hit: &Hit, next: &Hit) -> Option<Party> {
    let Slot::Party(party) = next.slot() else {
        return None;
    };
    let between = line.folded[hit.end..next.start].trim_matches([' ', ':', '.']);
    let joined = matches!(between, "" | "de" | "del" | "of" | "the" | "of the");
    (joined && matches!(hit.slot(), Slot::TaxId | Slot::Name(_))).then_some(party)
}

/// Reads the value of one label into `found`. `party` is the section the label is in.
fn read_hit(doc: &Document, index: usize, hit: &Hit, party: Option<Party>, found: &mut Found) {
    let weight = hit.weight();
    let amounts = |line: &Line, range| amount_tokens(doc, line, range);
    match hit.slot() {
        Slot::Total | Slot::Subtotal | Slot::Tax => {
            let list = match hit.slot() {
                Slot::Total => &mut found.totals,
                Slot::Subtotal => &mut found.subtotals,
                _ => &mut found.taxes,
            };
            list.extend(
                read_value(doc, index, hit, Pick::Last, amounts).map(|r| scored(weight, r)),
            );
        }
        Slot::NetAmount => {
            if let Some(reading) = read_value(doc, index, hit, Pick::Last, amounts) {
                found.totals.push(Scored {
                    value: reading.value,
                    weight: WEAK - reading.penalty,
                    line: reading.line,
                });
                found.subtotals.push(scored(weight - SHARED, reading));
            }
        }
        Slot::IssueDate | Slot::DueDate => {
            let dates = |line: &Line, range| date_tokens(doc, line, range);
            if let Some(reading) = read_value(doc, index, hit, Pick::First, dates) {
                found.used_dates.push((reading.line, reading.start));
                let list = if hit.slot() == Slot::IssueDate {
                    &mut found.issue_dates
                } else {
                    &mut found.due_dates
                };
                list.push(scored(weight, reading));
            }
        }
        Slot::Ignore => {
            // Dates owned by other labels (delivery dates, version dates) are no issue dates.
            let line = &doc.lines[index];
            for token in date_tokens(doc, line, hit.region()) {
                found.used_dates.push((index, token.start));
            }
        }
        Slot::InvoiceNumber => found.numbers.extend(
            read_value(doc, index, hit, Pick::First, number_tokens).map(|r| scored(weight, r)),
        ),
        Slot::TaxId => {
            let list = match party {
                Some(Party::Buyer) => &mut found.buyer_ids,
                Some(Party::Other) => return,
                _ => &mut found.issuer_ids,
            };
            list.extend(
                read_value(doc, index, hit, Pick::First, tax_id_tokens).map(|r| scored(weight, r)),
            );
        }
        Slot::Party(marked) => read_name(doc, index, hit, marked, found),
        Slot::Name(default) => {
            if let Some(whose) = party.or(default) {
                read_name(doc, index, hit, whose, found);
            }
        }
        Slot::Currency => {
            let line = &doc.lines[index];
            if let Some(code) = currency_in(line.raw_slice(hit.region())) {
                found.currencies.push(Scored {
                    value: code.to_owned(),
                    weight,
                    line: index,
                });
            }
        }
    }
}

fn scored<T>(weight: f32, reading: Reading<T>) -> Scored<T> {
    Scored {
        weight: weight - reading.penalty,
        line: reading.line,
        value: reading.value,
    }
}

/// Reads the name after a name label or a section header into the party's names.
fn read_name(doc: &Document, index: usize, hit: &Hit, whose: Party, found: &mut Found) {
    let list = match whose {
        Party::Issuer => &mut found.issuer_names,
        Party::Buyer => &mut found.buyer_names,
        Party::Other => return,
    };
    let weight = hit.weight();
    list.extend(read_value(doc, index, hit, Pick::First, name_tokens).map(|r| scored(weight, r)));
}

// ---------------------------------------------------------------------------------------------
// Guesses without labels
// ---------------------------------------------------------------------------------------------

/// The first date no label explains, as a weak issue date (receipts print it bare).
fn guess_issue_date(doc: &Document, found: &mut Found) {
    let unexplained = doc.lines.iter().enumerate().find_map(|(index, line)| {
        date_tokens(doc, line, 0..line.folded.len())
            .into_iter()
            .find(|token| !found.used_dates.contains(&(index, token.start)))
            .map(|token| (index, token.value))
    });
    if let Some((line, value)) = unexplained {
        found.issue_dates.push(Scored {
            value,
            weight: UNLABELLED_DATE,
            line,
        });
    }
}

/// Identifiers that identify themselves: an eleven-digit number passing the RUC check, an RFC
/// with a valid date. The first one outside the buyer's section is the issuer's.
fn guess_tax_ids(doc: &Document, contexts: &[PartyContext], found: &mut Found) {
    const SELF_EVIDENT: f32 = 0.5;
    for (index, line) in doc.lines.iter().enumerate() {
        for token in tax_id_tokens(line, 0..line.folded.len()) {
            let digits = token.value.chars().filter(char::is_ascii_digit).count();
            let letters = token.value.chars().filter(|c| c.is_alphabetic()).count();
            let distinctive =
                (digits == 11 && letters == 0) || (letters >= 3 && (6..=9).contains(&digits));
            if !distinctive || check_tax_id(&token.value) != TaxIdStatus::Valid {
                continue;
            }
            let list = match contexts[index].party_at(line.col(token.start)) {
                Some(Party::Buyer) => &mut found.buyer_ids,
                Some(Party::Other) => continue,
                _ => &mut found.issuer_ids,
            };
            list.push(Scored {
                value: token.value,
                weight: SELF_EVIDENT,
                line: index,
            });
        }
    }
}

/// A Peruvian series-and-number (`F001-00012345`, `B001-88`, `E001-170`) anywhere.
static SERIES_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[fbe][a-z0-9]\d{2}\s*-\s*\d{1,8}\b").expect("series pattern compiles")
});

fn guess_invoice_number(doc: &Document, found: &mut Found) {
    const SERIES: f32 = 0.5;
    for (index, line) in doc.lines.iter().enumerate() {
        if let Some(m) = SERIES_NUMBER.find(&line.folded) {
            let value: String = line
                .raw_slice(m.range())
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            found.numbers.push(Scored {
                value: value.to_uppercase(),
                weight: SERIES,
                line: index,
            });
        }
    }
}

/// Words that make a line a company name: legal forms and their abbreviations.
static LEGAL_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:^|[^a-z\d])(?:sdn\.?\s*bhd|s/b|bhd|berhad|s\.\s?a\.\s?c\.?|sac|s\.\s?a\.\s?s\.?|sas|s\.\s?a\.?|sa|",
        r"s\.\s?r\.\s?l\.?|srl|s\.?\s?de\s?r\.?\s?l\.?|e\.\s?i\.\s?r\.\s?l\.?|eirl|ltda\.?|limitada|",
        r"de\s*c\.?\s?v\.?|gmbh|ag|kg|ohg|gbr|ug|e\.\s?k\.?|llc|l\.l\.c\.?|inc\.?|corp\.?|corporation|",
        r"co\.|company|ltd\.?|limited|plc|llp|pte\.?|enterprises?|trading|s\.\s?l\.?|s\.l\.u\.?|",
        r"b\.\s?v\.?|n\.\s?v\.?|sarl|s\.\s?p\.\s?a\.?|spa|s\.\s?c\.?|a\.\s?c\.?)(?:$|[^a-z])"
    ))
    .expect("legal form pattern compiles")
});

/// Words that make a line a shop's or business's name.
static BUSINESS_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:store|stores|mart|minimart|supermarket|shop|restaurant|restoran|cafe|kedai|bakery|",
        r"supplies|supply|hardware|pharmacy|farmacia|ferreteria|comercial|comercializadora|",
        r"distribuidora|distributor|inversiones|servicios|services|grupo|group|empresa|industrias|",
        r"industriales|marketing|electrical|packaging|book|books|hotel|clinic|clinica|bodega|",
        r"tienda|boutique|station|motors|solutions|soluciones|consulting|consultores|trading)\b"
    ))
    .expect("business pattern compiles")
});

/// Lines that are addresses.
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:jalan|jln|lot|no\.?\s*\d|calle|av\.?|avda\.?|avenida|jr\.|jiron|carrera|cra\.?|",
        r"street|st\.|road|rd\.?|taman|tmn|blvd|boulevard|piso|of\.|oficina|urb\.|mz\.?|manzana|",
        r"km\.?|str\.|postfach|col\.|colonia|c\.p\.|zip|building|bldg|floor|level|suite|block|",
        r"blk|centre|center|distrito|provincia|departamento|municipio|malaysia|selangor|",
        r"kuala lumpur|deutschland|germany|peru|colombia|mexico)\b|",
        r"\w(?:strasse|strase|weg|allee|platz|gasse)\b|\b\d{4,6}\s+[a-z]{3,}|^\W*\d+\s*,"
    ))
    .expect("address pattern compiles")
});

/// Lines that are phone numbers, e-mail or web addresses.
static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"@|www|https?:|\.com\b|\+?\d[\d\s\-()/]{7,}\d").expect("contact pattern compiles")
});

/// Lines that are document titles or boilerplate, not names.
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^\W*(?:original|copia|copy|duplicado|duplicate|re-?print|visualisierung|lesbarmachung|",
        r"stylesheet|welcome|bienvenid|thank|gracias|cash\s*sale|cash\s*bill|official\s*receipt|",
        r"recibo|receipt|ticket|nota\s*de\s*venta|comprobante|documento|representacion|",
        r"e-?rechnung|rechnung|invoice|factura|boleta|sales\s*order|quotation)"
    ))
    .expect("title pattern compiles")
});

/// How many lines from the top may hold the issuer's name.
const NAME_LINES: usize = 30;

/// The issuer's name from the top of the document: lines with a legal form or a business word,
/// early, outside the buyer's section, that are not addresses, contacts or titles. Only the
/// header is searched: the lines before the item table and the totals.
fn guess_issuer_name(doc: &Document, contexts: &[PartyContext], found: &mut Found) {
    const MIN_SCORE: f32 = 1.5;
    let body = doc
        .lines
        .iter()
        .position(|line| is_item_header(line) || line.hits.iter().any(|hit| hit.slot().is_amount()))
        .unwrap_or(doc.lines.len());
    let mut previous: Option<String> = None;
    let content = doc.lines[..body]
        .iter()
        .enumerate()
        .filter(|(_, line)| !line.is_blank())
        .take(NAME_LINES);
    for (rank, (index, line)) in content.enumerate() {
        let mut first_segment = None;
        for segment in segments(line) {
            let Some(name) = name_candidate(line, segment.clone()) else {
                continue;
            };
            let folded = fold_text(&name);
            let party = contexts[index].party_at(line.col(segment.start));
            if matches!(party, Some(Party::Buyer | Party::Other)) {
                continue;
            }
            let legal = LEGAL_FORM.is_match(&folded);
            // A line that only holds the legal form continues the name above it.
            let value = match &previous {
                Some(above) if legal && starts_with_legal_form(&folded) => {
                    format!("{above} {name}")
                }
                _ => name.clone(),
            };
            let score = name_score(&name, legal, rank, party == Some(Party::Issuer));
            if score >= MIN_SCORE {
                found.issuer_names.push(Scored {
                    value,
                    weight: (0.25 + 0.08 * score).min(0.85),
                    line: index,
                });
            }
            first_segment.get_or_insert(name);
        }
        previous = first_segment;
    }
}

/// Pieces of a line separated by wide gaps (layout columns).
fn segments(line: &Line) -> Vec<Range<usize>> {
    static GAP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!("{COLUMN_GAP}+")).expect("gap pattern compiles"));
    let mut pieces = Vec::new();
    let mut start = 0;
    for gap in GAP.find_iter(&line.folded) {
        pieces.push(start..gap.start());
        start = gap.end();
    }
    pieces.push(start..line.folded.len());
    pieces.retain(|piece| !line.folded[piece.clone()].trim().is_empty());
    pieces
}

/// The name a segment could be: the text before any label in it, when it is not an address, a
/// contact line or a title.
fn name_candidate(line: &Line, segment: Range<usize>) -> Option<String> {
    let cut = line
        .hits
        .iter()
        .filter(|hit| !matches!(hit.slot(), Slot::Name(_)))
        .map(|hit| hit.start)
        .find(|start| segment.contains(start))
        .unwrap_or(segment.end);
    let name = clean_name(line.raw_slice(segment.start..cut))?;
    let folded = fold_text(&name);
    let unlikely = TITLE.is_match(&folded)
        || ADDRESS.is_match(&folded)
        || CONTACT.is_match(&folded)
        || folded.split_whitespace().count() > 8;
    (!unlikely).then_some(name)
}

fn starts_with_legal_form(folded: &str) -> bool {
    static LEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\W*(?:co\.|sdn|bhd|s/b|s\.\s?a|ltd|gmbh|inc|llc|corp|company|limited)")
            .expect("pattern compiles")
    });
    LEADING.is_match(folded)
}

/// How much a line looks like the issuer's name.
fn name_score(name: &str, legal: bool, rank: usize, issuer_section: bool) -> f32 {
    let mut score = (2.5 - 0.35 * rank as f32).max(0.0);
    if legal {
        score += 3.0;
    }
    if BUSINESS_WORD.is_match(&fold_text(name)) {
        score += 1.0;
    }
    if issuer_section {
        score += 2.0;
    }
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.iter().all(|c| c.is_uppercase()) {
        score += 0.3;
    }
    score
}

fn fold_text(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

// ---------------------------------------------------------------------------------------------
// Currency
// ---------------------------------------------------------------------------------------------

/// ISO 4217 codes recognised in the text.
const CODES: &[&str] = &[
    "PEN", "USD", "EUR", "COP", "MXN", "MYR", "GBP", "CHF", "CLP", "ARS", "BOB", "BRL", "UYU",
    "PYG", "CRC", "GTQ", "HNL", "NIO", "DOP", "VES", "CAD", "AUD", "SGD", "JPY", "CNY", "INR",
    "IDR", "THB", "DKK", "SEK", "NOK", "PLN", "CZK", "HUF",
];

/// Currency words and symbols, over folded text, with their code.
const CURRENCY_WORDS: &[(&str, &str)] = &[
    (r"\bnuevos?\s+soles\b|\bsoles\b", "PEN"),
    (r"\bringgit\b", "MYR"),
    (r"\beuros?\b", "EUR"),
    (
        r"\bd[oó]lares\s+americanos\b|\bus\s+dollars?\b|\bdolares\b",
        "USD",
    ),
    (r"\bpesos\s+colombianos\b", "COP"),
    (r"\bpesos\s+mexicanos\b|\bm\.\s?n\.", "MXN"),
    (r"\blibras?\s+esterlinas?\b|\bpounds?\s+sterling\b", "GBP"),
];

static CURRENCY_WORD_RES: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    CURRENCY_WORDS
        .iter()
        .map(|&(pattern, code)| {
            (
                Regex::new(pattern).expect("currency pattern compiles"),
                code,
            )
        })
        .collect()
});

static CODE_TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z]{3}\b").expect("code pattern compiles"));

/// The currency named in a label's text: a code or a currency word.
fn currency_in(text: &str) -> Option<&'static str> {
    let upper = text.to_uppercase();
    CODE_TOKEN
        .find_iter(&upper)
        .find_map(|m| CODES.iter().find(|&&code| code == m.as_str()).copied())
        .or_else(|| {
            let folded = fold_text(text);
            CURRENCY_WORD_RES
                .iter()
                .find(|(re, _)| re.is_match(&folded))
                .map(|&(_, code)| code)
        })
}

/// Symbols that name one currency, over raw text, with how much they are believed. Symbols
/// OCR invents (`£` for a 5, `€` for an &) only count right beside an amount with decimals.
static SYMBOLS: LazyLock<Vec<(Regex, &'static str, f32)>> = LazyLock::new(|| {
    let money = r"\d{1,3}(?:[.,' ]?\d{3})*[.,]\d{2}";
    [
        (r"(?i)\bUS\s?\$".to_owned(), "USD", SYMBOL),
        (r"(?:^|[^A-Za-z])S/\.?\s*\d".to_owned(), "PEN", SYMBOL),
        (r"(?:^|[^A-Za-z])S/\.".to_owned(), "PEN", SYMBOL),
        (r"\bRM\s?\d".to_owned(), "MYR", SYMBOL),
        (r"\(RM\)|\bRM\b".to_owned(), "MYR", SYMBOL - 0.1),
        (format!(r"€\s?{money}|{money}\s?€"), "EUR", SYMBOL),
        (format!(r"£\s?{money}|{money}\s?£"), "GBP", SYMBOL),
        (r"R\$\s?\d".to_owned(), "BRL", SYMBOL),
    ]
    .into_iter()
    .map(|(pattern, code, weight)| {
        let re = Regex::new(&pattern).expect("symbol pattern compiles");
        (re, code, weight)
    })
    .collect()
});

/// Weight of a currency symbol beside an amount.
const SYMBOL: f32 = 0.7;

/// A US state abbreviation and a ZIP code: `San Francisco, CA 94103`.
const US_ADDRESS: &str = concat!(
    r"\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|",
    r"NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)\s+\d{5}(?:-\d{4})?\b"
);

/// What points at a country when only `$` is written.
static DOLLAR_COUNTRY: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (
            r"(?i)\bn\.?\s?i\.?\s?t\b|\bdian\b|colombia|bogot[aá]|medell[ií]n",
            "COP",
        ),
        (r"(?i)\br\.?\s?f\.?\s?c\b|\bcfdi\b|m[eé]xico|\bsat\b", "MXN"),
        (r"(?i)\br\.?\s?u\.?\s?c\b|\bUSA\b|united states", "USD"),
        (US_ADDRESS, "USD"),
    ]
    .into_iter()
    .map(|(pattern, code)| (Regex::new(pattern).expect("country pattern compiles"), code))
    .collect()
});

/// The currency from codes next to amounts, symbols and words; `$` alone becomes COP, MXN or USD
/// with a country cue and stays `$` (barely believed) without one.
fn guess_currency(doc: &Document, found: &mut Found) {
    const CODE_NEAR_AMOUNT: f32 = 0.8;
    const CODE_ALONE: f32 = 0.6;
    const WORD: f32 = 0.6;
    const DOLLAR_WITH_CUE: f32 = 0.5;
    const DOLLAR: f32 = 0.2;
    let mut add = |code: &str, weight: f32, line: usize| {
        found.currencies.push(Scored {
            value: code.to_owned(),
            weight,
            line,
        });
    };
    let mut dollars = None;
    for (index, line) in doc.lines.iter().enumerate() {
        for m in CODE_TOKEN.find_iter(line.raw) {
            if !CODES.contains(&m.as_str()) {
                continue;
            }
            let near = |text: &str| text.trim().starts_with(|c: char| c.is_ascii_digit());
            let before = line.raw[..m.start()].trim_end();
            let near_amount =
                near(&line.raw[m.end()..]) || before.ends_with(|c: char| c.is_ascii_digit());
            // "PEN" is also a pen on a receipt: it only counts beside an amount, and weakly.
            let weight = match (m.as_str(), near_amount) {
                ("PEN", true) => SYMBOL - 0.05,
                ("PEN", false) => continue,
                (_, true) => CODE_NEAR_AMOUNT,
                (_, false) => CODE_ALONE,
            };
            add(m.as_str(), weight, index);
        }
        for (re, code, weight) in SYMBOLS.iter() {
            for _ in re.find_iter(line.raw).take(3) {
                add(code, *weight, index);
            }
        }
        for (re, code) in CURRENCY_WORD_RES.iter() {
            if re.is_match(&line.folded) {
                add(code, WORD, index);
            }
        }
        if dollars.is_none() && line.raw.contains('$') {
            dollars = Some(index);
        }
    }
    if let Some(index) = dollars {
        let text: Vec<&str> = doc.lines.iter().map(|line| line.raw).collect();
        let text = text.join("\n");
        match DOLLAR_COUNTRY.iter().find(|(re, _)| re.is_match(&text)) {
            Some(&(_, code)) => add(code, DOLLAR_WITH_CUE, index),
            None => add("$", DOLLAR, index),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Amounts
// ---------------------------------------------------------------------------------------------

/// The chosen subtotal, tax and total with their confidences.
#[derive(Debug, Default)]
struct Amounts {
    subtotal: Option<(Decimal, f32)>,
    tax: Option<(Decimal, f32)>,
    total: Option<(Decimal, f32)>,
}

/// At most this many distinct candidates per amount take part in the search.
const MAX_AMOUNT_CANDIDATES: usize = 12;
/// Weight of a total computed as subtotal + tax, or taken from the subtotal alone.
const COMPUTED_TOTAL: f32 = 0.45;
const SUBTOTAL_AS_TOTAL: f32 = 0.3;

/// Picks the subtotal, tax and total that weigh most together: the weights of the chosen
/// candidates, plus [`CONSISTENT`] when they add up, minus [`TOTAL_BELOW_PART`] when the total
/// is smaller than a part. Between equal scores the largest total wins. A missing total is
/// computed from the subtotal and the tax.
fn reconcile(
    subtotals: &[Scored<Decimal>],
    taxes: &[Scored<Decimal>],
    totals: &[Scored<Decimal>],
) -> Amounts {
    let tolerance = Decimal::new(1, 2);
    let subtotals = distinct(subtotals);
    let taxes = distinct(taxes);
    let totals = distinct(totals);
    let options = |list: &[(Decimal, f32)]| -> Vec<Option<(Decimal, f32)>> {
        std::iter::once(None)
            .chain(list.iter().copied().map(Some))
            .collect()
    };
    let mut best: Option<(f32, Amounts, bool)> = None;
    for total in options(&totals) {
        for subtotal in options(&subtotals) {
            for tax in options(&taxes) {
                let weight = |part: Option<(Decimal, f32)>| part.map_or(0.0, |(_, w)| w);
                let mut score = weight(total) + weight(subtotal) + weight(tax);
                let consistent = matches!((subtotal, tax, total),
                    (Some((s, _)), Some((x, _)), Some((t, _))) if (s + x - t).abs() <= tolerance);
                if consistent {
                    score += CONSISTENT;
                }
                if let Some((t, _)) = total {
                    for (part, _) in [subtotal, tax].into_iter().flatten() {
                        if t + tolerance < part {
                            score -= TOTAL_BELOW_PART;
                        }
                    }
                }
                let larger_total =
                    |current: &Amounts| total.map(|(t, _)| t) > current.total.map(|(t, _)| t);
                let better = match &best {
                    None => true,
                    Some((current, amounts, _)) => {
                        score > current + 1e-4
                            || ((score - current).abs() <= 1e-4 && larger_total(amounts))
                    }
                };
                if better {
                    best = Some((
                        score,
                        Amounts {
                            subtotal,
                            tax,
                            total,
                        },
                        consistent,
                    ));
                }
            }
        }
    }
    let Some((_, mut amounts, consistent)) = best else {
        return Amounts::default();
    };
    if consistent {
        let boost = |part: &mut Option<(Decimal, f32)>| {
            if let Some((_, confidence)) = part {
                *confidence = (*confidence + 0.08).min(0.99);
            }
        };
        boost(&mut amounts.subtotal);
        boost(&mut amounts.tax);
        boost(&mut amounts.total);
    }
    if amounts.total.is_none() {
        amounts.total = match (amounts.subtotal, amounts.tax) {
            (Some((s, _)), Some((x, _))) => Some((s + x, COMPUTED_TOTAL)),
            (Some((s, _)), None) => Some((s, SUBTOTAL_AS_TOTAL)),
            _ => None,
        };
    }
    amounts
}

/// Distinct values with their best weight (plus a little per repeat), heaviest first.
fn distinct(candidates: &[Scored<Decimal>]) -> Vec<(Decimal, f32)> {
    let mut values: Vec<(Decimal, f32, usize)> = Vec::new();
    for candidate in candidates {
        match values
            .iter_mut()
            .find(|(value, _, _)| *value == candidate.value)
        {
            Some((_, weight, repeats)) => {
                *weight = weight.max(candidate.weight);
                *repeats += 1;
            }
            None => values.push((candidate.value, candidate.weight, 0)),
        }
    }
    let mut values: Vec<(Decimal, f32)> = values
        .into_iter()
        .map(|(value, weight, repeats)| (value, weight + REPEAT_BONUS * repeats.min(3) as f32))
        .collect();
    values.sort_by(|a, b| b.1.total_cmp(&a.1));
    values.truncate(MAX_AMOUNT_CANDIDATES);
    values
}

// ---------------------------------------------------------------------------------------------
// Line items
// ---------------------------------------------------------------------------------------------

/// Column headers of an item table, by kind: description, quantity, unit price, amount.
static ITEM_HEADERS: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    [
        r"\b(?:descripcion|description|desc|concepto|detalle|producto|articulo|artikel\w*|\w*beschreibung|bezeichnung|items?|produkt|leistung|servicio)\b",
        r"\b(?:cant(?:idad)?|qty|quantity|menge|anz(?:ahl)?|units?)\b",
        r"\b(?:p\.?\s*unit\w*|precio|price|\w*preis|v\.?\s*unit\w*|rate|[us]/price)\b",
        r"\b(?:importe|amount|amt|total|\w*betrag|gesamt|valor|subtotal|entgelt)\b",
    ]
    .map(|pattern| Regex::new(pattern).expect("header pattern compiles"))
});

/// A line naming the columns of an item table: a description column, a price or amount column
/// and a third kind.
fn is_item_header(line: &Line) -> bool {
    let kinds: Vec<bool> = ITEM_HEADERS
        .iter()
        .map(|re| re.is_match(&line.folded))
        .collect();
    kinds[0] && (kinds[2] || kinds[3]) && kinds.iter().filter(|&&kind| kind).count() >= 3
}

/// Rows read at most after an item table's header.
const MAX_ITEM_ROWS: usize = 60;

/// Line items from a table with a recognisable header: each following line with an amount and
/// a description, until a totals label. Best effort: `None` fields where columns are unclear.
fn line_items(doc: &Document) -> Vec<LineItem> {
    let Some(header) = doc.lines.iter().position(is_item_header) else {
        return Vec::new();
    };
    let mut items = Vec::new();
    for line in doc.lines.iter().skip(header + 1).take(MAX_ITEM_ROWS) {
        if line.hits.iter().any(|hit| hit.slot().is_amount()) {
            break;
        }
        let key_value = line
            .hits
            .iter()
            .any(|hit| line.folded[hit.region()].trim_start().starts_with(':'));
        if key_value {
            continue;
        }
        if let Some(item) = item_row(doc, line) {
            items.push(item);
        }
    }
    items
}

/// A percentage in a row (a tax rate column), left out of the description.
static PERCENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+(?:[.,]\d+)?\s?%").expect("percent pattern compiles"));

/// One table row: the last amount is the line amount; among the other numbers a quantity and a
/// unit price whose product is the amount, else the first and the last of them.
fn item_row(doc: &Document, line: &Line) -> Option<LineItem> {
    let tokens = amount_tokens(doc, line, 0..line.folded.len());
    let (amount, others) = tokens.split_last()?;
    let mut description = String::new();
    let mut at = 0;
    for token in &tokens {
        description.push_str(line.raw_slice(at..token.start));
        description.push(' ');
        at = token.end;
    }
    description.push_str(line.raw_slice(at..line.folded.len()));

    let description = PERCENT.replace_all(&description, " ");
    let description = description
        .split_whitespace()
        .filter(|word| !matches!(*word, "€" | "$" | "S/" | "RM"))
        .collect::<Vec<_>>()
        .join(" ");
    if description.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let values: Vec<Decimal> = others.iter().map(|token| token.value).collect();
    let product_matches = |q: Decimal, p: Decimal| {
        let product = q * p;
        let tolerance = (amount.value.abs() * Decimal::new(1, 2)).max(Decimal::new(2, 2));
        (product - amount.value).abs() <= tolerance
    };
    // Quantity and price sit just before the amount: try the pairs nearest to it first, and
    // take the whole number (or else the first of the two) as the quantity.
    let mut pairs: Vec<(usize, usize)> = (0..values.len())
        .flat_map(|i| (i + 1..values.len()).map(move |j| (i, j)))
        .collect();
    pairs.sort_by_key(|&(i, j)| Reverse((j, i)));
    let pair = pairs
        .into_iter()
        .map(|(i, j)| (values[i], values[j]))
        .find(|&(a, b)| product_matches(a, b))
        .map(|(a, b)| {
            if b.is_integer() && !a.is_integer() {
                (b, a)
            } else {
                (a, b)
            }
        });
    let (quantity, unit_price) = match (pair, values.as_slice()) {
        (Some((q, p)), _) => (Some(q), Some(p)),
        (None, [first, .., last]) => (Some(*first), Some(*last)),
        (None, [only]) if only.is_integer() && *only != amount.value => (Some(*only), None),
        (None, [only]) => (None, Some(*only)),
        (None, []) => (None, None),
    };
    Some(LineItem {
        description,
        quantity: quantity.map(normalize),
        unit_price: unit_price.map(normalize),
        amount: Some(normalize(amount.value)),
    })
}

#[cfg(test)]
mod tests;
