//! A Gmail REST answer body, read as each kind of answer the sync asks for, and as an error
//! body; a message's `raw` field is decoded as the sync does.
#![no_main]

use centralita_mail::gmail;
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: centralita_fuzz::prepare("mail_gmail"),
    |body: &[u8]| {
        if let Ok(message) = gmail::parse_message(body) {
            let _ = message.raw_bytes();
        }
        let _ = gmail::parse_message_list(body);
        if let Ok(history) = gmail::parse_history_list(body) {
            let _ = history.added_messages().count();
        }
        let _ = gmail::parse_label_list(body);
        let _ = gmail::parse_profile(body);
        let error = gmail::parse_error(400, body);
        let _ = error.classify(gmail::Call::HistoryList);
    }
);
