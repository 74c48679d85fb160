//! A glosa notice as text: a mail body or a PDF's text layer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: centralita_fuzz::prepare("glosas_text"),
    |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        let _ = centralita_glosas::notice::looks_like_notice(&text);
        let _ = centralita_glosas::notice::read_text(&text);
    }
);
