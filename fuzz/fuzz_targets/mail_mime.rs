//! A raw RFC 5322 message: MIME parsing, then the attachments that may be invoices (ZIP
//! archives opened), as a mailbox sync does.
//!
//! `parse_message` catches panics inside `mail-parser` on purpose (its debug assertions and
//! unchecked subtractions fire on malformed MIME, see `mail/src/mime/mod.rs`) and returns
//! `MailError::ParserFailed`; those are let through. Any other panic is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        centralita_fuzz::prepare("mail_mime");
        centralita_fuzz::allow_caught_panics_from("/mail-parser-");
    },
    |raw: &[u8]| {
        if let Ok(message) = centralita_mail::parse_message(raw) {
            let _ = centralita_mail::scan_attachments(&message);
        }
    }
);
