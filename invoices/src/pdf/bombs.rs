//! Hostile PDFs for tests (feature `test-support`): small files that inflate to hundreds of
//! megabytes. Each has one page whose text layer reads `Importe total S/ 1,180.00`, so a reader
//! that refuses the hostile part can still read the page. They are written as raw bytes so
//! every stream stays exactly as built.

use std::io::Write;

use flate2::{Compress, Compression, FlushCompress};

/// Attack (a): one FlateDecode embedded file named `factur-x.xml` that inflates to
/// `inflated` bytes of CII XML, referenced by `references` file specifications.
pub fn shared_embedded_file(references: usize, inflated: usize) -> Vec<u8> {
    let head = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rsm:CrossIndustryInvoice \
        xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\">\n";
    let note: &[u8] = b"<!-- padding padding padding padding padding padding padding -->\n";
    let body = zlib(head, note, inflated.saturating_sub(head.len()));
    let mut objects = page();
    let file = objects.len() + 1;
    objects.push(stream(
        "/Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode",
        &body,
    ));
    objects.extend((0..references).map(|_| {
        format!(
            "<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /EF << /F {file} 0 R /UF {file} 0 R >> >>"
        )
        .into_bytes()
    }));
    pdf(&objects)
}

/// Attack (b): `streams` object streams, each inflating to `inflated` bytes of zeros.
pub fn object_stream_bomb(streams: usize, inflated: usize) -> Vec<u8> {
    let index = b"100 0\n";
    let body = zlib(index, &[0], inflated.saturating_sub(index.len()));
    let mut objects = page();
    let dict = format!(
        "/Type /ObjStm /N 1 /First {} /Filter /FlateDecode",
        index.len()
    );
    objects.extend((0..streams).map(|_| stream(&dict, &body)));
    pdf(&objects)
}

/// An object stream holding one array of `values` zeros: few bytes, many lopdf values.
pub fn object_stream_of_values(values: usize) -> Vec<u8> {
    let index = b"100 0\n[";
    let body = zlib(index, b"0 ", values * 2);
    let mut objects = page();
    objects.push(stream(
        "/Type /ObjStm /N 1 /First 6 /Filter /FlateDecode",
        &body,
    ));
    pdf(&objects)
}

/// The catalog (object 1), the page tree and one page with a line of text (objects 2 to 5).
pub fn page() -> Vec<Vec<u8>> {
    let content = b"BT /F1 11 Tf 50 760 Td 14 TL (FACTURA F001-000123) Tj T* \
        (Importe total S/ 1,180.00) Tj ET";
    vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
            /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        stream("", content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ]
}

/// A stream object's text with `dict` entries and `data` (its `/Length` added).
fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut object = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    object.extend_from_slice(data);
    object.extend_from_slice(b"\nendstream");
    object
}

/// A PDF of `objects` (numbered from 1; the first is the catalog), with a cross-reference
/// table.
pub fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    pdf_listing_last(objects, 1)
}

/// An object stream holding one array of `values` zeros, which `entries` cross-reference
/// entries all point at: lopdf parses the object once per entry.
pub fn object_stream_listed_often(entries: usize, values: usize) -> Vec<u8> {
    let index = b"100 0\n[";
    let body = zlib_closed(index, b"0 ", values * 2, b"]");
    let mut objects = page();
    objects.push(stream(
        "/Type /ObjStm /N 1 /First 6 /Filter /FlateDecode",
        &body,
    ));
    pdf_listing_last(&objects, entries)
}

/// [`pdf`], the last object listed under `times` numbers in the cross-reference table.
fn pdf_listing_last(objects: &[Vec<u8>], times: usize) -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (number, object) in (1..).zip(objects) {
        offsets.push(pdf.len());
        let _ = writeln!(pdf, "{number} 0 obj");
        pdf.extend_from_slice(object);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    if let Some(&last) = offsets.last() {
        offsets.extend(std::iter::repeat_n(last, times.saturating_sub(1)));
    }
    let xref = pdf.len();
    let _ = write!(pdf, "xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
    for offset in &offsets {
        let _ = writeln!(pdf, "{offset:010} 00000 n ");
    }
    let _ = write!(
        pdf,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        offsets.len() + 1
    );
    pdf
}

/// A zlib stream of `head` then `unit` repeated up to `length` more bytes, built without ever
/// holding the inflated bytes: `unit` is compressed once into a byte-aligned run of blocks
/// (full flush) that is repeated.
fn zlib(head: &[u8], unit: &[u8], length: usize) -> Vec<u8> {
    zlib_closed(head, unit, length, b"")
}

/// [`zlib`] with `tail` after the repeats.
fn zlib_closed(head: &[u8], unit: &[u8], length: usize, tail: &[u8]) -> Vec<u8> {
    // Compressed alone, a short unit would not shrink: repeat it to 64 KiB first.
    let unit = &unit.repeat((64 * 1024 / unit.len().max(1)).max(1));
    let repeats = length / unit.len().max(1);
    let mut out = vec![0x78, 0x9C];
    out.extend(deflate_flushed(head));
    let block = deflate_flushed(unit);
    for _ in 0..repeats {
        out.extend_from_slice(&block);
    }
    out.extend(deflate_flushed(tail));
    // An empty final block (fixed Huffman codes, end of block at once).
    out.extend_from_slice(&[0x03, 0x00]);
    let mut checksum = adler32(head);
    let unit_checksum = adler32(unit);
    for _ in 0..repeats {
        checksum = adler32_combine(checksum, unit_checksum, unit.len());
    }
    checksum = adler32_combine(checksum, adler32(tail), tail.len());
    out.extend_from_slice(&checksum.to_be_bytes());
    out
}

/// `data` as raw deflate blocks ending on a byte boundary, none of them final.
fn deflate_flushed(data: &[u8]) -> Vec<u8> {
    let mut compress = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        let consumed = usize::try_from(compress.total_in()).unwrap_or(usize::MAX);
        compress
            .compress_vec(&data[consumed..], &mut out, FlushCompress::Full)
            .expect("deflate");
        if usize::try_from(compress.total_in()).unwrap_or(usize::MAX) == data.len()
            && out.len() < out.capacity()
        {
            return out;
        }
        out.reserve(out.capacity().max(64));
    }
}

const ADLER_BASE: u32 = 65_521;

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1_u32, 0_u32);
    for chunk in bytes.chunks(5_552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= ADLER_BASE;
        b %= ADLER_BASE;
    }
    (b << 16) | a
}

/// The checksum of two runs of bytes from theirs, as zlib's `adler32_combine`.
fn adler32_combine(first: u32, second: u32, second_length: usize) -> u32 {
    let base = u64::from(ADLER_BASE);
    let remainder = u64::try_from(second_length).unwrap_or(u64::MAX) % base;
    let first_a = u64::from(first & 0xFFFF);
    let a = (first_a + u64::from(second & 0xFFFF) + base - 1) % base;
    let b = (remainder * first_a % base + u64::from(first >> 16) + u64::from(second >> 16) + base
        - remainder)
        % base;
    u32::try_from((b << 16) | a).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn the_repeated_zlib_stream_inflates_with_a_valid_checksum() {
        let compressed = zlib_closed(b"head:", b"unit-", 5 * 13_107 * 3, b":tail");
        let mut inflated = Vec::new();
        flate2::read::ZlibDecoder::new(compressed.as_slice())
            .read_to_end(&mut inflated)
            .expect("valid zlib");
        let mut expected = b"head:".to_vec();
        expected.extend(b"unit-".repeat(13_107 * 3));
        expected.extend(b":tail");
        assert_eq!(inflated, expected);
    }
}
