//! Labels: the table of every label ([`LABEL_SPECS`]) with what it announces and how surely, and
//! finding them on a folded line (leftmost first, longest at the same start, no overlaps).

use std::cmp::Reverse;
use std::ops::Range;
use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use super::{FINAL, PLAIN, STRONG, WEAK};

/// Whose a name or a tax identifier is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Party {
    Issuer,
    Buyer,
    /// A delivery address, a payee: neither issuer nor buyer.
    Other,
}

/// What a label announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
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
    /// What the customer handed over (`Cash`, `Visa`, `Paid`): total + change on a receipt.
    Tendered,
    /// Change given back.
    Change,
    /// A rounding adjustment: the final total is the total before it plus it.
    Rounding,
    /// A discount (`Coupon discount`, `Descuento`): taken off the subtotal on the way to the
    /// total, so a total below its subtotal by it is no misreading.
    Discount,
    /// Something that looks like a label of the others but is not (`Total qty`, `Item count`).
    Ignore,
}

impl Slot {
    pub(super) fn is_amount(self) -> bool {
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
    LabelSpec(Slot::Party(Party::Buyer), PLAIN, r"kaufer(?:\s*/\s*leistungsempfanger)?|(?:abweichender\s*)?rechnungsempfanger|leistungsempfanger|kunde|acheteur|destinataire|nabywca|odbiorca|koper|afnemer|klant|acquirente|committente"),
    LabelSpec(Slot::Party(Party::Issuer), PLAIN, r"(?:datos\s*del\s*)?(?:emisor|vendedor|proveedor)|seller|supplier|vendor|ver\s?kaufer|lieferant|vendeur|fournisseur|prestataire|leverancier|verkoper|sprzedawca|wystawca|fornitore|cedente"),
    // The company behind a shop's trade name (`Owned by: X Sdn Bhd`): not the name on the receipt.
    LabelSpec(Slot::Party(Party::Other), PLAIN, r"(?:owned|operated|managed)\s*by"),
    LabelSpec(Slot::Party(Party::Other), PLAIN, r"(?:abweichender\s*)?(?:waren|zahlungs)empfanger|ship(?:ped)?\s*to|deliver(?:y|ed)?\s*to|lieferanschrift|consignee|punto\s*de\s*llegada|direccion\s*de\s*(?:entrega|envio)"),
    LabelSpec(Slot::Ignore, PLAIN, r"(?:customer|client|cliente|member|account|acct)\s*(?:no\.?|number|nr\.?|nro\.?|#|id|code|codigo|cod\.?)|(?:codigo|cod\.?|numero|nro\.?|no\.?)\s*(?:de\s*)?cliente"),
    // Names.
    LabelSpec(Slot::Name(Some(Party::Issuer)), PLAIN, r"(?:nombre\s*(?:o|y|/)\s*)?(?:razon|denominacion)\s*social"),
    LabelSpec(Slot::Name(None), PLAIN, r"(?:company\s*)?name|nombre"),
    // Tax identifiers.
    LabelSpec(Slot::TaxId, STRONG, r"r\.?\s?u\.?\s?c\.?|n\.?\s?i\.?\s?t\.?|r\.?\s?f\.?\s?c\.?|c\.?\s?u\.?\s?i\.?\s?t\.?|r\.?\s?u\.?\s?t\.?"),
    LabelSpec(Slot::TaxId, STRONG, r"n\.?\s?i\.?\s?f\.?(?:\s*/\s*c\.?\s?i\.?\s?f\.?)?|c\.?\s?i\.?\s?f\.?"),
    LabelSpec(Slot::TaxId, STRONG, r"(?:gst|vat|sst|tax)\s*(?:reg(?:istration)?\.?\s*)?(?:id(?:entification)?\.?\s*)?(?:no\.?|number|num\.?|nr\.?|#)"),
    LabelSpec(Slot::TaxId, STRONG, r"(?:gst|vat|sst|tax)\s*-?\s*(?:reg(?:istration)?|id(?:entification)?)\.?|n\.?\s?i\.?\s?p\.?|tva\s*intra(?:communautaire)?|n\s*o\s*tva|cuit|gstin"),
    LabelSpec(Slot::TaxId, STRONG, r"ust\.?\s*-?\s*id\.?\s*-?\s*(?:nr\.?|nummer)?|umsatzsteuer-?\s*id(?:entifikations)?(?:nummer|nr\.?)?"),
    LabelSpec(Slot::TaxId, STRONG, r"tin|abn|uid(?:-?nr\.?)?|btw-?\s*(?:nr\.?|nummer|id)|p\.\s?iva|partita\s*iva|(?:id(?:entificacion)?|numero)\s*(?:fiscal|tributari[oa])"),
    LabelSpec(Slot::TaxId, WEAK, r"steuer-?\s*(?:nr\.?|nummer)|st\.?-?\s*nr\.?"),
    // Invoice numbers.
    LabelSpec(Slot::InvoiceNumber, STRONG, r"(?:tax\s*)?invoice\s*(?:no\.?|number|num\.?|nr\.?|#|id)|inv\.?\s*(?:no\.?|#|number|nr\.?)"),
    LabelSpec(Slot::InvoiceNumber, STRONG, r"(?:official\s*)?receipt\s*(?:no\.?|number|#|nr\.?)|(?:cash\s*)?bill\s*(?:no\.?|number|#)"),
    LabelSpec(Slot::InvoiceNumber, STRONG, r"(?:factura|boleta|nota\s*de\s*(?:credito|debito)|comprobante|recibo|ticket|documento)(?:\s*(?:electronica|de\s*venta|de\s*pago|fiscal)){0,3}\s*(?:no\.?|nro\.?|num(?:ero)?\.?|#|n\.)"),
    LabelSpec(Slot::InvoiceNumber, STRONG, r"(?:no\.?|numero|nro\.?|num\.?|nr\.?|numer)\s*(?:de\s*(?:la\s*)?)?(?:factura|boleta|comprobante|documento|recibo|invoice|facture|factuur|faktury|fattura)"),
    LabelSpec(Slot::InvoiceNumber, STRONG, r"(?:facture|factuur|faktura(?:\s*vat)?|fattura)\s*(?:no\.?|nr\.?|n\.|numero|nummer|numer|#)|factuurnummer|fakturanummer"),
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
    LabelSpec(Slot::IssueDate, STRONG, r"(?:invoice|issue|billing|document|receipt|bill|tax\s*point)\s*date|date\s*(?:of\s*)?(?:issue|invoice)|date\s*issued|issued\s*(?:on|at)"),
    LabelSpec(Slot::IssueDate, STRONG, r"(?:liefer-?\s*und\s*)?rechnungs-?\s*datum|beleg-?\s*datum|ausstellungs-?\s*datum|date\s*de\s*(?:la\s*)?facture|date\s*d'?\s*emission|factuurdatum|data\s*(?:wystawienia|faktury)|data\s*(?:della\s*)?fattura"),
    LabelSpec(Slot::IssueDate, PLAIN, r"fecha|dated|date|datum|,\s*den"),
    LabelSpec(Slot::IssueDate, WEAK, r"vom|von|du|of(?:\s*the)?|z\s*dnia|van"),
    LabelSpec(Slot::DueDate, STRONG, r"fecha\s*(?:de\s*)?vencimiento|vencimiento|vence|fecha\s*limite(?:\s*de\s*pago)?"),
    LabelSpec(Slot::DueDate, STRONG, r"(?:payment\s*)?due(?:\s*date)?|date\s*due|pay(?:able)?\s*by|fallig(?:keit|\s*am)?(?:sdatum)?|zahlungsziel|zahlbar\s*bis(?:\s*zum)?"),
    LabelSpec(Slot::DueDate, WEAK, r"fecha\s*de\s*pago"),
    LabelSpec(Slot::Ignore, PLAIN, r"(?:liefer-?\s*und\s*)?leistungs-?\s*datum|liefer(?:schein)?-?\s*datum|(?:bestell|auftrags?)-?\s*datum(?:-?\s*lief)?|leistungszeitraum|abrechnungszeitraum|zeitraum|data\s*sprzedazy|date\s*de\s*livraison|leverdatum"),
    LabelSpec(Slot::Ignore, PLAIN, r"(?:delivery|shipping|ship|order|print(?:ed)?|start|end|service)\s*date|fecha\s*de\s*(?:entrega|pedido|despacho|impresion|inicio|fin|traslado)"),
    LabelSpec(Slot::Ignore, PLAIN, r"period[oe]?(?:\s*de\s*facturacion)?|gultig\s*bis|valid\s*(?:until|till|thru)|printed(?:\s*(?:on|by))?|impreso"),
    LabelSpec(Slot::Ignore, PLAIN, r"[a-z-]*version\s*:?\s*[\d.]+\s*(?:vom|von)|(?:bestellung|order|pedido)(?:\s*(?:nr\.?|no\.?)\s*[\w-]+)?\s*vom"),
    // Totals. The final one first: at the same length it wins over `Total incl. GST`.
    LabelSpec(Slot::Total, FINAL, r"(?:rounded\s*total|total\s*rounded|total\s*after\s*(?:adj(?:ustment)?|rounding))(?:\s*\(?\s*(?:inclusive|including|incl|inc|inkl|con|with)\.?(?:\s*of)?(?:\s*(?:gst|vat|tax|sst|iva|igv|mwst|ust))?\s*\)?)?"),
    LabelSpec(Slot::Total, STRONG, r"grand\s*total|total\s*general|total\s*final|total\s*(?:a\s*)?(?:pagar|cobrar)|(?:importe|neto|valor|monto|saldo)\s*a\s*pagar"),
    LabelSpec(Slot::Total, STRONG, r"(?:importe|monto|valor|precio)\s*total(?:\s*(?:a\s*pagar|de\s*la\s*venta|de\s*venta|factura))?|total\s*(?:de\s*la\s*)?(?:factura|venta|documento|comprobante|operacion)"),
    LabelSpec(Slot::Total, STRONG, r"total\s*(?:amount\s*)?(?:due|payable|to\s*pay)|amount\s*(?:due|payable)|balance\s*due|total\s*amount|invoice\s*(?:total|amount)|total\s*invoice(?:\s*amount)?|due\s*payable|(?:montant|total)\s*a\s*payer|te\s*betalen|do\s*zaplaty|razem\s*do\s*zaplaty|totaal(?:\s*bedrag)?"),
    LabelSpec(Slot::Total, STRONG, r"total(?:\s+[a-z./]+){0,3}?\s*\(?\s*(?:inclusive|including|incl|inc|inkl|con|with)\.?(?:\s*of)?(?:\s*(?:gst|vat|tax|sst|iva|igv|mwst|ust|[a-z0-9]{2,4}\b))?\s*\)?"),
    LabelSpec(Slot::Total, STRONG, r"total\s*rounding|montant\s*total|total\s*ttc|net\s*a\s*payer|final\s*total"),
    // What the customer paid, tax included: the total (`Amt paid incl. GST : RM111.90`).
    LabelSpec(Slot::Total, STRONG, r"(?:amt|amount)\s*paid(?:\s*\(?\s*(?:inclusive|including|incl|inc)\.?(?:\s*of)?(?:\s*(?:gst|vat|tax|sst))?\s*\)?)?"),
    LabelSpec(Slot::Total, STRONG, r"gesamtbetrag|gesamtsumme|bruttosumme|bruttobetrag|rechnungsbetrag|rechnungssumme\s*brutto|summe\s*(?:gesamt|brutto)|gesamt\s*brutto|endbetrag|total\s*brutto"),
    LabelSpec(Slot::Total, PLAIN, r"total\s*paid|total\s*sales|total|t[o0]ta[1i]|nett\.?\s*total|nett(?:\s*(?:amount|amt))?|brutto|summe|a\s*pagar"),
    LabelSpec(Slot::Total, WEAK, r"zahlbetrag"),
    // Subtotals.
    LabelSpec(Slot::Subtotal, STRONG, r"sub\s*-?\s*total(?:\s*\(?\s*(?:inclusive|including|incl|inc|exclusive|excluding|excl|exc|sin|con|before|w/o)\.?(?:\s*of)?(?:\s*(?:gst|vat|tax|sst|iva|igv))?\s*\)?)?"),
    LabelSpec(Slot::Subtotal, STRONG, r"total(?:\s+[a-z./]+){0,2}?\s*\(?\s*(?:exclusive|excluding|excl|exc|before|sin|antes\s*de|without|w/o|ohne|exkl|zzgl|net\s*of)\.?(?:\s*of)?(?:\s*(?:gst|vat|tax|sst|iva|igv|impuestos?|mwst|ust|[a-z0-9]{2,4}\b))?\s*\)?"),
    LabelSpec(Slot::Subtotal, STRONG, r"op(?:eracion(?:es)?)?\.?\s*gravadas?|total\s*(?:op(?:eracion(?:es)?)?\.?\s*)?gravad[oa]s?|base\s*(?:imponible|gravable)|(?:total\s*)?valor\s*(?:de\s*)?venta"),
    LabelSpec(Slot::Subtotal, STRONG, r"subtotaal|totaal\s*excl\.?(?:\s*btw)?|razem\s*netto|wartosc\s*netto|total\s*neto|(?:monto|importe|valor)\s*neto|neto\s*gravado|total\s*ht|montant\s*ht|total\s*before\s*tax|pre-?tax\s*total|taxable\s*(?:amount|value|total)"),
    LabelSpec(Slot::Subtotal, STRONG, r"(?:rechnungs)?summe\s*(?:ohne\s*(?:ust|mwst)\.?|netto)|nettobetrag|nettosumme|gesamt\s*netto|total\s*netto"),
    LabelSpec(Slot::Subtotal, STRONG, r"(?:amt|amount)\s*paid\s*\(?\s*(?:exclusive|excluding|excl|exc|before|w/o)\.?(?:\s*of)?(?:\s*(?:gst|vat|tax|sst))?\s*\)?"),
    LabelSpec(Slot::NetAmount, PLAIN, r"net\.?\s*(?:amount|amt|value|total)"),
    LabelSpec(Slot::Subtotal, PLAIN, r"neto|netto|(?:gst|vat|sst)\s*taxable(?:\s*(?:amount|value))?|taxable|gravado"),
    LabelSpec(Slot::Subtotal, WEAK, r"positionssumme|summe\s*positionen"),
    // Taxes.
    LabelSpec(Slot::Tax, STRONG, r"total\s*(?:gst|vat|tax(?:es)?|iva|igv|sst|impuestos?|mwst|ust)|(?:gst|vat|sales\s*tax|tax|sst|iva|igv|mwst|ust)\.?\s*-?\s*(?:amount|amt|total|gesamt|betrag|summe)"),
    LabelSpec(Slot::Tax, STRONG, r"steuerbetrag|umsatzsteuerbetrag|mehrwertsteuer|impuestos?\s*(?:trasladados?|totales?)|total\s*impuestos?|montant\s*tva|tva|i\.\s?g\.\s?v\.?|i\.\s?v\.\s?a\.?"),
    LabelSpec(Slot::Tax, PLAIN, r"gst|vat|tax|iva|igv|sst|mwst\.?|ust\.?|umsatzsteuer|impuestos?|isv|itbis|btw|tva|podatek\s*vat"),
    // Amounts that are none of those.
    LabelSpec(Slot::Ignore, PLAIN, r"total\s*(?:qty|quantity|items?|item\s*count|pcs|pieces|units?|savings?|cantidad|unidades|articulos|productos|weight|peso|points?|puntos|tendered|lines?)"),
    LabelSpec(Slot::Ignore, PLAIN, r"item\s*count|no\.?\s*of\s*items?"),
    // A row of a tax summary per rate (`Total 6% supplies (excl. GST)`, `Total 0% supplies`).
    LabelSpec(Slot::Ignore, PLAIN, r"total\s*\d{1,2}(?:[.,]\d{1,2})?\s*%\s*(?:supplies|supply|sales|items?|goods|services?|purchases?|rated|exempt|ventas|compras|bienes|servicios)"),
    LabelSpec(Slot::Tendered, PLAIN, r"(?:paid\s*(?:by\s*)?:?\s*)?cash(?:\s*(?:tendered|received|paid|payment))?|efectivo|tendered|received|paid(?:\s*by)?|pagado|pago(?:\s*con)?|payment|bargeld|gegeben|especes|contant"),
    LabelSpec(Slot::Tendered, PLAIN, r"tarjeta|card|visa|master(?:card)?|amex|debito|debit|credito|credit(?:\s*card)?|ec-?karte|girocard|carte\s*bancaire"),
    LabelSpec(Slot::Change, PLAIN, r"cambio|change(?:\s*(?:amt|amount|due))?|vuelto|su\s*vuelto|baki|ruckgeld|zuruck|rendu|monnaie|wisselgeld|reszta"),
    LabelSpec(Slot::Rounding, PLAIN, r"round(?:ing)?(?:\s*(?:adj(?:ustment)?|amt|amount))?\.?|redondeo|rundung|arrondi|afronding|zaokraglenie"),
    LabelSpec(Slot::Discount, PLAIN, r"(?:coupon\s*|total\s*|member\s*|promo(?:tion)?\s*|special\s*)?(?:discount|disc\.?|descuentos?|dcto\.?|rabatt|skonto)"),
    LabelSpec(Slot::Ignore, PLAIN, r"abschlag|zuschlag|deposit|anticipo|anzahlung(?:en)?|erhaltene\s*anzahlungen|prepaid|advance|tip|propina|trinkgeld|savings?|ahorro"),
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
pub(super) struct Hit {
    /// Index into [`LABEL_SPECS`].
    pub(super) label: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Where the label's value region ends: the next label, or the end of the line.
    pub(super) region_end: usize,
}

impl Hit {
    pub(super) fn slot(&self) -> Slot {
        LABEL_SPECS[self.label].0
    }

    pub(super) fn weight(&self) -> f32 {
        LABEL_SPECS[self.label].1
    }

    pub(super) fn region(&self) -> Range<usize> {
        self.end..self.region_end
    }
}

/// The labels on a folded line: leftmost first, longest at the same start, no overlaps; a
/// parenthesis right after a label (`Total (incl. GST)`, `IGV (18%)`) belongs to it.
pub(super) fn find_hits(folded: &str) -> Vec<Hit> {
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

/// A party header that is really the start of a company's name: `Lieferant GmbH`, `Client SA`.
pub(super) fn party_word_in_name(folded: &str, hit: &Hit) -> bool {
    static LEGAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s{0,2}(?:&\s*co\.?\s*)?(?:gmbh|ag|kg|ohg|ug|s\.?a\.?s?|sarl|b\.?v\.?|n\.?v\.?|ltd\.?|limited|inc\.?|llc|srl|s\.?p\.?a\.?|sp\.?\s*z\s*o\.?\s*o\.?)(?:\W|$)")
            .expect("pattern compiles")
    });
    matches!(hit.slot(), Slot::Party(_)) && LEGAL.is_match(&folded[hit.end..])
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
pub(super) fn word_bounded(text: &str, start: usize, end: usize) -> bool {
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
