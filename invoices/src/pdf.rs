//! What we read from a PDF ourselves: the invoice XML a Factur-X/ZUGFeRD/XRechnung hybrid carries
//! as an embedded file. Text layers and rasterising are left to poppler, run by the daemon.

use lopdf::{Dictionary, Document, Object};

use crate::xml;

/// Largest embedded file we decompress.
const MAX_EMBEDDED_BYTES: usize = 32 * 1024 * 1024;

/// Names the Factur-X, ZUGFeRD 1/2 and XRechnung specifications give the embedded invoice.
const KNOWN_NAMES: [&str; 4] = [
    "factur-x.xml",
    "zugferd-invoice.xml",
    "xrechnung.xml",
    "order-x.xml",
];

/// A PDF we could not read.
#[derive(Debug, thiserror::Error)]
#[error("the PDF cannot be read: {0}")]
pub struct PdfError(String);

/// The invoice XML embedded in `pdf`, with its file name: the first embedded file named as the
/// hybrid standards say, else the first embedded XML whose root is an invoice. `None` when the
/// PDF carries none.
pub fn embedded_xml(pdf: &[u8]) -> Result<Option<(String, Vec<u8>)>, PdfError> {
    let document = Document::load_mem(pdf).map_err(|error| PdfError(error.to_string()))?;
    let mut candidates: Vec<(String, Vec<u8>)> = document
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter_map(|spec| embedded_file(&document, spec))
        .filter(|(_, bytes)| xml::root_kind(bytes).is_some())
        .collect();
    candidates.sort_by_key(|(name, _)| {
        !KNOWN_NAMES
            .iter()
            .any(|known| name.eq_ignore_ascii_case(known))
    });
    Ok(candidates.into_iter().next())
}

/// The name and content of a file specification dictionary (`/Type /Filespec` with `/EF`).
fn embedded_file(document: &Document, spec: &Dictionary) -> Option<(String, Vec<u8>)> {
    let streams = spec.get_deref(b"EF", document).ok()?.as_dict().ok()?;
    let stream = streams
        .get_deref(b"UF", document)
        .or_else(|_| streams.get_deref(b"F", document))
        .ok()?
        .as_stream()
        .ok()?;
    let name = [b"UF".as_slice(), b"F"]
        .into_iter()
        .find_map(|key| match spec.get_deref(key, document).ok()? {
            Object::String(bytes, _) => Some(decode_pdf_string(bytes)),
            _ => None,
        })
        .unwrap_or_default();
    let content = if stream.dict.has(b"Filter") {
        stream
            .decompressed_content_with_limit(MAX_EMBEDDED_BYTES)
            .ok()?
    } else {
        stream.content.clone()
    };
    Some((name, content))
}

/// A PDF text string: UTF-16BE with a byte-order mark, else PDFDocEncoding (Latin-1 is close
/// enough for file names).
fn decode_pdf_string(bytes: &[u8]) -> String {
    match bytes {
        [0xFE, 0xFF, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => bytes.iter().map(|&byte| char::from(byte)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> Vec<u8> {
        let root = std::env::var("CENTRALITA_FIXTURES").unwrap_or_else(|_| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/fixtures").to_owned()
        });
        std::fs::read(format!("{root}/invoices/dev/{path}")).expect("fixture present")
    }

    #[test]
    fn every_hybrid_pdf_of_the_dev_set_carries_its_invoice_xml() {
        for name in [
            "EN16931_Einfach.pdf",
            "EN16931_1_Teilrechnung.pdf",
            "EXTENDED_Fremdwaehrung_wdis_fx-pdfa4.pdf",
            "MustangGnuaccountingBeispielRE-20170509_505.pdf",
            "ZTESTZUGFERD_1_INVDSS_012015738820PDF-1.pdf",
            "zugferd_invoice.pdf",
            "zugferd_2p1_EXTENDED_PDFA-3A.pdf",
        ] {
            let (file, xml) = embedded_xml(&fixture(&format!("pdf/{name}")))
                .expect("readable")
                .unwrap_or_else(|| panic!("{name}: no embedded XML found"));
            assert!(
                file.to_ascii_lowercase().ends_with(".xml"),
                "{name}: {file}"
            );
            assert!(
                xml::root_kind(&xml).is_some(),
                "{name}: {file} is not an invoice"
            );
        }
    }

    #[test]
    fn a_plain_or_broken_pdf_has_no_embedded_xml_or_says_why() {
        let broken =
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF";
        assert!(matches!(embedded_xml(broken), Ok(None) | Err(_)));
        let error = embedded_xml(b"%PDF-1.4 garbage").expect_err("not a PDF");
        assert!(
            error.to_string().starts_with("the PDF cannot be read"),
            "{error}"
        );
    }

    #[test]
    fn a_ten_thousand_deep_array_is_an_error_not_a_crash() {
        let mut pdf = b"%PDF-1.7\n1 0 obj\n".to_vec();
        pdf.extend(std::iter::repeat_n(b'[', 10_000));
        pdf.extend(std::iter::repeat_n(b']', 10_000));
        pdf.extend_from_slice(b"\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        // lopdf drops the object it cannot parse; the daemon then fails the invoice because
        // poppler finds no page (see the daemon's invoice tests).
        assert!(matches!(embedded_xml(&pdf), Err(_) | Ok(None)));
    }

    #[test]
    fn file_names_decode_from_utf16_and_latin1() {
        assert_eq!(
            decode_pdf_string(&[0xFE, 0xFF, 0, b'a', 0, b'.', 0, b'x']),
            "a.x"
        );
        assert_eq!(decode_pdf_string(b"factur-x.xml"), "factur-x.xml");
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_after_a_pdf_header_never_panic(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let mut pdf = b"%PDF-1.7\n".to_vec();
            pdf.extend(tail);
            let _ = embedded_xml(&pdf);
        }
    }
}
