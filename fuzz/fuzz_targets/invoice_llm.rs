//! A chat-completions reply body from the LLM service, read for every field.
#![no_main]

use centralita_invoices::FieldName;
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: centralita_fuzz::prepare("invoice_llm"),
    |body: &[u8]| {
        let _ = centralita_invoices::llm::parse_response(body, &FieldName::ALL);
    }
);
