//! A config file's text: TOML into a `Config`, then validation.
//!
//! `parse` catches panics inside toml_edit on purpose (it panics on some malformed files, see
//! `config/src/load.rs`) and reports the file without line numbers; those are let through.
//! Any other panic is a finding.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        centralita_fuzz::prepare("config");
        centralita_fuzz::allow_caught_panics_from("/toml_edit-");
    },
    |bytes: &[u8]| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            let _ = centralita_config::parse(text, Path::new("config.toml"));
        }
    }
);
