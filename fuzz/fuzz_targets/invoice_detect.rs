//! Any document sent as an invoice: what it is, from its bytes alone.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: centralita_fuzz::prepare("invoice_detect"),
    |bytes: &[u8]| {
        let _ = centralita_invoices::detect::detect(bytes);
    }
);
