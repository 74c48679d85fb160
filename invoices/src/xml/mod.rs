//! Exact reading of e-invoice XML: UBL 2.0/2.1 (PEPPOL, XRechnung, SUNAT Peru, DIAN Colombia),
//! the DIAN `AttachedDocument` wrapper, Mexican CFDI 3.2/3.3/4.0 and UN/CEFACT CII (Factur-X,
//! ZUGFeRD 1.0 and 2.x).
//!
//! One streaming pass with quick-xml feeds a format's `Handler` (in `walk`) the path of local
//! names (namespace prefixes ignored) of every element as it opens, and every non-blank text
//! value as it closes; the handler keeps what its format's rules ask for and resolves the
//! fallbacks at the end. The same pass renders the text for the reviewer and enforces the
//! limits ([`MAX_BYTES`], [`MAX_DEPTH`], [`MAX_ATTRIBUTES`]), so hostile input costs one
//! bounded pass. DTDs are refused, so no entity beyond the five predefined ones and character
//! references is ever expanded.
//!
//! This file owns the entry points ([`read`], [`root_kind`]), the limits and the errors; the
//! shared reading is in `encoding`, `root`, `walk`, `rendering` and `values`, and each format
//! has its file: `ubl`, `dian` (the AttachedDocument wrapper), `cfdi` and `cii`.

mod cfdi;
mod cii;
mod dian;
mod encoding;
mod rendering;
mod root;
mod ubl;
mod values;
mod walk;

#[cfg(test)]
mod tests;

use crate::{DocumentKind, Extraction};

use cfdi::Cfdi;
use cii::Cii;
use dian::Attached;
use encoding::decode;
use rendering::Rendering;
use root::root_element;
use ubl::Ubl;
use walk::walk;

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
        DocumentKind::Cfdi => walk(xml, Cfdi::default(), rendering)?.finish(),
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
        DocumentKind::Pdf
        | DocumentKind::Jpeg
        | DocumentKind::Png
        | DocumentKind::Tiff
        | DocumentKind::Text => {
            unreachable!("Root::kind names XML formats only")
        }
    };
    Ok((kind, extraction))
}
