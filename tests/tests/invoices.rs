//! Invoices end to end: the real daemon on a temp dir, driven through the real `centralita`
//! CLI and over RPC; real fixtures, real pdftotext and tesseract.

use std::path::Path;

use centralita_protocol::{
    ErrorKind, FieldName, FieldSource, InvoiceDetail, InvoiceFilter, InvoiceId, InvoiceState,
    PageRequest,
};
use centralita_tests::{TENANT, TestDaemon, fixture, tenant, text_pdf, wait_until};
use tarpc::context;

/// Waits until invoice `id` has left `processing` and returns it.
async fn read(daemon: &TestDaemon, id: InvoiceId) -> InvoiceDetail {
    let client = daemon.client().await;
    wait_until(&format!("invoice {id} is read"), || async {
        let detail = client
            .rpc
            .invoices_show(context::current(), tenant(), id)
            .await
            .expect("rpc")
            .expect("invoice exists");
        (detail.summary.state != InvoiceState::Processing).then_some(detail)
    })
    .await
}

/// `centralita invoices add FILE --json` → the new invoice's id.
fn add(daemon: &TestDaemon, path: &Path) -> (u64, bool) {
    let output = daemon.centralita(&["invoices", "add", path.to_str().expect("utf-8"), "--json"]);
    assert!(
        output.status.success(),
        "add failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let outcomes: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let outcome = &outcomes[0];
    (
        outcome["invoice"]["id"].as_u64().expect("an id"),
        outcome["duplicate"].as_bool().expect("a flag"),
    )
}

/// The confirmed invoice `id` is the one row of the CSV export, with the edited total, and the
/// date range filters the JSON export.
fn assert_exported(daemon: &TestDaemon, id: u64) {
    let export = stdout(&daemon.centralita(&["invoices", "export", "--format", "csv"]));
    let mut rows = csv::Reader::from_reader(export.as_bytes());
    let header: Vec<String> = rows
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[..4], ["id", "state", "file_name", "issuer_name"]);
    let row = rows.records().next().expect("one row").expect("valid csv");
    let column =
        |name: &str| row[header.iter().position(|h| h == name).expect("column")].to_owned();
    assert_eq!(column("id"), id.to_string());
    assert_eq!(column("state"), "processed");
    assert_eq!(column("total"), "1234.50");
    assert_eq!(column("invoice_number"), "F001-00019772");
    let json = daemon.centralita(&[
        "invoices",
        "export",
        "--format",
        "json",
        "--from",
        "2000-01-01",
    ]);
    let exported: Vec<InvoiceDetail> = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(exported.len(), 1);
    let outside = daemon.centralita(&[
        "invoices",
        "export",
        "--format",
        "json",
        "--to",
        "2000-01-01",
    ]);
    let none: Vec<InvoiceDetail> = serde_json::from_slice(&outside.stdout).expect("json");
    assert!(none.is_empty(), "the date range filters");
}

async fn audited_actions(daemon: &TestDaemon) -> Vec<String> {
    let audit = daemon
        .client()
        .await
        .rpc
        .audit_list(context::current(), tenant(), PageRequest::first(50))
        .await
        .expect("rpc")
        .expect("audit");
    audit
        .entries
        .into_iter()
        .map(|entry| entry.action)
        .collect()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("file written");
    path
}

#[tokio::test]
async fn upload_review_edit_confirm_and_export_through_the_cli() {
    let daemon = TestDaemon::start().await;
    let (id, duplicate) = add(
        &daemon,
        &fixture("invoices/dev/ubl/sunat_pe_20505310072-01-F001-00019772.xml"),
    );
    assert!(!duplicate);
    let detail = read(&daemon, InvoiceId(id)).await;
    assert_eq!(
        detail.summary.state,
        InvoiceState::WaitingValidation,
        "{:?}",
        detail.reason
    );
    assert_eq!(detail.text_method, "xml");
    assert!(!detail.text.is_empty(), "the reviewer sees the text read");
    let number = detail
        .preview
        .get(FieldName::InvoiceNumber)
        .expect("number");
    assert_eq!(number, "F001-00019772");

    // The same bytes again: the existing invoice, said so.
    let again = daemon.centralita(&[
        "invoices",
        "add",
        fixture("invoices/dev/ubl/sunat_pe_20505310072-01-F001-00019772.xml")
            .to_str()
            .expect("utf-8"),
    ]);
    assert!(again.status.success());
    assert!(
        stdout(&again).contains(&format!("already invoice {id}")),
        "{}",
        stdout(&again)
    );

    let edited = daemon.centralita(&[
        "invoices",
        "edit",
        &id.to_string(),
        "total=1.234,50",
        "due_date=31/12/2026",
    ]);
    assert!(
        edited.status.success(),
        "{}",
        String::from_utf8_lossy(&edited.stderr)
    );
    let shown = daemon.centralita(&["invoices", "show", &id.to_string(), "--json"]);
    let shown: InvoiceDetail = serde_json::from_slice(&shown.stdout).expect("json");
    assert_eq!(shown.preview.get(FieldName::Total), Some("1234.50"));
    assert_eq!(shown.preview.get(FieldName::DueDate), Some("2026-12-31"));
    assert_eq!(
        shown.preview.fields[&FieldName::Total].source,
        FieldSource::Operator
    );
    assert_eq!(shown.edits.len(), 2, "each change is in the history");

    // Nothing is exported until it is confirmed.
    let export = daemon.centralita(&["invoices", "export"]);
    assert_eq!(
        stdout(&export).lines().count(),
        1,
        "only the header: {}",
        stdout(&export)
    );
    let confirmed = daemon.centralita(&["invoices", "confirm", &id.to_string()]);
    assert!(
        confirmed.status.success(),
        "{}",
        String::from_utf8_lossy(&confirmed.stderr)
    );
    // Confirming twice is refused with the conflict exit code.
    let twice = daemon.centralita(&["invoices", "confirm", &id.to_string()]);
    assert_eq!(
        twice.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&twice.stderr)
    );
    assert!(String::from_utf8_lossy(&twice.stderr).contains("is processed"));

    assert_exported(&daemon, id);

    let summary = stdout(&daemon.centralita(&["invoices", "summary"]));
    assert!(summary.contains("processed           1"), "{summary}");

    // Every change is audited, the daemon's own read included.
    let actions = audited_actions(&daemon).await;
    for action in [
        "invoices.add",
        "invoices.read",
        "invoices_edit",
        "invoices_confirm",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} missing from {actions:?}"
        );
    }
}

#[tokio::test]
async fn a_pdf_text_layer_is_read_with_the_rules_and_reject_then_retry_reads_it_again() {
    let daemon = TestDaemon::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = write(
        dir.path(),
        "factura.pdf",
        &text_pdf(&[
            "FERRETERIA EL SOL S.A.C.",
            "RUC 20100070970",
            "FACTURA ELECTRONICA N° F001-000123",
            "Fecha de emision: 15/11/2025",
            "Op. gravada S/ 1,000.00",
            "IGV 18% S/ 180.00",
            "Importe total S/ 1,180.00",
        ]),
    );
    let (id, _) = add(&daemon, &pdf);
    let detail = read(&daemon, InvoiceId(id)).await;
    assert_eq!(
        detail.summary.state,
        InvoiceState::WaitingValidation,
        "{:?}",
        detail.reason
    );
    assert_eq!(detail.text_method, "text_layer");
    assert!(detail.text.contains("Importe total"));
    assert_eq!(detail.preview.get(FieldName::Total), Some("1180.00"));
    assert_eq!(
        detail.preview.get(FieldName::IssuerTaxId),
        Some("20100070970")
    );
    assert_eq!(
        detail.preview.fields[&FieldName::Total].source,
        FieldSource::Rules
    );

    let rejected = daemon.centralita(&[
        "invoices",
        "reject",
        &id.to_string(),
        "--reason",
        "not ours",
    ]);
    assert!(rejected.status.success());
    let retried = daemon.centralita(&["invoices", "retry", &id.to_string()]);
    assert!(
        retried.status.success(),
        "{}",
        String::from_utf8_lossy(&retried.stderr)
    );
    assert_eq!(
        read(&daemon, InvoiceId(id)).await.summary.state,
        InvoiceState::WaitingValidation
    );
    // Retrying a waiting invoice is not a transition.
    let refused = daemon.centralita(&["invoices", "retry", &id.to_string()]);
    assert_eq!(refused.status.code(), Some(5));

    // The original comes back byte for byte.
    let saved = dir.path().join("copy.pdf");
    let download = daemon.centralita(&[
        "invoices",
        "download",
        &id.to_string(),
        "-o",
        saved.to_str().expect("utf-8"),
    ]);
    assert!(
        download.status.success(),
        "{}",
        String::from_utf8_lossy(&download.stderr)
    );
    assert_eq!(
        std::fs::read(saved).expect("saved"),
        std::fs::read(&pdf).expect("original")
    );
}

#[tokio::test]
async fn a_pdf_of_300_blank_pages_fails_at_once_instead_of_holding_the_ocr_for_hours() {
    let daemon = TestDaemon::start().await;
    let blank = centralita_tests::blank_pdf(300);
    assert!(blank.len() < 40_000, "a small file: {} bytes", blank.len());
    let id = daemon.upload("blank.pdf", &blank).await.invoice.id;
    let failed = read(&daemon, id).await;
    assert_eq!(failed.summary.state, InvoiceState::Failed);
    let reason = failed.reason.unwrap_or_default();
    assert!(
        reason.contains("300 pages have no text layer") && reason.contains("at most 10"),
        "{reason}"
    );
    let jobs = daemon.all_jobs().await;
    let job = jobs
        .iter()
        .find(|job| job.kind == "invoice.read")
        .expect("the read job");
    assert_eq!(job.attempts, 1, "not retried: it would fail the same way");
}

#[tokio::test]
async fn a_corrupt_pdf_fails_readably_and_an_unsupported_file_is_refused_by_name() {
    let daemon = TestDaemon::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let corrupt = write(
        dir.path(),
        "scan.pdf",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage",
    );
    let (id, _) = add(&daemon, &corrupt);
    let failed = read(&daemon, InvoiceId(id)).await;
    assert_eq!(failed.summary.state, InvoiceState::Failed);
    assert!(
        failed
            .reason
            .as_deref()
            .is_some_and(|reason| reason.contains("pdftotext")),
        "{:?}",
        failed.reason
    );

    let zip = write(
        dir.path(),
        "invoice.pdf",
        b"PK\x03\x04\x14\x00 not really a pdf",
    );
    let refused = daemon.centralita(&["invoices", "add", zip.to_str().expect("utf-8")]);
    assert_eq!(refused.status.code(), Some(6), "invalid argument");
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("ZIP archive") && message.contains("invoice.pdf"),
        "{message}"
    );

    let page = daemon
        .client()
        .await
        .rpc
        .invoices_list(
            context::current(),
            tenant(),
            InvoiceFilter::default(),
            PageRequest::first(10),
        )
        .await
        .expect("rpc")
        .expect("list");
    assert_eq!(page.invoices.len(), 1, "the refused file stored nothing");

    // Bigger than the limit: refused before any byte is sent.
    let small = TestDaemon::start_with("[invoices]\nmax_upload_mib = 1\n").await;
    let big = write(dir.path(), "big.pdf", &vec![b'%'; 2 * 1024 * 1024]);
    let refused = small.centralita(&["invoices", "add", big.to_str().expect("utf-8")]);
    assert_eq!(refused.status.code(), Some(6));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("limit"));
}

#[tokio::test]
async fn a_missing_ocr_tool_fails_the_invoice_and_retry_works_once_it_is_installed() {
    let Some(tesseract) = which("tesseract") else {
        panic!("tesseract must be installed for the tests (scripts/test installs it)");
    };
    // A PATH with poppler but without tesseract.
    let bin = tempfile::tempdir().expect("temp dir");
    for tool in ["pdftotext", "pdftoppm"] {
        std::os::unix::fs::symlink(
            which(tool).expect("poppler installed"),
            bin.path().join(tool),
        )
        .expect("linked");
    }
    let path = bin.path().display().to_string();
    let daemon = TestDaemon::start_with_env("", &[("PATH", &path)]).await;
    let (id, _) = add(&daemon, &fixture("invoices/dev/image/sroie/601.jpg"));
    let failed = read(&daemon, InvoiceId(id)).await;
    assert_eq!(failed.summary.state, InvoiceState::Failed);
    let reason = failed.reason.expect("a reason");
    assert!(
        reason.contains("tesseract-ocr"),
        "the package to install is named: {reason}"
    );

    std::os::unix::fs::symlink(tesseract, bin.path().join("tesseract")).expect("installed");
    let retried = daemon.centralita(&["invoices", "retry", &id.to_string()]);
    assert!(retried.status.success());
    let read_now = read(&daemon, InvoiceId(id)).await;
    assert_eq!(
        read_now.summary.state,
        InvoiceState::WaitingValidation,
        "{:?}",
        read_now.reason
    );
    assert_eq!(read_now.text_method, "ocr");
    assert!(
        read_now.text.to_uppercase().contains("SPEED"),
        "{}",
        read_now.text
    );
}

#[tokio::test]
async fn a_daemon_killed_while_reading_finishes_every_invoice_after_restart() {
    let mut daemon = TestDaemon::start_with("[invoices]\ntool_concurrency = 1\n").await;
    let mut ids = Vec::new();
    // Three receipts keep the kill inside the reading (one tesseract at a time) and the reads
    // after the restart inside the wait on a loaded 2-core machine (the OCR re-reads weak
    // lines since, about 1.7 s a page; four once ran out).
    for receipt in ["602", "603", "604"] {
        ids.push(
            add(
                &daemon,
                &fixture(&format!("invoices/dev/image/sroie/{receipt}.jpg")),
            )
            .0,
        );
    }
    let counts = daemon
        .client()
        .await
        .rpc
        .invoices_summary(context::current(), tenant())
        .await
        .expect("rpc")
        .expect("summary");
    assert!(
        counts.processing > 0,
        "the kill must land while invoices are being read: {counts:?}"
    );
    daemon.kill9();
    daemon.restart().await;
    for id in ids {
        let detail = read(&daemon, InvoiceId(id)).await;
        assert_eq!(
            detail.summary.state,
            InvoiceState::WaitingValidation,
            "invoice {id}: {:?}",
            detail.reason
        );
    }
}

#[tokio::test]
async fn the_inbox_folder_takes_files_once_and_sets_refused_ones_aside() {
    let daemon = TestDaemon::start_with("[invoices]\ninbox_poll_secs = 1\n").await;
    let inbox = daemon.dir().join("inbox").join(TENANT);
    wait_until("the inbox folder exists", || async {
        inbox.is_dir().then_some(())
    })
    .await;
    std::fs::copy(
        fixture("invoices/dev/cfdi/cfdi33-valid.xml"),
        inbox.join("cfdi.xml"),
    )
    .expect("copied");
    std::fs::write(
        inbox.join("receipt.txt"),
        "KEDAI RUNCIT MAJU\n12/03/2018\nTOTAL 12.50\n",
    )
    .expect("written");
    std::fs::write(inbox.join("junk.bin"), [0u8, 159, 146, 150, 1, 2]).expect("written");
    wait_until("cfdi.xml moves to done/", || async {
        inbox.join("done/cfdi.xml").is_file().then_some(())
    })
    .await;
    wait_until("receipt.txt (plain text) moves to done/", || async {
        inbox.join("done/receipt.txt").is_file().then_some(())
    })
    .await;
    wait_until("junk.bin moves to failed/", || async {
        inbox
            .join("failed/junk.bin.error.txt")
            .is_file()
            .then_some(())
    })
    .await;
    let why = std::fs::read_to_string(inbox.join("failed/junk.bin.error.txt")).expect("reason");
    assert!(why.contains("binary data"), "{why}");
    assert!(!inbox.join("cfdi.xml").exists());
    let page = daemon
        .client()
        .await
        .rpc
        .invoices_list(
            context::current(),
            tenant(),
            InvoiceFilter::default(),
            PageRequest::first(10),
        )
        .await
        .expect("rpc")
        .expect("list");
    assert_eq!(page.invoices.len(), 2);
    for invoice in &page.invoices {
        assert_eq!(read(&daemon, invoice.id).await.origin, "inbox");
    }
}

#[tokio::test]
async fn an_oversized_inbox_file_is_refused_by_its_size_without_being_read() {
    // 2 GB on paper, nothing on disk: reading it would take 2 GB of memory.
    let daemon =
        TestDaemon::start_with("[invoices]\ninbox_poll_secs = 1\nmax_upload_mib = 1\n").await;
    let inbox = daemon.dir().join("inbox").join(TENANT);
    wait_until("the inbox folder exists", || async {
        inbox.is_dir().then_some(())
    })
    .await;
    let sparse = std::fs::File::create(inbox.join("huge.pdf")).expect("created");
    sparse.set_len(2 << 30).expect("sparse");
    drop(sparse);
    wait_until("huge.pdf moves to failed/", || async {
        inbox
            .join("failed/huge.pdf.error.txt")
            .is_file()
            .then_some(())
    })
    .await;
    let why = std::fs::read_to_string(inbox.join("failed/huge.pdf.error.txt")).expect("reason");
    assert!(
        why.contains("2147483648 bytes") && why.contains("invoices.max_upload_mib"),
        "{why}"
    );
    let peak = daemon.peak_memory();
    assert!(
        peak < 512 << 20,
        "the daemon peaked at {peak} bytes: it read the file"
    );
}

#[tokio::test]
async fn hostile_hybrid_pdfs_fall_back_to_the_text_layer_within_a_memory_budget() {
    use centralita_invoices::pdf::bombs;
    let daemon = TestDaemon::start().await;
    // (a) one 30 MiB XML behind a hundred file entries; (b) eight object streams of 250 MiB.
    let attacks = [
        (
            "shared.pdf",
            bombs::shared_embedded_file(100, 30 << 20),
            "embedded-file entries",
            "pdf_too_many_files",
        ),
        (
            "object-streams.pdf",
            bombs::object_stream_bomb(8, 250 << 20),
            "inflates to more than 64 MiB",
            "pdf_too_large",
        ),
        // Not hostile: an embedded invoice cut short, which the XML reader refuses.
        (
            "cut-short.pdf",
            bombs::shared_embedded_file(1, 4 << 10),
            "could not be read",
            "invoice_embedded_xml_unreadable",
        ),
    ];
    for (name, pdf, why, key) in attacks {
        assert!(pdf.len() < 4 << 20, "{name}: {} bytes", pdf.len());
        let id = daemon.upload(name, &pdf).await.invoice.id;
        let detail = read(&daemon, id).await;
        if detail.summary.state == InvoiceState::Failed {
            assert!(detail.reason.is_some(), "{name}: failed without a reason");
        } else {
            assert_eq!(
                detail.text_method, "text_layer",
                "{name}: {:?}",
                detail.reason
            );
            assert!(detail.text.contains("Importe total"), "{name}");
        }
        let warning = detail
            .warnings
            .iter()
            .find(|warning| warning.code == "xml_unreadable")
            .unwrap_or_else(|| panic!("{name}: no warning in {:?}", detail.warnings));
        assert!(warning.message.contains(why), "{name}: {}", warning.message);
        let words = warning.words.as_ref().expect("the catalog's words");
        assert_eq!(words.key, key, "{name}");
        eprintln!(
            "{name}: {:?} by {}: {}",
            detail.summary.state, detail.text_method, warning.message
        );
    }
    let peak = daemon.peak_memory();
    eprintln!("the daemon peaked at {} MiB", peak >> 20);
    assert!(peak < 400 << 20, "the daemon peaked at {} MiB", peak >> 20);

    // Still serving: an ordinary PDF is read as before.
    let id = daemon
        .upload("plain.pdf", &text_pdf(&["Importe total S/ 1,180.00"]))
        .await
        .invoice
        .id;
    assert_eq!(read(&daemon, id).await.text_method, "text_layer");
}

#[tokio::test]
async fn issuer_mappings_load_with_their_problems_and_apply_before_the_rules() {
    let daemon = TestDaemon::start().await;
    let mappings = daemon.dir().join("invoice-mappings");
    std::fs::create_dir_all(&mappings).expect("folder");
    std::fs::write(
        mappings.join("acme.toml"),
        "keywords = [\"ACME TRADING\"]\ndecimal_separator = \",\"\n[fields]\ninvoice_number = 'Doc\\s+(\\S+)'\ntotal = 'Pagar\\s+([\\d.,]+)'\ncurrency = { value = \"COP\" }\n",
    )
    .expect("written");
    std::fs::write(
        mappings.join("broken.toml"),
        "keywords = [\"X\"]\n[fields]\ntotal = '(unclosed'\n",
    )
    .expect("written");
    let reload = daemon.centralita(&["invoices", "mappings", "reload"]);
    assert!(
        reload.status.success(),
        "{}",
        String::from_utf8_lossy(&reload.stderr)
    );
    assert!(stdout(&reload).contains("acme"), "{}", stdout(&reload));
    let problems = String::from_utf8_lossy(&reload.stderr);
    assert!(
        problems.contains("broken.toml:3"),
        "file and line of the problem: {problems}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = write(
        dir.path(),
        "acme.pdf",
        &text_pdf(&["ACME TRADING LTDA", "Doc FE-7781", "Pagar 1.234.567,89"]),
    );
    let (id, _) = add(&daemon, &pdf);
    let detail = read(&daemon, InvoiceId(id)).await;
    assert_eq!(detail.mapping.as_deref(), Some("acme"));
    assert_eq!(detail.preview.get(FieldName::Total), Some("1234567.89"));
    assert_eq!(detail.preview.get(FieldName::Currency), Some("COP"));
    assert_eq!(
        detail.preview.fields[&FieldName::InvoiceNumber].source,
        FieldSource::Mapping
    );
}

#[tokio::test]
async fn an_llm_answer_that_breaks_the_schema_becomes_a_warning_not_a_failure() {
    let daemon = TestDaemon::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = write(
        dir.path(),
        "odd.pdf",
        &text_pdf(&["Some shop", "sandbox-llm:invalid", "Total 12.00"]),
    );
    let (id, _) = add(&daemon, &pdf);
    let detail = read(&daemon, InvoiceId(id)).await;
    assert_eq!(
        detail.summary.state,
        InvoiceState::WaitingValidation,
        "{:?}",
        detail.reason
    );
    let warning = detail
        .warnings
        .iter()
        .find(|warning| warning.code == "llm_failed")
        .unwrap_or_else(|| panic!("no llm warning in {:?}", detail.warnings));
    assert!(
        warning.message.contains('$'),
        "the schema path is named: {}",
        warning.message
    );
    let words = warning.words.as_ref().expect("the catalog's words");
    assert_eq!(words.key, "invoice_llm_failed");
    assert!(
        words.inner.is_some(),
        "the LLM's failure in its own words: {words:?}"
    );
    assert_eq!(
        detail.preview.get(FieldName::Total),
        Some("12.00"),
        "the rules' fields stand"
    );
}

#[tokio::test]
async fn only_the_uploader_can_continue_an_upload_and_chunks_must_come_in_order() {
    let daemon = TestDaemon::start().await;
    let client = daemon.client().await;
    let ticket = client
        .rpc
        .invoices_upload_start(context::current(), tenant(), "a.xml".into(), 10)
        .await
        .expect("rpc")
        .expect("started");
    let out_of_order = client
        .rpc
        .invoices_upload_chunk(context::current(), ticket.upload, 5, "AAAA".into())
        .await
        .expect("rpc")
        .expect_err("refused");
    assert_eq!(out_of_order.kind, ErrorKind::InvalidArgument);
    assert!(
        out_of_order.message.contains("offset 5"),
        "{}",
        out_of_order.message
    );
    let short = client
        .rpc
        .invoices_upload_finish(context::current(), ticket.upload)
        .await
        .expect("rpc")
        .expect_err("incomplete");
    assert!(short.message.contains("0 of 10 bytes"), "{}", short.message);
}

fn which(tool: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(tool))
            .find(|candidate| candidate.is_file())
    })
}
