//! Invoice service tests: a real store in a temp dir, the real queue and workers, the real
//! fixtures. The end-to-end tests in `tests/` drive the same paths through the daemon binary.

use std::sync::Arc;
use std::time::Duration;

use centralita_config::{InvoicesConfig, QueueConfig};
use centralita_invoices::{FieldName, FieldSource};
use centralita_protocol as protocol;
use centralita_protocol::{
    InvoiceEdit, InvoiceFilter, InvoiceId, InvoiceState, PageRequest, TenantId,
};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::*;
use crate::error::Refusal;
use crate::metrics::Metrics;

fn tenant() -> TenantId {
    TenantId::new("acme").expect("valid")
}

fn fixture(path: &str) -> Vec<u8> {
    centralita_testkit::read(&format!("invoices/dev/{path}"))
}

struct Harness {
    _dir: tempfile::TempDir,
    service: Invoices,
    stop: CancellationToken,
}

async fn harness() -> Harness {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path(), &crate::schema()).expect("store");
    store
        .write(|txn| txn.add_tenant(&tenant(), "Acme"))
        .await
        .expect("tenant");
    let config = QueueConfig {
        backoff_base_ms: 1,
        backoff_max_secs: 1,
        ..QueueConfig::default()
    };
    let queue = Queue::new(store.clone(), &config, Arc::new(Metrics::default()));
    let service = Invoices::new(
        store,
        queue.clone(),
        &InvoicesConfig::default(),
        dir.path(),
        BTreeMap::new(),
    );
    service.register(&queue);
    let stop = CancellationToken::new();
    queue
        .start(&TaskTracker::new(), stop.clone(), CancellationToken::new())
        .await
        .expect("workers start");
    Harness {
        _dir: dir,
        service,
        stop,
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

impl Harness {
    async fn add(&self, name: &str, bytes: Vec<u8>) -> Result<IntakeOutcome, IntakeError> {
        self.service
            .intake(Intake {
                tenant: tenant(),
                file_name: name.to_owned(),
                bytes,
                origin: "upload".to_owned(),
                operator: "ana".to_owned(),
            })
            .await
    }

    async fn record(&self, id: InvoiceId) -> InvoiceRecord {
        self.service
            .store()
            .read(move |txn| txn.invoice(&tenant(), id))
            .await
            .expect("invoice exists")
    }

    /// Waits until the invoice has left `processing`.
    async fn read(&self, id: InvoiceId) -> InvoiceRecord {
        for _ in 0..600 {
            let record = self.record(id).await;
            if record.state != InvoiceState::Processing {
                return record;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("invoice {id} still processing after 30 s");
    }

    async fn write<T: Send + 'static>(
        &self,
        op: impl FnMut(&mut crate::store::WriteTxn<'_>) -> Result<T, AreaError> + Send + 'static,
    ) -> Result<T, AreaError> {
        self.service.store().write(op).await
    }
}

#[tokio::test]
async fn an_xml_invoice_is_read_exactly_and_walks_the_lifecycle() {
    let h = harness().await;
    let added = h
        .add("factura.xml", fixture("cfdi/cfdi33-valid.xml"))
        .await
        .expect("accepted");
    assert!(!added.duplicate);
    assert_eq!(added.invoice.state, InvoiceState::Processing);
    let id = added.invoice.id;
    let read = h.read(id).await;
    assert_eq!(
        read.state,
        InvoiceState::WaitingValidation,
        "{:?}",
        read.reason
    );
    assert_eq!(read.text_method, "xml");
    let total = read
        .preview
        .fields
        .get(&FieldName::Total)
        .expect("total read");
    assert_eq!(total.source, FieldSource::Xml);

    // Editing keeps history and marks the field as the operator's.
    let edit = InvoiceEdit {
        fields: [(protocol::FieldName::Total, Some("1.234,50".to_owned()))].into(),
        line_items: None,
    };
    let edited = h
        .write(move |txn| lifecycle::edit(txn, &tenant(), id, "ana", &edit))
        .await
        .expect("edited");
    assert_eq!(edited.preview.get(FieldName::Total), Some("1234.50"));
    assert_eq!(edited.edits.len(), 1);
    assert_eq!(edited.edits[0].old.as_deref(), Some(total.value.as_str()));
    assert_eq!(
        edited.preview.fields[&FieldName::Total].source,
        FieldSource::Operator
    );

    // A value that is not an amount refuses the whole edit.
    let bad = InvoiceEdit {
        fields: [(protocol::FieldName::Total, Some("twelve".to_owned()))].into(),
        line_items: None,
    };
    let error = h
        .write(move |txn| lifecycle::edit(txn, &tenant(), id, "ana", &bad))
        .await
        .expect_err("refused");
    assert!(error.to_string().contains("total"), "{error}");

    // Dates and amounts are read whole: nothing trailing is cut off and saved.
    for (field, typed, forms) in [
        (
            protocol::FieldName::IssueDate,
            "15/11/2024extra",
            "2024-11-15 or 15/11/2024",
        ),
        (
            protocol::FieldName::IssueDate,
            "2026-12-31zz",
            "2024-11-15 or 15/11/2024",
        ),
        (protocol::FieldName::Total, "12abc", "1234.50 or 1.234,50"),
    ] {
        let bad = InvoiceEdit {
            fields: [(field, Some(typed.to_owned()))].into(),
            line_items: None,
        };
        let error = h
            .write(move |txn| lifecycle::edit(txn, &tenant(), id, "ana", &bad))
            .await
            .expect_err("refused");
        assert!(error.to_string().contains(forms), "{typed}: {error}");
    }

    let confirmed = h
        .write(move |txn| lifecycle::confirm(txn, &tenant(), id))
        .await
        .expect("confirmed");
    assert_eq!(confirmed.state, InvoiceState::Processed);
    assert_eq!(
        confirmed
            .confirmed
            .as_ref()
            .and_then(|c| c.get(FieldName::Total)),
        Some("1234.50")
    );
    // No transition out of processed.
    for refused in [
        h.write(move |txn| lifecycle::confirm(txn, &tenant(), id))
            .await,
        h.write(move |txn| lifecycle::retry(txn, &tenant(), id))
            .await,
        h.write(move |txn| lifecycle::reject(txn, &tenant(), id, "late"))
            .await,
    ] {
        let error = refused.expect_err("refused");
        assert!(error.to_string().contains("invoice"), "{error}");
        assert!(
            matches!(error, AreaError::Said(Refusal::Conflict, _)),
            "{error}"
        );
    }
}

#[tokio::test]
async fn the_same_bytes_are_one_invoice_and_other_content_is_refused_by_name() {
    let h = harness().await;
    let bytes = fixture("ubl/UBL-CreditNote-2.1-Example.ubl.xml");
    let first = h.add("a.xml", bytes.clone()).await.expect("accepted");
    let again = h.add("renamed.pdf", bytes).await.expect("answered");
    assert!(again.duplicate);
    assert_eq!(again.invoice.id, first.invoice.id);

    let error = h
        .add("invoice.pdf", b"PK\x03\x04 not a pdf".to_vec())
        .await
        .expect_err("refused");
    assert!(error.to_string().contains("ZIP archive"), "{error}");
    let page = h
        .service
        .store()
        .read(|txn| txn.list_invoices(&tenant(), &InvoiceFilter::default(), PageRequest::first(10)))
        .await
        .expect("listed");
    assert_eq!(page.invoices.len(), 1, "a refused file stores nothing");
}

#[tokio::test]
async fn a_corrupt_pdf_fails_with_a_reason_and_reject_then_retry_reads_again() {
    let h = harness().await;
    let corrupt = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nthis is not a pdf\n".to_vec();
    let added = h
        .add("broken.pdf", corrupt)
        .await
        .expect("accepted as a PDF");
    let failed = h.read(added.invoice.id).await;
    assert_eq!(failed.state, InvoiceState::Failed);
    let reason = failed.reason.expect("a reason");
    assert!(reason.contains("pdftotext"), "{reason}");

    let xml = h
        .add(
            "x.xml",
            fixture("ubl/sunat_pe_20600055519-01-F001-00000001.xml"),
        )
        .await
        .expect("accepted");
    let id = xml.invoice.id;
    assert_eq!(h.read(id).await.state, InvoiceState::WaitingValidation);
    let error = h
        .write(move |txn| lifecycle::reject(txn, &tenant(), id, "  "))
        .await
        .expect_err("a reason is required");
    assert!(error.to_string().contains("reason"), "{error}");
    let rejected = h
        .write(move |txn| lifecycle::reject(txn, &tenant(), id, "wrong buyer"))
        .await
        .expect("rejected");
    assert_eq!(rejected.reason.as_deref(), Some("wrong buyer"));
    let retried = h
        .write(move |txn| lifecycle::retry(txn, &tenant(), id))
        .await
        .expect("retried");
    assert_eq!(retried.state, InvoiceState::Processing);
    h.service.wake();
    assert_eq!(h.read(id).await.state, InvoiceState::WaitingValidation);
    let counts = h
        .service
        .store()
        .read(|txn| txn.invoice_counts(&tenant()))
        .await
        .expect("counts");
    assert_eq!(
        (counts.failed, counts.waiting_validation, counts.rejected),
        (1, 1, 0)
    );
}

#[tokio::test]
async fn hostile_documents_fail_the_invoice_not_the_daemon() {
    let h = harness().await;
    let mut deep = b"%PDF-1.7\n1 0 obj\n".to_vec();
    deep.extend(std::iter::repeat_n(b'[', 10_000));
    deep.extend(std::iter::repeat_n(b']', 10_000));
    deep.extend_from_slice(b"\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    let mut attributes = b"<?xml version=\"1.0\"?><Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><ID ".to_vec();
    for n in 0..10_000 {
        attributes.extend_from_slice(format!("a{n}=\"x\" ").as_bytes());
    }
    attributes.extend_from_slice(b"/></Invoice>");
    for (name, bytes, expected) in [
        ("deep.pdf", deep, "pdftotext"),
        ("attributes.xml", attributes, "attributes"),
    ] {
        let added = h.add(name, bytes).await.expect("accepted by content");
        let failed = h.read(added.invoice.id).await;
        assert_eq!(failed.state, InvoiceState::Failed, "{name}");
        let reason = failed.reason.unwrap_or_default();
        assert!(reason.contains(expected), "{name}: {reason}");
    }
}

#[tokio::test]
async fn a_second_invoice_with_the_same_issuer_and_number_is_flagged() {
    let h = harness().await;
    let first = h
        .add("a.xml", fixture("cfdi/created-with-discounts-33.xml"))
        .await
        .expect("accepted");
    h.read(first.invoice.id).await;
    // The same invoice in CFDI 4.0: other bytes, same issuer and number.
    let second = h
        .add("b.xml", fixture("cfdi/created-with-discounts-40.xml"))
        .await
        .expect("accepted");
    let read = h.read(second.invoice.id).await;
    let duplicate = read
        .warnings
        .iter()
        .find(|warning| warning.code == "duplicate_number")
        .unwrap_or_else(|| panic!("no duplicate warning in {:?}", read.warnings));
    assert!(
        duplicate
            .message
            .contains(&format!("invoice {}", first.invoice.id)),
        "{}",
        duplicate.message
    );
    let words = duplicate.words.as_ref().expect("the catalog's words");
    assert_eq!(words.key, "invoice_duplicate_number");
    assert_eq!(words.args[1], first.invoice.id.to_string());
}

#[test]
fn several_duplicates_keep_their_english_and_give_the_ids() {
    let said = super::lifecycle::duplicate_number("F001-7", &[InvoiceId(3), InvoiceId(7)]);
    assert_eq!(
        said.text,
        "number F001-7 from this issuer is also on invoice 3, invoice 7"
    );
    assert_eq!(said.key.name, "invoice_duplicate_numbers");
    assert_eq!(said.args, ["F001-7", "3, 7"]);
}

#[test]
fn names_are_cleaned_for_display_and_saving() {
    assert_eq!(clean_name("../../etc/passwd"), "passwd");
    assert_eq!(clean_name("C:\\scans\\factura 1.pdf"), "factura 1.pdf");
    assert_eq!(clean_name("bad\u{7}name.pdf"), "badname.pdf");
    assert_eq!(clean_name(".."), "document");
    assert_eq!(clean_name(""), "document");
}

#[tokio::test]
async fn a_text_file_is_a_document_read_as_it_is() {
    let h = harness().await;
    let receipt = "KEDAI RUNCIT MAJU SDN BHD\n(123456-X)\nDATE: 14/03/2018\nTOTAL (RM): 23.40\nCASH 50.00\nCHANGE 26.60\n";
    let added = h
        .add("receipt.txt", receipt.as_bytes().to_vec())
        .await
        .expect("accepted");
    assert_eq!(added.invoice.kind, protocol::DocumentKind::Text);
    let read = h.read(added.invoice.id).await;
    assert_eq!(read.text_method, "text", "{:?}", read.reason);
    assert_eq!(read.preview.get(FieldName::Total), Some("23.40"));
    assert_eq!(read.preview.get(FieldName::IssueDate), Some("2018-03-14"));
}

#[tokio::test]
async fn a_failed_invoice_is_completed_by_hand_and_confirmed_or_rejected() {
    let h = harness().await;
    let corrupt = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nnot a pdf\n".to_vec();
    let id = h
        .add("broken.pdf", corrupt)
        .await
        .expect("taken")
        .invoice
        .id;
    let failed = h.read(id).await;
    assert_eq!(failed.state, InvoiceState::Failed);
    let why = failed.reason.clone().expect("a reason");
    let why_words = failed.reason_words.clone().expect("the failure's words");

    // Confirming needs what a person checked: a failed invoice is completed first.
    let error = h
        .write(move |txn| lifecycle::confirm(txn, &tenant(), id))
        .await
        .expect_err("nothing to confirm yet");
    assert!(
        matches!(error, AreaError::Said(Refusal::Conflict, _)),
        "{error}"
    );

    let typed = InvoiceEdit {
        fields: [
            (protocol::FieldName::Total, Some("1.180,00".to_owned())),
            (protocol::FieldName::Currency, Some("pen".to_owned())),
        ]
        .into(),
        line_items: None,
    };
    let completed = h
        .write(move |txn| lifecycle::edit(txn, &tenant(), id, "ana", &typed))
        .await
        .expect("completed by hand");
    assert_eq!(completed.state, InvoiceState::WaitingValidation);
    assert_eq!(completed.reason, None);
    assert_eq!(completed.preview.get(FieldName::Total), Some("1180.00"));
    let kept = completed
        .warnings
        .iter()
        .find(|warning| warning.code == lifecycle::READ_FAILED)
        .expect("the failure stays as a warning");
    assert!(kept.message.contains(&why), "{}", kept.message);
    // The warning keeps its words, the failure's own inside, for a client to say it whole.
    let words = kept.words.clone().expect("the warning's words");
    assert_eq!(words.key, "read_failed_by_hand");
    assert_eq!(words.args, std::slice::from_ref(&why));
    assert_eq!(words.inner.as_deref(), Some(&why_words));

    // A second edit keeps that warning once.
    let more = InvoiceEdit {
        fields: [(
            protocol::FieldName::InvoiceNumber,
            Some("F001-7".to_owned()),
        )]
        .into(),
        line_items: None,
    };
    let again = h
        .write(move |txn| lifecycle::edit(txn, &tenant(), id, "ana", &more))
        .await
        .expect("edited");
    let count = again
        .warnings
        .iter()
        .filter(|warning| warning.code == lifecycle::READ_FAILED)
        .count();
    assert_eq!(count, 1);
    let confirmed = h
        .write(move |txn| lifecycle::confirm(txn, &tenant(), id))
        .await
        .expect("confirmed");
    assert_eq!(confirmed.state, InvoiceState::Processed);

    // Another failed invoice is rejected as it is.
    let other = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nstill not\n".to_vec();
    let other = h.add("worse.pdf", other).await.expect("taken").invoice.id;
    assert_eq!(h.read(other).await.state, InvoiceState::Failed);
    let rejected = h
        .write(move |txn| lifecycle::reject(txn, &tenant(), other, "unreadable scan"))
        .await
        .expect("a failed invoice can be rejected");
    assert_eq!(rejected.state, InvoiceState::Rejected);
}

#[test]
fn a_data_dir_from_before_mappings_had_their_name_keeps_its_files() {
    let data = tempfile::tempdir().expect("temp dir");
    let old = data.path().join("templates");
    std::fs::create_dir(&old).expect("old folder");
    std::fs::write(old.join("acme.toml"), "keywords = [\"ACME\"]\n").expect("written");

    let dir = super::default_mappings_dir(data.path());
    assert_eq!(dir, data.path().join("invoice-mappings"));
    assert!(
        dir.join("acme.toml").is_file(),
        "the operator's file moved with its folder"
    );
    assert!(!old.exists());
    // Once moved, nothing moves again, and a new data dir simply gets the new name.
    assert_eq!(super::default_mappings_dir(data.path()), dir);
    let fresh = tempfile::tempdir().expect("temp dir");
    assert_eq!(
        super::default_mappings_dir(fresh.path()),
        fresh.path().join("invoice-mappings")
    );
}

#[test]
fn an_invoice_stored_before_mappings_had_their_name_reads_its_mapping() {
    // An invoice record as an earlier daemon stored it: the mapping under its old name.
    let old = serde_json::json!({
        "state": "waiting_validation", "file_name": "acme.pdf", "kind": "pdf", "origin": "upload",
        "size": 10, "sha256": "ab", "created_at": "2026-12-01T10:00:00Z",
        "updated_at": "2026-12-01T10:00:00Z", "created_by": "ana", "template": "acme"
    });
    let read: super::store::InvoiceRecord = serde_json::from_value(old).expect("reads");
    assert_eq!(read.mapping.as_deref(), Some("acme"));
    let again = serde_json::to_value(&read).expect("serialises");
    assert_eq!(again["mapping"], "acme", "written back under the new name");
}

#[tokio::test]
async fn a_document_that_cannot_be_read_fails_its_job_in_the_catalogs_words() {
    let h = harness().await;
    let mut attributes = b"<?xml version=\"1.0\"?><Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><ID ".to_vec();
    for n in 0..2_000 {
        attributes.extend_from_slice(format!("a{n}=\"x\" ").as_bytes());
    }
    attributes.extend_from_slice(b"/></Invoice>");
    let added = h.add("attributes.xml", attributes).await.expect("accepted");
    let failed = h.read(added.invoice.id).await;
    assert_eq!(failed.state, InvoiceState::Failed);
    let jobs = h
        .service
        .store()
        .read(|txn| {
            txn.list_jobs(
                &tenant(),
                &protocol::JobFilter {
                    state: Some(protocol::JobState::Failed),
                    ..Default::default()
                },
                PageRequest::first(10),
            )
        })
        .await
        .expect("jobs");
    let [job] = jobs.jobs.as_slice() else {
        panic!("one failed job: {:?}", jobs.jobs);
    };
    let reason = failed.reason.expect("the invoice's reason");
    assert_eq!(
        job.last_error.as_deref(),
        Some(reason.as_str()),
        "the job and the invoice say the same"
    );
    assert_eq!(
        reason,
        "element <ID> has more than 1024 attributes at line 1"
    );
    let words = job.last_error_words.as_ref().expect("the catalog's words");
    assert_eq!(
        (words.key.as_str(), words.args.as_slice()),
        (
            "xml_too_many_attributes",
            ["ID".to_owned(), "1024".to_owned(), "1".to_owned()].as_slice()
        )
    );
    assert_eq!(
        failed.reason_words.as_ref(),
        Some(words),
        "the invoice keeps the job's words"
    );
    let id = added.invoice.id;
    let detail = h
        .service
        .store()
        .read(move |txn| {
            Ok::<_, AreaError>(
                txn.invoice(&tenant(), id)?
                    .detail(&tenant(), id, String::new()),
            )
        })
        .await
        .expect("detail");
    assert_eq!(detail.reason_words.as_ref(), Some(words), "and shows them");

    // A rejection's reason is the reviewer's own words: none of the catalog's stay.
    let rejected = h
        .write(move |txn| lifecycle::reject(txn, &tenant(), id, "not ours"))
        .await
        .expect("rejected");
    assert_eq!(
        (rejected.reason.as_deref(), rejected.reason_words),
        (Some("not ours"), None)
    );
}

#[test]
fn an_invoice_stored_before_reason_words_reads_without_them() {
    let record: super::store::InvoiceRecord = serde_json::from_value(serde_json::json!({
        "state": "failed", "file_name": "scan.pdf", "kind": "pdf", "origin": "upload",
        "size": 10, "sha256": "ab", "created_at": "2026-12-01T10:00:00Z",
        "updated_at": "2026-12-01T10:00:00Z", "created_by": "ana", "reason": "no text found"
    }))
    .expect("a record");
    let old = crate::testing::stored_without(&record, "reason_words");
    let read: super::store::InvoiceRecord = rmp_serde::from_slice(&old).expect("decodes");
    assert_eq!(
        (read.reason.as_deref(), read.reason_words),
        (Some("no text found"), None)
    );
}

#[test]
fn a_reading_error_in_the_catalogs_words_keeps_its_english() {
    use centralita_invoices::xml::XmlError;
    use read::ReadError;
    use tools::ToolError;
    let errors = [
        ReadError::NoText,
        ReadError::TooManyScannedPages {
            pages: 12,
            limit: 10,
        },
        ReadError::Io(std::io::Error::other("disk full")),
        ToolError::Missing {
            tool: "pdftotext",
            package: "poppler-utils",
        }
        .into(),
        ToolError::Timeout {
            tool: "tesseract",
            secs: 120,
        }
        .into(),
        ToolError::Failed {
            tool: "pdftoppm",
            message: "Syntax Error: Couldn't read xref table".to_owned(),
        }
        .into(),
        ToolError::OutOfMemory {
            tool: "tesseract",
            mib: 512,
        }
        .into(),
        ToolError::Image(prepare::PrepareError::TooLarge {
            width: 9_000,
            height: 9_000,
        })
        .into(),
        ToolError::Image(prepare::PrepareError::Io(std::io::Error::other("gone"))).into(),
        XmlError::TooLarge.into(),
        XmlError::UnsupportedEncoding("EBCDIC".to_owned()).into(),
        XmlError::BadUtf8 { offset: 7 }.into(),
        XmlError::Syntax {
            line: 3,
            message: "unclosed tag".to_owned(),
        }
        .into(),
        XmlError::Doctype { line: 2 }.into(),
        XmlError::TooDeep { line: 9 }.into(),
        XmlError::NotAnInvoice("the document has no root element".to_owned()).into(),
        XmlError::NotAnInvoice("root element is html".to_owned()).into(),
        XmlError::NotAnInvoice("something else".to_owned()).into(),
        XmlError::NoAttachedInvoice.into(),
        XmlError::AttachedInvoice(Box::new(XmlError::Doctype { line: 1 })).into(),
    ];
    let mut keys = std::collections::BTreeSet::new();
    for error in errors {
        let said = error.said();
        assert_eq!(said.text, error.to_string(), "{:?}", said.key);
        keys.insert(said.key.name);
    }
    assert_eq!(keys.len(), 20, "each reason its own sentence");
}

#[tokio::test]
async fn an_invoice_from_the_inbox_is_audited_in_the_catalogs_words_as_it_is_added_read_and_edited()
{
    use crate::folders::Taker as _;
    use crate::testing::{last_audit, words_of};
    let h = harness().await;
    let receipt = "KEDAI RUNCIT MAJU SDN BHD\nDATE: 14/03/2018\nTOTAL (RM): 23.40\n";
    let taken = h
        .service
        .take(&tenant(), "receipt.txt".into(), receipt.as_bytes().to_vec())
        .await;
    assert!(matches!(taken, crate::folders::Taken::Done(_)), "taken in");
    let store = h.service.store().clone();
    let added = last_audit(&store, "acme", "invoices.add").await;
    let size = receipt.len().to_string();
    assert_eq!(
        added.detail,
        format!("receipt.txt (text, {size} bytes) from inbox")
    );
    assert_eq!(
        words_of(&added),
        (
            "invoice_added",
            vec!["receipt.txt", "text", size.as_str(), "inbox"]
        )
    );
    let id: InvoiceId = added
        .target
        .strip_prefix("invoice ")
        .and_then(|id| id.parse().ok())
        .map(InvoiceId)
        .expect("the target names the invoice");
    let read = h.read(id).await;
    assert_eq!(read.state, InvoiceState::WaitingValidation);
    let entry = last_audit(&store, "acme", "invoices.read").await;
    // Fields read, how, and the reading's warnings (checks after it may add more).
    let fields = read.preview.fields.len().to_string();
    let (key, args) = words_of(&entry);
    assert_eq!(
        (key, &args[..2]),
        ("invoice_read", &[fields.as_str(), "text"][..])
    );
    assert_eq!(
        entry.detail,
        format!(
            "waiting_validation: {fields} fields by text, {} warnings",
            args[2]
        )
    );

    let actor = crate::actor::Actor::daemon(tenant(), "invoices_edit");
    let edit = InvoiceEdit {
        fields: [
            (protocol::FieldName::Total, Some("24.00".to_owned())),
            (protocol::FieldName::IssuerName, None),
        ]
        .into(),
        line_items: None,
    };
    h.service.edit(&actor, id, edit).await.expect("edited");
    let entry = last_audit(&store, "acme", "invoices_edit").await;
    assert_eq!(entry.detail, "total=24.00; cleared issuer_name");
    assert_eq!(
        words_of(&entry),
        (
            "invoice_fields_set_and_cleared",
            vec!["total=24.00", "issuer_name"]
        )
    );
}

#[tokio::test]
async fn a_reading_that_fails_is_audited_with_the_reasons_words() {
    let h = harness().await;
    let corrupt = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nthis is not a pdf\n".to_vec();
    let added = h.add("broken.pdf", corrupt).await.expect("accepted");
    let failed = h.read(added.invoice.id).await;
    let reason = failed.reason.expect("a reason");
    let entry = crate::testing::last_audit(h.service.store(), "acme", "invoices.read").await;
    assert_eq!(entry.detail, format!("failed: {reason}"));
    let words = entry.detail_words.expect("the reason's words");
    assert!(
        words.key.starts_with("tool_"),
        "a pdftotext failure: {words:?}"
    );
}
