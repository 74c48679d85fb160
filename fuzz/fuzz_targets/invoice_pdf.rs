//! A PDF sent as an invoice: the e-invoice XML embedded in it (Factur-X/ZUGFeRD).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: centralita_fuzz::prepare("invoice_pdf"),
    |pdf: &[u8]| {
        let _ = centralita_invoices::pdf::embedded_xml(pdf);
    }
);
