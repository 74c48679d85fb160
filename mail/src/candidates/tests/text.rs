//! Text attachments, text in archives and bodies: candidates only when they read like an
//! invoice or a receipt.

use super::{attachment, display_names, message, skipped_names, zip};
use crate::candidates::*;
use crate::mime::{Attachment, parse_message};

/// A receipt as its OCR reads (SROIE 003: YONGFATT ENTERPRISE, total 80.90).
fn receipt() -> Vec<u8> {
    centralita_testkit::read("invoices/train/text/sroie/003.txt")
}

const MAIL_RECEIPT: &str = "\
Gracias por tu compra

Factura electrónica N° F001-123
Fecha de emisión: 05/11/2024
RUC emisor: 20100070970

Producto                 Cant.   Importe
Polo algodón talla M       1      100.00
IGV 18%                           18.00
Total                     S/     118.00
";

const CONVERSATION: &str = "Hola Ana,\n\n¿nos vemos el martes a las 10? Te llevo los \
    documentos que faltan. Si no puedes, lo pasamos al 15/03.\n\nSaludos,\nCarlos\n";

fn text_attachment(file_name: &str, bytes: Vec<u8>) -> Attachment {
    Attachment {
        mime_type: "text/plain".to_owned(),
        ..attachment(file_name, bytes)
    }
}

#[test]
fn a_text_attachment_is_a_candidate_only_when_it_reads_like_an_invoice() {
    let latin1: Vec<u8> = MAIL_RECEIPT.chars().map(|c| c as u8).collect();
    let signature = b"--\nJuan P\xe9rez\nGerente Comercial\nTel. (01) 615-4300\n".to_vec();
    let scan = scan_attachments(&message(vec![
        text_attachment("recibo.txt", receipt()),
        // Named by type only, in Latin-1 as legacy systems write.
        text_attachment("attachment-2", latin1.clone()),
        text_attachment("notes.txt", CONVERSATION.as_bytes().to_vec()),
        text_attachment("firma.txt", signature),
        attachment("binary.txt", vec![0, 159, 146, 150, 1, 2]),
    ]));
    assert_eq!(
        display_names(&scan.candidates),
        ["recibo.txt", "attachment-2"]
    );
    assert!(
        scan.candidates
            .iter()
            .all(|candidate| candidate.kind == FileKind::Text)
    );
    assert_eq!(scan.candidates[0].bytes, receipt());
    assert_eq!(
        scan.candidates[1].bytes, latin1,
        "the bytes are kept as sent"
    );
    assert_eq!(
        skipped_names(&scan.skipped),
        [
            ("notes.txt", &SkipReason::TextNotInvoiceLike),
            ("firma.txt", &SkipReason::TextNotInvoiceLike),
            ("binary.txt", &SkipReason::NotInvoiceLike),
        ]
    );
}

#[test]
fn one_message_spends_at_most_its_text_budget_on_the_rules() {
    // Receipts padded to the most a text may be: eight fit the message's budget, attached or
    // in an archive; the rest are not read.
    let mut full = MAIL_RECEIPT.as_bytes().to_vec();
    full.resize(MAX_TEXT_BYTES, b' ');
    let fit = text::MAX_MESSAGE_TEXT_BYTES / MAX_TEXT_BYTES;
    assert_eq!(fit, 8);
    let mut attachments: Vec<Attachment> = (0..6)
        .map(|index| text_attachment(&format!("r{index}.txt"), full.clone()))
        .collect();
    let entries: Vec<(String, Vec<u8>)> = (0..4)
        .map(|index| (format!("z{index}.txt"), full.clone()))
        .collect();
    let entries: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    attachments.push(attachment("lote.zip", zip(&entries)));
    attachments.push(text_attachment("tarde.txt", full.clone()));
    let scan = scan_attachments(&message(attachments));
    assert_eq!(
        display_names(&scan.candidates),
        [
            "r0.txt",
            "r1.txt",
            "r2.txt",
            "r3.txt",
            "r4.txt",
            "r5.txt",
            "lote.zip/z0.txt",
            "lote.zip/z1.txt"
        ]
    );
    assert_eq!(
        skipped_names(&scan.skipped),
        [
            ("lote.zip/z2.txt", &SkipReason::TextBudgetSpent),
            ("lote.zip/z3.txt", &SkipReason::TextBudgetSpent),
            ("tarde.txt", &SkipReason::TextBudgetSpent),
        ]
    );
}

#[test]
fn a_text_over_the_limit_is_not_read() {
    let mut padded = MAIL_RECEIPT.as_bytes().to_vec();
    padded.resize(MAX_TEXT_BYTES + 1, b' ');
    let mut fits = MAIL_RECEIPT.as_bytes().to_vec();
    fits.resize(MAX_TEXT_BYTES, b' ');
    let scan = scan_attachments(&message(vec![
        text_attachment("grande.txt", padded.clone()),
        text_attachment("justo.txt", fits),
        attachment("z.zip", zip(&[("grande.txt", &padded)])),
    ]));
    assert_eq!(display_names(&scan.candidates), ["justo.txt"]);
    assert_eq!(
        skipped_names(&scan.skipped),
        [
            ("grande.txt", &SkipReason::TextNotInvoiceLike),
            ("z.zip/grande.txt", &SkipReason::TextNotInvoiceLike),
        ]
    );
}

#[test]
fn text_inside_an_archive_follows_the_same_rule() {
    let receipt = receipt();
    let scan = scan_attachments(&message(vec![attachment(
        "recibos.zip",
        zip(&[
            ("marzo/recibo.txt", &receipt),
            ("LEEME.TXT", CONVERSATION.as_bytes()),
        ]),
    )]));
    assert_eq!(
        display_names(&scan.candidates),
        ["recibos.zip/marzo/recibo.txt"]
    );
    assert_eq!(scan.candidates[0].kind, FileKind::Text);
    assert_eq!(scan.candidates[0].bytes, receipt);
    assert_eq!(
        skipped_names(&scan.skipped),
        [("recibos.zip/LEEME.TXT", &SkipReason::TextNotInvoiceLike)]
    );
}

#[test]
fn a_named_text_part_of_a_real_message_is_an_attachment_and_the_body_is_not() {
    let raw = format!(
        "From: Tienda <ventas@tienda.test>\r\nTo: ana@clinica.test\r\nSubject: Su recibo\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHola, adjunto el recibo.\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Disposition: attachment; filename=\"recibo.txt\"\r\n\r\n{}\r\n--b--\r\n",
        String::from_utf8(receipt())
            .expect("utf-8")
            .replace('\n', "\r\n")
    );
    let parsed = parse_message(raw.as_bytes()).expect("parsed");
    let scan = scan_attachments(&parsed);
    assert_eq!(display_names(&scan.candidates), ["recibo.txt"]);
    assert_eq!(scan.candidates[0].kind, FileKind::Text);
    assert_eq!(body_candidate(&parsed, &scan), None);
}

#[test]
fn the_body_is_the_invoice_when_it_reads_like_one_and_no_attachment_is() {
    let receipt_mail = |text: &str, subject: Option<&str>| crate::mime::MailMessage {
        subject: subject.map(str::to_owned),
        text: text.to_owned(),
        ..message(Vec::new())
    };
    let mail = receipt_mail(MAIL_RECEIPT, Some("Factura electrónica N° F001-123"));
    let scan = scan_attachments(&mail);
    let body = body_candidate(&mail, &scan).expect("the body is the invoice");
    assert_eq!(body.display_name, "Factura electrónica N° F001-123.txt");
    assert_eq!(body.kind, FileKind::Text);
    assert_eq!(body.bytes, MAIL_RECEIPT.as_bytes());

    // A conversation, or a receipt beside an invoice attachment, is no body candidate.
    let talk = receipt_mail(CONVERSATION, Some("martes"));
    assert_eq!(body_candidate(&talk, &scan_attachments(&talk)), None);
    let with_pdf = crate::mime::MailMessage {
        attachments: vec![attachment("f.pdf", b"%PDF-1.4".to_vec())],
        ..mail.clone()
    };
    assert_eq!(
        body_candidate(&with_pdf, &scan_attachments(&with_pdf)),
        None
    );
    // A picture that is no candidate (a logo) leaves the body in.
    let with_logo = crate::mime::MailMessage {
        attachments: vec![Attachment {
            is_inline: true,
            content_id: Some("logo@x".to_owned()),
            ..attachment("logo.png", b"\x89PNG\r\n\x1a\n".to_vec())
        }],
        ..mail
    };
    assert!(body_candidate(&with_logo, &scan_attachments(&with_logo)).is_some());
}

#[test]
fn a_body_is_named_after_its_subject_safely() {
    for (subject, name) in [
        (Some("Factura: F001/123 <ok>"), "Factura F001 123 ok.txt"),
        (Some("  Recibo\tde\r\npago  "), "Recibo de pago.txt"),
        (Some("../.."), "mensaje.txt"),
        (Some(".env"), "env.txt"),
        (Some(""), "mensaje.txt"),
        (None, "mensaje.txt"),
    ] {
        assert_eq!(body_file_name(subject), name, "{subject:?}");
    }
    let long = "a".repeat(500);
    assert_eq!(body_file_name(Some(&long)).chars().count(), 84);
}
