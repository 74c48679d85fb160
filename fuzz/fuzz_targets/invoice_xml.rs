//! An e-invoice XML document (UBL, DIAN AttachedDocument, CFDI, CII).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: centralita_fuzz::prepare("invoice_xml"),
    |bytes: &[u8]| {
        let _ = centralita_invoices::xml::read(bytes);
    }
);
