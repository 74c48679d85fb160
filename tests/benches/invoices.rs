//! Invoice reading through the real daemon: upload over RPC, the read job, the store, until the
//! invoice waits for review. Uses the real pdftotext and tesseract.
//!
//! Run: `cargo build --release --bins && cargo bench -p centralita-tests --bench invoices`
//! (env `XML_DOCS`, default 600; `PDF_DOCS`, default 200). Prints `name: value unit` lines:
//! XML documents per second, text-layer PDFs per second, seconds per OCR'd page (one tesseract
//! at a time, and the throughput with two).

use std::time::{Duration, Instant};

use centralita_tests::{TestDaemon, fixture, tenant, text_pdf};
use tarpc::context;

const XML_FIXTURES: [&str; 6] = [
    "invoices/dev/ubl/sunat_pe_20505310072-01-F001-00019772.xml",
    "invoices/dev/ubl/dian_co_invoice_signed_dian_v2.xml",
    "invoices/dev/ubl/xrechnung_01.01a-INVOICE.ubl.xml",
    "invoices/dev/ubl/UBL-CreditNote-2.1-Example.ubl.xml",
    "invoices/dev/cfdi/cfdi33-valid.xml",
    "invoices/dev/cfdi/created-with-discounts-40.xml",
];
const RECEIPTS: [&str; 6] = ["601", "603", "605", "607", "609", "611"];

#[tokio::main]
async fn main() {
    let xml_docs = env_or("XML_DOCS", 600);
    let pdf_docs = env_or("PDF_DOCS", 200);
    let samples: Vec<Vec<u8>> = XML_FIXTURES
        .iter()
        .map(|path| std::fs::read(fixture(path)).expect("fixture"))
        .collect();

    let daemon = TestDaemon::start_with("[queue.queues.invoices]\nconcurrency = 8\n").await;
    // Every copy differs by a trailing comment, so none is a duplicate of another.
    let per_sec = run(&daemon, xml_docs, |n| {
        let mut bytes = samples[n % samples.len()].clone();
        bytes.extend_from_slice(format!("\n<!-- copy {n} -->\n").as_bytes());
        (format!("{n}.xml"), bytes)
    })
    .await;
    println!("invoices_xml_docs_per_sec: {per_sec:.0} docs/s");

    let per_sec = run(&daemon, pdf_docs, |n| {
        let pdf = text_pdf(&[
            "FERRETERIA EL SOL S.A.C.",
            "RUC 20100070970",
            &format!("FACTURA ELECTRONICA N° F001-{n:06}"),
            "Fecha de emision: 15/11/2025",
            "Op. gravada S/ 1,000.00",
            "IGV 18% S/ 180.00",
            "Importe total S/ 1,180.00",
        ]);
        (format!("{n}.pdf"), pdf)
    })
    .await;
    println!("invoices_text_pdf_docs_per_sec: {per_sec:.1} docs/s");
    drop(daemon);

    for concurrency in [1, 2] {
        let daemon =
            TestDaemon::start_with(&format!("[invoices]\ntool_concurrency = {concurrency}\n"))
                .await;
        let per_sec = run(&daemon, RECEIPTS.len(), |n| {
            let path = format!("invoices/dev/image/sroie/{}.jpg", RECEIPTS[n]);
            (
                format!("{n}.jpg"),
                std::fs::read(fixture(&path)).expect("fixture"),
            )
        })
        .await;
        if concurrency == 1 {
            println!("invoices_ocr_secs_per_page: {:.2} s", 1.0 / per_sec);
        } else {
            println!("invoices_ocr_pages_per_sec_2_tools: {per_sec:.2} pages/s");
        }
    }
}

/// Uploads `count` documents made by `make` and waits until none is processing; returns
/// documents per second from the first upload to the last one read.
async fn run(daemon: &TestDaemon, count: usize, make: impl Fn(usize) -> (String, Vec<u8>)) -> f64 {
    let client = daemon.client().await;
    let before = summary(&client).await;
    let started = Instant::now();
    for n in 0..count {
        let (name, bytes) = make(n);
        let outcome = daemon.upload(&name, &bytes).await;
        assert!(!outcome.duplicate, "{name} was a duplicate");
    }
    loop {
        let now = summary(&client).await;
        if now.processing == 0 {
            let read =
                now.waiting_validation + now.failed - before.waiting_validation - before.failed;
            assert_eq!(read, count as u64, "every document was read");
            assert_eq!(now.failed, before.failed, "no document failed");
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    count as f64 / started.elapsed().as_secs_f64()
}

async fn summary(client: &centralita_tui::client::Client) -> centralita_protocol::InvoiceCounts {
    client
        .rpc
        .invoices_summary(context::current(), tenant())
        .await
        .expect("rpc")
        .expect("summary")
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}
