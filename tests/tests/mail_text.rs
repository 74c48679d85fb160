//! Mail whose invoice is text, end to end with the sandbox's fake Gmail: a receipt in the body
//! becomes one invoice of kind text however often it arrives, a conversation or a newsletter
//! becomes none, and a `.txt` receipt attached becomes an invoice while a `notes.txt` is
//! skipped.

use centralita_protocol::{
    AttachmentOutcome, DocumentKind, InvoiceFilter, InvoiceState, InvoiceSummary,
    MailMessageDetail, Mailbox, MailboxId, PageRequest,
};
use centralita_tests::google::{
    self, ACCOUNT, add_mailbox, connect, mailbox, messages, wait_for_messages,
};
use centralita_tests::{TestDaemon, fixture, tenant, wait_until};
use tarpc::context;

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

const CONVERSATION: &str = "Hola Ana,\r\n\r\n¿nos vemos el martes a las 10? Te llevo los \
    documentos que faltan.\r\n\r\nSaludos,\r\nCarlos\r\n";

const NEWSLETTER: &str = "Novedades de noviembre\r\n\r\n¡Black Friday! Hasta 50% de \
    descuento.\r\nZapatillas desde S/ 99.90\r\nOferta válida del 24/11/2024 al 30/11/2024.\r\n\
    \r\nSi no deseas recibir más correos, date de baja aquí.\r\n";

/// A daemon whose fake Gmail starts empty, with a mailbox on INBOX done with its first sync.
async fn empty_mailbox() -> (TestDaemon, Mailbox) {
    let daemon = TestDaemon::start_with("[sandbox.gmail]\ngenerated = 0\n").await;
    let connection = connect(&daemon).await;
    let mailbox = add_mailbox(&daemon, connection.id, &["INBOX"]).await;
    let mailbox = wait_for_messages(&daemon, mailbox.id, 0).await;
    (daemon, mailbox)
}

/// Syncs the mailbox (while a sync runs, another is the same job: deliver first) and waits
/// until it holds `count` messages.
async fn sync(daemon: &TestDaemon, mailbox: &Mailbox, full: bool, count: u64) {
    daemon
        .client()
        .await
        .rpc
        .mail_sync(context::current(), tenant(), mailbox.id, full)
        .await
        .expect("rpc")
        .expect("sync queued");
    wait_for_messages(daemon, mailbox.id, count).await;
}

/// A one-part plain-text message.
fn plain(subject: &str, from: &str, text: &str) -> String {
    format!(
        "From: {from}\r\nTo: {ACCOUNT}\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
         {text}"
    )
}

/// The message `subject`, once nothing of it waits for intake.
async fn settled(daemon: &TestDaemon, mailbox: MailboxId, subject: &str) -> Vec<MailMessageDetail> {
    wait_until(&format!("{subject:?} is through intake"), || async {
        let mut found = Vec::new();
        for message in messages(daemon, mailbox).await {
            if message.subject != subject {
                continue;
            }
            let detail = google::message(daemon, message.id).await;
            if detail
                .attachments
                .iter()
                .any(|attachment| attachment.outcome == AttachmentOutcome::Queued)
            {
                return None;
            }
            found.push(detail);
        }
        (!found.is_empty()).then_some(found)
    })
    .await
}

/// Every invoice of the tenant, once none is still being read.
async fn invoices(daemon: &TestDaemon) -> Vec<InvoiceSummary> {
    let client = daemon.client().await;
    wait_until("every invoice is read", || async {
        let page = client
            .rpc
            .invoices_list(
                context::current(),
                tenant(),
                InvoiceFilter::default(),
                PageRequest::first(50),
            )
            .await
            .ok()?
            .ok()?;
        page.invoices
            .iter()
            .all(|invoice| invoice.state != InvoiceState::Processing)
            .then_some(page.invoices)
    })
    .await
}

#[tokio::test]
async fn a_receipt_in_the_body_is_one_text_invoice_and_conversation_is_none() {
    let (daemon, mailbox) = empty_mailbox().await;
    let subject = "Factura electrónica N° F001-123";
    let from = "Tienda <ventas@tienda.test>";
    let receipt = plain(subject, from, &RECEIPT_BODY.replace('\n', "\r\n"));
    google::deliver(&daemon, receipt.clone()).await;
    // The same receipt again (a resend): a second message, the same invoice.
    google::deliver(&daemon, receipt).await;
    google::deliver(
        &daemon,
        plain("martes", "Carlos <carlos@amigos.test>", CONVERSATION),
    )
    .await;
    google::deliver(
        &daemon,
        plain("Black Friday", "Tienda <news@tienda.test>", NEWSLETTER),
    )
    .await;
    sync(&daemon, &mailbox, false, 4).await;

    let receipts = settled(&daemon, mailbox.id, subject).await;
    assert_eq!(receipts.len(), 2);
    let mut outcomes = Vec::new();
    for message in &receipts {
        let [body] = message.attachments.as_slice() else {
            panic!("one body entry: {:?}", message.attachments);
        };
        assert!(body.body, "the body, not an attachment");
        assert_eq!(body.name, "Factura electrónica N° F001-123.txt");
        assert_eq!(body.content_type, "text/plain");
        assert_eq!(message.message.attachments, 0, "the body is no attachment");
        assert_eq!(message.message.invoices, 1);
        outcomes.push(body.outcome.clone());
    }
    outcomes.sort_by_key(|outcome| format!("{outcome:?}"));
    let AttachmentOutcome::Invoice { invoice, .. } = outcomes[0] else {
        panic!("not an invoice: {outcomes:?}");
    };
    assert_eq!(
        outcomes,
        [
            AttachmentOutcome::Invoice {
                invoice,
                duplicate: false
            },
            AttachmentOutcome::Invoice {
                invoice,
                duplicate: true
            },
        ],
        "the resend is the same invoice"
    );

    for quiet in ["martes", "Black Friday"] {
        for message in settled(&daemon, mailbox.id, quiet).await {
            assert!(message.attachments.is_empty(), "{quiet}: {message:?}");
            assert_eq!(message.message.invoices, 0);
        }
    }
    let all = invoices(&daemon).await;
    assert_eq!(all.len(), 1, "one invoice in all: {all:?}");
    let made = &all[0];
    assert_eq!(made.id, invoice);
    assert_eq!(made.kind, DocumentKind::Text);
    assert_eq!(made.total.as_deref(), Some("118.00"));
    assert_eq!(made.number.as_deref(), Some("F001-123"));
    let shown = daemon
        .client()
        .await
        .rpc
        .invoices_show(context::current(), tenant(), invoice)
        .await
        .expect("rpc")
        .expect("invoice");
    assert_eq!(shown.origin, format!("mail: {subject}, {from}"));
    assert_eq!(self::mailbox(&daemon, mailbox.id).await.invoices, 1);

    // A full resync lists both receipts again and changes nothing.
    sync(&daemon, &mailbox, true, 4).await;
    assert_eq!(invoices(&daemon).await.len(), 1);
    assert_eq!(self::mailbox(&daemon, mailbox.id).await.invoices, 1);
}

#[tokio::test]
async fn a_text_receipt_attached_is_an_invoice_and_notes_are_skipped() {
    let (daemon, mailbox) = empty_mailbox().await;
    let receipt = std::fs::read_to_string(fixture("invoices/train/text/sroie/003.txt"))
        .expect("receipt fixture");
    let eml = format!(
        "From: Yong Fatt <caja@yongfatt.test>\r\nTo: {ACCOUNT}\r\nSubject: Su recibo\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Hola, adjuntamos su recibo y las notas de la visita.\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Disposition: attachment; filename=\"recibo.txt\"\r\n\r\n{}\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Disposition: attachment; filename=\"notas.txt\"\r\n\r\n{CONVERSATION}\r\n\
         --b--\r\n",
        receipt.replace('\n', "\r\n")
    );
    google::deliver(&daemon, eml).await;
    sync(&daemon, &mailbox, false, 1).await;
    let [message] = settled(&daemon, mailbox.id, "Su recibo")
        .await
        .try_into()
        .expect("one");
    let names: Vec<(&str, bool)> = message
        .attachments
        .iter()
        .map(|attachment| (attachment.name.as_str(), attachment.body))
        .collect();
    assert_eq!(names, [("recibo.txt", false), ("notas.txt", false)]);
    let AttachmentOutcome::Invoice {
        invoice,
        duplicate: false,
    } = message.attachments[0].outcome
    else {
        panic!("not an invoice: {:?}", message.attachments);
    };
    assert_eq!(
        message.attachments[1].outcome,
        AttachmentOutcome::Skipped {
            reason: "text that does not read like an invoice or receipt".to_owned(),
            // The key travels too, for the console to say it in Spanish.
            key: Some("skip_text_not_invoice_like".to_owned()),
            args: Vec::new(),
        }
    );
    assert_eq!(message.message.attachments, 2);
    let all = invoices(&daemon).await;
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].id, invoice);
    assert_eq!(all[0].kind, DocumentKind::Text);
    assert_eq!(all[0].file_name, "recibo.txt");
    assert_eq!(all[0].total.as_deref(), Some("80.90"));
}
