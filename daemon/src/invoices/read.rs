//! Reading one document: XML exactly; a PDF's embedded XML, else its text layer with OCR for
//! the pages that have none; images by OCR; plain text as it is. Then mappings, rules and (optionally) the LLM fill
//! the fields the earlier steps missed.

use std::path::Path;

use centralita_invoices::{DocumentKind, Extraction, FieldName, InvoiceWarning};
use centralita_invoices::{detect, mappings::MappingSet, pdf, rules, xml};

use super::lifecycle::Reading;
use super::prepare::{MAX_PIXELS, PrepareError};
use super::tools::{ToolError, Tools};
use crate::error::{Said, said};
use centralita_protocol::said as key;

/// Pages with fewer visible characters than this are treated as scans and OCR'd.
const MIN_TEXT_CHARS: usize = 16;
/// Pages without a text layer read by OCR in one document, at most: each can take the OCR
/// tool's whole timeout, so a document of blank pages must not hold the tools for hours.
pub const MAX_OCR_PAGES: usize = 10;
/// Most text kept for the reviewer.
const MAX_TEXT_BYTES: usize = 512 * 1024;

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Tool(#[from] ToolError),
    #[error("{0}")]
    Xml(#[from] xml::XmlError),
    #[error("no text found: the document has no text layer and OCR read nothing")]
    NoText,
    #[error(
        "{pages} pages have no text layer; OCR reads at most {limit} per document: send the pages of the invoice alone"
    )]
    TooManyScannedPages { pages: usize, limit: usize },
    #[error("temporary files: {0}")]
    Io(#[from] std::io::Error),
}

impl ReadError {
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Tool(error) => error.is_transient(),
            Self::Io(_) => true,
            Self::Xml(_) | Self::NoText | Self::TooManyScannedPages { .. } => false,
        }
    }
}

impl ReadError {
    /// The reason in the catalog's words (a program's or a parser's own message stays as it
    /// said it); its English is this error's message.
    pub fn said(&self) -> Said {
        match self {
            Self::Tool(error) => tool_said(error),
            Self::Xml(error) => xml_said(error),
            Self::NoText => said!(
                key::NO_TEXT,
                "no text found: the document has no text layer and OCR read nothing"
            ),
            Self::TooManyScannedPages { pages, limit } => said!(
                key::TOO_MANY_SCANNED_PAGES,
                "{0} pages have no text layer; OCR reads at most {1} per document: send the pages of the invoice alone",
                pages,
                limit
            ),
            Self::Io(error) => said!(key::TEMPORARY_FILES, "temporary files: {0}", error),
        }
    }
}

fn tool_said(error: &ToolError) -> Said {
    match error {
        ToolError::Missing { tool, package } => said!(
            key::TOOL_MISSING,
            "{0} is not installed: install the Debian package {1} (apt-get install {1}), then retry the invoice",
            tool,
            package
        ),
        ToolError::Timeout { tool, secs } => said!(
            key::TOOL_TIMEOUT,
            "{0} took longer than {1} s and was stopped",
            tool,
            secs
        ),
        ToolError::Failed { tool, message } => {
            said!(key::TOOL_FAILED, "{0} failed: {1}", tool, message)
        }
        ToolError::OutOfMemory { tool, mib } => said!(
            key::TOOL_OUT_OF_MEMORY,
            "{0} ran out of its {1} MiB memory budget (invoices.tool_memory_mib)",
            tool,
            mib
        ),
        ToolError::Image(PrepareError::TooLarge { width, height }) => said!(
            key::IMAGE_TOO_LARGE,
            "the image is {0}×{1} pixels, over the limit of {2} megapixels",
            width,
            height,
            MAX_PIXELS / 1_000_000
        ),
        ToolError::Image(PrepareError::Decode(error)) => said!(
            key::IMAGE_UNDECODABLE,
            "the image could not be decoded: {0}",
            error
        ),
        ToolError::Image(PrepareError::Write(error)) => said!(
            key::IMAGE_UNWRITABLE,
            "the prepared image could not be written: {0}",
            error
        ),
        ToolError::Image(PrepareError::Io(error)) => said!(
            key::IMAGE_UNREADABLE,
            "the image could not be read: {0}",
            error
        ),
    }
}

fn xml_said(error: &xml::XmlError) -> Said {
    use xml::XmlError;
    match error {
        XmlError::TooLarge => said!(
            key::XML_TOO_LARGE,
            "document larger than {0} MiB",
            xml::MAX_BYTES >> 20
        ),
        XmlError::UnsupportedEncoding(encoding) => said!(
            key::XML_ENCODING,
            "unsupported character encoding {0}: use UTF-8 or ISO-8859-1",
            encoding
        ),
        XmlError::BadUtf8 { offset } => said!(
            key::XML_BAD_UTF8,
            "the document is not valid UTF-8: bad byte at offset {0}",
            offset
        ),
        XmlError::Syntax { line, message } => said!(
            key::XML_SYNTAX,
            "XML syntax error at line {0}: {1}",
            line,
            message
        ),
        XmlError::Doctype { line } => said!(
            key::XML_DOCTYPE,
            "document type declarations (<!DOCTYPE) are not accepted, found at line {0}",
            line
        ),
        XmlError::TooDeep { line } => said!(
            key::XML_TOO_DEEP,
            "element nesting deeper than {0} levels at line {1}",
            xml::MAX_DEPTH,
            line
        ),
        XmlError::TooManyAttributes { element, line } => said!(
            key::XML_TOO_MANY_ATTRIBUTES,
            "element <{0}> has more than {1} attributes at line {2}",
            element,
            xml::MAX_ATTRIBUTES,
            line
        ),
        // The reader words these two itself; anything else keeps its English as a value.
        XmlError::NotAnInvoice(why) if why == "the document has no root element" => said!(
            key::XML_NO_ROOT,
            "not an invoice: the document has no root element"
        ),
        XmlError::NotAnInvoice(why) => {
            if let Some(root) = why.strip_prefix("root element is ") {
                said!(
                    key::XML_ROOT_NOT_INVOICE,
                    "not an invoice: root element is {0}",
                    root
                )
            } else {
                said!(key::XML_NOT_AN_INVOICE, "not an invoice: {0}", why)
            }
        }
        XmlError::NoAttachedInvoice => said!(
            key::XML_NO_ATTACHED_INVOICE,
            "DIAN AttachedDocument without an invoice in cac:Attachment/cac:ExternalReference/cbc:Description"
        ),
        XmlError::AttachedInvoice(inner) => said!(
            key::XML_IN_ATTACHED_INVOICE,
            "in the invoice inside the DIAN AttachedDocument: {0}",
            inner
        ),
    }
}

/// Reads `bytes` of `kind` into text and fields (mappings and rules applied; not the LLM).
pub async fn read(
    tools: &Tools,
    mappings: &MappingSet,
    kind: DocumentKind,
    bytes: &[u8],
) -> Result<Reading, ReadError> {
    if kind.is_xml() {
        let document = xml::read(bytes)?;
        return Ok(Reading {
            extraction: document.extraction,
            text: cap(document.text),
            method: "xml".to_owned(),
            ..Reading::default()
        });
    }
    let mut warnings = Vec::new();
    if kind == DocumentKind::Pdf {
        // Parsing a PDF is CPU work (bounded by the budgets in `pdf.rs`): off the async workers.
        let owned = bytes.to_vec();
        let found = tokio::task::spawn_blocking(move || embedded(&owned))
            .await
            .unwrap_or_else(|error| {
                let said = said!(
                    key::INVOICE_EMBEDDED_XML_FAILED,
                    "reading the embedded invoice failed: {0}",
                    error
                );
                Err(xml_unreadable(said.text.clone(), said.words()))
            });
        match found {
            Ok(Some(document)) => {
                return Ok(Reading {
                    extraction: document.extraction,
                    text: cap(document.text),
                    method: "embedded_xml".to_owned(),
                    ..Reading::default()
                });
            }
            Ok(None) => {}
            Err(warning) => warnings.push(warning),
        }
    }
    let (text, method) = text_of(tools, kind, bytes).await?;
    let (mapping, extraction) = extract_text(mappings, &text);
    Ok(Reading {
        extraction,
        text: cap(text),
        method,
        mapping,
        warnings,
    })
}

/// The text of a PDF (its text layer, OCR for pages without one), an image (OCR) or a text
/// file (decoded), and how it was read (`text_layer`, `ocr`, `text_layer+ocr`, `text`). Empty
/// text is [`ReadError::NoText`].
pub async fn text_of(
    tools: &Tools,
    kind: DocumentKind,
    bytes: &[u8],
) -> Result<(String, String), ReadError> {
    if kind == DocumentKind::Text {
        return match detect::decode_text(bytes) {
            Some(text) if !text.trim().is_empty() => Ok((text, "text".to_owned())),
            _ => Err(ReadError::NoText),
        };
    }
    let scratch = tools.scratch_dir()?;
    let file = scratch.path().join(if kind == DocumentKind::Pdf {
        "document.pdf"
    } else {
        "document.img"
    });
    tokio::fs::write(&file, bytes).await?;
    let (text, method) = if kind == DocumentKind::Pdf {
        pdf_text(tools, &file, scratch.path()).await?
    } else {
        (tools.ocr(&file).await?, "ocr".to_owned())
    };
    if text.trim().is_empty() {
        return Err(ReadError::NoText);
    }
    Ok((text, method))
}

/// Fields from plain text: the first matching mapping, then the built-in rules for the rest.
pub fn extract_text(mappings: &MappingSet, text: &str) -> (Option<String>, Extraction) {
    let found = mappings.apply(text);
    let mapping = found.as_ref().map(|(name, _)| name.clone());
    let mut extraction = found.map(|(_, extraction)| extraction).unwrap_or_default();
    extraction.fill_from(rules::extract(text));
    (mapping, extraction)
}

/// The fields still empty after mappings and rules: what the LLM is asked for.
pub fn missing_fields(extraction: &Extraction) -> Vec<FieldName> {
    FieldName::ALL
        .into_iter()
        .filter(|name| !extraction.fields.contains_key(name))
        .collect()
}

/// The embedded Factur-X/ZUGFeRD invoice, read exactly. An unreadable one is a warning and the
/// text layer is used instead.
fn embedded(bytes: &[u8]) -> Result<Option<xml::XmlDocument>, InvoiceWarning> {
    let Some((name, inner)) = pdf::embedded_xml(bytes).map_err(|error| {
        let sentence = error.sentence();
        xml_unreadable(sentence.text, sentence.words)
    })?
    else {
        return Ok(None);
    };
    xml::read(&inner).map(Some).map_err(|error| {
        let said = said!(
            key::INVOICE_EMBEDDED_XML_UNREADABLE,
            "the embedded {0} could not be read ({1}); the page text was used instead",
            name,
            error
        )
        .with_inner(Some(xml_said(&error).words()));
        xml_unreadable(said.text.clone(), said.words())
    })
}

/// The `xml_unreadable` warning: the page text was read instead of the embedded invoice.
fn xml_unreadable(message: String, words: key::Words) -> InvoiceWarning {
    InvoiceWarning {
        code: "xml_unreadable".to_owned(),
        message,
        words: Some(words),
    }
}

/// Text of every page: the text layer where there is one, OCR of the rasterised page where not.
async fn pdf_text(
    tools: &Tools,
    pdf: &Path,
    scratch: &Path,
) -> Result<(String, String), ReadError> {
    let pages = tools.pdf_pages(pdf).await?;
    let visible = |page: &str| page.chars().filter(|c| !c.is_whitespace()).count();
    let scanned = pages
        .iter()
        .filter(|page| visible(page) < MIN_TEXT_CHARS)
        .count();
    if scanned > MAX_OCR_PAGES {
        return Err(ReadError::TooManyScannedPages {
            pages: scanned,
            limit: MAX_OCR_PAGES,
        });
    }
    let mut text = String::new();
    let (mut layer, mut ocr) = (false, false);
    for (index, page) in pages.iter().enumerate() {
        if visible(page) >= MIN_TEXT_CHARS {
            layer = true;
            text.push_str(page);
        } else {
            ocr = true;
            let image = tools.rasterise(pdf, index + 1, scratch).await?;
            text.push_str(&tools.ocr(&image).await?);
            // Pages can be large at 300 dpi; free the disk as we go.
            let _ = tokio::fs::remove_file(&image).await;
        }
        text.push('\n');
    }
    let method = match (layer, ocr) {
        (true, true) => "text_layer+ocr",
        (false, true) => "ocr",
        _ => "text_layer",
    };
    Ok((text, method.to_owned()))
}

fn cap(mut text: String) -> String {
    if text.len() > MAX_TEXT_BYTES {
        text.truncate(text.floor_char_boundary(MAX_TEXT_BYTES));
        text.push_str("\n[…text cut at 512 KiB]");
    }
    text
}
