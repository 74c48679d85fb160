//! A config file's text: TOML into a `Config`, then validation.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: centralita_fuzz::prepare("config"),
    |bytes: &[u8]| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            let _ = centralita_config::parse(text, Path::new("config.toml"));
        }
    }
);
