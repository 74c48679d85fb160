//! A Telegram Bot API webhook body (one `Update`), as the daemon hands it to the channels crate.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: centralita_fuzz::prepare("webhook_telegram"),
    |body: &[u8]| {
        let _ = centralita_channels::telegram::parse(body);
    }
);
