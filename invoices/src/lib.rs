//! Reading invoices, with no I/O beyond what a caller hands in: detect what a document is from
//! its bytes, read e-invoice XML exactly (UBL 2.x, DIAN AttachedDocument, CFDI 3.2/3.3/4.0,
//! Factur-X/ZUGFeRD CII), find the XML embedded in a PDF, pull fields out of plain text with
//! built-in rules or per-issuer mappings, build and validate LLM requests, and check the result.
//!
//! The daemon runs the external tools (pdftotext, pdftoppm, tesseract) and stores things; this
//! crate only turns bytes and text into an [`Extraction`]. Its data types live in `model` and are
//! re-exported here.

pub mod amounts;
pub mod checks;
pub mod dates;
pub mod detect;
pub mod llm;
pub mod mappings;
pub mod pdf;
pub mod rules;
pub mod said;
pub mod taxid;
pub mod xml;

pub use centralita_extraction::{
    DocumentKind, Extraction, FieldKind, FieldName, FieldSource, FieldValue, InvoiceWarning,
    LineItem, MappingProblem,
};
