//! A Messenger webhook body, as the daemon hands it to the channels crate.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: centralita_fuzz::prepare("webhook_messenger"),
    |body: &[u8]| {
        let _ = centralita_channels::messenger::parse(body);
    }
);
