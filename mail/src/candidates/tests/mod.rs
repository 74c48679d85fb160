use std::io::{Cursor, Write};

use proptest::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::sniff::{Content, sniff};
use super::*;

mod text;
use crate::mime::{Attachment, MailMessage};

const ONE_GIB: u64 = 1 << 30;

/// A ZIP archive of `(name, bytes)` files, deflated; names ending in `/` are folders.
fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in files {
        if name.ends_with('/') {
            writer.add_directory(*name, options).expect("a folder");
        } else {
            writer.start_file(*name, options).expect("an entry");
            writer.write_all(bytes).expect("written");
        }
    }
    writer.finish().expect("an archive").into_inner()
}

fn attachment(file_name: &str, bytes: Vec<u8>) -> Attachment {
    Attachment {
        file_name: file_name.to_owned(),
        mime_type: "application/octet-stream".to_owned(),
        bytes,
        is_inline: false,
        content_id: None,
    }
}

fn message(attachments: Vec<Attachment>) -> MailMessage {
    MailMessage {
        message_id: None,
        from: None,
        to: Vec::new(),
        cc: Vec::new(),
        subject: None,
        date: None,
        text: String::new(),
        snippet: String::new(),
        attachments,
    }
}

fn display_names(candidates: &[Candidate]) -> Vec<&str> {
    candidates
        .iter()
        .map(|candidate| candidate.display_name.as_str())
        .collect()
}

fn skipped_names(skipped: &[Skipped]) -> Vec<(&str, &SkipReason)> {
    skipped
        .iter()
        .map(|skipped| (skipped.name.as_str(), &skipped.reason))
        .collect()
}

#[test]
fn a_dian_style_zip_gives_its_xml_and_pdf() {
    let xml = centralita_testkit::read("invoices/dev/ubl/dian_co_invoice_signed_dian_v2.xml");
    let pdf = centralita_testkit::read("invoices/dev/pdf/zugferd_invoice.pdf");
    let inner_zip = zip(&[("x.xml", b"<?xml version=\"1.0\"?><a/>")]);
    let archive = zip(&[
        ("ad0901234567000000001.xml", &xml),
        ("folder/", b""),
        ("folder/fv0901234567000000001.pdf", &pdf),
        ("readme.txt", b"Factura electronica"),
        ("../nested.zip", &inner_zip),
    ]);
    let scan = scan_attachments(&message(vec![attachment("z01.zip", archive)]));
    assert_eq!(
        display_names(&scan.candidates),
        [
            "z01.zip/ad0901234567000000001.xml",
            "z01.zip/folder/fv0901234567000000001.pdf"
        ]
    );
    let [xml_candidate, pdf_candidate] = &scan.candidates[..] else {
        unreachable!()
    };
    assert_eq!(
        (xml_candidate.kind, pdf_candidate.kind),
        (FileKind::Xml, FileKind::Pdf)
    );
    assert_eq!(xml_candidate.bytes, xml);
    assert_eq!(pdf_candidate.bytes, pdf);
    assert_eq!(xml_candidate.attachment_name, "z01.zip");
    assert_eq!(
        skipped_names(&scan.skipped),
        [
            ("z01.zip/readme.txt", &SkipReason::TextNotInvoiceLike),
            ("z01.zip/nested.zip", &SkipReason::NestedArchive),
        ]
    );
}

#[test]
fn a_zip_attached_to_a_mail_message_gives_two_candidates() {
    use base64::Engine;
    let archive = zip(&[
        ("factura.xml", b"<?xml version=\"1.0\"?><AttachedDocument/>"),
        ("factura.pdf", b"%PDF-1.7\n%%EOF\n"),
    ]);
    let raw = format!(
        "Subject: Factura\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
        --b\r\nContent-Type: text/plain\r\n\r\nAdjunta.\r\n\
        --b\r\nContent-Type: application/zip; name=\"z.zip\"\r\n\
        Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        base64::engine::general_purpose::STANDARD.encode(&archive)
    );
    let message = crate::parse_message(raw.as_bytes()).expect("a message");
    let candidates = invoice_files(&message);
    assert_eq!(
        display_names(&candidates),
        ["z.zip/factura.xml", "z.zip/factura.pdf"]
    );
}

#[test]
fn every_invoice_fixture_sniffs_as_its_kind() {
    let mut count = 0;
    for (folder, expected) in [
        ("invoices/dev/pdf", FileKind::Pdf),
        ("invoices/dev/ubl", FileKind::Xml),
        ("invoices/dev/cfdi", FileKind::Xml),
        ("invoices/dev/image/sroie", FileKind::Jpeg),
    ] {
        let suffix = if expected == FileKind::Jpeg {
            ".jpg"
        } else {
            ""
        };
        for (name, bytes) in centralita_testkit::files(folder, suffix) {
            assert_eq!(
                sniff(&bytes, &name, ""),
                Content::File(expected),
                "{folder}/{name}"
            );
            count += 1;
        }
    }
    assert!(count >= 37, "only {count} invoice fixtures");
}

#[test]
fn sniffing_goes_by_content() {
    let cases: [(&[u8], &str, &str, Content); 17] = [
        (b"junk\r\n%PDF-1.4", "x", "", Content::File(FileKind::Pdf)),
        (
            b"%PDF-1.4",
            "photo.jpg",
            "image/jpeg",
            Content::File(FileKind::Pdf),
        ),
        (b"\xFF\xD8\xFF\xE0", "", "", Content::File(FileKind::Jpeg)),
        (b"\x89PNG\r\n\x1a\n", "", "", Content::File(FileKind::Png)),
        (b"MM\0*\0\0\0\x08", "", "", Content::File(FileKind::Tiff)),
        (b"PK\x03\x04", "", "", Content::Zip),
        (
            b"\xEF\xBB\xBF <?xml version=\"1.0\"?>\n<!-- x --><Invoice/>",
            "",
            "",
            Content::File(FileKind::Xml),
        ),
        (
            b"\xFF\xFE<\0?\0x\0m\0l\0 \0?\0>\0<\0a\0/\0>\0",
            "",
            "",
            Content::File(FileKind::Xml),
        ),
        (
            b"<cfdi:Comprobante/>",
            "f.XML",
            "",
            Content::File(FileKind::Xml),
        ),
        (b"<Invoice/>", "f", "text/xml", Content::File(FileKind::Xml)),
        // Markup that does not say it is XML is text at most; web pages that say XML are not
        // invoices.
        (b"<Invoice/>", "f.txt", "text/plain", Content::Text),
        (
            b"<?xml version=\"1.0\"?><!DOCTYPE html><html/>",
            "a.xml",
            "",
            Content::Other,
        ),
        (
            b"<?xml version=\"1.0\"?><svg:svg/>",
            "logo.xml",
            "image/svg+xml",
            Content::Other,
        ),
        (
            b"factura.pdf",
            "factura.pdf",
            "application/pdf",
            Content::Other,
        ),
        // Text has no signature: its name or type says it.
        (b"Total 5.00", "recibo.TXT", "", Content::Text),
        (b"Total 5.00", "attachment-2", "text/plain", Content::Text),
        (b"Total 5.00", "datos.csv", "text/csv", Content::Other),
    ];
    for (bytes, name, mime_type, expected) in cases {
        assert_eq!(sniff(bytes, name, mime_type), expected, "{bytes:?}");
    }
}

#[test]
fn embedded_pictures_are_skipped_other_pictures_kept() {
    let png = b"\x89PNG\r\n\x1a\nrest".to_vec();
    let logo = Attachment {
        is_inline: true,
        content_id: Some("logo@x".to_owned()),
        ..attachment("logo.png", png.clone())
    };
    // Phone mail apps send the photo of a receipt inline, without a Content-ID.
    let photo = Attachment {
        is_inline: true,
        ..attachment("IMG_0001.png", png)
    };
    let inline_pdf = Attachment {
        is_inline: true,
        content_id: Some("pdf@x".to_owned()),
        ..attachment("f.pdf", b"%PDF-1.4".to_vec())
    };
    let text = attachment("notes.txt", b"hello".to_vec());
    let scan = scan_attachments(&message(vec![logo, photo, inline_pdf, text]));
    assert_eq!(display_names(&scan.candidates), ["IMG_0001.png", "f.pdf"]);
    assert_eq!(
        skipped_names(&scan.skipped),
        [
            ("logo.png", &SkipReason::EmbeddedImage),
            ("notes.txt", &SkipReason::TextNotInvoiceLike),
        ]
    );
}

/// Writes a DEFLATE stream (one fixed-Huffman block) of `prefix` followed by `zeros` zero
/// bytes (rounded up to 1 + a multiple of 258) in about 13 bits per 258 bytes: a zip bomb in
/// a fraction of a second, without compressing a gibibyte first.
fn deflated_zeros(prefix: &[u8], zeros: u64) -> (Vec<u8>, u64) {
    struct Bits {
        bytes: Vec<u8>,
        buffer: u64,
        count: u32,
    }
    impl Bits {
        // DEFLATE packs bits from the least significant end.
        fn put(&mut self, value: u64, count: u32) {
            self.buffer |= value << self.count;
            self.count += count;
            while self.count >= 8 {
                self.bytes.push(self.buffer as u8);
                self.buffer >>= 8;
                self.count -= 8;
            }
        }
        // Huffman codes go most significant bit first.
        fn code(&mut self, code: u64, length: u32) {
            self.put(reverse(code, length), length);
        }
    }
    fn reverse(code: u64, length: u32) -> u64 {
        (0..length).fold(0, |reversed, bit| (reversed << 1) | ((code >> bit) & 1))
    }
    let mut bits = Bits {
        bytes: Vec::new(),
        buffer: 0,
        count: 0,
    };
    bits.put(0b1, 1); // last block
    bits.put(0b01, 2); // fixed Huffman codes
    for &byte in prefix.iter().chain(&[0]) {
        // Literals 0..=143 are 8-bit codes from 0b0011_0000 (this test's prefix is ASCII).
        bits.code(0b0011_0000 + u64::from(byte), 8);
    }
    // Length 258 is symbol 285, code 0b1100_0101; distance 1 is distance code 0 (5 bits).
    let matches = zeros.saturating_sub(1).div_ceil(258);
    let repeat = reverse(0b1100_0101, 8);
    for _ in 0..matches {
        bits.put(repeat, 13);
    }
    bits.code(0, 7); // end of block (symbol 256)
    bits.put(0, 7); // flush the last partial byte
    let size = prefix.len() as u64 + 1 + matches * 258;
    (bits.bytes, size)
}

/// A one-entry ZIP archive around an already deflated stream, declaring `declared_size`
/// uncompressed bytes (CRC 0: readers stop long before they could check it).
fn raw_zip(name: &str, deflated: &[u8], declared_size: u32) -> Vec<u8> {
    let compressed = u32::try_from(deflated.len()).expect("small enough");
    let name_length = u16::try_from(name.len()).expect("short");
    let mut zip = Vec::new();
    zip.extend_from_slice(&0x0403_4b50_u32.to_le_bytes());
    for field in [20u16, 0, 8, 0, 0] {
        zip.extend_from_slice(&field.to_le_bytes()); // version, flags, deflate, time, date
    }
    for field in [0u32, compressed, declared_size] {
        zip.extend_from_slice(&field.to_le_bytes()); // crc, sizes
    }
    zip.extend_from_slice(&name_length.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip.extend_from_slice(name.as_bytes());
    zip.extend_from_slice(deflated);
    let central_start = u32::try_from(zip.len()).expect("small enough");
    zip.extend_from_slice(&0x0201_4b50_u32.to_le_bytes());
    for field in [20u16, 20, 0, 8, 0, 0] {
        zip.extend_from_slice(&field.to_le_bytes()); // made by, needed, flags, deflate, time, date
    }
    for field in [0u32, compressed, declared_size] {
        zip.extend_from_slice(&field.to_le_bytes());
    }
    for field in [name_length, 0, 0, 0, 0] {
        zip.extend_from_slice(&field.to_le_bytes()); // name, extra, comment, disk, attributes
    }
    zip.extend_from_slice(&[0u8; 8]); // external attributes, local header offset
    zip.extend_from_slice(name.as_bytes());
    let central_size = u32::try_from(zip.len()).expect("small enough") - central_start;
    zip.extend_from_slice(&0x0605_4b50_u32.to_le_bytes());
    for field in [0u16, 0, 1, 1] {
        zip.extend_from_slice(&field.to_le_bytes());
    }
    zip.extend_from_slice(&central_size.to_le_bytes());
    zip.extend_from_slice(&central_start.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

/// The peak resident memory of this process, in bytes, where Linux tells it.
fn peak_resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[test]
fn a_gibibyte_bomb_is_refused_within_the_budget() {
    let (deflated, size) = deflated_zeros(b"%PDF-1.4\n", ONE_GIB);
    assert!(size >= ONE_GIB);
    assert!(deflated.len() < 8 * 1024 * 1024, "{}", deflated.len());
    let bomb = raw_zip(
        "factura.pdf",
        &deflated,
        u32::try_from(size).expect("under 4 GiB"),
    );
    let limits = ArchiveLimits::default();
    assert_eq!(
        read_archive("bomb.zip", &bomb, limits),
        Err(ArchiveError::TooLarge {
            limit: limits.max_uncompressed_bytes
        })
    );
    // Reading stopped at the budget: this process never held the gibibyte.
    if let Some(peak) = peak_resident_bytes() {
        assert!(peak < ONE_GIB / 2, "peak resident memory {peak} bytes");
    }
}

#[test]
fn a_bomb_that_is_not_invoice_like_is_skipped_after_a_peek() {
    let (deflated, size) = deflated_zeros(b"", ONE_GIB);
    let bomb = raw_zip(
        "zeros.bin",
        &deflated,
        u32::try_from(size).expect("under 4 GiB"),
    );
    let scan = read_archive("bomb.zip", &bomb, ArchiveLimits::default()).expect("read");
    assert!(scan.candidates.is_empty());
    assert_eq!(
        skipped_names(&scan.skipped),
        [("bomb.zip/zeros.bin", &SkipReason::NotInvoiceLike)]
    );
    assert!(
        scan.uncompressed_bytes <= 4096,
        "{}",
        scan.uncompressed_bytes
    );
}

#[test]
fn declared_sizes_are_not_trusted() {
    let (deflated, _) = deflated_zeros(b"%PDF-1.4\n", 8 * 1024 * 1024);
    // The headers claim 100 bytes; the data holds 8 MiB.
    let liar = raw_zip("factura.pdf", &deflated, 100);
    let limits = ArchiveLimits {
        max_uncompressed_bytes: 1024 * 1024,
        ..ArchiveLimits::default()
    };
    match read_archive("liar.zip", &liar, limits) {
        // Either the ZIP reader notices the lie, or the budget stops the reading.
        Ok(scan) => {
            assert!(scan.candidates.is_empty(), "{:?}", scan.candidates);
            assert!(matches!(
                scan.skipped[..],
                [Skipped {
                    reason: SkipReason::UnreadableEntry { .. },
                    ..
                }]
            ));
            assert!(scan.uncompressed_bytes <= limits.max_uncompressed_bytes);
        }
        Err(error) => assert_eq!(
            error,
            ArchiveError::TooLarge {
                limit: limits.max_uncompressed_bytes
            }
        ),
    }
    // Honest headers, real size over the budget: refused.
    let honest = zip(&[(
        "big.pdf",
        &[b"%PDF-".as_slice(), &vec![0; 2 * 1024 * 1024]].concat(),
    )]);
    assert_eq!(
        read_archive("big.zip", &honest, limits),
        Err(ArchiveError::TooLarge {
            limit: limits.max_uncompressed_bytes
        })
    );
}

#[test]
fn archives_listing_too_many_entries_are_refused() {
    let names: Vec<String> = (0..201).map(|index| format!("{index}.xml")).collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .map(|name| (name.as_str(), b"<a/>".as_slice()))
        .collect();
    assert_eq!(
        read_archive("many.zip", &zip(&files), ArchiveLimits::default()),
        Err(ArchiveError::TooManyEntries {
            entries: 201,
            limit: 200
        })
    );
    assert_eq!(
        read_archive("many.zip", &zip(&files[..200]), ArchiveLimits::default())
            .expect("at the limit")
            .candidates
            .len(),
        200
    );
}

#[test]
fn encrypted_entries_and_broken_archives_are_skipped() {
    let mut archive = zip(&[
        ("a.pdf", b"%PDF-1.4"),
        ("b.xml", b"<?xml version=\"1.0\"?><b/>"),
    ]);
    // Set the "encrypted" flag of the first entry in its local and central headers.
    let local = 0;
    let central = archive
        .windows(4)
        .position(|window| window == b"PK\x01\x02")
        .expect("a central header");
    archive[local + 6] |= 1;
    archive[central + 8] |= 1;
    let scan = read_archive("locked.zip", &archive, ArchiveLimits::default()).expect("read");
    assert_eq!(display_names(&scan.candidates), ["locked.zip/b.xml"]);
    assert!(matches!(
        &scan.skipped[..],
        [Skipped { name, reason: SkipReason::UnreadableEntry { .. } }] if name == "locked.zip/a.pdf"
    ));

    let not_a_zip = scan_attachments(&message(vec![attachment(
        "x.zip",
        b"PK\x03\x04junk".to_vec(),
    )]));
    assert!(not_a_zip.candidates.is_empty());
    assert!(matches!(
        &not_a_zip.skipped[..],
        [Skipped {
            reason: SkipReason::Archive(ArchiveError::Unreadable { .. }),
            ..
        }]
    ));
}

#[test]
fn all_archives_of_a_message_share_one_budget() {
    let (deflated, size) = deflated_zeros(b"%PDF-1.4\n", 80 * 1024 * 1024);
    let bomb = raw_zip(
        "f.pdf",
        &deflated,
        u32::try_from(size).expect("under 4 GiB"),
    );
    let attachments = (1..=3)
        .map(|index| attachment(&format!("{index}.zip"), bomb.clone()))
        .collect();
    let scan = scan_attachments(&message(attachments));
    let per_archive = ArchiveLimits::default().max_uncompressed_bytes;
    assert_eq!(2 * per_archive, MAX_MESSAGE_UNCOMPRESSED_BYTES);
    assert_eq!(
        skipped_names(&scan.skipped),
        [
            (
                "1.zip",
                &SkipReason::Archive(ArchiveError::TooLarge { limit: per_archive })
            ),
            (
                "2.zip",
                &SkipReason::Archive(ArchiveError::TooLarge { limit: per_archive })
            ),
            ("3.zip", &SkipReason::MessageBudgetSpent),
        ]
    );
}

fn valid_zip() -> Vec<u8> {
    zip(&[
        ("a.xml", b"<?xml version=\"1.0\"?><Invoice>1</Invoice>"),
        ("dir/", b""),
        ("dir/b.pdf", b"%PDF-1.4 hello hello hello hello"),
        ("c.txt", b"text"),
    ])
}

proptest! {
    #[test]
    fn read_archive_never_panics_on_arbitrary_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..2048)
    ) {
        let _ = read_archive("x.zip", &bytes, ArchiveLimits::default());
    }

    #[test]
    fn read_archive_never_panics_on_damaged_archives(
        damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = valid_zip();
        for (index, byte) in damage {
            let position = index.index(bytes.len());
            bytes[position] = byte;
        }
        let _ = read_archive("x.zip", &bytes, ArchiveLimits::default());
        let length = cut.index(bytes.len());
        let _ = read_archive("x.zip", &bytes[..length], ArchiveLimits::default());
    }
}
