//! What a read message becomes: the body of a receipt mail goes to intake as a text document,
//! after the attachments and only when none of them is a candidate; conversation, newsletters
//! and glosa notices never do.

use centralita_glosas::sample::{render_text, sample_notice};
use centralita_protocol::{MailMessageId, MailboxId};
use jiff::Timestamp;

use super::records::{MessageRecord, Outcome};
use super::sync::record_of;

const RECEIPT_BODY: &str = "\
Gracias por tu compra

Factura electrónica N° F001-123
Fecha de emisión: 05/11/2024
RUC emisor: 20100070970

Producto                 Cant.   Importe
Polo algodón talla M       1      100.00
IGV 18%                           18.00
Total                     S/     118.00
";

fn bare() -> MessageRecord {
    MessageRecord {
        id: MailMessageId(0),
        mailbox: MailboxId(1),
        gmail_id: "m1".to_owned(),
        from: String::new(),
        to: Vec::new(),
        subject: String::new(),
        date: None,
        received_at: Timestamp::UNIX_EPOCH,
        labels: Vec::new(),
        snippet: String::new(),
        text: String::new(),
        attachments: Vec::new(),
        note: None,
        stored_at: Timestamp::UNIX_EPOCH,
    }
}

/// Reads a message with `subject`, plain-text `body` and, optionally, a PDF attached.
fn read(subject: &str, body: &str, pdf: bool) -> (MessageRecord, Vec<(usize, Vec<u8>)>) {
    let body = body.replace('\n', "\r\n");
    let raw = if pdf {
        format!(
            "From: Tienda <ventas@tienda.test>\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n--b\r\n\
             Content-Type: application/pdf\r\n\
             Content-Disposition: attachment; filename=\"F001-123.pdf\"\r\n\r\n\
             %PDF-1.4 not much\r\n--b--\r\n"
        )
    } else {
        format!(
            "From: Tienda <ventas@tienda.test>\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\n{body}"
        )
    };
    let parsed = centralita_mail::parse_message(raw.as_bytes()).expect("parsed");
    record_of(bare(), &parsed)
}

#[test]
fn a_receipt_in_the_body_is_queued_as_a_text_document_named_after_the_subject() {
    let (record, candidates) = read("Factura electrónica N° F001-123", RECEIPT_BODY, false);
    let [body] = record.attachments.as_slice() else {
        panic!("one entry: {:?}", record.attachments);
    };
    assert!(body.body);
    assert_eq!(body.name, "Factura electrónica N° F001-123.txt");
    assert_eq!(body.content_type, "text/plain");
    assert_eq!(body.outcome, Outcome::Queued);
    let [(0, bytes)] = candidates.as_slice() else {
        panic!("one candidate: {candidates:?}");
    };
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    assert!(
        text.contains("Total                     S/     118.00"),
        "{text}"
    );
    assert_eq!(body.size, bytes.len() as u64);
    assert_eq!(record.summary().attachments, 0, "the body is no attachment");
}

#[test]
fn with_an_invoice_attached_the_body_stays_text() {
    let (record, candidates) = read("Factura F001-123", RECEIPT_BODY, true);
    let entries: Vec<(&str, bool)> = record
        .attachments
        .iter()
        .map(|attachment| (attachment.name.as_str(), attachment.body))
        .collect();
    assert_eq!(entries, [("F001-123.pdf", false)]);
    assert_eq!(candidates.len(), 1);
}

#[test]
fn conversation_newsletters_and_glosa_notices_are_no_invoice() {
    for (subject, body) in [
        (
            "martes",
            "Hola Ana,\n\n¿nos vemos el martes a las 10? Te llevo los documentos.\n\nCarlos\n",
        ),
        (
            "Black Friday",
            "¡Black Friday! Hasta 50% de descuento.\nZapatillas desde S/ 99.90\n\
             Oferta válida del 24/11/2024 al 30/11/2024.\nDate de baja aquí.\n",
        ),
    ] {
        let (record, candidates) = read(subject, body, false);
        assert!(record.attachments.is_empty(), "{subject}: {record:?}");
        assert!(candidates.is_empty());
    }
    for seed in 0..20 {
        let notice = render_text(&sample_notice(seed));
        let (record, _) = read("Notificación de glosa", &notice, false);
        let outcomes: Vec<&Outcome> = record
            .attachments
            .iter()
            .map(|attachment| &attachment.outcome)
            .collect();
        assert_eq!(outcomes, [&Outcome::Glosa], "seed {seed}");
        assert!(record.attachments[0].body, "the notice is the body");
    }
}

#[tokio::test]
async fn a_failed_sync_is_kept_on_the_mailbox_in_the_catalogs_words_until_one_goes_well() {
    use crate::queue::JobError;
    use crate::testing::{open_with_tenants, tenant};
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let mailbox = store
        .write(|txn| {
            txn.insert_mailbox(
                &tenant("acme"),
                &super::records::MailboxRecord {
                    id: MailboxId(0),
                    connection: centralita_protocol::ConnectionId(1),
                    settings: centralita_protocol::MailboxSettings {
                        labels: vec!["INBOX".to_owned()],
                        every_minutes: 15,
                        query: None,
                    },
                    history_id: None,
                    last_sync: None,
                    last_error: None,
                    last_error_words: None,
                    messages: 0,
                    invoices: 0,
                    created_at: Timestamp::UNIX_EPOCH,
                    created_by: "ana".to_owned(),
                },
            )
        })
        .await
        .expect("mailbox")
        .id;
    let failure = JobError::from(super::gmail::GmailFailure::Unreachable {
        call: centralita_mail::gmail::Call::MessagesGet,
        reason: "operation timed out".to_owned(),
    });
    let read = || {
        let store = store.clone();
        async move {
            store
                .read(move |txn| txn.mailboxes(&tenant("acme")))
                .await
                .expect("read")
                .into_iter()
                .find(|record| record.id == mailbox)
                .expect("the mailbox")
        }
    };
    let synced = failure.clone();
    store
        .write(move |txn| txn.mailbox_synced(&tenant("acme"), mailbox, None, Some(&synced)))
        .await
        .expect("recorded");
    let failed = read().await;
    assert_eq!(failed.last_error, Some(failure.to_string()));
    let words = failed.last_error_words.expect("the catalog's words");
    assert_eq!(words.key, centralita_protocol::said::GMAIL_UNREACHABLE.name);
    assert_eq!(words.args[1], "operation timed out");
    assert_eq!(failure.words(), Some(&words), "the job's words");

    store
        .write(move |txn| txn.mailbox_synced(&tenant("acme"), mailbox, Some(7), None))
        .await
        .expect("recorded");
    let good = read().await;
    assert_eq!((good.last_error, good.last_error_words), (None, None));
    assert_eq!(good.history_id, Some(7));
}

#[test]
fn a_mailbox_stored_before_last_error_words_still_decodes() {
    let record: super::records::MailboxRecord = serde_json::from_value(serde_json::json!({
        "id": 1, "connection": 2, "settings": { "labels": ["INBOX"], "every_minutes": 15 },
        "last_error": "Gmail messages.list answered 403: forbidden",
        "created_at": "2026-12-01T10:00:00Z", "created_by": "ana"
    }))
    .expect("a record");
    let old = crate::testing::stored_without(&record, "last_error_words");
    let read: super::records::MailboxRecord = rmp_serde::from_slice(&old).expect("decodes");
    assert_eq!(read, record);
    assert_eq!(read.last_error_words, None);
}
