//! Exact reading of e-invoice XML: UBL 2.0/2.1 (PEPPOL, XRechnung, SUNAT Peru, DIAN Colombia),
//! the DIAN `AttachedDocument` wrapper, Mexican CFDI 3.3/4.0 and UN/CEFACT CII (Factur-X,
//! ZUGFeRD 1.0 and 2.x).
//!
//! One streaming pass with quick-xml feeds a format's [`Handler`] the path of local names
//! (namespace prefixes ignored) of every element as it opens, and every non-blank text value as
//! it closes; the handler keeps what its format's rules ask for and resolves the fallbacks at the
//! end. The same pass renders the text for the reviewer and enforces the limits ([`MAX_BYTES`],
//! [`MAX_DEPTH`], [`MAX_ATTRIBUTES`]), so hostile input costs one bounded pass. DTDs are refused,
//! so no entity beyond the five predefined ones and character references is ever expanded.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use rust_decimal::Decimal;

use crate::{DocumentKind, Extraction, FieldName, FieldSource, FieldValue, LineItem};

#[cfg(test)]
mod tests;

/// Largest document read, in bytes.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;
/// Deepest element nesting accepted.
pub const MAX_DEPTH: usize = 256;
/// Most attributes one element may carry.
pub const MAX_ATTRIBUTES: usize = 1024;
/// Largest rendering kept in [`XmlDocument::text`], in bytes.
pub const MAX_TEXT_BYTES: usize = 200 * 1024;
/// How much of a document [`root_kind`] looks at to find the root element.
const SNIFF_BYTES: usize = 64 * 1024;

/// Elements whose subtree is left out of the rendering: signatures, extensions and attachments.
const HIDDEN: [&str; 4] = [
    "UBLExtensions",
    "Signature",
    "EmbeddedDocumentBinaryObject",
    "AttachmentBinaryObject",
];
const UBL_NAMESPACE: &str = "urn:oasis:names:specification:ubl:schema:xsd:";
const SUNAT_NAMESPACE: &str = "urn:sunat:names:specification:ubl:peru:";

/// What `read` found.
#[derive(Debug, Clone, PartialEq)]
pub struct XmlDocument {
    /// The document's format; a DIAN wrapper is `DianAttachedDocument` with its invoice's fields.
    pub kind: DocumentKind,
    /// Header fields and line items, all `FieldSource::Xml` with confidence 1.0.
    pub extraction: Extraction,
    /// For a human reviewer: one `Name: value` (or `Element Attribute: value`) line per value in
    /// document order, without signatures, extensions and base64 blobs; at most
    /// [`MAX_TEXT_BYTES`].
    pub text: String,
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum XmlError {
    #[error("document larger than {} MiB", MAX_BYTES >> 20)]
    TooLarge,
    #[error("unsupported character encoding {0}: use UTF-8 or ISO-8859-1")]
    UnsupportedEncoding(String),
    #[error("the document is not valid UTF-8: bad byte at offset {offset}")]
    BadUtf8 { offset: usize },
    #[error("XML syntax error at line {line}: {message}")]
    Syntax { line: usize, message: String },
    #[error("document type declarations (<!DOCTYPE) are not accepted, found at line {line}")]
    Doctype { line: usize },
    #[error("element nesting deeper than {MAX_DEPTH} levels at line {line}")]
    TooDeep { line: usize },
    #[error("element <{element}> has more than {MAX_ATTRIBUTES} attributes at line {line}")]
    TooManyAttributes { element: String, line: usize },
    #[error("not an invoice: {0}")]
    NotAnInvoice(String),
    #[error(
        "DIAN AttachedDocument without an invoice in \
         cac:Attachment/cac:ExternalReference/cbc:Description"
    )]
    NoAttachedInvoice,
    #[error("in the invoice inside the DIAN AttachedDocument: {0}")]
    AttachedInvoice(Box<XmlError>),
}

/// The kind of e-invoice `bytes` is, from its root element alone, or `None`. Skips a byte-order
/// mark, the XML declaration, comments, processing instructions, a DOCTYPE and whitespace, and
/// checks the root's namespace when it declares one. Looks at the first 64 KiB only.
pub fn root_kind(bytes: &[u8]) -> Option<DocumentKind> {
    let mut end = bytes.len().min(SNIFF_BYTES);
    // Cut on a character boundary: back off UTF-8 continuation bytes.
    while end > 0 && bytes.get(end).is_some_and(|byte| byte & 0xC0 == 0x80) {
        end -= 1;
    }
    root_element(&decode(&bytes[..end]).ok()?).ok()??.kind()
}

/// Reads an e-invoice: its kind, fields, line items and a readable rendering.
pub fn read(bytes: &[u8]) -> Result<XmlDocument, XmlError> {
    if bytes.len() > MAX_BYTES {
        return Err(XmlError::TooLarge);
    }
    let xml = decode(bytes)?;
    let mut rendering = Rendering::default();
    let (kind, extraction) = read_decoded(&xml, &mut rendering, true)?;
    Ok(XmlDocument {
        kind,
        extraction,
        text: rendering.text,
    })
}

/// Reads one decoded document into `rendering`. `outer` is false for the invoice inside a DIAN
/// wrapper, which may not be another wrapper.
fn read_decoded(
    xml: &str,
    rendering: &mut Rendering,
    outer: bool,
) -> Result<(DocumentKind, Extraction), XmlError> {
    let root = root_element(xml)?
        .ok_or_else(|| XmlError::NotAnInvoice("the document has no root element".to_owned()))?;
    let kind = root
        .kind()
        .filter(|kind| outer || *kind != DocumentKind::DianAttachedDocument)
        .ok_or_else(|| XmlError::NotAnInvoice(format!("root element is {root}")))?;
    let extraction = match kind {
        DocumentKind::UblInvoice | DocumentKind::UblCreditNote => {
            walk(xml, Ubl::default(), rendering)?.finish()
        }
        DocumentKind::Cfdi => walk(xml, Cfdi::default(), rendering)?.found,
        DocumentKind::Cii => walk(xml, Cii::default(), rendering)?.finish(),
        DocumentKind::DianAttachedDocument => {
            let invoice = walk(xml, Attached::default(), rendering)?
                .invoice
                .ok_or(XmlError::NoAttachedInvoice)?;
            rendering.line("Attached invoice:");
            read_decoded(&invoice, rendering, false)
                .map_err(|error| XmlError::AttachedInvoice(Box::new(error)))?
                .1
        }
        DocumentKind::Pdf | DocumentKind::Jpeg | DocumentKind::Png | DocumentKind::Tiff => {
            unreachable!("Root::kind names XML formats only")
        }
    };
    Ok((kind, extraction))
}

// ---------------------------------------------------------------------------------------------
// Character encodings

/// The text of `bytes`: UTF-8 (with or without a byte-order mark) unless the XML declaration
/// says ISO-8859-1, read as Windows-1252 (its superset for text, as browsers do).
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, XmlError> {
    static DECLARATION: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"\A<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']"#)
            .expect("valid pattern")
    });
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(XmlError::UnsupportedEncoding("UTF-16".to_owned()));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let label = DECLARATION
        .captures(&body[..body.len().min(1024)])
        .and_then(|captures| captures.get(1))
        .map(|label| String::from_utf8_lossy(label.as_bytes()).into_owned());
    match label.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("utf-8" | "utf8" | "us-ascii" | "ascii") => std::str::from_utf8(body)
            .map(Cow::Borrowed)
            .map_err(|error| {
                let offset = bytes.len() - body.len() + error.valid_up_to();
                XmlError::BadUtf8 { offset }
            }),
        Some(
            "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "latin-1" | "l1"
            | "windows-1252" | "cp1252",
        ) => Ok(Cow::Owned(windows_1252(body))),
        Some(_) => Err(XmlError::UnsupportedEncoding(label.unwrap_or_default())),
    }
}

fn windows_1252(bytes: &[u8]) -> String {
    /// What 0x80–0x9F stand for; the five unassigned bytes map to the same code points.
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    bytes
        .iter()
        .map(|&byte| match byte {
            0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
            _ => char::from(byte),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The root element

/// The root element's qualified name and the namespace its prefix is bound to on it.
struct Root {
    name: String,
    namespace: Option<String>,
}

impl Root {
    fn of(start: &BytesStart) -> Self {
        let name = start.name().into_inner().to_owned();
        let binding = name.split_once(':').map_or_else(
            || "xmlns".to_owned(),
            |(prefix, _)| format!("xmlns:{prefix}"),
        );
        let namespace = start
            .attributes()
            .take(MAX_ATTRIBUTES)
            .flatten()
            .find(|attribute| attribute.key.into_inner() == binding)
            .map(|attribute| attribute.value.trim().to_owned());
        Self { name, namespace }
    }

    /// The format, by local name, when the namespace (if declared) is that format's.
    fn kind(&self) -> Option<DocumentKind> {
        let local = self
            .name
            .split_once(':')
            .map_or(self.name.as_str(), |(_, local)| local);
        let in_namespace = |expected: &str| {
            self.namespace
                .as_deref()
                .is_none_or(|namespace| namespace.starts_with(expected))
        };
        match local {
            // A debit note asks for more money, like an invoice.
            "Invoice" | "DebitNote" if in_namespace(UBL_NAMESPACE) => {
                Some(DocumentKind::UblInvoice)
            }
            "CreditNote" if in_namespace(UBL_NAMESPACE) => Some(DocumentKind::UblCreditNote),
            "AttachedDocument" if in_namespace(UBL_NAMESPACE) => {
                Some(DocumentKind::DianAttachedDocument)
            }
            "Comprobante" if in_namespace("http://www.sat.gob.mx/cfd/") => Some(DocumentKind::Cfdi),
            "CrossIndustryInvoice"
                if in_namespace("urn:un:unece:uncefact:data:standard:CrossIndustryInvoice") =>
            {
                Some(DocumentKind::Cii)
            }
            "CrossIndustryDocument" if in_namespace("urn:ferd:CrossIndustryDocument") => {
                Some(DocumentKind::Cii)
            }
            _ => None,
        }
    }
}

impl fmt::Display for Root {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}>", self.name)?;
        match &self.namespace {
            Some(namespace) => write!(f, " in namespace {namespace}"),
            None => Ok(()),
        }
    }
}

/// The first element of `xml`; `None` when there is none. Only markup and whitespace may come
/// before it.
fn root_element(xml: &str) -> Result<Option<Root>, XmlError> {
    let mut reader = Reader::from_str(xml);
    loop {
        let position = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(start) | Event::Empty(start)) => return Ok(Some(Root::of(&start))),
            Ok(Event::Eof) => return Ok(None),
            Ok(Event::Text(text)) if text.trim().is_empty() => {}
            Ok(Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)) => {
                return Err(syntax_error(xml, position, "text before the root element"));
            }
            Ok(Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_)) => {}
            Ok(Event::End(_)) => {
                return Err(syntax_error(
                    xml,
                    position,
                    "end tag before the root element",
                ));
            }
            Err(error) => return Err(syntax_error(xml, reader.error_position(), error)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The streaming walk

/// A format's rules, fed by [`walk`]. `path` holds the local names from the root down to the
/// element.
trait Handler {
    /// An element opened.
    fn open(&mut self, _path: &[&str], _attributes: &Attributes) {}
    /// An element closed holding `text`: trimmed, entities resolved, never blank.
    fn value(&mut self, _path: &[&str], _attributes: &Attributes, _text: &str) {}
}

/// One element's attributes, keys as written, values with entities resolved.
#[derive(Default)]
struct Attributes(Vec<(String, String)>);

impl Attributes {
    fn read(start: &BytesStart, xml: &str, position: u64) -> Result<Self, XmlError> {
        let mut all = start.attributes();
        // Checked below with a set: quick-xml's own check is quadratic.
        all.with_checks(false);
        let mut attributes = Vec::new();
        let mut keys = HashSet::new();
        for attribute in all {
            if attributes.len() == MAX_ATTRIBUTES {
                return Err(XmlError::TooManyAttributes {
                    element: start.name().into_inner().to_owned(),
                    line: line_at(xml, position),
                });
            }
            let attribute = attribute.map_err(|error| syntax_error(xml, position, error))?;
            let key = attribute.key.into_inner();
            if !keys.insert(key) {
                return Err(syntax_error(
                    xml,
                    position,
                    format!("duplicate attribute {key}"),
                ));
            }
            let value = attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|error| syntax_error(xml, position, error))?;
            attributes.push((key.to_owned(), value.into_owned()));
        }
        Ok(Self(attributes))
    }

    /// The trimmed value of `key`; `None` when absent or blank.
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    }
}

/// An element being read.
struct Frame {
    /// Local name.
    name: String,
    attributes: Attributes,
    text: String,
    /// Inside a [`HIDDEN`] subtree: not rendered.
    hidden: bool,
    has_children: bool,
}

/// Streams `xml` once, feeding `handler` and `rendering`; returns the handler when the root
/// element closes.
fn walk<H: Handler>(xml: &str, mut handler: H, rendering: &mut Rendering) -> Result<H, XmlError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut stack: Vec<Frame> = Vec::new();
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|error| syntax_error(xml, reader.error_position(), error))?;
        match event {
            Event::Start(start) => {
                if stack.len() == MAX_DEPTH {
                    return Err(XmlError::TooDeep {
                        line: line_at(xml, position),
                    });
                }
                let attributes = Attributes::read(&start, xml, position)?;
                let name = start.local_name().into_inner().to_owned();
                let hidden = HIDDEN.contains(&name.as_str());
                let hidden = match stack.last_mut() {
                    Some(parent) => {
                        rendering.enter(parent);
                        hidden || parent.hidden
                    }
                    None => hidden,
                };
                stack.push(Frame {
                    name,
                    attributes,
                    text: String::new(),
                    hidden,
                    has_children: false,
                });
                if let Some(frame) = stack.last() {
                    handler.open(&path_of(&stack), &frame.attributes);
                }
            }
            Event::End(_) => {
                let Some(frame) = stack.pop() else {
                    continue;
                };
                let value = frame.text.trim();
                if !value.is_empty() {
                    let mut path = path_of(&stack);
                    path.push(&frame.name);
                    handler.value(&path, &frame.attributes, value);
                }
                // The parent names a value unless it is the root: `PartyName Name: ACME`.
                let owner = stack.get(1..).and_then(<[Frame]>::last);
                rendering.leave(&frame, owner.map(|owner| owner.name.as_str()));
                if stack.is_empty() {
                    return Ok(handler);
                }
            }
            Event::Text(text) => append(&mut stack, &text.xml10_content()),
            Event::CData(text) => append(&mut stack, &text.xml10_content()),
            Event::GeneralRef(reference) => {
                let text = resolve(&reference).ok_or_else(|| {
                    syntax_error(xml, position, format!("unknown entity &{};", &*reference))
                })?;
                append(&mut stack, &text);
            }
            Event::DocType(_) => {
                return Err(XmlError::Doctype {
                    line: line_at(xml, position),
                });
            }
            Event::Eof => {
                let message = match stack.last() {
                    Some(frame) => format!("the document ends inside <{}>", frame.name),
                    None => "the document has no root element".to_owned(),
                };
                return Err(syntax_error(xml, position, message));
            }
            Event::Empty(_) | Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
}

fn path_of(stack: &[Frame]) -> Vec<&str> {
    stack.iter().map(|frame| frame.name.as_str()).collect()
}

/// Adds text to the open element; blank text before any content is dropped (values are trimmed).
fn append(stack: &mut [Frame], text: &str) {
    if let Some(frame) = stack.last_mut()
        && (!frame.text.is_empty() || !text.trim().is_empty())
    {
        frame.text.push_str(text);
    }
}

/// A character reference or one of the five predefined entities.
fn resolve(reference: &BytesRef) -> Option<String> {
    match reference.resolve_char_ref() {
        Ok(Some(character)) => Some(character.to_string()),
        Ok(None) => resolve_predefined_entity(reference).map(str::to_owned),
        Err(_) => None,
    }
}

fn line_at(xml: &str, position: u64) -> usize {
    let end = usize::try_from(position).map_or(xml.len(), |position| position.min(xml.len()));
    xml.as_bytes()[..end].split(|&byte| byte == b'\n').count()
}

fn syntax_error(xml: &str, position: u64, message: impl fmt::Display) -> XmlError {
    XmlError::Syntax {
        line: line_at(xml, position),
        message: message.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// The rendering for the reviewer

/// The readable text, built as the walk goes.
#[derive(Default)]
struct Rendering {
    text: String,
    full: bool,
}

impl Rendering {
    /// A child of `parent` opens: the parent's attributes come before it.
    fn enter(&mut self, parent: &mut Frame) {
        if !parent.has_children {
            parent.has_children = true;
            self.attributes(parent);
        }
    }

    /// `frame` closed: its value, prefixed with its `owner`'s name if any, or the attributes of
    /// an empty element.
    fn leave(&mut self, frame: &Frame, owner: Option<&str>) {
        let value = frame.text.trim();
        if value.is_empty() {
            if !frame.has_children {
                self.attributes(frame);
            }
        } else if readable(value) && !frame.hidden {
            let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
            let owner = owner.map(|owner| format!("{owner} ")).unwrap_or_default();
            self.line(&format!("{owner}{}: {value}", frame.name));
        }
    }

    /// `Element Attribute: value` lines, without namespace declarations and schema hints.
    fn attributes(&mut self, frame: &Frame) {
        if frame.hidden {
            return;
        }
        for (key, value) in &frame.attributes.0 {
            let value = value.trim();
            if !key.starts_with("xmlns") && !key.starts_with("xsi:") && readable(value) {
                self.line(&format!("{} {key}: {value}", frame.name));
            }
        }
    }

    /// Adds a line unless the text would outgrow [`MAX_TEXT_BYTES`]; nothing after that.
    fn line(&mut self, line: &str) {
        self.full |= self.text.len() + line.len() + 1 > MAX_TEXT_BYTES;
        if !self.full {
            self.text.push_str(line);
            self.text.push('\n');
        }
    }
}

/// Worth showing: not empty, not embedded markup, not a base64 blob (seals, certificates).
fn readable(value: &str) -> bool {
    let base64 = value.len() >= 100
        && value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"+/=\r\n".contains(&byte));
    !value.is_empty() && !value.starts_with('<') && !base64
}

// ---------------------------------------------------------------------------------------------
// Values

/// Sets a field unless it already has a value.
fn put(found: &mut Extraction, name: FieldName, value: Option<String>) {
    if let Some(value) = value {
        found.fill(name, FieldValue::new(value, FieldSource::Xml, 1.0));
    }
}

/// [`put`] for each of `fields`.
fn put_all(found: &mut Extraction, fields: impl IntoIterator<Item = (FieldName, Option<String>)>) {
    for (name, value) in fields {
        put(found, name, value);
    }
}

/// Keeps the first value found.
fn keep_first(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

fn decimal(text: &str) -> Option<Decimal> {
    text.trim().parse().ok()
}

/// A plain decimal with the document's digits (`473.00` stays `473.00`).
fn amount(text: &str) -> Option<String> {
    decimal(text).map(|amount| amount.to_string())
}

/// The sum of `amounts`; `None` when there are none or it overflows.
fn sum(amounts: impl IntoIterator<Item = Decimal>) -> Option<String> {
    let mut amounts = amounts.into_iter();
    let first = amounts.next()?;
    amounts
        .try_fold(first, Decimal::checked_add)
        .map(|total| total.to_string())
}

/// `YYYY-MM-DD` from an ISO date or date-time (`2021-01-13T14:15:16`, `2024-11-15+01:00`).
fn iso_date(text: &str) -> Option<String> {
    let date: jiff::civil::Date = text.trim().get(..10)?.parse().ok()?;
    Some(date.to_string())
}

/// A CII `DateTimeString`: format 102 is `YYYYMMDD`; other formats are not single dates.
fn cii_date(text: &str, format: Option<&str>) -> Option<String> {
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
fn in_currency(amount: Option<&str>, document: Option<&str>) -> bool {
    amount.is_none() || document.is_none() || amount == document
}

/// An ISO 4217 code.
fn currency(text: &str) -> Option<String> {
    let text = text.trim();
    (text.len() == 3 && text.bytes().all(|byte| byte.is_ascii_alphabetic()))
        .then(|| text.to_ascii_uppercase())
}

/// One invoice line being read; numbers already normalised.
#[derive(Default)]
struct Line {
    description: Option<String>,
    /// Used when there is no description.
    name: Option<String>,
    quantity: Option<String>,
    unit_price: Option<String>,
    amount: Option<String>,
}

impl Line {
    /// `path` is relative to cac:InvoiceLine / cac:CreditNoteLine / cac:DebitNoteLine.
    fn ubl_value(&mut self, path: &[&str], text: &str) {
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
    fn cii_value(&mut self, path: &[&str], text: &str) {
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

    fn into_item(self) -> LineItem {
        LineItem {
            description: self.description.or(self.name).unwrap_or_default(),
            quantity: self.quantity,
            unit_price: self.unit_price,
            amount: self.amount,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// UBL 2.0/2.1

/// UBL Invoice, CreditNote and DebitNote (PEPPOL, XRechnung, SUNAT, DIAN).
#[derive(Default)]
struct Ubl {
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

    fn finish(mut self) -> Extraction {
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
        let (issuer_name, issuer_tax_id) = self.supplier.into_fields();
        let (buyer_name, buyer_tax_id) = self.customer.into_fields();
        put_all(
            &mut self.found,
            [
                (FieldName::Subtotal, subtotal),
                (FieldName::Tax, tax),
                (FieldName::Total, total),
                (FieldName::DueDate, self.payment_due_date),
                (FieldName::IssuerName, issuer_name),
                (FieldName::IssuerTaxId, issuer_tax_id),
                (FieldName::BuyerName, buyer_name),
                (FieldName::BuyerTaxId, buyer_tax_id),
            ],
        );
        self.found.line_items = self.lines.into_iter().map(Line::into_item).collect();
        self.found
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
    fn into_fields(self) -> (Option<String>, Option<String>) {
        let tax_id = self
            .tax_scheme_id
            .or(self.national_id)
            .or(self.assigned_account_id)
            .or(self.legal_company_id);
        (self.registration_name.or(self.trading_name), tax_id)
    }
}

// ---------------------------------------------------------------------------------------------
// DIAN AttachedDocument

/// The DIAN wrapper: only the invoice it carries as text matters.
#[derive(Default)]
struct Attached {
    invoice: Option<String>,
}

impl Handler for Attached {
    fn value(&mut self, path: &[&str], _attributes: &Attributes, text: &str) {
        if let [_, "Attachment", "ExternalReference", "Description"] = path {
            keep_first(&mut self.invoice, Some(text.to_owned()));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CFDI 3.3/4.0

/// A Mexican CFDI, where every value is an attribute.
#[derive(Default)]
struct Cfdi {
    found: Extraction,
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

// ---------------------------------------------------------------------------------------------
// CII: Factur-X / ZUGFeRD 2.x and ZUGFeRD 1.0

/// A Cross Industry Invoice (2.x names first, ZUGFeRD 1.0 names second in each pattern).
#[derive(Default)]
struct Cii {
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

    fn finish(mut self) -> Extraction {
        // The tax in the invoice currency (or without one); failing that, the first.
        let currency = self.found.get(FieldName::Currency);
        let tax = self
            .taxes
            .iter()
            .find(|(_, tax_currency)| in_currency(tax_currency.as_deref(), currency))
            .or(self.taxes.first())
            .map(|(tax, _)| tax.clone());
        let (issuer_name, issuer_tax_id) = self.seller.into_fields();
        let (buyer_name, buyer_tax_id) = self.buyer.into_fields();
        put_all(
            &mut self.found,
            [
                (FieldName::Tax, tax),
                (FieldName::IssuerName, issuer_name),
                (FieldName::IssuerTaxId, issuer_tax_id),
                (FieldName::BuyerName, buyer_name),
                (FieldName::BuyerTaxId, buyer_tax_id),
            ],
        );
        self.found.line_items = self.lines.into_iter().map(Line::into_item).collect();
        self.found
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
    fn into_fields(self) -> (Option<String>, Option<String>) {
        let tax_id = self.vat_id.or(self.fiscal_id).or(self.other_id);
        (self.name, tax_id)
    }
}
