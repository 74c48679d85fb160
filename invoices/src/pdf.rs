//! What we read from a PDF ourselves: the invoice XML a Factur-X/ZUGFeRD/XRechnung hybrid carries
//! as an embedded file. Text layers and rasterising are left to poppler, run by the daemon.
//!
//! Anyone can send us a PDF, so reading one has a budget: [`scan`] checks what lopdf would
//! inflate and build while loading it before lopdf does, and the embedded files we inflate
//! afterwards draw on the same budget.

#[cfg(any(test, feature = "test-support"))]
pub mod bombs;
mod scan;

use std::cell::RefCell;
use std::collections::HashSet;

use lopdf::{DecompressError, Dictionary, Document, LoadOptions, Object, ObjectId, Stream};

use crate::said::{self, Sentence, said};
use crate::xml;

/// Bytes one document may inflate, all streams together: the object and cross-reference
/// streams lopdf inflates while loading, and the embedded files we inflate.
pub const MAX_INFLATED_BYTES: usize = 64 * 1024 * 1024;
/// Of those, bytes of cross-reference streams: lopdf keeps an entry per 3 bytes.
const MAX_CROSS_REFERENCE_BYTES: usize = 4 * 1024 * 1024;
/// Values (numbers, names, arrays…) lopdf may build for one document; each costs it about
/// 240 bytes. Real invoices have a few thousand.
pub const MAX_VALUES: usize = 400_000;
/// Embedded-file specifications we look at in one document.
pub const MAX_FILE_SPECS: usize = 16;

/// Names the Factur-X, ZUGFeRD 1/2 and XRechnung specifications give the embedded invoice.
const KNOWN_NAMES: [&str; 4] = [
    "factur-x.xml",
    "zugferd-invoice.xml",
    "xrechnung.xml",
    "order-x.xml",
];

/// A PDF we could not, or would not, read. Its English is its [`sentence`](Self::sentence).
#[derive(Debug)]
pub enum PdfError {
    /// lopdf's reason.
    Unreadable(String),
    TooLarge,
    TooManyValues,
    TooManyFiles,
    Overlapping,
    /// The filters of the object stream.
    Filter(String),
}

impl PdfError {
    /// Why, in the catalog's words.
    pub fn sentence(&self) -> Sentence {
        match self {
            Self::Unreadable(reason) => said!(said::PDF_UNREADABLE, reason),
            Self::TooLarge => said!(said::PDF_TOO_LARGE, MAX_INFLATED_BYTES >> 20),
            Self::TooManyValues => said!(said::PDF_TOO_MANY_VALUES, MAX_VALUES),
            Self::TooManyFiles => said!(said::PDF_TOO_MANY_FILES, MAX_FILE_SPECS),
            Self::Overlapping => said!(said::PDF_OVERLAPPING),
            Self::Filter(filters) => said!(said::PDF_FILTER, filters),
        }
    }
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.sentence().text)
    }
}

impl std::error::Error for PdfError {}

/// What reading one document has used so far.
#[derive(Debug, Default)]
struct Budget {
    inflated: usize,
    cross_reference: usize,
    values: usize,
}

impl Budget {
    /// Bytes that may still be inflated.
    fn inflatable(&self) -> usize {
        MAX_INFLATED_BYTES.saturating_sub(self.inflated)
    }

    fn inflate(&mut self, bytes: usize) -> Result<(), PdfError> {
        self.inflated = self.inflated.saturating_add(bytes);
        if self.inflated > MAX_INFLATED_BYTES {
            return Err(PdfError::TooLarge);
        }
        Ok(())
    }

    fn cross_reference(&mut self, bytes: usize) -> Result<(), PdfError> {
        self.cross_reference = self.cross_reference.saturating_add(bytes);
        if self.cross_reference > MAX_CROSS_REFERENCE_BYTES {
            return Err(PdfError::TooLarge);
        }
        Ok(())
    }

    fn can_build(&self, values: usize) -> bool {
        self.values.saturating_add(values) <= MAX_VALUES
    }

    fn build(&mut self, values: usize) -> Result<(), PdfError> {
        if !self.can_build(values) {
            return Err(PdfError::TooManyValues);
        }
        self.values += values;
        Ok(())
    }
}

/// The invoice XML embedded in `pdf`, with its file name: the first embedded file named as the
/// hybrid standards say, else the first embedded XML whose root is an invoice. `None` when the
/// PDF carries none, or is encrypted (PDF/A-3, which every hybrid standard requires, forbids
/// encryption, and lopdf's decryption would inflate what [`scan`] cannot measure).
pub fn embedded_xml(pdf: &[u8]) -> Result<Option<(String, Vec<u8>)>, PdfError> {
    let mut budget = Budget::default();
    if scan::scan(pdf, &mut budget)?.encrypted {
        return Ok(None);
    }
    let document = load(pdf)?;
    let mut specs: Vec<Spec> = Vec::new();
    for object in document.objects.values() {
        let Some(spec) = object.as_dict().ok().and_then(|dict| spec(&document, dict)) else {
            continue;
        };
        if specs.len() == MAX_FILE_SPECS {
            return Err(PdfError::TooManyFiles);
        }
        specs.push(spec);
    }
    // Known names first, otherwise in the document's order; the first invoice wins.
    specs.sort_by_key(|spec| !spec.known);
    let mut inflated: HashSet<ObjectId> = HashSet::new();
    for spec in specs {
        if let Some(id) = spec.id
            && !inflated.insert(id)
        {
            continue;
        }
        let Some(content) = content(spec.stream, &mut budget)? else {
            continue;
        };
        if xml::root_kind(&content).is_some() {
            return Ok(Some((spec.name, content)));
        }
    }
    Ok(None)
}

thread_local! {
    /// The object streams the current [`load`] on this thread has let lopdf inflate.
    static OBJECT_STREAMS: RefCell<HashSet<ObjectId>> = RefCell::default();
}

/// `pdf` parsed by lopdf, each object stream inflated once.
fn load(pdf: &[u8]) -> Result<Document, PdfError> {
    /// Empties [`OBJECT_STREAMS`] however the load ends.
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            OBJECT_STREAMS.with_borrow_mut(HashSet::clear);
        }
    }
    let _reset = Reset;
    OBJECT_STREAMS.with_borrow_mut(HashSet::clear);
    let options = LoadOptions {
        // Cross-reference entries may all point at one object stream; lopdf would inflate it
        // once per entry. A filter also stops lopdf from loading a document a second time to
        // rebuild a page tree it could not find (we do not need the pages).
        filter: Some(once_per_object_stream),
        // Each stream; the scan already counted all of them together.
        max_decompressed_size: Some(MAX_INFLATED_BYTES),
        ..LoadOptions::default()
    };
    Document::load_mem_with_options(pdf, options).map_err(|error| match error {
        lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. }) => PdfError::TooLarge,
        error => PdfError::Unreadable(error.to_string()),
    })
}

/// lopdf's load filter: drops an object stream seen before in this load. lopdf keeps the
/// object it passed in for a top-level object (every stream is one) and the returned one for
/// an object-stream member.
#[allow(clippy::unnecessary_wraps)] // lopdf's `FilterFunc` signature
fn once_per_object_stream(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    let Object::Stream(stream) = object else {
        return Some((id, object.clone()));
    };
    if stream.dict.has_type(b"ObjStm") && !OBJECT_STREAMS.with_borrow_mut(|seen| seen.insert(id)) {
        return None;
    }
    Some((id, Object::Null))
}

/// An embedded-file specification (`/Type /Filespec` with `/EF`), not yet inflated.
struct Spec<'a> {
    name: String,
    known: bool,
    /// The embedded file stream's object, when it is a reference (it always is in a valid PDF).
    id: Option<ObjectId>,
    stream: &'a Stream,
}

fn spec<'a>(document: &'a Document, spec: &'a Dictionary) -> Option<Spec<'a>> {
    let streams = spec.get_deref(b"EF", document).ok()?.as_dict().ok()?;
    let entry = streams.get(b"UF").or_else(|_| streams.get(b"F")).ok()?;
    let (id, stream) = match entry {
        Object::Reference(id) => (Some(*id), document.get_object(*id).ok()?),
        direct => (None, direct),
    };
    let stream = stream.as_stream().ok()?;
    let name = [b"UF".as_slice(), b"F"]
        .into_iter()
        .find_map(|key| match spec.get_deref(key, document).ok()? {
            Object::String(bytes, _) => Some(decode_pdf_string(bytes)),
            _ => None,
        })
        .unwrap_or_default();
    let known = KNOWN_NAMES
        .iter()
        .any(|known| name.eq_ignore_ascii_case(known));
    Some(Spec {
        name,
        known,
        id,
        stream,
    })
}

/// An embedded file's content, inflated within `budget`; `None` when it does not decode.
fn content(stream: &Stream, budget: &mut Budget) -> Result<Option<Vec<u8>>, PdfError> {
    let content = if stream.dict.has(b"Filter") {
        match stream.decompressed_content_with_limit(budget.inflatable()) {
            Ok(content) => content,
            Err(lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. })) => {
                return Err(PdfError::TooLarge);
            }
            Err(_) => return Ok(None),
        }
    } else {
        stream.content.clone()
    };
    budget.inflate(content.len())?;
    Ok(Some(content))
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

    #[test]
    fn every_error_keeps_its_english_and_has_the_catalogs_words() {
        let cases = [
            (
                PdfError::Unreadable("Invalid file header".into()),
                "the PDF cannot be read: Invalid file header",
                "pdf_unreadable",
            ),
            (
                PdfError::TooLarge,
                "the PDF inflates to more than 64 MiB; its embedded invoice was not read",
                "pdf_too_large",
            ),
            (
                PdfError::TooManyValues,
                "the PDF is made of more than 400000 values; its embedded invoice was not read",
                "pdf_too_many_values",
            ),
            (
                PdfError::TooManyFiles,
                "the PDF has more than 16 embedded-file entries; its embedded invoice was not read",
                "pdf_too_many_files",
            ),
            (
                PdfError::Overlapping,
                "the PDF nests objects inside other objects; its embedded invoice was not read",
                "pdf_overlapping",
            ),
            (
                PdfError::Filter("JBIG2Decode".into()),
                "the PDF compresses an object stream with JBIG2Decode, which we do not inflate; its embedded invoice was not read",
                "pdf_filter",
            ),
        ];
        for (error, english, key) in cases {
            assert_eq!(error.to_string(), english);
            assert_eq!(error.sentence().words.key, key, "{english}");
        }
        assert_eq!(PdfError::TooLarge.sentence().words.args, ["64"]);
    }

    fn fixture(path: &str) -> Vec<u8> {
        centralita_testkit::read(&format!("invoices/dev/{path}"))
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
    fn one_stream_behind_a_hundred_file_entries_is_refused_before_inflating() {
        let pdf = bombs::shared_embedded_file(100, 30 << 20);
        assert!(pdf.len() < 256 * 1024, "{} bytes", pdf.len());
        let error = embedded_xml(&pdf).expect_err("over budget");
        assert!(matches!(error, PdfError::TooManyFiles), "{error}");
    }

    #[test]
    fn one_stream_behind_a_few_file_entries_is_inflated_once() {
        let xml = fixture("ubl/XRECHNUNG_Einfach.ubl.xml");
        let mut objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
        ];
        let mut file =
            format!("<< /Type /EmbeddedFile /Length {} >>\nstream\n", xml.len()).into_bytes();
        file.extend_from_slice(&xml);
        file.extend_from_slice(b"\nendstream");
        objects.push(file);
        for name in ["a.xml", "b.xml", "factur-x.xml"] {
            objects
                .push(format!("<< /Type /Filespec /F ({name}) /EF << /F 3 0 R >> >>").into_bytes());
        }
        let (name, content) = embedded_xml(&bombs::pdf(&objects))
            .expect("within budget")
            .expect("found");
        assert_eq!(name, "factur-x.xml");
        assert_eq!(content, xml);
    }

    #[test]
    fn object_streams_inflating_past_the_budget_are_refused() {
        let pdf = bombs::object_stream_bomb(8, 250 << 20);
        assert!(pdf.len() < 4 << 20, "{} bytes", pdf.len());
        let error = embedded_xml(&pdf).expect_err("over budget");
        assert!(matches!(error, PdfError::TooLarge), "{error}");
        assert_eq!(
            error.to_string(),
            "the PDF inflates to more than 64 MiB; its embedded invoice was not read"
        );
    }

    #[test]
    fn an_object_stream_of_a_million_values_is_refused() {
        let error =
            embedded_xml(&bombs::object_stream_of_values(1_000_000)).expect_err("over budget");
        assert!(matches!(error, PdfError::TooManyValues), "{error}");
    }

    #[test]
    fn a_plain_array_of_a_million_values_is_refused() {
        let mut array = b"[".to_vec();
        array.extend(b"0 ".repeat(1_000_000));
        array.push(b']');
        let pdf = bombs::pdf(&[b"<< /Type /Catalog >>".to_vec(), array]);
        let error = embedded_xml(&pdf).expect_err("over budget");
        assert!(matches!(error, PdfError::TooManyValues), "{error}");
    }

    #[test]
    fn object_streams_under_other_filters_are_refused() {
        let pdf = bombs::pdf(&[
            b"<< /Type /Catalog >>".to_vec(),
            b"<< /Type /ObjStm /N 1 /First 4 /Filter [/ASCIIHexDecode /FlateDecode] /Length 2 >>\nstream\nab\nendstream".to_vec(),
        ]);
        let error = embedded_xml(&pdf).expect_err("refused");
        assert!(matches!(error, PdfError::Filter(_)), "{error}");
    }

    #[test]
    fn a_hidden_object_stream_type_still_counts() {
        // `#4F` is `O`: lopdf reads `/#4FbjStm` as `/ObjStm`.
        let mut pdf = bombs::object_stream_bomb(2, 40 << 20);
        let at = pdf
            .windows(7)
            .position(|window| window == b"/ObjStm")
            .expect("an object stream");
        pdf.splice(at..at + 7, b"/#4FbjStm".iter().copied());
        let error = embedded_xml(&pdf).expect_err("over budget");
        assert!(matches!(error, PdfError::TooLarge), "{error}");
    }

    #[test]
    fn an_encrypted_pdf_is_not_searched() {
        let pdf = bombs::pdf(&[
            b"<< /Type /Catalog >>".to_vec(),
            b"<< /Filter /Standard /V 1 /R 2 >>".to_vec(),
        ]);
        let pdf =
            String::from_utf8_lossy(&pdf).replace("/Root 1 0 R", "/Root 1 0 R /Encr#79pt 2 0 R");
        assert!(matches!(embedded_xml(pdf.as_bytes()), Ok(None)));
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
